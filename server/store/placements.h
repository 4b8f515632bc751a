/* The one place that writes the placements table: a new placement with its schedule facts,
 * and every change of status (the lifecycle's moves, a dropout). Reads stay with the
 * requests that need them; what "the current placement of a student" is, is one view,
 * student_current_placement (migration 010): the one that started last. */
#ifndef SL_PLACEMENTS_H
#define SL_PLACEMENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "sl_error.h"
#include "store.h"

/* A new placement's row. Strings are the caller's; 0 for `sector` stores no sector;
 * `days_since_pesticide` < 0 stores none. */
typedef struct {
    const char *id, *student_id, *company_id, *supervisor_id, *coach_id;
    int kind, status, sector;
    const char *start_date, *end_date; /* YYYY-MM-DD */
    /* What the work involves (the kinds of work forbidden or limited for minors). */
    bool prohibited_for_minors, risky, cash_register, psychosocial_load, fixed_posture,
        expert_supervision;
    int lift_kg, push_pull_kgf; /* kg, kg-force */
    int days_since_pesticide;
    int sunday_ground;
} placement_row;

/* Inserts the row at `now` (unix seconds), in the caller's transaction. The store's status:
 * SL_EEXISTS for a duplicate id, SL_EINVAL for a reference that does not exist. */
sl_status placements_insert(store *st, const placement_row *p, int64_t now);

/* Sets a placement's status (numbers of the wire's PlacementStatus) at `now`. SL_ENOTFOUND
 * when there is no such placement. */
sl_status placements_set_status(store *st, const char *id, int status, int64_t now);

#endif
