/* Hours clocked or entered in the agenda, checked against the law as the placement was (issue 8,
 * issue 7 item 11), through the real kiosk client: a 15-year-old clocked out at 21:30 breaks
 * the night rule (stored on the week, shown in Dutch, the coach told), and the WVO art. 32
 * course rule (50 %) is checked again when hours are clocked or entered: a warning in the
 * reply, never a refusal. The server's clock is set to Wednesday 28 October 2026 at noon
 * (Europe/Amsterdam). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define TODAY "2026-10-28" /* a Wednesday */
#define KIOSK "stagelijn-kiosk"

static struct {
    test_server ts;
    sl_client *admin, *coach;
    char klass[37], company[37], sup_id[37];
    char tim[37], sam[37], sara[37], noa[37], ruud[37];
    char tim_p[37], sam_p[37], sara_p[37], noa_p[37], ruud_p[37];
    char out[32768];
} W;

static void dutch(bool on)
{
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    unsetenv("LANGUAGE");
    if (on) {
        setenv("LANG", "nl_NL.UTF-8", 1);
        setenv("STAGELIJN_LOCALEDIR", SL_BUILD_DIR "/locale", 1);
    } else {
        setenv("LANG", "C", 1);
    }
}

static bool student(const char *first, const char *dob, char id[37])
{
    const ts_student_spec s = {
        .first_name = first, .last_name = "Klok", .class_id = W.klass, .date_of_birth = dob};
    return ts_make_student(W.admin, &s, id, NULL);
}

/* An active placement on Monday and Tuesday, 09:00-13:00 without a break, from start to end:
 * 8 planned hours a week. */
static bool place(const char *student_id, const char *start, const char *end, char id[37])
{
    const ts_placement_spec p = {.student_id = student_id,
                                 .company_id = W.company,
                                 .supervisor_id = W.sup_id,
                                 .kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_1,
                                 .start_date = start,
                                 .end_date = end,
                                 .sector = 3,
                                 .first_weekday = 1,
                                 .n_days = 2,
                                 .day_start = "09:00",
                                 .day_end = "13:00"};
    const int parties[] = {STAGELIJN__V1__SIGNATURE_PARTY__PARTY_SCHOOL,
                           STAGELIJN__V1__SIGNATURE_PARTY__PARTY_COMPANY,
                           STAGELIJN__V1__SIGNATURE_PARTY__PARTY_STUDENT,
                           STAGELIJN__V1__SIGNATURE_PARTY__PARTY_PARENT};
    if (!ts_make_placement(W.coach, &p, SL_OK, id) || !ts_save_contract(W.coach, id))
        return false;
    /* Signed on the server's today (the harness would sign on the real date). */
    for (int i = 0; i < 4; i++)
        if (!ts_sign_contract(W.coach, id, parties[i], TODAY, SL_OK))
            return false;
    return ts_set_placement_status(W.coach, id, STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE,
                                   SL_OK, NULL);
}

static int setup(void **state)
{
    (void)state;
    char config[200];
    /* Three school years of 100 education hours: the course allows 150 internship hours. */
    snprintf(config, sizeof config,
             "clock_offset_seconds = %ld\neducation_hours_per_week = 60\n"
             "education_hours_per_school_year = 100\n",
             ts_clock_offset_for(TODAY));
    if (!ts_start(&W.ts, config))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    const ts_company_spec co = {.name = "Garage Nacht"};
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, NULL) ||
        !ts_make_class(W.admin, "3K", 3, NULL, W.klass) ||
        !ts_make_company(W.admin, &co, W.company) ||
        !ts_create_user(W.admin, "sup", 5, W.company, W.sup_id))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    /* Sam and Sara: 16; 18 Mondays and 18 Tuesdays from 5 October, 144 planned hours. */
    if (!W.coach || !student("Tim", "2011-03-01", W.tim) || !student("Sam", "2010-05-01", W.sam) ||
        !student("Sara", "2010-05-01", W.sara) || !student("Noa", "2010-05-01", W.noa) ||
        !student("Ruud", "2011-03-01", W.ruud) ||
        !place(W.tim, "2026-09-07", "2027-06-25", W.tim_p) ||
        !place(W.sam, "2026-10-05", "2027-02-02", W.sam_p) ||
        !place(W.sara, "2026-10-05", "2027-02-02", W.sara_p) ||
        !place(W.noa, "2026-09-07", "2027-06-25", W.noa_p) ||
        !place(W.ruud, "2026-09-07", "2027-06-25", W.ruud_p))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *all[] = {W.admin, W.coach};
    return ts_teardown(&W.ts, all, 2);
}

static int kiosk(bool human, const char *const *args)
{
    return human ? ts_run_cli_human(&W.ts, KIOSK, "sup", TS_PASSWORD, args, W.out, sizeof W.out)
                 : ts_run_cli(&W.ts, KIOSK, "sup", TS_PASSWORD, args, W.out, sizeof W.out);
}

/* The supervisor clocks the student in at `in` and out at `out` ("YYYY-MM-DD HH:MM") on the
 * kiosk; the clock-out's JSON reply stays in W.out. */
static void shift(const char *name, const char *in, const char *out)
{
    const char *ci[] = {"clock", "in", "--student", name, "--at", in, NULL};
    if (kiosk(false, ci) != 0)
        fail_msg("clock in %s at %s: %s", name, in, W.out);
    const char *co[] = {"clock", "out", "--student", name, "--at", out, NULL};
    if (kiosk(false, co) != 0)
        fail_msg("clock out %s at %s: %s", name, out, W.out);
}

static long rows(const char *table_where)
{
    return ts_count_rows(&W.ts, table_where);
}

/* A 15-year-old clocked out at 21:30: the night rule (19:00-07:00) is broken. The clocking is
 * kept (it happened), the breach is stored on the week and shown in Dutch, the coach told. */
static void test_night_on_clocked_day(void **state)
{
    (void)state;
    long events = rows("events WHERE topic = 'working_time_breach'");
    shift("Tim Klok", "2026-10-26 09:00", "2026-10-26 13:00");
    assert_int_equal(rows("week_law_breaches WHERE rule_id LIKE 'LAW_MINOR_NIGHT%'"), 0);
    shift("Tim Klok", "2026-10-27 17:00", "2026-10-27 21:30");
    assert_int_equal(rows("week_law_breaches WHERE rule_id = 'LAW_MINOR_NIGHT_14_15'"), 1);
    assert_int_equal(rows("events WHERE topic = 'working_time_breach'"), events + 1);

    const char *show[] = {"week", "show", "--student", "Tim Klok", "--week", "2026-10-26", NULL};
    dutch(true);
    int rc = kiosk(true, show);
    dutch(false);
    assert_int_equal(rc, 0);
    if (!strstr(W.out, "mag niet werken tussen 19:00 en 07:00") || !strstr(W.out, "21:30"))
        fail_msg("the night breach is not shown in Dutch:\n%s", W.out);
    assert_null(strstr(W.out, "LAW_MINOR_NIGHT"));
}

/* A clocked shift over midnight breaks the night rule of a 16-year-old too (23:00-06:00). */
static void test_night_over_midnight(void **state)
{
    (void)state;
    shift("Noa Klok", "2026-10-26 20:00", "2026-10-27 00:30");
    assert_int_equal(rows("week_law_breaches WHERE rule_id = 'LAW_MINOR_NIGHT_16_17'"), 1);
    const char *show[] = {"week", "show", "--student", "Noa Klok", "--week", "2026-10-26", NULL};
    assert_int_equal(kiosk(false, show), 0);
    assert_non_null(strstr(W.out, "LAW_MINOR_NIGHT_16_17"));
}

/* A 15-year-old clocked until 19:00 and in again at 07:00 the next morning: 12 hours of rest
 * where the law wants 14; no night breach. */
static void test_daily_rest_on_clocked_days(void **state)
{
    (void)state;
    shift("Ruud Klok", "2026-10-26 09:00", "2026-10-26 13:00");
    shift("Ruud Klok", "2026-10-26 15:00", "2026-10-26 19:00");
    assert_int_equal(rows("week_law_breaches WHERE rule_id LIKE 'LAW_MINOR_DAILY_REST%'"), 0);
    shift("Ruud Klok", "2026-10-27 07:00", "2026-10-27 08:00");
    assert_int_equal(rows("week_law_breaches WHERE rule_id = 'LAW_MINOR_DAILY_REST_14_15'"), 1);
    const char *show[] = {"week", "show", "--student", "Ruud Klok", "--week", "2026-10-26", NULL};
    dutch(true);
    int rc = kiosk(true, show);
    dutch(false);
    assert_int_equal(rc, 0);
    if (!strstr(W.out, "14 uur") || !strstr(W.out, "12:00"))
        fail_msg("the rest breach is not shown in Dutch:\n%s", W.out);
    assert_null(strstr(W.out, "NIGHT"));
}

/* 144 planned hours; the clocked week replaces its 8 planned hours: 9 h on Monday keeps the
 * course at 145 h (no warning), 9 h more on Tuesday takes it to 154 h of the 150 h allowed:
 * the clock-out is recorded, with the warning. */
static void test_course_rule_on_clocking(void **state)
{
    (void)state;
    shift("Sam Klok", "2026-10-26 08:00", "2026-10-26 12:30");
    shift("Sam Klok", "2026-10-26 13:00", "2026-10-26 17:30");
    assert_null(strstr(W.out, "WVO32_COURSE_50_AT_RISK"));
    shift("Sam Klok", "2026-10-27 08:00", "2026-10-27 12:30");
    long clocked = rows("clock_records");
    const char *ci[] = {"clock", "in", "--student", "Sam Klok", "--at", "2026-10-27 13:00", NULL};
    assert_int_equal(kiosk(false, ci), 0);
    const char *co[] = {"clock", "out", "--student", "Sam Klok", "--at", "2026-10-27 17:30", NULL};
    dutch(true);
    int rc = kiosk(true, co);
    dutch(false);
    assert_int_equal(rc, 0);
    assert_int_equal(rows("clock_records"), clocked + 1);
    if (!strstr(W.out, "Let op: ") || !strstr(W.out, "meer dan 50%") || !strstr(W.out, "17:30"))
        fail_msg("the clock-out does not warn of the course rule in Dutch:\n%s", W.out);
}

/* The agenda: a week entered at its planned 8 hours keeps the course at 144 h; the next week
 * entered at 18 hours takes it to 154 h: stored, with the warning in the reply. */
static void test_course_rule_on_agenda(void **state)
{
    (void)state;
    const char *plain[] = {"agenda",      "submit",
                           "--placement", W.sara_p,
                           "--week",      "2026-10-12",
                           "--day",       "2026-10-12,240,werkplaats",
                           "--day",       "2026-10-13,240,werkplaats",
                           NULL};
    if (kiosk(false, plain) != 0)
        fail_msg("agenda at the planned hours: %s", W.out);
    assert_null(strstr(W.out, "WVO32_COURSE_50_AT_RISK"));
    const char *more[] = {"agenda",      "submit",
                          "--placement", W.sara_p,
                          "--week",      "2026-10-26",
                          "--day",       "2026-10-26,540,werkplaats",
                          "--day",       "2026-10-27,540,werkplaats",
                          "--breaks",    "2026-10-26,30",
                          "--breaks",    "2026-10-27,30",
                          NULL};
    if (kiosk(false, more) != 0)
        fail_msg("agenda at 18 hours: %s", W.out);
    assert_non_null(strstr(W.out, "\"rule_id\":\"WVO32_COURSE_50_AT_RISK\""));
    assert_non_null(strstr(W.out, "\"warning\":true"));
    /* Stored: the reply is the week as read back after the write. */
    assert_non_null(strstr(W.out, "\"date\":\"2026-10-27\",\"minutes_worked\":540"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_night_on_clocked_day),
        cmocka_unit_test(test_night_over_midnight),
        cmocka_unit_test(test_daily_rest_on_clocked_days),
        cmocka_unit_test(test_course_rule_on_clocking),
        cmocka_unit_test(test_course_rule_on_agenda),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
