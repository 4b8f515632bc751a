/* The overviews against a real stagelijnd: a coach's visit plan ordered into a route over
 * companies at known coordinates, the caseload (visits overdue, agendas to sign off,
 * assessments due), the class overview per mentor, and the dossier per role. */
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

enum { FAR, NEAR, MID, NOPOS, N_CO };

typedef struct {
    test_server ts;
    sl_client *admin, *coach, *coach2, *mentor_a, *mentor_b, *sup_near, *stud;
    char coach_id[37], coach2_id[37], mentor_a_id[37];
    char company[N_CO][37], sup[N_CO][37];
    char class_a[37], class_b[37];
    char s1[37], s2[37], s3[37], s4[37], s5[37], s6[37], s7[37];
    char p1[37], p2[37], p3[37], p4[37], p5[37], p6[37], p7[37];
    char week_id[37];
} world;

static world W;

/* A sector placement of `student` at company `co` on Mondays; new placements start as proposed
 * and become active only with a complete, signed contract (the contract family), which this
 * walks when the server asks for it. A parent signs only for a minor. */
static bool make_placement(sl_client *coach, const char *student, int co, const char *start,
                           const char *end, char *id)
{
    const ts_placement_spec p = {.student_id = student,
                                 .company_id = W.company[co],
                                 .supervisor_id = W.sup[co],
                                 .kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR,
                                 .start_date = start,
                                 .end_date = end,
                                 .n_days = 1,
                                 .day_start = "09:00",
                                 .day_end = "14:00",
                                 .break_minutes = 30};
    return ts_make_active_placement(coach, &p, TS_SIGN_PARENT_IF_ACCEPTED, id);
}

/* A student of 16 in class `class_id`, with a support need or not, and a login with a
 * username. */
static bool make_student(const char *first, const char *class_id, bool support,
                         const char *username, char *id, char *otp)
{
    const ts_student_spec s = {.first_name = first,
                               .class_id = class_id,
                               .date_of_birth = "2010-05-05",
                               .support_need = support,
                               .username = username};
    return ts_make_student(W.admin, &s, id, otp);
}

static bool log_visit(const char *pid, const char *date, const char *notes)
{
    char *present[] = {"student", "supervisor"};
    Stagelijn__V1__Visit v = STAGELIJN__V1__VISIT__INIT;
    v.placement_id = (char *)pid;
    v.date = (char *)date;
    v.present = present;
    v.n_present = 2;
    v.notes = (char *)notes;
    Stagelijn__V1__LogVisitRequest lv = STAGELIJN__V1__LOG_VISIT_REQUEST__INIT;
    lv.visit = &v;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOG_VISIT;
    req.log_visit = &lv;
    return ts_send(W.coach, &req, NULL) == SL_OK;
}

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&W.ts, "school_latitude = 52.0\nschool_longitude = 5.0\n"))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char mb[37], otp[64];
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, W.coach_id) ||
        !ts_create_user(W.admin, "coach2", 3, NULL, W.coach2_id) ||
        !ts_create_user(W.admin, "mentor-a", 4, NULL, W.mentor_a_id) ||
        !ts_create_user(W.admin, "mentor-b", 4, NULL, mb) ||
        !ts_make_class(W.admin, "A", 4, W.mentor_a_id, W.class_a) ||
        !ts_make_class(W.admin, "B", 4, mb, W.class_b))
        return -1;
    /* The school at (52.0, 5.0); companies due north at about 11.1, 1.1 and 5.6 km. */
    const double lat[N_CO] = {52.10, 52.01, 52.05, 0.0};
    const char *names[N_CO] = {"Far BV", "Near BV", "Mid BV", "Nowhere BV"};
    const char *sups[N_CO] = {"sup-far", "sup-near", "sup-mid", "sup-nopos"};
    for (int i = 0; i < N_CO; i++) {
        const ts_company_spec co = {.name = names[i],
                                    .address = "Hoofdstraat 1",
                                    .city = "Utrecht",
                                    .latitude = lat[i],
                                    .longitude = i == NOPOS ? 0.0 : 5.0,
                                    .places = 3,
                                    .supervision_capacity = 3};
        if (!ts_make_company(W.admin, &co, W.company[i]) ||
            !ts_create_user(W.admin, sups[i], 5, W.company[i], W.sup[i]))
            return -1;
    }
    if (!make_student("Sam", W.class_a, false, "sam", W.s1, otp) ||
        !make_student("Tess", W.class_a, false, NULL, W.s2, NULL) ||
        !make_student("Umar", W.class_a, false, NULL, W.s3, NULL) ||
        !make_student("Vera", W.class_a, false, NULL, W.s4, NULL) ||
        !make_student("Wim", W.class_b, true, NULL, W.s5, NULL) ||
        !make_student("Xena", W.class_a, false, NULL, W.s6, NULL) ||
        !make_student("Yara", W.class_b, false, NULL, W.s7, NULL))
        return -1;
    W.stud = ts_student_login(&W.ts, "sam", otp);
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    W.coach2 = ts_login(&W.ts, "coach2", TS_PASSWORD);
    W.mentor_a = ts_login(&W.ts, "mentor-a", TS_PASSWORD);
    W.mentor_b = ts_login(&W.ts, "mentor-b", TS_PASSWORD);
    W.sup_near = ts_login(&W.ts, "sup-near", TS_PASSWORD);
    if (!W.stud || !W.coach || !W.coach2 || !W.mentor_a || !W.mentor_b || !W.sup_near)
        return -1;

    char start[11], end[11], short_start[11], short_end[11], yesterday[11];
    ts_monday(-28, start);
    ts_date(90, end);
    ts_date(-5, short_start);
    ts_date(10, short_end);
    ts_date(-1, yesterday);
    /* Created far first, so that the route's order is the server's work. */
    if (!make_placement(W.coach, W.s1, FAR, start, end, W.p1) ||
        !make_placement(W.coach, W.s4, NOPOS, start, end, W.p4) ||
        !make_placement(W.coach, W.s3, MID, start, end, W.p3) ||
        !make_placement(W.coach, W.s2, NEAR, start, end, W.p2) ||
        !make_placement(W.coach, W.s5, MID, short_start, short_end, W.p5) ||
        !make_placement(W.coach, W.s6, NEAR, start, end, W.p6) ||
        !make_placement(W.coach2, W.s7, FAR, start, end, W.p7))
        return -1;
    return log_visit(W.p6, yesterday, "SECRET-NOTE about the home situation") ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *all[] = {W.admin, W.coach, W.coach2, W.mentor_a, W.mentor_b, W.sup_near, W.stud};
    return ts_teardown(&W.ts, all, sizeof all / sizeof all[0]);
}

/* ---------------------------------------------------------------- visit plan */

static sl_status visit_plan(sl_client *c, const char *week, const char *coach, sl_envelope **out)
{
    Stagelijn__V1__VisitPlanRequest vp = STAGELIJN__V1__VISIT_PLAN_REQUEST__INIT;
    vp.week_start = (char *)(week ? week : "");
    vp.coach_id = (char *)(coach ? coach : "");
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_VISIT_PLAN;
    req.visit_plan = &vp;
    return ts_send(c, &req, out);
}

static void test_visit_plan_route(void **state)
{
    (void)state;
    char monday[11];
    ts_monday(0, monday);
    sl_envelope *rep = NULL;
    assert_int_equal(visit_plan(W.coach, monday, NULL, &rep), SL_OK);
    Stagelijn__V1__VisitPlanReply *vp = rep->visit_plan_reply;
    /* Due: the four interns not visited since they started 4+ weeks ago. Not due: the one
     * visited yesterday and the one who started 5 days ago. Not: a colleague's intern. */
    assert_int_equal(vp->n_visits, 4);
    assert_string_equal(vp->visits[0]->placement_id, W.p2); /* near */
    assert_string_equal(vp->visits[1]->placement_id, W.p3); /* mid */
    assert_string_equal(vp->visits[2]->placement_id, W.p1); /* far */
    assert_string_equal(vp->visits[3]->placement_id, W.p4); /* no position: last */
    for (uint32_t i = 0; i < 4; i++) {
        assert_int_equal(vp->visits[i]->order, i + 1);
        assert_true(vp->visits[i]->overdue);
    }
    assert_true(vp->visits[0]->leg_km > 1.0 && vp->visits[0]->leg_km < 1.2);
    assert_true(vp->visits[1]->leg_km > 4.3 && vp->visits[1]->leg_km < 4.6);
    assert_true(vp->visits[2]->leg_km > 5.4 && vp->visits[2]->leg_km < 5.7);
    assert_true(vp->visits[3]->leg_km == 0.0);
    assert_true(vp->total_km > 11.0 && vp->total_km < 11.3);
    assert_string_equal(vp->visits[0]->address, "Hoofdstraat 1, Utrecht");
    assert_string_equal(vp->visits[0]->company_name, "Near BV");
    sl_envelope_free(rep);

    /* A support student is visited more often: two weeks on, the short internship's visit
     * is due (14 days) before it ends; at 21 days it would fall after the end. */
    char later[11];
    ts_monday(14, later);
    assert_int_equal(visit_plan(W.coach, later, NULL, &rep), SL_OK);
    bool has_p5 = false;
    for (size_t i = 0; i < rep->visit_plan_reply->n_visits; i++)
        if (!strcmp(rep->visit_plan_reply->visits[i]->placement_id, W.p5)) {
            has_p5 = true;
            assert_false(rep->visit_plan_reply->visits[i]->overdue);
        }
    assert_true(has_p5);
    sl_envelope_free(rep);

    /* A colleague's plan: a support coach looks at coach2's week, and coach2 at his own. */
    assert_int_equal(visit_plan(W.coach, monday, W.coach2_id, &rep), SL_OK);
    assert_int_equal(rep->visit_plan_reply->n_visits, 1);
    assert_string_equal(rep->visit_plan_reply->visits[0]->placement_id, W.p7);
    sl_envelope_free(rep);

    /* The real client: default week is this week. */
    char out[16384];
    const char *args[] = {"visit", "plan", NULL};
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn", "coach", TS_PASSWORD, args, out, sizeof out),
                     0);
    assert_non_null(strstr(out, W.p2));
    assert_non_null(strstr(out, "Mid BV"));

    /* Refusals: bad week, bad coach id, not a coach, and the roles without a plan. */
    long audit = ts_count_rows(&W.ts, "audit");
    char tuesday[11];
    ts_date_plus(monday, 1, tuesday);
    assert_int_equal(visit_plan(W.coach, tuesday, NULL, NULL), SL_EINVAL);
    assert_int_equal(visit_plan(W.coach, "2026-02-30", NULL, NULL), SL_EINVAL);
    assert_int_equal(visit_plan(W.coach, monday, "not-an-id", NULL), SL_EINVAL);
    assert_int_equal(visit_plan(W.coach, monday, W.mentor_a_id, NULL), SL_ENOTFOUND);
    assert_int_equal(visit_plan(W.admin, monday, NULL, NULL), SL_EPERM);
    assert_int_equal(visit_plan(W.mentor_a, monday, NULL, NULL), SL_EPERM);
    assert_int_equal(visit_plan(W.sup_near, monday, NULL, NULL), SL_EPERM);
    assert_int_equal(visit_plan(W.stud, monday, NULL, NULL), SL_EPERM);
    assert_int_equal(ts_count_rows(&W.ts, "audit"), audit);
}

/* ---------------------------------------------------------------- caseload */

static sl_status caseload(sl_client *c, sl_envelope **out)
{
    Stagelijn__V1__CaseloadRequest cr = STAGELIJN__V1__CASELOAD_REQUEST__INIT;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CASELOAD;
    req.caseload = &cr;
    return ts_send(c, &req, out);
}

static int count_kind(const Stagelijn__V1__Caseload *c, const char *kind, const char *pid)
{
    int n = 0;
    for (size_t i = 0; i < c->n_items; i++)
        if (!strcmp(c->items[i]->kind, kind) && (!pid || !strcmp(c->items[i]->placement_id, pid)))
            n++;
    return n;
}

static void test_caseload(void **state)
{
    (void)state;
    /* The supervisor signs a week of Tess's agenda: the coach must sign it off in class. */
    char week[11], monday_day[11];
    ts_monday(-7, week);
    snprintf(monday_day, sizeof monday_day, "%s", week);
    Stagelijn__V1__AgendaDay day = STAGELIJN__V1__AGENDA_DAY__INIT;
    day.date = monday_day;
    day.minutes_worked = 270;
    day.tasks = "shelves";
    Stagelijn__V1__AgendaDay *days[1] = {&day};
    Stagelijn__V1__SubmitAgendaWeekRequest aw = STAGELIJN__V1__SUBMIT_AGENDA_WEEK_REQUEST__INIT;
    aw.placement_id = W.p2;
    aw.week_start = week;
    aw.days = days;
    aw.n_days = 1;
    aw.sign = true;
    ENV(areq);
    areq.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_AGENDA_WEEK;
    areq.submit_agenda_week = &aw;
    sl_envelope *rep = ts_call(W.sup_near, &areq, SL_OK);
    assert_non_null(rep);
    snprintf(W.week_id, 37, "%s", rep->agenda_week->id);
    sl_envelope_free(rep);

    assert_int_equal(caseload(W.coach, &rep), SL_OK);
    const Stagelijn__V1__Caseload *c = rep->caseload_reply;
    assert_int_equal(count_kind(c, "intern", NULL), 6);
    /* Visits overdue for the four not visited; not for the one visited yesterday or the
     * short internship (due in 9 days, beyond the 7-day window). */
    assert_int_equal(count_kind(c, "visit_due", NULL), 4);
    assert_int_equal(count_kind(c, "visit_due", W.p6), 0);
    assert_int_equal(count_kind(c, "agenda_to_sign", W.p2), 1);
    for (size_t i = 0; i < c->n_items; i++)
        if (!strcmp(c->items[i]->kind, "agenda_to_sign"))
            assert_string_equal(c->items[i]->ref_id, W.week_id);
    /* The short internship: past a third (interim period 1) and ending within 14 days. */
    assert_int_equal(count_kind(c, "assessment_due", W.p5), 2);
    assert_int_equal(count_kind(c, "assessment_due", W.p1), 0);
    sl_envelope_free(rep);

    /* The real client shows the same. */
    char out[32768];
    const char *args[] = {"caseload", NULL};
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn", "coach", TS_PASSWORD, args, out, sizeof out),
                     0);
    assert_non_null(strstr(out, "agenda_to_sign"));
    assert_non_null(strstr(out, W.week_id));

    /* Signing off the week and the interim assessment clear those items. */
    Stagelijn__V1__SignAgendaWeekRequest sw = STAGELIJN__V1__SIGN_AGENDA_WEEK_REQUEST__INIT;
    sw.agenda_week_id = W.week_id;
    ENV(sreq);
    sreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_SIGN_AGENDA_WEEK;
    sreq.sign_agenda_week = &sw;
    assert_true(ts_expect(W.coach, &sreq, SL_OK));
    Stagelijn__V1__CompetenceRatings r = STAGELIJN__V1__COMPETENCE_RATINGS__INIT;
    r.persoonlijk = r.arbeid = r.sociaal = r.onderzoek = r.leren = 3;
    Stagelijn__V1__Assessment as = STAGELIJN__V1__ASSESSMENT__INIT;
    as.placement_id = W.p5;
    as.kind = STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_INTERIM;
    as.period = 1;
    as.ratings = &r;
    as.verdict = STAGELIJN__V1__JUDGEMENT__JUDGEMENT_POSITIVE;
    Stagelijn__V1__SubmitAssessmentRequest sa = STAGELIJN__V1__SUBMIT_ASSESSMENT_REQUEST__INIT;
    sa.assessment = &as;
    ENV(asreq);
    asreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_ASSESSMENT;
    asreq.submit_assessment = &sa;
    assert_true(ts_expect(W.coach, &asreq, SL_OK));
    assert_int_equal(caseload(W.coach, &rep), SL_OK);
    assert_int_equal(count_kind(rep->caseload_reply, "agenda_to_sign", NULL), 0);
    assert_int_equal(count_kind(rep->caseload_reply, "assessment_due", W.p5), 1);
    sl_envelope_free(rep);

    /* Another coach sees only his own interns. */
    assert_int_equal(caseload(W.coach2, &rep), SL_OK);
    assert_int_equal(count_kind(rep->caseload_reply, "intern", NULL), 1);
    assert_int_equal(count_kind(rep->caseload_reply, "intern", W.p7), 1);
    sl_envelope_free(rep);

    long audit = ts_count_rows(&W.ts, "audit");
    assert_int_equal(caseload(W.admin, NULL), SL_EPERM);
    assert_int_equal(caseload(W.mentor_a, NULL), SL_EPERM);
    assert_int_equal(caseload(W.sup_near, NULL), SL_EPERM);
    assert_int_equal(caseload(W.stud, NULL), SL_EPERM);
    assert_int_equal(ts_count_rows(&W.ts, "audit"), audit);
}

/* ---------------------------------------------------------------- dossier */

static sl_status dossier(sl_client *c, const char *student, sl_envelope **out)
{
    Stagelijn__V1__GetDossierRequest g = STAGELIJN__V1__GET_DOSSIER_REQUEST__INIT;
    g.student_id = (char *)student;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_DOSSIER;
    req.get_dossier = &g;
    return ts_send(c, &req, out);
}

static bool has_entry(const Stagelijn__V1__Dossier *d, const char *kind, const char *ref)
{
    for (size_t i = 0; i < d->n_entries; i++)
        if (!strcmp(d->entries[i]->kind, kind) && (!ref || !strcmp(d->entries[i]->ref_id, ref)))
            return true;
    return false;
}

static void test_dossier(void **state)
{
    (void)state;
    sl_envelope *rep = NULL;
    /* Tess: a placement, its contract path and the agenda week signed and signed off. */
    assert_int_equal(dossier(W.coach, W.s2, &rep), SL_OK);
    const Stagelijn__V1__Dossier *d = rep->dossier;
    assert_string_equal(d->student->id, W.s2);
    assert_true(has_entry(d, "placement", W.p2));
    assert_true(has_entry(d, "agenda", W.week_id));
    for (size_t i = 1; i < d->n_entries; i++)
        assert_true(strcmp(d->entries[i - 1]->date, d->entries[i]->date) <= 0);
    sl_envelope_free(rep);

    /* The mentor of the class reads it; the mentor of another class and the company's
     * supervisor do not; the admin does. */
    assert_int_equal(dossier(W.mentor_a, W.s2, NULL), SL_OK);
    long audit = ts_count_rows(&W.ts, "audit");
    assert_int_equal(dossier(W.mentor_b, W.s2, NULL), SL_EPERM);
    assert_int_equal(dossier(W.sup_near, W.s2, NULL), SL_EPERM);
    assert_int_equal(dossier(W.coach, "xyz", NULL), SL_EINVAL);
    assert_int_equal(dossier(W.coach, "00000000-0000-4000-8000-000000000000", NULL), SL_ENOTFOUND);

    /* A student reads his own dossier (right of access), not another's. */
    assert_int_equal(dossier(W.stud, W.s1, &rep), SL_OK);
    assert_true(has_entry(rep->dossier, "placement", W.p1));
    sl_envelope_free(rep);
    assert_int_equal(dossier(W.stud, W.s2, NULL), SL_EPERM);
    assert_int_equal(ts_count_rows(&W.ts, "audit"), audit);
    /* The admin reads it too; that read is audited (read.GetDossier, written just after the
     * reply: tests/integration/test_backup.c), so it comes after the count above. */
    assert_int_equal(dossier(W.admin, W.s2, NULL), SL_OK);

    /* The real client: Xena's visit is in her line, its free-text notes are not. */
    char out[32768];
    const char *args[] = {"dossier", "--student", W.s6, NULL};
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn", "coach", TS_PASSWORD, args, out, sizeof out),
                     0);
    assert_non_null(strstr(out, "\"kind\":\"visit\""));
    assert_null(strstr(out, "SECRET-NOTE"));
}

/* ---------------------------------------------------------------- class overview */

static sl_status class_overview(sl_client *c, const char *class_id, sl_envelope **out)
{
    Stagelijn__V1__ClassOverviewRequest co = STAGELIJN__V1__CLASS_OVERVIEW_REQUEST__INIT;
    co.class_id = (char *)class_id;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CLASS_OVERVIEW;
    req.class_overview = &co;
    return ts_send(c, &req, out);
}

static void test_class_overview(void **state)
{
    (void)state;
    /* Xena drops out: her row shows it. */
    char today[11];
    ts_date(0, today);
    Stagelijn__V1__ReportDropoutRequest rd = STAGELIJN__V1__REPORT_DROPOUT_REQUEST__INIT;
    rd.placement_id = W.p6;
    rd.date = today;
    rd.reason = "conflict with a colleague";
    ENV(dreq);
    dreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_REPORT_DROPOUT;
    dreq.report_dropout = &rd;
    assert_true(ts_expect(W.coach, &dreq, SL_OK));

    sl_envelope *rep = NULL;
    assert_int_equal(class_overview(W.mentor_a, W.class_a, &rep), SL_OK);
    const Stagelijn__V1__ClassOverview *o = rep->class_overview_reply;
    assert_int_equal(o->n_rows, 5);
    bool seen_tess = false, seen_xena = false;
    char yesterday[11];
    ts_date(-1, yesterday);
    for (size_t i = 0; i < o->n_rows; i++) {
        const Stagelijn__V1__ClassOverviewRow *row = o->rows[i];
        assert_true(strcmp(row->student_id, W.s5) != 0); /* class B */
        if (!strcmp(row->student_id, W.s2)) {
            seen_tess = true;
            assert_string_equal(row->placement_id, W.p2);
            assert_string_equal(row->company_name, "Near BV");
            assert_int_equal(row->status, STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE);
            assert_int_equal(row->dropouts, 0);
        }
        if (!strcmp(row->student_id, W.s6)) {
            seen_xena = true;
            assert_int_equal(row->dropouts, 1);
            assert_int_equal(row->status, STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ENDED_EARLY);
            assert_string_equal(row->last_visit, yesterday);
        }
    }
    assert_true(seen_tess && seen_xena);
    sl_envelope_free(rep);

    /* The real client, as a coach for class B. */
    char out[16384];
    const char *args[] = {"class", "overview", "--class", W.class_b, NULL};
    assert_int_equal(ts_run_cli(&W.ts, "stagelijn", "coach2", TS_PASSWORD, args, out, sizeof out),
                     0);
    assert_non_null(strstr(out, W.s5));
    assert_non_null(strstr(out, W.s7));

    /* A mentor only his/her own class: mentor B is refused class A, mentor A class B. */
    long audit = ts_count_rows(&W.ts, "audit");
    assert_int_equal(class_overview(W.mentor_b, W.class_a, NULL), SL_EPERM);
    assert_int_equal(class_overview(W.mentor_a, W.class_b, NULL), SL_EPERM);
    assert_int_equal(class_overview(W.mentor_b, W.class_b, NULL), SL_OK);
    assert_int_equal(class_overview(W.sup_near, W.class_a, NULL), SL_EPERM);
    assert_int_equal(class_overview(W.stud, W.class_a, NULL), SL_EPERM);
    assert_int_equal(class_overview(W.admin, W.class_a, NULL), SL_OK);
    assert_int_equal(class_overview(W.mentor_a, "", NULL), SL_EINVAL);
    assert_int_equal(class_overview(W.mentor_a, "00000000-0000-4000-8000-000000000000", NULL),
                     SL_ENOTFOUND);
    assert_int_equal(ts_count_rows(&W.ts, "audit"), audit);
}

int main(void)
{
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_visit_plan_route),
        cmocka_unit_test(test_caseload),
        cmocka_unit_test(test_dossier),
        cmocka_unit_test(test_class_overview),
    };
    return cmocka_run_group_tests_name("integration_overview", tests, setup, teardown);
}
