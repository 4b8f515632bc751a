/* The committer: one thread that runs the batch's COMMIT (the fsync, and SQLite's automatic
 * WAL checkpoints that ride on it) off the event loop, so that reads are answered from the
 * read connection while a commit is on disk.
 *
 * Ownership of the write connection moves with the commit: from committer_start() until the
 * done callback runs, only the committer thread touches the store passed in; the loop thread
 * must not use it (batch.c enforces that by holding back every write meanwhile). */
#ifndef SL_COMMITTER_H
#define SL_COMMITTER_H

#include <event2/event.h>

#include "sl_error.h"
#include "store.h"

typedef struct committer committer;

/* Called on the loop thread with the commit's outcome (SL_OK, or the failure after which the
 * whole batch was rolled back). */
typedef void (*committer_done_fn)(void *arg, sl_status result);

/* Starts the thread. NULL on failure. */
committer *committer_new(struct event_base *base, committer_done_fn done, void *arg);
/* Waits for a commit in progress (its callback does not run), stops the thread; NULL-safe. */
void committer_free(committer *c);

/* Hands the open batch of `st` to the thread. At most one commit at a time: false when one is
 * already running. */
bool committer_start(committer *c, store *st);
/* Blocks until a running commit has finished and runs its callback; for shutdown. */
void committer_wait(committer *c);

#endif
