/* Data rights (issue 10): the right of access through "stagelijn-admin student export". The
 * tables the export must cover are derived here from the schema of the running server's
 * database (every table with a student_id or placement_id column, and the student's row and
 * account), so a table added later without being exported fails this test. Also: both files
 * are mode 0600, the export is audited, another student's data stay out, a coach is refused
 * and nothing is written for him/her. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "harness.h"
#include "records.h"

static struct {
    test_server ts;
    sl_client *admin, *coach;
    char anna[37], bram[37];
} W;

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&W.ts, NULL))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char klass[37], company[37], sup[37], otp[64], pid[37];
    const ts_company_spec ca = {.name = "Bakkerij De Korenschoof"};
    const ts_student_spec sa = {.first_name = "Anna",
                                .last_name = "Bakker",
                                .class_id = klass,
                                .date_of_birth = "2008-03-03",
                                .username = "anna"};
    const ts_student_spec sb = {.first_name = "Bram",
                                .last_name = "Visser",
                                .class_id = klass,
                                .date_of_birth = "2008-04-17"};
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, NULL) ||
        !ts_make_class(W.admin, "5K", 5, NULL, klass) || !ts_make_company(W.admin, &ca, company) ||
        !ts_create_user(W.admin, "sup-a", 5, company, sup) ||
        !ts_make_student(W.admin, &sa, W.anna, otp) || !ts_make_student(W.admin, &sb, W.bram, NULL))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    if (!W.coach)
        return -1;
    char start[11], end[11];
    ts_monday(-14, start);
    ts_date(60, end);
    ts_placement_spec p = ts_sector_week(W.anna, company, sup, start, end);
    return ts_make_placement(W.coach, &p, SL_OK, pid) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *c[] = {W.admin, W.coach};
    return ts_teardown(&W.ts, c, 2);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strdup(buf);
}

/* The tables that hold rows about a student, read from the schema: those with a student_id
 * or placement_id column, plus the student's own row and account. */
static int tables_about_a_student(test_server *ts, char names[][64], int max)
{
    char path[300];
    snprintf(path, sizeof path, "%s/stagelijn.db", ts->dir);
    sqlite3 *db;
    int n = 0;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(
                         db,
                         "SELECT DISTINCT m.name FROM sqlite_master m, pragma_table_info(m.name) c "
                         "WHERE m.type = 'table' AND (c.name IN ('student_id', 'placement_id') "
                         "OR m.name IN ('students', 'users')) ORDER BY m.name",
                         -1, &st, NULL),
                     SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW && n < max)
        snprintf(names[n++], 64, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

/* The readable document (admin2): no id (UUID) and no column name with an underscore as a
 * label; names and Dutch labels instead (the company's name where the placement is, the
 * class's name, dates and times as people write them). */
static void assert_document_readable(const char *doc)
{
    for (const char *p = doc; *p; p++) {
        size_t run = strspn(p, "0123456789abcdef-");
        if (run >= 36 && p[8] == '-' && p[13] == '-')
            fail_msg("an id in the document: %.36s", p);
        p += run ? run - 1 : 0;
    }
    for (const char *l = doc; l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        const char *colon = strchr(l, ':'), *end = strchr(l, '\n');
        if (!strncmp(l, "- ", 2) && colon && (!end || colon < end)) {
            for (const char *c = l; c < colon; c++)
                if (*c == '_')
                    fail_msg("a code as label: %.*s", (int)(colon - l), l);
        }
        if (!strncmp(l, "## ", 3) && strchr(l, '_') && strchr(l, '_') < (end ? end : l + 200))
            fail_msg("a code as heading: %.60s", l);
    }
    assert_non_null(strstr(doc, "## Stages ("));
    assert_non_null(strstr(doc, "- Bedrijf: Bakkerij De Korenschoof"));
    assert_non_null(strstr(doc, "- Klas: 5K"));
    assert_non_null(strstr(doc, "- Geboortedatum: 2008-03-03"));
}

static void test_export_has_every_table(void **state)
{
    (void)state;
    char dir[300], out[4096], jpath[400], mpath[400];
    snprintf(dir, sizeof dir, "%s/inzage", W.ts.dir);
    assert_int_equal(mkdir(dir, 0700), 0);
    const char *args[] = {"student", "export", "--student", "Anna Bakker", "--out", dir, NULL};
    assert_int_equal(ts_run_cli_human(&W.ts, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, args,
                                      out, sizeof out),
                     0);
    assert_non_null(strstr(out, "Anna Bakker"));
    snprintf(jpath, sizeof jpath, "%s/inzage-%s.json", dir, W.anna);
    snprintf(mpath, sizeof mpath, "%s/inzage-%s.md", dir, W.anna);
    struct stat sb;
    assert_int_equal(stat(jpath, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_int_equal(stat(mpath, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);

    char *json = slurp(jpath), *doc = slurp(mpath);
    assert_non_null(json);
    assert_non_null(doc);
    char names[128][64];
    int n = tables_about_a_student(&W.ts, names, 128);
    assert_true(n > 10);
    for (int i = 0; i < n; i++) {
        char key[100];
        snprintf(key, sizeof key, "\"table\":\"%.63s\"", names[i]);
        if (!strstr(json, key))
            fail_msg("table %s holds data about a student but is not in the export", names[i]);
    }
    /* The document has a section for each (its headings in Dutch, so counted). */
    int headings = 0;
    for (const char *p = doc; (p = strstr(p, "\n## ")) != NULL; p++)
        headings++;
    assert_true(headings >= n);
    assert_document_readable(doc);
    /* His/her own data are there, another student's are not, nor any secret. */
    assert_non_null(strstr(json, "2008-03-03"));
    assert_non_null(strstr(json, W.anna));
    assert_null(strstr(json, W.bram));
    assert_null(strstr(json, "2008-04-17"));
    assert_null(strstr(json, "password_hash"));
    assert_non_null(strstr(doc, "# Inzage in de gegevens van Anna Bakker"));
    free(json);
    free(doc);
    /* The export is audited, naming the student by id only. */
    assert_true(ts_count_rows(&W.ts, "audit WHERE operation = 'student_record.export'") == 1);
}

static void test_export_coach_refused(void **state)
{
    (void)state;
    char dir[300], out[4096], path[400];
    snprintf(dir, sizeof dir, "%s/coach-inzage", W.ts.dir);
    assert_int_equal(mkdir(dir, 0700), 0);
    const char *args[] = {"student", "export", "--student", "Anna Bakker", "--out", dir, NULL};
    assert_int_equal(
        ts_run_cli(&W.ts, "stagelijn-admin", "coach", TS_PASSWORD, args, out, sizeof out), 1);
    assert_non_null(strstr(out, "\"permission_denied\""));
    snprintf(path, sizeof path, "%s/inzage-%s.json", dir, W.anna);
    assert_int_not_equal(access(path, F_OK), 0);
    assert_true(ts_count_rows(&W.ts, "audit WHERE operation = 'student_record.export'") == 1);
}

static void test_export_unknown_student(void **state)
{
    (void)state;
    char out[4096];
    const char *args[] = {"student", "export", "--student", "Niemand Bestaat",
                          "--out",   W.ts.dir, NULL};
    assert_int_equal(
        ts_run_cli(&W.ts, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, args, out, sizeof out), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_export_has_every_table),
        cmocka_unit_test(test_export_coach_refused),
        cmocka_unit_test(test_export_unknown_student),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
