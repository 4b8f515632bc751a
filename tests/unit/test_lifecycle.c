/* The placement lifecycle (server/pure/lifecycle.c): the whole table of operation x state against
 * the table in docs/rules.md, written out here a second time, every refusal with its rule id,
 * and the guards that need dates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lifecycle.h"

/* docs/rules.md, "The placement lifecycle": one string per operation, one letter per state
 * in the order PROPOSED, CONTRACT_DRAFTED, SIGNED, ACTIVE, COMPLETED, ENDED_EARLY; a letter
 * is the refusal ('.' allowed): L CONTRACT_LOCKED, N CONTRACT_NOT_SAVED, E STATE_PLACEMENT_ENDED,
 * S STATE_PLACEMENT_NOT_SIGNED, A STATE_PLACEMENT_NOT_ACTIVE, Y STATE_PLACEMENT_ACTIVE_ALREADY. */
static const struct {
    lc_op op;
    const char *row;
} expected[] = {
    {LC_OP_READ, "......"},          {LC_OP_CONTRACT_SAVE, "..LLLL"},
    {LC_OP_CONTRACT_SIGN, "N.LLLL"}, {LC_OP_STATUS_CHANGE, "....EE"},
    {LC_OP_ACTIVATE, "SS.YEE"},      {LC_OP_COMPLETE, "AAA.EE"},
    {LC_OP_DROPOUT, "....EE"},       {LC_OP_AGENDA_WRITE, "SS..EE"},
    {LC_OP_AGENDA_SIGN, "SS...."},   {LC_OP_VISIT_LOG, "SS...."},
    {LC_OP_ASSESSMENT, "AAA..."},    {LC_OP_ASSESS_INTERIM, "AAA.EE"},
    {LC_OP_ASSESS_END, "AAA..."},    {LC_OP_ASSIGNMENT, "SS...."},
    {LC_OP_EXAM_SESSION, "AAA..E"},  {LC_OP_WARNING_ACCEPT, "....EE"},
    {LC_OP_GOAL, "....EE"}, /* learning goals (issue 7 item 10) */
};

static const char *rule_of(char letter)
{
    switch (letter) {
    case 'L':
        return "CONTRACT_LOCKED";
    case 'N':
        return "CONTRACT_NOT_SAVED";
    case 'E':
        return "STATE_PLACEMENT_ENDED";
    case 'S':
        return "STATE_PLACEMENT_NOT_SIGNED";
    case 'A':
        return "STATE_PLACEMENT_NOT_ACTIVE";
    case 'Y':
        return "STATE_PLACEMENT_ACTIVE_ALREADY";
    default:
        return NULL;
    }
}

static void test_every_operation_in_every_state(void **state)
{
    (void)state;
    size_t rows = sizeof expected / sizeof expected[0];
    assert_int_equal(rows, LC_OP_COUNT - 1); /* every operation but NONE has its row */
    for (size_t i = 0; i < rows; i++) {
        for (int s = LC_STATE_MIN; s <= LC_STATE_MAX; s++) {
            char letter = expected[i].row[s - LC_STATE_MIN];
            const char *message = NULL;
            const char *rule = lifecycle_refusal(expected[i].op, s, &message);
            const char *want = rule_of(letter);
            if (lifecycle_allows(expected[i].op, s) != (letter == '.'))
                fail_msg("%s in %s: allowed is %d", lifecycle_op_name(expected[i].op),
                         lifecycle_state_name(s), lifecycle_allows(expected[i].op, s));
            if (!want) {
                assert_null(rule);
                assert_null(message);
                continue;
            }
            if (!rule || strcmp(rule, want) != 0)
                fail_msg("%s in %s: refused as %s, expected %s", lifecycle_op_name(expected[i].op),
                         lifecycle_state_name(s), rule ? rule : "(allowed)", want);
            assert_non_null(message);
            assert_true(message[0] != '\0');
        }
    }
}

/* The precise operations never allow more than the union a request row names. */
static void test_unions_cover_their_parts(void **state)
{
    (void)state;
    unsigned change = lifecycle_states(LC_OP_STATUS_CHANGE);
    assert_int_equal(lifecycle_states(LC_OP_ACTIVATE) & ~change, 0);
    assert_int_equal(lifecycle_states(LC_OP_COMPLETE) & ~change, 0);
    unsigned assess = lifecycle_states(LC_OP_ASSESSMENT);
    assert_int_equal(lifecycle_states(LC_OP_ASSESS_INTERIM) & ~assess, 0);
    assert_int_equal(lifecycle_states(LC_OP_ASSESS_END) & ~assess, 0);
}

static void test_unknown_states_and_operations_are_refused(void **state)
{
    (void)state;
    int bad_states[] = {0, -1, 7, 100};
    for (size_t i = 0; i < sizeof bad_states / sizeof bad_states[0]; i++) {
        assert_false(lifecycle_allows(LC_OP_READ, bad_states[i]));
        assert_string_equal(lifecycle_refusal(LC_OP_READ, bad_states[i], NULL),
                            "STATE_PLACEMENT_UNKNOWN");
        assert_string_equal(lifecycle_state_name(bad_states[i]), "?");
    }
    for (int s = LC_STATE_MIN; s <= LC_STATE_MAX; s++) {
        assert_false(lifecycle_allows(LC_OP_NONE, s));
        assert_false(lifecycle_allows(LC_OP_COUNT, s));
        assert_string_equal(lifecycle_refusal(LC_OP_NONE, s, NULL), "STATE_PLACEMENT_UNKNOWN");
    }
}

static rules_date day(int y, int m, int d)
{
    rules_date r = {y, m, d};
    return r;
}

static void test_complete_on_or_after_the_end_date(void **state)
{
    (void)state;
    rules_date end = day(2027, 2, 26);
    assert_string_equal(lifecycle_complete_guard(day(2026, 11, 30), end),
                        "STATE_PLACEMENT_BEFORE_END");
    assert_string_equal(lifecycle_complete_guard(day(2027, 2, 25), end),
                        "STATE_PLACEMENT_BEFORE_END");
    assert_null(lifecycle_complete_guard(day(2027, 2, 26), end));
    assert_null(lifecycle_complete_guard(day(2027, 3, 1), end));
}

static void test_end_assessment_window(void **state)
{
    (void)state;
    rules_date end = day(2027, 3, 10);
    /* Active: from 14 days before the end date (24 February) on. */
    assert_string_equal(lifecycle_end_assessment_guard(LC_ACTIVE, false, day(2027, 2, 23), end),
                        "STATE_END_ASSESSMENT_TOO_EARLY");
    assert_null(lifecycle_end_assessment_guard(LC_ACTIVE, false, day(2027, 2, 24), end));
    assert_null(lifecycle_end_assessment_guard(LC_ACTIVE, false, day(2027, 4, 1), end));
    /* Ended: any time (an early end comes before the window). */
    assert_null(lifecycle_end_assessment_guard(LC_ENDED_EARLY, false, day(2026, 12, 1), end));
    assert_null(lifecycle_end_assessment_guard(LC_COMPLETED, false, day(2027, 3, 10), end));
    /* Entree and dual: the exam in May needs the internship passed while it still runs. */
    assert_null(lifecycle_end_assessment_guard(LC_ACTIVE, true, day(2026, 12, 1), end));
}

static void test_places_are_held_by_signed_and_active(void **state)
{
    (void)state;
    bool held[] = {false, false, false, true, true, false, false};
    for (int s = 0; s <= LC_STATE_MAX; s++)
        assert_int_equal(lifecycle_holds_place(s), held[s]);
}

/* ---------------------------------------------------------------- capacity, preconditions */

static bool found(const lc_finding *f, int n, const char *id, bool warning)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(f[i].rule_id, id))
            return f[i].warning == warning;
    return false;
}

/* A year-4 student's sector placement at a company with room, after the meeting. */
static lc_holding fine(lc_hold_moment moment)
{
    return (lc_holding){.moment = moment,
                        .kind = LC_KIND_SECTOR,
                        .school_year = 4,
                        .company_places = 2,
                        .company_supervision = 2,
                        .held_at_company = 1,
                        .intro_meeting = true};
}

static void test_nothing_found_when_all_holds(void **state)
{
    (void)state;
    lc_finding f[LC_MAX_FINDINGS];
    for (int m = LC_HOLD_PLAN; m <= LC_HOLD_TAKE; m++) {
        lc_holding h = fine((lc_hold_moment)m);
        assert_int_equal(lifecycle_check_holding(&h, f), 0);
    }
}

static void test_capacities_refuse(void **state)
{
    (void)state;
    lc_finding f[LC_MAX_FINDINGS];
    lc_holding h = fine(LC_HOLD_TAKE);
    h.held_at_company = 2; /* both places held by others */
    int n = lifecycle_check_holding(&h, f);
    assert_true(found(f, n, "CAP_COMPANY_PLACES", false));
    assert_true(found(f, n, "CAP_COMPANY_SUPERVISION", false));
    h = fine(LC_HOLD_PLAN);
    h.company_supervision = 1;
    n = lifecycle_check_holding(&h, f);
    assert_int_equal(n, 1);
    assert_true(found(f, n, "CAP_COMPANY_SUPERVISION", false));
    /* A company with no places takes nobody. */
    h = fine(LC_HOLD_PLAN);
    h.held_at_company = 0;
    h.company_places = 0;
    n = lifecycle_check_holding(&h, f);
    assert_true(found(f, n, "CAP_COMPANY_PLACES", false));
    /* The group internship's capacity is its day parts, not the location's places. */
    h.kind = LC_KIND_GROUP;
    h.school_year = 3;
    assert_int_equal(lifecycle_check_holding(&h, f), 0);
    h = fine(LC_HOLD_TAKE);
    h.student_same_days = 1;
    n = lifecycle_check_holding(&h, f);
    assert_int_equal(n, 1);
    assert_true(found(f, n, "CAP_STUDENT_DOUBLE_BOOKED", false));
}

static void test_readiness_advice(void **state)
{
    (void)state;
    lc_finding f[LC_MAX_FINDINGS];
    lc_holding h = fine(LC_HOLD_PLAN);
    h.kind = LC_KIND_INDIVIDUAL_1;
    h.school_year = 3;
    h.readiness_known = true;
    h.advice_individual = false;
    int n = lifecycle_check_holding(&h, f);
    assert_true(found(f, n, "PRE_READINESS_GROUP", false));
    h.kind = LC_KIND_INDIVIDUAL_2;
    assert_true(found(f, lifecycle_check_holding(&h, f), "PRE_READINESS_GROUP", false));
    h.advice_individual = true; /* computed so, or overridden */
    assert_int_equal(lifecycle_check_holding(&h, f), 0);
    h.readiness_known = false;
    assert_int_equal(lifecycle_check_holding(&h, f), 0);
    /* Only individual internships follow the advice. */
    h = fine(LC_HOLD_PLAN);
    h.readiness_known = true;
    assert_int_equal(lifecycle_check_holding(&h, f), 0);
}

static void test_phase_of_the_kind(void **state)
{
    (void)state;
    lc_finding f[LC_MAX_FINDINGS];
    static const struct {
        int kind;
        const char *years; /* years 2..6: '.' fits, 'E' refused, 'W' warned */
    } table[] = {
        {LC_KIND_INTERNAL, ".WWWW"},     {LC_KIND_TASTER, ".WWWW"},       {LC_KIND_GROUP, "W...W"},
        {LC_KIND_INDIVIDUAL_1, "W.WWW"}, {LC_KIND_INDIVIDUAL_2, "W.WWW"}, {LC_KIND_SECTOR, "WW..W"},
        {LC_KIND_ENTREE, "EEEE."},       {LC_KIND_DUAL, "EEEE."},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        for (int y = 2; y <= 6; y++) {
            lc_holding h = fine(LC_HOLD_PLAN);
            h.kind = table[i].kind;
            h.school_year = y;
            int n = lifecycle_check_holding(&h, f);
            char want = table[i].years[y - 2];
            if (want == '.')
                assert_int_equal(n, 0);
            else if (want == 'E')
                assert_true(found(f, n, "PRE_ENTREE_YEAR", false));
            else
                assert_true(found(f, n, "SCHOOL_PHASE_KIND", true));
        }
}

static void test_intro_meeting_from_the_contract_on(void **state)
{
    (void)state;
    lc_finding f[LC_MAX_FINDINGS];
    lc_holding h = fine(LC_HOLD_PLAN);
    h.intro_meeting = false;
    assert_int_equal(lifecycle_check_holding(&h, f), 0); /* planned before the meeting */
    h.moment = LC_HOLD_CONTRACT;
    h.held_at_company = 5; /* the contract takes no place: no capacity check */
    int n = lifecycle_check_holding(&h, f);
    assert_int_equal(n, 1);
    assert_true(found(f, n, "SCHOOL_INTRO_MEETING", true));
    h = fine(LC_HOLD_TAKE);
    h.intro_meeting = false;
    assert_true(found(f, lifecycle_check_holding(&h, f), "SCHOOL_INTRO_MEETING", true));
    /* The internal internship is at school: no meeting with a company. */
    h.kind = LC_KIND_INTERNAL;
    h.school_year = 2;
    assert_int_equal(lifecycle_check_holding(&h, f), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_operation_in_every_state),
        cmocka_unit_test(test_unions_cover_their_parts),
        cmocka_unit_test(test_unknown_states_and_operations_are_refused),
        cmocka_unit_test(test_complete_on_or_after_the_end_date),
        cmocka_unit_test(test_end_assessment_window),
        cmocka_unit_test(test_places_are_held_by_signed_and_active),
        cmocka_unit_test(test_nothing_found_when_all_holds),
        cmocka_unit_test(test_capacities_refuse),
        cmocka_unit_test(test_readiness_advice),
        cmocka_unit_test(test_phase_of_the_kind),
        cmocka_unit_test(test_intro_meeting_from_the_contract_on),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
