/* The dropout procedure as a tracked case, against a real stagelijnd and through the real
 * workstation program: every branch (group internship with a free place, no free place and
 * what is done instead, a year-4 student who only fits on Thursday and Friday, the
 * alternative programme with its step plan, a new placement, the Entree consequence for the
 * 650 hours), every refusal (a step out of order, a role that may not, a closed case) with
 * nothing written, the mentor's event at every step, and what is open and overdue. */
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

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT
#define OUT 65536

typedef struct {
    test_server ts;
    sl_client *admin, *coach, *mentor_3, *mentor_4, *sup_a, *ali_c;
    char company_a[37], company_b[37], sup_a_id[37], sup_b_id[37];
    char class_3[37], class_4[37], class_e[37];
    char ali[37], bo[37], daan[37], eva[37], tim[37];
    char p_ali[37], p_bo[37], p_daan[37], p_eva[37];
    char monday[11], s_mon[37];
    char out[OUT];
} world;

static world W;

enum {
    CONV = STAGELIJN__V1__DROPOUT_ACTION__DROPOUT_ACTION_CONVERSATION,
    CONTACT = STAGELIJN__V1__DROPOUT_ACTION__DROPOUT_ACTION_COMPANY_CONTACT,
    FOLLOWUP = STAGELIJN__V1__DROPOUT_ACTION__DROPOUT_ACTION_FOLLOWUP,
    INSTEAD = STAGELIJN__V1__DROPOUT_ACTION__DROPOUT_ACTION_INSTEAD,
    ORIENT = STAGELIJN__V1__DROPOUT_ACTION__DROPOUT_ACTION_ORIENTATION,
    CLOSE = STAGELIJN__V1__DROPOUT_ACTION__DROPOUT_ACTION_CLOSE,
};

/* ---------------------------------------------------------------- helpers */

static void run(int want, const char *user, ...)
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
    int rc = ts_run_cli(&W.ts, "stagelijn", user, TS_PASSWORD, args, W.out, sizeof W.out);
    if (rc != want)
        fprintf(stderr, "stagelijn %s %s %s: exit %d, wanted %d; output: %s\n", args[0],
                n > 1 ? args[1] : "", n > 2 ? args[2] : "", rc, want, W.out);
    assert_int_equal(rc, want);
}

static bool make_student(const char *first, const char *class_id, uint32_t year, char *id)
{
    const ts_student_spec s = {.first_name = first,
                               .last_name = "Uitval",
                               .class_id = class_id,
                               .date_of_birth = "2005-06-06",
                               .school_year = year};
    return ts_make_student(W.admin, &s, id, NULL);
}

static bool make_active(const char *student, const char *company, const char *supervisor, int kind,
                        char *id)
{
    char start[11], end[11];
    ts_monday(-21, start);
    ts_date(120, end);
    const ts_placement_spec p = {.student_id = student,
                                 .company_id = company,
                                 .supervisor_id = supervisor,
                                 .kind = kind,
                                 .start_date = start,
                                 .end_date = end,
                                 .sector = 2,
                                 .n_days = 3,
                                 .day_start = "08:30",
                                 .day_end = "15:00",
                                 .break_minutes = 30};
    return ts_make_active_placement(W.coach, &p, TS_SIGN_ADULT, id);
}

static bool report(sl_client *c, const char *placement, int days_ago, int via)
{
    char date[11];
    ts_date(-days_ago, date);
    Stagelijn__V1__ReportDropoutRequest d = STAGELIJN__V1__REPORT_DROPOUT_REQUEST__INIT;
    d.placement_id = (char *)placement;
    d.date = date;
    d.reason = "Conflict met de chef";
    d.reported_via = (Stagelijn__V1__Role)via;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_REPORT_DROPOUT;
    req.report_dropout = &d;
    return ts_expect(c, &req, SL_OK);
}

/* One step through the protocol; the reply when it was SL_OK (caller frees). */
static sl_envelope *step(sl_client *c, const char *student, int action, int follow_up,
                         const char *plan, int entree, sl_status expect, const char *rule)
{
    Stagelijn__V1__DropoutCaseStepRequest s = STAGELIJN__V1__DROPOUT_CASE_STEP_REQUEST__INIT;
    s.student_id = (char *)student;
    s.action = (Stagelijn__V1__DropoutAction)action;
    s.follow_up = (Stagelijn__V1__DropoutFollowUp)follow_up;
    s.step_plan = (char *)(plan ? plan : "");
    s.entree_consequence = (Stagelijn__V1__EntreeConsequence)entree;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_DROPOUT_CASE_STEP;
    req.dropout_case_step = &s;
    bool matched;
    sl_envelope *rep = ts_call_rule(c, &req, expect, rule, &matched);
    assert_true(matched);
    return rep;
}

/* The student's case as `c` sees it (caller frees), asserting there is exactly one. */
static sl_envelope *the_case(sl_client *c, const char *student)
{
    Stagelijn__V1__ListDropoutCasesRequest l = STAGELIJN__V1__LIST_DROPOUT_CASES_REQUEST__INIT;
    l.student_id = (char *)student;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_DROPOUT_CASES;
    req.list_dropout_cases = &l;
    sl_envelope *rep = ts_call(c, &req, SL_OK);
    assert_non_null(rep);
    assert_int_equal(rep->list_dropout_cases_reply->n_cases, 1);
    return rep;
}

/* count(*) of a query on the server's database, opened read-only beside it (the harness's
 * ts_count_rows takes only short conditions). */
static long count_sql(const char *sql, const char *a, const char *b, const char *c)
{
    char path[300];
    snprintf(path, sizeof path, "%s/stagelijn.db", W.ts.dir);
    sqlite3 *db;
    sqlite3_stmt *st = NULL;
    long n = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC) == SQLITE_OK &&
        (!b || sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC) == SQLITE_OK) &&
        (!c || sqlite3_bind_text(st, 3, c, -1, SQLITE_STATIC) == SQLITE_OK) &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

static long steps_of(const char *student)
{
    return count_sql("SELECT count(*) FROM dropout_case_steps WHERE dropout_id IN (SELECT id "
                     "FROM dropouts WHERE student_id = ?1)",
                     student, NULL, NULL);
}

/* The mentor hears of every step: one dropout_step event per step, to the student's class. */
static long mentor_events(const char *student, const char *class_id)
{
    return count_sql("SELECT count(*) FROM events WHERE topic = 'dropout_step' AND student_id = "
                     "?1 AND class_id = ?2",
                     student, class_id, NULL);
}

/* A refused step leaves the case, its steps, the events and the audit as they were. */
typedef struct {
    long steps, events, audit, enrolments;
} counts;

static counts count_all(void)
{
    /* Logins are audited too (every run of the program logs in): not counted here. */
    return (counts){ts_count_rows(&W.ts, "dropout_case_steps"), ts_count_rows(&W.ts, "events"),
                    ts_count_rows(&W.ts, "audit WHERE operation LIKE 'dropout%' OR operation "
                                         "LIKE 'group%'"),
                    ts_count_rows(&W.ts, "group_enrolments")};
}

static void assert_unchanged(counts before)
{
    counts now = count_all();
    assert_int_equal(now.steps, before.steps);
    assert_int_equal(now.events, before.events);
    assert_int_equal(now.audit, before.audit);
    assert_int_equal(now.enrolments, before.enrolments);
}

/* ---------------------------------------------------------------- setup */

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&W.ts, NULL))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char m3[37], m4[37], me[37];
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, NULL) ||
        !ts_create_user(W.admin, "mentor-3", 4, NULL, m3) ||
        !ts_create_user(W.admin, "mentor-4", 4, NULL, m4) ||
        !ts_create_user(W.admin, "mentor-e", 4, NULL, me) ||
        !ts_make_class(W.admin, "G3", 3, m3, W.class_3) ||
        !ts_make_class(W.admin, "V4", 4, m4, W.class_4) ||
        !ts_make_class(W.admin, "E1", 6, me, W.class_e))
        return -1;
    const ts_company_spec a = {.name = "Bakkerij Jansen", .places = 6, .supervision_capacity = 6};
    const ts_company_spec b = {
        .name = "Leerbedrijf Noord", .places = 3, .supervision_capacity = 3, .recognised = true};
    if (!ts_make_company(W.admin, &a, W.company_a) || !ts_make_company(W.admin, &b, W.company_b) ||
        !ts_create_user(W.admin, "sup-a", 5, W.company_a, W.sup_a_id) ||
        !ts_create_user(W.admin, "sup-b", 5, W.company_b, W.sup_b_id))
        return -1;
    char otp[64];
    const ts_student_spec ali = {.first_name = "Ali",
                                 .last_name = "Uitval",
                                 .class_id = W.class_3,
                                 .date_of_birth = "2005-06-06",
                                 .username = "ali"};
    if (!ts_make_student(W.admin, &ali, W.ali, otp) ||
        !(W.ali_c = ts_student_login(&W.ts, "ali", otp)) ||
        !make_student("Bo", W.class_3, 0, W.bo) || !make_student("Daan", W.class_4, 0, W.daan) ||
        !make_student("Eva", W.class_e, 6, W.eva) || !make_student("Tim", W.class_3, 0, W.tim))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    W.mentor_3 = ts_login(&W.ts, "mentor-3", TS_PASSWORD);
    W.mentor_4 = ts_login(&W.ts, "mentor-4", TS_PASSWORD);
    W.sup_a = ts_login(&W.ts, "sup-a", TS_PASSWORD);
    if (!W.coach || !W.mentor_3 || !W.mentor_4 || !W.sup_a)
        return -1;
    enum { SECTOR = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR };
    if (!make_active(W.ali, W.company_a, W.sup_a_id, SECTOR, W.p_ali) ||
        !make_active(W.bo, W.company_a, W.sup_a_id, SECTOR, W.p_bo) ||
        !make_active(W.daan, W.company_a, W.sup_a_id, SECTOR, W.p_daan) ||
        !make_active(W.eva, W.company_b, W.sup_b_id,
                     STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_ENTREE, W.p_eva))
        return -1;
    /* One place in the group internship next Monday: within the coming two weeks. */
    ts_monday(7, W.monday);
    Stagelijn__V1__GroupSession g = STAGELIJN__V1__GROUP_SESSION__INIT;
    g.location = "Kringloop";
    g.date = W.monday;
    g.day_part = STAGELIJN__V1__DAY_PART__DAYPART_MORNING;
    g.capacity = 1;
    Stagelijn__V1__CreateGroupSessionRequest cr = STAGELIJN__V1__CREATE_GROUP_SESSION_REQUEST__INIT;
    cr.session = &g;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_GROUP_SESSION;
    req.create_group_session = &cr;
    sl_envelope *rep = ts_call(W.coach, &req, SL_OK);
    if (!rep)
        return -1;
    snprintf(W.s_mon, sizeof W.s_mon, "%s", rep->group_session->id);
    sl_envelope_free(rep);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *all[] = {W.admin, W.coach, W.mentor_3, W.mentor_4, W.sup_a, W.ali_c};
    return ts_teardown(&W.ts, all, sizeof all / sizeof all[0]);
}

/* ---------------------------------------------------------------- tests */

/* The main path through the workstation program: reported by the student (through the
 * coach), the conversation, the company, the group internship with a free place (the student
 * is enrolled in it), orientation, closed; the mentor hears of every step. */
static void test_group_with_a_free_place(void **state)
{
    (void)state;
    char today[11];
    ts_date(0, today);
    run(0, "coach", "dropout", "report", "--placement", W.p_ali, "--date", today, "--reason",
        "Ruzie met collega's", "--via", "student", NULL);
    assert_int_equal(steps_of(W.ali), 1);
    sl_envelope *rep = the_case(W.coach, W.ali);
    const Stagelijn__V1__DropoutCase *c = rep->list_dropout_cases_reply->cases[0];
    assert_int_equal(c->state, STAGELIJN__V1__DROPOUT_CASE_STATE__DROPOUT_CASE_REPORTED);
    assert_int_equal(c->reported_via, STAGELIJN__V1__ROLE__ROLE_STUDENT);
    assert_int_equal(c->next_step, CONV);
    char due[11];
    ts_date(2, due);
    assert_string_equal(c->next_due, due);
    assert_false(c->overdue);
    sl_envelope_free(rep);

    run(0, "coach", "dropout", "case", "step", "--student", W.ali, "--step", "conversation",
        "--note", "Oorzaak: werktempo", NULL);
    assert_int_equal(mentor_events(W.ali, W.class_3), 1);
    run(0, "coach", "dropout", "case", "step", "--student", W.ali, "--step", "company_contact",
        NULL);
    assert_int_equal(mentor_events(W.ali, W.class_3), 2);
    run(0, "coach", "dropout", "case", "step", "--student", W.ali, "--step", "followup",
        "--follow-up", "group", NULL);
    assert_non_null(strstr(W.out, "\"state\":\"followup_chosen\""));
    assert_non_null(strstr(W.out, W.s_mon));
    assert_non_null(strstr(W.out, "\"group_full\":false"));
    assert_int_equal(ts_count_rows(&W.ts, "group_enrolments WHERE after_dropout = 1"), 1);
    run(0, "coach", "dropout", "case", "step", "--student", W.ali, "--step", "orientation", NULL);
    run(0, "coach", "dropout", "case", "step", "--student", W.ali, "--step", "close", NULL);
    assert_non_null(strstr(W.out, "\"state\":\"closed\""));
    /* Report + 5 steps; an event to the mentor's class and an audit row for each step. */
    assert_int_equal(steps_of(W.ali), 6);
    assert_int_equal(mentor_events(W.ali, W.class_3), 5);
    assert_int_equal(ts_count_rows(&W.ts, "audit WHERE operation = 'dropout_case.step'"), 5);
    /* The mentor reads them in his/her notifications; the other class's mentor does not. */
    run(0, "mentor-3", "notifications", NULL);
    int seen = 0;
    for (const char *p = W.out; (p = strstr(p, "\"topic\":\"dropout_step\"")) != NULL; p++)
        seen++;
    assert_int_equal(seen, 5);
    run(0, "mentor-4", "notifications", NULL);
    assert_null(strstr(W.out, "dropout_step"));

    /* Closed: no open case is left to step. */
    counts before = count_all();
    sl_envelope_free(step(W.coach, W.ali, CLOSE, 0, NULL, 0, SL_ENOTFOUND, NULL));
    assert_unchanged(before);
}

/* No free place in the group internship: the case says so, waits for what is done instead,
 * and keeps both. Reported by the supervisor ten days ago: overdue. */
static void test_no_free_place_in_the_group(void **state)
{
    (void)state;
    assert_true(report(W.sup_a, W.p_bo, 10, 0));
    sl_envelope *rep = the_case(W.coach, W.bo);
    const Stagelijn__V1__DropoutCase *c = rep->list_dropout_cases_reply->cases[0];
    assert_int_equal(c->reported_via, STAGELIJN__V1__ROLE__ROLE_SUPERVISOR);
    assert_true(c->overdue);
    sl_envelope_free(rep);
    /* Overdue cases first in the list. */
    run(0, "coach", "dropout", "case", "list", "--open", NULL);
    char bo_key[64];
    snprintf(bo_key, sizeof bo_key, "\"student_id\":\"%s\"", W.bo);
    assert_non_null(strstr(W.out, bo_key));
    assert_true(strstr(W.out, "\"overdue\":true") < strstr(W.out, "\"overdue\":false") ||
                !strstr(W.out, "\"overdue\":false"));

    sl_envelope_free(step(W.coach, W.bo, CONV, 0, NULL, 0, SL_OK, NULL));
    sl_envelope_free(step(W.coach, W.bo, CONTACT, 0, NULL, 0, SL_OK, NULL));
    /* Ali took the one place: none is free. */
    rep = step(W.coach, W.bo, FOLLOWUP, STAGELIJN__V1__DROPOUT_FOLLOW_UP__DROPOUT_FOLLOW_UP_GROUP,
               NULL, 0, SL_OK, NULL);
    c = rep->dropout_case;
    assert_int_equal(c->state, STAGELIJN__V1__DROPOUT_CASE_STATE__DROPOUT_CASE_GROUP_FULL);
    assert_true(c->group_full);
    assert_string_equal(c->group_session_id, "");
    assert_int_equal(c->next_step, INSTEAD);
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "group_enrolments"), 1);

    counts before = count_all();
    /* Instead: not the group again, and an alternative needs its step plan. */
    sl_envelope_free(step(W.coach, W.bo, INSTEAD,
                          STAGELIJN__V1__DROPOUT_FOLLOW_UP__DROPOUT_FOLLOW_UP_GROUP, NULL, 0,
                          SL_EPRECOND, "DROPOUT_INSTEAD_NOT_GROUP"));
    sl_envelope_free(step(W.coach, W.bo, INSTEAD,
                          STAGELIJN__V1__DROPOUT_FOLLOW_UP__DROPOUT_FOLLOW_UP_ALTERNATIVE, NULL, 0,
                          SL_EPRECOND, "DROPOUT_STEP_PLAN_MISSING"));
    run(1, "coach", "dropout", "case", "step", "--student", W.bo, "--step", "orientation", NULL);
    assert_unchanged(before);
    run(0, "coach", "dropout", "case", "step", "--student", W.bo, "--step", "instead",
        "--follow-up", "alternative", "--step-plan",
        "Twee dagen dagbesteding, gesprek met het ondersteuningsteam", NULL);
    assert_non_null(strstr(W.out, "\"follow_up\":\"alternative\""));
    assert_non_null(strstr(W.out, "\"group_full\":true"));
    assert_non_null(strstr(W.out, "ondersteuningsteam"));
    assert_int_equal(mentor_events(W.bo, W.class_3), 4);

    /* What a person sees, in Dutch. */
    setenv("LANG", "nl_NL.UTF-8", 1);
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    unsetenv("LANGUAGE");
    setenv("STAGELIJN_LOCALEDIR", SL_BUILD_DIR "/locale", 1);
    const char *args[] = {"dropout", "case", "show", "--student", W.bo, NULL};
    assert_int_equal(
        ts_run_cli_human(&W.ts, "stagelijn", "coach", TS_PASSWORD, args, W.out, sizeof W.out), 0);
    unsetenv("LANG");
    unsetenv("STAGELIJN_LOCALEDIR");
    assert_non_null(strstr(W.out, "Uitvaldossier: Bo Uitval bij Bakkerij Jansen"));
    assert_non_null(strstr(W.out, "de groepsstage had geen vrije plaats"));
    assert_non_null(strstr(W.out, "vervolg: alternatief"));
    assert_non_null(strstr(W.out, "volgende stap: orientatie"));
    assert_false(ts_has_uuid_except(W.out, NULL, 0));
}

/* Year 4 goes to the group internship on Thursday and Friday only: a free place on a Monday
 * does not count. Then a new placement right away. */
static void test_year_4_only_thursday_and_friday(void **state)
{
    (void)state;
    Stagelijn__V1__GroupSession g = STAGELIJN__V1__GROUP_SESSION__INIT;
    g.location = "Tuin";
    g.date = W.monday;
    g.day_part = STAGELIJN__V1__DAY_PART__DAYPART_AFTERNOON;
    g.capacity = 3;
    Stagelijn__V1__CreateGroupSessionRequest cr = STAGELIJN__V1__CREATE_GROUP_SESSION_REQUEST__INIT;
    cr.session = &g;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_GROUP_SESSION;
    req.create_group_session = &cr;
    assert_true(ts_expect(W.coach, &req, SL_OK));

    assert_true(report(W.coach, W.p_daan, 0, 0));
    sl_envelope_free(step(W.coach, W.daan, CONV, 0, NULL, 0, SL_OK, NULL));
    sl_envelope_free(step(W.coach, W.daan, CONTACT, 0, NULL, 0, SL_OK, NULL));
    sl_envelope *rep =
        step(W.coach, W.daan, FOLLOWUP, STAGELIJN__V1__DROPOUT_FOLLOW_UP__DROPOUT_FOLLOW_UP_GROUP,
             NULL, 0, SL_OK, NULL);
    assert_int_equal(rep->dropout_case->state,
                     STAGELIJN__V1__DROPOUT_CASE_STATE__DROPOUT_CASE_GROUP_FULL);
    sl_envelope_free(rep);
    rep = step(W.coach, W.daan, INSTEAD,
               STAGELIJN__V1__DROPOUT_FOLLOW_UP__DROPOUT_FOLLOW_UP_NEW_PLACEMENT, NULL, 0, SL_OK,
               NULL);
    assert_int_equal(rep->dropout_case->state,
                     STAGELIJN__V1__DROPOUT_CASE_STATE__DROPOUT_CASE_FOLLOWUP_CHOSEN);
    assert_int_equal(rep->dropout_case->follow_up,
                     STAGELIJN__V1__DROPOUT_FOLLOW_UP__DROPOUT_FOLLOW_UP_NEW_PLACEMENT);
    sl_envelope_free(rep);
    assert_int_equal(mentor_events(W.daan, W.class_4), 4);
    assert_int_equal(mentor_events(W.daan, W.class_3), 0);
    /* A year-3 student would have had the Monday afternoon: it is still free. */
    assert_int_equal(ts_count_rows(&W.ts, "group_enrolments"), 1);
}

/* Entree: the consequence for the 650 hours is part of the follow-up. */
static void test_entree_consequence(void **state)
{
    (void)state;
    assert_true(report(W.coach, W.p_eva, 0, STAGELIJN__V1__ROLE__ROLE_COACH));
    sl_envelope_free(step(W.coach, W.eva, CONV, 0, NULL, 0, SL_OK, NULL));
    sl_envelope_free(step(W.coach, W.eva, CONTACT, 0, NULL, 0, SL_OK, NULL));
    counts before = count_all();
    enum { NEW = STAGELIJN__V1__DROPOUT_FOLLOW_UP__DROPOUT_FOLLOW_UP_NEW_PLACEMENT };
    sl_envelope_free(step(W.coach, W.eva, FOLLOWUP, NEW, NULL, 0, SL_EPRECOND,
                          "DROPOUT_ENTREE_CONSEQUENCE_MISSING"));
    /* The group internship is not for the Entree year. */
    sl_envelope_free(step(W.coach, W.eva, FOLLOWUP,
                          STAGELIJN__V1__DROPOUT_FOLLOW_UP__DROPOUT_FOLLOW_UP_GROUP, NULL,
                          STAGELIJN__V1__ENTREE_CONSEQUENCE__ENTREE_CONSEQUENCE_EXTENSION,
                          SL_EPRECOND, "DROPOUT_GROUP_NOT_ELIGIBLE"));
    assert_unchanged(before);
    run(0, "coach", "dropout", "case", "step", "--student", W.eva, "--step", "followup",
        "--follow-up", "new_placement", "--entree", "extension", NULL);
    assert_non_null(strstr(W.out, "\"entree_consequence\":\"extension\""));
    assert_int_equal(mentor_events(W.eva, W.class_e), 3);
}

/* Refusals: a step out of order, roles that may not, bad input; nothing is written. */
static void test_refusals(void **state)
{
    (void)state;
    counts before = count_all();
    /* Daan's case waits for the orientation. */
    sl_envelope_free(step(W.coach, W.daan, CLOSE, 0, NULL, 0, SL_EPRECOND, "DROPOUT_STEP_ORDER"));
    sl_envelope_free(step(W.coach, W.daan, CONV, 0, NULL, 0, SL_EPRECOND, "DROPOUT_STEP_ORDER"));
    sl_envelope_free(step(W.coach, W.daan, 0, 0, NULL, 0, SL_EPRECOND, "DROPOUT_STEP_ORDER"));
    /* Mentor, supervisor and student follow the case; they do not take its steps. */
    sl_envelope_free(step(W.mentor_4, W.daan, ORIENT, 0, NULL, 0, SL_EPERM, NULL));
    sl_envelope_free(step(W.sup_a, W.daan, ORIENT, 0, NULL, 0, SL_EPERM, NULL));
    sl_envelope_free(step(W.ali_c, W.ali, ORIENT, 0, NULL, 0, SL_EPERM, NULL));
    sl_envelope_free(step(W.admin, W.daan, ORIENT, 0, NULL, 0, SL_EPERM, NULL));
    run(1, "mentor-4", "dropout", "case", "step", "--student", W.daan, "--step", "orientation",
        NULL);
    /* No case at all; a malformed date; an unknown word. */
    sl_envelope_free(step(W.coach, W.tim, CONV, 0, NULL, 0, SL_ENOTFOUND, NULL));
    run(2, "coach", "dropout", "case", "step", "--student", W.daan, "--step", "dance", NULL);
    run(1, "coach", "dropout", "case", "step", "--student", W.daan, "--step", "orientation",
        "--date", "2099-01-01", NULL);
    assert_unchanged(before);
    /* A supervisor cannot say the student reported it. */
    run(1, "sup-a", "dropout", "report", "--placement", W.p_daan, "--date", "2026-01-01",
        "--reason", "x", "--via", "student", NULL);

    /* Reading: the mentor his/her class only, the student his/her own, not the company. */
    sl_envelope_free(the_case(W.mentor_4, W.daan));
    Stagelijn__V1__ListDropoutCasesRequest l = STAGELIJN__V1__LIST_DROPOUT_CASES_REQUEST__INIT;
    l.student_id = W.daan;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_DROPOUT_CASES;
    req.list_dropout_cases = &l;
    sl_envelope *rep = ts_call(W.mentor_3, &req, SL_OK);
    assert_int_equal(rep->list_dropout_cases_reply->n_cases, 0);
    sl_envelope_free(rep);
    l.student_id = "";
    rep = ts_call(W.ali_c, &req, SL_OK);
    assert_int_equal(rep->list_dropout_cases_reply->n_cases, 1);
    assert_string_equal(rep->list_dropout_cases_reply->cases[0]->student_id, W.ali);
    sl_envelope_free(rep);
    assert_true(ts_expect(W.sup_a, &req, SL_EPERM));
}

/* The coach's caseload names the next step of each open case, with its due date; the
 * placement's own events (contract signed, activated, ended by the dropout) were raised too. */
static void test_caseload_and_placement_events(void **state)
{
    (void)state;
    run(0, "coach", "caseload", NULL);
    int due = 0;
    for (const char *p = W.out; (p = strstr(p, "\"kind\":\"dropout_step_due\"")) != NULL; p++)
        due++;
    assert_int_equal(due, 3); /* Bo, Daan and Eva; Ali's case is closed */
    char key[64];
    snprintf(key, sizeof key, "\"student_id\":\"%s\"", W.ali);
    const char *p = strstr(W.out, "\"kind\":\"dropout_step_due\"");
    for (; p; p = strstr(p + 1, "\"kind\":\"dropout_step_due\"")) {
        const char *end = strstr(p + 1, "\"kind\":");
        const char *ali = strstr(p, key);
        assert_true(!ali || (end && ali > end));
    }
    /* The student's dossier tells the steps of the procedure (Ali: five after the report). */
    run(0, "coach", "dossier", "--student", W.ali, NULL);
    int steps = 0;
    for (const char *q = W.out; (q = strstr(q, "\"kind\":\"dropout_step\"")) != NULL; q++)
        steps++;
    assert_int_equal(steps, 5);

    /* The list for people: names and dates, no ids. */
    const char *args[] = {"dropout", "case", "list", NULL};
    assert_int_equal(
        ts_run_cli_human(&W.ts, "stagelijn", "coach", TS_PASSWORD, args, W.out, sizeof W.out), 0);
    assert_non_null(strstr(W.out, "Daan Uitval (Bakkerij Jansen), dropped out on"));
    assert_non_null(strstr(W.out, "; next orientation by "));
    assert_false(ts_has_uuid_except(W.out, NULL, 0));
    static const char *const topics[][2] = {{"placement_status", "placement signed"},
                                            {"placement_status", "placement active"},
                                            {"dropout", "dropout on %"}};
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(count_sql("SELECT count(*) FROM events WHERE placement_id = ?1 AND "
                                   "topic = ?2 AND summary LIKE ?3",
                                   W.p_ali, topics[i][0], topics[i][1]),
                         1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_group_with_a_free_place),
        cmocka_unit_test(test_no_free_place_in_the_group),
        cmocka_unit_test(test_year_4_only_thursday_and_friday),
        cmocka_unit_test(test_entree_consequence),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_caseload_and_placement_events),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
