#include "admin_import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "csv.h"
#include "messages.h"
#include "output.h"
#include "student_import.h"

/* Rows per request, and the bytes of cells at which a batch is sent sooner, so a frame
 * stays well under the server's limit whatever the cells hold. */
#define BATCH_ROWS 500
#define BATCH_BYTES (256u * 1024u)
/* Largest file read (bytes): far beyond a school's few thousand students. */
#define FILE_MAX (64L * 1024 * 1024)

typedef struct import_kind import_kind;

typedef struct {
    cli_ctx *ctx;
    const import_kind *kind;
    bool dry_run;
    bool progress;
    size_t total, done, created, changed, unchanged, refused;
    struct timespec start;
} import_run;

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && size <= FILE_MAX &&
        fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)size + 1)) != NULL &&
        fread(buf, 1, (size_t)size, f) != (size_t)size) {
        free(buf);
        buf = NULL;
    }
    if (size > FILE_MAX)
        errno = EFBIG;
    fclose(f);
    *len = buf ? (size_t)size : 0;
    return buf;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void show_progress(const import_run *run, bool last)
{
    if (!run->progress)
        return;
    double s = seconds_since(&run->start);
    fputc('\r', stderr);
    fprintf(stderr, _("%zu / %zu rows, %.0f rows/s"), run->done, run->total,
            s > 0 ? (double)run->done / s : 0.0);
    if (last)
        fputc('\n', stderr);
    fflush(stderr);
}

/* A field of a row message and the file's field that fills it (SI_LINE: the row's line). */
#define SI_LINE (-1)
typedef struct {
    const char *proto; /* the row message's field name */
    int field;         /* the schema's field, or SI_LINE */
} row_map;

/* One kind of list the console imports: read with `schema`, sent as `request` (rows of
 * `row` messages filled through `map`, and dry_run) in the Envelope field `envelope_field`.
 * Described through protobuf-c's descriptors, so that one sender serves every kind. */
typedef struct import_kind {
    const si_schema *schema;
    const ProtobufCMessageDescriptor *row, *request;
    const char *envelope_field;
    const row_map *map;
    size_t n_map;
    const int *numbers; /* fields that must be whole numbers when given */
    size_t n_numbers;
} import_kind;

/* The row's key as the user knows it: the schema's key field, else its first field. */
static const char *row_key(const import_run *run, const si_row *r)
{
    int key = run->kind->schema->key_field;
    return key >= 0 && r->cell[key][0] ? r->cell[key] : r->cell[0];
}

/* A field of numbers that holds something else, or -1. */
static int not_a_number(const import_kind *k, const si_row *r)
{
    for (size_t i = 0; i < k->n_numbers; i++) {
        const char *v = r->cell[k->numbers[i]];
        if (v[0] && (strspn(v, "0123456789") != strlen(v) || strlen(v) > 6))
            return k->numbers[i];
    }
    return -1;
}

/* Prints a row the client refused before sending it. */
static void report_local(import_run *run, const si_row *r, int bad_number)
{
    const si_schema *schema = run->kind->schema;
    printf(_("row %u (%s): refused: "), r->row, row_key(run, r));
    if (bad_number >= 0)
        printf(_("%s is not a whole number"), si_field_name(schema, bad_number));
    else if (r->problem == SI_CELL_TOO_LONG)
        printf(_("%s is longer than %d bytes"), si_field_name(schema, r->problem_field),
               SI_CELL_MAX);
    else if (r->problem == SI_DUPLICATE_NUMBER && schema == &si_students)
        printf(_("student number %s is also on row %u"), r->cell[SI_STUDENT_NUMBER],
               r->duplicate_of);
    else if (r->problem == SI_DUPLICATE_NUMBER)
        printf(_("%s is also on row %u"), row_key(run, r), r->duplicate_of);
    else
        printf("%s", _("the row is empty"));
    putchar('\n');
    run->refused++;
}

/* The refusal's reason in the user's language, from its message code. */
static const char *reason(const Stagelijn__V1__ImportRowOutcome *o, char *buf, size_t n)
{
    const sl_message *m = sl_message_find(o->message_code);
    if (!m)
        return o->message;
    return sl_message_render(gettext(m->format), (const char *const *)o->params, o->n_params, buf,
                             n);
}

static void report_outcome(import_run *run, const Stagelijn__V1__ImportRowOutcome *o)
{
    char buf[512];
    const char *key = o->key && o->key[0] ? o->key : o->student_number;
    switch (o->action) {
    case STAGELIJN__V1__IMPORT_ROW_OUTCOME__ACTION__CREATED:
        run->created++;
        printf(run->dry_run ? _("row %u (%s): would be created\n") : _("row %u (%s): created\n"),
               o->line, key);
        break;
    case STAGELIJN__V1__IMPORT_ROW_OUTCOME__ACTION__CHANGED:
        run->changed++;
        printf(run->dry_run ? _("row %u (%s): would change:") : _("row %u (%s): changed:"), o->line,
               key);
        for (size_t i = 0; i < o->n_changed_fields; i++)
            printf(" %s", o->changed_fields[i]);
        putchar('\n');
        break;
    case STAGELIJN__V1__IMPORT_ROW_OUTCOME__ACTION__UNCHANGED:
        run->unchanged++;
        break;
    default:
        run->refused++;
        printf(_("row %u (%s): refused: %s\n"), o->line, key, reason(o, buf, sizeof buf));
        break;
    }
}

/* Sends one import request of n rows; prints its outcomes. Returns 0 or the exit code of a
 * failed request. */
static int call_import(import_run *run, sl_envelope *req, size_t n)
{
    sl_envelope *rep;
    int code;
    if (cli_call(run->ctx, req, &rep, &code) != SL_OK)
        return code;
    Stagelijn__V1__ImportRowOutcome **outcomes = NULL;
    size_t n_outcomes = 0;
    if (rep->import_students_reply) {
        outcomes = rep->import_students_reply->outcomes;
        n_outcomes = rep->import_students_reply->n_outcomes;
    } else if (rep->import_records_reply) {
        outcomes = rep->import_records_reply->outcomes;
        n_outcomes = rep->import_records_reply->n_outcomes;
    } else {
        sl_envelope_free(rep);
        return cli_fail(run->ctx, EXIT_REFUSED, "%s", _("unexpected reply"));
    }
    for (size_t i = 0; i < n_outcomes; i++)
        report_outcome(run, outcomes[i]);
    sl_envelope_free(rep);
    run->done += n;
    show_progress(run, false);
    return 0;
}

/* Allocates n messages and their pointer array at once; NULL when out of memory. */
static void **batch_messages(size_t n, size_t size)
{
    void **ptrs = calloc(1, n * (sizeof *ptrs + size));
    for (size_t i = 0; ptrs && i < n; i++)
        ptrs[i] = (char *)(ptrs + n) + i * size;
    return ptrs;
}

/* The address of field `name` in msg (of descriptor d), and its descriptor; NULL when the
 * message has no such field (a mistake in a kind's map). */
static void *field_at(void *msg, const ProtobufCMessageDescriptor *d, const char *name,
                      const ProtobufCFieldDescriptor **f)
{
    *f = protobuf_c_message_descriptor_get_field_by_name(d, name);
    return *f ? (char *)msg + (*f)->offset : NULL;
}

/* Fills one row message from the file's row: texts as they are, numbers parsed (not_a_number
 * passed them; empty is 0). False for a map that does not fit the message. */
static bool fill_row(const import_kind *k, void *msg, const si_row *r)
{
    protobuf_c_message_init(k->row, msg);
    for (size_t i = 0; i < k->n_map; i++) {
        const ProtobufCFieldDescriptor *f;
        void *at = field_at(msg, k->row, k->map[i].proto, &f);
        int fi = k->map[i].field;
        if (!at)
            return false;
        if (f->type == PROTOBUF_C_TYPE_STRING && fi >= 0)
            *(char **)at = r->cell[fi];
        else if (f->type == PROTOBUF_C_TYPE_UINT32)
            *(uint32_t *)at = fi == SI_LINE ? r->row : (uint32_t)strtoul(r->cell[fi], NULL, 10);
        else
            return false;
    }
    return true;
}

/* The request of a batch: rows and dry_run set in body, body put in req's oneof. */
static bool wrap_request(const import_kind *k, void *body, void **rows, size_t n, bool dry_run,
                         sl_envelope *req)
{
    const ProtobufCFieldDescriptor *fr, *fd, *fe;
    void *at_rows = field_at(body, k->request, "rows", &fr),
         *at_dry = field_at(body, k->request, "dry_run", &fd),
         *at_body = field_at(req, &stagelijn__v1__envelope__descriptor, k->envelope_field, &fe);
    if (!at_rows || !at_dry || !at_body)
        return false;
    *(size_t *)((char *)body + fr->quantifier_offset) = n;
    *(void ***)at_rows = rows;
    *(protobuf_c_boolean *)at_dry = dry_run;
    *(uint32_t *)((char *)req + fe->quantifier_offset) = fe->id; /* the oneof's case */
    *(void **)at_body = body;
    return true;
}

/* Sends rows[0..n) as one request of the run's kind; 0 or the exit code of a failed request. */
static int send_batch(import_run *run, si_row *const *rows, size_t n)
{
    const import_kind *k = run->kind;
    void **m = batch_messages(n, k->row->sizeof_message);
    void *body = calloc(1, k->request->sizeof_message);
    int code = 0;
    if (!m || !body)
        code = cli_fail(run->ctx, EXIT_REFUSED, "%s", _("out of memory"));
    bool ok = true;
    for (size_t i = 0; !code && ok && i < n; i++)
        ok = fill_row(k, m[i], rows[i]);
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    if (!code && body)
        protobuf_c_message_init(k->request, body);
    if (!code && (!ok || !wrap_request(k, body, m, n, run->dry_run, &req)))
        code = cli_fail(run->ctx, EXIT_REFUSED, "%s", _("internal error: import map"));
    if (!code)
        code = call_import(run, &req, n);
    free(m);
    free(body);
    return code;
}

static const row_map student_map[] = {
    {"line", SI_LINE},
    {"student_number", SI_STUDENT_NUMBER},
    {"first_name", SI_FIRST_NAME},
    {"name_prefix", SI_NAME_PREFIX},
    {"last_name", SI_LAST_NAME},
    {"date_of_birth", SI_DATE_OF_BIRTH},
    {"class_name", SI_CLASS},
    {"address", SI_ADDRESS},
};
static const row_map class_map[] = {
    {"line", SI_LINE}, {"name", SC_NAME}, {"school_year", SC_SCHOOL_YEAR}, {"mentor", SC_MENTOR}};
static const row_map company_map[] = {
    {"line", SI_LINE},
    {"name", CO_NAME},
    {"registration_number", CO_KVK},
    {"address", CO_ADDRESS},
    {"postcode", CO_POSTCODE},
    {"city", CO_CITY},
    {"places", CO_PLACES},
    {"supervision_capacity", CO_CAPACITY},
};
static const int class_numbers[] = {SC_SCHOOL_YEAR};
static const int company_numbers[] = {CO_PLACES, CO_CAPACITY};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
static const import_kind students_kind = {&si_students,
                                          &stagelijn__v1__import_student_row__descriptor,
                                          &stagelijn__v1__import_students_request__descriptor,
                                          "import_students",
                                          student_map,
                                          N_OF(student_map),
                                          NULL,
                                          0};
static const import_kind classes_kind = {&si_classes,
                                         &stagelijn__v1__import_class_row__descriptor,
                                         &stagelijn__v1__import_classes_request__descriptor,
                                         "import_classes",
                                         class_map,
                                         N_OF(class_map),
                                         class_numbers,
                                         N_OF(class_numbers)};
static const import_kind companies_kind = {&si_companies,
                                           &stagelijn__v1__import_company_row__descriptor,
                                           &stagelijn__v1__import_companies_request__descriptor,
                                           "import_companies",
                                           company_map,
                                           N_OF(company_map),
                                           company_numbers,
                                           N_OF(company_numbers)};

static size_t row_bytes(const si_row *r)
{
    size_t n = 64;
    for (int fi = 0; fi < SI_MAX_FIELDS; fi++)
        n += r->cell[fi] ? strlen(r->cell[fi]) : 0;
    return n;
}

/* Sends every row without a local problem, in batches. */
static int send_rows(import_run *run, const si_file *f)
{
    si_row **batch = calloc(BATCH_ROWS, sizeof *batch);
    if (!batch)
        return cli_fail(run->ctx, EXIT_REFUSED, "%s", _("out of memory"));
    size_t n = 0, bytes = 0;
    int code = 0;
    for (size_t i = 0; i < f->n_rows && !code; i++) {
        si_row *r = &f->rows[i];
        int bad = not_a_number(run->kind, r);
        if (r->problem || bad >= 0) {
            report_local(run, r, bad);
            run->done++;
            continue;
        }
        batch[n++] = r;
        bytes += row_bytes(r);
        if (n == BATCH_ROWS || bytes >= BATCH_BYTES) {
            code = send_batch(run, batch, n);
            n = bytes = 0;
        }
    }
    if (!code && n)
        code = send_batch(run, batch, n);
    free(batch);
    return code;
}

/* The import command of one kind of list: read, map, send, report. */
static int import_list(cli_ctx *ctx, const cli_args *a, const import_kind *kind)
{
    const char *path, *sep = cli_arg(a, "separator");
    if (!cli_need(ctx, a, "file", &path))
        return EXIT_USAGE;
    if (sep && strcmp(sep, ";") != 0 && strcmp(sep, ",") != 0)
        return cli_usage_error(ctx, "%s", _("--separator is ';' or ','"));
    const char *maps[32];
    int n_maps = cli_arg_all(a, "map", maps, 32);
    size_t len;
    char *text = read_file(path, &len);
    if (!text)
        return cli_fail(ctx, EXIT_USAGE, _("cannot read %s: %s"), path, strerror(errno));
    si_file f;
    char err[512];
    bool ok =
        si_parse_as(kind->schema, text, len, sep ? sep[0] : 0, maps, n_maps, &f, err, sizeof err);
    free(text);
    if (!ok)
        return cli_fail(ctx, EXIT_USAGE, "%s: %s", path, err);
    import_run run = {
        .ctx = ctx, .kind = kind, .dry_run = cli_flag(a, "dry-run"), .total = f.n_rows};
    run.progress = isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &run.start);
    int code = send_rows(&run, &f);
    si_free(&f);
    show_progress(&run, true);
    if (code)
        return code;
    printf(run.dry_run ? _("dry run, nothing stored: %zu rows: %zu to create, %zu to change, "
                           "%zu unchanged, %zu refused\n")
                       : _("%zu rows: %zu created, %zu changed, %zu unchanged, %zu refused\n"),
           run.total, run.created, run.changed, run.unchanged, run.refused);
    return run.refused ? EXIT_REFUSED : 0;
}

int admin_import_students(cli_ctx *ctx, const cli_args *a)
{
    return import_list(ctx, a, &students_kind);
}

int admin_import_classes(cli_ctx *ctx, const cli_args *a)
{
    return import_list(ctx, a, &classes_kind);
}

int admin_import_companies(cli_ctx *ctx, const cli_args *a)
{
    return import_list(ctx, a, &companies_kind);
}

/* ---------------------------------------------------------------- exports */

/* One export: the header's columns, the rows of the server's reply, what a row is called. */
typedef struct export_kind {
    const char *const *columns;
    size_t n_columns;
    /* Writes the reply's rows (not the header) through w, counting them in *rows and setting
     * *cut when the server's list was cut; 0 or the exit status of a failed call (the file
     * then holds the rows before it). */
    int (*write)(cli_ctx *ctx, const struct export_kind *k, const sl_envelope *rep, csv_writer *w,
                 size_t *rows, bool *cut);
    const char *what; /* "students", for the message */
    const void *arg;  /* the kind's own (the per-placement rows) */
} export_kind;

/* The one export: asks `req`, writes the CSV to --file (or stdout) in --csv-dialect, says how
 * many rows it wrote. Exit EXIT_USAGE when the file cannot be written, EXIT_REFUSED (after
 * writing) when the server's list was cut. */
static int export_to_file(cli_ctx *ctx, const cli_args *a, sl_envelope *req, const export_kind *k)
{
    csv_dialect dialect = CSV_RFC4180;
    const char *d = cli_arg(a, "csv-dialect"), *path = cli_arg(a, "file");
    if (d && !csv_dialect_parse(d, &dialect))
        return cli_usage_error(ctx, "%s", _("--csv-dialect is rfc4180 or excel-nl"));
    sl_envelope *rep;
    int code;
    if (cli_call(ctx, req, &rep, &code) != SL_OK)
        return code;
    FILE *f = path ? fopen(path, "wb") : stdout;
    if (!f) {
        int e = errno;
        sl_envelope_free(rep);
        return cli_fail(ctx, EXIT_USAGE, _("cannot write %s: %s"), path, strerror(e));
    }
    csv_writer w;
    csv_begin(&w, f, dialect);
    for (size_t i = 0; i < k->n_columns; i++)
        csv_text(&w, k->columns[i]);
    csv_end_row(&w);
    size_t n = 0;
    bool cut = false;
    int status = k->write(ctx, k, rep, &w, &n, &cut);
    bool ok = csv_finish(&w);
    int e = errno;
    if (f != stdout && fclose(f) != 0 && ok) {
        ok = false;
        e = errno;
    }
    sl_envelope_free(rep);
    if (status != 0)
        return status; /* the failed call said why */
    if (!ok)
        return cli_fail(ctx, EXIT_USAGE, _("cannot write %s: %s"), path ? path : "-", strerror(e));
    if (cut)
        fprintf(stderr,
                _("the list was cut at %zu %s: export it in parts (--class, --student, "
                  "--company)\n"),
                n, k->what);
    if (path)
        fprintf(stderr, _("%zu %s written to %s\n"), n, k->what, path);
    return cut ? EXIT_REFUSED : 0;
}

static int write_students(cli_ctx *ctx, const export_kind *k, const sl_envelope *rep, csv_writer *w,
                          size_t *rows, bool *cut)
{
    (void)k;
    const Stagelijn__V1__ListStudentsReply *l = rep->list_students_reply;
    if (!l)
        return cli_fail(ctx, EXIT_REFUSED, "%s", _("unexpected reply"));
    for (size_t i = 0; i < l->n_students; i++) {
        const Stagelijn__V1__Student *s = l->students[i];
        csv_text(w, s->id);
        csv_text(w, s->student_number);
        csv_text(w, s->first_name);
        csv_text(w, s->name_prefix);
        csv_text(w, s->last_name);
        csv_text(w, s->full_name);
        csv_text(w, s->class_name);
        csv_integer(w, s->school_year);
        csv_text(w, s->date_of_birth);
        csv_text(w, s->address);
        csv_end_row(w);
    }
    *rows = l->n_students;
    *cut = l->cut;
    return 0;
}

int admin_export_students(cli_ctx *ctx, const cli_args *a)
{
    /* The columns in this order (docs/import-export.md): the id for programs, then what
     * people read. */
    static const char *const cols[] = {
        "id",   "student_number", "first_name",  "name_prefix",   "last_name",
        "name", "class",          "school_year", "date_of_birth", "address"};
    const export_kind k = {cols, sizeof cols / sizeof cols[0], write_students, _("students"), NULL};
    Stagelijn__V1__ListStudentsRequest ls = STAGELIJN__V1__LIST_STUDENTS_REQUEST__INIT;
    ls.class_id = (char *)(cli_arg(a, "class") ? cli_arg(a, "class") : "");
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_STUDENTS;
    req.list_students = &ls;
    return export_to_file(ctx, a, &req, &k);
}

static int write_placements(cli_ctx *ctx, const export_kind *k, const sl_envelope *rep,
                            csv_writer *w, size_t *rows, bool *cut)
{
    (void)k;
    (void)cut;
    const Stagelijn__V1__ListPlacementsReply *l = rep->list_placements_reply;
    char kind[64], status[64];
    if (!l)
        return cli_fail(ctx, EXIT_REFUSED, "%s", _("unexpected reply"));
    for (size_t i = 0; i < l->n_placements; i++) {
        const Stagelijn__V1__Placement *p = l->placements[i];
        csv_text(w, p->id);
        csv_text(w, p->student_name);
        csv_text(w, p->company_name);
        csv_text(w, p->supervisor_name);
        csv_text(w, p->coach_name);
        /* The short English codes, as --json gives them: stable for spreadsheets. */
        csv_text(w, output_enum_name(&stagelijn__v1__placement_kind__descriptor, (int)p->kind, kind,
                                     sizeof kind));
        csv_text(w, output_enum_name(&stagelijn__v1__placement_status__descriptor, (int)p->status,
                                     status, sizeof status));
        csv_text(w, p->start_date);
        csv_text(w, p->end_date);
        csv_integer(w, p->sector);
        csv_end_row(w);
    }
    *rows = l->n_placements;
    return 0;
}

/* The placements the export is about (--student, --company): the request for them. */
static void placements_request(const cli_args *a, Stagelijn__V1__ListPlacementsRequest *lp,
                               sl_envelope *req)
{
    stagelijn__v1__list_placements_request__init(lp);
    lp->student_id = (char *)(cli_arg(a, "student") ? cli_arg(a, "student") : "");
    lp->company_id = (char *)(cli_arg(a, "company") ? cli_arg(a, "company") : "");
    req->body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_PLACEMENTS;
    req->list_placements = lp;
}

int admin_export_placements(cli_ctx *ctx, const cli_args *a)
{
    /* The columns in this order (docs/import-export.md). */
    static const char *const cols[] = {"id",   "student", "company",    "supervisor", "coach",
                                       "kind", "status",  "start_date", "end_date",   "sector"};
    const export_kind k = {cols, sizeof cols / sizeof cols[0], write_placements, _("placements"),
                           NULL};
    Stagelijn__V1__ListPlacementsRequest lp;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    placements_request(a, &lp, &req);
    return export_to_file(ctx, a, &req, &k);
}

/* ---------------------------------------------------------------- per-placement exports */

/* Writes the rows of one placement; returns 0 or the exit status of a failed call. */
typedef int (*placement_rows_fn)(cli_ctx *ctx, const Stagelijn__V1__Placement *p, csv_writer *w,
                                 size_t *rows);

static int hours_rows(cli_ctx *ctx, const Stagelijn__V1__Placement *p, csv_writer *w, size_t *rows)
{
    Stagelijn__V1__ListAgendaWeeksRequest lw = STAGELIJN__V1__LIST_AGENDA_WEEKS_REQUEST__INIT;
    lw.placement_id = p->id;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_AGENDA_WEEKS;
    req.list_agenda_weeks = &lw;
    int code;
    if (cli_call(ctx, &req, &rep, &code) != SL_OK)
        return code;
    const Stagelijn__V1__ListAgendaWeeksReply *l = rep->list_agenda_weeks_reply;
    for (size_t i = 0; l && i < l->n_weeks; i++) {
        const Stagelijn__V1__AgendaWeek *wk = l->weeks[i];
        for (size_t j = 0; j < wk->n_days; j++) {
            const Stagelijn__V1__AgendaDay *d = wk->days[j];
            char hm[16];
            snprintf(hm, sizeof hm, "%u:%02u", d->minutes_worked / 60, d->minutes_worked % 60);
            csv_text(w, p->student_name);
            csv_text(w, p->company_name);
            csv_text(w, wk->week_start);
            csv_text(w, d->date);
            csv_text(w, hm);
            csv_text(w, d->tasks);
            csv_text(w, wk->signed_by_supervisor ? "yes" : "no");
            csv_text(w, wk->signed_off_by_coach ? "yes" : "no");
            csv_end_row(w);
            (*rows)++;
        }
    }
    sl_envelope_free(rep);
    return 0;
}

static int visits_rows(cli_ctx *ctx, const Stagelijn__V1__Placement *p, csv_writer *w, size_t *rows)
{
    Stagelijn__V1__ListVisitsRequest lv = STAGELIJN__V1__LIST_VISITS_REQUEST__INIT;
    lv.placement_id = p->id;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_VISITS;
    req.list_visits = &lv;
    int code;
    if (cli_call(ctx, &req, &rep, &code) != SL_OK)
        return code;
    const Stagelijn__V1__ListVisitsReply *l = rep->list_visits_reply;
    for (size_t i = 0; l && i < l->n_visits; i++) {
        const Stagelijn__V1__Visit *v = l->visits[i];
        char present[512] = "";
        for (size_t k = 0; k < v->n_present; k++) {
            size_t used = strlen(present);
            snprintf(present + used, sizeof present - used, "%s%s", k ? "; " : "", v->present[k]);
        }
        csv_text(w, p->student_name);
        csv_text(w, p->company_name);
        csv_text(w, v->date);
        csv_text(w, v->coach_name);
        csv_text(w, present);
        csv_text(w, v->notes);
        csv_text(w, v->actions);
        csv_end_row(w);
        (*rows)++;
    }
    sl_envelope_free(rep);
    return 0;
}

/* The listed placements' rows, placement by placement, through the kind's placement_rows_fn. */
static int write_per_placement(cli_ctx *ctx, const export_kind *k, const sl_envelope *rep,
                               csv_writer *w, size_t *rows, bool *cut)
{
    (void)cut;
    const Stagelijn__V1__ListPlacementsReply *l = rep->list_placements_reply;
    placement_rows_fn fn = *(const placement_rows_fn *)k->arg;
    int status = 0;
    for (size_t i = 0; l && status == 0 && i < l->n_placements; i++)
        status = fn(ctx, l->placements[i], w, rows);
    return status;
}

int admin_export_hours(cli_ctx *ctx, const cli_args *a)
{
    static const char *const cols[] = {
        "student", "company", "week_start",           "date",
        "hours",   "tasks",   "signed_by_supervisor", "signed_off_by_coach"};
    static const placement_rows_fn fn = hours_rows;
    const export_kind k = {cols, sizeof cols / sizeof cols[0], write_per_placement,
                           _("agenda days"), &fn};
    Stagelijn__V1__ListPlacementsRequest lp;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    placements_request(a, &lp, &req);
    return export_to_file(ctx, a, &req, &k);
}

int admin_export_visits(cli_ctx *ctx, const cli_args *a)
{
    static const char *const cols[] = {"student", "company", "date",   "coach",
                                       "present", "notes",   "actions"};
    static const placement_rows_fn fn = visits_rows;
    const export_kind k = {cols, sizeof cols / sizeof cols[0], write_per_placement, _("visits"),
                           &fn};
    Stagelijn__V1__ListPlacementsRequest lp;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    placements_request(a, &lp, &req);
    return export_to_file(ctx, a, &req, &k);
}
