#include "messages.h"

#include <stdio.h>
#include <string.h>

static const sl_message messages[] = {
    {MSG_LOG_IN_FIRST, ""},
    {MSG_SESSION_ENDED, ""},
    {MSG_CHANGE_ONE_TIME_PASSWORD, ""},
    {MSG_SERVER_STOPPING, ""},
    {MSG_DATABASE_UNAVAILABLE, ""},
    {MSG_CHANGE_NOT_STORED, ""},
    {MSG_DATABASE_ERROR, ""},
    {MSG_OUT_OF_MEMORY, ""},
    {MSG_UNKNOWN_REQUEST, ""},
    {MSG_REPLY_TOO_LARGE, ""},
    {MSG_FIELD_REQUIRED, ""},
    {MSG_FIELD_TOO_LONG, ""},
    {MSG_INVALID_ID, ""},
    {MSG_DATE_FIELD_FORMAT, ""},
    {MSG_WEEK_START_MONDAY, ""},
    {MSG_ROLE_MAY_NOT, "role,"},
    {MSG_KIOSK_OWN_COMPANY, ""},
    {MSG_NO_SUCH_STUDENT, ""},
    {MSG_NO_SUCH_PLACEMENT, ""},
    {MSG_NO_SUCH_CLASS, ""},
    {MSG_NO_SUCH_AGENDA_WEEK, ""},
    {MSG_NO_SUCH_COMPANY, ""},
    {MSG_NO_SUCH_COACH, ""},
    {MSG_NO_SUCH_PARTNER, ""},
    {MSG_NO_SUCH_GROUP_SESSION, ""},
    {MSG_NO_SUCH_COMPANY_VISIT, ""},
    {MSG_NO_SUCH_SCHOOL_YEAR, ""},
    {MSG_NO_SUCH_SUBSCRIPTION, ""},
    {MSG_NO_SUCH_ASSIGNMENT, ""},
    {MSG_NO_SUCH_EXAM_SESSION, ""},
    {MSG_STUDENT_VANISHED, ""},
    {MSG_PLACEMENT_VANISHED, ""},
    {MSG_USER_VANISHED, ""},
    {MSG_CANNOT_HASH_PASSWORD, ""},
    {MSG_WRONG_PASSWORD, ""},
    {MSG_TOO_MANY_FAILED_LOGINS, ""},
    {MSG_TOO_MANY_LOGINS, ""},
    {MSG_NEW_PASSWORD_TOO_SHORT, ""},
    {MSG_PASSWORD_TOO_SHORT, ""},
    {MSG_CURRENT_PASSWORD_WRONG, ""},
    {MSG_NEW_PASSWORD_SAME, ""},
    {MSG_PROTOCOL_VERSION, ""},
    {MSG_SUBSCRIPTION_NOT_YOURS, ""},
    {MSG_USERNAME_TAKEN, ""},
    {MSG_USERNAME_FORMAT, ""},
    {MSG_ONLY_SUPERVISORS_COMPANY, ""},
    {MSG_SCHOOL_YEAR_RANGE, ""},
    {MSG_MENTOR_NOT_MENTOR, ""},
    {MSG_CLASS_NAME_TAKEN, ""},
    {MSG_DATE_OF_BIRTH_PAST, ""},
    {MSG_SECTORS_RANGE, ""},
    {MSG_COHORT_FORMAT, ""},
    {MSG_PLACEMENT_NOT_RUNNING, ""},
    {MSG_PLACEMENT_ENDED, ""},
    {MSG_DROPOUT_DATE, ""},
    {MSG_SCHEDULE_BREAKS_LAW, ""},
    {MSG_HOURS_BREAK_LAW, ""},
    {MSG_SCHEDULE_NEEDS_DAY, ""},
    {MSG_SCHEDULE_WEEKDAY, ""},
    {MSG_SCHEDULE_TIMES, ""},
    {MSG_SCHEDULE_END_AFTER_START, ""},
    {MSG_END_BEFORE_START, ""},
    {MSG_SUPERVISOR_NOT_OF_COMPANY, ""},
    {MSG_WORK_NOT_ALLOWED_AT_AGE, ""},
    {MSG_SCHOOL_WEEK_TOO_MUCH, ""},
    {MSG_ENTREE_RECOGNISED_COMPANY, ""},
    {MSG_CONTRACT_BEFORE_START, ""},
    {MSG_PLACEMENT_ALREADY, "placement_status"},
    {MSG_ONLY_ACTIVE_COMPLETED, "placement_status"},
    {MSG_CONTRACT_LOCKED, "placement_status"},
    {MSG_SUPERVISOR_COMPANY_SIGNATURE, ""},
    {MSG_PARTY_VALUES, ""},
    {MSG_NO_CONTRACT_TO_SIGN, ""},
    {MSG_NO_CONTRACT_TO_PRINT, ""},
    {MSG_CONTRACT_INCOMPLETE, ""},
    {MSG_NO_PARENT_SIGNATURE_ADULT, ""},
    {MSG_WEEK_SIGNED, ""},
    {MSG_WEEK_SIGNED_ALREADY, ""},
    {MSG_WEEK_NOT_SIGNED_BY_SUPERVISOR, ""},
    {MSG_WEEK_SIGNED_OFF_ALREADY, ""},
    {MSG_WEEK_SIGNED_OFF, ""},
    {MSG_VISIT_AFTER, ""},
    {MSG_KIND_INTERIM_END, ""},
    {MSG_VERDICT_VALUES, ""},
    {MSG_END_NEEDS_VERDICT, ""},
};

const sl_message *sl_messages(size_t *count)
{
    *count = sizeof messages / sizeof messages[0];
    return messages;
}

const sl_message *sl_message_find(const char *code)
{
    if (!code || !code[0])
        return NULL;
    for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++)
        if (strcmp(messages[i].code, code) == 0)
            return &messages[i];
    return NULL;
}

/* One conversion of a printf format, starting after its '%'. */
typedef struct {
    int position;  /* from "N$", 0 when not positional */
    int precision; /* from ".N", -1 when none */
    int length;    /* 0 none, 1 l, 2 ll, 3 z, 4 h or hh */
    char conv;     /* d i u s f; 0 when not supported */
} conversion;

static conversion parse_conversion(const char *p)
{
    conversion c = {0, -1, 0, 0};
    const char *s = p;
    int n = 0;
    while (*s >= '0' && *s <= '9')
        n = n * 10 + (*s++ - '0');
    if (*s == '$' && n > 0) {
        c.position = n;
        p = s + 1;
    }
    s = p;
    s += strspn(s, "-+ #0");
    s += strspn(s, "0123456789");
    c.precision = -1;
    if (*s == '.') {
        s++;
        c.precision = 0;
        while (*s >= '0' && *s <= '9')
            c.precision = c.precision * 10 + (*s++ - '0');
    }
    if (s[0] == 'l' && s[1] == 'l')
        c.length = 2, s += 2;
    else if (s[0] == 'l')
        c.length = 1, s++;
    else if (s[0] == 'z')
        c.length = 3, s++;
    else if (s[0] == 'h')
        c.length = 4, s += s[1] == 'h' ? 2 : 1;
    char conv = *s;
    bool ok = (conv == 'd' || conv == 'i') ? c.length != 3
              : conv == 'u'                ? true
              : conv == 's'                ? c.length == 0
              : conv == 'f'                ? c.length == 0
                                           : false;
    c.conv = ok ? conv : 0;
    return c;
}

/* Bytes from just after a '%' to just after its conversion letter. */
static size_t conversion_span(const char *p)
{
    const char *s = p + strspn(p, "0123456789$-+ #.lzh");
    return (size_t)(s - p) + (*s ? 1 : 0);
}

int sl_message_param_count(const char *format)
{
    int n = 0;
    for (const char *p = format; p && (p = strchr(p, '%')) != NULL;) {
        p++;
        if (*p == '%') {
            p++;
            continue;
        }
        if (!parse_conversion(p).conv)
            return -1;
        n++;
        p += conversion_span(p);
    }
    return n;
}

int sl_message_params(const char *format, va_list ap, char params[][SL_MESSAGE_PARAM_LEN])
{
    int n = 0;
    for (const char *p = format; p && (p = strchr(p, '%')) != NULL;) {
        p++;
        if (*p == '%') {
            p++;
            continue;
        }
        conversion c = parse_conversion(p);
        if (!c.conv || c.position || n >= SL_MESSAGE_MAX_PARAMS)
            return -1;
        char *out = params[n++];
        /* Flags and width are not kept: a parameter is a value, the rendering lays it out. */
        if (c.conv == 's') {
            const char *v = va_arg(ap, const char *);
            snprintf(out, SL_MESSAGE_PARAM_LEN, "%.*s",
                     c.precision >= 0 ? c.precision : SL_MESSAGE_PARAM_LEN, v ? v : "");
        } else if (c.conv == 'f') {
            snprintf(out, SL_MESSAGE_PARAM_LEN, "%.*f", c.precision >= 0 ? c.precision : 6,
                     va_arg(ap, double));
        } else if (c.conv == 'u') {
            unsigned long long v = c.length == 1   ? va_arg(ap, unsigned long)
                                   : c.length == 2 ? va_arg(ap, unsigned long long)
                                   : c.length == 3 ? va_arg(ap, size_t)
                                                   : va_arg(ap, unsigned);
            snprintf(out, SL_MESSAGE_PARAM_LEN, "%llu", v);
        } else {
            long long v = c.length == 1   ? va_arg(ap, long)
                          : c.length == 2 ? va_arg(ap, long long)
                                          : va_arg(ap, int);
            snprintf(out, SL_MESSAGE_PARAM_LEN, "%lld", v);
        }
        p += conversion_span(p);
    }
    return n;
}

static void append(char *out, size_t outlen, size_t *len, const char *s, size_t n)
{
    while (n-- > 0 && *s && *len + 1 < outlen)
        out[(*len)++] = *s++;
    out[*len] = '\0';
}

char *sl_message_render(const char *format, const char *const *params, size_t n_params, char *out,
                        size_t outlen)
{
    size_t len = 0, next = 0;
    if (outlen == 0)
        return out;
    out[0] = '\0';
    for (const char *p = format ? format : ""; *p;) {
        const char *pct = strchr(p, '%');
        if (!pct) {
            append(out, outlen, &len, p, strlen(p));
            break;
        }
        append(out, outlen, &len, p, (size_t)(pct - p));
        p = pct + 1;
        if (*p == '%') {
            append(out, outlen, &len, "%", 1);
            p++;
            continue;
        }
        conversion c = parse_conversion(p);
        size_t i = c.position ? (size_t)c.position - 1 : next++;
        const char *v = i < n_params && params[i] ? params[i] : "?";
        append(out, outlen, &len, v, strlen(v));
        p += conversion_span(p);
    }
    return out;
}
