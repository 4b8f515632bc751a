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
    uint64_t commit_usec_total;
} sl_metrics;

/* A reply held back until the batch that contains its request is durable. */
typedef struct {
    conn *c; /* holds a reference */
    uint64_t request_id;
    uint8_t *frame; /* owned; header + payload */
    size_t len;
} pending_reply;

typedef struct sl_server {
    sl_config cfg;
    struct event_base *base;
    store *st;
    SSL_CTX *ssl_ctx;        /* people's listener: client certificates optional */
    SSL_CTX *device_ssl_ctx; /* device listener: client certificate required */
    struct evconnlistener *listener, *device_listener;
    struct evhttp *http;
    struct hasher *hasher;       /* password verification off the loop thread */
    struct admission *admission; /* per source address: connections, logins, failures */
    struct event *sig_term, *sig_int, *commit_ev, *housekeeping_ev, *trim_ev;
    long conns_peak;               /* most connections since memory was last returned */
    int64_t ticket_key_rotated_at; /* unix seconds */
    conn *conns;                   /* doubly linked list of live connections */
    long n_conns;
    pending_reply *pending;
    size_t n_pending, cap_pending;
    int64_t committed_seq; /* newest event seq known durable */
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

/* Queues a packed reply for the batch now open (takes ownership of frame). */
void server_queue_reply(sl_server *srv, conn *c, uint64_t request_id, uint8_t *frame, size_t len);
/* Makes sure the open batch commits at the end of this loop iteration. */
void server_schedule_commit(sl_server *srv);
/* Commits the open batch now and releases its replies (also used at max_batch). */
void server_commit_now(sl_server *srv);
/* Called by a connection after it left srv->conns: returns memory to the system once the
 * count has fallen well below its peak. */
void server_conn_closed(sl_server *srv);

#endif
