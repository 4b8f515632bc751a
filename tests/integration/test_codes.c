/* Codes (issue 7 item 15): the server sends the text it has for people as a code with raw
 * parameters (a rule refusal's details, a caseload item's detail, an event's summary), and
 * the real client renders them in Dutch with no English word left. The demo school gives the
 * caseload and the events; a 14-year-old's schedule through `stagelijn placement create`
 * gives a refusal with details (a day's minutes, a date); a student's dossier its entries. The
 * client runs under LANG=nl_NL.UTF-8 on a machine without that locale, as test_dutch does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"
#include "programs.h"

#define OUT_MAX (256 * 1024)

static test_server ts;
static char json[OUT_MAX];

/* Fails naming the first of `english` (whole words or phrases) found in text. */
static void no_english(const char *what, const char *text, const char *const *english)
{
    for (size_t i = 0; english[i]; i++)
        if (strstr(text, english[i]))
            fail_msg("%s: English \"%s\" in:\n%s", what, english[i], text);
}

static void admin_id(const char *const *args, char id[37])
{
    if (ts_run_cli(&ts, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, args, json, sizeof json) !=
            0 ||
        !ts_json_str(json, "id", id, 37))
        fail_msg("%s %s: %s", args[0], args[1], json);
}

static int setup(void **state)
{
    (void)state;
    return ts_start_demo(&ts) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return ts_teardown(&ts, NULL, 0);
}

/* A 14-year-old's 14:30-hour Monday: refused with the day's details as a code with the date
 * and the minutes; in Dutch the details read "... u gewerkt". */
static void test_rule_refusal_in_dutch(void **state)
{
    (void)state;
    char start[11], end[11], dob[11], cls[37], student[37], company[37], sup[37], sup_dob[11];
    ts_monday(63, start);
    ts_date_plus(start, 53, end);
    ts_date_plus(start, -(14 * 365 + 3 + 100), dob);
    ts_date(-40 * 365, sup_dob);
    const char *mk_class[] = {"class", "create", "--name", "Codes3", "--year", "3", NULL};
    admin_id(mk_class, cls);
    const char *mk_student[] = {"student", "create", "--first", "Rita", "--last", "Codes",
                                "--class", cls,      "--dob",   dob,    NULL};
    admin_id(mk_student, student);
    const char *mk_company[] = {"company",    "create", "--name",   "Codes BV", "--lat",
                                "52.1",       "--lon",  "5.1",      "--places", "5",
                                "--capacity", "5",      "--sector", "3",        NULL};
    admin_id(mk_company, company);
    const char *mk_sup[] = {"user",       "create", "--username", "pb.codes",  "--name",
                            "Anne Codes", "--role", "supervisor", "--company", company,
                            "--dob",      sup_dob,  NULL};
    admin_id(mk_sup, sup);
    const char *create[] = {"placement", "create",      "--student",    student,
                            "--company", company,       "--supervisor", sup,
                            "--kind",    "individual1", "--start",      start,
                            "--end",     end,           "--day",        "mon,05:00,19:30,0",
                            NULL};
    assert_int_equal(
        ts_run_cli(&ts, "stagelijn", "c.devries", TS_DEMO_PASSWORD, create, json, sizeof json), 1);
    /* The contract: the details as a code with raw values (the date, 870 minutes). */
    assert_non_null(strstr(json, "\"detail_code\":\"det_day_worked\""));
    char params[64];
    snprintf(params, sizeof params, "\"detail_params\":[\"%s\",\"870\"]", start);
    if (!strstr(json, params))
        fail_msg("no %s in:\n%s", params, json);

    static ts_run_result r;
    ts_run_nl(&ts, "stagelijn", "c.devries", TS_DEMO_PASSWORD, create, &r);
    assert_int_equal(r.rc, 1);
    char worked[64];
    snprintf(worked, sizeof worked, "%s: 14:30 u gewerkt", start);
    if (!strstr(r.err, worked))
        fail_msg("no \"%s\" in:\n%s", worked, r.err);
    const char *english[] = {"worked", "week of", "without", "rest after", "aged", " h)", NULL};
    no_english("placement create", r.err, english);
}

/* The coach's caseload: every item's detail has a code; in Dutch no English sentence. */
static void test_caseload_in_dutch(void **state)
{
    (void)state;
    const char *caseload[] = {"caseload", NULL};
    assert_int_equal(
        ts_run_cli(&ts, "stagelijn", "c.devries", TS_DEMO_PASSWORD, caseload, json, sizeof json),
        0);
    assert_non_null(strstr(json, "\"detail_code\":\"det_cl_intern\""));
    /* Every item that has a detail has its code. */
    size_t details = 0, codes = 0;
    for (const char *p = json; (p = strstr(p, "\"detail\":")) != NULL; p++)
        details++;
    for (const char *p = json; (p = strstr(p, "\"detail_code\":\"det_")) != NULL; p++)
        codes++;
    assert_true(details > 0);
    assert_int_equal(codes, details);

    static ts_run_result r;
    const char *student[] = {"caseload", "--student", "a", NULL};
    const char *english[] = {"internship", "last visit",    "overdue", "missing", "signed by",
                             "assessment", "early warning", "points",  " to ",    NULL};
    ts_run_nl(&ts, "stagelijn", "c.devries", TS_DEMO_PASSWORD, caseload, &r);
    assert_int_equal(r.rc, 0);
    no_english("caseload", r.out, english);
    ts_run_nl(&ts, "stagelijn", "c.devries", TS_DEMO_PASSWORD, student, &r);
    no_english("caseload --student", r.out, english);
    assert_non_null(strstr(r.out, "stage "));
}

/* The notifications: the events the demo wrote carry summary codes; in Dutch, in the table
 * and in the inbox, no English summary. */
static void test_event_summaries_in_dutch(void **state)
{
    (void)state;
    const char *notifications[] = {"notifications", NULL};
    assert_int_equal(ts_run_cli(&ts, "stagelijn", "c.devries", TS_DEMO_PASSWORD, notifications,
                                json, sizeof json),
                     0);
    assert_non_null(strstr(json, "\"summary_code\":\"det_ev_"));

    static ts_run_result r;
    const char *english[] = {"placement created",
                             "placement ",
                             "exit recorded",
                             "submitted",
                             "early warning",
                             "dropout on",
                             "advice",
                             "new version",
                             "reported by",
                             " to ",
                             NULL};
    ts_run_nl(&ts, "stagelijn", "c.devries", TS_DEMO_PASSWORD, notifications, &r);
    assert_int_equal(r.rc, 0);
    no_english("notifications", r.out, english);
    const char *inbox[] = {"inbox", NULL};
    ts_run_nl(&ts, "stagelijn", "c.devries", TS_DEMO_PASSWORD, inbox, &r);
    assert_int_equal(r.rc, 0);
    no_english("inbox", r.out, english);
}

/* A student's dossier: every entry's summary has a code; in Dutch no English sentence. */
static void test_dossier_in_dutch(void **state)
{
    (void)state;
    char student[64];
    const char *lp[] = {"placement", "list", NULL};
    assert_int_equal(
        ts_run_cli(&ts, "stagelijn", "c.devries", TS_DEMO_PASSWORD, lp, json, sizeof json), 0);
    assert_true(ts_json_str(json, "student_id", student, sizeof student));
    const char *dossier[] = {"dossier", "--student", student, NULL};
    assert_int_equal(
        ts_run_cli(&ts, "stagelijn", "c.devries", TS_DEMO_PASSWORD, dossier, json, sizeof json), 0);
    size_t entries = 0, codes = 0;
    for (const char *p = json; (p = strstr(p, "\"summary\":")) != NULL; p++)
        entries++;
    for (const char *p = json; (p = strstr(p, "\"summary_code\":\"det_ds_")) != NULL; p++)
        codes++;
    assert_true(entries > 0);
    assert_int_equal(codes, entries);

    static ts_run_result r;
    const char *english[] = {"internship at", "agenda week", "worked",     "verdict", "signed by",
                             "contract with", "visit at",    "assessment", " to ",    NULL};
    ts_run_nl(&ts, "stagelijn", "c.devries", TS_DEMO_PASSWORD, dossier, &r);
    assert_int_equal(r.rc, 0);
    no_english("dossier", r.out, english);
}

/* codes2: a school norm broken when a placement is made is stored with the placement, and a
 * coach accepts it with a reason; read back later, the warning keeps its details (the day,
 * the clock times and the hours) as a code with raw values, shown in Dutch. */
static void test_accepted_warning_in_dutch(void **state)
{
    (void)state;
    char start[11], end[11], dob[11], cls[37], student[37], company[37], sup[37], sup_dob[11];
    char pl[37];
    ts_monday(70, start);
    ts_date_plus(start, 53, end);
    ts_date_plus(start, -(16 * 365 + 100), dob);
    ts_date(-40 * 365, sup_dob);
    const char *mk_class[] = {"class", "create", "--name", "Codes4", "--year", "4", NULL};
    admin_id(mk_class, cls);
    const char *mk_student[] = {"student", "create", "--first", "Wim", "--last", "Norm",
                                "--class", cls,      "--dob",   dob,   NULL};
    admin_id(mk_student, student);
    const char *mk_company[] = {"company",    "create", "--name",   "Norm BV",  "--lat",
                                "52.1",       "--lon",  "5.1",      "--places", "5",
                                "--capacity", "5",      "--sector", "3",        NULL};
    admin_id(mk_company, company);
    const char *mk_sup[] = {"user",      "create", "--username", "pb.norm",   "--name",
                            "Piet Norm", "--role", "supervisor", "--company", company,
                            "--dob",     sup_dob,  NULL};
    admin_id(mk_sup, sup);
    const char *create[] = {"placement",
                            "create",
                            "--student",
                            student,
                            "--company",
                            company,
                            "--supervisor",
                            sup,
                            "--kind",
                            "sector",
                            "--start",
                            start,
                            "--end",
                            end,
                            "--day",
                            "mon,09:00,11:00,0",
                            "--day",
                            "tue,09:00,11:00,0",
                            NULL};
    assert_int_equal(
        ts_run_cli(&ts, "stagelijn", "c.devries", TS_DEMO_PASSWORD, create, json, sizeof json), 0);
    assert_true(ts_json_str(json, "id", pl, sizeof pl));
    const char *accept[] = {"warning",     "accept",
                            "--placement", pl,
                            "--rule",      "SCHOOL_Y45_HOURS_PER_DAY",
                            "--reason",    "Halve dagen om op te bouwen na ziekte",
                            NULL};
    assert_int_equal(
        ts_run_cli(&ts, "stagelijn", "c.devries", TS_DEMO_PASSWORD, accept, json, sizeof json), 0);
    /* The contract: the stored warning read back with its code and raw values. */
    char params[96];
    snprintf(params, sizeof params, "\"detail_params\":[\"%s\",\"09:00\",\"11:00\",\"120\"]",
             start);
    if (!strstr(json, "\"detail_code\":\"det_day_span\"") || !strstr(json, params))
        fail_msg("no det_day_span with %s in:\n%s", params, json);

    static ts_run_result r;
    char span[64];
    snprintf(span, sizeof span, "%s: 09:00-11:00 is 2:00 u", start);
    const char *list[] = {"warning", "list", "--placement", pl, NULL};
    ts_run_nl(&ts, "stagelijn", "c.devries", TS_DEMO_PASSWORD, list, &r);
    assert_int_equal(r.rc, 0);
    if (!strstr(r.out, span) || !strstr(r.out, "Stagedagen in jaar 4/5"))
        fail_msg("no \"%s\" in:\n%s", span, r.out);
    const char *show[] = {"placement", "show", "--id", pl, NULL};
    ts_run_nl(&ts, "stagelijn", "c.devries", TS_DEMO_PASSWORD, show, &r);
    assert_int_equal(r.rc, 0);
    if (!strstr(r.out, span))
        fail_msg("no \"%s\" in:\n%s", span, r.out);
    const char *english[] = {"Internship days", "hours a day", " h)", NULL};
    no_english("placement show", r.out, english);
}

/* codes2: a readiness check's unmet criteria are stored; read back, the age criterion keeps
 * its details (the age and the planned first day) in Dutch. */
static void test_readiness_in_dutch(void **state)
{
    (void)state;
    char start[11], dob[11], cls[37], student[37];
    ts_monday(80, start);
    ts_date_plus(start, -(13 * 365 + 100), dob);
    const char *mk_class[] = {"class", "create", "--name", "Codes2", "--year", "2", NULL};
    admin_id(mk_class, cls);
    const char *mk_student[] = {"student", "create", "--first", "Nina", "--last", "Jong",
                                "--class", cls,      "--dob",   dob,    NULL};
    admin_id(mk_student, student);
    const char *assess[] = {"readiness", "assess",     "--student", student,      "--social",
                            "positive",  "--attitude", "positive",  "--teachers", "positive",
                            "--mentor",  "positive",   "--start",   start,        NULL};
    assert_int_equal(
        ts_run_cli(&ts, "stagelijn", "c.devries", TS_DEMO_PASSWORD, assess, json, sizeof json), 0);
    char params[64];
    snprintf(params, sizeof params, "\"detail_params\":[\"13\",\"%s\"]", start);
    if (!strstr(json, "\"detail_code\":\"det_aged_on\"") || !strstr(json, params))
        fail_msg("no det_aged_on with %s in:\n%s", params, json);

    static ts_run_result r;
    char aged[64];
    snprintf(aged, sizeof aged, "13 jaar op %s", start);
    const char *show[] = {"readiness", "show", "--student", student, NULL};
    ts_run_nl(&ts, "stagelijn", "c.devries", TS_DEMO_PASSWORD, show, &r);
    assert_int_equal(r.rc, 0);
    if (!strstr(r.out, aged))
        fail_msg("no \"%s\" in:\n%s", aged, r.out);
    const char *english[] = {" aged ", " on ", NULL};
    no_english("readiness show", r.out, english);
}

/* codes2: the coach's visit plan names an overdue visit's finding in Dutch, with its due date
 * and the days past it, not only "te laat: ja". */
static void test_visit_plan_findings_in_dutch(void **state)
{
    (void)state;
    const char *plan[] = {"visit", "plan", NULL};
    assert_int_equal(
        ts_run_cli(&ts, "stagelijn", "c.devries", TS_DEMO_PASSWORD, plan, json, sizeof json), 0);
    const char *code = strstr(json, "\"detail_code\":\"det_days_overdue\"");
    if (!code)
        fail_msg("no overdue visit in the demo plan:\n%s", json);
    char due[11], days[16], expected[64];
    const char *p = strstr(code, "\"detail_params\":[\"");
    assert_non_null(p);
    p += strlen("\"detail_params\":[\"");
    assert_int_equal(sscanf(p, "%10[0-9-]\",\"%15[0-9]", due, days), 2);
    snprintf(expected, sizeof expected, "gepland %s, %s dagen te laat", due, days);

    static ts_run_result r;
    ts_run_nl(&ts, "stagelijn", "c.devries", TS_DEMO_PASSWORD, plan, &r);
    assert_int_equal(r.rc, 0);
    if (!strstr(r.out, expected) || !strstr(r.out, "bezoek"))
        fail_msg("no \"%s\" in:\n%s", expected, r.out);
    const char *english[] = {"overdue", "visit to", " due ", NULL};
    no_english("visit plan", r.out, english);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_refusal_in_dutch),
        cmocka_unit_test(test_caseload_in_dutch),
        cmocka_unit_test(test_event_summaries_in_dutch),
        cmocka_unit_test(test_dossier_in_dutch),
        cmocka_unit_test(test_accepted_warning_in_dutch),
        cmocka_unit_test(test_readiness_in_dutch),
        cmocka_unit_test(test_visit_plan_findings_in_dutch),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
