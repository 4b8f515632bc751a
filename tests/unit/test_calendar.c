/* Unit tests for server/store/calendar.c: the validation of a school year (pure) and the school-day
 * and school-year lookups against a real store in a temporary directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar.h"

static sl_date D(const char *s)
{
    sl_date d = {0, 0, 0};
    assert_true(sl_date_parse(s, &d));
    return d;
}

static bool valid(const char *name, const char *start, const char *end, const calendar_holiday *h,
                  size_t n)
{
    char err[160] = "";
    bool ok = calendar_validate(name, D(start), D(end), h, n, err, sizeof err);
    assert_true(ok == (err[0] == '\0'));
    return ok;
}

static void test_validate_year(void **state)
{
    (void)state;
    assert_true(valid("2026-2027", "2026-08-17", "2027-07-16", NULL, 0));
    /* The name: two consecutive years, the years of start and end. */
    assert_false(valid("2026/2027", "2026-08-17", "2027-07-16", NULL, 0));
    assert_false(valid("2026-2028", "2026-08-17", "2027-07-16", NULL, 0));
    assert_false(valid("2027-2026", "2026-08-17", "2027-07-16", NULL, 0));
    assert_false(valid("26-27", "2026-08-17", "2027-07-16", NULL, 0));
    assert_false(valid("2026-2027 ", "2026-08-17", "2027-07-16", NULL, 0));
    assert_false(valid("2025-2026", "2026-08-17", "2027-07-16", NULL, 0));
    assert_false(valid("2026-2027", "2026-08-17", "2028-07-16", NULL, 0));
    /* End strictly after start. */
    assert_false(valid("2026-2027", "2027-07-16", "2027-07-16", NULL, 0));
    assert_false(valid("2026-2027", "2027-07-17", "2027-07-16", NULL, 0));
    char err[160];
    assert_false(
        calendar_validate(NULL, D("2026-08-17"), D("2027-07-16"), NULL, 0, err, sizeof err));
}

static void test_validate_holidays(void **state)
{
    (void)state;
    calendar_holiday h[3] = {
        {"Herfstvakantie", D("2026-10-17"), D("2026-10-25")},
        {"Kerstvakantie", D("2026-12-19"), D("2027-01-03")},
        {"Zomervakantie", D("2027-07-10"), D("2027-07-16")},
    };
    assert_true(valid("2026-2027", "2026-08-17", "2027-07-16", h, 3));
    /* A one-day holiday; touching the first and last day of the year is inside. */
    h[0].end = h[0].start;
    assert_true(valid("2026-2027", "2026-08-17", "2027-07-16", h, 3));
    h[2].end = D("2027-07-17"); /* one day past the year */
    assert_false(valid("2026-2027", "2026-08-17", "2027-07-16", h, 3));
    h[2].end = D("2027-07-16");
    h[0].start = D("2026-08-16"); /* one day before the year */
    assert_false(valid("2026-2027", "2026-08-17", "2027-07-16", h, 3));
    h[0].start = D("2026-10-26"); /* ends before it starts */
    h[0].end = D("2026-10-25");
    assert_false(valid("2026-2027", "2026-08-17", "2027-07-16", h, 3));
    h[0].start = D("2026-10-17");
    h[0].end = D("2026-12-19"); /* shares one day with the Christmas holiday */
    assert_false(valid("2026-2027", "2026-08-17", "2027-07-16", h, 3));
    h[0].end = D("2026-12-18"); /* the day before: fine */
    assert_true(valid("2026-2027", "2026-08-17", "2027-07-16", h, 3));
    h[1].name = "";
    assert_false(valid("2026-2027", "2026-08-17", "2027-07-16", h, 3));
    h[1].name = NULL;
    assert_false(valid("2026-2027", "2026-08-17", "2027-07-16", h, 3));
    h[1].name = "Kerstvakantie";
    calendar_holiday many[CALENDAR_MAX_HOLIDAYS + 1];
    for (int i = 0; i <= CALENDAR_MAX_HOLIDAYS; i++) {
        many[i].name = "dag";
        many[i].start = many[i].end = sl_date_from_days(sl_date_to_days(D("2026-09-01")) + i);
    }
    assert_true(valid("2026-2027", "2026-08-17", "2027-07-16", many, CALENDAR_MAX_HOLIDAYS));
    assert_false(valid("2026-2027", "2026-08-17", "2027-07-16", many, CALENDAR_MAX_HOLIDAYS + 1));
}

/* ---------------------------------------------------------------- against a store */

typedef struct {
    char dir[64];
    char path[128];
    store *s;
} fixture;

static int setup_store(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "%s", "/tmp/sl-test-prep-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    char err[256] = "";
    if (store_open(f->path, &f->s, err, sizeof err) != SL_OK) {
        fprintf(stderr, "store_open: %s\n", err);
        free(f);
        return -1;
    }
    if (store_exec_script(f->s,
                          "INSERT INTO school_years (id, name, start_date, end_date) VALUES "
                          "('y1', '2026-2027', '2026-08-17', '2027-07-16');"
                          "INSERT INTO holidays (school_year_id, name, start_date, end_date) "
                          "VALUES ('y1', 'Kerstvakantie', '2026-12-19', '2027-01-03'),"
                          "       ('y1', 'Goede Vrijdag', '2027-03-26', '2027-03-26');",
                          err, sizeof err) != SL_OK) {
        fprintf(stderr, "seed: %s\n", err);
        store_close(f->s);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown_store(void **state)
{
    fixture *f = *state;
    store_close(f->s);
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char p[160];
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(p, sizeof p, "%s%s", f->path, suffixes[i]);
        unlink(p);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

static void test_school_year_of(void **state)
{
    fixture *f = *state;
    char id[SL_ID_LEN + 1] = "";
    sl_date start, end;
    assert_int_equal(calendar_school_year_of(f->s, D("2026-08-17"), id, &start, &end), SL_OK);
    assert_string_equal(id, "y1");
    assert_int_equal(start.y, 2026);
    assert_int_equal(start.m, 8);
    assert_int_equal(start.d, 17);
    assert_int_equal(end.y, 2027);
    assert_int_equal(calendar_school_year_of(f->s, D("2027-07-16"), NULL, NULL, NULL), SL_OK);
    assert_int_equal(calendar_school_year_of(f->s, D("2026-08-16"), id, NULL, NULL), SL_ENOTFOUND);
    assert_int_equal(calendar_school_year_of(f->s, D("2027-07-17"), id, NULL, NULL), SL_ENOTFOUND);
}

/* calendar_is_school_day's answer, failing the test when the store fails. */
static bool school_day(store *s, sl_date d)
{
    bool yes = false;
    assert_int_equal(calendar_is_school_day(s, d, &yes), SL_OK);
    return yes;
}

static void test_is_school_day(void **state)
{
    fixture *f = *state;
    assert_true(school_day(f->s, D("2026-12-18")));  /* Friday before Christmas */
    assert_false(school_day(f->s, D("2026-12-19"))); /* Saturday */
    assert_false(school_day(f->s, D("2026-12-21"))); /* Monday in the holiday */
    assert_false(school_day(f->s, D("2027-01-01"))); /* Friday in the holiday */
    assert_true(school_day(f->s, D("2027-01-04")));  /* back at school */
    assert_false(school_day(f->s, D("2027-03-26"))); /* a one-day holiday */
    assert_true(school_day(f->s, D("2027-03-25")));
    assert_false(school_day(f->s, D("2027-03-28"))); /* Sunday */
    /* Outside any school year: weekdays count, weekends do not. */
    assert_true(school_day(f->s, D("2027-07-19")));
    assert_false(school_day(f->s, D("2027-07-18")));
}

/* Holiday weeks (all five weekdays free), school weeks and holiday days, from the stored
 * holidays: Christmas 2026-12-19 .. 2027-01-03 (two whole weeks) and Good Friday. */
static void test_school_weeks(void **state)
{
    fixture *f = *state;
    calendar_holiday h[8];
    size_t n = 99;
    assert_int_equal(calendar_holidays_between(f->s, D("2026-09-01"), D("2027-06-30"), h, 8, &n),
                     SL_OK);
    assert_int_equal(n, 2);
    assert_int_equal(calendar_holidays_between(f->s, D("2027-01-04"), D("2027-03-25"), h, 8, &n),
                     SL_OK);
    assert_int_equal(n, 0);
    assert_int_equal(calendar_holidays_between(f->s, D("2026-09-01"), D("2027-06-30"), h, 8, &n),
                     SL_OK);
    assert_false(calendar_holiday_week(h, n, D("2026-12-18"))); /* the week before */
    assert_true(calendar_holiday_week(h, n, D("2026-12-21")));  /* a Monday */
    assert_true(calendar_holiday_week(h, n, D("2027-01-03")));  /* the second week's Sunday */
    assert_false(calendar_holiday_week(h, n, D("2027-01-04")));
    assert_false(calendar_holiday_week(h, n, D("2027-03-26"))); /* one free day: a school week */
    /* December 2026 to January 2027: nine weeks, two of them holiday weeks. */
    assert_int_equal(calendar_school_weeks(h, n, D("2026-11-30"), D("2027-01-25")), 7);
    assert_int_equal(calendar_school_weeks(h, n, D("2026-12-21"), D("2026-12-27")), 0);
    assert_int_equal(calendar_school_weeks(h, n, D("2027-01-25"), D("2026-11-30")), 0);
    /* Calendar days in holidays, clipped to the range. */
    assert_int_equal(calendar_holiday_days(h, n, D("2026-12-01"), D("2027-05-15")), 16 + 1);
    assert_int_equal(calendar_holiday_days(h, n, D("2027-01-01"), D("2027-03-26")), 3 + 1);
    assert_int_equal(calendar_holiday_days(h, n, D("2027-01-04"), D("2027-03-25")), 0);
    /* Three weeks from a Monday: over Christmas's two holiday weeks, five; a day in the first
     * week, a Friday before them, lands after them; without holidays, plain days. */
    sl_date due = calendar_school_days_after(h, n, D("2026-12-07"), 21);
    assert_int_equal(sl_date_to_days(due), sl_date_to_days(D("2027-01-11")));
    due = calendar_school_days_after(h, n, D("2026-12-18"), 3);
    assert_int_equal(sl_date_to_days(due), sl_date_to_days(D("2027-01-04")));
    due = calendar_school_days_after(h, n, D("2026-12-21"), 2); /* from inside: its own week */
    assert_int_equal(sl_date_to_days(due), sl_date_to_days(D("2026-12-23")));
    due = calendar_school_days_after(h, 0, D("2026-12-07"), 21);
    assert_int_equal(sl_date_to_days(due), sl_date_to_days(D("2026-12-28")));
    /* Room for one: the first only. */
    assert_int_equal(calendar_holidays_between(f->s, D("2026-09-01"), D("2027-06-30"), h, 1, &n),
                     SL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(h[0].start.d, 19);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validate_year),
        cmocka_unit_test(test_validate_holidays),
        cmocka_unit_test_setup_teardown(test_school_year_of, setup_store, teardown_store),
        cmocka_unit_test_setup_teardown(test_is_school_day, setup_store, teardown_store),
        cmocka_unit_test_setup_teardown(test_school_weeks, setup_store, teardown_store),
    };
    return cmocka_run_group_tests_name("prep_calendar", tests, NULL, NULL);
}
