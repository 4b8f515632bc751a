/* Stable codes for the server's messages. The server answers an error with the code, its
 * parameters and the English text (Error.message_code, params, message); a client renders the
 * code in its user's language through gettext, with the English format below as the msgid,
 * and shows the English text only for a code it does not know. One table for both sides.
 *
 * A message is used as `req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "student_id")`: each
 * MSG_ name expands to its code and its English printf format, so the compiler checks the
 * arguments against the format. Codes never change meaning once released; a new meaning gets
 * a new code. Add a message here, to the table in messages.c, and its Dutch to
 * client/po/nl.po. */
#ifndef SL_MESSAGES_H
#define SL_MESSAGES_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Marks a format for xgettext; the client translates it with gettext() when it renders. */
#ifndef N_
#define N_(s) (s)
#endif

#define SL_MESSAGE_MAX_PARAMS 4
#define SL_MESSAGE_PARAM_LEN 128

/* clang-format off */
#define MSG_LOG_IN_FIRST "log_in_first", N_("log in first")
#define MSG_SESSION_ENDED "session_ended", N_("session expired or ended; log in again")
#define MSG_CHANGE_ONE_TIME_PASSWORD "change_one_time_password", N_("change your one-time password first")
#define MSG_SERVER_STOPPING "server_stopping", N_("server is shutting down")
#define MSG_DATABASE_UNAVAILABLE "database_unavailable", N_("database unavailable")
#define MSG_CHANGE_NOT_STORED "change_not_stored", N_("the change could not be stored; nothing was saved, try again")
#define MSG_DATABASE_ERROR "database_error", N_("database error")
#define MSG_OUT_OF_MEMORY "out_of_memory", N_("out of memory")
#define MSG_UNKNOWN_REQUEST "unknown_request", N_("unknown or unsupported request")
#define MSG_REPLY_TOO_LARGE "reply_too_large", N_("reply too large; narrow the request")
#define MSG_FIELD_REQUIRED "field_required", N_("%s is required")
#define MSG_FIELD_TOO_LONG "field_too_long", N_("%s is longer than %ld bytes")
#define MSG_INVALID_ID "invalid_id", N_("%s is not a valid id")
#define MSG_DATE_FIELD_FORMAT "date_field_format", N_("%s must be YYYY-MM-DD")
#define MSG_WEEK_START_MONDAY "week_start_monday", N_("week_start must be a Monday, YYYY-MM-DD")
#define MSG_ROLE_MAY_NOT "role_may_not", N_("%s may not %s this")
#define MSG_KIOSK_OWN_COMPANY "kiosk_own_company", N_("this kiosk is for its own company's supervisors and the students placed there")
#define MSG_NO_SUCH_STUDENT "no_such_student", N_("no such student")
#define MSG_NO_SUCH_PLACEMENT "no_such_placement", N_("no such placement")
#define MSG_NO_SUCH_CLASS "no_such_class", N_("no such class")
#define MSG_NO_SUCH_AGENDA_WEEK "no_such_agenda_week", N_("no such agenda week")
#define MSG_NO_SUCH_COMPANY "no_such_company", N_("no such company")
#define MSG_NO_SUCH_COACH "no_such_coach", N_("no such coach")
#define MSG_NO_SUCH_PARTNER "no_such_partner", N_("no such partner")
#define MSG_NO_SUCH_GROUP_SESSION "no_such_group_session", N_("no such group session")
#define MSG_NO_SUCH_COMPANY_VISIT "no_such_company_visit", N_("no such company visit")
#define MSG_NO_SUCH_SCHOOL_YEAR "no_such_school_year", N_("no such school year")
#define MSG_NO_SUCH_SUBSCRIPTION "no_such_subscription", N_("no such subscription of yours")
#define MSG_NO_SUCH_ASSIGNMENT "no_such_assignment", N_("no such assignment on this placement")
#define MSG_NO_SUCH_EXAM_SESSION "no_such_exam_session", N_("no such exam session on this placement")
#define MSG_STUDENT_VANISHED "student_vanished", N_("student vanished")
#define MSG_PLACEMENT_VANISHED "placement_vanished", N_("placement vanished")
#define MSG_USER_VANISHED "user_vanished", N_("user vanished")
#define MSG_CANNOT_HASH_PASSWORD "cannot_hash_password", N_("cannot hash password")
#define MSG_WRONG_PASSWORD "wrong_password", N_("wrong user name or password")
#define MSG_TOO_MANY_FAILED_LOGINS "too_many_failed_logins", N_("too many failed logins; try again in a few minutes")
#define MSG_TOO_MANY_LOGINS "too_many_logins", N_("too many logins at once; try again in a moment")
#define MSG_NEW_PASSWORD_TOO_SHORT "new_password_too_short", N_("the new password needs at least %d characters")
#define MSG_PASSWORD_TOO_SHORT "password_too_short", N_("password needs at least 10 characters")
#define MSG_CURRENT_PASSWORD_WRONG "current_password_wrong", N_("the current password is wrong")
#define MSG_NEW_PASSWORD_SAME "new_password_same", N_("the new password must differ from the current one")
#define MSG_PROTOCOL_VERSION "protocol_version", N_("protocol version %u not supported (server speaks %d)")
#define MSG_SUBSCRIPTION_NOT_YOURS "subscription_not_yours", N_("that subscription belongs to someone else")
#define MSG_USERNAME_TAKEN "username_taken", N_("username already taken")
#define MSG_USERNAME_FORMAT "username_format", N_("username: 2 to 64 characters of a-z, 0-9, '.', '-' or '_'")
#define MSG_ONLY_SUPERVISORS_COMPANY "only_supervisors_company", N_("only supervisors belong to a company")
#define MSG_SCHOOL_YEAR_RANGE "school_year_range", N_("school_year must be 2, 3, 4, 5 or 6 (Entree)")
#define MSG_MENTOR_NOT_MENTOR "mentor_not_mentor", N_("mentor_id is not a mentor")
#define MSG_CLASS_NAME_TAKEN "class_name_taken", N_("a class with that name exists")
#define MSG_DATE_OF_BIRTH_PAST "date_of_birth_past", N_("date_of_birth must be in the past")
#define MSG_SECTORS_RANGE "sectors_range", N_("sectors are numbered 1 to 10")
#define MSG_COHORT_FORMAT "cohort_format", N_("cohort must be a school year like 2025-2026")
#define MSG_PLACEMENT_NOT_RUNNING "placement_not_running", N_("the placement is not running")
#define MSG_PLACEMENT_ENDED "placement_ended", N_("the placement has ended already")
#define MSG_DROPOUT_DATE "dropout_date", N_("a dropout is reported on or after the day it happened")
#define MSG_SCHEDULE_BREAKS_LAW "schedule_breaks_law", N_("the schedule breaks the working-time rules for minors")
#define MSG_HOURS_BREAK_LAW "hours_break_law", N_("the hours recorded break the working-time rules for minors")
#define MSG_SCHEDULE_NEEDS_DAY "schedule_needs_day", N_("the weekly schedule needs at least one day")
#define MSG_SCHEDULE_WEEKDAY "schedule_weekday", N_("schedule: weekday must be 1..7, each at most once")
#define MSG_SCHEDULE_TIMES "schedule_times", N_("schedule: times are HH:MM")
#define MSG_SCHEDULE_END_AFTER_START "schedule_end_after_start", N_("schedule: a day must end after it starts")
#define MSG_END_BEFORE_START "end_before_start", N_("end_date is before start_date")
#define MSG_SUPERVISOR_NOT_OF_COMPANY "supervisor_not_of_company", N_("supervisor_id is not a supervisor of that company")
#define MSG_WORK_NOT_ALLOWED_AT_AGE "work_not_allowed_at_age", N_("the work is not allowed at the student's age")
#define MSG_SCHOOL_WEEK_TOO_MUCH "school_week_too_much", N_("the internship takes too much of the school week")
#define MSG_ENTREE_RECOGNISED_COMPANY "entree_recognised_company", N_("Entree needs a recognised training company")
#define MSG_CONTRACT_BEFORE_START "contract_before_start", N_("the contract must be complete and signed before the placement starts")
#define MSG_PLACEMENT_ALREADY "placement_already", N_("the placement is %s already")
#define MSG_ONLY_ACTIVE_COMPLETED "only_active_completed", N_("only an active placement can be completed (it is %s)")
#define MSG_CONTRACT_LOCKED "contract_locked", N_("the contract is locked (placement %s)")
#define MSG_SUPERVISOR_COMPANY_SIGNATURE "supervisor_company_signature", N_("a supervisor records only the company's signature")
#define MSG_PARTY_VALUES "party_values", N_("party is school, company, student or parent")
#define MSG_NO_CONTRACT_TO_SIGN "no_contract_to_sign", N_("there is no contract to sign yet")
#define MSG_NO_CONTRACT_TO_PRINT "no_contract_to_print", N_("there is no contract to print yet")
#define MSG_CONTRACT_INCOMPLETE "contract_incomplete", N_("the contract text is not complete; complete it first")
#define MSG_NO_PARENT_SIGNATURE_ADULT "no_parent_signature_adult", N_("no parent signature for an adult student")
#define MSG_WEEK_SIGNED "week_signed", N_("this week is signed already and cannot change")
#define MSG_WEEK_SIGNED_ALREADY "week_signed_already", N_("this week is signed already")
#define MSG_WEEK_NOT_SIGNED_BY_SUPERVISOR "week_not_signed_by_supervisor", N_("the supervisor has not signed this week yet")
#define MSG_WEEK_SIGNED_OFF_ALREADY "week_signed_off_already", N_("this week is signed off already")
#define MSG_WEEK_SIGNED_OFF "week_signed_off", N_("this week is signed off and no longer changes")
#define MSG_VISIT_AFTER "visit_after", N_("a visit is logged after it took place")
#define MSG_KIND_INTERIM_END "kind_interim_end", N_("kind must be interim or end")
#define MSG_VERDICT_VALUES "verdict_values", N_("verdict is positive or negative")
#define MSG_END_NEEDS_VERDICT "end_needs_verdict", N_("an end assessment needs a verdict: positive or negative")
#define MSG_NO_READINESS_CHECK "no_readiness_check", N_("no readiness check for this student yet")
#define MSG_NO_EXIT_RECORDED "no_exit_recorded", N_("no exit recorded for this student")
#define MSG_AFTERCARE_NOT_ACTIVE "aftercare_not_active", N_("aftercare is not active for this student")
#define MSG_CONTACT_AFTER "contact_after", N_("a contact is logged after it took place")
#define MSG_CONTACT_BEFORE_LEFT "contact_before_left", N_("the contact is dated before the student left school")
#define MSG_PARTNER_NAME_TAKEN "partner_name_taken", N_("a partner with this name exists already")
#define MSG_COHORT_LEFT_DATE "cohort_left_date", N_("cohort %s does not fit a left date of %s (%s)")
#define MSG_PARTNER_KIND_VALUES "partner_kind_values", N_("kind must be municipality, youth_desk, work_desk, mbo or day_care")
#define MSG_PROFILE_REQUIRED "profile_required", N_("profile is required: day care, (sheltered) work or learning")
#define MSG_SHELTERED_WORK_ONLY "sheltered_work_only", N_("sheltered applies to the work profile only")
#define MSG_INTERVIEW_BEFORE_LEAVING "interview_before_leaving", N_("the final interview is held before the student leaves")
#define MSG_WITH_WHOM_VALUES "with_whom_values", N_("with_whom must be former_student, parent, employer, follow_up_school, day_care or partner")
#define MSG_ONE_LINE_MAX "one_line_max", N_("%s: one line of at most %d bytes")
#define MSG_ENDS_EARLY_BY_DROPOUT "ends_early_by_dropout", N_("a placement ends early through a dropout report")
#define MSG_SIGNATURE_IN_FUTURE "signature_in_future", N_("a signature is recorded after it was given (date %s is in the future)")
#define MSG_SIGNATURE_BEFORE_SAVED "signature_before_saved", N_("date %s is before the contract text was saved (%s)")
#define MSG_LOCATIONS_COUNT "locations_count", N_("locations: name 1 to %d internship locations")
#define MSG_REASON_MIN_CHARS "reason_min_chars", N_("reason: explain in at least %d characters why")
#define MSG_STATUS_ACTIVE_COMPLETED "status_active_completed", N_("status is active or completed")
#define MSG_NO_SUCH_WARNING "no_such_warning", N_("this placement has no warning %s")
#define MSG_WARNING_ACCEPTED_ALREADY "warning_accepted_already", N_("warning %s is accepted already")
#define MSG_AFTER_SEQ_BEYOND "after_seq_beyond", N_("after_seq is beyond the newest event")
#define MSG_AT_MOST_TOPICS "at_most_topics", N_("at most %d topics")
#define MSG_TOPIC_NAME_LENGTH "topic_name_length", N_("topic names are 1 to %d characters")
#define MSG_DURABLE_NAME_FORMAT "durable_name_format", N_("durable_name: 1 to 63 of A-Z a-z 0-9 . - _")
#define MSG_ACK_FUTURE_EVENT "ack_future_event", N_("cannot acknowledge an event that does not exist yet")
#define MSG_ROLE_MAY_NOT_READ_GROUP "role_may_not_read_group", N_("%s may not read group sessions")
#define MSG_REFLECTION_AFTER "reflection_after", N_("a reflection interview is recorded after it took place")
#define MSG_SESSION_TODAY_OR_LATER "session_today_or_later", N_("a session is planned for today or later")
#define MSG_DAYS_AT_ONCE "days_at_once", N_("ask for at most %d days at once")
#define MSG_DAY_PART_VALUES "day_part_values", N_("day_part is morning or afternoon")
#define MSG_ENROL_NEEDS_DROPOUT "enrol_needs_dropout", N_("enrolment after a dropout needs a recorded dropout")
#define MSG_GROUP_CANNOT_TAKE "group_cannot_take", N_("the group internship cannot take this student")
#define MSG_MOVE_NEEDS_AGREEMENT "move_needs_agreement", N_("the move needs the agreement of parents and mentor")
#define MSG_SESSION_IN_PAST "session_in_past", N_("the session is in the past")
#define MSG_NO_GROUP_INTERNSHIP "no_group_internship", N_("the student has no group internship to reflect on")
#define MSG_BOOKED_ELSEWHERE "booked_elsewhere", N_("the student is booked elsewhere on %s (%s)")
#define MSG_ENROLLED_ALREADY "enrolled_already", N_("the student is enrolled in this session already")
#define MSG_CANNOT_JOIN_GROUP "cannot_join_group", N_("this student cannot join the group internship")
#define MSG_TO_BEFORE_FROM "to_before_from", N_("to_date is before from_date")
#define MSG_JUDGEMENT_VALUES "judgement_values", N_("a judgement is missing, negative or positive")
#define MSG_MEETING_AFTER "meeting_after", N_("a meeting is recorded after it took place")
#define MSG_ADVICE_VALUES "advice_values", N_("advice must be group or individual")
#define MSG_OVERRIDE_REASON "override_reason", N_("an override is for special cases: give a reason of at least %d characters")
#define MSG_RUN_READINESS_FIRST "run_readiness_first", N_("run the readiness check before overriding its advice")
#define MSG_LAW_FORBIDS_OVERRIDE "law_forbids_override", N_("the law does not allow this override")
#define MSG_MEETING_TOO_OLD "meeting_too_old", N_("the meeting date is more than two years ago")
#define MSG_HOME_UNKNOWN "home_unknown", N_("the student's home location is not known")
#define MSG_SECTOR_OR_OWN "sector_or_own", N_("sector is 1..10 (or 0 for the student's own)")
#define MSG_MAX_KM_RANGE "max_km_range", N_("max_km is 0 (the cycling distance) up to %.0f km")
#define MSG_PLANNED_START_RANGE "planned_start_range", N_("planned_start must lie between a year ago and three years ahead")
#define MSG_ENTREE_HOURS_ENTREE_ONLY "entree_hours_entree_only", N_("Entree hours are counted for Entree students only")
#define MSG_NOT_ENTREE_YEAR "not_entree_year", N_("the student is not in the Entree year")
#define MSG_APPROVED_FINAL "approved_final", N_("an approved assignment is final")
#define MSG_ONLY_SUBMITTED_APPROVED "only_submitted_approved", N_("only a submitted assignment can be approved")
#define MSG_ONLY_COACH_APPROVES "only_coach_approves", N_("only the coach approves an assignment; a supervisor moves it up to submitted")
#define MSG_ASSIGNMENT_BACK "assignment_back", N_("an assignment cannot go from %s back to %s")
#define MSG_ASSIGNMENT_STATUS_VALUES "assignment_status_values", N_("status is open, in_progress, submitted or approved")
#define MSG_TITLE_ONE_LINE "title_one_line", N_("title is one line")
#define MSG_COACH_OR_COMPANY_SETS "coach_or_company_sets", N_("the coach or the company sets the assignments")
#define MSG_STUDENT_NOTES_STATUS "student_notes_status", N_("a student writes notes and moves the status, not the title")
#define MSG_PERIOD_VALUES "period_values", N_("period is 1, 2 or 3")
#define MSG_NUMBER_VALUES "number_values", N_("number is 1 or 2 (two assignments per period)")
#define MSG_NO_ASSIGNMENT_PERIODS "no_assignment_periods", N_("this internship has no periods with assignments")
#define MSG_PERIOD_HAS_ASSIGNMENT "period_has_assignment", N_("period %u already has assignment %u")
#define MSG_PERIOD_NUMBER_FIXED "period_number_fixed", N_("period and number of an assignment do not change")
#define MSG_ADVICE_ON_OR_AFTER "advice_on_or_after", N_("an advice is recorded on or after the day it was given")
#define MSG_STOP_NEEDS_NOTES "stop_needs_notes", N_("notes are required with an advice to stop (say why)")
#define MSG_BSA_IN_DECEMBER "bsa_in_december", N_("the binding study advice is given in December")
#define MSG_BSA_EXISTS "bsa_exists", N_("this student has a binding study advice for that December")
#define MSG_RESULT_VALUES "result_values", N_("result is passed or failed")
#define MSG_RESULT_RECORDED "result_recorded", N_("the result of this exam is recorded already")
#define MSG_EXAM_TODAY_OR_LATER "exam_today_or_later", N_("an exam is planned for today or later")
#define MSG_RESULT_NEEDS_SESSION "result_needs_session", N_("a result is recorded on a planned session (give its id)")
#define MSG_NOT_ENTREE_INTERNSHIP "not_entree_internship", N_("this is not an Entree internship")
#define MSG_EXAM_IN_MAY "exam_in_may", N_("the practical exam is held in May")
#define MSG_EXAM_EXISTS "exam_exists", N_("an exam is planned or passed on this placement already (a new one only after a failed one)")
#define MSG_EXAM_CONDITIONS "exam_conditions", N_("the student does not meet the exam conditions")
#define MSG_INTERNAL_AT_CANTEEN "internal_at_canteen", N_("an internal internship takes place at the school's own canteen (a company registered as internal)")
#define MSG_SCHEDULE_BREAK "schedule_break", N_("schedule: the break is at most 4 hours and shorter than the day")
#define MSG_SECTOR_OR_NONE "sector_or_none", N_("sector is 1..10 (or 0 for none)")
#define MSG_START_END_FORMAT "start_end_format", N_("start_date and end_date must be YYYY-MM-DD")
#define MSG_SCHEDULE_MAX_DAYS "schedule_max_days", N_("the weekly schedule has at most 7 days")
#define MSG_COMPANY_VISIT_FUTURE "company_visit_future", N_("a company visit is planned, not in the past")
#define MSG_SCHOOL_YEAR_NAME_TAKEN "school_year_name_taken", N_("a school year named %s exists")
#define MSG_SUPPORT_COACH_NEEDS_NEED "support_coach_needs_need", N_("a support coach is only for a student with a support need")
#define MSG_TEST_BEFORE_TAKEN "test_before_taken", N_("a test cannot be recorded before it is taken")
#define MSG_COMPANY_VISITS_YEAR_2 "company_visits_year_2", N_("company visits are for year-2 students")
#define MSG_SIGNED_UP_ALREADY "signed_up_already", N_("the student is signed up already")
#define MSG_COMPANY_VISIT_TAKEN_PLACE "company_visit_taken_place", N_("this company visit has taken place already")
#define MSG_COMPANY_VISIT_FULL "company_visit_full", N_("this company visit is full (%d places)")
#define MSG_SCHOOL_YEAR_OVERLAP "school_year_overlap", N_("the school year overlaps another school year")
#define MSG_REFLECTION_WEEK_BEGUN "reflection_week_begun", N_("a reflection is written on a week that has begun")
#define MSG_WEEK_MAX_DAYS "week_max_days", N_("a week has at most 7 days")
#define MSG_DAY_TWICE "day_twice", N_("day %s appears twice")
#define MSG_DAY_NOT_IN_WEEK "day_not_in_week", N_("day %s is not in the week of %s")
#define MSG_DAY_OUTSIDE_PLACEMENT "day_outside_placement", N_("day %s is outside the placement")
#define MSG_DAY_MORE_THAN_24 "day_more_than_24", N_("day %s: more than 24 hours")
#define MSG_WEEK_OUTSIDE_PLACEMENT "week_outside_placement", N_("the week is outside the placement")
#define MSG_RATE_FIVE_AREAS "rate_five_areas", N_("rate all five competence areas (persoonlijk, arbeid, sociaal, onderzoek, leren) from 1 to 5")
#define MSG_PERIOD_OR_NONE "period_or_none", N_("period is 1, 2 or 3 (0 when the internship has none)")
#define MSG_ASPECT_TWICE "aspect_twice", N_("aspect '%s' appears twice")
#define MSG_ASPECT_RATING "aspect_rating", N_("aspect '%s': rating from 1 to 5")
#define MSG_AT_MOST_ASPECTS "at_most_aspects", N_("at most %d aspects")
#define MSG_DOB_SUPERVISORS_ONLY "dob_supervisors_only", N_("a date of birth is recorded for supervisors only")
#define MSG_RECOGNISED_NEEDS_NUMBER "recognised_needs_number", N_("a recognised training company needs its registration number")
#define MSG_DOB_PAST_FORMAT "dob_past_format", N_("date_of_birth must be a past date, YYYY-MM-DD")
#define MSG_LAT_LON_RANGE "lat_lon_range", N_("latitude/longitude out of range")
#define MSG_PLACES_CAPACITY_MAX "places_capacity_max", N_("places and supervision_capacity: at most 1000")
#define MSG_USERNAME_FORMAT_SHORT "username_format_short", N_("username: 2 to 64 characters of a-z, 0-9, . - _")
#define MSG_RULE_ID_MAX "rule_id_max", N_("rule_id is at most %d bytes")
#define MSG_AFTER_SEQ_BEYOND_NEWEST "after_seq_beyond_newest", N_("after_seq %llu is beyond the newest event (%lld)")
#define MSG_LOCATION_ONE_LINE "location_one_line", N_("location and address are one line each (location at most 200 bytes)")
#define MSG_GROUP_CAPACITY_MAX "group_capacity_max", N_("capacity is at most %d per day part (0 = %d)")
#define MSG_ENROL_ONE_BY_ONE "enrol_one_by_one", N_("students are enrolled one by one (EnrolGroupSession)")
#define MSG_GROUP_SESSION_EXISTS "group_session_exists", N_("%s already has a %s session on %s")
#define MSG_REASON_NOT_UTF8 "reason_not_utf8", N_("reason is not valid UTF-8")
#define MSG_AT_MOST_HOLIDAYS "at_most_holidays", N_("at most %d holidays")
#define MSG_HOLIDAY_DATES "holiday_dates", N_("holiday %zu: dates must be YYYY-MM-DD")
#define MSG_SUPPORT_COACH_NOT_ACTIVE "support_coach_not_active", N_("support_coach_id is not an active support coach")
#define MSG_HOME_LAT_LON_RANGE "home_lat_lon_range", N_("home latitude must be -90..90 and longitude -180..180")
#define MSG_SECTORS_OR_NONE "sectors_or_none", N_("sectors are numbered 1 to 10 (0 = none)")
#define MSG_PROVISIONAL_SECTORS_DIFFER "provisional_sectors_differ", N_("the two provisional sectors must differ")
#define MSG_SWITCH_NEEDS_BOTH "switch_needs_both", N_("a sector switch needs both the sector and its date")
#define MSG_SWITCH_DATE_THIS_YEAR "switch_date_this_year", N_("the sector switch date must lie in the current school year")
#define MSG_SECTOR_SCORES_COUNT "sector_scores_count", N_("give 1 to 10 sector scores")
#define MSG_SCORE_SECTOR_RANGE "score_sector_range", N_("score %zu: sectors are numbered 1 to 10")
#define MSG_SECTOR_SCORED_TWICE "sector_scored_twice", N_("sector %u is scored twice")
#define MSG_SECTOR_SCORE_RANGE "sector_score_range", N_("sector %u: scores are 0 to 100")
#define MSG_INTERVIEW_BEFORE_HELD "interview_before_held", N_("the interview cannot be recorded before it is held")
#define MSG_INTERVIEW_NOTES_DATE "interview_notes_date", N_("interview notes need the interview_date")
#define MSG_COACH_OWN_INTERVIEW "coach_own_interview", N_("a coach records his/her own interview; leave coach_id empty or give your own id")
#define MSG_COACH_NOT_ACTIVE "coach_not_active", N_("coach_id is not an active coach")
#define MSG_INTERVIEW_WITH_COACH "interview_with_coach", N_("the interview is held with a coach: give coach_id")
#define MSG_VISIT_CAPACITY_RANGE "visit_capacity_range", N_("capacity must be 1 to %d")
#define MSG_DAY_DATE_FORMAT "day_date_format", N_("day %zu: date must be YYYY-MM-DD")
#define MSG_PRESENT_COUNT "present_count", N_("present: name 1 to %d people")
#define MSG_PRESENT_ENTRY "present_entry", N_("present: each entry 1 to 120 characters, one line")
#define MSG_ASPECT_NAME_LENGTH "aspect_name_length", N_("aspect %zu: a name of 1 to %d characters")
#define MSG_WORK_KIND_LIMITS "work_kind_limits", N_("work_kind: lift_kg at most 500, push_pull_kgf at most 1000, days_since_pesticide at most 3650")
/* clang-format on */

typedef struct {
    const char *code;   /* stable, lower case: "no_such_student" */
    const char *format; /* English printf format; every conversion is one parameter */
    /* How a client shows each parameter, comma separated in the order of the conversions:
     * "" as sent, or the enum whose value the parameter is: "role", "placement_status",
     * "assignment_status", "day_part" (the client shows it in the user's words). */
    const char *param_kinds;
} sl_message;

/* Every message; *count gets their number. */
const sl_message *sl_messages(size_t *count);
/* The message with this code, or NULL (a code from a newer server). */
const sl_message *sl_message_find(const char *code);

/* The number of parameters `format` takes (its conversions, %% not counted), or -1 when it
 * uses a conversion this module cannot turn into text (only d i u ld lu lld llu zu s f with
 * flags, width and precision are supported). */
int sl_message_param_count(const char *format);

/* Formats each argument of `ap` (as `format` describes them) into params[i], at most
 * SL_MESSAGE_MAX_PARAMS; returns how many, or -1 for an unsupported format. `ap` is consumed. */
int sl_message_params(const char *format, va_list ap, char params[][SL_MESSAGE_PARAM_LEN]);

/* Renders `format` (a translation of a message format: the same conversions, possibly as
 * positional "%2$s") with the parameters as text: each conversion is replaced by its
 * parameter, a missing parameter by "?". Writes at most outlen bytes including the NUL and
 * returns out. */
char *sl_message_render(const char *format, const char *const *params, size_t n_params, char *out,
                        size_t outlen);

#endif
