/* The kiosk's view of an internship and its weeks: the placement with its schedule, the
 * agenda weeks and the clocked hours of one week as last read (kept when the network fails),
 * and the week drawn as a list of days. Shared by the intern's and the supervisor's screens. */
#ifndef SL_KIOSK_WEEK_H
#define SL_KIOSK_WEEK_H

#include "kiosk_screen.h"

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

/* The placements of the logged-in person that have not ended, at most max into out; -1 when
 * the list could not be read (the note says why). */
int ui_load_placements(ui *u, ui_placement *out, int max);
/* Signed or active: clocking and weeks apply. */
bool ui_placement_open(int status);
/* The days of the week starting `monday` that the placement plans, into days[7]. */
int ui_week_days(const ui_placement *p, sl_date monday, sl_date *days);

/* The week of `monday` (YYYY-MM-DD) in a ListAgendaWeeksReply, NULL when not filled in. */
const Stagelijn__V1__AgendaWeek *ui_find_week(const sl_envelope *weeks, const char *monday);
const Stagelijn__V1__AgendaDay *ui_find_day(const Stagelijn__V1__AgendaWeek *w, const char *ymd);
/* The day of the week's hours, NULL when the reply has none for it. */
const Stagelijn__V1__WeekDayHours *ui_hours_day(const Stagelijn__V1__WeekHours *wh,
                                                const char *ymd);
/* The open clock-in of the week, NULL when none is open. */
const Stagelijn__V1__ClockRecord *ui_open_clocking(const Stagelijn__V1__WeekHours *wh);

/* Draws a week from row y: a line per internship day with the clocked time, the hours H:MM
 * and the tasks (or the absence), the total, breaches of the working-time law, and the
 * reflections. wh and w may each be NULL. Returns the next free row. */
int ui_draw_week(const ui_placement *p, sl_date monday, const Stagelijn__V1__AgendaWeek *w,
                 const Stagelijn__V1__WeekHours *wh, int y);

/* codes2: the warnings of a clocking the server just confirmed (a ClockRecord reply: what the
 * hours clocked out risk, not refused), each in the user's words, into out ("" for none or
 * another reply; reply may be NULL). */
void ui_clock_warnings(const sl_envelope *reply, char *out, size_t n);
/* Text from row y, column x, wrapped at spaces to the screen's width, not below row
 * last_row. Returns the next free row. */
int ui_put_wrapped(int y, int x, const char *text, int last_row);

/* What the screens show of one week: the placement's agenda weeks and the week's hours, each
 * kept as last read when a new read fails (then `stale`). Owned; free with ui_week_free. */
typedef struct {
    sl_envelope *weeks; /* ListAgendaWeeksReply */
    sl_envelope *hours; /* WeekHours of `monday` */
    sl_date monday;
    bool stale;
} ui_week;

/* Reads the agenda weeks (unless hours_only) and the hours of w->monday again. A failed read
 * keeps what was there and says why in the note, unless the note holds an outcome not seen
 * yet. */
void ui_week_load(ui *u, const ui_placement *p, ui_week *w, bool hours_only);
void ui_week_free(ui_week *w);
const Stagelijn__V1__WeekHours *ui_week_hours(const ui_week *w);
/* Under the title: says that what is shown may be out of date. */
void ui_mark_stale(bool stale);

#endif
