#include "dispatch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/bufferevent.h>

#include "events.h"
#include "handlers.h"
#include "log.h"
#include "timeutil.h"

#define PROTOCOL_VERSION 1

static sl_status handle_hello(request *r, const sl_envelope *in, sl_envelope *out);

static const handler_def handler_table[] = {
    {STAGELIJN__V1__ENVELOPE__BODY_HELLO, handle_hello, false, false},
    /* Login reads here and writes in its second half (dispatch_resume), after the hash. */
    {STAGELIJN__V1__ENVELOPE__BODY_LOGIN, handle_login, false, false},
    {STAGELIJN__V1__ENVELOPE__BODY_RESUME, handle_resume, false, true},
    {STAGELIJN__V1__ENVELOPE__BODY_LOGOUT, handle_logout, true, true},
    {STAGELIJN__V1__ENVELOPE__BODY_CHANGE_PASSWORD, handle_change_password, true, true},
    {STAGELIJN__V1__ENVELOPE__BODY_CREATE_USER, handle_create_user, true, true},
    {STAGELIJN__V1__ENVELOPE__BODY_LIST_USERS, handle_list_users, true, false},
    {STAGELIJN__V1__ENVELOPE__BODY_CREATE_CLASS, handle_create_class, true, true},
    {STAGELIJN__V1__ENVELOPE__BODY_LIST_CLASSES, handle_list_classes, true, false},
    {STAGELIJN__V1__ENVELOPE__BODY_CREATE_COMPANY, handle_create_company, true, true},
    {STAGELIJN__V1__ENVELOPE__BODY_LIST_COMPANIES, handle_list_companies, true, false},
    {STAGELIJN__V1__ENVELOPE__BODY_CREATE_STUDENT, handle_create_student, true, true},
    {STAGELIJN__V1__ENVELOPE__BODY_GET_STUDENT, handle_get_student, true, false},
    {STAGELIJN__V1__ENVELOPE__BODY_LIST_STUDENTS, handle_list_students, true, false},
    {STAGELIJN__V1__ENVELOPE__BODY_CREATE_PLACEMENT, handle_create_placement, true, true},
    {STAGELIJN__V1__ENVELOPE__BODY_GET_PLACEMENT, handle_get_placement, true, false},
    {STAGELIJN__V1__ENVELOPE__BODY_LIST_PLACEMENTS, handle_list_placements, true, false},
    {STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_AGENDA_WEEK, handle_submit_agenda_week, true, true},
    {STAGELIJN__V1__ENVELOPE__BODY_SIGN_AGENDA_WEEK, handle_sign_agenda_week, true, true},
    {STAGELIJN__V1__ENVELOPE__BODY_LIST_AGENDA_WEEKS, handle_list_agenda_weeks, true, false},
    {STAGELIJN__V1__ENVELOPE__BODY_WRITE_REFLECTION, handle_write_reflection, true, true},
    {STAGELIJN__V1__ENVELOPE__BODY_LOG_VISIT, handle_log_visit, true, true},
    {STAGELIJN__V1__ENVELOPE__BODY_LIST_VISITS, handle_list_visits, true, false},
    {STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_ASSESSMENT, handle_submit_assessment, true, true},
    {STAGELIJN__V1__ENVELOPE__BODY_LIST_ASSESSMENTS, handle_list_assessments, true, false},
    {STAGELIJN__V1__ENVELOPE__BODY_REPORT_DROPOUT, handle_report_dropout, true, true},
    {STAGELIJN__V1__ENVELOPE__BODY_SUBSCRIBE, handle_subscribe, true, true},
    {STAGELIJN__V1__ENVELOPE__BODY_ACK_EVENTS, handle_ack_events, true, true},
    {STAGELIJN__V1__ENVELOPE__BODY_LIST_NOTIFICATIONS, handle_list_notifications, true, false},
};

/* One table per request family; the internship-line families register theirs in their own
 * files (handlers.h). */
static const struct {
    const handler_def *defs;
    const size_t *count;
} handler_tables[] = {
    {h_prep_handlers, &h_prep_handler_count},
    {h_matching_handlers, &h_matching_handler_count},
    {h_contract_handlers, &h_contract_handler_count},
    {h_periods_handlers, &h_periods_handler_count},
    {h_group_handlers, &h_group_handler_count},
    {h_aftercare_handlers, &h_aftercare_handler_count},
    {h_overview_handlers, &h_overview_handler_count},
};

static const handler_def *find_handler(body_case bc)
{
    for (size_t i = 0; i < sizeof handler_table / sizeof handler_table[0]; i++)
        if (handler_table[i].request == bc)
            return &handler_table[i];
    for (size_t t = 0; t < sizeof handler_tables / sizeof handler_tables[0]; t++)
        for (size_t i = 0; i < *handler_tables[t].count; i++)
            if (handler_tables[t].defs[i].request == bc)
                return &handler_tables[t].defs[i];
    return NULL;
}

sl_status req_fail(request *r, sl_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->errmsg, sizeof r->errmsg, fmt, ap);
    va_end(ap);
    return st;
}

void req_violation(request *r, const char *rule_id, const char *message, bool warning)
{
    if (r->n_violations >= REQ_MAX_VIOLATIONS)
        return;
    sl_violation *v = SL_ARENA_NEW(r->arena, sl_violation);
    stagelijn__v1__rule_violation__init(v);
    v->rule_id = sl_arena_strdup(r->arena, rule_id);
    v->message = sl_arena_strdup(r->arena, message);
    v->warning = warning;
    r->violations[r->n_violations++] = v;
}

sl_status req_check_text(request *r, const char *field, const char *value, bool required)
{
    if (required && (!value || !value[0]))
        return req_fail(r, SL_EINVAL, "%s is required", field);
    if (value && strlen(value) > (size_t)r->srv->cfg.max_string_bytes)
        return req_fail(r, SL_EINVAL, "%s is longer than %ld bytes", field,
                        r->srv->cfg.max_string_bytes);
    return SL_OK;
}

sl_status req_check_id(request *r, const char *field, const char *value)
{
    if (!value || !value[0])
        return req_fail(r, SL_EINVAL, "%s is required", field);
    if (!sl_id_valid(value))
        return req_fail(r, SL_EINVAL, "%s is not a valid id", field);
    return SL_OK;
}

sl_status req_audit(request *r, const char *operation, const char *target_type,
                    const char *target_id, const char *details)
{
    return store_exec(r->st, NULL,
                      "INSERT INTO audit (at, actor_id, operation, target_type, target_id, "
                      "details) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                      "itttt"
                      "t",
                      r->now, r->who ? r->who->user_id : NULL, operation, target_type, target_id,
                      details ? details : "");
}

static sl_status handle_hello(request *r, const sl_envelope *in, sl_envelope *out)
{
    if (in->hello->protocol_version != PROTOCOL_VERSION)
        return req_fail(r, SL_EPRECOND, "protocol version %u not supported (server speaks %d)",
                        in->hello->protocol_version, PROTOCOL_VERSION);
    Stagelijn__V1__HelloReply *hr = SL_ARENA_NEW(r->arena, Stagelijn__V1__HelloReply);
    stagelijn__v1__hello_reply__init(hr);
    hr->protocol_version = PROTOCOL_VERSION;
    hr->server_version = "stagelijnd " SL_VERSION;
    hr->device_company_id = r->c->device_company;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_HELLO_REPLY;
    out->hello_reply = hr;
    return SL_OK;
}

/* Packs `env` and sends or queues it. */
static void deliver(conn *c, uint64_t request_id, sl_envelope *env)
{
    sl_server *srv = c->srv;
    size_t len;
    uint8_t *frame = sl_envelope_pack_frame(env, (size_t)srv->cfg.max_frame_bytes, &len);
    if (!frame) {
        /* The reply would exceed the frame limit: say so instead. */
        Stagelijn__V1__Error e = STAGELIJN__V1__ERROR__INIT;
        e.code = STAGELIJN__V1__ERROR_CODE__ERROR_RESOURCE_EXHAUSTED;
        e.message = "reply too large; narrow the request";
        sl_envelope small = STAGELIJN__V1__ENVELOPE__INIT;
        small.request_id = request_id;
        small.body_case = STAGELIJN__V1__ENVELOPE__BODY_ERROR;
        small.error = &e;
        frame = sl_envelope_pack_frame(&small, (size_t)srv->cfg.max_frame_bytes, &len);
        if (!frame) {
            conn_close(c, false);
            return;
        }
    }
    if (store_batch_open(srv->st)) {
        server_queue_reply(srv, c, request_id, frame, len);
    } else {
        conn_send_frame(c, frame, len);
        if (c->subscribed)
            events_pump(c);
    }
}

static void fill_error(sl_envelope *out, request *r, sl_status st)
{
    Stagelijn__V1__Error *e = SL_ARENA_NEW(r->arena, Stagelijn__V1__Error);
    stagelijn__v1__error__init(e);
    e->code = (Stagelijn__V1__ErrorCode)(st <= SL_EINTERNAL ? st : SL_EINTERNAL);
    e->message = sl_arena_strdup(r->arena, r->errmsg[0] ? r->errmsg : sl_strerror(st));
    e->n_violations = r->n_violations;
    e->violations = r->n_violations ? r->violations : NULL;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_ERROR;
    out->error = e;
}

static void send_error_now(conn *c, uint64_t request_id, sl_status st, const char *msg)
{
    Stagelijn__V1__Error e = STAGELIJN__V1__ERROR__INIT;
    e.code = (Stagelijn__V1__ErrorCode)st;
    e.message = (char *)msg;
    sl_envelope env = STAGELIJN__V1__ENVELOPE__INIT;
    env.request_id = request_id;
    env.body_case = STAGELIJN__V1__ENVELOPE__BODY_ERROR;
    env.error = &e;
    deliver(c, request_id, &env);
}

void dispatch_protocol_error(conn *c, const char *what)
{
    LOG_INFO("proto", "#%llu protocol error: %s; closing", (unsigned long long)c->id, what);
    /* Sent at once even with a batch open: this connection's earlier replies stay queued and
     * are dropped with it, which is fine for a peer that broke the protocol. */
    conn_send_error(c, 0, STAGELIJN__V1__ERROR_CODE__ERROR_INVALID_ARGUMENT, what);
    conn_close(c, true);
}

/* Re-validates the connection's session (it may have been logged out or expired) and
 * refreshes last_seen now and then. */
static sl_status check_session(conn *c, request *r)
{
    if (!c->authed)
        return req_fail(r, SL_EUNAUTH, "log in first");
    sl_principal p;
    int64_t last_seen;
    sl_status st = auth_session_lookup(r->st, c->token, r->now, r->srv->cfg.session_idle_seconds,
                                       &p, &last_seen);
    if (st != SL_OK) {
        c->authed = false;
        memset(c->token, 0, sizeof c->token);
        return req_fail(r, SL_EUNAUTH, "session expired or ended; log in again");
    }
    c->who = p;
    if (r->now - last_seen >= auth_touch_interval(r->srv->cfg.session_idle_seconds)) {
        if (store_request_begin(r->st) == SL_OK) {
            bool ok = auth_session_touch(r->st, c->token, r->now) == SL_OK;
            store_request_end(r->st, ok);
            server_schedule_commit(r->srv);
        }
    }
    return SL_OK;
}

void dispatch_frame(conn *c, const uint8_t *payload, size_t len)
{
    sl_server *srv = c->srv;
    sl_envelope *in = sl_envelope_decode(payload, len);
    if (!in) {
        srv->metrics.protocol_errors++;
        dispatch_protocol_error(c, "malformed message");
        return;
    }
    srv->metrics.requests_total++;
    uint64_t rid = in->request_id;

    if (!c->hello_done && in->body_case != STAGELIJN__V1__ENVELOPE__BODY_HELLO) {
        srv->metrics.protocol_errors++;
        sl_envelope_free(in);
        dispatch_protocol_error(c, "the first message must be Hello");
        return;
    }
    const handler_def *h = find_handler(in->body_case);
    if (!h) {
        srv->metrics.request_errors++;
        LOG_DEBUG("proto", "#%llu unsupported body %s", (unsigned long long)c->id,
                  sl_envelope_body_name(in));
        send_error_now(c, rid, SL_EINVAL, "unknown or unsupported request");
        sl_envelope_free(in);
        return;
    }

    sl_arena *arena = sl_arena_new();
    request r = {
        .srv = srv, .st = srv->st, .c = c, .arena = arena, .request_id = rid, .now = sl_now_unix()};
    sl_envelope out = STAGELIJN__V1__ENVELOPE__INIT;
    out.request_id = rid;
    sl_status st = SL_OK;

    if (srv->stopping) {
        st = req_fail(&r, SL_EUNAVAIL, "server is shutting down");
    } else if (h->needs_session) {
        st = check_session(c, &r);
        if (st == SL_OK && c->must_change_password &&
            in->body_case != STAGELIJN__V1__ENVELOPE__BODY_CHANGE_PASSWORD &&
            in->body_case != STAGELIJN__V1__ENVELOPE__BODY_LOGOUT)
            st = req_fail(&r, SL_EPRECOND, "change your one-time password first");
        r.who = &c->who;
    }
    if (st == SL_OK) {
        bool in_txn = false;
        if (h->writes) {
            st = store_request_begin(srv->st);
            if (st != SL_OK)
                req_fail(&r, st, "database unavailable");
            in_txn = st == SL_OK;
        }
        if (st == SL_OK)
            st = h->fn(&r, in, &out);
        if (in_txn) {
            store_request_end(srv->st, st == SL_OK || r.keep_changes);
            server_schedule_commit(srv);
        }
    }
    if (st == SL_DEFERRED) {
        /* The handler answers through dispatch_resume(); nothing to send now. */
        sl_arena_free(arena);
        sl_envelope_free(in);
        return;
    }
    if (st != SL_OK) {
        srv->metrics.request_errors++;
        if (st == SL_EINTERNAL)
            LOG_ERROR("dispatch", "#%llu %s failed: %s", (unsigned long long)c->id,
                      sl_envelope_body_name(in), r.errmsg);
        fill_error(&out, &r, st);
    }
    if (in->body_case == STAGELIJN__V1__ENVELOPE__BODY_HELLO && st == SL_OK) {
        c->hello_done = true;
        struct timeval idle = {srv->cfg.idle_timeout_ms / 1000,
                               (srv->cfg.idle_timeout_ms % 1000) * 1000};
        bufferevent_set_timeouts(c->bev, &idle, &idle);
    }
    deliver(c, rid, &out);
    sl_arena_free(arena);
    sl_envelope_free(in);
    if (!c->dead && srv->n_pending >= (size_t)srv->cfg.max_batch)
        server_commit_now(srv);
}

void dispatch_resume(conn *c, uint64_t request_id, const sl_principal *who, bool writes,
                     sl_status (*fn)(request *r, void *arg, sl_envelope *out), void *arg)
{
    sl_server *srv = c->srv;
    c->deferred = false;
    if (c->dead)
        return;
    sl_arena *arena = sl_arena_new();
    request r = {.srv = srv,
                 .st = srv->st,
                 .c = c,
                 .arena = arena,
                 .who = who,
                 .request_id = request_id,
                 .now = sl_now_unix()};
    sl_envelope out = STAGELIJN__V1__ENVELOPE__INIT;
    out.request_id = request_id;
    sl_status st = SL_OK;
    bool in_txn = false;
    if (srv->stopping)
        st = req_fail(&r, SL_EUNAVAIL, "server is shutting down");
    else if (writes && (st = store_request_begin(srv->st)) != SL_OK)
        req_fail(&r, st, "database unavailable");
    else
        in_txn = writes;
    if (st == SL_OK)
        st = fn(&r, arg, &out);
    if (in_txn) {
        store_request_end(srv->st, st == SL_OK || r.keep_changes);
        server_schedule_commit(srv);
    }
    if (st != SL_OK) {
        srv->metrics.request_errors++;
        fill_error(&out, &r, st);
    }
    deliver(c, request_id, &out);
    sl_arena_free(arena);
    /* Reading was paused while this request was out; frames may be waiting. */
    conn_update_flow(c);
}
