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

/* One row in its own savepoint: released when stored, rolled back when refused, failed or a
 * dry run. */
static sl_status import_one(request *r, const Stagelijn__V1__ImportStudentsRequest *req, size_t i,
                            outcome *o)
{
    const Stagelijn__V1__ImportStudentRow *row = req->rows[i];
    o->line = row->line;
    o->student_number = sl_arena_strdup(r->arena, row->student_number);
    if (!row_valid(r, row, o))
        return SL_OK;
    uint32_t dup = earlier_duplicate(req, i);
    if (dup) {
        refuse(r, o, MSG_IMPORT_DUPLICATE_NUMBER, row->student_number, (long)dup);
        return SL_OK;
    }
    sl_status st = store_exec(r->st, NULL, "SAVEPOINT import_row", SB_NONE);
    if (st != SL_OK)
        return st;
    st = store_row_data(r, row, o);
    bool keep = st == SL_OK && !req->dry_run &&
                o->action != STAGELIJN__V1__IMPORT_ROW_OUTCOME__ACTION__REFUSED;
    if (!keep) {
        sl_status rb = store_exec(r->st, NULL, "ROLLBACK TO import_row", SB_NONE);
        if (st == SL_OK)
            st = rb;
    }
    sl_status rel = store_exec(r->st, NULL, "RELEASE import_row", SB_NONE);
    return st != SL_OK ? st : rel;
}

sl_status handle_import_students(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__ImportStudentsRequest *req = in->import_students;
    Stagelijn__V1__ImportStudentsReply *rep =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__ImportStudentsReply);
    stagelijn__v1__import_students_reply__init(rep);
    rep->outcomes = SL_ARENA_ARRAY(r->arena, outcome *, req->n_rows ? req->n_rows : 1);
    size_t created = 0, changed = 0, refused = 0;
    for (size_t i = 0; i < req->n_rows; i++) {
        outcome *o = SL_ARENA_NEW(r->arena, outcome);
        stagelijn__v1__import_row_outcome__init(o);
        sl_status st = import_one(r, req, i, o);
        if (st != SL_OK)
            return req_fail_code(r, st, MSG_DATABASE_ERROR);
        created += o->action == STAGELIJN__V1__IMPORT_ROW_OUTCOME__ACTION__CREATED;
        changed += o->action == STAGELIJN__V1__IMPORT_ROW_OUTCOME__ACTION__CHANGED;
        refused += o->action == STAGELIJN__V1__IMPORT_ROW_OUTCOME__ACTION__REFUSED;
        rep->outcomes[rep->n_outcomes++] = o;
    }
    char details[160];
    snprintf(details, sizeof details, "%s rows=%zu created=%zu changed=%zu refused=%zu",
             req->dry_run ? "dry-run" : "run", req->n_rows, created, changed, refused);
    sl_status st = req_audit(r, "student.import.batch", "student", "", details);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_IMPORT_STUDENTS_REPLY;
    out->import_students_reply = rep;
    return SL_OK;
}
