/* What the school's plan names beyond the internship itself, against a real stagelijnd and
 * through the real `stagelijn` client: the year-3 internship assessment and masterpiece
 * toward the definitive sector choice, the year-3 exam portfolio, the social-skills training
 * after being sent away, WVO art. 32's 50 % over the whole course, and the internal
 * internship's school norm (2-4 days, 09:50-14:00). Every refusal is a test, with a role that
 * may not; refusals leave the tables as they were. */
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
#include "records.h"

#define OUT 65536

typedef struct {
    test_server ts;
    sl_client *admin, *coach;
    char company[37], canteen[37], class3[37], class2[37];
    char sup_id[37], canteen_sup_id[37], coach_id[37], mentor3_id[37], mentor2_id[37];
    char y3[37], y3b[37], y2[37], p3[37], p3b[37], dropout[37];
    char out[OUT];
} world;

static world W;

/* Runs `stagelijn` as `user` (--json unless human) and asserts the exit code. */
static void run_as(bool human, int want, const char *user, ...)
{
    const char *args[48];
    int n = 0;
    va_list ap;
    va_start(ap, user);
    const char *a;
    while ((a = va_arg(ap, const char *)) != NULL && n < 47)
        args[n++] = a;
    va_end(ap);
    args[n] = NULL;
    int rc =
        human ? ts_run_cli_human(&W.ts, "stagelijn", user, TS_PASSWORD, args, W.out, sizeof W.out)
              : ts_run_cli(&W.ts, "stagelijn", user, TS_PASSWORD, args, W.out, sizeof W.out);
    if (rc != want)
        fprintf(stderr, "stagelijn %s %s as %s: exit %d, wanted %d; output: %s\n", args[0], args[1],
                user, rc, want, W.out);
    assert_int_equal(rc, want);
}

#define RUN(want, user, ...) run_as(false, want, user, __VA_ARGS__, NULL)
#define RUN_HUMAN(want, user, ...) run_as(true, want, user, __VA_ARGS__, NULL)

static void has(const char *needle)
{
    if (!strstr(W.out, needle))
        fprintf(stderr, "missing \"%s\" in: %s\n", needle, W.out);
    assert_non_null(strstr(W.out, needle));
}

static void hasnt(const char *needle)
{
    if (strstr(W.out, needle))
        fprintf(stderr, "unexpected \"%s\" in: %s\n", needle, W.out);
    assert_null(strstr(W.out, needle));
}

static bool make_student(const char *first, const char *last, const char *class_id, char *id)
{
    /* 15 in every school year the tests can run in: no minor is under 14 or over 17. */
    char dob[11];
    ts_date(-15 * 365 - 100, dob);
    const ts_student_spec s = {
        .first_name = first, .last_name = last, .class_id = class_id, .date_of_birth = dob};
    return ts_make_student(W.admin, &s, id, NULL);
}

/* A year-3 individual internship, Monday and Tuesday 09:00-14:00 with a 30-minute break,
 * from today + first to today + last. */
static bool make_placement_on(const char *student, int kind, const char *start, const char *end,
                              char *id)
{
    ts_placement_spec p = ts_individual_week(student, W.company, W.sup_id, start, end);
    p.kind = kind;
    p.sector = 3;
    return ts_make_active_placement(W.coach, &p, TS_SIGN_MINOR, id);
}

static bool make_y3_placement(const char *student, int kind, int first, int last, char *id)
{
    char start[11], end[11];
    ts_date(first, start);
    ts_date(last, end);
    return make_placement_on(student, kind, start, end, id);
}

static int setup(void **state)
{
    (void)state;
    memset(&W, 0, sizeof W);
    /* 100 education hours a school year: a year-3 student's course so far is 300 h, so the
     * 50 % warning is reached with two ordinary year-3 internships. */
    if (!ts_start(&W.ts, "education_hours_per_school_year = 100\n"))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    if (!W.admin)
        return -1;
    const ts_company_spec co = {.name = "Bakkerij Brood & Zo", .city = "Alkmaar"};
    const ts_company_spec canteen = {.name = "Schoolkantine", .internal = true};
    if (!ts_make_company(W.admin, &co, W.company) ||
        !ts_make_company(W.admin, &canteen, W.canteen) ||
        !ts_create_user(W.admin, "sup", STAGELIJN__V1__ROLE__ROLE_SUPERVISOR, W.company,
                        W.sup_id) ||
        !ts_create_user(W.admin, "kantine", STAGELIJN__V1__ROLE__ROLE_SUPERVISOR, W.canteen,
                        W.canteen_sup_id) ||
        !ts_create_user(W.admin, "coach", STAGELIJN__V1__ROLE__ROLE_COACH, NULL, W.coach_id) ||
        !ts_create_user(W.admin, "m3", STAGELIJN__V1__ROLE__ROLE_MENTOR, NULL, W.mentor3_id) ||
        !ts_create_user(W.admin, "m2", STAGELIJN__V1__ROLE__ROLE_MENTOR, NULL, W.mentor2_id) ||
        !ts_make_class(W.admin, "3A", 3, W.mentor3_id, W.class3) ||
        !ts_make_class(W.admin, "2A", 2, W.mentor2_id, W.class2))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    if (!W.coach || !make_student("Noor", "Bakker", W.class3, W.y3) ||
        !make_student("Daan", "Vries", W.class3, W.y3b) ||
        !make_student("Sem", "Jansen", W.class2, W.y2) ||
        !make_y3_placement(W.y3, STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_1, -30, 60,
                           W.p3) ||
        !make_y3_placement(W.y3b, STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_1, -30, 60,
                           W.p3b))
        return -1;
    /* Daan is sent away from his internship two days ago. */
    char day[11];
    ts_date(-2, day);
    Stagelijn__V1__ReportDropoutRequest rd = STAGELIJN__V1__REPORT_DROPOUT_REQUEST__INIT;
    rd.placement_id = W.p3b;
    rd.date = day;
    rd.reason = "weggestuurd na ruzie met een collega";
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_REPORT_DROPOUT;
    req.report_dropout = &rd;
    sl_envelope *rep = ts_call(W.coach, &req, SL_OK);
    if (!rep)
        return -1;
    snprintf(W.dropout, sizeof W.dropout, "%s", rep->dropout->id);
    sl_envelope_free(rep);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *c[] = {W.admin, W.coach};
    return ts_teardown(&W.ts, c, 2);
}

/* ---------------------------------------------------------------- year 3 */

static void test_year3_assessment_and_masterpiece(void **state)
{
    (void)state;
    char yesterday[11], tomorrow[11], before[11];
    ts_date(-1, yesterday);
    ts_date(1, tomorrow);
    ts_date(-31, before);
    long rows = ts_count_rows(&W.ts, "year3_assessments");

    /* Refusals first: nothing is stored. */
    RUN(1, "coach", "year3", "record", "--student", W.y3, "--kind", "internship_assessment",
        "--placement", W.p3, "--date", tomorrow, "--assessor", "Petra de Boer", "--result",
        "positive");
    has("DATE_IN_FUTURE");
    RUN(1, "coach", "year3", "record", "--student", W.y3, "--kind", "internship_assessment",
        "--placement", W.p3, "--date", before, "--assessor", "Petra de Boer", "--result",
        "positive");
    has("DATE_OUTSIDE_PLACEMENT");
    RUN(1, "coach", "year3", "record", "--student", W.y3, "--kind", "internship_assessment",
        "--date", yesterday, "--assessor", "Petra de Boer", "--result", "positive");
    has("year3_needs_placement");
    /* Another student's placement is not this assessment's. */
    RUN(1, "coach", "year3", "record", "--student", W.y3, "--kind", "internship_assessment",
        "--placement", W.p3b, "--date", yesterday, "--assessor", "Petra de Boer", "--result",
        "positive");
    has("YEAR3_PLACEMENT_NOT_YEAR3");
    RUN(1, "coach", "year3", "record", "--student", W.y2, "--kind", "masterpiece", "--date",
        yesterday, "--assessor", "Petra de Boer", "--result", "positive");
    has("YEAR3_NOT_YEAR3");
    RUN(2, "coach", "year3", "record", "--student", W.y3, "--kind", "masterpiece", "--date",
        yesterday, "--assessor", "Petra de Boer", "--result", "positive", "--sector", "11");
    RUN(2, "coach", "year3", "record", "--student", W.y3, "--kind", "meesterwerk", "--date",
        yesterday, "--assessor", "Petra de Boer", "--result", "positive");
    RUN(2, "coach", "year3", "record", "--student", W.y3, "--kind", "masterpiece", "--date",
        yesterday, "--assessor", "Petra de Boer");
    /* Roles that may not record: the mentor and the company. */
    RUN(1, "m3", "year3", "record", "--student", W.y3, "--kind", "masterpiece", "--date", yesterday,
        "--assessor", "Petra de Boer", "--result", "positive");
    has("role_may_not");
    RUN(1, "sup", "year3", "record", "--student", W.y3, "--kind", "internship_assessment",
        "--placement", W.p3, "--date", yesterday, "--assessor", "Petra de Boer", "--result",
        "positive");
    has("role_may_not");
    assert_int_equal(ts_count_rows(&W.ts, "year3_assessments"), rows);

    /* The first day of the placement is the first possible date. */
    char first_day[11];
    ts_date(-30, first_day);
    RUN(0, "coach", "year3", "record", "--student", W.y3, "--kind", "internship_assessment",
        "--placement", W.p3, "--date", first_day, "--assessor", "Petra de Boer", "--result",
        "positive", "--remarks", "Werkt zelfstandig, goed op tijd");
    has("\"company_name\":\"Bakkerij Brood & Zo\"");
    /* Typed in Dutch words. */
    ts_use_language(TS_RUN_DUTCH);
    RUN(0, "coach", "year3", "record", "--student", W.y3, "--kind", "meesterproef", "--date",
        yesterday, "--assessor", "Petra de Boer", "--result", "positief", "--sector", "8");
    ts_use_language(TS_RUN_ENGLISH);
    assert_int_equal(ts_count_rows(&W.ts, "year3_assessments"), rows + 2);
    char where[200];
    snprintf(where, sizeof where, "students WHERE id = '%s' AND definitive_sector = 8", W.y3);
    assert_int_equal(ts_count_rows(&W.ts, where), 1);

    /* Read by the class's mentor, in Dutch, with names; not by another class's mentor, nor
     * by the company. */
    ts_use_language(TS_RUN_DUTCH);
    RUN_HUMAN(0, "m3", "year3", "show", "--student", W.y3);
    ts_use_language(TS_RUN_ENGLISH);
    has("Noor Bakker");
    has("meesterproef");
    has("stage-assessment");
    has("positief");
    has("Bakkerij Brood & Zo");
    hasnt("masterpiece");
    hasnt("positive");
    const char *allowed[] = {W.p3};
    assert_false(ts_has_uuid_except(W.out, allowed, 1));
    /* Both are facts of the student's line, in the dossier by their own dates. */
    RUN(0, "m3", "dossier", "--student", W.y3);
    has("\"kind\":\"year3_assessment\"");
    has("masterpiece by Petra de Boer: positive, sector Food production");
    RUN(1, "m2", "year3", "show", "--student", W.y3);
    has("role_may_not");
    RUN(1, "sup", "year3", "show", "--student", W.y3);
    has("role_may_not");
}

static void test_year3_exam_portfolio(void **state)
{
    (void)state;
    RUN(0, "coach", "year3", "show", "--student", W.y3b);
    hasnt("\"portfolio_complete\":true");
    /* The year-3 exam portfolio is the practical assignments of the year-3 internships. */
    RUN(0, "coach", "assignment", "save", "--placement", W.p3, "--period", "1", "--number", "1",
        "--title", "Hygiëne in de bakkerij");
    char a1[37];
    assert_true(ts_json_str(W.out, "id", a1, sizeof a1));
    RUN(0, "coach", "assignment", "save", "--placement", W.p3, "--period", "1", "--number", "2",
        "--title", "Klantcontact");
    char a2[37];
    assert_true(ts_json_str(W.out, "id", a2, sizeof a2));
    RUN(0, "coach", "year3", "show", "--student", W.y3);
    has("\"portfolio_total\":2");
    hasnt("\"portfolio_complete\":true");
    RUN(0, "sup", "assignment", "save", "--placement", W.p3, "--id", a1, "--status", "submitted");
    RUN(0, "coach", "assignment", "save", "--placement", W.p3, "--id", a1, "--status", "approved");
    RUN(0, "coach", "year3", "show", "--student", W.y3);
    has("\"portfolio_approved\":1");
    hasnt("\"portfolio_complete\":true");
    RUN(0, "sup", "assignment", "save", "--placement", W.p3, "--id", a2, "--status", "submitted");
    RUN(0, "coach", "assignment", "save", "--placement", W.p3, "--id", a2, "--status", "approved");
    RUN(0, "coach", "year3", "show", "--student", W.y3);
    has("\"portfolio_complete\":true");
    ts_use_language(TS_RUN_DUTCH);
    RUN_HUMAN(0, "coach", "year3", "show", "--student", W.y3);
    ts_use_language(TS_RUN_ENGLISH);
    has("Hygiëne in de bakkerij");
    has("goedgekeurd");
}

/* ---------------------------------------------------------------- social-skills training */

static void test_skills_training(void **state)
{
    (void)state;
    char today[11], before_dropout[11], next_week[11], next_week_1[11], yesterday[11];
    ts_date(0, today);
    ts_date(-5, before_dropout);
    ts_date(7, next_week);
    ts_date(8, next_week_1);
    ts_date(-1, yesterday);
    long rows = ts_count_rows(&W.ts, "social_skills_trainings");

    /* Only for a student sent away, not before that day; only the coaches enrol. */
    RUN(1, "coach", "training", "enrol", "--student", W.y3, "--start", next_week, "--trainer",
        "Mevr. Jansen");
    has("TRAINING_NOT_SENT_AWAY");
    RUN(1, "coach", "training", "enrol", "--student", W.y3b, "--start", before_dropout, "--trainer",
        "Mevr. Jansen");
    has("TRAINING_BEFORE_DROPOUT");
    RUN(1, "coach", "training", "enrol", "--student", W.y3b, "--start", next_week, "--trainer",
        "Mevr. Jansen", "--dropout", W.p3);
    has("training_not_this_dropout");
    RUN(1, "m3", "training", "enrol", "--student", W.y3b, "--start", next_week, "--trainer",
        "Mevr. Jansen");
    has("role_may_not");
    RUN(1, "sup", "training", "enrol", "--student", W.y3b, "--start", next_week, "--trainer",
        "Mevr. Jansen");
    has("role_may_not");
    assert_int_equal(ts_count_rows(&W.ts, "social_skills_trainings"), rows);

    /* Planned ahead is fine: a plan is no fact. */
    RUN(0, "coach", "training", "enrol", "--student", W.y3b, "--start", next_week, "--trainer",
        "Mevr. Jansen", "--dropout", W.dropout);
    char t1[37];
    assert_true(ts_json_str(W.out, "id", t1, sizeof t1));
    /* Done is a fact: not in the future, not before the start, and with its date. */
    RUN(1, "coach", "training", "record", "--id", t1, "--student", W.y3b, "--status", "done",
        "--done", next_week_1);
    has("DATE_IN_FUTURE");
    RUN(1, "coach", "training", "record", "--id", t1, "--student", W.y3b, "--status", "done",
        "--done", today);
    has("TRAINING_END_BEFORE_START");
    RUN(1, "coach", "training", "record", "--id", t1, "--student", W.y3b, "--status", "done");
    has("training_end_needs_date");
    RUN(1, "coach", "training", "record", "--id", t1, "--student", W.y3b, "--status", "planned",
        "--done", yesterday);
    has("training_planned_no_end");
    RUN(2, "coach", "training", "record", "--id", t1, "--student", W.y3b, "--status", "klaar");
    RUN(1, "m3", "training", "record", "--id", t1, "--student", W.y3b, "--status", "not_done",
        "--done", yesterday);
    has("role_may_not");
    RUN(1, "sup", "training", "record", "--id", t1, "--student", W.y3b, "--status", "not_done",
        "--done", yesterday);
    has("role_may_not");
    RUN(1, "coach", "training", "record", "--id", t1, "--student", W.y3, "--status", "done",
        "--done", today);

    RUN(0, "coach", "training", "enrol", "--student", W.y3b, "--start", yesterday, "--trainer",
        "Dhr. Visser");
    char t2[37];
    assert_true(ts_json_str(W.out, "id", t2, sizeof t2));
    RUN(0, "coach", "training", "record", "--id", t2, "--student", W.y3b, "--status", "done",
        "--done", today, "--remarks", "Actief meegedaan");
    has("\"status\":\"done\"");
    RUN(1, "coach", "training", "record", "--id", t2, "--student", W.y3b, "--status", "not_done",
        "--done", today);
    has("TRAINING_ENDED");
    assert_int_equal(ts_count_rows(&W.ts, "social_skills_trainings WHERE status = 2"), 1);

    /* Listed for coach and mentor (his/her class), in Dutch with names; newest start first. */
    ts_use_language(TS_RUN_DUTCH);
    RUN_HUMAN(0, "m3", "training", "list");
    ts_use_language(TS_RUN_ENGLISH);
    has("Daan Vries");
    has("Mevr. Jansen");
    has("gepland");
    has("gevolgd");
    hasnt("planned");
    assert_true(strstr(W.out, "Mevr. Jansen") < strstr(W.out, "Dhr. Visser"));
    const char *allowed[] = {t1, t2, W.dropout};
    assert_false(ts_has_uuid_except(W.out, allowed, 3));
    RUN(0, "m2", "training", "list");
    hasnt("Daan");
    RUN(0, "coach", "training", "list", "--student", W.y3b);
    has("Dhr. Visser");
    RUN(1, "sup", "training", "list");
    has("role_may_not");
    /* The mentor is told of every step after a dropout. */
    RUN(0, "m3", "notifications");
    has("social-skills training done (");
    has("social-skills training planned (");
    RUN(0, "m3", "dossier", "--student", W.y3b);
    has("social-skills training by Dhr. Visser: done on ");
}

/* ---------------------------------------------------------------- WVO art. 32 over the course */

static void test_course_hours_50_percent(void **state)
{
    (void)state;
    /* Noor's first internship holds about 115 planned hours of the 150 h that half of three
     * school years of 100 h allows: no warning. */
    RUN(0, "coach", "course", "hours", "--student", W.y3);
    has("\"course_years\":3");
    has("\"limit_minutes\":9000");
    hasnt("WVO32_COURSE_50_AT_RISK");
    /* Per school year (no school_years rows: 1 August to 31 July). */
    char today[11], label[64];
    ts_date(0, today);
    int y = atoi(today), m = atoi(today + 5), first = m >= 8 ? y : y - 1;
    snprintf(label, sizeof label, "\"school_year\":\"%d-%d\"", first, first + 1);
    has(label);
    RUN(1, "sup", "course", "hours", "--student", W.y3);
    has("role_may_not");
    RUN(1, "m2", "course", "hours", "--student", W.y3);
    has("role_may_not");

    /* A second internship passes 150 h over the course: the placement is made, with the
     * warning, shown where it is created and in the overview. */
    char start[11], end[11];
    ts_date(61, start);
    ts_date(150, end);
    RUN(0, "coach", "placement", "create", "--student", W.y3, "--company", W.company,
        "--supervisor", W.sup_id, "--kind", "individual_2", "--start", start, "--end", end, "--day",
        "wed,09:00,15:00,30", "--day", "thu,09:00,15:00,30");
    has("WVO32_COURSE_50_AT_RISK");
    ts_use_language(TS_RUN_DUTCH);
    RUN_HUMAN(0, "m3", "course", "hours", "--student", W.y3);
    ts_use_language(TS_RUN_ENGLISH);
    has("Noor Bakker");
    has("150:00");
    has("meer dan 50%");
    hasnt("internship of");
    const char *no_ids[] = {NULL};
    assert_false(ts_has_uuid_except(W.out, no_ids, 0));
}

/* ---------------------------------------------------------------- internal internship norm */

static void test_internal_internship_norm(void **state)
{
    (void)state;
    char start[11], end[11];
    ts_date(10, start);
    ts_date(40, end);
    /* 09:50-14:00 on three days keeps the school's norm. */
    RUN(0, "coach", "placement", "create", "--student", W.y2, "--company", W.canteen,
        "--supervisor", W.canteen_sup_id, "--kind", "internal", "--start", start, "--end", end,
        "--day", "mon,09:50,14:00,30", "--day", "tue,09:50,14:00,30", "--day",
        "wed,09:50,14:00,30");
    hasnt("SCHOOL_INTERNAL");
    /* One day, and a day that ends at 15:00: warnings, not refusals. */
    ts_date(50, start);
    ts_date(80, end);
    ts_use_language(TS_RUN_DUTCH);
    RUN_HUMAN(0, "coach", "placement", "create", "--student", W.y2, "--company", W.canteen,
              "--supervisor", W.canteen_sup_id, "--kind", "internal", "--start", start, "--end",
              end, "--day", "mon,09:50,15:00,30");
    ts_use_language(TS_RUN_ENGLISH);
    has("De interne stage is 2 tot 4 dagen per week.");
    has("De interne stage duurt van 09:50 tot 14:00 uur.");
}

/* An internship across the summer counts in two school years: the school's own row where it
 * defined one, else 1 August to 31 July; a summer day before the school's first day joins the
 * year of the same name. */
static void test_course_hours_per_school_year(void **state)
{
    (void)state;
    char today[11], row_start[24], row_end[24], start[24], end[24], label[96];
    ts_date(0, today);
    int y = atoi(today), m = atoi(today + 5), next = m >= 8 ? y + 1 : y;
    char name[32];
    snprintf(name, sizeof name, "%d-%d", next, next + 1);
    snprintf(row_start, sizeof row_start, "%04d-08-17", next);
    snprintf(row_end, sizeof row_end, "%04d-07-10", next + 1);
    Stagelijn__V1__SchoolYear sy = STAGELIJN__V1__SCHOOL_YEAR__INIT;
    sy.name = name;
    sy.start_date = row_start;
    sy.end_date = row_end;
    Stagelijn__V1__SaveSchoolYearRequest ss = STAGELIJN__V1__SAVE_SCHOOL_YEAR_REQUEST__INIT;
    ss.school_year = &sy;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_SCHOOL_YEAR;
    req.save_school_year = &ss;
    assert_true(ts_expect(W.admin, &req, SL_OK));

    /* 10 July to 31 August of next year: July in the year before, August in the school's. */
    char lotte[37], placement[37];
    assert_true(make_student("Lotte", "Wit", W.class3, lotte));
    snprintf(start, sizeof start, "%04d-07-10", next);
    snprintf(end, sizeof end, "%04d-08-31", next);
    assert_true(make_placement_on(lotte, STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_1,
                                  start, end, placement));
    RUN(0, "coach", "course", "hours", "--student", lotte);
    snprintf(label, sizeof label, "\"school_year\":\"%d-%d\",\"start_date\":\"%04d-08-01\"",
             next - 1, next, next - 1);
    has(label);
    snprintf(label, sizeof label, "\"school_year\":\"%s\",\"start_date\":\"%s\"", name, row_start);
    has(label);
    assert_null(strstr(strstr(W.out, row_start) + 1, "\"school_year\""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_year3_assessment_and_masterpiece),
        cmocka_unit_test(test_year3_exam_portfolio),
        cmocka_unit_test(test_skills_training),
        cmocka_unit_test(test_course_hours_50_percent),
        cmocka_unit_test(test_internal_internship_norm),
        cmocka_unit_test(test_course_hours_per_school_year),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
