/* What the kiosk keeps for when the server cannot be reached (issue 8, offline login),
 * beside its queue in the same SQLite file (mode 0600, kiosk_queue.h):
 *
 * - PIN verifiers: at an intern's successful online PIN login on this kiosk, a verifier of
 *   the PIN made here (scrypt, a salt of its own, never the server's hash) with the intern's
 *   name, so that the intern can log in on this kiosk while it is offline. Wrong offline PINs
 *   are throttled here: per account (KC_ACCOUNT_MAX_FAILURES in a row block the account's
 *   offline login until its next online login) and per device (KC_DEVICE_MAX_FAILURES within
 *   KC_DEVICE_LOCKOUT_SECONDS block every offline PIN for that long). The counts are on disk:
 *   restarting the kiosk does not reset them.
 * - The last known reads: a person's read replies by request, shown while offline with the
 *   time they were read, only to the same person (by user name). Written on a connection of
 *   their own without waiting for the disk (a read lost in a power cut is read again).
 * - The device: the company the device certificate was last bound to, for the screens (and
 *   the reads' keys) after a restart without a connection.
 * Everything expires after the kept time (kc_open's keep_seconds). docs/clients.md. */
#ifndef SL_KIOSK_CACHE_H
#define SL_KIOSK_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kiosk_queue.h"
#include "sl_error.h"

typedef struct kiosk_cache kiosk_cache;

#define KC_ACCOUNT_MAX_FAILURES 5
#define KC_DEVICE_MAX_FAILURES 10
#define KC_DEVICE_LOCKOUT_SECONDS 900
#define KC_DEFAULT_KEEP_SECONDS (7L * 86400)

typedef struct {
    char username[KQ_USER_LEN];
    char display_name[128];
} kc_person;

typedef enum {
    KC_PIN_OK,
    KC_PIN_WRONG,          /* wrong PIN, or nobody of that name logged in here before */
    KC_PIN_ACCOUNT_LOCKED, /* too many wrong PINs in a row for the account */
    KC_PIN_DEVICE_LOCKED,  /* too many wrong PINs on this kiosk lately */
    KC_PIN_ERROR,          /* the file could not be read or written */
} kc_pin_verdict;

/* Adds the cache's tables to the queue's file. keep_seconds (> 0): how long anything kept
 * stays usable. SL_EIO when the tables cannot be made; SL_ENOMEM. */
sl_status kc_open(kiosk_queue *q, long keep_seconds, kiosk_cache **out);
/* Changes the kept time (seconds > 0). */
sl_status kc_set_keep(kiosk_cache *c, long keep_seconds);
/* NULL-safe; the queue stays open. */
void kc_close(kiosk_cache *c);

/* After a right PIN online: keeps a new verifier of pin for p (replacing the old one) and
 * clears the account's offline failures. SL_EIO when it cannot be made or stored. */
sl_status kc_remember_pin(kiosk_cache *c, const kc_person *p, const char *pin, int64_t now);
/* Forgets username's verifier (no offline login for that person until the next right PIN
 * online): the server refused the PIN, so it was reset or the account disabled. SL_OK also
 * when there was none; SL_EIO when the file cannot be written. */
sl_status kc_forget_pin(kiosk_cache *c, const char *username);
/* The user names with a verifier here (at most max) into names, with when each verifier was
 * made (unix s) into saved_at; *n how many. SL_EIO on a read error. */
sl_status kc_pin_people(kiosk_cache *c, char (*names)[KQ_USER_LEN], int64_t *saved_at, size_t max,
                        size_t *n);
/* Checks an offline PIN login; on KC_PIN_OK *p is the person. A wrong PIN is counted. */
kc_pin_verdict kc_check_pin(kiosk_cache *c, const char *username, const char *pin, int64_t now,
                            kc_person *p);

/* Keeps reply as username's last known answer to the request key (both packed envelopes,
 * copied). */
sl_status kc_save_read(kiosk_cache *c, const char *username, const uint8_t *key, size_t keylen,
                       const uint8_t *reply, size_t replylen, int64_t now);
/* username's last known answer to key, read no longer than the kept time ago: *reply (free
 * with free()) and *saved_at (unix s). SL_ENOTFOUND when there is none. */
sl_status kc_load_read(kiosk_cache *c, const char *username, const uint8_t *key, size_t keylen,
                       int64_t now, uint8_t **reply, size_t *replylen, int64_t *saved_at);

/* The company the device was last bound to (id and name), kept and read back. */
sl_status kc_save_device(kiosk_cache *c, const char *company_id, const char *company_name);
sl_status kc_load_device(kiosk_cache *c, char *company_id, size_t idlen, char *company_name,
                         size_t namelen);

#endif
