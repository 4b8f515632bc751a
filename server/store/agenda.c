#include "agenda.h"

#include <stdio.h>
#include <string.h>

#include "timeutil.h"

/* ---------------------------------------------------------------- weeks and days */

sl_status agenda_week_ensure(store *st, const char *placement_id, const char *week_start,
                             int64_t now, char week_id[SL_ID_LEN + 1])
{
    sqlite3_stmt *q =
        store_query(st, "SELECT id FROM agenda_weeks WHERE placement_id = ?1 AND week_start = ?2",
                    SB(placement_id), SB(week_start));
    sl_status rs = store_row(q);
    if (rs == SL_OK) {
        snprintf(week_id, SL_ID_LEN + 1, "%s", store_col(q, 0));
        store_stmt_done(q);
        return SL_OK;
    }
    if (rs != SL_ENOTFOUND)
        return rs;
    sl_id id = sl_id_new();
    snprintf(week_id, SL_ID_LEN + 1, "%s", id.s);
    return store_exec(st, NULL,
                      "INSERT INTO agenda_weeks (id, placement_id, week_start, updated_at) "
                      "VALUES (?1, ?2, ?3, ?4)",
                      SB(week_id), SB(placement_id), SB(week_start), SB(now));
}

sl_status agenda_week_set_reflection(store *st, const char *week_id, const char *text, int64_t now)
{
    return store_exec(st, NULL,
                      "UPDATE agenda_weeks SET reflection = ?2, updated_at = ?3 WHERE id = ?1",
                      SB(week_id), SB(text ? text : ""), SB(now));
}

sl_status agenda_week_set_student_reflection(store *st, const char *week_id, const char *text,
                                             int64_t now)
{
    return store_exec(st, NULL,
                      "UPDATE agenda_weeks SET student_reflection = ?2, updated_at = ?3 "
                      "WHERE id = ?1",
                      SB(week_id), SB(text ? text : ""), SB(now));
}

sl_status agenda_week_sign(store *st, const char *week_id, bool coach, const char *user_id,
                           int64_t now)
{
    int changed = 0;
    sl_status rs = store_exec(st, &changed,
                              coach ? "UPDATE agenda_weeks SET coach_signed_by = ?2, "
                                      "coach_signed_at = ?3 WHERE id = ?1"
                                    : "UPDATE agenda_weeks SET supervisor_signed_by = ?2, "
                                      "supervisor_signed_at = ?3 WHERE id = ?1",
                              SB(week_id), SB(user_id), SB(now));
    return rs == SL_OK && changed == 0 ? SL_ENOTFOUND : rs;
}

/* A clocked day keeps its minutes and breaks; only the tasks follow the agenda. */
static sl_status day_upsert(store *st, const char *week_id, const agenda_day_row *d)
{
    return store_exec(st, NULL,
                      "INSERT INTO agenda_days (agenda_week_id, date, minutes_worked, tasks, "
                      "break_parts) VALUES (?1, ?2, ?3, ?4, ?5) "
                      "ON CONFLICT (agenda_week_id, date) DO UPDATE SET tasks = excluded.tasks, "
                      "minutes_worked = CASE WHEN clocked THEN minutes_worked "
                      "ELSE excluded.minutes_worked END, "
                      "break_parts = CASE WHEN clocked THEN break_parts "
                      "ELSE excluded.break_parts END",
                      SB(week_id), SB(d->date), SB(d->minutes), SB(d->tasks ? d->tasks : ""),
                      SB(d->break_parts));
}

static sl_status week_touch(store *st, const char *week_id, int64_t now)
{
    return store_exec(st, NULL, "UPDATE agenda_weeks SET updated_at = ?2 WHERE id = ?1",
                      SB(week_id), SB(now));
}

sl_status agenda_week_replace_days(store *st, const char *week_id, const agenda_day_row *days,
                                   size_t n, int64_t now)
{
    /* Clocked days stay (their hours are clocking's); their tasks are cleared unless given. */
    sl_status rs = store_exec(
        st, NULL, "DELETE FROM agenda_days WHERE agenda_week_id = ?1 AND NOT clocked", SB(week_id));
    if (rs == SL_OK)
        rs = store_exec(st, NULL, "UPDATE agenda_days SET tasks = '' WHERE agenda_week_id = ?1",
                        SB(week_id));
    for (size_t i = 0; rs == SL_OK && i < n; i++)
        rs = day_upsert(st, week_id, &days[i]);
    return rs == SL_OK ? week_touch(st, week_id, now) : rs;
}

sl_status agenda_day_write(store *st, const char *week_id, const agenda_day_row *day, int64_t now)
{
    sl_status rs = day_upsert(st, week_id, day);
    return rs == SL_OK ? week_touch(st, week_id, now) : rs;
}

/* ---------------------------------------------------------------- clocking */

bool agenda_clock_day(const agenda_shift *s, size_t n, int *minutes, int *parts, int *n_parts)
{
    int64_t seconds = 0;
    *n_parts = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i].out_at <= s[i].in_at || (i > 0 && s[i].in_at < s[i - 1].out_at))
            return false;
        seconds += s[i].out_at - s[i].in_at;
        if (i == 0)
            continue;
        int gap = (int)((s[i].in_at - s[i - 1].out_at) / 60);
        if (gap <= 0)
            continue; /* shifts that touch are one stretch of work */
        if (gap > 9999)
            gap = 9999; /* the stored form's width; a gap that long breaks nothing */
        if (*n_parts < AGENDA_MAX_BREAK_PARTS) {
            parts[(*n_parts)++] = gap;
            continue;
        }
        /* Past capacity the smallest part gives way (the larger pauses are the ones the
         * break rule asks about); the order of the rest is kept. */
        int smallest = 0;
        for (int k = 1; k < *n_parts; k++)
            if (parts[k] < parts[smallest])
                smallest = k;
        if (gap <= parts[smallest])
            continue;
        for (int k = smallest; k + 1 < *n_parts; k++)
            parts[k] = parts[k + 1];
        parts[*n_parts - 1] = gap;
    }
    *minutes = (int)(seconds / 60);
    return true;
}

sl_status clock_insert(store *st, const clock_row *c, int64_t now)
{
    sl_date d;
    int minute;
    sl_local_of(c->in_at, &d, &minute);
    char date[11];
    sl_date_format(d, date);
    return store_exec(st, NULL,
                      "INSERT INTO clock_records (id, placement_id, student_id, date, clock_in_at, "
                      "clock_out_at, source, recorded_by, device, reason, recorded_at, "
                      "clock_out_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
                      "CASE WHEN ?6 IS NULL THEN NULL ELSE ?8 END)",
                      SB(c->id), SB(c->placement_id), SB(c->student_id), SB(date), SB(c->in_at),
                      SB_ZERO_NULL(c->out_at), SB(c->source), SB(c->recorded_by),
                      SB(c->device ? c->device : ""), SB(c->reason ? c->reason : ""), SB(now));
}

sl_status clock_close(store *st, const char *id, int64_t out_at, const char *by)
{
    int changed = 0;
    sl_status rs = store_exec(st, &changed,
                              "UPDATE clock_records SET clock_out_at = ?2, clock_out_by = ?3 "
                              "WHERE id = ?1 AND clock_out_at IS NULL",
                              SB(id), SB(out_at), SB(by));
    return rs == SL_OK && changed == 0 ? SL_ENOTFOUND : rs;
}

sl_status clock_correct(store *st, const char *id, int64_t in_at, int64_t out_at, const char *by,
                        const char *reason, int64_t now)
{
    sl_date d;
    int minute;
    sl_local_of(in_at, &d, &minute);
    char date[11];
    sl_date_format(d, date);
    int changed = 0;
    sl_status rs = store_exec(st, &changed,
                              "UPDATE clock_records SET date = ?2, clock_in_at = ?3, "
                              "clock_out_at = ?4, source = 2, recorded_by = ?5, reason = ?6, "
                              "clock_out_by = CASE WHEN ?4 IS NULL THEN NULL ELSE ?5 END, "
                              "recorded_at = ?7 WHERE id = ?1",
                              SB(id), SB(date), SB(in_at), SB_ZERO_NULL(out_at), SB(by),
                              SB(reason ? reason : ""), SB(now));
    return rs == SL_OK && changed == 0 ? SL_ENOTFOUND : rs;
}

sl_status clock_remove(store *st, const char *id)
{
    int changed = 0;
    sl_status rs = store_exec(st, &changed, "DELETE FROM clock_records WHERE id = ?1", SB(id));
    return rs == SL_OK && changed == 0 ? SL_ENOTFOUND : rs;
}

#define MAX_DAY_SHIFTS 48

/* The closed shifts of (placement, date), in order of clock-in. */
static sl_status day_shifts(store *st, const char *placement_id, const char *date, agenda_shift *s,
                            size_t *n)
{
    sqlite3_stmt *q = store_query(st,
                                  "SELECT clock_in_at, clock_out_at FROM clock_records WHERE "
                                  "placement_id = ?1 AND date = ?2 AND clock_out_at IS NOT NULL "
                                  "ORDER BY clock_in_at LIMIT ?3",
                                  SB(placement_id), SB(date), SB(MAX_DAY_SHIFTS));
    sl_status rs;
    bool row;
    *n = 0;
    while ((rs = store_next(q, &row)) == SL_OK && row)
        s[(*n)++] = (agenda_shift){sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1)};
    return rs;
}

static sl_status day_unclocked(store *st, const char *placement_id, const char *date)
{
    sl_status rs = store_exec(st, NULL,
                              "DELETE FROM agenda_days WHERE agenda_week_id IN (SELECT id FROM "
                              "agenda_weeks WHERE placement_id = ?1) AND date = ?2 AND clocked "
                              "AND tasks = ''",
                              SB(placement_id), SB(date));
    if (rs != SL_OK)
        return rs;
    return store_exec(st, NULL,
                      "UPDATE agenda_days SET clocked = 0, minutes_worked = 0, break_parts = NULL "
                      "WHERE agenda_week_id IN (SELECT id FROM agenda_weeks WHERE "
                      "placement_id = ?1) AND date = ?2 AND clocked",
                      SB(placement_id), SB(date));
}

sl_status agenda_day_from_clock(store *st, const char *placement_id, const char *date, int64_t now)
{
    agenda_shift s[MAX_DAY_SHIFTS];
    size_t n = 0;
    sl_status rs = day_shifts(st, placement_id, date, s, &n);
    if (rs != SL_OK)
        return rs;
    if (n == 0)
        return day_unclocked(st, placement_id, date);
    int minutes, parts[AGENDA_MAX_BREAK_PARTS], n_parts;
    if (!agenda_clock_day(s, n, &minutes, parts, &n_parts) || minutes > 24 * 60)
        return SL_EINVAL;
    char breaks[32] = "";
    size_t len = 0;
    for (int i = 0; i < n_parts; i++)
        len += (size_t)snprintf(breaks + len, sizeof breaks - len, "%s%d", i ? "+" : "", parts[i]);

    sl_date d;
    if (!sl_date_parse(date, &d))
        return SL_EINVAL;
    char monday[11], week_id[SL_ID_LEN + 1];
    sl_date_format(sl_date_from_days(sl_date_to_days(d) - (sl_date_weekday(d) - 1)), monday);
    if ((rs = agenda_week_ensure(st, placement_id, monday, now, week_id)) != SL_OK)
        return rs;
    rs = store_exec(st, NULL,
                    "INSERT INTO agenda_days (agenda_week_id, date, minutes_worked, tasks, "
                    "break_parts, clocked) VALUES (?1, ?2, ?3, '', ?4, 1) "
                    "ON CONFLICT (agenda_week_id, date) DO UPDATE SET clocked = 1, "
                    "minutes_worked = excluded.minutes_worked, break_parts = excluded.break_parts",
                    SB(week_id), SB(date), SB(minutes), SB(breaks));
    return rs == SL_OK ? week_touch(st, week_id, now) : rs;
}

/* ---------------------------------------------------------------- corrections, absence */

sl_status week_correction_insert(store *st, const char *placement_id, const char *week_start,
                                 const char *by, const char *reason, const char *what,
                                 bool after_signing, int64_t now)
{
    sl_id id = sl_id_new();
    return store_exec(st, NULL,
                      "INSERT INTO week_corrections (id, placement_id, week_start, by_user, at, "
                      "reason, what, after_signing) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                      SB(id.s), SB(placement_id), SB(week_start), SB(by), SB(now), SB(reason),
                      SB(what ? what : ""), SB(after_signing));
}

sl_status absence_insert(store *st, const absence_row *a, int64_t now)
{
    return store_exec(st, NULL,
                      "INSERT INTO absences (id, student_id, placement_id, kind, from_date, "
                      "to_date, note, reported_by, reported_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                      SB(a->id), SB(a->student_id), SB(a->placement_id), SB(a->kind),
                      SB(a->from_date), SB(a->to_date), SB(a->note ? a->note : ""),
                      SB(a->reported_by), SB(now));
}

/* ---------------------------------------------------------------- law breaches */

sl_status week_breaches_replace(store *st, const char *week_id, const agenda_breach *b, size_t n,
                                int64_t now, bool *new_found)
{
    *new_found = false;
    for (size_t i = 0; i < n; i++) {
        sl_status ex = store_exists(st,
                                    "SELECT 1 FROM week_law_breaches WHERE agenda_week_id = ?1 "
                                    "AND rule_id = ?2 AND message = ?3",
                                    SB(week_id), SB(b[i].rule_id), SB(b[i].message));
        if (ex == SL_ENOTFOUND)
            *new_found = true;
        else if (ex != SL_OK)
            return ex;
    }
    sl_status rs = store_exec(st, NULL, "DELETE FROM week_law_breaches WHERE agenda_week_id = ?1",
                              SB(week_id));
    for (size_t i = 0; rs == SL_OK && i < n; i++)
        rs = store_exec(st, NULL,
                        "INSERT OR IGNORE INTO week_law_breaches (agenda_week_id, rule_id, "
                        "message, found_at, detail_code, detail_params) VALUES (?1, ?2, ?3, ?4, "
                        "?5, ?6)",
                        SB(week_id), SB(b[i].rule_id), SB(b[i].message), SB(now),
                        SB(b[i].detail_code ? b[i].detail_code : ""),
                        SB(b[i].detail_params ? b[i].detail_params : ""));
    return rs;
}
