#include "due.h"

#include <stdio.h>

const char *due_kind_name(due_kind k)
{
    static const char *const names[DUE_KIND_COUNT] = {
        [DUE_VISIT_OVERDUE] = "visit_overdue",
        [DUE_AGENDA_UNSIGNED] = "agenda_unsigned",
        [DUE_WEEK_NOT_SIGNED_OFF] = "week_not_signed_off",
        [DUE_INTERIM_ASSESSMENT] = "interim_assessment_due",
        [DUE_END_ASSESSMENT] = "end_assessment_due",
        [DUE_ENTREE_BEHIND] = "entree_hours_behind",
        [DUE_STUDY_ADVICE] = "study_advice_due",
        [DUE_EXAM_ELIGIBILITY] = "exam_eligibility_due",
        [DUE_AFTERCARE_CONTACT] = "aftercare_contact_due",
        [DUE_GROUP_FULL] = "group_day_part_full",
        [DUE_CLOCK_OPEN] = "clock_out_missing",
        [DUE_REPEATED_ABSENCE] = "repeated_absence",
    };
    return (unsigned)k < DUE_KIND_COUNT ? names[k] : "";
}

void due_iso_week(rules_date d, char key[9])
{
    /* The ISO year is the year of the week's Thursday. */
    rules_date thu = rules_date_add_days(rules_date_week_monday(d), 3);
    rules_date jan1 = {thu.y, 1, 1};
    long week = rules_date_days_between(jan1, thu) / 7 + 1;
    snprintf(key, 9, "%04u-W%02u", (unsigned)thu.y % 10000u, (unsigned)week % 100u);
}

long due_interim_day(long start_day, long end_day, int period)
{
    return start_day + (end_day - start_day) * period / 3;
}

bool due_in_month(rules_date today, int month, rules_date *due, char key[8])
{
    if (today.m != month)
        return false;
    *due = (rules_date){today.y, month, 1};
    snprintf(key, 8, "%04u-%02u", (unsigned)today.y % 10000u, (unsigned)month % 100u);
    return true;
}

bool due_absence_window(const long *starts, size_t n, int count, int window_days,
                        long blocked_until, long *window_start, long *due_day)
{
    if (count < 1)
        return false;
    for (size_t i = 0; i + (size_t)count <= n; i++) {
        if (starts[i] < blocked_until)
            continue;
        long last = starts[i + (size_t)count - 1];
        if (last - starts[i] < window_days) {
            *window_start = starts[i];
            *due_day = last;
            return true;
        }
    }
    return false;
}
