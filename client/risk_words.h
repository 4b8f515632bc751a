/* The early warning's reasons in the user's words (subs, issue 9): the server sends each
 * reason as its rule id with the figure it rests on and its points (RiskReason); the
 * workstation's caseload and class overview show them as sentences with their weights,
 * never as rule ids. */
#ifndef SL_RISK_WORDS_H
#define SL_RISK_WORDS_H

#include <stddef.h>

#include "stagelijn.pb-c.h"

/* One reason, "absent 2 times in the last six weeks (+4)", into out (n bytes); returns out.
 * A reason this client does not know is shown as "another reason (+P)". */
char *risk_words(const Stagelijn__V1__RiskReason *r, char *out, size_t n);

/* The reasons joined by "; " into out (n bytes); "" when there are none. Returns out. */
char *risk_words_list(Stagelijn__V1__RiskReason *const *reasons, size_t n_reasons, char *out,
                      size_t n);

#endif
