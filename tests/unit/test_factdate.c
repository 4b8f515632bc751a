/* The verdict on a recorded fact's date (server/handlers/factdate.c) at its boundaries: today and
 * tomorrow, the phase's first day and the day before, the last day plus grace and the day
 * after. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "factdate.h"

static sl_date day(const char *ymd)
{
    sl_date d;
    assert_true(sl_date_parse(ymd, &d));
    return d;
}

static void test_today_is_possible_tomorrow_is_not(void **state)
{
    (void)state;
    sl_date today = day("2026-11-30");
    assert_int_equal(factdate_check(day("2026-11-30"), factdate_any(), today), FACTDATE_OK);
    assert_int_equal(factdate_check(day("2026-12-01"), factdate_any(), today), FACTDATE_FUTURE);
    assert_int_equal(factdate_check(day("1900-01-01"), factdate_any(), today), FACTDATE_OK);
    /* Across a year's end. */
    assert_int_equal(factdate_check(day("2027-01-01"), factdate_any(), day("2026-12-31")),
                     FACTDATE_FUTURE);
}

static void test_placement_phase_boundaries(void **state)
{
    (void)state;
    sl_date today = day("2027-06-30");
    factdate_phase p = factdate_placement(day("2026-09-01"), day("2027-01-31"), 14);
    assert_int_equal(factdate_check(day("2026-08-31"), p, today), FACTDATE_BEFORE_PHASE);
    assert_int_equal(factdate_check(day("2026-09-01"), p, today), FACTDATE_OK);
    assert_int_equal(factdate_check(day("2027-01-31"), p, today), FACTDATE_OK);
    assert_int_equal(factdate_check(day("2027-02-14"), p, today), FACTDATE_OK);
    assert_int_equal(factdate_check(day("2027-02-15"), p, today), FACTDATE_AFTER_PHASE);
    assert_int_equal(factdate_check(day("1900-01-01"), p, today), FACTDATE_BEFORE_PHASE);
}

/* Without grace the last day is the last possible one. */
static void test_placement_without_grace(void **state)
{
    (void)state;
    factdate_phase p = factdate_placement(day("2026-09-01"), day("2026-09-01"), 0);
    sl_date today = day("2026-12-01");
    assert_int_equal(factdate_check(day("2026-09-01"), p, today), FACTDATE_OK);
    assert_int_equal(factdate_check(day("2026-09-02"), p, today), FACTDATE_AFTER_PHASE);
    assert_int_equal(factdate_check(day("2026-08-31"), p, today), FACTDATE_BEFORE_PHASE);
}

/* A placement still running: its end (plus grace) lies ahead, so today bounds the fact. */
static void test_future_wins_over_phase(void **state)
{
    (void)state;
    sl_date today = day("2026-11-30");
    factdate_phase p = factdate_placement(day("2026-11-23"), day("2027-03-31"), 14);
    assert_int_equal(factdate_check(day("2026-11-30"), p, today), FACTDATE_OK);
    assert_int_equal(factdate_check(day("2026-12-01"), p, today), FACTDATE_FUTURE);
    /* After the phase and after today: the future is named first. */
    assert_int_equal(factdate_check(day("2027-05-01"), p, today), FACTDATE_FUTURE);
    /* A placement that starts next week: any date is before it or in the future. */
    factdate_phase later = factdate_placement(day("2026-12-07"), day("2027-03-31"), 14);
    assert_int_equal(factdate_check(day("2026-11-30"), later, today), FACTDATE_BEFORE_PHASE);
    assert_int_equal(factdate_check(day("2026-12-07"), later, today), FACTDATE_FUTURE);
}

static void test_open_ended_phase(void **state)
{
    (void)state;
    sl_date today = day("2026-11-30");
    factdate_phase p = factdate_since(day("2026-07-10"));
    assert_int_equal(factdate_check(day("2026-07-09"), p, today), FACTDATE_BEFORE_PHASE);
    assert_int_equal(factdate_check(day("2026-07-10"), p, today), FACTDATE_OK);
    assert_int_equal(factdate_check(day("2026-11-30"), p, today), FACTDATE_OK);
    assert_int_equal(factdate_check(day("2026-12-01"), p, today), FACTDATE_FUTURE);
    /* A closed phase given explicitly (a school year). */
    factdate_phase y = {day("2026-08-01"), day("2027-07-31")};
    assert_int_equal(factdate_check(day("2026-07-31"), y, today), FACTDATE_BEFORE_PHASE);
    assert_int_equal(factdate_check(day("2026-08-01"), y, today), FACTDATE_OK);
    assert_int_equal(factdate_check(day("2027-08-01"), y, day("2027-09-01")),
                     FACTDATE_AFTER_PHASE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_today_is_possible_tomorrow_is_not),
        cmocka_unit_test(test_placement_phase_boundaries),
        cmocka_unit_test(test_placement_without_grace),
        cmocka_unit_test(test_future_wins_over_phase),
        cmocka_unit_test(test_open_ended_phase),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
