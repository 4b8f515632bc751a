#include "placements.h"

#include <stdio.h>

sl_status placements_insert(store *st, const placement_row *p, int64_t now)
{
    sl_status r = store_exec(st, NULL,
                             "INSERT INTO placements (id, student_id, company_id, supervisor_id, "
                             "coach_id, kind, status, sector, start_date, end_date, created_at, "
                             "updated_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?11)",
                             SB(p->id), SB(p->student_id), SB(p->company_id), SB(p->supervisor_id),
                             SB(p->coach_id), SB(p->kind), SB(p->status), SB_ZERO_NULL(p->sector),
                             SB(p->start_date), SB(p->end_date), SB(now));
    if (r != SL_OK)
        return r;
    /* Stored as text: "unknown" (NULL) differs from day 0. */
    char pesticide[16];
    snprintf(pesticide, sizeof pesticide, "%d", p->days_since_pesticide);
    return store_exec(st, NULL,
                      "UPDATE placements SET prohibited_for_minors = ?2, risky = ?3, "
                      "cash_register = ?4, lift_kg = ?5, push_pull_kgf = ?6, "
                      "psychosocial_load = ?7, fixed_posture = ?8, days_since_pesticide = ?9, "
                      "expert_supervision = ?10, sunday_ground = ?11 WHERE id = ?1",
                      SB(p->id), SB(p->prohibited_for_minors), SB(p->risky), SB(p->cash_register),
                      SB(p->lift_kg), SB(p->push_pull_kgf), SB(p->psychosocial_load),
                      SB(p->fixed_posture),
                      SB(p->days_since_pesticide < 0 ? (const char *)NULL : pesticide),
                      SB(p->expert_supervision), SB(p->sunday_ground));
}

sl_status placements_set_status(store *st, const char *id, int status, int64_t now)
{
    int changed = 0;
    sl_status r =
        store_exec(st, &changed, "UPDATE placements SET status = ?2, updated_at = ?3 WHERE id = ?1",
                   SB(id), SB(status), SB(now));
    if (r == SL_OK && changed == 0)
        return SL_ENOTFOUND;
    return r;
}
