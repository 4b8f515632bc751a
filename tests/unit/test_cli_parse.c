/* Unit tests for the clients' strict value parsers (client/cli.c) and the stored form of break
 * parts (server/handlers/placement_rules.c): a value is read whole or refused, never in part. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "cli.h"
#include "placement_rules.h"

static void test_uint(void **state)
{
    (void)state;
    unsigned long v = 99;
    assert_true(cli_parse_uint("0", 10, &v) && v == 0);
    assert_true(cli_parse_uint("10", 10, &v) && v == 10);
    assert_false(cli_parse_uint("11", 10, &v));
    const char *bad[] = {
        "", "3x", "+3", "-3", " 3", "3 ", "0x10", "1e3", "99999999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(cli_parse_uint(bad[i], (unsigned long)-1, &v));
    assert_false(cli_parse_uint(NULL, 10, &v));
}

static void test_decimal(void **state)
{
    (void)state;
    double d = 0;
    assert_true(cli_parse_decimal("52.37", &d) && d > 52.36 && d < 52.38);
    assert_true(cli_parse_decimal("-4.9", &d) && d < -4.8);
    assert_true(cli_parse_decimal("12", &d) && d == 12);
    const char *bad[] = {"", "nan", "inf", "1e3", " 1", "1.", ".5", "1,5", "0x1p3", "--1", "5km"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(cli_parse_decimal(bad[i], &d));
}

static void test_date_and_clock(void **state)
{
    (void)state;
    assert_true(cli_parse_date("2026-02-28"));
    assert_true(cli_parse_date("2028-02-29"));
    const char *bad_dates[] = {"2026-02-29", "2026-13-01", "2026-1-05", "2026-01-05x",
                               "26-01-05",   "2026/01/05", "",          "2026-00-10"};
    for (size_t i = 0; i < sizeof bad_dates / sizeof bad_dates[0]; i++)
        assert_false(cli_parse_date(bad_dates[i]));
    int m = -1;
    assert_true(cli_parse_clock("09:30", &m) && m == 570);
    assert_true(cli_parse_clock("24:00", &m) && m == 1440);
    const char *bad_clocks[] = {"9:30", "09:60", "24:01", "09-30", "09:30:00", "", "ab:cd"};
    for (size_t i = 0; i < sizeof bad_clocks / sizeof bad_clocks[0]; i++)
        assert_false(cli_parse_clock(bad_clocks[i], &m));
}

static void test_breaks(void **state)
{
    (void)state;
    uint32_t parts[3];
    size_t n = 9;
    assert_true(cli_parse_breaks("30", parts, 3, &n) && n == 1 && parts[0] == 30);
    assert_true(cli_parse_breaks("15+15", parts, 3, &n) && n == 2 && parts[1] == 15);
    assert_true(cli_parse_breaks("10+5+15", parts, 3, &n) && n == 3);
    assert_true(cli_parse_breaks("0", parts, 3, &n) && n == 0);
    const char *bad[] = {"",     "15x", "15+",     "+15",     "15++15",
                         "15+0", "241", "5+5+5+5", "15 + 15", "15,15"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(cli_parse_breaks(bad[i], parts, 3, &n));
}

/* What the server stores is what it reads back. */
static void test_stored_breaks(void **state)
{
    (void)state;
    int parts[PLACEMENT_MAX_BREAK_PARTS] = {15, 120, 5}, back[PLACEMENT_MAX_BREAK_PARTS];
    char text[PLACEMENT_BREAKS_TEXT];
    int n = -1;
    placement_breaks_format(parts, 3, text);
    assert_string_equal(text, "15+120+5");
    assert_true(placement_breaks_parse(text, back, &n));
    assert_int_equal(n, 3);
    assert_memory_equal(parts, back, sizeof parts);
    placement_breaks_format(parts, 0, text);
    assert_string_equal(text, "");
    assert_true(placement_breaks_parse("", back, &n) && n == 0);
    assert_false(placement_breaks_parse("15+", back, &n));
    assert_false(placement_breaks_parse("1+2+3+4", back, &n));
    assert_false(placement_breaks_parse("15x", back, &n));
    assert_false(placement_breaks_parse("12345", back, &n));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uint),           cmocka_unit_test(test_decimal),
        cmocka_unit_test(test_date_and_clock), cmocka_unit_test(test_breaks),
        cmocka_unit_test(test_stored_breaks),
    };
    return cmocka_run_group_tests_name("unit_cli_parse", tests, NULL, NULL);
}
