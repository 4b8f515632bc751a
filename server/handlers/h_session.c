/* Login, Resume, Logout, ChangePassword. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "handlers.h"
#include "admission.h"
#include "hasher.h"
#include "log.h"
#include "pin.h"
#include "pins.h"
#include "target.h"
#include "timeutil.h"

static Stagelijn__V1__User *user_msg(request *r, const sl_principal *p, const char *username,
                                     const char *display_name)
{
    Stagelijn__V1__User *u = SL_ARENA_NEW(r->arena, Stagelijn__V1__User);
    stagelijn__v1__user__init(u);
    u->id = sl_arena_strdup(r->arena, p->user_id);
    u->username = sl_arena_strdup(r->arena, username);
    u->display_name = sl_arena_strdup(r->arena, display_name);
    u->role = (Stagelijn__V1__Role)p->role;
    u->company_id = sl_arena_strdup(r->arena, p->company_id);
    return u;
}

/* A kiosk's certificate binds it to one company: only that company's supervisors and the
 * students placed there may log in on it. */
/* SL_OK when allowed, SL_EPERM (with the message set) when not, the store's error when the
 * query failed (never a refusal in its place). */
static sl_status allowed_on_device(request *r, const sl_principal *p)
{
    const char *company = r->c->device_company;
    if (!r->c->is_device || !company[0])
        return SL_OK;
    bool yes = false;
    if (p->role == ROLE_SUPERVISOR) {
        yes = strcmp(p->company_id, company) == 0;
    } else if (p->role == ROLE_STUDENT) {
        sl_status st = store_exists(r->st,
                                    "SELECT 1 FROM placements p JOIN students s ON "
                                    "s.id = p.student_id WHERE s.user_id = ?1 AND "
                                    "p.company_id = ?2 AND p.status <= 4",
                                    SB(p->user_id), SB(company));
        if (st != SL_OK && st != SL_ENOTFOUND)
            return req_fail_code(r, st, MSG_DATABASE_ERROR);
        yes = st == SL_OK;
    }
    /* Staff and automation use their own listener, not a company's kiosk. */
    if (yes)
        return SL_OK;
    return req_fail_code(r, SL_EPERM, MSG_KIOSK_OWN_COMPANY);
}

static sl_status start_session(request *r, const sl_principal *p, bool must_change,
                               const char *token, sl_envelope *out)
{
    sqlite3_stmt *q = store_query(r->st, "SELECT username, display_name FROM users WHERE id = ?1",
                                  SB(p->user_id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_USER_VANISHED);
    Stagelijn__V1__LoginReply *lr = SL_ARENA_NEW(r->arena, Stagelijn__V1__LoginReply);
    stagelijn__v1__login_reply__init(lr);
    lr->user = user_msg(r, p, (const char *)sqlite3_column_text(q, 0),
                        (const char *)sqlite3_column_text(q, 1));
    store_stmt_done(q);
    lr->token = sl_arena_strdup(r->arena, token);
    lr->idle_timeout_seconds = (uint32_t)r->srv->cfg.session_idle_seconds;
    lr->must_change_password = must_change;

    conn *c = r->c;
    c->authed = true;
    conn_session_started(c);
    c->who = *p;
    c->must_change_password = must_change;
    snprintf(c->token, sizeof c->token, "%s", token);
    /* Not cached yet: the first request reads the session back, so a login whose batch
     * failed to commit is not taken for a session. */
    c->session_epoch = r->srv->session_epoch - 1;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_LOGIN_REPLY;
    out->login_reply = lr;
    return SL_OK;
}

/* A login in flight between its two halves. */
typedef struct {
    conn *c;    /* holds a reference */
    peer *from; /* c's address; counts this job in logins_queued */
    uint64_t request_id;
    char username[256];
    sl_principal p;
    bool found, must_change, verified;
    /* A kiosk PIN login (handle_pin_login): the account's and the device's throttle. */
    bool pin;
    bool pin_locked;
    char device[PIN_DEVICE_KEY_MAX];
} login_job;

static sl_status pin_login_complete(request *r, login_job *j, sl_envelope *out);
static void pin_abandoned_resume(void *arg, bool cancelled);
static sl_status pin_session_here(request *r, const char *token);
static void login_job_done(login_job *j);

static sl_status login_complete(request *r, void *arg, sl_envelope *out)
{
    login_job *j = arg;
    const sl_config *cfg = &r->srv->cfg;
    sl_status st;
    if (j->pin)
        return pin_login_complete(r, j, out);
    peer_login_result(j->from, j->found && j->verified, r->now, cfg->login_address_window_seconds);
    if (!j->found || !j->verified) {
        /* The failure counter must survive the error reply. */
        r->keep_changes = true;
        auth_login_failed(r->st, j->username, j->from->text, r->now, cfg->login_lockout_seconds);
        LOG_INFO("auth", "#%llu login failed from %s", (unsigned long long)r->c->id, j->from->text);
        return req_fail_code(r, SL_EUNAUTH, MSG_WRONG_PASSWORD);
    }
    sl_status allowed = allowed_on_device(r, &j->p);
    if (allowed != SL_OK)
        return allowed;
    char token[AUTH_TOKEN_HEX + 1];
    if ((st = auth_login_succeeded(r->st, j->username, j->from->text)) != SL_OK ||
        (st = auth_session_create(r->st, j->p.user_id, r->now, token)) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_CREATE_SESSION);
    r->who = &j->p;
    if ((st = req_audit(r, "login", "user", j->p.user_id, "")) != SL_OK)
        return st;
    return start_session(r, &j->p, j->must_change, token, out);
}

/* Gives back the login's place in its address's queue and frees the job. */
static void login_job_done(login_job *j)
{
    sl_server *srv = j->c->srv;
    j->from->logins_queued--;
    admission_release(srv->admission, j->from, sl_now_unix(),
                      srv->cfg.login_address_window_seconds);
    conn_unref(j->c);
    free(j);
}

/* The second half needs the write store, which a commit on disk may hold: it runs once the
 * store is free (at once, usually). */
static void login_resume(void *arg, bool cancelled)
{
    login_job *j = arg;
    if (!cancelled)
        dispatch_resume(j->c, j->request_id, NULL, true, login_complete, j);
    else
        j->c->deferred = false;
    login_job_done(j);
}

static void login_verified(void *arg, bool verified, bool cancelled)
{
    login_job *j = arg;
    sl_server *srv = j->c->srv;
    if (!cancelled && j->c->dead) {
        /* Nobody to answer, but a peer that hangs up before its answer still counts: else
         * sending a login and closing would dodge the per-address failure limit. */
        peer_login_result(j->from, j->found && verified, sl_now_unix(),
                          srv->cfg.login_address_window_seconds);
        if (j->pin && !(j->found && verified)) {
            batch_after_commit(srv->batch, pin_abandoned_resume, j);
            return;
        }
        login_job_done(j);
        return;
    }
    if (cancelled) {
        login_resume(j, true);
        return;
    }
    j->verified = verified;
    batch_after_commit(srv->batch, login_resume, j);
}

/* Whether the login queue has room for one more login from `p`. One address may hold at most
 * login_queue_per_address places, and an address whose logins keep failing may use only the
 * first half of the queue: the other half stays for addresses that log in correctly, so
 * a flood of bad logins cannot make every real login wait behind it or be refused.
 * Returns SL_OK or the refusal (with its message in r). */
static sl_status login_admission(request *r, peer *p)
{
    const sl_config *cfg = &r->srv->cfg;
    long window = cfg->login_address_window_seconds;
    if (peer_failures(p, r->now, window) >= cfg->login_address_max_failures) {
        r->srv->metrics.logins_refused_address++;
        return req_fail_code(r, SL_EEXHAUSTED, MSG_LOGINS_FAILED_ADDRESS, (window + 59) / 60);
    }
    if (p->logins_queued >= cfg->login_queue_per_address) {
        r->srv->metrics.logins_refused_address++;
        return req_fail_code(r, SL_EEXHAUSTED, MSG_LOGINS_AT_ONCE_ADDRESS);
    }
    if (peer_suspect(p, r->now, window) &&
        hasher_backlog(r->srv->hasher) >= cfg->login_queue_max / 2) {
        r->srv->metrics.logins_refused_address++;
        return req_fail_code(r, SL_EEXHAUSTED, MSG_LOGINS_FAILED_BUSY);
    }
    return SL_OK;
}

/* The first half: checks, the lock-out, the user row; the scrypt verification then runs on a
 * worker thread and login_complete() finishes on the loop thread. The connection reads
 * nothing else meanwhile, so later requests see the session. */
sl_status handle_login(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__LoginRequest *req = in->login;
    sl_status st;
    if ((st = req_check_text(r, "username", req->username, true)) != SL_OK ||
        (st = req_check_text(r, "password", req->password, true)) != SL_OK)
        return st;
    if (strlen(req->username) >= sizeof(((login_job *)0)->username))
        return req_fail_code(r, SL_EUNAUTH, MSG_WRONG_PASSWORD);
    const sl_config *cfg = &r->srv->cfg;
    peer *from = r->c->peer;
    if ((st = login_admission(r, from)) != SL_OK)
        return st;
    bool locked;
    if ((st = auth_login_locked(r->st, req->username, from->text, r->now, cfg->login_max_failures,
                                cfg->login_lockout_seconds, &locked)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    if (locked)
        return req_fail_code(r, SL_EEXHAUSTED, MSG_TOO_MANY_FAILED_LOGINS);

    login_job *j = calloc(1, sizeof *j);
    if (!j)
        return req_fail_code(r, SL_EINTERNAL, MSG_OUT_OF_MEMORY);
    char stored[AUTH_HASH_MAX];
    st = auth_login_lookup(r->st, req->username, (int)cfg->scrypt_log2_n, &j->p, &j->must_change,
                           stored, &j->found);
    if (st != SL_OK) {
        free(j);
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    }
    snprintf(j->username, sizeof j->username, "%s", req->username);
    j->c = r->c;
    j->from = from;
    j->request_id = r->request_id;
    conn_ref(j->c);
    j->c->deferred = true;
    from->logins_queued++;
    if (!hasher_verify(r->srv->hasher, req->password, stored, login_verified, j)) {
        from->logins_queued--;
        j->c->deferred = false;
        conn_unref(j->c);
        free(j);
        return req_fail_code(r, SL_EEXHAUSTED, MSG_TOO_MANY_LOGINS);
    }
    return SL_DEFERRED;
}

sl_status handle_resume(request *r, const sl_envelope *in, sl_envelope *out)
{
    const char *token = in->resume->token;
    sl_principal p;
    int64_t last_seen;
    if (auth_session_lookup(r->st, token, r->now, r->srv->cfg.session_idle_seconds, &p,
                            &last_seen) != SL_OK)
        return req_fail_code(r, SL_EUNAUTH, MSG_SESSION_ENDED);
    sl_status allowed = allowed_on_device(r, &p);
    if (allowed != SL_OK)
        return allowed;
    if ((allowed = pin_session_here(r, token)) != SL_OK)
        return allowed;
    sqlite3_stmt *st =
        store_query(r->st, "SELECT must_change FROM users WHERE id = ?1", SB(p.user_id));
    sl_status found = store_row(st);
    if (found != SL_OK)
        return req_fail_code(r, found == SL_ENOTFOUND ? SL_EINTERNAL : found, MSG_USER_VANISHED);
    bool must_change = sqlite3_column_int(st, 0) != 0;
    store_stmt_done(st);
    sl_status s = auth_session_touch(r->st, token, r->now);
    if (s != SL_OK)
        return req_fail_code(r, s, MSG_DATABASE_ERROR);
    return start_session(r, &p, must_change, token, out);
}

/* ---------------------------------------------------------------- kiosk PIN (issue 8) */

/* The second half of a PIN login, after the hash: a wrong PIN counts against the device and,
 * when the account exists, against the account (which locks at its limit); a right one opens
 * a session bound to this kiosk's company. */
static sl_status pin_login_complete(request *r, login_job *j, sl_envelope *out)
{
    const sl_config *cfg = &r->srv->cfg;
    sl_status st;
    bool right = j->found && j->verified;
    peer_login_result(j->from, right, r->now, cfg->login_address_window_seconds);
    if (!right) {
        /* The failure counters must survive the error reply. */
        r->keep_changes = true;
        if ((st = pin_store_device_failed(r->st, j->device, r->now)) != SL_OK ||
            (j->found && (st = pin_store_account_failed(r->st, j->p.user_id, r->now)) != SL_OK))
            return req_fail_code(r, st, MSG_DATABASE_ERROR);
        LOG_INFO("auth", "#%llu PIN login failed on %s", (unsigned long long)r->c->id, j->device);
        return req_fail_code(r, SL_EUNAUTH, MSG_WRONG_PIN);
    }
    char token[AUTH_TOKEN_HEX + 1];
    if ((st = pin_store_account_succeeded(r->st, j->p.user_id)) != SL_OK ||
        (st = auth_session_create(r->st, j->p.user_id, r->now, token)) != SL_OK ||
        (st = auth_session_bind_kiosk(r->st, token, r->c->device_company)) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_CREATE_SESSION);
    r->who = &j->p;
    if ((st = req_audit(r, "login.pin", "user", j->p.user_id, r->c->device_company)) != SL_OK)
        return st;
    return start_session(r, &j->p, false, token, out);
}

/* A wrong PIN whose kiosk hung up before the answer still counts against the device and the
 * account: else sending a PIN and closing would be a free guess. Runs once the write store is
 * free, in a transaction of its own. */
static void pin_abandoned_resume(void *arg, bool cancelled)
{
    login_job *j = arg;
    sl_server *srv = j->c->srv;
    int64_t now = sl_now_unix();
    if (!cancelled && !srv->stopping && store_request_begin(srv->st) == SL_OK) {
        sl_status st = pin_store_device_failed(srv->st, j->device, now);
        if (st == SL_OK && j->found)
            st = pin_store_account_failed(srv->st, j->p.user_id, now);
        if (st != SL_OK)
            LOG_WARN("auth", "cannot count a wrong PIN: %s", sl_status_name(st));
        store_request_end(srv->st, st == SL_OK);
        batch_schedule(srv->batch);
    }
    login_job_done(j);
}

/* SL_OK when the session of `token` may be used on this connection: a session opened with a
 * PIN only on a kiosk of the company it was opened at. */
static sl_status pin_session_here(request *r, const char *token)
{
    char company[SL_ID_LEN + 1];
    sl_status st = auth_session_kiosk(r->st, token, company);
    if (st == SL_EUNAUTH)
        return req_fail_code(r, SL_EUNAUTH, MSG_SESSION_ENDED);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    if (company[0] && (!r->c->is_device || strcmp(company, r->c->device_company) != 0))
        return req_fail_code(r, SL_EPERM, MSG_PIN_SESSION_KIOSK_ONLY);
    return SL_OK;
}

/* The first half of a PIN login: only on a company-bound kiosk connection; the address's,
 * the device's and the account's throttle; the PIN then goes to the hasher like a password. */
sl_status handle_pin_login(request *r, const sl_envelope *in, sl_envelope *out)
{
    (void)out;
    const Stagelijn__V1__PinLoginRequest *req = in->pin_login;
    sl_status st;
    if (!r->c->is_device || !r->c->device_company[0])
        return req_fail_code(r, SL_EPERM, MSG_PIN_KIOSK_ONLY);
    if ((st = req_check_text(r, "username", req->username, true)) != SL_OK ||
        (st = req_check_text(r, "pin", req->pin, true)) != SL_OK)
        return st;
    if (strlen(req->username) >= sizeof(((login_job *)0)->username))
        return req_fail_code(r, SL_EUNAUTH, MSG_WRONG_PIN);
    if (pin_judge(req->pin) == PIN_BAD_FORM)
        return req_fail_code(r, SL_EINVAL, MSG_PIN_FORM, PIN_MIN_DIGITS, PIN_MAX_DIGITS);
    peer *from = r->c->peer;
    if ((st = login_admission(r, from)) != SL_OK)
        return st;
    login_job *j = calloc(1, sizeof *j);
    if (!j)
        return req_fail_code(r, SL_EINTERNAL, MSG_OUT_OF_MEMORY);
    j->pin = true;
    pin_device_key(r->c->device_company, from->text, j->device);
    bool device_locked;
    char stored[AUTH_HASH_MAX], today[11];
    sl_date_format(r->today, today);
    if ((st = pin_store_device_locked(r->st, j->device, r->now, &device_locked)) != SL_OK ||
        (st = pin_store_lookup(r->st, req->username, r->c->device_company, today,
                               (int)r->srv->cfg.scrypt_log2_n, &j->p, stored, &j->found,
                               &j->pin_locked)) != SL_OK) {
        free(j);
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    }
    if (device_locked || j->pin_locked) {
        free(j);
        if (device_locked)
            return req_fail_code(r, SL_EEXHAUSTED, MSG_PIN_DEVICE_LOCKED,
                                 (PIN_DEVICE_LOCKOUT_SECONDS + 59) / 60);
        return req_fail_code(r, SL_EEXHAUSTED, MSG_PIN_LOCKED);
    }
    snprintf(j->username, sizeof j->username, "%s", req->username);
    j->c = r->c;
    j->from = from;
    j->request_id = r->request_id;
    conn_ref(j->c);
    j->c->deferred = true;
    from->logins_queued++;
    if (!hasher_verify(r->srv->hasher, req->pin, stored, login_verified, j)) {
        from->logins_queued--;
        j->c->deferred = false;
        conn_unref(j->c);
        free(j);
        return req_fail_code(r, SL_EEXHAUSTED, MSG_TOO_MANY_LOGINS);
    }
    return SL_DEFERRED;
}

static sl_status reply_ok(request *r, sl_envelope *out)
{
    Stagelijn__V1__Empty *e = SL_ARENA_NEW(r->arena, Stagelijn__V1__Empty);
    stagelijn__v1__empty__init(e);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_OK;
    out->ok = e;
    return SL_OK;
}

sl_status handle_logout(request *r, const sl_envelope *in, sl_envelope *out)
{
    sl_status st = SL_OK;
    st = auth_session_delete(r->st, r->c->token);
    if (st == SL_OK)
        st = req_audit(r, "logout", "user", r->who->user_id, "");
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    r->c->authed = false;
    memset(r->c->token, 0, sizeof r->c->token);
    r->c->subscribed = false;
    conn_session_ended(r->c);
    return reply_ok(r, out);
}

#define MIN_PASSWORD 10

sl_status handle_change_password(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__ChangePasswordRequest *req = in->change_password;
    sl_status st;
    if ((st = req_check_text(r, "new_password", req->new_password, true)) != SL_OK)
        return st;
    if (strlen(req->new_password) < MIN_PASSWORD)
        return req_fail_code(r, SL_EINVAL, MSG_NEW_PASSWORD_TOO_SHORT, MIN_PASSWORD);
    sqlite3_stmt *q =
        store_query(r->st, "SELECT password_hash FROM users WHERE id = ?1", SB(r->who->user_id));
    st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_USER_VANISHED);
    char stored[AUTH_HASH_MAX];
    snprintf(stored, sizeof stored, "%s", (const char *)sqlite3_column_text(q, 0));
    store_stmt_done(q);
    if (!auth_password_verify(req->old_password ? req->old_password : "", stored))
        return req_fail_code(r, SL_EUNAUTH, MSG_CURRENT_PASSWORD_WRONG);
    if (strcmp(req->old_password, req->new_password) == 0)
        return req_fail_code(r, SL_EINVAL, MSG_NEW_PASSWORD_SAME);
    char hash[AUTH_HASH_MAX];
    if (!auth_password_hash(req->new_password, (int)r->srv->cfg.scrypt_log2_n, hash))
        return req_fail_code(r, SL_EINTERNAL, MSG_CANNOT_HASH_PASSWORD);
    /* Every session of this user ends, this one included (a new token is returned): a changed
     * password must lock out whoever had the old one. */
    if ((st = store_exec(r->st, NULL,
                         "UPDATE users SET password_hash = ?2, must_change = 0 WHERE id = ?1",
                         SB(r->who->user_id), SB(hash))) != SL_OK ||
        (st = store_exec(r->st, NULL, "DELETE FROM sessions WHERE user_id = ?1",
                         SB(r->who->user_id))) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    char token[AUTH_TOKEN_HEX + 1];
    if ((st = auth_session_create(r->st, r->who->user_id, r->now, token)) != SL_OK ||
        (st = req_audit(r, "change_password", "user", r->who->user_id, "")) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    if (r->c->must_change_password && r->who->role == ROLE_ADMIN) {
        /* The first-start file holds a password that no longer works: remove it so nobody
         * mistakes it for a current one. */
        char path[SL_PATH_MAX + 32];
        snprintf(path, sizeof path, "%s/admin-password", r->srv->cfg.data_dir);
        unlink(path);
    }
    sl_principal p = *r->who;
    return start_session(r, &p, false, token, out);
}

/* The first exchange: the protocol version both sides speak. */
#define PROTOCOL_VERSION 1

sl_status handle_hello(request *r, const sl_envelope *in, sl_envelope *out)
{
    if (in->hello->protocol_version != PROTOCOL_VERSION)
        return req_fail_code(r, SL_EPRECOND, MSG_PROTOCOL_VERSION, in->hello->protocol_version,
                             PROTOCOL_VERSION);
    Stagelijn__V1__HelloReply *hr = SL_ARENA_NEW(r->arena, Stagelijn__V1__HelloReply);
    stagelijn__v1__hello_reply__init(hr);
    hr->protocol_version = PROTOCOL_VERSION;
    hr->server_version = "stagelijnd " SL_VERSION;
    hr->device_company_id = r->c->device_company;
    if (r->c->device_company[0]) {
        /* The kiosk shows whose device it is before anyone logs in. */
        sqlite3_stmt *q = store_query(r->st, "SELECT name FROM companies WHERE id = ?1",
                                      SB(r->c->device_company));
        sl_status st = store_row(q);
        if (st == SL_OK) {
            hr->device_company_name = sl_arena_strdup(r->arena, store_col(q, 0));
            store_stmt_done(q);
        } else if (st != SL_ENOTFOUND) {
            return req_fail_code(r, st, MSG_DATABASE_ERROR);
        }
    }
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_HELLO_REPLY;
    out->hello_reply = hr;
    return SL_OK;
}
