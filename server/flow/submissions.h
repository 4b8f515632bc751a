/* Submissions that may be retried: a write whose request-table row is REQ_IDEMPOTENT and whose
 * envelope carries a client-made submission id (a UUID made on the kiosk) is answered once;
 * its outcome — the reply, or a refusal by the rules — is stored in the same transaction, and
 * a retry with the same id by the same account gets that first outcome again, whatever has
 * changed since, without running the handler. Failures that say nothing about the request
 * (UNAVAILABLE, INTERNAL) are not stored: the retry runs. */
#ifndef SL_SUBMISSIONS_H
#define SL_SUBMISSIONS_H

#include <stdbool.h>

#include "dispatch.h"

/* Looks the submission up (inside the request's savepoint). SL_OK with *replay set to the
 * first outcome (caller frees; its request id set to r->request_id) or NULL when the id is
 * new; SL_EINVAL when the id is malformed or was used for another kind of request; the
 * store's error otherwise. */
sl_status submission_replay(request *r, const sl_envelope *in, sl_envelope **replay);

/* Stores `reply` (the handler's reply, or the error it answered) as the outcome of `in`'s
 * submission, inside the request's savepoint. */
sl_status submission_record(request *r, const sl_envelope *in, const sl_envelope *reply);

/* Whether an outcome with this status is kept for retries: success and the refusals that
 * depend on the request itself. */
bool submission_keeps(sl_status st);

/* Removes outcomes older than `keep_seconds` (in the open batch). Returns the count or -1. */
int submissions_expire(store *st, int64_t now, int64_t keep_seconds);

#endif
