#include "outflow.h"

#include <stdio.h>
#include <string.h>

bool outflow_cohort_parse(const char *s, int *start_year)
{
    if (!s || strlen(s) != OUTFLOW_COHORT_LEN || s[4] != '-')
        return false;
    int a = 0, b = 0;
    for (int i = 0; i < 4; i++) {
        if (s[i] < '0' || s[i] > '9' || s[i + 5] < '0' || s[i + 5] > '9')
            return false;
        a = a * 10 + (s[i] - '0');
        b = b * 10 + (s[i + 5] - '0');
    }
    if (a < 1900 || b != a + 1)
        return false;
    if (start_year)
        *start_year = a;
    return true;
}

void outflow_cohort_of(rules_date left, char out[OUTFLOW_COHORT_LEN + 1])
{
    int start = left.m >= 8 ? left.y : left.y - 1;
    /* Four digits each, whatever the input, so the text always fits. */
    unsigned a = (unsigned)(start < 0 ? 0 : start) % 10000u, b = (a + 1) % 10000u;
    snprintf(out, OUTFLOW_COHORT_LEN + 1, "%04u-%04u", a, b);
}

rules_date outflow_cohort_reference(int start_year)
{
    rules_date d = {start_year + 1, 11, 1};
    return d;
}

rules_date outflow_leaver_reference(int start_year, rules_date left)
{
    rules_date ref = outflow_cohort_reference(start_year);
    if (rules_date_compare(left, ref) <= 0)
        return ref;
    rules_date next = {left.y, 11, 1};
    if (rules_date_compare(left, next) > 0)
        next.y++;
    return next;
}

/* The latest contact in [from, to): its still_in_destination, or -1 when there is none. */
static int latest_in(const outflow_leaver *l, rules_date from, rules_date to_excl)
{
    int found = -1;
    rules_date best = {0, 0, 0};
    for (size_t i = 0; l->contacts && i < l->n_contacts; i++) {
        rules_date d = l->contacts[i].date;
        if (!rules_date_valid(d) || rules_date_compare(d, from) < 0 ||
            rules_date_compare(d, to_excl) >= 0)
            continue;
        /* Two contacts on one day: the one saying "not in destination" wins, so a bad
         * message is never hidden by the order of logging. */
        int cmp = found < 0 ? 1 : rules_date_compare(d, best);
        if (cmp > 0 || (cmp == 0 && !l->contacts[i].still_in_destination)) {
            best = d;
            found = l->contacts[i].still_in_destination ? 1 : 0;
        }
    }
    return found;
}

outflow_result outflow_evaluate(const outflow_leaver *l, int cohort_start_year)
{
    outflow_result res = {{0, 0, 0}, false, false, false};
    if (!l || !rules_date_valid(l->left))
        return res;
    res.reference = outflow_leaver_reference(cohort_start_year, l->left);
    if (l->profile > 0 && l->has_destination) {
        rules_date origin = {1, 1, 1};
        int before = latest_in(l, origin, rules_date_add_days(res.reference, 1));
        res.placed = before != 0;
    }
    if (!res.placed)
        return res;
    rules_date y1 = rules_date_add_months(l->left, 12);
    rules_date y2 = rules_date_add_months(l->left, 24);
    res.lasted_year_1 = latest_in(l, l->left, y1) == 1;
    res.lasted_year_2 = latest_in(l, y1, y2) == 1;
    return res;
}

/* Known once `end` (exclusive) has come: from `known` on, else not yet known. */
static outflow_known known_from(bool value, rules_date end_excl, rules_date today)
{
    if (rules_date_compare(today, end_excl) < 0)
        return OUTFLOW_NOT_YET_KNOWN;
    return value ? OUTFLOW_YES : OUTFLOW_NO;
}

outflow_state outflow_state_on(const outflow_leaver *l, const outflow_result *res, rules_date today)
{
    outflow_state s = {OUTFLOW_NO, OUTFLOW_NO, OUTFLOW_NO};
    if (!l || !res || !rules_date_valid(l->left) || !rules_date_valid(res->reference))
        return s;
    /* The reference day itself counts: a contact on it is in (latest_in up to ref + 1). */
    s.placed = known_from(res->placed, rules_date_add_days(res->reference, 1), today);
    if (s.placed == OUTFLOW_NOT_YET_KNOWN) {
        s.year_1 = s.year_2 = OUTFLOW_NOT_YET_KNOWN;
        return s;
    }
    s.year_1 = known_from(res->lasted_year_1, rules_date_add_months(l->left, 12), today);
    s.year_2 = known_from(res->lasted_year_2, rules_date_add_months(l->left, 24), today);
    /* Not placed is a fact: there is no year to wait for. */
    if (!res->placed)
        s.year_1 = s.year_2 = OUTFLOW_NO;
    return s;
}

outflow_norms outflow_norms_of(const outflow_totals *t, unsigned placed_unknown,
                               unsigned lasted_unknown)
{
    outflow_norms n;
    if (t->leavers == 0)
        n.placed = OUTFLOW_NORM_NO_LEAVERS;
    else if (placed_unknown > 0)
        n.placed = OUTFLOW_NORM_NOT_YET_KNOWN;
    else
        n.placed = t->placed_norm_met ? OUTFLOW_NORM_MET : OUTFLOW_NORM_NOT_MET;
    if (t->leavers == 0)
        n.lasted = OUTFLOW_NORM_NO_LEAVERS;
    else if (placed_unknown > 0 || lasted_unknown > 0)
        n.lasted = OUTFLOW_NORM_NOT_YET_KNOWN;
    else if (t->placed == 0)
        n.lasted = OUTFLOW_NORM_NOBODY_PLACED;
    else
        n.lasted = t->lasted_norm_met ? OUTFLOW_NORM_MET : OUTFLOW_NORM_NOT_MET;
    return n;
}

outflow_totals outflow_totals_of(unsigned leavers, unsigned placed, unsigned lasted)
{
    outflow_totals t = {leavers, placed, lasted, 0.0, 0.0, false, false};
    if (leavers > 0) {
        t.placed_pct = 100.0 * placed / leavers;
        t.placed_norm_met = (unsigned long long)placed * 100 >=
                            (unsigned long long)OUTFLOW_PLACED_NORM_PCT * leavers;
    }
    if (placed > 0) {
        t.lasted_pct = 100.0 * lasted / placed;
        t.lasted_norm_met = (unsigned long long)lasted * 100 >=
                            (unsigned long long)OUTFLOW_LASTED_NORM_PCT * placed;
    }
    return t;
}
