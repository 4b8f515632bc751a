#include "timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

bool sl_date_parse(const char *s, sl_date *out)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s, 4) ||
        !all_digits(s + 5, 2) || !all_digits(s + 8, 2))
        return false;
    sl_date d = {atoi(s), atoi(s + 5), atoi(s + 8)};
    if (d.y < 1900 || d.y > 2999 || d.m < 1 || d.m > 12 || d.d < 1 || d.d > days_in_month(d.y, d.m))
        return false;
    *out = d;
    return true;
}

void sl_date_format(sl_date d, char *buf)
{
    /* Parsed dates are in range; the masks keep the output at 10 characters regardless. */
    unsigned y = (unsigned)d.y % 10000u, m = (unsigned)d.m % 100u, day = (unsigned)d.d % 100u;
    snprintf(buf, 11, "%04u-%02u-%02u", y, m, day);
}

/* Howard Hinnant's days-from-civil algorithm (public domain description). */
int64_t sl_date_to_days(sl_date d)
{
    int64_t y = d.y - (d.m <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (d.m + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + d.d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

sl_date sl_date_from_days(int64_t z)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    sl_date r = {(int)(y + (m <= 2)), (int)m, (int)d};
    return r;
}

int sl_date_weekday(sl_date d)
{
    int64_t days = sl_date_to_days(d); /* 1970-01-01 was a Thursday (4) */
    int64_t w = (days % 7 + 7) % 7;    /* 0 = Thursday */
    return (int)((w + 3) % 7) + 1;
}

int sl_date_compare(sl_date a, sl_date b)
{
    int64_t x = sl_date_to_days(a), y = sl_date_to_days(b);
    return x < y ? -1 : x > y;
}

int sl_age_on(sl_date birth, sl_date on)
{
    int age = on.y - birth.y;
    /* Someone born on 29 February has a birthday on 1 March in common years (Dutch civil
     * practice), which falls out of comparing (month, day) directly. */
    if (on.m < birth.m || (on.m == birth.m && on.d < birth.d))
        age--;
    return age;
}

/* The daemon runs with TZ unset on many servers; the school's calendar is Amsterdam's. */
static void school_zone(void)
{
    static int tz_set;
    if (!tz_set) {
        if (!getenv("TZ"))
            setenv("TZ", "Europe/Amsterdam", 0);
        tzset();
        tz_set = 1;
    }
}

void sl_local_of(int64_t unix_seconds, sl_date *date, int *minute)
{
    school_zone();
    time_t t = (time_t)unix_seconds;
    struct tm tm;
    localtime_r(&t, &tm);
    *date = (sl_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    *minute = tm.tm_hour * 60 + tm.tm_min;
}

bool sl_local_to_unix(sl_date d, int minute, int64_t *out)
{
    if (minute < 0 || minute >= 24 * 60)
        return false;
    school_zone();
    /* Both readings, summer time and not: the ones that give the same wall clock back are
     * real; of two (the repeated hour), the earlier. */
    bool found = false;
    for (int dst = 1; dst >= 0; dst--) {
        struct tm tm = {.tm_year = d.y - 1900,
                        .tm_mon = d.m - 1,
                        .tm_mday = d.d,
                        .tm_hour = minute / 60,
                        .tm_min = minute % 60,
                        .tm_isdst = dst};
        time_t t = mktime(&tm);
        if (t == (time_t)-1)
            continue;
        sl_date back;
        int back_minute;
        sl_local_of((int64_t)t, &back, &back_minute);
        if (sl_date_compare(back, d) != 0 || back_minute != minute)
            continue;
        if (!found || (int64_t)t < *out)
            *out = (int64_t)t;
        found = true;
    }
    return found;
}

sl_date sl_date_local_of(int64_t unix_seconds)
{
    school_zone();
    time_t t = (time_t)unix_seconds;
    struct tm tm;
    localtime_r(&t, &tm);
    sl_date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    return d;
}

sl_date sl_date_today_local(void)
{
    return sl_date_local_of(sl_now_unix());
}

bool sl_clock_parse(const char *s, int *minutes)
{
    if (!s || strlen(s) != 5 || s[2] != ':' || !all_digits(s, 2) || !all_digits(s + 3, 2))
        return false;
    int h = atoi(s), m = atoi(s + 3);
    if (h > 24 || m > 59 || (h == 24 && m != 0))
        return false;
    *minutes = h * 60 + m;
    return true;
}

void sl_clock_format(int minutes, char *buf)
{
    if (minutes < 0 || minutes > 24 * 60)
        minutes = 0;
    snprintf(buf, 6, "%02u:%02u", (unsigned)(minutes / 60) % 100u, (unsigned)(minutes % 60));
}

static int64_t clock_offset;

void sl_clock_set_offset(int64_t seconds)
{
    clock_offset = seconds;
}

int64_t sl_now_unix(void)
{
    return (int64_t)time(NULL) + clock_offset;
}

int64_t sl_now_monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void sl_time_format_rfc3339(int64_t unix_seconds, char *buf)
{
    time_t t = (time_t)unix_seconds;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
