/* Workstation commands of the matching family: the readiness check and its override, the
 * matching suggestions and the introductory meeting; see ws_commands.h. */
#include <stdlib.h>
#include <string.h>

#include "ws_commands.h"

static int readiness_assess(cli_ctx *ctx, const cli_args *a)
{
    static const char *const flags[4] = {"social", "attitude", "teachers", "mentor"};
    const char *student, *words[4];
    int j[4];
    if (!cli_need(ctx, a, "student", &student))
        return EXIT_USAGE;
    for (int i = 0; i < 4; i++) {
        if (!cli_need(ctx, a, flags[i], &words[i]) ||
            !cli_enum(ctx, a, flags[i], &stagelijn__v1__judgement__descriptor, &j[i]))
            return EXIT_USAGE;
    }
    Stagelijn__V1__ReadinessInput ri = STAGELIJN__V1__READINESS_INPUT__INIT;
    ri.student_id = (char *)student;
    ri.social_skills = (Stagelijn__V1__Judgement)j[0];
    ri.work_attitude = (Stagelijn__V1__Judgement)j[1];
    ri.teachers_advice = (Stagelijn__V1__Judgement)j[2];
    ri.mentor_assessment = (Stagelijn__V1__Judgement)j[3];
    const char *start = cli_arg(a, "start");
    ri.planned_start = (char *)(start ? start : "");
    const char *day = cli_arg(a, "date"); /* the day of the check; empty: today */
    ri.date = (char *)(day ? day : "");
    Stagelijn__V1__AssessReadinessRequest ar = STAGELIJN__V1__ASSESS_READINESS_REQUEST__INIT;
    ar.input = &ri;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_ASSESS_READINESS;
    req.assess_readiness = &ar;
    return cli_call_print(ctx, &req);
}

static int readiness_override(cli_ctx *ctx, const cli_args *a)
{
    const char *student, *advice, *reason;
    if (!cli_need(ctx, a, "student", &student) || !cli_need(ctx, a, "advice", &advice) ||
        !cli_need(ctx, a, "reason", &reason))
        return EXIT_USAGE;
    Stagelijn__V1__OverrideReadinessRequest o = STAGELIJN__V1__OVERRIDE_READINESS_REQUEST__INIT;
    o.student_id = (char *)student;
    int advice_value = 0;
    if (!cli_enum(ctx, a, "advice", &stagelijn__v1__advice__descriptor, &advice_value))
        return EXIT_USAGE;
    o.advice = (Stagelijn__V1__Advice)advice_value;
    o.reason = (char *)reason;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_OVERRIDE_READINESS;
    req.override_readiness = &o;
    return cli_call_print(ctx, &req);
}

static int readiness_show(cli_ctx *ctx, const cli_args *a)
{
    const char *student;
    if (!cli_need(ctx, a, "student", &student))
        return EXIT_USAGE;
    Stagelijn__V1__GetReadinessRequest g = STAGELIJN__V1__GET_READINESS_REQUEST__INIT;
    g.student_id = (char *)student;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_READINESS;
    req.get_readiness = &g;
    return cli_call_print(ctx, &req);
}

static int match_suggest(cli_ctx *ctx, const cli_args *a)
{
    const char *student;
    unsigned long sector = 0;
    if (!cli_need(ctx, a, "student", &student) || !cli_uint(ctx, a, "sector", 10, &sector))
        return EXIT_USAGE;
    Stagelijn__V1__SuggestCompaniesRequest s = STAGELIJN__V1__SUGGEST_COMPANIES_REQUEST__INIT;
    s.student_id = (char *)student;
    s.sector = (uint32_t)sector;
    const char *km = cli_arg(a, "max-km");
    if (km) {
        double v;
        if (!cli_parse_decimal(km, &v) || v <= 0)
            return cli_usage_error(ctx, _("--max-km expects a distance in km, e.g. 12.5"));
        s.max_km = v;
    }
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUGGEST_COMPANIES;
    req.suggest_companies = &s;
    return cli_call_print(ctx, &req);
}

static int intro_record(cli_ctx *ctx, const cli_args *a)
{
    const char *student, *company, *date, *agreed;
    if (!cli_need(ctx, a, "student", &student) || !cli_need(ctx, a, "company", &company) ||
        !cli_need(ctx, a, "date", &date) || !cli_need(ctx, a, "agreed", &agreed))
        return EXIT_USAGE;
    Stagelijn__V1__IntroMeeting m = STAGELIJN__V1__INTRO_MEETING__INIT;
    m.student_id = (char *)student;
    m.company_id = (char *)company;
    m.date = (char *)date;
    bool yes = false;
    if (!cli_yes_no(ctx, a, "agreed", &yes))
        return EXIT_USAGE;
    m.agreed = yes;
    const char *notes = cli_arg(a, "notes");
    m.notes = (char *)(notes ? notes : "");
    Stagelijn__V1__RecordIntroMeetingRequest rm = STAGELIJN__V1__RECORD_INTRO_MEETING_REQUEST__INIT;
    rm.meeting = &m;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_INTRO_MEETING;
    req.record_intro_meeting = &rm;
    return cli_call_print(ctx, &req);
}

const cli_cmd ws_matching_commands[] = {
    {"readiness assess", "student social attitude teachers mentor start date",
     "--student ID --social J --attitude J --teachers J --mentor J [--start YYYY-MM-DD] "
     "[--date YYYY-MM-DD]",
     N_("end-of-year-2 readiness check: record social skills, work attitude, the teachers' "
        "advice (mentor included) and the mentor's assessment (J = positive, negative or "
        "missing) and get the provisional advice, individual or group internship; the "
        "internal and taster internships count with their end assessments"),
     readiness_assess, false},
    {"readiness override", "student advice reason",
     "--student ID --advice individual|group --reason TEXT",
     N_("depart from the provisional advice in a special case, with a reason (at least 10 "
        "characters); never below the legal minimum age of 14"),
     readiness_override, false},
    {"readiness show", "student", "--student ID",
     N_("the readiness check: criteria not met, advice and any override"), readiness_show, false},
    {"match suggest", "student sector max-km", "--student ID [--sector 1..10] [--max-km KM]",
     N_("companies for a student: sector match first, then distance from home; only those "
        "within cycling distance (or --max-km) with a free place and supervision"),
     match_suggest, false},
    {"intro record", "student company date agreed notes",
     "--student ID --company ID --date YYYY-MM-DD --agreed yes|no [--notes TEXT]",
     N_("record the introductory meeting at a company; when both sides agree, draft the "
        "contract next"),
     intro_record, false},
};
const size_t ws_matching_count = sizeof ws_matching_commands / sizeof ws_matching_commands[0];
