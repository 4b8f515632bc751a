#include "requests.h"

#include <string.h>

#include "handlers.h"

/* The lifecycle numbers its states as the protocol does. */
_Static_assert((int)LC_PROPOSED == (int)STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_PROPOSED &&
                   (int)LC_CONTRACT_DRAFTED ==
                       (int)STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_CONTRACT_DRAFTED &&
                   (int)LC_SIGNED == (int)STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_SIGNED &&
                   (int)LC_ACTIVE == (int)STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE &&
                   (int)LC_COMPLETED == (int)STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_COMPLETED &&
                   (int)LC_ENDED_EARLY ==
                       (int)STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ENDED_EARLY,
               "lifecycle states and PlacementStatus disagree");
_Static_assert((int)LC_KIND_INTERNAL == (int)STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INTERNAL &&
                   (int)LC_KIND_TASTER == (int)STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_TASTER &&
                   (int)LC_KIND_GROUP == (int)STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_GROUP &&
                   (int)LC_KIND_INDIVIDUAL_1 ==
                       (int)STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_1 &&
                   (int)LC_KIND_INDIVIDUAL_2 ==
                       (int)STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_2 &&
                   (int)LC_KIND_SECTOR == (int)STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR &&
                   (int)LC_KIND_ENTREE == (int)STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_ENTREE &&
                   (int)LC_KIND_DUAL == (int)STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_DUAL,
               "lifecycle kinds and PlacementKind disagree");

#define B(x) STAGELIJN__V1__ENVELOPE__BODY_##x
#define S REQ_SESSION
#define W (REQ_SESSION | REQ_WRITES)
/* Submitted from the field (a kiosk, a coach on the road), retried after a lost connection. */
#define WI (W | REQ_IDEMPOTENT)

/* Ordered by family, as the handler files are. */
static const request_def table[] = {
    /* h_session.c: before and around the session */
    {B(HELLO), "Hello", handle_hello, OP_COUNT, TARGET_NONE, NULL, 0, LC_OP_NONE},
    /* Login checks on the loop and writes in its second half, after the hash (dispatch_resume). */
    {B(LOGIN), "Login", handle_login, OP_COUNT, TARGET_NONE, NULL, 0, LC_OP_NONE},
    {B(RESUME), "Resume", handle_resume, OP_COUNT, TARGET_NONE, NULL, REQ_WRITES, LC_OP_NONE},
    {B(LOGOUT), "Logout", handle_logout, OP_LOGOUT, TARGET_SELF, NULL, W, LC_OP_NONE},
    {B(CHANGE_PASSWORD), "ChangePassword", handle_change_password, OP_CHANGE_PASSWORD, TARGET_SELF,
     NULL, W, LC_OP_NONE},

    /* h_school.c */
    {B(CREATE_USER), "CreateUser", handle_create_user, OP_USER_CREATE, TARGET_GLOBAL, NULL, W,
     LC_OP_NONE},
    {B(LIST_USERS), "ListUsers", handle_list_users, OP_USER_LIST, TARGET_GLOBAL, NULL, S,
     LC_OP_NONE},
    {B(CREATE_CLASS), "CreateClass", handle_create_class, OP_CLASS_CREATE, TARGET_GLOBAL, NULL, W,
     LC_OP_NONE},
    {B(LIST_CLASSES), "ListClasses", handle_list_classes, OP_CLASS_LIST, TARGET_LIST, NULL, S,
     LC_OP_NONE},
    {B(CREATE_COMPANY), "CreateCompany", handle_create_company, OP_COMPANY_CREATE, TARGET_GLOBAL,
     NULL, W, LC_OP_NONE},
    {B(LIST_COMPANIES), "ListCompanies", handle_list_companies, OP_COMPANY_LIST, TARGET_LIST, NULL,
     S, LC_OP_NONE},
    {B(CREATE_STUDENT), "CreateStudent", handle_create_student, OP_STUDENT_CREATE, TARGET_GLOBAL,
     NULL, W, LC_OP_NONE},
    {B(GET_STUDENT), "GetStudent", handle_get_student, OP_STUDENT_READ, TARGET_STUDENT, "id", S,
     LC_OP_NONE},
    {B(LIST_STUDENTS), "ListStudents", handle_list_students, OP_STUDENT_READ, TARGET_LIST, NULL, S,
     LC_OP_NONE},

    /* h_placement.c, h_dropout.c */
    {B(CREATE_PLACEMENT), "CreatePlacement", handle_create_placement, OP_PLACEMENT_CREATE,
     TARGET_STUDENT, "placement.student_id", W, LC_OP_NONE},
    {B(GET_PLACEMENT), "GetPlacement", handle_get_placement, OP_PLACEMENT_READ, TARGET_PLACEMENT,
     "id", S, LC_OP_READ},
    {B(LIST_PLACEMENTS), "ListPlacements", handle_list_placements, OP_PLACEMENT_READ, TARGET_LIST,
     NULL, S, LC_OP_NONE},
    {B(REPORT_DROPOUT), "ReportDropout", handle_report_dropout, OP_DROPOUT_REPORT, TARGET_PLACEMENT,
     "placement_id", WI, LC_OP_DROPOUT},

    /* h_progress.c */
    {B(SUBMIT_AGENDA_WEEK), "SubmitAgendaWeek", handle_submit_agenda_week, OP_AGENDA_SUBMIT,
     TARGET_PLACEMENT, "placement_id", WI, LC_OP_AGENDA_WRITE},
    {B(SIGN_AGENDA_WEEK), "SignAgendaWeek", handle_sign_agenda_week, OP_AGENDA_SIGN,
     TARGET_AGENDA_WEEK, "agenda_week_id", WI, LC_OP_AGENDA_SIGN},
    {B(LIST_AGENDA_WEEKS), "ListAgendaWeeks", handle_list_agenda_weeks, OP_AGENDA_READ,
     TARGET_PLACEMENT, "placement_id", S, LC_OP_READ},
    {B(WRITE_REFLECTION), "WriteReflection", handle_write_reflection, OP_AGENDA_REFLECT,
     TARGET_PLACEMENT, "placement_id", WI, LC_OP_AGENDA_WRITE},
    {B(LOG_VISIT), "LogVisit", handle_log_visit, OP_VISIT_LOG, TARGET_PLACEMENT,
     "visit.placement_id", WI, LC_OP_VISIT_LOG},
    {B(LIST_VISITS), "ListVisits", handle_list_visits, OP_VISIT_READ, TARGET_PLACEMENT,
     "placement_id", S, LC_OP_READ},
    {B(SUBMIT_ASSESSMENT), "SubmitAssessment", handle_submit_assessment, OP_ASSESSMENT_SUBMIT,
     TARGET_PLACEMENT, "assessment.placement_id", WI, LC_OP_ASSESSMENT},
    {B(LIST_ASSESSMENTS), "ListAssessments", handle_list_assessments, OP_ASSESSMENT_READ,
     TARGET_PLACEMENT, "placement_id", S, LC_OP_READ},

    /* h_events.c */
    {B(SUBSCRIBE), "Subscribe", handle_subscribe, OP_EVENTS_SUBSCRIBE, TARGET_LIST, NULL, W,
     LC_OP_NONE},
    {B(ACK_EVENTS), "AckEvents", handle_ack_events, OP_EVENTS_SUBSCRIBE, TARGET_LIST, NULL, W,
     LC_OP_NONE},
    {B(LIST_NOTIFICATIONS), "ListNotifications", handle_list_notifications, OP_NOTIFICATIONS_READ,
     TARGET_LIST, NULL, S, LC_OP_NONE},

    /* h_prep.c */
    {B(LIST_SECTORS), "ListSectors", handle_list_sectors, OP_SECTOR_LIST, TARGET_GLOBAL, NULL, S,
     LC_OP_NONE},
    {B(SAVE_SCHOOL_YEAR), "SaveSchoolYear", handle_save_school_year, OP_SCHOOL_YEAR_SAVE,
     TARGET_GLOBAL, NULL, W, LC_OP_NONE},
    {B(LIST_SCHOOL_YEARS), "ListSchoolYears", handle_list_school_years, OP_SCHOOL_YEAR_LIST,
     TARGET_GLOBAL, NULL, S, LC_OP_NONE},
    {B(UPDATE_STUDENT), "UpdateStudent", handle_update_student, OP_STUDENT_UPDATE, TARGET_STUDENT,
     "profile.student_id", W, LC_OP_NONE},
    {B(GET_STUDENT_PROFILE), "GetStudentProfile", handle_get_student_profile,
     OP_STUDENT_PROFILE_READ, TARGET_STUDENT, "student_id", S, LC_OP_NONE},
    {B(RECORD_INTEREST_TEST), "RecordInterestTest", handle_record_interest_test,
     OP_PREPARATION_WRITE, TARGET_STUDENT, "test.student_id", W, LC_OP_NONE},
    {B(SAVE_ORIENTATION), "SaveOrientation", handle_save_orientation, OP_PREPARATION_WRITE,
     TARGET_STUDENT, "orientation.student_id", W, LC_OP_NONE},
    {B(GET_ORIENTATION), "GetOrientation", handle_get_orientation, OP_PREPARATION_READ,
     TARGET_STUDENT, "student_id", S, LC_OP_NONE},
    {B(CREATE_COMPANY_VISIT), "CreateCompanyVisit", handle_create_company_visit,
     OP_COMPANY_VISIT_MANAGE, TARGET_GLOBAL, NULL, W, LC_OP_NONE},
    {B(SIGN_UP_COMPANY_VISIT), "SignUpCompanyVisit", handle_sign_up_company_visit,
     OP_COMPANY_VISIT_SIGNUP, TARGET_STUDENT, "student_id", W, LC_OP_NONE},
    {B(LIST_COMPANY_VISITS), "ListCompanyVisits", handle_list_company_visits, OP_COMPANY_VISIT_LIST,
     TARGET_LIST, NULL, S, LC_OP_NONE},

    /* h_matching.c */
    {B(ASSESS_READINESS), "AssessReadiness", handle_assess_readiness, OP_READINESS_ASSESS,
     TARGET_STUDENT, "input.student_id", W, LC_OP_NONE},
    {B(OVERRIDE_READINESS), "OverrideReadiness", handle_override_readiness, OP_READINESS_OVERRIDE,
     TARGET_STUDENT, "student_id", W, LC_OP_NONE},
    {B(GET_READINESS), "GetReadiness", handle_get_readiness, OP_READINESS_READ, TARGET_STUDENT,
     "student_id", S, LC_OP_NONE},
    {B(SUGGEST_COMPANIES), "SuggestCompanies", handle_suggest_companies, OP_MATCH_SUGGEST,
     TARGET_STUDENT, "student_id", S, LC_OP_NONE},
    {B(RECORD_INTRO_MEETING), "RecordIntroMeeting", handle_record_intro_meeting, OP_INTRO_MEETING,
     TARGET_STUDENT, "meeting.student_id", W, LC_OP_NONE},

    /* h_contract.c */
    {B(SAVE_CONTRACT), "SaveContract", handle_save_contract, OP_CONTRACT_SAVE, TARGET_PLACEMENT,
     "contract.placement_id", W, LC_OP_CONTRACT_SAVE},
    {B(SIGN_CONTRACT), "SignContract", handle_sign_contract, OP_CONTRACT_SIGN, TARGET_PLACEMENT,
     "placement_id", WI, LC_OP_CONTRACT_SIGN},
    {B(GET_CONTRACT), "GetContract", handle_get_contract, OP_PLACEMENT_READ, TARGET_PLACEMENT,
     "placement_id", S, LC_OP_READ},
    {B(PRINT_CONTRACT), "PrintContract", handle_print_contract, OP_PLACEMENT_READ, TARGET_PLACEMENT,
     "placement_id", S, LC_OP_READ},
    {B(SET_PLACEMENT_STATUS), "SetPlacementStatus", handle_set_placement_status,
     OP_PLACEMENT_STATUS, TARGET_PLACEMENT, "placement_id", W, LC_OP_STATUS_CHANGE},
    {B(ACCEPT_WARNING), "AcceptWarning", handle_accept_warning, OP_WARNING_ACCEPT, TARGET_PLACEMENT,
     "placement_id", W, LC_OP_WARNING_ACCEPT},
    {B(LIST_PLACEMENT_WARNINGS), "ListPlacementWarnings", handle_list_placement_warnings,
     OP_PLACEMENT_READ, TARGET_PLACEMENT, "placement_id", S, LC_OP_READ},

    /* h_periods.c */
    {B(SAVE_ASSIGNMENT), "SaveAssignment", handle_save_assignment, OP_ASSIGNMENT_WRITE,
     TARGET_PLACEMENT, "assignment.placement_id", WI, LC_OP_ASSIGNMENT},
    {B(LIST_ASSIGNMENTS), "ListAssignments", handle_list_assignments, OP_PLACEMENT_READ,
     TARGET_PLACEMENT, "placement_id", S, LC_OP_READ},
    {B(GET_ENTREE_PROGRESS), "GetEntreeProgress", handle_get_entree_progress, OP_PLACEMENT_READ,
     TARGET_STUDENT, "student_id", S, LC_OP_NONE},
    {B(RECORD_STUDY_ADVICE), "RecordStudyAdvice", handle_record_study_advice, OP_STUDY_ADVICE,
     TARGET_STUDENT, "advice.student_id", W, LC_OP_NONE},
    {B(SAVE_EXAM_SESSION), "SaveExamSession", handle_save_exam_session, OP_EXAM_SESSION,
     TARGET_PLACEMENT, "session.placement_id", W, LC_OP_EXAM_SESSION},

    /* h_group.c */
    {B(CREATE_GROUP_SESSION), "CreateGroupSession", handle_create_group_session, OP_GROUP_MANAGE,
     TARGET_GLOBAL, NULL, W, LC_OP_NONE},
    {B(ENROL_GROUP_SESSION), "EnrolGroupSession", handle_enrol_group_session, OP_GROUP_MANAGE,
     TARGET_STUDENT, "student_id", W, LC_OP_NONE},
    {B(LIST_GROUP_SESSIONS), "ListGroupSessions", handle_list_group_sessions, OP_GROUP_READ,
     TARGET_LIST, NULL, S, LC_OP_NONE},
    {B(RECORD_GROUP_REFLECTION), "RecordGroupReflection", handle_record_group_reflection,
     OP_GROUP_MANAGE, TARGET_STUDENT, "reflection.student_id", WI, LC_OP_NONE},

    /* h_aftercare.c */
    {B(RECORD_EXIT), "RecordExit", handle_record_exit, OP_EXIT_RECORD, TARGET_STUDENT,
     "exit.student_id", W, LC_OP_NONE},
    {B(CREATE_PARTNER), "CreatePartner", handle_create_partner, OP_PARTNER_MANAGE, TARGET_GLOBAL,
     NULL, W, LC_OP_NONE},
    {B(LIST_PARTNERS), "ListPartners", handle_list_partners, OP_PARTNER_LIST, TARGET_GLOBAL, NULL,
     S, LC_OP_NONE},
    {B(LOG_AFTERCARE_CONTACT), "LogAftercareContact", handle_log_aftercare_contact,
     OP_AFTERCARE_LOG, TARGET_STUDENT, "contact.student_id", WI, LC_OP_NONE},
    {B(GET_AFTERCARE), "GetAftercare", handle_get_aftercare, OP_AFTERCARE_READ, TARGET_STUDENT,
     "student_id", S, LC_OP_NONE},
    {B(OUTFLOW_REPORT), "OutflowReport", handle_outflow_report, OP_OUTFLOW_REPORT, TARGET_GLOBAL,
     NULL, S, LC_OP_NONE},

    /* h_overview.c */
    {B(VISIT_PLAN), "VisitPlan", handle_visit_plan, OP_VISIT_PLAN, TARGET_GLOBAL, NULL, S,
     LC_OP_NONE},
    {B(GET_DOSSIER), "GetDossier", handle_get_dossier, OP_DOSSIER_READ, TARGET_STUDENT,
     "student_id", S, LC_OP_NONE},
    {B(CASELOAD), "Caseload", handle_caseload, OP_CASELOAD, TARGET_GLOBAL, NULL, S, LC_OP_NONE},
    {B(CLASS_OVERVIEW), "ClassOverview", handle_class_overview, OP_CLASS_OVERVIEW, TARGET_CLASS,
     "class_id", S, LC_OP_NONE},

    /* trustdomain. h_year3.c: year 3 toward the sector choice; h_skills.c: social-skills
     * training; course_hours.c: WVO art. 32 over the course */
    {B(RECORD_YEAR3_ASSESSMENT), "RecordYear3Assessment", handle_record_year3_assessment,
     OP_YEAR3_RECORD, TARGET_STUDENT, "assessment.student_id", W, LC_OP_NONE},
    {B(GET_YEAR3_RECORD), "GetYear3Record", handle_get_year3_record, OP_YEAR3_READ, TARGET_STUDENT,
     "student_id", S, LC_OP_NONE},
    {B(SAVE_SOCIAL_SKILLS_TRAINING), "SaveSocialSkillsTraining", handle_save_social_skills_training,
     OP_SKILLS_TRAINING_SAVE, TARGET_STUDENT, "training.student_id", W, LC_OP_NONE},
    {B(LIST_SOCIAL_SKILLS_TRAININGS), "ListSocialSkillsTrainings",
     handle_list_social_skills_trainings, OP_SKILLS_TRAINING_READ, TARGET_LIST, NULL, S,
     LC_OP_NONE},
    {B(GET_COURSE_HOURS), "GetCourseHours", handle_get_course_hours, OP_COURSE_HOURS_READ,
     TARGET_STUDENT, "student_id", S, LC_OP_NONE},
    /* dropout: h_dropout.c (the procedure as a case), h_risk.c (early warning) */
    {B(LIST_DROPOUT_CASES), "ListDropoutCases", handle_list_dropout_cases, OP_DROPOUT_CASE_READ,
     TARGET_LIST, NULL, S, LC_OP_NONE},
    {B(DROPOUT_CASE_STEP), "DropoutCaseStep", handle_dropout_case_step, OP_DROPOUT_CASE_STEP,
     TARGET_STUDENT, "student_id", W, LC_OP_NONE},
    {B(RISK_SIGNALS), "RiskSignals", handle_risk_signals, OP_RISK_READ, TARGET_LIST, NULL, S,
     LC_OP_NONE},
    {B(RISK_SCAN), "RiskScan", handle_risk_scan, OP_RISK_SCAN, TARGET_GLOBAL, NULL, W, LC_OP_NONE},
    /* h_clock.c: clocking and hours (the kiosk) */
    {B(CLOCK_IN), "ClockIn", handle_clock_in, OP_CLOCK, TARGET_STUDENT, "student_id", WI,
     LC_OP_NONE},
    {B(CLOCK_OUT), "ClockOut", handle_clock_out, OP_CLOCK, TARGET_STUDENT, "student_id", WI,
     LC_OP_NONE},
    {B(GET_WEEK_HOURS), "GetWeekHours", handle_get_week_hours, OP_HOURS_READ, TARGET_STUDENT,
     "student_id", S, LC_OP_NONE},
    {B(CORRECT_WEEK), "CorrectWeek", handle_correct_week, OP_HOURS_CORRECT, TARGET_STUDENT,
     "student_id", WI, LC_OP_NONE},
    {B(REPORT_ABSENCE), "ReportAbsence", handle_report_absence, OP_ABSENCE_REPORT, TARGET_STUDENT,
     "student_id", WI, LC_OP_NONE},
    {B(GET_HOUR_TOTALS), "GetHourTotals", handle_get_hour_totals, OP_HOURS_READ, TARGET_STUDENT,
     "student_id", S, LC_OP_NONE},
    /* kiosk PIN (issue 8). The PIN login is a login: its second half writes (dispatch_resume). */
    {B(PIN_LOGIN), "PinLogin", handle_pin_login, OP_COUNT, TARGET_NONE, NULL, 0, LC_OP_NONE},
    {B(SET_PIN), "SetPin", handle_set_pin, OP_PIN_SET, TARGET_STUDENT, "student_id", W, LC_OP_NONE},

    /* assessment versions (issue 8): drafts need the states an assessment needs */
    {B(SAVE_ASSESSMENT_DRAFT), "SaveAssessmentDraft", handle_save_assessment_draft,
     OP_ASSESSMENT_SUBMIT, TARGET_PLACEMENT, "placement_id", WI, LC_OP_ASSESSMENT},
    {B(SUBMIT_ASSESSMENT_DRAFT), "SubmitAssessmentDraft", handle_submit_assessment_draft,
     OP_ASSESSMENT_SUBMIT, TARGET_PLACEMENT, "placement_id", WI, LC_OP_ASSESSMENT},

    /* learning goals and the student's own rating (issue 7 item 10) */
    {B(SAVE_LEARNING_GOAL), "SaveLearningGoal", handle_save_learning_goal, OP_GOAL_SET,
     TARGET_PLACEMENT, "goal.placement_id", W, LC_OP_GOAL},
    {B(LIST_LEARNING_GOALS), "ListLearningGoals", handle_list_learning_goals, OP_GOAL_READ,
     TARGET_PLACEMENT, "placement_id", S, LC_OP_READ},
    {B(SAVE_SELF_RATING), "SaveSelfRating", handle_save_self_rating, OP_SELF_RATE, TARGET_PLACEMENT,
     "rating.placement_id", WI, LC_OP_ASSESSMENT},
    /* h_inbox.c (issue 9, notifications) */
    {B(INBOX), "Inbox", handle_inbox, OP_INBOX_READ, TARGET_LIST, NULL, S, LC_OP_NONE},
    {B(ACK_INBOX), "AckInbox", handle_ack_inbox, OP_INBOX_ACK, TARGET_LIST, NULL, W, LC_OP_NONE},
    /* h_accounts.c: the administrator's accounts (issue 10) */
    {B(SET_ACCOUNT_ENABLED), "SetAccountEnabled", handle_set_account_enabled, OP_ACCOUNT_MANAGE,
     TARGET_GLOBAL, NULL, W, LC_OP_NONE},
    {B(RESET_PASSWORD), "ResetPassword", handle_reset_password, OP_ACCOUNT_MANAGE, TARGET_GLOBAL,
     NULL, W, LC_OP_NONE},
    {B(UNLOCK_ACCOUNT), "UnlockAccount", handle_unlock_account, OP_ACCOUNT_MANAGE, TARGET_GLOBAL,
     NULL, W, LC_OP_NONE},
    {B(SET_ACCOUNT_ROLE), "SetAccountRole", handle_set_account_role, OP_ACCOUNT_MANAGE,
     TARGET_GLOBAL, NULL, W, LC_OP_NONE},
    {B(LIST_ACCOUNTS), "ListAccounts", handle_list_accounts, OP_ACCOUNT_LIST, TARGET_GLOBAL, NULL,
     S, LC_OP_NONE},
    {B(CHANGE_DEVICE_CERT), "ChangeDeviceCert", handle_change_device_cert, OP_DEVICE_CERT_MANAGE,
     TARGET_GLOBAL, NULL, W, LC_OP_NONE},
    {B(LIST_DEVICE_CERTS), "ListDeviceCerts", handle_list_device_certs, OP_DEVICE_CERT_LIST,
     TARGET_GLOBAL, NULL, S, LC_OP_NONE},

    /* h_backup.c: backup and audit (issue 10) */
    {B(START_BACKUP), "StartBackup", handle_start_backup, OP_BACKUP, TARGET_GLOBAL, NULL, W,
     LC_OP_NONE},
    {B(GET_BACKUP_STATUS), "GetBackupStatus", handle_get_backup_status, OP_BACKUP, TARGET_GLOBAL,
     NULL, S, LC_OP_NONE},
    {B(LIST_AUDIT), "ListAudit", handle_list_audit, OP_AUDIT_READ, TARGET_GLOBAL, NULL, S,
     LC_OP_NONE},
    /* import and export (issue 10) */
    {B(IMPORT_STUDENTS), "ImportStudents", handle_import_students, OP_STUDENT_IMPORT, TARGET_GLOBAL,
     NULL, W, LC_OP_NONE},
    /* h_datarights.c (issue 10, data rights): on the write store so the export is audited in
     * the same transaction that reads it (one snapshot) */
    {B(EXPORT_STUDENT_RECORD), "ExportStudentRecord", handle_export_student_record,
     OP_STUDENT_RECORD_EXPORT, TARGET_STUDENT, "student_id", W, LC_OP_NONE},
    /* h_datarights.c (issue 10, retention): the student is optional, so no target */
    {B(RETENTION), "Retention", handle_retention, OP_STUDENT_RETENTION, TARGET_LIST, NULL, W,
     LC_OP_NONE},
    /* kiosk offline login (issue 8, kioskoff): a clocking kept by a kiosk while the server was
     * away, the intern vouched for by the device (no session; authorized as the intern's own) */
    {B(KIOSK_OFFLINE_CLOCK), "KioskOfflineClock", handle_kiosk_offline_clock, OP_CLOCK,
     TARGET_KIOSK_INTERN, "username", REQ_WRITES | REQ_IDEMPOTENT, LC_OP_NONE},
    /* kiosk3: a device read without a session, like the PIN login (the handler checks the
     * device's company). */
    {B(KIOSK_PIN_CHECK), "KioskPinCheck", handle_kiosk_pin_check, OP_COUNT, TARGET_NONE, NULL, 0,
     LC_OP_NONE},
    /* import of classes and companies (issue 10, admin2) */
    {B(IMPORT_CLASSES), "ImportClasses", handle_import_classes, OP_RECORDS_IMPORT, TARGET_GLOBAL,
     NULL, W, LC_OP_NONE},
    {B(IMPORT_COMPANIES), "ImportCompanies", handle_import_companies, OP_RECORDS_IMPORT,
     TARGET_GLOBAL, NULL, W, LC_OP_NONE},
    /* h_subs.c (issue 9, subs): the topics granted to a subscriber account */
    {B(GRANT_TOPICS), "GrantTopics", handle_grant_topics, OP_SUBSCRIBER_GRANT, TARGET_GLOBAL, NULL,
     W, LC_OP_NONE},
    /* h_overview.c (kioskui): the intern's own next planned visit */
    {B(NEXT_VISIT), "NextVisit", handle_next_visit, OP_NEXT_VISIT_READ, TARGET_PLACEMENT,
     "placement_id", S, LC_OP_READ},
};

#undef B
#undef S
#undef W
#undef WI

const request_def *request_table(size_t *count)
{
    *count = sizeof table / sizeof table[0];
    return table;
}

/* The member of `msg` described by `f`, which is a pointer (a sub-message or a string). */
static void *member_pointer(const void *msg, const ProtobufCFieldDescriptor *f)
{
    void *p;
    memcpy(&p, (const char *)msg + f->offset, sizeof p);
    return p;
}

const char *request_target_id(const request_def *def, const sl_envelope *in)
{
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field(&stagelijn__v1__envelope__descriptor, def->body);
    if (!f || f->type != PROTOBUF_C_TYPE_MESSAGE || !def->target_field)
        return NULL;
    const void *msg = member_pointer(in, f);
    const ProtobufCMessageDescriptor *desc = f->descriptor;
    const char *path = def->target_field;
    for (;;) {
        char name[64];
        size_t n = strcspn(path, ".");
        if (n >= sizeof name)
            return NULL;
        memcpy(name, path, n);
        name[n] = '\0';
        f = protobuf_c_message_descriptor_get_field_by_name(desc, name);
        if (!f || f->label == PROTOBUF_C_LABEL_REPEATED)
            return NULL;
        if (!path[n]) {
            if (f->type != PROTOBUF_C_TYPE_STRING)
                return NULL;
            const char *s = msg ? member_pointer(msg, f) : NULL;
            return s ? s : "";
        }
        if (f->type != PROTOBUF_C_TYPE_MESSAGE)
            return NULL;
        msg = msg ? member_pointer(msg, f) : NULL;
        desc = f->descriptor;
        path += n + 1;
    }
}
