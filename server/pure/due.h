/* Reviews due: which checks fall due when (issue 9). Pure: the scheduler (flow/scheduler.c)
 * gathers the facts from the store and asks here whether, and from which day, an item is
 * due and how it is keyed; the key makes "raised once" a uniqueness constraint. Visits and
 * aftercare follow rules.c (sections 8 and 9) directly; the rest is here. Dates are
 * rules_date (rules.h), day numbers are days since 1970-01-01. The rules are in
 * docs/rules.md, "Reviews due". */
#ifndef SL_DUE_H
#define SL_DUE_H

#include <stdbool.h>
#include <stddef.h>

#include "rules.h"

typedef enum {
    DUE_VISIT_OVERDUE,       /* no coach visit within the interval (3 weeks; support: shorter) */
    DUE_AGENDA_UNSIGNED,     /* a week not filled in or not signed by the supervisor */
    DUE_WEEK_NOT_SIGNED_OFF, /* a week the supervisor signed, not yet signed off by the coach */
    DUE_INTERIM_ASSESSMENT,  /* a period's interim assessment (years 4/5, Entree, dual) */
    DUE_END_ASSESSMENT,      /* the end assessment, from two weeks before the end */
    DUE_ENTREE_BEHIND,       /* Entree hours behind the pace for 650 h (once a week) */
    DUE_STUDY_ADVICE,        /* Entree: binding study advice in December */
    DUE_EXAM_ELIGIBILITY,    /* Entree: the exam eligibility check in May */
    DUE_AFTERCARE_CONTACT,   /* aftercare: three contacts a year for two years */
    DUE_GROUP_FULL,          /* a group-internship day part has no free place left */
    DUE_CLOCK_OPEN,          /* a shift clocked in and not out, its day passed */
    DUE_REPEATED_ABSENCE,    /* absence reported repeatedly within a few weeks */
    DUE_KIND_COUNT
} due_kind;

/* The wire name ("visit_overdue", ...), the first word of a review_due event's summary. */
const char *due_kind_name(due_kind k);

/* Days after a week's Monday before its agenda counts as late: the week (7) and two days
 * for the supervisor to sign. */
#define DUE_AGENDA_SIGN_DAYS 9
/* Days after a week's Monday by which the coach signs it off (the weekly class contact). */
#define DUE_WEEK_SIGN_OFF_DAYS 14
/* The end assessment is raised this many days before the internship's last day. */
#define DUE_END_NOTICE_DAYS 14

/* The ISO week of a day as "2026-W49" (key >= 9 bytes). */
void due_iso_week(rules_date d, char key[9]);

/* Period k's (1, 2) interim assessment is due once k thirds of the internship lie behind. */
long due_interim_day(long start_day, long end_day, int period);

/* For the items of a calendar month (the binding study advice in December, the exam check
 * in May): true when today lies in `month`, with that month's first day in *due and the key
 * "YYYY-MM" (key >= 8 bytes). */
bool due_in_month(rules_date today, int month, rules_date *due, char key[8]);

/* Repeated absence: `count` absence reports (or more) whose first days lie within
 * `window_days` of the first one's make a window, keyed by that first day. Windows do not
 * overlap: a window starts only on or after `blocked_until` (the end of the last window
 * raised; pass LONG_MIN for none). `starts` are the reports' first days in ascending order
 * (day numbers), n of them, none after today. Returns true with the window's first day in
 * *window_start and the day it fell due (the count-th report's) in *due_day for the first
 * window on or after blocked_until; false when there is none. */
bool due_absence_window(const long *starts, size_t n, int count, int window_days,
                        long blocked_until, long *window_start, long *due_day);

#endif
