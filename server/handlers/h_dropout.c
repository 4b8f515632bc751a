/* Dropout (uitval op stage): the placement ends early, and the mentor must hear of it at all
 * times, so the event is written in the same transaction as the change. */
#include <stdio.h>
#include <string.h>

#include "events.h"
#include "factdate.h"
#include "handlers.h"
#include "names.h"
#include "placements.h"
#include "target.h"
#include "timeutil.h"

sl_status handle_report_dropout(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__ReportDropoutRequest *req = in->report_dropout;
    const placement_facts *pf = &r->target.placement;
    sl_status st = SL_OK;
    factdate_phase phase;
    if ((st = factdate_placement_phase(r, pf->id, &phase, NULL, NULL)) != SL_OK ||
        (st = factdate_require(r, "dropout", "date", req->date, phase, FACTDATE_RULE_PLACEMENT,
                               NULL)) != SL_OK)
        return st;
    if ((st = req_check_text(r, "reason", req->reason, true)) != SL_OK)
        return st;

    sl_id id = sl_id_new();
    st = store_exec(r->st, NULL,
                    "INSERT INTO dropouts (id, placement_id, student_id, date, reason, "
                    "reported_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    SB(id.s), SB(pf->id), SB(pf->student_id), SB(req->date), SB(req->reason),
                    SB(r->who->user_id), SB(r->now));
    if (st == SL_OK)
        st = placements_set_status(r->st, pf->id,
                                   STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ENDED_EARLY, r->now);
    /* The reason stays in the dropout record (school staff read it there); the event carries
     * no personal detail, because it travels to automated subscribers too. */
    event_spec ev = {.topic = "dropout",
                     .student_id = pf->student_id,
                     .placement_id = pf->id,
                     .company_id = pf->company_id,
                     .class_id = pf->class_id,
                     .summary = sl_arena_printf(r->arena, "dropout on %s, reported by %s",
                                                req->date, role_name(r->who->role))};
    if (st != SL_OK || (st = events_append(r, &ev)) != SL_OK ||
        (st = req_audit(r, "dropout.report", "placement", pf->id, id.s)) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_RECORD_THE_DROPOUT);

    Stagelijn__V1__Dropout *d = SL_ARENA_NEW(r->arena, Stagelijn__V1__Dropout);
    stagelijn__v1__dropout__init(d);
    d->id = sl_arena_strdup(r->arena, id.s);
    d->placement_id = sl_arena_strdup(r->arena, pf->id);
    d->student_id = sl_arena_strdup(r->arena, pf->student_id);
    d->date = sl_arena_strdup(r->arena, req->date);
    d->reason = sl_arena_strdup(r->arena, req->reason);
    d->reported_by = sl_arena_strdup(r->arena, r->who->user_id);
    d->created_at = SL_ARENA_ARRAY(r->arena, char, 32);
    sl_time_format_rfc3339(r->now, d->created_at);
    if ((st = names_of(r, NAME_STUDENT, d->student_id, &d->student_name)) != SL_OK ||
        (st = names_of(r, NAME_PLACEMENT_COMPANY, d->placement_id, &d->company_name)) != SL_OK ||
        (st = names_of(r, NAME_USER, d->reported_by, &d->reported_by_name)) != SL_OK)
        return st;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_DROPOUT;
    out->dropout = d;
    return SL_OK;
}
