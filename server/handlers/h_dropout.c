/* Dropout (uitval op stage): the placement ends early, and the mentor must hear of it at all
 * times, so the event is written in the same transaction as the change. The report opens a
 * case that follows the school's procedure step by step (server/pure/dropout_case.c); each
 * step is audited and raises an event to the mentor's class. */
#include <stdio.h>
#include <string.h>

#include "collate.h"
#include "dropout_case.h"
#include "events.h"
#include "factdate.h"
#include "handlers.h"
#include "lifecycle.h"
#include "names.h"
#include "placements.h"
#include "target.h"
#include "timeutil.h"

#define MAX_CASES 500
#define MAX_STEPS 64
/* How far ahead a group session with a free place is looked for: the coming two weeks. */
#define GROUP_LOOKAHEAD_DAYS 14

/* Who brought the dropout to school: the reporter's own role unless a coach records that the
 * student (or the supervisor, by phone) came to him/her. */
static sl_status reported_via(request *r, int asked, int *via)
{
    sl_role role = r->who->role;
    if (asked == STAGELIJN__V1__ROLE__ROLE_UNSPECIFIED) {
        *via = role == ROLE_SUPERVISOR ? ROLE_SUPERVISOR : ROLE_COACH;
        if (role == ROLE_SUPPORT_COACH)
            *via = ROLE_SUPPORT_COACH;
        return SL_OK;
    }
    bool staff = role == ROLE_COACH || role == ROLE_SUPPORT_COACH;
    if ((asked == ROLE_STUDENT || asked == ROLE_SUPERVISOR || asked == ROLE_COACH) &&
        (staff || asked == ROLE_SUPERVISOR)) {
        *via = asked;
        return SL_OK;
    }
    return req_fail_code(r, SL_EINVAL, MSG_DROPOUT_REPORTED_VIA);
}

sl_status handle_report_dropout(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__ReportDropoutRequest *req = in->report_dropout;
    const placement_facts *pf = &r->target.placement;
    sl_status st = SL_OK;
    factdate_phase phase;
    int via = 0;
    if ((st = factdate_placement_phase(r, pf->id, &phase, NULL, NULL)) != SL_OK ||
        (st = factdate_require(r, "dropout", "date", req->date, phase, FACTDATE_RULE_PLACEMENT,
                               NULL)) != SL_OK)
        return st;
    if ((st = req_check_text(r, "reason", req->reason, true)) != SL_OK ||
        (st = reported_via(r, (int)req->reported_via, &via)) != SL_OK)
        return st;

    sl_id id = sl_id_new();
    st = store_exec(r->st, NULL,
                    "INSERT INTO dropouts (id, placement_id, student_id, date, reason, "
                    "reported_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    SB(id.s), SB(pf->id), SB(pf->student_id), SB(req->date), SB(req->reason),
                    SB(r->who->user_id), SB(r->now));
    if (st == SL_OK)
        st = placements_set_status(r->st, pf->id,
                                   STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ENDED_EARLY, r->now);
    /* The case opens with the report as its first step. */
    if (st == SL_OK)
        st = store_exec(r->st, NULL,
                        "INSERT INTO dropout_cases (dropout_id, state, reported_via, updated_at) "
                        "VALUES (?1, ?2, ?3, ?4)",
                        SB(id.s), SB((int)DC_REPORTED), SB(via), SB(r->now));
    if (st == SL_OK)
        st = store_exec(r->st, NULL,
                        "INSERT INTO dropout_case_steps (dropout_id, action, date, actor_id, "
                        "created_at) VALUES (?1, 0, ?2, ?3, ?4)",
                        SB(id.s), SB(req->date), SB(r->who->user_id), SB(r->now));
    /* The reason stays in the dropout record (school staff read it there); the event carries
     * no personal detail, because it travels to automated subscribers too. */
    req_detail_text sd = req_detail(r, DET_EV_DROPOUT, req->date, role_name(r->who->role));
    event_spec ev = {.topic = "dropout",
                     .student_id = pf->student_id,
                     .placement_id = pf->id,
                     .company_id = pf->company_id,
                     .class_id = pf->class_id,
                     .summary = sd.text,
                     .coded = sd};
    if (st != SL_OK || (st = events_append(r, &ev)) != SL_OK ||
        (st = req_audit(r, "dropout.report", "placement", pf->id, id.s)) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_RECORD_THE_DROPOUT);

    Stagelijn__V1__Dropout *d = SL_ARENA_NEW(r->arena, Stagelijn__V1__Dropout);
    stagelijn__v1__dropout__init(d);
    d->id = sl_arena_strdup(r->arena, id.s);
    d->placement_id = sl_arena_strdup(r->arena, pf->id);
    d->student_id = sl_arena_strdup(r->arena, pf->student_id);
    d->date = sl_arena_strdup(r->arena, req->date);
    d->reason = sl_arena_strdup(r->arena, req->reason);
    d->reported_by = sl_arena_strdup(r->arena, r->who->user_id);
    d->created_at = SL_ARENA_ARRAY(r->arena, char, 32);
    sl_time_format_rfc3339(r->now, d->created_at);
    if ((st = names_of(r, NAME_STUDENT, d->student_id, &d->student_name)) != SL_OK ||
        (st = names_of(r, NAME_PLACEMENT_COMPANY, d->placement_id, &d->company_name)) != SL_OK ||
        (st = names_of(r, NAME_USER, d->reported_by, &d->reported_by_name)) != SL_OK)
        return st;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_DROPOUT;
    out->dropout = d;
    return SL_OK;
}

/* ---------------------------------------------------------------- reading a case */

/* The columns of one case; ?1 scope word, ?2 user, ?3 student ('' for all), ?4 open only. */
#define CASE_SELECT                                                                                \
    "SELECT d.id, d.student_id, " SQL_STUDENT_NAME(                                                \
        "s") ", d.placement_id, coalesce(co.name, ''), d.date, d.reason, c.reported_via, "         \
             "c.state, c.follow_up, c.group_full, coalesce(c.group_session_id, ''), "              \
             "coalesce((SELECT g.location || ', ' || g.date || CASE g.day_part WHEN 1 THEN "       \
             "' ochtend' ELSE ' middag' END FROM group_sessions g WHERE g.id = "                   \
             "c.group_session_id), ''), c.step_plan, c.entree_consequence, c.entree_minutes, "     \
             "coalesce(c.training_enrolment_id, '') "                                              \
             "FROM dropout_cases c JOIN dropouts d ON d.id = c.dropout_id "                        \
             "JOIN students s ON s.id = d.student_id "                                             \
             "JOIN placements p ON p.id = d.placement_id "                                         \
             "LEFT JOIN companies co ON co.id = p.company_id "                                     \
             "WHERE (?1 = 'all' OR (?1 = 'class' AND s.class_id IN (SELECT id FROM classes "       \
             "WHERE mentor_id = ?2)) OR (?1 = 'self' AND s.user_id = ?2)) "                        \
             "AND (?3 = '' OR d.student_id = ?3) AND (?4 = 0 OR c.state <> 7) "

static sl_status load_steps(request *r, Stagelijn__V1__DropoutCase *c)
{
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT t.action, t.date, t.note, coalesce(t.actor_id, ''), "
                                  "coalesce((SELECT display_name FROM users WHERE id = "
                                  "t.actor_id), ''), t.created_at FROM dropout_case_steps t "
                                  "WHERE t.dropout_id = ?1 ORDER BY t.id LIMIT ?2",
                                  SB(c->id), SB(MAX_STEPS));
    if (!q)
        return SL_EINTERNAL;
    c->steps = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__DropoutCaseStep *, MAX_STEPS);
    bool row;
    sl_status rs;
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        Stagelijn__V1__DropoutCaseStep *t = SL_ARENA_NEW(r->arena, Stagelijn__V1__DropoutCaseStep);
        stagelijn__v1__dropout_case_step__init(t);
        t->action = (Stagelijn__V1__DropoutAction)sqlite3_column_int(q, 0);
        t->date = sl_arena_strdup(r->arena, store_col(q, 1));
        t->note = sl_arena_strdup(r->arena, store_col(q, 2));
        t->actor_id = sl_arena_strdup(r->arena, store_col(q, 3));
        t->actor_name = sl_arena_strdup(r->arena, store_col(q, 4));
        t->recorded_at = SL_ARENA_ARRAY(r->arena, char, 32);
        sl_time_format_rfc3339(sqlite3_column_int64(q, 5), t->recorded_at);
        c->steps[c->n_steps++] = t;
    }
    store_stmt_done(q);
    return rs;
}

/* Fills the next step, its due date and whether it is overdue, from the state and the
 * dropout date. */
static void case_due(request *r, Stagelijn__V1__DropoutCase *c)
{
    int next = dropout_case_next_action((int)c->state);
    c->next_step = (Stagelijn__V1__DropoutAction)next;
    c->next_due = "";
    sl_date d;
    if (next == DC_ACT_NONE || !sl_date_parse(c->dropout_date, &d))
        return;
    sl_date due = sl_date_from_days(sl_date_to_days(d) + dropout_case_deadline_days(next));
    c->next_due = SL_ARENA_ARRAY(r->arena, char, 11);
    sl_date_format(due, c->next_due);
    c->overdue = sl_date_compare(r->today, due) > 0;
}

static Stagelijn__V1__DropoutCase *case_from_row(request *r, sqlite3_stmt *q)
{
    Stagelijn__V1__DropoutCase *c = SL_ARENA_NEW(r->arena, Stagelijn__V1__DropoutCase);
    stagelijn__v1__dropout_case__init(c);
    c->id = sl_arena_strdup(r->arena, store_col(q, 0));
    c->student_id = sl_arena_strdup(r->arena, store_col(q, 1));
    c->student_name = sl_arena_strdup(r->arena, store_col(q, 2));
    c->placement_id = sl_arena_strdup(r->arena, store_col(q, 3));
    c->company_name = sl_arena_strdup(r->arena, store_col(q, 4));
    c->dropout_date = sl_arena_strdup(r->arena, store_col(q, 5));
    c->reason = sl_arena_strdup(r->arena, store_col(q, 6));
    c->reported_via = (Stagelijn__V1__Role)sqlite3_column_int(q, 7);
    c->state = (Stagelijn__V1__DropoutCaseState)sqlite3_column_int(q, 8);
    c->follow_up = (Stagelijn__V1__DropoutFollowUp)sqlite3_column_int(q, 9);
    c->group_full = sqlite3_column_int(q, 10) != 0;
    c->group_session_id = sl_arena_strdup(r->arena, store_col(q, 11));
    c->group_session = sl_arena_strdup(r->arena, store_col(q, 12));
    c->step_plan = sl_arena_strdup(r->arena, store_col(q, 13));
    c->entree_consequence = (Stagelijn__V1__EntreeConsequence)sqlite3_column_int(q, 14);
    c->entree_minutes_recorded = (uint32_t)sqlite3_column_int64(q, 15);
    c->training_enrolment_id = sl_arena_strdup(r->arena, store_col(q, 16));
    case_due(r, c);
    return c;
}

/* Whether case x goes before y: overdue first, then the earliest next due date, closed
 * cases last. */
static bool case_before(const Stagelijn__V1__DropoutCase *x, const Stagelijn__V1__DropoutCase *y)
{
    if (x->overdue != y->overdue)
        return x->overdue;
    bool xo = x->next_due[0] != '\0', yo = y->next_due[0] != '\0';
    if (xo != yo)
        return xo;
    return strcmp(x->next_due, y->next_due) < 0;
}

/* A stable insertion sort (at most MAX_CASES): equal cases keep the name order of the query. */
static void sort_cases(Stagelijn__V1__DropoutCase **c, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        Stagelijn__V1__DropoutCase *x = c[i];
        size_t j = i;
        for (; j > 0 && case_before(x, c[j - 1]); j--)
            c[j] = c[j - 1];
        c[j] = x;
    }
}

sl_status handle_list_dropout_cases(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__ListDropoutCasesRequest *req = in->list_dropout_cases;
    const char *student = req->student_id ? req->student_id : "";
    sl_status st;
    if (student[0] && (st = req_check_id(r, "student_id", student)) != SL_OK)
        return st;
    sqlite3_stmt *q =
        store_query(r->st, CASE_SELECT "ORDER BY " SQL_STUDENT_ORDER("s") ", d.date DESC LIMIT ?5",
                    SB(scope_word(r->target.scope)), SB(r->who->user_id), SB(student),
                    SB(req->open_only ? 1 : 0), SB(MAX_CASES + 1));
    if (!q)
        return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    Stagelijn__V1__ListDropoutCasesReply *rep =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__ListDropoutCasesReply);
    stagelijn__v1__list_dropout_cases_reply__init(rep);
    rep->cases = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__DropoutCase *, MAX_CASES);
    bool row;
    uint32_t seen = 0;
    while ((st = store_next(q, &row)) == SL_OK && row) {
        seen++;
        if (rep->n_cases < MAX_CASES)
            rep->cases[rep->n_cases++] = case_from_row(r, q);
    }
    store_stmt_done(q);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    /* The list was cut at MAX_CASES + 1 rows; count the rest only when it was. */
    rep->total = seen;
    if (seen > MAX_CASES) {
        r->list_cap = MAX_CASES; /* labels: the client says the list was cut */
        q = store_query(r->st, "SELECT count(*) FROM (" CASE_SELECT ")",
                        SB(scope_word(r->target.scope)), SB(r->who->user_id), SB(student),
                        SB(req->open_only ? 1 : 0));
        if ((st = store_row(q)) != SL_OK)
            return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_DATABASE_ERROR);
        rep->total = (uint32_t)sqlite3_column_int64(q, 0);
        store_stmt_done(q);
    }
    for (size_t i = 0; i < rep->n_cases; i++)
        if ((st = load_steps(r, rep->cases[i])) != SL_OK)
            return req_fail_code(r, st, MSG_DATABASE_ERROR);
    sort_cases(rep->cases, rep->n_cases);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_DROPOUT_CASES_REPLY;
    out->list_dropout_cases_reply = rep;
    return SL_OK;
}

/* ---------------------------------------------------------------- taking a step */

typedef struct {
    char id[SL_ID_LEN + 1]; /* the dropout's */
    char placement_id[SL_ID_LEN + 1];
    char company_id[SL_ID_LEN + 1];
    char date[11];
    int state, school_year, kind;
} open_case;

static sl_status load_open_case(request *r, const char *student_id, open_case *oc)
{
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT d.id, d.placement_id, p.company_id, d.date, c.state, "
                                  "s.school_year, p.kind FROM dropout_cases c JOIN dropouts d "
                                  "ON d.id = c.dropout_id JOIN placements p ON p.id = "
                                  "d.placement_id JOIN students s ON s.id = d.student_id WHERE "
                                  "d.student_id = ?1 AND c.state <> ?2 ORDER BY d.date DESC, "
                                  "d.created_at DESC LIMIT 1",
                                  SB(student_id), SB((int)DC_CLOSED));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return st;
    snprintf(oc->id, sizeof oc->id, "%s", store_col(q, 0));
    snprintf(oc->placement_id, sizeof oc->placement_id, "%s", store_col(q, 1));
    snprintf(oc->company_id, sizeof oc->company_id, "%s", store_col(q, 2));
    snprintf(oc->date, sizeof oc->date, "%s", store_col(q, 3));
    oc->state = sqlite3_column_int(q, 4);
    oc->school_year = sqlite3_column_int(q, 5);
    oc->kind = sqlite3_column_int(q, 6);
    store_stmt_done(q);
    return SL_OK;
}

/* The first group session in the coming GROUP_LOOKAHEAD_DAYS that fits a dropout of
 * `school_year` (dropout_group_day_fits), has a free place (its real capacity against its
 * enrolments) and does not clash with the student's other group sessions; its id into
 * session_id, or "" when there is none. */
static sl_status find_group_place(request *r, const char *student_id, int school_year,
                                  char session_id[SL_ID_LEN + 1])
{
    char from[11], to[11];
    sl_date_format(r->today, from);
    sl_date_format(sl_date_from_days(sl_date_to_days(r->today) + GROUP_LOOKAHEAD_DAYS), to);
    sqlite3_stmt *q = store_query(
        r->st,
        "SELECT g.id, g.date FROM group_sessions g WHERE g.date >= ?1 AND g.date <= ?2 "
        "AND (SELECT count(*) FROM group_enrolments e WHERE e.group_session_id = g.id) < "
        "g.capacity AND NOT EXISTS (SELECT 1 FROM group_enrolments e JOIN group_sessions o ON "
        "o.id = e.group_session_id WHERE e.student_id = ?3 AND o.date = g.date AND o.day_part "
        "= g.day_part) ORDER BY g.date, g.day_part, g.location",
        SB(from), SB(to), SB(student_id));
    if (!q)
        return SL_EINTERNAL;
    session_id[0] = '\0';
    bool row;
    sl_status st;
    while ((st = store_next(q, &row)) == SL_OK && row) {
        sl_date d;
        if (sl_date_parse(store_col(q, 1), &d) &&
            dropout_group_day_fits(school_year, sl_date_weekday(d))) {
            snprintf(session_id, SL_ID_LEN + 1, "%s", store_col(q, 0));
            break;
        }
    }
    store_stmt_done(q);
    return st;
}

static sl_status entree_minutes_so_far(request *r, const char *student_id, long *minutes)
{
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT coalesce(sum(d.minutes_worked), 0) FROM agenda_days d "
                                  "JOIN agenda_weeks w ON w.id = d.agenda_week_id "
                                  "JOIN placements p ON p.id = w.placement_id "
                                  "WHERE p.student_id = ?1 AND p.kind IN (7, 8)",
                                  SB(student_id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return st == SL_ENOTFOUND ? SL_EINTERNAL : st;
    *minutes = (long)sqlite3_column_int64(q, 0);
    store_stmt_done(q);
    return SL_OK;
}

/* The day a step happened: today when not given; not before the dropout, not in the future. */
static sl_status step_date(request *r, const char *given, const open_case *oc, char out[11])
{
    sl_date d, dropped;
    if (!given || !given[0]) {
        sl_date_format(r->today, out);
        return SL_OK;
    }
    if (!sl_date_parse(given, &d))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "date");
    if (sl_date_compare(d, r->today) > 0 ||
        (sl_date_parse(oc->date, &dropped) && sl_date_compare(d, dropped) < 0))
        return req_fail_code(r, SL_EINVAL, MSG_DROPOUT_STEP_DATE, oc->date);
    sl_date_format(d, out);
    return SL_OK;
}

/* Writes the new state and what the step chose, and enrols the student in the group
 * session when one was found. */
static sl_status apply_step(request *r, const open_case *oc, const dc_step *s, int to,
                            const Stagelijn__V1__DropoutCaseStepRequest *req,
                            const char *session_id, long entree_minutes)
{
    const char *student_id = req->student_id;
    bool chooses = s->action == DC_ACT_FOLLOWUP || s->action == DC_ACT_INSTEAD;
    sl_status st = store_exec(r->st, NULL,
                              "UPDATE dropout_cases SET state = ?2, updated_at = ?3 WHERE "
                              "dropout_id = ?1",
                              SB(oc->id), SB(to), SB(r->now));
    if (st == SL_OK && chooses)
        /* The group internship's outcome stays on record when something else is chosen
         * instead: group_full is only ever set, never cleared. */
        st = store_exec(r->st, NULL,
                        "UPDATE dropout_cases SET follow_up = ?2, group_full = max(group_full, "
                        "?3), step_plan = CASE WHEN ?4 <> '' THEN ?4 ELSE step_plan END, "
                        "group_session_id = ?5 WHERE dropout_id = ?1",
                        SB(oc->id), SB(s->followup), SB(to == DC_GROUP_FULL ? 1 : 0),
                        SB(req->step_plan ? req->step_plan : ""),
                        SB(session_id[0] ? session_id : (const char *)NULL));
    if (st == SL_OK && s->action == DC_ACT_FOLLOWUP && s->entree)
        st = store_exec(r->st, NULL,
                        "UPDATE dropout_cases SET entree_consequence = ?2, entree_minutes = ?3 "
                        "WHERE dropout_id = ?1",
                        SB(oc->id), SB(s->entree_consequence), SB((int64_t)entree_minutes));
    if (st == SL_OK && session_id[0]) {
        st = store_exec(r->st, NULL,
                        "INSERT INTO group_enrolments (group_session_id, student_id, "
                        "after_dropout, created_at) VALUES (?1, ?2, 1, ?3)",
                        SB(session_id), SB(student_id), SB(r->now));
        if (st == SL_OK)
            st = req_audit(r, "group_session.enrol", "group_session", session_id,
                           "after_dropout; dropout case");
    }
    return st;
}

static sl_status reply_case(request *r, const char *dropout_id, sl_envelope *out)
{
    sqlite3_stmt *q = store_query(r->st, CASE_SELECT "AND d.id = ?5", SB("all"),
                                  SB(r->who->user_id), SB(""), SB(0), SB(dropout_id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_DATABASE_ERROR);
    Stagelijn__V1__DropoutCase *c = case_from_row(r, q);
    store_stmt_done(q);
    if ((st = load_steps(r, c)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_DROPOUT_CASE;
    out->dropout_case = c;
    return SL_OK;
}

sl_status handle_dropout_case_step(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__DropoutCaseStepRequest *req = in->dropout_case_step;
    const student_facts *sf = &r->target.student;
    open_case oc;
    sl_status st = load_open_case(r, sf->id, &oc);
    if (st == SL_ENOTFOUND)
        return req_fail_code(r, SL_ENOTFOUND, MSG_NO_OPEN_DROPOUT_CASE);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    char date[11];
    if ((st = step_date(r, req->date, &oc, date)) != SL_OK ||
        (st = req_check_text(r, "note", req->note, false)) != SL_OK ||
        (st = req_check_text(r, "step_plan", req->step_plan, false)) != SL_OK)
        return st;
    dc_step s = {.action = (int)req->action,
                 .followup = (int)req->follow_up,
                 .school_year = oc.school_year,
                 .entree = oc.school_year == LC_ENTREE_YEAR || oc.kind == LC_KIND_ENTREE,
                 .entree_consequence = (int)req->entree_consequence,
                 .has_step_plan = req->step_plan && req->step_plan[0]};
    char session_id[SL_ID_LEN + 1] = "";
    long minutes = 0;
    /* The free place is looked up only where the choice depends on it, with the real
     * capacity of the sessions, in the same transaction as the enrolment. */
    if (s.action == DC_ACT_FOLLOWUP && s.followup == DC_FU_GROUP &&
        dropout_group_year_fits(s.school_year) && oc.state == DC_COMPANY_CONTACTED &&
        (st = find_group_place(r, sf->id, s.school_year, session_id)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    s.group_place_free = session_id[0] != '\0';
    if (s.entree && s.action == DC_ACT_FOLLOWUP &&
        (st = entree_minutes_so_far(r, sf->id, &minutes)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    dc_outcome o = dropout_case_step(oc.state, &s);
    if (o.rule_id) {
        req_violation(r, o.rule_id, o.message, false);
        return req_fail_code(r, SL_EPRECOND, MSG_DROPOUT_STEP_REFUSED);
    }
    if (o.to == DC_GROUP_FULL)
        session_id[0] = '\0';
    st = apply_step(r, &oc, &s, o.to, req, session_id, minutes);
    if (st == SL_OK)
        st = store_exec(r->st, NULL,
                        "INSERT INTO dropout_case_steps (dropout_id, action, date, note, "
                        "actor_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        SB(oc.id), SB(s.action), SB(date), SB(req->note ? req->note : ""),
                        SB(r->who->user_id), SB(r->now));
    /* The mentor is informed of every step: the event goes to the student's class. It names
     * the step and the new state, no personal detail. */
    req_detail_text d = req_detail(r, DET_EV_DROPOUT_STEP, dropout_action_name(s.action), date,
                                   dropout_state_name(o.to));
    event_spec ev = {.topic = "dropout_step",
                     .student_id = sf->id,
                     .placement_id = oc.placement_id,
                     .class_id = sf->class_id,
                     .summary = d.text,
                     .coded = d};
    char *details = sl_arena_printf(r->arena, "%s -> %s", dropout_state_name(oc.state),
                                    dropout_state_name(o.to));
    if (st != SL_OK || (st = events_append(r, &ev)) != SL_OK ||
        (st = req_audit(r, "dropout_case.step", "dropout", oc.id, details)) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_RECORD_THE_STEP);
    return reply_case(r, oc.id, out);
}
