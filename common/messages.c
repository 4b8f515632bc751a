#include "messages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The catalogue context of every detail format (DN_ in messages.h). */
#define SERVER_TEXT "server text"

static const sl_message messages[] = {
    {MSG_LOG_IN_FIRST, ""},
    {MSG_SESSION_ENDED, ""},
    {MSG_CHANGE_ONE_TIME_PASSWORD, ""},
    {MSG_SERVER_STOPPING, ""},
    {MSG_DATABASE_UNAVAILABLE, ""},
    {MSG_CHANGE_NOT_STORED, ""},
    {MSG_DATABASE_ERROR, ""},
    {MSG_OUT_OF_MEMORY, ""},
    {MSG_UNKNOWN_REQUEST, ""},
    {MSG_REPLY_TOO_LARGE, ""},
    {MSG_FIELD_REQUIRED, ""},
    {MSG_FIELD_TOO_LONG, ""},
    {MSG_INVALID_ID, ""},
    {MSG_DATE_FIELD_FORMAT, ""},
    {MSG_WEEK_START_MONDAY, ""},
    {MSG_ROLE_MAY_NOT, "role,"},
    {MSG_KIOSK_OWN_COMPANY, ""},
    {MSG_NO_SUCH_STUDENT, ""},
    {MSG_NO_SUCH_PLACEMENT, ""},
    {MSG_NO_SUCH_CLASS, ""},
    {MSG_NO_SUCH_AGENDA_WEEK, ""},
    {MSG_NO_SUCH_COMPANY, ""},
    {MSG_NO_SUCH_COACH, ""},
    {MSG_NO_SUCH_PARTNER, ""},
    {MSG_NO_SUCH_GROUP_SESSION, ""},
    {MSG_NO_SUCH_COMPANY_VISIT, ""},
    {MSG_NO_SUCH_SCHOOL_YEAR, ""},
    {MSG_NO_SUCH_SUBSCRIPTION, ""},
    {MSG_NO_SUCH_ASSIGNMENT, ""},
    {MSG_NO_SUCH_EXAM_SESSION, ""},
    {MSG_STUDENT_VANISHED, ""},
    {MSG_PLACEMENT_VANISHED, ""},
    {MSG_USER_VANISHED, ""},
    {MSG_CANNOT_HASH_PASSWORD, ""},
    {MSG_WRONG_PASSWORD, ""},
    {MSG_TOO_MANY_FAILED_LOGINS, ""},
    {MSG_TOO_MANY_LOGINS, ""},
    {MSG_NEW_PASSWORD_TOO_SHORT, ""},
    {MSG_PASSWORD_TOO_SHORT, ""},
    {MSG_CURRENT_PASSWORD_WRONG, ""},
    {MSG_NEW_PASSWORD_SAME, ""},
    {MSG_PROTOCOL_VERSION, ""},
    {MSG_SUBSCRIPTION_NOT_YOURS, ""},
    {MSG_USERNAME_TAKEN, ""},
    {MSG_USERNAME_FORMAT, ""},
    {MSG_ONLY_SUPERVISORS_COMPANY, ""},
    {MSG_SCHOOL_YEAR_RANGE, ""},
    {MSG_MENTOR_NOT_MENTOR, ""},
    {MSG_CLASS_NAME_TAKEN, ""},
    {MSG_DATE_OF_BIRTH_PAST, ""},
    {MSG_SECTORS_RANGE, ""},
    {MSG_COHORT_FORMAT, ""},
    {MSG_PLACEMENT_NOT_RUNNING, ""},
    {MSG_PLACEMENT_ENDED, ""},
    {MSG_DROPOUT_DATE, ""},
    {MSG_SCHEDULE_BREAKS_LAW, ""},
    {MSG_HOURS_BREAK_LAW, ""},
    {MSG_SCHEDULE_NEEDS_DAY, ""},
    {MSG_SCHEDULE_WEEKDAY, ""},
    {MSG_SCHEDULE_TIMES, ""},
    {MSG_SCHEDULE_END_AFTER_START, ""},
    {MSG_END_BEFORE_START, ""},
    {MSG_SUPERVISOR_NOT_OF_COMPANY, ""},
    {MSG_WORK_NOT_ALLOWED_AT_AGE, ""},
    {MSG_SCHOOL_WEEK_TOO_MUCH, ""},
    {MSG_ENTREE_RECOGNISED_COMPANY, ""},
    {MSG_CONTRACT_BEFORE_START, ""},
    {MSG_PLACEMENT_ALREADY, "placement_status"},
    {MSG_ONLY_ACTIVE_COMPLETED, "placement_status"},
    {MSG_CONTRACT_LOCKED, "placement_status"},
    {MSG_SUPERVISOR_COMPANY_SIGNATURE, ""},
    {MSG_PARTY_VALUES, ""},
    {MSG_NO_CONTRACT_TO_SIGN, ""},
    {MSG_NO_CONTRACT_TO_PRINT, ""},
    {MSG_CONTRACT_INCOMPLETE, ""},
    {MSG_NO_PARENT_SIGNATURE_ADULT, ""},
    {MSG_WEEK_SIGNED, ""},
    {MSG_WEEK_SIGNED_ALREADY, ""},
    {MSG_WEEK_NOT_SIGNED_BY_SUPERVISOR, ""},
    {MSG_WEEK_SIGNED_OFF_ALREADY, ""},
    {MSG_WEEK_SIGNED_OFF, ""},
    {MSG_VISIT_AFTER, ""},
    {MSG_KIND_INTERIM_END, ""},
    {MSG_VERDICT_VALUES, ""},
    {MSG_END_NEEDS_VERDICT, ""},
    {MSG_NO_READINESS_CHECK, ""},
    {MSG_NO_EXIT_RECORDED, ""},
    {MSG_AFTERCARE_NOT_ACTIVE, ""},
    {MSG_CONTACT_AFTER, ""},
    {MSG_CONTACT_BEFORE_LEFT, ""},
    {MSG_PARTNER_NAME_TAKEN, ""},
    {MSG_COHORT_LEFT_DATE, ""},
    {MSG_PARTNER_KIND_VALUES, ""},
    {MSG_PROFILE_REQUIRED, ""},
    {MSG_SHELTERED_WORK_ONLY, ""},
    {MSG_INTERVIEW_BEFORE_LEAVING, ""},
    {MSG_WITH_WHOM_VALUES, ""},
    {MSG_ONE_LINE_MAX, ""},
    {MSG_ENDS_EARLY_BY_DROPOUT, ""},
    {MSG_SIGNATURE_IN_FUTURE, ""},
    {MSG_SIGNATURE_BEFORE_SAVED, ""},
    {MSG_LOCATIONS_COUNT, ""},
    {MSG_REASON_MIN_CHARS, ""},
    {MSG_STATUS_ACTIVE_COMPLETED, ""},
    {MSG_NO_SUCH_WARNING, ""},
    {MSG_WARNING_ACCEPTED_ALREADY, ""},
    {MSG_AFTER_SEQ_BEYOND, ""},
    {MSG_AT_MOST_TOPICS, ""},
    {MSG_TOPIC_NAME_LENGTH, ""},
    {MSG_DURABLE_NAME_FORMAT, ""},
    {MSG_ACK_FUTURE_EVENT, ""},
    {MSG_ROLE_MAY_NOT_READ_GROUP, "role"},
    {MSG_REFLECTION_AFTER, ""},
    {MSG_SESSION_TODAY_OR_LATER, ""},
    {MSG_DAYS_AT_ONCE, ""},
    {MSG_DAY_PART_VALUES, ""},
    {MSG_ENROL_NEEDS_DROPOUT, ""},
    {MSG_GROUP_CANNOT_TAKE, ""},
    {MSG_MOVE_NEEDS_AGREEMENT, ""},
    {MSG_SESSION_IN_PAST, ""},
    {MSG_NO_GROUP_INTERNSHIP, ""},
    {MSG_BOOKED_ELSEWHERE, ",day_part"},
    {MSG_ENROLLED_ALREADY, ""},
    {MSG_CANNOT_JOIN_GROUP, ""},
    {MSG_TO_BEFORE_FROM, ""},
    {MSG_JUDGEMENT_VALUES, ""},
    {MSG_MEETING_AFTER, ""},
    {MSG_ADVICE_VALUES, ""},
    {MSG_OVERRIDE_REASON, ""},
    {MSG_RUN_READINESS_FIRST, ""},
    {MSG_LAW_FORBIDS_OVERRIDE, ""},
    {MSG_MEETING_TOO_OLD, ""},
    {MSG_HOME_UNKNOWN, ""},
    {MSG_SECTOR_OR_OWN, ""},
    {MSG_MAX_KM_RANGE, ""},
    {MSG_PLANNED_START_RANGE, ""},
    {MSG_ENTREE_HOURS_ENTREE_ONLY, ""},
    {MSG_NOT_ENTREE_YEAR, ""},
    {MSG_APPROVED_FINAL, ""},
    {MSG_ONLY_SUBMITTED_APPROVED, ""},
    {MSG_ONLY_COACH_APPROVES, ""},
    {MSG_ASSIGNMENT_BACK, "assignment_status,assignment_status"},
    {MSG_ASSIGNMENT_STATUS_VALUES, ""},
    {MSG_TITLE_ONE_LINE, ""},
    {MSG_COACH_OR_COMPANY_SETS, ""},
    {MSG_STUDENT_NOTES_STATUS, ""},
    {MSG_PERIOD_VALUES, ""},
    {MSG_NUMBER_VALUES, ""},
    {MSG_NO_ASSIGNMENT_PERIODS, ""},
    {MSG_PERIOD_HAS_ASSIGNMENT, ""},
    {MSG_PERIOD_NUMBER_FIXED, ""},
    {MSG_ADVICE_ON_OR_AFTER, ""},
    {MSG_STOP_NEEDS_NOTES, ""},
    {MSG_BSA_IN_DECEMBER, ""},
    {MSG_BSA_EXISTS, ""},
    {MSG_RESULT_VALUES, ""},
    {MSG_RESULT_RECORDED, ""},
    {MSG_EXAM_TODAY_OR_LATER, ""},
    {MSG_RESULT_NEEDS_SESSION, ""},
    {MSG_NOT_ENTREE_INTERNSHIP, ""},
    {MSG_EXAM_IN_MAY, ""},
    {MSG_EXAM_EXISTS, ""},
    {MSG_EXAM_CONDITIONS, ""},
    {MSG_INTERNAL_AT_CANTEEN, ""},
    {MSG_SCHEDULE_BREAK, ""},
    {MSG_SECTOR_OR_NONE, ""},
    {MSG_START_END_FORMAT, ""},
    {MSG_SCHEDULE_MAX_DAYS, ""},
    {MSG_COMPANY_VISIT_FUTURE, ""},
    {MSG_SCHOOL_YEAR_NAME_TAKEN, ""},
    {MSG_SUPPORT_COACH_NEEDS_NEED, ""},
    {MSG_TEST_BEFORE_TAKEN, ""},
    {MSG_COMPANY_VISITS_YEAR_2, ""},
    {MSG_SIGNED_UP_ALREADY, ""},
    {MSG_COMPANY_VISIT_TAKEN_PLACE, ""},
    {MSG_COMPANY_VISIT_FULL, ""},
    {MSG_SCHOOL_YEAR_OVERLAP, ""},
    {MSG_REFLECTION_WEEK_BEGUN, ""},
    {MSG_WEEK_MAX_DAYS, ""},
    {MSG_DAY_TWICE, ""},
    {MSG_DAY_NOT_IN_WEEK, ""},
    {MSG_DAY_OUTSIDE_PLACEMENT, ""},
    {MSG_DAY_MORE_THAN_24, ""},
    {MSG_WEEK_OUTSIDE_PLACEMENT, ""},
    {MSG_RATE_FIVE_AREAS, ""},
    {MSG_PERIOD_OR_NONE, ""},
    {MSG_ASPECT_TWICE, ""},
    {MSG_ASPECT_RATING, ""},
    {MSG_AT_MOST_ASPECTS, ""},
    {MSG_DOB_SUPERVISORS_ONLY, ""},
    {MSG_RECOGNISED_NEEDS_NUMBER, ""},
    {MSG_DOB_PAST_FORMAT, ""},
    {MSG_LAT_LON_RANGE, ""},
    {MSG_PLACES_CAPACITY_MAX, ""},
    {MSG_USERNAME_FORMAT_SHORT, ""},
    {MSG_RULE_ID_MAX, ""},
    {MSG_AFTER_SEQ_BEYOND_NEWEST, ""},
    {MSG_LOCATION_ONE_LINE, ""},
    {MSG_GROUP_CAPACITY_MAX, ""},
    {MSG_ENROL_ONE_BY_ONE, ""},
    {MSG_GROUP_SESSION_EXISTS, ",day_part,"},
    {MSG_REASON_NOT_UTF8, ""},
    {MSG_AT_MOST_HOLIDAYS, ""},
    {MSG_HOLIDAY_DATES, ""},
    {MSG_SUPPORT_COACH_NOT_ACTIVE, ""},
    {MSG_HOME_LAT_LON_RANGE, ""},
    {MSG_SECTORS_OR_NONE, ""},
    {MSG_PROVISIONAL_SECTORS_DIFFER, ""},
    {MSG_SWITCH_NEEDS_BOTH, ""},
    {MSG_SWITCH_DATE_THIS_YEAR, ""},
    {MSG_SECTOR_SCORES_COUNT, ""},
    {MSG_SCORE_SECTOR_RANGE, ""},
    {MSG_SECTOR_SCORED_TWICE, ""},
    {MSG_SECTOR_SCORE_RANGE, ""},
    {MSG_INTERVIEW_BEFORE_HELD, ""},
    {MSG_INTERVIEW_NOTES_DATE, ""},
    {MSG_COACH_OWN_INTERVIEW, ""},
    {MSG_COACH_NOT_ACTIVE, ""},
    {MSG_INTERVIEW_WITH_COACH, ""},
    {MSG_VISIT_CAPACITY_RANGE, ""},
    {MSG_DAY_DATE_FORMAT, ""},
    {MSG_PRESENT_COUNT, ""},
    {MSG_PRESENT_ENTRY, ""},
    {MSG_ASPECT_NAME_LENGTH, ""},
    {MSG_WORK_KIND_LIMITS, ""},
    {MSG_CANNOT_ACCEPT_THE_WARNING, ""},
    {MSG_CANNOT_BUILD_THE_DOCUMENT, ""},
    {MSG_CANNOT_CHANGE_THE_PLACEMENT_S_STATUS, ""},
    {MSG_CANNOT_CREATE_CLASS, ""},
    {MSG_CANNOT_CREATE_COMPANY, ""},
    {MSG_CANNOT_CREATE_PLACEMENT, ""},
    {MSG_CANNOT_CREATE_SESSION, ""},
    {MSG_CANNOT_CREATE_STUDENT_LOGIN, ""},
    {MSG_CANNOT_CREATE_STUDENT, ""},
    {MSG_CANNOT_CREATE_SUBSCRIPTION, ""},
    {MSG_CANNOT_CREATE_THE_COMPANY_VISIT, ""},
    {MSG_CANNOT_CREATE_THE_PARTNER, ""},
    {MSG_CANNOT_CREATE_THE_SESSION, ""},
    {MSG_CANNOT_CREATE_USER, ""},
    {MSG_CANNOT_ENROL_THE_STUDENT, ""},
    {MSG_CANNOT_LOG_THE_AFTERCARE_CONTACT, ""},
    {MSG_CANNOT_LOG_THE_VISIT, ""},
    {MSG_CANNOT_PLAN_THE_EXAM, ""},
    {MSG_CANNOT_RECORD_THE_ADVICE, ""},
    {MSG_CANNOT_RECORD_THE_DROPOUT, ""},
    /* dropout */
    {MSG_DROPOUT_REPORTED_VIA, ""},
    {MSG_NO_OPEN_DROPOUT_CASE, ""},
    {MSG_DROPOUT_STEP_DATE, ""},
    {MSG_DROPOUT_STEP_REFUSED, ""},
    {MSG_CANNOT_RECORD_THE_STEP, ""},
    {MSG_CANNOT_SCAN_RISK, ""},
    {MSG_CANNOT_RECORD_THE_EXIT, ""},
    {MSG_CANNOT_RECORD_THE_INTEREST_TEST, ""},
    {MSG_CANNOT_RECORD_THE_MEETING, ""},
    {MSG_CANNOT_RECORD_THE_REFLECTION, ""},
    {MSG_CANNOT_RECORD_THE_RESULT, ""},
    {MSG_CANNOT_RECORD_THE_SIGNATURE, ""},
    {MSG_CANNOT_SAVE_THE_AGENDA_WEEK, ""},
    {MSG_CANNOT_SAVE_THE_ASSESSMENT, ""},
    {MSG_CANNOT_SAVE_THE_ASSIGNMENT, ""},
    {MSG_CANNOT_SAVE_THE_CONTRACT, ""},
    {MSG_CANNOT_SAVE_THE_ORIENTATION, ""},
    {MSG_CANNOT_SAVE_THE_OVERRIDE, ""},
    {MSG_CANNOT_SAVE_THE_READINESS_CHECK, ""},
    {MSG_CANNOT_SAVE_THE_REFLECTION, ""},
    {MSG_CANNOT_SAVE_THE_SCHOOL_YEAR, ""},
    {MSG_CANNOT_SIGN_UP, ""},
    {MSG_CANNOT_SIGN, ""},
    {MSG_CANNOT_UPDATE_THE_STUDENT, ""},
    {MSG_AGENDA_WEEK_VANISHED, ""},
    {MSG_ASSIGNMENT_VANISHED, ""},
    {MSG_COMPANY_VANISHED, ""},
    {MSG_COMPANY_VISIT_VANISHED, ""},
    {MSG_EXAM_SESSION_VANISHED, ""},
    {MSG_EXIT_RECORD_VANISHED, ""},
    {MSG_GROUP_SESSION_VANISHED, ""},
    {MSG_SCHOOL_YEAR_VANISHED, ""},
    {MSG_STORED_DATE_OF_BIRTH_UNREADABLE, ""},
    {MSG_STORED_LEFT_DATE_UNREADABLE, ""},
    {MSG_STORED_PLACEMENT_DATES_UNREADABLE, ""},
    {MSG_STORED_SESSION_DATE_UNREADABLE, ""},
    {MSG_STORED_VISIT_DATE_UNREADABLE, ""},
    /* trustdomain */
    {MSG_YEAR3_ONLY, ""},
    {MSG_YEAR3_KIND_VALUES, ""},
    {MSG_YEAR3_RESULT_VALUES, ""},
    {MSG_YEAR3_NEEDS_PLACEMENT, ""},
    {MSG_NOT_A_YEAR3_PLACEMENT, ""},
    {MSG_CANNOT_RECORD_YEAR3, ""},
    {MSG_TRAINING_STATUS_VALUES, ""},
    {MSG_TRAINING_NOT_SENT_AWAY, ""},
    {MSG_TRAINING_NOT_THIS_DROPOUT, ""},
    {MSG_TRAINING_BEFORE_DROPOUT, ""},
    {MSG_TRAINING_END_NEEDS_DATE, ""},
    {MSG_TRAINING_PLANNED_NO_END, ""},
    {MSG_TRAINING_ENDED, ""},
    {MSG_NO_SUCH_TRAINING, ""},
    {MSG_CANNOT_SAVE_TRAINING, ""},
    /* clocking and hours (the kiosk) */
    {MSG_CLOCK_ON_KIOSK, ""},
    {MSG_CLOCK_OTHER_COMPANY, ""},
    {MSG_CLOCK_DAY_NOT_COVERED, ""},
    {MSG_CLOCK_ALREADY_IN, ""},
    {MSG_CLOCK_NOT_IN, ""},
    {MSG_CLOCK_OUT_BEFORE_IN, ""},
    {MSG_CLOCK_SHIFT_TOO_LONG, ""},
    {MSG_CLOCK_OVERLAP, ""},
    {MSG_CLOCK_TIME_RANGE, ""},
    {MSG_WEEK_SIGNED_CORRECT, ""},
    {MSG_WEEK_INCOMPLETE, ""},
    {MSG_CORRECTION_REASON, ""},
    {MSG_NO_SUCH_CLOCK_RECORD, ""},
    {MSG_CLOCK_CORRECTION_TIMES, ""},
    {MSG_ABSENCE_KIND, ""},
    {MSG_ABSENCE_DATES, ""},
    {MSG_NO_PLACEMENT_THAT_WEEK, ""},
    {MSG_CANNOT_SAVE_CLOCKING, ""},
    {MSG_CANNOT_SAVE_CORRECTION, ""},
    {MSG_CANNOT_SAVE_ABSENCE, ""},
    {MSG_NO_SCHOOL_YEAR_ON, ""},
    /* kiosk PIN (issue 8) */
    {MSG_PIN_KIOSK_ONLY, ""},
    {MSG_WRONG_PIN, ""},
    {MSG_PIN_LOCKED, ""},
    {MSG_PIN_DEVICE_LOCKED, ""},
    {MSG_PIN_FORM, ""},
    {MSG_PIN_TRIVIAL, ""},
    {MSG_STUDENT_HAS_NO_LOGIN, ""},
    {MSG_PIN_SESSION_KIOSK_ONLY, ""},
    /* assessment versions (issue 8) */
    {MSG_NO_SUCH_ASSESSMENT, ""},
    {MSG_NO_SUCH_ASSESSMENT_DRAFT, ""},
    {MSG_ASSESSMENT_IS_SUBMITTED, ""},
    {MSG_REVISION_DRAFTED_ALREADY, ""},
    {MSG_DRAFT_REVISES_OTHER, ""},
    /* learning goals and the student's own rating (issue 7 item 10) */
    {MSG_GOAL_KIND, ""},
    {MSG_LEARNING_GOAL_IN_ADVANCE, ""},
    {MSG_PERSONAL_GOAL_AGREED_ON, ""},
    {MSG_NO_SUCH_GOAL, ""},
    {MSG_GOAL_RATED_ALREADY, ""},
    {MSG_GOAL_NOT_RATED, ""},
    {MSG_GOAL_RATING, ""},
    {MSG_GOAL_TWICE, ""},
    {MSG_SELF_RATING_PERIOD, ""},
    /* the inbox (issue 9, notifications) */
    {MSG_NO_SUCH_NOTIFICATION, ""},
    {MSG_ACK_WHICH, ""},
    {MSG_INBOX_OFFSET, ""},
    {MSG_INBOX_STATE, ""},
    {MSG_AT_MOST_ACKS, ""},
    /* trustout */
    {MSG_LIFECYCLE_NOT_POSSIBLE, "placement_status,"},
    {MSG_SUBMISSION_ID_INVALID, ""},
    {MSG_SUBMISSION_ID_REUSED, ""},
    {MSG_SUBMISSION_UNREADABLE, ""},
    {MSG_SUBMISSION_TOO_LARGE, ""},
    {MSG_SUBMISSION_NOT_KEPT, ""},
    {MSG_BEFORE_SEQ_ABOVE_AFTER, ""},
    {MSG_NOTIFICATION_OFFSET_MAX, ""},
    {MSG_NO_PLACE_FOR_PLACEMENT, ""},
    {MSG_WARNINGS_NOT_STORED, ""},
    {MSG_BREAK_PARTS_MAX, ""},
    {MSG_BREAK_PART_RANGE, ""},
    {MSG_BREAK_PARTS_SUM, ""},
    {MSG_SUNDAY_GROUND_UNKNOWN, ""},
    {MSG_SCHEDULE_WITH_OTHERS_BREAKS_LAW, ""},
    {MSG_DAY_BREAK_PARTS_NEED_RECORDED, ""},
    {MSG_DAY_BREAK_PARTS_MAX, ""},
    {MSG_DAY_BREAK_PART_RANGE, ""},
    {MSG_STORED_WEEK_START_UNREADABLE, ""},
    {MSG_STORED_END_DATE_UNREADABLE, ""},
    {MSG_STORED_EXAM_DATE_UNREADABLE, ""},
    {MSG_INTERIM_NEEDS_PERIOD, ""},
    {MSG_NO_INTERIM_ON_STATE, "placement_status,"},
    {MSG_NO_END_ON_STATE, "placement_status,"},
    {MSG_PERIOD_ASSESSED, ""},
    {MSG_END_ASSESSMENT_WINDOW, ""},
    {MSG_WORKING_TIME_UNREADABLE, ""},
    {MSG_CANNOT_ACTIVATE_STATE, "placement_status,"},
    {MSG_CANNOT_COMPLETE_STATE, "placement_status,"},
    {MSG_PLACEMENT_RUNS_UNTIL, ""},
    {MSG_STUDENT_TIME_BREAKS_LAW, ""},
    {MSG_FACT_IN_FUTURE, "word,,"},
    {MSG_FACT_BEFORE_PHASE, "word,,"},
    {MSG_FACT_AFTER_PHASE, "word,,"},
    {MSG_LOGINS_FAILED_ADDRESS, ""},
    {MSG_LOGINS_AT_ONCE_ADDRESS, ""},
    {MSG_LOGINS_FAILED_BUSY, ""},
    /* accounts (issue 10) */
    {MSG_NO_SUCH_USER, ""},
    {MSG_NOT_YOUR_OWN_ACCOUNT, ""},
    {MSG_CANNOT_CHANGE_ACCOUNT, ""},
    {MSG_NO_SUCH_DEVICE_CERT, ""},
    {MSG_CANNOT_ISSUE_DEVICE_CERT, ""},
    /* import and export (issue 10) */
    {MSG_IMPORT_NO_SUCH_CLASS, ""},
    {MSG_IMPORT_DUPLICATE_NUMBER, ""},
    /* retention (issue 10) */
    {MSG_STUDENT_NOT_DUE, ""},
    /* subs (issue 9) */
    {MSG_ALL_SCHOOL_NOT_YOURS, ""},
    {MSG_TOPIC_NOT_GRANTED, ""},
    {MSG_NO_TOPICS_GRANTED, ""},
    {MSG_NOT_A_SUBSCRIBER, ""},
    {MSG_UNKNOWN_TOPIC, ""},
    {MSG_STUDENT_NOT_LEFT, ""},
};

/* Details: the same shape, their formats in the catalogue context SERVER_TEXT. */
static const sl_message details[] = {
    /* rule violations */
    {DET_NO_READINESS_DATA, ""},
    {DET_BIRTH_OR_START_UNKNOWN, ""},
    {DET_AGED_ON, ",date"},
    {DET_NOT_YET_ASSESSED, ""},
    {DET_DAY_CLOCK, "date,,"},
    {DET_DAY_WORKED, "date,minutes"},
    {DET_DAY_NO_BREAK, "date,minutes"},
    {DET_DATE, "date"},
    {DET_DAY_REST, "date,minutes"},
    {DET_WEEK_WORKED, "date,minutes"},
    {DET_4_WEEKS_WORKED, "date,minutes"},
    {DET_DATE_OF_BIRTH, ""},
    {DET_NO_DAYS, ""},
    {DET_AT_MOST_DAYS, ""},
    {DET_ENTRY, ""},
    {DET_BEFORE_BIRTH, "date"},
    {DET_ON_DATE, "date"},
    {DET_DAY_MINUTES, "date,"},
    {DET_BIRTH_OR_WORK_DATE, ""},
    {DET_AGED, ""},
    {DET_KG, ""},
    {DET_KG_FORCE, ""},
    {DET_DAYS_AFTER_USE, ""},
    {DET_SUPERVISOR_BIRTH_UNKNOWN, ""},
    {DET_SUPERVISOR_AGED, ""},
    {DET_DAY_SPAN, "date,,,minutes"},
    {DET_WEEK_DAYS, "date,"},
    {DET_WEEK_HOURS, "date,minutes"},
    {DET_INTERNSHIP_OF_EDUCATION, "minutes,minutes"},
    {DET_TODAY_OR_DEADLINE, ""},
    {DET_STILL_NEEDED_BY, "minutes,date"},
    {DET_GROUP_DATE, ""},
    {DET_PLACES_TAKEN, "date,day_part,,"},
    {DET_HOURS_MADE, "minutes"},
    {DET_START_END_MISSING, ""},
    {DET_ENDS_BEFORE_START, "date,date"},
    {DET_MISSING, "word"},
    {DET_LAST_VISIT_OR_TODAY, ""},
    {DET_DAYS_OVERDUE, "date,"},
    {DET_WEEK_AVERAGE, "minutes"},
    {DET_COURSE_SHARE, "minutes,minutes"},
    {DET_MORE_DAYS_WORKED, ""},
    /* caseload items */
    {DET_CL_INTERN, "placement_kind,date,date"},
    {DET_CL_VISIT_DUE, "word,word"},
    {DET_CL_INTERIM_MISSING, ""},
    {DET_CL_END_MISSING, ""},
    {DET_CL_END_DUE, ""},
    {DET_CL_WEEK_SIGNED, "date"},
    {DET_CL_RISK, ",risk_reasons"},
    {DET_CL_DROPOUT_STEP, "dropout_action"},
    {DET_CL_DROPOUT_STEP_OVERDUE, "dropout_action"},
    /* event summaries */
    {DET_EV_WORKING_TIME_BREACH, "date"},
    {DET_EV_WEEK_CORRECTED, "date"},
    {DET_EV_WEEK_CORRECTED_SIGNED, "date"},
    {DET_EV_ABSENCE, "absence_kind,date,date"},
    {DET_EV_PROVISIONAL_ADVICE, "advice"},
    {DET_EV_ADVICE_OVERRIDDEN, "advice"},
    {DET_EV_SECTOR_SWITCH, ",date"},
    {DET_EV_PLACEMENT_CREATED, "date,date"},
    {DET_EV_GROUP_READY, "date"},
    {DET_EV_SKILLS_TRAINING, "training_status"},
    {DET_EV_SKILLS_TRAINING_ON, "training_status,date"},
    {DET_EV_INTERIM_ASSESSMENT, ""},
    {DET_EV_END_ASSESSMENT, ""},
    {DET_EV_INTERIM_ASSESSMENT_REVISED, ""},
    {DET_EV_END_ASSESSMENT_REVISED, ""},
    {DET_EV_EXIT, "date"},
    {DET_EV_BSA_STOP, "date"},
    {DET_EV_EXAM_RESULT, "word"},
    {DET_EV_RISK, ",risk_reasons"},
    {DET_EV_PLACEMENT_STATUS, "placement_status"},
    {DET_EV_DROPOUT, "date,role"},
    {DET_EV_DROPOUT_STEP, "dropout_action,date,dropout_case_state"},
    /* dossier entries */
    {DET_DS_INTEREST_TEST, ","},
    {DET_DS_ORIENTATION_INTERVIEW, ""},
    {DET_DS_ORIENTATION_QUESTIONNAIRE, ""},
    {DET_DS_READINESS, "word,word"},
    {DET_DS_READINESS_OVERRIDE, "word,word"},
    {DET_DS_COMPANY_VISIT, ""},
    {DET_DS_INTRO_MEETING, ",word"},
    {DET_DS_PLACEMENT, "word,,date,date,word"},
    {DET_DS_CONTRACT, ""},
    {DET_DS_CONTRACT_SIGNED, "word"},
    {DET_DS_VISIT, ""},
    {DET_DS_AGENDA, "minutes,word"},
    {DET_DS_ASSESSMENT, "word,word,,,,,"},
    {DET_DS_INTERIM_PERIOD, ",word,,,,,"},
    {DET_DS_ASSIGNMENT, ",,,word"},
    {DET_DS_DROPOUT, ""},
    {DET_DS_DROPOUT_STEP, "dropout_action"},
    {DET_DS_BSA_CONTINUE, ""},
    {DET_DS_BSA_STOP, ""},
    {DET_DS_EXAM, "word"},
    {DET_DS_GROUP_SESSION, ",word"},
    {DET_DS_GROUP_SESSION_DROPOUT, ",word"},
    {DET_DS_REFLECTION_READY, ""},
    {DET_DS_REFLECTION_STAYS, ""},
    {DET_DS_FINAL_INTERVIEW, ""},
    {DET_DS_EXIT, ",word,word"},
    {DET_DS_EXIT_SHELTERED, ",word,word"},
    {DET_DS_AFTERCARE, "word,word"},
    {DET_DS_AFTERCARE_REFERRED, "word,word"},
    {DET_DS_YEAR3, "word,,word"},
    {DET_DS_YEAR3_SECTOR, "word,,word,"},
    {DET_DS_SKILLS_TRAINING, ",word"},
    {DET_DS_SKILLS_TRAINING_ON, ",word,date"},
};

const sl_message *sl_messages(size_t *count)
{
    *count = sizeof messages / sizeof messages[0];
    return messages;
}

const sl_message *sl_message_details(size_t *count)
{
    *count = sizeof details / sizeof details[0];
    return details;
}

const sl_message *sl_message_find(const char *code)
{
    if (!code || !code[0])
        return NULL;
    for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++)
        if (strcmp(messages[i].code, code) == 0)
            return &messages[i];
    for (size_t i = 0; i < sizeof details / sizeof details[0]; i++)
        if (strcmp(details[i].code, code) == 0)
            return &details[i];
    return NULL;
}

const char *sl_message_context(const sl_message *m)
{
    size_t n = sizeof details / sizeof details[0];
    for (size_t i = 0; m && i < n; i++)
        if (m == &details[i])
            return SERVER_TEXT;
    return NULL;
}

/* One conversion of a printf format, starting after its '%'. */
typedef struct {
    int position;  /* from "N$", 0 when not positional */
    int precision; /* from ".N", -1 when none */
    int length;    /* 0 none, 1 l, 2 ll, 3 z, 4 h or hh */
    char conv;     /* d i u s f; 0 when not supported */
} conversion;

static conversion parse_conversion(const char *p)
{
    conversion c = {0, -1, 0, 0};
    const char *s = p;
    int n = 0;
    while (*s >= '0' && *s <= '9')
        n = n * 10 + (*s++ - '0');
    if (*s == '$' && n > 0) {
        c.position = n;
        p = s + 1;
    }
    s = p;
    s += strspn(s, "-+ #0");
    s += strspn(s, "0123456789");
    c.precision = -1;
    if (*s == '.') {
        s++;
        c.precision = 0;
        while (*s >= '0' && *s <= '9')
            c.precision = c.precision * 10 + (*s++ - '0');
    }
    if (s[0] == 'l' && s[1] == 'l')
        c.length = 2, s += 2;
    else if (s[0] == 'l')
        c.length = 1, s++;
    else if (s[0] == 'z')
        c.length = 3, s++;
    else if (s[0] == 'h')
        c.length = 4, s += s[1] == 'h' ? 2 : 1;
    char conv = *s;
    bool ok = (conv == 'd' || conv == 'i') ? c.length != 3
              : conv == 'u'                ? true
              : conv == 's'                ? c.length == 0
              : conv == 'f'                ? c.length == 0
                                           : false;
    c.conv = ok ? conv : 0;
    return c;
}

/* Bytes from just after a '%' to just after its conversion letter. */
static size_t conversion_span(const char *p)
{
    const char *s = p + strspn(p, "0123456789$-+ #.lzh");
    return (size_t)(s - p) + (*s ? 1 : 0);
}

int sl_message_param_count(const char *format)
{
    int n = 0;
    for (const char *p = format; p && (p = strchr(p, '%')) != NULL;) {
        p++;
        if (*p == '%') {
            p++;
            continue;
        }
        if (!parse_conversion(p).conv)
            return -1;
        n++;
        p += conversion_span(p);
    }
    return n;
}

int sl_message_params(const char *format, va_list ap, char params[][SL_MESSAGE_PARAM_LEN])
{
    int n = 0;
    for (const char *p = format; p && (p = strchr(p, '%')) != NULL;) {
        p++;
        if (*p == '%') {
            p++;
            continue;
        }
        conversion c = parse_conversion(p);
        if (!c.conv || c.position || n >= SL_MESSAGE_MAX_PARAMS)
            return -1;
        char *out = params[n++];
        /* Flags and width are not kept: a parameter is a value, the rendering lays it out. */
        if (c.conv == 's') {
            const char *v = va_arg(ap, const char *);
            snprintf(out, SL_MESSAGE_PARAM_LEN, "%.*s",
                     c.precision >= 0 ? c.precision : SL_MESSAGE_PARAM_LEN, v ? v : "");
        } else if (c.conv == 'f') {
            snprintf(out, SL_MESSAGE_PARAM_LEN, "%.*f", c.precision >= 0 ? c.precision : 6,
                     va_arg(ap, double));
        } else if (c.conv == 'u') {
            unsigned long long v = c.length == 1   ? va_arg(ap, unsigned long)
                                   : c.length == 2 ? va_arg(ap, unsigned long long)
                                   : c.length == 3 ? va_arg(ap, size_t)
                                                   : va_arg(ap, unsigned);
            snprintf(out, SL_MESSAGE_PARAM_LEN, "%llu", v);
        } else {
            long long v = c.length == 1   ? va_arg(ap, long)
                          : c.length == 2 ? va_arg(ap, long long)
                                          : va_arg(ap, int);
            snprintf(out, SL_MESSAGE_PARAM_LEN, "%lld", v);
        }
        p += conversion_span(p);
    }
    return n;
}

char *sl_message_param_kind(const sl_message *m, size_t i, char *out, size_t n)
{
    const char *p = m ? m->param_kinds : NULL;
    for (; i > 0 && p; i--) {
        p = strchr(p, ',');
        if (p)
            p++;
    }
    size_t len = p ? strcspn(p, ",") : 0;
    snprintf(out, n, "%.*s", (int)len, p ? p : "");
    return out;
}

char *sl_message_english(const sl_message *m, const char *const *params, size_t n_params, char *out,
                         size_t outlen)
{
    char hours[SL_MESSAGE_MAX_PARAMS][SL_MESSAGE_PARAM_LEN];
    const char *shown[SL_MESSAGE_MAX_PARAMS];
    size_t n = n_params < SL_MESSAGE_MAX_PARAMS ? n_params : SL_MESSAGE_MAX_PARAMS;
    for (size_t i = 0; i < n; i++) {
        char kind[32];
        char *end;
        shown[i] = params[i];
        long long v = params[i] ? strtoll(params[i], &end, 10) : 0;
        if (strcmp(sl_message_param_kind(m, i, kind, sizeof kind), "minutes") == 0 && params[i] &&
            params[i][0] && !*end) {
            unsigned long long a = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
            snprintf(hours[i], sizeof hours[i], "%s%llu:%02llu h", v < 0 ? "-" : "", a / 60,
                     a % 60);
            shown[i] = hours[i];
        }
    }
    return sl_message_render(m ? m->format : "", shown, n, out, outlen);
}

static void append(char *out, size_t outlen, size_t *len, const char *s, size_t n)
{
    while (n-- > 0 && *s && *len + 1 < outlen)
        out[(*len)++] = *s++;
    out[*len] = '\0';
}

char *sl_message_render(const char *format, const char *const *params, size_t n_params, char *out,
                        size_t outlen)
{
    size_t len = 0, next = 0;
    if (outlen == 0)
        return out;
    out[0] = '\0';
    for (const char *p = format ? format : ""; *p;) {
        const char *pct = strchr(p, '%');
        if (!pct) {
            append(out, outlen, &len, p, strlen(p));
            break;
        }
        append(out, outlen, &len, p, (size_t)(pct - p));
        p = pct + 1;
        if (*p == '%') {
            append(out, outlen, &len, "%", 1);
            p++;
            continue;
        }
        conversion c = parse_conversion(p);
        size_t i = c.position ? (size_t)c.position - 1 : next++;
        const char *v = i < n_params && params[i] ? params[i] : "?";
        append(out, outlen, &len, v, strlen(v));
        p += conversion_span(p);
    }
    return out;
}

char *sl_message_params_join(char *const *params, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(params[i]) + 1;
    char *s = malloc(len), *p = s;
    if (!s)
        return NULL;
    *p = '\0';
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "%s%s", i ? "\x1f" : "", params[i]);
    return s;
}

size_t sl_message_params_split(char *joined, char **out, size_t max)
{
    size_t n = 0;
    for (char *p = joined; p && *p && n < max;) {
        out[n++] = p;
        p = strchr(p, '\x1f');
        if (p)
            *p++ = '\0';
    }
    return n;
}
