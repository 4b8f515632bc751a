/* The pure "when" of the reviews due (server/pure/due.c): kind names, ISO weeks at the year's
 * edges, the interim marks, the month items. Links sl_pure only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "due.h"

static void test_kind_names_distinct(void **state)
{
    (void)state;
    for (int k = 0; k < DUE_KIND_COUNT; k++) {
        const char *n = due_kind_name((due_kind)k);
        assert_true(n[0] != '\0');
        /* A summary's first word: no blanks. */
        assert_null(strchr(n, ' '));
        for (int j = 0; j < k; j++)
            assert_string_not_equal(n, due_kind_name((due_kind)j));
    }
    assert_string_equal(due_kind_name(DUE_KIND_COUNT), "");
    assert_string_equal(due_kind_name(DUE_VISIT_OVERDUE), "visit_overdue");
}

static void week_is(int y, int m, int d, const char *want)
{
    char key[9];
    due_iso_week((rules_date){y, m, d}, key);
    assert_string_equal(key, want);
}

static void test_iso_week(void **state)
{
    (void)state;
    week_is(2026, 11, 30, "2026-W49"); /* a Monday */
    week_is(2026, 12, 6, "2026-W49");  /* its Sunday */
    week_is(2026, 12, 31, "2026-W53"); /* 2026 has 53 ISO weeks (it starts on a Thursday) */
    week_is(2027, 1, 3, "2026-W53");   /* a Sunday in January belongs to the old year's week */
    week_is(2027, 1, 4, "2027-W01");
    week_is(2024, 12, 30, "2025-W01"); /* a Monday in December belongs to the new year's */
    week_is(2026, 1, 1, "2026-W01");
}

static void test_interim_marks(void **state)
{
    (void)state;
    /* A 10-week internship (69 days from its first to its last day): 23 and 46 days in. */
    assert_int_equal(due_interim_day(1000, 1069, 1), 1023);
    assert_int_equal(due_interim_day(1000, 1069, 2), 1046);
    assert_int_equal(due_interim_day(1000, 1000, 1), 1000);
}

static void test_month_items(void **state)
{
    (void)state;
    rules_date due;
    char key[8];
    assert_true(due_in_month((rules_date){2026, 12, 16}, 12, &due, key));
    assert_string_equal(key, "2026-12");
    assert_int_equal(due.y, 2026);
    assert_int_equal(due.m, 12);
    assert_int_equal(due.d, 1);
    assert_false(due_in_month((rules_date){2026, 11, 30}, 12, &due, key));
    assert_false(due_in_month((rules_date){2027, 1, 1}, 12, &due, key));
    assert_true(due_in_month((rules_date){2027, 5, 31}, 5, &due, key));
    assert_string_equal(key, "2027-05");
}

/* Repeated absence: three reports within four weeks (28 days) of the first make a window. */
static void test_absence_windows(void **state)
{
    (void)state;
    long w, due;
    /* Two reports: no window. */
    const long two[] = {100, 101};
    assert_false(due_absence_window(two, 2, 3, 28, LONG_MIN, &w, &due));
    /* Three within 27 days: a window from the first, due on the third. */
    const long three[] = {100, 110, 127};
    assert_true(due_absence_window(three, 3, 3, 28, LONG_MIN, &w, &due));
    assert_int_equal(w, 100);
    assert_int_equal(due, 127);
    /* The third on day 28 after the first lies outside its four weeks. */
    const long spread[] = {100, 110, 128};
    assert_false(due_absence_window(spread, 3, 3, 28, LONG_MIN, &w, &due));
    /* A late first report does not hide a window of the three after it. */
    const long later[] = {50, 100, 105, 110};
    assert_true(due_absence_window(later, 4, 3, 28, LONG_MIN, &w, &due));
    assert_int_equal(w, 100);
    assert_int_equal(due, 110);
    /* A raised window blocks the reports inside it: a fourth and fifth do not make a new
     * window with the window's own reports, but three after it do. */
    const long many[] = {100, 105, 110, 115, 120, 130, 135, 140};
    assert_true(due_absence_window(many, 8, 3, 28, LONG_MIN, &w, &due));
    assert_int_equal(w, 100);
    assert_true(due_absence_window(many, 8, 3, 28, 128, &w, &due));
    assert_int_equal(w, 130);
    assert_int_equal(due, 140);
    assert_false(due_absence_window(many, 8, 3, 28, 158, &w, &due));
    /* A count of 1: every report is its own window; 0 is no rule. */
    assert_true(due_absence_window(two, 2, 1, 28, 101, &w, &due));
    assert_int_equal(w, 101);
    assert_false(due_absence_window(two, 2, 0, 28, LONG_MIN, &w, &due));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kind_names_distinct), cmocka_unit_test(test_iso_week),
        cmocka_unit_test(test_interim_marks),       cmocka_unit_test(test_month_items),
        cmocka_unit_test(test_absence_windows),
    };
    return cmocka_run_group_tests_name("due", tests, NULL, NULL);
}
