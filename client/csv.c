#include "csv.h"

#include <stdlib.h>
#include <string.h>

bool csv_dialect_parse(const char *name, csv_dialect *out)
{
    if (name && !strcmp(name, "rfc4180")) {
        *out = CSV_RFC4180;
        return true;
    }
    if (name && !strcmp(name, "excel-nl")) {
        *out = CSV_EXCEL_NL;
        return true;
    }
    return false;
}

/* Whether a spreadsheet would read a cell starting with c as a formula (or, for TAB and CR,
 * trim to one that starts like that). */
static bool formula_start(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

size_t csv_cell(const char *s, char separator, char *out, size_t outlen)
{
    if (!s)
        s = "";
    bool neutralise = formula_start(s[0]);
    bool quote = strchr(s, separator) || strpbrk(s, "\"\r\n");
    size_t need = 0;
#define PUT(ch)                                                                                    \
    do {                                                                                           \
        if (out && need + 1 < outlen)                                                              \
            out[need] = (ch);                                                                      \
        need++;                                                                                    \
    } while (0)
    if (quote)
        PUT('"');
    if (neutralise)
        PUT('\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            PUT('"');
        PUT(*p);
    }
    if (quote)
        PUT('"');
#undef PUT
    if (out && outlen > 0)
        out[need < outlen ? need : outlen - 1] = '\0';
    return need;
}

static void put(csv_writer *w, const char *s, size_t n)
{
    if (n && fwrite(s, 1, n, w->out) != n)
        w->failed = true;
}

static void next_cell(csv_writer *w)
{
    if (w->row_started)
        put(w, &w->separator, 1);
    w->row_started = true;
}

void csv_begin(csv_writer *w, FILE *out, csv_dialect dialect)
{
    w->out = out;
    w->separator = dialect == CSV_EXCEL_NL ? ';' : ',';
    w->row_started = false;
    w->failed = false;
    if (dialect == CSV_EXCEL_NL)
        put(w, "\xEF\xBB\xBF", 3);
}

void csv_text(csv_writer *w, const char *s)
{
    next_cell(w);
    char small[256];
    size_t n = csv_cell(s, w->separator, small, sizeof small);
    if (n < sizeof small) {
        put(w, small, n);
        return;
    }
    char *big = malloc(n + 1);
    if (!big) {
        w->failed = true;
        return;
    }
    csv_cell(s, w->separator, big, n + 1);
    put(w, big, n);
    free(big);
}

void csv_integer(csv_writer *w, long long v)
{
    next_cell(w);
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%lld", v);
    put(w, buf, n > 0 ? (size_t)n : 0);
}

void csv_end_row(csv_writer *w)
{
    put(w, "\r\n", 2);
    w->row_started = false;
}

bool csv_finish(csv_writer *w)
{
    if (fflush(w->out) != 0 || ferror(w->out))
        w->failed = true;
    return !w->failed;
}
