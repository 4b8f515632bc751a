/* Learning goals and the student's own rating (issue 7 item 10). Goals set in advance for a
 * placement (before it starts, at the contract) and personal goals agreed between student
 * and coach are rated in every assessment of the placement: an assessment cannot be
 * submitted while a goal is not rated. The student rates his/her own competences per period,
 * shown beside the supervisor's assessment (ListAssessments). */
#include <stdio.h>
#include <string.h>

#include "assessments.h"
#include "factdate.h"
#include "handlers.h"
#include "lifecycle.h"
#include "timeutil.h"

#define MAX_GOALS 50

/* ---------------------------------------------------------------- goals in assessments */

sl_status assessment_check_goal_form(request *r, const Stagelijn__V1__Assessment *a, bool draft)
{
    sl_status st;
    if (a->n_goal_ratings > MAX_GOALS)
        return req_fail_code(r, SL_EINVAL, MSG_GOAL_RATING);
    for (size_t i = 0; i < a->n_goal_ratings; i++) {
        const Stagelijn__V1__GoalRating *g = a->goal_ratings[i];
        if ((st = req_check_id(r, "goal_ratings.goal_id", g->goal_id)) != SL_OK ||
            (st = req_check_text(r, "goal_ratings.remark", g->remark, false)) != SL_OK)
            return st;
        if (g->rating > 5 || (g->rating == 0 && !draft))
            return req_fail_code(r, SL_EINVAL, MSG_GOAL_RATING);
        for (size_t j = 0; j < i; j++)
            if (strcmp(a->goal_ratings[j]->goal_id, g->goal_id) == 0)
                return req_fail_code(r, SL_EINVAL, MSG_GOAL_TWICE);
    }
    return SL_OK;
}

/* The rating `a` gives goal_id, or NULL. */
static const Stagelijn__V1__GoalRating *rating_of(const Stagelijn__V1__Assessment *a,
                                                  const char *goal_id)
{
    for (size_t i = 0; i < a->n_goal_ratings; i++)
        if (strcmp(a->goal_ratings[i]->goal_id, goal_id) == 0)
            return a->goal_ratings[i];
    return NULL;
}

sl_status assessment_check_goals(request *r, const char *placement_id,
                                 const Stagelijn__V1__Assessment *a)
{
    sl_status st;
    /* Every rated goal is one of this placement's. */
    for (size_t i = 0; i < a->n_goal_ratings; i++) {
        st = store_exists(r->st, "SELECT 1 FROM learning_goals WHERE id = ?1 AND placement_id = ?2",
                          SB(a->goal_ratings[i]->goal_id), SB(placement_id));
        if (st == SL_ENOTFOUND)
            return req_fail_code(r, SL_EINVAL, MSG_NO_SUCH_GOAL, a->goal_ratings[i]->goal_id);
        if (st != SL_OK)
            return req_fail_code(r, st, MSG_DATABASE_ERROR);
    }
    /* And every goal of this placement is rated. */
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT id, text FROM learning_goals WHERE placement_id = ?1 "
                                  "ORDER BY created_at, rowid",
                                  SB(placement_id));
    bool row;
    while ((st = store_next(q, &row)) == SL_OK && row) {
        const Stagelijn__V1__GoalRating *g = rating_of(a, store_col(q, 0));
        if (!g || g->rating == 0) {
            sl_status refused = req_fail_code(r, SL_EPRECOND, MSG_GOAL_NOT_RATED, store_col(q, 1));
            store_stmt_done(q);
            return refused;
        }
    }
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    return SL_OK;
}

sl_status assessment_store_goal_ratings(request *r, const char *assessment_id,
                                        const Stagelijn__V1__Assessment *a)
{
    sl_status st =
        store_exec(r->st, NULL, "DELETE FROM assessment_goal_ratings WHERE assessment_id = ?1",
                   SB(assessment_id));
    for (size_t i = 0; st == SL_OK && i < a->n_goal_ratings; i++) {
        const Stagelijn__V1__GoalRating *g = a->goal_ratings[i];
        st = store_exec(r->st, NULL,
                        "INSERT INTO assessment_goal_ratings (assessment_id, goal_id, rating, "
                        "remark) VALUES (?1, ?2, ?3, ?4)",
                        SB(assessment_id), SB(g->goal_id), SB((int)g->rating),
                        SB(g->remark ? g->remark : ""));
    }
    return st;
}

sl_status assessment_load_goal_ratings(request *r, Stagelijn__V1__Assessment *a)
{
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT g.goal_id, g.rating, g.remark, l.text FROM "
                                  "assessment_goal_ratings g JOIN learning_goals l ON "
                                  "l.id = g.goal_id WHERE g.assessment_id = ?1 "
                                  "ORDER BY l.created_at, l.rowid",
                                  SB(a->id));
    a->goal_ratings = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__GoalRating *, MAX_GOALS);
    sl_status st;
    bool row;
    while ((st = store_next(q, &row)) == SL_OK && row && a->n_goal_ratings < MAX_GOALS) {
        Stagelijn__V1__GoalRating *g = SL_ARENA_NEW(r->arena, Stagelijn__V1__GoalRating);
        stagelijn__v1__goal_rating__init(g);
        g->goal_id = sl_arena_strdup(r->arena, store_col(q, 0));
        g->rating = (uint32_t)sqlite3_column_int(q, 1);
        g->remark = sl_arena_strdup(r->arena, store_col(q, 2));
        g->goal_text = sl_arena_strdup(r->arena, store_col(q, 3));
        a->goal_ratings[a->n_goal_ratings++] = g;
    }
    if (st != SL_OK)
        return st;
    store_stmt_done(q);
    return SL_OK;
}

/* ---------------------------------------------------------------- goals */

/* Goals set in advance are set before the placement starts: while it is not yet active, or
 * on its first day at the latest (a placement the server made active at once). */
static sl_status in_advance(request *r, const placement_facts *pf)
{
    if (pf->status < LC_ACTIVE)
        return SL_OK;
    sqlite3_stmt *q =
        store_query(r->st, "SELECT start_date FROM placements WHERE id = ?1", SB(pf->id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_DATABASE_ERROR);
    sl_date start;
    bool ok = sl_date_parse(store_col(q, 0), &start);
    store_stmt_done(q);
    if (!ok)
        return req_fail_code(r, SL_EINTERNAL, MSG_STORED_PLACEMENT_DATES_UNREADABLE);
    char today[11];
    sl_date_format(r->today, today);
    char first[11];
    sl_date_format(start, first);
    return strcmp(today, first) <= 0 ? SL_OK
                                     : req_fail_code(r, SL_EPRECOND, MSG_LEARNING_GOAL_IN_ADVANCE);
}

static Stagelijn__V1__LearningGoal *goal_from_row(request *r, sqlite3_stmt *q)
{
    Stagelijn__V1__LearningGoal *g = SL_ARENA_NEW(r->arena, Stagelijn__V1__LearningGoal);
    stagelijn__v1__learning_goal__init(g);
    g->id = sl_arena_strdup(r->arena, store_col(q, 0));
    g->placement_id = sl_arena_strdup(r->arena, store_col(q, 1));
    g->kind = (Stagelijn__V1__GoalKind)sqlite3_column_int(q, 2);
    g->text = sl_arena_strdup(r->arena, store_col(q, 3));
    g->agreed_on = sl_arena_strdup(r->arena, store_col(q, 4));
    g->set_by_name = sl_arena_strdup(r->arena, store_col(q, 5));
    g->created_at = SL_ARENA_ARRAY(r->arena, char, 32);
    sl_time_format_rfc3339(sqlite3_column_int64(q, 6), g->created_at);
    return g;
}

#define GOAL_COLUMNS                                                                               \
    "g.id, g.placement_id, g.kind, g.text, coalesce(g.agreed_on, ''), coalesce((SELECT "           \
    "display_name FROM users u WHERE u.id = g.set_by), ''), g.created_at "

sl_status handle_save_learning_goal(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__LearningGoal *g = in->save_learning_goal->goal;
    const placement_facts *pf = &r->target.placement;
    sl_status st;
    if (!g)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "goal");
    if (g->kind != STAGELIJN__V1__GOAL_KIND__GOAL_LEARNING &&
        g->kind != STAGELIJN__V1__GOAL_KIND__GOAL_PERSONAL)
        return req_fail_code(r, SL_EINVAL, MSG_GOAL_KIND);
    if ((st = req_check_text(r, "goal.text", g->text, true)) != SL_OK)
        return st;
    bool personal = g->kind == STAGELIJN__V1__GOAL_KIND__GOAL_PERSONAL;
    if (personal) {
        if (!g->agreed_on || !g->agreed_on[0])
            return req_fail_code(r, SL_EINVAL, MSG_PERSONAL_GOAL_AGREED_ON);
        if ((st = factdate_require(r, "personal goal", "goal.agreed_on", g->agreed_on,
                                   factdate_any(), FACTDATE_RULE_FUTURE, NULL)) != SL_OK)
            return st;
    } else if ((st = in_advance(r, pf)) != SL_OK) {
        return st;
    }
    bool is_new = !g->id || !g->id[0];
    sl_id fresh = sl_id_new();
    const char *id = is_new ? fresh.s : g->id;
    if (!is_new) {
        if ((st = req_check_id(r, "goal.id", g->id)) != SL_OK)
            return st;
        st = store_exists(r->st, "SELECT 1 FROM learning_goals WHERE id = ?1 AND placement_id = ?2",
                          SB(id), SB(pf->id));
        if (st == SL_ENOTFOUND)
            return req_fail_code(r, SL_ENOTFOUND, MSG_NO_SUCH_GOAL, id);
        if (st != SL_OK)
            return req_fail_code(r, st, MSG_DATABASE_ERROR);
        /* A rated goal keeps its words: the ratings were given to them. */
        st =
            store_exists(r->st, "SELECT 1 FROM assessment_goal_ratings WHERE goal_id = ?1", SB(id));
        if (st == SL_OK)
            return req_fail_code(r, SL_EPRECOND, MSG_GOAL_RATED_ALREADY);
        if (st != SL_ENOTFOUND)
            return req_fail_code(r, st, MSG_DATABASE_ERROR);
    }
    const char *agreed = personal ? g->agreed_on : NULL;
    if (is_new)
        st = store_exec(r->st, NULL,
                        "INSERT INTO learning_goals (id, placement_id, kind, text, agreed_on, "
                        "set_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        SB(id), SB(pf->id), SB((int)g->kind), SB(g->text),
                        agreed ? SB(agreed) : SB_NULL, SB(r->who->user_id), SB(r->now));
    else
        st = store_exec(r->st, NULL,
                        "UPDATE learning_goals SET kind = ?2, text = ?3, agreed_on = ?4, "
                        "set_by = ?5 WHERE id = ?1",
                        SB(id), SB((int)g->kind), SB(g->text), agreed ? SB(agreed) : SB_NULL,
                        SB(r->who->user_id));
    if (st == SL_OK)
        st = req_audit(r, is_new ? "goal.set" : "goal.change", "learning_goal", id, "");
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    sqlite3_stmt *q =
        store_query(r->st, "SELECT " GOAL_COLUMNS "FROM learning_goals g WHERE g.id = ?1", SB(id));
    if ((st = store_row(q)) != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_DATABASE_ERROR);
    out->learning_goal = goal_from_row(r, q);
    store_stmt_done(q);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_LEARNING_GOAL;
    return SL_OK;
}

sl_status handle_list_learning_goals(request *r, const sl_envelope *in, sl_envelope *out)
{
    (void)in;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT " GOAL_COLUMNS "FROM learning_goals g WHERE "
                                  "g.placement_id = ?1 ORDER BY g.created_at, g.rowid",
                                  SB(r->target.placement.id));
    Stagelijn__V1__ListLearningGoalsReply *rep =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__ListLearningGoalsReply);
    stagelijn__v1__list_learning_goals_reply__init(rep);
    rep->goals = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__LearningGoal *, MAX_GOALS);
    sl_status st;
    bool row;
    while ((st = store_next(q, &row)) == SL_OK && row) {
        if (rep->n_goals == MAX_GOALS) {
            r->list_cap = MAX_GOALS; /* labels: the client says the list was cut */
            break;
        }
        Stagelijn__V1__LearningGoal *g = goal_from_row(r, q);
        g->number = (uint32_t)rep->n_goals + 1;
        rep->goals[rep->n_goals++] = g;
    }
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_LEARNING_GOALS_REPLY;
    out->list_learning_goals_reply = rep;
    return SL_OK;
}

/* ---------------------------------------------------------------- the student's own rating */

#define SELF_COLUMNS                                                                               \
    "s.id, s.placement_id, s.period, s.persoonlijk, s.arbeid, s.sociaal, s.onderzoek, s.leren, "   \
    "s.remarks, s.date, coalesce((SELECT display_name FROM users u WHERE u.id = "                  \
    "s.student_user), '') "

static Stagelijn__V1__SelfRating *self_from_row(request *r, sqlite3_stmt *q)
{
    Stagelijn__V1__SelfRating *s = SL_ARENA_NEW(r->arena, Stagelijn__V1__SelfRating);
    stagelijn__v1__self_rating__init(s);
    s->id = sl_arena_strdup(r->arena, store_col(q, 0));
    s->placement_id = sl_arena_strdup(r->arena, store_col(q, 1));
    s->period = (uint32_t)sqlite3_column_int(q, 2);
    s->ratings = SL_ARENA_NEW(r->arena, Stagelijn__V1__CompetenceRatings);
    stagelijn__v1__competence_ratings__init(s->ratings);
    s->ratings->persoonlijk = (uint32_t)sqlite3_column_int(q, 3);
    s->ratings->arbeid = (uint32_t)sqlite3_column_int(q, 4);
    s->ratings->sociaal = (uint32_t)sqlite3_column_int(q, 5);
    s->ratings->onderzoek = (uint32_t)sqlite3_column_int(q, 6);
    s->ratings->leren = (uint32_t)sqlite3_column_int(q, 7);
    s->remarks = sl_arena_strdup(r->arena, store_col(q, 8));
    s->date = sl_arena_strdup(r->arena, store_col(q, 9));
    s->student_name = sl_arena_strdup(r->arena, store_col(q, 10));
    return s;
}

sl_status self_ratings_list(request *r, const char *placement_id,
                            Stagelijn__V1__ListAssessmentsReply *rep)
{
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT " SELF_COLUMNS "FROM self_ratings s WHERE "
                                  "s.placement_id = ?1 ORDER BY s.period",
                                  SB(placement_id));
    rep->self_ratings = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__SelfRating *, 3);
    sl_status st;
    bool row;
    while ((st = store_next(q, &row)) == SL_OK && row && rep->n_self_ratings < 3)
        rep->self_ratings[rep->n_self_ratings++] = self_from_row(r, q);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    return SL_OK;
}

static bool area_ok(uint32_t v)
{
    return v >= 1 && v <= 5;
}

sl_status handle_save_self_rating(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__SelfRating *s = in->save_self_rating->rating;
    const placement_facts *pf = &r->target.placement;
    sl_status st;
    if (!s)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "rating");
    if (s->period < 1 || s->period > 3)
        return req_fail_code(r, SL_EINVAL, MSG_SELF_RATING_PERIOD);
    const Stagelijn__V1__CompetenceRatings *c = s->ratings;
    if (!c || !area_ok(c->persoonlijk) || !area_ok(c->arbeid) || !area_ok(c->sociaal) ||
        !area_ok(c->onderzoek) || !area_ok(c->leren))
        return req_fail_code(r, SL_EINVAL, MSG_RATE_FIVE_AREAS);
    if ((st = req_check_text(r, "rating.remarks", s->remarks, false)) != SL_OK)
        return st;
    sl_id fresh = sl_id_new();
    char day[11];
    sl_date_format(r->today, day);
    st = store_exec(r->st, NULL,
                    "INSERT INTO self_ratings (id, placement_id, period, persoonlijk, arbeid, "
                    "sociaal, onderzoek, leren, remarks, student_user, date, updated_at) VALUES "
                    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT "
                    "(placement_id, period) DO UPDATE SET persoonlijk = ?4, arbeid = ?5, "
                    "sociaal = ?6, onderzoek = ?7, leren = ?8, remarks = ?9, student_user = ?10, "
                    "date = ?11, updated_at = ?12",
                    SB(fresh.s), SB(pf->id), SB((int)s->period), SB((int)c->persoonlijk),
                    SB((int)c->arbeid), SB((int)c->sociaal), SB((int)c->onderzoek),
                    SB((int)c->leren), SB(s->remarks ? s->remarks : ""), SB(r->who->user_id),
                    SB(day), SB(r->now));
    if (st == SL_OK)
        st = req_audit(r, "self_rating.save", "placement", pf->id, "");
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT " SELF_COLUMNS "FROM self_ratings s WHERE "
                                  "s.placement_id = ?1 AND s.period = ?2",
                                  SB(pf->id), SB((int)s->period));
    if ((st = store_row(q)) != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_DATABASE_ERROR);
    out->self_rating = self_from_row(r, q);
    store_stmt_done(q);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_SELF_RATING;
    return SL_OK;
}
