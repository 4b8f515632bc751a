/* Every role's overview against the demo school (`stagelijn-admin demo-data`), with the real
 * workstation program: each role sees what it answers for, and all of it. The coach his/her
 * interns; the support coach his/her support students' internships; the mentor his/her
 * class; the supervisor the company's current interns; the student him/herself. What each
 * should see is counted straight from the database, independently of the server's queries. */
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

#define DEMO_PASSWORD "stagelijn-demo-2026"

static test_server TS;
static char out[1 << 20];

/* One number from the server's database, read-only; `user` binds ?1. -1 on failure. */
static long db_count(const char *sql, const char *param)
{
    char path[300];
    snprintf(path, sizeof path, "%s/stagelijn.db", TS.dir);
    sqlite3 *db;
    long n = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
            if (param)
                sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(st) == SQLITE_ROW)
                n = sqlite3_column_int64(st, 0);
            sqlite3_finalize(st);
        } else {
            fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(db));
        }
    }
    sqlite3_close(db);
    return n;
}

/* Occurrences of `needle` in text. */
static long count_of(const char *text, const char *needle)
{
    long n = 0;
    for (const char *p = text; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static int run(const char *user, const char *const *args)
{
    return ts_run_cli(&TS, "stagelijn", user, DEMO_PASSWORD, args, out, sizeof out);
}

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&TS, NULL))
        return -1;
    const char *args[] = {"demo-data", NULL};
    if (ts_run_cli(&TS, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, args, out, sizeof out) !=
            0 ||
        !strstr(out, "\"refused\":0")) {
        fprintf(stderr, "demo-data: %s\n", out);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return ts_teardown(&TS, NULL, 0);
}

#define ACTIVE_FOR(user_sql)                                                                       \
    "SELECT count(*) FROM placements p JOIN students s ON s.id = p.student_id WHERE p.status = 4 " \
    "AND (p.coach_id = (" user_sql ") OR s.support_coach_id = (" user_sql "))"
#define USER_ID "SELECT id FROM users WHERE username = ?1"

static void caseload_lists_the_interns_of(const char *user)
{
    long want = db_count(ACTIVE_FOR(USER_ID), user);
    const char *args[] = {"caseload", NULL};
    assert_int_equal(run(user, args), 0);
    long got = count_of(out, "\"kind\":\"intern\"");
    fprintf(stderr, "%s: %ld interns in the caseload, %ld in the database\n", user, got, want);
    assert_true(want > 0);
    assert_int_equal(got, want);
}

static void test_coach_caseload(void **state)
{
    (void)state;
    caseload_lists_the_interns_of("c.devries");
}

static void test_support_coach_caseload_and_visit_plan(void **state)
{
    (void)state;
    caseload_lists_the_interns_of("o.smit");
    /* Four weeks on every internship has a visit due: the plan holds each support student's
     * active internship, and nobody else's. */
    char monday[11];
    ts_monday(28, monday);
    const char *plan[] = {"visit", "plan", "--week", monday, NULL};
    assert_int_equal(run("o.smit", plan), 0);
    long visits = count_of(out, "\"placement_id\":");
    long due = db_count("SELECT count(*) FROM placements p JOIN students s ON s.id = p.student_id "
                        "WHERE p.status = 4 AND p.end_date >= date('now', '+28 days') AND "
                        "(p.coach_id = (" USER_ID ") OR s.support_coach_id = (" USER_ID "))",
                        "o.smit");
    fprintf(stderr, "o.smit: %ld visits planned, %ld internships running then\n", visits, due);
    assert_true(visits > 0);
    assert_true(visits <= due);
}

static void test_mentor_sees_the_class(void **state)
{
    (void)state;
    const char *students[] = {"student", "list", NULL};
    assert_int_equal(run("m.4a", students), 0);
    long want = db_count("SELECT count(*) FROM students WHERE class_id IN (SELECT id FROM "
                         "classes WHERE mentor_id = (" USER_ID "))",
                         "m.4a");
    assert_true(want > 0);
    assert_int_equal(count_of(out, "\"first_name\":"), want);
    char class_id[40];
    assert_true(ts_json_str(out, "class_id", class_id, sizeof class_id));
    const char *overview[] = {"class", "overview", "--class", class_id, NULL};
    assert_int_equal(run("m.4a", overview), 0);
    assert_int_equal(count_of(out, "\"student_name\":"), want);
    /* Notifications: of the class only, each naming the class. */
    const char *news[] = {"notifications", "--limit", "500", NULL};
    assert_int_equal(run("m.4a", news), 0);
    long events = count_of(out, "\"seq\":");
    long visible = db_count("SELECT count(*) FROM events WHERE class_id IN (SELECT id FROM "
                            "classes WHERE mentor_id = (" USER_ID "))",
                            "m.4a");
    fprintf(stderr, "m.4a: %ld students, %ld notifications (%ld in the database)\n", want, events,
            visible);
    assert_int_equal(events, visible < 500 ? visible : 500);
}

static void test_supervisor_sees_the_company_interns(void **state)
{
    (void)state;
    const char *students[] = {"student", "list", NULL};
    assert_int_equal(run("pb.01", students), 0);
    long want = db_count("SELECT count(DISTINCT p.student_id) FROM placements p WHERE "
                         "p.company_id = (SELECT company_id FROM users WHERE username = ?1) AND "
                         "p.status IN (2, 3, 4)",
                         "pb.01");
    fprintf(stderr, "pb.01: %ld students listed, %ld current interns\n",
            count_of(out, "\"first_name\":"), want);
    assert_true(want > 0);
    assert_int_equal(count_of(out, "\"first_name\":"), want);
    /* Support needs are for school staff. */
    assert_null(strstr(out, "\"support_need\":true"));
}

/* The demo keeps the tussenvoegsel apart, and the coach's profile update keeps it. */
static void test_demo_names_keep_the_tussenvoegsel(void **state)
{
    (void)state;
    assert_true(db_count("SELECT count(*) FROM students WHERE name_prefix <> '' AND "
                         "home_latitude IS NOT NULL",
                         NULL) > 0);
    assert_int_equal(db_count("SELECT count(*) FROM students WHERE last_name LIKE 'de %' OR "
                              "last_name LIKE 'van %'",
                              NULL),
                     0);
}

static void test_student_sees_self(void **state)
{
    (void)state;
    const char *students[] = {"student", "list", NULL};
    assert_int_equal(run("ll.061", students), 0);
    assert_int_equal(count_of(out, "\"first_name\":"), 1);
    assert_non_null(strstr(out, "\"full_name\":"));
    const char *placements[] = {"placement", "list", NULL};
    assert_int_equal(run("ll.061", placements), 0);
    long want = db_count("SELECT count(*) FROM placements WHERE student_id = (SELECT id FROM "
                         "students WHERE user_id = (" USER_ID "))",
                         "ll.061");
    assert_int_equal(count_of(out, "\"kind\":"), want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coach_caseload),
        cmocka_unit_test(test_support_coach_caseload_and_visit_plan),
        cmocka_unit_test(test_mentor_sees_the_class),
        cmocka_unit_test(test_supervisor_sees_the_company_interns),
        cmocka_unit_test(test_student_sees_self),
        cmocka_unit_test(test_demo_names_keep_the_tussenvoegsel),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
