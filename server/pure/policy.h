/* The one authorization policy. Every request passes (principal, operation, target) through
 * here; handlers never decide permissions themselves. Pure: no I/O. The handler gathers the
 * facts about the target (whose student, which class, which company) and the policy decides. */
#ifndef SL_POLICY_H
#define SL_POLICY_H

#include <stdbool.h>

#include "ids.h"
#include "sl_error.h"

/* Same numbers as the wire's Role enum. */
typedef enum {
    ROLE_NONE = 0,
    ROLE_ADMIN = 1,
    ROLE_COACH = 2,
    ROLE_SUPPORT_COACH = 3,
    ROLE_MENTOR = 4,
    ROLE_SUPERVISOR = 5,
    ROLE_STUDENT = 6,
    ROLE_SUBSCRIBER = 7,
    ROLE_COUNT
} sl_role;

const char *role_name(sl_role r);     /* "coach"; "none" for ROLE_NONE */
sl_role role_parse(const char *name); /* ROLE_NONE when unknown */
/* Admin, coaches and mentors: those who may read what is private about a student (support
 * needs, NT2, address, date of birth, the reasons staff write down). */
bool role_is_school_staff(sl_role r);

typedef struct {
    sl_role role;
    char user_id[SL_ID_LEN + 1];
    char company_id[SL_ID_LEN + 1]; /* supervisors: their company */
} sl_principal;

/* One per request type that needs a session. */
typedef enum {
    OP_LOGOUT,
    OP_CHANGE_PASSWORD,
    OP_USER_CREATE,
    OP_USER_LIST,
    OP_CLASS_CREATE,
    OP_CLASS_LIST,
    OP_COMPANY_CREATE,
    OP_COMPANY_LIST,
    OP_STUDENT_CREATE,
    OP_STUDENT_READ,
    OP_PLACEMENT_CREATE,
    OP_PLACEMENT_READ,
    OP_AGENDA_SUBMIT,
    OP_AGENDA_SIGN,
    OP_AGENDA_READ,
    OP_VISIT_LOG,
    OP_VISIT_READ,
    OP_ASSESSMENT_SUBMIT,
    OP_ASSESSMENT_READ,
    OP_DROPOUT_REPORT,
    OP_EVENTS_SUBSCRIBE,
    OP_NOTIFICATIONS_READ,
    /* The internship line */
    OP_SCHOOL_YEAR_SAVE,
    OP_SCHOOL_YEAR_LIST,
    OP_SECTOR_LIST,
    OP_STUDENT_UPDATE,
    OP_STUDENT_PROFILE_READ,
    OP_PREPARATION_WRITE, /* interest test, orientation questionnaire and interview */
    OP_PREPARATION_READ,
    OP_READINESS_ASSESS,
    OP_READINESS_OVERRIDE,
    OP_READINESS_READ,
    OP_COMPANY_VISIT_MANAGE,
    OP_COMPANY_VISIT_SIGNUP,
    OP_COMPANY_VISIT_LIST,
    OP_MATCH_SUGGEST,
    OP_INTRO_MEETING,
    OP_CONTRACT_SAVE,
    OP_CONTRACT_SIGN,
    OP_PLACEMENT_STATUS,
    OP_WARNING_ACCEPT,
    OP_ASSIGNMENT_WRITE,
    OP_STUDY_ADVICE,
    OP_EXAM_SESSION,
    OP_GROUP_MANAGE,
    OP_GROUP_READ,
    OP_VISIT_PLAN,
    OP_EXIT_RECORD,
    OP_PARTNER_MANAGE,
    OP_PARTNER_LIST,
    OP_AFTERCARE_LOG,
    OP_AFTERCARE_READ,
    OP_OUTFLOW_REPORT,
    OP_DOSSIER_READ,
    OP_CASELOAD,
    OP_CLASS_OVERVIEW,
    OP_AGENDA_REFLECT, /* the student's own reflection on a week */
    /* trustdomain: year 3 toward the sector choice, social-skills training, WVO art. 32 */
    OP_YEAR3_RECORD,         /* the year-3 internship assessment and masterpiece */
    OP_YEAR3_READ,           /* the year-3 file: assessments and the exam portfolio */
    OP_SKILLS_TRAINING_SAVE, /* enrol a student sent away, record when/who/done */
    OP_SKILLS_TRAINING_READ,
    OP_COURSE_HOURS_READ, /* WVO art. 32: internship hours over the whole course */
    /* dropout: the procedure as a case, early warning */
    OP_DROPOUT_CASE_READ,
    OP_DROPOUT_CASE_STEP,
    OP_RISK_READ,
    OP_RISK_SCAN,
    /* clocking and hours (the kiosk) */
    OP_CLOCK,          /* clock in and out */
    OP_HOURS_READ,     /* a week's hours, hour totals, absences */
    OP_HOURS_CORRECT,  /* correct clocked times and a week's agenda, with a reason */
    OP_ABSENCE_REPORT, /* report a student absent */
    OP_PIN_SET,        /* kiosk PIN (issue 8): set a student's PIN */
    OP_GOAL_SET,       /* learning goals (issue 7 item 10): set a placement's goal */
    OP_GOAL_READ,      /* read a placement's goals */
    OP_SELF_RATE,      /* the student's own periodic rating */
    /* the inbox (issue 9, notifications): school and company staff */
    OP_INBOX_READ,
    OP_INBOX_ACK,
    /* accounts (issue 10) */
    OP_ACCOUNT_MANAGE,     /* disable/enable, reset a password, unlock, change a role */
    OP_ACCOUNT_LIST,       /* accounts with their state and last login */
    OP_DEVICE_CERT_MANAGE, /* issue and revoke a kiosk's certificate */
    OP_DEVICE_CERT_LIST,
    /* backup and audit (issue 10) */
    OP_BACKUP,     /* start a backup, see its state */
    OP_AUDIT_READ, /* read the audit log */
    /* import and export (issue 10) */
    OP_STUDENT_IMPORT,        /* import students from the school's records system */
    OP_STUDENT_RECORD_EXPORT, /* data rights (issue 10): a student's whole record */
    OP_STUDENT_RETENTION,     /* retention (issue 10): the dry run and the erasure */
    OP_RECORDS_IMPORT,   /* admin2 (issue 10): classes and companies from the school's records */
    OP_SUBSCRIBER_GRANT, /* subs (issue 9): grant and revoke a subscriber's topics */
    OP_NEXT_VISIT_READ,  /* kioskui: the intern's own next planned visit */
    OP_COUNT
} sl_op;

const char *op_name(sl_op op);

/* How far a role reaches for an operation. */
typedef enum {
    SCOPE_DENY = 0,
    SCOPE_ALL,     /* every target */
    SCOPE_CLASS,   /* mentor: students of classes he/she mentors */
    SCOPE_COMPANY, /* supervisor: students placed at his/her company */
    SCOPE_SELF,    /* student: him/herself; anyone: their own account */
} sl_scope;

sl_scope policy_scope(sl_role role, sl_op op);
/* The word list queries bind for a scope ("all", "class", "company", "self"; "none" for
 * SCOPE_DENY), so every query filters on the same spelling. */
const char *scope_word(sl_scope s);

/* Facts about one target, gathered by the caller. A field left false/empty means "not so". */
typedef struct {
    bool is_self;         /* the target is the caller's own student record or account */
    bool in_mentor_class; /* the target student is in a class the caller mentors */
    bool at_own_company;  /* the target (placement, or student via a current placement) is
                             at the caller's company */
} policy_target;

/* SL_OK or SL_EPERM for one target. A NULL target passes only SCOPE_ALL; list operations
 * instead ask policy_scope() and filter their query by the scope it returns. */
sl_status policy_check(const sl_principal *p, sl_op op, const policy_target *t);

#endif
