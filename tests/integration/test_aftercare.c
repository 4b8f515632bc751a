/* Exit, partners, aftercare contacts and the outflow report against a real stagelijnd: each
 * request type's success, its refusals per role and input, the AFTERCARE_NOT_ACTIVE rule, and
 * proof that a refusal wrote nothing. */
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

typedef struct {
    test_server ts;
    sl_client *admin, *coach, *sc, *mentor_a, *mentor_b, *sup_a, *stud;
    char company_a[37], class_a[37], class_b[37];
    char anna[37], bob[37], cora[37], old[37], none[37];
    char out_a[37], out_b[37], out_c[37], out_d[37];
    char partner[37];
} world;

static world W;

/* An 18-year-old; with a username, the one-time password goes to otp. */
static bool make_student(const char *first, const char *class_id, const char *username, char *id,
                         char *otp)
{
    const ts_student_spec s = {.first_name = first,
                               .class_id = class_id,
                               .date_of_birth = "2008-05-05",
                               .username = username};
    return ts_make_student(W.admin, &s, id, otp);
}

/* ---------------------------------------------------------------- request builders */

static sl_status record_exit(sl_client *c, const char *student, const char *left, int profile,
                             const char *destination, const char *cohort, sl_envelope **out)
{
    Stagelijn__V1__ExitRecord e = STAGELIJN__V1__EXIT_RECORD__INIT;
    e.student_id = (char *)student;
    e.left_date = (char *)left;
    e.profile = (Stagelijn__V1__ExitProfile)profile;
    e.destination = (char *)destination;
    e.cohort = (char *)(cohort ? cohort : "");
    e.advice = "continue at the ROC, level 1";
    Stagelijn__V1__RecordExitRequest rq = STAGELIJN__V1__RECORD_EXIT_REQUEST__INIT;
    rq.exit = &e;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_EXIT;
    req.record_exit = &rq;
    return ts_send(c, &req, out);
}

static sl_status log_contact(sl_client *c, const char *student, const char *date, const char *with,
                             const char *outcome, bool still, const char *partner,
                             sl_envelope **out)
{
    Stagelijn__V1__AftercareContact ac = STAGELIJN__V1__AFTERCARE_CONTACT__INIT;
    ac.student_id = (char *)student;
    ac.date = (char *)date;
    ac.with_whom = (char *)with;
    ac.outcome = (char *)outcome;
    ac.still_in_destination = still;
    ac.referral_partner_id = (char *)(partner ? partner : "");
    Stagelijn__V1__LogAftercareContactRequest rq =
        STAGELIJN__V1__LOG_AFTERCARE_CONTACT_REQUEST__INIT;
    rq.contact = &ac;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOG_AFTERCARE_CONTACT;
    req.log_aftercare_contact = &rq;
    return ts_send(c, &req, out);
}

static sl_status get_aftercare(sl_client *c, const char *student, sl_envelope **out)
{
    Stagelijn__V1__GetAftercareRequest rq = STAGELIJN__V1__GET_AFTERCARE_REQUEST__INIT;
    rq.student_id = (char *)student;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_AFTERCARE;
    req.get_aftercare = &rq;
    return ts_send(c, &req, out);
}

static sl_status create_partner(sl_client *c, const char *name, const char *kind, sl_envelope **out)
{
    Stagelijn__V1__Partner p = STAGELIJN__V1__PARTNER__INIT;
    p.name = (char *)name;
    p.kind = (char *)kind;
    p.contact = "030-1234567";
    Stagelijn__V1__CreatePartnerRequest rq = STAGELIJN__V1__CREATE_PARTNER_REQUEST__INIT;
    rq.partner = &p;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_PARTNER;
    req.create_partner = &rq;
    return ts_send(c, &req, out);
}

static sl_status list_partners(sl_client *c, sl_envelope **out)
{
    Stagelijn__V1__ListPartnersRequest rq = STAGELIJN__V1__LIST_PARTNERS_REQUEST__INIT;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_PARTNERS;
    req.list_partners = &rq;
    return ts_send(c, &req, out);
}

static sl_status outflow(sl_client *c, const char *cohort, sl_envelope **out)
{
    Stagelijn__V1__OutflowReportRequest rq = STAGELIJN__V1__OUTFLOW_REPORT_REQUEST__INIT;
    rq.cohort = (char *)cohort;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_OUTFLOW_REPORT;
    req.outflow_report = &rq;
    return ts_send(c, &req, out);
}

/* The school year (August to July) containing a date, as the server derives it. */
static void cohort_of(const char *ymd, char out[32])
{
    int y = atoi(ymd), m = atoi(ymd + 5);
    int start = m >= 8 ? y : y - 1;
    snprintf(out, 32, "%04d-%04d", start, start + 1);
}

/* ---------------------------------------------------------------- setup */

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&W.ts, NULL))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char coach[37], sc[37], ma[37], mb[37], sa[37], otp[64];
    const ts_company_spec company_a = {.name = "Company A", .places = 3, .supervision_capacity = 3};
    if (!W.admin || !ts_make_company(W.admin, &company_a, W.company_a))
        return -1;
    if (!ts_create_user(W.admin, "coach", 2, NULL, coach) ||
        !ts_create_user(W.admin, "sc", 3, NULL, sc) ||
        !ts_create_user(W.admin, "mentor-a", 4, NULL, ma) ||
        !ts_create_user(W.admin, "mentor-b", 4, NULL, mb) ||
        !ts_create_user(W.admin, "sup-a", 5, W.company_a, sa) ||
        !ts_make_class(W.admin, "A", 4, ma, W.class_a) ||
        !ts_make_class(W.admin, "B", 4, mb, W.class_b) ||
        !make_student("Anna", W.class_a, "anna", W.anna, otp))
        return -1;
    W.stud = ts_student_login(&W.ts, "anna", otp);
    if (!make_student("Bob", W.class_b, NULL, W.bob, NULL) ||
        !make_student("Cora", W.class_a, NULL, W.cora, NULL) ||
        !make_student("Olaf", W.class_a, NULL, W.old, NULL) ||
        !make_student("Nina", W.class_a, NULL, W.none, NULL) ||
        !make_student("Oa", W.class_a, NULL, W.out_a, NULL) ||
        !make_student("Ob", W.class_b, NULL, W.out_b, NULL) ||
        !make_student("Oc", W.class_a, NULL, W.out_c, NULL) ||
        !make_student("Od", W.class_b, NULL, W.out_d, NULL))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    W.sc = ts_login(&W.ts, "sc", TS_PASSWORD);
    W.mentor_a = ts_login(&W.ts, "mentor-a", TS_PASSWORD);
    W.mentor_b = ts_login(&W.ts, "mentor-b", TS_PASSWORD);
    W.sup_a = ts_login(&W.ts, "sup-a", TS_PASSWORD);
    return W.coach && W.sc && W.mentor_a && W.mentor_b && W.sup_a && W.stud ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *all[] = {W.admin, W.coach, W.sc, W.mentor_a, W.mentor_b, W.sup_a, W.stud};
    return ts_teardown(&W.ts, all, sizeof all / sizeof all[0]);
}

/* ---------------------------------------------------------------- partners */

static void test_partners(void **state)
{
    (void)state;
    sl_envelope *rep = NULL;
    assert_int_equal(create_partner(W.coach, "Gemeente Utrecht", "municipality", &rep), SL_OK);
    snprintf(W.partner, 37, "%s", rep->partner->id);
    assert_string_equal(rep->partner->kind, "municipality");
    sl_envelope_free(rep);

    /* The real client creates one and lists them. */
    char out[8192];
    const char *args[] = {"partner", "create",    "--name", "Werkplein Zuid",
                          "--kind",  "work_desk", NULL};
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn", "sc", TS_PASSWORD, args, out, sizeof out), 0);
    assert_non_null(strstr(out, "Werkplein Zuid"));
    const char *largs[] = {"partner", "list", NULL};
    assert_int_equal(
        ts_run_cli(&W.ts, "stagelijn", "mentor-a", TS_PASSWORD, largs, out, sizeof out), 0);
    assert_non_null(strstr(out, "Gemeente Utrecht"));
    assert_non_null(strstr(out, "Werkplein Zuid"));

    long partners = ts_count_rows(&W.ts, "partners"), audit = ts_count_rows(&W.ts, "audit");
    assert_int_equal(partners, 2);
    /* The name is unique; the kind comes from a fixed list; the name is required. */
    assert_int_equal(create_partner(W.coach, "Gemeente Utrecht", "municipality", NULL), SL_EEXISTS);
    assert_int_equal(create_partner(W.coach, "Iets", "church", NULL), SL_EINVAL);
    assert_int_equal(create_partner(W.coach, "", "mbo", NULL), SL_EINVAL);
    char *longname = malloc(20000);
    memset(longname, 'x', 19999);
    longname[19999] = '\0';
    assert_int_equal(create_partner(W.coach, longname, "mbo", NULL), SL_EINVAL);
    free(longname);
    /* Roles: a mentor, a supervisor and a student may not manage partners. */
    assert_int_equal(create_partner(W.mentor_a, "ROC Midden", "mbo", NULL), SL_EPERM);
    assert_int_equal(create_partner(W.sup_a, "ROC Midden", "mbo", NULL), SL_EPERM);
    assert_int_equal(create_partner(W.stud, "ROC Midden", "mbo", NULL), SL_EPERM);
    assert_int_equal(ts_count_rows(&W.ts, "partners"), partners);
    assert_int_equal(ts_count_rows(&W.ts, "audit"), audit);

    assert_int_equal(list_partners(W.mentor_a, &rep), SL_OK);
    assert_int_equal(rep->list_partners_reply->n_partners, 2);
    sl_envelope_free(rep);
    assert_int_equal(list_partners(W.sup_a, NULL), SL_EPERM);
    assert_int_equal(list_partners(W.stud, NULL), SL_EPERM);
}

/* ---------------------------------------------------------------- exit */

static void test_record_exit(void **state)
{
    (void)state;
    char left[11], interview[11], cohort[32];
    ts_date(-100, left);
    ts_date(-110, interview);
    cohort_of(left, cohort);
    long audit = ts_count_rows(&W.ts, "audit"), events = ts_count_rows(&W.ts, "events");

    sl_envelope *rep = NULL;
    assert_int_equal(record_exit(W.coach, W.anna, left, STAGELIJN__V1__EXIT_PROFILE__EXIT_WORK,
                                 "Bakkerij Jansen", NULL, &rep),
                     SL_OK);
    /* The cohort is derived from the left date (school year August to July). */
    assert_string_equal(rep->exit_record->cohort, cohort);
    assert_string_equal(rep->exit_record->destination, "Bakkerij Jansen");
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "exits"), 1);
    assert_int_equal(ts_count_rows(&W.ts, "audit"), audit + 1);
    assert_int_equal(ts_count_rows(&W.ts, "events"), events + 1);

    /* Recording again replaces the record (one per student) and is audited again. */
    assert_int_equal(record_exit(W.sc, W.anna, left, STAGELIJN__V1__EXIT_PROFILE__EXIT_WORK,
                                 "Bakkerij De Korenaar", cohort, &rep),
                     SL_OK);
    assert_string_equal(rep->exit_record->destination, "Bakkerij De Korenaar");
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "exits"), 1);
    assert_int_equal(ts_count_rows(&W.ts, "audit"), audit + 2);

    /* The real client, with the final interview and sheltered work. */
    char out[8192];
    const char *args[] = {"exit",
                          "record",
                          "--student",
                          W.bob,
                          "--left",
                          left,
                          "--interview",
                          interview,
                          "--profile",
                          "work",
                          "--sheltered",
                          "--destination",
                          "Sociaal werkbedrijf, Utrecht",
                          NULL};
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn", "coach", TS_PASSWORD, args, out, sizeof out),
                     0);
    assert_non_null(strstr(out, "\"sheltered\":true"));
    assert_non_null(strstr(out, cohort));
    assert_int_equal(ts_count_rows(&W.ts, "exits"), 2);

    /* Refusals write nothing. */
    audit = ts_count_rows(&W.ts, "audit");
    events = ts_count_rows(&W.ts, "events");
    assert_int_equal(record_exit(W.coach, W.cora, left, 0, "x", NULL, NULL), SL_EINVAL);
    assert_int_equal(record_exit(W.coach, W.cora, left, 9, "x", NULL, NULL), SL_EINVAL);
    assert_int_equal(record_exit(W.coach, W.cora, "2026-02-30", 1, "x", NULL, NULL), SL_EINVAL);
    assert_int_equal(record_exit(W.coach, W.cora, "", 1, "x", NULL, NULL), SL_EINVAL);
    assert_int_equal(record_exit(W.coach, W.cora, left, 1, "x", "2025/2026", NULL), SL_EINVAL);
    assert_int_equal(record_exit(W.coach, W.cora, left, 1, "x", "1990-1991", NULL), SL_EINVAL);
    assert_int_equal(record_exit(W.coach, "not-an-id", left, 1, "x", NULL, NULL), SL_EINVAL);
    assert_int_equal(
        record_exit(W.coach, "00000000-0000-4000-8000-000000000000", left, 1, "x", NULL, NULL),
        SL_ENOTFOUND);
    {
        /* Sheltered belongs to work; the final interview comes before leaving. */
        Stagelijn__V1__ExitRecord e = STAGELIJN__V1__EXIT_RECORD__INIT;
        e.student_id = W.cora;
        e.left_date = left;
        e.profile = STAGELIJN__V1__EXIT_PROFILE__EXIT_LEARNING;
        e.sheltered = true;
        Stagelijn__V1__RecordExitRequest rq = STAGELIJN__V1__RECORD_EXIT_REQUEST__INIT;
        rq.exit = &e;
        ENV(req);
        req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_EXIT;
        req.record_exit = &rq;
        assert_true(ts_expect(W.coach, &req, SL_EINVAL));
        e.sheltered = false;
        char after[11];
        ts_date(-90, after);
        e.final_interview_date = after;
        assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    }
    /* Roles: the exit is recorded by the coaches, not by admin, mentor, supervisor or student. */
    assert_int_equal(record_exit(W.admin, W.cora, left, 1, "x", NULL, NULL), SL_EPERM);
    assert_int_equal(record_exit(W.mentor_a, W.cora, left, 1, "x", NULL, NULL), SL_EPERM);
    assert_int_equal(record_exit(W.sup_a, W.cora, left, 1, "x", NULL, NULL), SL_EPERM);
    assert_int_equal(record_exit(W.stud, W.anna, left, 1, "x", NULL, NULL), SL_EPERM);
    assert_int_equal(ts_count_rows(&W.ts, "exits"), 2);
    assert_int_equal(ts_count_rows(&W.ts, "audit"), audit);
    assert_int_equal(ts_count_rows(&W.ts, "events"), events);
}

/* ---------------------------------------------------------------- aftercare contacts */

static void test_log_aftercare(void **state)
{
    (void)state;
    char day[11], left_old[11], today[11], tomorrow[11], before_left[11];
    ts_date(-10, day);
    ts_date(0, today);
    ts_date(1, tomorrow);
    ts_date(-101, before_left); /* anna left 100 days ago */
    ts_date(-(3 * 365), left_old);
    assert_int_equal(record_exit(W.coach, W.old, left_old, 1, "Zorgboerderij", NULL, NULL), SL_OK);

    sl_envelope *rep = NULL;
    assert_int_equal(log_contact(W.coach, W.anna, day, "employer", "doing well, extra day", true,
                                 W.partner, &rep),
                     SL_OK);
    assert_string_equal(rep->aftercare_contact->referral_partner_id, W.partner);
    assert_true(rep->aftercare_contact->still_in_destination);
    sl_envelope_free(rep);

    /* The real client logs one for the former student. */
    char out[8192];
    const char *args[] = {"aftercare",
                          "log",
                          "--student",
                          W.anna,
                          "--date",
                          today,
                          "--with",
                          "former_student",
                          "--outcome",
                          "happy at work",
                          "--still-in-destination",
                          NULL};
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn", "sc", TS_PASSWORD, args, out, sizeof out), 0);
    assert_non_null(strstr(out, "former_student"));
    assert_int_equal(ts_count_rows(&W.ts, "aftercare_contacts"), 2);

    long contacts = ts_count_rows(&W.ts, "aftercare_contacts");
    long audit = ts_count_rows(&W.ts, "audit");
    /* No exit recorded: aftercare has not started. */
    assert_int_equal(log_contact(W.coach, W.none, day, "employer", "x", true, NULL, &rep),
                     SL_EPRECOND);
    assert_true(ts_has_rule(rep, "AFTERCARE_NOT_ACTIVE"));
    sl_envelope_free(rep);
    /* Left three years ago: the two years of aftercare are over. */
    assert_int_equal(log_contact(W.coach, W.old, day, "employer", "x", true, NULL, &rep),
                     SL_EPRECOND);
    assert_true(ts_has_rule(rep, "AFTERCARE_NOT_ACTIVE"));
    sl_envelope_free(rep);
    /* Bad input. */
    /* Dates of facts (factdate.c): DATE_IN_FUTURE, DATE_BEFORE_EXIT. */
    assert_int_equal(log_contact(W.coach, W.anna, tomorrow, "employer", "x", true, NULL, NULL),
                     SL_EPRECOND);
    assert_int_equal(log_contact(W.coach, W.anna, before_left, "employer", "x", true, NULL, NULL),
                     SL_EPRECOND);
    assert_int_equal(log_contact(W.coach, W.anna, "2026-13-01", "employer", "x", true, NULL, NULL),
                     SL_EINVAL);
    assert_int_equal(log_contact(W.coach, W.anna, day, "neighbour", "x", true, NULL, NULL),
                     SL_EINVAL);
    assert_int_equal(log_contact(W.coach, W.anna, day, "employer", "", true, NULL, NULL),
                     SL_EINVAL);
    assert_int_equal(log_contact(W.coach, W.anna, day, "employer", "x", true, "bad-id", NULL),
                     SL_EINVAL);
    assert_int_equal(log_contact(W.coach, W.anna, day, "employer", "x", true,
                                 "00000000-0000-4000-8000-000000000000", NULL),
                     SL_ENOTFOUND);
    /* Roles. */
    assert_int_equal(log_contact(W.admin, W.anna, day, "employer", "x", true, NULL, NULL),
                     SL_EPERM);
    assert_int_equal(log_contact(W.mentor_a, W.anna, day, "employer", "x", true, NULL, NULL),
                     SL_EPERM);
    assert_int_equal(log_contact(W.sup_a, W.anna, day, "employer", "x", true, NULL, NULL),
                     SL_EPERM);
    assert_int_equal(log_contact(W.stud, W.anna, day, "employer", "x", true, NULL, NULL), SL_EPERM);
    assert_int_equal(ts_count_rows(&W.ts, "aftercare_contacts"), contacts);
    assert_int_equal(ts_count_rows(&W.ts, "audit"), audit);
}

static void test_get_aftercare(void **state)
{
    (void)state;
    /* Anna left 100 days ago and was contacted in this 4-month slot: nothing due. */
    sl_envelope *rep = NULL;
    assert_int_equal(get_aftercare(W.coach, W.anna, &rep), SL_OK);
    Stagelijn__V1__AftercareStatus *s = rep->aftercare_status;
    assert_true(s->active);
    assert_false(s->contact_due);
    assert_int_equal(s->missed_slots, 0);
    assert_int_equal(s->n_contacts, 2);
    sl_envelope_free(rep);

    /* Cora left 200 days ago without any contact: the first slot was missed and the second
     * slot's contact is due. */
    char left[11];
    ts_date(-200, left);
    assert_int_equal(record_exit(W.coach, W.cora, left, 3, "ROC Midden", NULL, NULL), SL_OK);
    assert_int_equal(get_aftercare(W.mentor_a, W.cora, &rep), SL_OK);
    s = rep->aftercare_status;
    assert_true(s->active);
    assert_true(s->contact_due);
    assert_int_equal(s->missed_slots, 1);
    assert_int_equal(strlen(s->due_by), 10);
    sl_envelope_free(rep);

    /* After two years: not active. Without an exit: not active, no contacts. */
    assert_int_equal(get_aftercare(W.coach, W.old, &rep), SL_OK);
    assert_false(rep->aftercare_status->active);
    sl_envelope_free(rep);
    assert_int_equal(get_aftercare(W.coach, W.none, &rep), SL_OK);
    assert_false(rep->aftercare_status->active);
    assert_int_equal(rep->aftercare_status->n_contacts, 0);
    sl_envelope_free(rep);

    /* The real client. */
    char out[8192];
    const char *args[] = {"aftercare", "show", "--student", W.anna, NULL};
    assert_int_equal(
        ts_run_cli(&W.ts, "stagelijn", "admin", TS_ADMIN_PASSWORD, args, out, sizeof out), 0);
    assert_non_null(strstr(out, "\"active\":true"));
    assert_non_null(strstr(out, "happy at work"));

    /* Roles: the mentor of another class, a supervisor and the student are refused. */
    assert_int_equal(get_aftercare(W.mentor_b, W.anna, NULL), SL_EPERM);
    assert_int_equal(get_aftercare(W.sup_a, W.anna, NULL), SL_EPERM);
    assert_int_equal(get_aftercare(W.stud, W.anna, NULL), SL_EPERM);
    assert_int_equal(get_aftercare(W.coach, "nope", NULL), SL_EINVAL);
}

/* ---------------------------------------------------------------- outflow */

static void test_outflow_report(void **state)
{
    (void)state;
    /* Everyone leaves on 1 July of last year: the cohort is the school year ending then, the
     * reference date 1 November after, and the follow-up is still running today. */
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    int y = tm.tm_year + 1900;
    char left[32], cohort[32], ref[32], before_ref[32], after_ref[32];
    snprintf(left, sizeof left, "%04d-07-01", y - 1);
    snprintf(cohort, sizeof cohort, "%04d-%04d", y - 2, y - 1);
    snprintf(ref, sizeof ref, "%04d-11-01", y - 1);
    snprintf(before_ref, sizeof before_ref, "%04d-07-11", y - 1);
    snprintf(after_ref, sizeof after_ref, "%04d-11-11", y - 1);

    assert_int_equal(record_exit(W.coach, W.out_a, left, STAGELIJN__V1__EXIT_PROFILE__EXIT_WORK,
                                 "Bakkerij Jansen, Utrecht", NULL, NULL),
                     SL_OK);
    assert_int_equal(record_exit(W.coach, W.out_b, left, STAGELIJN__V1__EXIT_PROFILE__EXIT_LEARNING,
                                 "ROC \"Midden\"", NULL, NULL),
                     SL_OK);
    assert_int_equal(record_exit(W.coach, W.out_c, left, STAGELIJN__V1__EXIT_PROFILE__EXIT_DAY_CARE,
                                 "Zorgboerderij", NULL, NULL),
                     SL_OK);
    assert_int_equal(
        record_exit(W.coach, W.out_d, left, STAGELIJN__V1__EXIT_PROFILE__EXIT_WORK, "", NULL, NULL),
        SL_OK);
    /* A: still at the bakery after the reference date. B: left the ROC before 1 November.
     * C: no contact (lasting unknown). D: no destination. */
    assert_int_equal(log_contact(W.coach, W.out_a, after_ref, "employer", "fine", true, NULL, NULL),
                     SL_OK);
    assert_int_equal(
        log_contact(W.coach, W.out_b, before_ref, "follow_up_school", "stopped", false, NULL, NULL),
        SL_OK);

    sl_envelope *rep = NULL;
    assert_int_equal(outflow(W.sc, cohort, &rep), SL_OK);
    Stagelijn__V1__OutflowReport *o = rep->outflow;
    assert_string_equal(o->reference_date, ref);
    assert_int_equal(o->leavers, 4);
    assert_int_equal(o->placed, 2);
    assert_int_equal(o->lasted, 1);
    assert_true(o->placed_pct > 49.9 && o->placed_pct < 50.1);
    assert_true(o->lasted_pct > 49.9 && o->lasted_pct < 50.1);
    assert_false(o->placed_norm_met);
    assert_false(o->lasted_norm_met);
    for (size_t i = 0; i < o->n_rows; i++) {
        const Stagelijn__V1__OutflowRow *row = o->rows[i];
        bool a = !strcmp(row->student_id, W.out_a), c = !strcmp(row->student_id, W.out_c);
        assert_int_equal(row->placed_on_reference_date, a || c);
        assert_int_equal(row->lasted_year_1, a);
    }
    /* The rows carry each leaver's dates; the CSV is the client's (below), not the server's. */
    assert_string_equal(o->csv, "");
    for (size_t i = 0; i < o->n_rows; i++) {
        assert_int_equal(strlen(o->rows[i]->left_on), 10);
        assert_int_equal(strlen(o->rows[i]->reference_date), 10);
        assert_string_equal(o->rows[i]->reference_date + 4, "-11-01");
    }
    sl_envelope_free(rep);

    /* An empty cohort is a report with no rows, not an error. */
    assert_int_equal(outflow(W.coach, "2001-2002", &rep), SL_OK);
    assert_int_equal(rep->outflow->leavers, 0);
    assert_false(rep->outflow->placed_norm_met);
    sl_envelope_free(rep);

    /* The real client writes the CSV to a file. */
    char out[16384], file[400];
    snprintf(file, sizeof file, "%s/outflow.csv", W.ts.dir);
    const char *args[] = {"outflow", "report", "--cohort", cohort, "--csv", file, NULL};
    assert_int_equal(
        ts_run_cli(&W.ts, "stagelijn", "admin", TS_ADMIN_PASSWORD, args, out, sizeof out), 0);
    assert_non_null(strstr(out, "\"leavers\":4"));
    FILE *f = fopen(file, "rb");
    assert_non_null(f);
    char csv[4096];
    size_t n = fread(csv, 1, sizeof csv - 1, f);
    fclose(f);
    csv[n] = '\0';
    assert_true(strncmp(csv,
                        "student_id,student_name,profile,destination,cohort,left_date,"
                        "reference_date,placed,",
                        83) == 0);
    assert_non_null(strstr(csv, "\"Bakkerij Jansen, Utrecht\""));
    assert_non_null(strstr(csv, "\"ROC \"\"Midden\"\"\""));

    /* Refusals. */
    assert_int_equal(outflow(W.coach, "2025", NULL), SL_EINVAL);
    assert_int_equal(outflow(W.coach, "2025-2027", NULL), SL_EINVAL);
    assert_int_equal(outflow(W.mentor_a, cohort, NULL), SL_EPERM);
    assert_int_equal(outflow(W.sup_a, cohort, NULL), SL_EPERM);
    assert_int_equal(outflow(W.stud, cohort, NULL), SL_EPERM);
}

int main(void)
{
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_partners),       cmocka_unit_test(test_record_exit),
        cmocka_unit_test(test_log_aftercare),  cmocka_unit_test(test_get_aftercare),
        cmocka_unit_test(test_outflow_report),
    };
    return cmocka_run_group_tests_name("integration_aftercare", tests, setup, teardown);
}
