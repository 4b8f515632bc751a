/* The request table: one row per request type, the only place where a request is registered.
 *
 * A row names the envelope's body case, the handler, the policy operation, what the request
 * acts on (its target kind) and the path of the field inside the request that holds the
 * target's id, and whether it needs a session and writes. Dispatch authorizes centrally from
 * the row before the handler runs and hands the handler the resolved facts (request.target).
 *
 * Adding a request: the proto message, one row here, the handler, the policy row
 * (policy.c), tests. A request on a placement or an agenda week names its lifecycle operation
 * in the row too: the states it may run in (lifecycle.h). */
#ifndef SL_REQUESTS_H
#define SL_REQUESTS_H

#include <stdbool.h>

#include "dispatch.h"
#include "lifecycle.h"
#include "policy.h"

typedef enum {
    TARGET_NONE,        /* before login: Hello, Login, Resume; no authorization */
    TARGET_SELF,        /* the caller's own account */
    TARGET_GLOBAL,      /* no single target: the role's scope must be ALL */
    TARGET_LIST,        /* a list narrowed by the caller's scope (request.target.scope) */
    TARGET_STUDENT,     /* target_field holds a student id */
    TARGET_PLACEMENT,   /* target_field holds a placement id */
    TARGET_AGENDA_WEEK, /* target_field holds an agenda week id; authorized on its placement */
    TARGET_CLASS,       /* target_field holds a class id */
    /* kioskoff: target_field holds the user name of an intern a kiosk vouches for (it checked
     * the intern's PIN offline). No session: the device's connection must be bound to a
     * company where the intern is placed; the intern becomes the request's caller. */
    TARGET_KIOSK_INTERN,
} target_kind;

enum {
    REQ_SESSION = 1 << 0, /* needs a logged-in session */
    REQ_WRITES = 1 << 1,  /* runs in a savepoint of the batch transaction */
    /* A retry with the same submission id returns the first outcome (submissions.h). */
    REQ_IDEMPOTENT = 1 << 2,
};

typedef struct request_def {
    body_case body;
    const char *name; /* the request's message name, for logs */
    handler_fn fn;
    sl_op op; /* meaningless for TARGET_NONE */
    target_kind target;
    /* Dotted path of field names inside the request message ("contract.placement_id");
     * NULL for kinds without a target id. */
    const char *target_field;
    unsigned flags;
    /* For TARGET_PLACEMENT and TARGET_AGENDA_WEEK: the lifecycle operation, whose set of
     * states (lifecycle.c) dispatch checks before the handler runs. LC_OP_NONE elsewhere. */
    lc_op lifecycle;
} request_def;

/* Every row; the server hands the table to the router (srv->requests). */
const request_def *request_table(size_t *count);

/* The target id of `in` along `def->target_field`: "" when a field on the path is unset,
 * NULL when the path does not name a string field (a programming error, caught by a unit
 * test over every row). */
const char *request_target_id(const request_def *def, const sl_envelope *in);

#endif
