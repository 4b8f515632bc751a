#include "scheduler.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "batch.h"
#include "calendar.h"
#include "due.h"
#include "events.h"
#include "log.h"
#include "messages.h"
#include "risk_scan.h"
#include "server.h"
#include "timeutil.h"

/* The holidays a pass knows: from this many years back (the aftercare's two years and the
 * longest placement) to a year ahead, at most MAX_HOLIDAYS of them. */
#define HOLIDAYS_BACK_YEARS 3
#define MAX_HOLIDAYS (CALENDAR_MAX_HOLIDAYS * (HOLIDAYS_BACK_YEARS + 2))
/* A cut pass continues after this pause (the commit of the cut pass runs in between). */
#define CONTINUE_MS 10
/* The Entree hours deadline: the exam check in May (as h_periods.c). */
#define ENTREE_DEADLINE_MONTH 5
#define ENTREE_DEADLINE_DAY 15

struct scheduler {
    sl_server *srv;
    struct event *timer;
    bool queued;                /* a pass waits for the write store (batch_after_commit) */
    char cursor[SL_ID_LEN + 1]; /* where the round goes on (scheduler_pass) */
    sl_date risk_day;           /* the day of the last full risk scan; {0} before the first */
};

/* Past every placement id (ids are lower-case hex): the placements of this round are done,
 * the aftercare and group checks are next. */
#define CURSOR_PLACEMENTS_DONE "~"

/* One pass: its clock, read once, and how much it may still do. */
typedef struct {
    sl_server *srv;
    store *st;
    int64_t now;
    rules_date today;
    long today_n;
    int left; /* items this pass may still raise */
    int raised;
    int max_placements;         /* placements this pass looks at */
    char cursor[SL_ID_LEN + 1]; /* the last placement done in this round; "" at its start */
    calendar_holiday holidays[MAX_HOLIDAYS]; /* around today (HOLIDAYS_BACK_YEARS .. +1) */
    size_t n_holidays;
} pass;

/* One due item and the event's facts. */
typedef struct {
    due_kind kind;
    const char *subject, *key;
    rules_date due;
    const char *student_id, *placement_id, *company_id, *class_id;
} due_item;

static rules_date rd_parse(const char *s)
{
    sl_date d;
    if (!sl_date_parse(s, &d))
        return (rules_date){0, 0, 0};
    return (rules_date){d.y, d.m, d.d};
}

static void rd_format(rules_date d, char out[11])
{
    sl_date_format((sl_date){d.y, d.m, d.d}, out);
}

/* School holidays (calendar.h): nothing weekly falls due in a holiday week, and the weeks
 * and days the reviews count are school weeks. */
static bool holiday_week(const pass *p, long day)
{
    rules_date d = rules_date_from_days(day);
    return calendar_holiday_week(p->holidays, p->n_holidays, (sl_date){d.y, d.m, d.d});
}

/* The day `days` after `from` (day numbers), holiday weeks not counted (calendar.h). */
static long school_days_after(const pass *p, long from, long days)
{
    rules_date f = rules_date_from_days(from);
    sl_date due =
        calendar_school_days_after(p->holidays, p->n_holidays, (sl_date){f.y, f.m, f.d}, (int)days);
    return rules_date_to_days((rules_date){due.y, due.m, due.d});
}

/* A due day that lies in a holiday week moves on by whole weeks until it does not. */
static long out_of_holidays(const pass *p, long day)
{
    while (holiday_week(p, day))
        day += 7;
    return day;
}

static sl_status load_holidays(pass *p)
{
    sl_date t = {p->today.y, p->today.m, p->today.d};
    return calendar_holidays_between(p->st, (sl_date){t.y - HOLIDAYS_BACK_YEARS, 1, 1},
                                     (sl_date){t.y + 1, 12, 31}, p->holidays, MAX_HOLIDAYS,
                                     &p->n_holidays);
}

/* Raises the item unless it was raised before: its row and its event in the pass's
 * savepoint. SL_OK also when it existed. */
static sl_status raise_item(pass *p, const due_item *it)
{
    const char *kind = due_kind_name(it->kind);
    sl_status rs = store_exists(p->st,
                                "SELECT 1 FROM due_items WHERE kind = ?1 AND subject = ?2 AND "
                                "due_key = ?3",
                                SB(kind), SB(it->subject), SB(it->key));
    if (rs != SL_ENOTFOUND)
        return rs; /* SL_OK: raised before */
    char due[11], summary[96];
    rd_format(it->due, due);
    /* The summary holds codes only (the kind, the date, the key); clients word it. */
    snprintf(summary, sizeof summary, "%s %s %s", kind, due, it->key);
    event_spec ev = {.topic = "review_due",
                     .student_id = it->student_id,
                     .placement_id = it->placement_id,
                     .company_id = it->company_id,
                     .class_id = it->class_id,
                     .summary = summary};
    uint64_t seq = 0;
    if ((rs = events_append_unattended(p->st, p->now, &ev, &seq)) != SL_OK)
        return rs;
    rs = store_exec(p->st, NULL,
                    "INSERT INTO due_items (kind, subject, due_key, due_date, student_id, "
                    "placement_id, event_seq, raised_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    SB(kind), SB(it->subject), SB(it->key), SB(due), SB(it->student_id),
                    SB(it->placement_id), SB((int64_t)seq), SB(p->now));
    if (rs == SL_OK) {
        p->left--;
        p->raised++;
    }
    return rs;
}

/* ---------------------------------------------------------------- active placements */

typedef struct {
    char id[SL_ID_LEN + 1], student[SL_ID_LEN + 1], company[SL_ID_LEN + 1], class_id[SL_ID_LEN + 1];
    int kind;
    rules_date start, end, last_visit; /* last_visit {0}: none */
    bool support;
    int visits;
} placement_row;

static bool has_periods(int kind)
{
    return kind == STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR ||
           kind == STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_ENTREE ||
           kind == STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_DUAL;
}

static due_item placement_item(const placement_row *pl, due_kind kind, const char *key,
                               rules_date due)
{
    return (due_item){kind, pl->id, key, due, pl->student, pl->id, pl->company, pl->class_id};
}

/* The visit rules of rules.c (section 8): due the interval after the last visit (or the
 * start), overdue from the day after; only within the internship. */
static sl_status check_visit(pass *p, const placement_row *pl)
{
    const sl_config *cfg = &p->srv->cfg;
    int interval = rules_visit_interval(pl->support, (int)cfg->visit_interval_days,
                                        (int)cfg->support_visit_interval_days);
    rules_date last = pl->last_visit.y ? pl->last_visit : pl->start;
    /* The interval counts school weeks, as the caseload and the visit plan count it. */
    sl_date due_d =
        calendar_visit_due(p->holidays, p->n_holidays, (sl_date){last.y, last.m, last.d}, interval);
    rules_date due = {due_d.y, due_d.m, due_d.d};
    long due_n = rules_date_to_days(due);
    if (p->today_n <= due_n || rules_date_compare(due, pl->end) > 0)
        return SL_OK;
    char key[24];
    snprintf(key, sizeof key, "visit-%d", pl->visits + 1);
    due_item it = placement_item(pl, DUE_VISIT_OVERDUE, key, due);
    return raise_item(p, &it);
}

/* The agenda of every week of the internship up to today: not filled in or not signed by
 * the supervisor two days after the week; not signed off by the coach a week later. */
static sl_status check_weeks(pass *p, const placement_row *pl)
{
    long end = rules_date_to_days(pl->end);
    for (long monday = rules_date_to_days(rules_date_week_monday(pl->start));
         monday <= end && p->left > 0; monday += 7) {
        if (monday + DUE_AGENDA_SIGN_DAYS > p->today_n)
            break;
        /* A holiday week has no agenda; a week's deadlines skip the holiday weeks after it. */
        long sign_by = school_days_after(p, monday, DUE_AGENDA_SIGN_DAYS);
        long sign_off_by = school_days_after(p, monday, DUE_WEEK_SIGN_OFF_DAYS);
        if (holiday_week(p, monday) || sign_by > p->today_n)
            continue;
        char week_start[11], key[9];
        rules_date m = rules_date_from_days(monday);
        rd_format(m, week_start);
        due_iso_week(m, key);
        sqlite3_stmt *q = store_query(p->st,
                                      "SELECT supervisor_signed_at IS NOT NULL, coach_signed_at "
                                      "IS NOT NULL FROM agenda_weeks WHERE placement_id = ?1 AND "
                                      "week_start = ?2",
                                      SB(pl->id), SB(week_start));
        sl_status rs = store_row(q);
        bool supervisor = false, coach = false;
        if (rs == SL_OK) {
            supervisor = sqlite3_column_int(q, 0) != 0;
            coach = sqlite3_column_int(q, 1) != 0;
            store_stmt_done(q);
        } else if (rs != SL_ENOTFOUND) {
            return rs;
        }
        due_item it;
        if (!supervisor)
            it = placement_item(pl, DUE_AGENDA_UNSIGNED, key, rules_date_from_days(sign_by));
        else if (!coach && sign_off_by <= p->today_n)
            it =
                placement_item(pl, DUE_WEEK_NOT_SIGNED_OFF, key, rules_date_from_days(sign_off_by));
        else
            continue;
        if ((rs = raise_item(p, &it)) != SL_OK)
            return rs;
    }
    return SL_OK;
}

/* *has: an assessment of `kind` (and `period`, 0 = any) exists for the placement. */
static sl_status has_assessment(pass *p, const char *pid, int kind, int period, bool *has)
{
    sl_status rs = store_exists(p->st,
                                "SELECT 1 FROM assessments WHERE placement_id = ?1 AND kind = "
                                "?2 AND (?3 = 0 OR period = ?3) LIMIT 1",
                                SB(pid), SB(kind), SB(period));
    *has = rs == SL_OK;
    return rs == SL_ENOTFOUND ? SL_OK : rs;
}

static sl_status check_assessments(pass *p, const placement_row *pl)
{
    long s = rules_date_to_days(pl->start), e = rules_date_to_days(pl->end);
    sl_status rs;
    bool has;
    for (int k = 1; has_periods(pl->kind) && k <= 2; k++) {
        long mark = due_interim_day(s, e, k);
        if (p->today_n < mark)
            break;
        if ((rs = has_assessment(p, pl->id, STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_INTERIM, k,
                                 &has)) != SL_OK)
            return rs;
        if (has)
            continue;
        char key[24];
        snprintf(key, sizeof key, "period-%d", k);
        due_item it = placement_item(pl, DUE_INTERIM_ASSESSMENT, key, rules_date_from_days(mark));
        if ((rs = raise_item(p, &it)) != SL_OK)
            return rs;
    }
    if (p->today_n < e - DUE_END_NOTICE_DAYS)
        return SL_OK;
    if ((rs = has_assessment(p, pl->id, STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_END, 0, &has)) !=
            SL_OK ||
        has)
        return rs;
    due_item it = placement_item(pl, DUE_END_ASSESSMENT, "end", pl->end);
    return raise_item(p, &it);
}

/* Entree: the hours toward 650 h (agenda days of the student's Entree and dual placements in
 * the school year) against the pace of 21 h a week up to 15 May; the study advice in
 * December; the exam check in May. Keyed on the student. */
static sl_status check_entree(pass *p, const placement_row *pl)
{
    if (pl->kind != STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_ENTREE)
        return SL_OK;
    sl_status rs;
    rules_date due;
    char key[9];
    if (due_in_month(p->today, 12, &due, key)) {
        rs = store_exists(p->st,
                          "SELECT 1 FROM study_advice WHERE student_id = ?1 AND "
                          "substr(date, 1, 7) = ?2",
                          SB(pl->student), SB(key));
        if (rs == SL_ENOTFOUND) {
            due_item it = {DUE_STUDY_ADVICE, pl->student, key,         due,
                           pl->student,      pl->id,      pl->company, pl->class_id};
            rs = raise_item(p, &it);
        }
        if (rs != SL_OK)
            return rs;
    }
    if (due_in_month(p->today, 5, &due, key)) {
        rs = store_exists(p->st, "SELECT 1 FROM exam_sessions WHERE placement_id = ?1", SB(pl->id));
        if (rs == SL_ENOTFOUND) {
            due_item it = {DUE_EXAM_ELIGIBILITY, pl->student, key,         due,
                           pl->student,          pl->id,      pl->company, pl->class_id};
            rs = raise_item(p, &it);
        }
        if (rs != SL_OK)
            return rs;
    }
    sl_date ys, ye;
    char year_id[SL_ID_LEN + 1];
    rs = calendar_school_year_of(p->st, (sl_date){p->today.y, p->today.m, p->today.d}, year_id, &ys,
                                 &ye);
    if (rs == SL_ENOTFOUND) {
        /* No school year defined: 1 August to 31 July around today (as h_periods.c). */
        int y = p->today.m >= 8 ? p->today.y : p->today.y - 1;
        ys = (sl_date){y, 8, 1};
        ye = (sl_date){y + 1, 7, 31};
    } else if (rs != SL_OK) {
        return rs;
    }
    rules_date deadline = {ye.y, ENTREE_DEADLINE_MONTH, ENTREE_DEADLINE_DAY};
    if (rules_date_compare(p->today, deadline) > 0)
        return SL_OK;
    char from[11], to[11];
    sl_date_format(ys, from);
    rd_format(p->today, to);
    sqlite3_stmt *q = store_query(p->st,
                                  "SELECT coalesce(sum(d.minutes_worked), 0) FROM agenda_days d "
                                  "JOIN agenda_weeks w ON w.id = d.agenda_week_id "
                                  "JOIN placements p ON p.id = w.placement_id "
                                  "WHERE p.student_id = ?1 AND p.kind IN (7, 8) "
                                  "AND d.date >= ?2 AND d.date <= ?3",
                                  SB(pl->student), SB(from), SB(to));
    if ((rs = store_row(q)) != SL_OK)
        return rs == SL_ENOTFOUND ? SL_EINTERNAL : rs; /* an aggregate always has its row */
    long minutes = (long)sqlite3_column_int64(q, 0);
    store_stmt_done(q);
    /* Holidays are no time to catch up (the days from tomorrow to the deadline, as
     * GetEntreeProgress counts them), and the weekly warning is not raised in a holiday
     * week. */
    long days_off =
        calendar_holiday_days(p->holidays, p->n_holidays, sl_date_from_days(p->today_n + 1),
                              (sl_date){deadline.y, deadline.m, deadline.d});
    rules_entree_progress pr = rules_entree_progress_on(minutes, p->today, deadline, (int)days_off);
    if (!pr.behind || holiday_week(p, p->today_n))
        return SL_OK;
    due_iso_week(p->today, key);
    due_item it = {DUE_ENTREE_BEHIND, pl->student, key,         rules_date_week_monday(p->today),
                   pl->student,       pl->id,      pl->company, pl->class_id};
    return raise_item(p, &it);
}

/* A shift clocked in and never out whose day (the local date of its clock-in) lies before
 * today: the kiosk missed the clock-out, the coach corrects the week. One item per shift,
 * keyed by its day (a student has at most one open shift at a time). */
static sl_status check_open_clock(pass *p, const placement_row *pl)
{
    char today[11];
    rd_format(p->today, today);
    sqlite3_stmt *q = store_query(p->st,
                                  "SELECT date FROM clock_records WHERE placement_id = ?1 AND "
                                  "clock_out_at IS NULL AND date < ?2 ORDER BY date LIMIT 1",
                                  SB(pl->id), SB(today));
    sl_status rs = store_row(q);
    if (rs == SL_ENOTFOUND)
        return SL_OK;
    if (rs != SL_OK)
        return rs;
    char day[11];
    snprintf(day, sizeof day, "%s", store_col(q, 0));
    store_stmt_done(q);
    due_item it = placement_item(pl, DUE_CLOCK_OPEN, day, rd_parse(day));
    return raise_item(p, &it);
}

/* Repeated absence (due.c): repeated_absence_reports absence reports of the student, reported
 * since the placement's start, within repeated_absence_weeks of the first: one item per
 * student and window, keyed by the window's first day, for the coach (the placement) and the
 * mentor (the class), not the company that reported them. Windows never overlap: the last
 * one raised (of any placement of the student) blocks the reports inside it. */
#define MAX_ABSENCES 512

static sl_status absence_starts(pass *p, const placement_row *pl, long *starts, size_t *n)
{
    char from[11], today[11];
    rd_format(pl->start, from);
    rd_format(p->today, today);
    sqlite3_stmt *q = store_query(p->st,
                                  "SELECT from_date FROM absences WHERE student_id = ?1 AND "
                                  "from_date >= ?2 AND from_date <= ?3 ORDER BY from_date "
                                  "LIMIT ?4",
                                  SB(pl->student), SB(from), SB(today), SB(MAX_ABSENCES));
    if (!q)
        return SL_EINTERNAL;
    *n = 0;
    bool row;
    sl_status rs;
    while ((rs = store_next(q, &row)) == SL_OK && row && *n < MAX_ABSENCES)
        starts[(*n)++] = rules_date_to_days(rd_parse(store_col(q, 0)));
    store_stmt_done(q);
    return rs;
}

/* The first day after the student's last raised window (LONG_MIN when none was raised). */
static sl_status absence_blocked_until(pass *p, const char *student, long window, long *until)
{
    sqlite3_stmt *q = store_query(p->st,
                                  "SELECT coalesce(max(due_key), '') FROM due_items WHERE kind = "
                                  "?1 AND subject = ?2",
                                  SB(due_kind_name(DUE_REPEATED_ABSENCE)), SB(student));
    sl_status rs = store_row(q);
    if (rs != SL_OK)
        return rs == SL_ENOTFOUND ? SL_EINTERNAL : rs; /* an aggregate always has its row */
    rules_date last = rd_parse(store_col(q, 0));
    store_stmt_done(q);
    *until = last.y ? rules_date_to_days(last) + window : LONG_MIN;
    return SL_OK;
}

static sl_status check_absence(pass *p, const placement_row *pl)
{
    const sl_config *cfg = &p->srv->cfg;
    long window = cfg->repeated_absence_weeks * 7, until, starts[MAX_ABSENCES], first, due;
    size_t n;
    sl_status rs = absence_starts(p, pl, starts, &n);
    if (rs == SL_OK)
        rs = absence_blocked_until(p, pl->student, window, &until);
    while (rs == SL_OK && p->left > 0 &&
           due_absence_window(starts, n, (int)cfg->repeated_absence_reports, (int)window, until,
                              &first, &due)) {
        char key[11];
        rd_format(rules_date_from_days(first), key);
        due_item it = {DUE_REPEATED_ABSENCE, pl->student, key,  rules_date_from_days(due),
                       pl->student,          pl->id,      NULL, pl->class_id};
        rs = raise_item(p, &it);
        until = first + window;
    }
    return rs;
}

/* Reads the ACTIVE placements into a growing array (caller frees *out). */
static sl_status load_placements(pass *p, placement_row **out, size_t *n)
{
    sqlite3_stmt *q = store_query(
        p->st,
        "SELECT p.id, p.student_id, p.company_id, s.class_id, p.kind, p.start_date, p.end_date, "
        "s.support_need, coalesce((SELECT max(v.date) FROM visits v WHERE v.placement_id = "
        "p.id), ''), (SELECT count(*) FROM visits v WHERE v.placement_id = p.id) "
        "FROM placements p JOIN students s ON s.id = p.student_id WHERE p.status = ?1 "
        "AND p.id > ?2 ORDER BY p.id LIMIT ?3",
        SB((int)STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE), SB(p->cursor),
        SB(p->max_placements));
    if (!q)
        return SL_EINTERNAL;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    bool row;
    sl_status rs;
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            placement_row *v = realloc(*out, cap * sizeof *v);
            if (!v) {
                store_stmt_done(q);
                return SL_ENOMEM;
            }
            *out = v;
        }
        placement_row *pl = &(*out)[(*n)++];
        snprintf(pl->id, sizeof pl->id, "%s", store_col(q, 0));
        snprintf(pl->student, sizeof pl->student, "%s", store_col(q, 1));
        snprintf(pl->company, sizeof pl->company, "%s", store_col(q, 2));
        snprintf(pl->class_id, sizeof pl->class_id, "%s", store_col(q, 3));
        pl->kind = sqlite3_column_int(q, 4);
        pl->start = rd_parse(store_col(q, 5));
        pl->end = rd_parse(store_col(q, 6));
        pl->support = sqlite3_column_int(q, 7) != 0;
        pl->last_visit = rd_parse(store_col(q, 8));
        pl->visits = sqlite3_column_int(q, 9);
    }
    store_stmt_done(q);
    return rs;
}

/* The next max_placements placements after the cursor. The cursor moves past a placement
 * only when all of its checks ran (a pass cut by max_items in the middle of one checks it
 * again next time; what it raised stays raised once). *all_done: no placement is left after
 * the cursor. */
static sl_status check_placements(pass *p, bool *all_done)
{
    placement_row *v = NULL;
    size_t n = 0;
    sl_status rs = load_placements(p, &v, &n);
    *all_done = rs == SL_OK && n < (size_t)p->max_placements;
    for (size_t i = 0; rs == SL_OK && i < n; i++) {
        const placement_row *pl = &v[i];
        if (pl->start.y && pl->end.y) {
            rs = check_visit(p, pl);
            if (rs == SL_OK && p->left > 0)
                rs = check_weeks(p, pl);
            if (rs == SL_OK && p->left > 0)
                rs = check_assessments(p, pl);
            if (rs == SL_OK && p->left > 0)
                rs = check_entree(p, pl);
            if (rs == SL_OK && p->left > 0)
                rs = check_open_clock(p, pl);
            if (rs == SL_OK && p->left > 0)
                rs = check_absence(p, pl);
        }
        if (rs != SL_OK || p->left == 0) {
            *all_done = false;
            break;
        }
        snprintf(p->cursor, sizeof p->cursor, "%s", pl->id);
    }
    free(v);
    return rs;
}

/* ---------------------------------------------------------------- aftercare, group */

/* Aftercare (rules.c section 9): two years in 4-month slots, one contact wanted in each.
 * Every slot that has begun and has no contact yet is due (by the slot's last day, moved out
 * of a holiday week): one item per slot, keyed by its number. So a slot that passed while
 * the daemon was down is raised on the catch-up, once, like one that is current. Slots that
 * had ended before the leaving was recorded (exits.updated_at, the daemon's clock) are not
 * raised: nobody could have been told in time; the aftercare overview counts them missed. */
typedef struct {
    char student[SL_ID_LEN + 1], class_id[SL_ID_LEN + 1];
    rules_date left;
    long recorded; /* the day the leaving was recorded (or last changed) */
} leaver;

#define MAX_CONTACTS 64 /* two years of three a year, with plenty of room */

static bool contact_in(const rules_date *contacts, size_t n, long from, long last)
{
    for (size_t i = 0; i < n; i++) {
        long day = rules_date_to_days(contacts[i]);
        if (contacts[i].y && from <= day && day <= last)
            return true;
    }
    return false;
}

static sl_status check_leaver(pass *p, const leaver *l)
{
    char from[11], today[11];
    rd_format(l->left, from);
    rd_format(p->today, today);
    /* A contact dated in the future is a plan, not a contact. */
    sqlite3_stmt *q = store_query(p->st,
                                  "SELECT date FROM aftercare_contacts WHERE student_id = ?1 AND "
                                  "date >= ?2 AND date <= ?3 ORDER BY date LIMIT ?4",
                                  SB(l->student), SB(from), SB(today), SB(MAX_CONTACTS));
    if (!q)
        return SL_EINTERNAL;
    rules_date contacts[MAX_CONTACTS];
    size_t n = 0;
    bool row;
    sl_status rs;
    while ((rs = store_next(q, &row)) == SL_OK && row && n < MAX_CONTACTS)
        contacts[n++] = rd_parse(store_col(q, 0));
    store_stmt_done(q);
    rules_date last_day[RULES_AFTERCARE_SLOTS];
    if (rs != SL_OK || rules_aftercare_due_dates(l->left, last_day) != RULES_AFTERCARE_SLOTS)
        return rs;
    long start = rules_date_to_days(l->left);
    for (int k = 0; k < RULES_AFTERCARE_SLOTS && rs == SL_OK && p->left > 0; k++) {
        long last = rules_date_to_days(last_day[k]);
        if (start > p->today_n)
            break;
        if (last >= l->recorded && !contact_in(contacts, n, start, last)) {
            char key[24];
            snprintf(key, sizeof key, "contact-%d", k + 1);
            due_item it = {DUE_AFTERCARE_CONTACT,
                           l->student,
                           key,
                           rules_date_from_days(out_of_holidays(p, last)),
                           l->student,
                           NULL,
                           NULL,
                           l->class_id};
            rs = raise_item(p, &it);
        }
        start = last + 1;
    }
    return rs;
}

static sl_status check_aftercare(pass *p)
{
    char today[11], first[11];
    rd_format(p->today, today);
    /* Who left within the last two years (and a day, for the month arithmetic). */
    rd_format(rules_date_add_days(rules_date_add_months(p->today, -RULES_AFTERCARE_MONTHS), -1),
              first);
    sqlite3_stmt *q = store_query(p->st,
                                  "SELECT e.student_id, s.class_id, e.left_date, e.updated_at "
                                  "FROM exits e "
                                  "JOIN students s ON s.id = e.student_id WHERE e.left_date <= ?1 "
                                  "AND e.left_date >= ?2 ORDER BY e.student_id",
                                  SB(today), SB(first));
    if (!q)
        return SL_EINTERNAL;
    leaver *v = NULL;
    size_t n = 0, cap = 0;
    bool row;
    sl_status rs;
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            leaver *nv = realloc(v, cap * sizeof *nv);
            if (!nv) {
                rs = SL_ENOMEM;
                break;
            }
            v = nv;
        }
        leaver *l = &v[n++];
        snprintf(l->student, sizeof l->student, "%s", store_col(q, 0));
        snprintf(l->class_id, sizeof l->class_id, "%s", store_col(q, 1));
        l->left = rd_parse(store_col(q, 2));
        sl_date rec = sl_date_local_of(sqlite3_column_int64(q, 3));
        l->recorded = rules_date_to_days((rules_date){rec.y, rec.m, rec.d});
    }
    store_stmt_done(q);
    for (size_t i = 0; rs == SL_OK && i < n && p->left > 0; i++)
        rs = check_leaver(p, &v[i]);
    free(v);
    return rs;
}

/* A group-internship day part (today or later) whose places are all taken. */
static sl_status check_group(pass *p)
{
    char today[11];
    rd_format(p->today, today);
    sqlite3_stmt *q =
        store_query(p->st,
                    "SELECT g.id, g.date, g.day_part FROM group_sessions g WHERE g.date >= ?1 AND "
                    "(SELECT count(*) FROM group_enrolments e WHERE e.group_session_id = g.id) >= "
                    "g.capacity AND NOT EXISTS (SELECT 1 FROM due_items d WHERE d.kind = ?2 AND "
                    "d.subject = g.id) ORDER BY g.date, g.id LIMIT ?3",
                    SB(today), SB(due_kind_name(DUE_GROUP_FULL)), SB(p->left));
    if (!q)
        return SL_EINTERNAL;
    typedef struct {
        char id[SL_ID_LEN + 1];
        rules_date date;
        int part;
    } full_part;
    full_part *v = calloc((size_t)p->left, sizeof *v);
    if (!v) {
        store_stmt_done(q);
        return SL_ENOMEM;
    }
    size_t n = 0;
    bool row;
    sl_status rs;
    while ((rs = store_next(q, &row)) == SL_OK && row && n < (size_t)p->left) {
        snprintf(v[n].id, sizeof v[n].id, "%s", store_col(q, 0));
        v[n].date = rd_parse(store_col(q, 1));
        v[n].part = sqlite3_column_int(q, 2);
        n++;
    }
    store_stmt_done(q);
    for (size_t i = 0; rs == SL_OK && i < n; i++) {
        due_item it = {DUE_GROUP_FULL, v[i].id, v[i].part == 2 ? "afternoon" : "morning",
                       v[i].date,      NULL,    NULL,
                       NULL,           NULL};
        rs = raise_item(p, &it);
    }
    free(v);
    return rs;
}

int scheduler_pass(sl_server *srv, int max_items, int max_placements, char cursor[SL_ID_LEN + 1],
                   bool *cut)
{
    pass p = {.srv = srv,
              .st = srv->st,
              .now = sl_now_unix(),
              .left = max_items,
              .max_placements = max_placements};
    snprintf(p.cursor, sizeof p.cursor, "%s", cursor);
    sl_date t = sl_date_local_of(p.now);
    p.today = (rules_date){t.y, t.m, t.d};
    p.today_n = rules_date_to_days(p.today);
    if (store_request_begin(srv->st) != SL_OK)
        return -1;
    bool placements_done = true;
    sl_status rs = load_holidays(&p);
    if (rs == SL_OK && strcmp(p.cursor, CURSOR_PLACEMENTS_DONE) != 0)
        rs = check_placements(&p, &placements_done);
    bool round_done = placements_done;
    if (rs == SL_OK && placements_done) {
        snprintf(p.cursor, sizeof p.cursor, "%s", CURSOR_PLACEMENTS_DONE);
        rs = check_aftercare(&p);
        if (rs == SL_OK && p.left > 0)
            rs = check_group(&p);
        round_done = p.left > 0;
    }
    sl_status ended = store_request_end(srv->st, rs == SL_OK);
    batch_schedule(srv->batch);
    if (rs != SL_OK || ended != SL_OK) {
        LOG_WARN("scheduler", "pass failed (%s); nothing of it was kept, next pass retries",
                 sl_status_name(rs != SL_OK ? rs : ended));
        return -1;
    }
    /* The cursor moves only with a pass whose work was kept. */
    snprintf(cursor, SL_ID_LEN + 1, "%s", round_done ? "" : p.cursor);
    *cut = !round_done;
    return p.raised;
}

/* ---------------------------------------------------------------- early warning */

static sl_status raise_unattended(void *arg, const event_spec *ev)
{
    const pass *p = arg;
    uint64_t seq;
    return events_append_unattended(p->st, p->now, ev, &seq);
}

int scheduler_risk_scan(sl_server *srv)
{
    const sl_config *cfg = &srv->cfg;
    pass p = {.srv = srv, .st = srv->st, .now = sl_now_unix()};
    risk_basis b = {srv->st,
                    p.now,
                    sl_date_local_of(p.now),
                    (int)cfg->visit_interval_days,
                    (int)cfg->support_visit_interval_days,
                    (int)cfg->risk_threshold};
    int64_t started = sl_now_monotonic_ms();
    if (store_request_begin(srv->st) != SL_OK)
        return -1;
    risk_tally t;
    sl_status rs = risk_scan_all(&b, raise_unattended, &p, &t);
    sl_status ended = store_request_end(srv->st, rs == SL_OK);
    batch_schedule(srv->batch);
    if (rs != SL_OK || ended != SL_OK) {
        LOG_WARN("scheduler",
                 "risk scan failed (%s); nothing of it was kept, the next pass "
                 "retries",
                 sl_status_name(rs != SL_OK ? rs : ended));
        return -1;
    }
    LOG_INFO("scheduler", "risk scan: %u interns, %u above the threshold, %u crossed, %lld ms",
             t.interns, t.above, t.crossed, (long long)(sl_now_monotonic_ms() - started));
    return (int)t.crossed;
}

/* ---------------------------------------------------------------- the timer */

static void arm(scheduler *s, long ms)
{
    struct timeval tv = {ms / 1000, (ms % 1000) * 1000};
    evtimer_add(s->timer, &tv);
}

static void run_pass(void *arg, bool cancelled)
{
    scheduler *s = arg;
    s->queued = false;
    if (cancelled || s->srv->stopping)
        return;
    bool cut = false;
    int64_t started = sl_now_monotonic_ms();
    int n = scheduler_pass(s->srv, (int)s->srv->cfg.scheduler_max_items,
                           (int)s->srv->cfg.scheduler_max_placements, s->cursor, &cut);
    LOG_DEBUG("scheduler", "pass: %d raised in %lld ms", n,
              (long long)(sl_now_monotonic_ms() - started));
    /* The risk scan runs in full once a day (it deletes the rows of students no longer
     * interns, so it cannot be cut), in a pass of its own after a finished round. */
    sl_date today = sl_date_local_of(sl_now_unix());
    if (!cut && sl_date_compare(today, s->risk_day) != 0 && scheduler_risk_scan(s->srv) >= 0)
        s->risk_day = today;
    if (n > 0)
        LOG_INFO("scheduler", "%d review%s due raised%s", n, n == 1 ? "" : "s",
                 cut ? "; more follow" : "");
    arm(s, cut ? CONTINUE_MS : s->srv->cfg.scheduler_interval_seconds * 1000L);
}

static void timer_cb(evutil_socket_t fd, short what, void *arg)
{
    scheduler *s = arg;
    if (s->queued)
        return;
    s->queued = true;
    /* The write store may be on disk with the committer: the pass waits for it. */
    batch_after_commit(s->srv->batch, run_pass, s);
}

scheduler *scheduler_new(sl_server *srv)
{
    scheduler *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->srv = srv;
    s->timer = evtimer_new(srv->base, timer_cb, s);
    if (!s->timer) {
        free(s);
        return NULL;
    }
    arm(s, 0); /* at start: catch up on what fell due while the daemon was down */
    return s;
}

void scheduler_free(scheduler *s)
{
    if (!s)
        return;
    event_free(s->timer);
    free(s);
}
