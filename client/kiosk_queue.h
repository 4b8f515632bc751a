/* The kiosk's offline queue: submissions (clock-ins, agenda weeks, signatures) made while the
 * server could not be reached, kept in a small SQLite file of the kiosk's own until they are
 * sent. The durability rule is the server's: a submission is "queued" only once it is on disk
 * (synchronous=FULL, one transaction per add). Each item carries the submission id made on
 * the kiosk (Envelope.submission_id), so sending it again after a lost reply records nothing
 * twice; items are sent per account in the order they were queued.
 *
 * An item also carries the session token of the person who made it, so it can be sent after
 * that person has gone (or after the kiosk was restarted) by resuming the session. The file
 * is created mode 0600 for that reason, and an item leaves the file once it has an outcome. */
#ifndef SL_KIOSK_QUEUE_H
#define SL_KIOSK_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sl_error.h"

typedef struct kiosk_queue kiosk_queue;

#define KQ_USER_LEN 128
#define KQ_TOKEN_LEN 80
#define KQ_LABEL_LEN 200

typedef enum {
    KQ_WAITING = 0, /* not sent yet, or sent without an answer */
    KQ_REFUSED = 1, /* the server answered with a refusal; kept to show, never sent again */
} kq_state;

typedef struct {
    int64_t seq;       /* queue order */
    int64_t queued_at; /* unix seconds */
    kq_state state;
    char username[KQ_USER_LEN];
    char token[KQ_TOKEN_LEN];
    char label[KQ_LABEL_LEN];   /* for people: "Inklokken Sam de Vries 08:02" */
    char message[KQ_LABEL_LEN]; /* the refusal, or why a waiting item waits (user's words) */
    uint8_t *envelope;          /* a packed Envelope with submission_id set; owned, kq_item_clear */
    size_t envelope_len;
} kq_item;

/* Opens (creating when missing, mode 0600) the queue file at path. SL_EIO with a reason in
 * err when the file cannot be opened or is no queue. */
sl_status kq_open(const char *path, kiosk_queue **out, char *err, size_t errlen);
/* NULL-safe. */
void kq_close(kiosk_queue *q);

/* Queues one submission of `kind` (the envelope's body case); returns only once it is on
 * disk. envelope is copied. The new
 * item's sequence number goes to *seq (may be NULL). SL_EINVAL for an empty username or
 * envelope, SL_EIO when it could not be stored (then nothing is queued). */
sl_status kq_add(kiosk_queue *q, const char *username, const char *token, const char *label,
                 int kind, const uint8_t *envelope, size_t envelope_len, int64_t *seq);

/* The oldest waiting item of `username` (NULL: of anyone) into *it (free its envelope with
 * kq_item_clear). SL_ENOTFOUND when none waits. */
sl_status kq_next(kiosk_queue *q, const char *username, kq_item *it);
/* The item was answered: SL_OK removes it; a refusal keeps it as KQ_REFUSED with `message`
 * for the screen. */
sl_status kq_done(kiosk_queue *q, int64_t seq, bool refused, const char *message);
/* A person logged in again: their waiting items get the new token (and lose their note). */
sl_status kq_set_token(kiosk_queue *q, const char *username, const char *token);
/* Notes on `username`'s waiting items why they wait (shown on the waiting list; cleared when
 * they are sent or refused). */
sl_status kq_note_waiting(kiosk_queue *q, const char *username, const char *note);
/* Forgets the refused items of `username` (after the person saw them). */
sl_status kq_clear_refused(kiosk_queue *q, const char *username);

/* Up to max items (waiting and refused) in queue order, without their envelopes; *n gets the
 * count. */
sl_status kq_list(kiosk_queue *q, kq_item *items, size_t max, size_t *n);
/* How many items wait to be sent (all accounts); -1 on a read error. */
long kq_waiting(kiosk_queue *q);
/* The accounts with waiting items, in the order of their oldest item: up to max names into
 * names (each KQ_USER_LEN bytes); *n gets the count. */
sl_status kq_accounts(kiosk_queue *q, char (*names)[KQ_USER_LEN], size_t max, size_t *n);
/* Whether any item of username waits. */
bool kq_has_waiting(kiosk_queue *q, const char *username);

/* Of the waiting items of username whose kind is kind_a or kind_b, the newest one's kind; 0
 * when none waits (or on a read error). */
int kq_last_kind(kiosk_queue *q, const char *username, int kind_a, int kind_b);

void kq_item_clear(kq_item *it);

/* The queue's SQLite connection, for the kiosk's cache in the same file (kiosk_cache.h). */
struct sqlite3 *kq_db(kiosk_queue *q);

#endif
