/* The student CSV reader (client/student_import.c): separator detection, byte-order mark,
 * CRLF, quoted cells with separators, quotes and line ends, the column names and --map,
 * Dutch dates, the long-cell and duplicate-number refusals, and the files it cannot read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "student_import.h"

static si_file parse_ok(const char *text, char sep, const char *const *maps, int n_maps)
{
    si_file f;
    char err[256] = "";
    if (!si_parse(text, strlen(text), sep, maps, n_maps, &f, err, sizeof err))
        fail_msg("not parsed: %s", err);
    return f;
}

static void test_separator_detected_outside_quotes(void **state)
{
    (void)state;
    assert_int_equal(si_detect_separator("a;b;c\n1,2", 9), ';');
    assert_int_equal(si_detect_separator("a,b,c\n1;2", 9), ',');
    /* Semicolons inside a quoted header cell do not count. */
    const char *t = "\"a;b;c\",d,e\n";
    assert_int_equal(si_detect_separator(t, strlen(t)), ',');
    assert_int_equal(si_detect_separator("", 0), ';');
}

static void test_bom_crlf_and_quoted_cells(void **state)
{
    (void)state;
    const char *text =
        "\xEF\xBB\xBF"
        "Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;Klas;Adres\r\n"
        "7;Sanne;van 't;Hof;03-04-2010;3A;\"Straat 1;\r\nLelystad\"\r\n"
        "8; Zo\xC3\xAB ;;\"O'Brien \"\"Jr\"\"\";2010-11-05;3A;\r\n";
    si_file f = parse_ok(text, 0, NULL, 0);
    assert_int_equal(f.separator, ';');
    assert_int_equal(f.n_rows, 2);
    assert_string_equal(f.rows[0].cell[SI_STUDENT_NUMBER], "7");
    assert_string_equal(f.rows[0].cell[SI_NAME_PREFIX], "van 't");
    assert_string_equal(f.rows[0].cell[SI_DATE_OF_BIRTH], "2010-04-03");
    assert_string_equal(f.rows[0].cell[SI_ADDRESS], "Straat 1;\r\nLelystad");
    assert_int_equal(f.rows[0].row, 2);
    assert_string_equal(f.rows[1].cell[SI_FIRST_NAME], "Zo\xC3\xAB");
    assert_string_equal(f.rows[1].cell[SI_LAST_NAME], "O'Brien \"Jr\"");
    assert_string_equal(f.rows[1].cell[SI_ADDRESS], "");
    assert_int_equal(f.rows[1].row, 3);
    assert_int_equal(f.rows[1].problem, SI_OK);
    si_free(&f);
}

static void test_map_names_a_column(void **state)
{
    (void)state;
    const char *text = "nr,naam,fam,gb,groep\n5,An,Aa,1-2-2011,2B\n";
    const char *maps[] = {"nr=student_number", "naam=first_name", "fam=last_name",
                          "gb=date_of_birth", "groep=class"};
    si_file f = parse_ok(text, 0, maps, 5);
    assert_int_equal(f.n_rows, 1);
    assert_string_equal(f.rows[0].cell[SI_STUDENT_NUMBER], "5");
    assert_string_equal(f.rows[0].cell[SI_CLASS], "2B");
    assert_string_equal(f.rows[0].cell[SI_DATE_OF_BIRTH], "2011-02-01");
    assert_int_equal(f.column[SI_ADDRESS], -1);
    assert_string_equal(f.rows[0].cell[SI_ADDRESS], "");
    si_free(&f);
}

static void test_unreadable_files_refused(void **state)
{
    (void)state;
    si_file f;
    char err[256];
    assert_false(si_parse("", 0, 0, NULL, 0, &f, err, sizeof err));
    const char *no_number = "roepnaam;achternaam;geboortedatum;klas\nA;B;01-01-2010;3A\n";
    assert_false(si_parse(no_number, strlen(no_number), 0, NULL, 0, &f, err, sizeof err));
    assert_non_null(strstr(err, "student_number"));
    const char *ok = "leerlingnummer;roepnaam;achternaam;geboortedatum;klas\n";
    const char *bad_maps[][1] = {{"x=first_name"}, {"roepnaam=shoe_size"}, {"roepnaam"}};
    for (int i = 0; i < 3; i++)
        assert_false(si_parse(ok, strlen(ok), 0, bad_maps[i], 1, &f, err, sizeof err));
}

static void test_long_cell_and_duplicate_number(void **state)
{
    (void)state;
    size_t big = SI_CELL_MAX + 1;
    const char *head = "leerlingnummer;roepnaam;achternaam;geboortedatum;klas;adres\n"
                       "1;A;B;01-01-2010;3A;x\n"
                       "1;C;D;01-01-2010;3A;y\n"
                       "2;E;F;01-01-2010;3A;";
    size_t hl = strlen(head);
    char *text = malloc(hl + big + 2);
    assert_non_null(text);
    memcpy(text, head, hl);
    memset(text + hl, 'x', big);
    memcpy(text + hl + big, "\n", 2);
    si_file f = parse_ok(text, 0, NULL, 0);
    free(text);
    assert_int_equal(f.n_rows, 3);
    assert_int_equal(f.rows[0].problem, SI_OK);
    assert_int_equal(f.rows[1].problem, SI_DUPLICATE_NUMBER);
    assert_int_equal(f.rows[1].duplicate_of, 2);
    assert_int_equal(f.rows[2].problem, SI_CELL_TOO_LONG);
    assert_int_equal(f.rows[2].problem_field, SI_ADDRESS);
    si_free(&f);
}

static void test_dates(void **state)
{
    (void)state;
    char d[11];
    assert_true(si_normalise_date("2010-04-03", d));
    assert_string_equal(d, "2010-04-03");
    assert_true(si_normalise_date("3-4-2010", d));
    assert_string_equal(d, "2010-04-03");
    assert_true(si_normalise_date("03/04/2010", d));
    assert_string_equal(d, "2010-04-03");
    assert_true(si_normalise_date("03.04.2010", d));
    assert_string_equal(d, "2010-04-03");
    const char *bad[] = {"gisteren", "",           "03-13-2010",  "32-01-2010",
                         "03-04-10", "03-04/2010", "2010-04-03x", "1-1-1-2010"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (si_normalise_date(bad[i], d))
            fail_msg("accepted %s", bad[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_separator_detected_outside_quotes),
        cmocka_unit_test(test_bom_crlf_and_quoted_cells),
        cmocka_unit_test(test_map_names_a_column),
        cmocka_unit_test(test_unreadable_files_refused),
        cmocka_unit_test(test_long_cell_and_duplicate_number),
        cmocka_unit_test(test_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
