/* Device (kiosk) certificates from the administrator's console (issue 10): issue one bound to
 * an existing company, list them, revoke one. A revocation takes effect on the next device
 * handshake through the daemon's in-memory set of revoked serials (revoked.h), which is
 * filled from the database at start; connections open with it are closed at once. */
#include <string.h>

#include "devca.h"
#include "handlers.h"
#include "log.h"
#include "revoked.h"

#define DEVICE_CERTS_MAX 200

/* LEFT JOIN: a certificate of the daemon's own tool may be bound to no company. A literal
 * joined at compile time, not text built on the stack: the store caches statements by the
 * SQL's address. */
#define DEVICE_CERT_COLUMNS                                                                        \
    "SELECT d.serial, coalesce(d.company_id, ''), coalesce(c.name, ''), d.device_name, "           \
    "d.not_after, coalesce(d.revoked_at, 0) FROM device_certs d LEFT JOIN companies c "            \
    "ON c.id = d.company_id "

static Stagelijn__V1__DeviceCert *cert_from_row(request *r, sqlite3_stmt *q)
{
    Stagelijn__V1__DeviceCert *d = SL_ARENA_NEW(r->arena, Stagelijn__V1__DeviceCert);
    stagelijn__v1__device_cert__init(d);
    d->serial = sl_arena_strdup(r->arena, store_col(q, 0));
    d->company_id = sl_arena_strdup(r->arena, store_col(q, 1));
    d->company_name = sl_arena_strdup(r->arena, store_col(q, 2));
    d->device_name = sl_arena_strdup(r->arena, store_col(q, 3));
    d->not_after = sqlite3_column_int64(q, 4);
    d->revoked_at = sqlite3_column_int64(q, 5);
    return d;
}

static Stagelijn__V1__DeviceCertsReply *new_reply(request *r, size_t cap, sl_envelope *out)
{
    Stagelijn__V1__DeviceCertsReply *rep = SL_ARENA_NEW(r->arena, Stagelijn__V1__DeviceCertsReply);
    stagelijn__v1__device_certs_reply__init(rep);
    rep->certs = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__DeviceCert *, cap);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_DEVICE_CERTS_REPLY;
    out->device_certs_reply = rep;
    return rep;
}

/* The one certificate with `serial` into a new reply; fails the request when there is none. */
static sl_status reply_one(request *r, const char *serial, sl_envelope *out,
                           Stagelijn__V1__DeviceCertsReply **rep_out)
{
    sqlite3_stmt *q = store_query(r->st, DEVICE_CERT_COLUMNS "WHERE d.serial = ?1", SB(serial));
    sl_status st = store_row(q);
    if (st == SL_ENOTFOUND)
        return req_fail_code(r, st, MSG_NO_SUCH_DEVICE_CERT, serial);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    Stagelijn__V1__DeviceCertsReply *rep = new_reply(r, 1, out);
    rep->certs[rep->n_certs++] = cert_from_row(r, q);
    store_stmt_done(q);
    if (rep_out)
        *rep_out = rep;
    return SL_OK;
}

static sl_status issue(request *r, const Stagelijn__V1__IssueDeviceCert *req, sl_envelope *out)
{
    sl_status st;
    if ((st = req_check_id(r, "company_id", req->company_id)) != SL_OK ||
        (st = req_check_text(r, "device_name", req->device_name, true)) != SL_OK)
        return st;
    st = store_exists(r->st, "SELECT 1 FROM companies WHERE id = ?1", SB(req->company_id));
    if (st == SL_ENOTFOUND)
        return req_fail_code(r, st, MSG_NO_SUCH_COMPANY);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    devca_issued d;
    char err[256];
    if (!devca_issue_device_pem(r->srv->cfg.data_dir, req->device_name, req->company_id, &d, err,
                                sizeof err)) {
        LOG_WARN("devices", "cannot issue a device certificate: %s", err);
        return req_fail_code(r, SL_EINTERNAL, MSG_CANNOT_ISSUE_DEVICE_CERT);
    }
    Stagelijn__V1__DeviceCertsReply *rep = NULL;
    if ((st = store_exec(r->st, NULL,
                         "INSERT INTO device_certs (serial, company_id, device_name, not_after, "
                         "issued_at, issued_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                         SB(d.serial), SB(req->company_id), SB(req->device_name), SB(d.not_after),
                         SB(r->now), SB(r->who->user_id))) != SL_OK ||
        (st = req_audit(r, "device_cert.issue", "company", req->company_id, d.serial)) != SL_OK) {
        devca_issued_free(&d);
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    }
    if ((st = reply_one(r, d.serial, out, &rep)) == SL_OK) {
        rep->cert_pem = sl_arena_strdup(r->arena, d.cert_pem);
        rep->key_pem = sl_arena_strdup(r->arena, d.key_pem);
    }
    devca_issued_free(&d);
    return st;
}

static sl_status revoke(request *r, const char *serial, sl_envelope *out)
{
    sl_status st = req_check_text(r, "revoke_serial", serial, true);
    if (st != SL_OK)
        return st;
    int changes = 0;
    if ((st = store_exec(r->st, &changes,
                         "UPDATE device_certs SET revoked_at = ?2, revoked_by = ?3 "
                         "WHERE serial = ?1 AND revoked_at IS NULL",
                         SB(serial), SB(r->now), SB(r->who->user_id))) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    if ((st = reply_one(r, serial, out, NULL)) != SL_OK)
        return st;
    if (changes && (st = req_audit(r, "device_cert.revoke", "device_cert", serial, "")) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    /* Refused from the next handshake on, before the commit: should the commit fail, the
     * certificate stays refused until a restart, which errs on the safe side. */
    if (!revoked_add(&r->srv->revoked, serial))
        return req_fail_code(r, SL_EINTERNAL, MSG_OUT_OF_MEMORY);
    /* A kiosk connected with it now is out too. */
    conn_close_device(r->srv, serial, r->c);
    /* The CRL for other tools (admin2): written from this transaction's view, which holds the
     * revocation; a failure leaves the daemon's own refusal in force and is logged. */
    char err[256];
    if (changes && !devca_publish_crl(r->st, r->srv->cfg.data_dir, r->now, err, sizeof err))
        LOG_WARN("devices", "the revocation list is not published: %s", err);
    return SL_OK;
}

/* Enters a certificate this school's CA issued outside the console (the daemon's own
 * --issue-device-cert before it registered what it issued) in the register, so that it can be
 * listed and revoked; one already there is answered as it is. */
static sl_status register_cert(request *r, const char *pem, sl_envelope *out)
{
    devca_device d;
    char err[256];
    sl_status st = req_check_text(r, "register_pem", pem, true);
    if (st != SL_OK)
        return st;
    if (!devca_read_device(r->srv->cfg.data_dir, pem, &d, err, sizeof err))
        return req_fail_code(r, SL_EINVAL, MSG_NOT_OUR_DEVICE_CERT, err);
    if (d.company_id[0]) {
        st = store_exists(r->st, "SELECT 1 FROM companies WHERE id = ?1", SB(d.company_id));
        if (st == SL_ENOTFOUND)
            d.company_id[0] = '\0'; /* its company is gone; still listed, still revocable */
        else if (st != SL_OK)
            return req_fail_code(r, st, MSG_DATABASE_ERROR);
    }
    int changes = 0;
    if ((st = store_exec(r->st, &changes,
                         "INSERT OR IGNORE INTO device_certs (serial, company_id, device_name, "
                         "not_after, issued_at, issued_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                         SB(d.serial), SB(d.company_id[0] ? d.company_id : NULL), SB(d.device_name),
                         SB(d.not_after), SB(r->now), SB(r->who->user_id))) != SL_OK ||
        (changes && (st = req_audit(r, "device_cert.register", "device_cert", d.serial,
                                    d.device_name)) != SL_OK))
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    return reply_one(r, d.serial, out, NULL);
}

sl_status handle_change_device_cert(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__ChangeDeviceCertRequest *req = in->change_device_cert;
    switch (req->action_case) {
    case STAGELIJN__V1__CHANGE_DEVICE_CERT_REQUEST__ACTION_ISSUE:
        return issue(r, req->issue, out);
    case STAGELIJN__V1__CHANGE_DEVICE_CERT_REQUEST__ACTION_REVOKE_SERIAL:
        return revoke(r, req->revoke_serial, out);
    case STAGELIJN__V1__CHANGE_DEVICE_CERT_REQUEST__ACTION_REGISTER_PEM:
        return register_cert(r, req->register_pem, out);
    default:
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "action");
    }
}

sl_status handle_list_device_certs(request *r, const sl_envelope *in, sl_envelope *out)
{
    sqlite3_stmt *q = store_query(
        r->st,
        DEVICE_CERT_COLUMNS "WHERE ?1 OR d.revoked_at IS NULL ORDER BY c.name COLLATE nl, "
                            "d.device_name, d.serial LIMIT ?2",
        SB(in->list_device_certs->include_revoked), SB(DEVICE_CERTS_MAX + 1));
    if (!q)
        return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    Stagelijn__V1__DeviceCertsReply *rep = new_reply(r, DEVICE_CERTS_MAX, out);
    bool row;
    sl_status st;
    while ((st = store_next(q, &row)) == SL_OK && row) {
        if (rep->n_certs == DEVICE_CERTS_MAX) {
            rep->cut = true;
            r->list_cap = DEVICE_CERTS_MAX; /* labels: said under the list too */
            break;
        }
        rep->certs[rep->n_certs++] = cert_from_row(r, q);
    }
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    return SL_OK;
}
