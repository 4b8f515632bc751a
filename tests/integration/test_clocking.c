/* Clocking on the company's kiosk and the hours behind it: clock in and out (the intern on a
 * kiosk of the company, a supervisor for his/her intern), each defined outcome (clock-out
 * without clock-in, a second clock-in, a shift over midnight, the changes to and from summer
 * time, a day the placement does not cover, another company's kiosk or intern), retries with
 * the same submission id, the working-time law over two placements (a breach stored on the
 * week, an event for the coach), a week signed only when complete and changed afterwards only
 * by a correction with a reason, absence, the hour totals, and the kiosk's commands. The
 * server's clock is set to Wednesday 28 October 2026 at noon (Europe/Amsterdam). */
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
#include "timeutil.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT

#define TODAY "2026-10-28" /* a Wednesday */
#define START "2026-09-07"
#define END "2027-06-25"

static struct {
    test_server ts;
    sl_client *admin, *coach, *mentor, *sup_a, *sup_b;
    char klass[37], entree_class[37], company_a[37], company_b[37], sup_a_id[37], sup_b_id[37];
    /* Anna: placements at A and B; Bram: B only; Cas: B now and A later; Dirk: A later;
     * Eva: Entree at A; Finn: A (for the timing loop). */
    char anna[37], bram[37], cas[37], dirk[37], eva[37], finn[37];
    char anna_a[37], anna_b[37], bram_b[37], eva_a[37], finn_a[37];
    char cert_a[300], key_a[300], cert_b[300], key_b[300];
    char out[16384];
} W;

/* ---------------------------------------------------------------- fixtures */

static bool activate(const char *placement, bool minor)
{
    const int parties[] = {STAGELIJN__V1__SIGNATURE_PARTY__PARTY_SCHOOL,
                           STAGELIJN__V1__SIGNATURE_PARTY__PARTY_COMPANY,
                           STAGELIJN__V1__SIGNATURE_PARTY__PARTY_STUDENT,
                           STAGELIJN__V1__SIGNATURE_PARTY__PARTY_PARENT};
    if (!ts_save_contract(W.coach, placement))
        return false;
    for (int i = 0; i < (minor ? 4 : 3); i++)
        if (!ts_sign_contract(W.coach, placement, parties[i], TODAY, SL_OK))
            return false;
    return ts_set_placement_status(W.coach, placement,
                                   STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE, SL_OK, NULL);
}

/* A placement of the student at company a or b: n_days from `first` weekday, 09:00-13:00. */
static bool place(const char *student, char company, int kind, const char *start, const char *end,
                  int first, int n_days, bool active, char id[37])
{
    const ts_placement_spec p = {.student_id = student,
                                 .company_id = company == 'a' ? W.company_a : W.company_b,
                                 .supervisor_id = company == 'a' ? W.sup_a_id : W.sup_b_id,
                                 .kind = kind,
                                 .start_date = start,
                                 .end_date = end,
                                 .sector = 3,
                                 .first_weekday = first,
                                 .n_days = n_days,
                                 .day_start = "09:00",
                                 .day_end = "13:00",
                                 .break_minutes = 15};
    return ts_make_placement(W.coach, &p, SL_OK, id) && (!active || activate(id, true));
}

static bool student(const char *first, const char *klass, const char *user, char id[37])
{
    char otp[64];
    const ts_student_spec s = {.first_name = first,
                               .last_name = "Jansen",
                               .class_id = klass,
                               .date_of_birth = "2010-05-01", /* 16 on every date here */
                               .username = user};
    if (!ts_make_student(W.admin, &s, id, otp))
        return false;
    sl_client *c = ts_student_login(&W.ts, user, otp);
    sl_client_close(c);
    return c != NULL;
}

static bool device_cert(const char *company, const char *name, char *cert, char *key)
{
    char cmd[1400];
    snprintf(cert, 300, "%s/%s.pem", W.ts.dir, name);
    snprintf(key, 300, "%s/%s.key", W.ts.dir, name);
    snprintf(cmd, sizeof cmd,
             "%s/server/stagelijnd --data-dir %s --issue-device-cert %s --company %s "
             "--cert-out %s --key-out %s >/dev/null",
             SL_BUILD_DIR, W.ts.dir, name, company, cert, key);
    return system(cmd) == 0;
}

static bool school_year(void)
{
    Stagelijn__V1__SchoolYear y = STAGELIJN__V1__SCHOOL_YEAR__INIT;
    y.name = "2026-2027";
    y.start_date = "2026-08-24";
    y.end_date = "2027-07-16";
    Stagelijn__V1__SaveSchoolYearRequest s = STAGELIJN__V1__SAVE_SCHOOL_YEAR_REQUEST__INIT;
    s.school_year = &y;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_SCHOOL_YEAR;
    req.save_school_year = &s;
    return ts_expect(W.admin, &req, SL_OK);
}

static void login_all(void)
{
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    W.mentor = ts_login(&W.ts, "mentor", TS_PASSWORD);
    W.sup_a = ts_login(&W.ts, "sup-a", TS_PASSWORD);
    W.sup_b = ts_login(&W.ts, "sup-b", TS_PASSWORD);
}

static void close_all(void)
{
    sl_client *all[] = {W.admin, W.coach, W.mentor, W.sup_a, W.sup_b};
    for (size_t i = 0; i < 5; i++)
        sl_client_close(all[i]);
}

static int setup(void **state)
{
    (void)state;
    char config[160];
    snprintf(config, sizeof config,
             "device_listen = 127.0.0.1:0\nclock_offset_seconds = %ld\n"
             "education_hours_per_week = 60\n",
             ts_clock_offset_for(TODAY));
    if (!ts_start(&W.ts, config))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char mentor_id[37];
    const ts_company_spec a = {.name = "Bakkerij Bol", .recognised = true},
                          b = {.name = "Tuincentrum Groen"};
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, NULL) ||
        !ts_create_user(W.admin, "mentor", 4, NULL, mentor_id) ||
        !ts_make_class(W.admin, "4K", 4, mentor_id, W.klass) ||
        !ts_make_class(W.admin, "EK", 6, NULL, W.entree_class) ||
        !ts_make_company(W.admin, &a, W.company_a) || !ts_make_company(W.admin, &b, W.company_b) ||
        !ts_create_user(W.admin, "sup-a", 5, W.company_a, W.sup_a_id) ||
        !ts_create_user(W.admin, "sup-b", 5, W.company_b, W.sup_b_id) || !school_year())
        return -1;
    sl_client_close(W.admin);
    login_all();
    const int sector = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR;
    char later[37];
    if (!W.coach || !W.sup_a || !W.sup_b || !W.mentor ||
        !student("Anna", W.klass, "anna", W.anna) || !student("Bram", W.klass, "bram", W.bram) ||
        !student("Cas", W.klass, "cas", W.cas) || !student("Dirk", W.klass, "dirk", W.dirk) ||
        !student("Eva", W.entree_class, "eva", W.eva) ||
        !student("Finn", W.klass, "finn", W.finn) ||
        !place(W.anna, 'a', sector, START, END, 1, 2, true, W.anna_a) ||
        !place(W.anna, 'b', sector, START, END, 3, 2, true, W.anna_b) ||
        !place(W.bram, 'b', sector, START, END, 1, 2, true, W.bram_b) ||
        !place(W.cas, 'b', sector, START, END, 1, 2, true, later) ||
        !place(W.cas, 'a', sector, "2026-11-02", END, 3, 2, false, later) ||
        !place(W.dirk, 'a', sector, "2026-11-02", END, 1, 2, false, later) ||
        !place(W.eva, 'a', STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_ENTREE, START, END, 1, 3, true,
               W.eva_a) ||
        !place(W.finn, 'a', sector, START, END, 1, 2, true, W.finn_a) ||
        !device_cert(W.company_a, "kiosk-a", W.cert_a, W.key_a) ||
        !device_cert(W.company_b, "kiosk-b", W.cert_b, W.key_b))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *all[] = {W.admin, W.coach, W.mentor, W.sup_a, W.sup_b};
    return ts_teardown(&W.ts, all, 5);
}

/* ---------------------------------------------------------------- helpers */

/* What a helper below returns for a refusal that came as expected (the reply is freed). */
static sl_envelope refused_as_expected;
#define assert_refused(call) assert_ptr_equal((call), &refused_as_expected)

/* ts_call's verdict: the reply on SL_OK, the marker for an expected refusal, NULL otherwise. */
static sl_envelope *verdict(sl_envelope *rep, sl_status expect)
{
    if (expect == SL_OK || !rep)
        return rep;
    sl_envelope_free(rep);
    return &refused_as_expected;
}

/* A new submission id for each call that needs one. */
static const char *next_submission(void)
{
    static char buf[37];
    static unsigned n;
    snprintf(buf, sizeof buf, "5b0b7c1e-3c1a-4d2e-9f00-%012u", 0x100u + n++);
    return buf;
}

/* A client on company a's or b's kiosk, logged in as `user` (NULL when the login failed). */
static sl_client *kiosk(char company, const char *user, sl_status expect)
{
    sl_client_opts o = {.host = "127.0.0.1",
                        .port = W.ts.device_port,
                        .ca_file = W.ts.ca,
                        .cert_file = company == 'a' ? W.cert_a : W.cert_b,
                        .key_file = company == 'a' ? W.key_a : W.key_b,
                        .timeout_ms = 10000,
                        .kind = STAGELIJN__V1__CLIENT_KIND__CLIENT_KIOSK};
    sl_client *c = NULL;
    char err[512];
    assert_int_equal(sl_client_connect(&o, &c, err, sizeof err), SL_OK);
    sl_status st = sl_client_login(c, user, TS_PASSWORD, NULL, err, sizeof err);
    assert_int_equal(st, expect);
    if (st != SL_OK) {
        sl_client_close(c);
        return NULL;
    }
    return c;
}

/* Unix seconds of a local (Europe/Amsterdam) date and HH:MM. */
static int64_t local(const char *ymd, const char *hm)
{
    sl_date d;
    int minute;
    int64_t t = 0;
    assert_true(sl_date_parse(ymd, &d));
    assert_true(sl_clock_parse(hm, &minute));
    assert_true(sl_local_to_unix(d, minute, &t));
    return t;
}

/* ClockIn (in = true) or ClockOut for `student` at `at` (0: now), with submission id `sub`
 * (NULL: none); the status must be `expect`; returns the reply on SL_OK. */
static sl_envelope *clocking(sl_client *c, bool in, const char *student, int64_t at,
                             const char *sub, sl_status expect)
{
    Stagelijn__V1__ClockInRequest ci = STAGELIJN__V1__CLOCK_IN_REQUEST__INIT;
    Stagelijn__V1__ClockOutRequest co = STAGELIJN__V1__CLOCK_OUT_REQUEST__INIT;
    ENV(req);
    req.submission_id = (char *)(sub ? sub : "");
    if (in) {
        ci.student_id = (char *)student;
        ci.at = at;
        req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CLOCK_IN;
        req.clock_in = &ci;
    } else {
        co.student_id = (char *)student;
        co.at = at;
        req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CLOCK_OUT;
        req.clock_out = &co;
    }
    return verdict(ts_call(c, &req, expect), expect);
}

static void shift(sl_client *c, const char *student, const char *day, const char *from,
                  const char *day_out, const char *to, uint32_t minutes)
{
    sl_envelope *rep = clocking(c, true, student, local(day, from), NULL, SL_OK);
    assert_non_null(rep);
    sl_envelope_free(rep);
    rep = clocking(c, false, student, local(day_out, to), NULL, SL_OK);
    assert_non_null(rep);
    assert_string_equal(rep->clock_record->date, day);
    assert_int_equal(rep->clock_record->minutes, minutes);
    sl_envelope_free(rep);
}

static sl_envelope *week(sl_client *c, const char *student, const char *date, const char *placement,
                         sl_status expect)
{
    Stagelijn__V1__GetWeekHoursRequest g = STAGELIJN__V1__GET_WEEK_HOURS_REQUEST__INIT;
    g.student_id = (char *)student;
    g.date = (char *)date;
    g.placement_id = (char *)(placement ? placement : "");
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_WEEK_HOURS;
    req.get_week_hours = &g;
    return verdict(ts_call(c, &req, expect), expect);
}

static const Stagelijn__V1__WeekDayHours *day_of(const sl_envelope *rep, const char *date)
{
    for (size_t i = 0; i < rep->week_hours->n_days; i++)
        if (strcmp(rep->week_hours->days[i]->date, date) == 0)
            return rep->week_hours->days[i];
    fail_msg("no day %s", date);
    return NULL;
}

/* ---------------------------------------------------------------- clock in and out */

/* The intern on the kiosk: in, a second in refused, out; the day's hours follow. */
static void test_clock_in_and_out(void **state)
{
    (void)state;
    sl_client *k = kiosk('a', "anna", SL_OK);
    sl_envelope *rep = clocking(k, true, W.anna, local("2026-10-26", "08:00"), NULL, SL_OK);
    assert_non_null(rep);
    assert_string_equal(rep->clock_record->student_name, "Anna Jansen");
    assert_string_equal(rep->clock_record->date, "2026-10-26");
    assert_string_equal(rep->clock_record->placement_id, W.anna_a);
    assert_string_equal(rep->clock_record->device_company_id, W.company_a);
    assert_int_equal(rep->clock_record->clock_in_minute, 8 * 60);
    assert_int_equal(rep->clock_record->clock_out_at, 0);
    assert_int_equal(rep->clock_record->source, STAGELIJN__V1__CLOCK_SOURCE__CLOCK_SOURCE_KIOSK);
    sl_envelope_free(rep);
    /* A second clock-in while the first is open: ALREADY_EXISTS, nothing recorded. */
    long rows = ts_count_rows(&W.ts, "clock_records");
    assert_refused(clocking(k, true, W.anna, local("2026-10-26", "08:05"), NULL, SL_EEXISTS));
    assert_int_equal(ts_count_rows(&W.ts, "clock_records"), rows);
    /* Out before in is refused. */
    assert_refused(clocking(k, false, W.anna, local("2026-10-26", "07:00"), NULL, SL_EINVAL));
    rep = clocking(k, false, W.anna, local("2026-10-26", "12:30"), NULL, SL_OK);
    assert_non_null(rep);
    assert_int_equal(rep->clock_record->minutes, 270);
    assert_int_equal(rep->clock_record->clock_out_minute, 12 * 60 + 30);
    assert_false(rep->clock_record->overnight);
    sl_envelope_free(rep);
    sl_client_close(k);

    /* The supervisor sees the day's hours from the clocking. */
    rep = week(W.sup_a, W.anna, "2026-10-28", NULL, SL_OK);
    assert_non_null(rep);
    assert_string_equal(rep->week_hours->week_start, "2026-10-26");
    assert_string_equal(rep->week_hours->placement_id, W.anna_a);
    assert_string_equal(rep->week_hours->company_name, "Bakkerij Bol");
    const Stagelijn__V1__WeekDayHours *d = day_of(rep, "2026-10-26");
    assert_true(d->internship_day);
    assert_true(d->clocked);
    assert_int_equal(d->minutes, 270);
    assert_int_equal(d->n_clock, 1);
    /* Tuesday is an internship day without hours: the week is not complete. */
    assert_false(rep->week_hours->complete);
    sl_envelope_free(rep);
}

static void test_clock_out_without_clock_in(void **state)
{
    (void)state;
    sl_client *k = kiosk('b', "bram", SL_OK);
    long rows = ts_count_rows(&W.ts, "clock_records");
    sl_envelope *rep = NULL;
    Stagelijn__V1__ClockOutRequest co = STAGELIJN__V1__CLOCK_OUT_REQUEST__INIT;
    co.student_id = W.bram;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CLOCK_OUT;
    req.clock_out = &co;
    assert_int_equal(ts_send(k, &req, &rep), SL_EPRECOND);
    assert_string_equal(rep->error->message_code, "clock_not_in");
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "clock_records"), rows);
    sl_client_close(k);
}

/* A shift over midnight belongs to the day it began. */
static void test_shift_over_midnight(void **state)
{
    (void)state;
    sl_envelope *rep = clocking(W.sup_b, true, W.bram, local("2026-10-27", "22:00"), NULL, SL_OK);
    sl_envelope_free(rep);
    rep = clocking(W.sup_b, false, W.bram, local("2026-10-28", "02:00"), NULL, SL_OK);
    assert_non_null(rep);
    assert_string_equal(rep->clock_record->date, "2026-10-27");
    assert_true(rep->clock_record->overnight);
    assert_int_equal(rep->clock_record->minutes, 240);
    assert_string_equal(rep->clock_record->device_company_id, ""); /* not on a kiosk */
    sl_envelope_free(rep);
    rep = week(W.sup_b, W.bram, "2026-10-27", NULL, SL_OK);
    assert_int_equal(day_of(rep, "2026-10-27")->minutes, 240);
    assert_int_equal(day_of(rep, "2026-10-28")->minutes, 0);
    sl_envelope_free(rep);
}

/* The night summer time ends (25 October 2026, 03:00 CEST becomes 02:00 CET): 22:00 to 03:00
 * on the clock is six hours worked. */
static void test_summer_time_ends(void **state)
{
    (void)state;
    shift(W.sup_b, W.bram, "2026-10-24", "22:00", "2026-10-25", "03:00", 360);
    /* The hour that happens twice is read as its first time (summer time). */
    assert_int_equal(local("2026-10-25", "02:30"), local("2026-10-25", "01:30") + 3600);
}

/* A day the placement does not cover, and a kiosk of a company the student does not work for
 * that day. */
static void test_day_not_covered_and_other_device(void **state)
{
    (void)state;
    /* Dirk's placement at A starts on 2 November. */
    sl_client *k = kiosk('a', "dirk", SL_OK);
    sl_envelope *rep = NULL;
    Stagelijn__V1__ClockInRequest ci = STAGELIJN__V1__CLOCK_IN_REQUEST__INIT;
    ci.student_id = W.dirk;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CLOCK_IN;
    req.clock_in = &ci;
    assert_int_equal(ts_send(k, &req, &rep), SL_EPRECOND);
    assert_string_equal(rep->error->message_code, "clock_day_not_covered");
    sl_envelope_free(rep);
    sl_client_close(k);
    assert_refused(clocking(W.sup_a, true, W.dirk, 0, NULL, SL_EPRECOND));
    /* Cas works at B now (his placement at A starts later): A's kiosk is not where he
     * works today, nor is A's supervisor the one to clock him in. */
    k = kiosk('a', "cas", SL_OK);
    ci.student_id = W.cas;
    assert_int_equal(ts_send(k, &req, &rep), SL_EPERM);
    assert_string_equal(rep->error->message_code, "clock_other_company");
    sl_envelope_free(rep);
    sl_client_close(k);
    assert_refused(clocking(W.sup_a, true, W.cas, 0, NULL, SL_EPERM));
    /* A student placed only at B cannot use A's kiosk at all. */
    assert_null(kiosk('a', "bram", SL_EPERM));
    assert_int_equal(ts_count_rows(&W.ts, "clock_records WHERE student_id IN (SELECT id FROM "
                                          "students WHERE first_name IN ('Cas', 'Dirk'))"),
                     0);
}

/* A supervisor clocks only his/her own company's interns; an intern only him/herself, and
 * only on a kiosk. */
static void test_other_company_intern(void **state)
{
    (void)state;
    assert_refused(clocking(W.sup_a, true, W.bram, 0, NULL, SL_EPERM));
    sl_client *k = kiosk('b', "bram", SL_OK);
    assert_refused(clocking(k, true, W.anna, 0, NULL, SL_EPERM));
    sl_client_close(k);
    sl_client *ws = ts_login(&W.ts, "bram", TS_PASSWORD);
    sl_envelope *rep = NULL;
    Stagelijn__V1__ClockInRequest ci = STAGELIJN__V1__CLOCK_IN_REQUEST__INIT;
    ci.student_id = W.bram;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CLOCK_IN;
    req.clock_in = &ci;
    assert_int_equal(ts_send(ws, &req, &rep), SL_EPERM);
    assert_string_equal(rep->error->message_code, "clock_on_kiosk");
    sl_envelope_free(rep);
    sl_client_close(ws);
}

/* The same submission id twice: the first outcome again, one record. */
static void test_same_submission_twice(void **state)
{
    (void)state;
    const char *sub_in = "5b0b7c1e-3c1a-4d2e-9f00-000000000001";
    const char *sub_out = "5b0b7c1e-3c1a-4d2e-9f00-000000000002";
    sl_client *k = kiosk('b', "bram", SL_OK);
    long rows = ts_count_rows(&W.ts, "clock_records");
    sl_envelope *a = clocking(k, true, W.bram, local("2026-10-26", "09:00"), sub_in, SL_OK);
    sl_envelope *b = clocking(k, true, W.bram, local("2026-10-26", "09:00"), sub_in, SL_OK);
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a->clock_record->id, b->clock_record->id);
    assert_int_equal(ts_count_rows(&W.ts, "clock_records"), rows + 1);
    sl_envelope_free(a);
    sl_envelope_free(b);
    a = clocking(k, false, W.bram, local("2026-10-26", "13:00"), sub_out, SL_OK);
    /* Sent again after the connection dropped: the same outcome on a new connection. */
    sl_client_close(k);
    k = kiosk('b', "bram", SL_OK);
    b = clocking(k, false, W.bram, local("2026-10-26", "13:00"), sub_out, SL_OK);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(a->clock_record->minutes, 240);
    assert_int_equal(b->clock_record->minutes, 240);
    assert_int_equal(ts_count_rows(&W.ts, "clock_records"), rows + 1);
    assert_int_equal(ts_count_rows(&W.ts, "audit WHERE operation = 'clock.out'"),
                     ts_count_rows(&W.ts, "clock_records WHERE clock_out_at IS NOT NULL AND "
                                          "source = 1"));
    sl_envelope_free(a);
    sl_envelope_free(b);
    sl_client_close(k);
}

/* 4:30 at A in the morning and 4:45 at B in the afternoon: each placement keeps the law, the
 * day does not (16-year-olds work at most 9 hours a day). */
static void test_breach_over_two_placements(void **state)
{
    (void)state;
    long events = ts_count_rows(&W.ts, "events WHERE topic = 'working_time_breach'");
    sl_client *ka = kiosk('a', "anna", SL_OK), *kb = kiosk('b', "anna", SL_OK);
    long breaches = ts_count_rows(&W.ts, "week_law_breaches");
    shift(ka, W.anna, "2026-10-27", "06:00", "2026-10-27", "10:30", 270);
    assert_int_equal(ts_count_rows(&W.ts, "week_law_breaches"), breaches);
    shift(kb, W.anna, "2026-10-27", "11:00", "2026-10-27", "15:45", 285);
    sl_client_close(ka);
    sl_client_close(kb);
    assert_int_equal(ts_count_rows(&W.ts, "events WHERE topic = 'working_time_breach'"),
                     events + 1);
    /* Stored on the week: the coach and B's supervisor see it. */
    sl_client *who[] = {W.coach, W.sup_b};
    for (int i = 0; i < 2; i++) {
        sl_envelope *rep = week(who[i], W.anna, "2026-10-27", W.anna_b, SL_OK);
        assert_non_null(rep);
        assert_true(rep->week_hours->n_law_breaches >= 1);
        bool day_rule = false;
        for (size_t k = 0; k < rep->week_hours->n_law_breaches; k++)
            day_rule = day_rule || strcmp(rep->week_hours->law_breaches[k]->rule_id,
                                          "LAW_MINOR_MAX_DAY_16_17") == 0;
        assert_true(day_rule);
        sl_envelope_free(rep);
    }
}

/* ---------------------------------------------------------------- weeks */

static sl_envelope *submit(sl_client *c, const char *placement, const char *monday,
                           const char *const *dates, size_t n, uint32_t minutes, bool sign,
                           sl_status expect)
{
    Stagelijn__V1__AgendaDay day[7], *days[7];
    for (size_t i = 0; i < n; i++) {
        stagelijn__v1__agenda_day__init(&day[i]);
        day[i].date = (char *)dates[i];
        day[i].minutes_worked = minutes;
        day[i].tasks = "Planten verpotten";
        days[i] = &day[i];
    }
    Stagelijn__V1__SubmitAgendaWeekRequest s = STAGELIJN__V1__SUBMIT_AGENDA_WEEK_REQUEST__INIT;
    s.placement_id = (char *)placement;
    s.week_start = (char *)monday;
    s.days = days;
    s.n_days = n;
    s.sign = sign;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_AGENDA_WEEK;
    req.submit_agenda_week = &s;
    return verdict(ts_call(c, &req, expect), expect);
}

static sl_envelope *correct(sl_client *c, const char *student, const char *date,
                            Stagelijn__V1__ClockCorrection *cc, const char *reason,
                            sl_status expect)
{
    Stagelijn__V1__ClockCorrection *list[1] = {cc};
    Stagelijn__V1__CorrectWeekRequest w = STAGELIJN__V1__CORRECT_WEEK_REQUEST__INIT;
    w.student_id = (char *)student;
    w.date = (char *)date;
    w.clock = list;
    w.n_clock = 1;
    w.reason = (char *)reason;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CORRECT_WEEK;
    req.submission_id = (char *)next_submission();
    req.correct_week = &w;
    return verdict(ts_call(c, &req, expect), expect);
}

/* Signed only when complete; afterwards changed only by a correction with a reason, which the
 * coach sees. */
static void test_sign_complete_then_correct(void **state)
{
    (void)state;
    const char *monday_only[] = {"2026-10-19"}, *both[] = {"2026-10-19", "2026-10-20"};
    assert_refused(submit(W.sup_b, W.bram_b, "2026-10-19", monday_only, 1, 240, true, SL_EPRECOND));
    assert_int_equal(ts_count_rows(&W.ts, "agenda_weeks WHERE supervisor_signed_at IS NOT NULL"),
                     0);
    /* Tuesday's hours forgotten on the kiosk: added by a correction before signing. */
    Stagelijn__V1__ClockCorrection cc = STAGELIJN__V1__CLOCK_CORRECTION__INIT;
    cc.clock_in_at = local("2026-10-20", "09:00");
    cc.clock_out_at = local("2026-10-20", "13:15");
    assert_refused(correct(W.sup_b, W.bram, "2026-10-20", &cc, "", SL_EINVAL));
    sl_envelope *rep = correct(W.sup_b, W.bram, "2026-10-20", &cc, "Vergeten in te klokken", SL_OK);
    assert_non_null(rep);
    assert_int_equal(day_of(rep, "2026-10-20")->minutes, 255);
    assert_int_equal(day_of(rep, "2026-10-20")->clock[0]->source,
                     STAGELIJN__V1__CLOCK_SOURCE__CLOCK_SOURCE_CORRECTION);
    char record[37];
    snprintf(record, sizeof record, "%s", day_of(rep, "2026-10-20")->clock[0]->id);
    sl_envelope_free(rep);
    /* Now complete: signed. The clocked Tuesday keeps its clocked hours. */
    rep = submit(W.sup_b, W.bram_b, "2026-10-19", both, 2, 240, true, SL_OK);
    assert_non_null(rep);
    sl_envelope_free(rep);
    rep = week(W.sup_b, W.bram, "2026-10-21", NULL, SL_OK);
    assert_true(rep->week_hours->complete);
    assert_true(rep->week_hours->signed_by_supervisor);
    assert_int_equal(day_of(rep, "2026-10-20")->minutes, 255);
    /* With the Saturday clocked in test_summer_time_ends. */
    assert_int_equal(rep->week_hours->minutes, 240 + 255 + 360);
    sl_envelope_free(rep);

    /* The signed week is read-only: no clocking into it, no new agenda. */
    long rows = ts_count_rows(&W.ts, "clock_records");
    assert_refused(
        clocking(W.sup_b, true, W.bram, local("2026-10-25", "09:00"), NULL, SL_EPRECOND));
    assert_refused(submit(W.sup_b, W.bram_b, "2026-10-19", both, 2, 200, false, SL_EPRECOND));
    assert_int_equal(ts_count_rows(&W.ts, "clock_records"), rows);
    /* A correction says who, when and why; the coach sees it. */
    cc.record_id = record;
    cc.clock_out_at = local("2026-10-20", "13:00");
    rep = correct(W.sup_b, W.bram, "2026-10-20", &cc, "Pauze niet afgetrokken", SL_OK);
    assert_non_null(rep);
    assert_int_equal(day_of(rep, "2026-10-20")->minutes, 240);
    sl_envelope_free(rep);
    rep = week(W.coach, W.bram, "2026-10-19", NULL, SL_OK);
    assert_non_null(rep);
    assert_int_equal(rep->week_hours->n_corrections, 2);
    const Stagelijn__V1__WeekCorrection *last = rep->week_hours->corrections[1];
    assert_string_equal(last->reason, "Pauze niet afgetrokken");
    assert_string_equal(last->by_name, "sup-b");
    assert_non_null(strstr(last->what, "2026-10-20 09:00-13:15 -> 2026-10-20 09:00-13:00"));
    assert_int_equal(rep->week_hours->minutes, 240 + 240 + 360);
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "week_corrections WHERE after_signing = 1"), 1);
    /* A record of another week is not this week's. */
    assert_refused(correct(W.sup_b, W.bram, "2026-10-27", &cc, "Verkeerde week", SL_ENOTFOUND));
}

/* Agenda days through a correction: a clocked day keeps its clocked hours and takes the
 * tasks; a day after today is refused. */
static void test_correct_agenda_day(void **state)
{
    (void)state;
    Stagelijn__V1__AgendaDay day = STAGELIJN__V1__AGENDA_DAY__INIT, *days[1] = {&day};
    Stagelijn__V1__CorrectWeekRequest w = STAGELIJN__V1__CORRECT_WEEK_REQUEST__INIT;
    w.student_id = W.bram;
    w.date = "2026-10-27";
    w.days = days;
    w.n_days = 1;
    w.reason = "Taken aangevuld";
    day.date = "2026-10-29";
    day.minutes_worked = 100;
    day.tasks = "Snoeien";
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CORRECT_WEEK;
    req.correct_week = &w;
    bool matched;
    sl_envelope *rep = ts_call_rule(W.sup_b, &req, SL_EPRECOND, "DATE_IN_FUTURE", &matched);
    assert_true(matched);
    sl_envelope_free(rep);
    day.date = "2026-10-27";
    rep = ts_call(W.sup_b, &req, SL_OK);
    assert_non_null(rep);
    assert_int_equal(day_of(rep, "2026-10-27")->minutes, 240); /* clocked over midnight */
    assert_string_equal(day_of(rep, "2026-10-27")->tasks, "Snoeien");
    assert_true(day_of(rep, "2026-10-27")->clocked);
    sl_envelope_free(rep);
}

/* ---------------------------------------------------------------- absence */

static sl_envelope *absence(sl_client *c, const char *student, int kind, const char *from,
                            const char *to, sl_status expect)
{
    Stagelijn__V1__ReportAbsenceRequest a = STAGELIJN__V1__REPORT_ABSENCE_REQUEST__INIT;
    a.student_id = (char *)student;
    a.kind = kind;
    a.from_date = (char *)from;
    a.to_date = (char *)(to ? to : "");
    a.note = "Gebeld door moeder";
    ENV(req);
    req.submission_id = (char *)next_submission();
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_REPORT_ABSENCE;
    req.report_absence = &a;
    return verdict(ts_call(c, &req, expect), expect);
}

static void test_absence(void **state)
{
    (void)state;
    long events = ts_count_rows(&W.ts, "events WHERE topic = 'absence'");
    sl_envelope *rep = absence(W.sup_b, W.bram, STAGELIJN__V1__ABSENCE_KIND__ABSENCE_SICK,
                               "2026-10-29", "2026-10-30", SL_OK);
    assert_non_null(rep);
    assert_string_equal(rep->absence->student_name, "Bram Jansen");
    assert_string_equal(rep->absence->reported_by_name, "sup-b");
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "events WHERE topic = 'absence'"), events + 1);
    /* The intern reports his own. */
    sl_client *k = kiosk('b', "bram", SL_OK);
    rep = absence(k, W.bram, STAGELIJN__V1__ABSENCE_KIND__ABSENCE_WITH_NOTICE, "2026-11-02", NULL,
                  SL_OK);
    assert_non_null(rep);
    assert_string_equal(rep->absence->to_date, "2026-11-02");
    sl_envelope_free(rep);
    assert_refused(absence(k, W.bram, 0, "2026-11-03", NULL, SL_EINVAL));
    assert_refused(absence(k, W.anna, 1, "2026-11-03", NULL, SL_EPERM));
    sl_client_close(k);
    assert_refused(absence(W.sup_b, W.bram, 1, "2030-01-01", NULL, SL_ENOTFOUND));
    /* Coach and mentor see it with the week. */
    sl_client *who[] = {W.coach, W.mentor};
    for (int i = 0; i < 2; i++) {
        rep = week(who[i], W.bram, "2026-10-29", NULL, SL_OK);
        assert_non_null(rep);
        assert_int_equal(rep->week_hours->n_absences, 1);
        assert_string_equal(day_of(rep, "2026-10-30")->absence, "sick");
        sl_envelope_free(rep);
    }
    /* The early warning counts reports that have begun, 2 points each (docs/rules.md): the
     * ones above lie after today (reported ahead) and do not count yet; this one does. */
    rep = absence(W.sup_b, W.bram, STAGELIJN__V1__ABSENCE_KIND__ABSENCE_WITHOUT_NOTICE,
                  "2026-10-27", NULL, SL_OK);
    assert_non_null(rep);
    sl_envelope_free(rep);
    Stagelijn__V1__RiskSignalsRequest rs = STAGELIJN__V1__RISK_SIGNALS_REQUEST__INIT;
    rs.student_id = W.bram;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RISK_SIGNALS;
    req.risk_signals = &rs;
    rep = ts_call(W.coach, &req, SL_OK);
    assert_non_null(rep);
    assert_int_equal(rep->risk_signals_reply->n_signals, 1);
    const Stagelijn__V1__RiskSignal *sig = rep->risk_signals_reply->signals[0];
    bool found = false;
    for (size_t i = 0; i < sig->n_reasons; i++)
        if (strcmp(sig->reasons[i]->reason, "RISK_ABSENCE") == 0) {
            assert_int_equal(sig->reasons[i]->value, 1);
            assert_int_equal(sig->reasons[i]->points, 2);
            found = true;
        }
    assert_true(found);
    sl_envelope_free(rep);
}

/* ---------------------------------------------------------------- totals */

static sl_envelope *totals(sl_client *c, const char *student, const char *date)
{
    Stagelijn__V1__GetHourTotalsRequest t = STAGELIJN__V1__GET_HOUR_TOTALS_REQUEST__INIT;
    t.student_id = (char *)student;
    t.date = (char *)(date ? date : "");
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_HOUR_TOTALS;
    req.get_hour_totals = &t;
    return ts_call(c, &req, SL_OK);
}

static void test_hour_totals(void **state)
{
    (void)state;
    /* Eva (Entree): 3 days of 7 hours in the week of 19 October. */
    const char *days[] = {"2026-10-19", "2026-10-20", "2026-10-21"};
    sl_envelope *rep = submit(W.sup_a, W.eva_a, "2026-10-19", days, 3, 420, false, SL_OK);
    sl_envelope_free(rep);
    rep = totals(W.coach, W.eva, NULL);
    assert_non_null(rep);
    const Stagelijn__V1__HourTotals *t = rep->hour_totals;
    assert_true(t->entree);
    assert_int_equal(t->minutes_done, 1260);
    assert_int_equal(t->minutes_required, 650 * 60);
    assert_int_equal(t->week_minutes_required, 21 * 60);
    assert_int_equal(t->n_weeks, 1);
    assert_string_equal(t->weeks[0]->week_start, "2026-10-19");
    /* From the week of 7 September to the week of 26 October: 8 weeks; 37 weeks from then to
     * the year's last week (12 July 2027). */
    assert_int_equal(t->average_week_minutes, 1260 / 8);
    assert_int_equal(t->projected_minutes, 1260 + (1260 / 8) * 37);
    assert_false(t->on_track);
    sl_envelope_free(rep);
    /* Bram (year 4): the weeks against the norm of years 4/5, his absences listed. */
    rep = totals(W.sup_b, W.bram, NULL);
    assert_non_null(rep);
    assert_false(rep->hour_totals->entree);
    assert_int_equal(rep->hour_totals->week_minutes_required, 3 * 6 * 60);
    assert_true(rep->hour_totals->n_weeks >= 2);
    assert_int_equal(rep->hour_totals->n_absences, 3); /* two ahead, one past (test_absence) */
    sl_envelope_free(rep);
}

/* ---------------------------------------------------------------- the kiosk's commands */

static int kiosk_cli(const char *user, const char *const *args)
{
    return ts_run_cli_human(&W.ts, "stagelijn-kiosk", user, TS_PASSWORD, args, W.out, sizeof W.out);
}

static void test_kiosk_commands(void **state)
{
    (void)state;
    const char *in[] = {"clock", "in", "--student", "Bram Jansen", "--at", "2026-10-28 07:00",
                        NULL};
    assert_int_equal(kiosk_cli("sup-b", in), 0);
    assert_non_null(strstr(W.out, "Bram Jansen"));
    assert_non_null(strstr(W.out, "07:00"));
    const char *out[] = {"clock", "out", "--student", "Bram", "--at", "2026-10-28 09:45", NULL};
    assert_int_equal(kiosk_cli("sup-b", out), 0);
    assert_non_null(strstr(W.out, "2:45"));
    const char *show[] = {"week", "show", "--student", "Bram Jansen", "--week", "2026-10-28", NULL};
    assert_int_equal(kiosk_cli("sup-b", show), 0);
    assert_non_null(strstr(W.out, "Bram Jansen"));
    assert_non_null(strstr(W.out, "2:45"));
    assert_false(ts_has_uuid_except(W.out, NULL, 0));
    /* The intern without --student: his own week. */
    const char *own[] = {"week", "show", "--week", "2026-10-28", NULL};
    assert_int_equal(kiosk_cli("bram", own), 0);
    assert_non_null(strstr(W.out, "Bram Jansen"));
    assert_non_null(strstr(W.out, "Tuincentrum Groen"));
    const char *hours[] = {"hours", "--student", "Bram Jansen", NULL};
    assert_int_equal(kiosk_cli("sup-b", hours), 0);
    assert_false(ts_has_uuid_except(W.out, NULL, 0));
    const char *ab[] = {"absence", "report", "--student",  "Bram Jansen", "--kind",
                        "sick",    "--from", "2026-11-05", NULL};
    assert_int_equal(kiosk_cli("sup-b", ab), 0);
    const char *fix[] = {"week",     "correct",    "--student", "Bram Jansen",
                         "--week",   "2026-10-28", "--add",     "2026-10-28 10:00-11:30",
                         "--reason", "Vergeten",   NULL};
    assert_int_equal(kiosk_cli("sup-b", fix), 0);
    assert_non_null(strstr(W.out, "1:30"));
    assert_non_null(strstr(W.out, "Vergeten"));
    /* A student typed by a name that is not his/her intern: refused, nothing recorded. */
    long rows = ts_count_rows(&W.ts, "clock_records");
    const char *other[] = {"clock", "in", "--student", "Eva Jansen", NULL};
    assert_int_not_equal(kiosk_cli("sup-b", other), 0);
    assert_int_equal(ts_count_rows(&W.ts, "clock_records"), rows);
}

/* ---------------------------------------------------------------- timing */

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Not a timed test: prints how long a clock-in takes from request to confirmed reply (after
 * its commit) on loopback, through a kiosk connection. */
static void test_clock_in_latency(void **state)
{
    (void)state;
    enum { N = 96 };
    int64_t in_us[N], out_us[N];
    sl_client *k = kiosk('a', "finn", SL_OK);
    for (int i = 0; i < N; i++) {
        char day[11];
        ts_date_plus("2026-10-22", i / 16, day);
        int64_t at = local(day, "06:00") + (int64_t)(i % 16) * 20 * 60;
        struct timespec a, b, c;
        clock_gettime(CLOCK_MONOTONIC, &a);
        sl_envelope *rep = clocking(k, true, W.finn, at, NULL, SL_OK);
        clock_gettime(CLOCK_MONOTONIC, &b);
        sl_envelope_free(rep);
        rep = clocking(k, false, W.finn, at + 5 * 60, NULL, SL_OK);
        clock_gettime(CLOCK_MONOTONIC, &c);
        assert_non_null(rep);
        sl_envelope_free(rep);
        in_us[i] = (b.tv_sec - a.tv_sec) * 1000000 + (b.tv_nsec - a.tv_nsec) / 1000;
        out_us[i] = (c.tv_sec - b.tv_sec) * 1000000 + (c.tv_nsec - b.tv_nsec) / 1000;
    }
    sl_client_close(k);
    qsort(in_us, N, sizeof in_us[0], cmp_i64);
    qsort(out_us, N, sizeof out_us[0], cmp_i64);
    printf("clock-in  request to confirmed reply, loopback TLS, %d runs: p50 %.2f ms, p99 %.2f "
           "ms, max %.2f ms\n",
           N, in_us[N / 2] / 1000.0, in_us[N * 99 / 100] / 1000.0, in_us[N - 1] / 1000.0);
    printf("clock-out (with the day derived and the law checked): p50 %.2f ms, p99 %.2f ms, max "
           "%.2f ms\n",
           out_us[N / 2] / 1000.0, out_us[N * 99 / 100] / 1000.0, out_us[N - 1] / 1000.0);
}

/* ---------------------------------------------------------------- the supervisor clocks */

/* The intern forgot: the supervisor clocks him in and out (kiosk or workstation). The record
 * says who did each: recorded_by for the clock-in, clock_out_by for the clock-out; the intern
 * clocking out himself after a supervisor's clock-in is recorded as his. */
static void test_supervisor_clocks_for_intern(void **state)
{
    (void)state;
    sl_envelope *rep = clocking(W.sup_a, true, W.finn, local("2026-10-27", "13:00"), NULL, SL_OK);
    assert_non_null(rep);
    assert_int_equal(rep->clock_record->source, STAGELIJN__V1__CLOCK_SOURCE__CLOCK_SOURCE_KIOSK);
    assert_string_equal(rep->clock_record->recorded_by, W.sup_a_id);
    assert_string_equal(rep->clock_record->clock_out_by, "");
    sl_envelope_free(rep);
    rep = clocking(W.sup_a, false, W.finn, local("2026-10-27", "14:00"), NULL, SL_OK);
    assert_non_null(rep);
    assert_string_equal(rep->clock_record->clock_out_by, W.sup_a_id);
    assert_string_not_equal(rep->clock_record->clock_out_by_name, "");
    assert_string_equal(rep->clock_record->clock_out_by_name, rep->clock_record->recorded_by_name);
    assert_int_equal(rep->clock_record->minutes, 60);
    sl_envelope_free(rep);
    /* The supervisor clocks in, the intern clocks out on the kiosk: each is named. */
    rep = clocking(W.sup_a, true, W.finn, local("2026-10-27", "14:30"), NULL, SL_OK);
    sl_envelope_free(rep);
    sl_client *k = kiosk('a', "finn", SL_OK);
    rep = clocking(k, false, W.finn, local("2026-10-27", "15:00"), NULL, SL_OK);
    assert_non_null(rep);
    assert_string_equal(rep->clock_record->recorded_by, W.sup_a_id);
    assert_string_equal(rep->clock_record->clock_out_by_name, "Finn Jansen");
    sl_envelope_free(rep);
    sl_client_close(k);
    /* Another company's supervisor cannot clock Finn out (nothing open anyway: refused). */
    assert_refused(clocking(W.sup_b, true, W.finn, 0, NULL, SL_EPERM));
}

/* ---------------------------------------------------------------- summer time begins */

/* The night summer time begins (28 March 2027, 02:00 CET becomes 03:00 CEST): 22:00 to 03:00
 * on the clock is four hours worked. Run last: it moves the server's clock. */
static void test_summer_time_begins(void **state)
{
    (void)state;
    close_all();
    assert_true(ts_restart_on(&W.ts, "2027-03-30"));
    login_all();
    shift(W.sup_b, W.bram, "2027-03-27", "22:00", "2027-03-28", "03:00", 240);
    /* A minute that does not exist on that night cannot be typed. */
    sl_date d = {2027, 3, 28};
    int64_t t;
    assert_false(sl_local_to_unix(d, 2 * 60 + 30, &t));
}

int main(void)
{
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clock_in_and_out),
        cmocka_unit_test(test_clock_out_without_clock_in),
        cmocka_unit_test(test_shift_over_midnight),
        cmocka_unit_test(test_summer_time_ends),
        cmocka_unit_test(test_day_not_covered_and_other_device),
        cmocka_unit_test(test_other_company_intern),
        cmocka_unit_test(test_same_submission_twice),
        cmocka_unit_test(test_breach_over_two_placements),
        cmocka_unit_test(test_sign_complete_then_correct),
        cmocka_unit_test(test_correct_agenda_day),
        cmocka_unit_test(test_absence),
        cmocka_unit_test(test_hour_totals),
        cmocka_unit_test(test_kiosk_commands),
        cmocka_unit_test(test_clock_in_latency),
        cmocka_unit_test(test_supervisor_clocks_for_intern), /* kioskui */
        cmocka_unit_test(test_summer_time_begins),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
