/* Workstation commands for what the school's plan names beyond the internship itself: the
 * year-3 internship assessment and masterpiece toward the definitive sector choice (with the
 * exam portfolio), the social-skills training after being sent away, and WVO art. 32's 50 %
 * over the whole course; see ws_commands.h. */
#include <string.h>

#include "ws_commands.h"

static char *opt(const cli_args *a, const char *key)
{
    const char *v = cli_arg(a, key);
    return (char *)(v ? v : "");
}

/* A required enum flag, in the user's words or the English spelling. */
static bool need_enum(cli_ctx *ctx, const cli_args *a, const char *key,
                      const ProtobufCEnumDescriptor *d, int *out)
{
    const char *given;
    return cli_need(ctx, a, key, &given) && cli_enum(ctx, a, key, d, out);
}

static int year3_record(cli_ctx *ctx, const cli_args *a)
{
    const char *student, *date, *assessor;
    int kind = 0, result = 0;
    unsigned long sector = 0;
    if (!cli_need(ctx, a, "student", &student) || !cli_need(ctx, a, "date", &date) ||
        !cli_need(ctx, a, "assessor", &assessor) ||
        !need_enum(ctx, a, "kind", &stagelijn__v1__year3_assessment_kind__descriptor, &kind) ||
        !need_enum(ctx, a, "result", &stagelijn__v1__judgement__descriptor, &result) ||
        (cli_arg(a, "sector") && !cli_uint(ctx, a, "sector", 10, &sector)))
        return EXIT_USAGE;
    if (result == STAGELIJN__V1__JUDGEMENT__JUDGEMENT_MISSING)
        return cli_usage_error(ctx, _("--result is positive or negative"));
    Stagelijn__V1__Year3Assessment y = STAGELIJN__V1__YEAR3_ASSESSMENT__INIT;
    y.student_id = (char *)student;
    y.kind = (Stagelijn__V1__Year3AssessmentKind)kind;
    y.placement_id = opt(a, "placement");
    y.date = (char *)date;
    y.assessor = (char *)assessor;
    y.result = (Stagelijn__V1__Judgement)result;
    y.remarks = opt(a, "remarks");
    y.sector = (uint32_t)sector;
    Stagelijn__V1__RecordYear3AssessmentRequest rq =
        STAGELIJN__V1__RECORD_YEAR3_ASSESSMENT_REQUEST__INIT;
    rq.assessment = &y;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_YEAR3_ASSESSMENT;
    req.record_year3_assessment = &rq;
    return cli_call_print(ctx, &req);
}

static int year3_show(cli_ctx *ctx, const cli_args *a)
{
    const char *student;
    if (!cli_need(ctx, a, "student", &student))
        return EXIT_USAGE;
    Stagelijn__V1__GetYear3RecordRequest g = STAGELIJN__V1__GET_YEAR3_RECORD_REQUEST__INIT;
    g.student_id = (char *)student;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_YEAR3_RECORD;
    req.get_year3_record = &g;
    return cli_call_print(ctx, &req);
}

static int training_send(cli_ctx *ctx, Stagelijn__V1__SocialSkillsTraining *t)
{
    Stagelijn__V1__SaveSocialSkillsTrainingRequest s =
        STAGELIJN__V1__SAVE_SOCIAL_SKILLS_TRAINING_REQUEST__INIT;
    s.training = t;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_SOCIAL_SKILLS_TRAINING;
    req.save_social_skills_training = &s;
    return cli_call_print(ctx, &req);
}

static int training_enrol(cli_ctx *ctx, const cli_args *a)
{
    const char *student, *start, *trainer;
    if (!cli_need(ctx, a, "student", &student) || !cli_need(ctx, a, "start", &start) ||
        !cli_need(ctx, a, "trainer", &trainer))
        return EXIT_USAGE;
    Stagelijn__V1__SocialSkillsTraining t = STAGELIJN__V1__SOCIAL_SKILLS_TRAINING__INIT;
    t.student_id = (char *)student;
    t.start_date = (char *)start;
    t.trainer = (char *)trainer;
    t.dropout_id = opt(a, "dropout");
    t.remarks = opt(a, "remarks");
    t.status = STAGELIJN__V1__TRAINING_STATUS__TRAINING_PLANNED;
    return training_send(ctx, &t);
}

static int training_record(cli_ctx *ctx, const cli_args *a)
{
    const char *id, *student;
    int status = 0;
    if (!cli_need(ctx, a, "id", &id) || !cli_need(ctx, a, "student", &student) ||
        !need_enum(ctx, a, "status", &stagelijn__v1__training_status__descriptor, &status))
        return EXIT_USAGE;
    Stagelijn__V1__SocialSkillsTraining t = STAGELIJN__V1__SOCIAL_SKILLS_TRAINING__INIT;
    t.id = (char *)id;
    t.student_id = (char *)student;
    t.status = (Stagelijn__V1__TrainingStatus)status;
    t.done_date = opt(a, "done");
    t.start_date = opt(a, "start");
    t.trainer = opt(a, "trainer");
    t.remarks = opt(a, "remarks");
    return training_send(ctx, &t);
}

static int training_list(cli_ctx *ctx, const cli_args *a)
{
    Stagelijn__V1__ListSocialSkillsTrainingsRequest l =
        STAGELIJN__V1__LIST_SOCIAL_SKILLS_TRAININGS_REQUEST__INIT;
    l.student_id = opt(a, "student");
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_SOCIAL_SKILLS_TRAININGS;
    req.list_social_skills_trainings = &l;
    return cli_call_print(ctx, &req);
}

static int course_hours(cli_ctx *ctx, const cli_args *a)
{
    const char *student;
    if (!cli_need(ctx, a, "student", &student))
        return EXIT_USAGE;
    Stagelijn__V1__GetCourseHoursRequest g = STAGELIJN__V1__GET_COURSE_HOURS_REQUEST__INIT;
    g.student_id = (char *)student;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_COURSE_HOURS;
    req.get_course_hours = &g;
    return cli_call_print(ctx, &req);
}

const cli_cmd ws_schoolplan_commands[] = {
    {"year3 record", "student kind placement date assessor result remarks sector",
     "--student ID --kind internship_assessment|masterpiece [--placement ID] --date YYYY-MM-DD "
     "--assessor NAME --result positive|negative [--remarks TEXT] [--sector 1..10]",
     N_("record the year-3 internship assessment (of its placement) or the masterpiece toward "
        "the definitive sector choice; a masterpiece with a sector records that choice"),
     year3_record, false},
    {"year3 show", "student", "--student ID",
     N_("the year-3 file: internship assessments, masterpiece, sector choice and the exam "
        "portfolio (the year-3 practical assignments, complete when all are approved)"),
     year3_show, false},
    {"training enrol", "student start trainer dropout remarks",
     "--student ID --start YYYY-MM-DD --trainer NAME [--dropout ID] [--remarks TEXT]",
     N_("enrol a student sent away from an internship in the social-skills training"),
     training_enrol, false},
    {"training record", "id student status done start trainer remarks",
     "--id ID --student ID --status planned|done|not_done [--done YYYY-MM-DD] "
     "[--start YYYY-MM-DD] [--trainer NAME] [--remarks TEXT]",
     N_("record whether a social-skills training was done (with the day it ended)"),
     training_record, false},
    {"training list", "student", "[--student ID]",
     N_("social-skills trainings, newest start first (a mentor: his/her class)"), training_list,
     false},
    {"course hours", "student", "--student ID",
     N_("WVO art. 32: the student's recorded and planned internship hours against half of the "
        "education hours of the course so far"),
     course_hours, false},
};
const size_t ws_schoolplan_count = sizeof ws_schoolplan_commands / sizeof ws_schoolplan_commands[0];
