/* Subscribe (live push with replay), AckEvents (durable cursors), ListNotifications. */
#include <stdio.h>
#include <string.h>

#include <event2/bufferevent.h>

#include "events.h"
#include "handlers.h"
#include "target.h"

#define MAX_NOTIFICATIONS 500
#define MAX_NOTIFICATION_OFFSET 1000000

static bool durable_name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_' || s[i] == '.'))
            return false;
    return true;
}

/* Loads (or creates) a durable subscription owned by the caller; *cursor gets its position. */
static sl_status durable_cursor(request *r, const char *name, uint64_t *cursor)
{
    sqlite3_stmt *q =
        store_query(r->st, "SELECT user_id, cursor FROM subscriptions WHERE name = ?1", SB(name));
    sl_status st = store_row(q);
    if (st == SL_OK) {
        bool mine = strcmp((const char *)sqlite3_column_text(q, 0), r->who->user_id) == 0;
        *cursor = (uint64_t)sqlite3_column_int64(q, 1);
        store_stmt_done(q);
        return mine ? SL_OK : req_fail_code(r, SL_EPERM, MSG_SUBSCRIPTION_NOT_YOURS);
    }
    if (st != SL_ENOTFOUND)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    *cursor = 0;
    st = store_exec(r->st, NULL,
                    "INSERT INTO subscriptions (name, user_id, cursor, updated_at) "
                    "VALUES (?1, ?2, 0, ?3)",
                    SB(name), SB(r->who->user_id), SB(r->now));
    return st == SL_OK ? SL_OK : req_fail_code(r, st, MSG_CANNOT_CREATE_SUBSCRIPTION);
}

/* A subscriber account's subscription is narrowed to the topics granted to it (subs, issue
 * 9): a topic asked for and not granted is refused rather than silently dropped, so a
 * misconfigured automation learns of it at once instead of waiting for events that never
 * come. The grant mask into *granted (0 for an account that is no subscriber); SL_OK or the
 * refusal recorded in r. */
static sl_status narrow_to_grants(request *r, const Stagelijn__V1__SubscribeRequest *req,
                                  uint32_t *granted)
{
    *granted = 0;
    if (r->who->role != ROLE_SUBSCRIBER)
        return SL_OK;
    sl_status st = events_granted_topics(r->st, r->who->user_id, granted);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    if (*granted == 0)
        return req_fail_code(r, SL_EPRECOND, MSG_NO_TOPICS_GRANTED);
    for (size_t i = 0; i < req->n_topics; i++) {
        int k = events_topic_index(req->topics[i]);
        if (k < 0 || !(*granted & (1u << k)))
            return req_fail_code(r, SL_EPERM, MSG_TOPIC_NOT_GRANTED, req->topics[i]);
    }
    return SL_OK;
}

sl_status handle_subscribe(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__SubscribeRequest *req = in->subscribe;
    sl_status st = SL_OK;
    if (req->n_topics > CONN_MAX_TOPICS)
        return req_fail_code(r, SL_EINVAL, MSG_AT_MOST_TOPICS, CONN_MAX_TOPICS);
    for (size_t i = 0; i < req->n_topics; i++)
        if (!req->topics[i][0] || strlen(req->topics[i]) >= CONN_TOPIC_LEN)
            return req_fail_code(r, SL_EINVAL, MSG_TOPIC_NAME_LENGTH, CONN_TOPIC_LEN - 1);
    /* A cursor beyond the newest event would wait for events that already have other numbers
     * (e.g. a client's state file from another server); say so instead of staying silent. */
    if (req->after_seq > (uint64_t)r->srv->committed_seq)
        return req_fail_code(r, SL_EINVAL, MSG_AFTER_SEQ_BEYOND_NEWEST,
                             (unsigned long long)req->after_seq, (long long)r->srv->committed_seq);
    /* The whole school is for those whose scope is the whole school (not a mentor's class). */
    if (req->all_school && r->target.scope != SCOPE_ALL)
        return req_fail_code(r, SL_EPERM, MSG_ALL_SCHOOL_NOT_YOURS);
    uint64_t from = req->after_seq;
    conn *c = r->c;
    conn_subscription *sub = conn_subscription_of(c);
    if (!sub)
        return req_fail_code(r, SL_EINTERNAL, MSG_OUT_OF_MEMORY);
    uint32_t granted;
    if ((st = narrow_to_grants(r, req, &granted)) != SL_OK)
        return st;
    sub->durable[0] = '\0';
    if (req->durable_name && req->durable_name[0]) {
        if (!durable_name_ok(req->durable_name))
            return req_fail_code(r, SL_EINVAL, MSG_DURABLE_NAME_FORMAT);
        uint64_t cursor = 0;
        if ((st = durable_cursor(r, req->durable_name, &cursor)) != SL_OK)
            return st;
        /* The server's cursor wins unless the client knows it has seen more. */
        if (cursor > from)
            from = cursor;
        snprintf(sub->durable, sizeof sub->durable, "%s", req->durable_name);
    }
    sub->caseload_only = events_caseload_only(r->who->role, req->all_school);
    sub->granted_only = r->who->role == ROLE_SUBSCRIBER;
    sub->granted_topics = granted;
    sub->n_topics = (int)req->n_topics;
    for (size_t i = 0; i < req->n_topics; i++)
        snprintf(sub->topics[i], CONN_TOPIC_LEN, "%s", req->topics[i]);
    c->subscribed = true;
    c->sub_cursor = from;
    /* A subscriber is silent by nature: only the write side keeps its timeout. */
    struct timeval idle = {r->srv->cfg.idle_timeout_ms / 1000,
                           (r->srv->cfg.idle_timeout_ms % 1000) * 1000};
    bufferevent_set_timeouts(c->bev, NULL, &idle);

    Stagelijn__V1__SubscribeReply *rep = SL_ARENA_NEW(r->arena, Stagelijn__V1__SubscribeReply);
    stagelijn__v1__subscribe_reply__init(rep);
    rep->last_seq = (uint64_t)r->srv->committed_seq;
    rep->replay_from = from;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBSCRIBE_REPLY;
    out->subscribe_reply = rep;
    return SL_OK;
}

sl_status handle_ack_events(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__AckEventsRequest *req = in->ack_events;
    sl_status st = SL_OK;
    if (!req->durable_name || !durable_name_ok(req->durable_name))
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "durable_name");
    if (req->seq > (uint64_t)r->srv->committed_seq)
        return req_fail_code(r, SL_EINVAL, MSG_ACK_FUTURE_EVENT);
    int changed = 0;
    /* Cursors only move forward: a late, reordered ack must not replay old events. */
    st = store_exec(r->st, &changed,
                    "UPDATE subscriptions SET cursor = max(cursor, ?3), updated_at = ?4 "
                    "WHERE name = ?1 AND user_id = ?2",
                    SB(req->durable_name), SB(r->who->user_id), SB((int64_t)req->seq), SB(r->now));
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    if (changed == 0)
        return req_fail_code(r, SL_ENOTFOUND, MSG_NO_SUCH_SUBSCRIPTION);
    Stagelijn__V1__Empty *e = SL_ARENA_NEW(r->arena, Stagelijn__V1__Empty);
    stagelijn__v1__empty__init(e);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_OK;
    out->ok = e;
    return SL_OK;
}

sl_status handle_list_notifications(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__ListNotificationsRequest *req = in->list_notifications;
    sl_scope scope = r->target.scope;
    int limit =
        req->limit == 0 || req->limit > MAX_NOTIFICATIONS ? MAX_NOTIFICATIONS : (int)req->limit;
    Stagelijn__V1__ListNotificationsReply *rep =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__ListNotificationsReply);
    stagelijn__v1__list_notifications_reply__init(rep);
    rep->events = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__Event *, (size_t)limit);
    uint64_t newest = (uint64_t)r->srv->committed_seq;
    if (req->all_school && scope != SCOPE_ALL)
        return req_fail_code(r, SL_EPERM, MSG_ALL_SCHOOL_NOT_YOURS);
    if (req->after_seq > newest)
        return req_fail_code(r, SL_EINVAL, MSG_AFTER_SEQ_BEYOND);
    if (req->before_seq && req->before_seq <= req->after_seq + 1)
        return req_fail_code(r, SL_EINVAL, MSG_BEFORE_SEQ_ABOVE_AFTER);
    if (req->offset > MAX_NOTIFICATION_OFFSET)
        return req_fail_code(r, SL_EINVAL, MSG_NOTIFICATION_OFFSET_MAX, MAX_NOTIFICATION_OFFSET);
    /* before_seq: a stable cursor for paging back while new events arrive. */
    uint64_t upto = req->before_seq && req->before_seq - 1 < newest ? req->before_seq - 1 : newest;
    uint32_t total = 0;
    int n = events_list_page(r, r->who, scope, events_caseload_only(r->who->role, req->all_school),
                             req->after_seq, upto, limit, (int)req->offset, rep->events, &total);
    if (n < 0)
        return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    rep->total = total;
    rep->offset = req->offset;
    rep->n_events = (size_t)n;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_NOTIFICATIONS_REPLY;
    out->list_notifications_reply = rep;
    return SL_OK;
}
