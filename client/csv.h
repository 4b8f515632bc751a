/* The one CSV writer of the client programs: every export (today the outflow report) is
 * written through it, so quoting, formula neutralising and the spreadsheet dialect are the
 * same everywhere.
 *
 * - RFC 4180: a field holding the separator, a double quote, CR or LF is quoted and its
 *   quotes doubled; rows end in CRLF.
 * - Text cells that a spreadsheet would run as a formula (first character =, +, -, @, TAB or
 *   CR) get a leading apostrophe, so a destination "=HYPERLINK(...)" stays text.
 * - Dialect "rfc4180": comma, no byte-order mark. Dialect "excel-nl": what Excel with Dutch
 *   regional settings opens as columns with the right letters: a UTF-8 byte-order mark and
 *   semicolons. */
#ifndef SL_CSV_H
#define SL_CSV_H

#include <stdbool.h>
#include <stdio.h>

typedef enum { CSV_RFC4180, CSV_EXCEL_NL } csv_dialect;

typedef struct {
    FILE *out; /* the caller's; not closed here */
    char separator;
    bool row_started;
    bool failed; /* a write to out failed */
} csv_writer;

/* Parses a dialect name ("rfc4180", "excel-nl"); false for anything else. */
bool csv_dialect_parse(const char *name, csv_dialect *out);

/* Starts a CSV on `out` (writing the byte-order mark for excel-nl). */
void csv_begin(csv_writer *w, FILE *out, csv_dialect dialect);
/* A text cell (NULL = empty): neutralised and quoted as needed. */
void csv_text(csv_writer *w, const char *s);
/* A number cell: never neutralised (a negative number stays a number). */
void csv_integer(csv_writer *w, long long v);
/* Ends the current row with CRLF. */
void csv_end_row(csv_writer *w);
/* Flushes; true when every write succeeded. */
bool csv_finish(csv_writer *w);

/* The text of one cell as csv_text writes it, for tests and callers that build rows
 * themselves. Returns the length needed (without the NUL), like snprintf. */
size_t csv_cell(const char *s, char separator, char *out, size_t outlen);

#endif
