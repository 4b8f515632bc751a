/* Passwords (scrypt), sessions (random 256-bit tokens stored only as SHA-256 hashes, idle
 * expiry) and login throttling. */
#ifndef SL_AUTH_H
#define SL_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ids.h"
#include "policy.h"
#include "store.h"

#define AUTH_HASH_MAX 160
#define AUTH_TOKEN_HEX 64

/* Hashes with scrypt N = 2^log2n, r = 8, p = 1 and a random 16-byte salt into
 * "scrypt$<log2n>$<r>$<p>$<salt hex>$<hash hex>". Returns false on failure. */
bool auth_password_hash(const char *password, int log2n, char out[AUTH_HASH_MAX]);
/* Compares in constant time; false for a malformed stored hash. */
bool auth_password_verify(const char *password, const char *stored);
/* A random password of `len` characters from an unambiguous alphabet (len < outlen). */
void auth_random_password(char *out, size_t len);

/* Looks up an enabled user by name and checks the password. Unknown users cost the same
 * time as known ones: a dummy hash of cost 2^log2n (the configured cost) is verified for
 * them. SL_OK fills *p; SL_EUNAUTH otherwise. */
sl_status auth_check_password(store *s, const char *username, const char *password, int log2n,
                              sl_principal *p, bool *must_change);

/* The first half of a login, without the slow hash: looks up an enabled user and copies the
 * stored hash to verify into `stored`. For an unknown user *found is false and `stored` is the
 * dummy hash of cost 2^log2n, so that verifying it costs the same. */
sl_status auth_login_lookup(store *s, const char *username, int log2n, sl_principal *p,
                            bool *must_change, char stored[AUTH_HASH_MAX], bool *found);

/* A fixed hash of cost 2^log2n verified in place of a missing one (an unknown user, a user
 * without a kiosk PIN), so that response time does not tell which exist; "" when it could
 * not be made. Owned by this module, valid until the cost changes. */
const char *auth_dummy_hash(int log2n);

/* Creates a session row for user_id and records it as the account's last login; writes the
 * token (hex) the client keeps.
 * Must run inside a store request. */
sl_status auth_session_create(store *s, const char *user_id, int64_t now,
                              char token_hex[AUTH_TOKEN_HEX + 1]);
/* Resolves a token into its principal. SL_EUNAUTH when unknown or idle longer than
 * idle_seconds (the row is then left for auth_sessions_expire to remove). On success
 * *last_seen receives the stored last-seen time. */
sl_status auth_session_lookup(store *s, const char *token_hex, int64_t now, long idle_seconds,
                              sl_principal *p, int64_t *last_seen);
/* Binds the session to the company of the kiosk it was opened on (a PIN login): it may then
 * be resumed only on a connection bound to that company. */
sl_status auth_session_bind_kiosk(store *s, const char *token_hex, const char *company_id);
/* The company a session is bound to into out ("" when none); SL_EUNAUTH for an unknown token,
 * else the store's error. */
sl_status auth_session_kiosk(store *s, const char *token_hex, char out[SL_ID_LEN + 1]);
sl_status auth_session_touch(store *s, const char *token_hex, int64_t now);
sl_status auth_session_delete(store *s, const char *token_hex);
/* Removes sessions idle longer than idle_seconds; returns the count removed or -1. */
int auth_sessions_expire(store *s, int64_t now, long idle_seconds);

/* Lock-out, counted per (user name, source address) pair: max_failures consecutive failures
 * of that name from that address lock the pair until lockout seconds after the last one.
 * Another address is not locked, so guessing from elsewhere cannot lock a user out; the
 * per-address failure limit (admission.h) stops one address from spraying many names.
 * `address` is the text of an admission entry ("192.0.2.7", "2001:db8::/64"). *locked says
 * whether the pair is locked now; the store's error when the query failed (the login is then
 * refused with it, not let through). */
sl_status auth_login_locked(store *s, const char *username, const char *address, int64_t now,
                            long max_failures, long lockout_seconds, bool *locked);
/* Counts a failure of the pair; a failure after an expired lock-out starts a fresh count. */
sl_status auth_login_failed(store *s, const char *username, const char *address, int64_t now,
                            long lockout_seconds);
/* Clears the pair's failures after a successful login. */
sl_status auth_login_succeeded(store *s, const char *username, const char *address);

/* How long a session's last_seen may lag before a request writes it again, in seconds: a
 * quarter of the idle timeout, at most a minute (writing it on every request would turn
 * every read into a write). A session used more often than its idle timeout therefore never
 * expires, whatever session_idle_seconds is. */
long auth_touch_interval(long idle_seconds);

#endif
