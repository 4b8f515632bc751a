/* Every text field the protocol writes comes back unchanged. Each write request of the
 * families school (users, classes, companies, students), preparation, contract, periods,
 * group, progress, dropout and aftercare gets distinctive text with Dutch diacritics and an
 * apostrophe in every text field it has; a later read request (or the write's own reply, which
 * the server reads back from the store) must answer the same bytes. Fields no request returns
 * (a dropout's reason, a group reflection's notes, a study advice's notes) are read from the
 * store file. A bind that stored text as a number (the exit's advice once came back as
 * "237165552") or cut it short fails here. Not covered: SaveExamSession (an Entree exam in
 * May needs an eligible student: hours and a passed internship). */
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
#include "records.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT

/* Distinctive text: diacritics (two-byte and three-byte UTF-8), an apostrophe, a quote, and
 * a tag naming the field so that two fields swapped are caught too. */
#define TX(field) "Zoë Çelik van 't Hof — «" field "» ĳverig, café \"De Öster\""

static struct {
    test_server ts;
    sl_client *admin, *coach, *sup, *zoe;
    char klass[37], klass2[37], klass3[37], company[37], sup_id[37], zoe_id[37], sem_id[37];
    char mila_id[37], klass6[37], noah_id[37];
    char placement[37], proposed[37], monday[11];
} W;

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&W.ts, NULL))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char otp[64];
    const ts_company_spec co = {.name = "Hoveniersbedrijf Groen"};
    const ts_student_spec zoe = {.first_name = "Zoë",
                                 .last_name = "van 't Hof",
                                 .class_id = W.klass,
                                 .date_of_birth = "2006-03-03",
                                 .username = "zoe"};
    const ts_student_spec sem = {
        .first_name = "Sem", .class_id = W.klass2, .date_of_birth = "2012-04-04"};
    const ts_student_spec mila = {
        .first_name = "Mila", .class_id = W.klass3, .date_of_birth = "2011-05-05"};
    const ts_student_spec noah = {
        .first_name = "Noah", .class_id = W.klass6, .date_of_birth = "2008-06-06"};
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, NULL) ||
        !ts_make_class(W.admin, "5R", 5, NULL, W.klass) ||
        !ts_make_class(W.admin, "2R", 2, NULL, W.klass2) ||
        !ts_make_class(W.admin, "3R", 3, NULL, W.klass3) ||
        !ts_make_class(W.admin, "ER", 6, NULL, W.klass6) ||
        !ts_make_company(W.admin, &co, W.company) ||
        !ts_create_user(W.admin, "sup", 5, W.company, W.sup_id) ||
        !ts_make_student(W.admin, &zoe, W.zoe_id, otp) ||
        !ts_make_student(W.admin, &sem, W.sem_id, NULL) ||
        !ts_make_student(W.admin, &mila, W.mila_id, NULL) ||
        !ts_make_student(W.admin, &noah, W.noah_id, NULL))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    W.sup = ts_login(&W.ts, "sup", TS_PASSWORD);
    W.zoe = ts_student_login(&W.ts, "zoe", otp);
    if (!W.coach || !W.sup || !W.zoe)
        return -1;
    char start[11], end[11], later[11], later_end[11];
    ts_monday(-14, start);
    ts_date(60, end);
    ts_monday(-7, W.monday);
    ts_placement_spec p = ts_sector_week(W.zoe_id, W.company, W.sup_id, start, end);
    if (!ts_make_active_placement(W.coach, &p, TS_SIGN_ADULT, W.placement))
        return -1;
    /* A second, later placement stays proposed: its contract is written below. */
    ts_monday(70, later);
    ts_date(120, later_end);
    p.start_date = later;
    p.end_date = later_end;
    p.n_days = 2; /* a year-5 internship of 2 days: a school-norm warning to accept */
    return ts_make_placement(W.coach, &p, SL_OK, W.proposed) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *c[] = {W.admin, W.coach, W.sup, W.zoe};
    return ts_teardown(&W.ts, c, 4);
}

/* Sends `req` as `c`, expects SL_OK and returns the reply (caller frees). */
static sl_envelope *ok(sl_client *c, sl_envelope *req)
{
    sl_envelope *rep = ts_call(c, req, SL_OK);
    assert_non_null(rep);
    return rep;
}

/* The text a write-only field holds in the store (no request reads it back): `sql` selects
 * one text column for ?1 = id. Copies it into out (empty when there is no row). */
static void stored_text(const char *sql, const char *id, char *out, size_t outlen)
{
    char path[300];
    snprintf(path, sizeof path, "%s/stagelijn.db", W.ts.dir);
    sqlite3 *db;
    out[0] = '\0';
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        assert_int_equal(sqlite3_column_type(st, 0), SQLITE_TEXT);
        snprintf(out, outlen, "%s", (const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* ---------------------------------------------------------------- school */

static void test_school(void **state)
{
    (void)state;
    /* A user's display name. */
    Stagelijn__V1__CreateUserRequest cu = STAGELIJN__V1__CREATE_USER_REQUEST__INIT;
    cu.username = "mentor-zoe";
    cu.display_name = TX("display_name");
    cu.role = STAGELIJN__V1__ROLE__ROLE_MENTOR;
    cu.password = TS_PASSWORD;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_USER;
    req.create_user = &cu;
    sl_envelope_free(ok(W.admin, &req));
    Stagelijn__V1__ListUsersRequest lu = STAGELIJN__V1__LIST_USERS_REQUEST__INIT;
    ENV(lreq);
    lreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_USERS;
    lreq.list_users = &lu;
    sl_envelope *rep = ok(W.admin, &lreq);
    bool found = false;
    for (size_t i = 0; i < rep->list_users_reply->n_users; i++)
        if (!strcmp(rep->list_users_reply->users[i]->username, "mentor-zoe")) {
            assert_string_equal(rep->list_users_reply->users[i]->display_name, TX("display_name"));
            found = true;
        }
    assert_true(found);
    sl_envelope_free(rep);

    /* A class's name. */
    Stagelijn__V1__CreateClassRequest cc = STAGELIJN__V1__CREATE_CLASS_REQUEST__INIT;
    cc.name = TX("class name");
    cc.school_year = 3;
    ENV(creq);
    creq.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_CLASS;
    creq.create_class = &cc;
    sl_envelope_free(ok(W.admin, &creq));
    Stagelijn__V1__ListClassesRequest lc = STAGELIJN__V1__LIST_CLASSES_REQUEST__INIT;
    ENV(lcreq);
    lcreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_CLASSES;
    lcreq.list_classes = &lc;
    rep = ok(W.admin, &lcreq);
    found = false;
    for (size_t i = 0; i < rep->list_classes_reply->n_classes; i++)
        found |= !strcmp(rep->list_classes_reply->classes[i]->name, TX("class name"));
    assert_true(found);
    sl_envelope_free(rep);

    /* A company's name, address, city and registration number. */
    Stagelijn__V1__Company co = STAGELIJN__V1__COMPANY__INIT;
    co.name = TX("company name");
    co.address = TX("company address");
    co.city = TX("city");
    co.recognised = true;
    co.registration_number = TX("registration_number");
    co.places = 2;
    co.supervision_capacity = 2;
    Stagelijn__V1__CreateCompanyRequest ccr = STAGELIJN__V1__CREATE_COMPANY_REQUEST__INIT;
    ccr.company = &co;
    ENV(coreq);
    coreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_COMPANY;
    coreq.create_company = &ccr;
    sl_envelope_free(ok(W.admin, &coreq));
    Stagelijn__V1__ListCompaniesRequest lco = STAGELIJN__V1__LIST_COMPANIES_REQUEST__INIT;
    ENV(lcoreq);
    lcoreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_COMPANIES;
    lcoreq.list_companies = &lco;
    rep = ok(W.admin, &lcoreq);
    found = false;
    for (size_t i = 0; i < rep->list_companies_reply->n_companies; i++) {
        const Stagelijn__V1__Company *c = rep->list_companies_reply->companies[i];
        if (strcmp(c->name, TX("company name")) != 0)
            continue;
        found = true;
        assert_string_equal(c->address, TX("company address"));
        assert_string_equal(c->city, TX("city"));
        assert_string_equal(c->registration_number, TX("registration_number"));
    }
    assert_true(found);
    sl_envelope_free(rep);

    /* A student's first and last name (written in setup). */
    Stagelijn__V1__GetStudentRequest gs = STAGELIJN__V1__GET_STUDENT_REQUEST__INIT;
    gs.id = W.zoe_id;
    ENV(gsreq);
    gsreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_STUDENT;
    gsreq.get_student = &gs;
    rep = ok(W.admin, &gsreq);
    assert_string_equal(rep->student->first_name, "Zoë");
    assert_string_equal(rep->student->last_name, "van 't Hof");
    sl_envelope_free(rep);
}

/* ---------------------------------------------------------------- preparation */

static void test_prep(void **state)
{
    (void)state;
    /* A school year's holiday names (the year's own name is a fixed format). */
    char today[11], name[24], ys[24], ye[24], hs[24], he[24];
    ts_date(0, today);
    unsigned y = (unsigned)atoi(today) % 10000u + 1; /* next year: overlaps no other */
    snprintf(name, sizeof name, "%04u-%04u", y, y + 1);
    snprintf(ys, sizeof ys, "%04u-08-01", y);
    snprintf(ye, sizeof ye, "%04u-07-31", y + 1);
    snprintf(hs, sizeof hs, "%04u-10-19", y);
    snprintf(he, sizeof he, "%04u-10-23", y);
    Stagelijn__V1__Holiday h = STAGELIJN__V1__HOLIDAY__INIT;
    h.name = TX("holiday name");
    h.start_date = hs;
    h.end_date = he;
    Stagelijn__V1__Holiday *hp[1] = {&h};
    Stagelijn__V1__SchoolYear sy = STAGELIJN__V1__SCHOOL_YEAR__INIT;
    sy.name = name;
    sy.start_date = ys;
    sy.end_date = ye;
    sy.holidays = hp;
    sy.n_holidays = 1;
    Stagelijn__V1__SaveSchoolYearRequest ssy = STAGELIJN__V1__SAVE_SCHOOL_YEAR_REQUEST__INIT;
    ssy.school_year = &sy;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_SCHOOL_YEAR;
    req.save_school_year = &ssy;
    sl_envelope_free(ok(W.admin, &req));
    Stagelijn__V1__ListSchoolYearsRequest lsy = STAGELIJN__V1__LIST_SCHOOL_YEARS_REQUEST__INIT;
    ENV(lreq);
    lreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_SCHOOL_YEARS;
    lreq.list_school_years = &lsy;
    sl_envelope *rep = ok(W.admin, &lreq);
    bool found = false;
    for (size_t i = 0; i < rep->list_school_years_reply->n_school_years; i++) {
        const Stagelijn__V1__SchoolYear *s = rep->list_school_years_reply->school_years[i];
        if (strcmp(s->name, name) != 0)
            continue;
        found = true;
        assert_int_equal(s->n_holidays, 1);
        assert_string_equal(s->holidays[0]->name, TX("holiday name"));
    }
    assert_true(found);
    sl_envelope_free(rep);

    /* A student's address. */
    Stagelijn__V1__StudentProfile p = STAGELIJN__V1__STUDENT_PROFILE__INIT;
    p.student_id = W.sem_id;
    p.school_year = 2;
    p.class_id = W.klass2;
    p.address = TX("address");
    Stagelijn__V1__UpdateStudentRequest us = STAGELIJN__V1__UPDATE_STUDENT_REQUEST__INIT;
    us.profile = &p;
    ENV(ureq);
    ureq.body_case = STAGELIJN__V1__ENVELOPE__BODY_UPDATE_STUDENT;
    ureq.update_student = &us;
    sl_envelope_free(ok(W.admin, &ureq));
    Stagelijn__V1__GetStudentProfileRequest gp = STAGELIJN__V1__GET_STUDENT_PROFILE_REQUEST__INIT;
    gp.student_id = W.sem_id;
    ENV(greq);
    greq.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_STUDENT_PROFILE;
    greq.get_student_profile = &gp;
    rep = ok(W.admin, &greq);
    assert_string_equal(rep->student_profile->address, TX("address"));
    sl_envelope_free(rep);

    /* The orientation questionnaire and interview notes. */
    Stagelijn__V1__Orientation o = STAGELIJN__V1__ORIENTATION__INIT;
    o.student_id = W.sem_id;
    o.interests = TX("interests");
    o.hobbies = TX("hobbies");
    o.expectations = TX("expectations");
    o.barriers = TX("barriers");
    o.preferences = TX("preferences");
    o.interview_date = today;
    o.interview_notes = TX("interview_notes");
    Stagelijn__V1__SaveOrientationRequest so = STAGELIJN__V1__SAVE_ORIENTATION_REQUEST__INIT;
    so.orientation = &o;
    ENV(oreq);
    oreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_ORIENTATION;
    oreq.save_orientation = &so;
    sl_envelope_free(ok(W.coach, &oreq));
    Stagelijn__V1__GetOrientationRequest go = STAGELIJN__V1__GET_ORIENTATION_REQUEST__INIT;
    go.student_id = W.sem_id;
    ENV(goreq);
    goreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_ORIENTATION;
    goreq.get_orientation = &go;
    rep = ok(W.coach, &goreq);
    const Stagelijn__V1__Orientation *ro = rep->orientation;
    assert_string_equal(ro->interests, TX("interests"));
    assert_string_equal(ro->hobbies, TX("hobbies"));
    assert_string_equal(ro->expectations, TX("expectations"));
    assert_string_equal(ro->barriers, TX("barriers"));
    assert_string_equal(ro->preferences, TX("preferences"));
    assert_string_equal(ro->interview_notes, TX("interview_notes"));
    sl_envelope_free(rep);

    /* A company visit's description. */
    char date[11];
    ts_date(10, date);
    Stagelijn__V1__CompanyVisit v = STAGELIJN__V1__COMPANY_VISIT__INIT;
    v.company_id = W.company;
    v.date = date;
    v.capacity = 4;
    v.description = TX("description");
    Stagelijn__V1__CreateCompanyVisitRequest cv = STAGELIJN__V1__CREATE_COMPANY_VISIT_REQUEST__INIT;
    cv.visit = &v;
    ENV(vreq);
    vreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_COMPANY_VISIT;
    vreq.create_company_visit = &cv;
    sl_envelope_free(ok(W.coach, &vreq));
    Stagelijn__V1__ListCompanyVisitsRequest lv = STAGELIJN__V1__LIST_COMPANY_VISITS_REQUEST__INIT;
    ENV(lvreq);
    lvreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_COMPANY_VISITS;
    lvreq.list_company_visits = &lv;
    rep = ok(W.coach, &lvreq);
    assert_int_equal(rep->list_company_visits_reply->n_visits, 1);
    assert_string_equal(rep->list_company_visits_reply->visits[0]->description, TX("description"));
    sl_envelope_free(rep);
}

/* ---------------------------------------------------------------- contract */

static sl_envelope *get_contract(const char *placement)
{
    Stagelijn__V1__GetContractRequest g = STAGELIJN__V1__GET_CONTRACT_REQUEST__INIT;
    g.placement_id = (char *)placement;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_CONTRACT;
    req.get_contract = &g;
    return ok(W.coach, &req);
}

static void test_contract(void **state)
{
    (void)state;
    char *locations[2] = {TX("location 1"), TX("location 2")};
    Stagelijn__V1__Contract c = STAGELIJN__V1__CONTRACT__INIT;
    c.placement_id = W.proposed;
    c.learning_activities = TX("learning_activities");
    c.locations = locations;
    c.n_locations = 2;
    c.supervision_split = TX("supervision_split");
    c.company_assessment_role = TX("company_assessment_role");
    c.inspection_arrangement = TX("inspection_arrangement");
    c.accident_insurer = TX("accident_insurer");
    c.liability_insurer = TX("liability_insurer");
    c.premium_payer = TX("premium_payer");
    Stagelijn__V1__SaveContractRequest sc = STAGELIJN__V1__SAVE_CONTRACT_REQUEST__INIT;
    sc.contract = &c;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_CONTRACT;
    req.save_contract = &sc;
    sl_envelope_free(ok(W.coach, &req));

    /* The school signs with a name in the same spirit. */
    char today[11];
    ts_date(0, today);
    Stagelijn__V1__Signature s = STAGELIJN__V1__SIGNATURE__INIT;
    s.party = STAGELIJN__V1__SIGNATURE_PARTY__PARTY_SCHOOL;
    s.signer_name = TX("signer_name");
    s.date = today;
    Stagelijn__V1__SignContractRequest sg = STAGELIJN__V1__SIGN_CONTRACT_REQUEST__INIT;
    sg.placement_id = W.proposed;
    sg.signature = &s;
    ENV(sreq);
    sreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_SIGN_CONTRACT;
    sreq.sign_contract = &sg;
    sl_envelope_free(ok(W.coach, &sreq));

    sl_envelope *rep = get_contract(W.proposed);
    const Stagelijn__V1__Contract *r = rep->contract;
    assert_string_equal(r->learning_activities, TX("learning_activities"));
    assert_int_equal(r->n_locations, 2);
    assert_string_equal(r->locations[0], TX("location 1"));
    assert_string_equal(r->locations[1], TX("location 2"));
    assert_string_equal(r->supervision_split, TX("supervision_split"));
    assert_string_equal(r->company_assessment_role, TX("company_assessment_role"));
    assert_string_equal(r->inspection_arrangement, TX("inspection_arrangement"));
    assert_string_equal(r->accident_insurer, TX("accident_insurer"));
    assert_string_equal(r->liability_insurer, TX("liability_insurer"));
    assert_string_equal(r->premium_payer, TX("premium_payer"));
    assert_int_equal(r->n_signatures, 1);
    assert_string_equal(r->signatures[0]->signer_name, TX("signer_name"));
    sl_envelope_free(rep);
    /* The reason the school accepts a warning of its own norms. */
    Stagelijn__V1__AcceptWarningRequest aw = STAGELIJN__V1__ACCEPT_WARNING_REQUEST__INIT;
    aw.placement_id = W.proposed;
    aw.rule_id = "SCHOOL_Y45_DAYS_PER_WEEK";
    aw.reason = TX("accept reason");
    ENV(areq);
    areq.body_case = STAGELIJN__V1__ENVELOPE__BODY_ACCEPT_WARNING;
    areq.accept_warning = &aw;
    sl_envelope_free(ok(W.coach, &areq));
    Stagelijn__V1__ListPlacementWarningsRequest lw =
        STAGELIJN__V1__LIST_PLACEMENT_WARNINGS_REQUEST__INIT;
    lw.placement_id = W.proposed;
    ENV(lwreq);
    lwreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_PLACEMENT_WARNINGS;
    lwreq.list_placement_warnings = &lw;
    rep = ok(W.coach, &lwreq);
    bool found = false;
    for (size_t i = 0; i < rep->list_placement_warnings_reply->n_warnings; i++) {
        const Stagelijn__V1__PlacementWarning *w = rep->list_placement_warnings_reply->warnings[i];
        if (strcmp(w->rule_id, "SCHOOL_Y45_DAYS_PER_WEEK") != 0)
            continue;
        found = true;
        assert_true(w->accepted);
        assert_string_equal(w->reason, TX("accept reason"));
    }
    assert_true(found);
    sl_envelope_free(rep);
}

/* ---------------------------------------------------------------- periods */

/* Restarts the server with its clock on `ymd` and logs every client in again. */
static void restart_on(const char *ymd)
{
    sl_client **all[] = {&W.admin, &W.coach, &W.sup, &W.zoe};
    const char *users[] = {"admin", "coach", "sup", "zoe"};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        sl_client_close(*all[i]);
        *all[i] = NULL;
    }
    assert_true(ts_restart_on(&W.ts, ymd));
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        *all[i] = ts_login(&W.ts, users[i], i == 0 ? TS_ADMIN_PASSWORD : TS_PASSWORD);
        assert_non_null(*all[i]);
    }
}

static void test_periods(void **state)
{
    (void)state;
    Stagelijn__V1__PracticalAssignment a = STAGELIJN__V1__PRACTICAL_ASSIGNMENT__INIT;
    a.placement_id = W.placement;
    a.period = 1;
    a.number = 1;
    a.title = TX("title");
    a.notes = TX("notes");
    Stagelijn__V1__SaveAssignmentRequest s = STAGELIJN__V1__SAVE_ASSIGNMENT_REQUEST__INIT;
    s.assignment = &a;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_ASSIGNMENT;
    req.save_assignment = &s;
    sl_envelope_free(ok(W.coach, &req));
    Stagelijn__V1__ListAssignmentsRequest l = STAGELIJN__V1__LIST_ASSIGNMENTS_REQUEST__INIT;
    l.placement_id = W.placement;
    ENV(lreq);
    lreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_ASSIGNMENTS;
    lreq.list_assignments = &l;
    sl_envelope *rep = ok(W.coach, &lreq);
    assert_int_equal(rep->list_assignments_reply->n_assignments, 1);
    assert_string_equal(rep->list_assignments_reply->assignments[0]->title, TX("title"));
    assert_string_equal(rep->list_assignments_reply->assignments[0]->notes, TX("notes"));
    sl_envelope_free(rep);

    /* An Entree student's binding study advice, given in December of the Entree year (the
     * server's clock is set there for it, and back after); its notes are read by no request,
     * so from the store. */
    char today[11], december[24], stored[512];
    ts_date(0, today);
    int y = atoi(today), m = atoi(today + 5);
    snprintf(december, sizeof december, "%04d-12-10", m >= 8 ? y : y - 1);
    restart_on(december);
    Stagelijn__V1__StudyAdvice sa = STAGELIJN__V1__STUDY_ADVICE__INIT;
    sa.student_id = W.noah_id;
    sa.date = december;
    sa.continue_study = false;
    sa.notes = TX("advice notes");
    Stagelijn__V1__RecordStudyAdviceRequest rs = STAGELIJN__V1__RECORD_STUDY_ADVICE_REQUEST__INIT;
    rs.advice = &sa;
    ENV(sreq);
    sreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_STUDY_ADVICE;
    sreq.record_study_advice = &rs;
    sl_envelope_free(ok(W.coach, &sreq));
    stored_text("SELECT notes FROM study_advice WHERE student_id = ?1", W.noah_id, stored,
                sizeof stored);
    assert_string_equal(stored, TX("advice notes"));
    restart_on(today);
}

/* ---------------------------------------------------------------- group */

static void test_group(void **state)
{
    (void)state;
    char date[11];
    ts_date(9, date);
    Stagelijn__V1__GroupSession g = STAGELIJN__V1__GROUP_SESSION__INIT;
    g.location = "Zoë's café 't Hof";
    g.address = TX("group address");
    g.date = date;
    g.day_part = STAGELIJN__V1__DAY_PART__DAYPART_MORNING;
    g.capacity = 4;
    Stagelijn__V1__CreateGroupSessionRequest cg = STAGELIJN__V1__CREATE_GROUP_SESSION_REQUEST__INIT;
    cg.session = &g;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_GROUP_SESSION;
    req.create_group_session = &cg;
    sl_envelope_free(ok(W.coach, &req));
    Stagelijn__V1__ListGroupSessionsRequest l = STAGELIJN__V1__LIST_GROUP_SESSIONS_REQUEST__INIT;
    l.from_date = date;
    l.to_date = date;
    ENV(lreq);
    lreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_GROUP_SESSIONS;
    lreq.list_group_sessions = &l;
    sl_envelope *rep = ok(W.coach, &lreq);
    assert_int_equal(rep->list_group_sessions_reply->n_sessions, 1);
    assert_string_equal(rep->list_group_sessions_reply->sessions[0]->location, "Zoë's café 't Hof");
    assert_string_equal(rep->list_group_sessions_reply->sessions[0]->address, TX("group address"));
    sl_envelope_free(rep);
}

/* ---------------------------------------------------------------- progress */

static sl_envelope *list_weeks(sl_client *c)
{
    Stagelijn__V1__ListAgendaWeeksRequest l = STAGELIJN__V1__LIST_AGENDA_WEEKS_REQUEST__INIT;
    l.placement_id = W.placement;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_AGENDA_WEEKS;
    req.list_agenda_weeks = &l;
    return ok(c, &req);
}

static void test_progress(void **state)
{
    (void)state;
    /* The agenda: a day's tasks and the week's reflection, by the supervisor. */
    Stagelijn__V1__AgendaDay day = STAGELIJN__V1__AGENDA_DAY__INIT;
    day.date = W.monday;
    day.minutes_worked = 300;
    day.tasks = TX("tasks");
    Stagelijn__V1__AgendaDay *days[1] = {&day};
    Stagelijn__V1__SubmitAgendaWeekRequest aw = STAGELIJN__V1__SUBMIT_AGENDA_WEEK_REQUEST__INIT;
    aw.placement_id = W.placement;
    aw.week_start = W.monday;
    aw.days = days;
    aw.n_days = 1;
    aw.reflection = TX("reflection");
    ENV(areq);
    areq.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_AGENDA_WEEK;
    areq.submit_agenda_week = &aw;
    sl_envelope_free(ok(W.sup, &areq));

    /* The student's own reflection on that week. */
    Stagelijn__V1__WriteReflectionRequest wr = STAGELIJN__V1__WRITE_REFLECTION_REQUEST__INIT;
    wr.placement_id = W.placement;
    wr.week_start = W.monday;
    wr.text = TX("student_reflection");
    ENV(wreq);
    wreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_WRITE_REFLECTION;
    wreq.write_reflection = &wr;
    sl_envelope_free(ok(W.zoe, &wreq));

    sl_envelope *rep = list_weeks(W.coach);
    assert_int_equal(rep->list_agenda_weeks_reply->n_weeks, 1);
    const Stagelijn__V1__AgendaWeek *w = rep->list_agenda_weeks_reply->weeks[0];
    assert_int_equal(w->n_days, 1);
    assert_string_equal(w->days[0]->tasks, TX("tasks"));
    assert_string_equal(w->reflection, TX("reflection"));
    assert_string_equal(w->student_reflection, TX("student_reflection"));
    sl_envelope_free(rep);

    /* The coach's visit: who was present, notes, actions. */
    char today[11];
    ts_date(0, today);
    char *present[2] = {"student", "Jan de Vries-Ëlzinga"};
    Stagelijn__V1__Visit v = STAGELIJN__V1__VISIT__INIT;
    v.placement_id = W.placement;
    v.date = today;
    v.present = present;
    v.n_present = 2;
    v.notes = TX("visit notes");
    v.actions = TX("actions");
    Stagelijn__V1__LogVisitRequest lv = STAGELIJN__V1__LOG_VISIT_REQUEST__INIT;
    lv.visit = &v;
    ENV(vreq);
    vreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOG_VISIT;
    vreq.log_visit = &lv;
    sl_envelope_free(ok(W.coach, &vreq));
    Stagelijn__V1__ListVisitsRequest lvs = STAGELIJN__V1__LIST_VISITS_REQUEST__INIT;
    lvs.placement_id = W.placement;
    ENV(lvreq);
    lvreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_VISITS;
    lvreq.list_visits = &lvs;
    rep = ok(W.coach, &lvreq);
    assert_int_equal(rep->list_visits_reply->n_visits, 1);
    const Stagelijn__V1__Visit *rv = rep->list_visits_reply->visits[0];
    assert_string_equal(rv->notes, TX("visit notes"));
    assert_string_equal(rv->actions, TX("actions"));
    assert_int_equal(rv->n_present, 2);
    assert_string_equal(rv->present[1], "Jan de Vries-Ëlzinga");
    sl_envelope_free(rep);

    /* An assessment's comments and an aspect's name. */
    Stagelijn__V1__CompetenceRatings cr = STAGELIJN__V1__COMPETENCE_RATINGS__INIT;
    cr.persoonlijk = cr.arbeid = cr.sociaal = cr.onderzoek = cr.leren = 3;
    Stagelijn__V1__Assessment as = STAGELIJN__V1__ASSESSMENT__INIT;
    as.placement_id = W.placement;
    as.kind = STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_INTERIM;
    as.period = 1;
    as.ratings = &cr;
    as.comments = TX("comments");
    as.verdict = STAGELIJN__V1__JUDGEMENT__JUDGEMENT_POSITIVE;
    Stagelijn__V1__AspectRating asp = STAGELIJN__V1__ASPECT_RATING__INIT;
    asp.aspect = "Hygiëne & gastvrijheid ('t werktempo)";
    asp.rating = 4;
    Stagelijn__V1__AspectRating *aspects[1] = {&asp};
    as.aspects = aspects;
    as.n_aspects = 1;
    Stagelijn__V1__SubmitAssessmentRequest sa = STAGELIJN__V1__SUBMIT_ASSESSMENT_REQUEST__INIT;
    sa.assessment = &as;
    ENV(asreq);
    asreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_ASSESSMENT;
    asreq.submit_assessment = &sa;
    sl_envelope_free(ok(W.coach, &asreq));
    Stagelijn__V1__ListAssessmentsRequest la = STAGELIJN__V1__LIST_ASSESSMENTS_REQUEST__INIT;
    la.placement_id = W.placement;
    ENV(lareq);
    lareq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_ASSESSMENTS;
    lareq.list_assessments = &la;
    rep = ok(W.coach, &lareq);
    assert_int_equal(rep->list_assessments_reply->n_assessments, 1);
    assert_string_equal(rep->list_assessments_reply->assessments[0]->comments, TX("comments"));
    assert_int_equal(rep->list_assessments_reply->assessments[0]->n_aspects, 1);
    assert_string_equal(rep->list_assessments_reply->assessments[0]->aspects[0]->aspect,
                        "Hygiëne & gastvrijheid ('t werktempo)");
    sl_envelope_free(rep);
}

/* ---------------------------------------------------------------- dropout */

static void test_dropout(void **state)
{
    (void)state;
    char today[11], stored[512];
    ts_date(0, today);
    Stagelijn__V1__ReportDropoutRequest d = STAGELIJN__V1__REPORT_DROPOUT_REQUEST__INIT;
    d.placement_id = W.placement;
    d.date = today;
    d.reason = TX("reason");
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_REPORT_DROPOUT;
    req.report_dropout = &d;
    sl_envelope_free(ok(W.coach, &req));
    /* The reason is for school staff in the dropout record; no request returns it. */
    stored_text("SELECT reason FROM dropouts WHERE placement_id = ?1", W.placement, stored,
                sizeof stored);
    assert_string_equal(stored, TX("reason"));
}

/* ---------------------------------------------------------------- aftercare */

static void test_aftercare(void **state)
{
    (void)state;
    /* A partner's name and contact. */
    Stagelijn__V1__Partner pa = STAGELIJN__V1__PARTNER__INIT;
    pa.name = TX("partner name");
    pa.kind = "municipality";
    pa.contact = TX("contact");
    Stagelijn__V1__CreatePartnerRequest cp = STAGELIJN__V1__CREATE_PARTNER_REQUEST__INIT;
    cp.partner = &pa;
    ENV(preq);
    preq.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_PARTNER;
    preq.create_partner = &cp;
    sl_envelope_free(ok(W.coach, &preq));
    Stagelijn__V1__ListPartnersRequest lp = STAGELIJN__V1__LIST_PARTNERS_REQUEST__INIT;
    ENV(lpreq);
    lpreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_PARTNERS;
    lpreq.list_partners = &lp;
    sl_envelope *rep = ok(W.coach, &lpreq);
    assert_int_equal(rep->list_partners_reply->n_partners, 1);
    assert_string_equal(rep->list_partners_reply->partners[0]->name, TX("partner name"));
    assert_string_equal(rep->list_partners_reply->partners[0]->contact, TX("contact"));
    sl_envelope_free(rep);

    /* The exit: advice and destination. The reply is read back from the store. */
    /* Zoë left on the day her internship ended early (test_dropout): not before it. */
    char left[11], contact_day[11];
    ts_date(0, left);
    ts_date(0, contact_day);
    Stagelijn__V1__ExitRecord e = STAGELIJN__V1__EXIT_RECORD__INIT;
    e.student_id = W.zoe_id;
    e.left_date = left;
    e.advice = "Arbeid, met jobcoach — Zoë's advies";
    e.profile = STAGELIJN__V1__EXIT_PROFILE__EXIT_WORK;
    e.destination = TX("destination");
    e.cohort = "";
    Stagelijn__V1__RecordExitRequest re = STAGELIJN__V1__RECORD_EXIT_REQUEST__INIT;
    re.exit = &e;
    ENV(ereq);
    ereq.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_EXIT;
    ereq.record_exit = &re;
    rep = ok(W.coach, &ereq);
    assert_string_equal(rep->exit_record->advice, "Arbeid, met jobcoach — Zoë's advies");
    assert_string_equal(rep->exit_record->destination, TX("destination"));
    sl_envelope_free(rep);

    /* An aftercare contact's outcome, read back through GetAftercare. */
    Stagelijn__V1__AftercareContact c = STAGELIJN__V1__AFTERCARE_CONTACT__INIT;
    c.student_id = W.zoe_id;
    c.date = contact_day;
    c.with_whom = "employer";
    c.outcome = TX("outcome");
    c.still_in_destination = true;
    Stagelijn__V1__LogAftercareContactRequest lc =
        STAGELIJN__V1__LOG_AFTERCARE_CONTACT_REQUEST__INIT;
    lc.contact = &c;
    ENV(creq);
    creq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOG_AFTERCARE_CONTACT;
    creq.log_aftercare_contact = &lc;
    sl_envelope_free(ok(W.coach, &creq));
    Stagelijn__V1__GetAftercareRequest ga = STAGELIJN__V1__GET_AFTERCARE_REQUEST__INIT;
    ga.student_id = W.zoe_id;
    ENV(gareq);
    gareq.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_AFTERCARE;
    gareq.get_aftercare = &ga;
    rep = ok(W.coach, &gareq);
    assert_int_equal(rep->aftercare_status->n_contacts, 1);
    assert_string_equal(rep->aftercare_status->contacts[0]->outcome, TX("outcome"));
    sl_envelope_free(rep);
}

int main(void)
{
    /* In this order: the dropout ends the placement and the exit the student's school time,
     * so they come last. */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_school),   cmocka_unit_test(test_prep),
        cmocka_unit_test(test_contract), cmocka_unit_test(test_periods),
        cmocka_unit_test(test_group),    cmocka_unit_test(test_progress),
        cmocka_unit_test(test_dropout),  cmocka_unit_test(test_aftercare),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
