/* Load generator and benchmark against a real stagelijnd (started through the integration
 * harness on loopback, in a temporary data directory). It prints figures and never asserts
 * timing: the numbers depend on the machine, the ratios between them are what matter.
 *
 *   read_seq     one connection, sequential GetStudent calls: latency and requests/s
 *   read_pipe32  one connection, batches of 32 pipelined GetStudent frames
 *   write_cN     LogVisit (a durable write: fsync) from N concurrent connections, N = 1, 8, 32;
 *                writes/s(32) / writes/s(1) shows the group-commit effect
 *
 * Every phase is bounded by a number of requests and by a time limit. The exit status is 0
 * when the whole run worked (every request answered OK, every acknowledged write present in
 * the database, the daemon stopped cleanly), 1 otherwise, 2 for a usage error. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT

enum { PIPE_BATCH = 32, MAX_LEVELS = 3 };
static const int levels[MAX_LEVELS] = {1, 8, 32};

typedef struct {
    long reads;
    long writes; /* per concurrency level, shared among the connections */
    double max_seconds;
} bench_opts;

typedef struct {
    test_server ts;
    sl_client *admin;
    char coach_id[37], mentor_id[37], sup_id[37];
    char class_id[37], company_id[37], student_id[37], placement_id[37];
    char visit_date[11];
} world;

static world W;

/* ---------------------------------------------------------------- time and statistics */

static uint64_t now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000u + (uint64_t)t.tv_nsec / 1000u;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile of a sorted array; 0 for an empty one. */
static uint64_t pct(const uint64_t *sorted, size_t n, double p)
{
    if (n == 0)
        return 0;
    size_t rank = (size_t)(p * (double)n + 0.999999);
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return sorted[rank - 1];
}

static double rate(long n, uint64_t elapsed_us)
{
    return elapsed_us ? (double)n * 1e6 / (double)elapsed_us : 0.0;
}

/* ---------------------------------------------------------------- setup */

static sl_envelope *call_ok(sl_client *c, sl_envelope *req)
{
    return ts_call(c, req, SL_OK);
}

static bool make_class(const char *name, const char *mentor, char *id)
{
    Stagelijn__V1__CreateClassRequest cc = STAGELIJN__V1__CREATE_CLASS_REQUEST__INIT;
    cc.name = (char *)name;
    cc.school_year = 4;
    cc.mentor_id = (char *)mentor;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_CLASS;
    req.create_class = &cc;
    sl_envelope *rep = call_ok(W.admin, &req);
    if (!rep)
        return false;
    snprintf(id, 37, "%s", rep->school_class->id);
    sl_envelope_free(rep);
    return true;
}

static bool make_company(const char *name, char *id)
{
    Stagelijn__V1__Company c = STAGELIJN__V1__COMPANY__INIT;
    c.name = (char *)name;
    c.places = 2;
    c.supervision_capacity = 2;
    Stagelijn__V1__CreateCompanyRequest cc = STAGELIJN__V1__CREATE_COMPANY_REQUEST__INIT;
    cc.company = &c;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_COMPANY;
    req.create_company = &cc;
    sl_envelope *rep = call_ok(W.admin, &req);
    if (!rep)
        return false;
    snprintf(id, 37, "%s", rep->company->id);
    sl_envelope_free(rep);
    return true;
}

static bool make_student(const char *first, const char *class_id, char *id)
{
    Stagelijn__V1__Student s = STAGELIJN__V1__STUDENT__INIT;
    s.first_name = (char *)first;
    s.last_name = "Bench";
    s.class_id = (char *)class_id;
    s.date_of_birth = "2010-05-05";
    Stagelijn__V1__CreateStudentRequest cs = STAGELIJN__V1__CREATE_STUDENT_REQUEST__INIT;
    cs.student = &s;
    cs.username = "";
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_STUDENT;
    req.create_student = &cs;
    sl_envelope *rep = call_ok(W.admin, &req);
    if (!rep)
        return false;
    snprintf(id, 37, "%s", rep->create_student_reply->student->id);
    sl_envelope_free(rep);
    return true;
}

static bool make_placement(sl_client *coach)
{
    Stagelijn__V1__ScheduleDay day = STAGELIJN__V1__SCHEDULE_DAY__INIT;
    day.weekday = 1;
    day.start = "09:00";
    day.end = "14:00";
    day.break_minutes = 30;
    Stagelijn__V1__ScheduleDay *sched[1] = {&day};
    char start[11], end[11];
    ts_monday(-14, start);
    ts_date(90, end);
    Stagelijn__V1__Placement p = STAGELIJN__V1__PLACEMENT__INIT;
    p.student_id = W.student_id;
    p.company_id = W.company_id;
    p.supervisor_id = W.sup_id;
    p.kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR;
    p.start_date = start;
    p.end_date = end;
    p.n_schedule = 1;
    p.schedule = sched;
    Stagelijn__V1__CreatePlacementRequest cp = STAGELIJN__V1__CREATE_PLACEMENT_REQUEST__INIT;
    cp.placement = &p;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_PLACEMENT;
    req.create_placement = &cp;
    sl_envelope *rep = call_ok(coach, &req);
    if (!rep)
        return false;
    snprintf(W.placement_id, 37, "%s", rep->placement->id);
    sl_envelope_free(rep);
    /* Visits are logged on a placement that runs: signed and active. */
    return ts_activate_placement(coach, W.placement_id, TS_SIGN_PARENT_IF_ACCEPTED);
}

/* admin -> coach, mentor, class, company, supervisor, student; coach -> placement. */
static bool setup_world(void)
{
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, W.coach_id) ||
        !ts_create_user(W.admin, "mentor", 4, NULL, W.mentor_id) ||
        !make_class("Bench", W.mentor_id, W.class_id) || !make_company("Bench BV", W.company_id) ||
        !ts_create_user(W.admin, "supervisor", 5, W.company_id, W.sup_id) ||
        !make_student("Bea", W.class_id, W.student_id))
        return false;
    sl_client *coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    bool ok = coach && make_placement(coach);
    sl_client_close(coach);
    /* Yesterday: a visit is logged after it took place, whatever the time zones. */
    ts_date(-1, W.visit_date);
    return ok;
}

/* ---------------------------------------------------------------- requests */

static void get_student_req(sl_envelope *req, Stagelijn__V1__GetStudentRequest *g)
{
    stagelijn__v1__get_student_request__init(g);
    g->id = W.student_id;
    stagelijn__v1__envelope__init(req);
    req->body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_STUDENT;
    req->get_student = g;
}

typedef struct {
    Stagelijn__V1__Visit v;
    Stagelijn__V1__LogVisitRequest lv;
    char *present[1];
    sl_envelope req;
} visit_req;

static void log_visit_req(visit_req *r)
{
    stagelijn__v1__visit__init(&r->v);
    r->v.placement_id = W.placement_id;
    r->v.date = W.visit_date;
    r->present[0] = "coach";
    r->v.present = r->present;
    r->v.n_present = 1;
    r->v.notes = "bench visit";
    stagelijn__v1__log_visit_request__init(&r->lv);
    r->lv.visit = &r->v;
    stagelijn__v1__envelope__init(&r->req);
    r->req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOG_VISIT;
    r->req.log_visit = &r->lv;
}

/* One timed call; returns its status and records why it failed in err. */
static sl_status timed_call(sl_client *c, sl_envelope *req, uint64_t *lat_us, char *err,
                            size_t errlen)
{
    sl_envelope *rep = NULL;
    uint64_t t0 = now_us();
    sl_status st = sl_client_call(c, req, &rep, err, errlen);
    *lat_us = now_us() - t0;
    sl_envelope_free(rep);
    return st;
}

/* ---------------------------------------------------------------- phases */

static bool all_ok = true;

static void report_errors(const char *phase, long errors, const char *first)
{
    if (errors == 0)
        return;
    all_ok = false;
    fprintf(stderr, "bench: %s: %ld request(s) failed; first: %s\n", phase, errors, first);
}

static void print_latency(const char *phase, long n, double per_s, const char *unit, uint64_t *lat,
                          size_t nlat, long errors, bool timed_out)
{
    qsort(lat, nlat, sizeof lat[0], cmp_u64);
    printf("%-12s n=%-6ld %s=%-9.0f p50_us=%-6llu p95_us=%-6llu p99_us=%-6llu max_us=%-7llu "
           "errors=%ld%s\n",
           phase, n, unit, per_s, (unsigned long long)pct(lat, nlat, 0.50),
           (unsigned long long)pct(lat, nlat, 0.95), (unsigned long long)pct(lat, nlat, 0.99),
           (unsigned long long)pct(lat, nlat, 1.0), errors, timed_out ? "  (time limit)" : "");
    fflush(stdout);
}

static bool phase_read_seq_named(sl_client *c, const bench_opts *o, const char *name)
{
    uint64_t *lat = calloc((size_t)o->reads, sizeof *lat);
    if (!lat)
        return false;
    ENV(req);
    Stagelijn__V1__GetStudentRequest g;
    get_student_req(&req, &g);
    char err[256] = "", first[512] = "";
    uint64_t l;
    for (int i = 0; i < 20; i++) /* warm-up: caches, TLS buffers */
        (void)timed_call(c, &req, &l, err, sizeof err);
    long n = 0, errors = 0;
    uint64_t t0 = now_us(), deadline = t0 + (uint64_t)(o->max_seconds * 1e6);
    bool timed_out = false;
    while (n < o->reads) {
        if (now_us() >= deadline) {
            timed_out = true;
            break;
        }
        sl_status st = timed_call(c, &req, &lat[n], err, sizeof err);
        if (st != SL_OK && errors++ == 0)
            snprintf(first, sizeof first, "%s (%s)", sl_status_name(st), err);
        n++;
        if (st == SL_EIO || st == SL_EPROTO)
            break; /* the connection is gone */
    }
    uint64_t elapsed = now_us() - t0;
    print_latency(name, n, rate(n - errors, elapsed), "rps", lat, (size_t)n, errors, timed_out);
    report_errors(name, errors, first);
    free(lat);
    return errors == 0;
}

static bool phase_read_seq(sl_client *c, const bench_opts *o)
{
    return phase_read_seq_named(c, o, "read_seq");
}

/* Logins (a real scrypt each, at the daemon's default cost) from two other connections while
 * the reads run: the hashes run on worker threads, so read latency should barely move. */
typedef struct {
    volatile bool stop;
    long logins, failures;
} login_load;

static void *login_main(void *arg)
{
    login_load *l = arg;
    while (!l->stop) {
        sl_client *c = ts_login(&W.ts, "coach", TS_PASSWORD);
        if (c)
            l->logins++;
        else
            l->failures++;
        sl_client_close(c);
    }
    return NULL;
}

static bool phase_read_during_logins(sl_client *c, const bench_opts *o)
{
    login_load load[2] = {{0}};
    pthread_t t[2];
    int started = 0;
    for (int i = 0; i < 2; i++)
        if (pthread_create(&t[i], NULL, login_main, &load[i]) == 0)
            started++;
    usleep(200 * 1000); /* let the login stream start */
    uint64_t t0 = now_us();
    bool ok = phase_read_seq_named(c, o, "read_during_logins");
    double secs = (double)(now_us() - t0) / 1e6;
    for (int i = 0; i < started; i++) {
        load[i].stop = true;
        pthread_join(t[i], NULL);
    }
    long logins = load[0].logins + load[1].logins, failed = load[0].failures + load[1].failures;
    printf("logins       n=%ld   per_s=%.1f   failed=%ld   (scrypt N=2^15 on worker threads)\n",
           logins, secs > 0 ? (double)logins / secs : 0.0, failed);
    return ok && failed == 0;
}

/* Batches of PIPE_BATCH GetStudent frames written at once, then all replies read. The request
 * ids are far above those sl_client_call assigns on the same connection. */
static bool phase_read_pipelined(sl_client *c, const bench_opts *o)
{
    long nbatches = (o->reads + PIPE_BATCH - 1) / PIPE_BATCH;
    uint64_t *lat = calloc((size_t)nbatches, sizeof *lat);
    if (!lat)
        return false;
    ENV(req);
    Stagelijn__V1__GetStudentRequest g;
    get_student_req(&req, &g);
    uint64_t next_id = (uint64_t)1 << 40;
    long n = 0, errors = 0, b = 0;
    char first[512] = "";
    bool timed_out = false, broken = false;
    uint64_t t0 = now_us(), deadline = t0 + (uint64_t)(o->max_seconds * 1e6);
    while (b < nbatches && !broken) {
        if (now_us() >= deadline) {
            timed_out = true;
            break;
        }
        uint8_t *buf = NULL;
        size_t total = 0;
        uint64_t base = next_id;
        for (int i = 0; i < PIPE_BATCH; i++) {
            req.request_id = next_id++;
            size_t len = 0;
            uint8_t *f = sl_envelope_pack_frame(&req, SL_FRAME_DEFAULT_MAX, &len);
            uint8_t *grown = f ? realloc(buf, total + len) : NULL;
            if (!grown) {
                free(f);
                free(buf);
                free(lat);
                return false;
            }
            buf = grown;
            memcpy(buf + total, f, len);
            total += len;
            free(f);
        }
        uint64_t tb = now_us();
        sl_status st = sl_client_send_raw(c, buf, total);
        free(buf);
        if (st != SL_OK) {
            snprintf(first, sizeof first, "send: %s", sl_status_name(st));
            errors += PIPE_BATCH;
            break;
        }
        for (int i = 0; i < PIPE_BATCH; i++) {
            sl_envelope *env = NULL;
            st = sl_client_read_envelope(c, 20000, &env);
            if (st != SL_OK) {
                if (errors == 0)
                    snprintf(first, sizeof first, "read: %s", sl_status_name(st));
                errors += PIPE_BATCH - i;
                broken = true;
                break;
            }
            bool good = env->body_case == STAGELIJN__V1__ENVELOPE__BODY_STUDENT &&
                        env->request_id >= base && env->request_id < base + PIPE_BATCH;
            if (!good && errors++ == 0)
                snprintf(first, sizeof first, "reply %s to request id %llu",
                         sl_envelope_body_name(env), (unsigned long long)env->request_id);
            sl_envelope_free(env);
        }
        lat[b++] = now_us() - tb;
        n += PIPE_BATCH;
    }
    uint64_t elapsed = now_us() - t0;
    qsort(lat, (size_t)b, sizeof lat[0], cmp_u64);
    printf("%-12s n=%-6ld rps=%-9.0f batch=%d batch_p50_us=%llu batch_p99_us=%llu errors=%ld%s\n",
           "read_pipe32", n, rate(n - errors, elapsed), PIPE_BATCH,
           (unsigned long long)pct(lat, (size_t)b, 0.50),
           (unsigned long long)pct(lat, (size_t)b, 0.99), errors,
           timed_out ? "  (time limit)" : "");
    fflush(stdout);
    report_errors("read_pipe32", errors, first);
    free(lat);
    return errors == 0;
}

/* The writers start together when the main thread raises `go`. */
typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool go;
} start_gate;

typedef struct {
    sl_client *c;
    start_gate *gate;
    long quota;
    uint64_t limit_us;
    uint64_t *lat; /* quota entries */
    long done, ok, errors;
    char first_err[512];
} writer;

static void *writer_main(void *arg)
{
    writer *w = arg;
    visit_req r;
    log_visit_req(&r);
    char err[256];
    pthread_mutex_lock(&w->gate->mu);
    while (!w->gate->go)
        pthread_cond_wait(&w->gate->cv, &w->gate->mu);
    pthread_mutex_unlock(&w->gate->mu);
    uint64_t deadline = now_us() + w->limit_us;
    while (w->done < w->quota && now_us() < deadline) {
        sl_status st = timed_call(w->c, &r.req, &w->lat[w->done], err, sizeof err);
        w->done++;
        if (st == SL_OK) {
            w->ok++;
            continue;
        }
        if (w->errors++ == 0)
            snprintf(w->first_err, sizeof w->first_err, "%s (%s)", sl_status_name(st), err);
        if (st == SL_EIO || st == SL_EPROTO)
            break; /* the connection is gone */
    }
    return NULL;
}

static void gate_open(start_gate *g)
{
    pthread_mutex_lock(&g->mu);
    g->go = true;
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->mu);
}

/* Runs one concurrency level: `conc` connections (logged in before the clock starts), one
 * thread each, sharing o->writes LogVisit calls. Returns writes/s; adds to *acked. */
static double phase_write(int conc, const bench_opts *o, long *acked)
{
    char phase[32];
    snprintf(phase, sizeof phase, "write_c%d", conc);
    writer *ws = calloc((size_t)conc, sizeof *ws);
    pthread_t *th = calloc((size_t)conc, sizeof *th);
    uint64_t *lat = calloc((size_t)o->writes, sizeof *lat);
    start_gate gate = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false};
    double wps = 0;
    if (!ws || !th || !lat) {
        fprintf(stderr, "bench: %s: out of memory\n", phase);
        all_ok = false;
        goto out;
    }
    long off = 0;
    for (int i = 0; i < conc; i++) {
        writer *w = &ws[i];
        w->c = ts_login(&W.ts, "coach", TS_PASSWORD);
        if (!w->c) {
            fprintf(stderr, "bench: %s: login %d failed\n", phase, i + 1);
            all_ok = false;
            goto out;
        }
        w->quota = o->writes / conc + (i < o->writes % conc ? 1 : 0);
        w->lat = lat + off;
        off += w->quota;
        w->gate = &gate;
        w->limit_us = (uint64_t)(o->max_seconds * 1e6);
    }
    int started = 0;
    for (; started < conc; started++) {
        if (pthread_create(&th[started], NULL, writer_main, &ws[started]) != 0) {
            fprintf(stderr, "bench: %s: cannot start thread %d\n", phase, started + 1);
            for (int i = 0; i < started; i++)
                ws[i].quota = 0;
            break;
        }
    }
    uint64_t t0 = now_us();
    gate_open(&gate);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    uint64_t elapsed = now_us() - t0;
    if (started < conc) {
        all_ok = false;
        goto out;
    }
    /* Each writer's latencies sit in its own slice of `lat`: compact them. */
    size_t nlat = 0;
    long done = 0, ok = 0, errors = 0;
    bool timed_out = false;
    const char *first = "";
    for (int i = 0; i < conc; i++) {
        writer *w = &ws[i];
        memmove(lat + nlat, w->lat, (size_t)w->done * sizeof *lat);
        nlat += (size_t)w->done;
        done += w->done;
        ok += w->ok;
        if (w->errors && !errors)
            first = w->first_err;
        errors += w->errors;
        if (w->done < w->quota && w->errors == 0)
            timed_out = true;
    }
    wps = rate(ok, elapsed);
    print_latency(phase, done, wps, "wps", lat, nlat, errors, timed_out);
    report_errors(phase, errors, first);
    *acked += ok;
out:
    for (int i = 0; ws && i < conc; i++)
        sl_client_close(ws[i].c);
    free(ws);
    free(th);
    free(lat);
    return wps;
}

/* ---------------------------------------------------------------- main */

static void usage(FILE *f, const char *prog)
{
    fprintf(f,
            "usage: %s [--reads N] [--writes N] [--seconds S] [--quick]\n"
            "  --reads N    GetStudent calls per read phase (default 5000)\n"
            "  --writes N   LogVisit writes per concurrency level 1/8/32 (default 2000)\n"
            "  --seconds S  time limit per phase (default 20)\n"
            "  --quick      small numbers, for a smoke run (200 reads, 64 writes, 10 s)\n",
            prog);
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

int main(int argc, char **argv)
{
    bench_opts o = {.reads = 5000, .writes = 2000, .max_seconds = 20};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        long v = 0;
        if (strcmp(a, "--quick") == 0) {
            o.reads = 200;
            o.writes = 64;
            o.max_seconds = 10;
        } else if (strcmp(a, "--reads") == 0 && parse_long(argv[i + 1], 1, 10000000, &v)) {
            o.reads = v;
            i++;
        } else if (strcmp(a, "--writes") == 0 && parse_long(argv[i + 1], 1, 10000000, &v)) {
            o.writes = v;
            i++;
        } else if (strcmp(a, "--seconds") == 0 && parse_long(argv[i + 1], 1, 3600, &v)) {
            o.max_seconds = (double)v;
            i++;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout, argv[0]);
            return 0;
        } else {
            usage(stderr, argv[0]);
            return 2;
        }
    }
    signal(SIGPIPE, SIG_IGN);

    /* The daemon's default password cost, so logins cost what they cost in production. */
    if (!ts_start(&W.ts, "scrypt_log2_n = 15\n")) {
        fprintf(stderr, "bench: cannot start stagelijnd\n");
        ts_cleanup(&W.ts);
        return 1;
    }
    int rc = 1;
    sl_client *reader = NULL;
    if (!setup_world()) {
        fprintf(stderr, "bench: setup failed; see %s\n", W.ts.log);
        goto done;
    }
    printf("stagelijn bench: stagelijnd on 127.0.0.1:%d (TLS, loopback); reads=%ld, "
           "writes=%ld per level, at most %.0f s per phase\n",
           W.ts.port, o.reads, o.writes, o.max_seconds);
    fflush(stdout);

    reader = ts_login(&W.ts, "coach", TS_PASSWORD);
    if (!reader)
        goto done;
    if (!phase_read_seq(reader, &o) || !phase_read_pipelined(reader, &o) ||
        !phase_read_during_logins(reader, &o))
        all_ok = false;

    double wps[MAX_LEVELS] = {0};
    long acked = 0;
    for (int i = 0; i < MAX_LEVELS; i++)
        wps[i] = phase_write(levels[i], &o, &acked);
    printf("group_commit wps(c32)/wps(c1)=%.2f  wps(c8)/wps(c1)=%.2f\n",
           wps[0] > 0 ? wps[2] / wps[0] : 0.0, wps[0] > 0 ? wps[1] / wps[0] : 0.0);

    /* Every acknowledged write must be in the database (no timing involved). */
    long rows = ts_count_rows(&W.ts, "visits");
    printf("durability   acknowledged_writes=%ld visits_rows=%ld%s\n", acked, rows,
           rows == acked ? "" : "  MISMATCH");
    if (rows != acked)
        all_ok = false;
    printf("machine: nproc=%ld; absolute numbers depend on the machine and its disk (fsync), "
           "the ratios matter more\n",
           sysconf(_SC_NPROCESSORS_ONLN));
    rc = all_ok ? 0 : 1;
done:
    sl_client_close(reader);
    sl_client_close(W.admin);
    if (ts_stop(&W.ts) != 0)
        rc = 1;
    ts_cleanup(&W.ts);
    return rc;
}
