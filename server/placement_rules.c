#include "placement_rules.h"

#include <stdlib.h>

#include "rules.h"

static rules_date to_rules(sl_date d)
{
    rules_date r = {d.y, d.m, d.d};
    return r;
}

sl_status placement_check_schedule(request *r, sl_date birth, sl_date start, sl_date end,
                                   const placement_day *days, size_t n_days)
{
    /* The rules are per day, per week and per 4 weeks, and age changes on a birthday, so the
     * whole period is expanded; RULES_MAX_WORK_DAYS (400) covers any school year. */
    rules_work_day *work = calloc(RULES_MAX_WORK_DAYS, sizeof *work);
    if (!work)
        return req_fail(r, SL_EINTERNAL, "out of memory");
    size_t n = 0;
    int64_t first = sl_date_to_days(start), last = sl_date_to_days(end);
    for (int64_t day = first; day <= last && n < RULES_MAX_WORK_DAYS; day++) {
        sl_date d = sl_date_from_days(day);
        int wd = sl_date_weekday(d);
        for (size_t i = 0; i < n_days; i++) {
            if (days[i].weekday != wd)
                continue;
            rules_work_day *w = &work[n++];
            w->date = to_rules(d);
            w->start_min = days[i].start_min;
            w->end_min = days[i].end_min;
            w->n_break_parts = days[i].break_minutes > 0;
            w->break_parts[0] = days[i].break_minutes;
            w->school_day = true;
            break;
        }
    }
    rules_work_schedule s = {.birth = to_rules(birth), .days = work, .n_days = n};
    rule_report rep;
    rules_report_init(&rep);
    rules_check_working_time(&s, &rep);
    free(work);
    sl_status st = SL_OK;
    for (int i = 0; i < rep.count; i++) {
        if (rep.items[i].severity != RULE_ERROR)
            continue;
        req_violation(r, rep.items[i].id, rep.items[i].message, false);
        st = SL_EPRECOND;
    }
    return st;
}
