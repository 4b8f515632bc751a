/* Workstation commands of this family; see ws_commands.h. Kiosk PINs (issue 8): a coach sets
 * an intern's PIN; the admin program uses the same command. And the student named the way a
 * person types it (a name, a user name or an id), shared with the kiosk's commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ids.h"
#include "output.h"
#include "termtext.h"
#include "wording.h"
#include "ws_commands.h"

static char *opt(const cli_args *a, const char *key)
{
    const char *v = cli_arg(a, key);
    return (char *)(v ? v : "");
}

int ws_student_lookup(cli_ctx *ctx, const char *who, char id[SL_ID_LEN + 1], char *name,
                      size_t name_len)
{
    Stagelijn__V1__ListStudentsRequest lr = STAGELIJN__V1__LIST_STUDENTS_REQUEST__INIT;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_STUDENTS;
    req.list_students = &lr;
    int code;
    if (cli_call(ctx, &req, &rep, &code) != SL_OK)
        return code;
    const Stagelijn__V1__ListStudentsReply *l = rep->list_students_reply;
    const Stagelijn__V1__Student *found = NULL;
    int matches = 0;
    for (size_t i = 0; l && i < l->n_students; i++) {
        const Stagelijn__V1__Student *s = l->students[i];
        if (strcmp(s->id, who) == 0 || strcasecmp(s->full_name, who) == 0 ||
            (s->user_name[0] && strcmp(s->user_name, who) == 0)) {
            if (!found || strcmp(found->id, s->id) != 0)
                matches++;
            found = s;
        }
    }
    int rc = 0;
    if (matches == 1) {
        snprintf(id, SL_ID_LEN + 1, "%s", found->id);
        if (name)
            snprintf(name, name_len, "%s", found->full_name);
    } else if (matches == 0) {
        rc = cli_fail(ctx, EXIT_REFUSED, _("no student '%s' that you may see"), who);
    } else {
        rc = cli_fail(ctx, EXIT_REFUSED,
                      _("%d students are called '%s'; give the user name or the id"), matches, who);
    }
    sl_envelope_free(rep);
    return rc;
}

/* "pin set --student NAME": the PIN from --pin-file, STAGELIJN_PIN or a prompt (twice). */
int ws_pin_set(cli_ctx *ctx, const cli_args *a)
{
    const char *who;
    if (!cli_need(ctx, a, "student", &who))
        return EXIT_USAGE;
    const char *file = cli_arg(a, "pin-file");
    char pin[64], again[64];
    if (!cli_read_secret("STAGELIJN_PIN", file, _("New PIN: "), pin, sizeof pin))
        return cli_usage_error(ctx, _("no PIN: use --pin-file, STAGELIJN_PIN or run on a "
                                      "terminal"));
    if (!file && !getenv("STAGELIJN_PIN") &&
        (!cli_read_secret(NULL, NULL, _("New PIN again: "), again, sizeof again) ||
         strcmp(pin, again) != 0))
        return cli_usage_error(ctx, _("the PINs differ"));
    char id[SL_ID_LEN + 1], name[256];
    int rc = ws_student_lookup(ctx, who, id, name, sizeof name);
    if (rc)
        return rc;
    Stagelijn__V1__SetPinRequest sp = STAGELIJN__V1__SET_PIN_REQUEST__INIT;
    sp.student_id = id;
    sp.pin = pin;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SET_PIN;
    req.set_pin = &sp;
    sl_status st = cli_call(ctx, &req, &rep, &rc);
    memset(pin, 0, sizeof pin);
    if (st != SL_OK)
        return rc;
    sl_envelope_free(rep);
    if (ctx->json) {
        printf("{\"student_id\":\"%s\",\"pin_set\":true}\n", id);
    } else {
        char shown[512];
        termtext_escape(name, shown, sizeof shown);
        printf(_("PIN set for %s; a lock after wrong PINs is lifted.\n"), shown);
    }
    return 0;
}

/* ---------------------------------------------------------------- assessment versions */

int ws_placement_of(cli_ctx *ctx, const cli_args *a, char id[SL_ID_LEN + 1])
{
    const char *pid = cli_arg(a, "placement"), *who = cli_arg(a, "student");
    if (pid && pid[0]) {
        snprintf(id, SL_ID_LEN + 1, "%s", pid);
        return 0;
    }
    if (!who || !who[0])
        return cli_usage_error(ctx, _("give --student NAME or --placement ID"));
    char sid[SL_ID_LEN + 1], name[256];
    int rc = ws_student_lookup(ctx, who, sid, name, sizeof name);
    if (rc)
        return rc;
    Stagelijn__V1__ListPlacementsRequest lp = STAGELIJN__V1__LIST_PLACEMENTS_REQUEST__INIT;
    lp.student_id = sid;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_PLACEMENTS;
    req.list_placements = &lp;
    if (cli_call(ctx, &req, &rep, &rc) != SL_OK)
        return rc;
    /* The running placement; else the one that started last. */
    const Stagelijn__V1__Placement *best = NULL;
    const Stagelijn__V1__ListPlacementsReply *l = rep->list_placements_reply;
    for (size_t i = 0; l && i < l->n_placements; i++) {
        const Stagelijn__V1__Placement *p = l->placements[i];
        bool active = p->status == STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE;
        bool best_active =
            best && best->status == STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE;
        if (!best || (active && !best_active) ||
            (active == best_active && strcmp(p->start_date, best->start_date) > 0))
            best = p;
    }
    if (best)
        snprintf(id, SL_ID_LEN + 1, "%s", best->id);
    else
        rc = cli_fail(ctx, EXIT_REFUSED, _("%s has no placement"), name);
    sl_envelope_free(rep);
    return rc;
}

/* The five areas and the aspects of --persoonlijk ... --aspect into a; a draft accepts 0
 * (not yet rated) and absent areas. Returns 0 or the usage error's exit code. */
typedef struct {
    Stagelijn__V1__Assessment as;
    Stagelijn__V1__CompetenceRatings cr;
    Stagelijn__V1__AspectRating ar[12];
    Stagelijn__V1__AspectRating *arp[12];
    char names[12][260];
} assessment_input;

static int read_assessment(cli_ctx *ctx, const cli_args *a, assessment_input *in)
{
    static const char *const areas[5] = {"persoonlijk", "arbeid", "sociaal", "onderzoek", "leren"};
    unsigned long r[5] = {0}, period = 0;
    stagelijn__v1__assessment__init(&in->as);
    stagelijn__v1__competence_ratings__init(&in->cr);
    int kind = 0, verdict = 0;
    if (!cli_uint(ctx, a, "period", 3, &period) ||
        !cli_enum(ctx, a, "kind", &stagelijn__v1__assessment_kind__descriptor, &kind) ||
        !cli_enum(ctx, a, "verdict", &stagelijn__v1__judgement__descriptor, &verdict))
        return EXIT_USAGE;
    for (int i = 0; i < 5; i++)
        if (!cli_uint(ctx, a, areas[i], 5, &r[i]))
            return EXIT_USAGE;
    in->cr.persoonlijk = (uint32_t)r[0];
    in->cr.arbeid = (uint32_t)r[1];
    in->cr.sociaal = (uint32_t)r[2];
    in->cr.onderzoek = (uint32_t)r[3];
    in->cr.leren = (uint32_t)r[4];
    in->as.kind = (Stagelijn__V1__AssessmentKind)kind;
    in->as.period = (uint32_t)period;
    in->as.ratings = &in->cr;
    in->as.verdict = (Stagelijn__V1__Judgement)verdict;
    in->as.comments = opt(a, "comments");
    in->as.date = opt(a, "date");
    const char *aspects[13];
    int n = cli_arg_all(a, "aspect", aspects, 13);
    if (n > 12)
        return cli_usage_error(ctx, _("at most %d --aspect flags"), 12);
    for (int i = 0; i < n; i++) {
        const char *eq = strrchr(aspects[i], '=');
        unsigned long v = 0;
        size_t len = eq ? (size_t)(eq - aspects[i]) : 0;
        if (!eq || len == 0 || len >= sizeof in->names[i] || !cli_parse_uint(eq + 1, 5, &v) ||
            v < 1)
            return cli_usage_error(ctx, _("--aspect '%s': expected NAME=RATING, rating 1 to 5"),
                                   aspects[i]);
        memcpy(in->names[i], aspects[i], len);
        in->names[i][len] = '\0';
        stagelijn__v1__aspect_rating__init(&in->ar[i]);
        in->ar[i].aspect = in->names[i];
        in->ar[i].rating = (uint32_t)v;
        in->arp[i] = &in->ar[i];
    }
    in->as.n_aspects = (size_t)n;
    in->as.aspects = in->arp;
    return 0;
}

/* One assessment, in the user's words: what, which version, by whom, the ratings. */
static void print_assessment(const Stagelijn__V1__Assessment *x)
{
    char buf[64], line[1024], shown[1024];
    const char *kind =
        wording_value(&stagelijn__v1__assessment_kind__descriptor, x->kind, buf, sizeof buf);
    if (x->status == STAGELIJN__V1__ASSESSMENT_STATUS__ASSESSMENT_DRAFT)
        snprintf(line, sizeof line, _("Draft: %s, period %u"), kind, x->period);
    else if (x->superseded)
        snprintf(line, sizeof line, _("%s, period %u, version %u (replaced %.10s)"), kind,
                 x->period, x->version, x->replaced_at);
    else
        snprintf(line, sizeof line, _("%s, period %u, version %u (current)"), kind, x->period,
                 x->version);
    termtext_escape(line, shown, sizeof shown);
    printf("%s\n", shown);
    if (x->assessor_name && x->assessor_name[0]) {
        termtext_escape(x->assessor_name, shown, sizeof shown);
        printf(_("  by %s on %s\n"), shown, x->date);
    } else if (x->date && x->date[0]) {
        printf(_("  on %s\n"), x->date);
    }
    const Stagelijn__V1__CompetenceRatings *c = x->ratings;
    if (c)
        printf(_("  persoonlijk %u, arbeid %u, sociaal %u, onderzoek %u, leren %u\n"),
               c->persoonlijk, c->arbeid, c->sociaal, c->onderzoek, c->leren);
    for (size_t i = 0; i < x->n_aspects; i++) {
        termtext_escape(x->aspects[i]->aspect, shown, sizeof shown);
        printf("  %s %u\n", shown, x->aspects[i]->rating);
    }
    if (x->comments && x->comments[0]) {
        termtext_escape(x->comments, shown, sizeof shown);
        printf(_("  remarks: %s\n"), shown);
    }
}

/* Prints a reply's Assessment: JSON, or in words. */
static int print_reply(cli_ctx *ctx, sl_envelope *req)
{
    sl_envelope *rep;
    int rc;
    if (cli_call(ctx, req, &rep, &rc) != SL_OK)
        return rc;
    if (ctx->json) {
        output_json(stdout, &rep->assessment->base);
        fputc('\n', stdout);
    } else {
        print_assessment(rep->assessment);
        if (rep->assessment->status == STAGELIJN__V1__ASSESSMENT_STATUS__ASSESSMENT_DRAFT)
            printf(_("  (draft %s: change it with --id, submit it with 'assessment finish')\n"),
                   rep->assessment->id);
    }
    sl_envelope_free(rep);
    return 0;
}

int ws_assessment_draft(cli_ctx *ctx, const cli_args *a)
{
    char pid[SL_ID_LEN + 1];
    assessment_input in;
    int rc = read_assessment(ctx, a, &in);
    if (rc || (rc = ws_placement_of(ctx, a, pid)) != 0)
        return rc;
    Stagelijn__V1__SaveAssessmentDraftRequest s =
        STAGELIJN__V1__SAVE_ASSESSMENT_DRAFT_REQUEST__INIT;
    s.placement_id = pid;
    s.draft_id = opt(a, "id");
    s.revises_id = opt(a, "revise");
    s.assessment = &in.as;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_ASSESSMENT_DRAFT;
    req.save_assessment_draft = &s;
    return print_reply(ctx, &req);
}

int ws_assessment_finish(cli_ctx *ctx, const cli_args *a)
{
    char pid[SL_ID_LEN + 1];
    const char *id;
    int rc;
    if (!cli_need(ctx, a, "id", &id))
        return EXIT_USAGE;
    if ((rc = ws_placement_of(ctx, a, pid)) != 0)
        return rc;
    Stagelijn__V1__SubmitAssessmentDraftRequest s =
        STAGELIJN__V1__SUBMIT_ASSESSMENT_DRAFT_REQUEST__INIT;
    s.placement_id = pid;
    s.draft_id = (char *)id;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_ASSESSMENT_DRAFT;
    req.submit_assessment_draft = &s;
    return print_reply(ctx, &req);
}

int ws_assessment_versions(cli_ctx *ctx, const cli_args *a)
{
    char pid[SL_ID_LEN + 1];
    int rc = ws_placement_of(ctx, a, pid);
    if (rc)
        return rc;
    Stagelijn__V1__ListAssessmentsRequest l = STAGELIJN__V1__LIST_ASSESSMENTS_REQUEST__INIT;
    l.placement_id = pid;
    l.all_versions = true;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_ASSESSMENTS;
    req.list_assessments = &l;
    if (cli_call(ctx, &req, &rep, &rc) != SL_OK)
        return rc;
    const Stagelijn__V1__ListAssessmentsReply *r = rep->list_assessments_reply;
    if (ctx->json) {
        output_json(stdout, &r->base);
        fputc('\n', stdout);
    } else {
        /* Each assessment with its earlier versions under it, oldest assessment first. */
        for (size_t i = 0; i < r->n_assessments; i++) {
            print_assessment(r->assessments[i]);
            for (size_t k = 0; k < r->n_earlier_versions; k++)
                if (strcmp(r->earlier_versions[k]->id, r->assessments[i]->id) == 0)
                    print_assessment(r->earlier_versions[k]);
        }
        for (size_t i = 0; i < r->n_drafts; i++)
            print_assessment(r->drafts[i]);
        if (!r->n_assessments && !r->n_drafts)
            printf("%s\n", _("No assessments yet."));
    }
    sl_envelope_free(rep);
    return 0;
}

const cli_cmd ws_assess_commands[] = {
    WS_PIN_SET_CMD,
    WS_ASSESSMENT_VERSION_CMDS,
};
const size_t ws_assess_count = sizeof ws_assess_commands / sizeof ws_assess_commands[0];
