/* Facts carry their own date, and it must be possible (server/handlers/factdate.c): every request
 * that records a dated fact refuses a date after today (DATE_IN_FUTURE) or outside the phase the
 * fact belongs to, and changes nothing; the dossier orders by the fact's date, not by when it
 * was typed in. The server's clock is set to Wednesday 10 March 2027 (clock_offset_seconds),
 * so every date below is fixed and the test does not depend on the real date. */
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

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT

#define TODAY "2027-03-10"    /* a Wednesday */
#define TOMORROW "2027-03-11" /* Thursday */
#define THIS_MONDAY "2027-03-08"
#define START "2027-03-01" /* the placement started last week (a Monday) */
#define END "2027-06-30"
/* A placement that has ended: its facts may follow the last day by 14 days (grace). */
#define OLD_START "2027-01-04"
#define OLD_END "2027-02-19"
#define OLD_GRACE_LAST "2027-03-05"
#define OLD_GRACE_AFTER "2027-03-06"

typedef struct {
    test_server ts;
    sl_client *admin, *coach, *sup;
    char company[37], sup_id[37], class3[37], class6[37];
    char anna[37], bram[37], cas[37], eva[37];
    char running[37]; /* Anna's, active since START */
    char ended[37];   /* Bram's, OLD_START to OLD_END, proposed */
} world;

static world W;

/* ---------------------------------------------------------------- helpers */

/* Expects FAILED_PRECONDITION naming `rule`. */
static void refused(sl_client *c, sl_envelope *req, const char *rule)
{
    bool matched;
    sl_envelope *rep = ts_call_rule(c, req, SL_EPRECOND, rule, &matched);
    sl_envelope_free(rep);
    assert_true(matched);
}

static sl_envelope *accepted(sl_client *c, sl_envelope *req)
{
    sl_envelope *rep = ts_call(c, req, SL_OK);
    assert_non_null(rep);
    return rep;
}

static bool make_student(const char *first, const char *class_id, const char *dob, char *id)
{
    const ts_student_spec s = {.first_name = first, .class_id = class_id, .date_of_birth = dob};
    return ts_make_student(W.admin, &s, id, NULL);
}

static bool make_placement(const char *student, const char *start, const char *end, char *id)
{
    const ts_placement_spec p = {.student_id = student,
                                 .company_id = W.company,
                                 .supervisor_id = W.sup_id,
                                 .kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR,
                                 .start_date = start,
                                 .end_date = end,
                                 .sector = 3,
                                 .n_days = 3,
                                 .day_start = "09:00",
                                 .day_end = "15:00",
                                 .break_minutes = 30};
    return ts_make_placement(W.coach, &p, SL_OK, id);
}

/* The contract saved and signed today by school, company and the (adult) student, and the
 * placement made active. */
static bool activate(const char *placement)
{
    return ts_save_contract(W.coach, placement) &&
           ts_sign_contract(W.coach, placement, STAGELIJN__V1__SIGNATURE_PARTY__PARTY_SCHOOL, TODAY,
                            SL_OK) &&
           ts_sign_contract(W.coach, placement, STAGELIJN__V1__SIGNATURE_PARTY__PARTY_COMPANY,
                            TODAY, SL_OK) &&
           ts_sign_contract(W.coach, placement, STAGELIJN__V1__SIGNATURE_PARTY__PARTY_STUDENT,
                            TODAY, SL_OK) &&
           ts_set_placement_status(W.coach, placement,
                                   STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE, SL_OK, NULL);
}

static void relogin(void)
{
    sl_client **all[] = {&W.admin, &W.coach, &W.sup};
    const char *users[] = {"admin", "coach", "sup"};
    for (size_t i = 0; i < 3; i++) {
        sl_client_close(*all[i]);
        *all[i] = ts_login(&W.ts, users[i], i == 0 ? TS_ADMIN_PASSWORD : TS_PASSWORD);
        assert_non_null(*all[i]);
    }
}

static int setup(void **state)
{
    (void)state;
    char config[64];
    snprintf(config, sizeof config, "clock_offset_seconds = %ld\n", ts_clock_offset_for(TODAY));
    if (!ts_start(&W.ts, config))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    const ts_company_spec co = {.name = "Winkel Datum",
                                .address = "Kerkstraat 1",
                                .city = "Utrecht",
                                .latitude = 52.09,
                                .longitude = 5.12,
                                .sector = 3,
                                .places = 5,
                                .supervision_capacity = 5,
                                .recognised = true};
    /* Adults, so no parent signs and no minors' limits apply. */
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, NULL) ||
        !ts_make_company(W.admin, &co, W.company) ||
        !ts_create_user(W.admin, "sup", 5, W.company, W.sup_id) ||
        !ts_make_class(W.admin, "3D", 3, NULL, W.class3) ||
        !ts_make_class(W.admin, "ED", 6, NULL, W.class6) ||
        !make_student("Anna", W.class3, "2005-03-03", W.anna) ||
        !make_student("Bram", W.class3, "2005-04-04", W.bram) ||
        !make_student("Cas", W.class3, "2005-06-01", W.cas) ||
        !make_student("Eva", W.class6, "2005-07-07", W.eva))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    W.sup = ts_login(&W.ts, "sup", TS_PASSWORD);
    /* The ended placement ran and was completed: facts about it are judged by their dates. */
    if (!W.coach || !W.sup || !make_placement(W.anna, START, END, W.running) ||
        !activate(W.running) || !make_placement(W.bram, OLD_START, OLD_END, W.ended) ||
        !activate(W.ended) ||
        !ts_set_placement_status(W.coach, W.ended,
                                 STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_COMPLETED, SL_OK, NULL))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *all[] = {W.admin, W.coach, W.sup};
    return ts_teardown(&W.ts, all, 3);
}

/* ---------------------------------------------------------------- agenda */

static void agenda_request(Stagelijn__V1__SubmitAgendaWeekRequest *s, sl_envelope *req,
                           Stagelijn__V1__AgendaDay *day, Stagelijn__V1__AgendaDay **days,
                           const char *monday, const char *date)
{
    stagelijn__v1__agenda_day__init(day);
    day->date = (char *)date;
    day->minutes_worked = 300;
    day->tasks = "Vakken vullen";
    days[0] = day;
    stagelijn__v1__submit_agenda_week_request__init(s);
    s->placement_id = W.running;
    s->week_start = (char *)monday;
    s->n_days = 1;
    s->days = days;
    s->reflection = "";
    s->sign = false; /* one day of the week: not complete, so not signed */
    stagelijn__v1__envelope__init(req);
    req->body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_AGENDA_WEEK;
    req->submit_agenda_week = s;
}

/* A week six weeks ahead cannot be filled in and signed; this week only up to today. */
static void test_agenda_week(void **state)
{
    (void)state;
    Stagelijn__V1__SubmitAgendaWeekRequest s;
    Stagelijn__V1__AgendaDay day, *days[1];
    sl_envelope req;
    long weeks = ts_count_rows(&W.ts, "agenda_weeks");
    agenda_request(&s, &req, &day, days, "2027-04-19", "2027-04-19");
    refused(W.sup, &req, "DATE_IN_FUTURE");
    agenda_request(&s, &req, &day, days, THIS_MONDAY, TOMORROW);
    refused(W.sup, &req, "DATE_IN_FUTURE");
    /* The week before the placement's first week. */
    agenda_request(&s, &req, &day, days, "2027-02-22", "2027-02-24");
    refused(W.sup, &req, "DATE_OUTSIDE_PLACEMENT");
    assert_int_equal(ts_count_rows(&W.ts, "agenda_weeks"), weeks);
    /* Today is the last day whose hours can be written. */
    agenda_request(&s, &req, &day, days, THIS_MONDAY, TODAY);
    sl_envelope_free(accepted(W.sup, &req));
    assert_int_equal(ts_count_rows(&W.ts, "agenda_weeks"), weeks + 1);
}

/* A week that lies ahead of the server's clock (written while the clock ran later) cannot be
 * signed off before it has begun. */
static void test_sign_agenda_week_ahead(void **state)
{
    (void)state;
    Stagelijn__V1__SubmitAgendaWeekRequest s;
    Stagelijn__V1__AgendaDay day, *days[1];
    sl_envelope req;
    assert_true(ts_restart_on(&W.ts, "2027-04-21"));
    relogin();
    /* Not signed by the supervisor: the coach's sign-off is refused for its date first. */
    agenda_request(&s, &req, &day, days, "2027-04-19", "2027-04-19");
    sl_envelope *rep = accepted(W.sup, &req);
    char week_id[37];
    snprintf(week_id, sizeof week_id, "%s", rep->agenda_week->id);
    sl_envelope_free(rep);
    assert_true(ts_restart_on(&W.ts, TODAY));
    relogin();
    Stagelijn__V1__SignAgendaWeekRequest sg = STAGELIJN__V1__SIGN_AGENDA_WEEK_REQUEST__INIT;
    sg.agenda_week_id = week_id;
    ENV(sreq);
    sreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_SIGN_AGENDA_WEEK;
    sreq.sign_agenda_week = &sg;
    refused(W.coach, &sreq, "DATE_IN_FUTURE");
    assert_int_equal(ts_count_rows(&W.ts, "agenda_weeks WHERE coach_signed_at IS NOT NULL"), 0);
}

/* ---------------------------------------------------------------- visits */

static sl_status log_visit(const char *placement, const char *date, sl_envelope **out)
{
    char *present[] = {"student", "supervisor"};
    Stagelijn__V1__Visit v = STAGELIJN__V1__VISIT__INIT;
    v.placement_id = (char *)placement;
    v.date = (char *)date;
    v.n_present = 2;
    v.present = present;
    v.notes = "Gaat goed";
    Stagelijn__V1__LogVisitRequest lv = STAGELIJN__V1__LOG_VISIT_REQUEST__INIT;
    lv.visit = &v;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOG_VISIT;
    req.log_visit = &lv;
    return ts_send(W.coach, &req, out);
}

static void visit_refused(const char *placement, const char *date, const char *rule)
{
    sl_envelope *rep = NULL;
    assert_int_equal(log_visit(placement, date, &rep), SL_EPRECOND);
    assert_true(ts_has_rule(rep, rule));
    sl_envelope_free(rep);
}

static void test_visit(void **state)
{
    (void)state;
    long visits = ts_count_rows(&W.ts, "visits");
    visit_refused(W.running, "1900-01-01", "DATE_OUTSIDE_PLACEMENT");
    visit_refused(W.running, "2027-02-28", "DATE_OUTSIDE_PLACEMENT"); /* start - 1 */
    visit_refused(W.running, TOMORROW, "DATE_IN_FUTURE");
    visit_refused(W.ended, OLD_GRACE_AFTER, "DATE_OUTSIDE_PLACEMENT"); /* end + grace + 1 */
    assert_int_equal(ts_count_rows(&W.ts, "visits"), visits);
    assert_int_equal(log_visit(W.running, START, NULL), SL_OK);
    assert_int_equal(log_visit(W.running, TODAY, NULL), SL_OK);
    assert_int_equal(log_visit(W.ended, OLD_GRACE_LAST, NULL), SL_OK); /* end + grace */
    assert_int_equal(ts_count_rows(&W.ts, "visits"), visits + 3);
}

/* ---------------------------------------------------------------- assessment, dropout */

static void assessment_request(Stagelijn__V1__Assessment *a, Stagelijn__V1__CompetenceRatings *cr,
                               Stagelijn__V1__SubmitAssessmentRequest *sa, sl_envelope *req,
                               const char *date)
{
    stagelijn__v1__competence_ratings__init(cr);
    cr->persoonlijk = cr->arbeid = cr->sociaal = cr->onderzoek = cr->leren = 3;
    stagelijn__v1__assessment__init(a);
    a->placement_id = W.running;
    a->kind = STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_INTERIM;
    a->period = 1; /* one interim per period: callers move on to 2 and 3 */
    a->ratings = cr;
    a->date = (char *)date;
    stagelijn__v1__submit_assessment_request__init(sa);
    sa->assessment = a;
    stagelijn__v1__envelope__init(req);
    req->body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_ASSESSMENT;
    req->submit_assessment = sa;
}

static void test_assessment(void **state)
{
    (void)state;
    Stagelijn__V1__Assessment a;
    Stagelijn__V1__CompetenceRatings cr;
    Stagelijn__V1__SubmitAssessmentRequest sa;
    sl_envelope req;
    long rows = ts_count_rows(&W.ts, "assessments");
    assessment_request(&a, &cr, &sa, &req, "2027-02-28");
    refused(W.coach, &req, "DATE_OUTSIDE_PLACEMENT");
    assessment_request(&a, &cr, &sa, &req, TOMORROW);
    refused(W.coach, &req, "DATE_IN_FUTURE");
    assert_int_equal(ts_count_rows(&W.ts, "assessments"), rows);
    assessment_request(&a, &cr, &sa, &req, START);
    sl_envelope *rep = accepted(W.coach, &req);
    assert_string_equal(rep->assessment->date, START);
    sl_envelope_free(rep);
    /* Without a date it is made today. */
    assessment_request(&a, &cr, &sa, &req, "");
    a.period = 2;
    rep = accepted(W.coach, &req);
    assert_string_equal(rep->assessment->date, TODAY);
    sl_envelope_free(rep);
    /* Through the workstation program, with its date; a future one is refused. */
    static char out[16384];
    const char *args[] = {"assessment", "submit",     "--placement",
                          W.running,    "--kind",     "interim",
                          "--period",   "3",          "--persoonlijk",
                          "3",          "--arbeid",   "3",
                          "--sociaal",  "3",          "--onderzoek",
                          "3",          "--leren",    "3",
                          "--date",     "2027-03-02", NULL};
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn", "coach", TS_PASSWORD, args, out, sizeof out),
                     0);
    assert_non_null(strstr(out, "\"date\":\"2027-03-02\""));
    args[19] = TOMORROW;
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn", "coach", TS_PASSWORD, args, out, sizeof out),
                     1);
    assert_non_null(strstr(out, "DATE_IN_FUTURE"));
}

static void test_dropout(void **state)
{
    (void)state;
    Stagelijn__V1__ReportDropoutRequest d = STAGELIJN__V1__REPORT_DROPOUT_REQUEST__INIT;
    d.placement_id = W.running;
    d.reason = "Verhuisd";
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_REPORT_DROPOUT;
    req.report_dropout = &d;
    d.date = TOMORROW;
    refused(W.coach, &req, "DATE_IN_FUTURE");
    d.date = "2027-02-01";
    refused(W.coach, &req, "DATE_OUTSIDE_PLACEMENT");
    assert_int_equal(ts_count_rows(&W.ts, "dropouts"), 0);
}

/* ---------------------------------------------------------------- contract signature */

static void test_contract_signature(void **state)
{
    (void)state;
    char p[37];
    assert_true(make_placement(W.cas, "2027-04-05", "2027-06-30", p));
    assert_true(ts_save_contract(W.coach, p));
    assert_true(ts_sign_contract(W.coach, p, STAGELIJN__V1__SIGNATURE_PARTY__PARTY_SCHOOL, TOMORROW,
                                 SL_EPRECOND));
    assert_int_equal(ts_count_rows(&W.ts, "contract_signatures WHERE date > '" TODAY "'"), 0);
    assert_true(
        ts_sign_contract(W.coach, p, STAGELIJN__V1__SIGNATURE_PARTY__PARTY_SCHOOL, TODAY, SL_OK));
}

/* ---------------------------------------------------------------- study advice */

static void test_study_advice(void **state)
{
    (void)state;
    Stagelijn__V1__StudyAdvice a = STAGELIJN__V1__STUDY_ADVICE__INIT;
    a.student_id = W.eva;
    a.continue_study = true;
    a.notes = "";
    Stagelijn__V1__RecordStudyAdviceRequest r = STAGELIJN__V1__RECORD_STUDY_ADVICE_REQUEST__INIT;
    r.advice = &a;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_STUDY_ADVICE;
    req.record_study_advice = &r;
    /* December before the Entree year (school year 2026-2027). */
    a.date = "2025-12-10";
    refused(W.coach, &req, "DATE_OUTSIDE_ENTREE_YEAR");
    a.date = "2026-07-31"; /* the day before the school year */
    refused(W.coach, &req, "DATE_OUTSIDE_ENTREE_YEAR");
    a.date = TOMORROW;
    refused(W.coach, &req, "DATE_IN_FUTURE");
    assert_int_equal(ts_count_rows(&W.ts, "study_advice"), 0);
    a.date = "2026-12-10";
    sl_envelope_free(accepted(W.coach, &req));
}

/* ---------------------------------------------------------------- preparation, matching */

static void test_interest_test(void **state)
{
    (void)state;
    Stagelijn__V1__InterestScore sc = STAGELIJN__V1__INTEREST_SCORE__INIT;
    sc.sector = 3;
    sc.score = 80;
    Stagelijn__V1__InterestScore *scores[] = {&sc};
    Stagelijn__V1__InterestTest t = STAGELIJN__V1__INTEREST_TEST__INIT;
    t.student_id = W.anna;
    t.n_scores = 1;
    t.scores = scores;
    Stagelijn__V1__RecordInterestTestRequest r = STAGELIJN__V1__RECORD_INTEREST_TEST_REQUEST__INIT;
    r.test = &t;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_INTEREST_TEST;
    req.record_interest_test = &r;
    t.date = TOMORROW;
    refused(W.coach, &req, "DATE_IN_FUTURE");
    t.date = "2017-03-02"; /* the day before Anna turned 12 */
    refused(W.coach, &req, "DATE_BEFORE_SCHOOL");
    assert_int_equal(ts_count_rows(&W.ts, "interest_tests"), 0);
    t.date = "2017-03-03";
    sl_envelope_free(accepted(W.coach, &req));
}

static void test_orientation_interview(void **state)
{
    (void)state;
    Stagelijn__V1__Orientation o = STAGELIJN__V1__ORIENTATION__INIT;
    o.student_id = W.anna;
    o.interview_date = TOMORROW;
    o.interview_notes = "Wil graag in een winkel";
    Stagelijn__V1__SaveOrientationRequest r = STAGELIJN__V1__SAVE_ORIENTATION_REQUEST__INIT;
    r.orientation = &o;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_ORIENTATION;
    req.save_orientation = &r;
    refused(W.coach, &req, "DATE_IN_FUTURE");
    assert_int_equal(ts_count_rows(&W.ts, "orientations"), 0);
    o.interview_date = TODAY;
    sl_envelope_free(accepted(W.coach, &req));
}

static void test_intro_meeting(void **state)
{
    (void)state;
    Stagelijn__V1__IntroMeeting m = STAGELIJN__V1__INTRO_MEETING__INIT;
    m.student_id = W.bram;
    m.company_id = W.company;
    m.agreed = true;
    m.notes = "";
    Stagelijn__V1__RecordIntroMeetingRequest r = STAGELIJN__V1__RECORD_INTRO_MEETING_REQUEST__INIT;
    r.meeting = &m;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_INTRO_MEETING;
    req.record_intro_meeting = &r;
    m.date = TOMORROW;
    refused(W.coach, &req, "DATE_IN_FUTURE");
    assert_int_equal(ts_count_rows(&W.ts, "intro_meetings"), 0);
    m.date = TODAY;
    sl_envelope_free(accepted(W.coach, &req));
}

static void test_readiness(void **state)
{
    (void)state;
    Stagelijn__V1__ReadinessInput in = STAGELIJN__V1__READINESS_INPUT__INIT;
    in.student_id = W.bram;
    in.social_skills = in.work_attitude = in.teachers_advice = in.mentor_assessment =
        STAGELIJN__V1__JUDGEMENT__JUDGEMENT_POSITIVE;
    Stagelijn__V1__AssessReadinessRequest r = STAGELIJN__V1__ASSESS_READINESS_REQUEST__INIT;
    r.input = &in;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_ASSESS_READINESS;
    req.assess_readiness = &r;
    in.date = TOMORROW;
    refused(W.coach, &req, "DATE_IN_FUTURE");
    assert_int_equal(ts_count_rows(&W.ts, "readiness"), 0);
    in.date = "2027-03-01";
    sl_envelope *rep = accepted(W.coach, &req);
    assert_string_equal(rep->readiness->input->date, "2027-03-01");
    sl_envelope_free(rep);
}

/* ---------------------------------------------------------------- exit and aftercare */

static sl_status record_exit(const char *student, const char *left)
{
    Stagelijn__V1__ExitRecord e = STAGELIJN__V1__EXIT_RECORD__INIT;
    e.student_id = (char *)student;
    e.left_date = (char *)left;
    e.final_interview_date = "";
    e.advice = "";
    e.profile = STAGELIJN__V1__EXIT_PROFILE__EXIT_WORK;
    e.destination = "Supermarkt";
    e.cohort = "";
    Stagelijn__V1__RecordExitRequest r = STAGELIJN__V1__RECORD_EXIT_REQUEST__INIT;
    r.exit = &e;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_EXIT;
    req.record_exit = &r;
    sl_envelope *rep = NULL;
    sl_status st = ts_send(W.coach, &req, &rep);
    if (st == SL_EPRECOND)
        assert_true(ts_has_rule(rep, "DATE_IN_FUTURE") || ts_has_rule(rep, "DATE_BEFORE_SCHOOL") ||
                    ts_has_rule(rep, "DATE_BEFORE_LAST_PLACEMENT_END"));
    sl_envelope_free(rep);
    return st;
}

static sl_status contact(const char *date, const char *rule)
{
    Stagelijn__V1__AftercareContact c = STAGELIJN__V1__AFTERCARE_CONTACT__INIT;
    c.student_id = W.eva;
    c.date = (char *)date;
    c.with_whom = "employer";
    c.outcome = "Werkt er nog";
    c.still_in_destination = true;
    c.referral_partner_id = "";
    Stagelijn__V1__LogAftercareContactRequest r =
        STAGELIJN__V1__LOG_AFTERCARE_CONTACT_REQUEST__INIT;
    r.contact = &c;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOG_AFTERCARE_CONTACT;
    req.log_aftercare_contact = &r;
    sl_envelope *rep = NULL;
    sl_status st = ts_send(W.coach, &req, &rep);
    if (rule)
        assert_true(ts_has_rule(rep, rule));
    sl_envelope_free(rep);
    return st;
}

/* A leaving date next summer does not replace the real exit; it cannot precede school or
 * the last internship; a contact cannot precede the exit. */
static void test_exit_and_aftercare(void **state)
{
    (void)state;
    assert_int_equal(record_exit(W.eva, "2017-07-06"), SL_EPRECOND); /* before 12 */
    assert_int_equal(record_exit(W.eva, "2027-01-15"), SL_OK);
    assert_int_equal(record_exit(W.eva, "2027-07-15"), SL_EPRECOND); /* next summer */
    assert_int_equal(ts_count_rows(&W.ts, "exits WHERE left_date = '2027-01-15'"), 1);
    /* Anna's internship runs to 30 June: she cannot have left today. */
    assert_int_equal(record_exit(W.anna, TODAY), SL_EPRECOND);
    assert_int_equal(ts_count_rows(&W.ts, "exits"), 1);

    assert_int_equal(contact("2027-01-14", "DATE_BEFORE_EXIT"), SL_EPRECOND);
    assert_int_equal(contact(TOMORROW, "DATE_IN_FUTURE"), SL_EPRECOND);
    assert_int_equal(ts_count_rows(&W.ts, "aftercare_contacts"), 0);
    assert_int_equal(contact("2027-01-15", NULL), SL_OK);
}

/* ---------------------------------------------------------------- dossier order */

static sl_envelope *dossier(const char *student)
{
    Stagelijn__V1__GetDossierRequest g = STAGELIJN__V1__GET_DOSSIER_REQUEST__INIT;
    g.student_id = (char *)student;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_DOSSIER;
    req.get_dossier = &g;
    return accepted(W.coach, &req);
}

/* Index of the first entry of `kind` dated `date`, or -1. */
static long find_entry(const Stagelijn__V1__Dossier *d, const char *kind, const char *date)
{
    for (size_t i = 0; i < d->n_entries; i++)
        if (!strcmp(d->entries[i]->kind, kind) && !strcmp(d->entries[i]->date, date))
            return (long)i;
    return -1;
}

/* Two facts typed in the reverse order of their dates: the dossier (and the list of visits)
 * shows them by the day they happened, oldest first, each with when it was typed in. */
static void test_dossier_by_fact_date(void **state)
{
    (void)state;
    char p[37];
    assert_true(make_placement(W.cas, "2027-02-01", "2027-03-31", p)); /* before the 04-05 one */
    assert_true(activate(p));
    assert_int_equal(log_visit(p, "2027-03-09", NULL), SL_OK);
    assert_int_equal(log_visit(p, "2027-02-02", NULL), SL_OK);
    Stagelijn__V1__Assessment a;
    Stagelijn__V1__CompetenceRatings cr;
    Stagelijn__V1__SubmitAssessmentRequest sa;
    sl_envelope req;
    assessment_request(&a, &cr, &sa, &req, "2027-03-05");
    a.placement_id = p;
    sl_envelope_free(accepted(W.coach, &req));
    assessment_request(&a, &cr, &sa, &req, "2027-02-15");
    a.placement_id = p;
    a.period = 2;
    sl_envelope_free(accepted(W.coach, &req));

    sl_envelope *rep = dossier(W.cas);
    const Stagelijn__V1__Dossier *d = rep->dossier;
    long v_early = find_entry(d, "visit", "2027-02-02"),
         v_late = find_entry(d, "visit", "2027-03-09");
    long a_early = find_entry(d, "assessment", "2027-02-15");
    long a_late = find_entry(d, "assessment", "2027-03-05");
    assert_true(v_early >= 0 && v_late >= 0 && a_early >= 0 && a_late >= 0);
    assert_true(v_early < a_early && a_early < a_late && a_late < v_late);
    for (size_t i = 1; i < d->n_entries; i++)
        assert_true(strcmp(d->entries[i - 1]->date, d->entries[i]->date) <= 0);
    assert_true(d->entries[v_late]->recorded_at[0] != '\0');
    sl_envelope_free(rep);

    Stagelijn__V1__ListVisitsRequest lv = STAGELIJN__V1__LIST_VISITS_REQUEST__INIT;
    lv.placement_id = p;
    ENV(lreq);
    lreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_VISITS;
    lreq.list_visits = &lv;
    rep = accepted(W.coach, &lreq);
    assert_int_equal(rep->list_visits_reply->n_visits, 2);
    /* A placement's lists are news: newest first by the fact's own date. */
    assert_string_equal(rep->list_visits_reply->visits[0]->date, "2027-03-09");
    sl_envelope_free(rep);

    Stagelijn__V1__ListAssessmentsRequest la = STAGELIJN__V1__LIST_ASSESSMENTS_REQUEST__INIT;
    la.placement_id = p;
    ENV(areq);
    areq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_ASSESSMENTS;
    areq.list_assessments = &la;
    rep = accepted(W.coach, &areq);
    assert_int_equal(rep->list_assessments_reply->n_assessments, 2);
    /* Assessments are read in the order of the periods: oldest first. */
    assert_string_equal(rep->list_assessments_reply->assessments[0]->date, "2027-02-15");
    sl_envelope_free(rep);
}

int main(void)
{
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_agenda_week),
        cmocka_unit_test(test_visit),
        cmocka_unit_test(test_assessment),
        cmocka_unit_test(test_dropout),
        cmocka_unit_test(test_contract_signature),
        cmocka_unit_test(test_study_advice),
        cmocka_unit_test(test_interest_test),
        cmocka_unit_test(test_orientation_interview),
        cmocka_unit_test(test_intro_meeting),
        cmocka_unit_test(test_readiness),
        cmocka_unit_test(test_exit_and_aftercare),
        cmocka_unit_test(test_dossier_by_fact_date),
        cmocka_unit_test(test_sign_agenda_week_ahead),
    };
    return cmocka_run_group_tests_name("integration_factdates", tests, setup, teardown);
}
