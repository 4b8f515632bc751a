/* The visit plan as iCalendar, built with libical so that quoting, escaping of commas and
 * semicolons in addresses, UTF-8 line folding and CRLF line ends are the library's work. */
#include "ical_plan.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

bool ical_plan_uid(const Stagelijn__V1__PlannedVisit *v, char *uid, size_t size)
{
    int n = snprintf(uid, size, "%s-%s@stagelijn", v->placement_id, v->due_date);
    return n > 0 && (size_t)n < size;
}

/* A formatted string the caller frees, or NULL when memory ran out. */
static char *format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* "YYYY-MM-DD" as an iCalendar DATE; false when it is not a real date. */
static bool parse_date(const char *ymd, struct icaltimetype *out)
{
    int y, m, d;
    char tail;
    if (!ymd || sscanf(ymd, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 ||
        d > icaltime_days_in_month(m, y))
        return false;
    *out = icaltime_null_date();
    out->year = y;
    out->month = m;
    out->day = d;
    return true;
}

static icalcomponent *visit_event(const Stagelijn__V1__PlannedVisit *v, struct icaltimetype stamp)
{
    struct icaltimetype day;
    char uid[160];
    if (!parse_date(v->due_date, &day) || !ical_plan_uid(v, uid, sizeof uid))
        return NULL;
    struct icaltimetype next = day;
    icaltime_adjust(&next, 1, 0, 0, 0); /* DTEND of an all-day event is exclusive */

    const char *late = v->overdue ? " (achterstallig)" : "";
    char *summary = format("Stagebezoek %s bij %s%s", v->student_name, v->company_name, late);
    char *description = format("Stop %u van de route, %.1f km vanaf de vorige stop.\nBezoek "
                               "uiterlijk op %s%s.",
                               v->order, v->leg_km, v->due_date, late);
    if (!summary || !description) {
        free(summary);
        free(description);
        return NULL;
    }
    icalcomponent *ev = icalcomponent_vanew(
        ICAL_VEVENT_COMPONENT, icalproperty_new_uid(uid), icalproperty_new_dtstamp(stamp),
        icalproperty_new_dtstart(day), icalproperty_new_dtend(next),
        icalproperty_new_summary(summary), icalproperty_new_description(description),
        icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT), (void *)0);
    free(summary);
    free(description);
    if (ev && v->address[0])
        icalcomponent_add_property(ev, icalproperty_new_location(v->address));
    return ev;
}

char *ical_plan_render(const Stagelijn__V1__VisitPlanReply *plan, time_t now)
{
    struct icaltimetype stamp =
        icaltime_from_timet_with_zone(now, 0, icaltimezone_get_utc_timezone());
    icalcomponent *cal =
        icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT, icalproperty_new_version("2.0"),
                            icalproperty_new_prodid("-//Stagelijn//Bezoekplanning//NL"),
                            icalproperty_new_calscale("GREGORIAN"),
                            icalproperty_new_method(ICAL_METHOD_PUBLISH), (void *)0);
    if (!cal)
        return NULL;
    for (size_t i = 0; i < plan->n_visits; i++) {
        icalcomponent *ev = visit_event(plan->visits[i], stamp);
        if (!ev) {
            icalcomponent_free(cal);
            return NULL;
        }
        icalcomponent_add_component(cal, ev);
    }
    char *ical = icalcomponent_as_ical_string_r(cal);
    icalcomponent_free(cal);
    if (!ical)
        return NULL;
    /* libical's buffers come from malloc (no custom allocator is installed), so the caller's
     * free() is the right release. */
    return ical;
}

sl_status ical_plan_write(const Stagelijn__V1__VisitPlanReply *plan, time_t now, const char *path)
{
    char *ical = ical_plan_render(plan, now);
    if (!ical)
        return SL_EINVAL;
    FILE *f = fopen(path, "w");
    bool ok = f && fputs(ical, f) >= 0;
    int saved = errno;
    if (f && fclose(f) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    free(ical);
    errno = saved;
    return ok ? SL_OK : SL_EIO;
}
