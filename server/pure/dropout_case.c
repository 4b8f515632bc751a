#include "dropout_case.h"

#include <stddef.h>

/* Days after the dropout by which each step is due (docs/rules.md): the student is back at
 * school the same day, so the conversation comes first and quickly; the company hears of it
 * the day after; a follow-up within a school week; the student orients within two weeks and
 * the case is closed within six. */
static const int deadline_days[DC_ACT_MAX + 1] = {
    [DC_ACT_CONVERSATION] = 2, [DC_ACT_COMPANY_CONTACT] = 3, [DC_ACT_FOLLOWUP] = 7,
    [DC_ACT_INSTEAD] = 10,     [DC_ACT_ORIENTATION] = 14,    [DC_ACT_CLOSE] = 42,
};

static const char *const action_names[DC_ACT_MAX + 1] = {
    [DC_ACT_NONE] = "none",
    [DC_ACT_CONVERSATION] = "conversation",
    [DC_ACT_COMPANY_CONTACT] = "company_contact",
    [DC_ACT_FOLLOWUP] = "followup",
    [DC_ACT_INSTEAD] = "instead",
    [DC_ACT_ORIENTATION] = "orientation",
    [DC_ACT_CLOSE] = "close",
};

static const char *const state_names[DC_STATE_MAX + 1] = {
    [DC_REPORTED] = "reported",
    [DC_CONVERSATION_HELD] = "conversation_held",
    [DC_COMPANY_CONTACTED] = "company_contacted",
    [DC_GROUP_FULL] = "group_full",
    [DC_FOLLOWUP_CHOSEN] = "followup_chosen",
    [DC_ORIENTING] = "orienting",
    [DC_CLOSED] = "closed",
};

int dropout_case_next_action(int state)
{
    switch (state) {
    case DC_REPORTED:
        return DC_ACT_CONVERSATION;
    case DC_CONVERSATION_HELD:
        return DC_ACT_COMPANY_CONTACT;
    case DC_COMPANY_CONTACTED:
        return DC_ACT_FOLLOWUP;
    case DC_GROUP_FULL:
        return DC_ACT_INSTEAD;
    case DC_FOLLOWUP_CHOSEN:
        return DC_ACT_ORIENTATION;
    case DC_ORIENTING:
        return DC_ACT_CLOSE;
    default:
        return DC_ACT_NONE;
    }
}

int dropout_case_deadline_days(int action)
{
    if (action <= DC_ACT_NONE || action > DC_ACT_MAX)
        return -1;
    return deadline_days[action];
}

bool dropout_group_year_fits(int school_year)
{
    return school_year >= 3 && school_year <= 5;
}

bool dropout_group_day_fits(int school_year, int weekday)
{
    if (weekday < 1 || weekday > 5 || !dropout_group_year_fits(school_year))
        return false;
    return school_year == 3 || weekday == 4 || weekday == 5;
}

static dc_outcome refuse(int state, const char *rule, const char *message)
{
    return (dc_outcome){.to = state, .rule_id = rule, .message = message};
}

/* The follow-up's own conditions, shared by FOLLOWUP and INSTEAD (the Entree consequence is
 * recorded once, with the first choice: `entree_check`). */
static const char *followup_refusal(const dc_step *s, bool entree_check, const char **message)
{
    if (s->followup < DC_FU_GROUP || s->followup > DC_FU_NEW_PLACEMENT) {
        *message = "choose the follow-up: group internship, alternative programme or new "
                   "placement";
        return "DROPOUT_FOLLOWUP_MISSING";
    }
    if (s->followup == DC_FU_ALTERNATIVE && !s->has_step_plan) {
        *message = "an alternative programme is agreed with the support team in a step plan";
        return "DROPOUT_STEP_PLAN_MISSING";
    }
    if (!entree_check)
        return NULL;
    if (s->entree && (s->entree_consequence < DC_ENTREE_ACHIEVABLE ||
                      s->entree_consequence > DC_ENTREE_NOT_COMPLETED)) {
        *message = "for an Entree student, record what the dropout means for the 650 hours";
        return "DROPOUT_ENTREE_CONSEQUENCE_MISSING";
    }
    if (!s->entree && s->entree_consequence != DC_ENTREE_NONE) {
        *message = "the consequence for the 650 hours is for Entree students only";
        return "DROPOUT_ENTREE_ONLY";
    }
    return NULL;
}

dc_outcome dropout_case_step(int state, const dc_step *s)
{
    if (state < DC_STATE_MIN || state > DC_STATE_MAX)
        return refuse(state, "DROPOUT_CASE_UNKNOWN_STATE", "the case is in an unknown state");
    if (state == DC_CLOSED)
        return refuse(state, "DROPOUT_CASE_CLOSED", "the case is closed");
    if (!s || s->action != dropout_case_next_action(state))
        return refuse(state, "DROPOUT_STEP_ORDER",
                      "this step is not the next one of the dropout procedure");
    const char *msg = NULL, *rule = NULL;
    switch (s->action) {
    case DC_ACT_CONVERSATION:
        return (dc_outcome){.to = DC_CONVERSATION_HELD};
    case DC_ACT_COMPANY_CONTACT:
        return (dc_outcome){.to = DC_COMPANY_CONTACTED};
    case DC_ACT_FOLLOWUP:
        if ((rule = followup_refusal(s, true, &msg)) != NULL)
            return refuse(state, rule, msg);
        if (s->followup == DC_FU_GROUP && !dropout_group_year_fits(s->school_year))
            return refuse(state, "DROPOUT_GROUP_NOT_ELIGIBLE",
                          "after a dropout the group internship takes students of years 3 to 5");
        if (s->followup == DC_FU_GROUP && !s->group_place_free)
            return (dc_outcome){.to = DC_GROUP_FULL};
        return (dc_outcome){.to = DC_FOLLOWUP_CHOSEN};
    case DC_ACT_INSTEAD:
        if (s->followup == DC_FU_GROUP)
            return refuse(state, "DROPOUT_INSTEAD_NOT_GROUP",
                          "the group internship has no free place: choose an alternative "
                          "programme or a new placement");
        if ((rule = followup_refusal(s, false, &msg)) != NULL)
            return refuse(state, rule, msg);
        return (dc_outcome){.to = DC_FOLLOWUP_CHOSEN};
    case DC_ACT_ORIENTATION:
        return (dc_outcome){.to = DC_ORIENTING};
    case DC_ACT_CLOSE:
        return (dc_outcome){.to = DC_CLOSED};
    default:
        return refuse(state, "DROPOUT_STEP_ORDER",
                      "this step is not the next one of the dropout procedure");
    }
}

const char *dropout_action_name(int action)
{
    return action >= DC_ACT_NONE && action <= DC_ACT_MAX ? action_names[action] : "?";
}

const char *dropout_state_name(int state)
{
    return state >= DC_STATE_MIN && state <= DC_STATE_MAX ? state_names[state] : "?";
}
