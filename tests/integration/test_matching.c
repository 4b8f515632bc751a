/* The matching family against a real stagelijnd: the readiness check (age boundary, NT2,
 * all criteria met, the internal and taster internships' end-assessment verdicts) and its
 * override, matching suggestions at known coordinates, the introductory meeting, and the
 * assessment's verdict and aspects. Every request type: success, bad input, wrong role, rule
 * violated, with proof that a refusal wrote nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "harness.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT

/* Home of the matched student: Utrecht centre. Degrees of latitude are 111.195 km apart. */
#define HOME_LAT 52.0907
#define HOME_LON 5.1214

typedef struct {
    test_server ts;
    sl_client *admin, *coach, *mentor_a, *mentor_b, *sup_t, *sup_1, *stud;
    char class_a[37], class_b[37];
    char canteen[37], taster_co[37], m_near[37], m_far[37], m_other[37], m_full[37], m_nosector[37],
        m_nosup[37];
    char sup_canteen[37], sup_taster[37], sup_near[37], sup_full[37];
    /* Students: all criteria met; NT2; 14 the day after the planned start; matched; no home. */
    char s_ok[37], s_nt2[37], s_age[37], s_match[37], s_nohome[37], s_b[37];
    char planned[11], dob_age[11];
    char internal_ok[37], taster_ok[37], internal_nt2[37], taster_nt2[37];
} world;

static world W;

/* ---------------------------------------------------------------- fixtures */

/* Writes fixture data that belongs to the preparation family's UpdateStudent (home location,
 * sectors) straight into the database, so this test does not depend on that family. */
static bool db_exec(const char *sql)
{
    char path[300];
    snprintf(path, sizeof path, "%s/stagelijn.db", W.ts.dir);
    sqlite3 *db;
    bool ok = false;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 10000);
        char *err = NULL;
        ok = sqlite3_exec(db, sql, NULL, NULL, &err) == SQLITE_OK;
        if (!ok)
            fprintf(stderr, "fixture SQL failed: %s\n", err ? err : "?");
        sqlite3_free(err);
    }
    sqlite3_close(db);
    return ok;
}

/* One number from the database (read-only), -1 on error. */
static long db_long(const char *sql)
{
    char path[300];
    snprintf(path, sizeof path, "%s/stagelijn.db", W.ts.dir);
    sqlite3 *db;
    long n = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 10000);
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
            if (sqlite3_step(st) == SQLITE_ROW)
                n = sqlite3_column_int64(st, 0);
            sqlite3_finalize(st);
        }
    }
    sqlite3_close(db);
    return n;
}

/* Audit rows of changes; the client programs' logins are audited too and left out. */
static long audit_rows(void)
{
    return db_long("SELECT count(*) FROM audit WHERE operation <> 'login'");
}

/* A company at a known position with one sector (0: none) listed. */
static bool make_company(const char *name, double lat, double lon, uint32_t sector, uint32_t places,
                         uint32_t supervision, bool internal, char *id)
{
    const ts_company_spec c = {.name = name,
                               .latitude = lat,
                               .longitude = lon,
                               .sector = sector,
                               .places = places,
                               .supervision_capacity = supervision,
                               .internal = internal};
    return ts_make_company(W.admin, &c, id);
}

static bool make_student(const char *first, const char *class_id, const char *dob, bool nt2,
                         const char *username, char *id, char *otp_out)
{
    const ts_student_spec s = {.first_name = first,
                               .class_id = class_id,
                               .date_of_birth = dob,
                               .nt2 = nt2,
                               .username = username};
    return ts_make_student(W.admin, &s, id, otp_out);
}

/* An internal or taster internship in the past: one Monday morning, with its contract signed
 * and made active (an end assessment needs a placement that ran). */
static bool make_placement(const char *student, const char *company, const char *supervisor,
                           int kind, char *id)
{
    char start[11], end[11];
    /* The taster internship a week after the internal one: a student is in one place a day. */
    ts_monday(kind == STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_TASTER ? -63 : -70, start);
    ts_date_plus(start, 3, end);
    const ts_placement_spec p = {.student_id = student,
                                 .company_id = company,
                                 .supervisor_id = supervisor,
                                 .kind = kind,
                                 .start_date = start,
                                 .end_date = end,
                                 .n_days = 1,
                                 .day_start = "09:50",
                                 .day_end = "14:00",
                                 .break_minutes = 30};
    return ts_make_active_placement(W.coach, &p, TS_SIGN_PARENT_IF_ACCEPTED, id);
}

/* Submits an assessment with all competence areas rated 3; returns the status. */
static sl_status submit_assessment(sl_client *c, const char *placement, int kind, int verdict,
                                   Stagelijn__V1__AspectRating **aspects, size_t n_aspects)
{
    Stagelijn__V1__CompetenceRatings r = STAGELIJN__V1__COMPETENCE_RATINGS__INIT;
    r.persoonlijk = r.arbeid = r.sociaal = r.onderzoek = r.leren = 3;
    Stagelijn__V1__Assessment as = STAGELIJN__V1__ASSESSMENT__INIT;
    as.placement_id = (char *)placement;
    as.kind = (Stagelijn__V1__AssessmentKind)kind;
    /* An interim assessment is for a period; this one is the first. */
    as.period = kind == STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_INTERIM ? 1 : 0;
    as.ratings = &r;
    as.verdict = (Stagelijn__V1__Judgement)verdict;
    as.aspects = aspects;
    as.n_aspects = n_aspects;
    Stagelijn__V1__SubmitAssessmentRequest sa = STAGELIJN__V1__SUBMIT_ASSESSMENT_REQUEST__INIT;
    sa.assessment = &as;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_ASSESSMENT;
    req.submit_assessment = &sa;
    char err[256];
    sl_envelope *rep = NULL;
    sl_status st = sl_client_call(c, &req, &rep, err, sizeof err);
    sl_envelope_free(rep);
    return st;
}

#define POS STAGELIJN__V1__JUDGEMENT__JUDGEMENT_POSITIVE
#define NEG STAGELIJN__V1__JUDGEMENT__JUDGEMENT_NEGATIVE
#define MISSING STAGELIJN__V1__JUDGEMENT__JUDGEMENT_MISSING
#define END STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_END
#define INTERIM STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_INTERIM
#define GROUP STAGELIJN__V1__ADVICE__ADVICE_GROUP
#define INDIVIDUAL STAGELIJN__V1__ADVICE__ADVICE_INDIVIDUAL

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&W.ts, NULL))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char coach[37], ma[37], mb[37];
    /* 5.56 km north: in the student's sector; 34 km (Amsterdam): too far to cycle; 3.3 km:
     * another sector; 2.2 km: full; 4.4 km: no sector listed; 1.1 km: no supervision left. */
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, coach) ||
        !ts_create_user(W.admin, "mentor-a", 4, NULL, ma) ||
        !ts_create_user(W.admin, "mentor-b", 4, NULL, mb) ||
        !ts_make_class(W.admin, "2A", 2, ma, W.class_a) ||
        !ts_make_class(W.admin, "2B", 2, mb, W.class_b) ||
        !make_company("Kantine", HOME_LAT, HOME_LON, 0, 10, 10, true, W.canteen) ||
        !make_company("Snuffel BV", 51.9244, 4.4777, 8, 5, 5, false, W.taster_co) ||
        !make_company("Near Horeca", HOME_LAT + 0.05, HOME_LON, 3, 2, 2, false, W.m_near) ||
        !make_company("Far Horeca", 52.3676, 4.9041, 3, 2, 2, false, W.m_far) ||
        !make_company("Other Sector", HOME_LAT - 0.03, HOME_LON, 5, 2, 2, false, W.m_other) ||
        !make_company("Full Horeca", HOME_LAT + 0.02, HOME_LON, 3, 1, 1, false, W.m_full) ||
        !make_company("No Sector", HOME_LAT + 0.04, HOME_LON, 0, 2, 2, false, W.m_nosector) ||
        !make_company("No Supervision", HOME_LAT + 0.01, HOME_LON, 3, 3, 0, false, W.m_nosup) ||
        !ts_create_user(W.admin, "sup-canteen", 5, W.canteen, W.sup_canteen) ||
        !ts_create_user(W.admin, "sup-t", 5, W.taster_co, W.sup_taster) ||
        !ts_create_user(W.admin, "sup-1", 5, W.m_near, W.sup_near) ||
        !ts_create_user(W.admin, "sup-full", 5, W.m_full, W.sup_full))
        return -1;

    /* Planned start in 60 days (never on 29 February, so "14 years earlier" exists). */
    char born_ok[11], after[11];
    int plus = 60;
    do {
        ts_date(plus, W.planned);
        ts_date_plus(W.planned, 1, after);
        plus++;
    } while (!strcmp(W.planned + 5, "02-29") || !strcmp(after + 5, "02-29"));
    /* 14 on the day after the planned start. */
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%04d%.6s", atoi(after) - 14, after + 4);
    memcpy(W.dob_age, tmp, 10);
    W.dob_age[10] = '\0';
    snprintf(tmp, sizeof tmp, "%04d-01-15", atoi(W.planned) - 15);
    memcpy(born_ok, tmp, 10);
    born_ok[10] = '\0';

    char otp[64];
    if (!make_student("Olga", W.class_a, born_ok, false, "olga", W.s_ok, otp) ||
        !make_student("Nadia", W.class_a, born_ok, true, NULL, W.s_nt2, NULL) ||
        !make_student("Age", W.class_a, W.dob_age, false, NULL, W.s_age, NULL) ||
        !make_student("Mats", W.class_a, born_ok, false, NULL, W.s_match, NULL) ||
        !make_student("Noor", W.class_a, born_ok, false, NULL, W.s_nohome, NULL) ||
        !make_student("Bram", W.class_b, born_ok, false, NULL, W.s_b, NULL))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    W.mentor_a = ts_login(&W.ts, "mentor-a", TS_PASSWORD);
    W.mentor_b = ts_login(&W.ts, "mentor-b", TS_PASSWORD);
    W.sup_t = ts_login(&W.ts, "sup-t", TS_PASSWORD);
    W.sup_1 = ts_login(&W.ts, "sup-1", TS_PASSWORD);
    W.stud = ts_student_login(&W.ts, "olga", otp);
    if (!W.coach || !W.mentor_a || !W.mentor_b || !W.sup_t || !W.sup_1 || !W.stud)
        return -1;

    if (!make_placement(W.s_ok, W.canteen, W.sup_canteen,
                        STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INTERNAL, W.internal_ok) ||
        !make_placement(W.s_ok, W.taster_co, W.sup_taster,
                        STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_TASTER, W.taster_ok) ||
        !make_placement(W.s_nt2, W.canteen, W.sup_canteen,
                        STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INTERNAL, W.internal_nt2) ||
        !make_placement(W.s_nt2, W.taster_co, W.sup_taster,
                        STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_TASTER, W.taster_nt2))
        return -1;
    /* Fills the one place of Full Horeca. */
    char full_pl[37];
    if (!make_placement(W.s_nohome, W.m_full, W.sup_full,
                        STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_1, full_pl))
        return -1;

    char sql[512];
    snprintf(sql, sizeof sql,
             "UPDATE students SET home_latitude = %.4f, home_longitude = %.4f, "
             "provisional_sector_1 = 3, provisional_sector_2 = 4 WHERE id = '%s'",
             HOME_LAT, HOME_LON, W.s_match);
    return db_exec(sql) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *all[] = {W.admin, W.coach, W.mentor_a, W.mentor_b, W.sup_t, W.sup_1, W.stud};
    return ts_teardown(&W.ts, all, sizeof all / sizeof all[0]);
}

/* ---------------------------------------------------------------- request helpers */

static sl_status assess(sl_client *c, const char *student, int social, int attitude, int teachers,
                        int mentor, const char *start, sl_envelope **out)
{
    Stagelijn__V1__ReadinessInput ri = STAGELIJN__V1__READINESS_INPUT__INIT;
    ri.student_id = (char *)student;
    ri.social_skills = (Stagelijn__V1__Judgement)social;
    ri.work_attitude = (Stagelijn__V1__Judgement)attitude;
    ri.teachers_advice = (Stagelijn__V1__Judgement)teachers;
    ri.mentor_assessment = (Stagelijn__V1__Judgement)mentor;
    ri.planned_start = (char *)(start ? start : "");
    Stagelijn__V1__AssessReadinessRequest ar = STAGELIJN__V1__ASSESS_READINESS_REQUEST__INIT;
    ar.input = &ri;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_ASSESS_READINESS;
    req.assess_readiness = &ar;
    char err[256];
    sl_envelope *rep = NULL;
    sl_status st = sl_client_call(c, &req, &rep, err, sizeof err);
    if (out)
        *out = rep;
    else
        sl_envelope_free(rep);
    return st;
}

static sl_status override(sl_client *c, const char *student, int advice, const char *reason,
                          sl_envelope **out)
{
    Stagelijn__V1__OverrideReadinessRequest o = STAGELIJN__V1__OVERRIDE_READINESS_REQUEST__INIT;
    o.student_id = (char *)student;
    o.advice = (Stagelijn__V1__Advice)advice;
    o.reason = (char *)reason;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_OVERRIDE_READINESS;
    req.override_readiness = &o;
    char err[256];
    sl_envelope *rep = NULL;
    sl_status st = sl_client_call(c, &req, &rep, err, sizeof err);
    if (out)
        *out = rep;
    else
        sl_envelope_free(rep);
    return st;
}

static sl_status get_readiness(sl_client *c, const char *student, sl_envelope **out)
{
    Stagelijn__V1__GetReadinessRequest g = STAGELIJN__V1__GET_READINESS_REQUEST__INIT;
    g.student_id = (char *)student;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_READINESS;
    req.get_readiness = &g;
    char err[256];
    sl_envelope *rep = NULL;
    sl_status st = sl_client_call(c, &req, &rep, err, sizeof err);
    if (out)
        *out = rep;
    else
        sl_envelope_free(rep);
    return st;
}

static sl_status suggest(sl_client *c, const char *student, uint32_t sector, double max_km,
                         sl_envelope **out)
{
    Stagelijn__V1__SuggestCompaniesRequest s = STAGELIJN__V1__SUGGEST_COMPANIES_REQUEST__INIT;
    s.student_id = (char *)student;
    s.sector = sector;
    s.max_km = max_km;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUGGEST_COMPANIES;
    req.suggest_companies = &s;
    char err[256];
    sl_envelope *rep = NULL;
    sl_status st = sl_client_call(c, &req, &rep, err, sizeof err);
    if (out)
        *out = rep;
    else
        sl_envelope_free(rep);
    return st;
}

static sl_status intro(sl_client *c, const char *student, const char *company, const char *date,
                       bool agreed, const char *notes, sl_envelope **out)
{
    Stagelijn__V1__IntroMeeting m = STAGELIJN__V1__INTRO_MEETING__INIT;
    m.student_id = (char *)student;
    m.company_id = (char *)company;
    m.date = (char *)date;
    m.agreed = agreed;
    m.notes = (char *)notes;
    Stagelijn__V1__RecordIntroMeetingRequest rm = STAGELIJN__V1__RECORD_INTRO_MEETING_REQUEST__INIT;
    rm.meeting = &m;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_INTRO_MEETING;
    req.record_intro_meeting = &rm;
    char err[256];
    sl_envelope *rep = NULL;
    sl_status st = sl_client_call(c, &req, &rep, err, sizeof err);
    if (out)
        *out = rep;
    else
        sl_envelope_free(rep);
    return st;
}

static bool has_rule(const Stagelijn__V1__RuleViolation *const *v, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i]->rule_id, id))
            return true;
    return false;
}

static int cli(const char *prog, const char *user, char *out, size_t outlen, ...)
{
    const char *args[40];
    int n = 0;
    va_list ap;
    va_start(ap, outlen);
    const char *a;
    while ((a = va_arg(ap, const char *)) != NULL && n < 39)
        args[n++] = a;
    va_end(ap);
    args[n] = NULL;
    int rc = ts_run_cli(&W.ts, prog, user, TS_PASSWORD, args, out, outlen);
    if (rc != 0)
        fprintf(stderr, "%s %s %s: exit %d; output: %s\n", prog, args[0], n > 1 ? args[1] : "", rc,
                out);
    return rc;
}

/* ---------------------------------------------------------------- assessments */

static void test_assessment_verdict_and_aspects(void **state)
{
    (void)state;
    long audit = audit_rows();
    long aspects = ts_count_rows(&W.ts, "assessment_aspects");
    /* An end assessment needs a verdict; interim ones may leave it out. */
    assert_int_equal(submit_assessment(W.sup_t, W.taster_ok, END, MISSING, NULL, 0), SL_EINVAL);
    assert_int_equal(submit_assessment(W.sup_t, W.taster_ok, END, 7, NULL, 0), SL_EINVAL);
    /* Aspects: names 1..64 characters, unique, ratings 1..5, at most 12. */
    Stagelijn__V1__AspectRating ar[13], *arp[13];
    char names[13][80];
    for (int i = 0; i < 13; i++) {
        stagelijn__v1__aspect_rating__init(&ar[i]);
        snprintf(names[i], sizeof names[i], "aspect %d", i);
        ar[i].aspect = names[i];
        ar[i].rating = 4;
        arp[i] = &ar[i];
    }
    assert_int_equal(submit_assessment(W.sup_t, W.taster_ok, END, POS, arp, 13), SL_EINVAL);
    ar[1].aspect = names[0];
    assert_int_equal(submit_assessment(W.sup_t, W.taster_ok, END, POS, arp, 2), SL_EINVAL);
    ar[1].aspect = names[1];
    ar[1].rating = 6;
    assert_int_equal(submit_assessment(W.sup_t, W.taster_ok, END, POS, arp, 2), SL_EINVAL);
    ar[1].rating = 0;
    assert_int_equal(submit_assessment(W.sup_t, W.taster_ok, END, POS, arp, 2), SL_EINVAL);
    ar[1].rating = 4;
    char longname[80];
    memset(longname, 'x', 65);
    longname[65] = '\0';
    ar[1].aspect = longname;
    assert_int_equal(submit_assessment(W.sup_t, W.taster_ok, END, POS, arp, 2), SL_EINVAL);
    longname[64] = '\0'; /* exactly 64 is fine */
    ar[1].aspect = "";
    assert_int_equal(submit_assessment(W.sup_t, W.taster_ok, END, POS, arp, 2), SL_EINVAL);
    /* A supervisor of another company may not assess this placement. */
    ar[1].aspect = longname;
    assert_int_equal(submit_assessment(W.sup_1, W.taster_ok, END, POS, arp, 2), SL_EPERM);
    assert_int_equal(audit_rows(), audit);
    assert_int_equal(ts_count_rows(&W.ts, "assessment_aspects"), aspects);

    /* Twelve aspects (one of 64 characters) and an interim without verdict are accepted. */
    ar[1].aspect = longname;
    assert_int_equal(submit_assessment(W.sup_t, W.taster_ok, INTERIM, MISSING, NULL, 0), SL_OK);
    assert_int_equal(submit_assessment(W.sup_t, W.taster_ok, END, NEG, arp, 12), SL_OK);
    assert_int_equal(ts_count_rows(&W.ts, "assessment_aspects"), aspects + 12);

    /* The kiosk client: the taster company's supervisor, with a verdict and aspects. */
    char out[16384];
    assert_int_equal(cli("stagelijn-kiosk", "sup-t", out, sizeof out, "assessment", "submit",
                         "--placement", W.taster_ok, "--kind", "end", "--persoonlijk", "4",
                         "--arbeid", "4", "--sociaal", "4", "--onderzoek", "3", "--leren", "4",
                         "--verdict", "positive", "--aspect", "vakvaardigheden=4", "--aspect",
                         "instructies opvolgen=5", "--aspect", "werkhouding=4", NULL),
                     0);
    assert_non_null(strstr(out, "positive"));
    assert_non_null(strstr(out, "instructies opvolgen"));
    /* A usage error never reaches the server. */
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn-kiosk", "sup-t", TS_PASSWORD,
                                (const char *const[]){
                                    "assessment",  "submit",   "--placement",   W.taster_ok,
                                    "--kind",      "end",      "--persoonlijk", "4",
                                    "--arbeid",    "4",        "--sociaal",     "4",
                                    "--onderzoek", "3",        "--leren",       "4",
                                    "--verdict",   "positive", "--aspect",      "werkhouding=9",
                                    NULL},
                                out, sizeof out),
                     2);

    /* The list returns the verdicts and the aspects in the order given. */
    Stagelijn__V1__ListAssessmentsRequest l = STAGELIJN__V1__LIST_ASSESSMENTS_REQUEST__INIT;
    l.placement_id = W.taster_ok;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_ASSESSMENTS;
    req.list_assessments = &l;
    sl_envelope *rep = ts_call(W.coach, &req, SL_OK);
    assert_non_null(rep);
    const Stagelijn__V1__ListAssessmentsReply *la = rep->list_assessments_reply;
    assert_int_equal(la->n_assessments, 3);
    assert_int_equal(la->assessments[0]->verdict, MISSING);
    assert_int_equal(la->assessments[0]->n_aspects, 0);
    assert_int_equal(la->assessments[1]->verdict, NEG);
    assert_int_equal(la->assessments[1]->n_aspects, 12);
    assert_string_equal(la->assessments[1]->aspects[0]->aspect, "aspect 0");
    assert_string_equal(la->assessments[1]->aspects[1]->aspect, longname);
    assert_int_equal(la->assessments[1]->aspects[1]->rating, 4);
    assert_int_equal(la->assessments[2]->verdict, POS);
    assert_int_equal(la->assessments[2]->n_aspects, 3);
    assert_string_equal(la->assessments[2]->aspects[1]->aspect, "instructies opvolgen");
    assert_int_equal(la->assessments[2]->aspects[1]->rating, 5);
    sl_envelope_free(rep);
}

/* ---------------------------------------------------------------- readiness */

static void test_readiness_all_positive_is_individual(void **state)
{
    (void)state;
    /* Only the taster internship's latest end assessment counts: negative first, then
     * positive (submitted by the previous test) → positive. The internal internship has
     * none yet → missing. */
    sl_envelope *rep = NULL;
    assert_int_equal(assess(W.coach, W.s_ok, POS, POS, POS, POS, W.planned, &rep), SL_OK);
    const Stagelijn__V1__Readiness *rd = rep->readiness;
    assert_int_equal(rd->taster_internship, POS);
    assert_int_equal(rd->internal_internship, MISSING);
    assert_int_equal(rd->computed, GROUP);
    assert_int_equal(rd->n_unmet, 1);
    assert_string_equal(rd->unmet[0]->rule_id, "READY_INTERNAL_INTERNSHIP");
    assert_true(rd->unmet[0]->warning);
    assert_true(strlen(rd->unmet[0]->message) > 10);
    sl_envelope_free(rep);

    /* The canteen employee's end assessment, positive: now everything holds. */
    assert_int_equal(submit_assessment(W.coach, W.internal_ok, END, POS, NULL, 0), SL_OK);
    long events = db_long("SELECT count(*) FROM events WHERE topic = 'readiness'");
    assert_int_equal(assess(W.coach, W.s_ok, POS, POS, POS, POS, W.planned, &rep), SL_OK);
    rd = rep->readiness;
    assert_int_equal(rd->internal_internship, POS);
    assert_int_equal(rd->taster_internship, POS);
    assert_int_equal(rd->computed, INDIVIDUAL);
    assert_int_equal(rd->final_advice, INDIVIDUAL);
    assert_false(rd->overridden);
    assert_int_equal(rd->n_unmet, 0);
    assert_string_equal(rd->input->planned_start, W.planned);
    sl_envelope_free(rep);
    /* The mentor hears the provisional advice. */
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM events WHERE topic = 'readiness' AND class_id = '%s' AND "
             "student_id = '%s' AND summary LIKE '%%individual%%'",
             W.class_a, W.s_ok);
    assert_int_equal(db_long(sql), 1);
    assert_int_equal(db_long("SELECT count(*) FROM events WHERE topic = 'readiness'"), events + 1);

    /* One negative criterion is enough for the group internship. */
    assert_int_equal(assess(W.coach, W.s_ok, POS, NEG, POS, POS, W.planned, &rep), SL_OK);
    assert_int_equal(rep->readiness->computed, GROUP);
    assert_int_equal(rep->readiness->n_unmet, 1);
    assert_string_equal(rep->readiness->unmet[0]->rule_id, "READY_WORK_ATTITUDE");
    sl_envelope_free(rep);

    /* The workstation client, as the coach; then the mentor and the student read it. */
    char out[16384];
    assert_int_equal(cli("stagelijn", "coach", out, sizeof out, "readiness", "assess", "--student",
                         W.s_ok, "--social", "positive", "--attitude", "positive", "--teachers",
                         "positive", "--mentor", "positive", "--start", W.planned, NULL),
                     0);
    assert_non_null(strstr(out, "individual"));
    assert_int_equal(cli("stagelijn", "mentor-a", out, sizeof out, "readiness", "show", "--student",
                         W.s_ok, NULL),
                     0);
    assert_non_null(strstr(out, "individual"));
    assert_int_equal(get_readiness(W.stud, W.s_ok, &rep), SL_OK);
    assert_int_equal(rep->readiness->final_advice, INDIVIDUAL);
    sl_envelope_free(rep);
    assert_int_equal(get_readiness(W.coach, W.s_ok, NULL), SL_OK);
}

static void test_readiness_nt2_goes_to_group_and_override(void **state)
{
    (void)state;
    assert_int_equal(submit_assessment(W.coach, W.internal_nt2, END, POS, NULL, 0), SL_OK);
    assert_int_equal(submit_assessment(W.sup_t, W.taster_nt2, END, POS, NULL, 0), SL_OK);
    sl_envelope *rep = NULL;
    assert_int_equal(assess(W.coach, W.s_nt2, POS, POS, POS, POS, W.planned, &rep), SL_OK);
    assert_int_equal(rep->readiness->computed, GROUP);
    assert_int_equal(rep->readiness->n_unmet, 1);
    assert_string_equal(rep->readiness->unmet[0]->rule_id, "READY_NT2");
    sl_envelope_free(rep);

    /* Refusals of the override write nothing. */
    long audit = audit_rows();
    assert_int_equal(override(W.coach, W.s_nt2, INDIVIDUAL, "too short", NULL), SL_EINVAL);
    assert_int_equal(override(W.coach, W.s_nt2, INDIVIDUAL, "   short    ", NULL), SL_EINVAL);
    assert_int_equal(override(W.coach, W.s_nt2, INDIVIDUAL, "", NULL), SL_EINVAL);
    assert_int_equal(override(W.coach, W.s_nt2, 0, "speaks Dutch well enough now", NULL),
                     SL_EINVAL);
    assert_int_equal(override(W.coach, W.s_nt2, 9, "speaks Dutch well enough now", NULL),
                     SL_EINVAL);
    assert_int_equal(
        override(W.mentor_a, W.s_nt2, INDIVIDUAL, "speaks Dutch well enough now", NULL), SL_EPERM);
    assert_int_equal(override(W.sup_t, W.s_nt2, INDIVIDUAL, "speaks Dutch well enough now", NULL),
                     SL_EPERM);
    assert_int_equal(override(W.stud, W.s_nt2, INDIVIDUAL, "speaks Dutch well enough now", NULL),
                     SL_EPERM);
    assert_int_equal(
        override(W.coach, "not-an-id", INDIVIDUAL, "speaks Dutch well enough now", NULL),
        SL_EINVAL);
    /* No check yet: nothing to override. */
    assert_int_equal(override(W.coach, W.s_b, INDIVIDUAL, "speaks Dutch well enough now", NULL),
                     SL_EPRECOND);
    assert_int_equal(audit_rows(), audit);
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM readiness WHERE student_id = '%s' AND override_advice IS NULL",
             W.s_nt2);
    assert_int_equal(db_long(sql), 1);

    /* The special case, with a reason (exactly 10 characters after trimming), audited. */
    assert_int_equal(override(W.coach, W.s_nt2, INDIVIDUAL, "  ten chars!  ", NULL), SL_OK);
    assert_int_equal(cli("stagelijn", "coach", (char[16384]){0}, 16384, "readiness", "override",
                         "--student", W.s_nt2, "--advice", "individual", "--reason",
                         "Speaks Dutch fluently at work; mentor and parents agree", NULL),
                     0);
    assert_int_equal(get_readiness(W.mentor_a, W.s_nt2, &rep), SL_OK);
    const Stagelijn__V1__Readiness *rd = rep->readiness;
    assert_int_equal(rd->computed, GROUP);
    assert_int_equal(rd->final_advice, INDIVIDUAL);
    assert_true(rd->overridden);
    assert_string_equal(rd->override_reason,
                        "Speaks Dutch fluently at work; mentor and parents agree");
    assert_int_equal(strlen(rd->override_by), 36);
    sl_envelope_free(rep);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit WHERE operation = 'readiness.override' AND "
             "target_id = '%s' AND details = 'advice=individual'",
             W.s_nt2);
    assert_true(db_long(sql) >= 1);
    /* The reason is free text about a minor: never in the append-only audit log. */
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit WHERE details LIKE '%%mentor and parents agree%%'");
    assert_int_equal(db_long(sql), 0);
    assert_int_equal(audit_rows(), audit + 2);

    /* A new check replaces the old one and its override. */
    assert_int_equal(assess(W.coach, W.s_nt2, POS, POS, POS, POS, W.planned, &rep), SL_OK);
    assert_false(rep->readiness->overridden);
    assert_int_equal(rep->readiness->final_advice, GROUP);
    sl_envelope_free(rep);
}

static void test_readiness_age_boundary(void **state)
{
    (void)state;
    /* 13 on the planned start (14 the day after): the law, not the school, says no. */
    sl_envelope *rep = NULL;
    assert_int_equal(assess(W.coach, W.s_age, POS, POS, POS, POS, W.planned, &rep), SL_OK);
    const Stagelijn__V1__Readiness *rd = rep->readiness;
    assert_int_equal(rd->computed, GROUP);
    assert_true(has_rule((const Stagelijn__V1__RuleViolation *const *)rd->unmet, rd->n_unmet,
                         "READY_AGE_14"));
    for (size_t i = 0; i < rd->n_unmet; i++)
        if (!strcmp(rd->unmet[i]->rule_id, "READY_AGE_14"))
            assert_false(rd->unmet[i]->warning);
    sl_envelope_free(rep);

    long audit = audit_rows(), events = ts_count_rows(&W.ts, "events");
    char err[256];
    Stagelijn__V1__OverrideReadinessRequest o = STAGELIJN__V1__OVERRIDE_READINESS_REQUEST__INIT;
    o.student_id = W.s_age;
    o.advice = INDIVIDUAL;
    o.reason = "very mature for her age, parents insist";
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_OVERRIDE_READINESS;
    req.override_readiness = &o;
    rep = NULL;
    assert_int_equal(sl_client_call(W.coach, &req, &rep, err, sizeof err), SL_EPRECOND);
    assert_non_null(rep);
    assert_int_equal(rep->body_case, STAGELIJN__V1__ENVELOPE__BODY_ERROR);
    assert_true(has_rule((const Stagelijn__V1__RuleViolation *const *)rep->error->violations,
                         rep->error->n_violations, "READY_AGE_14"));
    assert_false(has_rule((const Stagelijn__V1__RuleViolation *const *)rep->error->violations,
                          rep->error->n_violations, "READY_INTERNAL_INTERNSHIP"));
    sl_envelope_free(rep);
    assert_int_equal(audit_rows(), audit);
    assert_int_equal(ts_count_rows(&W.ts, "events"), events);
    assert_int_equal(get_readiness(W.coach, W.s_age, &rep), SL_OK);
    assert_false(rep->readiness->overridden);
    sl_envelope_free(rep);
    /* Through the client as well: refused, exit code 1. */
    char out[16384];
    assert_int_equal(
        ts_run_cli(&W.ts, "stagelijn", "coach", TS_PASSWORD,
                   (const char *const[]){"readiness", "override", "--student", W.s_age, "--advice",
                                         "individual", "--reason", "very mature for her age", NULL},
                   out, sizeof out),
        1);
    assert_non_null(strstr(out, "READY_AGE_14"));

    /* One day later she is 14 on the first day: the age criterion is met. */
    char next[11];
    ts_date_plus(W.planned, 1, next);
    assert_int_equal(assess(W.coach, W.s_age, POS, POS, POS, POS, next, &rep), SL_OK);
    rd = rep->readiness;
    assert_false(has_rule((const Stagelijn__V1__RuleViolation *const *)rd->unmet, rd->n_unmet,
                          "READY_AGE_14"));
    sl_envelope_free(rep);
    /* ...and the override is allowed now (the internships are still missing). */
    assert_int_equal(override(W.coach, W.s_age, INDIVIDUAL, "very mature for her age", NULL),
                     SL_OK);
}

static void test_readiness_refusals(void **state)
{
    (void)state;
    long audit = audit_rows(), rows = ts_count_rows(&W.ts, "readiness");
    /* Bad input. */
    assert_int_equal(assess(W.coach, W.s_b, 5, POS, POS, POS, NULL, NULL), SL_EINVAL);
    assert_int_equal(assess(W.coach, W.s_b, POS, POS, POS, -1, NULL, NULL), SL_EINVAL);
    assert_int_equal(assess(W.coach, W.s_b, POS, POS, POS, POS, "2026-13-01", NULL), SL_EINVAL);
    assert_int_equal(assess(W.coach, W.s_b, POS, POS, POS, POS, "1999-09-01", NULL), SL_EINVAL);
    assert_int_equal(assess(W.coach, W.s_b, POS, POS, POS, POS, "2099-09-01", NULL), SL_EINVAL);
    assert_int_equal(assess(W.coach, "", POS, POS, POS, POS, NULL, NULL), SL_EINVAL);
    assert_int_equal(
        assess(W.coach, "00000000-0000-4000-8000-000000000000", POS, POS, POS, POS, NULL, NULL),
        SL_ENOTFOUND);
    Stagelijn__V1__AssessReadinessRequest empty = STAGELIJN__V1__ASSESS_READINESS_REQUEST__INIT;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_ASSESS_READINESS;
    req.assess_readiness = &empty;
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    /* Wrong roles: mentors advise but do not run the check; companies and students never. */
    assert_int_equal(assess(W.mentor_b, W.s_b, POS, POS, POS, POS, NULL, NULL), SL_EPERM);
    assert_int_equal(assess(W.mentor_a, W.s_ok, POS, POS, POS, POS, NULL, NULL), SL_EPERM);
    assert_int_equal(assess(W.sup_t, W.s_ok, POS, POS, POS, POS, NULL, NULL), SL_EPERM);
    assert_int_equal(assess(W.stud, W.s_ok, POS, POS, POS, POS, NULL, NULL), SL_EPERM);
    assert_int_equal(assess(W.admin, W.s_ok, POS, POS, POS, POS, NULL, NULL), SL_EPERM);
    assert_int_equal(audit_rows(), audit);
    assert_int_equal(ts_count_rows(&W.ts, "readiness"), rows);

    /* Reading: the mentor of another class, the company (even the student's own taster
     * company) and another student may not; a student without a check is NOT_FOUND. */
    assert_int_equal(get_readiness(W.mentor_b, W.s_ok, NULL), SL_EPERM);
    assert_int_equal(get_readiness(W.sup_t, W.s_ok, NULL), SL_EPERM);
    assert_int_equal(get_readiness(W.sup_1, W.s_ok, NULL), SL_EPERM);
    assert_int_equal(get_readiness(W.stud, W.s_nt2, NULL), SL_EPERM);
    assert_int_equal(get_readiness(W.mentor_b, W.s_b, NULL), SL_ENOTFOUND);
    assert_int_equal(get_readiness(W.coach, "bad", NULL), SL_EINVAL);
    assert_int_equal(get_readiness(W.admin, W.s_ok, NULL), SL_OK);

    /* Without a planned start the check takes the next school year's start: 1 September. */
    sl_envelope *rep = NULL;
    assert_int_equal(assess(W.coach, W.s_b, POS, POS, POS, POS, NULL, &rep), SL_OK);
    assert_non_null(strstr(rep->readiness->input->planned_start, "-09-01"));
    sl_envelope_free(rep);
}

/* ---------------------------------------------------------------- matching */

static int find(const Stagelijn__V1__SuggestCompaniesReply *r, const char *company)
{
    for (size_t i = 0; i < r->n_suggestions; i++)
        if (!strcmp(r->suggestions[i]->company->id, company))
            return (int)i;
    return -1;
}

static void test_match_suggestions(void **state)
{
    (void)state;
    /* Provisional sectors 3 and 4, cycling distance 15 km (the default). */
    sl_envelope *rep = NULL;
    assert_int_equal(suggest(W.coach, W.s_match, 0, 0, &rep), SL_OK);
    const Stagelijn__V1__SuggestCompaniesReply *s = rep->suggest_companies_reply;
    assert_int_equal(s->n_suggestions, 3);
    /* Sector match first, then distance: Near Horeca (5.6 km), Other Sector (3.3 km),
     * No Sector (4.4 km). Far, full, no supervision and the school canteen are left out. */
    assert_string_equal(s->suggestions[0]->company->id, W.m_near);
    assert_true(s->suggestions[0]->sector_match);
    assert_true(s->suggestions[0]->within_cycling_distance);
    assert_true(s->suggestions[0]->distance_km > 5.5 && s->suggestions[0]->distance_km < 5.62);
    assert_int_equal(s->suggestions[0]->free_places, 2);
    assert_int_equal(s->suggestions[0]->free_supervision, 2);
    assert_int_equal(s->suggestions[0]->company->n_sectors, 1);
    assert_int_equal(s->suggestions[0]->company->sectors[0], 3);
    assert_string_equal(s->suggestions[1]->company->id, W.m_other);
    assert_false(s->suggestions[1]->sector_match);
    assert_string_equal(s->suggestions[2]->company->id, W.m_nosector);
    assert_false(s->suggestions[2]->sector_match);
    assert_int_equal(find(s, W.m_far), -1);
    assert_int_equal(find(s, W.m_full), -1);
    assert_int_equal(find(s, W.m_nosup), -1);
    assert_int_equal(find(s, W.canteen), -1);
    sl_envelope_free(rep);

    /* A larger radius brings Amsterdam in, marked as beyond cycling distance. */
    assert_int_equal(suggest(W.coach, W.s_match, 0, 40, &rep), SL_OK);
    s = rep->suggest_companies_reply;
    assert_int_equal(s->n_suggestions, 4);
    assert_string_equal(s->suggestions[1]->company->id, W.m_far);
    assert_true(s->suggestions[1]->sector_match);
    assert_false(s->suggestions[1]->within_cycling_distance);
    assert_true(s->suggestions[1]->distance_km > 34.0 && s->suggestions[1]->distance_km < 34.3);
    sl_envelope_free(rep);

    /* A smaller radius leaves the 5.6 km company out. */
    assert_int_equal(suggest(W.coach, W.s_match, 0, 5, &rep), SL_OK);
    s = rep->suggest_companies_reply;
    assert_int_equal(s->n_suggestions, 2);
    assert_int_equal(find(s, W.m_near), -1);
    sl_envelope_free(rep);

    /* Asking for sector 5 puts Other Sector first. */
    assert_int_equal(suggest(W.coach, W.s_match, 5, 0, &rep), SL_OK);
    s = rep->suggest_companies_reply;
    assert_string_equal(s->suggestions[0]->company->id, W.m_other);
    assert_true(s->suggestions[0]->sector_match);
    assert_false(s->suggestions[1]->sector_match);
    sl_envelope_free(rep);

    /* A definitive sector replaces the provisional ones: 4 (green) matches nobody here. */
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE students SET definitive_sector = 4 WHERE id = '%s'",
             W.s_match);
    assert_true(db_exec(sql));
    assert_int_equal(suggest(W.coach, W.s_match, 0, 0, &rep), SL_OK);
    s = rep->suggest_companies_reply;
    assert_int_equal(s->n_suggestions, 3);
    for (size_t i = 0; i < s->n_suggestions; i++)
        assert_false(s->suggestions[i]->sector_match);
    assert_string_equal(s->suggestions[0]->company->id, W.m_other); /* nearest first */
    sl_envelope_free(rep);
    snprintf(sql, sizeof sql, "UPDATE students SET definitive_sector = NULL WHERE id = '%s'",
             W.s_match);
    assert_true(db_exec(sql));

    /* The workstation client. */
    char out[65536];
    assert_int_equal(cli("stagelijn", "coach", out, sizeof out, "match", "suggest", "--student",
                         W.s_match, "--max-km", "40", NULL),
                     0);
    char *near = strstr(out, "Near Horeca"), *far = strstr(out, "Far Horeca"),
         *other = strstr(out, "Other Sector");
    assert_true(near && far && other && near < far && far < other);
    assert_null(strstr(out, "Full Horeca"));
}

static void test_match_refusals(void **state)
{
    (void)state;
    sl_envelope *rep = NULL;
    /* No home location: the rule id tells the coach what to fix. */
    assert_int_equal(suggest(W.coach, W.s_nohome, 0, 0, &rep), SL_EPRECOND);
    assert_non_null(rep);
    assert_true(has_rule((const Stagelijn__V1__RuleViolation *const *)rep->error->violations,
                         rep->error->n_violations, "MATCH_NO_HOME_LOCATION"));
    sl_envelope_free(rep);
    assert_int_equal(suggest(W.coach, W.s_match, 11, 0, NULL), SL_EINVAL);
    assert_int_equal(suggest(W.coach, W.s_match, 0, -1, NULL), SL_EINVAL);
    assert_int_equal(suggest(W.coach, W.s_match, 0, 501, NULL), SL_EINVAL);
    assert_int_equal(suggest(W.coach, "nope", 0, 0, NULL), SL_EINVAL);
    assert_int_equal(suggest(W.mentor_a, W.s_match, 0, 0, NULL), SL_EPERM);
    assert_int_equal(suggest(W.sup_1, W.s_match, 0, 0, NULL), SL_EPERM);
    assert_int_equal(suggest(W.stud, W.s_ok, 0, 0, NULL), SL_EPERM);
    assert_int_equal(suggest(W.admin, W.s_match, 0, 0, NULL), SL_EPERM);
    char out[4096];
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn", "coach", TS_PASSWORD,
                                (const char *const[]){"match", "suggest", "--student", W.s_match,
                                                      "--max-km", "far", NULL},
                                out, sizeof out),
                     2);
}

/* ---------------------------------------------------------------- introductory meeting */

static void test_intro_meeting(void **state)
{
    (void)state;
    char today[11], tomorrow[11], long_ago[11];
    ts_date(0, today);
    ts_date(1, tomorrow);
    ts_date(-800, long_ago);
    long audit = audit_rows(), rows = ts_count_rows(&W.ts, "intro_meetings");
    assert_int_equal(intro(W.coach, W.s_match, W.m_near, tomorrow, true, "", NULL), SL_EPRECOND);
    assert_int_equal(intro(W.coach, W.s_match, W.m_near, long_ago, true, "", NULL), SL_EINVAL);
    assert_int_equal(intro(W.coach, W.s_match, W.m_near, "28-11-2026", true, "", NULL), SL_EINVAL);
    assert_int_equal(intro(W.coach, W.s_match, "", today, true, "", NULL), SL_EINVAL);
    assert_int_equal(
        intro(W.coach, W.s_match, "00000000-0000-4000-8000-000000000000", today, true, "", NULL),
        SL_ENOTFOUND);
    assert_int_equal(intro(W.mentor_a, W.s_match, W.m_near, today, true, "", NULL), SL_EPERM);
    assert_int_equal(intro(W.sup_1, W.s_match, W.m_near, today, true, "", NULL), SL_EPERM);
    assert_int_equal(intro(W.stud, W.s_ok, W.m_near, today, true, "", NULL), SL_EPERM);
    char *huge = calloc(1, 20000);
    memset(huge, 'n', 19999);
    assert_int_equal(intro(W.coach, W.s_match, W.m_near, today, true, huge, NULL), SL_EINVAL);
    free(huge);
    Stagelijn__V1__RecordIntroMeetingRequest none =
        STAGELIJN__V1__RECORD_INTRO_MEETING_REQUEST__INIT;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_INTRO_MEETING;
    req.record_intro_meeting = &none;
    assert_true(ts_expect(W.coach, &req, SL_EINVAL));
    assert_int_equal(audit_rows(), audit);
    assert_int_equal(ts_count_rows(&W.ts, "intro_meetings"), rows);

    sl_envelope *rep = NULL;
    assert_int_equal(intro(W.coach, W.s_match, W.m_other, today, false, "not a fit", &rep), SL_OK);
    assert_false(rep->intro_meeting->agreed);
    assert_int_equal(strlen(rep->intro_meeting->id), 36);
    assert_int_equal(strlen(rep->intro_meeting->coach_id), 36);
    sl_envelope_free(rep);
    char out[16384];
    assert_int_equal(cli("stagelijn", "coach", out, sizeof out, "intro", "record", "--student",
                         W.s_match, "--company", W.m_near, "--date", today, "--agreed", "yes",
                         "--notes", "both sides agree; contract next", NULL),
                     0);
    assert_non_null(strstr(out, "both sides agree"));
    assert_int_equal(ts_count_rows(&W.ts, "intro_meetings"), rows + 2);
    assert_int_equal(audit_rows(), audit + 2);
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit WHERE operation = 'intro_meeting.record' AND "
             "details LIKE '%%%s%% agreed'",
             W.m_near);
    assert_int_equal(db_long(sql), 1);
    /* No placement appears by itself: the coach drafts the contract next. */
    snprintf(sql, sizeof sql, "SELECT count(*) FROM placements WHERE student_id = '%s'", W.s_match);
    assert_int_equal(db_long(sql), 0);
    assert_int_equal(
        ts_run_cli(&W.ts, "stagelijn", "coach", TS_PASSWORD,
                   (const char *const[]){"intro", "record", "--student", W.s_match, "--company",
                                         W.m_near, "--date", today, "--agreed", "maybe", NULL},
                   out, sizeof out),
        2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_assessment_verdict_and_aspects),
        cmocka_unit_test(test_readiness_all_positive_is_individual),
        cmocka_unit_test(test_readiness_nt2_goes_to_group_and_override),
        cmocka_unit_test(test_readiness_age_boundary),
        cmocka_unit_test(test_readiness_refusals),
        cmocka_unit_test(test_match_suggestions),
        cmocka_unit_test(test_match_refusals),
        cmocka_unit_test(test_intro_meeting),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
