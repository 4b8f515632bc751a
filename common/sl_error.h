/* One status enum for the whole project: 0 is success. The first codes mirror the wire's
 * ErrorCode so a status crosses the network unchanged. */
#ifndef SL_ERROR_H
#define SL_ERROR_H

typedef enum sl_status {
    SL_OK = 0,
    SL_EINVAL = 1,     /* client's fault: bad input */
    SL_EUNAUTH = 2,    /* no valid session */
    SL_EPERM = 3,      /* session valid, operation not allowed on this target */
    SL_ENOTFOUND = 4,  /* target does not exist (or is not visible) */
    SL_EEXISTS = 5,    /* would duplicate a unique thing */
    SL_EPRECOND = 6,   /* a rule is violated; details in the violations list */
    SL_EEXHAUSTED = 7, /* a limit or throttle was hit */
    SL_EUNAVAIL = 8,   /* try again later (shutting down, database busy) */
    SL_EINTERNAL = 9,  /* server's fault */
    /* Local-only codes, never sent on the wire. */
    SL_EPROTO = 100, /* framing or protocol violation by the peer */
    SL_EIO = 101,    /* socket or file error */
    SL_ETLS = 102,   /* TLS handshake or certificate error */
    SL_ENOMEM = 103,
    SL_DEFERRED = 104, /* the handler answers later (slow work off the loop thread) */
} sl_status;

/* A static English description; never NULL. */
const char *sl_strerror(sl_status st);

/* The upper-case wire name ("PERMISSION_DENIED"); never NULL. */
const char *sl_status_name(sl_status st);

/* Whether the client (true) or the server (false) is at fault. */
int sl_status_is_client_fault(sl_status st);

#endif
