/* Fixtures that write an intern's records the way the people of a school do: the weeks of a
 * placement, a supervisor's signed agenda week and sick day, a coach's exit record, an admin's
 * topic grant and school year. Each request helper sends one request, expects SL_OK (a
 * mismatch is printed by ts_call) and returns whether it got it. The strings stay the
 * caller's. */
#ifndef SL_TEST_RECORDS_H
#define SL_TEST_RECORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "harness.h"

/* The supervisor fills in and signs the week of `monday` (YYYY-MM-DD): its first three days
 * (Monday to Wednesday) of 7 hours each, every day's tasks `tasks`. */
bool ts_sign_three_day_week(sl_client *sup, const char *placement_id, const char *monday,
                            const char *tasks);

/* The supervisor reports `student_id` sick for the one day `day` (YYYY-MM-DD). */
bool ts_report_sick_day(sl_client *sup, const char *student_id, const char *day);

/* The coach records that `student_id` left school on `left` (YYYY-MM-DD) for work at
 * `destination`, with `advice`; no cohort. */
bool ts_record_exit_to_work(sl_client *coach, const char *student_id, const char *left,
                            const char *destination, const char *advice);

/* The placement most tests need: a sector internship of three days a week, Monday to
 * Wednesday 09:00-15:00 with a 30-minute break, from start to end (YYYY-MM-DD). The spec
 * points at the strings given. */
ts_placement_spec ts_sector_week(const char *student_id, const char *company_id,
                                 const char *supervisor_id, const char *start, const char *end);
/* A minor's individual internship (INDIVIDUAL_1) of two days a week, Monday and Tuesday
 * 09:00-14:00 with a 30-minute break, from start to end. */
ts_placement_spec ts_individual_week(const char *student_id, const char *company_id,
                                     const char *supervisor_id, const char *start, const char *end);

/* The admin grants the subscriber account `username` the one event topic `topic`. */
bool ts_grant_topic(sl_client *admin, const char *username, const char *topic);

/* A school year's holiday: its name and first and last day (YYYY-MM-DD). */
typedef struct {
    const char *name, *start_date, *end_date;
} ts_holiday;

/* The admin saves the school year `name` from start to end with its n holidays. */
bool ts_save_school_year(sl_client *admin, const char *name, const char *start, const char *end,
                         const ts_holiday *holidays, size_t n);

#endif
