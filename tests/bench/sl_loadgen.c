/* sl_loadgen: a load generator for Stagelijn and, with the same engine, for its peers (Redis
 * over TLS, Mosquitto over TLS), so that deploy/peer-bench.sh can print ratios measured in one
 * run. Loopback only; every load is bounded by a count and a time limit and stops by itself.
 *
 *   sl_loadgen setup      --port P --ca CA --admin-password-file F [--one-time] --school-file S
 *   sl_loadgen requests   --target stagelijn|redis ...   request/reply: req/s and latency
 *   sl_loadgen fanout     --target stagelijn|mosquitto   time from an event's cause to the
 *                                                       last of N subscribers
 *   sl_loadgen handshakes --target any                   new (or resumed) TLS connections/s
 *   sl_loadgen idle       --target any --server-pid P    server memory per idle connection
 *   sl_loadgen tls-inproc --ca CA --cert C --key K       OpenSSL's own handshake cost (server
 *                                                       side), without sockets
 *   sl_loadgen smoke      starts a stagelijnd from the build tree and runs each mode briefly
 *
 * Results are "result key=value ..." lines on stdout. Exit status: 0 when the run worked, 1
 * when it did not (a connection failed, a request was refused), 2 for a usage error. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "lg_scenarios.h"

typedef struct {
    const char *mode;
    lg_opts o;
    const char *school_file, *admin_pw_file;
    const char *cert_file, *key_file; /* tls-inproc: the server's */
    bool one_time;
} cli;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: sl_loadgen MODE [options]\n"
            "modes: setup, requests, fanout, handshakes, idle, tls-inproc, smoke\n"
            "  --target T              stagelijn (default), redis, mosquitto or tls\n"
            "  --port P --ca FILE      the server on 127.0.0.1:P and the CA that signed it\n"
            "  --school-file F         Stagelijn: the school made by 'setup' (tokens, ids)\n"
            "  --admin-password-file F setup: the admin's password (first line)\n"
            "  --one-time              setup: that password is the daemon's one-time one\n"
            "  --op read|write|mixed   requests: GetStudent / LogVisit (GET / SET)\n"
            "  --write-pct N           mixed: percent writes (default 20)\n"
            "  --conns N               connections, subscribers or parallel handshakes\n"
            "  --pipeline N            requests in flight per connection (1..%d)\n"
            "  --writers N             requests: extra connections writing during reads\n"
            "  --requests N            at most N requests, events or handshakes\n"
            "  --seconds S             and at most S seconds of load\n"
            "  --resume                handshakes: offer the server's session ticket\n"
            "  --cert F --key F        tls-inproc: the server certificate chain and key\n"
            "  --server-pid PID        report the server's CPU per request and its memory\n"
            "  --label L               the result line's work=L\n",
            LG_RING / 2);
}

static bool parse_long(const char *s, long lo, long hi, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || errno || end == s || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static bool parse_target(const char *s, lg_opts *o)
{
    static const struct {
        const char *name;
        lg_proto proto;
    } t[] = {
        {"stagelijn", LG_STAGELIJN}, {"redis", LG_RESP}, {"mosquitto", LG_MQTT}, {"tls", LG_TLS}};
    for (size_t i = 0; s && i < sizeof t / sizeof t[0]; i++)
        if (strcmp(s, t[i].name) == 0) {
            o->target = t[i].name;
            o->proto = t[i].proto;
            return true;
        }
    return false;
}

static bool parse_op(const char *s, lg_op *op)
{
    static const char *names[] = {"read", "write", "mixed"};
    for (int i = 0; s && i < 3; i++)
        if (strcmp(s, names[i]) == 0) {
            *op = (lg_op)i;
            return true;
        }
    return false;
}

/* A numeric option: stores into *out and consumes the value. */
static bool num_opt(char **argv, int *i, long lo, long hi, long *out)
{
    if (!parse_long(argv[*i + 1], lo, hi, out))
        return false;
    (*i)++;
    return true;
}

static bool parse_one(cli *c, char **argv, int *i)
{
    const char *a = argv[*i], *v = argv[*i + 1];
    lg_opts *o = &c->o;
    long n = 0;
    bool ok = true;
    if (strcmp(a, "--one-time") == 0)
        c->one_time = true;
    else if (strcmp(a, "--resume") == 0)
        o->resume = true;
    else if (!v)
        return false;
    else if (strcmp(a, "--target") == 0)
        ok = parse_target(v, o) && ++*i;
    else if (strcmp(a, "--op") == 0)
        ok = parse_op(v, &o->op) && ++*i;
    else if (strcmp(a, "--ca") == 0)
        o->ca = argv[++*i];
    else if (strcmp(a, "--school-file") == 0)
        c->school_file = argv[++*i];
    else if (strcmp(a, "--admin-password-file") == 0)
        c->admin_pw_file = argv[++*i];
    else if (strcmp(a, "--cert") == 0)
        c->cert_file = argv[++*i];
    else if (strcmp(a, "--key") == 0)
        c->key_file = argv[++*i];
    else if (strcmp(a, "--label") == 0)
        o->label = argv[++*i];
    else if (strcmp(a, "--port") == 0 && (ok = num_opt(argv, i, 1, 65535, &n)))
        o->port = (int)n;
    else if (strcmp(a, "--write-pct") == 0 && (ok = num_opt(argv, i, 0, 100, &n)))
        o->write_pct = (int)n;
    else if (strcmp(a, "--conns") == 0 && (ok = num_opt(argv, i, 1, 100000, &n)))
        o->conns = (int)n;
    else if (strcmp(a, "--pipeline") == 0 && (ok = num_opt(argv, i, 1, LG_RING / 2, &n)))
        o->pipeline = (int)n;
    else if (strcmp(a, "--writers") == 0 && (ok = num_opt(argv, i, 0, 100000, &n)))
        o->writers = (int)n;
    else if (strcmp(a, "--requests") == 0 && (ok = num_opt(argv, i, 1, 100000000, &n)))
        o->requests = n;
    else if (strcmp(a, "--seconds") == 0 && (ok = num_opt(argv, i, 1, 3600, &n)))
        o->seconds = (double)n;
    else if (strcmp(a, "--server-pid") == 0 && (ok = num_opt(argv, i, 1, 1L << 30, &n)))
        o->server_pid = (pid_t)n;
    else
        return false;
    return ok;
}

static bool parse_cli(int argc, char **argv, cli *c)
{
    if (argc < 2)
        return false;
    c->mode = argv[1];
    c->o = (lg_opts){.target = "stagelijn",
                     .proto = LG_STAGELIJN,
                     .write_pct = 20,
                     .conns = 1,
                     .pipeline = 1,
                     .requests = 10000,
                     .seconds = 30,
                     .label = argv[1]};
    for (int i = 2; i < argc; i++)
        if (!parse_one(c, argv, &i)) {
            fprintf(stderr, "sl_loadgen: bad or incomplete option: %s\n", argv[i]);
            return false;
        }
    return true;
}

static int run_setup(const cli *c)
{
    char pw[256] = "", err[512] = "";
    FILE *f = c->admin_pw_file ? fopen(c->admin_pw_file, "r") : NULL;
    if (!f || !fgets(pw, sizeof pw, f) || !c->o.ca || !c->o.port || !c->school_file) {
        if (f)
            fclose(f);
        fprintf(stderr, "sl_loadgen setup: needs --port, --ca, a readable "
                        "--admin-password-file and --school-file\n");
        return 2;
    }
    fclose(f);
    pw[strcspn(pw, "\r\n")] = '\0';
    lg_school s;
    if (!lg_school_setup(&s, c->o.port, c->o.ca, pw, c->one_time, err, sizeof err) ||
        !lg_school_save(&s, c->school_file, err, sizeof err)) {
        fprintf(stderr, "sl_loadgen setup: %s\n", err);
        return 1;
    }
    printf("school ready: student %s, placement %s -> %s\n", s.student_id, s.placement_id,
           c->school_file);
    return 0;
}

static int run_mode(cli *c)
{
    lg_school school;
    char err[512];
    if ((!c->o.port && strcmp(c->mode, "tls-inproc") != 0) || !c->o.ca) {
        fprintf(stderr, "sl_loadgen %s: needs --port and --ca\n", c->mode);
        return 2;
    }
    if (c->o.proto == LG_STAGELIJN && strcmp(c->mode, "handshakes") != 0) {
        if (!c->school_file || !lg_school_load(&school, c->school_file, err, sizeof err)) {
            fprintf(stderr, "sl_loadgen %s: %s\n", c->mode,
                    c->school_file ? err : "Stagelijn needs --school-file (see 'setup')");
            return 2;
        }
        c->o.school = &school;
    }
    lg_figures f = {0};
    bool ok;
    if (strcmp(c->mode, "requests") == 0 && c->o.proto != LG_MQTT && c->o.proto != LG_TLS)
        ok = lg_run_requests(&c->o, &f);
    else if (strcmp(c->mode, "fanout") == 0 &&
             (c->o.proto == LG_STAGELIJN || c->o.proto == LG_MQTT))
        ok = lg_run_fanout(&c->o, &f);
    else if (strcmp(c->mode, "handshakes") == 0)
        ok = lg_run_handshakes(&c->o, &f);
    else if (strcmp(c->mode, "idle") == 0)
        ok = lg_run_idle(&c->o, &f);
    else if (strcmp(c->mode, "tls-inproc") == 0 && c->cert_file && c->key_file)
        ok = lg_run_tls_inproc(&c->o, c->cert_file, c->key_file, &f);
    else {
        fprintf(stderr, "sl_loadgen: mode %s does not apply to target %s\n", c->mode, c->o.target);
        return 2;
    }
    return ok ? 0 : 1;
}

/* ---------------------------------------------------------------- smoke */

/* One short run of a mode; true when it worked and measured something. */
static bool smoke_step(const char *what, bool ran, const lg_figures *f)
{
    bool ok = ran && f->n > 0 && f->errors == 0;
    if (!ok)
        fprintf(stderr, "smoke: %s: %s (n=%ld errors=%ld)\n", what, ran ? "no figures" : "failed",
                f->n, f->errors);
    return ok;
}

static bool smoke_requests(lg_opts base, long *acked)
{
    static const struct {
        const char *label;
        lg_op op;
        int conns, pipeline, writers;
        long requests;
    } runs[] = {{"read_p4", OP_READ, 2, 4, 0, 200},
                {"write_p2", OP_WRITE, 2, 2, 0, 40},
                {"mixed_p4", OP_MIXED, 2, 4, 0, 100},
                {"read_under_writes", OP_READ, 1, 1, 2, 100}};
    bool ok = true;
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        lg_opts o = base;
        o.label = runs[i].label;
        o.op = runs[i].op;
        o.conns = runs[i].conns;
        o.pipeline = runs[i].pipeline;
        o.writers = runs[i].writers;
        o.requests = runs[i].requests;
        lg_figures f = {0};
        bool ran = lg_run_requests(&o, &f);
        ok = smoke_step(o.label, ran, &f) && f.per_s > 0 && f.p50_us > 0 && ok;
        *acked += f.acked_writes;
    }
    return ok;
}

static bool smoke_others(lg_opts base, const char *tls_dir)
{
    lg_figures f = {0};
    lg_opts o = base;
    o.label = "fanout";
    o.conns = 20;
    o.requests = 3;
    bool ok = smoke_step("fanout", lg_run_fanout(&o, &f), &f) && f.max_us > 0;
    o = base;
    o.label = "handshakes";
    o.conns = 2;
    o.requests = 100;
    o.seconds = 1;
    f = (lg_figures){0};
    ok = smoke_step("handshakes", lg_run_handshakes(&o, &f), &f) && f.per_s > 0 && ok;
    o.resume = true;
    o.label = "handshakes_resume";
    f = (lg_figures){0};
    ok = smoke_step("handshakes --resume", lg_run_handshakes(&o, &f), &f) && ok;
    o = base;
    o.label = "tls_inproc";
    o.requests = 20;
    char cert[320], key[320];
    snprintf(cert, sizeof cert, "%.280s/server.pem", tls_dir);
    snprintf(key, sizeof key, "%.280s/server.key", tls_dir);
    f = (lg_figures){0};
    ok = smoke_step("tls-inproc", lg_run_tls_inproc(&o, cert, key, &f), &f) && f.per_s > 0 && ok;
    o = base;
    o.label = "idle";
    o.conns = 20;
    f = (lg_figures){0};
    ok = smoke_step("idle", lg_run_idle(&o, &f), &f) && ok;
    return ok;
}

static int run_smoke(void)
{
    test_server ts;
    if (!ts_start(&ts, "max_connections = 200\n")) {
        fprintf(stderr, "smoke: cannot start stagelijnd\n");
        ts_cleanup(&ts);
        return 1;
    }
    lg_school school;
    char err[512];
    bool ok = lg_school_setup(&school, ts.port, ts.ca, TS_ADMIN_PASSWORD, false, err, sizeof err);
    if (!ok)
        fprintf(stderr, "smoke: setup: %s\n", err);
    lg_opts base = {.proto = LG_STAGELIJN,
                    .target = "stagelijn",
                    .port = ts.port,
                    .ca = ts.ca,
                    .school = &school,
                    .server_pid = ts.pid,
                    .write_pct = 20,
                    .seconds = 20};
    long acked = 0;
    ok = ok && smoke_requests(base, &acked);
    char tls_dir[300];
    snprintf(tls_dir, sizeof tls_dir, "%.280s/tls", ts.dir);
    ok = ok && smoke_others(base, tls_dir);
    /* Every acknowledged LogVisit must be in the database. */
    long rows = ts_count_rows(&ts, "visits");
    if (ok && rows != acked) {
        fprintf(stderr, "smoke: %ld writes acknowledged, %ld visits stored\n", acked, rows);
        ok = false;
    }
    if (ts_stop(&ts) != 0)
        ok = false;
    ts_cleanup(&ts);
    printf("smoke: %s\n", ok ? "every mode produced figures" : "FAILED");
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    cli c = {0};
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    if (!parse_cli(argc, argv, &c)) {
        usage(stderr);
        return 2;
    }
    /* 10,000 connections need as many descriptors. */
    lg_raise_fd_limit((long)c.o.conns + c.o.writers + 64);
    if (strcmp(c.mode, "smoke") == 0)
        return run_smoke();
    if (strcmp(c.mode, "setup") == 0)
        return run_setup(&c);
    return run_mode(&c);
}
