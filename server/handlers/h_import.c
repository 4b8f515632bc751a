/* Import of students from the school's records system (issue 10). The client reads the CSV and
 * sends its rows in batches; here each row is checked and stored on its own, matched on the
 * student number, so that a second run of the same file changes nothing.
 *
 * Choices (docs/import-export.md): a class that does not exist is refused, not created (the
 * records system does not say which school year or mentor a class has); a bad row is refused
 * whole and the good rows are stored; a dry run does every check and every write in a
 * savepoint that it rolls back, so its report is exactly what the real run would do. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "handlers.h"
#include "messages.h"
#include "timeutil.h"

typedef Stagelijn__V1__ImportRowOutcome outcome;

/* Refuses a row: the outcome gets the message code, its parameters and the English text.
 * Never fails the request. */
static void refuse(request *r, outcome *o, const char *code, const char *fmt, ...)
{
    char params[SL_MESSAGE_MAX_PARAMS][SL_MESSAGE_PARAM_LEN];
    char text[512];
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    vsnprintf(text, sizeof text, fmt, ap);
    int n = sl_message_params(fmt, ap2, params);
    va_end(ap2);
    va_end(ap);
    o->action = STAGELIJN__V1__IMPORT_ROW_OUTCOME__ACTION__REFUSED;
    o->message_code = sl_arena_strdup(r->arena, code);
    o->message = sl_arena_strdup(r->arena, text);
    o->n_params = n > 0 ? (size_t)n : 0;
    o->params = SL_ARENA_ARRAY(r->arena, char *, o->n_params ? o->n_params : 1);
    for (size_t i = 0; i < o->n_params; i++)
        o->params[i] = sl_arena_strdup(r->arena, params[i]);
}

/* Whether refuse() has been called on o (its action is REFUSED until another is set, too). */
static bool refused(const outcome *o)
{
    return o->message_code && o->message_code[0];
}

/* The checks that need no database: required fields, lengths, the date. */
static bool row_valid(request *r, const Stagelijn__V1__ImportStudentRow *row, outcome *o)
{
    static const char *const required[] = {"student_number", "first_name", "last_name",
                                           "date_of_birth", "class_name"};
    const char *values[] = {row->student_number, row->first_name, row->last_name,
                            row->date_of_birth, row->class_name};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!values[i] || !values[i][0]) {
            refuse(r, o, MSG_FIELD_REQUIRED, required[i]);
            return false;
        }
    const char *names[] = {"student_number", "first_name", "name_prefix",
                           "last_name",      "class_name", "address"};
    const char *texts[] = {row->student_number, row->first_name, row->name_prefix,
                           row->last_name,      row->class_name, row->address};
    long max = r->srv->cfg.max_string_bytes;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (texts[i] && strlen(texts[i]) > (size_t)max) {
            refuse(r, o, MSG_FIELD_TOO_LONG, names[i], max);
            return false;
        }
    sl_date dob;
    if (!sl_date_parse(row->date_of_birth, &dob)) {
        refuse(r, o, MSG_DATE_FIELD_FORMAT, "date_of_birth");
        return false;
    }
    if (sl_date_compare(dob, r->today) >= 0) {
        refuse(r, o, MSG_DATE_OF_BIRTH_PAST);
        return false;
    }
    return true;
}

/* Adds the name of each field that differs from the stored row to o->changed_fields. */
static void note_changes(request *r, sqlite3_stmt *q, const Stagelijn__V1__ImportStudentRow *row,
                         const char *class_id, outcome *o)
{
    static const char *const fields[] = {"first_name",    "name_prefix", "last_name",
                                         "date_of_birth", "class",       "address"};
    const char *wanted[] = {row->first_name,    row->name_prefix, row->last_name,
                            row->date_of_birth, class_id,         row->address};
    o->changed_fields = SL_ARENA_ARRAY(r->arena, char *, 6);
    o->n_changed_fields = 0;
    for (int i = 0; i < 6; i++) {
        const char *have = store_col(q, i + 1);
        if (strcmp(have ? have : "", wanted[i] ? wanted[i] : "") != 0)
            o->changed_fields[o->n_changed_fields++] = (char *)fields[i];
    }
}

/* Stores one checked row: inserts a new student or updates the one with this number. */
static sl_status store_row_data(request *r, const Stagelijn__V1__ImportStudentRow *row, outcome *o)
{
    sqlite3_stmt *q = store_query(r->st, "SELECT id, school_year FROM classes WHERE name = ?1",
                                  SB(row->class_name));
    sl_status st = store_row(q);
    if (st == SL_ENOTFOUND) {
        refuse(r, o, MSG_IMPORT_NO_SUCH_CLASS, row->class_name);
        return SL_OK;
    }
    if (st != SL_OK)
        return st;
    char class_id[64];
    snprintf(class_id, sizeof class_id, "%s", store_col(q, 0));
    int year = sqlite3_column_int(q, 1);
    store_stmt_done(q);

    q = store_query(r->st,
                    "SELECT id, first_name, name_prefix, last_name, date_of_birth, class_id, "
                    "address FROM students WHERE student_number = ?1",
                    SB(row->student_number));
    st = store_row(q);
    if (st == SL_ENOTFOUND) {
        sl_id id = sl_id_new();
        st = store_exec(r->st, NULL,
                        "INSERT INTO students (id, first_name, name_prefix, last_name, class_id, "
                        "school_year, date_of_birth, address, student_number, created_at) "
                        "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
                        SB(id.s), SB(row->first_name), SB(row->name_prefix), SB(row->last_name),
                        SB(class_id), SB(year), SB(row->date_of_birth), SB(row->address),
                        SB(row->student_number), SB(r->now));
        if (st == SL_OK)
            st = req_audit(r, "student.import", "student", id.s, "created");
        o->action = STAGELIJN__V1__IMPORT_ROW_OUTCOME__ACTION__CREATED;
        o->student_id = sl_arena_strdup(r->arena, id.s);
        return st;
    }
    if (st != SL_OK)
        return st;
    o->student_id = sl_arena_strdup(r->arena, store_col(q, 0));
    note_changes(r, q, row, class_id, o);
    store_stmt_done(q);
    if (!o->n_changed_fields) {
        o->action = STAGELIJN__V1__IMPORT_ROW_OUTCOME__ACTION__UNCHANGED;
        return SL_OK;
    }
    /* The school year follows the class only when the class changes: a year set by hand
     * for a student in a mixed class is kept otherwise. */
    st =
        store_exec(r->st, NULL,
                   "UPDATE students SET first_name = ?2, name_prefix = ?3, last_name = ?4, "
                   "date_of_birth = ?5, address = ?7, school_year = CASE WHEN class_id = ?6 "
                   "THEN school_year ELSE ?8 END, class_id = ?6 WHERE id = ?1",
                   SB(o->student_id), SB(row->first_name), SB(row->name_prefix), SB(row->last_name),
                   SB(row->date_of_birth), SB(class_id), SB(row->address), SB(year));
    if (st == SL_OK)
        st = req_audit(r, "student.import", "student", o->student_id, "changed");
    o->action = STAGELIJN__V1__IMPORT_ROW_OUTCOME__ACTION__CHANGED;
    return st;
}

/* The line of an earlier row of this batch with the same student number, or 0. */
static uint32_t earlier_duplicate(const Stagelijn__V1__ImportStudentsRequest *req, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (!strcmp(req->rows[j]->student_number, req->rows[i]->student_number))
            return req->rows[j]->line;
    return 0;
}

/* One kind of row the import takes: students, classes or companies. */
typedef struct {
    const char *audit_op; /* "student.import", written per stored row and for the batch */
    const char *target_type;
    /* The checks that need no database, and an earlier row of the batch with the same key;
     * false with o refused. */
    bool (*check)(request *r, const void *req, size_t i, outcome *o);
    /* Matches and stores a checked row, filling o; a refusal found in the store is SL_OK with
     * o refused. */
    sl_status (*store)(request *r, const void *req, size_t i, outcome *o);
} import_kind;

/* One row in its own savepoint: released when stored, rolled back when refused, failed or a
 * dry run. */
static sl_status import_one(request *r, const import_kind *k, const void *req, size_t i,
                            bool dry_run, outcome *o)
{
    if (!k->check(r, req, i, o))
        return SL_OK;
    sl_status st = store_exec(r->st, NULL, "SAVEPOINT import_row", SB_NONE);
    if (st != SL_OK)
        return st;
    st = k->store(r, req, i, o);
    bool keep =
        st == SL_OK && !dry_run && o->action != STAGELIJN__V1__IMPORT_ROW_OUTCOME__ACTION__REFUSED;
    if (!keep) {
        sl_status rb = store_exec(r->st, NULL, "ROLLBACK TO import_row", SB_NONE);
        if (st == SL_OK)
            st = rb;
    }
    sl_status rel = store_exec(r->st, NULL, "RELEASE import_row", SB_NONE);
    return st != SL_OK ? st : rel;
}

/* Every row of a batch through import_one, and the batch's audit line. Fills *outcomes (arena)
 * with n_rows outcomes; an error of the store fails the whole request. */
static sl_status import_batch(request *r, const import_kind *k, const void *req, size_t n_rows,
                              bool dry_run, outcome ***outcomes)
{
    *outcomes = SL_ARENA_ARRAY(r->arena, outcome *, n_rows ? n_rows : 1);
    size_t created = 0, changed = 0, refused = 0;
    for (size_t i = 0; i < n_rows; i++) {
        outcome *o = SL_ARENA_NEW(r->arena, outcome);
        stagelijn__v1__import_row_outcome__init(o);
        sl_status st = import_one(r, k, req, i, dry_run, o);
        if (st != SL_OK)
            return st;
        created += o->action == STAGELIJN__V1__IMPORT_ROW_OUTCOME__ACTION__CREATED;
        changed += o->action == STAGELIJN__V1__IMPORT_ROW_OUTCOME__ACTION__CHANGED;
        refused += o->action == STAGELIJN__V1__IMPORT_ROW_OUTCOME__ACTION__REFUSED;
        (*outcomes)[i] = o;
    }
    char details[160], op[64];
    snprintf(details, sizeof details, "%s rows=%zu created=%zu changed=%zu refused=%zu",
             dry_run ? "dry-run" : "run", n_rows, created, changed, refused);
    snprintf(op, sizeof op, "%s.batch", k->audit_op);
    return req_audit(r, op, k->target_type, "", details);
}

static bool student_check(request *r, const void *req_, size_t i, outcome *o)
{
    const Stagelijn__V1__ImportStudentsRequest *req = req_;
    const Stagelijn__V1__ImportStudentRow *row = req->rows[i];
    o->line = row->line;
    o->student_number = sl_arena_strdup(r->arena, row->student_number);
    if (!row_valid(r, row, o))
        return false;
    uint32_t dup = earlier_duplicate(req, i);
    if (dup) {
        refuse(r, o, MSG_IMPORT_DUPLICATE_NUMBER, row->student_number, (long)dup);
        return false;
    }
    return true;
}

static sl_status student_store(request *r, const void *req, size_t i, outcome *o)
{
    return store_row_data(r, ((const Stagelijn__V1__ImportStudentsRequest *)req)->rows[i], o);
}

static const import_kind student_kind = {"student.import", "student", student_check, student_store};

sl_status handle_import_students(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__ImportStudentsRequest *req = in->import_students;
    Stagelijn__V1__ImportStudentsReply *rep =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__ImportStudentsReply);
    stagelijn__v1__import_students_reply__init(rep);
    sl_status st = import_batch(r, &student_kind, req, req->n_rows, req->dry_run, &rep->outcomes);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    rep->n_outcomes = req->n_rows;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_IMPORT_STUDENTS_REPLY;
    out->import_students_reply = rep;
    return SL_OK;
}

/* ---------------------------------------------------------------- classes and companies */

/* Fills the outcome's line and key, and refuses a text field longer than the server takes. */
static bool texts_fit(request *r, outcome *o, const char *const *names, const char *const *texts,
                      size_t n)
{
    long max = r->srv->cfg.max_string_bytes;
    for (size_t i = 0; i < n; i++)
        if (texts[i] && strlen(texts[i]) > (size_t)max) {
            refuse(r, o, MSG_FIELD_TOO_LONG, names[i], max);
            return false;
        }
    return true;
}

static bool class_check(request *r, const void *req_, size_t i, outcome *o)
{
    const Stagelijn__V1__ImportClassesRequest *req = req_;
    const Stagelijn__V1__ImportClassRow *row = req->rows[i];
    o->line = row->line;
    o->key = sl_arena_strdup(r->arena, row->name);
    const char *names[] = {"name", "mentor"}, *texts[] = {row->name, row->mentor};
    if (!row->name || !row->name[0]) {
        refuse(r, o, MSG_FIELD_REQUIRED, "name");
        return false;
    }
    if (!texts_fit(r, o, names, texts, 2))
        return false;
    if (row->school_year < 2 || row->school_year > 6) {
        refuse(r, o, MSG_SCHOOL_YEAR_RANGE);
        return false;
    }
    for (size_t j = 0; j < i; j++)
        if (!strcmp(req->rows[j]->name, row->name)) {
            refuse(r, o, MSG_IMPORT_DUPLICATE_KEY, row->name, (long)req->rows[j]->line);
            return false;
        }
    return true;
}

/* The id of the mentor with this username into id[37] ("" for no username); false with o
 * refused when there is no such mentor. */
static sl_status class_mentor(request *r, const char *username, char id[37], outcome *o)
{
    id[0] = '\0';
    if (!username || !username[0])
        return SL_OK;
    sqlite3_stmt *q = store_query(r->st, "SELECT id FROM users WHERE username = ?1 AND role = ?2",
                                  SB(username), SB(role_name(ROLE_MENTOR)));
    sl_status st = store_row(q);
    if (st == SL_ENOTFOUND) {
        refuse(r, o, MSG_IMPORT_NO_SUCH_MENTOR, username);
        return SL_OK;
    }
    if (st != SL_OK)
        return st;
    snprintf(id, 37, "%s", store_col(q, 0));
    store_stmt_done(q);
    return SL_OK;
}

static sl_status class_store(request *r, const void *req, size_t i, outcome *o)
{
    const Stagelijn__V1__ImportClassRow *row =
        ((const Stagelijn__V1__ImportClassesRequest *)req)->rows[i];
    char mentor[37];
    sl_status st = class_mentor(r, row->mentor, mentor, o);
    if (st != SL_OK || refused(o))
        return st;
    sqlite3_stmt *q = store_query(
        r->st, "SELECT id, school_year, coalesce(mentor_id, '') FROM classes WHERE name = ?1",
        SB(row->name));
    st = store_row(q);
    if (st == SL_ENOTFOUND) {
        sl_id id = sl_id_new();
        o->action = STAGELIJN__V1__IMPORT_ROW_OUTCOME__ACTION__CREATED;
        o->record_id = sl_arena_strdup(r->arena, id.s);
        st = store_exec(r->st, NULL,
                        "INSERT INTO classes (id, name, school_year, mentor_id) "
                        "VALUES (?1,?2,?3,?4)",
                        SB(id.s), SB(row->name), SB((int)row->school_year),
                        SB(mentor[0] ? mentor : NULL));
        return st == SL_OK ? req_audit(r, "class.import", "class", id.s, "created") : st;
    }
    if (st != SL_OK)
        return st;
    o->record_id = sl_arena_strdup(r->arena, store_col(q, 0));
    o->changed_fields = SL_ARENA_ARRAY(r->arena, char *, 2);
    if ((uint32_t)sqlite3_column_int(q, 1) != row->school_year)
        o->changed_fields[o->n_changed_fields++] = "school_year";
    if (strcmp(store_col(q, 2), mentor) != 0)
        o->changed_fields[o->n_changed_fields++] = "mentor";
    store_stmt_done(q);
    o->action = o->n_changed_fields ? STAGELIJN__V1__IMPORT_ROW_OUTCOME__ACTION__CHANGED
                                    : STAGELIJN__V1__IMPORT_ROW_OUTCOME__ACTION__UNCHANGED;
    if (!o->n_changed_fields)
        return SL_OK;
    st =
        store_exec(r->st, NULL, "UPDATE classes SET school_year = ?2, mentor_id = ?3 WHERE id = ?1",
                   SB(o->record_id), SB((int)row->school_year), SB(mentor[0] ? mentor : NULL));
    return st == SL_OK ? req_audit(r, "class.import", "class", o->record_id, "changed") : st;
}

static const import_kind class_kind = {"class.import", "class", class_check, class_store};

/* The outcomes of a batch of classes or companies as import_records_reply. */
static sl_status import_records(request *r, const import_kind *k, const void *req, size_t n_rows,
                                bool dry_run, sl_envelope *out)
{
    Stagelijn__V1__ImportRecordsReply *rep =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__ImportRecordsReply);
    stagelijn__v1__import_records_reply__init(rep);
    sl_status st = import_batch(r, k, req, n_rows, dry_run, &rep->outcomes);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    rep->n_outcomes = n_rows;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_IMPORT_RECORDS_REPLY;
    out->import_records_reply = rep;
    return SL_OK;
}

sl_status handle_import_classes(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__ImportClassesRequest *req = in->import_classes;
    return import_records(r, &class_kind, req, req->n_rows, req->dry_run, out);
}

/* "1234 AB" from "1234ab", "1234 ab" or "1234 AB" into out[8]; false for anything else. */
static bool normalise_postcode(const char *in, char out[8])
{
    char c[8];
    size_t n = 0;
    for (const char *p = in; *p; p++) {
        if (*p == ' ')
            continue;
        if (n == 6)
            return false;
        c[n++] = *p;
    }
    if (n != 6 || c[0] == '0')
        return false;
    for (int i = 0; i < 4; i++)
        if (c[i] < '0' || c[i] > '9')
            return false;
    for (int i = 4; i < 6; i++) {
        c[i] = (char)(c[i] >= 'a' && c[i] <= 'z' ? c[i] - 'a' + 'A' : c[i]);
        if (c[i] < 'A' || c[i] > 'Z')
            return false;
    }
    snprintf(out, 8, "%.4s %.2s", c, c + 4);
    return true;
}

static bool kvk_valid(const char *kvk)
{
    size_t n = strlen(kvk);
    return n == 8 && strspn(kvk, "0123456789") == 8;
}

/* The row's key as the client shows it and the batch compares, into key[n]: the KvK number,
 * or "name, postcode" (folded: the name in ASCII lower case, for the comparison). */
static void company_key(const Stagelijn__V1__ImportCompanyRow *row, bool folded, char *key,
                        size_t n)
{
    char pc[8];
    if (row->registration_number[0]) {
        snprintf(key, n, "%s", row->registration_number);
        return;
    }
    if (!normalise_postcode(row->postcode, pc))
        snprintf(pc, sizeof pc, "%s", "?");
    snprintf(key, n, "%s, %s", row->name, pc);
    for (char *p = key; folded && *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
}

static bool company_fields_valid(request *r, const Stagelijn__V1__ImportCompanyRow *row, outcome *o)
{
    const char *names[] = {"name", "address", "city"},
               *texts[] = {row->name, row->address, row->city};
    char pc[8];
    if (!row->name || !row->name[0])
        refuse(r, o, MSG_FIELD_REQUIRED, "name");
    else if (!texts_fit(r, o, names, texts, 3))
        return false;
    else if (row->registration_number[0] && !kvk_valid(row->registration_number))
        refuse(r, o, MSG_IMPORT_BAD_KVK, row->registration_number);
    else if (row->postcode[0] && !normalise_postcode(row->postcode, pc))
        refuse(r, o, MSG_IMPORT_BAD_POSTCODE, row->postcode);
    else if (!row->registration_number[0] && !row->postcode[0])
        refuse(r, o, MSG_IMPORT_COMPANY_KEY);
    else if (row->places > 1000 || row->supervision_capacity > 1000)
        refuse(r, o, MSG_PLACES_CAPACITY_MAX);
    else
        return true;
    return false;
}

static bool company_check(request *r, const void *req_, size_t i, outcome *o)
{
    const Stagelijn__V1__ImportCompaniesRequest *req = req_;
    char key[1024], other[1024];
    o->line = req->rows[i]->line;
    company_key(req->rows[i], false, key, sizeof key);
    o->key = sl_arena_strdup(r->arena, key);
    if (!company_fields_valid(r, req->rows[i], o))
        return false;
    company_key(req->rows[i], true, key, sizeof key);
    for (size_t j = 0; j < i; j++) {
        company_key(req->rows[j], true, other, sizeof other);
        if (!strcmp(key, other)) {
            refuse(r, o, MSG_IMPORT_DUPLICATE_KEY, o->key, (long)req->rows[j]->line);
            return false;
        }
    }
    return true;
}

#define COMPANY_COLUMNS                                                                            \
    "SELECT id, name, registration_number, address, postcode, city, places, "                      \
    "supervision_capacity FROM companies "

/* The stored company the row names: by KvK number, else by name and postcode (a company found
 * so that has another KvK number refuses the row). *q is left on the row; SL_ENOTFOUND when
 * there is none. */
static sl_status company_match(request *r, const Stagelijn__V1__ImportCompanyRow *row,
                               const char *pc, sqlite3_stmt **q, outcome *o)
{
    sl_status st = SL_ENOTFOUND;
    if (row->registration_number[0]) {
        *q = store_query(r->st, COMPANY_COLUMNS "WHERE registration_number = ?1 LIMIT 1",
                         SB(row->registration_number));
        if ((st = store_row(*q)) != SL_ENOTFOUND)
            return st;
    }
    if (!pc[0])
        return SL_ENOTFOUND;
    *q = store_query(r->st,
                     COMPANY_COLUMNS "WHERE lower(name) = lower(?1) AND postcode = ?2 "
                                     "ORDER BY created_at, id LIMIT 1",
                     SB(row->name), SB(pc));
    if ((st = store_row(*q)) != SL_OK)
        return st;
    const char *have = store_col(*q, 2);
    if (row->registration_number[0] && have[0] && strcmp(have, row->registration_number) != 0) {
        refuse(r, o, MSG_IMPORT_KVK_CONFLICT, store_col(*q, 1), pc, have, row->registration_number);
        store_stmt_done(*q);
        return SL_OK;
    }
    return SL_OK;
}

static sl_status company_create(request *r, const Stagelijn__V1__ImportCompanyRow *row,
                                const char *pc, outcome *o)
{
    sl_id id = sl_id_new();
    o->action = STAGELIJN__V1__IMPORT_ROW_OUTCOME__ACTION__CREATED;
    o->record_id = sl_arena_strdup(r->arena, id.s);
    sl_status st = store_exec(
        r->st, NULL,
        "INSERT INTO companies (id, name, registration_number, address, postcode, city, places, "
        "supervision_capacity, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
        SB(id.s), SB(row->name), SB(row->registration_number), SB(row->address), SB(pc),
        SB(row->city), SB(row->places ? (int)row->places : 1),
        SB(row->supervision_capacity ? (int)row->supervision_capacity : 1), SB(r->now));
    return st == SL_OK ? req_audit(r, "company.import", "company", id.s, "created") : st;
}

static sl_status company_store(request *r, const void *req, size_t i, outcome *o)
{
    const Stagelijn__V1__ImportCompanyRow *row =
        ((const Stagelijn__V1__ImportCompaniesRequest *)req)->rows[i];
    char pc[8] = "";
    if (row->postcode[0])
        normalise_postcode(row->postcode, pc);
    sqlite3_stmt *q = NULL;
    sl_status st = company_match(r, row, pc, &q, o);
    if (st == SL_ENOTFOUND)
        return company_create(r, row, pc, o);
    if (st != SL_OK || refused(o))
        return st;
    o->record_id = sl_arena_strdup(r->arena, store_col(q, 0));
    /* What the row leaves empty (or 0) keeps the stored value: a records export that lacks a
     * column does not wipe what was entered by hand. */
    static const char *const fields[] = {"name", "registration_number", "address", "postcode",
                                         "city"};
    const char *wanted[] = {row->name, row->registration_number, row->address, pc, row->city};
    const char *kept[5];
    o->changed_fields = SL_ARENA_ARRAY(r->arena, char *, 7);
    for (int f = 0; f < 5; f++) {
        const char *have = store_col(q, f + 1);
        kept[f] = sl_arena_strdup(r->arena, wanted[f][0] ? wanted[f] : have);
        if (strcmp(have, kept[f]) != 0)
            o->changed_fields[o->n_changed_fields++] = (char *)fields[f];
    }
    int places = row->places ? (int)row->places : sqlite3_column_int(q, 6);
    int capacity =
        row->supervision_capacity ? (int)row->supervision_capacity : sqlite3_column_int(q, 7);
    if (places != sqlite3_column_int(q, 6))
        o->changed_fields[o->n_changed_fields++] = "places";
    if (capacity != sqlite3_column_int(q, 7))
        o->changed_fields[o->n_changed_fields++] = "supervision_capacity";
    store_stmt_done(q);
    o->action = o->n_changed_fields ? STAGELIJN__V1__IMPORT_ROW_OUTCOME__ACTION__CHANGED
                                    : STAGELIJN__V1__IMPORT_ROW_OUTCOME__ACTION__UNCHANGED;
    if (!o->n_changed_fields)
        return SL_OK;
    st = store_exec(r->st, NULL,
                    "UPDATE companies SET name = ?2, registration_number = ?3, address = ?4, "
                    "postcode = ?5, city = ?6, places = ?7, supervision_capacity = ?8 "
                    "WHERE id = ?1",
                    SB(o->record_id), SB(kept[0]), SB(kept[1]), SB(kept[2]), SB(kept[3]),
                    SB(kept[4]), SB(places), SB(capacity));
    return st == SL_OK ? req_audit(r, "company.import", "company", o->record_id, "changed") : st;
}

static const import_kind company_kind = {"company.import", "company", company_check, company_store};

sl_status handle_import_companies(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__ImportCompaniesRequest *req = in->import_companies;
    return import_records(r, &company_kind, req, req->n_rows, req->dry_run, out);
}
