/* Kiosk PINs of interns (issue 8): stored hashed like passwords (auth.h), with their own
 * throttle beside the password login's: per account (consecutive wrong PINs lock the
 * account's PIN login until an admin or coach sets a new PIN: no time unlocks it, since a
 * timed unlock would let a guesser work through all 10^4 PINs in days) and per device (a
 * company-bound kiosk connection: its company and source address). docs/rules.md. */
#ifndef SL_PINS_H
#define SL_PINS_H

#include <stdbool.h>
#include <stdint.h>

#include "auth.h"
#include "store.h"

/* Wrong PINs in a row after which the account's PIN login is locked until a new PIN is set. */
#define PIN_ACCOUNT_MAX_FAILURES 5
/* Wrong PINs from one device within PIN_DEVICE_LOCKOUT_SECONDS of the first of them, after
 * which that device accepts no PIN until PIN_DEVICE_LOCKOUT_SECONDS after the last. A right
 * PIN does not clear the device's count: one intern's own PIN must not buy more guesses at the
 * others'. The window is fixed from its first failure, so that a busy kiosk's occasional
 * typing errors never add up to a lock. */
#define PIN_DEVICE_MAX_FAILURES 20
#define PIN_DEVICE_LOCKOUT_SECONDS 900L
/* Room for a device key: company id, '@', address text. */
#define PIN_DEVICE_KEY_MAX 128

/* Sets (or replaces) the PIN hash of the student's login user_id; clears its failures and
 * lock. set_by is the user who set it. */
sl_status pin_store_set(store *s, const char *user_id, const char *pin_hash, const char *set_by,
                        int64_t now);

/* The first half of a PIN login. *found is true only for an enabled student login with a PIN
 * and a placement at company_id that is active on `today` (YYYY-MM-DD): then *p and `stored`
 * are filled and *locked tells whether the account's PIN login is locked. Otherwise `stored`
 * is the dummy hash of cost 2^log2n (so that verifying costs the same) and *locked is false.
 * The store's error when a query failed. */
sl_status pin_store_lookup(store *s, const char *username, const char *company_id,
                           const char *today, int log2n, sl_principal *p,
                           char stored[AUTH_HASH_MAX], bool *found, bool *locked);

/* Counts a wrong PIN of the account; locks it at PIN_ACCOUNT_MAX_FAILURES. */
sl_status pin_store_account_failed(store *s, const char *user_id, int64_t now);
/* Clears the account's count after a right PIN. */
sl_status pin_store_account_succeeded(store *s, const char *user_id);

/* Whether `device` (pin_device_key) is locked out now. */
sl_status pin_store_device_locked(store *s, const char *device, int64_t now, bool *locked);
/* Counts a wrong PIN from `device`; a failure after an expired lock-out starts a new count. */
sl_status pin_store_device_failed(store *s, const char *device, int64_t now);

/* "COMPANY@ADDRESS" into out (PIN_DEVICE_KEY_MAX bytes). */
void pin_device_key(const char *company_id, const char *address, char *out);

#endif
