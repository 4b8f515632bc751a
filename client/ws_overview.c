/* Workstation commands of this family; see ws_commands.h. A coach's visit plan and
 * caseload, the student dossier and a mentor's class overview. */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "ical_plan.h"
#include "output.h"
#include "ws_commands.h"

static char *opt(const cli_args *a, const char *key)
{
    const char *v = cli_arg(a, key);
    return (char *)(v ? v : "");
}

/* Writes the reply's plan to file as iCalendar and says so; frees rep. */
static int visit_plan_ical(cli_ctx *ctx, sl_envelope *rep, const char *file)
{
    static const Stagelijn__V1__VisitPlanReply empty = STAGELIJN__V1__VISIT_PLAN_REPLY__INIT;
    const Stagelijn__V1__VisitPlanReply *plan =
        rep->body_case == STAGELIJN__V1__ENVELOPE__BODY_VISIT_PLAN_REPLY ? rep->visit_plan_reply
                                                                         : &empty;
    int rc = 0;
    sl_status st = ical_plan_write(plan, time(NULL), file);
    if (st == SL_EIO) {
        rc = cli_fail(ctx, EXIT_USAGE, _("cannot write %s: %s"), file, strerror(errno));
    } else if (st != SL_OK) {
        rc = cli_fail(ctx, EXIT_USAGE, _("the visit plan has a visit without a valid date"));
    } else if (ctx->json) {
        printf("{\"visits\":%zu,\"file\":", plan->n_visits);
        output_json_string(stdout, file);
        puts("}");
    } else {
        printf(_("Visit plan with %zu visits written to %s\n"), plan->n_visits, file);
    }
    sl_envelope_free(rep);
    return rc;
}

static int visit_plan(cli_ctx *ctx, const cli_args *a)
{
    Stagelijn__V1__VisitPlanRequest rq = STAGELIJN__V1__VISIT_PLAN_REQUEST__INIT;
    rq.week_start = opt(a, "week");
    rq.coach_id = opt(a, "coach");
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_VISIT_PLAN;
    req.visit_plan = &rq;
    const char *file = cli_arg(a, "ical");
    if (!file)
        return cli_call_print(ctx, &req);
    if (!file[0])
        return cli_usage_error(ctx, _("--ical needs a file name"));
    sl_envelope *rep;
    int code;
    if (cli_call(ctx, &req, &rep, &code) != SL_OK)
        return code;
    return visit_plan_ical(ctx, rep, file);
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
    {"visit plan", "week coach ical", "[--week MONDAY] [--coach USER_ID] [--ical FILE]",
     N_("the visits due up to the Sunday of a week (default this week), ordered into a route "
        "from the school; another coach's plan with --coach; --ical FILE writes it as a "
        "calendar file (iCalendar) for a phone or Outlook"),
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
