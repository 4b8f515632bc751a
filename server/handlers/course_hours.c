#include "course_hours.h"

#include <stdio.h>
#include <string.h>

#include "collate.h"
#include "handlers.h"
#include "store.h"

/* The school years a school defines are few; they are read once per request. */
#define COURSE_MAX_DEFINED_YEARS 64

typedef struct {
    course_hours *h;
    course_year defined[COURSE_MAX_DEFINED_YEARS]; /* the school_years rows */
    int n_defined;
} tally;

static sl_status read_defined_years(request *r, tally *t)
{
    sl_status rs;
    bool row;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT name, start_date, end_date FROM school_years "
                                  "ORDER BY start_date LIMIT ?1",
                                  SB(COURSE_MAX_DEFINED_YEARS));
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        course_year *y = &t->defined[t->n_defined];
        *y = (course_year){0};
        snprintf(y->name, sizeof y->name, "%s", store_col(q, 0));
        if (!sl_date_parse(store_col(q, 1), &y->start) ||
            !sl_date_parse(store_col(q, 2), &y->end)) {
            store_stmt_done(q);
            return SL_EINTERNAL;
        }
        t->n_defined++;
    }
    return rs;
}

/* The school year of `day`: the school's row containing it, else 1 August to 31 July, named
 * as the school names its years ("2026-2027"), so that a summer day outside the school's
 * dates joins the year of the same name. */
static course_year school_year_of(const tally *t, sl_date day)
{
    for (int i = 0; i < t->n_defined; i++)
        if (sl_date_compare(day, t->defined[i].start) >= 0 &&
            sl_date_compare(day, t->defined[i].end) <= 0)
            return t->defined[i];
    course_year y = {0};
    int first = day.m >= 8 ? day.y : day.y - 1;
    y.start = (sl_date){first, 8, 1};
    y.end = (sl_date){first + 1, 7, 31};
    snprintf(y.name, sizeof y.name, "%d-%d", first, first + 1);
    for (int i = 0; i < t->n_defined; i++)
        if (strcmp(t->defined[i].name, y.name) == 0)
            return t->defined[i];
    return y;
}

/* Adds one day's minutes to the totals and to its school year, the years kept in order. */
static sl_status add_day(void *ctx, sl_date day, long minutes, bool recorded)
{
    tally *t = ctx;
    course_hours *h = t->h;
    *(recorded ? &h->recorded_minutes : &h->planned_minutes) += minutes;
    course_year y = school_year_of(t, day);
    int i = 0;
    while (i < h->n_years && strcmp(h->years[i].name, y.name) != 0)
        i++;
    if (i == h->n_years && h->n_years == COURSE_MAX_YEARS) {
        i = COURSE_MAX_YEARS - 1;
    } else if (i == h->n_years) {
        for (; i > 0 && sl_date_compare(h->years[i - 1].start, y.start) > 0; i--)
            h->years[i] = h->years[i - 1];
        h->years[i] = y;
        h->n_years++;
    }
    *(recorded ? &h->years[i].recorded_minutes : &h->years[i].planned_minutes) += minutes;
    return SL_OK;
}

sl_status course_hours_of(request *r, const char *student_id, course_hours *out, rule_report *rep)
{
    *out = (course_hours){0};
    sqlite3_stmt *q =
        store_query(r->st, "SELECT school_year FROM students WHERE id = ?1", SB(student_id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_STUDENT_VANISHED);
    out->course_years = sqlite3_column_int(q, 0);
    store_stmt_done(q);
    out->education_minutes =
        (long)out->course_years * r->srv->cfg.education_hours_per_school_year * 60;
    out->limit_minutes = out->education_minutes / 2;
    /* Large for the stack of a loop thread: from the request's arena. */
    tally *t = SL_ARENA_NEW(r->arena, tally);
    t->h = out;
    st = read_defined_years(r, t);
    if (st == SL_OK)
        st = student_internship_minutes(r, student_id, add_day, t);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    if (!rep)
        return SL_OK;
    /* Once the student has left school the course is over and its average final: the law
     * itself (LAW_WVO32_COURSE_50) instead of the warning. */
    char today[11];
    sl_date_format(r->today, today);
    st = store_exists(r->st, "SELECT 1 FROM exits WHERE student_id = ?1 AND left_date <= ?2",
                      SB(student_id), SB(today));
    if (st != SL_OK && st != SL_ENOTFOUND)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    long minutes = out->recorded_minutes + out->planned_minutes;
    if (st == SL_OK)
        rules_check_wvo32_course(minutes, out->education_minutes, rep);
    else
        rules_warn_wvo32_course(minutes, out->education_minutes, rep);
    return SL_OK;
}

sl_status course_hours_warn(request *r, const char *student_id, placement_warning *w, size_t *n_w)
{
    course_hours h;
    rule_report rep;
    rules_report_init(&rep);
    sl_status st = course_hours_of(r, student_id, &h, &rep);
    for (int i = 0; st == SL_OK && i < rep.count && *n_w < PLACEMENT_MAX_WARNINGS; i++) {
        if (rep.items[i].severity != RULE_WARNING)
            continue;
        placement_warning_of(&w[(*n_w)++], &rep.items[i]);
    }
    return st;
}

sl_status course_hours_recheck(request *r, const char *student_id,
                               Stagelijn__V1__RuleViolation ***out, size_t *n)
{
    course_hours h;
    rule_report rep;
    rules_report_init(&rep);
    *out = NULL;
    *n = 0;
    sl_status st = course_hours_of(r, student_id, &h, &rep);
    if (st != SL_OK)
        return st;
    /* Worded through req_violation (the details as parameters), then taken out of the
     * request's violations: those go out only with a refusal. */
    size_t before = r->n_violations;
    req_violations_from_report(r, &rep, false);
    *n = r->n_violations - before;
    if (*n == 0)
        return SL_OK;
    *out = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__RuleViolation *, *n);
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = r->violations[before + i];
    r->n_violations = before;
    return SL_OK;
}

sl_status handle_get_course_hours(request *r, const sl_envelope *in, sl_envelope *out)
{
    (void)in;
    const student_facts *sf = &r->target.student;
    course_hours h;
    rule_report rep;
    rules_report_init(&rep);
    sl_status st = course_hours_of(r, sf->id, &h, &rep);
    if (st != SL_OK)
        return st;
    Stagelijn__V1__CourseHours *ch = SL_ARENA_NEW(r->arena, Stagelijn__V1__CourseHours);
    stagelijn__v1__course_hours__init(ch);
    ch->student_id = sl_arena_strdup(r->arena, sf->id);
    sqlite3_stmt *q = store_query(
        r->st, "SELECT " SQL_STUDENT_NAME("s") " FROM students s WHERE s.id = ?1", SB(sf->id));
    if ((st = store_row(q)) != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_STUDENT_VANISHED);
    ch->student_name = sl_arena_strdup(r->arena, store_col(q, 0));
    store_stmt_done(q);
    ch->course_years = (uint32_t)h.course_years;
    ch->education_minutes = (uint64_t)h.education_minutes;
    ch->limit_minutes = (uint64_t)h.limit_minutes;
    ch->recorded_minutes = (uint64_t)h.recorded_minutes;
    ch->planned_minutes = (uint64_t)h.planned_minutes;
    ch->internship_minutes = (uint64_t)(h.recorded_minutes + h.planned_minutes);
    ch->findings = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__RuleViolation *,
                                  rep.count > 0 ? (size_t)rep.count : 1);
    for (int i = 0; i < rep.count; i++) {
        Stagelijn__V1__RuleViolation *v = req_violation_new(r, &rep.items[i]);
        v->warning = rep.items[i].severity == RULE_WARNING;
        ch->findings[ch->n_findings++] = v;
    }
    ch->years = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__CourseYear *,
                               h.n_years > 0 ? (size_t)h.n_years : 1);
    for (int i = 0; i < h.n_years; i++) {
        Stagelijn__V1__CourseYear *y = SL_ARENA_NEW(r->arena, Stagelijn__V1__CourseYear);
        stagelijn__v1__course_year__init(y);
        char a[11], b[11];
        sl_date_format(h.years[i].start, a);
        sl_date_format(h.years[i].end, b);
        y->school_year = sl_arena_strdup(r->arena, h.years[i].name);
        y->start_date = sl_arena_strdup(r->arena, a);
        y->end_date = sl_arena_strdup(r->arena, b);
        y->recorded_minutes = (uint64_t)h.years[i].recorded_minutes;
        y->planned_minutes = (uint64_t)h.years[i].planned_minutes;
        ch->years[ch->n_years++] = y;
    }
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_COURSE_HOURS;
    out->course_hours = ch;
    return SL_OK;
}
