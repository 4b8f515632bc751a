/* The agenda and the hours of a placement, in one place: the only module that writes
 * agenda_weeks, agenda_days, clock_records, week_corrections, absences and
 * week_law_breaches. Reads stay with the requests that need them. Every function runs in the
 * caller's transaction and returns the store's status (SL_EEXISTS for a duplicate, SL_EINVAL
 * for a reference or check that fails, SL_ENOTFOUND where said, SL_EINTERNAL otherwise).
 * Strings are the caller's; instants are unix seconds; dates YYYY-MM-DD in Europe/Amsterdam. */
#ifndef SL_AGENDA_H
#define SL_AGENDA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ids.h"
#include "sl_error.h"
#include "store.h"

/* Break parts a day keeps (as the agenda's break_parts: "15+15"). */
#define AGENDA_MAX_BREAK_PARTS 3
/* The longest shift clocked in one go (minutes): a longer one is a forgotten clock-out. */
#define AGENDA_MAX_SHIFT_MINUTES (16 * 60)

/* ---------------------------------------------------------------- weeks and days */

/* The week row of (placement, Monday): its id into week_id, created empty at `now` when
 * there is none. */
sl_status agenda_week_ensure(store *st, const char *placement_id, const char *week_start,
                             int64_t now, char week_id[SL_ID_LEN + 1]);
/* The supervisor's text on the week. */
sl_status agenda_week_set_reflection(store *st, const char *week_id, const char *text, int64_t now);
/* The student's own reflection on the week. */
sl_status agenda_week_set_student_reflection(store *st, const char *week_id, const char *text,
                                             int64_t now);
/* The supervisor's signature (coach = false) or the coach's sign-off (coach = true).
 * SL_ENOTFOUND when there is no such week. */
sl_status agenda_week_sign(store *st, const char *week_id, bool coach, const char *user_id,
                           int64_t now);

/* One day as the agenda writes it. */
typedef struct {
    const char *date;        /* YYYY-MM-DD */
    int minutes;             /* worked, breaks excluded; 0..1440 */
    const char *tasks;       /* NULL: "" */
    const char *break_parts; /* "15+15", "" none taken; NULL: breaks not recorded */
} agenda_day_row;

/* Replaces the week's days by `days`. A day with clocked shifts keeps the minutes and breaks
 * derived from them (only its tasks come from `days`): what was clocked is not overwritten by
 * what was typed. */
sl_status agenda_week_replace_days(store *st, const char *week_id, const agenda_day_row *days,
                                   size_t n, int64_t now);
/* Writes one day of the week (a correction), with the same rule for clocked days. */
sl_status agenda_day_write(store *st, const char *week_id, const agenda_day_row *day, int64_t now);

/* ---------------------------------------------------------------- clocking */

typedef struct {
    int64_t in_at, out_at; /* unix seconds; out_at > in_at */
} agenda_shift;

/* The worked minutes of one day's closed shifts (sorted by in_at, not overlapping: real time
 * elapsed, so the change to and from summer time counts as it happened) and the gaps between
 * them as break parts (the largest AGENDA_MAX_BREAK_PARTS, in order). False when shifts
 * overlap or are unordered. Pure. */
bool agenda_clock_day(const agenda_shift *s, size_t n, int *minutes, int *parts, int *n_parts);

typedef struct {
    const char *id, *placement_id, *student_id;
    int64_t in_at;
    int64_t out_at;                            /* 0: open */
    int source;                                /* ClockSource: 1 kiosk, 2 correction */
    const char *recorded_by, *device, *reason; /* device, reason: NULL for "" */
} clock_row;

/* A new shift, its date the local date of in_at. SL_EEXISTS when the student has an open
 * shift already and this one is open too. */
sl_status clock_insert(store *st, const clock_row *c, int64_t now);
/* Closes the open shift `id` at out_at, clocked out by user `by` (the intern, or the
 * supervisor for him/her). SL_ENOTFOUND when it is not open. */
sl_status clock_close(store *st, const char *id, int64_t out_at, const char *by);
/* A correction of shift `id`: new times (out_at 0: open), marked as a correction by
 * `by` with `reason`. SL_ENOTFOUND when there is no such shift. */
sl_status clock_correct(store *st, const char *id, int64_t in_at, int64_t out_at, const char *by,
                        const char *reason, int64_t now);
/* Removes shift `id` (a correction; the week's correction row says who and why). */
sl_status clock_remove(store *st, const char *id);

/* Derives the agenda day (placement, date) from its closed shifts: minutes and breaks,
 * marked clocked, the week and day rows created as needed; a day whose shifts are all gone
 * returns to the agenda (minutes 0, unmarked; removed when it has no tasks). SL_EINVAL when
 * the day's shifts overlap or add up to more than a day. */
sl_status agenda_day_from_clock(store *st, const char *placement_id, const char *date, int64_t now);

/* ---------------------------------------------------------------- corrections, absence */

sl_status week_correction_insert(store *st, const char *placement_id, const char *week_start,
                                 const char *by, const char *reason, const char *what,
                                 bool after_signing, int64_t now);

typedef struct {
    const char *id, *student_id, *placement_id;
    int kind; /* AbsenceKind 1..3 */
    const char *from_date, *to_date, *note, *reported_by;
} absence_row;

sl_status absence_insert(store *st, const absence_row *a, int64_t now);

/* ---------------------------------------------------------------- law breaches */

typedef struct {
    const char *rule_id, *message;
    /* The details as a code of common/messages.h ("" for none) and its parameters joined by
     * sl_message_params_join. */
    const char *detail_code, *detail_params;
} agenda_breach;

/* Replaces the breaches stored on the week by these (none: clears them). *new_found tells
 * whether any of them was not stored before (the coach hears of new ones only). */
sl_status week_breaches_replace(store *st, const char *week_id, const agenda_breach *b, size_t n,
                                int64_t now, bool *new_found);

#endif
