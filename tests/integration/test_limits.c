/* The limits on everything a client controls — connections, timeouts, frame size, requests
 * in flight, unread replies — and the localhost metrics and health endpoints, each against
 * a real stagelijnd configured with small limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT

static int tcp_connect(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Waits until the peer closes the socket; true when it did within timeout_ms. */
static bool closed_within(int fd, int timeout_ms)
{
    char buf[512];
    for (int waited = 0; waited < timeout_ms; waited += 50) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 50) > 0) {
            ssize_t n = read(fd, buf, sizeof buf);
            if (n <= 0)
                return true;
        }
    }
    return false;
}

static bool list_classes(sl_client *c, sl_status expect)
{
    Stagelijn__V1__ListClassesRequest lc = STAGELIJN__V1__LIST_CLASSES_REQUEST__INIT;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_CLASSES;
    req.list_classes = &lc;
    return ts_expect(c, &req, expect);
}

static void test_max_connections(void **state)
{
    (void)state;
    test_server ts;
    assert_true(ts_start(&ts, "max_connections = 3\n"));
    sl_client *c[3];
    for (int i = 0; i < 3; i++) {
        c[i] = ts_login(&ts, "admin", TS_ADMIN_PASSWORD);
        assert_non_null(c[i]);
    }
    /* The fourth is closed at once; the three keep working. */
    int fd = tcp_connect(ts.port);
    assert_true(fd >= 0);
    assert_true(closed_within(fd, 3000));
    close(fd);
    for (int i = 0; i < 3; i++)
        assert_true(list_classes(c[i], SL_OK));
    /* A freed slot is usable again. */
    sl_client_close(c[0]);
    usleep(200 * 1000);
    c[0] = ts_login(&ts, "admin", TS_ADMIN_PASSWORD);
    assert_non_null(c[0]);
    for (int i = 0; i < 3; i++)
        sl_client_close(c[i]);
    assert_int_equal(ts_stop(&ts), 0);
    ts_cleanup(&ts);
}

static void test_timeouts(void **state)
{
    (void)state;
    test_server ts;
    assert_true(ts_start(&ts, "handshake_timeout_ms = 500\nidle_timeout_ms = 1500\n"));
    /* A peer that never starts TLS is dropped after the handshake timeout. */
    int fd = tcp_connect(ts.port);
    assert_true(fd >= 0);
    assert_true(closed_within(fd, 3000));
    close(fd);
    /* A logged-in connection that stays silent is closed after the idle timeout... */
    sl_client *c = ts_login(&ts, "admin", TS_ADMIN_PASSWORD);
    assert_non_null(c);
    sleep(3);
    assert_false(list_classes(c, SL_OK));
    sl_client_close(c);
    /* ...while one that keeps talking stays. */
    c = ts_login(&ts, "admin", TS_ADMIN_PASSWORD);
    for (int i = 0; i < 4; i++) {
        usleep(700 * 1000);
        assert_true(list_classes(c, SL_OK));
    }
    sl_client_close(c);
    assert_int_equal(ts_stop(&ts), 0);
    ts_cleanup(&ts);
}

static void test_frame_limit(void **state)
{
    (void)state;
    test_server ts;
    assert_true(ts_start(&ts, "max_frame_bytes = 2048\n"));
    sl_client *c = ts_login(&ts, "admin", TS_ADMIN_PASSWORD);
    /* A class name of 3000 bytes makes a frame over the limit. */
    char *name = malloc(3001);
    memset(name, 'k', 3000);
    name[3000] = '\0';
    Stagelijn__V1__CreateClassRequest cc = STAGELIJN__V1__CREATE_CLASS_REQUEST__INIT;
    cc.name = name;
    cc.school_year = 3;
    ENV(req);
    req.request_id = 9;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_CLASS;
    req.create_class = &cc;
    size_t len;
    uint8_t *frame = sl_envelope_pack_frame(&req, 1 << 20, &len);
    assert_non_null(frame);
    assert_int_equal(sl_client_send_raw(c, frame, len), SL_OK);
    free(frame);
    free(name);
    sl_envelope *env = NULL;
    assert_int_equal(sl_client_read_envelope(c, 5000, &env), SL_OK);
    assert_int_equal(env->body_case, STAGELIJN__V1__ENVELOPE__BODY_ERROR);
    sl_envelope_free(env);
    assert_int_not_equal(sl_client_read_envelope(c, 5000, &env), SL_OK);
    sl_client_close(c);
    assert_int_equal(ts_count_rows(&ts, "classes"), 0);
    assert_int_equal(ts_stop(&ts), 0);
    ts_cleanup(&ts);
}

/* A client that writes many requests and reads nothing: the server stops reading it once its
 * unsent replies pass the high-water mark or too many requests are in flight, and loses
 * nothing when the client finally reads. Another client is served meanwhile. */
static void test_slow_reader_backpressure(void **state)
{
    (void)state;
    test_server ts;
    assert_true(ts_start(&ts, "output_high_water = 4096\nmax_inflight = 4\n"));
    sl_client *admin = ts_login(&ts, "admin", TS_ADMIN_PASSWORD);
    for (int i = 0; i < 20; i++) {
        char name[32];
        snprintf(name, sizeof name, "klas-%02d", i);
        Stagelijn__V1__CreateClassRequest cc = STAGELIJN__V1__CREATE_CLASS_REQUEST__INIT;
        cc.name = name;
        cc.school_year = 3;
        ENV(req);
        req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_CLASS;
        req.create_class = &cc;
        assert_true(ts_expect(admin, &req, SL_OK));
    }
    enum { N = 400 };
    Stagelijn__V1__ListClassesRequest lc = STAGELIJN__V1__LIST_CLASSES_REQUEST__INIT;
    uint8_t *all = NULL;
    size_t total = 0;
    for (int i = 0; i < N; i++) {
        ENV(req);
        req.request_id = 5000 + (uint64_t)i;
        req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_CLASSES;
        req.list_classes = &lc;
        size_t len;
        uint8_t *f = sl_envelope_pack_frame(&req, 1 << 20, &len);
        all = realloc(all, total + len);
        memcpy(all + total, f, len);
        total += len;
        free(f);
    }
    sl_client *slow = ts_login(&ts, "admin", TS_ADMIN_PASSWORD);
    assert_int_equal(sl_client_send_raw(slow, all, total), SL_OK);
    free(all);
    sleep(1);
    /* Another connection is served while the slow one is paused. */
    assert_true(list_classes(admin, SL_OK));
    int got = 0;
    for (int i = 0; i < N; i++) {
        sl_envelope *env = NULL;
        if (sl_client_read_envelope(slow, 10000, &env) != SL_OK)
            break;
        if (env->body_case == STAGELIJN__V1__ENVELOPE__BODY_LIST_CLASSES_REPLY &&
            env->list_classes_reply->n_classes == 20 && env->request_id == 5000 + (uint64_t)i)
            got++;
        sl_envelope_free(env);
    }
    assert_int_equal(got, N);
    sl_client_close(slow);
    sl_client_close(admin);
    assert_int_equal(ts_stop(&ts), 0);
    ts_cleanup(&ts);
}

static int http_get(int port, const char *path, char *out, size_t outlen)
{
    int fd = tcp_connect(port);
    if (fd < 0)
        return -1;
    char req[256];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n", path);
    if (write(fd, req, (size_t)n) != n) {
        close(fd);
        return -1;
    }
    size_t used = 0;
    ssize_t r;
    while (used + 1 < outlen && (r = read(fd, out + used, outlen - 1 - used)) > 0)
        used += (size_t)r;
    out[used] = '\0';
    close(fd);
    int status = 0;
    return sscanf(out, "HTTP/1.%*d %d", &status) == 1 ? status : -1;
}

static void test_metrics_and_health(void **state)
{
    (void)state;
    test_server ts;
    assert_true(ts_start(&ts, "metrics_listen = 127.0.0.1:0\n"));
    assert_true(ts.metrics_port > 0);
    char body[8192];
    assert_int_equal(http_get(ts.metrics_port, "/healthz", body, sizeof body), 200);
    assert_non_null(strstr(body, "ok"));
    sl_client *c = ts_login(&ts, "admin", TS_ADMIN_PASSWORD);
    assert_true(list_classes(c, SL_OK));
    sl_client_close(c);
    assert_int_equal(http_get(ts.metrics_port, "/metrics", body, sizeof body), 200);
    assert_non_null(strstr(body, "stagelijn_requests_total "));
    assert_non_null(strstr(body, "stagelijn_batches_committed_total "));
    unsigned long requests = 0;
    const char *p = strstr(body, "\nstagelijn_requests_total ");
    assert_non_null(p);
    requests = strtoul(p + strlen("\nstagelijn_requests_total "), NULL, 10);
    assert_true(requests >= 4); /* Hello, login, change password (harness), list */
    assert_int_equal(http_get(ts.metrics_port, "/nothing", body, sizeof body), 404);
    assert_int_equal(ts_stop(&ts), 0);
    ts_cleanup(&ts);
}

int main(void)
{
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_max_connections),    cmocka_unit_test(test_timeouts),
        cmocka_unit_test(test_frame_limit),        cmocka_unit_test(test_slow_reader_backpressure),
        cmocka_unit_test(test_metrics_and_health),
    };
    return cmocka_run_group_tests_name("integration_limits", tests, NULL, NULL);
}
