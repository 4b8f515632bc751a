/* Security edges: ALPN required, a subscription ends with its session, field number 0
 * refused, the password file wins over the environment, kiosks refuse staff. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sqlite3.h>

#include "harness.h"
#include "records.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT

static test_server TS;

static int setup(void **state)
{
    (void)state;
    return ts_start(&TS, NULL) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    int rc = ts_stop(&TS);
    ts_cleanup(&TS);
    return rc == 0 ? 0 : -1;
}

/* A TLS client that verifies the server but offers no ALPN: the server must hang up. */
static void test_alpn_required(void **state)
{
    (void)state;
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    assert_non_null(ctx);
    assert_int_equal(SSL_CTX_load_verify_locations(ctx, TS.ca, NULL), 1);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)TS.port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    int ok = SSL_connect(ssl);
    /* The handshake may complete (TLS 1.3 finishes on the client first); then the server
     * closes without answering a frame. */
    if (ok == 1) {
        const uint8_t hello[] = {0, 0, 0, 4, 0x52, 0x02, 0x08, 0x01};
        SSL_write(ssl, hello, sizeof hello);
        char buf[64];
        int n = SSL_read(ssl, buf, sizeof buf);
        assert_true(n <= 0);
    }
    ERR_clear_error();
    SSL_free(ssl);
    close(fd);
    SSL_CTX_free(ctx);
    /* The server is still fine. */
    sl_client *c = ts_login(&TS, "admin", TS_ADMIN_PASSWORD);
    assert_non_null(c);
    sl_client_close(c);
}

static void test_field_zero_refused(void **state)
{
    (void)state;
    sl_client *c = ts_login(&TS, "admin", TS_ADMIN_PASSWORD);
    /* request_id 4, then a two-byte tag encoding field 0 (0x82 0x00) with a varint value. */
    const uint8_t frame[] = {0, 0, 0, 5, 0x08, 0x04, 0x82, 0x00, 0x00};
    assert_int_equal(sl_client_send_raw(c, frame, sizeof frame), SL_OK);
    sl_envelope *env = NULL;
    assert_int_equal(sl_client_read_envelope(c, 5000, &env), SL_OK);
    assert_int_equal(env->body_case, STAGELIJN__V1__ENVELOPE__BODY_ERROR);
    sl_envelope_free(env);
    assert_int_not_equal(sl_client_read_envelope(c, 5000, &env), SL_OK);
    sl_client_close(c);
}

static void test_subscription_ends_with_session(void **state)
{
    (void)state;
    sl_client *admin = ts_login(&TS, "admin", TS_ADMIN_PASSWORD);
    assert_true(ts_create_user(admin, "bot1", 7, NULL, NULL));
    assert_true(ts_create_user(admin, "coach1", 2, NULL, NULL));
    /* A subscriber account hears only of the topics granted to it (subs, issue 9). */
    assert_true(ts_grant_topic(admin, "bot1", "placement"));

    /* The subscriber logs in on one connection and subscribes; the same account then logs in
     * elsewhere and changes its password, which ends every session of the account. */
    sl_client *sub = ts_connect(&TS, STAGELIJN__V1__CLIENT_KIND__CLIENT_TEST);
    char err[256];
    assert_int_equal(sl_client_login(sub, "bot1", TS_PASSWORD, NULL, err, sizeof err), SL_OK);
    Stagelijn__V1__SubscribeRequest s = STAGELIJN__V1__SUBSCRIBE_REQUEST__INIT;
    ENV(sreq);
    sreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBSCRIBE;
    sreq.subscribe = &s;
    assert_true(ts_expect(sub, &sreq, SL_OK));

    sl_client *other = ts_login(&TS, "bot1", TS_PASSWORD);
    Stagelijn__V1__ChangePasswordRequest cp = STAGELIJN__V1__CHANGE_PASSWORD_REQUEST__INIT;
    cp.old_password = TS_PASSWORD;
    cp.new_password = "another-password-456";
    ENV(creq);
    creq.body_case = STAGELIJN__V1__ENVELOPE__BODY_CHANGE_PASSWORD;
    creq.change_password = &cp;
    assert_true(ts_expect(other, &creq, SL_OK));
    sl_client_close(other);

    /* Something happens that the subscriber would see: the coach places a student. */
    char class_id[37], company_id[37], student_id[37], supervisor_id[37], placement_id[37];
    assert_true(ts_make_class(admin, "3S", 3, NULL, class_id));
    const ts_company_spec co = {.name = "Event maker"};
    assert_true(ts_make_company(admin, &co, company_id));
    assert_true(ts_create_user(admin, "sup1", 5, company_id, supervisor_id));
    const ts_student_spec st = {.first_name = "Eva",
                                .last_name = "Event",
                                .class_id = class_id,
                                .date_of_birth = "2010-01-10"};
    assert_true(ts_make_student(admin, &st, student_id, NULL));
    sl_client *coach = ts_login(&TS, "coach1", TS_PASSWORD);
    char start[11], end[11];
    ts_date(7, start);
    ts_date(60, end);
    const ts_placement_spec p = {.student_id = student_id,
                                 .company_id = company_id,
                                 .supervisor_id = supervisor_id,
                                 .kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_1,
                                 .start_date = start,
                                 .end_date = end,
                                 .first_weekday = 2,
                                 .n_days = 1,
                                 .day_start = "09:00",
                                 .day_end = "14:00",
                                 .break_minutes = 30};
    assert_true(ts_make_placement(coach, &p, SL_OK, placement_id));
    sl_client_close(coach);

    /* The subscriber does not receive that event: its stream ends with UNAUTHENTICATED. */
    sl_envelope *ev = NULL;
    assert_int_equal(sl_client_read_envelope(sub, 5000, &ev), SL_OK);
    assert_int_equal(ev->body_case, STAGELIJN__V1__ENVELOPE__BODY_ERROR);
    assert_int_equal(ev->error->code, STAGELIJN__V1__ERROR_CODE__ERROR_UNAUTHENTICATED);
    sl_envelope_free(ev);
    assert_int_not_equal(sl_client_read_envelope(sub, 5000, &ev), SL_OK);
    sl_client_close(sub);
    sl_client_close(admin);
}

static void test_password_file_beats_environment(void **state)
{
    (void)state;
    char pwfile[300], out[8192];
    snprintf(pwfile, sizeof pwfile, "%s/admin-pw", TS.dir);
    FILE *f = fopen(pwfile, "w");
    fputs(TS_ADMIN_PASSWORD "\n", f);
    fclose(f);
    const char *args[] = {"--password-file", pwfile, "class", "list", NULL};
    /* ts_run_cli puts the given (wrong) password in STAGELIJN_PASSWORD. */
    int rc = ts_run_cli(&TS, "stagelijn-admin", "admin", "wrong-password", args, out, sizeof out);
    assert_int_equal(rc, 0);
}

/* Writes to the daemon's database from the side, as time would: SQLite in WAL mode lets a
 * second connection write between the daemon's transactions. */
static void db_exec(const char *sql)
{
    char path[300];
    snprintf(path, sizeof path, "%s/stagelijn.db", TS.dir);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static sl_status get_placement(sl_client *c, const char *id)
{
    Stagelijn__V1__GetPlacementRequest g = STAGELIJN__V1__GET_PLACEMENT_REQUEST__INIT;
    g.id = (char *)id;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_PLACEMENT;
    req.get_placement = &g;
    return ts_send(c, &req, NULL);
}

/* A company keeps access to a placement while it runs and for 90 days after it ended; then
 * it loses the placement, the student and the events about them. */
static char w_student[37], w_company[37], w_supervisor[37];

static void test_company_access_window(void **state)
{
    (void)state;
    sl_client *admin = ts_login(&TS, "admin", TS_ADMIN_PASSWORD);
    char class_id[37], placement_id[37];
    char *company_id = w_company, *student_id = w_student, *supervisor_id = w_supervisor;
    assert_true(ts_create_user(admin, "coach-w", 2, NULL, NULL));
    assert_true(ts_make_class(admin, "3W", 3, NULL, class_id));
    const ts_company_spec co = {.name = "Window company"};
    assert_true(ts_make_company(admin, &co, company_id));
    assert_true(ts_create_user(admin, "sup-w", 5, company_id, supervisor_id));
    const ts_student_spec st = {.first_name = "Wim",
                                .last_name = "Window",
                                .class_id = class_id,
                                .date_of_birth = "2010-02-02"};
    assert_true(ts_make_student(admin, &st, student_id, NULL));
    sl_client_close(admin);
    sl_client *coach = ts_login(&TS, "coach-w", TS_PASSWORD);
    char start[11], end[11];
    ts_date(7, start);
    ts_date(60, end);
    const ts_placement_spec p = {.student_id = student_id,
                                 .company_id = company_id,
                                 .supervisor_id = supervisor_id,
                                 .kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_1,
                                 .start_date = start,
                                 .end_date = end,
                                 .n_days = 1,
                                 .day_start = "09:00",
                                 .day_end = "14:00",
                                 .break_minutes = 30};
    assert_true(ts_make_placement(coach, &p, SL_OK, placement_id));
    sl_client_close(coach);
    sl_client *sup = ts_login(&TS, "sup-w", TS_PASSWORD);
    assert_int_equal(get_placement(sup, placement_id), SL_OK);

    /* Ended 89 days ago: still visible. 91 days ago: gone, student and events too. */
    char sql[400];
    snprintf(sql, sizeof sql,
             "UPDATE placements SET status = 6, updated_at = strftime('%%s', 'now') - 89 * 86400 "
             "WHERE id = '%s'",
             placement_id);
    db_exec(sql);
    assert_int_equal(get_placement(sup, placement_id), SL_OK);
    snprintf(sql, sizeof sql,
             "UPDATE placements SET updated_at = strftime('%%s', 'now') - 91 * 86400 "
             "WHERE id = '%s'",
             placement_id);
    db_exec(sql);
    assert_int_equal(get_placement(sup, placement_id), SL_EPERM);
    Stagelijn__V1__GetStudentRequest gs = STAGELIJN__V1__GET_STUDENT_REQUEST__INIT;
    gs.id = student_id;
    ENV(sreq);
    sreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_STUDENT;
    sreq.get_student = &gs;
    assert_int_equal(ts_send(sup, &sreq, NULL), SL_EPERM);
    Stagelijn__V1__ListNotificationsRequest ln = STAGELIJN__V1__LIST_NOTIFICATIONS_REQUEST__INIT;
    ENV(nreq);
    nreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_NOTIFICATIONS;
    nreq.list_notifications = &ln;
    sl_envelope *rep = ts_call(sup, &nreq, SL_OK);
    assert_non_null(rep);
    for (size_t i = 0; i < rep->list_notifications_reply->n_events; i++)
        assert_string_not_equal(rep->list_notifications_reply->events[i]->placement_id,
                                placement_id);
    sl_envelope_free(rep);
    sl_client_close(sup);
}

/* A break of 2^31 minutes must be refused before it is cast to int (it used to be stored and
 * crash the contract printout). */
static void test_break_overflow_refused(void **state)
{
    (void)state;
    sl_client *coach = ts_login(&TS, "coach-w", TS_PASSWORD);
    assert_non_null(coach);
    long before = ts_count_rows(&TS, "placements");
    Stagelijn__V1__ScheduleDay day = STAGELIJN__V1__SCHEDULE_DAY__INIT;
    day.weekday = 1;
    day.start = "09:00";
    day.end = "13:00";
    day.break_minutes = 2147483648u;
    Stagelijn__V1__ScheduleDay *days[] = {&day};
    Stagelijn__V1__Placement p = STAGELIJN__V1__PLACEMENT__INIT;
    p.student_id = w_student; /* real ones, so only the schedule is wrong */
    p.company_id = w_company;
    p.supervisor_id = w_supervisor;
    p.kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_1;
    p.start_date = "2027-01-04";
    p.end_date = "2027-02-04";
    p.n_schedule = 1;
    p.schedule = days;
    Stagelijn__V1__CreatePlacementRequest cp = STAGELIJN__V1__CREATE_PLACEMENT_REQUEST__INIT;
    cp.placement = &p;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_PLACEMENT;
    req.create_placement = &cp;
    assert_int_equal(ts_send(coach, &req, NULL), SL_EINVAL);
    assert_int_equal(ts_count_rows(&TS, "placements"), before);
    sl_client_close(coach);
}

/* A cursor beyond the newest event is an error, not a silent stream. */
static void test_after_seq_beyond_newest(void **state)
{
    (void)state;
    sl_client *bot = ts_login(&TS, "admin", TS_ADMIN_PASSWORD);
    Stagelijn__V1__SubscribeRequest s = STAGELIJN__V1__SUBSCRIBE_REQUEST__INIT;
    s.after_seq = 1000000;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBSCRIBE;
    req.subscribe = &s;
    assert_int_equal(ts_send(bot, &req, NULL), SL_EINVAL);
    Stagelijn__V1__ListNotificationsRequest ln = STAGELIJN__V1__LIST_NOTIFICATIONS_REQUEST__INIT;
    ln.after_seq = UINT64_MAX;
    ENV(nreq);
    nreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_NOTIFICATIONS;
    nreq.list_notifications = &ln;
    assert_int_equal(ts_send(bot, &nreq, NULL), SL_EINVAL);
    sl_client_close(bot);
}

int main(void)
{
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alpn_required),
        cmocka_unit_test(test_field_zero_refused),
        cmocka_unit_test(test_subscription_ends_with_session),
        cmocka_unit_test(test_password_file_beats_environment),
        cmocka_unit_test(test_company_access_window),
        cmocka_unit_test(test_break_overflow_refused),
        cmocka_unit_test(test_after_seq_beyond_newest),
    };
    return cmocka_run_group_tests_name("integration_security", tests, setup, teardown);
}
