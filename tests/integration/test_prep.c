/* The prep family against a real stagelijnd: sectors, the school calendar, the student
 * profile, the interest test, the orientation questionnaire and interview, company visits and
 * the internal-company flag. For every request: success, bad input, each role that may not,
 * the rules with their ids, and proof that a refusal wrote nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "harness.h"

#define OUT 65536
#define NO_SUCH_ID "00000000-0000-4000-8000-000000000000"

typedef struct {
    test_server ts;
    sl_client *admin, *coach, *scoach, *mentor_a, *mentor_b, *sup_a, *sup_b, *stud, *bot;
    char coach_id[37], scoach_id[37], mentor_a_id[37];
    char company_a[37], company_b[37], class_a[37], class_b[37];
    char anna[37], bob[37], carl[37], dan[37];
    char year_id[37];
    int y; /* the calendar year in which the current school year starts */
    char out[OUT];
} world;

static world W;

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT

/* ---------------------------------------------------------------- helpers */

/* Audit rows of changes (each client program run also logs in and out). */
static long audit_rows(void)
{
    return ts_count_rows(&W.ts, "audit WHERE operation NOT IN ('login', 'logout')");
}

/* Expects FAILED_PRECONDITION naming `rule`. */
static void expect_rule(sl_client *c, sl_envelope *req, const char *rule)
{
    sl_envelope *rep = NULL;
    assert_int_equal(ts_send(c, req, &rep), SL_EPRECOND);
    assert_non_null(rep);
    assert_int_equal(rep->body_case, STAGELIJN__V1__ENVELOPE__BODY_ERROR);
    bool found = false;
    for (size_t i = 0; i < rep->error->n_violations; i++)
        found |= !strcmp(rep->error->violations[i]->rule_id, rule);
    sl_envelope_free(rep);
    if (!found)
        fprintf(stderr, "rule %s not reported\n", rule);
    assert_true(found);
}

/* Runs a client program and asserts its exit code; the output stays in W.out. */
static void run(int want, const char *prog, const char *user, const char *password, ...)
{
    const char *args[48];
    int n = 0;
    va_list ap;
    va_start(ap, password);
    const char *a;
    while ((a = va_arg(ap, const char *)) != NULL && n < 47)
        args[n++] = a;
    va_end(ap);
    args[n] = NULL;
    int rc = ts_run_cli(&W.ts, prog, user, password, args, W.out, sizeof W.out);
    if (rc != want)
        fprintf(stderr, "%s %s: exit %d, wanted %d; output: %s\n", prog, args[0], rc, want, W.out);
    assert_int_equal(rc, want);
}

/* Writes to the server's database behind its back: for states that only time can make. */
static void db_exec(const char *sql)
{
    char path[400];
    snprintf(path, sizeof path, "%s/stagelijn.db", W.ts.dir);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 10000);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* Creates a student of `year`; with a username, returns the one-time password in otp. */
static bool make_student(const char *first, const char *class_id, unsigned year,
                         const char *username, char *id, char *otp)
{
    const ts_student_spec s = {.first_name = first,
                               .class_id = class_id,
                               .date_of_birth = "2011-03-03",
                               .school_year = year,
                               .username = username};
    return ts_make_student(W.admin, &s, id, otp);
}

static int setup(void **state)
{
    (void)state;
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    W.y = tm.tm_year + 1900 - (tm.tm_mon + 1 < 8 ? 1 : 0);
    if (!ts_start(&W.ts, NULL))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char mb[37], sa[37], sb[37], otp[64];
    const ts_company_spec company_a = {.name = "Company A", .places = 2, .supervision_capacity = 2};
    const ts_company_spec company_b = {.name = "Company B", .places = 2, .supervision_capacity = 2};
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, W.coach_id) ||
        !ts_create_user(W.admin, "scoach", 3, NULL, W.scoach_id) ||
        !ts_create_user(W.admin, "mentor-a", 4, NULL, W.mentor_a_id) ||
        !ts_create_user(W.admin, "mentor-b", 4, NULL, mb) ||
        !ts_make_class(W.admin, "2A", 2, W.mentor_a_id, W.class_a) ||
        !ts_make_class(W.admin, "2B", 2, mb, W.class_b) ||
        !ts_make_company(W.admin, &company_a, W.company_a) ||
        !ts_make_company(W.admin, &company_b, W.company_b) ||
        !ts_create_user(W.admin, "sup-a", 5, W.company_a, sa) ||
        !ts_create_user(W.admin, "sup-b", 5, W.company_b, sb) ||
        !ts_create_user(W.admin, "bot", 7, NULL, NULL) ||
        !make_student("Anna", W.class_a, 2, "anna", W.anna, otp) ||
        !make_student("Bob", W.class_b, 2, NULL, W.bob, NULL) ||
        !make_student("Carl", W.class_a, 3, NULL, W.carl, NULL) ||
        !make_student("Dan", W.class_a, 2, NULL, W.dan, NULL))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    W.scoach = ts_login(&W.ts, "scoach", TS_PASSWORD);
    W.mentor_a = ts_login(&W.ts, "mentor-a", TS_PASSWORD);
    W.mentor_b = ts_login(&W.ts, "mentor-b", TS_PASSWORD);
    W.sup_a = ts_login(&W.ts, "sup-a", TS_PASSWORD);
    W.sup_b = ts_login(&W.ts, "sup-b", TS_PASSWORD);
    W.bot = ts_login(&W.ts, "bot", TS_PASSWORD);
    W.stud = ts_student_login(&W.ts, "anna", otp);
    if (!W.coach || !W.scoach || !W.mentor_a || !W.mentor_b || !W.sup_a || !W.sup_b || !W.bot ||
        !W.stud)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *all[] = {W.admin, W.coach, W.scoach, W.mentor_a, W.mentor_b,
                        W.sup_a, W.sup_b, W.stud,   W.bot};
    return ts_teardown(&W.ts, all, sizeof all / sizeof all[0]);
}

/* ---------------------------------------------------------------- sectors */

static void test_sectors(void **state)
{
    (void)state;
    Stagelijn__V1__ListSectorsRequest ls = STAGELIJN__V1__LIST_SECTORS_REQUEST__INIT;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_SECTORS;
    req.list_sectors = &ls;
    sl_client *allowed[] = {W.admin, W.coach, W.scoach, W.mentor_a, W.sup_a, W.stud};
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
        sl_envelope *rep = ts_call(allowed[i], &req, SL_OK);
        assert_non_null(rep);
        Stagelijn__V1__ListSectorsReply *s = rep->list_sectors_reply;
        assert_int_equal(s->n_sectors, 10);
        assert_int_equal(s->sectors[0]->id, 1);
        assert_string_equal(s->sectors[0]->name_nl, "Huishoudelijke zorg");
        assert_int_equal(s->sectors[9]->id, 10);
        assert_string_equal(s->sectors[9]->name_nl, "Veiligheid en Toezicht");
        sl_envelope_free(rep);
    }
    /* A notification service account has no use for them. */
    assert_true(ts_expect(W.bot, &req, SL_EPERM));
    run(0, "stagelijn", "mentor-a", TS_PASSWORD, "sector", "list", NULL);
    assert_non_null(strstr(W.out, "\"name_nl\":\"Bouw en Infra\""));
}

/* ---------------------------------------------------------------- school years */

static void year_name(int y, char out[24])
{
    snprintf(out, 24, "%04d-%04d", y, y + 1);
}

static void test_school_year_save(void **state)
{
    (void)state;
    char name[24], start[24], end[24], autumn[64], xmas[64];
    year_name(W.y, name);
    snprintf(start, sizeof start, "%04d-08-01", W.y);
    snprintf(end, sizeof end, "%04d-07-31", W.y + 1);
    snprintf(autumn, sizeof autumn, "Herfstvakantie,%04d-10-19,%04d-10-27", W.y, W.y);
    snprintf(xmas, sizeof xmas, "Kerstvakantie, school closed,%04d-12-19,%04d-01-03", W.y, W.y + 1);
    long audit = audit_rows();
    run(0, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, "schoolyear", "save", "--name", name,
        "--start", start, "--end", end, "--holiday", autumn, "--holiday", xmas, NULL);
    assert_true(ts_json_str(W.out, "id", W.year_id, sizeof W.year_id));
    assert_non_null(strstr(W.out, "\"name\":\"Kerstvakantie, school closed\""));
    assert_int_equal(ts_count_rows(&W.ts, "school_years"), 1);
    assert_int_equal(ts_count_rows(&W.ts, "holidays"), 2);
    assert_int_equal(audit_rows(), audit + 1);

    /* With its id: the holidays are replaced. */
    Stagelijn__V1__Holiday h = STAGELIJN__V1__HOLIDAY__INIT, h2 = STAGELIJN__V1__HOLIDAY__INIT;
    char h_start[24], h_end[24], h2_start[24], h2_end[24];
    snprintf(h_start, sizeof h_start, "%04d-12-20", W.y);
    snprintf(h_end, sizeof h_end, "%04d-01-04", W.y + 1);
    h.name = "Kerstvakantie";
    h.start_date = h_start;
    h.end_date = h_end;
    Stagelijn__V1__Holiday *hp[2] = {&h, &h2};
    Stagelijn__V1__SchoolYear y = STAGELIJN__V1__SCHOOL_YEAR__INIT;
    y.id = W.year_id;
    y.name = name;
    y.start_date = start;
    y.end_date = end;
    y.n_holidays = 1;
    y.holidays = hp;
    Stagelijn__V1__SaveSchoolYearRequest sy = STAGELIJN__V1__SAVE_SCHOOL_YEAR_REQUEST__INIT;
    sy.school_year = &y;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_SCHOOL_YEAR;
    req.save_school_year = &sy;
    sl_envelope *rep = ts_call(W.admin, &req, SL_OK);
    assert_non_null(rep);
    assert_string_equal(rep->school_year->id, W.year_id);
    assert_int_equal(rep->school_year->n_holidays, 1);
    assert_string_equal(rep->school_year->holidays[0]->start_date, h_start);
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "holidays"), 1);
    audit = audit_rows();
    long years = ts_count_rows(&W.ts, "school_years");

    /* Only the admin keeps the calendar. */
    sl_client *denied[] = {W.coach, W.scoach, W.mentor_a, W.sup_a, W.stud, W.bot};
    for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++)
        assert_true(ts_expect(denied[i], &req, SL_EPERM));

    /* Bad input, one fault at a time. */
    y.id = NO_SUCH_ID;
    assert_true(ts_expect(W.admin, &req, SL_ENOTFOUND));
    y.id = "not-an-id";
    assert_true(ts_expect(W.admin, &req, SL_EINVAL));
    y.id = W.year_id;
    y.name = "2026/2027";
    assert_true(ts_expect(W.admin, &req, SL_EINVAL));
    char bad_name[24];
    snprintf(bad_name, sizeof bad_name, "%04d-%04d", W.y, W.y + 2);
    y.name = bad_name;
    assert_true(ts_expect(W.admin, &req, SL_EINVAL));
    y.name = name;
    y.end_date = start; /* end not after start */
    assert_true(ts_expect(W.admin, &req, SL_EINVAL));
    y.end_date = "2027-02-30";
    assert_true(ts_expect(W.admin, &req, SL_EINVAL));
    y.end_date = end;
    h.end_date = h_start;
    h.start_date = h_end; /* holiday ends before it starts */
    assert_true(ts_expect(W.admin, &req, SL_EINVAL));
    char outside[24];
    snprintf(outside, sizeof outside, "%04d-08-05", W.y + 1);
    h.start_date = h_start;
    h.end_date = outside; /* past the end of the year */
    assert_true(ts_expect(W.admin, &req, SL_EINVAL));
    h.end_date = h_end;
    snprintf(h2_start, sizeof h2_start, "%04d-12-30", W.y);
    snprintf(h2_end, sizeof h2_end, "%04d-01-10", W.y + 1);
    h2.name = "Overlap";
    h2.start_date = h2_start;
    h2.end_date = h2_end;
    y.n_holidays = 2; /* two holidays sharing days */
    assert_true(ts_expect(W.admin, &req, SL_EINVAL));
    h2.name = "";
    snprintf(h2_start, sizeof h2_start, "%04d-02-20", W.y + 1);
    snprintf(h2_end, sizeof h2_end, "%04d-02-28", W.y + 1);
    assert_true(ts_expect(W.admin, &req, SL_EINVAL)); /* unnamed holiday */
    y.n_holidays = 1;

    /* A second year of the same name, and one that shares days with the first. */
    y.id = "";
    assert_true(ts_expect(W.admin, &req, SL_EEXISTS));
    char next[24], n_start[24], n_end[24];
    year_name(W.y + 1, next);
    snprintf(n_start, sizeof n_start, "%04d-07-15", W.y + 1);
    snprintf(n_end, sizeof n_end, "%04d-07-31", W.y + 2);
    y.name = next;
    y.start_date = n_start;
    y.end_date = n_end;
    y.n_holidays = 0;
    expect_rule(W.admin, &req, "CAL_SCHOOL_YEAR_OVERLAP");
    assert_int_equal(audit_rows(), audit);
    assert_int_equal(ts_count_rows(&W.ts, "school_years"), years);
    assert_int_equal(ts_count_rows(&W.ts, "holidays"), 1);

    /* The next year, starting after this one ends, is fine. */
    snprintf(n_start, sizeof n_start, "%04d-08-01", W.y + 1);
    assert_true(ts_expect(W.admin, &req, SL_OK));
    assert_int_equal(ts_count_rows(&W.ts, "school_years"), years + 1);
}

static void test_school_year_list(void **state)
{
    (void)state;
    Stagelijn__V1__ListSchoolYearsRequest ls = STAGELIJN__V1__LIST_SCHOOL_YEARS_REQUEST__INIT;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_SCHOOL_YEARS;
    req.list_school_years = &ls;
    sl_client *allowed[] = {W.admin, W.coach, W.scoach, W.mentor_a};
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
        sl_envelope *rep = ts_call(allowed[i], &req, SL_OK);
        assert_non_null(rep);
        assert_int_equal(rep->list_school_years_reply->n_school_years, 2);
        Stagelijn__V1__SchoolYear *y = rep->list_school_years_reply->school_years[0];
        assert_string_equal(y->id, W.year_id);
        assert_int_equal(y->n_holidays, 1);
        assert_string_equal(y->holidays[0]->name, "Kerstvakantie");
        sl_envelope_free(rep);
    }
    assert_true(ts_expect(W.sup_a, &req, SL_EPERM));
    assert_true(ts_expect(W.stud, &req, SL_EPERM));
    assert_true(ts_expect(W.bot, &req, SL_EPERM));
    run(0, "stagelijn", "coach", TS_PASSWORD, "schoolyear", "list", NULL);
    assert_non_null(strstr(W.out, W.year_id));
    run(0, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, "schoolyear", "list", NULL);
    assert_non_null(strstr(W.out, "Kerstvakantie"));
}

/* ---------------------------------------------------------------- student profile */

static sl_envelope *get_profile(sl_client *c, const char *student, sl_status expect)
{
    Stagelijn__V1__GetStudentProfileRequest g = STAGELIJN__V1__GET_STUDENT_PROFILE_REQUEST__INIT;
    g.student_id = (char *)student;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_STUDENT_PROFILE;
    req.get_student_profile = &g;
    return ts_call(c, &req, expect);
}

static sl_status profile_status(sl_client *c, const char *student)
{
    Stagelijn__V1__GetStudentProfileRequest g = STAGELIJN__V1__GET_STUDENT_PROFILE_REQUEST__INIT;
    g.student_id = (char *)student;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_STUDENT_PROFILE;
    req.get_student_profile = &g;
    return ts_send(c, &req, NULL);
}

static void test_update_student(void **state)
{
    (void)state;
    char switch_date[11];
    ts_date(0, switch_date);
    Stagelijn__V1__StudentProfile p = STAGELIJN__V1__STUDENT_PROFILE__INIT;
    p.student_id = W.anna;
    p.school_year = 2;
    p.class_id = W.class_a;
    p.nt2 = true;
    p.support_need = true;
    p.support_coach_id = W.scoach_id;
    p.address = "Dorpsstraat 1, Utrecht";
    p.home_latitude = 52.09;
    p.home_longitude = 5.12;
    p.provisional_sector_1 = 3;
    p.provisional_sector_2 = 8;
    Stagelijn__V1__UpdateStudentRequest u = STAGELIJN__V1__UPDATE_STUDENT_REQUEST__INIT;
    u.profile = &p;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_UPDATE_STUDENT;
    req.update_student = &u;
    long audit = audit_rows(), events = ts_count_rows(&W.ts, "events");
    sl_envelope *rep = ts_call(W.coach, &req, SL_OK);
    assert_non_null(rep);
    Stagelijn__V1__StudentProfile *r = rep->student_profile;
    assert_string_equal(r->support_coach_id, W.scoach_id);
    assert_true(r->nt2 && r->support_need);
    assert_int_equal(r->provisional_sector_1, 3);
    assert_int_equal(r->provisional_sector_2, 8);
    assert_true(r->home_latitude > 52.0 && r->home_latitude < 52.1);
    sl_envelope_free(rep);
    assert_int_equal(audit_rows(), audit + 1);
    assert_int_equal(ts_count_rows(&W.ts, "events"), events); /* no switch yet */

    /* The same profile again changes nothing, so nothing is written. */
    assert_true(ts_expect(W.coach, &req, SL_OK));
    assert_int_equal(audit_rows(), audit + 1);

    /* A mid-year switch: audited, and an event so the mentor hears of it. */
    p.switched_to_sector = 5;
    p.sector_switch_date = switch_date;
    rep = ts_call(W.scoach, &req, SL_OK);
    assert_int_equal(rep->student_profile->switched_to_sector, 5);
    assert_string_equal(rep->student_profile->sector_switch_date, switch_date);
    sl_envelope_free(rep);
    assert_int_equal(audit_rows(), audit + 2);
    assert_int_equal(ts_count_rows(&W.ts, "events"), events + 1);
    Stagelijn__V1__ListNotificationsRequest ln = STAGELIJN__V1__LIST_NOTIFICATIONS_REQUEST__INIT;
    ENV(nreq);
    nreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_NOTIFICATIONS;
    nreq.list_notifications = &ln;
    bool heard = false;
    rep = ts_call(W.mentor_a, &nreq, SL_OK);
    assert_non_null(rep);
    for (size_t i = 0; i < rep->list_notifications_reply->n_events; i++)
        heard |= !strcmp(rep->list_notifications_reply->events[i]->topic, "sector_switch") &&
                 !strcmp(rep->list_notifications_reply->events[i]->student_id, W.anna);
    sl_envelope_free(rep);
    assert_true(heard);
    rep = ts_call(W.mentor_b, &nreq, SL_OK); /* not his class */
    for (size_t i = 0; i < rep->list_notifications_reply->n_events; i++)
        assert_string_not_equal(rep->list_notifications_reply->events[i]->topic, "sector_switch");
    sl_envelope_free(rep);
    audit = audit_rows();
    events = ts_count_rows(&W.ts, "events");

    /* Roles: only admin and coaches change a profile. */
    sl_client *denied[] = {W.mentor_a, W.sup_a, W.sup_b, W.stud, W.bot};
    for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++)
        assert_true(ts_expect(denied[i], &req, SL_EPERM));

    /* Bad input, one fault at a time. */
    p.school_year = 7;
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    p.school_year = 1;
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    p.school_year = 2;
    p.class_id = NO_SUCH_ID;
    assert_true(ts_expect(W.coach, &req, SL_ENOTFOUND));
    p.class_id = "";
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    p.class_id = W.class_a;
    p.support_coach_id = W.coach_id; /* a coach, not a support coach */
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    p.support_coach_id = W.scoach_id;
    p.support_need = false; /* a support coach without a support need */
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    p.support_need = true;
    p.home_latitude = 91;
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    p.home_latitude = 52.09;
    p.home_longitude = -181;
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    p.home_longitude = 5.12;
    p.provisional_sector_2 = 3; /* the same sector twice */
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    p.provisional_sector_2 = 11;
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    p.provisional_sector_2 = 8;
    p.definitive_sector = 11;
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    p.definitive_sector = 0;
    p.sector_switch_date = ""; /* a switch needs its date */
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    p.sector_switch_date = "2026-13-01";
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    char last_year[24];
    snprintf(last_year, sizeof last_year, "%04d-09-01", W.y - 1);
    p.sector_switch_date = last_year; /* outside the current school year */
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    p.sector_switch_date = switch_date;
    p.student_id = NO_SUCH_ID;
    assert_true(ts_expect(W.coach, &req, SL_ENOTFOUND));
    char *longtext = malloc(20000);
    memset(longtext, 'x', 19999);
    longtext[19999] = '\0';
    p.student_id = W.anna;
    p.address = longtext;
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    free(longtext);
    u.profile = NULL;
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    assert_int_equal(audit_rows(), audit);
    assert_int_equal(ts_count_rows(&W.ts, "events"), events);

    /* The workstation: change two things, the rest stays. */
    run(0, "stagelijn", "coach", TS_PASSWORD, "student", "update", "--id", W.anna, "--nt2", "no",
        "--sectors", "4,9", "--definitive", "9", NULL);
    assert_non_null(strstr(W.out, "\"nt2\":false"));
    assert_non_null(strstr(W.out, "\"provisional_sector_1\":4"));
    assert_non_null(strstr(W.out, "\"definitive_sector\":9"));
    assert_non_null(strstr(W.out, "\"switched_to_sector\":5"));
    assert_non_null(strstr(W.out, W.scoach_id));
    assert_int_equal(audit_rows(), audit + 1);
    run(1, "stagelijn", "mentor-a", TS_PASSWORD, "student", "update", "--id", W.anna, "--nt2",
        "yes", NULL);
    run(2, "stagelijn", "coach", TS_PASSWORD, "student", "update", "--id", W.anna, "--sectors", "4",
        NULL);
    assert_int_equal(audit_rows(), audit + 1);

    /* A switch recorded in an earlier school year does not block later edits; a new switch
     * must lie in the current year. */
    char sql[200];
    snprintf(sql, sizeof sql, "UPDATE students SET sector_switch_date = '%s' WHERE id = '%s'",
             last_year, W.anna);
    db_exec(sql);
    run(0, "stagelijn", "coach", TS_PASSWORD, "student", "update", "--id", W.anna, "--class",
        W.class_b, NULL);
    assert_non_null(strstr(W.out, last_year));
    assert_int_equal(audit_rows(), audit + 2);
    run(1, "stagelijn", "coach", TS_PASSWORD, "student", "update", "--id", W.anna, "--switch-to",
        "6", "--switch-date", last_year, NULL);
    run(0, "stagelijn", "coach", TS_PASSWORD, "student", "update", "--id", W.anna, "--class",
        W.class_a, "--switch-to", "0", NULL);
    assert_non_null(strstr(W.out, "\"switched_to_sector\":0"));
    assert_non_null(strstr(W.out, "\"sector_switch_date\":\"\""));
}

static void test_student_profile_read(void **state)
{
    (void)state;
    sl_envelope *rep = get_profile(W.mentor_a, W.anna, SL_OK);
    assert_non_null(rep);
    assert_string_equal(rep->student_profile->address, "Dorpsstraat 1, Utrecht");
    assert_int_equal(rep->student_profile->school_year, 2);
    sl_envelope_free(rep);
    sl_client *allowed[] = {W.admin, W.coach, W.scoach, W.stud};
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
        rep = get_profile(allowed[i], W.anna, SL_OK);
        assert_non_null(rep);
        sl_envelope_free(rep);
    }
    /* Private: not for the company, not for another class's mentor, not for another student. */
    assert_int_equal(profile_status(W.mentor_b, W.anna), SL_EPERM);
    assert_int_equal(profile_status(W.sup_a, W.anna), SL_EPERM);
    assert_int_equal(profile_status(W.sup_b, W.anna), SL_EPERM);
    assert_int_equal(profile_status(W.bot, W.anna), SL_EPERM);
    assert_int_equal(profile_status(W.stud, W.bob), SL_EPERM);
    assert_int_equal(profile_status(W.coach, "nope"), SL_EINVAL);
    assert_int_equal(profile_status(W.coach, NO_SUCH_ID), SL_ENOTFOUND);
    run(0, "stagelijn", "scoach", TS_PASSWORD, "student", "profile", "--id", W.anna, NULL);
    assert_non_null(strstr(W.out, "\"address\":\"Dorpsstraat 1, Utrecht\""));
}

/* ---------------------------------------------------------------- interest test */

static void test_interest_test(void **state)
{
    (void)state;
    char today[11], tomorrow[11];
    ts_date(0, today);
    ts_date(1, tomorrow);
    Stagelijn__V1__InterestScore sc[11], *scp[11];
    for (int i = 0; i < 11; i++) {
        stagelijn__v1__interest_score__init(&sc[i]);
        sc[i].sector = (uint32_t)(i % 10) + 1;
        sc[i].score = (uint32_t)(10 * i % 101);
        scp[i] = &sc[i];
    }
    sc[0].sector = 8;
    sc[0].score = 65;
    sc[1].sector = 3;
    sc[1].score = 80;
    Stagelijn__V1__InterestTest t = STAGELIJN__V1__INTEREST_TEST__INIT;
    t.student_id = W.anna;
    t.date = today;
    t.n_scores = 2;
    t.scores = scp;
    Stagelijn__V1__RecordInterestTestRequest rt = STAGELIJN__V1__RECORD_INTEREST_TEST_REQUEST__INIT;
    rt.test = &t;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_INTEREST_TEST;
    req.record_interest_test = &rt;
    long audit = audit_rows();
    /* The class mentor records the test taken in class. */
    sl_envelope *rep = ts_call(W.mentor_a, &req, SL_OK);
    assert_non_null(rep);
    assert_int_equal(strlen(rep->interest_test->id), 36);
    assert_int_equal(rep->interest_test->n_scores, 2);
    assert_int_equal(rep->interest_test->scores[0]->sector, 3); /* in sector order */
    assert_int_equal(rep->interest_test->scores[0]->score, 80);
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "interest_tests"), 1);
    assert_int_equal(ts_count_rows(&W.ts, "interest_scores"), 2);
    assert_int_equal(audit_rows(), audit + 1);
    audit++;

    sl_client *denied[] = {W.mentor_b, W.admin, W.sup_a, W.stud, W.bot};
    for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++)
        assert_true(ts_expect(denied[i], &req, SL_EPERM));
    t.date = tomorrow; /* DATE_IN_FUTURE */
    assert_true(ts_expect(W.coach, &req, SL_EPRECOND));
    t.date = "yesterday";
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    t.date = today;
    t.n_scores = 0;
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    t.n_scores = 11; /* more than ten sectors (and one twice) */
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    t.n_scores = 2;
    sc[1].sector = 8; /* twice the same sector */
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    sc[1].sector = 11;
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    sc[1].sector = 0;
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    sc[1].sector = 3;
    sc[1].score = 101;
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    sc[1].score = 80;
    t.student_id = NO_SUCH_ID;
    assert_true(ts_expect(W.coach, &req, SL_ENOTFOUND));
    rt.test = NULL;
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    assert_int_equal(ts_count_rows(&W.ts, "interest_tests"), 1);
    assert_int_equal(ts_count_rows(&W.ts, "interest_scores"), 2);
    assert_int_equal(audit_rows(), audit);

    run(0, "stagelijn", "coach", TS_PASSWORD, "interest", "record", "--student", W.bob, "--date",
        today, "--score", "1:10", "--score", "5:90", "--score", "10:0", NULL);
    assert_non_null(strstr(W.out, "{\"sector\":5,\"score\":90}"));
    assert_int_equal(ts_count_rows(&W.ts, "interest_scores"), 5);
    run(2, "stagelijn", "coach", TS_PASSWORD, "interest", "record", "--student", W.bob, "--date",
        today, "--score", "5=90", NULL);
    assert_int_equal(ts_count_rows(&W.ts, "interest_tests"), 2);
}

/* ---------------------------------------------------------------- orientation */

static void test_orientation(void **state)
{
    (void)state;
    char today[11], tomorrow[11];
    ts_date(0, today);
    ts_date(1, tomorrow);
    Stagelijn__V1__Orientation o = STAGELIJN__V1__ORIENTATION__INIT;
    o.student_id = W.anna;
    o.interests = "koken, dieren";
    o.hobbies = "voetbal";
    o.expectations = "veel leren";
    o.barriers = "";
    o.preferences = "dicht bij huis";
    Stagelijn__V1__SaveOrientationRequest so = STAGELIJN__V1__SAVE_ORIENTATION_REQUEST__INIT;
    so.orientation = &o;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_ORIENTATION;
    req.save_orientation = &so;
    long audit = audit_rows();
    /* The questionnaire, filled in during the mentor's lesson. */
    sl_envelope *rep = ts_call(W.mentor_a, &req, SL_OK);
    assert_non_null(rep);
    assert_string_equal(rep->orientation->hobbies, "voetbal");
    assert_string_equal(rep->orientation->coach_id, "");
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "orientations"), 1);
    assert_int_equal(audit_rows(), audit + 1);

    /* The interview, held by the coach: the coach is the caller. */
    o.interview_date = today;
    o.interview_notes = "wil graag in de horeca";
    rep = ts_call(W.coach, &req, SL_OK);
    assert_non_null(rep);
    assert_string_equal(rep->orientation->coach_id, W.coach_id);
    assert_string_equal(rep->orientation->interview_date, today);
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "orientations"), 1);
    assert_int_equal(audit_rows(), audit + 2);
    /* A mentor may record it on the coach's behalf, naming the coach. */
    o.coach_id = W.coach_id;
    assert_true(ts_expect(W.mentor_a, &req, SL_OK));
    audit = audit_rows();

    sl_client *denied[] = {W.mentor_b, W.admin, W.sup_a, W.stud, W.bot};
    for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++)
        assert_true(ts_expect(denied[i], &req, SL_EPERM));
    o.coach_id = W.mentor_a_id; /* not a coach */
    assert_true(ts_expect(W.mentor_a, &req, SL_EINVAL));
    o.coach_id = "";
    assert_true(ts_expect(W.mentor_a, &req, SL_EINVAL)); /* an interview needs its coach */
    o.coach_id = W.coach_id;
    assert_true(ts_expect(W.scoach, &req, SL_EINVAL)); /* another coach's interview */
    o.interview_date = tomorrow; /* DATE_IN_FUTURE */
    assert_true(ts_expect(W.coach, &req, SL_EPRECOND));
    o.interview_date = "";
    assert_true(ts_expect(W.coach, &req, SL_EINVAL)); /* notes without an interview */
    o.interview_date = "2026-02-30";
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    o.interview_date = today;
    o.student_id = NO_SUCH_ID;
    assert_true(ts_expect(W.coach, &req, SL_ENOTFOUND));
    o.student_id = W.anna;
    char *longtext = malloc(20000);
    memset(longtext, 'x', 19999);
    longtext[19999] = '\0';
    o.barriers = longtext;
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    free(longtext);
    so.orientation = NULL;
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    assert_int_equal(audit_rows(), audit);
    assert_int_equal(ts_count_rows(&W.ts, "orientations"), 1);

    /* Reading: staff, the class mentor, the student him/herself. */
    Stagelijn__V1__GetOrientationRequest g = STAGELIJN__V1__GET_ORIENTATION_REQUEST__INIT;
    g.student_id = W.anna;
    ENV(greq);
    greq.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_ORIENTATION;
    greq.get_orientation = &g;
    sl_client *readers[] = {W.admin, W.coach, W.scoach, W.mentor_a, W.stud};
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
        rep = ts_call(readers[i], &greq, SL_OK);
        assert_non_null(rep);
        assert_string_equal(rep->orientation->interests, "koken, dieren");
        sl_envelope_free(rep);
    }
    assert_true(ts_expect(W.mentor_b, &greq, SL_EPERM));
    assert_true(ts_expect(W.sup_a, &greq, SL_EPERM));
    assert_true(ts_expect(W.bot, &greq, SL_EPERM));
    g.student_id = W.bob;
    assert_true(ts_expect(W.stud, &greq, SL_EPERM));
    rep = ts_call(W.mentor_b, &greq, SL_OK); /* not filled in yet: empty */
    assert_non_null(rep);
    assert_string_equal(rep->orientation->student_id, W.bob);
    assert_string_equal(rep->orientation->interests, "");
    sl_envelope_free(rep);
    g.student_id = "x";
    assert_true(ts_expect(W.coach, &greq, SL_EINVAL));

    /* The workstation: the interview is added, the questionnaire stays. */
    run(0, "stagelijn", "mentor-b", TS_PASSWORD, "orientation", "save", "--student", W.bob,
        "--interests", "techniek", "--barriers", "weinig Nederlands", NULL);
    run(0, "stagelijn", "scoach", TS_PASSWORD, "orientation", "save", "--student", W.bob,
        "--interview-date", today, "--notes", "groepsstage eerst", NULL);
    run(0, "stagelijn", "mentor-b", TS_PASSWORD, "orientation", "show", "--student", W.bob, NULL);
    assert_non_null(strstr(W.out, "\"interests\":\"techniek\""));
    assert_non_null(strstr(W.out, "\"interview_notes\":\"groepsstage eerst\""));
    assert_non_null(strstr(W.out, W.scoach_id));
    run(1, "stagelijn", "mentor-a", TS_PASSWORD, "orientation", "show", "--student", W.bob, NULL);
}

/* ---------------------------------------------------------------- company visits */

static void visit_msg(Stagelijn__V1__CompanyVisit *v, const char *company, const char *date,
                      uint32_t capacity)
{
    stagelijn__v1__company_visit__init(v);
    v->company_id = (char *)company;
    v->date = (char *)date;
    v->capacity = capacity;
    v->description = "rondleiding magazijn";
}

static sl_status create_visit(sl_client *c, Stagelijn__V1__CompanyVisit *v, char *id)
{
    Stagelijn__V1__CreateCompanyVisitRequest cv = STAGELIJN__V1__CREATE_COMPANY_VISIT_REQUEST__INIT;
    cv.visit = v;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_COMPANY_VISIT;
    req.create_company_visit = &cv;
    sl_envelope *rep = NULL;
    sl_status st = ts_send(c, &req, &rep);
    if (st == SL_OK && id)
        snprintf(id, 37, "%s", rep->company_visit->id);
    sl_envelope_free(rep);
    return st;
}

static char visit_a[37], visit_b[37];

static void test_company_visit_create(void **state)
{
    (void)state;
    char soon[11], yesterday[11];
    ts_date(14, soon);
    ts_date(-1, yesterday);
    Stagelijn__V1__CompanyVisit v;
    visit_msg(&v, W.company_a, soon, 2);
    long audit = audit_rows();
    assert_int_equal(create_visit(W.coach, &v, visit_a), SL_OK);
    assert_int_equal(ts_count_rows(&W.ts, "company_visits"), 1);
    assert_int_equal(audit_rows(), audit + 1);
    audit++;

    sl_client *denied[] = {W.mentor_a, W.sup_a, W.stud, W.bot};
    for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++)
        assert_int_equal(create_visit(denied[i], &v, NULL), SL_EPERM);
    v.capacity = 0;
    assert_int_equal(create_visit(W.coach, &v, NULL), SL_EINVAL);
    v.capacity = 201;
    assert_int_equal(create_visit(W.coach, &v, NULL), SL_EINVAL);
    v.capacity = 2;
    v.date = yesterday;
    assert_int_equal(create_visit(W.coach, &v, NULL), SL_EINVAL);
    v.date = "14-02-2027";
    assert_int_equal(create_visit(W.coach, &v, NULL), SL_EINVAL);
    v.date = soon;
    v.company_id = NO_SUCH_ID;
    assert_int_equal(create_visit(W.coach, &v, NULL), SL_ENOTFOUND);
    v.company_id = "";
    assert_int_equal(create_visit(W.coach, &v, NULL), SL_EINVAL);
    assert_int_equal(create_visit(W.coach, NULL, NULL), SL_EINVAL);
    assert_int_equal(ts_count_rows(&W.ts, "company_visits"), 1);
    assert_int_equal(audit_rows(), audit);

    /* The admin may plan one too, through the workstation. */
    run(0, "stagelijn", "admin", TS_ADMIN_PASSWORD, "company-visit", "create", "--company",
        W.company_b, "--date", soon, "--capacity", "30", "--description", "bakkerij", NULL);
    assert_true(ts_json_str(W.out, "id", visit_b, sizeof visit_b));
    assert_non_null(strstr(W.out, "\"signed_up\":0"));
    run(2, "stagelijn", "coach", TS_PASSWORD, "company-visit", "create", "--company", W.company_b,
        "--date", soon, "--capacity", "0", NULL);
    assert_int_equal(ts_count_rows(&W.ts, "company_visits"), 2);
}

/* A visit whose date has passed cannot be made through the API, so the test writes it
 * straight into the database, as time passing would. */
static void insert_past_visit(const char *id)
{
    char sql[400];
    snprintf(sql, sizeof sql,
             "INSERT INTO company_visits (id, company_id, date, capacity) "
             "VALUES ('%s', '%s', '2020-01-15', 5)",
             id, W.company_a);
    db_exec(sql);
}

static sl_envelope signup_req;
static Stagelijn__V1__SignUpCompanyVisitRequest signup_body;

static sl_envelope *signup(const char *visit, const char *student)
{
    stagelijn__v1__sign_up_company_visit_request__init(&signup_body);
    signup_body.company_visit_id = (char *)visit;
    signup_body.student_id = (char *)student;
    stagelijn__v1__envelope__init(&signup_req);
    signup_req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SIGN_UP_COMPANY_VISIT;
    signup_req.sign_up_company_visit = &signup_body;
    return &signup_req;
}

static void test_company_visit_signup(void **state)
{
    (void)state;
    long audit = audit_rows();
    /* A student signs him/herself up, through the workstation program. */
    run(0, "stagelijn", "anna", TS_PASSWORD, "company-visit", "signup", "--visit", visit_a,
        "--student", W.anna, NULL);
    assert_non_null(strstr(W.out, "\"signed_up\":1"));
    assert_int_equal(ts_count_rows(&W.ts, "company_visit_signups"), 1);
    assert_int_equal(audit_rows(), audit + 1);
    /* Staff may sign a student up: the class mentor, a coach. */
    assert_true(ts_expect(W.mentor_b, signup(visit_a, W.bob), SL_OK));
    audit = audit_rows();
    long signups = ts_count_rows(&W.ts, "company_visit_signups");

    /* Twice is once too many. */
    assert_true(ts_expect(W.stud, signup(visit_a, W.anna), SL_EEXISTS));
    /* Full: capacity 2. */
    expect_rule(W.coach, signup(visit_a, W.dan), "CAP_COMPANY_VISIT_FULL");
    /* Company visits are for year 2. */
    expect_rule(W.coach, signup(visit_b, W.carl), "COMPANY_VISIT_YEAR_2");
    /* The date has passed. */
    const char *past = "11111111-1111-4111-8111-111111111111";
    insert_past_visit(past);
    expect_rule(W.coach, signup(past, W.dan), "COMPANY_VISIT_PAST");
    /* Roles: a student only him/herself, a mentor only his class, no company, no admin. */
    assert_true(ts_expect(W.stud, signup(visit_b, W.bob), SL_EPERM));
    assert_true(ts_expect(W.mentor_a, signup(visit_b, W.bob), SL_EPERM));
    assert_true(ts_expect(W.sup_a, signup(visit_a, W.dan), SL_EPERM));
    assert_true(ts_expect(W.sup_b, signup(visit_b, W.dan), SL_EPERM));
    assert_true(ts_expect(W.admin, signup(visit_b, W.dan), SL_EPERM));
    assert_true(ts_expect(W.bot, signup(visit_b, W.dan), SL_EPERM));
    /* Bad input. */
    assert_true(ts_expect(W.coach, signup("nope", W.dan), SL_EINVAL));
    assert_true(ts_expect(W.coach, signup(visit_b, ""), SL_EINVAL));
    assert_true(ts_expect(W.coach, signup(NO_SUCH_ID, W.dan), SL_ENOTFOUND));
    assert_true(ts_expect(W.coach, signup(visit_b, NO_SUCH_ID), SL_ENOTFOUND));
    assert_int_equal(ts_count_rows(&W.ts, "company_visit_signups"), signups);
    assert_int_equal(audit_rows(), audit);
    run(1, "stagelijn", "coach", TS_PASSWORD, "company-visit", "signup", "--visit", visit_a,
        "--student", W.dan, NULL);
    assert_int_equal(ts_count_rows(&W.ts, "company_visit_signups"), signups);

    /* Room elsewhere: the coach signs Dan up for the other visit. */
    sl_envelope *rep = ts_call(W.coach, signup(visit_b, W.dan), SL_OK);
    assert_non_null(rep);
    assert_int_equal(rep->company_visit->signed_up, 1);
    assert_int_equal(rep->company_visit->n_student_ids, 1);
    assert_string_equal(rep->company_visit->student_ids[0], W.dan);
    sl_envelope_free(rep);
}

static Stagelijn__V1__CompanyVisit *find_visit(sl_envelope *rep, const char *id)
{
    for (size_t i = 0; i < rep->list_company_visits_reply->n_visits; i++)
        if (!strcmp(rep->list_company_visits_reply->visits[i]->id, id))
            return rep->list_company_visits_reply->visits[i];
    return NULL;
}

static void test_company_visit_list(void **state)
{
    (void)state;
    Stagelijn__V1__ListCompanyVisitsRequest lv = STAGELIJN__V1__LIST_COMPANY_VISITS_REQUEST__INIT;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_COMPANY_VISITS;
    req.list_company_visits = &lv;
    /* Staff see who signed up. */
    sl_envelope *rep = ts_call(W.coach, &req, SL_OK);
    assert_non_null(rep);
    assert_int_equal(rep->list_company_visits_reply->n_visits, 3);
    Stagelijn__V1__CompanyVisit *v = find_visit(rep, visit_a);
    assert_non_null(v);
    assert_int_equal(v->signed_up, 2);
    assert_int_equal(v->n_student_ids, 2);
    assert_int_equal(v->capacity, 2);
    sl_envelope_free(rep);
    rep = ts_call(W.mentor_b, &req, SL_OK);
    assert_int_equal(find_visit(rep, visit_a)->n_student_ids, 2);
    sl_envelope_free(rep);
    /* A student sees every visit and the counts, but only his/her own name on a list. */
    rep = ts_call(W.stud, &req, SL_OK);
    assert_int_equal(rep->list_company_visits_reply->n_visits, 3);
    v = find_visit(rep, visit_a);
    assert_int_equal(v->signed_up, 2);
    assert_int_equal(v->n_student_ids, 1);
    assert_string_equal(v->student_ids[0], W.anna);
    assert_int_equal(find_visit(rep, visit_b)->n_student_ids, 0);
    sl_envelope_free(rep);
    /* A company sees its own visits with the count, not the names. */
    rep = ts_call(W.sup_a, &req, SL_OK);
    assert_int_equal(rep->list_company_visits_reply->n_visits, 2); /* visit_a and the past one */
    v = find_visit(rep, visit_a);
    assert_non_null(v);
    assert_int_equal(v->signed_up, 2);
    assert_int_equal(v->n_student_ids, 0);
    assert_null(find_visit(rep, visit_b));
    sl_envelope_free(rep);
    rep = ts_call(W.sup_b, &req, SL_OK);
    assert_int_equal(rep->list_company_visits_reply->n_visits, 1);
    assert_null(find_visit(rep, visit_a));
    sl_envelope_free(rep);
    assert_true(ts_expect(W.bot, &req, SL_EPERM));
    run(0, "stagelijn", "anna", TS_PASSWORD, "company-visit", "list", NULL);
    assert_non_null(strstr(W.out, visit_b));
    assert_null(strstr(W.out, W.bob));
}

/* ---------------------------------------------------------------- the internal company */

static void test_internal_company(void **state)
{
    (void)state;
    run(0, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, "company", "create", "--name",
        "Schoolkantine", "--internal", "--sector", "3", NULL);
    assert_non_null(strstr(W.out, "\"internal\":true"));
    char id[37];
    assert_true(ts_json_str(W.out, "id", id, sizeof id));
    Stagelijn__V1__ListCompaniesRequest lc = STAGELIJN__V1__LIST_COMPANIES_REQUEST__INIT;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_COMPANIES;
    req.list_companies = &lc;
    sl_envelope *rep = ts_call(W.coach, &req, SL_OK);
    assert_non_null(rep);
    int internal = 0, seen = 0;
    for (size_t i = 0; i < rep->list_companies_reply->n_companies; i++) {
        Stagelijn__V1__Company *c = rep->list_companies_reply->companies[i];
        if (!strcmp(c->id, id)) {
            seen++;
            assert_true(c->internal);
        }
        internal += c->internal;
    }
    sl_envelope_free(rep);
    assert_int_equal(seen, 1);
    assert_int_equal(internal, 1); /* the other companies are external */
}

int main(void)
{
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sectors),
        cmocka_unit_test(test_school_year_save),
        cmocka_unit_test(test_school_year_list),
        cmocka_unit_test(test_update_student),
        cmocka_unit_test(test_student_profile_read),
        cmocka_unit_test(test_interest_test),
        cmocka_unit_test(test_orientation),
        cmocka_unit_test(test_company_visit_create),
        cmocka_unit_test(test_company_visit_signup),
        cmocka_unit_test(test_company_visit_list),
        cmocka_unit_test(test_internal_company),
    };
    return cmocka_run_group_tests_name("integration_prep", tests, setup, teardown);
}
