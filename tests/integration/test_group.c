/* The group internship against a real stagelijnd: sessions per location and day part, the
 * capacity of 5 (the 6th refused), who may join (year 3, and dropouts of years 3 to 5, year
 * 4/5 on Thursday and Friday), double bookings, the listing, and the reflection interviews
 * with the joint decision to move on. Every refusal proves that nothing was written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "harness.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT
#define OUT 65536
#define N_Y3 7

typedef struct {
    test_server ts;
    sl_client *admin, *coach, *support, *mentor_3, *mentor_4, *sup_a;
    char company_a[37], class_3[37], class_4[37], class_2[37], sup_a_id[37];
    char y3[N_Y3][37], d4[37], n4[37], y2[37], p_d4[37];
    char thursday[11], monday[11], friday[11];
    char s_thu[37], s_thu_pm[37], s_mon[37], s_small[37], s_other[37];
    char out[OUT];
} world;

static world W;

/* ---------------------------------------------------------------- helpers */

static sl_envelope *call(sl_client *c, sl_envelope *req, sl_status expect, const char *rule)
{
    bool matched;
    sl_envelope *rep = ts_call_rule(c, req, expect, rule, &matched);
    if (!matched)
        sl_envelope_free(rep);
    assert_true(matched);
    return rep;
}

static void run(int want, const char *prog, const char *user, ...)
{
    const char *args[48];
    int n = 0;
    va_list ap;
    va_start(ap, user);
    const char *a;
    while ((a = va_arg(ap, const char *)) != NULL && n < 47)
        args[n++] = a;
    va_end(ap);
    args[n] = NULL;
    int rc = ts_run_cli(&W.ts, prog, user, TS_PASSWORD, args, W.out, sizeof W.out);
    if (rc != want)
        fprintf(stderr, "%s %s: exit %d, wanted %d; output: %s\n", prog, args[0], rc, want, W.out);
    assert_int_equal(rc, want);
}

/* Of age: the dropout's contract needs no parent. */
static bool make_student(const char *first, const char *class_id, char *id)
{
    const ts_student_spec s = {.first_name = first,
                               .last_name = "Groep",
                               .class_id = class_id,
                               .date_of_birth = "2005-06-06"};
    return ts_make_student(W.admin, &s, id, NULL);
}

/* A placement for the year-4 student who will drop out: proposed, then contract, signatures
 * and activation when the contract family's lifecycle is in force. */
static bool make_active_placement(const char *student, char *id)
{
    char start[11], end[11];
    ts_monday(-14, start);
    ts_date(120, end);
    const ts_placement_spec p = {.student_id = student,
                                 .company_id = W.company_a,
                                 .supervisor_id = W.sup_a_id,
                                 .kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR,
                                 .start_date = start,
                                 .end_date = end,
                                 .sector = 2,
                                 .n_days = 3,
                                 .day_start = "08:30",
                                 .day_end = "15:00",
                                 .break_minutes = 30};
    return ts_make_active_placement(W.coach, &p, TS_SIGN_ADULT, id);
}

static bool report_dropout(const char *placement)
{
    char today[11];
    ts_date(0, today);
    Stagelijn__V1__ReportDropoutRequest d = STAGELIJN__V1__REPORT_DROPOUT_REQUEST__INIT;
    d.placement_id = (char *)placement;
    d.date = today;
    d.reason = "Conflict met collega's";
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_REPORT_DROPOUT;
    req.report_dropout = &d;
    return ts_expect(W.coach, &req, SL_OK);
}

static sl_envelope *create_session(sl_client *c, const char *location, const char *date, int part,
                                   uint32_t capacity, sl_status st, char *id)
{
    Stagelijn__V1__GroupSession g = STAGELIJN__V1__GROUP_SESSION__INIT;
    g.location = (char *)location;
    g.address = "Industrieweg 5";
    g.date = (char *)date;
    g.day_part = (Stagelijn__V1__DayPart)part;
    g.capacity = capacity;
    Stagelijn__V1__CreateGroupSessionRequest cr = STAGELIJN__V1__CREATE_GROUP_SESSION_REQUEST__INIT;
    cr.session = &g;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_GROUP_SESSION;
    req.create_group_session = &cr;
    sl_envelope *rep = call(c, &req, st, NULL);
    if (rep && id)
        snprintf(id, 37, "%s", rep->group_session->id);
    return rep;
}

static sl_envelope *enrol(sl_client *c, const char *session, const char *student,
                          bool after_dropout, sl_status st, const char *rule)
{
    Stagelijn__V1__EnrolGroupSessionRequest e = STAGELIJN__V1__ENROL_GROUP_SESSION_REQUEST__INIT;
    e.group_session_id = (char *)session;
    e.student_id = (char *)student;
    e.after_dropout = after_dropout;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_ENROL_GROUP_SESSION;
    req.enrol_group_session = &e;
    return call(c, &req, st, rule);
}

/* ---------------------------------------------------------------- setup */

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&W.ts, NULL))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char coach[37], m3[37], m4[37];
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, coach) ||
        !ts_create_user(W.admin, "support", 3, NULL, NULL) ||
        !ts_create_user(W.admin, "mentor-3", 4, NULL, m3) ||
        !ts_create_user(W.admin, "mentor-4", 4, NULL, m4) ||
        !ts_make_class(W.admin, "G3", 3, m3, W.class_3) ||
        !ts_make_class(W.admin, "V4", 4, m4, W.class_4) ||
        !ts_make_class(W.admin, "O2", 2, m3, W.class_2))
        return -1;
    const ts_company_spec company = {
        .name = "Schoonmaakbedrijf", .places = 3, .supervision_capacity = 3};
    if (!ts_make_company(W.admin, &company, W.company_a))
        return -1;
    if (!ts_create_user(W.admin, "sup-a", 5, W.company_a, W.sup_a_id))
        return -1;
    static const char *const names[N_Y3] = {"Ali", "Bo", "Cas", "Dewi", "Eef", "Fay", "Gijs"};
    for (int i = 0; i < N_Y3; i++)
        if (!make_student(names[i], W.class_3, W.y3[i]))
            return -1;
    if (!make_student("Daan", W.class_4, W.d4) || !make_student("Noor", W.class_4, W.n4) ||
        !make_student("Tim", W.class_2, W.y2))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    W.support = ts_login(&W.ts, "support", TS_PASSWORD);
    W.mentor_3 = ts_login(&W.ts, "mentor-3", TS_PASSWORD);
    W.mentor_4 = ts_login(&W.ts, "mentor-4", TS_PASSWORD);
    W.sup_a = ts_login(&W.ts, "sup-a", TS_PASSWORD);
    if (!W.coach || !W.support || !W.mentor_3 || !W.mentor_4 || !W.sup_a)
        return -1;
    if (!make_active_placement(W.d4, W.p_d4) || !report_dropout(W.p_d4))
        return -1;
    /* Next week: always in the future. */
    ts_monday(7, W.monday);
    ts_date_plus(W.monday, 3, W.thursday);
    ts_date_plus(W.monday, 4, W.friday);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *all[] = {W.admin, W.coach, W.support, W.mentor_3, W.mentor_4, W.sup_a};
    return ts_teardown(&W.ts, all, sizeof all / sizeof all[0]);
}

/* ---------------------------------------------------------------- tests */

static void test_create_sessions(void **state)
{
    (void)state;
    enum { MORNING = 1, AFTERNOON = 2 };
    /* Through the workstation program: capacity 0 means the plan's 5. */
    run(0, "stagelijn", "coach", "group", "session", "create", "--location", "Kringloop",
        "--address", "Industrieweg 5", "--date", W.thursday, "--part", "morning", NULL);
    assert_true(ts_json_str(W.out, "id", W.s_thu, sizeof W.s_thu));
    assert_non_null(strstr(W.out, "\"capacity\":5"));
    sl_envelope *rep =
        create_session(W.support, "Kringloop", W.thursday, AFTERNOON, 0, SL_OK, W.s_thu_pm);
    assert_int_equal(rep->group_session->capacity, 5);
    sl_envelope_free(rep);
    sl_envelope_free(create_session(W.coach, "Kringloop", W.monday, MORNING, 5, SL_OK, W.s_mon));
    rep = create_session(W.coach, "Dierenweide", W.thursday, MORNING, 3, SL_OK, W.s_small);
    assert_int_equal(rep->group_session->capacity, 3);
    sl_envelope_free(rep);
    sl_envelope_free(create_session(W.coach, "Tuin", W.friday, MORNING, 0, SL_OK, W.s_other));
    assert_int_equal(ts_count_rows(&W.ts, "group_sessions"), 5);
    assert_int_equal(ts_count_rows(&W.ts, "audit WHERE operation = 'group_session.create'"), 5);

    char past[11];
    ts_date(-1, past);
    long audit = ts_count_rows(&W.ts, "audit");
    create_session(W.coach, "Kringloop", W.thursday, MORNING, 0, SL_EEXISTS, NULL);
    create_session(W.coach, "Kringloop", W.thursday, MORNING, 6, SL_EINVAL, NULL);
    create_session(W.coach, "Kringloop", W.thursday, 0, 0, SL_EINVAL, NULL);
    create_session(W.coach, "Kringloop", W.thursday, 3, 0, SL_EINVAL, NULL);
    create_session(W.coach, "Kringloop", past, MORNING, 0, SL_EINVAL, NULL);
    create_session(W.coach, "Kringloop", "2026-13-01", MORNING, 0, SL_EINVAL, NULL);
    create_session(W.coach, "", W.thursday, MORNING, 0, SL_EINVAL, NULL);
    create_session(W.coach, "Twee\nregels", W.thursday, MORNING, 0, SL_EINVAL, NULL);
    create_session(W.mentor_3, "Elders", W.thursday, MORNING, 0, SL_EPERM, NULL);
    create_session(W.sup_a, "Elders", W.thursday, MORNING, 0, SL_EPERM, NULL);
    create_session(W.admin, "Elders", W.thursday, MORNING, 0, SL_EPERM, NULL);
    assert_int_equal(ts_count_rows(&W.ts, "group_sessions"), 5);
    assert_int_equal(ts_count_rows(&W.ts, "audit"), audit);
    run(2, "stagelijn", "coach", "group", "session", "create", "--location", "X", "--date",
        W.thursday, "--part", "evening", NULL);
}

static void test_capacity_five_per_daypart(void **state)
{
    (void)state;
    for (int i = 0; i < 5; i++) {
        sl_envelope *rep = enrol(W.coach, W.s_thu, W.y3[i], false, SL_OK, NULL);
        assert_int_equal(rep->group_session->n_student_ids, (size_t)i + 1);
        assert_int_equal(rep->group_session->n_warnings, 0);
        sl_envelope_free(rep);
    }
    long before = ts_count_rows(&W.ts, "group_enrolments");
    long audit = ts_count_rows(&W.ts, "audit WHERE operation LIKE 'group%'");
    /* The 6th student is refused: 5 places per day part. */
    enrol(W.coach, W.s_thu, W.y3[5], false, SL_EPRECOND, "CAP_GROUP_DAYPART_FULL");
    run(1, "stagelijn", "coach", "group", "enrol", "--session", W.s_thu, "--student", W.y3[5],
        NULL);
    assert_non_null(strstr(W.out, "CAP_GROUP_DAYPART_FULL"));
    /* Twice in one session; in two sessions at the same day part. */
    enrol(W.coach, W.s_thu, W.y3[0], false, SL_EEXISTS, NULL);
    enrol(W.coach, W.s_small, W.y3[0], false, SL_EPRECOND, "GROUP_DOUBLE_BOOKED");
    /* Who may join: not year 2; year 4 only after a recorded dropout. */
    enrol(W.coach, W.s_small, W.y2, false, SL_EPRECOND, "GROUP_NOT_ELIGIBLE");
    enrol(W.coach, W.s_small, W.n4, false, SL_EPRECOND, "GROUP_NOT_ELIGIBLE");
    enrol(W.coach, W.s_small, W.n4, true, SL_EPRECOND, "GROUP_NO_DROPOUT");
    /* Roles and input. */
    enrol(W.mentor_3, W.s_small, W.y3[5], false, SL_EPERM, NULL);
    enrol(W.sup_a, W.s_small, W.y3[5], false, SL_EPERM, NULL);
    enrol(W.admin, W.s_small, W.y3[5], false, SL_EPERM, NULL);
    enrol(W.coach, "", W.y3[5], false, SL_EINVAL, NULL);
    enrol(W.coach, "00000000-0000-4000-8000-000000000000", W.y3[5], false, SL_ENOTFOUND, NULL);
    enrol(W.coach, W.s_small, "", false, SL_EINVAL, NULL);
    assert_int_equal(ts_count_rows(&W.ts, "group_enrolments"), before);
    assert_int_equal(ts_count_rows(&W.ts, "audit WHERE operation LIKE 'group%'"), audit);

    /* The afternoon of the same day is another day part. */
    sl_envelope_free(enrol(W.support, W.s_thu_pm, W.y3[0], false, SL_OK, NULL));
    /* A smaller session fills at its own capacity. */
    for (int i = 5; i < 7; i++)
        sl_envelope_free(enrol(W.coach, W.s_small, W.y3[i], false, SL_OK, NULL));
    sl_envelope_free(enrol(W.coach, W.s_small, W.d4, true, SL_OK, NULL));
    enrol(W.coach, W.s_small, W.y3[1], false, SL_EPRECOND, "GROUP_DOUBLE_BOOKED");
    sl_envelope_free(enrol(W.coach, W.s_thu_pm, W.y3[1], false, SL_OK, NULL));
}

static void test_dropout_days(void **state)
{
    (void)state;
    /* A year-4 dropout on a Monday: enrolled through the workstation program, with the
     * Thursday/Friday warning in the reply and on record. */
    run(0, "stagelijn", "coach", "group", "enrol", "--session", W.s_mon, "--student", W.d4,
        "--after-dropout", NULL);
    assert_non_null(strstr(W.out, "\"rule_id\":\"SCHOOL_GROUP_Y4_DROPOUT_DAYS\""));
    assert_int_equal(ts_count_rows(&W.ts, "audit WHERE operation = 'group_session.enrol' AND "
                                          "details LIKE '%SCHOOL_GROUP_Y4_DROPOUT_DAYS%'"),
                     1);
    /* On Friday no warning (Thursday was the small session above, also without one). */
    run(0, "stagelijn", "coach", "group", "enrol", "--session", W.s_other, "--student", W.d4,
        "--after-dropout", NULL);
    assert_null(strstr(W.out, "SCHOOL_GROUP_Y4_DROPOUT_DAYS"));
    assert_non_null(strstr(W.out, W.d4));
    assert_int_equal(
        ts_count_rows(&W.ts, "audit WHERE details LIKE '%SCHOOL_GROUP_Y4_DROPOUT_DAYS%'"), 1);
    /* A year-3 student after a dropout would need a recorded dropout too. */
    enrol(W.coach, W.s_mon, W.y3[2], true, SL_EPRECOND, "GROUP_NO_DROPOUT");
}

static void test_list_sessions(void **state)
{
    (void)state;
    Stagelijn__V1__ListGroupSessionsRequest l = STAGELIJN__V1__LIST_GROUP_SESSIONS_REQUEST__INIT;
    l.from_date = W.monday;
    l.to_date = W.friday;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_GROUP_SESSIONS;
    req.list_group_sessions = &l;
    sl_envelope *rep = call(W.coach, &req, SL_OK, NULL);
    const Stagelijn__V1__ListGroupSessionsReply *lr = rep->list_group_sessions_reply;
    assert_int_equal(lr->n_sessions, 5);
    /* In date order: Monday first, then Thursday's. */
    assert_string_equal(lr->sessions[0]->id, W.s_mon);
    size_t thu = 0;
    for (size_t i = 0; i < lr->n_sessions; i++)
        if (!strcmp(lr->sessions[i]->id, W.s_thu)) {
            thu = i;
            assert_int_equal(lr->sessions[i]->n_student_ids, 5);
        }
    assert_true(thu > 0);
    sl_envelope_free(rep);
    /* Just Monday. */
    l.to_date = W.monday;
    rep = call(W.mentor_4, &req, SL_OK, NULL);
    assert_int_equal(rep->list_group_sessions_reply->n_sessions, 1);
    assert_int_equal(rep->list_group_sessions_reply->sessions[0]->n_student_ids, 1);
    sl_envelope_free(rep);

    char far[11];
    ts_date_plus(W.monday, 366, far);
    l.to_date = far;
    call(W.coach, &req, SL_EINVAL, NULL);
    ts_date_plus(W.monday, 365, far);
    sl_envelope_free(call(W.coach, &req, SL_OK, NULL));
    l.from_date = W.friday;
    l.to_date = W.monday;
    call(W.coach, &req, SL_EINVAL, NULL);
    l.from_date = "gisteren";
    call(W.coach, &req, SL_EINVAL, NULL);
    l.from_date = W.monday;
    l.to_date = W.friday;
    call(W.sup_a, &req, SL_EPERM, NULL);

    run(0, "stagelijn", "mentor-3", "group", "sessions", "--from", W.monday, "--to", W.friday,
        NULL);
    assert_non_null(strstr(W.out, W.s_thu));
    assert_non_null(strstr(W.out, W.y3[4]));
}

static sl_envelope *reflect(sl_client *c, const char *student, const char *date, const char *notes,
                            bool ready, bool parents, bool mentor, sl_status st, const char *rule)
{
    Stagelijn__V1__GroupReflection g = STAGELIJN__V1__GROUP_REFLECTION__INIT;
    g.student_id = (char *)student;
    g.date = (char *)date;
    g.notes = (char *)notes;
    g.ready_for_individual = ready;
    g.parents_agree = parents;
    g.mentor_agrees = mentor;
    Stagelijn__V1__RecordGroupReflectionRequest r =
        STAGELIJN__V1__RECORD_GROUP_REFLECTION_REQUEST__INIT;
    r.reflection = &g;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_GROUP_REFLECTION;
    req.record_group_reflection = &r;
    return call(c, &req, st, rule);
}

static long ready_events(sl_client *c)
{
    Stagelijn__V1__ListNotificationsRequest l = STAGELIJN__V1__LIST_NOTIFICATIONS_REQUEST__INIT;
    l.limit = 500;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_NOTIFICATIONS;
    req.list_notifications = &l;
    sl_envelope *rep = call(c, &req, SL_OK, NULL);
    long n = 0;
    for (size_t i = 0; i < rep->list_notifications_reply->n_events; i++)
        n += !strcmp(rep->list_notifications_reply->events[i]->topic, "group_ready");
    sl_envelope_free(rep);
    return n;
}

static void test_reflection(void **state)
{
    (void)state;
    char today[11], tomorrow[11];
    ts_date(0, today);
    ts_date(1, tomorrow);
    sl_envelope *rep = reflect(W.coach, W.y3[0], today, "Komt op tijd, vraagt hulp.", false, false,
                               false, SL_OK, NULL);
    assert_false(rep->group_reflection->ready_for_individual);
    sl_envelope_free(rep);
    assert_int_equal(ready_events(W.mentor_3), 0);

    long rows = ts_count_rows(&W.ts, "group_reflections");
    long audit = ts_count_rows(&W.ts, "audit");
    /* The move needs parents, mentor and coach together. */
    reflect(W.coach, W.y3[0], today, "Klaar?", true, true, false, SL_EPRECOND,
            "GROUP_MOVE_NEEDS_AGREEMENT");
    reflect(W.coach, W.y3[0], today, "Klaar?", true, false, true, SL_EPRECOND,
            "GROUP_MOVE_NEEDS_AGREEMENT");
    reflect(W.coach, W.n4, today, "Nooit in de groep", false, false, false, SL_EPRECOND,
            "GROUP_NOT_ENROLLED");
    reflect(W.coach, W.y3[0], tomorrow, "Morgen", false, false, false, SL_EPRECOND, NULL);
    reflect(W.coach, W.y3[0], today, "", false, false, false, SL_EINVAL, NULL);
    reflect(W.coach, W.y3[0], "vandaag", "x", false, false, false, SL_EINVAL, NULL);
    reflect(W.mentor_3, W.y3[0], today, "x", false, false, false, SL_EPERM, NULL);
    reflect(W.sup_a, W.y3[0], today, "x", false, false, false, SL_EPERM, NULL);
    reflect(W.admin, W.y3[0], today, "x", false, false, false, SL_EPERM, NULL);
    assert_int_equal(ts_count_rows(&W.ts, "group_reflections"), rows);
    assert_int_equal(ts_count_rows(&W.ts, "audit"), audit);
    assert_int_equal(ready_events(W.mentor_3), 0);

    /* The joint decision, through the workstation program: the mentor hears of it. */
    run(0, "stagelijn", "coach", "group", "reflect", "--student", W.y3[0], "--date", today,
        "--notes", "Zelfstandig, sociaal sterk genoeg.", "--ready", "--parents-agree",
        "--mentor-agrees", NULL);
    assert_non_null(strstr(W.out, "\"ready_for_individual\":true"));
    assert_int_equal(ts_count_rows(&W.ts, "group_reflections WHERE ready_for_individual = 1"), 1);
    assert_int_equal(ready_events(W.mentor_3), 1);
    assert_int_equal(ready_events(W.mentor_4), 0); /* another class's mentor */
    run(1, "stagelijn", "coach", "group", "reflect", "--student", W.y3[1], "--date", today,
        "--notes", "Nog niet", "--ready", NULL);
    assert_non_null(strstr(W.out, "GROUP_MOVE_NEEDS_AGREEMENT"));
}

int main(void)
{
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_sessions), cmocka_unit_test(test_capacity_five_per_daypart),
        cmocka_unit_test(test_dropout_days),    cmocka_unit_test(test_list_sessions),
        cmocka_unit_test(test_reflection),
    };
    return cmocka_run_group_tests_name("integration_group", tests, setup, teardown);
}
