/* Assessment drafts and versions (issue 8): a draft is saved and changed until it is
 * submitted; a submitted assessment changes only by a new version, drafted with revises_id
 * and submitted like a first one, and the version it replaces is kept whole. Drafts and
 * earlier versions are stored as packed Assessment messages (the protocol's own record of
 * an assessment, stable by its field numbers): nothing else reads them, and the current
 * version stays a plain row of `assessments` for every other reader. */
#include <stdlib.h>
#include <string.h>

#include "assessments.h"
#include "handlers.h"
#include "timeutil.h"

#define MAX_VERSIONS 2000

static void *arena_alloc(void *data, size_t size)
{
    return sl_arena_alloc(data, size ? size : 1);
}

static void arena_free(void *data, void *p)
{
    (void)data;
    (void)p;
}

/* The Assessment packed in column `col` of q, unpacked into the request's arena; NULL when
 * the stored bytes do not unpack. */
static Stagelijn__V1__Assessment *unpack_column(request *r, sqlite3_stmt *q, int col)
{
    ProtobufCAllocator al = {arena_alloc, arena_free, r->arena};
    const void *blob = sqlite3_column_blob(q, col);
    int n = sqlite3_column_bytes(q, col);
    if (!blob || n <= 0)
        return NULL;
    return stagelijn__v1__assessment__unpack(&al, (size_t)n, blob);
}

/* `a` packed into a buffer the caller frees; NULL when out of memory. */
static uint8_t *pack(const Stagelijn__V1__Assessment *a, size_t *len)
{
    *len = stagelijn__v1__assessment__get_packed_size(a);
    uint8_t *buf = malloc(*len ? *len : 1);
    if (buf)
        stagelijn__v1__assessment__pack(a, buf);
    return buf;
}

sl_status assessment_keep_version(request *r, const Stagelijn__V1__Assessment *old)
{
    Stagelijn__V1__Assessment kept = *old;
    char replaced[32];
    sl_time_format_rfc3339(r->now, replaced);
    kept.superseded = true;
    kept.replaced_at = replaced;
    size_t len;
    uint8_t *buf = pack(&kept, &len);
    if (!buf)
        return SL_EINTERNAL;
    sl_status st = store_exec(r->st, NULL,
                              "INSERT INTO assessment_history (assessment_id, version, body, "
                              "replaced_at, replaced_by) VALUES (?1, ?2, ?3, ?4, ?5)",
                              SB(old->id), SB((int)old->version), SB_BLOB(buf, len), SB(r->now),
                              SB(r->who->user_id));
    free(buf);
    return st;
}

/* Appends the Assessment of each row's first column to list (at most MAX_VERSIONS). */
static sl_status collect(request *r, sqlite3_stmt *q, Stagelijn__V1__Assessment ***list, size_t *n)
{
    sl_status st;
    bool row;
    *list = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__Assessment *, MAX_VERSIONS);
    while ((st = store_next(q, &row)) == SL_OK && row) {
        if (*n == MAX_VERSIONS) {
            r->list_cap = MAX_VERSIONS; /* labels: the client says the list was cut */
            break;
        }
        Stagelijn__V1__Assessment *a = unpack_column(r, q, 0);
        if (!a) {
            store_stmt_done(q);
            return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
        }
        (*list)[(*n)++] = a;
    }
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    return SL_OK;
}

sl_status assessment_list_versions(request *r, const char *placement_id,
                                   Stagelijn__V1__ListAssessmentsReply *rep)
{
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT h.body FROM assessment_history h JOIN assessments a "
                                  "ON a.id = h.assessment_id WHERE a.placement_id = ?1 "
                                  "ORDER BY a.date, a.rowid, h.version",
                                  SB(placement_id));
    sl_status st = collect(r, q, &rep->earlier_versions, &rep->n_earlier_versions);
    if (st != SL_OK || policy_scope(r->who->role, OP_ASSESSMENT_SUBMIT) == SCOPE_DENY)
        return st;
    /* Drafts are work in progress of those who assess: not for the student or the mentor. */
    q = store_query(r->st,
                    "SELECT body FROM assessment_drafts WHERE placement_id = ?1 "
                    "ORDER BY created_at, rowid",
                    SB(placement_id));
    return collect(r, q, &rep->drafts, &rep->n_drafts);
}

/* The draft `draft_id` of the placement, unpacked, with its revises_id; a submitted
 * assessment's id is refused as such (it changes only by a new version). */
static sl_status load_draft(request *r, const char *placement_id, const char *draft_id,
                            Stagelijn__V1__Assessment **out)
{
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT body FROM assessment_drafts WHERE id = ?1 AND "
                                  "placement_id = ?2",
                                  SB(draft_id), SB(placement_id));
    sl_status st = store_row(q);
    if (st == SL_OK) {
        *out = unpack_column(r, q, 0);
        store_stmt_done(q);
        return *out ? SL_OK : req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    }
    if (st != SL_ENOTFOUND)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    st = store_exists(r->st, "SELECT 1 FROM assessments WHERE id = ?1 AND placement_id = ?2",
                      SB(draft_id), SB(placement_id));
    if (st == SL_OK)
        return req_fail_code(r, SL_EPRECOND, MSG_ASSESSMENT_IS_SUBMITTED);
    if (st != SL_ENOTFOUND)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    return req_fail_code(r, SL_ENOTFOUND, MSG_NO_SUCH_ASSESSMENT_DRAFT);
}

/* For a new draft of a new version: the revised assessment (of this placement), whose kind
 * and period the draft keeps, and no other draft revising it. */
static sl_status check_revision(request *r, const placement_facts *pf, const char *revises_id,
                                Stagelijn__V1__Assessment *draft)
{
    Stagelijn__V1__Assessment *old;
    sl_status st = assessment_load(r, revises_id, &old);
    if (st == SL_ENOTFOUND || (st == SL_OK && strcmp(old->placement_id, pf->id) != 0))
        return req_fail_code(r, SL_ENOTFOUND, MSG_NO_SUCH_ASSESSMENT);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    draft->kind = old->kind;
    draft->period = old->period;
    st = store_exists(r->st, "SELECT 1 FROM assessment_drafts WHERE revises_id = ?1",
                      SB(revises_id));
    if (st == SL_OK)
        return req_fail_code(r, SL_EEXISTS, MSG_REVISION_DRAFTED_ALREADY);
    return st == SL_ENOTFOUND ? SL_OK : req_fail_code(r, st, MSG_DATABASE_ERROR);
}

sl_status handle_save_assessment_draft(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__SaveAssessmentDraftRequest *req = in->save_assessment_draft;
    const placement_facts *pf = &r->target.placement;
    sl_status st;
    if (!req->assessment)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "assessment");
    Stagelijn__V1__Assessment d = *req->assessment;
    bool is_new = !req->draft_id[0];
    const char *revises = req->revises_id;
    sl_id fresh = sl_id_new();
    if (!is_new) {
        Stagelijn__V1__Assessment *stored;
        if ((st = req_check_id(r, "draft_id", req->draft_id)) != SL_OK ||
            (st = load_draft(r, pf->id, req->draft_id, &stored)) != SL_OK)
            return st;
        if (revises[0] && strcmp(revises, stored->revises_id) != 0)
            return req_fail_code(r, SL_EINVAL, MSG_DRAFT_REVISES_OTHER);
        revises = stored->revises_id;
        if (revises[0]) {
            d.kind = stored->kind;
            d.period = stored->period;
        }
    } else if (revises[0] && ((st = req_check_id(r, "revises_id", revises)) != SL_OK ||
                              (st = check_revision(r, pf, revises, &d)) != SL_OK)) {
        return st;
    }
    if ((st = assessment_check_content(r, &d, true)) != SL_OK)
        return st;
    d.id = is_new ? fresh.s : req->draft_id;
    d.placement_id = (char *)pf->id;
    d.status = STAGELIJN__V1__ASSESSMENT_STATUS__ASSESSMENT_DRAFT;
    d.version = 0;
    d.revises_id = (char *)revises;
    d.assessor_id = (char *)r->who->user_id;
    d.assessor_name = "";
    d.created_at = "";
    d.superseded = false;
    d.replaced_at = "";
    size_t len;
    uint8_t *buf = pack(&d, &len);
    if (!buf)
        return req_fail_code(r, SL_EINTERNAL, MSG_OUT_OF_MEMORY);
    if (is_new)
        st = store_exec(r->st, NULL,
                        "INSERT INTO assessment_drafts (id, placement_id, revises_id, author_id, "
                        "body, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                        SB(d.id), SB(pf->id), revises[0] ? SB(revises) : SB_NULL,
                        SB(r->who->user_id), SB_BLOB(buf, len), SB(r->now));
    else
        st = store_exec(r->st, NULL,
                        "UPDATE assessment_drafts SET body = ?2, author_id = ?3, updated_at = ?4 "
                        "WHERE id = ?1",
                        SB(d.id), SB_BLOB(buf, len), SB(r->who->user_id), SB(r->now));
    if (st == SL_OK)
        st = req_audit(r, "assessment.draft", "assessment_draft", d.id, "");
    Stagelijn__V1__Assessment *reply = NULL;
    if (st == SL_OK) {
        ProtobufCAllocator al = {arena_alloc, arena_free, r->arena};
        reply = stagelijn__v1__assessment__unpack(&al, len, buf);
    }
    free(buf);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_SAVE_THE_ASSESSMENT);
    if (!reply)
        return req_fail_code(r, SL_EINTERNAL, MSG_OUT_OF_MEMORY);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_ASSESSMENT;
    out->assessment = reply;
    return SL_OK;
}

sl_status handle_submit_assessment_draft(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__SubmitAssessmentDraftRequest *req = in->submit_assessment_draft;
    const placement_facts *pf = &r->target.placement;
    Stagelijn__V1__Assessment *d, *done;
    sl_status st;
    char day[11];
    if ((st = req_check_id(r, "draft_id", req->draft_id)) != SL_OK ||
        (st = load_draft(r, pf->id, req->draft_id, &d)) != SL_OK)
        return st;
    const char *revises = d->revises_id[0] ? d->revises_id : NULL;
    if ((st = assessment_check(r, pf, d, revises != NULL, day)) != SL_OK ||
        (st = assessment_store(r, pf, d, day, revises, &done)) != SL_OK)
        return st;
    if ((st = store_exec(r->st, NULL, "DELETE FROM assessment_drafts WHERE id = ?1",
                         SB(req->draft_id))) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_ASSESSMENT;
    out->assessment = done;
    return SL_OK;
}
