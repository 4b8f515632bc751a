/* The outflow monitor's counting, as pure functions (no I/O, no allocation, no clock):
 * leaving cohorts, the reference date 1 November, placed and lasting per leaver, the shares
 * against the Inspectorate's norms, and RFC 4180 quoting for the CSV export.
 *
 * Decisions where the sector's outflow monitor leaves room (also in docs/rules.md terms):
 * - A cohort is the school year of leaving, August to July, written "2025-2026". A leaver's
 *   cohort defaults to the school year containing the left date.
 * - The reference date of cohort "A-B" is 1 November of year B. A leaver whose left date is
 *   after that day (someone who stayed on into the autumn) is measured on the first
 *   1 November after leaving instead.
 * - Placed on the reference date: the exit record has an exit profile and a destination, and
 *   the latest aftercare contact on or before that date (if any) says the former student is
 *   still in that destination. Without such a contact the exit record decides.
 * - Lasting: year 1 is the first twelve months after the left date, year 2 the next twelve
 *   (the two years of aftercare). A year counts as lasting when the leaver was placed and the
 *   latest aftercare contact within that year says "still in destination". No contact in a
 *   year is "unknown" and does not count as lasting: the school must know, not assume.
 * - Shares: placed of leavers, lasted (year 1) of placed. A norm is met with at least 90 %
 *   placed / 75 % lasting, compared in whole numbers (placed * 100 >= 90 * leavers) so that
 *   9 of 10 meets exactly. An empty cohort (or no one placed) meets no norm: there is nothing
 *   to show; outflow_norms_of says so ("no leavers", "nobody placed") instead of "not met".
 * - What is not yet known is not "no": before the reference date a leaver's placement, and
 *   while an aftercare year runs its lasting, are "not yet known" (outflow_state_on). */
#ifndef SL_OUTFLOW_H
#define SL_OUTFLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "rules.h"

#define OUTFLOW_PLACED_NORM_PCT 90
#define OUTFLOW_LASTED_NORM_PCT 75
#define OUTFLOW_COHORT_LEN 9 /* "2025-2026" */

/* "YYYY-YYYY" with the second year the first plus one; *start_year gets the first. */
bool outflow_cohort_parse(const char *s, int *start_year);
/* The school year (August to July) containing `left`, as "YYYY-YYYY". */
void outflow_cohort_of(rules_date left, char out[OUTFLOW_COHORT_LEN + 1]);
/* 1 November of the cohort's end year. */
rules_date outflow_cohort_reference(int start_year);
/* The cohort's reference date, or the first 1 November after `left` when it left later. */
rules_date outflow_leaver_reference(int start_year, rules_date left);

typedef struct {
    rules_date date;
    bool still_in_destination;
} outflow_contact;

typedef struct {
    rules_date left;
    int profile; /* 0 = none recorded, else the ExitProfile */
    bool has_destination;
    const outflow_contact *contacts; /* any order */
    size_t n_contacts;
} outflow_leaver;

typedef struct {
    rules_date reference;
    bool placed;
    bool lasted_year_1;
    bool lasted_year_2;
} outflow_result;

outflow_result outflow_evaluate(const outflow_leaver *l, int cohort_start_year);

/* What the school knows on a day: "no" is a fact, "not yet known" a day still to come. */
typedef enum { OUTFLOW_NO, OUTFLOW_YES, OUTFLOW_NOT_YET_KNOWN } outflow_known;

typedef struct {
    outflow_known placed; /* not yet known before the reference date */
    outflow_known year_1; /* not yet known while the first year after leaving runs */
    outflow_known year_2; /* likewise the second year */
} outflow_state;

/* The leaver's result `res` (outflow_evaluate) as known on `today`. A leaver who was not
 * placed did not last either year: that is known once the reference date has come. */
outflow_state outflow_state_on(const outflow_leaver *l, const outflow_result *res,
                               rules_date today);

typedef struct {
    unsigned leavers, placed, lasted;
    double placed_pct, lasted_pct;
    bool placed_norm_met, lasted_norm_met;
} outflow_totals;

outflow_totals outflow_totals_of(unsigned leavers, unsigned placed, unsigned lasted);

typedef enum {
    OUTFLOW_NORM_MET,
    OUTFLOW_NORM_NOT_MET,
    OUTFLOW_NORM_NO_LEAVERS,    /* an empty cohort: nothing to measure, not a failure */
    OUTFLOW_NORM_NOBODY_PLACED, /* the lasting norm without placed leavers */
    OUTFLOW_NORM_NOT_YET_KNOWN, /* a reference date or a first year still to come */
} outflow_norm;

typedef struct {
    outflow_norm placed, lasted;
} outflow_norms;

/* The norms of totals `t` on the report's day, given how many leavers' placement
 * (placed_unknown) and how many placed leavers' first year (lasted_unknown) are not yet
 * known. */
outflow_norms outflow_norms_of(const outflow_totals *t, unsigned placed_unknown,
                               unsigned lasted_unknown);

#endif
