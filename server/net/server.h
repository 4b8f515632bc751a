/* The daemon as a library: server_new() prepares everything (data directory, certificates,
 * database, listeners), server_run() runs the event loop until a stop is requested,
 * server_free() releases it all. main.c is a thin wrapper. */
#ifndef SL_SERVER_H
#define SL_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include <event2/event.h>
#include <openssl/ssl.h>

#include "config.h"
#include "revoked.h"
#include "store.h"

typedef struct conn conn;

typedef struct {
    uint64_t connections_total;
    uint64_t connections_refused;
    uint64_t connections_refused_address; /* over max_connections_per_address */
    uint64_t connections_deadline;        /* closed at the Hello or login deadline */
    uint64_t logins_refused_address;      /* refused by the per-address login limits */
    uint64_t requests_total;
    uint64_t request_errors;
    uint64_t protocol_errors;
    uint64_t batches_committed;
    uint64_t batch_requests;
    uint64_t commit_failures;
    uint64_t events_pushed;
    uint64_t stalled_cut; /* connections cut off for reading nothing (conn_cut_stalled) */
    uint64_t commit_usec_total;
} sl_metrics;

typedef struct sl_server {
    sl_config cfg;
    struct event_base *base;
    store *st;        /* the write connection: batches, and reads that must see them */
    store *reader;    /* the read connection: committed snapshots, never waits for a commit */
    SSL_CTX *ssl_ctx; /* people's listener: client certificates optional */
    SSL_CTX *device_ssl_ctx; /* device listener: client certificate required */
    struct evconnlistener *listener, *device_listener;
    struct evhttp *http;
    struct hasher *hasher;       /* password verification off the loop thread */
    struct admission *admission; /* per source address: connections, logins, failures */
    struct backup_runner *backup; /* online backups into DATA_DIR/backups (backup.h) */
    int64_t backup_scheduled_at;  /* unix seconds of the last scheduled backup's start */
    struct read_audit *read_audit; /* the admin's reads of personal data (read_audit.h) */
    struct event *sig_term, *sig_int, *sig_hup, *housekeeping_ev, *trim_ev;
    long conns_peak;               /* most connections since memory was last returned */
    int64_t ticket_key_rotated_at; /* unix seconds */
    conn *conns;                   /* doubly linked list of live connections */
    long n_conns;
    struct batch *batch;                /* group commit and what follows it (batch.h) */
    const struct conn_hooks *hooks;     /* how connections reach the layers above (conn.h) */
    const struct request_def *requests; /* the request table (requests.h) */
    struct fanout *fanout;              /* push of the last commit's events (events.c) */
    struct scheduler *scheduler;        /* reviews due (scheduler.c) */
    size_t n_requests;
    int64_t committed_seq; /* newest event seq known durable */
    /* Raised whenever a session is deleted or an account changes (and again when that change
     * is committed), so connections re-read their session instead of on every request. */
    uint64_t session_epoch;
    bool sessions_changed; /* in the open batch, not yet committed */
    /* Raised whenever a student or class row is updated or deleted (and again when that
     * change is committed): the kept authorization facts of students (target.c) are stale. */
    uint64_t facts_epoch;
    bool facts_changed;              /* in the open batch, not yet committed */
    struct facts_cache *facts_cache; /* target.c; NULL until the first read that uses it */
    /* Revoked device certificates (issue 10): refused right after their handshake. */
    revoked_set revoked;
    bool stopping;
    int port, device_port, metrics_port;
    sl_metrics metrics;
} sl_server;

/* Returns NULL with a reason in err. The config is copied. */
sl_server *server_new(const sl_config *cfg, char *err, size_t errlen);
/* Runs until SIGTERM/SIGINT or server_request_stop(); returns 0 on a clean stop. */
int server_run(sl_server *srv);
void server_request_stop(sl_server *srv);
void server_free(sl_server *srv);

#endif
