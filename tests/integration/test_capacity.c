/* Capacity and preconditions where they are consumed (server/handlers/places.c, judged by
 * lifecycle_check_holding): company places, supervision capacity, the student's days, the
 * readiness advice or its override, the school year a kind belongs to, and the introductory
 * meeting (a school norm: a warning). Each is checked when a placement is planned and again
 * when it takes its place (the last signature, activation); a refusal changes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT

enum {
    DRAFTED = STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_CONTRACT_DRAFTED,
    SIGNED = STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_SIGNED,
    ACTIVE = STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE,
    INTERNAL = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INTERNAL,
    INDIVIDUAL_1 = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_1,
    SECTOR = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR,
    ENTREE = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_ENTREE,
    DUAL = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_DUAL,
    POS = STAGELIJN__V1__JUDGEMENT__JUDGEMENT_POSITIVE,
    NEG = STAGELIJN__V1__JUDGEMENT__JUDGEMENT_NEGATIVE,
};

static struct {
    test_server ts;
    sl_client *admin, *coach;
    char classes[7][37];               /* by school year, 2..6 */
    char one_place[37], one_sup[37];   /* 1 place */
    char thin_super[37], thin_sup[37]; /* 5 places, supervision for 1 */
    char canteen[37], canteen_sup[37]; /* internal, 10 places */
    char open[37], open_sup[37];       /* 20 places, recognised */
    int students;
} W;

/* ---------------------------------------------------------------- helpers */

/* A new student of `year`, adult unless `dob` is given. */
static void student(int year, const char *dob, char id[37])
{
    char name[24];
    snprintf(name, sizeof name, "Leerling%d", ++W.students);
    const ts_student_spec s = {.first_name = name,
                               .class_id = W.classes[year],
                               .date_of_birth = dob ? dob : "2004-04-04",
                               .school_year = (uint32_t)year};
    assert_true(ts_make_student(W.admin, &s, id, NULL));
}

typedef struct {
    const char *student, *company, *supervisor;
    int kind;
    int first_weekday, n_days;
    int start_days, end_days; /* from today */
} plan;

/* CreatePlacement as the coach: returns the reply (caller frees) when the status is `expect`
 * and, with `rule`, the refusal names it; fails the test otherwise. */
static sl_envelope *create(const plan *p, sl_status expect, const char *rule)
{
    char start[11], end[11];
    ts_monday(p->start_days, start);
    ts_date(p->end_days, end);
    bool internal = p->kind == INTERNAL;
    Stagelijn__V1__ScheduleDay days[7], *dp[7];
    for (int i = 0; i < p->n_days; i++) {
        stagelijn__v1__schedule_day__init(&days[i]);
        days[i].weekday = (uint32_t)(p->first_weekday + i);
        days[i].start = internal ? "09:50" : "09:00";
        days[i].end = internal ? "14:00" : "13:00";
        days[i].break_minutes = 30;
        dp[i] = &days[i];
    }
    Stagelijn__V1__Placement pl = STAGELIJN__V1__PLACEMENT__INIT;
    pl.student_id = (char *)p->student;
    pl.company_id = (char *)p->company;
    pl.supervisor_id = (char *)p->supervisor;
    pl.kind = (Stagelijn__V1__PlacementKind)p->kind;
    pl.start_date = start;
    pl.end_date = end;
    pl.n_schedule = (size_t)p->n_days;
    pl.schedule = dp;
    Stagelijn__V1__CreatePlacementRequest cp = STAGELIJN__V1__CREATE_PLACEMENT_REQUEST__INIT;
    cp.placement = &pl;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_PLACEMENT;
    req.create_placement = &cp;
    bool matched = false;
    sl_envelope *rep = ts_call_rule(W.coach, &req, expect, rule, &matched);
    assert_true(matched);
    return rep;
}

static void make(const plan *p, char id[37])
{
    sl_envelope *rep = create(p, SL_OK, NULL);
    assert_non_null(rep);
    snprintf(id, 37, "%s", rep->placement->id);
    sl_envelope_free(rep);
}

static void refuse(const plan *p, const char *rule)
{
    long before = ts_count_rows(&W.ts, "placements");
    sl_envelope_free(create(p, SL_EPRECOND, rule));
    assert_int_equal(ts_count_rows(&W.ts, "placements"), before);
}

static int status_of(const char *id, bool *has_warning, const char *warning)
{
    Stagelijn__V1__GetPlacementRequest g = STAGELIJN__V1__GET_PLACEMENT_REQUEST__INIT;
    g.id = (char *)id;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_PLACEMENT;
    req.get_placement = &g;
    sl_envelope *rep = ts_call(W.coach, &req, SL_OK);
    assert_non_null(rep);
    int st = rep->placement->status;
    if (has_warning) {
        *has_warning = false;
        for (size_t i = 0; i < rep->placement->n_warnings; i++)
            *has_warning |= strcmp(rep->placement->warnings[i]->rule_id, warning) == 0;
    }
    sl_envelope_free(rep);
    return st;
}

/* Saves the contract and records every signature but the student's, then the student's:
 * the last one takes the place. Returns the status of that last signature. */
static sl_status sign_all_but_check_last(const char *placement, const char *rule)
{
    char today[11];
    ts_date(0, today);
    assert_true(ts_save_contract(W.coach, placement));
    assert_true(ts_sign_contract(W.coach, placement, STAGELIJN__V1__SIGNATURE_PARTY__PARTY_SCHOOL,
                                 today, SL_OK));
    assert_true(ts_sign_contract(W.coach, placement, STAGELIJN__V1__SIGNATURE_PARTY__PARTY_COMPANY,
                                 today, SL_OK));
    /* A parent signs for a minor; an adult's parent is refused (FAILED_PRECONDITION). */
    sl_envelope *ignored = NULL;
    Stagelijn__V1__Signature sig = STAGELIJN__V1__SIGNATURE__INIT;
    sig.party = STAGELIJN__V1__SIGNATURE_PARTY__PARTY_PARENT;
    sig.signer_name = "P. Arent";
    sig.date = today;
    Stagelijn__V1__SignContractRequest sc = STAGELIJN__V1__SIGN_CONTRACT_REQUEST__INIT;
    sc.placement_id = (char *)placement;
    sc.signature = &sig;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SIGN_CONTRACT;
    req.sign_contract = &sc;
    ts_send(W.coach, &req, &ignored);
    sl_envelope_free(ignored);
    sig.party = STAGELIJN__V1__SIGNATURE_PARTY__PARTY_STUDENT;
    sig.signer_name = "S. Tudent";
    sl_envelope *rep = NULL;
    sl_status st = ts_send(W.coach, &req, &rep);
    if (rule)
        assert_true(ts_has_rule(rep, rule));
    sl_envelope_free(rep);
    return st;
}

static void set_status(const char *placement, int to, sl_status expect, const char *rule)
{
    Stagelijn__V1__SetPlacementStatusRequest s = STAGELIJN__V1__SET_PLACEMENT_STATUS_REQUEST__INIT;
    s.placement_id = (char *)placement;
    s.status = (Stagelijn__V1__PlacementStatus)to;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SET_PLACEMENT_STATUS;
    req.set_placement_status = &s;
    bool matched = false;
    sl_envelope_free(ts_call_rule(W.coach, &req, expect, rule, &matched));
    assert_true(matched);
}

static void readiness(const char *student_id, int social)
{
    Stagelijn__V1__ReadinessInput ri = STAGELIJN__V1__READINESS_INPUT__INIT;
    ri.student_id = (char *)student_id;
    ri.social_skills = (Stagelijn__V1__Judgement)social;
    ri.work_attitude = ri.teachers_advice = ri.mentor_assessment = (Stagelijn__V1__Judgement)POS;
    Stagelijn__V1__AssessReadinessRequest ar = STAGELIJN__V1__ASSESS_READINESS_REQUEST__INIT;
    ar.input = &ri;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_ASSESS_READINESS;
    req.assess_readiness = &ar;
    assert_true(ts_expect(W.coach, &req, SL_OK));
}

static void override_to_individual(const char *student_id)
{
    Stagelijn__V1__OverrideReadinessRequest o = STAGELIJN__V1__OVERRIDE_READINESS_REQUEST__INIT;
    o.student_id = (char *)student_id;
    o.advice = STAGELIJN__V1__ADVICE__ADVICE_INDIVIDUAL;
    o.reason = "Met ouders, mentor en coach besproken: het bedrijf begeleidt intensief.";
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_OVERRIDE_READINESS;
    req.override_readiness = &o;
    assert_true(ts_expect(W.coach, &req, SL_OK));
}

static void move_to_year(const char *student_id, int year)
{
    Stagelijn__V1__StudentProfile p = STAGELIJN__V1__STUDENT_PROFILE__INIT;
    p.student_id = (char *)student_id;
    p.school_year = (uint32_t)year;
    p.class_id = W.classes[year];
    Stagelijn__V1__UpdateStudentRequest u = STAGELIJN__V1__UPDATE_STUDENT_REQUEST__INIT;
    u.profile = &p;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_UPDATE_STUDENT;
    req.update_student = &u;
    assert_true(ts_expect(W.coach, &req, SL_OK));
}

static void intro_meeting(const char *student_id, const char *company_id)
{
    char today[11];
    ts_date(0, today);
    Stagelijn__V1__IntroMeeting m = STAGELIJN__V1__INTRO_MEETING__INIT;
    m.student_id = (char *)student_id;
    m.company_id = (char *)company_id;
    m.date = today;
    m.agreed = true;
    Stagelijn__V1__RecordIntroMeetingRequest rm = STAGELIJN__V1__RECORD_INTRO_MEETING_REQUEST__INIT;
    rm.meeting = &m;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_INTRO_MEETING;
    req.record_intro_meeting = &rm;
    assert_true(ts_expect(W.coach, &req, SL_OK));
}

/* ---------------------------------------------------------------- setup */

static bool company(const char *name, uint32_t places, uint32_t supervision, bool internal,
                    const char *user, char id[37], char sup[37])
{
    const ts_company_spec c = {.name = name,
                               .city = "Utrecht",
                               .places = places,
                               .supervision_capacity = supervision,
                               .recognised = !internal,
                               .internal = internal};
    return ts_make_company(W.admin, &c, id) && ts_create_user(W.admin, user, 5, id, sup);
}

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&W.ts, NULL))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char coach[37];
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, coach))
        return -1;
    for (int y = 2; y <= 6; y++) {
        char name[8];
        snprintf(name, sizeof name, "K%d", y);
        if (!ts_make_class(W.admin, name, y, NULL, W.classes[y]))
            return -1;
    }
    if (!company("Een Plek", 1, 1, false, "sup-one", W.one_place, W.one_sup) ||
        !company("Weinig Begeleiding", 5, 1, false, "sup-thin", W.thin_super, W.thin_sup) ||
        !company("Schoolkantine", 10, 10, true, "sup-kantine", W.canteen, W.canteen_sup) ||
        !company("Leerbedrijf", 20, 20, false, "sup-open", W.open, W.open_sup))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    return W.coach ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *clients[] = {W.admin, W.coach};
    return ts_teardown(&W.ts, clients, 2);
}

/* ---------------------------------------------------------------- capacities */

static void test_company_places(void **state)
{
    (void)state;
    char a[37], b[37], c[37], later[37], pa[37], pb[37], pl[37];
    student(4, NULL, a);
    student(4, NULL, b);
    student(4, NULL, c);
    student(4, NULL, later);
    plan p = {a, W.one_place, W.one_sup, SECTOR, 1, 3, -7, 90};
    /* Two plans for the one place: both may be made (a plan holds no place)... */
    make(&p, pa);
    p.student = b;
    make(&p, pb);
    /* ...the first takes it, at its last signature, and becomes active. */
    assert_int_equal(sign_all_but_check_last(pa, NULL), SL_OK);
    set_status(pa, ACTIVE, SL_OK, NULL);
    /* The second cannot: its last signature is refused and not recorded. */
    long sigs = ts_count_rows(&W.ts, "contract_signatures");
    assert_int_equal(sign_all_but_check_last(pb, "CAP_COMPANY_PLACES"), SL_EPRECOND);
    assert_int_equal(status_of(pb, NULL, NULL), DRAFTED);
    assert_int_equal(ts_count_rows(&W.ts, "contract_signatures"), sigs + 2 /* school, company */);
    set_status(pb, ACTIVE, SL_EPRECOND, NULL);
    /* A new plan for the same dates is refused at once; one after the first ends is made. */
    p.student = c;
    refuse(&p, "CAP_COMPANY_PLACES");
    p.student = later;
    p.start_days = 100;
    p.end_days = 160;
    make(&p, pl);
}

static void test_supervision_capacity(void **state)
{
    (void)state;
    char a[37], b[37], pa[37], pb[37];
    student(4, NULL, a);
    student(4, NULL, b);
    plan p = {a, W.thin_super, W.thin_sup, SECTOR, 1, 3, -7, 90};
    make(&p, pa);
    p.student = b;
    make(&p, pb);
    assert_int_equal(sign_all_but_check_last(pa, NULL), SL_OK);
    /* Five places, but supervision for one student: the second is refused at its signature
     * and a third plan at once. */
    assert_int_equal(sign_all_but_check_last(pb, "CAP_COMPANY_SUPERVISION"), SL_EPRECOND);
    char c[37];
    student(4, NULL, c);
    p.student = c;
    refuse(&p, "CAP_COMPANY_SUPERVISION");
}

static void test_student_days(void **state)
{
    (void)state;
    /* Two internal internships of one year-2 student on the same Wednesday. */
    char s[37], first[37], second[37], other_day[37];
    student(2, NULL, s);
    plan p = {s, W.canteen, W.canteen_sup, INTERNAL, 3, 1, -7, 20};
    make(&p, first);
    make(&p, second);
    assert_int_equal(sign_all_but_check_last(first, NULL), SL_OK);
    set_status(first, ACTIVE, SL_OK, NULL);
    assert_int_equal(sign_all_but_check_last(second, "CAP_STUDENT_DOUBLE_BOOKED"), SL_EPRECOND);
    assert_int_equal(status_of(second, NULL, NULL), DRAFTED);
    /* A third on the same day is refused at once; on Thursday it is made. */
    refuse(&p, "CAP_STUDENT_DOUBLE_BOOKED");
    p.first_weekday = 4;
    make(&p, other_day);
}

/* ---------------------------------------------------------------- preconditions */

static void test_readiness_advice(void **state)
{
    (void)state;
    char s[37], pid[37];
    student(3, NULL, s);
    /* Insufficient social skills: the advice is the group internship. */
    readiness(s, NEG);
    plan p = {s, W.open, W.open_sup, INDIVIDUAL_1, 1, 2, -7, 90};
    refuse(&p, "PRE_READINESS_GROUP");
    /* With the advice overridden (reason and author recorded) it is made and signed. */
    override_to_individual(s);
    make(&p, pid);
    intro_meeting(s, W.open);
    assert_int_equal(sign_all_but_check_last(pid, NULL), SL_OK);
    /* A new check replaces the override: the advice is group again, and activation refuses. */
    readiness(s, NEG);
    set_status(pid, ACTIVE, SL_EPRECOND, "PRE_READINESS_GROUP");
    assert_int_equal(status_of(pid, NULL, NULL), SIGNED);
    override_to_individual(s);
    set_status(pid, ACTIVE, SL_OK, NULL);
}

static void test_school_year_of_the_kind(void **state)
{
    (void)state;
    /* A 14-year-old in year 2: no Entree or dual placement. */
    char today[11], dob[16], young[37];
    ts_date(0, today);
    int y = 0;
    assert_int_equal(sscanf(today, "%d", &y), 1);
    snprintf(dob, sizeof dob, "%04d-01-01", (y - 14) % 10000);
    student(2, dob, young);
    plan p = {young, W.open, W.open_sup, ENTREE, 1, 1, -7, 90};
    refuse(&p, "PRE_ENTREE_YEAR");
    p.kind = DUAL;
    refuse(&p, "PRE_ENTREE_YEAR");

    /* In the Entree year it is made; moved back to year 4 before it starts, activation
     * refuses. */
    char e[37], pid[37];
    student(6, NULL, e);
    p.student = e;
    p.kind = ENTREE;
    make(&p, pid);
    intro_meeting(e, W.open);
    assert_int_equal(sign_all_but_check_last(pid, NULL), SL_OK);
    move_to_year(e, 4);
    set_status(pid, ACTIVE, SL_EPRECOND, "PRE_ENTREE_YEAR");
    move_to_year(e, 6);
    set_status(pid, ACTIVE, SL_OK, NULL);

    /* Another kind outside its year is the school's norm: made, with a warning. */
    char y4[37];
    student(4, NULL, y4);
    plan q = {y4, W.open, W.open_sup, INDIVIDUAL_1, 1, 2, -7, 90};
    sl_envelope *rep = create(&q, SL_OK, NULL);
    bool phase = false;
    for (size_t i = 0; i < rep->placement->n_warnings; i++)
        phase |= !strcmp(rep->placement->warnings[i]->rule_id, "SCHOOL_PHASE_KIND");
    assert_true(phase);
    sl_envelope_free(rep);
}

static void test_intro_meeting_before_the_contract(void **state)
{
    (void)state;
    char s[37], pid[37];
    student(4, NULL, s);
    plan p = {s, W.open, W.open_sup, SECTOR, 1, 3, -7, 90};
    make(&p, pid);
    bool warned = true;
    assert_int_equal(status_of(pid, &warned, "SCHOOL_INTRO_MEETING"), 1);
    assert_false(warned); /* a plan is made before the meeting */
    /* The contract without a meeting on record: a warning, never a refusal. */
    assert_int_equal(sign_all_but_check_last(pid, NULL), SL_OK);
    assert_int_equal(status_of(pid, &warned, "SCHOOL_INTRO_MEETING"), SIGNED);
    assert_true(warned);
    /* Recorded since: activation finds it and the warning goes. */
    intro_meeting(s, W.open);
    set_status(pid, ACTIVE, SL_OK, NULL);
    assert_int_equal(status_of(pid, &warned, "SCHOOL_INTRO_MEETING"), ACTIVE);
    assert_false(warned);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_company_places),
        cmocka_unit_test(test_supervision_capacity),
        cmocka_unit_test(test_student_days),
        cmocka_unit_test(test_readiness_advice),
        cmocka_unit_test(test_school_year_of_the_kind),
        cmocka_unit_test(test_intro_meeting_before_the_contract),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
