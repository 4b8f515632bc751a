/* The batch step under bursts: pipelined writes from many connections with a small and the
 * default max_batch. Before the batch module, the request that filled the batch committed at
 * once and resumed reading the same connection before its frame was drained: the client got
 * "frame too large" for a frame it never sent and was disconnected. Every reply must arrive,
 * in order, and every write must be stored. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT

/* `depth` CreateClass requests as one buffer of frames, ids base .. base + depth - 1. */
static uint8_t *pipelined_classes(int conn_no, int depth, uint64_t base, size_t *total)
{
    uint8_t *all = NULL;
    *total = 0;
    for (int i = 0; i < depth; i++) {
        char name[48];
        snprintf(name, sizeof name, "klas-%03d-%02d", conn_no, i);
        Stagelijn__V1__CreateClassRequest cc = STAGELIJN__V1__CREATE_CLASS_REQUEST__INIT;
        cc.name = name;
        cc.school_year = 3;
        ENV(req);
        req.request_id = base + (uint64_t)i;
        req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_CLASS;
        req.create_class = &cc;
        size_t len;
        uint8_t *f = sl_envelope_pack_frame(&req, 1 << 20, &len);
        assert_non_null(f);
        all = realloc(all, *total + len);
        assert_non_null(all);
        memcpy(all + *total, f, len);
        *total += len;
        free(f);
    }
    return all;
}

/* Reads `depth` replies; counts those that are the CreateClass reply to the expected id, in
 * order. */
static int read_in_order(sl_client *c, int depth, uint64_t base)
{
    int good = 0;
    for (int i = 0; i < depth; i++) {
        sl_envelope *env = NULL;
        if (sl_client_read_envelope(c, 20000, &env) != SL_OK) {
            fprintf(stderr, "reply %d of %d: connection lost\n", i, depth);
            break;
        }
        if (env->body_case == STAGELIJN__V1__ENVELOPE__BODY_SCHOOL_CLASS &&
            env->request_id == base + (uint64_t)i)
            good++;
        else if (env->body_case == STAGELIJN__V1__ENVELOPE__BODY_ERROR)
            fprintf(stderr, "reply %d: error %s\n", i, env->error->message);
        sl_envelope_free(env);
    }
    return good;
}

/* n_conns connections each send `depth` pipelined writes at once; then all replies are read. */
static void burst(const char *config, int n_conns, int depth)
{
    test_server ts;
    assert_true(ts_start(&ts, config));
    sl_client **cs = calloc((size_t)n_conns, sizeof *cs);
    assert_non_null(cs);
    for (int i = 0; i < n_conns; i++) {
        cs[i] = ts_login(&ts, "admin", TS_ADMIN_PASSWORD);
        assert_non_null(cs[i]);
    }
    for (int i = 0; i < n_conns; i++) {
        size_t total;
        uint8_t *all = pipelined_classes(i, depth, 1000, &total);
        assert_int_equal(sl_client_send_raw(cs[i], all, total), SL_OK);
        free(all);
    }
    int good = 0;
    for (int i = 0; i < n_conns; i++)
        good += read_in_order(cs[i], depth, 1000);
    assert_int_equal(good, n_conns * depth);
    assert_int_equal(ts_count_rows(&ts, "classes"), n_conns * depth);
    for (int i = 0; i < n_conns; i++)
        sl_client_close(cs[i]);
    free(cs);
    assert_int_equal(ts_stop(&ts), 0);
    ts_cleanup(&ts);
}

static void test_batch_of_one(void **state)
{
    (void)state;
    burst("max_batch = 1\n", 8, 16);
}

static void test_batch_of_two(void **state)
{
    (void)state;
    burst("max_batch = 2\n", 8, 16);
}

/* 40 × 16 = 640 writes in one burst, more than the default batch of 512. */
static void test_default_batch_overflow(void **state)
{
    (void)state;
    burst(NULL, 40, 16);
}

/* Many connections with one write each, more than a batch holds. */
static void test_many_connections_one_write(void **state)
{
    (void)state;
    burst("max_batch = 64\n", 150, 1);
}

/* A whole school loaded through the real admin client, one request per batch. */
static void test_demo_data_with_batch_of_one(void **state)
{
    (void)state;
    test_server ts;
    assert_true(ts_start(&ts, "max_batch = 1\n"));
    const char *args[] = {"demo-data", NULL};
    static char out[1 << 16];
    assert_int_equal(
        ts_run_cli(&ts, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, args, out, sizeof out), 0);
    assert_true(ts_count_rows(&ts, "students") >= 100);
    assert_int_equal(ts_stop(&ts), 0);
    ts_cleanup(&ts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_batch_of_one),
        cmocka_unit_test(test_batch_of_two),
        cmocka_unit_test(test_default_batch_overflow),
        cmocka_unit_test(test_many_connections_one_write),
        cmocka_unit_test(test_demo_data_with_batch_of_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
