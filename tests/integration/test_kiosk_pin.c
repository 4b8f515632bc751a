/* Kiosk PINs (issue 8): an admin or coach sets an intern's PIN (trivial and malformed PINs
 * refused, other roles refused); the intern logs in with it only on a kiosk of the company
 * where he/she is placed now; a session opened with a PIN works only there; wrong PINs lock
 * the account until a new PIN is set, and lock the device for a while. Through the library
 * and through the real clients (stagelijn pin set, stagelijn-admin pin set,
 * stagelijn-kiosk login --pin with the PIN on standard input). */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT

static struct {
    test_server ts;
    sl_client *admin, *coach, *sup;
    char company_a[37], company_b[37];
    char anna[37], bram[37], noor[37]; /* anna placed at A, bram at B, noor has no login */
    char cert[300], key[300], dport[64];
} W;

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&W.ts, "device_listen = 127.0.0.1:0\n") || W.ts.device_port <= 0)
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char klass[37], sup_a[37], sup_b[37], otp[64];
    const ts_company_spec ca = {.name = "Bakkerij De Korenschoof"};
    const ts_company_spec cb = {.name = "Tuincentrum Groenrijk"};
    const ts_student_spec sa = {.first_name = "Anna",
                                .last_name = "Bakker",
                                .class_id = klass,
                                .date_of_birth = "2008-03-03",
                                .username = "anna"};
    const ts_student_spec sb = {.first_name = "Bram",
                                .last_name = "Visser",
                                .class_id = klass,
                                .date_of_birth = "2008-04-04",
                                .username = "bram"};
    const ts_student_spec sn = {
        .first_name = "Noor", .class_id = klass, .date_of_birth = "2008-05-05"};
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, NULL) ||
        !ts_make_class(W.admin, "5K", 5, NULL, klass) ||
        !ts_make_company(W.admin, &ca, W.company_a) ||
        !ts_make_company(W.admin, &cb, W.company_b) ||
        !ts_create_user(W.admin, "sup-a", 5, W.company_a, sup_a) ||
        !ts_create_user(W.admin, "sup-b", 5, W.company_b, sup_b) ||
        !ts_make_student(W.admin, &sa, W.anna, otp))
        return -1;
    sl_client *s = ts_student_login(&W.ts, "anna", otp);
    sl_client_close(s);
    if (!s || !ts_make_student(W.admin, &sb, W.bram, otp))
        return -1;
    s = ts_student_login(&W.ts, "bram", otp);
    sl_client_close(s);
    if (!s || !ts_make_student(W.admin, &sn, W.noor, NULL))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    W.sup = ts_login(&W.ts, "sup-a", TS_PASSWORD);
    if (!W.coach || !W.sup)
        return -1;
    char start[11], end[11], pid[37];
    ts_monday(-14, start);
    ts_date(60, end);
    ts_placement_spec p = {.student_id = W.anna,
                           .company_id = W.company_a,
                           .supervisor_id = sup_a,
                           .kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR,
                           .start_date = start,
                           .end_date = end,
                           .n_days = 3,
                           .day_start = "09:00",
                           .day_end = "15:00",
                           .break_minutes = 30};
    if (!ts_make_active_placement(W.coach, &p, TS_SIGN_ADULT, pid))
        return -1;
    p.student_id = W.bram;
    p.company_id = W.company_b;
    p.supervisor_id = sup_b;
    if (!ts_make_active_placement(W.coach, &p, TS_SIGN_ADULT, pid))
        return -1;

    /* A kiosk certificate bound to company A, with the daemon's own tool. */
    char cmd[1400];
    snprintf(W.cert, sizeof W.cert, "%s/kiosk.pem", W.ts.dir);
    snprintf(W.key, sizeof W.key, "%s/kiosk.key", W.ts.dir);
    snprintf(W.dport, sizeof W.dport, "127.0.0.1:%d", W.ts.device_port);
    snprintf(cmd, sizeof cmd,
             "%s/server/stagelijnd --data-dir %s --issue-device-cert kiosk-a --company %s "
             "--cert-out %s --key-out %s >/dev/null",
             SL_BUILD_DIR, W.ts.dir, W.company_a, W.cert, W.key);
    return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *all[] = {W.admin, W.coach, W.sup};
    return ts_teardown(&W.ts, all, sizeof all / sizeof all[0]);
}

static sl_status set_pin(sl_client *c, const char *student, const char *pin)
{
    Stagelijn__V1__SetPinRequest sp = STAGELIJN__V1__SET_PIN_REQUEST__INIT;
    sp.student_id = (char *)student;
    sp.pin = (char *)pin;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SET_PIN;
    req.set_pin = &sp;
    return ts_send(c, &req, NULL);
}

/* A connection to the kiosk port with company A's certificate. */
static sl_client *kiosk(void)
{
    sl_client_opts o = {.host = "127.0.0.1",
                        .port = W.ts.device_port,
                        .ca_file = W.ts.ca,
                        .cert_file = W.cert,
                        .key_file = W.key,
                        .timeout_ms = 20000,
                        .kind = STAGELIJN__V1__CLIENT_KIND__CLIENT_KIOSK};
    sl_client *c = NULL;
    char err[512];
    assert_int_equal(sl_client_connect(&o, &c, err, sizeof err), SL_OK);
    return c;
}

/* A PIN login on a fresh kiosk connection; the message code of a refusal into code. */
static sl_status pin_login(const char *user, const char *pin, char *code, size_t code_len)
{
    sl_client *c = kiosk();
    char err[512];
    sl_status st = sl_client_pin_login(c, user, pin, NULL, err, sizeof err);
    const Stagelijn__V1__Error *e = sl_client_last_error(c);
    snprintf(code, code_len, "%s", st != SL_OK && e ? e->message_code : "");
    sl_client_close(c);
    return st;
}

static void test_set_pin_refusals(void **state)
{
    (void)state;
    long before = ts_count_rows(&W.ts, "student_pins");
    /* Trivial PINs: all one digit, a row up or down, at each length. */
    const char *trivial[] = {"0000", "1111", "999999", "1234", "0123", "456789", "4321", "987654"};
    for (size_t i = 0; i < sizeof trivial / sizeof trivial[0]; i++)
        assert_int_equal(set_pin(W.coach, W.anna, trivial[i]), SL_EINVAL);
    /* Not 4 to 6 digits. */
    const char *malformed[] = {"", "258", "2580147", "25a0", " 2580", "25-80"};
    for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++)
        assert_int_equal(set_pin(W.coach, W.anna, malformed[i]), SL_EINVAL);
    /* Neither the supervisor nor the student sets a PIN. */
    assert_int_equal(set_pin(W.sup, W.anna, "2580"), SL_EPERM);
    /* A student without a login of her own has nothing to log in with. */
    assert_int_equal(set_pin(W.coach, W.noor, "2580"), SL_EPRECOND);
    assert_int_equal(ts_count_rows(&W.ts, "student_pins"), before);
}

static void test_pin_login(void **state)
{
    (void)state;
    assert_int_equal(set_pin(W.coach, W.anna, "2580"), SL_OK);
    char code[64];
    sl_client *c = kiosk();
    char err[512];
    sl_envelope *rep = NULL;
    assert_int_equal(sl_client_pin_login(c, "anna", "2580", &rep, err, sizeof err), SL_OK);
    assert_non_null(rep);
    assert_int_equal(rep->login_reply->user->role, STAGELIJN__V1__ROLE__ROLE_STUDENT);
    char token[80];
    snprintf(token, sizeof token, "%s", rep->login_reply->token);
    sl_envelope_free(rep);
    /* The session works on the kiosk: the intern reads her own placements. */
    Stagelijn__V1__ListPlacementsRequest lp = STAGELIJN__V1__LIST_PLACEMENTS_REQUEST__INIT;
    ENV(list);
    list.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_PLACEMENTS;
    list.list_placements = &lp;
    rep = ts_call(c, &list, SL_OK);
    assert_non_null(rep);
    assert_int_equal(rep->list_placements_reply->n_placements, 1);
    sl_envelope_free(rep);
    sl_client_close(c);

    /* ... but not on a workstation: a PIN is no password. */
    sl_client *ws = ts_connect(&W.ts, STAGELIJN__V1__CLIENT_KIND__CLIENT_WORKSTATION);
    Stagelijn__V1__ResumeRequest rr = STAGELIJN__V1__RESUME_REQUEST__INIT;
    rr.token = token;
    ENV(resume);
    resume.body_case = STAGELIJN__V1__ENVELOPE__BODY_RESUME;
    resume.resume = &rr;
    assert_true(ts_expect(ws, &resume, SL_EPERM));
    assert_true(ts_expect(ws, &list, SL_EUNAUTH));
    /* Nor a PIN login on the workstation port. */
    assert_int_equal(sl_client_pin_login(ws, "anna", "2580", NULL, err, sizeof err), SL_EPERM);
    assert_string_equal(sl_client_last_error(ws)->message_code, "pin_kiosk_only");
    sl_client_close(ws);

    /* Another company's intern on company A's kiosk: told no more than for a wrong PIN. */
    assert_int_equal(set_pin(W.coach, W.bram, "7391"), SL_OK);
    assert_int_equal(pin_login("bram", "7391", code, sizeof code), SL_EUNAUTH);
    assert_string_equal(code, "wrong_pin");
    /* A malformed PIN is a usage error, not a guess. */
    assert_int_equal(pin_login("anna", "25x0", code, sizeof code), SL_EINVAL);
    /* An unknown user: the same answer as a wrong PIN. */
    assert_int_equal(pin_login("nobody", "2580", code, sizeof code), SL_EUNAUTH);
    assert_string_equal(code, "wrong_pin");
}

static void test_pin_guessed_too_often(void **state)
{
    (void)state;
    char code[64];
    assert_int_equal(set_pin(W.coach, W.anna, "2580"), SL_OK);
    /* Four wrong, then the right one: the count starts again. */
    for (int i = 0; i < 4; i++)
        assert_int_equal(pin_login("anna", "1357", code, sizeof code), SL_EUNAUTH);
    assert_int_equal(pin_login("anna", "2580", code, sizeof code), SL_OK);
    /* Five wrong in a row lock the account's PIN login, also for the right PIN. */
    for (int i = 0; i < 5; i++)
        assert_int_equal(pin_login("anna", "1357", code, sizeof code), SL_EUNAUTH);
    assert_int_equal(pin_login("anna", "2580", code, sizeof code), SL_EEXHAUSTED);
    assert_string_equal(code, "pin_locked");
    /* The password login is not locked by it. */
    sl_client *pw = ts_login(&W.ts, "anna", TS_PASSWORD);
    assert_non_null(pw);
    sl_client_close(pw);
    /* Until the coach sets a new PIN. */
    assert_int_equal(set_pin(W.coach, W.anna, "3691"), SL_OK);
    assert_int_equal(pin_login("anna", "2580", code, sizeof code), SL_EUNAUTH);
    assert_int_equal(pin_login("anna", "3691", code, sizeof code), SL_OK);
}

/* Runs a client with the given text on its standard input. */
static int run_with_stdin(const char *prog, const char *user, const char *input,
                          const char *const *args, char *out, size_t outlen, bool json)
{
    char path[400];
    snprintf(path, sizeof path, "%s/stdin.txt", W.ts.dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(input, f);
    fclose(f);
    int saved = dup(0), fd = open(path, O_RDONLY);
    assert_true(saved >= 0 && fd >= 0);
    dup2(fd, 0);
    close(fd);
    int rc = json ? ts_run_cli(&W.ts, prog, user, TS_PASSWORD, args, out, outlen)
                  : ts_run_cli_human(&W.ts, prog, user, TS_PASSWORD, args, out, outlen);
    dup2(saved, 0);
    close(saved);
    return rc;
}

static void test_clients(void **state)
{
    (void)state;
    static char out[8192];
    /* The coach names the intern; the PIN comes from STAGELIJN_PIN. */
    setenv("STAGELIJN_PIN", "4826", 1);
    const char *by_name[] = {"pin", "set", "--student", "Anna Bakker", NULL};
    int rc = ts_run_cli_human(&W.ts, "stagelijn", "coach", TS_PASSWORD, by_name, out, sizeof out);
    if (rc != 0)
        fprintf(stderr, "pin set: %d %s\n", rc, out);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "Anna Bakker"));
    /* The admin program the same, by user name; a trivial PIN is refused. */
    setenv("STAGELIJN_PIN", "1111", 1);
    const char *by_user[] = {"pin", "set", "--student", "bram", NULL};
    assert_int_equal(
        ts_run_cli(&W.ts, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, by_user, out, sizeof out),
        1);
    assert_non_null(strstr(out, "invalid_argument"));
    setenv("STAGELIJN_PIN", "5172", 1);
    assert_int_equal(
        ts_run_cli(&W.ts, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, by_user, out, sizeof out),
        0);
    const char *nobody[] = {"pin", "set", "--student", "Niemand Anders", NULL};
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn", "coach", TS_PASSWORD, nobody, out, sizeof out),
                     1);
    unsetenv("STAGELIJN_PIN");

    /* The kiosk: the PIN on standard input, no password needed. */
    long sessions = ts_count_rows(&W.ts, "sessions");
    const char *login[] = {"--server", W.dport, "--cert", W.cert, "--key",
                           W.key,      "login", "--pin",  NULL};
    assert_int_equal(
        run_with_stdin("stagelijn-kiosk", "anna", "4826\n", login, out, sizeof out, true), 0);
    assert_non_null(strstr(out, "\"username\":\"anna\""));
    /* The command only logs in: its session ends with it. */
    assert_int_equal(ts_count_rows(&W.ts, "sessions"), sessions);
    assert_int_equal(
        run_with_stdin("stagelijn-kiosk", "anna", "4827\n", login, out, sizeof out, true), 1);
    assert_non_null(strstr(out, "unauthenticated"));
    /* Without --pin the command says how to log in. */
    const char *bare[] = {"--server", W.dport, "--cert", W.cert, "--key", W.key, "login", NULL};
    assert_int_equal(
        run_with_stdin("stagelijn-kiosk", "anna", "4826\n", bare, out, sizeof out, true), 2);
}

/* Every command of stagelijn-kiosk takes the intern's PIN as a password is taken (kioskoff):
 * from --pin-file (a file, or /dev/stdin), or with --pin from STAGELIJN_PIN; never from the
 * command line. The password the harness gives is wrong on purpose: the PIN is what counts. */
static void test_intern_commands_with_pin(void **state)
{
    (void)state;
    static char out[8192];
    char pin_file[400];
    snprintf(pin_file, sizeof pin_file, "%s/anna.pin", W.ts.dir);
    FILE *f = fopen(pin_file, "w");
    assert_non_null(f);
    fputs("4826\n", f);
    fclose(f);
    const char *week[] = {"--server",   W.dport,  "--cert", W.cert, "--key", W.key,
                          "--pin-file", pin_file, "week",   "show", NULL};
    int rc = ts_run_cli_human(&W.ts, "stagelijn-kiosk", "anna", "not-the-password", week, out,
                              sizeof out);
    if (rc != 0)
        fprintf(stderr, "week show with a PIN: %d %s\n", rc, out);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "Anna Bakker"));
    /* A clock-in with the PIN on standard input, the clock-out with STAGELIJN_PIN. */
    const char *in[] = {"--server",   W.dport,      "--cert", W.cert, "--key", W.key,
                        "--pin-file", "/dev/stdin", "clock",  "in",   NULL};
    rc = run_with_stdin("stagelijn-kiosk", "anna", "4826\n", in, out, sizeof out, true);
    if (rc != 0)
        fprintf(stderr, "clock in with a PIN: %d %s\n", rc, out);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "\"student_name\":\"Anna Bakker\""));
    assert_non_null(strstr(out, "\"clock_out_at\":0,"));
    sleep(1); /* a shift lasts at least a second */
    setenv("STAGELIJN_PIN", "4826", 1);
    const char *clock_out[] = {"--server", W.dport, "--cert", W.cert, "--key",
                               W.key,      "--pin", "clock",  "out",  NULL};
    rc = ts_run_cli(&W.ts, "stagelijn-kiosk", "anna", "not-the-password", clock_out, out,
                    sizeof out);
    if (rc != 0)
        fprintf(stderr, "clock out with a PIN: %d %s\n", rc, out);
    assert_int_equal(rc, 0);
    /* A wrong PIN is refused like a wrong password; the login command takes the same PIN. */
    setenv("STAGELIJN_PIN", "4827", 1);
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn-kiosk", "anna", "not-the-password", clock_out,
                                out, sizeof out),
                     1);
    assert_non_null(strstr(out, "unauthenticated"));
    unsetenv("STAGELIJN_PIN");
    const char *login[] = {"--server", W.dport,      "--cert", W.cert,  "--key",
                           W.key,      "--pin-file", pin_file, "login", NULL};
    assert_int_equal(
        ts_run_cli(&W.ts, "stagelijn-kiosk", "anna", "not-the-password", login, out, sizeof out),
        0);
    assert_non_null(strstr(out, "\"username\":\"anna\""));
    /* Only the kiosk knows these options. */
    const char *elsewhere[] = {"--pin-file", pin_file, "placement", "list", NULL};
    assert_int_equal(
        ts_run_cli(&W.ts, "stagelijn", "coach", TS_PASSWORD, elsewhere, out, sizeof out), 2);
}

/* Last: it locks company A's kiosk for everybody. */
static void test_device_throttle(void **state)
{
    (void)state;
    char code[64];
    /* Wrong PINs for names that do not exist lock no account but do count on the device:
     * this test's earlier failures count too, so go until the device refuses. */
    int tries = 0;
    sl_status st;
    while ((st = pin_login("nobody", "1357", code, sizeof code)) == SL_EUNAUTH && tries < 30)
        tries++;
    assert_int_equal(st, SL_EEXHAUSTED);
    assert_string_equal(code, "pin_device_locked");
    assert_true(tries <= 20);
    /* Now even a right PIN waits. */
    assert_int_equal(pin_login("anna", "4826", code, sizeof code), SL_EEXHAUSTED);
    assert_string_equal(code, "pin_device_locked");
    /* The supervisor's password login on the same kiosk is not a PIN: it still works. */
    sl_client *c = kiosk();
    char err[512];
    assert_int_equal(sl_client_login(c, "sup-a", TS_PASSWORD, NULL, err, sizeof err), SL_OK);
    sl_client_close(c);
}

int main(void)
{
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_pin_refusals),         cmocka_unit_test(test_pin_login),
        cmocka_unit_test(test_pin_guessed_too_often),    cmocka_unit_test(test_clients),
        cmocka_unit_test(test_intern_commands_with_pin), cmocka_unit_test(test_device_throttle),
    };
    return cmocka_run_group_tests_name("integration_kiosk_pin", tests, setup, teardown);
}
