/* The placement lifecycle through the real daemon (server/pure/lifecycle.c, checked centrally in
 * dispatch): an end assessment needs a placement that ran and is near its end, a placement is
 * completed on or after its end date, one interim assessment per period, and one refusal per
 * family of operations in a state it may not run in, each with its rule id and no change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT
#define OUT 65536

enum {
    PROPOSED = STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_PROPOSED,
    SIGNED = STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_SIGNED,
    ACTIVE = STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE,
    COMPLETED = STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_COMPLETED,
    ENDED_EARLY = STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ENDED_EARLY,
    INTERIM = STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_INTERIM,
    END = STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_END,
};

static struct {
    test_server ts;
    sl_client *admin, *coach, *sup;
    char company[37], sup_id[37], class_id[37];
    int students;
    char out[OUT];
} W;

/* ---------------------------------------------------------------- helpers */

/* A new adult student (no parent signs), year 4. */
static void new_student(char id[37])
{
    char name[32];
    snprintf(name, sizeof name, "Leerling%d", ++W.students);
    const ts_student_spec s = {
        .first_name = name, .class_id = W.class_id, .date_of_birth = "2004-04-04"};
    assert_true(ts_make_student(W.admin, &s, id, NULL));
}

/* A sector placement of a new student, three days a week, from `start` to `end`. */
static void new_placement(const char *start, const char *end, char id[37])
{
    char student[37];
    new_student(student);
    const ts_placement_spec p = {.student_id = student,
                                 .company_id = W.company,
                                 .supervisor_id = W.sup_id,
                                 .kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR,
                                 .start_date = start,
                                 .end_date = end,
                                 .n_days = 3,
                                 .day_start = "09:00",
                                 .day_end = "15:30",
                                 .break_minutes = 30};
    assert_true(ts_make_placement(W.coach, &p, SL_OK, id));
}

/* A placement that started five weeks ago and ends today + end_days, in state `to`. */
static void placement_in(int to, int end_days, char id[37])
{
    char start[11], end[11];
    ts_monday(-35, start);
    ts_date(end_days, end);
    new_placement(start, end, id);
    if (to == PROPOSED)
        return;
    assert_true(ts_sign_contract_all(W.coach, id, TS_SIGN_ADULT));
    if (to == SIGNED)
        return;
    assert_true(ts_set_placement_status(W.coach, id, ACTIVE, SL_OK, NULL));
    if (to == ENDED_EARLY) {
        Stagelijn__V1__ReportDropoutRequest d = STAGELIJN__V1__REPORT_DROPOUT_REQUEST__INIT;
        char today[11];
        ts_date(0, today);
        d.placement_id = id;
        d.date = today;
        d.reason = "De leerling is gestopt.";
        ENV(req);
        req.body_case = STAGELIJN__V1__ENVELOPE__BODY_REPORT_DROPOUT;
        req.report_dropout = &d;
        assert_true(ts_expect(W.coach, &req, SL_OK));
    }
}

static int status_of(const char *id)
{
    Stagelijn__V1__GetPlacementRequest g = STAGELIJN__V1__GET_PLACEMENT_REQUEST__INIT;
    g.id = (char *)id;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_PLACEMENT;
    req.get_placement = &g;
    sl_envelope *rep = ts_call(W.coach, &req, SL_OK);
    assert_non_null(rep);
    int st = rep->placement->status;
    sl_envelope_free(rep);
    return st;
}

/* Sends `req` as `c` and asserts the status and, with `rule`, that the refusal names it. */
static void expect(sl_client *c, sl_envelope *req, sl_status st, const char *rule)
{
    bool matched = false;
    sl_envelope *rep = ts_call_rule(c, req, st, rule, &matched);
    sl_envelope_free(rep);
    assert_true(matched);
}

static void assess(const char *placement, int kind, unsigned period, sl_status st, const char *rule)
{
    Stagelijn__V1__CompetenceRatings cr = STAGELIJN__V1__COMPETENCE_RATINGS__INIT;
    cr.persoonlijk = cr.arbeid = cr.sociaal = cr.onderzoek = cr.leren = 3;
    Stagelijn__V1__Assessment a = STAGELIJN__V1__ASSESSMENT__INIT;
    a.placement_id = (char *)placement;
    a.kind = (Stagelijn__V1__AssessmentKind)kind;
    a.period = period;
    a.ratings = &cr;
    a.verdict = kind == END ? STAGELIJN__V1__JUDGEMENT__JUDGEMENT_POSITIVE
                            : STAGELIJN__V1__JUDGEMENT__JUDGEMENT_MISSING;
    Stagelijn__V1__SubmitAssessmentRequest s = STAGELIJN__V1__SUBMIT_ASSESSMENT_REQUEST__INIT;
    s.assessment = &a;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_ASSESSMENT;
    req.submit_assessment = &s;
    expect(W.sup, &req, st, rule);
}

static void set_status(const char *placement, int to, sl_status st, const char *rule)
{
    Stagelijn__V1__SetPlacementStatusRequest s = STAGELIJN__V1__SET_PLACEMENT_STATUS_REQUEST__INIT;
    s.placement_id = (char *)placement;
    s.status = (Stagelijn__V1__PlacementStatus)to;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SET_PLACEMENT_STATUS;
    req.set_placement_status = &s;
    expect(W.coach, &req, st, rule);
}

static int cli(const char *const *args)
{
    return ts_run_cli(&W.ts, "stagelijn", "coach", TS_PASSWORD, args, W.out, sizeof W.out);
}

/* ---------------------------------------------------------------- setup */

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&W.ts, NULL))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char coach[37], mentor[37];
    const ts_company_spec co = {.name = "Winkel",
                                .city = "Utrecht",
                                .places = 50,
                                .supervision_capacity = 50,
                                .recognised = true};
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, coach) ||
        !ts_create_user(W.admin, "mentor", 4, NULL, mentor) ||
        !ts_make_class(W.admin, "4A", 4, mentor, W.class_id) ||
        !ts_make_company(W.admin, &co, W.company) ||
        !ts_create_user(W.admin, "sup", 5, W.company, W.sup_id))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    W.sup = ts_login(&W.ts, "sup", TS_PASSWORD);
    return W.coach && W.sup ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *clients[] = {W.admin, W.coach, W.sup};
    return ts_teardown(&W.ts, clients, 3);
}

/* ---------------------------------------------------------------- assessments */

static void test_end_assessment_needs_a_placement_that_ran(void **state)
{
    (void)state;
    char proposed[37], running[37], ending[37], ended[37];
    placement_in(PROPOSED, 90, proposed);
    placement_in(ACTIVE, 90, running);
    placement_in(ACTIVE, 10, ending);
    placement_in(ENDED_EARLY, 90, ended);
    long rows = ts_count_rows(&W.ts, "assessments"), audit = ts_count_rows(&W.ts, "audit");

    /* Only proposed: nothing has happened yet to assess. */
    assess(proposed, END, 0, SL_EPRECOND, "STATE_PLACEMENT_NOT_ACTIVE");
    /* Active with three months to go: too early. */
    assess(running, END, 0, SL_EPRECOND, "STATE_END_ASSESSMENT_TOO_EARLY");
    assert_int_equal(ts_count_rows(&W.ts, "assessments"), rows);
    assert_int_equal(ts_count_rows(&W.ts, "audit"), audit);

    /* Active in its last two weeks, and ended early: taken. */
    assess(ending, END, 0, SL_OK, NULL);
    assess(ended, END, 0, SL_OK, NULL);
    assert_int_equal(ts_count_rows(&W.ts, "assessments"), rows + 2);
}

static void test_one_interim_assessment_per_period(void **state)
{
    (void)state;
    char running[37], proposed[37], ended[37];
    placement_in(ACTIVE, 90, running);
    placement_in(PROPOSED, 90, proposed);
    placement_in(ENDED_EARLY, 90, ended);
    long rows = ts_count_rows(&W.ts, "assessments");

    /* Without a period: refused as bad input. */
    assess(running, INTERIM, 0, SL_EINVAL, NULL);
    assess(running, INTERIM, 1, SL_OK, NULL);
    /* The second for period 1: refused, the first stays (no versions to correct it). */
    assess(running, INTERIM, 1, SL_EEXISTS, "ASSESSMENT_PERIOD_ASSESSED");
    assess(running, INTERIM, 2, SL_OK, NULL);
    assert_int_equal(ts_count_rows(&W.ts, "assessments"), rows + 2);

    /* Only during the placement. */
    assess(proposed, INTERIM, 1, SL_EPRECOND, "STATE_PLACEMENT_NOT_ACTIVE");
    assess(ended, INTERIM, 1, SL_EPRECOND, "STATE_PLACEMENT_ENDED");
    assert_int_equal(ts_count_rows(&W.ts, "assessments"), rows + 2);
}

/* ---------------------------------------------------------------- completion */

static void test_complete_only_on_or_after_the_end_date(void **state)
{
    (void)state;
    /* A placement that starts next February. */
    char today[11], start[16], end[11], pid[37];
    ts_date(0, today);
    int year = 0;
    assert_int_equal(sscanf(today, "%d", &year), 1);
    snprintf(start, sizeof start, "%04d-02-01", (year + 1) % 10000);
    ts_date_plus(start, 60, end);
    new_placement(start, end, pid);
    const char *args[] = {"placement", "complete", "--id", pid, NULL};
    long events = ts_count_rows(&W.ts, "events");

    /* Proposed, then signed: not active, so it cannot be completed. */
    assert_int_not_equal(cli(args), 0);
    assert_non_null(strstr(W.out, "STATE_PLACEMENT_NOT_ACTIVE"));
    assert_true(ts_sign_contract_all(W.coach, pid, TS_SIGN_ADULT));
    assert_int_equal(status_of(pid), SIGNED);
    set_status(pid, COMPLETED, SL_EPRECOND, "STATE_PLACEMENT_NOT_ACTIVE");
    /* Active, but its end date is next year: refused through the workstation too. */
    set_status(pid, ACTIVE, SL_OK, NULL);
    events = ts_count_rows(&W.ts, "events");
    assert_int_not_equal(cli(args), 0);
    assert_non_null(strstr(W.out, "STATE_PLACEMENT_BEFORE_END"));
    assert_int_equal(status_of(pid), ACTIVE);
    assert_int_equal(ts_count_rows(&W.ts, "events"), events);
    /* Activated twice: refused with its own rule. */
    set_status(pid, ACTIVE, SL_EPRECOND, "STATE_PLACEMENT_ACTIVE_ALREADY");

    /* One that ends today is completed, and then nothing moves it any more. */
    char done[37];
    placement_in(ACTIVE, 0, done);
    const char *done_args[] = {"placement", "complete", "--id", done, NULL};
    assert_int_equal(cli(done_args), 0);
    assert_int_equal(status_of(done), COMPLETED);
    set_status(done, ACTIVE, SL_EPRECOND, "STATE_PLACEMENT_ENDED");
    set_status(done, COMPLETED, SL_EPRECOND, "STATE_PLACEMENT_ENDED");
}

/* ---------------------------------------------------------------- every family */

static void agenda_week(const char *placement, sl_status st, const char *rule)
{
    char monday[11];
    ts_monday(-7, monday);
    Stagelijn__V1__SubmitAgendaWeekRequest s = STAGELIJN__V1__SUBMIT_AGENDA_WEEK_REQUEST__INIT;
    s.placement_id = (char *)placement;
    s.week_start = monday;
    s.reflection = "Goed gewerkt.";
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_AGENDA_WEEK;
    req.submit_agenda_week = &s;
    expect(W.sup, &req, st, rule);
}

static void visit(const char *placement, sl_status st, const char *rule)
{
    char today[11];
    ts_date(0, today);
    char *present[] = {"coach", "supervisor"};
    Stagelijn__V1__Visit v = STAGELIJN__V1__VISIT__INIT;
    v.placement_id = (char *)placement;
    v.date = today;
    v.n_present = 2;
    v.present = present;
    v.notes = "Voortgangsgesprek.";
    Stagelijn__V1__LogVisitRequest l = STAGELIJN__V1__LOG_VISIT_REQUEST__INIT;
    l.visit = &v;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOG_VISIT;
    req.log_visit = &l;
    expect(W.coach, &req, st, rule);
}

static void assignment(const char *placement, sl_status st, const char *rule)
{
    Stagelijn__V1__PracticalAssignment a = STAGELIJN__V1__PRACTICAL_ASSIGNMENT__INIT;
    a.placement_id = (char *)placement;
    a.period = 1;
    a.number = 1;
    a.title = "Schappen vullen";
    Stagelijn__V1__SaveAssignmentRequest s = STAGELIJN__V1__SAVE_ASSIGNMENT_REQUEST__INIT;
    s.assignment = &a;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_ASSIGNMENT;
    req.save_assignment = &s;
    expect(W.coach, &req, st, rule);
}

static void exam(const char *placement, sl_status st, const char *rule)
{
    char day[11];
    ts_date(30, day);
    Stagelijn__V1__ExamSession e = STAGELIJN__V1__EXAM_SESSION__INIT;
    e.placement_id = (char *)placement;
    e.date = day;
    e.examiner = "E. Xaminator";
    Stagelijn__V1__SaveExamSessionRequest s = STAGELIJN__V1__SAVE_EXAM_SESSION_REQUEST__INIT;
    s.session = &e;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_EXAM_SESSION;
    req.save_exam_session = &s;
    expect(W.coach, &req, st, rule);
}

static void contract(const char *placement, sl_status st, const char *rule)
{
    Stagelijn__V1__Contract c;
    ts_contract_fill(&c, placement);
    Stagelijn__V1__SaveContractRequest s = STAGELIJN__V1__SAVE_CONTRACT_REQUEST__INIT;
    s.contract = &c;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_CONTRACT;
    req.save_contract = &s;
    expect(W.coach, &req, st, rule);
}

static void dropout(const char *placement, sl_status st, const char *rule)
{
    char today[11];
    ts_date(0, today);
    Stagelijn__V1__ReportDropoutRequest d = STAGELIJN__V1__REPORT_DROPOUT_REQUEST__INIT;
    d.placement_id = (char *)placement;
    d.date = today;
    d.reason = "Gestopt.";
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_REPORT_DROPOUT;
    req.report_dropout = &d;
    expect(W.coach, &req, st, rule);
}

static void accept_warning(const char *placement, sl_status st, const char *rule)
{
    Stagelijn__V1__AcceptWarningRequest a = STAGELIJN__V1__ACCEPT_WARNING_REQUEST__INIT;
    a.placement_id = (char *)placement;
    a.rule_id = "SCHOOL_Y45_DAYS_PER_WEEK";
    a.reason = "Met de ouders zo afgesproken.";
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_ACCEPT_WARNING;
    req.accept_warning = &a;
    expect(W.coach, &req, st, rule);
}

static long writes(void)
{
    static const char *const tables[] = {"audit",         "events",      "agenda_weeks",
                                         "visits",        "assessments", "practical_assignments",
                                         "exam_sessions", "dropouts",    "contracts"};
    long n = 0;
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        n += ts_count_rows(&W.ts, tables[i]);
    return n;
}

static void test_every_family_refused_in_a_wrong_state(void **state)
{
    (void)state;
    char proposed[37], signed_[37], ended[37];
    placement_in(PROPOSED, 90, proposed);
    placement_in(SIGNED, 90, signed_);
    placement_in(ENDED_EARLY, 90, ended);
    long before = writes();

    /* Proposed: the contract is not signed, nothing of the internship itself can happen. */
    agenda_week(proposed, SL_EPRECOND, "STATE_PLACEMENT_NOT_SIGNED");
    visit(proposed, SL_EPRECOND, "STATE_PLACEMENT_NOT_SIGNED");
    assignment(proposed, SL_EPRECOND, "STATE_PLACEMENT_NOT_SIGNED");
    exam(proposed, SL_EPRECOND, "STATE_PLACEMENT_NOT_ACTIVE");
    assert_true(ts_sign_contract(W.coach, proposed, STAGELIJN__V1__SIGNATURE_PARTY__PARTY_SCHOOL,
                                 "2026-01-05", SL_EPRECOND));
    /* Signed: the text is locked; the exam needs the placement running. */
    contract(signed_, SL_EPRECOND, "CONTRACT_LOCKED");
    exam(signed_, SL_EPRECOND, "STATE_PLACEMENT_NOT_ACTIVE");
    /* Ended early: nothing more happens in it. */
    contract(ended, SL_EPRECOND, "CONTRACT_LOCKED");
    agenda_week(ended, SL_EPRECOND, "STATE_PLACEMENT_ENDED");
    exam(ended, SL_EPRECOND, "STATE_PLACEMENT_ENDED");
    dropout(ended, SL_EPRECOND, "STATE_PLACEMENT_ENDED");
    accept_warning(ended, SL_EPRECOND, "STATE_PLACEMENT_ENDED");
    set_status(ended, ACTIVE, SL_EPRECOND, "STATE_PLACEMENT_ENDED");
    assert_int_equal(writes(), before);
    assert_int_equal(status_of(proposed), PROPOSED);
    assert_int_equal(status_of(ended), ENDED_EARLY);

    /* What each state allows still works: reads anywhere, work once signed, a late visit. */
    assert_int_equal(status_of(signed_), SIGNED);
    agenda_week(signed_, SL_OK, NULL);
    assignment(signed_, SL_OK, NULL);
    visit(ended, SL_OK, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_end_assessment_needs_a_placement_that_ran),
        cmocka_unit_test(test_one_interim_assessment_per_period),
        cmocka_unit_test(test_complete_only_on_or_after_the_end_date),
        cmocka_unit_test(test_every_family_refused_in_a_wrong_state),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
