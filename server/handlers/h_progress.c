/* Progress along a placement: the weekly agenda, the coach's visits and the assessments. */
#include <stdio.h>
#include <string.h>

#include "agenda.h"
#include "assessments.h"
#include "course_hours.h"
#include "events.h"
#include "factdate.h"
#include "handlers.h"
#include "hours.h"
#include "names.h"
#include "lifecycle.h"
#include "placement_rules.h"
#include "rules.h"
#include "target.h"
#include "timeutil.h"

#define MAX_LIST 2000
#define MAX_PRESENT 10

static char *instant(request *r, sqlite3_stmt *q, int i)
{
    if (sqlite3_column_type(q, i) == SQLITE_NULL)
        return sl_arena_strdup(r->arena, "");
    char *buf = SL_ARENA_ARRAY(r->arena, char, 32);
    sl_time_format_rfc3339(sqlite3_column_int64(q, i), buf);
    return buf;
}

/* ---------------------------------------------------------------- agenda */

/* Loads it into *out (arena-owned): SL_ENOTFOUND when there is none, the store's error
 * when a query failed. */
static sl_status agenda_week_load(request *r, const char *week_id, Stagelijn__V1__AgendaWeek **out)
{
    sl_status rs;
    bool row;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT id, placement_id, week_start, reflection, "
                                  "supervisor_signed_at, coach_signed_at, student_reflection "
                                  "FROM agenda_weeks WHERE id = ?1",
                                  SB(week_id));
    if ((rs = store_row(q)) != SL_OK)
        return rs;
    Stagelijn__V1__AgendaWeek *w = SL_ARENA_NEW(r->arena, Stagelijn__V1__AgendaWeek);
    stagelijn__v1__agenda_week__init(w);
    w->id = sl_arena_strdup(r->arena, store_col(q, 0));
    w->placement_id = sl_arena_strdup(r->arena, store_col(q, 1));
    w->week_start = sl_arena_strdup(r->arena, store_col(q, 2));
    w->reflection = sl_arena_strdup(r->arena, store_col(q, 3));
    w->signed_by_supervisor = sqlite3_column_type(q, 4) != SQLITE_NULL;
    w->supervisor_signed_at = instant(r, q, 4);
    w->signed_off_by_coach = sqlite3_column_type(q, 5) != SQLITE_NULL;
    w->coach_signed_at = instant(r, q, 5);
    w->student_reflection = sl_arena_strdup(r->arena, store_col(q, 6));
    store_stmt_done(q);

    q = store_query(r->st,
                    "SELECT date, minutes_worked, tasks, break_parts IS NOT NULL, "
                    "coalesce(break_parts, '') FROM agenda_days WHERE agenda_week_id = ?1 "
                    "ORDER BY date",
                    SB(week_id));
    w->days = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__AgendaDay *, 7);
    while ((rs = store_next(q, &row)) == SL_OK && row && w->n_days < 7) {
        Stagelijn__V1__AgendaDay *d = SL_ARENA_NEW(r->arena, Stagelijn__V1__AgendaDay);
        stagelijn__v1__agenda_day__init(d);
        d->date = sl_arena_strdup(r->arena, store_col(q, 0));
        d->minutes_worked = (uint32_t)sqlite3_column_int(q, 1);
        d->tasks = sl_arena_strdup(r->arena, store_col(q, 2));
        d->breaks_recorded = sqlite3_column_int(q, 3) != 0;
        int parts[PLACEMENT_MAX_BREAK_PARTS], n_parts = 0;
        if (placement_breaks_parse(store_col(q, 4), parts, &n_parts) && n_parts > 0) {
            d->break_parts = SL_ARENA_ARRAY(r->arena, uint32_t, PLACEMENT_MAX_BREAK_PARTS);
            for (int k = 0; k < n_parts; k++)
                d->break_parts[d->n_break_parts++] = (uint32_t)parts[k];
        }
        w->days[w->n_days++] = d;
    }
    if (rs != SL_OK)
        return rs;
    store_stmt_done(q);
    *out = w;
    return SL_OK;
}

static sl_status reply_week(request *r, const char *id, sl_envelope *out)
{
    Stagelijn__V1__AgendaWeek *w;
    sl_status lst = agenda_week_load(r, id, &w);
    if (lst != SL_OK)
        return req_fail_code(r, lst == SL_ENOTFOUND ? SL_EINTERNAL : lst, MSG_AGENDA_WEEK_VANISHED);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_AGENDA_WEEK;
    out->agenda_week = w;
    return SL_OK;
}

/* The breaks of an agenda day, when recorded: each part 1..240 minutes, at most
 * PLACEMENT_MAX_BREAK_PARTS. Fills text with the stored form ("" for none taken). */
static sl_status agenda_day_breaks(request *r, const Stagelijn__V1__AgendaDay *d,
                                   char text[PLACEMENT_BREAKS_TEXT])
{
    int parts[PLACEMENT_MAX_BREAK_PARTS];
    text[0] = '\0';
    if (!d->breaks_recorded && d->n_break_parts > 0)
        return req_fail_code(r, SL_EINVAL, MSG_DAY_BREAK_PARTS_NEED_RECORDED, d->date);
    if (d->n_break_parts > PLACEMENT_MAX_BREAK_PARTS)
        return req_fail_code(r, SL_EINVAL, MSG_DAY_BREAK_PARTS_MAX, d->date,
                             PLACEMENT_MAX_BREAK_PARTS);
    for (size_t k = 0; k < d->n_break_parts; k++) {
        if (d->break_parts[k] == 0 || d->break_parts[k] > 240)
            return req_fail_code(r, SL_EINVAL, MSG_DAY_BREAK_PART_RANGE, d->date);
        parts[k] = (int)d->break_parts[k];
    }
    placement_breaks_format(parts, (int)d->n_break_parts, text);
    return SL_OK;
}

/* A week is signed only once it is complete: every internship day of the placement's
 * schedule in that week has hours (or a reported absence) and no shift is left open. */
static sl_status sign_when_complete(request *r, const char *placement_id, sl_date monday)
{
    hours_placement p;
    sl_status st = hours_placement_load(r, placement_id, &p);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_PLACEMENT_VANISHED);
    bool complete;
    sl_date missing;
    if ((st = hours_week_complete(r, &p, monday, &complete, &missing)) != SL_OK)
        return st;
    if (complete)
        return SL_OK;
    char ds[11];
    sl_date_format(missing, ds);
    return req_fail_code(r, SL_EPRECOND, MSG_WEEK_INCOMPLETE, ds);
}

sl_status handle_submit_agenda_week(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__SubmitAgendaWeekRequest *req = in->submit_agenda_week;
    const placement_facts *pf = &r->target.placement;
    sl_status st = SL_OK;
    if ((st = req_check_text(r, "reflection", req->reflection, false)) != SL_OK)
        return st;
    sl_date monday;
    if (!sl_date_parse(req->week_start, &monday) || sl_date_weekday(monday) != 1)
        return req_fail_code(r, SL_EINVAL, MSG_WEEK_START_MONDAY);
    if (req->n_days > 7)
        return req_fail_code(r, SL_EINVAL, MSG_WEEK_MAX_DAYS);

    sqlite3_stmt *q =
        store_query(r->st, "SELECT start_date, end_date FROM placements WHERE id = ?1", SB(pf->id));
    st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_PLACEMENT_VANISHED);
    sl_date pstart, pend;
    bool ok = sl_date_parse(store_col(q, 0), &pstart) && sl_date_parse(store_col(q, 1), &pend);
    store_stmt_done(q);
    if (!ok)
        return req_fail_code(r, SL_EINTERNAL, MSG_STORED_PLACEMENT_DATES_UNREADABLE);

    /* The week has begun and overlaps the placement; each day worked is up to today and
     * inside the placement (no grace: nobody works there after the last day). */
    if ((st = factdate_require_date(r, "agenda week", monday, factdate_agenda_week(pstart, pend),
                                    FACTDATE_RULE_PLACEMENT)) != SL_OK)
        return st;
    bool seen[7] = {false};
    for (size_t i = 0; i < req->n_days; i++) {
        const Stagelijn__V1__AgendaDay *d = req->days[i];
        sl_date day;
        if (!sl_date_parse(d->date, &day))
            return req_fail_code(r, SL_EINVAL, MSG_DAY_DATE_FORMAT, i + 1);
        int64_t off = sl_date_to_days(day) - sl_date_to_days(monday);
        if (off < 0 || off > 6)
            return req_fail_code(r, SL_EINVAL, MSG_DAY_NOT_IN_WEEK, d->date, req->week_start);
        if (seen[off])
            return req_fail_code(r, SL_EINVAL, MSG_DAY_TWICE, d->date);
        seen[off] = true;
        if ((st = factdate_require_date(r, "agenda day", day, factdate_placement(pstart, pend, 0),
                                        FACTDATE_RULE_PLACEMENT)) != SL_OK)
            return st;
        if (d->minutes_worked > 24 * 60)
            return req_fail_code(r, SL_EINVAL, MSG_DAY_MORE_THAN_24, d->date);
        if ((st = req_check_text(r, "tasks", d->tasks, false)) != SL_OK)
            return st;
        char breaks[PLACEMENT_BREAKS_TEXT];
        if ((st = agenda_day_breaks(r, d, breaks)) != SL_OK)
            return st;
    }

    /* One row per (placement, week): a resubmission replaces the days until it is signed. */
    char week_id[SL_ID_LEN + 1] = "";
    q = store_query(r->st,
                    "SELECT id, supervisor_signed_at IS NOT NULL FROM agenda_weeks WHERE "
                    "placement_id = ?1 AND week_start = ?2",
                    SB(pf->id), SB(req->week_start));
    st = store_row(q);
    if (st == SL_OK) {
        bool signed_already = sqlite3_column_int(q, 1) != 0;
        snprintf(week_id, sizeof week_id, "%s", store_col(q, 0));
        store_stmt_done(q);
        if (signed_already)
            return req_fail_code(r, SL_EPRECOND, MSG_WEEK_SIGNED);
        st = SL_OK;
    } else if (st == SL_ENOTFOUND) {
        st = agenda_week_ensure(r->st, pf->id, req->week_start, r->now, week_id);
    }
    if (st == SL_OK)
        st = agenda_week_set_reflection(r->st, week_id, req->reflection, r->now);
    /* The days through the agenda store: a clocked day keeps its clocked hours. */
    agenda_day_row rows[7];
    char breaks[7][PLACEMENT_BREAKS_TEXT];
    for (size_t i = 0; st == SL_OK && i < req->n_days; i++) {
        const Stagelijn__V1__AgendaDay *d = req->days[i];
        if ((st = agenda_day_breaks(r, d, breaks[i])) != SL_OK)
            return st;
        rows[i] = (agenda_day_row){.date = d->date,
                                   .minutes = (int)d->minutes_worked,
                                   .tasks = d->tasks,
                                   .break_parts = d->breaks_recorded ? breaks[i] : NULL};
    }
    if (st == SL_OK)
        st = agenda_week_replace_days(r->st, week_id, rows, req->n_days, r->now);
    /* The law on the student's time, with this week saved: every placement and every
     * recorded week of the student, and every 4-week window containing this week (also the
     * three after it); a refusal rolls the week back. */
    if (st == SL_OK) {
        sl_date from, to;
        student_time_range(monday, monday, &from, &to);
        size_t before = r->n_violations;
        sl_status law = student_check_time(r, pf->student_id, from, to);
        /* Breaches clocked already are stored on their week; only a new one refuses. */
        if (law == SL_EPRECOND)
            law = hours_breaches_known(r, pf->student_id, before);
        if (law == SL_EPRECOND)
            return req_fail_code(r, law, MSG_HOURS_BREAK_LAW);
        if (law != SL_OK)
            return law;
    }
    if (st == SL_OK && req->sign) {
        sl_status done = sign_when_complete(r, pf->id, monday);
        if (done != SL_OK)
            return done;
        st = agenda_week_sign(r->st, week_id, false, r->who->user_id, r->now);
    }
    if (st != SL_OK || (st = req_audit(r, "agenda.submit", "agenda_week", week_id,
                                       req->sign ? "signed" : "")) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_SAVE_THE_AGENDA_WEEK);
    /* The hours entered may take the course past WVO art. 32's 50 %: warned, not refused. */
    Stagelijn__V1__RuleViolation **warn;
    size_t n_warn;
    if ((st = course_hours_recheck(r, pf->student_id, &warn, &n_warn)) != SL_OK ||
        (st = reply_week(r, week_id, out)) != SL_OK)
        return st;
    out->agenda_week->warnings = warn;
    out->agenda_week->n_warnings = n_warn;
    return SL_OK;
}

/* The student's own reflection on a week (DOMAIN: the student writes his/her own
 * reflections). The week is created when the supervisor has not filled it in yet; once the
 * coach has signed it off in class, it no longer changes. */
sl_status handle_write_reflection(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__WriteReflectionRequest *req = in->write_reflection;
    const placement_facts *pf = &r->target.placement;
    sl_status st = SL_OK;
    if ((st = req_check_text(r, "text", req->text, true)) != SL_OK)
        return st;
    sl_date monday;
    if (!sl_date_parse(req->week_start, &monday) || sl_date_weekday(monday) != 1)
        return req_fail_code(r, SL_EINVAL, MSG_WEEK_START_MONDAY);
    factdate_phase phase;
    sl_date pstart, pend;
    if ((st = factdate_placement_phase(r, pf->id, &phase, &pstart, &pend)) != SL_OK ||
        (st = factdate_require_date(r, "agenda week", monday, factdate_agenda_week(pstart, pend),
                                    FACTDATE_RULE_PLACEMENT)) != SL_OK)
        return st;

    char week_id[SL_ID_LEN + 1] = "";
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT id, coach_signed_at IS NOT NULL FROM agenda_weeks WHERE "
                                  "placement_id = ?1 AND week_start = ?2",
                                  SB(pf->id), SB(req->week_start));
    st = store_row(q);
    if (st == SL_OK) {
        bool signed_off = sqlite3_column_int(q, 1) != 0;
        snprintf(week_id, sizeof week_id, "%s", store_col(q, 0));
        store_stmt_done(q);
        if (signed_off) {
            req_violation(r, "AGENDA_SIGNED_OFF", "the coach has signed this week off", false);
            return req_fail_code(r, SL_EPRECOND, MSG_WEEK_SIGNED_OFF);
        }
    } else if (st == SL_ENOTFOUND) {
        st = agenda_week_ensure(r->st, pf->id, req->week_start, r->now, week_id);
    }
    if (st == SL_OK)
        st = agenda_week_set_student_reflection(r->st, week_id, req->text, r->now);
    if (st != SL_OK || (st = req_audit(r, "agenda.reflect", "agenda_week", week_id, "")) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_SAVE_THE_REFLECTION);
    return reply_week(r, week_id, out);
}

sl_status handle_sign_agenda_week(request *r, const sl_envelope *in, sl_envelope *out)
{
    const char *week_id = in->sign_agenda_week->agenda_week_id;
    sl_status st = req_check_id(r, "agenda_week_id", week_id);
    if (st != SL_OK)
        return st;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT placement_id, supervisor_signed_at IS NOT NULL, "
                                  "coach_signed_at IS NOT NULL, week_start FROM agenda_weeks "
                                  "WHERE id = ?1",
                                  SB(week_id));
    st = store_row(q);
    if (st != SL_OK)
        return (st == SL_ENOTFOUND ? req_fail_code(r, st, MSG_NO_SUCH_AGENDA_WEEK)
                                   : req_fail_code(r, st, MSG_DATABASE_ERROR));
    char placement_id[SL_ID_LEN + 1];
    snprintf(placement_id, sizeof placement_id, "%s", store_col(q, 0));
    bool sup_signed = sqlite3_column_int(q, 1) != 0, coach_signed = sqlite3_column_int(q, 2) != 0;
    sl_date monday;
    bool monday_ok = sl_date_parse(store_col(q, 3), &monday);
    store_stmt_done(q);
    if (!monday_ok)
        return req_fail_code(r, SL_EINTERNAL, MSG_STORED_WEEK_START_UNREADABLE);
    /* A signature says the week happened as written: not before the week has begun. */
    if ((st = factdate_require_date(r, "signature of the agenda week", monday, factdate_any(),
                                    FACTDATE_RULE_PLACEMENT)) != SL_OK)
        return st;
    if (r->who->role == ROLE_SUPERVISOR) {
        if (sup_signed)
            return req_fail_code(r, SL_EPRECOND, MSG_WEEK_SIGNED_ALREADY);
        if ((st = sign_when_complete(r, placement_id, monday)) != SL_OK)
            return st;
        st = agenda_week_sign(r->st, week_id, false, r->who->user_id, r->now);
    } else {
        /* The coach signs off in class what the company has signed. */
        if (!sup_signed) {
            req_violation(r, "AGENDA_SUPERVISOR_SIGNATURE_MISSING",
                          "the supervisor has not signed this week yet", false);
            return req_fail_code(r, SL_EPRECOND, MSG_WEEK_NOT_SIGNED_BY_SUPERVISOR);
        }
        if (coach_signed)
            return req_fail_code(r, SL_EPRECOND, MSG_WEEK_SIGNED_OFF_ALREADY);
        st = agenda_week_sign(r->st, week_id, true, r->who->user_id, r->now);
    }
    if (st != SL_OK || (st = req_audit(r, "agenda.sign", "agenda_week", week_id,
                                       role_name(r->who->role))) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_SIGN);
    return reply_week(r, week_id, out);
}

sl_status handle_list_agenda_weeks(request *r, const sl_envelope *in, sl_envelope *out)
{
    sl_status rs;
    bool row;
    const char *pid = in->list_agenda_weeks->placement_id;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT id FROM agenda_weeks WHERE placement_id = ?1 "
                                  "ORDER BY week_start DESC LIMIT ?2",
                                  SB(pid), SB(MAX_LIST + 1));
    Stagelijn__V1__ListAgendaWeeksReply *rep =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__ListAgendaWeeksReply);
    stagelijn__v1__list_agenda_weeks_reply__init(rep);
    char **ids = SL_ARENA_ARRAY(r->arena, char *, MAX_LIST + 1);
    size_t n = 0;
    while ((rs = store_next(q, &row)) == SL_OK && row)
        ids[n++] = sl_arena_strdup(r->arena, store_col(q, 0));
    if (rs != SL_OK)
        return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    n = req_list_cap(r, n, MAX_LIST);
    rep->weeks = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__AgendaWeek *, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        Stagelijn__V1__AgendaWeek *w;
        sl_status lst = agenda_week_load(r, ids[i], &w);
        if (lst == SL_OK)
            rep->weeks[rep->n_weeks++] = w;
        else if (lst != SL_ENOTFOUND)
            return req_fail_code(r, lst, MSG_DATABASE_ERROR);
    }
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_AGENDA_WEEKS_REPLY;
    out->list_agenda_weeks_reply = rep;
    return SL_OK;
}

/* ---------------------------------------------------------------- visits */

sl_status handle_log_visit(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__Visit *v = in->log_visit->visit;
    if (!v)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "visit");
    const placement_facts *pf = &r->target.placement;
    sl_status st = SL_OK;
    sl_date day;
    if (!sl_date_parse(v->date, &day))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "date");
    factdate_phase phase;
    if ((st = factdate_placement_phase(r, pf->id, &phase, NULL, NULL)) != SL_OK ||
        (st = factdate_require_date(r, "visit", day, phase, FACTDATE_RULE_PLACEMENT)) != SL_OK)
        return st;
    if (v->n_present == 0 || v->n_present > MAX_PRESENT)
        return req_fail_code(r, SL_EINVAL, MSG_PRESENT_COUNT, MAX_PRESENT);
    if ((st = req_check_text(r, "notes", v->notes, true)) != SL_OK ||
        (st = req_check_text(r, "actions", v->actions, false)) != SL_OK)
        return st;
    char present[MAX_PRESENT * 130] = "";
    for (size_t i = 0; i < v->n_present; i++) {
        const char *who = v->present[i];
        if (!who || !who[0] || strlen(who) > 120 || strchr(who, '\n'))
            return req_fail_code(r, SL_EINVAL, MSG_PRESENT_ENTRY);
        strcat(present, who);
        if (i + 1 < v->n_present)
            strcat(present, "\n");
    }
    sl_id id = sl_id_new();
    st = store_exec(r->st, NULL,
                    "INSERT INTO visits (id, placement_id, coach_id, date, present, notes, "
                    "actions, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
                    SB(id.s), SB(pf->id), SB(r->who->user_id), SB(v->date), SB(present),
                    SB(v->notes), SB(v->actions ? v->actions : ""), SB(r->now));
    if (st != SL_OK || (st = req_audit(r, "visit.log", "visit", id.s, "")) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_LOG_THE_VISIT);
    Stagelijn__V1__Visit *rv = SL_ARENA_NEW(r->arena, Stagelijn__V1__Visit);
    stagelijn__v1__visit__init(rv);
    rv->id = sl_arena_strdup(r->arena, id.s);
    rv->placement_id = sl_arena_strdup(r->arena, pf->id);
    rv->date = sl_arena_strdup(r->arena, v->date);
    rv->n_present = v->n_present;
    rv->present = SL_ARENA_ARRAY(r->arena, char *, v->n_present);
    for (size_t i = 0; i < v->n_present; i++)
        rv->present[i] = sl_arena_strdup(r->arena, v->present[i]);
    rv->notes = sl_arena_strdup(r->arena, v->notes);
    rv->actions = sl_arena_strdup(r->arena, v->actions);
    rv->coach_id = sl_arena_strdup(r->arena, r->who->user_id);
    if ((st = names_of(r, NAME_USER, rv->coach_id, &rv->coach_name)) != SL_OK)
        return st;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_VISIT;
    out->visit = rv;
    return SL_OK;
}

sl_status handle_list_visits(request *r, const sl_envelope *in, sl_envelope *out)
{
    sl_status rs;
    bool row;
    const char *pid = in->list_visits->placement_id;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT id, date, present, notes, actions, coach_id, "
                                  "coalesce((SELECT display_name FROM users u WHERE u.id = "
                                  "coach_id), '') FROM visits WHERE placement_id = ?1 ORDER BY "
                                  "date DESC, id LIMIT ?2",
                                  SB(pid), SB(MAX_LIST + 1));
    Stagelijn__V1__ListVisitsReply *rep = SL_ARENA_NEW(r->arena, Stagelijn__V1__ListVisitsReply);
    stagelijn__v1__list_visits_reply__init(rep);
    rep->visits = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__Visit *, MAX_LIST + 1);
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        Stagelijn__V1__Visit *v = SL_ARENA_NEW(r->arena, Stagelijn__V1__Visit);
        stagelijn__v1__visit__init(v);
        v->id = sl_arena_strdup(r->arena, store_col(q, 0));
        v->placement_id = sl_arena_strdup(r->arena, pid);
        v->date = sl_arena_strdup(r->arena, store_col(q, 1));
        char *present = sl_arena_strdup(r->arena, store_col(q, 2));
        v->present = SL_ARENA_ARRAY(r->arena, char *, MAX_PRESENT);
        for (char *tok = present; tok && *tok && v->n_present < MAX_PRESENT;) {
            char *nl = strchr(tok, '\n');
            if (nl)
                *nl = '\0';
            v->present[v->n_present++] = tok;
            tok = nl ? nl + 1 : NULL;
        }
        v->notes = sl_arena_strdup(r->arena, store_col(q, 3));
        v->actions = sl_arena_strdup(r->arena, store_col(q, 4));
        v->coach_id = sl_arena_strdup(r->arena, store_col(q, 5));
        v->coach_name = sl_arena_strdup(r->arena, store_col(q, 6));
        rep->visits[rep->n_visits++] = v;
    }
    if (rs != SL_OK)
        return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    rep->n_visits = req_list_cap(r, rep->n_visits, MAX_LIST);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_VISITS_REPLY;
    out->list_visits_reply = rep;
    return SL_OK;
}

/* ---------------------------------------------------------------- assessments */

static bool rating_ok(uint32_t v)
{
    return v >= 1 && v <= 5;
}

#define MAX_ASPECTS 12
#define ASPECT_NAME_MAX_CHARS 64

/* An aspect's name: 1..64 characters of valid UTF-8 on one line. */
static bool aspect_name_ok(const char *s)
{
    if (!s || !s[0])
        return false;
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; chars++) {
        int len = *p < 0x80             ? 1
                  : (*p & 0xE0) == 0xC0 ? 2
                  : (*p & 0xF0) == 0xE0 ? 3
                  : (*p & 0xF8) == 0xF0 ? 4
                                        : 0;
        if (len == 0 || (len == 1 && *p < 0x20))
            return false;
        for (int i = 1; i < len; i++)
            if ((p[i] & 0xC0) != 0x80)
                return false;
        p += len;
    }
    return chars <= ASPECT_NAME_MAX_CHARS;
}

static sl_status load_aspects(request *r, Stagelijn__V1__Assessment *a)
{
    sl_status rs;
    bool row;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT aspect, rating FROM assessment_aspects WHERE "
                                  "assessment_id = ?1 ORDER BY rowid",
                                  SB(a->id));
    a->aspects = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__AspectRating *, MAX_ASPECTS);
    while ((rs = store_next(q, &row)) == SL_OK && row && a->n_aspects < MAX_ASPECTS) {
        Stagelijn__V1__AspectRating *ar = SL_ARENA_NEW(r->arena, Stagelijn__V1__AspectRating);
        stagelijn__v1__aspect_rating__init(ar);
        ar->aspect = sl_arena_strdup(r->arena, store_col(q, 0));
        ar->rating = (uint32_t)sqlite3_column_int(q, 1);
        a->aspects[a->n_aspects++] = ar;
    }
    if (rs != SL_OK)
        return rs;
    store_stmt_done(q);
    return SL_OK;
}

/* The lifecycle of an assessment (docs/rules.md): an interim one during an active placement,
 * for its period, once per period unless it is a new version of that period's assessment
 * (`new_version`); an end one from two weeks before the end date on, or after the placement
 * ended. */
static sl_status assessment_lifecycle(request *r, const placement_facts *pf,
                                      const Stagelijn__V1__Assessment *a, bool new_version)
{
    bool interim = a->kind == STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_INTERIM;
    if (interim && a->period == 0)
        return req_fail_code(r, SL_EINVAL, MSG_INTERIM_NEEDS_PERIOD);
    const char *message;
    const char *rule =
        lifecycle_refusal(interim ? LC_OP_ASSESS_INTERIM : LC_OP_ASSESS_END, pf->status, &message);
    if (rule) {
        req_violation(r, rule, message, false);
        return interim ? req_fail_code(r, SL_EPRECOND, MSG_NO_INTERIM_ON_STATE,
                                       lifecycle_state_name(pf->status), rule)
                       : req_fail_code(r, SL_EPRECOND, MSG_NO_END_ON_STATE,
                                       lifecycle_state_name(pf->status), rule);
    }
    sl_status st;
    if (interim && !new_version) {
        st = store_exists(r->st,
                          "SELECT 1 FROM assessments WHERE placement_id = ?1 AND kind = ?2 AND "
                          "period = ?3",
                          SB(pf->id), SB((int)a->kind), SB((int)a->period));
        if (st == SL_OK) {
            req_violation(r, "ASSESSMENT_PERIOD_ASSESSED",
                          "This period has its interim assessment already; a correction is a "
                          "new version of it.",
                          false);
            return req_fail_code(r, SL_EEXISTS, MSG_PERIOD_ASSESSED, a->period);
        }
        return st == SL_ENOTFOUND ? SL_OK : req_fail_code(r, st, MSG_DATABASE_ERROR);
    }
    if (interim)
        return SL_OK;
    sqlite3_stmt *q =
        store_query(r->st, "SELECT end_date, kind FROM placements WHERE id = ?1", SB(pf->id));
    if ((st = store_row(q)) != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_PLACEMENT_VANISHED);
    sl_date end;
    bool ok = sl_date_parse(store_col(q, 0), &end);
    int kind = sqlite3_column_int(q, 1);
    store_stmt_done(q);
    if (!ok)
        return req_fail_code(r, SL_EINTERNAL, MSG_STORED_END_DATE_UNREADABLE);
    bool exam = kind == STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_ENTREE ||
                kind == STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_DUAL;
    rule = lifecycle_end_assessment_guard(pf->status, exam, rules_date_of(r->today),
                                          rules_date_of(end));
    if (rule) {
        req_violation(r, rule,
                      "The end assessment is made in the last two weeks of the placement or "
                      "after it ended (an Entree or dual placement: while it runs).",
                      false);
        return req_fail_code(r, SL_EPRECOND, MSG_END_ASSESSMENT_WINDOW,
                             LC_END_ASSESSMENT_WINDOW_DAYS);
    }
    return SL_OK;
}

sl_status assessment_check_content(request *r, const Stagelijn__V1__Assessment *a, bool draft)
{
    sl_status st;
    if (a->kind != STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_INTERIM &&
        a->kind != STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_END)
        return req_fail_code(r, SL_EINVAL, MSG_KIND_INTERIM_END);
    if (a->period > 3)
        return req_fail_code(r, SL_EINVAL, MSG_PERIOD_OR_NONE);
    const Stagelijn__V1__CompetenceRatings *c = a->ratings;
    /* A draft may leave an area unrated (0), never rate it outside 1..5. */
    uint32_t areas[5] = {0};
    if (c) {
        areas[0] = c->persoonlijk, areas[1] = c->arbeid, areas[2] = c->sociaal;
        areas[3] = c->onderzoek, areas[4] = c->leren;
    }
    for (int i = 0; i < 5; i++)
        if (!(rating_ok(areas[i]) || (draft && areas[i] == 0)))
            return req_fail_code(r, SL_EINVAL, MSG_RATE_FIVE_AREAS);
    if ((st = req_check_text(r, "comments", a->comments, false)) != SL_OK)
        return st;
    bool has_verdict = a->verdict == STAGELIJN__V1__JUDGEMENT__JUDGEMENT_POSITIVE ||
                       a->verdict == STAGELIJN__V1__JUDGEMENT__JUDGEMENT_NEGATIVE;
    if (!has_verdict && a->verdict != STAGELIJN__V1__JUDGEMENT__JUDGEMENT_MISSING)
        return req_fail_code(r, SL_EINVAL, MSG_VERDICT_VALUES);
    if (!has_verdict && !draft && a->kind == STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_END)
        return req_fail_code(r, SL_EINVAL, MSG_END_NEEDS_VERDICT);
    if (a->n_aspects > MAX_ASPECTS)
        return req_fail_code(r, SL_EINVAL, MSG_AT_MOST_ASPECTS, MAX_ASPECTS);
    for (size_t i = 0; i < a->n_aspects; i++) {
        const Stagelijn__V1__AspectRating *ar = a->aspects[i];
        if (!aspect_name_ok(ar->aspect))
            return req_fail_code(r, SL_EINVAL, MSG_ASPECT_NAME_LENGTH, i + 1,
                                 ASPECT_NAME_MAX_CHARS);
        if (!rating_ok(ar->rating))
            return req_fail_code(r, SL_EINVAL, MSG_ASPECT_RATING, ar->aspect);
        for (size_t j = 0; j < i; j++)
            if (strcmp(a->aspects[j]->aspect, ar->aspect) == 0)
                return req_fail_code(r, SL_EINVAL, MSG_ASPECT_TWICE, ar->aspect);
    }
    if (a->date && a->date[0]) {
        sl_date d;
        if (!sl_date_parse(a->date, &d))
            return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "date");
    }
    return assessment_check_goal_form(r, a, draft);
}

sl_status assessment_check(request *r, const placement_facts *pf,
                           const Stagelijn__V1__Assessment *a, bool new_version, char day[11])
{
    sl_status st;
    if ((st = assessment_check_content(r, a, false)) != SL_OK)
        return st;
    /* The day it was made (today when not given): not in the future, not before the
     * placement started. */
    sl_date made = r->today;
    factdate_phase phase;
    sl_date pstart;
    if (a->date && a->date[0] && !sl_date_parse(a->date, &made))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "date");
    if ((st = factdate_placement_phase(r, pf->id, &phase, &pstart, NULL)) != SL_OK ||
        (st = factdate_require_date(r, "assessment", made, factdate_since(pstart),
                                    FACTDATE_RULE_PLACEMENT)) != SL_OK)
        return st;
    sl_date_format(made, day);
    /* The state and the period after the date: a fact that cannot have happened yet is
     * refused as such, whatever else is wrong with it. */
    if ((st = assessment_lifecycle(r, pf, a, new_version)) != SL_OK)
        return st;
    return assessment_check_goals(r, pf->id, a);
}

/* Writes the assessment's content (its row under `id`, which exists when `update`) and its
 * aspects. */
static sl_status assessment_write(request *r, const placement_facts *pf,
                                  const Stagelijn__V1__Assessment *a, const char *day,
                                  const char *id, bool update)
{
    const Stagelijn__V1__CompetenceRatings *c = a->ratings;
    sl_status st;
    if (!update)
        st =
            store_exec(r->st, NULL,
                       "INSERT INTO assessments (id, placement_id, kind, period, persoonlijk, "
                       "arbeid, sociaal, onderzoek, leren, comments, assessor_id, created_at, "
                       "verdict, date) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)",
                       SB(id), SB(pf->id), SB((int)a->kind), SB((int)a->period),
                       SB((int)c->persoonlijk), SB((int)c->arbeid), SB((int)c->sociaal),
                       SB((int)c->onderzoek), SB((int)c->leren), SB(a->comments ? a->comments : ""),
                       SB(r->who->user_id), SB(r->now), SB((int)a->verdict), SB(day));
    else
        st =
            store_exec(r->st, NULL,
                       "UPDATE assessments SET persoonlijk = ?2, arbeid = ?3, sociaal = ?4, "
                       "onderzoek = ?5, leren = ?6, comments = ?7, assessor_id = ?8, "
                       "created_at = ?9, verdict = ?10, date = ?11, version = version + 1 "
                       "WHERE id = ?1",
                       SB(id), SB((int)c->persoonlijk), SB((int)c->arbeid), SB((int)c->sociaal),
                       SB((int)c->onderzoek), SB((int)c->leren), SB(a->comments ? a->comments : ""),
                       SB(r->who->user_id), SB(r->now), SB((int)a->verdict), SB(day));
    if (st == SL_OK && update)
        st = store_exec(r->st, NULL, "DELETE FROM assessment_aspects WHERE assessment_id = ?1",
                        SB(id));
    for (size_t i = 0; st == SL_OK && i < a->n_aspects; i++)
        st = store_exec(r->st, NULL,
                        "INSERT INTO assessment_aspects (assessment_id, aspect, rating) "
                        "VALUES (?1, ?2, ?3)",
                        SB(id), SB(a->aspects[i]->aspect), SB((int)a->aspects[i]->rating));
    return st;
}

/* The columns assessment_from_row() reads, after "SELECT ". */
#define ASSESSMENT_COLUMNS                                                                         \
    "id, placement_id, kind, period, persoonlijk, arbeid, sociaal, onderzoek, leren, comments, "   \
    "assessor_id, created_at, verdict, date, coalesce((SELECT display_name FROM users u WHERE "    \
    "u.id = assessor_id), ''), version "

static sl_status assessment_from_row(request *r, sqlite3_stmt *q, Stagelijn__V1__Assessment **out)
{
    Stagelijn__V1__Assessment *a = SL_ARENA_NEW(r->arena, Stagelijn__V1__Assessment);
    stagelijn__v1__assessment__init(a);
    a->id = sl_arena_strdup(r->arena, store_col(q, 0));
    a->placement_id = sl_arena_strdup(r->arena, store_col(q, 1));
    a->kind = (Stagelijn__V1__AssessmentKind)sqlite3_column_int(q, 2);
    a->period = (uint32_t)sqlite3_column_int(q, 3);
    a->ratings = SL_ARENA_NEW(r->arena, Stagelijn__V1__CompetenceRatings);
    stagelijn__v1__competence_ratings__init(a->ratings);
    a->ratings->persoonlijk = (uint32_t)sqlite3_column_int(q, 4);
    a->ratings->arbeid = (uint32_t)sqlite3_column_int(q, 5);
    a->ratings->sociaal = (uint32_t)sqlite3_column_int(q, 6);
    a->ratings->onderzoek = (uint32_t)sqlite3_column_int(q, 7);
    a->ratings->leren = (uint32_t)sqlite3_column_int(q, 8);
    a->comments = sl_arena_strdup(r->arena, store_col(q, 9));
    a->assessor_id = sl_arena_strdup(r->arena, store_col(q, 10));
    a->created_at = instant(r, q, 11);
    a->verdict = (Stagelijn__V1__Judgement)sqlite3_column_int(q, 12);
    a->date = sl_arena_strdup(r->arena, store_col(q, 13));
    a->assessor_name = sl_arena_strdup(r->arena, store_col(q, 14));
    a->version = (uint32_t)sqlite3_column_int(q, 15);
    a->status = STAGELIJN__V1__ASSESSMENT_STATUS__ASSESSMENT_SUBMITTED;
    *out = a;
    sl_status st = load_aspects(r, a);
    return st == SL_OK ? assessment_load_goal_ratings(r, a) : st;
}

sl_status assessment_load(request *r, const char *id, Stagelijn__V1__Assessment **out)
{
    sqlite3_stmt *q =
        store_query(r->st, "SELECT " ASSESSMENT_COLUMNS "FROM assessments WHERE id = ?1", SB(id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return st;
    st = assessment_from_row(r, q, out);
    store_stmt_done(q);
    return st;
}

sl_status assessment_store(request *r, const placement_facts *pf,
                           const Stagelijn__V1__Assessment *a, const char *day,
                           const char *revises_id, Stagelijn__V1__Assessment **out)
{
    sl_status st;
    sl_id id = sl_id_new();
    const char *aid = revises_id ? revises_id : id.s;
    if (revises_id) {
        Stagelijn__V1__Assessment *old;
        if ((st = assessment_load(r, revises_id, &old)) != SL_OK ||
            (st = assessment_keep_version(r, old)) != SL_OK)
            return req_fail_code(r, st, MSG_CANNOT_SAVE_THE_ASSESSMENT);
    }
    bool end = a->kind == STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_END;
    req_detail_text d = revises_id ? (end ? req_detail(r, DET_EV_END_ASSESSMENT_REVISED)
                                          : req_detail(r, DET_EV_INTERIM_ASSESSMENT_REVISED))
                                   : (end ? req_detail(r, DET_EV_END_ASSESSMENT)
                                          : req_detail(r, DET_EV_INTERIM_ASSESSMENT));
    event_spec ev = {.topic = "assessment",
                     .student_id = pf->student_id,
                     .placement_id = pf->id,
                     .company_id = pf->company_id,
                     .class_id = pf->class_id,
                     .summary = d.text,
                     .coded = d};
    if ((st = assessment_write(r, pf, a, day, aid, revises_id != NULL)) != SL_OK ||
        (st = assessment_store_goal_ratings(r, aid, a)) != SL_OK ||
        (st = events_append(r, &ev)) != SL_OK ||
        (st = req_audit(r, revises_id ? "assessment.revise" : "assessment.submit", "assessment",
                        aid, "")) != SL_OK ||
        (st = assessment_load(r, aid, out)) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_SAVE_THE_ASSESSMENT);
    return SL_OK;
}

sl_status handle_submit_assessment(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__Assessment *a = in->submit_assessment->assessment;
    if (!a)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "assessment");
    const placement_facts *pf = &r->target.placement;
    char day[11];
    Stagelijn__V1__Assessment *ra;
    sl_status st;
    if ((st = assessment_check(r, pf, a, false, day)) != SL_OK ||
        (st = assessment_store(r, pf, a, day, NULL, &ra)) != SL_OK)
        return st;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_ASSESSMENT;
    out->assessment = ra;
    return SL_OK;
}

sl_status handle_list_assessments(request *r, const sl_envelope *in, sl_envelope *out)
{
    sl_status rs;
    bool row;
    const char *pid = in->list_assessments->placement_id;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT " ASSESSMENT_COLUMNS "FROM assessments WHERE "
                                  "placement_id = ?1 ORDER BY date, created_at, rowid LIMIT ?2",
                                  SB(pid), SB(MAX_LIST + 1));
    Stagelijn__V1__ListAssessmentsReply *rep =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__ListAssessmentsReply);
    stagelijn__v1__list_assessments_reply__init(rep);
    rep->assessments = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__Assessment *, MAX_LIST + 1);
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        Stagelijn__V1__Assessment *a;
        if ((rs = assessment_from_row(r, q, &a)) != SL_OK) {
            store_stmt_done(q);
            rep->n_assessments = req_list_cap(r, rep->n_assessments, MAX_LIST);
            return req_fail_code(r, rs, MSG_DATABASE_ERROR);
        }
        rep->assessments[rep->n_assessments++] = a;
    }
    if (rs != SL_OK)
        return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    if ((in->list_assessments->all_versions &&
         (rs = assessment_list_versions(r, pid, rep)) != SL_OK) ||
        (rs = self_ratings_list(r, pid, rep)) != SL_OK)
        return rs;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_ASSESSMENTS_REPLY;
    out->list_assessments_reply = rep;
    return SL_OK;
}
