#include "student_import.h"

#include <csv.h>
#include <ctype.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define _(s) gettext(s)

/* A schema from its arrays of names and needed fields. */
#define SI_SCHEMA(names, n_fields, needed, key, date)                                              \
    {                                                                                              \
        (names), sizeof(names) / sizeof((names)[0]), (n_fields), (needed),                         \
            sizeof(needed) / sizeof((needed)[0]), (key), (date)                                    \
    }

static const si_name field_names[] = {
    {"first_name", SI_FIRST_NAME},
    {"roepnaam", SI_FIRST_NAME},
    {"voornaam", SI_FIRST_NAME},
    {"name_prefix", SI_NAME_PREFIX},
    {"prefix", SI_NAME_PREFIX},
    {"tussenvoegsel", SI_NAME_PREFIX},
    {"voorvoegsel", SI_NAME_PREFIX},
    {"last_name", SI_LAST_NAME},
    {"surname", SI_LAST_NAME},
    {"achternaam", SI_LAST_NAME},
    {"date_of_birth", SI_DATE_OF_BIRTH},
    {"dob", SI_DATE_OF_BIRTH},
    {"geboortedatum", SI_DATE_OF_BIRTH},
    {"class", SI_CLASS},
    {"klas", SI_CLASS},
    {"student_number", SI_STUDENT_NUMBER},
    {"leerlingnummer", SI_STUDENT_NUMBER},
    {"address", SI_ADDRESS},
    {"adres", SI_ADDRESS},
};

static const int student_needed[] = {SI_FIRST_NAME, SI_LAST_NAME, SI_DATE_OF_BIRTH, SI_CLASS,
                                     SI_STUDENT_NUMBER};

const si_schema si_students = {
    field_names,     sizeof field_names / sizeof field_names[0],       SI_FIELD_COUNT,
    student_needed,  sizeof student_needed / sizeof student_needed[0], SI_STUDENT_NUMBER,
    SI_DATE_OF_BIRTH};

static const si_name class_names[] = {
    {"name", SC_NAME},
    {"klas", SC_NAME},
    {"klasnaam", SC_NAME},
    {"school_year", SC_SCHOOL_YEAR},
    {"leerjaar", SC_SCHOOL_YEAR},
    {"mentor", SC_MENTOR},
    {"mentor_username", SC_MENTOR},
};
static const int class_needed[] = {SC_NAME, SC_SCHOOL_YEAR};

const si_schema si_classes = SI_SCHEMA(class_names, SC_FIELD_COUNT, class_needed, SC_NAME, -1);

static const si_name company_names[] = {
    {"name", CO_NAME},
    {"naam", CO_NAME},
    {"bedrijfsnaam", CO_NAME},
    {"registration_number", CO_KVK},
    {"kvk", CO_KVK},
    {"kvk_nummer", CO_KVK},
    {"kvknummer", CO_KVK},
    {"address", CO_ADDRESS},
    {"adres", CO_ADDRESS},
    {"postcode", CO_POSTCODE},
    {"city", CO_CITY},
    {"plaats", CO_CITY},
    {"woonplaats", CO_CITY},
    {"places", CO_PLACES},
    {"plaatsen", CO_PLACES},
    {"stageplaatsen", CO_PLACES},
    {"supervision_capacity", CO_CAPACITY},
    {"begeleiding", CO_CAPACITY},
};
static const int company_needed[] = {CO_NAME};

const si_schema si_companies = SI_SCHEMA(company_names, CO_FIELD_COUNT, company_needed, CO_KVK, -1);

static bool schema_field(const si_schema *schema, const char *name, int *out)
{
    for (size_t i = 0; i < schema->n_names; i++)
        if (!strcasecmp(name, schema->names[i].name)) {
            *out = schema->names[i].field;
            return true;
        }
    return false;
}

bool si_field_from_name(const char *name, si_field *out)
{
    int f;
    if (!schema_field(&si_students, name, &f))
        return false;
    *out = (si_field)f;
    return true;
}

const char *si_field_name(const si_schema *schema, int field)
{
    for (size_t i = 0; i < schema->n_names; i++)
        if (schema->names[i].field == field)
            return schema->names[i].name;
    return "?";
}

char si_detect_separator(const char *text, size_t len)
{
    size_t semi = 0, comma = 0;
    bool quoted = false;
    for (size_t i = 0; i < len && (quoted || (text[i] != '\n' && text[i] != '\r')); i++) {
        if (text[i] == '"')
            quoted = !quoted;
        else if (!quoted && text[i] == ';')
            semi++;
        else if (!quoted && text[i] == ',')
            comma++;
    }
    return comma > semi ? ',' : ';';
}

/* Reads 1..maxd digits at *p; -1 when there are none. */
static int read_number(const char **p, int maxd)
{
    int v = 0, d = 0;
    while (d < maxd && isdigit((unsigned char)**p)) {
        v = v * 10 + (**p - '0');
        (*p)++;
        d++;
    }
    return d ? v : -1;
}

bool si_normalise_date(const char *in, char out[11])
{
    snprintf(out, 11, "%s", in);
    const char *p = in;
    int a = read_number(&p, 4);
    if (a < 0 || !*p || !strchr("-/.", *p))
        return false;
    char sep = *p++;
    int b = read_number(&p, 2);
    if (b < 0 || *p++ != sep)
        return false;
    int c = read_number(&p, 4);
    if (c < 0 || *p)
        return false;
    bool iso = p - in == 10 && a >= 1000 && sep == '-';
    int year = iso ? a : c, day = iso ? c : a;
    if (year < 1000 || (!iso && c < 1000) || day > 31 || b > 12)
        return false;
    snprintf(out, 11, "%04d-%02d-%02d", year % 10000, b % 100, day % 100);
    return true;
}

/* libcsv's callbacks gather one record's cells here. */
typedef struct {
    char **cells;
    size_t n, cap;
    bool failed; /* out of memory */
    void (*on_record)(void *ctx, char **cells, size_t n);
    void *ctx;
} record;

static void on_cell(void *s, size_t len, void *data)
{
    record *r = data;
    if (r->failed)
        return;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        char **c = realloc(r->cells, cap * sizeof *c);
        if (!c) {
            r->failed = true;
            return;
        }
        r->cells = c;
        r->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        r->failed = true;
        return;
    }
    if (len)
        memcpy(copy, s, len);
    copy[len] = '\0';
    r->cells[r->n++] = copy;
}

static void on_end(int c, void *data)
{
    (void)c;
    record *r = data;
    if (!r->failed)
        r->on_record(r->ctx, r->cells, r->n);
    for (size_t i = 0; i < r->n; i++)
        free(r->cells[i]);
    r->n = 0;
}

typedef struct {
    si_file *f;
    char **header;
    size_t n_header;
    unsigned records;
    bool failed;
} reading;

static void keep_header(reading *rd, char **cells, size_t n)
{
    rd->header = calloc(n ? n : 1, sizeof *rd->header);
    if (!rd->header) {
        rd->failed = true;
        return;
    }
    rd->n_header = n;
    for (size_t i = 0; i < n; i++) {
        rd->header[i] = cells[i];
        cells[i] = NULL;
    }
}

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    size_t lead = strspn(s, " \t");
    memmove(s, s + lead, n - lead + 1);
}

static void fill_row(const reading *rd, si_row *row, char **cells, size_t n)
{
    bool any = false;
    const si_schema *schema = rd->f->schema;
    for (int fi = 0; fi < schema->n_fields; fi++) {
        int col = rd->f->column[fi];
        const char *v = col >= 0 && (size_t)col < n && cells[col] ? cells[col] : "";
        if (strlen(v) > SI_CELL_MAX && !row->problem) {
            row->problem = SI_CELL_TOO_LONG;
            row->problem_field = fi;
            v = "";
        }
        row->cell[fi] = strdup(v);
        if (row->cell[fi])
            trim(row->cell[fi]);
        any = any || (row->cell[fi] && row->cell[fi][0]);
    }
    if (!any && !row->problem)
        row->problem = SI_EMPTY_ROW;
    char date[11];
    int df = schema->date_field;
    if (df >= 0 && row->cell[df] && si_normalise_date(row->cell[df], date)) {
        free(row->cell[df]);
        row->cell[df] = strdup(date);
    }
}

static void on_record(void *ctx, char **cells, size_t n)
{
    reading *rd = ctx;
    if (rd->failed)
        return;
    rd->records++;
    if (!rd->header) {
        keep_header(rd, cells, n);
        return;
    }
    si_file *f = rd->f;
    si_row *rows = realloc(f->rows, (f->n_rows + 1) * sizeof *rows);
    if (!rows) {
        rd->failed = true;
        return;
    }
    f->rows = rows;
    si_row *row = &rows[f->n_rows++];
    memset(row, 0, sizeof *row);
    row->row = rd->records;
    fill_row(rd, row, cells, n);
    for (int fi = 0; fi < f->schema->n_fields; fi++)
        if (!row->cell[fi])
            rd->failed = true;
}

/* Column of the header cell named `name`, or -1. */
static int header_column(const reading *rd, const char *name)
{
    for (size_t i = 0; i < rd->n_header; i++)
        if (!strcasecmp(rd->header[i], name))
            return (int)i;
    return -1;
}

static bool map_columns(reading *rd, const char *const *maps, int n_maps, char *err, size_t errlen)
{
    si_file *f = rd->f;
    const si_schema *schema = f->schema;
    for (int fi = 0; fi < SI_MAX_FIELDS; fi++)
        f->column[fi] = -1;
    for (size_t i = 0; i < rd->n_header; i++) {
        int fi;
        trim(rd->header[i]);
        if (schema_field(schema, rd->header[i], &fi) && f->column[fi] < 0)
            f->column[fi] = (int)i;
    }
    for (int m = 0; m < n_maps; m++) {
        const char *eq = strrchr(maps[m], '=');
        int fi;
        if (!eq || eq == maps[m] || !schema_field(schema, eq + 1, &fi)) {
            snprintf(err, errlen, _("--map %s: expected COLUMN=FIELD with a known field"), maps[m]);
            return false;
        }
        char column[256];
        snprintf(column, sizeof column, "%.*s", (int)(eq - maps[m]), maps[m]);
        if ((f->column[fi] = header_column(rd, column)) < 0) {
            snprintf(err, errlen, _("--map %s: the file has no column %s"), maps[m], column);
            return false;
        }
    }
    for (size_t i = 0; i < schema->n_needed; i++)
        if (f->column[schema->needed[i]] < 0) {
            snprintf(err, errlen, _("no column for %s: name it in the header or give --map"),
                     si_field_name(schema, schema->needed[i]));
            return false;
        }
    return true;
}

/* Marks each row whose key an earlier row already has. */
static void mark_duplicates(si_file *f)
{
    int key = f->schema->key_field;
    for (size_t i = 0; key >= 0 && i < f->n_rows; i++) {
        si_row *r = &f->rows[i];
        if (r->problem || !r->cell[key][0])
            continue;
        for (size_t j = 0; j < i; j++)
            if (!f->rows[j].problem && !strcmp(f->rows[j].cell[key], r->cell[key])) {
                r->problem = SI_DUPLICATE_NUMBER;
                r->duplicate_of = f->rows[j].row;
                break;
            }
    }
}

/* Runs libcsv over the text, first over the header alone to learn the columns. */
static bool run_parser(reading *rd, const char *text, size_t len, char *err, size_t errlen)
{
    struct csv_parser p;
    if (csv_init(&p, 0) != 0) {
        snprintf(err, errlen, "%s", _("out of memory"));
        return false;
    }
    csv_set_delim(&p, (unsigned char)rd->f->separator);
    record rec = {.on_record = on_record, .ctx = rd};
    bool ok = csv_parse(&p, text, len, on_cell, on_end, &rec) == len &&
              csv_fini(&p, on_cell, on_end, &rec) == 0;
    if (!ok)
        snprintf(err, errlen, _("the file is not readable as CSV: %s"),
                 csv_strerror(csv_error(&p)));
    else if (rec.failed || rd->failed) {
        ok = false;
        snprintf(err, errlen, "%s", _("out of memory"));
    }
    for (size_t i = 0; i < rec.n; i++)
        free(rec.cells[i]);
    free(rec.cells);
    csv_free(&p);
    return ok;
}

bool si_parse(const char *text, size_t len, char separator, const char *const *maps, int n_maps,
              si_file *out, char *err, size_t errlen)
{
    return si_parse_as(&si_students, text, len, separator, maps, n_maps, out, err, errlen);
}

bool si_parse_as(const si_schema *schema, const char *text, size_t len, char separator,
                 const char *const *maps, int n_maps, si_file *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->schema = schema;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
        text += 3;
        len -= 3;
    }
    out->separator = separator ? separator : si_detect_separator(text, len);
    /* The header first, so the columns are known before the first data row is filled. */
    size_t header_len = 0;
    bool quoted = false;
    while (header_len < len && (quoted || (text[header_len] != '\n'))) {
        if (text[header_len] == '"')
            quoted = !quoted;
        header_len++;
    }
    reading rd = {.f = out};
    bool ok = run_parser(&rd, text, header_len, err, errlen);
    if (ok && !rd.header) {
        snprintf(err, errlen, "%s", _("the file is empty: the first line must name the columns"));
        ok = false;
    }
    if (ok)
        ok = map_columns(&rd, maps, n_maps, err, errlen);
    if (ok) {
        rd.records = 1;
        ok = run_parser(&rd, text + header_len, len - header_len, err, errlen);
    }
    for (size_t i = 0; i < rd.n_header; i++)
        free(rd.header[i]);
    free(rd.header);
    if (!ok) {
        si_free(out);
        return false;
    }
    mark_duplicates(out);
    return true;
}

void si_free(si_file *f)
{
    for (size_t i = 0; i < f->n_rows; i++)
        for (int fi = 0; fi < SI_MAX_FIELDS; fi++)
            free(f->rows[i].cell[fi]);
    free(f->rows);
    f->rows = NULL;
    f->n_rows = 0;
}
