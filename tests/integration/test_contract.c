/* The contract family against a real stagelijnd: school-norm warnings on a new placement and
 * their acceptance, Entree admission, the contract (WVO art. 35) with its signatures and
 * printed text, the placement lifecycle, and the working-time law on recorded hours. Every
 * request type: success (at least once through the real client programs), bad input, wrong
 * role, the rule refused with its ids, and proof that a refusal wrote nothing. */
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
#define OUT 65536

enum {
    PROPOSED = STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_PROPOSED,
    DRAFTED = STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_CONTRACT_DRAFTED,
    SIGNED = STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_SIGNED,
    ACTIVE = STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE,
    COMPLETED = STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_COMPLETED,
    ENDED_EARLY = STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ENDED_EARLY,
    SCHOOL = STAGELIJN__V1__SIGNATURE_PARTY__PARTY_SCHOOL,
    COMPANY = STAGELIJN__V1__SIGNATURE_PARTY__PARTY_COMPANY,
    STUDENT = STAGELIJN__V1__SIGNATURE_PARTY__PARTY_STUDENT,
    PARENT = STAGELIJN__V1__SIGNATURE_PARTY__PARTY_PARENT,
};

typedef struct {
    test_server ts;
    sl_client *admin, *coach, *mentor_a, *mentor_b, *sup_a, *sup_b, *stud;
    char company_a[37], company_b[37], class_a[37], class_b[37];
    char sup_a_id[37], sup_b_id[37];
    char anna[37]; /* 16, class A, has a login */
    char eva[37];  /* adult, class B */
    char out[OUT];
} world;

static world W;

/* ---------------------------------------------------------------- helpers */

typedef struct {
    const char *student, *company, *supervisor;
    int kind;
    int start_days; /* the Monday on or before today + this */
    int n_days;     /* Monday .. */
    const char *start_time, *end_time;
    int break_minutes;
    bool around_today; /* keep the dates around today (else the placement gets its own period) */
} placement_spec;

/* The law counts a student's time over all his/her placements (no two on one day at the same
 * hours), and these tests give one student many independent placements: each gets a period
 * of its own, 18 weeks further on, unless the test needs the dates around today. */
static int periods;

/* Sends CreatePlacement as the coach, from the Monday of `start_days` to today + 90, and returns
 * the reply (or NULL when the status differs). */
static sl_envelope *create_placement(const placement_spec *s, sl_status expect)
{
    char start[11], end[11];
    int shift = s->around_today ? 0 : 126 * ++periods;
    ts_monday(s->start_days + shift, start);
    ts_date(90 + shift, end);
    const ts_placement_spec spec = {.student_id = s->student,
                                    .company_id = s->company,
                                    .supervisor_id = s->supervisor,
                                    .kind = s->kind,
                                    .start_date = start,
                                    .end_date = end,
                                    .n_days = s->n_days,
                                    .day_start = s->start_time,
                                    .day_end = s->end_time,
                                    .break_minutes = s->break_minutes};
    return ts_create_placement(W.coach, &spec, expect);
}

/* A sector placement of `student` at company A that keeps every norm (3 days, 6.5 h). */
static void new_placement(const char *student, const char *company, const char *supervisor,
                          char id[37])
{
    placement_spec s = {
        student, company, supervisor, STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR,
        -35,     3,       "09:00",    "15:30",
        30,      false};
    sl_envelope *rep = create_placement(&s, SL_OK);
    assert_non_null(rep);
    assert_int_equal(rep->placement->status, PROPOSED);
    assert_int_equal(rep->placement->n_warnings, 0);
    snprintf(id, 37, "%s", rep->placement->id);
    sl_envelope_free(rep);
}

static sl_envelope *save_contract(sl_client *who, const Stagelijn__V1__Contract *c,
                                  sl_status expect)
{
    Stagelijn__V1__SaveContractRequest s = STAGELIJN__V1__SAVE_CONTRACT_REQUEST__INIT;
    s.contract = (Stagelijn__V1__Contract *)c;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_CONTRACT;
    req.save_contract = &s;
    return ts_call(who, &req, expect);
}

static sl_envelope *sign(sl_client *who, const char *placement, int party, const char *name,
                         const char *date, sl_status expect)
{
    Stagelijn__V1__Signature sig = STAGELIJN__V1__SIGNATURE__INIT;
    sig.party = (Stagelijn__V1__SignatureParty)party;
    sig.signer_name = (char *)name;
    sig.date = (char *)date;
    Stagelijn__V1__SignContractRequest s = STAGELIJN__V1__SIGN_CONTRACT_REQUEST__INIT;
    s.placement_id = (char *)placement;
    s.signature = &sig;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SIGN_CONTRACT;
    req.sign_contract = &s;
    return ts_call(who, &req, expect);
}

static bool sign_ok(sl_client *who, const char *placement, int party, const char *date,
                    sl_status expect)
{
    sl_envelope *rep = sign(who, placement, party, "A. Signer", date, expect);
    sl_envelope_free(rep);
    return rep != NULL;
}

static sl_envelope *get_contract(sl_client *who, const char *placement, sl_status expect)
{
    Stagelijn__V1__GetContractRequest g = STAGELIJN__V1__GET_CONTRACT_REQUEST__INIT;
    g.placement_id = (char *)placement;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_CONTRACT;
    req.get_contract = &g;
    return ts_call(who, &req, expect);
}

static sl_envelope *print_contract(sl_client *who, const char *placement, sl_status expect)
{
    Stagelijn__V1__PrintContractRequest p = STAGELIJN__V1__PRINT_CONTRACT_REQUEST__INIT;
    p.placement_id = (char *)placement;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_PRINT_CONTRACT;
    req.print_contract = &p;
    return ts_call(who, &req, expect);
}

static sl_envelope *set_status(sl_client *who, const char *placement, int status, sl_status expect)
{
    Stagelijn__V1__SetPlacementStatusRequest s = STAGELIJN__V1__SET_PLACEMENT_STATUS_REQUEST__INIT;
    s.placement_id = (char *)placement;
    s.status = (Stagelijn__V1__PlacementStatus)status;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SET_PLACEMENT_STATUS;
    req.set_placement_status = &s;
    return ts_call(who, &req, expect);
}

static sl_envelope *accept_warning(sl_client *who, const char *placement, const char *rule,
                                   const char *reason, sl_status expect)
{
    Stagelijn__V1__AcceptWarningRequest a = STAGELIJN__V1__ACCEPT_WARNING_REQUEST__INIT;
    a.placement_id = (char *)placement;
    a.rule_id = (char *)rule;
    a.reason = (char *)reason;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_ACCEPT_WARNING;
    req.accept_warning = &a;
    return ts_call(who, &req, expect);
}

static sl_envelope *list_warnings(sl_client *who, const char *placement, sl_status expect)
{
    Stagelijn__V1__ListPlacementWarningsRequest l =
        STAGELIJN__V1__LIST_PLACEMENT_WARNINGS_REQUEST__INIT;
    l.placement_id = (char *)placement;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_PLACEMENT_WARNINGS;
    req.list_placement_warnings = &l;
    return ts_call(who, &req, expect);
}

static int placement_status(const char *placement)
{
    Stagelijn__V1__GetPlacementRequest g = STAGELIJN__V1__GET_PLACEMENT_REQUEST__INIT;
    g.id = (char *)placement;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_PLACEMENT;
    req.get_placement = &g;
    sl_envelope *rep = ts_call(W.coach, &req, SL_OK);
    assert_non_null(rep);
    int st = (int)rep->placement->status;
    sl_envelope_free(rep);
    return st;
}

static bool missing_has(const Stagelijn__V1__Contract *c, const char *id)
{
    for (size_t i = 0; i < c->n_missing; i++)
        if (!strcmp(c->missing[i]->rule_id, id))
            return true;
    return false;
}

/* Runs a program (args end with NULL) and returns its exit code; output in W.out. */
static int cli(const char *prog, const char *user, ...)
{
    const char *args[40];
    int n = 0;
    va_list ap;
    va_start(ap, user);
    const char *a;
    while ((a = va_arg(ap, const char *)) != NULL && n < 39)
        args[n++] = a;
    va_end(ap);
    args[n] = NULL;
    int rc = ts_run_cli(&W.ts, prog, user, TS_PASSWORD, args, W.out, sizeof W.out);
    if (rc != 0)
        fprintf(stderr, "%s %s %s: exit %d; output: %s\n", prog, args[0], args[1], rc, W.out);
    return rc;
}

/* Save a complete contract, sign it by every party, activate. */
static void activate(const char *placement, bool minor)
{
    assert_true(ts_sign_contract_all(W.coach, placement, minor ? TS_SIGN_MINOR : TS_SIGN_ADULT));
    assert_int_equal(placement_status(placement), SIGNED);
    assert_true(ts_set_placement_status(W.coach, placement, ACTIVE, SL_OK, NULL));
}

/* An active sector placement of `student` at `company` from five weeks ago to today +
 * `end_days`: with end_days <= 14 it is in its end-assessment window, with end_days <= 0 it may
 * be completed. */
static void ending_placement(const char *student, const char *company, const char *supervisor,
                             int end_days, bool minor, char id[37])
{
    char start[11], end[11];
    ts_monday(-35, start);
    ts_date(end_days, end);
    const ts_placement_spec spec = {.student_id = student,
                                    .company_id = company,
                                    .supervisor_id = supervisor,
                                    .kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR,
                                    .start_date = start,
                                    .end_date = end,
                                    .n_days = 3,
                                    .day_start = "09:00",
                                    .day_end = "15:30",
                                    .break_minutes = 30};
    assert_true(
        ts_make_active_placement(W.coach, &spec, minor ? TS_SIGN_MINOR : TS_SIGN_ADULT, id));
}

/* A new minor student of class A in `year` (like Anna, without a login): a placement of
 * someone else that is signed holds the student's days, so a test that signs one uses a
 * student of its own. */
static void fresh_minor(int year, char id[37])
{
    static int n;
    char name[24];
    snprintf(name, sizeof name, "Minor%d", ++n);
    const ts_student_spec s = {.first_name = name,
                               .class_id = W.class_a,
                               .date_of_birth = "2010-05-05",
                               .school_year = (uint32_t)year};
    assert_true(ts_make_student(W.admin, &s, id, NULL));
}

static int setup(void **state)
{
    (void)state;
    /* A long school week, so that test_recorded_hours can plan full-time weeks for a minor
     * within WVO art. 32 (test_workkind covers that rule). */
    if (!ts_start(&W.ts, "education_hours_per_week = 60\n"))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char coach[37], ma[37], mb[37], otp[64];
    const ts_company_spec winkel = {.name = "Winkel A",
                                    .address = "Dorpsstraat 1",
                                    .city = "Utrecht",
                                    .places = 5,
                                    .supervision_capacity = 5};
    ts_company_spec leerbedrijf = winkel;
    leerbedrijf.name = "Leerbedrijf B";
    leerbedrijf.recognised = true;
    const ts_student_spec anna = {.first_name = "Anna",
                                  .last_name = "Jansen",
                                  .class_id = W.class_a,
                                  .date_of_birth = "2010-05-05",
                                  .username = "anna"};
    const ts_student_spec eva = {.first_name = "Eva",
                                 .last_name = "Jansen",
                                 .class_id = W.class_b,
                                 .date_of_birth = "2006-02-02"};
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, coach) ||
        !ts_create_user(W.admin, "mentor-a", 4, NULL, ma) ||
        !ts_create_user(W.admin, "mentor-b", 4, NULL, mb) ||
        !ts_make_class(W.admin, "A", 4, ma, W.class_a) ||
        !ts_make_class(W.admin, "B", 4, mb, W.class_b) ||
        !ts_make_company(W.admin, &winkel, W.company_a) ||
        !ts_make_company(W.admin, &leerbedrijf, W.company_b) ||
        !ts_create_user(W.admin, "sup-a", 5, W.company_a, W.sup_a_id) ||
        !ts_create_user(W.admin, "sup-b", 5, W.company_b, W.sup_b_id) ||
        !ts_make_student(W.admin, &anna, W.anna, otp) ||
        !ts_make_student(W.admin, &eva, W.eva, NULL))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    W.mentor_a = ts_login(&W.ts, "mentor-a", TS_PASSWORD);
    W.mentor_b = ts_login(&W.ts, "mentor-b", TS_PASSWORD);
    W.sup_a = ts_login(&W.ts, "sup-a", TS_PASSWORD);
    W.sup_b = ts_login(&W.ts, "sup-b", TS_PASSWORD);
    W.stud = ts_student_login(&W.ts, "anna", otp);
    return W.coach && W.mentor_a && W.mentor_b && W.sup_a && W.sup_b && W.stud ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *all[] = {W.admin, W.coach, W.mentor_a, W.mentor_b, W.sup_a, W.sup_b, W.stud};
    return ts_teardown(&W.ts, all, sizeof all / sizeof all[0]);
}

/* ---------------------------------------------------------------- school norms as warnings */

static void test_placement_warnings(void **state)
{
    (void)state;
    /* Year 3 internship I: 2 days of at most 5 hours; 3 days of 7 hours break both norms,
     * yet the placement is made (warnings never refuse). */
    char y3[37];
    fresh_minor(3, y3);
    placement_spec s = {
        y3, W.company_a, W.sup_a_id, STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_1,
        7,  3,           "09:00",    "16:00",
        30, false};
    long warnings = ts_count_rows(&W.ts, "placement_warnings");
    sl_envelope *rep = create_placement(&s, SL_OK);
    assert_non_null(rep);
    char pid[37];
    snprintf(pid, sizeof pid, "%s", rep->placement->id);
    assert_int_equal(rep->placement->status, PROPOSED);
    assert_int_equal(rep->placement->n_warnings, 2);
    bool days = false, hours = false;
    for (size_t i = 0; i < rep->placement->n_warnings; i++) {
        assert_true(rep->placement->warnings[i]->warning);
        days |= !strcmp(rep->placement->warnings[i]->rule_id, "SCHOOL_Y3_DAYS_PER_WEEK");
        hours |= !strcmp(rep->placement->warnings[i]->rule_id, "SCHOOL_Y3_HOURS_PER_DAY");
    }
    assert_true(days && hours);
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "placement_warnings"), warnings + 2);

    /* An internal internship belongs in the school's own canteen: at a company it is
     * refused (test_prep covers internal companies). */
    s.kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INTERNAL;
    rep = create_placement(&s, SL_EINVAL);
    assert_non_null(rep);
    sl_envelope_free(rep);
    s.kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_1;

    /* ListPlacementWarnings: through the workstation; the class's mentor and the company's
     * supervisor may read, another mentor and another company's supervisor may not. */
    assert_int_equal(cli("stagelijn", "coach", "warning", "list", "--placement", pid, NULL), 0);
    assert_non_null(strstr(W.out, "SCHOOL_Y3_DAYS_PER_WEEK"));
    assert_non_null(strstr(W.out, "\"accepted\":false"));
    rep = list_warnings(W.mentor_a, pid, SL_OK);
    assert_non_null(rep);
    assert_int_equal(rep->list_placement_warnings_reply->n_warnings, 2);
    sl_envelope_free(rep);
    sl_envelope_free(list_warnings(W.sup_a, pid, SL_OK));
    assert_non_null(rep = list_warnings(W.mentor_b, pid, SL_EPERM));
    sl_envelope_free(rep);
    assert_non_null(rep = list_warnings(W.sup_b, pid, SL_EPERM));
    sl_envelope_free(rep);
    assert_non_null(rep = list_warnings(W.coach, "not-an-id", SL_EINVAL));
    sl_envelope_free(rep);
    assert_non_null(
        rep = list_warnings(W.coach, "00000000-0000-4000-8000-000000000000", SL_ENOTFOUND));
    sl_envelope_free(rep);

    /* AcceptWarning: refusals first, none of which writes anything. */
    long audit = ts_count_rows(&W.ts, "audit");
    const char *reason = "Werkgever kan alleen drie dagen; met ouders besproken.";
    assert_non_null(
        rep = accept_warning(W.coach, pid, "SCHOOL_Y3_DAYS_PER_WEEK", "  te kort  ", SL_EINVAL));
    sl_envelope_free(rep);
    assert_non_null(rep = accept_warning(W.coach, pid, "", reason, SL_EINVAL));
    sl_envelope_free(rep);
    assert_non_null(
        rep = accept_warning(W.coach, pid, "SCHOOL_Y45_DAYS_PER_WEEK", reason, SL_ENOTFOUND));
    sl_envelope_free(rep);
    sl_client *deniers[] = {W.mentor_a, W.sup_a, W.stud, W.admin};
    for (size_t i = 0; i < sizeof deniers / sizeof deniers[0]; i++) {
        assert_non_null(
            rep = accept_warning(deniers[i], pid, "SCHOOL_Y3_DAYS_PER_WEEK", reason, SL_EPERM));
        sl_envelope_free(rep);
    }
    assert_int_equal(ts_count_rows(&W.ts, "audit"), audit);

    assert_int_equal(cli("stagelijn", "coach", "warning", "accept", "--placement", pid, "--rule",
                         "SCHOOL_Y3_DAYS_PER_WEEK", "--reason", reason, NULL),
                     0);
    assert_non_null(strstr(W.out, "\"accepted\":true"));
    assert_non_null(strstr(W.out, "met ouders besproken"));
    assert_true(ts_count_rows(&W.ts, "audit") > audit); /* the CLI's login is audited too */
    /* Once only. */
    assert_non_null(
        rep = accept_warning(W.coach, pid, "SCHOOL_Y3_DAYS_PER_WEEK", reason, SL_EEXISTS));
    sl_envelope_free(rep);
    /* The placement shows its warnings, the accepted one marked so. */
    assert_int_equal(cli("stagelijn", "coach", "placement", "show", "--id", pid, NULL), 0);
    assert_non_null(strstr(W.out, "(accepted: Werkgever"));
    assert_non_null(strstr(W.out, "SCHOOL_Y3_HOURS_PER_DAY"));
}

/* ---------------------------------------------------------------- Entree admission */

static void test_entree_admission(void **state)
{
    (void)state;
    /* An adult in the Entree year (an Entree placement belongs to it). */
    char entree[37];
    const ts_student_spec es = {.first_name = "Emre",
                                .class_id = W.class_b,
                                .date_of_birth = "2006-06-06",
                                .school_year = 6};
    assert_true(ts_make_student(W.admin, &es, entree, NULL));
    placement_spec s = {
        entree, W.company_a, W.sup_a_id, STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_ENTREE,
        7,      3,           "09:00",    "16:30",
        30,     false};
    long placements = ts_count_rows(&W.ts, "placements");
    long audit = ts_count_rows(&W.ts, "audit");
    /* Company A is no recognised training company: refused. */
    sl_envelope *rep = create_placement(&s, SL_EPRECOND);
    assert_non_null(rep);
    assert_true(ts_has_rule(rep, "ENTREE_RECOGNISED_COMPANY"));
    sl_envelope_free(rep);
    s.kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_DUAL;
    rep = create_placement(&s, SL_EPRECOND);
    assert_true(ts_has_rule(rep, "ENTREE_RECOGNISED_COMPANY"));
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "placements"), placements);
    assert_int_equal(ts_count_rows(&W.ts, "audit"), audit);

    /* At a recognised company it is made; with no earlier internship passed, a warning. */
    s.kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_ENTREE;
    s.company = W.company_b;
    s.supervisor = W.sup_b_id;
    rep = create_placement(&s, SL_OK);
    assert_non_null(rep);
    bool prior = false;
    for (size_t i = 0; i < rep->placement->n_warnings; i++)
        prior |= !strcmp(rep->placement->warnings[i]->rule_id, "ENTREE_PRIOR_INTERNSHIPS");
    assert_true(prior);
    char first[37];
    snprintf(first, sizeof first, "%s", rep->placement->id);
    sl_envelope_free(rep);

    /* An earlier internship ended with a positive end assessment: no warning any more. The
     * proposed Entree placement takes none (it has not run); an earlier one in its last
     * week does. */
    char earlier[37];
    ending_placement(entree, W.company_b, W.sup_b_id, 0, false, earlier);
    Stagelijn__V1__CompetenceRatings cr = STAGELIJN__V1__COMPETENCE_RATINGS__INIT;
    cr.persoonlijk = cr.arbeid = cr.sociaal = cr.onderzoek = cr.leren = 4;
    Stagelijn__V1__Assessment as = STAGELIJN__V1__ASSESSMENT__INIT;
    as.placement_id = first;
    as.kind = STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_END;
    as.ratings = &cr;
    as.verdict = STAGELIJN__V1__JUDGEMENT__JUDGEMENT_POSITIVE;
    Stagelijn__V1__SubmitAssessmentRequest sa = STAGELIJN__V1__SUBMIT_ASSESSMENT_REQUEST__INIT;
    sa.assessment = &as;
    ENV(areq);
    areq.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_ASSESSMENT;
    areq.submit_assessment = &sa;
    sl_envelope *refused = ts_call(W.sup_b, &areq, SL_EPRECOND);
    assert_true(ts_has_rule(refused, "STATE_PLACEMENT_NOT_ACTIVE"));
    sl_envelope_free(refused);
    as.placement_id = earlier;
    assert_true(ts_expect(W.sup_b, &areq, SL_OK));
    /* It ends today: completed, it no longer holds Eva's days. */
    assert_true(ts_set_placement_status(W.coach, earlier, COMPLETED, SL_OK, NULL));
    rep = create_placement(&s, SL_OK);
    assert_non_null(rep);
    for (size_t i = 0; i < rep->placement->n_warnings; i++)
        assert_string_not_equal(rep->placement->warnings[i]->rule_id, "ENTREE_PRIOR_INTERNSHIPS");
    sl_envelope_free(rep);
}

/* ---------------------------------------------------------------- SaveContract, GetContract */

static void test_save_and_get_contract(void **state)
{
    (void)state;
    char pid[37];
    new_placement(W.anna, W.company_a, W.sup_a_id, pid);
    Stagelijn__V1__Contract c;
    ts_contract_fill(&c, pid);
    long contracts = ts_count_rows(&W.ts, "contracts"), audit = ts_count_rows(&W.ts, "audit");

    /* Bad input. */
    c.n_locations = 0;
    sl_envelope *rep = save_contract(W.coach, &c, SL_EINVAL);
    assert_non_null(rep);
    sl_envelope_free(rep);
    char *eleven[11];
    for (int i = 0; i < 11; i++)
        eleven[i] = "Locatie";
    c.locations = eleven;
    c.n_locations = 11;
    assert_non_null(rep = save_contract(W.coach, &c, SL_EINVAL));
    sl_envelope_free(rep);
    char *twolines[] = {"Hal 1\nHal 2"};
    c.locations = twolines;
    c.n_locations = 1;
    assert_non_null(rep = save_contract(W.coach, &c, SL_EINVAL));
    sl_envelope_free(rep);
    ts_contract_fill(&c, pid);
    char *huge = malloc(20000);
    memset(huge, 'x', 19999);
    huge[19999] = '\0';
    c.learning_activities = huge;
    assert_non_null(rep = save_contract(W.coach, &c, SL_EINVAL));
    sl_envelope_free(rep);
    free(huge);
    ts_contract_fill(&c, pid);
    c.placement_id = "00000000-0000-4000-8000-000000000000";
    assert_non_null(rep = save_contract(W.coach, &c, SL_ENOTFOUND));
    sl_envelope_free(rep);
    Stagelijn__V1__SaveContractRequest empty = STAGELIJN__V1__SAVE_CONTRACT_REQUEST__INIT;
    ENV(ereq);
    ereq.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_CONTRACT;
    ereq.save_contract = &empty; /* no contract at all */
    assert_true(ts_expect(W.coach, &ereq, SL_EINVAL));
    /* Wrong role: only coaches write the contract. */
    ts_contract_fill(&c, pid);
    sl_client *deniers[] = {W.mentor_a, W.sup_a, W.stud, W.admin};
    for (size_t i = 0; i < sizeof deniers / sizeof deniers[0]; i++) {
        assert_non_null(rep = save_contract(deniers[i], &c, SL_EPERM));
        sl_envelope_free(rep);
    }
    assert_int_equal(ts_count_rows(&W.ts, "contracts"), contracts);
    assert_int_equal(ts_count_rows(&W.ts, "audit"), audit);
    assert_int_equal(placement_status(pid), PROPOSED);

    /* A draft without the inspection arrangement is saved; it is not complete. */
    long events = ts_count_rows(&W.ts, "events");
    c.inspection_arrangement = "";
    rep = save_contract(W.coach, &c, SL_OK);
    assert_non_null(rep);
    assert_false(rep->contract->complete);
    assert_true(rep->contract->parent_signature_required);
    assert_true(missing_has(rep->contract, "LAW_CONTRACT_INSPECTION"));
    assert_true(missing_has(rep->contract, "LAW_CONTRACT_SIGNATURE_PARENT"));
    assert_int_equal(rep->contract->n_locations, 2);
    sl_envelope_free(rep);
    assert_int_equal(placement_status(pid), DRAFTED);
    assert_int_equal(ts_count_rows(&W.ts, "events"), events + 1); /* placement_status */

    /* Signing an incomplete text is refused with what is missing. */
    char today[11];
    ts_date(0, today);
    long sigs = ts_count_rows(&W.ts, "contract_signatures");
    rep = sign(W.coach, pid, SCHOOL, "C. Oach", today, SL_EPRECOND);
    assert_true(ts_has_rule(rep, "LAW_CONTRACT_INSPECTION"));
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "contract_signatures"), sigs);

    /* Saved whole through the workstation. */
    assert_int_equal(cli("stagelijn", "coach", "contract", "save", "--placement", pid,
                         "--activities", "Vakken vullen en klanten helpen.", "--location",
                         "Hoofdvestiging", "--supervision",
                         "Coach elke 3 weken, begeleider dagelijks.", "--assessment",
                         "Het bedrijf beoordeelt per periode.", "--inspection",
                         "De inspectie is welkom na aanmelding.", "--accident-insurer", "School",
                         "--liability-insurer", "School", "--premium-payer", "School", NULL),
                     0);
    assert_non_null(strstr(W.out, "LAW_CONTRACT_SIGNATURE_SCHOOL"));
    assert_null(strstr(W.out, "LAW_CONTRACT_INSPECTION"));

    /* A signature, then a change of the text: the signature no longer holds. */
    assert_true(sign_ok(W.coach, pid, SCHOOL, today, SL_OK));
    assert_int_equal(ts_count_rows(&W.ts, "contract_signatures"), sigs + 1);
    ts_contract_fill(&c, pid);
    rep = save_contract(W.coach, &c, SL_OK);
    assert_non_null(rep);
    assert_int_equal(rep->contract->n_signatures, 0);
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "contract_signatures"), sigs);
    /* Saving the same text again keeps a signature. */
    assert_true(sign_ok(W.coach, pid, SCHOOL, today, SL_OK));
    rep = save_contract(W.coach, &c, SL_OK);
    assert_int_equal(rep->contract->n_signatures, 1);
    assert_true(rep->contract->complete == false);
    sl_envelope_free(rep);

    /* GetContract: the workstation, the class's mentor, the company and the student read it;
     * another mentor and another company do not. */
    assert_int_equal(cli("stagelijn", "coach", "contract", "show", "--placement", pid, NULL), 0);
    assert_non_null(strstr(W.out, "\"parent_signature_required\":true"));
    assert_non_null(strstr(W.out, "LAW_CONTRACT_SIGNATURE_COMPANY"));
    sl_client *readers[] = {W.mentor_a, W.sup_a, W.stud};
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
        assert_non_null(rep = get_contract(readers[i], pid, SL_OK));
        assert_int_equal(rep->contract->n_signatures, 1);
        sl_envelope_free(rep);
    }
    assert_non_null(rep = get_contract(W.mentor_b, pid, SL_EPERM));
    sl_envelope_free(rep);
    assert_non_null(rep = get_contract(W.sup_b, pid, SL_EPERM));
    sl_envelope_free(rep);
    assert_non_null(rep = get_contract(W.coach, "nope", SL_EINVAL));
    sl_envelope_free(rep);
    /* A placement without a contract: everything is missing. */
    char bare[37];
    new_placement(W.anna, W.company_a, W.sup_a_id, bare);
    rep = get_contract(W.coach, bare, SL_OK);
    assert_false(rep->contract->complete);
    assert_true(missing_has(rep->contract, "LAW_CONTRACT_LEARNING_ACTIVITIES"));
    assert_true(missing_has(rep->contract, "LAW_CONTRACT_LOCATIONS"));
    sl_envelope_free(rep);
}

/* ---------------------------------------------------------------- SignContract */

static void test_sign_contract(void **state)
{
    (void)state;
    char pid[37], today[11], tomorrow[11], yesterday[11];
    ts_date(0, today);
    ts_date(1, tomorrow);
    ts_date(-1, yesterday);
    char minor[37];
    fresh_minor(4, minor);
    new_placement(minor, W.company_a, W.sup_a_id, pid);

    /* No contract yet. */
    long sigs = ts_count_rows(&W.ts, "contract_signatures"), audit = ts_count_rows(&W.ts, "audit");
    sl_envelope *rep = sign(W.coach, pid, SCHOOL, "C. Oach", today, SL_EPRECOND);
    assert_true(ts_has_rule(rep, "CONTRACT_NOT_SAVED"));
    sl_envelope_free(rep);

    Stagelijn__V1__Contract c;
    ts_contract_fill(&c, pid);
    sl_envelope_free(save_contract(W.coach, &c, SL_OK));
    audit = ts_count_rows(&W.ts, "audit");

    /* Bad input. */
    assert_non_null(rep = sign(W.coach, pid, 0, "C. Oach", today, SL_EINVAL));
    sl_envelope_free(rep);
    assert_non_null(rep = sign(W.coach, pid, 5, "C. Oach", today, SL_EINVAL));
    sl_envelope_free(rep);
    assert_non_null(rep = sign(W.coach, pid, SCHOOL, "", today, SL_EINVAL));
    sl_envelope_free(rep);
    assert_non_null(rep = sign(W.coach, pid, SCHOOL, "Two\nlines", today, SL_EINVAL));
    sl_envelope_free(rep);
    assert_non_null(rep = sign(W.coach, pid, SCHOOL, "C. Oach", "28-11-2026", SL_EINVAL));
    sl_envelope_free(rep);
    assert_non_null(rep = sign(W.coach, pid, SCHOOL, "C. Oach", tomorrow, SL_EPRECOND));
    sl_envelope_free(rep);
    /* The text was saved today: a signature from yesterday cannot be on it. */
    assert_non_null(rep = sign(W.coach, pid, SCHOOL, "C. Oach", yesterday, SL_EINVAL));
    sl_envelope_free(rep);
    /* Wrong role: a supervisor only for the company, only his/her own; no mentor, student. */
    assert_non_null(rep = sign(W.sup_a, pid, SCHOOL, "S. A", today, SL_EPERM));
    sl_envelope_free(rep);
    assert_non_null(rep = sign(W.sup_a, pid, STUDENT, "S. A", today, SL_EPERM));
    sl_envelope_free(rep);
    assert_non_null(rep = sign(W.sup_b, pid, COMPANY, "S. B", today, SL_EPERM));
    sl_envelope_free(rep);
    assert_non_null(rep = sign(W.mentor_a, pid, SCHOOL, "M. A", today, SL_EPERM));
    sl_envelope_free(rep);
    assert_non_null(rep = sign(W.stud, pid, STUDENT, "Anna", today, SL_EPERM));
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "contract_signatures"), sigs);
    assert_int_equal(ts_count_rows(&W.ts, "audit"), audit);

    /* The company signs on its kiosk; the others are recorded by the coach. */
    assert_int_equal(cli("stagelijn-kiosk", "sup-a", "contract", "sign", "--placement", pid,
                         "--party", "company", "--name", "S. Upervisor", "--date", today, NULL),
                     0);
    assert_non_null(strstr(W.out, "S. Upervisor"));
    assert_int_equal(cli("stagelijn", "coach", "contract", "sign", "--placement", pid, "--party",
                         "school", "--name", "C. Oach", "--date", today, NULL),
                     0);
    assert_true(sign_ok(W.coach, pid, STUDENT, today, SL_OK));
    assert_int_equal(placement_status(pid), DRAFTED); /* the parent still signs: Anna is 16 */
    rep = sign(W.coach, pid, PARENT, "P. Jansen", today, SL_OK);
    assert_non_null(rep);
    assert_true(rep->contract->complete);
    assert_int_equal(rep->contract->n_missing, 0);
    sl_envelope_free(rep);
    assert_int_equal(placement_status(pid), SIGNED);

    /* Signed: the text and its signatures are locked. */
    long contracts_audit = ts_count_rows(&W.ts, "audit");
    rep = save_contract(W.coach, &c, SL_EPRECOND);
    assert_true(ts_has_rule(rep, "CONTRACT_LOCKED"));
    sl_envelope_free(rep);
    rep = sign(W.coach, pid, SCHOOL, "C. Oach", today, SL_EPRECOND);
    assert_true(ts_has_rule(rep, "CONTRACT_LOCKED"));
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "audit"), contracts_audit);

    /* An adult signs for him/herself: no parent signature, and the contract is complete
     * without it. */
    char adult[37], adult_student[37];
    const ts_student_spec as = {
        .first_name = "Ada", .class_id = W.class_b, .date_of_birth = "2006-02-02"};
    assert_true(ts_make_student(W.admin, &as, adult_student, NULL));
    new_placement(adult_student, W.company_b, W.sup_b_id, adult);
    ts_contract_fill(&c, adult);
    rep = save_contract(W.coach, &c, SL_OK);
    assert_false(rep->contract->parent_signature_required);
    sl_envelope_free(rep);
    sigs = ts_count_rows(&W.ts, "contract_signatures");
    rep = sign(W.coach, adult, PARENT, "P. Jansen", today, SL_EPRECOND);
    assert_true(ts_has_rule(rep, "CONTRACT_PARENT_NOT_REQUIRED"));
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "contract_signatures"), sigs);
    assert_true(sign_ok(W.sup_b, adult, COMPANY, today, SL_OK));
    assert_true(sign_ok(W.coach, adult, SCHOOL, today, SL_OK));
    assert_true(sign_ok(W.coach, adult, STUDENT, today, SL_OK));
    assert_int_equal(placement_status(adult), SIGNED);
}

/* ---------------------------------------------------------------- SetPlacementStatus */

static void test_placement_status(void **state)
{
    (void)state;
    char pid[37], today[11];
    ts_date(0, today);
    char minor[37];
    fresh_minor(4, minor);
    new_placement(minor, W.company_a, W.sup_a_id, pid);
    long audit = ts_count_rows(&W.ts, "audit"), events = ts_count_rows(&W.ts, "events");

    /* Proposed, no contract: every missing part is named. */
    sl_envelope *rep = set_status(W.coach, pid, ACTIVE, SL_EPRECOND);
    assert_true(ts_has_rule(rep, "LAW_CONTRACT_LEARNING_ACTIVITIES"));
    assert_true(ts_has_rule(rep, "LAW_CONTRACT_SIGNATURE_SCHOOL"));
    assert_true(ts_has_rule(rep, "LAW_CONTRACT_SIGNATURE_PARENT"));
    sl_envelope_free(rep);
    /* Bad input and other transitions. */
    assert_non_null(rep = set_status(W.coach, pid, ENDED_EARLY, SL_EINVAL));
    sl_envelope_free(rep);
    assert_non_null(rep = set_status(W.coach, pid, SIGNED, SL_EINVAL));
    sl_envelope_free(rep);
    assert_non_null(rep = set_status(W.coach, pid, 0, SL_EINVAL));
    sl_envelope_free(rep);
    assert_non_null(rep = set_status(W.coach, pid, COMPLETED, SL_EPRECOND));
    sl_envelope_free(rep);
    assert_non_null(rep = set_status(W.coach, "x", ACTIVE, SL_EINVAL));
    sl_envelope_free(rep);
    sl_client *deniers[] = {W.mentor_a, W.sup_a, W.stud, W.admin};
    for (size_t i = 0; i < sizeof deniers / sizeof deniers[0]; i++) {
        assert_non_null(rep = set_status(deniers[i], pid, ACTIVE, SL_EPERM));
        sl_envelope_free(rep);
    }
    assert_int_equal(ts_count_rows(&W.ts, "audit"), audit);
    assert_int_equal(ts_count_rows(&W.ts, "events"), events);
    assert_int_equal(placement_status(pid), PROPOSED);

    /* Drafted, signed by all but the student: only that is missing. */
    Stagelijn__V1__Contract c;
    ts_contract_fill(&c, pid);
    sl_envelope_free(save_contract(W.coach, &c, SL_OK));
    assert_true(sign_ok(W.coach, pid, SCHOOL, today, SL_OK));
    assert_true(sign_ok(W.coach, pid, COMPANY, today, SL_OK));
    assert_true(sign_ok(W.coach, pid, PARENT, today, SL_OK));
    audit = ts_count_rows(&W.ts, "audit");
    rep = set_status(W.coach, pid, ACTIVE, SL_EPRECOND);
    assert_true(ts_has_rule(rep, "LAW_CONTRACT_SIGNATURE_STUDENT"));
    assert_false(ts_has_rule(rep, "LAW_CONTRACT_SIGNATURE_SCHOOL"));
    assert_int_equal(rep->error->n_violations, 1);
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "audit"), audit);

    assert_true(sign_ok(W.coach, pid, STUDENT, today, SL_OK));
    assert_non_null(rep = set_status(W.coach, pid, COMPLETED, SL_EPRECOND));
    sl_envelope_free(rep);
    /* Through the workstation: activate, then complete. */
    events = ts_count_rows(&W.ts, "events");
    assert_int_equal(cli("stagelijn", "coach", "placement", "activate", "--id", pid, NULL), 0);
    assert_non_null(strstr(W.out, "\"status\":\"active\""));
    assert_non_null(rep = set_status(W.coach, pid, ACTIVE, SL_EPRECOND));
    sl_envelope_free(rep);
    /* It runs for three more months: completing it now is refused (an early end is a
     * dropout). */
    assert_int_not_equal(cli("stagelijn", "coach", "placement", "complete", "--id", pid, NULL), 0);
    assert_non_null(strstr(W.out, "STATE_PLACEMENT_BEFORE_END"));
    assert_int_equal(placement_status(pid), ACTIVE);
    assert_int_equal(ts_count_rows(&W.ts, "events"), events + 1);
    /* A placement that ends today is completed. */
    char ended[37];
    char other[37];
    fresh_minor(4, other);
    ending_placement(other, W.company_b, W.sup_b_id, 0, true, ended);
    events = ts_count_rows(&W.ts, "events");
    assert_int_equal(cli("stagelijn", "coach", "placement", "complete", "--id", ended, NULL), 0);
    assert_non_null(strstr(W.out, "\"status\":\"completed\""));
    assert_int_equal(ts_count_rows(&W.ts, "events"), events + 1);
    assert_non_null(rep = set_status(W.coach, ended, ACTIVE, SL_EPRECOND));
    assert_true(ts_has_rule(rep, "STATE_PLACEMENT_ENDED"));
    sl_envelope_free(rep);
    assert_non_null(rep = set_status(W.coach, ended, COMPLETED, SL_EPRECOND));
    assert_true(ts_has_rule(rep, "STATE_PLACEMENT_ENDED"));
    sl_envelope_free(rep);
}

/* ---------------------------------------------------------------- PrintContract */

static void test_print_contract(void **state)
{
    (void)state;
    char pid[37], today[11];
    ts_date(0, today);
    new_placement(W.anna, W.company_a, W.sup_a_id, pid);
    sl_envelope *rep = print_contract(W.coach, pid, SL_EPRECOND);
    assert_true(ts_has_rule(rep, "CONTRACT_NOT_SAVED"));
    sl_envelope_free(rep);

    Stagelijn__V1__Contract c;
    ts_contract_fill(&c, pid);
    sl_envelope_free(save_contract(W.coach, &c, SL_OK));
    /* A draft says it is one. */
    rep = print_contract(W.coach, pid, SL_OK);
    assert_non_null(rep);
    assert_non_null(strstr(rep->contract_document->text, "CONCEPT"));
    sl_envelope_free(rep);
    assert_true(sign_ok(W.coach, pid, SCHOOL, today, SL_OK));
    sl_envelope *signed_rep = sign(W.coach, pid, PARENT, "Petra Jansen", today, SL_OK);
    sl_envelope_free(signed_rep);

    /* Through the workstation (the harness asks for --json: the text as a JSON string). */
    const char *args[] = {"contract", "print", "--placement", pid, NULL};
    char text[OUT];
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn", "coach", TS_PASSWORD, args, text, sizeof text),
                     0);
    const char *want[] = {"Stageovereenkomst",
                          "Anna Jansen",
                          "geboren op 05-05-2010",
                          "Winkel A, Dorpsstraat 1, Utrecht",
                          "Vakken vullen",
                          "Hoofdvestiging, Dorpsstraat 1",
                          "Magazijn, Kade 4",
                          "maandag",
                          "woensdag",
                          "6:00",
                          "Stagebegeleider bezoekt",
                          "beoordeelt per periode",
                          "inspectie kan de stageplaats",
                          "Schoolverzekering",
                          "Aansprakelijkheidsverzekering van het bedrijf",
                          "Premie betaald door:",
                          "Namens de school",
                          "Namens het stagebedrijf",
                          "De leerling",
                          "Ouder/verzorger",
                          "Petra Jansen",
                          "CONCEPT"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        if (!strstr(text, want[i]))
            fprintf(stderr, "missing '%s' in:\n%s\n", want[i], text);
        assert_non_null(strstr(text, want[i]));
    }
    /* ...and into a file. */
    char file[300];
    snprintf(file, sizeof file, "%s/overeenkomst.txt", W.ts.dir);
    assert_int_equal(
        cli("stagelijn", "coach", "contract", "print", "--placement", pid, "--out", file, NULL), 0);
    FILE *f = fopen(file, "r");
    assert_non_null(f);
    char buf[OUT];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    rep = print_contract(W.coach, pid, SL_OK);
    assert_non_null(rep);
    assert_string_equal(buf, rep->contract_document->text);
    sl_envelope_free(rep);

    /* The company's supervisor reads it without the date of birth. */
    rep = print_contract(W.sup_a, pid, SL_OK);
    assert_non_null(rep);
    assert_null(strstr(rep->contract_document->text, "05-05-2010"));
    assert_non_null(strstr(rep->contract_document->text, "16 of 17 jaar"));
    sl_envelope_free(rep);
    assert_non_null(rep = print_contract(W.sup_b, pid, SL_EPERM));
    sl_envelope_free(rep);
    assert_non_null(rep = print_contract(W.mentor_b, pid, SL_EPERM));
    sl_envelope_free(rep);
    assert_non_null(rep = print_contract(W.coach, "", SL_EINVAL));
    sl_envelope_free(rep);

    /* An adult's contract has no parent's signature line. */
    char adult[37];
    new_placement(W.eva, W.company_b, W.sup_b_id, adult);
    ts_contract_fill(&c, adult);
    sl_envelope_free(save_contract(W.coach, &c, SL_OK));
    rep = print_contract(W.coach, adult, SL_OK);
    assert_null(strstr(rep->contract_document->text, "Ouder/verzorger"));
    assert_non_null(strstr(rep->contract_document->text, "erkend leerbedrijf"));
    sl_envelope_free(rep);
}

/* ---------------------------------------------------------------- recorded hours */

static sl_envelope *submit_week(const char *placement, const char *monday, int n,
                                const int *offsets, const int *minutes, sl_status expect)
{
    Stagelijn__V1__AgendaDay d[7], *dp[7];
    char dates[7][11];
    for (int i = 0; i < n; i++) {
        stagelijn__v1__agenda_day__init(&d[i]);
        ts_date_plus(monday, offsets[i], dates[i]);
        d[i].date = dates[i];
        d[i].minutes_worked = (uint32_t)minutes[i];
        d[i].tasks = "werk";
        dp[i] = &d[i];
    }
    Stagelijn__V1__SubmitAgendaWeekRequest s = STAGELIJN__V1__SUBMIT_AGENDA_WEEK_REQUEST__INIT;
    s.placement_id = (char *)placement;
    s.week_start = (char *)monday;
    s.n_days = (size_t)n;
    s.days = dp;
    s.sign = true;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_AGENDA_WEEK;
    req.submit_agenda_week = &s;
    return ts_call(W.sup_a, &req, expect);
}

static void test_recorded_hours(void **state)
{
    (void)state;
    /* Five 8-hour days a week is within the law for a 16-year-old. */
    placement_spec s = {
        W.anna, W.company_a, W.sup_a_id, STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR,
        -42,    5,           "09:00",    "17:30",
        30,     true};
    sl_envelope *rep = create_placement(&s, SL_OK);
    assert_non_null(rep);
    char pid[37];
    snprintf(pid, sizeof pid, "%s", rep->placement->id);
    sl_envelope_free(rep);

    const int week5[] = {0, 1, 2, 3, 4}, full[] = {480, 480, 480, 480, 480};
    char m4[11], m3[11], m2[11], m1[11];
    ts_monday(-28, m4);
    ts_monday(-21, m3);
    ts_monday(-14, m2);
    ts_monday(-7, m1);
    /* Not started yet: no agenda. */
    assert_non_null(rep = submit_week(pid, m4, 5, week5, full, SL_EPRECOND));
    sl_envelope_free(rep);
    activate(pid, true);

    long weeks = ts_count_rows(&W.ts, "agenda_weeks"), days = ts_count_rows(&W.ts, "agenda_days");
    /* More than 9 hours on one day. */
    const int long_day[] = {541};
    rep = submit_week(pid, m4, 1, week5, long_day, SL_EPRECOND);
    assert_true(ts_has_rule(rep, "LAW_MINOR_MAX_DAY_16_17"));
    sl_envelope_free(rep);
    /* Work on a Sunday, and 45 h + 1 min in a week. */
    const int sunday[] = {6}, one_hour[] = {60};
    rep = submit_week(pid, m4, 1, sunday, one_hour, SL_EPRECOND);
    assert_true(ts_has_rule(rep, "LAW_MINOR_SUNDAY_16_17"));
    sl_envelope_free(rep);
    const int six[] = {0, 1, 2, 3, 4, 5}, heavy[] = {540, 540, 540, 540, 540, 1};
    rep = submit_week(pid, m4, 6, six, heavy, SL_EPRECOND);
    assert_true(ts_has_rule(rep, "LAW_MINOR_MAX_WEEK_16_17"));
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "agenda_weeks"), weeks);
    assert_int_equal(ts_count_rows(&W.ts, "agenda_days"), days);

    /* Three weeks of 40 h are fine; a fourth of 40 h too (160 h in 4 weeks)... */
    assert_non_null(rep = submit_week(pid, m4, 5, week5, full, SL_OK));
    sl_envelope_free(rep);
    assert_non_null(rep = submit_week(pid, m3, 5, week5, full, SL_OK));
    sl_envelope_free(rep);
    assert_non_null(rep = submit_week(pid, m2, 5, week5, full, SL_OK));
    sl_envelope_free(rep);
    /* ...but one minute more breaks the 4-week average, though the week itself is fine. */
    const int plus[] = {480, 480, 480, 480, 480, 1};
    rep = submit_week(pid, m1, 6, six, plus, SL_EPRECOND);
    assert_true(ts_has_rule(rep, "LAW_MINOR_AVG_4_WEEKS_16_17"));
    assert_false(ts_has_rule(rep, "LAW_MINOR_MAX_WEEK_16_17"));
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "agenda_weeks"), weeks + 3);
    assert_non_null(rep = submit_week(pid, m1, 5, week5, full, SL_OK));
    sl_envelope_free(rep);
}

int main(void)
{
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_placement_warnings),    cmocka_unit_test(test_entree_admission),
        cmocka_unit_test(test_save_and_get_contract), cmocka_unit_test(test_sign_contract),
        cmocka_unit_test(test_placement_status),      cmocka_unit_test(test_print_contract),
        cmocka_unit_test(test_recorded_hours),
    };
    return cmocka_run_group_tests_name("integration_contract", tests, setup, teardown);
}
