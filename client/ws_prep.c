/* Workstation commands of the prep family (see ws_commands.h): sectors, the school calendar,
 * the student's profile, the interest test, the orientation questionnaire and interview, and
 * company visits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ws_commands.h"

#define MAX_SCORES 10

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT

static const char *arg_or(const cli_args *a, const char *key, const char *dflt)
{
    const char *v = cli_arg(a, key);
    return v ? v : dflt;
}

/* yes/no flags (cli_yes_no) into a protobuf boolean; *out is left alone when absent. */
static bool yes_no(cli_ctx *ctx, const cli_args *a, const char *key, protobuf_c_boolean *out)
{
    bool b = *out;
    if (!cli_yes_no(ctx, a, key, &b))
        return false;
    *out = b;
    return true;
}

static bool number(const char *s, double *out)
{
    return cli_parse_decimal(s, out);
}

static int sector_list(cli_ctx *ctx, const cli_args *a)
{
    (void)a;
    Stagelijn__V1__ListSectorsRequest ls = STAGELIJN__V1__LIST_SECTORS_REQUEST__INIT;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_SECTORS;
    req.list_sectors = &ls;
    return cli_call_print(ctx, &req);
}

static int school_year_list(cli_ctx *ctx, const cli_args *a)
{
    (void)a;
    Stagelijn__V1__ListSchoolYearsRequest ls = STAGELIJN__V1__LIST_SCHOOL_YEARS_REQUEST__INIT;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_SCHOOL_YEARS;
    req.list_school_years = &ls;
    return cli_call_print(ctx, &req);
}

static int student_profile(cli_ctx *ctx, const cli_args *a)
{
    const char *id;
    if (!cli_need(ctx, a, "id", &id))
        return EXIT_USAGE;
    Stagelijn__V1__GetStudentProfileRequest g = STAGELIJN__V1__GET_STUDENT_PROFILE_REQUEST__INIT;
    g.student_id = (char *)id;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_STUDENT_PROFILE;
    req.get_student_profile = &g;
    return cli_call_print(ctx, &req);
}

/* "--sectors 3,8" (or "none"): the two provisional sectors. */
static bool parse_sectors(const char *s, uint32_t *s1, uint32_t *s2)
{
    if (!strcmp(s, "none")) {
        *s1 = *s2 = 0;
        return true;
    }
    const char *comma = strchr(s, ',');
    char first[4];
    if (!comma || comma == s || (size_t)(comma - s) >= sizeof first)
        return false;
    memcpy(first, s, (size_t)(comma - s));
    first[comma - s] = '\0';
    unsigned long a, b;
    if (!cli_parse_uint(first, 10, &a) || a < 1 || !cli_parse_uint(comma + 1, 10, &b) || b < 1)
        return false;
    *s1 = (uint32_t)a;
    *s2 = (uint32_t)b;
    return true;
}

/* Reads the current profile, applies the options given and sends the whole profile back:
 * options left out keep their value. */
static int student_update(cli_ctx *ctx, const cli_args *a)
{
    const char *id;
    unsigned long year = 0, definitive = 11, switch_to = 11;
    if (!cli_need(ctx, a, "id", &id) || !cli_uint(ctx, a, "year", 6, &year) ||
        !cli_uint(ctx, a, "definitive", 10, &definitive) ||
        !cli_uint(ctx, a, "switch-to", 10, &switch_to))
        return EXIT_USAGE;
    if (cli_arg(a, "year") && year < 2)
        return cli_usage_error(ctx, _("--year is 2, 3, 4, 5 or 6 (Entree)"));
    if ((cli_arg(a, "lat") != NULL) != (cli_arg(a, "lon") != NULL))
        return cli_usage_error(ctx, _("give --lat and --lon together"));

    Stagelijn__V1__GetStudentProfileRequest g = STAGELIJN__V1__GET_STUDENT_PROFILE_REQUEST__INIT;
    g.student_id = (char *)id;
    ENV(greq);
    greq.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_STUDENT_PROFILE;
    greq.get_student_profile = &g;
    sl_envelope *cur = NULL;
    int code;
    if (cli_call(ctx, &greq, &cur, &code) != SL_OK)
        return code;
    Stagelijn__V1__StudentProfile p = *cur->student_profile;
    p.base.unknown_fields = NULL;
    p.base.n_unknown_fields = 0;

    int rc = 0;
    if (cli_arg(a, "year"))
        p.school_year = (uint32_t)year;
    p.class_id = (char *)arg_or(a, "class", p.class_id);
    const char *prefix = arg_or(a, "tussenvoegsel", arg_or(a, "prefix", NULL));
    if (prefix)
        p.name_prefix = (char *)(strcmp(prefix, "none") ? prefix : "");
    if (!yes_no(ctx, a, "nt2", &p.nt2) || !yes_no(ctx, a, "support", &p.support_need)) {
        rc = EXIT_USAGE;
        goto done;
    }
    const char *coach = cli_arg(a, "support-coach");
    if (coach)
        p.support_coach_id = (char *)(strcmp(coach, "none") ? coach : "");
    else if (!p.support_need)
        p.support_coach_id = ""; /* no support need, no support coach */
    p.address = (char *)arg_or(a, "address", p.address);
    if (cli_arg(a, "lat") && (!number(cli_arg(a, "lat"), &p.home_latitude) ||
                              !number(cli_arg(a, "lon"), &p.home_longitude))) {
        rc = cli_usage_error(ctx, _("--lat and --lon are decimal degrees"));
        goto done;
    }
    const char *sectors = cli_arg(a, "sectors");
    if (sectors && !parse_sectors(sectors, &p.provisional_sector_1, &p.provisional_sector_2)) {
        rc = cli_usage_error(ctx, _("--sectors expects two sectors 1..10, e.g. 3,8, or none"));
        goto done;
    }
    if (definitive <= 10)
        p.definitive_sector = (uint32_t)definitive;
    if (switch_to <= 10) {
        p.switched_to_sector = (uint32_t)switch_to;
        p.sector_switch_date = (char *)(switch_to ? arg_or(a, "switch-date", "") : "");
    } else if (cli_arg(a, "switch-date")) {
        rc = cli_usage_error(ctx, _("--switch-date goes with --switch-to"));
        goto done;
    }

    Stagelijn__V1__UpdateStudentRequest u = STAGELIJN__V1__UPDATE_STUDENT_REQUEST__INIT;
    u.profile = &p;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_UPDATE_STUDENT;
    req.update_student = &u;
    rc = cli_call_print(ctx, &req);
done:
    sl_envelope_free(cur);
    return rc;
}

static int interest_record(cli_ctx *ctx, const cli_args *a)
{
    const char *student, *date;
    if (!cli_need(ctx, a, "student", &student) || !cli_need(ctx, a, "date", &date))
        return EXIT_USAGE;
    const char *given[MAX_SCORES + 1];
    int n = cli_arg_all(a, "score", given, MAX_SCORES + 1);
    if (n == 0 || n > MAX_SCORES)
        return cli_usage_error(ctx, _("give 1 to 10 scores with --score SECTOR:SCORE"));
    Stagelijn__V1__InterestScore sc[MAX_SCORES], *scp[MAX_SCORES];
    for (int i = 0; i < n; i++) {
        stagelijn__v1__interest_score__init(&sc[i]);
        const char *colon = strchr(given[i], ':');
        char sector_text[4];
        size_t len = colon ? (size_t)(colon - given[i]) : 0;
        unsigned long sector = 0, score = 1000;
        if (len > 0 && len < sizeof sector_text) {
            memcpy(sector_text, given[i], len);
            sector_text[len] = '\0';
            if (!cli_parse_uint(sector_text, 10, &sector) ||
                !cli_parse_uint(colon + 1, 100, &score))
                sector = 0;
        }
        if (sector < 1 || score > 100)
            return cli_usage_error(ctx, _("--score '%s': expected SECTOR:SCORE, e.g. 3:80"),
                                   given[i]);
        sc[i].sector = (uint32_t)sector;
        sc[i].score = (uint32_t)score;
        scp[i] = &sc[i];
    }
    Stagelijn__V1__InterestTest t = STAGELIJN__V1__INTEREST_TEST__INIT;
    t.student_id = (char *)student;
    t.date = (char *)date;
    t.n_scores = (size_t)n;
    t.scores = scp;
    Stagelijn__V1__RecordInterestTestRequest rt = STAGELIJN__V1__RECORD_INTEREST_TEST_REQUEST__INIT;
    rt.test = &t;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_INTEREST_TEST;
    req.record_interest_test = &rt;
    return cli_call_print(ctx, &req);
}

static int orientation_show(cli_ctx *ctx, const cli_args *a)
{
    const char *student;
    if (!cli_need(ctx, a, "student", &student))
        return EXIT_USAGE;
    Stagelijn__V1__GetOrientationRequest g = STAGELIJN__V1__GET_ORIENTATION_REQUEST__INIT;
    g.student_id = (char *)student;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_ORIENTATION;
    req.get_orientation = &g;
    return cli_call_print(ctx, &req);
}

/* Like student update: the questionnaire and the interview are saved at different moments,
 * so what is not given keeps its value. */
static int orientation_save(cli_ctx *ctx, const cli_args *a)
{
    const char *student;
    if (!cli_need(ctx, a, "student", &student))
        return EXIT_USAGE;
    Stagelijn__V1__GetOrientationRequest g = STAGELIJN__V1__GET_ORIENTATION_REQUEST__INIT;
    g.student_id = (char *)student;
    ENV(greq);
    greq.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_ORIENTATION;
    greq.get_orientation = &g;
    sl_envelope *cur = NULL;
    int code;
    if (cli_call(ctx, &greq, &cur, &code) != SL_OK)
        return code;
    Stagelijn__V1__Orientation o = *cur->orientation;
    o.base.unknown_fields = NULL;
    o.base.n_unknown_fields = 0;
    o.interests = (char *)arg_or(a, "interests", o.interests);
    o.hobbies = (char *)arg_or(a, "hobbies", o.hobbies);
    o.expectations = (char *)arg_or(a, "expectations", o.expectations);
    o.barriers = (char *)arg_or(a, "barriers", o.barriers);
    o.preferences = (char *)arg_or(a, "preferences", o.preferences);
    o.interview_date = (char *)arg_or(a, "interview-date", o.interview_date);
    o.interview_notes = (char *)arg_or(a, "notes", o.interview_notes);
    o.coach_id = (char *)arg_or(a, "coach", o.coach_id);
    Stagelijn__V1__SaveOrientationRequest so = STAGELIJN__V1__SAVE_ORIENTATION_REQUEST__INIT;
    so.orientation = &o;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_ORIENTATION;
    req.save_orientation = &so;
    int rc = cli_call_print(ctx, &req);
    sl_envelope_free(cur);
    return rc;
}

static int company_visit_create(cli_ctx *ctx, const cli_args *a)
{
    const char *company, *date;
    unsigned long capacity = 0;
    if (!cli_need(ctx, a, "company", &company) || !cli_need(ctx, a, "date", &date) ||
        !cli_uint(ctx, a, "capacity", 200, &capacity))
        return EXIT_USAGE;
    if (capacity < 1)
        return cli_usage_error(ctx, _("--capacity is 1 to 200 students"));
    Stagelijn__V1__CompanyVisit v = STAGELIJN__V1__COMPANY_VISIT__INIT;
    v.company_id = (char *)company;
    v.date = (char *)date;
    v.capacity = (uint32_t)capacity;
    v.description = (char *)arg_or(a, "description", "");
    Stagelijn__V1__CreateCompanyVisitRequest cv = STAGELIJN__V1__CREATE_COMPANY_VISIT_REQUEST__INIT;
    cv.visit = &v;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_COMPANY_VISIT;
    req.create_company_visit = &cv;
    return cli_call_print(ctx, &req);
}

static int company_visit_signup(cli_ctx *ctx, const cli_args *a)
{
    const char *visit, *student;
    if (!cli_need(ctx, a, "visit", &visit) || !cli_need(ctx, a, "student", &student))
        return EXIT_USAGE;
    Stagelijn__V1__SignUpCompanyVisitRequest su =
        STAGELIJN__V1__SIGN_UP_COMPANY_VISIT_REQUEST__INIT;
    su.company_visit_id = (char *)visit;
    su.student_id = (char *)student;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SIGN_UP_COMPANY_VISIT;
    req.sign_up_company_visit = &su;
    return cli_call_print(ctx, &req);
}

static int company_visit_list(cli_ctx *ctx, const cli_args *a)
{
    (void)a;
    Stagelijn__V1__ListCompanyVisitsRequest lv = STAGELIJN__V1__LIST_COMPANY_VISITS_REQUEST__INIT;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_COMPANY_VISITS;
    req.list_company_visits = &lv;
    return cli_call_print(ctx, &req);
}

const cli_cmd ws_prep_commands[] = {
    {"sector list", "", "", N_("the ten Noa sectors"), sector_list, false},
    {"schoolyear list", "", "", N_("school years with their holidays (the school calendar)"),
     school_year_list, false},
    {"student profile", "id", "--id ID",
     N_("a student's profile: school year, class, NT2, support, home, sectors (staff only)"),
     student_profile, false},
    {"student update",
     "id year class prefix tussenvoegsel nt2 support support-coach address lat lon sectors "
     "definitive switch-to switch-date",
     "--id ID [--year 2..6] [--class ID] [--prefix|--tussenvoegsel T|none] [--nt2 yes|no] "
     "[--support yes|no] "
     "[--support-coach ID|none] [--address A --lat X --lon Y] [--sectors S1,S2|none] "
     "[--definitive 0..10] [--switch-to 1..10 --switch-date YYYY-MM-DD | --switch-to 0]",
     N_("change a student's profile; what you leave out stays; a sector switch tells the mentor"),
     student_update, false},
    {"interest record", "student date score",
     "--student ID --date YYYY-MM-DD --score SECTOR:SCORE [--score ...]",
     N_("record a Noa interest test: a score of 0..100 per sector"), interest_record, false},
    {"orientation save",
     "student interests hobbies expectations barriers preferences interview-date notes coach",
     "--student ID [--interests T] [--hobbies T] [--expectations T] [--barriers T] "
     "[--preferences T] [--interview-date YYYY-MM-DD --notes T] [--coach USER_ID]",
     N_("the orientation questionnaire and interview; what you leave out stays"), orientation_save,
     false},
    {"orientation show", "student", "--student ID",
     N_("a student's orientation questionnaire and interview"), orientation_show, false},
    {"company-visit create", "company date capacity description",
     "--company ID --date YYYY-MM-DD --capacity 1..200 [--description T]",
     N_("plan a company visit with a sign-up list"), company_visit_create, false},
    {"company-visit signup", "visit student", "--visit ID --student ID",
     N_("sign a year-2 student up for a company visit"), company_visit_signup, false},
    {"company-visit list", "", "", N_("company visits with the number signed up"),
     company_visit_list, false},
};
const size_t ws_prep_count = sizeof ws_prep_commands / sizeof ws_prep_commands[0];
