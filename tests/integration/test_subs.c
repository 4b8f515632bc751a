/* Subscriptions narrowed to what each person may see (issue 9, "Event log and subscriptions"):
 * a coach's subscription, replay, listing and inbox carry only his/her own interns' events
 * (the whole school's only when asked, and only for a role whose scope is the whole school); a
 * support coach's only his/her support students'; a subscriber account only the topics an
 * administrator granted it. */
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
#define P TS_PASSWORD
#define MAX_SEEN 256

/* What one subscription received: the seq and student of every event. */
typedef struct {
    int n;
    uint64_t seq[MAX_SEEN];
    char student[MAX_SEEN][37];
    char topic[MAX_SEEN][32];
} seen;

static struct {
    test_server ts;
    sl_client *admin, *c1, *c2;
    char mentor[37], klas[37], company[37], supervisor[37], sc[37];
    char anna[37], bram[37], cas[37];       /* coached by c1, by c2, supported by "sc" */
    char p_anna[37], p_bram[37], p_cas[37]; /* their placements */
} W;

static sl_status subscribe(sl_client *c, uint64_t after, bool all_school, const char *const *topics,
                           size_t n_topics)
{
    Stagelijn__V1__SubscribeRequest s = STAGELIJN__V1__SUBSCRIBE_REQUEST__INIT;
    s.after_seq = after;
    s.all_school = all_school;
    s.topics = (char **)topics;
    s.n_topics = n_topics;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBSCRIBE;
    req.subscribe = &s;
    return ts_send(c, &req, NULL);
}

/* Everything pushed until the stream has been quiet for a second and a half. */
static void collect(sl_client *c, seen *s)
{
    sl_envelope *ev = NULL;
    char err[256];
    while (s->n < MAX_SEEN && sl_client_next_event(c, 1500, &ev, err, sizeof err) == SL_OK) {
        s->seq[s->n] = ev->event->seq;
        snprintf(s->student[s->n], sizeof s->student[0], "%s", ev->event->student_id);
        snprintf(s->topic[s->n], sizeof s->topic[0], "%s", ev->event->topic);
        s->n++;
        sl_envelope_free(ev);
    }
}

static int count_about(const seen *s, const char *student)
{
    int n = 0;
    for (int i = 0; i < s->n; i++)
        n += strcmp(s->student[i], student) == 0;
    return n;
}

static uint64_t newest_seq(void)
{
    return (uint64_t)ts_count_rows(&W.ts, "events");
}

/* A new login of `user` subscribed from `after`; the caller closes it. */
static sl_client *subscriber(const char *user, uint64_t after, bool all_school)
{
    sl_client *c = ts_login(&W.ts, user, P);
    assert_non_null(c);
    assert_int_equal(subscribe(c, after, all_school, NULL, 0), SL_OK);
    return c;
}

/* ListNotifications from the start as `c`; what it lists goes to s. */
static sl_status list_all(sl_client *c, bool all_school, seen *s)
{
    Stagelijn__V1__ListNotificationsRequest ln = STAGELIJN__V1__LIST_NOTIFICATIONS_REQUEST__INIT;
    ln.limit = 500;
    ln.all_school = all_school;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_NOTIFICATIONS;
    req.list_notifications = &ln;
    sl_envelope *rep = NULL;
    sl_status st = ts_send(c, &req, &rep);
    s->n = 0;
    for (size_t i = 0; st == SL_OK && i < rep->list_notifications_reply->n_events; i++) {
        const Stagelijn__V1__Event *e = rep->list_notifications_reply->events[i];
        s->seq[s->n] = e->seq;
        snprintf(s->student[s->n], sizeof s->student[0], "%s", e->student_id);
        snprintf(s->topic[s->n], sizeof s->topic[0], "%s", e->topic);
        s->n++;
    }
    sl_envelope_free(rep);
    return st;
}

/* The caller's open inbox (own interns, or the school's with team) into s. */
static void inbox_all(sl_client *c, bool team, seen *s)
{
    Stagelijn__V1__InboxRequest q = STAGELIJN__V1__INBOX_REQUEST__INIT;
    q.limit = 500;
    q.team = team;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_INBOX;
    req.inbox = &q;
    sl_envelope *rep = ts_call(c, &req, SL_OK);
    assert_non_null(rep);
    s->n = 0;
    for (size_t i = 0; i < rep->inbox_reply->n_items; i++) {
        const Stagelijn__V1__Event *e = rep->inbox_reply->items[i]->event;
        s->seq[s->n] = e->seq;
        snprintf(s->student[s->n], sizeof s->student[0], "%s", e->student_id);
        s->n++;
    }
    sl_envelope_free(rep);
}

/* Makes `student`'s support coach the account `sc` (UpdateStudent by a coach). */
static void set_support_coach(const char *student)
{
    Stagelijn__V1__StudentProfile p = STAGELIJN__V1__STUDENT_PROFILE__INIT;
    p.student_id = (char *)student;
    p.school_year = 3;
    p.class_id = W.klas;
    p.support_need = true;
    p.support_coach_id = W.sc;
    Stagelijn__V1__UpdateStudentRequest u = STAGELIJN__V1__UPDATE_STUDENT_REQUEST__INIT;
    u.profile = &p;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_UPDATE_STUDENT;
    req.update_student = &u;
    assert_true(ts_expect(W.c1, &req, SL_OK));
}

static void make_placement(sl_client *coach, const char *student, char id_out[37])
{
    char from[11], to[11];
    ts_date(7, from);
    ts_date(90, to);
    ts_placement_spec p = ts_individual_week(student, W.company, W.supervisor, from, to);
    assert_true(ts_make_active_placement(coach, &p, TS_SIGN_MINOR, id_out));
}

/* Two coaches, a support coach, a mentor and a subscriber account; three students of one
 * class, none placed yet. */
static int setup(void **state)
{
    (void)state;
    if (!ts_start(&W.ts, NULL))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    const ts_company_spec co = {.name = "Bakkerij Jansen", .places = 5, .supervision_capacity = 5};
    const ts_student_spec
        a = {.first_name = "Anna", .class_id = W.klas, .date_of_birth = "2010-03-01"},
        b = {.first_name = "Bram", .class_id = W.klas, .date_of_birth = "2010-04-01"},
        c = {.first_name = "Cas", .class_id = W.klas, .date_of_birth = "2010-05-01"};
    bool ok = W.admin && ts_create_user(W.admin, "c1", 2, NULL, NULL) &&
              ts_create_user(W.admin, "c2", 2, NULL, NULL) &&
              ts_create_user(W.admin, "sc", 3, NULL, W.sc) &&
              ts_create_user(W.admin, "m1", 4, NULL, W.mentor) &&
              ts_create_user(W.admin, "bot", 7, NULL, NULL) &&
              ts_make_class(W.admin, "3A", 3, W.mentor, W.klas) &&
              ts_make_company(W.admin, &co, W.company) &&
              ts_create_user(W.admin, "sup", 5, W.company, W.supervisor) &&
              ts_make_student(W.admin, &a, W.anna, NULL) &&
              ts_make_student(W.admin, &b, W.bram, NULL) &&
              ts_make_student(W.admin, &c, W.cas, NULL);
    W.c1 = ok ? ts_login(&W.ts, "c1", P) : NULL;
    W.c2 = ok ? ts_login(&W.ts, "c2", P) : NULL;
    return W.c1 && W.c2 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *const all[] = {W.admin, W.c1, W.c2};
    return ts_teardown(&W.ts, all, 3);
}

/* An event about one coach's intern never reaches the other coach: live, on replay, in
 * ListNotifications and in the inbox; the whole school's only when asked. The support coach
 * hears of his/her support student (placed by c1), not of the others. */
static void test_coach_hears_of_own_interns_only(void **state)
{
    (void)state;
    uint64_t start = newest_seq();
    sl_client *l1 = subscriber("c1", start, false), *l2 = subscriber("c2", start, false);
    sl_client *lsc = subscriber("sc", start, false), *lall = subscriber("c2", start, true);
    set_support_coach(W.cas);
    make_placement(W.c1, W.anna, W.p_anna);
    make_placement(W.c2, W.bram, W.p_bram);
    make_placement(W.c1, W.cas, W.p_cas);

    seen s1 = {0}, s2 = {0}, ssc = {0}, sall = {0};
    collect(l1, &s1);
    collect(l2, &s2);
    collect(lsc, &ssc);
    collect(lall, &sall);
    /* Live: each coach his/her own; not vacuous, each got some. */
    assert_true(count_about(&s1, W.anna) > 0 && count_about(&s1, W.cas) > 0);
    assert_int_equal(count_about(&s1, W.bram), 0);
    assert_true(count_about(&s2, W.bram) > 0);
    assert_int_equal(count_about(&s2, W.anna) + count_about(&s2, W.cas), 0);
    assert_true(count_about(&ssc, W.cas) > 0);
    assert_int_equal(count_about(&ssc, W.anna) + count_about(&ssc, W.bram), 0);
    /* Asked for, the whole school's. */
    assert_int_equal(sall.n, s1.n + s2.n);
    assert_true(count_about(&sall, W.anna) > 0);

    /* Replay from the start: the same narrowing. */
    sl_client *r2 = subscriber("c2", 0, false);
    seen rs2 = {0};
    collect(r2, &rs2);
    assert_int_equal(count_about(&rs2, W.bram), count_about(&s2, W.bram));
    assert_int_equal(count_about(&rs2, W.anna) + count_about(&rs2, W.cas), 0);

    /* ListNotifications and the inbox. */
    seen ln = {0}, in = {0};
    assert_int_equal(list_all(W.c2, false, &ln), SL_OK);
    assert_int_equal(count_about(&ln, W.anna), 0);
    assert_int_equal(count_about(&ln, W.bram), count_about(&s2, W.bram));
    assert_int_equal(list_all(W.c2, true, &ln), SL_OK);
    assert_int_equal(count_about(&ln, W.anna), count_about(&s1, W.anna));
    inbox_all(W.c2, false, &in);
    assert_int_equal(count_about(&in, W.anna), 0);
    assert_true(count_about(&in, W.bram) > 0);
    inbox_all(W.c2, true, &in);
    assert_true(count_about(&in, W.anna) > 0);

    sl_client *const cs[] = {l1, l2, lsc, lall, r2};
    for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++)
        sl_client_close(cs[i]);
}

/* A mentor's scope is his/her class: asking for the whole school is refused, and the class's
 * events arrive without it. */
static void test_mentor_may_not_ask_for_school(void **state)
{
    (void)state;
    sl_client *m = ts_login(&W.ts, "m1", P);
    assert_non_null(m);
    assert_int_equal(subscribe(m, 0, true, NULL, 0), SL_EPERM);
    seen ln = {0};
    assert_int_equal(list_all(m, true, &ln), SL_EPERM);
    assert_int_equal(list_all(m, false, &ln), SL_OK);
    assert_true(count_about(&ln, W.anna) > 0 && count_about(&ln, W.bram) > 0);
    sl_client_close(m);
}

/* A mentor's subscription carries his/her class's events only: an event about a student of
 * another class never reaches him/her, live or on replay; that class's mentor gets it. */
static void test_mentor_hears_of_own_class_only(void **state)
{
    (void)state;
    char m2[37], klas_b[37], fien[37], p_fien[37];
    assert_true(ts_create_user(W.admin, "m2", 4, NULL, m2));
    assert_true(ts_make_class(W.admin, "3B", 3, m2, klas_b));
    const ts_student_spec f = {
        .first_name = "Fien", .class_id = klas_b, .date_of_birth = "2010-08-01"};
    assert_true(ts_make_student(W.admin, &f, fien, NULL));
    uint64_t start = newest_seq();
    sl_client *l1 = subscriber("m1", start, false), *l2 = subscriber("m2", start, false);
    make_placement(W.c2, fien, p_fien);
    seen s1 = {0}, s2 = {0}, r1 = {0};
    collect(l1, &s1);
    collect(l2, &s2);
    assert_int_equal(count_about(&s1, fien), 0);
    assert_true(count_about(&s2, fien) > 0);
    assert_int_equal(s2.n, count_about(&s2, fien));
    sl_client *replay = subscriber("m1", 0, false);
    collect(replay, &r1);
    assert_int_equal(count_about(&r1, fien), 0);
    assert_true(count_about(&r1, W.anna) > 0); /* not vacuous: the own class's are there */
    sl_client_close(l1);
    sl_client_close(l2);
    sl_client_close(replay);
}

/* The real notifier: c2's replay as JSON lines names no event about c1's interns. */
static void test_notifier_narrowed(void **state)
{
    (void)state;
    char out[65536];
    const char *args[] = {"listen", "--after-seq", "0", "--idle-exit", "2", NULL};
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn-notify", "c2", P, args, out, sizeof out), 0);
    assert_non_null(strstr(out, W.bram));
    assert_null(strstr(out, W.anna));
    const char *all[] = {"listen", "--after-seq", "0", "--idle-exit", "2", "--all-school", NULL};
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn-notify", "c2", P, all, out, sizeof out), 0);
    assert_non_null(strstr(out, W.anna));
}

/* ---------------------------------------------------------------- subscriber accounts */

static int admin_cli(const char *const *args, char *out, size_t n)
{
    return ts_run_cli(&W.ts, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, args, out, n);
}

static void record_exit(const char *student)
{
    char left[11];
    ts_date(-1, left);
    assert_true(ts_record_exit_to_work(W.c1, student, left, "Bakkerij Jansen", "Arbeid"));
}

static bool only_topics(const seen *s, const char *a, const char *b)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->topic[i], a) != 0 && strcmp(s->topic[i], b) != 0) {
            print_message("event %llu has topic %s\n", (unsigned long long)s->seq[i], s->topic[i]);
            return false;
        }
    return true;
}

/* Granting: only an administrator, only to a subscriber account, only known topics; a
 * refusal changes nothing. Without grants a subscriber's subscription is refused. */
static void test_grants_by_the_admin_only(void **state)
{
    (void)state;
    sl_client *bot = ts_login(&W.ts, "bot", P);
    assert_non_null(bot);
    assert_int_equal(subscribe(bot, 0, false, NULL, 0), SL_EPRECOND);
    sl_client_close(bot);

    char out[4096];
    const char *typo[] = {"subscriber", "topics",  "--username", "bot", "--grant",
                          "exit",       "--grant", "exits",      NULL};
    assert_int_not_equal(admin_cli(typo, out, sizeof out), 0);
    assert_non_null(strstr(out, "unknown_topic"));
    assert_int_equal(ts_count_rows(&W.ts, "subscriber_topics"), 0);
    const char *coach[] = {"subscriber", "topics", "--username", "c1", "--grant", "exit", NULL};
    assert_int_not_equal(admin_cli(coach, out, sizeof out), 0);
    assert_non_null(strstr(out, "not_a_subscriber"));
    assert_int_equal(ts_count_rows(&W.ts, "subscriber_topics"), 0);
    const char *by_coach[] = {"subscriber", "topics", "--username", "bot", "--grant", "exit", NULL};
    assert_int_not_equal(ts_run_cli(&W.ts, "stagelijn-admin", "c1", P, by_coach, out, sizeof out),
                         0);
    assert_non_null(strstr(out, "permission_denied"));
    assert_int_equal(ts_count_rows(&W.ts, "subscriber_topics"), 0);

    const char *grant[] = {"subscriber", "topics",  "--username", "bot", "--grant",
                           "exit",       "--grant", "dropout",    NULL};
    assert_int_equal(admin_cli(grant, out, sizeof out), 0);
    assert_non_null(strstr(out, "\"topics\":[\"dropout\",\"exit\"]"));
    assert_int_equal(ts_count_rows(&W.ts, "subscriber_topics"), 2);
}

/* Granted "exit" and "dropout": a topic not granted is refused when asked for, and events of
 * other topics never arrive, live, on replay or listed. A revocation ends the account's
 * sessions, so the live subscription stops and the next one is under the new grants. */
static void test_subscriber_gets_granted_topics_only(void **state)
{
    (void)state;
    sl_client *bot = ts_login(&W.ts, "bot", P);
    assert_non_null(bot);
    const char *const placement[] = {"placement"};
    assert_int_equal(subscribe(bot, 0, false, placement, 1), SL_EPERM);
    uint64_t start = newest_seq();
    assert_int_equal(subscribe(bot, start, false, NULL, 0), SL_OK);

    char dirk[37], p_dirk[37], eva[37];
    const ts_student_spec d = {.first_name = "Dirk",
                               .class_id = W.klas,
                               .date_of_birth = "2010-06-01"},
                          e = {.first_name = "Eva",
                               .class_id = W.klas,
                               .date_of_birth = "2010-07-01"};
    assert_true(ts_make_student(W.admin, &d, dirk, NULL));
    assert_true(ts_make_student(W.admin, &e, eva, NULL));
    make_placement(W.c1, dirk, p_dirk); /* placement, placement_status: not granted */
    record_exit(eva);                   /* exit: granted */
    seen live = {0};
    collect(bot, &live);
    assert_true(newest_seq() - start > 2); /* the others were raised */
    assert_int_equal(live.n, 1);
    assert_string_equal(live.topic[0], "exit");

    seen replay = {0}, listed = {0};
    sl_client *again = ts_login(&W.ts, "bot", P);
    assert_int_equal(subscribe(again, 0, false, NULL, 0), SL_OK);
    collect(again, &replay);
    assert_true(replay.n >= 1 && only_topics(&replay, "exit", "dropout"));
    assert_int_equal(list_all(again, false, &listed), SL_OK);
    assert_int_equal(listed.n, replay.n);
    assert_true(only_topics(&listed, "exit", "dropout"));

    char out[4096];
    const char *revoke[] = {"subscriber", "topics", "--username", "bot", "--revoke", "exit", NULL};
    assert_int_equal(admin_cli(revoke, out, sizeof out), 0);
    assert_non_null(strstr(out, "\"topics\":[\"dropout\"]"));
    record_exit(eva);
    sl_envelope *ev = NULL;
    char err[256];
    assert_int_not_equal(sl_client_next_event(bot, 3000, &ev, err, sizeof err), SL_OK);
    sl_envelope_free(ev);
    sl_client_close(bot);
    sl_client_close(again);
    bot = ts_login(&W.ts, "bot", P);
    const char *const exit_topic[] = {"exit"};
    assert_int_equal(subscribe(bot, 0, false, exit_topic, 1), SL_EPERM);
    assert_int_equal(list_all(bot, false, &listed), SL_OK);
    assert_int_equal(listed.n, 0);
    sl_client_close(bot);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coach_hears_of_own_interns_only),
        cmocka_unit_test(test_mentor_may_not_ask_for_school),
        cmocka_unit_test(test_mentor_hears_of_own_class_only),
        cmocka_unit_test(test_notifier_narrowed),
        cmocka_unit_test(test_grants_by_the_admin_only),
        cmocka_unit_test(test_subscriber_gets_granted_topics_only),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
