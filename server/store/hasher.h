/* Password verification off the event-loop thread. scrypt at the default cost takes over
 * 100 ms; done on the loop, every login would stall every other client for that long, and a
 * stream of bad logins would stall the server. Worker threads verify; the loop thread gets the
 * result through a pipe and continues the request. */
#ifndef SL_HASHER_H
#define SL_HASHER_H

#include <stdbool.h>

#include <event2/event.h>

typedef struct hasher hasher;

/* Called on the loop thread. `cancelled` is true when the hasher is being freed before the
 * job ran: release what `arg` holds and answer nothing. */
typedef void (*hasher_done_fn)(void *arg, bool verified, bool cancelled);

/* Starts `threads` workers (1..16) with room for `max_backlog` jobs queued or running (at
 * least 1). NULL on failure. */
hasher *hasher_new(struct event_base *base, int threads, int max_backlog);
/* Stops the workers, then calls every unfinished job's callback with cancelled = true. */
void hasher_free(hasher *h);

/* Queues a verification of `password` against `stored` (both copied). False when max_backlog
 * jobs are queued or running (the caller answers RESOURCE_EXHAUSTED) or memory ran out. The
 * caller applies any finer admission (per address) before. */
bool hasher_verify(hasher *h, const char *password, const char *stored, hasher_done_fn done,
                   void *arg);

/* Jobs queued or running, for metrics. */
int hasher_backlog(hasher *h);

#endif
