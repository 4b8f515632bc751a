/* Workstation commands of this family; see ws_commands.h. A coach's visit plan and
 * caseload, the student dossier and a mentor's class overview. */
#include "ws_commands.h"

static char *opt(const cli_args *a, const char *key)
{
    const char *v = cli_arg(a, key);
    return (char *)(v ? v : "");
}

static int visit_plan(cli_ctx *ctx, const cli_args *a)
{
    Stagelijn__V1__VisitPlanRequest rq = STAGELIJN__V1__VISIT_PLAN_REQUEST__INIT;
    rq.week_start = opt(a, "week");
    rq.coach_id = opt(a, "coach");
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_VISIT_PLAN;
    req.visit_plan = &rq;
    return cli_call_print(ctx, &req);
}

static int dossier(cli_ctx *ctx, const cli_args *a)
{
    const char *student;
    if (!cli_need(ctx, a, "student", &student))
        return EXIT_USAGE;
    Stagelijn__V1__GetDossierRequest rq = STAGELIJN__V1__GET_DOSSIER_REQUEST__INIT;
    rq.student_id = (char *)student;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_DOSSIER;
    req.get_dossier = &rq;
    return cli_call_print(ctx, &req);
}

static int caseload(cli_ctx *ctx, const cli_args *a)
{
    (void)a;
    Stagelijn__V1__CaseloadRequest rq = STAGELIJN__V1__CASELOAD_REQUEST__INIT;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CASELOAD;
    req.caseload = &rq;
    return cli_call_print(ctx, &req);
}

static int class_overview(cli_ctx *ctx, const cli_args *a)
{
    const char *class_id;
    if (!cli_need(ctx, a, "class", &class_id))
        return EXIT_USAGE;
    Stagelijn__V1__ClassOverviewRequest rq = STAGELIJN__V1__CLASS_OVERVIEW_REQUEST__INIT;
    rq.class_id = (char *)class_id;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CLASS_OVERVIEW;
    req.class_overview = &rq;
    return cli_call_print(ctx, &req);
}

const cli_cmd ws_overview_commands[] = {
    {"visit plan", "week coach", "[--week MONDAY] [--coach USER_ID]",
     N_("the visits due up to the Sunday of a week (default this week), ordered into a route "
        "from the school; another coach's plan with --coach"),
     visit_plan, false},
    {"dossier", "student", "--student ID",
     N_("the whole internship line of one student in time order (also a student's own, for "
        "the right of access)"),
     dossier, false},
    {"caseload", "", "",
     N_("your interns, visits due within 7 days or overdue, agendas to sign off, assessments "
        "due"),
     caseload, false},
    {"class overview", "class", "--class ID",
     N_("one row per student of a class: current placement, status, last visit, dropouts, "
        "advice (a mentor: his/her own class)"),
     class_overview, false},
};
const size_t ws_overview_count = sizeof ws_overview_commands / sizeof ws_overview_commands[0];
