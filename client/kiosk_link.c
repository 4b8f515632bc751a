#include "kiosk_link.h"

#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ids.h"
#include "kiosk_cache.h"
#include "timeutil.h"
#include "wording.h"

#define _(s) gettext(s)

/* How many accounts one flush visits at most (a kiosk has a handful of people). */
#define MAX_FLUSH_ACCOUNTS 64
/* How long a background retry waits for the server (connect, TLS, each reply). */
#define FLUSH_TIMEOUT_MS 2000

struct kiosk_link {
    sl_client_opts o;
    kiosk_queue *q;
    sl_client *c;
    bool online;
    bool resumed; /* the person's session is attached to c */
    bool logged_in;
    kl_person who;
    char company_name[256];
    char company_id[40]; /* the company the device certificate binds this kiosk to */
    kiosk_cache *cache;  /* verifiers and last known reads; NULL when the file refused them */
    /* The person logged in with a PIN checked on the kiosk while offline: no session (empty
     * token); only clockings, sent as KioskOfflineClock; reads from the cache. */
    bool offline_login;
    int64_t last_known_at; /* when the oldest read shown from the cache was made; 0: none */
};

kiosk_link *kl_new(const sl_client_opts *o, kiosk_queue *q)
{
    kiosk_link *kl = calloc(1, sizeof *kl);
    if (!kl)
        return NULL;
    kl->o = *o;
    kl->q = q;
    /* Without the cache the kiosk still works online; it only cannot help offline. */
    if (kc_open(q, KC_DEFAULT_KEEP_SECONDS, &kl->cache) == SL_OK)
        kc_load_device(kl->cache, kl->company_id, sizeof kl->company_id, kl->company_name,
                       sizeof kl->company_name);
    return kl;
}

static void drop_connection(kiosk_link *kl)
{
    sl_client_close(kl->c);
    kl->c = NULL;
    kl->resumed = false;
    kl->online = false;
}

void kl_free(kiosk_link *kl)
{
    if (!kl)
        return;
    sl_client_close(kl->c);
    kc_close(kl->cache);
    free(kl);
}

static bool is_connection_failure(sl_status st)
{
    return st == SL_EIO || st == SL_ETLS || st == SL_EPROTO || st == SL_ENOMEM;
}

/* A refusal that says nothing about the request: it may be sent again later. */
static bool is_passing(sl_status st)
{
    return is_connection_failure(st) || st == SL_EUNAVAIL || st == SL_EINTERNAL ||
           st == SL_EEXHAUSTED || st == SL_EUNAUTH;
}

/* The reply's refusal in the user's words, or the status's when there is none. */
static void say_refusal(sl_status st, const sl_envelope *rep, const char *err, char *msg, size_t n)
{
    if (rep && rep->body_case == STAGELIJN__V1__ENVELOPE__BODY_ERROR) {
        char text[512];
        wording_error(rep->error, text, sizeof text);
        if (rep->error->n_violations > 0) {
            char rule[512];
            snprintf(msg, n, "%s %s", text,
                     wording_violation(rep->error->violations[0], rule, sizeof rule));
        } else {
            snprintf(msg, n, "%s", text);
        }
        return;
    }
    if (is_connection_failure(st))
        snprintf(msg, n, "%s", _("The server cannot be reached."));
    else
        snprintf(msg, n, "%s", err && err[0] ? err : wording_status(st));
}

/* The shape of every request the kiosk makes: an Envelope whose body is `body`, the request
 * message of body case bc (the caller's, not copied). In protobuf-c the body case is the
 * number of the Envelope's field that holds the body, so the field is found by that number in
 * the Envelope's descriptor rather than named once per request. */
static sl_envelope envelope_of(Stagelijn__V1__Envelope__BodyCase bc, void *body)
{
    sl_envelope e = STAGELIJN__V1__ENVELOPE__INIT;
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field(&stagelijn__v1__envelope__descriptor, (unsigned)bc);
    if (f && f->type == PROTOBUF_C_TYPE_MESSAGE) {
        /* As a pointer to a structure: it has the representation of the member's type. */
        ProtobufCMessage *m = body;
        e.body_case = bc;
        memcpy((char *)&e + f->offset, &m, sizeof m);
    }
    return e;
}

/* Sends a request whose answer does not matter beyond its status (Resume, Logout) on c. */
static sl_status call_plain(sl_client *c, Stagelijn__V1__Envelope__BodyCase bc, void *body)
{
    sl_envelope req = envelope_of(bc, body), *rep;
    char err[256];
    sl_status st = sl_client_call(c, &req, &rep, err, sizeof err);
    sl_envelope_free(rep);
    return st;
}

/* Attaches a session to c by its token. */
static sl_status resume(sl_client *c, const char *token)
{
    Stagelijn__V1__ResumeRequest rr = STAGELIJN__V1__RESUME_REQUEST__INIT;
    rr.token = (char *)token;
    return call_plain(c, STAGELIJN__V1__ENVELOPE__BODY_RESUME, &rr);
}

/* How many cached interns one check asks about (the server's limit). */
#define PIN_CHECK_MAX 64

/* On a fresh connection c: asks the server which cached interns' PINs changed since their
 * verifier was made, or who cannot log in here any more, and forgets their verifiers, so a
 * PIN reset reaches the kiosk before the intern's next online login. A failed check changes
 * nothing; the next connection asks again. The verifier's time is the kiosk's clock, the
 * PIN's the server's: a kiosk whose clock runs ahead by d misses a reset made within d after
 * the verifier (kiosks keep their clock by NTP, docs/clients.md). */
static void check_cached_pins(kiosk_link *kl, sl_client *c)
{
    static char names[PIN_CHECK_MAX][KQ_USER_LEN];
    int64_t saved_at[PIN_CHECK_MAX];
    char *asked[PIN_CHECK_MAX];
    size_t n = 0;
    if (!kl->cache || kc_pin_people(kl->cache, names, saved_at, PIN_CHECK_MAX, &n) != SL_OK ||
        n == 0)
        return;
    for (size_t i = 0; i < n; i++)
        asked[i] = names[i];
    Stagelijn__V1__KioskPinCheckRequest r = STAGELIJN__V1__KIOSK_PIN_CHECK_REQUEST__INIT;
    r.usernames = asked;
    r.n_usernames = n;
    sl_envelope req = envelope_of(STAGELIJN__V1__ENVELOPE__BODY_KIOSK_PIN_CHECK, &r), *rep = NULL;
    char err[256];
    if (sl_client_call(c, &req, &rep, err, sizeof err) == SL_OK &&
        rep->body_case == STAGELIJN__V1__ENVELOPE__BODY_KIOSK_PIN_CHECK_REPLY) {
        const Stagelijn__V1__KioskPinCheckReply *pr = rep->kiosk_pin_check_reply;
        for (size_t i = 0; i < pr->n_states && i < n; i++) {
            const Stagelijn__V1__KioskPinState *ps = pr->states[i];
            if (strcmp(ps->username, names[i]) != 0)
                continue;
            if (!ps->usable || ps->pin_set_at > saved_at[i])
                kc_forget_pin(kl->cache, names[i]);
        }
    }
    sl_envelope_free(rep);
}

sl_status kl_connect(kiosk_link *kl, char *err, size_t errlen)
{
    if (!kl->c) {
        sl_status st = sl_client_connect(&kl->o, &kl->c, err, errlen);
        if (st != SL_OK) {
            kl->c = NULL;
            kl->online = false;
            return st;
        }
        snprintf(kl->company_name, sizeof kl->company_name, "%s",
                 sl_client_device_company_name(kl->c));
        snprintf(kl->company_id, sizeof kl->company_id, "%s", sl_client_device_company(kl->c));
        kl->online = true;
        if (kl->cache)
            kc_save_device(kl->cache, kl->company_id, kl->company_name);
        check_cached_pins(kl, kl->c);
    }
    /* A person logged in offline has no session to resume. */
    if (kl->logged_in && !kl->resumed && kl->who.token[0]) {
        sl_status st = resume(kl->c, kl->who.token);
        if (st != SL_OK) {
            if (is_connection_failure(st))
                drop_connection(kl);
            snprintf(err, errlen, "%s", wording_status(st));
            return st;
        }
        kl->resumed = true;
    }
    return SL_OK;
}

bool kl_online(const kiosk_link *kl)
{
    return kl->online;
}

bool kl_offline_login(const kiosk_link *kl)
{
    return kl->logged_in && kl->offline_login;
}

const char *kl_network_text(const kiosk_link *kl, char *out, size_t n)
{
    if (kl->online && !kl->offline_login) {
        snprintf(out, n, "%s", _("Connected."));
    } else if (kl->last_known_at) {
        sl_date day;
        int minute;
        char ymd[11], hm[6];
        sl_local_of(kl->last_known_at, &day, &minute);
        sl_date_format(day, ymd);
        sl_clock_format(minute, hm);
        /* The date only when it is not today: the status row has 80 columns to share. */
        if (sl_date_compare(day, sl_date_today_local()) == 0)
            snprintf(out, n, _("Last known at %s."), hm);
        else
            snprintf(out, n, _("Last known on %s %s."), ymd, hm);
    } else {
        snprintf(out, n, "%s", _("No connection."));
    }
    return out;
}

sl_status kl_keep_days(kiosk_link *kl, int days)
{
    if (days < 1 || !kl->cache)
        return SL_EINVAL;
    return kc_set_keep(kl->cache, (long)days * 86400);
}

const char *kl_company_name(const kiosk_link *kl)
{
    return kl->company_name;
}

const kl_person *kl_who(const kiosk_link *kl)
{
    return kl->logged_in ? &kl->who : NULL;
}

static void fill_person(kl_person *who, const char *username, const Stagelijn__V1__LoginReply *lr)
{
    memset(who, 0, sizeof *who);
    snprintf(who->username, sizeof who->username, "%s", username);
    snprintf(who->token, sizeof who->token, "%s", lr->token);
    if (lr->user) {
        snprintf(who->display_name, sizeof who->display_name, "%s", lr->user->display_name);
        snprintf(who->company_id, sizeof who->company_id, "%s", lr->user->company_id);
        who->role = lr->user->role;
    }
}

/* The offline login of an intern: the PIN checked against the verifier kept at an earlier
 * online login on this kiosk (kiosk_cache.h). */
static sl_status offline_pin_login(kiosk_link *kl, const char *username, const char *pin,
                                   kl_person *who, char *msg, size_t msglen)
{
    kc_person p;
    kc_pin_verdict v =
        kl->cache ? kc_check_pin(kl->cache, username, pin, (int64_t)time(NULL), &p) : KC_PIN_ERROR;
    switch (v) {
    case KC_PIN_OK:
        break;
    case KC_PIN_WRONG:
        snprintf(msg, msglen, "%s", _("Unknown name or PIN."));
        return SL_EUNAUTH;
    case KC_PIN_ACCOUNT_LOCKED:
        snprintf(msg, msglen, "%s", _("Too many wrong PINs."));
        return SL_EEXHAUSTED;
    case KC_PIN_DEVICE_LOCKED:
        snprintf(msg, msglen, _("Kiosk blocked for %d minutes."), KC_DEVICE_LOCKOUT_SECONDS / 60);
        return SL_EEXHAUSTED;
    case KC_PIN_ERROR:
    default:
        snprintf(msg, msglen, "%s", _("The server cannot be reached. Try again later."));
        return SL_EIO;
    }
    memset(&kl->who, 0, sizeof kl->who);
    snprintf(kl->who.username, sizeof kl->who.username, "%s", p.username);
    snprintf(kl->who.display_name, sizeof kl->who.display_name, "%s", p.display_name);
    snprintf(kl->who.company_id, sizeof kl->who.company_id, "%s", kl->company_id);
    kl->who.role = STAGELIJN__V1__ROLE__ROLE_STUDENT;
    kl->logged_in = kl->offline_login = true;
    kl->resumed = false;
    *who = kl->who;
    return SL_OK;
}

/* Sends a Login or PinLogin (req) for username and takes the session. With a PIN (pin not
 * NULL) a kiosk that cannot reach the server tries the offline login. */
static sl_status login_with(kiosk_link *kl, const char *username, const char *pin, sl_envelope *req,
                            kl_person *who, char *msg, size_t msglen)
{
    kl_logout(kl);
    char err[512];
    sl_status st = kl_connect(kl, err, sizeof err);
    if (st != SL_OK && pin && is_connection_failure(st))
        return offline_pin_login(kl, username, pin, who, msg, msglen);
    if (st != SL_OK) {
        snprintf(msg, msglen, "%s", _("The server cannot be reached. Try again later."));
        return st;
    }
    sl_envelope *rep;
    st = sl_client_call(kl->c, req, &rep, err, sizeof err);
    /* The server's word beats the kiosk's copy: a PIN it refuses (a wrong or reset one, or a
     * disabled account) opens nothing offline either, from now on. */
    if (pin && st == SL_EUNAUTH && kl->cache)
        kc_forget_pin(kl->cache, username);
    if (st != SL_OK) {
        say_refusal(st, rep, err, msg, msglen);
        if (is_connection_failure(st))
            drop_connection(kl);
        sl_envelope_free(rep);
        return st;
    }
    if (rep->login_reply->must_change_password) {
        snprintf(msg, msglen, "%s",
                 _("Your password must be changed first. Ask your coach or the school."));
        sl_envelope_free(rep);
        drop_connection(kl);
        return SL_EPRECOND;
    }
    fill_person(&kl->who, username, rep->login_reply);
    sl_envelope_free(rep);
    kl->logged_in = kl->resumed = true;
    *who = kl->who;
    if (pin && kl->cache) {
        kc_person p;
        snprintf(p.username, sizeof p.username, "%s", username);
        snprintf(p.display_name, sizeof p.display_name, "%s", kl->who.display_name);
        kc_remember_pin(kl->cache, &p, pin, (int64_t)time(NULL));
    }
    kq_set_token(kl->q, username, kl->who.token);
    return SL_OK;
}

sl_status kl_login(kiosk_link *kl, const char *username, const char *password, kl_person *who,
                   char *msg, size_t msglen)
{
    Stagelijn__V1__LoginRequest lr = STAGELIJN__V1__LOGIN_REQUEST__INIT;
    lr.username = (char *)username;
    lr.password = (char *)password;
    sl_envelope req = envelope_of(STAGELIJN__V1__ENVELOPE__BODY_LOGIN, &lr);
    return login_with(kl, username, NULL, &req, who, msg, msglen);
}

sl_status kl_pin_login(kiosk_link *kl, const char *username, const char *pin, kl_person *who,
                       char *msg, size_t msglen)
{
    Stagelijn__V1__PinLoginRequest pr = STAGELIJN__V1__PIN_LOGIN_REQUEST__INIT;
    pr.username = (char *)username;
    pr.pin = (char *)pin;
    sl_envelope req = envelope_of(STAGELIJN__V1__ENVELOPE__BODY_PIN_LOGIN, &pr);
    return login_with(kl, username, pin, &req, who, msg, msglen);
}

void kl_logout(kiosk_link *kl)
{
    if (!kl->logged_in)
        return;
    bool waiting = kq_has_waiting(kl->q, kl->who.username);
    if (!waiting && kl->c && kl->resumed) {
        Stagelijn__V1__LogoutRequest lo = STAGELIJN__V1__LOGOUT_REQUEST__INIT;
        call_plain(kl->c, STAGELIJN__V1__ENVELOPE__BODY_LOGOUT, &lo);
    }
    /* A fresh connection for the next person: nothing of this session stays attached. */
    drop_connection(kl);
    memset(&kl->who, 0, sizeof kl->who);
    kl->logged_in = kl->offline_login = false;
    kl->last_known_at = 0;
}

/* The request as the cache's key: packed without its request id; NULL on no memory. */
static uint8_t *read_key(sl_envelope *req, size_t *len)
{
    uint64_t rid = req->request_id;
    req->request_id = 0;
    *len = protobuf_c_message_get_packed_size(&req->base);
    uint8_t *buf = malloc(*len ? *len : 1);
    if (buf)
        protobuf_c_message_pack(&req->base, buf);
    req->request_id = rid;
    return buf;
}

/* Keeps the logged-in person's answer to req as the last known one. */
static void remember_read(kiosk_link *kl, sl_envelope *req, const sl_envelope *reply)
{
    size_t klen, rlen = protobuf_c_message_get_packed_size(&reply->base);
    uint8_t *key = read_key(req, &klen), *rbuf = malloc(rlen ? rlen : 1);
    if (key && rbuf) {
        protobuf_c_message_pack(&reply->base, rbuf);
        kc_save_read(kl->cache, kl->who.username, key, klen, rbuf, rlen, (int64_t)time(NULL));
    }
    free(key);
    free(rbuf);
}

/* The logged-in person's last known answer to req, or NULL; notes how old it is. */
static sl_envelope *last_known(kiosk_link *kl, sl_envelope *req)
{
    size_t klen, rlen;
    uint8_t *key = read_key(req, &klen), *rbuf = NULL;
    int64_t saved_at = 0;
    sl_envelope *rep = NULL;
    if (key && kc_load_read(kl->cache, kl->who.username, key, klen, (int64_t)time(NULL), &rbuf,
                            &rlen, &saved_at) == SL_OK)
        rep = sl_envelope_decode(rbuf, rlen);
    free(key);
    free(rbuf);
    if (rep && (!kl->last_known_at || saved_at < kl->last_known_at))
        kl->last_known_at = saved_at;
    return rep;
}

/* Asks the server; SL_OK with *reply, else the status with err set. */
static sl_status read_from_server(kiosk_link *kl, sl_envelope *req, sl_envelope **reply, char *err,
                                  size_t errlen)
{
    sl_status st = SL_EIO;
    /* One retry on a fresh connection: a kiosk's connection often dies while it sits idle. */
    for (int attempt = 0; attempt < 2; attempt++) {
        st = kl_connect(kl, err, errlen);
        if (st != SL_OK)
            break;
        st = sl_client_call(kl->c, req, reply, err, errlen);
        if (!is_connection_failure(st))
            break;
        sl_envelope_free(*reply);
        *reply = NULL;
        drop_connection(kl);
    }
    return st;
}

sl_status kl_read(kiosk_link *kl, sl_envelope *req, sl_envelope **reply, char *msg, size_t msglen)
{
    *reply = NULL;
    char err[512] = "";
    /* Somebody logged in offline has no session: what the kiosk knew is all there is. */
    sl_status st = kl->offline_login ? SL_EIO : read_from_server(kl, req, reply, err, sizeof err);
    bool cached = kl->logged_in && kl->cache;
    if (st == SL_OK) {
        kl->last_known_at = 0;
        if (cached)
            remember_read(kl, req, *reply);
        return SL_OK;
    }
    if (cached && is_connection_failure(st) && (*reply = last_known(kl, req)) != NULL)
        return SL_OK;
    say_refusal(st, *reply, err, msg, msglen);
    sl_envelope_free(*reply);
    *reply = NULL;
    return st;
}

/* ---------------------------------------------------------------- the queue */

/* Sends one queued item on c. SL_OK and *reply on an answer; a refusal is recorded on the item
 * and returned as SL_EPERM-like status with *reply NULL; a passing failure is returned
 * unchanged and the item stays. */
static sl_status send_item(kiosk_link *kl, sl_client *c, const kq_item *it, sl_envelope **reply,
                           char *msg, size_t msglen)
{
    *reply = NULL;
    sl_envelope *req = sl_envelope_decode(it->envelope, it->envelope_len);
    if (!req) {
        snprintf(msg, msglen, "%s", _("This waiting item is damaged and cannot be sent."));
        kq_done(kl->q, it->seq, true, msg);
        return SL_EINVAL;
    }
    char err[512];
    sl_envelope *rep;
    sl_status st = sl_client_call(c, req, &rep, err, sizeof err);
    sl_envelope_free(req);
    if (st == SL_OK) {
        if (kq_done(kl->q, it->seq, false, NULL) != SL_OK) {
            /* Still on disk: the next flush sends it again and the server answers the first
             * outcome, so nothing is recorded twice. */
            sl_envelope_free(rep);
            return SL_EIO;
        }
        *reply = rep;
        return SL_OK;
    }
    say_refusal(st, rep, err, msg, msglen);
    sl_envelope_free(rep);
    if (!is_passing(st))
        kq_done(kl->q, it->seq, true, msg);
    return st;
}

/* The connection to send `username`'s items on: the person's own when logged in, else a new
 * one resumed with the item's token (*own false; the caller closes it). */
static sl_client *account_connection(kiosk_link *kl, const char *username, const char *token,
                                     bool *own)
{
    char err[512];
    *own = kl->logged_in && strcmp(kl->who.username, username) == 0;
    if (*own)
        return kl_connect(kl, err, sizeof err) == SL_OK ? kl->c : NULL;
    sl_client *c;
    if (sl_client_connect(&kl->o, &c, err, sizeof err) != SL_OK) {
        kl->online = false;
        return NULL;
    }
    kl->online = true;
    check_cached_pins(kl, c);
    /* An item made after an offline login has no session: the device vouches for it. */
    sl_status st = token[0] ? resume(c, token) : SL_OK;
    if (st != SL_OK) {
        /* The session ended while the server was away (idle expiry): the items go out on the
         * person's next login here; the waiting list says so. */
        if (!is_connection_failure(st)) {
            char note[KQ_USER_LEN + 96];
            snprintf(note, sizeof note, _("waits until %s logs in on this kiosk again"), username);
            kq_note_waiting(kl->q, username, note);
        }
        sl_client_close(c);
        return NULL;
    }
    return c;
}

/* Ends a borrowed session once nothing of its account waits any more. */
static void release_connection(kiosk_link *kl, sl_client *c, const char *username)
{
    if (!kq_has_waiting(kl->q, username)) {
        Stagelijn__V1__LogoutRequest lo = STAGELIJN__V1__LOGOUT_REQUEST__INIT;
        call_plain(c, STAGELIJN__V1__ENVELOPE__BODY_LOGOUT, &lo);
    }
    sl_client_close(c);
}

/* Sends username's waiting items in order. When one of them is item `want`, its outcome goes
 * to *outcome, *reply and msg. Stops at the first item that cannot be sent now. */
static void flush_account(kiosk_link *kl, const char *username, int64_t want, kl_outcome *outcome,
                          sl_envelope **reply, char *msg, size_t msglen)
{
    kq_item it;
    if (kq_next(kl->q, username, &it) != SL_OK)
        return;
    bool own;
    sl_client *c = account_connection(kl, username, it.token, &own);
    while (c) {
        sl_envelope *rep;
        char why[512] = "";
        sl_status st = send_item(kl, c, &it, &rep, why, sizeof why);
        if (it.seq == want) {
            *outcome = st == SL_OK ? KL_SENT : is_passing(st) ? KL_QUEUED : KL_REFUSED;
            snprintf(msg, msglen, "%s", why);
            if (reply)
                *reply = rep, rep = NULL;
        }
        sl_envelope_free(rep);
        kq_item_clear(&it);
        if (is_connection_failure(st)) {
            if (own)
                drop_connection(kl);
            else
                sl_client_close(c);
            kl->online = false;
            return;
        }
        if (is_passing(st) || kq_next(kl->q, username, &it) != SL_OK)
            break;
    }
    kq_item_clear(&it);
    if (c && !own)
        release_connection(kl, c, username);
}

long kl_flush(kiosk_link *kl)
{
    char names[MAX_FLUSH_ACCOUNTS][KQ_USER_LEN];
    size_t n = 0;
    /* A retry in the background must not hold the screen for the whole timeout on a network
     * that swallows packets: it waits briefly and tries again later. */
    int timeout_ms = kl->o.timeout_ms;
    if (timeout_ms <= 0 || timeout_ms > FLUSH_TIMEOUT_MS)
        kl->o.timeout_ms = FLUSH_TIMEOUT_MS;
    if (kq_accounts(kl->q, names, MAX_FLUSH_ACCOUNTS, &n) == SL_OK) {
        kl_outcome ignored;
        char msg[64];
        for (size_t i = 0; i < n; i++) {
            flush_account(kl, names[i], -1, &ignored, NULL, msg, sizeof msg);
            if (!kl->online)
                break; /* the server is away: the other accounts wait for the next try */
        }
    }
    kl->o.timeout_ms = timeout_ms;
    return kq_waiting(kl->q);
}

/* kl_submit with the queue's `kind` given (an offline clocking is queued as the clocking it
 * carries, for kl_pending_clock). */
static kl_outcome submit_as(kiosk_link *kl, sl_envelope *req, int kind, const char *label,
                            sl_envelope **reply, char *msg, size_t msglen)
{
    if (reply)
        *reply = NULL;
    msg[0] = '\0';
    if (!kl->logged_in) {
        snprintf(msg, msglen, "%s", _("Log in first."));
        return KL_FAILED;
    }
    if (kl->offline_login && req->body_case != STAGELIJN__V1__ENVELOPE__BODY_KIOSK_OFFLINE_CLOCK) {
        snprintf(msg, msglen, "%s", _("Offline only clocking works."));
        return KL_FAILED;
    }
    sl_id sid = sl_id_new();
    char *caller_sid = req->submission_id;
    req->submission_id = sid.s;
    req->request_id = 0;
    size_t len = protobuf_c_message_get_packed_size(&req->base);
    uint8_t *buf = malloc(len ? len : 1);
    int64_t seq = 0;
    sl_status st = buf ? SL_OK : SL_ENOMEM;
    if (st == SL_OK) {
        protobuf_c_message_pack(&req->base, buf);
        st = kq_add(kl->q, kl->who.username, kl->who.token, label, kind, buf, len, &seq);
    }
    free(buf);
    req->submission_id = caller_sid;
    if (st != SL_OK) {
        snprintf(msg, msglen, "%s", _("This could not be saved on the kiosk. Nothing was sent."));
        return KL_FAILED;
    }
    /* Older items of this person go first; the new one is sent in its turn. */
    kl_outcome outcome = KL_QUEUED;
    flush_account(kl, kl->who.username, seq, &outcome, reply, msg, msglen);
    if (outcome == KL_QUEUED)
        snprintf(msg, msglen, "%s", _("Saved on the kiosk. It is sent when the server is back."));
    return outcome;
}

kl_outcome kl_submit(kiosk_link *kl, sl_envelope *req, const char *label, sl_envelope **reply,
                     char *msg, size_t msglen)
{
    return submit_as(kl, req, (int)req->body_case, label, reply, msg, msglen);
}

/* ---------------------------------------------------------------- the kiosk's requests */

/* A read of the request message `body` (body case bc): the reply, or NULL with msg set. */
static sl_envelope *ask(kiosk_link *kl, Stagelijn__V1__Envelope__BodyCase bc, void *body, char *msg,
                        size_t msglen)
{
    sl_envelope req = envelope_of(bc, body), *rep;
    return kl_read(kl, &req, &rep, msg, msglen) == SL_OK ? rep : NULL;
}

sl_envelope *kl_list_placements(kiosk_link *kl, char *msg, size_t msglen)
{
    Stagelijn__V1__ListPlacementsRequest r = STAGELIJN__V1__LIST_PLACEMENTS_REQUEST__INIT;
    /* Only what happens at this kiosk's company: a student may have had other placements. */
    if (kl->company_id[0])
        r.company_id = kl->company_id;
    return ask(kl, STAGELIJN__V1__ENVELOPE__BODY_LIST_PLACEMENTS, &r, msg, msglen);
}

sl_envelope *kl_list_weeks(kiosk_link *kl, const char *placement_id, char *msg, size_t msglen)
{
    Stagelijn__V1__ListAgendaWeeksRequest r = STAGELIJN__V1__LIST_AGENDA_WEEKS_REQUEST__INIT;
    r.placement_id = (char *)placement_id;
    return ask(kl, STAGELIJN__V1__ENVELOPE__BODY_LIST_AGENDA_WEEKS, &r, msg, msglen);
}

sl_envelope *kl_list_assessments(kiosk_link *kl, const char *placement_id, char *msg, size_t msglen)
{
    Stagelijn__V1__ListAssessmentsRequest r = STAGELIJN__V1__LIST_ASSESSMENTS_REQUEST__INIT;
    r.placement_id = (char *)placement_id;
    r.all_versions = true; /* the earlier versions and the drafts too */
    return ask(kl, STAGELIJN__V1__ENVELOPE__BODY_LIST_ASSESSMENTS, &r, msg, msglen);
}

sl_envelope *kl_contract_text(kiosk_link *kl, const char *placement_id, char *msg, size_t msglen)
{
    Stagelijn__V1__PrintContractRequest r = STAGELIJN__V1__PRINT_CONTRACT_REQUEST__INIT;
    r.placement_id = (char *)placement_id;
    return ask(kl, STAGELIJN__V1__ENVELOPE__BODY_PRINT_CONTRACT, &r, msg, msglen);
}

/* A write of the request message `body` (body case bc), its reply dropped: the screens read
 * the result back when they need it. */
static kl_outcome submit_body(kiosk_link *kl, Stagelijn__V1__Envelope__BodyCase bc, void *body,
                              const char *label, char *msg, size_t msglen)
{
    sl_envelope req = envelope_of(bc, body), *rep;
    kl_outcome o = kl_submit(kl, &req, label, &rep, msg, msglen);
    sl_envelope_free(rep);
    return o;
}

kl_outcome kl_submit_week(kiosk_link *kl, const char *placement_id, const char *monday,
                          Stagelijn__V1__AgendaDay **days, size_t n_days, const char *reflection,
                          bool sign, const char *label, char *msg, size_t msglen)
{
    Stagelijn__V1__SubmitAgendaWeekRequest r = STAGELIJN__V1__SUBMIT_AGENDA_WEEK_REQUEST__INIT;
    r.placement_id = (char *)placement_id;
    r.week_start = (char *)monday;
    r.days = days;
    r.n_days = n_days;
    r.reflection = (char *)reflection;
    r.sign = sign;
    return submit_body(kl, STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_AGENDA_WEEK, &r, label, msg,
                       msglen);
}

kl_outcome kl_sign_week(kiosk_link *kl, const char *week_id, const char *label, char *msg,
                        size_t msglen)
{
    Stagelijn__V1__SignAgendaWeekRequest r = STAGELIJN__V1__SIGN_AGENDA_WEEK_REQUEST__INIT;
    r.agenda_week_id = (char *)week_id;
    return submit_body(kl, STAGELIJN__V1__ENVELOPE__BODY_SIGN_AGENDA_WEEK, &r, label, msg, msglen);
}

kl_outcome kl_submit_assessment(kiosk_link *kl, Stagelijn__V1__Assessment *a, const char *label,
                                char *msg, size_t msglen)
{
    Stagelijn__V1__SubmitAssessmentRequest r = STAGELIJN__V1__SUBMIT_ASSESSMENT_REQUEST__INIT;
    r.assessment = a;
    return submit_body(kl, STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_ASSESSMENT, &r, label, msg, msglen);
}

kl_outcome kl_sign_contract(kiosk_link *kl, const char *placement_id, const char *date,
                            const char *label, char *msg, size_t msglen)
{
    Stagelijn__V1__Signature sig = STAGELIJN__V1__SIGNATURE__INIT;
    sig.party = STAGELIJN__V1__SIGNATURE_PARTY__PARTY_COMPANY;
    sig.signer_name = kl->who.display_name;
    sig.date = (char *)date;
    Stagelijn__V1__SignContractRequest r = STAGELIJN__V1__SIGN_CONTRACT_REQUEST__INIT;
    r.placement_id = (char *)placement_id;
    r.signature = &sig;
    return submit_body(kl, STAGELIJN__V1__ENVELOPE__BODY_SIGN_CONTRACT, &r, label, msg, msglen);
}

kl_outcome kl_report_dropout(kiosk_link *kl, const char *placement_id, const char *date,
                             const char *reason, const char *label, char *msg, size_t msglen)
{
    Stagelijn__V1__ReportDropoutRequest r = STAGELIJN__V1__REPORT_DROPOUT_REQUEST__INIT;
    r.placement_id = (char *)placement_id;
    r.date = (char *)date;
    r.reason = (char *)reason;
    return submit_body(kl, STAGELIJN__V1__ENVELOPE__BODY_REPORT_DROPOUT, &r, label, msg, msglen);
}

/* ---------------------------------------------------------------- clocking and hours */

kl_outcome kl_clock(kiosk_link *kl, const char *student_id, bool in, const char *label,
                    sl_envelope **reply, char *msg, size_t msglen)
{
    /* The moment of the key press: a clocking that waits in the queue keeps its own time. */
    int64_t at = (int64_t)time(NULL);
    Stagelijn__V1__ClockInRequest ci = STAGELIJN__V1__CLOCK_IN_REQUEST__INIT;
    Stagelijn__V1__ClockOutRequest co = STAGELIJN__V1__CLOCK_OUT_REQUEST__INIT;
    ci.student_id = co.student_id = (char *)student_id;
    ci.at = co.at = at;
    sl_envelope req = in ? envelope_of(STAGELIJN__V1__ENVELOPE__BODY_CLOCK_IN, &ci)
                         : envelope_of(STAGELIJN__V1__ENVELOPE__BODY_CLOCK_OUT, &co);
    int kind = (int)req.body_case;
    if (!kl->offline_login)
        return submit_as(kl, &req, kind, label, reply, msg, msglen);
    /* Checked on the kiosk only: the server checks the device's company and the intern's
     * placement when it arrives. */
    Stagelijn__V1__KioskOfflineClockRequest oc = STAGELIJN__V1__KIOSK_OFFLINE_CLOCK_REQUEST__INIT;
    oc.username = kl->who.username;
    oc.clock_in = in ? &ci : NULL;
    oc.clock_out = in ? NULL : &co;
    sl_envelope off = envelope_of(STAGELIJN__V1__ENVELOPE__BODY_KIOSK_OFFLINE_CLOCK, &oc);
    return submit_as(kl, &off, kind, label, reply, msg, msglen);
}

int kl_pending_clock(kiosk_link *kl)
{
    if (!kl->logged_in)
        return 0;
    int kind = kq_last_kind(kl->q, kl->who.username, STAGELIJN__V1__ENVELOPE__BODY_CLOCK_IN,
                            STAGELIJN__V1__ENVELOPE__BODY_CLOCK_OUT);
    return kind == STAGELIJN__V1__ENVELOPE__BODY_CLOCK_IN    ? 1
           : kind == STAGELIJN__V1__ENVELOPE__BODY_CLOCK_OUT ? -1
                                                             : 0;
}

sl_envelope *kl_week_hours(kiosk_link *kl, const char *student_id, const char *placement_id,
                           const char *date, char *msg, size_t msglen)
{
    Stagelijn__V1__GetWeekHoursRequest r = STAGELIJN__V1__GET_WEEK_HOURS_REQUEST__INIT;
    r.student_id = (char *)student_id;
    r.placement_id = (char *)placement_id;
    r.date = (char *)date;
    return ask(kl, STAGELIJN__V1__ENVELOPE__BODY_GET_WEEK_HOURS, &r, msg, msglen);
}

kl_outcome kl_report_absence(kiosk_link *kl, const char *student_id, const char *placement_id,
                             int kind, const char *from, const char *to, const char *note,
                             const char *label, char *msg, size_t msglen)
{
    Stagelijn__V1__ReportAbsenceRequest r = STAGELIJN__V1__REPORT_ABSENCE_REQUEST__INIT;
    r.student_id = (char *)student_id;
    r.placement_id = (char *)placement_id;
    r.kind = (Stagelijn__V1__AbsenceKind)kind;
    r.from_date = (char *)from;
    r.to_date = (char *)to;
    r.note = (char *)note;
    return submit_body(kl, STAGELIJN__V1__ENVELOPE__BODY_REPORT_ABSENCE, &r, label, msg, msglen);
}

kl_outcome kl_correct_clock(kiosk_link *kl, const char *student_id, const char *placement_id,
                            const char *date, const char *record_id, int64_t in_at, int64_t out_at,
                            const char *reason, const char *label, char *msg, size_t msglen)
{
    Stagelijn__V1__ClockCorrection c = STAGELIJN__V1__CLOCK_CORRECTION__INIT;
    Stagelijn__V1__ClockCorrection *cp = &c;
    c.record_id = (char *)record_id;
    c.clock_in_at = in_at;
    c.clock_out_at = out_at;
    Stagelijn__V1__CorrectWeekRequest r = STAGELIJN__V1__CORRECT_WEEK_REQUEST__INIT;
    r.student_id = (char *)student_id;
    r.placement_id = (char *)placement_id;
    r.date = (char *)date;
    r.clock = &cp;
    r.n_clock = 1;
    r.reason = (char *)reason;
    return submit_body(kl, STAGELIJN__V1__ENVELOPE__BODY_CORRECT_WEEK, &r, label, msg, msglen);
}

kl_outcome kl_write_reflection(kiosk_link *kl, const char *placement_id, const char *monday,
                               const char *text, const char *label, char *msg, size_t msglen)
{
    Stagelijn__V1__WriteReflectionRequest r = STAGELIJN__V1__WRITE_REFLECTION_REQUEST__INIT;
    r.placement_id = (char *)placement_id;
    r.week_start = (char *)monday;
    r.text = (char *)text;
    return submit_body(kl, STAGELIJN__V1__ENVELOPE__BODY_WRITE_REFLECTION, &r, label, msg, msglen);
}

sl_envelope *kl_hour_totals(kiosk_link *kl, const char *student_id, char *msg, size_t msglen)
{
    Stagelijn__V1__GetHourTotalsRequest r = STAGELIJN__V1__GET_HOUR_TOTALS_REQUEST__INIT;
    r.student_id = (char *)student_id;
    return ask(kl, STAGELIJN__V1__ENVELOPE__BODY_GET_HOUR_TOTALS, &r, msg, msglen);
}

/* ---------------------------------------------------------------- assessment versions */

kl_outcome kl_save_assessment_draft(kiosk_link *kl, const char *placement_id, const char *draft_id,
                                    const char *revises_id, Stagelijn__V1__Assessment *a,
                                    char *id_out, size_t id_len, const char *label, char *msg,
                                    size_t msglen)
{
    Stagelijn__V1__SaveAssessmentDraftRequest r =
        STAGELIJN__V1__SAVE_ASSESSMENT_DRAFT_REQUEST__INIT;
    r.placement_id = (char *)placement_id;
    r.draft_id = (char *)draft_id;
    r.revises_id = (char *)revises_id;
    r.assessment = a;
    sl_envelope req = envelope_of(STAGELIJN__V1__ENVELOPE__BODY_SAVE_ASSESSMENT_DRAFT, &r), *rep;
    kl_outcome o = kl_submit(kl, &req, label, &rep, msg, msglen);
    if (o == KL_SENT && rep && rep->body_case == STAGELIJN__V1__ENVELOPE__BODY_ASSESSMENT)
        snprintf(id_out, id_len, "%s", rep->assessment->id);
    sl_envelope_free(rep);
    return o;
}

kl_outcome kl_submit_assessment_draft(kiosk_link *kl, const char *placement_id,
                                      const char *draft_id, const char *label, char *msg,
                                      size_t msglen)
{
    Stagelijn__V1__SubmitAssessmentDraftRequest r =
        STAGELIJN__V1__SUBMIT_ASSESSMENT_DRAFT_REQUEST__INIT;
    r.placement_id = (char *)placement_id;
    r.draft_id = (char *)draft_id;
    return submit_body(kl, STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_ASSESSMENT_DRAFT, &r, label, msg,
                       msglen);
}

kl_outcome kl_save_self_rating(kiosk_link *kl, Stagelijn__V1__SelfRating *rating, const char *label,
                               char *msg, size_t msglen)
{
    Stagelijn__V1__SaveSelfRatingRequest r = STAGELIJN__V1__SAVE_SELF_RATING_REQUEST__INIT;
    r.rating = rating;
    return submit_body(kl, STAGELIJN__V1__ENVELOPE__BODY_SAVE_SELF_RATING, &r, label, msg, msglen);
}
