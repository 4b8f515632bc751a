/* Retention (issue 10): "stagelijn-admin retention due" and "retention erase" against a real
 * stagelijnd. The dry run changes nothing; a coach is refused; a student not yet due (or
 * without an exit) is refused; after the erasure the database file and its WAL, once the
 * daemon has stopped cleanly, hold none of the student's names, date of birth or free texts,
 * while the outflow report still counts him/her. Also (admin2): another student's visit notes
 * that name her lose her names and keep the rest; fifty more due students go in the same run;
 * without --yes and without a terminal the erasure is refused. */
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

#define FIRST "Annelotte"
#define LAST "Zwanenburg"
#define BORN "2008-03-03"
#define ADVICE "Advies: verder bij de Kruimeltaartfabriek"
#define OUTCOME "Gesprek over de Knipperlichtweg"
#define ADDRESS "Zonnebloemhof 17, Houten"
#define VISIT_NOTES "Werkt netjes met de Heggenschaar-7"
/* A coach's notes on another student's placement that name her without her id (admin2). */
#define OTHERS_NOTES                                                                               \
    "Carla werkte samen met " FIRST " " LAST "; " FIRST " legde uit, " LAST " hielp"
/* Students due with her, erased in the same run. */
#define MANY 50

static struct {
    test_server ts;
    sl_client *admin, *coach;
    char anna[37], bram[37], carla[37], left[11], cohort[32];
} W;

static sl_envelope *outflow(sl_client *c)
{
    Stagelijn__V1__OutflowReportRequest rq = STAGELIJN__V1__OUTFLOW_REPORT_REQUEST__INIT;
    rq.cohort = W.cohort;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_OUTFLOW_REPORT;
    req.outflow_report = &rq;
    return ts_call(c, &req, SL_OK);
}

/* The address is kept in the student's profile (fetched, changed, written back). */
static bool set_address(const char *student, const char *address)
{
    Stagelijn__V1__GetStudentProfileRequest g = STAGELIJN__V1__GET_STUDENT_PROFILE_REQUEST__INIT;
    g.student_id = (char *)student;
    sl_envelope greq = STAGELIJN__V1__ENVELOPE__INIT;
    greq.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_STUDENT_PROFILE;
    greq.get_student_profile = &g;
    sl_envelope *cur = ts_call(W.coach, &greq, SL_OK);
    if (!cur)
        return false;
    Stagelijn__V1__StudentProfile p = *cur->student_profile;
    p.base.unknown_fields = NULL;
    p.base.n_unknown_fields = 0;
    p.address = (char *)address;
    Stagelijn__V1__UpdateStudentRequest u = STAGELIJN__V1__UPDATE_STUDENT_REQUEST__INIT;
    u.profile = &p;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_UPDATE_STUDENT;
    req.update_student = &u;
    bool ok = ts_expect(W.coach, &req, SL_OK);
    sl_envelope_free(cur);
    return ok;
}

/* Logs a visit with `notes` on placement pid today minus 7 days. */
static bool log_visit(const char *pid, const char *notes)
{
    char visit_day[11], *present[] = {"student", "supervisor"};
    ts_date(-7, visit_day);
    Stagelijn__V1__Visit v = STAGELIJN__V1__VISIT__INIT;
    v.placement_id = (char *)pid;
    v.date = visit_day;
    v.n_present = 2;
    v.present = present;
    v.notes = (char *)notes;
    Stagelijn__V1__LogVisitRequest lv = STAGELIJN__V1__LOG_VISIT_REQUEST__INIT;
    lv.visit = &v;
    sl_envelope vreq = STAGELIJN__V1__ENVELOPE__INIT;
    vreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOG_VISIT;
    vreq.log_visit = &lv;
    return ts_expect(W.coach, &vreq, SL_OK);
}

/* An active placement of `student` at a new company `company_name` with its supervisor
 * `sup_user`, from four weeks ago to today + end_days; its id into pid. */
static bool placement_at(const char *student, const char *company_name, const char *sup_user,
                         int end_days, char pid[37])
{
    char company[37], sup[37], start[11], end[11];
    const ts_company_spec cc = {.name = company_name};
    if (!ts_make_company(W.admin, &cc, company) ||
        !ts_create_user(W.admin, sup_user, 5, company, sup))
        return false;
    ts_monday(-28, start);
    ts_date(end_days, end);
    ts_placement_spec p = ts_sector_week(student, company, sup, start, end);
    return ts_make_active_placement(W.coach, &p, TS_SIGN_ADULT, pid);
}

/* Carla, who stays: her placement's visit notes name Annelotte (admin2). */
static int add_carla(const char *klass)
{
    const ts_student_spec sc = {.first_name = "Carla",
                                .last_name = "de Wit",
                                .class_id = klass,
                                .date_of_birth = "2008-05-20"};
    char pid[37];
    return ts_make_student(W.admin, &sc, W.carla, NULL) &&
                   placement_at(W.carla, "Kwekerij Bloemendaal", "sup-c", 60, pid) &&
                   log_visit(pid, OTHERS_NOTES)
               ? 0
               : -1;
}

/* The name of the i-th of the MANY students who leave with her: "Fenna" and "Kwakernaat"
 * with two letters. */
static void many_name(int i, char first[16], char last[24])
{
    snprintf(first, 16, "Fenna%c%c", 'a' + i / 26, 'a' + i % 26);
    snprintf(last, 24, "Kwakernaat%c%c", 'a' + i / 26, 'a' + i % 26);
}

static bool record_exit(const char *student, const char *left, const char *advice)
{
    return ts_record_exit_to_work(W.coach, student, left, "Groenvoorziening Utrecht", advice);
}

/* MANY students who leave today too, so one erasure run takes them all (admin2). */
static int add_many(const char *klass)
{
    char today[11], id[37], first[16], last[24];
    ts_date(0, today);
    for (int i = 0; i < MANY; i++) {
        many_name(i, first, last);
        const ts_student_spec sp = {.first_name = first,
                                    .last_name = last,
                                    .class_id = klass,
                                    .date_of_birth = "2008-06-01"};
        if (!ts_make_student(W.admin, &sp, id, NULL) || !record_exit(id, today, ""))
            return -1;
    }
    return 0;
}

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&W.ts, "retention_years_after_aftercare = 1\n"))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char klass[37], otp[64];
    const ts_student_spec sa = {.first_name = FIRST,
                                .last_name = LAST,
                                .class_id = klass,
                                .date_of_birth = BORN,
                                .username = "annelotte"};
    const ts_student_spec sb = {.first_name = "Bram",
                                .last_name = "Visser",
                                .class_id = klass,
                                .date_of_birth = "2008-04-17"};
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, NULL) ||
        !ts_make_class(W.admin, "5K", 5, NULL, klass) ||
        !ts_make_student(W.admin, &sa, W.anna, otp) || !ts_make_student(W.admin, &sb, W.bram, NULL))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    if (!W.coach || !set_address(W.anna, ADDRESS))
        return -1;
    /* A placement of hers, ended before she left, with a visit: its rows go in the erasure
     * too. */
    char pid[37];
    if (!placement_at(W.anna, "Groenhoveniers Lekkerkerk", "sup-a", -1, pid) ||
        !log_visit(pid, VISIT_NOTES))
        return -1;
    if (add_carla(klass) != 0 || add_many(klass) != 0)
        return -1;
    ts_date(0, W.left);
    int y = atoi(W.left), m = atoi(W.left + 5);
    snprintf(W.cohort, sizeof W.cohort, "%d-%d", m >= 8 ? y : y - 1, m >= 8 ? y + 1 : y);
    if (!record_exit(W.anna, W.left, ADVICE))
        return -1;
    Stagelijn__V1__AftercareContact ac = STAGELIJN__V1__AFTERCARE_CONTACT__INIT;
    ac.student_id = W.anna;
    ac.date = W.left;
    ac.with_whom = "former_student";
    ac.outcome = OUTCOME;
    ac.still_in_destination = true;
    Stagelijn__V1__LogAftercareContactRequest rc =
        STAGELIJN__V1__LOG_AFTERCARE_CONTACT_REQUEST__INIT;
    rc.contact = &ac;
    sl_envelope req2 = STAGELIJN__V1__ENVELOPE__INIT;
    req2.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOG_AFTERCARE_CONTACT;
    req2.log_aftercare_contact = &rc;
    return ts_expect(W.coach, &req2, SL_OK) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *c[] = {W.admin, W.coach};
    return ts_teardown(&W.ts, c, 2);
}

static int admin_cli(const char *const *args, char *out, size_t n)
{
    return ts_run_cli(&W.ts, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, args, out, n);
}

/* Today nobody is due: aftercare has two years to go. */
static void test_not_yet_due_refused(void **state)
{
    (void)state;
    char out[8192];
    const char *due[] = {"retention", "due", NULL};
    assert_int_equal(admin_cli(due, out, sizeof out), 0);
    assert_null(strstr(out, W.anna));
    const char *one[] = {"retention", "erase", "--student", FIRST " " LAST, "--yes", NULL};
    assert_int_not_equal(admin_cli(one, out, sizeof out), 0);
    assert_non_null(strstr(out, "student_not_due"));
    assert_int_equal(ts_count_rows(&W.ts, "students WHERE first_name = '" FIRST "'"), 1);
    assert_int_equal(ts_count_rows(&W.ts, "audit WHERE operation = 'student.erase'"), 0);
}

static void test_coach_refused(void **state)
{
    (void)state;
    char out[8192];
    const char *due[] = {"retention", "due", NULL};
    assert_int_equal(
        ts_run_cli(&W.ts, "stagelijn-admin", "coach", TS_PASSWORD, due, out, sizeof out), 1);
    assert_non_null(strstr(out, "\"permission_denied\""));
    const char *erase[] = {"retention", "erase", "--yes", NULL};
    assert_int_equal(
        ts_run_cli(&W.ts, "stagelijn-admin", "coach", TS_PASSWORD, erase, out, sizeof out), 1);
    assert_int_equal(ts_count_rows(&W.ts, "audit WHERE operation = 'student.erase'"), 0);
}

static bool file_holds(const char *path, const char *needle)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    static char buf[64 << 20];
    size_t n = fread(buf, 1, sizeof buf, f), k = strlen(needle);
    fclose(f);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(buf + i, needle, k) == 0)
            return true;
    return false;
}

static void test_erase_leaves_no_trace(void **state)
{
    (void)state;
    /* Three years and a day later: two of aftercare, one of retention. */
    char later[11], out[8192];
    ts_date(3 * 366 + 1, later);
    sl_client *c[] = {W.admin, W.coach};
    for (int i = 0; i < 2; i++)
        sl_client_close(c[i]);
    W.admin = W.coach = NULL;
    assert_true(ts_restart_on(&W.ts, later));
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    assert_non_null(W.admin);

    /* The dry run lists her and changes nothing. */
    const char *due[] = {"retention", "due", NULL};
    assert_int_equal(admin_cli(due, out, sizeof out), 0);
    assert_non_null(strstr(out, W.anna));
    assert_non_null(strstr(out, W.left));
    assert_null(strstr(out, W.bram));
    assert_int_equal(ts_count_rows(&W.ts, "students WHERE first_name = '" FIRST "'"), 1);
    assert_int_equal(ts_count_rows(&W.ts, "aftercare_contacts"), 1);
    assert_int_equal(ts_count_rows(&W.ts, "placements"), 2);
    assert_int_equal(ts_count_rows(&W.ts, "visits"), 2);
    assert_int_equal(ts_count_rows(&W.ts, "students WHERE address = '" ADDRESS "'"), 1);
    /* A student who has not left is refused. */
    const char *bram[] = {"retention", "erase", "--student", "Bram Visser", "--yes", NULL};
    assert_int_not_equal(admin_cli(bram, out, sizeof out), 0);
    assert_non_null(strstr(out, "student_not_left"));

    /* Without --yes and without a terminal: refused, nothing erased. */
    const char *ask[] = {"retention", "erase", NULL};
    assert_int_equal(admin_cli(ask, out, sizeof out), 2);
    assert_non_null(strstr(out, "--yes"));
    assert_int_equal(ts_count_rows(&W.ts, "audit WHERE operation = 'student.erase'"), 0);

    const char *erase[] = {"retention", "erase", "--yes", NULL};
    if (admin_cli(erase, out, sizeof out) != 0)
        fail_msg("retention erase: %s", out);
    assert_int_equal(ts_count_rows(&W.ts, "audit WHERE operation = 'student.erase'"), 1 + MANY);
    assert_int_equal(ts_count_rows(&W.ts, "aftercare_contacts"), 0);
    assert_int_equal(ts_count_rows(&W.ts, "placements"), 1); /* Carla's */
    /* Carla's visit notes stay, with Annelotte's names taken out. */
    assert_int_equal(ts_count_rows(&W.ts, "visits WHERE notes = 'Carla werkte samen met gewist; "
                                          "gewist legde uit, gewist hielp'"),
                     1);
    assert_int_equal(ts_count_rows(&W.ts, "students WHERE first_name = 'Bram'"), 1);
    /* The outflow report still counts her. */
    sl_envelope *rep = outflow(W.admin);
    assert_non_null(rep);
    assert_non_null(rep->outflow);
    assert_int_equal(rep->outflow->leavers, 1 + MANY);
    sl_envelope_free(rep);
    /* Nothing is due any more. */
    assert_int_equal(admin_cli(due, out, sizeof out), 0);
    assert_null(strstr(out, W.anna));

    sl_client_close(W.admin);
    W.admin = NULL;
    assert_int_equal(ts_stop(&W.ts), 0);
    const char *personal[] = {FIRST,   LAST,    BORN,        ADVICE,
                              OUTCOME, ADDRESS, VISIT_NOTES, "annelotte"};
    const char *files[] = {"stagelijn.db", "stagelijn.db-wal"};
    for (size_t f = 0; f < 2; f++) {
        char path[400], first[16], last[24];
        snprintf(path, sizeof path, "%s/%s", W.ts.dir, files[f]);
        for (size_t i = 0; i < sizeof personal / sizeof personal[0]; i++)
            if (file_holds(path, personal[i]))
                fail_msg("%s still holds \"%s\"", files[f], personal[i]);
        for (int i = 0; i < MANY; i++) {
            many_name(i, first, last);
            if (file_holds(path, first) || file_holds(path, last))
                fail_msg("%s still holds \"%s %s\"", files[f], first, last);
        }
    }
    /* The file was read: a name that stays is found. */
    char db[400];
    snprintf(db, sizeof db, "%s/stagelijn.db", W.ts.dir);
    assert_true(file_holds(db, "Visser"));
    assert_true(ts_restart(&W.ts));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_not_yet_due_refused),
        cmocka_unit_test(test_coach_refused),
        cmocka_unit_test(test_erase_leaves_no_trace),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
