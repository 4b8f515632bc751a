#include "read_audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "log.h"
#include "server.h"
#include "store.h"

/* Notes kept while the write store is busy for long (a commit on a slow disk); beyond it a
 * read is still answered and the loss is logged. */
#define READ_AUDIT_MAX 100000

typedef struct {
    int64_t at;
    const char *request;     /* the request table's name: static */
    const char *target_type; /* "student" or "list": static */
    char actor_id[SL_ID_LEN + 1];
    char target_id[SL_ID_LEN + 1]; /* the student; "" for a list */
} read_note;

/* Lists that reveal many students' personal data at once, read for the console's exports
 * (students, placements, outflow; hours and visits are read per placement): audited as one
 * row each, with target type "list". Names from the request table (requests.c). */
static const char *const personal_lists[] = {"ListStudents", "ListPlacements", "OutflowReport"};

struct read_audit {
    read_note *notes;
    size_t n, cap;
    bool flush_pending; /* a flush is queued with batch_after_commit */
};

read_audit *read_audit_new(void)
{
    return calloc(1, sizeof(read_audit));
}

/* Writes the notes in one savepoint of the batch; they stay noted when that fails. */
static void write_notes(read_audit *ra, store *st)
{
    if (ra->n == 0 || store_request_begin(st) != SL_OK)
        return;
    bool ok = true;
    for (size_t i = 0; ok && i < ra->n; i++) {
        char operation[96];
        snprintf(operation, sizeof operation, "read.%s", ra->notes[i].request);
        ok = store_exec(st, NULL,
                        "INSERT INTO audit (at, actor_id, operation, target_type, target_id, "
                        "details) VALUES (?1, ?2, ?3, ?4, ?5, '')",
                        SB(ra->notes[i].at), SB(ra->notes[i].actor_id), SB(operation),
                        SB(ra->notes[i].target_type), SB(ra->notes[i].target_id)) == SL_OK;
    }
    if (store_request_end(st, ok) == SL_OK && ok)
        ra->n = 0;
    else
        LOG_WARN("audit", "%zu reads of personal data not yet audited; retried", ra->n);
}

static void flush(void *arg, bool cancelled)
{
    sl_server *srv = arg;
    read_audit *ra = srv->read_audit;
    ra->flush_pending = false;
    if (cancelled)
        return;
    write_notes(ra, srv->st);
    batch_schedule(srv->batch);
}

/* What a read by h is about: fills the note's target; false when it reads no personal data
 * the audit follows. */
static bool read_target(const request *r, const request_def *h, read_note *n)
{
    switch (h->target) {
    case TARGET_STUDENT:
        n->target_type = "student";
        memcpy(n->target_id, r->target.student.id, sizeof n->target_id);
        return true;
    case TARGET_PLACEMENT:
    case TARGET_AGENDA_WEEK:
        /* Under the placement's student, so that the log filtered by student finds it (the
         * operation says which of the placement's records was read). */
        n->target_type = "student";
        memcpy(n->target_id, r->target.placement.student_id, sizeof n->target_id);
        return r->target.placement.student_id[0] != '\0';
    default:
        for (size_t i = 0; i < sizeof personal_lists / sizeof personal_lists[0]; i++)
            if (!strcmp(h->name, personal_lists[i])) {
                n->target_type = "list";
                n->target_id[0] = '\0';
                return true;
            }
        return false;
    }
}

void read_audit_note(request *r, const request_def *h)
{
    read_audit *ra = r->srv->read_audit;
    read_note note;
    if (!ra || !r->who || r->who->role != ROLE_ADMIN || !read_target(r, h, &note))
        return;
    if (ra->n == ra->cap) {
        size_t cap = ra->cap ? ra->cap * 2 : 64;
        read_note *grown = cap <= READ_AUDIT_MAX ? realloc(ra->notes, cap * sizeof *grown) : NULL;
        if (!grown) {
            LOG_ERROR("audit", "read %s of %s %s by %s not audited: too many waiting", h->name,
                      note.target_type, note.target_id, r->who->user_id);
            return;
        }
        ra->notes = grown;
        ra->cap = cap;
    }
    note.at = r->now;
    note.request = h->name;
    memcpy(note.actor_id, r->who->user_id, sizeof note.actor_id);
    ra->notes[ra->n++] = note;
    if (!ra->flush_pending) {
        ra->flush_pending = true;
        batch_after_commit(r->srv->batch, flush, r->srv);
    }
}

void read_audit_free(read_audit *ra, store *st)
{
    if (!ra)
        return;
    if (st && ra->n) {
        write_notes(ra, st);
        if (store_batch_open(st) && store_batch_commit(st) != SL_OK)
            LOG_ERROR("audit", "%zu reads of personal data could not be audited", ra->n);
    }
    free(ra->notes);
    free(ra);
}
