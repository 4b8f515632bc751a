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
    const char *summary; /* no personal data: ids, dates, kinds; English */
    /* The summary as a detail code and its parameters (codes): `req_detail(r, DET_EV_..., ...)`
     * gives both, `.summary = d.text, .coded = d`; left zero, the summary is English only. */
    req_detail_text coded;
} event_spec;

/* Appends inside the request's transaction. */
sl_status events_append(request *r, const event_spec *e);
/* Same for work that is no request (the scheduler): appends inside the write store's open
 * savepoint, at `now` (unix seconds), with no actor; the new event's seq into *seq. */
sl_status events_append_unattended(store *st, int64_t now, const event_spec *e, uint64_t *seq);

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
 * sets *total to the number of visible events in the range. With caseload_only, only events
 * about the students `who` coaches or supports and those about no student. Returns the count
 * or -1 on a database error. */
int events_list_page(request *r, const sl_principal *who, sl_scope scope, bool caseload_only,
                     uint64_t after, uint64_t upto, int limit, int offset,
                     Stagelijn__V1__Event **out, uint32_t *total);

/* subs (issue 9): the topics events are raised with, which an administrator grants to
 * subscriber accounts. The index of `topic` (a bit of a grant mask), or -1 for none. */
int events_topic_index(const char *topic);
/* The topic of index i; NULL past the last. */
const char *events_topic_name(int i);
/* The topics granted to the account `user_id` as a mask of events_topic_index bits into
 * *mask (0: none); SL_OK or the store's error. */
sl_status events_granted_topics(store *st, const char *user_id, uint32_t *mask);

/* Whether a subscription or listing of `role` is narrowed to the caller's caseload (subs,
 * issue 9): a coach's and a support coach's are, unless they asked for the whole school. */
bool events_caseload_only(sl_role role, bool all_school);

/* The inbox (issue 9): what a person may see (the same condition as push and
 * ListNotifications), narrowed by these filters. */
typedef struct {
    const char *kind;       /* a topic, or a review_due event's due kind; "" = any */
    const char *student_id; /* an id or part of a name; "" = any */
    int state;              /* Stagelijn__V1__InboxState: open, acknowledged, any */
    bool own_only;          /* only events about the caller's own interns (as coach or support
                             * coach) and events about no student */
} inbox_filter;

/* One page of the caller's (r->who) inbox among the committed events, newest first: skips
 * `offset`, fills at most `limit` items into out[] from the arena, *total = all matching.
 * Returns the count or -1 on a database error. */
int events_inbox_page(request *r, sl_scope scope, const inbox_filter *f, int limit, int offset,
                      Stagelijn__V1__InboxItem **out, uint32_t *total);
/* Acknowledges for r->who, inside the request's transaction: the event `seq` when it is one
 * the caller may see (*found tells), or with seq 0 every open item matching f. Returns how
 * many were newly acknowledged, or -1 on a database error. */
int events_inbox_ack(request *r, sl_scope scope, const inbox_filter *f, uint64_t seq, bool *found);

/* subs (issue 9): one page of the caller's inbox as groups, one per kind (a review_due
 * event's due kind, else the topic) and intern, newest group first, each with its newest item;
 * skips `offset` groups, fills at most `limit` into out[] from the arena, *total = all matching
 * groups. Returns the count or -1 on a database error. */
int events_inbox_groups(request *r, sl_scope scope, const inbox_filter *f, int limit, int offset,
                        Stagelijn__V1__InboxGroup **out, uint32_t *total);
/* Acknowledges for r->who, inside the request's transaction, every open item matching f of the
 * group the event `seq` belongs to (same kind, same intern), when the caller may see `seq`
 * (*found tells). Returns how many were newly acknowledged, or -1 on a database error. */
int events_inbox_ack_group(request *r, sl_scope scope, const inbox_filter *f, uint64_t seq,
                           bool *found);

#endif
