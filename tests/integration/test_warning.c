/* Early warning on the demo school, against a real stagelijnd and through the real programs:
 * the interns the demo makes troubled rank highest, every reason is listed with its points
 * and explained in Dutch, the scan raises one "risk" event per crossing (not again on the
 * next scan), and the signal shows in the coach's caseload and the mentor's class overview.
 * Who may read it: school staff, a mentor only his/her class, no student or company. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "harness.h"

#define DEMO_PASSWORD "stagelijn-demo-2026"
#define OUT (1 << 20)
#define MAX_T 64

typedef struct {
    test_server ts;
    char troubled[MAX_T][37];
    int n_troubled;
    char *out;
} world;

static world W;

static int cli(const char *user, bool json, const char *const *args)
{
    const char *pw = strcmp(user, "admin") ? DEMO_PASSWORD : TS_ADMIN_PASSWORD;
    return json ? ts_run_cli(&W.ts, "stagelijn", user, pw, args, W.out, OUT)
                : ts_run_cli_human(&W.ts, "stagelijn", user, pw, args, W.out, OUT);
}

/* Rows of a query on the server's database (read-only beside it): the first column of each
 * into out[] (37 bytes each), at most max; returns the count or -1. */
static int query_ids(const char *sql, char (*out)[37], int max)
{
    char path[300];
    snprintf(path, sizeof path, "%s/stagelijn.db", W.ts.dir);
    sqlite3 *db;
    sqlite3_stmt *st = NULL;
    int n = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        n = 0;
        while (sqlite3_step(st) == SQLITE_ROW && n < max)
            snprintf(out[n++], 37, "%s", (const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

/* The username of the mentor of the class of `student`, and that class's id. */
static void mentor_and_class_of(const char *student, char mentor[37], char klass[37])
{
    ts_query_text(&W.ts,
                  "SELECT u.username FROM students s JOIN classes k ON k.id = s.class_id JOIN "
                  "users u ON u.id = k.mentor_id WHERE s.id = ?1",
                  student, mentor, 37);
    ts_query_text(&W.ts, "SELECT class_id FROM students WHERE id = ?1", student, klass, 37);
    assert_true(mentor[0] && klass[0]);
}

static bool is_troubled(const char *id)
{
    for (int i = 0; i < W.n_troubled; i++)
        if (!strncmp(W.troubled[i], id, 36))
            return true;
    return false;
}

static int setup(void **state)
{
    (void)state;
    W.out = malloc(OUT);
    if (!W.out || !ts_start(&W.ts, NULL))
        return -1;
    const char *args[] = {"demo-data", NULL};
    if (ts_run_cli(&W.ts, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, args, W.out, OUT) != 0)
        return -1;
    /* The demo marks the weeks of a troubled intern; those still on an active placement. */
    W.n_troubled = query_ids("SELECT DISTINCT p.student_id FROM agenda_weeks w JOIN placements p "
                             "ON p.id = w.placement_id WHERE p.status = 4 AND w.reflection LIKE "
                             "'Komt vaak te laat%'",
                             W.troubled, MAX_T);
    return W.n_troubled >= 2 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    int rc = ts_teardown(&W.ts, NULL, 0);
    free(W.out);
    return rc;
}

/* The signals in the order listed: the student_id of each (a RiskSignal's first field). */
static int listed_order(const char *json, char (*ids)[37], int max)
{
    int n = 0;
    for (const char *p = json; n < max && (p = strstr(p, "\"student_id\":\"")) != NULL;) {
        p += strlen("\"student_id\":\"");
        snprintf(ids[n++], 37, "%.36s", p);
    }
    return n;
}

/* The points of the signal of `id` in the JSON list (the first "points" after its id). */
static long points_of(const char *json, const char *id)
{
    char key[64];
    snprintf(key, sizeof key, "\"student_id\":\"%.36s\"", id);
    const char *at = strstr(json, key);
    const char *p = at ? strstr(at, "\"points\":") : NULL;
    return p ? strtol(p + strlen("\"points\":"), NULL, 10) : -1;
}

static void test_troubled_interns_rank_highest(void **state)
{
    (void)state;
    const char *args[] = {"warning", "risk", NULL};
    assert_int_equal(cli("c.devries", true, args), 0);
    static char ids[4096][37];
    int n = listed_order(W.out, ids, 4096);
    assert_true(n > W.n_troubled);
    for (int i = 0; i < W.n_troubled; i++) {
        if (!is_troubled(ids[i]))
            fail_msg("place %d is %s, not a troubled intern", i + 1, ids[i]);
    }
    /* Each troubled intern: above the threshold, every reason listed with its points. */
    for (int i = 0; i < W.n_troubled; i++) {
        char key[64];
        snprintf(key, sizeof key, "\"student_id\":\"%s\"", W.troubled[i]);
        const char *at = strstr(W.out, key);
        assert_non_null(at);
        const char *next = strstr(at + 1, "\"student_id\":\"");
        size_t len = next ? (size_t)(next - at) : strlen(at);
        char one[4096];
        snprintf(one, sizeof one, "%.*s", (int)(len < sizeof one ? len : sizeof one - 1), at);
        assert_non_null(strstr(one, "\"above_threshold\":true"));
        static const char *const reasons[] = {"RISK_AGENDA_MISSING", "RISK_RATING_LOW",
                                              "RISK_HOURS_BEHIND", "RISK_VISIT_OVERDUE"};
        for (size_t k = 0; k < sizeof reasons / sizeof reasons[0]; k++)
            if (!strstr(one, reasons[k]))
                fail_msg("%s lacks %s: %s", W.troubled[i], reasons[k], one);
    }
    /* Strictly ahead: the first intern after them has fewer points than the last of them. */
    assert_true(points_of(W.out, ids[W.n_troubled]) < points_of(W.out, ids[W.n_troubled - 1]));

    /* One student asked for: his/her signal only. */
    const char *one_args[] = {"warning", "risk", "--student", W.troubled[0], NULL};
    assert_int_equal(cli("c.devries", true, one_args), 0);
    assert_int_equal(listed_order(W.out, ids, 4096), 1);
}

/* People read each reason in words, with the figure it rests on. */
static void test_reasons_explained_in_dutch(void **state)
{
    (void)state;
    setenv("LANG", "nl_NL.UTF-8", 1);
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    unsetenv("LANGUAGE");
    setenv("STAGELIJN_LOCALEDIR", SL_BUILD_DIR "/locale", 1);
    const char *args[] = {"warning", "risk", "--student", W.troubled[0], NULL};
    int rc = cli("c.devries", false, args);
    unsetenv("LANG");
    unsetenv("STAGELIJN_LOCALEDIR");
    assert_int_equal(rc, 0);
    static const char *const words[] = {"Vroegsignalering",
                                        "punten, SIGNAAL",
                                        "agendaweken niet ingevuld",
                                        "lage beoordeling: gemiddeld",
                                        "van de geroosterde uren gewerkt",
                                        "bezoek van de stagebegeleider"};
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (!strstr(W.out, words[k]))
            fail_msg("'%s' missing from:\n%s", words[k], W.out);
    assert_false(ts_has_uuid_except(W.out, NULL, 0));
}

/* subs (issue 9): the coach's caseload and the mentor's class overview word the reasons in
 * Dutch with their weights; no rule id reaches a person. */
static int cli_dutch(const char *user, const char *const *args)
{
    setenv("LANG", "nl_NL.UTF-8", 1);
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    unsetenv("LANGUAGE");
    setenv("STAGELIJN_LOCALEDIR", SL_BUILD_DIR "/locale", 1);
    int rc = cli(user, false, args);
    unsetenv("LANG");
    unsetenv("STAGELIJN_LOCALEDIR");
    return rc;
}

static void test_reasons_in_words_in_lists(void **state)
{
    (void)state;
    const char *caseload[] = {"caseload", NULL};
    assert_int_equal(cli_dutch("c.devries", caseload), 0);
    if (strstr(W.out, "RISK_") || !strstr(W.out, "vroegsignalering") ||
        !strstr(W.out, "lage beoordeling: gemiddeld") || !strstr(W.out, "(+3)"))
        fail_msg("the caseload's reasons are not in words:\n%s", W.out);
    char mentor[1][37], klass[1][37];
    mentor_and_class_of(W.troubled[0], mentor[0], klass[0]);
    const char *overview[] = {"class", "overview", "--class", klass[0], NULL};
    assert_int_equal(cli_dutch(mentor[0], overview), 0);
    if (strstr(W.out, "RISK_") || !strstr(W.out, "vroegsignalering") ||
        !strstr(W.out, "lage beoordeling: gemiddeld") || !strstr(W.out, "(+3)"))
        fail_msg("the class overview's reasons are not in words:\n%s", W.out);
    assert_false(ts_has_uuid_except(W.out, NULL, 0));
}

/* The scan raises one event per crossing, and not again while the intern stays above. */
static void test_scan_once_per_crossing(void **state)
{
    (void)state;
    long before = ts_count_rows(&W.ts, "events WHERE topic = 'risk'");
    const char *args[] = {"warning", "scan", NULL};
    assert_int_equal(cli("c.devries", true, args), 0);
    char crossed[16];
    assert_true(ts_json_str(W.out, "crossed", crossed, sizeof crossed) ||
                strstr(W.out, "\"crossed\":") != NULL);
    long raised = ts_count_rows(&W.ts, "events WHERE topic = 'risk'") - before;
    assert_true(raised >= W.n_troubled);
    char expect[32];
    snprintf(expect, sizeof expect, "\"crossed\":%ld", raised);
    assert_non_null(strstr(W.out, expect));
    assert_int_equal(cli("c.devries", true, args), 0);
    assert_non_null(strstr(W.out, "\"crossed\":0"));
    assert_int_equal(ts_count_rows(&W.ts, "events WHERE topic = 'risk'") - before, raised);
    /* A mentor may not run it; nothing changes. */
    assert_int_equal(cli("m.4a", true, args), 1);
}

/* Appends a line to the daemon's configuration (a later line wins) and restarts it; with
 * NULL, takes the appended lines away again. */
static void restart_with(const char *line)
{
    static long original = -1;
    assert_int_equal(ts_stop(&W.ts), 0);
    FILE *f = fopen(W.ts.config, "r+");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    if (original < 0)
        original = ftell(f);
    fclose(f);
    if (line) {
        f = fopen(W.ts.config, "a");
        assert_non_null(f);
        fprintf(f, "%s\n", line);
        fclose(f);
    } else {
        assert_int_equal(truncate(W.ts.config, original), 0);
    }
    assert_true(ts_restart(&W.ts));
}

/* Falling below the threshold is remembered, so that rising again is a new crossing with a
 * new event; staying below raises nothing. */
static void test_crossing_again_after_falling_below(void **state)
{
    (void)state;
    const char *args[] = {"warning", "scan", NULL};
    long before = ts_count_rows(&W.ts, "events WHERE topic = 'risk'");
    restart_with("risk_threshold = 100");
    assert_int_equal(cli("c.devries", true, args), 0);
    assert_non_null(strstr(W.out, "\"crossed\":0"));
    assert_non_null(strstr(W.out, "\"above\":0"));
    assert_int_equal(ts_count_rows(&W.ts, "risk_scans WHERE above = 1"), 0);
    restart_with(NULL);
    /* The scheduler's scan at the start and this request race: whichever comes first raises
     * the crossings, the other finds them raised. */
    assert_int_equal(cli("c.devries", true, args), 0);
    long again = ts_count_rows(&W.ts, "events WHERE topic = 'risk'") - before;
    assert_true(again >= W.n_troubled);
    char expect[32];
    snprintf(expect, sizeof expect, "\"crossed\":%ld", again);
    if (!strstr(W.out, expect))
        assert_non_null(strstr(W.out, "\"crossed\":0"));
    assert_int_equal(cli("c.devries", true, args), 0);
    assert_non_null(strstr(W.out, "\"crossed\":0"));
    assert_int_equal(ts_count_rows(&W.ts, "events WHERE topic = 'risk'") - before, again);
}

/* The coach's caseload and the mentor's class overview carry the signal. */
static void test_caseload_and_class_overview(void **state)
{
    (void)state;
    const char *caseload[] = {"caseload", NULL};
    assert_int_equal(cli("c.devries", true, caseload), 0);
    /* Every troubled intern of this coach has a "risk" item that gives its reasons. */
    char sql[600];
    int mine = 0;
    for (int i = 0; i < W.n_troubled; i++) {
        char coached[1][37];
        snprintf(sql, sizeof sql,
                 "SELECT p.student_id FROM placements p JOIN users u ON u.id = p.coach_id "
                 "WHERE u.username = 'c.devries' AND p.status = 4 AND p.student_id = '%s'",
                 W.troubled[i]);
        if (query_ids(sql, coached, 1) != 1)
            continue;
        mine++;
        bool found = false;
        char key[64];
        snprintf(key, sizeof key, "\"student_id\":\"%s\"", W.troubled[i]);
        for (const char *p = W.out; !found && (p = strstr(p, "\"kind\":\"risk\"")) != NULL; p++) {
            const char *end = strstr(p + 1, "\"kind\":");
            const char *sid = strstr(p, key);
            found = sid && (!end || sid < end) && strstr(p, "RISK_RATING_LOW") &&
                    strstr(p, "RISK_RATING_LOW") < (end ? end : p + strlen(p));
        }
        if (!found)
            fail_msg("no risk item for %s in the caseload", W.troubled[i]);
    }
    assert_true(mine >= 1);

    /* The mentor of the first troubled intern's class sees the points and the reasons. */
    char mentor[1][37], klass[1][37];
    mentor_and_class_of(W.troubled[0], mentor[0], klass[0]);
    const char *overview[] = {"class", "overview", "--class", klass[0], NULL};
    assert_int_equal(cli(mentor[0], true, overview), 0);
    char key[64];
    snprintf(key, sizeof key, "\"student_id\":\"%s\"", W.troubled[0]);
    const char *row = strstr(W.out, key);
    assert_non_null(row);
    const char *reasons = strstr(row, "\"risk_reasons\":\"");
    assert_non_null(reasons);
    assert_non_null(strstr(reasons, "RISK_RATING_LOW +3"));

    /* A mentor's list holds his/her class only; a student and a supervisor are refused. */
    const char *risk[] = {"warning", "risk", NULL};
    assert_int_equal(cli(mentor[0], true, risk), 0);
    static char ids[512][37];
    int n = listed_order(W.out, ids, 512);
    assert_true(n >= 1);
    for (int i = 0; i < n; i++) {
        char k2[1][37];
        snprintf(sql, sizeof sql, "SELECT class_id FROM students WHERE id = '%.36s'", ids[i]);
        assert_int_equal(query_ids(sql, k2, 1), 1);
        assert_string_equal(k2[0], klass[0]);
    }
    assert_int_equal(cli("ll.061", true, risk), 1);
    assert_int_equal(cli("pb.01", true, risk), 1);
}

/* ---------------------------------------------------------------- the scheduler's scan */

#define db_long(...) ts_db_long(&W.ts, __VA_ARGS__)

/* Restarts the server with its clock on today + `days` (noon), with `line` added to the
 * configuration (NULL: none; an earlier risk_threshold line is dropped), and waits until the
 * scheduler's scan at the start has scanned every intern (each risk_scans row written on the
 * new day). */
static void restart_day(int days, const char *line)
{
    assert_int_equal(ts_stop(&W.ts), 0);
    assert_true(ts_set_config_line(&W.ts, "risk_threshold", line));
    char day[11];
    ts_date(days, day);
    assert_true(ts_restart_on(&W.ts, day));
    long since = (long)time(NULL) + ts_clock_offset_for(day) - 12 * 3600;
    long rows = db_long("SELECT count(*) FROM risk_scans");
    assert_true(rows > 0);
    for (int i = 0; i < 300; i++) {
        if (db_long("SELECT count(*) FROM risk_scans WHERE scanned_at >= %ld", since) == rows)
            break;
        usleep(100 * 1000);
    }
    assert_int_equal(db_long("SELECT count(*) FROM risk_scans WHERE scanned_at >= %ld", since),
                     rows);
}

/* The risk events of `student` after event `seq`. */
static long warnings_of(const char *student, long seq)
{
    return db_long("SELECT count(*) FROM events WHERE topic = 'risk' AND student_id = '%.36s' "
                   "AND seq > %ld",
                   student, seq);
}

/* With nobody asking, the scheduler scans on its own clock once a day: every troubled intern
 * who crosses the threshold raises one warning (no actor, for the class's mentor), and the
 * next day raises none for those still above; only a new crossing would. */
static void test_scheduler_scans_once_a_day(void **state)
{
    (void)state;
    /* Tomorrow, with a threshold nobody reaches: everyone below. */
    restart_day(1, "risk_threshold = 100");
    assert_int_equal(ts_count_rows(&W.ts, "risk_scans WHERE above = 1"), 0);
    long seq = db_long("SELECT coalesce(max(seq), 0) FROM events");
    /* The day after, with the default threshold: one warning per crossing. */
    restart_day(2, NULL);
    long above = ts_count_rows(&W.ts, "risk_scans WHERE above = 1");
    assert_true(above >= W.n_troubled);
    assert_int_equal(db_long("SELECT count(*) FROM events WHERE topic = 'risk' AND seq > %ld", seq),
                     above);
    for (int i = 0; i < W.n_troubled; i++) {
        assert_int_equal(warnings_of(W.troubled[i], seq), 1);
        assert_int_equal(db_long("SELECT count(*) FROM events e JOIN students s ON s.id = "
                                 "e.student_id WHERE e.topic = 'risk' AND e.seq > %ld AND "
                                 "e.student_id = '%.36s' AND e.actor_id IS NULL AND e.class_id = "
                                 "s.class_id AND e.summary LIKE 'early warning: %% points (%%)'",
                                 seq, W.troubled[i]),
                         1);
    }
    /* A second day: nobody who was above raises anything again. */
    static char was_above[4096][37];
    int n_above = query_ids("SELECT student_id FROM risk_scans WHERE above = 1", was_above, 4096);
    assert_int_equal(n_above, above);
    long seq2 = db_long("SELECT coalesce(max(seq), 0) FROM events");
    restart_day(3, NULL);
    for (int i = 0; i < n_above; i++)
        assert_int_equal(warnings_of(was_above[i], seq2), 0);
    for (int i = 0; i < W.n_troubled; i++)
        assert_int_equal(warnings_of(W.troubled[i], seq), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_troubled_interns_rank_highest),
        cmocka_unit_test(test_reasons_explained_in_dutch),
        cmocka_unit_test(test_reasons_in_words_in_lists), /* subs (issue 9) */
        cmocka_unit_test(test_scan_once_per_crossing),
        cmocka_unit_test(test_crossing_again_after_falling_below),
        cmocka_unit_test(test_caseload_and_class_overview),
        cmocka_unit_test(test_scheduler_scans_once_a_day),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
