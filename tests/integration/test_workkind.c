/* The law on kinds of work by age, applied when a placement is saved: 14-15 only light work
 * (no cash register, no lifting of 10 kg or more, no pushing or pulling over 20 kg of force,
 * no unavoidable psychosocial load, no crops within 14 days after pesticide use, no risky
 * work); 16-17 risky work only under expert supervision; a minor's supervisor 18 or older. */
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

static struct {
    test_server ts;
    sl_client *admin, *coach;
    char company[37], sup_adult[37], sup_17[37], sup_unknown[37];
    char student15[37], student16[37], student18[37];
} W;

/* A date of birth `years` years and `days` days before today. */
static void born_ago(int years, int days, char out[11])
{
    char today[11], then[11];
    ts_date(-days, today);
    int y, m, d;
    sscanf(today, "%d-%d-%d", &y, &m, &d);
    if (m == 2 && d == 29)
        d = 28;
    if (snprintf(then, sizeof then, "%04d-%02d-%02d", (y - years) % 10000, m % 100, d % 100) >=
        (int)sizeof then)
        then[0] = '\0';
    memcpy(out, then, 11);
}

static bool make_supervisor(const char *username, const char *dob, char *id)
{
    Stagelijn__V1__CreateUserRequest cu = STAGELIJN__V1__CREATE_USER_REQUEST__INIT;
    cu.username = (char *)username;
    cu.display_name = (char *)username;
    cu.role = STAGELIJN__V1__ROLE__ROLE_SUPERVISOR;
    cu.company_id = W.company;
    cu.password = TS_PASSWORD;
    cu.date_of_birth = (char *)(dob ? dob : "");
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_USER;
    req.create_user = &cu;
    sl_envelope *rep = ts_call(W.admin, &req, SL_OK);
    if (!rep)
        return false;
    snprintf(id, 37, "%s", rep->create_user_reply->user->id);
    sl_envelope_free(rep);
    return true;
}

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&W.ts, NULL))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char klass[37], dob15[11], dob16[11], dob17[11], dob30[11], dob18[11];
    born_ago(15, 180, dob15); /* 15 and a half: 15 on every day of a 60-day placement */
    born_ago(16, 180, dob16);
    born_ago(17, 180, dob17);
    born_ago(30, 0, dob30);
    born_ago(19, 0, dob18);
    const ts_company_spec co = {.name = "Supermarkt Werk"};
    const ts_student_spec s15 = {
        .first_name = "Vijftien", .class_id = klass, .date_of_birth = dob15};
    const ts_student_spec s18 = {
        .first_name = "Negentien", .class_id = klass, .date_of_birth = dob18};
    const ts_student_spec s16 = {
        .first_name = "Zestien", .class_id = klass, .date_of_birth = dob16};
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, NULL) ||
        !ts_make_class(W.admin, "4W", 4, NULL, klass) ||
        !ts_make_company(W.admin, &co, W.company) ||
        !make_supervisor("sup-adult", dob30, W.sup_adult) ||
        !make_supervisor("sup-17", dob17, W.sup_17) ||
        !make_supervisor("sup-unknown", NULL, W.sup_unknown) ||
        !ts_make_student(W.admin, &s15, W.student15, NULL) ||
        !ts_make_student(W.admin, &s16, W.student16, NULL) ||
        !ts_make_student(W.admin, &s18, W.student18, NULL))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    return W.coach ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sl_client_close(W.coach);
    sl_client_close(W.admin);
    int rc = ts_stop(&W.ts);
    ts_cleanup(&W.ts);
    return rc == 0 ? 0 : -1;
}

/* Creates a placement for `student` with supervisor `sup`, `n_days` days a week from `from`
 * to `to` (30 minutes break) and `work`, expecting `expect`; with `rule`, the refusal must
 * name that rule. */
static bool place_week(const char *student, const char *sup, const Stagelijn__V1__WorkKind *work,
                       int n_days, const char *from, const char *to, sl_status expect,
                       const char *rule)
{
    /* The law counts a student's time over all his/her placements, and each call here is an
     * independent placement of one of a few students: each made one gets two weeks of its
     * own (12 days), so the students stay the age the tests are about. */
    static int periods;
    char start[11], end[11];
    ts_date(7 + 14 * periods, start);
    ts_date(18 + 14 * periods, end);
    const ts_placement_spec p = {.student_id = student,
                                 .company_id = W.company,
                                 .supervisor_id = sup,
                                 .kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR,
                                 .start_date = start,
                                 .end_date = end,
                                 .n_days = n_days,
                                 .day_start = from,
                                 .day_end = to,
                                 .break_minutes = 30,
                                 .work_kind = work};
    sl_envelope *rep = ts_create_placement(W.coach, &p, expect);
    if (!rep)
        return false;
    periods += expect == SL_OK;
    bool ok = !rule || ts_has_rule(rep, rule);
    sl_envelope_free(rep);
    return ok;
}

/* Three days of 09:00-15:00: within the working-time law and WVO art. 32 for a minor. */
static bool place(const char *student, const char *sup, const Stagelijn__V1__WorkKind *work,
                  sl_status expect, const char *rule)
{
    return place_week(student, sup, work, 3, "09:00", "15:00", expect, rule);
}

static void test_light_work_only_at_15(void **state)
{
    (void)state;
    long before = ts_count_rows(&W.ts, "placements");
    Stagelijn__V1__WorkKind w = STAGELIJN__V1__WORK_KIND__INIT;
    w.cash_register = true;
    assert_true(place(W.student15, W.sup_adult, &w, SL_EPRECOND, "LAW_WORK_CASH_REGISTER_14_15"));
    stagelijn__v1__work_kind__init(&w);
    w.lift_kg = 10; /* 10 kg or more is not light work */
    assert_true(place(W.student15, W.sup_adult, &w, SL_EPRECOND, "LAW_WORK_LIFTING_14_15"));
    stagelijn__v1__work_kind__init(&w);
    w.push_pull_kgf = 21;
    assert_true(place(W.student15, W.sup_adult, &w, SL_EPRECOND, "LAW_WORK_PUSH_PULL_14_15"));
    stagelijn__v1__work_kind__init(&w);
    w.pesticides = true;
    w.days_since_pesticide = 14;
    assert_true(place(W.student15, W.sup_adult, &w, SL_EPRECOND, "LAW_WORK_PESTICIDE_14_15"));
    stagelijn__v1__work_kind__init(&w);
    w.risky = true;
    w.expert_supervision = true; /* no help at 15 */
    assert_true(place(W.student15, W.sup_adult, &w, SL_EPRECOND, "LAW_WORK_RISKY_14_15"));
    assert_int_equal(ts_count_rows(&W.ts, "placements"), before);

    /* Just inside the limits: 9 kg, 20 kg of force, day 15 after spraying. */
    stagelijn__v1__work_kind__init(&w);
    w.lift_kg = 9;
    w.push_pull_kgf = 20;
    w.pesticides = true;
    w.days_since_pesticide = 15;
    assert_true(place(W.student15, W.sup_adult, &w, SL_OK, NULL));
    assert_int_equal(ts_count_rows(&W.ts, "placements"), before + 1);
}

static void test_risky_work_at_16_needs_expert_supervision(void **state)
{
    (void)state;
    Stagelijn__V1__WorkKind w = STAGELIJN__V1__WORK_KIND__INIT;
    w.risky = true;
    assert_true(
        place(W.student16, W.sup_adult, &w, SL_EPRECOND, "LAW_WORK_RISKY_NO_EXPERT_SUPERVISION"));
    w.expert_supervision = true;
    w.cash_register = true; /* light-work limits end at 16 */
    w.lift_kg = 15;
    assert_true(place(W.student16, W.sup_adult, &w, SL_OK,
                      NULL)); /* What the work involves comes back with the placement. */
    Stagelijn__V1__ListPlacementsRequest lp = STAGELIJN__V1__LIST_PLACEMENTS_REQUEST__INIT;
    lp.student_id = W.student16;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_PLACEMENTS;
    req.list_placements = &lp;
    sl_envelope *rep = ts_call(W.coach, &req, SL_OK);
    assert_non_null(rep);
    assert_int_equal(rep->list_placements_reply->n_placements, 1);
    const Stagelijn__V1__WorkKind *back = rep->list_placements_reply->placements[0]->work_kind;
    assert_non_null(back);
    assert_true(back->risky && back->expert_supervision && back->cash_register);
    assert_int_equal(back->lift_kg, 15);
    assert_false(back->pesticides);
    sl_envelope_free(rep);
    /* Prohibited work stays prohibited for every minor. */
    stagelijn__v1__work_kind__init(&w);
    w.prohibited_for_minors = true;
    assert_true(place(W.student16, W.sup_adult, &w, SL_EPRECOND, "LAW_WORK_PROHIBITED_MINOR"));
}

static void test_supervisor_of_a_minor_is_adult(void **state)
{
    (void)state;
    assert_true(place(W.student16, W.sup_17, NULL, SL_EPRECOND, "LAW_SUPERVISOR_UNDER_18"));
    /* Not recorded is not the same as under 18. */
    assert_true(place(W.student16, W.sup_unknown, NULL, SL_OK, NULL));
}

/* WVO art. 32(2): a minor's internship is at most 80 % of the school week's education hours
 * (30 by default: 24 hours). */
static bool place_days(const char *student, int n_days, const char *from, const char *to,
                       sl_status expect, const char *rule)
{
    return place_week(student, W.sup_adult, NULL, n_days, from, to, expect, rule);
}

static void test_wvo32_week_80_percent(void **state)
{
    (void)state;
    /* 4 x 6 h = 24 h: exactly 80 % of 30. */
    assert_true(place_days(W.student16, 4, "09:00", "15:00", SL_OK, NULL));
    /* 4 x 6 h 1 min: over. */
    assert_true(place_days(W.student16, 4, "09:00", "15:01", SL_EPRECOND, "LAW_WVO32_WEEK_80"));
    /* An adult is no longer of compulsory-school age: the rule does not apply. */
    assert_true(place_days(W.student18, 5, "09:00", "15:00", SL_OK, NULL));
}

static void test_bad_input(void **state)
{
    (void)state;
    long before = ts_count_rows(&W.ts, "placements");
    Stagelijn__V1__WorkKind w = STAGELIJN__V1__WORK_KIND__INIT;
    w.lift_kg = 600;
    assert_true(place(W.student16, W.sup_adult, &w, SL_EINVAL, NULL));
    assert_int_equal(ts_count_rows(&W.ts, "placements"), before);
    /* A date of birth is for supervisors, and in the past. */
    Stagelijn__V1__CreateUserRequest cu = STAGELIJN__V1__CREATE_USER_REQUEST__INIT;
    cu.username = "coach-dob";
    cu.display_name = "x";
    cu.role = STAGELIJN__V1__ROLE__ROLE_COACH;
    cu.password = TS_PASSWORD;
    cu.date_of_birth = "1990-01-01";
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_USER;
    req.create_user = &cu;
    assert_true(ts_expect(W.admin, &req, SL_EINVAL));
    cu.role = STAGELIJN__V1__ROLE__ROLE_SUPERVISOR;
    cu.company_id = W.company;
    cu.date_of_birth = "2999-01-01";
    assert_true(ts_expect(W.admin, &req, SL_EINVAL));
    assert_int_equal(ts_count_rows(&W.ts, "users WHERE username = 'coach-dob'"), 0);
}

static void test_through_the_workstation(void **state)
{
    (void)state;
    char start[11], end[11], out[16384];
    ts_date(7, start);
    ts_date(60, end);
    const char *args[] = {"placement",       "create",  "--student",    W.student15,
                          "--company",       W.company, "--supervisor", W.sup_adult,
                          "--kind",          "sector",  "--start",      start,
                          "--end",           end,       "--day",        "mon,09:00,15:00,30",
                          "--cash-register", NULL};
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn", "coach", TS_PASSWORD, args, out, sizeof out),
                     1);
    assert_non_null(strstr(out, "LAW_WORK_CASH_REGISTER_14_15"));
}

int main(void)
{
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_light_work_only_at_15),
        cmocka_unit_test(test_risky_work_at_16_needs_expert_supervision),
        cmocka_unit_test(test_supervisor_of_a_minor_is_adult),
        cmocka_unit_test(test_wvo32_week_80_percent),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_through_the_workstation),
    };
    return cmocka_run_group_tests_name("integration_workkind", tests, setup, teardown);
}
