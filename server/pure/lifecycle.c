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
    /* Learning goals (issue 7 item 10): set and changed until the placement is over; the
     * handler narrows goals set in advance to before the start. */
    [LC_OP_GOAL] = {"goal", P | D | S | A},
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

/* The school years of each kind's phase (plan 2.2); 0 for an unknown kind. */
static unsigned kind_years(int kind)
{
    switch (kind) {
    case LC_KIND_INTERNAL:
    case LC_KIND_TASTER:
        return 1u << 2;
    case LC_KIND_GROUP: /* year 3, and years 4/5 as a shelter after a dropout */
        return 1u << 3 | 1u << 4 | 1u << 5;
    case LC_KIND_INDIVIDUAL_1:
    case LC_KIND_INDIVIDUAL_2:
        return 1u << 3;
    case LC_KIND_SECTOR:
        return 1u << 4 | 1u << 5;
    case LC_KIND_ENTREE:
    case LC_KIND_DUAL:
        return 1u << LC_ENTREE_YEAR;
    default:
        return 0;
    }
}

static bool individual_kind(int kind)
{
    return kind == LC_KIND_INDIVIDUAL_1 || kind == LC_KIND_INDIVIDUAL_2;
}

/* Kinds placed through matching at an outside company, with an introductory meeting first. */
static bool matched_kind(int kind)
{
    return individual_kind(kind) || kind == LC_KIND_SECTOR || kind == LC_KIND_ENTREE ||
           kind == LC_KIND_DUAL;
}

static int add(lc_finding *out, int n, const char *id, const char *message, bool warning)
{
    if (n < LC_MAX_FINDINGS)
        out[n++] = (lc_finding){id, message, warning};
    return n;
}

static int check_capacity(const lc_holding *h, lc_finding *out, int n)
{
    /* The group internship's capacity is its day parts (EnrolGroupSession), not a company's. */
    if (h->kind != LC_KIND_GROUP && h->held_at_company >= h->company_places)
        n = add(out, n, "CAP_COMPANY_PLACES",
                "The company has no free place for these dates: every place is held by a signed "
                "or active placement.",
                false);
    if (h->kind != LC_KIND_GROUP && h->held_at_company >= h->company_supervision)
        n = add(out, n, "CAP_COMPANY_SUPERVISION",
                "The company cannot supervise another student on these dates.", false);
    if (h->student_same_days > 0)
        n = add(out, n, "CAP_STUDENT_DOUBLE_BOOKED",
                "The student has another signed or active placement on the same days in this "
                "period.",
                false);
    return n;
}

static int check_preconditions(const lc_holding *h, lc_finding *out, int n)
{
    unsigned years = kind_years(h->kind);
    bool in_phase = h->school_year >= 0 && h->school_year < 32 && (years >> h->school_year) & 1u;
    if ((h->kind == LC_KIND_ENTREE || h->kind == LC_KIND_DUAL) && !in_phase)
        n = add(out, n, "PRE_ENTREE_YEAR",
                "An Entree or dual placement is for a student in the Entree year (mbo level 1).",
                false);
    else if (!in_phase)
        n = add(out, n, "SCHOOL_PHASE_KIND",
                "This kind of internship belongs to another school year than the student's.", true);
    /* Without a readiness check on record (a student who joined the school later) there is
     * no advice to keep to. */
    if (individual_kind(h->kind) && h->readiness_known && !h->advice_individual)
        n = add(out, n, "PRE_READINESS_GROUP",
                "The readiness advice is the group internship; an individual internship needs "
                "an override of that advice with a reason.",
                false);
    return n;
}

int lifecycle_check_holding(const lc_holding *h, lc_finding *out)
{
    int n = 0;
    if (h->moment != LC_HOLD_CONTRACT) {
        n = check_capacity(h, out, n);
        n = check_preconditions(h, out, n);
    }
    if (h->moment != LC_HOLD_PLAN && matched_kind(h->kind) && !h->intro_meeting)
        n = add(out, n, "SCHOOL_INTRO_MEETING",
                "No agreed introductory meeting with this company is recorded before the "
                "contract.",
                true);
    return n;
}
