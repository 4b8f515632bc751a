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
/* clang-format on */

typedef struct {
    const char *code;   /* stable, lower case: "no_such_student" */
    const char *format; /* English printf format; every conversion is one parameter */
    /* How a client shows each parameter, comma separated in the order of the conversions:
     * "" as sent, "role" a Role value, "placement_status" a PlacementStatus value. */
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
