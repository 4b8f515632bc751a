/* Topics granted to subscriber accounts (subs, issue 9). A subscriber account (role
 * subscriber: automation such as stagelijn-notify) receives only the event topics an
 * administrator granted it; its Subscribe is checked against the grants (h_events.c) and its
 * replay and ListNotifications are filtered by them (events.c).
 *
 * Decisions where the issue leaves room:
 * - A topic asked for and not granted is refused (PERMISSION_DENIED), not silently dropped.
 * - Only the topics events are raised with may be granted (events_topic_index), so a typing
 *   error is refused instead of granting a topic that never comes.
 * - A revocation ends the account's sessions: a live subscription learns of it with its next
 *   event (UNAUTHENTICATED), and subscribes again, under the new grants, after logging in. */
#include <stdio.h>
#include <string.h>

#include "events.h"
#include "handlers.h"

#define TOPIC_LIST_LEN 512

/* The subscriber account named `username`: its id into id; the refusal recorded in r when
 * there is none or it has another role. */
static sl_status find_subscriber(request *r, const char *username, char id[SL_ID_LEN + 1])
{
    sl_status st = req_check_text(r, "username", username, true);
    if (st != SL_OK)
        return st;
    sqlite3_stmt *q =
        store_query(r->st, "SELECT id, role FROM users WHERE username = ?1", SB(username));
    if ((st = store_row(q)) == SL_ENOTFOUND)
        return req_fail_code(r, st, MSG_NO_SUCH_USER, username);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    snprintf(id, SL_ID_LEN + 1, "%s", store_col(q, 0));
    bool subscriber = role_parse(store_col(q, 1)) == ROLE_SUBSCRIBER;
    store_stmt_done(q);
    return subscriber ? SL_OK : req_fail_code(r, SL_EPRECOND, MSG_NOT_A_SUBSCRIBER, username);
}

/* Every topic that may be granted, "a, b, c", for a refusal. */
static const char *topic_list(request *r)
{
    char *buf = sl_arena_alloc(r->arena, TOPIC_LIST_LEN);
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; events_topic_name(i); i++)
        used += (size_t)snprintf(buf + used, used < TOPIC_LIST_LEN ? TOPIC_LIST_LEN - used : 0,
                                 "%s%s", i ? ", " : "", events_topic_name(i));
    return buf;
}

static sl_status check_topics(request *r, char *const *topics, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (events_topic_index(topics[i]) < 0)
            return req_fail_code(r, SL_EINVAL, MSG_UNKNOWN_TOPIC, topics[i], topic_list(r));
    return SL_OK;
}

/* Grants, then revokes; *revoked counts the grants taken back. */
static sl_status change_grants(request *r, const Stagelijn__V1__GrantTopicsRequest *req,
                               const char *user_id, int *revoked)
{
    sl_status st = SL_OK;
    *revoked = 0;
    for (size_t i = 0; st == SL_OK && i < req->n_grant; i++)
        st = store_exec(r->st, NULL,
                        "INSERT OR IGNORE INTO subscriber_topics (user_id, topic, granted_at, "
                        "granted_by) VALUES (?1, ?2, ?3, ?4)",
                        SB(user_id), SB(req->grant[i]), SB(r->now), SB(r->who->user_id));
    for (size_t i = 0; st == SL_OK && i < req->n_revoke; i++) {
        int n = 0;
        st =
            store_exec(r->st, &n, "DELETE FROM subscriber_topics WHERE user_id = ?1 AND topic = ?2",
                       SB(user_id), SB(req->revoke[i]));
        *revoked += n;
    }
    if (st == SL_OK && *revoked > 0)
        st = store_exec(r->st, NULL, "DELETE FROM sessions WHERE user_id = ?1", SB(user_id));
    return st;
}

sl_status handle_grant_topics(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__GrantTopicsRequest *req = in->grant_topics;
    char id[SL_ID_LEN + 1];
    sl_status st = find_subscriber(r, req->username, id);
    if (st != SL_OK || (st = check_topics(r, req->grant, req->n_grant)) != SL_OK ||
        (st = check_topics(r, req->revoke, req->n_revoke)) != SL_OK)
        return st;
    int revoked = 0;
    if (req->n_grant + req->n_revoke > 0 &&
        ((st = change_grants(r, req, id, &revoked)) != SL_OK ||
         (st = req_audit(r, "subscriber.grant", "user", id, "")) != SL_OK))
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    uint32_t mask;
    if ((st = events_granted_topics(r->st, id, &mask)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    Stagelijn__V1__GrantTopicsReply *rep = SL_ARENA_NEW(r->arena, Stagelijn__V1__GrantTopicsReply);
    stagelijn__v1__grant_topics_reply__init(rep);
    rep->username = sl_arena_strdup(r->arena, req->username);
    rep->topics = SL_ARENA_ARRAY(r->arena, char *, 32);
    /* In the order of the topic list, which is the order the documentation lists them in. */
    for (int i = 0; events_topic_name(i); i++)
        if (mask & (1u << i))
            rep->topics[rep->n_topics++] = sl_arena_strdup(r->arena, events_topic_name(i));
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_GRANT_TOPICS_REPLY;
    out->grant_topics_reply = rep;
    return SL_OK;
}
