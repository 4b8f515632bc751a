/* Learning goals and the student's own rating (issue 7 item 10): goals set in advance (before
 * the placement starts, its first day at the latest) and personal goals agreed between
 * student and coach; an assessment cannot be submitted while a goal of its placement is not
 * rated; the student's own periodic rating beside the supervisor's. Refusals at each
 * boundary, for each role, and through the real clients in Dutch. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "harness.h"
#include "records.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT

static struct {
    test_server ts;
    sl_client *admin, *coach, *sup, *anna, *bram;
    /* anna: started yesterday; bram: starts today; cas: proposed, starts next month */
    char anna_pl[37], bram_pl[37], cas_pl[37], goal[37], today[11];
} W;

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&W.ts, NULL))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char klass[37], company[37], sup_id[37], anna[37], bram[37], cas[37], otp_a[64], otp_b[64];
    const ts_company_spec co = {.name = "Kwekerij Groen"};
    const ts_student_spec sa = {
        .first_name = "Anna", .class_id = klass, .date_of_birth = "2008-03-03", .username = "anna"};
    const ts_student_spec sb = {
        .first_name = "Bram", .class_id = klass, .date_of_birth = "2008-04-04", .username = "bram"};
    const ts_student_spec sc = {
        .first_name = "Cas", .class_id = klass, .date_of_birth = "2008-05-05"};
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, NULL) ||
        !ts_make_class(W.admin, "5G", 5, NULL, klass) || !ts_make_company(W.admin, &co, company) ||
        !ts_create_user(W.admin, "sup", 5, company, sup_id) ||
        !ts_make_student(W.admin, &sa, anna, otp_a) ||
        !ts_make_student(W.admin, &sb, bram, otp_b) || !ts_make_student(W.admin, &sc, cas, NULL))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    W.sup = ts_login(&W.ts, "sup", TS_PASSWORD);
    W.anna = ts_student_login(&W.ts, "anna", otp_a);
    W.bram = ts_student_login(&W.ts, "bram", otp_b);
    if (!W.coach || !W.sup || !W.anna || !W.bram)
        return -1;
    char start[11], end[11], later[11];
    ts_date(-1, start);
    ts_date(0, W.today);
    ts_date(60, end);
    ts_date(30, later);
    ts_placement_spec p = ts_sector_week(anna, company, sup_id, start, end);
    if (!ts_make_active_placement(W.coach, &p, TS_SIGN_ADULT, W.anna_pl))
        return -1;
    p.student_id = bram;
    p.start_date = W.today;
    if (!ts_make_active_placement(W.coach, &p, TS_SIGN_ADULT, W.bram_pl))
        return -1;
    p.student_id = cas;
    p.start_date = later;
    return ts_make_placement(W.coach, &p, SL_OK, W.cas_pl) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *all[] = {W.admin, W.coach, W.sup, W.anna, W.bram};
    return ts_teardown(&W.ts, all, sizeof all / sizeof all[0]);
}

static sl_status save_goal(sl_client *c, const char *placement, const char *id, int kind,
                           const char *text, const char *agreed, sl_envelope **out)
{
    Stagelijn__V1__LearningGoal g = STAGELIJN__V1__LEARNING_GOAL__INIT;
    g.id = (char *)(id ? id : "");
    g.placement_id = (char *)placement;
    g.kind = (Stagelijn__V1__GoalKind)kind;
    g.text = (char *)text;
    g.agreed_on = (char *)(agreed ? agreed : "");
    Stagelijn__V1__SaveLearningGoalRequest s = STAGELIJN__V1__SAVE_LEARNING_GOAL_REQUEST__INIT;
    s.goal = &g;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_LEARNING_GOAL;
    req.save_learning_goal = &s;
    return ts_send(c, &req, out);
}

#define LEARNING STAGELIJN__V1__GOAL_KIND__GOAL_LEARNING
#define PERSONAL STAGELIJN__V1__GOAL_KIND__GOAL_PERSONAL

static void test_goals_in_advance_and_agreed(void **state)
{
    (void)state;
    char tomorrow[11];
    ts_date(1, tomorrow);
    /* Set in advance: on a placement that has not started, and on the first day. */
    assert_int_equal(save_goal(W.coach, W.cas_pl, NULL, LEARNING, "Op tijd komen.", NULL, NULL),
                     SL_OK);
    assert_int_equal(
        save_goal(W.coach, W.bram_pl, NULL, LEARNING, "Planten verpotten.", NULL, NULL), SL_OK);
    /* Not on a placement that started yesterday: that is a personal goal's work. */
    sl_envelope *rep = NULL;
    assert_int_equal(save_goal(W.coach, W.anna_pl, NULL, LEARNING, "Te laat.", NULL, &rep),
                     SL_EPRECOND);
    assert_string_equal(rep->error->message_code, "learning_goal_in_advance");
    sl_envelope_free(rep);
    /* A personal goal needs the day it was agreed, not in the future. */
    assert_int_equal(save_goal(W.coach, W.anna_pl, NULL, PERSONAL, "Zelf hulp vragen.", NULL, NULL),
                     SL_EINVAL);
    assert_int_equal(
        save_goal(W.coach, W.anna_pl, NULL, PERSONAL, "Zelf hulp vragen.", tomorrow, NULL),
        SL_EPRECOND);
    assert_int_equal(save_goal(W.coach, W.anna_pl, NULL, 0, "Zonder soort.", W.today, NULL),
                     SL_EINVAL);
    assert_int_equal(save_goal(W.coach, W.anna_pl, NULL, PERSONAL, "", W.today, NULL), SL_EINVAL);
    assert_int_equal(
        save_goal(W.coach, W.anna_pl, NULL, PERSONAL, "Zelf hulp vragen.", W.today, &rep), SL_OK);
    snprintf(W.goal, sizeof W.goal, "%s", rep->learning_goal->id);
    assert_string_equal(rep->learning_goal->agreed_on, W.today);
    sl_envelope_free(rep);
    /* Only coaches set goals. */
    assert_int_equal(save_goal(W.sup, W.anna_pl, NULL, PERSONAL, "X", W.today, NULL), SL_EPERM);
    assert_int_equal(save_goal(W.anna, W.anna_pl, NULL, PERSONAL, "X", W.today, NULL), SL_EPERM);
    /* Read by who reads the assessments: the student her own, not another's. */
    Stagelijn__V1__ListLearningGoalsRequest l = STAGELIJN__V1__LIST_LEARNING_GOALS_REQUEST__INIT;
    l.placement_id = W.anna_pl;
    ENV(list);
    list.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_LEARNING_GOALS;
    list.list_learning_goals = &l;
    rep = ts_call(W.anna, &list, SL_OK);
    assert_non_null(rep);
    assert_int_equal(rep->list_learning_goals_reply->n_goals, 1);
    assert_int_equal(rep->list_learning_goals_reply->goals[0]->number, 1);
    sl_envelope_free(rep);
    assert_true(ts_expect(W.bram, &list, SL_EPERM));
}

static sl_status assess(sl_client *c, const char *placement, uint32_t period, const char *goal_id,
                        uint32_t goal_rating, sl_envelope **out)
{
    Stagelijn__V1__CompetenceRatings cr = STAGELIJN__V1__COMPETENCE_RATINGS__INIT;
    cr.persoonlijk = cr.arbeid = cr.sociaal = cr.onderzoek = cr.leren = 3;
    Stagelijn__V1__GoalRating g = STAGELIJN__V1__GOAL_RATING__INIT;
    Stagelijn__V1__GoalRating *gp = &g;
    g.goal_id = (char *)goal_id;
    g.rating = goal_rating;
    g.remark = "Vraagt nu zelf.";
    Stagelijn__V1__Assessment a = STAGELIJN__V1__ASSESSMENT__INIT;
    a.placement_id = (char *)placement;
    a.kind = STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_INTERIM;
    a.period = period;
    a.ratings = &cr;
    if (goal_id) {
        a.n_goal_ratings = 1;
        a.goal_ratings = &gp;
    }
    Stagelijn__V1__SubmitAssessmentRequest s = STAGELIJN__V1__SUBMIT_ASSESSMENT_REQUEST__INIT;
    s.assessment = &a;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_ASSESSMENT;
    req.submit_assessment = &s;
    return ts_send(c, &req, out);
}

static void test_every_goal_rated(void **state)
{
    (void)state;
    long rows = ts_count_rows(&W.ts, "assessments");
    sl_envelope *rep = NULL;
    /* Not rated: refused, naming the goal. */
    assert_int_equal(assess(W.sup, W.anna_pl, 1, NULL, 0, &rep), SL_EPRECOND);
    assert_string_equal(rep->error->message_code, "goal_not_rated");
    assert_string_equal(rep->error->params[0], "Zelf hulp vragen.");
    sl_envelope_free(rep);
    /* Rated 0 or 6, or a goal of another placement: refused. */
    assert_int_equal(assess(W.sup, W.anna_pl, 1, W.goal, 0, NULL), SL_EINVAL);
    assert_int_equal(assess(W.sup, W.anna_pl, 1, W.goal, 6, NULL), SL_EINVAL);
    assert_int_equal(assess(W.coach, W.bram_pl, 1, W.goal, 4, NULL), SL_EINVAL);
    assert_int_equal(ts_count_rows(&W.ts, "assessments"), rows);
    /* Rated 1 and 5, the ends of the scale: accepted, the goal's text in the reply. */
    assert_int_equal(assess(W.sup, W.anna_pl, 1, W.goal, 5, &rep), SL_OK);
    assert_int_equal(rep->assessment->n_goal_ratings, 1);
    assert_string_equal(rep->assessment->goal_ratings[0]->goal_text, "Zelf hulp vragen.");
    assert_string_equal(rep->assessment->goal_ratings[0]->remark, "Vraagt nu zelf.");
    sl_envelope_free(rep);
    assert_int_equal(assess(W.sup, W.anna_pl, 2, W.goal, 1, NULL), SL_OK);
    /* A rated goal keeps its words. */
    assert_int_equal(save_goal(W.coach, W.anna_pl, W.goal, PERSONAL, "Iets anders.", W.today, &rep),
                     SL_EPRECOND);
    assert_string_equal(rep->error->message_code, "goal_rated_already");
    sl_envelope_free(rep);
}

static sl_status self_rate(sl_client *c, const char *placement, uint32_t period, uint32_t r,
                           sl_envelope **out)
{
    Stagelijn__V1__CompetenceRatings cr = STAGELIJN__V1__COMPETENCE_RATINGS__INIT;
    cr.persoonlijk = cr.arbeid = cr.sociaal = cr.onderzoek = cr.leren = r;
    Stagelijn__V1__SelfRating s = STAGELIJN__V1__SELF_RATING__INIT;
    s.placement_id = (char *)placement;
    s.period = period;
    s.ratings = &cr;
    s.remarks = "Ik werk hard.";
    Stagelijn__V1__SaveSelfRatingRequest sr = STAGELIJN__V1__SAVE_SELF_RATING_REQUEST__INIT;
    sr.rating = &s;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_SELF_RATING;
    req.save_self_rating = &sr;
    return ts_send(c, &req, out);
}

static void test_own_rating_beside_supervisor(void **state)
{
    (void)state;
    assert_int_equal(self_rate(W.anna, W.anna_pl, 0, 3, NULL), SL_EINVAL);
    assert_int_equal(self_rate(W.anna, W.anna_pl, 4, 3, NULL), SL_EINVAL);
    assert_int_equal(self_rate(W.anna, W.anna_pl, 1, 0, NULL), SL_EINVAL);
    assert_int_equal(self_rate(W.anna, W.anna_pl, 1, 6, NULL), SL_EINVAL);
    /* Only the student, only her own. */
    assert_int_equal(self_rate(W.coach, W.anna_pl, 1, 4, NULL), SL_EPERM);
    assert_int_equal(self_rate(W.sup, W.anna_pl, 1, 4, NULL), SL_EPERM);
    assert_int_equal(self_rate(W.bram, W.anna_pl, 1, 4, NULL), SL_EPERM);
    assert_int_equal(self_rate(W.anna, W.anna_pl, 1, 2, NULL), SL_OK);
    /* Saving again replaces the period's rating. */
    sl_envelope *rep = NULL;
    assert_int_equal(self_rate(W.anna, W.anna_pl, 1, 4, &rep), SL_OK);
    assert_int_equal(rep->self_rating->ratings->leren, 4);
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "self_ratings"), 1);
    /* The coach and the supervisor see it beside the interim assessment of period 1. */
    Stagelijn__V1__ListAssessmentsRequest l = STAGELIJN__V1__LIST_ASSESSMENTS_REQUEST__INIT;
    l.placement_id = W.anna_pl;
    ENV(list);
    list.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_ASSESSMENTS;
    list.list_assessments = &l;
    sl_client *readers[] = {W.coach, W.sup, W.anna};
    for (size_t i = 0; i < 3; i++) {
        rep = ts_call(readers[i], &list, SL_OK);
        assert_non_null(rep);
        assert_int_equal(rep->list_assessments_reply->n_self_ratings, 1);
        assert_int_equal(rep->list_assessments_reply->self_ratings[0]->period, 1);
        assert_string_equal(rep->list_assessments_reply->self_ratings[0]->remarks, "Ik werk hard.");
        sl_envelope_free(rep);
    }
    assert_true(ts_expect(W.bram, &list, SL_EPERM));
}

static void test_clients(void **state)
{
    (void)state;
    static char out[16384];
    char localedir[600];
    snprintf(localedir, sizeof localedir, "%s/locale", SL_BUILD_DIR);
    /* The coach sets a personal goal for Bram by name; the supervisor drafts with --goal 1. */
    const char *add[] = {"goal",     "add",      "--student", "Bram Test",
                         "--kind",   "personal", "--text",    "Netjes werken.",
                         "--agreed", W.today,    NULL};
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn", "coach", TS_PASSWORD, add, out, sizeof out), 0);
    const char *draft[] = {"assessment", "draft",    "--student",
                           "Bram Test",  "--kind",   "interim",
                           "--period",   "1",        "--persoonlijk",
                           "4",          "--arbeid", "4",
                           "--sociaal",  "4",        "--onderzoek",
                           "4",          "--leren",  "4",
                           "--goal",     "1=4",      NULL};
    assert_int_equal(
        ts_run_cli(&W.ts, "stagelijn-kiosk", "sup", TS_PASSWORD, draft, out, sizeof out), 0);
    char id[64];
    assert_true(ts_json_str(out, "id", id, sizeof id));
    /* Bram has two goals (one set in advance): finishing with one rated is refused. */
    const char *finish[] = {"assessment", "finish", "--student", "Bram Test", "--id", id, NULL};
    assert_int_equal(
        ts_run_cli(&W.ts, "stagelijn-kiosk", "sup", TS_PASSWORD, finish, out, sizeof out), 1);
    assert_non_null(strstr(out, "goal_not_rated"));
    const char *both[] = {
        "assessment", "draft",   "--student", "Bram Test", "--id",          id,
        "--kind",     "interim", "--period",  "1",         "--persoonlijk", "4",
        "--arbeid",   "4",       "--sociaal", "4",         "--onderzoek",   "4",
        "--leren",    "4",       "--goal",    "1=3",       "--goal",        "2=4:Gaat goed.",
        NULL};
    assert_int_equal(
        ts_run_cli(&W.ts, "stagelijn-kiosk", "sup", TS_PASSWORD, both, out, sizeof out), 0);
    assert_int_equal(
        ts_run_cli(&W.ts, "stagelijn-kiosk", "sup", TS_PASSWORD, finish, out, sizeof out), 0);
    /* Bram rates himself at the kiosk, without naming himself. */
    const char *own[] = {"self-rating", "save",     "--period", "1",         "--persoonlijk",
                         "2",           "--arbeid", "3",        "--sociaal", "5",
                         "--onderzoek", "3",        "--leren",  "2",         NULL};
    assert_int_equal(
        ts_run_cli(&W.ts, "stagelijn-kiosk", "bram", TS_PASSWORD, own, out, sizeof out), 0);

    setenv("LANG", "nl_NL.UTF-8", 1);
    unsetenv("LANGUAGE");
    setenv("STAGELIJN_LOCALEDIR", localedir, 1);
    const char *goals[] = {"goal", "list", "--student", "Bram Test", NULL};
    int rc = ts_run_cli_human(&W.ts, "stagelijn", "coach", TS_PASSWORD, goals, out, sizeof out);
    bool ok = rc == 0 && strstr(out, "1. Planten verpotten.") && strstr(out, "2. Netjes werken.");
    if (!ok)
        fprintf(stderr, "goal list: %d %s\n", rc, out);
    const char *versions[] = {"assessment", "versions", "--student", "Bram Test", NULL};
    rc = ts_run_cli_human(&W.ts, "stagelijn", "coach", TS_PASSWORD, versions, out, sizeof out);
    unsetenv("LANG");
    unsetenv("STAGELIJN_LOCALEDIR");
    assert_true(ok);
    if (rc != 0 || !strstr(out, "leerling"))
        fprintf(stderr, "versions: %d %s\n", rc, out);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "doel \"Netjes werken.\": 4 (Gaat goed.)"));
    /* Side by side: sociaal 5 (own) beside 4 (supervisor). */
    assert_non_null(strstr(out, "praktijkbegeleider"));
    assert_non_null(strstr(out, "sociaal               5                    4"));
    assert_false(ts_has_uuid_except(out, NULL, 0));
}

int main(void)
{
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_goals_in_advance_and_agreed),
        cmocka_unit_test(test_every_goal_rated),
        cmocka_unit_test(test_own_rating_beside_supervisor),
        cmocka_unit_test(test_clients),
    };
    return cmocka_run_group_tests_name("integration_learning_goals", tests, setup, teardown);
}
