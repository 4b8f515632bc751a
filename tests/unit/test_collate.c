/* The Dutch collation of names (server/store/collate.c) as SQLite uses it: surnames ignoring case,
 * accents and punctuation, the tussenvoegsel kept apart, on a real in-memory database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <sqlite3.h>

#include "collate.h"

static sqlite3 *open_db(void)
{
    sqlite3 *db = NULL;
    char err[256];
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(collate_register(db, err, sizeof err), SL_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TABLE students (id TEXT, first_name TEXT, "
                                  "last_name TEXT, name_prefix TEXT NOT NULL DEFAULT '')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    return db;
}

static void add(sqlite3 *db, const char *id, const char *first, const char *prefix,
                const char *last)
{
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(db, "INSERT INTO students VALUES (?1, ?2, ?3, ?4)", -1, &st, NULL),
        SQLITE_OK);
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, first, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, last, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, prefix, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
}

/* The names as the list shows them, in the list's order, joined with "|". */
static void listed(sqlite3 *db, char *out, size_t n)
{
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(db,
                           "SELECT " SQL_STUDENT_NAME("s") " FROM students s "
                                                           "ORDER BY " SQL_STUDENT_ORDER("s"),
                           -1, &st, NULL),
        SQLITE_OK);
    out[0] = '\0';
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (out[0])
            strncat(out, "|", n - strlen(out) - 1);
        strncat(out, (const char *)sqlite3_column_text(st, 0), n - strlen(out) - 1);
    }
    sqlite3_finalize(st);
}

static void test_surnames_in_dutch_order(void **state)
{
    (void)state;
    sqlite3 *db = open_db();
    /* Inserted in byte order of the full name, the order the fault showed. */
    add(db, "5", "Bram", "de", "Vries");
    add(db, "4", "Sanne", "van 't", "Hof");
    add(db, "3", "Aoife", "", "O'Brien");
    add(db, "2", "Emre", "",
        "\xc3\x87"
        "elik"); /* Çelik */
    add(db, "1", "Anna", "", "Bakker");
    char got[512];
    listed(db, got, sizeof got);
    assert_string_equal(got, "Anna Bakker|Emre \xc3\x87"
                             "elik|Sanne van 't Hof|Aoife O'Brien|"
                             "Bram de Vries");
    sqlite3_close(db);
}

static void test_case_and_accents_do_not_order(void **state)
{
    (void)state;
    sqlite3 *db = open_db();
    add(db, "1", "Zoë", "", "\xc3\x96zdemir"); /* Özdemir */
    add(db, "2", "Ali", "", "ozdemir");
    add(db, "3", "Piet", "", "Zwart");
    add(db, "4", "Kees", "", "Oosterhuis");
    char got[512];
    listed(db, got, sizeof got);
    /* Özdemir and ozdemir are one surname: the first name decides; both come before Zwart,
     * and after Oosterhuis. */
    assert_string_equal(got, "Kees Oosterhuis|Ali ozdemir|Zo\xc3\xab \xc3\x96zdemir|Piet Zwart");
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT 'De Wit' = 'de wit' COLLATE nl", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 1);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_surnames_in_dutch_order),
        cmocka_unit_test(test_case_and_accents_do_not_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
