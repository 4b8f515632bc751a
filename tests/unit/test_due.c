/* The pure "when" of the reviews due (server/pure/due.c): kind names, ISO weeks at the year's
 * edges, the interim marks, the month items. Links sl_pure only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kind_names_distinct),
        cmocka_unit_test(test_iso_week),
        cmocka_unit_test(test_interim_marks),
        cmocka_unit_test(test_month_items),
    };
    return cmocka_run_group_tests_name("due", tests, NULL, NULL);
}
