#include "auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "log.h"

#define SALT_LEN 16
#define DK_LEN 32
#define SCRYPT_R 8
#define SCRYPT_P 1

static void to_hex(const unsigned char *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = '\0';
}

static bool from_hex(const char *in, size_t n, unsigned char *out)
{
    for (size_t i = 0; i < n; i++) {
        unsigned v = 0;
        for (int k = 0; k < 2; k++) {
            char c = in[2 * i + k];
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= (unsigned)(c - '0');
            else if (c >= 'a' && c <= 'f')
                v |= (unsigned)(c - 'a' + 10);
            else
                return false;
        }
        out[i] = (unsigned char)v;
    }
    return in[2 * n] == '\0' || in[2 * n] == '$';
}

static bool scrypt(const char *password, const unsigned char *salt, int log2n, int r, int p,
                   unsigned char dk[DK_LEN])
{
    uint64_t n = (uint64_t)1 << log2n;
    /* maxmem must cover 128 * N * r bytes plus slack, or OpenSSL refuses. */
    uint64_t maxmem = 128 * n * (uint64_t)r * 2 + (1u << 20);
    return EVP_PBE_scrypt(password, strlen(password), salt, SALT_LEN, n, (uint64_t)r, (uint64_t)p,
                          maxmem, dk, DK_LEN) == 1;
}

bool auth_password_hash(const char *password, int log2n, char out[AUTH_HASH_MAX])
{
    unsigned char salt[SALT_LEN], dk[DK_LEN];
    char salt_hex[2 * SALT_LEN + 1], dk_hex[2 * DK_LEN + 1];
    if (log2n < 10 || log2n > 20 || RAND_bytes(salt, SALT_LEN) != 1 ||
        !scrypt(password, salt, log2n, SCRYPT_R, SCRYPT_P, dk))
        return false;
    to_hex(salt, SALT_LEN, salt_hex);
    to_hex(dk, DK_LEN, dk_hex);
    snprintf(out, AUTH_HASH_MAX, "scrypt$%d$%d$%d$%s$%s", log2n, SCRYPT_R, SCRYPT_P, salt_hex,
             dk_hex);
    OPENSSL_cleanse(dk, sizeof dk);
    return true;
}

/* Reads a small decimal number of 1..2 digits followed by '$'. */
static bool parse_param(const char **pp, int *out)
{
    const char *p = *pp;
    int v = 0, digits = 0;
    while (*p >= '0' && *p <= '9' && digits < 2) {
        v = v * 10 + (*p++ - '0');
        digits++;
    }
    if (digits == 0 || *p != '$')
        return false;
    *out = v;
    *pp = p + 1;
    return true;
}

bool auth_password_verify(const char *password, const char *stored)
{
    int log2n, r, p;
    unsigned char salt[SALT_LEN], want[DK_LEN], got[DK_LEN];
    const char *cur = stored;
    if (!stored || strncmp(cur, "scrypt$", 7) != 0)
        return false;
    cur += 7;
    if (!parse_param(&cur, &log2n) || !parse_param(&cur, &r) || !parse_param(&cur, &p))
        return false;
    /* Bounds keep a tampered row from making us allocate much: 128 * N * r bytes is at most
     * 128 * 2^20 * 8 = 1 GiB only at the very top, and r > 8 is refused. */
    if (log2n < 10 || log2n > 20 || r < 1 || r > 8 || p < 1 || p > 4)
        return false;
    const char *salt_hex = cur;
    if (strlen(salt_hex) != 2 * SALT_LEN + 1 + 2 * DK_LEN || salt_hex[2 * SALT_LEN] != '$' ||
        !from_hex(salt_hex, SALT_LEN, salt) || !from_hex(salt_hex + 2 * SALT_LEN + 1, DK_LEN, want))
        return false;
    if (!scrypt(password, salt, log2n, r, p, got))
        return false;
    bool ok = CRYPTO_memcmp(got, want, DK_LEN) == 0;
    OPENSSL_cleanse(got, sizeof got);
    return ok;
}

void auth_random_password(char *out, size_t len)
{
    /* No 0/O, 1/l/I: one-time passwords are read off paper. */
    static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    const size_t n = sizeof alphabet - 1;
    for (size_t i = 0; i < len; i++) {
        unsigned char b;
        do {
            if (RAND_bytes(&b, 1) != 1)
                abort();
        } while (b >= 256 - 256 % n); /* reject to avoid modulo bias */
        out[i] = alphabet[b % n];
    }
    out[len] = '\0';
}

/* A fixed hash verified for unknown users so that response time does not tell which user
 * names exist. Made at the configured cost, and again if that cost changes. */
const char *auth_dummy_hash(int log2n)
{
    static char h[AUTH_HASH_MAX];
    static int cost;
    if (cost != log2n) {
        if (!auth_password_hash("stagelijn-dummy", log2n, h))
            h[0] = '\0';
        cost = log2n;
    }
    return h;
}

sl_status auth_login_lookup(store *s, const char *username, int log2n, sl_principal *p,
                            bool *must_change, char stored[AUTH_HASH_MAX], bool *found)
{
    sqlite3_stmt *st = store_query(s,
                                   "SELECT id, role, coalesce(company_id, ''), password_hash, "
                                   "must_change FROM users WHERE username = ?1 AND disabled = 0",
                                   SB(username));
    sl_status r = store_row(st);
    memset(p, 0, sizeof *p);
    *must_change = false;
    if (r == SL_ENOTFOUND) {
        *found = false;
        snprintf(stored, AUTH_HASH_MAX, "%s", auth_dummy_hash(log2n));
        return SL_OK;
    }
    if (r != SL_OK)
        return r;
    *found = true;
    snprintf(p->user_id, sizeof p->user_id, "%s", (const char *)sqlite3_column_text(st, 0));
    p->role = role_parse((const char *)sqlite3_column_text(st, 1));
    snprintf(p->company_id, sizeof p->company_id, "%s", (const char *)sqlite3_column_text(st, 2));
    snprintf(stored, AUTH_HASH_MAX, "%s", (const char *)sqlite3_column_text(st, 3));
    *must_change = sqlite3_column_int(st, 4) != 0;
    store_stmt_done(st);
    return SL_OK;
}

sl_status auth_check_password(store *s, const char *username, const char *password, int log2n,
                              sl_principal *p, bool *must_change)
{
    char stored[AUTH_HASH_MAX];
    bool found;
    sl_status r = auth_login_lookup(s, username, log2n, p, must_change, stored, &found);
    if (r != SL_OK)
        return r;
    bool ok = auth_password_verify(password, stored) && found;
    return ok ? SL_OK : SL_EUNAUTH;
}

static void token_hash(const char *token_hex, unsigned char out[SHA256_DIGEST_LENGTH])
{
    SHA256((const unsigned char *)token_hex, strlen(token_hex), out);
}

sl_status auth_session_create(store *s, const char *user_id, int64_t now,
                              char token_hex[AUTH_TOKEN_HEX + 1])
{
    unsigned char raw[AUTH_TOKEN_HEX / 2], h[SHA256_DIGEST_LENGTH];
    if (RAND_bytes(raw, sizeof raw) != 1)
        return SL_EINTERNAL;
    to_hex(raw, sizeof raw, token_hex);
    OPENSSL_cleanse(raw, sizeof raw);
    token_hash(token_hex, h);
    sl_status st = store_exec(s, NULL,
                              "INSERT INTO sessions (token_hash, user_id, created_at, last_seen) "
                              "VALUES (?1, ?2, ?3, ?3)",
                              SB_BLOB(h, sizeof h), SB(user_id), SB(now));
    if (st != SL_OK)
        return st;
    /* The account's last login, for the administrator's list (issue 10). */
    return store_exec(s, NULL,
                      "INSERT INTO account_logins (user_id, last_login) VALUES (?1, ?2) "
                      "ON CONFLICT (user_id) DO UPDATE SET last_login = excluded.last_login",
                      SB(user_id), SB(now));
}

sl_status auth_session_lookup(store *s, const char *token_hex, int64_t now, long idle_seconds,
                              sl_principal *p, int64_t *last_seen)
{
    unsigned char h[SHA256_DIGEST_LENGTH];
    if (!token_hex || strlen(token_hex) != AUTH_TOKEN_HEX)
        return SL_EUNAUTH;
    token_hash(token_hex, h);
    sqlite3_stmt *st = store_query(s,
                                   "SELECT u.id, u.role, coalesce(u.company_id, ''), s.last_seen "
                                   "FROM sessions s JOIN users u ON u.id = s.user_id "
                                   "WHERE s.token_hash = ?1 AND u.disabled = 0",
                                   SB_BLOB(h, sizeof h));
    sl_status r = store_row(st);
    if (r == SL_ENOTFOUND)
        return SL_EUNAUTH;
    if (r != SL_OK)
        return r;
    int64_t seen = sqlite3_column_int64(st, 3);
    if (now - seen > idle_seconds) {
        store_stmt_done(st);
        return SL_EUNAUTH;
    }
    memset(p, 0, sizeof *p);
    snprintf(p->user_id, sizeof p->user_id, "%s", (const char *)sqlite3_column_text(st, 0));
    p->role = role_parse((const char *)sqlite3_column_text(st, 1));
    snprintf(p->company_id, sizeof p->company_id, "%s", (const char *)sqlite3_column_text(st, 2));
    *last_seen = seen;
    store_stmt_done(st);
    return SL_OK;
}

sl_status auth_session_bind_kiosk(store *s, const char *token_hex, const char *company_id)
{
    unsigned char h[SHA256_DIGEST_LENGTH];
    token_hash(token_hex, h);
    return store_exec(s, NULL, "UPDATE sessions SET kiosk_company = ?2 WHERE token_hash = ?1",
                      SB_BLOB(h, sizeof h), SB(company_id));
}

sl_status auth_session_kiosk(store *s, const char *token_hex, char out[SL_ID_LEN + 1])
{
    unsigned char h[SHA256_DIGEST_LENGTH];
    out[0] = '\0';
    if (!token_hex || strlen(token_hex) != AUTH_TOKEN_HEX)
        return SL_EUNAUTH;
    token_hash(token_hex, h);
    sqlite3_stmt *q =
        store_query(s, "SELECT coalesce(kiosk_company, '') FROM sessions WHERE token_hash = ?1",
                    SB_BLOB(h, sizeof h));
    sl_status r = store_row(q);
    if (r != SL_OK)
        return r == SL_ENOTFOUND ? SL_EUNAUTH : r;
    snprintf(out, SL_ID_LEN + 1, "%s", store_col(q, 0));
    store_stmt_done(q);
    return SL_OK;
}

sl_status auth_session_touch(store *s, const char *token_hex, int64_t now)
{
    unsigned char h[SHA256_DIGEST_LENGTH];
    token_hash(token_hex, h);
    return store_exec(s, NULL, "UPDATE sessions SET last_seen = ?2 WHERE token_hash = ?1",
                      SB_BLOB(h, sizeof h), SB(now));
}

sl_status auth_session_delete(store *s, const char *token_hex)
{
    unsigned char h[SHA256_DIGEST_LENGTH];
    token_hash(token_hex, h);
    return store_exec(s, NULL, "DELETE FROM sessions WHERE token_hash = ?1", SB_BLOB(h, sizeof h));
}

int auth_sessions_expire(store *s, int64_t now, long idle_seconds)
{
    int n = 0;
    if (store_exec(s, &n, "DELETE FROM sessions WHERE last_seen < ?1",
                   SB(now - (int64_t)idle_seconds)) != SL_OK)
        return -1;
    /* Failure counters older than a day say nothing any more. */
    if (store_exec(s, NULL, "DELETE FROM login_failures WHERE last_failure < ?1",
                   SB(now - 86400)) != SL_OK)
        return -1;
    return n;
}

sl_status auth_login_locked(store *s, const char *username, const char *address, int64_t now,
                            long max_failures, long lockout_seconds, bool *locked)
{
    *locked = false;
    sqlite3_stmt *st = store_query(s,
                                   "SELECT failures, last_failure FROM login_failures "
                                   "WHERE username = ?1 AND address = ?2",
                                   SB(username), SB(address));
    sl_status r = store_row(st);
    if (r != SL_OK)
        return r == SL_ENOTFOUND ? SL_OK : r;
    int64_t failures = sqlite3_column_int64(st, 0), last = sqlite3_column_int64(st, 1);
    store_stmt_done(st);
    *locked = failures >= max_failures && now - last < lockout_seconds;
    return SL_OK;
}

sl_status auth_login_failed(store *s, const char *username, const char *address, int64_t now,
                            long lockout_seconds)
{
    return store_exec(s, NULL,
                      "INSERT INTO login_failures (username, address, failures, last_failure) "
                      "VALUES (?1, ?4, 1, ?2) ON CONFLICT (username, address) DO UPDATE SET "
                      "failures = CASE WHEN ?2 - last_failure >= ?3 THEN 1 "
                      "ELSE failures + 1 END, last_failure = ?2",
                      SB(username), SB(now), SB((int64_t)lockout_seconds), SB(address));
}

sl_status auth_login_succeeded(store *s, const char *username, const char *address)
{
    return store_exec(s, NULL, "DELETE FROM login_failures WHERE username = ?1 AND address = ?2",
                      SB(username), SB(address));
}

#define TOUCH_MAX_SECONDS 60

long auth_touch_interval(long idle_seconds)
{
    long quarter = idle_seconds / 4;
    return quarter < TOUCH_MAX_SECONDS ? quarter : TOUCH_MAX_SECONDS;
}
