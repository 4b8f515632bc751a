/* Migration 007 (fact dates) gives every assessment and readiness check its own date: rows stored before it
 * get their typed-in instant's date (local time, as the daemon runs in Europe/Amsterdam). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store.h"

extern const char *const sl_migrations[];
extern const int sl_migrations_count;

#define FACT_DATES_VERSION 7

/* 2026-11-30 23:30 UTC is already 1 December in Amsterdam. */
#define LATE_EVENING 1796081400L

static void exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "?");
}

/* A database at the version before fact dates, holding one assessment and one readiness
 * check typed in at LATE_EVENING. */
static void make_old_database(const char *path)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    for (int v = 1; v < FACT_DATES_VERSION; v++)
        exec(db, sl_migrations[v - 1]);
    char sql[2048];
    snprintf(sql, sizeof sql,
             "PRAGMA user_version = %d;"
             "INSERT INTO users (id, username, display_name, role, password_hash, created_at) "
             "VALUES ('u', 'coach', 'C', 'coach', 'x', 0);"
             "INSERT INTO companies (id, name, created_at) VALUES ('c', 'Winkel', 0);"
             "INSERT INTO classes (id, name, school_year) VALUES ('k', '3A', 3);"
             "INSERT INTO students (id, first_name, last_name, class_id, school_year, "
             "date_of_birth, created_at) VALUES ('s', 'A', 'B', 'k', 3, '2010-01-01', 0);"
             "INSERT INTO placements (id, student_id, company_id, coach_id, kind, status, "
             "start_date, end_date, created_at, updated_at) VALUES ('p', 's', 'c', 'u', 4, 4, "
             "'2026-09-01', '2027-01-31', 0, 0);"
             "INSERT INTO assessments (id, placement_id, kind, persoonlijk, arbeid, sociaal, "
             "onderzoek, leren, assessor_id, created_at) VALUES ('a', 'p', 1, 3, 3, 3, 3, 3, "
             "'u', %ld);"
             "INSERT INTO readiness (student_id, computed_advice, assessed_by, updated_at) "
             "VALUES ('s', 1, 'u', %ld);",
             FACT_DATES_VERSION - 1, LATE_EVENING, LATE_EVENING);
    exec(db, sql);
    sqlite3_close(db);
}

static void text_of(store *s, const char *sql, char *out, size_t outlen)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(out, outlen, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

static void test_existing_rows_get_their_typed_in_date(void **state)
{
    (void)state;
    assert_true(sl_migrations_count >= FACT_DATES_VERSION);
    char dir[] = "/tmp/sl-test-migfd-XXXXXX", path[64], err[256] = "";
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/t.db", dir);
    make_old_database(path);
    store *s = NULL;
    assert_int_equal(store_open(path, &s, err, sizeof err), SL_OK);
    assert_int_equal(store_schema_version(s), sl_migrations_count);
    char day[32];
    text_of(s, "SELECT date FROM assessments WHERE id = 'a'", day, sizeof day);
    assert_string_equal(day, "2026-12-01");
    text_of(s, "SELECT assessed_on FROM readiness WHERE student_id = 's'", day, sizeof day);
    assert_string_equal(day, "2026-12-01");
    store_close(s);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_existing_rows_get_their_typed_in_date),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
