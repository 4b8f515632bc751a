/* The server's TLS context: sessions resume with a ticket, and a rotated ticket key makes the
 * tickets issued before it useless (a full handshake instead). Handshakes run in-process over
 * a BIO pair, with the development CA's certificates in a temporary directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "devca.h"
#include "tls.h"

typedef struct {
    char dir[64];
    SSL_CTX *server, *client;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/stagelijn-tls-XXXXXX");
    char err[256], cert[128], key[128], ca[128];
    if (!mkdtemp(f->dir) || !devca_ensure(f->dir, err, sizeof err))
        return -1;
    snprintf(cert, sizeof cert, "%s/tls/server.pem", f->dir);
    snprintf(key, sizeof key, "%s/tls/server.key", f->dir);
    snprintf(ca, sizeof ca, "%s/tls/ca.pem", f->dir);
    sl_tls_server_opts so = {.cert_file = cert, .key_file = key, .ca_file = ca};
    sl_tls_client_opts co = {.ca_file = ca};
    f->server = sl_tls_server_ctx_new(&so, err, sizeof err);
    f->client = sl_tls_client_ctx_new(&co, err, sizeof err);
    *state = f;
    return f->server && f->client ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    SSL_CTX_free(f->server);
    SSL_CTX_free(f->client);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    int rc = system(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

/* One handshake offering `session` (may be NULL). Returns the client's session afterwards
 * (holding the ticket the server sent; caller frees) and sets *resumed; NULL on failure. */
static SSL_SESSION *handshake(fixture *f, SSL_SESSION *session, bool *resumed)
{
    SSL *c = SSL_new(f->client), *s = SSL_new(f->server);
    BIO *cb, *sb;
    SSL_SESSION *out = NULL;
    if (!c || !s || BIO_new_bio_pair(&cb, 0, &sb, 0) != 1)
        goto done;
    SSL_set_bio(c, cb, cb);
    SSL_set_bio(s, sb, sb);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    if (session)
        SSL_set_session(c, session);
    int rc = 0, rs = 0;
    for (int i = 0; i < 20 && (rc != 1 || rs != 1); i++) {
        if (rc != 1)
            rc = SSL_do_handshake(c);
        if (rs != 1)
            rs = SSL_do_handshake(s);
    }
    if (rc != 1 || rs != 1) {
        fprintf(stderr, "handshake: client %d (%d), server %d (%d): %s\n", rc, SSL_get_error(c, rc),
                rs, SSL_get_error(s, rs), ERR_reason_error_string(ERR_peek_error()));
        goto done;
    }
    /* The ticket follows the handshake: one byte from the server makes the client read it. */
    unsigned char byte = 'x';
    if (SSL_write(s, &byte, 1) != 1 || SSL_read(c, &byte, 1) != 1)
        goto done;
    *resumed = SSL_session_reused(c) == 1;
    out = SSL_get1_session(c);
    /* Freed without close_notify, OpenSSL would mark the session not resumable. */
    SSL_shutdown(c);
done:
    SSL_free(c);
    SSL_free(s);
    ERR_clear_error();
    return out;
}

static void test_ticket_resumes_and_rotation_ends_it(void **state)
{
    fixture *f = *state;
    bool resumed = true;
    SSL_SESSION *first = handshake(f, NULL, &resumed);
    assert_non_null(first);
    assert_false(resumed);
    assert_int_equal(SSL_SESSION_is_resumable(first), 1);
    SSL_SESSION *second = handshake(f, first, &resumed);
    assert_non_null(second);
    assert_true(resumed);
    /* A new key: the ticket of `second` no longer opens; a full handshake is made. */
    assert_true(sl_tls_rotate_ticket_key(f->server));
    SSL_SESSION *third = handshake(f, second, &resumed);
    assert_non_null(third);
    assert_false(resumed);
    /* And the ticket issued under the new key resumes again. */
    SSL_SESSION *fourth = handshake(f, third, &resumed);
    assert_non_null(fourth);
    assert_true(resumed);
    SSL_SESSION_free(first);
    SSL_SESSION_free(second);
    SSL_SESSION_free(third);
    SSL_SESSION_free(fourth);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ticket_resumes_and_rotation_ends_it, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
