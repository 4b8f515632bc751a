/* The load generator's connection engine: many non-blocking TLS 1.3 client connections to one
 * loopback port, driven by one epoll loop in one thread (the load runs on its own CPU, so one
 * thread is what it has). The engine does TCP, TLS and message splitting; a scenario reacts to
 * whole messages through callbacks and queues its requests in each connection's output. */
#ifndef LG_NET_H
#define LG_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lg_wire.h"

typedef enum {
    LG_STAGELIJN, /* length-prefixed Envelope frames */
    LG_RESP,      /* Redis */
    LG_MQTT,      /* MQTT 3.1.1 */
    LG_TLS,       /* TLS only: no messages are expected */
} lg_proto;

typedef enum {
    LG_CONNECTING,
    LG_HANDSHAKE,
    LG_OPEN,
    LG_CLOSED,
} lg_state;

typedef struct lg_net lg_net;
typedef struct lg_conn lg_conn;

struct lg_conn {
    lg_net *net;
    int fd;
    void *ssl; /* SSL * */
    lg_state state;
    lg_buf in, out;
    uint64_t connect_us; /* when the connect started (lg_now_us) */
    uint64_t open_us;    /* when the handshake completed */
    bool resumed;        /* the handshake resumed a session */
    bool failed;         /* closed by an error or by the peer */
    char why[200];       /* why, when failed */
    int index;           /* the scenario's number for this connection */
    /* Free for the scenario. */
    int phase;
    int inflight;
    uint64_t next_id, events;
    uint64_t *sent_us; /* ring of send times by request number, LG_RING entries */
};

enum { LG_RING = 1024 };

typedef struct {
    /* The TLS handshake completed (state LG_OPEN). */
    void (*on_open)(lg_conn *c);
    /* One whole message; for RESP `kind` is 1 for an error reply, for MQTT the packet type,
     * for Stagelijn 0. The bytes are valid during the call only. */
    void (*on_message)(lg_conn *c, const uint8_t *msg, size_t len, int kind);
    /* The connection failed or the peer closed it (c->why says which); not called for
     * lg_conn_close. */
    void (*on_fail)(lg_conn *c);
} lg_handlers;

uint64_t lg_now_us(void);

/* A client context for `proto` on 127.0.0.1:port that trusts ca_file (PEM). NULL with a reason
 * in err when the CA cannot be loaded or memory runs out. `user` is the scenario's. */
lg_net *lg_net_new(lg_proto proto, int port, const char *ca_file, const lg_handlers *h, void *user,
                   char *err, size_t errlen);
void lg_net_free(lg_net *n);
void *lg_net_user(const lg_net *n);
lg_proto lg_net_proto(const lg_net *n);
/* Offer the last session ticket the server sent on new connections (TLS resumption). */
void lg_net_set_resume(lg_net *n, bool on);
/* Whether a session ticket has been received. */
bool lg_net_has_ticket(const lg_net *n);

/* Starts a non-blocking connect into the caller's `c` (which must outlive the net or be closed
 * first). False with c->why set when the connect fails at once (on_fail is not called). */
bool lg_conn_open(lg_net *n, lg_conn *c, int index);
/* Writes what c->out holds, as far as the socket takes it; the rest goes when it can. */
void lg_conn_flush(lg_conn *c);
/* Sends close_notify when open and closes; frees the TLS state and buffers. Idempotent, and a
 * no-op on a zeroed connection that was never opened. */
void lg_conn_close(lg_conn *c);

/* Waits up to timeout_ms for socket activity and handles it (callbacks run from here).
 * Returns false when epoll fails. */
bool lg_net_poll(lg_net *n, int timeout_ms);

/* Raises the soft open-file limit to at least `want` (up to the hard limit); returns the new
 * soft limit. */
long lg_raise_fd_limit(long want);

#endif
