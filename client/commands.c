#include "commands.h"

#include "output.h"

#include <stdlib.h>
#include <string.h>

static char *opt(const cli_args *a, const char *key)
{
    const char *v = cli_arg(a, key);
    return (char *)(v ? v : "");
}

int cmd_student_list(cli_ctx *ctx, const cli_args *a)
{
    Stagelijn__V1__ListStudentsRequest ls = STAGELIJN__V1__LIST_STUDENTS_REQUEST__INIT;
    ls.class_id = opt(a, "class");
    ls.company_id = opt(a, "company");
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_STUDENTS;
    req.list_students = &ls;
    return cli_call_print(ctx, &req);
}

int cmd_student_show(cli_ctx *ctx, const cli_args *a)
{
    const char *id;
    if (!cli_need(ctx, a, "id", &id))
        return EXIT_USAGE;
    Stagelijn__V1__GetStudentRequest g = STAGELIJN__V1__GET_STUDENT_REQUEST__INIT;
    g.id = (char *)id;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_STUDENT;
    req.get_student = &g;
    return cli_call_print(ctx, &req);
}

int cmd_placement_list(cli_ctx *ctx, const cli_args *a)
{
    Stagelijn__V1__ListPlacementsRequest lp = STAGELIJN__V1__LIST_PLACEMENTS_REQUEST__INIT;
    lp.student_id = opt(a, "student");
    lp.company_id = opt(a, "company");
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_PLACEMENTS;
    req.list_placements = &lp;
    return cli_call_print(ctx, &req);
}

int cmd_placement_show(cli_ctx *ctx, const cli_args *a)
{
    const char *id;
    if (!cli_need(ctx, a, "id", &id))
        return EXIT_USAGE;
    Stagelijn__V1__GetPlacementRequest g = STAGELIJN__V1__GET_PLACEMENT_REQUEST__INIT;
    g.id = (char *)id;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_PLACEMENT;
    req.get_placement = &g;
    return cli_call_print(ctx, &req);
}

int cmd_agenda_list(cli_ctx *ctx, const cli_args *a)
{
    const char *pid;
    if (!cli_need(ctx, a, "placement", &pid))
        return EXIT_USAGE;
    Stagelijn__V1__ListAgendaWeeksRequest l = STAGELIJN__V1__LIST_AGENDA_WEEKS_REQUEST__INIT;
    l.placement_id = (char *)pid;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_AGENDA_WEEKS;
    req.list_agenda_weeks = &l;
    return cli_call_print(ctx, &req);
}

int cmd_agenda_sign(cli_ctx *ctx, const cli_args *a)
{
    const char *wid;
    if (!cli_need(ctx, a, "week", &wid))
        return EXIT_USAGE;
    Stagelijn__V1__SignAgendaWeekRequest s = STAGELIJN__V1__SIGN_AGENDA_WEEK_REQUEST__INIT;
    s.agenda_week_id = (char *)wid;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SIGN_AGENDA_WEEK;
    req.sign_agenda_week = &s;
    return cli_call_print(ctx, &req);
}

int cmd_visit_list(cli_ctx *ctx, const cli_args *a)
{
    const char *pid;
    if (!cli_need(ctx, a, "placement", &pid))
        return EXIT_USAGE;
    Stagelijn__V1__ListVisitsRequest l = STAGELIJN__V1__LIST_VISITS_REQUEST__INIT;
    l.placement_id = (char *)pid;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_VISITS;
    req.list_visits = &l;
    return cli_call_print(ctx, &req);
}

int cmd_assessment_list(cli_ctx *ctx, const cli_args *a)
{
    const char *pid;
    if (!cli_need(ctx, a, "placement", &pid))
        return EXIT_USAGE;
    Stagelijn__V1__ListAssessmentsRequest l = STAGELIJN__V1__LIST_ASSESSMENTS_REQUEST__INIT;
    l.placement_id = (char *)pid;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_ASSESSMENTS;
    req.list_assessments = &l;
    return cli_call_print(ctx, &req);
}

int cmd_assessment_submit(cli_ctx *ctx, const cli_args *a)
{
    const char *pid, *kind;
    unsigned long period = 0, r[5] = {0};
    static const char *const areas[5] = {"persoonlijk", "arbeid", "sociaal", "onderzoek", "leren"};
    if (!cli_need(ctx, a, "placement", &pid) || !cli_need(ctx, a, "kind", &kind) ||
        !cli_uint(ctx, a, "period", 3, &period))
        return EXIT_USAGE;
    for (int i = 0; i < 5; i++) {
        const char *v;
        if (!cli_need(ctx, a, areas[i], &v) || !cli_uint(ctx, a, areas[i], 5, &r[i]))
            return EXIT_USAGE;
        if (r[i] < 1)
            return cli_usage_error(ctx, _("--%s is a rating from 1 to 5"), areas[i]);
    }
    Stagelijn__V1__CompetenceRatings cr = STAGELIJN__V1__COMPETENCE_RATINGS__INIT;
    cr.persoonlijk = (uint32_t)r[0];
    cr.arbeid = (uint32_t)r[1];
    cr.sociaal = (uint32_t)r[2];
    cr.onderzoek = (uint32_t)r[3];
    cr.leren = (uint32_t)r[4];
    Stagelijn__V1__Assessment as = STAGELIJN__V1__ASSESSMENT__INIT;
    as.placement_id = (char *)pid;
    int kind_value = 0, verdict = 0;
    if (!cli_enum(ctx, a, "kind", &stagelijn__v1__assessment_kind__descriptor, &kind_value) ||
        !cli_enum(ctx, a, "verdict", &stagelijn__v1__judgement__descriptor, &verdict))
        return EXIT_USAGE;
    as.kind = (Stagelijn__V1__AssessmentKind)kind_value;
    as.period = (uint32_t)period;
    as.ratings = &cr;
    as.comments = opt(a, "comments");
    as.date = opt(a, "date"); /* the day it was made; empty: today */
    as.verdict = (Stagelijn__V1__Judgement)verdict;
    /* "--aspect hygiene=4", repeatable; the server checks names, ratings and the count. */
    enum { MAX_ASPECTS = 12, ASPECT_BYTES = 260 };
    const char *aspects[MAX_ASPECTS + 1];
    int n_aspects = cli_arg_all(a, "aspect", aspects, MAX_ASPECTS + 1);
    if (n_aspects > MAX_ASPECTS)
        return cli_usage_error(ctx, _("at most %d --aspect flags"), MAX_ASPECTS);
    char names[MAX_ASPECTS][ASPECT_BYTES];
    Stagelijn__V1__AspectRating ar[MAX_ASPECTS], *arp[MAX_ASPECTS];
    for (int i = 0; i < n_aspects; i++) {
        const char *eq = strrchr(aspects[i], '=');
        unsigned long v = 0;
        size_t len = eq ? (size_t)(eq - aspects[i]) : 0;
        if (!eq || len == 0 || len >= ASPECT_BYTES || !cli_parse_uint(eq + 1, 5, &v) || v < 1)
            return cli_usage_error(ctx, _("--aspect '%s': expected NAME=RATING, rating 1 to 5"),
                                   aspects[i]);
        memcpy(names[i], aspects[i], len);
        names[i][len] = '\0';
        stagelijn__v1__aspect_rating__init(&ar[i]);
        ar[i].aspect = names[i];
        ar[i].rating = (uint32_t)v;
        arp[i] = &ar[i];
    }
    as.n_aspects = (size_t)n_aspects;
    as.aspects = arp;
    Stagelijn__V1__SubmitAssessmentRequest s = STAGELIJN__V1__SUBMIT_ASSESSMENT_REQUEST__INIT;
    s.assessment = &as;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_ASSESSMENT;
    req.submit_assessment = &s;
    return cli_call_print(ctx, &req);
}

int cmd_dropout_report(cli_ctx *ctx, const cli_args *a)
{
    const char *pid, *date, *reason;
    if (!cli_need(ctx, a, "placement", &pid) || !cli_need(ctx, a, "date", &date) ||
        !cli_need(ctx, a, "reason", &reason))
        return EXIT_USAGE;
    Stagelijn__V1__ReportDropoutRequest d = STAGELIJN__V1__REPORT_DROPOUT_REQUEST__INIT;
    d.placement_id = (char *)pid;
    d.date = (char *)date;
    d.reason = (char *)reason;
    /* dropout: who brought it to school (the student, the supervisor or the coach). */
    int via = 0;
    if (!cli_enum(ctx, a, "via", &stagelijn__v1__role__descriptor, &via))
        return EXIT_USAGE;
    d.reported_via = (Stagelijn__V1__Role)via;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_REPORT_DROPOUT;
    req.report_dropout = &d;
    return cli_call_print(ctx, &req);
}

/* Newest first, one page at a time; says when the page is not all there is. */
int cmd_notifications(cli_ctx *ctx, const cli_args *a)
{
    unsigned long after = 0, before = 0, limit = 100, page = 1;
    if (!cli_uint(ctx, a, "after", (unsigned long)-1, &after) ||
        !cli_uint(ctx, a, "before", (unsigned long)-1, &before) ||
        !cli_uint(ctx, a, "limit", 500, &limit) || !cli_uint(ctx, a, "page", 10000, &page))
        return EXIT_USAGE;
    if (limit == 0 || page == 0)
        return cli_usage_error(ctx, _("--limit and --page start at 1"));
    Stagelijn__V1__ListNotificationsRequest l = STAGELIJN__V1__LIST_NOTIFICATIONS_REQUEST__INIT;
    l.after_seq = after;
    l.before_seq = before;
    l.limit = (uint32_t)limit;
    l.offset = (uint32_t)((page - 1) * limit);
    l.all_school = cli_flag(a, "all-school");
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_NOTIFICATIONS;
    req.list_notifications = &l;
    int code;
    if (cli_call(ctx, &req, &rep, &code) != SL_OK)
        return code;
    const Stagelijn__V1__ListNotificationsReply *r = rep->list_notifications_reply;
    if (ctx->json) {
        output_json(stdout, &r->base);
        fputc('\n', stdout);
    } else {
        output_human(stdout, &r->base);
        size_t shown_to = r->offset + r->n_events;
        if (r->n_events > 0 && (r->offset > 0 || shown_to < r->total)) {
            /* TRANSLATORS: events FROM to TO of TOTAL shown, newest first. */
            printf(_("... %zu-%zu of %u shown (newest first)"), (size_t)r->offset + 1, shown_to,
                   r->total);
            if (shown_to < r->total)
                printf(_("; --page %lu for more"), page + 1);
            putchar('\n');
        } else if (r->n_events == 0 && r->total > 0) {
            printf(_("page %lu is past the end: %u events in all\n"), page, r->total);
        }
    }
    sl_envelope_free(rep);
    return 0;
}

int cmd_contract_sign(cli_ctx *ctx, const cli_args *a)
{
    const char *pid, *party, *name, *date;
    int party_value = 0;
    if (!cli_need(ctx, a, "placement", &pid) || !cli_need(ctx, a, "party", &party) ||
        !cli_need(ctx, a, "name", &name) || !cli_need(ctx, a, "date", &date))
        return EXIT_USAGE;
    if (!cli_enum(ctx, a, "party", &stagelijn__v1__signature_party__descriptor, &party_value))
        return EXIT_USAGE;
    Stagelijn__V1__Signature sig = STAGELIJN__V1__SIGNATURE__INIT;
    sig.party = (Stagelijn__V1__SignatureParty)party_value;
    sig.signer_name = (char *)name;
    sig.date = (char *)date;
    Stagelijn__V1__SignContractRequest s = STAGELIJN__V1__SIGN_CONTRACT_REQUEST__INIT;
    s.placement_id = (char *)pid;
    s.signature = &sig;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SIGN_CONTRACT;
    req.sign_contract = &s;
    return cli_call_print(ctx, &req);
}

int cmd_assignment_save(cli_ctx *ctx, const cli_args *a)
{
    const char *pid;
    unsigned long period = 0, number = 0;
    if (!cli_need(ctx, a, "placement", &pid) || !cli_uint(ctx, a, "period", 3, &period) ||
        !cli_uint(ctx, a, "number", 2, &number))
        return EXIT_USAGE;
    Stagelijn__V1__PracticalAssignment pa = STAGELIJN__V1__PRACTICAL_ASSIGNMENT__INIT;
    pa.id = opt(a, "id");
    if (!pa.id[0]) {
        const char *t;
        if (!cli_need(ctx, a, "period", &t) || !cli_need(ctx, a, "number", &t) ||
            !cli_need(ctx, a, "title", &t))
            return EXIT_USAGE;
    }
    int status = 0;
    if (!cli_enum(ctx, a, "status", &stagelijn__v1__assignment_status__descriptor, &status))
        return EXIT_USAGE;
    pa.status = (Stagelijn__V1__AssignmentStatus)status;
    pa.placement_id = (char *)pid;
    pa.period = (uint32_t)period;
    pa.number = (uint32_t)number;
    pa.title = opt(a, "title");
    pa.notes = opt(a, "notes");
    Stagelijn__V1__SaveAssignmentRequest s = STAGELIJN__V1__SAVE_ASSIGNMENT_REQUEST__INIT;
    s.assignment = &pa;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_ASSIGNMENT;
    req.save_assignment = &s;
    return cli_call_print(ctx, &req);
}

int cmd_assignment_list(cli_ctx *ctx, const cli_args *a)
{
    const char *pid;
    if (!cli_need(ctx, a, "placement", &pid))
        return EXIT_USAGE;
    Stagelijn__V1__ListAssignmentsRequest l = STAGELIJN__V1__LIST_ASSIGNMENTS_REQUEST__INIT;
    l.placement_id = (char *)pid;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_ASSIGNMENTS;
    req.list_assignments = &l;
    return cli_call_print(ctx, &req);
}

int cmd_reflection_write(cli_ctx *ctx, const cli_args *a)
{
    const char *pid, *week, *text;
    if (!cli_need(ctx, a, "placement", &pid) || !cli_need(ctx, a, "week", &week) ||
        !cli_need(ctx, a, "text", &text))
        return EXIT_USAGE;
    Stagelijn__V1__WriteReflectionRequest w = STAGELIJN__V1__WRITE_REFLECTION_REQUEST__INIT;
    w.placement_id = (char *)pid;
    w.week_start = (char *)week;
    w.text = (char *)text;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_WRITE_REFLECTION;
    req.write_reflection = &w;
    return cli_call_print(ctx, &req);
}
