#include "kiosk_screen.h"

#include <curses.h>
#include <form.h>
#include <menu.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How often a waiting queue is tried again while the kiosk sits still. */
#define FLUSH_EVERY_SECONDS 5
#define MAX_FIELDS 40

/* ---------------------------------------------------------------- input */

/* The next key, or IN_IDLE once nobody typed for the idle time (the caller logs out), or
 * IN_TICK after the waiting queue was tried again (the caller redraws the status line). */
ui_in ui_read(ui *u)
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

bool ui_is_key(ui_in in, int key)
{
    return in.kind == IN_KEY && in.key == key;
}

/* ---------------------------------------------------------------- drawing */

/* Writes text cut to the room left on the line (multibyte-safe: ncurses counts columns). */
void ui_put(int y, int x, const char *text)
{
    if (y < 0 || y >= LINES || x >= COLS)
        return;
    mvaddnstr(y, x, text, -1);
    /* Whatever ran past the edge was cut by ncurses; clear to the end of this line only. */
}

void ui_putf(int y, int x, const char *fmt, ...)
{
    char line[UI_TEXT_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    ui_put(y, x, line);
}

void ui_status_line(ui *u)
{
    int y = u->status_row;
    move(y, 0);
    clrtoeol();
    long waiting = kq_waiting(u->q);
    char net[UI_TEXT_LEN / 2];
    kl_network_text(u->kl, net, sizeof net);
    char line[UI_TEXT_LEN];
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
    ui_put(y, x, line);
    if (u->note[0] && x > 3) {
        attron(A_BOLD);
        mvaddnstr(y, 0, u->note, -1);
        attroff(A_BOLD);
        move(y, x - 1);
        clrtoeol();
        ui_put(y, x, line);
    }
}

/* The frame of every screen: whose kiosk it is and who is logged in on top, the title, the
 * status line and the function keys at the bottom. */
void ui_frame(ui *u, const char *title, const char *keys)
{
    erase();
    attron(A_REVERSE);
    move(0, 0);
    clrtoeol();
    mvhline(0, 0, ' ', COLS);
    const char *company = kl_company_name(u->kl);
    if (company[0])
        ui_putf(0, 1, _("Stagelijn kiosk - %s"), company);
    else
        ui_put(0, 1, _("Stagelijn kiosk"));
    const kl_person *who = kl_who(u->kl);
    if (who) {
        int len = (int)strlen(who->display_name);
        ui_put(0, COLS - len - 1 > COLS / 2 ? COLS - len - 1 : COLS / 2, who->display_name);
    }
    attroff(A_REVERSE);
    attron(A_BOLD);
    ui_put(2, 2, title);
    attroff(A_BOLD);
    /* Keys that do not fit one row go on two, split between two keys ("  "). */
    char first[UI_TEXT_LEN];
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
    ui_status_line(u);
    attron(A_REVERSE);
    for (int row = u->status_row + 1; row < LINES; row++)
        mvhline(row, 0, ' ', COLS);
    ui_put(u->status_row + 1, 1, first);
    if (second)
        ui_put(LINES - 1, 1, second);
    attroff(A_REVERSE);
}

/* Dutch short weekday names through the catalogue. */
static const char *ui_weekday_name(int weekday)
{
    static const char *const names[] = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
                                        N_("Fri"), N_("Sat"), N_("Sun")};
    return weekday >= 1 && weekday <= 7 ? _(names[weekday - 1]) : "";
}

/* "ma 2026-11-30" */
void ui_day_label(sl_date d, char *out, size_t n)
{
    char ymd[11];
    sl_date_format(d, ymd);
    snprintf(out, n, "%s %s", ui_weekday_name(sl_date_weekday(d)), ymd);
}

sl_date ui_monday_of(sl_date d)
{
    return sl_date_from_days(sl_date_to_days(d) - (sl_date_weekday(d) - 1));
}

/* Shows a message and waits for a key (any key; idle counts as a key). */
void ui_say(ui *u, const char *title, const char *text)
{
    snprintf(u->note, sizeof u->note, "%s", text);
    ui_frame(u, title, _("Any key: continue"));
    refresh();
    ui_in in;
    do
        in = ui_read(u);
    while (in.kind == IN_TICK);
}

/* ---------------------------------------------------------------- the form screen */

/* One posted form: the ncurses FORM, its fields and the window they are drawn in. */
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

/* Lays out one labelled field a row from d->top, the label in a column of d->label_w. False
 * when the screen is too small (f is then freed by form_free as far as it was built). */
static bool form_build(ui_form *f, const ui_form_desc *d)
{
    memset(f, 0, sizeof *f);
    int rows = LINES - d->top - 4; /* the status line and two rows of keys below */
    if (d->n > rows || d->n > MAX_FIELDS || rows < 1)
        return false;
    for (int i = 0; i < d->n; i++) {
        int width = d->fields[i].width;
        if (d->label_w + 2 + width > COLS - 2)
            width = COLS - 4 - d->label_w;
        FIELD *fl = new_field(1, width, i, d->label_w + 2, 0, 0);
        if (!fl)
            return false;
        set_field_back(fl, A_UNDERLINE);
        field_opts_off(fl, O_AUTOSKIP);
        field_opts_off(fl, O_STATIC); /* longer text scrolls in the field */
        if (d->fields[i].secret)
            field_opts_off(fl, O_PUBLIC);
        set_field_buffer(fl, 0, d->fields[i].value);
        f->fields[i] = fl;
        f->n = i + 1;
    }
    f->form = new_form(f->fields);
    f->sub = derwin(stdscr, rows, COLS - 2, d->top, 2);
    if (!f->form || !f->sub)
        return false;
    /* Backspace at the start of a field stays there: a person erasing a value must not end
     * up in the field above. */
    form_opts_off(f->form, O_BS_OVERLOAD | O_NL_OVERLOAD);
    set_form_win(f->form, stdscr);
    set_form_sub(f->form, f->sub);
    post_form(f->form);
    for (int i = 0; i < d->n; i++)
        mvwaddnstr(f->sub, i, 0, d->fields[i].label, d->label_w);
    return true;
}

/* Copies the fields' text back (trailing blanks cut). */
static void form_values(ui_form *f, ui_field_spec *fields)
{
    if (!f->form)
        return;
    form_driver(f->form, REQ_VALIDATION);
    for (int i = 0; i < f->n; i++) {
        snprintf(fields[i].value, sizeof fields[i].value, "%s", field_buffer(f->fields[i], 0));
        trim_right(fields[i].value);
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

/* The form request an editing key stands for, 0 for a key that ends the editing. */
static int edit_request(const ui_form *f, int key)
{
    switch (key) {
    case K_TAB:
    case KEY_DOWN:
        return REQ_NEXT_FIELD;
    case KEY_BTAB:
    case KEY_UP:
        return REQ_PREV_FIELD;
    case KEY_LEFT:
        return REQ_PREV_CHAR;
    case KEY_RIGHT:
        return REQ_NEXT_CHAR;
    case KEY_BACKSPACE:
        return REQ_DEL_PREV;
    case KEY_DC:
        return REQ_DEL_CHAR;
    case KEY_HOME:
        return REQ_BEG_FIELD;
    case KEY_END:
        return REQ_END_FIELD;
    case K_ENTER:
        return field_index(current_field(f->form)) < f->n - 1 ? REQ_NEXT_FIELD : 0;
    default:
        return 0;
    }
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
            ui_status_line(u);
            continue;
        }
        if (in.kind == IN_CHAR) {
            form_driver_w(f->form, OK, in.ch);
            continue;
        }
        int req = in.kind == IN_KEY ? edit_request(f, in.key) : 0;
        if (req) {
            form_driver(f->form, req);
            continue;
        }
        curs_set(0);
        return in;
    }
}

static bool is_action(const ui_form_desc *d, ui_in in)
{
    static const int f5_only[] = {KEY_F(5), 0};
    for (const int *k = d->actions ? d->actions : f5_only; *k; k++)
        if (ui_is_key(in, *k))
            return true;
    return false;
}

ui_form_end ui_form_screen(ui *u, const ui_form_desc *d, int *key)
{
    for (;;) {
        ui_frame(u, d->title, d->keys);
        if (d->hint)
            ui_put(d->top - 2, 2, d->hint);
        ui_form f;
        if (!form_build(&f, d)) {
            form_free(&f);
            ui_say(u, d->title, _("The screen is too small for this form."));
            return FORM_CANCEL;
        }
        refresh();
        ui_in in = form_edit(u, &f);
        form_values(&f, d->fields);
        form_free(&f);
        if (in.kind == IN_IDLE)
            return FORM_IDLE;
        if (ui_is_key(in, K_ESC))
            return FORM_CANCEL;
        if (is_action(d, in)) {
            *key = in.key;
            return FORM_ACTION;
        }
        /* a resize or another key: draw again with what was typed */
    }
}

bool ui_form_run(ui *u, const ui_form_desc *d)
{
    for (;;) {
        int key;
        ui_form_end e = ui_form_screen(u, d, &key);
        if (e != FORM_ACTION)
            return e == FORM_CANCEL;
        if (d->submit(u, key, d->fields, d->ctx))
            return true;
    }
}

bool ui_outcome_done(ui *u, kl_outcome o, const char *sent_note)
{
    if (o == KL_SENT)
        snprintf(u->note, sizeof u->note, "%s", sent_note);
    return o != KL_REFUSED && o != KL_FAILED;
}

/* ---------------------------------------------------------------- the list to choose from */

#define MAX_MENU_ITEMS 200

static int menu_request(ui_in in)
{
    return ui_is_key(in, KEY_DOWN)    ? REQ_DOWN_ITEM
           : ui_is_key(in, KEY_UP)    ? REQ_UP_ITEM
           : ui_is_key(in, KEY_NPAGE) ? REQ_SCR_DPAGE
           : ui_is_key(in, KEY_PPAGE) ? REQ_SCR_UPAGE
                                      : 0;
}

ui_in ui_menu_pick(ui *u, const char *const *names, const char *const *descs, int n, int top,
                   int rows, int *chosen)
{
    if (n > MAX_MENU_ITEMS)
        n = MAX_MENU_ITEMS;
    if (n <= 0) {
        refresh();
        return ui_read(u);
    }
    ITEM *items[MAX_MENU_ITEMS + 1] = {0};
    for (int i = 0; i < n; i++)
        items[i] = new_item(names[i], descs ? descs[i] : "");
    MENU *menu = new_menu(items);
    WINDOW *sub = derwin(stdscr, rows > 1 ? rows : 1, COLS - 4, top, 2);
    if (menu && sub) {
        set_menu_win(menu, stdscr);
        set_menu_sub(menu, sub);
        set_menu_format(menu, rows > 1 ? rows : 1, 1);
        set_menu_mark(menu, "> ");
        post_menu(menu);
        set_current_item(menu, items[*chosen >= 0 && *chosen < n ? *chosen : 0]);
    }
    refresh();
    ui_in in = ui_read(u);
    if (menu && sub) {
        int req = menu_request(in);
        if (req)
            menu_driver(menu, req);
        *chosen = item_index(current_item(menu));
        unpost_menu(menu);
    }
    if (menu)
        free_menu(menu);
    for (int i = 0; i < n; i++)
        free_item(items[i]);
    if (sub)
        delwin(sub);
    return in;
}

/* ---------------------------------------------------------------- parsing what people type */

/* "7:30", "7.30", "7" (hours) or "0" into minutes; false for anything else. */
bool ui_parse_hours(const char *s, uint32_t *minutes)
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

bool ui_parse_rating(const char *s, uint32_t *out)
{
    if (strlen(s) != 1 || s[0] < '1' || s[0] > '5')
        return false;
    *out = (uint32_t)(s[0] - '0');
    return true;
}

static bool rating_or_empty(const char *s, bool empty_ok, uint32_t *out)
{
    if (empty_ok && !s[0]) {
        *out = 0;
        return true;
    }
    return ui_parse_rating(s, out);
}

bool ui_parse_ratings(const ui_field_spec *f, bool empty_ok, Stagelijn__V1__CompetenceRatings *r)
{
    return rating_or_empty(f[0].value, empty_ok, &r->persoonlijk) &&
           rating_or_empty(f[1].value, empty_ok, &r->arbeid) &&
           rating_or_empty(f[2].value, empty_ok, &r->sociaal) &&
           rating_or_empty(f[3].value, empty_ok, &r->onderzoek) &&
           rating_or_empty(f[4].value, empty_ok, &r->leren);
}

bool ui_local_instant(const char *ymd, const char *hm, int64_t *out)
{
    sl_date d;
    int minutes;
    return sl_date_parse(ymd, &d) && sl_clock_parse(hm, &minutes) &&
           sl_local_to_unix(d, minutes, out);
}

/* ---------------------------------------------------------------- the waiting list */

void ui_queue_view(ui *u)
{
    static kq_item items[200];
    for (;;) {
        size_t n = 0;
        kq_list(u->q, items, sizeof items / sizeof items[0], &n);
        ui_frame(u, _("Waiting to be sent"), _("F5 Send now  Esc Back"));
        int y = 4;
        if (n == 0)
            ui_put(y, 2, _("Nothing waits. Everything has been sent."));
        for (size_t i = 0; i < n && y < LINES - 3; i++) {
            sl_date day;
            int minute;
            char when[6];
            sl_local_of(items[i].queued_at, &day, &minute);
            sl_clock_format(minute, when);
            if (items[i].state == KQ_REFUSED)
                ui_putf(y++, 2, _("%s  %s: NOT accepted: %s"), when, items[i].label,
                        items[i].message);
            else if (items[i].message[0])
                ui_putf(y++, 2, _("%s  %s: waiting: %s"), when, items[i].label, items[i].message);
            else
                ui_putf(y++, 2, _("%s  %s: waiting"), when, items[i].label);
        }
        refresh();
        ui_in in = ui_read(u);
        if (in.kind == IN_IDLE || ui_is_key(in, K_ESC))
            return;
        if (ui_is_key(in, KEY_F(5)))
            kl_flush(u->kl);
    }
}
