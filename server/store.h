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

/* A cached prepared statement, already bound from `fmt` and the arguments:
 *   't' const char * (NULL binds NULL)   'i' int64_t   'I' int   'd' double
 *   'n' int, where 0 binds NULL (optional references such as a sector)
 *   'b' const void *, size_t (blob)
 * Returns NULL (and logs) on a prepare or bind error. The caller steps it and must call
 * store_stmt_done() afterwards, which resets it for reuse. */
sqlite3_stmt *store_query(store *s, const char *sql, const char *fmt, ...);
void store_stmt_done(sqlite3_stmt *st);

/* Runs a statement that returns no rows; maps constraint failures to SL_EEXISTS (unique) or
 * SL_EINVAL (foreign key / check). *changes gets sqlite3_changes() when non-NULL. */
sl_status store_exec(store *s, int *changes, const char *sql, const char *fmt, ...);

/* Steps a query expected to return at most one row: SL_OK with the row ready,
 * SL_ENOTFOUND when empty, SL_EINTERNAL on error. On SL_OK the caller reads columns and then
 * calls store_stmt_done(). On any other result the statement has been reset already. */
sl_status store_row(sqlite3_stmt *st);

/* Whether `sql` (bound as for store_query) returns a row: SL_OK when it does, SL_ENOTFOUND
 * when it does not, the error (SL_EINTERNAL, SL_EUNAVAIL) when the query failed, so a caller
 * guarding a write can refuse instead of treating a failure as "no". The statement is always
 * reset before returning. */
sl_status store_exists(store *s, const char *sql, const char *fmt, ...);

/* A text column, "" for NULL; valid until the statement steps or resets. */
const char *store_col(sqlite3_stmt *st, int col);

/* Batch transaction (see top of file). */
sl_status store_request_begin(store *s);
void store_request_end(store *s, bool success);
bool store_batch_open(store *s);
/* Durably commits the open batch; on failure everything in it is rolled back. */
sl_status store_batch_commit(store *s);

/* Runs a statement list outside any batch (start-up work such as creating the admin). */
sl_status store_exec_script(store *s, const char *sql, char *err, size_t errlen);

#endif
