/* store/agenda.c: a day's hours from its clocked shifts (real time, so the changes of summer
 * time count as they happened; gaps as breaks), the agenda day derived from them and kept when
 * the agenda is written, one open shift per student, and the breaches stored on a week. A real
 * SQLite database with every migration, in a fresh temporary directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "agenda.h"
#include "store.h"
#include "timeutil.h"

typedef struct {
    char dir[64], path[96];
    store *s;
} fixture;

static const char *const seed =
    "INSERT INTO users (id, username, display_name, role, password_hash, created_at) "
    "VALUES ('u', 'sup', 'Sup', 'coach', 'x', 0);"
    "INSERT INTO companies (id, name, created_at) VALUES ('c', 'Bakkerij', 0);"
    "INSERT INTO classes (id, name, school_year) VALUES ('k', '4A', 4);"
    "INSERT INTO students (id, first_name, last_name, class_id, school_year, date_of_birth, "
    "created_at) VALUES ('s', 'Anna', 'Bos', 'k', 4, '2010-05-01', 0);"
    "INSERT INTO placements (id, student_id, company_id, coach_id, kind, status, start_date, "
    "end_date, created_at, updated_at) VALUES ('p', 's', 'c', 'u', 6, 4, '2026-09-01', "
    "'2027-06-30', 0, 0);";

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "%s", "/tmp/sl-test-agenda-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    char err[256];
    if (store_open(f->path, &f->s, err, sizeof err) != SL_OK ||
        store_exec_script(f->s, seed, err, sizeof err) != SL_OK ||
        store_request_begin(f->s) != SL_OK) {
        fprintf(stderr, "setup: %s\n", err);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    store_close(f->s);
    const char *suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        char p[128];
        snprintf(p, sizeof p, "%s%s", f->path, suffix[i]);
        unlink(p);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

static int64_t local(int y, int m, int d, int hour, int minute)
{
    int64_t t = 0;
    assert_true(sl_local_to_unix((sl_date){y, m, d}, hour * 60 + minute, &t));
    return t;
}

static int64_t query_int(store *s, const char *sql)
{
    sqlite3_stmt *q = store_query(s, sql, SB_NONE);
    assert_int_equal(store_row(q), SL_OK);
    int64_t v = sqlite3_column_int64(q, 0);
    store_stmt_done(q);
    return v;
}

static void query_text(store *s, const char *sql, char *out, size_t n)
{
    sqlite3_stmt *q = store_query(s, sql, SB_NONE);
    assert_int_equal(store_row(q), SL_OK);
    snprintf(out, n, "%s", sqlite3_column_type(q, 0) == SQLITE_NULL ? "(null)" : store_col(q, 0));
    store_stmt_done(q);
}

/* ---------------------------------------------------------------- pure */

static void test_clock_day_gaps(void **state)
{
    (void)state;
    int minutes, parts[AGENDA_MAX_BREAK_PARTS], n;
    agenda_shift two[] = {{1000, 1000 + 4 * 3600}, {1000 + 4 * 3600 + 1800, 1000 + 8 * 3600}};
    assert_true(agenda_clock_day(two, 2, &minutes, parts, &n));
    assert_int_equal(minutes, 7 * 60 + 30);
    assert_int_equal(n, 1);
    assert_int_equal(parts[0], 30);
    /* Five shifts: four gaps, the three largest kept in their order. */
    agenda_shift five[] = {{0, 600}, {1200, 1800}, {4800, 5400}, {5700, 6000}, {7800, 9000}};
    assert_true(agenda_clock_day(five, 5, &minutes, parts, &n));
    assert_int_equal(minutes, (600 + 600 + 600 + 300 + 1200) / 60);
    assert_int_equal(n, 3);
    assert_int_equal(parts[0], 10);
    assert_int_equal(parts[1], 50);
    assert_int_equal(parts[2], 30);
    /* Overlapping or empty shifts are no day. */
    agenda_shift overlap[] = {{0, 3600}, {1800, 7200}};
    assert_false(agenda_clock_day(overlap, 2, &minutes, parts, &n));
    agenda_shift empty[] = {{3600, 3600}};
    assert_false(agenda_clock_day(empty, 1, &minutes, parts, &n));
}

/* The clock says 22:00 to 03:00 both nights; the time worked differs by two hours. */
static void test_clock_day_summer_time(void **state)
{
    (void)state;
    int minutes, parts[AGENDA_MAX_BREAK_PARTS], n;
    agenda_shift spring = {local(2027, 3, 27, 22, 0), local(2027, 3, 28, 3, 0)};
    assert_true(agenda_clock_day(&spring, 1, &minutes, parts, &n));
    assert_int_equal(minutes, 4 * 60);
    agenda_shift autumn = {local(2026, 10, 24, 22, 0), local(2026, 10, 25, 3, 0)};
    assert_true(agenda_clock_day(&autumn, 1, &minutes, parts, &n));
    assert_int_equal(minutes, 6 * 60);
    /* 02:30 does not exist in spring and happens twice in autumn (the first is taken). */
    int64_t t;
    assert_false(sl_local_to_unix((sl_date){2027, 3, 28}, 150, &t));
    assert_int_equal(local(2026, 10, 25, 2, 30) - local(2026, 10, 25, 1, 30), 3600);
    sl_date d;
    int minute;
    sl_local_of(local(2026, 10, 25, 2, 30) + 3600, &d, &minute);
    assert_int_equal(minute, 150); /* the second 02:30 */
}

/* ---------------------------------------------------------------- with the store */

static void test_clocked_day_derived(void **state)
{
    fixture *f = *state;
    clock_row c = {.id = "r1",
                   .placement_id = "p",
                   .student_id = "s",
                   .in_at = local(2026, 10, 26, 8, 0),
                   .source = 1,
                   .recorded_by = "u"};
    assert_int_equal(clock_insert(f->s, &c, 0), SL_OK);
    /* One open shift per student. */
    clock_row again = c;
    again.id = "r2";
    again.in_at = local(2026, 10, 26, 8, 5);
    assert_int_equal(clock_insert(f->s, &again, 0), SL_EEXISTS);
    assert_int_equal(clock_close(f->s, "r1", local(2026, 10, 26, 12, 0), "u"), SL_OK);
    assert_int_equal(clock_close(f->s, "r1", local(2026, 10, 26, 12, 0), "u"), SL_ENOTFOUND);
    again.in_at = local(2026, 10, 26, 12, 30);
    again.out_at = local(2026, 10, 26, 15, 0);
    assert_int_equal(clock_insert(f->s, &again, 0), SL_OK);
    assert_int_equal(agenda_day_from_clock(f->s, "p", "2026-10-26", 5), SL_OK);
    assert_int_equal(query_int(f->s, "SELECT minutes_worked FROM agenda_days WHERE date = "
                                     "'2026-10-26' AND clocked"),
                     4 * 60 + 150);
    char text[32];
    query_text(f->s, "SELECT break_parts FROM agenda_days WHERE date = '2026-10-26'", text,
               sizeof text);
    assert_string_equal(text, "30");
    query_text(f->s, "SELECT week_start FROM agenda_weeks", text, sizeof text);
    assert_string_equal(text, "2026-10-26");

    /* The agenda written over it: the clocked day keeps its hours, takes the tasks; a day
     * that is not clocked is the agenda's. */
    char week[SL_ID_LEN + 1];
    assert_int_equal(agenda_week_ensure(f->s, "p", "2026-10-26", 6, week), SL_OK);
    agenda_day_row days[] = {{"2026-10-26", 60, "Brood bakken", NULL},
                             {"2026-10-27", 300, "Winkel", "30"}};
    assert_int_equal(agenda_week_replace_days(f->s, week, days, 2, 7), SL_OK);
    assert_int_equal(query_int(f->s, "SELECT minutes_worked FROM agenda_days WHERE date = "
                                     "'2026-10-26'"),
                     4 * 60 + 150);
    query_text(f->s, "SELECT tasks FROM agenda_days WHERE date = '2026-10-26'", text, sizeof text);
    assert_string_equal(text, "Brood bakken");
    assert_int_equal(query_int(f->s, "SELECT minutes_worked FROM agenda_days WHERE date = "
                                     "'2026-10-27'"),
                     300);

    /* Every shift of the day removed: the day is the agenda's again (kept for its tasks). */
    assert_int_equal(clock_remove(f->s, "r1"), SL_OK);
    assert_int_equal(clock_remove(f->s, "r2"), SL_OK);
    assert_int_equal(clock_remove(f->s, "r2"), SL_ENOTFOUND);
    assert_int_equal(agenda_day_from_clock(f->s, "p", "2026-10-26", 8), SL_OK);
    assert_int_equal(query_int(f->s, "SELECT minutes_worked + 10 * clocked FROM agenda_days "
                                     "WHERE date = '2026-10-26'"),
                     0);
}

static void test_overnight_and_correction(void **state)
{
    fixture *f = *state;
    clock_row c = {.id = "n1",
                   .placement_id = "p",
                   .student_id = "s",
                   .in_at = local(2026, 10, 24, 22, 0),
                   .out_at = local(2026, 10, 25, 3, 0),
                   .source = 1,
                   .recorded_by = "u"};
    assert_int_equal(clock_insert(f->s, &c, 0), SL_OK);
    char text[32];
    query_text(f->s, "SELECT date FROM clock_records WHERE id = 'n1'", text, sizeof text);
    assert_string_equal(text, "2026-10-24");
    assert_int_equal(agenda_day_from_clock(f->s, "p", "2026-10-24", 1), SL_OK);
    assert_int_equal(query_int(f->s, "SELECT minutes_worked FROM agenda_days WHERE date = "
                                     "'2026-10-24'"),
                     360);
    assert_int_equal(clock_correct(f->s, "n1", local(2026, 10, 24, 23, 0),
                                   local(2026, 10, 25, 3, 0), "u", "te vroeg", 2),
                     SL_OK);
    assert_int_equal(query_int(f->s, "SELECT source FROM clock_records WHERE id = 'n1'"), 2);
    assert_int_equal(clock_correct(f->s, "nope", 1, 2, "u", "x", 2), SL_ENOTFOUND);
    /* Out before in is refused by the table itself. */
    assert_int_equal(clock_correct(f->s, "n1", 100, 50, "u", "x", 2), SL_EINVAL);
}

static void test_breaches_and_absence(void **state)
{
    fixture *f = *state;
    char week[SL_ID_LEN + 1];
    assert_int_equal(agenda_week_ensure(f->s, "p", "2026-10-19", 1, week), SL_OK);
    agenda_breach b[] = {{"LAW_MINOR_MAX_DAY_16_17", "2026-10-20: 10:00 worked", "det_day_worked",
                          "2026-10-20\x1f"
                          "600"}};
    bool fresh;
    assert_int_equal(week_breaches_replace(f->s, week, b, 1, 2, &fresh), SL_OK);
    assert_true(fresh);
    /* The details stay a code with its raw values, for the client to word. */
    sqlite3_stmt *q = store_query(f->s,
                                  "SELECT detail_code, detail_params FROM week_law_breaches "
                                  "WHERE agenda_week_id = ?1",
                                  SB(week));
    assert_int_equal(store_row(q), SL_OK);
    assert_string_equal(store_col(q, 0), "det_day_worked");
    assert_string_equal(store_col(q, 1), "2026-10-20\x1f"
                                         "600");
    store_stmt_done(q);
    assert_int_equal(week_breaches_replace(f->s, week, b, 1, 3, &fresh), SL_OK);
    assert_false(fresh);
    assert_int_equal(week_breaches_replace(f->s, week, NULL, 0, 4, &fresh), SL_OK);
    assert_false(fresh);
    assert_int_equal(query_int(f->s, "SELECT count(*) FROM week_law_breaches"), 0);

    absence_row a = {.id = "a1",
                     .student_id = "s",
                     .placement_id = "p",
                     .kind = 1,
                     .from_date = "2026-10-21",
                     .to_date = "2026-10-20",
                     .reported_by = "u"};
    assert_int_equal(absence_insert(f->s, &a, 1), SL_EINVAL);
    a.to_date = "2026-10-22";
    a.kind = 4;
    assert_int_equal(absence_insert(f->s, &a, 1), SL_EINVAL);
    a.kind = 1;
    assert_int_equal(absence_insert(f->s, &a, 1), SL_OK);
    assert_int_equal(week_correction_insert(f->s, "p", "2026-10-19", "u", "vergeten", "", true, 5),
                     SL_OK);
    assert_int_equal(query_int(f->s, "SELECT after_signing FROM week_corrections"), 1);
}

int main(void)
{
    setenv("TZ", "Europe/Amsterdam", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clock_day_gaps),
        cmocka_unit_test(test_clock_day_summer_time),
        cmocka_unit_test_setup_teardown(test_clocked_day_derived, setup, teardown),
        cmocka_unit_test_setup_teardown(test_overnight_and_correction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_breaches_and_absence, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
