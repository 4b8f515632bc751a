#include "placement_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

int req_violations_from_report(request *r, const rule_report *rep, bool errors_only)
{
    int errors = 0;
    for (int i = 0; i < rep->count; i++) {
        bool warning = rep->items[i].severity != RULE_ERROR;
        if (warning && errors_only)
            continue;
        req_violation(r, rep->items[i].id, rep->items[i].message, warning);
        errors += !warning;
    }
    return errors;
}

sl_status placement_check_schedule(request *r, sl_date birth, sl_date start, sl_date end,
                                   const placement_day *days, size_t n_days)
{
    /* The rules are per day, per week and per 4 weeks, and age changes on a birthday, so the
     * whole period is expanded; RULES_MAX_WORK_DAYS (400) covers any school year. */
    rules_work_day *work = calloc(RULES_MAX_WORK_DAYS, sizeof *work);
    if (!work)
        return req_fail_code(r, SL_EINTERNAL, MSG_OUT_OF_MEMORY);
    size_t n = 0;
    int64_t first = sl_date_to_days(start), last = sl_date_to_days(end);
    for (int64_t day = first; day <= last && n < RULES_MAX_WORK_DAYS; day++) {
        sl_date d = sl_date_from_days(day);
        int wd = sl_date_weekday(d);
        for (size_t i = 0; i < n_days; i++) {
            if (days[i].weekday != wd)
                continue;
            rules_work_day *w = &work[n++];
            w->date = rules_date_of(d);
            w->start_min = days[i].start_min;
            w->end_min = days[i].end_min;
            w->n_break_parts = days[i].break_minutes > 0;
            w->break_parts[0] = days[i].break_minutes;
            w->school_day = true;
            break;
        }
    }
    rules_work_schedule s = {.birth = rules_date_of(birth), .days = work, .n_days = n};
    rule_report rep;
    rules_report_init(&rep);
    rules_check_working_time(&s, &rep);
    free(work);
    sl_status st = req_violations_from_report(r, &rep, true) > 0 ? SL_EPRECOND : SL_OK;
    return st;
}

bool placement_kind_phase(int kind, int *phase)
{
    switch (kind) {
    case STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_1:
        *phase = RULES_PHASE_Y3_FIRST;
        return true;
    case STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_2:
        *phase = RULES_PHASE_Y3_LATER;
        return true;
    case STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR:
        *phase = RULES_PHASE_Y4_5;
        return true;
    case STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_ENTREE:
    case STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_DUAL:
        *phase = RULES_PHASE_ENTREE;
        return true;
    case STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_GROUP:
        *phase = RULES_PHASE_GROUP;
        return true;
    default:
        return false;
    }
}

static size_t take_warnings(const rule_report *rep, placement_warning *w, size_t n)
{
    for (int i = 0; i < rep->count && n < PLACEMENT_MAX_WARNINGS; i++) {
        if (rep->items[i].severity != RULE_WARNING)
            continue;
        w[n].rule_id = rep->items[i].id;
        snprintf(w[n].message, sizeof w[n].message, "%s", rep->items[i].message);
        n++;
    }
    return n;
}

sl_status placement_check_wvo32(request *r, sl_date birth, sl_date start, const placement_day *days,
                                size_t n_days)
{
    long week = 0;
    for (size_t i = 0; i < n_days; i++)
        week += days[i].end_min - days[i].start_min;
    /* Partial compulsory schooling ends at 18 at the latest (earlier with a start
     * qualification, which practical-education students do not have yet). */
    bool minor = sl_age_on(birth, start) < 18;
    rule_report rep;
    rules_report_init(&rep);
    rules_check_wvo32_week(week, r->srv->cfg.education_hours_per_week * 60, minor, &rep);
    sl_status st = req_violations_from_report(r, &rep, true) > 0 ? SL_EPRECOND : SL_OK;
    return st;
}

sl_status placement_parse_work_kind(request *r, const Stagelijn__V1__WorkKind *w,
                                    placement_work *out)
{
    memset(out, 0, sizeof *out);
    out->days_since_pesticide = -1;
    if (!w)
        return SL_OK;
    if (w->lift_kg > 500 || w->push_pull_kgf > 1000 || w->days_since_pesticide > 3650)
        return req_fail_code(r, SL_EINVAL, MSG_WORK_KIND_LIMITS);
    out->prohibited_for_minors = w->prohibited_for_minors;
    out->risky = w->risky;
    out->cash_register = w->cash_register;
    out->psychosocial_load = w->psychosocial_load;
    out->fixed_posture = w->fixed_posture;
    out->expert_supervision = w->expert_supervision;
    out->lift_kg = (int)w->lift_kg;
    out->push_pull_kgf = (int)w->push_pull_kgf;
    out->days_since_pesticide = w->pesticides ? (int)w->days_since_pesticide : -1;
    return SL_OK;
}

sl_status placement_check_work_kind(request *r, sl_date birth, sl_date start,
                                    const placement_work *w, const sl_date *supervisor_birth)
{
    rules_work_kind_check c = {.birth = rules_date_of(birth),
                               .on = rules_date_of(start),
                               .expert_supervision = w->expert_supervision};
    c.work.prohibited_for_minors = w->prohibited_for_minors;
    c.work.special_requirements = w->risky;
    c.work.cash_register = w->cash_register;
    c.work.lift_kg = w->lift_kg;
    c.work.push_pull_kgf = w->push_pull_kgf;
    c.work.psychosocial_load = w->psychosocial_load;
    c.work.no_varied_postures = w->fixed_posture;
    c.work.days_since_pesticide = w->days_since_pesticide;
    if (supervisor_birth)
        c.supervisor_birth = rules_date_of(*supervisor_birth);
    rule_report rep;
    rules_report_init(&rep);
    rules_check_work_kind(&c, &rep);
    sl_status st = SL_OK;
    for (int i = 0; i < rep.count; i++) {
        /* Not recorded is not the same as under 18: the school records it with the account. */
        if (!supervisor_birth && strcmp(rep.items[i].id, "LAW_SUPERVISOR_UNDER_18") == 0)
            continue;
        /* The age itself (12 or younger, 13) is reported by the working-time check already. */
        if (strncmp(rep.items[i].id, "LAW_MINOR_AGE_", 14) == 0)
            continue;
        if (rep.items[i].severity != RULE_ERROR)
            continue;
        req_violation(r, rep.items[i].id, rep.items[i].message, false);
        st = SL_EPRECOND;
    }
    return st;
}

size_t placement_school_norms(int kind, sl_date start, const placement_day *days, size_t n_days,
                              placement_warning *w)
{
    int phase;
    if (!placement_kind_phase(kind, &phase) || n_days == 0)
        return 0;
    int64_t monday = sl_date_to_days(start) - (sl_date_weekday(start) - 1);
    rules_work_day week[7];
    size_t n = 0;
    for (size_t i = 0; i < n_days && n < 7; i++) {
        rules_work_day *d = &week[n++];
        *d = (rules_work_day){0};
        d->date = rules_date_of(sl_date_from_days(monday + days[i].weekday - 1));
        d->start_min = days[i].start_min;
        d->end_min = days[i].end_min;
        d->n_break_parts = days[i].break_minutes > 0;
        d->break_parts[0] = days[i].break_minutes;
        d->school_day = true;
    }
    rule_report rep;
    rules_report_init(&rep);
    rules_check_school_norms((rules_phase)phase, week, n, &rep);
    return take_warnings(&rep, w, 0);
}

sl_status placement_check_entree(request *r, bool recognised_company, bool prior_passed,
                                 placement_warning *w, size_t *n_w)
{
    rule_report rep;
    rules_report_init(&rep);
    rules_check_entree_admission(recognised_company, prior_passed, &rep);
    sl_status st = req_violations_from_report(r, &rep, true) > 0 ? SL_EPRECOND : SL_OK;
    *n_w = take_warnings(&rep, w, *n_w);
    return st;
}
