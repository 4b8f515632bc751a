#include "hours.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda.h"
#include "messages.h"
#include "events.h"
#include "placement_rules.h"
#include "target.h"

sl_date hours_monday(sl_date d)
{
    return sl_date_from_days(sl_date_to_days(d) - (sl_date_weekday(d) - 1));
}

const char *hours_company(const request *r)
{
    if (r->c && r->c->is_device && r->c->device_company[0])
        return r->c->device_company;
    if (r->who && r->who->role == ROLE_SUPERVISOR)
        return r->who->company_id;
    return "";
}

#define PLACEMENT_COLUMNS                                                                          \
    "SELECT p.id, p.student_id, p.company_id, s.class_id, p.start_date, p.end_date, p.kind, "      \
    "p.status FROM placements p JOIN students s ON s.id = p.student_id "

/* Reads one row of PLACEMENT_COLUMNS; SL_EINTERNAL for dates that do not parse. */
static sl_status placement_from_row(sqlite3_stmt *q, hours_placement *out)
{
    snprintf(out->id, sizeof out->id, "%s", store_col(q, 0));
    snprintf(out->student_id, sizeof out->student_id, "%s", store_col(q, 1));
    snprintf(out->company_id, sizeof out->company_id, "%s", store_col(q, 2));
    snprintf(out->class_id, sizeof out->class_id, "%s", store_col(q, 3));
    bool ok =
        sl_date_parse(store_col(q, 4), &out->start) && sl_date_parse(store_col(q, 5), &out->end);
    out->kind = sqlite3_column_int(q, 6);
    out->status = sqlite3_column_int(q, 7);
    store_stmt_done(q);
    return ok ? SL_OK : SL_EINTERNAL;
}

sl_status hours_placement_load(request *r, const char *placement_id, hours_placement *out)
{
    sqlite3_stmt *q = store_query(r->st, PLACEMENT_COLUMNS "WHERE p.id = ?1", SB(placement_id));
    sl_status st = store_row(q);
    return st == SL_OK ? placement_from_row(q, out) : st;
}

sl_status hours_week_placement(request *r, const char *student_id, const char *placement_id,
                               sl_date monday, hours_placement *out)
{
    char a[11], b[11];
    sl_date_format(monday, a);
    sl_date_format(sl_date_from_days(sl_date_to_days(monday) + 6), b);
    const char *company = hours_company(r);
    sqlite3_stmt *q;
    if (placement_id && placement_id[0]) {
        sl_status st = req_check_id(r, "placement_id", placement_id);
        if (st != SL_OK)
            return st;
        q = store_query(r->st,
                        PLACEMENT_COLUMNS "WHERE p.id = ?1 AND p.student_id = ?2 AND "
                                          "(?3 = '' OR p.company_id = ?3)",
                        SB(placement_id), SB(student_id), SB(company));
    } else {
        q = store_query(r->st,
                        PLACEMENT_COLUMNS
                        "WHERE p.student_id = ?1 AND (?2 = '' OR p.company_id = ?2) AND "
                        "p.start_date <= ?4 AND p.end_date >= ?3 "
                        "ORDER BY p.start_date DESC, p.created_at DESC LIMIT 1",
                        SB(student_id), SB(company), SB(a), SB(b));
    }
    sl_status st = store_row(q);
    if (st == SL_ENOTFOUND)
        return req_fail_code(r, st, MSG_NO_PLACEMENT_THAT_WEEK, a);
    if (st == SL_OK)
        st = placement_from_row(q, out);
    return st == SL_OK ? SL_OK : req_fail_code(r, st, MSG_DATABASE_ERROR);
}

/* The weekdays (1..7) of the placement's schedule into days[]. */
static sl_status schedule_weekdays(request *r, const char *placement_id, bool days[8])
{
    memset(days, 0, 8 * sizeof *days);
    sqlite3_stmt *q = store_query(
        r->st, "SELECT weekday FROM placement_schedule WHERE placement_id = ?1", SB(placement_id));
    sl_status rs;
    bool row;
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        int wd = sqlite3_column_int(q, 0);
        if (wd >= 1 && wd <= 7)
            days[wd] = true;
    }
    return rs;
}

/* Whether `date` has hours in the agenda of the placement or a reported absence. */
static sl_status day_covered(request *r, const hours_placement *p, const char *date, bool *yes)
{
    sl_status st = store_exists(r->st,
                                "SELECT 1 FROM agenda_days d JOIN agenda_weeks w ON "
                                "w.id = d.agenda_week_id WHERE w.placement_id = ?1 AND "
                                "d.date = ?2 AND d.minutes_worked > 0 "
                                "UNION ALL SELECT 1 FROM absences a WHERE a.student_id = ?3 "
                                "AND a.from_date <= ?2 AND a.to_date >= ?2",
                                SB(p->id), SB(date), SB(p->student_id));
    *yes = st == SL_OK;
    return st == SL_ENOTFOUND ? SL_OK : st;
}

sl_status hours_week_complete(request *r, const hours_placement *p, sl_date monday, bool *complete,
                              sl_date *missing)
{
    bool days[8];
    sl_status st = schedule_weekdays(r, p->id, days);
    *complete = true;
    for (int i = 0; st == SL_OK && i < 7 && *complete; i++) {
        sl_date d = sl_date_from_days(sl_date_to_days(monday) + i);
        if (!days[i + 1] || sl_date_compare(d, p->start) < 0 || sl_date_compare(d, p->end) > 0)
            continue;
        char ds[11];
        sl_date_format(d, ds);
        bool covered;
        if ((st = day_covered(r, p, ds, &covered)) == SL_OK && !covered) {
            *complete = false;
            *missing = d;
        }
    }
    if (st == SL_OK && *complete) {
        char a[11], b[11];
        sl_date_format(monday, a);
        sl_date_format(sl_date_from_days(sl_date_to_days(monday) + 6), b);
        sl_status open = store_exists(r->st,
                                      "SELECT date FROM clock_records WHERE placement_id = ?1 AND "
                                      "date BETWEEN ?2 AND ?3 AND clock_out_at IS NULL",
                                      SB(p->id), SB(a), SB(b));
        if (open == SL_OK) {
            *complete = false;
            *missing = monday;
        } else if (open != SL_ENOTFOUND) {
            st = open;
        }
    }
    return st == SL_OK ? SL_OK : req_fail_code(r, st, MSG_DATABASE_ERROR);
}

sl_status hours_week_unsigned(request *r, const char *placement_id, sl_date date)
{
    char monday[11];
    sl_date_format(hours_monday(date), monday);
    sl_status st = store_exists(r->st,
                                "SELECT 1 FROM agenda_weeks WHERE placement_id = ?1 AND "
                                "week_start = ?2 AND supervisor_signed_at IS NOT NULL",
                                SB(placement_id), SB(monday));
    if (st == SL_OK)
        return req_fail_code(r, SL_EPRECOND, MSG_WEEK_SIGNED_CORRECT, monday);
    return st == SL_ENOTFOUND ? SL_OK : req_fail_code(r, st, MSG_DATABASE_ERROR);
}

sl_status hours_check_law(request *r, const hours_placement *p, sl_date date)
{
    sl_date from, to;
    student_time_range(date, date, &from, &to);
    size_t before = r->n_violations;
    sl_status law = student_check_time(r, p->student_id, from, to);
    if (law != SL_OK && law != SL_EPRECOND)
        return law;
    /* The violations the check recorded are the breach; the request itself succeeds. */
    size_t n = r->n_violations - before;
    agenda_breach *b = SL_ARENA_ARRAY(r->arena, agenda_breach, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        const sl_violation *v = r->violations[before + i];
        char *joined = sl_message_params_join(v->detail_params, v->n_detail_params);
        b[i] = (agenda_breach){v->rule_id, v->message, v->detail_code,
                               joined ? sl_arena_strdup(r->arena, joined) : ""};
        free(joined);
    }
    r->n_violations = before;
    r->errmsg[0] = '\0';
    r->errcode = NULL;
    r->n_errparams = 0;

    char monday[11], week_id[SL_ID_LEN + 1];
    sl_date_format(hours_monday(date), monday);
    bool new_found = false;
    sl_status st = agenda_week_ensure(r->st, p->id, monday, r->now, week_id);
    if (st == SL_OK)
        st = week_breaches_replace(r->st, week_id, b, n, r->now, &new_found);
    if (st == SL_OK && new_found) {
        req_detail_text d = req_detail(r, DET_EV_WORKING_TIME_BREACH, monday);
        event_spec ev = {.topic = "working_time_breach",
                         .student_id = p->student_id,
                         .placement_id = p->id,
                         .company_id = p->company_id,
                         .class_id = p->class_id,
                         .summary = d.text,
                         .coded = d};
        st = events_append(r, &ev);
    }
    return st == SL_OK ? SL_OK : req_fail_code(r, st, MSG_DATABASE_ERROR);
}

sl_status hours_breaches_known(request *r, const char *student_id, size_t before)
{
    for (size_t i = before; i < r->n_violations; i++) {
        sl_status st = store_exists(r->st,
                                    "SELECT 1 FROM week_law_breaches b JOIN agenda_weeks w ON "
                                    "w.id = b.agenda_week_id JOIN placements p ON "
                                    "p.id = w.placement_id WHERE p.student_id = ?1 AND "
                                    "b.rule_id = ?2 AND b.message = ?3",
                                    SB(student_id), SB(r->violations[i]->rule_id),
                                    SB(r->violations[i]->message));
        if (st == SL_ENOTFOUND)
            return SL_EPRECOND;
        if (st != SL_OK)
            return req_fail_code(r, st, MSG_DATABASE_ERROR);
    }
    r->n_violations = before;
    return SL_OK;
}
