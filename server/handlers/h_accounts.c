/* The administrator's accounts (issue 10): disable and enable, reset a password, lift the
 * login throttle's lock-out, change a role or a company, list accounts with their state.
 * Sessions ending here reach connections that cached them through the session epoch, which
 * the write connection's update hook raises for every changed user and deleted session. */
#include <string.h>

#include "auth.h"
#include "handlers.h"

#define ONE_TIME_PASSWORD_LEN 14
#define ACCOUNTS_PAGE_MAX 200

typedef struct {
    char id[SL_ID_LEN + 1];
    sl_role role;
} account_ref;

/* Resolves `username` into *a. Fails the request (SL_ENOTFOUND naming the user, or the
 * store's error) when it cannot. */
static sl_status find_account(request *r, const char *username, account_ref *a)
{
    sl_status st = req_check_text(r, "username", username, true);
    if (st != SL_OK)
        return st;
    sqlite3_stmt *q =
        store_query(r->st, "SELECT id, role FROM users WHERE username = ?1", SB(username));
    st = store_row(q);
    if (st == SL_ENOTFOUND)
        return req_fail_code(r, st, MSG_NO_SUCH_USER, username);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    snprintf(a->id, sizeof a->id, "%s", store_col(q, 0));
    a->role = role_parse(store_col(q, 1));
    store_stmt_done(q);
    return SL_OK;
}

static sl_status reply_ok(request *r, sl_envelope *out)
{
    Stagelijn__V1__Empty *e = SL_ARENA_NEW(r->arena, Stagelijn__V1__Empty);
    stagelijn__v1__empty__init(e);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_OK;
    out->ok = e;
    return SL_OK;
}

static sl_status end_sessions(request *r, const char *user_id)
{
    return store_exec(r->st, NULL, "DELETE FROM sessions WHERE user_id = ?1", SB(user_id));
}

sl_status handle_set_account_enabled(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__SetAccountEnabledRequest *req = in->set_account_enabled;
    account_ref a;
    sl_status st = find_account(r, req->username, &a);
    if (st != SL_OK)
        return st;
    if (!req->enabled && strcmp(a.id, r->who->user_id) == 0)
        return req_fail_code(r, SL_EPRECOND, MSG_NOT_YOUR_OWN_ACCOUNT);
    if ((st = store_exec(r->st, NULL, "UPDATE users SET disabled = ?2 WHERE id = ?1", SB(a.id),
                         SB(!req->enabled))) != SL_OK ||
        (!req->enabled && (st = end_sessions(r, a.id)) != SL_OK) ||
        (st = req_audit(r, req->enabled ? "account.enable" : "account.disable", "user", a.id,
                        "")) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_CHANGE_ACCOUNT);
    return reply_ok(r, out);
}

sl_status handle_reset_password(request *r, const sl_envelope *in, sl_envelope *out)
{
    account_ref a;
    sl_status st = find_account(r, in->reset_password->username, &a);
    if (st != SL_OK)
        return st;
    char otp[ONE_TIME_PASSWORD_LEN + 1];
    auth_random_password(otp, ONE_TIME_PASSWORD_LEN);
    char hash[AUTH_HASH_MAX];
    if (!auth_password_hash(otp, (int)r->srv->cfg.scrypt_log2_n, hash))
        return req_fail_code(r, SL_EINTERNAL, MSG_CANNOT_HASH_PASSWORD);
    /* Whoever knew the old password is out, and the new one must be changed first. */
    if ((st = store_exec(r->st, NULL,
                         "UPDATE users SET password_hash = ?2, must_change = 1 WHERE id = ?1",
                         SB(a.id), SB(hash))) != SL_OK ||
        (st = end_sessions(r, a.id)) != SL_OK ||
        (st = req_audit(r, "account.reset_password", "user", a.id, "")) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_CHANGE_ACCOUNT);
    Stagelijn__V1__ResetPasswordReply *rep =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__ResetPasswordReply);
    stagelijn__v1__reset_password_reply__init(rep);
    rep->one_time_password = sl_arena_strdup(r->arena, otp);
    memset(otp, 0, sizeof otp);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_RESET_PASSWORD_REPLY;
    out->reset_password_reply = rep;
    return SL_OK;
}

sl_status handle_unlock_account(request *r, const sl_envelope *in, sl_envelope *out)
{
    const char *username = in->unlock_account->username;
    account_ref a;
    sl_status st = find_account(r, username, &a);
    if (st != SL_OK)
        return st;
    if ((st = store_exec(r->st, NULL, "DELETE FROM login_failures WHERE username = ?1",
                         SB(username))) != SL_OK ||
        (st = req_audit(r, "account.unlock", "user", a.id, "")) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_CHANGE_ACCOUNT);
    return reply_ok(r, out);
}

/* The company a supervisor belongs to: required, and it must exist; other roles have none. */
static sl_status role_company(request *r, sl_role role, const char *company_id,
                              const char **company)
{
    *company = NULL;
    if (role != ROLE_SUPERVISOR) {
        if (company_id && company_id[0])
            return req_fail_code(r, SL_EINVAL, MSG_ONLY_SUPERVISORS_COMPANY);
        return SL_OK;
    }
    sl_status st = req_check_id(r, "company_id", company_id);
    if (st != SL_OK)
        return st;
    st = store_exists(r->st, "SELECT 1 FROM companies WHERE id = ?1", SB(company_id));
    if (st == SL_ENOTFOUND)
        return req_fail_code(r, st, MSG_NO_SUCH_COMPANY);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    *company = company_id;
    return SL_OK;
}

sl_status handle_set_account_role(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__SetAccountRoleRequest *req = in->set_account_role;
    account_ref a;
    sl_status st = find_account(r, req->username, &a);
    if (st != SL_OK)
        return st;
    sl_role role = (sl_role)req->role;
    if (role <= ROLE_NONE || role >= ROLE_COUNT)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "role");
    if (strcmp(a.id, r->who->user_id) == 0)
        return req_fail_code(r, SL_EPRECOND, MSG_NOT_YOUR_OWN_ACCOUNT);
    const char *company;
    if ((st = role_company(r, role, req->company_id, &company)) != SL_OK)
        return st;
    char details[96];
    snprintf(details, sizeof details, "%s -> %s", role_name(a.role), role_name(role));
    /* Sessions end so that no connection keeps the old role's rights. */
    if ((st = store_exec(r->st, NULL, "UPDATE users SET role = ?2, company_id = ?3 WHERE id = ?1",
                         SB(a.id), SB(role_name(role)), SB(company))) != SL_OK ||
        (st = end_sessions(r, a.id)) != SL_OK ||
        (st = req_audit(r, "account.set_role", "user", a.id, details)) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_CHANGE_ACCOUNT);
    return reply_ok(r, out);
}

static Stagelijn__V1__Account *account_from_row(request *r, sqlite3_stmt *q)
{
    Stagelijn__V1__Account *a = SL_ARENA_NEW(r->arena, Stagelijn__V1__Account);
    stagelijn__v1__account__init(a);
    a->username = sl_arena_strdup(r->arena, store_col(q, 0));
    a->display_name = sl_arena_strdup(r->arena, store_col(q, 1));
    a->role = (Stagelijn__V1__Role)role_parse(store_col(q, 2));
    a->company_name = sl_arena_strdup(r->arena, store_col(q, 3));
    a->enabled = sqlite3_column_int(q, 4) == 0;
    a->locked = sqlite3_column_int(q, 5) != 0;
    a->must_change_password = sqlite3_column_int(q, 6) != 0;
    a->last_login = sqlite3_column_int64(q, 7);
    return a;
}

sl_status handle_list_accounts(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__ListAccountsRequest *req = in->list_accounts;
    const sl_config *cfg = &r->srv->cfg;
    sl_status st = req_check_text(r, "after", req->after, false);
    if (st != SL_OK)
        return st;
    uint32_t limit = req->limit && req->limit <= ACCOUNTS_PAGE_MAX ? req->limit : ACCOUNTS_PAGE_MAX;
    /* One row more than the page tells whether the list was cut. A lock-out is the throttle's
     * own rule (auth_login_locked): enough failures from one address, the last one recent. */
    sqlite3_stmt *q = store_query(
        r->st,
        "SELECT u.username, u.display_name, u.role, coalesce(c.name, ''), u.disabled, "
        "EXISTS (SELECT 1 FROM login_failures f WHERE f.username = u.username AND "
        "f.failures >= ?3 AND f.last_failure > ?4 - ?5), u.must_change, "
        "coalesce(l.last_login, 0) FROM users u LEFT JOIN companies c ON c.id = u.company_id "
        "LEFT JOIN account_logins l ON l.user_id = u.id "
        "WHERE u.username > ?1 ORDER BY u.username LIMIT ?2",
        SB(req->after ? req->after : ""), SB((int64_t)limit + 1), SB(cfg->login_max_failures),
        SB(r->now), SB(cfg->login_lockout_seconds));
    if (!q)
        return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    Stagelijn__V1__ListAccountsReply *rep =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__ListAccountsReply);
    stagelijn__v1__list_accounts_reply__init(rep);
    rep->accounts = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__Account *, limit);
    bool row;
    while ((st = store_next(q, &row)) == SL_OK && row) {
        if (rep->n_accounts == limit) {
            rep->cut = true;
            break;
        }
        rep->accounts[rep->n_accounts++] = account_from_row(r, q);
    }
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_ACCOUNTS_REPLY;
    out->list_accounts_reply = rep;
    return SL_OK;
}
