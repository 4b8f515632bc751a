/* Memory of a real stagelijnd (started through the integration harness) under connections:
 *
 *   idle      RSS before, with N idle connections (TLS and Hello done) and after closing
 *             them: the memory one idle TLS connection costs
 *   flood     R rounds of M connections opened (in groups of G at once) and closed; RSS after
 *             each round and after a pause: whether memory goes back after a flood
 *   handshake connections per second for S seconds each, one after the other, every one
 *             doing TLS and Hello: full handshakes, then handshakes resuming the session of the
 *             previous connection (a TLS 1.3 ticket); "resumed" counts those the server
 *             accepted
 *
 * RSS is VmRSS from /proc/PID/status of the daemon. It prints figures and asserts nothing
 * about them; the exit status is 0 when every connection worked, 1 otherwise, 2 for a usage
 * error.
 *
 *   bench_conns [--idle N] [--rounds R] [--per-round M] [--group G] [--pause-ms P]
 *               [--handshake-seconds S] */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "harness.h"
#include "tls.h"

typedef struct {
    long idle, rounds, per_round, group, pause_ms, handshake_seconds;
} bench_opts;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* VmRSS of `pid` in KiB; -1 when unreadable. */
static long rss_kib(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    long kib = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
            break;
    if (f)
        fclose(f);
    return kib;
}

/* Opens n connections into cs (TLS and Hello each); returns how many opened. */
static long open_many(test_server *ts, sl_client **cs, long n)
{
    long opened = 0;
    for (long i = 0; i < n; i++) {
        cs[i] = ts_connect(ts, STAGELIJN__V1__CLIENT_KIND__CLIENT_TEST);
        if (cs[i])
            opened++;
    }
    return opened;
}

static void close_many(sl_client **cs, long n)
{
    for (long i = 0; i < n; i++) {
        sl_client_close(cs[i]);
        cs[i] = NULL;
    }
}

static bool phase_idle(test_server *ts, const bench_opts *o)
{
    sl_client **cs = calloc((size_t)o->idle, sizeof *cs);
    if (!cs)
        return false;
    long before = rss_kib(ts->pid);
    long opened = open_many(ts, cs, o->idle);
    usleep(200 * 1000);
    long with = rss_kib(ts->pid);
    close_many(cs, o->idle);
    usleep((useconds_t)o->pause_ms * 1000);
    long after = rss_kib(ts->pid);
    printf("idle       n=%ld   rss_before_kib=%ld   rss_with_kib=%ld   per_conn_kib=%.1f   "
           "rss_after_close_kib=%ld\n",
           opened, before, with, opened ? (double)(with - before) / (double)opened : 0.0, after);
    free(cs);
    return opened == o->idle;
}

static bool phase_flood(test_server *ts, const bench_opts *o)
{
    sl_client **cs = calloc((size_t)o->group, sizeof *cs);
    if (!cs)
        return false;
    bool ok = true;
    printf("flood      start   rss_kib=%ld\n", rss_kib(ts->pid));
    for (long r = 1; r <= o->rounds; r++) {
        long opened = 0, peak = 0;
        for (long done = 0; done < o->per_round; done += o->group) {
            long n = o->per_round - done < o->group ? o->per_round - done : o->group;
            opened += open_many(ts, cs, n);
            long now = rss_kib(ts->pid);
            if (now > peak)
                peak = now;
            close_many(cs, n);
        }
        long closed = rss_kib(ts->pid);
        usleep((useconds_t)o->pause_ms * 1000);
        printf("flood      round=%ld   opened=%ld   rss_peak_kib=%ld   rss_at_close_kib=%ld   "
               "rss_after_%ldms_kib=%ld\n",
               r, opened, peak, closed, o->pause_ms, rss_kib(ts->pid));
        ok = ok && opened == o->per_round;
    }
    free(cs);
    return ok;
}

/* ---------------------------------------------------------------- handshakes */

static bool read_full(SSL *ssl, uint8_t *buf, size_t n)
{
    for (size_t got = 0; got < n;) {
        int r = SSL_read(ssl, buf + got, (int)(n - got));
        if (r <= 0)
            return false;
        got += (size_t)r;
    }
    return true;
}

/* One connection: TCP, TLS (resuming `*session` when set) and Hello. On success *session is
 * replaced by this connection's session (the ticket arrived before the Hello's reply) and
 * *resumed tells whether the server accepted the old one. */
static bool handshake_once(SSL_CTX *ctx, int port, SSL_SESSION **session, bool *resumed)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        if (fd >= 0)
            close(fd);
        return false;
    }
    SSL *ssl = SSL_new(ctx);
    bool ok = ssl && SSL_set_fd(ssl, fd) == 1 && (!*session || SSL_set_session(ssl, *session)) &&
              SSL_connect(ssl) == 1;
    if (ok) {
        Stagelijn__V1__Hello h = STAGELIJN__V1__HELLO__INIT;
        h.protocol_version = 1;
        h.client_kind = STAGELIJN__V1__CLIENT_KIND__CLIENT_TEST;
        sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
        req.request_id = 1;
        req.body_case = STAGELIJN__V1__ENVELOPE__BODY_HELLO;
        req.hello = &h;
        size_t len, n;
        uint8_t *frame = sl_envelope_pack_frame(&req, 1 << 20, &len), hdr[SL_FRAME_HEADER_LEN];
        ok = frame && SSL_write(ssl, frame, (int)len) == (int)len &&
             read_full(ssl, hdr, sizeof hdr) &&
             sl_frame_parse(hdr, sizeof hdr, 1 << 20, &n) != SL_FRAME_EMPTY && n > 0;
        free(frame);
        uint8_t *payload = ok ? malloc(n) : NULL;
        ok = payload && read_full(ssl, payload, n);
        free(payload);
    }
    if (ok) {
        *resumed = SSL_session_reused(ssl) == 1;
        SSL_SESSION_free(*session);
        *session = SSL_get1_session(ssl);
        SSL_shutdown(ssl);
    }
    SSL_free(ssl);
    close(fd);
    ERR_clear_error();
    return ok;
}

static bool phase_handshakes(test_server *ts, const bench_opts *o)
{
    sl_tls_client_opts co = {.ca_file = ts->ca};
    char err[256];
    SSL_CTX *ctx = sl_tls_client_ctx_new(&co, err, sizeof err);
    if (!ctx) {
        fprintf(stderr, "bench_conns: %s\n", err);
        return false;
    }
    bool ok = true;
    for (int reuse = 0; reuse < 2 && ok; reuse++) {
        SSL_SESSION *session = NULL;
        long n = 0, resumed = 0;
        double t0 = now_s(), elapsed = 0;
        while (ok && (elapsed = now_s() - t0) < (double)o->handshake_seconds) {
            bool r = false;
            SSL_SESSION *keep = reuse ? session : NULL;
            ok = handshake_once(ctx, ts->port, &keep, &r);
            session = keep;
            n++;
            resumed += r;
            if (!reuse) {
                SSL_SESSION_free(session);
                session = NULL;
            }
        }
        SSL_SESSION_free(session);
        printf("handshake  %s   n=%ld   resumed=%ld   per_s=%.0f   (TCP, TLS 1.3, Hello)\n",
               reuse ? "resume" : "full  ", n, resumed, elapsed > 0 ? (double)n / elapsed : 0.0);
    }
    SSL_CTX_free(ctx);
    return ok;
}

static bool parse_opts(int argc, char **argv, bench_opts *o)
{
    *o = (bench_opts){
        .idle = 1000, .rounds = 4, .per_round = 10000, .group = 1000, .pause_ms = 2000};
    for (int i = 1; i < argc; i++) {
        long *field = !strcmp(argv[i], "--idle")                ? &o->idle
                      : !strcmp(argv[i], "--rounds")            ? &o->rounds
                      : !strcmp(argv[i], "--per-round")         ? &o->per_round
                      : !strcmp(argv[i], "--group")             ? &o->group
                      : !strcmp(argv[i], "--pause-ms")          ? &o->pause_ms
                      : !strcmp(argv[i], "--handshake-seconds") ? &o->handshake_seconds
                                                                : NULL;
        if (!field || i + 1 >= argc)
            return false;
        char *end;
        *field = strtol(argv[++i], &end, 10);
        if (*end || *field < 0)
            return false;
    }
    return o->group > 0 && o->idle > 0;
}

int main(int argc, char **argv)
{
    bench_opts o;
    if (!parse_opts(argc, argv, &o)) {
        fprintf(stderr, "usage: bench_conns [--idle N] [--rounds R] [--per-round M] [--group G] "
                        "[--pause-ms P] [--handshake-seconds S]\n");
        return 2;
    }
    /* The daemon inherits this limit: every connection is a descriptor on both sides. */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    long need = (o.idle > o.group ? o.idle : o.group) + 64;
    char extra[256];
    snprintf(extra, sizeof extra,
             "max_connections = %ld\nmax_connections_per_address = %ld\nlog_level = error\n", need,
             need);
    test_server ts;
    if (!ts_start(&ts, extra)) {
        fprintf(stderr, "bench_conns: the daemon did not start\n");
        ts_cleanup(&ts);
        return 1;
    }
    printf("daemon     pid=%d   rss_kib=%ld\n", (int)ts.pid, rss_kib(ts.pid));
    bool ok = phase_handshakes(&ts, &o) && phase_idle(&ts, &o) && phase_flood(&ts, &o);
    ok = ts_stop(&ts) == 0 && ok;
    ts_cleanup(&ts);
    return ok ? 0 : 1;
}
