/* Level-gated logging to stderr. Never log personal data (names, birth dates, notes):
 * log ids, counts and codes only. */
#ifndef SL_LOG_H
#define SL_LOG_H

typedef enum { SL_LOG_DEBUG = 0, SL_LOG_INFO, SL_LOG_WARN, SL_LOG_ERROR, SL_LOG_NONE } sl_log_level;

void sl_log_set_level(sl_log_level level);
sl_log_level sl_log_get_level(void);
/* Parses "debug", "info", "warn", "error", "none"; returns -1 on anything else. */
int sl_log_level_parse(const char *s);

void sl_log_write(sl_log_level level, const char *category, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define SL_LOG(level, cat, ...)                                                                    \
    do {                                                                                           \
        if ((level) >= sl_log_get_level())                                                         \
            sl_log_write((level), (cat), __VA_ARGS__);                                             \
    } while (0)
#define LOG_DEBUG(cat, ...) SL_LOG(SL_LOG_DEBUG, cat, __VA_ARGS__)
#define LOG_INFO(cat, ...) SL_LOG(SL_LOG_INFO, cat, __VA_ARGS__)
#define LOG_WARN(cat, ...) SL_LOG(SL_LOG_WARN, cat, __VA_ARGS__)
#define LOG_ERROR(cat, ...) SL_LOG(SL_LOG_ERROR, cat, __VA_ARGS__)

#endif
