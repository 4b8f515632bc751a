#include "calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool parse_year_name(const char *name, int *first, int *second)
{
    if (!name || strlen(name) != 9 || name[4] != '-')
        return false;
    for (int i = 0; i < 9; i++)
        if (i != 4 && (name[i] < '0' || name[i] > '9'))
            return false;
    *first = atoi(name);
    *second = atoi(name + 5);
    return true;
}

bool calendar_validate(const char *name, sl_date start, sl_date end, const calendar_holiday *h,
                       size_t n, char *err, size_t errlen)
{
    int y1, y2;
    if (!parse_year_name(name, &y1, &y2) || y2 != y1 + 1) {
        snprintf(err, errlen, "name must be two consecutive years, e.g. 2026-2027");
        return false;
    }
    if (sl_date_compare(end, start) <= 0) {
        snprintf(err, errlen, "end_date must be after start_date");
        return false;
    }
    if (start.y != y1 || end.y != y2) {
        snprintf(err, errlen, "school year %s must start in %d and end in %d", name, y1, y2);
        return false;
    }
    if (n > CALENDAR_MAX_HOLIDAYS) {
        snprintf(err, errlen, "at most %d holidays", CALENDAR_MAX_HOLIDAYS);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (!h[i].name || !h[i].name[0]) {
            snprintf(err, errlen, "holiday %zu: a name is required", i + 1);
            return false;
        }
        if (sl_date_compare(h[i].end, h[i].start) < 0) {
            snprintf(err, errlen, "holiday %zu: end before start", i + 1);
            return false;
        }
        if (sl_date_compare(h[i].start, start) < 0 || sl_date_compare(h[i].end, end) > 0) {
            snprintf(err, errlen, "holiday %zu lies (partly) outside the school year", i + 1);
            return false;
        }
        /* n is small (at most CALENDAR_MAX_HOLIDAYS), so pairwise is fine. */
        for (size_t j = 0; j < i; j++)
            if (sl_date_compare(h[i].start, h[j].end) <= 0 &&
                sl_date_compare(h[j].start, h[i].end) <= 0) {
                snprintf(err, errlen, "holidays %zu and %zu overlap", j + 1, i + 1);
                return false;
            }
    }
    return true;
}

sl_status calendar_school_year_of(store *s, sl_date d, char id[SL_ID_LEN + 1], sl_date *start,
                                  sl_date *end)
{
    char day[11];
    sl_date_format(d, day);
    sqlite3_stmt *q = store_query(s,
                                  "SELECT id, start_date, end_date FROM school_years "
                                  "WHERE start_date <= ?1 AND end_date >= ?1 "
                                  "ORDER BY start_date LIMIT 1",
                                  SB(day));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return st;
    bool ok = true;
    if (id)
        snprintf(id, SL_ID_LEN + 1, "%s", store_col(q, 0));
    if (start)
        ok = sl_date_parse(store_col(q, 1), start);
    if (end && ok)
        ok = sl_date_parse(store_col(q, 2), end);
    store_stmt_done(q);
    return ok ? SL_OK : SL_EINTERNAL;
}

sl_status calendar_is_school_day(store *s, sl_date d, bool *yes)
{
    *yes = false;
    if (sl_date_weekday(d) > 5)
        return SL_OK;
    char year[SL_ID_LEN + 1];
    sl_status st = calendar_school_year_of(s, d, year, NULL, NULL);
    if (st == SL_ENOTFOUND) {
        *yes = true;
        return SL_OK;
    }
    if (st != SL_OK)
        return st;
    char day[11];
    sl_date_format(d, day);
    st = store_exists(s,
                      "SELECT 1 FROM holidays WHERE school_year_id = ?1 AND "
                      "start_date <= ?2 AND end_date >= ?2 LIMIT 1",
                      SB(year), SB(day));
    if (st != SL_OK && st != SL_ENOTFOUND)
        return st;
    *yes = st == SL_ENOTFOUND;
    return SL_OK;
}

sl_status calendar_holidays_between(store *s, sl_date from, sl_date to, calendar_holiday *out,
                                    size_t max, size_t *n)
{
    char a[11], z[11];
    sl_date_format(from, a);
    sl_date_format(to, z);
    *n = 0;
    sqlite3_stmt *q = store_query(s,
                                  "SELECT start_date, end_date FROM holidays WHERE end_date >= "
                                  "?1 AND start_date <= ?2 ORDER BY start_date LIMIT ?3",
                                  SB(a), SB(z), SB((int64_t)max));
    if (!q)
        return SL_EINTERNAL;
    bool row, ok = true;
    sl_status st;
    while ((st = store_next(q, &row)) == SL_OK && row && *n < max) {
        calendar_holiday *h = &out[*n];
        h->name = NULL;
        ok = ok && sl_date_parse(store_col(q, 0), &h->start) &&
             sl_date_parse(store_col(q, 1), &h->end);
        (*n)++;
    }
    store_stmt_done(q);
    return st != SL_OK ? st : ok ? SL_OK : SL_EINTERNAL;
}

static bool in_holiday(const calendar_holiday *h, size_t n, int64_t day)
{
    for (size_t i = 0; i < n; i++)
        if (sl_date_to_days(h[i].start) <= day && day <= sl_date_to_days(h[i].end))
            return true;
    return false;
}

static int64_t monday_number(sl_date d)
{
    return sl_date_to_days(d) - (sl_date_weekday(d) - 1);
}

bool calendar_holiday_week(const calendar_holiday *h, size_t n, sl_date d)
{
    int64_t monday = monday_number(d);
    for (int64_t day = monday; day < monday + 5; day++)
        if (!in_holiday(h, n, day))
            return false;
    return true;
}

long calendar_school_weeks(const calendar_holiday *h, size_t n, sl_date from, sl_date to)
{
    long weeks = 0;
    for (int64_t monday = monday_number(from); monday <= monday_number(to); monday += 7)
        weeks += !calendar_holiday_week(h, n, sl_date_from_days(monday));
    return weeks;
}

sl_date calendar_school_days_after(const calendar_holiday *h, size_t n, sl_date from, int days)
{
    int64_t due = sl_date_to_days(from) + days;
    /* The bound moves with `due`: a week added may bring another holiday week in. */
    for (int64_t monday = monday_number(from) + 7;
         monday <= due - (sl_date_weekday(sl_date_from_days(due)) - 1); monday += 7)
        if (calendar_holiday_week(h, n, sl_date_from_days(monday)))
            due += 7;
    return sl_date_from_days(due);
}

long calendar_holiday_days(const calendar_holiday *h, size_t n, sl_date from, sl_date to)
{
    int64_t lo = sl_date_to_days(from), hi = sl_date_to_days(to);
    long days = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t a = sl_date_to_days(h[i].start), b = sl_date_to_days(h[i].end);
        if (a < lo)
            a = lo;
        if (b > hi)
            b = hi;
        if (b >= a)
            days += (long)(b - a + 1);
    }
    return days;
}

sl_date calendar_visit_due(const calendar_holiday *h, size_t n, sl_date from, int interval)
{
    return calendar_school_days_after(h, n, from, interval);
}

sl_status calendar_visit_due_read(store *s, sl_date from, int interval, sl_date *due)
{
    /* Holiday weeks lengthen the interval: a year past it holds more of them than any
     * interval of weeks can meet. */
    calendar_holiday h[2 * CALENDAR_MAX_HOLIDAYS];
    size_t n;
    sl_date to = sl_date_from_days(sl_date_to_days(from) + interval + 366);
    sl_status st = calendar_holidays_between(s, from, to, h, sizeof h / sizeof h[0], &n);
    if (st != SL_OK)
        return st;
    *due = calendar_visit_due(h, n, from, interval);
    return SL_OK;
}
