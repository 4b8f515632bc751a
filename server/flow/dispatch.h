/* The request as handlers see it: the request context (who, when, which store, the target's
 * facts resolved by the central authorization), the helpers handlers answer with (req_fail,
 * violations, input checks, audit), and the reply path: a reply is written at once or held
 * by the batch until its commit. The way a frame becomes a request is router.c's. */
#ifndef SL_DISPATCH_H
#define SL_DISPATCH_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "conn.h"
#include "frame.h"
#include "messages.h"
#include "rules.h"
#include "policy.h"
#include "timeutil.h"

#define REQ_MAX_VIOLATIONS 32

typedef Stagelijn__V1__RuleViolation sl_violation;

/* What dispatch learned about a request's target while authorizing it (requests.h). */
typedef struct {
    char id[SL_ID_LEN + 1];
    char class_id[SL_ID_LEN + 1];
    char user_id[SL_ID_LEN + 1];
} student_facts;

typedef struct {
    char id[SL_ID_LEN + 1];
    char student_id[SL_ID_LEN + 1];
    char company_id[SL_ID_LEN + 1];
    char class_id[SL_ID_LEN + 1];
    int status;
    char start_date[11], end_date[11]; /* YYYY-MM-DD; they never change once stored */
} placement_facts;

typedef struct {
    sl_scope scope;            /* TARGET_LIST: how far the caller's list reaches */
    student_facts student;     /* TARGET_STUDENT */
    placement_facts placement; /* TARGET_PLACEMENT, TARGET_AGENDA_WEEK */
    char id[SL_ID_LEN + 1];    /* the target's own id (agenda week, class, ...) */
} target_facts;

/* Everything a handler may use for one request. */
typedef struct request {
    sl_server *srv;
    store *st;
    conn *c;
    sl_arena *arena;         /* for the reply's sub-messages and strings */
    const sl_principal *who; /* NULL for requests that need no session */
    uint64_t request_id;
    int64_t now;   /* unix seconds, one value for the whole request (sl_now_unix()) */
    sl_date today; /* the school's date (Europe/Amsterdam) at `now`; rules use this one */
    char errmsg[256];
    const char *errcode; /* the message's code (messages.h), NULL for an uncoded message */
    char errparams[SL_MESSAGE_MAX_PARAMS][SL_MESSAGE_PARAM_LEN];
    int n_errparams;
    sl_violation *violations[REQ_MAX_VIOLATIONS];
    size_t n_violations;
    bool keep_changes;    /* commit this request's writes even though it answers an error */
    target_facts target;  /* filled by dispatch's authorization before the handler runs */
    sl_envelope *replay;  /* a retried submission's first outcome, answered instead (owned) */
    uint32_t list_cap;    /* labels: the row cap a list stopped at (req_list_cap), 0: whole */
    sl_principal vouched; /* TARGET_KIOSK_INTERN: the intern the kiosk vouches for (r->who) */
} request;

typedef Stagelijn__V1__Envelope__BodyCase body_case;
typedef sl_status (*handler_fn)(request *r, const sl_envelope *in, sl_envelope *out);

/* Packs `env` and sends it, or holds it for the batch when it must follow this connection's
 * held replies or belongs to the open batch (`in_batch`: it ran on the write store). A reply
 * over max_frame_bytes is replaced by RESOURCE_EXHAUSTED. */
void dispatch_reply(conn *c, uint64_t request_id, sl_envelope *env, bool in_batch);
/* Fills `out` with the Error for status st (r->errmsg, r's violations), from r's arena. */
void dispatch_fill_error(sl_envelope *out, request *r, sl_status st);
/* Answers a request with an error of its own (no handler ran), in order with its
 * connection's other replies. */
void dispatch_error_now(conn *c, uint64_t request_id, sl_status st, const char *code,
                        const char *msg);

/* Finishes a request whose handler returned SL_DEFERRED (after c->deferred was set): runs fn
 * (only when no commit is on disk: call it through batch_after_commit)
 * on the loop thread, inside a savepoint of the batch when `writes`, sends the reply (after
 * the commit, like any other), clears c->deferred and resumes reading. The caller still owns
 * its reference on c. Does nothing but clear the flag when the connection has gone. */
void dispatch_resume(conn *c, uint64_t request_id, const sl_principal *who, bool writes,
                     sl_status (*fn)(request *r, void *arg, sl_envelope *out), void *arg);

/* Sets r->errmsg and returns st, so handlers can `return req_fail(r, SL_EINVAL, ...)`. The
 * message has no code: clients show it in English. Prefer req_fail_code. */
sl_status req_fail(request *r, sl_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Like req_fail for a message of messages.h: `req_fail_code(r, st, MSG_NO_SUCH_STUDENT)`;
 * the MSG_ name supplies code and format, the remaining arguments fill the format. The reply
 * carries the code and each argument as text, so the client can say it in its language. */
sl_status req_fail_code(request *r, sl_status st, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Records a violated rule for a FAILED_PRECONDITION answer. */
void req_violation(request *r, const char *rule_id, const char *message, bool warning);
/* A rule violation of a report for a reply (arena): its id, English message, the details'
 * code and parameters (rules_report_detail) and, for older clients, the English details. */
sl_violation *req_violation_new(request *r, const rule_violation *v);
/* Records `v` as a violation of this request's error (req_violation with the details' code). */
void req_violation_of(request *r, const rule_violation *v, bool warning);

/* Text for people in a reply, sent as a detail code of messages.h with its raw parameters
 * beside the English text (CaseloadItem.detail_code, Event.summary_code, ...). */
typedef struct {
    char *text;    /* English, durations as H:MM h: the field for older clients and logs */
    char *code;    /* "det_..." (static); NULL when the format cannot be sent as values */
    char **params; /* n_params raw values (arena) */
    size_t n_params;
} req_detail_text;

/* `req_detail(r, DET_CL_WEEK_SIGNED, "2026-11-02")`: the DET_ name gives code and English
 * format, so the compiler checks the arguments. Everything is allocated in r's arena; on a
 * code missing from the table the English text is formatted from fmt and code is NULL. */
req_detail_text req_detail(request *r, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* labels: a list whose SQL read at most cap + 1 rows (LIMIT cap + 1, an array of cap + 1):
 * when it found more than cap rows, the reply keeps the first cap and says the server cut it
 * there (ListCut.server_cap, set by flow/listpage.c), so the client tells the person. Returns
 * the number of rows to keep: min(rows, cap). */
size_t req_list_cap(request *r, size_t rows, size_t cap);

/* Checks a client-supplied text field: present when required, within max_string_bytes. */
sl_status req_check_text(request *r, const char *field, const char *value, bool required);
/* Checks an id field. */
sl_status req_check_id(request *r, const char *field, const char *value);

/* Writes an audit row (who, when, what, which id) in the request's transaction. */
sl_status req_audit(request *r, const char *operation, const char *target_type,
                    const char *target_id, const char *details);

#endif
