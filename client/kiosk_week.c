#include "kiosk_week.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "wording.h"

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

bool ui_placement_open(int status)
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
int ui_week_days(const ui_placement *p, sl_date monday, sl_date *days)
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
const Stagelijn__V1__AgendaWeek *ui_find_week(const sl_envelope *weeks, const char *monday)
{
    if (!weeks)
        return NULL;
    const Stagelijn__V1__ListAgendaWeeksReply *r = weeks->list_agenda_weeks_reply;
    for (size_t i = 0; i < r->n_weeks; i++)
        if (strcmp(r->weeks[i]->week_start, monday) == 0)
            return r->weeks[i];
    return NULL;
}

const Stagelijn__V1__AgendaDay *ui_find_day(const Stagelijn__V1__AgendaWeek *w, const char *ymd)
{
    for (size_t i = 0; w && i < w->n_days; i++)
        if (strcmp(w->days[i]->date, ymd) == 0)
            return w->days[i];
    return NULL;
}

/* The day of the week's hours, NULL when the reply has none for it. */
const Stagelijn__V1__WeekDayHours *ui_hours_day(const Stagelijn__V1__WeekHours *wh, const char *ymd)
{
    for (size_t i = 0; wh && i < wh->n_days; i++)
        if (strcmp(wh->days[i]->date, ymd) == 0)
            return wh->days[i];
    return NULL;
}

/* The open clock-in of the week, NULL when none is open. */
const Stagelijn__V1__ClockRecord *ui_open_clocking(const Stagelijn__V1__WeekHours *wh)
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

/* codes2: who clocked the day's last shift, when not the intern (the supervisor for an intern
 * who forgot, or a correction's author): "clocked in by X, out by Y" into out; "" else. */
static void clocked_by_text(const ui_placement *p, const Stagelijn__V1__WeekDayHours *d, char *out,
                            size_t n)
{
    out[0] = '\0';
    if (!d || d->n_clock == 0)
        return;
    const Stagelijn__V1__ClockRecord *c = d->clock[d->n_clock - 1];
    const char *in_by = c->recorded_by_name ? c->recorded_by_name : "";
    const char *out_by = c->clock_out_at && c->clock_out_by_name ? c->clock_out_by_name : "";
    bool other_in = in_by[0] && strcmp(in_by, p->student_name) != 0;
    bool other_out = out_by[0] && strcmp(out_by, p->student_name) != 0;
    if (c->source == STAGELIJN__V1__CLOCK_SOURCE__CLOCK_SOURCE_CORRECTION)
        snprintf(out, n, _("corrected by %s"), out_by[0] ? out_by : in_by);
    else if (other_in && out_by[0] && strcmp(in_by, out_by) == 0)
        snprintf(out, n, _("clocked in and out by %s"), in_by);
    else if (other_in && out_by[0])
        snprintf(out, n, _("clocked in by %s, out by %s"), in_by, out_by);
    else if (other_in)
        snprintf(out, n, _("clocked in by %s"), in_by);
    else if (other_out)
        snprintf(out, n, _("clocked out by %s"), out_by);
}

/* Draws a week from row y: a line per internship day with the clocked time, the hours H:MM
 * and the tasks (or the absence), the total, breaches of the working-time law, and the
 * reflections. wh (the week's hours) and w (the agenda week) may each be NULL. Returns the
 * next free row. */
int ui_draw_week(const ui_placement *p, sl_date monday, const Stagelijn__V1__AgendaWeek *w,
                 const Stagelijn__V1__WeekHours *wh, int y)
{
    char ymd[11], label[32], dur[32], shift[16];
    long total = 0;
    bool signed_week = (w && w->signed_by_supervisor) || (wh && wh->signed_by_supervisor);
    sl_date_format(monday, ymd);
    if (signed_week)
        ui_putf(y++, 2, _("Week of %s: signed."), ymd);
    else if (w)
        ui_putf(y++, 2, _("Week of %s: filled in, not signed yet."), ymd);
    else
        ui_putf(y++, 2, _("Week of %s: not filled in yet."), ymd);
    y++;
    for (int wd = 1; wd <= 7 && y < LINES - 5; wd++) {
        sl_date day = sl_date_from_days(sl_date_to_days(monday) + wd - 1);
        sl_date_format(day, ymd);
        ui_day_label(day, label, sizeof label);
        const Stagelijn__V1__AgendaDay *d = ui_find_day(w, ymd);
        const Stagelijn__V1__WeekDayHours *h = ui_hours_day(wh, ymd);
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
        ui_putf(y++, 4, "%-14s %-11s %9s  %s", label, shift,
                minutes || d || (h && h->clocked) ? wording_duration(minutes, dur, sizeof dur)
                                                  : "-",
                tasks);
        char by[600];
        clocked_by_text(p, h, by, sizeof by);
        if (by[0] && y < LINES - 5)
            ui_put(y++, 19, by);
    }
    if ((w || wh) && y < LINES - 5)
        ui_putf(y++, 4, "%-14s %-11s %9s", _("Total"), "",
                wording_duration(total, dur, sizeof dur));
    for (size_t i = 0; wh && i < wh->n_law_breaches && y < LINES - 5; i++) {
        char rule[512];
        ui_putf(y++, 2, _("Working-time law: %s"),
                wording_violation(wh->law_breaches[i], rule, sizeof rule));
    }
    if (w && w->reflection && w->reflection[0] && y < LINES - 5)
        ui_putf(++y, 2, _("Supervisor: %s"), w->reflection), y++;
    if (w && w->student_reflection && w->student_reflection[0] && y < LINES - 5)
        ui_putf(y++, 2, _("Intern: %s"), w->student_reflection);
    return y + 1;
}

/* Reads the agenda weeks and the hours of w->monday again. A failed read keeps what was
 * there and says why in the note, unless the note already holds an outcome not seen yet. */
void ui_week_load(ui *u, const ui_placement *p, ui_week *w, bool hours_only)
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

void ui_week_free(ui_week *w)
{
    sl_envelope_free(w->weeks);
    sl_envelope_free(w->hours);
    memset(w, 0, sizeof *w);
}

const Stagelijn__V1__WeekHours *ui_week_hours(const ui_week *w)
{
    return w->hours ? w->hours->week_hours : NULL;
}

/* Under the title: whether what is shown may be out of date. */
void ui_mark_stale(bool stale)
{
    if (stale)
        ui_put(3, 2, _("No connection: this is what the kiosk knew last."));
}

int ui_load_placements(ui *u, ui_placement *out, int max)
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

void ui_clock_warnings(const sl_envelope *reply, char *out, size_t n)
{
    out[0] = '\0';
    if (!reply || reply->body_case != STAGELIJN__V1__ENVELOPE__BODY_CLOCK_RECORD ||
        !reply->clock_record)
        return;
    const Stagelijn__V1__ClockRecord *c = reply->clock_record;
    char text[512];
    for (size_t i = 0; i < c->n_warnings; i++) {
        size_t used = strlen(out);
        snprintf(out + used, n - used, "%s%s", i ? " " : "",
                 wording_violation(c->warnings[i], text, sizeof text));
    }
}

/* The bytes of the longest start of s that fits in `width` columns, cut after a word when
 * it can (one column per character). */
static size_t fitting(const char *s, int width)
{
    size_t cut = 0, i = 0;
    int cols = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) == 0x80)
            continue;
        if (cols == width)
            return cut ? cut : i;
        if (s[i] == ' ')
            cut = i;
        cols++;
    }
    return i;
}

int ui_put_wrapped(int y, int x, const char *text, int last_row)
{
    int width = COLS - x - 1 > 10 ? COLS - x - 1 : 10;
    char line[UI_TEXT_LEN];
    while (*text && y <= last_row) {
        size_t k = fitting(text, width);
        snprintf(line, sizeof line, "%.*s", (int)k, text);
        ui_put(y++, x, line);
        text += k;
        while (*text == ' ')
            text++;
    }
    return y;
}
