/* Unit tests for server/store/config.c: defaults, typed and range-checked setting by name, and the
 * "name = value" file format with its error positions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

/* ------------------------------------------------------------------------------------- */
/* Helpers                                                                               */
/* ------------------------------------------------------------------------------------- */

typedef struct {
    char dir[64];
    char path[128];
} tmpfile_state;

static int setup_tmp(void **state)
{
    tmpfile_state *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    snprintf(t->dir, sizeof t->dir, "%s", "/tmp/sl-test-config-XXXXXX");
    if (!mkdtemp(t->dir)) {
        free(t);
        return -1;
    }
    snprintf(t->path, sizeof t->path, "%s/stagelijnd.conf", t->dir);
    *state = t;
    return 0;
}

static int teardown_tmp(void **state)
{
    tmpfile_state *t = *state;
    unlink(t->path);
    rmdir(t->dir);
    free(t);
    return 0;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

/* ------------------------------------------------------------------------------------- */
/* Defaults                                                                              */
/* ------------------------------------------------------------------------------------- */

static void test_defaults(void **state)
{
    (void)state;
    sl_config c;
    memset(&c, 0xa5, sizeof c); /* garbage that the defaults must overwrite */
    sl_config_defaults(&c);
    assert_string_equal(c.data_dir, "./stagelijn-data");
    assert_string_equal(c.listen, "127.0.0.1:7443");
    assert_string_equal(c.device_listen, "");
    assert_string_equal(c.metrics_listen, "");
    assert_string_equal(c.port_file, "");
    assert_string_equal(c.tls_cert, "");
    assert_string_equal(c.tls_key, "");
    assert_string_equal(c.tls_ca, "");
    assert_string_equal(c.log_level, "info");
    assert_false(c.allow_tls12);
    assert_int_equal(c.max_frame_bytes, 1048576); /* DESIGN: default 1 MiB */
    assert_int_equal(c.max_connections, 1024);
    assert_int_equal(c.handshake_timeout_ms, 10000);
    assert_int_equal(c.idle_timeout_ms, 300000);
    assert_int_equal(c.max_inflight, 64);
    assert_int_equal(c.output_high_water, 4194304);
    assert_int_equal(c.session_idle_seconds, 3600);
    assert_int_equal(c.login_max_failures, 5);
    assert_int_equal(c.login_lockout_seconds, 300);
    assert_int_equal(c.scrypt_log2_n, 15);
    assert_int_equal(c.max_batch, 512);
    assert_int_equal(c.max_string_bytes, 16384);
}

static void test_finish_fills_tls_paths(void **state)
{
    (void)state;
    sl_config c;
    sl_config_defaults(&c);
    char err[256];
    assert_true(sl_config_set(&c, "data_dir", "/var/lib/stagelijn", err, sizeof err));
    assert_true(sl_config_set(&c, "tls_key", "/etc/stagelijn/key.pem", err, sizeof err));
    sl_config_finish(&c);
    assert_string_equal(c.tls_cert, "/var/lib/stagelijn/tls/server.pem");
    assert_string_equal(c.tls_key, "/etc/stagelijn/key.pem"); /* explicit value kept */
    assert_string_equal(c.tls_ca, "/var/lib/stagelijn/tls/ca.pem");
}

/* ------------------------------------------------------------------------------------- */
/* sl_config_set                                                                         */
/* ------------------------------------------------------------------------------------- */

static void test_set_valid(void **state)
{
    (void)state;
    sl_config c;
    sl_config_defaults(&c);
    char err[256];
    assert_true(sl_config_set(&c, "listen", "0.0.0.0:0", err, sizeof err));
    assert_string_equal(c.listen, "0.0.0.0:0");
    assert_true(sl_config_set(&c, "max_connections", "1", err, sizeof err));
    assert_int_equal(c.max_connections, 1);
    assert_true(sl_config_set(&c, "max_connections", "100000", err, sizeof err));
    assert_int_equal(c.max_connections, 100000);
    assert_true(sl_config_set(&c, "scrypt_log2_n", "10", err, sizeof err));
    assert_int_equal(c.scrypt_log2_n, 10);
    assert_true(sl_config_set(&c, "scrypt_log2_n", "20", err, sizeof err));
    assert_int_equal(c.scrypt_log2_n, 20);
    assert_true(sl_config_set(&c, "max_frame_bytes", "67108864", err, sizeof err));
    assert_int_equal(c.max_frame_bytes, 64L * 1024 * 1024);

    static const struct {
        const char *text;
        bool value;
    } bools[] = {{"true", true}, {"false", false}, {"yes", true},
                 {"no", false},  {"1", true},      {"0", false}};
    for (size_t i = 0; i < sizeof bools / sizeof bools[0]; i++) {
        c.allow_tls12 = !bools[i].value;
        assert_true(sl_config_set(&c, "allow_tls12", bools[i].text, err, sizeof err));
        assert_int_equal(c.allow_tls12, bools[i].value);
    }
    /* A string may be emptied. */
    assert_true(sl_config_set(&c, "listen", "", err, sizeof err));
    assert_string_equal(c.listen, "");
}

static void test_set_unknown_name(void **state)
{
    (void)state;
    sl_config c;
    sl_config_defaults(&c);
    char err[256] = "";
    assert_false(sl_config_set(&c, "no_such_option", "1", err, sizeof err));
    assert_non_null(strstr(err, "no_such_option"));
    err[0] = '\0';
    assert_false(sl_config_set(&c, "", "1", err, sizeof err));
    assert_true(err[0] != '\0');
    /* Names are exact: no case folding, no prefixes. */
    assert_false(sl_config_set(&c, "Listen", "x", err, sizeof err));
    assert_false(sl_config_set(&c, "max_conn", "5", err, sizeof err));
    assert_string_equal(c.listen, "127.0.0.1:7443");
}

static void test_set_number_errors(void **state)
{
    (void)state;
    sl_config c;
    sl_config_defaults(&c);
    char err[256];
    static const char *const bad[] = {
        "", "abc", "12abc", "1.5", "0x10", "10 s", "99999999999999999999999", "-"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        assert_false(sl_config_set(&c, "max_connections", bad[i], err, sizeof err));
        assert_non_null(strstr(err, "max_connections"));
        assert_int_equal(c.max_connections, 1024); /* unchanged on error */
    }
    /* Out of range on either side; the message tells the range. */
    err[0] = '\0';
    assert_false(sl_config_set(&c, "max_connections", "0", err, sizeof err));
    assert_non_null(strstr(err, "1"));
    assert_non_null(strstr(err, "100000"));
    assert_false(sl_config_set(&c, "max_connections", "100001", err, sizeof err));
    assert_false(sl_config_set(&c, "max_connections", "-5", err, sizeof err));
    assert_int_equal(c.max_connections, 1024);
    assert_false(sl_config_set(&c, "scrypt_log2_n", "9", err, sizeof err));
    assert_false(sl_config_set(&c, "scrypt_log2_n", "21", err, sizeof err));
    assert_int_equal(c.scrypt_log2_n, 15);
    assert_false(sl_config_set(&c, "max_frame_bytes", "1023", err, sizeof err));
    assert_false(sl_config_set(&c, "max_frame_bytes", "67108865", err, sizeof err));
    assert_int_equal(c.max_frame_bytes, 1048576);
    assert_false(sl_config_set(&c, "session_idle_seconds", "0", err, sizeof err));
    assert_false(sl_config_set(&c, "login_max_failures", "0", err, sizeof err));
}

static void test_set_bool_errors(void **state)
{
    (void)state;
    sl_config c;
    sl_config_defaults(&c);
    char err[256];
    static const char *const bad[] = {"", "maybe", "TRUE", "on", "2", "true "};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        assert_false(sl_config_set(&c, "allow_tls12", bad[i], err, sizeof err));
        assert_non_null(strstr(err, "allow_tls12"));
        assert_false(c.allow_tls12);
    }
}

static void test_set_string_too_long(void **state)
{
    (void)state;
    sl_config c;
    sl_config_defaults(&c);
    char err[256];
    char value[SL_ADDR_MAX + 1];
    /* SL_ADDR_MAX - 1 characters fit with the terminator. */
    memset(value, 'x', SL_ADDR_MAX - 1);
    value[SL_ADDR_MAX - 1] = '\0';
    assert_true(sl_config_set(&c, "listen", value, err, sizeof err));
    assert_int_equal(strlen(c.listen), SL_ADDR_MAX - 1);
    memset(value, 'y', SL_ADDR_MAX);
    value[SL_ADDR_MAX] = '\0';
    assert_false(sl_config_set(&c, "listen", value, err, sizeof err));
    assert_non_null(strstr(err, "listen"));
    assert_int_equal(c.listen[0], 'x'); /* unchanged */
    /* The small log_level buffer. */
    assert_false(sl_config_set(&c, "log_level", "0123456789abcdef", err, sizeof err));
    assert_string_equal(c.log_level, "info");
}

static void test_set_small_error_buffer(void **state)
{
    (void)state;
    sl_config c;
    sl_config_defaults(&c);
    char err[8];
    memset(err, 'z', sizeof err);
    assert_false(sl_config_set(&c, "a_rather_long_unknown_option_name", "1", err, sizeof err));
    assert_true(memchr(err, '\0', sizeof err) != NULL); /* truncated, terminated */
}

/* ------------------------------------------------------------------------------------- */
/* Files                                                                                 */
/* ------------------------------------------------------------------------------------- */

static void test_load_file(void **state)
{
    tmpfile_state *t = *state;
    write_file(t->path, "# Stagelijn daemon configuration\n"
                        "\n"
                        "data_dir = /srv/stagelijn\n"
                        "   listen=0.0.0.0:7443   \n"
                        "\t# indented comment\n"
                        "max_connections\t=\t200 # trailing comment\n"
                        "allow_tls12 = yes\r\n"
                        "   \t  \n"
                        "log_level = debug\n"
                        "metrics_listen =\n"
                        "session_idle_seconds = 600"); /* no final newline */
    sl_config c;
    sl_config_defaults(&c);
    char err[512] = "";
    assert_true(sl_config_load_file(&c, t->path, err, sizeof err));
    assert_string_equal(c.data_dir, "/srv/stagelijn");
    assert_string_equal(c.listen, "0.0.0.0:7443");
    assert_int_equal(c.max_connections, 200);
    assert_true(c.allow_tls12);
    assert_string_equal(c.log_level, "debug");
    assert_string_equal(c.metrics_listen, "");
    assert_int_equal(c.session_idle_seconds, 600);
    /* Untouched options keep their defaults. */
    assert_int_equal(c.max_inflight, 64);
}

static void test_load_hash_inside_value(void **state)
{
    tmpfile_state *t = *state;
    write_file(t->path, "data_dir = /srv/school#2 # the second school\n");
    sl_config c;
    sl_config_defaults(&c);
    char err[512] = "";
    assert_true(sl_config_load_file(&c, t->path, err, sizeof err));
    assert_string_equal(c.data_dir, "/srv/school#2");
}

static void test_load_long_line_refused(void **state)
{
    tmpfile_state *t = *state;
    char text[4000];
    memset(text, 'x', sizeof text - 2);
    text[0] = '#';
    text[sizeof text - 2] = '\n';
    text[sizeof text - 1] = '\0';
    write_file(t->path, text);
    sl_config c;
    sl_config_defaults(&c);
    char err[512] = "";
    assert_false(sl_config_load_file(&c, t->path, err, sizeof err));
    assert_non_null(strstr(err, ":1: line longer than"));
}

static void test_load_empty_file(void **state)
{
    tmpfile_state *t = *state;
    write_file(t->path, "");
    sl_config c;
    sl_config_defaults(&c);
    char err[512] = "";
    assert_true(sl_config_load_file(&c, t->path, err, sizeof err));
    assert_string_equal(c.listen, "127.0.0.1:7443");
}

static void test_load_bad_value_reports_line(void **state)
{
    tmpfile_state *t = *state;
    write_file(t->path, "# line 1\n"
                        "listen = 127.0.0.1:1\n"
                        "\n"
                        "max_connections = lots\n"
                        "max_inflight = 3\n");
    sl_config c;
    sl_config_defaults(&c);
    char err[512] = "";
    assert_false(sl_config_load_file(&c, t->path, err, sizeof err));
    char want[256];
    snprintf(want, sizeof want, "%s:4:", t->path);
    assert_non_null(strstr(err, want));
    assert_non_null(strstr(err, "max_connections"));
    /* Loading stops at the bad line. */
    assert_int_equal(c.max_inflight, 64);
}

static void test_load_missing_equals_reports_line(void **state)
{
    tmpfile_state *t = *state;
    write_file(t->path, "listen = 127.0.0.1:1\n"
                        "this line has no equals sign\n");
    sl_config c;
    sl_config_defaults(&c);
    char err[512] = "";
    assert_false(sl_config_load_file(&c, t->path, err, sizeof err));
    char want[256];
    snprintf(want, sizeof want, "%s:2:", t->path);
    assert_non_null(strstr(err, want));
}

static void test_load_unknown_option_reports_line(void **state)
{
    tmpfile_state *t = *state;
    write_file(t->path, "\n\n\nlisten_adress = 1.2.3.4:5\n");
    sl_config c;
    sl_config_defaults(&c);
    char err[512] = "";
    assert_false(sl_config_load_file(&c, t->path, err, sizeof err));
    char want[256];
    snprintf(want, sizeof want, "%s:4:", t->path);
    assert_non_null(strstr(err, want));
    assert_non_null(strstr(err, "listen_adress"));
}

static void test_load_missing_file(void **state)
{
    tmpfile_state *t = *state;
    char path[200];
    snprintf(path, sizeof path, "%s/does-not-exist.conf", t->dir);
    sl_config c;
    sl_config_defaults(&c);
    char err[512] = "";
    assert_false(sl_config_load_file(&c, path, err, sizeof err));
    assert_non_null(strstr(err, path));
}

static void test_describe(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    sl_config_describe(f);
    assert_int_equal(fclose(f), 0);
    assert_non_null(strstr(buf, "max_frame_bytes"));
    assert_non_null(strstr(buf, "1048576"));
    assert_non_null(strstr(buf, "scrypt_log2_n"));
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_finish_fills_tls_paths),
        cmocka_unit_test(test_set_valid),
        cmocka_unit_test(test_set_unknown_name),
        cmocka_unit_test(test_set_number_errors),
        cmocka_unit_test(test_set_bool_errors),
        cmocka_unit_test(test_set_string_too_long),
        cmocka_unit_test(test_set_small_error_buffer),
        cmocka_unit_test_setup_teardown(test_load_file, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_load_empty_file, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_load_bad_value_reports_line, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_load_missing_equals_reports_line, setup_tmp,
                                        teardown_tmp),
        cmocka_unit_test_setup_teardown(test_load_unknown_option_reports_line, setup_tmp,
                                        teardown_tmp),
        cmocka_unit_test_setup_teardown(test_load_missing_file, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_load_hash_inside_value, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_load_long_line_refused, setup_tmp, teardown_tmp),
        cmocka_unit_test(test_describe),
    };
    return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
