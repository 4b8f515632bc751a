/* One client connection: a TLS bufferevent plus protocol state. Handlers never free a
 * connection: they mark it for close, and it is freed once nothing refers to it (queued
 * replies hold references). */
#ifndef SL_CONN_H
#define SL_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <event2/bufferevent.h>

#include "admission.h"
#include "auth.h"
#include "frame.h"
#include "policy.h"
#include "server.h"

#define CONN_MAX_TOPICS 16
#define CONN_TOPIC_LEN 32

/* What a subscriber asked for. Apart from the connection, so that the many connections that
 * never subscribe do not carry it (about 600 bytes each). */
typedef struct {
    char durable[64];
    char topics[CONN_MAX_TOPICS][CONN_TOPIC_LEN];
    int n_topics; /* 0: every topic */
    /* A coach's subscription without all_school: only events about the students he/she
     * coaches or supports, and those about no student (events.c). */
    bool caseload_only;
    /* A subscriber account's: only the topics granted to it (events_topic_index bits). */
    bool granted_only;
    uint32_t granted_topics;
} conn_subscription;

struct conn {
    sl_server *srv;
    struct bufferevent *bev;
    peer *peer;             /* its source address's admission entry (counts this conn) */
    struct event *deadline; /* absolute: accept to Hello, then Hello to login */
    bool login_deadline_armed;
    conn *prev, *next;
    int refs;     /* the list's reference plus one per queued reply */
    bool dead;    /* bufferevent freed; waiting for the last reference */
    bool closing; /* close once the output has drained */
    bool hello_done;
    bool is_device; /* came in on the device listener */
    bool read_paused;
    bool deferred;      /* a request is out (e.g. a login being hashed): read nothing more */
    bool batch_waiting; /* on the batch's list of connections to resume after its step */
    char device_company[SL_ID_LEN + 1]; /* company bound by the device certificate */
    uint64_t id;                        /* for logs */
    int inflight;                       /* replies queued for this connection, awaiting commit */
    /* When its output was first seen at the high-water mark with nothing drained since
     * (monotonic ms; 0 = not full): a peer that reads nothing is cut off after
     * stalled_output_seconds (conn_cut_stalled). */
    int64_t output_full_since_ms;
    /* The device certificate's serial, to close the connection when it is revoked (issue 10) */
    char device_serial[SL_TLS_SERIAL_MAX + 1];

    /* Session */
    bool authed;
    bool must_change_password;
    sl_principal who;
    char token[AUTH_TOKEN_HEX + 1];
    int64_t last_touch; /* when last_seen was last written */
    /* The session as last read from the database: valid without a new lookup while no
     * session or account has changed since (srv->session_epoch) and it is not idle. */
    uint64_t session_epoch;
    int64_t session_seen; /* its last_seen, unix seconds */

    /* Subscription */
    bool subscribed;
    uint64_t sub_cursor;    /* newest seq sent */
    uint64_t fanout_round;  /* the last fan-out that served this subscriber (events.c) */
    conn_subscription *sub; /* what it asked for; NULL until the first Subscribe */
};

/* What the layers above do with a connection, set once by the server (server.c): the network
 * layer calls up only through these, so it never depends on dispatch, the batch or push. */
typedef struct conn_hooks {
    /* A complete frame's payload; false (nothing changed) when it must wait: the frame stays
     * buffered and the connection takes no more until resumed (conn_update_flow). */
    bool (*frame)(conn *c, const uint8_t *payload, size_t len);
    /* Whether connections may take frames now (false while the batch is full). */
    bool (*may_take_frames)(const conn *c);
    /* c stopped because frames may not be taken now or its frame must wait: resume it later. */
    void (*hold)(conn *c);
    /* Room in c's output again: continue what it was sending (a subscriber's replay). */
    void (*writable)(conn *c);
    /* A connection left srv->conns (memory may be given back after a flood). */
    void (*closed)(sl_server *srv);
} conn_hooks;

/* Wraps an accepted socket; takes ownership of fd (closed on failure). The connection counts
 * itself in p->conns until it is freed. Arms the Hello deadline (handshake_timeout_ms from
 * now; bytes do not restart it). */
conn *conn_new(sl_server *srv, int fd, SSL_CTX *ctx, bool is_device, peer *p);

/* The connection's subscription, made empty (every topic) on first use and owned by the
 * connection; NULL when out of memory. */
conn_subscription *conn_subscription_of(conn *c);

void conn_ref(conn *c);
/* Drops one reference; the last one frees the struct. */
void conn_unref(conn *c);

/* Sends a packed frame now (takes ownership). Does nothing on a dead connection. */
void conn_send_frame(conn *c, uint8_t *frame, size_t len);
/* Sends a copy of a packed frame now (the caller keeps it: one frame for many connections). */
void conn_write(conn *c, const uint8_t *frame, size_t len);
/* Packs an Error envelope (no violations) and sends it now like conn_send_frame(), even with a
 * batch open: for refusals that must not wait behind the batch's queued replies. Sends
 * nothing if the error cannot be packed. */
void conn_send_error(conn *c, uint64_t request_id, Stagelijn__V1__ErrorCode code,
                     const char *message);
/* Answers a framing or protocol error (request id 0) and closes once it is written. */
void conn_protocol_error(conn *c, const char *what);
/* Closes after the pending output has been written (flush) or at once. */
void conn_close(conn *c, bool flush);
/* Re-evaluates back-pressure: resumes reading (and processes already buffered frames)
 * when the connection is below its limits. */
void conn_update_flow(conn *c);
/* Closes every connection immediately (shutdown). */
void conn_close_all(sl_server *srv);
/* Closes at once the device connections whose certificate has this serial (it was just
 * revoked), except `except` (the caller's own); returns how many. */
int conn_close_device(sl_server *srv, const char *serial, const conn *except);

bool conn_output_full(const conn *c);

/* Closes every connection whose output has stayed at the high-water mark, with nothing read
 * by the peer, for stalled_output_seconds by now_ms (monotonic). A stalled subscriber thus
 * holds at most output_high_water bytes, and only for that long; it resumes from its cursor
 * when it connects again. Returns how many were closed. */
int conn_cut_stalled(sl_server *srv, int64_t now_ms);

/* A session started on this connection (login, resume, password change): no deadline any
 * more. */
void conn_session_started(conn *c);
/* The session ended (logout): the connection has login_timeout_ms to log in again. */
void conn_session_ended(conn *c);

#endif
