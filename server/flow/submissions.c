#include "submissions.h"

#include <stdlib.h>
#include <string.h>

sl_status submission_replay(request *r, const sl_envelope *in, sl_envelope **replay)
{
    *replay = NULL;
    if (!sl_id_valid(in->submission_id))
        return req_fail_code(r, SL_EINVAL, MSG_SUBMISSION_ID_INVALID);
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT body_case, reply FROM submissions "
                                  "WHERE user_id = ?1 AND submission_id = ?2",
                                  SB(r->who->user_id), SB(in->submission_id));
    sl_status st = store_row(q);
    if (st == SL_ENOTFOUND)
        return SL_OK;
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    int body = sqlite3_column_int(q, 0);
    const uint8_t *blob = sqlite3_column_blob(q, 1);
    size_t n = (size_t)sqlite3_column_bytes(q, 1);
    sl_envelope *env = body == (int)in->body_case ? sl_envelope_decode(blob, n) : NULL;
    store_stmt_done(q);
    if (body != (int)in->body_case)
        return req_fail_code(r, SL_EINVAL, MSG_SUBMISSION_ID_REUSED);
    if (!env)
        return req_fail_code(r, SL_EINTERNAL, MSG_SUBMISSION_UNREADABLE);
    env->request_id = r->request_id;
    *replay = env;
    return SL_OK;
}

sl_status submission_record(request *r, const sl_envelope *in, const sl_envelope *reply)
{
    sl_envelope copy = *reply;
    copy.request_id = 0;
    size_t len;
    uint8_t *frame = sl_envelope_pack_frame(&copy, (size_t)r->srv->cfg.max_frame_bytes, &len);
    if (!frame)
        return req_fail_code(r, SL_EINTERNAL, MSG_SUBMISSION_TOO_LARGE);
    sl_status st =
        store_exec(r->st, NULL,
                   "INSERT INTO submissions (user_id, submission_id, device, "
                   "body_case, reply, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                   SB(r->who->user_id), SB(in->submission_id), SB(r->c->device_company),
                   SB((int)in->body_case),
                   SB_BLOB(frame + SL_FRAME_HEADER_LEN, len - SL_FRAME_HEADER_LEN), SB(r->now));
    free(frame);
    return st == SL_OK ? SL_OK : req_fail_code(r, st, MSG_SUBMISSION_NOT_KEPT);
}

bool submission_keeps(sl_status st)
{
    switch (st) {
    case SL_OK:
    case SL_EINVAL:
    case SL_ENOTFOUND:
    case SL_EEXISTS:
    case SL_EPRECOND:
        return true;
    default:
        return false;
    }
}

int submissions_expire(store *st, int64_t now, int64_t keep_seconds)
{
    int n = 0;
    if (store_exec(st, &n, "DELETE FROM submissions WHERE at < ?1", SB(now - keep_seconds)) !=
        SL_OK)
        return -1;
    return n;
}
