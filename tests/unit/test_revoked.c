/* The in-memory set of revoked device-certificate serials (issue 10). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "revoked.h"

static void empty_holds_nothing(void **state)
{
    (void)state;
    revoked_set s = {0};
    assert_false(revoked_contains(&s, "3F0A"));
    revoked_free(&s);
}

static void added_in_any_order_are_found(void **state)
{
    (void)state;
    revoked_set s = {0};
    const char *serials[] = {"7C", "0A1B", "FF00FF", "1", "7C", "ABCDEF0123456789"};
    for (size_t i = 0; i < sizeof serials / sizeof serials[0]; i++)
        assert_true(revoked_add(&s, serials[i]));
    assert_int_equal(s.n, 5); /* "7C" once */
    for (size_t i = 0; i < sizeof serials / sizeof serials[0]; i++)
        assert_true(revoked_contains(&s, serials[i]));
    assert_false(revoked_contains(&s, "7"));
    assert_false(revoked_contains(&s, "7C0"));
    assert_false(revoked_contains(&s, ""));
    revoked_free(&s);
    assert_int_equal(s.n, 0);
}

static void grows_past_its_first_capacity(void **state)
{
    (void)state;
    revoked_set s = {0};
    char serial[16];
    for (int i = 999; i >= 0; i--) {
        snprintf(serial, sizeof serial, "%X", (unsigned)i * 7919u);
        assert_true(revoked_add(&s, serial));
    }
    assert_int_equal(s.n, 1000);
    for (int i = 0; i < 1000; i++) {
        snprintf(serial, sizeof serial, "%X", (unsigned)i * 7919u);
        assert_true(revoked_contains(&s, serial));
    }
    revoked_free(&s);
}

static void empty_or_too_long_refused(void **state)
{
    (void)state;
    revoked_set s = {0};
    char longest[SL_TLS_SERIAL_MAX + 2];
    memset(longest, 'A', sizeof longest - 1);
    longest[sizeof longest - 1] = '\0';
    assert_false(revoked_add(&s, longest));
    assert_false(revoked_add(&s, ""));
    longest[SL_TLS_SERIAL_MAX] = '\0';
    assert_true(revoked_add(&s, longest));
    assert_true(revoked_contains(&s, longest));
    revoked_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_holds_nothing),
        cmocka_unit_test(added_in_any_order_are_found),
        cmocka_unit_test(grows_past_its_first_capacity),
        cmocka_unit_test(empty_or_too_long_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
