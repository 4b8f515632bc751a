#include "kiosk_queue.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

struct kiosk_queue {
    sqlite3 *db;
};

static const char SCHEMA[] = "CREATE TABLE IF NOT EXISTS queued ("
                             " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                             " queued_at INTEGER NOT NULL,"
                             " state INTEGER NOT NULL DEFAULT 0,"
                             " username TEXT NOT NULL,"
                             " token TEXT NOT NULL,"
                             " label TEXT NOT NULL,"
                             " kind INTEGER NOT NULL DEFAULT 0,"
                             " message TEXT NOT NULL DEFAULT '',"
                             " envelope BLOB NOT NULL);";

static sl_status fail(kiosk_queue *q, char *err, size_t errlen, const char *what)
{
    if (err && errlen)
        snprintf(err, errlen, "%s: %s", what, q->db ? sqlite3_errmsg(q->db) : "out of memory");
    return SL_EIO;
}

sl_status kq_open(const char *path, kiosk_queue **out, char *err, size_t errlen)
{
    *out = NULL;
    /* The file holds session tokens: only the kiosk's own account may read it. */
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot open", path);
        return SL_EIO;
    }
    close(fd);
    kiosk_queue *q = calloc(1, sizeof *q);
    if (!q)
        return SL_ENOMEM;
    sl_status st = SL_OK;
    if (sqlite3_open_v2(path, &q->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        st = fail(q, err, errlen, path);
    else if (sqlite3_exec(q->db,
                          "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                          " PRAGMA busy_timeout=2000;",
                          NULL, NULL, NULL) != SQLITE_OK ||
             sqlite3_exec(q->db, SCHEMA, NULL, NULL, NULL) != SQLITE_OK)
        st = fail(q, err, errlen, path);
    if (st != SL_OK) {
        kq_close(q);
        return st;
    }
    *out = q;
    return SL_OK;
}

struct sqlite3 *kq_db(kiosk_queue *q)
{
    return q->db;
}

void kq_close(kiosk_queue *q)
{
    if (!q)
        return;
    sqlite3_close(q->db);
    free(q);
}

/* Prepares sql; NULL on failure (the caller reports SL_EIO). */
static sqlite3_stmt *prepare(kiosk_queue *q, const char *sql)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(q->db, sql, -1, &s, NULL) != SQLITE_OK) {
        sqlite3_finalize(s);
        return NULL;
    }
    return s;
}

/* Runs a statement that returns no rows, then finalizes it. */
static sl_status run(sqlite3_stmt *s)
{
    if (!s)
        return SL_EIO;
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? SL_OK : SL_EIO;
}

sl_status kq_add(kiosk_queue *q, const char *username, const char *token, const char *label,
                 int kind, const uint8_t *envelope, size_t envelope_len, int64_t *seq)
{
    if (!username || !username[0] || !envelope || envelope_len == 0 || envelope_len > INT32_MAX)
        return SL_EINVAL;
    sqlite3_stmt *s = prepare(q, "INSERT INTO queued(queued_at, username, token, label, envelope,"
                                 " kind) VALUES (?, ?, ?, ?, ?, ?)");
    if (!s)
        return SL_EIO;
    sqlite3_bind_int64(s, 1, (sqlite3_int64)time(NULL));
    sqlite3_bind_text(s, 2, username, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, token ? token : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 4, label ? label : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(s, 5, envelope, (int)envelope_len, SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 6, kind);
    sl_status st = run(s);
    if (st == SL_OK && seq)
        *seq = (int64_t)sqlite3_last_insert_rowid(q->db);
    return st;
}

static void copy_text(char *dst, size_t n, const unsigned char *src)
{
    snprintf(dst, n, "%s", src ? (const char *)src : "");
}

/* Fills it from a row of "seq, queued_at, state, username, token, label, message[, envelope]". */
static sl_status read_item(sqlite3_stmt *s, kq_item *it, bool with_envelope)
{
    memset(it, 0, sizeof *it);
    it->seq = sqlite3_column_int64(s, 0);
    it->queued_at = sqlite3_column_int64(s, 1);
    it->state = sqlite3_column_int(s, 2) == KQ_REFUSED ? KQ_REFUSED : KQ_WAITING;
    copy_text(it->username, sizeof it->username, sqlite3_column_text(s, 3));
    copy_text(it->token, sizeof it->token, sqlite3_column_text(s, 4));
    copy_text(it->label, sizeof it->label, sqlite3_column_text(s, 5));
    copy_text(it->message, sizeof it->message, sqlite3_column_text(s, 6));
    if (!with_envelope)
        return SL_OK;
    int len = sqlite3_column_bytes(s, 7);
    const void *blob = sqlite3_column_blob(s, 7);
    if (len <= 0 || !blob)
        return SL_EIO;
    it->envelope = malloc((size_t)len);
    if (!it->envelope)
        return SL_ENOMEM;
    memcpy(it->envelope, blob, (size_t)len);
    it->envelope_len = (size_t)len;
    return SL_OK;
}

sl_status kq_next(kiosk_queue *q, const char *username, kq_item *it)
{
    memset(it, 0, sizeof *it);
    sqlite3_stmt *s = prepare(q, "SELECT seq, queued_at, state, username, token, label, message,"
                                 " envelope FROM queued WHERE state = 0"
                                 " AND (?1 IS NULL OR username = ?1) ORDER BY seq LIMIT 1");
    if (!s)
        return SL_EIO;
    if (username)
        sqlite3_bind_text(s, 1, username, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    sl_status st = rc == SQLITE_ROW    ? read_item(s, it, true)
                   : rc == SQLITE_DONE ? SL_ENOTFOUND
                                       : SL_EIO;
    sqlite3_finalize(s);
    if (st != SL_OK)
        kq_item_clear(it);
    return st;
}

sl_status kq_done(kiosk_queue *q, int64_t seq, bool refused, const char *message)
{
    sqlite3_stmt *s = prepare(q, refused ? "UPDATE queued SET state = 1, message = ?2,"
                                           " token = '' WHERE seq = ?1"
                                         : "DELETE FROM queued WHERE seq = ?1");
    if (!s)
        return SL_EIO;
    sqlite3_bind_int64(s, 1, (sqlite3_int64)seq);
    if (refused)
        sqlite3_bind_text(s, 2, message ? message : "", -1, SQLITE_TRANSIENT);
    return run(s);
}

sl_status kq_set_token(kiosk_queue *q, const char *username, const char *token)
{
    sqlite3_stmt *s =
        prepare(q, "UPDATE queued SET token = ?2, message = '' WHERE username = ?1 AND state = 0");
    if (!s)
        return SL_EIO;
    sqlite3_bind_text(s, 1, username, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, token, -1, SQLITE_TRANSIENT);
    return run(s);
}

sl_status kq_clear_refused(kiosk_queue *q, const char *username)
{
    sqlite3_stmt *s = prepare(q, "DELETE FROM queued WHERE username = ?1 AND state = 1");
    if (!s)
        return SL_EIO;
    sqlite3_bind_text(s, 1, username, -1, SQLITE_TRANSIENT);
    return run(s);
}

sl_status kq_note_waiting(kiosk_queue *q, const char *username, const char *note)
{
    sqlite3_stmt *s =
        prepare(q, "UPDATE queued SET message = ?2 WHERE username = ?1 AND state = 0");
    if (!s)
        return SL_EIO;
    sqlite3_bind_text(s, 1, username, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, note, -1, SQLITE_TRANSIENT);
    return run(s);
}

sl_status kq_list(kiosk_queue *q, kq_item *items, size_t max, size_t *n)
{
    *n = 0;
    sqlite3_stmt *s = prepare(q, "SELECT seq, queued_at, state, username, token, label, message"
                                 " FROM queued ORDER BY seq");
    if (!s)
        return SL_EIO;
    int rc;
    while (*n < max && (rc = sqlite3_step(s)) == SQLITE_ROW)
        read_item(s, &items[(*n)++], false);
    sqlite3_finalize(s);
    return *n == max || rc == SQLITE_DONE ? SL_OK : SL_EIO;
}

long kq_waiting(kiosk_queue *q)
{
    sqlite3_stmt *s = prepare(q, "SELECT count(*) FROM queued WHERE state = 0");
    if (!s)
        return -1;
    long n = sqlite3_step(s) == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : -1;
    sqlite3_finalize(s);
    return n;
}

sl_status kq_accounts(kiosk_queue *q, char (*names)[KQ_USER_LEN], size_t max, size_t *n)
{
    *n = 0;
    sqlite3_stmt *s = prepare(q, "SELECT username FROM queued WHERE state = 0"
                                 " GROUP BY username ORDER BY min(seq)");
    if (!s)
        return SL_EIO;
    int rc;
    while (*n < max && (rc = sqlite3_step(s)) == SQLITE_ROW)
        copy_text(names[(*n)++], KQ_USER_LEN, sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return *n == max || rc == SQLITE_DONE ? SL_OK : SL_EIO;
}

bool kq_has_waiting(kiosk_queue *q, const char *username)
{
    sqlite3_stmt *s = prepare(q, "SELECT 1 FROM queued WHERE state = 0 AND username = ?1");
    if (!s)
        return false;
    sqlite3_bind_text(s, 1, username, -1, SQLITE_TRANSIENT);
    bool any = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    return any;
}

void kq_item_clear(kq_item *it)
{
    free(it->envelope);
    it->envelope = NULL;
    it->envelope_len = 0;
}

int kq_last_kind(kiosk_queue *q, const char *username, int kind_a, int kind_b)
{
    sqlite3_stmt *s = prepare(q, "SELECT kind FROM queued WHERE state = 0 AND username = ?1"
                                 " AND kind IN (?2, ?3) ORDER BY seq DESC LIMIT 1");
    if (!s)
        return 0;
    sqlite3_bind_text(s, 1, username, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 2, kind_a);
    sqlite3_bind_int(s, 3, kind_b);
    int kind = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
    sqlite3_finalize(s);
    return kind;
}
