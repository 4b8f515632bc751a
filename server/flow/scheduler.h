/* The reviews-due scheduler (issue 9): on the daemon's one clock (sl_now_unix, shifted by
 * clock_offset_seconds), once at start (catching up after downtime) and then every
 * scheduler_interval_seconds, it looks for what has fallen due (pure/due.c decides) and
 * raises a review_due event per due item exactly once: the item is a row of due_items with
 * a unique (kind, subject, due_key), written with its event in one savepoint of the open
 * batch, so it commits with the batch like every write and is pushed after the commit.
 * A pass raises at most scheduler_max_items and looks at scheduler_max_placements
 * placements; when it was cut, the next pass follows at once (in a later loop pass, after
 * the commit), so a large school never holds the loop for long. Once a day, after a finished
 * round, it also runs the early-warning scan in full (risk_scan.c). Everything runs on the
 * loop thread. */
#ifndef SL_SCHEDULER_H
#define SL_SCHEDULER_H

#include <stdbool.h>

#include "ids.h"

typedef struct sl_server sl_server;
typedef struct scheduler scheduler;

/* Starts the timer: the first pass runs as soon as the loop runs. NULL when out of memory
 * or the timer cannot be set. srv's store, batch and base must outlive it. */
scheduler *scheduler_new(sl_server *srv);
/* Stops the timer; a pass queued behind a commit is cancelled by the batch's own free,
 * which must therefore run first. NULL-safe. */
void scheduler_free(scheduler *s);

/* One pass now, on the write store's open batch: the number of items raised, or -1 when the
 * store failed (nothing of the pass is kept then, and the cursor stays). A round looks at
 * every ACTIVE placement in id order, max_placements a pass, then at the aftercare and the
 * group sessions; `cursor` ("" at the start of a round; SL_ID_LEN + 1 bytes) says where the
 * round goes on and is updated. *cut: the round is not finished (max_items raised, or
 * placements left), the next pass should follow at once. The write store must not be busy
 * with the committer (batch_after_commit makes sure). */
int scheduler_pass(sl_server *srv, int max_items, int max_placements, char cursor[SL_ID_LEN + 1],
                   bool *cut);

/* The early-warning scan in full (flow/risk_scan.c) on the scheduler's clock, in its own
 * savepoint of the write store's open batch: a "risk" event (no actor) for each intern who
 * crossed the threshold since the previous scan. The timer runs it once a day (at start and
 * on the first pass of each new day). Returns the number of crossings, or -1 when the store
 * failed (nothing of it is kept then). The write store must not be busy with the committer. */
int scheduler_risk_scan(sl_server *srv);

#endif
