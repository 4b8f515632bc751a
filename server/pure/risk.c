#include "risk.h"

#include <stddef.h>

static int capped(int n, int weight, int cap)
{
    if (n <= 0)
        return 0;
    /* Compared before multiplying, so a huge count cannot overflow. */
    return n >= cap / weight ? cap : n * weight;
}

static void add(risk_reason *out, int *n, const char *id, int points, long value)
{
    if (points <= 0)
        return;
    out[*n] = (risk_reason){.id = id, .points = points, .value = value};
    (*n)++;
}

int risk_assess(const risk_input *in, risk_reason *out, int *points)
{
    int n = 0;
    add(out, &n, "RISK_ABSENCE", capped(in->absences, RISK_W_ABSENCE, RISK_CAP_ABSENCE),
        in->absences);
    add(out, &n, "RISK_AGENDA_UNSIGNED",
        capped(in->agenda_unsigned, RISK_W_AGENDA_UNSIGNED, RISK_CAP_AGENDA_UNSIGNED),
        in->agenda_unsigned);
    add(out, &n, "RISK_AGENDA_MISSING",
        capped(in->agenda_missing, RISK_W_AGENDA_MISSING, RISK_CAP_AGENDA_MISSING),
        in->agenda_missing);
    if (in->rating_latest_x10 > 0 && in->rating_latest_x10 < RISK_RATING_LOW_X10)
        add(out, &n, "RISK_RATING_LOW", RISK_W_RATING_LOW, in->rating_latest_x10);
    if (in->rating_latest_x10 > 0 && in->rating_previous_x10 > 0 &&
        in->rating_previous_x10 - in->rating_latest_x10 >= RISK_RATING_FALL_X10)
        add(out, &n, "RISK_RATING_FALLING", RISK_W_RATING_FALLING,
            in->rating_previous_x10 - in->rating_latest_x10);
    if (in->minutes_expected > 0 && in->minutes_recorded >= 0) {
        long pct = in->minutes_recorded * 100 / in->minutes_expected;
        if (pct < RISK_HOURS_MIN_PCT)
            add(out, &n, "RISK_HOURS_BEHIND", RISK_W_HOURS_BEHIND, pct);
    }
    if (in->visit_overdue_days > 0)
        add(out, &n, "RISK_VISIT_OVERDUE", RISK_W_VISIT_OVERDUE, in->visit_overdue_days);
    add(out, &n, "RISK_EARLIER_DROPOUT",
        capped(in->earlier_dropouts, RISK_W_DROPOUT, RISK_CAP_DROPOUT), in->earlier_dropouts);
    int sum = 0;
    for (int i = 0; i < n; i++)
        sum += out[i].points;
    *points = sum;
    return n;
}
