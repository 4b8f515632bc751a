#include "batch.h"

#include <stdlib.h>

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

struct batch {
    sl_server *srv;
    struct event *step_ev;
    held_reply *held;
    size_t n_held, cap_held;
    conn_list waiting; /* stopped taking frames because the batch was full */
};

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
    b->step_ev = evtimer_new(base, step_cb, b);
    if (!b->step_ev) {
        free(b);
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

void batch_free(batch *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n_held; i++) {
        free(b->held[i].frame);
        conn_unref(b->held[i].c);
    }
    free(b->held);
    conn_list_release(&b->waiting);
    event_free(b->step_ev);
    free(b);
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

static sl_status commit_timed(batch *b)
{
    sl_server *srv = b->srv;
    if (!store_batch_open(srv->st))
        return SL_OK;
    int64_t t0 = sl_now_monotonic_ms();
    sl_status st = store_batch_commit(srv->st);
    srv->metrics.commit_usec_total += (uint64_t)(sl_now_monotonic_ms() - t0) * 1000;
    if (st == SL_OK) {
        srv->metrics.batches_committed++;
        srv->metrics.batch_requests += b->n_held;
    } else {
        srv->metrics.commit_failures++;
    }
    return st;
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

void batch_step(batch *b)
{
    if (evtimer_pending(b->step_ev, NULL))
        evtimer_del(b->step_ev);
    sl_status st = commit_timed(b);
    /* Take both lists before anything resumes: a resumed connection dispatches new requests,
     * which fill the next batch. */
    held_reply *held = b->held;
    size_t n = b->n_held;
    conn_list waiting = b->waiting;
    b->held = NULL;
    b->n_held = b->cap_held = 0;
    b->waiting = (conn_list){0};

    write_replies(held, n, st);
    if (st == SL_OK)
        events_after_commit(b->srv);
    for (size_t i = 0; i < waiting.n; i++)
        waiting.v[i]->batch_waiting = false;
    for (size_t i = 0; i < n; i++)
        resume(held[i].c);
    for (size_t i = 0; i < waiting.n; i++)
        resume(waiting.v[i]);
    for (size_t i = 0; i < n; i++)
        conn_unref(held[i].c);
    free(held);
    for (size_t i = 0; i < waiting.n; i++)
        conn_unref(waiting.v[i]);
    free(waiting.v);
}
