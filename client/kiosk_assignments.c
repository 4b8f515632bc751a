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
        ui_frame(u, title, _("Up/Down Choose  F5 In progress  F6 Submitted  Esc Back"));
        ui_put(3, 2, _("The coach approves submitted work."));
        if (n == 0)
            ui_put(5, 2,
                   rep ? _("No practical assignments yet. The coach adds them.")
                       : _("The list could not be loaded."));
        ui_in in = ui_menu_pick(u, name_of, desc_of, n, 5, LINES - 8, &chosen);
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
