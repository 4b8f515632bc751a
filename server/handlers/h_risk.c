/* Early warning (issue 9): the risk signal per intern, listed with its reasons, and the scan
 * that raises one "risk" event per crossing of the threshold. The weights are in
 * server/pure/risk.h and docs/rules.md ("Early warning").
 *
 * Decisions where the issue leaves room:
 * - An intern is a student whose current placement is active; the facts are those of that
 *   placement, over the last RISK_WINDOW_DAYS, except earlier dropouts (ever).
 * - Absence: the reports of the absence record (ReportAbsence, any kind: sick included, as a
 *   run of sick days is the commonest early sign) that reach into the window; one report
 *   of several days counts once, as the supervisor or intern reported it once.
 * - Hours behind: only weeks that have an agenda are compared with the schedule, so that a
 *   missing week is counted once (as a missing agenda), not twice.
 * - The scan is a request (`stagelijn warning scan`, for a coach or a cron job) because reads
 *   run on a read-only snapshot and an event must be written with its cause; the scheduler
 *   runs the same scan (flow/risk_scan.c) once a day on its own clock. */
#include <stdio.h>
#include <string.h>

#include "collate.h"
#include "events.h"
#include "handlers.h"
#include "risk_signal.h"
#include "target.h"
#include "timeutil.h"

#define MAX_INTERNS 5000

int risk_threshold(const request *r)
{
    return (int)r->srv->cfg.risk_threshold;
}

/* The request's clock and the daemon's settings, for the core (flow/risk_scan.c). */
static risk_basis basis_of(request *r)
{
    const sl_config *cfg = &r->srv->cfg;
    return (risk_basis){r->st,
                        r->now,
                        r->today,
                        (int)cfg->visit_interval_days,
                        (int)cfg->support_visit_interval_days,
                        risk_threshold(r)};
}

sl_status risk_signal_of(request *r, const char *student_id, const char *placement_id,
                         risk_result *out)
{
    risk_basis b = basis_of(r);
    return risk_scan_signal(&b, student_id, placement_id, out);
}

char *risk_reasons_line(request *r, const risk_result *res)
{
    char line[512];
    risk_scan_reasons_line(res, line, sizeof line);
    return sl_arena_strdup(r->arena, line);
}

Stagelijn__V1__RiskReason **risk_reason_msgs(request *r, const risk_result *res, size_t *n)
{
    Stagelijn__V1__RiskReason **out =
        SL_ARENA_ARRAY(r->arena, Stagelijn__V1__RiskReason *, RISK_MAX_REASONS);
    *n = 0;
    for (int i = 0; i < res->n && i < RISK_MAX_REASONS; i++) {
        Stagelijn__V1__RiskReason *m = SL_ARENA_NEW(r->arena, Stagelijn__V1__RiskReason);
        stagelijn__v1__risk_reason__init(m);
        m->reason = (char *)res->reasons[i].id;
        m->points = (uint32_t)res->reasons[i].points;
        m->value = res->reasons[i].value;
        out[(*n)++] = m;
    }
    return out;
}

/* ---------------------------------------------------------------- the list */

typedef struct {
    char *sid, *pid, *sname, *cname, *klass, *class_id;
} intern_row;

/* The interns the caller may see (scope word), optionally one student; at most MAX_INTERNS,
 * in name order. */
static sl_status load_interns(request *r, const char *scope, const char *student, intern_row **rows,
                              size_t *n)
{
    sqlite3_stmt *q = store_query(
        r->st,
        "SELECT s.id, p.id, " SQL_STUDENT_NAME(
            "s") ", coalesce(co.name, ''), coalesce(k.name, ''), coalesce(s.class_id, '') FROM "
                 "students s JOIN student_current_placement cp ON cp.student_id = s.id JOIN "
                 "placements p ON p.id = cp.placement_id LEFT JOIN companies co ON co.id = "
                 "p.company_id LEFT JOIN classes k ON k.id = s.class_id WHERE p.status = ?1 AND "
                 "(?2 = 'all' OR (?2 = 'class' AND k.mentor_id = ?3)) AND (?4 = '' OR s.id = "
                 "?4) ORDER BY " SQL_STUDENT_ORDER("s") " LIMIT ?5",
        SB((int)STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE), SB(scope), SB(r->who->user_id),
        SB(student), SB(MAX_INTERNS + 1));
    if (!q)
        return SL_EINTERNAL;
    *rows = SL_ARENA_ARRAY(r->arena, intern_row, MAX_INTERNS);
    *n = 0;
    bool row;
    sl_status st;
    while ((st = store_next(q, &row)) == SL_OK && row) {
        if (*n == MAX_INTERNS) {
            r->list_cap = MAX_INTERNS; /* labels: the client says the list was cut */
            break;
        }
        intern_row *x = &(*rows)[(*n)++];
        x->sid = sl_arena_strdup(r->arena, store_col(q, 0));
        x->pid = sl_arena_strdup(r->arena, store_col(q, 1));
        x->sname = sl_arena_strdup(r->arena, store_col(q, 2));
        x->cname = sl_arena_strdup(r->arena, store_col(q, 3));
        x->klass = sl_arena_strdup(r->arena, store_col(q, 4));
        x->class_id = sl_arena_strdup(r->arena, store_col(q, 5));
    }
    store_stmt_done(q);
    return st;
}

static Stagelijn__V1__RiskSignal *signal_msg(request *r, const intern_row *x,
                                             const risk_result *res)
{
    Stagelijn__V1__RiskSignal *s = SL_ARENA_NEW(r->arena, Stagelijn__V1__RiskSignal);
    stagelijn__v1__risk_signal__init(s);
    s->student_id = x->sid;
    s->student_name = x->sname;
    s->class_name = x->klass;
    s->company_name = x->cname;
    s->points = (uint32_t)res->points;
    s->above_threshold = res->points >= risk_threshold(r);
    s->reasons = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__RiskReason *, RISK_MAX_REASONS);
    for (int i = 0; i < res->n; i++) {
        Stagelijn__V1__RiskReason *m = SL_ARENA_NEW(r->arena, Stagelijn__V1__RiskReason);
        stagelijn__v1__risk_reason__init(m);
        m->reason = (char *)res->reasons[i].id;
        m->points = (uint32_t)res->reasons[i].points;
        m->value = res->reasons[i].value;
        s->reasons[s->n_reasons++] = m;
    }
    s->reasons_text = risk_reasons_line(r, res);
    return s;
}

/* Stable insertion sort: highest points first, name order (the query's) among equals. */
static void sort_signals(Stagelijn__V1__RiskSignal **s, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        Stagelijn__V1__RiskSignal *x = s[i];
        size_t j = i;
        for (; j > 0 && x->points > s[j - 1]->points; j--)
            s[j] = s[j - 1];
        s[j] = x;
    }
}

sl_status handle_risk_signals(request *r, const sl_envelope *in, sl_envelope *out)
{
    const char *student = in->risk_signals->student_id ? in->risk_signals->student_id : "";
    sl_status st;
    if (student[0] && (st = req_check_id(r, "student_id", student)) != SL_OK)
        return st;
    intern_row *rows;
    size_t n;
    if ((st = load_interns(r, scope_word(r->target.scope), student, &rows, &n)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    Stagelijn__V1__RiskSignalsReply *rep = SL_ARENA_NEW(r->arena, Stagelijn__V1__RiskSignalsReply);
    stagelijn__v1__risk_signals_reply__init(rep);
    rep->threshold = (uint32_t)risk_threshold(r);
    rep->signals = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__RiskSignal *, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        risk_result res;
        if ((st = risk_signal_of(r, rows[i].sid, rows[i].pid, &res)) != SL_OK)
            return req_fail_code(r, st, MSG_DATABASE_ERROR);
        rep->signals[rep->n_signals++] = signal_msg(r, &rows[i], &res);
    }
    rep->total = (uint32_t)n;
    sort_signals(rep->signals, rep->n_signals);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_RISK_SIGNALS_REPLY;
    out->risk_signals_reply = rep;
    return SL_OK;
}

/* ---------------------------------------------------------------- the scan */

/* A crossing's event, written with the requester as its actor. */
static sl_status raise_as_request(void *arg, const event_spec *ev)
{
    return events_append(arg, ev);
}

sl_status handle_risk_scan(request *r, const sl_envelope *in, sl_envelope *out)
{
    (void)in;
    risk_basis b = basis_of(r);
    risk_tally t;
    sl_status st = risk_scan_all(&b, raise_as_request, r, &t);
    if (st != SL_OK || (st = req_audit(r, "risk.scan", "school", "", "")) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_SCAN_RISK);
    Stagelijn__V1__RiskScanReply *rep = SL_ARENA_NEW(r->arena, Stagelijn__V1__RiskScanReply);
    stagelijn__v1__risk_scan_reply__init(rep);
    rep->interns = t.interns;
    rep->above = t.above;
    rep->crossed = t.crossed;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_RISK_SCAN_REPLY;
    out->risk_scan_reply = rep;
    return SL_OK;
}
