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

/* h_goals.c (issue 7 item 10): the form of a's goal ratings (ids, 1..5 or 0 in a draft,
 * remarks, each goal once). */
sl_status assessment_check_goal_form(request *r, const Stagelijn__V1__Assessment *a, bool draft);
/* h_goals.c: at submission, every rated goal is one of the placement's and every goal of the
 * placement is rated (FAILED_PRECONDITION goal_not_rated naming the first that is not). */
sl_status assessment_check_goals(request *r, const char *placement_id,
                                 const Stagelijn__V1__Assessment *a);
/* h_goals.c: replaces the stored goal ratings of the assessment's current version. */
sl_status assessment_store_goal_ratings(request *r, const char *assessment_id,
                                        const Stagelijn__V1__Assessment *a);
/* h_goals.c: fills a->goal_ratings (with each goal's text) from the store. */
sl_status assessment_load_goal_ratings(request *r, Stagelijn__V1__Assessment *a);
/* h_goals.c: fills rep->self_ratings, the student's own rating of each period. */
sl_status self_ratings_list(request *r, const char *placement_id,
                            Stagelijn__V1__ListAssessmentsReply *rep);

#endif
