#include "target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sl_status denied(request *r, sl_op op)
{
    return req_fail_code(r, SL_EPERM, MSG_ROLE_MAY_NOT, role_name(r->who->role), op_name(op));
}

static void copy_col(char *dst, size_t n, sqlite3_stmt *st, int col)
{
    const unsigned char *v = sqlite3_column_text(st, col);
    snprintf(dst, n, "%s", v ? (const char *)v : "");
}

/* A supervisor sees a student while the student has a placement at his/her company that is
 * not finished, or that finished less than 90 days ago (time to complete the end assessment).
 * Afterwards the company's access ends: the data are about a minor. */
/* Both answer through *yes; a failed query is the store's error, never "no" (which would
 * turn a database fault into a refusal). */
static sl_status student_at_company(request *r, const char *student_id, const char *company_id,
                                    bool *yes)
{
    *yes = false;
    if (!company_id[0])
        return SL_OK;
    sl_status st =
        store_exists(r->st,
                     "SELECT 1 FROM placements WHERE student_id = ?1 AND "
                     "company_id = ?2 AND " SQL_PLACEMENT_VISIBLE_TO_COMPANY("", "?3") " LIMIT 1",
                     SB(student_id), SB(company_id), SB(r->now));
    *yes = st == SL_OK;
    return st == SL_ENOTFOUND ? SL_OK : st;
}

/* ---------------------------------------------------------------- facts of students, kept
 * A repeated read of the same student asked the database again for the student's class and
 * login (and whether the caller mentors that class) before its row. These facts change only
 * when a student or class row is updated or deleted: the store's update hook raises
 * srv->facts_epoch then, and again when that change is committed (server.c, batch.c), like
 * the session epoch. Only reads from the read store's committed snapshot use and fill the
 * cache, so a connection that reads its own uncommitted writes (on the write store) never
 * sees facts from before them. Whether the student is placed at the caller's company depends
 * on the time and is always asked. Direct-mapped by the student's id: a collision costs one
 * query, never a wrong answer (the id is compared). */
#define FACTS_SLOTS 1024

typedef struct {
    uint64_t epoch; /* srv->facts_epoch + 1 when filled; 0: empty */
    student_facts f;
    char mentor_of[SL_ID_LEN + 1]; /* the user whose mentorship of f.class_id is known */
    bool mentors;
} facts_slot;

struct facts_cache {
    facts_slot slot[FACTS_SLOTS];
};

void target_cache_free(sl_server *srv)
{
    free(srv->facts_cache);
    srv->facts_cache = NULL;
}

/* The slot for `student_id` when this request may use the cache (a read on the read store),
 * else NULL. The slot may hold another student or be stale: see slot_valid(). */
static facts_slot *cache_slot(request *r, const char *student_id)
{
    sl_server *srv = r->srv;
    if (!srv || r->st != srv->reader)
        return NULL;
    if (!srv->facts_cache && !(srv->facts_cache = calloc(1, sizeof *srv->facts_cache)))
        return NULL;          /* no memory: ask the database, as without a cache */
    uint32_t h = 2166136261u; /* FNV-1a */
    for (const char *p = student_id; *p; p++)
        h = (h ^ (uint8_t)*p) * 16777619u;
    return &srv->facts_cache->slot[h % FACTS_SLOTS];
}

static bool slot_valid(const request *r, const facts_slot *s, const char *student_id)
{
    return s && s->epoch == r->srv->facts_epoch + 1 && strcmp(s->f.id, student_id) == 0;
}

static sl_status mentors_class(request *r, const char *class_id, bool *yes)
{
    sl_status st = store_exists(r->st, "SELECT 1 FROM classes WHERE id = ?1 AND mentor_id = ?2",
                                SB(class_id), SB(r->who->user_id));
    *yes = st == SL_OK;
    return st == SL_ENOTFOUND ? SL_OK : st;
}

/* mentors_class() for the student's class, answered from the student's slot when it knows
 * this caller. */
static sl_status mentors_student_class(request *r, facts_slot *s, const student_facts *f, bool *yes)
{
    if (s && strcmp(s->mentor_of, r->who->user_id) == 0) {
        *yes = s->mentors;
        return SL_OK;
    }
    sl_status st = mentors_class(r, f->class_id, yes);
    if (st == SL_OK && s) {
        snprintf(s->mentor_of, sizeof s->mentor_of, "%s", r->who->user_id);
        s->mentors = *yes;
    }
    return st;
}

/* The student's id, class and login into *f, from the slot or the database (then kept in the
 * slot). SL_ENOTFOUND, or the store's error; *s is set to NULL when it may not be used. */
static sl_status student_facts_of(request *r, const char *student_id, student_facts *f,
                                  facts_slot **s)
{
    if (slot_valid(r, *s, student_id)) {
        *f = (*s)->f;
        return SL_OK;
    }
    sqlite3_stmt *q =
        store_query(r->st, "SELECT id, class_id, coalesce(user_id, '') FROM students WHERE id = ?1",
                    SB(student_id));
    sl_status st = store_row(q);
    if (st != SL_OK) {
        *s = NULL;
        return st;
    }
    copy_col(f->id, sizeof f->id, q, 0);
    copy_col(f->class_id, sizeof f->class_id, q, 1);
    copy_col(f->user_id, sizeof f->user_id, q, 2);
    store_stmt_done(q);
    if (*s) {
        (*s)->epoch = r->srv->facts_epoch + 1;
        (*s)->f = *f;
        (*s)->mentor_of[0] = '\0';
    }
    return SL_OK;
}

sl_status authorize_student(request *r, sl_op op, const char *student_id, student_facts *f)
{
    student_facts local;
    if (!f)
        f = &local;
    sl_status st = req_check_id(r, "student_id", student_id);
    if (st != SL_OK)
        return st;
    facts_slot *slot = cache_slot(r, student_id);
    st = student_facts_of(r, student_id, f, &slot);
    if (st == SL_ENOTFOUND)
        return req_fail_code(r, SL_ENOTFOUND, MSG_NO_SUCH_STUDENT);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);

    policy_target t = {0};
    switch (policy_scope(r->who->role, op)) {
    case SCOPE_SELF:
        t.is_self = f->user_id[0] && strcmp(f->user_id, r->who->user_id) == 0;
        break;
    case SCOPE_CLASS:
        st = mentors_student_class(r, slot, f, &t.in_mentor_class);
        break;
    case SCOPE_COMPANY:
        st = student_at_company(r, f->id, r->who->company_id, &t.at_own_company);
        break;
    default:
        break;
    }
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    return policy_check(r->who, op, &t) == SL_OK ? SL_OK : denied(r, op);
}

sl_status authorize_placement(request *r, sl_op op, const char *placement_id, placement_facts *f)
{
    placement_facts local;
    if (!f)
        f = &local;
    sl_status st = req_check_id(r, "placement_id", placement_id);
    if (st != SL_OK)
        return st;
    sqlite3_stmt *q =
        store_query(r->st,
                    "SELECT p.id, p.student_id, p.company_id, s.class_id, p.status, "
                    "coalesce(s.user_id, ''), " SQL_PLACEMENT_VISIBLE_TO_COMPANY(
                        "p.", "?2") ", p.start_date, p.end_date FROM placements p "
                                    "JOIN students s ON s.id = p.student_id WHERE p.id = ?1",
                    SB(placement_id), SB(r->now));
    st = store_row(q);
    if (st == SL_ENOTFOUND)
        return req_fail_code(r, SL_ENOTFOUND, MSG_NO_SUCH_PLACEMENT);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    char student_user[SL_ID_LEN + 1];
    copy_col(f->id, sizeof f->id, q, 0);
    copy_col(f->student_id, sizeof f->student_id, q, 1);
    copy_col(f->company_id, sizeof f->company_id, q, 2);
    copy_col(f->class_id, sizeof f->class_id, q, 3);
    f->status = sqlite3_column_int(q, 4);
    copy_col(student_user, sizeof student_user, q, 5);
    bool current = sqlite3_column_int(q, 6) != 0;
    copy_col(f->start_date, sizeof f->start_date, q, 7);
    copy_col(f->end_date, sizeof f->end_date, q, 8);
    store_stmt_done(q);

    policy_target t = {0};
    switch (policy_scope(r->who->role, op)) {
    case SCOPE_SELF:
        t.is_self = student_user[0] && strcmp(student_user, r->who->user_id) == 0;
        break;
    case SCOPE_CLASS:
        if ((st = mentors_class(r, f->class_id, &t.in_mentor_class)) != SL_OK)
            return req_fail_code(r, st, MSG_DATABASE_ERROR);
        break;
    case SCOPE_COMPANY:
        /* The same window as for student records: the company keeps access while the
         * placement runs and for 90 days after it ended (the end assessment). */
        t.at_own_company = current && strcmp(f->company_id, r->who->company_id) == 0;
        break;
    default:
        break;
    }
    return policy_check(r->who, op, &t) == SL_OK ? SL_OK : denied(r, op);
}

sl_status authorize_global(request *r, sl_op op)
{
    return policy_check(r->who, op, NULL) == SL_OK ? SL_OK : denied(r, op);
}

sl_status authorize_list(request *r, sl_op op, sl_scope *scope)
{
    *scope = policy_scope(r->who->role, op);
    return *scope == SCOPE_DENY ? denied(r, op) : SL_OK;
}

sl_status authorize_self(request *r, sl_op op)
{
    policy_target self = {.is_self = true};
    return policy_check(r->who, op, &self) == SL_OK ? SL_OK : denied(r, op);
}

sl_status authorize_class(request *r, sl_op op, const char *class_id)
{
    sl_status st = req_check_id(r, "class_id", class_id);
    if (st != SL_OK)
        return st;
    sqlite3_stmt *q = store_query(
        r->st, "SELECT coalesce(mentor_id, '') FROM classes WHERE id = ?1", SB(class_id));
    st = store_row(q);
    if (st == SL_ENOTFOUND)
        return req_fail_code(r, SL_ENOTFOUND, MSG_NO_SUCH_CLASS);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    policy_target t = {0};
    /* A class without a mentor is nobody's class: never a match on an empty id. */
    const char *mentor = store_col(q, 0);
    t.in_mentor_class = mentor[0] && r->who->user_id[0] && strcmp(mentor, r->who->user_id) == 0;
    store_stmt_done(q);
    return policy_check(r->who, op, &t) == SL_OK ? SL_OK : denied(r, op);
}

sl_status authorize_agenda_week(request *r, sl_op op, const char *week_id, placement_facts *f)
{
    sl_status st = req_check_id(r, "agenda_week_id", week_id);
    if (st != SL_OK)
        return st;
    sqlite3_stmt *q =
        store_query(r->st, "SELECT placement_id FROM agenda_weeks WHERE id = ?1", SB(week_id));
    st = store_row(q);
    if (st == SL_ENOTFOUND)
        return req_fail_code(r, SL_ENOTFOUND, MSG_NO_SUCH_AGENDA_WEEK);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    char placement_id[SL_ID_LEN + 1];
    copy_col(placement_id, sizeof placement_id, q, 0);
    store_stmt_done(q);
    return authorize_placement(r, op, placement_id, f);
}

/* kioskoff: the intern a company-bound kiosk vouches for (it checked the PIN offline) becomes
 * the caller, when the intern's enabled student login has a placement at the device's company
 * that is signed or running (the handler checks the day). Everyone else is refused the same
 * way, so the answer does not tell who exists. The op is then checked as the intern's own. */
static sl_status authorize_kiosk_intern(request *r, sl_op op, const char *username,
                                        student_facts *f)
{
    if (!r->c || !r->c->is_device || !r->c->device_company[0])
        return req_fail_code(r, SL_EPERM, MSG_PIN_KIOSK_ONLY);
    sl_status st = req_check_text(r, "username", username, true);
    if (st != SL_OK)
        return st;
    sqlite3_stmt *q = store_query(
        r->st,
        "SELECT s.id, s.class_id, u.id FROM users u JOIN students s ON s.user_id = u.id "
        "WHERE u.username = ?1 AND u.disabled = 0 AND u.role = 'student' AND EXISTS (SELECT 1 "
        "FROM placements p WHERE p.student_id = s.id AND p.company_id = ?2 AND p.status IN "
        "(?3, ?4))",
        SB(username), SB(r->c->device_company),
        SB((int)STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_SIGNED),
        SB((int)STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE));
    st = store_row(q);
    if (st == SL_ENOTFOUND)
        return req_fail_code(r, SL_EPERM, MSG_KIOSK_OWN_COMPANY);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    copy_col(f->id, sizeof f->id, q, 0);
    copy_col(f->class_id, sizeof f->class_id, q, 1);
    copy_col(f->user_id, sizeof f->user_id, q, 2);
    store_stmt_done(q);
    memset(&r->vouched, 0, sizeof r->vouched);
    r->vouched.role = ROLE_STUDENT;
    snprintf(r->vouched.user_id, sizeof r->vouched.user_id, "%s", f->user_id);
    r->who = &r->vouched;
    policy_target t = {.is_self = true};
    return policy_check(r->who, op, &t) == SL_OK ? SL_OK : denied(r, op);
}

sl_status authorize_request(request *r, const request_def *def, const sl_envelope *in)
{
    target_facts *t = &r->target;
    const char *id = def->target_field ? request_target_id(def, in) : NULL;
    if (def->target_field && !id)
        return req_fail(r, SL_EINTERNAL, "request table: bad target field %s", def->target_field);
    if (id)
        snprintf(t->id, sizeof t->id, "%s", id);
    switch (def->target) {
    case TARGET_NONE:
        return SL_OK;
    case TARGET_SELF:
        return authorize_self(r, def->op);
    case TARGET_GLOBAL:
        return authorize_global(r, def->op);
    case TARGET_LIST:
        return authorize_list(r, def->op, &t->scope);
    case TARGET_STUDENT:
        return authorize_student(r, def->op, id, &t->student);
    case TARGET_PLACEMENT:
        return authorize_placement(r, def->op, id, &t->placement);
    case TARGET_AGENDA_WEEK:
        return authorize_agenda_week(r, def->op, id, &t->placement);
    case TARGET_CLASS:
        return authorize_class(r, def->op, id);
    case TARGET_KIOSK_INTERN:
        return authorize_kiosk_intern(r, def->op, id, &t->student);
    }
    return req_fail(r, SL_EINTERNAL, "request table: unknown target kind");
}
