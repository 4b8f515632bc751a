/* The student's own work (DOMAIN: the student writes own reflections and assignment work,
 * reads own agenda): a reflection on each week, and notes and progress on the practical
 * assignments up to "submitted". Refusals: another student, other roles, a week signed off, a
 * week outside the placement, creating or retitling an assignment, approving. */
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
#include "records.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT

static struct {
    test_server ts;
    sl_client *admin, *coach, *sup, *anna, *bram;
    char placement[37], bram_placement[37], assignment[37], monday[11];
} W;

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&W.ts, NULL))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char klass[37], company[37], sup_id[37], anna[37], bram[37], otp_a[64], otp_b[64];
    const ts_company_spec co = {.name = "Groenrijk"};
    const ts_student_spec sa = {
        .first_name = "Anna", .class_id = klass, .date_of_birth = "2008-03-03", .username = "anna"};
    const ts_student_spec sb = {
        .first_name = "Bram", .class_id = klass, .date_of_birth = "2008-04-04", .username = "bram"};
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, NULL) ||
        !ts_make_class(W.admin, "5S", 5, NULL, klass) || !ts_make_company(W.admin, &co, company) ||
        !ts_create_user(W.admin, "sup", 5, company, sup_id) ||
        !ts_make_student(W.admin, &sa, anna, otp_a) || !ts_make_student(W.admin, &sb, bram, otp_b))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    W.sup = ts_login(&W.ts, "sup", TS_PASSWORD);
    W.anna = ts_student_login(&W.ts, "anna", otp_a);
    W.bram = ts_student_login(&W.ts, "bram", otp_b);
    if (!W.coach || !W.sup || !W.anna || !W.bram)
        return -1;
    char start[11], end[11];
    ts_monday(-14, start);
    ts_date(60, end);
    ts_monday(-7, W.monday);
    ts_placement_spec p = ts_sector_week(anna, company, sup_id, start, end);
    if (!ts_make_active_placement(W.coach, &p, TS_SIGN_ADULT, W.placement))
        return -1;
    p.student_id = bram;
    if (!ts_make_active_placement(W.coach, &p, TS_SIGN_ADULT, W.bram_placement))
        return -1;
    /* The coach sets a practical assignment. */
    Stagelijn__V1__PracticalAssignment a = STAGELIJN__V1__PRACTICAL_ASSIGNMENT__INIT;
    a.placement_id = W.placement;
    a.period = 1;
    a.number = 1;
    a.title = "Een border aanleggen";
    Stagelijn__V1__SaveAssignmentRequest s = STAGELIJN__V1__SAVE_ASSIGNMENT_REQUEST__INIT;
    s.assignment = &a;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_ASSIGNMENT;
    req.save_assignment = &s;
    sl_envelope *rep = ts_call(W.coach, &req, SL_OK);
    if (!rep)
        return -1;
    snprintf(W.assignment, sizeof W.assignment, "%s", rep->practical_assignment->id);
    sl_envelope_free(rep);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *all[] = {W.admin, W.coach, W.sup, W.anna, W.bram};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        sl_client_close(all[i]);
    int rc = ts_stop(&W.ts);
    ts_cleanup(&W.ts);
    return rc == 0 ? 0 : -1;
}

static sl_status reflect(sl_client *c, const char *placement, const char *week, const char *text,
                         sl_envelope **out)
{
    Stagelijn__V1__WriteReflectionRequest w = STAGELIJN__V1__WRITE_REFLECTION_REQUEST__INIT;
    w.placement_id = (char *)placement;
    w.week_start = (char *)week;
    w.text = (char *)text;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_WRITE_REFLECTION;
    req.write_reflection = &w;
    return ts_send(c, &req, out);
}

static void test_reflection(void **state)
{
    (void)state;
    long weeks = ts_count_rows(&W.ts, "agenda_weeks");
    sl_envelope *rep = NULL;
    /* Before the supervisor has filled in the week: the week is made for it. */
    assert_int_equal(reflect(W.anna, W.placement, W.monday, "Ik heb geleerd snoeien.", &rep),
                     SL_OK);
    assert_string_equal(rep->agenda_week->student_reflection, "Ik heb geleerd snoeien.");
    assert_false(rep->agenda_week->signed_by_supervisor);
    char week_id[37];
    snprintf(week_id, sizeof week_id, "%s", rep->agenda_week->id);
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "agenda_weeks"), weeks + 1);

    /* The supervisor fills in and signs the same week: the reflection stays. */
    Stagelijn__V1__SubmitAgendaWeekRequest s = STAGELIJN__V1__SUBMIT_AGENDA_WEEK_REQUEST__INIT;
    s.placement_id = W.placement;
    s.week_start = W.monday;
    s.reflection = "Werkt zorgvuldig.";
    s.sign = true;
    /* Signed only when complete: hours on each of the schedule's three days. */
    Stagelijn__V1__AgendaDay day[3], *days[3];
    char dates[3][11];
    for (int i = 0; i < 3; i++) {
        stagelijn__v1__agenda_day__init(&day[i]);
        ts_date_plus(W.monday, i, dates[i]);
        day[i].date = dates[i];
        day[i].minutes_worked = 330;
        days[i] = &day[i];
    }
    s.days = days;
    s.n_days = 3;
    ENV(sreq);
    sreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_AGENDA_WEEK;
    sreq.submit_agenda_week = &s;
    rep = ts_call(W.sup, &sreq, SL_OK);
    assert_non_null(rep);
    assert_string_equal(rep->agenda_week->id, week_id);
    assert_string_equal(rep->agenda_week->student_reflection, "Ik heb geleerd snoeien.");
    sl_envelope_free(rep);
    /* The student may still improve it until the coach signs off. */
    assert_int_equal(reflect(W.anna, W.placement, W.monday, "Snoeien en harken.", NULL), SL_OK);

    /* Through the kiosk program too. */
    char out[8192];
    const char *args[] = {"reflection", "write",  "--placement",         W.placement, "--week",
                          W.monday,     "--text", "Zelf gecontroleerd.", NULL};
    assert_int_equal(
        ts_run_cli(&W.ts, "stagelijn-kiosk", "anna", TS_PASSWORD, args, out, sizeof out), 0);
    assert_non_null(strstr(out, "Zelf gecontroleerd."));

    /* After the coach's sign-off the week no longer changes. */
    Stagelijn__V1__SignAgendaWeekRequest so = STAGELIJN__V1__SIGN_AGENDA_WEEK_REQUEST__INIT;
    so.agenda_week_id = week_id;
    ENV(oreq);
    oreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_SIGN_AGENDA_WEEK;
    oreq.sign_agenda_week = &so;
    assert_true(ts_expect(W.coach, &oreq, SL_OK));
    long audit = ts_count_rows(&W.ts, "audit WHERE operation = 'agenda.reflect'");
    assert_int_equal(reflect(W.anna, W.placement, W.monday, "Te laat.", &rep), SL_EPRECOND);
    assert_true(ts_has_rule(rep, "AGENDA_SIGNED_OFF"));
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "audit WHERE operation = 'agenda.reflect'"), audit);
}

static void test_reflection_refusals(void **state)
{
    (void)state;
    long weeks = ts_count_rows(&W.ts, "agenda_weeks");
    char tuesday[11], far_week[11], future[11];
    ts_date_plus(W.monday, 1, tuesday);
    ts_monday(-140, far_week);
    ts_monday(14, future);
    /* Another student's placement; other roles. */
    assert_int_equal(reflect(W.bram, W.placement, W.monday, "Niet van mij.", NULL), SL_EPERM);
    assert_int_equal(reflect(W.sup, W.placement, W.monday, "Namens de leerling.", NULL), SL_EPERM);
    assert_int_equal(reflect(W.coach, W.placement, W.monday, "Namens de leerling.", NULL),
                     SL_EPERM);
    /* Bad input. */
    assert_int_equal(reflect(W.anna, W.placement, tuesday, "Dinsdag.", NULL), SL_EINVAL);
    /* Dates of facts (factdate.c): before the placement, or a week not begun yet. */
    assert_int_equal(reflect(W.anna, W.placement, far_week, "Voor de stage.", NULL), SL_EPRECOND);
    assert_int_equal(reflect(W.anna, W.placement, future, "Vooruit.", NULL), SL_EPRECOND);
    assert_int_equal(reflect(W.anna, W.placement, W.monday, "", NULL), SL_EINVAL);
    assert_int_equal(ts_count_rows(&W.ts, "agenda_weeks"), weeks);
}

static sl_status save_assignment(sl_client *c, const char *placement, const char *id, int status,
                                 const char *title, const char *notes)
{
    Stagelijn__V1__PracticalAssignment a = STAGELIJN__V1__PRACTICAL_ASSIGNMENT__INIT;
    a.placement_id = (char *)placement;
    a.id = (char *)(id ? id : "");
    a.period = id ? 0 : 1;
    a.number = id ? 0 : 2;
    a.status = (Stagelijn__V1__AssignmentStatus)status;
    a.title = (char *)(title ? title : "");
    a.notes = (char *)(notes ? notes : "");
    Stagelijn__V1__SaveAssignmentRequest s = STAGELIJN__V1__SAVE_ASSIGNMENT_REQUEST__INIT;
    s.assignment = &a;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_ASSIGNMENT;
    req.save_assignment = &s;
    return ts_send(c, &req, NULL);
}

static void test_assignment_work(void **state)
{
    (void)state;
    enum { IN_PROGRESS = 2, SUBMITTED = 3, APPROVED = 4 };
    long before = ts_count_rows(&W.ts, "practical_assignments");
    /* The student writes notes and moves the work on, up to submitted. */
    assert_int_equal(
        save_assignment(W.anna, W.placement, W.assignment, IN_PROGRESS, NULL, "Plantplan gemaakt."),
        SL_OK);
    assert_int_equal(save_assignment(W.anna, W.placement, W.assignment, SUBMITTED, NULL, NULL),
                     SL_OK);
    /* Approving is the coach's. */
    assert_int_equal(save_assignment(W.anna, W.placement, W.assignment, APPROVED, NULL, NULL),
                     SL_EPERM);
    /* The assignments and their titles are the school's and the company's. */
    assert_int_equal(save_assignment(W.anna, W.placement, NULL, 1, "Eigen opdracht", NULL),
                     SL_EPERM);
    assert_int_equal(save_assignment(W.anna, W.placement, W.assignment, 0, "Nieuwe titel", NULL),
                     SL_EPERM);
    /* Another student cannot touch it. */
    assert_int_equal(save_assignment(W.bram, W.placement, W.assignment, IN_PROGRESS, NULL, "x"),
                     SL_EPERM);
    assert_int_equal(ts_count_rows(&W.ts, "practical_assignments"), before);
    assert_int_equal(ts_count_rows(&W.ts, "practical_assignments WHERE status = 3 AND "
                                          "notes = 'Plantplan gemaakt.'"),
                     1);
    assert_int_equal(save_assignment(W.coach, W.placement, W.assignment, APPROVED, NULL, NULL),
                     SL_OK);
}

int main(void)
{
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reflection),
        cmocka_unit_test(test_reflection_refusals),
        cmocka_unit_test(test_assignment_work),
    };
    return cmocka_run_group_tests_name("integration_student", tests, setup, teardown);
}
