/* The SQLite store: one connection owned by the event-loop thread, WAL mode, foreign keys,
 * numbered migrations embedded in the binary, cached prepared statements, and the batch
 * transaction that gives group commit.
 *
 * Group commit: the first write of a loop iteration opens BEGIN IMMEDIATE; every request runs
 * inside its own SAVEPOINT so a failing request rolls back alone; at the end of the iteration
 * one COMMIT (fsync with synchronous=FULL) makes the whole batch durable, and only then are the
 * batch's replies sent. */
#ifndef SL_STORE_H
#define SL_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "sl_error.h"

typedef struct store store;

/* Opens (creating if needed) the database file and applies pending migrations. */
sl_status store_open(const char *path, store **out, char *err, size_t errlen);
/* Opens a second, read-only connection to the same database for reads that must not wait
 * for the write connection (no migrations; the writer has applied them). */
sl_status store_open_reader(const char *path, store **out, char *err, size_t errlen);
/* Read store: opens one snapshot (a read transaction) if none is open, so that every read
 * until store_read_end() sees one committed state without a lock per statement. */
sl_status store_read_begin(store *s);
void store_read_end(store *s);

/* Rolls back an open batch, finalizes statements, closes; NULL-safe. */
void store_close(store *s);

int store_schema_version(store *s);
int store_latest_version(void);
sqlite3 *store_db(store *s);

/* A value bound to one `?N` parameter. Build them with SB(x), whose C type picks the kind at
 * compile time, so a bind can never disagree with its argument:
 *   char * / const char *             text (a NULL pointer binds NULL)
 *   any integer type, bool, enums     64-bit integer
 *   double / float                    real
 * and with the helpers for the two special cases: SB_ZERO_NULL(i) (an integer that binds NULL
 * when 0, for optional references such as a sector), SB_BLOB(p, n), and SB_NULL. Values are
 * copied into the statement when it is bound (SQLITE_TRANSIENT); the caller keeps ownership. */
typedef enum {
    SB_KIND_END,
    SB_KIND_NULL,
    SB_KIND_INT,
    SB_KIND_REAL,
    SB_KIND_TEXT,
    SB_KIND_BLOB
} sl_bind_kind;

typedef struct {
    sl_bind_kind kind;
    int64_t i;
    double d;
    const void *p; /* text (NUL-terminated) or blob bytes */
    size_t n;      /* blob length in bytes */
} sl_bind;

static inline sl_bind sl_bind_text(const char *v)
{
    return (sl_bind){.kind = v ? SB_KIND_TEXT : SB_KIND_NULL, .p = v};
}
static inline sl_bind sl_bind_int(int64_t v)
{
    return (sl_bind){.kind = SB_KIND_INT, .i = v};
}
static inline sl_bind sl_bind_real(double v)
{
    return (sl_bind){.kind = SB_KIND_REAL, .d = v};
}
static inline sl_bind sl_bind_zero_null(int64_t v)
{
    return (sl_bind){.kind = v ? SB_KIND_INT : SB_KIND_NULL, .i = v};
}
static inline sl_bind sl_bind_blob(const void *p, size_t n)
{
    return (sl_bind){.kind = SB_KIND_BLOB, .p = p, .n = n};
}

/* No default branch: an argument of any other type (a struct, a void *) does not compile. */
#define SB(x)                                                                                      \
    _Generic((x),                                                                                  \
        char *: sl_bind_text,                                                                      \
        const char *: sl_bind_text,                                                                \
        _Bool: sl_bind_int,                                                                        \
        char: sl_bind_int,                                                                         \
        signed char: sl_bind_int,                                                                  \
        unsigned char: sl_bind_int,                                                                \
        short: sl_bind_int,                                                                        \
        unsigned short: sl_bind_int,                                                               \
        int: sl_bind_int,                                                                          \
        unsigned: sl_bind_int,                                                                     \
        long: sl_bind_int,                                                                         \
        unsigned long: sl_bind_int,                                                                \
        long long: sl_bind_int,                                                                    \
        unsigned long long: sl_bind_int,                                                           \
        float: sl_bind_real,                                                                       \
        double: sl_bind_real)(x)
#define SB_ZERO_NULL(x) sl_bind_zero_null(x)
#define SB_BLOB(p, n) sl_bind_blob((p), (n))
#define SB_NULL ((sl_bind){.kind = SB_KIND_NULL})
/* Ends a bind list; also what a statement without parameters passes: store_query(s, sql,
 * SB_NONE). */
#define SB_END ((sl_bind){.kind = SB_KIND_END})
#define SB_NONE SB_END

/* A cached prepared statement, already bound from `binds` (terminated by SB_END; bind i goes
 * to parameter ?i+1). Returns NULL (and logs) on a prepare or bind error. The caller steps it
 * with store_next()/store_row() and must call store_stmt_done() afterwards, which resets it for
 * reuse. Use the store_query() macro. */
sqlite3_stmt *store_query_binds(store *s, const char *sql, const sl_bind *binds);
#define store_query(s, sql, ...)                                                                   \
    store_query_binds((s), (sql), (const sl_bind[]){__VA_ARGS__, SB_END})
void store_stmt_done(sqlite3_stmt *st);

/* Runs a statement that returns no rows; maps constraint failures to SL_EEXISTS (unique) or
 * SL_EINVAL (foreign key / check). *changes gets sqlite3_changes() when non-NULL. Use the
 * store_exec() macro: store_exec(s, &changes, sql, SB(a), ...). */
sl_status store_exec_binds(store *s, int *changes, const char *sql, const sl_bind *binds);
#define store_exec(s, changes, sql, ...)                                                           \
    store_exec_binds((s), (changes), (sql), (const sl_bind[]){__VA_ARGS__, SB_END})

/* Steps a multi-row query: SL_OK with *row true when a row is ready, SL_OK with *row false at
 * the end (the statement is then reset), or the error (SL_EINTERNAL, SL_EUNAVAIL, statement
 * reset) when the step failed, so a caller never mistakes a failure for the end of the rows.
 * A NULL statement (a failed store_query) is SL_EINTERNAL. */
sl_status store_next(sqlite3_stmt *st, bool *row);

/* Steps a query expected to return at most one row: SL_OK with the row ready,
 * SL_ENOTFOUND when empty, SL_EINTERNAL on error. On SL_OK the caller reads columns and then
 * calls store_stmt_done(). On any other result the statement has been reset already. */
sl_status store_row(sqlite3_stmt *st);

/* Whether `sql` (bound as for store_query) returns a row: SL_OK when it does, SL_ENOTFOUND
 * when it does not, the error (SL_EINTERNAL, SL_EUNAVAIL) when the query failed, so a caller
 * guarding a write can refuse instead of treating a failure as "no". The statement is always
 * reset before returning. Use the store_exists() macro. */
sl_status store_exists_binds(store *s, const char *sql, const sl_bind *binds);
#define store_exists(s, sql, ...)                                                                  \
    store_exists_binds((s), (sql), (const sl_bind[]){__VA_ARGS__, SB_END})

/* A text column, "" for NULL; valid until the statement steps or resets. */
const char *store_col(sqlite3_stmt *st, int col);

/* Batch transaction (see top of file). store_request_begin opens the request's savepoint
 * (and the batch when none is open); SL_EUNAVAIL when the batch cannot start or was lost.
 * store_request_end releases it, rolled back first unless `success`. It returns SL_EUNAVAIL
 * when SQLite had rolled back the whole batch transaction after a statement error
 * (sqlite3_get_autocommit() true again): every request of the batch so far is lost, not just
 * this one, and store_request_begin refuses until store_batch_commit has reported the loss
 * (SL_EUNAVAIL) to the caller, whose clients must then all hear that nothing was saved.
 * SL_EINTERNAL when the savepoint could not be rolled back or released. */
sl_status store_request_begin(store *s);
sl_status store_request_end(store *s, bool success);
bool store_batch_open(store *s);
/* Durably commits the open batch; on failure (or a lost batch) everything in it is rolled
 * back and SL_EUNAVAIL returned. */
sl_status store_batch_commit(store *s);

/* Runs a statement list outside any batch (start-up work such as creating the admin). */
sl_status store_exec_script(store *s, const char *sql, char *err, size_t errlen);

#endif
