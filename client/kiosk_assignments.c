#include "kiosk_assignments.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ASSIGNMENTS 32

/* The status in the user's words. */
static const char *status_words(int status)
{
    static const char *const words[] = {N_("not set"), N_("open"), N_("in progress"),
                                        N_("submitted"), N_("approved")};
    return status >= 0 && status <= 4 ? _(words[status]) : "";
}

/* Documented order on screen: by period, then number. */
static int by_period(const void *a, const void *b)
{
    const Stagelijn__V1__PracticalAssignment *x =
        *(const Stagelijn__V1__PracticalAssignment *const *)a;
    const Stagelijn__V1__PracticalAssignment *y =
        *(const Stagelijn__V1__PracticalAssignment *const *)b;
    if (x->period != y->period)
        return x->period < y->period ? -1 : 1;
    return x->number < y->number ? -1 : x->number > y->number;
}

static sl_envelope *load(ui *u, const ui_placement *p)
{
    Stagelijn__V1__ListAssignmentsRequest r = STAGELIJN__V1__LIST_ASSIGNMENTS_REQUEST__INIT;
    r.placement_id = (char *)p->id;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_ASSIGNMENTS;
    req.list_assignments = &r;
    sl_envelope *rep = NULL;
    char why[256];
    if (kl_read(u->kl, &req, &rep, why, sizeof why) != SL_OK && !u->note[0])
        snprintf(u->note, sizeof u->note, "%s", why);
    return rep;
}

/* Moves assignment a to `status` (the server refuses a step back or approving). */
static void set_status(ui *u, const ui_placement *p, const Stagelijn__V1__PracticalAssignment *a,
                       int status)
{
    Stagelijn__V1__PracticalAssignment change = STAGELIJN__V1__PRACTICAL_ASSIGNMENT__INIT;
    change.id = a->id;
    change.placement_id = (char *)p->id;
    change.period = a->period;
    change.number = a->number;
    change.status = (Stagelijn__V1__AssignmentStatus)status;
    Stagelijn__V1__SaveAssignmentRequest r = STAGELIJN__V1__SAVE_ASSIGNMENT_REQUEST__INIT;
    r.assignment = &change;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_ASSIGNMENT;
    req.save_assignment = &r;
    char label[KQ_LABEL_LEN];
    snprintf(label, sizeof label, _("Assignment %u.%u of %s: %s"), a->period, a->number,
             p->student_name, status_words(status));
    if (kl_submit(u->kl, &req, label, NULL, u->note, sizeof u->note) == KL_SENT)
        snprintf(u->note, sizeof u->note, _("%s: %s now."), a->title, status_words(status));
}

/* What the new-assignment form needs: the intern's placement and the assignments it has. */
typedef struct {
    const ui_placement *p;
    const Stagelijn__V1__PracticalAssignment *const *list;
    int n;
} new_ctx;

/* The first number (1 or 2) not yet used in `period`; 0 when both are. */
static uint32_t free_number(const new_ctx *x, uint32_t period)
{
    bool used[3] = {false, false, false};
    for (int i = 0; i < x->n; i++)
        if (x->list[i]->period == period && x->list[i]->number >= 1 && x->list[i]->number <= 2)
            used[x->list[i]->number] = true;
    return !used[1] ? 1 : !used[2] ? 2 : 0;
}

static bool new_submit(ui *u, int key, ui_field_spec *f, void *ctx)
{
    (void)key;
    const new_ctx *x = ctx;
    if (strlen(f[0].value) != 1 || f[0].value[0] < '1' || f[0].value[0] > '3') {
        snprintf(u->note, sizeof u->note, "%s", _("Type a period 1-3."));
        return false;
    }
    if (!f[1].value[0]) {
        snprintf(u->note, sizeof u->note, "%s", _("Type what the assignment is."));
        return false;
    }
    uint32_t period = (uint32_t)(f[0].value[0] - '0'), number = free_number(x, period);
    if (number == 0) {
        snprintf(u->note, sizeof u->note, _("Period %u already has two assignments."), period);
        return false;
    }
    Stagelijn__V1__PracticalAssignment a = STAGELIJN__V1__PRACTICAL_ASSIGNMENT__INIT;
    a.placement_id = (char *)x->p->id;
    a.period = period;
    a.number = number;
    a.title = f[1].value;
    a.status = STAGELIJN__V1__ASSIGNMENT_STATUS__ASSIGNMENT_OPEN;
    Stagelijn__V1__SaveAssignmentRequest r = STAGELIJN__V1__SAVE_ASSIGNMENT_REQUEST__INIT;
    r.assignment = &a;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_ASSIGNMENT;
    req.save_assignment = &r;
    char label[KQ_LABEL_LEN], sent[300];
    snprintf(label, sizeof label, _("New assignment %u.%u of %s"), period, number,
             x->p->student_name);
    snprintf(sent, sizeof sent, _("Period %u, assignment %u added."), period, number);
    kl_outcome o = kl_submit(u->kl, &req, label, NULL, u->note, sizeof u->note);
    return ui_outcome_done(u, o, sent);
}

/* The supervisor adds an assignment: a period and a one-line title; the number is the
 * period's next free one (the server allows two per period). False on idle. */
static bool new_assignment_form(ui *u, const ui_placement *p,
                                const Stagelijn__V1__PracticalAssignment *const *list, int n)
{
    ui_field_spec specs[] = {
        {.label = _("Period (1-3)"), .width = 2, .value = "1"},
        {.label = _("What is the assignment?"), .width = 50},
    };
    new_ctx x = {.p = p, .list = list, .n = n};
    char title[300];
    snprintf(title, sizeof title, _("New practical assignment for %s"), p->student_name);
    ui_form_desc d = {.title = title,
                      .keys = _("F5 Save  Tab Next field  Esc Cancel"),
                      .hint = _("The coach sees it and approves the work."),
                      .fields = specs,
                      .n = 2,
                      .top = 5,
                      .label_w = 26,
                      .submit = new_submit,
                      .ctx = &x};
    return ui_form_run(u, &d);
}

bool ui_assignments_screen(ui *u, const ui_placement *p)
{
    char title[300];
    snprintf(title, sizeof title, _("Practical assignments of %s"), p->student_name);
    int chosen = 0;
    for (;;) {
        sl_envelope *rep = load(u, p);
        const Stagelijn__V1__ListAssignmentsReply *r = rep ? rep->list_assignments_reply : NULL;
        const Stagelijn__V1__PracticalAssignment *list[MAX_ASSIGNMENTS];
        int n = 0;
        for (size_t i = 0; r && i < r->n_assignments && n < MAX_ASSIGNMENTS; i++)
            list[n++] = r->assignments[i];
        qsort(list, (size_t)n, sizeof list[0], by_period);
        static char names[MAX_ASSIGNMENTS][320];
        const char *name_of[MAX_ASSIGNMENTS], *desc_of[MAX_ASSIGNMENTS];
        for (int i = 0; i < n; i++) {
            snprintf(names[i], sizeof names[i], _("Period %u, assignment %u: %s"), list[i]->period,
                     list[i]->number, list[i]->title);
            name_of[i] = names[i];
            desc_of[i] = status_words(list[i]->status);
        }
        ui_frame(u, title, _("Up/Down Choose  F5 In progress  F6 Submitted  F7 New  Esc Back"));
        ui_put(3, 2, _("The coach approves submitted work."));
        if (n == 0)
            ui_put(5, 2,
                   rep ? _("No practical assignments yet. F7 adds one.")
                       : _("The list could not be loaded."));
        ui_in in = ui_menu_pick(u, name_of, desc_of, n, 5, LINES - 8, &chosen);
        /* Only with the list known: the new one's number is the period's next free one. */
        if (rep && ui_is_key(in, KEY_F(7)) && !new_assignment_form(u, p, list, n)) {
            sl_envelope_free(rep);
            return false;
        }
        if (n > 0 && (ui_is_key(in, KEY_F(5)) || ui_is_key(in, KEY_F(6))))
            set_status(u, p, list[chosen],
                       ui_is_key(in, KEY_F(5))
                           ? STAGELIJN__V1__ASSIGNMENT_STATUS__ASSIGNMENT_IN_PROGRESS
                           : STAGELIJN__V1__ASSIGNMENT_STATUS__ASSIGNMENT_SUBMITTED);
        sl_envelope_free(rep);
        if (in.kind == IN_IDLE || ui_is_key(in, K_ESC))
            return in.kind != IN_IDLE;
    }
}
