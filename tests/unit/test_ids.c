/* Ids: version-7 UUIDs whose text sorts by creation time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
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

static int compare_ids(const void *a, const void *b)
{
    return strcmp(((const sl_id *)a)->s, ((const sl_id *)b)->s);
}

/* Ids of one millisecond differ in their random part alone: across several refills of the
 * random pool (4 KiB, 256 ids) none repeats. */
static void test_unique_across_refills(void **state)
{
    (void)state;
    enum { N = 2000 };
    sl_id *ids = calloc(N, sizeof *ids);
    assert_non_null(ids);
    for (int i = 0; i < N; i++)
        ids[i] = sl_id_new_at(42);
    qsort(ids, N, sizeof *ids, compare_ids);
    for (int i = 1; i < N; i++)
        assert_string_not_equal(ids[i - 1].s, ids[i].s);
    free(ids);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_time_ordered),
        cmocka_unit_test(test_unique_within_a_millisecond),
        cmocka_unit_test(test_unique_across_refills),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
