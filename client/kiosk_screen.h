/* What every screen of the interactive kiosk shares: reading keys (with the idle logout and
 * the queue retried in the background), the frame (company, who is logged in, title, status
 * line, function keys), the one form screen, and parsing what people type. The screens
 * (kiosk_intern.h, kiosk_supervisor.h, kiosk_assessment.h) build on this. */
#ifndef SL_KIOSK_SCREEN_H
#define SL_KIOSK_SCREEN_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <wchar.h>

#include "kiosk_link.h"
#include "kiosk_queue.h"
#include "timeutil.h"

#include <libintl.h>
#define _(s) gettext(s)
/* Marks a msgid for xgettext; translated where it is shown. */
#define N_(s) (s)

#define UI_TEXT_LEN 1024

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

/* Where a home screen sends the kiosk next. */
typedef enum { NEXT_LOGIN, NEXT_QUEUE_THEN_HOME, NEXT_HOME, NEXT_QUIT } ui_next;

/* The next key, or IN_IDLE once nobody typed for the idle time (the caller logs out), or
 * IN_TICK after the waiting queue was tried again (the caller redraws the status line). */
ui_in ui_read(ui *u);
bool ui_is_key(ui_in in, int key);

/* Text at row y, column x, cut at the edge of the screen. */
void ui_put(int y, int x, const char *text);
void ui_putf(int y, int x, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The connection, the queue and the last outcome (u->note) on the status row. */
void ui_status_line(ui *u);
/* Clears the screen and draws the frame: company and person on top, the title on row 2, the
 * status line and `keys` (split over two rows at a double space when long) at the bottom. */
void ui_frame(ui *u, const char *title, const char *keys);
/* Shows text as the outcome and waits for a key (idle counts as a key). */
void ui_say(ui *u, const char *title, const char *text);
/* The waiting list of the offline queue (F9 on every home screen); F5 sends now. */
void ui_queue_view(ui *u);

/* "ma 2026-11-30" into out. */
void ui_day_label(sl_date d, char *out, size_t n);
sl_date ui_monday_of(sl_date d);

/* ---------------------------------------------------------------- the form screen */

typedef struct {
    const char *label;
    int width; /* columns of the field; narrowed to the screen */
    bool secret;
    char value[UI_TEXT_LEN]; /* in: the text shown first; out: what was typed, trailing
                                blanks cut */
} ui_field_spec;

/* What a form does with the values when one of its actions is pressed: true when done (the
 * form closes), false to show it again (with u->note saying what to change). */
typedef bool (*ui_form_submit)(ui *u, int key, ui_field_spec *fields, void *ctx);

/* A form screen: a title, the keys line, an optional hint two rows above the first field,
 * the fields from row `top` with their labels in a column label_w wide, and the keys that
 * end it with the fields' values (0-terminated; NULL: F5 only). submit and ctx are for
 * ui_form_run. */
typedef struct {
    const char *title;
    const char *keys;
    const char *hint;
    ui_field_spec *fields;
    int n;
    int top, label_w;
    const int *actions;
    ui_form_submit submit;
    void *ctx;
} ui_form_desc;

typedef enum { FORM_ACTION, FORM_CANCEL, FORM_IDLE } ui_form_end;

/* Shows the form and lets the person edit it (arrows, Tab, Enter to the next field, Home,
 * End, Backspace, Delete) until one of d->actions (FORM_ACTION, *key set to it), Esc
 * (FORM_CANCEL) or the idle time (FORM_IDLE). Other keys and a resize draw it again with
 * what was typed. The typed text is in d->fields on every return, so a caller that refuses
 * the values calls it again with the note set and nothing is lost. A screen too small for
 * the form says so and returns FORM_CANCEL. */
ui_form_end ui_form_screen(ui *u, const ui_form_desc *d, int *key);

/* Shows the form until d->submit accepts the values (true), Esc (true) or idle (false: the
 * caller logs out). */
bool ui_form_run(ui *u, const ui_form_desc *d);

/* What a submission's outcome means for the form that sent it: true (done, leave the form)
 * unless the server refused it or it failed; when sent, u->note becomes sent_note. */
bool ui_outcome_done(ui *u, kl_outcome o, const char *sent_note);

/* ---------------------------------------------------------------- the list to choose from */

/* Shows n items (names[i], with descs[i] beside it; descs may be NULL) as a list from row
 * `top`, `rows` high (at least 1), item *chosen marked; refreshes, reads one input, moves
 * *chosen on Up/Down (and PgUp/PgDn) and returns the input for the caller to act on. With
 * n 0 it only reads the input. The caller draws the frame first. */
ui_in ui_menu_pick(ui *u, const char *const *names, const char *const *descs, int n, int top,
                   int rows, int *chosen);

/* ---------------------------------------------------------------- parsing what people type */

/* "7:30", "7.30", "7" (hours) or "0" into minutes; false for anything else. */
bool ui_parse_hours(const char *s, uint32_t *minutes);
/* One digit 1..5. */
bool ui_parse_rating(const char *s, uint32_t *out);
/* Five fields in a row (personal, work, social, finding out, learning) into r; an empty
 * field is 0 (not rated) when empty_ok. False when one is not a digit 1..5. */
bool ui_parse_ratings(const ui_field_spec *f, bool empty_ok, Stagelijn__V1__CompetenceRatings *r);
/* Unix seconds of a school-local date (YYYY-MM-DD) and HH:MM; false when either is bad. */
bool ui_local_instant(const char *ymd, const char *hm, int64_t *out);

#endif
