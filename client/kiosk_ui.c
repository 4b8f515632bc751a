#include "kiosk_ui.h"

#include <curses.h>
#include <errno.h>
#include <form.h>
#include <libintl.h>
#include <locale.h>
#include <stdarg.h>
#include <menu.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <wchar.h>

#include "kiosk_link.h"
#include "kiosk_queue.h"
#include "timeutil.h"
#include "wording.h"

#define _(s) gettext(s)
/* Marks a msgid for xgettext; translated where it is shown. */
#define N_(s) (s)

#ifndef SL_LOCALEDIR
#define SL_LOCALEDIR "/usr/local/share/locale"
#endif

#define DEFAULT_IDLE_SECONDS 120
/* How often a waiting queue is tried again while the kiosk sits still. */
#define FLUSH_EVERY_SECONDS 5
#define MAX_FIELDS 40
#define MAX_INTERNS 200
#define TEXT_LEN 1024

typedef struct {
    kiosk_link *kl;
    kiosk_queue *q;
    int idle_seconds;
    time_t last_key, last_flush;
    char note[512]; /* the last outcome, shown on the status line until the next key */
    int status_row; /* above the function keys, which take one or two rows */
} ui;

typedef enum { IN_KEY, IN_CHAR, IN_IDLE, IN_TICK } in_kind;

typedef struct {
    in_kind kind;
    int key;   /* IN_KEY: KEY_F(2), KEY_DOWN, ...; Esc, Enter, Tab and Backspace too */
    wint_t ch; /* IN_CHAR */
} ui_in;

enum { K_ESC = 27, K_ENTER = '\n', K_TAB = '\t' };

/* ---------------------------------------------------------------- input */

/* The next key, or IN_IDLE once nobody typed for the idle time (the caller logs out), or
 * IN_TICK after the waiting queue was tried again (the caller redraws the status line). */
static ui_in ui_read(ui *u)
{
    for (;;) {
        timeout(1000);
        wint_t wc;
        int rc = get_wch(&wc);
        time_t now = time(NULL);
        if (rc == KEY_CODE_YES || rc == OK)
            u->note[0] = '\0'; /* seen: the next key makes room for the next outcome */
        if (rc == KEY_CODE_YES) {
            u->last_key = now;
            return (ui_in){.kind = IN_KEY, .key = (int)wc};
        }
        if (rc == OK) {
            u->last_key = now;
            if (wc == K_ESC || wc == '\r' || wc == '\n' || wc == K_TAB || wc == 127 || wc == 8)
                return (ui_in){.kind = IN_KEY,
                               .key = wc == '\r'             ? K_ENTER
                                      : wc == 127 || wc == 8 ? KEY_BACKSPACE
                                                             : (int)wc};
            return (ui_in){.kind = IN_CHAR, .ch = wc};
        }
        if (now - u->last_key >= u->idle_seconds) {
            u->last_key = now;
            return (ui_in){.kind = IN_IDLE};
        }
        if (now - u->last_flush >= FLUSH_EVERY_SECONDS && kq_waiting(u->q) > 0) {
            u->last_flush = now;
            kl_flush(u->kl);
            return (ui_in){.kind = IN_TICK};
        }
    }
}

static bool is_key(ui_in in, int key)
{
    return in.kind == IN_KEY && in.key == key;
}

/* ---------------------------------------------------------------- drawing */

/* Writes text cut to the room left on the line (multibyte-safe: ncurses counts columns). */
static void put(int y, int x, const char *text)
{
    if (y < 0 || y >= LINES || x >= COLS)
        return;
    mvaddnstr(y, x, text, -1);
    /* Whatever ran past the edge was cut by ncurses; clear to the end of this line only. */
}

static void putf(int y, int x, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void putf(int y, int x, const char *fmt, ...)
{
    char line[TEXT_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    put(y, x, line);
}

static void status_line(ui *u)
{
    int y = u->status_row;
    move(y, 0);
    clrtoeol();
    long waiting = kq_waiting(u->q);
    char net[TEXT_LEN / 2];
    kl_network_text(u->kl, net, sizeof net);
    char line[TEXT_LEN];
    if (waiting > 0)
        snprintf(line, sizeof line,
                 ngettext("%s %ld item waits to be sent (F9).",
                          "%s %ld items wait to be sent (F9).", (unsigned long)waiting),
                 net, waiting);
    else
        snprintf(line, sizeof line, "%s", net);
    /* The state of the connection and the queue on the right, the last outcome before it. */
    int len = (int)mbstowcs(NULL, line, 0);
    int x = COLS - len - 1 > 0 ? COLS - len - 1 : 0;
    put(y, x, line);
    if (u->note[0] && x > 3) {
        attron(A_BOLD);
        mvaddnstr(y, 0, u->note, -1);
        attroff(A_BOLD);
        move(y, x - 1);
        clrtoeol();
        put(y, x, line);
    }
}

/* The frame of every screen: whose kiosk it is and who is logged in on top, the title, the
 * status line and the function keys at the bottom. */
static void frame(ui *u, const char *title, const char *keys)
{
    erase();
    attron(A_REVERSE);
    move(0, 0);
    clrtoeol();
    mvhline(0, 0, ' ', COLS);
    const char *company = kl_company_name(u->kl);
    if (company[0])
        putf(0, 1, _("Stagelijn kiosk - %s"), company);
    else
        put(0, 1, _("Stagelijn kiosk"));
    const kl_person *who = kl_who(u->kl);
    if (who) {
        int len = (int)strlen(who->display_name);
        put(0, COLS - len - 1 > COLS / 2 ? COLS - len - 1 : COLS / 2, who->display_name);
    }
    attroff(A_REVERSE);
    attron(A_BOLD);
    put(2, 2, title);
    attroff(A_BOLD);
    /* Keys that do not fit one row go on two, split between two keys ("  "). */
    char first[TEXT_LEN];
    snprintf(first, sizeof first, "%s", keys);
    const char *second = NULL;
    int width = COLS - 2;
    char *split = NULL;
    if ((int)strlen(first) > width)
        for (char *gap = strstr(first, "  "); gap && gap - first <= width;
             gap = strstr(gap + 2, "  "))
            split = gap;
    if (split) {
        *split = '\0';
        second = split + 2;
    }
    u->status_row = LINES - (second ? 3 : 2);
    status_line(u);
    attron(A_REVERSE);
    for (int row = u->status_row + 1; row < LINES; row++)
        mvhline(row, 0, ' ', COLS);
    put(u->status_row + 1, 1, first);
    if (second)
        put(LINES - 1, 1, second);
    attroff(A_REVERSE);
}

/* Dutch short weekday names through the catalogue. */
static const char *weekday_name(int weekday)
{
    static const char *const names[] = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
                                        N_("Fri"), N_("Sat"), N_("Sun")};
    return weekday >= 1 && weekday <= 7 ? _(names[weekday - 1]) : "";
}

/* "ma 2026-11-30" */
static void day_label(sl_date d, char *out, size_t n)
{
    char ymd[11];
    sl_date_format(d, ymd);
    snprintf(out, n, "%s %s", weekday_name(sl_date_weekday(d)), ymd);
}

static sl_date monday_of(sl_date d)
{
    return sl_date_from_days(sl_date_to_days(d) - (sl_date_weekday(d) - 1));
}

/* Shows a message and waits for a key (any key; idle counts as a key). */
static void say(ui *u, const char *title, const char *text)
{
    snprintf(u->note, sizeof u->note, "%s", text);
    frame(u, title, _("Any key: continue"));
    refresh();
    ui_in in;
    do
        in = ui_read(u);
    while (in.kind == IN_TICK);
}

/* ---------------------------------------------------------------- forms */

typedef struct {
    const char *label;
    int width;
    bool secret;
    char value[TEXT_LEN];
} ui_field_spec;

typedef struct {
    FORM *form;
    FIELD *fields[MAX_FIELDS + 1];
    int n;
    WINDOW *sub;
} ui_form;

static void trim_right(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n'))
        s[--n] = '\0';
}

/* Lays out one labelled field a row from `top`, label in a column of label_w. */
static bool form_build(ui_form *f, ui_field_spec *specs, int n, int top, int label_w)
{
    memset(f, 0, sizeof *f);
    int rows = LINES - top - 4; /* the status line and two rows of keys below */
    if (n > rows || n > MAX_FIELDS || rows < 1)
        return false;
    for (int i = 0; i < n; i++) {
        int width = specs[i].width;
        if (label_w + 2 + width > COLS - 2)
            width = COLS - 4 - label_w;
        FIELD *fl = new_field(1, width, i, label_w + 2, 0, 0);
        if (!fl)
            return false;
        set_field_back(fl, A_UNDERLINE);
        field_opts_off(fl, O_AUTOSKIP);
        field_opts_off(fl, O_STATIC); /* longer text scrolls in the field */
        if (specs[i].secret)
            field_opts_off(fl, O_PUBLIC);
        set_field_buffer(fl, 0, specs[i].value);
        f->fields[i] = fl;
        f->n = i + 1;
    }
    f->form = new_form(f->fields);
    f->sub = derwin(stdscr, rows, COLS - 2, top, 2);
    if (!f->form || !f->sub)
        return false;
    /* Backspace at the start of a field stays there: a person erasing a value must not end
     * up in the field above. */
    form_opts_off(f->form, O_BS_OVERLOAD | O_NL_OVERLOAD);
    set_form_win(f->form, stdscr);
    set_form_sub(f->form, f->sub);
    post_form(f->form);
    for (int i = 0; i < n; i++)
        mvwaddnstr(f->sub, i, 0, specs[i].label, label_w);
    return true;
}

/* Copies the fields' text back into specs (trailing blanks cut). */
static void form_values(ui_form *f, ui_field_spec *specs)
{
    if (!f->form)
        return;
    form_driver(f->form, REQ_VALIDATION);
    for (int i = 0; i < f->n; i++) {
        snprintf(specs[i].value, sizeof specs[i].value, "%s", field_buffer(f->fields[i], 0));
        trim_right(specs[i].value);
    }
}

static void form_free(ui_form *f)
{
    if (f->form) {
        unpost_form(f->form);
        free_form(f->form);
    }
    for (int i = 0; i < f->n; i++)
        free_field(f->fields[i]);
    if (f->sub)
        delwin(f->sub);
    memset(f, 0, sizeof *f);
}

/* Edits the form until a key that is not an editing key: a function key, Esc, Enter on the
 * last field, a resize, idle. Returns that input. */
static ui_in form_edit(ui *u, ui_form *f)
{
    curs_set(1);
    for (;;) {
        wrefresh(f->sub);
        pos_form_cursor(f->form);
        ui_in in = ui_read(u);
        if (in.kind == IN_TICK) {
            status_line(u);
            continue;
        }
        if (in.kind == IN_CHAR) {
            form_driver_w(f->form, OK, in.ch);
            continue;
        }
        if (in.kind == IN_IDLE) {
            curs_set(0);
            return in;
        }
        int req = 0;
        switch (in.key) {
        case K_TAB:
        case KEY_DOWN:
            req = REQ_NEXT_FIELD;
            break;
        case KEY_BTAB:
        case KEY_UP:
            req = REQ_PREV_FIELD;
            break;
        case KEY_LEFT:
            req = REQ_PREV_CHAR;
            break;
        case KEY_RIGHT:
            req = REQ_NEXT_CHAR;
            break;
        case KEY_BACKSPACE:
            req = REQ_DEL_PREV;
            break;
        case KEY_DC:
            req = REQ_DEL_CHAR;
            break;
        case KEY_HOME:
            req = REQ_BEG_FIELD;
            break;
        case KEY_END:
            req = REQ_END_FIELD;
            break;
        case K_ENTER:
            if (field_index(current_field(f->form)) < f->n - 1)
                req = REQ_NEXT_FIELD;
            break;
        default:
            break;
        }
        if (req) {
            form_driver(f->form, req);
            continue;
        }
        curs_set(0);
        return in;
    }
}

/* ---------------------------------------------------------------- parsing what people type */

/* "7:30", "7.30", "7" (hours) or "0" into minutes; false for anything else. */
static bool parse_hours(const char *s, uint32_t *minutes)
{
    unsigned h = 0, m = 0;
    char sep = 0, extra = 0;
    if (!s[0])
        return false;
    int k = sscanf(s, "%u%c%u%c", &h, &sep, &m, &extra);
    if (k == 1 && h <= 24) {
        *minutes = h * 60;
        return true;
    }
    if (k == 3 && (sep == ':' || sep == '.') && m < 60 && h * 60 + m <= 1440) {
        *minutes = h * 60 + m;
        return true;
    }
    return false;
}

/* ---------------------------------------------------------------- placements */

typedef struct {
    char id[40];
    char student_name[256];
    char student_id[40];
    int status;
    sl_date start, end;
    uint32_t scheduled[8]; /* minutes planned per weekday 1..7, 0 = no internship day */
    char start_time[8][6];
    char end_time[8][6];
} ui_placement;

static void placement_from(const Stagelijn__V1__Placement *p, ui_placement *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->id, sizeof out->id, "%s", p->id);
    snprintf(out->student_id, sizeof out->student_id, "%s", p->student_id);
    snprintf(out->student_name, sizeof out->student_name, "%s", p->student_name);
    out->status = p->status;
    sl_date_parse(p->start_date, &out->start);
    sl_date_parse(p->end_date, &out->end);
    for (size_t i = 0; i < p->n_schedule; i++) {
        const Stagelijn__V1__ScheduleDay *d = p->schedule[i];
        int a, b;
        if (d->weekday < 1 || d->weekday > 7 || !sl_clock_parse(d->start, &a) ||
            !sl_clock_parse(d->end, &b) || b <= a)
            continue;
        out->scheduled[d->weekday] = (uint32_t)(b - a) - d->break_minutes;
        snprintf(out->start_time[d->weekday], 6, "%s", d->start);
        snprintf(out->end_time[d->weekday], 6, "%s", d->end);
    }
}

static bool placement_open(int status)
{
    return status == STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_SIGNED ||
           status == STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE;
}

/* Whether the placement plans day d (Monday to Friday when it plans no days), within its
 * period. */
static bool day_planned(const ui_placement *p, sl_date d)
{
    bool any = false;
    for (int wd = 1; wd <= 7; wd++)
        any = any || p->scheduled[wd] > 0;
    int wd = sl_date_weekday(d);
    bool planned = any ? p->scheduled[wd] > 0 : wd <= 5;
    return planned && sl_date_compare(d, p->start) >= 0 && sl_date_compare(d, p->end) <= 0;
}

/* The days of the week starting `monday` that the placement plans. */
static int week_days(const ui_placement *p, sl_date monday, sl_date *days)
{
    int n = 0;
    for (int wd = 1; wd <= 7; wd++) {
        sl_date d = sl_date_from_days(sl_date_to_days(monday) + wd - 1);
        if (day_planned(p, d))
            days[n++] = d;
    }
    return n;
}

/* The week of `monday` in the reply, NULL when it was not filled in. */
static const Stagelijn__V1__AgendaWeek *find_week(const sl_envelope *weeks, const char *monday)
{
    if (!weeks)
        return NULL;
    const Stagelijn__V1__ListAgendaWeeksReply *r = weeks->list_agenda_weeks_reply;
    for (size_t i = 0; i < r->n_weeks; i++)
        if (strcmp(r->weeks[i]->week_start, monday) == 0)
            return r->weeks[i];
    return NULL;
}

static const Stagelijn__V1__AgendaDay *find_day(const Stagelijn__V1__AgendaWeek *w, const char *ymd)
{
    for (size_t i = 0; w && i < w->n_days; i++)
        if (strcmp(w->days[i]->date, ymd) == 0)
            return w->days[i];
    return NULL;
}

/* The day of the week's hours, NULL when the reply has none for it. */
static const Stagelijn__V1__WeekDayHours *hours_day(const Stagelijn__V1__WeekHours *wh,
                                                    const char *ymd)
{
    for (size_t i = 0; wh && i < wh->n_days; i++)
        if (strcmp(wh->days[i]->date, ymd) == 0)
            return wh->days[i];
    return NULL;
}

/* The open clock-in of the week, NULL when none is open. */
static const Stagelijn__V1__ClockRecord *open_clocking(const Stagelijn__V1__WeekHours *wh)
{
    for (size_t i = 0; wh && i < wh->n_days; i++)
        for (size_t k = 0; k < wh->days[i]->n_clock; k++)
            if (wh->days[i]->clock[k]->clock_out_at == 0)
                return wh->days[i]->clock[k];
    return NULL;
}

/* An absence kind's name from the server in the user's words. */
static const char *absence_words(const char *kind)
{
    if (strstr(kind, "SICK"))
        return _("sick");
    if (strstr(kind, "WITHOUT"))
        return _("absent without notice");
    return _("absent with notice");
}

/* A day's clocked time, "08:02-14:31", or "08:02-..." while clocked in; "" when not clocked. */
static void shift_text(const Stagelijn__V1__WeekDayHours *d, char *out, size_t n)
{
    out[0] = '\0';
    if (!d || d->n_clock == 0)
        return;
    const Stagelijn__V1__ClockRecord *first = d->clock[0], *last = d->clock[d->n_clock - 1];
    char a[6], b[6] = "...";
    sl_clock_format((int)first->clock_in_minute, a);
    if (last->clock_out_at)
        sl_clock_format((int)last->clock_out_minute, b);
    snprintf(out, n, "%s-%s", a, b);
}

/* Draws a week from row y: a line per internship day with the clocked time, the hours H:MM
 * and the tasks (or the absence), the total, breaches of the working-time law, and the
 * reflections. wh (the week's hours) and w (the agenda week) may each be NULL. Returns the
 * next free row. */
static int draw_week(const ui_placement *p, sl_date monday, const Stagelijn__V1__AgendaWeek *w,
                     const Stagelijn__V1__WeekHours *wh, int y)
{
    char ymd[11], label[32], dur[32], shift[16];
    long total = 0;
    bool signed_week = (w && w->signed_by_supervisor) || (wh && wh->signed_by_supervisor);
    sl_date_format(monday, ymd);
    if (signed_week)
        putf(y++, 2, _("Week of %s: signed."), ymd);
    else if (w)
        putf(y++, 2, _("Week of %s: filled in, not signed yet."), ymd);
    else
        putf(y++, 2, _("Week of %s: not filled in yet."), ymd);
    y++;
    for (int wd = 1; wd <= 7 && y < LINES - 5; wd++) {
        sl_date day = sl_date_from_days(sl_date_to_days(monday) + wd - 1);
        sl_date_format(day, ymd);
        day_label(day, label, sizeof label);
        const Stagelijn__V1__AgendaDay *d = find_day(w, ymd);
        const Stagelijn__V1__WeekDayHours *h = hours_day(wh, ymd);
        /* A day off the schedule shows only when something happened on it. */
        if (!day_planned(p, day) && !d &&
            !(h && (h->n_clock > 0 || h->minutes > 0 || (h->absence && h->absence[0]))))
            continue;
        long minutes = h ? (long)h->minutes : d ? (long)d->minutes_worked : 0;
        const char *tasks = d ? d->tasks : h ? h->tasks : "";
        if (h && h->absence && h->absence[0])
            tasks = absence_words(h->absence);
        shift_text(h, shift, sizeof shift);
        total += minutes;
        putf(y++, 4, "%-14s %-11s %9s  %s", label, shift,
             minutes || d || (h && h->clocked) ? wording_duration(minutes, dur, sizeof dur) : "-",
             tasks);
    }
    if ((w || wh) && y < LINES - 5)
        putf(y++, 4, "%-14s %-11s %9s", _("Total"), "", wording_duration(total, dur, sizeof dur));
    for (size_t i = 0; wh && i < wh->n_law_breaches && y < LINES - 5; i++) {
        char rule[512];
        putf(y++, 2, _("Working-time law: %s"),
             wording_violation(wh->law_breaches[i], rule, sizeof rule));
    }
    if (w && w->reflection && w->reflection[0] && y < LINES - 5)
        putf(++y, 2, _("Supervisor: %s"), w->reflection), y++;
    if (w && w->student_reflection && w->student_reflection[0] && y < LINES - 5)
        putf(y++, 2, _("Intern: %s"), w->student_reflection);
    return y + 1;
}

/* ---------------------------------------------------------------- the week form */

/* Fills in (and with F6 signs) a week: a row of hours and tasks per internship day and the
 * supervisor's reflection. Returns after saving or Esc; false on idle (log out). */
static bool week_form(ui *u, const ui_placement *p, sl_date monday,
                      const Stagelijn__V1__AgendaWeek *w)
{
    sl_date days[7];
    int n = week_days(p, monday, days);
    ui_field_spec specs[2 * 7 + 1];
    memset(specs, 0, sizeof specs);
    char labels[7][2][48];
    for (int i = 0; i < n; i++) {
        char ymd[11], dl[32];
        sl_date_format(days[i], ymd);
        day_label(days[i], dl, sizeof dl);
        snprintf(labels[i][0], sizeof labels[i][0], _("%s hours"), dl);
        snprintf(labels[i][1], sizeof labels[i][1], _("%s tasks"), dl);
        specs[2 * i] = (ui_field_spec){.label = labels[i][0], .width = 6};
        specs[2 * i + 1] = (ui_field_spec){.label = labels[i][1], .width = 60};
        const Stagelijn__V1__AgendaDay *d = find_day(w, ymd);
        uint32_t planned = p->scheduled[sl_date_weekday(days[i])];
        uint32_t m = d ? d->minutes_worked : planned;
        snprintf(specs[2 * i].value, sizeof specs[2 * i].value, "%u:%02u", m / 60, m % 60);
        snprintf(specs[2 * i + 1].value, TEXT_LEN, "%s", d ? d->tasks : "");
    }
    specs[2 * n] = (ui_field_spec){.label = _("What went well, what to work on"), .width = 60};
    snprintf(specs[2 * n].value, TEXT_LEN, "%s", w && w->reflection ? w->reflection : "");
    int nf = 2 * n + 1;
    char ymd[11], title[128];
    sl_date_format(monday, ymd);
    snprintf(title, sizeof title, _("%s: week of %s"), p->student_name, ymd);
    for (;;) {
        frame(u, title, _("F5 Save  F6 Save and sign  Tab Next field  Esc Cancel"));
        ui_form f;
        if (!form_build(&f, specs, nf, 4, 24)) {
            form_free(&f);
            say(u, title, _("The screen is too small for this week."));
            return true;
        }
        refresh();
        ui_in in = form_edit(u, &f);
        form_values(&f, specs);
        form_free(&f);
        if (in.kind == IN_IDLE)
            return false;
        if (is_key(in, K_ESC))
            return true;
        if (!is_key(in, KEY_F(5)) && !is_key(in, KEY_F(6)))
            continue; /* a resize or another key: draw again with what was typed */
        Stagelijn__V1__AgendaDay ad[7], *adp[7];
        char dates[7][11];
        bool ok = true;
        for (int i = 0; i < n && ok; i++) {
            stagelijn__v1__agenda_day__init(&ad[i]);
            sl_date_format(days[i], dates[i]);
            ad[i].date = dates[i];
            ad[i].tasks = specs[2 * i + 1].value;
            ok = parse_hours(specs[2 * i].value, &ad[i].minutes_worked);
            if (!ok)
                snprintf(u->note, sizeof u->note, _("Hours on %s: type them as 7:30."), dates[i]);
            adp[i] = &ad[i];
        }
        if (!ok)
            continue;
        bool sign = is_key(in, KEY_F(6));
        char label[KQ_LABEL_LEN];
        snprintf(label, sizeof label,
                 sign ? _("Week of %s for %s, signed") : _("Week of %s for %s"), ymd,
                 p->student_name);
        kl_outcome o = kl_submit_week(u->kl, p->id, ymd, adp, (size_t)n, specs[2 * n].value, sign,
                                      label, u->note, sizeof u->note);
        if (o == KL_SENT)
            snprintf(u->note, sizeof u->note,
                     sign ? _("Week saved and signed.") : _("Week saved."));
        if (o != KL_REFUSED && o != KL_FAILED)
            return true;
    }
}

/* ---------------------------------------------------------------- assessment */

static bool parse_rating(const char *s, uint32_t *out)
{
    if (strlen(s) != 1 || s[0] < '1' || s[0] > '5')
        return false;
    *out = (uint32_t)(s[0] - '0');
    return true;
}

/* Ratings as typed: one digit 1..5, or (a draft) empty for "not yet rated". */
static bool parse_rating_or_empty(const char *s, bool draft, uint32_t *out)
{
    if (draft && !s[0]) {
        *out = 0;
        return true;
    }
    return parse_rating(s, out);
}

/* The form's fields filled from an assessment (a draft, or the version to revise). */
static void assessment_fill(ui_field_spec *specs, const Stagelijn__V1__Assessment *a)
{
    if (!a)
        return;
    bool end = a->kind == STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_END;
    snprintf(specs[0].value, TEXT_LEN, "%s", end ? "e" : "t");
    snprintf(specs[1].value, TEXT_LEN, "%u", a->period);
    const Stagelijn__V1__CompetenceRatings *r = a->ratings;
    uint32_t v[5] = {r ? r->persoonlijk : 0, r ? r->arbeid : 0, r ? r->sociaal : 0,
                     r ? r->onderzoek : 0, r ? r->leren : 0};
    for (int i = 0; i < 5; i++)
        snprintf(specs[2 + i].value, TEXT_LEN, "%.0u", v[i]);
    snprintf(specs[7].value, TEXT_LEN, "%s",
             a->verdict == STAGELIJN__V1__JUDGEMENT__JUDGEMENT_POSITIVE   ? "j"
             : a->verdict == STAGELIJN__V1__JUDGEMENT__JUDGEMENT_NEGATIVE ? "n"
                                                                          : "");
    snprintf(specs[8].value, TEXT_LEN, "%s", a->comments ? a->comments : "");
}

/* Reads the form into a (and r); false with the note set when something is missing. A draft
 * may leave ratings and the verdict open. */
static bool assessment_read(ui *u, ui_field_spec *specs, bool draft, Stagelijn__V1__Assessment *a,
                            Stagelijn__V1__CompetenceRatings *r)
{
    bool end = specs[0].value[0] == 'e' || specs[0].value[0] == 'E';
    bool ok = (end || specs[0].value[0] == 't' || specs[0].value[0] == 'T') &&
              strlen(specs[1].value) == 1 && specs[1].value[0] >= '0' && specs[1].value[0] <= '3';
    ok = ok && parse_rating_or_empty(specs[2].value, draft, &r->persoonlijk) &&
         parse_rating_or_empty(specs[3].value, draft, &r->arbeid) &&
         parse_rating_or_empty(specs[4].value, draft, &r->sociaal) &&
         parse_rating_or_empty(specs[5].value, draft, &r->onderzoek) &&
         parse_rating_or_empty(specs[6].value, draft, &r->leren);
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

/* Sends the form: F6 keeps it as a draft, F5 submits it (a new assessment straight away, a
 * draft or a new version by saving the draft and then submitting it). True when done. */
static bool assessment_send(ui *u, const ui_placement *p, ui_field_spec *specs, bool submit,
                            char *draft_id, size_t draft_len, const char *revises_id)
{
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
    const int nf = (int)(sizeof specs / sizeof specs[0]);
    assessment_fill(specs, from);
    char draft_id[40];
    snprintf(draft_id, sizeof draft_id, "%s", draft_id_in);
    char title[300];
    snprintf(title, sizeof title,
             revises_id[0] ? _("New version of the assessment of %s") : _("Assessment of %s"),
             p->student_name);
    for (;;) {
        frame(u, title, _("F5 Send  F6 Keep as draft  Tab Next field  Esc Cancel"));
        put(3, 2, _("Ratings: 1 insufficient, 3 sufficient, 5 excellent."));
        ui_form f;
        if (!form_build(&f, specs, nf, 5, 24)) {
            form_free(&f);
            say(u, title, _("The screen is too small for this form."));
            return true;
        }
        refresh();
        ui_in in = form_edit(u, &f);
        form_values(&f, specs);
        form_free(&f);
        if (in.kind == IN_IDLE)
            return false;
        if (is_key(in, K_ESC))
            return true;
        if ((is_key(in, KEY_F(5)) || is_key(in, KEY_F(6))) &&
            assessment_send(u, p, specs, is_key(in, KEY_F(5)), draft_id, sizeof draft_id,
                            revises_id))
            return true;
    }
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
static bool assessments_screen(ui *u, const ui_placement *p)
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
        ITEM *items[MAX_ASSESSMENTS + 1] = {0};
        for (int i = 0; i < n; i++) {
            assessment_words(list[i], names[i], sizeof names[i]);
            snprintf(descs[i], sizeof descs[i],
                     earlier[i] ? _("%s, %s (earlier version)") : "%s, %s", list[i]->date,
                     list[i]->assessor_name);
            items[i] = new_item(names[i], descs[i]);
        }
        frame(u, title, _("Up/Down Choose  Enter New version or go on  F2 New  Esc Back"));
        if (n == 0)
            put(4, 2,
                rep ? _("No assessments yet. F2 makes one.") : _("The list could not be loaded."));
        /* The intern's own ratings below the list, beside the supervisor's. */
        int own = r ? (int)(r->n_self_ratings < 3 ? r->n_self_ratings : 3) : 0;
        int rows = LINES - 8 - own > 1 ? LINES - 8 - own : 1;
        for (int i = 0; i < own; i++) {
            const Stagelijn__V1__SelfRating *sr = r->self_ratings[i];
            const Stagelijn__V1__CompetenceRatings *c = sr->ratings;
            putf(4 + rows + i, 2, _("Own rating, period %u: %u %u %u %u %u  %s"), sr->period,
                 c ? c->persoonlijk : 0, c ? c->arbeid : 0, c ? c->sociaal : 0,
                 c ? c->onderzoek : 0, c ? c->leren : 0, sr->remarks);
        }
        MENU *menu = n > 0 ? new_menu(items) : NULL;
        WINDOW *sub = NULL;
        if (menu) {
            sub = derwin(stdscr, rows, COLS - 4, 4, 2);
            set_menu_win(menu, stdscr);
            set_menu_sub(menu, sub);
            set_menu_format(menu, rows, 1);
            set_menu_mark(menu, "> ");
            post_menu(menu);
            set_current_item(menu, items[chosen < n ? chosen : 0]);
        }
        refresh();
        ui_in in = ui_read(u);
        if (menu && (is_key(in, KEY_DOWN) || is_key(in, KEY_UP)))
            menu_driver(menu, is_key(in, KEY_DOWN) ? REQ_DOWN_ITEM : REQ_UP_ITEM);
        if (menu)
            chosen = item_index(current_item(menu));
        bool alive = true, leave = in.kind == IN_IDLE || is_key(in, K_ESC);
        if (in.kind == IN_IDLE)
            alive = false;
        else if (is_key(in, KEY_F(2)))
            alive = assessment_form(u, p, NULL, "", "");
        else if (menu && is_key(in, K_ENTER) && earlier[chosen])
            snprintf(u->note, sizeof u->note, "%s",
                     _("This is an earlier version; choose the current one."));
        else if (menu && is_key(in, K_ENTER)) {
            const Stagelijn__V1__Assessment *a = list[chosen];
            bool draft = a->status == STAGELIJN__V1__ASSESSMENT_STATUS__ASSESSMENT_DRAFT;
            char id[40], revises[40];
            snprintf(id, sizeof id, "%s", a->id);
            snprintf(revises, sizeof revises, "%s", draft ? a->revises_id : a->id);
            alive = assessment_form(u, p, a, draft ? id : "", revises);
        }
        if (menu) {
            unpost_menu(menu);
            free_menu(menu);
            delwin(sub);
        }
        for (int i = 0; i < n; i++)
            free_item(items[i]);
        sl_envelope_free(rep);
        if (!alive || leave)
            return alive;
    }
}

/* ---------------------------------------------------------------- dropout */

static bool dropout_form(ui *u, const ui_placement *p)
{
    char today[11];
    sl_date_format(sl_date_today_local(), today);
    ui_field_spec specs[] = {
        {.label = _("Date (YYYY-MM-DD)"), .width = 11},
        {.label = _("Reason"), .width = 60},
    };
    snprintf(specs[0].value, sizeof specs[0].value, "%s", today);
    char title[300];
    snprintf(title, sizeof title, _("%s stops at this company"), p->student_name);
    for (;;) {
        frame(u, title, _("F5 Report dropout  Tab Next field  Esc Cancel"));
        put(3, 2, _("The internship then ends. The coach is told at once."));
        ui_form f;
        if (!form_build(&f, specs, 2, 5, 20)) {
            form_free(&f);
            return true;
        }
        refresh();
        ui_in in = form_edit(u, &f);
        form_values(&f, specs);
        form_free(&f);
        if (in.kind == IN_IDLE)
            return false;
        if (is_key(in, K_ESC))
            return true;
        if (!is_key(in, KEY_F(5)))
            continue;
        sl_date d;
        if (!sl_date_parse(specs[0].value, &d) || !specs[1].value[0]) {
            snprintf(u->note, sizeof u->note, "%s", _("Give a date and a reason."));
            continue;
        }
        char label[KQ_LABEL_LEN];
        snprintf(label, sizeof label, _("Dropout of %s"), p->student_name);
        kl_outcome o = kl_report_dropout(u->kl, p->id, specs[0].value, specs[1].value, label,
                                         u->note, sizeof u->note);
        if (o == KL_SENT)
            snprintf(u->note, sizeof u->note, "%s", _("Dropout reported."));
        if (o != KL_REFUSED && o != KL_FAILED)
            return true;
    }
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
        frame(u, title, _("Up/Down Scroll  F6 Sign for the company  Esc Back"));
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
        if (is_key(in, K_ESC))
            break;
        if (is_key(in, KEY_DOWN) || is_key(in, KEY_NPAGE))
            top = top + (in.key == KEY_NPAGE ? room : 1) < line
                      ? top + (in.key == KEY_NPAGE ? room : 1)
                      : top;
        if (is_key(in, KEY_UP) || is_key(in, KEY_PPAGE))
            top = top - (in.key == KEY_PPAGE ? room : 1) > 0
                      ? top - (in.key == KEY_PPAGE ? room : 1)
                      : 0;
        if (is_key(in, KEY_F(6))) {
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

static void queue_view(ui *u);

/* ---------------------------------------------------------------- one intern, for the supervisor
 */

/* What the screens show of one week: the placement's agenda weeks and the week's hours, each
 * kept as last read when a new read fails (then `stale`). */
typedef struct {
    sl_envelope *weeks; /* ListAgendaWeeksReply */
    sl_envelope *hours; /* WeekHours of `monday` */
    sl_date monday;
    bool stale;
} ui_week;

/* Reads the agenda weeks and the hours of w->monday again. A failed read keeps what was
 * there and says why in the note, unless the note already holds an outcome not seen yet. */
static void week_load(ui *u, const ui_placement *p, ui_week *w, bool hours_only)
{
    char why[256] = "", ymd[11];
    sl_date_format(w->monday, ymd);
    sl_envelope *weeks = hours_only ? NULL : kl_list_weeks(u->kl, p->id, why, sizeof why);
    sl_envelope *hours = kl_week_hours(u->kl, p->student_id, p->id, ymd, why, sizeof why);
    w->stale = (!hours_only && !weeks) || !hours;
    if (weeks) {
        sl_envelope_free(w->weeks);
        w->weeks = weeks;
    }
    sl_envelope_free(w->hours); /* hours of another week would mislead */
    w->hours = hours;
    if (w->stale && !u->note[0])
        snprintf(u->note, sizeof u->note, "%s", why);
}

static void week_free(ui_week *w)
{
    sl_envelope_free(w->weeks);
    sl_envelope_free(w->hours);
    memset(w, 0, sizeof *w);
}

static const Stagelijn__V1__WeekHours *week_hours(const ui_week *w)
{
    return w->hours ? w->hours->week_hours : NULL;
}

/* Under the title: whether what is shown may be out of date. */
static void mark_stale(bool stale)
{
    if (stale)
        put(3, 2, _("No connection: this is what the kiosk knew last."));
}

/* ---------------------------------------------------------------- absence and corrections */

/* Absence of the intern: kind, first and last day, a note. False on idle. */
static bool absence_form(ui *u, const ui_placement *p)
{
    char today[11];
    sl_date_format(sl_date_today_local(), today);
    ui_field_spec specs[] = {
        {.label = _("Sick (z), with notice (m), without (o)"), .width = 2},
        {.label = _("From (YYYY-MM-DD)"), .width = 11},
        {.label = _("To (YYYY-MM-DD)"), .width = 11},
        {.label = _("Note"), .width = 50},
    };
    snprintf(specs[1].value, sizeof specs[1].value, "%s", today);
    snprintf(specs[2].value, sizeof specs[2].value, "%s", today);
    char title[300];
    snprintf(title, sizeof title, _("Absence of %s"), p->student_name);
    for (;;) {
        frame(u, title, _("F5 Report absence  Tab Next field  Esc Cancel"));
        ui_form f;
        if (!form_build(&f, specs, 4, 5, 40)) {
            form_free(&f);
            return true;
        }
        refresh();
        ui_in in = form_edit(u, &f);
        form_values(&f, specs);
        form_free(&f);
        if (in.kind == IN_IDLE)
            return false;
        if (is_key(in, K_ESC))
            return true;
        if (!is_key(in, KEY_F(5)))
            continue;
        char k = specs[0].value[0];
        int kind = k == 'z' || k == 'Z'   ? STAGELIJN__V1__ABSENCE_KIND__ABSENCE_SICK
                   : k == 'm' || k == 'M' ? STAGELIJN__V1__ABSENCE_KIND__ABSENCE_WITH_NOTICE
                   : k == 'o' || k == 'O' ? STAGELIJN__V1__ABSENCE_KIND__ABSENCE_WITHOUT_NOTICE
                                          : 0;
        sl_date d1, d2;
        if (!kind || specs[0].value[1] || !sl_date_parse(specs[1].value, &d1) ||
            !sl_date_parse(specs[2].value, &d2)) {
            snprintf(u->note, sizeof u->note, "%s", _("Type z, m or o and two dates."));
            continue;
        }
        char label[KQ_LABEL_LEN];
        snprintf(label, sizeof label, _("Absence of %s from %s"), p->student_name, specs[1].value);
        kl_outcome o =
            kl_report_absence(u->kl, p->student_id, p->id, kind, specs[1].value, specs[2].value,
                              specs[3].value, label, u->note, sizeof u->note);
        if (o == KL_SENT)
            snprintf(u->note, sizeof u->note, "%s", _("Absence reported."));
        if (o != KL_REFUSED && o != KL_FAILED)
            return true;
    }
}

/* Unix seconds of a school-local date and HH:MM. */
static bool local_instant(const char *ymd, const char *hm, int64_t *out)
{
    sl_date d;
    int minutes;
    return sl_date_parse(ymd, &d) && sl_clock_parse(hm, &minutes) &&
           sl_local_to_unix(d, minutes, out);
}

/* Corrects the clocked time of one day of the shown week (its first shift, or a forgotten one
 * when the day has none), with a reason that is kept with who and when. False on idle. */
static bool correction_form(ui *u, const ui_placement *p, const ui_week *w)
{
    const Stagelijn__V1__WeekHours *wh = week_hours(w);
    ui_field_spec specs[] = {
        {.label = _("Day (YYYY-MM-DD)"), .width = 11},
        {.label = _("Clock-in (HH:MM)"), .width = 6},
        {.label = _("Clock-out (HH:MM)"), .width = 6},
        {.label = _("Why"), .width = 50},
    };
    sl_date_format(w->monday, specs[0].value);
    char title[300];
    snprintf(title, sizeof title, _("Correct the clocked time of %s"), p->student_name);
    for (;;) {
        frame(u, title, _("F5 Correct  Tab Next field  Esc Cancel"));
        put(3, 2, _("The reason is kept, with your name and the time."));
        ui_form f;
        if (!form_build(&f, specs, 4, 5, 20)) {
            form_free(&f);
            return true;
        }
        refresh();
        ui_in in = form_edit(u, &f);
        form_values(&f, specs);
        form_free(&f);
        if (in.kind == IN_IDLE)
            return false;
        if (is_key(in, K_ESC))
            return true;
        if (!is_key(in, KEY_F(5)))
            continue;
        int64_t in_at, out_at;
        if (!local_instant(specs[0].value, specs[1].value, &in_at) ||
            !local_instant(specs[0].value, specs[2].value, &out_at) || !specs[3].value[0]) {
            snprintf(u->note, sizeof u->note, "%s",
                     _("Give a day, two times like 08:30 and a reason."));
            continue;
        }
        const Stagelijn__V1__WeekDayHours *h = hours_day(wh, specs[0].value);
        const char *record = h && h->n_clock > 0 ? h->clock[0]->id : "";
        char label[KQ_LABEL_LEN];
        snprintf(label, sizeof label, _("Correction of %s on %s"), p->student_name, specs[0].value);
        kl_outcome o = kl_correct_clock(u->kl, p->student_id, p->id, specs[0].value, record, in_at,
                                        out_at, specs[3].value, label, u->note, sizeof u->note);
        if (o == KL_SENT)
            snprintf(u->note, sizeof u->note, "%s", _("Clocked time corrected."));
        if (o != KL_REFUSED && o != KL_FAILED)
            return true;
    }
}

/* ---------------------------------------------------------------- one intern, for the supervisor
 */

/* The supervisor's screen for one intern: the week (Left/Right for other weeks) and what can
 * be done. False on idle. */
static bool intern_detail(ui *u, const ui_placement *p)
{
    ui_week wk = {.monday = monday_of(sl_date_today_local())};
    week_load(u, p, &wk, false);
    bool alive = true;
    for (;;) {
        char ymd[11];
        sl_date_format(wk.monday, ymd);
        const Stagelijn__V1__AgendaWeek *w = find_week(wk.weeks, ymd);
        frame(u, p->student_name,
              _("F2 Fill in  F3 Sign  F4 Assessment  F5 Contract  F6 Absent  F7 Dropout  "
                "F8 Correct time  Left/Right Week  F9 Waiting  Esc Back"));
        mark_stale(wk.stale);
        draw_week(p, wk.monday, w, week_hours(&wk), 4);
        refresh();
        ui_in in = ui_read(u);
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
            week_load(u, p, &wk, true);
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
            alive = assessments_screen(u, p);
        else if (in.key == KEY_F(5))
            alive = contract_view(u, p);
        else if (in.key == KEY_F(6))
            alive = absence_form(u, p);
        else if (in.key == KEY_F(7))
            alive = dropout_form(u, p);
        else if (in.key == KEY_F(8))
            alive = correction_form(u, p, &wk);
        else if (in.key == KEY_F(9))
            queue_view(u);
        else
            reload = false;
        if (!alive)
            break;
        if (reload)
            week_load(u, p, &wk, false);
    }
    week_free(&wk);
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
    sl_date this_monday = monday_of(today);
    int to_fill = 0, to_sign = 0;
    for (int back = 0; back < 4; back++) {
        sl_date monday = sl_date_from_days(sl_date_to_days(this_monday) - 7 * back);
        sl_date days[7];
        if (week_days(p, monday, days) == 0 || sl_date_compare(days[0], today) > 0)
            continue;
        char ymd[11];
        sl_date_format(monday, ymd);
        const Stagelijn__V1__AgendaWeek *w = find_week(weeks, ymd);
        if (!w)
            to_fill++;
        else if (!w->signed_by_supervisor)
            to_sign++;
    }
    const Stagelijn__V1__ClockRecord *open = hours ? open_clocking(hours->week_hours) : NULL;
    bool forgotten = open && strcmp(open->date, today_ymd) < 0;
    sl_envelope_free(weeks);
    sl_envelope_free(hours);
    if (!placement_open(p->status))
        snprintf(out, n, "%s", _("contract not signed yet"));
    else if (forgotten)
        snprintf(out, n, _("clock-out missing (%s); weeks to fill in: %d, to sign: %d"),
                 open ? open->date : "", to_fill, to_sign);
    else if (to_fill || to_sign)
        snprintf(out, n, _("weeks to fill in: %d, to sign: %d"), to_fill, to_sign);
    else
        snprintf(out, n, "%s", _("nothing to do"));
}

typedef enum { NEXT_LOGIN, NEXT_QUEUE_THEN_HOME, NEXT_HOME, NEXT_QUIT } ui_next;

static int load_placements(ui *u, ui_placement *out, int max)
{
    sl_envelope *rep = kl_list_placements(u->kl, u->note, sizeof u->note);
    if (!rep)
        return -1;
    int n = 0;
    const Stagelijn__V1__ListPlacementsReply *r = rep->list_placements_reply;
    for (size_t i = 0; i < r->n_placements && n < max; i++) {
        int st = r->placements[i]->status;
        if (st == STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_COMPLETED ||
            st == STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ENDED_EARLY)
            continue;
        placement_from(r->placements[i], &out[n++]);
    }
    sl_envelope_free(rep);
    return n;
}

static ui_next supervisor_home(ui *u)
{
    static ui_placement interns[MAX_INTERNS];
    int n = load_placements(u, interns, MAX_INTERNS);
    static char needs[MAX_INTERNS][128];
    for (int i = 0; i < n; i++)
        needs_doing(u, &interns[i], needs[i], sizeof needs[i]);
    int chosen = 0;
    for (;;) {
        const char *keys = _("Up/Down Choose  Enter Open  F9 Waiting  Esc Log out");
        frame(u, _("Your interns"), keys);
        if (n <= 0) {
            put(4, 2,
                n == 0 ? _("No interns at this company now.") : _("The list could not be loaded."));
            refresh();
        }
        ITEM *items[MAX_INTERNS + 1] = {0};
        MENU *menu = NULL;
        WINDOW *sub = NULL;
        if (n > 0) {
            for (int i = 0; i < n; i++)
                items[i] = new_item(interns[i].student_name, needs[i]);
            menu = new_menu(items);
            sub = derwin(stdscr, LINES - 7, COLS - 4, 4, 2);
            set_menu_win(menu, stdscr);
            set_menu_sub(menu, sub);
            set_menu_format(menu, LINES - 7 > 1 ? LINES - 7 : 1, 1);
            set_menu_mark(menu, "> ");
            post_menu(menu);
            set_current_item(menu, items[chosen < n ? chosen : 0]);
            refresh();
        }
        ui_in in = ui_read(u);
        if (menu)
            chosen = item_index(current_item(menu));
        bool open = false;
        if (menu && is_key(in, KEY_DOWN))
            menu_driver(menu, REQ_DOWN_ITEM), chosen = item_index(current_item(menu));
        else if (menu && is_key(in, KEY_UP))
            menu_driver(menu, REQ_UP_ITEM), chosen = item_index(current_item(menu));
        else if (menu && is_key(in, K_ENTER))
            open = true;
        if (menu) {
            unpost_menu(menu);
            free_menu(menu);
            for (int i = 0; i < n; i++)
                free_item(items[i]);
            delwin(sub);
        }
        if (in.kind == IN_IDLE || is_key(in, K_ESC))
            return NEXT_LOGIN;
        if (is_key(in, KEY_F(9)))
            return NEXT_QUEUE_THEN_HOME;
        if (open) {
            if (!intern_detail(u, &interns[chosen]))
                return NEXT_LOGIN;
            needs_doing(u, &interns[chosen], needs[chosen], sizeof needs[chosen]);
        }
    }
}

/* ---------------------------------------------------------------- the intern's screen */

/* The next planned internship day after today: "di 2026-12-01 08:30-16:30". */
static bool next_planned(const ui_placement *p, char *out, size_t n)
{
    sl_date today = sl_date_today_local();
    for (int k = 1; k <= 14; k++) {
        sl_date d = sl_date_from_days(sl_date_to_days(today) + k);
        int wd = sl_date_weekday(d);
        if (p->scheduled[wd] && sl_date_compare(d, p->end) <= 0 &&
            sl_date_compare(d, p->start) >= 0) {
            char label[32];
            day_label(d, label, sizeof label);
            snprintf(out, n, "%s %s-%s", label, p->start_time[wd], p->end_time[wd]);
            return true;
        }
    }
    return false;
}

/* Clocks the intern in or out with one key; the outcome goes to the note. */
static void clock_key(ui *u, const ui_placement *p, bool in)
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
    kl_outcome o = kl_clock(u->kl, p->student_id, in, label, NULL, u->note, sizeof u->note);
    if (o == KL_SENT)
        snprintf(u->note, sizeof u->note, in ? _("Clocked in at %s.") : _("Clocked out at %s."),
                 hm);
}

/* The intern writes his/her own reflection on the shown week. False on idle. */
static bool reflection_form(ui *u, const ui_placement *p, const ui_week *wk)
{
    char ymd[11];
    sl_date_format(wk->monday, ymd);
    const Stagelijn__V1__AgendaWeek *w = find_week(wk->weeks, ymd);
    ui_field_spec specs[] = {
        {.label = _("What did you do?"), .width = 60},
        {.label = _("What went well?"), .width = 60},
        {.label = _("What do you want to learn?"), .width = 60},
    };
    /* A reflection written before comes back in the first field, to change. */
    snprintf(specs[0].value, sizeof specs[0].value, "%s",
             w && w->student_reflection ? w->student_reflection : "");
    char title[128];
    snprintf(title, sizeof title, _("Your reflection on the week of %s"), ymd);
    for (;;) {
        frame(u, title, _("F5 Save  Tab Next field  Esc Cancel"));
        put(3, 2, _("Write a few words. Your supervisor and coach read it."));
        ui_form f;
        if (!form_build(&f, specs, 3, 5, 28)) {
            form_free(&f);
            return true;
        }
        refresh();
        ui_in in = form_edit(u, &f);
        form_values(&f, specs);
        form_free(&f);
        if (in.kind == IN_IDLE)
            return false;
        if (is_key(in, K_ESC))
            return true;
        if (!is_key(in, KEY_F(5)))
            continue;
        char text[3 * TEXT_LEN + 8];
        snprintf(text, sizeof text, "%s", specs[0].value);
        for (int i = 1; i < 3; i++)
            if (specs[i].value[0])
                snprintf(text + strlen(text), sizeof text - strlen(text), "%s%s",
                         text[0] ? " " : "", specs[i].value);
        if (!text[0]) {
            snprintf(u->note, sizeof u->note, "%s", _("Write something first."));
            continue;
        }
        char label[KQ_LABEL_LEN];
        snprintf(label, sizeof label, _("Reflection on the week of %s"), ymd);
        kl_outcome o = kl_write_reflection(u->kl, p->id, ymd, text, label, u->note, sizeof u->note);
        if (o == KL_SENT)
            snprintf(u->note, sizeof u->note, "%s", _("Reflection saved."));
        if (o != KL_REFUSED && o != KL_FAILED)
            return true;
    }
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
    const int nf = (int)(sizeof specs / sizeof specs[0]);
    for (;;) {
        frame(u, _("How do you rate yourself?"), _("F5 Save  Tab Next field  Esc Cancel"));
        put(3, 2, _("1 not good yet, 3 good, 5 very good."));
        ui_form f;
        if (!form_build(&f, specs, nf, 5, 32)) {
            form_free(&f);
            return true;
        }
        refresh();
        ui_in in = form_edit(u, &f);
        form_values(&f, specs);
        form_free(&f);
        if (in.kind == IN_IDLE)
            return false;
        if (is_key(in, K_ESC))
            return true;
        if (!is_key(in, KEY_F(5)))
            continue;
        Stagelijn__V1__CompetenceRatings r = STAGELIJN__V1__COMPETENCE_RATINGS__INIT;
        Stagelijn__V1__SelfRating sr = STAGELIJN__V1__SELF_RATING__INIT;
        bool ok =
            strlen(specs[0].value) == 1 && specs[0].value[0] >= '1' && specs[0].value[0] <= '3' &&
            parse_rating(specs[1].value, &r.persoonlijk) &&
            parse_rating(specs[2].value, &r.arbeid) && parse_rating(specs[3].value, &r.sociaal) &&
            parse_rating(specs[4].value, &r.onderzoek) && parse_rating(specs[5].value, &r.leren);
        if (!ok) {
            snprintf(u->note, sizeof u->note, "%s",
                     _("Type a period 1-3 and a number 1-5 in each row."));
            continue;
        }
        sr.placement_id = (char *)p->id;
        sr.period = (uint32_t)(specs[0].value[0] - '0');
        sr.ratings = &r;
        sr.remarks = specs[6].value;
        char label[KQ_LABEL_LEN];
        snprintf(label, sizeof label, _("Own rating of %s, period %u"), p->student_name, sr.period);
        kl_outcome o = kl_save_self_rating(u->kl, &sr, label, u->note, sizeof u->note);
        if (o == KL_SENT)
            snprintf(u->note, sizeof u->note, "%s", _("Your rating is saved."));
        if (o != KL_REFUSED && o != KL_FAILED)
            return true;
    }
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

static ui_next intern_home(ui *u)
{
    ui_placement p;
    int n = load_placements(u, &p, 1);
    ui_week wk = {.monday = monday_of(sl_date_today_local())};
    char totals[160] = "";
    if (n == 1) {
        week_load(u, &p, &wk, false);
        totals_line(u, &p, totals, sizeof totals);
    }
    for (;;) {
        const kl_person *who = kl_who(u->kl);
        const Stagelijn__V1__ClockRecord *open = open_clocking(week_hours(&wk));
        int pending = kl_pending_clock(u->kl);
        /* What waits in the queue is newer than what the server said. */
        bool clocked_in = pending ? pending > 0 : open != NULL;
        char title[300];
        snprintf(title, sizeof title, _("Hello %s"), who ? who->display_name : "");
        frame(u, title,
              n != 1       ? _("F9 Waiting  Esc Log out")
              : clocked_in ? _("F2 Clock out  F4 My reflection  F6 Rate myself  Left/Right Week  "
                               "F5 Refresh  F9 Waiting  Esc Log out")
                           : _("F2 Clock in  F4 My reflection  F6 Rate myself  Left/Right Week  "
                               "F5 Refresh  F9 Waiting  Esc Log out"));
        mark_stale(wk.stale);
        int y = 5;
        if (n != 1) {
            put(y, 2,
                n == 0 ? _("You have no internship here now.")
                       : _("Your internship could not be loaded."));
        } else {
            char since[6], ymd[11], next[64];
            attron(A_BOLD);
            if (clocked_in && open && !pending) {
                sl_clock_format((int)open->clock_in_minute, since);
                putf(4, 2, _("You are clocked in since %s. Press F2 to clock out."), since);
            } else if (clocked_in) {
                put(4, 2, _("You are clocked in. Press F2 to clock out."));
            } else {
                put(4, 2, _("You are not clocked in. Press F2 to clock in."));
            }
            attroff(A_BOLD);
            sl_date_format(wk.monday, ymd);
            y = draw_week(&p, wk.monday, find_week(wk.weeks, ymd), week_hours(&wk), 6);
            if (totals[0] && y < LINES - 4)
                put(y++, 2, totals);
            if (next_planned(&p, next, sizeof next) && y < LINES - 4)
                putf(y, 2, _("Next internship day: %s"), next);
        }
        refresh();
        ui_in in = ui_read(u);
        if (in.kind == IN_IDLE || is_key(in, K_ESC) || is_key(in, KEY_F(9))) {
            week_free(&wk);
            return is_key(in, KEY_F(9)) ? NEXT_QUEUE_THEN_HOME : NEXT_LOGIN;
        }
        if (n != 1)
            continue;
        if (is_key(in, KEY_F(2))) {
            clock_key(u, &p, !clocked_in);
            week_load(u, &p, &wk, true);
        } else if (is_key(in, KEY_LEFT) || is_key(in, KEY_RIGHT)) {
            wk.monday =
                sl_date_from_days(sl_date_to_days(wk.monday) + (is_key(in, KEY_LEFT) ? -7 : 7));
            week_load(u, &p, &wk, true);
        } else if (is_key(in, KEY_F(4))) {
            if (!reflection_form(u, &p, &wk)) {
                week_free(&wk);
                return NEXT_LOGIN;
            }
            week_load(u, &p, &wk, false);
        } else if (is_key(in, KEY_F(6))) {
            if (!self_rating_form(u, &p)) {
                week_free(&wk);
                return NEXT_LOGIN;
            }
        } else if (is_key(in, KEY_F(5))) {
            week_load(u, &p, &wk, false);
            totals_line(u, &p, totals, sizeof totals);
        }
    }
}

/* ---------------------------------------------------------------- the waiting list */

static void queue_view(ui *u)
{
    static kq_item items[200];
    for (;;) {
        size_t n = 0;
        kq_list(u->q, items, sizeof items / sizeof items[0], &n);
        frame(u, _("Waiting to be sent"), _("F5 Send now  Esc Back"));
        int y = 4;
        if (n == 0)
            put(y, 2, _("Nothing waits. Everything has been sent."));
        for (size_t i = 0; i < n && y < LINES - 3; i++) {
            sl_date day;
            int minute;
            char when[6];
            sl_local_of(items[i].queued_at, &day, &minute);
            sl_clock_format(minute, when);
            if (items[i].state == KQ_REFUSED)
                putf(y++, 2, _("%s  %s: NOT accepted: %s"), when, items[i].label, items[i].message);
            else
                putf(y++, 2, _("%s  %s: waiting"), when, items[i].label);
        }
        refresh();
        ui_in in = ui_read(u);
        if (in.kind == IN_IDLE || is_key(in, K_ESC))
            return;
        if (is_key(in, KEY_F(5)))
            kl_flush(u->kl);
    }
}

/* ---------------------------------------------------------------- login */

/* Log in with user name and password, or (F3) an intern's user name and PIN. */
static ui_next login_screen(ui *u)
{
    ui_field_spec specs[] = {
        {.label = _("User name"), .width = 30},
        {.label = _("Password"), .width = 30, .secret = true},
    };
    bool pin = false;
    char err[256];
    if (kl_connect(u->kl, err, sizeof err) != SL_OK && !u->note[0])
        snprintf(u->note, sizeof u->note, "%s", _("No connection with the server yet."));
    for (;;) {
        specs[1].label = pin ? _("PIN") : _("Password");
        frame(u, _("Log in"),
              pin ? _("Enter Log in  F3 Password instead  Tab Next field  F9 Waiting  F10 Stop")
                  : _("Enter Log in  F3 PIN instead  Tab Next field  F9 Waiting  F10 Stop"));
        put(4, 2,
            pin ? _("Type your user name and your PIN.") : _("Type your user name and password."));
        ui_form f;
        if (!form_build(&f, specs, 2, 6, 16)) {
            form_free(&f);
            put(6, 2, _("The screen is too small."));
            refresh();
            ui_in in = ui_read(u);
            if (is_key(in, KEY_F(10)))
                return NEXT_QUIT;
            continue;
        }
        refresh();
        ui_in in = form_edit(u, &f);
        form_values(&f, specs);
        form_free(&f);
        if (in.kind == IN_IDLE) {
            memset(specs[0].value, 0, sizeof specs[0].value);
            memset(specs[1].value, 0, sizeof specs[1].value);
            u->note[0] = '\0';
            continue;
        }
        if (is_key(in, KEY_F(10)))
            return NEXT_QUIT;
        if (is_key(in, KEY_F(3))) {
            pin = !pin;
            memset(specs[1].value, 0, sizeof specs[1].value);
            continue;
        }
        if (is_key(in, KEY_F(9))) {
            queue_view(u);
            continue;
        }
        if (!is_key(in, K_ENTER))
            continue;
        kl_person who;
        sl_status st =
            pin ? kl_pin_login(u->kl, specs[0].value, specs[1].value, &who, u->note, sizeof u->note)
                : kl_login(u->kl, specs[0].value, specs[1].value, &who, u->note, sizeof u->note);
        memset(specs[1].value, 0, sizeof specs[1].value);
        if (st == SL_OK) {
            specs[0].value[0] = '\0';
            u->note[0] = '\0';
            return NEXT_HOME;
        }
    }
}

/* Logs out and wipes the screen: nothing of one person stays for the next. */
static void log_out(ui *u)
{
    kl_logout(u->kl);
    erase();
    clear();
    refresh();
}

static void run(ui *u)
{
    ui_next next = NEXT_LOGIN;
    while (next != NEXT_QUIT) {
        if (next == NEXT_LOGIN) {
            log_out(u);
            next = login_screen(u);
            continue;
        }
        if (next == NEXT_QUEUE_THEN_HOME)
            queue_view(u);
        const kl_person *who = kl_who(u->kl);
        if (!who) {
            next = NEXT_LOGIN;
            continue;
        }
        next =
            who->role == STAGELIJN__V1__ROLE__ROLE_SUPERVISOR ? supervisor_home(u) : intern_home(u);
    }
    log_out(u);
}

/* ---------------------------------------------------------------- start */

static const char *const VALUE_OPTIONS[] = {
    "server",        "ca",      "cert", "key",   "user",
    "password-file", "timeout", "idle", "queue", "cache-days"};

static bool takes_value(const char *opt)
{
    for (size_t i = 0; i < sizeof VALUE_OPTIONS / sizeof VALUE_OPTIONS[0]; i++)
        if (strcmp(opt, VALUE_OPTIONS[i]) == 0)
            return true;
    return false;
}

bool kiosk_ui_wanted(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) != 0)
            return false; /* a command word */
        const char *o = argv[i] + 2;
        if (!strcmp(o, "help") || !strcmp(o, "version") || !strcmp(o, "json"))
            return false;
        if (!takes_value(o))
            return false; /* let the command line say what is wrong */
        i++;
    }
    return true;
}

/* Dutch unless the user's environment asks for another language. */
static void choose_language(void)
{
    if (!setlocale(LC_ALL, "") || strcmp(setlocale(LC_ALL, NULL), "C") == 0 ||
        strcmp(setlocale(LC_ALL, NULL), "POSIX") == 0)
        setlocale(LC_ALL, "C.UTF-8");
    const char *lang = getenv("LANGUAGE");
    const char *l = getenv("LC_ALL") && getenv("LC_ALL")[0]             ? getenv("LC_ALL")
                    : getenv("LC_MESSAGES") && getenv("LC_MESSAGES")[0] ? getenv("LC_MESSAGES")
                                                                        : getenv("LANG");
    if ((!lang || !lang[0]) && (!l || !l[0] || !strncmp(l, "C", 1) || !strcmp(l, "POSIX")))
        setenv("LANGUAGE", "nl", 1);
    else if ((!lang || !lang[0]) && l)
        setenv("LANGUAGE", l, 1);
    const char *dir = getenv("STAGELIJN_LOCALEDIR");
    bindtextdomain("stagelijn", dir && dir[0] ? dir : SL_LOCALEDIR);
    bind_textdomain_codeset("stagelijn", "UTF-8");
    textdomain("stagelijn");
}

typedef struct {
    char host[256];
    int port;
    const char *ca, *cert, *key, *queue;
    int timeout_ms, idle_seconds, cache_days;
} kiosk_opts;

static bool split_server(const char *s, char *host, size_t hn, int *port)
{
    const char *colon = strrchr(s, ':');
    char *end;
    if (!colon || colon == s || (size_t)(colon - s) >= hn)
        return false;
    long p = strtol(colon + 1, &end, 10);
    if (*end || p < 1 || p > 65535)
        return false;
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = '\0';
    *port = (int)p;
    return true;
}

static bool parse_seconds(const char *s, long max, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || s[0] < '0' || s[0] > '9' || v < 1 || v > max)
        return false;
    *out = (int)v;
    return true;
}

/* The default queue file, its folder made when missing. */
static const char *default_queue(char *buf, size_t n)
{
    const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char dir[900];
    if (state && state[0])
        snprintf(dir, sizeof dir, "%s/stagelijn", state);
    else
        snprintf(dir, sizeof dir, "%s/.local/state/stagelijn", home ? home : ".");
    char parent[900];
    snprintf(parent, sizeof parent, "%.*s", (int)(strrchr(dir, '/') - dir), dir);
    mkdir(parent, 0700);
    mkdir(dir, 0700);
    snprintf(buf, n, "%s/kiosk-queue.sqlite", dir);
    return buf;
}

static int parse_opts(int argc, char **argv, kiosk_opts *o, char *queue_buf, size_t qn)
{
    memset(o, 0, sizeof *o);
    snprintf(o->host, sizeof o->host, "localhost");
    o->port = 7443;
    o->timeout_ms = 10000;
    o->idle_seconds = DEFAULT_IDLE_SECONDS;
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *k = argv[i] + 2, *v = argv[i + 1];
        if (!strcmp(k, "server") && !split_server(v, o->host, sizeof o->host, &o->port))
            return fprintf(stderr, "%s\n", _("--server expects HOST:PORT")), 2;
        if (!strcmp(k, "ca"))
            o->ca = v;
        else if (!strcmp(k, "cert"))
            o->cert = v;
        else if (!strcmp(k, "key"))
            o->key = v;
        else if (!strcmp(k, "queue"))
            o->queue = v;
        else if (!strcmp(k, "idle") && !parse_seconds(v, 86400, &o->idle_seconds))
            return fprintf(stderr, "%s\n", _("--idle expects seconds (1..86400)")), 2;
        else if (!strcmp(k, "cache-days") && !parse_seconds(v, 365, &o->cache_days))
            return fprintf(stderr, "%s\n", _("--cache-days expects days (1..365)")), 2;
        else if (!strcmp(k, "timeout")) {
            int s;
            if (!parse_seconds(v, 3600, &s))
                return fprintf(stderr, "%s\n", _("--timeout expects seconds (1..3600)")), 2;
            o->timeout_ms = s * 1000;
        }
    }
    if (argc % 2 == 0)
        return fprintf(stderr, _("--%s needs a value\n"), argv[argc - 1] + 2), 2;
    if (!o->ca)
        return fprintf(stderr, "%s\n",
                       _("--ca is required (the CA certificate, e.g. "
                         "DATA_DIR/tls/ca.pem)")),
               2;
    if (!o->queue)
        o->queue = default_queue(queue_buf, qn);
    return 0;
}

int kiosk_ui_main(int argc, char **argv)
{
    choose_language();
    kiosk_opts o;
    char queue_path[1024];
    int rc = parse_opts(argc, argv, &o, queue_path, sizeof queue_path);
    if (rc)
        return rc;
    kiosk_queue *q;
    char err[512];
    if (kq_open(o.queue, &q, err, sizeof err) != SL_OK) {
        fprintf(stderr, _("stagelijn-kiosk: the queue file cannot be used: %s\n"), err);
        return 3;
    }
    sl_client_opts co = {.host = o.host,
                         .port = o.port,
                         .ca_file = o.ca,
                         .cert_file = o.cert,
                         .key_file = o.key,
                         .timeout_ms = o.timeout_ms,
                         .kind = STAGELIJN__V1__CLIENT_KIND__CLIENT_KIOSK};
    ui u = {.q = q, .idle_seconds = o.idle_seconds, .kl = kl_new(&co, q)};
    if (u.kl && o.cache_days)
        kl_keep_days(u.kl, o.cache_days);
    if (!u.kl || !initscr()) {
        kl_free(u.kl);
        kq_close(q);
        return 3;
    }
    u.last_key = u.last_flush = time(NULL);
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    set_escdelay(50);
    curs_set(0);
    kl_flush(u.kl);
    run(&u);
    endwin();
    kl_free(u.kl);
    kq_close(q);
    return 0;
}
