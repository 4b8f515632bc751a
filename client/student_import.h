/* Reading the CSV a school's records system exports, for `stagelijn-admin import students`,
 * `import classes` and `import companies` (one reader; each list is a schema of fields). The
 * parsing is libcsv's (RFC 4180 with quotes, embedded separators and line ends); this module adds
 * what those exports need around it: a UTF-8 byte-order mark, the separator (semicolon or comma)
 * detected from the header line, the header's column names mapped to the fields, dates as Dutch
 * records write them, and checks that need the whole file (a student number twice). Nothing here
 * talks to the server. */
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

/* Most fields any schema has. */
#define SI_MAX_FIELDS 12

/* A column name and the field it stands for. */
typedef struct {
    const char *name;
    int field;
} si_name;

/* What one kind of list holds. The first name of each field in `names` is its English name,
 * the one messages and --map use first. */
typedef struct {
    const si_name *names;
    size_t n_names;
    int n_fields;      /* at most SI_MAX_FIELDS */
    const int *needed; /* fields whose column must be there */
    size_t n_needed;
    int key_field;  /* a value twice in the file refuses the later row; -1: no such check */
    int date_field; /* normalised by si_normalise_date; -1: none */
} si_schema;

/* The student list: si_field's fields. */
extern const si_schema si_students;

/* The class list (`import classes`): a class's name (the key), its school year (leerjaar
 * 2..6) and its mentor's username. Column names: name/klas/klasnaam, school_year/leerjaar,
 * mentor/mentor_username. */
typedef enum { SC_NAME, SC_SCHOOL_YEAR, SC_MENTOR, SC_FIELD_COUNT } sc_field;
extern const si_schema si_classes;

/* The company list (`import companies`). Column names: name/naam/bedrijfsnaam,
 * registration_number/kvk/kvk_nummer/kvknummer, address/adres, postcode, city/plaats/
 * woonplaats, places/plaatsen/stageplaatsen, supervision_capacity/begeleiding. The file's own
 * duplicate check is on the KvK number; the server also compares name and postcode. */
typedef enum {
    CO_NAME,
    CO_KVK,
    CO_ADDRESS,
    CO_POSTCODE,
    CO_CITY,
    CO_PLACES,
    CO_CAPACITY,
    CO_FIELD_COUNT
} co_field;
extern const si_schema si_companies;

/* Longest cell the client sends (bytes); a longer one refuses its row here. */
#define SI_CELL_MAX 4096

/* Why the client refused a row before sending it. */
typedef enum { SI_OK = 0, SI_CELL_TOO_LONG, SI_DUPLICATE_NUMBER, SI_EMPTY_ROW } si_problem;

typedef struct {
    char *cell[SI_MAX_FIELDS]; /* owned; never NULL ("" for a missing cell) below n_fields */
    unsigned row;              /* the record's number in the file, the header being 1 */
    si_problem problem;
    int problem_field;     /* for SI_CELL_TOO_LONG: the schema's field */
    unsigned duplicate_of; /* for SI_DUPLICATE_NUMBER: the earlier row */
} si_row;

typedef struct {
    si_row *rows; /* owned */
    size_t n_rows;
    char separator;
    const si_schema *schema;
    int column[SI_MAX_FIELDS]; /* header column of each field, -1 when absent */
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

/* Parses a whole student list's text (si_parse_as with si_students). separator 0 = detect. maps:
 * n_maps "COLUMN=field" specs that name the header column of a field (overriding the recognised
 * names). Fills out (free it with si_free). Returns false with a message in err for a file that
 * cannot be read as a student list (no header, a needed field without a column, a bad map, a CSV
 * error). */
bool si_parse(const char *text, size_t len, char separator, const char *const *maps, int n_maps,
              si_file *out, char *err, size_t errlen);

/* si_parse for the list `schema` describes. */
bool si_parse_as(const si_schema *schema, const char *text, size_t len, char separator,
                 const char *const *maps, int n_maps, si_file *out, char *err, size_t errlen);

/* The English name of a schema's field ("?" for none). */
const char *si_field_name(const si_schema *schema, int field);

void si_free(si_file *f);

#endif
