/* Early warning's core (issue 9): the risk signal of one intern counted from the store and
 * weighed with server/pure/risk.c, and the scan over every intern that remembers who is above
 * the threshold (risk_scans) and raises one "risk" event per crossing. Two callers share it:
 * the RiskScan request and its lists (handlers/h_risk.c, through risk_signal.h) and the
 * scheduler, which runs the scan once a day on its own clock (flow/scheduler.c). It knows no
 * request: the caller gives the store, the clock and the settings, and says how an event is
 * written (with the requester as actor, or unattended). */
#ifndef SL_RISK_SCAN_H
#define SL_RISK_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "events.h"
#include "risk.h"
#include "store.h"
#include "timeutil.h"

typedef struct {
    int points;
    int n;
    risk_reason reasons[RISK_MAX_REASONS];
} risk_result;

/* What a signal is computed against: one clock and the settings it needs. */
typedef struct {
    store *st;
    int64_t now;   /* unix seconds */
    sl_date today; /* the school's date at `now` */
    int visit_interval_days, support_visit_interval_days;
    int threshold; /* points from which an intern is above (risk_threshold) */
} risk_basis;

/* The signal of `student_id` at its placement `placement_id` as of b->today; SL_OK or the
 * store's error (SL_EINTERNAL when the placement does not exist). */
sl_status risk_scan_signal(const risk_basis *b, const char *student_id, const char *placement_id,
                           risk_result *out);

/* The reasons as one line, "RISK_ABSENCE +4, RISK_RATING_LOW +3" ("" when none), into out
 * (truncated to outlen, always terminated). */
void risk_scan_reasons_line(const risk_result *res, char *out, size_t outlen);

/* Writes one event inside the caller's open savepoint; SL_OK or the store's error. */
typedef sl_status (*risk_raise_fn)(void *arg, const event_spec *ev);

typedef struct {
    uint32_t interns; /* students on an active current placement */
    uint32_t above;   /* of them at or above the threshold */
    uint32_t crossed; /* of them above now and not at the previous scan: one event each */
} risk_tally;

/* The scan, in full, inside the caller's open savepoint on the write store: every intern's
 * signal stored in risk_scans (points, above, scanned_at = b->now), a "risk" event through
 * `raise` for each who crossed the threshold since the previous scan, and the rows of
 * students no longer interns deleted (placed again, they start afresh). On an error the
 * caller rolls the savepoint back; *tally is then partial. */
sl_status risk_scan_all(const risk_basis *b, risk_raise_fn raise, void *arg, risk_tally *tally);

#endif
