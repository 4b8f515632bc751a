/* The bridge between placements and the pure rules module: expands a weekly schedule over the
 * placement's dates into work days, asks the rules, and turns violations into the request's
 * FAILED_PRECONDITION list. */
#ifndef SL_PLACEMENT_RULES_H
#define SL_PLACEMENT_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "dispatch.h"
#include "rules.h"
#include "timeutil.h"

/* rules.h stays libc-only, so the one conversion between the server's dates and the rules'
 * dates lives here, where both are known. The fields mean the same in both. */
static inline rules_date rules_date_of(sl_date d)
{
    return (rules_date){d.y, d.m, d.d};
}

static inline sl_date sl_date_of_rules(rules_date d)
{
    return (sl_date){d.y, d.m, d.d};
}

/* Copies a rule report's items into the request's violations, in report order: only the
 * errors when errors_only, else every item with its warning flag. Returns how many error
 * items it copied, counting any that req_violation() drops past its cap, so a caller can
 * refuse on "> 0" exactly as when it tested the report itself. It lives here and not in
 * dispatch.c because dispatch must not depend on the rules module. */
int req_violations_from_report(request *r, const rule_report *rep, bool errors_only);

/* Uninterrupted break parts one schedule day or agenda day may hold (15 + 15, or a lunch and
 * two short pauses). */
#define PLACEMENT_MAX_BREAK_PARTS 3
/* "15+15": PLACEMENT_MAX_BREAK_PARTS numbers of at most 4 digits and their '+'. */
#define PLACEMENT_BREAKS_TEXT 16

typedef struct {
    int weekday; /* 1 = Monday .. 7 = Sunday */
    int start_min, end_min;
    int break_minutes; /* all breaks together */
    int break_parts[PLACEMENT_MAX_BREAK_PARTS];
    int n_break_parts; /* 0: no break */
} placement_day;

/* The stored form of break parts, "15+15" ("" for none). buf holds PLACEMENT_BREAKS_TEXT. */
void placement_breaks_format(const int *parts, int n, char *buf);
/* Reads the stored form; false on anything else (a damaged row). */
bool placement_breaks_parse(const char *s, int *parts, int *n);

/* SL_OK when the schedule keeps the law on working time of minors on every day of the
 * placement (the student's age on each day counts); sunday_permitted: the placement holds
 * the Sunday exception (lifts the ban for 16-17 only). Otherwise SL_EPRECOND with one
 * violation per broken rule recorded in r. */
sl_status placement_check_schedule(request *r, sl_date birth, sl_date start, sl_date end,
                                   const placement_day *days, size_t n_days, bool sunday_permitted);

/* The law on working time over ALL of the student's time from `from` to `to` (inclusive),
 * as it stands in the store (call it after writing the change; a refusal rolls the request
 * back). Every placement of the student holds its planned schedule over its dates, except
 * internal ones (exempt) and, for one that ended early, the days after the dropout; a week
 * recorded in the agenda replaces that placement's plan for that week. Time of one student
 * on one day at several placements is one work day (the gaps between count as breaks);
 * overlapping clock times are refused as PLACEMENT_DOUBLE_BOOKED. The caller widens the
 * range by three weeks on each side of what changed, so that every 4-week window containing
 * a changed day is seen. SL_OK, SL_EPRECOND with the violations recorded in r, or a
 * database error (r->errmsg set). */
sl_status student_check_time(request *r, const char *student_id, sl_date from, sl_date to);

/* student_check_time over the range of a saved placement's dates (student_time_range); SL_OK
 * for an internal placement (exempt). For activation: a placement's time is checked again
 * when it starts to run. */
sl_status placement_check_student_time(request *r, const char *placement_id);

/* WVO art. 32 over the course: the student's internship minutes over all placements outside
 * the school (the internal internship is education at school, not internship in the sense of
 * art. 31(2)), breaks excluded, as student_check_time reads them: *recorded from the agenda
 * days (recorded), planned from the schedules for every week the agenda has not recorded (up
 * to the dropout for a placement that ended early). `add` is called once per placement and
 * day with the minutes (> 0 for recorded days); a status other than SL_OK from it stops the
 * walk and is returned. SL_OK or a database status (no req_fail). */
typedef sl_status (*internship_minutes_fn)(void *ctx, sl_date day, long minutes, bool recorded);
sl_status student_internship_minutes(request *r, const char *student_id, internship_minutes_fn add,
                                     void *ctx);

/* The range student_check_time must see for a change to the days first..last: from the
 * Monday three weeks before the week of first to the Sunday three weeks after last's week. */
void student_time_range(sl_date first, sl_date last, sl_date *from, sl_date *to);

/* A school norm found on a schedule: stored with the placement, shown, and acceptable by a
 * coach with a reason. */
typedef struct {
    const char *rule_id; /* a string literal of the rules catalog */
    char message[256];
    /* codes2: the details as a code of common/messages.h (a string literal; "" for none) and
     * its parameters joined as sl_message_params_join does, stored beside the message. */
    const char *detail_code;
    char detail_params[RULE_DETAIL_PARAMS * RULE_DETAIL_PARAM_LEN];
} placement_warning;

/* The warning of rule violation v (its id, English message and coded details) into *w. */
void placement_warning_of(placement_warning *w, const rule_violation *v);

#define PLACEMENT_MAX_WARNINGS 16

/* The school's norm phase of a placement kind (Stagelijn__V1__PlacementKind); false for the
 * kinds the plan sets no days/hours norm for (the taster internship). */
bool placement_kind_phase(int kind, int *phase);

/* The phase's days-per-week and hours-per-day norms over one ordinary week of the schedule
 * (the week of `start`, every scheduled weekday, so a start mid-week is no short week).
 * Fills w[] (at most PLACEMENT_MAX_WARNINGS) and returns the count; 0 for kinds without
 * norms. Never refuses. */
size_t placement_school_norms(int kind, sl_date start, const placement_day *days, size_t n_days,
                              placement_warning *w);

/* Entree admission: a recognised training company is required (SL_EPRECOND with the
 * violation recorded in r); earlier internships not passed is a warning appended to w[]
 * (*n_w in/out, capacity PLACEMENT_MAX_WARNINGS). */
sl_status placement_check_entree(request *r, bool recognised_company, bool prior_passed,
                                 placement_warning *w, size_t *n_w);

/* WVO art. 32(2): while partial compulsory schooling lasts (the student is a minor), the
 * internship is at most 80 % of the school week's education hours. The week is the schedule's
 * time at the company, breaks included, against config education_hours_per_week. */
sl_status placement_check_wvo32(request *r, sl_date birth, sl_date start, const placement_day *days,
                                size_t n_days);

/* What a placement's work involves (from the wire, checked by placement_parse_work_kind). */
typedef struct {
    bool prohibited_for_minors, risky, cash_register, psychosocial_load, fixed_posture;
    bool expert_supervision;
    int lift_kg, push_pull_kgf;
    int days_since_pesticide; /* -1: no crop protection products in play */
} placement_work;

/* Checks ranges; SL_EINVAL with r->errmsg otherwise. A NULL message means light work. */
sl_status placement_parse_work_kind(request *r, const Stagelijn__V1__WorkKind *w,
                                    placement_work *out);

/* The law on kinds of work by age, for the student's age on the first day (the youngest age
 * of the placement, so the strictest). supervisor_birth may be NULL when not recorded: the
 * supervisor's age is then not checked (the school records it with the account). SL_OK, or
 * SL_EPRECOND with one violation per rule broken. */
sl_status placement_check_work_kind(request *r, sl_date birth, sl_date start,
                                    const placement_work *w, const sl_date *supervisor_birth);

#endif
