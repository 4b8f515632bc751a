/* Backup and audit (issue 10): the administrator starts an online backup and follows it, and
 * reads the audit log.
 *
 * Decisions:
 * - StartBackup is a write request only for its audit row ("backup.start"); the copy itself
 *   runs on the backup's thread (backup.c) with its own connection, so the loop answers at
 *   once and the client polls GetBackupStatus. The copy sees every write committed before
 *   the request ran (its read snapshot starts on the backup thread after that).
 * - One backup at a time: a second StartBackup while one runs is ALREADY_EXISTS.
 * - The audit filter "student" matches rows about the student and about his/her placements.
 *   Rows are ordered by their id (the order they were written), newest first; paging goes
 *   on from the last id seen (before_id), which stays right while new rows arrive. */
#include <string.h>

#include "backup.h"
#include "handlers.h"
#include "server.h"

#define AUDIT_DEFAULT_LIMIT 100
#define AUDIT_MAX_LIMIT 500

static Stagelijn__V1__BackupStatus *status_reply(request *r, const backup_info *info)
{
    Stagelijn__V1__BackupStatus *s = SL_ARENA_NEW(r->arena, Stagelijn__V1__BackupStatus);
    stagelijn__v1__backup_status__init(s);
    s->state = (Stagelijn__V1__BackupState)info->state;
    s->file_name = sl_arena_strdup(r->arena, info->name);
    s->started_at = info->started_at;
    s->pages_total = info->pages_total;
    s->pages_done = info->pages_done;
    s->bytes = info->bytes;
    s->duration_ms = info->duration_ms;
    s->error = sl_arena_strdup(r->arena, info->error);
    return s;
}

sl_status handle_start_backup(request *r, const sl_envelope *in, sl_envelope *out)
{
    (void)in;
    backup_info info;
    sl_status st = backup_start(r->srv->backup, r->now, (int)r->srv->cfg.backup_keep, &info);
    if (st == SL_EEXISTS)
        return req_fail_code(r, SL_EEXISTS, MSG_BACKUP_RUNNING, info.name);
    if (st != SL_OK)
        return req_fail_code(r, SL_EINTERNAL, MSG_BACKUP_CANNOT_START);
    if ((st = req_audit(r, "backup.start", "backup", NULL, info.name)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_BACKUP_STATUS;
    out->backup_status = status_reply(r, &info);
    return SL_OK;
}

sl_status handle_get_backup_status(request *r, const sl_envelope *in, sl_envelope *out)
{
    (void)in;
    backup_info info;
    backup_status(r->srv->backup, &info);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_BACKUP_STATUS;
    out->backup_status = status_reply(r, &info);
    return SL_OK;
}

/* The name of what an audit row is about, looked up by its type. */
#define AUDIT_TARGET_NAME                                                                          \
    "coalesce(CASE a.target_type "                                                                 \
    "WHEN 'student' THEN (SELECT first_name || ' ' || last_name FROM students "                    \
    "WHERE id = a.target_id) "                                                                     \
    "WHEN 'placement' THEN (SELECT s.first_name || ' ' || s.last_name FROM placements p "          \
    "JOIN students s ON s.id = p.student_id WHERE p.id = a.target_id) "                            \
    "WHEN 'user' THEN (SELECT display_name FROM users WHERE id = a.target_id) "                    \
    "WHEN 'company' THEN (SELECT name FROM companies WHERE id = a.target_id) "                     \
    "WHEN 'class' THEN (SELECT name FROM classes WHERE id = a.target_id) END, '')"

static sl_status check_audit_filters(request *r, const Stagelijn__V1__ListAuditRequest *req)
{
    sl_status st;
    if (req->actor_id && req->actor_id[0] &&
        (st = req_check_id(r, "actor_id", req->actor_id)) != SL_OK)
        return st;
    if (req->student_id && req->student_id[0] &&
        (st = req_check_id(r, "student_id", req->student_id)) != SL_OK)
        return st;
    if ((st = req_check_text(r, "operation", req->operation, false)) != SL_OK)
        return st;
    if (req->limit < 0 || req->limit > AUDIT_MAX_LIMIT)
        return req_fail_code(r, SL_EINVAL, MSG_AUDIT_LIMIT, AUDIT_MAX_LIMIT);
    if (req->from && req->to && req->to <= req->from)
        return req_fail_code(r, SL_EINVAL, MSG_AUDIT_PERIOD);
    return SL_OK;
}

static Stagelijn__V1__AuditEntry *audit_entry_from_row(request *r, sqlite3_stmt *q)
{
    Stagelijn__V1__AuditEntry *e = SL_ARENA_NEW(r->arena, Stagelijn__V1__AuditEntry);
    stagelijn__v1__audit_entry__init(e);
    e->id = sqlite3_column_int64(q, 0);
    e->at = sqlite3_column_int64(q, 1);
    e->actor_id = sl_arena_strdup(r->arena, store_col(q, 2));
    e->actor_name = sl_arena_strdup(r->arena, store_col(q, 3));
    e->operation = sl_arena_strdup(r->arena, store_col(q, 4));
    e->target_type = sl_arena_strdup(r->arena, store_col(q, 5));
    e->target_id = sl_arena_strdup(r->arena, store_col(q, 6));
    e->target_name = sl_arena_strdup(r->arena, store_col(q, 7));
    e->details = sl_arena_strdup(r->arena, store_col(q, 8));
    return e;
}

sl_status handle_list_audit(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__ListAuditRequest *req = in->list_audit;
    sl_status st = check_audit_filters(r, req);
    if (st != SL_OK)
        return st;
    int limit = req->limit ? req->limit : AUDIT_DEFAULT_LIMIT;
    const char *op = req->operation ? req->operation : "";
    sqlite3_stmt *q = store_query(
        r->st,
        "SELECT a.id, a.at, coalesce(a.actor_id, ''), coalesce(u.display_name, ''), "
        "a.operation, a.target_type, coalesce(a.target_id, ''), " AUDIT_TARGET_NAME ", a.details "
        "FROM audit a LEFT JOIN users u ON u.id = a.actor_id "
        "WHERE (?1 = '' OR a.actor_id = ?1) "
        "AND (?2 = '' OR (a.target_type = 'student' AND a.target_id = ?2) OR "
        "(a.target_type = 'placement' AND a.target_id IN "
        "(SELECT id FROM placements WHERE student_id = ?2))) "
        "AND (?3 = '' OR a.operation = ?3 OR (substr(?3, -1) = '*' AND "
        "substr(a.operation, 1, length(?3) - 1) = substr(?3, 1, length(?3) - 1))) "
        "AND (?4 = 0 OR a.at >= ?4) AND (?5 = 0 OR a.at < ?5) AND (?6 = 0 OR a.id < ?6) "
        "ORDER BY a.id DESC LIMIT ?7",
        SB(req->actor_id ? req->actor_id : ""), SB(req->student_id ? req->student_id : ""), SB(op),
        SB(req->from), SB(req->to), SB(req->before_id), SB(limit + 1));
    if (!q)
        return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    Stagelijn__V1__ListAuditReply *rep = SL_ARENA_NEW(r->arena, Stagelijn__V1__ListAuditReply);
    stagelijn__v1__list_audit_reply__init(rep);
    rep->entries = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__AuditEntry *, (size_t)limit);
    bool row;
    while ((st = store_next(q, &row)) == SL_OK && row) {
        if (rep->n_entries == (size_t)limit) {
            rep->truncated = true;
            break;
        }
        rep->entries[rep->n_entries++] = audit_entry_from_row(r, q);
    }
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_AUDIT_REPLY;
    out->list_audit_reply = rep;
    return SL_OK;
}
