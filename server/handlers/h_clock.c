/* Clocking in and out on the company's kiosk (the presence list), a week's hours derived from
 * it, corrections of a week, absence, and the hour totals of a school year.
 *
 * Outcomes (docs/rules.md, "Clocking"): a shift belongs to the local date of its clock-in,
 * also over midnight, and counts the real time elapsed (so over the change to summer time an
 * hour less than its clock times say, over the change back an hour more); a clock-out
 * without an open clock-in is FAILED_PRECONDITION, a second clock-in ALREADY_EXISTS; a day
 * the student has no running placement at this company is FAILED_PRECONDITION, or
 * PERMISSION_DENIED when that day belongs to another company's placement; a signed week
 * changes only through CorrectWeek. */
#include <stdio.h>
#include <string.h>

#include "agenda.h"
#include "calendar.h"
#include "collate.h"
#include "course_hours.h"
#include "events.h"
#include "factdate.h"
#include "handlers.h"
#include "hours.h"
#include "placement_rules.h"
#include "rules.h"
#include "timeutil.h"

/* How far back a kiosk may send a clock time it kept while offline, and how far ahead of the
 * server's clock its own may run. */
#define CLOCK_BACK_DAYS 7
#define CLOCK_SKEW_SECONDS 300
#define MAX_WEEK_RECORDS 64
#define MAX_CORRECTIONS 64
#define MAX_ABSENCES 200

/* ---------------------------------------------------------------- shared pieces */

/* The instant of a clocking: `at` (a time the kiosk kept) or now. */
static sl_status clock_instant(request *r, int64_t at, int64_t *out)
{
    *out = at ? at : r->now;
    if (*out > r->now + CLOCK_SKEW_SECONDS || *out < r->now - CLOCK_BACK_DAYS * 86400)
        return req_fail_code(r, SL_EINVAL, MSG_CLOCK_TIME_RANGE, CLOCK_BACK_DAYS);
    return SL_OK;
}

/* The company a clocking is for: the kiosk's, or the supervisor's own; an intern clocks only
 * on a kiosk of the company. */
static sl_status clock_company(request *r, const char **company)
{
    *company = hours_company(r);
    if (!(*company)[0])
        return req_fail_code(r, SL_EPERM, MSG_CLOCK_ON_KIOSK);
    return SL_OK;
}

/* The student's running placement at `company` on `date`. A date that belongs to another
 * company's placement is PERMISSION_DENIED (this kiosk is not where the student works that
 * day); no running placement at all is FAILED_PRECONDITION. */
static sl_status clock_placement(request *r, const char *student_id, const char *company,
                                 sl_date date, hours_placement *out)
{
    char ds[11];
    sl_date_format(date, ds);
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT p.id FROM placements p WHERE p.student_id = ?1 AND "
                                  "p.company_id = ?2 AND p.start_date <= ?3 AND p.end_date >= ?3 "
                                  "AND p.status IN (?4, ?5) ORDER BY p.start_date DESC LIMIT 1",
                                  SB(student_id), SB(company), SB(ds),
                                  SB((int)STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_SIGNED),
                                  SB((int)STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE));
    sl_status st = store_row(q);
    if (st == SL_OK) {
        char id[SL_ID_LEN + 1];
        snprintf(id, sizeof id, "%s", store_col(q, 0));
        store_stmt_done(q);
        st = hours_placement_load(r, id, out);
        return st == SL_OK ? SL_OK : req_fail_code(r, st, MSG_DATABASE_ERROR);
    }
    if (st != SL_ENOTFOUND)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    st = store_exists(r->st,
                      "SELECT 1 FROM placements p WHERE p.student_id = ?1 AND p.company_id <> ?2 "
                      "AND p.start_date <= ?3 AND p.end_date >= ?3 AND p.status IN (?4, ?5)",
                      SB(student_id), SB(company), SB(ds),
                      SB((int)STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_SIGNED),
                      SB((int)STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE));
    if (st == SL_OK)
        return req_fail_code(r, SL_EPERM, MSG_CLOCK_OTHER_COMPANY, ds);
    if (st == SL_ENOTFOUND)
        return req_fail_code(r, SL_EPRECOND, MSG_CLOCK_DAY_NOT_COVERED, ds);
    return req_fail_code(r, st, MSG_DATABASE_ERROR);
}

#define RECORD_COLUMNS                                                                             \
    "SELECT c.id, c.placement_id, c.student_id, " SQL_STUDENT_NAME(                                \
        "s") ", c.date, c.clock_in_at, "                                                           \
             "coalesce(c.clock_out_at, 0), c.source, c.recorded_by, coalesce(u.display_name, "     \
             "''), "                                                                               \
             "c.device, c.reason, c.recorded_at, coalesce(c.clock_out_by, ''), "                   \
             "coalesce(uo.display_name, '') FROM clock_records c JOIN students s ON "              \
             "s.id = c.student_id LEFT JOIN users u ON u.id = c.recorded_by "                      \
             "LEFT JOIN users uo ON uo.id = c.clock_out_by "

static Stagelijn__V1__ClockRecord *record_from_row(request *r, sqlite3_stmt *q)
{
    Stagelijn__V1__ClockRecord *c = SL_ARENA_NEW(r->arena, Stagelijn__V1__ClockRecord);
    stagelijn__v1__clock_record__init(c);
    c->id = sl_arena_strdup(r->arena, store_col(q, 0));
    c->placement_id = sl_arena_strdup(r->arena, store_col(q, 1));
    c->student_id = sl_arena_strdup(r->arena, store_col(q, 2));
    c->student_name = sl_arena_strdup(r->arena, store_col(q, 3));
    c->date = sl_arena_strdup(r->arena, store_col(q, 4));
    c->clock_in_at = sqlite3_column_int64(q, 5);
    c->clock_out_at = sqlite3_column_int64(q, 6);
    sl_date d;
    int minute;
    sl_local_of(c->clock_in_at, &d, &minute);
    c->clock_in_minute = (uint32_t)minute;
    if (c->clock_out_at) {
        sl_date out_day;
        sl_local_of(c->clock_out_at, &out_day, &minute);
        c->clock_out_minute = (uint32_t)minute;
        c->overnight = sl_date_compare(out_day, d) > 0;
        c->minutes = (uint32_t)((c->clock_out_at - c->clock_in_at) / 60);
    }
    c->source = (Stagelijn__V1__ClockSource)sqlite3_column_int(q, 7);
    c->recorded_by = sl_arena_strdup(r->arena, store_col(q, 8));
    c->recorded_by_name = sl_arena_strdup(r->arena, store_col(q, 9));
    c->device_company_id = sl_arena_strdup(r->arena, store_col(q, 10));
    c->reason = sl_arena_strdup(r->arena, store_col(q, 11));
    c->recorded_at = sqlite3_column_int64(q, 12);
    c->clock_out_by = sl_arena_strdup(r->arena, store_col(q, 13));
    c->clock_out_by_name = sl_arena_strdup(r->arena, store_col(q, 14));
    return c;
}

static sl_status reply_record(request *r, const char *id, sl_envelope *out)
{
    sqlite3_stmt *q = store_query(r->st, RECORD_COLUMNS "WHERE c.id = ?1", SB(id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_DATABASE_ERROR);
    out->clock_record = record_from_row(r, q);
    store_stmt_done(q);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_CLOCK_RECORD;
    return SL_OK;
}

/* SL_EPRECOND when [in_at, out_at) (out_at 0: just the instant in_at) meets another shift
 * of the student than `except`. */
static sl_status shift_free(request *r, const char *student_id, int64_t in_at, int64_t out_at,
                            const char *except)
{
    int64_t end = out_at ? out_at : in_at + 1;
    sl_status st =
        store_exists(r->st,
                     "SELECT 1 FROM clock_records WHERE student_id = ?1 AND id <> ?4 "
                     "AND clock_in_at < ?3 AND coalesce(clock_out_at, ?5) > ?2",
                     SB(student_id), SB(in_at), SB(end), SB(except ? except : ""), SB(INT64_MAX));
    if (st == SL_OK) {
        char ds[11];
        sl_date_format(sl_date_local_of(in_at), ds);
        return req_fail_code(r, SL_EPRECOND, MSG_CLOCK_OVERLAP, ds);
    }
    return st == SL_ENOTFOUND ? SL_OK : req_fail_code(r, st, MSG_DATABASE_ERROR);
}

/* ---------------------------------------------------------------- clock in and out */

sl_status handle_clock_in(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__ClockInRequest *req = in->clock_in;
    const char *student = r->target.student.id, *company;
    int64_t at;
    sl_status st;
    if ((st = clock_instant(r, req->at, &at)) != SL_OK ||
        (st = clock_company(r, &company)) != SL_OK)
        return st;
    sl_date day = sl_date_local_of(at);
    hours_placement p;
    if ((st = clock_placement(r, student, company, day, &p)) != SL_OK ||
        (st = hours_week_unsigned(r, p.id, day)) != SL_OK)
        return st;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT clock_in_at FROM clock_records WHERE student_id = ?1 "
                                  "AND clock_out_at IS NULL",
                                  SB(student));
    if ((st = store_row(q)) == SL_OK) {
        char hm[6], ds[11];
        sl_date open_day;
        int minute;
        sl_local_of(sqlite3_column_int64(q, 0), &open_day, &minute);
        store_stmt_done(q);
        sl_clock_format(minute, hm);
        sl_date_format(open_day, ds);
        return req_fail_code(r, SL_EEXISTS, MSG_CLOCK_ALREADY_IN, hm, ds);
    }
    if (st != SL_ENOTFOUND)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    if ((st = shift_free(r, student, at, 0, NULL)) != SL_OK)
        return st;
    sl_id id = sl_id_new();
    clock_row c = {.id = id.s,
                   .placement_id = p.id,
                   .student_id = student,
                   .in_at = at,
                   .source = STAGELIJN__V1__CLOCK_SOURCE__CLOCK_SOURCE_KIOSK,
                   .recorded_by = r->who->user_id,
                   .device = r->c && r->c->is_device ? r->c->device_company : ""};
    if ((st = clock_insert(r->st, &c, r->now)) != SL_OK ||
        (st = req_audit(r, "clock.in", "clock_record", id.s, "")) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_SAVE_CLOCKING);
    return reply_record(r, id.s, out);
}

sl_status handle_clock_out(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__ClockOutRequest *req = in->clock_out;
    const char *student = r->target.student.id, *company;
    int64_t at;
    sl_status st;
    if ((st = clock_instant(r, req->at, &at)) != SL_OK ||
        (st = clock_company(r, &company)) != SL_OK)
        return st;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT id, placement_id, clock_in_at, date FROM clock_records "
                                  "WHERE student_id = ?1 AND clock_out_at IS NULL",
                                  SB(student));
    if ((st = store_row(q)) == SL_ENOTFOUND)
        return req_fail_code(r, SL_EPRECOND, MSG_CLOCK_NOT_IN);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    char id[SL_ID_LEN + 1], pid[SL_ID_LEN + 1];
    snprintf(id, sizeof id, "%s", store_col(q, 0));
    snprintf(pid, sizeof pid, "%s", store_col(q, 1));
    int64_t in_at = sqlite3_column_int64(q, 2);
    sl_date day;
    bool day_ok = sl_date_parse(store_col(q, 3), &day);
    store_stmt_done(q);
    hours_placement p;
    if (!day_ok || (st = hours_placement_load(r, pid, &p)) != SL_OK)
        return req_fail_code(r, day_ok ? st : SL_EINTERNAL, MSG_DATABASE_ERROR);
    char ds[11];
    sl_date_format(day, ds);
    if (strcmp(p.company_id, company) != 0)
        return req_fail_code(r, SL_EPERM, MSG_CLOCK_OTHER_COMPANY, ds);
    if (at <= in_at) {
        char hm[6];
        sl_date d;
        int minute;
        sl_local_of(in_at, &d, &minute);
        sl_clock_format(minute, hm);
        return req_fail_code(r, SL_EINVAL, MSG_CLOCK_OUT_BEFORE_IN, hm);
    }
    if (at - in_at > AGENDA_MAX_SHIFT_MINUTES * 60)
        return req_fail_code(r, SL_EPRECOND, MSG_CLOCK_SHIFT_TOO_LONG,
                             AGENDA_MAX_SHIFT_MINUTES / 60);
    if ((st = hours_week_unsigned(r, p.id, day)) != SL_OK ||
        (st = shift_free(r, student, in_at, at, id)) != SL_OK)
        return st;
    if ((st = clock_close(r->st, id, at, r->who->user_id)) != SL_OK ||
        (st = agenda_day_from_clock(r->st, p.id, ds, r->now)) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_SAVE_CLOCKING);
    if ((st = hours_check_law(r, &p, day)) != SL_OK)
        return st;
    if ((st = req_audit(r, "clock.out", "clock_record", id, "")) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_SAVE_CLOCKING);
    /* The shift's hours may take the course past WVO art. 32's 50 %: warned, not refused. */
    Stagelijn__V1__RuleViolation **warn;
    size_t n_warn;
    if ((st = course_hours_recheck(r, student, &warn, &n_warn)) != SL_OK ||
        (st = reply_record(r, id, out)) != SL_OK)
        return st;
    out->clock_record->warnings = warn;
    out->clock_record->n_warnings = n_warn;
    return SL_OK;
}

/* ---------------------------------------------------------------- a week's hours */

static const char *absence_word(int kind)
{
    switch (kind) {
    case STAGELIJN__V1__ABSENCE_KIND__ABSENCE_SICK:
        return "sick";
    case STAGELIJN__V1__ABSENCE_KIND__ABSENCE_WITH_NOTICE:
        return "with_notice";
    case STAGELIJN__V1__ABSENCE_KIND__ABSENCE_WITHOUT_NOTICE:
        return "without_notice";
    default:
        return "";
    }
}

#define ABSENCE_COLUMNS                                                                            \
    "SELECT a.id, a.student_id, a.placement_id, a.kind, a.from_date, a.to_date, a.note, "          \
    "a.reported_by, coalesce(u.display_name, ''), a.reported_at, " SQL_STUDENT_NAME(               \
        "s") " FROM absences a JOIN students s ON s.id = a.student_id "                            \
             "LEFT JOIN users u ON u.id = a.reported_by "

static Stagelijn__V1__Absence *absence_from_row(request *r, sqlite3_stmt *q)
{
    Stagelijn__V1__Absence *a = SL_ARENA_NEW(r->arena, Stagelijn__V1__Absence);
    stagelijn__v1__absence__init(a);
    a->id = sl_arena_strdup(r->arena, store_col(q, 0));
    a->student_id = sl_arena_strdup(r->arena, store_col(q, 1));
    a->placement_id = sl_arena_strdup(r->arena, store_col(q, 2));
    a->kind = (Stagelijn__V1__AbsenceKind)sqlite3_column_int(q, 3);
    a->from_date = sl_arena_strdup(r->arena, store_col(q, 4));
    a->to_date = sl_arena_strdup(r->arena, store_col(q, 5));
    a->note = sl_arena_strdup(r->arena, store_col(q, 6));
    a->reported_by = sl_arena_strdup(r->arena, store_col(q, 7));
    a->reported_by_name = sl_arena_strdup(r->arena, store_col(q, 8));
    a->reported_at = SL_ARENA_ARRAY(r->arena, char, 32);
    sl_time_format_rfc3339(sqlite3_column_int64(q, 9), a->reported_at);
    a->student_name = sl_arena_strdup(r->arena, store_col(q, 10));
    return a;
}

/* The absences of the placement in [a, b] into w->absences, and each day's kind. */
static sl_status week_absences(request *r, const hours_placement *p, const char *a, const char *b,
                               Stagelijn__V1__WeekHours *w)
{
    sqlite3_stmt *q = store_query(r->st,
                                  ABSENCE_COLUMNS "WHERE a.placement_id = ?1 AND a.from_date <= ?3 "
                                                  "AND a.to_date >= ?2 ORDER BY a.from_date, "
                                                  "a.reported_at LIMIT ?4",
                                  SB(p->id), SB(a), SB(b), SB(MAX_ABSENCES + 1));
    sl_status rs;
    bool row;
    w->absences = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__Absence *, MAX_ABSENCES);
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        if (w->n_absences == MAX_ABSENCES) {
            r->list_cap = MAX_ABSENCES; /* labels: the client says the week was cut */
            store_stmt_done(q);
            break;
        }
        Stagelijn__V1__Absence *ab = absence_from_row(r, q);
        w->absences[w->n_absences++] = ab;
        for (size_t i = 0; i < w->n_days; i++)
            if (strcmp(w->days[i]->date, ab->from_date) >= 0 &&
                strcmp(w->days[i]->date, ab->to_date) <= 0)
                w->days[i]->absence = (char *)absence_word(ab->kind);
    }
    return rs;
}

/* The day of w with this date, or NULL. */
static Stagelijn__V1__WeekDayHours *week_day(Stagelijn__V1__WeekHours *w, const char *date)
{
    for (size_t i = 0; i < w->n_days; i++)
        if (strcmp(w->days[i]->date, date) == 0)
            return w->days[i];
    return NULL;
}

/* The agenda's days and the week's signatures; *week_id gets the agenda week ("" none). */
static sl_status week_agenda(request *r, const hours_placement *p, Stagelijn__V1__WeekHours *w)
{
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT id, supervisor_signed_at, coach_signed_at FROM "
                                  "agenda_weeks WHERE placement_id = ?1 AND week_start = ?2",
                                  SB(p->id), SB(w->week_start));
    sl_status rs = store_row(q);
    if (rs == SL_ENOTFOUND)
        return SL_OK;
    if (rs != SL_OK)
        return rs;
    w->agenda_week_id = sl_arena_strdup(r->arena, store_col(q, 0));
    w->signed_by_supervisor = sqlite3_column_type(q, 1) != SQLITE_NULL;
    w->signed_off_by_coach = sqlite3_column_type(q, 2) != SQLITE_NULL;
    w->signed_at = SL_ARENA_ARRAY(r->arena, char, 32);
    w->signed_at[0] = '\0';
    if (w->signed_by_supervisor)
        sl_time_format_rfc3339(sqlite3_column_int64(q, 1), w->signed_at);
    store_stmt_done(q);
    bool row;
    q = store_query(r->st,
                    "SELECT date, minutes_worked, tasks, clocked, coalesce(break_parts, '') FROM "
                    "agenda_days WHERE agenda_week_id = ?1",
                    SB(w->agenda_week_id));
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        Stagelijn__V1__WeekDayHours *d = week_day(w, store_col(q, 0));
        if (!d)
            continue;
        d->minutes = (uint32_t)sqlite3_column_int(q, 1);
        d->tasks = sl_arena_strdup(r->arena, store_col(q, 2));
        d->clocked = sqlite3_column_int(q, 3) != 0;
        int parts[PLACEMENT_MAX_BREAK_PARTS], n = 0;
        if (placement_breaks_parse(store_col(q, 4), parts, &n))
            for (int k = 0; k < n; k++)
                d->break_minutes += (uint32_t)parts[k];
        w->minutes += d->minutes;
    }
    if (rs != SL_OK)
        return rs;
    q = store_query(r->st,
                    "SELECT rule_id, message, detail_code, detail_params FROM week_law_breaches "
                    "WHERE agenda_week_id = ?1 "
                    "ORDER BY rule_id, message LIMIT ?2",
                    SB(w->agenda_week_id), SB((int)REQ_MAX_VIOLATIONS));
    w->law_breaches = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__RuleViolation *, REQ_MAX_VIOLATIONS);
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        Stagelijn__V1__RuleViolation *v = SL_ARENA_NEW(r->arena, Stagelijn__V1__RuleViolation);
        stagelijn__v1__rule_violation__init(v);
        v->rule_id = sl_arena_strdup(r->arena, store_col(q, 0));
        v->message = sl_arena_strdup(r->arena, store_col(q, 1));
        if (store_col(q, 2)[0]) { /* coded details, worded by the client */
            v->detail_code = sl_arena_strdup(r->arena, store_col(q, 2));
            v->detail_params = SL_ARENA_ARRAY(r->arena, char *, SL_MESSAGE_MAX_PARAMS);
            v->n_detail_params = sl_message_params_split(sl_arena_strdup(r->arena, store_col(q, 3)),
                                                         v->detail_params, SL_MESSAGE_MAX_PARAMS);
        }
        w->law_breaches[w->n_law_breaches++] = v;
    }
    return rs;
}

static sl_status week_clocking(request *r, const hours_placement *p, const char *a, const char *b,
                               Stagelijn__V1__WeekHours *w)
{
    sqlite3_stmt *q = store_query(r->st,
                                  RECORD_COLUMNS "WHERE c.placement_id = ?1 AND c.date BETWEEN ?2 "
                                                 "AND ?3 ORDER BY c.clock_in_at LIMIT ?4",
                                  SB(p->id), SB(a), SB(b), SB(MAX_WEEK_RECORDS + 1));
    sl_status rs;
    bool row;
    size_t read = 0;
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        if (read++ == MAX_WEEK_RECORDS) {
            r->list_cap = MAX_WEEK_RECORDS; /* labels: the client says the week was cut */
            store_stmt_done(q);
            break;
        }
        Stagelijn__V1__ClockRecord *c = record_from_row(r, q);
        Stagelijn__V1__WeekDayHours *d = week_day(w, c->date);
        if (!d)
            continue;
        if (!d->clock)
            d->clock = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__ClockRecord *, MAX_WEEK_RECORDS);
        d->clock[d->n_clock++] = c;
        d->open = d->open || c->clock_out_at == 0;
    }
    return rs;
}

static sl_status week_corrections(request *r, const hours_placement *p, Stagelijn__V1__WeekHours *w)
{
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT c.at, c.by_user, coalesce(u.display_name, ''), "
                                  "c.reason, c.what FROM week_corrections c LEFT JOIN users u "
                                  "ON u.id = c.by_user WHERE c.placement_id = ?1 AND "
                                  "c.week_start = ?2 ORDER BY c.at, c.rowid LIMIT ?3",
                                  SB(p->id), SB(w->week_start), SB(MAX_CORRECTIONS + 1));
    sl_status rs;
    bool row;
    w->corrections = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__WeekCorrection *, MAX_CORRECTIONS);
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        if (w->n_corrections == MAX_CORRECTIONS) {
            r->list_cap = MAX_CORRECTIONS; /* labels: the client says the week was cut */
            store_stmt_done(q);
            break;
        }
        Stagelijn__V1__WeekCorrection *c = SL_ARENA_NEW(r->arena, Stagelijn__V1__WeekCorrection);
        stagelijn__v1__week_correction__init(c);
        c->at = SL_ARENA_ARRAY(r->arena, char, 32);
        sl_time_format_rfc3339(sqlite3_column_int64(q, 0), c->at);
        c->by = sl_arena_strdup(r->arena, store_col(q, 1));
        c->by_name = sl_arena_strdup(r->arena, store_col(q, 2));
        c->reason = sl_arena_strdup(r->arena, store_col(q, 3));
        c->what = sl_arena_strdup(r->arena, store_col(q, 4));
        w->corrections[w->n_corrections++] = c;
    }
    return rs;
}

/* Names, the seven days and which of them are internship days. */
static sl_status week_frame(request *r, const hours_placement *p, sl_date monday,
                            Stagelijn__V1__WeekHours *w)
{
    sqlite3_stmt *q =
        store_query(r->st,
                    "SELECT " SQL_STUDENT_NAME(
                        "s") ", c.name FROM placements p "
                             "JOIN students s ON s.id = p.student_id JOIN companies c ON "
                             "c.id = p.company_id WHERE p.id = ?1",
                    SB(p->id));
    sl_status rs = store_row(q);
    if (rs != SL_OK)
        return rs == SL_ENOTFOUND ? SL_EINTERNAL : rs;
    w->student_name = sl_arena_strdup(r->arena, store_col(q, 0));
    w->company_name = sl_arena_strdup(r->arena, store_col(q, 1));
    store_stmt_done(q);
    w->student_id = sl_arena_strdup(r->arena, p->student_id);
    w->placement_id = sl_arena_strdup(r->arena, p->id);
    w->week_start = SL_ARENA_ARRAY(r->arena, char, 11);
    sl_date_format(monday, w->week_start);
    w->agenda_week_id = "";
    w->signed_at = "";
    bool scheduled[8] = {false};
    bool row;
    q = store_query(r->st, "SELECT weekday FROM placement_schedule WHERE placement_id = ?1",
                    SB(p->id));
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        int wd = sqlite3_column_int(q, 0);
        if (wd >= 1 && wd <= 7)
            scheduled[wd] = true;
    }
    if (rs != SL_OK)
        return rs;
    w->days = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__WeekDayHours *, 7);
    for (int i = 0; i < 7; i++) {
        Stagelijn__V1__WeekDayHours *d = SL_ARENA_NEW(r->arena, Stagelijn__V1__WeekDayHours);
        stagelijn__v1__week_day_hours__init(d);
        sl_date day = sl_date_from_days(sl_date_to_days(monday) + i);
        d->date = SL_ARENA_ARRAY(r->arena, char, 11);
        sl_date_format(day, d->date);
        d->internship_day = scheduled[i + 1] && sl_date_compare(day, p->start) >= 0 &&
                            sl_date_compare(day, p->end) <= 0;
        w->days[w->n_days++] = d;
    }
    int phase;
    w->norm_minutes =
        placement_kind_phase(p->kind, &phase) ? (uint32_t)rules_school_week_minutes(phase) : 0;
    return SL_OK;
}

static sl_status reply_week_hours(request *r, const hours_placement *p, sl_date monday,
                                  sl_envelope *out)
{
    Stagelijn__V1__WeekHours *w = SL_ARENA_NEW(r->arena, Stagelijn__V1__WeekHours);
    stagelijn__v1__week_hours__init(w);
    char a[11], b[11];
    sl_date_format(monday, a);
    sl_date_format(sl_date_from_days(sl_date_to_days(monday) + 6), b);
    sl_status st = week_frame(r, p, monday, w);
    if (st == SL_OK)
        st = week_agenda(r, p, w);
    if (st == SL_OK)
        st = week_clocking(r, p, a, b, w);
    if (st == SL_OK)
        st = week_absences(r, p, a, b, w);
    if (st == SL_OK)
        st = week_corrections(r, p, w);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    sl_date missing;
    bool complete;
    if ((st = hours_week_complete(r, p, monday, &complete, &missing)) != SL_OK)
        return st;
    w->complete = complete;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_WEEK_HOURS;
    out->week_hours = w;
    return SL_OK;
}

/* The Monday of req_date's week; today's when empty. */
static sl_status week_of(request *r, const char *req_date, sl_date *monday)
{
    sl_date d = r->today;
    if (req_date && req_date[0] && !sl_date_parse(req_date, &d))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "date");
    *monday = hours_monday(d);
    return SL_OK;
}

sl_status handle_get_week_hours(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__GetWeekHoursRequest *req = in->get_week_hours;
    sl_date monday;
    hours_placement p;
    sl_status st = week_of(r, req->date, &monday);
    if (st == SL_OK)
        st = hours_week_placement(r, r->target.student.id, req->placement_id, monday, &p);
    return st == SL_OK ? reply_week_hours(r, &p, monday, out) : st;
}

/* ---------------------------------------------------------------- corrections */

/* A correction's text: what changed, for the coach. Appends to buf (arena). */
static void what_add(request *r, char **what, const char *fmt_part)
{
    *what = (*what)[0] ? sl_arena_printf(r->arena, "%s; %s", *what, fmt_part)
                       : sl_arena_strdup(r->arena, fmt_part);
}

static const char *span_text(request *r, int64_t in_at, int64_t out_at)
{
    sl_date d;
    int a, b = 0;
    sl_local_of(in_at, &d, &a);
    char ds[11], hs[6], he[6] = "--:--";
    sl_date_format(d, ds);
    sl_clock_format(a, hs);
    if (out_at) {
        sl_date e;
        sl_local_of(out_at, &e, &b);
        sl_clock_format(b, he);
    }
    return sl_arena_printf(r->arena, "%s %s-%s", ds, hs, he);
}

/* Marks `date` as one whose day must be derived again (at most 14 distinct dates: a week's
 * and the shifts moved out of it). */
static void touch_date(char dates[][11], int *n, const char *date)
{
    for (int i = 0; i < *n; i++)
        if (strcmp(dates[i], date) == 0)
            return;
    if (*n < 14)
        snprintf(dates[(*n)++], 11, "%s", date);
}

/* One clocked-time correction inside the week of `monday` of placement p. */
static sl_status correct_shift(request *r, const hours_placement *p, sl_date monday,
                               const Stagelijn__V1__ClockCorrection *c, const char *reason,
                               char dates[][11], int *n_dates, char **what)
{
    char a[11], b[11];
    sl_date_format(monday, a);
    sl_date_format(sl_date_from_days(sl_date_to_days(monday) + 6), b);
    int64_t old_in = 0, old_out = 0;
    sl_status st;
    if (c->record_id && c->record_id[0]) {
        if ((st = req_check_id(r, "record_id", c->record_id)) != SL_OK)
            return st;
        sqlite3_stmt *q = store_query(r->st,
                                      "SELECT date, clock_in_at, coalesce(clock_out_at, 0) FROM "
                                      "clock_records WHERE id = ?1 AND placement_id = ?2 AND "
                                      "date BETWEEN ?3 AND ?4",
                                      SB(c->record_id), SB(p->id), SB(a), SB(b));
        if ((st = store_row(q)) == SL_ENOTFOUND)
            return req_fail_code(r, st, MSG_NO_SUCH_CLOCK_RECORD);
        if (st != SL_OK)
            return req_fail_code(r, st, MSG_DATABASE_ERROR);
        touch_date(dates, n_dates, store_col(q, 0));
        old_in = sqlite3_column_int64(q, 1);
        old_out = sqlite3_column_int64(q, 2);
        store_stmt_done(q);
        if (c->remove) {
            what_add(r, what,
                     sl_arena_printf(r->arena, "removed %s", span_text(r, old_in, old_out)));
            st = clock_remove(r->st, c->record_id);
            return st == SL_OK ? SL_OK : req_fail_code(r, st, MSG_CANNOT_SAVE_CORRECTION);
        }
    } else if (c->remove) {
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "record_id");
    }
    /* The new times: a shift that starts in this week, inside the placement, not in the
     * future, of at most the longest shift. */
    sl_date day = sl_date_local_of(c->clock_in_at);
    int64_t off = sl_date_to_days(day) - sl_date_to_days(monday);
    bool ok = c->clock_in_at > 0 && off >= 0 && off <= 6 && sl_date_compare(day, p->start) >= 0 &&
              sl_date_compare(day, p->end) <= 0 && c->clock_in_at <= r->now + CLOCK_SKEW_SECONDS &&
              c->clock_out_at <= r->now + CLOCK_SKEW_SECONDS &&
              (c->clock_out_at == 0 ||
               (c->clock_out_at > c->clock_in_at &&
                c->clock_out_at - c->clock_in_at <= AGENDA_MAX_SHIFT_MINUTES * 60));
    if (!ok)
        return req_fail_code(r, SL_EINVAL, MSG_CLOCK_CORRECTION_TIMES,
                             AGENDA_MAX_SHIFT_MINUTES / 60);
    const char *except = c->record_id && c->record_id[0] ? c->record_id : NULL;
    if ((st = shift_free(r, p->student_id, c->clock_in_at, c->clock_out_at, except)) != SL_OK)
        return st;
    char ds[11];
    sl_date_format(day, ds);
    touch_date(dates, n_dates, ds);
    if (except) {
        what_add(r, what,
                 sl_arena_printf(r->arena, "%s -> %s", span_text(r, old_in, old_out),
                                 span_text(r, c->clock_in_at, c->clock_out_at)));
        st = clock_correct(r->st, except, c->clock_in_at, c->clock_out_at, r->who->user_id, reason,
                           r->now);
    } else {
        sl_id id = sl_id_new();
        what_add(
            r, what,
            sl_arena_printf(r->arena, "added %s", span_text(r, c->clock_in_at, c->clock_out_at)));
        clock_row row = {.id = id.s,
                         .placement_id = p->id,
                         .student_id = p->student_id,
                         .in_at = c->clock_in_at,
                         .out_at = c->clock_out_at,
                         .source = STAGELIJN__V1__CLOCK_SOURCE__CLOCK_SOURCE_CORRECTION,
                         .recorded_by = r->who->user_id,
                         .device = r->c && r->c->is_device ? r->c->device_company : "",
                         .reason = reason};
        st = clock_insert(r->st, &row, r->now);
    }
    if (st == SL_EEXISTS)
        return req_fail_code(r, SL_EEXISTS, MSG_CLOCK_ALREADY_IN, "--:--", ds);
    return st == SL_OK ? SL_OK : req_fail_code(r, st, MSG_CANNOT_SAVE_CORRECTION);
}

/* One agenda day of the correction: in the week and the placement, as SubmitAgendaWeek
 * checks its days. */
static sl_status correct_day(request *r, const hours_placement *p, sl_date monday,
                             const char *week_id, const Stagelijn__V1__AgendaDay *d, char **what)
{
    sl_date day;
    if (!sl_date_parse(d->date, &day))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "days.date");
    int64_t off = sl_date_to_days(day) - sl_date_to_days(monday);
    char ms[11];
    sl_date_format(monday, ms);
    if (off < 0 || off > 6)
        return req_fail_code(r, SL_EINVAL, MSG_DAY_NOT_IN_WEEK, d->date, ms);
    /* Inside the placement and up to today, as SubmitAgendaWeek checks its days. */
    sl_status st = factdate_require_date(
        r, "agenda day", day, factdate_placement(p->start, p->end, 0), FACTDATE_RULE_PLACEMENT);
    if (st != SL_OK)
        return st;
    if (d->minutes_worked > 24 * 60)
        return req_fail_code(r, SL_EINVAL, MSG_DAY_MORE_THAN_24, d->date);
    if ((st = req_check_text(r, "tasks", d->tasks, false)) != SL_OK)
        return st;
    if (d->n_break_parts > PLACEMENT_MAX_BREAK_PARTS || (!d->breaks_recorded && d->n_break_parts))
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "breaks_recorded");
    int parts[PLACEMENT_MAX_BREAK_PARTS];
    for (size_t k = 0; k < d->n_break_parts; k++) {
        if (d->break_parts[k] == 0 || d->break_parts[k] > 240)
            return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "break_parts 1..240");
        parts[k] = (int)d->break_parts[k];
    }
    char breaks[PLACEMENT_BREAKS_TEXT];
    placement_breaks_format(parts, (int)d->n_break_parts, breaks);
    agenda_day_row row = {.date = d->date,
                          .minutes = (int)d->minutes_worked,
                          .tasks = d->tasks,
                          .break_parts = d->breaks_recorded ? breaks : NULL};
    what_add(r, what,
             sl_arena_printf(r->arena, "agenda %s %u:%02u", d->date, d->minutes_worked / 60,
                             d->minutes_worked % 60));
    st = agenda_day_write(r->st, week_id, &row, r->now);
    return st == SL_OK ? SL_OK : req_fail_code(r, st, MSG_CANNOT_SAVE_CORRECTION);
}

sl_status handle_correct_week(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__CorrectWeekRequest *req = in->correct_week;
    sl_status st;
    if (!req->reason || !req->reason[0])
        return req_fail_code(r, SL_EINVAL, MSG_CORRECTION_REASON);
    if ((st = req_check_text(r, "reason", req->reason, true)) != SL_OK)
        return st;
    if (req->n_clock + req->n_days == 0)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "clock or days");
    if (req->n_clock > 14 || req->n_days > 7)
        return req_fail_code(r, SL_EINVAL, MSG_WEEK_MAX_DAYS);
    sl_date monday;
    hours_placement p;
    if ((st = week_of(r, req->date, &monday)) != SL_OK ||
        (st = hours_week_placement(r, r->target.student.id, req->placement_id, monday, &p)) !=
            SL_OK)
        return st;
    char ms[11], week_id[SL_ID_LEN + 1];
    sl_date_format(monday, ms);
    /* A signed week is what corrections are for: noted with the correction. */
    sl_status sig = hours_week_unsigned(r, p.id, monday);
    if (sig != SL_OK && sig != SL_EPRECOND)
        return sig;
    bool signed_week = sig == SL_EPRECOND;
    r->errmsg[0] = '\0';
    r->errcode = NULL;
    r->n_errparams = 0;
    if ((st = agenda_week_ensure(r->st, p.id, ms, r->now, week_id)) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_SAVE_CORRECTION);
    char dates[14][11];
    int n_dates = 0;
    char *what = "";
    for (size_t i = 0; i < req->n_clock; i++)
        if ((st = correct_shift(r, &p, monday, req->clock[i], req->reason, dates, &n_dates,
                                &what)) != SL_OK)
            return st;
    for (size_t i = 0; i < req->n_days; i++)
        if ((st = correct_day(r, &p, monday, week_id, req->days[i], &what)) != SL_OK)
            return st;
    for (int i = 0; i < n_dates; i++) {
        st = agenda_day_from_clock(r->st, p.id, dates[i], r->now);
        if (st == SL_EINVAL)
            return req_fail_code(r, SL_EPRECOND, MSG_CLOCK_OVERLAP, dates[i]);
        if (st != SL_OK)
            return req_fail_code(r, st, MSG_CANNOT_SAVE_CORRECTION);
    }
    if ((st = week_correction_insert(r->st, p.id, ms, r->who->user_id, req->reason, what,
                                     signed_week, r->now)) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_SAVE_CORRECTION);
    if ((st = hours_check_law(r, &p, monday)) != SL_OK)
        return st;
    req_detail_text d = signed_week ? req_detail(r, DET_EV_WEEK_CORRECTED_SIGNED, ms)
                                    : req_detail(r, DET_EV_WEEK_CORRECTED, ms);
    event_spec ev = {.topic = "week_corrected",
                     .student_id = p.student_id,
                     .placement_id = p.id,
                     .company_id = p.company_id,
                     .class_id = p.class_id,
                     .summary = d.text,
                     .coded = d};
    if ((st = events_append(r, &ev)) != SL_OK ||
        (st = req_audit(r, "week.correct", "agenda_week", week_id,
                        signed_week ? "after signing" : "")) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_SAVE_CORRECTION);
    return reply_week_hours(r, &p, monday, out);
}

/* ---------------------------------------------------------------- absence */

/* The placement an absence from..to is reported on: the one given, else the student's at the
 * caller's company (any, for staff) that overlaps the dates, the one that started last. */
static sl_status absence_placement(request *r, const char *placement_id, const char *from,
                                   const char *to, hours_placement *p)
{
    sl_date f;
    if (!sl_date_parse(from, &f))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "from_date");
    sl_status st = hours_week_placement(r, r->target.student.id, placement_id, hours_monday(f), p);
    if (st != SL_OK)
        return st;
    char s[11], e[11];
    sl_date_format(p->start, s);
    sl_date_format(p->end, e);
    if (strcmp(from, s) < 0 || strcmp(to, e) > 0)
        return req_fail_code(r, SL_EINVAL, MSG_ABSENCE_DATES, s, e);
    return SL_OK;
}

sl_status handle_report_absence(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__ReportAbsenceRequest *req = in->report_absence;
    if (!absence_word(req->kind)[0])
        return req_fail_code(r, SL_EINVAL, MSG_ABSENCE_KIND);
    sl_date from, to;
    if (!sl_date_parse(req->from_date, &from))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "from_date");
    to = from;
    if (req->to_date && req->to_date[0] && !sl_date_parse(req->to_date, &to))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "to_date");
    char fs[11], ts[11];
    sl_date_format(from, fs);
    sl_date_format(to, ts);
    if (sl_date_compare(to, from) < 0)
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "to_date");
    sl_status st = req_check_text(r, "note", req->note, false);
    hours_placement p;
    if (st != SL_OK || (st = absence_placement(r, req->placement_id, fs, ts, &p)) != SL_OK)
        return st;
    sl_id id = sl_id_new();
    absence_row a = {.id = id.s,
                     .student_id = p.student_id,
                     .placement_id = p.id,
                     .kind = (int)req->kind,
                     .from_date = fs,
                     .to_date = ts,
                     .note = req->note,
                     .reported_by = r->who->user_id};
    req_detail_text d = req_detail(r, DET_EV_ABSENCE, absence_word(req->kind), fs, ts);
    event_spec ev = {.topic = "absence",
                     .student_id = p.student_id,
                     .placement_id = p.id,
                     .company_id = p.company_id,
                     .class_id = p.class_id,
                     .summary = d.text,
                     .coded = d};
    if ((st = absence_insert(r->st, &a, r->now)) != SL_OK ||
        (st = events_append(r, &ev)) != SL_OK ||
        (st = req_audit(r, "absence.report", "absence", id.s, absence_word(req->kind))) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_SAVE_ABSENCE);
    sqlite3_stmt *q = store_query(r->st, ABSENCE_COLUMNS "WHERE a.id = ?1", SB(id.s));
    if ((st = store_row(q)) != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_DATABASE_ERROR);
    out->absence = absence_from_row(r, q);
    store_stmt_done(q);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_ABSENCE;
    return SL_OK;
}

/* ---------------------------------------------------------------- hour totals */

#define MAX_WEEKS 60
#define ENTREE_SCHOOL_YEAR 6

/* The weeks of the year with recorded hours, oldest first, at the caller's company only for
 * a supervisor (hours_company); Entree counts its Entree and dual placements only. */
static sl_status totals_weeks(request *r, const char *student, const char *ys, const char *until,
                              bool entree, uint32_t norm, Stagelijn__V1__HourTotals *t)
{
    sqlite3_stmt *q = store_query(
        r->st,
        "SELECT w.week_start, coalesce(sum(d.minutes_worked), 0), "
        "min(w.supervisor_signed_at IS NOT NULL), max(EXISTS (SELECT 1 FROM week_law_breaches b "
        "WHERE b.agenda_week_id = w.id)) FROM agenda_weeks w JOIN placements p ON "
        "p.id = w.placement_id LEFT JOIN agenda_days d ON d.agenda_week_id = w.id AND "
        "d.date BETWEEN ?2 AND ?3 WHERE p.student_id = ?1 AND (?4 = '' OR p.company_id = ?4) "
        "AND (?5 = 0 OR p.kind IN (7, 8)) AND w.week_start <= ?3 AND w.week_start >= ?6 "
        "GROUP BY w.week_start ORDER BY w.week_start LIMIT ?7",
        SB(student), SB(ys), SB(until), SB(hours_company(r)), SB(entree),
        SB(sl_arena_printf(r->arena, "%s", ys)), SB(MAX_WEEKS));
    sl_status rs;
    bool row;
    t->weeks = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__WeekTotal *, MAX_WEEKS);
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        Stagelijn__V1__WeekTotal *w = SL_ARENA_NEW(r->arena, Stagelijn__V1__WeekTotal);
        stagelijn__v1__week_total__init(w);
        w->week_start = sl_arena_strdup(r->arena, store_col(q, 0));
        w->minutes = (uint32_t)sqlite3_column_int(q, 1);
        w->norm_minutes = norm;
        w->signed_ = sqlite3_column_int(q, 2) != 0;
        w->law_breach = sqlite3_column_int(q, 3) != 0;
        t->minutes_done += w->minutes;
        t->weeks[t->n_weeks++] = w;
    }
    return rs;
}

/* The week norm and the first day of internship in the year (for the pace): from the
 * student's placements in the year (the latest kind sets the norm). */
static sl_status totals_pace(request *r, const char *student, const char *ys, const char *ye,
                             bool entree, uint32_t *norm, sl_date *first)
{
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT min(p.start_date), (SELECT p2.kind FROM placements p2 "
                                  "WHERE p2.student_id = ?1 AND p2.start_date <= ?3 AND "
                                  "p2.end_date >= ?2 ORDER BY p2.start_date DESC LIMIT 1) FROM "
                                  "placements p WHERE p.student_id = ?1 AND p.start_date <= ?3 "
                                  "AND p.end_date >= ?2 AND (?4 = 0 OR p.kind IN (7, 8))",
                                  SB(student), SB(ys), SB(ye), SB(entree));
    sl_status rs = store_row(q);
    if (rs != SL_OK)
        return rs; /* an aggregate always has its row */
    bool have = sl_date_parse(store_col(q, 0), first);
    int kind = sqlite3_column_int(q, 1), phase;
    store_stmt_done(q);
    if (!have)
        first->y = 0;
    *norm = entree                               ? RULES_ENTREE_MIN_WEEK_MINUTES
            : placement_kind_phase(kind, &phase) ? (uint32_t)rules_school_week_minutes(phase)
                                                 : 0;
    return SL_OK;
}

/* The pace: the minutes over the school weeks since the first internship week of the year
 * (`first`), up to and including the week of `until`; the projection keeps that pace over
 * the school weeks left to the year's last week (`yend`). Holiday weeks (calendar.h) count
 * in neither: nobody works toward the 650 h in them. */
static sl_status totals_projection(request *r, sl_date first, sl_date until, sl_date yend,
                                   Stagelijn__V1__HourTotals *t)
{
    calendar_holiday h[2 * CALENDAR_MAX_HOLIDAYS];
    size_t n;
    sl_status st = calendar_holidays_between(r->st, first, yend, h, sizeof h / sizeof h[0], &n);
    if (st != SL_OK)
        return st;
    long elapsed = calendar_school_weeks(h, n, first, until);
    sl_date next = sl_date_from_days(sl_date_to_days(hours_monday(until)) + 7);
    long left = calendar_school_weeks(h, n, next, yend);
    if (elapsed > 0) {
        t->average_week_minutes = t->minutes_done / (uint64_t)elapsed;
        t->projected_minutes = t->minutes_done + t->average_week_minutes * (uint64_t)left;
    }
    return SL_OK;
}

sl_status handle_get_hour_totals(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__GetHourTotalsRequest *req = in->get_hour_totals;
    const char *student = r->target.student.id;
    sl_date on = r->today, ystart, yend;
    if (req->date && req->date[0] && !sl_date_parse(req->date, &on))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "date");
    char ds[11], yid[SL_ID_LEN + 1];
    sl_date_format(on, ds);
    sl_status st = calendar_school_year_of(r->st, on, yid, &ystart, &yend);
    if (st == SL_ENOTFOUND)
        return req_fail_code(r, SL_EPRECOND, MSG_NO_SCHOOL_YEAR_ON, ds);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    sqlite3_stmt *q = store_query(
        r->st, "SELECT school_year, " SQL_STUDENT_NAME("s") " FROM students s WHERE s.id = ?1",
        SB(student));
    if ((st = store_row(q)) != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_DATABASE_ERROR);
    Stagelijn__V1__HourTotals *t = SL_ARENA_NEW(r->arena, Stagelijn__V1__HourTotals);
    stagelijn__v1__hour_totals__init(t);
    t->entree = sqlite3_column_int(q, 0) == ENTREE_SCHOOL_YEAR;
    t->student_name = sl_arena_strdup(r->arena, store_col(q, 1));
    store_stmt_done(q);
    t->student_id = sl_arena_strdup(r->arena, student);
    t->year_start = SL_ARENA_ARRAY(r->arena, char, 11);
    t->year_end = SL_ARENA_ARRAY(r->arena, char, 11);
    sl_date_format(ystart, t->year_start);
    sl_date_format(yend, t->year_end);
    /* Up to the Sunday of the week of `on`, within the year. */
    sl_date until = sl_date_from_days(sl_date_to_days(hours_monday(on)) + 6);
    if (sl_date_compare(until, yend) > 0)
        until = yend;
    char us[11];
    sl_date_format(until, us);
    uint32_t norm;
    sl_date first;
    if ((st = totals_pace(r, student, t->year_start, t->year_end, t->entree, &norm, &first)) !=
            SL_OK ||
        (st = totals_weeks(r, student, t->year_start, us, t->entree, norm, t)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    t->week_minutes_required = norm;
    t->minutes_required = t->entree ? (uint64_t)RULES_ENTREE_MIN_MINUTES : 0;
    if (first.y && (st = totals_projection(r, first, until, yend, t)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    t->on_track = t->entree && t->projected_minutes >= t->minutes_required;
    q = store_query(r->st,
                    ABSENCE_COLUMNS "WHERE a.student_id = ?1 AND a.to_date >= ?2 AND "
                                    "a.from_date <= ?3 AND (?4 = '' OR a.placement_id IN (SELECT "
                                    "id FROM placements WHERE company_id = ?4)) ORDER BY "
                                    "a.from_date, a.reported_at LIMIT ?5",
                    SB(student), SB(t->year_start), SB(t->year_end), SB(hours_company(r)),
                    SB(MAX_ABSENCES + 1));
    bool row;
    t->absences = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__Absence *, MAX_ABSENCES + 1);
    while ((st = store_next(q, &row)) == SL_OK && row)
        t->absences[t->n_absences++] = absence_from_row(r, q);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    t->n_absences = req_list_cap(r, t->n_absences, MAX_ABSENCES);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_HOUR_TOTALS;
    out->hour_totals = t;
    return SL_OK;
}
