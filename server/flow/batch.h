/* The batch: group commit and the order of what follows it.
 *
 * Requests are dispatched as their frames arrive; a write runs in its own savepoint of the
 * open batch transaction on the write connection (store.c) and its packed reply is held here.
 * Once per loop pass the batch step runs (like Redis's beforeSleep): it ends the pass's read
 * snapshot and hands the open batch to the committer thread (COMMIT: one fsync for the whole
 * batch). When the commit is done, on the loop thread again: the held replies are written,
 * committed events are pushed, then the connections that were held back resume reading.
 *
 * While a commit is on disk the write connection belongs to the committer: writes wait (their
 * connections stop taking frames until the commit is done), and reads are answered at once
 * from the read connection's committed snapshot, unless their connection still waits for its
 * own writes, whose replies must come first (the read must also see them).
 *
 * Dispatch never commits and never re-enters a connection's parser: when the batch is full or
 * busy, connections simply stop taking frames until the step or the commit has run, so a
 * frame is never cut in half by a commit. Everything here runs on the event-loop thread. */
#ifndef SL_BATCH_H
#define SL_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <event2/event.h>

typedef struct sl_server sl_server;
typedef struct conn conn;
typedef struct batch batch;

/* NULL when out of memory or the committer thread cannot start. The batch step runs as a
 * zero-timeout event on `base`. The server's write store (srv->st) and read store
 * (srv->reader) must outlive the batch. */
batch *batch_new(sl_server *srv, struct event_base *base);
/* Finishes a commit in progress, drops held replies (their connections are being closed) and
 * cancels what waits for a commit; NULL-safe. */
void batch_free(batch *b);

/* Whether a commit is on disk: the write store must not be touched until it is done. */
bool batch_busy(const batch *b);
/* Runs fn(arg, false) once no commit is in progress (at once when none is), or
 * fn(arg, true) when the batch is freed first. For work that needs the write store and
 * cannot be refused, such as the second half of a login. */
void batch_after_commit(batch *b, void (*fn)(void *arg, bool cancelled), void *arg);
/* Marks that the read store has a snapshot open in this pass, which the step ends. */
void batch_note_read(batch *b);
/* Commits everything now, waiting for the disk: for shutdown. */
void batch_drain(batch *b);

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

/* The step: ends the read snapshot and starts the commit of the open batch; when nothing is
 * to be committed, resumes waiting connections. After the commit the held replies are written
 * (UNAVAILABLE for each when the commit failed), events pushed, connections resumed. Safe to
 * call at any time but from inside dispatch (it resumes parsers). */
void batch_step(batch *b);

#endif
