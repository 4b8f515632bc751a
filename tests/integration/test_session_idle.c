/* A session used more often than its idle timeout stays alive, whatever the timeout: last_seen
 * is written often enough (a quarter of the idle time, at most a minute). With the old fixed
 * minute, a 30-second timeout expired sessions that were in use every 10 seconds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

static sl_status list_classes(sl_client *c)
{
    Stagelijn__V1__ListClassesRequest lc = STAGELIJN__V1__LIST_CLASSES_REQUEST__INIT;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_CLASSES;
    req.list_classes = &lc;
    return ts_send(c, &req, NULL);
}

static void test_short_idle_timeout_keeps_used_session(void **state)
{
    (void)state;
    test_server ts;
    assert_true(ts_start(&ts, "session_idle_seconds = 30\n"));
    sl_client *used = ts_login(&ts, "admin", TS_ADMIN_PASSWORD);
    sl_client *idle = ts_login(&ts, "admin", TS_ADMIN_PASSWORD);
    assert_non_null(used);
    assert_non_null(idle);
    /* Used every 10 s for 60 s: alive throughout. */
    for (int i = 1; i <= 6; i++) {
        sleep(10);
        sl_status st = list_classes(used);
        printf("after %d s: %s\n", i * 10, sl_status_name(st));
        assert_int_equal(st, SL_OK);
    }
    /* The one left alone for 60 s has expired (its connection is still open: idle_timeout_ms
     * is 5 minutes). */
    assert_int_equal(list_classes(idle), SL_EUNAUTH);
    sl_client_close(used);
    sl_client_close(idle);
    assert_int_equal(ts_stop(&ts), 0);
    ts_cleanup(&ts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_short_idle_timeout_keeps_used_session),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
