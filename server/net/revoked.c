#include "revoked.h"

#include <stdlib.h>
#include <string.h>

/* The index where serial is or would go. */
static size_t position(const revoked_set *s, const char *serial, bool *found)
{
    size_t lo = 0, hi = s->n;
    *found = false;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(s->serial[mid], serial);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

bool revoked_add(revoked_set *s, const char *serial)
{
    size_t len = strlen(serial);
    if (len == 0 || len > SL_TLS_SERIAL_MAX)
        return false;
    bool found;
    size_t at = position(s, serial, &found);
    if (found)
        return true;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        void *p = realloc(s->serial, cap * sizeof *s->serial);
        if (!p)
            return false;
        s->serial = p;
        s->cap = cap;
    }
    memmove(s->serial + at + 1, s->serial + at, (s->n - at) * sizeof *s->serial);
    memcpy(s->serial[at], serial, len + 1);
    s->n++;
    return true;
}

bool revoked_contains(const revoked_set *s, const char *serial)
{
    bool found;
    position(s, serial, &found);
    return found;
}

void revoked_free(revoked_set *s)
{
    free(s->serial);
    s->serial = NULL;
    s->n = s->cap = 0;
}
