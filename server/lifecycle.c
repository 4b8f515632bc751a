#include "lifecycle.h"

#include <stddef.h>

#define P LC_SET(LC_PROPOSED)
#define D LC_SET(LC_CONTRACT_DRAFTED)
#define S LC_SET(LC_SIGNED)
#define A LC_SET(LC_ACTIVE)
#define C LC_SET(LC_COMPLETED)
#define E LC_SET(LC_ENDED_EARLY)

/* One row per operation; the reasons are in docs/rules.md next to the same table. */
static const struct {
    const char *name;
    unsigned states;
} ops[LC_OP_COUNT] = {
    [LC_OP_NONE] = {"none", 0},
    [LC_OP_READ] = {"read", P | D | S | A | C | E},
    /* The text is locked from SIGNED on; it changes only before every party signed. */
    [LC_OP_CONTRACT_SAVE] = {"contract_save", P | D},
    /* A signature is given to a saved text: a proposed placement has none yet. */
    [LC_OP_CONTRACT_SIGN] = {"contract_sign", D},
    /* PROPOSED and DRAFTED pass here so that the activation names what the contract lacks. */
    [LC_OP_STATUS_CHANGE] = {"status_change", P | D | S | A},
    [LC_OP_ACTIVATE] = {"activate", S},
    [LC_OP_COMPLETE] = {"complete", A},
    [LC_OP_DROPOUT] = {"dropout", P | D | S | A},
    /* The student works from the signed contract on (the contract goes with him on day one). */
    [LC_OP_AGENDA_WRITE] = {"agenda_write", S | A},
    /* The coach signs the last weeks off in class after the placement ended. */
    [LC_OP_AGENDA_SIGN] = {"agenda_sign", S | A | C | E},
    [LC_OP_VISIT_LOG] = {"visit_log", S | A | C | E},
    [LC_OP_ASSESSMENT] = {"assessment", A | C | E},
    /* An interim assessment is made during a period, with supervisor and coach present. */
    [LC_OP_ASSESS_INTERIM] = {"assess_interim", A},
    /* "Iedere stage wordt afgesloten met een stagebeoordeling": near the end, or after it. */
    [LC_OP_ASSESS_END] = {"assess_end", A | C | E},
    [LC_OP_ASSIGNMENT] = {"assignment", S | A | C | E},
    /* The practical exam takes place at a running placement; its result may follow the end. */
    [LC_OP_EXAM_SESSION] = {"exam_session", A | C},
    [LC_OP_WARNING_ACCEPT] = {"warning_accept", P | D | S | A},
};

#undef P
#undef D
#undef S
#undef A
#undef C
#undef E

static bool state_valid(int state)
{
    return state >= LC_STATE_MIN && state <= LC_STATE_MAX;
}

unsigned lifecycle_states(lc_op op)
{
    return op > LC_OP_NONE && op < LC_OP_COUNT ? ops[op].states : 0;
}

bool lifecycle_allows(lc_op op, int state)
{
    return state_valid(state) && (lifecycle_states(op) & LC_SET(state)) != 0;
}

const char *lifecycle_op_name(lc_op op)
{
    return op >= LC_OP_NONE && op < LC_OP_COUNT ? ops[op].name : "?";
}

const char *lifecycle_state_name(int state)
{
    static const char *const names[] = {"",       "proposed",  "contract_drafted", "signed",
                                        "active", "completed", "ended_early"};
    return state_valid(state) ? names[state] : "?";
}

static bool is_contract_op(lc_op op)
{
    return op == LC_OP_CONTRACT_SAVE || op == LC_OP_CONTRACT_SIGN;
}

const char *lifecycle_refusal(lc_op op, int state, const char **message)
{
    const char *unused;
    if (!message)
        message = &unused;
    if (lifecycle_allows(op, state)) {
        *message = NULL;
        return NULL;
    }
    if (!state_valid(state) || lifecycle_states(op) == 0) {
        *message = "The placement is in no known state for this operation.";
        return "STATE_PLACEMENT_UNKNOWN";
    }
    if (is_contract_op(op) && state >= LC_SIGNED) {
        *message = "The contract is signed; it can no longer change. End the placement and make "
                   "a new one to change it.";
        return "CONTRACT_LOCKED";
    }
    if (op == LC_OP_CONTRACT_SIGN && state == LC_PROPOSED) {
        *message = "Save the contract before recording signatures.";
        return "CONTRACT_NOT_SAVED";
    }
    if (state == LC_COMPLETED || state == LC_ENDED_EARLY) {
        *message = "The placement has ended; this can no longer be done.";
        return "STATE_PLACEMENT_ENDED";
    }
    if (op == LC_OP_ACTIVATE && state == LC_ACTIVE) {
        *message = "The placement is active already.";
        return "STATE_PLACEMENT_ACTIVE_ALREADY";
    }
    if (state < LC_SIGNED && (lifecycle_states(op) & LC_SET(LC_SIGNED))) {
        *message = "The contract of this placement is not signed by every party yet.";
        return "STATE_PLACEMENT_NOT_SIGNED";
    }
    *message = "The placement is not active (it has not started).";
    return "STATE_PLACEMENT_NOT_ACTIVE";
}

const char *lifecycle_complete_guard(rules_date today, rules_date end)
{
    return rules_date_compare(today, end) >= 0 ? NULL : "STATE_PLACEMENT_BEFORE_END";
}

const char *lifecycle_end_assessment_guard(int state, bool exam_at_placement, rules_date today,
                                           rules_date end)
{
    if (state != LC_ACTIVE || exam_at_placement)
        return NULL;
    rules_date from = rules_date_add_days(end, -LC_END_ASSESSMENT_WINDOW_DAYS);
    return rules_date_compare(today, from) >= 0 ? NULL : "STATE_END_ASSESSMENT_TOO_EARLY";
}

bool lifecycle_holds_place(int state)
{
    return state == LC_SIGNED || state == LC_ACTIVE;
}
