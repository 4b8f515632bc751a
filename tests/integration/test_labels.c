/* Lists the server itself cut say so (labels): a handler reads at most a fixed number of rows
 * (MAX_LIST, MAX_CLASS, ... in its SQL); when there are more, the reply's cut carries
 * server_cap and the client tells the person, in Dutch under a Dutch locale, that the list
 * stops there and how to see the rest. 5001 students imported into one class overflow both
 * the student list (5000) and the class overview (500); a list below its cap says nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "programs.h"

#define OUT_MAX (8 * 1024 * 1024)
#define STUDENT_LIST_CAP 5000 /* server/handlers/h_school.c MAX_LIST */
#define CLASS_CAP 500         /* server/handlers/h_overview.c MAX_CLASS */
#define STUDENTS (STUDENT_LIST_CAP + 1)

static test_server ts;
static char *out;
static char class_id[37];

/* Runs prog as the admin (stagelijn-admin for the school's lists, stagelijn for overviews). */
static int run(const char *prog, const char *const *args, bool json)
{
    return json ? ts_run_cli(&ts, prog, "admin", TS_ADMIN_PASSWORD, args, out, OUT_MAX)
                : ts_run_cli_human(&ts, prog, "admin", TS_ADMIN_PASSWORD, args, out, OUT_MAX);
}

static int admin(const char *const *args, bool json)
{
    return run("stagelijn-admin", args, json);
}

/* What a person reads under a Dutch locale that is not installed (as on a fresh Debian). */
static int in_dutch(const char *prog, const char *const *args)
{
    ts_use_language(TS_RUN_DUTCH);
    int rc = run(prog, args, false);
    ts_use_language(TS_RUN_ENGLISH);
    return rc;
}

static size_t count(const char *text, const char *what)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, what)) != NULL; p += strlen(what))
        n++;
    return n;
}

static int setup(void **state)
{
    (void)state;
    out = malloc(OUT_MAX);
    if (!out || !ts_start(&ts, NULL))
        return -1;
    sl_client *a = ts_login(&ts, "admin", TS_ADMIN_PASSWORD);
    if (!a || !ts_make_class(a, "3A", 3, NULL, class_id))
        return -1;
    sl_client_close(a);
    char file[400], cmd[900];
    snprintf(file, sizeof file, "%s/leerlingen.csv", ts.dir);
    snprintf(cmd, sizeof cmd, "%s/tests/bench/gen_students_csv.sh %d 3A > %s", SL_SOURCE_DIR,
             STUDENTS, file);
    if (system(cmd) != 0)
        return -1;
    const char *import[] = {"import", "students", "--file", file, NULL};
    return admin(import, false) == 0 && ts_count_rows(&ts, "students") == STUDENTS ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    int rc = ts_teardown(&ts, NULL, 0);
    free(out);
    return rc;
}

/* The student list stops at 5000 of 5001: the JSON says where, a person is told. */
static void test_student_list_says_the_server_cut_it(void **state)
{
    (void)state;
    const char *list[] = {"student", "list", NULL};
    assert_int_equal(admin(list, true), 0);
    char cut[96];
    snprintf(cut, sizeof cut, "\"cut\":{\"offset\":0,\"total\":%d,\"server_cap\":%d}",
             STUDENT_LIST_CAP, STUDENT_LIST_CAP);
    if (!strstr(out, cut))
        fail_msg("no %s in the student list's JSON", cut);
    assert_int_equal(count(out, "\"student_number\":"), STUDENT_LIST_CAP);

    const char *all[] = {"student", "list", "--limit", "0", NULL};
    assert_int_equal(admin(all, false), 0);
    char line[160];
    snprintf(line, sizeof line, "the server reads at most %d rows of this list and there are more",
             STUDENT_LIST_CAP);
    if (!strstr(out, line))
        fail_msg("no \"%s\" under the student list", line);

    assert_int_equal(in_dutch("stagelijn-admin", all), 0);
    snprintf(line, sizeof line,
             "de server leest hoogstens %d rijen van deze lijst en er zijn er meer",
             STUDENT_LIST_CAP);
    if (!strstr(out, line))
        fail_msg("no \"%s\" under the Dutch student list", line);
}

/* The class overview reads 500 students of a class: the 501st on is not lost silently. */
static void test_class_overview_says_the_server_cut_it(void **state)
{
    (void)state;
    const char *overview[] = {"class", "overview", "--class", class_id, NULL};
    assert_int_equal(run("stagelijn", overview, true), 0);
    char cut[96];
    snprintf(cut, sizeof cut, "\"cut\":{\"offset\":0,\"total\":%d,\"server_cap\":%d}", CLASS_CAP,
             CLASS_CAP);
    if (!strstr(out, cut))
        fail_msg("no %s in the class overview's JSON", cut);

    assert_int_equal(in_dutch("stagelijn", overview), 0);
    char line[160];
    snprintf(line, sizeof line, "de server leest hoogstens %d rijen van deze lijst", CLASS_CAP);
    if (!strstr(out, line))
        fail_msg("no \"%s\" under the Dutch class overview:\n%.2000s", line, out);
    /* The page notice still tells how to page through the rows the server did read. */
    assert_non_null(strstr(out, "rijen 1 tot en met 100 van 500"));
}

/* A list below its cap is whole, and says nothing of a cut. */
static void test_a_whole_list_says_nothing(void **state)
{
    (void)state;
    const char *classes[] = {"class", "list", NULL};
    assert_int_equal(admin(classes, true), 0);
    assert_non_null(strstr(out, "\"cut\":{\"offset\":0,\"total\":1,\"server_cap\":0}"));
    assert_int_equal(in_dutch("stagelijn-admin", classes), 0);
    assert_null(strstr(out, "hoogstens"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_student_list_says_the_server_cut_it),
        cmocka_unit_test(test_class_overview_says_the_server_cut_it),
        cmocka_unit_test(test_a_whole_list_says_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
