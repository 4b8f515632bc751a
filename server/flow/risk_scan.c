#include "risk_scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "messages.h"
#include "rules.h"

/* Decisions (moved here from h_risk.c with the code, unchanged):
 * - An intern is a student whose current placement is active; the facts are those of that
 *   placement, over the last RISK_WINDOW_DAYS, except earlier dropouts (ever).
 * - Absence: the reports of the absence record (ReportAbsence, any kind: sick included, as a
 *   run of sick days is the commonest early sign) that reach into the window; one report
 *   of several days counts once, as the supervisor or intern reported it once.
 * - Hours behind: only weeks that have an agenda are compared with the schedule, so that a
 *   missing week is counted once (as a missing agenda), not twice. */

static sl_status one_int(sqlite3_stmt *q, long *v)
{
    sl_status st = store_row(q);
    if (st != SL_OK)
        return st == SL_ENOTFOUND ? SL_EINTERNAL : st; /* aggregates always have their row */
    *v = (long)sqlite3_column_int64(q, 0);
    store_stmt_done(q);
    return SL_OK;
}

/* Absence reports of the student that end on or after `from` (YYYY-MM-DD). */
static sl_status count_absences(const risk_basis *b, const char *student_id, const char *from,
                                int *n)
{
    long v = 0;
    char today[11];
    sl_date_format(b->today, today);
    sl_status st = one_int(store_query(b->st,
                                       "SELECT count(*) FROM absences WHERE student_id = ?1 AND "
                                       "to_date >= ?2 AND from_date <= ?3",
                                       SB(student_id), SB(from), SB(today)),
                           &v);
    *n = (int)v;
    return st;
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

static sl_status load_basics(const risk_basis *b, const char *placement_id, placement_basics *pb)
{
    sqlite3_stmt *q = store_query(
        b->st,
        "SELECT p.start_date, s.support_need, coalesce((SELECT max(v.date) FROM visits v WHERE "
        "v.placement_id = p.id), ''), coalesce((SELECT sum(end_min - start_min - break_minutes) "
        "FROM placement_schedule WHERE placement_id = p.id), 0) FROM placements p JOIN "
        "students s ON s.id = p.student_id WHERE p.id = ?1",
        SB(placement_id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return st;
    snprintf(pb->start, sizeof pb->start, "%s", store_col(q, 0));
    pb->support = sqlite3_column_int(q, 1) != 0;
    snprintf(pb->last_visit, sizeof pb->last_visit, "%s", store_col(q, 2));
    pb->week_minutes = (long)sqlite3_column_int64(q, 3);
    store_stmt_done(q);
    return SL_OK;
}

/* The agenda facts: weeks from the later of the window's start and the placement's first
 * Monday up to the last week whose grace has passed. */
static sl_status agenda_facts(const risk_basis *b, const char *pid, const placement_basics *pb,
                              risk_input *in)
{
    sl_date start, today = b->today;
    if (!sl_date_parse(pb->start, &start))
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
    if ((st = one_int(store_query(b->st,
                                  "SELECT count(*) FROM agenda_weeks WHERE placement_id = ?1 "
                                  "AND week_start >= ?2 AND week_start <= ?3",
                                  SB(pid), SB(a), SB(z)),
                      &have)) != SL_OK ||
        (st = one_int(store_query(b->st,
                                  "SELECT count(*) FROM agenda_weeks WHERE placement_id = ?1 "
                                  "AND week_start >= ?2 AND week_start <= ?3 AND "
                                  "supervisor_signed_at IS NULL",
                                  SB(pid), SB(a), SB(z)),
                      &unsigned_weeks)) != SL_OK ||
        (st = one_int(store_query(b->st,
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
    in->minutes_expected = pb->week_minutes * have;
    return SL_OK;
}

/* The latest two assessments of the student, any placement: average x 10 = sum of the five
 * ratings x 2. */
static sl_status rating_facts(const risk_basis *b, const char *student_id, risk_input *in)
{
    sqlite3_stmt *q = store_query(b->st,
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

/* Days past the visit due date (0 when not overdue): the interval after the last visit (or
 * the start) counts school weeks, as the reviews due count it (scheduler.c). */
static sl_status visit_overdue_days(const risk_basis *b, const placement_basics *pb, int *late)
{
    sl_date last;
    *late = 0;
    if (!sl_date_parse(pb->last_visit[0] ? pb->last_visit : pb->start, &last) ||
        sl_date_compare(last, b->today) >= 0)
        return SL_OK;
    int interval =
        rules_visit_interval(pb->support, b->visit_interval_days, b->support_visit_interval_days);
    sl_date due; /* the one rule of when a visit is due, as the caseload and scheduler */
    sl_status st = calendar_visit_due_read(b->st, last, interval, &due);
    if (st != SL_OK)
        return st;
    int64_t days = sl_date_to_days(b->today) - sl_date_to_days(due);
    *late = days > 0 ? (int)days : 0;
    return SL_OK;
}

sl_status risk_scan_signal(const risk_basis *b, const char *student_id, const char *placement_id,
                           risk_result *out)
{
    risk_input in = {0};
    placement_basics pb;
    sl_status st = load_basics(b, placement_id, &pb);
    if (st != SL_OK)
        return st == SL_ENOTFOUND ? SL_EINTERNAL : st;
    char from[11];
    sl_date_format(sl_date_from_days(sl_date_to_days(b->today) - RISK_WINDOW_DAYS), from);
    long dropouts = 0;
    if ((st = count_absences(b, student_id, from, &in.absences)) != SL_OK ||
        (st = agenda_facts(b, placement_id, &pb, &in)) != SL_OK ||
        (st = rating_facts(b, student_id, &in)) != SL_OK ||
        (st = one_int(store_query(b->st, "SELECT count(*) FROM dropouts WHERE student_id = ?1",
                                  SB(student_id)),
                      &dropouts)) != SL_OK ||
        (st = visit_overdue_days(b, &pb, &in.visit_overdue_days)) != SL_OK)
        return st;
    in.earlier_dropouts = (int)dropouts;
    out->n = risk_assess(&in, out->reasons, &out->points);
    return SL_OK;
}

void risk_scan_reasons_line(const risk_result *res, char *out, size_t outlen)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < res->n && used < outlen; i++)
        used += (size_t)snprintf(out + used, outlen - used, "%s%s +%d", i ? ", " : "",
                                 res->reasons[i].id, res->reasons[i].points);
}

/* ---------------------------------------------------------------- the scan */

typedef struct {
    char sid[SL_ID_LEN + 1], pid[SL_ID_LEN + 1], class_id[SL_ID_LEN + 1];
} intern;

/* Every intern (a student whose current placement is active), in student id order, into a
 * growing array (caller frees *out). */
static sl_status load_interns(const risk_basis *b, intern **out, size_t *n)
{
    sqlite3_stmt *q = store_query(b->st,
                                  "SELECT s.id, p.id, coalesce(s.class_id, '') FROM students s "
                                  "JOIN student_current_placement cp ON cp.student_id = s.id "
                                  "JOIN placements p ON p.id = cp.placement_id WHERE p.status = "
                                  "?1 ORDER BY s.id",
                                  SB((int)STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE));
    if (!q)
        return SL_EINTERNAL;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    bool row;
    sl_status st;
    while ((st = store_next(q, &row)) == SL_OK && row) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            intern *v = realloc(*out, cap * sizeof *v);
            if (!v) {
                store_stmt_done(q);
                return SL_ENOMEM;
            }
            *out = v;
        }
        intern *x = &(*out)[(*n)++];
        snprintf(x->sid, sizeof x->sid, "%s", store_col(q, 0));
        snprintf(x->pid, sizeof x->pid, "%s", store_col(q, 1));
        snprintf(x->class_id, sizeof x->class_id, "%s", store_col(q, 2));
    }
    store_stmt_done(q);
    return st;
}

/* Whether the last scan saw the student above the threshold (false when never scanned). */
static sl_status was_above(const risk_basis *b, const char *sid, bool *above)
{
    sqlite3_stmt *q =
        store_query(b->st, "SELECT above FROM risk_scans WHERE student_id = ?1", SB(sid));
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

static sl_status scan_one(const risk_basis *b, const intern *x, risk_raise_fn raise, void *arg,
                          risk_tally *t)
{
    risk_result res;
    bool before;
    sl_status st;
    if ((st = risk_scan_signal(b, x->sid, x->pid, &res)) != SL_OK ||
        (st = was_above(b, x->sid, &before)) != SL_OK)
        return st;
    bool now_above = res.points >= b->threshold;
    t->above += now_above;
    st = store_exec(b->st, NULL,
                    "INSERT INTO risk_scans (student_id, points, above, scanned_at) VALUES (?1, "
                    "?2, ?3, ?4) ON CONFLICT (student_id) DO UPDATE SET points = excluded.points, "
                    "above = excluded.above, scanned_at = excluded.scanned_at",
                    SB(x->sid), SB(res.points), SB(now_above ? 1 : 0), SB(b->now));
    if (st != SL_OK || !now_above || before)
        return st;
    /* Once per crossing: the event names the reasons (rule ids and points), no personal
     * detail beyond them. */
    char line[512], points[16], summary[600];
    risk_scan_reasons_line(&res, line, sizeof line);
    snprintf(points, sizeof points, "%d", res.points);
    char *params[] = {points, line};
    const sl_message *m = sl_message_find(SL_MESSAGE_CODE(DET_EV_RISK));
    if (m)
        sl_message_english(m, (const char *const *)params, 2, summary, sizeof summary);
    else
        snprintf(summary, sizeof summary, "early warning: %d points (%s)", res.points, line);
    event_spec ev = {.topic = "risk",
                     .student_id = x->sid,
                     .placement_id = x->pid,
                     .class_id = x->class_id[0] ? x->class_id : NULL,
                     .summary = summary,
                     .coded = {.text = summary,
                               .code = m ? (char *)m->code : NULL,
                               .params = params,
                               .n_params = m ? 2 : 0}};
    t->crossed++;
    return raise(arg, &ev);
}

sl_status risk_scan_all(const risk_basis *b, risk_raise_fn raise, void *arg, risk_tally *tally)
{
    *tally = (risk_tally){0};
    intern *v = NULL;
    size_t n = 0;
    sl_status st = load_interns(b, &v, &n);
    for (size_t i = 0; st == SL_OK && i < n; i++)
        st = scan_one(b, &v[i], raise, arg, tally);
    free(v);
    if (st != SL_OK)
        return st;
    tally->interns = (uint32_t)n;
    /* A student who is no longer an intern starts afresh when placed again. */
    return store_exec(b->st, NULL, "DELETE FROM risk_scans WHERE scanned_at < ?1", SB(b->now));
}
