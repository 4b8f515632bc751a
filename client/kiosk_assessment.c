#include "kiosk_assessment.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "kiosk_assignments.h"

/* The form's fields filled from an assessment (a draft, or the version to revise). */
static void assessment_fill(ui_field_spec *specs, const Stagelijn__V1__Assessment *a)
{
    if (!a)
        return;
    bool end = a->kind == STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_END;
    snprintf(specs[0].value, UI_TEXT_LEN, "%s", end ? "e" : "t");
    snprintf(specs[1].value, UI_TEXT_LEN, "%u", a->period);
    const Stagelijn__V1__CompetenceRatings *r = a->ratings;
    uint32_t v[5] = {r ? r->persoonlijk : 0, r ? r->arbeid : 0, r ? r->sociaal : 0,
                     r ? r->onderzoek : 0, r ? r->leren : 0};
    for (int i = 0; i < 5; i++)
        snprintf(specs[2 + i].value, UI_TEXT_LEN, "%.0u", v[i]);
    snprintf(specs[7].value, UI_TEXT_LEN, "%s",
             a->verdict == STAGELIJN__V1__JUDGEMENT__JUDGEMENT_POSITIVE   ? "j"
             : a->verdict == STAGELIJN__V1__JUDGEMENT__JUDGEMENT_NEGATIVE ? "n"
                                                                          : "");
    snprintf(specs[8].value, UI_TEXT_LEN, "%s", a->comments ? a->comments : "");
}

/* Reads the form into a (and r); false with the note set when something is missing. A draft
 * may leave ratings and the verdict open. */
static bool assessment_read(ui *u, ui_field_spec *specs, bool draft, Stagelijn__V1__Assessment *a,
                            Stagelijn__V1__CompetenceRatings *r)
{
    bool end = specs[0].value[0] == 'e' || specs[0].value[0] == 'E';
    bool ok = (end || specs[0].value[0] == 't' || specs[0].value[0] == 'T') &&
              strlen(specs[1].value) == 1 && specs[1].value[0] >= '0' && specs[1].value[0] <= '3';
    ok = ok && ui_parse_ratings(&specs[2], draft, r);
    char v = specs[7].value[0];
    bool good = v == 'j' || v == 'J', bad = v == 'n' || v == 'N';
    if (ok && end && !good && !bad && !draft)
        ok = false;
    if (!ok) {
        snprintf(u->note, sizeof u->note, "%s",
                 _("Fill in every field: t or e, a period 0-3, ratings 1-5, j or n."));
        return false;
    }
    a->kind = end ? STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_END
                  : STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_INTERIM;
    a->period = (uint32_t)(specs[1].value[0] - '0');
    a->ratings = r;
    a->comments = specs[8].value;
    if (good || bad)
        a->verdict = good ? STAGELIJN__V1__JUDGEMENT__JUDGEMENT_POSITIVE
                          : STAGELIJN__V1__JUDGEMENT__JUDGEMENT_NEGATIVE;
    return true;
}

/* The assessment being written: the draft's id once there is one, the version it revises. */
typedef struct {
    const ui_placement *p;
    char draft_id[40];
    const char *revises_id;
} assessment_ctx;

/* Sends the form: F6 keeps it as a draft, F5 submits it (a new assessment straight away, a
 * draft or a new version by saving the draft and then submitting it). True when done. */
static bool assessment_send(ui *u, int key, ui_field_spec *specs, void *ctx)
{
    assessment_ctx *c = ctx;
    const ui_placement *p = c->p;
    char *draft_id = c->draft_id;
    const size_t draft_len = sizeof c->draft_id;
    const char *revises_id = c->revises_id;
    bool submit = key == KEY_F(5);
    Stagelijn__V1__CompetenceRatings r = STAGELIJN__V1__COMPETENCE_RATINGS__INIT;
    Stagelijn__V1__Assessment a = STAGELIJN__V1__ASSESSMENT__INIT;
    if (!assessment_read(u, specs, !submit, &a, &r))
        return false;
    a.placement_id = (char *)p->id;
    char label[KQ_LABEL_LEN];
    snprintf(label, sizeof label,
             revises_id[0] ? _("New version of the assessment of %s") : _("Assessment of %s"),
             p->student_name);
    kl_outcome o;
    if (submit && !draft_id[0] && !revises_id[0]) {
        o = kl_submit_assessment(u->kl, &a, label, u->note, sizeof u->note);
        if (o == KL_SENT)
            snprintf(u->note, sizeof u->note, "%s", _("Assessment sent."));
        return o == KL_SENT || o == KL_QUEUED;
    }
    o = kl_save_assessment_draft(u->kl, p->id, draft_id, revises_id, &a, draft_id, draft_len, label,
                                 u->note, sizeof u->note);
    if (o == KL_QUEUED && submit)
        snprintf(u->note, sizeof u->note, "%s",
                 _("Kept as a draft on the kiosk. Send it when the server is back."));
    if (o != KL_SENT)
        return o == KL_QUEUED;
    if (!submit) {
        snprintf(u->note, sizeof u->note, "%s", _("Draft saved."));
        return true;
    }
    o = kl_submit_assessment_draft(u->kl, p->id, draft_id, label, u->note, sizeof u->note);
    if (o == KL_SENT)
        snprintf(u->note, sizeof u->note, "%s",
                 revises_id[0] ? _("New version sent.") : _("Assessment sent."));
    return o == KL_SENT || o == KL_QUEUED;
}

/* An assessment: kind, period, the five competence areas 1..5, the verdict for an end
 * assessment, and remarks; from `from` (a draft to go on with, or the version to revise) or
 * empty. False on idle. */
static bool assessment_form(ui *u, const ui_placement *p, const Stagelijn__V1__Assessment *from,
                            const char *draft_id_in, const char *revises_id)
{
    ui_field_spec specs[] = {
        {.label = _("Interim or end (t/e)"), .width = 2, .value = "t"},
        {.label = _("Period (0-3)"), .width = 2, .value = "1"},
        {.label = _("Personal (1-5)"), .width = 2},
        {.label = _("Work (1-5)"), .width = 2},
        {.label = _("Social (1-5)"), .width = 2},
        {.label = _("Finding out (1-5)"), .width = 2},
        {.label = _("Learning (1-5)"), .width = 2},
        {.label = _("End: good? (j/n)"), .width = 2},
        {.label = _("Remarks"), .width = 60},
    };
    assessment_fill(specs, from);
    assessment_ctx c = {.p = p, .revises_id = revises_id};
    snprintf(c.draft_id, sizeof c.draft_id, "%s", draft_id_in);
    char title[300];
    snprintf(title, sizeof title,
             revises_id[0] ? _("New version of the assessment of %s") : _("Assessment of %s"),
             p->student_name);
    static const int actions[] = {KEY_F(5), KEY_F(6), 0};
    ui_form_desc d = {.title = title,
                      .keys = _("F5 Send  F6 Keep as draft  Tab Next field  Esc Cancel"),
                      .hint = _("Ratings: 1 insufficient, 3 sufficient, 5 excellent."),
                      .fields = specs,
                      .n = 9,
                      .top = 5,
                      .label_w = 24,
                      .actions = actions,
                      .submit = assessment_send,
                      .ctx = &c};
    return ui_form_run(u, &d);
}

/* "Tussentijds, periode 1, versie 2" */
static void assessment_words(const Stagelijn__V1__Assessment *a, char *out, size_t n)
{
    const char *kind =
        a->kind == STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_END ? _("End") : _("Interim");
    if (a->status == STAGELIJN__V1__ASSESSMENT_STATUS__ASSESSMENT_DRAFT)
        snprintf(out, n, _("Draft: %s, period %u"), kind, a->period);
    else
        snprintf(out, n, _("%s, period %u, version %u"), kind, a->period,
                 a->version ? a->version : 1);
}

#define MAX_ASSESSMENTS 64

/* The placement's assessments: the current versions, the earlier ones and the drafts. Enter
 * on a current one makes a new version, on a draft goes on with it; F2 a new assessment.
 * False on idle. */
bool ui_assessments_screen(ui *u, const ui_placement *p)
{
    char title[300];
    snprintf(title, sizeof title, _("Assessments of %s"), p->student_name);
    int chosen = 0;
    for (;;) {
        char why[256];
        sl_envelope *rep = kl_list_assessments(u->kl, p->id, why, sizeof why);
        if (!rep && !u->note[0]) /* an outcome not seen yet goes first */
            snprintf(u->note, sizeof u->note, "%s", why);
        const Stagelijn__V1__ListAssessmentsReply *r = rep ? rep->list_assessments_reply : NULL;
        const Stagelijn__V1__Assessment *list[MAX_ASSESSMENTS];
        bool earlier[MAX_ASSESSMENTS];
        int n = 0;
        for (size_t i = 0; r && i < r->n_assessments && n < MAX_ASSESSMENTS; i++)
            earlier[n] = false, list[n++] = r->assessments[i];
        for (size_t i = 0; r && i < r->n_drafts && n < MAX_ASSESSMENTS; i++)
            earlier[n] = false, list[n++] = r->drafts[i];
        for (size_t i = 0; r && i < r->n_earlier_versions && n < MAX_ASSESSMENTS; i++)
            earlier[n] = true, list[n++] = r->earlier_versions[i];
        static char names[MAX_ASSESSMENTS][96], descs[MAX_ASSESSMENTS][160];
        const char *name_of[MAX_ASSESSMENTS], *desc_of[MAX_ASSESSMENTS];
        for (int i = 0; i < n; i++) {
            assessment_words(list[i], names[i], sizeof names[i]);
            snprintf(descs[i], sizeof descs[i],
                     earlier[i] ? _("%s, %s (earlier version)") : "%s, %s", list[i]->date,
                     list[i]->assessor_name);
            name_of[i] = names[i];
            desc_of[i] = descs[i];
        }
        ui_frame(u, title,
                 _("Up/Down Choose  Enter New version or go on  F2 New  F3 Practical "
                   "assignments  Esc Back"));
        if (n == 0)
            ui_put(4, 2,
                   rep ? _("No assessments yet. F2 makes one.")
                       : _("The list could not be loaded."));
        /* The intern's own ratings below the list, beside the supervisor's. */
        int own = r ? (int)(r->n_self_ratings < 3 ? r->n_self_ratings : 3) : 0;
        int rows = LINES - 8 - own > 1 ? LINES - 8 - own : 1;
        for (int i = 0; i < own; i++) {
            const Stagelijn__V1__SelfRating *sr = r->self_ratings[i];
            const Stagelijn__V1__CompetenceRatings *c = sr->ratings;
            ui_putf(4 + rows + i, 2, _("Own rating, period %u: %u %u %u %u %u  %s"), sr->period,
                    c ? c->persoonlijk : 0, c ? c->arbeid : 0, c ? c->sociaal : 0,
                    c ? c->onderzoek : 0, c ? c->leren : 0, sr->remarks);
        }
        ui_in in = ui_menu_pick(u, name_of, desc_of, n, 4, rows, &chosen);
        bool menu = n > 0;
        bool alive = true, leave = in.kind == IN_IDLE || ui_is_key(in, K_ESC);
        if (in.kind == IN_IDLE)
            alive = false;
        else if (ui_is_key(in, KEY_F(2)))
            alive = assessment_form(u, p, NULL, "", "");
        else if (ui_is_key(in, KEY_F(3)))
            alive = ui_assignments_screen(u, p);
        else if (menu && ui_is_key(in, K_ENTER) && earlier[chosen])
            snprintf(u->note, sizeof u->note, "%s",
                     _("This is an earlier version; choose the current one."));
        else if (menu && ui_is_key(in, K_ENTER)) {
            const Stagelijn__V1__Assessment *a = list[chosen];
            bool draft = a->status == STAGELIJN__V1__ASSESSMENT_STATUS__ASSESSMENT_DRAFT;
            char id[40], revises[40];
            snprintf(id, sizeof id, "%s", a->id);
            snprintf(revises, sizeof revises, "%s", draft ? a->revises_id : a->id);
            alive = assessment_form(u, p, a, draft ? id : "", revises);
        }
        sl_envelope_free(rep);
        if (!alive || leave)
            return alive;
    }
}

/* ---------------------------------------------------------------- dropout */
