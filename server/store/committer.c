#include "committer.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "log.h"

struct committer {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
    bool thread_started;
    store *job;    /* set by the loop, taken by the thread */
    bool running;  /* from committer_start until the loop has seen the result */
    bool finished; /* the thread is done with the job; result is valid */
    bool stopping;
    sl_status result;
    int pipe_fd[2]; /* the thread's "done" byte wakes the loop */
    struct event *ev;
    committer_done_fn done;
    void *arg;
};

static void *commit_thread(void *arg)
{
    committer *c = arg;
    pthread_mutex_lock(&c->lock);
    for (;;) {
        while (!c->stopping && !c->job)
            pthread_cond_wait(&c->wake, &c->lock);
        if (!c->job)
            break;
        store *st = c->job;
        c->job = NULL;
        pthread_mutex_unlock(&c->lock);

        sl_status result = store_batch_commit(st);

        pthread_mutex_lock(&c->lock);
        c->result = result;
        c->finished = true;
        pthread_cond_broadcast(&c->wake);
        ssize_t w = write(c->pipe_fd[1], "x", 1);
        (void)w; /* a full pipe means the loop is awake already */
    }
    pthread_mutex_unlock(&c->lock);
    return NULL;
}

/* Takes a finished result, if any; runs the callback outside the lock. */
static void deliver_result(committer *c)
{
    pthread_mutex_lock(&c->lock);
    bool have = c->running && c->finished;
    sl_status result = c->result;
    if (have)
        c->running = c->finished = false;
    pthread_mutex_unlock(&c->lock);
    if (have)
        c->done(c->arg, result);
}

static void pipe_cb(evutil_socket_t fd, short what, void *arg)
{
    char buf[64];
    while (read(fd, buf, sizeof buf) > 0)
        ;
    deliver_result(arg);
}

committer *committer_new(struct event_base *base, committer_done_fn done, void *arg)
{
    committer *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->pipe_fd[0] = c->pipe_fd[1] = -1;
    c->done = done;
    c->arg = arg;
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->wake, NULL);
    if (pipe(c->pipe_fd) != 0 || fcntl(c->pipe_fd[0], F_SETFL, O_NONBLOCK) != 0 ||
        fcntl(c->pipe_fd[1], F_SETFL, O_NONBLOCK) != 0)
        goto error;
    c->ev = event_new(base, c->pipe_fd[0], EV_READ | EV_PERSIST, pipe_cb, c);
    if (!c->ev || event_add(c->ev, NULL) != 0)
        goto error;
    if (pthread_create(&c->thread, NULL, commit_thread, c) != 0)
        goto error;
    c->thread_started = true;
    return c;
error:
    committer_free(c);
    return NULL;
}

void committer_free(committer *c)
{
    if (!c)
        return;
    if (c->thread_started) {
        pthread_mutex_lock(&c->lock);
        c->stopping = true;
        pthread_cond_broadcast(&c->wake);
        pthread_mutex_unlock(&c->lock);
        /* A job handed over is finished first: the thread leaves only when it has none. */
        pthread_join(c->thread, NULL);
    }
    if (c->ev)
        event_free(c->ev);
    if (c->pipe_fd[0] >= 0)
        close(c->pipe_fd[0]);
    if (c->pipe_fd[1] >= 0)
        close(c->pipe_fd[1]);
    pthread_cond_destroy(&c->wake);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

bool committer_start(committer *c, store *st)
{
    pthread_mutex_lock(&c->lock);
    bool ok = !c->running;
    if (ok) {
        c->running = true;
        c->finished = false;
        c->job = st;
        pthread_cond_signal(&c->wake);
    }
    pthread_mutex_unlock(&c->lock);
    return ok;
}

void committer_wait(committer *c)
{
    pthread_mutex_lock(&c->lock);
    while (c->running && !c->finished)
        pthread_cond_wait(&c->wake, &c->lock);
    pthread_mutex_unlock(&c->lock);
    deliver_result(c);
}
