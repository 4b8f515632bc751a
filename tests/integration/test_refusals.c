/* Every refusal against a real stagelijnd: authentication, the policy per role, bad input,
 * protocol abuse; each with proof that other connections keep being served and that a
 * refused request wrote nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

typedef struct {
    test_server ts;
    sl_client *admin, *coach, *mentor_a, *mentor_b, *sup_a, *sup_b, *stud;
    char company_a[37], company_b[37], class_a[37], class_b[37];
    char student_a[37], student_b[37], placement_a[37];
    char sup_b_id[37];
} world;

static world W;

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT

static Stagelijn__V1__ScheduleDay day_mon = STAGELIJN__V1__SCHEDULE_DAY__INIT;
static Stagelijn__V1__ScheduleDay *sched[1] = {&day_mon};

static void placement_msg(Stagelijn__V1__Placement *p, const char *student, const char *company,
                          const char *supervisor)
{
    stagelijn__v1__placement__init(p);
    day_mon.weekday = 1;
    day_mon.start = "09:00";
    day_mon.end = "14:00";
    day_mon.break_minutes = 30;
    p->student_id = (char *)student;
    p->company_id = (char *)company;
    p->supervisor_id = (char *)supervisor;
    p->kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR;
    static char start[11], end[11];
    ts_monday(-14, start);
    ts_date(90, end);
    p->start_date = start;
    p->end_date = end;
    p->n_schedule = 1;
    p->schedule = sched;
}

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&W.ts, "login_max_failures = 5\nlogin_lockout_seconds = 60\n"))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char coach[37], ma[37], mb[37], sa[37], sb[37];
    const ts_company_spec company_a = {.name = "Company A", .places = 2, .supervision_capacity = 2};
    const ts_company_spec company_b = {.name = "Company B", .places = 2, .supervision_capacity = 2};
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, coach) ||
        !ts_create_user(W.admin, "mentor-a", 4, NULL, ma) ||
        !ts_create_user(W.admin, "mentor-b", 4, NULL, mb) ||
        !ts_make_class(W.admin, "A", 4, ma, W.class_a) ||
        !ts_make_class(W.admin, "B", 4, mb, W.class_b) ||
        !ts_make_company(W.admin, &company_a, W.company_a) ||
        !ts_make_company(W.admin, &company_b, W.company_b) ||
        !ts_create_user(W.admin, "sup-a", 5, W.company_a, sa) ||
        !ts_create_user(W.admin, "sup-b", 5, W.company_b, sb) ||
        !ts_create_user(W.admin, "bot", 7, NULL, NULL))
        return -1;
    snprintf(W.sup_b_id, sizeof W.sup_b_id, "%s", sb);
    /* The student with a login: the one-time password comes back once, to the admin. */
    const ts_student_spec anna = {.first_name = "Anna",
                                  .class_id = W.class_a,
                                  .date_of_birth = "2010-05-05",
                                  .support_need = true,
                                  .username = "anna"};
    const ts_student_spec bob = {
        .first_name = "Bob", .class_id = W.class_b, .date_of_birth = "2010-05-05", .nt2 = true};
    char otp[64];
    if (!ts_make_student(W.admin, &anna, W.student_a, otp))
        return -1;
    if (strlen(otp) < 10 || !ts_make_student(W.admin, &bob, W.student_b, NULL))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    W.mentor_a = ts_login(&W.ts, "mentor-a", TS_PASSWORD);
    W.mentor_b = ts_login(&W.ts, "mentor-b", TS_PASSWORD);
    W.sup_a = ts_login(&W.ts, "sup-a", TS_PASSWORD);
    W.sup_b = ts_login(&W.ts, "sup-b", TS_PASSWORD);
    W.stud = ts_student_login(&W.ts, "anna", otp);
    if (!W.coach || !W.mentor_a || !W.mentor_b || !W.sup_a || !W.sup_b || !W.stud)
        return -1;
    Stagelijn__V1__Placement p;
    placement_msg(&p, W.student_a, W.company_a, sa);
    Stagelijn__V1__CreatePlacementRequest cp = STAGELIJN__V1__CREATE_PLACEMENT_REQUEST__INIT;
    cp.placement = &p;
    ENV(preq);
    preq.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_PLACEMENT;
    preq.create_placement = &cp;
    sl_envelope *rep = ts_call(W.coach, &preq, SL_OK);
    if (!rep)
        return -1;
    snprintf(W.placement_a, 37, "%s", rep->placement->id);
    sl_envelope_free(rep);
    return ts_activate_placement(W.coach, W.placement_a, TS_SIGN_MINOR) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *all[] = {W.admin, W.coach, W.mentor_a, W.mentor_b, W.sup_a, W.sup_b, W.stud};
    return ts_teardown(&W.ts, all, sizeof all / sizeof all[0]);
}

static sl_status get_student(sl_client *c, const char *id, sl_envelope **out)
{
    Stagelijn__V1__GetStudentRequest g = STAGELIJN__V1__GET_STUDENT_REQUEST__INIT;
    g.id = (char *)id;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_STUDENT;
    req.get_student = &g;
    return ts_send(c, &req, out);
}

/* The world still answers: a fresh connection logs in and reads. */
static void assert_still_serving(void)
{
    sl_client *c = ts_login(&W.ts, "coach", TS_PASSWORD);
    assert_non_null(c);
    assert_int_equal(get_student(c, W.student_a, NULL), SL_OK);
    sl_client_close(c);
    assert_int_equal(get_student(W.coach, W.student_a, NULL), SL_OK);
}

/* ---------------------------------------------------------------- authentication */

static void test_wrong_password(void **state)
{
    (void)state;
    sl_client *c = ts_connect(&W.ts, STAGELIJN__V1__CLIENT_KIND__CLIENT_TEST);
    char err[256];
    assert_int_equal(sl_client_login(c, "coach", "wrong-password", NULL, err, sizeof err),
                     SL_EUNAUTH);
    assert_int_equal(sl_client_login(c, "nobody", "whatever-123", NULL, err, sizeof err),
                     SL_EUNAUTH);
    /* The same connection may try again and succeed. */
    assert_int_equal(sl_client_login(c, "coach", TS_PASSWORD, NULL, err, sizeof err), SL_OK);
    sl_client_close(c);
}

static void test_no_session(void **state)
{
    (void)state;
    sl_client *c = ts_connect(&W.ts, STAGELIJN__V1__CLIENT_KIND__CLIENT_TEST);
    assert_non_null(c);
    assert_int_equal(get_student(c, W.student_a, NULL), SL_EUNAUTH);
    sl_client_close(c);
}

static void test_logout_and_resume(void **state)
{
    (void)state;
    sl_client *c = ts_connect(&W.ts, STAGELIJN__V1__CLIENT_KIND__CLIENT_TEST);
    Stagelijn__V1__LoginRequest lr = STAGELIJN__V1__LOGIN_REQUEST__INIT;
    lr.username = "coach";
    lr.password = TS_PASSWORD;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOGIN;
    req.login = &lr;
    sl_envelope *rep = ts_call(c, &req, SL_OK);
    assert_non_null(rep);
    char token[80];
    snprintf(token, sizeof token, "%s", rep->login_reply->token);
    assert_int_equal(strlen(token), 64);
    sl_envelope_free(rep);

    /* Another connection resumes the session with the token. */
    sl_client *c2 = ts_connect(&W.ts, STAGELIJN__V1__CLIENT_KIND__CLIENT_TEST);
    Stagelijn__V1__ResumeRequest rr = STAGELIJN__V1__RESUME_REQUEST__INIT;
    rr.token = token;
    ENV(rreq);
    rreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_RESUME;
    rreq.resume = &rr;
    assert_true(ts_expect(c2, &rreq, SL_OK));
    assert_int_equal(get_student(c2, W.student_a, NULL), SL_OK);

    /* Logout ends the session everywhere it is used. */
    Stagelijn__V1__LogoutRequest lo = STAGELIJN__V1__LOGOUT_REQUEST__INIT;
    ENV(oreq);
    oreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOGOUT;
    oreq.logout = &lo;
    assert_true(ts_expect(c, &oreq, SL_OK));
    assert_int_equal(get_student(c, W.student_a, NULL), SL_EUNAUTH);
    assert_int_equal(get_student(c2, W.student_a, NULL), SL_EUNAUTH);
    sl_client *c3 = ts_connect(&W.ts, STAGELIJN__V1__CLIENT_KIND__CLIENT_TEST);
    assert_true(ts_expect(c3, &rreq, SL_EUNAUTH));
    rr.token = "not-a-token";
    assert_true(ts_expect(c3, &rreq, SL_EUNAUTH));
    sl_client_close(c);
    sl_client_close(c2);
    sl_client_close(c3);
}

static void test_throttle(void **state)
{
    (void)state;
    char id[37];
    assert_true(ts_create_user(W.admin, "victim", 2, NULL, id));
    sl_client *c = ts_connect(&W.ts, STAGELIJN__V1__CLIENT_KIND__CLIENT_TEST);
    char err[256];
    for (int i = 0; i < 5; i++)
        assert_int_equal(sl_client_login(c, "victim", "guess-guess", NULL, err, sizeof err),
                         SL_EUNAUTH);
    /* Locked now: even the right password is refused until the lock-out ends. */
    assert_int_equal(sl_client_login(c, "victim", TS_PASSWORD, NULL, err, sizeof err),
                     SL_EEXHAUSTED);
    /* Other users are not affected. */
    sl_client *d = ts_login(&W.ts, "coach", TS_PASSWORD);
    assert_non_null(d);
    sl_client_close(d);
    sl_client_close(c);
}

static void test_one_time_password_must_change(void **state)
{
    (void)state;
    Stagelijn__V1__CreateUserRequest cu = STAGELIJN__V1__CREATE_USER_REQUEST__INIT;
    cu.username = "newcoach";
    cu.display_name = "New";
    cu.role = STAGELIJN__V1__ROLE__ROLE_COACH;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_USER;
    req.create_user = &cu;
    sl_envelope *rep = ts_call(W.admin, &req, SL_OK);
    assert_non_null(rep);
    char otp[64];
    snprintf(otp, sizeof otp, "%s", rep->create_user_reply->one_time_password);
    sl_envelope_free(rep);
    assert_true(strlen(otp) >= 10);
    sl_client *c = ts_connect(&W.ts, STAGELIJN__V1__CLIENT_KIND__CLIENT_TEST);
    char err[256];
    bool must = false;
    assert_int_equal(sl_client_login(c, "newcoach", otp, &must, err, sizeof err), SL_OK);
    assert_true(must);
    assert_int_equal(get_student(c, W.student_a, NULL), SL_EPRECOND);
    /* Too short a new password is refused. */
    Stagelijn__V1__ChangePasswordRequest cp = STAGELIJN__V1__CHANGE_PASSWORD_REQUEST__INIT;
    cp.old_password = otp;
    cp.new_password = "short";
    ENV(creq);
    creq.body_case = STAGELIJN__V1__ENVELOPE__BODY_CHANGE_PASSWORD;
    creq.change_password = &cp;
    assert_true(ts_expect(c, &creq, SL_EINVAL));
    cp.new_password = "a-long-enough-password";
    assert_true(ts_expect(c, &creq, SL_OK));
    assert_int_equal(get_student(c, W.student_a, NULL), SL_OK);
    sl_client_close(c);
}

/* ---------------------------------------------------------------- the policy per role */

static void test_supervisor_other_company(void **state)
{
    (void)state;
    long audit = ts_count_rows(&W.ts, "audit");
    assert_int_equal(get_student(W.sup_b, W.student_a, NULL), SL_EPERM);
    Stagelijn__V1__GetPlacementRequest gp = STAGELIJN__V1__GET_PLACEMENT_REQUEST__INIT;
    gp.id = W.placement_a;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_PLACEMENT;
    req.get_placement = &gp;
    assert_true(ts_expect(W.sup_b, &req, SL_EPERM));
    assert_true(ts_expect(W.sup_a, &req, SL_OK));

    /* Lists are filtered to the own company. */
    Stagelijn__V1__ListStudentsRequest ls = STAGELIJN__V1__LIST_STUDENTS_REQUEST__INIT;
    ENV(lreq);
    lreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_STUDENTS;
    lreq.list_students = &ls;
    sl_envelope *rep = ts_call(W.sup_b, &lreq, SL_OK);
    assert_non_null(rep);
    assert_int_equal(rep->list_students_reply->n_students, 0);
    sl_envelope_free(rep);
    rep = ts_call(W.sup_a, &lreq, SL_OK);
    assert_int_equal(rep->list_students_reply->n_students, 1);
    /* The supervisor sees what supervising needs, not the private fields. */
    Stagelijn__V1__Student *s = rep->list_students_reply->students[0];
    assert_string_equal(s->date_of_birth, "");
    assert_false(s->support_need);
    assert_string_equal(s->age_band, "16-17");
    sl_envelope_free(rep);

    /* Writing for another company's student is refused, and writes nothing. */
    char monday[11];
    ts_monday(-7, monday);
    Stagelijn__V1__SubmitAgendaWeekRequest aw = STAGELIJN__V1__SUBMIT_AGENDA_WEEK_REQUEST__INIT;
    aw.placement_id = W.placement_a;
    aw.week_start = monday;
    ENV(areq);
    areq.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_AGENDA_WEEK;
    areq.submit_agenda_week = &aw;
    assert_true(ts_expect(W.sup_b, &areq, SL_EPERM));
    Stagelijn__V1__ReportDropoutRequest rd = STAGELIJN__V1__REPORT_DROPOUT_REQUEST__INIT;
    rd.placement_id = W.placement_a;
    char today[11];
    ts_date(0, today);
    rd.date = today;
    rd.reason = "x";
    ENV(dreq);
    dreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_REPORT_DROPOUT;
    dreq.report_dropout = &rd;
    assert_true(ts_expect(W.sup_b, &dreq, SL_EPERM));
    assert_int_equal(ts_count_rows(&W.ts, "audit"), audit);
    assert_int_equal(ts_count_rows(&W.ts, "agenda_weeks"), 0);
    assert_int_equal(ts_count_rows(&W.ts, "dropouts"), 0);
}

static void test_mentor_other_class(void **state)
{
    (void)state;
    assert_int_equal(get_student(W.mentor_b, W.student_a, NULL), SL_EPERM);
    sl_envelope *rep;
    assert_int_equal(get_student(W.mentor_a, W.student_a, &rep), SL_OK);
    /* School staff see the private fields. */
    assert_string_equal(rep->student->date_of_birth, "2010-05-05");
    assert_true(rep->student->support_need);
    sl_envelope_free(rep);
    Stagelijn__V1__ListStudentsRequest ls = STAGELIJN__V1__LIST_STUDENTS_REQUEST__INIT;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_STUDENTS;
    req.list_students = &ls;
    rep = ts_call(W.mentor_b, &req, SL_OK);
    assert_int_equal(rep->list_students_reply->n_students, 1);
    assert_string_equal(rep->list_students_reply->students[0]->id, W.student_b);
    sl_envelope_free(rep);
    /* A mentor reads but does not place, visit or assess. */
    Stagelijn__V1__Visit v = STAGELIJN__V1__VISIT__INIT;
    char today[11];
    ts_date(0, today);
    v.placement_id = W.placement_a;
    v.date = today;
    char *present[] = {"mentor"};
    v.present = present;
    v.n_present = 1;
    v.notes = "n";
    Stagelijn__V1__LogVisitRequest lv = STAGELIJN__V1__LOG_VISIT_REQUEST__INIT;
    lv.visit = &v;
    ENV(vreq);
    vreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOG_VISIT;
    vreq.log_visit = &lv;
    assert_true(ts_expect(W.mentor_a, &vreq, SL_EPERM));
    assert_true(ts_expect(W.sup_a, &vreq, SL_EPERM));
    assert_true(ts_expect(W.stud, &vreq, SL_EPERM));
    assert_int_equal(ts_count_rows(&W.ts, "visits"), 0);
}

static void test_student_sees_only_self(void **state)
{
    (void)state;
    assert_int_equal(get_student(W.stud, W.student_a, NULL), SL_OK);
    assert_int_equal(get_student(W.stud, W.student_b, NULL), SL_EPERM);
    Stagelijn__V1__ListStudentsRequest ls = STAGELIJN__V1__LIST_STUDENTS_REQUEST__INIT;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_STUDENTS;
    req.list_students = &ls;
    sl_envelope *rep = ts_call(W.stud, &req, SL_OK);
    assert_int_equal(rep->list_students_reply->n_students, 1);
    sl_envelope_free(rep);
}

static void test_role_refusals(void **state)
{
    (void)state;
    long users = ts_count_rows(&W.ts, "users"), placements = ts_count_rows(&W.ts, "placements");
    Stagelijn__V1__CreateUserRequest cu = STAGELIJN__V1__CREATE_USER_REQUEST__INIT;
    cu.username = "sneaky";
    cu.display_name = "S";
    cu.role = STAGELIJN__V1__ROLE__ROLE_ADMIN;
    cu.password = TS_PASSWORD;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_USER;
    req.create_user = &cu;
    assert_true(ts_expect(W.coach, &req, SL_EPERM));
    assert_true(ts_expect(W.mentor_a, &req, SL_EPERM));
    assert_true(ts_expect(W.sup_a, &req, SL_EPERM));
    assert_true(ts_expect(W.stud, &req, SL_EPERM));

    /* Placing is the coach's job, not the admin's or the supervisor's. */
    Stagelijn__V1__Placement p;
    placement_msg(&p, W.student_b, W.company_a, "00000000-0000-4000-8000-000000000000");
    Stagelijn__V1__CreatePlacementRequest cp = STAGELIJN__V1__CREATE_PLACEMENT_REQUEST__INIT;
    cp.placement = &p;
    ENV(preq);
    preq.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_PLACEMENT;
    preq.create_placement = &cp;
    assert_true(ts_expect(W.admin, &preq, SL_EPERM));
    assert_true(ts_expect(W.sup_a, &preq, SL_EPERM));
    assert_true(ts_expect(W.mentor_a, &preq, SL_EPERM));
    /* A supervisor from another company cannot be assigned. */
    assert_true(ts_expect(W.coach, &preq, SL_EINVAL));

    sl_client *bot = ts_login(&W.ts, "bot", TS_PASSWORD);
    assert_int_equal(get_student(bot, W.student_a, NULL), SL_EPERM);
    sl_client_close(bot);
    assert_int_equal(ts_count_rows(&W.ts, "users"), users);
    assert_int_equal(ts_count_rows(&W.ts, "placements"), placements);
}

/* ---------------------------------------------------------------- bad input */

static void test_bad_input(void **state)
{
    (void)state;
    long audit = ts_count_rows(&W.ts, "audit");
    Stagelijn__V1__CreateClassRequest cc = STAGELIJN__V1__CREATE_CLASS_REQUEST__INIT;
    cc.name = "9Z";
    cc.school_year = 9;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_CLASS;
    req.create_class = &cc;
    assert_true(ts_expect(W.admin, &req, SL_EINVAL));
    cc.school_year = 4;
    cc.name = "A"; /* exists */
    assert_true(ts_expect(W.admin, &req, SL_EEXISTS));
    char *longname = malloc(20000);
    memset(longname, 'x', 19999);
    longname[19999] = '\0';
    cc.name = longname;
    assert_true(ts_expect(W.admin, &req, SL_EINVAL));
    free(longname);

    assert_int_equal(get_student(W.coach, "not-an-id", NULL), SL_EINVAL);
    assert_int_equal(get_student(W.coach, "00000000-0000-4000-8000-000000000000", NULL),
                     SL_ENOTFOUND);

    Stagelijn__V1__Placement p;
    placement_msg(&p, W.student_b, W.company_b, "00000000-0000-4000-8000-000000000000");
    p.end_date = "2000-01-01";
    Stagelijn__V1__CreatePlacementRequest cp = STAGELIJN__V1__CREATE_PLACEMENT_REQUEST__INIT;
    cp.placement = &p;
    ENV(preq);
    preq.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_PLACEMENT;
    preq.create_placement = &cp;
    assert_true(ts_expect(W.coach, &preq, SL_EINVAL));

    /* An agenda week starts on a Monday. */
    char tuesday[11], monday[11];
    ts_monday(-7, monday);
    ts_date_plus(monday, 1, tuesday);
    Stagelijn__V1__SubmitAgendaWeekRequest aw = STAGELIJN__V1__SUBMIT_AGENDA_WEEK_REQUEST__INIT;
    aw.placement_id = W.placement_a;
    aw.week_start = tuesday;
    ENV(areq);
    areq.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_AGENDA_WEEK;
    areq.submit_agenda_week = &aw;
    assert_true(ts_expect(W.sup_a, &areq, SL_EINVAL));

    /* Ratings are 1..5 in all five areas. */
    Stagelijn__V1__CompetenceRatings r = STAGELIJN__V1__COMPETENCE_RATINGS__INIT;
    r.persoonlijk = 0;
    r.arbeid = r.sociaal = r.onderzoek = r.leren = 3;
    Stagelijn__V1__Assessment as = STAGELIJN__V1__ASSESSMENT__INIT;
    as.placement_id = W.placement_a;
    as.kind = STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_INTERIM;
    as.ratings = &r;
    Stagelijn__V1__SubmitAssessmentRequest sa = STAGELIJN__V1__SUBMIT_ASSESSMENT_REQUEST__INIT;
    sa.assessment = &as;
    ENV(sreq);
    sreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_ASSESSMENT;
    sreq.submit_assessment = &sa;
    assert_true(ts_expect(W.sup_a, &sreq, SL_EINVAL));
    r.persoonlijk = 6;
    assert_true(ts_expect(W.sup_a, &sreq, SL_EINVAL));
    assert_int_equal(ts_count_rows(&W.ts, "audit"), audit);
    assert_int_equal(ts_count_rows(&W.ts, "assessments"), 0);
}

static void test_working_time_law_refuses(void **state)
{
    (void)state;
    char sa[37];
    Stagelijn__V1__ListUsersRequest lu = STAGELIJN__V1__LIST_USERS_REQUEST__INIT;
    lu.role = STAGELIJN__V1__ROLE__ROLE_SUPERVISOR;
    ENV(ureq);
    ureq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_USERS;
    ureq.list_users = &lu;
    sl_envelope *rep = ts_call(W.admin, &ureq, SL_OK);
    assert_non_null(rep);
    snprintf(sa, sizeof sa, "%s",
             strcmp(rep->list_users_reply->users[0]->company_id, W.company_b) == 0
                 ? rep->list_users_reply->users[0]->id
                 : rep->list_users_reply->users[1]->id);
    sl_envelope_free(rep);
    Stagelijn__V1__Placement p;
    placement_msg(&p, W.student_b, W.company_b, sa);
    /* Sunday, 10 hours, no break: three laws at once for a 16-year-old. */
    day_mon.weekday = 7;
    day_mon.start = "08:00";
    day_mon.end = "18:00";
    day_mon.break_minutes = 0;
    Stagelijn__V1__CreatePlacementRequest cp = STAGELIJN__V1__CREATE_PLACEMENT_REQUEST__INIT;
    cp.placement = &p;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_PLACEMENT;
    req.create_placement = &cp;
    char err[256];
    rep = NULL;
    assert_int_equal(sl_client_call(W.coach, &req, &rep, err, sizeof err), SL_EPRECOND);
    const Stagelijn__V1__Error *e = rep->error;
    bool sunday = false, day = false, brk = false;
    for (size_t i = 0; i < e->n_violations; i++) {
        sunday |= !strcmp(e->violations[i]->rule_id, "LAW_MINOR_SUNDAY_16_17");
        day |= !strcmp(e->violations[i]->rule_id, "LAW_MINOR_MAX_DAY_16_17");
        brk |= !strcmp(e->violations[i]->rule_id, "LAW_MINOR_BREAK_16_17");
    }
    sl_envelope_free(rep);
    assert_true(sunday && day && brk);
    assert_int_equal(ts_count_rows(&W.ts, "placements"), 1);
}

/* ---------------------------------------------------------------- the placement lifecycle */

static void test_contract_refusals(void **state)
{
    (void)state;
    Stagelijn__V1__Placement p;
    placement_msg(&p, W.student_b, W.company_b, W.sup_b_id);
    Stagelijn__V1__CreatePlacementRequest cp = STAGELIJN__V1__CREATE_PLACEMENT_REQUEST__INIT;
    cp.placement = &p;
    ENV(preq);
    preq.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_PLACEMENT;
    preq.create_placement = &cp;
    sl_envelope *rep = ts_call(W.coach, &preq, SL_OK);
    assert_non_null(rep);
    assert_int_equal(rep->placement->status, STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_PROPOSED);
    char pid[37];
    snprintf(pid, sizeof pid, "%s", rep->placement->id);
    sl_envelope_free(rep);
    assert_true(ts_save_contract(W.coach, pid));

    /* Not yet signed: activating is refused with the missing signatures. */
    long audit = ts_count_rows(&W.ts, "audit");
    assert_true(ts_set_placement_status(
        W.coach, pid, STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE, SL_EPRECOND, &rep));
    assert_true(ts_has_rule(rep, "LAW_CONTRACT_SIGNATURE_SCHOOL"));
    assert_true(ts_has_rule(rep, "LAW_CONTRACT_SIGNATURE_COMPANY"));
    assert_true(ts_has_rule(rep, "LAW_CONTRACT_SIGNATURE_STUDENT"));
    assert_true(ts_has_rule(rep, "LAW_CONTRACT_SIGNATURE_PARENT"));
    sl_envelope_free(rep);

    /* A supervisor records the company's signature, never the school's. */
    char today[11];
    ts_date(0, today);
    long sigs = ts_count_rows(&W.ts, "contract_signatures");
    assert_true(ts_sign_contract(W.sup_b, pid, STAGELIJN__V1__SIGNATURE_PARTY__PARTY_SCHOOL, today,
                                 SL_EPERM));
    /* ...and only for his/her own company's student. */
    assert_true(ts_sign_contract(W.sup_a, pid, STAGELIJN__V1__SIGNATURE_PARTY__PARTY_COMPANY, today,
                                 SL_EPERM));
    assert_int_equal(ts_count_rows(&W.ts, "contract_signatures"), sigs);
    assert_int_equal(ts_count_rows(&W.ts, "audit"), audit);
    assert_true(ts_sign_contract(W.sup_b, pid, STAGELIJN__V1__SIGNATURE_PARTY__PARTY_COMPANY, today,
                                 SL_OK));
}

/* ---------------------------------------------------------------- protocol abuse */

static int raw_tcp(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)W.ts.port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Sends bytes on a fresh, logged-in connection and expects an error answer with request id
 * 0 followed by the server closing the connection. */
static void expect_protocol_close(const void *bytes, size_t len, bool hello_first)
{
    sl_client *c = hello_first ? ts_login(&W.ts, "coach", TS_PASSWORD) : NULL;
    assert_non_null(c);
    assert_int_equal(sl_client_send_raw(c, bytes, len), SL_OK);
    sl_envelope *env = NULL;
    assert_int_equal(sl_client_read_envelope(c, 5000, &env), SL_OK);
    assert_int_equal(env->body_case, STAGELIJN__V1__ENVELOPE__BODY_ERROR);
    assert_int_equal(env->request_id, 0);
    sl_envelope_free(env);
    /* Then the server closes the connection. */
    assert_int_not_equal(sl_client_read_envelope(c, 5000, &env), SL_OK);
    sl_client_close(c);
    assert_still_serving();
}

static void test_malformed_protobuf(void **state)
{
    (void)state;
    const uint8_t frame[] = {0, 0, 0, 5, 0xff, 0xff, 0xff, 0xff, 0xff};
    expect_protocol_close(frame, sizeof frame, true);
}

static void test_oversize_frame(void **state)
{
    (void)state;
    const uint8_t frame[] = {0x7f, 0xff, 0xff, 0xff};
    expect_protocol_close(frame, sizeof frame, true);
}

static void test_zero_frame(void **state)
{
    (void)state;
    const uint8_t frame[] = {0, 0, 0, 0};
    expect_protocol_close(frame, sizeof frame, true);
}

static void test_frame_before_hello(void **state)
{
    (void)state;
    sl_client_opts o = {.host = "127.0.0.1",
                        .port = W.ts.port,
                        .ca_file = W.ts.ca,
                        .timeout_ms = 5000,
                        .skip_hello = true};
    sl_client *c = NULL;
    char err[256];
    assert_int_equal(sl_client_connect(&o, &c, err, sizeof err), SL_OK);
    Stagelijn__V1__LoginRequest lr = STAGELIJN__V1__LOGIN_REQUEST__INIT;
    lr.username = "coach";
    lr.password = TS_PASSWORD;
    ENV(req);
    req.request_id = 7;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOGIN;
    req.login = &lr;
    size_t len;
    uint8_t *frame = sl_envelope_pack_frame(&req, SL_FRAME_DEFAULT_MAX, &len);
    assert_int_equal(sl_client_send_raw(c, frame, len), SL_OK);
    free(frame);
    sl_envelope *env = NULL;
    assert_int_equal(sl_client_read_envelope(c, 5000, &env), SL_OK);
    assert_int_equal(env->body_case, STAGELIJN__V1__ENVELOPE__BODY_ERROR);
    sl_envelope_free(env);
    assert_int_not_equal(sl_client_read_envelope(c, 5000, &env), SL_OK);
    sl_client_close(c);
    assert_still_serving();
}

static void test_garbage_not_tls(void **state)
{
    (void)state;
    int fd = raw_tcp();
    assert_true(fd >= 0);
    const char junk[] = "GET / HTTP/1.0\r\n\r\n";
    assert_int_equal(write(fd, junk, sizeof junk - 1), (ssize_t)(sizeof junk - 1));
    char buf[256];
    /* The server drops it: EOF (or a TLS alert, then EOF). */
    ssize_t n;
    int rounds = 0;
    while ((n = read(fd, buf, sizeof buf)) > 0 && rounds++ < 10) {
    }
    assert_true(n <= 0);
    close(fd);
    assert_still_serving();
}

static void test_vanish_mid_frame(void **state)
{
    (void)state;
    sl_client *c = ts_login(&W.ts, "coach", TS_PASSWORD);
    const uint8_t partial[] = {0, 0, 0, 100, 1, 2, 3};
    assert_int_equal(sl_client_send_raw(c, partial, sizeof partial), SL_OK);
    sl_client_close(c);
    int fd = raw_tcp(); /* and one that leaves during the handshake */
    assert_true(fd >= 0);
    const uint8_t hello_start[] = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01};
    assert_int_equal(write(fd, hello_start, sizeof hello_start), (ssize_t)sizeof hello_start);
    close(fd);
    assert_still_serving();
}

static void test_unknown_body_keeps_connection(void **state)
{
    (void)state;
    /* An envelope with only a request id (a body from a newer client would look like this). */
    const uint8_t frame[] = {0, 0, 0, 2, 0x08, 0x2a};
    assert_int_equal(sl_client_send_raw(W.coach, frame, sizeof frame), SL_OK);
    sl_envelope *env = NULL;
    assert_int_equal(sl_client_read_envelope(W.coach, 5000, &env), SL_OK);
    assert_int_equal(env->request_id, 42);
    assert_int_equal(env->body_case, STAGELIJN__V1__ENVELOPE__BODY_ERROR);
    assert_int_equal(env->error->code, STAGELIJN__V1__ERROR_CODE__ERROR_INVALID_ARGUMENT);
    sl_envelope_free(env);
    assert_int_equal(get_student(W.coach, W.student_a, NULL), SL_OK);
}

static void test_pipelined_requests(void **state)
{
    (void)state;
    /* 50 requests written back to back before any reply is read. */
    enum { N = 50 };
    Stagelijn__V1__GetStudentRequest g = STAGELIJN__V1__GET_STUDENT_REQUEST__INIT;
    g.id = W.student_a;
    uint8_t *all = NULL;
    size_t total = 0;
    for (int i = 0; i < N; i++) {
        ENV(req);
        req.request_id = 1000 + (uint64_t)i;
        req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_STUDENT;
        req.get_student = &g;
        size_t len;
        uint8_t *f = sl_envelope_pack_frame(&req, SL_FRAME_DEFAULT_MAX, &len);
        all = realloc(all, total + len);
        memcpy(all + total, f, len);
        total += len;
        free(f);
    }
    assert_int_equal(sl_client_send_raw(W.coach, all, total), SL_OK);
    free(all);
    bool seen[N] = {false};
    for (int i = 0; i < N; i++) {
        sl_envelope *env = NULL;
        assert_int_equal(sl_client_read_envelope(W.coach, 10000, &env), SL_OK);
        assert_int_equal(env->body_case, STAGELIJN__V1__ENVELOPE__BODY_STUDENT);
        assert_true(env->request_id >= 1000 && env->request_id < 1000 + N);
        seen[env->request_id - 1000] = true;
        sl_envelope_free(env);
    }
    for (int i = 0; i < N; i++)
        assert_true(seen[i]);
}

/* ---------------------------------------------------------------- other servers */

static void test_session_idle_expiry(void **state)
{
    (void)state;
    test_server ts;
    assert_true(ts_start(&ts, "session_idle_seconds = 1\n"));
    sl_client *c = ts_login(&ts, "admin", TS_ADMIN_PASSWORD);
    assert_non_null(c);
    Stagelijn__V1__ListClassesRequest lc = STAGELIJN__V1__LIST_CLASSES_REQUEST__INIT;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_CLASSES;
    req.list_classes = &lc;
    assert_true(ts_expect(c, &req, SL_OK));
    sleep(3);
    assert_true(ts_expect(c, &req, SL_EUNAUTH));
    sl_client_close(c);
    assert_int_equal(ts_stop(&ts), 0);
    ts_cleanup(&ts);
}

static void test_device_certificates(void **state)
{
    (void)state;
    test_server ts;
    assert_true(ts_start(&ts, "device_listen = 127.0.0.1:0\n"));
    assert_true(ts.device_port > 0);
    sl_client *admin = ts_login(&ts, "admin", TS_ADMIN_PASSWORD);
    char ca_company[37], cb_company[37], sup_a[37], sup_b[37];
    Stagelijn__V1__Company co = STAGELIJN__V1__COMPANY__INIT;
    Stagelijn__V1__CreateCompanyRequest cc = STAGELIJN__V1__CREATE_COMPANY_REQUEST__INIT;
    cc.company = &co;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_COMPANY;
    req.create_company = &cc;
    co.name = "Kiosk A";
    sl_envelope *rep = ts_call(admin, &req, SL_OK);
    snprintf(ca_company, 37, "%s", rep->company->id);
    sl_envelope_free(rep);
    co.name = "Kiosk B";
    rep = ts_call(admin, &req, SL_OK);
    snprintf(cb_company, 37, "%s", rep->company->id);
    sl_envelope_free(rep);
    assert_true(ts_create_user(admin, "sup-a", 5, ca_company, sup_a));
    assert_true(ts_create_user(admin, "sup-b", 5, cb_company, sup_b));
    sl_client_close(admin);

    /* Issue a kiosk certificate bound to company A, with the daemon's own tool. */
    char cmd[1400], cert[300], key[300];
    snprintf(cert, sizeof cert, "%s/kiosk.pem", ts.dir);
    snprintf(key, sizeof key, "%s/kiosk.key", ts.dir);
    snprintf(cmd, sizeof cmd,
             "%s/server/stagelijnd --data-dir %s --issue-device-cert kiosk-a --company %s "
             "--cert-out %s --key-out %s >/dev/null",
             SL_BUILD_DIR, ts.dir, ca_company, cert, key);
    assert_int_equal(system(cmd), 0);

    sl_client_opts o = {.host = "127.0.0.1",
                        .port = ts.device_port,
                        .ca_file = ts.ca,
                        .timeout_ms = 5000,
                        .kind = STAGELIJN__V1__CLIENT_KIND__CLIENT_KIOSK};
    sl_client *c = NULL;
    char err[512];
    /* Without a certificate the device port refuses the handshake. */
    assert_int_not_equal(sl_client_connect(&o, &c, err, sizeof err), SL_OK);
    o.cert_file = cert;
    o.key_file = key;
    assert_int_equal(sl_client_connect(&o, &c, err, sizeof err), SL_OK);
    assert_string_equal(sl_client_device_company(c), ca_company);
    /* A supervisor of another company cannot use company A's kiosk. */
    assert_int_equal(sl_client_login(c, "sup-b", TS_PASSWORD, NULL, err, sizeof err), SL_EPERM);
    assert_int_equal(sl_client_login(c, "sup-a", TS_PASSWORD, NULL, err, sizeof err), SL_OK);
    sl_client_close(c);
    assert_int_equal(ts_stop(&ts), 0);
    ts_cleanup(&ts);
}

int main(void)
{
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wrong_password),
        cmocka_unit_test(test_no_session),
        cmocka_unit_test(test_logout_and_resume),
        cmocka_unit_test(test_one_time_password_must_change),
        cmocka_unit_test(test_supervisor_other_company),
        cmocka_unit_test(test_mentor_other_class),
        cmocka_unit_test(test_student_sees_only_self),
        cmocka_unit_test(test_role_refusals),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_working_time_law_refuses),
        cmocka_unit_test(test_contract_refusals),
        cmocka_unit_test(test_malformed_protobuf),
        cmocka_unit_test(test_oversize_frame),
        cmocka_unit_test(test_zero_frame),
        cmocka_unit_test(test_frame_before_hello),
        cmocka_unit_test(test_garbage_not_tls),
        cmocka_unit_test(test_vanish_mid_frame),
        cmocka_unit_test(test_unknown_body_keeps_connection),
        cmocka_unit_test(test_pipelined_requests),
        cmocka_unit_test(test_throttle),
        cmocka_unit_test(test_session_idle_expiry),
        cmocka_unit_test(test_device_certificates),
    };
    return cmocka_run_group_tests_name("integration_refusals", tests, setup, teardown);
}
