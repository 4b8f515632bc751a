/* The social-skills training for a student sent away from an internship (plan, "Verbeteringen":
 * "sociale vaardigheidstraining voor leerlingen die zijn weggestuurd op stage"): who gives it,
 * when, done or not done. A record of its own with the student and, when known, the dropout it
 * follows, so that a dropout's case can point at it.
 *
 * Rules (docs/rules.md, "Social-skills training"):
 * - only for a student with a dropout (TRAINING_NOT_SENT_AWAY); a named dropout must be this
 *   student's;
 * - the start is planned and may lie ahead, but not before the student was sent away
 *   (TRAINING_BEFORE_DROPOUT: the named dropout, else the latest);
 * - done or not done is a recorded fact with its date: not after today (DATE_IN_FUTURE), not
 *   before the start (TRAINING_END_BEFORE_START); a training that ended is final
 *   (TRAINING_ENDED).
 * The mentor is told of every step after a dropout: each save emits `skills_training`. */
#include <stdio.h>
#include <string.h>

#include "collate.h"
#include "events.h"
#include "factdate.h"
#include "handlers.h"
#include "store.h"

#define MAX_TRAININGS 500

#define TRAINING_COLUMNS                                                                           \
    "SELECT t.id, t.student_id, coalesce(t.dropout_id, ''), t.start_date, t.trainer, t.status, "   \
    "coalesce(t.done_date, ''), t.remarks, " SQL_STUDENT_NAME(                                     \
        "s") ", c.name "                                                                           \
             "FROM social_skills_trainings t JOIN students s ON s.id = t.student_id "              \
             "JOIN classes c ON c.id = s.class_id "

static Stagelijn__V1__SocialSkillsTraining *training_from_row(request *r, sqlite3_stmt *q)
{
    Stagelijn__V1__SocialSkillsTraining *t =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__SocialSkillsTraining);
    stagelijn__v1__social_skills_training__init(t);
    t->id = sl_arena_strdup(r->arena, store_col(q, 0));
    t->student_id = sl_arena_strdup(r->arena, store_col(q, 1));
    t->dropout_id = sl_arena_strdup(r->arena, store_col(q, 2));
    t->start_date = sl_arena_strdup(r->arena, store_col(q, 3));
    t->trainer = sl_arena_strdup(r->arena, store_col(q, 4));
    t->status = (Stagelijn__V1__TrainingStatus)sqlite3_column_int(q, 5);
    t->done_date = sl_arena_strdup(r->arena, store_col(q, 6));
    t->remarks = sl_arena_strdup(r->arena, store_col(q, 7));
    t->student_name = sl_arena_strdup(r->arena, store_col(q, 8));
    t->class_name = sl_arena_strdup(r->arena, store_col(q, 9));
    return t;
}

static bool has_text(const char *s)
{
    return s && s[0];
}

/* The day the student was sent away: the named dropout (which must be the student's), else
 * the latest. Refuses a student without a dropout. */
static sl_status sent_away_on(request *r, const char *student_id, const char *dropout_id,
                              sl_date *day)
{
    sqlite3_stmt *q;
    if (has_text(dropout_id)) {
        sl_status st = req_check_id(r, "dropout_id", dropout_id);
        if (st != SL_OK)
            return st;
        q = store_query(r->st, "SELECT date FROM dropouts WHERE id = ?1 AND student_id = ?2",
                        SB(dropout_id), SB(student_id));
    } else {
        q = store_query(r->st,
                        "SELECT date FROM dropouts WHERE student_id = ?1 ORDER BY date DESC "
                        "LIMIT 1",
                        SB(student_id));
    }
    sl_status st = store_row(q);
    if (st == SL_ENOTFOUND && has_text(dropout_id))
        return req_fail_code(r, SL_EINVAL, MSG_TRAINING_NOT_THIS_DROPOUT);
    if (st == SL_ENOTFOUND) {
        req_violation(r, "TRAINING_NOT_SENT_AWAY", "the student has no recorded dropout", false);
        return req_fail_code(r, SL_EPRECOND, MSG_TRAINING_NOT_SENT_AWAY);
    }
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    bool ok = sl_date_parse(store_col(q, 0), day);
    store_stmt_done(q);
    return ok ? SL_OK : req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
}

/* The end of a training: none while planned; a date, not after today and not before the
 * start, once done or not done. */
static sl_status check_end(request *r, int status, const char *done_date, sl_date start)
{
    bool ended = status != STAGELIJN__V1__TRAINING_STATUS__TRAINING_PLANNED;
    if (!ended)
        return has_text(done_date) ? req_fail_code(r, SL_EINVAL, MSG_TRAINING_PLANNED_NO_END)
                                   : SL_OK;
    if (!has_text(done_date))
        return req_fail_code(r, SL_EINVAL, MSG_TRAINING_END_NEEDS_DATE);
    return factdate_require(r, "end of the social-skills training", "done_date", done_date,
                            factdate_since(start), "TRAINING_END_BEFORE_START", NULL);
}

static sl_status create_training(request *r, const Stagelijn__V1__SocialSkillsTraining *t,
                                 int status, char *id)
{
    const student_facts *sf = &r->target.student;
    sl_status st;
    if ((st = req_check_text(r, "trainer", t->trainer, true)) != SL_OK)
        return st;
    sl_date start, away;
    if (!has_text(t->start_date) || !sl_date_parse(t->start_date, &start))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "start_date");
    if ((st = sent_away_on(r, sf->id, t->dropout_id, &away)) != SL_OK)
        return st;
    if (sl_date_compare(start, away) < 0) {
        char day[11];
        sl_date_format(away, day);
        req_violation(r, "TRAINING_BEFORE_DROPOUT",
                      sl_arena_printf(r->arena, "sent away on %s", day), false);
        return req_fail_code(r, SL_EPRECOND, MSG_TRAINING_BEFORE_DROPOUT, day);
    }
    if ((st = check_end(r, status, t->done_date, start)) != SL_OK)
        return st;
    sl_id nid = sl_id_new();
    snprintf(id, SL_ID_LEN + 1, "%s", nid.s);
    return store_exec(r->st, NULL,
                      "INSERT INTO social_skills_trainings (id, student_id, dropout_id, "
                      "start_date, trainer, status, done_date, remarks, created_by, created_at, "
                      "updated_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?10)",
                      SB(id), SB(sf->id), SB(has_text(t->dropout_id) ? t->dropout_id : NULL),
                      SB(t->start_date), SB(t->trainer), SB(status),
                      SB(has_text(t->done_date) ? t->done_date : NULL),
                      SB(t->remarks ? t->remarks : ""), SB(r->who->user_id), SB(r->now));
}

/* Records how a planned training went (or replaces who, when, remarks while planned). */
static sl_status update_training(request *r, const Stagelijn__V1__SocialSkillsTraining *t,
                                 int status, char *id)
{
    const student_facts *sf = &r->target.student;
    sl_status st = req_check_id(r, "id", t->id);
    if (st != SL_OK || (st = req_check_text(r, "trainer", t->trainer, false)) != SL_OK)
        return st;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT status, start_date FROM social_skills_trainings "
                                  "WHERE id = ?1 AND student_id = ?2",
                                  SB(t->id), SB(sf->id));
    st = store_row(q);
    if (st == SL_ENOTFOUND)
        return req_fail_code(r, SL_ENOTFOUND, MSG_NO_SUCH_TRAINING);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    int from = sqlite3_column_int(q, 0);
    char stored_start[11];
    snprintf(stored_start, sizeof stored_start, "%s", store_col(q, 1));
    store_stmt_done(q);
    if (from != STAGELIJN__V1__TRAINING_STATUS__TRAINING_PLANNED) {
        req_violation(r, "TRAINING_ENDED", "a training that ended is not changed", false);
        return req_fail_code(r, SL_EPRECOND, MSG_TRAINING_ENDED);
    }
    const char *start_text = has_text(t->start_date) ? t->start_date : stored_start;
    sl_date start, away;
    if (!sl_date_parse(start_text, &start))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "start_date");
    if (has_text(t->start_date)) {
        if ((st = sent_away_on(r, sf->id, t->dropout_id, &away)) != SL_OK)
            return st;
        if (sl_date_compare(start, away) < 0) {
            char day[11];
            sl_date_format(away, day);
            req_violation(r, "TRAINING_BEFORE_DROPOUT",
                          sl_arena_printf(r->arena, "sent away on %s", day), false);
            return req_fail_code(r, SL_EPRECOND, MSG_TRAINING_BEFORE_DROPOUT, day);
        }
    }
    if ((st = check_end(r, status, t->done_date, start)) != SL_OK)
        return st;
    snprintf(id, SL_ID_LEN + 1, "%s", t->id);
    /* Empty text keeps what is stored: recording "done" alone changes nothing else. */
    return store_exec(r->st, NULL,
                      "UPDATE social_skills_trainings SET status = ?2, done_date = ?3, "
                      "start_date = ?4, trainer = CASE WHEN ?5 = '' THEN trainer ELSE ?5 END, "
                      "remarks = CASE WHEN ?6 = '' THEN remarks ELSE ?6 END, updated_at = ?7 "
                      "WHERE id = ?1",
                      SB(id), SB(status), SB(has_text(t->done_date) ? t->done_date : NULL),
                      SB(start_text), SB(t->trainer ? t->trainer : ""),
                      SB(t->remarks ? t->remarks : ""), SB(r->now));
}

sl_status handle_save_social_skills_training(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__SocialSkillsTraining *t = in->save_social_skills_training->training;
    if (!t)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "training");
    if (t->status > STAGELIJN__V1__TRAINING_STATUS__TRAINING_NOT_DONE)
        return req_fail_code(r, SL_EINVAL, MSG_TRAINING_STATUS_VALUES);
    sl_status st = req_check_text(r, "remarks", t->remarks, false);
    if (st != SL_OK)
        return st;
    bool create = !has_text(t->id);
    int status = t->status ? (int)t->status : STAGELIJN__V1__TRAINING_STATUS__TRAINING_PLANNED;
    char id[SL_ID_LEN + 1];
    st = create ? create_training(r, t, status, id) : update_training(r, t, status, id);
    if (st != SL_OK)
        return r->errmsg[0] ? st : req_fail_code(r, st, MSG_CANNOT_SAVE_TRAINING);
    char details[32];
    snprintf(details, sizeof details, "status=%d", status);
    /* The status as the protocol's stable word (TrainingStatus), which clients translate. */
    static const char *const word[] = {"", "planned", "done", "not_done"};
    const char *when = status == STAGELIJN__V1__TRAINING_STATUS__TRAINING_PLANNED
                           ? (has_text(t->start_date) ? t->start_date : "")
                           : t->done_date;
    req_detail_text d = when && when[0]
                            ? req_detail(r, DET_EV_SKILLS_TRAINING_ON, word[status], when)
                            : req_detail(r, DET_EV_SKILLS_TRAINING, word[status]);
    event_spec ev = {.topic = "skills_training",
                     .student_id = r->target.student.id,
                     .class_id = r->target.student.class_id,
                     .summary = d.text,
                     .coded = d};
    if ((st = events_append(r, &ev)) != SL_OK ||
        (st = req_audit(r, create ? "skills_training.enrol" : "skills_training.update",
                        "social_skills_training", id, details)) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_SAVE_TRAINING);
    sqlite3_stmt *q = store_query(r->st, TRAINING_COLUMNS "WHERE t.id = ?1", SB(id));
    if ((st = store_row(q)) != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_DATABASE_ERROR);
    out->social_skills_training = training_from_row(r, q);
    store_stmt_done(q);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_SOCIAL_SKILLS_TRAINING;
    return SL_OK;
}

sl_status handle_list_social_skills_trainings(request *r, const sl_envelope *in, sl_envelope *out)
{
    const char *student = in->list_social_skills_trainings->student_id;
    sl_status rs;
    bool row;
    if (has_text(student) && (rs = req_check_id(r, "student_id", student)) != SL_OK)
        return rs;
    sqlite3_stmt *q = store_query(
        r->st,
        TRAINING_COLUMNS "WHERE (?1 = '' OR t.student_id = ?1)"
                         " AND (?2 <> 'class' OR s.class_id IN (SELECT id FROM classes WHERE "
                         "mentor_id = ?3))"
                         " AND (?2 <> 'self' OR s.user_id = ?3)"
                         " ORDER BY t.start_date DESC, t.created_at DESC, t.id LIMIT ?4",
        SB(student ? student : ""), SB(scope_word(r->target.scope)), SB(r->who->user_id),
        SB(MAX_TRAININGS + 1));
    if (!q)
        return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    Stagelijn__V1__ListSocialSkillsTrainingsReply *rep =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__ListSocialSkillsTrainingsReply);
    stagelijn__v1__list_social_skills_trainings_reply__init(rep);
    rep->trainings = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__SocialSkillsTraining *, MAX_TRAININGS);
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        if (rep->n_trainings == MAX_TRAININGS) {
            rep->truncated = true;
            r->list_cap = MAX_TRAININGS; /* labels: said under the list too */
            store_stmt_done(q);
            break;
        }
        rep->trainings[rep->n_trainings++] = training_from_row(r, q);
    }
    if (rs != SL_OK)
        return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_SOCIAL_SKILLS_TRAININGS_REPLY;
    out->list_social_skills_trainings_reply = rep;
    return SL_OK;
}
