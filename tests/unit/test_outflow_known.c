/* Unit tests for what the outflow monitor knows on the day of the report (server/pure/outflow.c,
 * outflow_state_on and outflow_norms_of): an empty cohort is no failure, a year that has not
 * ended is "not yet known", never "no". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "outflow.h"

static rules_date D(int y, int m, int d)
{
    rules_date x = {y, m, d};
    return x;
}

/* A leaver of 2024-2025 (left 2025-07-01, reference 2025-11-01) placed in work, with one
 * "still in destination" contact in each aftercare year. */
static const outflow_contact good[] = {{{2025, 10, 1}, true}, {{2026, 9, 1}, true}};

static outflow_leaver placed_leaver(void)
{
    outflow_leaver l = {{2025, 7, 1}, 2, true, good, 2};
    return l;
}

static void test_year_two_not_known_before_it_ends(void **state)
{
    (void)state;
    outflow_leaver l = placed_leaver();
    outflow_result res = outflow_evaluate(&l, 2024);
    assert_true(res.placed);
    /* 2026-11-30: year 1 (to 2026-07-01) has ended, year 2 (to 2027-07-01) runs. */
    outflow_state s = outflow_state_on(&l, &res, D(2026, 11, 30));
    assert_int_equal(s.placed, OUTFLOW_YES);
    assert_int_equal(s.year_1, OUTFLOW_YES);
    assert_int_equal(s.year_2, OUTFLOW_NOT_YET_KNOWN);
    /* The last day of year 2 is still in it; the day after, it is known (the contact of
     * 2026-09-01 said "still in destination"). */
    assert_int_equal(outflow_state_on(&l, &res, D(2027, 6, 30)).year_2, OUTFLOW_NOT_YET_KNOWN);
    assert_int_equal(outflow_state_on(&l, &res, D(2027, 7, 1)).year_2, OUTFLOW_YES);
    /* Without a contact in year 2 the ended year is a plain no. */
    outflow_leaver quiet = {{2025, 7, 1}, 2, true, good, 1};
    outflow_result qres = outflow_evaluate(&quiet, 2024);
    assert_int_equal(outflow_state_on(&quiet, &qres, D(2026, 11, 30)).year_2,
                     OUTFLOW_NOT_YET_KNOWN);
    assert_int_equal(outflow_state_on(&quiet, &qres, D(2027, 7, 1)).year_2, OUTFLOW_NO);
}

static void test_placed_not_known_before_reference_date(void **state)
{
    (void)state;
    outflow_leaver l = placed_leaver();
    outflow_result res = outflow_evaluate(&l, 2024);
    outflow_state s = outflow_state_on(&l, &res, D(2025, 10, 31));
    assert_int_equal(s.placed, OUTFLOW_NOT_YET_KNOWN);
    assert_int_equal(s.year_1, OUTFLOW_NOT_YET_KNOWN);
    /* A contact on the reference day itself still counts, so the answer is known the day
     * after. */
    assert_int_equal(outflow_state_on(&l, &res, D(2025, 11, 1)).placed, OUTFLOW_NOT_YET_KNOWN);
    assert_int_equal(outflow_state_on(&l, &res, D(2025, 11, 2)).placed, OUTFLOW_YES);
}

static void test_not_placed_is_known_no(void **state)
{
    (void)state;
    outflow_leaver l = {{2025, 7, 1}, 0, false, NULL, 0};
    outflow_result res = outflow_evaluate(&l, 2024);
    outflow_state s = outflow_state_on(&l, &res, D(2025, 12, 1));
    assert_int_equal(s.placed, OUTFLOW_NO);
    assert_int_equal(s.year_1, OUTFLOW_NO);
    assert_int_equal(s.year_2, OUTFLOW_NO);
}

static void test_empty_cohort_is_no_failure(void **state)
{
    (void)state;
    outflow_totals t = outflow_totals_of(0, 0, 0);
    outflow_norms n = outflow_norms_of(&t, 0, 0);
    assert_int_equal(n.placed, OUTFLOW_NORM_NO_LEAVERS);
    assert_int_equal(n.lasted, OUTFLOW_NORM_NO_LEAVERS);
}

static void test_norms_wait_for_the_facts(void **state)
{
    (void)state;
    outflow_totals t = outflow_totals_of(10, 9, 0);
    /* One placed leaver's first year still runs: the lasting norm is not yet known. */
    outflow_norms n = outflow_norms_of(&t, 0, 1);
    assert_int_equal(n.placed, OUTFLOW_NORM_MET);
    assert_int_equal(n.lasted, OUTFLOW_NORM_NOT_YET_KNOWN);
    /* Before a reference date neither norm is known. */
    n = outflow_norms_of(&t, 1, 0);
    assert_int_equal(n.placed, OUTFLOW_NORM_NOT_YET_KNOWN);
    assert_int_equal(n.lasted, OUTFLOW_NORM_NOT_YET_KNOWN);
    /* All known: 9 of 10 placed meets 90 %, 0 of 9 lasting misses 75 %. */
    n = outflow_norms_of(&t, 0, 0);
    assert_int_equal(n.placed, OUTFLOW_NORM_MET);
    assert_int_equal(n.lasted, OUTFLOW_NORM_NOT_MET);
    outflow_totals none = outflow_totals_of(4, 0, 0);
    n = outflow_norms_of(&none, 0, 0);
    assert_int_equal(n.placed, OUTFLOW_NORM_NOT_MET);
    assert_int_equal(n.lasted, OUTFLOW_NORM_NOBODY_PLACED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_year_two_not_known_before_it_ends),
        cmocka_unit_test(test_placed_not_known_before_reference_date),
        cmocka_unit_test(test_not_placed_is_known_no),
        cmocka_unit_test(test_empty_cohort_is_no_failure),
        cmocka_unit_test(test_norms_wait_for_the_facts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
