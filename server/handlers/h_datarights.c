/* Data rights (issue 10): the right of access. The tables that hold rows about a student are
 * found from the schema itself, not from a list kept by hand, so a table added later is
 * exported without anyone remembering to: a row belongs to the student when a foreign key
 * leads from it to the student, to his/her account, or to a row that already belongs. A
 * column named student_id or placement_id counts as such a reference even where the schema
 * declares no foreign key for it. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "handlers.h"

#define DR_MAX_TABLES 160
#define DR_MAX_EDGES 640
/* Rows hang at most this many references below the student (placement, week, day ...). */
#define DR_MAX_DEPTH 5

typedef struct {
    const char *table, *column, *parent, *parent_column;
} dr_edge;

typedef struct {
    const char *names[DR_MAX_TABLES];
    const char *cond[DR_MAX_TABLES]; /* SQL condition on ?1 = student id, NULL: not his/hers */
    size_t n;
    dr_edge edges[DR_MAX_EDGES];
    size_t n_edges;
} dr_schema;

static sl_status dr_read_schema(request *r, dr_schema *s)
{
    bool row;
    sl_status st;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT name FROM sqlite_master WHERE type = 'table' AND name "
                                  "NOT LIKE 'sqlite_%' ORDER BY name",
                                  SB_NONE);
    while ((st = store_next(q, &row)) == SL_OK && row) {
        if (s->n == DR_MAX_TABLES) {
            store_stmt_done(q);
            return SL_EINTERNAL;
        }
        s->names[s->n++] = sl_arena_strdup(r->arena, store_col(q, 0));
    }
    if (st != SL_OK)
        return st;
    for (size_t t = 0; t < s->n; t++) {
        q = store_query(r->st,
                        "SELECT \"from\", \"table\", COALESCE(\"to\", 'id') FROM "
                        "pragma_foreign_key_list(?1) UNION SELECT name, CASE name WHEN "
                        "'student_id' THEN 'students' ELSE 'placements' END, 'id' FROM "
                        "pragma_table_info(?1) WHERE name IN ('student_id', 'placement_id')",
                        SB(s->names[t]));
        while ((st = store_next(q, &row)) == SL_OK && row) {
            if (s->n_edges == DR_MAX_EDGES) {
                store_stmt_done(q);
                return SL_EINTERNAL;
            }
            dr_edge *e = &s->edges[s->n_edges++];
            e->table = s->names[t];
            e->column = sl_arena_strdup(r->arena, store_col(q, 0));
            e->parent = sl_arena_strdup(r->arena, store_col(q, 1));
            e->parent_column = sl_arena_strdup(r->arena, store_col(q, 2));
        }
        if (st != SL_OK)
            return st;
    }
    return SL_OK;
}

static const char *dr_cond_of(const dr_schema *s, const char *const *cond, const char *table)
{
    for (size_t t = 0; t < s->n; t++)
        if (strcmp(s->names[t], table) == 0)
            return cond[t];
    return NULL;
}

/* The roots: the student's own row and his/her account; the audit rows about him/her name
 * the student (or a placement of his/hers) by id without a foreign key. */
static const char *dr_root(const char *table)
{
    if (strcmp(table, "students") == 0)
        return "id = ?1";
    if (strcmp(table, "users") == 0)
        return "id = (SELECT user_id FROM students WHERE id = ?1)";
    if (strcmp(table, "audit") == 0)
        return "target_id = ?1 OR target_id IN (SELECT id FROM placements WHERE student_id = ?1)";
    return NULL;
}

/* Fills s->cond: each round follows the references one step further down from the rows
 * found in the round before. */
static void dr_find_rows(request *r, dr_schema *s)
{
    const char *prev[DR_MAX_TABLES];
    for (size_t t = 0; t < s->n; t++)
        s->cond[t] = dr_root(s->names[t]);
    for (int depth = 0; depth < DR_MAX_DEPTH; depth++) {
        memcpy(prev, s->cond, sizeof prev);
        for (size_t t = 0; t < s->n; t++) {
            const char *c = dr_root(s->names[t]);
            for (size_t i = 0; i < s->n_edges; i++) {
                const dr_edge *e = &s->edges[i];
                const char *pc = dr_cond_of(s, prev, e->parent);
                if (strcmp(e->table, s->names[t]) != 0 || !pc || strcmp(e->parent, e->table) == 0)
                    continue;
                const char *one =
                    sl_arena_printf(r->arena, "\"%s\" IN (SELECT \"%s\" FROM \"%s\" WHERE %s)",
                                    e->column, e->parent_column, e->parent, pc);
                c = c ? sl_arena_printf(r->arena, "%s OR %s", c, one) : one;
            }
            s->cond[t] = c;
        }
    }
}

/* Prepares sql without the store's statement cache, which keys its statements by the SQL
 * text's address: text built per table here would take a new entry each time (and a reused
 * arena address could find another text's statement). ?1, when bind1 is not NULL, is bound
 * to it. The caller finalizes; NULL on failure. */
static sqlite3_stmt *dr_prepare(request *r, const char *sql, const char *bind1)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(store_db(r->st), sql, -1, &q, NULL) != SQLITE_OK ||
        (bind1 && sqlite3_bind_text(q, 1, bind1, -1, SQLITE_TRANSIENT) != SQLITE_OK)) {
        sqlite3_finalize(q);
        return NULL;
    }
    return q;
}

/* Secrets are not personal data to hand out: a password or PIN hash, a session token. */
static bool dr_secret_column(const char *name)
{
    return strstr(name, "hash") || strstr(name, "token") || strstr(name, "secret");
}

/* How the name of a row of a referenced table is read, for the readable document. */
static const struct {
    const char *table;
    const char *sql; /* ?1 = the id */
} dr_namers[] = {
    {"students", "SELECT first_name || CASE name_prefix WHEN '' THEN '' ELSE ' ' || name_prefix "
                 "END || ' ' || last_name FROM students WHERE id = ?1"},
    {"users", "SELECT display_name FROM users WHERE id = ?1"},
    {"companies", "SELECT name FROM companies WHERE id = ?1"},
    {"classes", "SELECT name FROM classes WHERE id = ?1"},
    {"school_years", "SELECT name FROM school_years WHERE id = ?1"},
    {"placements", "SELECT 'stage bij ' || c.name FROM placements p JOIN companies c "
                   "ON c.id = p.company_id WHERE p.id = ?1"},
};

/* The namer of the table that column `column` of `table` refers to (the schema's foreign
 * keys; student_id and placement_id also without one), or -1. */
static int dr_namer_of(request *r, const char *table, const char *column)
{
    const char *parent = NULL;
    sqlite3_stmt *q =
        store_query(r->st, "SELECT \"table\" FROM pragma_foreign_key_list(?1) WHERE \"from\" = ?2",
                    SB(table), SB(column));
    if (store_row(q) == SL_OK) {
        parent = sl_arena_strdup(r->arena, store_col(q, 0));
        store_stmt_done(q);
    } else if (!strcmp(column, "student_id") || !strcmp(column, "placement_id"))
        parent = column[0] == 's' ? "students" : "placements";
    for (size_t i = 0; parent && i < sizeof dr_namers / sizeof dr_namers[0]; i++)
        if (!strcmp(dr_namers[i].table, parent))
            return (int)i;
    return -1;
}

/* The name of the row `id` through namer n ("" when it has none). */
static char *dr_name(request *r, int n, const char *id)
{
    if (n < 0 || !id || !id[0])
        return "";
    sqlite3_stmt *q = store_query(r->st, dr_namers[n].sql, SB(id));
    if (store_row(q) != SL_OK)
        return "";
    char *name = sl_arena_strdup(r->arena, store_col(q, 0));
    store_stmt_done(q);
    return name;
}

static sl_status dr_section(request *r, const char *table, const char *cond,
                            Stagelijn__V1__RecordSection *sec, size_t *rows_out)
{
    stagelijn__v1__record_section__init(sec);
    sec->table = (char *)table;
    const char *sql = sl_arena_printf(r->arena, "SELECT * FROM \"%s\" WHERE %s", table, cond);
    sqlite3_stmt *q = dr_prepare(r, sql, r->target.student.id);
    if (!q)
        return SL_EINTERNAL;
    int ncol = sqlite3_column_count(q), keep[256], nkeep = 0;
    for (int c = 0; c < ncol && nkeep < 256; c++)
        if (!dr_secret_column(sqlite3_column_name(q, c)))
            keep[nkeep++] = c;
    sec->columns = SL_ARENA_ARRAY(r->arena, char *, (size_t)nkeep + 1);
    for (int k = 0; k < nkeep; k++)
        sec->columns[k] = sl_arena_strdup(r->arena, sqlite3_column_name(q, keep[k]));
    sec->n_columns = (size_t)nkeep;
    int namer[256];
    for (int k = 0; k < nkeep; k++)
        namer[k] = dr_namer_of(r, table, sec->columns[k]);
    size_t cap = 0;
    bool row;
    sl_status st;
    while ((st = store_next(q, &row)) == SL_OK && row) {
        if (sec->n_rows == cap) {
            cap = cap ? cap * 2 : 8;
            Stagelijn__V1__RecordRow **grown =
                SL_ARENA_ARRAY(r->arena, Stagelijn__V1__RecordRow *, cap);
            if (sec->n_rows)
                memcpy(grown, sec->rows, sec->n_rows * sizeof *grown);
            sec->rows = grown;
        }
        Stagelijn__V1__RecordRow *rw = SL_ARENA_NEW(r->arena, Stagelijn__V1__RecordRow);
        stagelijn__v1__record_row__init(rw);
        rw->values = SL_ARENA_ARRAY(r->arena, char *, (size_t)nkeep + 1);
        rw->null_columns = SL_ARENA_ARRAY(r->arena, uint32_t, (size_t)nkeep + 1);
        rw->names = SL_ARENA_ARRAY(r->arena, char *, (size_t)nkeep + 1);
        rw->n_names = (size_t)nkeep;
        for (int k = 0; k < nkeep; k++) {
            rw->values[k] = sl_arena_strdup(r->arena, store_col(q, keep[k]));
            rw->names[k] = dr_name(r, namer[k], rw->values[k]);
            if (sqlite3_column_type(q, keep[k]) == SQLITE_NULL)
                rw->null_columns[rw->n_null_columns++] = (uint32_t)k;
        }
        rw->n_values = (size_t)nkeep;
        sec->rows[sec->n_rows++] = rw;
    }
    sqlite3_finalize(q);
    *rows_out += sec->n_rows;
    return st;
}

sl_status handle_export_student_record(request *r, const sl_envelope *in, sl_envelope *out)
{
    (void)in;
    const student_facts *sf = &r->target.student;
    dr_schema *s = SL_ARENA_NEW(r->arena, dr_schema);
    memset(s, 0, sizeof *s);
    sl_status st = dr_read_schema(r, s);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    dr_find_rows(r, s);
    Stagelijn__V1__ExportStudentRecordReply *rep =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__ExportStudentRecordReply);
    stagelijn__v1__export_student_record_reply__init(rep);
    rep->student_id = (char *)sf->id;
    rep->exported_at = r->now;
    rep->sections = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__RecordSection *, s->n + 1);
    size_t rows = 0;
    for (size_t t = 0; t < s->n; t++) {
        if (!s->cond[t])
            continue;
        Stagelijn__V1__RecordSection *sec = SL_ARENA_NEW(r->arena, Stagelijn__V1__RecordSection);
        if ((st = dr_section(r, s->names[t], s->cond[t], sec, &rows)) != SL_OK)
            return req_fail_code(r, st, MSG_DATABASE_ERROR);
        rep->sections[rep->n_sections++] = sec;
    }
    sqlite3_stmt *q =
        store_query(r->st,
                    "SELECT first_name || CASE name_prefix WHEN '' THEN '' ELSE ' ' || "
                    "name_prefix END || ' ' || last_name FROM students WHERE id = ?1",
                    SB(sf->id));
    if ((st = store_row(q)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    rep->student_name = sl_arena_strdup(r->arena, store_col(q, 0));
    store_stmt_done(q);
    /* The audit row counts what was handed out; it names the student by id only. */
    const char *details = sl_arena_printf(r->arena, "sections=%zu rows=%zu", rep->n_sections, rows);
    if ((st = req_audit(r, "student_record.export", "student", sf->id, details)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_EXPORT_STUDENT_RECORD_REPLY;
    out->export_student_record_reply = rep;
    return SL_OK;
}

/* Retention (issue 10). A student is due when aftercare (two years after exits.left_date)
 * and retention_years_after_aftercare have passed. The erasure keeps what the outflow
 * report counts: the students row (anonymised) and the exits row (cohort, profile,
 * destination, left_date; the advice and final interview cleared). Every other row the table
 * walk above finds as the student's is deleted; the account is disabled and anonymised; the
 * audit rows about him/her keep only ids. Deleted content is overwritten (secure_delete); the
 * old pages in the WAL go when housekeeping truncates an idle WAL or the daemon closes. */

#define RT_MAX_ROWS 20000
/* What an erased student's names become (Dutch "erased"), where lists and old cohorts still
 * show the row. */
#define RT_ERASED_NAME "gewist"

typedef struct {
    const char *table;
    sqlite3_int64 rowid;
    bool done;
} rt_row;

static bool rt_kept_table(const char *table)
{
    return strcmp(table, "students") == 0 || strcmp(table, "exits") == 0 ||
           strcmp(table, "audit") == 0 || strcmp(table, "users") == 0;
}

/* The rows to delete, found before any is deleted: the walk's conditions lead through the
 * parents, which go in the same erasure. */
static sl_status rt_collect(request *r, const dr_schema *s, const char *student_id, rt_row *rows,
                            size_t *n)
{
    bool row;
    sl_status st = SL_OK;
    for (size_t t = 0; t < s->n && st == SL_OK; t++) {
        if (!s->cond[t] || rt_kept_table(s->names[t]))
            continue;
        /* A table without rowids (a leaf such as account_logins) goes at once, while the
         * rows its condition leads through are still there. */
        st = store_exists(r->st,
                          "SELECT 1 FROM sqlite_master WHERE name = ?1 AND sql LIKE '%WITHOUT "
                          "ROWID%'",
                          SB(s->names[t]));
        if (st == SL_OK) {
            sqlite3_stmt *d = dr_prepare(
                r,
                sl_arena_printf(r->arena, "DELETE FROM \"%s\" WHERE %s", s->names[t], s->cond[t]),
                student_id);
            st = d && sqlite3_step(d) == SQLITE_DONE ? SL_OK : SL_EINTERNAL;
            sqlite3_finalize(d);
            if (st != SL_OK)
                return st;
            continue;
        }
        if (st != SL_ENOTFOUND)
            return st;
        const char *sql =
            sl_arena_printf(r->arena, "SELECT rowid FROM \"%s\" WHERE %s", s->names[t], s->cond[t]);
        sqlite3_stmt *q = dr_prepare(r, sql, student_id);
        if (!q)
            return SL_EINTERNAL;
        while ((st = store_next(q, &row)) == SL_OK && row) {
            if (*n == RT_MAX_ROWS) {
                st = SL_EINTERNAL;
                break;
            }
            rows[(*n)++] = (rt_row){s->names[t], sqlite3_column_int64(q, 0), false};
        }
        sqlite3_finalize(q);
    }
    return st;
}

/* Deletes the rows in passes: a row still referenced fails its foreign key and is tried again
 * in the next pass, after its children went. sqlite3_exec directly, because a refused delete
 * is expected here and not an error for the store to log. */
static sl_status rt_delete(request *r, rt_row *rows, size_t n)
{
    size_t left = n;
    for (int pass = 0; left > 0 && pass < DR_MAX_DEPTH + 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            if (rows[i].done)
                continue;
            const char *sql = sl_arena_printf(r->arena, "DELETE FROM \"%s\" WHERE rowid = %lld",
                                              rows[i].table, (long long)rows[i].rowid);
            if (sqlite3_exec(store_db(r->st), sql, NULL, NULL, NULL) == SQLITE_OK) {
                rows[i].done = true;
                left--;
            }
        }
    }
    return left ? SL_EINTERNAL : SL_OK;
}

/* Free texts of others that name the student without her/his id (a classmate's reflection,
 * a coach's remark on another placement, ...): every text column of every table but the ones
 * that hold other people's own names is searched, and each mention replaced by
 * RT_ERASED_NAME. The forms looked for, longest first: the full name with and without the
 * tussenvoegsel, and the first name and the surname alone, each of these two only when no
 * other student or account still carries it (else a mention of that other person would be
 * erased). Whole words only; ASCII letters compared without case, as LIKE does. */
#define RT_NAME_FORMS 4

static bool rt_word_char(unsigned char c)
{
    return isalnum(c) || c >= 0x80;
}

/* text with every whole-word form replaced, in the arena; NULL when none occurs. */
static char *rt_replace_names(request *r, const char *text, char *const *forms, int n)
{
    /* A form is 2 bytes at least and becomes RT_ERASED_NAME (6): at most three times as long. */
    size_t len = strlen(text);
    char *out = sl_arena_alloc(r->arena, len * 3 + 64), *o = out;
    bool changed = false;
    for (size_t i = 0; i < len;) {
        int hit = -1;
        for (int f = 0; f < n && hit < 0 && (i == 0 || !rt_word_char((unsigned char)text[i - 1]));
             f++) {
            size_t k = strlen(forms[f]);
            if (k && i + k <= len && !strncasecmp(text + i, forms[f], k) &&
                !rt_word_char((unsigned char)text[i + k]))
                hit = f;
        }
        if (hit < 0) {
            *o++ = text[i++];
            continue;
        }
        o += sprintf(o, "%s", RT_ERASED_NAME);
        i += strlen(forms[hit]);
        changed = true;
    }
    *o = '\0';
    return changed ? out : NULL;
}

/* Whether another student or account than student `id` carries `name` (as first name,
 * surname, or a word of a display name). */
static sl_status rt_name_shared(request *r, const char *id, const char *name, bool *shared)
{
    sl_status st = store_exists(
        r->st,
        "SELECT 1 FROM students WHERE id <> ?1 AND erased_at IS NULL AND (first_name = ?2 OR "
        "last_name = ?2) UNION ALL SELECT 1 FROM users WHERE id IS NOT (SELECT user_id FROM "
        "students WHERE id = ?1) AND (' ' || display_name || ' ') LIKE ('% ' || ?2 || ' %')",
        SB(id), SB(name));
    *shared = st == SL_OK;
    return st == SL_ENOTFOUND ? SL_OK : st;
}

/* The name forms of student `id` into forms (arena), longest first; their number in *n. */
static sl_status rt_name_forms(request *r, const char *id, char **forms, int *n)
{
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT first_name, name_prefix, last_name FROM students WHERE "
                                  "id = ?1",
                                  SB(id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return st;
    char *first = sl_arena_strdup(r->arena, store_col(q, 0)),
         *prefix = sl_arena_strdup(r->arena, store_col(q, 1)),
         *last = sl_arena_strdup(r->arena, store_col(q, 2));
    store_stmt_done(q);
    *n = 0;
    if (prefix[0])
        forms[(*n)++] = sl_arena_printf(r->arena, "%s %s %s", first, prefix, last);
    forms[(*n)++] = sl_arena_printf(r->arena, "%s %s", first, last);
    bool shared;
    const char *alone[] = {first, last};
    for (int i = 0; i < 2; i++) {
        if ((st = rt_name_shared(r, id, alone[i], &shared)) != SL_OK)
            return st;
        if (!shared && strlen(alone[i]) >= 2)
            forms[(*n)++] = (char *)alone[i];
    }
    return SL_OK;
}

/* Tables whose text columns are other people's names and settings, not free text about them. */
static bool rt_names_table(const char *table)
{
    static const char *const tables[] = {"students", "users",        "companies",
                                         "classes",  "school_years", "sectors"};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        if (!strcmp(table, tables[i]))
            return true;
    return false;
}

/* The rows of one text column that mention a form, with their text scrubbed: rowids into
 * *ids and texts into *texts (arena), their number into *k. */
static sl_status rt_find_mentions(request *r, const char *table, const char *column,
                                  char *const *forms, int n, sqlite3_int64 **ids, char ***texts,
                                  size_t *k)
{
    /* Every one of the RT_NAME_FORMS parameters appears; an unused one is bound to "". */
    const char *like = "";
    for (int f = 0; f < RT_NAME_FORMS; f++)
        like = sl_arena_printf(r->arena, "%s%s(?%d <> '' AND \"%s\" LIKE '%%' || ?%d || '%%')",
                               like, f ? " OR " : "", f + 1, column, f + 1);
    sqlite3_stmt *q = dr_prepare(
        r,
        sl_arena_printf(r->arena, "SELECT rowid, \"%s\" FROM \"%s\" WHERE %s", column, table, like),
        NULL);
    if (!q)
        return SL_EINTERNAL;
    for (int f = 0; f < RT_NAME_FORMS; f++)
        sqlite3_bind_text(q, f + 1, f < n ? forms[f] : "", -1, SQLITE_STATIC);
    size_t cap = 16;
    *k = 0;
    *ids = SL_ARENA_ARRAY(r->arena, sqlite3_int64, cap);
    *texts = SL_ARENA_ARRAY(r->arena, char *, cap);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(q, 1);
        char *scrubbed = text ? rt_replace_names(r, text, forms, n) : NULL;
        if (!scrubbed)
            continue;
        if (*k == cap) {
            sqlite3_int64 *gi = SL_ARENA_ARRAY(r->arena, sqlite3_int64, cap * 2);
            char **gt = SL_ARENA_ARRAY(r->arena, char *, cap * 2);
            memcpy(gi, *ids, *k * sizeof **ids);
            memcpy(gt, *texts, *k * sizeof **texts);
            *ids = gi, *texts = gt, cap *= 2;
        }
        (*ids)[*k] = sqlite3_column_int64(q, 0);
        (*texts)[(*k)++] = scrubbed;
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? SL_OK : SL_EINTERNAL;
}

/* One text column: each row that mentions a form gets the mentions replaced. */
static sl_status rt_scrub_column(request *r, const char *table, const char *column,
                                 char *const *forms, int n)
{
    sqlite3_int64 *ids;
    char **texts;
    size_t k;
    sl_status st = rt_find_mentions(r, table, column, forms, n, &ids, &texts, &k);
    if (st != SL_OK || k == 0)
        return st;
    sqlite3_stmt *u = dr_prepare(
        r,
        sl_arena_printf(r->arena, "UPDATE \"%s\" SET \"%s\" = ?1 WHERE rowid = ?2", table, column),
        NULL);
    if (!u)
        return SL_EINTERNAL;
    for (size_t i = 0; i < k && st == SL_OK; i++) {
        sqlite3_bind_text(u, 1, texts[i], -1, SQLITE_STATIC);
        sqlite3_bind_int64(u, 2, ids[i]);
        st = sqlite3_step(u) == SQLITE_DONE ? SL_OK : SL_EINTERNAL;
        sqlite3_reset(u);
    }
    sqlite3_finalize(u);
    return st;
}

/* Every text column of every table with rowids (rt_names_table's excepted). */
static sl_status rt_scrub_texts(request *r, const char *id)
{
    char *forms[RT_NAME_FORMS];
    int n = 0;
    sl_status st = rt_name_forms(r, id, forms, &n);
    if (st != SL_OK)
        return st;
    sqlite3_stmt *q = store_query(
        r->st,
        "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = "
        "'table' AND m.name NOT LIKE 'sqlite_%' AND m.sql NOT LIKE '%WITHOUT ROWID%' AND "
        "upper(c.type) IN ('TEXT', '') ORDER BY m.name, c.cid",
        SB_NONE);
    if (!q)
        return SL_EINTERNAL;
    size_t cap = 4096, k = 0;
    char **cols = SL_ARENA_ARRAY(r->arena, char *, cap * 2);
    bool row;
    while ((st = store_next(q, &row)) == SL_OK && row && k < cap) {
        if (rt_names_table(store_col(q, 0)))
            continue;
        cols[2 * k] = sl_arena_strdup(r->arena, store_col(q, 0));
        cols[2 * k++ + 1] = sl_arena_strdup(r->arena, store_col(q, 1));
    }
    if (row)
        store_stmt_done(q);
    for (size_t i = 0; i < k && st == SL_OK; i++)
        st = rt_scrub_column(r, cols[2 * i], cols[2 * i + 1], forms, n);
    return st;
}

/* rows: room for RT_MAX_ROWS, reused for each student. */
static sl_status rt_erase(request *r, const dr_schema *s, const char *id, rt_row *rows,
                          size_t *deleted)
{
    size_t n = 0;
    sl_status st = rt_collect(r, s, id, rows, &n);
    /* before the placements go: the audit rows name them */
    if (st == SL_OK)
        st = store_exec(r->st, NULL,
                        "UPDATE audit SET details = '' WHERE " /* the walk's audit root */
                        "target_id = ?1 OR target_id IN (SELECT id FROM placements WHERE "
                        "student_id = ?1) OR actor_id = (SELECT user_id FROM students WHERE id = "
                        "?1) OR target_id = (SELECT user_id FROM students WHERE id = ?1)",
                        SB(id));
    if (st == SL_OK)
        st = rt_delete(r, rows, n);
    /* after the deletes (fewer rows to search), before the names are anonymised */
    if (st == SL_OK)
        st = rt_scrub_texts(r, id);
    if (st == SL_OK)
        st = store_exec(
            r->st, NULL,
            "UPDATE users SET username = 'gewist-' || id, display_name = '" RT_ERASED_NAME
            "', date_of_birth = NULL, password_hash = '!', disabled = 1 WHERE id = "
            "(SELECT user_id FROM students WHERE id = ?1)",
            SB(id));
    if (st == SL_OK)
        st = store_exec(r->st, NULL,
                        "UPDATE exits SET advice = '', final_interview_date = NULL WHERE "
                        "student_id = ?1",
                        SB(id));
    if (st == SL_OK)
        st = store_exec(r->st, NULL,
                        "UPDATE students SET first_name = '" RT_ERASED_NAME
                        "', last_name = '" RT_ERASED_NAME
                        "', name_prefix = '', date_of_birth = '', address = '', home_latitude = "
                        "NULL, home_longitude = NULL, student_number = NULL, erased_at = ?2 WHERE "
                        "id = ?1",
                        SB(id), SB(r->now));
    *deleted += n;
    return st;
}

/* The students due today, or the one asked for (whether due or not, with the date). */
static sl_status rt_list(request *r, const char *only, Stagelijn__V1__RetentionReply *rep)
{
    char today[11];
    sl_date_format(r->today, today);
    const char *shift =
        sl_arena_printf(r->arena, "+%ld years", 2 + r->srv->cfg.retention_years_after_aftercare);
    sqlite3_stmt *q = store_query(
        r->st,
        "SELECT s.id, s.first_name || CASE s.name_prefix WHEN '' THEN '' ELSE ' ' || "
        "s.name_prefix END || ' ' || s.last_name, e.left_date, date(e.left_date, ?2) FROM "
        "students s LEFT JOIN exits e ON e.student_id = s.id WHERE s.erased_at IS NULL AND (?3 = "
        "'' "
        "AND e.left_date IS NOT NULL AND date(e.left_date, ?2) <= ?1 OR s.id = ?3) ORDER BY "
        "e.left_date, s.id",
        SB(today), SB(shift), SB(only));
    if (!q)
        return SL_EINTERNAL;
    bool row;
    sl_status st;
    size_t cap = 0;
    while ((st = store_next(q, &row)) == SL_OK && row) {
        if (rep->n_students == cap) {
            cap = cap ? cap * 2 : 16;
            Stagelijn__V1__RetentionStudent **grown =
                SL_ARENA_ARRAY(r->arena, Stagelijn__V1__RetentionStudent *, cap);
            if (rep->n_students)
                memcpy(grown, rep->students, rep->n_students * sizeof *grown);
            rep->students = grown;
        }
        Stagelijn__V1__RetentionStudent *rs =
            SL_ARENA_NEW(r->arena, Stagelijn__V1__RetentionStudent);
        stagelijn__v1__retention_student__init(rs);
        rs->student_id = sl_arena_strdup(r->arena, store_col(q, 0));
        rs->student_name = sl_arena_strdup(r->arena, store_col(q, 1));
        rs->left_date = sl_arena_strdup(r->arena, store_col(q, 2));
        rs->due_since = sl_arena_strdup(r->arena, store_col(q, 3));
        rep->students[rep->n_students++] = rs;
    }
    return st;
}

sl_status handle_retention(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__RetentionRequest *req = in->retention;
    const char *only = req->student_id ? req->student_id : "";
    Stagelijn__V1__RetentionReply *rep = SL_ARENA_NEW(r->arena, Stagelijn__V1__RetentionReply);
    stagelijn__v1__retention_reply__init(rep);
    sl_status st = rt_list(r, only, rep);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    if (*only) {
        char today[11];
        sl_date_format(r->today, today);
        if (rep->n_students == 0)
            return req_fail_code(r, SL_ENOTFOUND, MSG_NO_SUCH_STUDENT);
        if (!rep->students[0]->due_since[0])
            return req_fail_code(r, SL_EPRECOND, MSG_STUDENT_NOT_LEFT);
        if (strcmp(rep->students[0]->due_since, today) > 0)
            return req_fail_code(r, SL_EPRECOND, MSG_STUDENT_NOT_DUE, rep->students[0]->due_since);
    }
    if (req->erase && rep->n_students) {
        dr_schema *s = SL_ARENA_NEW(r->arena, dr_schema);
        memset(s, 0, sizeof *s);
        if ((st = dr_read_schema(r, s)) != SL_OK)
            return req_fail_code(r, st, MSG_DATABASE_ERROR);
        dr_find_rows(r, s);
        /* Freed pages are zeroed, so the erased text is not left in the file's free space. */
        if (sqlite3_exec(store_db(r->st), "PRAGMA secure_delete = ON", NULL, NULL, NULL) !=
            SQLITE_OK)
            return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
        rt_row *rows = SL_ARENA_ARRAY(r->arena, rt_row, RT_MAX_ROWS);
        for (size_t i = 0; i < rep->n_students; i++) {
            size_t deleted = 0;
            const char *id = rep->students[i]->student_id;
            if ((st = rt_erase(r, s, id, rows, &deleted)) != SL_OK)
                return req_fail_code(r, st, MSG_DATABASE_ERROR);
            const char *details = sl_arena_printf(r->arena, "rows_deleted=%zu", deleted);
            if ((st = req_audit(r, "student.erase", "student", id, details)) != SL_OK)
                return req_fail_code(r, st, MSG_DATABASE_ERROR);
        }
        rep->erased = true;
    }
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_RETENTION_REPLY;
    out->retention_reply = rep;
    return SL_OK;
}
