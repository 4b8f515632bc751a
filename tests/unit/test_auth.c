/* Unit tests for server/store/auth.c: scrypt password hashes, random passwords, sessions and login
 * throttling. Sessions and throttling run against a real SQLite store in a fresh temporary
 * directory, with every write inside a store request as the daemon does it. Hashes use
 * scrypt cost 2^10 (the smallest allowed) to keep the tests fast. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/sha.h>

#include "auth.h"

#define COST 10
#define IDLE 3600L

static const char *const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/* ------------------------------------------------------------------------------------- */
/* Fixture                                                                               */
/* ------------------------------------------------------------------------------------- */

typedef struct {
    char dir[64];
    char path[128];
    store *s;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "%s", "/tmp/sl-test-auth-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    char err[256] = "";
    if (store_open(f->path, &f->s, err, sizeof err) != SL_OK) {
        fprintf(stderr, "store_open: %s\n", err);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    store_close(f->s);
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    char p[160];
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(p, sizeof p, "%s%s", f->path, suffixes[i]);
        unlink(p);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

/* Starts a request; the caller ends it with finish(). */
static void begin(store *s)
{
    assert_int_equal(store_request_begin(s), SL_OK);
}

static void finish(store *s, bool ok)
{
    store_request_end(s, ok);
    assert_int_equal(store_batch_commit(s), SL_OK);
}

/* Inserts a user with the columns of migrations/001_foundation.sql. A supervisor's company
 * is created as well. */
static void add_user(store *s, const char *id, const char *username, const char *role,
                     const char *password, int must_change, int disabled)
{
    char hash[AUTH_HASH_MAX];
    assert_true(auth_password_hash(password, COST, hash));
    const char *company = NULL;
    begin(s);
    if (strcmp(role, "supervisor") == 0) {
        company = "cccccccc-0000-4000-8000-000000000001";
        assert_int_equal(store_exec(s, NULL,
                                    "INSERT OR IGNORE INTO companies (id, name, created_at) "
                                    "VALUES (?1, 'Zorgboerderij De Hoeve', 0)",
                                    SB(company)),
                         SL_OK);
    }
    assert_int_equal(store_exec(s, NULL,
                                "INSERT INTO users (id, username, display_name, role, "
                                "password_hash, must_change, company_id, disabled, created_at) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                SB(id), SB(username), SB(username), SB(role), SB(hash),
                                SB(must_change), SB(company), SB(disabled),
                                SB((int64_t)1700000000)),
                     SL_OK);
    finish(s, true);
}

static void to_hex(const unsigned char *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = '\0';
}

/* Builds a stored hash string with the given parameters and a CORRECT derived key for
 * `password`, computed here independently of auth.c. */
static void make_stored(char *out, size_t outlen, const char *password, int log2n, int r, int p)
{
    unsigned char salt[16], dk[32];
    for (size_t i = 0; i < sizeof salt; i++)
        salt[i] = (unsigned char)(i * 17 + 3);
    assert_int_equal(EVP_PBE_scrypt(password, strlen(password), salt, sizeof salt,
                                    (uint64_t)1 << log2n, (uint64_t)r, (uint64_t)p,
                                    64u * 1024 * 1024, dk, sizeof dk),
                     1);
    char salt_hex[33], dk_hex[65];
    to_hex(salt, sizeof salt, salt_hex);
    to_hex(dk, sizeof dk, dk_hex);
    snprintf(out, outlen, "scrypt$%d$%d$%d$%s$%s", log2n, r, p, salt_hex, dk_hex);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The first n characters are lower-case hex digits. */
static bool is_lower_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

/* ------------------------------------------------------------------------------------- */
/* Password hashes                                                                       */
/* ------------------------------------------------------------------------------------- */

static void test_hash_and_verify(void **state)
{
    (void)state;
    char h[AUTH_HASH_MAX];
    assert_true(auth_password_hash("correct horse", COST, h));
    assert_int_equal(strncmp(h, "scrypt$10$8$1$", 14), 0);
    assert_int_equal(strlen(h), 14 + 32 + 1 + 64);
    assert_true(is_lower_hex(h + 14, 32)); /* salt */
    assert_int_equal(h[14 + 32], '$');
    assert_true(is_lower_hex(h + 14 + 33, 64)); /* derived key */

    assert_true(auth_password_verify("correct horse", h));
    assert_false(auth_password_verify("correct horse ", h));
    assert_false(auth_password_verify("Correct horse", h));
    assert_false(auth_password_verify("", h));
    assert_false(auth_password_verify("wrong", h));
}

static void test_hash_salted(void **state)
{
    (void)state;
    char a[AUTH_HASH_MAX], b[AUTH_HASH_MAX];
    assert_true(auth_password_hash("same password", COST, a));
    assert_true(auth_password_hash("same password", COST, b));
    assert_string_not_equal(a, b);
    /* Different salts (the 32 hex digits after the parameters) and so different keys. */
    assert_memory_not_equal(a + 14, b + 14, 32);
    assert_memory_not_equal(a + 47, b + 47, 64);
    assert_true(auth_password_verify("same password", a));
    assert_true(auth_password_verify("same password", b));
}

static void test_hash_empty_password(void **state)
{
    (void)state;
    char h[AUTH_HASH_MAX];
    assert_true(auth_password_hash("", COST, h));
    assert_true(auth_password_verify("", h));
    assert_false(auth_password_verify(" ", h));
    assert_false(auth_password_verify("x", h));
    assert_true(auth_password_hash("x", COST, h));
    assert_false(auth_password_verify("", h));
}

static void test_hash_cost_bounds(void **state)
{
    (void)state;
    char h[AUTH_HASH_MAX];
    assert_false(auth_password_hash("pw", 9, h));
    assert_false(auth_password_hash("pw", 21, h));
    assert_false(auth_password_hash("pw", -1, h));
    assert_false(auth_password_hash("pw", 64, h));
    assert_true(auth_password_hash("pw", 10, h));
    assert_true(auth_password_verify("pw", h));
}

static void test_verify_malformed(void **state)
{
    (void)state;
    char good[AUTH_HASH_MAX];
    make_stored(good, sizeof good, "pw", COST, 8, 1);
    assert_true(auth_password_verify("pw", good)); /* the builder is right */
    /* The same hash as produced by auth_password_hash is accepted too. */
    char real[AUTH_HASH_MAX];
    assert_true(auth_password_hash("pw", COST, real));
    assert_true(auth_password_verify("pw", real));

    char bad[AUTH_HASH_MAX * 2];
    assert_false(auth_password_verify("pw", NULL));
    assert_false(auth_password_verify("pw", ""));
    assert_false(auth_password_verify("pw", "scrypt"));
    assert_false(auth_password_verify("pw", "scrypt$"));
    assert_false(auth_password_verify("pw", "scrypt$10$8$1$"));
    assert_false(auth_password_verify("pw", "scrypt$10$8$1"));
    assert_false(auth_password_verify("pw", "plain-text-password"));

    /* Another scheme's name with the same fields. */
    snprintf(bad, sizeof bad, "bcrypt%s", good + 6);
    assert_false(auth_password_verify("pw", bad));
    /* Truncated by one character, or one extra character. */
    snprintf(bad, sizeof bad, "%s", good);
    bad[strlen(bad) - 1] = '\0';
    assert_false(auth_password_verify("pw", bad));
    snprintf(bad, sizeof bad, "%s0", good);
    assert_false(auth_password_verify("pw", bad));
    snprintf(bad, sizeof bad, "%s$", good);
    assert_false(auth_password_verify("pw", bad));
    /* Upper-case hex is not what we write. */
    snprintf(bad, sizeof bad, "%s", good);
    for (char *c = bad + 14; *c; c++)
        *c = (char)toupper((unsigned char)*c);
    assert_false(auth_password_verify("pw", bad));
    /* A non-hex digit in the salt, and in the key. */
    snprintf(bad, sizeof bad, "%s", good);
    bad[20] = 'g';
    assert_false(auth_password_verify("pw", bad));
    snprintf(bad, sizeof bad, "%s", good);
    bad[strlen(bad) - 3] = 'z';
    assert_false(auth_password_verify("pw", bad));
    /* The separator between salt and key replaced. */
    snprintf(bad, sizeof bad, "%s", good);
    bad[14 + 32] = '0';
    assert_false(auth_password_verify("pw", bad));
    /* A parameter missing. */
    snprintf(bad, sizeof bad, "scrypt$10$8$%s", good + 14);
    assert_false(auth_password_verify("pw", bad));
    /* One bit of the key flipped: well-formed but wrong. */
    snprintf(bad, sizeof bad, "%s", good);
    char *last = bad + strlen(bad) - 1;
    *last = *last == '0' ? '1' : '0';
    assert_false(auth_password_verify("pw", bad));
}

static void test_verify_overflowing_header(void **state)
{
    (void)state;
    char good[AUTH_HASH_MAX];
    make_stored(good, sizeof good, "pw", 10, 8, 1);
    assert_true(auth_password_verify("pw", good));
    const char *tail = strchr(good + 7, '$'); /* "$8$1$<salt>$<key>" after the cost */
    char bad[AUTH_HASH_MAX + 32];
    /* 4294967306 wraps to 10 in a 32-bit int: strict parsing must refuse it. */
    snprintf(bad, sizeof bad, "scrypt$4294967306%s", tail);
    assert_false(auth_password_verify("pw", bad));
    snprintf(bad, sizeof bad, "scrypt$ +10%s", tail);
    assert_false(auth_password_verify("pw", bad));
    snprintf(bad, sizeof bad, "scrypt$010%s", tail);
    assert_false(auth_password_verify("pw", bad));
}

static void test_verify_tampered_cost(void **state)
{
    (void)state;
    /* Correct keys for parameters outside the accepted bounds: if verify hashed with them it
     * would answer true, so false proves the bounds check refused them before hashing. */
    static const int params[][3] = {
        {9, 8, 1},   /* cost below the minimum */
        {10, 33, 1}, /* block size above 32 */
        {10, 9, 1},  /* block size above 8: 128 * N * r would grow past 1 GiB at N = 2^20 */
        {10, 8, 5},  /* parallelism above 4 */
        {1, 8, 1},
    };
    char stored[AUTH_HASH_MAX];
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
        make_stored(stored, sizeof stored, "pw", params[i][0], params[i][1], params[i][2]);
        assert_false(auth_password_verify("pw", stored));
    }
    /* Inside the bounds the same construction verifies (r and p are read from the row). */
    make_stored(stored, sizeof stored, "pw", 10, 1, 1);
    assert_true(auth_password_verify("pw", stored));
    make_stored(stored, sizeof stored, "pw", 10, 8, 2);
    assert_true(auth_password_verify("pw", stored));

    /* Costs that would take seconds and gigabytes if hashed must be refused at once. */
    char good[AUTH_HASH_MAX];
    make_stored(good, sizeof good, "pw", COST, 8, 1);
    const char *tail = good + 14; /* "<salt>$<key>" */
    static const char *const heads[] = {
        "scrypt$21$1$1$",  "scrypt$22$8$1$",    "scrypt$31$8$1$",  "scrypt$63$8$1$",
        "scrypt$-1$8$1$",  "scrypt$10$0$1$",    "scrypt$10$-8$1$", "scrypt$10$8$0$",
        "scrypt$10$8$-1$", "scrypt$10$1000$1$", "scrypt$10$8$99$",
    };
    double t0 = now_seconds();
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        char bad[AUTH_HASH_MAX * 2];
        snprintf(bad, sizeof bad, "%s%s", heads[i], tail);
        assert_false(auth_password_verify("pw", bad));
    }
    /* One scrypt at 2^21 alone takes far longer than this, even unsanitized. */
    assert_true(now_seconds() - t0 < 0.25);
}

/* ------------------------------------------------------------------------------------- */
/* Random passwords                                                                      */
/* ------------------------------------------------------------------------------------- */

static void test_random_password(void **state)
{
    (void)state;
    char buf[80];
    static const size_t lens[] = {0, 1, 12, 16, 63};
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        memset(buf, '#', sizeof buf);
        auth_random_password(buf, lens[i]);
        assert_int_equal(strlen(buf), lens[i]);
        assert_int_equal(buf[lens[i] + 1], '#'); /* nothing written past the terminator */
        for (size_t k = 0; k < lens[i]; k++)
            assert_non_null(strchr(alphabet, buf[k]));
    }
    /* No look-alikes for passwords read off paper. */
    int seen[256] = {0};
    for (int round = 0; round < 400; round++) {
        auth_random_password(buf, 50);
        for (size_t k = 0; k < 50; k++)
            seen[(unsigned char)buf[k]]++;
    }
    static const char ambiguous[] = "0O1lI";
    for (const char *c = ambiguous; *c; c++)
        assert_int_equal(seen[(unsigned char)*c], 0);
    /* Every alphabet character turns up in 20000 draws (expected ~364 each). */
    for (const char *c = alphabet; *c; c++)
        assert_true(seen[(unsigned char)*c] > 100);

    char a[33], b[33];
    auth_random_password(a, 32);
    auth_random_password(b, 32);
    assert_string_not_equal(a, b);
}

/* ------------------------------------------------------------------------------------- */
/* auth_check_password                                                                   */
/* ------------------------------------------------------------------------------------- */

static void test_check_password(void **state)
{
    fixture *f = *state;
    add_user(f->s, "uuuuuuuu-0000-4000-8000-000000000001", "coach1", "coach", "Geheim!1", 1, 0);
    add_user(f->s, "uuuuuuuu-0000-4000-8000-000000000002", "sup1", "supervisor", "Pw2", 0, 0);
    add_user(f->s, "uuuuuuuu-0000-4000-8000-000000000003", "gone", "mentor", "Pw3", 0, 1);

    sl_principal p;
    bool must_change = false;
    assert_int_equal(auth_check_password(f->s, "coach1", "Geheim!1", 10, &p, &must_change), SL_OK);
    assert_int_equal(p.role, ROLE_COACH);
    assert_string_equal(p.user_id, "uuuuuuuu-0000-4000-8000-000000000001");
    assert_string_equal(p.company_id, "");
    assert_true(must_change);

    assert_int_equal(auth_check_password(f->s, "sup1", "Pw2", 10, &p, &must_change), SL_OK);
    assert_int_equal(p.role, ROLE_SUPERVISOR);
    assert_string_equal(p.company_id, "cccccccc-0000-4000-8000-000000000001");
    assert_false(must_change);

    assert_int_equal(auth_check_password(f->s, "coach1", "geheim!1", 10, &p, &must_change),
                     SL_EUNAUTH);
    assert_int_equal(auth_check_password(f->s, "coach1", "", 10, &p, &must_change), SL_EUNAUTH);
    assert_int_equal(auth_check_password(f->s, "Coach1", "Geheim!1", 10, &p, &must_change),
                     SL_EUNAUTH);
    /* Disabled account with the right password. */
    assert_int_equal(auth_check_password(f->s, "gone", "Pw3", 10, &p, &must_change), SL_EUNAUTH);
    /* Unknown user (verifies against the dummy hash). */
    assert_int_equal(auth_check_password(f->s, "nobody", "x", 10, &p, &must_change), SL_EUNAUTH);
}

/* ------------------------------------------------------------------------------------- */
/* Sessions                                                                              */
/* ------------------------------------------------------------------------------------- */

static void test_session_lifecycle(void **state)
{
    fixture *f = *state;
    const char *uid = "uuuuuuuu-0000-4000-8000-000000000010";
    add_user(f->s, uid, "mentor1", "mentor", "pw", 0, 0);

    const int64_t t0 = 1700000000;
    char token[AUTH_TOKEN_HEX + 1];
    begin(f->s);
    assert_int_equal(auth_session_create(f->s, uid, t0, token), SL_OK);
    finish(f->s, true);
    assert_int_equal(strlen(token), AUTH_TOKEN_HEX);
    assert_true(is_lower_hex(token, AUTH_TOKEN_HEX));

    /* The token itself is not stored, only its SHA-256. */
    unsigned char h[SHA256_DIGEST_LENGTH];
    SHA256((const unsigned char *)token, strlen(token), h);
    sqlite3_stmt *st = store_query(f->s,
                                   "SELECT count(*), sum(token_hash = ?1), "
                                   "sum(instr(CAST(token_hash AS TEXT), ?2) > 0) FROM sessions",
                                   SB_BLOB(h, sizeof h), SB(token));
    assert_int_equal(store_row(st), SL_OK);
    assert_int_equal(sqlite3_column_int(st, 0), 1);
    assert_int_equal(sqlite3_column_int(st, 1), 1);
    assert_int_equal(sqlite3_column_int(st, 2), 0);
    store_stmt_done(st);

    sl_principal p;
    int64_t seen = 0;
    assert_int_equal(auth_session_lookup(f->s, token, t0, IDLE, &p, &seen), SL_OK);
    assert_int_equal(p.role, ROLE_MENTOR);
    assert_string_equal(p.user_id, uid);
    assert_true(seen == t0);
    /* Exactly at the idle limit: still valid; one second later: not. */
    assert_int_equal(auth_session_lookup(f->s, token, t0 + IDLE, IDLE, &p, &seen), SL_OK);
    assert_int_equal(auth_session_lookup(f->s, token, t0 + IDLE + 1, IDLE, &p, &seen), SL_EUNAUTH);

    /* Activity before expiry moves the window. */
    const int64_t t1 = t0 + IDLE - 10;
    begin(f->s);
    assert_int_equal(auth_session_touch(f->s, token, t1), SL_OK);
    finish(f->s, true);
    assert_int_equal(auth_session_lookup(f->s, token, t0 + IDLE + 1, IDLE, &p, &seen), SL_OK);
    assert_true(seen == t1);
    assert_int_equal(auth_session_lookup(f->s, token, t1 + IDLE + 1, IDLE, &p, &seen), SL_EUNAUTH);

    /* Logout. */
    begin(f->s);
    assert_int_equal(auth_session_delete(f->s, token), SL_OK);
    finish(f->s, true);
    assert_int_equal(auth_session_lookup(f->s, token, t1, IDLE, &p, &seen), SL_EUNAUTH);
}

static void test_session_rolled_back_request(void **state)
{
    fixture *f = *state;
    const char *uid = "uuuuuuuu-0000-4000-8000-000000000011";
    add_user(f->s, uid, "stud1", "student", "pw", 0, 0);
    char token[AUTH_TOKEN_HEX + 1];
    begin(f->s);
    assert_int_equal(auth_session_create(f->s, uid, 100, token), SL_OK);
    finish(f->s, false); /* the request failed after creating the session */
    sl_principal p;
    int64_t seen;
    assert_int_equal(auth_session_lookup(f->s, token, 100, IDLE, &p, &seen), SL_EUNAUTH);
}

static void test_session_bad_tokens(void **state)
{
    fixture *f = *state;
    const char *uid = "uuuuuuuu-0000-4000-8000-000000000012";
    add_user(f->s, uid, "coach2", "coach", "pw", 0, 0);
    char token[AUTH_TOKEN_HEX + 1], other[AUTH_TOKEN_HEX + 1];
    begin(f->s);
    assert_int_equal(auth_session_create(f->s, uid, 100, token), SL_OK);
    assert_int_equal(auth_session_create(f->s, uid, 100, other), SL_OK);
    finish(f->s, true);
    assert_string_not_equal(token, other);

    sl_principal p;
    int64_t seen;
    char bad[AUTH_TOKEN_HEX + 2];
    /* Right length, one digit changed. */
    snprintf(bad, sizeof bad, "%s", token);
    bad[10] = bad[10] == 'a' ? 'b' : 'a';
    assert_int_equal(auth_session_lookup(f->s, bad, 100, IDLE, &p, &seen), SL_EUNAUTH);
    /* Too short, too long, empty, NULL. */
    snprintf(bad, sizeof bad, "%s", token);
    bad[AUTH_TOKEN_HEX - 1] = '\0';
    assert_int_equal(auth_session_lookup(f->s, bad, 100, IDLE, &p, &seen), SL_EUNAUTH);
    snprintf(bad, sizeof bad, "%s0", token);
    assert_int_equal(auth_session_lookup(f->s, bad, 100, IDLE, &p, &seen), SL_EUNAUTH);
    assert_int_equal(auth_session_lookup(f->s, "", 100, IDLE, &p, &seen), SL_EUNAUTH);
    assert_int_equal(auth_session_lookup(f->s, NULL, 100, IDLE, &p, &seen), SL_EUNAUTH);
    /* Both real tokens still work and deleting one leaves the other. */
    assert_int_equal(auth_session_lookup(f->s, token, 100, IDLE, &p, &seen), SL_OK);
    begin(f->s);
    assert_int_equal(auth_session_delete(f->s, other), SL_OK);
    finish(f->s, true);
    assert_int_equal(auth_session_lookup(f->s, other, 100, IDLE, &p, &seen), SL_EUNAUTH);
    assert_int_equal(auth_session_lookup(f->s, token, 100, IDLE, &p, &seen), SL_OK);
}

static void test_session_disabled_user(void **state)
{
    fixture *f = *state;
    const char *uid = "uuuuuuuu-0000-4000-8000-000000000013";
    add_user(f->s, uid, "sup2", "supervisor", "pw", 0, 0);
    char token[AUTH_TOKEN_HEX + 1];
    begin(f->s);
    assert_int_equal(auth_session_create(f->s, uid, 100, token), SL_OK);
    finish(f->s, true);
    sl_principal p;
    int64_t seen;
    assert_int_equal(auth_session_lookup(f->s, token, 100, IDLE, &p, &seen), SL_OK);
    assert_int_equal(p.role, ROLE_SUPERVISOR);
    assert_string_equal(p.company_id, "cccccccc-0000-4000-8000-000000000001");
    begin(f->s);
    assert_int_equal(store_exec(f->s, NULL, "UPDATE users SET disabled = 1 WHERE id = ?1", SB(uid)),
                     SL_OK);
    finish(f->s, true);
    assert_int_equal(auth_session_lookup(f->s, token, 100, IDLE, &p, &seen), SL_EUNAUTH);
}

static void test_session_unknown_user(void **state)
{
    fixture *f = *state;
    char token[AUTH_TOKEN_HEX + 1];
    begin(f->s);
    /* The foreign key refuses a session for a user that does not exist. */
    assert_int_not_equal(auth_session_create(f->s, "no-such-user", 100, token), SL_OK);
    finish(f->s, false);
}

static void test_sessions_expire(void **state)
{
    fixture *f = *state;
    const char *uid = "uuuuuuuu-0000-4000-8000-000000000014";
    add_user(f->s, uid, "coach3", "coach", "pw", 0, 0);
    char t_old[AUTH_TOKEN_HEX + 1], t_edge[AUTH_TOKEN_HEX + 1], t_new[AUTH_TOKEN_HEX + 1];
    const int64_t now = 1000000;
    begin(f->s);
    assert_int_equal(auth_session_create(f->s, uid, now - IDLE - 1, t_old), SL_OK);
    assert_int_equal(auth_session_create(f->s, uid, now - IDLE, t_edge), SL_OK);
    assert_int_equal(auth_session_create(f->s, uid, now, t_new), SL_OK);
    assert_int_equal(auth_sessions_expire(f->s, now, IDLE), 1);
    finish(f->s, true);
    sl_principal p;
    int64_t seen;
    /* What expire keeps, lookup accepts, and the other way round. */
    assert_int_equal(auth_session_lookup(f->s, t_old, now, IDLE, &p, &seen), SL_EUNAUTH);
    assert_int_equal(auth_session_lookup(f->s, t_edge, now, IDLE, &p, &seen), SL_OK);
    assert_int_equal(auth_session_lookup(f->s, t_new, now, IDLE, &p, &seen), SL_OK);
    begin(f->s);
    assert_int_equal(auth_sessions_expire(f->s, now + IDLE + 1, IDLE), 2);
    finish(f->s, true);
}

/* ------------------------------------------------------------------------------------- */
/* Throttling                                                                            */
/* ------------------------------------------------------------------------------------- */

/* auth_login_locked's answer, failing the test when the store fails. */
static bool login_locked(store *s, const char *username, const char *address, int64_t now, long max,
                         long lockout)
{
    bool locked = true;
    assert_int_equal(auth_login_locked(s, username, address, now, max, lockout, &locked), SL_OK);
    return locked;
}

static void test_throttle(void **state)
{
    fixture *f = *state;
    const long max = 3, lockout = 300;
    int64_t t = 5000;
    assert_false(login_locked(f->s, "jdv", "192.0.2.1", t, max, lockout));
    for (long i = 0; i < max - 1; i++) {
        begin(f->s);
        assert_int_equal(auth_login_failed(f->s, "jdv", "192.0.2.1", t + i, lockout), SL_OK);
        finish(f->s, true);
        assert_false(login_locked(f->s, "jdv", "192.0.2.1", t + i, max, lockout));
    }
    const int64_t last = t + 10;
    begin(f->s);
    assert_int_equal(auth_login_failed(f->s, "jdv", "192.0.2.1", last, lockout), SL_OK);
    finish(f->s, true);
    /* max failures reached: locked for `lockout` seconds after the last failure. */
    assert_true(login_locked(f->s, "jdv", "192.0.2.1", last, max, lockout));
    assert_true(login_locked(f->s, "jdv", "192.0.2.1", last + lockout - 1, max, lockout));
    assert_false(login_locked(f->s, "jdv", "192.0.2.1", last + lockout, max, lockout));
    assert_false(login_locked(f->s, "jdv", "192.0.2.1", last + 10 * lockout, max, lockout));
    /* Other users are not affected, nor is the same user from another address: guessing
     * from one address cannot lock the user out everywhere. */
    assert_false(login_locked(f->s, "other", "192.0.2.1", last, max, lockout));
    assert_false(login_locked(f->s, "jdv", "198.51.100.9", last, max, lockout));
    /* A higher threshold is not reached yet. */
    assert_false(login_locked(f->s, "jdv", "192.0.2.1", last, max + 1, lockout));

    /* A successful login resets the count. */
    begin(f->s);
    assert_int_equal(auth_login_succeeded(f->s, "jdv", "192.0.2.1"), SL_OK);
    finish(f->s, true);
    assert_false(login_locked(f->s, "jdv", "192.0.2.1", last + 1, max, lockout));
    begin(f->s);
    assert_int_equal(auth_login_failed(f->s, "jdv", "192.0.2.1", last + 2, lockout), SL_OK);
    finish(f->s, true);
    assert_false(login_locked(f->s, "jdv", "192.0.2.1", last + 3, max, lockout));
    /* Succeeding for a user with no failures is fine. */
    begin(f->s);
    assert_int_equal(auth_login_succeeded(f->s, "never-failed", "192.0.2.1"), SL_OK);
    finish(f->s, true);
}

static void test_throttle_fresh_count_after_lockout(void **state)
{
    fixture *f = *state;
    const long max = 3, lockout = 60;
    for (int i = 0; i < 3; i++) {
        begin(f->s);
        assert_int_equal(auth_login_failed(f->s, "fresh", "192.0.2.1", 1000 + i, lockout), SL_OK);
        finish(f->s, true);
    }
    assert_true(login_locked(f->s, "fresh", "192.0.2.1", 1002, max, lockout));
    /* The lock-out has passed: one more mistake is counted as the first of a new series,
     * not as the fourth, so it does not lock the user out again at once. */
    begin(f->s);
    assert_int_equal(auth_login_failed(f->s, "fresh", "192.0.2.1", 1002 + lockout, lockout), SL_OK);
    finish(f->s, true);
    assert_false(login_locked(f->s, "fresh", "192.0.2.1", 1003 + lockout, max, lockout));
}

static void test_throttle_rolled_back(void **state)
{
    fixture *f = *state;
    /* Failures recorded in a request that is rolled back do not count. */
    for (int i = 0; i < 5; i++) {
        begin(f->s);
        assert_int_equal(auth_login_failed(f->s, "x", "192.0.2.1", 100 + i, 300), SL_OK);
        finish(f->s, false);
    }
    assert_false(login_locked(f->s, "x", "192.0.2.1", 105, 1, 300));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_and_verify),
        cmocka_unit_test(test_hash_salted),
        cmocka_unit_test(test_hash_empty_password),
        cmocka_unit_test(test_hash_cost_bounds),
        cmocka_unit_test(test_verify_malformed),
        cmocka_unit_test(test_verify_overflowing_header),
        cmocka_unit_test(test_verify_tampered_cost),
        cmocka_unit_test(test_random_password),
        cmocka_unit_test_setup_teardown(test_check_password, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_lifecycle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_rolled_back_request, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_bad_tokens, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_disabled_user, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_unknown_user, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sessions_expire, setup, teardown),
        cmocka_unit_test_setup_teardown(test_throttle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_throttle_fresh_count_after_lockout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_throttle_rolled_back, setup, teardown),
    };
    return cmocka_run_group_tests_name("auth", tests, NULL, NULL);
}
