/* The coach's visit plan as an iCalendar file (RFC 5545) that a phone or Outlook calendar
 * opens: one all-day event per planned visit, on its due date. */
#ifndef SL_ICAL_PLAN_H
#define SL_ICAL_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "frame.h"
#include "sl_error.h"

/* The UID a visit keeps in every export of the plan ("<placement>-<due date>@stagelijn"),
 * so that importing a newer plan updates the calendar's event instead of adding a second one.
 * Written into uid (size bytes, NUL-terminated); false when it does not fit. */
bool ical_plan_uid(const Stagelijn__V1__PlannedVisit *v, char *uid, size_t size);

/* The plan as iCalendar text (UTF-8, CRLF line ends, long lines folded): a VCALENDAR with a
 * VEVENT per visit carrying the student's and the company's names (SUMMARY), the company's
 * address (LOCATION), the route order and distance (DESCRIPTION), its UID and DTSTAMP `now`
 * (unix seconds, written in UTC). Returns a string the caller frees with free(), or NULL
 * when a visit has no valid due date (YYYY-MM-DD) or memory ran out. */
char *ical_plan_render(const Stagelijn__V1__VisitPlanReply *plan, time_t now);

/* Renders the plan and writes it to path (created or replaced). SL_OK; SL_EINVAL when a visit
 * has no valid due date; SL_EIO with errno set when the file cannot be written. */
sl_status ical_plan_write(const Stagelijn__V1__VisitPlanReply *plan, time_t now, const char *path);

#endif
