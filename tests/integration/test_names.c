/* What people see in lists, with the real client programs against a real stagelijnd: names
 * where ids used to be (no UUID in a human table beyond the handles one types next), students
 * in Dutch surname order with the tussenvoegsel apart (Bakker, Çelik, van 't Hof, O'Brien,
 * de Vries), and notifications newest first, paged, with a notice when the list was cut. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define N_STUDENTS 5

typedef struct {
    test_server ts;
    sl_client *admin, *coach;
    char class_id[37], company[37], sup[37], coach_id[37], mentor_id[37];
    char student[N_STUDENTS][37];
    char placement[37];
} world;

static world W;
static char out[1 << 16];

/* Enrolled in byte order of the full name, the order the fault showed. */
static const struct {
    const char *first, *prefix, *last, *shown;
} names[N_STUDENTS] = {
    {"Bram", "de", "Vries", "Bram de Vries"},
    {"Sanne", "van 't", "Hof", "Sanne van 't Hof"},
    {"Aoife", NULL, "O'Brien", "Aoife O'Brien"},
    {"Emre", NULL,
     "\xc3\x87"
     "elik",
     "Emre \xc3\x87"
     "elik"},
    {"Anna", NULL, "Bakker", "Anna Bakker"},
};
/* The list's order: indexes into names[]. */
static const int order[N_STUDENTS] = {4, 3, 1, 2, 0};

static bool enrol(int i)
{
    const char *args[16];
    int n = 0;
    args[n++] = "student";
    args[n++] = "create";
    args[n++] = "--first";
    args[n++] = names[i].first;
    args[n++] = "--last";
    args[n++] = names[i].last;
    if (names[i].prefix) {
        /* Both spellings of the option. */
        args[n++] = i % 2 ? "--tussenvoegsel" : "--prefix";
        args[n++] = names[i].prefix;
    }
    args[n++] = "--class";
    args[n++] = W.class_id;
    args[n++] = "--dob";
    args[n++] = "2009-03-03";
    args[n] = NULL;
    return ts_run_cli(&W.ts, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, args, out,
                      sizeof out) == 0 &&
           ts_json_str(out, "id", W.student[i], sizeof W.student[i]);
}

static int setup(void **state)
{
    (void)state;
    memset(&W, 0, sizeof W);
    if (!ts_start(&W.ts, NULL) || !(W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD)))
        return -1;
    const ts_company_spec co = {.name = "Bakkerij Brood & Zo",
                                .city = "Utrecht",
                                .latitude = 52.09,
                                .longitude = 5.12,
                                .sector = 3,
                                .places = 4,
                                .supervision_capacity = 4,
                                .recognised = true};
    if (!ts_create_user(W.admin, "m.names", STAGELIJN__V1__ROLE__ROLE_MENTOR, NULL, W.mentor_id) ||
        !ts_make_class(W.admin, "3N", 3, W.mentor_id, W.class_id) ||
        !ts_make_company(W.admin, &co, W.company) ||
        !ts_create_user(W.admin, "sup.names", STAGELIJN__V1__ROLE__ROLE_SUPERVISOR, W.company,
                        W.sup) ||
        !ts_create_user(W.admin, "coach.names", STAGELIJN__V1__ROLE__ROLE_COACH, NULL,
                        W.coach_id) ||
        !(W.coach = ts_login(&W.ts, "coach.names", TS_PASSWORD)))
        return -1;
    for (int i = 0; i < N_STUDENTS; i++)
        if (!enrol(i))
            return -1;
    char start[11], end[11];
    ts_date(-30, start); /* begun a month ago: its visits can be logged */
    ts_date(60, end);
    const ts_placement_spec p = {.student_id = W.student[1],
                                 .company_id = W.company,
                                 .supervisor_id = W.sup,
                                 .kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR,
                                 .start_date = start,
                                 .end_date = end,
                                 .n_days = 1,
                                 .day_start = "09:00",
                                 .day_end = "14:00",
                                 .break_minutes = 30};
    /* Active: visits are logged on it. */
    return ts_make_active_placement(W.coach, &p, TS_SIGN_MINOR, W.placement) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *const clients[] = {W.admin, W.coach};
    return ts_teardown(&W.ts, clients, 2);
}

/* The rows of names[] appear in `text` in the list's order. */
static void assert_in_order(const char *text)
{
    const char *at = text;
    for (int k = 0; k < N_STUDENTS; k++) {
        const char *hit = strstr(at, names[order[k]].shown);
        if (!hit)
            fail_msg("\"%s\" missing or out of order in:\n%s", names[order[k]].shown, text);
        at = hit + 1;
    }
}

static void test_students_sorted_on_surname(void **state)
{
    (void)state;
    const char *args[] = {"student", "list", NULL};
    /* Admin console, a person reading. */
    assert_int_equal(ts_run_cli_human(&W.ts, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, args,
                                      out, sizeof out),
                     0);
    assert_in_order(out);
    assert_non_null(strstr(out, "3N")); /* the class by name */
    const char *own[N_STUDENTS];
    for (int i = 0; i < N_STUDENTS; i++)
        own[i] = W.student[i]; /* the handle typed next: student show --id */
    assert_false(ts_has_uuid_except(out, own, N_STUDENTS));
    /* The mentor's workstation, same order; the prefix is its own field for programs. */
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn", "m.names", TS_PASSWORD, args, out, sizeof out),
                     0);
    assert_non_null(strstr(out, "\"name_prefix\":\"van 't\""));
    assert_non_null(strstr(out, "\"last_name\":\"Hof\""));
    const char *at = out;
    for (int k = 0; k < N_STUDENTS; k++) {
        char needle[80];
        snprintf(needle, sizeof needle, "\"full_name\":\"%s\"", names[order[k]].shown);
        const char *hit = strstr(at, needle);
        if (!hit)
            fail_msg("%s missing or out of order in %s", needle, out);
        at = hit + 1;
    }
}

static void test_placement_list_names_people_and_company(void **state)
{
    (void)state;
    const char *args[] = {"placement", "list", NULL};
    const char *own[] = {W.placement};
    /* The coach at the workstation and the supervisor (the kiosk's command, same code). */
    const char *const users[] = {"coach.names", "sup.names"};
    for (int u = 0; u < 2; u++) {
        assert_int_equal(
            ts_run_cli_human(&W.ts, "stagelijn", users[u], TS_PASSWORD, args, out, sizeof out), 0);
        assert_non_null(strstr(out, "Sanne van 't Hof"));
        assert_non_null(strstr(out, "Bakkerij Brood & Zo"));
        assert_non_null(strstr(out, "coach.names")); /* the coach's display name */
        assert_false(ts_has_uuid_except(out, own, 1));
    }
    /* The student's profile: class and support coach by name. */
    const char *profile[] = {"student", "profile", "--id", W.student[1], NULL};
    const char *own_student[] = {W.student[1]};
    assert_int_equal(
        ts_run_cli_human(&W.ts, "stagelijn", "coach.names", TS_PASSWORD, profile, out, sizeof out),
        0);
    assert_non_null(strstr(out, "Sanne van 't Hof"));
    assert_non_null(strstr(out, "3N"));
    assert_false(ts_has_uuid_except(out, own_student, 1));
    const char *show[] = {"placement", "show", "--id", W.placement, NULL};
    assert_int_equal(
        ts_run_cli_human(&W.ts, "stagelijn", "coach.names", TS_PASSWORD, show, out, sizeof out), 0);
    assert_non_null(strstr(out, "Sanne van 't Hof"));
    assert_false(ts_has_uuid_except(out, own, 1));
}

#define N_SWITCHES 7

/* A sector switch of student i to `sector`: an event for the class mentor. */
static bool switch_sector(int i, uint32_t sector)
{
    Stagelijn__V1__GetStudentProfileRequest g = STAGELIJN__V1__GET_STUDENT_PROFILE_REQUEST__INIT;
    g.student_id = W.student[i];
    sl_envelope greq = STAGELIJN__V1__ENVELOPE__INIT;
    greq.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_STUDENT_PROFILE;
    greq.get_student_profile = &g;
    sl_envelope *cur = ts_call(W.coach, &greq, SL_OK);
    if (!cur)
        return false;
    Stagelijn__V1__StudentProfile p = *cur->student_profile;
    p.base.unknown_fields = NULL;
    p.base.n_unknown_fields = 0;
    char date[11];
    ts_date(0, date);
    p.switched_to_sector = sector;
    p.sector_switch_date = date;
    Stagelijn__V1__UpdateStudentRequest u = STAGELIJN__V1__UPDATE_STUDENT_REQUEST__INIT;
    u.profile = &p;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_UPDATE_STUDENT;
    req.update_student = &u;
    bool ok = ts_expect(W.coach, &req, SL_OK);
    sl_envelope_free(cur);
    return ok;
}

/* The seq numbers in JSON text, in the order they appear. */
static int seqs(const char *json, unsigned long *found, int max)
{
    int n = 0;
    for (const char *p = json; n < max && (p = strstr(p, "\"seq\":")) != NULL; p++)
        found[n++] = strtoul(p + 6, NULL, 10);
    return n;
}

static void test_notifications_newest_first_and_paged(void **state)
{
    (void)state;
    /* Student 2 (Aoife O'Brien) switches sector again and again; the last switch is to 10. */
    for (uint32_t k = 0; k < N_SWITCHES; k++)
        assert_true(switch_sector(2, 4 + k));
    unsigned long all[32], page[32];
    const char *every[] = {"notifications", NULL};
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn", "m.names", TS_PASSWORD, every, out, sizeof out),
                     0);
    int n = seqs(out, all, 32);
    assert_true(n >= N_SWITCHES); /* and what setting up the school told the mentor */
    for (int i = 1; i < n; i++)
        assert_true(all[i - 1] > all[i]); /* newest first */
    char want[96];
    snprintf(want, sizeof want, "\"total\":%d", n);
    assert_non_null(strstr(out, want));
    assert_non_null(strstr(out, "\"student_name\":\"Aoife O'Brien\""));
    assert_non_null(strstr(out, "\"class_name\":\"3N\""));
    assert_non_null(strstr(out, "\"actor_name\":\"coach.names\""));

    /* Page 2 of 3 a page: the 4th to 6th newest, and the notice says there is more. */
    const char *p2[] = {"notifications", "--limit", "3", "--page", "2", NULL};
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn", "m.names", TS_PASSWORD, p2, out, sizeof out),
                     0);
    assert_int_equal(seqs(out, page, 32), 3);
    for (int i = 0; i < 3; i++)
        assert_int_equal(page[i], all[3 + i]);
    assert_int_equal(
        ts_run_cli_human(&W.ts, "stagelijn", "m.names", TS_PASSWORD, p2, out, sizeof out), 0);
    snprintf(want, sizeof want, "4-6 of %d shown (newest first); --page 3 for more", n);
    assert_non_null(strstr(out, want));
    assert_non_null(strstr(out, "Aoife O'Brien"));
    assert_false(ts_has_uuid_except(out, NULL, 0)); /* no placement: no id to type */
    /* The last page has no "more". */
    char last[16];
    snprintf(last, sizeof last, "%d", (n + 2) / 3);
    const char *p3[] = {"notifications", "--limit", "3", "--page", last, NULL};
    assert_int_equal(
        ts_run_cli_human(&W.ts, "stagelijn", "m.names", TS_PASSWORD, p3, out, sizeof out), 0);
    snprintf(want, sizeof want, "-%d of %d shown", n, n);
    assert_non_null(strstr(out, want));
    assert_null(strstr(out, "for more"));

    /* A cursor: older than the 2nd newest, whatever arrives meanwhile. */
    char before[24];
    snprintf(before, sizeof before, "%lu", all[1]);
    assert_true(switch_sector(2, 3)); /* a newer event does not shift the cursor's page */
    const char *older[] = {"notifications", "--before", before, "--limit", "2", NULL};
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn", "m.names", TS_PASSWORD, older, out, sizeof out),
                     0);
    assert_int_equal(seqs(out, page, 32), 2);
    assert_int_equal(page[0], all[2]);
    assert_int_equal(page[1], all[3]);
    /* And newer than a seq, still newest first. */
    snprintf(before, sizeof before, "%lu", all[1]);
    const char *newer[] = {"notifications", "--after", before, NULL};
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn", "m.names", TS_PASSWORD, newer, out, sizeof out),
                     0);
    assert_int_equal(seqs(out, page, 32), 2);
    assert_true(page[0] > all[0]);
    assert_int_equal(page[1], all[0]);
}

/* Runs the workstation as the coach; stores the value of "id" of the reply in id_out. */
static void coach_runs(const char *const *args, char *id_out)
{
    int rc = ts_run_cli(&W.ts, "stagelijn", "coach.names", TS_PASSWORD, args, out, sizeof out);
    if (rc != 0)
        fail_msg("%s %s: exit %d: %s", args[0], args[1], rc, out);
    if (id_out)
        assert_true(ts_json_str(out, "id", id_out, 37));
}

static void test_match_visits_and_sessions_name_people(void **state)
{
    (void)state;
    /* Anna Bakker lives near the bakery and wants sector 3. */
    const char *home[] = {"student",    "update", "--id",   W.student[4], "--address",
                          "Domplein 1", "--lat",  "52.091", "--lon",      "5.121",
                          "--sectors",  "3,8",    NULL};
    coach_runs(home, NULL);
    const char *suggest[] = {"match", "suggest", "--student", W.student[4], NULL};
    assert_int_equal(
        ts_run_cli_human(&W.ts, "stagelijn", "coach.names", TS_PASSWORD, suggest, out, sizeof out),
        0);
    assert_non_null(strstr(out, "Bakkerij Brood & Zo"));
    assert_non_null(strstr(out, "Utrecht"));
    assert_false(ts_has_uuid_except(out, NULL, 0));

    /* A company visit for year 2: Bram de Vries moves down to year 2 and signs up. */
    char date[11], visit[37], session[37];
    ts_date(14, date);
    const char *year2[] = {"student", "update", "--id", W.student[0], "--year", "2", NULL};
    coach_runs(year2, NULL);
    const char *plan[] = {"company-visit", "create", "--company", W.company, "--date", date,
                          "--capacity",    "10",     NULL};
    coach_runs(plan, visit);
    const char *signup[] = {"company-visit", "signup",     "--visit", visit,
                            "--student",     W.student[0], NULL};
    coach_runs(signup, NULL);
    const char *visits[] = {"company-visit", "list", NULL};
    const char *own_visit[] = {visit};
    assert_int_equal(
        ts_run_cli_human(&W.ts, "stagelijn", "coach.names", TS_PASSWORD, visits, out, sizeof out),
        0);
    assert_non_null(strstr(out, "Bakkerij Brood & Zo"));
    assert_non_null(strstr(out, "Bram de Vries"));
    assert_false(ts_has_uuid_except(out, own_visit, 1));

    /* A group session with Emre Çelik and Aoife O'Brien (year 3). */
    const char *create[] = {"group",  "session", "create", "--location", "Kantine De Brug",
                            "--date", date,      "--part", "morning",    NULL};
    coach_runs(create, session);
    for (int i = 2; i <= 3; i++) {
        const char *enrol[] = {"group",     "enrol",      "--session", session,
                               "--student", W.student[i], NULL};
        coach_runs(enrol, NULL);
    }
    /* And Lotte Jansen of another class, with another mentor. */
    char other_mentor[37], other_class[37], lotte[37];
    const ts_student_spec ls = {.first_name = "Lotte",
                                .last_name = "Jansen",
                                .date_of_birth = "2009-04-04",
                                .class_id = other_class};
    assert_true(
        ts_create_user(W.admin, "m.other", STAGELIJN__V1__ROLE__ROLE_MENTOR, NULL, other_mentor));
    assert_true(ts_make_class(W.admin, "3M", 3, other_mentor, other_class));
    assert_true(ts_make_student(W.admin, &ls, lotte, NULL));
    const char *enrol_lotte[] = {"group", "enrol", "--session", session, "--student", lotte, NULL};
    coach_runs(enrol_lotte, NULL);
    const char *sessions[] = {"group", "sessions", NULL};
    const char *own_session[] = {session};
    assert_int_equal(
        ts_run_cli_human(&W.ts, "stagelijn", "coach.names", TS_PASSWORD, sessions, out, sizeof out),
        0);
    assert_non_null(strstr(out, "Kantine De Brug"));
    assert_non_null(strstr(out, "Aoife O'Brien"));
    assert_non_null(strstr(out, "\xc3\x87"
                                "elik"));
    assert_non_null(strstr(out, "Lotte Jansen"));
    assert_non_null(strstr(out, "coach.names"));
    assert_false(ts_has_uuid_except(out, own_session, 1));
    /* Each mentor sees the session with the students of his/her own class only. */
    assert_int_equal(
        ts_run_cli_human(&W.ts, "stagelijn", "m.names", TS_PASSWORD, sessions, out, sizeof out), 0);
    assert_non_null(strstr(out, "Aoife O'Brien"));
    assert_null(strstr(out, "Lotte"));
    assert_int_equal(
        ts_run_cli_human(&W.ts, "stagelijn", "m.other", TS_PASSWORD, sessions, out, sizeof out), 0);
    assert_non_null(strstr(out, "Lotte Jansen"));
    assert_null(strstr(out, "Aoife"));
}

/* Every "id" value in JSON text, into ids[] (37 bytes each); returns the count. */
static int json_ids(const char *json, char ids[][37], int max)
{
    int n = 0;
    for (const char *p = json; n < max && (p = strstr(p, "\"id\":\"")) != NULL; p += 6)
        if (sscanf(p + 6, "%36[0-9a-f-]", ids[n]) == 1)
            n++;
    return n;
}

/* Runs a list command twice, for a program and for a person: the person's table holds no
 * UUID but the rows' own ids (the handles typed next) and the `extra` one (may be NULL). */
static void assert_human_names(const char *prog, const char *user, const char *password,
                               const char *const *args, const char *extra)
{
    static char ids[64][37];
    const char *allowed[65];
    assert_int_equal(ts_run_cli(&W.ts, prog, user, password, args, out, sizeof out), 0);
    int n = json_ids(out, ids, 64);
    for (int i = 0; i < n; i++)
        allowed[i] = ids[i];
    allowed[n] = extra;
    assert_int_equal(ts_run_cli_human(&W.ts, prog, user, password, args, out, sizeof out), 0);
    assert_false(ts_has_uuid_except(out, allowed, (size_t)n + 1));
}

static void test_accounts_classes_and_visits_name_people(void **state)
{
    (void)state;
    const char *users[] = {"user", "list", "--role", "supervisor", NULL};
    assert_human_names("stagelijn-admin", "admin", TS_ADMIN_PASSWORD, users, NULL);
    assert_non_null(strstr(out, "Bakkerij Brood & Zo"));
    const char *classes[] = {"class", "list", NULL};
    assert_human_names("stagelijn-admin", "admin", TS_ADMIN_PASSWORD, classes, NULL);
    assert_non_null(strstr(out, "m.names"));

    /* Two visits, logged oldest first; the list shows the newest first, with the coach. */
    char d1[11], d2[11];
    ts_date(-14, d1);
    ts_date(-7, d2);
    const char *const dates[] = {d1, d2};
    for (int i = 0; i < 2; i++) {
        const char *log[] = {"visit",   "log",        "--placement", W.placement,
                             "--date",  dates[i],     "--present",   "student",
                             "--notes", "going well", NULL};
        assert_int_equal(
            ts_run_cli(&W.ts, "stagelijn", "coach.names", TS_PASSWORD, log, out, sizeof out), 0);
    }
    const char *visits[] = {"visit", "list", "--placement", W.placement, NULL};
    assert_human_names("stagelijn", "coach.names", TS_PASSWORD, visits, W.placement);
    assert_non_null(strstr(out, "coach.names"));
    const char *newest = strstr(out, d2), *oldest = strstr(out, d1);
    assert_non_null(newest);
    assert_non_null(oldest);
    assert_true(newest < oldest);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_students_sorted_on_surname),
        cmocka_unit_test(test_placement_list_names_people_and_company),
        cmocka_unit_test(test_notifications_newest_first_and_paged),
        cmocka_unit_test(test_match_visits_and_sessions_name_people),
        cmocka_unit_test(test_accounts_classes_and_visits_name_people),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
