/* The kiosk's link to the server: every protocol call the kiosk screens make, kept apart from
 * the screens. Reads go straight to the server (connecting again when the connection was
 * lost, and resuming the person's session). Writes go through the offline queue
 * (kiosk_queue.h): each gets a submission id made here, is put on disk first and then sent
 * with everything queued before it; when the server cannot be reached it stays queued and is
 * sent by a later kl_flush. Messages for people come back in the user's language. */
#ifndef SL_KIOSK_LINK_H
#define SL_KIOSK_LINK_H

#include <stdbool.h>
#include <stddef.h>

#include "kiosk_queue.h"
#include "slclient.h"

typedef struct kiosk_link kiosk_link;

typedef struct {
    char username[KQ_USER_LEN];
    char display_name[128];
    int role; /* Stagelijn__V1__Role */
    char token[KQ_TOKEN_LEN];
    char company_id[40];
} kl_person;

/* o is copied (its strings must outlive the link); q stays the caller's. NULL on no memory. */
kiosk_link *kl_new(const sl_client_opts *o, kiosk_queue *q);
void kl_free(kiosk_link *kl);

/* Connects (TLS and Hello) unless connected; SL_OK, or a connection status with the reason in
 * err. */
sl_status kl_connect(kiosk_link *kl, char *err, size_t errlen);
/* Whether the last exchange with the server worked. */
bool kl_online(const kiosk_link *kl);
/* Whether the logged-in person logged in offline (a PIN checked on the kiosk): only clock-ins
 * and clock-outs can be made, reads show what the kiosk knew. */
bool kl_offline_login(const kiosk_link *kl);
/* For the status row: "Connected.", "No connection." or, when a read shown came from the
 * kiosk's cache, "Last known at HH:MM." (on another day with the date; the oldest such
 * read). Returns
 * out. */
const char *kl_network_text(const kiosk_link *kl, char *out, size_t n);
/* How many days (>= 1) the kiosk keeps PIN verifiers and last known reads (kiosk_cache.h;
 * default 7). SL_EINVAL for less than a day or without a cache. */
sl_status kl_keep_days(kiosk_link *kl, int days);
/* The name of the company the device certificate binds this kiosk to, as the server last
 * said ("" before the first connection). */
const char *kl_company_name(const kiosk_link *kl);

/* Logs a person in with user name and password. On SL_OK *who is filled and the person's
 * queued items get the new session. Otherwise msg holds why, in the user's words. Reads of a
 * logged-in person are kept on the kiosk (kiosk_cache.h) and shown when the server cannot be
 * reached (kl_read answers SL_OK from the cache then; kl_network_text says so). */
sl_status kl_login(kiosk_link *kl, const char *username, const char *password, kl_person *who,
                   char *msg, size_t msglen);
/* The same with an intern's PIN (only on a kiosk with its device certificate). A right PIN
 * leaves a verifier of it on the kiosk; when the server cannot be reached the PIN is checked
 * against that verifier (offline login, throttled on the kiosk: kiosk_cache.h) and the intern
 * may clock in and out, queued until the server takes them. */
sl_status kl_pin_login(kiosk_link *kl, const char *username, const char *pin, kl_person *who,
                       char *msg, size_t msglen);
/* Ends the person's session, unless items of theirs still wait in the queue (they need the
 * session to be sent; the flush ends it afterwards). Never fails visibly. */
void kl_logout(kiosk_link *kl);
/* The logged-in person, NULL when nobody is. */
const kl_person *kl_who(const kiosk_link *kl);

/* Sends a read request for the logged-in person; *reply gets the answer (free with
 * sl_envelope_free). On failure msg says why in the user's words and *reply is NULL. */
sl_status kl_read(kiosk_link *kl, sl_envelope *req, sl_envelope **reply, char *msg, size_t msglen);

typedef enum {
    KL_SENT,    /* the server answered: *reply holds the answer */
    KL_QUEUED,  /* on disk, waiting for the server */
    KL_REFUSED, /* the server refused it; msg says why */
    KL_FAILED,  /* not even queued (the queue file could not be written); msg says why */
} kl_outcome;

/* Queues the write req (its submission_id is set here) for the logged-in person with a label
 * for the waiting list, then sends the queue. *reply (may be NULL) gets the answer when
 * KL_SENT. */
kl_outcome kl_submit(kiosk_link *kl, sl_envelope *req, const char *label, sl_envelope **reply,
                     char *msg, size_t msglen);
/* Sends what waits in the queue, per account in queue order, resuming each account's
 * session; stops an account at its first item that cannot be sent now. Returns how many
 * items are still waiting. */
long kl_flush(kiosk_link *kl);

/* ---------------------------------------------------------------- the kiosk's requests
 * Reads return the reply (caller frees with sl_envelope_free) or NULL with msg set; writes
 * return kl_submit's outcome. Strings are the caller's. */

sl_envelope *kl_list_placements(kiosk_link *kl, char *msg, size_t msglen);
sl_envelope *kl_list_weeks(kiosk_link *kl, const char *placement_id, char *msg, size_t msglen);
/* The placement's assessments with their earlier versions and the drafts. */
sl_envelope *kl_list_assessments(kiosk_link *kl, const char *placement_id, char *msg,
                                 size_t msglen);
/* The contract as a readable document (ContractDocument.text). */
sl_envelope *kl_contract_text(kiosk_link *kl, const char *placement_id, char *msg, size_t msglen);

/* A week of the agenda: days (date, minutes, tasks), the supervisor's reflection, and
 * whether to sign it in the same step. */
kl_outcome kl_submit_week(kiosk_link *kl, const char *placement_id, const char *monday,
                          Stagelijn__V1__AgendaDay **days, size_t n_days, const char *reflection,
                          bool sign, const char *label, char *msg, size_t msglen);
kl_outcome kl_sign_week(kiosk_link *kl, const char *week_id, const char *label, char *msg,
                        size_t msglen);
kl_outcome kl_submit_assessment(kiosk_link *kl, Stagelijn__V1__Assessment *a, const char *label,
                                char *msg, size_t msglen);
/* The company's signature, by the logged-in person, dated `date` (YYYY-MM-DD). */
kl_outcome kl_sign_contract(kiosk_link *kl, const char *placement_id, const char *date,
                            const char *label, char *msg, size_t msglen);
kl_outcome kl_report_dropout(kiosk_link *kl, const char *placement_id, const char *date,
                             const char *reason, const char *label, char *msg, size_t msglen);

/* Clocks the student in (in) or out at this moment; the time goes with the request, so a
 * clocking that waits in the queue keeps the time of the key press. *reply (may be NULL) gets
 * the ClockRecord when KL_SENT. */
kl_outcome kl_clock(kiosk_link *kl, const char *student_id, bool in, const char *label,
                    sl_envelope **reply, char *msg, size_t msglen);
/* The logged-in person's newest clocking still waiting in the queue: 1 a clock-in, -1 a
 * clock-out, 0 none. */
int kl_pending_clock(kiosk_link *kl);
/* A student's week of hours (WeekHours) containing `date`; placement_id may be "". */
sl_envelope *kl_week_hours(kiosk_link *kl, const char *student_id, const char *placement_id,
                           const char *date, char *msg, size_t msglen);
/* Absence of `kind` (Stagelijn__V1__AbsenceKind) from..to (YYYY-MM-DD; to "" = one day). */
kl_outcome kl_report_absence(kiosk_link *kl, const char *student_id, const char *placement_id,
                             int kind, const char *from, const char *to, const char *note,
                             const char *label, char *msg, size_t msglen);
/* Corrects one clocked shift (record_id "" adds a forgotten one) in the week of `date`, with
 * a reason; times in unix seconds, out_at 0 leaves it open. */
kl_outcome kl_correct_clock(kiosk_link *kl, const char *student_id, const char *placement_id,
                            const char *date, const char *record_id, int64_t in_at, int64_t out_at,
                            const char *reason, const char *label, char *msg, size_t msglen);
/* The intern's own reflection on the week of `monday`. */
kl_outcome kl_write_reflection(kiosk_link *kl, const char *placement_id, const char *monday,
                               const char *text, const char *label, char *msg, size_t msglen);
/* The student's hours of this school year (HourTotals). */
sl_envelope *kl_hour_totals(kiosk_link *kl, const char *student_id, char *msg, size_t msglen);
/* Saves a draft assessment: a new one (draft_id ""), a change of draft draft_id, or (with
 * revises_id) a new version of a submitted one. When KL_SENT the draft's id goes to id_out. */
kl_outcome kl_save_assessment_draft(kiosk_link *kl, const char *placement_id, const char *draft_id,
                                    const char *revises_id, Stagelijn__V1__Assessment *a,
                                    char *id_out, size_t id_len, const char *label, char *msg,
                                    size_t msglen);
/* Submits a saved draft: a new assessment, or the new version of the one it revises. */
kl_outcome kl_submit_assessment_draft(kiosk_link *kl, const char *placement_id,
                                      const char *draft_id, const char *label, char *msg,
                                      size_t msglen);
/* The intern's own rating of the five competence areas for a period (saving again replaces
 * it). */
kl_outcome kl_save_self_rating(kiosk_link *kl, Stagelijn__V1__SelfRating *rating, const char *label,
                               char *msg, size_t msglen);

#endif
