/* The event log (transactional outbox) and push. An event is a row written in the same
 * transaction as the change that causes it; after the commit it is pushed to the live
 * subscribers that may see it; a subscriber that was away replays from its cursor. */
#ifndef SL_EVENTS_H
#define SL_EVENTS_H

#include <stdint.h>

#include "dispatch.h"

typedef struct {
    const char *topic; /* "dropout", "review_due", ... */
    const char *student_id, *placement_id, *company_id, *class_id;
    const char *summary; /* no personal data: ids, dates, kinds */
} event_spec;

/* Appends inside the request's transaction. */
sl_status events_append(request *r, const event_spec *e);

/* The newest event's seq (0 when there is none) into *seq; the store's error when the query
 * failed, so that a failure never moves the durable horizon back to 0. */
sl_status events_max_seq(store *s, uint64_t *seq);

/* Call after a successful commit: advances the durable horizon and pushes to subscribers. */
void events_after_commit(sl_server *srv);
/* Releases a fan-out in progress (shutdown); NULL-safe on a server that never pushed. */
void events_free(sl_server *srv);

/* Sends this subscriber the committed events after its cursor that it may see, until its
 * output buffer is full (the write callback calls again when it drains). */
void events_pump(conn *c);

/* One page of the visible, committed events in (after, upto] for a principal, newest first
 * (ListNotifications): skips `offset`, fills at most `limit` into out[] from the arena and
 * sets *total to the number of visible events in the range. Returns the count or -1 on a
 * database error. */
int events_list_page(request *r, const sl_principal *who, sl_scope scope, uint64_t after,
                     uint64_t upto, int limit, int offset, Stagelijn__V1__Event **out,
                     uint32_t *total);

#endif
