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

/* School weeks (issue 9, reviews due; issue 8, the Entree projection). A **holiday week** is
 * a week (Monday to Sunday) whose five weekdays all lie in school holidays: nobody is at the
 * internship or at school, so nothing weekly falls due in it and it does not count as a week
 * of the pace. A week with one free day (Easter Monday, Ascension Day) is a school week. */

/* The holidays overlapping [from, to] (any school year), in start order: at most max into
 * out (name NULL: not loaded), their number in *n. SL_EINTERNAL for stored dates that do not
 * parse, else the store's error. */
sl_status calendar_holidays_between(store *s, sl_date from, sl_date to, calendar_holiday *out,
                                    size_t max, size_t *n);

/* Whether the week of `d` is a holiday week among the holidays h[0..n). */
bool calendar_holiday_week(const calendar_holiday *h, size_t n, sl_date d);

/* The weeks from the week of `from` to the week of `to` (both included; 0 when to < from)
 * that are not holiday weeks. */
long calendar_school_weeks(const calendar_holiday *h, size_t n, sl_date from, sl_date to);

/* The day `days` after `from`, the holiday weeks after the week of `from` not counted: each
 * holiday week on the way adds a week, so the day found never lies in a holiday week after
 * the week of `from` (in that week itself it may: a count begun in a holiday is the
 * caller's choice). */
sl_date calendar_school_days_after(const calendar_holiday *h, size_t n, sl_date from, int days);

/* The calendar days of [from, to] that lie in one of the holidays h[0..n) (0 when to < from;
 * the holidays must not overlap, as calendar_validate makes sure within a year). */
long calendar_holiday_days(const calendar_holiday *h, size_t n, sl_date from, sl_date to);

/* When a placement's next coach visit is due (rules.c section 8, in school weeks): `interval`
 * days (rules_visit_interval) after `from`, the day of the last visit or, before the first,
 * the start, the holiday weeks after the week of `from` not counted. The one rule the
 * scheduler's reviews due, the caseload, the visit plan and NextVisit follow, so that what a
 * coach is shown as due is what the scheduler raises as overdue the day after. h[0..n): the
 * holidays from `from` on, at least to the day found. */
sl_date calendar_visit_due(const calendar_holiday *h, size_t n, sl_date from, int interval);

/* calendar_visit_due with the holidays read from the store (those from `from` on, a year
 * past the interval). SL_OK with *due, SL_EINTERNAL for stored dates that do not parse, else
 * the store's error. */
sl_status calendar_visit_due_read(store *s, sl_date from, int interval, sl_date *due);

#endif
