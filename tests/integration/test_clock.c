/* The daemon's one clock can be shifted for tests and drills (clock_offset_seconds): every
 * date rule then judges by the shifted "today". Proven with the rule that a date of birth lies
 * in the past, on a server whose clock runs ten days ahead, and on one that runs ten days
 * behind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define TEN_DAYS "864000"

/* Creates a student born `days_from_today` (real clock) days from now; expects `expect`. */
static void create_student_born(sl_client *admin, const char *klass, int days_from_today,
                                sl_status expect)
{
    char dob[11];
    ts_date(days_from_today, dob);
    Stagelijn__V1__Student s = STAGELIJN__V1__STUDENT__INIT;
    s.first_name = "Daan";
    s.last_name = "Klok";
    s.class_id = (char *)klass;
    s.date_of_birth = dob;
    Stagelijn__V1__CreateStudentRequest cs = STAGELIJN__V1__CREATE_STUDENT_REQUEST__INIT;
    cs.student = &s;
    cs.username = "";
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_STUDENT;
    req.create_student = &cs;
    assert_true(ts_expect(admin, &req, expect));
}

static void run_with_offset(const char *config, int accepted_days, int refused_days)
{
    test_server ts;
    assert_true(ts_start(&ts, config));
    sl_client *admin = ts_login(&ts, "admin", TS_ADMIN_PASSWORD);
    assert_non_null(admin);
    char klass[37];
    assert_true(ts_make_class(admin, "3K", 3, NULL, klass));
    create_student_born(admin, klass, accepted_days, SL_OK);
    create_student_born(admin, klass, refused_days, SL_EINVAL);
    assert_int_equal(ts_teardown(&ts, &admin, 1), 0);
}

/* Ten days ahead: someone born five days from (real) today is born in the server's past,
 * someone born twelve days from now is not born yet. */
static void test_clock_ahead_moves_today(void **state)
{
    (void)state;
    run_with_offset("clock_offset_seconds = " TEN_DAYS, 5, 12);
}

/* Ten days behind: someone born twelve days ago is born; five days ago is in the server's
 * future. */
static void test_clock_behind_moves_today(void **state)
{
    (void)state;
    run_with_offset("clock_offset_seconds = -" TEN_DAYS, -12, -5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clock_ahead_moves_today),
        cmocka_unit_test(test_clock_behind_moves_today),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
