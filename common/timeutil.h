/* Time and date helpers. Instants are UTC; dates and clock times of schedules are local
 * school time and are handled as plain calendar values (no time zone arithmetic needed
 * for rules that compare clock times on one day). */
#ifndef SL_TIMEUTIL_H
#define SL_TIMEUTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

typedef struct {
    int y, m, d;
} sl_date;

/* Parses YYYY-MM-DD strictly (valid calendar day, years 1900..2999). */
bool sl_date_parse(const char *s, sl_date *out);
/* Writes YYYY-MM-DD into buf (at least 11 bytes). */
void sl_date_format(sl_date d, char *buf);
/* Days since 1970-01-01 (may be negative). */
int64_t sl_date_to_days(sl_date d);
sl_date sl_date_from_days(int64_t days);
/* ISO weekday: 1 = Monday .. 7 = Sunday. */
int sl_date_weekday(sl_date d);
int sl_date_compare(sl_date a, sl_date b);
/* Completed years of age on `on` for someone born on `birth`. */
int sl_age_on(sl_date birth, sl_date on);
/* The date in Europe/Amsterdam (the school's calendar) at an instant (unix seconds). */
sl_date sl_date_local_of(int64_t unix_seconds);
/* The local (Europe/Amsterdam) date and minute of the day (0..1439) of an instant. */
void sl_local_of(int64_t unix_seconds, sl_date *date, int *minute);
/* The instant (unix seconds) of a local date and minute of the day (0..1439). False for a
 * minute that does not exist (the hour skipped at the change to summer time); a minute that
 * happens twice (the hour repeated at the change back) is its first occurrence. */
bool sl_local_to_unix(sl_date d, int minute, int64_t *out);
/* Today's date in Europe/Amsterdam: sl_date_local_of(sl_now_unix()). */
sl_date sl_date_today_local(void);

/* Parses HH:MM (00:00..24:00) into minutes since midnight. */
bool sl_clock_parse(const char *s, int *minutes);
void sl_clock_format(int minutes, char *buf); /* buf >= 6 bytes */

/* Seconds since the epoch: the wall clock shifted by the clock offset. The one "now" of the
 * daemon: every server path that needs the time of day reads it here (or from a request's
 * r->now, which is read here once per request). */
int64_t sl_now_unix(void);
/* Shifts what sl_now_unix() answers by `seconds` (may be negative); 0 is the real clock. For
 * tests and drills only (the daemon's clock_offset_seconds): set once at start-up, before any
 * thread reads the clock. */
void sl_clock_set_offset(int64_t seconds);
/* Monotonic milliseconds for timeouts and measurements. */
int64_t sl_now_monotonic_ms(void);
/* RFC 3339 UTC with seconds, e.g. 2026-11-28T16:00:00Z; buf >= 21 bytes. */
void sl_time_format_rfc3339(int64_t unix_seconds, char *buf);

#endif
