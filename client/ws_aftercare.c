/* Workstation commands of this family; see ws_commands.h. Exit, partner institutions,
 * aftercare contacts and the outflow report (with its CSV export). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "output.h"
#include "ws_commands.h"

static char *opt(const cli_args *a, const char *key)
{
    const char *v = cli_arg(a, key);
    return (char *)(v ? v : "");
}

/* A bare --flag is yes; "--flag no" (or false) is no, rather than a silent yes. */
static bool yes_flag(const cli_args *a, const char *key)
{
    const char *v = cli_arg(a, key);
    return v && strcmp(v, "no") != 0 && strcmp(v, "false") != 0;
}

static int parse_profile(const char *s)
{
    if (!strcmp(s, "day_care") || !strcmp(s, "daycare") || !strcmp(s, "dagbesteding"))
        return STAGELIJN__V1__EXIT_PROFILE__EXIT_DAY_CARE;
    if (!strcmp(s, "work") || !strcmp(s, "arbeid"))
        return STAGELIJN__V1__EXIT_PROFILE__EXIT_WORK;
    if (!strcmp(s, "learning") || !strcmp(s, "leren"))
        return STAGELIJN__V1__EXIT_PROFILE__EXIT_LEARNING;
    return 0;
}

static int exit_record(cli_ctx *ctx, const cli_args *a)
{
    const char *student, *left, *profile;
    if (!cli_need(ctx, a, "student", &student) || !cli_need(ctx, a, "left", &left) ||
        !cli_need(ctx, a, "profile", &profile))
        return EXIT_USAGE;
    Stagelijn__V1__ExitRecord e = STAGELIJN__V1__EXIT_RECORD__INIT;
    e.student_id = (char *)student;
    e.left_date = (char *)left;
    if (!(e.profile = (Stagelijn__V1__ExitProfile)parse_profile(profile)))
        return cli_usage_error(ctx, _("--profile: day_care, work or learning"));
    e.final_interview_date = opt(a, "interview");
    e.advice = opt(a, "advice");
    e.destination = opt(a, "destination");
    e.sheltered = yes_flag(a, "sheltered");
    e.cohort = opt(a, "cohort");
    Stagelijn__V1__RecordExitRequest rq = STAGELIJN__V1__RECORD_EXIT_REQUEST__INIT;
    rq.exit = &e;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_EXIT;
    req.record_exit = &rq;
    return cli_call_print(ctx, &req);
}

static int partner_create(cli_ctx *ctx, const cli_args *a)
{
    const char *name, *kind;
    if (!cli_need(ctx, a, "name", &name) || !cli_need(ctx, a, "kind", &kind))
        return EXIT_USAGE;
    Stagelijn__V1__Partner p = STAGELIJN__V1__PARTNER__INIT;
    p.name = (char *)name;
    p.kind = (char *)kind;
    p.contact = opt(a, "contact");
    Stagelijn__V1__CreatePartnerRequest rq = STAGELIJN__V1__CREATE_PARTNER_REQUEST__INIT;
    rq.partner = &p;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_PARTNER;
    req.create_partner = &rq;
    return cli_call_print(ctx, &req);
}

static int partner_list(cli_ctx *ctx, const cli_args *a)
{
    (void)a;
    Stagelijn__V1__ListPartnersRequest rq = STAGELIJN__V1__LIST_PARTNERS_REQUEST__INIT;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_PARTNERS;
    req.list_partners = &rq;
    return cli_call_print(ctx, &req);
}

static int aftercare_log(cli_ctx *ctx, const cli_args *a)
{
    const char *student, *date, *with, *outcome;
    if (!cli_need(ctx, a, "student", &student) || !cli_need(ctx, a, "date", &date) ||
        !cli_need(ctx, a, "with", &with) || !cli_need(ctx, a, "outcome", &outcome))
        return EXIT_USAGE;
    Stagelijn__V1__AftercareContact c = STAGELIJN__V1__AFTERCARE_CONTACT__INIT;
    c.student_id = (char *)student;
    c.date = (char *)date;
    c.with_whom = (char *)with;
    c.outcome = (char *)outcome;
    c.still_in_destination = yes_flag(a, "still-in-destination");
    c.referral_partner_id = opt(a, "referral");
    Stagelijn__V1__LogAftercareContactRequest rq =
        STAGELIJN__V1__LOG_AFTERCARE_CONTACT_REQUEST__INIT;
    rq.contact = &c;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOG_AFTERCARE_CONTACT;
    req.log_aftercare_contact = &rq;
    return cli_call_print(ctx, &req);
}

static int aftercare_show(cli_ctx *ctx, const cli_args *a)
{
    const char *student;
    if (!cli_need(ctx, a, "student", &student))
        return EXIT_USAGE;
    Stagelijn__V1__GetAftercareRequest rq = STAGELIJN__V1__GET_AFTERCARE_REQUEST__INIT;
    rq.student_id = (char *)student;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_AFTERCARE;
    req.get_aftercare = &rq;
    return cli_call_print(ctx, &req);
}

static int outflow_report(cli_ctx *ctx, const cli_args *a)
{
    const char *cohort;
    if (!cli_need(ctx, a, "cohort", &cohort))
        return EXIT_USAGE;
    const char *csv_file = cli_arg(a, "csv");
    if (csv_file && !csv_file[0])
        return cli_usage_error(ctx, _("--csv needs a file name"));
    Stagelijn__V1__OutflowReportRequest rq = STAGELIJN__V1__OUTFLOW_REPORT_REQUEST__INIT;
    rq.cohort = (char *)cohort;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_OUTFLOW_REPORT;
    req.outflow_report = &rq;
    sl_envelope *rep;
    int code;
    if (cli_call(ctx, &req, &rep, &code) != SL_OK)
        return code;
    Stagelijn__V1__OutflowReport *o = rep->outflow;
    if (!o) {
        sl_envelope_free(rep);
        fprintf(stderr, "%s: %s\n", ctx->prog, _("unexpected reply"));
        return EXIT_REFUSED;
    }
    if (csv_file) {
        FILE *f = fopen(csv_file, "wb");
        size_t len = strlen(o->csv);
        bool ok = f && fwrite(o->csv, 1, len, f) == len;
        if (f && fclose(f) != 0)
            ok = false;
        if (!ok) {
            fprintf(stderr, _("%s: cannot write %s: %s\n"), ctx->prog, csv_file, strerror(errno));
            sl_envelope_free(rep);
            return EXIT_USAGE;
        }
    }
    /* The CSV went to the file; on the screen it would only repeat the rows. */
    char *csv = o->csv;
    if (csv_file)
        o->csv = "";
    if (ctx->json) {
        output_json(stdout, &o->base);
        fputc('\n', stdout);
    } else {
        output_human(stdout, &o->base);
        if (csv_file)
            printf(_("CSV written to %s\n"), csv_file);
    }
    o->csv = csv;
    sl_envelope_free(rep);
    return 0;
}

const cli_cmd ws_aftercare_commands[] = {
    {"exit record", "student left profile interview advice destination sheltered cohort",
     "--student ID --left YYYY-MM-DD --profile day_care|work|learning [--interview YYYY-MM-DD] "
     "[--advice TEXT] [--destination TEXT] [--sheltered] [--cohort YYYY-YYYY]",
     N_("record a student's exit: final interview, advice, exit profile and destination "
        "(replaces an earlier record); the cohort defaults to the school year of leaving"),
     exit_record, false},
    {"partner create", "name kind contact",
     "--name NAME --kind municipality|youth_desk|work_desk|mbo|day_care [--contact TEXT]",
     N_("register a partner institution for aftercare referrals"), partner_create, false},
    {"partner list", "", "", N_("list the partner institutions"), partner_list, false},
    {"aftercare log", "student date with outcome still-in-destination referral",
     "--student ID --date YYYY-MM-DD --with former_student|parent|employer|follow_up_school|"
     "day_care|partner --outcome TEXT [--still-in-destination] [--referral PARTNER_ID]",
     N_("log an aftercare contact (within two years after leaving school)"), aftercare_log, false},
    {"aftercare show", "student", "--student ID",
     N_("a former student's aftercare: active, next contact due, missed contacts, contacts"),
     aftercare_show, false},
    {"outflow report", "cohort csv", "--cohort YYYY-YYYY [--csv FILE]",
     N_("the outflow monitor of a leaving cohort: placed on 1 November and lasting, against "
        "the norms of 90 % and 75 %; --csv writes the rows to FILE"),
     outflow_report, false},
};
const size_t ws_aftercare_count = sizeof ws_aftercare_commands / sizeof ws_aftercare_commands[0];
