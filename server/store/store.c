#include "store.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collate.h"
#include "log.h"

/* Generated at build time from server/migrations/NNN_*.sql. */
extern const char *const sl_migrations[];
extern const int sl_migrations_count;

#define STMT_CACHE 256

struct store {
    sqlite3 *db;
    bool batch_open;
    bool read_open;  /* read store: a snapshot (BEGIN) is open */
    bool batch_lost; /* SQLite rolled the whole batch back after a statement error */
    int depth;
    struct {
        /* Keyed by the statement's text, not its address: a statement built at run time
         * may reuse the address of another one, and one text must find one statement. */
        uint64_t hash;
        sqlite3_stmt *st;
    } cache[STMT_CACHE];
};

sqlite3 *store_db(store *s)
{
    return s->db;
}

int store_latest_version(void)
{
    return sl_migrations_count;
}

int store_schema_version(store *s)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    return v;
}

sl_status store_exec_script(store *s, const char *sql, char *err, size_t errlen)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return SL_EINTERNAL;
    }
    return SL_OK;
}

static sl_status migrate(store *s, char *err, size_t errlen)
{
    int have = store_schema_version(s);
    if (have < 0) {
        snprintf(err, errlen, "cannot read schema version: %s", sqlite3_errmsg(s->db));
        return SL_EINTERNAL;
    }
    if (have > sl_migrations_count) {
        snprintf(err, errlen,
                 "database schema version %d is newer than this stagelijnd knows (%d); "
                 "refusing to start",
                 have, sl_migrations_count);
        return SL_EPRECOND;
    }
    for (int v = have + 1; v <= sl_migrations_count; v++) {
        char why[512];
        char pragma[64];
        /* Each migration and its version bump commit together, so a crash mid-way leaves
         * the previous version intact. */
        if (store_exec_script(s, "BEGIN IMMEDIATE", why, sizeof why) != SL_OK)
            goto fail;
        if (store_exec_script(s, sl_migrations[v - 1], why, sizeof why) != SL_OK) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            goto fail;
        }
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v);
        if (store_exec_script(s, pragma, why, sizeof why) != SL_OK ||
            store_exec_script(s, "COMMIT", why, sizeof why) != SL_OK) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            goto fail;
        }
        LOG_INFO("store", "applied migration %03d", v);
        continue;
    fail:
        snprintf(err, errlen, "migration %03d failed: %s", v, why);
        return SL_EINTERNAL;
    }
    return SL_OK;
}

/* SQLite counts every allocation and free under one process-wide mutex unless told not to
 * (about 4 % of a point read's CPU), and nothing here reads those counts. The setting must
 * precede SQLite's initialization, so the first store_open of the process makes it; later
 * calls find SQLite initialized and leave it as it is (main thread, at start-up only). */
static void configure_sqlite_once(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
        LOG_INFO("store", "SQLite was initialized already: it keeps counting its memory");
}

sl_status store_open(const char *path, store **out, char *err, size_t errlen)
{
    configure_sqlite_once();
    store *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return SL_ENOMEM;
    }
    /* One thread uses a connection at a time (the loop, or the committer during a COMMIT), so
     * SQLite's own mutexes only cost time. */
    if (sqlite3_open_v2(path, &s->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        snprintf(err, errlen, "cannot open %s: %s", path,
                 s->db ? sqlite3_errmsg(s->db) : "out of memory");
        store_close(s);
        return SL_EIO;
    }
    sqlite3_extended_result_codes(s->db, 1);
    if (collate_register(s->db, err, errlen) != SL_OK) {
        store_close(s);
        return SL_EINTERNAL;
    }
    /* synchronous=FULL in WAL mode fsyncs the WAL at every commit: an acknowledged write
     * survives power loss. journal_size_limit: when the WAL starts over after a checkpoint,
     * SQLite cuts it back to 16 MiB instead of keeping its peak (a long reader once left
     * 380 MB). Four times the usual WAL (1000-page autocheckpoint, about 4 MiB), so ordinary
     * cycles reuse the file and never pay for shrinking and growing it. */
    static const char *const pragmas = "PRAGMA journal_mode = WAL;"
                                       "PRAGMA synchronous = FULL;"
                                       "PRAGMA journal_size_limit = 16777216;"
                                       "PRAGMA foreign_keys = ON;"
                                       "PRAGMA busy_timeout = 5000;"
                                       "PRAGMA trusted_schema = OFF;"
                                       /* A batch of hundreds of inserts dirties pages in
                                        * several indexes; a page cache that spills to the
                                        * WAL mid-batch costs writes (16 MiB). */
                                       "PRAGMA cache_size = -16384;";
    sl_status st = store_exec_script(s, pragmas, err, errlen);
    if (st == SL_OK)
        st = migrate(s, err, errlen);
    if (st != SL_OK) {
        store_close(s);
        return st;
    }
    *out = s;
    return SL_OK;
}

sl_status store_open_reader(const char *path, store **out, char *err, size_t errlen)
{
    store *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return SL_ENOMEM;
    }
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        snprintf(err, errlen, "cannot open %s for reading: %s", path,
                 s->db ? sqlite3_errmsg(s->db) : "out of memory");
        store_close(s);
        return SL_EIO;
    }
    sqlite3_extended_result_codes(s->db, 1);
    if (collate_register(s->db, err, errlen) != SL_OK) {
        store_close(s);
        return SL_EINTERNAL;
    }
    sl_status st = store_exec_script(s,
                                     "PRAGMA busy_timeout = 5000;"
                                     "PRAGMA trusted_schema = OFF;"
                                     "PRAGMA query_only = ON;",
                                     err, errlen);
    if (st != SL_OK) {
        store_close(s);
        return st;
    }
    *out = s;
    return SL_OK;
}

sl_status store_read_begin(store *s)
{
    char err[256];
    if (s->read_open)
        return SL_OK;
    if (store_exec_script(s, "BEGIN", err, sizeof err) != SL_OK) {
        LOG_ERROR("store", "BEGIN (read) failed: %s", err);
        return SL_EUNAVAIL;
    }
    s->read_open = true;
    return SL_OK;
}

void store_read_end(store *s)
{
    char err[256];
    if (!s->read_open)
        return;
    s->read_open = false;
    /* Statements still stepping would keep the snapshot; every caller resets its own. */
    if (store_exec_script(s, "COMMIT", err, sizeof err) != SL_OK) {
        LOG_ERROR("store", "end of read snapshot failed: %s", err);
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    }
}

void store_close(store *s)
{
    if (!s)
        return;
    if (s->batch_open || s->read_open)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    for (int i = 0; i < STMT_CACHE; i++)
        if (s->cache[i].st)
            sqlite3_finalize(s->cache[i].st);
    if (s->db)
        sqlite3_close(s->db);
    free(s);
}

/* FNV-1a over the statement's text: where its slot in the cache starts. */
static uint64_t sql_hash(const char *sql)
{
    uint64_t h = 14695981039346656037ULL;
    for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h;
}

static sqlite3_stmt *cached_prepare(store *s, const char *sql)
{
    uint64_t key = sql_hash(sql);
    size_t h = key % STMT_CACHE;
    for (size_t n = 0; n < STMT_CACHE; n++, h = (h + 1) % STMT_CACHE) {
        if (s->cache[h].st && s->cache[h].hash == key &&
            strcmp(sqlite3_sql(s->cache[h].st), sql) == 0)
            return s->cache[h].st;
        if (!s->cache[h].st) {
            sqlite3_stmt *st;
            if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
                SQLITE_OK) {
                LOG_ERROR("store", "prepare failed: %s", sqlite3_errmsg(s->db));
                return NULL;
            }
            s->cache[h].hash = key;
            s->cache[h].st = st;
            return st;
        }
    }
    /* Cache full: a programming error (more distinct statements than slots). */
    LOG_ERROR("store", "statement cache full");
    return NULL;
}

static bool bind_all(sqlite3_stmt *st, const sl_bind *binds)
{
    int rc = SQLITE_OK;
    for (int i = 0; binds[i].kind != SB_KIND_END && rc == SQLITE_OK; i++) {
        const sl_bind *b = &binds[i];
        int idx = i + 1;
        switch (b->kind) {
        case SB_KIND_NULL:
            rc = sqlite3_bind_null(st, idx);
            break;
        case SB_KIND_INT:
            rc = sqlite3_bind_int64(st, idx, b->i);
            break;
        case SB_KIND_REAL:
            rc = sqlite3_bind_double(st, idx, b->d);
            break;
        case SB_KIND_TEXT:
            rc = sqlite3_bind_text(st, idx, b->p, -1, SQLITE_TRANSIENT);
            break;
        case SB_KIND_BLOB:
            rc = b->n > INT_MAX ? SQLITE_TOOBIG
                                : sqlite3_bind_blob(st, idx, b->p, (int)b->n, SQLITE_TRANSIENT);
            break;
        default:
            rc = SQLITE_MISUSE;
        }
    }
    return rc == SQLITE_OK;
}

sqlite3_stmt *store_query_binds(store *s, const char *sql, const sl_bind *binds)
{
    sqlite3_stmt *st = cached_prepare(s, sql);
    if (!st)
        return NULL;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (!bind_all(st, binds)) {
        LOG_ERROR("store", "bind failed: %s", sqlite3_errmsg(s->db));
        sqlite3_reset(st);
        return NULL;
    }
    return st;
}

const char *store_col(sqlite3_stmt *st, int col)
{
    const unsigned char *v = sqlite3_column_text(st, col);
    return v ? (const char *)v : "";
}

void store_stmt_done(sqlite3_stmt *st)
{
    if (st) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    }
}

static sl_status map_rc(sqlite3 *db, int rc)
{
    switch (rc & 0xff) {
    case SQLITE_DONE:
    case SQLITE_ROW:
    case SQLITE_OK:
        return SL_OK;
    case SQLITE_CONSTRAINT:
        if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
            return SL_EEXISTS;
        return SL_EINVAL;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return SL_EUNAVAIL;
    case SQLITE_FULL:
    case SQLITE_IOERR:
        LOG_ERROR("store", "disk error: %s", sqlite3_errmsg(db));
        return SL_EUNAVAIL;
    default:
        LOG_ERROR("store", "sqlite error %d: %s", rc, sqlite3_errmsg(db));
        return SL_EINTERNAL;
    }
}

sl_status store_exec_binds(store *s, int *changes, const char *sql, const sl_bind *binds)
{
    sqlite3_stmt *st = store_query_binds(s, sql, binds);
    if (!st)
        return SL_EINTERNAL;
    int rc = sqlite3_step(st);
    sl_status result = rc == SQLITE_ROW ? SL_OK : map_rc(s->db, rc);
    if (changes)
        *changes = sqlite3_changes(s->db);
    store_stmt_done(st);
    return result;
}

sl_status store_row(sqlite3_stmt *st)
{
    if (!st)
        return SL_EINTERNAL;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return SL_OK;
    sl_status r = rc == SQLITE_DONE ? SL_ENOTFOUND : map_rc(sqlite3_db_handle(st), rc);
    store_stmt_done(st);
    return r;
}

sl_status store_next(sqlite3_stmt *st, bool *row)
{
    *row = false;
    if (!st)
        return SL_EINTERNAL;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *row = true;
        return SL_OK;
    }
    sl_status r = rc == SQLITE_DONE ? SL_OK : map_rc(sqlite3_db_handle(st), rc);
    store_stmt_done(st);
    return r;
}

sl_status store_exists_binds(store *s, const char *sql, const sl_bind *binds)
{
    sqlite3_stmt *st = store_query_binds(s, sql, binds);
    sl_status r = store_row(st);
    /* store_row already reset the statement on every result but SL_OK; the caller only
     * wanted to know whether a row is there, so it is done with it here too. */
    if (r == SL_OK)
        store_stmt_done(st);
    return r;
}

bool store_batch_open(store *s)
{
    return s->batch_open;
}

sl_status store_request_begin(store *s)
{
    char err[256];
    /* A SAVEPOINT outside a transaction would start one of its own that commits alone at
     * RELEASE: no request runs until the lost batch has been failed by store_batch_commit. */
    if (s->batch_lost)
        return SL_EUNAVAIL;
    if (!s->batch_open) {
        if (store_exec_script(s, "BEGIN IMMEDIATE", err, sizeof err) != SL_OK) {
            LOG_ERROR("store", "BEGIN failed: %s", err);
            return SL_EUNAVAIL;
        }
        s->batch_open = true;
    }
    if (store_exec_script(s, "SAVEPOINT req", err, sizeof err) != SL_OK) {
        LOG_ERROR("store", "SAVEPOINT failed: %s", err);
        return SL_EINTERNAL;
    }
    s->depth++;
    return SL_OK;
}

sl_status store_request_end(store *s, bool success)
{
    char err[256];
    if (s->depth == 0)
        return SL_OK;
    s->depth--;
    /* Some statement errors (a full disk, an I/O error, an interrupt, out of memory) make
     * SQLite roll back the whole transaction, not just the statement: the batch is gone,
     * with the requests before this one that were told nothing yet. */
    if (s->batch_open && sqlite3_get_autocommit(s->db)) {
        LOG_ERROR("store", "the batch transaction was rolled back by SQLite");
        s->batch_lost = true;
        s->depth = 0;
        return SL_EUNAVAIL;
    }
    sl_status st = SL_OK;
    if (!success && store_exec_script(s, "ROLLBACK TO req", err, sizeof err) != SL_OK) {
        LOG_ERROR("store", "ROLLBACK TO failed: %s", err);
        st = SL_EINTERNAL;
    }
    if (store_exec_script(s, "RELEASE req", err, sizeof err) != SL_OK) {
        LOG_ERROR("store", "RELEASE failed: %s", err);
        st = SL_EINTERNAL;
    }
    return st;
}

sl_status store_batch_commit(store *s)
{
    char err[256];
    if (!s->batch_open)
        return SL_OK;
    s->batch_open = false;
    if (s->batch_lost) {
        s->batch_lost = false;
        return SL_EUNAVAIL; /* nothing of it is left to commit */
    }
    if (store_exec_script(s, "COMMIT", err, sizeof err) != SL_OK) {
        LOG_ERROR("store", "COMMIT failed: %s", err);
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return SL_EUNAVAIL;
    }
    return SL_OK;
}
