/* Users, classes, companies and students: the school's structure, kept by the admin. */
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "collate.h"
#include "handlers.h"
#include "students.h"
#include "target.h"
#include "timeutil.h"

#define ONE_TIME_PASSWORD_LEN 14
#define MAX_LIST 5000

static Stagelijn__V1__User *user_from_row(request *r, sqlite3_stmt *st)
{
    Stagelijn__V1__User *u = SL_ARENA_NEW(r->arena, Stagelijn__V1__User);
    stagelijn__v1__user__init(u);
    u->id = sl_arena_strdup(r->arena, store_col(st, 0));
    u->username = sl_arena_strdup(r->arena, store_col(st, 1));
    u->display_name = sl_arena_strdup(r->arena, store_col(st, 2));
    u->role = (Stagelijn__V1__Role)role_parse(store_col(st, 3));
    u->company_id = sl_arena_strdup(r->arena, store_col(st, 4));
    u->disabled = sqlite3_column_int(st, 5) != 0;
    u->company_name = sl_arena_strdup(r->arena, store_col(st, 6));
    return u;
}

static bool username_valid(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' ||
              ch == '_'))
            return false;
    }
    return true;
}

sl_status handle_create_user(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__CreateUserRequest *req = in->create_user;
    sl_status st = SL_OK;
    if ((st = req_check_text(r, "username", req->username, true)) != SL_OK ||
        (st = req_check_text(r, "display_name", req->display_name, true)) != SL_OK ||
        (st = req_check_text(r, "password", req->password, false)) != SL_OK)
        return st;
    if (!username_valid(req->username))
        return req_fail_code(r, SL_EINVAL, MSG_USERNAME_FORMAT);
    sl_role role = (sl_role)req->role;
    if (role <= ROLE_NONE || role >= ROLE_COUNT)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "role");
    const char *company = NULL;
    if (role == ROLE_SUPERVISOR) {
        if ((st = req_check_id(r, "company_id", req->company_id)) != SL_OK)
            return st;
        /* Guards the write below: a failed query is refused with its own status, not
         * reported as a missing company. */
        st = store_exists(r->st, "SELECT 1 FROM companies WHERE id = ?1", SB(req->company_id));
        if (st == SL_ENOTFOUND)
            return req_fail_code(r, SL_ENOTFOUND, MSG_NO_SUCH_COMPANY);
        if (st != SL_OK)
            return req_fail_code(r, st, MSG_DATABASE_ERROR);
        company = req->company_id;
    } else if (req->company_id && req->company_id[0]) {
        return req_fail_code(r, SL_EINVAL, MSG_ONLY_SUPERVISORS_COMPANY);
    }
    const char *dob = NULL;
    if (req->date_of_birth && req->date_of_birth[0]) {
        sl_date d;
        if (role != ROLE_SUPERVISOR)
            return req_fail_code(r, SL_EINVAL, MSG_DOB_SUPERVISORS_ONLY);
        if (!sl_date_parse(req->date_of_birth, &d) || sl_date_compare(d, r->today) >= 0)
            return req_fail_code(r, SL_EINVAL, MSG_DOB_PAST_FORMAT);
        dob = req->date_of_birth;
    }
    char otp[ONE_TIME_PASSWORD_LEN + 1] = "";
    const char *password = req->password;
    if (!password || !password[0]) {
        auth_random_password(otp, ONE_TIME_PASSWORD_LEN);
        password = otp;
    } else if (strlen(password) < 10) {
        return req_fail_code(r, SL_EINVAL, MSG_PASSWORD_TOO_SHORT);
    }
    char hash[AUTH_HASH_MAX];
    if (!auth_password_hash(password, (int)r->srv->cfg.scrypt_log2_n, hash))
        return req_fail_code(r, SL_EINTERNAL, MSG_CANNOT_HASH_PASSWORD);
    sl_id id = sl_id_new();
    st = store_exec(r->st, NULL,
                    "INSERT INTO users (id, username, display_name, role, password_hash, "
                    "must_change, company_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    SB(id.s), SB(req->username), SB(req->display_name), SB(role_name(role)),
                    SB(hash), SB(otp[0] != '\0'), SB(company), SB(r->now));
    if (st == SL_EEXISTS)
        return req_fail_code(r, st, MSG_USERNAME_TAKEN);
    if (st == SL_OK && dob)
        st = store_exec(r->st, NULL, "UPDATE users SET date_of_birth = ?2 WHERE id = ?1", SB(id.s),
                        SB(dob));
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_CREATE_USER);
    if ((st = req_audit(r, "user.create", "user", id.s, role_name(role))) != SL_OK)
        return st;

    Stagelijn__V1__CreateUserReply *rep = SL_ARENA_NEW(r->arena, Stagelijn__V1__CreateUserReply);
    stagelijn__v1__create_user_reply__init(rep);
    rep->user = SL_ARENA_NEW(r->arena, Stagelijn__V1__User);
    stagelijn__v1__user__init(rep->user);
    rep->user->id = sl_arena_strdup(r->arena, id.s);
    rep->user->username = sl_arena_strdup(r->arena, req->username);
    rep->user->display_name = sl_arena_strdup(r->arena, req->display_name);
    rep->user->role = (Stagelijn__V1__Role)role;
    rep->user->company_id = sl_arena_strdup(r->arena, company);
    rep->one_time_password = sl_arena_strdup(r->arena, otp);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_USER_REPLY;
    out->create_user_reply = rep;
    return SL_OK;
}

sl_status handle_list_users(request *r, const sl_envelope *in, sl_envelope *out)
{
    sl_status rs;
    bool row;
    int role = (int)in->list_users->role;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT id, username, display_name, role, "
                                  "coalesce(company_id, ''), disabled, coalesce((SELECT name "
                                  "FROM companies c WHERE c.id = company_id), '') FROM users "
                                  "WHERE ?1 = '' OR role = ?1 ORDER BY display_name COLLATE nl, "
                                  "username LIMIT ?2",
                                  SB(role ? role_name((sl_role)role) : ""), SB(MAX_LIST + 1));
    if (!q)
        return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    Stagelijn__V1__ListUsersReply *rep = SL_ARENA_NEW(r->arena, Stagelijn__V1__ListUsersReply);
    stagelijn__v1__list_users_reply__init(rep);
    rep->users = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__User *, MAX_LIST + 1);
    while ((rs = store_next(q, &row)) == SL_OK && row)
        rep->users[rep->n_users++] = user_from_row(r, q);
    if (rs != SL_OK)
        return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    rep->n_users = req_list_cap(r, rep->n_users, MAX_LIST);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_USERS_REPLY;
    out->list_users_reply = rep;
    return SL_OK;
}

/* *yes whether the user exists and has the role; the store's error when the query failed. */
static sl_status user_has_role(request *r, const char *user_id, sl_role role, bool *yes)
{
    sqlite3_stmt *q = store_query(r->st, "SELECT role FROM users WHERE id = ?1", SB(user_id));
    sl_status st = store_row(q);
    *yes = false;
    if (st == SL_ENOTFOUND)
        return SL_OK;
    if (st != SL_OK)
        return st;
    *yes = role_parse(store_col(q, 0)) == role;
    store_stmt_done(q);
    return SL_OK;
}

sl_status handle_create_class(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__CreateClassRequest *req = in->create_class;
    sl_status st = req_check_text(r, "name", req->name, true);
    if (st != SL_OK)
        return st;
    if (req->school_year < 2 || req->school_year > 6)
        return req_fail_code(r, SL_EINVAL, MSG_SCHOOL_YEAR_RANGE);
    const char *mentor = NULL;
    if (req->mentor_id && req->mentor_id[0]) {
        if ((st = req_check_id(r, "mentor_id", req->mentor_id)) != SL_OK)
            return st;
        bool mentor_ok;
        if ((st = user_has_role(r, req->mentor_id, ROLE_MENTOR, &mentor_ok)) != SL_OK)
            return req_fail_code(r, st, MSG_DATABASE_ERROR);
        if (!mentor_ok)
            return req_fail_code(r, SL_EINVAL, MSG_MENTOR_NOT_MENTOR);
        mentor = req->mentor_id;
    }
    sl_id id = sl_id_new();
    st = store_exec(r->st, NULL,
                    "INSERT INTO classes (id, name, school_year, mentor_id) VALUES (?1,?2,?3,?4)",
                    SB(id.s), SB(req->name), SB((int)req->school_year), SB(mentor));
    if (st == SL_EEXISTS)
        return req_fail_code(r, st, MSG_CLASS_NAME_TAKEN);
    if (st != SL_OK || (st = req_audit(r, "class.create", "class", id.s, "")) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_CREATE_CLASS);
    Stagelijn__V1__SchoolClass *c = SL_ARENA_NEW(r->arena, Stagelijn__V1__SchoolClass);
    stagelijn__v1__school_class__init(c);
    c->id = sl_arena_strdup(r->arena, id.s);
    c->name = sl_arena_strdup(r->arena, req->name);
    c->school_year = req->school_year;
    c->mentor_id = sl_arena_strdup(r->arena, mentor);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_SCHOOL_CLASS;
    out->school_class = c;
    return SL_OK;
}

sl_status handle_list_classes(request *r, const sl_envelope *in, sl_envelope *out)
{
    sl_status rs;
    bool row;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT id, name, school_year, coalesce(mentor_id, ''), "
                                  "coalesce((SELECT display_name FROM users u WHERE u.id = "
                                  "mentor_id), '') FROM classes ORDER BY name COLLATE nl, id "
                                  "LIMIT ?1",
                                  SB(MAX_LIST + 1));
    if (!q)
        return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    Stagelijn__V1__ListClassesReply *rep = SL_ARENA_NEW(r->arena, Stagelijn__V1__ListClassesReply);
    stagelijn__v1__list_classes_reply__init(rep);
    rep->classes = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__SchoolClass *, MAX_LIST + 1);
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        Stagelijn__V1__SchoolClass *c = SL_ARENA_NEW(r->arena, Stagelijn__V1__SchoolClass);
        stagelijn__v1__school_class__init(c);
        c->id = sl_arena_strdup(r->arena, store_col(q, 0));
        c->name = sl_arena_strdup(r->arena, store_col(q, 1));
        c->school_year = (uint32_t)sqlite3_column_int(q, 2);
        c->mentor_id = sl_arena_strdup(r->arena, store_col(q, 3));
        c->mentor_name = sl_arena_strdup(r->arena, store_col(q, 4));
        rep->classes[rep->n_classes++] = c;
    }
    if (rs != SL_OK)
        return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    rep->n_classes = req_list_cap(r, rep->n_classes, MAX_LIST);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_CLASSES_REPLY;
    out->list_classes_reply = rep;
    return SL_OK;
}

sl_status handle_create_company(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__Company *c = in->create_company->company;
    sl_status st = SL_OK;
    if (!c)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "company");
    if ((st = req_check_text(r, "name", c->name, true)) != SL_OK ||
        (st = req_check_text(r, "address", c->address, false)) != SL_OK ||
        (st = req_check_text(r, "city", c->city, false)) != SL_OK ||
        (st = req_check_text(r, "registration_number", c->registration_number, false)) != SL_OK)
        return st;
    if (c->latitude < -90 || c->latitude > 90 || c->longitude < -180 || c->longitude > 180)
        return req_fail_code(r, SL_EINVAL, MSG_LAT_LON_RANGE);
    if (c->recognised && (!c->registration_number || !c->registration_number[0]))
        return req_fail_code(r, SL_EINVAL, MSG_RECOGNISED_NEEDS_NUMBER);
    if (c->places > 1000 || c->supervision_capacity > 1000)
        return req_fail_code(r, SL_EINVAL, MSG_PLACES_CAPACITY_MAX);
    for (size_t i = 0; i < c->n_sectors; i++)
        if (c->sectors[i] < 1 || c->sectors[i] > 10)
            return req_fail_code(r, SL_EINVAL, MSG_SECTORS_RANGE);
    sl_id id = sl_id_new();
    st = store_exec(r->st, NULL,
                    "INSERT INTO companies (id, name, address, city, latitude, longitude, "
                    "recognised, registration_number, places, supervision_capacity, created_at, "
                    "internal) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
                    SB(id.s), SB(c->name), SB(c->address), SB(c->city), SB(c->latitude),
                    SB(c->longitude), SB((int)c->recognised), SB(c->registration_number),
                    SB((int)c->places), SB((int)c->supervision_capacity), SB(r->now),
                    SB((int)c->internal));
    for (size_t i = 0; st == SL_OK && i < c->n_sectors; i++) {
        st = store_exec(r->st, NULL,
                        "INSERT OR IGNORE INTO company_sectors (company_id, sector_id) "
                        "VALUES (?1, ?2)",
                        SB(id.s), SB((int)c->sectors[i]));
    }
    if (st != SL_OK || (st = req_audit(r, "company.create", "company", id.s, "")) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_CREATE_COMPANY);
    Stagelijn__V1__Company *rc = SL_ARENA_NEW(r->arena, Stagelijn__V1__Company);
    *rc = *c;
    rc->base.unknown_fields = NULL;
    rc->base.n_unknown_fields = 0;
    rc->id = sl_arena_strdup(r->arena, id.s);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_COMPANY;
    out->company = rc;
    return SL_OK;
}

static sl_status company_sectors(request *r, Stagelijn__V1__Company *c)
{
    sl_status rs;
    bool row;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT sector_id FROM company_sectors WHERE company_id = ?1 "
                                  "ORDER BY sector_id",
                                  SB(c->id));
    c->sectors = SL_ARENA_ARRAY(r->arena, uint32_t, 10);
    while ((rs = store_next(q, &row)) == SL_OK && row && c->n_sectors < 10)
        c->sectors[c->n_sectors++] = (uint32_t)sqlite3_column_int(q, 0);
    if (rs != SL_OK)
        return rs;
    store_stmt_done(q);
    return SL_OK;
}

sl_status handle_list_companies(request *r, const sl_envelope *in, sl_envelope *out)
{
    sl_status rs;
    bool row;
    sl_scope scope = r->target.scope;
    sqlite3_stmt *q = store_query(
        r->st,
        "SELECT id, name, address, city, coalesce(latitude, 0), coalesce(longitude, 0), "
        "recognised, registration_number, places, supervision_capacity, internal FROM companies "
        "WHERE ?1 = '' OR id = ?1 ORDER BY name COLLATE nl, id LIMIT ?2",
        SB(scope == SCOPE_COMPANY ? r->who->company_id : ""), SB(MAX_LIST + 1));
    if (!q)
        return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    Stagelijn__V1__ListCompaniesReply *rep =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__ListCompaniesReply);
    stagelijn__v1__list_companies_reply__init(rep);
    rep->companies = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__Company *, MAX_LIST + 1);
    /* Sector lookups use another statement, so collect rows first. */
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        Stagelijn__V1__Company *c = SL_ARENA_NEW(r->arena, Stagelijn__V1__Company);
        stagelijn__v1__company__init(c);
        c->id = sl_arena_strdup(r->arena, store_col(q, 0));
        c->name = sl_arena_strdup(r->arena, store_col(q, 1));
        c->address = sl_arena_strdup(r->arena, store_col(q, 2));
        c->city = sl_arena_strdup(r->arena, store_col(q, 3));
        c->latitude = sqlite3_column_double(q, 4);
        c->longitude = sqlite3_column_double(q, 5);
        c->recognised = sqlite3_column_int(q, 6) != 0;
        c->registration_number = sl_arena_strdup(r->arena, store_col(q, 7));
        c->places = (uint32_t)sqlite3_column_int(q, 8);
        c->supervision_capacity = (uint32_t)sqlite3_column_int(q, 9);
        c->internal = sqlite3_column_int(q, 10) != 0;
        rep->companies[rep->n_companies++] = c;
    }
    if (rs != SL_OK)
        return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    rep->n_companies = req_list_cap(r, rep->n_companies, MAX_LIST);
    for (size_t i = 0; i < rep->n_companies; i++)
        if ((rs = company_sectors(r, rep->companies[i])) != SL_OK)
            return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_COMPANIES_REPLY;
    out->list_companies_reply = rep;
    return SL_OK;
}

static const char *age_band(int age)
{
    if (age <= 12)
        return "12-";
    if (age == 13)
        return "13";
    if (age <= 15)
        return "14-15";
    if (age <= 17)
        return "16-17";
    return "18+";
}

#define STUDENT_COLUMNS                                                                            \
    "SELECT s.id, s.first_name, s.last_name, s.class_id, s.school_year, s.date_of_birth, "         \
    "s.nt2, s.support_need, coalesce(s.user_id, ''), s.name_prefix, coalesce(c.name, "             \
    "''), " SQL_STUDENT_NAME(                                                                      \
        "s") ", coalesce((SELECT username FROM users WHERE id = s.user_id), '') "                  \
             ", coalesce(s.student_number, ''), s.address "                                        \
             "FROM students s LEFT JOIN classes c ON c.id = s.class_id "

/* Builds a Student message; a supervisor or student (not school staff) gets the private
 * fields blanked, keeping only the age band the working-time rules need. */
static Stagelijn__V1__Student *student_from_row(request *r, sqlite3_stmt *q)
{
    Stagelijn__V1__Student *s = SL_ARENA_NEW(r->arena, Stagelijn__V1__Student);
    stagelijn__v1__student__init(s);
    s->id = sl_arena_strdup(r->arena, store_col(q, 0));
    s->first_name = sl_arena_strdup(r->arena, store_col(q, 1));
    s->last_name = sl_arena_strdup(r->arena, store_col(q, 2));
    s->class_id = sl_arena_strdup(r->arena, store_col(q, 3));
    s->school_year = (uint32_t)sqlite3_column_int(q, 4);
    s->name_prefix = sl_arena_strdup(r->arena, store_col(q, 9));
    s->class_name = sl_arena_strdup(r->arena, store_col(q, 10));
    s->full_name = sl_arena_strdup(r->arena, store_col(q, 11));
    sl_date dob;
    if (sl_date_parse(store_col(q, 5), &dob))
        s->age_band = (char *)age_band(sl_age_on(dob, r->today));
    bool staff = role_is_school_staff(r->who->role);
    if (staff) {
        s->date_of_birth = sl_arena_strdup(r->arena, store_col(q, 5));
        s->nt2 = sqlite3_column_int(q, 6) != 0;
        s->support_need = sqlite3_column_int(q, 7) != 0;
        s->user_id = sl_arena_strdup(r->arena, store_col(q, 8));
        s->user_name = sl_arena_strdup(r->arena, store_col(q, 12));
        s->student_number = sl_arena_strdup(r->arena, store_col(q, 13));
        s->address = sl_arena_strdup(r->arena, store_col(q, 14));
    }
    return s;
}

sl_status handle_create_student(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__CreateStudentRequest *req = in->create_student;
    const Stagelijn__V1__Student *s = req->student;
    sl_status st = SL_OK;
    if (!s)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "student");
    if ((st = req_check_text(r, "first_name", s->first_name, true)) != SL_OK ||
        (st = req_check_text(r, "last_name", s->last_name, true)) != SL_OK ||
        (st = req_check_text(r, "name_prefix", s->name_prefix, false)) != SL_OK ||
        (st = req_check_id(r, "class_id", s->class_id)) != SL_OK)
        return st;
    sl_date dob;
    if (!sl_date_parse(s->date_of_birth, &dob))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "date_of_birth");
    if (sl_date_compare(dob, r->today) >= 0)
        return req_fail_code(r, SL_EINVAL, MSG_DATE_OF_BIRTH_PAST);
    sqlite3_stmt *q =
        store_query(r->st, "SELECT school_year FROM classes WHERE id = ?1", SB(s->class_id));
    st = store_row(q);
    if (st != SL_OK)
        return (st == SL_ENOTFOUND ? req_fail_code(r, st, MSG_NO_SUCH_CLASS)
                                   : req_fail_code(r, st, MSG_DATABASE_ERROR));
    uint32_t year = s->school_year ? s->school_year : (uint32_t)sqlite3_column_int(q, 0);
    store_stmt_done(q);
    if (year < 2 || year > 6)
        return req_fail_code(r, SL_EINVAL, MSG_SCHOOL_YEAR_RANGE);

    const char *user_id = NULL;
    sl_id uid;
    char otp[ONE_TIME_PASSWORD_LEN + 1] = "";
    if (req->username && req->username[0]) {
        if (!username_valid(req->username))
            return req_fail_code(r, SL_EINVAL, MSG_USERNAME_FORMAT_SHORT);
        char hash[AUTH_HASH_MAX], name[256];
        auth_random_password(otp, ONE_TIME_PASSWORD_LEN);
        if (!auth_password_hash(otp, (int)r->srv->cfg.scrypt_log2_n, hash))
            return req_fail_code(r, SL_EINTERNAL, MSG_CANNOT_HASH_PASSWORD);
        bool prefixed = s->name_prefix && s->name_prefix[0];
        snprintf(name, sizeof name, "%s %s%s%s", s->first_name, prefixed ? s->name_prefix : "",
                 prefixed ? " " : "", s->last_name);
        uid = sl_id_new();
        st = store_exec(r->st, NULL,
                        "INSERT INTO users (id, username, display_name, role, password_hash, "
                        "must_change, created_at) VALUES (?1, ?2, ?3, 'student', ?4, 1, ?5)",
                        SB(uid.s), SB(req->username), SB(name), SB(hash), SB(r->now));
        if (st == SL_EEXISTS)
            return req_fail_code(r, st, MSG_USERNAME_TAKEN);
        if (st != SL_OK)
            return req_fail_code(r, st, MSG_CANNOT_CREATE_STUDENT_LOGIN);
        user_id = uid.s;
    }
    sl_id id = sl_id_new();
    const student_row row = {.id = id.s,
                             .first_name = s->first_name,
                             .name_prefix = s->name_prefix,
                             .last_name = s->last_name,
                             .class_id = s->class_id,
                             .date_of_birth = s->date_of_birth,
                             .user_id = user_id,
                             .school_year = (int)year,
                             .nt2 = s->nt2,
                             .support_need = s->support_need};
    st = students_insert(r->st, &row, r->now);
    if (st != SL_OK || (st = req_audit(r, "student.create", "student", id.s, "")) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_CREATE_STUDENT);
    q = store_query(r->st, STUDENT_COLUMNS "WHERE s.id = ?1", SB(id.s));
    st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_STUDENT_VANISHED);
    Stagelijn__V1__CreateStudentReply *rep =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__CreateStudentReply);
    stagelijn__v1__create_student_reply__init(rep);
    rep->student = student_from_row(r, q);
    store_stmt_done(q);
    rep->one_time_password = sl_arena_strdup(r->arena, otp);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_STUDENT_REPLY;
    out->create_student_reply = rep;
    return SL_OK;
}

sl_status handle_get_student(request *r, const sl_envelope *in, sl_envelope *out)
{
    const char *id = in->get_student->id;
    sl_status st = SL_OK;
    sqlite3_stmt *q = store_query(r->st, STUDENT_COLUMNS "WHERE s.id = ?1", SB(id));
    st = store_row(q);
    if (st != SL_OK)
        return (st == SL_ENOTFOUND ? req_fail_code(r, st, MSG_NO_SUCH_STUDENT)
                                   : req_fail_code(r, st, MSG_DATABASE_ERROR));
    out->student = student_from_row(r, q);
    store_stmt_done(q);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_STUDENT;
    return SL_OK;
}

sl_status handle_list_students(request *r, const sl_envelope *in, sl_envelope *out)
{
    sl_status rs;
    bool row;
    const Stagelijn__V1__ListStudentsRequest *req = in->list_students;
    sl_scope scope = r->target.scope;
    /* The scope narrows the query; the filters narrow it further. */
    sqlite3_stmt *q = store_query(
        r->st,
        STUDENT_COLUMNS
        "WHERE (?1 = '' OR s.class_id = ?1)"
        " AND (?2 = '' OR s.id IN (SELECT student_id FROM placements WHERE company_id = ?2))"
        " AND (?3 <> 'class' OR s.class_id IN (SELECT id FROM classes WHERE mentor_id = ?4))"
        " AND (?3 <> 'company' OR s.id IN (SELECT student_id FROM placements WHERE "
        "      company_id = ?5 AND " SQL_PLACEMENT_VISIBLE_TO_COMPANY(
            "", "?7") "))"
                      " AND (?3 <> 'self' OR s.user_id = ?4)"
                      " ORDER BY " SQL_STUDENT_ORDER("s") " LIMIT ?6",
        SB(req->class_id ? req->class_id : ""), SB(req->company_id ? req->company_id : ""),
        SB(scope_word(scope)), SB(r->who->user_id), SB(r->who->company_id), SB(MAX_LIST + 1),
        SB(r->now));
    if (!q)
        return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    Stagelijn__V1__ListStudentsReply *rep =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__ListStudentsReply);
    stagelijn__v1__list_students_reply__init(rep);
    rep->students = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__Student *, MAX_LIST + 1);
    while ((rs = store_next(q, &row)) == SL_OK && row)
        rep->students[rep->n_students++] = student_from_row(r, q);
    if (rs != SL_OK)
        return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    rep->n_students = req_list_cap(r, rep->n_students, MAX_LIST);
    rep->cut = r->list_cap != 0;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_STUDENTS_REPLY;
    out->list_students_reply = rep;
    return SL_OK;
}
