#include "slclient.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <libintl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "tls.h"

/* The library's own messages are in the client programs' catalogue (client/po). */
#define _(s) dgettext("stagelijn", s)

#define MAX_QUEUED_EVENTS 4096

struct sl_client {
    int fd;
    SSL_CTX *ctx;
    SSL *ssl;
    int timeout_ms;
    size_t max_frame;
    uint64_t next_id;
    uint8_t *buf; /* received, not yet parsed */
    size_t len, cap;
    sl_envelope **events; /* pushed while waiting for a reply */
    size_t n_events, head_event;
    char server_version[128];
    char device_company[64];
    char device_company_name[256];
    bool broken;
    char tls_problem[256];    /* why the server ended TLS, when its alert told us */
    sl_envelope *login_error; /* the refusal of the last login, until the next call */
};

sl_status sl_status_from_wire(Stagelijn__V1__ErrorCode code)
{
    if (code >= STAGELIJN__V1__ERROR_CODE__ERROR_INVALID_ARGUMENT &&
        code <= STAGELIJN__V1__ERROR_CODE__ERROR_INTERNAL)
        return (sl_status)code;
    return SL_EINTERNAL;
}

/* A server that goes away mid-request must give an error and exit code 3, not kill the
 * program with SIGPIPE (exit 141) on the next write. The programs do not use SIGPIPE
 * themselves, so ignoring it process-wide is safe; a program that set its own handler keeps
 * it. */
static void ignore_sigpipe(void)
{
    struct sigaction old;
    if (sigaction(SIGPIPE, NULL, &old) == 0 && old.sa_handler == SIG_DFL) {
        struct sigaction ign = {.sa_handler = SIG_IGN};
        sigemptyset(&ign.sa_mask);
        sigaction(SIGPIPE, &ign, NULL);
    }
}

/* Reads OpenSSL's error queue (without clearing it) for an alert the server sent about our
 * certificate, and says in words what to do. False when the queue holds no such alert. */
static bool explain_tls_alert(char *out, size_t outlen)
{
    /* The alert is the first (and usually only) entry; peeking leaves the queue to callers. */
    int reasons[2] = {ERR_GET_REASON(ERR_peek_error()), ERR_GET_REASON(ERR_peek_last_error())};
    for (int i = 0; i < 2; i++) {
        int reason = reasons[i];
        if (reason == SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED ||
            reason == SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE) {
            snprintf(out, outlen, "%s",
                     _("the server wants a device certificate on this port: give the kiosk's "
                       "certificate with --cert FILE --key FILE (stagelijnd "
                       "--issue-device-cert makes one)"));
            return true;
        }
        if (reason == SSL_R_SSLV3_ALERT_BAD_CERTIFICATE || reason == SSL_R_TLSV1_ALERT_UNKNOWN_CA ||
            reason == SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED ||
            reason == SSL_R_SSLV3_ALERT_CERTIFICATE_REVOKED ||
            reason == SSL_R_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE) {
            snprintf(out, outlen, "%s",
                     _("the server refused this device certificate (not issued by its CA, "
                       "expired or revoked)"));
            return true;
        }
    }
    return false;
}

static int connect_tcp(const char *host, int port, int timeout_ms, char *err, size_t errlen)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *res, *ai;
    char portstr[16];
    snprintf(portstr, sizeof portstr, "%d", port);
    int rc = getaddrinfo(host, portstr, &hints, &res);
    if (rc != 0) {
        snprintf(err, errlen, "%s: %s", host, gai_strerror(rc));
        return -1;
    }
    int fd = -1;
    for (ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0)
            continue;
        struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
        /* Bounds the blocking connect and the TLS handshake. */
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
            break;
        snprintf(err, errlen, _("cannot connect to %s:%d: %s"), host, port, strerror(errno));
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd >= 0) {
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    return fd;
}

/* After a failed write: the server may have said why before it closed (a TLS alert about
 * our certificate). Reads what already arrived, without waiting, to find out. */
static void read_parting_alert(sl_client *c)
{
    uint8_t scratch[512];
    ERR_clear_error();
    for (int i = 0; i < 4 && !c->tls_problem[0]; i++) {
        struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
        if (SSL_pending(c->ssl) == 0 && poll(&pfd, 1, 0) <= 0)
            break;
        int n = SSL_read(c->ssl, scratch, sizeof scratch);
        if (n > 0)
            continue;
        if (SSL_get_error(c->ssl, n) == SSL_ERROR_SSL)
            explain_tls_alert(c->tls_problem, sizeof c->tls_problem);
        break;
    }
    ERR_clear_error();
}

static sl_status write_all(sl_client *c, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    while (len > 0) {
        int n = SSL_write(c->ssl, p, len > INT32_MAX ? INT32_MAX : (int)len);
        if (n <= 0) {
            ERR_clear_error();
            read_parting_alert(c);
            c->broken = true;
            return SL_EIO;
        }
        p += n;
        len -= (size_t)n;
    }
    return SL_OK;
}

sl_status sl_client_send_raw(sl_client *c, const void *buf, size_t len)
{
    return c->broken ? SL_EIO : write_all(c, buf, len);
}

/* Reads more decrypted bytes into the buffer, waiting up to timeout_ms. */
static sl_status fill(sl_client *c, int timeout_ms)
{
    if (c->broken)
        return SL_EIO;
    if (SSL_pending(c->ssl) == 0) {
        struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
        int rc;
        do
            rc = poll(&pfd, 1, timeout_ms);
        while (rc < 0 && errno == EINTR);
        if (rc == 0)
            return SL_EUNAVAIL;
        if (rc < 0)
            return SL_EIO;
    }
    if (c->cap - c->len < 16384) {
        size_t cap = c->cap ? c->cap * 2 : 65536;
        uint8_t *nb = realloc(c->buf, cap);
        if (!nb)
            return SL_ENOMEM;
        c->buf = nb;
        c->cap = cap;
    }
    int n = SSL_read(c->ssl, c->buf + c->len, (int)(c->cap - c->len));
    if (n <= 0) {
        int e = SSL_get_error(c->ssl, n);
        /* TLS 1.3 finishes the client's handshake before the server checks our certificate:
         * its refusal arrives as an alert on the first read. */
        if (e == SSL_ERROR_SSL)
            explain_tls_alert(c->tls_problem, sizeof c->tls_problem);
        ERR_clear_error();
        /* A TLS record split across TCP segments: poll said readable, but no whole record yet. */
        if (e == SSL_ERROR_WANT_READ)
            return SL_OK;
        c->broken = true;
        return SL_EIO;
    }
    c->len += (size_t)n;
    return SL_OK;
}

sl_status sl_client_read_envelope(sl_client *c, int timeout_ms, sl_envelope **out)
{
    *out = NULL;
    int64_t deadline_left = timeout_ms;
    for (;;) {
        size_t n;
        sl_frame_result fr = sl_frame_parse(c->buf, c->len, c->max_frame, &n);
        if (fr == SL_FRAME_COMPLETE) {
            sl_envelope *env = sl_envelope_decode(c->buf + SL_FRAME_HEADER_LEN, n);
            size_t used = SL_FRAME_HEADER_LEN + n;
            memmove(c->buf, c->buf + used, c->len - used);
            c->len -= used;
            if (!env) {
                c->broken = true;
                return SL_EPROTO;
            }
            *out = env;
            return SL_OK;
        }
        if (fr != SL_FRAME_NEED_MORE) {
            c->broken = true;
            return SL_EPROTO;
        }
        sl_status st = fill(c, deadline_left < 0 ? -1 : (int)deadline_left);
        if (st != SL_OK)
            return st;
    }
}

static void queue_event(sl_client *c, sl_envelope *ev)
{
    if (c->n_events - c->head_event >= MAX_QUEUED_EVENTS) {
        sl_envelope_free(ev); /* the server replays from the cursor; dropping is safe */
        return;
    }
    if (c->head_event > 0 && c->n_events == c->head_event)
        c->n_events = c->head_event = 0;
    sl_envelope **ne = realloc(c->events, (c->n_events + 1) * sizeof *ne);
    if (!ne) {
        sl_envelope_free(ev);
        return;
    }
    c->events = ne;
    c->events[c->n_events++] = ev;
}

/* The connection is gone: says why when the server's TLS alert told us. */
static sl_status lost(sl_client *c, char *err, size_t errlen)
{
    if (c->tls_problem[0]) {
        snprintf(err, errlen, "%s", c->tls_problem);
        return SL_ETLS;
    }
    snprintf(err, errlen, "%s",
             _("connection lost: the server closed the connection or stopped (nothing more "
               "was received)"));
    return SL_EIO;
}

sl_status sl_client_call(sl_client *c, sl_envelope *req, sl_envelope **reply, char *err,
                         size_t errlen)
{
    *reply = NULL;
    if (err && errlen)
        err[0] = '\0';
    sl_envelope_free(c->login_error);
    c->login_error = NULL;
    req->request_id = c->next_id++;
    size_t len;
    uint8_t *frame = sl_envelope_pack_frame(req, c->max_frame, &len);
    if (!frame) {
        snprintf(err, errlen, "%s", _("request too large"));
        return SL_EINVAL;
    }
    sl_status st = write_all(c, frame, len);
    free(frame);
    if (st != SL_OK)
        return lost(c, err, errlen);
    for (;;) {
        sl_envelope *env;
        st = sl_client_read_envelope(c, c->timeout_ms, &env);
        if (st == SL_EUNAVAIL) {
            snprintf(err, errlen, "%s", _("no reply from the server (timeout)"));
            return SL_EIO;
        }
        if (st == SL_EPROTO) {
            snprintf(err, errlen, "%s", _("garbled reply from the server"));
            return st;
        }
        if (st != SL_OK)
            return lost(c, err, errlen);
        if (env->body_case == STAGELIJN__V1__ENVELOPE__BODY_EVENT) {
            queue_event(c, env);
            continue;
        }
        if (env->request_id != req->request_id) {
            /* A request-less error (protocol violation) comes with id 0 and ends the call. */
            if (env->request_id == 0 && env->body_case == STAGELIJN__V1__ENVELOPE__BODY_ERROR) {
                snprintf(err, errlen, "%s", env->error->message);
                *reply = env;
                return SL_EPROTO;
            }
            sl_envelope_free(env);
            continue;
        }
        *reply = env;
        if (env->body_case == STAGELIJN__V1__ENVELOPE__BODY_ERROR) {
            snprintf(err, errlen, "%s", env->error->message);
            return sl_status_from_wire(env->error->code);
        }
        return SL_OK;
    }
}

sl_status sl_client_login(sl_client *c, const char *username, const char *password,
                          bool *must_change, char *err, size_t errlen)
{
    Stagelijn__V1__LoginRequest lr = STAGELIJN__V1__LOGIN_REQUEST__INIT;
    lr.username = (char *)username;
    lr.password = (char *)password;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOGIN;
    req.login = &lr;
    sl_status st = sl_client_call(c, &req, &rep, err, errlen);
    if (st == SL_OK && must_change)
        *must_change = rep->login_reply->must_change_password;
    if (st != SL_OK && rep && rep->body_case == STAGELIJN__V1__ENVELOPE__BODY_ERROR) {
        c->login_error = rep; /* for sl_client_last_error() */
        return st;
    }
    sl_envelope_free(rep);
    return st;
}

sl_status sl_client_pin_login(sl_client *c, const char *username, const char *pin,
                              sl_envelope **reply, char *err, size_t errlen)
{
    Stagelijn__V1__PinLoginRequest pl = STAGELIJN__V1__PIN_LOGIN_REQUEST__INIT;
    pl.username = (char *)username;
    pl.pin = (char *)pin;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_PIN_LOGIN;
    req.pin_login = &pl;
    if (reply)
        *reply = NULL;
    sl_status st = sl_client_call(c, &req, &rep, err, errlen);
    if (st != SL_OK && rep && rep->body_case == STAGELIJN__V1__ENVELOPE__BODY_ERROR) {
        c->login_error = rep; /* for sl_client_last_error() */
        return st;
    }
    if (st == SL_OK && reply)
        *reply = rep;
    else
        sl_envelope_free(rep);
    return st;
}

const Stagelijn__V1__Error *sl_client_last_error(const sl_client *c)
{
    return c && c->login_error ? c->login_error->error : NULL;
}

sl_status sl_client_next_event(sl_client *c, int timeout_ms, sl_envelope **ev, char *err,
                               size_t errlen)
{
    *ev = NULL;
    if (c->head_event < c->n_events) {
        *ev = c->events[c->head_event++];
        return SL_OK;
    }
    for (;;) {
        sl_envelope *env;
        sl_status st = sl_client_read_envelope(c, timeout_ms, &env);
        if (st != SL_OK) {
            if (st == SL_EUNAVAIL)
                return st;
            if (st == SL_EPROTO) {
                snprintf(err, errlen, "%s", _("garbled reply from the server"));
                return st;
            }
            return lost(c, err, errlen);
        }
        if (env->body_case == STAGELIJN__V1__ENVELOPE__BODY_EVENT) {
            *ev = env;
            return SL_OK;
        }
        if (env->body_case == STAGELIJN__V1__ENVELOPE__BODY_ERROR && env->request_id == 0) {
            snprintf(err, errlen, "%s", env->error->message);
            sl_envelope_free(env);
            return SL_EPROTO;
        }
        sl_envelope_free(env); /* a late reply nobody waits for */
    }
}

static sl_status hello(sl_client *c, const sl_client_opts *o, char *err, size_t errlen)
{
    Stagelijn__V1__Hello h = STAGELIJN__V1__HELLO__INIT;
    h.protocol_version = 1;
    h.client_kind = o->kind;
    h.client_version = (char *)(o->client_version ? o->client_version : SL_VERSION);
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_HELLO;
    req.hello = &h;
    sl_status st = sl_client_call(c, &req, &rep, err, errlen);
    if (st == SL_OK) {
        snprintf(c->server_version, sizeof c->server_version, "%s",
                 rep->hello_reply->server_version);
        snprintf(c->device_company, sizeof c->device_company, "%s",
                 rep->hello_reply->device_company_id);
        snprintf(c->device_company_name, sizeof c->device_company_name, "%s",
                 rep->hello_reply->device_company_name);
    }
    sl_envelope_free(rep);
    return st;
}

sl_status sl_client_connect(const sl_client_opts *o, sl_client **out, char *err, size_t errlen)
{
    *out = NULL;
    ignore_sigpipe();
    sl_client *c = calloc(1, sizeof *c);
    if (!c)
        return SL_ENOMEM;
    c->fd = -1;
    c->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : 10000;
    c->max_frame = o->max_frame ? o->max_frame : SL_FRAME_DEFAULT_MAX;
    c->next_id = 1;
    sl_tls_client_opts to = {.ca_file = o->ca_file,
                             .cert_file = o->cert_file,
                             .key_file = o->key_file,
                             .server_name = o->host};
    c->ctx = sl_tls_client_ctx_new(&to, err, errlen);
    if (!c->ctx) {
        sl_client_close(c);
        return SL_ETLS;
    }
    c->fd = connect_tcp(o->host, o->port, c->timeout_ms, err, errlen);
    if (c->fd < 0) {
        sl_client_close(c);
        return SL_EIO;
    }
    c->ssl = SSL_new(c->ctx);
    if (!c->ssl || SSL_set_fd(c->ssl, c->fd) != 1) {
        snprintf(err, errlen, "%s", _("TLS set-up failed"));
        sl_client_close(c);
        return SL_ETLS;
    }
    /* Verify the name we dialled: an IP address against IP SANs, a name against DNS SANs. */
    unsigned char addr[16];
    if (inet_pton(AF_INET, o->host, addr) == 1 || inet_pton(AF_INET6, o->host, addr) == 1) {
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c->ssl), o->host);
    } else {
        SSL_set_tlsext_host_name(c->ssl, o->host);
        SSL_set1_host(c->ssl, o->host);
    }
    if (SSL_connect(c->ssl) != 1) {
        long vr = SSL_get_verify_result(c->ssl);
        snprintf(err, errlen, _("TLS handshake with %s:%d failed"), o->host, o->port);
        char why[256];
        if (vr != X509_V_OK) {
            size_t used = strlen(err);
            snprintf(err + used, errlen - used, ": %s", X509_verify_cert_error_string(vr));
        } else if (explain_tls_alert(why, sizeof why)) {
            size_t used = strlen(err);
            snprintf(err + used, errlen - used, ": %s", why);
        } else {
            sl_tls_drain_errors(err, errlen);
        }
        ERR_clear_error();
        sl_client_close(c);
        return SL_ETLS;
    }
    const unsigned char *alpn;
    unsigned alpn_len;
    SSL_get0_alpn_selected(c->ssl, &alpn, &alpn_len);
    if (alpn_len != strlen(SL_ALPN) || memcmp(alpn, SL_ALPN, alpn_len) != 0) {
        snprintf(err, errlen, _("the server does not speak %s"), SL_ALPN);
        sl_client_close(c);
        return SL_ETLS;
    }
    sl_status st = o->skip_hello ? SL_OK : hello(c, o, err, errlen);
    if (st != SL_OK) {
        sl_client_close(c);
        return st == SL_EIO || st == SL_EPROTO || st == SL_ETLS ? st : SL_EPROTO;
    }
    *out = c;
    return SL_OK;
}

void sl_client_close(sl_client *c)
{
    if (!c)
        return;
    if (c->ssl) {
        if (!c->broken && SSL_is_init_finished(c->ssl))
            SSL_shutdown(c->ssl);
        SSL_free(c->ssl);
    }
    ERR_clear_error();
    if (c->fd >= 0)
        close(c->fd);
    SSL_CTX_free(c->ctx);
    for (size_t i = c->head_event; i < c->n_events; i++)
        sl_envelope_free(c->events[i]);
    free(c->events);
    free(c->buf);
    sl_envelope_free(c->login_error);
    free(c);
}

const char *sl_client_server_version(const sl_client *c)
{
    return c->server_version;
}

const char *sl_client_device_company(const sl_client *c)
{
    return c->device_company;
}

const char *sl_client_device_company_name(const sl_client *c)
{
    return c->device_company_name;
}
