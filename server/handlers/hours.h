/* A placement's week of hours as the requests on it see it: which placement a week of a
 * student means for the caller, whether the week is complete (every internship day has hours
 * or a reported absence), and the working-time law checked after hours changed, with the
 * breaches stored on the week and the coach told. Shared by the clocking requests (h_clock.c)
 * and the agenda's signature (h_progress.c). */
#ifndef SL_HOURS_H
#define SL_HOURS_H

#include <stdbool.h>

#include "dispatch.h"
#include "timeutil.h"

typedef struct {
    char id[SL_ID_LEN + 1];
    char student_id[SL_ID_LEN + 1];
    char company_id[SL_ID_LEN + 1];
    char class_id[SL_ID_LEN + 1];
    sl_date start, end;
    int kind;   /* PlacementKind */
    int status; /* PlacementStatus */
} hours_placement;

/* The Monday of the week of d. */
sl_date hours_monday(sl_date d);

/* The company the caller acts for: the device's (a kiosk), else a supervisor's own; "" for
 * staff on a workstation. */
const char *hours_company(const request *r);

/* The placement of the student in the week of `monday` for this caller: `placement_id` when
 * given (it must be the student's and at hours_company() when that is set), else the
 * student's placement at that company (any, for staff) that overlaps the week, the one that
 * started last. SL_ENOTFOUND (with the message set) when there is none; the store's error. */
sl_status hours_week_placement(request *r, const char *student_id, const char *placement_id,
                               sl_date monday, hours_placement *out);

/* Loads a placement by id into out; SL_ENOTFOUND or the store's error (messages not set). */
sl_status hours_placement_load(request *r, const char *placement_id, hours_placement *out);

/* *complete: every internship day of the week (a weekday of the placement's schedule inside
 * its dates) has hours in the agenda or a reported absence, and no shift of the week is still
 * open. *missing gets the first date without hours (unset when complete). The store's error
 * otherwise (message set). */
sl_status hours_week_complete(request *r, const hours_placement *p, sl_date monday, bool *complete,
                              sl_date *missing);

/* SL_OK, or SL_EPRECOND (message set) when the supervisor signed the week of `date`: it
 * changes only through a correction. */
sl_status hours_week_unsigned(request *r, const char *placement_id, sl_date date);

/* After the hours of `date` changed (clocking, a correction): the working-time law over all of
 * the student's placements and recorded time around that date (placement_rules.h,
 * student_check_time). A breach does not refuse (the hours happened): it is stored on the week
 * of `date` (replacing what an earlier check stored there), and a breach not stored before
 * raises a working_time_breach event for the coach. SL_OK, or the store's error. */
sl_status hours_check_law(request *r, const hours_placement *p, sl_date date);

/* For a write that the law may refuse (the agenda): the violations recorded in r since index
 * `before` that are all stored already as breaches on weeks of the student (found when the
 * hours were clocked: they happened, and coach and supervisor see them) are no reason to
 * refuse; they are dropped and SL_OK returned. SL_EPRECOND when one is new; the store's error
 * (message set). */
sl_status hours_breaches_known(request *r, const char *student_id, size_t before);

#endif
