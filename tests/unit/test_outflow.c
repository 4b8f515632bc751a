/* Unit tests for server/pure/outflow.c: cohorts, the reference date, placed and lasting per
 * leaver, the norms at their boundaries and RFC 4180 quoting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "outflow.h"

static rules_date D(int y, int m, int d)
{
    rules_date x = {y, m, d};
    return x;
}

static void test_cohort_parse(void **state)
{
    (void)state;
    int y = 0;
    assert_true(outflow_cohort_parse("2025-2026", &y));
    assert_int_equal(y, 2025);
    assert_false(outflow_cohort_parse("2025-2027", &y));
    assert_false(outflow_cohort_parse("2025-2025", &y));
    assert_false(outflow_cohort_parse("2025/2026", &y));
    assert_false(outflow_cohort_parse("2025-202", &y));
    assert_false(outflow_cohort_parse("2025-20261", &y));
    assert_false(outflow_cohort_parse("20a5-2026", &y));
    assert_false(outflow_cohort_parse("", &y));
    assert_false(outflow_cohort_parse(NULL, &y));
}

static void test_cohort_of_school_year(void **state)
{
    (void)state;
    char c[OUTFLOW_COHORT_LEN + 1];
    outflow_cohort_of(D(2026, 7, 31), c);
    assert_string_equal(c, "2025-2026");
    outflow_cohort_of(D(2026, 8, 1), c);
    assert_string_equal(c, "2026-2027");
    outflow_cohort_of(D(2026, 1, 1), c);
    assert_string_equal(c, "2025-2026");
    outflow_cohort_of(D(2025, 12, 31), c);
    assert_string_equal(c, "2025-2026");
}

static void test_reference_dates(void **state)
{
    (void)state;
    rules_date r = outflow_cohort_reference(2025);
    assert_true(rules_date_compare(r, D(2026, 11, 1)) == 0);
    /* Left in July: the cohort's 1 November. */
    r = outflow_leaver_reference(2025, D(2026, 7, 10));
    assert_true(rules_date_compare(r, D(2026, 11, 1)) == 0);
    /* Left on 1 November itself: still that reference date. */
    r = outflow_leaver_reference(2025, D(2026, 11, 1));
    assert_true(rules_date_compare(r, D(2026, 11, 1)) == 0);
    /* Left a day later: the next 1 November. */
    r = outflow_leaver_reference(2025, D(2026, 11, 2));
    assert_true(rules_date_compare(r, D(2027, 11, 1)) == 0);
}

static void test_placed_from_exit_record(void **state)
{
    (void)state;
    outflow_leaver l = {D(2026, 7, 1), 2, true, NULL, 0};
    outflow_result res = outflow_evaluate(&l, 2025);
    assert_true(res.placed);
    /* No contacts: lasting is unknown, not counted. */
    assert_false(res.lasted_year_1);
    assert_false(res.lasted_year_2);
    l.has_destination = false;
    assert_false(outflow_evaluate(&l, 2025).placed);
    l.has_destination = true;
    l.profile = 0;
    assert_false(outflow_evaluate(&l, 2025).placed);
}

static void test_contacts_decide(void **state)
{
    (void)state;
    outflow_contact c[] = {
        {D(2026, 9, 15), true},  /* before the reference date: still there */
        {D(2027, 5, 1), true},   /* year 1 */
        {D(2027, 6, 20), false}, /* year 1, latest: left the destination */
        {D(2028, 3, 1), true},   /* year 2 */
    };
    outflow_leaver l = {D(2026, 7, 1), 2, true, c, 4};
    outflow_result res = outflow_evaluate(&l, 2025);
    assert_true(res.placed);
    assert_false(res.lasted_year_1); /* the latest contact within year 1 decides */
    assert_true(res.lasted_year_2);

    /* The latest contact on or before 1 November says "not there": not placed. */
    c[0].still_in_destination = false;
    res = outflow_evaluate(&l, 2025);
    assert_false(res.placed);
    assert_false(res.lasted_year_2);

    /* A contact after the reference date does not change "placed". */
    outflow_contact late[] = {{D(2026, 11, 2), false}};
    outflow_leaver l2 = {D(2026, 7, 1), 1, true, late, 1};
    assert_true(outflow_evaluate(&l2, 2025).placed);
    /* ...but on the reference date itself it does. */
    late[0].date = D(2026, 11, 1);
    assert_false(outflow_evaluate(&l2, 2025).placed);
}

static void test_year_boundaries(void **state)
{
    (void)state;
    /* Year 1 is [left, left + 12 months); a contact on the anniversary is year 2. */
    outflow_contact c[] = {{D(2027, 7, 1), true}};
    outflow_leaver l = {D(2026, 7, 1), 3, true, c, 1};
    outflow_result res = outflow_evaluate(&l, 2025);
    assert_false(res.lasted_year_1);
    assert_true(res.lasted_year_2);
    c[0].date = D(2027, 6, 30);
    res = outflow_evaluate(&l, 2025);
    assert_true(res.lasted_year_1);
    assert_false(res.lasted_year_2);
    /* Two years after leaving is outside the follow-up. */
    c[0].date = D(2028, 7, 1);
    res = outflow_evaluate(&l, 2025);
    assert_false(res.lasted_year_1);
    assert_false(res.lasted_year_2);
}

static void test_same_day_bad_news_wins(void **state)
{
    (void)state;
    outflow_contact c[] = {{D(2027, 3, 1), true}, {D(2027, 3, 1), false}};
    outflow_leaver l = {D(2026, 7, 1), 2, true, c, 2};
    assert_false(outflow_evaluate(&l, 2025).lasted_year_1);
    outflow_contact c2[] = {{D(2027, 3, 1), false}, {D(2027, 3, 1), true}};
    l.contacts = c2;
    assert_false(outflow_evaluate(&l, 2025).lasted_year_1);
}

static void test_placed_norm_boundary(void **state)
{
    (void)state;
    outflow_totals t = outflow_totals_of(10, 9, 0);
    assert_true(t.placed_norm_met); /* exactly 90 % */
    assert_true(t.placed_pct > 89.99 && t.placed_pct < 90.01);
    t = outflow_totals_of(9, 8, 0); /* 88.9 % */
    assert_false(t.placed_norm_met);
    t = outflow_totals_of(20, 18, 0);
    assert_true(t.placed_norm_met);
    t = outflow_totals_of(19, 17, 0); /* 89.5 % */
    assert_false(t.placed_norm_met);
    t = outflow_totals_of(1, 1, 1);
    assert_true(t.placed_norm_met);
    t = outflow_totals_of(0, 0, 0);
    assert_false(t.placed_norm_met);
    assert_false(t.lasted_norm_met);
}

static void test_lasted_norm_boundary(void **state)
{
    (void)state;
    outflow_totals t = outflow_totals_of(10, 4, 3); /* 75 % of placed */
    assert_true(t.lasted_norm_met);
    assert_true(t.lasted_pct > 74.99 && t.lasted_pct < 75.01);
    t = outflow_totals_of(10, 3, 2); /* 66.7 % */
    assert_false(t.lasted_norm_met);
    t = outflow_totals_of(10, 8, 6); /* 75 % */
    assert_true(t.lasted_norm_met);
    t = outflow_totals_of(10, 7, 5); /* 71.4 % */
    assert_false(t.lasted_norm_met);
    t = outflow_totals_of(10, 9, 7); /* 77.8 % */
    assert_true(t.lasted_norm_met);
    t = outflow_totals_of(10, 0, 0);
    assert_false(t.lasted_norm_met);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cohort_parse),
        cmocka_unit_test(test_cohort_of_school_year),
        cmocka_unit_test(test_reference_dates),
        cmocka_unit_test(test_placed_from_exit_record),
        cmocka_unit_test(test_contacts_decide),
        cmocka_unit_test(test_year_boundaries),
        cmocka_unit_test(test_same_day_bad_news_wins),
        cmocka_unit_test(test_placed_norm_boundary),
        cmocka_unit_test(test_lasted_norm_boundary),
    };
    return cmocka_run_group_tests_name("outflow", tests, NULL, NULL);
}
