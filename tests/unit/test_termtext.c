/* Unit tests for client/termtext.c and output_json_string: terminal controls shown visibly,
 * invalid UTF-8 replaced, newline and tab kept, JSON always valid UTF-8 without raw controls. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "output.h"
#include "slclient.h"
#include "termtext.h"

static void shown_as(const char *in, const char *want)
{
    char out[256];
    size_t n = termtext_escape(in, out, sizeof out);
    assert_string_equal(out, want);
    assert_int_equal(n, strlen(want));
}

static void test_plain_text_unchanged(void **state)
{
    (void)state;
    shown_as("Zoë Çelik, van 't Hof", "Zoë Çelik, van 't Hof");
    shown_as("two\nlines\tand a tab", "two\nlines\tand a tab");
    shown_as("€ 5, 日本, 🙂", "€ 5, 日本, 🙂");
    shown_as(NULL, "");
}

static void test_controls_shown(void **state)
{
    (void)state;
    shown_as("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07");
    shown_as("\x1b[31mred", "\\x1b[31mred");
    shown_as("a\rb", "a\\x0db");
    shown_as("del\x7f", "del\\x7f");
    shown_as("\x01\x1f", "\\x01\\x1f");
    /* C1 controls in UTF-8: U+009B (CSI) and U+0085. */
    shown_as("\xC2\x9B"
             "2J",
             "\\u009b2J");
    shown_as("\xC2\x85", "\\u0085");
    /* U+00A0 is not a control. */
    shown_as("\xC2\xA0", "\xC2\xA0");
}

static void test_invalid_utf8_replaced(void **state)
{
    (void)state;
    shown_as("a\xff"
             "b",
             "a\xEF\xBF\xBD"
             "b");
    shown_as("\xC3", "\xEF\xBF\xBD");                                 /* truncated */
    shown_as("\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD");                 /* overlong '/' */
    shown_as("\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); /* a surrogate */
    shown_as("\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    /* A real U+FFFD passes unchanged. */
    shown_as("\xEF\xBF\xBD", "\xEF\xBF\xBD");
}

static void test_cut_between_characters(void **state)
{
    (void)state;
    char out[6];
    size_t n = termtext_escape("ab\x1b"
                               "c",
                               out, sizeof out);
    assert_int_equal(n, 7);
    assert_string_equal(out, "ab"); /* "\x1b" does not fit whole */
    n = termtext_escape("aaaaë", out, sizeof out);
    assert_string_equal(out, "aaaa");
}

static void json_is(const char *in, const char *want)
{
    char buf[512];
    FILE *f = fmemopen(buf, sizeof buf, "w");
    assert_non_null(f);
    output_json_string(f, in);
    long n = ftell(f);
    fclose(f);
    buf[n] = '\0';
    assert_string_equal(buf, want);
}

static void test_json_strings(void **state)
{
    (void)state;
    json_is("Zoë \"Çelik\"\\", "\"Zoë \\\"Çelik\\\"\\\\\"");
    json_is("a\nb\tc\rd", "\"a\\nb\\tc\\rd\"");
    json_is("\x1b]0;x\x07", "\"\\u001b]0;x\\u0007\"");
    json_is("\x7f", "\"\\u007f\"");
    json_is("\xC2\x9B", "\"\\u009b\"");
    json_is("a\xff"
            "b",
            "\"a\\ufffdb\"");
    json_is("\xC3", "\"\\ufffd\"");
    json_is(NULL, "\"\"");
}

static void test_json_numbers_stay_json(void **state)
{
    (void)state;
    Stagelijn__V1__OutflowReport o = STAGELIJN__V1__OUTFLOW_REPORT__INIT;
    o.placed_pct = NAN;
    o.lasted_pct = 75.0;
    char buf[1024];
    FILE *f = fmemopen(buf, sizeof buf, "w");
    assert_non_null(f);
    output_json(f, &o.base);
    long n = ftell(f);
    fclose(f);
    buf[n] = '\0';
    assert_non_null(strstr(buf, "\"placed_pct\":null"));
    assert_non_null(strstr(buf, "\"lasted_pct\":75.000000"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_text_unchanged),  cmocka_unit_test(test_controls_shown),
        cmocka_unit_test(test_invalid_utf8_replaced), cmocka_unit_test(test_cut_between_characters),
        cmocka_unit_test(test_json_strings),          cmocka_unit_test(test_json_numbers_stay_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
