/* The inbox (issue 9, notifications): the events a person may see (the policy's scope for
 * inbox.read, the same condition as push), newest first, filtered, acknowledged per user.
 *
 * Decisions where the plan leaves room (docs/rules.md, "Reviews due"):
 * - A coach's inbox shows his/her own interns' events (as coach of one of the student's
 *   placements or as support coach) and events about no student; `team` shows the whole
 *   school's, as far as the policy reaches.
 * - Acknowledging an event already acknowledged is no error; acknowledging one the caller
 *   may not see is NOT_FOUND, like one that does not exist.
 * - Grouped (subs): items group by kind (a review_due's due kind, else the topic) and intern;
 *   a group is named by its newest item's seq, and acknowledging it acknowledges its open
 *   items that match the filter. */
#include <stdio.h>
#include <string.h>

#include "events.h"
#include "handlers.h"
#include "target.h"

#define INBOX_PAGE 50
#define INBOX_MAX_PAGE 500
#define INBOX_MAX_OFFSET 100000
#define INBOX_MAX_ACKS 500

/* The filters of a request, checked; SL_OK or the refusal already recorded in r. */
static sl_status read_filter(request *r, const Stagelijn__V1__InboxRequest *q, inbox_filter *f)
{
    sl_status st;
    f->kind = q && q->kind ? q->kind : "";
    f->student_id = q && q->student ? q->student : "";
    f->state = q ? (int)q->state : STAGELIJN__V1__INBOX_STATE__INBOX_OPEN;
    f->own_only = events_caseload_only(r->who->role, q && q->team);
    if (strlen(f->kind) > 64)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_TOO_LONG, "kind", 64L);
    if ((st = req_check_text(r, "student", f->student_id, false)) != SL_OK)
        return st;
    if (f->state < STAGELIJN__V1__INBOX_STATE__INBOX_OPEN ||
        f->state > STAGELIJN__V1__INBOX_STATE__INBOX_ANY)
        return req_fail_code(r, SL_EINVAL, MSG_INBOX_STATE);
    return SL_OK;
}

sl_status handle_inbox(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__InboxRequest *q = in->inbox;
    inbox_filter f;
    sl_status st = read_filter(r, q, &f);
    if (st != SL_OK)
        return st;
    if (q->offset > INBOX_MAX_OFFSET)
        return req_fail_code(r, SL_EINVAL, MSG_INBOX_OFFSET, INBOX_MAX_OFFSET);
    int limit = q->limit == 0               ? INBOX_PAGE
                : q->limit > INBOX_MAX_PAGE ? INBOX_MAX_PAGE
                                            : (int)q->limit;
    Stagelijn__V1__InboxReply *rep = SL_ARENA_NEW(r->arena, Stagelijn__V1__InboxReply);
    stagelijn__v1__inbox_reply__init(rep);
    uint32_t total = 0;
    int n;
    if (q->grouped) {
        rep->groups = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__InboxGroup *, (size_t)limit);
        n = events_inbox_groups(r, r->target.scope, &f, limit, (int)q->offset, rep->groups, &total);
        rep->n_groups = n > 0 ? (size_t)n : 0;
    } else {
        rep->items = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__InboxItem *, (size_t)limit);
        n = events_inbox_page(r, r->target.scope, &f, limit, (int)q->offset, rep->items, &total);
        rep->n_items = n > 0 ? (size_t)n : 0;
    }
    if (n < 0)
        return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    rep->total = total;
    rep->offset = q->offset;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_INBOX_REPLY;
    out->inbox_reply = rep;
    return SL_OK;
}

sl_status handle_ack_inbox(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__AckInboxRequest *q = in->ack_inbox;
    if (!q->all && q->n_seqs == 0)
        return req_fail_code(r, SL_EINVAL, MSG_ACK_WHICH);
    if (q->n_seqs > INBOX_MAX_ACKS)
        return req_fail_code(r, SL_EINVAL, MSG_AT_MOST_ACKS, INBOX_MAX_ACKS);
    inbox_filter f;
    sl_status st = read_filter(r, q->filter, &f);
    if (st != SL_OK)
        return st;
    long acked = 0;
    bool found = true;
    for (size_t i = 0; i < q->n_seqs; i++) {
        if (q->seqs[i] == 0 || q->seqs[i] > (uint64_t)r->srv->committed_seq)
            found = false;
        int n = !found      ? 0
                : q->groups ? events_inbox_ack_group(r, r->target.scope, &f, q->seqs[i], &found)
                            : events_inbox_ack(r, r->target.scope, &f, q->seqs[i], &found);
        if (n < 0)
            return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
        if (!found) {
            char seq[24];
            snprintf(seq, sizeof seq, "%llu", (unsigned long long)q->seqs[i]);
            return req_fail_code(r, SL_ENOTFOUND, MSG_NO_SUCH_NOTIFICATION, seq);
        }
        acked += n;
    }
    if (q->all) {
        /* Every open item that matches the filter, whatever state the filter names. */
        f.state = STAGELIJN__V1__INBOX_STATE__INBOX_OPEN;
        int n = events_inbox_ack(r, r->target.scope, &f, 0, &found);
        if (n < 0)
            return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
        acked += n;
    }
    Stagelijn__V1__AckInboxReply *rep = SL_ARENA_NEW(r->arena, Stagelijn__V1__AckInboxReply);
    stagelijn__v1__ack_inbox_reply__init(rep);
    rep->acknowledged = (uint32_t)acked;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_ACK_INBOX_REPLY;
    out->ack_inbox_reply = rep;
    return SL_OK;
}
