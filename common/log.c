#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static sl_log_level current_level = SL_LOG_INFO;

void sl_log_set_level(sl_log_level level)
{
    current_level = level;
}

sl_log_level sl_log_get_level(void)
{
    return current_level;
}

int sl_log_level_parse(const char *s)
{
    static const char *names[] = {"debug", "info", "warn", "error", "none"};
    for (int i = 0; i < 5; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

void sl_log_write(sl_log_level level, const char *category, const char *fmt, ...)
{
    static const char *tags[] = {"DEBUG", "INFO", "WARN", "ERROR"};
    char stamp[32];
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);

    /* One fprintf per line so concurrent writers (tests run several daemons) do not
     * interleave within a line. */
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s.%03ldZ %-5s [%s] %s\n", stamp, ts.tv_nsec / 1000000L,
            tags[level < SL_LOG_NONE ? level : SL_LOG_ERROR], category, msg);
}
