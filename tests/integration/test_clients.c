/* The client programs as a command-line user expects them, run for real: --version and
 * --help everywhere (every command of every program, found by walking each program's own
 * command list), unknown sub-commands that name the valid ones, --json on every error path,
 * a kiosk told that it needs a device certificate, stagelijnd refusing a device certificate
 * for a company that does not exist, the first-start hint gone after passwd, who may log in
 * on a company's kiosk, the outflow CSV export, and server text escaped on the terminal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "harness.h"
#include "programs.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT

static const char *const programs[] = {"stagelijn", "stagelijn-kiosk", "stagelijn-admin",
                                       "stagelijn-notify"};

/* Runs BUILD/client/PROG (or BUILD/server/stagelijnd for prog "stagelijnd") with exactly the
 * given arguments, English messages and no config file; captures stdout and stderr. */
static void run(const char *prog, const char *const *args, const char *password, ts_run_result *r)
{
    char bin[600];
    snprintf(bin, sizeof bin, "%s/%s/%s", SL_BUILD_DIR,
             strcmp(prog, "stagelijnd") == 0 ? "server" : "client", prog);
    const char *argv[64] = {bin};
    int n = 1;
    for (int i = 0; args && args[i] && n < 63; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    ts_run_program(argv, TS_RUN_ENGLISH, password, r);
}

/* The command words of a program, from its --help: the lines under "Commands:" that start
 * with two spaces; the words end where the synopsis starts (an option or a bracket). */
static int command_list(const char *help, char words[][64], int max)
{
    const char *p = strstr(help, "Commands:\n");
    int n = 0;
    if (!p)
        return 0;
    p += strlen("Commands:\n");
    while (*p && n < max) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        if (len > 2 && p[0] == ' ' && p[1] == ' ' && p[2] != ' ') {
            char line[512];
            snprintf(line, sizeof line, "%.*s", (int)len, p + 2);
            words[n][0] = '\0';
            for (char *save, *w = strtok_r(line, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
                if (w[0] == '-' || w[0] == '[')
                    break;
                size_t used = strlen(words[n]);
                snprintf(words[n] + used, 64 - used, "%s%s", used ? " " : "", w);
            }
            n++;
        }
        if (!eol)
            break;
        p = eol + 1;
    }
    return n;
}

/* ---------------------------------------------------------------- conventions */

static void test_version_and_help_everywhere(void **state)
{
    (void)state;
    static ts_run_result r;
    for (size_t i = 0; i < sizeof programs / sizeof programs[0]; i++) {
        const char *version[] = {"--version", NULL};
        run(programs[i], version, NULL, &r);
        assert_int_equal(r.rc, 0);
        assert_non_null(strstr(r.out, programs[i]));
        assert_non_null(strstr(r.out, SL_VERSION));

        const char *help[] = {"--help", NULL};
        run(programs[i], help, NULL, &r);
        assert_int_equal(r.rc, 0);
        assert_non_null(strstr(r.out, "--version"));
        char words[128][64];
        int n = command_list(r.out, words, 128);
        assert_true(n >= 2); /* every program has passwd and at least one more */
        for (int k = 0; k < n; k++) {
            const char *argv[16];
            char copy[64];
            int a = 0;
            memcpy(copy, words[k], sizeof copy);
            for (char *save, *w = strtok_r(copy, " ", &save); w && a < 14;
                 w = strtok_r(NULL, " ", &save))
                argv[a++] = w;
            argv[a++] = "--help";
            argv[a] = NULL;
            static ts_run_result c;
            run(programs[i], argv, NULL, &c);
            if (c.rc != 0 || strlen(c.out) < 10)
                fprintf(stderr, "%s %s --help: exit %d, stdout '%s'\n", programs[i], words[k], c.rc,
                        c.out);
            assert_int_equal(c.rc, 0);
            assert_non_null(strstr(c.out, words[k]));
        }
    }
}

static void test_unknown_sub_command_names_the_valid_ones(void **state)
{
    (void)state;
    static ts_run_result r;
    const char *reset[] = {"user", "reset", NULL};
    run("stagelijn-admin", reset, NULL, &r);
    assert_int_equal(r.rc, 2);
    assert_non_null(strstr(r.err, "'user reset'"));
    assert_non_null(strstr(r.err, "create, list"));

    const char *bare[] = {"user", NULL};
    run("stagelijn-admin", bare, NULL, &r);
    assert_int_equal(r.rc, 2);
    assert_non_null(strstr(r.err, "create, list"));

    const char *family_help[] = {"user", "--help", NULL};
    run("stagelijn-admin", family_help, NULL, &r);
    assert_int_equal(r.rc, 0);
    assert_non_null(strstr(r.out, "user create"));
    assert_non_null(strstr(r.out, "user list"));

    /* Not a family at all: every command is listed, in every program. */
    for (size_t i = 0; i < sizeof programs / sizeof programs[0]; i++) {
        const char *nonsense[] = {"frobnicate", NULL};
        run(programs[i], nonsense, NULL, &r);
        assert_int_equal(r.rc, 2);
        assert_non_null(strstr(r.err, "frobnicate"));
        assert_non_null(strstr(r.err, "passwd"));
    }
    const char *outflow[] = {"outflow", "summary", NULL};
    run("stagelijn", outflow, NULL, &r);
    assert_int_equal(r.rc, 2);
    assert_non_null(strstr(r.err, "'outflow' has: report"));
}

/* ---------------------------------------------------------------- --json on every error */

static void test_json_on_every_error_path(void **state)
{
    (void)state;
    test_server ts;
    assert_true(ts_start(&ts, NULL));
    char server[64];
    snprintf(server, sizeof server, "127.0.0.1:%d", ts.port);
    static ts_run_result r;

    /* A refused login. */
    const char *login[] = {"--server", server,   "--ca",  ts.ca,  "--user",
                           "admin",    "--json", "class", "list", NULL};
    run("stagelijn-admin", login, "wrong-password-1", &r);
    assert_int_equal(r.rc, 1);
    assert_true(strncmp(r.out, "{\"error\":{\"code\":\"unauthenticated\"", 34) == 0);
    assert_non_null(strstr(r.out, "\"message\":"));

    /* A usage error (nothing sent). */
    const char *usage[] = {"--server", server,   "--ca",  ts.ca,    "--user",
                           "admin",    "--json", "class", "create", NULL};
    run("stagelijn-admin", usage, TS_ADMIN_PASSWORD, &r);
    assert_int_equal(r.rc, 2);
    assert_true(strncmp(r.out, "{\"error\":{\"code\":\"usage\"", 24) == 0);
    const char *unknown[] = {"--json", "user", "reset", NULL};
    run("stagelijn-admin", unknown, NULL, &r);
    assert_int_equal(r.rc, 2);
    assert_non_null(strstr(r.out, "{\"error\":{\"code\":\"usage\""));

    /* Wrong before --json is even reached, and no command at all. */
    const char *early[] = {"--timeout", "0", "--json", "class", "list", NULL};
    run("stagelijn-admin", early, NULL, &r);
    assert_int_equal(r.rc, 2);
    assert_true(strncmp(r.out, "{\"error\":{\"code\":\"usage\"", 24) == 0);
    const char *none[] = {"--json", NULL};
    run("stagelijn", none, NULL, &r);
    assert_int_equal(r.rc, 2);
    assert_true(strncmp(r.out, "{\"error\":{\"code\":\"usage\"", 24) == 0);

    /* Nobody listening. */
    assert_int_equal(ts_stop(&ts), 0);
    run("stagelijn-admin", login, TS_ADMIN_PASSWORD, &r);
    assert_int_equal(r.rc, 3);
    assert_true(strncmp(r.out, "{\"error\":{\"code\":\"connection\"", 29) == 0);
    ts_cleanup(&ts);
}

/* ---------------------------------------------------------------- kiosks and certificates */

static void issue_cert(test_server *ts, const char *company, const char *cert, const char *key,
                       ts_run_result *r)
{
    const char *args[] = {
        "--data-dir", ts->dir, "--issue-device-cert", "kiosk-test", "--company", company,
        "--cert-out", cert,    "--key-out",           key,          NULL};
    run("stagelijnd", args, NULL, r);
}

static void test_kiosk_and_device_certificates(void **state)
{
    (void)state;
    test_server ts;
    assert_true(ts_start(&ts, "device_listen = 127.0.0.1:0\n"));
    assert_true(ts.device_port > 0);
    sl_client *admin = ts_login(&ts, "admin", TS_ADMIN_PASSWORD);
    assert_non_null(admin);
    char company[37], sup[37];
    const ts_company_spec co = {.name = "Bakkerij Kiosk", .places = 1, .supervision_capacity = 1};
    assert_true(ts_make_company(admin, &co, company));
    assert_true(ts_create_user(admin, "sup-k", 5, company, sup));
    assert_true(ts_create_user(admin, "bot", 7, NULL, NULL));
    sl_client_close(admin);

    char cert[300], key[300], dport[64];
    snprintf(cert, sizeof cert, "%s/kiosk.pem", ts.dir);
    snprintf(key, sizeof key, "%s/kiosk.key", ts.dir);
    snprintf(dport, sizeof dport, "127.0.0.1:%d", ts.device_port);
    static ts_run_result r;

    /* A company that does not exist: refused, nothing written. */
    issue_cert(&ts, "01234567-89ab-4def-8123-456789abcdef", cert, key, &r);
    assert_int_equal(r.rc, 1);
    assert_non_null(strstr(r.err, "no company 01234567-89ab-4def-8123-456789abcdef"));
    assert_int_equal(access(cert, F_OK), -1);
    assert_int_equal(access(key, F_OK), -1);
    issue_cert(&ts, company, cert, key, &r);
    assert_int_equal(r.rc, 0);

    /* Without the certificate on the device port: told what is missing. */
    const char *bare[] = {"--server", dport,       "--ca", ts.ca, "--user",
                          "sup-k",    "placement", "list", NULL};
    run("stagelijn-kiosk", bare, TS_PASSWORD, &r);
    assert_int_equal(r.rc, 3);
    if (!strstr(r.err, "device certificate"))
        fprintf(stderr, "stderr: %s\n", r.err);
    assert_non_null(strstr(r.err, "device certificate"));
    assert_null(strstr(r.err, "connection lost"));

    /* With it: the company's supervisor may log in; a subscriber may not (docs/clients.md). */
    const char *sup_args[] = {"--server", dport,    "--ca",  ts.ca,    "--cert",    cert,   "--key",
                              key,        "--user", "sup-k", "--json", "placement", "list", NULL};
    run("stagelijn-kiosk", sup_args, TS_PASSWORD, &r);
    assert_int_equal(r.rc, 0);
    const char *bot_args[] = {"--server", dport,    "--ca", ts.ca,    "--cert",    cert,   "--key",
                              key,        "--user", "bot",  "--json", "placement", "list", NULL};
    run("stagelijn-kiosk", bot_args, TS_PASSWORD, &r);
    assert_int_equal(r.rc, 1);
    assert_non_null(strstr(r.out, "\"code\":\"permission_denied\""));
    assert_int_equal(ts_stop(&ts), 0);
    ts_cleanup(&ts);
}

/* ---------------------------------------------------------------- first-start hint */

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static void test_first_start_hint_only_while_the_file_exists(void **state)
{
    (void)state;
    test_server ts;
    /* ts_start changes the admin's one-time password, which removes the file. */
    assert_true(ts_start(&ts, NULL));
    char pwfile[300];
    snprintf(pwfile, sizeof pwfile, "%s/admin-password", ts.dir);
    assert_int_equal(access(pwfile, F_OK), -1);
    assert_int_equal(ts_stop(&ts), 0);
    assert_true(ts_restart(&ts));
    assert_int_equal(ts_stop(&ts), 0);
    static char log[65536];
    ts_slurp(ts.log, log, sizeof log);
    unlink(ts.log);
    assert_int_equal(count(log, "Stagelijn is running."), 2);
    assert_int_equal(count(log, "Try first:"), 1); /* the first start only */
    ts_cleanup(&ts);
}

/* ---------------------------------------------------------------- CSV export */

static bool file_bytes(const char *path, char *buf, size_t n, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    *len = fread(buf, 1, n - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return true;
}

static void test_outflow_csv_export(void **state)
{
    (void)state;
    test_server ts;
    assert_true(ts_start(&ts, NULL));
    sl_client *admin = ts_login(&ts, "admin", TS_ADMIN_PASSWORD);
    char coach[37], class_id[37], zoe[37], hof[37];
    assert_true(ts_create_user(admin, "coach", 2, NULL, coach));
    assert_true(ts_make_class(admin, "U", 5, NULL, class_id));
    const ts_student_spec s1 = {.first_name = "Zoë",
                                .last_name = "Çelik",
                                .class_id = class_id,
                                .date_of_birth = "2007-05-05"};
    const ts_student_spec s2 = {.first_name = "Sem",
                                .last_name = "van 't Hof",
                                .class_id = class_id,
                                .date_of_birth = "2007-06-06"};
    assert_true(ts_make_student(admin, &s1, zoe, NULL));
    assert_true(ts_make_student(admin, &s2, hof, NULL));
    sl_client_close(admin);

    static ts_run_result r;
    char server[64];
    snprintf(server, sizeof server, "127.0.0.1:%d", ts.port);
    const char *partner[] = {"--server", server,    "--ca",   ts.ca,    "--user",
                             "coach",    "partner", "create", "--name", "=HYPERLINK(\"x\")",
                             "--kind",   "mbo",     NULL};
    run("stagelijn", partner, TS_PASSWORD, &r);
    assert_int_equal(r.rc, 0);
    const char *exit1[] = {"--server",  server,  "--ca",          ts.ca,
                           "--user",    "coach", "exit",          "record",
                           "--student", zoe,     "--left",        "2025-07-01",
                           "--profile", "work",  "--destination", "=HYPERLINK(\"x\")",
                           NULL};
    run("stagelijn", exit1, TS_PASSWORD, &r);
    assert_int_equal(r.rc, 0);
    const char *exit2[] = {"--server",  server,     "--ca",          ts.ca,
                           "--user",    "coach",    "exit",          "record",
                           "--student", hof,        "--left",        "2025-07-01",
                           "--profile", "learning", "--destination", "ROC; \"Midden\", Utrecht",
                           NULL};
    run("stagelijn", exit2, TS_PASSWORD, &r);
    assert_int_equal(r.rc, 0);

    char file[400], csv[8192];
    size_t len;
    snprintf(file, sizeof file, "%s/outflow.csv", ts.dir);
    const char *plain[] = {"--server", server,    "--ca",   ts.ca,      "--user",
                           "coach",    "outflow", "report", "--cohort", "2024-2025",
                           "--csv",    file,      NULL};
    run("stagelijn", plain, TS_PASSWORD, &r);
    assert_int_equal(r.rc, 0);
    assert_true(file_bytes(file, csv, sizeof csv, &len));
    assert_true(strncmp(csv, "student_id,student_name,profile,destination,cohort,left_date,", 61) ==
                0);
    /* The formula is text, quoted because of its quotes; the other cell quoted for its
     * comma and quotes. Names in UTF-8 as they are. */
    assert_non_null(strstr(csv, ",work,\"'=HYPERLINK(\"\"x\"\")\",2024-2025,"));
    assert_non_null(strstr(csv, ",\"ROC; \"\"Midden\"\", Utrecht\","));
    assert_non_null(strstr(csv, "Zoë Çelik"));
    assert_non_null(strstr(csv, "Sem van 't Hof"));
    assert_null(strstr(csv, ",=HYPERLINK"));
    assert_int_equal(count(csv, "\r\n"), 3);

    /* Dutch Excel: BOM, semicolons; the semicolon in a cell makes it quoted. */
    const char *excel[] = {"--server", server,    "--ca",          ts.ca,      "--user",
                           "coach",    "outflow", "report",        "--cohort", "2024-2025",
                           "--csv",    file,      "--csv-dialect", "excel-nl", NULL};
    run("stagelijn", excel, TS_PASSWORD, &r);
    assert_int_equal(r.rc, 0);
    assert_true(file_bytes(file, csv, sizeof csv, &len));
    assert_memory_equal(csv,
                        "\xEF\xBB\xBF"
                        "student_id;student_name;profile;",
                        35);
    assert_non_null(strstr(csv, ";work;\"'=HYPERLINK(\"\"x\"\")\";2024-2025;"));
    assert_non_null(strstr(csv, ";\"ROC; \"\"Midden\"\", Utrecht\";"));

    const char *bad[] = {"--server", server,    "--ca",          ts.ca,      "--user",
                         "coach",    "outflow", "report",        "--cohort", "2024-2025",
                         "--csv",    file,      "--csv-dialect", "lotus",    NULL};
    run("stagelijn", bad, TS_PASSWORD, &r);
    assert_int_equal(r.rc, 2);
    assert_int_equal(ts_stop(&ts), 0);
    ts_cleanup(&ts);
}

/* ---------------------------------------------------------------- escaping */

/* Writes to the database from the side, as text stored before the server checked it. */
static void db_exec(test_server *ts, const char *sql)
{
    char path[300];
    snprintf(path, sizeof path, "%s/stagelijn.db", ts->dir);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* True when s is valid UTF-8 without any C0 control but newline. */
static bool clean_json_text(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p < 0x20 && *p != '\n')
            return false;
        int n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : 4;
        if (*p >= 0x80 && (*p < 0xC2 || *p > 0xF4))
            return false;
        for (int i = 1; i < n; i++)
            if ((p[i] & 0xC0) != 0x80)
                return false;
        p += n;
    }
    return true;
}

static void test_server_text_escaped(void **state)
{
    (void)state;
    test_server ts;
    assert_true(ts_start(&ts, NULL));
    sl_client *admin = ts_login(&ts, "admin", TS_ADMIN_PASSWORD);
    char company[37];
    /* Its name is replaced below, in the database, by one holding escape codes. */
    const ts_company_spec co = {.name = "Bakkerij", .places = 1, .supervision_capacity = 1};
    assert_true(ts_make_company(admin, &co, company));
    sl_client_close(admin);
    /* OSC "set the title", BEL, a colour, C1 CSI (U+009B) and a byte that is not UTF-8. */
    db_exec(&ts,
            "UPDATE companies SET name = 'Bak' || char(27) || ']0;t' || char(7) || char(27) || "
            "'[31m' || char(155) || CAST(x'ff' AS TEXT) || 'e'");

    static ts_run_result r;
    char server[64];
    snprintf(server, sizeof server, "127.0.0.1:%d", ts.port);
    const char *human[] = {"--server", server,    "--ca", ts.ca, "--user",
                           "admin",    "company", "list", NULL};
    run("stagelijn-admin", human, TS_ADMIN_PASSWORD, &r);
    assert_int_equal(r.rc, 0);
    assert_null(strchr(r.out, 0x1b));
    assert_null(strchr(r.out, 0x07));
    assert_null(strstr(r.out, "\xC2\x9B"));
    assert_null(strchr(r.out, (char)0xff));
    /* Short enough for the table's cell of 40 bytes. */
    assert_non_null(strstr(r.out, "Bak\\x1b]0;t\\x07\\x1b[31m\\u009b\xEF\xBF\xBD"
                                  "e"));

    const char *json[] = {"--server", server,   "--ca",    ts.ca,  "--user",
                          "admin",    "--json", "company", "list", NULL};
    run("stagelijn-admin", json, TS_ADMIN_PASSWORD, &r);
    assert_int_equal(r.rc, 0);
    assert_true(clean_json_text(r.out));
    assert_null(strstr(r.out, "\xC2\x9B"));
    assert_non_null(strstr(r.out, "Bak\\u001b]0;t\\u0007\\u001b[31m\\u009b\\ufffde\""));
    assert_int_equal(ts_stop(&ts), 0);
    ts_cleanup(&ts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_and_help_everywhere),
        cmocka_unit_test(test_unknown_sub_command_names_the_valid_ones),
        cmocka_unit_test(test_json_on_every_error_path),
        cmocka_unit_test(test_kiosk_and_device_certificates),
        cmocka_unit_test(test_first_start_hint_only_while_the_file_exists),
        cmocka_unit_test(test_outflow_csv_export),
        cmocka_unit_test(test_server_text_escaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
