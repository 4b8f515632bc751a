#include "dispatch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/bufferevent.h>

#include "batch.h"
#include "events.h"
#include "rules.h"
#include "log.h"

sl_status req_fail(request *r, sl_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->errmsg, sizeof r->errmsg, fmt, ap);
    va_end(ap);
    r->errcode = NULL;
    r->n_errparams = 0;
    return st;
}

sl_status req_fail_code(request *r, sl_status st, const char *code, const char *fmt, ...)
{
    va_list ap, params;
    va_start(ap, fmt);
    va_copy(params, ap);
    vsnprintf(r->errmsg, sizeof r->errmsg, fmt, ap);
    int n = sl_message_params(fmt, params, r->errparams);
    va_end(params);
    va_end(ap);
    /* A format the table's test would have refused: the English text still goes out. */
    r->errcode = n >= 0 ? code : NULL;
    r->n_errparams = n >= 0 ? n : 0;
    return st;
}

size_t req_list_cap(request *r, size_t rows, size_t cap)
{
    if (rows <= cap)
        return rows;
    r->list_cap = (uint32_t)cap;
    return cap;
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

sl_violation *req_violation_new(request *r, const rule_violation *rv)
{
    sl_violation *v = SL_ARENA_NEW(r->arena, sl_violation);
    stagelijn__v1__rule_violation__init(v);
    v->rule_id = sl_arena_strdup(r->arena, rv->id);
    v->message = sl_arena_strdup(r->arena, rv->message);
    v->warning = rv->severity == RULE_WARNING;
    if (!rv->detail_code)
        return v;
    v->detail_code = (char *)rv->detail_code;
    v->n_detail_params = (size_t)rv->n_detail_params;
    v->detail_params = SL_ARENA_ARRAY(r->arena, char *, v->n_detail_params + 1);
    for (size_t i = 0; i < v->n_detail_params; i++)
        v->detail_params[i] = sl_arena_strdup(r->arena, rv->detail_params[i]);
    /* Older clients put params[0] after their own wording of the rule: the English details,
     * the message's part in brackets after the rule's summary. */
    const rules_rule_info *info = rules_lookup(rv->id);
    size_t sl = info ? strlen(info->summary) : 0, ml = strlen(rv->message);
    if (info && ml > sl + 3 && strncmp(rv->message + sl, " (", 2) == 0) {
        v->params = SL_ARENA_ARRAY(r->arena, char *, 1);
        v->params[0] = sl_arena_printf(r->arena, "%.*s", (int)(ml - sl - 3), rv->message + sl + 2);
        v->n_params = 1;
    }
    return v;
}

void req_violation_of(request *r, const rule_violation *rv, bool warning)
{
    if (r->n_violations >= REQ_MAX_VIOLATIONS)
        return;
    sl_violation *v = req_violation_new(r, rv);
    v->warning = warning;
    r->violations[r->n_violations++] = v;
}

req_detail_text req_detail(request *r, const char *code, const char *fmt, ...)
{
    req_detail_text d = {NULL, NULL, NULL, 0};
    char params[SL_MESSAGE_MAX_PARAMS][SL_MESSAGE_PARAM_LEN];
    va_list ap;
    va_start(ap, fmt);
    int n = sl_message_params(fmt, ap, params);
    va_end(ap);
    const sl_message *m = sl_message_find(code);
    n = n < 0 ? 0 : n;
    const char *shown[SL_MESSAGE_MAX_PARAMS];
    d.params = SL_ARENA_ARRAY(r->arena, char *, (size_t)n + 1);
    for (int i = 0; i < n; i++)
        shown[i] = d.params[i] = sl_arena_strdup(r->arena, params[i]);
    char text[512];
    if (m)
        sl_message_english(m, shown, (size_t)n, text, sizeof text);
    else
        sl_message_render(fmt, shown, (size_t)n, text, sizeof text);
    d.text = sl_arena_strdup(r->arena, text);
    d.code = m ? (char *)m->code : NULL;
    d.n_params = m ? (size_t)n : 0;
    return d;
}

sl_status req_check_text(request *r, const char *field, const char *value, bool required)
{
    if (required && (!value || !value[0]))
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, field);
    if (value && strlen(value) > (size_t)r->srv->cfg.max_string_bytes)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_TOO_LONG, field, r->srv->cfg.max_string_bytes);
    return SL_OK;
}

sl_status req_check_id(request *r, const char *field, const char *value)
{
    if (!value || !value[0])
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, field);
    if (!sl_id_valid(value))
        return req_fail_code(r, SL_EINVAL, MSG_INVALID_ID, field);
    return SL_OK;
}

sl_status req_audit(request *r, const char *operation, const char *target_type,
                    const char *target_id, const char *details)
{
    return store_exec(r->st, NULL,
                      "INSERT INTO audit (at, actor_id, operation, target_type, target_id, "
                      "details) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                      SB(r->now), SB(r->who ? r->who->user_id : NULL), SB(operation),
                      SB(target_type), SB(target_id), SB(details ? details : ""));
}

/* Packs `env` and sends it, or holds it for the batch when it must follow this connection's
 * held replies or belongs to the open batch (`in_batch`: it ran on the write store). */
void dispatch_reply(conn *c, uint64_t request_id, sl_envelope *env, bool in_batch)
{
    sl_server *srv = c->srv;
    size_t len;
    uint8_t *frame = sl_envelope_pack_frame(env, (size_t)srv->cfg.max_frame_bytes, &len);
    if (!frame) {
        /* The reply would exceed the frame limit: say so instead. */
        Stagelijn__V1__Error e = STAGELIJN__V1__ERROR__INIT;
        e.code = STAGELIJN__V1__ERROR_CODE__ERROR_RESOURCE_EXHAUSTED;
        const char *const too_large[] = {MSG_REPLY_TOO_LARGE};
        e.message_code = (char *)too_large[0];
        e.message = (char *)too_large[1];
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
    if (c->inflight > 0 || (in_batch && store_batch_open(srv->st))) {
        batch_hold_reply(srv->batch, c, request_id, frame, len);
    } else {
        conn_send_frame(c, frame, len);
        if (c->subscribed)
            events_pump(c);
    }
}

void dispatch_fill_error(sl_envelope *out, request *r, sl_status st)
{
    Stagelijn__V1__Error *e = SL_ARENA_NEW(r->arena, Stagelijn__V1__Error);
    stagelijn__v1__error__init(e);
    e->code = (Stagelijn__V1__ErrorCode)(st <= SL_EINTERNAL ? st : SL_EINTERNAL);
    e->message = sl_arena_strdup(r->arena, r->errmsg[0] ? r->errmsg : sl_strerror(st));
    e->n_violations = r->n_violations;
    e->violations = r->n_violations ? r->violations : NULL;
    if (r->errmsg[0] && r->errcode) {
        e->message_code = (char *)r->errcode;
        e->n_params = (size_t)r->n_errparams;
        e->params = e->n_params ? SL_ARENA_ARRAY(r->arena, char *, e->n_params) : NULL;
        for (size_t i = 0; i < e->n_params; i++)
            e->params[i] = r->errparams[i];
    }
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_ERROR;
    out->error = e;
}

/* Answers at once (in order with the connection's other replies) with a message of
 * messages.h that takes no parameters, or with `code` "" and a message of its own. */
void dispatch_error_now(conn *c, uint64_t request_id, sl_status st, const char *code,
                        const char *msg)
{
    Stagelijn__V1__Error e = STAGELIJN__V1__ERROR__INIT;
    e.code = (Stagelijn__V1__ErrorCode)st;
    e.message_code = (char *)code;
    e.message = (char *)msg;
    sl_envelope env = STAGELIJN__V1__ENVELOPE__INIT;
    env.request_id = request_id;
    env.body_case = STAGELIJN__V1__ENVELOPE__BODY_ERROR;
    env.error = &e;
    dispatch_reply(c, request_id, &env, false);
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
    r.today = sl_date_local_of(r.now);
    sl_envelope out = STAGELIJN__V1__ENVELOPE__INIT;
    out.request_id = request_id;
    sl_status st = SL_OK;
    bool in_txn = false;
    /* The caller waited for any commit on disk (batch_after_commit): the write store is ours. */
    if (srv->stopping)
        st = req_fail_code(&r, SL_EUNAVAIL, MSG_SERVER_STOPPING);
    else if (writes && (st = store_request_begin(srv->st)) != SL_OK)
        req_fail_code(&r, st, MSG_DATABASE_UNAVAILABLE);
    else
        in_txn = writes;
    if (st == SL_OK)
        st = fn(&r, arg, &out);
    if (in_txn) {
        sl_status ended = store_request_end(srv->st, st == SL_OK || r.keep_changes);
        if (ended != SL_OK && st == SL_OK)
            st = req_fail_code(&r, ended, MSG_CHANGE_NOT_STORED);
        batch_schedule(srv->batch);
    }
    if (st != SL_OK) {
        srv->metrics.request_errors++;
        dispatch_fill_error(&out, &r, st);
    }
    dispatch_reply(c, request_id, &out, true);
    sl_arena_free(arena);
    /* Reading was paused while this request was out; frames may be waiting. */
    conn_update_flow(c);
}
