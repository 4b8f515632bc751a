/* The dropout procedure (server/pure/dropout_case.c): every step in every state, the branch
 * of a full group internship, what each follow-up requires, and the group days per year. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dropout_case.h"

static dc_step step(int action)
{
    return (dc_step){.action = action, .school_year = 3, .group_place_free = true};
}

static void assert_refused(int state, const dc_step *s, const char *rule)
{
    dc_outcome o = dropout_case_step(state, s);
    assert_non_null(o.rule_id);
    assert_string_equal(o.rule_id, rule);
    assert_int_equal(o.to, state);
    assert_non_null(o.message);
}

static void assert_moves(int state, const dc_step *s, int to)
{
    dc_outcome o = dropout_case_step(state, s);
    if (o.rule_id)
        fail_msg("refused %s in %s: %s", dropout_action_name(s->action), dropout_state_name(state),
                 o.rule_id);
    assert_int_equal(o.to, to);
}

/* Only the one next step is allowed in each state; any other is out of order. */
static void test_every_action_in_every_state(void **unused)
{
    (void)unused;
    for (int st = DC_STATE_MIN; st <= DC_STATE_MAX; st++)
        for (int a = DC_ACT_CONVERSATION; a <= DC_ACT_MAX; a++) {
            dc_step s = step(a);
            s.followup = DC_FU_NEW_PLACEMENT;
            dc_outcome o = dropout_case_step(st, &s);
            if (st == DC_CLOSED)
                assert_string_equal(o.rule_id, "DROPOUT_CASE_CLOSED");
            else if (a != dropout_case_next_action(st))
                assert_string_equal(o.rule_id, "DROPOUT_STEP_ORDER");
            else
                assert_null(o.rule_id);
        }
    dc_step s = step(DC_ACT_CONVERSATION);
    assert_refused(0, &s, "DROPOUT_CASE_UNKNOWN_STATE");
    assert_refused(DC_STATE_MAX + 1, &s, "DROPOUT_CASE_UNKNOWN_STATE");
    assert_refused(DC_REPORTED, NULL, "DROPOUT_STEP_ORDER");
}

static void test_main_path(void **unused)
{
    (void)unused;
    dc_step s = step(DC_ACT_CONVERSATION);
    assert_moves(DC_REPORTED, &s, DC_CONVERSATION_HELD);
    s = step(DC_ACT_COMPANY_CONTACT);
    assert_moves(DC_CONVERSATION_HELD, &s, DC_COMPANY_CONTACTED);
    s = step(DC_ACT_FOLLOWUP);
    s.followup = DC_FU_GROUP;
    assert_moves(DC_COMPANY_CONTACTED, &s, DC_FOLLOWUP_CHOSEN);
    s = step(DC_ACT_ORIENTATION);
    assert_moves(DC_FOLLOWUP_CHOSEN, &s, DC_ORIENTING);
    s = step(DC_ACT_CLOSE);
    assert_moves(DC_ORIENTING, &s, DC_CLOSED);
    assert_int_equal(dropout_case_next_action(DC_CLOSED), DC_ACT_NONE);
}

/* No free place: the case records it (GROUP_FULL) and waits for what is done instead. */
static void test_group_full_branch(void **unused)
{
    (void)unused;
    dc_step s = step(DC_ACT_FOLLOWUP);
    s.followup = DC_FU_GROUP;
    s.group_place_free = false;
    assert_moves(DC_COMPANY_CONTACTED, &s, DC_GROUP_FULL);
    assert_int_equal(dropout_case_next_action(DC_GROUP_FULL), DC_ACT_INSTEAD);
    s = step(DC_ACT_INSTEAD);
    s.followup = DC_FU_GROUP;
    assert_refused(DC_GROUP_FULL, &s, "DROPOUT_INSTEAD_NOT_GROUP");
    s.followup = DC_FU_NONE;
    assert_refused(DC_GROUP_FULL, &s, "DROPOUT_FOLLOWUP_MISSING");
    s.followup = DC_FU_ALTERNATIVE;
    assert_refused(DC_GROUP_FULL, &s, "DROPOUT_STEP_PLAN_MISSING");
    s.has_step_plan = true;
    assert_moves(DC_GROUP_FULL, &s, DC_FOLLOWUP_CHOSEN);
    s = step(DC_ACT_INSTEAD);
    s.followup = DC_FU_NEW_PLACEMENT;
    s.entree = true; /* the consequence was recorded with the first choice */
    assert_moves(DC_GROUP_FULL, &s, DC_FOLLOWUP_CHOSEN);
}

static void test_followup_requirements(void **unused)
{
    (void)unused;
    dc_step s = step(DC_ACT_FOLLOWUP);
    assert_refused(DC_COMPANY_CONTACTED, &s, "DROPOUT_FOLLOWUP_MISSING");
    s.followup = 4;
    assert_refused(DC_COMPANY_CONTACTED, &s, "DROPOUT_FOLLOWUP_MISSING");
    s.followup = DC_FU_ALTERNATIVE;
    assert_refused(DC_COMPANY_CONTACTED, &s, "DROPOUT_STEP_PLAN_MISSING");
    s.has_step_plan = true;
    assert_moves(DC_COMPANY_CONTACTED, &s, DC_FOLLOWUP_CHOSEN);
    /* Entree: the 650 hours. */
    s = step(DC_ACT_FOLLOWUP);
    s.followup = DC_FU_NEW_PLACEMENT;
    s.entree = true;
    assert_refused(DC_COMPANY_CONTACTED, &s, "DROPOUT_ENTREE_CONSEQUENCE_MISSING");
    s.entree_consequence = DC_ENTREE_NOT_COMPLETED + 1;
    assert_refused(DC_COMPANY_CONTACTED, &s, "DROPOUT_ENTREE_CONSEQUENCE_MISSING");
    s.entree_consequence = DC_ENTREE_EXTENSION;
    assert_moves(DC_COMPANY_CONTACTED, &s, DC_FOLLOWUP_CHOSEN);
    s.entree = false;
    assert_refused(DC_COMPANY_CONTACTED, &s, "DROPOUT_ENTREE_ONLY");
    /* The group internship after a dropout is for years 3 to 5. */
    s = step(DC_ACT_FOLLOWUP);
    s.followup = DC_FU_GROUP;
    s.school_year = 2;
    assert_refused(DC_COMPANY_CONTACTED, &s, "DROPOUT_GROUP_NOT_ELIGIBLE");
    s.school_year = 6;
    assert_refused(DC_COMPANY_CONTACTED, &s, "DROPOUT_GROUP_NOT_ELIGIBLE");
    s.school_year = 5;
    assert_moves(DC_COMPANY_CONTACTED, &s, DC_FOLLOWUP_CHOSEN);
}

static void test_group_days(void **unused)
{
    (void)unused;
    for (int d = 1; d <= 5; d++)
        assert_true(dropout_group_day_fits(3, d));
    assert_false(dropout_group_day_fits(3, 6));
    assert_false(dropout_group_day_fits(3, 7));
    assert_false(dropout_group_day_fits(3, 0));
    for (int y = 4; y <= 5; y++) {
        assert_false(dropout_group_day_fits(y, 3));
        assert_true(dropout_group_day_fits(y, 4));
        assert_true(dropout_group_day_fits(y, 5));
        assert_false(dropout_group_day_fits(y, 6));
    }
    assert_false(dropout_group_day_fits(2, 4));
    assert_false(dropout_group_day_fits(6, 4));
}

static void test_deadlines_grow_along_the_path(void **unused)
{
    (void)unused;
    assert_int_equal(dropout_case_deadline_days(DC_ACT_NONE), -1);
    assert_int_equal(dropout_case_deadline_days(DC_ACT_MAX + 1), -1);
    int last = 0;
    for (int st = DC_REPORTED; st != DC_CLOSED;) {
        int a = dropout_case_next_action(st);
        assert_true(dropout_case_deadline_days(a) > last);
        last = dropout_case_deadline_days(a);
        st = st == DC_COMPANY_CONTACTED ? DC_GROUP_FULL
             : st == DC_GROUP_FULL      ? DC_FOLLOWUP_CHOSEN
                                        : st + 1;
        if (st == DC_GROUP_FULL + 1)
            st = DC_FOLLOWUP_CHOSEN;
    }
    assert_string_equal(dropout_action_name(DC_ACT_COMPANY_CONTACT), "company_contact");
    assert_string_equal(dropout_state_name(DC_GROUP_FULL), "group_full");
    assert_string_equal(dropout_state_name(99), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_action_in_every_state),
        cmocka_unit_test(test_main_path),
        cmocka_unit_test(test_group_full_branch),
        cmocka_unit_test(test_followup_requirements),
        cmocka_unit_test(test_group_days),
        cmocka_unit_test(test_deadlines_grow_along_the_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
