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
 *   run on a read-only snapshot and an event must be written with its cause; the scheduler of
 *   issue 9 may call it on its clock. */
#include <stdio.h>
#include <string.h>

#include "collate.h"
#include "events.h"
#include "handlers.h"
#include "placement_rules.h"
#include "risk_signal.h"
#include "target.h"
#include "timeutil.h"

#define MAX_INTERNS 5000

int risk_threshold(const request *r)
{
    return (int)r->srv->cfg.risk_threshold;
}

static sl_status one_int(request *r, sqlite3_stmt *q, long *v);

/* Absence reports of the student that end on or after `from` (YYYY-MM-DD). */
static sl_status count_absences(request *r, const char *student_id, const char *from, int *n)
{
    long v = 0;
    char today[11];
    sl_date_format(r->today, today);
    sl_status st = one_int(r,
                           store_query(r->st,
                                       "SELECT count(*) FROM absences WHERE student_id = ?1 AND "
                                       "to_date >= ?2 AND from_date <= ?3",
                                       SB(student_id), SB(from), SB(today)),
                           &v);
    *n = (int)v;
    return st;
}

static sl_status one_int(request *r, sqlite3_stmt *q, long *v)
{
    (void)r;
    sl_status st = store_row(q);
    if (st != SL_OK)
        return st == SL_ENOTFOUND ? SL_EINTERNAL : st; /* aggregates always have their row */
    *v = (long)sqlite3_column_int64(q, 0);
    store_stmt_done(q);
    return SL_OK;
}

/* The Monday on or before d. */
static sl_date monday_of(sl_date d)
{
    return sl_date_from_days(sl_date_to_days(d) - (sl_date_weekday(d) - 1));
}

typedef struct {
    char start[11], last_visit[11];
    bool support;
    long week_minutes; /* the schedule's minutes in a week */
} placement_basics;

static sl_status load_basics(request *r, const char *placement_id, placement_basics *b)
{
    sqlite3_stmt *q = store_query(
        r->st,
        "SELECT p.start_date, s.support_need, coalesce((SELECT max(v.date) FROM visits v WHERE "
        "v.placement_id = p.id), ''), coalesce((SELECT sum(end_min - start_min - break_minutes) "
        "FROM placement_schedule WHERE placement_id = p.id), 0) FROM placements p JOIN "
        "students s ON s.id = p.student_id WHERE p.id = ?1",
        SB(placement_id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return st;
    snprintf(b->start, sizeof b->start, "%s", store_col(q, 0));
    b->support = sqlite3_column_int(q, 1) != 0;
    snprintf(b->last_visit, sizeof b->last_visit, "%s", store_col(q, 2));
    b->week_minutes = (long)sqlite3_column_int64(q, 3);
    store_stmt_done(q);
    return SL_OK;
}

/* The agenda facts: weeks from the later of the window's start and the placement's first
 * Monday up to the last week whose grace has passed. */
static sl_status agenda_facts(request *r, const char *pid, const placement_basics *b,
                              risk_input *in)
{
    sl_date start, today = r->today;
    if (!sl_date_parse(b->start, &start))
        return SL_EINTERNAL;
    sl_date first = monday_of(sl_date_from_days(sl_date_to_days(today) - RISK_WINDOW_DAYS));
    if (sl_date_compare(monday_of(start), first) > 0)
        first = monday_of(start);
    /* A week is due when its Sunday plus the grace lies before today. */
    sl_date last =
        monday_of(sl_date_from_days(sl_date_to_days(today) - 6 - RISK_AGENDA_GRACE_DAYS - 1));
    int64_t weeks = (sl_date_to_days(last) - sl_date_to_days(first)) / 7 + 1;
    if (weeks <= 0)
        return SL_OK;
    char a[11], z[11];
    sl_date_format(first, a);
    sl_date_format(last, z);
    long have = 0, unsigned_weeks = 0, minutes = 0;
    sl_status st;
    if ((st = one_int(r,
                      store_query(r->st,
                                  "SELECT count(*) FROM agenda_weeks WHERE placement_id = ?1 "
                                  "AND week_start >= ?2 AND week_start <= ?3",
                                  SB(pid), SB(a), SB(z)),
                      &have)) != SL_OK ||
        (st = one_int(r,
                      store_query(r->st,
                                  "SELECT count(*) FROM agenda_weeks WHERE placement_id = ?1 "
                                  "AND week_start >= ?2 AND week_start <= ?3 AND "
                                  "supervisor_signed_at IS NULL",
                                  SB(pid), SB(a), SB(z)),
                      &unsigned_weeks)) != SL_OK ||
        (st = one_int(r,
                      store_query(r->st,
                                  "SELECT coalesce(sum(d.minutes_worked), 0) FROM agenda_days "
                                  "d JOIN agenda_weeks w ON w.id = d.agenda_week_id WHERE "
                                  "w.placement_id = ?1 AND w.week_start >= ?2 AND "
                                  "w.week_start <= ?3",
                                  SB(pid), SB(a), SB(z)),
                      &minutes)) != SL_OK)
        return st;
    in->agenda_missing = have < weeks ? (int)(weeks - have) : 0;
    in->agenda_unsigned = (int)unsigned_weeks;
    in->minutes_recorded = minutes;
    in->minutes_expected = b->week_minutes * have;
    return SL_OK;
}

/* The latest two assessments of the student, any placement: average x 10 = sum of the five
 * ratings x 2. */
static sl_status rating_facts(request *r, const char *student_id, risk_input *in)
{
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT (a.persoonlijk + a.arbeid + a.sociaal + a.onderzoek + "
                                  "a.leren) * 2 FROM assessments a JOIN placements p ON p.id = "
                                  "a.placement_id WHERE p.student_id = ?1 ORDER BY a.created_at "
                                  "DESC, a.id DESC LIMIT 2",
                                  SB(student_id));
    if (!q)
        return SL_EINTERNAL;
    bool row;
    sl_status st;
    int k = 0;
    while ((st = store_next(q, &row)) == SL_OK && row) {
        if (k == 0)
            in->rating_latest_x10 = sqlite3_column_int(q, 0);
        else
            in->rating_previous_x10 = sqlite3_column_int(q, 0);
        k++;
    }
    store_stmt_done(q);
    return st;
}

sl_status risk_signal_of(request *r, const char *student_id, const char *placement_id,
                         risk_result *out)
{
    risk_input in = {0};
    placement_basics b;
    sl_status st = load_basics(r, placement_id, &b);
    if (st != SL_OK)
        return st == SL_ENOTFOUND ? SL_EINTERNAL : st;
    char from[11];
    sl_date_format(sl_date_from_days(sl_date_to_days(r->today) - RISK_WINDOW_DAYS), from);
    long dropouts = 0;
    if ((st = count_absences(r, student_id, from, &in.absences)) != SL_OK ||
        (st = agenda_facts(r, placement_id, &b, &in)) != SL_OK ||
        (st = rating_facts(r, student_id, &in)) != SL_OK ||
        (st = one_int(r,
                      store_query(r->st, "SELECT count(*) FROM dropouts WHERE student_id = ?1",
                                  SB(student_id)),
                      &dropouts)) != SL_OK)
        return st;
    in.earlier_dropouts = (int)dropouts;
    sl_date last;
    if (sl_date_parse(b.last_visit[0] ? b.last_visit : b.start, &last)) {
        int interval = rules_visit_interval(b.support, (int)r->srv->cfg.visit_interval_days,
                                            (int)r->srv->cfg.support_visit_interval_days);
        sl_date due = sl_date_of_rules(rules_visit_next_due(rules_date_of(last), interval));
        int64_t late = sl_date_to_days(r->today) - sl_date_to_days(due);
        in.visit_overdue_days = late > 0 ? (int)late : 0;
    }
    out->n = risk_assess(&in, out->reasons, &out->points);
    return SL_OK;
}

char *risk_reasons_line(request *r, const risk_result *res)
{
    char line[512] = "";
    size_t used = 0;
    for (int i = 0; i < res->n && used < sizeof line; i++)
        used += (size_t)snprintf(line + used, sizeof line - used, "%s%s +%d", i ? ", " : "",
                                 res->reasons[i].id, res->reasons[i].points);
    return sl_arena_strdup(r->arena, line);
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
        SB(student), SB(MAX_INTERNS));
    if (!q)
        return SL_EINTERNAL;
    *rows = SL_ARENA_ARRAY(r->arena, intern_row, MAX_INTERNS);
    *n = 0;
    bool row;
    sl_status st;
    while ((st = store_next(q, &row)) == SL_OK && row) {
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

/* Whether the last scan saw the student above the threshold (false when never scanned). */
static sl_status was_above(request *r, const char *sid, bool *above)
{
    sqlite3_stmt *q =
        store_query(r->st, "SELECT above FROM risk_scans WHERE student_id = ?1", SB(sid));
    sl_status st = store_row(q);
    *above = false;
    if (st == SL_ENOTFOUND)
        return SL_OK;
    if (st != SL_OK)
        return st;
    *above = sqlite3_column_int(q, 0) != 0;
    store_stmt_done(q);
    return SL_OK;
}

static sl_status scan_one(request *r, const intern_row *x, Stagelijn__V1__RiskScanReply *rep)
{
    risk_result res;
    bool before;
    sl_status st;
    if ((st = risk_signal_of(r, x->sid, x->pid, &res)) != SL_OK ||
        (st = was_above(r, x->sid, &before)) != SL_OK)
        return st;
    bool now_above = res.points >= risk_threshold(r);
    rep->above += now_above;
    st = store_exec(r->st, NULL,
                    "INSERT INTO risk_scans (student_id, points, above, scanned_at) VALUES (?1, "
                    "?2, ?3, ?4) ON CONFLICT (student_id) DO UPDATE SET points = excluded.points, "
                    "above = excluded.above, scanned_at = excluded.scanned_at",
                    SB(x->sid), SB(res.points), SB(now_above ? 1 : 0), SB(r->now));
    if (st != SL_OK || !now_above || before)
        return st;
    /* Once per crossing: the event names the reasons (rule ids and points), no personal
     * detail beyond them. */
    req_detail_text d = req_detail(r, DET_EV_RISK, res.points, risk_reasons_line(r, &res));
    event_spec ev = {.topic = "risk",
                     .student_id = x->sid,
                     .placement_id = x->pid,
                     .class_id = x->class_id[0] ? x->class_id : NULL,
                     .summary = d.text,
                     .coded = d};
    rep->crossed++;
    return events_append(r, &ev);
}

sl_status handle_risk_scan(request *r, const sl_envelope *in, sl_envelope *out)
{
    (void)in;
    intern_row *rows;
    size_t n;
    sl_status st = load_interns(r, "all", "", &rows, &n);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    Stagelijn__V1__RiskScanReply *rep = SL_ARENA_NEW(r->arena, Stagelijn__V1__RiskScanReply);
    stagelijn__v1__risk_scan_reply__init(rep);
    for (size_t i = 0; i < n; i++)
        if ((st = scan_one(r, &rows[i], rep)) != SL_OK)
            return req_fail_code(r, st, MSG_CANNOT_SCAN_RISK);
    rep->interns = (uint32_t)n;
    /* A student who is no longer an intern starts afresh when placed again. */
    if ((st = store_exec(r->st, NULL, "DELETE FROM risk_scans WHERE scanned_at < ?1",
                         SB(r->now))) != SL_OK ||
        (st = req_audit(r, "risk.scan", "school", "", "")) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_SCAN_RISK);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_RISK_SCAN_REPLY;
    out->risk_scan_reply = rep;
    return SL_OK;
}
