/* The batch: group commit and the order of what follows it.
 *
 * Requests are dispatched as their frames arrive; a write runs in its own savepoint of the
 * open batch transaction (store.c) and its packed reply is held here. Once per loop pass the
 * batch step runs (like Redis's beforeSleep): COMMIT (one fsync for the whole batch), then
 * the held replies are written, then committed events are pushed, then the connections that
 * were held back resume reading. Dispatch never commits and never re-enters a connection's
 * parser: when the batch is full, connections simply stop taking frames (batch_full) until
 * the step has run, so a frame is never cut in half by a commit.
 *
 * Everything here runs on the event-loop thread. */
#ifndef SL_BATCH_H
#define SL_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <event2/event.h>

typedef struct sl_server sl_server;
typedef struct conn conn;
typedef struct batch batch;

/* NULL when out of memory. The batch step runs as a zero-timeout event on `base`. */
batch *batch_new(sl_server *srv, struct event_base *base);
/* Drops held replies (their connections are being closed); NULL-safe. */
void batch_free(batch *b);

/* Holds a packed reply (takes ownership of frame) until the open batch is durable; takes a
 * reference on c and counts it in c->inflight. */
void batch_hold_reply(batch *b, conn *c, uint64_t request_id, uint8_t *frame, size_t len);
/* Makes sure the step runs at the end of this loop pass. */
void batch_schedule(batch *b);
/* Whether the batch holds max_batch replies: connections take no more frames until the step
 * has run. */
bool batch_full(const batch *b);
/* Records that c stopped taking frames because the batch was full, so the step resumes it
 * (takes a reference; once per connection). */
void batch_wait(batch *b, conn *c);
/* Number of replies held. */
size_t batch_held(const batch *b);

/* The step: commit, write the held replies (UNAVAILABLE for each when the commit failed),
 * push events, resume waiting connections. Safe to call when nothing is open. Must not be
 * called from inside dispatch (it resumes parsers). */
void batch_step(batch *b);

#endif
