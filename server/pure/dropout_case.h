/* The dropout procedure (uitval op stage, plan 4.5; DOMAIN.md "Support and dropout") as a
 * state machine: a case opens when the dropout is reported and passes through the school's
 * steps in order until it is closed.
 *
 * Pure C11 like lifecycle.c: no I/O, no clock, no allocation. The handler (h_dropout.c)
 * gathers the facts (is there a free place in the group internship, is the student an Entree
 * student) and asks here whether a step may be taken and where it leads.
 *
 *   REPORTED --conversation--> CONVERSATION_HELD --company_contact--> COMPANY_CONTACTED
 *   COMPANY_CONTACTED --followup(group, a place free)--> FOLLOWUP_CHOSEN
 *   COMPANY_CONTACTED --followup(group, no place free)--> GROUP_FULL
 *   COMPANY_CONTACTED --followup(alternative with step plan | new placement)--> FOLLOWUP_CHOSEN
 *   GROUP_FULL --instead(alternative with step plan | new placement)--> FOLLOWUP_CHOSEN
 *   FOLLOWUP_CHOSEN --orientation--> ORIENTING --close--> CLOSED
 *
 * The mentor is informed of every step (the handler raises an event to the mentor's class
 * for each). Deadlines are counted in calendar days from the day the dropout happened; the
 * plan names none, the choices are in docs/rules.md ("The dropout procedure"). */
#ifndef SL_DROPOUT_CASE_H
#define SL_DROPOUT_CASE_H

#include <stdbool.h>

/* Numbered as proto DropoutCaseState. */
typedef enum {
    DC_REPORTED = 1,
    DC_CONVERSATION_HELD = 2,
    DC_COMPANY_CONTACTED = 3,
    DC_GROUP_FULL = 4,
    DC_FOLLOWUP_CHOSEN = 5,
    DC_ORIENTING = 6,
    DC_CLOSED = 7,
} dc_state;

#define DC_STATE_MIN DC_REPORTED
#define DC_STATE_MAX DC_CLOSED

/* Numbered as proto DropoutAction. */
typedef enum {
    DC_ACT_NONE = 0,
    DC_ACT_CONVERSATION = 1,    /* coach and student discussed the cause */
    DC_ACT_COMPANY_CONTACT = 2, /* the coach contacted the company */
    DC_ACT_FOLLOWUP = 3,        /* the follow-up is chosen */
    DC_ACT_INSTEAD = 4,         /* what is done instead when the group internship is full */
    DC_ACT_ORIENTATION = 5,     /* the student orients on a next internship */
    DC_ACT_CLOSE = 6,
} dc_action;

#define DC_ACT_MAX DC_ACT_CLOSE

/* Numbered as proto DropoutFollowUp. */
typedef enum {
    DC_FU_NONE = 0,
    DC_FU_GROUP = 1,         /* the group internship: year 3 on its days, year 4/5 Thu+Fri */
    DC_FU_ALTERNATIVE = 2,   /* an alternative programme with the support team, a step plan */
    DC_FU_NEW_PLACEMENT = 3, /* a new placement right away */
} dc_followup;

/* Numbered as proto EntreeConsequence: what losing the placement means for the 650 hours. */
typedef enum {
    DC_ENTREE_NONE = 0,
    DC_ENTREE_ACHIEVABLE = 1,    /* the hours can still be made this year */
    DC_ENTREE_EXTENSION = 2,     /* the course is extended */
    DC_ENTREE_NOT_COMPLETED = 3, /* the course cannot be completed */
} dc_entree;

/* What the handler knows when a step is asked for. */
typedef struct {
    int action;             /* dc_action */
    int followup;           /* dc_followup, for FOLLOWUP and INSTEAD */
    int school_year;        /* the student's, for who may go to the group internship */
    bool entree;            /* an Entree student: the consequence for the 650 hours is required */
    int entree_consequence; /* dc_entree */
    bool has_step_plan;     /* a step plan is given (required for ALTERNATIVE) */
    bool group_place_free;  /* a group session with a free place fits (for DC_FU_GROUP) */
} dc_step;

typedef struct {
    int to;              /* the state after the step; the old state when refused */
    const char *rule_id; /* NULL when allowed; else the stable rule id (docs/rules.md) */
    const char *message; /* English, static */
} dc_outcome;

/* Whether `step` may be taken in `state` and where it leads. */
dc_outcome dropout_case_step(int state, const dc_step *step);

/* The one step the case waits for in `state` (DC_ACT_NONE when closed or unknown). */
int dropout_case_next_action(int state);

/* The step's deadline in calendar days after the dropout date; -1 for DC_ACT_NONE. */
int dropout_case_deadline_days(int action);

/* Whether a group session on `weekday` (1 = Monday .. 7 = Sunday) fits a dropout of
 * `school_year`: year 3 on any school day, years 4 and 5 on Thursday and Friday; no other
 * year goes to the group internship after a dropout. */
bool dropout_group_day_fits(int school_year, int weekday);

/* Whether a student of `school_year` may be sent to the group internship after a dropout. */
bool dropout_group_year_fits(int school_year);

/* Names as the protocol spells them in logs and audit rows ("company_contact"); "?" when
 * unknown. Static strings. */
const char *dropout_action_name(int action);
const char *dropout_state_name(int state);

#endif
