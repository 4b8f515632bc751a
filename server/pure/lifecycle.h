/* The placement lifecycle: one state machine for every operation that acts on a placement.
 *
 * Pure C11 like rules.c: no I/O, no clock, no allocation. The request table (requests.c) names
 * one lifecycle operation per request that targets a placement or an agenda week, and dispatch
 * refuses the request centrally when the placement's state is not in that operation's set. A
 * handler whose request covers more than one operation (SetPlacementStatus: activate or
 * complete; SubmitAssessment: interim or end) asks again for the precise one, and checks the
 * guards that need the placement's dates.
 *
 *   PROPOSED --SaveContract--> CONTRACT_DRAFTED --last SignContract--> SIGNED
 *   SIGNED --activate--> ACTIVE --complete (on or after the end date)--> COMPLETED
 *   PROPOSED .. ACTIVE --ReportDropout--> ENDED_EARLY
 *
 * The table of operation x state is in docs/rules.md ("The placement lifecycle"); a unit test
 * (tests/unit/test_lifecycle.c) walks all of it. */
#ifndef SL_LIFECYCLE_H
#define SL_LIFECYCLE_H

#include <stdbool.h>

#include "rules.h"

/* The states, numbered as proto PlacementStatus (requests.c checks that they agree). */
typedef enum {
    LC_PROPOSED = 1,
    LC_CONTRACT_DRAFTED = 2,
    LC_SIGNED = 3,
    LC_ACTIVE = 4,
    LC_COMPLETED = 5,
    LC_ENDED_EARLY = 6,
} lc_state;

#define LC_STATE_MIN LC_PROPOSED
#define LC_STATE_MAX LC_ENDED_EARLY

/* A set of states, one bit per state. */
#define LC_SET(s) (1u << (s))

/* The operations on a placement. LC_OP_NONE marks a request that does not act on one (a unit
 * test insists that every request with a placement or agenda-week target names another). */
typedef enum {
    LC_OP_NONE = 0,
    LC_OP_READ,           /* any read of the placement and what belongs to it */
    LC_OP_CONTRACT_SAVE,  /* SaveContract */
    LC_OP_CONTRACT_SIGN,  /* SignContract */
    LC_OP_STATUS_CHANGE,  /* SetPlacementStatus: the union of activate and complete */
    LC_OP_ACTIVATE,       /* SetPlacementStatus(ACTIVE) */
    LC_OP_COMPLETE,       /* SetPlacementStatus(COMPLETED) */
    LC_OP_DROPOUT,        /* ReportDropout */
    LC_OP_AGENDA_WRITE,   /* SubmitAgendaWeek, WriteReflection */
    LC_OP_AGENDA_SIGN,    /* SignAgendaWeek */
    LC_OP_VISIT_LOG,      /* LogVisit */
    LC_OP_ASSESSMENT,     /* SubmitAssessment: the union of interim and end */
    LC_OP_ASSESS_INTERIM, /* SubmitAssessment(INTERIM) */
    LC_OP_ASSESS_END,     /* SubmitAssessment(END) */
    LC_OP_ASSIGNMENT,     /* SaveAssignment */
    LC_OP_EXAM_SESSION,   /* SaveExamSession */
    LC_OP_WARNING_ACCEPT, /* AcceptWarning */
    LC_OP_GOAL,           /* SaveLearningGoal (issue 7 item 10): until the placement is over */
    LC_OP_COUNT
} lc_op;

/* The set of states in which `op` is allowed (0 for LC_OP_NONE and unknown operations). */
unsigned lifecycle_states(lc_op op);

/* Whether `op` is allowed in `state` (false for a state outside PROPOSED..ENDED_EARLY). */
bool lifecycle_allows(lc_op op, int state);

/* The stable rule id of the refusal of `op` in `state` (docs/rules.md), with its English
 * message; NULL when the operation is allowed there. Static strings. */
const char *lifecycle_refusal(lc_op op, int state, const char **message);

/* The operation's name, for logs and tests ("contract_save"). */
const char *lifecycle_op_name(lc_op op);

/* The state's name as the protocol spells it in logs ("contract_drafted"); "?" when unknown. */
const char *lifecycle_state_name(int state);

/* ---------------------------------------------------------------- guards with dates */

/* Days before its end date from which an active placement takes its end assessment (the
 * company assesses the last weeks' work; docs/rules.md). */
#define LC_END_ASSESSMENT_WINDOW_DAYS 14

/* The guard on completing an active placement: on or after its end date (an earlier end is a
 * dropout, ENDED_EARLY). NULL when allowed, else the rule id. */
const char *lifecycle_complete_guard(rules_date today, rules_date end);

/* The guard on an end assessment: an active placement from LC_END_ASSESSMENT_WINDOW_DAYS
 * before its end date on; a completed or ended-early placement at any time. An Entree or dual
 * placement (`exam_at_placement`) takes it whenever it is active: the practical exam in May
 * is held at the running placement and needs the internship passed first (plan 2.2,
 * Entree). NULL when allowed, else the rule id (the state refusal of LC_OP_ASSESS_END comes
 * first). */
const char *lifecycle_end_assessment_guard(int state, bool exam_at_placement, rules_date today,
                                           rules_date end);

/* Which states hold one of the company's places (and one of its supervision places) and
 * book the student's days: SIGNED and ACTIVE. A proposed or drafted placement is a plan; an
 * ended one has given its place back. */
bool lifecycle_holds_place(int state);

/* The same set as SQL for `status IN (...)` lists, kept next to the function above. */
#define LC_SQL_HOLDS_PLACE "(3, 4)"

/* ---------------------------------------------------------------- capacity, preconditions */

/* Placement kinds, numbered as proto PlacementKind (requests.c checks that they agree). */
typedef enum {
    LC_KIND_INTERNAL = 1,
    LC_KIND_TASTER = 2,
    LC_KIND_GROUP = 3,
    LC_KIND_INDIVIDUAL_1 = 4,
    LC_KIND_INDIVIDUAL_2 = 5,
    LC_KIND_SECTOR = 6,
    LC_KIND_ENTREE = 7,
    LC_KIND_DUAL = 8,
} lc_kind;

/* The Entree year's number in students.school_year. */
#define LC_ENTREE_YEAR 6

/* When the checks run: planning (CreatePlacement: nothing is held yet, but a placement that
 * cannot get a place is not made), the contract drafted (SaveContract: only the school norm
 * of the introductory meeting), taking a place (the last signature, SIGNED, and activation,
 * ACTIVE: every check again, since anything may have changed since the plan). */
typedef enum { LC_HOLD_PLAN, LC_HOLD_CONTRACT, LC_HOLD_TAKE } lc_hold_moment;

/* What the checks need to know about a placement and what else holds places. Counts are of
 * OTHER placements that hold a place (lifecycle_holds_place) on dates that overlap. */
typedef struct {
    lc_hold_moment moment;
    int kind;        /* lc_kind */
    int school_year; /* the student's, 2..6 */
    int company_places, company_supervision;
    int held_at_company;    /* placements at the same company */
    int student_same_days;  /* the student's placements sharing a weekday */
    bool readiness_known;   /* a readiness check is on record */
    bool advice_individual; /* and its final advice (an override included) is individual */
    bool intro_meeting;     /* an agreed introductory meeting with the company is recorded */
} lc_holding;

typedef struct {
    const char *rule_id; /* static */
    const char *message; /* static, English */
    bool warning;        /* a school norm: stored and shown; else a refusal */
} lc_finding;

#define LC_MAX_FINDINGS 8

/* The capacity and precondition findings for `h` into out[] (LC_MAX_FINDINGS); returns the
 * count. Errors refuse the transition (FAILED_PRECONDITION), warnings are stored with the
 * placement (placement_warnings) and may be accepted with a reason. */
int lifecycle_check_holding(const lc_holding *h, lc_finding *out);

#endif
