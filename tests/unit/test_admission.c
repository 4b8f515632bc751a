/* The per-address admission table: which sockets count as one address, the failure window,
 * what makes an address suspect, and when entries go. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <cmocka.h>

#include "admission.h"

static peer *v4(admission *a, const char *text)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(1234)};
    inet_pton(AF_INET, text, &sa.sin_addr);
    return admission_peer(a, (struct sockaddr *)&sa);
}

static peer *v6(admission *a, const char *text)
{
    struct sockaddr_in6 sa = {.sin6_family = AF_INET6, .sin6_port = htons(1234)};
    inet_pton(AF_INET6, text, &sa.sin6_addr);
    return admission_peer(a, (struct sockaddr *)&sa);
}

static void test_addresses(void **state)
{
    (void)state;
    admission *a = admission_new();
    peer *p = v4(a, "192.0.2.7");
    assert_non_null(p);
    assert_string_equal(p->text, "192.0.2.7");
    /* The port does not matter; the same address is the same entry. */
    assert_ptr_equal(v4(a, "192.0.2.7"), p);
    assert_ptr_not_equal(v4(a, "192.0.2.8"), p);
    /* IPv4-mapped IPv6 is the IPv4 address. */
    assert_ptr_equal(v6(a, "::ffff:192.0.2.7"), p);
    /* IPv6 counts per /64. */
    peer *q = v6(a, "2001:db8:1:2::1");
    assert_non_null(q);
    assert_string_equal(q->text, "2001:db8:1:2::/64");
    assert_ptr_equal(v6(a, "2001:db8:1:2:ffff::9"), q);
    assert_ptr_not_equal(v6(a, "2001:db8:1:3::1"), q);
    assert_int_equal(admission_count(a), 4);
    /* Other families are refused. */
    struct sockaddr un = {.sa_family = AF_UNIX};
    assert_null(admission_peer(a, &un));
    admission_free(a);
}

static void test_failure_window_and_suspect(void **state)
{
    (void)state;
    admission *a = admission_new();
    peer *p = v4(a, "198.51.100.1");
    const long window = 300;
    int64_t t = 10000;
    /* One mistyped password is no attack. */
    peer_login_result(p, false, t, window);
    assert_int_equal(peer_failures(p, t, window), 1);
    assert_false(peer_suspect(p, t, window));
    peer_login_result(p, false, t + 1, window);
    assert_true(peer_suspect(p, t + 1, window));
    /* More successes than failures: a school with typing errors is not suspect. */
    for (int i = 0; i < 3; i++)
        peer_login_result(p, true, t + 2, window);
    assert_false(peer_suspect(p, t + 2, window));
    /* The window ends: the count starts again. */
    assert_int_equal(peer_failures(p, t + window, window), 0);
    assert_false(peer_suspect(p, t + window, window));
    admission_free(a);
}

static void test_release_and_sweep(void **state)
{
    (void)state;
    admission *a = admission_new();
    const long window = 60;
    peer *p = v4(a, "203.0.113.5");
    p->conns = 1;
    admission_release(a, p, 100, window);
    assert_int_equal(admission_count(a), 1); /* a connection holds it */
    p->conns = 0;
    peer_login_result(p, false, 100, window);
    admission_release(a, p, 100, window);
    assert_int_equal(admission_count(a), 1); /* its failure still counts */
    admission_sweep(a, 130, window);
    assert_int_equal(admission_count(a), 1);
    admission_sweep(a, 160, window); /* the window has passed */
    assert_int_equal(admission_count(a), 0);
    peer *q = v4(a, "203.0.113.6");
    q->logins_queued = 1;
    admission_sweep(a, 1000, window);
    assert_int_equal(admission_count(a), 1); /* a queued login holds it */
    q->logins_queued = 0;
    admission_release(a, q, 1000, window);
    assert_int_equal(admission_count(a), 0);
    admission_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_addresses),
        cmocka_unit_test(test_failure_window_and_suspect),
        cmocka_unit_test(test_release_and_sweep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
