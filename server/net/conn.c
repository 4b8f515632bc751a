#include "conn.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent_ssl.h>
#include <event2/bufferevent_struct.h>
#include <openssl/err.h>

#include "frame.h"
#include "log.h"
#include "timeutil.h"
#include "tls.h"

static uint64_t next_conn_id = 1;

static void conn_read_cb(struct bufferevent *bev, void *arg);
static void conn_write_cb(struct bufferevent *bev, void *arg);
static void conn_event_cb(struct bufferevent *bev, short what, void *arg);
static void conn_free_now(conn *c);

static struct timeval ms_to_tv(long ms)
{
    struct timeval tv = {ms / 1000, (ms % 1000) * 1000};
    return tv;
}

/* The deadline is an event timer, not a bufferevent timeout: those restart on every byte, so
 * a peer sending one byte a second held a connection (and a slot of max_connections) for
 * ever. */
static void deadline_cb(evutil_socket_t fd, short what, void *arg)
{
    conn *c = arg;
    if (c->dead || c->authed)
        return;
    c->srv->metrics.connections_deadline++;
    LOG_DEBUG("conn", "#%llu closed: no %s in time", (unsigned long long)c->id,
              c->hello_done ? "login" : "TLS handshake and Hello");
    conn_free_now(c);
}

static void arm_deadline(conn *c, long ms)
{
    struct timeval tv = ms_to_tv(ms);
    evtimer_add(c->deadline, &tv);
}

/* After the Hello, the login deadline replaces the Hello deadline (once). */
static void after_input(conn *c)
{
    if (!c->dead && c->hello_done && !c->authed && !c->login_deadline_armed) {
        c->login_deadline_armed = true;
        arm_deadline(c, c->srv->cfg.login_timeout_ms);
    }
}

void conn_session_started(conn *c)
{
    c->login_deadline_armed = true;
    /* A session has no deadline until it ends: the timer is freed (about 150 bytes of every
     * idle connection) and made again by conn_session_ended. */
    if (c->deadline) {
        event_free(c->deadline);
        c->deadline = NULL;
    }
}

void conn_session_ended(conn *c)
{
    if (c->dead)
        return;
    if (!c->deadline && !(c->deadline = evtimer_new(c->srv->base, deadline_cb, c))) {
        /* Without its deadline the connection could stay unauthenticated for ever. */
        conn_close(c, true);
        return;
    }
    arm_deadline(c, c->srv->cfg.login_timeout_ms);
}

conn *conn_new(sl_server *srv, int fd, SSL_CTX *ctx, bool is_device, peer *p)
{
    int one = 1;
    /* Without TCP_NODELAY, Nagle plus delayed ACKs add tens of milliseconds per exchange. */
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    /* Bounds what the kernel holds for a peer that does not read (0: the kernel's autotuning,
     * up to net.ipv4.tcp_wmem's maximum per connection). A failure keeps the default. */
    if (srv->cfg.socket_send_buffer > 0) {
        int bytes = (int)srv->cfg.socket_send_buffer;
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes);
    }

    SSL *ssl = SSL_new(ctx);
    if (!ssl) {
        ERR_clear_error();
        close(fd);
        return NULL;
    }
    conn *c = calloc(1, sizeof *c);
    if (!c) {
        SSL_free(ssl);
        close(fd);
        return NULL;
    }
    /* With BEV_OPT_CLOSE_ON_FREE, libevent 2.1.12 frees the SSL even when creation fails, so
     * the SSL is never freed here after this call. */
    c->bev = bufferevent_openssl_socket_new(srv->base, fd, ssl, BUFFEREVENT_SSL_ACCEPTING,
                                            BEV_OPT_CLOSE_ON_FREE);
    if (!c->bev) {
        free(c);
        close(fd);
        return NULL;
    }
    c->deadline = evtimer_new(srv->base, deadline_cb, c);
    if (!c->deadline) {
        bufferevent_free(c->bev); /* closes fd */
        free(c);
        return NULL;
    }
    /* A peer that closes without close_notify is normal for us (frames reveal truncation). */
    bufferevent_openssl_set_allow_dirty_shutdown(c->bev, 1);
    c->srv = srv;
    c->refs = 1;
    c->is_device = is_device;
    c->id = next_conn_id++;
    bufferevent_setcb(c->bev, conn_read_cb, conn_write_cb, conn_event_cb, c);
    /* Write low-water mark: the write callback tells us when a blocked reader drained enough
     * of its replies to be read from again. Read watermarks are avoided on purpose (they
     * stall SSL bufferevents in 2.1.12). */
    bufferevent_setwatermark(c->bev, EV_WRITE, (size_t)srv->cfg.output_high_water / 2, 0);
    arm_deadline(c, srv->cfg.handshake_timeout_ms);
    bufferevent_enable(c->bev, EV_READ | EV_WRITE);
    c->peer = p;
    p->conns++;

    c->next = srv->conns;
    if (srv->conns)
        srv->conns->prev = c;
    srv->conns = c;
    srv->n_conns++;
    srv->metrics.connections_total++;
    LOG_DEBUG("conn", "#%llu accepted%s", (unsigned long long)c->id, is_device ? " (device)" : "");
    return c;
}

void conn_ref(conn *c)
{
    c->refs++;
}

void conn_unref(conn *c)
{
    if (--c->refs == 0) {
        free(c->sub);
        free(c);
    }
}

conn_subscription *conn_subscription_of(conn *c)
{
    if (!c->sub)
        c->sub = calloc(1, sizeof *c->sub);
    return c->sub;
}

static void conn_free_now(conn *c)
{
    if (c->dead)
        return;
    sl_server *srv = c->srv;
    SSL *ssl = bufferevent_openssl_get_ssl(c->bev);
    /* bufferevent_free never sends close_notify; send it once ourselves. A failure here only
     * means the peer is gone already. */
    if (ssl && SSL_is_init_finished(ssl))
        SSL_shutdown(ssl);
    ERR_clear_error();
    bufferevent_free(c->bev);
    c->bev = NULL;
    if (c->deadline)
        event_free(c->deadline);
    c->deadline = NULL;
    c->dead = true;
    c->peer->conns--;
    admission_release(srv->admission, c->peer, sl_now_unix(),
                      srv->cfg.login_address_window_seconds);
    c->peer = NULL;
    if (c->prev)
        c->prev->next = c->next;
    else
        srv->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    c->prev = c->next = NULL;
    srv->n_conns--;
    LOG_DEBUG("conn", "#%llu closed", (unsigned long long)c->id);
    srv->hooks->closed(srv);
    conn_unref(c);
}

void conn_protocol_error(conn *c, const char *what)
{
    LOG_INFO("proto", "#%llu protocol error: %s; closing", (unsigned long long)c->id, what);
    /* Sent at once even with a batch open: this connection's earlier replies stay queued and
     * are dropped with it, which is fine for a peer that broke the protocol. */
    conn_send_error(c, 0, STAGELIJN__V1__ERROR_CODE__ERROR_INVALID_ARGUMENT, what);
    conn_close(c, true);
}

void conn_close(conn *c, bool flush)
{
    if (c->dead)
        return;
    if (flush && evbuffer_get_length(bufferevent_get_output(c->bev)) > 0) {
        c->closing = true;
        bufferevent_disable(c->bev, EV_READ);
        return;
    }
    conn_free_now(c);
}

void conn_close_all(sl_server *srv)
{
    while (srv->conns)
        conn_free_now(srv->conns);
}

int conn_close_device(sl_server *srv, const char *serial, const conn *except)
{
    int closed = 0;
    conn *next;
    for (conn *c = srv->conns; c; c = next) {
        next = c->next;
        if (c != except && c->is_device && !c->dead && strcmp(c->device_serial, serial) == 0) {
            LOG_INFO("conn", "#%llu device certificate revoked; closing",
                     (unsigned long long)c->id);
            conn_free_now(c);
            closed++;
        }
    }
    return closed;
}

bool conn_output_full(const conn *c)
{
    return !c->dead && evbuffer_get_length(bufferevent_get_output(c->bev)) >=
                           (size_t)c->srv->cfg.output_high_water;
}

/* Queues bytes and has them written in this loop pass. The SSL bufferevent itself only adds
 * its write event and writes when epoll next reports the socket writable: two epoll_ctl
 * calls and one more loop pass per reply. Activating the write event runs libevent's own
 * write path (SSL_write, and the write event removed again once the output is empty) after
 * the current callback; with the event base's change list (server.c) the add and the remove
 * of the same pass cancel out and cost no system call. Output that does not fit the socket
 * stays queued with the write event pending, as before. Not during the TLS handshake, whose
 * events are the handshake's. */
static void queue_output(conn *c, const uint8_t *bytes, size_t len)
{
    if (c->dead || c->closing)
        return;
    bufferevent_write(c->bev, bytes, len);
    /* Starts the stall clock when the output reaches the high-water mark (conn_cut_stalled). */
    if (c->output_full_since_ms == 0 && conn_output_full(c))
        c->output_full_since_ms = sl_now_monotonic_ms();
    if (c->hello_done)
        event_active(&c->bev->ev_write, EV_WRITE, 1);
}

void conn_send_frame(conn *c, uint8_t *frame, size_t len)
{
    queue_output(c, frame, len);
    free(frame);
}

int conn_cut_stalled(sl_server *srv, int64_t now_ms)
{
    int64_t limit_ms = (int64_t)srv->cfg.stalled_output_seconds * 1000;
    int n = 0;
    conn *next;
    for (conn *c = srv->conns; c; c = next) {
        next = c->next;
        if (c->dead || c->output_full_since_ms == 0 || now_ms - c->output_full_since_ms < limit_ms)
            continue;
        LOG_INFO("conn", "#%llu cut off: its peer read nothing for %ld s (%zu bytes waiting)",
                 (unsigned long long)c->id, srv->cfg.stalled_output_seconds,
                 evbuffer_get_length(bufferevent_get_output(c->bev)));
        srv->metrics.stalled_cut++;
        conn_close(c, false);
        n++;
    }
    return n;
}

void conn_write(conn *c, const uint8_t *frame, size_t len)
{
    queue_output(c, frame, len);
}

void conn_send_error(conn *c, uint64_t request_id, Stagelijn__V1__ErrorCode code,
                     const char *message)
{
    Stagelijn__V1__Error e = STAGELIJN__V1__ERROR__INIT;
    e.code = code;
    e.message = (char *)message; /* protobuf-c's field is not const; packing only reads it */
    sl_envelope env = STAGELIJN__V1__ENVELOPE__INIT;
    env.request_id = request_id;
    env.body_case = STAGELIJN__V1__ENVELOPE__BODY_ERROR;
    env.error = &e;
    size_t len;
    uint8_t *frame = sl_envelope_pack_frame(&env, (size_t)c->srv->cfg.max_frame_bytes, &len);
    if (frame)
        conn_send_frame(c, frame, len);
}

static bool conn_may_read(const conn *c)
{
    return !c->dead && !c->closing && !c->deferred && c->inflight < c->srv->cfg.max_inflight &&
           !c->batch_waiting && !conn_output_full(c) && c->srv->hooks->may_take_frames(c);
}

/* Parses and dispatches every complete frame in the input buffer while the connection may
 * take more work. */
static void conn_process_input(conn *c)
{
    while (conn_may_read(c)) {
        struct evbuffer *in = bufferevent_get_input(c->bev);
        size_t avail = evbuffer_get_length(in);
        uint8_t hdr[SL_FRAME_HEADER_LEN];
        if (avail < SL_FRAME_HEADER_LEN)
            return;
        evbuffer_copyout(in, hdr, sizeof hdr);
        size_t n;
        /* The length is checked against the maximum before anything more is buffered. */
        sl_frame_result fr =
            sl_frame_parse(hdr, sizeof hdr, (size_t)c->srv->cfg.max_frame_bytes, &n);
        if (fr == SL_FRAME_EMPTY || fr == SL_FRAME_TOO_LARGE) {
            c->srv->metrics.protocol_errors++;
            conn_protocol_error(c, fr == SL_FRAME_EMPTY ? "empty frame" : "frame too large");
            return;
        }
        if (avail < SL_FRAME_HEADER_LEN + n)
            return;
        const uint8_t *frame = evbuffer_pullup(in, (ev_ssize_t)(SL_FRAME_HEADER_LEN + n));
        if (!c->srv->hooks->frame(c, frame + SL_FRAME_HEADER_LEN, n)) {
            /* Not now: the frame stays whole in the buffer until we are resumed. */
            c->srv->hooks->hold(c);
            return;
        }
        if (!c->dead)
            evbuffer_drain(bufferevent_get_input(c->bev), SL_FRAME_HEADER_LEN + n);
    }
}

void conn_update_flow(conn *c)
{
    if (c->dead || c->closing)
        return;
    if (conn_may_read(c)) {
        if (c->read_paused) {
            c->read_paused = false;
            bufferevent_enable(c->bev, EV_READ);
        }
        /* Frames may already sit in the input buffer (read before the pause): no socket
         * event will announce them again, so they are processed here. */
        conn_process_input(c);
    }
    if (!c->dead && !c->closing && !c->read_paused && !conn_may_read(c)) {
        c->read_paused = true;
        bufferevent_disable(c->bev, EV_READ);
    }
    /* Held back from above (a full batch) rather than by its own state: resumed from there. */
    if (c->read_paused && !c->srv->hooks->may_take_frames(c))
        c->srv->hooks->hold(c);
}

static void conn_read_cb(struct bufferevent *bev, void *arg)
{
    conn *c = arg;
    conn_ref(c);
    conn_update_flow(c);
    after_input(c);
    conn_unref(c);
}

static void conn_write_cb(struct bufferevent *bev, void *arg)
{
    conn *c = arg;
    if (c->closing) {
        if (evbuffer_get_length(bufferevent_get_output(bev)) == 0)
            conn_free_now(c);
        return;
    }
    c->output_full_since_ms = 0; /* the peer reads: below the low-water mark again */
    conn_ref(c);
    /* Room in the output again: continue a subscriber's replay, then resume reading. */
    c->srv->hooks->writable(c);
    conn_update_flow(c);
    after_input(c);
    conn_unref(c);
}

static void conn_event_cb(struct bufferevent *bev, short what, void *arg)
{
    conn *c = arg;
    if (what & BEV_EVENT_CONNECTED) {
        SSL *ssl = bufferevent_openssl_get_ssl(bev);
        const unsigned char *alpn = NULL;
        unsigned alpn_len = 0;
        if (ssl)
            SSL_get0_alpn_selected(ssl, &alpn, &alpn_len);
        /* A client that offered no ALPN at all is not one of ours (the selection callback
         * only runs when ALPN is offered). */
        if (alpn_len != strlen(SL_ALPN) || memcmp(alpn, SL_ALPN, alpn_len) != 0) {
            LOG_DEBUG("conn", "#%llu no ALPN %s; closing", (unsigned long long)c->id, SL_ALPN);
            conn_free_now(c);
            return;
        }
        if (c->is_device && ssl) {
            /* A revoked device certificate is refused before it may say Hello, from the
             * moment it is revoked (issue 10): no restart, no revocation list to reload. */
            if (!sl_tls_peer_serial(ssl, c->device_serial, sizeof c->device_serial) ||
                revoked_contains(&c->srv->revoked, c->device_serial)) {
                LOG_INFO("conn", "#%llu device certificate %s revoked; closing",
                         (unsigned long long)c->id, c->device_serial);
                conn_free_now(c);
                return;
            }
            sl_tls_peer_company(ssl, c->device_company, sizeof c->device_company);
        }
        return;
    }
    if (what & BEV_EVENT_TIMEOUT)
        LOG_DEBUG("conn", "#%llu timed out", (unsigned long long)c->id);
    else if (what & BEV_EVENT_ERROR) {
        unsigned long e;
        while ((e = bufferevent_get_openssl_error(bev)) != 0)
            LOG_DEBUG("conn", "#%llu TLS error: %s", (unsigned long long)c->id,
                      ERR_reason_error_string(e));
    }
    ERR_clear_error();
    conn_free_now(c);
}
