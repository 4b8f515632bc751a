/* Workstation commands of the periods family (years 4/5 and Entree): practical assignments,
 * the Entree hours, the binding study advice and the practical exam; see ws_commands.h. */
#include <string.h>

#include "commands.h"
#include "ws_commands.h"

static int entree_progress(cli_ctx *ctx, const cli_args *a)
{
    const char *sid;
    if (!cli_need(ctx, a, "student", &sid))
        return EXIT_USAGE;
    Stagelijn__V1__GetEntreeProgressRequest g = STAGELIJN__V1__GET_ENTREE_PROGRESS_REQUEST__INIT;
    g.student_id = (char *)sid;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_ENTREE_PROGRESS;
    req.get_entree_progress = &g;
    return cli_call_print(ctx, &req);
}

static int advice_record(cli_ctx *ctx, const cli_args *a)
{
    const char *sid, *date, *decision;
    if (!cli_need(ctx, a, "student", &sid) || !cli_need(ctx, a, "date", &date) ||
        !cli_need(ctx, a, "decision", &decision))
        return EXIT_USAGE;
    Stagelijn__V1__StudyAdvice sa = STAGELIJN__V1__STUDY_ADVICE__INIT;
    if (!strcmp(decision, "continue"))
        sa.continue_study = true;
    else if (strcmp(decision, "stop") != 0)
        return cli_usage_error(ctx, _("--decision is continue or stop"));
    sa.student_id = (char *)sid;
    sa.date = (char *)date;
    sa.notes = (char *)(cli_arg(a, "notes") ? cli_arg(a, "notes") : "");
    Stagelijn__V1__RecordStudyAdviceRequest r = STAGELIJN__V1__RECORD_STUDY_ADVICE_REQUEST__INIT;
    r.advice = &sa;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_STUDY_ADVICE;
    req.record_study_advice = &r;
    return cli_call_print(ctx, &req);
}

static int exam_send(cli_ctx *ctx, Stagelijn__V1__ExamSession *es)
{
    Stagelijn__V1__SaveExamSessionRequest s = STAGELIJN__V1__SAVE_EXAM_SESSION_REQUEST__INIT;
    s.session = es;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_EXAM_SESSION;
    req.save_exam_session = &s;
    return cli_call_print(ctx, &req);
}

static int exam_plan(cli_ctx *ctx, const cli_args *a)
{
    const char *pid, *date, *examiner;
    if (!cli_need(ctx, a, "placement", &pid) || !cli_need(ctx, a, "date", &date) ||
        !cli_need(ctx, a, "examiner", &examiner))
        return EXIT_USAGE;
    Stagelijn__V1__ExamSession es = STAGELIJN__V1__EXAM_SESSION__INIT;
    es.placement_id = (char *)pid;
    es.date = (char *)date;
    es.examiner = (char *)examiner;
    es.supervisor_name = (char *)(cli_arg(a, "supervisor") ? cli_arg(a, "supervisor") : "");
    return exam_send(ctx, &es);
}

static int exam_result(cli_ctx *ctx, const cli_args *a)
{
    const char *id, *pid, *result;
    if (!cli_need(ctx, a, "id", &id) || !cli_need(ctx, a, "placement", &pid) ||
        !cli_need(ctx, a, "result", &result))
        return EXIT_USAGE;
    if (strcmp(result, "passed") != 0 && strcmp(result, "failed") != 0)
        return cli_usage_error(ctx, _("--result is passed or failed"));
    Stagelijn__V1__ExamSession es = STAGELIJN__V1__EXAM_SESSION__INIT;
    es.id = (char *)id;
    es.placement_id = (char *)pid;
    es.result = (char *)result;
    return exam_send(ctx, &es);
}

const cli_cmd ws_periods_commands[] = {
    CMD_ASSIGNMENT_SAVE,
    CMD_ASSIGNMENT_LIST,
    {"entree progress", "student", "--student ID",
     N_("Entree hours toward 650 (21 a week), whether the student is behind and may sit the "
        "practical exam"),
     entree_progress, false},
    {"advice record", "student date decision notes",
     "--student ID --date YYYY-MM-DD --decision continue|stop [--notes TEXT]",
     N_("record the binding study advice (Entree, December); an advice to stop needs notes and "
        "tells the mentor"),
     advice_record, false},
    {"exam plan", "placement date examiner supervisor",
     "--placement ID --date YYYY-MM-DD --examiner NAME [--supervisor NAME]",
     N_("plan the practical exam (Proeve van Bekwaamheid) in May; refused unless the "
        "internship is passed and 650 hours are made"),
     exam_plan, false},
    {"exam result", "id placement result", "--id ID --placement ID --result passed|failed",
     N_("record the result of a practical exam"), exam_result, false},
};
const size_t ws_periods_count = sizeof ws_periods_commands / sizeof ws_periods_commands[0];
