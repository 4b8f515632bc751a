/* The group internship (groepsstage, plan 2.2 oriëntatiefase and 3.4 uitval): sessions at
 * external locations per day part, the enrolment of year-3 students and of students who
 * dropped out, the reflection interviews and the joint decision to move on.
 *
 * Decisions where the plan leaves room:
 * - Capacity: the plan fixes "5 per dagdeel"; a session may have fewer places (a smaller
 *   location) but never more: 0 means 5, 6 or more is refused.
 * - Who may enrol: year-3 students (the plan's group internship), and students of years 3
 *   to 5 after a recorded dropout (the shelter); anyone else is refused (GROUP_NOT_ELIGIBLE).
 *   A year-4/5 dropout outside Thursday/Friday is enrolled with a warning.
 * - Sessions are planned for today or later; enrolment in a past session is refused. */
#include <stdio.h>
#include <string.h>

#include "events.h"
#include "collate.h"
#include "factdate.h"
#include "handlers.h"
#include "names.h"
#include "placement_rules.h"
#include "rules.h"
#include "target.h"
#include "timeutil.h"

#define MAX_SESSIONS 2000
#define MAX_RANGE_DAYS 366
#define DEFAULT_RANGE_DAYS 28
#define MAX_PER_SESSION 64 /* capacity is at most 5; old rows may not exceed this either */
#define MAX_LOCATION 200

static bool one_line(const char *s)
{
    return !s || !strchr(s, '\n');
}

/* Loads one session with its enrolled students into *out (arena-owned): SL_ENOTFOUND when
 * there is no such session, the store's error when a query failed. */
/* Loads a session with its enrolled students; with `mentor` (a user id, or "" for all) only
 * the students of that mentor's classes: a mentor answers for his/her class, not for the
 * other students in the same session. */
static sl_status session_load(request *r, const char *id, const char *mentor,
                              Stagelijn__V1__GroupSession **out)
{
    sl_status rs;
    bool row;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT id, location, address, date, day_part, capacity, "
                                  "coalesce(coach_id, ''), coalesce((SELECT display_name FROM "
                                  "users WHERE id = coach_id), '') FROM group_sessions WHERE "
                                  "id = ?1",
                                  SB(id));
    if ((rs = store_row(q)) != SL_OK)
        return rs;
    Stagelijn__V1__GroupSession *g = SL_ARENA_NEW(r->arena, Stagelijn__V1__GroupSession);
    stagelijn__v1__group_session__init(g);
    g->id = sl_arena_strdup(r->arena, store_col(q, 0));
    g->location = sl_arena_strdup(r->arena, store_col(q, 1));
    g->address = sl_arena_strdup(r->arena, store_col(q, 2));
    g->date = sl_arena_strdup(r->arena, store_col(q, 3));
    g->day_part = (Stagelijn__V1__DayPart)sqlite3_column_int(q, 4);
    g->capacity = (uint32_t)sqlite3_column_int(q, 5);
    g->coach_id = sl_arena_strdup(r->arena, store_col(q, 6));
    g->coach_name = sl_arena_strdup(r->arena, store_col(q, 7));
    store_stmt_done(q);
    /* Enrolment order (first come, first served), with the names for people. */
    q = store_query(r->st,
                    "SELECT e.student_id, " SQL_STUDENT_NAME(
                        "s") " FROM group_enrolments e JOIN students s ON s.id = e.student_id "
                             "WHERE e.group_session_id = ?1 AND (?3 = '' OR s.class_id IN "
                             "(SELECT id FROM classes WHERE mentor_id = ?3)) ORDER BY "
                             "e.created_at, e.student_id LIMIT ?2",
                    SB(id), SB(MAX_PER_SESSION), SB(mentor));
    g->student_ids = SL_ARENA_ARRAY(r->arena, char *, MAX_PER_SESSION);
    g->student_names = SL_ARENA_ARRAY(r->arena, char *, MAX_PER_SESSION);
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        g->student_ids[g->n_student_ids++] = sl_arena_strdup(r->arena, store_col(q, 0));
        g->student_names[g->n_student_names++] = sl_arena_strdup(r->arena, store_col(q, 1));
    }
    if (rs != SL_OK)
        return rs;
    store_stmt_done(q);
    *out = g;
    return SL_OK;
}

static sl_status reply_session(request *r, const char *id, sl_envelope *out,
                               Stagelijn__V1__GroupSession **loaded)
{
    Stagelijn__V1__GroupSession *g;
    sl_status st = session_load(r, id, "", &g);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_GROUP_SESSION_VANISHED);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_GROUP_SESSION;
    out->group_session = g;
    if (loaded)
        *loaded = g;
    return SL_OK;
}

static const char *daypart_word(int dp)
{
    return dp == STAGELIJN__V1__DAY_PART__DAYPART_MORNING ? "morning" : "afternoon";
}

/* ---------------------------------------------------------------- sessions */

sl_status handle_create_group_session(request *r, const sl_envelope *in, sl_envelope *out)
{
    sl_status st = SL_OK;
    const Stagelijn__V1__GroupSession *g = in->create_group_session->session;
    if (!g)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "session");
    if ((st = req_check_text(r, "location", g->location, true)) != SL_OK ||
        (st = req_check_text(r, "address", g->address, false)) != SL_OK)
        return st;
    if (strlen(g->location) > MAX_LOCATION || !one_line(g->location) || !one_line(g->address))
        return req_fail_code(r, SL_EINVAL, MSG_LOCATION_ONE_LINE);
    sl_date day;
    if (!sl_date_parse(g->date, &day))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "date");
    if (sl_date_compare(day, r->today) < 0)
        return req_fail_code(r, SL_EINVAL, MSG_SESSION_TODAY_OR_LATER);
    if (g->day_part != STAGELIJN__V1__DAY_PART__DAYPART_MORNING &&
        g->day_part != STAGELIJN__V1__DAY_PART__DAYPART_AFTERNOON)
        return req_fail_code(r, SL_EINVAL, MSG_DAY_PART_VALUES);
    if (g->capacity > RULES_GROUP_CAPACITY_DEFAULT)
        return req_fail_code(r, SL_EINVAL, MSG_GROUP_CAPACITY_MAX, RULES_GROUP_CAPACITY_DEFAULT,
                             RULES_GROUP_CAPACITY_DEFAULT);
    if (g->n_student_ids)
        return req_fail_code(r, SL_EINVAL, MSG_ENROL_ONE_BY_ONE);
    int cap = g->capacity ? (int)g->capacity : RULES_GROUP_CAPACITY_DEFAULT;
    sl_id id = sl_id_new();
    st = store_exec(r->st, NULL,
                    "INSERT INTO group_sessions (id, location, address, date, day_part, "
                    "capacity, coach_id) VALUES (?1,?2,?3,?4,?5,?6,?7)",
                    SB(id.s), SB(g->location), SB(g->address ? g->address : ""), SB(g->date),
                    SB((int)g->day_part), SB(cap), SB(r->who->user_id));
    if (st == SL_EEXISTS)
        return req_fail_code(r, st, MSG_GROUP_SESSION_EXISTS, g->location,
                             daypart_word((int)g->day_part), g->date);
    if (st != SL_OK ||
        (st = req_audit(r, "group_session.create", "group_session", id.s, g->date)) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_CREATE_THE_SESSION);
    return reply_session(r, id.s, out, NULL);
}

sl_status handle_list_group_sessions(request *r, const sl_envelope *in, sl_envelope *out)
{
    sl_status rs;
    bool row;
    sl_scope scope = r->target.scope;
    sl_status st = SL_OK;
    /* Sessions name their students: staff see every student, a mentor every session but
     * only the students of his/her class (policy: group.read). */
    if (scope != SCOPE_ALL && scope != SCOPE_CLASS)
        return req_fail_code(r, SL_EPERM, MSG_ROLE_MAY_NOT_READ_GROUP, role_name(r->who->role));
    const Stagelijn__V1__ListGroupSessionsRequest *req = in->list_group_sessions;
    sl_date from, to;
    bool has_from = req->from_date && req->from_date[0];
    bool has_to = req->to_date && req->to_date[0];
    if (has_from && !sl_date_parse(req->from_date, &from))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "from_date");
    if (has_to && !sl_date_parse(req->to_date, &to))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "to_date");
    if (!has_from)
        from = has_to ? sl_date_from_days(sl_date_to_days(to) - DEFAULT_RANGE_DAYS) : r->today;
    if (!has_to)
        to = sl_date_from_days(sl_date_to_days(from) + DEFAULT_RANGE_DAYS);
    int64_t span = sl_date_to_days(to) - sl_date_to_days(from);
    if (span < 0)
        return req_fail_code(r, SL_EINVAL, MSG_TO_BEFORE_FROM);
    if (span >= MAX_RANGE_DAYS)
        return req_fail_code(r, SL_EINVAL, MSG_DAYS_AT_ONCE, MAX_RANGE_DAYS);
    char a[11], b[11];
    sl_date_format(from, a);
    sl_date_format(to, b);
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT id FROM group_sessions WHERE date >= ?1 AND date <= ?2 "
                                  "ORDER BY date, day_part, location LIMIT ?3",
                                  SB(a), SB(b), SB(MAX_SESSIONS + 1));
    if (!q)
        return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    char **ids = SL_ARENA_ARRAY(r->arena, char *, MAX_SESSIONS + 1);
    size_t n = 0;
    while ((rs = store_next(q, &row)) == SL_OK && row)
        ids[n++] = sl_arena_strdup(r->arena, store_col(q, 0));
    if (rs != SL_OK)
        return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    n = req_list_cap(r, n, MAX_SESSIONS);
    Stagelijn__V1__ListGroupSessionsReply *rep =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__ListGroupSessionsReply);
    stagelijn__v1__list_group_sessions_reply__init(rep);
    rep->sessions = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__GroupSession *, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        Stagelijn__V1__GroupSession *g;
        if ((st = session_load(r, ids[i], r->target.scope == SCOPE_CLASS ? r->who->user_id : "",
                               &g)) == SL_OK)
            rep->sessions[rep->n_sessions++] = g;
        else if (st != SL_ENOTFOUND)
            return req_fail_code(r, st, MSG_DATABASE_ERROR);
    }
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_GROUP_SESSIONS_REPLY;
    out->list_group_sessions_reply = rep;
    return SL_OK;
}

/* ---------------------------------------------------------------- enrolment */

/* A session being enrolled in, and the student's facts the rules need. */
typedef struct {
    const Stagelijn__V1__EnrolGroupSessionRequest *req;
    const student_facts *student;
    char date[11];
    sl_date day;
    int day_part, capacity, enrolled;
    int year; /* the student's school year */
} enrolment;

/* The session's date, day part and capacity; not in the past. */
static sl_status load_session(request *r, enrolment *e)
{
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT date, day_part, capacity FROM group_sessions "
                                  "WHERE id = ?1",
                                  SB(e->req->group_session_id));
    /* Only "no row" is the client's problem; a failed query keeps its own status. */
    sl_status found = store_row(q);
    if (found == SL_ENOTFOUND)
        return req_fail_code(r, SL_ENOTFOUND, MSG_NO_SUCH_GROUP_SESSION);
    if (found != SL_OK)
        return req_fail_code(r, found, MSG_DATABASE_ERROR);
    snprintf(e->date, sizeof e->date, "%s", store_col(q, 0));
    e->day_part = sqlite3_column_int(q, 1);
    e->capacity = sqlite3_column_int(q, 2);
    store_stmt_done(q);
    if (!sl_date_parse(e->date, &e->day))
        return req_fail_code(r, SL_EINTERNAL, MSG_STORED_SESSION_DATE_UNREADABLE);
    if (sl_date_compare(e->day, r->today) < 0)
        return req_fail_code(r, SL_EPRECOND, MSG_SESSION_IN_PAST);
    return SL_OK;
}

/* Year 3, or years 4 and 5 after a recorded dropout. */
static sl_status check_eligible(request *r, enrolment *e)
{
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT s.school_year, EXISTS (SELECT 1 FROM dropouts d WHERE "
                                  "d.student_id = s.id) FROM students s WHERE s.id = ?1",
                                  SB(e->student->id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_STUDENT_VANISHED);
    e->year = sqlite3_column_int(q, 0);
    bool dropped_out = sqlite3_column_int(q, 1) != 0;
    store_stmt_done(q);
    bool after_dropout = e->req->after_dropout;
    if (after_dropout && !dropped_out) {
        req_violation(r, "GROUP_NO_DROPOUT", "no dropout is recorded for this student", false);
        return req_fail_code(r, SL_EPRECOND, MSG_ENROL_NEEDS_DROPOUT);
    }
    if (!(e->year == 3 || (after_dropout && (e->year == 4 || e->year == 5)))) {
        req_violation(r, "GROUP_NOT_ELIGIBLE",
                      "the group internship is for year-3 students and for students of years "
                      "3 to 5 after a dropout",
                      false);
        return req_fail_code(r, SL_EPRECOND, MSG_CANNOT_JOIN_GROUP);
    }
    return SL_OK;
}

/* Not in this session yet, nor in another one of the same day part; counts the enrolled. */
static sl_status check_free(request *r, enrolment *e)
{
    const char *sid = e->student->id, *gid = e->req->group_session_id;
    sl_status st = store_exists(r->st,
                                "SELECT 1 FROM group_enrolments WHERE group_session_id = ?1 AND "
                                "student_id = ?2",
                                SB(gid), SB(sid));
    if (st == SL_OK)
        return req_fail_code(r, SL_EEXISTS, MSG_ENROLLED_ALREADY);
    if (st != SL_ENOTFOUND)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    st = store_exists(r->st,
                      "SELECT 1 FROM group_enrolments e JOIN group_sessions g ON "
                      "g.id = e.group_session_id WHERE e.student_id = ?1 AND g.date = ?2 AND "
                      "g.day_part = ?3 LIMIT 1",
                      SB(sid), SB(e->date), SB(e->day_part));
    if (st == SL_OK) {
        req_violation(r, "GROUP_DOUBLE_BOOKED",
                      "the student is in another group session in this day part", false);
        return req_fail_code(r, SL_EPRECOND, MSG_BOOKED_ELSEWHERE, e->date,
                             daypart_word(e->day_part));
    }
    if (st != SL_ENOTFOUND)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    sqlite3_stmt *q = store_query(
        r->st, "SELECT count(*) FROM group_enrolments WHERE group_session_id = ?1", SB(gid));
    /* An aggregate always has its row: its absence is the server's fault too. */
    if ((st = store_row(q)) != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_DATABASE_ERROR);
    e->enrolled = sqlite3_column_int(q, 0);
    store_stmt_done(q);
    return SL_OK;
}

/* The rules on the enrolment into *rep: SL_EPRECOND (answered) when they refuse it. */
static sl_status check_rules(request *r, const enrolment *e, rule_report *rep)
{
    rules_group_enrolment g = {
        .date = rules_date_of(e->day),
        .daypart = e->day_part == STAGELIJN__V1__DAY_PART__DAYPART_MORNING
                       ? RULES_DAYPART_MORNING
                       : RULES_DAYPART_AFTERNOON,
        .already_enrolled = e->enrolled,
        .capacity = e->capacity,
        .school_year = e->year,
        .after_dropout = e->req->after_dropout,
    };
    rules_report_init(rep);
    rules_check_group_enrolment(&g, rep);
    if (rules_report_has_errors(rep)) {
        req_violations_from_report(r, rep, true);
        return req_fail_code(r, SL_EPRECOND, MSG_GROUP_CANNOT_TAKE);
    }
    return SL_OK;
}

/* The enrolment with its audit row; the warnings go into the audit row, so that the choice
 * is on record. */
static sl_status save_enrolment(request *r, const enrolment *e, const rule_report *rep)
{
    char details[512] = "";
    size_t used = 0;
    bool after_dropout = e->req->after_dropout;
    used += (size_t)snprintf(details, sizeof details, "%s", after_dropout ? "after_dropout" : "");
    for (int i = 0; i < rep->count && used < sizeof details; i++)
        used += (size_t)snprintf(details + used, sizeof details - used, "%swarning %s",
                                 used ? "; " : "", rep->items[i].id);
    sl_status st = store_exec(r->st, NULL,
                              "INSERT INTO group_enrolments (group_session_id, student_id, "
                              "after_dropout, created_at) VALUES (?1, ?2, ?3, ?4)",
                              SB(e->req->group_session_id), SB(e->student->id),
                              SB(after_dropout ? 1 : 0), SB(r->now));
    if (st != SL_OK || (st = req_audit(r, "group_session.enrol", "group_session",
                                       e->req->group_session_id, details)) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_ENROL_THE_STUDENT);
    return SL_OK;
}

sl_status handle_enrol_group_session(request *r, const sl_envelope *in, sl_envelope *out)
{
    enrolment e = {.req = in->enrol_group_session, .student = &r->target.student};
    rule_report rep;
    sl_status st;
    if ((st = req_check_id(r, "group_session_id", e.req->group_session_id)) != SL_OK ||
        (st = load_session(r, &e)) != SL_OK || (st = check_eligible(r, &e)) != SL_OK ||
        (st = check_free(r, &e)) != SL_OK || (st = check_rules(r, &e, &rep)) != SL_OK ||
        (st = save_enrolment(r, &e, &rep)) != SL_OK)
        return st;
    Stagelijn__V1__GroupSession *g = NULL;
    if ((st = reply_session(r, e.req->group_session_id, out, &g)) != SL_OK)
        return st;
    g->warnings =
        SL_ARENA_ARRAY(r->arena, Stagelijn__V1__RuleViolation *, rep.count ? (size_t)rep.count : 1);
    for (int i = 0; i < rep.count; i++) {
        Stagelijn__V1__RuleViolation *v = req_violation_new(r, &rep.items[i]);
        v->warning = true;
        g->warnings[g->n_warnings++] = v;
    }
    return SL_OK;
}

/* ---------------------------------------------------------------- reflection */

sl_status handle_record_group_reflection(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__GroupReflection *g = in->record_group_reflection->reflection;
    if (!g)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "reflection");
    const student_facts *sf = &r->target.student;
    sl_status st = SL_OK;
    sl_date day;
    if (!sl_date_parse(g->date, &day))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "date");
    factdate_phase school;
    if ((st = factdate_school_phase(r, sf->id, &school)) != SL_OK ||
        (st = factdate_require_date(r, "reflection interview", day, school,
                                    FACTDATE_RULE_BEFORE_SCHOOL)) != SL_OK)
        return st;
    if ((st = req_check_text(r, "notes", g->notes, true)) != SL_OK)
        return st;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT 1 FROM group_enrolments WHERE student_id = ?1 UNION "
                                  "SELECT 1 FROM placements WHERE student_id = ?1 AND kind = 3 "
                                  "LIMIT 1",
                                  SB(sf->id));
    if ((st = store_row(q)) == SL_ENOTFOUND) {
        req_violation(r, "GROUP_NOT_ENROLLED", "the student is not in the group internship", false);
        return req_fail_code(r, SL_EPRECOND, MSG_NO_GROUP_INTERNSHIP);
    }
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    if (g->ready_for_individual && !(g->parents_agree && g->mentor_agrees)) {
        req_violation(r, "GROUP_MOVE_NEEDS_AGREEMENT",
                      "parents, mentor and coach decide together on an individual internship",
                      false);
        return req_fail_code(r, SL_EPRECOND, MSG_MOVE_NEEDS_AGREEMENT);
    }
    sl_id id = sl_id_new();
    st = store_exec(r->st, NULL,
                    "INSERT INTO group_reflections (id, student_id, date, notes, "
                    "ready_for_individual, parents_agree, mentor_agrees, coach_id, created_at) "
                    "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
                    SB(id.s), SB(sf->id), SB(g->date), SB(g->notes),
                    SB(g->ready_for_individual ? 1 : 0), SB(g->parents_agree ? 1 : 0),
                    SB(g->mentor_agrees ? 1 : 0), SB(r->who->user_id), SB(r->now));
    if (st == SL_OK && g->ready_for_individual) {
        /* The coach now arranges a regular placement; the mentor hears of the decision. */
        req_detail_text d = req_detail(r, DET_EV_GROUP_READY, g->date);
        event_spec ev = {.topic = "group_ready",
                         .student_id = sf->id,
                         .class_id = sf->class_id,
                         .summary = d.text,
                         .coded = d};
        st = events_append(r, &ev);
    }
    if (st != SL_OK ||
        (st = req_audit(r, "group_reflection.record", "student", sf->id,
                        g->ready_for_individual ? "ready_for_individual" : "")) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_RECORD_THE_REFLECTION);
    Stagelijn__V1__GroupReflection *rg = SL_ARENA_NEW(r->arena, Stagelijn__V1__GroupReflection);
    stagelijn__v1__group_reflection__init(rg);
    rg->id = sl_arena_strdup(r->arena, id.s);
    rg->student_id = sl_arena_strdup(r->arena, sf->id);
    rg->date = sl_arena_strdup(r->arena, g->date);
    rg->notes = sl_arena_strdup(r->arena, g->notes);
    rg->ready_for_individual = g->ready_for_individual;
    rg->parents_agree = g->parents_agree;
    rg->mentor_agrees = g->mentor_agrees;
    rg->coach_id = sl_arena_strdup(r->arena, r->who->user_id);
    if ((st = names_of(r, NAME_STUDENT, rg->student_id, &rg->student_name)) != SL_OK ||
        (st = names_of(r, NAME_USER, rg->coach_id, &rg->coach_name)) != SL_OK)
        return st;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_GROUP_REFLECTION;
    out->group_reflection = rg;
    return SL_OK;
}
