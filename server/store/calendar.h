/* The school calendar: school years with their holidays. The hour rules count per school
 * week, so other families ask here whether a date is a school day and which school year it
 * falls in. The validation of a school year is pure so it can be tested without a store. */
#ifndef SL_CALENDAR_H
#define SL_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>

#include "ids.h"
#include "store.h"
#include "timeutil.h"

#define CALENDAR_MAX_HOLIDAYS 40

typedef struct {
    const char *name;
    sl_date start, end; /* inclusive */
} calendar_holiday;

/* Checks a school year before it is stored: name "YYYY-YYYY" of two consecutive years that
 * are the years of start and end, end after start, each holiday named, start <= end, inside
 * the year, and no two holidays overlapping. Returns true, or false with a message in err. */
bool calendar_validate(const char *name, sl_date start, sl_date end, const calendar_holiday *h,
                       size_t n, char *err, size_t errlen);

/* The school year containing `d`: SL_OK with its id (and dates) in the non-NULL outputs,
 * SL_ENOTFOUND when no school year is defined for that date, the store's error when the
 * query failed (SL_EINTERNAL also for stored dates that do not parse). */
sl_status calendar_school_year_of(store *s, sl_date d, char id[SL_ID_LEN + 1], sl_date *start,
                                  sl_date *end);

/* *yes: Monday to Friday and not inside a holiday of the school year containing `d`. A date
 * for which no school year is defined counts as a school day when it is a weekday: without a
 * calendar the school has not declared it free. The store's error when a query failed. */
sl_status calendar_is_school_day(store *s, sl_date d, bool *yes);

#endif
