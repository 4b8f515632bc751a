#include "lg_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---------------------------------------------------------------- sessions */

enum { SETUP_HELLO_ID = 1, SETUP_RESUME_ID = 2, SETUP_SUBSCRIBE_ID = 3 };

int lg_session_start(lg_conn *c, const lg_opts *o, const char *topic, uint64_t after_seq)
{
    char client_id[32];
    switch (o->proto) {
    case LG_STAGELIJN:
        if (!lg_sl_hello(&c->out, SETUP_HELLO_ID) ||
            !lg_sl_resume(&c->out, SETUP_RESUME_ID, o->school->coach_token) ||
            (topic && !lg_sl_subscribe(&c->out, SETUP_SUBSCRIBE_ID, topic, after_seq)))
            return -1;
        return topic ? 3 : 2;
    case LG_MQTT:
        /* Keepalive 0: an idle bench connection must not be dropped for silence. */
        snprintf(client_id, sizeof client_id, "sl-loadgen-%d", c->index);
        if (!lg_mqtt_connect(&c->out, client_id, 0) ||
            (topic && !lg_mqtt_subscribe(&c->out, 1, topic)))
            return -1;
        return topic ? 2 : 1;
    case LG_RESP:
    case LG_TLS:
        break;
    }
    return 0;
}

static bool sl_setup_reply(lg_conn *c, const uint8_t *msg, size_t len, uint64_t *last_seq)
{
    sl_envelope *env = sl_envelope_decode(msg + SL_FRAME_HEADER_LEN, len - SL_FRAME_HEADER_LEN);
    if (!env) {
        snprintf(c->why, sizeof c->why, "undecodable frame during set-up");
        return false;
    }
    bool ok = env->body_case != STAGELIJN__V1__ENVELOPE__BODY_ERROR;
    if (!ok)
        snprintf(c->why, sizeof c->why, "set-up request %llu refused: %s",
                 (unsigned long long)env->request_id,
                 env->error->message ? env->error->message : "");
    if (env->body_case == STAGELIJN__V1__ENVELOPE__BODY_SUBSCRIBE_REPLY && last_seq)
        *last_seq = env->subscribe_reply->last_seq;
    sl_envelope_free(env);
    return ok;
}

bool lg_session_reply(lg_conn *c, const uint8_t *msg, size_t len, int kind, uint64_t *last_seq)
{
    switch (lg_net_proto(c->net)) {
    case LG_STAGELIJN:
        return sl_setup_reply(c, msg, len, last_seq);
    case LG_MQTT:
        /* CONNACK's return code is its 4th byte; SUBACK's granted QoS its last. */
        if (kind == LG_MQTT_CONNACK && len >= 4 && msg[3] == 0)
            return true;
        if (kind == LG_MQTT_SUBACK && len >= 5 && msg[len - 1] != 0x80)
            return true;
        snprintf(c->why, sizeof c->why, "MQTT set-up refused (packet type %d)", kind);
        return false;
    case LG_RESP:
        if (kind == 1) {
            snprintf(c->why, sizeof c->why, "Redis refused: %.*s", (int)(len > 120 ? 120 : len),
                     (const char *)msg);
            return false;
        }
        return true;
    case LG_TLS:
        break;
    }
    return true;
}

void lg_opening_failed(lg_opening *op, const lg_conn *c)
{
    if (op->failed++ == 0)
        snprintf(op->first_failure, sizeof op->first_failure, "connection %d: %s", c->index,
                 c->why);
}

bool lg_open_all(lg_net *n, lg_conn *conns, lg_opening *op, int parallel, double limit_s)
{
    uint64_t deadline = lg_now_us() + (uint64_t)(limit_s * 1e6);
    while (op->ready + op->failed < op->total && lg_now_us() < deadline) {
        while (op->opened < op->total && op->opened - op->ready - op->failed < parallel) {
            lg_conn *c = &conns[op->opened];
            if (!lg_conn_open(n, c, op->opened))
                lg_opening_failed(op, c);
            op->opened++;
        }
        if (!lg_net_poll(n, 10))
            break;
    }
    if (op->ready + op->failed < op->total && op->failed++ == 0)
        snprintf(op->first_failure, sizeof op->first_failure,
                 "only %d of %d connections set up within %.0f s", op->ready, op->total, limit_s);
    return op->failed == 0;
}

/* ---------------------------------------------------------------- statistics */

bool lg_lat_init(lg_lat *l, size_t cap)
{
    l->n = 0;
    l->cap = cap ? cap : 1;
    l->us = malloc(l->cap * sizeof *l->us);
    return l->us != NULL;
}

void lg_lat_free(lg_lat *l)
{
    free(l->us);
    *l = (lg_lat){0};
}

void lg_lat_add(lg_lat *l, uint64_t us)
{
    if (l->n < l->cap)
        l->us[l->n++] = us;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

uint64_t lg_lat_pct(lg_lat *l, double p)
{
    if (l->n == 0)
        return 0;
    qsort(l->us, l->n, sizeof l->us[0], cmp_u64);
    size_t rank = (size_t)(p * (double)l->n + 0.999999);
    if (rank < 1)
        rank = 1;
    if (rank > l->n)
        rank = l->n;
    return l->us[rank - 1];
}

/* ---------------------------------------------------------------- the server process */

long long lg_proc_cpu_us(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* The command name may hold spaces and parentheses: count fields after the last ')'. */
    char *p = strrchr(buf, ')');
    unsigned long long utime = 0, stime = 0;
    if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime,
                     &stime) != 2)
        return -1;
    long hz = sysconf(_SC_CLK_TCK);
    return hz > 0 ? (long long)((utime + stime) * 1000000ULL / (unsigned long long)hz) : -1;
}

long lg_proc_rss_kb(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    long kb = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
            break;
    fclose(f);
    return kb;
}

void lg_poll_for(lg_net *n, int ms)
{
    uint64_t until = lg_now_us() + (uint64_t)ms * 1000u;
    for (uint64_t now = lg_now_us(); now < until; now = lg_now_us())
        lg_net_poll(n, (int)((until - now) / 1000u) + 1);
}
