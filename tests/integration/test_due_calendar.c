/* Reviews due and the school calendar (issue 9; issue 8's Entree projection) against a real
 * stagelijnd whose clock the test moves (restarts on dates of the last whole school year Y,
 * always forward): repeated absence raised once per student and window to coach and mentor;
 * a holiday week in which nothing weekly falls due and which the visit interval, the agenda
 * deadlines, the Entree pace and the projection do not count; an aftercare contact whose due
 * day is moved out of the Christmas holiday; an aftercare slot that passed while the daemon
 * was down raised once on the catch-up.
 *
 * The calendar of Y: an autumn holiday week from Monday A (on or after 19 October) and a
 * Christmas holiday of two weeks from Monday C (on or after 21 December). The world, made on
 * F = 1 September: Eva and Finn (4A, sector, company X) from Monday M = A - 14 for ten weeks;
 * Gert (E1, Entree at X) from the first Monday of September G0 to 14 May; Hana (4A), who left
 * school on L, the day whose four months later is C + 3, so that her first aftercare slot
 * ends on C + 2, in the Christmas holiday. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"
#include "records.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT

typedef struct {
    test_server ts;
    sl_client *admin, *coach, *sup;
    char company[37], class_a[37], class_e[37], sup_id[37];
    char eva[37], finn[37], gert[37], hana[37];
    char p_eva[37], p_finn[37], p_gert[37];
    int y;                                          /* the school year Y-(Y+1) */
    char f[11], a[11], c[11], m[11], g0[11], l[11]; /* see the top of the file */
} world;

static world W;

/* ---------------------------------------------------------------- dates */

/* Days since 1970-01-01 of a YYYY-MM-DD (the civil calendar, proleptic Gregorian). */
static long days_of(const char *ymd)
{
    long y = atol(ymd), m = atol(ymd + 5), d = atol(ymd + 8);
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void plus(const char *ymd, int days, char out[11])
{
    ts_date_plus(ymd, days, out);
}

/* The Monday on or after ymd. */
static void monday_from(const char *ymd, char out[11])
{
    int weekday = (int)((days_of(ymd) + 3) % 7); /* 0 = Monday: 1970-01-01 was a Thursday */
    plus(ymd, weekday ? 7 - weekday : 0, out);
}

static void ymd(int y, int m, int d, char out[11])
{
    char t[32];
    snprintf(t, sizeof t, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    snprintf(out, 11, "%.10s", t);
}

/* ---------------------------------------------------------------- the database */

#define db_count(...) ts_db_long(&W.ts, __VA_ARGS__)

static long due_of(const char *kind, const char *student)
{
    return db_count("SELECT count(*) FROM due_items WHERE kind = '%s' AND student_id = '%s'", kind,
                    student);
}

/* The item of `kind` for `student` keyed `key` with its due date `date`: 1 when it is there. */
static long due_item_is(const char *kind, const char *student, const char *key, const char *date)
{
    return db_count("SELECT count(*) FROM due_items WHERE kind = '%s' AND student_id = '%s' AND "
                    "due_key = '%s' AND due_date = '%s'",
                    kind, student, key, date);
}

/* ---------------------------------------------------------------- the server */

static void login_all(void)
{
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    W.sup = ts_login(&W.ts, "sup-x", TS_PASSWORD);
    assert_non_null(W.admin);
    assert_non_null(W.coach);
    assert_non_null(W.sup);
}

static void logout_all(void)
{
    sl_client_close(W.admin);
    sl_client_close(W.coach);
    sl_client_close(W.sup);
    W.admin = W.coach = W.sup = NULL;
}

/* Restarts the server with its clock on `day` (noon), waits for the pass at its start. */
static void restart_on(const char *day)
{
    logout_all();
    assert_true(ts_restart_on(&W.ts, day));
    login_all();
    assert_true(ts_wait_settled(&W.ts, "SELECT count(*) FROM due_items"));
}

/* ---------------------------------------------------------------- fixtures */

static bool school_year(void)
{
    char start[11], end[11], name[16], a_end[11], c_end[11];
    ymd(W.y, 8, 1, start);
    ymd(W.y + 1, 7, 31, end);
    snprintf(name, sizeof name, "%04d-%04d", W.y % 10000, (W.y + 1) % 10000);
    plus(W.a, 4, a_end);  /* Monday to Friday */
    plus(W.c, 11, c_end); /* two weeks, Monday to the second Friday */
    const ts_holiday h[] = {{"Herfstvakantie", W.a, a_end}, {"Kerstvakantie", W.c, c_end}};
    return ts_save_school_year(W.admin, name, start, end, h, 2);
}

static bool make_student(const char *first, const char *class_id, char *id)
{
    const ts_student_spec s = {.first_name = first,
                               .last_name = "Kalender",
                               .class_id = class_id,
                               .date_of_birth = "2005-03-03"};
    return ts_make_student(W.admin, &s, id, NULL);
}

/* Finn has an account ("finn", TS_PASSWORD) for his own NextVisit read. */
static bool make_finn(void)
{
    char otp[64];
    const ts_student_spec s = {.first_name = "Finn",
                               .last_name = "Kalender",
                               .class_id = W.class_a,
                               .date_of_birth = "2005-03-03",
                               .username = "finn"};
    if (!ts_make_student(W.admin, &s, W.finn, otp))
        return false;
    sl_client *finn = ts_student_login(&W.ts, "finn", otp);
    sl_client_close(finn);
    return finn != NULL;
}

static bool make_placement(const char *student, int kind, const char *start, const char *end,
                           char *id)
{
    ts_placement_spec p = ts_sector_week(student, W.company, W.sup_id, start, end);
    p.kind = kind;
    p.sector = 3;
    p.day_start = "08:30";
    p.day_end = "16:00";
    /* Signed on the server's today (F), not the harness's real one. */
    static const int parties[] = {STAGELIJN__V1__SIGNATURE_PARTY__PARTY_SCHOOL,
                                  STAGELIJN__V1__SIGNATURE_PARTY__PARTY_COMPANY,
                                  STAGELIJN__V1__SIGNATURE_PARTY__PARTY_STUDENT};
    if (!ts_make_placement(W.coach, &p, SL_OK, id) || !ts_save_contract(W.coach, id))
        return false;
    for (size_t i = 0; i < sizeof parties / sizeof parties[0]; i++)
        if (!ts_sign_contract(W.coach, id, parties[i], W.f, SL_OK))
            return false;
    return ts_set_placement_status(W.coach, id, STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE,
                                   SL_OK, NULL);
}

/* Sick on M + each of the day offsets given (ending with a negative one). */
static void absent_on(const char *student, ...)
{
    va_list ap;
    va_start(ap, student);
    for (int off; (off = va_arg(ap, int)) >= 0;) {
        char day[11];
        plus(W.m, off, day);
        assert_true(ts_report_sick_day(W.sup, student, day));
    }
    va_end(ap);
}

static int setup(void **state)
{
    (void)state;
    /* The last whole school year before today: every date of the test lies in it. */
    char today[11];
    ts_date(0, today);
    W.y = atoi(today) - (atoi(today + 5) >= 8 ? 1 : 2);
    char t[11];
    ymd(W.y, 9, 1, W.f);
    ymd(W.y, 10, 19, t);
    monday_from(t, W.a);
    ymd(W.y, 12, 21, t);
    monday_from(t, W.c);
    plus(W.a, -14, W.m);
    monday_from(W.f, W.g0);
    char c3[11];
    plus(W.c, 3, c3);
    ymd(W.y, 8, atoi(c3 + 8), W.l); /* four months before C + 3 (August has 31 days) */
    /* An hour between passes: only the pass at each start runs while the test looks. */
    if (!ts_start(&W.ts, "scheduler_interval_seconds = 3600") || !ts_restart_on(&W.ts, W.f))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char coach[37], mentor_a[37], mentor_e[37];
    const ts_company_spec x = {.name = "Tuincentrum X",
                               .address = "Kasweg 2",
                               .city = "Utrecht",
                               .sector = 3,
                               .recognised = true};
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, coach) ||
        !ts_create_user(W.admin, "mentor-a", 4, NULL, mentor_a) ||
        !ts_create_user(W.admin, "mentor-e", 4, NULL, mentor_e) ||
        !ts_make_class(W.admin, "4A", 4, mentor_a, W.class_a) ||
        !ts_make_class(W.admin, "E1", 6, mentor_e, W.class_e) ||
        !ts_make_company(W.admin, &x, W.company) ||
        !ts_create_user(W.admin, "sup-x", 5, W.company, W.sup_id) || !school_year() ||
        !make_student("Eva", W.class_a, W.eva) || !make_finn() ||
        !make_student("Gert", W.class_e, W.gert) || !make_student("Hana", W.class_a, W.hana))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    W.sup = ts_login(&W.ts, "sup-x", TS_PASSWORD);
    char m_end[11], g_end[11];
    plus(W.m, 69, m_end);
    ymd(W.y + 1, 5, 14, g_end);
    if (!W.coach || !W.sup ||
        !make_placement(W.eva, STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR, W.m, m_end,
                        W.p_eva) ||
        !make_placement(W.finn, STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR, W.m, m_end,
                        W.p_finn) ||
        !make_placement(W.gert, STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_ENTREE, W.g0, g_end,
                        W.p_gert) ||
        !ts_record_exit_to_work(W.coach, W.hana, W.l, "Tuincentrum De Linde",
                                "werk bij het tuincentrum"))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *all[] = {W.admin, W.coach, W.sup};
    return ts_teardown(&W.ts, all, sizeof all / sizeof all[0]);
}

/* ---------------------------------------------------------------- Entree */

static sl_envelope *hour_totals(const char *student, const char *date)
{
    Stagelijn__V1__GetHourTotalsRequest t = STAGELIJN__V1__GET_HOUR_TOTALS_REQUEST__INIT;
    t.student_id = (char *)student;
    t.date = (char *)date;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_HOUR_TOTALS;
    req.get_hour_totals = &t;
    return ts_call(W.coach, &req, SL_OK);
}

static bool entree_behind(const char *student)
{
    Stagelijn__V1__GetEntreeProgressRequest g = STAGELIJN__V1__GET_ENTREE_PROGRESS_REQUEST__INIT;
    g.student_id = (char *)student;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_ENTREE_PROGRESS;
    req.get_entree_progress = &g;
    sl_envelope *rep = ts_call(W.coach, &req, SL_OK);
    assert_non_null(rep);
    bool behind = rep->entree_progress->behind;
    sl_envelope_free(rep);
    return behind;
}

/* 1 October, no hours yet: 226 days to 15 May make 650 h at 21 h a week (180 min a day), but
 * 17 of them are holidays; without them it is not enough. The scheduler counts them as
 * GetEntreeProgress does. */
static void test_entree_pace_without_holidays(void **state)
{
    (void)state;
    char e[11];
    ymd(W.y, 10, 1, e);
    restart_on(e);
    assert_true(entree_behind(W.gert));
    assert_int_equal(due_of("entree_hours_behind", W.gert), 1);
    /* Nothing of the others has begun: Eva's and Finn's placements start on M. */
    assert_int_equal(due_of("agenda_unsigned", W.finn), 0);
    assert_int_equal(due_of("repeated_absence", W.eva), 0);
}

/* The projection to the year's end: the pace of the school weeks so far kept over the school
 * weeks left, the three holiday weeks not counted. */
static void test_entree_projection_counts_school_weeks(void **state)
{
    (void)state;
    char e[11], w2[11];
    ymd(W.y, 10, 1, e);
    plus(W.g0, 7, w2);
    assert_true(ts_sign_three_day_week(W.sup, W.p_gert, W.g0, "planten verpotten"));
    assert_true(ts_sign_three_day_week(W.sup, W.p_gert, w2, "planten verpotten"));
    sl_envelope *rep = hour_totals(W.gert, e);
    assert_non_null(rep);
    const Stagelijn__V1__HourTotals *t = rep->hour_totals;
    assert_true(t->entree);
    assert_int_equal(t->minutes_done, 2 * 1260);
    long this_week = days_of(e) - (days_of(e) + 3) % 7;
    long elapsed = (this_week - days_of(W.g0)) / 7 + 1; /* no holiday in September */
    char year_end[11];
    ymd(W.y + 1, 7, 31, year_end);
    long last_week = days_of(year_end) - (days_of(year_end) + 3) % 7;
    long left = (last_week - this_week) / 7 - 3; /* autumn, and Christmas's two */
    assert_int_equal(t->average_week_minutes, 2520 / elapsed);
    assert_int_equal(t->projected_minutes, 2520 + (2520 / elapsed) * left);
    sl_envelope_free(rep);
}

/* ---------------------------------------------------------------- the holiday week */

/* The days the early warning finds `student`'s visit overdue (its RISK_VISIT_OVERDUE
 * reason's value; 0 without that reason). */
static long risk_visit_overdue(const char *student)
{
    Stagelijn__V1__RiskSignalsRequest q = STAGELIJN__V1__RISK_SIGNALS_REQUEST__INIT;
    q.student_id = (char *)student;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RISK_SIGNALS;
    req.risk_signals = &q;
    sl_envelope *rep = ts_call(W.coach, &req, SL_OK);
    assert_non_null(rep);
    assert_int_equal(rep->risk_signals_reply->n_signals, 1);
    const Stagelijn__V1__RiskSignal *sig = rep->risk_signals_reply->signals[0];
    long days = 0;
    for (size_t i = 0; i < sig->n_reasons; i++)
        if (!strcmp(sig->reasons[i]->reason, "RISK_VISIT_OVERDUE"))
            days = (long)sig->reasons[i]->value;
    sl_envelope_free(rep);
    return days;
}

/* The caseload's visit-due date of `placement` (its "visit_due" item), "" without one;
 * *overdue from its detail code's first parameter. */
static void caseload_visit_due(const char *placement, char due[11], bool *overdue)
{
    Stagelijn__V1__CaseloadRequest cr = STAGELIJN__V1__CASELOAD_REQUEST__INIT;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CASELOAD;
    req.caseload = &cr;
    sl_envelope *rep = ts_call(W.coach, &req, SL_OK);
    assert_non_null(rep);
    due[0] = '\0';
    *overdue = false;
    const Stagelijn__V1__Caseload *c = rep->caseload_reply;
    for (size_t i = 0; i < c->n_items; i++) {
        const Stagelijn__V1__CaseloadItem *it = c->items[i];
        if (strcmp(it->kind, "visit_due") || strcmp(it->placement_id, placement))
            continue;
        snprintf(due, 11, "%s", it->due_date);
        *overdue = it->n_detail_params > 0 && !strcmp(it->detail_params[0], "overdue");
    }
    sl_envelope_free(rep);
}

/* The visit plan of the coach for the week of `monday` holds `placement`, due on `due`. */
static bool visit_plan_has(const char *monday, const char *placement, const char *due)
{
    Stagelijn__V1__VisitPlanRequest vp = STAGELIJN__V1__VISIT_PLAN_REQUEST__INIT;
    vp.week_start = (char *)monday;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_VISIT_PLAN;
    req.visit_plan = &vp;
    sl_envelope *rep = ts_call(W.coach, &req, SL_OK);
    assert_non_null(rep);
    bool found = false;
    const Stagelijn__V1__VisitPlanReply *p = rep->visit_plan_reply;
    for (size_t i = 0; i < p->n_visits; i++)
        found = found || (!strcmp(p->visits[i]->placement_id, placement) &&
                          !strcmp(p->visits[i]->due_date, due));
    sl_envelope_free(rep);
    return found;
}

/* Finn's own NextVisit: its due date and whether it is overdue. */
static void next_visit_of_finn(char due[11], bool *overdue)
{
    Stagelijn__V1__NextVisitRequest nv = STAGELIJN__V1__NEXT_VISIT_REQUEST__INIT;
    nv.placement_id = W.p_finn;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_NEXT_VISIT;
    req.next_visit = &nv;
    sl_client *finn = ts_login(&W.ts, "finn", TS_PASSWORD);
    assert_non_null(finn);
    sl_envelope *rep = ts_call(finn, &req, SL_OK);
    assert_non_null(rep);
    snprintf(due, 11, "%s", rep->next_visit_reply->due_date);
    *overdue = rep->next_visit_reply->overdue;
    sl_envelope_free(rep);
    sl_client_close(finn);
}

/* The caseload, the visit plan and Finn's NextVisit show the visit due on `due` (overdue or
 * not), the day the scheduler counts. */
static void visit_due_everywhere(const char *due, bool overdue)
{
    char got[11], monday[11];
    bool late;
    caseload_visit_due(W.p_finn, got, &late);
    assert_string_equal(got, due);
    assert_int_equal(late, overdue);
    next_visit_of_finn(got, &late);
    assert_string_equal(got, due);
    assert_int_equal(late, overdue);
    plus(due, -(int)((days_of(due) + 3) % 7), monday);
    assert_true(visit_plan_has(monday, W.p_finn, due));
}

/* Wednesday of the autumn holiday week: the agenda of M + 7, whose deadline (Wednesday) lies
 * in it, is not due yet; M's is. Eva, sick three times within four weeks, is a repeated
 * absence for her coach and mentor, once. Gert's weekly Entree warning waits for a school
 * week. */
static void test_nothing_falls_due_in_a_holiday_week(void **state)
{
    (void)state;
    char d[11], m_week[11], key[11];
    absent_on(W.eva, 0, 2, 7, -1);
    plus(W.a, 2, d);
    restart_on(d);
    assert_int_equal(due_of("agenda_unsigned", W.finn), 1);
    plus(W.m, 9, m_week);
    snprintf(key, sizeof key, "%s", W.m);
    assert_int_equal(db_count("SELECT count(*) FROM due_items WHERE kind = 'agenda_unsigned' "
                              "AND student_id = '%s' AND due_date = '%s'",
                              W.finn, m_week),
                     1);
    assert_int_equal(due_of("visit_overdue", W.finn), 0);
    assert_int_equal(due_of("entree_hours_behind", W.gert), 1);
    /* The repeated absence: keyed by the window's first day, due on the third report's,
     * for the coach (the placement) and the mentor (the class), not the company. */
    char third[11];
    plus(W.m, 7, third);
    assert_int_equal(due_item_is("repeated_absence", W.eva, key, third), 1);
    assert_int_equal(due_of("repeated_absence", W.eva), 1);
    assert_int_equal(db_count("SELECT count(*) FROM events e JOIN due_items d ON d.event_seq = "
                              "e.seq WHERE d.kind = 'repeated_absence' AND e.student_id = '%s' "
                              "AND e.placement_id = '%s' AND e.class_id = '%s' AND e.company_id "
                              "IS NULL AND e.summary = 'repeated_absence %s %s'",
                              W.eva, W.p_eva, W.class_a, third, key),
                     1);
    /* A fourth report inside the same four weeks raises nothing new. */
    absent_on(W.eva, 9, -1);
}

/* Wednesday after the holiday: M + 7's agenda is due now (a week later), the holiday week's
 * never; the first visit, three weeks after M with the holiday week not counted, is due on
 * A + 14, not yet overdue. */
static void test_holiday_week_not_counted(void **state)
{
    (void)state;
    char d[11], due[11];
    plus(W.a, 9, d);
    restart_on(d);
    assert_int_equal(due_of("agenda_unsigned", W.finn), 2);
    assert_int_equal(db_count("SELECT count(*) FROM due_items WHERE kind = 'agenda_unsigned' "
                              "AND student_id = '%s' AND due_date = '%s'",
                              W.finn, d),
                     1);
    assert_int_equal(due_of("visit_overdue", W.finn), 0);
    assert_int_equal(risk_visit_overdue(W.finn), 0); /* the early warning counts alike */
    assert_int_equal(due_of("repeated_absence", W.eva), 1);
    /* The caseload, the visit plan and NextVisit count as the scheduler does: due on A + 14,
     * not on M + 21 (= A + 7, in calendar days). */
    plus(W.a, 14, due);
    visit_due_everywhere(due, false);
    /* Thursday of the week after: overdue, due on A + 14. */
    plus(W.a, 15, d);
    restart_on(d);
    assert_int_equal(due_item_is("visit_overdue", W.finn, "visit-1", due), 1);
    assert_int_equal(due_of("visit_overdue", W.finn), 1);
    assert_int_equal(risk_visit_overdue(W.finn), 1);
    visit_due_everywhere(due, true);
}

/* ---------------------------------------------------------------- aftercare */

/* Hana's first slot ends on C + 2, in the Christmas holiday: its contact is due on the
 * Wednesday after it (C + 16). Then the daemon is down from A + 15 to the third slot: the
 * second slot passed unseen and is raised once on the catch-up, with the third; a second
 * start on the same day raises nothing. Eva's three reports after her first window make a
 * second one. */
static void test_aftercare_catch_up_and_holiday(void **state)
{
    (void)state;
    char due1[11], j[11], t[11];
    plus(W.c, 16, due1);
    assert_int_equal(due_item_is("aftercare_contact_due", W.hana, "contact-1", due1), 1);
    assert_int_equal(due_of("aftercare_contact_due", W.hana), 1);
    absent_on(W.eva, 35, 37, 40, -1);
    ymd(W.y + 1, 4, atoi(W.l + 8), t); /* L + 8 months: the third slot's first day */
    plus(t, 5, j);
    restart_on(j);
    assert_int_equal(db_count("SELECT count(*) FROM due_items WHERE kind = "
                              "'aftercare_contact_due' AND student_id = '%s' AND due_key = "
                              "'contact-2'",
                              W.hana),
                     1);
    assert_int_equal(db_count("SELECT count(*) FROM due_items WHERE kind = "
                              "'aftercare_contact_due' AND student_id = '%s' AND due_key = "
                              "'contact-3'",
                              W.hana),
                     1);
    assert_int_equal(due_of("aftercare_contact_due", W.hana), 3);
    char second[11], last[11];
    plus(W.m, 35, second);
    plus(W.m, 40, last);
    assert_int_equal(due_item_is("repeated_absence", W.eva, second, last), 1);
    assert_int_equal(due_of("repeated_absence", W.eva), 2);
    /* In the inbox: the mentor of 4A has both of Eva's, in words; E1's mentor none. */
    static char out[65536];
    const char *args[] = {"inbox", "--kind", "repeated_absence", NULL};
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn", "mentor-a", TS_PASSWORD, args, out, sizeof out),
                     0);
    assert_non_null(strstr(out, "\"total\":2"));
    /* Each item, not the grouped line: --items. */
    const char *items[] = {"inbox", "--kind", "repeated_absence", "--items", NULL};
    assert_int_equal(
        ts_run_cli_human(&W.ts, "stagelijn", "mentor-a", TS_PASSWORD, items, out, sizeof out), 0);
    char words[64];
    snprintf(words, sizeof words, "repeatedly absent since %s", second);
    assert_non_null(strstr(out, words));
    assert_non_null(strstr(out, "Eva Kalender"));
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn", "mentor-e", TS_PASSWORD, args, out, sizeof out),
                     0);
    assert_null(strstr(out, "Eva"));
    long total = db_count("SELECT count(*) FROM due_items");
    restart_on(j);
    assert_int_equal(db_count("SELECT count(*) FROM due_items"), total);
    assert_int_equal(db_count("SELECT count(*) FROM events WHERE topic = 'review_due'"), total);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entree_pace_without_holidays),
        cmocka_unit_test(test_entree_projection_counts_school_weeks),
        cmocka_unit_test(test_nothing_falls_due_in_a_holiday_week),
        cmocka_unit_test(test_holiday_week_not_counted),
        cmocka_unit_test(test_aftercare_catch_up_and_holiday),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
