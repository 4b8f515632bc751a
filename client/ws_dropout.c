/* Workstation commands of the dropout procedure and the early warning: the case of a student
 * who dropped out, step by step, and the risk signal per intern with its reasons; see
 * ws_commands.h. People see names, dates and reasons in their words; --json keeps the ids. */
#include <stdio.h>
#include <string.h>

#include "output.h"
#include "wording.h"
#include "ws_commands.h"

static char *opt(const cli_args *a, const char *key)
{
    const char *v = cli_arg(a, key);
    return (char *)(v ? v : "");
}

/* ---------------------------------------------------------------- cases */

static const char *enum_word(const ProtobufCEnumDescriptor *d, int v, char *buf, size_t n)
{
    const char *w = wording_value(d, v, buf, n);
    if (w != buf)
        snprintf(buf, n, "%s", w);
    return buf;
}

/* One case for people: who, where, why, where it stands, what is next and when, the choices
 * made, and every step with who took it. */
static void print_case(const Stagelijn__V1__DropoutCase *c)
{
    char w[128], x[128];
    printf(_("Dropout case: %s at %s\n"), c->student_name,
           c->company_name[0] ? c->company_name : "-");
    printf(_("  dropped out on %s, brought to school by: %s\n"), c->dropout_date,
           enum_word(&stagelijn__v1__role__descriptor, (int)c->reported_via, w, sizeof w));
    if (c->reason[0])
        printf(_("  reason: %s\n"), c->reason);
    printf(_("  stands at: %s\n"),
           enum_word(&stagelijn__v1__dropout_case_state__descriptor, (int)c->state, w, sizeof w));
    if (c->next_step != STAGELIJN__V1__DROPOUT_ACTION__DROPOUT_ACTION_UNSPECIFIED)
        printf(
            c->overdue ? _("  next step: %s, due %s: OVERDUE\n") : _("  next step: %s, due %s\n"),
            enum_word(&stagelijn__v1__dropout_action__descriptor, (int)c->next_step, x, sizeof x),
            c->next_due);
    if (c->group_full)
        printf(_("  the group internship had no free place\n"));
    if (c->follow_up != STAGELIJN__V1__DROPOUT_FOLLOW_UP__DROPOUT_FOLLOW_UP_UNSPECIFIED)
        printf(_("  follow-up: %s\n"), enum_word(&stagelijn__v1__dropout_follow_up__descriptor,
                                                 (int)c->follow_up, w, sizeof w));
    if (c->group_session[0])
        printf(_("  group session: %s\n"), c->group_session);
    if (c->step_plan[0])
        printf(_("  step plan: %s\n"), c->step_plan);
    if (c->entree_consequence !=
        STAGELIJN__V1__ENTREE_CONSEQUENCE__ENTREE_CONSEQUENCE_UNSPECIFIED) {
        char hours[32];
        wording_duration((long long)c->entree_minutes_recorded, hours, sizeof hours);
        printf(_("  Entree, 650 hours: %s (%s recorded)\n"),
               enum_word(&stagelijn__v1__entree_consequence__descriptor, (int)c->entree_consequence,
                         w, sizeof w),
               hours);
    }
    printf(_("  steps:\n"));
    for (size_t i = 0; i < c->n_steps; i++) {
        const Stagelijn__V1__DropoutCaseStep *s = c->steps[i];
        const char *what = s->action == STAGELIJN__V1__DROPOUT_ACTION__DROPOUT_ACTION_UNSPECIFIED
                               ? _("reported")
                               : enum_word(&stagelijn__v1__dropout_action__descriptor,
                                           (int)s->action, w, sizeof w);
        printf("    %s  %-22s %s%s%s\n", s->date, what, s->actor_name, s->note[0] ? ": " : "",
               s->note);
    }
}

/* One line per case for people: who, where, since when, where it stands, what is next. */
static void print_case_line(const Stagelijn__V1__DropoutCase *c)
{
    char w[128], x[128];
    printf(_("%s (%s), dropped out on %s: %s"), c->student_name,
           c->company_name[0] ? c->company_name : "-", c->dropout_date,
           enum_word(&stagelijn__v1__dropout_case_state__descriptor, (int)c->state, w, sizeof w));
    if (c->next_step != STAGELIJN__V1__DROPOUT_ACTION__DROPOUT_ACTION_UNSPECIFIED)
        printf(
            c->overdue ? _("; next %s by %s: OVERDUE") : _("; next %s by %s"),
            enum_word(&stagelijn__v1__dropout_action__descriptor, (int)c->next_step, x, sizeof x),
            c->next_due);
    printf("\n");
}

static int list_cases(cli_ctx *ctx, const char *student, bool open_only, bool detailed)
{
    Stagelijn__V1__ListDropoutCasesRequest l = STAGELIJN__V1__LIST_DROPOUT_CASES_REQUEST__INIT;
    l.student_id = (char *)student;
    l.open_only = open_only;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_DROPOUT_CASES;
    req.list_dropout_cases = &l;
    if (ctx->json)
        return cli_call_print(ctx, &req);
    sl_envelope *rep;
    int code;
    if (cli_call(ctx, &req, &rep, &code) != SL_OK)
        return code;
    const Stagelijn__V1__ListDropoutCasesReply *r = rep->list_dropout_cases_reply;
    if (!r || r->n_cases == 0)
        printf(_("No dropout case.\n"));
    for (size_t i = 0; r && i < r->n_cases; i++) {
        if (detailed)
            print_case(r->cases[i]);
        else
            print_case_line(r->cases[i]);
    }
    if (r && r->total > r->n_cases)
        printf(_("(%zu of %u shown)\n"), r->n_cases, r->total);
    sl_envelope_free(rep);
    return 0;
}

static int case_show(cli_ctx *ctx, const cli_args *a)
{
    const char *student;
    if (!cli_need(ctx, a, "student", &student))
        return EXIT_USAGE;
    return list_cases(ctx, student, false, true);
}

static int case_list(cli_ctx *ctx, const cli_args *a)
{
    return list_cases(ctx, opt(a, "student"), cli_flag(a, "open"), false);
}

static int case_step(cli_ctx *ctx, const cli_args *a)
{
    const char *student, *step;
    if (!cli_need(ctx, a, "student", &student) || !cli_need(ctx, a, "step", &step))
        return EXIT_USAGE;
    int action = 0, follow_up = 0, entree = 0;
    if (!cli_enum(ctx, a, "step", &stagelijn__v1__dropout_action__descriptor, &action) ||
        !cli_enum(ctx, a, "follow-up", &stagelijn__v1__dropout_follow_up__descriptor, &follow_up) ||
        !cli_enum(ctx, a, "entree", &stagelijn__v1__entree_consequence__descriptor, &entree))
        return EXIT_USAGE;
    if (cli_arg(a, "date") && !cli_parse_date(cli_arg(a, "date")))
        return cli_usage_error(ctx, _("--%s must be YYYY-MM-DD"), "date");
    Stagelijn__V1__DropoutCaseStepRequest s = STAGELIJN__V1__DROPOUT_CASE_STEP_REQUEST__INIT;
    s.student_id = (char *)student;
    s.action = (Stagelijn__V1__DropoutAction)action;
    s.date = opt(a, "date");
    s.note = opt(a, "note");
    s.follow_up = (Stagelijn__V1__DropoutFollowUp)follow_up;
    s.step_plan = opt(a, "step-plan");
    s.entree_consequence = (Stagelijn__V1__EntreeConsequence)entree;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_DROPOUT_CASE_STEP;
    req.dropout_case_step = &s;
    if (ctx->json)
        return cli_call_print(ctx, &req);
    sl_envelope *rep;
    int code;
    if (cli_call(ctx, &req, &rep, &code) != SL_OK)
        return code;
    if (rep->dropout_case)
        print_case(rep->dropout_case);
    sl_envelope_free(rep);
    return 0;
}

/* ---------------------------------------------------------------- early warning */

/* One reason in words, with the figure it rests on and its points. */
static void print_reason(const Stagelijn__V1__RiskReason *r)
{
    long long v = (long long)r->value;
    const char *id = r->reason;
    if (strcmp(id, "RISK_ABSENCE") == 0)
        printf(_("    +%u  absent %lld times in the last six weeks\n"), r->points, v);
    else if (strcmp(id, "RISK_AGENDA_UNSIGNED") == 0)
        printf(_("    +%u  %lld agenda weeks not signed by the supervisor in time\n"), r->points,
               v);
    else if (strcmp(id, "RISK_AGENDA_MISSING") == 0)
        printf(_("    +%u  %lld agenda weeks not filled in\n"), r->points, v);
    else if (strcmp(id, "RISK_RATING_LOW") == 0)
        printf(_("    +%u  low assessment: average %lld.%lld of 5\n"), r->points, v / 10, v % 10);
    else if (strcmp(id, "RISK_RATING_FALLING") == 0)
        printf(_("    +%u  assessment fell by %lld.%lld since the one before\n"), r->points, v / 10,
               v % 10);
    else if (strcmp(id, "RISK_HOURS_BEHIND") == 0)
        printf(_("    +%u  worked %lld%% of the scheduled hours in the weeks filled in\n"),
               r->points, v);
    else if (strcmp(id, "RISK_VISIT_OVERDUE") == 0)
        printf(_("    +%u  coach's visit overdue by %lld days\n"), r->points, v);
    else if (strcmp(id, "RISK_EARLIER_DROPOUT") == 0)
        printf(_("    +%u  %lld earlier dropouts\n"), r->points, v);
    else
        printf("    +%u  %s (%lld)\n", r->points, id, v);
}

static int risk(cli_ctx *ctx, const cli_args *a)
{
    Stagelijn__V1__RiskSignalsRequest rq = STAGELIJN__V1__RISK_SIGNALS_REQUEST__INIT;
    rq.student_id = opt(a, "student");
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RISK_SIGNALS;
    req.risk_signals = &rq;
    if (ctx->json)
        return cli_call_print(ctx, &req);
    sl_envelope *rep;
    int code;
    if (cli_call(ctx, &req, &rep, &code) != SL_OK)
        return code;
    const Stagelijn__V1__RiskSignalsReply *r = rep->risk_signals_reply;
    printf(_("Early warning (signalled from %u points; highest first)\n"), r ? r->threshold : 0);
    for (size_t i = 0; r && i < r->n_signals; i++) {
        const Stagelijn__V1__RiskSignal *s = r->signals[i];
        printf(_("%s (%s, %s): %u points%s\n"), s->student_name, s->class_name,
               s->company_name[0] ? s->company_name : "-", s->points,
               s->above_threshold ? _(", SIGNALLED") : "");
        if (s->n_reasons == 0)
            printf(_("    no reason for concern\n"));
        for (size_t k = 0; k < s->n_reasons; k++)
            print_reason(s->reasons[k]);
    }
    if (r)
        printf(_("(%zu interns)\n"), r->n_signals);
    sl_envelope_free(rep);
    return 0;
}

static int scan(cli_ctx *ctx, const cli_args *a)
{
    (void)a;
    Stagelijn__V1__RiskScanRequest rq = STAGELIJN__V1__RISK_SCAN_REQUEST__INIT;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RISK_SCAN;
    req.risk_scan = &rq;
    if (ctx->json)
        return cli_call_print(ctx, &req);
    sl_envelope *rep;
    int code;
    if (cli_call(ctx, &req, &rep, &code) != SL_OK)
        return code;
    const Stagelijn__V1__RiskScanReply *r = rep->risk_scan_reply;
    if (r)
        printf(_("%u interns checked: %u at or above the threshold, %u of them newly (mentor and "
                 "coach are told)\n"),
               r->interns, r->above, r->crossed);
    sl_envelope_free(rep);
    return 0;
}

const cli_cmd ws_dropout_commands[] = {
    {"dropout case list", "student open", "[--student ID] [--open]",
     N_("dropout cases, overdue first, then by the next step's due date"), case_list, false},
    {"dropout case show", "student", "--student ID",
     N_("a student's dropout cases: where each stands, what is next and when, and every step"),
     case_show, false},
    {"dropout case step", "student step date note follow-up step-plan entree",
     "--student ID --step conversation|company_contact|followup|instead|orientation|close "
     "[--date YYYY-MM-DD] [--note TEXT] [--follow-up group|alternative|new_placement] "
     "[--step-plan TEXT] [--entree hours_achievable|extension|not_completed]",
     N_("take the next step of the student's open dropout case; the mentor is told of every "
        "step"),
     case_step, false},
    {"warning risk", "student", "[--student ID]",
     N_("the early-warning signal per intern with its reasons and points, highest first"), risk,
     false},
    {"warning scan", "", "",
     N_("compare every intern's signal with the threshold and tell mentor and coach of each "
        "new crossing"),
     scan, false},
};
const size_t ws_dropout_count = sizeof ws_dropout_commands / sizeof ws_dropout_commands[0];
