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

#include "harness.h"

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
    Stagelijn__V1__CreateClassRequest ccl = STAGELIJN__V1__CREATE_CLASS_REQUEST__INIT;
    ccl.name = "3S";
    ccl.school_year = 3;
    ENV(clreq);
    clreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_CLASS;
    clreq.create_class = &ccl;
    sl_envelope *rep = ts_call(admin, &clreq, SL_OK);
    assert_non_null(rep);
    char class_id[37], company_id[37], student_id[37], supervisor_id[37];
    snprintf(class_id, sizeof class_id, "%s", rep->school_class->id);
    sl_envelope_free(rep);
    Stagelijn__V1__Company co = STAGELIJN__V1__COMPANY__INIT;
    co.name = "Event maker";
    Stagelijn__V1__CreateCompanyRequest cc = STAGELIJN__V1__CREATE_COMPANY_REQUEST__INIT;
    cc.company = &co;
    ENV(creq2);
    creq2.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_COMPANY;
    creq2.create_company = &cc;
    rep = ts_call(admin, &creq2, SL_OK);
    assert_non_null(rep);
    snprintf(company_id, sizeof company_id, "%s", rep->company->id);
    sl_envelope_free(rep);
    assert_true(ts_create_user(admin, "sup1", 5, company_id, supervisor_id));
    Stagelijn__V1__Student st_msg = STAGELIJN__V1__STUDENT__INIT;
    st_msg.first_name = "Eva";
    st_msg.last_name = "Event";
    st_msg.class_id = class_id;
    st_msg.date_of_birth = "2010-01-10";
    Stagelijn__V1__CreateStudentRequest cs = STAGELIJN__V1__CREATE_STUDENT_REQUEST__INIT;
    cs.student = &st_msg;
    ENV(sreq2);
    sreq2.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_STUDENT;
    sreq2.create_student = &cs;
    rep = ts_call(admin, &sreq2, SL_OK);
    assert_non_null(rep);
    snprintf(student_id, sizeof student_id, "%s", rep->create_student_reply->student->id);
    sl_envelope_free(rep);
    sl_client *coach = ts_login(&TS, "coach1", TS_PASSWORD);
    Stagelijn__V1__ScheduleDay day = STAGELIJN__V1__SCHEDULE_DAY__INIT;
    day.weekday = 2;
    day.start = "09:00";
    day.end = "14:00";
    day.break_minutes = 30;
    Stagelijn__V1__ScheduleDay *days[] = {&day};
    Stagelijn__V1__Placement p = STAGELIJN__V1__PLACEMENT__INIT;
    char start[11], end[11];
    ts_date(7, start);
    ts_date(60, end);
    p.student_id = student_id;
    p.company_id = company_id;
    p.supervisor_id = supervisor_id;
    p.kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_1;
    p.start_date = start;
    p.end_date = end;
    p.n_schedule = 1;
    p.schedule = days;
    Stagelijn__V1__CreatePlacementRequest cp2 = STAGELIJN__V1__CREATE_PLACEMENT_REQUEST__INIT;
    cp2.placement = &p;
    ENV(preq);
    preq.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_PLACEMENT;
    preq.create_placement = &cp2;
    assert_true(ts_expect(coach, &preq, SL_OK));
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

int main(void)
{
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alpn_required),
        cmocka_unit_test(test_field_zero_refused),
        cmocka_unit_test(test_subscription_ends_with_session),
        cmocka_unit_test(test_password_file_beats_environment),
    };
    return cmocka_run_group_tests_name("integration_security", tests, setup, teardown);
}
