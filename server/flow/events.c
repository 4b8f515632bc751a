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

/* The parameters of a coded summary as stored: joined by 0x1F (caller frees; NULL on no
 * memory). */
static char *joined_params(const req_detail_text *d)
{
    size_t len = 1;
    for (size_t i = 0; i < d->n_params; i++)
        len += strlen(d->params[i]) + 1;
    char *s = malloc(len), *p = s;
    if (!s)
        return NULL;
    *p = '\0';
    for (size_t i = 0; i < d->n_params; i++)
        p += sprintf(p, "%s%s", i ? "\x1f" : "", d->params[i]);
    return s;
}

/* Splits a stored summary's code and parameters (columns col, col + 1) into ev (arena). */
static void fill_summary_code(sl_arena *a, sqlite3_stmt *st, int col, Stagelijn__V1__Event *ev)
{
    const char *code = (const char *)sqlite3_column_text(st, col);
    if (!code || !code[0])
        return;
    ev->summary_code = sl_arena_strdup(a, code);
    char *params = sl_arena_strdup(a, (const char *)sqlite3_column_text(st, col + 1));
    size_t n = params && params[0] ? 1 : 0;
    for (const char *p = params; p && *p; p++)
        n += *p == '\x1f';
    ev->summary_params = SL_ARENA_ARRAY(a, char *, n + 1);
    for (char *p = params; n > 0 && p;) {
        ev->summary_params[ev->n_summary_params++] = p;
        p = strchr(p, '\x1f');
        if (p)
            *p++ = '\0';
    }
}

sl_status events_append(request *r, const event_spec *e)
{
    char *params = joined_params(&e->coded);
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
 * OP_EVENTS_SUBSCRIBE. Parameters: ?1 after, ?2 up to (seq), ?3 scope word, ?4 user, ?5
 * company, ?7 now. */
#define VISIBLE_WHERE                                                                                 \
    "FROM events e WHERE seq > ?1 AND seq <= ?2 AND ("                                                \
    " ?3 = 'all'"                                                                                     \
    " OR (?3 = 'class' AND class_id IN (SELECT id FROM classes WHERE mentor_id = ?4))" /* A           \
                                                                                        * company     \
                                                                                        * hears of    \
                                                                                        * events      \
                                                                                        * about       \
                                                                                        * placements  \
                                                                                        * it can      \
                                                                                        * still       \
                                                                                        * see (not    \
                                                                                        * about a     \
                                                                                        * student's   \
                                                                                        * later       \
                                                                                        * internships \
                                                                                        * elsewhere,  \
                                                                                        * nor         \
                                                                                        * after       \
                                                                                        * its         \
                                                                                        * access      \
                                                                                        * ended).     \
                                                                                        */            \
    " OR (?3 = 'company' AND company_id = ?5 AND placement_id IN (SELECT p.id FROM placements p "     \
    "     WHERE p.company_id = ?5 AND " SQL_PLACEMENT_VISIBLE_TO_COMPANY(                             \
        "p.",                                                                                         \
        "?7") "))"                                                                                    \
              " OR (?3 = 'self' AND student_id IN (SELECT id FROM students WHERE user_id = ?4)))"

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

/* `now` (unix seconds) decides whether a company's access to a placement has ended. */
static sqlite3_stmt *query_visible(store *s, const char *sql, const sl_principal *who,
                                   sl_scope scope, uint64_t after, uint64_t upto, int limit,
                                   int64_t now)
{
    return store_query(s, sql, SB((int64_t)after), SB((int64_t)upto), SB(scope_word(scope)),
                       SB(who->user_id), SB(who->company_id), SB(limit), SB(now));
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

int events_list_page(request *r, const sl_principal *who, sl_scope scope, uint64_t after,
                     uint64_t upto, int limit, int offset, Stagelijn__V1__Event **out,
                     uint32_t *total)
{
    sqlite3_stmt *st = query_visible(r->st, count_sql, who, scope, after, upto, limit, r->now);
    if (store_row(st) != SL_OK)
        return -1;
    *total = (uint32_t)sqlite3_column_int64(st, 0);
    store_stmt_done(st);
    st = query_visible(r->st, page_sql, who, scope, after, upto, limit, r->now);
    if (!st || sqlite3_bind_int(st, 8, offset) != SQLITE_OK)
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

/* ---------------------------------------------------------------- the inbox
 * VISIBLE_WHERE narrowed: ?9 kind (a topic or a due kind, the first word of a review_due
 * summary), ?10 student (an id, or part of the name), ?11 state (0 open, 1 acknowledged, 2 any),
 * ?12 own interns only (the caller, ?4, coaches the student or is his/her support coach), ?13 one
 * seq (0 = any). */
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
              " AND (?12 = 0 OR student_id IS NULL OR EXISTS (SELECT 1 FROM students s2 WHERE "    \
              "s2.id = "                                                                           \
              "      e.student_id AND (s2.support_coach_id = ?4 OR EXISTS (SELECT 1 FROM "         \
              "placements p2 "                                                                     \
              "      WHERE p2.student_id = s2.id AND p2.coach_id = ?4))))"                         \
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
    return store_query(r->st, sql, SB((int64_t)0), SB(r->srv->committed_seq), SB(scope_word(scope)),
                       SB(r->who->user_id), SB(r->who->company_id), SB(limit), SB(r->now),
                       SB(offset), SB(f->kind ? f->kind : ""),
                       SB(f->student_id ? f->student_id : ""), SB(f->state), SB(f->own_only),
                       SB((int64_t)seq));
}

int events_inbox_page(request *r, sl_scope scope, const inbox_filter *f, int limit, int offset,
                      Stagelijn__V1__InboxItem **out, uint32_t *total)
{
    sqlite3_stmt *st = query_inbox(r, inbox_count_sql, scope, f, limit, offset, 0);
    if (store_row(st) != SL_OK)
        return -1;
    *total = (uint32_t)sqlite3_column_int64(st, 0);
    store_stmt_done(st);
    if (!(st = query_inbox(r, inbox_sql, scope, f, limit, offset, 0)))
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
                              SB(use->own_only), SB((int64_t)seq), SB_END}) != SL_OK)
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

static bool topic_wanted(const conn *c, const char *topic)
{
    const conn_subscription *s = c->sub;
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
    int64_t now = sl_now_unix(); /* no request here: the server's clock, read once */
    sl_arena *a = sl_arena_new();
    while (c->sub_cursor < (uint64_t)srv->committed_seq && !conn_output_full(c)) {
        sqlite3_stmt *st = query_visible(srv->reader, visible_sql, &c->who, scope, c->sub_cursor,
                                         (uint64_t)srv->committed_seq, PUMP_CHUNK, now);
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
    uint8_t *frame;       /* packed once, written to every subscriber that may see it */
    size_t len;
} live_event;

static const char live_sql[] =
    "SELECT e.seq, e.topic, e.at, coalesce(e.student_id, ''), coalesce(e.placement_id, ''), "
    "coalesce(e.company_id, ''), coalesce(e.class_id, ''), e.summary, coalesce(e.actor_id, ''), "
    "coalesce(c.mentor_id, ''), coalesce(s.user_id, ''), "
    "p.id IS NOT NULL AND p.company_id = e.company_id AND " SQL_PLACEMENT_VISIBLE_TO_COMPANY(
        "p.", "?4") ", e.summary_code, e.summary_params "
                    "FROM events e LEFT JOIN classes c ON c.id = e.class_id "
                    "LEFT JOIN students s ON s.id = e.student_id "
                    "LEFT JOIN placements p ON p.id = e.placement_id "
                    "WHERE e.seq > ?1 AND e.seq <= ?2 ORDER BY e.seq LIMIT ?3";

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
        fill_summary_code(a, st, 12, &ev);
        le->seq = ev.seq;
        snprintf(le->topic, sizeof le->topic, "%s", ev.topic);
        snprintf(le->company_id, sizeof le->company_id, "%s", ev.company_id);
        copy_text(le->class_mentor, sizeof le->class_mentor, st, 9);
        copy_text(le->student_user, sizeof le->student_user, st, 10);
        le->company_current = sqlite3_column_int(st, 11) != 0;
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
        while (n > 0)
            free(out[--n].frame);
        return -1;
    }
    return n;
}

static bool live_visible(const sl_principal *who, sl_scope scope, const live_event *e)
{
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
        if (e->frame && live_visible(&c->who, scope, e) && topic_wanted(c, e->topic)) {
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
    for (int i = 0; i < f->n; i++)
        free(f->evs[i].frame);
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
