/* Unit tests for client/csv.c: RFC 4180 quoting, every first character a spreadsheet would
 * run as a formula, Dutch and other names as they are, and the two dialects. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

static void cell_is(const char *in, char sep, const char *want)
{
    char out[256];
    size_t n = csv_cell(in, sep, out, sizeof out);
    assert_string_equal(out, want);
    assert_int_equal(n, strlen(want));
}

static void test_names_stay_as_they_are(void **state)
{
    (void)state;
    cell_is("Zoë Çelik", ',', "Zoë Çelik");
    cell_is("O'Brien", ',', "O'Brien");
    cell_is("van 't Hof", ',', "van 't Hof");
    cell_is("", ',', "");
    cell_is(NULL, ',', "");
}

static void test_rfc4180_quoting(void **state)
{
    (void)state;
    cell_is("Bakkerij Jansen, Utrecht", ',', "\"Bakkerij Jansen, Utrecht\"");
    cell_is("ROC \"Midden\"", ',', "\"ROC \"\"Midden\"\"\"");
    cell_is("two\nlines", ',', "\"two\nlines\"");
    cell_is("a\r\nb", ',', "\"a\r\nb\"");
    /* The separator decides: a comma is plain text in the semicolon dialect. */
    cell_is("a, b", ';', "a, b");
    cell_is("a; b", ';', "\"a; b\"");
    cell_is("a; b", ',', "a; b");
}

static void test_every_dangerous_first_character(void **state)
{
    (void)state;
    cell_is("=HYPERLINK(\"x\")", ',', "\"'=HYPERLINK(\"\"x\"\")\"");
    cell_is("=1+2", ',', "'=1+2");
    cell_is("+31 6 12345678", ',', "'+31 6 12345678");
    cell_is("-2+3", ',', "'-2+3");
    cell_is("@SUM(A1)", ',', "'@SUM(A1)");
    cell_is("\t=1", ',', "'\t=1");
    cell_is("\r=1", ',', "\"'\r=1\"");
    /* Only the first character counts. */
    cell_is("a=b", ',', "a=b");
    cell_is(" =1", ',', " =1");
}

static void test_cut_output_is_terminated(void **state)
{
    (void)state;
    char out[5];
    size_t n = csv_cell("Bakkerij, Utrecht", ',', out, sizeof out);
    assert_int_equal(n, strlen("\"Bakkerij, Utrecht\""));
    assert_string_equal(out, "\"Bak");
}

static void test_dialects(void **state)
{
    (void)state;
    csv_dialect d = CSV_EXCEL_NL;
    assert_true(csv_dialect_parse("rfc4180", &d));
    assert_int_equal(d, CSV_RFC4180);
    assert_true(csv_dialect_parse("excel-nl", &d));
    assert_int_equal(d, CSV_EXCEL_NL);
    assert_false(csv_dialect_parse("excel", &d));
    assert_false(csv_dialect_parse("", &d));
    assert_false(csv_dialect_parse(NULL, &d));
}

/* Writes two rows through a writer and returns what it wrote (static buffer). */
static const char *write_rows(csv_dialect dialect, size_t *len)
{
    static char buf[1024];
    FILE *f = fmemopen(buf, sizeof buf, "w");
    assert_non_null(f);
    csv_writer w;
    csv_begin(&w, f, dialect);
    csv_text(&w, "name");
    csv_text(&w, "destination");
    csv_text(&w, "year");
    csv_end_row(&w);
    csv_text(&w, "Zoë Çelik");
    csv_text(&w, "=HYPERLINK(\"x\")");
    csv_integer(&w, -2025);
    csv_end_row(&w);
    assert_true(csv_finish(&w));
    *len = (size_t)ftell(f);
    fclose(f);
    return buf;
}

static void test_writer_rfc4180(void **state)
{
    (void)state;
    size_t len;
    const char *s = write_rows(CSV_RFC4180, &len);
    const char *want = "name,destination,year\r\nZoë Çelik,\"'=HYPERLINK(\"\"x\"\")\",-2025\r\n";
    assert_int_equal(len, strlen(want));
    assert_memory_equal(s, want, len);
}

static void test_writer_excel_nl(void **state)
{
    (void)state;
    size_t len;
    const char *s = write_rows(CSV_EXCEL_NL, &len);
    const char *want = "\xEF\xBB\xBF"
                       "name;destination;year\r\nZoë Çelik;\"'=HYPERLINK(\"\"x\"\")\";-2025\r\n";
    assert_int_equal(len, strlen(want));
    assert_memory_equal(s, want, len);
}

static void test_long_cell(void **state)
{
    (void)state;
    static char buf[8192], big[2001];
    memset(big, 'a', 2000);
    big[0] = '-';
    big[1000] = ',';
    FILE *f = fmemopen(buf, sizeof buf, "w");
    csv_writer w;
    csv_begin(&w, f, CSV_RFC4180);
    csv_text(&w, big);
    assert_true(csv_finish(&w));
    long len = ftell(f);
    fclose(f);
    assert_int_equal(len, 2000 + 3); /* quotes and the apostrophe */
    assert_memory_equal(buf, "\"'-aa", 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_stay_as_they_are),
        cmocka_unit_test(test_rfc4180_quoting),
        cmocka_unit_test(test_every_dangerous_first_character),
        cmocka_unit_test(test_cut_output_is_terminated),
        cmocka_unit_test(test_dialects),
        cmocka_unit_test(test_writer_rfc4180),
        cmocka_unit_test(test_writer_excel_nl),
        cmocka_unit_test(test_long_cell),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
