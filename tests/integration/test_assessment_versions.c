/* Assessment versions (issue 8): draft -> submitted; a submitted assessment changes only by a
 * new version, and the old one stays; the coach sees every version, the student his/her own,
 * a supervisor those of the company's interns; drafts only for who assesses. Refusals: an
 * incomplete draft submitted, editing a submitted version, two drafts of one new version, a
 * student reading another's assessment, a supervisor of another company, a student drafting. */
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
    sl_client *admin, *coach, *sup, *sup_b, *anna, *bram;
    char placement[37], bram_placement[37];
} W;

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&W.ts, NULL))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char klass[37], company[37], company_b[37], sup_id[37], supb_id[37], anna[37], bram[37];
    char otp_a[64], otp_b[64];
    const ts_company_spec co = {.name = "Bakkerij Bol"};
    const ts_company_spec cb = {.name = "Garage Smit"};
    const ts_student_spec sa = {
        .first_name = "Anna", .class_id = klass, .date_of_birth = "2008-03-03", .username = "anna"};
    const ts_student_spec sb = {
        .first_name = "Bram", .class_id = klass, .date_of_birth = "2008-04-04", .username = "bram"};
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, NULL) ||
        !ts_make_class(W.admin, "5V", 5, NULL, klass) || !ts_make_company(W.admin, &co, company) ||
        !ts_make_company(W.admin, &cb, company_b) ||
        !ts_create_user(W.admin, "sup", 5, company, sup_id) ||
        !ts_create_user(W.admin, "sup-b", 5, company_b, supb_id) ||
        !ts_make_student(W.admin, &sa, anna, otp_a) || !ts_make_student(W.admin, &sb, bram, otp_b))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    W.sup = ts_login(&W.ts, "sup", TS_PASSWORD);
    W.sup_b = ts_login(&W.ts, "sup-b", TS_PASSWORD);
    W.anna = ts_student_login(&W.ts, "anna", otp_a);
    W.bram = ts_student_login(&W.ts, "bram", otp_b);
    if (!W.coach || !W.sup || !W.sup_b || !W.anna || !W.bram)
        return -1;
    char start[11], end[11];
    ts_monday(-21, start);
    ts_date(60, end);
    ts_placement_spec p = ts_sector_week(anna, company, sup_id, start, end);
    if (!ts_make_active_placement(W.coach, &p, TS_SIGN_ADULT, W.placement))
        return -1;
    p.student_id = bram;
    return ts_make_active_placement(W.coach, &p, TS_SIGN_ADULT, W.bram_placement) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *all[] = {W.admin, W.coach, W.sup, W.sup_b, W.anna, W.bram};
    return ts_teardown(&W.ts, all, sizeof all / sizeof all[0]);
}

/* An interim assessment of period `period` rated r in every area (0 = not yet). */
static void fill(Stagelijn__V1__Assessment *a, Stagelijn__V1__CompetenceRatings *c, uint32_t period,
                 uint32_t r, const char *comments)
{
    stagelijn__v1__assessment__init(a);
    stagelijn__v1__competence_ratings__init(c);
    c->persoonlijk = c->arbeid = c->sociaal = c->onderzoek = c->leren = r;
    a->kind = STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_INTERIM;
    a->period = period;
    a->ratings = c;
    a->comments = (char *)comments;
}

static sl_status save_draft(sl_client *c, const char *placement, const char *draft_id,
                            const char *revises, uint32_t period, uint32_t rating,
                            const char *comments, sl_envelope **out)
{
    Stagelijn__V1__Assessment a;
    Stagelijn__V1__CompetenceRatings cr;
    fill(&a, &cr, period, rating, comments);
    Stagelijn__V1__SaveAssessmentDraftRequest s =
        STAGELIJN__V1__SAVE_ASSESSMENT_DRAFT_REQUEST__INIT;
    s.placement_id = (char *)placement;
    s.draft_id = (char *)(draft_id ? draft_id : "");
    s.revises_id = (char *)(revises ? revises : "");
    s.assessment = &a;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_ASSESSMENT_DRAFT;
    req.save_assessment_draft = &s;
    return ts_send(c, &req, out);
}

static sl_status submit_draft(sl_client *c, const char *placement, const char *draft_id,
                              sl_envelope **out)
{
    Stagelijn__V1__SubmitAssessmentDraftRequest s =
        STAGELIJN__V1__SUBMIT_ASSESSMENT_DRAFT_REQUEST__INIT;
    s.placement_id = (char *)placement;
    s.draft_id = (char *)draft_id;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_ASSESSMENT_DRAFT;
    req.submit_assessment_draft = &s;
    return ts_send(c, &req, out);
}

static sl_status list(sl_client *c, const char *placement, bool all, sl_envelope **out)
{
    Stagelijn__V1__ListAssessmentsRequest l = STAGELIJN__V1__LIST_ASSESSMENTS_REQUEST__INIT;
    l.placement_id = (char *)placement;
    l.all_versions = all;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_ASSESSMENTS;
    req.list_assessments = &l;
    return ts_send(c, &req, out);
}

static char first_id[37];

static void test_draft_then_submit(void **state)
{
    (void)state;
    sl_envelope *rep = NULL;
    /* A draft may leave areas unrated. */
    assert_int_equal(save_draft(W.sup, W.placement, NULL, NULL, 1, 0, "Nog niet af.", &rep), SL_OK);
    assert_int_equal(rep->assessment->status, STAGELIJN__V1__ASSESSMENT_STATUS__ASSESSMENT_DRAFT);
    char draft[37];
    snprintf(draft, sizeof draft, "%s", rep->assessment->id);
    sl_envelope_free(rep);
    long drafts = ts_count_rows(&W.ts, "assessment_drafts");
    /* ... but cannot be submitted so: nothing changes. */
    assert_int_equal(submit_draft(W.sup, W.placement, draft, NULL), SL_EINVAL);
    assert_int_equal(ts_count_rows(&W.ts, "assessments"), 0);
    /* A rating outside 1..5 is refused even in a draft. */
    assert_int_equal(save_draft(W.sup, W.placement, draft, NULL, 1, 6, "", NULL), SL_EINVAL);
    /* Changed, then submitted: version 1, and the draft is gone. */
    assert_int_equal(save_draft(W.sup, W.placement, draft, NULL, 1, 3, "Op schema.", NULL), SL_OK);
    assert_int_equal(submit_draft(W.sup, W.placement, draft, &rep), SL_OK);
    assert_int_equal(rep->assessment->status,
                     STAGELIJN__V1__ASSESSMENT_STATUS__ASSESSMENT_SUBMITTED);
    assert_int_equal(rep->assessment->version, 1);
    assert_int_equal(rep->assessment->ratings->arbeid, 3);
    assert_string_equal(rep->assessment->comments, "Op schema.");
    snprintf(first_id, sizeof first_id, "%s", rep->assessment->id);
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "assessment_drafts"), drafts - 1);
    /* The draft cannot be submitted twice. */
    assert_int_equal(submit_draft(W.sup, W.placement, draft, NULL), SL_ENOTFOUND);
}

static void test_submitted_changes_only_by_new_version(void **state)
{
    (void)state;
    long rows = ts_count_rows(&W.ts, "assessments");
    /* Editing the submitted assessment as if it were a draft: refused, by both requests. */
    sl_envelope *rep = NULL;
    assert_int_equal(save_draft(W.sup, W.placement, first_id, NULL, 1, 5, "", &rep), SL_EPRECOND);
    assert_string_equal(rep->error->message_code, "assessment_is_submitted");
    sl_envelope_free(rep);
    assert_int_equal(submit_draft(W.sup, W.placement, first_id, NULL), SL_EPRECOND);
    /* A second interim assessment of period 1 is no way round it. */
    assert_int_equal(save_draft(W.sup, W.placement, NULL, NULL, 1, 4, "", &rep), SL_OK);
    char second[37];
    snprintf(second, sizeof second, "%s", rep->assessment->id);
    sl_envelope_free(rep);
    assert_int_equal(submit_draft(W.sup, W.placement, second, NULL), SL_EEXISTS);
    assert_int_equal(ts_count_rows(&W.ts, "assessments"), rows);

    /* A new version: kind and period kept (period 3 asked, 1 kept). */
    assert_int_equal(
        save_draft(W.coach, W.placement, NULL, first_id, 3, 4, "Beter dan gedacht.", &rep), SL_OK);
    assert_int_equal(rep->assessment->period, 1);
    assert_string_equal(rep->assessment->revises_id, first_id);
    char rev[37];
    snprintf(rev, sizeof rev, "%s", rep->assessment->id);
    sl_envelope_free(rep);
    /* One draft at a time per new version. */
    assert_int_equal(save_draft(W.sup, W.placement, NULL, first_id, 1, 4, "", NULL), SL_EEXISTS);
    /* Another placement's assessment cannot be revised from here. */
    assert_int_equal(save_draft(W.coach, W.bram_placement, NULL, first_id, 1, 4, "", NULL),
                     SL_ENOTFOUND);
    assert_int_equal(submit_draft(W.coach, W.placement, rev, &rep), SL_OK);
    assert_string_equal(rep->assessment->id, first_id);
    assert_int_equal(rep->assessment->version, 2);
    assert_int_equal(rep->assessment->ratings->leren, 4);
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "assessments"), rows);
    assert_int_equal(ts_count_rows(&W.ts, "assessment_history"), 1);
}

static void test_who_sees_which_versions(void **state)
{
    (void)state;
    sl_envelope *rep = NULL;
    /* The coach: the current version, the earlier one with its own ratings, the open draft
     * (of period 1, left over from the previous test). */
    assert_int_equal(list(W.coach, W.placement, true, &rep), SL_OK);
    const Stagelijn__V1__ListAssessmentsReply *l = rep->list_assessments_reply;
    assert_int_equal(l->n_assessments, 1);
    assert_int_equal(l->assessments[0]->version, 2);
    assert_int_equal(l->n_earlier_versions, 1);
    assert_int_equal(l->earlier_versions[0]->version, 1);
    assert_true(l->earlier_versions[0]->superseded);
    assert_true(l->earlier_versions[0]->replaced_at[0] != '\0');
    assert_int_equal(l->earlier_versions[0]->ratings->leren, 3);
    assert_string_equal(l->earlier_versions[0]->comments, "Op schema.");
    assert_int_equal(l->n_drafts, 1);
    sl_envelope_free(rep);
    /* Without all_versions: as before versions existed. */
    assert_int_equal(list(W.coach, W.placement, false, &rep), SL_OK);
    assert_int_equal(rep->list_assessments_reply->n_earlier_versions, 0);
    assert_int_equal(rep->list_assessments_reply->n_drafts, 0);
    sl_envelope_free(rep);
    /* The student: her own versions, no drafts. */
    assert_int_equal(list(W.anna, W.placement, true, &rep), SL_OK);
    assert_int_equal(rep->list_assessments_reply->n_earlier_versions, 1);
    assert_int_equal(rep->list_assessments_reply->n_drafts, 0);
    sl_envelope_free(rep);
    /* The company's supervisor sees them and the drafts. */
    assert_int_equal(list(W.sup, W.placement, true, &rep), SL_OK);
    assert_int_equal(rep->list_assessments_reply->n_drafts, 1);
    sl_envelope_free(rep);
    /* Another student, another company's supervisor: refused. */
    assert_int_equal(list(W.bram, W.placement, true, NULL), SL_EPERM);
    assert_int_equal(list(W.sup_b, W.placement, true, NULL), SL_EPERM);
    /* Nor may a student or another company draft one. */
    assert_int_equal(save_draft(W.anna, W.placement, NULL, NULL, 2, 3, "", NULL), SL_EPERM);
    assert_int_equal(save_draft(W.sup_b, W.placement, NULL, NULL, 2, 3, "", NULL), SL_EPERM);
}

/* The real clients: the supervisor drafts and finishes at the kiosk by the intern's name, the
 * coach reads the versions in Dutch at the workstation. */
static void test_clients(void **state)
{
    (void)state;
    static char out[16384];
    char localedir[600], id[64];
    snprintf(localedir, sizeof localedir, "%s/locale", SL_BUILD_DIR);
    const char *draft[] = {"assessment",    "draft",       "--student",   "Bram Test",
                           "--kind",        "interim",     "--period",    "2",
                           "--persoonlijk", "3",           "--arbeid",    "3",
                           "--sociaal",     "3",           "--onderzoek", "3",
                           "--comments",    "Leert snel.", NULL};
    int drc = ts_run_cli(&W.ts, "stagelijn-kiosk", "sup", TS_PASSWORD, draft, out, sizeof out);
    if (drc != 0)
        fprintf(stderr, "draft: %d %s\n", drc, out);
    assert_int_equal(drc, 0);
    assert_true(ts_json_str(out, "id", id, sizeof id));
    assert_non_null(strstr(out, "\"status\":\"draft\""));
    const char *finish[] = {"assessment", "finish", "--student", "Bram Test", "--id", id, NULL};
    assert_int_equal(
        ts_run_cli(&W.ts, "stagelijn-kiosk", "sup", TS_PASSWORD, finish, out, sizeof out), 1);
    const char *complete[] = {"assessment",
                              "draft",
                              "--student",
                              "Bram Test",
                              "--id",
                              id,
                              "--kind",
                              "interim",
                              "--period",
                              "2",
                              "--persoonlijk",
                              "3",
                              "--arbeid",
                              "3",
                              "--sociaal",
                              "3",
                              "--onderzoek",
                              "3",
                              "--leren",
                              "4",
                              "--comments",
                              "Leert snel.",
                              NULL};
    assert_int_equal(
        ts_run_cli(&W.ts, "stagelijn-kiosk", "sup", TS_PASSWORD, complete, out, sizeof out), 0);
    assert_int_equal(
        ts_run_cli(&W.ts, "stagelijn-kiosk", "sup", TS_PASSWORD, finish, out, sizeof out), 0);
    assert_non_null(strstr(out, "\"version\":1"));

    setenv("LANG", "nl_NL.UTF-8", 1);
    unsetenv("LANGUAGE");
    setenv("STAGELIJN_LOCALEDIR", localedir, 1);
    const char *versions[] = {"assessment", "versions", "--student", "Bram Test", NULL};
    int rc = ts_run_cli_human(&W.ts, "stagelijn", "coach", TS_PASSWORD, versions, out, sizeof out);
    unsetenv("LANG");
    unsetenv("STAGELIJN_LOCALEDIR");
    if (rc != 0 || !strstr(out, "versie 1 (huidig)"))
        fprintf(stderr, "versions: %d %s\n", rc, out);
    assert_int_equal(rc, 0);
    if (!strstr(out, "tussentijds"))
        fprintf(stderr, "versions: %s\n", out);
    assert_non_null(strstr(out, "tussentijds"));
    assert_non_null(strstr(out, "versie 1 (huidig)"));
    assert_non_null(strstr(out, "Leert snel."));
    assert_false(ts_has_uuid_except(out, NULL, 0));
}

int main(void)
{
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_draft_then_submit),
        cmocka_unit_test(test_submitted_changes_only_by_new_version),
        cmocka_unit_test(test_who_sees_which_versions),
        cmocka_unit_test(test_clients),
    };
    return cmocka_run_group_tests_name("integration_assessment_versions", tests, setup, teardown);
}
