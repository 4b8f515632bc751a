/* The date of a recorded fact (hours worked, a signature, a visit, an assessment, an exit, ...)
 * must be possible: not after today, and inside the phase of the student's line it belongs to
 * (a visit inside its placement, a study advice inside the Entree year, an aftercare contact
 * after the exit). Planned things (schedules, sessions, placements) are not facts and are not
 * judged here. One verdict function for every kind, so that every handler refuses alike with
 * the same rule ids (docs/rules.md, "Dates of recorded facts"). */
#ifndef SL_FACTDATE_H
#define SL_FACTDATE_H

#include "dispatch.h"
#include "timeutil.h"

/* A fact may be recorded this many days after its placement's last day: a closing visit, the
 * end assessment or the last week's agenda often follow the internship by a few days. */
#define FACTDATE_PLACEMENT_GRACE_DAYS 14

/* Stable rule ids of the refusals (FAILED_PRECONDITION). */
#define FACTDATE_RULE_FUTURE "DATE_IN_FUTURE"
#define FACTDATE_RULE_PLACEMENT "DATE_OUTSIDE_PLACEMENT"
#define FACTDATE_RULE_ENTREE_YEAR "DATE_OUTSIDE_ENTREE_YEAR"
#define FACTDATE_RULE_BEFORE_SCHOOL "DATE_BEFORE_SCHOOL"
#define FACTDATE_RULE_BEFORE_LAST_PLACEMENT "DATE_BEFORE_LAST_PLACEMENT_END"
#define FACTDATE_RULE_BEFORE_EXIT "DATE_BEFORE_EXIT"

typedef enum {
    FACTDATE_OK = 0,
    FACTDATE_FUTURE,       /* after today */
    FACTDATE_BEFORE_PHASE, /* before the phase's first day */
    FACTDATE_AFTER_PHASE,  /* after the phase's last day */
} factdate_verdict;

/* The days a fact of one kind may carry, both ends inclusive. An end of {0, 0, 0} is open
 * (no limit on that side). */
typedef struct {
    sl_date from, to;
} factdate_phase;

/* No phase: only "not after today" applies. */
factdate_phase factdate_any(void);
/* From `from` on, open-ended. */
factdate_phase factdate_since(sl_date from);
/* A placement's facts: from its first day to its last day plus `grace_days` (>= 0). */
factdate_phase factdate_placement(sl_date start, sl_date end, int grace_days);

/* The verdict on a fact dated `fact` of a kind whose phase is `phase`, recorded on `today`.
 * A date after today is FACTDATE_FUTURE whatever the phase (the first thing to correct). */
factdate_verdict factdate_check(sl_date fact, factdate_phase phase, sl_date today);

/* For a handler: parses `ymd` (field `field`, YYYY-MM-DD) into *out and judges it on r->today.
 * SL_OK when the date is possible. An unreadable date answers SL_EINVAL; an impossible one
 * records the rule (DATE_IN_FUTURE, or `outside_rule` for a date outside the phase) and answers
 * SL_EPRECOND, with a message naming `what` ("visit", "agenda week", ...) and the dates. `out`
 * may be NULL. */
sl_status factdate_require(request *r, const char *what, const char *field, const char *ymd,
                           factdate_phase phase, const char *outside_rule, sl_date *out);

/* The same for a date already parsed. */
sl_status factdate_require_date(request *r, const char *what, sl_date fact, factdate_phase phase,
                                const char *outside_rule);

/* The phase of a placement's facts (visits, assessments, dropouts), read from the store: its
 * first day to its last day plus FACTDATE_PLACEMENT_GRACE_DAYS. The start and end go to the
 * non-NULL outputs. SL_OK, or a failed request (req_fail) when the placement cannot be read. */
sl_status factdate_placement_phase(request *r, const char *placement_id, factdate_phase *out,
                                   sl_date *start, sl_date *end);

/* Practical education is secondary education, entered at 12 at the earliest; the store holds no
 * enrolment date, so a student's facts at school (tests, interviews, meetings, an exit) lie on
 * or after the twelfth birthday. */
#define FACTDATE_SCHOOL_ENTRY_AGE 12

/* The day a student born on `birth` turns FACTDATE_SCHOOL_ENTRY_AGE (1 March for 29 February
 * in a common year). */
sl_date factdate_school_entry(sl_date birth);

/* The phase of a student's facts at school, read from the store: from the day the student
 * can have entered school on, open-ended (rule FACTDATE_RULE_BEFORE_SCHOOL). SL_OK, or a failed
 * request (req_fail) when the student cannot be read. */
sl_status factdate_school_phase(request *r, const char *student_id, factdate_phase *out);

/* The phase of an agenda week's Monday: a week that overlaps the placement (its Sunday on or
 * after the first day), up to the last day plus FACTDATE_PLACEMENT_GRACE_DAYS. */
factdate_phase factdate_agenda_week(sl_date start, sl_date end);

#endif
