/* The reviews-due scheduler (issue 9) against a real stagelijnd whose clock the test moves
 * (clock_offset_seconds, by restarting on a date): every due kind raised by its cause, each
 * due item exactly once across a restart, after a week of downtime and across periodic
 * passes; a mentor's inbox holding his/her class's items and nothing of another class; the
 * inbox and the caseload summary through the real client.
 *
 * The world: Anna (4A, sector, company X), Bram (4B, sector at Y, a support student), Cem
 * (E1, Entree at X), all three from the Monday M0 two weeks before this week; Dana (4B) who
 * left school 130 days ago; a group-internship day part with one place, taken. The fixtures
 * are made on the real clock with a pass an hour apart, so the first pass that sees them is
 * the one at the restart on the test's date. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"
#include "records.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT
#define OUT 65536
#define MAX_VISITED 16

typedef struct {
    test_server ts;
    sl_client *admin, *coach, *mentor_a, *mentor_b, *sup_x;
    char company_x[37], company_y[37], class_a[37], class_b[37], class_e[37], class_g[37];
    char sup_x_id[37], sup_y_id[37];
    char anna[37], bram[37], cem[37], dana[37], gijs[37];
    char p_anna[37], p_bram[37], p_cem[37];
    char m0[11], left[11], recorded[11]; /* recorded: the day Dana's leaving was recorded */
    char visited[MAX_VISITED][11];       /* the dates the server has run on, in order */
    int n_visited;
    char out[OUT];
} world;

static world W;

/* ---------------------------------------------------------------- the database */

#define db_count(...) ts_db_long(&W.ts, __VA_ARGS__)

static long due(const char *kind)
{
    return db_count("SELECT count(*) FROM due_items WHERE kind = '%s'", kind);
}

static long due_of(const char *kind, const char *student)
{
    return db_count("SELECT count(*) FROM due_items WHERE kind = '%s' AND student_id = '%s'", kind,
                    student);
}

static long due_total(void)
{
    return db_count("SELECT count(*) FROM due_items");
}

/* Every due item has its own review_due event, and every review_due event its item. */
static void assert_one_event_per_item(void)
{
    long items = due_total();
    assert_int_equal(db_count("SELECT count(*) FROM events WHERE topic = 'review_due'"), items);
    assert_int_equal(db_count("SELECT count(DISTINCT d.event_seq) FROM due_items d JOIN events e "
                              "ON e.seq = d.event_seq AND e.topic = 'review_due'"),
                     items);
}

/* Waits until the pass at start has raised `want` items (and a moment more, in which no
 * further item may appear). */
static void wait_for_items(long want)
{
    for (int i = 0; i < 100 && due_total() < want; i++)
        usleep(100 * 1000);
    usleep(1200 * 1000);
    if (due_total() != want)
        fprintf(stderr, "due items: %ld, wanted %ld\n", due_total(), want);
    assert_int_equal(due_total(), want);
    assert_one_event_per_item();
}

/* Waits until the passes have raised what they will: no new item for a second. */
static void wait_settled(void)
{
    assert_true(ts_wait_settled(&W.ts, "SELECT count(*) FROM due_items"));
}

/* ---------------------------------------------------------------- dates */

static void plus(const char *ymd, int days, char out[11])
{
    ts_date_plus(ymd, days, out);
}

static int month_of(const char *ymd)
{
    return atoi(ymd + 5);
}

/* Distinct years among the visited dates that lie in `month`: the items of that month. */
static long months_visited(int month)
{
    long n = 0;
    for (int i = 0; i < W.n_visited; i++) {
        if (month_of(W.visited[i]) != month)
            continue;
        bool seen = false;
        for (int k = 0; k < i; k++)
            seen |= month_of(W.visited[k]) == month && atoi(W.visited[k]) == atoi(W.visited[i]);
        n += !seen;
    }
    return n;
}

/* ymd + n calendar months; a day the month does not have becomes its last day. */
static void plus_months(const char *ymd, int n, char out[11])
{
    static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned y = (unsigned)atoi(ymd), m = (unsigned)(month_of(ymd) - 1 + n),
             d = (unsigned)atoi(ymd + 8);
    y += m / 12;
    m %= 12;
    unsigned last = days[m] + (m == 1 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
    char t[40];
    snprintf(t, sizeof t, "%04u-%02u-%02u", y % 10000u, m + 1, d > last ? last : d);
    snprintf(out, 11, "%.10s", t);
}

/* The aftercare slot (0..5: four months each after leaving) a date lies in; -1 outside. */
static int aftercare_slot(const char *ymd)
{
    int slot = -1;
    for (int k = 0; k <= 6; k++) {
        char from[11];
        plus_months(W.left, 4 * k, from);
        if (strcmp(from, ymd) <= 0)
            slot = k;
    }
    return slot < 6 ? slot : -1;
}

/* Aftercare contacts raised by now (Dana has none): every slot that had not ended when her
 * leaving was recorded, up to the latest slot the server ran in; a slot the server was down
 * over is raised on the catch-up. */
static long aftercare_due_by_now(void)
{
    int latest = -1, first = 0;
    for (int i = 0; i < W.n_visited; i++)
        if (aftercare_slot(W.visited[i]) > latest)
            latest = aftercare_slot(W.visited[i]);
    for (char next[11]; first < 6; first++) {
        plus_months(W.left, 4 * (first + 1), next); /* the day after the slot's last */
        if (strcmp(next, W.recorded) > 0)
            break;
    }
    return latest >= first ? latest - first + 1 : 0;
}

/* Whether the server finds Cem behind the Entree pace today (GetEntreeProgress, as the
 * coach): the scheduler must agree (no holidays are defined here). */
static long cem_behind(void)
{
    Stagelijn__V1__GetEntreeProgressRequest g = STAGELIJN__V1__GET_ENTREE_PROGRESS_REQUEST__INIT;
    g.student_id = W.cem;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_ENTREE_PROGRESS;
    req.get_entree_progress = &g;
    sl_envelope *rep = ts_call(W.coach, &req, SL_OK);
    assert_non_null(rep);
    long behind = rep->entree_progress->behind ? 1 : 0;
    sl_envelope_free(rep);
    return behind;
}

/* Restarts the server with its clock on `ymd` and logs every client in again. */
static void restart_on(const char *ymd)
{
    sl_client **all[] = {&W.admin, &W.coach, &W.mentor_a, &W.mentor_b, &W.sup_x};
    const char *users[] = {"admin", "coach", "mentor-a", "mentor-b", "sup-x"};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        sl_client_close(*all[i]);
        *all[i] = NULL;
    }
    assert_true(ts_restart_on(&W.ts, ymd));
    assert_true(W.n_visited < MAX_VISITED);
    snprintf(W.visited[W.n_visited++], 11, "%s", ymd);
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        *all[i] = ts_login(&W.ts, users[i], i == 0 ? TS_ADMIN_PASSWORD : TS_PASSWORD);
        assert_non_null(*all[i]);
    }
}

/* Replaces (or adds) one line of the server's configuration; takes effect at the restart. */
static void set_config(const char *name, const char *value)
{
    char line[256];
    snprintf(line, sizeof line, "%s = %s", name, value);
    assert_true(ts_set_config_line(&W.ts, name, line));
}

/* ---------------------------------------------------------------- fixtures */

static bool make_student(const char *first, const char *class_id, bool support, char *id)
{
    const ts_student_spec s = {.first_name = first,
                               .last_name = "Planner",
                               .class_id = class_id,
                               .date_of_birth = "2005-03-03",
                               .support_need = support};
    return ts_make_student(W.admin, &s, id, NULL);
}

static bool make_placement(const char *student, const char *company, const char *supervisor,
                           int kind, int days, char *id)
{
    char end[11];
    plus(W.m0, days, end);
    ts_placement_spec p = ts_sector_week(student, company, supervisor, W.m0, end);
    p.kind = kind;
    p.sector = 3;
    p.day_start = "08:30";
    p.day_end = "16:00";
    return ts_make_active_placement(W.coach, &p, TS_SIGN_ADULT, id);
}

/* A group-internship morning with one place on `date`, taken by `student`. */
static bool full_group_session(const char *date, const char *location, const char *student)
{
    Stagelijn__V1__GroupSession g = STAGELIJN__V1__GROUP_SESSION__INIT;
    g.location = (char *)location;
    g.address = "Industrieweg 5";
    g.date = (char *)date;
    g.day_part = STAGELIJN__V1__DAY_PART__DAYPART_MORNING;
    g.capacity = 1;
    Stagelijn__V1__CreateGroupSessionRequest cr = STAGELIJN__V1__CREATE_GROUP_SESSION_REQUEST__INIT;
    cr.session = &g;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_GROUP_SESSION;
    req.create_group_session = &cr;
    sl_envelope *rep = ts_call(W.coach, &req, SL_OK);
    if (!rep)
        return false;
    Stagelijn__V1__EnrolGroupSessionRequest e = STAGELIJN__V1__ENROL_GROUP_SESSION_REQUEST__INIT;
    e.group_session_id = rep->group_session->id;
    e.student_id = (char *)student;
    ENV(en);
    en.body_case = STAGELIJN__V1__ENVELOPE__BODY_ENROL_GROUP_SESSION;
    en.enrol_group_session = &e;
    bool ok = ts_expect(W.coach, &en, SL_OK);
    sl_envelope_free(rep);
    return ok;
}

static int setup(void **state)
{
    (void)state;
    /* An hour between passes: only the pass at each start runs while the test looks. */
    if (!ts_start(&W.ts, "scheduler_interval_seconds = 3600"))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char coach[37], coach2[37], ma[37], mb[37];
    const ts_company_spec x = {.name = "Supermarkt X",
                               .address = "Dorpsstraat 1",
                               .city = "Utrecht",
                               .sector = 3,
                               .recognised = true};
    ts_company_spec y = x;
    y.name = "Bouwmarkt Y";
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, coach) ||
        !ts_create_user(W.admin, "coach-2", 2, NULL, coach2) ||
        !ts_create_user(W.admin, "mentor-a", 4, NULL, ma) ||
        !ts_create_user(W.admin, "mentor-b", 4, NULL, mb) ||
        !ts_make_class(W.admin, "4A", 4, ma, W.class_a) ||
        !ts_make_class(W.admin, "4B", 4, mb, W.class_b) ||
        !ts_make_class(W.admin, "E1", 6, ma, W.class_e) ||
        !ts_make_class(W.admin, "3G", 3, NULL, W.class_g) ||
        !ts_make_company(W.admin, &x, W.company_x) || !ts_make_company(W.admin, &y, W.company_y) ||
        !ts_create_user(W.admin, "sup-x", 5, W.company_x, W.sup_x_id) ||
        !ts_create_user(W.admin, "sup-y", 5, W.company_y, W.sup_y_id) ||
        !make_student("Anna", W.class_a, false, W.anna) ||
        !make_student("Bram", W.class_b, true, W.bram) ||
        !make_student("Cem", W.class_e, false, W.cem) ||
        !make_student("Dana", W.class_b, false, W.dana) ||
        !make_student("Gijs", W.class_g, false, W.gijs))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    W.mentor_a = ts_login(&W.ts, "mentor-a", TS_PASSWORD);
    W.mentor_b = ts_login(&W.ts, "mentor-b", TS_PASSWORD);
    W.sup_x = ts_login(&W.ts, "sup-x", TS_PASSWORD);
    if (!W.coach || !W.mentor_a || !W.mentor_b || !W.sup_x)
        return -1;
    ts_monday(-14, W.m0);
    ts_date(-130, W.left);
    ts_date(0, W.recorded);
    char group_day[11];
    ts_date(40, group_day);
    if (!make_placement(W.anna, W.company_x, W.sup_x_id,
                        STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR, 69, W.p_anna) ||
        !make_placement(W.bram, W.company_y, W.sup_y_id,
                        STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR, 69, W.p_bram) ||
        !make_placement(W.cem, W.company_x, W.sup_x_id,
                        STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_ENTREE, 240, W.p_cem) ||
        /* Anna's first week is filled in and signed by the supervisor: it waits for the
         * coach, not for the company. */
        !ts_sign_three_day_week(W.sup_x, W.p_anna, W.m0, "vakken vullen") ||
        !ts_record_exit_to_work(W.coach, W.dana, W.left, "Bakkerij Jansen", "werk bij de bakker") ||
        !full_group_session(group_day, "De Werkplaats", W.gijs))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *all[] = {W.admin, W.coach, W.mentor_a, W.mentor_b, W.sup_x};
    return ts_teardown(&W.ts, all, sizeof all / sizeof all[0]);
}

/* ---------------------------------------------------------------- the kinds */

/* 30 days after M0 (Wednesday of the fifth week): visits 3 weeks after the start (2 for the
 * support student) are overdue; the weeks M0 .. M0+21 are late, M0 signed by the company
 * waits for the coach; a third of a 10-week internship lies behind (interim 1); Cem, with no
 * hours, is behind the Entree pace when the server says so; Dana, who left 130 days ago, owes
 * the contact of her second four-month aftercare slot; the group day part is full. */
static void test_each_kind_raised_by_its_cause(void **state)
{
    (void)state;
    /* Nothing was due for the pass at the first start: the fixtures did not exist yet. */
    assert_int_equal(due_total(), 0);
    /* The supervisor clocks Anna in today and nobody clocks her out: once her day lies
     * behind, the coach hears of it. */
    Stagelijn__V1__ClockInRequest ci = STAGELIJN__V1__CLOCK_IN_REQUEST__INIT;
    ci.student_id = W.anna;
    ENV(clock);
    clock.body_case = STAGELIJN__V1__ENVELOPE__BODY_CLOCK_IN;
    clock.clock_in = &ci;
    sl_envelope *rep = ts_call(W.sup_x, &clock, SL_OK);
    assert_non_null(rep);
    sl_envelope_free(rep);
    char d1[11];
    plus(W.m0, 30, d1);
    restart_on(d1);
    long dec = months_visited(12), may = months_visited(5), behind = cem_behind();
    wait_for_items(3 + 11 + 1 + 2 + behind + dec + may + 1 + 1 + 1);
    assert_int_equal(due_of("clock_out_missing", W.anna), 1);
    assert_int_equal(due("visit_overdue"), 3);
    assert_int_equal(due_of("agenda_unsigned", W.anna), 3);
    assert_int_equal(due_of("agenda_unsigned", W.bram), 4);
    assert_int_equal(due_of("agenda_unsigned", W.cem), 4);
    assert_int_equal(due_of("week_not_signed_off", W.anna), 1);
    assert_int_equal(due("week_not_signed_off"), 1);
    assert_int_equal(due_of("interim_assessment_due", W.anna), 1);
    assert_int_equal(due_of("interim_assessment_due", W.bram), 1);
    assert_int_equal(due("interim_assessment_due"), 2); /* Cem's first third ends later */
    assert_int_equal(due("end_assessment_due"), 0);
    assert_int_equal(due_of("entree_hours_behind", W.cem), behind);
    assert_int_equal(due("study_advice_due"), dec);
    assert_int_equal(due("exam_eligibility_due"), may);
    assert_int_equal(due_of("aftercare_contact_due", W.dana), 1); /* the second slot's */
    assert_int_equal(db_count("SELECT count(*) FROM due_items WHERE kind = "
                              "'aftercare_contact_due' AND due_key = 'contact-2'"),
                     1);
    assert_int_equal(due("group_day_part_full"), 1);
    /* The event carries the class, so that the mentor hears of it, and codes only. */
    assert_int_equal(db_count("SELECT count(*) FROM events e JOIN due_items d ON d.event_seq = "
                              "e.seq WHERE d.kind = 'visit_overdue' AND e.student_id = '%s' AND "
                              "e.class_id = '%s' AND e.summary LIKE 'visit_overdue %% visit-1'",
                              W.bram, W.class_b),
                     1);
}

/* The same day again: the pass at start finds every item raised already. */
static void test_exactly_once_across_restart(void **state)
{
    (void)state;
    long before = due_total();
    restart_on(W.visited[W.n_visited - 1]);
    wait_for_items(before);
}

/* Stopped for a week, started a week later: the week that fell due in between is raised
 * once for each intern, Cem's Entree pace once for the new week (while he is behind),
 * nothing twice. A pass raises at most two items and looks at one placement here: the
 * catch-up goes on in the passes that follow at once, and still raises each item once. */
static void test_week_of_downtime(void **state)
{
    (void)state;
    long before = due_total(), behind = due("entree_hours_behind");
    long dec = months_visited(12), may = months_visited(5);
    char d2[11];
    plus(W.visited[W.n_visited - 1], 7, d2);
    assert_int_equal(ts_stop(&W.ts), 0);
    set_config("scheduler_max_items", "2");
    set_config("scheduler_max_placements", "1");
    set_config("log_level", "info");
    restart_on(d2);
    long new_months = months_visited(12) - dec + months_visited(5) - may, now_behind = cem_behind();
    wait_for_items(before + 3 + now_behind + new_months);
    assert_int_equal(due_of("agenda_unsigned", W.anna), 4);
    assert_int_equal(due_of("entree_hours_behind", W.cem), behind + now_behind);
    assert_int_equal(due("visit_overdue"), 3); /* still the first visit of each */
    /* The log tells that the pass was cut and continued. */
    char log[65536] = "";
    FILE *f = fopen(W.ts.log, "r");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, size > (long)sizeof log - 1 ? size - (long)sizeof log + 1 : 0, SEEK_SET);
    size_t n = fread(log, 1, sizeof log - 1, f);
    log[n] = '\0';
    fclose(f);
    assert_non_null(strstr(log, "more follow"));
    set_config("scheduler_max_items", "500");
    set_config("scheduler_max_placements", "200");
}

/* Passes run every scheduler_interval_seconds too: a day part filled while the server runs
 * is raised by the next pass, once, and the passes after it raise nothing again. */
static void test_periodic_pass(void **state)
{
    (void)state;
    set_config("scheduler_interval_seconds", "1");
    long before = due_total();
    restart_on(W.visited[W.n_visited - 1]);
    wait_for_items(before);
    char day[11];
    plus(W.visited[W.n_visited - 1], 10, day);
    assert_true(full_group_session(day, "De Kantine", W.gijs));
    wait_for_items(before + 1);
    usleep(2500 * 1000); /* two more passes */
    assert_int_equal(due_total(), before + 1);
    assert_int_equal(due("group_day_part_full"), 2);
    set_config("scheduler_interval_seconds", "3600");
}

/* Two weeks before the end: the end assessment; past two thirds: the second interim. */
static void test_end_and_second_interim(void **state)
{
    (void)state;
    char d[11];
    plus(W.m0, 56, d);
    restart_on(d);
    wait_settled();
    assert_int_equal(due_of("end_assessment_due", W.anna), 1);
    assert_int_equal(due_of("end_assessment_due", W.bram), 1);
    assert_int_equal(due("end_assessment_due"), 2);
    assert_int_equal(due_of("interim_assessment_due", W.anna), 2);
    assert_int_equal(due_of("interim_assessment_due", W.cem), 0); /* a third of 240 days: later */
    assert_int_equal(due("aftercare_contact_due"), aftercare_due_by_now());
    assert_one_event_per_item();
}

/* The months of Entree (December: the binding study advice; May: the exam check) and the
 * second aftercare contact, on the next such dates; each raised once. */
static void test_months_and_aftercare(void **state)
{
    (void)state;
    const char *last = W.visited[W.n_visited - 1];
    char dates[3][11];
    unsigned y = (unsigned)atoi(last) % 9000u;
    snprintf(dates[0], 11, "%04u-12-10", strcmp(last + 5, "12-10") < 0 ? y : y + 1);
    snprintf(dates[1], 11, "%04u-05-12", (unsigned)atoi(dates[0]) % 9000u + 1);
    plus_months(W.left, 8, dates[2]);
    plus(dates[2], 1, dates[2]);
    /* In time order: the clock only moves forward. */
    for (int i = 0; i < 3; i++)
        for (int k = i + 1; k < 3; k++)
            if (strcmp(dates[k], dates[i]) < 0) {
                char t[11];
                memcpy(t, dates[i], 11);
                memcpy(dates[i], dates[k], 11);
                memcpy(dates[k], t, 11);
            }
    for (int i = 0; i < 3; i++) {
        if (strcmp(dates[i], W.visited[W.n_visited - 1]) <= 0)
            continue;
        restart_on(dates[i]);
        wait_settled();
        assert_int_equal(due("study_advice_due"), months_visited(12));
        assert_int_equal(due("exam_eligibility_due"), months_visited(5));
        assert_int_equal(due("aftercare_contact_due"), aftercare_due_by_now());
        assert_one_event_per_item();
    }
    assert_true(due("study_advice_due") >= 1);
    assert_true(due("exam_eligibility_due") >= 1);
    assert_true(due("aftercare_contact_due") >= 2);
}

/* ---------------------------------------------------------------- the inbox */

/* Runs `stagelijn` as `user` (human output unless args hold --json); returns the exit code,
 * the output in W.out. */
static int cli(const char *user, bool json, ...)
{
    const char *args[32];
    int n = 0;
    va_list ap;
    va_start(ap, json);
    const char *a;
    while ((a = va_arg(ap, const char *)) != NULL && n < 31)
        args[n++] = a;
    va_end(ap);
    args[n] = NULL;
    return json
               ? ts_run_cli(&W.ts, "stagelijn", user, TS_PASSWORD, args, W.out, sizeof W.out)
               : ts_run_cli_human(&W.ts, "stagelijn", user, TS_PASSWORD, args, W.out, sizeof W.out);
}

static long json_number(const char *json, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(json, pat);
    return p ? atol(p + strlen(pat)) : 0;
}

static int occurrences(const char *text, const char *what)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, what)) != NULL; p += strlen(what))
        n++;
    return n;
}

/* A mentor's inbox holds exactly the due items of his/her class (Bram's and Dana's for 4B),
 * never another class's; acknowledging one of them takes it out of the open items for that
 * mentor only; an item of another class cannot be acknowledged. */
static void test_inbox_of_a_mentor(void **state)
{
    (void)state;
    long mine = db_count("SELECT count(*) FROM due_items d JOIN students s ON s.id = d.student_id "
                         "WHERE s.class_id = '%s'",
                         W.class_b);
    assert_true(mine > 5);
    assert_int_equal(cli("mentor-b", true, "inbox", "--kind", "review_due", "--limit", "500", NULL),
                     0);
    assert_int_equal(json_number(W.out, "total"), mine);
    assert_int_equal(occurrences(W.out, "\"student_name\":\"Bram Planner\"") +
                         occurrences(W.out, "\"student_name\":\"Dana Planner\""),
                     mine);
    assert_null(strstr(W.out, "Anna"));
    assert_null(strstr(W.out, "Cem"));
    /* The same for the notifications list and its visibility. */
    assert_int_equal(cli("mentor-b", true, "notifications", "--limit", "500", NULL), 0);
    assert_true(occurrences(W.out, "\"topic\":\"review_due\"") >= mine);
    assert_null(strstr(W.out, "Anna"));
    assert_null(strstr(W.out, "Cem"));
    char newest[24];
    snprintf(newest, sizeof newest, "%ld", json_number(W.out, "seq"));

    /* What a person sees: who, what and when in words; paged, and it says so. */
    assert_int_equal(
        cli("mentor-b", false, "inbox", "--items", "--kind", "review_due", "--limit", "3", NULL),
        0);
    assert_int_equal(occurrences(W.out, "\n#"), 2); /* three lines, the first without \n */
    assert_non_null(strstr(W.out, "Planner"));
    char notice[64];
    snprintf(notice, sizeof notice, "1-3 of %ld shown (newest first); --page 2", mine);
    assert_non_null(strstr(W.out, notice));
    assert_false(ts_has_uuid_except(W.out, NULL, 0));

    /* One acknowledged: out of the open items, among the acknowledged ones. */
    assert_int_equal(cli("mentor-b", false, "inbox", "ack", "--seq", newest, NULL), 0);
    assert_non_null(strstr(W.out, "1 acknowledged"));
    assert_int_equal(cli("mentor-b", true, "inbox", "--kind", "review_due", NULL), 0);
    assert_int_equal(json_number(W.out, "total"), mine - 1);
    assert_int_equal(cli("mentor-b", true, "inbox", "--acknowledged", NULL), 0);
    assert_int_equal(json_number(W.out, "total"), 1);
    assert_int_equal(json_number(W.out, "seq"), atol(newest));
    /* Acknowledgements are per user: the coach still has it open. */
    assert_int_equal(db_count("SELECT count(*) FROM inbox_acks"), 1);

    /* Another class's item: as if it did not exist; nothing stored. */
    char other[24];
    snprintf(other, sizeof other, "%ld",
             db_count("SELECT max(event_seq) FROM due_items WHERE student_id = '%s'", W.anna));
    assert_int_equal(cli("mentor-b", false, "inbox", "ack", "--seq", other, NULL), 1);
    assert_int_equal(db_count("SELECT count(*) FROM inbox_acks"), 1);
    /* Neither seqs nor --all: a usage error. */
    assert_int_equal(cli("mentor-b", false, "inbox", "ack", NULL), 2);

    /* All of one kind, then all: nothing open is left. */
    long visits = db_count("SELECT count(*) FROM due_items d JOIN students s ON s.id = "
                           "d.student_id WHERE s.class_id = '%s' AND d.kind = 'visit_overdue' "
                           "AND d.event_seq <> %s",
                           W.class_b, newest);
    assert_int_equal(
        cli("mentor-b", true, "inbox", "ack", "--all", "--kind", "visit_overdue", NULL), 0);
    assert_int_equal(json_number(W.out, "acknowledged"), visits);
    assert_int_equal(cli("mentor-b", true, "inbox", "--kind", "visit_overdue", NULL), 0);
    assert_int_equal(json_number(W.out, "total"), 0);
    assert_int_equal(cli("mentor-b", false, "inbox", "ack", "--all", NULL), 0);
    assert_int_equal(cli("mentor-b", false, "inbox", NULL), 0);
    assert_non_null(strstr(W.out, "nothing in your inbox"));
    /* The mentor of 4A still has all of Anna's and Cem's open. */
    assert_int_equal(cli("mentor-a", true, "inbox", "--kind", "review_due", "--student", "Anna",
                         "--limit", "1", NULL),
                     0);
    assert_int_equal(json_number(W.out, "total"),
                     db_count("SELECT count(*) FROM due_items WHERE student_id = '%s'", W.anna));
}

/* A coach's inbox holds his/her own interns' items and those about no student; --team the
 * whole school's. coach-2 coaches nobody here. */
static void test_inbox_of_a_coach(void **state)
{
    (void)state;
    assert_int_equal(cli("coach-2", true, "inbox", "--kind", "review_due", "--limit", "1", NULL),
                     0);
    assert_int_equal(json_number(W.out, "total"),
                     db_count("SELECT count(*) FROM due_items WHERE student_id IS NULL"));
    assert_int_equal(
        cli("coach-2", true, "inbox", "--kind", "review_due", "--team", "--limit", "1", NULL), 0);
    assert_int_equal(json_number(W.out, "total"), due_total());
    /* The coach coaches Anna, Bram and Cem; Dana never had a placement, so her aftercare is
     * no coach's own. */
    assert_int_equal(cli("coach", true, "inbox", "--kind", "review_due", "--limit", "1", NULL), 0);
    assert_int_equal(
        json_number(W.out, "total"),
        due_total() - db_count("SELECT count(*) FROM due_items WHERE student_id = '%s'", W.dana));
    assert_true(db_count("SELECT count(*) FROM due_items WHERE student_id = '%s'", W.dana) > 0);
    /* A due kind in the user's words (Dutch or English) and part of a name. */
    assert_int_equal(cli("coach", true, "inbox", "--kind", "visit_overdue", "--student", "bram",
                         "--all", "--limit", "1", NULL),
                     0);
    assert_int_equal(json_number(W.out, "total"), due_of("visit_overdue", W.bram));
}

/* subs (issue 9): the same kind about the same intern, week after week, is one line with its
 * count and range and the command that lists its items; acknowledging the line acknowledges
 * every item of it, and only those. */
static void test_inbox_grouped(void **state)
{
    (void)state;
    long anna = due_of("agenda_unsigned", W.anna);
    assert_true(anna > 1);
    long interns = db_count("SELECT count(DISTINCT student_id) FROM due_items WHERE kind = "
                            "'agenda_unsigned' AND student_id <> '%s'",
                            W.dana);
    assert_int_equal(cli("coach", false, "inbox", "--kind", "agenda_unsigned", NULL), 0);
    assert_int_equal(occurrences(W.out, "#"), interns); /* one line per intern */
    char line[160];
    snprintf(line, sizeof line,
             "Anna Planner (Supermarkt X): %ld agenda weeks not filled in or not signed by the "
             "supervisor: ",
             anna);
    assert_non_null(strstr(W.out, line));
    snprintf(line, sizeof line, "the %ld items: inbox --items --kind agenda_unsigned --student",
             anna);
    assert_non_null(strstr(W.out, line));
    assert_false(ts_has_uuid_except(W.out, NULL, 0));
    /* The same as --json --grouped: one group per intern, Anna's with all her weeks. */
    assert_int_equal(cli("coach", true, "inbox", "--kind", "agenda_unsigned", "--grouped", NULL),
                     0);
    assert_int_equal(json_number(W.out, "total"), interns);
    snprintf(line, sizeof line, "\"count\":%ld", anna);
    assert_non_null(strstr(W.out, line));

    /* Acknowledging the line acknowledges Anna's agenda weeks, nothing else. */
    long acks = db_count("SELECT count(*) FROM inbox_acks");
    char newest[24];
    snprintf(newest, sizeof newest, "%ld",
             db_count("SELECT max(event_seq) FROM due_items WHERE kind = 'agenda_unsigned' AND "
                      "student_id = '%s'",
                      W.anna));
    assert_int_equal(cli("coach", true, "inbox", "ack", "--group", newest, NULL), 0);
    assert_int_equal(json_number(W.out, "acknowledged"), anna);
    assert_int_equal(db_count("SELECT count(*) FROM inbox_acks"), acks + anna);
    assert_int_equal(
        cli("coach", true, "inbox", "--kind", "agenda_unsigned", "--student", "Anna", NULL), 0);
    assert_int_equal(json_number(W.out, "total"), 0);
    assert_int_equal(cli("coach", true, "inbox", "--kind", "agenda_unsigned", "--grouped", NULL),
                     0);
    assert_int_equal(json_number(W.out, "total"), interns - 1);
    /* --seq and --group together: a usage error, nothing stored. */
    assert_int_equal(cli("coach", false, "inbox", "ack", "--seq", newest, "--group", newest, NULL),
                     2);
    assert_int_equal(db_count("SELECT count(*) FROM inbox_acks"), acks + anna);
}

/* In Dutch, through the catalogue. */
static void test_inbox_in_dutch(void **state)
{
    (void)state;
    char localedir[300];
    snprintf(localedir, sizeof localedir, "%s/locale", SL_BUILD_DIR);
    const char *saved = getenv("LC_ALL");
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    unsetenv("LANGUAGE");
    setenv("LANG", "nl_NL.UTF-8", 1);
    setenv("STAGELIJN_LOCALEDIR", localedir, 1);
    int rc = cli("coach", false, "inbox", "--kind", "agenda_unsigned", "--limit", "2", NULL);
    unsetenv("LANG");
    unsetenv("STAGELIJN_LOCALEDIR");
    if (saved)
        setenv("LC_ALL", saved, 1);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(W.out, "niet getekend door de praktijkbegeleider"));
    assert_non_null(strstr(W.out, "voor meer"));
}

/* The caseload: one line per intern and a total; the details of one student on request. */
static void test_caseload_summary(void **state)
{
    (void)state;
    assert_int_equal(cli("coach", false, "caseload", NULL), 0);
    assert_int_equal(occurrences(W.out, "\n"), 4); /* Anna, Bram, Cem, the total */
    assert_non_null(strstr(W.out, "Anna Planner (Supermarkt X): overdue"));
    assert_non_null(strstr(W.out, "3 students;"));
    assert_int_equal(cli("coach", false, "caseload", "--student", "bram", NULL), 0);
    assert_non_null(strstr(W.out, "Bram Planner"));
    assert_null(strstr(W.out, "Anna"));
    assert_int_equal(cli("coach", false, "caseload", "--student", "Zeger", NULL), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_kind_raised_by_its_cause),
        cmocka_unit_test(test_exactly_once_across_restart),
        cmocka_unit_test(test_week_of_downtime),
        cmocka_unit_test(test_periodic_pass),
        cmocka_unit_test(test_end_and_second_interim),
        cmocka_unit_test(test_months_and_aftercare),
        cmocka_unit_test(test_inbox_of_a_mentor),
        cmocka_unit_test(test_inbox_of_a_coach),
        cmocka_unit_test(test_inbox_in_dutch),
        cmocka_unit_test(test_caseload_summary),
        cmocka_unit_test(test_inbox_grouped), /* subs (issue 9) */
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
