/* Unit tests for server/store/store.c against a real SQLite file in a fresh temporary directory:
 * migrations, PRAGMAs, error mapping, the group-commit savepoints and the typed binds and row
 * iteration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "placements.h"
#include "students.h"
#include "store.h"

/* ------------------------------------------------------------------------------------- */
/* Fixture: a temporary directory with t.db, opened before each test                    */
/* ------------------------------------------------------------------------------------- */

typedef struct {
    char dir[64];
    char path[128];
    store *s;
} fixture;

static void remove_db_files(const fixture *f)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char p[160];
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(p, sizeof p, "%s%s", f->path, suffixes[i]);
        unlink(p);
    }
}

static int setup_dir(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "%s", "/tmp/sl-test-store-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    *state = f;
    return 0;
}

static int setup_open(void **state)
{
    if (setup_dir(state) != 0)
        return -1;
    fixture *f = *state;
    char err[256] = "";
    if (store_open(f->path, &f->s, err, sizeof err) != SL_OK) {
        fprintf(stderr, "store_open: %s\n", err);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    store_close(f->s);
    remove_db_files(f);
    rmdir(f->dir);
    free(f);
    return 0;
}

/* Runs a one-row, one-column integer query directly on the connection. */
static int64_t query_int(store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void query_text(store *s, const char *sql, char *out, size_t outlen)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    const unsigned char *t = sqlite3_column_text(st, 0);
    snprintf(out, outlen, "%s", t ? (const char *)t : "(null)");
    sqlite3_finalize(st);
}

static sl_status add_company(store *s, const char *id, const char *name)
{
    return store_exec(s, NULL, "INSERT INTO companies (id, name, created_at) VALUES (?1, ?2, ?3)",
                      SB(id), SB(name), SB((int64_t)1700000000));
}

static int64_t count_companies(store *s, const char *id)
{
    sqlite3_stmt *st = store_query(s, "SELECT count(*) FROM companies WHERE id = ?1", SB(id));
    assert_int_equal(store_row(st), SL_OK);
    int64_t n = sqlite3_column_int64(st, 0);
    store_stmt_done(st);
    return n;
}

/* ------------------------------------------------------------------------------------- */
/* Migrations                                                                            */
/* ------------------------------------------------------------------------------------- */

static void test_migrate_empty(void **state)
{
    fixture *f = *state;
    assert_true(store_latest_version() >= 1);
    assert_int_equal(store_schema_version(f->s), store_latest_version());
    /* The foundation's tables exist. */
    assert_int_equal(query_int(f->s, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                     "AND name IN ('users', 'sessions', 'login_failures', "
                                     "'companies', 'students', 'placements', 'events', 'audit')"),
                     8);
    /* The sectors were seeded. */
    assert_int_equal(query_int(f->s, "SELECT count(*) FROM sectors"), 10);
    assert_false(store_batch_open(f->s));
}

static void test_reopen_current(void **state)
{
    fixture *f = *state;
    assert_int_equal(add_company(f->s, "c-1", "Bakkerij De Korenschoof"), SL_OK);
    int version = store_schema_version(f->s);
    store_close(f->s);
    f->s = NULL;

    char err[256] = "";
    assert_int_equal(store_open(f->path, &f->s, err, sizeof err), SL_OK);
    assert_int_equal(store_schema_version(f->s), version);
    assert_int_equal(store_schema_version(f->s), store_latest_version());
    assert_int_equal(count_companies(f->s, "c-1"), 1);
    /* Migrations were not re-run: the seeded sectors are not doubled (they would fail on
     * the primary key anyway, which would have made store_open fail). */
    assert_int_equal(query_int(f->s, "SELECT count(*) FROM sectors"), 10);
}

static void test_newer_schema_refused(void **state)
{
    fixture *f = *state;
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", store_latest_version() + 1);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_close(db), SQLITE_OK);

    char err[256] = "";
    store *s = NULL;
    assert_int_equal(store_open(f->path, &s, err, sizeof err), SL_EPRECOND);
    assert_null(s);
    assert_true(err[0] != '\0');
    assert_non_null(strstr(err, "newer"));
    f->s = NULL;
}

static void test_open_unwritable_path(void **state)
{
    fixture *f = *state;
    char path[200];
    snprintf(path, sizeof path, "%s/no-such-dir/t.db", f->dir);
    store *s = NULL;
    char err[256] = "";
    assert_int_not_equal(store_open(path, &s, err, sizeof err), SL_OK);
    assert_null(s);
    assert_true(err[0] != '\0');
}

static void test_pragmas(void **state)
{
    fixture *f = *state;
    char mode[32];
    query_text(f->s, "PRAGMA journal_mode", mode, sizeof mode);
    assert_string_equal(mode, "wal");
    assert_int_equal(query_int(f->s, "PRAGMA foreign_keys"), 1);
    assert_int_equal(query_int(f->s, "PRAGMA synchronous"), 2); /* FULL */
    assert_int_equal(query_int(f->s, "PRAGMA busy_timeout"), 5000);
    assert_int_equal(query_int(f->s, "PRAGMA trusted_schema"), 0);
}

/* ------------------------------------------------------------------------------------- */
/* store_exec / store_row / binds                                                        */
/* ------------------------------------------------------------------------------------- */

static void test_exec_unique_violation(void **state)
{
    fixture *f = *state;
    assert_int_equal(add_company(f->s, "c-1", "A"), SL_OK);
    /* Primary key. */
    assert_int_equal(add_company(f->s, "c-1", "B"), SL_EEXISTS);
    /* A UNIQUE column (classes.name). */
    assert_int_equal(store_exec(f->s, NULL,
                                "INSERT INTO classes (id, name, school_year) VALUES (?1, ?2, ?3)",
                                SB("k-1"), SB("3B"), SB(3)),
                     SL_OK);
    assert_int_equal(store_exec(f->s, NULL,
                                "INSERT INTO classes (id, name, school_year) VALUES (?1, ?2, ?3)",
                                SB("k-2"), SB("3B"), SB(3)),
                     SL_EEXISTS);
    assert_int_equal(count_companies(f->s, "c-1"), 1);
}

static void test_exec_fk_and_check_violation(void **state)
{
    fixture *f = *state;
    /* A session for a user that does not exist. */
    const unsigned char hash[4] = {1, 2, 3, 4};
    assert_int_equal(store_exec(f->s, NULL,
                                "INSERT INTO sessions (token_hash, user_id, created_at, last_seen) "
                                "VALUES (?1, ?2, 0, 0)",
                                SB_BLOB(hash, sizeof hash), SB("nobody")),
                     SL_EINVAL);
    /* A CHECK constraint (school_year 2..6). */
    assert_int_equal(store_exec(f->s, NULL,
                                "INSERT INTO classes (id, name, school_year) VALUES (?1, ?2, ?3)",
                                SB("k-9"), SB("9Z"), SB(9)),
                     SL_EINVAL);
    /* NOT NULL. */
    assert_int_equal(store_exec(f->s, NULL,
                                "INSERT INTO companies (id, name, created_at) VALUES (?1, ?2, 0)",
                                SB("c-2"), SB_NULL),
                     SL_EINVAL);
    assert_int_equal(query_int(f->s, "SELECT count(*) FROM sessions"), 0);
}

static void test_exec_changes(void **state)
{
    fixture *f = *state;
    assert_int_equal(add_company(f->s, "c-1", "A"), SL_OK);
    assert_int_equal(add_company(f->s, "c-2", "A"), SL_OK);
    int n = -1;
    assert_int_equal(
        store_exec(f->s, &n, "UPDATE companies SET city = ?2 WHERE name = ?1", SB("A"), SB("Ede")),
        SL_OK);
    assert_int_equal(n, 2);
    assert_int_equal(
        store_exec(f->s, &n, "UPDATE companies SET city = ?2 WHERE name = ?1", SB("Z"), SB("Ede")),
        SL_OK);
    assert_int_equal(n, 0);
}

static void test_exec_bad_sql(void **state)
{
    fixture *f = *state;
    assert_int_equal(store_exec(f->s, NULL, "INSERT INTO no_such_table VALUES (1)", SB_NONE),
                     SL_EINTERNAL);
    assert_null(store_query(f->s, "SELEKT 1", SB_NONE));
    assert_int_equal(store_row(NULL), SL_EINTERNAL);
}

/* The bind kind follows the argument's C type: text stays text, whatever integer type it is
 * binds an integer, a NULL char pointer binds NULL. */
static void test_bind_kind_follows_type(void **state)
{
    fixture *f = *state;
    char advice[] = "Arbeid, met jobcoach";
    const char *none = NULL;
    bool yes = true;
    unsigned big = 4000000000u;
    long neg = -5;
    sqlite3_stmt *st =
        store_query(f->s, "SELECT typeof(?1), ?1, typeof(?2), typeof(?3), ?3, ?4, ?5, typeof(?6)",
                    SB(advice), SB(none), SB(yes), SB(big), SB(neg), SB((float)0.5));
    assert_int_equal(store_row(st), SL_OK);
    assert_string_equal(store_col(st, 0), "text");
    assert_string_equal(store_col(st, 1), "Arbeid, met jobcoach");
    assert_string_equal(store_col(st, 2), "null");
    assert_string_equal(store_col(st, 3), "integer");
    assert_int_equal(sqlite3_column_int(st, 4), 1);
    assert_true(sqlite3_column_int64(st, 5) == 4000000000);
    assert_true(sqlite3_column_int64(st, 6) == -5);
    assert_string_equal(store_col(st, 7), "real");
    store_stmt_done(st);
}

/* store_next() tells the end of the rows from a step that fails half-way: the third row's
 * abs() overflows, which a `while (sqlite3_step() == SQLITE_ROW)` loop took for the end. */
static void test_next_error_is_not_end(void **state)
{
    fixture *f = *state;
    static const char *const sql =
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?1) "
        "SELECT CASE WHEN x = ?2 THEN abs(-9223372036854775807 - 1) ELSE x END FROM c";
    bool row;
    int seen = 0;
    sqlite3_stmt *st = store_query(f->s, sql, SB(5), SB(3));
    sl_status r;
    while ((r = store_next(st, &row)) == SL_OK && row)
        seen++;
    assert_int_equal(r, SL_EINTERNAL);
    assert_false(row);
    assert_int_equal(seen, 2);
    /* Without the failing row the same statement runs to its end. */
    st = store_query(f->s, sql, SB(5), SB(0));
    seen = 0;
    while ((r = store_next(st, &row)) == SL_OK && row)
        seen++;
    assert_int_equal(r, SL_OK);
    assert_int_equal(seen, 5);
    assert_int_equal(store_next(NULL, &row), SL_EINTERNAL);
}

static void test_row_not_found(void **state)
{
    fixture *f = *state;
    sqlite3_stmt *st = store_query(f->s, "SELECT name FROM companies WHERE id = ?1", SB("x"));
    assert_non_null(st);
    assert_int_equal(store_row(st), SL_ENOTFOUND);
    /* The statement was reset and can be reused at once. */
    assert_int_equal(add_company(f->s, "x", "Garage Hendriks"), SL_OK);
    st = store_query(f->s, "SELECT name FROM companies WHERE id = ?1", SB("x"));
    assert_int_equal(store_row(st), SL_OK);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "Garage Hendriks");
    store_stmt_done(st);
}

static void test_statement_cache_reuse(void **state)
{
    fixture *f = *state;
    /* The same literal prepared once and rebound each time. */
    for (int i = 0; i < 20; i++) {
        sqlite3_stmt *st = store_query(f->s, "SELECT ?1 + ?2", SB((int64_t)i), SB(100));
        assert_int_equal(store_row(st), SL_OK);
        assert_int_equal(sqlite3_column_int64(st, 0), i + 100);
        store_stmt_done(st);
    }
}

/* A statement built at run time in one buffer: each text finds its own statement, whatever
 * the address, and many built texts do not fill the cache (one slot per distinct text). */
static void test_statement_cache_keyed_by_text(void **state)
{
    fixture *f = *state;
    char sql[64];
    for (int round = 0; round < 600; round++) {
        int k = round % 3;
        snprintf(sql, sizeof sql, "SELECT %d + ?1", k * 10);
        sqlite3_stmt *st = store_query(f->s, sql, SB(1));
        assert_non_null(st);
        assert_int_equal(store_row(st), SL_OK);
        assert_int_equal(sqlite3_column_int64(st, 0), k * 10 + 1);
        store_stmt_done(st);
    }
}

static void test_bind_helpers(void **state)
{
    fixture *f = *state;
    /* SB_ZERO_NULL: 0 binds NULL, anything else the number. */
    sqlite3_stmt *st = store_query(f->s, "SELECT typeof(?1), ?1", SB_ZERO_NULL(0));
    assert_int_equal(store_row(st), SL_OK);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "null");
    assert_int_equal(sqlite3_column_type(st, 1), SQLITE_NULL);
    store_stmt_done(st);
    st = store_query(f->s, "SELECT typeof(?1), ?1", SB_ZERO_NULL(7));
    assert_int_equal(store_row(st), SL_OK);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "integer");
    assert_int_equal(sqlite3_column_int(st, 1), 7);
    store_stmt_done(st);
    /* The same statement after 7 goes back to NULL (bindings are cleared). */
    st = store_query(f->s, "SELECT typeof(?1), ?1", SB_ZERO_NULL(0));
    assert_int_equal(store_row(st), SL_OK);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "null");
    store_stmt_done(st);

    /* SB_NULL, an integer beyond 32 bits, a real, a blob. */
    const unsigned char blob[3] = {0, 0xff, 0x10};
    st = store_query(f->s, "SELECT typeof(?1), ?2, ?3, ?4, length(?4)", SB_NULL,
                     SB((int64_t)1 << 40), SB(2.5), SB_BLOB(blob, sizeof blob));
    assert_int_equal(store_row(st), SL_OK);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "null");
    assert_true(sqlite3_column_int64(st, 1) == ((int64_t)1 << 40));
    assert_true(sqlite3_column_double(st, 2) == 2.5);
    assert_int_equal(sqlite3_column_bytes(st, 3), 3);
    assert_memory_equal(sqlite3_column_blob(st, 3), blob, 3);
    assert_int_equal(sqlite3_column_int(st, 4), 3);
    store_stmt_done(st);

    /* SB_ZERO_NULL in a real optional reference: placements.sector. Needs the referenced rows. */
    assert_int_equal(add_company(f->s, "c-1", "Hovenier Groen"), SL_OK);
    assert_int_equal(store_exec(f->s, NULL,
                                "INSERT INTO users (id, username, display_name, role, "
                                "password_hash, must_change, company_id, disabled, created_at) "
                                "VALUES (?1, ?2, ?3, 'coach', 'x', 0, NULL, 0, 0)",
                                SB("u-coach"), SB("coach"), SB("Coach")),
                     SL_OK);
    assert_int_equal(store_exec(f->s, NULL,
                                "INSERT INTO classes (id, name, school_year) VALUES ('k', 'k', 3)",
                                SB_NONE),
                     SL_OK);
    assert_int_equal(store_exec(f->s, NULL,
                                "INSERT INTO students (id, first_name, last_name, class_id, "
                                "school_year, date_of_birth, created_at) "
                                "VALUES ('s', 'A', 'B', 'k', 3, '2010-01-01', 0)",
                                SB_NONE),
                     SL_OK);
    static const char *const ins = "INSERT INTO placements (id, student_id, company_id, "
                                   "coach_id, kind, status, sector, start_date, end_date, "
                                   "created_at, updated_at) VALUES (?1, 's', 'c-1', 'u-coach', "
                                   "1, 1, ?2, '2025-01-01', '2025-06-01', 0, 0)";
    assert_int_equal(store_exec(f->s, NULL, ins, SB("p-1"), SB_ZERO_NULL(0)), SL_OK);
    assert_int_equal(store_exec(f->s, NULL, ins, SB("p-2"), SB_ZERO_NULL(4)), SL_OK);
    /* Sector 11 does not exist: the foreign key catches it. */
    assert_int_equal(store_exec(f->s, NULL, ins, SB("p-3"), SB_ZERO_NULL(11)), SL_EINVAL);
    assert_int_equal(query_int(f->s, "SELECT count(*) FROM placements WHERE id = 'p-1' "
                                     "AND sector IS NULL"),
                     1);
    assert_int_equal(query_int(f->s, "SELECT sector FROM placements WHERE id = 'p-2'"), 4);
}

/* ------------------------------------------------------------------------------------- */
/* Group commit                                                                          */
/* ------------------------------------------------------------------------------------- */

static void test_batch_second_request_fails(void **state)
{
    fixture *f = *state;
    assert_false(store_batch_open(f->s));

    assert_int_equal(store_request_begin(f->s), SL_OK);
    assert_true(store_batch_open(f->s));
    assert_int_equal(add_company(f->s, "first", "First BV"), SL_OK);
    store_request_end(f->s, true);
    assert_true(store_batch_open(f->s)); /* still one open batch */

    assert_int_equal(store_request_begin(f->s), SL_OK);
    assert_int_equal(add_company(f->s, "second", "Second BV"), SL_OK);
    assert_int_equal(count_companies(f->s, "second"), 1); /* visible inside the request */
    store_request_end(f->s, false);
    assert_int_equal(count_companies(f->s, "second"), 0); /* rolled back alone */
    assert_int_equal(count_companies(f->s, "first"), 1);

    assert_int_equal(store_batch_commit(f->s), SL_OK);
    assert_false(store_batch_open(f->s));
    assert_int_equal(count_companies(f->s, "first"), 1);
    assert_int_equal(count_companies(f->s, "second"), 0);

    /* Durable: another connection sees exactly the committed row. */
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT group_concat(id) FROM companies "
                                        "WHERE id IN ('first', 'second')",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "first");
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static void test_batch_failed_statement_then_rollback(void **state)
{
    fixture *f = *state;
    /* The first request succeeds; the second writes a row and then hits a constraint
     * error, as a handler would, and is rolled back; the third succeeds. */
    assert_int_equal(store_request_begin(f->s), SL_OK);
    assert_int_equal(add_company(f->s, "a", "A"), SL_OK);
    store_request_end(f->s, true);

    assert_int_equal(store_request_begin(f->s), SL_OK);
    assert_int_equal(add_company(f->s, "b", "B"), SL_OK);
    assert_int_equal(add_company(f->s, "a", "dup"), SL_EEXISTS);
    store_request_end(f->s, false);

    assert_int_equal(store_request_begin(f->s), SL_OK);
    assert_int_equal(add_company(f->s, "c", "C"), SL_OK);
    store_request_end(f->s, true);

    assert_int_equal(store_batch_commit(f->s), SL_OK);
    assert_int_equal(count_companies(f->s, "a"), 1);
    assert_int_equal(count_companies(f->s, "b"), 0);
    assert_int_equal(count_companies(f->s, "c"), 1);
    char name[32];
    query_text(f->s, "SELECT name FROM companies WHERE id = 'a'", name, sizeof name);
    assert_string_equal(name, "A");
}

/* SQLite rolls back the whole transaction on some statement errors; an interrupt is one. The
 * request that saw it must learn that the batch is lost, the next request of the batch must
 * not run on its own (and commit alone), and the commit must report the loss. */
static int interrupt_now(void *arg)
{
    (void)arg;
    return 1;
}

static void test_batch_rolled_back_by_sqlite(void **state)
{
    fixture *f = *state;
    assert_int_equal(store_request_begin(f->s), SL_OK);
    assert_int_equal(add_company(f->s, "a", "A"), SL_OK);
    assert_int_equal(store_request_end(f->s, true), SL_OK);

    assert_int_equal(store_request_begin(f->s), SL_OK);
    sqlite3_progress_handler(store_db(f->s), 1, interrupt_now, NULL);
    assert_int_not_equal(add_company(f->s, "b", "B"), SL_OK);
    sqlite3_progress_handler(store_db(f->s), 0, NULL, NULL);
    assert_true(sqlite3_get_autocommit(store_db(f->s)));
    assert_int_equal(store_request_end(f->s, false), SL_EUNAVAIL);

    /* A later request of the same batch is refused instead of committing alone. */
    assert_int_equal(store_request_begin(f->s), SL_EUNAVAIL);
    assert_int_equal(store_batch_commit(f->s), SL_EUNAVAIL);
    assert_int_equal(count_companies(f->s, "a"), 0);
    assert_int_equal(count_companies(f->s, "b"), 0);

    /* The next batch works again. */
    assert_int_equal(store_request_begin(f->s), SL_OK);
    assert_int_equal(add_company(f->s, "c", "C"), SL_OK);
    assert_int_equal(store_request_end(f->s, true), SL_OK);
    assert_int_equal(store_batch_commit(f->s), SL_OK);
    assert_int_equal(count_companies(f->s, "c"), 1);
}

static void test_batch_uncommitted_lost_on_close(void **state)
{
    fixture *f = *state;
    assert_int_equal(store_request_begin(f->s), SL_OK);
    assert_int_equal(add_company(f->s, "x", "X"), SL_OK);
    store_request_end(f->s, true);
    /* Closing with an open batch rolls it back: nothing was acknowledged. */
    store_close(f->s);
    f->s = NULL;
    char err[256];
    assert_int_equal(store_open(f->path, &f->s, err, sizeof err), SL_OK);
    assert_int_equal(count_companies(f->s, "x"), 0);
}

static void test_batch_commit_without_batch(void **state)
{
    fixture *f = *state;
    assert_int_equal(store_batch_commit(f->s), SL_OK);
    store_request_end(f->s, true); /* unbalanced end is ignored */
    assert_false(store_batch_open(f->s));
    /* Two batches in a row. */
    for (int i = 0; i < 2; i++) {
        assert_int_equal(store_request_begin(f->s), SL_OK);
        assert_int_equal(add_company(f->s, i ? "b2" : "b1", "B"), SL_OK);
        store_request_end(f->s, true);
        assert_int_equal(store_batch_commit(f->s), SL_OK);
    }
    assert_int_equal(count_companies(f->s, "b1"), 1);
    assert_int_equal(count_companies(f->s, "b2"), 1);
}

static void test_exec_script(void **state)
{
    fixture *f = *state;
    char err[256] = "";
    assert_int_equal(store_exec_script(f->s,
                                       "INSERT INTO companies (id, name, created_at) "
                                       "VALUES ('s1', 'S', 0); "
                                       "INSERT INTO companies (id, name, created_at) "
                                       "VALUES ('s2', 'S', 0);",
                                       err, sizeof err),
                     SL_OK);
    assert_int_equal(count_companies(f->s, "s2"), 1);
    assert_int_not_equal(store_exec_script(f->s, "THIS IS NOT SQL", err, sizeof err), SL_OK);
    assert_true(err[0] != '\0');
}

/* The one writer of placements: a new row with its work facts, a status change, and an
 * unknown placement told apart from a change. */
static void test_placements_writer(void **state)
{
    fixture *f = *state;
    assert_int_equal(store_exec_script(f->s,
                                       "INSERT INTO users (id, username, display_name, role, "
                                       "password_hash, created_at) VALUES ('u', 'c', 'C', "
                                       "'coach', 'x', 0);"
                                       "INSERT INTO companies (id, name, created_at) VALUES "
                                       "('co', 'Winkel', 0);"
                                       "INSERT INTO classes (id, name, school_year) VALUES "
                                       "('k', '3A', 3);"
                                       "INSERT INTO students (id, first_name, last_name, "
                                       "class_id, school_year, date_of_birth, created_at) VALUES "
                                       "('s', 'A', 'B', 'k', 3, '2010-01-01', 0);",
                                       (char[256]){0}, 256),
                     SL_OK);
    const placement_row row = {.id = "p",
                               .student_id = "s",
                               .company_id = "co",
                               .coach_id = "u",
                               .kind = 4,
                               .status = 1,
                               .start_date = "2026-09-01",
                               .end_date = "2027-01-31",
                               .lift_kg = 9,
                               .days_since_pesticide = -1,
                               .cash_register = true};
    assert_int_equal(store_request_begin(f->s), SL_OK);
    assert_int_equal(placements_insert(f->s, &row, 1000), SL_OK);
    assert_int_equal(placements_set_status(f->s, "p", 4, 2000), SL_OK);
    assert_int_equal(placements_set_status(f->s, "nope", 4, 2000), SL_ENOTFOUND);
    assert_int_equal(store_request_end(f->s, true), SL_OK);
    assert_int_equal(store_batch_commit(f->s), SL_OK);
    sqlite3_stmt *q = store_query(f->s,
                                  "SELECT status, updated_at, lift_kg, cash_register, "
                                  "days_since_pesticide IS NULL FROM placements WHERE id = 'p'",
                                  SB_NONE);
    assert_int_equal(store_row(q), SL_OK);
    assert_int_equal(sqlite3_column_int(q, 0), 4);
    assert_int_equal(sqlite3_column_int64(q, 1), 2000);
    assert_int_equal(sqlite3_column_int(q, 2), 9);
    assert_int_equal(sqlite3_column_int(q, 3), 1);
    assert_int_equal(sqlite3_column_int(q, 4), 1);
    store_stmt_done(q);
    /* The view names the placement that started last as the student's current one. */
    q = store_query(
        f->s, "SELECT placement_id FROM student_current_placement WHERE student_id = 's'", SB_NONE);
    assert_int_equal(store_row(q), SL_OK);
    assert_string_equal(store_col(q, 0), "p");
    store_stmt_done(q);
}

/* The one writer of students: a new student, a profile change in one statement (home kept as
 * NULL when unknown, optional references as NULL), an unknown student told apart from a
 * change, and a missing class refused. */
static void test_students_writer(void **state)
{
    fixture *f = *state;
    assert_int_equal(store_exec_script(f->s,
                                       "INSERT INTO classes (id, name, school_year) VALUES "
                                       "('k', '3A', 3), ('k4', '4A', 4);",
                                       (char[256]){0}, 256),
                     SL_OK);
    const student_row row = {.id = "s",
                             .first_name = "Anna",
                             .last_name = "Berg",
                             .class_id = "k",
                             .date_of_birth = "2010-01-01",
                             .school_year = 3,
                             .nt2 = true};
    student_row orphan = row;
    orphan.id = "s2";
    orphan.class_id = "nope";
    assert_int_equal(store_request_begin(f->s), SL_OK);
    assert_int_equal(students_insert(f->s, &row, 1000), SL_OK);
    assert_int_equal(students_insert(f->s, &row, 1000), SL_EEXISTS);
    assert_int_equal(students_insert(f->s, &orphan, 1000), SL_EINVAL);
    const student_profile_row moved = {.class_id = "k4",
                                       .address = "Dorpsstraat 1",
                                       .name_prefix = "van der",
                                       .school_year = 4,
                                       .support_need = true,
                                       .home_latitude = 52.1,
                                       .home_longitude = 5.1,
                                       .definitive_sector = 0};
    assert_int_equal(students_update_profile(f->s, "s", &moved), SL_OK);
    assert_int_equal(students_update_profile(f->s, "nope", &moved), SL_ENOTFOUND);
    assert_int_equal(store_request_end(f->s, true), SL_OK);
    assert_int_equal(store_batch_commit(f->s), SL_OK);
    sqlite3_stmt *q = store_query(f->s,
                                  "SELECT class_id, school_year, nt2, support_need, address, "
                                  "name_prefix, home_latitude, definitive_sector IS NULL, "
                                  "support_coach_id IS NULL, created_at FROM students "
                                  "WHERE id = 's'",
                                  SB_NONE);
    assert_int_equal(store_row(q), SL_OK);
    assert_string_equal(store_col(q, 0), "k4");
    assert_int_equal(sqlite3_column_int(q, 1), 4);
    assert_int_equal(sqlite3_column_int(q, 2), 0);
    assert_int_equal(sqlite3_column_int(q, 3), 1);
    assert_string_equal(store_col(q, 4), "Dorpsstraat 1");
    assert_string_equal(store_col(q, 5), "van der");
    assert_true(sqlite3_column_double(q, 6) > 52.0);
    assert_int_equal(sqlite3_column_int(q, 7), 1);
    assert_int_equal(sqlite3_column_int(q, 8), 1);
    assert_int_equal(sqlite3_column_int64(q, 9), 1000);
    store_stmt_done(q);

    /* No home location: NULL again, not (0, 0). */
    student_profile_row unlocated = moved;
    unlocated.home_latitude = 0;
    unlocated.home_longitude = 0;
    assert_int_equal(store_request_begin(f->s), SL_OK);
    assert_int_equal(students_update_profile(f->s, "s", &unlocated), SL_OK);
    assert_int_equal(store_request_end(f->s, true), SL_OK);
    assert_int_equal(store_batch_commit(f->s), SL_OK);
    assert_int_equal(query_int(f->s, "SELECT home_latitude IS NULL AND home_longitude IS NULL "
                                     "FROM students WHERE id = 's'"),
                     1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_migrate_empty, setup_open, teardown),
        cmocka_unit_test_setup_teardown(test_placements_writer, setup_open, teardown),
        cmocka_unit_test_setup_teardown(test_students_writer, setup_open, teardown),
        cmocka_unit_test_setup_teardown(test_reopen_current, setup_open, teardown),
        cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup_dir, teardown),
        cmocka_unit_test_setup_teardown(test_open_unwritable_path, setup_dir, teardown),
        cmocka_unit_test_setup_teardown(test_pragmas, setup_open, teardown),
        cmocka_unit_test_setup_teardown(test_exec_unique_violation, setup_open, teardown),
        cmocka_unit_test_setup_teardown(test_exec_fk_and_check_violation, setup_open, teardown),
        cmocka_unit_test_setup_teardown(test_exec_changes, setup_open, teardown),
        cmocka_unit_test_setup_teardown(test_exec_bad_sql, setup_open, teardown),
        cmocka_unit_test_setup_teardown(test_bind_kind_follows_type, setup_open, teardown),
        cmocka_unit_test_setup_teardown(test_next_error_is_not_end, setup_open, teardown),
        cmocka_unit_test_setup_teardown(test_row_not_found, setup_open, teardown),
        cmocka_unit_test_setup_teardown(test_statement_cache_reuse, setup_open, teardown),
        cmocka_unit_test_setup_teardown(test_statement_cache_keyed_by_text, setup_open, teardown),
        cmocka_unit_test_setup_teardown(test_bind_helpers, setup_open, teardown),
        cmocka_unit_test_setup_teardown(test_batch_second_request_fails, setup_open, teardown),
        cmocka_unit_test_setup_teardown(test_batch_failed_statement_then_rollback, setup_open,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_batch_rolled_back_by_sqlite, setup_open, teardown),
        cmocka_unit_test_setup_teardown(test_batch_uncommitted_lost_on_close, setup_open, teardown),
        cmocka_unit_test_setup_teardown(test_batch_commit_without_batch, setup_open, teardown),
        cmocka_unit_test_setup_teardown(test_exec_script, setup_open, teardown),
    };
    return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
