#include "batch.h"

#include <stdlib.h>

#include "committer.h"
#include "conn.h"
#include "events.h"
#include "log.h"
#include "server.h"
#include "timeutil.h"

/* A reply held back until the batch that contains its request is durable. */
typedef struct {
    conn *c; /* holds a reference */
    uint64_t request_id;
    uint8_t *frame; /* owned; header + payload */
    size_t len;
} held_reply;

/* A growable list of connections, each holding a reference. */
typedef struct {
    conn **v;
    size_t n, cap;
} conn_list;

/* Work waiting for the write store to come back from the committer. */
typedef struct after_commit {
    struct after_commit *next;
    void (*fn)(void *arg, bool cancelled);
    void *arg;
} after_commit;

struct batch {
    sl_server *srv;
    struct event *step_ev;
    committer *committer;
    held_reply *held; /* replies of the open batch */
    size_t n_held, cap_held;
    held_reply *committing; /* replies of the batch on disk now */
    size_t n_committing;
    int64_t commit_started_ms;
    bool busy;         /* a commit is on disk */
    bool read_open;    /* the read store has a snapshot open in this pass */
    conn_list waiting; /* stopped taking frames because the batch was full or busy */
    after_commit *after_head, **after_tail;
};

static void commit_done(void *arg, sl_status result);

static void step_cb(evutil_socket_t fd, short what, void *arg)
{
    batch_step(arg);
}

batch *batch_new(sl_server *srv, struct event_base *base)
{
    batch *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->srv = srv;
    b->after_tail = &b->after_head;
    b->step_ev = evtimer_new(base, step_cb, b);
    b->committer = committer_new(base, commit_done, b);
    if (!b->step_ev || !b->committer) {
        batch_free(b);
        return NULL;
    }
    return b;
}

static void conn_list_release(conn_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        l->v[i]->batch_waiting = false;
        conn_unref(l->v[i]);
    }
    free(l->v);
    *l = (conn_list){0};
}

static void held_release(held_reply *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(list[i].frame);
        conn_unref(list[i].c);
    }
    free(list);
}

void batch_free(batch *b)
{
    if (!b)
        return;
    /* The thread finishes a commit it has, then stops; its result is not delivered. */
    committer_free(b->committer);
    held_release(b->held, b->n_held);
    held_release(b->committing, b->n_committing);
    conn_list_release(&b->waiting);
    while (b->after_head) {
        after_commit *a = b->after_head;
        b->after_head = a->next;
        a->fn(a->arg, true);
        free(a);
    }
    if (b->step_ev)
        event_free(b->step_ev);
    free(b);
}

bool batch_busy(const batch *b)
{
    return b->busy;
}

void batch_after_commit(batch *b, void (*fn)(void *arg, bool cancelled), void *arg)
{
    if (!b->busy) {
        fn(arg, false);
        return;
    }
    after_commit *a = malloc(sizeof *a);
    if (!a) {
        LOG_ERROR("batch", "out of memory");
        abort();
    }
    *a = (after_commit){NULL, fn, arg};
    *b->after_tail = a;
    b->after_tail = &a->next;
}

void batch_note_read(batch *b)
{
    b->read_open = true;
    batch_schedule(b);
}

static void read_end(batch *b)
{
    if (b->read_open) {
        store_read_end(b->srv->reader);
        b->read_open = false;
    }
}

/* The list cannot grow: without it a reply would be lost, and a lost reply is a client
 * waiting forever. Running out of memory here is not recoverable. */
static void *grow(void *v, size_t *cap, size_t elem)
{
    size_t n = *cap ? *cap * 2 : 64;
    void *p = realloc(v, n * elem);
    if (!p) {
        LOG_ERROR("batch", "out of memory");
        abort();
    }
    *cap = n;
    return p;
}

void batch_hold_reply(batch *b, conn *c, uint64_t request_id, uint8_t *frame, size_t len)
{
    if (b->n_held == b->cap_held)
        b->held = grow(b->held, &b->cap_held, sizeof *b->held);
    conn_ref(c);
    c->inflight++;
    b->held[b->n_held++] = (held_reply){c, request_id, frame, len};
    batch_schedule(b);
}

void batch_schedule(batch *b)
{
    /* A zero timeout fires after the events already active in this pass, so every request
     * read in this pass joins the same commit. */
    if (!evtimer_pending(b->step_ev, NULL)) {
        struct timeval now = {0, 0};
        evtimer_add(b->step_ev, &now);
    }
}

bool batch_full(const batch *b)
{
    return b->n_held >= (size_t)b->srv->cfg.max_batch;
}

size_t batch_held(const batch *b)
{
    return b->n_held;
}

void batch_wait(batch *b, conn *c)
{
    if (c->batch_waiting)
        return;
    if (b->waiting.n == b->waiting.cap)
        b->waiting.v = grow(b->waiting.v, &b->waiting.cap, sizeof *b->waiting.v);
    conn_ref(c);
    c->batch_waiting = true;
    b->waiting.v[b->waiting.n++] = c;
    batch_schedule(b);
}

static void write_replies(held_reply *list, size_t n, sl_status st)
{
    for (size_t i = 0; i < n; i++) {
        conn *c = list[i].c;
        c->inflight--;
        if (st == SL_OK) {
            conn_send_frame(c, list[i].frame, list[i].len);
            continue;
        }
        free(list[i].frame);
        if (!c->dead)
            conn_send_error(c, list[i].request_id, STAGELIJN__V1__ERROR_CODE__ERROR_UNAVAILABLE,
                            "the change could not be stored; nothing was saved, try again");
    }
}

/* Lets a connection continue: its subscription first (room may have appeared), then its
 * buffered frames. */
static void resume(conn *c)
{
    if (!c->dead && c->subscribed)
        events_pump(c);
    if (!c->dead)
        conn_update_flow(c);
}

static void resume_all(held_reply *held, size_t n, conn_list *waiting)
{
    for (size_t i = 0; i < waiting->n; i++)
        waiting->v[i]->batch_waiting = false;
    for (size_t i = 0; i < n; i++)
        resume(held[i].c);
    for (size_t i = 0; i < waiting->n; i++)
        resume(waiting->v[i]);
    for (size_t i = 0; i < n; i++)
        conn_unref(held[i].c);
    free(held);
    for (size_t i = 0; i < waiting->n; i++)
        conn_unref(waiting->v[i]);
    free(waiting->v);
}

/* Takes the list of waiting connections, so that the ones resumed can wait again. */
static conn_list take_waiting(batch *b)
{
    conn_list w = b->waiting;
    b->waiting = (conn_list){0};
    return w;
}

static void run_after_commit(batch *b)
{
    after_commit *a = b->after_head;
    b->after_head = NULL;
    b->after_tail = &b->after_head;
    while (a) {
        after_commit *next = a->next;
        a->fn(a->arg, false);
        free(a);
        a = next;
    }
}

/* On the loop thread, when the committer is done: the write store is ours again. */
static void commit_done(void *arg, sl_status result)
{
    batch *b = arg;
    sl_server *srv = b->srv;
    b->busy = false;
    srv->metrics.commit_usec_total +=
        (uint64_t)(sl_now_monotonic_ms() - b->commit_started_ms) * 1000;
    if (result == SL_OK) {
        srv->metrics.batches_committed++;
        srv->metrics.batch_requests += b->n_committing;
    } else {
        srv->metrics.commit_failures++;
    }
    /* Reads from here on must see what was just committed, and sessions cached before an
     * ending change was committed are read again. */
    read_end(b);
    if (srv->sessions_changed) {
        srv->sessions_changed = false;
        srv->session_epoch++;
    }
    if (srv->facts_changed) {
        srv->facts_changed = false;
        srv->facts_epoch++;
    }
    held_reply *done = b->committing;
    size_t n = b->n_committing;
    b->committing = NULL;
    b->n_committing = 0;
    write_replies(done, n, result);
    if (result == SL_OK)
        events_after_commit(srv);
    run_after_commit(b);
    conn_list waiting = take_waiting(b);
    resume_all(done, n, &waiting);
}

void batch_step(batch *b)
{
    if (evtimer_pending(b->step_ev, NULL))
        evtimer_del(b->step_ev);
    read_end(b);
    if (b->busy)
        return; /* commit_done continues */
    if (store_batch_open(b->srv->st)) {
        b->committing = b->held;
        b->n_committing = b->n_held;
        b->held = NULL;
        b->n_held = b->cap_held = 0;
        b->busy = true;
        b->commit_started_ms = sl_now_monotonic_ms();
        if (!committer_start(b->committer, b->srv->st)) {
            LOG_ERROR("batch", "committer refused a commit");
            abort();
        }
        return;
    }
    /* Nothing to commit (replies held without an open batch belong to requests that wrote
     * nothing): they go out now, and whoever waited continues. */
    held_reply *held = b->held;
    size_t n = b->n_held;
    b->held = NULL;
    b->n_held = b->cap_held = 0;
    write_replies(held, n, SL_OK);
    conn_list waiting = take_waiting(b);
    resume_all(held, n, &waiting);
}

void batch_drain(batch *b)
{
    committer_wait(b->committer);
    batch_step(b);
    committer_wait(b->committer);
}
