/* Fixtures that write an intern's records the way the people of a school do: a supervisor's
 * signed agenda week and sick day, a coach's exit record. Each sends one request, expects
 * SL_OK (a mismatch is printed by ts_call) and returns whether it got it. The strings stay
 * the caller's. */
#ifndef SL_TEST_RECORDS_H
#define SL_TEST_RECORDS_H

#include <stdbool.h>

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

#endif
