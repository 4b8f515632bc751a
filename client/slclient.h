/* The client library every Stagelijn program uses: connect over TLS, Hello, log in, call
 * (request/response by request id, pipelining-safe), and receive pushed events.
 * Blocking I/O with timeouts: clients are simple programs, one conversation at a time. */
#ifndef SL_CLIENT_H
#define SL_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"
#include "sl_error.h"

typedef struct sl_client sl_client;

typedef struct {
    const char *host;
    int port;
    const char *ca_file;   /* required: the CA that signed the server's certificate */
    const char *cert_file; /* device certificate (kiosks), optional */
    const char *key_file;
    int timeout_ms; /* for connect, handshake and each reply; 0 = 10 s */
    Stagelijn__V1__ClientKind kind;
    const char *client_version;
    size_t max_frame; /* 0 = SL_FRAME_DEFAULT_MAX */
    bool skip_hello;  /* tests only: stop after TLS, to check the server's Hello rule */
} sl_client_opts;

/* Connects, completes TLS (verifying the server's name against the certificate) and Hello.
 * Returns SL_EIO or SL_ETLS for connection problems, with a reason in err. */
sl_status sl_client_connect(const sl_client_opts *o, sl_client **out, char *err, size_t errlen);
/* Sends close_notify and frees; NULL-safe. */
void sl_client_close(sl_client *c);

/* Sends `req` (its request_id is assigned here) and waits for the reply with the same id.
 * Events that arrive meanwhile are kept for sl_client_next_event. On success *reply is the
 * answer (free with sl_envelope_free). When the server answers an Error, the result is that
 * error's status, err holds its message and *reply still holds the envelope (for the list of
 * violated rules). Connection failures return SL_EIO/SL_EPROTO with *reply NULL. */
sl_status sl_client_call(sl_client *c, sl_envelope *req, sl_envelope **reply, char *err,
                         size_t errlen);

/* Convenience: Login; SL_OK when logged in. *must_change tells whether the password is a
 * one-time password that must be changed first (may be NULL). */
sl_status sl_client_login(sl_client *c, const char *username, const char *password,
                          bool *must_change, char *err, size_t errlen);
/* Kiosk PIN login (issue 8): like sl_client_login with an intern's PIN; works only on a
 * connection with a device certificate. *reply gets the LoginReply's envelope on success
 * (free with sl_envelope_free; may be NULL when not wanted). */
sl_status sl_client_pin_login(sl_client *c, const char *username, const char *pin,
                              sl_envelope **reply, char *err, size_t errlen);
/* The Error of the last refused login (its code and parameters, for rendering it in the
 * user's language), owned by c until its next call; NULL when the last call was no refused
 * login. */
const Stagelijn__V1__Error *sl_client_last_error(const sl_client *c);

/* Waits up to timeout_ms (-1 = forever) for the next pushed Event envelope.
 * SL_EAGAIN-like timeouts return SL_EUNAVAIL with *ev NULL. */
sl_status sl_client_next_event(sl_client *c, int timeout_ms, sl_envelope **ev, char *err,
                               size_t errlen);

/* For tests and tools: write raw bytes / read the next envelope of any kind. */
sl_status sl_client_send_raw(sl_client *c, const void *buf, size_t len);
sl_status sl_client_read_envelope(sl_client *c, int timeout_ms, sl_envelope **out);
/* The server's version string from Hello. */
const char *sl_client_server_version(const sl_client *c);
/* The company a device certificate binds this connection to ("" if none). */
const char *sl_client_device_company(const sl_client *c);
/* That company's name, for the kiosk's screen ("" if none). */
const char *sl_client_device_company_name(const sl_client *c);

/* Maps a wire error code to a status. */
sl_status sl_status_from_wire(Stagelijn__V1__ErrorCode code);

#endif
