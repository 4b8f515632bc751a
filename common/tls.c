#include "tls.h"

#include <stdio.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#define COMPANY_URI_PREFIX "urn:stagelijn:company:"
/* OpenSSL 3's ticket key: a 16-byte name, a 32-byte HMAC key and a 32-byte AES key. */
#define TICKET_KEY_BYTES 80

void sl_tls_drain_errors(char *buf, size_t buflen)
{
    unsigned long e = ERR_get_error();
    if (buf && buflen) {
        if (e) {
            char tmp[256];
            ERR_error_string_n(e, tmp, sizeof tmp);
            size_t used = strlen(buf);
            if (used < buflen)
                snprintf(buf + used, buflen - used, "%s%s", used ? ": " : "", tmp);
        }
    }
    ERR_clear_error();
}

static void set_err(char *err, size_t errlen, const char *what)
{
    if (err && errlen) {
        snprintf(err, errlen, "%s", what);
        sl_tls_drain_errors(err, errlen);
    } else {
        ERR_clear_error();
    }
}

static int alpn_select(SSL *ssl, const unsigned char **out, unsigned char *outlen,
                       const unsigned char *in, unsigned int inlen, void *arg)
{
    static const unsigned char ours[] = "\x0bstagelijn/1";
    unsigned char *sel = NULL;
    if (SSL_select_next_proto(&sel, outlen, ours, sizeof ours - 1, in, inlen) !=
        OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    *out = sel;
    return SSL_TLSEXT_ERR_OK;
}

static void common_ctx_options(SSL_CTX *ctx, bool allow_tls12)
{
    SSL_CTX_set_min_proto_version(ctx, allow_tls12 ? TLS1_2_VERSION : TLS1_3_VERSION);
    /* IGNORE_UNEXPECTED_EOF: a peer that closes without close_notify is not an error for
     * us; frames are length-prefixed, so truncation is detected by the framing. */
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
                                 SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_IGNORE_UNEXPECTED_EOF);
    SSL_CTX_set_mode(ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_ENABLE_PARTIAL_WRITE);
}

/* TLS 1.3 resumption with stateless tickets: the server keeps nothing per session (no
 * cache); the ticket, encrypted with this context's random key, carries the session. One
 * ticket per handshake (OpenSSL sends two by default) since a client opens one connection at
 * a time. Resumption still does a fresh (EC)DHE exchange (psk_dhe_ke), so a stolen ticket
 * key does not decrypt recorded traffic. The session id context keeps a session of one
 * listener from resuming on the other (a people's session has no device certificate). */
static bool enable_tickets(SSL_CTX *ctx, bool device)
{
    static const unsigned char people[] = "stagelijn-people", devices[] = "stagelijn-device";
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_clear_options(ctx, SSL_OP_NO_TICKET);
    /* A resumed session is as old as its first handshake: after two hours a full handshake
     * checks the certificates again. */
    SSL_CTX_set_timeout(ctx, SL_TLS_TICKET_LIFETIME_SECONDS);
    return SSL_CTX_set_num_tickets(ctx, 1) == 1 &&
           (device ? SSL_CTX_set_session_id_context(ctx, devices, sizeof devices - 1)
                   : SSL_CTX_set_session_id_context(ctx, people, sizeof people - 1)) == 1;
}

bool sl_tls_rotate_ticket_key(SSL_CTX *ctx)
{
    unsigned char keys[TICKET_KEY_BYTES];
    bool ok = RAND_priv_bytes(keys, sizeof keys) == 1 &&
              SSL_CTX_set_tlsext_ticket_keys(ctx, keys, sizeof keys) == 1;
    OPENSSL_cleanse(keys, sizeof keys);
    ERR_clear_error();
    return ok;
}

SSL_CTX *sl_tls_server_ctx_new(const sl_tls_server_opts *o, char *err, size_t errlen)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx) {
        set_err(err, errlen, "SSL_CTX_new");
        return NULL;
    }
    common_ctx_options(ctx, o->allow_tls12);
    if (SSL_CTX_use_certificate_chain_file(ctx, o->cert_file) != 1) {
        set_err(err, errlen, "cannot load server certificate");
        goto error;
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, o->key_file, SSL_FILETYPE_PEM) != 1) {
        set_err(err, errlen, "cannot load server key");
        goto error;
    }
    if (SSL_CTX_check_private_key(ctx) != 1) {
        set_err(err, errlen, "server key does not match certificate");
        goto error;
    }
    if (o->ca_file && o->ca_file[0]) {
        if (SSL_CTX_load_verify_locations(ctx, o->ca_file, NULL) != 1) {
            set_err(err, errlen, "cannot load device CA");
            goto error;
        }
        STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(o->ca_file);
        if (names)
            SSL_CTX_set_client_CA_list(ctx, names);
    }
    if (o->require_client_cert)
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
    else if (o->ca_file && o->ca_file[0])
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL); /* optional: verify if presented */
    SSL_CTX_set_alpn_select_cb(ctx, alpn_select, NULL);
    /* An idle connection keeps no TLS read/write buffers (about 34 KiB each otherwise; see
     * docs/architecture.md for the figures). */
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
    if (!enable_tickets(ctx, o->require_client_cert)) {
        set_err(err, errlen, "cannot enable session tickets");
        goto error;
    }
    ERR_clear_error();
    return ctx;
error:
    SSL_CTX_free(ctx);
    return NULL;
}

SSL_CTX *sl_tls_client_ctx_new(const sl_tls_client_opts *o, char *err, size_t errlen)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx) {
        set_err(err, errlen, "SSL_CTX_new");
        return NULL;
    }
    common_ctx_options(ctx, false);
    if (!o->ca_file || SSL_CTX_load_verify_locations(ctx, o->ca_file, NULL) != 1) {
        set_err(err, errlen, "cannot load CA certificate");
        goto error;
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    if (o->cert_file && o->cert_file[0]) {
        if (SSL_CTX_use_certificate_chain_file(ctx, o->cert_file) != 1 ||
            SSL_CTX_use_PrivateKey_file(ctx, o->key_file ? o->key_file : o->cert_file,
                                        SSL_FILETYPE_PEM) != 1 ||
            SSL_CTX_check_private_key(ctx) != 1) {
            set_err(err, errlen, "cannot load device certificate or key");
            goto error;
        }
    }
    static const unsigned char alpn[] = "\x0bstagelijn/1";
    SSL_CTX_set_alpn_protos(ctx, alpn, sizeof alpn - 1);
    ERR_clear_error();
    return ctx;
error:
    SSL_CTX_free(ctx);
    return NULL;
}

bool sl_tls_peer_company(SSL *ssl, char *out, size_t outlen)
{
    bool found = false;
    X509 *cert = SSL_get1_peer_certificate(ssl);
    if (!cert)
        return false;
    GENERAL_NAMES *names = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
    for (int i = 0; names && i < sk_GENERAL_NAME_num(names) && !found; i++) {
        const GENERAL_NAME *gn = sk_GENERAL_NAME_value(names, i);
        if (gn->type != GEN_URI)
            continue;
        const char *uri = (const char *)ASN1_STRING_get0_data(gn->d.uniformResourceIdentifier);
        int len = ASN1_STRING_length(gn->d.uniformResourceIdentifier);
        size_t plen = strlen(COMPANY_URI_PREFIX);
        if (len > (int)plen && (size_t)len - plen < outlen &&
            strncmp(uri, COMPANY_URI_PREFIX, plen) == 0) {
            memcpy(out, uri + plen, (size_t)len - plen);
            out[len - plen] = '\0';
            found = true;
        }
    }
    GENERAL_NAMES_free(names);
    X509_free(cert);
    return found;
}

bool sl_tls_cert_serial(X509 *cert, char *out, size_t outlen)
{
    BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), NULL);
    char *hex = bn ? BN_bn2hex(bn) : NULL;
    bool ok = hex && strlen(hex) < outlen;
    if (ok)
        memcpy(out, hex, strlen(hex) + 1);
    OPENSSL_free(hex);
    BN_free(bn);
    return ok;
}

bool sl_tls_peer_serial(SSL *ssl, char *out, size_t outlen)
{
    X509 *cert = SSL_get1_peer_certificate(ssl);
    if (!cert)
        return false;
    bool ok = sl_tls_cert_serial(cert, out, outlen);
    X509_free(cert);
    return ok;
}
