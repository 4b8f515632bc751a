/* Live fan-out decides visibility in memory (events.c: live_visible) while replay and
 * ListNotifications use one SQL statement. For every scope — all (coach), class (mentors),
 * company (supervisors), a subscriber account — what a live subscription
 * receives must be exactly what ListNotifications shows the same account afterwards.
 * (Students may not subscribe: their own notifications are read with ListNotifications.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "records.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT
#define MAX_SEQS 512

typedef struct {
    const char *user;
    sl_client *c;
    uint64_t live[MAX_SEQS];
    int n_live;
} watcher;

static uint64_t newest_seq(sl_client *all_scope)
{
    Stagelijn__V1__ListNotificationsRequest ln = STAGELIJN__V1__LIST_NOTIFICATIONS_REQUEST__INIT;
    ln.limit = 1000;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_NOTIFICATIONS;
    req.list_notifications = &ln;
    sl_envelope *rep = ts_call(all_scope, &req, SL_OK);
    assert_non_null(rep);
    uint64_t max = 0;
    for (size_t i = 0; i < rep->list_notifications_reply->n_events; i++)
        if (rep->list_notifications_reply->events[i]->seq > max)
            max = rep->list_notifications_reply->events[i]->seq;
    sl_envelope_free(rep);
    return max;
}

static void subscribe_live(test_server *ts, watcher *w, uint64_t after)
{
    w->c = ts_login(ts, w->user, TS_PASSWORD);
    assert_non_null(w->c);
    Stagelijn__V1__SubscribeRequest s = STAGELIJN__V1__SUBSCRIBE_REQUEST__INIT;
    s.after_seq = after;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBSCRIBE;
    req.subscribe = &s;
    assert_true(ts_expect(w->c, &req, SL_OK));
}

static void collect(watcher *w)
{
    sl_envelope *ev = NULL;
    char err[256];
    while (w->n_live < MAX_SEQS &&
           sl_client_next_event(w->c, 1500, &ev, err, sizeof err) == SL_OK) {
        w->live[w->n_live++] = ev->event->seq;
        sl_envelope_free(ev);
    }
}

/* ListNotifications after `after` for the watcher's account, compared with what it got. */
static void compare(test_server *ts, watcher *w, uint64_t after)
{
    sl_client *c = ts_login(ts, w->user, TS_PASSWORD);
    assert_non_null(c);
    Stagelijn__V1__ListNotificationsRequest ln = STAGELIJN__V1__LIST_NOTIFICATIONS_REQUEST__INIT;
    ln.after_seq = after;
    ln.limit = 1000;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_NOTIFICATIONS;
    req.list_notifications = &ln;
    sl_envelope *rep = ts_call(c, &req, SL_OK);
    assert_non_null(rep);
    size_t n = rep->list_notifications_reply->n_events;
    if ((int)n != w->n_live)
        fail_msg("%s: %d live events, %zu listed", w->user, w->n_live, n);
    for (size_t i = 0; i < n; i++) {
        bool found = false;
        for (int j = 0; j < w->n_live; j++)
            found = found || w->live[j] == rep->list_notifications_reply->events[i]->seq;
        if (!found)
            fail_msg("%s: event %llu listed but not pushed", w->user,
                     (unsigned long long)rep->list_notifications_reply->events[i]->seq);
    }
    sl_envelope_free(rep);
    sl_client_close(c);
}

static void test_live_push_matches_listing(void **state)
{
    (void)state;
    test_server ts;
    /* Two subscribers a pass: the push of one commit spans several loop passes, and the next
     * commit's events arrive while one is under way. */
    assert_true(ts_start(&ts, "push_chunk = 2\n"));
    sl_client *admin = ts_login(&ts, "admin", TS_ADMIN_PASSWORD);
    char m1[37], m2[37], class_a[37], class_b[37], co_x[37], co_y[37], sx[37], sy[37];
    char st_a[37], st_b[37], otp[64], p_a[37], p_b[37];
    assert_true(ts_create_user(admin, "coach", 2, NULL, NULL));
    assert_true(ts_create_user(admin, "m1", 4, NULL, m1));
    assert_true(ts_create_user(admin, "m2", 4, NULL, m2));
    assert_true(ts_create_user(admin, "bot", 7, NULL, NULL));
    /* The subscriber account hears only of the topics granted to it (subs, issue 9): live
     * and listed alike. */
    assert_true(ts_grant_topic(admin, "bot", "placement_status"));
    assert_true(ts_make_class(admin, "3A", 3, m1, class_a));
    assert_true(ts_make_class(admin, "3B", 3, m2, class_b));
    const ts_company_spec x = {.name = "Bakkerij X", .places = 2, .supervision_capacity = 2},
                          y = {.name = "Tuin Y", .places = 2, .supervision_capacity = 2};
    assert_true(ts_make_company(admin, &x, co_x));
    assert_true(ts_make_company(admin, &y, co_y));
    assert_true(ts_create_user(admin, "sx", 5, co_x, sx));
    assert_true(ts_create_user(admin, "sy", 5, co_y, sy));
    const ts_student_spec a = {.first_name = "Anna",
                               .class_id = class_a,
                               .date_of_birth = "2010-03-01",
                               .username = "ll.a"};
    const ts_student_spec b = {
        .first_name = "Bram", .class_id = class_b, .date_of_birth = "2010-04-01"};
    assert_true(ts_make_student(admin, &a, st_a, otp));
    sl_client_close(ts_student_login(&ts, "ll.a", otp));
    assert_true(ts_make_student(admin, &b, st_b, NULL));

    sl_client *coach = ts_login(&ts, "coach", TS_PASSWORD);
    uint64_t start = newest_seq(coach);
    watcher ws[] = {{.user = "coach"}, {.user = "m1"}, {.user = "m2"},
                    {.user = "sx"},    {.user = "sy"}, {.user = "bot"}};
    size_t nw = sizeof ws / sizeof ws[0];
    for (size_t i = 0; i < nw; i++)
        subscribe_live(&ts, &ws[i], start);

    char from[11], to[11];
    ts_date(7, from);
    ts_date(90, to);
    ts_placement_spec pa = ts_individual_week(st_a, co_x, sx, from, to);
    ts_placement_spec pb = pa;
    pb.student_id = st_b;
    pb.company_id = co_y;
    pb.supervisor_id = sy;
    assert_true(ts_make_active_placement(coach, &pa, TS_SIGN_MINOR, p_a));
    assert_true(ts_make_active_placement(coach, &pb, TS_SIGN_MINOR, p_b));

    for (size_t i = 0; i < nw; i++)
        collect(&ws[i]);
    for (size_t i = 0; i < nw; i++)
        compare(&ts, &ws[i], start);
    /* Not vacuous: the scopes differ, and each narrow scope saw its own events. */
    assert_true(ws[0].n_live > ws[1].n_live);
    assert_true(ws[1].n_live > 0 && ws[2].n_live > 0 && ws[3].n_live > 0 && ws[4].n_live > 0);
    assert_int_not_equal(ws[1].live[0], ws[2].live[0]);
    assert_true(ws[5].n_live > 0 && ws[5].n_live < ws[0].n_live);

    for (size_t i = 0; i < nw; i++)
        sl_client_close(ws[i].c);
    sl_client_close(coach);
    sl_client_close(admin);
    assert_int_equal(ts_stop(&ts), 0);
    ts_cleanup(&ts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_live_push_matches_listing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
