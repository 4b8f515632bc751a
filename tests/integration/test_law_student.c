/* The law on working time of minors per student, not per placement: the time of all of a
 * student's placements and all recorded hours counts together (day, week, 4 weeks, rest,
 * breaks, Sunday), overlapping clock times are refused, a changed agenda week re-checks every
 * 4-week window containing it, and the split break and the Sunday exception of 16-17 are
 * reachable through the protocol. */
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

static struct {
    test_server ts;
    sl_client *admin, *coach, *sup_a, *sup_b;
    char klass[37], company_a[37], company_b[37], company_c[37], sup_a_id[37], sup_b_id[37],
        sup_c_id[37];
    char out[8192];
} W;

/* A date of birth `years` years and 180 days before today: the same age on every day of the
 * placements here (at most 120 days either side of today). */
static void born_ago(int years, char out[11])
{
    char today[11];
    ts_date(-180, today);
    int y, m, d;
    if (sscanf(today, "%d-%d-%d", &y, &m, &d) != 3)
        y = m = d = 1;
    if (m == 2 && d == 29)
        d = 28;
    char then[16];
    snprintf(then, sizeof then, "%04d-%02d-%02d", (y - years) % 10000, m % 100, d % 100);
    memcpy(out, then, 10);
    out[10] = '\0';
}

static int student_count;

/* A new student of `age` (a fresh one per scenario, so that scenarios do not meet). */
static void new_student(int age, char id[37])
{
    char dob[11], name[32];
    born_ago(age, dob);
    snprintf(name, sizeof name, "Leerling%d", ++student_count);
    const ts_student_spec s = {.first_name = name, .class_id = W.klass, .date_of_birth = dob};
    assert_true(ts_make_student(W.admin, &s, id, NULL));
}

static bool make_supervisor(const char *username, const char *company, char *id)
{
    Stagelijn__V1__CreateUserRequest cu = STAGELIJN__V1__CREATE_USER_REQUEST__INIT;
    cu.username = (char *)username;
    cu.display_name = (char *)username;
    cu.role = STAGELIJN__V1__ROLE__ROLE_SUPERVISOR;
    cu.company_id = (char *)company;
    cu.password = TS_PASSWORD;
    cu.date_of_birth = "1980-05-05";
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_USER;
    req.create_user = &cu;
    sl_envelope *rep = ts_call(W.admin, &req, SL_OK);
    if (!rep)
        return false;
    snprintf(id, 37, "%s", rep->create_user_reply->user->id);
    sl_envelope_free(rep);
    return true;
}

static int setup(void **state)
{
    (void)state;
    /* A long school week, so that WVO art. 32 leaves room for the full weeks below. */
    if (!ts_start(&W.ts, "education_hours_per_week = 60\n"))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    const ts_company_spec a = {.name = "Bakkerij A"}, b = {.name = "Garage B"},
                          c = {.name = "Tuin C"};
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, NULL) ||
        !ts_make_class(W.admin, "3L", 3, NULL, W.klass) ||
        !ts_make_company(W.admin, &a, W.company_a) || !ts_make_company(W.admin, &b, W.company_b) ||
        !ts_make_company(W.admin, &c, W.company_c) ||
        !make_supervisor("sup-a", W.company_a, W.sup_a_id) ||
        !make_supervisor("sup-b", W.company_b, W.sup_b_id) ||
        !make_supervisor("sup-c", W.company_c, W.sup_c_id))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    W.sup_a = ts_login(&W.ts, "sup-a", TS_PASSWORD);
    W.sup_b = ts_login(&W.ts, "sup-b", TS_PASSWORD);
    return W.coach && W.sup_a && W.sup_b ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *all[] = {W.coach, W.sup_a, W.sup_b, W.admin};
    return ts_teardown(&W.ts, all, 4);
}

/* ---------------------------------------------------------------- helpers */

typedef struct {
    const char *student;
    char which; /* company 'a', 'b' or 'c' */
    int start_days, end_days;
    int n_days;
    uint32_t weekday[7];
    const char *from[7], *to[7];
    uint32_t parts[7][3];
    size_t n_parts[7];
    Stagelijn__V1__SundayGround sunday;
    const Stagelijn__V1__WorkKind *work; /* NULL: light work */
} plan;

static sl_envelope *create(const plan *p, sl_status expect, const char *rule)
{
    Stagelijn__V1__ScheduleDay days[7], *dp[7];
    for (int i = 0; i < p->n_days; i++) {
        stagelijn__v1__schedule_day__init(&days[i]);
        days[i].weekday = p->weekday[i];
        days[i].start = (char *)p->from[i];
        days[i].end = (char *)p->to[i];
        days[i].n_break_parts = p->n_parts[i];
        days[i].break_parts = (uint32_t *)p->parts[i];
        dp[i] = &days[i];
    }
    char start[11], end[11];
    ts_monday(p->start_days, start);
    ts_date(p->end_days, end);
    Stagelijn__V1__Placement pl = STAGELIJN__V1__PLACEMENT__INIT;
    pl.student_id = (char *)p->student;
    pl.company_id = p->which == 'a' ? W.company_a : p->which == 'b' ? W.company_b : W.company_c;
    pl.supervisor_id = p->which == 'a' ? W.sup_a_id : p->which == 'b' ? W.sup_b_id : W.sup_c_id;
    pl.kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR;
    pl.start_date = start;
    pl.end_date = end;
    pl.schedule = dp;
    pl.n_schedule = (size_t)p->n_days;
    pl.sunday_ground = p->sunday;
    pl.work_kind = (Stagelijn__V1__WorkKind *)p->work;
    Stagelijn__V1__CreatePlacementRequest cp = STAGELIJN__V1__CREATE_PLACEMENT_REQUEST__INIT;
    cp.placement = &pl;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_PLACEMENT;
    req.create_placement = &cp;
    sl_envelope *rep = ts_call(W.coach, &req, expect);
    assert_non_null(rep);
    if (rule && !ts_has_rule(rep, rule)) {
        fprintf(stderr, "expected rule %s\n", rule);
        fail();
    }
    return rep;
}

/* Creates and returns the id; the reply must have status `expect` (and `rule`). */
static void place(const plan *p, sl_status expect, const char *rule, char id[37])
{
    sl_envelope *rep = create(p, expect, rule);
    if (expect == SL_OK && id)
        snprintf(id, 37, "%s", rep->placement->id);
    sl_envelope_free(rep);
}

/* One day of a plan: weekday, HH:MM to HH:MM, break parts (0 ends the list). */
static void day(plan *p, uint32_t weekday, const char *from, const char *to, uint32_t b1,
                uint32_t b2)
{
    int i = p->n_days++;
    p->weekday[i] = weekday;
    p->from[i] = from;
    p->to[i] = to;
    p->n_parts[i] = 0;
    if (b1)
        p->parts[i][p->n_parts[i]++] = b1;
    if (b2)
        p->parts[i][p->n_parts[i]++] = b2;
}

typedef struct {
    int offset;  /* days after the Monday */
    int minutes; /* worked */
    int n_parts; /* -1: breaks not recorded */
    uint32_t parts[3];
} rec;

static sl_envelope *submit(sl_client *sup, const char *placement, const char *monday,
                           const rec *days, int n, sl_status expect, const char *rule)
{
    Stagelijn__V1__AgendaDay d[7], *dp[7];
    char dates[7][11];
    for (int i = 0; i < n; i++) {
        stagelijn__v1__agenda_day__init(&d[i]);
        ts_date_plus(monday, days[i].offset, dates[i]);
        d[i].date = dates[i];
        d[i].minutes_worked = (uint32_t)days[i].minutes;
        d[i].tasks = "werk";
        d[i].breaks_recorded = days[i].n_parts >= 0;
        d[i].n_break_parts = days[i].n_parts > 0 ? (size_t)days[i].n_parts : 0;
        d[i].break_parts = (uint32_t *)days[i].parts;
        dp[i] = &d[i];
    }
    Stagelijn__V1__SubmitAgendaWeekRequest s = STAGELIJN__V1__SUBMIT_AGENDA_WEEK_REQUEST__INIT;
    s.placement_id = (char *)placement;
    s.week_start = (char *)monday;
    s.n_days = (size_t)n;
    s.days = dp;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_AGENDA_WEEK;
    req.submit_agenda_week = &s;
    sl_envelope *rep = ts_call(sup, &req, expect);
    assert_non_null(rep);
    if (rule && !ts_has_rule(rep, rule)) {
        fprintf(stderr, "expected rule %s\n", rule);
        fail();
    }
    return rep;
}

static void submit_ok(sl_client *sup, const char *placement, const char *monday, const rec *days,
                      int n)
{
    sl_envelope_free(submit(sup, placement, monday, days, n, SL_OK, NULL));
}

static void activate(const char *placement)
{
    assert_true(ts_activate_placement(W.coach, placement, TS_SIGN_MINOR));
}

/* ---------------------------------------------------------------- tests */

/* A 14-year-old: 08:00-15:00 at A and 15:30-19:00 at B on one Monday is 10 h of work in one
 * day with 11 h of work span; the same as one placement is refused, so as two. */
static void test_two_placements_one_day(void **state)
{
    (void)state;
    char kid[37], a[37];
    new_student(14, kid);
    plan pa = {.student = kid, .which = 'a', .start_days = 7, .end_days = 60};
    day(&pa, 1, "08:00", "15:00", 30, 0);
    place(&pa, SL_OK, NULL, a);

    long placements = ts_count_rows(&W.ts, "placements");
    long schedule = ts_count_rows(&W.ts, "placement_schedule");
    plan pb = {.student = kid, .which = 'b', .start_days = 7, .end_days = 60};
    day(&pb, 1, "15:30", "19:00", 0, 0);
    sl_envelope *rep = create(&pb, SL_EPRECOND, "LAW_MINOR_MAX_DAY_14_15");
    assert_true(ts_has_rule(rep, "LAW_MINOR_DAILY_REST_14_15"));
    sl_envelope_free(rep);
    /* The same clock times again, at a third company: double booked. */
    plan pc = {.student = kid, .which = 'c', .start_days = 7, .end_days = 60};
    day(&pc, 1, "08:00", "15:00", 30, 0);
    place(&pc, SL_EPRECOND, "PLACEMENT_DOUBLE_BOOKED", NULL);
    /* Nothing of the refused placements was kept. */
    assert_int_equal(ts_count_rows(&W.ts, "placements"), placements);
    assert_int_equal(ts_count_rows(&W.ts, "placement_schedule"), schedule);

    /* On another day B is fine, and the two placements' days together make the week: 6.5 h at
     * A on Monday and 4 x 6.5 h at B is 32.5 h, within 35... */
    plan pb2 = {.student = kid, .which = 'b', .start_days = 7, .end_days = 60};
    for (uint32_t wd = 2; wd <= 5; wd++)
        day(&pb2, wd, "08:00", "15:00", 30, 0);
    place(&pb2, SL_OK, NULL, NULL);
    /* ...and a Saturday morning at C would make 36.5 h. */
    plan pc2 = {.student = kid, .which = 'c', .start_days = 7, .end_days = 60};
    day(&pc2, 6, "09:00", "13:00", 0, 0);
    place(&pc2, SL_EPRECOND, "LAW_MINOR_MAX_WEEK_14_15", NULL);
    /* After the other two placements' dates, the same Saturday is fine. */
    pc2.start_days = 70;
    pc2.end_days = 100;
    place(&pc2, SL_OK, NULL, NULL);
}

/* Recorded hours of one student at two placements add up: 390 + 210 minutes on one day. */
static void test_two_placements_recorded(void **state)
{
    (void)state;
    char kid[37], a[37], b[37], m1[11];
    new_student(14, kid);
    plan pa = {.student = kid, .which = 'a', .start_days = -14, .end_days = 60};
    day(&pa, 1, "08:00", "12:00", 0, 0);
    place(&pa, SL_OK, NULL, a);
    plan pb = {.student = kid, .which = 'b', .start_days = -14, .end_days = 60};
    day(&pb, 2, "13:00", "17:00", 0, 0);
    place(&pb, SL_OK, NULL, b);
    activate(a);
    activate(b);
    ts_monday(-7, m1);
    const rec at_a[] = {{0, 390, -1, {0}}};
    submit_ok(W.sup_a, a, m1, at_a, 1);
    long days = ts_count_rows(&W.ts, "agenda_days");
    const rec at_b[] = {{0, 210, -1, {0}}};
    sl_envelope_free(submit(W.sup_b, b, m1, at_b, 1, SL_EPRECOND, "LAW_MINOR_MAX_DAY_14_15"));
    assert_int_equal(ts_count_rows(&W.ts, "agenda_days"), days);
    /* 30 minutes at B fit: 7 h that day. */
    const rec fits[] = {{0, 30, -1, {0}}};
    submit_ok(W.sup_b, b, m1, fits, 1);
}

/* Four recorded weeks of 40 h for a 16-year-old; the first resubmitted at 45 h makes 165 h in
 * the four weeks after it: refused, though nothing before it is over. */
static void test_four_weeks_forward(void **state)
{
    (void)state;
    char kid[37], p[37], m[4][11];
    new_student(16, kid);
    plan pl = {.student = kid, .which = 'a', .start_days = -35, .end_days = 0};
    for (uint32_t wd = 1; wd <= 5; wd++)
        day(&pl, wd, "09:00", "17:30", 30, 0);
    place(&pl, SL_OK, NULL, p);
    activate(p);
    const rec full[] = {{0, 480, -1, {0}},
                        {1, 480, -1, {0}},
                        {2, 480, -1, {0}},
                        {3, 480, -1, {0}},
                        {4, 480, -1, {0}}};
    for (int w = 0; w < 4; w++) {
        ts_monday(-35 + 7 * w, m[w]);
        submit_ok(W.sup_a, p, m[w], full, 5);
    }
    const rec heavy[] = {{0, 540, -1, {0}},
                         {1, 540, -1, {0}},
                         {2, 540, -1, {0}},
                         {3, 540, -1, {0}},
                         {4, 540, -1, {0}}};
    sl_envelope *rep =
        submit(W.sup_a, p, m[0], heavy, 5, SL_EPRECOND, "LAW_MINOR_AVG_4_WEEKS_16_17");
    assert_false(ts_has_rule(rep, "LAW_MINOR_MAX_WEEK_16_17"));
    sl_envelope_free(rep);
    /* The week kept its 40 h. */
    Stagelijn__V1__ListAgendaWeeksRequest lw = STAGELIJN__V1__LIST_AGENDA_WEEKS_REQUEST__INIT;
    lw.placement_id = p;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_AGENDA_WEEKS;
    req.list_agenda_weeks = &lw;
    rep = ts_call(W.coach, &req, SL_OK);
    assert_non_null(rep);
    long total = 0;
    for (size_t i = 0; i < rep->list_agenda_weeks_reply->n_weeks; i++)
        for (size_t j = 0; j < rep->list_agenda_weeks_reply->weeks[i]->n_days; j++)
            total += rep->list_agenda_weeks_reply->weeks[i]->days[j]->minutes_worked;
    assert_int_equal(total, 4 * 5 * 480);
    sl_envelope_free(rep);
}

/* 16-17 may split the 30-minute break into parts of at least 15; 14-15 may not. */
static void test_split_break(void **state)
{
    (void)state;
    char k16[37], k14[37], p[37];
    new_student(16, k16);
    new_student(14, k14);
    plan one = {.student = k16, .which = 'a', .start_days = 7, .end_days = 30};
    day(&one, 1, "09:00", "14:30", 15, 0);
    place(&one, SL_EPRECOND, "LAW_MINOR_BREAK_16_17", NULL);
    plan split = {.student = k16, .which = 'a', .start_days = 7, .end_days = 30};
    day(&split, 1, "09:00", "14:30", 15, 15);
    sl_envelope *rep = create(&split, SL_OK, NULL);
    const Stagelijn__V1__ScheduleDay *d = rep->placement->schedule[0];
    assert_int_equal(d->n_break_parts, 2);
    assert_int_equal(d->break_parts[0], 15);
    assert_int_equal(d->break_parts[1], 15);
    assert_int_equal(d->break_minutes, 30);
    snprintf(p, sizeof p, "%s", rep->placement->id);
    sl_envelope_free(rep);
    split.student = k14;
    place(&split, SL_EPRECOND, "LAW_MINOR_BREAK_14_15", NULL);
}

/* The Sunday exception of 16-17, with its ground; never for 14-15. */
static void test_sunday_exception(void **state)
{
    (void)state;
    char k16[37], k14[37];
    new_student(16, k16);
    new_student(14, k14);
    plan sun = {.student = k16, .which = 'a', .start_days = 7, .end_days = 30};
    day(&sun, 7, "10:00", "14:00", 0, 0);
    place(&sun, SL_EPRECOND, "LAW_MINOR_SUNDAY_16_17", NULL);
    sun.sunday = STAGELIJN__V1__SUNDAY_GROUND__SUNDAY_GROUND_CONTRACT_NATURE;
    sl_envelope *rep = create(&sun, SL_OK, NULL);
    assert_int_equal(rep->placement->sunday_ground,
                     STAGELIJN__V1__SUNDAY_GROUND__SUNDAY_GROUND_CONTRACT_NATURE);
    sl_envelope_free(rep);
    sun.student = k14;
    sun.sunday = STAGELIJN__V1__SUNDAY_GROUND__SUNDAY_GROUND_WORKS_COUNCIL;
    place(&sun, SL_EPRECOND, "LAW_MINOR_SUNDAY_14_15", NULL);
    sun.sunday = (Stagelijn__V1__SundayGround)9;
    place(&sun, SL_EINVAL, NULL, NULL);
}

/* The breaks of a recorded day reach the break rule; a Sunday recorded at a placement with the
 * exception is no fault. */
static void test_recorded_breaks_and_sunday(void **state)
{
    (void)state;
    char kid[37], p[37], m1[11];
    new_student(16, kid);
    plan pl = {.student = kid,
               .which = 'a',
               .start_days = -14,
               .end_days = 30,
               .sunday = STAGELIJN__V1__SUNDAY_GROUND__SUNDAY_GROUND_EMPLOYEES};
    day(&pl, 1, "09:00", "14:30", 15, 15);
    day(&pl, 7, "10:00", "14:00", 0, 0);
    place(&pl, SL_OK, NULL, p);
    activate(p);
    ts_monday(-7, m1);
    const rec none[] = {{0, 300, 0, {0}}};
    sl_envelope_free(submit(W.sup_a, p, m1, none, 1, SL_EPRECOND, "LAW_MINOR_BREAK_16_17"));
    const rec small[] = {{0, 300, 2, {10, 20}}};
    sl_envelope_free(submit(W.sup_a, p, m1, small, 1, SL_EPRECOND, "LAW_MINOR_BREAK_16_17"));
    const rec unbroken[] = {{0, 300, 3, {0, 15, 15}}};
    sl_envelope_free(submit(W.sup_a, p, m1, unbroken, 1, SL_EINVAL, NULL));
    const rec ok[] = {{0, 300, 2, {15, 15}}, {6, 240, -1, {0}}};
    sl_envelope *rep = submit(W.sup_a, p, m1, ok, 2, SL_OK, NULL);
    const Stagelijn__V1__AgendaDay *d = rep->agenda_week->days[0];
    assert_true(d->breaks_recorded);
    assert_int_equal(d->n_break_parts, 2);
    assert_false(rep->agenda_week->days[1]->breaks_recorded);
    sl_envelope_free(rep);
}

/* Every working-time rule of the law reaches the server through the protocol: one schedule
 * per rule that breaks it, for a fresh student of the age the rule is about. */
static void test_every_working_time_rule(void **state)
{
    (void)state;
    static const struct {
        int age;
        const char *rule;
        int n_days; /* Monday on, same hours */
        const char *from, *to;
        uint32_t brk;
        const char *tue_from, *tue_to; /* NULL: no separate Tuesday */
    } cases[] = {
        {12, "LAW_MINOR_AGE_12_OR_YOUNGER", 1, "09:00", "12:00", 0, NULL, NULL},
        {13, "LAW_MINOR_AGE_13", 1, "09:00", "12:00", 0, NULL, NULL},
        {14, "LAW_MINOR_NIGHT_14_15", 1, "06:30", "12:00", 0, NULL, NULL},
        {16, "LAW_MINOR_NIGHT_16_17", 1, "05:30", "10:00", 0, NULL, NULL},
        {14, "LAW_MINOR_DAILY_REST_14_15", 1, "12:00", "19:00", 30, "07:00", "10:00"},
        {16, "LAW_MINOR_DAILY_REST_16_17", 1, "13:00", "22:30", 30, "07:00", "12:00"},
        {14, "LAW_MINOR_MAX_DAY_14_15", 1, "08:00", "15:31", 30, NULL, NULL},
        {16, "LAW_MINOR_MAX_DAY_16_17", 1, "08:00", "17:31", 30, NULL, NULL},
        {14, "LAW_MINOR_MAX_WEEK_14_15", 6, "09:00", "15:30", 30, NULL, NULL},
        {16, "LAW_MINOR_MAX_WEEK_16_17", 5, "08:00", "17:30", 30, "08:00", "17:31"},
        {16, "LAW_MINOR_AVG_4_WEEKS_16_17", 5, "08:00", "17:00", 30, NULL, NULL},
        {14, "LAW_MINOR_BREAK_14_15", 1, "09:00", "13:45", 0, NULL, NULL},
        {16, "LAW_MINOR_BREAK_16_17", 1, "09:00", "13:45", 0, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char kid[37];
        new_student(cases[i].age, kid);
        plan pl = {.student = kid, .which = 'a', .start_days = 7, .end_days = 60};
        for (int d = 0; d < cases[i].n_days; d++)
            day(&pl, (uint32_t)(1 + d), cases[i].from, cases[i].to, cases[i].brk, 0);
        if (cases[i].tue_from) {
            if (cases[i].n_days < 2)
                day(&pl, 2, cases[i].tue_from, cases[i].tue_to, 0, 0);
            else
                day(&pl, 6, cases[i].tue_from, cases[i].tue_to, 30, 0);
        }
        sl_envelope *rep = create(&pl, SL_EPRECOND, NULL);
        if (!ts_has_rule(rep, cases[i].rule)) {
            fprintf(stderr, "case %zu: %s not reported\n", i, cases[i].rule);
            fail();
        }
        sl_envelope_free(rep);
    }
    /* Sunday at 14-15 and 16-17 is in test_sunday_exception. */
}

/* Kinds of work a 14-15-year-old may not do, through the protocol's WorkKind. */
static void test_work_kinds_at_15(void **state)
{
    (void)state;
    char kid[37];
    new_student(15, kid);
    Stagelijn__V1__WorkKind w = STAGELIJN__V1__WORK_KIND__INIT;
    plan pl = {.student = kid, .which = 'a', .start_days = 7, .end_days = 60};
    day(&pl, 1, "09:00", "13:00", 0, 0);
    static const char *const ids[] = {"LAW_WORK_POSTURE_14_15", "LAW_WORK_PSYCHOSOCIAL_14_15"};
    for (int i = 0; i < 2; i++) {
        stagelijn__v1__work_kind__init(&w);
        w.fixed_posture = i == 0;
        w.psychosocial_load = i == 1;
        pl.work = &w;
        place(&pl, SL_EPRECOND, ids[i], NULL);
    }
}

/* Runs a client program; returns its exit code, output in W.out. */
static int cli(const char *prog, const char *user, const char *const *args)
{
    return ts_run_cli(&W.ts, prog, user, TS_PASSWORD, args, W.out, sizeof W.out);
}

/* `stagelijn placement create` for `student` at company A with one --day and optional extra
 * option pairs (NULL-terminated). */
static int cli_place(const char *student, const char *start, const char *end, const char *day,
                     const char *opt, const char *val)
{
    const char *args[] = {
        "placement", "create", "--student", student,   "--company", W.company_a, "--supervisor",
        W.sup_a_id,  "--kind", "sector",    "--start", start,       "--end",     end,
        "--day",     day,      opt,         val,       NULL};
    return cli("stagelijn", "coach", args);
}

/* The split break and the Sunday exception through the real workstation program, and every
 * malformed value a usage error naming its option. */
static void test_through_stagelijn(void **state)
{
    (void)state;
    char kid[37], start[11], end[11], later[11], later_end[11];
    new_student(16, kid);
    ts_monday(7, start);
    ts_date(20, end);
    ts_monday(28, later);
    ts_date(40, later_end);
    /* The fault as seen: 15+15 was read as one break of 15 and refused. */
    assert_int_equal(cli_place(kid, start, end, "mon,09:00,14:30,15+15", NULL, NULL), 0);
    assert_non_null(strstr(W.out, "\"break_parts\""));
    static const struct {
        const char *day, *opt, *val, *names;
    } bad[] = {
        {"mon,09:00,14:30,15x", NULL, NULL, "--day"},
        {"mon,09:00,14:30,15+", NULL, NULL, "--day"},
        {"mon,9:00,14:30", NULL, NULL, "--day"},
        {"mon,09:00,14:30,30,extra", NULL, NULL, "--day"},
        {"monday,09:00,14:30", NULL, NULL, "--day"},
        {"tue,09:00,14:30", "--sector", "3x", "--sector"},
        {"tue,09:00,14:30", "--sector", "+3", "--sector"},
        {"tue,09:00,14:30", "--lift-kg", " 5", "--lift-kg"},
        {"tue,09:00,14:30", "--sunday-ground", "maybe", "--sunday-ground"},
    };
    long placements = ts_count_rows(&W.ts, "placements");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = cli_place(kid, later, later_end, bad[i].day, bad[i].opt, bad[i].val);
        if (rc != 2 || !strstr(W.out, bad[i].names)) {
            fprintf(stderr, "case %zu: exit %d, %s\n", i, rc, W.out);
            fail();
        }
    }
    /* Dates are dates, read whole. */
    assert_int_equal(cli_place(kid, "2026-02-30", later_end, "tue,09:00,14:30", NULL, NULL), 2);
    assert_non_null(strstr(W.out, "--start"));
    assert_int_equal(cli_place(kid, later, "2026-1-05", "tue,09:00,14:30", NULL, NULL), 2);
    assert_non_null(strstr(W.out, "--end"));
    assert_int_equal(ts_count_rows(&W.ts, "placements"), placements);
    /* A school year is two consecutive years. */
    const char *cohort[] = {"outflow", "report", "--cohort", "2025-2027", NULL};
    assert_int_equal(cli("stagelijn", "coach", cohort), 2);
    assert_non_null(strstr(W.out, "--cohort"));

    /* Sunday: refused without a ground, made with one. */
    assert_int_equal(cli_place(kid, later, later_end, "sun,10:00,14:00", NULL, NULL), 1);
    assert_non_null(strstr(W.out, "LAW_MINOR_SUNDAY_16_17"));
    assert_int_equal(
        cli_place(kid, later, later_end, "sun,10:00,14:00", "--sunday-ground", "contract"), 0);
    assert_non_null(strstr(W.out, "\"contract_nature\""));
}

/* Agenda breaks through the real kiosk program. */
static void test_breaks_through_kiosk(void **state)
{
    (void)state;
    char kid[37], p[37], m1[11], mon[11], day_arg[64], brk[64];
    new_student(16, kid);
    plan pl = {.student = kid, .which = 'a', .start_days = -14, .end_days = 30};
    day(&pl, 1, "09:00", "14:30", 15, 15);
    place(&pl, SL_OK, NULL, p);
    activate(p);
    ts_monday(-7, m1);
    memcpy(mon, m1, sizeof mon);
    snprintf(day_arg, sizeof day_arg, "%s,300,kassa", mon);
    snprintf(brk, sizeof brk, "%s,none", mon);
    const char *no_break[] = {"agenda", "submit", "--placement", p,   "--week", m1,
                              "--day",  day_arg,  "--breaks",    brk, NULL};
    assert_int_equal(cli("stagelijn-kiosk", "sup-a", no_break), 1);
    assert_non_null(strstr(W.out, "LAW_MINOR_BREAK_16_17"));
    snprintf(brk, sizeof brk, "%s,15+x", mon);
    assert_int_equal(cli("stagelijn-kiosk", "sup-a", no_break), 2);
    assert_non_null(strstr(W.out, "--breaks"));
    snprintf(day_arg, sizeof day_arg, "%s,300x,kassa", mon);
    snprintf(brk, sizeof brk, "%s,15+15", mon);
    assert_int_equal(cli("stagelijn-kiosk", "sup-a", no_break), 2);
    assert_non_null(strstr(W.out, "--day"));
    snprintf(day_arg, sizeof day_arg, "%s,300,kassa", mon);
    assert_int_equal(cli("stagelijn-kiosk", "sup-a", no_break), 0);
    assert_non_null(strstr(W.out, "\"breaks_recorded\""));
    /* The week is a Monday. */
    const char *tuesday[] = {"agenda", "submit", "--placement", p, "--week", day_arg, NULL};
    ts_date_plus(m1, 1, day_arg);
    assert_int_equal(cli("stagelijn-kiosk", "sup-a", tuesday), 2);
    assert_non_null(strstr(W.out, "--week"));
}

int main(void)
{
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_placements_one_day),
        cmocka_unit_test(test_two_placements_recorded),
        cmocka_unit_test(test_four_weeks_forward),
        cmocka_unit_test(test_split_break),
        cmocka_unit_test(test_sunday_exception),
        cmocka_unit_test(test_recorded_breaks_and_sunday),
        cmocka_unit_test(test_every_working_time_rule),
        cmocka_unit_test(test_work_kinds_at_15),
        cmocka_unit_test(test_through_stagelijn),
        cmocka_unit_test(test_breaks_through_kiosk),
    };
    return cmocka_run_group_tests_name("integration_law_student", tests, setup, teardown);
}
