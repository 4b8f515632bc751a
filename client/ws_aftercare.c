/* Workstation commands of this family; see ws_commands.h. Exit, partner institutions,
 * aftercare contacts and the outflow report (with its CSV export). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "output.h"
#include "wording.h"
#include "ws_commands.h"

static char *opt(const cli_args *a, const char *key)
{
    const char *v = cli_arg(a, key);
    return (char *)(v ? v : "");
}

/* A bare --flag is yes; "--flag no" (nee, false) is no, rather than a silent yes. */
static bool yes_flag(cli_ctx *ctx, const cli_args *a, const char *key, protobuf_c_boolean *out)
{
    bool b = false;
    if (!cli_yes_no(ctx, a, key, &b))
        return false;
    *out = b;
    return true;
}

static int exit_record(cli_ctx *ctx, const cli_args *a)
{
    const char *student, *left, *profile;
    int profile_value = 0;
    if (!cli_need(ctx, a, "student", &student) || !cli_need(ctx, a, "left", &left) ||
        !cli_need(ctx, a, "profile", &profile) ||
        !cli_enum(ctx, a, "profile", &stagelijn__v1__exit_profile__descriptor, &profile_value))
        return EXIT_USAGE;
    Stagelijn__V1__ExitRecord e = STAGELIJN__V1__EXIT_RECORD__INIT;
    e.student_id = (char *)student;
    e.left_date = (char *)left;
    e.profile = (Stagelijn__V1__ExitProfile)profile_value;
    e.final_interview_date = opt(a, "interview");
    e.advice = opt(a, "advice");
    e.destination = opt(a, "destination");
    if (!yes_flag(ctx, a, "sheltered", &e.sheltered))
        return EXIT_USAGE;
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
    const char *code = wording_parse_code("PartnerKind", kind);
    p.kind = (char *)(code ? code : kind);
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
    const char *party = wording_parse_code("ContactParty", with);
    c.with_whom = (char *)(party ? party : with);
    c.outcome = (char *)outcome;
    if (!yes_flag(ctx, a, "still-in-destination", &c.still_in_destination))
        return EXIT_USAGE;
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

/* The outflow rows as CSV, written by the client from the reply's fields (the server's own
 * `csv` string is not used: one writer, client/csv.c, quotes and neutralises every export). */
static bool write_outflow_csv(const Stagelijn__V1__OutflowReport *o, const char *path,
                              csv_dialect dialect)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    static const char *const header[] = {
        "student_id", "student_name",   "profile", "destination",   "cohort",
        "left_date",  "reference_date", "placed",  "lasted_year_1", "lasted_year_2"};
    csv_writer w;
    csv_begin(&w, f, dialect);
    for (size_t i = 0; i < sizeof header / sizeof header[0]; i++)
        csv_text(&w, header[i]);
    csv_end_row(&w);
    for (size_t i = 0; i < o->n_rows; i++) {
        const Stagelijn__V1__OutflowRow *r = o->rows[i];
        char profile[32];
        csv_text(&w, r->student_id);
        csv_text(&w, r->student_name);
        csv_text(&w, output_enum_name(&stagelijn__v1__exit_profile__descriptor, (int)r->profile,
                                      profile, sizeof profile));
        csv_text(&w, r->destination);
        csv_text(&w, o->cohort);
        csv_text(&w, r->left_on);
        csv_text(&w, r->reference_date);
        char year[32];
        /* The tri-state, so a year still running is not exported as "no". */
        csv_text(&w, output_enum_name(&stagelijn__v1__outcome__descriptor, (int)r->placed, year,
                                      sizeof year));
        csv_text(&w, output_enum_name(&stagelijn__v1__outcome__descriptor, (int)r->year_1, year,
                                      sizeof year));
        csv_text(&w, output_enum_name(&stagelijn__v1__outcome__descriptor, (int)r->year_2, year,
                                      sizeof year));
        csv_end_row(&w);
    }
    bool ok = csv_finish(&w);
    return fclose(f) == 0 && ok;
}

static int outflow_report(cli_ctx *ctx, const cli_args *a)
{
    const char *cohort;
    if (!cli_need(ctx, a, "cohort", &cohort))
        return EXIT_USAGE;
    const char *csv_file = cli_arg(a, "csv");
    if (csv_file && !csv_file[0])
        return cli_usage_error(ctx, _("--csv needs a file name"));
    csv_dialect dialect = CSV_RFC4180;
    const char *dialect_name = cli_arg(a, "csv-dialect");
    if (dialect_name && !csv_dialect_parse(dialect_name, &dialect))
        return cli_usage_error(ctx, _("--csv-dialect is rfc4180 or excel-nl"));
    if (dialect_name && !csv_file)
        return cli_usage_error(ctx, _("--csv-dialect goes with --csv FILE"));
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
        return cli_fail(ctx, EXIT_REFUSED, "%s", _("unexpected reply"));
    }
    if (csv_file && !write_outflow_csv(o, csv_file, dialect)) {
        int e = errno;
        sl_envelope_free(rep);
        return cli_fail(ctx, EXIT_USAGE, _("cannot write %s: %s"), csv_file, strerror(e));
    }
    /* The rows are shown from their fields; the server's CSV string would only repeat them. */
    char *server_csv = o->csv;
    o->csv = "";
    if (ctx->json) {
        output_json(stdout, &o->base);
        fputc('\n', stdout);
    } else {
        output_human(stdout, &o->base);
        if (csv_file)
            printf(_("CSV written to %s\n"), csv_file);
    }
    o->csv = server_csv;
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
    {"outflow report", "cohort csv csv-dialect",
     "--cohort YYYY-YYYY [--csv FILE [--csv-dialect rfc4180|excel-nl]]",
     N_("the outflow monitor of a leaving cohort: placed on 1 November and lasting, against "
        "the norms of 90 % and 75 %; --csv writes the rows to FILE (excel-nl: semicolons and "
        "a byte-order mark, for Excel with Dutch settings)"),
     outflow_report, false},
};
const size_t ws_aftercare_count = sizeof ws_aftercare_commands / sizeof ws_aftercare_commands[0];
