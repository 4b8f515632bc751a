/* Early warning for one intern, from the store, on the request's clock: the core is
 * flow/risk_scan.c (which counts the facts of the recent past and weighs them with
 * server/pure/risk.c). Used by the risk requests (h_risk.c), the coach's caseload and
 * the mentor's class overview (h_overview.c). */
#ifndef SL_RISK_SIGNAL_H
#define SL_RISK_SIGNAL_H

#include <stdbool.h>

#include "dispatch.h"
#include "risk_scan.h"

/* The signal of `student_id` at its placement `placement_id` (an active one) as of
 * r->today; SL_OK or the store's error. */
sl_status risk_signal_of(request *r, const char *student_id, const char *placement_id,
                         risk_result *out);

/* The daemon's threshold (risk_threshold in the configuration). */
int risk_threshold(const request *r);

/* The reasons as one line for tables, "RISK_ABSENCE +4, RISK_RATING_LOW +3", from r's arena
 * ("" when there are none). */
char *risk_reasons_line(request *r, const risk_result *res);

/* subs (issue 9): the reasons as messages (rule id, points, figure) for the client to word,
 * an array from r's arena; *n gets their number. */
Stagelijn__V1__RiskReason **risk_reason_msgs(request *r, const risk_result *res, size_t *n);

#endif
