#include "kiosk_intern.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "kiosk_week.h"
#include "wording.h"

/* ---------------------------------------------------------------- the intern's screen */

#define NEXT_DAYS 2

/* The next planned internship days after today (at most NEXT_DAYS within two weeks):
 * "di 2026-12-01 08:30-16:30, wo 2026-12-02 08:30-16:30". False when none is planned. */
static bool next_planned(const ui_placement *p, char *out, size_t n)
{
    sl_date today = sl_date_today_local();
    int found = 0;
    out[0] = '\0';
    for (int k = 1; k <= 14 && found < NEXT_DAYS; k++) {
        sl_date d = sl_date_from_days(sl_date_to_days(today) + k);
        int wd = sl_date_weekday(d);
        if (p->scheduled[wd] && sl_date_compare(d, p->end) <= 0 &&
            sl_date_compare(d, p->start) >= 0) {
            char label[32];
            ui_day_label(d, label, sizeof label);
            size_t len = strlen(out);
            snprintf(out + len, n - len, "%s%s %s-%s", found ? ", " : "", label, p->start_time[wd],
                     p->end_time[wd]);
            found++;
        }
    }
    return found > 0;
}

/* When the coach comes next (the intern's own placement): "" when none is planned or the
 * server cannot be reached (the line is then left out). */
static void next_visit_line(ui *u, const ui_placement *p, char *out, size_t n)
{
    out[0] = '\0';
    Stagelijn__V1__NextVisitRequest r = STAGELIJN__V1__NEXT_VISIT_REQUEST__INIT;
    r.placement_id = (char *)p->id;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_NEXT_VISIT;
    req.next_visit = &r;
    sl_envelope *rep = NULL;
    char why[256];
    if (kl_read(u->kl, &req, &rep, why, sizeof why) != SL_OK)
        return;
    const Stagelijn__V1__NextVisitReply *v = rep->next_visit_reply;
    sl_date due;
    if (v && v->due_date[0] && sl_date_parse(v->due_date, &due)) {
        char day[32];
        ui_day_label(due, day, sizeof day);
        if (v->overdue)
            snprintf(out, n, _("%s will come to visit you soon."),
                     v->coach_name[0] ? v->coach_name : _("Your coach"));
        else
            snprintf(out, n, _("%s comes to visit you around %s."),
                     v->coach_name[0] ? v->coach_name : _("Your coach"), day);
    }
    sl_envelope_free(rep);
}

/* Clocks the intern in or out with one key; the outcome goes to the note, what the server
 * warns of the hours clocked out to warn (n bytes; "" for none). */
static void clock_key(ui *u, const ui_placement *p, bool in, char *warn, size_t n)
{
    const kl_person *who = kl_who(u->kl);
    char label[KQ_LABEL_LEN], hm[6];
    sl_date today;
    int minute;
    /* The school's time (Europe/Amsterdam), as the server shows clocked times. */
    sl_local_of((int64_t)time(NULL), &today, &minute);
    sl_clock_format(minute, hm);
    snprintf(label, sizeof label, in ? _("Clock-in %s at %s") : _("Clock-out %s at %s"),
             who ? who->display_name : "", hm);
    sl_envelope *reply = NULL;
    kl_outcome o = kl_clock(u->kl, p->student_id, in, label, &reply, u->note, sizeof u->note);
    if (o == KL_SENT)
        snprintf(u->note, sizeof u->note, in ? _("Clocked in at %s.") : _("Clocked out at %s."),
                 hm);
    ui_clock_warnings(o == KL_SENT ? reply : NULL, warn, n);
    sl_envelope_free(reply);
}

/* The intern and the week of a reflection. */
typedef struct {
    const ui_placement *p;
    char monday[11];
} reflection_ctx;

/* The three answers become one text (the server keeps one reflection a week). */
static bool reflection_submit(ui *u, int key, ui_field_spec *f, void *ctx)
{
    (void)key;
    const reflection_ctx *c = ctx;
    char text[3 * UI_TEXT_LEN + 8];
    snprintf(text, sizeof text, "%s", f[0].value);
    for (int i = 1; i < 3; i++)
        if (f[i].value[0])
            snprintf(text + strlen(text), sizeof text - strlen(text), "%s%s", text[0] ? " " : "",
                     f[i].value);
    if (!text[0]) {
        snprintf(u->note, sizeof u->note, "%s", _("Write something first."));
        return false;
    }
    char label[KQ_LABEL_LEN];
    snprintf(label, sizeof label, _("Reflection on the week of %s"), c->monday);
    kl_outcome o =
        kl_write_reflection(u->kl, c->p->id, c->monday, text, label, u->note, sizeof u->note);
    return ui_outcome_done(u, o, _("Reflection saved."));
}

/* The intern writes his/her own reflection on the shown week. False on idle. */
static bool reflection_form(ui *u, const ui_placement *p, const ui_week *wk)
{
    reflection_ctx c = {.p = p};
    sl_date_format(wk->monday, c.monday);
    const Stagelijn__V1__AgendaWeek *w = ui_find_week(wk->weeks, c.monday);
    ui_field_spec specs[] = {
        {.label = _("What did you do?"), .width = 60},
        {.label = _("What went well?"), .width = 60},
        {.label = _("What do you want to learn?"), .width = 60},
    };
    /* A reflection written before comes back in the first field, to change. */
    snprintf(specs[0].value, sizeof specs[0].value, "%s",
             w && w->student_reflection ? w->student_reflection : "");
    char title[128];
    snprintf(title, sizeof title, _("Your reflection on the week of %s"), c.monday);
    ui_form_desc d = {.title = title,
                      .keys = _("F5 Save  Tab Next field  Esc Cancel"),
                      .hint = _("Write a few words. Your supervisor and coach read it."),
                      .fields = specs,
                      .n = 3,
                      .top = 5,
                      .label_w = 28,
                      .submit = reflection_submit,
                      .ctx = &c};
    return ui_form_run(u, &d);
}

/* A period 1-3, the five areas 1-5 and remarks. */
static bool self_rating_submit(ui *u, int key, ui_field_spec *f, void *ctx)
{
    (void)key;
    const ui_placement *p = ctx;
    Stagelijn__V1__CompetenceRatings r = STAGELIJN__V1__COMPETENCE_RATINGS__INIT;
    Stagelijn__V1__SelfRating sr = STAGELIJN__V1__SELF_RATING__INIT;
    if (strlen(f[0].value) != 1 || f[0].value[0] < '1' || f[0].value[0] > '3' ||
        !ui_parse_ratings(&f[1], false, &r)) {
        snprintf(u->note, sizeof u->note, "%s",
                 _("Type a period 1-3 and a number 1-5 in each row."));
        return false;
    }
    sr.placement_id = (char *)p->id;
    sr.period = (uint32_t)(f[0].value[0] - '0');
    sr.ratings = &r;
    sr.remarks = f[6].value;
    char label[KQ_LABEL_LEN];
    snprintf(label, sizeof label, _("Own rating of %s, period %u"), p->student_name, sr.period);
    kl_outcome o = kl_save_self_rating(u->kl, &sr, label, u->note, sizeof u->note);
    return ui_outcome_done(u, o, _("Your rating is saved."));
}

/* The intern rates him/herself: a period and the five competence areas, in simple words,
 * with remarks. Shown beside the supervisor's assessment. False on idle. */
static bool self_rating_form(ui *u, const ui_placement *p)
{
    ui_field_spec specs[] = {
        {.label = _("Period (1-3)"), .width = 2, .value = "1"},
        {.label = _("Taking care of yourself (1-5)"), .width = 2},
        {.label = _("Working (1-5)"), .width = 2},
        {.label = _("Working with others (1-5)"), .width = 2},
        {.label = _("Finding things out (1-5)"), .width = 2},
        {.label = _("Learning (1-5)"), .width = 2},
        {.label = _("What else do you want to say?"), .width = 50},
    };
    ui_form_desc d = {.title = _("How do you rate yourself?"),
                      .keys = _("F5 Save  Tab Next field  Esc Cancel"),
                      .hint = _("1 not good yet, 3 good, 5 very good."),
                      .fields = specs,
                      .n = 7,
                      .top = 5,
                      .label_w = 32,
                      .submit = self_rating_submit,
                      .ctx = (void *)p};
    return ui_form_run(u, &d);
}

/* "Dit schooljaar: 120:30 u" (for Entree: "van 650:00 u, op schema"); "" when unknown. */
static void totals_line(ui *u, const ui_placement *p, char *out, size_t n)
{
    char why[256], done[32], need[32];
    out[0] = '\0';
    sl_envelope *rep = kl_hour_totals(u->kl, p->student_id, why, sizeof why);
    if (!rep)
        return;
    const Stagelijn__V1__HourTotals *t = rep->hour_totals;
    wording_duration((long long)t->minutes_done, done, sizeof done);
    if (t->entree && t->minutes_required)
        snprintf(out, n,
                 t->on_track ? _("This school year: %s of %s, on track.")
                             : _("This school year: %s of %s, behind."),
                 done, wording_duration((long long)t->minutes_required, need, sizeof need));
    else
        snprintf(out, n, _("This school year: %s."), done);
    sl_envelope_free(rep);
}

ui_next ui_intern_home(ui *u)
{
    ui_placement p;
    int n = ui_load_placements(u, &p, 1);
    ui_week wk = {.monday = ui_monday_of(sl_date_today_local())};
    char totals[160] = "", visit[300] = "", warn[UI_TEXT_LEN] = "";
    if (n == 1) {
        ui_week_load(u, &p, &wk, false);
        totals_line(u, &p, totals, sizeof totals);
        next_visit_line(u, &p, visit, sizeof visit);
    }
    for (;;) {
        const kl_person *who = kl_who(u->kl);
        const Stagelijn__V1__ClockRecord *open = ui_open_clocking(ui_week_hours(&wk));
        int pending = kl_pending_clock(u->kl);
        /* What waits in the queue is newer than what the server said. */
        bool clocked_in = pending ? pending > 0 : open != NULL;
        char title[300];
        snprintf(title, sizeof title, _("Hello %s"), who ? who->display_name : "");
        ui_frame(u, title,
                 n != 1 ? _("F9 Waiting  Esc Log out")
                 : clocked_in
                     ? _("F2 Clock out  F4 My reflection  F6 Rate myself  Left/Right Week  "
                         "F5 Refresh  F9 Waiting  Esc Log out")
                     : _("F2 Clock in  F4 My reflection  F6 Rate myself  Left/Right Week  "
                         "F5 Refresh  F9 Waiting  Esc Log out"));
        ui_mark_stale(wk.stale);
        int y = 5;
        if (n != 1) {
            ui_put(y, 2,
                   n == 0 ? _("You have no internship here now.")
                          : _("Your internship could not be loaded."));
        } else {
            char since[6], ymd[11], next[128];
            attron(A_BOLD);
            if (clocked_in && open && !pending) {
                sl_clock_format((int)open->clock_in_minute, since);
                ui_putf(4, 2, _("You are clocked in since %s. Press F2 to clock out."), since);
            } else if (clocked_in) {
                ui_put(4, 2, _("You are clocked in. Press F2 to clock out."));
            } else {
                ui_put(4, 2, _("You are not clocked in. Press F2 to clock in."));
            }
            attroff(A_BOLD);
            sl_date_format(wk.monday, ymd);
            y = ui_draw_week(&p, wk.monday, ui_find_week(wk.weeks, ymd), ui_week_hours(&wk), 6);
            if (totals[0] && y < LINES - 4)
                ui_put(y++, 2, totals);
            if (next_planned(&p, next, sizeof next) && y < LINES - 4)
                ui_putf(y++, 2, _("Next internship days: %s"), next);
            if (visit[0] && y < LINES - 4)
                ui_put(y++, 2, visit);
            if (warn[0] && y < LINES - 4) {
                /* codes2: what the hours just clocked out risk, until the next key. */
                attron(A_BOLD);
                ui_put_wrapped(y, 2, warn, LINES - 4);
                attroff(A_BOLD);
            }
        }
        refresh();
        ui_in in = ui_read(u);
        if (in.kind != IN_TICK)
            warn[0] = '\0';
        if (in.kind == IN_IDLE || ui_is_key(in, K_ESC) || ui_is_key(in, KEY_F(9))) {
            ui_week_free(&wk);
            return ui_is_key(in, KEY_F(9)) ? NEXT_QUEUE_THEN_HOME : NEXT_LOGIN;
        }
        if (n != 1)
            continue;
        if (ui_is_key(in, KEY_F(2))) {
            clock_key(u, &p, !clocked_in, warn, sizeof warn);
            ui_week_load(u, &p, &wk, true);
        } else if (ui_is_key(in, KEY_LEFT) || ui_is_key(in, KEY_RIGHT)) {
            wk.monday =
                sl_date_from_days(sl_date_to_days(wk.monday) + (ui_is_key(in, KEY_LEFT) ? -7 : 7));
            ui_week_load(u, &p, &wk, true);
        } else if (ui_is_key(in, KEY_F(4))) {
            if (!reflection_form(u, &p, &wk)) {
                ui_week_free(&wk);
                return NEXT_LOGIN;
            }
            ui_week_load(u, &p, &wk, false);
        } else if (ui_is_key(in, KEY_F(6))) {
            if (!self_rating_form(u, &p)) {
                ui_week_free(&wk);
                return NEXT_LOGIN;
            }
        } else if (ui_is_key(in, KEY_F(5))) {
            ui_week_load(u, &p, &wk, false);
            totals_line(u, &p, totals, sizeof totals);
            next_visit_line(u, &p, visit, sizeof visit);
        }
    }
}
