#include "hasher.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "auth.h"
#include "log.h"

#define MAX_THREADS 16

typedef struct job {
    struct job *next;
    char *password;
    char *stored;
    hasher_done_fn done;
    void *arg;
    bool verified;
} job;

struct hasher {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    job *queue_head, *queue_tail; /* waiting for a worker */
    job *done_head;               /* finished, waiting for the loop thread */
    int backlog;
    /* Bounded, so a flood of logins costs memory only up to here; beyond, logins are refused
     * with RESOURCE_EXHAUSTED until the workers catch up. */
    int max_backlog;
    bool stopping;
    pthread_t threads[MAX_THREADS];
    int n_threads;
    int pipe_fd[2];
    struct event *ev;
};

static void job_free(job *j)
{
    if (!j)
        return;
    if (j->password) {
        OPENSSL_cleanse(j->password, strlen(j->password));
        free(j->password);
    }
    free(j->stored);
    free(j);
}

static void *worker(void *arg)
{
    hasher *h = arg;
    pthread_mutex_lock(&h->lock);
    for (;;) {
        while (!h->stopping && !h->queue_head)
            pthread_cond_wait(&h->wake, &h->lock);
        if (h->stopping)
            break;
        job *j = h->queue_head;
        h->queue_head = j->next;
        if (!h->queue_head)
            h->queue_tail = NULL;
        pthread_mutex_unlock(&h->lock);

        j->verified = auth_password_verify(j->password, j->stored);

        pthread_mutex_lock(&h->lock);
        j->next = h->done_head;
        h->done_head = j;
        /* One byte wakes the loop; a full pipe means it is awake already. */
        ssize_t w = write(h->pipe_fd[1], "x", 1);
        (void)w;
    }
    pthread_mutex_unlock(&h->lock);
    return NULL;
}

static void deliver_done(evutil_socket_t fd, short what, void *arg)
{
    hasher *h = arg;
    char buf[256];
    while (read(fd, buf, sizeof buf) > 0) {
    }
    pthread_mutex_lock(&h->lock);
    job *list = h->done_head;
    h->done_head = NULL;
    pthread_mutex_unlock(&h->lock);
    /* Callbacks run without the lock: they may queue new jobs. */
    while (list) {
        job *j = list;
        list = j->next;
        pthread_mutex_lock(&h->lock);
        h->backlog--;
        pthread_mutex_unlock(&h->lock);
        j->done(j->arg, j->verified, false);
        job_free(j);
    }
}

hasher *hasher_new(struct event_base *base, int threads, int max_backlog)
{
    if (threads < 1 || threads > MAX_THREADS || max_backlog < 1)
        return NULL;
    hasher *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->max_backlog = max_backlog;
    h->pipe_fd[0] = h->pipe_fd[1] = -1;
    if (pthread_mutex_init(&h->lock, NULL) != 0) {
        free(h);
        return NULL;
    }
    pthread_cond_init(&h->wake, NULL);
    if (pipe(h->pipe_fd) != 0)
        goto error;
    for (int i = 0; i < 2; i++) {
        fcntl(h->pipe_fd[i], F_SETFL, fcntl(h->pipe_fd[i], F_GETFL) | O_NONBLOCK);
        fcntl(h->pipe_fd[i], F_SETFD, FD_CLOEXEC);
    }
    h->ev = event_new(base, h->pipe_fd[0], EV_READ | EV_PERSIST, deliver_done, h);
    if (!h->ev || event_add(h->ev, NULL) != 0)
        goto error;
    for (int i = 0; i < threads; i++) {
        if (pthread_create(&h->threads[i], NULL, worker, h) != 0)
            goto error;
        h->n_threads++;
    }
    return h;
error:
    hasher_free(h);
    return NULL;
}

void hasher_free(hasher *h)
{
    if (!h)
        return;
    pthread_mutex_lock(&h->lock);
    h->stopping = true;
    pthread_cond_broadcast(&h->wake);
    pthread_mutex_unlock(&h->lock);
    for (int i = 0; i < h->n_threads; i++)
        pthread_join(h->threads[i], NULL);
    /* Finished and unstarted jobs alike: their owners release what they hold. */
    job *lists[2] = {h->done_head, h->queue_head};
    for (int k = 0; k < 2; k++) {
        while (lists[k]) {
            job *j = lists[k];
            lists[k] = j->next;
            j->done(j->arg, false, true);
            job_free(j);
        }
    }
    if (h->ev)
        event_free(h->ev);
    for (int i = 0; i < 2; i++)
        if (h->pipe_fd[i] >= 0)
            close(h->pipe_fd[i]);
    pthread_cond_destroy(&h->wake);
    pthread_mutex_destroy(&h->lock);
    free(h);
}

bool hasher_verify(hasher *h, const char *password, const char *stored, hasher_done_fn done,
                   void *arg)
{
    job *j = calloc(1, sizeof *j);
    if (!j)
        return false;
    j->password = strdup(password);
    j->stored = strdup(stored);
    j->done = done;
    j->arg = arg;
    if (!j->password || !j->stored) {
        job_free(j);
        return false;
    }
    pthread_mutex_lock(&h->lock);
    if (h->backlog >= h->max_backlog || h->stopping) {
        pthread_mutex_unlock(&h->lock);
        job_free(j);
        return false;
    }
    h->backlog++;
    if (h->queue_tail)
        h->queue_tail->next = j;
    else
        h->queue_head = j;
    h->queue_tail = j;
    pthread_cond_signal(&h->wake);
    pthread_mutex_unlock(&h->lock);
    return true;
}

int hasher_backlog(hasher *h)
{
    pthread_mutex_lock(&h->lock);
    int n = h->backlog;
    pthread_mutex_unlock(&h->lock);
    return n;
}
