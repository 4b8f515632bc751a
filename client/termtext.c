#include "termtext.h"

#include <stdbool.h>
#include <string.h>

size_t termtext_utf8_next(const unsigned char *s, size_t avail, uint32_t *cp)
{
    unsigned char b = s[0];
    size_t len;
    uint32_t v, min;
    if (b < 0x80) {
        *cp = b;
        return 1;
    } else if (b >= 0xC2 && b <= 0xDF) {
        len = 2, v = b & 0x1Fu, min = 0x80;
    } else if (b >= 0xE0 && b <= 0xEF) {
        len = 3, v = b & 0x0Fu, min = 0x800;
    } else if (b >= 0xF0 && b <= 0xF4) {
        len = 4, v = b & 0x07u, min = 0x10000;
    } else {
        *cp = TERMTEXT_REPLACEMENT;
        return 1;
    }
    if (avail < len) {
        *cp = TERMTEXT_REPLACEMENT;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = TERMTEXT_REPLACEMENT;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3Fu);
    }
    /* Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8. */
    if (v < min || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF) {
        *cp = TERMTEXT_REPLACEMENT;
        return 1;
    }
    *cp = v;
    return len;
}

int termtext_is_control(uint32_t cp)
{
    return (cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

/* One character as shown on a terminal, into buf (at least 8 bytes); returns its length. */
static size_t show_char(const unsigned char *p, size_t len, uint32_t cp, char *buf)
{
    if (cp < 0x80 && termtext_is_control(cp))
        return (size_t)snprintf(buf, 8, "\\x%02x", (unsigned)cp);
    if (termtext_is_control(cp))
        return (size_t)snprintf(buf, 8, "\\u%04x", (unsigned)cp);
    if (cp == TERMTEXT_REPLACEMENT && len == 1) {
        memcpy(buf, "\xEF\xBF\xBD", 3);
        return 3;
    }
    memcpy(buf, p, len);
    return len;
}

size_t termtext_escape(const char *in, char *out, size_t outlen)
{
    const unsigned char *p = (const unsigned char *)(in ? in : "");
    size_t left = strlen((const char *)p), need = 0, written = 0;
    bool full = false;
    while (left > 0) {
        uint32_t cp;
        size_t len = termtext_utf8_next(p, left, &cp);
        char buf[8];
        size_t n = show_char(p, len, cp, buf);
        /* Once one character does not fit, none after it goes in either. */
        if (!full && out && written + n < outlen) {
            memcpy(out + written, buf, n);
            written += n;
        } else {
            full = true;
        }
        need += n;
        p += len;
        left -= len;
    }
    if (out && outlen > 0)
        out[written] = '\0';
    return need;
}

void termtext_fputs(const char *s, FILE *out)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t left = strlen((const char *)p);
    while (left > 0) {
        uint32_t cp;
        size_t len = termtext_utf8_next(p, left, &cp);
        char buf[8];
        fwrite(buf, 1, show_char(p, len, cp, buf), out);
        p += len;
        left -= len;
    }
}
