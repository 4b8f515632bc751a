/* Gathers the facts the policy needs about a target (a student or a placement) and asks the
 * policy. Keeps every handler's permission check to one call. */
#ifndef SL_TARGET_H
#define SL_TARGET_H

#include "dispatch.h"
#include "requests.h"

/* A placement through which its company may still see the student: running, or ended less
 * than 90 days ago (time for the end assessment). After that the company's access ends: the
 * data are about a minor. One SQL fragment (a string literal, so statements built with it
 * stay cacheable), used by every query that scopes by company. `p` is the placements alias;
 * `now` names the parameter (e.g. "?7") the caller binds to the request's instant r->now
 * (unix seconds), so the window follows the server's one clock, not SQLite's. */
#define SQL_PLACEMENT_VISIBLE_TO_COMPANY(p, now)                                                   \
    "(" p "status <= 4 OR " now " - " p "updated_at < 90 * 86400)"

/* SL_OK when the caller may perform `op` on the student; SL_ENOTFOUND, SL_EPERM otherwise
 * (with r->errmsg set). `f` may be NULL. */
sl_status authorize_student(request *r, sl_op op, const char *student_id, student_facts *f);
sl_status authorize_placement(request *r, sl_op op, const char *placement_id, placement_facts *f);
/* A class is a target of its own: the facts are whether the caller mentors it. */
sl_status authorize_class(request *r, sl_op op, const char *class_id);
/* An agenda week is authorized on its placement; `f` gets the placement's facts. */
sl_status authorize_agenda_week(request *r, sl_op op, const char *week_id, placement_facts *f);
/* The central check: authorizes `in` as its row says and fills r->target. SL_OK or the
 * refusal (SL_EINVAL for a missing or malformed target id, SL_ENOTFOUND, SL_EPERM) with
 * r->errmsg set. */
sl_status authorize_request(request *r, const request_def *def, const sl_envelope *in);

/* Frees the kept facts of students (srv->facts_cache); NULL-safe, for server_free. */
void target_cache_free(sl_server *srv);

/* For operations without a target: SL_OK only for SCOPE_ALL, else SL_EPERM. */
sl_status authorize_global(request *r, sl_op op);
/* For operations on the caller's own account (logout, change password). */
sl_status authorize_self(request *r, sl_op op);
/* For list operations: the caller's scope, or SL_EPERM when denied. */
sl_status authorize_list(request *r, sl_op op, sl_scope *scope);

#endif
