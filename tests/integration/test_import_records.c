/* `stagelijn-admin import classes` and `import companies` against a real stagelijnd: files full
 * of faults (missing fields, a school year out of range or not a number, an unknown mentor, a
 * key twice, a bad KvK number or postcode, a 100 KB cell) next to good rows with diacritics and
 * quotes, with a byte-order mark, semicolons and CRLF. Every bad row is reported and none of it
 * stored; a dry run stores nothing; a second run changes nothing; a changed row is updated, not
 * doubled (a company found again by KvK number and by name and postcode); a coach is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "harness.h"
#include "imports.h"

typedef struct {
    test_server ts;
    sl_client *admin;
    char mentor_id[37], coach_id[37];
    char classes[300], companies[300], changed[300];
} world;

static world W;
static char out[1 << 20];

static const char faulty_classes[] = "\xEF\xBB\xBF"
                                     "Klas;Leerjaar;Mentor\r\n"
                                     "3A;3;mentor.import\r\n"
                                     "4B;4;\r\n"
                                     "\"Entr\xC3\xA9\xC3\xA9 \"\"1\"\"\";6;\r\n"
                                     ";3;\r\n"                /* no name */
                                     "7X;7;\r\n"              /* school year out of range */
                                     "5C;vijf;\r\n"           /* not a number */
                                     "3A;4;\r\n"              /* 3A again */
                                     "2D;2;niemand\r\n"       /* no such mentor */
                                     "2E;2;coach.import\r\n"; /* not a mentor */
/* A 100 KB mentor name on a row otherwise good. */
static const char big_class_row[] = "2F;2;";

static const char faulty_companies[] =
    "\xEF\xBB\xBF"
    "Bedrijfsnaam;KvK;Adres;Postcode;Plaats;Stageplaatsen\r\n"
    "Bakkerij 't Stoepje;12345678;\"Markt 1; achter\";8232 AB;Lelystad;2\r\n"
    "\"Caf\xC3\xA9 \"\"De Zwaan\"\"\";;Kade 3;1234ab;Almere;\r\n"
    "Garage Smit;87654321;Industrieweg 4;8231 XY;Lelystad;1\r\n"
    "Zonder Sleutel;;Laan 4;;Lelystad;\r\n"           /* neither KvK number nor postcode */
    ";11112222;Laan 5;8232 AA;Lelystad;\r\n"          /* no name */
    "Kort Nummer;1234;Laan 6;8232 AA;Lelystad;\r\n"   /* KvK not 8 digits */
    "Slechte Post;;Laan 7;12345;Lelystad;\r\n"        /* not a postcode */
    "Dubbel BV;12345678;Laan 8;8232 AC;Lelystad;\r\n" /* the KvK of row 2 again */
    "\"caf\xC3\xA9 \"\"de zwaan\"\"\";;Kade 3;1234 AB;Almere;\r\n" /* row 3 by name and postcode */
    "Veel Plaatsen;33334444;Laan 9;8232 AD;Lelystad;veel\r\n";     /* not a number */
static const char big_company_row[] = "Groot Adres;55556666;";

static int setup(void **state)
{
    (void)state;
    if (!ts_start_import(&W.ts, &W.admin, W.coach_id))
        return -1;
    snprintf(W.classes, sizeof W.classes, "%s/klassen.csv", W.ts.dir);
    snprintf(W.companies, sizeof W.companies, "%s/bedrijven.csv", W.ts.dir);
    snprintf(W.changed, sizeof W.changed, "%s/changed.csv", W.ts.dir);
    return ts_create_user(W.admin, "mentor.import", STAGELIJN__V1__ROLE__ROLE_MENTOR, NULL,
                          W.mentor_id) &&
                   ts_write_csv(W.classes, faulty_classes, big_class_row) &&
                   ts_write_csv(W.companies, faulty_companies, big_company_row)
               ? 0
               : -1;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *const clients[] = {W.admin};
    return ts_teardown(&W.ts, clients, 1);
}

static int import(const char *what, const char *user, const char *password, const char *file,
                  bool dry_run)
{
    return ts_run_import(&W.ts, what, user, password, file, dry_run, out, sizeof out);
}

static void test_coach_refused(void **state)
{
    (void)state;
    long classes = ts_count_rows(&W.ts, "classes"), companies = ts_count_rows(&W.ts, "companies");
    assert_int_not_equal(import("classes", "coach.import", TS_PASSWORD, W.classes, false), 0);
    assert_int_not_equal(import("companies", "coach.import", TS_PASSWORD, W.companies, false), 0);
    assert_int_equal(ts_count_rows(&W.ts, "classes"), classes);
    assert_int_equal(ts_count_rows(&W.ts, "companies"), companies);
}

/* The dry run of `what` from `file` reports `would` and `summary` and stores nothing in
 * `table`; the table's rows before it. */
static long dry_run_stores_nothing(const char *what, const char *table, const char *file,
                                   const char *would, const char *summary)
{
    long before = ts_count_rows(&W.ts, table);
    assert_int_equal(import(what, "admin", TS_ADMIN_PASSWORD, file, true), 1);
    ts_assert_output_has(out, would);
    ts_assert_output_has(out, summary);
    assert_int_equal(ts_count_rows(&W.ts, table), before);
    return before;
}

static void test_classes_dry_run_then_run(void **state)
{
    (void)state;
    long before = dry_run_stores_nothing(
        "classes", "classes", W.classes, "row 2 (3A): would be created",
        "dry run, nothing stored: 10 rows: 3 to create, 0 to change, 0 unchanged, 7 refused");

    assert_int_equal(import("classes", "admin", TS_ADMIN_PASSWORD, W.classes, false), 1);
    ts_assert_output_has(out, "row 2 (3A): created");
    ts_assert_output_has(out, "row 3 (4B): created");
    ts_assert_output_has(out, "row 4 (Entr\xC3\xA9\xC3\xA9 \"1\"): created");
    ts_assert_output_has(out, "row 5 (): refused: name is required");
    ts_assert_output_has(out, "row 6 (7X): refused: school_year must be 2, 3, 4, 5 or 6");
    ts_assert_output_has(out, "row 7 (5C): refused: school_year is not a whole number");
    ts_assert_output_has(out, "row 8 (3A): refused: 3A is also on row 2");
    ts_assert_output_has(out, "row 9 (2D): refused: there is no mentor with the username niemand");
    ts_assert_output_has(out,
                         "row 10 (2E): refused: there is no mentor with the username coach.import");
    ts_assert_output_has(out, "row 11 (2F): refused: mentor is longer than 4096 bytes");
    ts_assert_output_has(out, "10 rows: 3 created, 0 changed, 0 unchanged, 7 refused");
    assert_int_equal(ts_count_rows(&W.ts, "classes"), before + 3);
    char v[64];
    ts_query_text(&W.ts, "SELECT mentor_id FROM classes WHERE name = ?1", "3A", v, sizeof v);
    assert_string_equal(v, W.mentor_id);

    /* The same file again changes nothing. */
    assert_int_equal(import("classes", "admin", TS_ADMIN_PASSWORD, W.classes, false), 1);
    ts_assert_output_has(out, "10 rows: 0 created, 0 changed, 3 unchanged, 7 refused");
    assert_int_equal(ts_count_rows(&W.ts, "classes"), before + 3);

    /* A class moved up a year and without its mentor: changed, not doubled. */
    assert_true(ts_write_csv(W.changed, "klas,leerjaar,mentor\n3A,4,\n", NULL));
    assert_int_equal(import("classes", "admin", TS_ADMIN_PASSWORD, W.changed, false), 0);
    ts_assert_output_has(out, "row 2 (3A): changed: school_year mentor");
    assert_int_equal(ts_count_rows(&W.ts, "classes"), before + 3);
    ts_query_text(&W.ts, "SELECT school_year FROM classes WHERE name = ?1", "3A", v, sizeof v);
    assert_string_equal(v, "4");
}

static void test_companies_dry_run_then_run(void **state)
{
    (void)state;
    long before = dry_run_stores_nothing(
        "companies", "companies", W.companies, "row 2 (12345678): would be created",
        "dry run, nothing stored: 11 rows: 3 to create, 0 to change, 0 unchanged, 8 refused");

    assert_int_equal(import("companies", "admin", TS_ADMIN_PASSWORD, W.companies, false), 1);
    ts_assert_output_has(out, "row 2 (12345678): created");
    ts_assert_output_has(out, "row 3 (Caf\xC3\xA9 \"De Zwaan\", 1234 AB): created");
    ts_assert_output_has(out, "row 4 (87654321): created");
    ts_assert_output_has(
        out, "row 5 (Zonder Sleutel, ?): refused: a company needs a KvK number or a postcode");
    ts_assert_output_has(out, "row 6 (11112222): refused: name is required");
    ts_assert_output_has(out, "row 7 (1234): refused: 1234 is not a KvK number (8 digits)");
    ts_assert_output_has(out, "row 8 (Slechte Post, ?): refused: 12345 is not a Dutch postcode");
    ts_assert_output_has(out, "row 9 (12345678): refused: 12345678 is also on row 2");
    ts_assert_output_has(
        out, "row 10 (caf\xC3\xA9 \"de zwaan\", 1234 AB): refused: caf\xC3\xA9 \"de zwaan\", "
             "1234 AB is also on row 3");
    ts_assert_output_has(out, "row 11 (33334444): refused: places is not a whole number");
    ts_assert_output_has(out, "row 12 (55556666): refused: address is longer than 4096 bytes");
    ts_assert_output_has(out, "11 rows: 3 created, 0 changed, 0 unchanged, 8 refused");
    assert_int_equal(ts_count_rows(&W.ts, "companies"), before + 3);
    char v[128];
    ts_query_text(&W.ts,
                  "SELECT address || '|' || postcode || '|' || places FROM companies "
                  "WHERE registration_number = ?1",
                  "12345678", v, sizeof v);
    assert_string_equal(v, "Markt 1; achter|8232 AB|2");

    assert_int_equal(import("companies", "admin", TS_ADMIN_PASSWORD, W.companies, false), 1);
    ts_assert_output_has(out, "11 rows: 0 created, 0 changed, 3 unchanged, 8 refused");
    assert_int_equal(ts_count_rows(&W.ts, "companies"), before + 3);
}

/* Found again by KvK number (a new address) and by name and postcode (a KvK number filled in,
 * the name's case as the records write it); a KvK number that contradicts the stored one is
 * refused. */
static void test_company_changes(void **state)
{
    (void)state;
    long before = ts_count_rows(&W.ts, "companies");
    assert_true(ts_write_csv(W.changed,
                             "naam,kvk,adres,postcode,plaats\n"
                             "Bakkerij 't Stoepje,12345678,Markt 2,8232 AB,Lelystad\n"
                             "\"CAF\xC3\xA9 \"\"DE ZWAAN\"\"\",99998888,,1234 AB,\n"
                             "Garage Smit,,,8231 XY,\n"
                             "Garage Smit,11110000,,8231xy,\n",
                             NULL));
    assert_int_equal(import("companies", "admin", TS_ADMIN_PASSWORD, W.changed, false), 1);
    ts_assert_output_has(out, "row 2 (12345678): changed: address");
    ts_assert_output_has(out, "row 3 (99998888): changed: name registration_number");
    ts_assert_output_has(
        out, "row 5 (11110000): refused: the company Garage Smit at 8231 XY has KvK number "
             "87654321, not 11110000");
    ts_assert_output_has(out, "4 rows: 0 created, 2 changed, 1 unchanged, 1 refused");
    assert_int_equal(ts_count_rows(&W.ts, "companies"), before);
    char v[128];
    ts_query_text(&W.ts, "SELECT address FROM companies WHERE registration_number = ?1", "12345678",
                  v, sizeof v);
    assert_string_equal(v, "Markt 2");
    ts_query_text(&W.ts, "SELECT city FROM companies WHERE registration_number = ?1", "99998888", v,
                  sizeof v);
    assert_string_equal(v, "Almere"); /* the empty city cell kept the stored one */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coach_refused),
        cmocka_unit_test(test_classes_dry_run_then_run),
        cmocka_unit_test(test_companies_dry_run_then_run),
        cmocka_unit_test(test_company_changes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
