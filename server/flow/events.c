#include "events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "collate.h"
#include "log.h"
#include "session.h"
#include "auth.h"
#include "target.h"
#include "timeutil.h"

#define PUMP_CHUNK 256

/* A coach's caseload for events: the students of whom user `u` coaches a placement (any, so
 * that what happens after it ended still reaches the coach who knew the intern) or is the
 * support coach. The live fan-out's live_sql lists the same people per event. */
#define SQL_CASELOAD_STUDENTS(u)                                                                   \
    "SELECT p9.student_id FROM placements p9 WHERE p9.coach_id = " u                               \
    " UNION SELECT s9.id FROM students s9 WHERE s9.support_coach_id = " u

/* Splits a stored summary's code and parameters (columns col, col + 1) into ev (arena). */
static void fill_summary_code(sl_arena *a, sqlite3_stmt *st, int col, Stagelijn__V1__Event *ev)
{
    const char *code = (const char *)sqlite3_column_text(st, col);
    if (!code || !code[0])
        return;
    ev->summary_code = sl_arena_strdup(a, code);
    char *params = sl_arena_strdup(a, (const char *)sqlite3_column_text(st, col + 1));
    ev->summary_params = SL_ARENA_ARRAY(a, char *, SL_MESSAGE_MAX_PARAMS);
    ev->n_summary_params =
        sl_message_params_split(params, ev->summary_params, SL_MESSAGE_MAX_PARAMS);
}

sl_status events_append(request *r, const event_spec *e)
{
    char *params = sl_message_params_join(e->coded.params, e->coded.n_params);
    if (!params)
        return SL_ENOMEM;
    sl_status rs = store_exec(
        r->st, NULL,
        "INSERT INTO events (topic, at, student_id, placement_id, company_id, class_id, summary, "
        "actor_id, summary_code, summary_params) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        SB(e->topic), SB(r->now), SB(e->student_id), SB(e->placement_id), SB(e->company_id),
        SB(e->class_id), SB(e->summary ? e->summary : ""), SB(r->who ? r->who->user_id : NULL),
        SB(e->coded.code ? e->coded.code : ""), SB(params));
    free(params);
    return rs;
}

sl_status events_append_unattended(store *st, int64_t now, const event_spec *e, uint64_t *seq)
{
    sl_status rs = store_exec(st, NULL,
                              "INSERT INTO events (topic, at, student_id, placement_id, "
                              "company_id, class_id, summary) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                              SB(e->topic), SB(now), SB(e->student_id), SB(e->placement_id),
                              SB(e->company_id), SB(e->class_id), SB(e->summary ? e->summary : ""));
    if (rs == SL_OK)
        *seq = (uint64_t)sqlite3_last_insert_rowid(store_db(st));
    return rs;
}

sl_status events_max_seq(store *s, uint64_t *seq)
{
    sqlite3_stmt *st = store_query(s, "SELECT coalesce(max(seq), 0) FROM events", SB_NONE);
    sl_status r = store_row(st);
    if (r != SL_OK)
        return r == SL_ENOTFOUND ? SL_EINTERNAL : r; /* an aggregate always has its row */
    *seq = (uint64_t)sqlite3_column_int64(st, 0);
    store_stmt_done(st);
    return SL_OK;
}

/* What a person may see is decided in one place, this condition, for push, replay and
 * ListNotifications: the scope the policy gives for OP_NOTIFICATIONS_READ /
 * OP_EVENTS_SUBSCRIBE, narrowed for a coach to his/her caseload. A company hears of events
 * about placements it can still see (not about a student's later internships elsewhere, nor
 * after its access ended). Parameters: ?1 after, ?2 up to (seq), ?3 scope word, ?4 user, ?5
 * company, ?7 now, ?12 the user whose caseload narrows it ('' = not narrowed), ?14 the
 * subscriber account whose granted topics narrow it ('' = not narrowed). */
/* clang-format off */
#define VISIBLE_WHERE                                                                              \
    "FROM events e WHERE seq > ?1 AND seq <= ?2 AND ("                                             \
    " ?3 = 'all'"                                                                                  \
    " OR (?3 = 'class' AND class_id IN (SELECT id FROM classes WHERE mentor_id = ?4))"             \
    " OR (?3 = 'company' AND company_id = ?5 AND placement_id IN (SELECT p.id FROM placements p "  \
    "     WHERE p.company_id = ?5 AND " SQL_PLACEMENT_VISIBLE_TO_COMPANY("p.", "?7") "))"          \
    " OR (?3 = 'self' AND student_id IN (SELECT id FROM students WHERE user_id = ?4)))"            \
    " AND (?12 = '' OR student_id IS NULL OR student_id IN (" SQL_CASELOAD_STUDENTS("?12") "))"  \
    " AND (?14 = '' OR topic IN (SELECT g.topic FROM subscriber_topics g WHERE g.user_id = ?14))"
/* clang-format on */

/* The event row keeps ids only; the names are joined in when it is read, so a renamed or
 * erased student is never repeated from the log. */
#define EVENT_COLUMNS                                                                              \
    "SELECT seq, topic, at, coalesce(student_id, ''), coalesce(placement_id, ''), "                \
    "coalesce(company_id, ''), coalesce(class_id, ''), summary, coalesce(actor_id, ''), "          \
    "coalesce((SELECT " SQL_STUDENT_NAME(                                                          \
        "s") " FROM students s WHERE s.id = e.student_id), ''), "                                  \
             "coalesce((SELECT name FROM companies WHERE id = e.company_id), ''), "                \
             "coalesce((SELECT name FROM classes WHERE id = e.class_id), ''), "                    \
             "coalesce((SELECT display_name FROM users WHERE id = e.actor_id), ''), "              \
             "summary_code, summary_params "

/* The column of summary_code in EVENT_COLUMNS (summary_params follows). */
#define EVENT_CODE_COLUMN 13

/* Push and replay: oldest first, from the subscriber's cursor on. */
static const char visible_sql[] = EVENT_COLUMNS VISIBLE_WHERE " ORDER BY seq LIMIT ?6";
/* ListNotifications: newest first (people look for what is new), one page of the range. */
static const char page_sql[] = EVENT_COLUMNS VISIBLE_WHERE " ORDER BY seq DESC LIMIT ?6 OFFSET ?8";
static const char count_sql[] = "SELECT count(*) " VISIBLE_WHERE;

/* The subscriber account whose grants narrow what `who` reads; "" for everyone else. */
static const char *granted_user(const sl_principal *who)
{
    return who->role == ROLE_SUBSCRIBER ? who->user_id : "";
}

/* `now` (unix seconds) decides whether a company's access to a placement has ended;
 * `caseload` is the user whose caseload narrows the events ("" for none). */
static sqlite3_stmt *query_visible(store *s, const char *sql, const sl_principal *who,
                                   sl_scope scope, const char *caseload, uint64_t after,
                                   uint64_t upto, int limit, int offset, int64_t now)
{
    return store_query(s, sql, SB((int64_t)after), SB((int64_t)upto), SB(scope_word(scope)),
                       SB(who->user_id), SB(who->company_id), SB(limit), SB(now), SB(offset),
                       SB_NULL, SB_NULL, SB_NULL, SB(caseload), SB_NULL, SB(granted_user(who)));
}

static void fill_event(sl_arena *a, sqlite3_stmt *st, Stagelijn__V1__Event *ev)
{
    stagelijn__v1__event__init(ev);
    char at[32];
    ev->seq = (uint64_t)sqlite3_column_int64(st, 0);
    ev->topic = sl_arena_strdup(a, (const char *)sqlite3_column_text(st, 1));
    sl_time_format_rfc3339(sqlite3_column_int64(st, 2), at);
    ev->at = sl_arena_strdup(a, at);
    ev->student_id = sl_arena_strdup(a, (const char *)sqlite3_column_text(st, 3));
    ev->placement_id = sl_arena_strdup(a, (const char *)sqlite3_column_text(st, 4));
    ev->company_id = sl_arena_strdup(a, (const char *)sqlite3_column_text(st, 5));
    ev->class_id = sl_arena_strdup(a, (const char *)sqlite3_column_text(st, 6));
    ev->summary = sl_arena_strdup(a, (const char *)sqlite3_column_text(st, 7));
    ev->actor_id = sl_arena_strdup(a, (const char *)sqlite3_column_text(st, 8));
    ev->student_name = sl_arena_strdup(a, (const char *)sqlite3_column_text(st, 9));
    ev->company_name = sl_arena_strdup(a, (const char *)sqlite3_column_text(st, 10));
    ev->class_name = sl_arena_strdup(a, (const char *)sqlite3_column_text(st, 11));
    ev->actor_name = sl_arena_strdup(a, (const char *)sqlite3_column_text(st, 12));
}

int events_list_page(request *r, const sl_principal *who, sl_scope scope, bool caseload_only,
                     uint64_t after, uint64_t upto, int limit, int offset,
                     Stagelijn__V1__Event **out, uint32_t *total)
{
    const char *caseload = caseload_only ? who->user_id : "";
    sqlite3_stmt *st =
        query_visible(r->st, count_sql, who, scope, caseload, after, upto, limit, 0, r->now);
    if (store_row(st) != SL_OK)
        return -1;
    *total = (uint32_t)sqlite3_column_int64(st, 0);
    store_stmt_done(st);
    st = query_visible(r->st, page_sql, who, scope, caseload, after, upto, limit, offset, r->now);
    if (!st)
        return -1;
    int n = 0;
    bool row;
    sl_status rs = SL_OK;
    while (n < limit && (rs = store_next(st, &row)) == SL_OK && row) {
        out[n] = SL_ARENA_NEW(r->arena, Stagelijn__V1__Event);
        fill_event(r->arena, st, out[n]);
        fill_summary_code(r->arena, st, EVENT_CODE_COLUMN, out[n]);
        n++;
    }
    store_stmt_done(st);
    return rs == SL_OK ? n : -1;
}

bool events_caseload_only(sl_role role, bool all_school)
{
    return (role == ROLE_COACH || role == ROLE_SUPPORT_COACH) && !all_school;
}

/* ---------------------------------------------------------------- the inbox
 * VISIBLE_WHERE narrowed: ?9 kind (a topic or a due kind, the first word of a review_due
 * summary), ?10 student (an id, or part of the name), ?11 state (0 open, 1 acknowledged, 2 any),
 * ?13 one seq (0 = any); own interns only is VISIBLE_WHERE's caseload (?12). */
#define INBOX_WHERE                                                                                \
    VISIBLE_WHERE                                                                                  \
    " AND (?9 = '' OR topic = ?9 OR (topic = 'review_due' AND "                                    \
    "      substr(summary, 1, length(?9) + 1) = ?9 || ' '))"                                       \
    " AND (?10 = '' OR student_id = ?10 OR student_id IN (SELECT s3.id FROM students s3 WHERE "    \
    "      instr(lower(" SQL_STUDENT_NAME(                                                         \
        "s3") "), lower(?10)) > 0))"                                                               \
              " AND (?11 = 2 OR (?11 = 1) = EXISTS (SELECT 1 FROM inbox_acks k WHERE k.user_id = " \
              "?4 "                                                                                \
              "      AND k.seq = e.seq))"                                                          \
              " AND (?13 = 0 OR seq = ?13)"

static const char inbox_sql[] = EVENT_COLUMNS
    ", EXISTS (SELECT 1 FROM inbox_acks k WHERE k.user_id = ?4 AND k.seq = e.seq) " INBOX_WHERE
    " ORDER BY seq DESC LIMIT ?6 OFFSET ?8";
static const char inbox_count_sql[] = "SELECT count(*) " INBOX_WHERE;
static const char inbox_ack_sql[] =
    "INSERT OR IGNORE INTO inbox_acks (user_id, seq, at) SELECT ?4, seq, ?7 " INBOX_WHERE;

static sqlite3_stmt *query_inbox(request *r, const char *sql, sl_scope scope, const inbox_filter *f,
                                 int limit, int offset, uint64_t seq)
{
    return store_query(
        r->st, sql, SB((int64_t)0), SB(r->srv->committed_seq), SB(scope_word(scope)),
        SB(r->who->user_id), SB(r->who->company_id), SB(limit), SB(r->now), SB(offset),
        SB(f->kind ? f->kind : ""), SB(f->student_id ? f->student_id : ""), SB(f->state),
        SB(f->own_only ? r->who->user_id : ""), SB((int64_t)seq), SB(granted_user(r->who)));
}

/* events_inbox_page, or with seq the one item `seq` if it matches. */
static int inbox_items(request *r, sl_scope scope, const inbox_filter *f, uint64_t seq, int limit,
                       int offset, Stagelijn__V1__InboxItem **out, uint32_t *total)
{
    sqlite3_stmt *st = query_inbox(r, inbox_count_sql, scope, f, limit, offset, seq);
    if (store_row(st) != SL_OK)
        return -1;
    *total = (uint32_t)sqlite3_column_int64(st, 0);
    store_stmt_done(st);
    if (!(st = query_inbox(r, inbox_sql, scope, f, limit, offset, seq)))
        return -1;
    int n = 0;
    bool row;
    sl_status rs = SL_OK;
    while (n < limit && (rs = store_next(st, &row)) == SL_OK && row) {
        Stagelijn__V1__InboxItem *it = SL_ARENA_NEW(r->arena, Stagelijn__V1__InboxItem);
        stagelijn__v1__inbox_item__init(it);
        it->event = SL_ARENA_NEW(r->arena, Stagelijn__V1__Event);
        fill_event(r->arena, st, it->event);
        fill_summary_code(r->arena, st, EVENT_CODE_COLUMN, it->event);
        it->acknowledged = sqlite3_column_int(st, 15) != 0;
        out[n++] = it;
    }
    store_stmt_done(st);
    return rs == SL_OK ? n : -1;
}

int events_inbox_page(request *r, sl_scope scope, const inbox_filter *f, int limit, int offset,
                      Stagelijn__V1__InboxItem **out, uint32_t *total)
{
    return inbox_items(r, scope, f, 0, limit, offset, out, total);
}

int events_inbox_ack(request *r, sl_scope scope, const inbox_filter *f, uint64_t seq, bool *found)
{
    inbox_filter any = {"", "", STAGELIJN__V1__INBOX_STATE__INBOX_ANY, false};
    const inbox_filter *use = seq ? &any : f;
    int changes = 0;
    *found = true;
    if (store_exec_binds(
            r->st, &changes, inbox_ack_sql,
            (const sl_bind[]){SB((int64_t)0), SB(r->srv->committed_seq), SB(scope_word(scope)),
                              SB(r->who->user_id), SB(r->who->company_id), SB(0), SB(r->now), SB(0),
                              SB(use->kind ? use->kind : ""),
                              SB(use->student_id ? use->student_id : ""), SB(use->state),
                              SB(use->own_only ? r->who->user_id : ""), SB((int64_t)seq),
                              SB(granted_user(r->who)), SB_END}) != SL_OK)
        return -1;
    if (seq && changes == 0) {
        /* Nothing new: acknowledged before, or not an event the caller may see. */
        sqlite3_stmt *st = query_inbox(r, inbox_count_sql, scope, &any, 0, 0, seq);
        if (store_row(st) != SL_OK)
            return -1;
        *found = sqlite3_column_int64(st, 0) > 0;
        store_stmt_done(st);
    }
    return changes;
}

/* Every topic an event is raised with (docs/protocol.md, "Event topics"): what an
 * administrator may grant a subscriber account. A new topic is added here (at the end: the
 * index is a bit of conn_subscription.granted_topics, never stored). */
static const char *const event_topics[] = {
    "placement",      "placement_status",    "assessment",  "dropout",     "sector_switch",
    "readiness",      "study_advice",        "exam_result", "group_ready", "skills_training",
    "exit",           "dropout_step",        "risk",        "review_due",  "absence",
    "week_corrected", "working_time_breach",
};
#define N_TOPICS ((int)(sizeof event_topics / sizeof event_topics[0]))
_Static_assert(N_TOPICS <= 32, "granted topics are bits of a uint32_t");

int events_topic_index(const char *topic)
{
    for (int i = 0; topic && i < N_TOPICS; i++)
        if (strcmp(event_topics[i], topic) == 0)
            return i;
    return -1;
}

const char *events_topic_name(int i)
{
    return i >= 0 && i < N_TOPICS ? event_topics[i] : NULL;
}

sl_status events_granted_topics(store *st, const char *user_id, uint32_t *mask)
{
    sqlite3_stmt *q =
        store_query(st, "SELECT topic FROM subscriber_topics WHERE user_id = ?1", SB(user_id));
    bool row;
    sl_status rs;
    *mask = 0;
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        int i = events_topic_index(store_col(q, 0));
        if (i >= 0)
            *mask |= 1u << i;
    }
    store_stmt_done(q);
    return rs;
}

/* ---------------------------------------------------------------- the inbox, grouped
 * (subs, issue 9): the items of one kind about one intern as one line. A review_due event's
 * summary is "<due kind> <YYYY-MM-DD> <key>" (docs/rules.md, "Reviews due"); other events
 * group by topic and the UTC day they were raised. */
/* clang-format off */
#define GROUP_KIND                                                                                 \
    "(CASE WHEN topic = 'review_due' THEN substr(summary, 1, instr(summary || ' ', ' ') - 1) "      \
    "ELSE topic END)"
#define GROUP_DATE                                                                                 \
    "(CASE WHEN topic = 'review_due' THEN substr(summary, instr(summary, ' ') + 1, 10) "           \
    "ELSE date(at, 'unixepoch') END)"
#define GROUP_KEY                                                                                  \
    "(CASE WHEN topic = 'review_due' THEN substr(summary, instr(summary, ' ') + 12) ELSE '' END)"

static const char group_sql[] =
    "SELECT " GROUP_KIND " AS group_kind, coalesce(student_id, '') AS group_student, count(*), "
    "sum(NOT EXISTS (SELECT 1 FROM inbox_acks k WHERE k.user_id = ?4 AND k.seq = e.seq)), "
    "min(" GROUP_DATE "), max(" GROUP_DATE "), min(" GROUP_KEY "), max(" GROUP_KEY "), max(seq) "
    INBOX_WHERE " GROUP BY group_kind, group_student ORDER BY max(seq) DESC LIMIT ?6 OFFSET ?8";
static const char group_count_sql[] =
    "SELECT count(*) FROM (SELECT 1 " INBOX_WHERE " GROUP BY " GROUP_KIND ", "
    "coalesce(student_id, ''))";
/* ?15: the seq that names the group. */
static const char group_ack_sql[] =
    "INSERT OR IGNORE INTO inbox_acks (user_id, seq, at) SELECT ?4, seq, ?7 " INBOX_WHERE
    " AND " GROUP_KIND " = (SELECT " GROUP_KIND " FROM events WHERE seq = ?15)"
    " AND coalesce(student_id, '') = (SELECT coalesce(student_id, '') FROM events WHERE seq = ?15)";
/* clang-format on */

/* The group row of group_sql into g (from the arena); its newest item is read afterwards. */
static void fill_group(sl_arena *a, sqlite3_stmt *st, Stagelijn__V1__InboxGroup *g)
{
    stagelijn__v1__inbox_group__init(g);
    g->kind = sl_arena_strdup(a, store_col(st, 0));
    g->student_id = sl_arena_strdup(a, store_col(st, 1));
    g->count = (uint32_t)sqlite3_column_int64(st, 2);
    g->open = (uint32_t)sqlite3_column_int64(st, 3);
    g->first_date = sl_arena_strdup(a, store_col(st, 4));
    g->last_date = sl_arena_strdup(a, store_col(st, 5));
    g->first_key = sl_arena_strdup(a, store_col(st, 6));
    g->last_key = sl_arena_strdup(a, store_col(st, 7));
}

int events_inbox_groups(request *r, sl_scope scope, const inbox_filter *f, int limit, int offset,
                        Stagelijn__V1__InboxGroup **out, uint32_t *total)
{
    sqlite3_stmt *st = query_inbox(r, group_count_sql, scope, f, limit, offset, 0);
    if (store_row(st) != SL_OK)
        return -1;
    *total = (uint32_t)sqlite3_column_int64(st, 0);
    store_stmt_done(st);
    uint64_t *newest = SL_ARENA_ARRAY(r->arena, uint64_t, (size_t)(limit > 0 ? limit : 1));
    if (!(st = query_inbox(r, group_sql, scope, f, limit, offset, 0)))
        return -1;
    int n = 0;
    bool row;
    sl_status rs = SL_OK;
    while (n < limit && (rs = store_next(st, &row)) == SL_OK && row) {
        out[n] = SL_ARENA_NEW(r->arena, Stagelijn__V1__InboxGroup);
        fill_group(r->arena, st, out[n]);
        newest[n++] = (uint64_t)sqlite3_column_int64(st, 8);
    }
    store_stmt_done(st);
    if (rs != SL_OK)
        return -1;
    /* Each group's newest item, with the names, once the group query is done. */
    for (int i = 0; i < n; i++) {
        Stagelijn__V1__InboxItem *one[1];
        uint32_t matching;
        int got = inbox_items(r, scope, f, newest[i], 1, 0, one, &matching);
        if (got < 0)
            return -1;
        out[i]->newest = got == 1 ? one[0] : NULL;
    }
    return n;
}

int events_inbox_ack_group(request *r, sl_scope scope, const inbox_filter *f, uint64_t seq,
                           bool *found)
{
    inbox_filter any = {"", "", STAGELIJN__V1__INBOX_STATE__INBOX_ANY, false};
    sqlite3_stmt *st = query_inbox(r, inbox_count_sql, scope, &any, 0, 0, seq);
    if (store_row(st) != SL_OK)
        return -1;
    *found = sqlite3_column_int64(st, 0) > 0;
    store_stmt_done(st);
    if (!*found)
        return 0;
    int changes = 0;
    if (store_exec_binds(
            r->st, &changes, group_ack_sql,
            (const sl_bind[]){SB((int64_t)0), SB(r->srv->committed_seq), SB(scope_word(scope)),
                              SB(r->who->user_id), SB(r->who->company_id), SB(0), SB(r->now), SB(0),
                              SB(f->kind ? f->kind : ""), SB(f->student_id ? f->student_id : ""),
                              SB(STAGELIJN__V1__INBOX_STATE__INBOX_OPEN),
                              SB(f->own_only ? r->who->user_id : ""), SB((int64_t)0),
                              SB(granted_user(r->who)), SB((int64_t)seq), SB_END}) != SL_OK)
        return -1;
    return changes;
}

static bool topic_wanted(const conn *c, const char *topic)
{
    const conn_subscription *s = c->sub;
    if (s && s->granted_only) {
        int i = events_topic_index(topic);
        if (i < 0 || !(s->granted_topics & (1u << i)))
            return false;
    }
    if (!s || s->n_topics == 0)
        return true;
    for (int i = 0; i < s->n_topics; i++)
        if (strcmp(s->topics[i], topic) == 0)
            return true;
    return false;
}

/* A subscription lives only as long as its session: a logout elsewhere, a password change,
 * expiry or a disabled account ends the stream. */
static bool subscriber_session_valid(conn *c)
{
    if (session_valid(c, c->srv->reader, sl_now_unix()))
        return true;
    c->subscribed = false;
    c->authed = false;
    conn_send_error(c, 0, STAGELIJN__V1__ERROR_CODE__ERROR_UNAUTHENTICATED,
                    "session ended; subscribe again after logging in");
    conn_close(c, true);
    return false;
}

void events_pump(conn *c)
{
    sl_server *srv = c->srv;
    if (c->dead || c->closing || !c->subscribed || c->inflight > 0)
        return; /* a queued SubscribeReply must go first; the commit path pumps again */
    if (c->sub_cursor >= (uint64_t)srv->committed_seq)
        return;
    /* A subscriber's session is re-checked whenever something is to be sent: the connection
     * sends no requests that would check it. */
    if (!subscriber_session_valid(c))
        return;
    sl_scope scope = policy_scope(c->who.role, OP_EVENTS_SUBSCRIBE);
    const char *caseload = c->sub && c->sub->caseload_only ? c->who.user_id : "";
    int64_t now = sl_now_unix(); /* no request here: the server's clock, read once */
    sl_arena *a = sl_arena_new();
    while (c->sub_cursor < (uint64_t)srv->committed_seq && !conn_output_full(c)) {
        sqlite3_stmt *st =
            query_visible(srv->reader, visible_sql, &c->who, scope, caseload, c->sub_cursor,
                          (uint64_t)srv->committed_seq, PUMP_CHUNK, 0, now);
        if (!st)
            break;
        int rows = 0;
        uint64_t last = c->sub_cursor;
        bool row;
        sl_status rs = SL_OK;
        while (!conn_output_full(c) && (rs = store_next(st, &row)) == SL_OK && row) {
            rows++;
            Stagelijn__V1__Event ev;
            fill_event(a, st, &ev);
            fill_summary_code(a, st, EVENT_CODE_COLUMN, &ev);
            last = ev.seq;
            if (!topic_wanted(c, ev.topic))
                continue;
            sl_envelope env = STAGELIJN__V1__ENVELOPE__INIT;
            env.request_id = 0;
            env.body_case = STAGELIJN__V1__ENVELOPE__BODY_EVENT;
            env.event = &ev;
            size_t len;
            uint8_t *frame = sl_envelope_pack_frame(&env, (size_t)srv->cfg.max_frame_bytes, &len);
            if (frame) {
                conn_send_frame(c, frame, len);
                srv->metrics.events_pushed++;
            }
        }
        store_stmt_done(st);
        if (rs != SL_OK) {
            /* Keep the cursor at the last event sent: a failed read is not "no more events",
             * and the next commit pumps again from there. */
            c->sub_cursor = last;
            break;
        }
        c->sub_cursor = rows ? last : (uint64_t)srv->committed_seq;
        sl_arena_reset(a);
    }
    sl_arena_free(a);
}

/* ---------------------------------------------------------------- live fan-out
 *
 * After a commit, the subscribers that are up to date (cursor at the old horizon) get the new
 * events without a query each: the events are read once with the facts visibility needs,
 * each packed once, and every subscriber's visibility is decided in memory. Subscribers
 * that are behind (replaying, or stalled on a full output buffer) go through events_pump's
 * query instead. live_visible() must decide exactly as visible_sql does; the fan-out test
 * (tests/integration/test_fanout.c) compares the two for every scope. */

#define LIVE_MAX 256

typedef struct {
    uint64_t seq;
    char topic[CONN_TOPIC_LEN];
    char company_id[SL_ID_LEN + 1];
    char class_mentor[SL_ID_LEN + 1]; /* mentor of the event's class; "" for none */
    char student_user[SL_ID_LEN + 1]; /* login of the event's student; "" for none */
    bool company_current; /* the event's placement is at its company and still visible there */
    /* The users in whose caseload the event's student is (SQL_CASELOAD_STUDENTS), each id
     * followed by ','; NULL for an event about no student. Owned. */
    char *caseload_of;
    uint8_t *frame; /* packed once, written to every subscriber that may see it */
    size_t len;
} live_event;

/* The columns of EVENT_COLUMNS (0-14: the event with its names and its code), then what
 * decides who may see it: 15 the class's mentor, 16 the student's login, 17 whether the
 * placement is at the event's company and still visible there, 18 whether the event is about
 * no student, 19 the caseload users ("a,b,"). */
/* clang-format off */
static const char live_sql[] =
    "SELECT e.seq, e.topic, e.at, coalesce(e.student_id, ''), coalesce(e.placement_id, ''), "
    "coalesce(e.company_id, ''), coalesce(e.class_id, ''), e.summary, coalesce(e.actor_id, ''), "
    "coalesce((SELECT " SQL_STUDENT_NAME("s2") " FROM students s2 WHERE s2.id = e.student_id), ''), "
    "coalesce((SELECT name FROM companies WHERE id = e.company_id), ''), coalesce(c.name, ''), "
    "coalesce((SELECT display_name FROM users WHERE id = e.actor_id), ''), "
    "e.summary_code, e.summary_params, "
    "coalesce(c.mentor_id, ''), coalesce(s.user_id, ''), "
    "p.id IS NOT NULL AND p.company_id = e.company_id AND "
    SQL_PLACEMENT_VISIBLE_TO_COMPANY("p.", "?4") ", "
    "e.student_id IS NULL, coalesce((SELECT group_concat(p8.coach_id || ',', '') "
    "FROM placements p8 WHERE p8.student_id = e.student_id), '') "
    "|| coalesce(s.support_coach_id || ',', '') "
    "FROM events e LEFT JOIN classes c ON c.id = e.class_id "
    "LEFT JOIN students s ON s.id = e.student_id "
    "LEFT JOIN placements p ON p.id = e.placement_id "
    "WHERE e.seq > ?1 AND e.seq <= ?2 ORDER BY e.seq LIMIT ?3";
/* clang-format on */

static void copy_text(char *dst, size_t n, sqlite3_stmt *st, int col)
{
    snprintf(dst, n, "%s", store_col(st, col));
}

/* Reads and packs the events in (after, upto]; at most LIVE_MAX. Returns the count, or -1. */
static int live_load(sl_server *srv, uint64_t after, uint64_t upto, int64_t now, live_event *out)
{
    sqlite3_stmt *st = store_query(srv->reader, live_sql, SB((int64_t)after), SB((int64_t)upto),
                                   SB(LIVE_MAX), SB(now));
    if (!st)
        return -1;
    sl_arena *a = sl_arena_new();
    int n = 0;
    bool row;
    sl_status rs;
    while ((rs = store_next(st, &row)) == SL_OK && row) {
        live_event *le = &out[n];
        Stagelijn__V1__Event ev;
        fill_event(a, st, &ev);
        fill_summary_code(a, st, EVENT_CODE_COLUMN, &ev);
        le->seq = ev.seq;
        snprintf(le->topic, sizeof le->topic, "%s", ev.topic);
        snprintf(le->company_id, sizeof le->company_id, "%s", ev.company_id);
        copy_text(le->class_mentor, sizeof le->class_mentor, st, 15);
        copy_text(le->student_user, sizeof le->student_user, st, 16);
        le->company_current = sqlite3_column_int(st, 17) != 0;
        le->caseload_of =
            sqlite3_column_int(st, 18) ? NULL : strdup(store_col(st, 19)); /* "" if none */
        if (!sqlite3_column_int(st, 18) && !le->caseload_of) {
            /* Out of memory: NULL would read as "about no student" and reach every coach;
             * every subscriber runs its own query instead. */
            rs = SL_ENOMEM;
            break;
        }
        sl_envelope env = STAGELIJN__V1__ENVELOPE__INIT;
        env.body_case = STAGELIJN__V1__ENVELOPE__BODY_EVENT;
        env.event = &ev;
        le->frame = sl_envelope_pack_frame(&env, (size_t)srv->cfg.max_frame_bytes, &le->len);
        n++;
        sl_arena_reset(a);
    }
    store_stmt_done(st);
    sl_arena_free(a);
    if (rs != SL_OK) {
        while (n > 0) {
            free(out[--n].frame);
            free(out[n].caseload_of);
        }
        return -1;
    }
    return n;
}

/* Whether user `id` is in the event's list of caseload users ("a,b,"). */
static bool in_caseload_of(const live_event *e, const char *id)
{
    size_t n = strlen(id);
    for (const char *p = e->caseload_of; p && *p; p = strchr(p, ',') + 1)
        if (strncmp(p, id, n) == 0 && p[n] == ',')
            return true;
    return false;
}

static bool live_visible(const conn *c, sl_scope scope, const live_event *e)
{
    const sl_principal *who = &c->who;
    if (c->sub && c->sub->caseload_only && e->caseload_of && !in_caseload_of(e, who->user_id))
        return false;
    switch (scope) {
    case SCOPE_ALL:
        return true;
    case SCOPE_CLASS:
        return e->class_mentor[0] && strcmp(e->class_mentor, who->user_id) == 0;
    case SCOPE_COMPANY:
        return e->company_current && who->company_id[0] &&
               strcmp(e->company_id, who->company_id) == 0;
    case SCOPE_SELF:
        return e->student_user[0] && strcmp(e->student_user, who->user_id) == 0;
    default:
        return false;
    }
}

/* Sends c what it may see of the live events, as far as its output has room. */
static void live_send(conn *c, const live_event *evs, int n)
{
    if (!subscriber_session_valid(c))
        return;
    sl_scope scope = policy_scope(c->who.role, OP_EVENTS_SUBSCRIBE);
    for (int i = 0; i < n && !conn_output_full(c); i++) {
        const live_event *e = &evs[i];
        if (e->frame && live_visible(c, scope, e) && topic_wanted(c, e->topic)) {
            conn_write(c, e->frame, e->len);
            c->srv->metrics.events_pushed++;
        }
        c->sub_cursor = e->seq;
    }
}

/* A fan-out in progress: the live events of one commit, sent to the subscribers a chunk at a
 * time across loop passes, so that 10,000 subscribers do not hold up every other connection
 * for one long pass. */
typedef struct fanout {
    struct event *next_ev; /* the next chunk, in a later pass */
    live_event *evs;
    int n;           /* -1: the events could not be read: every subscriber runs its own query */
    uint64_t before; /* the horizon before this commit */
    uint64_t round;  /* marks the subscribers served (conn.fanout_round) */
    bool active;
} fanout;

static void fanout_release(fanout *f)
{
    for (int i = 0; i < f->n; i++) {
        free(f->evs[i].frame);
        free(f->evs[i].caseload_of);
    }
    free(f->evs);
    f->evs = NULL;
    f->n = 0;
    f->active = false;
}

/* Serves up to push_chunk subscribers not served in this round; true when all are. */
static bool fanout_chunk(sl_server *srv)
{
    fanout *f = srv->fanout;
    long served = 0;
    for (conn *c = srv->conns, *next; c; c = next) {
        next = c->next;
        if (!c->subscribed || c->fanout_round == f->round)
            continue;
        if (served == srv->cfg.push_chunk)
            return false;
        c->fanout_round = f->round;
        served++;
        if (f->n >= 0 && c->sub_cursor == f->before && c->inflight == 0 && !c->dead && !c->closing)
            live_send(c, f->evs, f->n);
        /* Whatever is left (more than LIVE_MAX events, a full buffer, a subscriber behind)
         * is read by the subscriber's own query. */
        if (!c->dead)
            events_pump(c);
    }
    return true;
}

static void fanout_next_cb(evutil_socket_t fd, short what, void *arg)
{
    sl_server *srv = arg;
    if (fanout_chunk(srv)) {
        fanout_release(srv->fanout);
        return;
    }
    struct timeval now = {0, 0};
    evtimer_add(srv->fanout->next_ev, &now);
}

void events_after_commit(sl_server *srv)
{
    if (!srv->fanout) {
        srv->fanout = calloc(1, sizeof *srv->fanout);
        if (srv->fanout)
            srv->fanout->next_ev = evtimer_new(srv->base, fanout_next_cb, srv);
        if (!srv->fanout || !srv->fanout->next_ev) {
            LOG_ERROR("events", "out of memory");
            abort();
        }
    }
    fanout *f = srv->fanout;
    /* The previous commit's events go out first, to everyone, in order. */
    if (f->active) {
        evtimer_del(f->next_ev);
        while (!fanout_chunk(srv))
            ;
        fanout_release(f);
    }
    uint64_t newest;
    /* On a failed read the horizon stays where it was; the next commit pumps again. */
    if (events_max_seq(srv->reader, &newest) != SL_OK || newest == (uint64_t)srv->committed_seq)
        return;
    f->before = (uint64_t)srv->committed_seq;
    srv->committed_seq = (int64_t)newest;
    f->evs = calloc(LIVE_MAX, sizeof *f->evs);
    f->n = f->evs ? live_load(srv, f->before, newest, sl_now_unix(), f->evs) : -1;
    if (f->n < 0)
        f->n = -1;
    f->round++;
    f->active = true;
    fanout_next_cb(-1, 0, srv);
}

void events_free(sl_server *srv)
{
    if (!srv->fanout)
        return;
    fanout_release(srv->fanout);
    event_free(srv->fanout->next_ev);
    free(srv->fanout);
    srv->fanout = NULL;
}
