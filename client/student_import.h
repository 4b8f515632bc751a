/* Reading the student CSV a school's records system exports, for `stagelijn-admin import
 * students`. The parsing is libcsv's (RFC 4180 with quotes, embedded separators and line
 * ends); this module adds what those exports need around it: a UTF-8 byte-order mark, the
 * separator (semicolon or comma) detected from the header line, the header's column names
 * mapped to the fields, dates as Dutch records write them, and checks that need the whole
 * file (a student number twice). Nothing here talks to the server. */
#ifndef SL_STUDENT_IMPORT_H
#define SL_STUDENT_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    SI_FIRST_NAME,
    SI_NAME_PREFIX, /* tussenvoegsel */
    SI_LAST_NAME,
    SI_DATE_OF_BIRTH,
    SI_CLASS,
    SI_STUDENT_NUMBER,
    SI_ADDRESS,
    SI_FIELD_COUNT
} si_field;

/* Longest cell the client sends (bytes); a longer one refuses its row here. */
#define SI_CELL_MAX 4096

/* Why the client refused a row before sending it. */
typedef enum { SI_OK = 0, SI_CELL_TOO_LONG, SI_DUPLICATE_NUMBER, SI_EMPTY_ROW } si_problem;

typedef struct {
    char *cell[SI_FIELD_COUNT]; /* owned; never NULL ("" for a missing cell) */
    unsigned row;               /* the record's number in the file, the header being 1 */
    si_problem problem;
    si_field problem_field; /* for SI_CELL_TOO_LONG */
    unsigned duplicate_of;  /* for SI_DUPLICATE_NUMBER: the earlier row */
} si_row;

typedef struct {
    si_row *rows; /* owned */
    size_t n_rows;
    char separator;
    int column[SI_FIELD_COUNT]; /* header column of each field, -1 when absent */
} si_file;

/* The field a name stands for: the English field names ("first_name", "name_prefix",
 * "last_name", "date_of_birth", "class", "student_number", "address") and the Dutch column
 * names records systems use ("roepnaam", "voornaam", "tussenvoegsel", "achternaam",
 * "geboortedatum", "klas", "leerlingnummer", "adres"), case-insensitive. */
bool si_field_from_name(const char *name, si_field *out);

/* The separator of a CSV whose first line is `text`: ';' or ',', whichever occurs more
 * often outside quotes on the first line (';' on a tie). */
char si_detect_separator(const char *text, size_t len);

/* "DD-MM-YYYY", "D-M-YYYY", "DD/MM/YYYY", "DD.MM.YYYY" or "YYYY-MM-DD" as YYYY-MM-DD in
 * out[11]; false (out = a copy of the input, cut) for anything else. Whether the date exists
 * is for the server to say. */
bool si_normalise_date(const char *in, char out[11]);

/* Parses a whole file's text. separator 0 = detect. maps: n_maps "COLUMN=field" specs that
 * name the header column of a field (overriding the recognised names). Fills out (free it
 * with si_free). Returns false with a message in err for a file that cannot be read as a
 * student list (no header, a needed field without a column, a bad map, a CSV error). */
bool si_parse(const char *text, size_t len, char separator, const char *const *maps, int n_maps,
              si_file *out, char *err, size_t errlen);

void si_free(si_file *f);

#endif
