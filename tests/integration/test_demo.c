/* `stagelijn-admin demo-data` for real: every account the README promises logs in with the
 * demo password, one per role; the year-3 records (internship assessment, masterpiece, exam
 * portfolio) and the social-skills trainings are there for each role that reads them; and a
 * server that goes away while the demo is loading gives
 * exit 3 and no claim of success. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

#define DEMO_PASSWORD "stagelijn-demo-2026"

/* Logs in and returns the account's role, or 0 when the login fails (printing why). */
static int login_role(test_server *ts, const char *user, const char *password)
{
    sl_client *c = ts_connect(ts, STAGELIJN__V1__CLIENT_KIND__CLIENT_TEST);
    if (!c)
        return 0;
    Stagelijn__V1__LoginRequest lr = STAGELIJN__V1__LOGIN_REQUEST__INIT;
    lr.username = (char *)user;
    lr.password = (char *)password;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep = NULL;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOGIN;
    req.login = &lr;
    char err[512];
    int role = 0;
    if (sl_client_call(c, &req, &rep, err, sizeof err) == SL_OK &&
        !rep->login_reply->must_change_password)
        role = (int)rep->login_reply->user->role;
    else
        fprintf(stderr, "login %s: %s\n", user, err[0] ? err : "one-time password");
    sl_envelope_free(rep);
    sl_client_close(c);
    return role;
}

/* Runs `stagelijn` as a demo account (JSON, or in Dutch for people); the exit code. */
static int demo_cli(test_server *ts, bool dutch, const char *user, const char *const *args,
                    char *out, size_t n)
{
    if (!dutch)
        return ts_run_cli(ts, "stagelijn", user, DEMO_PASSWORD, args, out, n);
    setenv("LANG", "nl_NL.UTF-8", 1);
    setenv("STAGELIJN_LOCALEDIR", SL_BUILD_DIR "/locale", 1);
    int rc = ts_run_cli_human(ts, "stagelijn", user, DEMO_PASSWORD, args, out, n);
    setenv("LANG", "C", 1);
    return rc;
}

/* Year 3 toward the sector choice and the training after being sent away, as the coach, the
 * support coach and the class's mentor see them. */
static void check_year3_and_trainings(test_server *ts, char *out, size_t n)
{
    assert_true(ts_count_rows(ts, "year3_assessments WHERE kind = 1") > 0);
    assert_true(ts_count_rows(ts, "year3_assessments WHERE kind = 2") > 0);
    assert_true(ts_count_rows(ts, "practical_assignments WHERE status = 4") > 0);
    const char *list[] = {"training", "list", NULL};
    assert_int_equal(demo_cli(ts, false, "o.smit", list, out, n), 0);
    assert_non_null(strstr(out, "\"trainer\":\"Mevr. Jansen\""));
    assert_int_equal(demo_cli(ts, false, "c.devries", list, out, n), 0);
    char student[37], klass[32], mentor[40];
    assert_true(ts_json_str(out, "student_id", student, sizeof student));
    assert_true(ts_json_str(out, "class_name", klass, sizeof klass));
    snprintf(mentor, sizeof mentor, "m.%s", klass);
    for (char *p = mentor; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    const char *show[] = {"year3", "show", "--student", student, NULL};
    assert_int_equal(demo_cli(ts, false, "c.devries", show, out, n), 0);
    assert_non_null(strstr(out, "\"assessor\":\"Petra de Boer\""));
    assert_non_null(strstr(out, "\"portfolio_total\":2"));
    assert_non_null(strstr(out, "\"portfolio_approved\":1"));
    /* The mentor of the student's class, in Dutch. */
    assert_int_equal(demo_cli(ts, true, mentor, list, out, n), 0);
    assert_non_null(strstr(out, "Mevr. Jansen"));
    assert_non_null(strstr(out, "gepland"));
    assert_int_equal(demo_cli(ts, true, mentor, show, out, n), 0);
    assert_non_null(strstr(out, "stage-assessment"));
    assert_non_null(strstr(out, "Veilig werken op de werkvloer"));
    assert_non_null(strstr(out, "goedgekeurd"));
}

static void test_every_documented_demo_account_logs_in(void **state)
{
    (void)state;
    test_server ts;
    assert_true(ts_start(&ts, NULL));
    static char out[65536];
    const char *args[] = {"demo-data", NULL};
    assert_int_equal(
        ts_run_cli(&ts, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, args, out, sizeof out), 0);
    assert_non_null(strstr(out, "\"refused\":0"));
    assert_non_null(strstr(out, "\"password\":\"" DEMO_PASSWORD "\""));

    /* The accounts README.md and docs/clients.md name, one per role. */
    static const struct {
        const char *user;
        int role;
    } accounts[] = {
        {"c.devries", STAGELIJN__V1__ROLE__ROLE_COACH},
        {"o.smit", STAGELIJN__V1__ROLE__ROLE_SUPPORT_COACH},
        {"m.4a", STAGELIJN__V1__ROLE__ROLE_MENTOR},
        {"pb.01", STAGELIJN__V1__ROLE__ROLE_SUPERVISOR},
        {"ll.061", STAGELIJN__V1__ROLE__ROLE_STUDENT},
        {"ll.078", STAGELIJN__V1__ROLE__ROLE_STUDENT},
        {"ll.120", STAGELIJN__V1__ROLE__ROLE_STUDENT},
        {"automatisering", STAGELIJN__V1__ROLE__ROLE_SUBSCRIBER},
    };
    for (size_t i = 0; i < sizeof accounts / sizeof accounts[0]; i++)
        assert_int_equal(login_role(&ts, accounts[i].user, DEMO_PASSWORD), accounts[i].role);
    check_year3_and_trainings(&ts, out, sizeof out);
    /* The admin keeps the password the admin chose. */
    assert_int_equal(login_role(&ts, "admin", TS_ADMIN_PASSWORD), STAGELIJN__V1__ROLE__ROLE_ADMIN);

    /* A second run refuses to mix into a school with students, as JSON on stdout. */
    assert_int_equal(
        ts_run_cli(&ts, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, args, out, sizeof out), 1);
    assert_non_null(strstr(out, "{\"error\":{"));
    assert_int_equal(ts_stop(&ts), 0);
    ts_cleanup(&ts);
}

static bool file_contains(const char *path, const char *needle)
{
    static char buf[1 << 20];
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return strstr(buf, needle) != NULL;
}

static void test_server_gone_mid_demo(void **state)
{
    (void)state;
    test_server ts;
    assert_true(ts_start(&ts, NULL));
    char out_file[400];
    snprintf(out_file, sizeof out_file, "%s/demo.out", ts.dir);
    const char *args[] = {"demo-data", NULL};
    pid_t pid = ts_spawn_cli(&ts, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, args, out_file);
    assert_true(pid > 0);
    /* Wait until the demo is writing students, then the server dies under it. */
    bool busy = false;
    for (int i = 0; i < 1500 && !busy; i++) {
        long n = ts_count_rows(&ts, "students");
        busy = n > 5;
        if (!busy)
            usleep(10 * 1000);
    }
    assert_true(busy);
    ts_kill9(&ts);
    int rc = ts_wait(pid, 120);
    /* Not SIGPIPE (141), not success: a lost connection. */
    assert_int_equal(rc, 3);
    assert_true(file_contains(out_file, "{\"error\":{\"code\":\"connection\""));
    assert_false(file_contains(out_file, "\"students\":"));
    ts_cleanup(&ts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_documented_demo_account_logs_in),
        cmocka_unit_test(test_server_gone_mid_demo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
