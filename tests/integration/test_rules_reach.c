/* Every rule of the working-time law and of the kinds of work reached through a real client
 * (stagelijn placement create), with the refusal naming each rule; the exceptions the law
 * allows (a split break, Sunday work on a ground) reachable too; and no client reading part
 * of a value: a malformed option value is a usage error (exit 2) that stores nothing. The
 * school is built through stagelijn-admin, as a person would. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define OUT_MAX (64 * 1024)
#define WS "stagelijn"
#define ADMIN "stagelijn-admin"

static test_server ts;
static char out[OUT_MAX];
static char company[37], adult_sup[37], minor_sup[37], coach_name[16] = "coach.reach";
static char start[11], end[11];

/* Runs an admin command and copies the reply's first "id". */
static void admin_id(const char *const *args, char id[37])
{
    if (ts_run_cli(&ts, ADMIN, "admin", TS_ADMIN_PASSWORD, args, out, sizeof out) != 0 ||
        !ts_json_str(out, "id", id, 37))
        fail_msg("%s %s: %s", args[0], args[1], out);
}

/* A student of `years` (and 100 days) on the first day of the internship, in a class of
 * school year `year`. */
static void student_aged(int years, int year, char id[37])
{
    static int n;
    char cls[37], name[16], dob[11], year_s[4];
    snprintf(name, sizeof name, "R%d", ++n);
    snprintf(year_s, sizeof year_s, "%d", year);
    const char *mk_class[] = {"class", "create", "--name", name, "--year", year_s, NULL};
    admin_id(mk_class, cls);
    ts_date_plus(start, -(years * 365 + years / 4 + 100), dob);
    const char *mk[] = {"student", "create", "--first", "Rita", "--last", name,
                        "--class", cls,      "--dob",   dob,    NULL};
    admin_id(mk, id);
}

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&ts, NULL))
        return -1;
    ts_monday(63, start);
    ts_date_plus(start, 53, end);
    const char *co[] = {"company",    "create", "--name",   "Reach BV", "--lat",
                        "52.1",       "--lon",  "5.1",      "--places", "20",
                        "--capacity", "20",     "--sector", "3",        NULL};
    admin_id(co, company);
    char adult_dob[11], minor_dob[11];
    ts_date(-40 * 365, adult_dob);
    ts_date(-17 * 365, minor_dob);
    const char *a[] = {"user",           "create",  "--username", "pb.adult",  "--name",
                       "Anne Volwassen", "--role",  "supervisor", "--company", company,
                       "--dob",          adult_dob, NULL};
    admin_id(a, adult_sup);
    const char *m[] = {"user",      "create",  "--username", "pb.minor",  "--name",
                       "Mick Jong", "--role",  "supervisor", "--company", company,
                       "--dob",     minor_dob, NULL};
    admin_id(m, minor_sup);
    char coach[37];
    setenv("STAGELIJN_NEW_PASSWORD", TS_PASSWORD, 1);
    const char *c[] = {"user",        "create", "--username", coach_name, "--name",
                       "Coach Reach", "--role", "coach",      NULL};
    admin_id(c, coach);
    /* The coach's one-time password, changed to the test password. */
    char pw_file[300];
    snprintf(pw_file, sizeof pw_file, "%s/coach-pw", ts.dir);
    char otp[128];
    if (!ts_json_str(out, "one_time_password", otp, sizeof otp))
        return -1;
    const char *pw[] = {"passwd", NULL};
    return ts_run_cli(&ts, WS, coach_name, otp, pw, out, sizeof out) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return ts_teardown(&ts, NULL, 0);
}

/* placement create for student with the supervisor, kind, days and extra options; returns the
 * exit code, the JSON reply in out. */
static int create(const char *student, const char *sup, const char *kind, const char *const *days,
                  const char *const *extra)
{
    const char *args[64] = {"placement", "create",       "--student", student,  "--company",
                            company,     "--supervisor", sup,         "--kind", kind,
                            "--start",   start,          "--end",     end};
    size_t n = 14;
    for (size_t i = 0; days[i] && n < 60; i++) {
        args[n++] = "--day";
        args[n++] = days[i];
    }
    for (size_t i = 0; extra && extra[i] && n < 63; i++)
        args[n++] = extra[i];
    args[n] = NULL;
    return ts_run_cli(&ts, WS, coach_name, TS_PASSWORD, args, out, sizeof out);
}

/* The reply (a refusal, or the warnings and findings of an answer) names every rule of `ids`. */
static void refused_for(const char *what, const char *const *ids)
{
    for (size_t i = 0; ids[i]; i++) {
        char pat[96];
        snprintf(pat, sizeof pat, "\"rule_id\":\"%s\"", ids[i]);
        if (!strstr(out, pat))
            fail_msg("%s: %s not among the rules of the refusal:\n%s", what, ids[i], out);
    }
}

static void test_working_time_14_15(void **state)
{
    (void)state;
    char s[37];
    student_aged(14, 3, s);
    const char *days[] = {
        "mon,05:00,19:30,0",  "tue,08:00,17:00,30", "wed,08:00,17:00,30", "thu,08:00,17:00,30",
        "fri,08:00,17:00,30", "sat,08:00,17:00,30", "sun,10:00,12:00,0",  NULL};
    assert_int_equal(create(s, adult_sup, "individual1", days, NULL), 1);
    const char *ids[] = {"LAW_MINOR_NIGHT_14_15",
                         "LAW_MINOR_MAX_DAY_14_15",
                         "LAW_MINOR_BREAK_14_15",
                         "LAW_MINOR_SUNDAY_14_15",
                         "LAW_MINOR_MAX_WEEK_14_15",
                         "LAW_MINOR_DAILY_REST_14_15",
                         NULL};
    refused_for("14-year-old's schedule", ids);
}

static void test_working_time_16_17(void **state)
{
    (void)state;
    char s[37];
    student_aged(16, 4, s);
    const char *days[] = {
        "mon,06:00,23:30,30", "tue,07:00,17:30,30", "wed,08:00,18:00,30", "thu,08:00,18:00,0",
        "fri,08:00,18:00,30", "sat,08:00,18:00,30", "sun,10:00,14:00,0",  NULL};
    assert_int_equal(create(s, adult_sup, "sector", days, NULL), 1);
    const char *ids[] = {"LAW_MINOR_NIGHT_16_17",
                         "LAW_MINOR_MAX_DAY_16_17",
                         "LAW_MINOR_BREAK_16_17",
                         "LAW_MINOR_SUNDAY_16_17",
                         "LAW_MINOR_MAX_WEEK_16_17",
                         "LAW_MINOR_DAILY_REST_16_17",
                         NULL};
    refused_for("16-year-old's schedule", ids);
}

static void test_kinds_of_work_and_supervisor(void **state)
{
    (void)state;
    char s14[37], s16[37];
    student_aged(14, 3, s14);
    student_aged(16, 4, s16);
    const char *day[] = {"mon,09:00,13:00,0", NULL};
    const char *all[] = {"--prohibited",
                         "--risky",
                         "--cash-register",
                         "--lift-kg",
                         "30",
                         "--push-pull-kgf",
                         "60",
                         "--psychosocial",
                         "--fixed-posture",
                         "--pesticide-days",
                         "1",
                         NULL};
    assert_int_equal(create(s14, minor_sup, "individual1", day, all), 1);
    const char *ids[] = {"LAW_WORK_PROHIBITED_MINOR",    "LAW_WORK_RISKY_14_15",
                         "LAW_WORK_CASH_REGISTER_14_15", "LAW_WORK_LIFTING_14_15",
                         "LAW_WORK_PUSH_PULL_14_15",     "LAW_WORK_PSYCHOSOCIAL_14_15",
                         "LAW_WORK_POSTURE_14_15",       "LAW_WORK_PESTICIDE_14_15",
                         "LAW_SUPERVISOR_UNDER_18",      NULL};
    refused_for("a 14-year-old's work with a minor supervisor", ids);
    const char *risky[] = {"--risky", NULL};
    assert_int_equal(create(s16, adult_sup, "sector", day, risky), 1);
    const char *no_expert[] = {"LAW_WORK_RISKY_NO_EXPERT_SUPERVISION", NULL};
    refused_for("risky work of a 16-year-old without an expert", no_expert);
}

static void test_too_young(void **state)
{
    (void)state;
    char s12[37], s13[37];
    student_aged(12, 2, s12);
    student_aged(13, 2, s13);
    const char *day[] = {"mon,09:00,12:00,0", NULL};
    assert_int_equal(create(s12, adult_sup, "individual1", day, NULL), 1);
    const char *twelve[] = {"LAW_MINOR_AGE_12_OR_YOUNGER", NULL};
    refused_for("a 12-year-old", twelve);
    assert_int_equal(create(s13, adult_sup, "individual1", day, NULL), 1);
    const char *thirteen[] = {"LAW_MINOR_AGE_13", NULL};
    refused_for("a 13-year-old", thirteen);
}

/* What the law allows a 16-17-year-old is reachable: a break split 15 + 15, Sunday work on a
 * ground in the contract or CAO. */
static void test_exceptions_reachable(void **state)
{
    (void)state;
    char s[37];
    student_aged(16, 4, s);
    const char *days[] = {"mon,09:00,14:30,15+15", "sun,10:00,14:00,0", NULL};
    const char *ground[] = {"--sunday-ground", "contract", NULL};
    if (create(s, adult_sup, "sector", days, ground) != 0)
        fail_msg("split break and Sunday with a ground refused:\n%s", out);
    assert_non_null(strstr(out, "\"break_parts\":[15,15]"));
    assert_non_null(strstr(out, "\"sunday_ground\":\"contract_nature\""));
}

/* The readiness check's criteria, through stagelijn readiness assess: a 13-year-old learning
 * Dutch, every judgement negative, no internal or taster internship assessed. */
static void test_readiness_criteria(void **state)
{
    (void)state;
    char s[37], cls[37], dob[11];
    const char *mk_class[] = {"class", "create", "--name", "2N", "--year", "2", NULL};
    admin_id(mk_class, cls);
    ts_date_plus(start, -(13 * 365 + 100), dob);
    const char *mk[] = {"student", "create", "--first", "Nina", "--last", "Twee",
                        "--class", cls,      "--dob",   dob,    "--nt2",  NULL};
    admin_id(mk, s);
    const char *assess[] = {"readiness",  "assess",   "--student",  s,
                            "--social",   "negative", "--attitude", "negative",
                            "--teachers", "negative", "--mentor",   "negative",
                            "--start",    start,      NULL};
    assert_int_equal(ts_run_cli(&ts, WS, coach_name, TS_PASSWORD, assess, out, sizeof out), 0);
    const char *ids[] = {"READY_AGE_14",
                         "READY_SOCIAL_SKILLS",
                         "READY_WORK_ATTITUDE",
                         "READY_TEACHERS_ADVICE",
                         "READY_MENTOR_ASSESSMENT",
                         "READY_INTERNAL_INTERNSHIP",
                         "READY_TASTER_INTERNSHIP",
                         "READY_NT2",
                         NULL};
    refused_for("the readiness check", ids);
}

/* The school's norms warn (the placement is made, the warning is in the reply); the contract's
 * requirements of WVO art. 35 refuse the start until each is met. */
static void test_school_norms_and_contract(void **state)
{
    (void)state;
    char s3[37], s4[37], pl[37];
    student_aged(14, 3, s3);
    student_aged(16, 4, s4);
    const char *three[] = {"mon,09:00,13:00,0", "tue,09:00,13:00,0", "wed,09:00,13:00,0", NULL};
    assert_int_equal(create(s3, adult_sup, "individual1", three, NULL), 0);
    const char *y3[] = {"SCHOOL_Y3_DAYS_PER_WEEK", NULL};
    refused_for("year 3 on three days (a warning)", y3);
    const char *short_days[] = {"mon,09:00,11:00,0", "tue,09:00,11:00,0", NULL};
    assert_int_equal(create(s4, adult_sup, "sector", short_days, NULL), 0);
    const char *y45[] = {"SCHOOL_Y45_DAYS_PER_WEEK", "SCHOOL_Y45_HOURS_PER_DAY", NULL};
    refused_for("year 4 on two short days (warnings)", y45);
    assert_true(ts_json_str(out, "id", pl, sizeof pl));
    const char *activate[] = {"placement", "activate", "--id", pl, NULL};
    assert_int_equal(ts_run_cli(&ts, WS, coach_name, TS_PASSWORD, activate, out, sizeof out), 1);
    const char *contract[] = {"LAW_CONTRACT_LEARNING_ACTIVITIES",
                              "LAW_CONTRACT_LOCATIONS",
                              "LAW_CONTRACT_SUPERVISION",
                              "LAW_CONTRACT_ASSESSMENT",
                              "LAW_CONTRACT_INSPECTION",
                              "LAW_CONTRACT_INSURANCE",
                              "LAW_CONTRACT_SIGNATURE_SCHOOL",
                              "LAW_CONTRACT_SIGNATURE_COMPANY",
                              "LAW_CONTRACT_SIGNATURE_STUDENT",
                              "LAW_CONTRACT_SIGNATURE_PARENT",
                              NULL};
    refused_for("a start without a contract", contract);
}

/* Malformed values: a usage error before anything is sent, whatever the program. */
static void test_malformed_values_are_usage_errors(void **state)
{
    (void)state;
    long before = ts_count_rows(&ts, "placements");
    static const struct {
        const char *prog;
        const char *args[20];
    } bad[] = {
        {WS,
         {"placement", "create", "--student", "x", "--company", "x", "--supervisor", "x", "--kind",
          "sector", "--start", "2027-02-01", "--end", "2027-03-01", "--day",
          "mon,09:00,14:30,15+"}},
        {WS,
         {"placement", "create", "--student", "x", "--company", "x", "--supervisor", "x", "--kind",
          "sector", "--start", "2027-02-01", "--end", "2027-03-01", "--day", "mon,9,14:30,30"}},
        {WS,
         {"placement", "create", "--student", "x", "--company", "x", "--supervisor", "x", "--kind",
          "sector", "--start", "2027-02-31", "--end", "2027-03-01", "--day", "mon,09:00,14:30,30"}},
        {WS,
         {"placement", "create", "--student", "x", "--company", "x", "--supervisor", "x", "--kind",
          "sector", "--start", "2027-02-01", "--end", "2027-03-01", "--day", "mon,09:00,14:30,30",
          "--lift-kg", "12kg"}},
        {WS,
         {"placement", "create", "--student", "x", "--company", "x", "--supervisor", "x", "--kind",
          "sector", "--start", "2027-02-01", "--end", "2027-03-01", "--day", "mon,09:00,14:30,30",
          "--sunday-ground", "because"}},
        {WS, {"match", "suggest", "--student", "x", "--max-km", "5km"}},
        {WS, {"interest", "record", "--student", "x", "--date", "2026-11-02", "--score", "3:"}},
        {WS, {"student", "list", "--limit", "ten"}},
        {WS,
         {"group", "session", "create", "--location", "x", "--date", "2026-12-01", "--part",
          "night"}},
        {"stagelijn-kiosk",
         {"agenda", "submit", "--placement", "x", "--week", "2026-11-24", "--day",
          "2026-11-24,240,werk"}},
        {"stagelijn-kiosk",
         {"agenda", "submit", "--placement", "x", "--week", "2026-11-23", "--day",
          "2026-11-23,4u,werk"}},
        {ADMIN, {"company", "create", "--name", "Half BV", "--lat", "52.1"}},
        {ADMIN, {"company", "create", "--name", "Half BV", "--sector", "3,4"}},
        {ADMIN, {"user", "create", "--username", "u1", "--name", "U", "--role", "koning"}},
        {ADMIN,
         {"schoolyear", "save", "--name", "2030-2032", "--start", "2030-08-20", "--end",
          "2031-07-10"}},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bool admin = !strcmp(bad[i].prog, ADMIN);
        int rc = ts_run_cli(&ts, bad[i].prog, admin ? "admin" : coach_name,
                            admin ? TS_ADMIN_PASSWORD : TS_PASSWORD, bad[i].args, out, sizeof out);
        if (rc != 2)
            fail_msg("%s %s %s: exit %d, expected 2 (usage)\n%s", bad[i].prog, bad[i].args[0],
                     bad[i].args[1], rc, out);
    }
    assert_int_equal(ts_count_rows(&ts, "placements"), before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_working_time_14_15),
        cmocka_unit_test(test_working_time_16_17),
        cmocka_unit_test(test_kinds_of_work_and_supervisor),
        cmocka_unit_test(test_too_young),
        cmocka_unit_test(test_exceptions_reachable),
        cmocka_unit_test(test_readiness_criteria),
        cmocka_unit_test(test_school_norms_and_contract),
        cmocka_unit_test(test_malformed_values_are_usage_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
