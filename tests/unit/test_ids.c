/* Ids: version-7 UUIDs whose text sorts by creation time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ids.h"

static void test_layout(void **state)
{
    (void)state;
    sl_id id = sl_id_new_at(0x0190a5c4b2e1ULL);
    assert_true(sl_id_valid(id.s));
    assert_int_equal(strlen(id.s), SL_ID_LEN);
    assert_memory_equal(id.s, "0190a5c4-b2e1-7", 15); /* time first, then the version */
    assert_non_null(strchr("89ab", id.s[19]));        /* the variant */
}

/* Later milliseconds sort later as text, so an index on the id grows at its end. */
static void test_time_ordered(void **state)
{
    (void)state;
    uint64_t t = 1764460800000ULL; /* 2025-11-30 */
    for (int i = 0; i < 1000; i++) {
        sl_id a = sl_id_new_at(t + (uint64_t)i), b = sl_id_new_at(t + (uint64_t)i + 1);
        assert_true(strcmp(a.s, b.s) < 0);
    }
}

static void test_unique_within_a_millisecond(void **state)
{
    (void)state;
    sl_id a = sl_id_new_at(42), b = sl_id_new_at(42);
    assert_string_not_equal(a.s, b.s);
    sl_id now = sl_id_new();
    assert_true(sl_id_valid(now.s));
    assert_int_equal(now.s[14], '7');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_time_ordered),
        cmocka_unit_test(test_unique_within_a_millisecond),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
