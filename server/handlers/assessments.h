/* Assessments (issue 8): the checks and the writing of a submitted assessment
 * (h_progress.c), shared with the drafts and versions (h_assess.c). An assessment keeps its
 * id through its versions: the current one is its row in `assessments` (what every other
 * reader sees), the earlier ones are kept whole in `assessment_history`. */
#ifndef SL_ASSESSMENTS_H
#define SL_ASSESSMENTS_H

#include <stdbool.h>

#include "dispatch.h"

/* The content alone: kind, period, ratings, comments, verdict, aspects, the date's form. A
 * draft may leave ratings at 0 and an end assessment's verdict open. SL_EINVAL (message
 * set) when wrong. */
sl_status assessment_check_content(request *r, const Stagelijn__V1__Assessment *a, bool draft);

/* Everything a submission is checked for: the content, its date (into day, YYYY-MM-DD:
 * today when not given; not in the future, not before the placement), the placement's state,
 * and, unless `new_version`, one interim assessment per period. The refusal's status. */
sl_status assessment_check(request *r, const placement_facts *pf,
                           const Stagelijn__V1__Assessment *a, bool new_version, char day[11]);

/* Stores a checked assessment: version 1 under a new id, or, with revises_id, the next
 * version of that assessment, whose current version is kept first (assessment_keep_version).
 * Appends the event and the audit row; *out gets the stored assessment (arena). */
sl_status assessment_store(request *r, const placement_facts *pf,
                           const Stagelijn__V1__Assessment *a, const char *day,
                           const char *revises_id, Stagelijn__V1__Assessment **out);

/* The current version of assessment `id` (arena); SL_ENOTFOUND or the store's error. */
sl_status assessment_load(request *r, const char *id, Stagelijn__V1__Assessment **out);

/* h_assess.c: keeps `old` (a current version about to be replaced) in the history. */
sl_status assessment_keep_version(request *r, const Stagelijn__V1__Assessment *old);
/* h_assess.c: fills rep's earlier versions of the placement's assessments, and its drafts
 * when the caller may assess the placement. The refusal's status (message set). */
sl_status assessment_list_versions(request *r, const char *placement_id,
                                   Stagelijn__V1__ListAssessmentsReply *rep);

#endif
