#include "router.h"

#include <string.h>

#include <event2/bufferevent.h>

#include "auth.h"
#include "batch.h"
#include "lifecycle.h"
#include "listpage.h"
#include "read_audit.h"
#include "log.h"
#include "requests.h"
#include "session.h"
#include "submissions.h"
#include "target.h"
#include "timeutil.h"
#include "wirecheck.h"

/* The row for a body case in the server's request table, or NULL. */
static const request_def *request_lookup(const sl_server *srv, body_case bc)
{
    for (size_t i = 0; i < srv->n_requests; i++)
        if (srv->requests[i].body == bc)
            return &srv->requests[i];
    return NULL;
}

/* Re-validates the connection's session (it may have been logged out or expired) and
 * refreshes last_seen now and then. */
static sl_status check_session(conn *c, request *r)
{
    if (!c->authed)
        return req_fail_code(r, SL_EUNAUTH, MSG_LOG_IN_FIRST);
    if (!session_valid(c, r->st, r->now))
        return req_fail_code(r, SL_EUNAUTH, MSG_SESSION_ENDED);
    /* The touch is a write of its own in the batch; while a commit is on disk it waits for a
     * later request (a minute's precision is all it needs). */
    store *w = r->srv->st;
    if (r->now - c->session_seen >= auth_touch_interval(r->srv->cfg.session_idle_seconds) &&
        !batch_busy(r->srv->batch) && store_request_begin(w) == SL_OK) {
        bool ok = auth_session_touch(w, c->token, r->now) == SL_OK;
        ok = store_request_end(w, ok) == SL_OK && ok;
        batch_schedule(r->srv->batch);
        if (ok)
            c->session_seen = r->now;
    }
    return SL_OK;
}

/* Whether `h` must wait for the commit on disk before it can run for c: a write needs the
 * write store, and a read of a connection whose writes are being committed must see them and
 * answer after them. */
static bool must_wait(const conn *c, const request_def *h)
{
    if (!batch_busy(c->srv->batch))
        return false;
    return (h->flags & REQ_WRITES) || c->inflight > 0;
}

/* The write store for writes and for reads that must see this connection's uncommitted
 * writes; the read store's committed snapshot otherwise. */
static store *store_for(conn *c, const request_def *h)
{
    sl_server *srv = c->srv;
    if ((h->flags & REQ_WRITES) || c->inflight > 0)
        return srv->st;
    /* Without a snapshot each statement still reads a committed state of its own. */
    if (store_read_begin(srv->reader) == SL_OK)
        batch_note_read(srv->batch);
    return srv->reader;
}

/* Keeps a refusal of a submission as its outcome, in a savepoint of its own (the request's
 * was rolled back). Best effort: if it cannot be kept, a retry is judged again. */
static void record_refusal(request *r, const sl_envelope *in, sl_status st)
{
    sl_envelope err = STAGELIJN__V1__ENVELOPE__INIT;
    dispatch_fill_error(&err, r, st);
    if (store_request_begin(r->st) != SL_OK)
        return;
    char keep[sizeof r->errmsg];
    memcpy(keep, r->errmsg, sizeof keep);
    bool ok = submission_record(r, in, &err) == SL_OK;
    memcpy(r->errmsg, keep, sizeof keep);
    store_request_end(r->st, ok);
}

/* The lifecycle gate: a request on a placement (or one of its agenda weeks) runs only in the
 * states its row's lifecycle operation allows (lifecycle.c), whatever its handler does. A
 * row that forgets to name its operation is refused rather than let through. */
static sl_status check_lifecycle(request *r, const request_def *h)
{
    if (h->target != TARGET_PLACEMENT && h->target != TARGET_AGENDA_WEEK)
        return SL_OK;
    if (h->lifecycle == LC_OP_NONE)
        return req_fail(r, SL_EINTERNAL, "request table: %s names no lifecycle operation", h->name);
    int state = r->target.placement.status;
    const char *message;
    const char *rule = lifecycle_refusal(h->lifecycle, state, &message);
    if (!rule)
        return SL_OK;
    req_violation(r, rule, message, false);
    return req_fail_code(r, SL_EPRECOND, MSG_LIFECYCLE_NOT_POSSIBLE, lifecycle_state_name(state),
                         rule);
}

/* Session, authorization, savepoint and handler for one request. */
static sl_status run_request(request *r, const request_def *h, const sl_envelope *in,
                             sl_envelope *out)
{
    conn *c = r->c;
    sl_status st = SL_OK;
    if (r->srv->stopping)
        return req_fail_code(r, SL_EUNAVAIL, MSG_SERVER_STOPPING);
    if (h->flags & REQ_SESSION) {
        st = check_session(c, r);
        if (st == SL_OK && c->must_change_password &&
            in->body_case != STAGELIJN__V1__ENVELOPE__BODY_CHANGE_PASSWORD &&
            in->body_case != STAGELIJN__V1__ENVELOPE__BODY_LOGOUT)
            st = req_fail_code(r, SL_EPRECOND, MSG_CHANGE_ONE_TIME_PASSWORD);
        r->who = &c->who;
        if (st == SL_OK)
            st = authorize_request(r, h, in);
        if (st == SL_OK)
            st = check_lifecycle(r, h);
        if (st != SL_OK)
            return st;
    } else if (h->target == TARGET_KIOSK_INTERN && (st = authorize_request(r, h, in)) != SL_OK) {
        return st;
    }
    if (!(h->flags & REQ_WRITES)) {
        st = h->fn(r, in, out);
        /* The admin's reads of a student's record are audited after the read (read_audit.h). */
        if (st == SL_OK)
            read_audit_note(r, h);
        return st;
    }
    if ((st = store_request_begin(r->st)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_UNAVAILABLE);
    bool submitted = (h->flags & REQ_IDEMPOTENT) && in->submission_id && in->submission_id[0];
    if (submitted && ((st = submission_replay(r, in, &r->replay)) != SL_OK || r->replay)) {
        store_request_end(r->st, false);
        return st;
    }
    st = h->fn(r, in, out);
    if (submitted && st == SL_OK)
        st = submission_record(r, in, out);
    sl_status ended = store_request_end(r->st, st == SL_OK || r->keep_changes);
    batch_schedule(r->srv->batch);
    /* SQLite rolled the whole batch back: this request's writes are gone with it. */
    if (ended != SL_OK && st == SL_OK)
        st = req_fail_code(r, ended, MSG_CHANGE_NOT_STORED);
    if (submitted && st != SL_OK && submission_keeps(st))
        record_refusal(r, in, st);
    return st;
}

/* Protocol checks before a request may run: decodes, insists on Hello first, finds the row.
 * Returns the envelope (caller frees) and its row, or NULL when the frame was answered
 * here (a protocol error closes the connection). */
static sl_envelope *route_frame(conn *c, const uint8_t *payload, size_t len,
                                const request_def **row)
{
    sl_server *srv = c->srv;
    sl_envelope *in = sl_envelope_decode(payload, len);
    if (!in) {
        srv->metrics.protocol_errors++;
        conn_protocol_error(c, "malformed message");
        return NULL;
    }
    if (!c->hello_done && in->body_case != STAGELIJN__V1__ENVELOPE__BODY_HELLO) {
        srv->metrics.protocol_errors++;
        sl_envelope_free(in);
        conn_protocol_error(c, "the first message must be Hello");
        return NULL;
    }
    /* protobuf-c takes any bytes as a string and cuts it at a NUL: judge the wire bytes. */
    sl_wirecheck_fault bad_text;
    if (!sl_wirecheck_message(&stagelijn__v1__envelope__descriptor, payload, len, &bad_text)) {
        char why[sizeof bad_text.path + 64];
        sl_wirecheck_describe(&bad_text, why, sizeof why);
        srv->metrics.requests_total++;
        srv->metrics.request_errors++;
        dispatch_error_now(c, in->request_id, SL_EINVAL, "", why);
        sl_envelope_free(in);
        return NULL;
    }
    *row = request_lookup(srv, in->body_case);
    if (!*row) {
        srv->metrics.requests_total++;
        srv->metrics.request_errors++;
        LOG_DEBUG("proto", "#%llu unsupported body %s", (unsigned long long)c->id,
                  sl_envelope_body_name(in));
        dispatch_error_now(c, in->request_id, SL_EINVAL, MSG_UNKNOWN_REQUEST);
        sl_envelope_free(in);
        return NULL;
    }
    return in;
}

bool router_frame(conn *c, const uint8_t *payload, size_t len)
{
    sl_server *srv = c->srv;
    const request_def *h = NULL;
    sl_envelope *in = route_frame(c, payload, len, &h);
    if (!in)
        return true;
    if (must_wait(c, h)) {
        sl_envelope_free(in);
        return false;
    }
    srv->metrics.requests_total++;
    uint64_t rid = in->request_id;
    sl_arena *arena = sl_arena_new();
    request r = {.srv = srv,
                 .st = store_for(c, h),
                 .c = c,
                 .arena = arena,
                 .request_id = rid,
                 .now = sl_now_unix()};
    r.today = sl_date_local_of(r.now);
    sl_envelope out = STAGELIJN__V1__ENVELOPE__INIT;
    out.request_id = rid;
    sl_status st = run_request(&r, h, in, &out);
    if (st == SL_OK)
        listpage_apply(in->page, r.list_cap, &out, arena);
    if (r.replay) {
        /* A retried submission: its first outcome, in order with this connection's replies. */
        dispatch_reply(c, rid, r.replay, true);
        sl_envelope_free(r.replay);
        sl_arena_free(arena);
        sl_envelope_free(in);
        return true;
    }
    if (st == SL_DEFERRED) {
        /* The handler answers through dispatch_resume(); nothing to send now. */
        sl_arena_free(arena);
        sl_envelope_free(in);
        return true;
    }
    if (st != SL_OK) {
        srv->metrics.request_errors++;
        if (st == SL_EINTERNAL)
            LOG_ERROR("dispatch", "#%llu %s failed: %s", (unsigned long long)c->id, h->name,
                      r.errmsg);
        dispatch_fill_error(&out, &r, st);
    }
    if (in->body_case == STAGELIJN__V1__ENVELOPE__BODY_HELLO && st == SL_OK) {
        c->hello_done = true;
        struct timeval idle = {srv->cfg.idle_timeout_ms / 1000,
                               (srv->cfg.idle_timeout_ms % 1000) * 1000};
        bufferevent_set_timeouts(c->bev, &idle, &idle);
    }
    dispatch_reply(c, rid, &out, r.st == srv->st);
    sl_arena_free(arena);
    sl_envelope_free(in);
    return true;
}
