/* WVO art. 32(2) over the whole course: internship hours average at most 50 % of the education
 * hours. The course so far is the student's school years up to the current one (year 1
 * included: practical education starts there), each education_hours_per_school_year (server
 * setting); the internship hours are every placement outside the school, recorded where the
 * agenda records them and planned elsewhere. Where hours are planned the rule can only warn
 * (WVO32_COURSE_50_AT_RISK): the average is final when the course ends. */
#ifndef SL_COURSE_HOURS_H
#define SL_COURSE_HOURS_H

#include <stddef.h>

#include "dispatch.h"
#include "placement_rules.h"
#include "rules.h"

/* At most this many school years with internship time are told apart; later ones are added to
 * the last (a course is 4 to 6 years). */
#define COURSE_MAX_YEARS 12

typedef struct {
    char name[64];         /* the school_years row's name, or "2026-2027" */
    sl_date start, end;    /* inclusive */
    long recorded_minutes; /* agenda days */
    long planned_minutes;  /* schedule days not recorded */
} course_year;

typedef struct {
    int course_years;                    /* the student's school year: years 1 .. now */
    long education_minutes;              /* course_years x education_hours_per_school_year */
    long limit_minutes;                  /* half of education_minutes, rounded down */
    long recorded_minutes;               /* agenda days, breaks excluded */
    long planned_minutes;                /* schedule days not recorded, breaks excluded */
    course_year years[COURSE_MAX_YEARS]; /* oldest first */
    int n_years;
} course_hours;

/* Fills *out for the student and adds the warning to rep (may be NULL) when recorded plus
 * planned minutes pass the limit. SL_OK, or a failed request (req_fail) when the store
 * cannot be read. */
sl_status course_hours_of(request *r, const char *student_id, course_hours *out, rule_report *rep);

/* For a placement being saved (call after its schedule is written): appends the warning to
 * w[] (*n_w in/out, capacity PLACEMENT_MAX_WARNINGS) when the course would pass 50 %. */
sl_status course_hours_warn(request *r, const char *student_id, placement_warning *w, size_t *n_w);

/* For hours just entered or clocked (the agenda, a clock-out): the course rule again over the
 * student's hours as they now stand, as warnings for the reply (they never refuse: the hours
 * happened). *out gets an arena array of *n warnings (NULL and 0 when the course is within
 * 50 %). SL_OK, or a failed request (req_fail) when the store cannot be read. */
sl_status course_hours_recheck(request *r, const char *student_id,
                               Stagelijn__V1__RuleViolation ***out, size_t *n);

#endif
