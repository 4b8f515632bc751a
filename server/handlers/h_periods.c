/* Years 4/5 and Entree: the practical assignments of the three periods, the Entree hours
 * toward 650, the binding study advice in December and the practical exam in May.
 *
 * The interim assessment per period is SubmitAssessment with kind INTERIM and its period
 * (h_progress.c); nothing here duplicates it.
 *
 * Decisions where the plan leaves room (plan 2.2, Entree; docs/rules.md):
 * - The Entree hours count per school year: the school_years row containing today, or,
 *   when the school has not defined one, 1 August to 31 July containing today.
 * - The 650 h must be made by the exam check in May: the deadline is 15 May of the school
 *   year's end year; holidays between today and then are no time to catch up.
 * - The plan gives the binding study advice "in de maand december": an advice dated outside
 *   December is refused (BSA_DECEMBER), one per student per December.
 * - The plan holds the practical exam "in de maand mei" of the Entree year: a session dated
 *   outside May of the current school year is refused (EXAM_MAY). */
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "events.h"
#include "factdate.h"
#include "handlers.h"
#include "names.h"
#include "placement_rules.h"
#include "rules.h"
#include "target.h"
#include "timeutil.h"

#define MAX_ASSIGNMENTS 64 /* 3 periods x 2, with room for old rows */
#define MAX_HOLIDAYS 64
#define ENTREE_YEAR 6
#define DEADLINE_MONTH 5
#define DEADLINE_DAY 15

static sl_date days_to_date(int64_t days)
{
    return sl_date_from_days(days);
}

static char *fmt_date(request *r, sl_date d)
{
    char *buf = SL_ARENA_ARRAY(r->arena, char, 11);
    sl_date_format(d, buf);
    return buf;
}

/* Years 4/5 and Entree: 3 periods of 2 practical assignments. Year 3 (individual and group
 * internships): the assignments of the year-3 exam portfolio, in the same slots (the thirds
 * of the internship, 2 each), so that one table and one status order serve both. */
static bool kind_has_periods(int kind)
{
    return kind == STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_1 ||
           kind == STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_2 ||
           kind == STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_GROUP ||
           kind == STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR ||
           kind == STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_ENTREE ||
           kind == STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_DUAL;
}

static bool kind_is_entree(int kind)
{
    return kind == STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_ENTREE ||
           kind == STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_DUAL;
}

static sl_status placement_kind(request *r, const char *placement_id, int *kind)
{
    sqlite3_stmt *q =
        store_query(r->st, "SELECT kind FROM placements WHERE id = ?1", SB(placement_id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_PLACEMENT_VANISHED);
    *kind = sqlite3_column_int(q, 0);
    store_stmt_done(q);
    return SL_OK;
}

static sl_status student_school_year(request *r, const char *student_id, int *year)
{
    sqlite3_stmt *q =
        store_query(r->st, "SELECT school_year FROM students WHERE id = ?1", SB(student_id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_STUDENT_VANISHED);
    *year = sqlite3_column_int(q, 0);
    store_stmt_done(q);
    return SL_OK;
}

/* Copies a rule report into reply violations (findings, not refusals). */
static void report_to_list(request *r, const rule_report *rep, Stagelijn__V1__RuleViolation ***out,
                           size_t *n)
{
    *out = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__RuleViolation *,
                          rep->count > 0 ? (size_t)rep->count : 1);
    *n = 0;
    for (int i = 0; i < rep->count; i++) {
        Stagelijn__V1__RuleViolation *v = req_violation_new(r, &rep->items[i]);
        v->warning = rep->items[i].severity == RULE_WARNING;
        (*out)[(*n)++] = v;
    }
}

/* ---------------------------------------------------------------- the school year */

typedef struct {
    char id[SL_ID_LEN + 1]; /* "" when the school has not defined the year */
    sl_date start, end;
} school_year;

/* The school year of `today`, derived (August to July) when the school has not defined it;
 * the store's error when the query failed. */
static sl_status current_school_year(request *r, sl_date today, school_year *y)
{
    y->id[0] = '\0';
    sl_status st = calendar_school_year_of(r->st, today, y->id, &y->start, &y->end);
    if (st != SL_ENOTFOUND)
        return st;
    y->id[0] = '\0';
    int first = today.m >= 8 ? today.y : today.y - 1;
    y->start = (sl_date){first, 8, 1};
    y->end = (sl_date){first + 1, 7, 31};
    return SL_OK;
}

/* Calendar days of the school year's holidays that fall in [from, to] into *days (counted by
 * calendar_holiday_days, as the scheduler counts them); SL_EINTERNAL for stored dates that do
 * not parse, the store's error when the query failed. */
static sl_status holiday_days(request *r, const school_year *y, sl_date from, sl_date to, int *days)
{
    *days = 0;
    if (!y->id[0] || sl_date_compare(from, to) > 0)
        return SL_OK;
    calendar_holiday h[MAX_HOLIDAYS];
    size_t n;
    sl_status st = calendar_holidays_between(r->st, from, to, h, MAX_HOLIDAYS, &n);
    if (st != SL_OK)
        return st;
    *days = (int)calendar_holiday_days(h, n, from, to);
    return SL_OK;
}

/* ---------------------------------------------------------------- Entree hours */

typedef struct {
    sl_date today, deadline;
    school_year year;
    long minutes_done;
    int days_off;
    double average_week_hours;
    long average_week_minutes; /* whole minutes, rounded down: never up across 21:00 */
    bool weeks_elapsed;        /* at least one day of the internship lies before this week */
    bool week_norm_met;        /* on average at least 21 h a week over the elapsed weeks */
    bool internship_passed;    /* latest END assessment of an Entree placement is positive */
} entree_facts;

/* Minutes on agenda days of the student's Entree and dual placements in [from, to] into
 * *minutes; the store's error when the query failed. */
static sl_status entree_minutes(request *r, const char *student_id, sl_date from, sl_date to,
                                long *minutes)
{
    char a[11], b[11];
    sl_date_format(from, a);
    sl_date_format(to, b);
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT coalesce(sum(d.minutes_worked), 0) FROM agenda_days d "
                                  "JOIN agenda_weeks w ON w.id = d.agenda_week_id "
                                  "JOIN placements p ON p.id = w.placement_id "
                                  "WHERE p.student_id = ?1 AND p.kind IN (7, 8) "
                                  "AND d.date >= ?2 AND d.date <= ?3",
                                  SB(student_id), SB(a), SB(b));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return st; /* an aggregate always has its row */
    *minutes = (long)sqlite3_column_int64(q, 0);
    store_stmt_done(q);
    return SL_OK;
}

/* The plan: the internship (or work period) completed "met een voldoende". The latest END
 * assessment counts, so a retaken assessment replaces a negative one. */
#define PASSED_SQL                                                                                 \
    "(SELECT a.verdict FROM assessments a WHERE a.placement_id = p.id AND a.kind = 2 "             \
    "ORDER BY a.date DESC, a.created_at DESC, a.rowid DESC LIMIT 1) = 2"

/* *passed as above; the store's error when the query failed. */
static sl_status placement_passed(request *r, const char *placement_id, bool *passed)
{
    sl_status st = store_exists(r->st, "SELECT 1 FROM placements p WHERE p.id = ?1 AND " PASSED_SQL,
                                SB(placement_id));
    *passed = st == SL_OK;
    return st == SL_ENOTFOUND ? SL_OK : st;
}

/* The facts of the Entree rules for the student; the store's error when a query failed (the
 * rules are never applied to part of the facts). */
static sl_status entree_gather(request *r, const char *student_id, entree_facts *f)
{
    sl_status st;
    memset(f, 0, sizeof *f);
    f->today = r->today;
    if ((st = current_school_year(r, f->today, &f->year)) != SL_OK)
        return st;
    f->deadline = (sl_date){f->year.end.y, DEADLINE_MONTH, DEADLINE_DAY};
    sl_date end = sl_date_compare(f->today, f->year.end) < 0 ? f->today : f->year.end;
    if ((st = entree_minutes(r, student_id, f->year.start, end, &f->minutes_done)) != SL_OK ||
        (st = holiday_days(r, &f->year, days_to_date(sl_date_to_days(f->today) + 1), f->deadline,
                           &f->days_off)) != SL_OK)
        return st;

    char ys[11], ye[11];
    sl_date_format(f->year.start, ys);
    sl_date_format(f->year.end, ye);
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT min(p.start_date), max(" PASSED_SQL ") FROM placements p "
                                  "WHERE p.student_id = ?1 AND p.kind IN (7, 8) AND "
                                  "p.end_date >= ?2 AND p.start_date <= ?3",
                                  SB(student_id), SB(ys), SB(ye));
    sl_date first = {0, 0, 0};
    bool have_first = false;
    if ((st = store_row(q)) != SL_OK)
        return st; /* an aggregate always has its row */
    have_first = sl_date_parse(store_col(q, 0), &first);
    f->internship_passed = sqlite3_column_int(q, 1) == 1;
    store_stmt_done(q);
    if (!have_first)
        return SL_OK;
    /* Complete weeks only: the current week is still being worked. */
    if (sl_date_compare(first, f->year.start) < 0)
        first = f->year.start;
    int64_t monday = sl_date_to_days(f->today) - (sl_date_weekday(f->today) - 1);
    int64_t from = sl_date_to_days(first);
    if (monday <= from)
        return SL_OK;
    sl_date last = days_to_date(monday - 1);
    int off;
    if ((st = holiday_days(r, &f->year, first, last, &off)) != SL_OK)
        return st;
    long days = (long)(monday - from) - off;
    if (days <= 0)
        return SL_OK;
    long minutes;
    if ((st = entree_minutes(r, student_id, first, last, &minutes)) != SL_OK)
        return st;
    f->weeks_elapsed = true;
    f->average_week_hours = (double)minutes / 60.0 / ((double)days / 7.0);
    f->average_week_minutes = minutes * 7 / days;
    /* In integers, so that exactly 21:00 a week is never lost to rounding. */
    f->week_norm_met = (long long)minutes * 7 >= (long long)RULES_ENTREE_MIN_WEEK_MINUTES * days;
    return SL_OK;
}

sl_status handle_get_entree_progress(request *r, const sl_envelope *in, sl_envelope *out)
{
    const student_facts *sf = &r->target.student;
    sl_status st = SL_OK;
    int year;
    if ((st = student_school_year(r, sf->id, &year)) != SL_OK)
        return st;
    if (year != ENTREE_YEAR) {
        req_violation(r, "ENTREE_NOT_ENTREE", "the student is not in the Entree year", false);
        return req_fail_code(r, SL_EPRECOND, MSG_ENTREE_HOURS_ENTREE_ONLY);
    }
    entree_facts f;
    if ((st = entree_gather(r, sf->id, &f)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);

    rule_report rep;
    rules_report_init(&rep);
    rules_entree_progress p = rules_entree_progress_on(f.minutes_done, rules_date_of(f.today),
                                                       rules_date_of(f.deadline), f.days_off);
    rules_check_entree_progress(f.minutes_done, rules_date_of(f.today), rules_date_of(f.deadline),
                                f.days_off, &rep);
    if (f.weeks_elapsed && !f.week_norm_met)
        rules_report_detail(&rep, "SCHOOL_ENTREE_WEEK_HOURS", DET_WEEK_AVERAGE,
                            (long)f.average_week_minutes);
    bool eligible = rules_entree_exam_eligible(f.internship_passed, f.minutes_done, &rep);

    Stagelijn__V1__EntreeProgress *ep = SL_ARENA_NEW(r->arena, Stagelijn__V1__EntreeProgress);
    stagelijn__v1__entree_progress__init(ep);
    ep->student_id = sl_arena_strdup(r->arena, sf->id);
    ep->minutes_done = (uint64_t)f.minutes_done;
    ep->minutes_required = (uint64_t)RULES_ENTREE_MIN_MINUTES;
    ep->minutes_short = (uint64_t)p.minutes_short;
    ep->behind = p.behind;
    ep->average_week_hours = f.average_week_hours;
    ep->average_week_minutes = (uint64_t)f.average_week_minutes;
    ep->exam_eligible = eligible;
    report_to_list(r, &rep, &ep->findings, &ep->n_findings);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_ENTREE_PROGRESS;
    out->entree_progress = ep;
    return SL_OK;
}

/* ---------------------------------------------------------------- practical assignments */

static Stagelijn__V1__PracticalAssignment *assignment_from_row(request *r, sqlite3_stmt *q)
{
    Stagelijn__V1__PracticalAssignment *a =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__PracticalAssignment);
    stagelijn__v1__practical_assignment__init(a);
    a->id = sl_arena_strdup(r->arena, store_col(q, 0));
    a->placement_id = sl_arena_strdup(r->arena, store_col(q, 1));
    a->period = (uint32_t)sqlite3_column_int(q, 2);
    a->number = (uint32_t)sqlite3_column_int(q, 3);
    a->title = sl_arena_strdup(r->arena, store_col(q, 4));
    a->status = (Stagelijn__V1__AssignmentStatus)sqlite3_column_int(q, 5);
    a->notes = sl_arena_strdup(r->arena, store_col(q, 6));
    return a;
}

#define ASSIGNMENT_COLUMNS                                                                         \
    "SELECT id, placement_id, period, number, title, status, notes FROM practical_assignments "

static const char *status_word(int s)
{
    switch (s) {
    case STAGELIJN__V1__ASSIGNMENT_STATUS__ASSIGNMENT_OPEN:
        return "open";
    case STAGELIJN__V1__ASSIGNMENT_STATUS__ASSIGNMENT_IN_PROGRESS:
        return "in_progress";
    case STAGELIJN__V1__ASSIGNMENT_STATUS__ASSIGNMENT_SUBMITTED:
        return "submitted";
    case STAGELIJN__V1__ASSIGNMENT_STATUS__ASSIGNMENT_APPROVED:
        return "approved";
    default:
        return "?";
    }
}

/* OPEN -> IN_PROGRESS -> SUBMITTED -> APPROVED, forward steps may be skipped up to
 * SUBMITTED. Approval is the school's: only a coach approves, and only submitted work. The
 * coach may send submitted work back (SUBMITTED -> IN_PROGRESS); approved work is final. */
static sl_status check_transition(request *r, int from, int to)
{
    const int approved = STAGELIJN__V1__ASSIGNMENT_STATUS__ASSIGNMENT_APPROVED;
    const int submitted = STAGELIJN__V1__ASSIGNMENT_STATUS__ASSIGNMENT_SUBMITTED;
    bool coach = r->who->role == ROLE_COACH || r->who->role == ROLE_SUPPORT_COACH;
    if (from == to)
        return from == approved ? req_fail_code(r, SL_EPRECOND, MSG_APPROVED_FINAL) : SL_OK;
    if (to == approved) {
        if (!coach)
            return req_fail_code(r, SL_EPERM, MSG_ONLY_COACH_APPROVES);
        if (from != submitted) {
            req_violation(r, "ASSIGNMENT_STATUS_ORDER", "only submitted work can be approved",
                          false);
            return req_fail_code(r, SL_EPRECOND, MSG_ONLY_SUBMITTED_APPROVED);
        }
        return SL_OK;
    }
    if (to > from && from != approved)
        return SL_OK;
    if (coach && from == submitted &&
        to == STAGELIJN__V1__ASSIGNMENT_STATUS__ASSIGNMENT_IN_PROGRESS)
        return SL_OK;
    req_violation(r, "ASSIGNMENT_STATUS_ORDER",
                  "an assignment moves open, in progress, submitted, approved", false);
    return req_fail_code(r, SL_EPRECOND, MSG_ASSIGNMENT_BACK, status_word(from), status_word(to));
}

sl_status handle_save_assignment(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__PracticalAssignment *a = in->save_assignment->assignment;
    if (!a)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "assignment");
    const placement_facts *pf = &r->target.placement;
    sl_status st = SL_OK;
    if (a->status > STAGELIJN__V1__ASSIGNMENT_STATUS__ASSIGNMENT_APPROVED)
        return req_fail_code(r, SL_EINVAL, MSG_ASSIGNMENT_STATUS_VALUES);
    if ((st = req_check_text(r, "title", a->title, false)) != SL_OK ||
        (st = req_check_text(r, "notes", a->notes, false)) != SL_OK)
        return st;
    if (a->title && strchr(a->title, '\n'))
        return req_fail_code(r, SL_EINVAL, MSG_TITLE_ONE_LINE);

    char id[SL_ID_LEN + 1];
    const char *op;
    int status;
    /* A student does his/her own assignment work: notes and progress up to "submitted"; the
     * assignments themselves and their titles are set by the coach or the company. */
    bool student = r->who->role == ROLE_STUDENT;
    if (student && (!a->id || !a->id[0]))
        return req_fail_code(r, SL_EPERM, MSG_COACH_OR_COMPANY_SETS);
    if (student && a->title && a->title[0])
        return req_fail_code(r, SL_EPERM, MSG_STUDENT_NOTES_STATUS);
    if (!a->id || !a->id[0]) {
        if (a->period < 1 || a->period > 3)
            return req_fail_code(r, SL_EINVAL, MSG_PERIOD_VALUES);
        if (a->number < 1 || a->number > 2)
            return req_fail_code(r, SL_EINVAL, MSG_NUMBER_VALUES);
        if (!a->title || !a->title[0])
            return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "title");
        int kind;
        if ((st = placement_kind(r, pf->id, &kind)) != SL_OK)
            return st;
        if (!kind_has_periods(kind)) {
            req_violation(r, "ASSIGNMENT_WRONG_KIND",
                          "practical assignments belong to year-3 (exam portfolio), sector, "
                          "Entree and dual internships",
                          false);
            return req_fail_code(r, SL_EPRECOND, MSG_NO_ASSIGNMENT_PERIODS);
        }
        status = a->status ? (int)a->status : STAGELIJN__V1__ASSIGNMENT_STATUS__ASSIGNMENT_OPEN;
        if ((st = check_transition(r, STAGELIJN__V1__ASSIGNMENT_STATUS__ASSIGNMENT_OPEN, status)) !=
            SL_OK)
            return st;
        sl_id nid = sl_id_new();
        snprintf(id, sizeof id, "%s", nid.s);
        st = store_exec(r->st, NULL,
                        "INSERT INTO practical_assignments (id, placement_id, period, number, "
                        "title, status, notes, updated_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
                        SB(id), SB(pf->id), SB((int)a->period), SB((int)a->number), SB(a->title),
                        SB(status), SB(a->notes ? a->notes : ""), SB(r->now));
        if (st == SL_EEXISTS)
            return req_fail_code(r, st, MSG_PERIOD_HAS_ASSIGNMENT, a->period, a->number);
        op = "assignment.create";
    } else {
        if ((st = req_check_id(r, "id", a->id)) != SL_OK)
            return st;
        sqlite3_stmt *q = store_query(r->st,
                                      "SELECT period, number, status FROM practical_assignments "
                                      "WHERE id = ?1 AND placement_id = ?2",
                                      SB(a->id), SB(pf->id));
        /* Only "no row" is the client's problem; a failed query keeps its own status. */
        sl_status found = store_row(q);
        if (found == SL_ENOTFOUND)
            return req_fail_code(r, SL_ENOTFOUND, MSG_NO_SUCH_ASSIGNMENT);
        if (found != SL_OK)
            return req_fail_code(r, found, MSG_DATABASE_ERROR);
        uint32_t period = (uint32_t)sqlite3_column_int(q, 0),
                 number = (uint32_t)sqlite3_column_int(q, 1);
        int from = sqlite3_column_int(q, 2);
        store_stmt_done(q);
        if ((a->period && a->period != period) || (a->number && a->number != number))
            return req_fail_code(r, SL_EINVAL, MSG_PERIOD_NUMBER_FIXED);
        status = a->status ? (int)a->status : from;
        if ((st = check_transition(r, from, status)) != SL_OK)
            return st;
        snprintf(id, sizeof id, "%s", a->id);
        /* Empty title or notes keep what is stored: the kiosk changes a status alone. */
        st = store_exec(r->st, NULL,
                        "UPDATE practical_assignments SET status = ?2, "
                        "title = CASE WHEN ?3 = '' THEN title ELSE ?3 END, "
                        "notes = CASE WHEN ?4 = '' THEN notes ELSE ?4 END, updated_at = ?5 "
                        "WHERE id = ?1",
                        SB(id), SB(status), SB(a->title ? a->title : ""),
                        SB(a->notes ? a->notes : ""), SB(r->now));
        op = "assignment.update";
    }
    char details[64];
    snprintf(details, sizeof details, "status=%s", status_word(status));
    if (st != SL_OK || (st = req_audit(r, op, "practical_assignment", id, details)) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_SAVE_THE_ASSIGNMENT);
    sqlite3_stmt *q = store_query(r->st, ASSIGNMENT_COLUMNS "WHERE id = ?1", SB(id));
    st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_ASSIGNMENT_VANISHED);
    out->practical_assignment = assignment_from_row(r, q);
    store_stmt_done(q);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_PRACTICAL_ASSIGNMENT;
    return SL_OK;
}

sl_status handle_list_assignments(request *r, const sl_envelope *in, sl_envelope *out)
{
    sl_status rs;
    bool row;
    const char *pid = in->list_assignments->placement_id;
    sqlite3_stmt *q = store_query(r->st,
                                  ASSIGNMENT_COLUMNS "WHERE placement_id = ?1 ORDER BY period, "
                                                     "number LIMIT ?2",
                                  SB(pid), SB(MAX_ASSIGNMENTS + 1));
    if (!q)
        return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    Stagelijn__V1__ListAssignmentsReply *rep =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__ListAssignmentsReply);
    stagelijn__v1__list_assignments_reply__init(rep);
    rep->assignments =
        SL_ARENA_ARRAY(r->arena, Stagelijn__V1__PracticalAssignment *, MAX_ASSIGNMENTS + 1);
    while ((rs = store_next(q, &row)) == SL_OK && row)
        rep->assignments[rep->n_assignments++] = assignment_from_row(r, q);
    if (rs != SL_OK)
        return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    rep->n_assignments = req_list_cap(r, rep->n_assignments, MAX_ASSIGNMENTS);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_ASSIGNMENTS_REPLY;
    out->list_assignments_reply = rep;
    return SL_OK;
}

/* ---------------------------------------------------------------- binding study advice */

sl_status handle_record_study_advice(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__StudyAdvice *a = in->record_study_advice->advice;
    if (!a)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "advice");
    const student_facts *sf = &r->target.student;
    sl_status st = SL_OK;
    sl_date day;
    if (!sl_date_parse(a->date, &day))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "date");
    if ((st = req_check_text(r, "notes", a->notes, false)) != SL_OK)
        return st;
    if (!a->continue_study && (!a->notes || !a->notes[0]))
        return req_fail_code(r, SL_EINVAL, MSG_STOP_NEEDS_NOTES);
    int year;
    if ((st = student_school_year(r, sf->id, &year)) != SL_OK)
        return st;
    if (year != ENTREE_YEAR) {
        req_violation(r, "BSA_NOT_ENTREE", "the binding study advice is for Entree students",
                      false);
        return req_fail_code(r, SL_EPRECOND, MSG_NOT_ENTREE_YEAR);
    }
    /* The student is in the Entree year now: it is the current school year. */
    school_year entree;
    if ((st = current_school_year(r, r->today, &entree)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    factdate_phase phase = {entree.start, entree.end};
    if ((st = factdate_require_date(r, "binding study advice", day, phase,
                                    FACTDATE_RULE_ENTREE_YEAR)) != SL_OK)
        return st;
    if (day.m != 12) {
        req_violation(r, "BSA_DECEMBER", "the plan gives the binding study advice in December",
                      false);
        return req_fail_code(r, SL_EPRECOND, MSG_BSA_IN_DECEMBER);
    }
    sl_id id = sl_id_new();
    st = store_exec(r->st, NULL,
                    "INSERT INTO study_advice (id, student_id, date, continue_study, notes, "
                    "decided_by, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7)",
                    SB(id.s), SB(sf->id), SB(a->date), SB(a->continue_study ? 1 : 0),
                    SB(a->notes ? a->notes : ""), SB(r->who->user_id), SB(r->now));
    if (st == SL_EEXISTS)
        return req_fail_code(r, st, MSG_BSA_EXISTS);
    if (st == SL_OK && !a->continue_study) {
        /* The mentor must know at once; the event carries no reasons, only the decision. */
        req_detail_text d = req_detail(r, DET_EV_BSA_STOP, a->date);
        event_spec ev = {.topic = "study_advice",
                         .student_id = sf->id,
                         .class_id = sf->class_id,
                         .summary = d.text,
                         .coded = d};
        st = events_append(r, &ev);
    }
    if (st != SL_OK || (st = req_audit(r, "study_advice.record", "student", sf->id,
                                       a->continue_study ? "continue" : "stop")) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_RECORD_THE_ADVICE);
    Stagelijn__V1__StudyAdvice *ra = SL_ARENA_NEW(r->arena, Stagelijn__V1__StudyAdvice);
    stagelijn__v1__study_advice__init(ra);
    ra->id = sl_arena_strdup(r->arena, id.s);
    ra->student_id = sl_arena_strdup(r->arena, sf->id);
    ra->date = sl_arena_strdup(r->arena, a->date);
    ra->continue_study = a->continue_study;
    ra->notes = sl_arena_strdup(r->arena, a->notes);
    ra->decided_by = sl_arena_strdup(r->arena, r->who->user_id);
    if ((st = names_of(r, NAME_STUDENT, ra->student_id, &ra->student_name)) != SL_OK ||
        (st = names_of(r, NAME_USER, ra->decided_by, &ra->decided_by_name)) != SL_OK)
        return st;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_STUDY_ADVICE;
    out->study_advice = ra;
    return SL_OK;
}

/* ---------------------------------------------------------------- the practical exam */

static sl_status reply_exam(request *r, const char *id, sl_envelope *out)
{
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT id, placement_id, date, examiner, supervisor_name, "
                                  "coach_id, result FROM exam_sessions WHERE id = ?1",
                                  SB(id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_EXAM_SESSION_VANISHED);
    Stagelijn__V1__ExamSession *e = SL_ARENA_NEW(r->arena, Stagelijn__V1__ExamSession);
    stagelijn__v1__exam_session__init(e);
    e->id = sl_arena_strdup(r->arena, store_col(q, 0));
    e->placement_id = sl_arena_strdup(r->arena, store_col(q, 1));
    e->date = sl_arena_strdup(r->arena, store_col(q, 2));
    e->examiner = sl_arena_strdup(r->arena, store_col(q, 3));
    e->supervisor_name = sl_arena_strdup(r->arena, store_col(q, 4));
    e->coach_id = sl_arena_strdup(r->arena, store_col(q, 5));
    e->result = sl_arena_strdup(r->arena, store_col(q, 6));
    store_stmt_done(q);
    if ((st = names_of(r, NAME_PLACEMENT_STUDENT, e->placement_id, &e->student_name)) != SL_OK ||
        (st = names_of(r, NAME_PLACEMENT_COMPANY, e->placement_id, &e->company_name)) != SL_OK ||
        (st = names_of(r, NAME_USER, e->coach_id, &e->coach_name)) != SL_OK)
        return st;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_EXAM_SESSION;
    out->exam_session = e;
    return SL_OK;
}

static sl_status exam_result(request *r, const Stagelijn__V1__ExamSession *s,
                             const placement_facts *pf, sl_envelope *out)
{
    sl_status st = req_check_id(r, "id", s->id);
    if (st != SL_OK)
        return st;
    if (!s->result || (strcmp(s->result, "passed") != 0 && strcmp(s->result, "failed") != 0))
        return req_fail_code(r, SL_EINVAL, MSG_RESULT_VALUES);
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT result, date FROM exam_sessions WHERE id = ?1 AND "
                                  "placement_id = ?2",
                                  SB(s->id), SB(pf->id));
    /* Only "no row" is the client's problem; a failed query keeps its own status. */
    sl_status found = store_row(q);
    if (found == SL_ENOTFOUND)
        return req_fail_code(r, SL_ENOTFOUND, MSG_NO_SUCH_EXAM_SESSION);
    if (found != SL_OK)
        return req_fail_code(r, found, MSG_DATABASE_ERROR);
    bool has_result = store_col(q, 0)[0] != '\0';
    sl_date held;
    bool held_ok = sl_date_parse(store_col(q, 1), &held);
    store_stmt_done(q);
    if (!held_ok)
        return req_fail_code(r, SL_EINTERNAL, MSG_STORED_EXAM_DATE_UNREADABLE);
    /* A result is a fact of the exam's day: not before the exam has been held. */
    if ((st = factdate_require_date(r, "exam result", held, factdate_any(),
                                    FACTDATE_RULE_FUTURE)) != SL_OK)
        return st;
    if (has_result) {
        req_violation(r, "EXAM_RESULT_FINAL", "the exam result has been recorded already", false);
        return req_fail_code(r, SL_EPRECOND, MSG_RESULT_RECORDED);
    }
    st = store_exec(r->st, NULL,
                    "UPDATE exam_sessions SET result = ?2, updated_at = ?3 WHERE id = ?1",
                    SB(s->id), SB(s->result), SB(r->now));
    req_detail_text d = req_detail(r, DET_EV_EXAM_RESULT, s->result);
    event_spec ev = {.topic = "exam_result",
                     .student_id = pf->student_id,
                     .placement_id = pf->id,
                     .company_id = pf->company_id,
                     .class_id = pf->class_id,
                     .summary = d.text,
                     .coded = d};
    if (st != SL_OK || (st = events_append(r, &ev)) != SL_OK ||
        (st = req_audit(r, "exam_session.result", "exam_session", s->id, s->result)) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_RECORD_THE_RESULT);
    return reply_exam(r, s->id, out);
}

sl_status handle_save_exam_session(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__ExamSession *s = in->save_exam_session->session;
    if (!s)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "session");
    const placement_facts *pf = &r->target.placement;
    sl_status st = SL_OK;
    if (s->id && s->id[0])
        return exam_result(r, s, pf, out);

    sl_date day, today = r->today;
    if (!sl_date_parse(s->date, &day))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "date");
    if (sl_date_compare(day, today) < 0)
        return req_fail_code(r, SL_EINVAL, MSG_EXAM_TODAY_OR_LATER);
    if ((st = req_check_text(r, "examiner", s->examiner, true)) != SL_OK ||
        (st = req_check_text(r, "supervisor_name", s->supervisor_name, false)) != SL_OK)
        return st;
    if (s->result && s->result[0])
        return req_fail_code(r, SL_EINVAL, MSG_RESULT_NEEDS_SESSION);
    int kind;
    if ((st = placement_kind(r, pf->id, &kind)) != SL_OK)
        return st;
    if (!kind_is_entree(kind)) {
        req_violation(r, "EXAM_WRONG_KIND",
                      "the practical exam belongs to an Entree or dual internship", false);
        return req_fail_code(r, SL_EPRECOND, MSG_NOT_ENTREE_INTERNSHIP);
    }
    entree_facts f;
    if ((st = entree_gather(r, pf->student_id, &f)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    if (day.m != DEADLINE_MONTH || day.y != f.year.end.y) {
        req_violation(r, "EXAM_MAY",
                      sl_arena_printf(r->arena,
                                      "the plan holds the practical exam in May (%d-05) of "
                                      "this school year",
                                      f.year.end.y),
                      false);
        return req_fail_code(r, SL_EPRECOND, MSG_EXAM_IN_MAY);
    }
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT 1 FROM exam_sessions WHERE placement_id = ?1 AND "
                                  "result IN ('', 'passed') LIMIT 1",
                                  SB(pf->id));
    if ((st = store_row(q)) == SL_OK) {
        store_stmt_done(q);
        return req_fail_code(r, SL_EEXISTS, MSG_EXAM_EXISTS);
    }
    if (st != SL_ENOTFOUND)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    bool passed;
    if ((st = placement_passed(r, pf->id, &passed)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    rule_report rep;
    rules_report_init(&rep);
    if (!rules_entree_exam_eligible(passed, f.minutes_done, &rep)) {
        req_violations_from_report(r, &rep, true);
        return req_fail_code(r, SL_EPRECOND, MSG_EXAM_CONDITIONS);
    }
    sl_id id = sl_id_new();
    st = store_exec(r->st, NULL,
                    "INSERT INTO exam_sessions (id, placement_id, date, examiner, "
                    "supervisor_name, coach_id, updated_at) VALUES (?1,?2,?3,?4,?5,?6,?7)",
                    SB(id.s), SB(pf->id), SB(s->date), SB(s->examiner),
                    SB(s->supervisor_name ? s->supervisor_name : ""), SB(r->who->user_id),
                    SB(r->now));
    if (st != SL_OK ||
        (st = req_audit(r, "exam_session.plan", "exam_session", id.s, fmt_date(r, day))) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_PLAN_THE_EXAM);
    return reply_exam(r, id.s, out);
}
