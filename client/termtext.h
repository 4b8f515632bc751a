/* Text from the server shown safely: whatever a user typed (a student's reflection, a company
 * name) may hold terminal escape sequences or broken UTF-8, and the clients print it on other
 * people's terminals and in JSON for scripts. Every string a client prints goes through here
 * (human output) or through output_json_string (JSON), which uses the same UTF-8 decoder. */
#ifndef SL_TERMTEXT_H
#define SL_TERMTEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define TERMTEXT_REPLACEMENT 0xFFFDu

/* Decodes one UTF-8 sequence at s (at most `avail` bytes, avail >= 1). Returns the number of
 * bytes it covers and the code point in *cp; an invalid, overlong, surrogate or truncated
 * sequence covers 1 byte and yields TERMTEXT_REPLACEMENT. */
size_t termtext_utf8_next(const unsigned char *s, size_t avail, uint32_t *cp);

/* Whether a code point is a control a terminal may act on: C0 (newline and tab excepted),
 * DEL and C1 (U+0080..U+009F). */
int termtext_is_control(uint32_t cp);

/* Copies `in` (NULL = "") into out for a terminal: controls shown as \xHH (C0, DEL) or
 * \uHHHH (C1), invalid UTF-8 as U+FFFD; newline and tab kept. Always NUL-terminates when
 * outlen > 0, cutting only between whole characters. Returns the length the whole escaped
 * text needs (without the NUL), like snprintf. */
size_t termtext_escape(const char *in, char *out, size_t outlen);

/* termtext_escape straight to a stream. */
void termtext_fputs(const char *s, FILE *out);

#endif
