/* What the load generator's scenarios share: the run options, the per-target session set-up
 * of a connection (Hello and Resume for Stagelijn, CONNECT for MQTT), latency statistics and
 * the server process's CPU time and memory from /proc. */
#ifndef LG_COMMON_H
#define LG_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "lg_net.h"
#include "lg_school.h"

typedef enum { OP_READ, OP_WRITE, OP_MIXED } lg_op;

typedef struct {
    lg_proto proto;
    const char *target; /* "stagelijn", "redis", "mosquitto", "tls" */
    int port;
    const char *ca;
    const lg_school *school; /* Stagelijn only */
    pid_t server_pid;        /* 0: no server CPU or memory figures */
    lg_op op;
    int write_pct;     /* for OP_MIXED: share of writes in percent */
    int conns;         /* load connections (or subscribers, or parallel handshakes) */
    int pipeline;      /* requests in flight per load connection */
    int writers;       /* extra connections writing at pipeline 1 while the load reads */
    long requests;     /* at most this many (requests, events, handshakes) */
    double seconds;    /* and for at most this long */
    bool resume;       /* handshakes: offer the last ticket */
    const char *label; /* printed as work=LABEL */
} lg_opts;

/* The figures a scenario measured, for the caller's checks (they are printed too). */
typedef struct {
    long n, errors;
    double per_s;
    uint64_t p50_us, p99_us, max_us;
    long acked_writes;
    double kb_per_conn;
} lg_figures;

/* ---------------------------------------------------------------- sessions */

/* Queues what a fresh connection sends first and returns how many replies end its set-up:
 * Stagelijn Hello + Resume (+ Subscribe to `topic` after event after_seq when topic is set),
 * MQTT CONNECT (+ SUBSCRIBE to topic), nothing for RESP and TLS. -1 when memory runs out. */
int lg_session_start(lg_conn *c, const lg_opts *o, const char *topic, uint64_t after_seq);
/* Judges one set-up reply; false with c->why set when the server refused. *last_seq receives
 * a Stagelijn SubscribeReply's last_seq (may be NULL). */
bool lg_session_reply(lg_conn *c, const uint8_t *msg, size_t len, int kind, uint64_t *last_seq);

/* Opens `total` connections into conns[] with at most `parallel` handshakes under way and
 * polls until each is set up or failed, or `limit_s` passes. `ready` counts set-up ones; the
 * scenario's callbacks must count them (see lg_common.c). Returns false when any failed. */
typedef struct {
    int total, opened, ready, failed;
    char first_failure[240];
} lg_opening;
bool lg_open_all(lg_net *n, lg_conn *conns, lg_opening *op, int parallel, double limit_s);
/* For the scenario's on_fail while opening. */
void lg_opening_failed(lg_opening *op, const lg_conn *c);

/* ---------------------------------------------------------------- statistics */

typedef struct {
    uint64_t *us;
    size_t n, cap;
} lg_lat;

/* Records one latency; drops it silently when full (cap was chosen from the request limit). */
void lg_lat_add(lg_lat *l, uint64_t us);
bool lg_lat_init(lg_lat *l, size_t cap);
void lg_lat_free(lg_lat *l);
/* Sorts and returns the nearest-rank percentile p (0..1); 0 when empty. */
uint64_t lg_lat_pct(lg_lat *l, double p);

/* ---------------------------------------------------------------- the server process */

/* utime + stime of the process (all its threads) in microseconds; -1 when unreadable. */
long long lg_proc_cpu_us(pid_t pid);
/* VmRSS in kB; -1 when unreadable. */
long lg_proc_rss_kb(pid_t pid);

/* Polls the net for `ms` milliseconds. */
void lg_poll_for(lg_net *n, int ms);

#endif
