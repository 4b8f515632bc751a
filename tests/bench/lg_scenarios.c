#include "lg_scenarios.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

enum {
    PHASE_SETUP = 0,
    PHASE_READY = 1,
    PHASE_TICKET_WAIT = 2,
    FIRST_LOAD_ID = 100,     /* above the set-up requests' ids */
    OPEN_PARALLEL = 64,      /* handshakes under way at once while opening */
    OPEN_LIMIT_S = 120,      /* for opening 10,000 connections on a busy machine */
    EVENT_WAIT_S = 30,       /* for one event to reach every subscriber */
    DRAIN_S = 10,            /* for answers still in flight when the load stops */
    MQTT_PAYLOAD_BYTES = 200 /* about a Stagelijn event's size */
};

static const char SL_EVENT_TOPIC[] = "dropout";
static const char MQTT_TOPIC[] = "stagelijn/bench/dropout";
static const char REDIS_READ_KEY[] = "bench:student";

/* Counts an error and keeps the first one's description: prefix and what. */
static void note(char *first, size_t n, long *errors, const char *prefix, const char *what)
{
    if ((*errors)++ == 0)
        snprintf(first, n, "%s%s", prefix, what);
}

static lg_net *make_net(const lg_opts *o, const lg_handlers *h, void *user)
{
    char err[256];
    lg_net *n = lg_net_new(o->proto, o->port, o->ca, h, user, err, sizeof err);
    if (!n)
        fprintf(stderr, "loadgen: %s\n", err);
    return n;
}

static double us_per(long long cpu0, long long cpu1, long n)
{
    return cpu0 >= 0 && cpu1 >= 0 && n > 0 ? (double)(cpu1 - cpu0) / (double)n : -1.0;
}

/* Decodes a Stagelijn frame; NULL (and a note) when it is not an Envelope. */
static sl_envelope *sl_decode(const uint8_t *msg, size_t len)
{
    return sl_envelope_decode(msg + SL_FRAME_HEADER_LEN, len - SL_FRAME_HEADER_LEN);
}

/* A set-up reply: counts the connection ready after its last one. Returns false when the
 * connection was closed for a refusal. */
static bool setup_step(lg_conn *c, lg_opening *op, const uint8_t *msg, size_t len, int kind,
                       uint64_t *last_seq)
{
    if (!lg_session_reply(c, msg, len, kind, last_seq)) {
        c->failed = true;
        lg_conn_close(c);
        lg_opening_failed(op, c);
        return false;
    }
    if (--c->inflight == 0) {
        c->phase = PHASE_READY;
        op->ready++;
    }
    return true;
}

/* Starts the session on a new connection; false when it was closed for want of memory. */
static bool setup_begin(lg_conn *c, const lg_opts *o, lg_opening *op, const char *topic,
                        uint64_t after_seq)
{
    int replies = lg_session_start(c, o, topic, after_seq);
    if (replies < 0) {
        snprintf(c->why, sizeof c->why, "out of memory");
        c->failed = true;
        lg_conn_close(c);
        lg_opening_failed(op, c);
        return false;
    }
    c->inflight = replies;
    c->phase = replies ? PHASE_SETUP : PHASE_READY;
    if (!replies)
        op->ready++;
    lg_conn_flush(c);
    return true;
}

/* ================================================================ request/reply */

typedef struct {
    const lg_opts *o;
    lg_opening open;
    lg_conn *conns;
    bool measuring, stopping;
    uint64_t deadline;
    long sent, answered, load_inflight, writer_answered, acked_writes, errors;
    lg_lat lat;
    char first_err[512];
    char value[256];
} rr_state;

static bool is_writer(const rr_state *s, const lg_conn *c)
{
    return c->index >= s->o->conns;
}

static lg_op op_of(const rr_state *s, const lg_conn *c, uint64_t id)
{
    if (is_writer(s, c))
        return OP_WRITE;
    if (s->o->op != OP_MIXED)
        return s->o->op;
    /* A fixed scatter, so that a run is repeatable. */
    return (id * 2654435761u + (uint64_t)c->index * 40503u) % 100 < (uint64_t)s->o->write_pct
               ? OP_WRITE
               : OP_READ;
}

static bool encode(rr_state *s, lg_conn *c, uint64_t id, lg_op op)
{
    const lg_school *sc = s->o->school;
    char key[64];
    if (s->o->proto == LG_STAGELIJN)
        return op == OP_READ ? lg_sl_get_student(&c->out, id, sc->student_id)
                             : lg_sl_log_visit(&c->out, id, sc->placement_id, sc->visit_date);
    if (op == OP_READ)
        return lg_resp_get(&c->out, REDIS_READ_KEY);
    /* A bounded key space: Redis keeps every key in memory, and a run is 2 million writes. */
    snprintf(key, sizeof key, "bench:visit:%d:%llu", c->index, (unsigned long long)(id % 4096));
    return lg_resp_set(&c->out, key, s->value, 96);
}

static void send_one(rr_state *s, lg_conn *c)
{
    uint64_t id = c->next_id++;
    if (!encode(s, c, id, op_of(s, c, id))) {
        note(s->first_err, sizeof s->first_err, &s->errors, "", "out of memory");
        return;
    }
    c->sent_us[id % LG_RING] = lg_now_us();
    c->inflight++;
    if (!is_writer(s, c)) {
        s->sent++;
        s->load_inflight++;
    }
}

static bool may_send(const rr_state *s, const lg_conn *c)
{
    if (!s->measuring || s->stopping)
        return false;
    return is_writer(s, c) || (s->sent < s->o->requests && lg_now_us() < s->deadline);
}

/* The request id a reply answers and whether it is a refusal; false when it is no reply. */
static bool reply_of(rr_state *s, lg_conn *c, const uint8_t *msg, size_t len, int kind,
                     uint64_t *id, bool *refused)
{
    if (s->o->proto != LG_STAGELIJN) {
        *id = c->events++; /* RESP answers in order */
        *refused = kind == 1;
        if (*refused) {
            char text[160];
            snprintf(text, sizeof text, "%.*s", (int)(len < sizeof text ? len : sizeof text - 1),
                     (const char *)msg);
            note(s->first_err, sizeof s->first_err, &s->errors, "Redis: ", text);
        }
        return true;
    }
    sl_envelope *env = sl_decode(msg, len);
    if (!env) {
        note(s->first_err, sizeof s->first_err, &s->errors, "", "undecodable frame");
        return false;
    }
    *id = env->request_id;
    *refused = env->body_case == STAGELIJN__V1__ENVELOPE__BODY_ERROR;
    if (*refused)
        note(s->first_err, sizeof s->first_err, &s->errors,
             "server error: ", env->error->message ? env->error->message : "");
    sl_envelope_free(env);
    return *id != 0; /* 0: a push or a connection-level error */
}

static void rr_message(lg_conn *c, const uint8_t *msg, size_t len, int kind)
{
    rr_state *s = lg_net_user(c->net);
    if (c->phase == PHASE_SETUP) {
        if (setup_step(c, &s->open, msg, len, kind, NULL) && c->phase == PHASE_READY &&
            s->o->proto == LG_RESP)
            c->events = c->next_id = FIRST_LOAD_ID;
        return;
    }
    uint64_t id = 0;
    bool refused = false;
    if (!reply_of(s, c, msg, len, kind, &id, &refused) || c->inflight == 0)
        return;
    uint64_t lat = lg_now_us() - c->sent_us[id % LG_RING];
    c->inflight--;
    if (is_writer(s, c)) {
        s->writer_answered++;
    } else {
        s->load_inflight--;
        s->answered++;
        lg_lat_add(&s->lat, lat);
    }
    if (!refused && op_of(s, c, id) == OP_WRITE)
        s->acked_writes++;
    if (may_send(s, c))
        send_one(s, c);
}

static void rr_open(lg_conn *c)
{
    rr_state *s = lg_net_user(c->net);
    c->sent_us = calloc(LG_RING, sizeof *c->sent_us);
    c->next_id = c->events = FIRST_LOAD_ID;
    if (!c->sent_us) {
        snprintf(c->why, sizeof c->why, "out of memory");
        c->failed = true;
        lg_conn_close(c);
        lg_opening_failed(&s->open, c);
        return;
    }
    /* Redis: the first connection stores the value the reads fetch (about a student's size). */
    if (s->o->proto == LG_RESP && c->index == 0) {
        c->next_id = c->events = 1;
        c->inflight = 1;
        c->phase = PHASE_SETUP;
        if (lg_resp_set(&c->out, REDIS_READ_KEY, s->value, sizeof s->value))
            lg_conn_flush(c);
        return;
    }
    setup_begin(c, s->o, &s->open, NULL, 0);
}

static void rr_fail(lg_conn *c)
{
    rr_state *s = lg_net_user(c->net);
    if (c->phase == PHASE_SETUP) {
        lg_opening_failed(&s->open, c);
        return;
    }
    char why[300];
    snprintf(why, sizeof why, "connection %d: %s", c->index, c->why);
    note(s->first_err, sizeof s->first_err, &s->errors, "", why);
    if (!is_writer(s, c))
        s->load_inflight -= c->inflight;
    s->errors += c->inflight;
    c->inflight = 0;
}

static void rr_print(rr_state *s, uint64_t elapsed, long long cpu0, long long cpu1, lg_figures *f)
{
    const lg_opts *o = s->o;
    static const char *ops[] = {"read", "write", "mixed"};
    f->n = s->answered;
    f->errors = s->errors;
    f->per_s = elapsed ? (double)(s->answered) * 1e6 / (double)elapsed : 0;
    f->p50_us = lg_lat_pct(&s->lat, 0.50);
    f->p99_us = lg_lat_pct(&s->lat, 0.99);
    f->max_us = lg_lat_pct(&s->lat, 1.0);
    f->acked_writes = s->acked_writes;
    printf("result work=%s target=%s op=%s conns=%d pipeline=%d writers=%d n=%ld errors=%ld "
           "rps=%.0f p50_us=%llu p99_us=%llu max_us=%llu writer_answers=%ld "
           "cpu_us_per_req=%.1f%s\n",
           o->label, o->target, ops[o->op], o->conns, o->pipeline, o->writers, s->answered,
           s->errors, f->per_s, (unsigned long long)f->p50_us, (unsigned long long)f->p99_us,
           (unsigned long long)f->max_us, s->writer_answered,
           us_per(cpu0, cpu1, s->answered + s->writer_answered),
           lg_now_us() > s->deadline ? " time_limit=yes" : "");
    fflush(stdout);
}

static void rr_kick(rr_state *s)
{
    int total = s->o->conns + s->o->writers;
    for (int i = 0; i < total; i++) {
        lg_conn *c = &s->conns[i];
        int depth = is_writer(s, c) ? 1 : s->o->pipeline;
        for (int k = 0; k < depth && c->state == LG_OPEN && may_send(s, c); k++)
            send_one(s, c);
        lg_conn_flush(c);
    }
}

/* Polls until the load's requests are answered, then lets the writers' last ones drain. */
static void rr_drive(rr_state *s, lg_net *n)
{
    uint64_t hard = s->deadline + (uint64_t)DRAIN_S * 1000000u;
    while (lg_now_us() < hard) {
        if (!s->stopping && (s->sent >= s->o->requests || lg_now_us() >= s->deadline))
            s->stopping = true;
        if (s->stopping && s->load_inflight <= 0)
            break;
        if (!lg_net_poll(n, 10))
            break;
    }
}

static void rr_drain_writers(rr_state *s, lg_net *n)
{
    uint64_t hard = lg_now_us() + (uint64_t)DRAIN_S * 1000000u;
    int total = s->o->conns + s->o->writers;
    for (bool busy = true; busy && lg_now_us() < hard;) {
        busy = false;
        for (int i = s->o->conns; i < total; i++)
            busy = busy || (s->conns[i].state == LG_OPEN && s->conns[i].inflight > 0);
        if (busy)
            lg_net_poll(n, 10);
    }
}

bool lg_run_requests(const lg_opts *o, lg_figures *f)
{
    rr_state s = {.o = o};
    memset(s.value, 'v', sizeof s.value);
    int total = o->conns + o->writers;
    s.open.total = total;
    lg_handlers h = {.on_open = rr_open, .on_message = rr_message, .on_fail = rr_fail};
    lg_net *n = make_net(o, &h, &s);
    s.conns = calloc((size_t)total, sizeof *s.conns);
    bool ok = n && s.conns && lg_lat_init(&s.lat, (size_t)o->requests);
    if (ok && !lg_open_all(n, s.conns, &s.open, OPEN_PARALLEL, OPEN_LIMIT_S)) {
        fprintf(stderr, "loadgen: %s: %d connection(s) failed; first: %s\n", o->label,
                s.open.failed, s.open.first_failure);
        ok = false;
    }
    if (ok) {
        long long cpu0 = o->server_pid ? lg_proc_cpu_us(o->server_pid) : -1;
        uint64_t t0 = lg_now_us();
        s.deadline = t0 + (uint64_t)(o->seconds * 1e6);
        s.measuring = true;
        rr_kick(&s);
        rr_drive(&s, n);
        uint64_t elapsed = lg_now_us() - t0;
        long long cpu1 = o->server_pid ? lg_proc_cpu_us(o->server_pid) : -1;
        rr_drain_writers(&s, n);
        rr_print(&s, elapsed, cpu0, cpu1, f);
        if (s.errors)
            fprintf(stderr, "loadgen: %s: %ld error(s); first: %s\n", o->label, s.errors,
                    s.first_err);
        ok = s.errors == 0 && s.answered > 0;
    }
    for (int i = 0; s.conns && i < total; i++)
        lg_conn_close(&s.conns[i]);
    free(s.conns);
    lg_lat_free(&s.lat);
    lg_net_free(n);
    return ok;
}

/* ================================================================ fan-out */

typedef struct {
    const lg_opts *o;
    lg_opening open;
    lg_conn *subs;
    lg_conn pub;
    int nevents;
    uint64_t *t0, *first, *last;
    int *arrived;
    uint64_t last_seq;
    long errors;
    char first_err[512];
    char (*placements)[37];
    lg_lat write_lat;
} fan_state;

static bool is_pub(const fan_state *s, const lg_conn *c)
{
    return c == &s->pub;
}

static void fan_arrival(fan_state *s, lg_conn *c)
{
    uint64_t idx = c->events++;
    if (idx >= (uint64_t)s->nevents)
        return;
    uint64_t now = lg_now_us();
    if (s->arrived[idx]++ == 0)
        s->first[idx] = now;
    s->last[idx] = now;
}

static void fan_pub_reply(fan_state *s, const uint8_t *msg, size_t len)
{
    sl_envelope *env = sl_decode(msg, len);
    if (!env) {
        note(s->first_err, sizeof s->first_err, &s->errors, "", "undecodable frame");
        return;
    }
    if (env->body_case == STAGELIJN__V1__ENVELOPE__BODY_ERROR)
        note(s->first_err, sizeof s->first_err, &s->errors,
             "ReportDropout refused: ", env->error->message ? env->error->message : "");
    else if (env->request_id >= FIRST_LOAD_ID &&
             env->request_id < FIRST_LOAD_ID + (uint64_t)s->nevents)
        lg_lat_add(&s->write_lat, lg_now_us() - s->t0[env->request_id - FIRST_LOAD_ID]);
    sl_envelope_free(env);
}

static void fan_message(lg_conn *c, const uint8_t *msg, size_t len, int kind)
{
    fan_state *s = lg_net_user(c->net);
    if (c->phase == PHASE_SETUP) {
        setup_step(c, &s->open, msg, len, kind, is_pub(s, c) ? &s->last_seq : NULL);
        return;
    }
    if (is_pub(s, c)) {
        if (s->o->proto == LG_STAGELIJN)
            fan_pub_reply(s, msg, len);
        return;
    }
    if (s->o->proto == LG_MQTT) {
        if (kind == LG_MQTT_PUBLISH)
            fan_arrival(s, c);
        return;
    }
    sl_envelope *env = sl_decode(msg, len);
    if (env && env->body_case == STAGELIJN__V1__ENVELOPE__BODY_EVENT)
        fan_arrival(s, c);
    else if (env && env->body_case == STAGELIJN__V1__ENVELOPE__BODY_ERROR)
        note(s->first_err, sizeof s->first_err, &s->errors,
             "subscriber got: ", env->error->message ? env->error->message : "");
    sl_envelope_free(env);
}

static void fan_open(lg_conn *c)
{
    fan_state *s = lg_net_user(c->net);
    const char *topic = s->o->proto == LG_MQTT ? MQTT_TOPIC : SL_EVENT_TOPIC;
    if (is_pub(s, c)) /* MQTT: no subscription; Stagelijn: learns the newest event's number */
        setup_begin(c, s->o, &s->open, s->o->proto == LG_MQTT ? NULL : "bench-probe", 0);
    else
        setup_begin(c, s->o, &s->open, topic, s->last_seq);
}

static void fan_fail(lg_conn *c)
{
    fan_state *s = lg_net_user(c->net);
    if (c->phase == PHASE_SETUP) {
        lg_opening_failed(&s->open, c);
        return;
    }
    char why[300];
    snprintf(why, sizeof why, "%s %d: %s", is_pub(s, c) ? "publisher" : "subscriber", c->index,
             c->why);
    note(s->first_err, sizeof s->first_err, &s->errors, "", why);
}

static bool fan_raise(fan_state *s, int e)
{
    lg_conn *p = &s->pub;
    char payload[MQTT_PAYLOAD_BYTES];
    bool ok;
    if (s->o->proto == LG_MQTT) {
        memset(payload, 'e', sizeof payload);
        snprintf(payload, sizeof payload, "event %d", e);
        ok = lg_mqtt_publish(&p->out, MQTT_TOPIC, payload, sizeof payload);
    } else {
        ok = lg_sl_report_dropout(&p->out, FIRST_LOAD_ID + (uint64_t)e, s->placements[e],
                                  s->o->school->today);
    }
    s->t0[e] = lg_now_us();
    lg_conn_flush(p);
    return ok && p->state == LG_OPEN;
}

/* Opens the publisher, then the subscribers (which start after the newest event). */
static bool fan_connect(fan_state *s, lg_net *n)
{
    s->open.total = 1;
    lg_opening *op = &s->open;
    if (!lg_conn_open(n, &s->pub, s->o->conns))
        lg_opening_failed(op, &s->pub);
    uint64_t deadline = lg_now_us() + 30000000u;
    while (op->ready + op->failed < 1 && lg_now_us() < deadline)
        lg_net_poll(n, 10);
    if (op->ready != 1) {
        fprintf(stderr, "loadgen: fanout: publisher: %s\n",
                op->failed ? op->first_failure : "no set-up within 30 s");
        return false;
    }
    *op = (lg_opening){.total = s->o->conns};
    if (!lg_open_all(n, s->subs, op, OPEN_PARALLEL, OPEN_LIMIT_S)) {
        fprintf(stderr, "loadgen: fanout: %d subscriber(s) failed; first: %s\n", op->failed,
                op->first_failure);
        return false;
    }
    return true;
}

static void fan_measure(fan_state *s, lg_net *n)
{
    uint64_t deadline = lg_now_us() + (uint64_t)(s->o->seconds * 1e6);
    for (int e = 0; e < s->nevents && lg_now_us() < deadline; e++) {
        if (!fan_raise(s, e)) {
            note(s->first_err, sizeof s->first_err, &s->errors, "", "publisher is gone");
            break;
        }
        uint64_t limit = lg_now_us() + (uint64_t)EVENT_WAIT_S * 1000000u;
        while (s->arrived[e] < s->o->conns && lg_now_us() < limit)
            lg_net_poll(n, 5);
        if (s->arrived[e] < s->o->conns)
            note(s->first_err, sizeof s->first_err, &s->errors, "",
                 "an event did not reach every subscriber within 30 s");
        lg_poll_for(n, 100); /* quiet between events: each is measured on its own */
    }
}

static void fan_print(fan_state *s, long long cpu0, long long cpu1, lg_figures *f)
{
    lg_lat first, last;
    long complete = 0;
    bool ok = lg_lat_init(&first, (size_t)s->nevents) && lg_lat_init(&last, (size_t)s->nevents);
    for (int e = 0; ok && e < s->nevents; e++) {
        if (s->arrived[e] < s->o->conns)
            continue;
        complete++;
        lg_lat_add(&first, s->first[e] - s->t0[e]);
        lg_lat_add(&last, s->last[e] - s->t0[e]);
    }
    f->n = complete;
    f->errors = s->errors;
    f->p50_us = lg_lat_pct(&last, 0.5);
    f->p99_us = lg_lat_pct(&last, 0.99);
    f->max_us = lg_lat_pct(&last, 1.0);
    printf("result work=%s target=%s subscribers=%d events=%ld n=%ld errors=%ld "
           "first_p50_us=%llu last_p50_us=%llu last_max_us=%llu raise_reply_p50_us=%llu "
           "cpu_us_per_event=%.1f\n",
           s->o->label, s->o->target, s->o->conns, s->o->requests, complete, s->errors,
           (unsigned long long)lg_lat_pct(&first, 0.5), (unsigned long long)f->p50_us,
           (unsigned long long)f->max_us, (unsigned long long)lg_lat_pct(&s->write_lat, 0.5),
           us_per(cpu0, cpu1, complete));
    fflush(stdout);
    lg_lat_free(&first);
    lg_lat_free(&last);
}

static bool fan_alloc(fan_state *s)
{
    size_t e = (size_t)s->nevents;
    s->t0 = calloc(e, sizeof *s->t0);
    s->first = calloc(e, sizeof *s->first);
    s->last = calloc(e, sizeof *s->last);
    s->arrived = calloc(e, sizeof *s->arrived);
    s->placements = calloc(e, sizeof *s->placements);
    s->subs = calloc((size_t)s->o->conns, sizeof *s->subs);
    return s->t0 && s->first && s->last && s->arrived && s->placements && s->subs &&
           lg_lat_init(&s->write_lat, e);
}

static void fan_free(fan_state *s)
{
    for (int i = 0; s->subs && i < s->o->conns; i++)
        lg_conn_close(&s->subs[i]);
    lg_conn_close(&s->pub);
    free(s->subs);
    free(s->t0);
    free(s->first);
    free(s->last);
    free(s->arrived);
    free(s->placements);
    lg_lat_free(&s->write_lat);
}

bool lg_run_fanout(const lg_opts *o, lg_figures *f)
{
    fan_state s = {.o = o, .nevents = (int)o->requests};
    s.pub.fd = -1;
    lg_handlers h = {.on_open = fan_open, .on_message = fan_message, .on_fail = fan_fail};
    lg_net *n = make_net(o, &h, &s);
    bool ok = n && fan_alloc(&s);
    char err[256] = "";
    if (ok && o->proto == LG_STAGELIJN &&
        !lg_school_fresh_placements(o->school, s.nevents, s.placements, err, sizeof err)) {
        fprintf(stderr, "loadgen: fanout: %s\n", err);
        ok = false;
    }
    ok = ok && fan_connect(&s, n);
    if (ok) {
        lg_poll_for(n, 200); /* let the server settle after the connection storm */
        long long cpu0 = o->server_pid ? lg_proc_cpu_us(o->server_pid) : -1;
        fan_measure(&s, n);
        long long cpu1 = o->server_pid ? lg_proc_cpu_us(o->server_pid) : -1;
        fan_print(&s, cpu0, cpu1, f);
        if (s.errors)
            fprintf(stderr, "loadgen: fanout: %ld error(s); first: %s\n", s.errors, s.first_err);
        ok = s.errors == 0 && f->n == s.nevents;
    }
    fan_free(&s);
    lg_net_free(n);
    return ok;
}

/* ================================================================ handshakes */

enum { TICKET_WAITS = 3, TICKET_WAIT_US = 300000 };

typedef struct {
    const lg_opts *o;
    lg_conn *slots;
    long started, done, resumed, failed;
    int ticket_waits;
    bool stopping;
    uint64_t deadline;
    lg_lat lat;
    char first_err[512];
} hs_state;

static void hs_next(hs_state *s, lg_conn *c)
{
    lg_net *n = c->net;
    int index = c->index;
    lg_conn_close(c);
    if (s->stopping || s->started >= s->o->requests || lg_now_us() >= s->deadline)
        return;
    s->started++;
    if (!lg_conn_open(n, c, index)) {
        note(s->first_err, sizeof s->first_err, &s->failed, "", c->why);
        c->state = LG_CLOSED;
    }
}

static void hs_open(lg_conn *c)
{
    hs_state *s = lg_net_user(c->net);
    s->done++;
    s->resumed += c->resumed;
    lg_lat_add(&s->lat, c->open_us - c->connect_us);
    /* TLS 1.3 tickets come after the handshake: wait a moment for the first ones. */
    if (s->o->resume && !lg_net_has_ticket(c->net) && s->ticket_waits < TICKET_WAITS) {
        s->ticket_waits++;
        c->phase = PHASE_TICKET_WAIT;
        c->next_id = lg_now_us() + TICKET_WAIT_US;
        return;
    }
    hs_next(s, c);
}

static void hs_fail(lg_conn *c)
{
    hs_state *s = lg_net_user(c->net);
    note(s->first_err, sizeof s->first_err, &s->failed, "", c->why);
    hs_next(s, c);
}

static void hs_message(lg_conn *c, const uint8_t *msg, size_t len, int kind)
{
    (void)c, (void)msg, (void)len, (void)kind; /* nothing is asked, nothing is expected */
}

static bool hs_busy(hs_state *s)
{
    bool busy = false;
    uint64_t now = lg_now_us();
    for (int i = 0; i < s->o->conns; i++) {
        lg_conn *c = &s->slots[i];
        if (c->state == LG_OPEN && c->phase == PHASE_TICKET_WAIT &&
            (lg_net_has_ticket(c->net) || now >= c->next_id))
            hs_next(s, c);
        busy = busy || c->state != LG_CLOSED;
    }
    return busy;
}

bool lg_run_handshakes(const lg_opts *o, lg_figures *f)
{
    hs_state s = {.o = o};
    lg_handlers h = {.on_open = hs_open, .on_message = hs_message, .on_fail = hs_fail};
    lg_net *n = make_net(o, &h, &s);
    s.slots = calloc((size_t)o->conns, sizeof *s.slots);
    bool ok = n && s.slots && lg_lat_init(&s.lat, (size_t)o->requests);
    if (!ok) {
        free(s.slots);
        lg_net_free(n);
        return false;
    }
    lg_net_set_resume(n, o->resume);
    long long cpu0 = o->server_pid ? lg_proc_cpu_us(o->server_pid) : -1;
    uint64_t t0 = lg_now_us();
    s.deadline = t0 + (uint64_t)(o->seconds * 1e6);
    for (int i = 0; i < o->conns; i++) {
        s.slots[i].fd = -1;
        s.slots[i].index = i;
        s.slots[i].net = n;
        hs_next(&s, &s.slots[i]);
    }
    uint64_t hard = s.deadline + (uint64_t)DRAIN_S * 1000000u;
    while (hs_busy(&s) && lg_now_us() < hard) {
        if (lg_now_us() >= s.deadline)
            s.stopping = true;
        lg_net_poll(n, 5);
    }
    uint64_t elapsed = lg_now_us() - t0;
    long long cpu1 = o->server_pid ? lg_proc_cpu_us(o->server_pid) : -1;
    f->n = s.done;
    f->errors = s.failed;
    f->per_s = elapsed ? (double)s.done * 1e6 / (double)elapsed : 0;
    f->p50_us = lg_lat_pct(&s.lat, 0.5);
    f->p99_us = lg_lat_pct(&s.lat, 0.99);
    f->max_us = lg_lat_pct(&s.lat, 1.0);
    double cpu_us = us_per(cpu0, cpu1, s.done);
    printf("result work=%s target=%s parallel=%d n=%ld errors=%ld per_s=%.0f p50_us=%llu "
           "p99_us=%llu resumed=%ld ticket=%s cpu_us_per_conn=%.1f conns_per_cpu_s=%.0f\n",
           o->label, o->target, o->conns, s.done, s.failed, f->per_s, (unsigned long long)f->p50_us,
           (unsigned long long)f->p99_us, s.resumed, lg_net_has_ticket(n) ? "yes" : "no", cpu_us,
           cpu_us > 0 ? 1e6 / cpu_us : 0);
    fflush(stdout);
    if (s.failed)
        fprintf(stderr, "loadgen: handshakes: %ld failed; first: %s\n", s.failed, s.first_err);
    for (int i = 0; i < o->conns; i++)
        lg_conn_close(&s.slots[i]);
    free(s.slots);
    lg_lat_free(&s.lat);
    lg_net_free(n);
    return s.failed == 0 && s.done > 0;
}

/* ================================================================ idle memory */

typedef struct {
    const lg_opts *o;
    lg_opening open;
} idle_state;

static void idle_open(lg_conn *c)
{
    idle_state *s = lg_net_user(c->net);
    setup_begin(c, s->o, &s->open, NULL, 0);
}

static void idle_message(lg_conn *c, const uint8_t *msg, size_t len, int kind)
{
    idle_state *s = lg_net_user(c->net);
    if (c->phase == PHASE_SETUP)
        setup_step(c, &s->open, msg, len, kind, NULL);
}

static void idle_fail(lg_conn *c)
{
    idle_state *s = lg_net_user(c->net);
    lg_opening_failed(&s->open, c);
}

bool lg_run_idle(const lg_opts *o, lg_figures *f)
{
    if (!o->server_pid) {
        fprintf(stderr, "loadgen: idle: --server-pid is required\n");
        return false;
    }
    idle_state s = {.o = o, .open = {.total = o->conns}};
    lg_handlers h = {.on_open = idle_open, .on_message = idle_message, .on_fail = idle_fail};
    lg_net *n = make_net(o, &h, &s);
    lg_conn *conns = calloc((size_t)o->conns, sizeof *conns);
    if (!n || !conns) {
        free(conns);
        lg_net_free(n);
        return false;
    }
    long before = lg_proc_rss_kb(o->server_pid);
    bool ok = lg_open_all(n, conns, &s.open, OPEN_PARALLEL, OPEN_LIMIT_S);
    lg_poll_for(n, 1000); /* idle: the server settles what it keeps per connection */
    long open = lg_proc_rss_kb(o->server_pid);
    for (int i = 0; i < o->conns; i++)
        lg_conn_close(&conns[i]);
    lg_poll_for(n, 1000);
    long after = lg_proc_rss_kb(o->server_pid);
    f->n = s.open.ready;
    f->errors = s.open.failed;
    f->kb_per_conn = s.open.ready > 0 ? (double)(open - before) / s.open.ready : 0;
    printf("result work=%s target=%s conns=%d n=%d errors=%d rss_before_kb=%ld rss_open_kb=%ld "
           "rss_after_kb=%ld kb_per_conn=%.2f\n",
           o->label, o->target, o->conns, s.open.ready, s.open.failed, before, open, after,
           f->kb_per_conn);
    fflush(stdout);
    if (!ok)
        fprintf(stderr, "loadgen: idle: %d connection(s) failed; first: %s\n", s.open.failed,
                s.open.first_failure);
    free(conns);
    lg_net_free(n);
    return ok && before > 0 && open > 0;
}

/* ================================================================ OpenSSL in-process */

static uint64_t thread_cpu_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static SSL_CTX *inproc_server_ctx(const char *cert_file, const char *key_file)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx)
        return NULL;
    SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
    SSL_CTX_set_num_tickets(ctx, 0); /* as stagelijnd: no resumption */
    if (SSL_CTX_use_certificate_chain_file(ctx, cert_file) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, key_file, SSL_FILETYPE_PEM) != 1) {
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

static SSL_CTX *inproc_client_ctx(const char *ca_file)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx)
        return NULL;
    SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    if (SSL_CTX_load_verify_locations(ctx, ca_file, NULL) != 1) {
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

/* One handshake over a BIO pair; *server_ns gains the server side's CPU time (its SSL object's
 * life included, as a real server pays for it too). */
static bool inproc_handshake(SSL_CTX *cctx, SSL_CTX *sctx, uint64_t *server_ns)
{
    uint64_t t = thread_cpu_ns();
    SSL *s = SSL_new(sctx);
    *server_ns += thread_cpu_ns() - t;
    SSL *c = SSL_new(cctx);
    BIO *bc = NULL, *bs = NULL;
    bool ok = s && c && BIO_new_bio_pair(&bc, 0, &bs, 0) == 1;
    if (ok) {
        SSL_set_bio(c, bc, bc);
        SSL_set_bio(s, bs, bs);
        SSL_set_connect_state(c);
        SSL_set_accept_state(s);
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c), "127.0.0.1");
        int rc = 0, rs = 0;
        for (int round = 0; round < 16 && (rc != 1 || rs != 1); round++) {
            if (rc != 1)
                rc = SSL_do_handshake(c);
            t = thread_cpu_ns();
            if (rs != 1)
                rs = SSL_do_handshake(s);
            *server_ns += thread_cpu_ns() - t;
        }
        ok = rc == 1 && rs == 1;
    }
    SSL_free(c);
    t = thread_cpu_ns();
    SSL_free(s);
    *server_ns += thread_cpu_ns() - t;
    ERR_clear_error();
    return ok;
}

bool lg_run_tls_inproc(const lg_opts *o, const char *cert_file, const char *key_file, lg_figures *f)
{
    SSL_CTX *sctx = inproc_server_ctx(cert_file, key_file);
    SSL_CTX *cctx = inproc_client_ctx(o->ca);
    if (!sctx || !cctx) {
        fprintf(stderr, "loadgen: tls-inproc: cannot load %s, %s or %s\n", cert_file, key_file,
                o->ca);
        SSL_CTX_free(sctx);
        SSL_CTX_free(cctx);
        return false;
    }
    uint64_t server_ns = 0, t0 = lg_now_us();
    uint64_t deadline = t0 + (uint64_t)(o->seconds * 1e6);
    long n = 0, errors = 0;
    while (n + errors < o->requests && lg_now_us() < deadline) {
        if (inproc_handshake(cctx, sctx, &server_ns))
            n++;
        else
            errors++;
    }
    uint64_t elapsed = lg_now_us() - t0;
    double server_us = n ? (double)server_ns / 1000.0 / (double)n : 0;
    f->n = n;
    f->errors = errors;
    f->per_s = server_us > 0 ? 1e6 / server_us : 0;
    printf("result work=%s target=openssl-inproc n=%ld errors=%ld wall_per_s=%.0f "
           "server_cpu_us_per_conn=%.1f conns_per_cpu_s=%.0f\n",
           o->label, n, errors, elapsed ? (double)n * 1e6 / (double)elapsed : 0, server_us,
           f->per_s);
    fflush(stdout);
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
    return errors == 0 && n > 0;
}
