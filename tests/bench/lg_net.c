#include "lg_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

struct lg_net {
    lg_proto proto;
    int port;
    int epfd;
    SSL_CTX *ctx;
    SSL_SESSION *ticket; /* the newest session the server handed out */
    bool resume;
    lg_handlers h;
    void *user;
};

enum { READ_CHUNK = 16384, MAX_EVENTS = 256 };

uint64_t lg_now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000u + (uint64_t)t.tv_nsec / 1000u;
}

long lg_raise_fd_limit(long want)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return -1;
    if ((rlim_t)want > rl.rlim_cur) {
        rl.rlim_cur = (rlim_t)want < rl.rlim_max ? (rlim_t)want : rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
            return -1;
    }
    return (long)rl.rlim_cur;
}

/* TLS 1.3 tickets arrive after the handshake; keep the newest for the next connection. */
static int keep_ticket(SSL *ssl, SSL_SESSION *sess)
{
    lg_net *n = SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl));
    if (n->ticket)
        SSL_SESSION_free(n->ticket);
    n->ticket = sess;
    return 1; /* we keep the reference */
}

lg_net *lg_net_new(lg_proto proto, int port, const char *ca_file, const lg_handlers *h, void *user,
                   char *err, size_t errlen)
{
    lg_net *n = calloc(1, sizeof *n);
    if (!n) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    n->proto = proto;
    n->port = port;
    n->h = *h;
    n->user = user;
    n->epfd = epoll_create1(EPOLL_CLOEXEC);
    n->ctx = SSL_CTX_new(TLS_client_method());
    if (n->epfd < 0 || !n->ctx) {
        snprintf(err, errlen, "cannot create epoll or TLS context");
        lg_net_free(n);
        return NULL;
    }
    SSL_CTX_set_min_proto_version(n->ctx, TLS1_3_VERSION);
    SSL_CTX_set_verify(n->ctx, SSL_VERIFY_PEER, NULL);
    SSL_CTX_set_mode(n->ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    SSL_CTX_set_app_data(n->ctx, n);
    SSL_CTX_set_session_cache_mode(n->ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL);
    SSL_CTX_sess_set_new_cb(n->ctx, keep_ticket);
    /* stagelijnd closes a connection that does not ask for its protocol by ALPN. */
    static const unsigned char alpn[] = "\x0bstagelijn/1";
    if (proto == LG_STAGELIJN && SSL_CTX_set_alpn_protos(n->ctx, alpn, sizeof alpn - 1) != 0) {
        snprintf(err, errlen, "cannot set ALPN");
        lg_net_free(n);
        return NULL;
    }
    if (SSL_CTX_load_verify_locations(n->ctx, ca_file, NULL) != 1) {
        snprintf(err, errlen, "cannot load CA %s", ca_file);
        lg_net_free(n);
        return NULL;
    }
    return n;
}

void lg_net_free(lg_net *n)
{
    if (!n)
        return;
    if (n->ticket)
        SSL_SESSION_free(n->ticket);
    SSL_CTX_free(n->ctx);
    if (n->epfd >= 0)
        close(n->epfd);
    free(n);
}

void *lg_net_user(const lg_net *n)
{
    return n->user;
}

lg_proto lg_net_proto(const lg_net *n)
{
    return n->proto;
}

void lg_net_set_resume(lg_net *n, bool on)
{
    n->resume = on;
}

bool lg_net_has_ticket(const lg_net *n)
{
    return n->ticket != NULL;
}

static void watch(lg_conn *c, bool want_out)
{
    struct epoll_event ev = {.events = EPOLLIN | (want_out ? EPOLLOUT : 0), .data.ptr = c};
    epoll_ctl(c->net->epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

static void fail(lg_conn *c, const char *why)
{
    if (c->state == LG_CLOSED)
        return;
    if (!c->failed) {
        c->failed = true;
        unsigned long e = ERR_peek_last_error();
        if (e)
            snprintf(c->why, sizeof c->why, "%s (%s)", why, ERR_reason_error_string(e));
        else
            snprintf(c->why, sizeof c->why, "%s", why);
    }
    ERR_clear_error();
    lg_conn_close(c);
    if (c->net->h.on_fail)
        c->net->h.on_fail(c);
}

bool lg_conn_open(lg_net *n, lg_conn *c, int index)
{
    memset(c, 0, sizeof *c);
    c->net = n;
    c->index = index;
    c->state = LG_CLOSED;
    c->connect_us = lg_now_us();
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0) {
        snprintf(c->why, sizeof c->why, "socket: %s", strerror(errno));
        c->failed = true;
        return false;
    }
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    SSL *ssl = SSL_new(n->ctx);
    c->ssl = ssl;
    if (!ssl || SSL_set_fd(ssl, c->fd) != 1) {
        snprintf(c->why, sizeof c->why, "cannot create a TLS connection");
        c->failed = true;
        lg_conn_close(c);
        return false;
    }
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), "127.0.0.1");
    if (n->resume && n->ticket)
        SSL_set_session(ssl, n->ticket);
    SSL_set_connect_state(ssl);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)n->port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
    if (epoll_ctl(n->epfd, EPOLL_CTL_ADD, c->fd, &ev) != 0) {
        snprintf(c->why, sizeof c->why, "epoll: %s", strerror(errno));
        c->failed = true;
        lg_conn_close(c);
        return false;
    }
    c->state = LG_CONNECTING;
    if (connect(c->fd, (struct sockaddr *)&sa, sizeof sa) != 0 && errno != EINPROGRESS) {
        snprintf(c->why, sizeof c->why, "connect: %s", strerror(errno));
        c->failed = true;
        lg_conn_close(c);
        return false;
    }
    return true;
}

void lg_conn_close(lg_conn *c)
{
    if (!c->net)
        return; /* never opened: a zeroed slot */
    if (c->ssl) {
        if (c->state == LG_OPEN && !c->failed)
            SSL_shutdown(c->ssl); /* close_notify, best effort: no waiting for the peer's */
        SSL_free(c->ssl);
        c->ssl = NULL;
        ERR_clear_error();
    }
    if (c->fd >= 0 && c->state != LG_CLOSED)
        epoll_ctl(c->net->epfd, EPOLL_CTL_DEL, c->fd, NULL);
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    c->state = LG_CLOSED;
    lg_buf_free(&c->in);
    lg_buf_free(&c->out);
    free(c->sent_us);
    c->sent_us = NULL;
}

void lg_conn_flush(lg_conn *c)
{
    if (c->state != LG_OPEN)
        return;
    size_t done = 0;
    while (done < c->out.len) {
        int w = SSL_write(c->ssl, c->out.data + done, (int)(c->out.len - done));
        if (w > 0) {
            done += (size_t)w;
            continue;
        }
        int e = SSL_get_error(c->ssl, w);
        if (e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ)
            break;
        lg_buf_consume(&c->out, done);
        fail(c, "write failed");
        return;
    }
    lg_buf_consume(&c->out, done);
    watch(c, c->out.len > 0);
}

/* Hands every whole message in c->in to the scenario. */
static void split_messages(lg_conn *c)
{
    lg_net *n = c->net;
    size_t off = 0;
    while (c->state == LG_OPEN && off < c->in.len) {
        const uint8_t *p = c->in.data + off;
        size_t avail = c->in.len - off;
        long len = 0;
        int kind = 0;
        bool err = false;
        switch (n->proto) {
        case LG_STAGELIJN:
            len = lg_sl_split(p, avail, SL_FRAME_DEFAULT_MAX);
            break;
        case LG_RESP:
            len = lg_resp_split(p, avail, &err);
            kind = err ? 1 : 0;
            break;
        case LG_MQTT:
            len = lg_mqtt_split(p, avail, &kind);
            break;
        case LG_TLS:
            len = (long)avail; /* whatever arrives is handed over whole */
            break;
        }
        if (len < 0) {
            fail(c, "malformed message from the server");
            return;
        }
        if (len == 0)
            break;
        off += (size_t)len;
        if (n->h.on_message)
            n->h.on_message(c, p, (size_t)len, kind);
    }
    if (c->state == LG_OPEN)
        lg_buf_consume(&c->in, off);
}

static void read_all(lg_conn *c)
{
    uint8_t chunk[READ_CHUNK];
    while (c->state == LG_OPEN) {
        int r = SSL_read(c->ssl, chunk, sizeof chunk);
        if (r > 0) {
            if (!lg_buf_append(&c->in, chunk, (size_t)r)) {
                fail(c, "out of memory");
                return;
            }
            continue;
        }
        int e = SSL_get_error(c->ssl, r);
        if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
            break;
        fail(c, e == SSL_ERROR_ZERO_RETURN ? "closed by the server"
                : e == SSL_ERROR_SYSCALL   ? "connection reset or closed by the server"
                                           : "TLS read failed");
        return;
    }
    split_messages(c);
}

static void handshake(lg_conn *c)
{
    int r = SSL_do_handshake(c->ssl);
    if (r == 1) {
        c->state = LG_OPEN;
        c->open_us = lg_now_us();
        c->resumed = SSL_session_reused(c->ssl) == 1;
        watch(c, false);
        if (c->net->h.on_open)
            c->net->h.on_open(c);
        return;
    }
    int e = SSL_get_error(c->ssl, r);
    if (e == SSL_ERROR_WANT_READ)
        watch(c, false);
    else if (e == SSL_ERROR_WANT_WRITE)
        watch(c, true);
    else
        fail(c, "TLS handshake failed");
}

static void on_event(lg_conn *c, uint32_t events)
{
    if (c->state == LG_CONNECTING) {
        int soerr = 0;
        socklen_t sl = sizeof soerr;
        getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &soerr, &sl);
        if (soerr) {
            char why[120];
            snprintf(why, sizeof why, "connect: %s", strerror(soerr));
            fail(c, why);
            return;
        }
        c->state = LG_HANDSHAKE;
    }
    if (c->state == LG_HANDSHAKE) {
        handshake(c);
        return;
    }
    if (c->state != LG_OPEN)
        return;
    if (events & (EPOLLIN | EPOLLERR | EPOLLHUP))
        read_all(c);
    /* A write that wanted a read may proceed now, so try the output after either event. */
    if (c->state == LG_OPEN && c->out.len)
        lg_conn_flush(c);
}

bool lg_net_poll(lg_net *n, int timeout_ms)
{
    struct epoll_event evs[MAX_EVENTS];
    int k = epoll_wait(n->epfd, evs, MAX_EVENTS, timeout_ms);
    if (k < 0)
        return errno == EINTR;
    for (int i = 0; i < k; i++) {
        lg_conn *c = evs[i].data.ptr;
        /* An earlier callback in this round may have closed it. */
        if (c->state != LG_CLOSED)
            on_event(c, evs[i].events);
    }
    return true;
}
