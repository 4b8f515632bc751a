/* TLS context set-up shared by the daemon and the clients: TLS 1.3 only by default,
 * ALPN "stagelijn/1", no compression, no renegotiation. */
#ifndef SL_TLS_H
#define SL_TLS_H

#include <stdbool.h>
#include <stddef.h>

#include <openssl/ssl.h>

#define SL_ALPN "stagelijn/1"
/* How long a TLS 1.3 session ticket resumes, and how often the server replaces its ticket
 * key (sl_tls_rotate_ticket_key). */
#define SL_TLS_TICKET_LIFETIME_SECONDS 7200

typedef struct {
    const char *cert_file; /* PEM chain */
    const char *key_file;  /* PEM private key */
    const char *ca_file;   /* PEM; for the server: the device CA that signs client certs */
    bool require_client_cert;
    bool allow_tls12; /* for old kiosks; off by default */
} sl_tls_server_opts;

typedef struct {
    const char *ca_file;   /* PEM CA that signed the server's certificate; required */
    const char *cert_file; /* optional device certificate */
    const char *key_file;
    const char *server_name; /* host name checked against the certificate */
} sl_tls_client_opts;

/* Returns a new context or NULL with a reason in err. The caller owns it (SSL_CTX_free). */
SSL_CTX *sl_tls_server_ctx_new(const sl_tls_server_opts *o, char *err, size_t errlen);
SSL_CTX *sl_tls_client_ctx_new(const sl_tls_client_opts *o, char *err, size_t errlen);

/* Replaces a server context's session-ticket key with a fresh random one (OpenSSL makes one
 * at SSL_CTX_new and never changes it). Tickets issued under the old key no longer resume:
 * their clients make a full handshake. False (and the old key kept) when no random bytes
 * could be had. */
bool sl_tls_rotate_ticket_key(SSL_CTX *ctx);

/* Appends the oldest queued OpenSSL error to buf and clears the queue, so a stale error never
 * confuses the next SSL_get_error(). */
void sl_tls_drain_errors(char *buf, size_t buflen);

/* The company id bound into a device certificate (a URI SAN "urn:stagelijn:company:<uuid>"),
 * copied into out; returns false when the certificate carries none. */
bool sl_tls_peer_company(SSL *ssl, char *out, size_t outlen);

/* A certificate's serial number as upper-case hex without leading zeros ("3F0A..."), the one
 * spelling used to record, list and revoke device certificates. False when it does not fit
 * in out (SL_TLS_SERIAL_MAX + 1 bytes hold any serial RFC 5280 allows). */
#define SL_TLS_SERIAL_MAX 40
bool sl_tls_cert_serial(X509 *cert, char *out, size_t outlen);
/* The serial of the peer's certificate; false when it sent none. */
bool sl_tls_peer_serial(SSL *ssl, char *out, size_t outlen);

#endif
