#include "placement_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "messages.h"
#include "rules.h"

int req_violations_from_report(request *r, const rule_report *rep, bool errors_only)
{
    int errors = 0;
    for (int i = 0; i < rep->count; i++) {
        bool warning = rep->items[i].severity != RULE_ERROR;
        if (warning && errors_only)
            continue;
        req_violation_of(r, &rep->items[i], warning);
        errors += !warning;
    }
    return errors;
}

void placement_breaks_format(const int *parts, int n, char *buf)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && i < PLACEMENT_MAX_BREAK_PARTS; i++)
        len += (size_t)snprintf(buf + len, PLACEMENT_BREAKS_TEXT - len, "%s%d", i ? "+" : "",
                                parts[i]);
}

bool placement_breaks_parse(const char *s, int *parts, int *n)
{
    *n = 0;
    if (!s || !*s)
        return true;
    for (;;) {
        int v = 0, digits = 0;
        while (*s >= '0' && *s <= '9' && digits < 5) {
            v = v * 10 + (*s++ - '0');
            digits++;
        }
        if (digits == 0 || digits == 5 || *n == PLACEMENT_MAX_BREAK_PARTS)
            return false;
        parts[(*n)++] = v;
        if (*s == '\0')
            return true;
        if (*s++ != '+')
            return false;
    }
}

static void work_day_from(rules_work_day *w, sl_date d, const placement_day *pd, bool sunday_ok)
{
    *w = (rules_work_day){0};
    w->date = rules_date_of(d);
    w->start_min = pd->start_min;
    w->end_min = pd->end_min;
    for (int k = 0; k < pd->n_break_parts; k++)
        w->break_parts[w->n_break_parts++] = pd->break_parts[k];
    w->school_day = true;
    w->sunday_work_permitted = sunday_ok;
}

sl_status placement_check_schedule(request *r, sl_date birth, sl_date start, sl_date end,
                                   const placement_day *days, size_t n_days, bool sunday_permitted)
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
            work_day_from(&work[n++], d, &days[i], sunday_permitted);
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

/* ------------------------------------------------------------------ the student's time */

/* One stretch of the student's time on one date, at one placement: planned (clock times)
 * or recorded (minutes only). */
typedef struct {
    int64_t day;
    bool clock;             /* planned: start_min/end_min hold */
    int start_min, end_min; /* planned only */
    int minutes;            /* worked, breaks excluded */
    int break_parts[PLACEMENT_MAX_BREAK_PARTS];
    int n_break_parts;
    bool breaks_known; /* planned, or recorded with breaks_recorded */
    bool sunday_ok;
} time_piece;

typedef struct {
    time_piece *v;
    size_t n, cap;
} piece_list;

static bool pieces_push(piece_list *l, const time_piece *p)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        time_piece *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return false;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *p;
    return true;
}

/* A placement holding time, as student_check_time reads it. */
typedef struct {
    char id[SL_ID_LEN + 1];
    int64_t first, last; /* days since epoch, inclusive; the dropout cuts an early end */
    bool sunday_ok;
} time_placement;

/* The plan of one placement over [from, to], minus the weeks its agenda records. */
static sl_status plan_pieces(request *r, const time_placement *tp, int64_t from, int64_t to,
                             piece_list *out)
{
    placement_day days[7];
    size_t n_days = 0;
    sl_status rs;
    bool row;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT weekday, start_min, end_min, break_minutes, break_parts "
                                  "FROM placement_schedule WHERE placement_id = ?1",
                                  SB(tp->id));
    while ((rs = store_next(q, &row)) == SL_OK && row && n_days < 7) {
        placement_day *d = &days[n_days++];
        d->weekday = sqlite3_column_int(q, 0);
        d->start_min = sqlite3_column_int(q, 1);
        d->end_min = sqlite3_column_int(q, 2);
        d->break_minutes = sqlite3_column_int(q, 3);
        if (!placement_breaks_parse(store_col(q, 4), d->break_parts, &d->n_break_parts)) {
            store_stmt_done(q);
            return SL_EINTERNAL;
        }
        /* Rows from before split breaks hold one part. */
        if (d->n_break_parts == 0 && d->break_minutes > 0) {
            d->break_parts[0] = d->break_minutes;
            d->n_break_parts = 1;
        }
    }
    if (rs != SL_OK)
        return rs;
    store_stmt_done(q);
    int64_t a = tp->first > from ? tp->first : from, b = tp->last < to ? tp->last : to;
    for (int64_t day = a; day <= b; day++) {
        sl_date d = sl_date_from_days(day);
        int wd = sl_date_weekday(d);
        char monday[11];
        sl_date_format(sl_date_from_days(day - (wd - 1)), monday);
        for (size_t i = 0; i < n_days; i++) {
            if (days[i].weekday != wd)
                continue;
            /* A recorded week is what happened: it replaces the plan for that week. */
            sl_status ex = store_exists(r->st,
                                        "SELECT 1 FROM agenda_weeks w WHERE w.placement_id = ?1 "
                                        "AND w.week_start = ?2 AND EXISTS (SELECT 1 FROM "
                                        "agenda_days d WHERE d.agenda_week_id = w.id)",
                                        SB(tp->id), SB(monday));
            if (ex == SL_OK)
                break;
            if (ex != SL_ENOTFOUND)
                return ex;
            const placement_day *pd = &days[i];
            time_piece p = {.day = day,
                            .clock = true,
                            .start_min = pd->start_min,
                            .end_min = pd->end_min,
                            .minutes = pd->end_min - pd->start_min - pd->break_minutes,
                            .n_break_parts = pd->n_break_parts,
                            .breaks_known = true,
                            .sunday_ok = tp->sunday_ok};
            memcpy(p.break_parts, pd->break_parts, sizeof p.break_parts);
            if (!pieces_push(out, &p))
                return SL_EINTERNAL;
            break;
        }
    }
    return SL_OK;
}

/* The agenda days of one placement recorded in [from, to]. */
static sl_status recorded_pieces(request *r, const time_placement *tp, int64_t from, int64_t to,
                                 piece_list *out)
{
    char a[11], b[11];
    sl_date_format(sl_date_from_days(from), a);
    sl_date_format(sl_date_from_days(to), b);
    sl_status rs;
    bool row;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT d.date, d.minutes_worked, d.break_parts IS NOT NULL, "
                                  "coalesce(d.break_parts, '') FROM agenda_days d JOIN "
                                  "agenda_weeks w ON w.id = d.agenda_week_id WHERE "
                                  "w.placement_id = ?1 AND d.date BETWEEN ?2 AND ?3",
                                  SB(tp->id), SB(a), SB(b));
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        sl_date d;
        time_piece p = {0};
        if (!sl_date_parse(store_col(q, 0), &d) ||
            !placement_breaks_parse(store_col(q, 3), p.break_parts, &p.n_break_parts)) {
            store_stmt_done(q);
            return SL_EINTERNAL;
        }
        p.day = sl_date_to_days(d);
        p.minutes = sqlite3_column_int(q, 1);
        p.breaks_known = sqlite3_column_int(q, 2) != 0;
        p.sunday_ok = tp->sunday_ok;
        if (p.minutes > 0 && !pieces_push(out, &p)) {
            store_stmt_done(q);
            return SL_EINTERNAL;
        }
    }
    return rs;
}

static int piece_order(const void *a, const void *b)
{
    const time_piece *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->clock != y->clock)
        return x->clock ? -1 : 1;
    return (x->start_min > y->start_min) - (x->start_min < y->start_min);
}

/* Adds a break part to a merged day; past capacity the smallest part is counted as working
 * time instead (the stricter reading; only three or more placements on one day get here). */
static void add_part(rules_work_day *w, int part)
{
    if (part <= 0)
        return;
    if (w->n_break_parts < RULES_MAX_BREAK_PARTS) {
        w->break_parts[w->n_break_parts++] = part;
        return;
    }
    int smallest = 0;
    for (int k = 1; k < w->n_break_parts; k++)
        if (w->break_parts[k] < w->break_parts[smallest])
            smallest = k;
    if (part > w->break_parts[smallest])
        w->break_parts[smallest] = part;
}

typedef struct {
    rules_work_day *clock; /* days made only of planned pieces */
    size_t n_clock;
    rules_recorded_day *minutes; /* every day, minutes summed */
    size_t n_minutes;
    int overlaps;
    bool too_many; /* more than RULES_MAX_WORK_DAYS days worked in the range */
} student_days;

/* Folds the pieces of one date (p[0..n), sorted by start) into the two views. */
static void merge_day(request *r, const time_piece *p, size_t n, student_days *sd)
{
    sl_date date = sl_date_from_days(p[0].day);
    bool all_clock = true, sunday_ok = true;
    int minutes = 0;
    for (size_t i = 0; i < n; i++) {
        all_clock = all_clock && p[i].clock;
        sunday_ok = sunday_ok && p[i].sunday_ok;
        minutes += p[i].minutes;
    }
    int busy_until = n > 0 && p[0].clock ? p[0].end_min : 0;
    for (size_t i = 1; i < n && p[i].clock; i++) {
        int overlap_end = busy_until;
        if (p[i].end_min > busy_until)
            busy_until = p[i].end_min;
        if (p[i].start_min >= overlap_end)
            continue;
        char ds[11], a[6], b[6];
        sl_date_format(date, ds);
        sl_clock_format(p[i].start_min, a);
        sl_clock_format(overlap_end < p[i].end_min ? overlap_end : p[i].end_min, b);
        req_violation(
            r, "PLACEMENT_DOUBLE_BOOKED",
            sl_arena_printf(r->arena, "%s: two placements at the same time (%s-%s)", ds, a, b),
            false);
        sd->overlaps++;
    }
    if (sd->n_minutes == RULES_MAX_WORK_DAYS) {
        sd->too_many = true;
        return;
    }
    rules_recorded_day *m = &sd->minutes[sd->n_minutes++];
    *m = (rules_recorded_day){.date = rules_date_of(date), .minutes = minutes};
    m->sunday_work_permitted = sunday_ok;
    /* One recorded day alone: its breaks are known. Planned days are judged with their clock
     * times below; a mix has gaps nobody recorded. */
    if (n == 1 && !p[0].clock && p[0].breaks_known) {
        m->breaks_recorded = true;
        m->n_break_parts = p[0].n_break_parts;
        memcpy(m->break_parts, p[0].break_parts, sizeof p[0].break_parts);
    }
    if (!all_clock)
        return;
    rules_work_day *w = &sd->clock[sd->n_clock++];
    *w = (rules_work_day){.date = rules_date_of(date),
                          .start_min = p[0].start_min,
                          .end_min = p[0].end_min,
                          .school_day = true,
                          .sunday_work_permitted = sunday_ok};
    for (size_t i = 0; i < n; i++) {
        for (int k = 0; k < p[i].n_break_parts; k++)
            add_part(w, p[i].break_parts[k]);
        if (i > 0)
            add_part(w, p[i].start_min - w->end_min); /* the way between two placements */
        if (p[i].end_min > w->end_min)
            w->end_min = p[i].end_min;
    }
}

static sl_status gather_placements(request *r, const char *student_id, sl_date from, sl_date to,
                                   time_placement **out, size_t *n_out)
{
    char a[11], b[11];
    sl_date_format(from, a);
    sl_date_format(to, b);
    sl_status rs;
    bool row;
    /* Internal placements are a school activity, exempt from the working-time law. */
    sqlite3_stmt *q = store_query(
        r->st,
        "SELECT p.id, p.start_date, p.end_date, p.sunday_ground, "
        "CASE WHEN p.status = ?4 THEN (SELECT d.date FROM dropouts d WHERE d.placement_id = p.id) "
        "END FROM placements p WHERE p.student_id = ?1 AND p.kind <> ?5 "
        "AND p.start_date <= ?3 AND p.end_date >= ?2",
        SB(student_id), SB(a), SB(b),
        SB((int)STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ENDED_EARLY),
        SB((int)STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INTERNAL));
    time_placement *v = NULL;
    size_t n = 0, cap = 0;
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        sl_date s, e, dropped;
        if (!sl_date_parse(store_col(q, 1), &s) || !sl_date_parse(store_col(q, 2), &e)) {
            rs = SL_EINTERNAL;
            break;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            time_placement *nv = realloc(v, cap * sizeof *nv);
            if (!nv) {
                rs = SL_EINTERNAL;
                break;
            }
            v = nv;
        }
        time_placement *tp = &v[n++];
        snprintf(tp->id, sizeof tp->id, "%s", store_col(q, 0));
        tp->first = sl_date_to_days(s);
        tp->last = sl_date_to_days(e);
        /* The plan ends with the dropout: the hours of that day are what the agenda says. */
        if (sl_date_parse(store_col(q, 4), &dropped) && sl_date_to_days(dropped) <= tp->last)
            tp->last = sl_date_to_days(dropped) - 1;
        tp->sunday_ok = sqlite3_column_int(q, 3) != 0;
    }
    if (rs != SL_OK) {
        store_stmt_done(q);
        free(v);
        return rs;
    }
    *out = v;
    *n_out = n;
    return SL_OK;
}

static sl_status student_days_of(request *r, const char *student_id, sl_date from, sl_date to,
                                 student_days *sd)
{
    time_placement *tps = NULL;
    size_t n_tp = 0;
    piece_list pieces = {0};
    sl_status st = gather_placements(r, student_id, from, to, &tps, &n_tp);
    int64_t a = sl_date_to_days(from), b = sl_date_to_days(to);
    for (size_t i = 0; st == SL_OK && i < n_tp; i++) {
        st = plan_pieces(r, &tps[i], a, b, &pieces);
        if (st == SL_OK)
            st = recorded_pieces(r, &tps[i], a, b, &pieces);
    }
    free(tps);
    if (st == SL_OK && pieces.n > 0) {
        qsort(pieces.v, pieces.n, sizeof *pieces.v, piece_order);
        for (size_t i = 0, j; i < pieces.n; i = j) {
            for (j = i + 1; j < pieces.n && pieces.v[j].day == pieces.v[i].day; j++)
                ;
            merge_day(r, &pieces.v[i], j - i, sd);
        }
    }
    free(pieces.v);
    return st;
}

void student_time_range(sl_date first, sl_date last, sl_date *from, sl_date *to)
{
    int64_t a = sl_date_to_days(first) - (sl_date_weekday(first) - 1) - 21;
    int64_t b = sl_date_to_days(last) + (7 - sl_date_weekday(last)) + 21;
    *from = sl_date_from_days(a);
    *to = sl_date_from_days(b);
}

sl_status placement_check_student_time(request *r, const char *placement_id)
{
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT student_id, kind, start_date, end_date FROM placements "
                                  "WHERE id = ?1",
                                  SB(placement_id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_PLACEMENT_VANISHED);
    char student[SL_ID_LEN + 1];
    snprintf(student, sizeof student, "%s", store_col(q, 0));
    bool internal = sqlite3_column_int(q, 1) == STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INTERNAL;
    sl_date start, end;
    bool ok = sl_date_parse(store_col(q, 2), &start) && sl_date_parse(store_col(q, 3), &end);
    store_stmt_done(q);
    if (!ok)
        return req_fail_code(r, SL_EINTERNAL, MSG_STORED_PLACEMENT_DATES_UNREADABLE);
    if (internal)
        return SL_OK;
    sl_date from, to;
    student_time_range(start, end, &from, &to);
    return student_check_time(r, student, from, to);
}

/* The student's closed clocked shifts at placements outside the school whose day is in
 * [from, to], in time order, as clock times (the agenda keeps only their minutes). A shift past
 * midnight ends at 1440: the night rule is broken either way. *out is malloc'ed (caller frees). */
static sl_status clocked_shifts(request *r, const char *student_id, sl_date from, sl_date to,
                                rules_work_day **out, size_t *n_out)
{
    char a[11], b[11];
    sl_date_format(from, a);
    sl_date_format(to, b);
    sqlite3_stmt *q = store_query(
        r->st,
        "SELECT c.clock_in_at, c.clock_out_at FROM clock_records c JOIN placements p ON "
        "p.id = c.placement_id WHERE c.student_id = ?1 AND c.date BETWEEN ?2 AND ?3 AND "
        "c.clock_out_at IS NOT NULL AND p.kind <> ?4 ORDER BY c.clock_in_at",
        SB(student_id), SB(a), SB(b), SB((int)STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INTERNAL));
    rules_work_day *v = NULL;
    size_t n = 0, cap = 0;
    sl_status rs;
    bool row;
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            rules_work_day *nv = realloc(v, cap * sizeof *nv);
            if (!nv) {
                store_stmt_done(q);
                rs = SL_EINTERNAL;
                break;
            }
            v = nv;
        }
        sl_date in_day, out_day;
        int in_min, out_min;
        sl_local_of(sqlite3_column_int64(q, 0), &in_day, &in_min);
        sl_local_of(sqlite3_column_int64(q, 1), &out_day, &out_min);
        bool overnight = sl_date_to_days(out_day) > sl_date_to_days(in_day);
        v[n++] = (rules_work_day){.date = rules_date_of(in_day),
                                  .start_min = in_min,
                                  .end_min = overnight ? 1440 : out_min};
    }
    if (rs != SL_OK) {
        free(v);
        return rs;
    }
    *out = v;
    *n_out = n;
    return SL_OK;
}

sl_status student_check_time(request *r, const char *student_id, sl_date from, sl_date to)
{
    sqlite3_stmt *q =
        store_query(r->st, "SELECT date_of_birth FROM students WHERE id = ?1", SB(student_id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_STUDENT_VANISHED);
    sl_date dob;
    bool dob_ok = sl_date_parse(store_col(q, 0), &dob);
    store_stmt_done(q);
    if (!dob_ok)
        return req_fail_code(r, SL_EINTERNAL, MSG_STORED_DATE_OF_BIRTH_UNREADABLE);
    student_days sd = {.clock = calloc(RULES_MAX_WORK_DAYS, sizeof *sd.clock),
                       .minutes = calloc(RULES_MAX_WORK_DAYS, sizeof *sd.minutes)};
    if (!sd.clock || !sd.minutes)
        st = SL_EINTERNAL;
    else
        st = student_days_of(r, student_id, from, to, &sd);
    rule_report rep;
    rules_report_init(&rep);
    if (st == SL_OK) {
        rules_work_schedule s = {
            .birth = rules_date_of(dob), .days = sd.clock, .n_days = sd.n_clock};
        rules_check_working_time(&s, &rep);
        rules_check_recorded_days(rules_date_of(dob), sd.minutes, sd.n_minutes, &rep);
        /* Clocked days are recorded days with clock times: the night and rest rules hold on
         * them. */
        rules_work_day *shifts = NULL;
        size_t n_shifts = 0;
        st = clocked_shifts(r, student_id, from, to, &shifts, &n_shifts);
        if (st == SL_OK) {
            rules_check_night(rules_date_of(dob), shifts, n_shifts, &rep);
            rules_check_rest_on_shifts(rules_date_of(dob), shifts, n_shifts, &rep);
        }
        free(shifts);
        if (sd.too_many)
            rules_report_detail(&rep, "INPUT_TOO_MANY_DAYS", DET_MORE_DAYS_WORKED,
                                RULES_MAX_WORK_DAYS);
    }
    free(sd.clock);
    free(sd.minutes);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_WORKING_TIME_UNREADABLE);
    int errors = req_violations_from_report(r, &rep, true);
    return errors > 0 || sd.overlaps > 0 ? SL_EPRECOND : SL_OK;
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
    case STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INTERNAL:
        *phase = RULES_PHASE_INTERNAL;
        return true;
    default:
        return false;
    }
}

void placement_warning_of(placement_warning *w, const rule_violation *v)
{
    w->rule_id = v->id;
    snprintf(w->message, sizeof w->message, "%s", v->message);
    w->detail_code = v->detail_code ? v->detail_code : "";
    w->detail_params[0] = '\0';
    char *params[RULE_DETAIL_PARAMS];
    size_t n = v->detail_code ? (size_t)v->n_detail_params : 0;
    for (size_t i = 0; i < n; i++)
        params[i] = (char *)v->detail_params[i];
    char *joined = n ? sl_message_params_join(params, n) : NULL;
    /* Without memory for the join the warning keeps its English message alone. */
    if (n && !joined)
        w->detail_code = "";
    else if (joined)
        snprintf(w->detail_params, sizeof w->detail_params, "%s", joined);
    free(joined);
}

static size_t take_warnings(const rule_report *rep, placement_warning *w, size_t n)
{
    for (int i = 0; i < rep->count && n < PLACEMENT_MAX_WARNINGS; i++) {
        if (rep->items[i].severity != RULE_WARNING)
            continue;
        placement_warning_of(&w[n++], &rep->items[i]);
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
        req_violation_of(r, &rep.items[i], false);
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
        for (int k = 0; k < days[i].n_break_parts; k++)
            d->break_parts[d->n_break_parts++] = days[i].break_parts[k];
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

sl_status student_internship_minutes(request *r, const char *student_id, internship_minutes_fn add,
                                     void *ctx)
{
    sqlite3_stmt *q =
        store_query(r->st,
                    "SELECT min(start_date), max(end_date) FROM placements "
                    "WHERE student_id = ?1 AND kind <> ?2",
                    SB(student_id), SB((int)STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INTERNAL));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return st;
    sl_date from, to;
    bool any = sl_date_parse(store_col(q, 0), &from) && sl_date_parse(store_col(q, 1), &to);
    store_stmt_done(q);
    if (!any)
        return SL_OK; /* no placement outside the school yet */
    time_placement *tps = NULL;
    size_t n_tp = 0;
    piece_list pieces = {0};
    st = gather_placements(r, student_id, from, to, &tps, &n_tp);
    int64_t a = sl_date_to_days(from), b = sl_date_to_days(to);
    for (size_t i = 0; st == SL_OK && i < n_tp; i++) {
        st = plan_pieces(r, &tps[i], a, b, &pieces);
        if (st == SL_OK)
            st = recorded_pieces(r, &tps[i], a, b, &pieces);
    }
    free(tps);
    /* Planned pieces carry clock times; recorded ones do not. */
    for (size_t k = 0; st == SL_OK && k < pieces.n; k++)
        st = add(ctx, sl_date_from_days(pieces.v[k].day), pieces.v[k].minutes, !pieces.v[k].clock);
    free(pieces.v);
    return st;
}
