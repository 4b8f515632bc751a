/* Submissions that may be retried (a kiosk whose connection dropped sends again): the same
 * submission id by the same account gets the first outcome, also after a crash and restart,
 * and nothing is recorded twice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "records.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT
#define SUB_A "0190a5c4-0000-7000-8000-0000000000aa"
#define SUB_B "0190a5c4-0000-7000-8000-0000000000bb"

static struct {
    test_server ts;
    sl_client *coach;
    char placement[37];
} W;

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&W.ts, NULL))
        return -1;
    sl_client *admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char class_id[37], company[37], sup[37], student[37];
    bool ok = admin && ts_create_user(admin, "coach", 2, NULL, NULL) &&
              ts_make_class(admin, "3K", 3, NULL, class_id);
    const ts_company_spec co = {.name = "Kwekerij Kiosk", .places = 2, .supervision_capacity = 2};
    ok =
        ok && ts_make_company(admin, &co, company) && ts_create_user(admin, "sup", 5, company, sup);
    const ts_student_spec st = {
        .first_name = "Kees", .class_id = class_id, .date_of_birth = "2009-05-05"};
    ok = ok && ts_make_student(admin, &st, student, NULL);
    sl_client_close(admin);
    W.coach = ok ? ts_login(&W.ts, "coach", TS_PASSWORD) : NULL;
    if (!W.coach)
        return -1;
    char from[11], to[11];
    ts_date(-14, from);
    ts_date(60, to);
    const ts_placement_spec p = ts_individual_week(student, company, sup, from, to);
    return ts_make_active_placement(W.coach, &p, TS_SIGN_MINOR, W.placement) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return ts_teardown(&W.ts, &W.coach, 1);
}

/* LogVisit with a submission id; the reply's visit id (or "" on an error) goes to visit_id. */
static sl_status log_visit(sl_client *c, const char *submission, const char *date,
                           char visit_id[64])
{
    char *present[] = {"student", "supervisor"};
    Stagelijn__V1__Visit v = STAGELIJN__V1__VISIT__INIT;
    v.placement_id = W.placement;
    v.present = present;
    v.n_present = 2;
    v.date = (char *)date;
    v.notes = "Gesprek met de praktijkbegeleider";
    Stagelijn__V1__LogVisitRequest lv = STAGELIJN__V1__LOG_VISIT_REQUEST__INIT;
    lv.visit = &v;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOG_VISIT;
    req.log_visit = &lv;
    req.submission_id = (char *)submission;
    sl_envelope *rep = NULL;
    sl_status st = ts_send(c, &req, &rep);
    visit_id[0] = '\0';
    if (st == SL_OK && rep && rep->body_case == STAGELIJN__V1__ENVELOPE__BODY_VISIT)
        snprintf(visit_id, 64, "%s", rep->visit->id);
    sl_envelope_free(rep);
    return st;
}

static void test_retry_returns_first_outcome(void **state)
{
    (void)state;
    char yesterday[11], first[64], again[64];
    ts_date(-1, yesterday);
    long visits = ts_count_rows(&W.ts, "visits");
    assert_int_equal(log_visit(W.coach, SUB_A, yesterday, first), SL_OK);
    assert_true(first[0]);
    assert_int_equal(log_visit(W.coach, SUB_A, yesterday, again), SL_OK);
    assert_string_equal(first, again);
    assert_int_equal(ts_count_rows(&W.ts, "visits"), visits + 1);

    /* Kept across a crash: the retry after kill -9 and a restart gets the same visit. */
    ts_kill9(&W.ts);
    assert_true(ts_restart(&W.ts));
    sl_client_close(W.coach);
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    assert_non_null(W.coach);
    assert_int_equal(log_visit(W.coach, SUB_A, yesterday, again), SL_OK);
    assert_string_equal(first, again);
    assert_int_equal(ts_count_rows(&W.ts, "visits"), visits + 1);
    /* Without a submission id every send is a new visit. */
    assert_int_equal(log_visit(W.coach, "", yesterday, again), SL_OK);
    assert_string_not_equal(first, again);
    assert_int_equal(ts_count_rows(&W.ts, "visits"), visits + 2);
}

/* A refusal by the rules is the first outcome too: the retry is not judged again. */
static void test_refusal_is_kept(void **state)
{
    (void)state;
    char yesterday[11], id[64];
    ts_date(-1, yesterday);
    long visits = ts_count_rows(&W.ts, "visits");
    assert_int_equal(log_visit(W.coach, SUB_B, "", id), SL_EINVAL);
    assert_int_equal(log_visit(W.coach, SUB_B, yesterday, id), SL_EINVAL);
    assert_int_equal(ts_count_rows(&W.ts, "visits"), visits);
}

static void test_bad_and_reused_ids(void **state)
{
    (void)state;
    char yesterday[11], id[64];
    ts_date(-1, yesterday);
    long visits = ts_count_rows(&W.ts, "visits");
    assert_int_equal(log_visit(W.coach, "not-a-uuid", yesterday, id), SL_EINVAL);
    /* SUB_A answered a LogVisit: as a SubmitAssessment it is refused, nothing stored. */
    Stagelijn__V1__Assessment a = STAGELIJN__V1__ASSESSMENT__INIT;
    a.placement_id = W.placement;
    Stagelijn__V1__SubmitAssessmentRequest sa = STAGELIJN__V1__SUBMIT_ASSESSMENT_REQUEST__INIT;
    sa.assessment = &a;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_ASSESSMENT;
    req.submit_assessment = &sa;
    req.submission_id = SUB_A;
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    assert_int_equal(ts_count_rows(&W.ts, "visits"), visits);
    assert_int_equal(ts_count_rows(&W.ts, "assessments"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_retry_returns_first_outcome),
        cmocka_unit_test(test_refusal_is_kept),
        cmocka_unit_test(test_bad_and_reused_ids),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
