/* The bridge between placements and the pure rules module: expands a weekly schedule over the
 * placement's dates into work days, asks the rules, and turns violations into the request's
 * FAILED_PRECONDITION list. */
#ifndef SL_PLACEMENT_RULES_H
#define SL_PLACEMENT_RULES_H

#include <stddef.h>

#include "dispatch.h"
#include "timeutil.h"

typedef struct {
    int weekday; /* 1 = Monday .. 7 = Sunday */
    int start_min, end_min;
    int break_minutes; /* one piece */
} placement_day;

/* SL_OK when the schedule keeps the law on working time of minors on every day of the
 * placement (the student's age on each day counts). Otherwise SL_EPRECOND with one
 * violation per broken rule recorded in r. */
sl_status placement_check_schedule(request *r, sl_date birth, sl_date start, sl_date end,
                                   const placement_day *days, size_t n_days);

#endif
