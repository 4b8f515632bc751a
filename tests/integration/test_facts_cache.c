/* The authorization facts of students kept between reads (target.c): a mentor who read a
 * student of his class loses the student at once when the student moves to another class,
 * and the new class's mentor gains the student; the mover reads the move back. Without the
 * invalidation by the store's update hook the first mentor would still be let in. */
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

static struct {
    test_server ts;
    sl_client *admin, *coach, *mentor_a, *mentor_b;
    char class_a[37], class_b[37], student[37];
} W;

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&W.ts, NULL))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char ma[37], mb[37];
    const ts_student_spec s = {.first_name = "Anna",
                               .class_id = W.class_a,
                               .date_of_birth = "2011-03-03",
                               .school_year = 2};
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, NULL) ||
        !ts_create_user(W.admin, "mentor-a", 4, NULL, ma) ||
        !ts_create_user(W.admin, "mentor-b", 4, NULL, mb) ||
        !ts_make_class(W.admin, "2A", 2, ma, W.class_a) ||
        !ts_make_class(W.admin, "2B", 2, mb, W.class_b) ||
        !ts_make_student(W.admin, &s, W.student, NULL))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    W.mentor_a = ts_login(&W.ts, "mentor-a", TS_PASSWORD);
    W.mentor_b = ts_login(&W.ts, "mentor-b", TS_PASSWORD);
    return W.coach && W.mentor_a && W.mentor_b ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *const all[] = {W.admin, W.coach, W.mentor_a, W.mentor_b};
    return ts_teardown(&W.ts, all, sizeof all / sizeof all[0]);
}

static bool read_student(sl_client *c, sl_status expect, const char *class_id)
{
    Stagelijn__V1__GetStudentRequest g = STAGELIJN__V1__GET_STUDENT_REQUEST__INIT;
    g.id = W.student;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_STUDENT;
    req.get_student = &g;
    if (expect != SL_OK)
        return ts_expect(c, &req, expect);
    sl_envelope *rep = ts_call(c, &req, SL_OK);
    bool ok = rep && rep->student && strcmp(rep->student->class_id, class_id) == 0;
    sl_envelope_free(rep);
    return ok;
}

static void test_move_ends_old_mentors_access(void **state)
{
    (void)state;
    /* Each read twice: the second is answered from the kept facts. */
    for (int i = 0; i < 2; i++) {
        assert_true(read_student(W.mentor_a, SL_OK, W.class_a));
        assert_true(read_student(W.mentor_b, SL_EPERM, NULL));
        assert_true(read_student(W.coach, SL_OK, W.class_a));
    }

    Stagelijn__V1__StudentProfile p = STAGELIJN__V1__STUDENT_PROFILE__INIT;
    p.student_id = W.student;
    p.school_year = 2;
    p.class_id = W.class_b;
    Stagelijn__V1__UpdateStudentRequest u = STAGELIJN__V1__UPDATE_STUDENT_REQUEST__INIT;
    u.profile = &p;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_UPDATE_STUDENT;
    req.update_student = &u;
    assert_true(ts_expect(W.coach, &req, SL_OK));

    assert_true(read_student(W.coach, SL_OK, W.class_b));
    for (int i = 0; i < 2; i++) {
        assert_true(read_student(W.mentor_a, SL_EPERM, NULL));
        assert_true(read_student(W.mentor_b, SL_OK, W.class_b));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_move_ends_old_mentors_access),
    };
    return cmocka_run_group_tests_name("facts_cache", tests, setup, teardown);
}
