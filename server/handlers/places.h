/* The places a placement holds, and its preconditions, checked where they are consumed.
 *
 * A placement holds one of its company's places (and one of its supervision places) and books
 * the student's days from SIGNED on until it ends (lifecycle_holds_place). The facts are read
 * here and judged by lifecycle_check_holding (pure); this module is called at every
 * transition into a holding state (the last signature, activation), at the contract (the
 * introductory meeting) and when a placement is planned (CreatePlacement), so that no path
 * into a state skips them. docs/rules.md, "Capacity and preconditions". */
#ifndef SL_PLACES_H
#define SL_PLACES_H

#include "dispatch.h"
#include "lifecycle.h"
#include "placement_rules.h"

/* A placement as the checks see it. `id` is "" for one not made yet; `weekdays` has bit d set
 * for each scheduled ISO weekday d (1..7); dates are YYYY-MM-DD. */
typedef struct {
    const char *id, *student_id, *company_id;
    int kind;
    const char *start_date, *end_date;
    unsigned weekdays;
} places_plan;

/* Checks `p` at `moment`. Errors are recorded as violations in r and give SL_EPRECOND;
 * warnings are appended to w[] (*n_w in/out, capacity PLACEMENT_MAX_WARNINGS). The store's
 * error (with r->errmsg) when a query failed. */
sl_status places_check(request *r, const places_plan *p, lc_hold_moment moment,
                       placement_warning *w, size_t *n_w);

/* The same for a stored placement: reads its plan, checks it, and stores new warnings with the
 * placement (a warning already stored, accepted or not, stays as it is; an unaccepted
 * introductory-meeting warning is removed once the meeting is recorded). */
sl_status places_check_stored(request *r, const char *placement_id, lc_hold_moment moment);

#endif
