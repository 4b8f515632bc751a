/* Year-2 preparation and what it rests on: the ten sectors, the school calendar, the
 * student's profile (school year, class, NT2, support, home, sectors and the mid-year switch),
 * the Noa interest test, the orientation questionnaire and interview, and company visits with
 * their sign-up list. See handlers.h for the family split. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "events.h"
#include "collate.h"
#include "factdate.h"
#include "handlers.h"
#include "names.h"
#include "students.h"
#include "target.h"
#include "timeutil.h"

#define MAX_LIST 2000
#define MAX_SIGNUPS 200 /* the largest capacity of one company visit */
#define MAX_SCORES 10
#define SECTORS 10

static bool is_staff(const request *r)
{
    return role_is_school_staff(r->who->role);
}

static bool is_coach(const request *r)
{
    return r->who->role == ROLE_COACH || r->who->role == ROLE_SUPPORT_COACH;
}

/* The existence checks in this file guard writes. store_exists() tells a failed query
 * (SL_EINTERNAL, SL_EUNAVAIL) apart from "no row", and the callers refuse with that status:
 * reading a failure as "no" would let a duplicate or overlapping row in, or blame the client
 * for the server's fault. */
static sl_status db_failed(request *r, sl_status st)
{
    return req_fail_code(r, st, MSG_DATABASE_ERROR);
}

static sl_status user_is(request *r, const char *user_id, const char *role1, const char *role2)
{
    return store_exists(r->st,
                        "SELECT 1 FROM users WHERE id = ?1 AND disabled = 0 AND "
                        "role IN (?2, ?3)",
                        SB(user_id), SB(role1), SB(role2));
}

/* Parses an optional date: "" is fine (absent), anything else must be YYYY-MM-DD. */
static bool optional_date(const char *s, sl_date *d, bool *present)
{
    *present = s && s[0];
    return !*present || sl_date_parse(s, d);
}

/* ---------------------------------------------------------------- sectors */

sl_status handle_list_sectors(request *r, const sl_envelope *in, sl_envelope *out)
{
    sl_status rs;
    bool row;
    (void)in;
    sqlite3_stmt *q =
        store_query(r->st, "SELECT id, name_nl, name_en FROM sectors ORDER BY id", SB_NONE);
    if (!q)
        return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    Stagelijn__V1__ListSectorsReply *rep = SL_ARENA_NEW(r->arena, Stagelijn__V1__ListSectorsReply);
    stagelijn__v1__list_sectors_reply__init(rep);
    rep->sectors = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__SectorInfo *, SECTORS);
    while ((rs = store_next(q, &row)) == SL_OK && row && rep->n_sectors < SECTORS) {
        Stagelijn__V1__SectorInfo *s = SL_ARENA_NEW(r->arena, Stagelijn__V1__SectorInfo);
        stagelijn__v1__sector_info__init(s);
        s->id = (uint32_t)sqlite3_column_int(q, 0);
        s->name_nl = sl_arena_strdup(r->arena, store_col(q, 1));
        s->name_en = sl_arena_strdup(r->arena, store_col(q, 2));
        rep->sectors[rep->n_sectors++] = s;
    }
    if (rs != SL_OK)
        return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_SECTORS_REPLY;
    out->list_sectors_reply = rep;
    return SL_OK;
}

/* ---------------------------------------------------------------- school years */

/* Loads it into *out (arena-owned): SL_ENOTFOUND when there is none, the store's error
 * when a query failed. */
static sl_status school_year_load(request *r, const char *id, Stagelijn__V1__SchoolYear **out)
{
    sl_status rs;
    bool row;
    sqlite3_stmt *q = store_query(
        r->st, "SELECT id, name, start_date, end_date FROM school_years WHERE id = ?1", SB(id));
    if ((rs = store_row(q)) != SL_OK)
        return rs;
    Stagelijn__V1__SchoolYear *y = SL_ARENA_NEW(r->arena, Stagelijn__V1__SchoolYear);
    stagelijn__v1__school_year__init(y);
    y->id = sl_arena_strdup(r->arena, store_col(q, 0));
    y->name = sl_arena_strdup(r->arena, store_col(q, 1));
    y->start_date = sl_arena_strdup(r->arena, store_col(q, 2));
    y->end_date = sl_arena_strdup(r->arena, store_col(q, 3));
    store_stmt_done(q);
    q = store_query(r->st,
                    "SELECT name, start_date, end_date FROM holidays WHERE school_year_id = ?1 "
                    "ORDER BY start_date",
                    SB(id));
    y->holidays = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__Holiday *, CALENDAR_MAX_HOLIDAYS);
    while ((rs = store_next(q, &row)) == SL_OK && row && y->n_holidays < CALENDAR_MAX_HOLIDAYS) {
        Stagelijn__V1__Holiday *h = SL_ARENA_NEW(r->arena, Stagelijn__V1__Holiday);
        stagelijn__v1__holiday__init(h);
        h->name = sl_arena_strdup(r->arena, store_col(q, 0));
        h->start_date = sl_arena_strdup(r->arena, store_col(q, 1));
        h->end_date = sl_arena_strdup(r->arena, store_col(q, 2));
        y->holidays[y->n_holidays++] = h;
    }
    if (rs != SL_OK)
        return rs;
    store_stmt_done(q);
    *out = y;
    return SL_OK;
}

sl_status handle_save_school_year(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__SchoolYear *y = in->save_school_year->school_year;
    sl_status st = SL_OK;
    if (!y)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "school_year");
    bool create = !y->id || !y->id[0];
    if (!create && (st = req_check_id(r, "id", y->id)) != SL_OK)
        return st;
    if ((st = req_check_text(r, "name", y->name, true)) != SL_OK)
        return st;
    sl_date start, end;
    if (!sl_date_parse(y->start_date, &start) || !sl_date_parse(y->end_date, &end))
        return req_fail_code(r, SL_EINVAL, MSG_START_END_FORMAT);
    if (y->n_holidays > CALENDAR_MAX_HOLIDAYS)
        return req_fail_code(r, SL_EINVAL, MSG_AT_MOST_HOLIDAYS, CALENDAR_MAX_HOLIDAYS);
    calendar_holiday hol[CALENDAR_MAX_HOLIDAYS];
    for (size_t i = 0; i < y->n_holidays; i++) {
        const Stagelijn__V1__Holiday *h = y->holidays[i];
        if ((st = req_check_text(r, "holiday name", h->name, true)) != SL_OK)
            return st;
        hol[i].name = h->name;
        if (!sl_date_parse(h->start_date, &hol[i].start) ||
            !sl_date_parse(h->end_date, &hol[i].end))
            return req_fail_code(r, SL_EINVAL, MSG_HOLIDAY_DATES, i + 1);
    }
    char err[160];
    if (!calendar_validate(y->name, start, end, hol, y->n_holidays, err, sizeof err))
        return req_fail(r, SL_EINVAL, "%s", err);

    if (!create) {
        st = store_exists(r->st, "SELECT 1 FROM school_years WHERE id = ?1", SB(y->id));
        if (st == SL_ENOTFOUND)
            return req_fail_code(r, SL_ENOTFOUND, MSG_NO_SUCH_SCHOOL_YEAR);
        if (st != SL_OK)
            return db_failed(r, st);
    }
    st = store_exists(r->st, "SELECT 1 FROM school_years WHERE name = ?1 AND id <> ?2", SB(y->name),
                      SB(create ? "" : y->id));
    if (st == SL_OK)
        return req_fail_code(r, SL_EEXISTS, MSG_SCHOOL_YEAR_NAME_TAKEN, y->name);
    if (st != SL_ENOTFOUND)
        return db_failed(r, st);
    /* Two school years may not share a day: the hour rules must find exactly one. */
    st = store_exists(r->st,
                      "SELECT 1 FROM school_years WHERE id <> ?1 AND start_date <= ?3 "
                      "AND end_date >= ?2",
                      SB(create ? "" : y->id), SB(y->start_date), SB(y->end_date));
    if (st == SL_OK) {
        req_violation(r, "CAL_SCHOOL_YEAR_OVERLAP", "this school year overlaps another one", false);
        return req_fail_code(r, SL_EPRECOND, MSG_SCHOOL_YEAR_OVERLAP);
    }
    if (st != SL_ENOTFOUND)
        return db_failed(r, st);

    sl_id nid = sl_id_new();
    const char *id = create ? nid.s : y->id;
    if (create)
        st = store_exec(r->st, NULL,
                        "INSERT INTO school_years (id, name, start_date, end_date) "
                        "VALUES (?1, ?2, ?3, ?4)",
                        SB(id), SB(y->name), SB(y->start_date), SB(y->end_date));
    else
        st = store_exec(r->st, NULL,
                        "UPDATE school_years SET name = ?2, start_date = ?3, end_date = ?4 "
                        "WHERE id = ?1",
                        SB(id), SB(y->name), SB(y->start_date), SB(y->end_date));
    if (st == SL_EEXISTS)
        return req_fail_code(r, st, MSG_SCHOOL_YEAR_NAME_TAKEN, y->name);
    if (st == SL_OK && !create)
        st = store_exec(r->st, NULL, "DELETE FROM holidays WHERE school_year_id = ?1", SB(id));
    for (size_t i = 0; st == SL_OK && i < y->n_holidays; i++)
        st = store_exec(r->st, NULL,
                        "INSERT INTO holidays (school_year_id, name, start_date, end_date) "
                        "VALUES (?1, ?2, ?3, ?4)",
                        SB(id), SB(y->holidays[i]->name), SB(y->holidays[i]->start_date),
                        SB(y->holidays[i]->end_date));
    if (st != SL_OK ||
        (st = req_audit(r, create ? "school_year.create" : "school_year.update", "school_year", id,
                        sl_arena_printf(r->arena, "%zu holidays", y->n_holidays))) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_SAVE_THE_SCHOOL_YEAR);
    Stagelijn__V1__SchoolYear *rep;
    sl_status lst = school_year_load(r, id, &rep);
    if (lst != SL_OK)
        return req_fail_code(r, lst == SL_ENOTFOUND ? SL_EINTERNAL : lst, MSG_SCHOOL_YEAR_VANISHED);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_SCHOOL_YEAR;
    out->school_year = rep;
    return SL_OK;
}

sl_status handle_list_school_years(request *r, const sl_envelope *in, sl_envelope *out)
{
    sl_status rs;
    bool row;
    (void)in;
    sqlite3_stmt *q = store_query(r->st, "SELECT id FROM school_years ORDER BY start_date LIMIT ?1",
                                  SB(MAX_LIST));
    if (!q)
        return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    char **ids = SL_ARENA_ARRAY(r->arena, char *, MAX_LIST);
    size_t n = 0;
    while ((rs = store_next(q, &row)) == SL_OK && row && n < MAX_LIST)
        ids[n++] = sl_arena_strdup(r->arena, store_col(q, 0));
    if (rs != SL_OK)
        return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    Stagelijn__V1__ListSchoolYearsReply *rep =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__ListSchoolYearsReply);
    stagelijn__v1__list_school_years_reply__init(rep);
    rep->school_years = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__SchoolYear *, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        Stagelijn__V1__SchoolYear *y;
        sl_status lst = school_year_load(r, ids[i], &y);
        if (lst == SL_OK)
            rep->school_years[rep->n_school_years++] = y;
        else if (lst != SL_ENOTFOUND)
            return req_fail_code(r, lst, MSG_DATABASE_ERROR);
    }
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_SCHOOL_YEARS_REPLY;
    out->list_school_years_reply = rep;
    return SL_OK;
}

/* ---------------------------------------------------------------- student profile */

#define PROFILE_COLUMNS                                                                            \
    "SELECT id, class_id, school_year, nt2, support_need, coalesce(support_coach_id, ''), "        \
    "address, coalesce(home_latitude, 0), coalesce(home_longitude, 0), "                           \
    "coalesce(provisional_sector_1, 0), coalesce(provisional_sector_2, 0), "                       \
    "coalesce(definitive_sector, 0), coalesce(switched_to_sector, 0), "                            \
    "coalesce(sector_switch_date, ''), name_prefix, " SQL_STUDENT_NAME(                            \
        "students") ", "                                                                           \
                    "coalesce((SELECT name FROM classes c WHERE c.id = class_id), ''), "           \
                    "coalesce((SELECT "                                                            \
                    "display_name FROM users u WHERE u.id = support_coach_id), '') FROM students " \
                    "WHERE id = ?1"

/* Loads it into *out (arena-owned): SL_ENOTFOUND when there is none, the store's error
 * when the query failed. */
static sl_status profile_load(request *r, const char *student_id,
                              Stagelijn__V1__StudentProfile **out)
{
    sqlite3_stmt *q = store_query(r->st, PROFILE_COLUMNS, SB(student_id));
    sl_status found = store_row(q);
    if (found != SL_OK)
        return found;
    Stagelijn__V1__StudentProfile *p = SL_ARENA_NEW(r->arena, Stagelijn__V1__StudentProfile);
    stagelijn__v1__student_profile__init(p);
    p->student_id = sl_arena_strdup(r->arena, store_col(q, 0));
    p->class_id = sl_arena_strdup(r->arena, store_col(q, 1));
    p->school_year = (uint32_t)sqlite3_column_int(q, 2);
    p->nt2 = sqlite3_column_int(q, 3) != 0;
    p->support_need = sqlite3_column_int(q, 4) != 0;
    p->support_coach_id = sl_arena_strdup(r->arena, store_col(q, 5));
    p->address = sl_arena_strdup(r->arena, store_col(q, 6));
    p->home_latitude = sqlite3_column_double(q, 7);
    p->home_longitude = sqlite3_column_double(q, 8);
    p->provisional_sector_1 = (uint32_t)sqlite3_column_int(q, 9);
    p->provisional_sector_2 = (uint32_t)sqlite3_column_int(q, 10);
    p->definitive_sector = (uint32_t)sqlite3_column_int(q, 11);
    p->switched_to_sector = (uint32_t)sqlite3_column_int(q, 12);
    p->sector_switch_date = sl_arena_strdup(r->arena, store_col(q, 13));
    p->name_prefix = sl_arena_strdup(r->arena, store_col(q, 14));
    p->full_name = sl_arena_strdup(r->arena, store_col(q, 15));
    p->class_name = sl_arena_strdup(r->arena, store_col(q, 16));
    p->support_coach_name = sl_arena_strdup(r->arena, store_col(q, 17));
    store_stmt_done(q);
    *out = p;
    return SL_OK;
}

static const char *str_or_empty(const char *s)
{
    return s ? s : "";
}

/* Everything a profile must satisfy on its own; returns SL_OK or the refusal. */
/* Facts checked against other records (the support coach's account, the current school
 * year) are checked only when they change, so a later edit is not refused over what was
 * valid when it was recorded. */
static sl_status profile_check(request *r, const Stagelijn__V1__StudentProfile *p,
                               const Stagelijn__V1__StudentProfile *old)
{
    sl_status st;
    if (p->school_year < 2 || p->school_year > 6)
        return req_fail_code(r, SL_EINVAL, MSG_SCHOOL_YEAR_RANGE);
    if ((st = req_check_id(r, "class_id", p->class_id)) != SL_OK ||
        (st = req_check_text(r, "address", p->address, false)) != SL_OK ||
        (st = req_check_text(r, "name_prefix", p->name_prefix, false)) != SL_OK)
        return st;
    st = store_exists(r->st, "SELECT 1 FROM classes WHERE id = ?1", SB(p->class_id));
    if (st == SL_ENOTFOUND)
        return req_fail_code(r, SL_ENOTFOUND, MSG_NO_SUCH_CLASS);
    if (st != SL_OK)
        return db_failed(r, st);
    if (p->support_coach_id && p->support_coach_id[0]) {
        if (!p->support_need)
            return req_fail_code(r, SL_EINVAL, MSG_SUPPORT_COACH_NEEDS_NEED);
        if ((st = req_check_id(r, "support_coach_id", p->support_coach_id)) != SL_OK)
            return st;
        if (strcmp(p->support_coach_id, old->support_coach_id) != 0) {
            st = user_is(r, p->support_coach_id, "support_coach", "support_coach");
            if (st == SL_ENOTFOUND)
                return req_fail_code(r, SL_EINVAL, MSG_SUPPORT_COACH_NOT_ACTIVE);
            if (st != SL_OK)
                return db_failed(r, st);
        }
    }
    if (!isfinite(p->home_latitude) || !isfinite(p->home_longitude) || p->home_latitude < -90 ||
        p->home_latitude > 90 || p->home_longitude < -180 || p->home_longitude > 180)
        return req_fail_code(r, SL_EINVAL, MSG_HOME_LAT_LON_RANGE);
    uint32_t s1 = p->provisional_sector_1, s2 = p->provisional_sector_2;
    if (s1 > SECTORS || s2 > SECTORS || p->definitive_sector > SECTORS ||
        p->switched_to_sector > SECTORS)
        return req_fail_code(r, SL_EINVAL, MSG_SECTORS_OR_NONE);
    if (s1 && s1 == s2)
        return req_fail_code(r, SL_EINVAL, MSG_PROVISIONAL_SECTORS_DIFFER);
    sl_date sw;
    bool has_date;
    if (!optional_date(p->sector_switch_date, &sw, &has_date))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "sector_switch_date");
    if ((p->switched_to_sector != 0) != has_date)
        return req_fail_code(r, SL_EINVAL, MSG_SWITCH_NEEDS_BOTH);
    bool switch_changed = p->switched_to_sector != old->switched_to_sector ||
                          strcmp(str_or_empty(p->sector_switch_date), old->sector_switch_date) != 0;
    if (has_date && switch_changed) {
        sl_date ys, ye;
        st = calendar_school_year_of(r->st, r->today, NULL, &ys, &ye);
        if (st != SL_OK && st != SL_ENOTFOUND)
            return db_failed(r, st);
        if (st == SL_OK && (sl_date_compare(sw, ys) < 0 || sl_date_compare(sw, ye) > 0))
            return req_fail_code(r, SL_EINVAL, MSG_SWITCH_DATE_THIS_YEAR);
    }
    return SL_OK;
}

static void note_change(request *r, char **list, bool changed, const char *field)
{
    if (changed)
        *list = sl_arena_printf(r->arena, "%s%s%s", *list, **list ? "," : "", field);
}

sl_status handle_update_student(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__StudentProfile *p = in->update_student->profile;
    if (!p)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "profile");
    const student_facts *sf = &r->target.student;
    sl_status st = SL_OK;
    Stagelijn__V1__StudentProfile *old;
    st = profile_load(r, sf->id, &old);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_STUDENT_VANISHED);
    if ((st = profile_check(r, p, old)) != SL_OK)
        return st;

    /* Field names only: the audit log is no place for addresses or support needs. */
    char *changed = sl_arena_strdup(r->arena, "");
    note_change(r, &changed, p->school_year != old->school_year, "school_year");
    note_change(r, &changed, strcmp(p->class_id, old->class_id) != 0, "class");
    note_change(r, &changed, p->nt2 != old->nt2, "nt2");
    note_change(r, &changed, strcmp(str_or_empty(p->name_prefix), old->name_prefix) != 0,
                "name_prefix");
    note_change(r, &changed, p->support_need != old->support_need, "support_need");
    note_change(r, &changed, strcmp(str_or_empty(p->support_coach_id), old->support_coach_id) != 0,
                "support_coach");
    note_change(r, &changed,
                strcmp(str_or_empty(p->address), old->address) != 0 ||
                    p->home_latitude != old->home_latitude ||
                    p->home_longitude != old->home_longitude,
                "home");
    note_change(r, &changed,
                p->provisional_sector_1 != old->provisional_sector_1 ||
                    p->provisional_sector_2 != old->provisional_sector_2,
                "provisional_sectors");
    note_change(r, &changed, p->definitive_sector != old->definitive_sector, "definitive_sector");
    bool switched = p->switched_to_sector != old->switched_to_sector ||
                    strcmp(str_or_empty(p->sector_switch_date), old->sector_switch_date) != 0;
    note_change(r, &changed, switched, "sector_switch");

    if (changed[0]) {
        const char *sw_date =
            p->sector_switch_date && p->sector_switch_date[0] ? p->sector_switch_date : NULL;
        const student_profile_row row = {.class_id = p->class_id,
                                         .support_coach_id = p->support_coach_id,
                                         .address = p->address,
                                         .name_prefix = p->name_prefix,
                                         .sector_switch_date = sw_date,
                                         .school_year = (int)p->school_year,
                                         .nt2 = p->nt2,
                                         .support_need = p->support_need,
                                         .home_latitude = p->home_latitude,
                                         .home_longitude = p->home_longitude,
                                         .provisional_sector_1 = (int)p->provisional_sector_1,
                                         .provisional_sector_2 = (int)p->provisional_sector_2,
                                         .definitive_sector = (int)p->definitive_sector,
                                         .switched_to_sector = (int)p->switched_to_sector};
        st = students_update_profile(r->st, sf->id, &row);
        if (st == SL_OK && switched && p->switched_to_sector) {
            /* The mentor hears of a mid-year switch: the placement must fit the new sector. */
            req_detail_text d = req_detail(r, DET_EV_SECTOR_SWITCH, p->switched_to_sector, sw_date);
            event_spec ev = {.topic = "sector_switch",
                             .student_id = sf->id,
                             .class_id = p->class_id,
                             .summary = d.text,
                             .coded = d};
            st = events_append(r, &ev);
        }
        if (st != SL_OK ||
            (st = req_audit(r, "student.update", "student", sf->id, changed)) != SL_OK)
            return req_fail_code(r, st, MSG_CANNOT_UPDATE_THE_STUDENT);
    }
    Stagelijn__V1__StudentProfile *rep;
    st = profile_load(r, sf->id, &rep);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_STUDENT_VANISHED);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_STUDENT_PROFILE;
    out->student_profile = rep;
    return SL_OK;
}

sl_status handle_get_student_profile(request *r, const sl_envelope *in, sl_envelope *out)
{
    const char *id = in->get_student_profile->student_id;
    sl_status st = SL_OK;
    Stagelijn__V1__StudentProfile *p;
    st = profile_load(r, id, &p);
    if (st != SL_OK)
        return (st == SL_ENOTFOUND ? req_fail_code(r, st, MSG_NO_SUCH_STUDENT)
                                   : req_fail_code(r, st, MSG_DATABASE_ERROR));
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_STUDENT_PROFILE;
    out->student_profile = p;
    return SL_OK;
}

/* ---------------------------------------------------------------- interest test */

sl_status handle_record_interest_test(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__InterestTest *t = in->record_interest_test->test;
    if (!t)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "test");
    const student_facts *sf = &r->target.student;
    sl_status st = SL_OK;
    factdate_phase school;
    if ((st = factdate_school_phase(r, sf->id, &school)) != SL_OK ||
        (st = factdate_require(r, "interest test", "date", t->date, school,
                               FACTDATE_RULE_BEFORE_SCHOOL, NULL)) != SL_OK)
        return st;
    if (t->n_scores < 1 || t->n_scores > MAX_SCORES)
        return req_fail_code(r, SL_EINVAL, MSG_SECTOR_SCORES_COUNT);
    bool seen[SECTORS + 1] = {false};
    for (size_t i = 0; i < t->n_scores; i++) {
        uint32_t sec = t->scores[i]->sector;
        if (sec < 1 || sec > SECTORS)
            return req_fail_code(r, SL_EINVAL, MSG_SCORE_SECTOR_RANGE, i + 1);
        if (seen[sec])
            return req_fail_code(r, SL_EINVAL, MSG_SECTOR_SCORED_TWICE, sec);
        seen[sec] = true;
        if (t->scores[i]->score > 100)
            return req_fail_code(r, SL_EINVAL, MSG_SECTOR_SCORE_RANGE, sec);
    }
    sl_id id = sl_id_new();
    st = store_exec(r->st, NULL,
                    "INSERT INTO interest_tests (id, student_id, date, created_at) "
                    "VALUES (?1, ?2, ?3, ?4)",
                    SB(id.s), SB(sf->id), SB(t->date), SB(r->now));
    for (size_t i = 0; st == SL_OK && i < t->n_scores; i++)
        st = store_exec(r->st, NULL,
                        "INSERT INTO interest_scores (test_id, sector, score) VALUES (?1, ?2, ?3)",
                        SB(id.s), SB((int)t->scores[i]->sector), SB((int)t->scores[i]->score));
    if (st != SL_OK ||
        (st = req_audit(r, "interest_test.record", "student", sf->id, id.s)) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_RECORD_THE_INTEREST_TEST);

    Stagelijn__V1__InterestTest *rt = SL_ARENA_NEW(r->arena, Stagelijn__V1__InterestTest);
    stagelijn__v1__interest_test__init(rt);
    rt->id = sl_arena_strdup(r->arena, id.s);
    rt->student_id = sl_arena_strdup(r->arena, sf->id);
    rt->date = sl_arena_strdup(r->arena, t->date);
    rt->scores = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__InterestScore *, MAX_SCORES);
    /* In sector order, as the test's result sheet lists them. */
    for (uint32_t sec = 1; sec <= SECTORS; sec++)
        for (size_t i = 0; i < t->n_scores; i++)
            if (t->scores[i]->sector == sec) {
                Stagelijn__V1__InterestScore *s =
                    SL_ARENA_NEW(r->arena, Stagelijn__V1__InterestScore);
                stagelijn__v1__interest_score__init(s);
                s->sector = sec;
                s->score = t->scores[i]->score;
                rt->scores[rt->n_scores++] = s;
            }
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_INTEREST_TEST;
    out->interest_test = rt;
    return SL_OK;
}

/* ---------------------------------------------------------------- orientation */

/* The student's orientation into *out (arena-owned), empty when not filled in yet; the
 * store's error when the query failed (never an empty questionnaire in its place). */
static sl_status orientation_load(request *r, const char *student_id,
                                  Stagelijn__V1__Orientation **out)
{
    Stagelijn__V1__Orientation *o = SL_ARENA_NEW(r->arena, Stagelijn__V1__Orientation);
    stagelijn__v1__orientation__init(o);
    o->student_id = sl_arena_strdup(r->arena, student_id);
    sl_status named = names_of(r, NAME_STUDENT, student_id, &o->student_name);
    if (named != SL_OK)
        return named;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT interests, hobbies, expectations, barriers, "
                                  "preferences, coalesce(interview_date, ''), interview_notes, "
                                  "coalesce(coach_id, '') FROM orientations WHERE student_id = ?1",
                                  SB(student_id));
    *out = o;
    sl_status st = store_row(q);
    if (st == SL_ENOTFOUND)
        return SL_OK; /* not filled in yet: an empty questionnaire */
    if (st != SL_OK)
        return st;
    o->interests = sl_arena_strdup(r->arena, store_col(q, 0));
    o->hobbies = sl_arena_strdup(r->arena, store_col(q, 1));
    o->expectations = sl_arena_strdup(r->arena, store_col(q, 2));
    o->barriers = sl_arena_strdup(r->arena, store_col(q, 3));
    o->preferences = sl_arena_strdup(r->arena, store_col(q, 4));
    o->interview_date = sl_arena_strdup(r->arena, store_col(q, 5));
    o->interview_notes = sl_arena_strdup(r->arena, store_col(q, 6));
    o->coach_id = sl_arena_strdup(r->arena, store_col(q, 7));
    store_stmt_done(q);
    return names_of(r, NAME_USER, o->coach_id, &o->coach_name);
}

sl_status handle_save_orientation(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__Orientation *o = in->save_orientation->orientation;
    if (!o)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "orientation");
    const student_facts *sf = &r->target.student;
    sl_status st = SL_OK;
    if ((st = req_check_text(r, "interests", o->interests, false)) != SL_OK ||
        (st = req_check_text(r, "hobbies", o->hobbies, false)) != SL_OK ||
        (st = req_check_text(r, "expectations", o->expectations, false)) != SL_OK ||
        (st = req_check_text(r, "barriers", o->barriers, false)) != SL_OK ||
        (st = req_check_text(r, "preferences", o->preferences, false)) != SL_OK ||
        (st = req_check_text(r, "interview_notes", o->interview_notes, false)) != SL_OK)
        return st;
    sl_date iv;
    bool interviewed;
    if (!optional_date(o->interview_date, &iv, &interviewed))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "interview_date");
    factdate_phase school;
    if (interviewed && ((st = factdate_school_phase(r, sf->id, &school)) != SL_OK ||
                        (st = factdate_require_date(r, "orientation interview", iv, school,
                                                    FACTDATE_RULE_BEFORE_SCHOOL)) != SL_OK))
        return st;
    if (!interviewed && o->interview_notes && o->interview_notes[0])
        return req_fail_code(r, SL_EINVAL, MSG_INTERVIEW_NOTES_DATE);
    /* The questionnaire is filled in during the mentor's lesson; the interview is held by
     * the coach who will place the student, so a coach records his/her own. */
    const char *coach = o->coach_id && o->coach_id[0] ? o->coach_id : NULL;
    if (is_coach(r)) {
        if (coach && strcmp(coach, r->who->user_id) != 0)
            return req_fail_code(r, SL_EINVAL, MSG_COACH_OWN_INTERVIEW);
        coach = interviewed ? r->who->user_id : coach;
    } else if (coach) {
        if ((st = req_check_id(r, "coach_id", coach)) != SL_OK)
            return st;
        st = user_is(r, coach, "coach", "support_coach");
        if (st == SL_ENOTFOUND)
            return req_fail_code(r, SL_EINVAL, MSG_COACH_NOT_ACTIVE);
        if (st != SL_OK)
            return db_failed(r, st);
    }
    if (interviewed && !coach)
        return req_fail_code(r, SL_EINVAL, MSG_INTERVIEW_WITH_COACH);

    st = store_exec(r->st, NULL,
                    "INSERT INTO orientations (student_id, interests, hobbies, expectations, "
                    "barriers, preferences, interview_date, interview_notes, coach_id, "
                    "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
                    "ON CONFLICT (student_id) DO UPDATE SET interests = ?2, hobbies = ?3, "
                    "expectations = ?4, barriers = ?5, preferences = ?6, interview_date = ?7, "
                    "interview_notes = ?8, coach_id = ?9, updated_at = ?10",
                    SB(sf->id), SB(str_or_empty(o->interests)), SB(str_or_empty(o->hobbies)),
                    SB(str_or_empty(o->expectations)), SB(str_or_empty(o->barriers)),
                    SB(str_or_empty(o->preferences)), SB(interviewed ? o->interview_date : NULL),
                    SB(str_or_empty(o->interview_notes)), SB(coach), SB(r->now));
    if (st != SL_OK || (st = req_audit(r, "orientation.save", "student", sf->id,
                                       interviewed ? "interview" : "questionnaire")) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_SAVE_THE_ORIENTATION);
    if ((st = orientation_load(r, sf->id, &out->orientation)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_ORIENTATION;
    return SL_OK;
}

sl_status handle_get_orientation(request *r, const sl_envelope *in, sl_envelope *out)
{
    const char *id = in->get_orientation->student_id;
    sl_status st = SL_OK;
    if ((st = orientation_load(r, id, &out->orientation)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_ORIENTATION;
    return SL_OK;
}

/* ---------------------------------------------------------------- company visits */

/* The caller's own student record (students only), "" otherwise; the store's error when the
 * query failed. */
static sl_status own_student(request *r, char id[SL_ID_LEN + 1])
{
    id[0] = '\0';
    if (r->who->role != ROLE_STUDENT)
        return SL_OK;
    sqlite3_stmt *q =
        store_query(r->st, "SELECT id FROM students WHERE user_id = ?1", SB(r->who->user_id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return st == SL_ENOTFOUND ? SL_OK : st;
    snprintf(id, SL_ID_LEN + 1, "%s", store_col(q, 0));
    store_stmt_done(q);
    return SL_OK;
}

/* Staff see who signed up; a student sees only whether he/she did; a company only the count. */
static sl_status visit_signups(request *r, Stagelijn__V1__CompanyVisit *v, const char *self)
{
    sl_status rs;
    bool row;
    if (!is_staff(r) && !self[0])
        return SL_OK;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT su.student_id, " SQL_STUDENT_NAME(
                                      "s") " FROM company_visit_signups su JOIN students s ON "
                                           "s.id = su.student_id WHERE su.company_visit_id = ?1 "
                                           "AND (?2 = '' OR su.student_id = ?2) ORDER BY "
                                           "su.created_at, su.student_id LIMIT ?3",
                                  SB(v->id), SB(is_staff(r) ? "" : self), SB(MAX_SIGNUPS));
    v->student_ids = SL_ARENA_ARRAY(r->arena, char *, MAX_SIGNUPS);
    v->student_names = SL_ARENA_ARRAY(r->arena, char *, MAX_SIGNUPS);
    while ((rs = store_next(q, &row)) == SL_OK && row && v->n_student_ids < MAX_SIGNUPS) {
        v->student_ids[v->n_student_ids++] = sl_arena_strdup(r->arena, store_col(q, 0));
        v->student_names[v->n_student_names++] = sl_arena_strdup(r->arena, store_col(q, 1));
    }
    if (rs != SL_OK)
        return rs;
    store_stmt_done(q);
    return SL_OK;
}

#define VISIT_COLUMNS                                                                              \
    "SELECT v.id, v.company_id, v.date, v.capacity, v.description, (SELECT count(*) FROM "         \
    "company_visit_signups s WHERE s.company_visit_id = v.id), coalesce((SELECT name FROM "        \
    "companies WHERE id = v.company_id), '') FROM company_visits v "

static Stagelijn__V1__CompanyVisit *visit_from_row(request *r, sqlite3_stmt *q)
{
    Stagelijn__V1__CompanyVisit *v = SL_ARENA_NEW(r->arena, Stagelijn__V1__CompanyVisit);
    stagelijn__v1__company_visit__init(v);
    v->id = sl_arena_strdup(r->arena, store_col(q, 0));
    v->company_id = sl_arena_strdup(r->arena, store_col(q, 1));
    v->date = sl_arena_strdup(r->arena, store_col(q, 2));
    v->capacity = (uint32_t)sqlite3_column_int(q, 3);
    v->description = sl_arena_strdup(r->arena, store_col(q, 4));
    v->signed_up = (uint32_t)sqlite3_column_int(q, 5);
    v->company_name = sl_arena_strdup(r->arena, store_col(q, 6));
    return v;
}

/* Loads it into *out (arena-owned): SL_ENOTFOUND when there is none, the store's error
 * when the query failed. */
static sl_status visit_load(request *r, const char *id, Stagelijn__V1__CompanyVisit **out)
{
    sqlite3_stmt *q = store_query(r->st, VISIT_COLUMNS "WHERE v.id = ?1", SB(id));
    sl_status found = store_row(q);
    if (found != SL_OK)
        return found;
    Stagelijn__V1__CompanyVisit *v = visit_from_row(r, q);
    store_stmt_done(q);
    *out = v;
    return SL_OK;
}

static sl_status reply_visit(request *r, const char *id, sl_envelope *out)
{
    Stagelijn__V1__CompanyVisit *v;
    sl_status st = visit_load(r, id, &v);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_COMPANY_VISIT_VANISHED);
    char self[SL_ID_LEN + 1];
    if ((st = own_student(r, self)) != SL_OK || (st = visit_signups(r, v, self)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_COMPANY_VISIT;
    out->company_visit = v;
    return SL_OK;
}

sl_status handle_create_company_visit(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__CompanyVisit *v = in->create_company_visit->visit;
    sl_status st = SL_OK;
    if (!v)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "visit");
    if ((st = req_check_id(r, "company_id", v->company_id)) != SL_OK ||
        (st = req_check_text(r, "description", v->description, false)) != SL_OK)
        return st;
    sl_date d;
    if (!sl_date_parse(v->date, &d))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "date");
    if (sl_date_compare(d, r->today) < 0)
        return req_fail_code(r, SL_EINVAL, MSG_COMPANY_VISIT_FUTURE);
    if (v->capacity < 1 || v->capacity > MAX_SIGNUPS)
        return req_fail_code(r, SL_EINVAL, MSG_VISIT_CAPACITY_RANGE, MAX_SIGNUPS);
    st = store_exists(r->st, "SELECT 1 FROM companies WHERE id = ?1", SB(v->company_id));
    if (st == SL_ENOTFOUND)
        return req_fail_code(r, SL_ENOTFOUND, MSG_NO_SUCH_COMPANY);
    if (st != SL_OK)
        return db_failed(r, st);
    sl_id id = sl_id_new();
    st = store_exec(r->st, NULL,
                    "INSERT INTO company_visits (id, company_id, date, capacity, description) "
                    "VALUES (?1, ?2, ?3, ?4, ?5)",
                    SB(id.s), SB(v->company_id), SB(v->date), SB((int)v->capacity),
                    SB(str_or_empty(v->description)));
    if (st != SL_OK ||
        (st = req_audit(r, "company_visit.create", "company_visit", id.s, v->company_id)) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_CREATE_THE_COMPANY_VISIT);
    return reply_visit(r, id.s, out);
}

sl_status handle_sign_up_company_visit(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__SignUpCompanyVisitRequest *req = in->sign_up_company_visit;
    sl_status st = req_check_id(r, "company_visit_id", req->company_visit_id);
    if (st != SL_OK)
        return st;
    const student_facts *sf = &r->target.student;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT v.date, v.capacity, (SELECT count(*) FROM "
                                  "company_visit_signups s WHERE s.company_visit_id = v.id), "
                                  "(SELECT count(*) FROM company_visit_signups s WHERE "
                                  "s.company_visit_id = v.id AND s.student_id = ?2), "
                                  "(SELECT school_year FROM students WHERE id = ?2) "
                                  "FROM company_visits v WHERE v.id = ?1",
                                  SB(req->company_visit_id), SB(sf->id));
    if ((st = store_row(q)) == SL_ENOTFOUND)
        return req_fail_code(r, st, MSG_NO_SUCH_COMPANY_VISIT);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    sl_date d;
    bool date_ok = sl_date_parse(store_col(q, 0), &d);
    int capacity = sqlite3_column_int(q, 1), taken = sqlite3_column_int(q, 2);
    bool already = sqlite3_column_int(q, 3) != 0;
    int year = sqlite3_column_int(q, 4);
    store_stmt_done(q);
    if (!date_ok)
        return req_fail_code(r, SL_EINTERNAL, MSG_STORED_VISIT_DATE_UNREADABLE);
    if (sl_date_compare(d, r->today) < 0) {
        req_violation(r, "COMPANY_VISIT_PAST", "this company visit has taken place already", false);
        return req_fail_code(r, SL_EPRECOND, MSG_COMPANY_VISIT_TAKEN_PLACE);
    }
    if (already)
        return req_fail_code(r, SL_EEXISTS, MSG_SIGNED_UP_ALREADY);
    /* The plan offers company visits to year-2 students (stagevoorbereiding). */
    if (year != 2) {
        req_violation(r, "COMPANY_VISIT_YEAR_2", "company visits are for year-2 students", false);
        return req_fail_code(r, SL_EPRECOND, MSG_COMPANY_VISITS_YEAR_2);
    }
    if (taken >= capacity) {
        req_violation(r, "CAP_COMPANY_VISIT_FULL", "this company visit is full", false);
        return req_fail_code(r, SL_EPRECOND, MSG_COMPANY_VISIT_FULL, capacity);
    }
    st = store_exec(r->st, NULL,
                    "INSERT INTO company_visit_signups (company_visit_id, student_id, created_at) "
                    "VALUES (?1, ?2, ?3)",
                    SB(req->company_visit_id), SB(sf->id), SB(r->now));
    if (st != SL_OK || (st = req_audit(r, "company_visit.signup", "company_visit",
                                       req->company_visit_id, sf->id)) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_SIGN_UP);
    return reply_visit(r, req->company_visit_id, out);
}

sl_status handle_list_company_visits(request *r, const sl_envelope *in, sl_envelope *out)
{
    sl_status rs;
    bool row;
    (void)in;
    sl_scope scope = r->target.scope;
    sqlite3_stmt *q =
        store_query(r->st,
                    VISIT_COLUMNS "WHERE ?1 = '' OR v.company_id = ?1 "
                                  "ORDER BY v.date, v.id LIMIT ?2",
                    SB(scope == SCOPE_COMPANY ? r->who->company_id : ""), SB(MAX_LIST + 1));
    if (!q)
        return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    Stagelijn__V1__ListCompanyVisitsReply *rep =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__ListCompanyVisitsReply);
    stagelijn__v1__list_company_visits_reply__init(rep);
    rep->visits = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__CompanyVisit *, MAX_LIST + 1);
    while ((rs = store_next(q, &row)) == SL_OK && row && rep->n_visits <= MAX_LIST)
        rep->visits[rep->n_visits++] = visit_from_row(r, q);
    if (rs != SL_OK)
        return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    rep->n_visits = req_list_cap(r, rep->n_visits, MAX_LIST);
    /* The sign-up lookups use another statement, so the rows are collected first. */
    char self[SL_ID_LEN + 1];
    if ((rs = own_student(r, self)) != SL_OK)
        return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    for (size_t i = 0; i < rep->n_visits; i++)
        if ((rs = visit_signups(r, rep->visits[i], self)) != SL_OK)
            return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_COMPANY_VISITS_REPLY;
    out->list_company_visits_reply = rep;
    return SL_OK;
}
