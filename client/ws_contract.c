/* Workstation commands of this family; see ws_commands.h: the contract (WVO art. 35), its
 * signatures and printed text, the placement lifecycle and the school-norm warnings. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "contract_pdf.h"
#include "output.h"
#include "termtext.h"
#include "ws_commands.h"

#define MAX_LOCATIONS 10

static char *opt(const cli_args *a, const char *key)
{
    const char *v = cli_arg(a, key);
    return (char *)(v ? v : "");
}

static int contract_save(cli_ctx *ctx, const cli_args *a)
{
    const char *pid;
    if (!cli_need(ctx, a, "placement", &pid))
        return EXIT_USAGE;
    const char *locations[MAX_LOCATIONS + 1];
    int n = cli_arg_all(a, "location", locations, MAX_LOCATIONS + 1);
    if (n == 0)
        return cli_usage_error(ctx, _("name the internship location with --location"));
    if (n > MAX_LOCATIONS)
        return cli_usage_error(ctx, _("at most %d locations"), MAX_LOCATIONS);
    Stagelijn__V1__Contract c = STAGELIJN__V1__CONTRACT__INIT;
    c.placement_id = (char *)pid;
    c.learning_activities = opt(a, "activities");
    c.n_locations = (size_t)n;
    c.locations = (char **)locations;
    c.supervision_split = opt(a, "supervision");
    c.company_assessment_role = opt(a, "assessment");
    c.inspection_arrangement = opt(a, "inspection");
    c.accident_insurer = opt(a, "accident-insurer");
    c.liability_insurer = opt(a, "liability-insurer");
    c.premium_payer = opt(a, "premium-payer");
    Stagelijn__V1__SaveContractRequest s = STAGELIJN__V1__SAVE_CONTRACT_REQUEST__INIT;
    s.contract = &c;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_CONTRACT;
    req.save_contract = &s;
    return cli_call_print(ctx, &req);
}

static int contract_show(cli_ctx *ctx, const cli_args *a)
{
    const char *pid;
    if (!cli_need(ctx, a, "placement", &pid))
        return EXIT_USAGE;
    Stagelijn__V1__GetContractRequest g = STAGELIJN__V1__GET_CONTRACT_REQUEST__INIT;
    g.placement_id = (char *)pid;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_CONTRACT;
    req.get_contract = &g;
    return cli_call_print(ctx, &req);
}

/* The document as text on stdout (or in --out FILE); --json gives the reply as JSON. */
static int contract_print(cli_ctx *ctx, const cli_args *a)
{
    const char *pid;
    if (!cli_need(ctx, a, "placement", &pid))
        return EXIT_USAGE;
    const char *file = cli_arg(a, "out");
    const char *pdf = cli_arg(a, "pdf");
    if (file && !file[0])
        return cli_usage_error(ctx, _("--out needs a file name"));
    if (pdf && !pdf[0])
        return cli_usage_error(ctx, _("--pdf needs a file name"));
    if (pdf && file)
        return cli_usage_error(ctx, _("give --out or --pdf, not both"));
    Stagelijn__V1__PrintContractRequest p = STAGELIJN__V1__PRINT_CONTRACT_REQUEST__INIT;
    p.placement_id = (char *)pid;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_PRINT_CONTRACT;
    req.print_contract = &p;
    if (ctx->json && !file && !pdf)
        return cli_call_print(ctx, &req);
    sl_envelope *rep;
    int code;
    if (cli_call(ctx, &req, &rep, &code) != SL_OK)
        return code;
    const char *text = rep->body_case == STAGELIJN__V1__ENVELOPE__BODY_CONTRACT_DOCUMENT
                           ? rep->contract_document->text
                           : "";
    int rc = 0;
    if (pdf) {
        const char *school = rep->body_case == STAGELIJN__V1__ENVELOPE__BODY_CONTRACT_DOCUMENT
                                 ? rep->contract_document->school_name
                                 : "";
        sl_status st = contract_pdf_write(school, text, pdf);
        if (st != SL_OK)
            rc = cli_fail(ctx, EXIT_USAGE, _("cannot write %s: %s"), pdf, sl_strerror(st));
        else if (ctx->json) {
            fputs("{\"file\":", stdout);
            output_json_string(stdout, pdf);
            puts("}");
        } else
            printf(_("Contract written to %s\n"), pdf);
    } else if (file) {
        FILE *f = fopen(file, "w");
        bool ok = f && fputs(text, f) >= 0;
        if (f && fclose(f) != 0)
            ok = false;
        if (!ok) {
            rc = cli_fail(ctx, EXIT_USAGE, _("cannot write %s: %s"), file, strerror(errno));
        } else if (ctx->json) {
            fputs("{\"placement_id\":", stdout);
            output_json_string(stdout, rep->contract_document->placement_id);
            fputs(",\"file\":", stdout);
            output_json_string(stdout, file);
            puts("}");
        } else {
            printf(_("Contract written to %s\n"), file);
        }
    } else {
        termtext_fputs(text, stdout);
    }
    sl_envelope_free(rep);
    return rc;
}

static int set_status(cli_ctx *ctx, const cli_args *a, Stagelijn__V1__PlacementStatus status)
{
    const char *id;
    if (!cli_need(ctx, a, "id", &id))
        return EXIT_USAGE;
    Stagelijn__V1__SetPlacementStatusRequest s = STAGELIJN__V1__SET_PLACEMENT_STATUS_REQUEST__INIT;
    s.placement_id = (char *)id;
    s.status = status;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SET_PLACEMENT_STATUS;
    req.set_placement_status = &s;
    return cli_call_print(ctx, &req);
}

static int placement_activate(cli_ctx *ctx, const cli_args *a)
{
    return set_status(ctx, a, STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE);
}

static int placement_complete(cli_ctx *ctx, const cli_args *a)
{
    return set_status(ctx, a, STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_COMPLETED);
}

static int warning_accept(cli_ctx *ctx, const cli_args *a)
{
    const char *pid, *rule, *reason;
    if (!cli_need(ctx, a, "placement", &pid) || !cli_need(ctx, a, "rule", &rule) ||
        !cli_need(ctx, a, "reason", &reason))
        return EXIT_USAGE;
    Stagelijn__V1__AcceptWarningRequest w = STAGELIJN__V1__ACCEPT_WARNING_REQUEST__INIT;
    w.placement_id = (char *)pid;
    w.rule_id = (char *)rule;
    w.reason = (char *)reason;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_ACCEPT_WARNING;
    req.accept_warning = &w;
    return cli_call_print(ctx, &req);
}

static int warning_list(cli_ctx *ctx, const cli_args *a)
{
    const char *pid;
    if (!cli_need(ctx, a, "placement", &pid))
        return EXIT_USAGE;
    Stagelijn__V1__ListPlacementWarningsRequest l =
        STAGELIJN__V1__LIST_PLACEMENT_WARNINGS_REQUEST__INIT;
    l.placement_id = (char *)pid;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_PLACEMENT_WARNINGS;
    req.list_placement_warnings = &l;
    return cli_call_print(ctx, &req);
}

const cli_cmd ws_contract_commands[] = {
    {"contract save",
     "placement activities location supervision assessment inspection accident-insurer "
     "liability-insurer premium-payer",
     "--placement ID --activities TEXT --location PLACE [--location PLACE]... --supervision TEXT "
     "--assessment TEXT --inspection TEXT --accident-insurer TEXT --liability-insurer TEXT "
     "--premium-payer TEXT",
     N_("write the contract (WVO art. 35); changing a signed text clears its signatures"),
     contract_save, false},
    CMD_CONTRACT_SIGN,
    {"contract show", "placement", "--placement ID",
     N_("the contract, its signatures and what is still missing"), contract_show, false},
    {"contract print", "placement out pdf", "--placement ID [--out FILE | --pdf FILE]",
     N_("the contract as a document to print and sign (--pdf FILE: an A4 PDF)"), contract_print,
     false},
    {"placement activate", "id", "--id ID",
     N_("start a placement whose contract is complete and signed"), placement_activate, false},
    {"placement complete", "id", "--id ID", N_("close an active placement that ran its course"),
     placement_complete, false},
    {"warning accept", "placement rule reason", "--placement ID --rule RULE_ID --reason TEXT",
     N_("accept a school-norm warning on a placement, with the reason"), warning_accept, false},
    {"warning list", "placement", "--placement ID", N_("the school-norm warnings of a placement"),
     warning_list, false},
};
const size_t ws_contract_count = sizeof ws_contract_commands / sizeof ws_contract_commands[0];
