/* Kiosk certificates from the administrator's console (issue 10), through stagelijn-admin:
 * issued for an existing company (refused for one that does not exist), written to new 0600
 * files, listed with company name, serial, end of validity and revocation; a revoked one is
 * refused on its next handshake while the daemon keeps running (and after a restart), others
 * still work. A coach may do none of it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "harness.h"

#define ADMIN "stagelijn-admin"
#define COMPANY "Bakkerij De Korenschoof"

static struct {
    test_server ts;
    sl_client *admin;
    char company[37];
} W;

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&W.ts, "device_listen = 127.0.0.1:0\n") || W.ts.device_port <= 0)
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    const ts_company_spec c = {.name = COMPANY};
    if (!W.admin || !ts_make_company(W.admin, &c, W.company) ||
        !ts_create_user(W.admin, "coach", 2, NULL, NULL) ||
        !ts_create_user(W.admin, "pb.korenschoof", 5, W.company, NULL))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *all[] = {W.admin};
    return ts_teardown(&W.ts, all, 1);
}

static int admin_cli(const char *const *args, char *out, size_t n)
{
    return ts_run_cli(&W.ts, ADMIN, "admin", TS_ADMIN_PASSWORD, args, out, n);
}

/* A kiosk connection with this certificate (through TLS and Hello), or NULL. */
static sl_client *kiosk(const char *cert, const char *key)
{
    sl_client_opts o = {.host = "127.0.0.1",
                        .port = W.ts.device_port,
                        .ca_file = W.ts.ca,
                        .cert_file = cert,
                        .key_file = key,
                        .timeout_ms = 10000,
                        .kind = STAGELIJN__V1__CLIENT_KIND__CLIENT_KIOSK};
    sl_client *c = NULL;
    char err[512];
    return sl_client_connect(&o, &c, err, sizeof err) == SL_OK ? c : NULL;
}

static bool kiosk_connects(const char *cert, const char *key)
{
    sl_client *c = kiosk(cert, key);
    sl_client_close(c);
    return c != NULL;
}

/* The company's supervisor lists his/her company on the kiosk connection: its status. */
static sl_status kiosk_works(sl_client *c)
{
    Stagelijn__V1__ListCompaniesRequest lc = STAGELIJN__V1__LIST_COMPANIES_REQUEST__INIT;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep = NULL;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_COMPANIES;
    req.list_companies = &lc;
    sl_status st = ts_send(c, &req, &rep);
    sl_envelope_free(rep);
    return st;
}

/* Issues a certificate named `name` into DIR/name.pem and .key; its serial into serial. */
static void issue(const char *name, char cert[400], char key[400], char serial[64])
{
    snprintf(cert, 400, "%s/%s.pem", W.ts.dir, name);
    snprintf(key, 400, "%s/%s.key", W.ts.dir, name);
    const char *args[] = {"device",     "issue", "--company", COMPANY, "--name", name,
                          "--cert-out", cert,    "--key-out", key,     NULL};
    char out[8192];
    assert_int_equal(admin_cli(args, out, sizeof out), 0);
    assert_true(ts_json_str(out, "serial", serial, 64));
    assert_non_null(strstr(out, COMPANY));
    /* The key never reaches the output, only its file. */
    assert_null(strstr(out, "PRIVATE KEY"));
    struct stat sb;
    assert_int_equal(stat(key, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_int_equal(stat(cert, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
}

/* Restarts the daemon, the admin's connection with it. */
static void restart_daemon(void)
{
    sl_client_close(W.admin);
    W.admin = NULL;
    assert_true(ts_restart(&W.ts));
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    assert_non_null(W.admin);
}

static void issue_list_revoke(void **state)
{
    (void)state;
    char cert1[400], key1[400], serial1[64], cert2[400], key2[400], serial2[64];
    issue("kiosk-kantine", cert1, key1, serial1);
    issue("kiosk-magazijn", cert2, key2, serial2);
    assert_string_not_equal(serial1, serial2);
    assert_true(kiosk_connects(cert1, key1));
    assert_true(kiosk_connects(cert2, key2));

    char out[8192];
    const char *list[] = {"device", "list", NULL};
    assert_int_equal(
        ts_run_cli_human(&W.ts, ADMIN, "admin", TS_ADMIN_PASSWORD, list, out, sizeof out), 0);
    assert_non_null(strstr(out, serial1));
    assert_non_null(strstr(out, "kiosk-kantine"));
    assert_non_null(strstr(out, COMPANY));

    /* Revoked while the daemon runs: refused on the next handshake, a kiosk connected with it
     * now is out at once; the other kiosk and the admin's open connection go on. */
    sl_client *open1 = kiosk(cert1, key1), *open2 = kiosk(cert2, key2);
    char err[256];
    assert_non_null(open1);
    assert_non_null(open2);
    assert_int_equal(sl_client_login(open1, "pb.korenschoof", TS_PASSWORD, NULL, err, sizeof err),
                     SL_OK);
    assert_int_equal(sl_client_login(open2, "pb.korenschoof", TS_PASSWORD, NULL, err, sizeof err),
                     SL_OK);
    assert_int_equal(kiosk_works(open1), SL_OK);
    const char *revoke[] = {"device", "revoke", "--serial", serial1, NULL};
    assert_int_equal(admin_cli(revoke, out, sizeof out), 0);
    assert_non_null(strstr(out, "\"revoked_at\""));
    assert_int_not_equal(kiosk_works(open1), SL_OK);
    assert_int_equal(kiosk_works(open2), SL_OK);
    sl_client_close(open1);
    sl_client_close(open2);
    assert_false(kiosk_connects(cert1, key1));
    assert_true(kiosk_connects(cert2, key2));
    assert_int_equal(admin_cli(list, out, sizeof out), 0);
    assert_null(strstr(out, serial1));
    assert_non_null(strstr(out, serial2));
    const char *all[] = {"device", "list", "--all", NULL};
    assert_int_equal(admin_cli(all, out, sizeof out), 0);
    assert_non_null(strstr(out, serial1));
    /* Revoking again changes nothing and is no error. */
    assert_int_equal(admin_cli(revoke, out, sizeof out), 0);

    /* Still refused after a restart: the revocation is in the database. */
    restart_daemon();
    assert_false(kiosk_connects(cert1, key1));
    assert_true(kiosk_connects(cert2, key2));
}

static void refusals(void **state)
{
    (void)state;
    char out[8192], cert[400], key[400];
    snprintf(cert, sizeof cert, "%s/refused.pem", W.ts.dir);
    snprintf(key, sizeof key, "%s/refused.key", W.ts.dir);
    /* A company nobody can find: refused by the client by name, by the server by id. */
    const char *none[] = {"device",    "issue", "--company",  "Bestaat Niet BV",
                          "--name",    "k",     "--cert-out", cert,
                          "--key-out", key,     NULL};
    assert_int_equal(admin_cli(none, out, sizeof out), 1);
    Stagelijn__V1__IssueDeviceCert is = STAGELIJN__V1__ISSUE_DEVICE_CERT__INIT;
    is.company_id = "0b7a2f6e-1111-4222-8333-944455556666";
    is.device_name = "kiosk-x";
    Stagelijn__V1__ChangeDeviceCertRequest cd = STAGELIJN__V1__CHANGE_DEVICE_CERT_REQUEST__INIT;
    cd.action_case = STAGELIJN__V1__CHANGE_DEVICE_CERT_REQUEST__ACTION_ISSUE;
    cd.issue = &is;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CHANGE_DEVICE_CERT;
    req.change_device_cert = &cd;
    assert_true(ts_expect(W.admin, &req, SL_ENOTFOUND));
    struct stat sb;
    assert_int_not_equal(stat(cert, &sb), 0);
    assert_int_not_equal(stat(key, &sb), 0);

    const char *unknown[] = {"device", "revoke", "--serial", "ABCDEF0123", NULL};
    assert_int_equal(admin_cli(unknown, out, sizeof out), 1);
    assert_non_null(strstr(out, "no_such_device_cert"));

    /* A coach may do none of it. */
    const char *const coach_cmds[][12] = {
        {"device", "issue", "--company", COMPANY, "--name", "k", "--cert-out", cert, "--key-out",
         key, NULL},
        {"device", "list", NULL},
        {"device", "revoke", "--serial", "ABCDEF0123", NULL},
    };
    for (size_t i = 0; i < sizeof coach_cmds / sizeof coach_cmds[0]; i++)
        assert_int_equal(
            ts_run_cli(&W.ts, ADMIN, "coach", TS_PASSWORD, coach_cmds[i], out, sizeof out), 1);
    assert_int_not_equal(stat(cert, &sb), 0);
    assert_int_equal(ts_count_rows(&W.ts, "device_certs"), 2);
}

/* Issues a certificate with the daemon's own tool (`stagelijnd --issue-device-cert`, the way
 * before the console) into DIR/name.pem and .key; company "" binds none. */
static void issue_with_tool(const char *name, const char *company, char cert[400], char key[400])
{
    char cmd[2000], company_opt[80] = "";
    snprintf(cert, 400, "%s/%s.pem", W.ts.dir, name);
    snprintf(key, 400, "%s/%s.key", W.ts.dir, name);
    if (company[0])
        snprintf(company_opt, sizeof company_opt, "--company %s", company);
    snprintf(cmd, sizeof cmd,
             "%s/server/stagelijnd --data-dir %s --issue-device-cert %s %s --cert-out %s "
             "--key-out %s >/dev/null",
             SL_BUILD_DIR, W.ts.dir, name, company_opt, cert, key);
    assert_int_equal(system(cmd), 0);
}

/* Certificates of the daemon's own tool are in the console's register: listed (also one bound
 * to no company) and revoked; one issued before the register existed (its row gone here) is
 * entered from its file by `device revoke --cert` and refused from then on. A certificate the
 * CA did not issue as a device's is refused, and a coach may not register. */
static void tool_certs_listed_and_revoked(void **state)
{
    (void)state;
    char out[8192], cert1[400], key1[400], cert2[400], key2[400], cert3[400], key3[400];
    issue_with_tool("kiosk-oud", W.company, cert1, key1);
    issue_with_tool("kiosk-los", "", cert2, key2);
    issue_with_tool("kiosk-voor-register", W.company, cert3, key3);
    assert_true(kiosk_connects(cert1, key1));
    assert_true(kiosk_connects(cert3, key3));
    const char *list[] = {"device", "list", NULL};
    assert_int_equal(
        ts_run_cli_human(&W.ts, ADMIN, "admin", TS_ADMIN_PASSWORD, list, out, sizeof out), 0);
    assert_non_null(strstr(out, "kiosk-oud"));
    assert_non_null(strstr(out, "kiosk-los"));

    /* As if issued before the register existed. */
    char db[500];
    snprintf(db, sizeof db, "%s/stagelijn.db", W.ts.dir);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    sqlite3_busy_timeout(h, 5000);
    assert_int_equal(sqlite3_exec(h,
                                  "DELETE FROM device_certs WHERE device_name = "
                                  "'kiosk-voor-register'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(h);
    assert_int_equal(
        ts_run_cli_human(&W.ts, ADMIN, "admin", TS_ADMIN_PASSWORD, list, out, sizeof out), 0);
    assert_null(strstr(out, "kiosk-voor-register"));
    const char *revoke[] = {"device", "revoke", "--cert", cert3, NULL};
    assert_int_equal(admin_cli(revoke, out, sizeof out), 0);
    assert_non_null(strstr(out, "\"revoked_at\""));
    assert_non_null(strstr(out, "kiosk-voor-register"));
    assert_false(kiosk_connects(cert3, key3));
    assert_true(kiosk_connects(cert1, key1));
    const char *all[] = {"device", "list", "--all", NULL};
    assert_int_equal(
        ts_run_cli_human(&W.ts, ADMIN, "admin", TS_ADMIN_PASSWORD, all, out, sizeof out), 0);
    assert_non_null(strstr(out, "kiosk-voor-register"));

    /* Not a device certificate of this CA: the server's own. */
    long before = ts_count_rows(&W.ts, "device_certs");
    char server_pem[400];
    snprintf(server_pem, sizeof server_pem, "%s/tls/server.pem", W.ts.dir);
    const char *reg_server[] = {"device", "register", "--cert", server_pem, NULL};
    assert_int_equal(admin_cli(reg_server, out, sizeof out), 1);
    assert_non_null(strstr(out, "not_our_device_cert"));
    const char *reg[] = {"device", "register", "--cert", cert1, NULL};
    assert_int_equal(ts_run_cli(&W.ts, ADMIN, "coach", TS_PASSWORD, reg, out, sizeof out), 1);
    assert_int_equal(ts_count_rows(&W.ts, "device_certs"), before);
    /* Registering one already there changes nothing. */
    assert_int_equal(admin_cli(reg, out, sizeof out), 0);
    assert_non_null(strstr(out, "kiosk-oud"));
    assert_int_equal(ts_count_rows(&W.ts, "device_certs"), before);
}

/* The command's standard output and error into out[n]; its exit status. */
static int run_capture(const char *cmd, char *out, size_t n)
{
    char full[3000];
    snprintf(full, sizeof full, "%s 2>&1", cmd);
    FILE *p = popen(full, "r");
    if (!p)
        return -1;
    size_t got = fread(out, 1, n - 1, p);
    out[got] = '\0';
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Whether `openssl verify -crl_check` accepts the certificate against the CA and its CRL. */
static bool openssl_accepts(const char *crl, const char *cert)
{
    char cmd[1500], out[4096];
    snprintf(cmd, sizeof cmd, "openssl verify -crl_check -CAfile %s -CRLfile %s %s", W.ts.ca, crl,
             cert);
    return run_capture(cmd, out, sizeof out) == 0;
}

/* The device CA's CRL (DATA_DIR/tls/devices.crl.pem): signed by the CA, listing the revoked
 * serials (from the console and from a certificate file), rewritten on each revocation and at
 * start; openssl verify -crl_check refuses a revoked certificate and accepts the others. */
static void crl_published(void **state)
{
    (void)state;
    char crl[500], cmd[1200], out[16384], cert[400], key[400], serial[64];
    snprintf(crl, sizeof crl, "%s/tls/devices.crl.pem", W.ts.dir);
    issue("kiosk-crl", cert, key, serial);
    assert_true(openssl_accepts(crl, cert));
    snprintf(cmd, sizeof cmd, "openssl crl -in %s -noout -text -CAfile %s", crl, W.ts.ca);
    assert_int_equal(run_capture(cmd, out, sizeof out), 0);
    assert_non_null(strstr(out, "verify OK"));
    assert_null(strstr(out, serial));
    const char *revoke[] = {"device", "revoke", "--serial", serial, NULL};
    assert_int_equal(admin_cli(revoke, out, sizeof out), 0);
    assert_int_equal(run_capture(cmd, out, sizeof out), 0);
    assert_non_null(strstr(out, "verify OK"));
    assert_non_null(strstr(out, serial));
    assert_false(openssl_accepts(crl, cert));
    char other[400];
    snprintf(other, sizeof other, "%s/kiosk-oud.pem", W.ts.dir);
    assert_true(openssl_accepts(crl, other));
    snprintf(other, sizeof other, "%s/kiosk-voor-register.pem", W.ts.dir);
    assert_false(openssl_accepts(crl, other));

    /* Written again at start. */
    assert_int_equal(unlink(crl), 0);
    restart_daemon();
    assert_false(openssl_accepts(crl, cert));
    snprintf(other, sizeof other, "%s/kiosk-oud.pem", W.ts.dir);
    assert_true(openssl_accepts(crl, other));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(issue_list_revoke),
        cmocka_unit_test(refusals),
        cmocka_unit_test(tool_certs_listed_and_revoked),
        cmocka_unit_test(crl_published),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
