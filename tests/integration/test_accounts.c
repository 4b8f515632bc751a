/* The administrator's accounts (issue 10) through stagelijn-admin: disable and enable (an open
 * connection of the disabled account loses its session at once, its logins are refused),
 * reset a password (a one-time password, written to a new 0600 file with --out, which must
 * be changed first), unlock after the login throttle, change a role (a supervisor with a
 * company by name; a company that does not exist refused), the list sorted by user name,
 * paged, with state and last login. A coach may do none of it; an admin not to him/herself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "harness.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT
#define ADMIN "stagelijn-admin"

static struct {
    test_server ts;
    sl_client *admin;
    char company[37];
} W;

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&W.ts, "login_max_failures = 3\n"))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    const ts_company_spec c = {.name = "Bakkerij De Korenschoof"};
    if (!W.admin || !ts_make_company(W.admin, &c, W.company))
        return -1;
    const char *users[] = {"coach", "c.dijkstra", "c.jansen", "c.visser", "c.bos", "c.smit"};
    for (size_t i = 0; i < sizeof users / sizeof users[0]; i++)
        if (!ts_create_user(W.admin, users[i], 2, NULL, NULL))
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

/* Logs in as user; the status, and *must_change. */
static sl_status try_login(const char *user, const char *password, bool *must_change)
{
    sl_client *c = ts_connect(&W.ts, STAGELIJN__V1__CLIENT_KIND__CLIENT_WORKSTATION);
    if (!c)
        return SL_EINTERNAL;
    char err[256];
    bool mc = false;
    sl_status st = sl_client_login(c, user, password, &mc, err, sizeof err);
    if (must_change)
        *must_change = mc;
    sl_client_close(c);
    return st;
}

/* The account's line of the admin's JSON list, copied into line; false when absent. */
static bool account_json(const char *user, char *line, size_t n)
{
    const char *args[] = {"account", "list", NULL};
    static char out[65536];
    if (admin_cli(args, out, sizeof out) != 0)
        return false;
    char key[96];
    snprintf(key, sizeof key, "\"username\":\"%s\"", user);
    const char *at = strstr(out, key);
    if (!at)
        return false;
    const char *end = strchr(at, '}');
    size_t len = end ? (size_t)(end - at) : strlen(at);
    if (len >= n)
        len = n - 1;
    memcpy(line, at, len);
    line[len] = '\0';
    return true;
}

static sl_status list_users(sl_client *c)
{
    Stagelijn__V1__ListClassesRequest lc = STAGELIJN__V1__LIST_CLASSES_REQUEST__INIT;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_CLASSES;
    req.list_classes = &lc;
    sl_envelope *rep = NULL;
    sl_status st = ts_send(c, &req, &rep);
    sl_envelope_free(rep);
    return st;
}

static void disable_ends_open_session_and_refuses_login(void **state)
{
    (void)state;
    sl_client *open = ts_login(&W.ts, "c.dijkstra", TS_PASSWORD);
    assert_non_null(open);
    assert_int_equal(list_users(open), SL_OK);
    char out[4096];
    const char *dis[] = {"account", "disable", "--username", "c.dijkstra", NULL};
    assert_int_equal(admin_cli(dis, out, sizeof out), 0);
    /* The connection stays, its session is gone on the very next request. */
    assert_int_equal(list_users(open), SL_EUNAUTH);
    sl_client_close(open);
    assert_int_equal(try_login("c.dijkstra", TS_PASSWORD, NULL), SL_EUNAUTH);
    char line[1024];
    assert_true(account_json("c.dijkstra", line, sizeof line));
    assert_null(strstr(line, "\"enabled\":true"));

    const char *en[] = {"account", "enable", "--username", "c.dijkstra", NULL};
    assert_int_equal(
        ts_run_cli_human(&W.ts, ADMIN, "admin", TS_ADMIN_PASSWORD, en, out, sizeof out), 0);
    assert_non_null(strstr(out, "c.dijkstra"));
    assert_int_equal(try_login("c.dijkstra", TS_PASSWORD, NULL), SL_OK);
    assert_true(account_json("c.dijkstra", line, sizeof line));
    assert_non_null(strstr(line, "\"enabled\":true"));
}

static void reset_password_to_file_must_change(void **state)
{
    (void)state;
    sl_client *open = ts_login(&W.ts, "c.jansen", TS_PASSWORD);
    assert_non_null(open);
    char path[400], out[4096];
    snprintf(path, sizeof path, "%s/otp-jansen.txt", W.ts.dir);
    const char *args[] = {"account", "reset-password", "--username", "c.jansen", "--out", path,
                          NULL};
    assert_int_equal(admin_cli(args, out, sizeof out), 0);
    /* The password is in the file only, which only its owner reads. */
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char otp[128] = "";
    assert_non_null(fgets(otp, sizeof otp, f));
    fclose(f);
    otp[strcspn(otp, "\n")] = '\0';
    assert_true(strlen(otp) >= 10);
    assert_null(strstr(out, otp));
    /* A second run does not overwrite the file: refused before anything changes. */
    assert_int_equal(admin_cli(args, out, sizeof out), 2);

    assert_int_equal(list_users(open), SL_EUNAUTH);
    sl_client_close(open);
    assert_int_equal(try_login("c.jansen", TS_PASSWORD, NULL), SL_EUNAUTH);
    bool must_change = false;
    assert_int_equal(try_login("c.jansen", otp, &must_change), SL_OK);
    assert_true(must_change);
    char line[1024];
    assert_true(account_json("c.jansen", line, sizeof line));
    assert_non_null(strstr(line, "\"must_change_password\":true"));

    /* Without --out it is printed, once. */
    const char *shown[] = {"account", "reset-password", "--username", "c.jansen", NULL};
    assert_int_equal(
        ts_run_cli_human(&W.ts, ADMIN, "admin", TS_ADMIN_PASSWORD, shown, out, sizeof out), 0);
    assert_non_null(strstr(out, "c.jansen"));
    assert_null(strstr(out, otp));
}

static void unlock_lifts_the_throttle(void **state)
{
    (void)state;
    for (int i = 0; i < 3; i++)
        assert_int_not_equal(try_login("c.visser", "wrong-password-1", NULL), SL_OK);
    assert_int_not_equal(try_login("c.visser", TS_PASSWORD, NULL), SL_OK);
    char line[1024], out[4096];
    assert_true(account_json("c.visser", line, sizeof line));
    assert_non_null(strstr(line, "\"locked\":true"));
    const char *args[] = {"account", "unlock", "--username", "c.visser", NULL};
    assert_int_equal(admin_cli(args, out, sizeof out), 0);
    assert_int_equal(try_login("c.visser", TS_PASSWORD, NULL), SL_OK);
    assert_true(account_json("c.visser", line, sizeof line));
    assert_null(strstr(line, "\"locked\":true"));
    assert_non_null(strstr(line, "\"last_login\":"));
}

static void role_change_with_company_by_name(void **state)
{
    (void)state;
    char out[4096];
    const char *none[] = {"account",    "role",      "--username",      "c.bos", "--role",
                          "supervisor", "--company", "Bestaat Niet BV", NULL};
    assert_int_equal(admin_cli(none, out, sizeof out), 1);
    const char *missing[] = {"account", "role",       "--username", "c.bos",
                             "--role",  "supervisor", NULL};
    assert_int_equal(admin_cli(missing, out, sizeof out), 1);
    const char *coach_company[] = {"account", "role",   "--username", "c.bos",
                                   "--role",  "mentor", "--company",  "Bakkerij De Korenschoof",
                                   NULL};
    assert_int_equal(admin_cli(coach_company, out, sizeof out), 1);
    char line[1024];
    assert_true(account_json("c.bos", line, sizeof line));
    assert_non_null(strstr(line, "\"role\":\"coach\""));

    sl_client *open = ts_login(&W.ts, "c.bos", TS_PASSWORD);
    assert_non_null(open);
    const char *ok[] = {"account", "role",       "--username", "c.bos",
                        "--role",  "supervisor", "--company",  "Bakkerij De Korenschoof",
                        NULL};
    assert_int_equal(admin_cli(ok, out, sizeof out), 0);
    assert_int_equal(list_users(open), SL_EUNAUTH);
    sl_client_close(open);
    assert_true(account_json("c.bos", line, sizeof line));
    assert_non_null(strstr(line, "\"role\":\"supervisor\""));
    assert_non_null(strstr(line, "Bakkerij De Korenschoof"));

    /* The admin's human list shows names, not ids. */
    const char *list[] = {"account", "list", NULL};
    static char human[65536];
    assert_int_equal(
        ts_run_cli_human(&W.ts, ADMIN, "admin", TS_ADMIN_PASSWORD, list, human, sizeof human), 0);
    assert_non_null(strstr(human, "Bakkerij De Korenschoof"));
    const char *allowed[] = {NULL};
    assert_false(ts_has_uuid_except(human, allowed, 0));
}

static void list_sorted_and_paged(void **state)
{
    (void)state;
    static char out[65536];
    const char *page1[] = {"account", "list", "--limit", "2", NULL};
    assert_int_equal(admin_cli(page1, out, sizeof out), 0);
    const char *admin = strstr(out, "\"username\":\"admin\"");
    const char *bos = strstr(out, "\"username\":\"c.bos\"");
    assert_non_null(admin);
    assert_non_null(bos);
    assert_true(admin < bos);
    assert_null(strstr(out, "c.dijkstra"));
    assert_non_null(strstr(out, "\"cut\":true"));
    const char *page2[] = {"account", "list", "--after", "c.bos", "--limit", "2", NULL};
    assert_int_equal(admin_cli(page2, out, sizeof out), 0);
    const char *dijkstra = strstr(out, "c.dijkstra");
    const char *jansen = strstr(out, "c.jansen");
    assert_non_null(dijkstra);
    assert_non_null(jansen);
    assert_true(dijkstra < jansen);
    assert_null(strstr(out, "c.bos"));
    const char *last[] = {"account", "list", "--after", "c.visser", NULL};
    assert_int_equal(admin_cli(last, out, sizeof out), 0);
    assert_non_null(strstr(out, "\"username\":\"coach\""));
    assert_null(strstr(out, "\"cut\":true"));
    const char *human[] = {"account", "list", "--limit", "1", NULL};
    assert_int_equal(
        ts_run_cli_human(&W.ts, ADMIN, "admin", TS_ADMIN_PASSWORD, human, out, sizeof out), 0);
    assert_non_null(strstr(out, "--after admin"));
}

static void refusals(void **state)
{
    (void)state;
    char out[4096];
    /* A coach may do none of it. */
    const char *const coach_cmds[][8] = {
        {"account", "disable", "--username", "c.smit", NULL},
        {"account", "enable", "--username", "c.smit", NULL},
        {"account", "reset-password", "--username", "c.smit", NULL},
        {"account", "unlock", "--username", "c.smit", NULL},
        {"account", "role", "--username", "c.smit", "--role", "mentor", NULL},
        {"account", "list", NULL},
    };
    for (size_t i = 0; i < sizeof coach_cmds / sizeof coach_cmds[0]; i++)
        assert_int_equal(
            ts_run_cli(&W.ts, ADMIN, "coach", TS_PASSWORD, coach_cmds[i], out, sizeof out), 1);
    assert_int_equal(try_login("c.smit", TS_PASSWORD, NULL), SL_OK);
    char line[1024];
    assert_true(account_json("c.smit", line, sizeof line));
    assert_non_null(strstr(line, "\"role\":\"coach\""));
    assert_null(strstr(line, "must_change_password\":true"));

    /* An unknown user; the admin's own account. */
    const char *unknown[] = {"account", "disable", "--username", "niemand", NULL};
    assert_int_equal(admin_cli(unknown, out, sizeof out), 1);
    assert_non_null(strstr(out, "no_such_user"));
    const char *self[] = {"account", "disable", "--username", "admin", NULL};
    assert_int_equal(admin_cli(self, out, sizeof out), 1);
    const char *self_role[] = {"account", "role", "--username", "admin", "--role", "coach", NULL};
    assert_int_equal(admin_cli(self_role, out, sizeof out), 1);
    const char *no_user[] = {"account", "unlock", NULL};
    assert_int_equal(admin_cli(no_user, out, sizeof out), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(disable_ends_open_session_and_refuses_login),
        cmocka_unit_test(reset_password_to_file_must_change),
        cmocka_unit_test(unlock_lifts_the_throttle),
        cmocka_unit_test(role_change_with_company_by_name),
        cmocka_unit_test(list_sorted_and_paged),
        cmocka_unit_test(refusals),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
