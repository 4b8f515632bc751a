#include "kiosk_cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sqlite3.h>

/* scrypt N = 2^15, r = 8, p = 1: about 0.1 s and 32 MiB on a kiosk, so that guessing the
 * 10^4..10^6 PINs from a stolen file costs hours per intern rather than a moment. */
#define VERIFIER_LOG2N 15
#define VERIFIER_R 8
#define VERIFIER_P 1
#define VERIFIER_MAXMEM (64u * 1024 * 1024)
#define SALT_LEN 16
#define HASH_LEN 32

struct kiosk_cache {
    sqlite3 *db; /* the queue's connection (synchronous=FULL): verifiers, throttles, device */
    /* A connection of its own to the same file for the last known reads, synchronous=NORMAL:
     * a read on the screen should not wait for the disk, and a read lost in a power cut is
     * only read again (a lost wrong-PIN count would not be, hence the other connection). */
    sqlite3 *reads;
    long keep;
};

static const char SCHEMA[] =
    "CREATE TABLE IF NOT EXISTS pin_verifiers ("
    " username TEXT PRIMARY KEY, display_name TEXT NOT NULL, salt BLOB NOT NULL,"
    " hash BLOB NOT NULL, saved_at INTEGER NOT NULL, failures INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE IF NOT EXISTS pin_device_failures ("
    " id INTEGER PRIMARY KEY CHECK (id = 1), failures INTEGER NOT NULL,"
    " first_failure INTEGER NOT NULL, last_failure INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS last_reads ("
    " username TEXT NOT NULL, request BLOB NOT NULL, reply BLOB NOT NULL,"
    " saved_at INTEGER NOT NULL, PRIMARY KEY (username, request));"
    "CREATE TABLE IF NOT EXISTS device ("
    " id INTEGER PRIMARY KEY CHECK (id = 1), company_id TEXT NOT NULL,"
    " company_name TEXT NOT NULL);";

static sqlite3_stmt *prepare_on(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
        sqlite3_finalize(s);
        return NULL;
    }
    return s;
}

static sqlite3_stmt *prepare(kiosk_cache *c, const char *sql)
{
    return prepare_on(c->db, sql);
}

static sl_status run(sqlite3_stmt *s)
{
    if (!s)
        return SL_EIO;
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? SL_OK : SL_EIO;
}

/* Forgets what is older than the kept time: verifiers (their failures with them) and reads. */
static void expire(kiosk_cache *c, int64_t now)
{
    static const char *const sql[] = {"DELETE FROM pin_verifiers WHERE saved_at < ?",
                                      "DELETE FROM last_reads WHERE saved_at < ?"};
    for (size_t i = 0; i < 2; i++) {
        sqlite3_stmt *s = prepare_on(i == 0 ? c->db : c->reads, sql[i]);
        if (s)
            sqlite3_bind_int64(s, 1, now - c->keep);
        run(s);
    }
}

sl_status kc_open(kiosk_queue *q, long keep_seconds, kiosk_cache **out)
{
    *out = NULL;
    if (keep_seconds <= 0)
        return SL_EINVAL;
    kiosk_cache *c = calloc(1, sizeof *c);
    if (!c)
        return SL_ENOMEM;
    c->db = kq_db(q);
    c->keep = keep_seconds;
    const char *path = sqlite3_db_filename(c->db, "main");
    if (sqlite3_exec(c->db, SCHEMA, NULL, NULL, NULL) != SQLITE_OK || !path || !path[0] ||
        sqlite3_open_v2(path, &c->reads, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
        sqlite3_exec(c->reads, "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=2000;", NULL, NULL,
                     NULL) != SQLITE_OK) {
        kc_close(c);
        return SL_EIO;
    }
    *out = c;
    return SL_OK;
}

sl_status kc_set_keep(kiosk_cache *c, long keep_seconds)
{
    if (keep_seconds <= 0)
        return SL_EINVAL;
    c->keep = keep_seconds;
    return SL_OK;
}

void kc_close(kiosk_cache *c)
{
    if (!c)
        return;
    sqlite3_close(c->reads); /* NULL-safe */
    free(c);
}

static bool derive(const char *pin, const unsigned char *salt, unsigned char hash[HASH_LEN])
{
    return EVP_PBE_scrypt(pin, strlen(pin), salt, SALT_LEN, (uint64_t)1 << VERIFIER_LOG2N,
                          VERIFIER_R, VERIFIER_P, VERIFIER_MAXMEM, hash, HASH_LEN) == 1;
}

sl_status kc_remember_pin(kiosk_cache *c, const kc_person *p, const char *pin, int64_t now)
{
    unsigned char salt[SALT_LEN], hash[HASH_LEN];
    if (RAND_bytes(salt, SALT_LEN) != 1 || !derive(pin, salt, hash))
        return SL_EIO;
    sqlite3_stmt *s = prepare(c, "INSERT OR REPLACE INTO pin_verifiers (username, display_name, "
                                 "salt, hash, saved_at, failures) VALUES (?, ?, ?, ?, ?, 0)");
    if (s) {
        sqlite3_bind_text(s, 1, p->username, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 2, p->display_name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_blob(s, 3, salt, SALT_LEN, SQLITE_TRANSIENT);
        sqlite3_bind_blob(s, 4, hash, HASH_LEN, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 5, now);
    }
    OPENSSL_cleanse(hash, sizeof hash);
    return run(s);
}

sl_status kc_forget_pin(kiosk_cache *c, const char *username)
{
    sqlite3_stmt *s = prepare(c, "DELETE FROM pin_verifiers WHERE username = ?");
    if (s)
        sqlite3_bind_text(s, 1, username, -1, SQLITE_TRANSIENT);
    return run(s);
}

sl_status kc_pin_people(kiosk_cache *c, char (*names)[KQ_USER_LEN], int64_t *saved_at, size_t max,
                        size_t *n)
{
    *n = 0;
    sqlite3_stmt *s = prepare(c, "SELECT username, saved_at FROM pin_verifiers ORDER BY username");
    if (!s)
        return SL_EIO;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max) {
        snprintf(names[*n], KQ_USER_LEN, "%s", (const char *)sqlite3_column_text(s, 0));
        saved_at[(*n)++] = sqlite3_column_int64(s, 1);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SL_OK : SL_EIO;
}

/* Whether the device is locked out now; -1 on a read error. */
static int device_locked(kiosk_cache *c, int64_t now)
{
    sqlite3_stmt *s = prepare(c, "SELECT failures, last_failure FROM pin_device_failures");
    if (!s)
        return -1;
    int rc = sqlite3_step(s), locked = 0;
    if (rc == SQLITE_ROW)
        locked = sqlite3_column_int64(s, 0) >= KC_DEVICE_MAX_FAILURES &&
                 now - sqlite3_column_int64(s, 1) < KC_DEVICE_LOCKOUT_SECONDS;
    sqlite3_finalize(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? locked : -1;
}

/* Counts a wrong PIN for the device (a window fixed from its first failure, as the server's)
 * and for the account when it has a verifier here. */
static sl_status count_failure(kiosk_cache *c, const char *username, int64_t now)
{
    sqlite3_stmt *s = prepare(
        c, "INSERT INTO pin_device_failures (id, failures, first_failure, last_failure) "
           "VALUES (1, 1, ?1, ?1) ON CONFLICT (id) DO UPDATE SET failures = CASE WHEN ?1 - "
           "first_failure >= ?2 THEN 1 ELSE failures + 1 END, first_failure = CASE WHEN ?1 - "
           "first_failure >= ?2 THEN ?1 ELSE first_failure END, last_failure = ?1");
    if (s) {
        sqlite3_bind_int64(s, 1, now);
        sqlite3_bind_int64(s, 2, KC_DEVICE_LOCKOUT_SECONDS);
    }
    sl_status st = run(s);
    s = prepare(c, "UPDATE pin_verifiers SET failures = failures + 1 WHERE username = ?");
    if (s)
        sqlite3_bind_text(s, 1, username, -1, SQLITE_TRANSIENT);
    sl_status st2 = run(s);
    return st == SL_OK ? st2 : st;
}

kc_pin_verdict kc_check_pin(kiosk_cache *c, const char *username, const char *pin, int64_t now,
                            kc_person *p)
{
    memset(p, 0, sizeof *p);
    expire(c, now);
    int locked = device_locked(c, now);
    if (locked)
        return locked < 0 ? KC_PIN_ERROR : KC_PIN_DEVICE_LOCKED;
    sqlite3_stmt *s =
        prepare(c, "SELECT display_name, salt, hash, failures FROM pin_verifiers WHERE "
                   "username = ?");
    if (!s)
        return KC_PIN_ERROR;
    sqlite3_bind_text(s, 1, username, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    /* Nobody of that name: the same work on a fixed salt, so the time does not tell. */
    unsigned char salt[SALT_LEN] = {0}, want[HASH_LEN] = {0}, got[HASH_LEN];
    bool found = rc == SQLITE_ROW && sqlite3_column_bytes(s, 1) == SALT_LEN &&
                 sqlite3_column_bytes(s, 2) == HASH_LEN;
    long failures = 0;
    if (found) {
        snprintf(p->username, sizeof p->username, "%s", username);
        snprintf(p->display_name, sizeof p->display_name, "%s",
                 (const char *)sqlite3_column_text(s, 0));
        memcpy(salt, sqlite3_column_blob(s, 1), SALT_LEN);
        memcpy(want, sqlite3_column_blob(s, 2), HASH_LEN);
        failures = (long)sqlite3_column_int64(s, 3);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return KC_PIN_ERROR;
    if (found && failures >= KC_ACCOUNT_MAX_FAILURES) {
        memset(p, 0, sizeof *p);
        return KC_PIN_ACCOUNT_LOCKED;
    }
    bool right = derive(pin, salt, got) && found && CRYPTO_memcmp(got, want, HASH_LEN) == 0;
    OPENSSL_cleanse(got, sizeof got);
    OPENSSL_cleanse(want, sizeof want);
    if (right) {
        s = prepare(c, "UPDATE pin_verifiers SET failures = 0 WHERE username = ?");
        if (s)
            sqlite3_bind_text(s, 1, username, -1, SQLITE_TRANSIENT);
        return run(s) == SL_OK ? KC_PIN_OK : KC_PIN_ERROR;
    }
    memset(p, 0, sizeof *p);
    return count_failure(c, username, now) == SL_OK ? KC_PIN_WRONG : KC_PIN_ERROR;
}

sl_status kc_save_read(kiosk_cache *c, const char *username, const uint8_t *key, size_t keylen,
                       const uint8_t *reply, size_t replylen, int64_t now)
{
    if (!username[0] || !keylen || !replylen || keylen > INT32_MAX || replylen > INT32_MAX)
        return SL_EINVAL;
    expire(c, now);
    sqlite3_stmt *s =
        prepare_on(c->reads, "INSERT OR REPLACE INTO last_reads (username, request, reply, "
                             "saved_at) VALUES (?, ?, ?, ?)");
    if (s) {
        sqlite3_bind_text(s, 1, username, -1, SQLITE_TRANSIENT);
        sqlite3_bind_blob(s, 2, key, (int)keylen, SQLITE_TRANSIENT);
        sqlite3_bind_blob(s, 3, reply, (int)replylen, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 4, now);
    }
    return run(s);
}

sl_status kc_load_read(kiosk_cache *c, const char *username, const uint8_t *key, size_t keylen,
                       int64_t now, uint8_t **reply, size_t *replylen, int64_t *saved_at)
{
    *reply = NULL;
    *replylen = 0;
    if (!username[0] || keylen > INT32_MAX)
        return SL_ENOTFOUND;
    sqlite3_stmt *s =
        prepare_on(c->reads, "SELECT reply, saved_at FROM last_reads WHERE username = ? AND "
                             "request = ? AND saved_at >= ?");
    if (!s)
        return SL_EIO;
    sqlite3_bind_text(s, 1, username, -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(s, 2, key, (int)keylen, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 3, now - c->keep);
    int rc = sqlite3_step(s);
    sl_status st = rc == SQLITE_ROW ? SL_OK : rc == SQLITE_DONE ? SL_ENOTFOUND : SL_EIO;
    if (st == SL_OK) {
        int n = sqlite3_column_bytes(s, 0);
        *reply = malloc(n > 0 ? (size_t)n : 1);
        if (!*reply) {
            st = SL_ENOMEM;
        } else {
            memcpy(*reply, sqlite3_column_blob(s, 0), (size_t)n);
            *replylen = (size_t)n;
            *saved_at = sqlite3_column_int64(s, 1);
        }
    }
    sqlite3_finalize(s);
    return st;
}

sl_status kc_save_device(kiosk_cache *c, const char *company_id, const char *company_name)
{
    sqlite3_stmt *s =
        prepare(c, "INSERT OR REPLACE INTO device (id, company_id, company_name) VALUES (1, ?, ?)");
    if (s) {
        sqlite3_bind_text(s, 1, company_id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 2, company_name, -1, SQLITE_TRANSIENT);
    }
    return run(s);
}

sl_status kc_load_device(kiosk_cache *c, char *company_id, size_t idlen, char *company_name,
                         size_t namelen)
{
    sqlite3_stmt *s = prepare(c, "SELECT company_id, company_name FROM device");
    if (!s)
        return SL_EIO;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        snprintf(company_id, idlen, "%s", (const char *)sqlite3_column_text(s, 0));
        snprintf(company_name, namelen, "%s", (const char *)sqlite3_column_text(s, 1));
    }
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? SL_OK : rc == SQLITE_DONE ? SL_ENOTFOUND : SL_EIO;
}
