#include "kiosk_supervisor.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "kiosk_assessment.h"
#include "kiosk_week.h"

#define MAX_INTERNS 200

/* ---------------------------------------------------------------- the week form */

/* The week being filled in: its internship days and its Monday. */
/* A digit typed on a numbered list: the number typed so far (a second digit makes 12 of 1
 * when there are that many rows, else starts again), *chosen moved to its row. Returns the
 * number typed so far, 0 after any other input. */
static int pick_by_number(ui_in in, int typed, int n, int *chosen)
{
    if (in.kind != IN_CHAR || in.ch < L'0' || in.ch > L'9')
        return 0;
    int digit = (int)(in.ch - L'0');
    typed = typed * 10 + digit <= n ? typed * 10 + digit : digit;
    if (typed >= 1 && typed <= n)
        *chosen = typed - 1;
    return typed;
}

typedef struct {
    const ui_placement *p;
    sl_date days[7];
    int n;
    char monday[11];
} week_ctx;

/* F5 saves the week, F6 saves and signs it: fields are hours and tasks per day, then the
 * supervisor's reflection. */
static bool week_submit(ui *u, int key, ui_field_spec *f, void *ctx)
{
    const week_ctx *c = ctx;
    Stagelijn__V1__AgendaDay ad[7], *adp[7];
    char dates[7][11];
    for (int i = 0; i < c->n; i++) {
        stagelijn__v1__agenda_day__init(&ad[i]);
        sl_date_format(c->days[i], dates[i]);
        ad[i].date = dates[i];
        ad[i].tasks = f[2 * i + 1].value;
        adp[i] = &ad[i];
        if (!ui_parse_hours(f[2 * i].value, &ad[i].minutes_worked)) {
            snprintf(u->note, sizeof u->note, _("Hours on %s: type them as 7:30."), dates[i]);
            return false;
        }
    }
    bool sign = key == KEY_F(6);
    char label[KQ_LABEL_LEN];
    snprintf(label, sizeof label, sign ? _("Week of %s for %s, signed") : _("Week of %s for %s"),
             c->monday, c->p->student_name);
    kl_outcome o = kl_submit_week(u->kl, c->p->id, c->monday, adp, (size_t)c->n, f[2 * c->n].value,
                                  sign, label, u->note, sizeof u->note);
    return ui_outcome_done(u, o, sign ? _("Week saved and signed.") : _("Week saved."));
}

/* Fills in (and with F6 signs) a week: a row of hours and tasks per internship day and the
 * supervisor's reflection. Returns after saving or Esc; false on idle (log out). */
static bool week_form(ui *u, const ui_placement *p, sl_date monday,
                      const Stagelijn__V1__AgendaWeek *w)
{
    week_ctx c = {.p = p};
    c.n = ui_week_days(p, monday, c.days);
    sl_date_format(monday, c.monday);
    ui_field_spec specs[2 * 7 + 1];
    memset(specs, 0, sizeof specs);
    char labels[7][2][48];
    for (int i = 0; i < c.n; i++) {
        char ymd[11], dl[32];
        sl_date_format(c.days[i], ymd);
        ui_day_label(c.days[i], dl, sizeof dl);
        snprintf(labels[i][0], sizeof labels[i][0], _("%s hours"), dl);
        snprintf(labels[i][1], sizeof labels[i][1], _("%s tasks"), dl);
        specs[2 * i] = (ui_field_spec){.label = labels[i][0], .width = 6};
        specs[2 * i + 1] = (ui_field_spec){.label = labels[i][1], .width = 60};
        const Stagelijn__V1__AgendaDay *d = ui_find_day(w, ymd);
        uint32_t m = d ? d->minutes_worked : p->scheduled[sl_date_weekday(c.days[i])];
        snprintf(specs[2 * i].value, sizeof specs[2 * i].value, "%u:%02u", m / 60, m % 60);
        snprintf(specs[2 * i + 1].value, UI_TEXT_LEN, "%s", d ? d->tasks : "");
    }
    specs[2 * c.n] = (ui_field_spec){.label = _("What went well, what to work on"), .width = 60};
    snprintf(specs[2 * c.n].value, UI_TEXT_LEN, "%s", w && w->reflection ? w->reflection : "");
    char title[128];
    snprintf(title, sizeof title, _("%s: week of %s"), p->student_name, c.monday);
    static const int actions[] = {KEY_F(5), KEY_F(6), 0};
    ui_form_desc d = {.title = title,
                      .keys = _("F5 Save  F6 Save and sign  Tab Next field  Esc Cancel"),
                      .fields = specs,
                      .n = 2 * c.n + 1,
                      .top = 4,
                      .label_w = 24,
                      .actions = actions,
                      .submit = week_submit,
                      .ctx = &c};
    return ui_form_run(u, &d);
}

/* ---------------------------------------------------------------- dropout */

static bool dropout_submit(ui *u, int key, ui_field_spec *f, void *ctx)
{
    (void)key;
    const ui_placement *p = ctx;
    sl_date day;
    if (!sl_date_parse(f[0].value, &day) || !f[1].value[0]) {
        snprintf(u->note, sizeof u->note, "%s", _("Give a date and a reason."));
        return false;
    }
    char label[KQ_LABEL_LEN];
    snprintf(label, sizeof label, _("Dropout of %s"), p->student_name);
    kl_outcome o =
        kl_report_dropout(u->kl, p->id, f[0].value, f[1].value, label, u->note, sizeof u->note);
    return ui_outcome_done(u, o, _("Dropout reported."));
}

/* The intern stops: a date and a reason. False on idle. */
static bool dropout_form(ui *u, const ui_placement *p)
{
    ui_field_spec specs[] = {
        {.label = _("Date (YYYY-MM-DD)"), .width = 11},
        {.label = _("Reason"), .width = 60},
    };
    sl_date_format(sl_date_today_local(), specs[0].value);
    char title[300];
    snprintf(title, sizeof title, _("%s stops at this company"), p->student_name);
    ui_form_desc d = {.title = title,
                      .keys = _("F5 Report dropout  Tab Next field  Esc Cancel"),
                      .hint = _("The internship then ends. The coach is told at once."),
                      .fields = specs,
                      .n = 2,
                      .top = 5,
                      .label_w = 20,
                      .submit = dropout_submit,
                      .ctx = (void *)p};
    return ui_form_run(u, &d);
}

/* ---------------------------------------------------------------- contract */

/* The contract as a document to scroll through, and F6 to sign it for the company. */
static bool contract_view(ui *u, const ui_placement *p)
{
    char title[300];
    snprintf(title, sizeof title, _("Contract of %s"), p->student_name);
    sl_envelope *doc = kl_contract_text(u->kl, p->id, u->note, sizeof u->note);
    if (!doc)
        return true;
    const char *text = doc->contract_document->text;
    int top = 0;
    for (;;) {
        ui_frame(u, title, _("Up/Down Scroll  F6 Sign for the company  Esc Back"));
        int room = LINES - 6, line = 0, y = 4;
        for (const char *s = text; *s; line++) {
            size_t len = strcspn(s, "\n");
            if (line >= top && y < 4 + room)
                mvaddnstr(y++, 2, s, (int)len < COLS - 4 ? (int)len : COLS - 4);
            s += len + (s[len] == '\n');
        }
        refresh();
        ui_in in = ui_read(u);
        if (in.kind == IN_IDLE) {
            sl_envelope_free(doc);
            return false;
        }
        if (ui_is_key(in, K_ESC))
            break;
        if (ui_is_key(in, KEY_DOWN) || ui_is_key(in, KEY_NPAGE))
            top = top + (in.key == KEY_NPAGE ? room : 1) < line
                      ? top + (in.key == KEY_NPAGE ? room : 1)
                      : top;
        if (ui_is_key(in, KEY_UP) || ui_is_key(in, KEY_PPAGE))
            top = top - (in.key == KEY_PPAGE ? room : 1) > 0
                      ? top - (in.key == KEY_PPAGE ? room : 1)
                      : 0;
        if (ui_is_key(in, KEY_F(6))) {
            char today[11], label[KQ_LABEL_LEN];
            sl_date_format(sl_date_today_local(), today);
            snprintf(label, sizeof label, _("Contract of %s signed"), p->student_name);
            if (kl_sign_contract(u->kl, p->id, today, label, u->note, sizeof u->note) == KL_SENT)
                snprintf(u->note, sizeof u->note, "%s", _("Contract signed."));
        }
    }
    sl_envelope_free(doc);
    return true;
}

static bool absence_submit(ui *u, int key, ui_field_spec *f, void *ctx)
{
    (void)key;
    const ui_placement *p = ctx;
    char k = f[0].value[0];
    int kind = k == 'z' || k == 'Z'   ? STAGELIJN__V1__ABSENCE_KIND__ABSENCE_SICK
               : k == 'm' || k == 'M' ? STAGELIJN__V1__ABSENCE_KIND__ABSENCE_WITH_NOTICE
               : k == 'o' || k == 'O' ? STAGELIJN__V1__ABSENCE_KIND__ABSENCE_WITHOUT_NOTICE
                                      : 0;
    sl_date d1, d2;
    if (!kind || f[0].value[1] || !sl_date_parse(f[1].value, &d1) ||
        !sl_date_parse(f[2].value, &d2)) {
        snprintf(u->note, sizeof u->note, "%s", _("Type z, m or o and two dates."));
        return false;
    }
    char label[KQ_LABEL_LEN];
    snprintf(label, sizeof label, _("Absence of %s from %s"), p->student_name, f[1].value);
    kl_outcome o = kl_report_absence(u->kl, p->student_id, p->id, kind, f[1].value, f[2].value,
                                     f[3].value, label, u->note, sizeof u->note);
    return ui_outcome_done(u, o, _("Absence reported."));
}

/* Absence of the intern: kind, first and last day, a note. False on idle. */
static bool absence_form(ui *u, const ui_placement *p)
{
    ui_field_spec specs[] = {
        {.label = _("Sick (z), with notice (m), without (o)"), .width = 2},
        {.label = _("From (YYYY-MM-DD)"), .width = 11},
        {.label = _("To (YYYY-MM-DD)"), .width = 11},
        {.label = _("Note"), .width = 50},
    };
    sl_date_format(sl_date_today_local(), specs[1].value);
    sl_date_format(sl_date_today_local(), specs[2].value);
    char title[300];
    snprintf(title, sizeof title, _("Absence of %s"), p->student_name);
    ui_form_desc d = {.title = title,
                      .keys = _("F5 Report absence  Tab Next field  Esc Cancel"),
                      .fields = specs,
                      .n = 4,
                      .top = 5,
                      .label_w = 40,
                      .submit = absence_submit,
                      .ctx = (void *)p};
    return ui_form_run(u, &d);
}

/* The intern and the week a correction is for. */
typedef struct {
    const ui_placement *p;
    const ui_week *w;
} correction_ctx;

static bool correction_submit(ui *u, int key, ui_field_spec *f, void *ctx)
{
    (void)key;
    const correction_ctx *c = ctx;
    int64_t in_at, out_at;
    if (!ui_local_instant(f[0].value, f[1].value, &in_at) ||
        !ui_local_instant(f[0].value, f[2].value, &out_at) || !f[3].value[0]) {
        snprintf(u->note, sizeof u->note, "%s",
                 _("Give a day, two times like 08:30 and a reason."));
        return false;
    }
    const Stagelijn__V1__WeekDayHours *h = ui_hours_day(ui_week_hours(c->w), f[0].value);
    const char *record = h && h->n_clock > 0 ? h->clock[0]->id : "";
    char label[KQ_LABEL_LEN];
    snprintf(label, sizeof label, _("Correction of %s on %s"), c->p->student_name, f[0].value);
    kl_outcome o = kl_correct_clock(u->kl, c->p->student_id, c->p->id, f[0].value, record, in_at,
                                    out_at, f[3].value, label, u->note, sizeof u->note);
    return ui_outcome_done(u, o, _("Clocked time corrected."));
}

/* Corrects the clocked time of one day of the shown week (its first shift, or a forgotten one
 * when the day has none), with a reason that is kept with who and when. False on idle. */
static bool correction_form(ui *u, const ui_placement *p, const ui_week *w)
{
    ui_field_spec specs[] = {
        {.label = _("Day (YYYY-MM-DD)"), .width = 11},
        {.label = _("Clock-in (HH:MM)"), .width = 6},
        {.label = _("Clock-out (HH:MM)"), .width = 6},
        {.label = _("Why"), .width = 50},
    };
    sl_date_format(w->monday, specs[0].value);
    char title[300];
    snprintf(title, sizeof title, _("Correct the clocked time of %s"), p->student_name);
    correction_ctx c = {p, w};
    ui_form_desc d = {.title = title,
                      .keys = _("F5 Correct  Tab Next field  Esc Cancel"),
                      .hint = _("The reason is kept, with your name and the time."),
                      .fields = specs,
                      .n = 4,
                      .top = 5,
                      .label_w = 20,
                      .submit = correction_submit,
                      .ctx = &c};
    return ui_form_run(u, &d);
}

/* ---------------------------------------------------------------- one intern, for the supervisor
 */

/* The intern forgot to clock: the supervisor clocks him/her in, or out when a shift is open
 * (as the server knows it now; the week on screen may be another). The server records the
 * supervisor as the one who clocked. The outcome goes to the note, what the server warns of
 * the hours clocked out to warn (n bytes; "" for none). */
static void clock_for_intern(ui *u, const ui_placement *p, const ui_week *shown, char *warn,
                             size_t n)
{
    char why[256], today[11], hm[6];
    sl_date day;
    int minute;
    sl_local_of((int64_t)time(NULL), &day, &minute);
    sl_date_format(day, today);
    sl_clock_format(minute, hm);
    sl_envelope *now = kl_week_hours(u->kl, p->student_id, p->id, today, why, sizeof why);
    bool in = !ui_open_clocking(now ? now->week_hours : ui_week_hours(shown));
    sl_envelope_free(now);
    char label[KQ_LABEL_LEN];
    snprintf(label, sizeof label, in ? _("Clock-in %s at %s") : _("Clock-out %s at %s"),
             p->student_name, hm);
    sl_envelope *reply = NULL;
    kl_outcome o = kl_clock(u->kl, p->student_id, in, label, &reply, u->note, sizeof u->note);
    if (o == KL_SENT)
        snprintf(u->note, sizeof u->note,
                 in ? _("%s clocked in at %s.") : _("%s clocked out at %s."), p->student_name, hm);
    ui_clock_warnings(o == KL_SENT ? reply : NULL, warn, n);
    sl_envelope_free(reply);
}

/* The supervisor's screen for one intern: the week (Left/Right for other weeks) and what can
 * be done. False on idle. */
static bool intern_detail(ui *u, const ui_placement *p)
{
    ui_week wk = {.monday = ui_monday_of(sl_date_today_local())};
    ui_week_load(u, p, &wk, false);
    bool alive = true;
    char warn[UI_TEXT_LEN] = "";
    for (;;) {
        char ymd[11];
        sl_date_format(wk.monday, ymd);
        const Stagelijn__V1__AgendaWeek *w = ui_find_week(wk.weeks, ymd);
        ui_frame(u, p->student_name,
                 _("F1 Clock in/out  F2 Fill in  F3 Sign  F4 Assessment  F5 Contract  F6 Absent  "
                   "F7 Dropout  F8 Correct time  Left/Right Week  F9 Waiting  Esc Back"));
        ui_mark_stale(wk.stale);
        int y = ui_draw_week(p, wk.monday, w, ui_week_hours(&wk), 4);
        if (warn[0] && y < LINES - 4) {
            /* codes2: what the hours just clocked out risk, until the next key. */
            attron(A_BOLD);
            ui_put_wrapped(y, 2, warn, LINES - 4);
            attroff(A_BOLD);
        }
        refresh();
        ui_in in = ui_read(u);
        if (in.kind == IN_KEY)
            warn[0] = '\0';
        if (in.kind == IN_IDLE) {
            alive = false;
            break;
        }
        if (in.kind != IN_KEY)
            continue;
        if (in.key == K_ESC)
            break;
        bool reload = true;
        if (in.key == KEY_LEFT || in.key == KEY_RIGHT) {
            wk.monday =
                sl_date_from_days(sl_date_to_days(wk.monday) + (in.key == KEY_LEFT ? -7 : 7));
            ui_week_load(u, p, &wk, true);
            reload = false;
        } else if (in.key == KEY_F(2))
            alive = week_form(u, p, wk.monday, w);
        else if (in.key == KEY_F(3) && w && !w->signed_by_supervisor) {
            char label[KQ_LABEL_LEN];
            snprintf(label, sizeof label, _("Signature on the week of %s for %s"), ymd,
                     p->student_name);
            if (kl_sign_week(u->kl, w->id, label, u->note, sizeof u->note) == KL_SENT)
                snprintf(u->note, sizeof u->note, "%s", _("Week signed."));
        } else if (in.key == KEY_F(3)) {
            snprintf(u->note, sizeof u->note, "%s",
                     w ? _("This week is signed already.") : _("Fill in the week first (F2)."));
            reload = false;
        } else if (in.key == KEY_F(4))
            alive = ui_assessments_screen(u, p);
        else if (in.key == KEY_F(5))
            alive = contract_view(u, p);
        else if (in.key == KEY_F(6))
            alive = absence_form(u, p);
        else if (in.key == KEY_F(7))
            alive = dropout_form(u, p);
        else if (in.key == KEY_F(1))
            clock_for_intern(u, p, &wk, warn, sizeof warn);
        else if (in.key == KEY_F(8))
            alive = correction_form(u, p, &wk);
        else if (in.key == KEY_F(9))
            ui_queue_view(u);
        else
            reload = false;
        if (!alive)
            break;
        if (reload)
            ui_week_load(u, p, &wk, false);
    }
    ui_week_free(&wk);
    return alive;
}

/* ---------------------------------------------------------------- the supervisor's start screen */

/* What needs doing for one intern: weeks of the last four that began and are not filled in
 * or not signed, and a clock-in of this week without a clock-out on an earlier day. */
static void needs_doing(ui *u, const ui_placement *p, char *out, size_t n)
{
    char msg[256], today_ymd[11];
    sl_date today = sl_date_today_local();
    sl_date_format(today, today_ymd);
    sl_envelope *weeks = kl_list_weeks(u->kl, p->id, msg, sizeof msg);
    sl_envelope *hours = kl_week_hours(u->kl, p->student_id, p->id, today_ymd, msg, sizeof msg);
    sl_date this_monday = ui_monday_of(today);
    int to_fill = 0, to_sign = 0;
    for (int back = 0; back < 4; back++) {
        sl_date monday = sl_date_from_days(sl_date_to_days(this_monday) - 7 * back);
        sl_date days[7];
        if (ui_week_days(p, monday, days) == 0 || sl_date_compare(days[0], today) > 0)
            continue;
        char ymd[11];
        sl_date_format(monday, ymd);
        const Stagelijn__V1__AgendaWeek *w = ui_find_week(weeks, ymd);
        if (!w)
            to_fill++;
        else if (!w->signed_by_supervisor)
            to_sign++;
    }
    const Stagelijn__V1__ClockRecord *open = hours ? ui_open_clocking(hours->week_hours) : NULL;
    bool forgotten = open && strcmp(open->date, today_ymd) < 0;
    sl_envelope_free(weeks);
    sl_envelope_free(hours);
    if (!ui_placement_open(p->status))
        snprintf(out, n, "%s", _("contract not signed yet"));
    else if (forgotten)
        snprintf(out, n, _("clock-out missing (%s); weeks to fill in: %d, to sign: %d"),
                 open ? open->date : "", to_fill, to_sign);
    else if (to_fill || to_sign)
        snprintf(out, n, _("weeks to fill in: %d, to sign: %d"), to_fill, to_sign);
    else
        snprintf(out, n, "%s", _("nothing to do"));
}

ui_next ui_supervisor_home(ui *u)
{
    static ui_placement interns[MAX_INTERNS];
    int n = ui_load_placements(u, interns, MAX_INTERNS);
    static char needs[MAX_INTERNS][128];
    for (int i = 0; i < n; i++)
        needs_doing(u, &interns[i], needs[i], sizeof needs[i]);
    /* Each intern with a row number, so a person can pick by typing it. */
    static char rows[MAX_INTERNS][280];
    const char *name_of[MAX_INTERNS], *desc_of[MAX_INTERNS];
    for (int i = 0; i < n; i++) {
        snprintf(rows[i], sizeof rows[i], "%*d. %s", n > 9 ? 2 : 1, i + 1, interns[i].student_name);
        name_of[i] = rows[i];
        desc_of[i] = needs[i];
    }
    int chosen = 0, typed = 0;
    for (;;) {
        ui_frame(u, _("Your interns"),
                 _("Up/Down or number Choose  Enter Open  F9 Waiting  Esc Log out"));
        if (n <= 0)
            ui_put(4, 2,
                   n == 0 ? _("No interns at this company now.")
                          : _("The list could not be loaded."));
        ui_in in = ui_menu_pick(u, name_of, desc_of, n, 4, LINES - 7, &chosen);
        typed = pick_by_number(in, typed, n, &chosen);
        bool open = n > 0 && ui_is_key(in, K_ENTER);
        if (in.kind == IN_IDLE || ui_is_key(in, K_ESC))
            return NEXT_LOGIN;
        if (ui_is_key(in, KEY_F(9)))
            return NEXT_QUEUE_THEN_HOME;
        if (open) {
            if (!intern_detail(u, &interns[chosen]))
                return NEXT_LOGIN;
            needs_doing(u, &interns[chosen], needs[chosen], sizeof needs[chosen]);
        }
    }
}
