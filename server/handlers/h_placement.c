/* Placements: a student at a company, with a weekly schedule. A new placement is PROPOSED;
 * h_contract.c moves it along its lifecycle. */
#include <stdio.h>
#include <string.h>

#include "events.h"
#include "collate.h"
#include "course_hours.h"
#include "handlers.h"
#include "messages.h"
#include "placements.h"
#include "placement_rules.h"
#include "places.h"
#include "target.h"
#include "timeutil.h"

#define MAX_LIST 5000

#define PLACEMENT_COLUMNS                                                                          \
    "SELECT p.id, p.student_id, p.company_id, coalesce(p.supervisor_id, ''), p.coach_id, "         \
    "p.kind, p.status, p.start_date, p.end_date, coalesce(p.sector, 0), "                          \
    "p.prohibited_for_minors, p.risky, p.cash_register, p.lift_kg, p.push_pull_kgf, "              \
    "p.psychosocial_load, p.fixed_posture, p.days_since_pesticide, p.expert_supervision, "         \
    "coalesce((SELECT " SQL_STUDENT_NAME(                                                          \
        "ns") " FROM students ns WHERE ns.id = p.student_id), "                                    \
              "''), coalesce((SELECT name FROM companies WHERE id = p.company_id), ''), "          \
              "coalesce((SELECT display_name FROM users WHERE id = p.supervisor_id), ''), "        \
              "coalesce((SELECT display_name FROM users WHERE id = p.coach_id), ''), "             \
              "p.sunday_ground FROM placements p "

static sl_status load_schedule(request *r, Stagelijn__V1__Placement *p)
{
    sl_status rs;
    bool row;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT weekday, start_min, end_min, break_minutes, break_parts "
                                  "FROM placement_schedule WHERE placement_id = ?1 ORDER BY "
                                  "weekday",
                                  SB(p->id));
    p->schedule = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__ScheduleDay *, 7);
    while ((rs = store_next(q, &row)) == SL_OK && row && p->n_schedule < 7) {
        Stagelijn__V1__ScheduleDay *d = SL_ARENA_NEW(r->arena, Stagelijn__V1__ScheduleDay);
        stagelijn__v1__schedule_day__init(d);
        d->weekday = (uint32_t)sqlite3_column_int(q, 0);
        d->start = SL_ARENA_ARRAY(r->arena, char, 6);
        d->end = SL_ARENA_ARRAY(r->arena, char, 6);
        sl_clock_format(sqlite3_column_int(q, 1), d->start);
        sl_clock_format(sqlite3_column_int(q, 2), d->end);
        d->break_minutes = (uint32_t)sqlite3_column_int(q, 3);
        int parts[PLACEMENT_MAX_BREAK_PARTS], n_parts = 0;
        if (placement_breaks_parse(store_col(q, 4), parts, &n_parts) && n_parts > 0) {
            d->break_parts = SL_ARENA_ARRAY(r->arena, uint32_t, PLACEMENT_MAX_BREAK_PARTS);
            for (int k = 0; k < n_parts; k++)
                d->break_parts[d->n_break_parts++] = (uint32_t)parts[k];
        }
        p->schedule[p->n_schedule++] = d;
    }
    if (rs != SL_OK)
        return rs;
    store_stmt_done(q);
    return SL_OK;
}

/* The school norms found when the placement was saved; an accepted one says so in its message
 * (RuleViolation has no field for it; ListPlacementWarnings gives the structured form). */
static sl_status load_warnings(request *r, Stagelijn__V1__Placement *p)
{
    sl_status rs;
    bool row;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT rule_id, message, accepted_at IS NOT NULL, "
                                  "coalesce(reason, ''), detail_code, detail_params FROM "
                                  "placement_warnings WHERE placement_id = ?1 ORDER BY rule_id",
                                  SB(p->id));
    p->warnings = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__RuleViolation *, PLACEMENT_MAX_WARNINGS);
    while ((rs = store_next(q, &row)) == SL_OK && row && p->n_warnings < PLACEMENT_MAX_WARNINGS) {
        Stagelijn__V1__RuleViolation *v = SL_ARENA_NEW(r->arena, Stagelijn__V1__RuleViolation);
        stagelijn__v1__rule_violation__init(v);
        v->rule_id = sl_arena_strdup(r->arena, store_col(q, 0));
        /* The coach's reason often explains a support need: school staff only. */
        bool staff = r->who && role_is_school_staff(r->who->role);
        if (!sqlite3_column_int(q, 2))
            v->message = sl_arena_strdup(r->arena, store_col(q, 1));
        else if (staff)
            v->message =
                sl_arena_printf(r->arena, "%s (accepted: %s)", store_col(q, 1), store_col(q, 3));
        else
            v->message = sl_arena_printf(r->arena, "%s (accepted by the school)", store_col(q, 1));
        v->warning = true;
        if (store_col(q, 4)[0]) { /* codes2: coded details, worded by the client */
            v->detail_code = sl_arena_strdup(r->arena, store_col(q, 4));
            v->detail_params = SL_ARENA_ARRAY(r->arena, char *, SL_MESSAGE_MAX_PARAMS);
            v->n_detail_params = sl_message_params_split(sl_arena_strdup(r->arena, store_col(q, 5)),
                                                         v->detail_params, SL_MESSAGE_MAX_PARAMS);
        }
        p->warnings[p->n_warnings++] = v;
    }
    if (rs != SL_OK)
        return rs;
    store_stmt_done(q);
    return SL_OK;
}

static Stagelijn__V1__Placement *placement_from_row(request *r, sqlite3_stmt *q)
{
    Stagelijn__V1__Placement *p = SL_ARENA_NEW(r->arena, Stagelijn__V1__Placement);
    stagelijn__v1__placement__init(p);
    p->id = sl_arena_strdup(r->arena, store_col(q, 0));
    p->student_id = sl_arena_strdup(r->arena, store_col(q, 1));
    p->company_id = sl_arena_strdup(r->arena, store_col(q, 2));
    p->supervisor_id = sl_arena_strdup(r->arena, store_col(q, 3));
    p->coach_id = sl_arena_strdup(r->arena, store_col(q, 4));
    p->kind = (Stagelijn__V1__PlacementKind)sqlite3_column_int(q, 5);
    p->status = (Stagelijn__V1__PlacementStatus)sqlite3_column_int(q, 6);
    p->start_date = sl_arena_strdup(r->arena, store_col(q, 7));
    p->end_date = sl_arena_strdup(r->arena, store_col(q, 8));
    p->sector = (uint32_t)sqlite3_column_int(q, 9);
    Stagelijn__V1__WorkKind *w = SL_ARENA_NEW(r->arena, Stagelijn__V1__WorkKind);
    stagelijn__v1__work_kind__init(w);
    w->prohibited_for_minors = sqlite3_column_int(q, 10) != 0;
    w->risky = sqlite3_column_int(q, 11) != 0;
    w->cash_register = sqlite3_column_int(q, 12) != 0;
    w->lift_kg = (uint32_t)sqlite3_column_int(q, 13);
    w->push_pull_kgf = (uint32_t)sqlite3_column_int(q, 14);
    w->psychosocial_load = sqlite3_column_int(q, 15) != 0;
    w->fixed_posture = sqlite3_column_int(q, 16) != 0;
    w->pesticides = sqlite3_column_type(q, 17) != SQLITE_NULL;
    w->days_since_pesticide = w->pesticides ? (uint32_t)sqlite3_column_int(q, 17) : 0;
    w->expert_supervision = sqlite3_column_int(q, 18) != 0;
    p->work_kind = w;
    p->student_name = sl_arena_strdup(r->arena, store_col(q, 19));
    p->company_name = sl_arena_strdup(r->arena, store_col(q, 20));
    p->supervisor_name = sl_arena_strdup(r->arena, store_col(q, 21));
    p->coach_name = sl_arena_strdup(r->arena, store_col(q, 22));
    p->sunday_ground = (Stagelijn__V1__SundayGround)sqlite3_column_int(q, 23);
    return p;
}

static sl_status reply_placement(request *r, const char *id, sl_envelope *out)
{
    sqlite3_stmt *q = store_query(r->st, PLACEMENT_COLUMNS "WHERE p.id = ?1", SB(id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return (st == SL_ENOTFOUND ? req_fail_code(r, st, MSG_NO_SUCH_PLACEMENT)
                                   : req_fail_code(r, st, MSG_DATABASE_ERROR));
    Stagelijn__V1__Placement *p = placement_from_row(r, q);
    store_stmt_done(q);
    if ((st = load_schedule(r, p)) != SL_OK || (st = load_warnings(r, p)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_PLACEMENT;
    out->placement = p;
    return SL_OK;
}

/* The break of one schedule day: either break_minutes as one part, or break_parts (each at
 * least 1 minute) with break_minutes 0 or their sum. */
static sl_status parse_breaks(request *r, const Stagelijn__V1__ScheduleDay *d, placement_day *o)
{
    o->n_break_parts = 0;
    if (d->n_break_parts > PLACEMENT_MAX_BREAK_PARTS)
        return req_fail_code(r, SL_EINVAL, MSG_BREAK_PARTS_MAX, PLACEMENT_MAX_BREAK_PARTS);
    uint64_t sum = 0;
    for (size_t k = 0; k < d->n_break_parts; k++) {
        if (d->break_parts[k] == 0 || d->break_parts[k] > 240)
            return req_fail_code(r, SL_EINVAL, MSG_BREAK_PART_RANGE);
        sum += d->break_parts[k];
        o->break_parts[o->n_break_parts++] = (int)d->break_parts[k];
    }
    if (d->n_break_parts > 0 && d->break_minutes != 0 && d->break_minutes != sum)
        return req_fail_code(r, SL_EINVAL, MSG_BREAK_PARTS_SUM);
    if (d->n_break_parts == 0) {
        sum = d->break_minutes;
        if (sum > 0)
            o->break_parts[o->n_break_parts++] = (int)sum;
    }
    /* Checked as unsigned before any cast: a huge value would wrap to a negative int. */
    if (sum > 240 || (int)sum >= o->end_min - o->start_min)
        return req_fail_code(r, SL_EINVAL, MSG_SCHEDULE_BREAK);
    o->break_minutes = (int)sum;
    return SL_OK;
}

/* Parses and checks the schedule: weekdays 1..7 once each, HH:MM times, end after start,
 * breaks shorter than the day. */
static sl_status parse_schedule(request *r, const Stagelijn__V1__Placement *p, placement_day *days,
                                size_t *n_days)
{
    bool seen[8] = {false};
    if (p->n_schedule == 0)
        return req_fail_code(r, SL_EINVAL, MSG_SCHEDULE_NEEDS_DAY);
    if (p->n_schedule > 7)
        return req_fail_code(r, SL_EINVAL, MSG_SCHEDULE_MAX_DAYS);
    for (size_t i = 0; i < p->n_schedule; i++) {
        const Stagelijn__V1__ScheduleDay *d = p->schedule[i];
        placement_day *o = &days[i];
        if (d->weekday < 1 || d->weekday > 7 || seen[d->weekday])
            return req_fail_code(r, SL_EINVAL, MSG_SCHEDULE_WEEKDAY);
        seen[d->weekday] = true;
        if (!sl_clock_parse(d->start, &o->start_min) || !sl_clock_parse(d->end, &o->end_min))
            return req_fail_code(r, SL_EINVAL, MSG_SCHEDULE_TIMES);
        if (o->end_min <= o->start_min)
            return req_fail_code(r, SL_EINVAL, MSG_SCHEDULE_END_AFTER_START);
        sl_status st = parse_breaks(r, d, o);
        if (st != SL_OK)
            return st;
        o->weekday = (int)d->weekday;
    }
    *n_days = p->n_schedule;
    return SL_OK;
}

/* A placement being made: the request's fields as checked, and what the checks found. */
typedef struct {
    const Stagelijn__V1__Placement *in;
    const student_facts *student;
    sl_date start, end;
    sl_date dob; /* the student's */
    placement_day days[7];
    size_t n_days;
    placement_work work;
    placement_warning warn[PLACEMENT_MAX_WARNINGS]; /* the school's norms and capacity */
    size_t n_warn;
} new_placement;

static bool is_internal(const new_placement *np)
{
    return np->in->kind == STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INTERNAL;
}

/* The request's own fields: ids, kind, sector, Sunday ground, dates, schedule. */
static sl_status check_fields(request *r, new_placement *np)
{
    const Stagelijn__V1__Placement *p = np->in;
    sl_status st;
    if ((st = req_check_id(r, "company_id", p->company_id)) != SL_OK ||
        (st = req_check_id(r, "supervisor_id", p->supervisor_id)) != SL_OK)
        return st;
    if (p->kind < STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INTERNAL ||
        p->kind > STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_DUAL)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "kind");
    if (p->sector > 10)
        return req_fail_code(r, SL_EINVAL, MSG_SECTOR_OR_NONE);
    if (p->sunday_ground < STAGELIJN__V1__SUNDAY_GROUND__SUNDAY_GROUND_NONE ||
        p->sunday_ground > STAGELIJN__V1__SUNDAY_GROUND__SUNDAY_GROUND_EMPLOYEES)
        return req_fail_code(r, SL_EINVAL, MSG_SUNDAY_GROUND_UNKNOWN);
    if (!sl_date_parse(p->start_date, &np->start) || !sl_date_parse(p->end_date, &np->end))
        return req_fail_code(r, SL_EINVAL, MSG_START_END_FORMAT);
    if (sl_date_compare(np->end, np->start) < 0)
        return req_fail_code(r, SL_EINVAL, MSG_END_BEFORE_START);
    return parse_schedule(r, p, np->days, &np->n_days);
}

/* The company exists and the supervisor works there. A failed query is the server's fault,
 * not a missing company or supervisor. */
static sl_status check_company(request *r, const Stagelijn__V1__Placement *p)
{
    sl_status st = store_exists(r->st, "SELECT 1 FROM companies WHERE id = ?1", SB(p->company_id));
    if (st == SL_ENOTFOUND)
        return req_fail_code(r, SL_ENOTFOUND, MSG_NO_SUCH_COMPANY);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    st = store_exists(r->st,
                      "SELECT 1 FROM users WHERE id = ?1 AND role = 'supervisor' AND "
                      "company_id = ?2 AND disabled = 0",
                      SB(p->supervisor_id), SB(p->company_id));
    if (st == SL_ENOTFOUND)
        return req_fail_code(r, SL_EINVAL, MSG_SUPERVISOR_NOT_OF_COMPANY);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    return SL_OK;
}

/* Capacity and preconditions (places.c) first: a plan that could never take its place is not
 * made, whatever else it keeps; they are checked again when it takes one. Their warnings go
 * to `warn`, `n_warn`. */
static sl_status check_places(request *r, const new_placement *np, placement_warning *warn,
                              size_t *n_warn)
{
    places_plan plan = {.id = "",
                        .student_id = np->student->id,
                        .company_id = np->in->company_id,
                        .kind = (int)np->in->kind,
                        .start_date = np->in->start_date,
                        .end_date = np->in->end_date};
    for (size_t i = 0; i < np->n_days; i++)
        plan.weekdays |= 1u << np->days[i].weekday;
    return places_check(r, &plan, LC_HOLD_PLAN, warn, n_warn);
}

static sl_status load_student_birth(request *r, new_placement *np)
{
    sqlite3_stmt *q =
        store_query(r->st, "SELECT date_of_birth FROM students WHERE id = ?1", SB(np->student->id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_STUDENT_VANISHED);
    bool dob_ok = sl_date_parse(store_col(q, 0), &np->dob);
    store_stmt_done(q);
    if (!dob_ok)
        return req_fail_code(r, SL_EINTERNAL, MSG_STORED_DATE_OF_BIRTH_UNREADABLE);
    return SL_OK;
}

/* A yes/no column of one company into *flag (false when there is no such company); the
 * store's error otherwise, already answered. `sql` selects the column by ?1. */
static sl_status company_flag(request *r, const char *sql, const char *company_id, bool *flag)
{
    sqlite3_stmt *q = store_query(r->st, sql, SB(company_id));
    sl_status st = store_row(q);
    *flag = false;
    if (st == SL_OK) {
        *flag = sqlite3_column_int(q, 0) != 0;
        store_stmt_done(q);
    } else if (st != SL_ENOTFOUND) {
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    }
    return SL_OK;
}

/* The law on working time of minors decides on the schedule before anything is saved. The
 * internal internship is a school activity in the school's own canteen, under the school's
 * responsibility (plan, year 2: "in de veilige schoolsetting"); it is no work at a company, so
 * the law does not apply to it, but it must then really take place at the school. */
static sl_status check_working_time(request *r, const new_placement *np)
{
    if (is_internal(np)) {
        bool internal;
        sl_status st = company_flag(r, "SELECT internal FROM companies WHERE id = ?1",
                                    np->in->company_id, &internal);
        if (st != SL_OK)
            return st;
        if (!internal)
            return req_fail_code(r, SL_EINVAL, MSG_INTERNAL_AT_CANTEEN);
        return SL_OK;
    }
    bool sunday_ok = np->in->sunday_ground != STAGELIJN__V1__SUNDAY_GROUND__SUNDAY_GROUND_NONE;
    if (placement_check_schedule(r, np->dob, np->start, np->end, np->days, np->n_days, sunday_ok) !=
        SL_OK)
        return req_fail_code(r, SL_EPRECOND, MSG_SCHEDULE_BREAKS_LAW);
    /* WVO art. 32: the school week is not mostly internship for a minor. */
    if (placement_check_wvo32(r, np->dob, np->start, np->days, np->n_days) != SL_OK)
        return req_fail_code(r, SL_EPRECOND, MSG_SCHOOL_WEEK_TOO_MUCH);
    return SL_OK;
}

/* Kinds of work by age; the supervisor's age where the school recorded it. */
static sl_status check_work_kind(request *r, new_placement *np)
{
    sl_status st = placement_parse_work_kind(r, np->in->work_kind, &np->work);
    if (st != SL_OK)
        return st;
    sqlite3_stmt *q = store_query(r->st, "SELECT date_of_birth FROM users WHERE id = ?1",
                                  SB(np->in->supervisor_id));
    sl_date sup_dob;
    bool sup_known = false;
    if ((st = store_row(q)) == SL_OK) {
        sup_known = sl_date_parse(store_col(q, 0), &sup_dob);
        store_stmt_done(q);
    } else if (st != SL_ENOTFOUND) {
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    }
    if (!is_internal(np) && placement_check_work_kind(r, np->dob, np->start, &np->work,
                                                      sup_known ? &sup_dob : NULL) != SL_OK)
        return req_fail_code(r, SL_EPRECOND, MSG_WORK_NOT_ALLOWED_AT_AGE);
    return SL_OK;
}

/* The school's norms only warn; Entree (and dual) admission needs a recognised training
 * company, or a student who is "internship-capable": an earlier internship ended with a
 * positive end assessment. */
static sl_status check_norms(request *r, new_placement *np)
{
    np->n_warn =
        placement_school_norms((int)np->in->kind, np->start, np->days, np->n_days, np->warn);
    if (np->in->kind != STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_ENTREE &&
        np->in->kind != STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_DUAL)
        return SL_OK;
    bool recognised;
    sl_status st = company_flag(r, "SELECT recognised FROM companies WHERE id = ?1",
                                np->in->company_id, &recognised);
    if (st != SL_OK)
        return st;
    st = store_exists(r->st,
                      "SELECT 1 FROM assessments a JOIN placements e ON e.id = a.placement_id "
                      "WHERE e.student_id = ?1 AND a.kind = ?2 AND a.verdict = ?3 LIMIT 1",
                      SB(np->student->id), SB((int)STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_END),
                      SB((int)STAGELIJN__V1__JUDGEMENT__JUDGEMENT_POSITIVE));
    if (st != SL_OK && st != SL_ENOTFOUND)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    bool passed = st == SL_OK;
    if (placement_check_entree(r, recognised, passed, np->warn, &np->n_warn) != SL_OK)
        return req_fail_code(r, SL_EPRECOND, MSG_ENTREE_RECOGNISED_COMPANY);
    return SL_OK;
}

/* Stores the n warnings of placement `id` (a warning stored before stays); the store's
 * status. */
static sl_status save_warnings(request *r, const char *id, const placement_warning *warn, size_t n)
{
    sl_status st = SL_OK;
    for (size_t i = 0; st == SL_OK && i < n; i++)
        st = store_exec(r->st, NULL,
                        "INSERT OR IGNORE INTO placement_warnings (placement_id, rule_id, "
                        "message, detail_code, detail_params) VALUES (?1, ?2, ?3, ?4, ?5)",
                        SB(id), SB(warn[i].rule_id), SB(warn[i].message), SB(warn[i].detail_code),
                        SB(warn[i].detail_params));
    return st;
}

/* Stores the placement as `id` with its schedule and warnings; the store's status. */
static sl_status save_placement(request *r, const new_placement *np, const char *id)
{
    const Stagelijn__V1__Placement *p = np->in;
    const placement_work *work = &np->work;
    const placement_row row = {.id = id,
                               .student_id = np->student->id,
                               .company_id = p->company_id,
                               .supervisor_id = p->supervisor_id,
                               .coach_id = r->who->user_id,
                               .kind = (int)p->kind,
                               .status = STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_PROPOSED,
                               .sector = (int)p->sector,
                               .start_date = p->start_date,
                               .end_date = p->end_date,
                               .prohibited_for_minors = work->prohibited_for_minors,
                               .risky = work->risky,
                               .cash_register = work->cash_register,
                               .psychosocial_load = work->psychosocial_load,
                               .fixed_posture = work->fixed_posture,
                               .expert_supervision = work->expert_supervision,
                               .lift_kg = work->lift_kg,
                               .push_pull_kgf = work->push_pull_kgf,
                               .days_since_pesticide = work->days_since_pesticide,
                               .sunday_ground = (int)p->sunday_ground};
    sl_status st = placements_insert(r->st, &row, r->now);
    for (size_t i = 0; st == SL_OK && i < np->n_days; i++) {
        const placement_day *d = &np->days[i];
        char parts[PLACEMENT_BREAKS_TEXT];
        placement_breaks_format(d->break_parts, d->n_break_parts, parts);
        st = store_exec(r->st, NULL,
                        "INSERT INTO placement_schedule (placement_id, weekday, start_min, "
                        "end_min, break_minutes, break_parts) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        SB(id), SB(d->weekday), SB(d->start_min), SB(d->end_min),
                        SB(d->break_minutes), SB(parts));
    }
    return st == SL_OK ? save_warnings(r, id, np->warn, np->n_warn) : st;
}

/* After the placement `id` is saved: the law counts the student's time, not the placement's,
 * so every placement and recorded week of the student around its dates is checked together
 * (a refusal rolls the insert back); then the event and the audit row. */
static sl_status finish_placement(request *r, const new_placement *np, const char *id)
{
    /* WVO art. 32 over the course, with this placement's schedule saved: a warning, since
     * planned hours are not yet the course's average. */
    placement_warning warn[PLACEMENT_MAX_WARNINGS];
    size_t n_warn = 0;
    sl_status st;
    if (!is_internal(np) && (st = course_hours_warn(r, np->student->id, warn, &n_warn)) != SL_OK)
        return st;
    if ((st = save_warnings(r, id, warn, n_warn)) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_CREATE_PLACEMENT);
    st = placement_check_student_time(r, id);
    if (st == SL_EPRECOND)
        return req_fail_code(r, st, MSG_SCHEDULE_WITH_OTHERS_BREAKS_LAW);
    if (st != SL_OK)
        return st;
    req_detail_text d =
        req_detail(r, DET_EV_PLACEMENT_CREATED, np->in->start_date, np->in->end_date);
    event_spec ev = {.topic = "placement",
                     .student_id = np->student->id,
                     .placement_id = id,
                     .company_id = np->in->company_id,
                     .class_id = np->student->class_id,
                     .summary = d.text,
                     .coded = d};
    if ((st = events_append(r, &ev)) != SL_OK ||
        (st = req_audit(r, "placement.create", "placement", id, "")) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_CREATE_PLACEMENT);
    return SL_OK;
}

sl_status handle_create_placement(request *r, const sl_envelope *in, sl_envelope *out)
{
    new_placement np = {.in = in->create_placement->placement, .student = &r->target.student};
    if (!np.in)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "placement");
    placement_warning place_warn[PLACEMENT_MAX_WARNINGS];
    size_t n_place_warn = 0;
    sl_status st;
    if ((st = check_fields(r, &np)) != SL_OK || (st = check_company(r, np.in)) != SL_OK ||
        (st = check_places(r, &np, place_warn, &n_place_warn)) != SL_OK ||
        (st = load_student_birth(r, &np)) != SL_OK || (st = check_working_time(r, &np)) != SL_OK ||
        (st = check_work_kind(r, &np)) != SL_OK || (st = check_norms(r, &np)) != SL_OK)
        return st;
    for (size_t i = 0; i < n_place_warn && np.n_warn < PLACEMENT_MAX_WARNINGS; i++)
        np.warn[np.n_warn++] = place_warn[i];

    sl_id id = sl_id_new();
    if ((st = save_placement(r, &np, id.s)) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_CREATE_PLACEMENT);
    if ((st = finish_placement(r, &np, id.s)) != SL_OK)
        return st;
    return reply_placement(r, id.s, out);
}

sl_status handle_get_placement(request *r, const sl_envelope *in, sl_envelope *out)
{
    return reply_placement(r, in->get_placement->id, out);
}

sl_status handle_list_placements(request *r, const sl_envelope *in, sl_envelope *out)
{
    sl_status rs;
    bool row;
    const Stagelijn__V1__ListPlacementsRequest *req = in->list_placements;
    sl_scope scope = r->target.scope;
    sqlite3_stmt *q = store_query(
        r->st,
        PLACEMENT_COLUMNS
        "JOIN students s ON s.id = p.student_id "
        "WHERE (?1 = '' OR p.student_id = ?1) AND (?2 = '' OR p.company_id = ?2)"
        " AND (?3 <> 'class' OR s.class_id IN (SELECT id FROM classes WHERE mentor_id = ?4))"
        " AND (?3 <> 'company' OR (p.company_id = ?5 AND " SQL_PLACEMENT_VISIBLE_TO_COMPANY(
            "p.", "?7") "))"
                        " AND (?3 <> 'self' OR s.user_id = ?4)"
                        " ORDER BY p.start_date DESC, p.id LIMIT ?6",
        SB(req->student_id ? req->student_id : ""), SB(req->company_id ? req->company_id : ""),
        SB(scope_word(scope)), SB(r->who->user_id), SB(r->who->company_id), SB(MAX_LIST + 1),
        SB(r->now));
    if (!q)
        return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    Stagelijn__V1__ListPlacementsReply *rep =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__ListPlacementsReply);
    stagelijn__v1__list_placements_reply__init(rep);
    rep->placements = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__Placement *, MAX_LIST + 1);
    while ((rs = store_next(q, &row)) == SL_OK && row)
        rep->placements[rep->n_placements++] = placement_from_row(r, q);
    if (rs != SL_OK)
        return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    rep->n_placements = req_list_cap(r, rep->n_placements, MAX_LIST);
    for (size_t i = 0; i < rep->n_placements; i++)
        if ((rs = load_schedule(r, rep->placements[i])) != SL_OK ||
            (rs = load_warnings(r, rep->placements[i])) != SL_OK)
            return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_PLACEMENTS_REPLY;
    out->list_placements_reply = rep;
    return SL_OK;
}
