#include "course_hours.h"

#include <stdio.h>

#include "collate.h"
#include "handlers.h"
#include "store.h"

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
    st = student_internship_minutes(r, student_id, &out->recorded_minutes, &out->planned_minutes);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    if (rep)
        rules_warn_wvo32_course(out->recorded_minutes + out->planned_minutes,
                                out->education_minutes, rep);
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
        w[*n_w].rule_id = rep.items[i].id;
        snprintf(w[*n_w].message, sizeof w[*n_w].message, "%s", rep.items[i].message);
        (*n_w)++;
    }
    return st;
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
        Stagelijn__V1__RuleViolation *v = SL_ARENA_NEW(r->arena, Stagelijn__V1__RuleViolation);
        stagelijn__v1__rule_violation__init(v);
        v->rule_id = sl_arena_strdup(r->arena, rep.items[i].id);
        v->message = sl_arena_strdup(r->arena, rep.items[i].message);
        v->warning = rep.items[i].severity == RULE_WARNING;
        ch->findings[ch->n_findings++] = v;
    }
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_COURSE_HOURS;
    out->course_hours = ch;
    return SL_OK;
}
