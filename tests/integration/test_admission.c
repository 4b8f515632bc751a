/* Admission per source address and the connection deadlines: a flood of bad logins from one
 * address (or a few) must not starve real logins from another, guessing from one address must
 * not lock a user out elsewhere, one address cannot take every connection, a connection that
 * trickles bytes or never logs in is closed at a fixed deadline, and a database that cannot be
 * written stops the daemon at start.
 *
 * Attackers use their own small TLS client (below) because their sockets are bound to other
 * loopback addresses (127.0.0.2 and up); the real users connect from 127.0.0.1 through the
 * client library. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "harness.h"
#include "tls.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---------------------------------------------------------------- a client bound to an address */

/* A TCP connection from `src` (a 127.x.x.x address) to the daemon; -1 on failure. */
static int tcp_connect_from(const char *src, int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in from = {.sin_family = AF_INET};
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, src, &from.sin_addr);
    inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    if (fd < 0 || bind(fd, (struct sockaddr *)&from, sizeof from) != 0 ||
        connect(fd, (struct sockaddr *)&to, sizeof to) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    struct timeval tv = {10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    return fd;
}

typedef struct {
    int fd;
    SSL *ssl;
    uint64_t next_id;
} raw_client;

static SSL_CTX *client_ctx(const test_server *ts)
{
    sl_tls_client_opts o = {.ca_file = ts->ca};
    char err[256];
    SSL_CTX *ctx = sl_tls_client_ctx_new(&o, err, sizeof err);
    if (!ctx)
        fprintf(stderr, "client context: %s\n", err);
    return ctx;
}

static bool raw_send(raw_client *rc, sl_envelope *env)
{
    env->request_id = ++rc->next_id;
    size_t len;
    uint8_t *frame = sl_envelope_pack_frame(env, 1 << 20, &len);
    bool ok = frame && SSL_write(rc->ssl, frame, (int)len) == (int)len;
    free(frame);
    return ok;
}

static bool read_full(SSL *ssl, uint8_t *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        int r = SSL_read(ssl, buf + got, (int)(n - got));
        if (r <= 0)
            return false;
        got += (size_t)r;
    }
    return true;
}

/* The next envelope (caller frees), NULL when the connection ended or timed out. */
static sl_envelope *raw_read(raw_client *rc)
{
    uint8_t hdr[SL_FRAME_HEADER_LEN];
    size_t n;
    if (!read_full(rc->ssl, hdr, sizeof hdr))
        return NULL;
    sl_frame_result fr = sl_frame_parse(hdr, sizeof hdr, 1 << 20, &n);
    if (fr == SL_FRAME_EMPTY || fr == SL_FRAME_TOO_LARGE || n == 0)
        return NULL;
    uint8_t *payload = malloc(n);
    sl_envelope *env =
        payload && read_full(rc->ssl, payload, n) ? sl_envelope_decode(payload, n) : NULL;
    free(payload);
    return env;
}

/* The status of a reply: SL_OK for a non-error body; SL_EIO when there was no reply. With
 * `message`, an error's message is copied there. */
static sl_status reply_status(const sl_envelope *env, char *message, size_t len)
{
    if (!env)
        return SL_EIO;
    if (env->body_case != STAGELIJN__V1__ENVELOPE__BODY_ERROR)
        return SL_OK;
    if (message)
        snprintf(message, len, "%s", env->error->message);
    return sl_status_from_wire(env->error->code);
}

static void raw_close(raw_client *rc)
{
    if (rc->ssl) {
        SSL_shutdown(rc->ssl);
        SSL_free(rc->ssl);
    }
    if (rc->fd >= 0)
        close(rc->fd);
    ERR_clear_error();
    rc->ssl = NULL;
    rc->fd = -1;
}

/* TLS and Hello from `src`; false (and closed) on failure. */
static bool raw_open(raw_client *rc, SSL_CTX *ctx, const char *src, int port)
{
    memset(rc, 0, sizeof *rc);
    rc->fd = tcp_connect_from(src, port);
    if (rc->fd < 0)
        return false;
    rc->ssl = SSL_new(ctx);
    if (!rc->ssl || SSL_set_fd(rc->ssl, rc->fd) != 1 || SSL_connect(rc->ssl) != 1) {
        raw_close(rc);
        return false;
    }
    Stagelijn__V1__Hello h = STAGELIJN__V1__HELLO__INIT;
    h.protocol_version = 1;
    h.client_kind = STAGELIJN__V1__CLIENT_KIND__CLIENT_TEST;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_HELLO;
    req.hello = &h;
    sl_envelope *rep = raw_send(rc, &req) ? raw_read(rc) : NULL;
    bool ok = reply_status(rep, NULL, 0) == SL_OK;
    sl_envelope_free(rep);
    if (!ok)
        raw_close(rc);
    return ok;
}

static sl_status raw_login(raw_client *rc, const char *user, const char *password, char *message,
                           size_t len)
{
    Stagelijn__V1__LoginRequest lr = STAGELIJN__V1__LOGIN_REQUEST__INIT;
    lr.username = (char *)user;
    lr.password = (char *)password;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOGIN;
    req.login = &lr;
    sl_envelope *rep = raw_send(rc, &req) ? raw_read(rc) : NULL;
    sl_status st = reply_status(rep, message, len);
    sl_envelope_free(rep);
    return st;
}

/* ---------------------------------------------------------------- attackers */

typedef struct {
    SSL_CTX *ctx;
    int port;
    char src[32];
    int index;
    volatile bool *stop;
    /* results */
    long failed, refused_address, other;
    char refusal[256];
} attacker;

/* One connection that logs in with a new unknown user name each time (so no lock-out of a
 * (name, address) pair stops it) until told to stop. */
static void *attack(void *arg)
{
    attacker *a = arg;
    raw_client rc;
    if (!raw_open(&rc, a->ctx, a->src, a->port)) {
        a->other++;
        return NULL;
    }
    for (long i = 0; !*a->stop; i++) {
        char user[64], message[256] = "";
        snprintf(user, sizeof user, "nobody-%s-%d-%ld", a->src, a->index, i);
        sl_status st = raw_login(&rc, user, "wrong-password", message, sizeof message);
        if (st == SL_EUNAUTH) {
            __atomic_add_fetch(&a->failed, 1, __ATOMIC_RELAXED);
        } else if (st == SL_EEXHAUSTED && strstr(message, "network address")) {
            a->refused_address++;
            snprintf(a->refusal, sizeof a->refusal, "%s", message);
            usleep(5 * 1000); /* keeps the test machine usable; the refusal costs no hash */
        } else {
            a->other++;
            if (st == SL_EIO)
                break;
            usleep(5 * 1000);
        }
    }
    raw_close(&rc);
    return NULL;
}

typedef struct {
    attacker *a;
    pthread_t *t;
    int n;
    volatile bool stop;
} flood;

/* Starts `per_address` attackers from each of `addresses` addresses 127.0.0.2 and up. */
static void flood_start(flood *f, SSL_CTX *ctx, int port, int addresses, int per_address)
{
    f->n = addresses * per_address;
    f->a = calloc((size_t)f->n, sizeof *f->a);
    f->t = calloc((size_t)f->n, sizeof *f->t);
    f->stop = false;
    for (int i = 0; i < f->n; i++) {
        attacker *a = &f->a[i];
        a->ctx = ctx;
        a->port = port;
        a->index = i;
        a->stop = &f->stop;
        snprintf(a->src, sizeof a->src, "127.0.0.%d", 2 + i / per_address);
        assert_int_equal(pthread_create(&f->t[i], NULL, attack, a), 0);
    }
}

/* Stops the attackers; returns the totals over all of them. */
/* Waits, at most limit_s seconds, until each of the `addresses` attacking addresses has had
 * `failures` failed logins answered: from then on the server knows them as failing. Polls
 * instead of sleeping a fixed time, which a loaded machine (or a sanitizer build, where a
 * hash takes several times longer) would outrun. */
static bool flood_wait_failing(flood *f, int addresses, long failures, int limit_s)
{
    int per = f->n / addresses;
    for (int tick = 0; tick < limit_s * 10; tick++) {
        bool all = true;
        for (int a = 0; a < addresses && all; a++) {
            long sum = 0;
            for (int k = 0; k < per; k++)
                sum += __atomic_load_n(&f->a[a * per + k].failed, __ATOMIC_RELAXED);
            all = sum >= failures;
        }
        if (all)
            return true;
        usleep(100 * 1000);
    }
    return false;
}

static attacker flood_stop(flood *f)
{
    attacker sum = {0};
    f->stop = true;
    for (int i = 0; i < f->n; i++) {
        pthread_join(f->t[i], NULL);
        sum.failed += f->a[i].failed;
        sum.refused_address += f->a[i].refused_address;
        sum.other += f->a[i].other;
        if (f->a[i].refusal[0])
            snprintf(sum.refusal, sizeof sum.refusal, "%s", f->a[i].refusal);
    }
    free(f->a);
    free(f->t);
    return sum;
}

/* Seconds one real login from 127.0.0.1 takes; -1 when it fails. */
static double timed_login(test_server *ts)
{
    double t0 = now_s();
    sl_client *c = ts_login(ts, "admin", TS_ADMIN_PASSWORD);
    double dt = now_s() - t0;
    sl_client_close(c);
    return c ? dt : -1;
}

/* 80 connections from 127.0.0.2 looping bad logins at the default scrypt cost (about 0.1 s
 * a hash, two workers here). Before the per-address limit they all queued and a real login
 * waited behind 80 hashes (4 s and more); now 127.0.0.2 holds at most 4 places and the real
 * login waits behind those only. */
static void test_login_flood_from_one_address(void **state)
{
    (void)state;
    test_server ts;
    assert_true(ts_start(&ts, "scrypt_log2_n = 15\nlogin_queue_per_address = 4\n"
                              "login_address_max_failures = 1000000\n"));
    SSL_CTX *ctx = client_ctx(&ts);
    assert_non_null(ctx);
    flood f;
    flood_start(&f, ctx, ts.port, 1, 80);
    sleep(2);
    double worst = 0;
    for (int i = 0; i < 3; i++) {
        double dt = timed_login(&ts);
        assert_true(dt >= 0);
        if (dt > worst)
            worst = dt;
    }
    attacker sum = flood_stop(&f);
    printf("flood from one address: %ld failed, %ld refused (\"%s\"), %ld other; worst real "
           "login %.2f s\n",
           sum.failed, sum.refused_address, sum.refusal, sum.other, worst);
    assert_true(sum.failed > 0);
    assert_true(sum.refused_address > 0);
    assert_non_null(strstr(sum.refusal, "too many logins from your network address at once"));
    /* Before the limit: 9.9 s here. The bound leaves room for a loaded test machine. */
    assert_true(worst < 5.0);
    SSL_CTX_free(ctx);
    assert_int_equal(ts_stop(&ts), 0);
    ts_cleanup(&ts);
}

/* Eight addresses with eight bad-login loops each could fill a queue of 16 on their own (4
 * places each). Once they are failing they may use only half of it, so a real login from an
 * address without failures always finds a place. */
static void test_login_flood_keeps_room_for_good_addresses(void **state)
{
    (void)state;
    test_server ts;
    assert_true(ts_start(&ts, "scrypt_log2_n = 15\nlogin_queue_max = 16\n"
                              "login_queue_per_address = 4\n"
                              "login_address_max_failures = 1000000\n"));
    SSL_CTX *ctx = client_ctx(&ts);
    assert_non_null(ctx);
    flood f;
    flood_start(&f, ctx, ts.port, 8, 8);
    /* Until its first failures come back an address is not known to be failing, so the first
     * burst may fill the queue; the test looks at the steady state after it. */
    assert_true(flood_wait_failing(&f, 8, 3, 120));
    int ok = 0;
    double worst = 0;
    for (int i = 0; i < 5; i++) {
        double dt = timed_login(&ts);
        if (dt >= 0)
            ok++;
        if (dt > worst)
            worst = dt;
    }
    attacker sum = flood_stop(&f);
    printf("flood from 8 addresses: %ld failed, %ld refused (\"%s\"), %ld other; %d/5 real "
           "logins, worst %.2f s\n",
           sum.failed, sum.refused_address, sum.refusal, sum.other, ok, worst);
    assert_int_equal(ok, 5);
    assert_true(sum.refused_address > 0);
    assert_true(worst < 6.0);
    SSL_CTX_free(ctx);
    assert_int_equal(ts_stop(&ts), 0);
    ts_cleanup(&ts);
}

/* Guessing a user's password from 127.0.0.2 locks that address out of the account, not the
 * user: the same user logs in from 127.0.0.1. Spraying other names from 127.0.0.2 is stopped
 * by the per-address limit, whatever the name. */
static void test_guessing_locks_the_address_not_the_user(void **state)
{
    (void)state;
    test_server ts;
    assert_true(ts_start(&ts, "login_max_failures = 5\nlogin_address_max_failures = 8\n"));
    sl_client *admin = ts_login(&ts, "admin", TS_ADMIN_PASSWORD);
    assert_non_null(admin);
    assert_true(ts_create_user(admin, "victim", STAGELIJN__V1__ROLE__ROLE_COACH, NULL, NULL));
    sl_client_close(admin);
    SSL_CTX *ctx = client_ctx(&ts);
    raw_client rc;
    assert_true(raw_open(&rc, ctx, "127.0.0.2", ts.port));
    char message[256];
    for (int i = 0; i < 5; i++)
        assert_int_equal(raw_login(&rc, "victim", "guess", message, sizeof message), SL_EUNAUTH);
    /* The pair (victim, 127.0.0.2) is locked now, even for the right password... */
    assert_int_equal(raw_login(&rc, "victim", TS_PASSWORD, message, sizeof message), SL_EEXHAUSTED);
    /* ...but the victim logs in from elsewhere. */
    sl_client *v = ts_login(&ts, "victim", TS_PASSWORD);
    assert_non_null(v);
    sl_client_close(v);
    /* Three more failures on other names reach the address's limit of 8... */
    for (int i = 0; i < 3; i++) {
        char user[32];
        snprintf(user, sizeof user, "sprayed-%d", i);
        assert_int_equal(raw_login(&rc, user, "guess", message, sizeof message), SL_EUNAUTH);
    }
    /* ...after which the address is refused for any name, before any password is hashed. */
    assert_int_equal(raw_login(&rc, "sprayed-9", "guess", message, sizeof message), SL_EEXHAUSTED);
    assert_non_null(strstr(message, "too many failed logins from your network address"));
    raw_close(&rc);
    v = ts_login(&ts, "victim", TS_PASSWORD);
    assert_non_null(v);
    sl_client_close(v);
    SSL_CTX_free(ctx);
    assert_int_equal(ts_stop(&ts), 0);
    ts_cleanup(&ts);
}

/* A connection closed while its login is being hashed (here by the login deadline) gets no
 * answer, but the failure still counts for its address: else a login sent just before the
 * deadline would dodge the limit. The hash (scrypt N = 2^16, about 0.2 s) outlasts the
 * deadline of 0.1 s after the Hello. */
static long metric(test_server *ts, const char *name);

static void test_logins_cut_off_still_count(void **state)
{
    (void)state;
    test_server ts;
    assert_true(ts_start(&ts, "scrypt_log2_n = 16\nlogin_address_max_failures = 4\n"
                              "metrics_listen = 127.0.0.1:0\n"));
    assert_int_equal(ts_stop(&ts), 0);
    FILE *f = fopen(ts.config, "a");
    assert_non_null(f);
    fprintf(f, "login_timeout_ms = 100\n");
    fclose(f);
    assert_true(ts_restart(&ts));
    SSL_CTX *ctx = client_ctx(&ts);
    raw_client rc;
    for (int i = 0; i < 4; i++) {
        assert_true(raw_open(&rc, ctx, "127.0.0.3", ts.port));
        char user[32], message[256];
        snprintf(user, sizeof user, "gone-%d", i);
        assert_int_equal(raw_login(&rc, user, "guess", message, sizeof message), SL_EIO);
        raw_close(&rc);
    }
    /* The hashes finish (polled: a fixed sleep was too short on a loaded machine); their
     * failures are counted when each finishes. */
    for (int t = 0; t < 600 && metric(&ts, "password_jobs_backlog") != 0; t++)
        usleep(100 * 1000);
    assert_int_equal(metric(&ts, "password_jobs_backlog"), 0);
    usleep(300 * 1000);
    char message[256] = "";
    assert_true(raw_open(&rc, ctx, "127.0.0.3", ts.port));
    assert_int_equal(raw_login(&rc, "admin", TS_ADMIN_PASSWORD, message, sizeof message),
                     SL_EEXHAUSTED);
    assert_non_null(strstr(message, "too many failed logins from your network address"));
    raw_close(&rc);
    SSL_CTX_free(ctx);
    assert_int_equal(ts_stop(&ts), 0);
    ts_cleanup(&ts);
}

/* ---------------------------------------------------------------- deadlines */


/* Seconds until the server closed a TCP connection that sends one byte every interval_ms
 * (the start of a TLS record that never completes); -1 when it was still open after
 * limit_s. */
static double trickle_until_closed(int port, int interval_ms, double limit_s)
{
    int fd = tcp_connect_from("127.0.0.1", port);
    if (fd < 0)
        return -2;
    /* A handshake record header announcing 512 bytes, then its body byte by byte. */
    static const uint8_t head[] = {0x16, 0x03, 0x01, 0x02, 0x00};
    double t0 = now_s();
    for (size_t i = 0; now_s() - t0 < limit_s; i++) {
        uint8_t b = i < sizeof head ? head[i] : 0x01;
        if (send(fd, &b, 1, MSG_NOSIGNAL) != 1)
            break;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, interval_ms) > 0) {
            char buf[64];
            if (read(fd, buf, sizeof buf) <= 0)
                break;
        }
    }
    double dt = now_s() - t0;
    close(fd);
    return dt < limit_s ? dt : -1;
}

/* The Hello deadline counts from accept and is not restarted by bytes: before, a peer
 * sending one byte every half second (under the 1.5 s timeout) stayed for ever. */
static void test_trickling_peer_closed_at_hello_deadline(void **state)
{
    (void)state;
    test_server ts;
    assert_true(ts_start(&ts, "handshake_timeout_ms = 1500\nmetrics_listen = 127.0.0.1:0\n"));
    double dt = trickle_until_closed(ts.port, 500, 6.0);
    printf("trickling peer closed after %.2f s\n", dt);
    assert_true(dt >= 1.0);
    assert_true(dt < 5.0); /* before: still open after 6 s; room for a loaded machine */
    assert_int_equal(metric(&ts, "connections_deadline_total"), 1);
    assert_int_equal(ts_stop(&ts), 0);
    ts_cleanup(&ts);
}

static bool list_classes(sl_client *c)
{
    Stagelijn__V1__ListClassesRequest lc = STAGELIJN__V1__LIST_CLASSES_REQUEST__INIT;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_CLASSES;
    req.list_classes = &lc;
    sl_envelope *rep = NULL;
    char err[256];
    sl_status st = sl_client_call(c, &req, &rep, err, sizeof err);
    sl_envelope_free(rep);
    return st == SL_OK;
}

/* Whether the server closed the connection (a read sees the end) within timeout_ms. */
static bool raw_closed_within(raw_client *rc, int timeout_ms)
{
    struct pollfd p = {.fd = rc->fd, .events = POLLIN};
    if (poll(&p, 1, timeout_ms) <= 0)
        return false;
    char buf[64];
    return SSL_read(rc->ssl, buf, sizeof buf) <= 0;
}

/* After the Hello, a connection has login_timeout_ms to log in; one that has logged in is not
 * affected, and one that logs out gets the deadline again. */
static void test_login_deadline(void **state)
{
    (void)state;
    test_server ts;
    assert_true(ts_start(&ts, "login_timeout_ms = 1500\n"));
    SSL_CTX *ctx = client_ctx(&ts);
    raw_client anon;
    assert_true(raw_open(&anon, ctx, "127.0.0.1", ts.port));
    sl_client *user = ts_login(&ts, "admin", TS_ADMIN_PASSWORD);
    assert_non_null(user);
    double t0 = now_s();
    assert_false(raw_closed_within(&anon, 1000));
    assert_true(raw_closed_within(&anon, 4000));
    double dt = now_s() - t0;
    printf("anonymous connection closed %.2f s after its Hello\n", dt);
    assert_true(dt >= 1.2 && dt < 5.0);
    raw_close(&anon);
    /* The logged-in connection outlives the deadline. */
    sleep(1);
    assert_true(list_classes(user));
    /* After Logout, the clock starts again. */
    Stagelijn__V1__LogoutRequest lo = STAGELIJN__V1__LOGOUT_REQUEST__INIT;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOGOUT;
    req.logout = &lo;
    assert_true(ts_expect(user, &req, SL_OK));
    sleep(3);
    char err[256];
    assert_int_not_equal(sl_client_login(user, "admin", TS_ADMIN_PASSWORD, NULL, err, sizeof err),
                         SL_OK);
    sl_client_close(user);
    SSL_CTX_free(ctx);
    assert_int_equal(ts_stop(&ts), 0);
    ts_cleanup(&ts);
}

/* ---------------------------------------------------------------- connections per address */

static int http_get(int port, const char *path, char *out, size_t outlen)
{
    int fd = tcp_connect_from("127.0.0.1", port);
    if (fd < 0)
        return -1;
    char req[256];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n", path);
    if (write(fd, req, (size_t)n) != n) {
        close(fd);
        return -1;
    }
    size_t used = 0;
    ssize_t r;
    while (used + 1 < outlen && (r = read(fd, out + used, outlen - 1 - used)) > 0)
        used += (size_t)r;
    out[used] = '\0';
    close(fd);
    int status = 0;
    return sscanf(out, "HTTP/1.%*d %d", &status) == 1 ? status : -1;
}

static long metric(test_server *ts, const char *name)
{
    char body[8192], key[128];
    if (http_get(ts->metrics_port, "/metrics", body, sizeof body) != 200)
        return -1;
    snprintf(key, sizeof key, "\nstagelijn_%s ", name);
    const char *p = strstr(body, key);
    return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

static void test_connections_per_address(void **state)
{
    (void)state;
    test_server ts;
    assert_true(ts_start(&ts, "max_connections_per_address = 3\nmetrics_listen = 127.0.0.1:0\n"));
    SSL_CTX *ctx = client_ctx(&ts);
    raw_client rc[3];
    for (int i = 0; i < 3; i++)
        assert_true(raw_open(&rc[i], ctx, "127.0.0.2", ts.port));
    /* The fourth from 127.0.0.2 is closed at accept... */
    raw_client extra;
    assert_false(raw_open(&extra, ctx, "127.0.0.2", ts.port));
    assert_int_equal(metric(&ts, "connections_refused_address_total"), 1);
    /* ...while other addresses are served. */
    sl_client *c = ts_login(&ts, "admin", TS_ADMIN_PASSWORD);
    assert_non_null(c);
    assert_true(list_classes(c));
    /* A closed connection frees its place. */
    raw_close(&rc[0]);
    usleep(300 * 1000);
    assert_true(raw_open(&rc[0], ctx, "127.0.0.2", ts.port));
    for (int i = 0; i < 3; i++)
        raw_close(&rc[i]);
    sl_client_close(c);
    SSL_CTX_free(ctx);
    assert_int_equal(ts_stop(&ts), 0);
    ts_cleanup(&ts);
}

/* ---------------------------------------------------------------- an unwritable database */

/* Runs stagelijnd on ts's directory and waits for it to exit; returns its exit status, or -1
 * when it was still running after 15 s (then it is killed). */
static int start_expecting_exit(test_server *ts)
{
    char bin[512], portfile[300];
    snprintf(bin, sizeof bin, "%s/server/stagelijnd", SL_BUILD_DIR);
    snprintf(portfile, sizeof portfile, "%s/port", ts->dir);
    unlink(portfile);
    pid_t pid = fork();
    if (pid == 0) {
        FILE *log = freopen(ts->log, "a", stderr);
        (void)log;
        execl(bin, bin, "--config", ts->config, "--data-dir", ts->dir, "--port-file", portfile,
              (char *)NULL);
        _exit(127);
    }
    return ts_wait(pid, 15);
}

static bool log_contains(test_server *ts, const char *text)
{
    FILE *f = fopen(ts->log, "r");
    char line[1024];
    bool found = false;
    while (f && !found && fgets(line, sizeof line, f))
        found = strstr(line, text) != NULL;
    if (f)
        fclose(f);
    return found;
}

/* chattr `flag` ("+i" or "-i") on `path`; its exit status. */
static int chattr(const char *flag, const char *path)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "chattr %s '%s' 2>/dev/null", flag, path);
    return system(cmd);
}

/* Tests run as root, for whom file modes are no obstacle; the immutable attribute is (it
 * needs CAP_LINUX_IMMUTABLE and a file system that has it, so the test is skipped without). */
static void test_unwritable_database_refused_at_start(void **state)
{
    (void)state;
    test_server ts;
    assert_true(ts_start(&ts, NULL));
    assert_int_equal(ts_stop(&ts), 0);
    char db[300];
    snprintf(db, sizeof db, "%s/stagelijn.db", ts.dir);
    if (chattr("+i", db) != 0) {
        ts_cleanup(&ts);
        skip();
    }
    int rc = start_expecting_exit(&ts);
    chattr("-i", db);
    assert_true(rc > 0);
    assert_true(log_contains(&ts, "cannot write the database"));
    /* The same for a data directory in which the WAL cannot be created. */
    if (chattr("+i", ts.dir) == 0) {
        rc = start_expecting_exit(&ts);
        chattr("-i", ts.dir);
        assert_true(rc > 0);
    }
    /* Writable again: it starts. */
    assert_true(ts_restart(&ts));
    assert_int_equal(ts_stop(&ts), 0);
    ts_cleanup(&ts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_login_flood_from_one_address),
        cmocka_unit_test(test_login_flood_keeps_room_for_good_addresses),
        cmocka_unit_test(test_guessing_locks_the_address_not_the_user),
        cmocka_unit_test(test_logins_cut_off_still_count),
        cmocka_unit_test(test_trickling_peer_closed_at_hello_deadline),
        cmocka_unit_test(test_login_deadline),
        cmocka_unit_test(test_connections_per_address),
        cmocka_unit_test(test_unwritable_database_refused_at_start),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
