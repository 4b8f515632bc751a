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
    /* Without either: the caller's own placements (a student's), when they are one student's. */
    char sid[SL_ID_LEN + 1] = "", name[256] = "";
    int rc = 0;
    if (who && who[0] && (rc = ws_student_lookup(ctx, who, sid, name, sizeof name)) != 0)
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
        if (!sid[0] && best && strcmp(p->student_id, best->student_id) != 0) {
            sl_envelope_free(rep);
            return cli_usage_error(ctx, _("give --student NAME or --placement ID"));
        }
        bool active = p->status == STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE;
        bool best_active =
            best && best->status == STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE;
        if (!best || (active && !best_active) ||
            (active == best_active && strcmp(p->start_date, best->start_date) > 0))
            best = p;
    }
    if (best)
        snprintf(id, SL_ID_LEN + 1, "%s", best->id);
    else if (name[0])
        rc = cli_fail(ctx, EXIT_REFUSED, _("%s has no placement"), name);
    else
        rc = cli_fail(ctx, EXIT_REFUSED, _("no placement found; give --student NAME"));
    sl_envelope_free(rep);
    return rc;
}

/* The five areas and the aspects of --persoonlijk ... --aspect into a; a draft accepts 0
 * (not yet rated) and absent areas. Returns 0 or the usage error's exit code. */
#define MAX_GOAL_FLAGS 20

typedef struct {
    Stagelijn__V1__Assessment as;
    Stagelijn__V1__CompetenceRatings cr;
    Stagelijn__V1__AspectRating ar[12];
    Stagelijn__V1__AspectRating *arp[12];
    char names[12][260];
    Stagelijn__V1__GoalRating gr[MAX_GOAL_FLAGS];
    Stagelijn__V1__GoalRating *grp[MAX_GOAL_FLAGS];
    char goal_ids[MAX_GOAL_FLAGS][SL_ID_LEN + 1];
    sl_envelope *goals; /* the placement's goals, for --goal N=...; freed by the caller */
} assessment_input;

/* The placement's goals (for numbers in --goal); NULL after printing why. */
static sl_envelope *fetch_goals(cli_ctx *ctx, const char *pid, int *rc)
{
    Stagelijn__V1__ListLearningGoalsRequest l = STAGELIJN__V1__LIST_LEARNING_GOALS_REQUEST__INIT;
    l.placement_id = (char *)pid;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_LEARNING_GOALS;
    req.list_learning_goals = &l;
    return cli_call(ctx, &req, &rep, rc) == SL_OK ? rep : NULL;
}

/* "--goal N=RATING" or "--goal N=RATING:REMARK": N the goal's number in 'goal list' (or its
 * id). Returns 0 or an exit code. */
static int read_goal_ratings(cli_ctx *ctx, const cli_args *a, const char *pid, assessment_input *in)
{
    const char *flags[MAX_GOAL_FLAGS + 1];
    int n = cli_arg_all(a, "goal", flags, MAX_GOAL_FLAGS + 1);
    if (n == 0)
        return 0;
    if (n > MAX_GOAL_FLAGS)
        return cli_usage_error(ctx, _("at most %d --goal flags"), MAX_GOAL_FLAGS);
    int rc;
    if (!(in->goals = fetch_goals(ctx, pid, &rc)))
        return rc;
    const Stagelijn__V1__ListLearningGoalsReply *l = in->goals->list_learning_goals_reply;
    for (int i = 0; i < n; i++) {
        const char *eq = strchr(flags[i], '=');
        char which[SL_ID_LEN + 1], value[8];
        unsigned long rating = 0, number = 0;
        size_t wl = eq ? (size_t)(eq - flags[i]) : 0;
        const char *colon = eq ? strchr(eq + 1, ':') : NULL;
        size_t vl = eq ? (colon ? (size_t)(colon - eq - 1) : strlen(eq + 1)) : 0;
        if (!eq || wl == 0 || wl >= sizeof which || vl == 0 || vl >= sizeof value)
            return cli_usage_error(ctx, _("--goal '%s': expected NUMBER=RATING[:REMARK]"),
                                   flags[i]);
        memcpy(which, flags[i], wl);
        which[wl] = '\0';
        memcpy(value, eq + 1, vl);
        value[vl] = '\0';
        if (!cli_parse_uint(value, 5, &rating))
            return cli_usage_error(ctx, _("--goal '%s': expected NUMBER=RATING[:REMARK]"),
                                   flags[i]);
        const char *id = NULL;
        if (cli_parse_uint(which, 1000, &number)) {
            if (number >= 1 && number <= l->n_goals)
                id = l->goals[number - 1]->id;
        } else {
            id = which;
        }
        if (!id)
            return cli_usage_error(ctx,
                                   _("--goal '%s': the placement has no goal %s (see 'goal "
                                     "list')"),
                                   flags[i], which);
        snprintf(in->goal_ids[i], sizeof in->goal_ids[i], "%s", id);
        stagelijn__v1__goal_rating__init(&in->gr[i]);
        in->gr[i].goal_id = in->goal_ids[i];
        in->gr[i].rating = (uint32_t)rating;
        in->gr[i].remark = (char *)(colon ? colon + 1 : "");
        in->grp[i] = &in->gr[i];
    }
    in->as.n_goal_ratings = (size_t)n;
    in->as.goal_ratings = in->grp;
    return 0;
}

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
    in->goals = NULL;
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
    for (size_t i = 0; i < x->n_goal_ratings; i++) {
        const Stagelijn__V1__GoalRating *g = x->goal_ratings[i];
        char text[512], remark[512];
        termtext_escape(g->goal_text && g->goal_text[0] ? g->goal_text : g->goal_id, text,
                        sizeof text);
        termtext_escape(g->remark, remark, sizeof remark);
        if (remark[0])
            printf(_("  goal \"%s\": %u (%s)\n"), text, g->rating, remark);
        else
            printf(_("  goal \"%s\": %u\n"), text, g->rating);
    }
    if (x->comments && x->comments[0]) {
        termtext_escape(x->comments, shown, sizeof shown);
        printf(_("  remarks: %s\n"), shown);
    }
}

/* Per period: the student's own rating beside the supervisor's interim assessment (the
 * portfolio's "waardering door de leerling en praktijkbegeleider"). */
static void print_side_by_side(const Stagelijn__V1__ListAssessmentsReply *r)
{
    static const char *const areas[5] = {"persoonlijk", "arbeid", "sociaal", "onderzoek", "leren"};
    for (size_t i = 0; i < r->n_self_ratings; i++) {
        const Stagelijn__V1__SelfRating *s = r->self_ratings[i];
        const Stagelijn__V1__Assessment *by = NULL;
        for (size_t k = 0; k < r->n_assessments; k++)
            if (r->assessments[k]->kind == STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_INTERIM &&
                r->assessments[k]->period == s->period)
                by = r->assessments[k];
        printf(_("Period %u: own rating (%s) beside the supervisor's\n"), s->period, s->date);
        printf("  %-12s %10s %20s\n", "", _("student"), _("supervisor"));
        uint32_t own[5] = {s->ratings->persoonlijk, s->ratings->arbeid, s->ratings->sociaal,
                           s->ratings->onderzoek, s->ratings->leren};
        uint32_t sup[5] = {0};
        if (by && by->ratings) {
            sup[0] = by->ratings->persoonlijk, sup[1] = by->ratings->arbeid;
            sup[2] = by->ratings->sociaal, sup[3] = by->ratings->onderzoek;
            sup[4] = by->ratings->leren;
        }
        for (int k = 0; k < 5; k++) {
            if (by)
                printf("  %-12s %10u %20u\n", areas[k], own[k], sup[k]);
            else
                printf("  %-12s %10u %20s\n", areas[k], own[k], _("not yet"));
        }
        if (s->remarks && s->remarks[0]) {
            char shown[1024];
            termtext_escape(s->remarks, shown, sizeof shown);
            printf(_("  student's remarks: %s\n"), shown);
        }
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
    if (rc || (rc = ws_placement_of(ctx, a, pid)) != 0 ||
        (rc = read_goal_ratings(ctx, a, pid, &in)) != 0) {
        sl_envelope_free(in.goals);
        return rc;
    }
    Stagelijn__V1__SaveAssessmentDraftRequest s =
        STAGELIJN__V1__SAVE_ASSESSMENT_DRAFT_REQUEST__INIT;
    s.placement_id = pid;
    s.draft_id = opt(a, "id");
    s.revises_id = opt(a, "revise");
    s.assessment = &in.as;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_ASSESSMENT_DRAFT;
    req.save_assessment_draft = &s;
    rc = print_reply(ctx, &req);
    sl_envelope_free(in.goals);
    return rc;
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
        print_side_by_side(r);
    }
    sl_envelope_free(rep);
    return 0;
}

/* ---------------------------------------------------------------- goals, own rating */

int ws_goal_add(cli_ctx *ctx, const cli_args *a)
{
    char pid[SL_ID_LEN + 1];
    const char *text, *kind_word;
    int kind = 0, rc;
    if (!cli_need(ctx, a, "kind", &kind_word) || !cli_need(ctx, a, "text", &text) ||
        !cli_enum(ctx, a, "kind", &stagelijn__v1__goal_kind__descriptor, &kind))
        return EXIT_USAGE;
    if ((rc = ws_placement_of(ctx, a, pid)) != 0)
        return rc;
    Stagelijn__V1__LearningGoal g = STAGELIJN__V1__LEARNING_GOAL__INIT;
    g.id = opt(a, "id");
    g.placement_id = pid;
    g.kind = (Stagelijn__V1__GoalKind)kind;
    g.text = (char *)text;
    g.agreed_on = opt(a, "agreed");
    Stagelijn__V1__SaveLearningGoalRequest s = STAGELIJN__V1__SAVE_LEARNING_GOAL_REQUEST__INIT;
    s.goal = &g;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_LEARNING_GOAL;
    req.save_learning_goal = &s;
    return cli_call_print(ctx, &req);
}

int ws_goal_list(cli_ctx *ctx, const cli_args *a)
{
    char pid[SL_ID_LEN + 1];
    int rc = ws_placement_of(ctx, a, pid);
    if (rc)
        return rc;
    sl_envelope *rep = fetch_goals(ctx, pid, &rc);
    if (!rep)
        return rc;
    const Stagelijn__V1__ListLearningGoalsReply *l = rep->list_learning_goals_reply;
    if (ctx->json) {
        output_json(stdout, &l->base);
        fputc('\n', stdout);
    } else {
        for (size_t i = 0; i < l->n_goals; i++) {
            const Stagelijn__V1__LearningGoal *g = l->goals[i];
            char buf[64], text[1024], by[512];
            const char *kind =
                wording_value(&stagelijn__v1__goal_kind__descriptor, g->kind, buf, sizeof buf);
            termtext_escape(g->text, text, sizeof text);
            termtext_escape(g->set_by_name, by, sizeof by);
            if (g->agreed_on[0])
                printf(_("%u. %s (%s, agreed on %s, set by %s)\n"), g->number, text, kind,
                       g->agreed_on, by);
            else
                printf(_("%u. %s (%s, set by %s)\n"), g->number, text, kind, by);
        }
        if (!l->n_goals)
            printf("%s\n", _("No goals set yet."));
    }
    sl_envelope_free(rep);
    return 0;
}

int ws_self_rating_save(cli_ctx *ctx, const cli_args *a)
{
    static const char *const areas[5] = {"persoonlijk", "arbeid", "sociaal", "onderzoek", "leren"};
    unsigned long period = 0, r[5] = {0};
    const char *v;
    if (!cli_need(ctx, a, "period", &v) || !cli_uint(ctx, a, "period", 3, &period))
        return EXIT_USAGE;
    for (int i = 0; i < 5; i++)
        if (!cli_need(ctx, a, areas[i], &v) || !cli_uint(ctx, a, areas[i], 5, &r[i]))
            return EXIT_USAGE;
    char pid[SL_ID_LEN + 1];
    int rc = ws_placement_of(ctx, a, pid);
    if (rc)
        return rc;
    Stagelijn__V1__CompetenceRatings cr = STAGELIJN__V1__COMPETENCE_RATINGS__INIT;
    cr.persoonlijk = (uint32_t)r[0];
    cr.arbeid = (uint32_t)r[1];
    cr.sociaal = (uint32_t)r[2];
    cr.onderzoek = (uint32_t)r[3];
    cr.leren = (uint32_t)r[4];
    Stagelijn__V1__SelfRating s = STAGELIJN__V1__SELF_RATING__INIT;
    s.placement_id = pid;
    s.period = (uint32_t)period;
    s.ratings = &cr;
    s.remarks = opt(a, "remarks");
    Stagelijn__V1__SaveSelfRatingRequest sr = STAGELIJN__V1__SAVE_SELF_RATING_REQUEST__INIT;
    sr.rating = &s;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_SELF_RATING;
    req.save_self_rating = &sr;
    return cli_call_print(ctx, &req);
}

const cli_cmd ws_assess_commands[] = {
    WS_PIN_SET_CMD,
    WS_ASSESSMENT_VERSION_CMDS,
    WS_GOAL_CMDS,
};
const size_t ws_assess_count = sizeof ws_assess_commands / sizeof ws_assess_commands[0];
