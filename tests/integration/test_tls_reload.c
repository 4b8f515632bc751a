/* Certificates and keys reloaded on SIGHUP (issue 10): a reload that fails (a broken
 * certificate file) keeps the old ones and is logged; a renewed server certificate (here from
 * another CA, so that the change shows) is used by the next connection without a restart. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "harness.h"

static test_server ts;

static int setup(void **state)
{
    (void)state;
    return ts_start(&ts, NULL) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return ts_teardown(&ts, NULL, 0);
}

static void pause_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static bool logs(const char *text)
{
    FILE *f = fopen(ts.log, "r");
    if (!f)
        return false;
    char line[2048];
    bool found = false;
    while (!found && fgets(line, sizeof line, f))
        found = strstr(line, text) != NULL;
    fclose(f);
    return found;
}

/* Whether an admin can log in, trusting the CA in ca_file. */
static bool admin_logs_in(const char *ca_file)
{
    char saved[sizeof ts.ca];
    memcpy(saved, ts.ca, sizeof saved);
    snprintf(ts.ca, sizeof ts.ca, "%s", ca_file);
    sl_client *c = ts_login(&ts, "admin", TS_ADMIN_PASSWORD);
    memcpy(ts.ca, saved, sizeof saved);
    sl_client_close(c);
    return c != NULL;
}

/* Runs a shell command in the daemon's data directory; its exit status. */
static int sh(const char *command)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && %s", ts.dir, command);
    return system(cmd);
}

static void failed_reload_keeps_old(void **state)
{
    (void)state;
    char good[400];
    snprintf(good, sizeof good, "%s/tls/ca.pem", ts.dir);
    assert_int_equal(
        sh("cp tls/server.pem server.pem.keep && echo 'not a certificate' > tls/server.pem"), 0);
    assert_int_equal(kill(ts.pid, SIGHUP), 0);
    for (int i = 0; i < 50 && !logs("TLS reload failed"); i++)
        pause_ms(100);
    assert_true(logs("TLS reload failed"));
    assert_true(admin_logs_in(good));
    assert_int_equal(sh("cp server.pem.keep tls/server.pem"), 0);
}

static void renewed_certificate_used_without_restart(void **state)
{
    (void)state;
    /* A new CA and a server certificate from it, put where the daemon reads its own. */
    assert_int_equal(
        sh("printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n"
           "extendedKeyUsage=serverAuth\\n' > ext2.cnf && "
           "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
           "-keyout ca2.key -out ca2.pem -days 2 -subj /CN=ca2 "
           "-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign "
           "2>/dev/null && "
           "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout srv2.key "
           "-out srv2.csr -subj /CN=localhost 2>/dev/null && "
           "openssl x509 -req -in srv2.csr -CA ca2.pem -CAkey ca2.key -CAcreateserial "
           "-out srv2.pem -days 2 -extfile ext2.cnf 2>/dev/null && "
           "cp srv2.pem tls/server.pem && cp srv2.key tls/server.key"),
        0);
    char old_ca[400], new_ca[400];
    snprintf(old_ca, sizeof old_ca, "%s/tls/ca.pem", ts.dir);
    snprintf(new_ca, sizeof new_ca, "%s/ca2.pem", ts.dir);
    /* Not before the signal: the daemon still serves the old certificate. */
    assert_true(admin_logs_in(old_ca));
    assert_int_equal(kill(ts.pid, SIGHUP), 0);
    for (int i = 0; i < 50 && !logs("TLS certificates and keys reloaded"); i++)
        pause_ms(100);
    assert_true(admin_logs_in(new_ca));
    assert_false(admin_logs_in(old_ca));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(failed_reload_keeps_old),
        cmocka_unit_test(renewed_certificate_used_without_restart),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
