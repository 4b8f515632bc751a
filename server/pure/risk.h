/* Early warning: a transparent risk signal per intern, so that a dropout is seen coming
 * (issue 9, "Early warning"). Never a bare score: every point comes with its reason, and the
 * reasons and their weights are documented in docs/rules.md ("Early warning").
 *
 * Pure C11: no I/O, no clock, no allocation. The handler (h_risk.c) counts the facts of the
 * recent past for one intern; this module weighs them. */
#ifndef SL_RISK_H
#define SL_RISK_H

/* The recent past the facts are counted over, in days before today. */
#define RISK_WINDOW_DAYS 42
/* A week's agenda is late when it is not signed this many days after its Sunday. */
#define RISK_AGENDA_GRACE_DAYS 7
/* The default threshold (points) from which an intern is signalled; the daemon's
 * configuration may set another (risk_threshold). */
#define RISK_THRESHOLD_DEFAULT 6

/* What is known of one intern. Counts are over RISK_WINDOW_DAYS unless said otherwise. */
typedef struct {
    /* Absence reports (ReportAbsence, any kind) reaching into the window; a report of
     * several days counts once. */
    int absences;
    int agenda_unsigned;     /* weeks filled in, not signed by the supervisor in time */
    int agenda_missing;      /* weeks of the placement with no agenda at all, past due */
    int rating_latest_x10;   /* the latest assessment's average rating x 10 (10..50); 0 none */
    int rating_previous_x10; /* the one before it; 0 when there is none */
    long minutes_recorded;   /* agenda minutes in the ended weeks of the window */
    long minutes_expected;   /* the schedule's minutes over the same weeks; 0 when unknown */
    int visit_overdue_days;  /* days past the visit due date; 0 when not overdue */
    int earlier_dropouts;    /* every recorded dropout of the student, ever */
} risk_input;

/* One reason, with the figure it rests on and the points it adds. */
typedef struct {
    const char *id; /* stable: RISK_ABSENCE, RISK_AGENDA_UNSIGNED, ... (static) */
    int points;
    long value; /* the count, the rating x 10, the percentage of hours, or the days */
} risk_reason;

#define RISK_MAX_REASONS 8

/* The weights, named so the documentation and the tests can quote them. */
#define RISK_W_ABSENCE 2 /* per absence, at most RISK_CAP_ABSENCE */
#define RISK_CAP_ABSENCE 6
#define RISK_W_AGENDA_UNSIGNED 1 /* per week, at most RISK_CAP_AGENDA_UNSIGNED */
#define RISK_CAP_AGENDA_UNSIGNED 3
#define RISK_W_AGENDA_MISSING 2 /* per week, at most RISK_CAP_AGENDA_MISSING */
#define RISK_CAP_AGENDA_MISSING 4
#define RISK_W_RATING_LOW 3 /* latest average below RISK_RATING_LOW_X10 */
#define RISK_RATING_LOW_X10 25
#define RISK_W_RATING_FALLING 2 /* fallen by at least RISK_RATING_FALL_X10 */
#define RISK_RATING_FALL_X10 5
#define RISK_W_HOURS_BEHIND 3 /* below RISK_HOURS_MIN_PCT of the scheduled minutes */
#define RISK_HOURS_MIN_PCT 80
#define RISK_W_VISIT_OVERDUE 2 /* a visit overdue by at least one day */
#define RISK_W_DROPOUT 3       /* per earlier dropout, at most RISK_CAP_DROPOUT */
#define RISK_CAP_DROPOUT 6

/* Weighs `in`: writes the reasons that apply into out[] (RISK_MAX_REASONS, in the fixed order
 * of the list above) and returns their number; *points gets the sum. A negative count counts
 * as none. */
int risk_assess(const risk_input *in, risk_reason *out, int *points);

#endif
