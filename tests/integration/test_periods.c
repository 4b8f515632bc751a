/* Years 4/5 and Entree against a real stagelijnd: practical assignments and their status
 * order, the Entree hours (650 h and 21 h a week, at the boundary, recorded through the
 * weekly agenda), the binding study advice and the practical exam. Every refusal proves that
 * nothing was written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "harness.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT
#define OUT 65536

typedef struct {
    test_server ts;
    sl_client *admin, *coach, *mentor_e, *mentor_f, *sup_a, *sup_b;
    char company_a[37], company_b[37], class_e[37], class_f[37], sup_a_id[37], sup_b_id[37];
    char entree1[37], entree2[37], entree3[37], y4[37], y4_taster[37];
    char p_entree1[37], p_entree2[37], p_entree3[37], p_sector[37], p_taster[37];
    char out[OUT];
} world;

static world W;

/* ---------------------------------------------------------------- helpers */

/* Calls and asserts the status; with `rule`, also that the refusal names it. Returns the
 * reply on success (caller frees), NULL otherwise. */
static sl_envelope *call(sl_client *c, sl_envelope *req, sl_status expect, const char *rule)
{
    bool matched;
    sl_envelope *rep = ts_call_rule(c, req, expect, rule, &matched);
    if (!matched)
        sl_envelope_free(rep);
    assert_true(matched);
    return rep;
}

static void expect(sl_client *c, sl_envelope *req, sl_status st, const char *rule)
{
    sl_envelope *rep = call(c, req, st, rule);
    sl_envelope_free(rep);
}

static void run(int want, const char *prog, const char *user, ...)
{
    const char *args[48];
    int n = 0;
    va_list ap;
    va_start(ap, user);
    const char *a;
    while ((a = va_arg(ap, const char *)) != NULL && n < 47)
        args[n++] = a;
    va_end(ap);
    args[n] = NULL;
    int rc = ts_run_cli(&W.ts, prog, user, TS_PASSWORD, args, W.out, sizeof W.out);
    if (rc != want)
        fprintf(stderr, "%s %s: exit %d, wanted %d; output: %s\n", prog, args[0], rc, want, W.out);
    assert_int_equal(rc, want);
}

/* Adults (19 in the school year 2026-2027), so no parent signs and no minors' limits apply
 * to the hours recorded. */
static bool make_student(const char *first, const char *class_id, char *id)
{
    const ts_student_spec s = {
        .first_name = first, .class_id = class_id, .date_of_birth = "2005-03-03"};
    return ts_make_student(W.admin, &s, id, NULL);
}

/* Three days of 7 hours from `start` to today + 240 in sector 3; new placements start as
 * proposed and are made active through a complete contract signed by school, company and
 * the (adult) student. */
static bool make_placement(const char *student, const char *company, const char *supervisor,
                           int kind, const char *start, char *id)
{
    char end[11];
    ts_date(240, end);
    const ts_placement_spec p = {
        .student_id = student,
        .company_id = company,
        .supervisor_id = supervisor,
        .kind = kind,
        .start_date = start,
        .end_date = end,
        .sector = 3,
        /* The taster runs beside the sector placement of the same
         * student: the law counts both, so on other weekdays. */
        .first_weekday = kind == STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_TASTER ? 4 : 1,
        .n_days = 3,
        .day_start = "08:30",
        .day_end = "16:00",
        .break_minutes = 30};
    return ts_make_active_placement(W.coach, &p, TS_SIGN_ADULT, id);
}

/* The school year of today when the school defined none: 1 August to 31 July. */
static void school_year_start(char out[11])
{
    char today[11];
    ts_date(0, today);
    int y = atoi(today), m = atoi(today + 5);
    snprintf(out, 11, "%04d-08-01", m >= 8 ? y : y - 1);
}

static int school_year_end_year(void)
{
    char today[11];
    ts_date(0, today);
    int y = atoi(today), m = atoi(today + 5);
    return m >= 8 ? y + 1 : y;
}

/* Submits weeks of agenda (as the supervisor) so that they hold exactly `total` minutes:
 * days filled in order with at most `per_day` each. Resubmitting replaces a week's days. */
static void fill_weeks(const char *placement, const char *first_monday, int weeks, long per_day,
                       long total)
{
    long left = total;
    for (int w = 0; w < weeks; w++) {
        char monday[11], dates[7][11];
        ts_date_plus(first_monday, 7 * w, monday);
        Stagelijn__V1__AgendaDay d[7], *dp[7];
        size_t n = 0;
        for (int i = 0; i < 7 && left > 0; i++) {
            stagelijn__v1__agenda_day__init(&d[n]);
            ts_date_plus(monday, i, dates[n]);
            d[n].date = dates[n];
            d[n].minutes_worked = (uint32_t)(left < per_day ? left : per_day);
            d[n].tasks = "winkelwerk";
            left -= d[n].minutes_worked;
            dp[n] = &d[n];
            n++;
        }
        Stagelijn__V1__SubmitAgendaWeekRequest s = STAGELIJN__V1__SUBMIT_AGENDA_WEEK_REQUEST__INIT;
        s.placement_id = (char *)placement;
        s.week_start = monday;
        s.n_days = n;
        s.days = dp;
        ENV(req);
        req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_AGENDA_WEEK;
        req.submit_agenda_week = &s;
        expect(W.sup_a, &req, SL_OK, NULL);
    }
    assert_int_equal(left, 0);
}

static sl_envelope *progress(sl_client *c, const char *student, sl_status st, const char *rule)
{
    Stagelijn__V1__GetEntreeProgressRequest g = STAGELIJN__V1__GET_ENTREE_PROGRESS_REQUEST__INIT;
    g.student_id = (char *)student;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_ENTREE_PROGRESS;
    req.get_entree_progress = &g;
    return call(c, &req, st, rule);
}

/* Days since 1970-01-01 of a YYYY-MM-DD date (civil calendar). */
static long day_number(const char *ymd)
{
    long y = atol(ymd), m = atol(ymd + 5), d = atol(ymd + 8);
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static bool finding(const Stagelijn__V1__EntreeProgress *p, const char *rule)
{
    for (size_t i = 0; i < p->n_findings; i++)
        if (!strcmp(p->findings[i]->rule_id, rule))
            return true;
    return false;
}

/* ---------------------------------------------------------------- setup */

/* Weeks of Entree hours for the 650 h test, all inside this school year and before this week. */
static int hours_weeks;
static char hours_start[11];

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&W.ts, NULL))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char coach[37], me[37], mf[37];
    const ts_company_spec winkel_a = {.name = "Winkel A",
                                      .address = "Dorpsstraat 1",
                                      .city = "Utrecht",
                                      .sector = 3,
                                      .places = 5,
                                      .supervision_capacity = 5,
                                      .recognised = true};
    ts_company_spec winkel_b = winkel_a;
    winkel_b.name = "Winkel B";
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, coach) ||
        !ts_create_user(W.admin, "mentor-e", 4, NULL, me) ||
        !ts_create_user(W.admin, "mentor-f", 4, NULL, mf) ||
        !ts_make_class(W.admin, "E1", 6, me, W.class_e) ||
        !ts_make_class(W.admin, "F4", 4, mf, W.class_f) ||
        !ts_make_company(W.admin, &winkel_a, W.company_a) ||
        !ts_make_company(W.admin, &winkel_b, W.company_b) ||
        !ts_create_user(W.admin, "sup-a", 5, W.company_a, W.sup_a_id) ||
        !ts_create_user(W.admin, "sup-b", 5, W.company_b, W.sup_b_id) ||
        !make_student("Eva", W.class_e, W.entree1) || !make_student("Emre", W.class_e, W.entree2) ||
        !make_student("Esra", W.class_e, W.entree3) || !make_student("Finn", W.class_f, W.y4) ||
        !make_student("Fenna", W.class_f, W.y4_taster))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    W.mentor_e = ts_login(&W.ts, "mentor-e", TS_PASSWORD);
    W.mentor_f = ts_login(&W.ts, "mentor-f", TS_PASSWORD);
    W.sup_a = ts_login(&W.ts, "sup-a", TS_PASSWORD);
    W.sup_b = ts_login(&W.ts, "sup-b", TS_PASSWORD);
    if (!W.coach || !W.mentor_e || !W.mentor_f || !W.sup_a || !W.sup_b)
        return -1;

    /* As many whole weeks as this school year has had before last week, at most 10. */
    char year_start[11];
    school_year_start(year_start);
    hours_weeks = 10;
    for (;;) {
        ts_monday(-7 * (hours_weeks + 1), hours_start);
        if (strcmp(hours_start, year_start) >= 0 || hours_weeks == 2)
            break;
        hours_weeks--;
    }
    char two_weeks[11];
    ts_monday(-14, two_weeks);
    if (!make_placement(W.entree1, W.company_a, W.sup_a_id,
                        STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_ENTREE, hours_start,
                        W.p_entree1) ||
        !make_placement(W.entree2, W.company_a, W.sup_a_id,
                        STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_ENTREE, two_weeks, W.p_entree2) ||
        !make_placement(W.entree3, W.company_a, W.sup_a_id,
                        STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_DUAL, two_weeks, W.p_entree3) ||
        !make_placement(W.y4, W.company_a, W.sup_a_id,
                        STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR, two_weeks, W.p_sector) ||
        /* Another student: Finn's days are held by his sector placement. */
        !make_placement(W.y4_taster, W.company_b, W.sup_b_id,
                        STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_TASTER, two_weeks, W.p_taster))
        return -1;
    return 0;
}

/* Restarts the server with its clock on `ymd` and logs every client in again. */
static void restart_on(const char *ymd)
{
    sl_client **all[] = {&W.admin, &W.coach, &W.mentor_e, &W.mentor_f, &W.sup_a, &W.sup_b};
    const char *users[] = {"admin", "coach", "mentor-e", "mentor-f", "sup-a", "sup-b"};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        sl_client_close(*all[i]);
        *all[i] = NULL;
    }
    assert_true(ts_restart_on(&W.ts, ymd));
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        *all[i] = ts_login(&W.ts, users[i], i == 0 ? TS_ADMIN_PASSWORD : TS_PASSWORD);
        assert_non_null(*all[i]);
    }
}

static int teardown(void **state)
{
    (void)state;
    sl_client *all[] = {W.admin, W.coach, W.mentor_e, W.mentor_f, W.sup_a, W.sup_b};
    return ts_teardown(&W.ts, all, sizeof all / sizeof all[0]);
}

/* ---------------------------------------------------------------- assignments */

static sl_envelope *save_assignment(sl_client *c, const char *id, const char *placement,
                                    uint32_t period, uint32_t number, const char *title, int status,
                                    const char *notes, sl_status st, const char *rule)
{
    Stagelijn__V1__PracticalAssignment a = STAGELIJN__V1__PRACTICAL_ASSIGNMENT__INIT;
    a.id = (char *)id;
    a.placement_id = (char *)placement;
    a.period = period;
    a.number = number;
    a.title = (char *)title;
    a.status = (Stagelijn__V1__AssignmentStatus)status;
    a.notes = (char *)notes;
    Stagelijn__V1__SaveAssignmentRequest s = STAGELIJN__V1__SAVE_ASSIGNMENT_REQUEST__INIT;
    s.assignment = &a;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_ASSIGNMENT;
    req.save_assignment = &s;
    return call(c, &req, st, rule);
}

static void test_assignments(void **state)
{
    (void)state;
    enum { OPEN = 1, IN_PROGRESS, SUBMITTED, APPROVED };
    /* The coach creates one through the workstation program. */
    run(0, "stagelijn", "coach", "assignment", "save", "--placement", W.p_sector, "--period", "1",
        "--number", "1", "--title", "Schap vullen volgens planogram", NULL);
    char a1[37];
    assert_true(ts_json_str(W.out, "id", a1, sizeof a1));
    assert_int_equal(ts_count_rows(&W.ts, "practical_assignments WHERE status = 1"), 1);
    assert_int_equal(ts_count_rows(&W.ts, "practical_assignments"), 1);
    long audits = ts_count_rows(&W.ts, "audit WHERE operation LIKE 'assignment.%'");
    assert_int_equal(audits, 1);

    /* The supervisor creates the second of period 1 on the kiosk. */
    sl_envelope *rep =
        save_assignment(W.sup_a, "", W.p_sector, 1, 2, "Klant helpen", 0, "", SL_OK, NULL);
    char a2[37];
    snprintf(a2, sizeof a2, "%s", rep->practical_assignment->id);
    assert_int_equal(rep->practical_assignment->status, OPEN);
    sl_envelope_free(rep);

    /* Refusals: nothing written. */
    long before = ts_count_rows(&W.ts, "practical_assignments");
    sl_envelope_free(
        save_assignment(W.coach, "", W.p_sector, 1, 1, "Nog een", 0, "", SL_EEXISTS, NULL));
    sl_envelope_free(
        save_assignment(W.coach, "", W.p_sector, 4, 1, "Periode vier", 0, "", SL_EINVAL, NULL));
    sl_envelope_free(
        save_assignment(W.coach, "", W.p_sector, 0, 1, "Periode nul", 0, "", SL_EINVAL, NULL));
    sl_envelope_free(
        save_assignment(W.coach, "", W.p_sector, 2, 3, "Derde", 0, "", SL_EINVAL, NULL));
    sl_envelope_free(save_assignment(W.coach, "", W.p_sector, 2, 1, "", 0, "", SL_EINVAL, NULL));
    sl_envelope_free(
        save_assignment(W.coach, "", W.p_sector, 2, 1, "Twee\nregels", 0, "", SL_EINVAL, NULL));
    sl_envelope_free(
        save_assignment(W.coach, "", W.p_sector, 2, 1, "Status", 9, "", SL_EINVAL, NULL));
    sl_envelope_free(save_assignment(W.coach, "", W.p_taster, 1, 1, "Snuffelen", 0, "", SL_EPRECOND,
                                     "ASSIGNMENT_WRONG_KIND"));
    sl_envelope_free(save_assignment(W.coach, "", W.p_sector, 2, 1, "Meteen goed", APPROVED, "",
                                     SL_EPRECOND, "ASSIGNMENT_STATUS_ORDER"));
    sl_envelope_free(
        save_assignment(W.sup_b, "", W.p_sector, 2, 1, "Ander bedrijf", 0, "", SL_EPERM, NULL));
    sl_envelope_free(
        save_assignment(W.mentor_f, "", W.p_sector, 2, 1, "Mentor", 0, "", SL_EPERM, NULL));
    sl_envelope_free(
        save_assignment(W.admin, "", W.p_sector, 2, 1, "Beheer", 0, "", SL_EPERM, NULL));
    sl_envelope_free(
        save_assignment(W.coach, "", "not-an-id", 2, 1, "Fout", 0, "", SL_EINVAL, NULL));
    assert_int_equal(ts_count_rows(&W.ts, "practical_assignments"), before);
    assert_int_equal(ts_count_rows(&W.ts, "audit WHERE operation LIKE 'assignment.%'"), 2);

    /* The status order: the supervisor moves up to submitted, the coach approves. */
    rep = save_assignment(W.sup_a, a1, W.p_sector, 0, 0, "", IN_PROGRESS, "begonnen", SL_OK, NULL);
    assert_string_equal(rep->practical_assignment->notes, "begonnen");
    sl_envelope_free(rep);
    rep = save_assignment(W.sup_a, a1, W.p_sector, 0, 0, "", SUBMITTED, "", SL_OK, NULL);
    assert_int_equal(rep->practical_assignment->status, SUBMITTED);
    assert_string_equal(rep->practical_assignment->notes, "begonnen"); /* kept */
    sl_envelope_free(rep);
    sl_envelope_free(
        save_assignment(W.sup_a, a1, W.p_sector, 0, 0, "", APPROVED, "", SL_EPERM, NULL));
    sl_envelope_free(save_assignment(W.sup_a, a1, W.p_sector, 0, 0, "", OPEN, "", SL_EPRECOND,
                                     "ASSIGNMENT_STATUS_ORDER"));
    sl_envelope_free(
        save_assignment(W.coach, a1, W.p_sector, 2, 0, "", SUBMITTED, "", SL_EINVAL, NULL));
    sl_envelope_free(save_assignment(W.coach, a2, W.p_sector, 0, 0, "", APPROVED, "", SL_EPRECOND,
                                     "ASSIGNMENT_STATUS_ORDER"));
    sl_envelope_free(
        save_assignment(W.coach, a1, W.p_taster, 0, 0, "", APPROVED, "", SL_ENOTFOUND, NULL));
    sl_envelope_free(
        save_assignment(W.sup_b, a1, W.p_sector, 0, 0, "", SUBMITTED, "", SL_EPERM, NULL));
    /* The coach sends it back once, then approves the resubmission. */
    sl_envelope_free(save_assignment(W.coach, a1, W.p_sector, 0, 0, "", IN_PROGRESS, "nog een keer",
                                     SL_OK, NULL));
    sl_envelope_free(
        save_assignment(W.sup_a, a1, W.p_sector, 0, 0, "", SUBMITTED, "", SL_OK, NULL));
    run(0, "stagelijn", "coach", "assignment", "save", "--placement", W.p_sector, "--id", a1,
        "--status", "approved", NULL);
    char approved_sql[96];
    snprintf(approved_sql, sizeof approved_sql,
             "practical_assignments WHERE id = '%s' AND status = 4", a1);
    assert_int_equal(ts_count_rows(&W.ts, approved_sql), 1);
    sl_envelope_free(save_assignment(W.coach, a1, W.p_sector, 0, 0, "", IN_PROGRESS, "",
                                     SL_EPRECOND, "ASSIGNMENT_STATUS_ORDER"));
    sl_envelope_free(
        save_assignment(W.coach, a1, W.p_sector, 0, 0, "Nieuwe titel", 0, "", SL_EPRECOND, NULL));

    /* Reading: the supervisor on the kiosk, the coach, the mentor of the class. */
    run(0, "stagelijn-kiosk", "sup-a", "assignment", "list", "--placement", W.p_sector, NULL);
    assert_non_null(strstr(W.out, a1));
    assert_non_null(strstr(W.out, a2));
    run(0, "stagelijn-kiosk", "sup-a", "assignment", "save", "--placement", W.p_sector, "--id", a2,
        "--status", "in_progress", NULL);
    run(1, "stagelijn-kiosk", "sup-a", "assignment", "save", "--placement", W.p_sector, "--id", a2,
        "--status", "approved", NULL);
    Stagelijn__V1__ListAssignmentsRequest l = STAGELIJN__V1__LIST_ASSIGNMENTS_REQUEST__INIT;
    l.placement_id = W.p_sector;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_ASSIGNMENTS;
    req.list_assignments = &l;
    rep = call(W.mentor_f, &req, SL_OK, NULL);
    assert_int_equal(rep->list_assignments_reply->n_assignments, 2);
    assert_int_equal(rep->list_assignments_reply->assignments[0]->number, 1);
    assert_int_equal(rep->list_assignments_reply->assignments[0]->status, APPROVED);
    assert_int_equal(rep->list_assignments_reply->assignments[1]->status, IN_PROGRESS);
    sl_envelope_free(rep);
    expect(W.coach, &req, SL_OK, NULL);
    expect(W.mentor_e, &req, SL_EPERM, NULL);
    expect(W.sup_b, &req, SL_EPERM, NULL);
    l.placement_id = "";
    expect(W.coach, &req, SL_EINVAL, NULL);
}

/* ---------------------------------------------------------------- Entree hours */

static void test_entree_week_average_boundary(void **state)
{
    (void)state;
    /* Two whole weeks since the start: 2 x 21:00 meets the norm, one minute less does not. */
    char monday[11];
    ts_monday(-14, monday);
    fill_weeks(W.p_entree2, monday, 2, 420, 2 * 21 * 60);
    fill_weeks(W.p_entree3, monday, 2, 420, 2 * 21 * 60 - 1);

    sl_envelope *rep = progress(W.coach, W.entree2, SL_OK, NULL);
    const Stagelijn__V1__EntreeProgress *p = rep->entree_progress;
    assert_int_equal(p->minutes_done, 2520);
    assert_int_equal(p->minutes_required, 650 * 60);
    assert_int_equal(p->minutes_short, 650 * 60 - 2520);
    assert_true(p->average_week_hours > 20.999 && p->average_week_hours < 21.001);
    assert_false(finding(p, "SCHOOL_ENTREE_WEEK_HOURS"));
    assert_true(finding(p, "ENTREE_EXAM_HOURS_650"));
    assert_true(finding(p, "ENTREE_EXAM_INTERNSHIP_NOT_PASSED"));
    assert_false(p->exam_eligible);
    sl_envelope_free(rep);

    rep = progress(W.sup_a, W.entree3, SL_OK, NULL); /* the supervisor of the company reads too */
    p = rep->entree_progress;
    assert_int_equal(p->minutes_done, 2519);
    assert_true(p->average_week_hours < 21.0);
    assert_true(finding(p, "SCHOOL_ENTREE_WEEK_HOURS"));
    /* 1259.5 minutes a week is 20:59, never "21.0" next to a norm of 21 it fails. */
    assert_int_equal(p->average_week_minutes, 1259);
    for (size_t i = 0; i < p->n_findings; i++)
        if (!strcmp(p->findings[i]->rule_id, "SCHOOL_ENTREE_WEEK_HOURS")) {
            assert_non_null(strstr(p->findings[i]->message, "(20:59 h a week on average)"));
            assert_null(strstr(p->findings[i]->message, "21.0"));
            /* codes: the minutes themselves, for the client to show as H:MM. */
            assert_string_equal(p->findings[i]->detail_code, "det_week_average");
            assert_int_equal(p->findings[i]->n_detail_params, 1);
            assert_string_equal(p->findings[i]->detail_params[0], "1259");
        }
    /* Behind: 21 h a week from today to 15 May no longer covers what is short. */
    char today[11], deadline[24];
    ts_date(0, today);
    snprintf(deadline, sizeof deadline, "%04d-05-15", school_year_end_year());
    long days = day_number(deadline) - day_number(today);
    bool behind = (long)p->minutes_short > days * 180;
    assert_int_equal(p->behind, behind);
    assert_int_equal(finding(p, "SCHOOL_ENTREE_BEHIND_650"), behind);
    sl_envelope_free(rep);

    /* Through the workstation program. */
    run(0, "stagelijn", "coach", "entree", "progress", "--student", W.entree3, NULL);
    assert_non_null(strstr(W.out, "SCHOOL_ENTREE_WEEK_HOURS"));

    /* Refusals. */
    progress(W.coach, W.y4, SL_EPRECOND, "ENTREE_NOT_ENTREE");
    progress(W.mentor_f, W.entree2, SL_EPERM, NULL); /* mentor of another class */
    progress(W.sup_b, W.entree2, SL_EPERM, NULL);    /* supervisor of another company */
    progress(W.coach, "", SL_EINVAL, NULL);
    rep = progress(W.mentor_e, W.entree2, SL_OK, NULL); /* the class's own mentor */
    sl_envelope_free(rep);
}

static sl_envelope *plan_exam(sl_client *c, const char *placement, const char *date,
                              const char *examiner, sl_status st, const char *rule)
{
    Stagelijn__V1__ExamSession e = STAGELIJN__V1__EXAM_SESSION__INIT;
    e.placement_id = (char *)placement;
    e.date = (char *)date;
    e.examiner = (char *)examiner;
    e.supervisor_name = "P. Begeleider";
    Stagelijn__V1__SaveExamSessionRequest s = STAGELIJN__V1__SAVE_EXAM_SESSION_REQUEST__INIT;
    s.session = &e;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_EXAM_SESSION;
    req.save_exam_session = &s;
    return call(c, &req, st, rule);
}

static void exam_result(sl_client *c, const char *id, const char *placement, const char *result,
                        sl_status st, const char *rule)
{
    Stagelijn__V1__ExamSession e = STAGELIJN__V1__EXAM_SESSION__INIT;
    e.id = (char *)id;
    e.placement_id = (char *)placement;
    e.result = (char *)result;
    Stagelijn__V1__SaveExamSessionRequest s = STAGELIJN__V1__SAVE_EXAM_SESSION_REQUEST__INIT;
    s.session = &e;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_EXAM_SESSION;
    req.save_exam_session = &s;
    expect(c, &req, st, rule);
}

static void end_assessment(const char *placement, int verdict)
{
    Stagelijn__V1__CompetenceRatings cr = STAGELIJN__V1__COMPETENCE_RATINGS__INIT;
    cr.persoonlijk = cr.arbeid = cr.sociaal = cr.onderzoek = cr.leren = 4;
    Stagelijn__V1__Assessment a = STAGELIJN__V1__ASSESSMENT__INIT;
    a.placement_id = (char *)placement;
    a.kind = STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_END;
    a.ratings = &cr;
    a.verdict = (Stagelijn__V1__Judgement)verdict;
    Stagelijn__V1__SubmitAssessmentRequest s = STAGELIJN__V1__SUBMIT_ASSESSMENT_REQUEST__INIT;
    s.assessment = &a;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_ASSESSMENT;
    req.submit_assessment = &s;
    expect(W.sup_a, &req, SL_OK, NULL);
}

static void test_entree_650_and_exam(void **state)
{
    (void)state;
    long per_day = (650L * 60 + 7 * hours_weeks - 1) / (7 * hours_weeks);
    assert_true(per_day <= 1440);
    fill_weeks(W.p_entree1, hours_start, hours_weeks, per_day, 650L * 60 - 1);

    char may[24], april[24], past[24];
    int end_year = school_year_end_year();
    snprintf(may, sizeof may, "%04d-05-20", end_year);
    snprintf(april, sizeof april, "%04d-04-20", end_year);
    ts_date(-1, past);

    /* 649:59 and no end assessment yet. */
    sl_envelope *rep = progress(W.coach, W.entree1, SL_OK, NULL);
    assert_int_equal(rep->entree_progress->minutes_done, 650 * 60 - 1);
    assert_int_equal(rep->entree_progress->minutes_short, 1);
    assert_false(rep->entree_progress->exam_eligible);
    assert_true(finding(rep->entree_progress, "ENTREE_EXAM_HOURS_650"));
    sl_envelope_free(rep);
    plan_exam(W.coach, W.p_entree1, may, "E. Xaminator", SL_EPRECOND, "ENTREE_EXAM_HOURS_650");
    plan_exam(W.coach, W.p_entree1, may, "E. Xaminator", SL_EPRECOND,
              "ENTREE_EXAM_INTERNSHIP_NOT_PASSED");

    /* A negative end assessment is no pass; the later positive one is. */
    end_assessment(W.p_entree1, STAGELIJN__V1__JUDGEMENT__JUDGEMENT_NEGATIVE);
    plan_exam(W.coach, W.p_entree1, may, "E. Xaminator", SL_EPRECOND,
              "ENTREE_EXAM_INTERNSHIP_NOT_PASSED");
    end_assessment(W.p_entree1, STAGELIJN__V1__JUDGEMENT__JUDGEMENT_POSITIVE);
    rep =
        plan_exam(W.coach, W.p_entree1, may, "E. Xaminator", SL_EPRECOND, "ENTREE_EXAM_HOURS_650");
    assert_null(rep);
    rep = progress(W.coach, W.entree1, SL_OK, NULL);
    assert_false(finding(rep->entree_progress, "ENTREE_EXAM_INTERNSHIP_NOT_PASSED"));
    assert_false(rep->entree_progress->exam_eligible);
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "exam_sessions"), 0);

    /* One more minute: exactly 650:00. */
    fill_weeks(W.p_entree1, hours_start, hours_weeks, per_day, 650L * 60);
    rep = progress(W.coach, W.entree1, SL_OK, NULL);
    assert_int_equal(rep->entree_progress->minutes_done, 650 * 60);
    assert_int_equal(rep->entree_progress->minutes_short, 0);
    assert_false(rep->entree_progress->behind);
    assert_true(rep->entree_progress->exam_eligible);
    assert_false(finding(rep->entree_progress, "ENTREE_EXAM_HOURS_650"));
    assert_false(finding(rep->entree_progress, "SCHOOL_ENTREE_BEHIND_650"));
    sl_envelope_free(rep);

    /* Refusals of planning, nothing written. */
    plan_exam(W.coach, W.p_entree1, april, "E. Xaminator", SL_EPRECOND, "EXAM_MAY");
    char next_may[24];
    snprintf(next_may, sizeof next_may, "%04d-05-20", end_year + 1);
    plan_exam(W.coach, W.p_entree1, next_may, "E. Xaminator", SL_EPRECOND, "EXAM_MAY");
    plan_exam(W.coach, W.p_entree1, past, "E. Xaminator", SL_EINVAL, NULL);
    plan_exam(W.coach, W.p_entree1, "2027-02-30", "E. Xaminator", SL_EINVAL, NULL);
    plan_exam(W.coach, W.p_entree1, may, "", SL_EINVAL, NULL);
    plan_exam(W.coach, W.p_sector, may, "E. Xaminator", SL_EPRECOND, "EXAM_WRONG_KIND");
    plan_exam(W.sup_a, W.p_entree1, may, "E. Xaminator", SL_EPERM, NULL);
    plan_exam(W.mentor_e, W.p_entree1, may, "E. Xaminator", SL_EPERM, NULL);
    plan_exam(W.admin, W.p_entree1, may, "E. Xaminator", SL_EPERM, NULL);
    assert_int_equal(ts_count_rows(&W.ts, "exam_sessions"), 0);

    /* Planned through the workstation program; the coach is the caller. */
    run(0, "stagelijn", "coach", "exam", "plan", "--placement", W.p_entree1, "--date", may,
        "--examiner", "E. Xaminator", "--supervisor", "P. Begeleider", NULL);
    char exam[37];
    assert_true(ts_json_str(W.out, "id", exam, sizeof exam));
    assert_int_equal(ts_count_rows(&W.ts, "exam_sessions"), 1);
    assert_int_equal(ts_count_rows(&W.ts, "audit WHERE operation = 'exam_session.plan'"), 1);
    plan_exam(W.coach, W.p_entree1, may, "E. Xaminator", SL_EEXISTS, NULL);

    /* The result. */
    exam_result(W.coach, exam, W.p_entree1, "maybe", SL_EINVAL, NULL);
    exam_result(W.coach, exam, W.p_entree2, "passed", SL_ENOTFOUND, NULL);
    exam_result(W.sup_a, exam, W.p_entree1, "passed", SL_EPERM, NULL);
    /* Not before the exam has been held (DATE_IN_FUTURE); on the day after it, it is. */
    exam_result(W.coach, exam, W.p_entree1, "passed", SL_EPRECOND, "DATE_IN_FUTURE");
    assert_int_equal(ts_count_rows(&W.ts, "exam_sessions WHERE result <> ''"), 0);
    char day_after[24];
    snprintf(day_after, sizeof day_after, "%04d-05-21", end_year);
    restart_on(day_after);
    run(0, "stagelijn", "coach", "exam", "result", "--id", exam, "--placement", W.p_entree1,
        "--result", "passed", NULL);
    assert_non_null(strstr(W.out, "passed"));
    exam_result(W.coach, exam, W.p_entree1, "failed", SL_EPRECOND, "EXAM_RESULT_FINAL");
    assert_int_equal(ts_count_rows(&W.ts, "exam_sessions WHERE result = 'passed'"), 1);
    assert_int_equal(ts_count_rows(&W.ts, "audit WHERE operation = 'exam_session.result'"), 1);
    plan_exam(W.coach, W.p_entree1, day_after, "E. Xaminator", SL_EEXISTS, NULL);
}

/* ---------------------------------------------------------------- binding study advice */

static void advice(sl_client *c, const char *student, const char *date, bool cont,
                   const char *notes, sl_status st, const char *rule)
{
    Stagelijn__V1__StudyAdvice a = STAGELIJN__V1__STUDY_ADVICE__INIT;
    a.student_id = (char *)student;
    a.date = (char *)date;
    a.continue_study = cont;
    a.notes = (char *)notes;
    Stagelijn__V1__RecordStudyAdviceRequest r = STAGELIJN__V1__RECORD_STUDY_ADVICE_REQUEST__INIT;
    r.advice = &a;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_STUDY_ADVICE;
    req.record_study_advice = &r;
    expect(c, &req, st, rule);
}

static long stop_events(sl_client *c)
{
    Stagelijn__V1__ListNotificationsRequest l = STAGELIJN__V1__LIST_NOTIFICATIONS_REQUEST__INIT;
    l.limit = 500;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_NOTIFICATIONS;
    req.list_notifications = &l;
    sl_envelope *rep = call(c, &req, SL_OK, NULL);
    long n = 0;
    for (size_t i = 0; i < rep->list_notifications_reply->n_events; i++)
        n += !strcmp(rep->list_notifications_reply->events[i]->topic, "study_advice");
    sl_envelope_free(rep);
    return n;
}

static void test_study_advice(void **state)
{
    (void)state;
    /* The server's today is 10 December of this school year (the students' Entree year). */
    char today[11], december[24], november[24], tomorrow[24], last_year[24];
    ts_date(0, today);
    int y = atoi(today), m = atoi(today + 5);
    int first = m >= 8 ? y : y - 1;
    snprintf(december, sizeof december, "%04d-12-10", first);
    snprintf(tomorrow, sizeof tomorrow, "%04d-12-11", first);
    snprintf(november, sizeof november, "%04d-11-10", first);
    snprintf(last_year, sizeof last_year, "%04d-12-10", first - 1);
    restart_on(december);

    advice(W.coach, W.entree1, december, true, "", SL_OK, NULL);
    assert_int_equal(ts_count_rows(&W.ts, "study_advice"), 1);
    assert_int_equal(stop_events(W.mentor_e), 0); /* continuing is no news for the mentor */

    long rows = ts_count_rows(&W.ts, "study_advice");
    long audit = ts_count_rows(&W.ts, "audit");
    advice(W.coach, W.entree1, december, false, "Toch stoppen", SL_EEXISTS, NULL);
    advice(W.coach, W.entree2, november, true, "", SL_EPRECOND, "BSA_DECEMBER");
    advice(W.coach, W.y4, december, true, "", SL_EPRECOND, "BSA_NOT_ENTREE");
    advice(W.coach, W.entree2, tomorrow, true, "", SL_EPRECOND, "DATE_IN_FUTURE");
    advice(W.coach, W.entree2, last_year, true, "", SL_EPRECOND, "DATE_OUTSIDE_ENTREE_YEAR");
    advice(W.coach, W.entree2, "10-12-2025", true, "", SL_EINVAL, NULL);
    advice(W.coach, W.entree2, december, false, "", SL_EINVAL, NULL); /* a stop needs a reason */
    advice(W.mentor_e, W.entree2, december, true, "", SL_EPERM, NULL);
    advice(W.sup_a, W.entree2, december, true, "", SL_EPERM, NULL);
    advice(W.admin, W.entree2, december, true, "", SL_EPERM, NULL);
    assert_int_equal(ts_count_rows(&W.ts, "study_advice"), rows);
    assert_int_equal(ts_count_rows(&W.ts, "audit"), audit);

    /* An advice to stop, through the workstation program: the mentor is told. */
    run(0, "stagelijn", "coach", "advice", "record", "--student", W.entree2, "--date", december,
        "--decision", "stop", "--notes", "Te weinig uren en motivatie", NULL);
    assert_non_null(strstr(W.out, W.entree2));
    assert_int_equal(ts_count_rows(&W.ts, "study_advice WHERE continue_study = 0"), 1);
    assert_int_equal(stop_events(W.mentor_e), 1);
    assert_int_equal(stop_events(W.mentor_f), 0); /* another class's mentor does not see it */
    assert_int_equal(stop_events(W.sup_a), 0);    /* nor the company */
    run(2, "stagelijn", "coach", "advice", "record", "--student", W.entree2, "--date", december,
        "--decision", "maybe", NULL);
}

int main(void)
{
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_assignments),
        cmocka_unit_test(test_entree_week_average_boundary),
        cmocka_unit_test(test_entree_650_and_exam),
        cmocka_unit_test(test_study_advice),
    };
    return cmocka_run_group_tests_name("integration_periods", tests, setup, teardown);
}
