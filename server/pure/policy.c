#include "policy.h"

#include <string.h>

static const char *const role_names[ROLE_COUNT] = {
    "none", "admin", "coach", "support_coach", "mentor", "supervisor", "student", "subscriber",
};

const char *role_name(sl_role r)
{
    return r >= 0 && r < ROLE_COUNT ? role_names[r] : "none";
}

bool role_is_school_staff(sl_role r)
{
    return r == ROLE_ADMIN || r == ROLE_COACH || r == ROLE_SUPPORT_COACH || r == ROLE_MENTOR;
}

const char *scope_word(sl_scope s)
{
    switch (s) {
    case SCOPE_ALL:
        return "all";
    case SCOPE_CLASS:
        return "class";
    case SCOPE_COMPANY:
        return "company";
    case SCOPE_SELF:
        return "self";
    default:
        return "none";
    }
}

sl_role role_parse(const char *name)
{
    for (int r = 1; r < ROLE_COUNT; r++)
        if (name && strcmp(name, role_names[r]) == 0)
            return (sl_role)r;
    return ROLE_NONE;
}

#define D SCOPE_DENY
#define A SCOPE_ALL
#define C SCOPE_CLASS
#define P SCOPE_COMPANY
#define S SCOPE_SELF

/* The whole policy as one table: rows are operations, columns roles in enum order
 * (none, admin, coach, support_coach, mentor, supervisor, student, subscriber). */
static const struct {
    const char *name;
    sl_scope scope[ROLE_COUNT];
} policy_table[OP_COUNT] = {
    [OP_LOGOUT] = {"logout", {D, S, S, S, S, S, S, S}},
    [OP_CHANGE_PASSWORD] = {"change_password", {D, S, S, S, S, S, S, S}},
    [OP_USER_CREATE] = {"user.create", {D, A, D, D, D, D, D, D}},
    [OP_USER_LIST] = {"user.list", {D, A, D, D, D, D, D, D}},
    [OP_CLASS_CREATE] = {"class.create", {D, A, D, D, D, D, D, D}},
    [OP_CLASS_LIST] = {"class.list", {D, A, A, A, A, D, D, D}},
    [OP_COMPANY_CREATE] = {"company.create", {D, A, D, D, D, D, D, D}},
    /* Coaches match students to companies, so they read every company; a supervisor his own. */
    [OP_COMPANY_LIST] = {"company.list", {D, A, A, A, A, P, D, D}},
    [OP_STUDENT_CREATE] = {"student.create", {D, A, D, D, D, D, D, D}},
    [OP_STUDENT_READ] = {"student.read", {D, A, A, A, C, P, S, D}},
    [OP_PLACEMENT_CREATE] = {"placement.create", {D, D, A, A, D, D, D, D}},
    [OP_PLACEMENT_READ] = {"placement.read", {D, A, A, A, C, P, S, D}},
    [OP_AGENDA_SUBMIT] = {"agenda.submit", {D, D, D, D, D, P, D, D}},
    /* The supervisor signs the week; the coach signs it off in class. */
    [OP_AGENDA_SIGN] = {"agenda.sign", {D, D, A, A, D, P, D, D}},
    [OP_AGENDA_READ] = {"agenda.read", {D, A, A, A, C, P, S, D}},
    [OP_VISIT_LOG] = {"visit.log", {D, D, A, A, D, D, D, D}},
    [OP_VISIT_READ] = {"visit.read", {D, A, A, A, C, P, S, D}},
    [OP_ASSESSMENT_SUBMIT] = {"assessment.submit", {D, D, A, A, D, P, D, D}},
    [OP_ASSESSMENT_READ] = {"assessment.read", {D, A, A, A, C, P, S, D}},
    [OP_DROPOUT_REPORT] = {"dropout.report", {D, D, A, A, D, P, D, D}},
    /* Events are filtered per recipient: a mentor hears of his class, a supervisor of his
     * company; subscribers (automation) see all topics they ask for. */
    [OP_EVENTS_SUBSCRIBE] = {"events.subscribe", {D, A, A, A, C, P, D, A}},
    [OP_NOTIFICATIONS_READ] = {"notifications.read", {D, A, A, A, C, P, S, A}},

    /* The internship line. Columns: none, admin, coach, support_coach, mentor, supervisor,
     * student, subscriber. */
    [OP_SCHOOL_YEAR_SAVE] = {"school_year.save", {D, A, D, D, D, D, D, D}},
    [OP_SCHOOL_YEAR_LIST] = {"school_year.list", {D, A, A, A, A, D, D, D}},
    [OP_SECTOR_LIST] = {"sector.list", {D, A, A, A, A, A, A, D}},
    [OP_STUDENT_UPDATE] = {"student.update", {D, A, A, A, D, D, D, D}},
    /* Support needs, NT2, address and date of birth are for school staff; a student may
     * read his/her own (right of access). */
    [OP_STUDENT_PROFILE_READ] = {"student.profile", {D, A, A, A, C, D, S, D}},
    /* The interest test is taken in class; mentor and coaches record it. */
    [OP_PREPARATION_WRITE] = {"preparation.write", {D, D, A, A, C, D, D, D}},
    [OP_PREPARATION_READ] = {"preparation.read", {D, A, A, A, C, D, S, D}},
    [OP_READINESS_ASSESS] = {"readiness.assess", {D, D, A, A, D, D, D, D}},
    [OP_READINESS_OVERRIDE] = {"readiness.override", {D, D, A, A, D, D, D, D}},
    [OP_READINESS_READ] = {"readiness.read", {D, A, A, A, C, D, S, D}},
    [OP_COMPANY_VISIT_MANAGE] = {"company_visit.manage", {D, A, A, A, D, D, D, D}},
    /* Students sign themselves up; staff may sign a student up. */
    [OP_COMPANY_VISIT_SIGNUP] = {"company_visit.signup", {D, D, A, A, C, D, S, D}},
    [OP_COMPANY_VISIT_LIST] = {"company_visit.list", {D, A, A, A, A, P, A, D}},
    [OP_MATCH_SUGGEST] = {"match.suggest", {D, D, A, A, D, D, D, D}},
    [OP_INTRO_MEETING] = {"intro_meeting.record", {D, D, A, A, D, D, D, D}},
    [OP_CONTRACT_SAVE] = {"contract.save", {D, D, A, A, D, D, D, D}},
    /* The coach records the signatures on the paper contract; a supervisor may record the
     * company's own signature (the handler checks the party). */
    [OP_CONTRACT_SIGN] = {"contract.sign", {D, D, A, A, D, P, D, D}},
    [OP_PLACEMENT_STATUS] = {"placement.status", {D, D, A, A, D, D, D, D}},
    [OP_WARNING_ACCEPT] = {"warning.accept", {D, D, A, A, D, D, D, D}},
    /* The supervisor updates the status of practical assignments at the company. */
    [OP_ASSIGNMENT_WRITE] = {"assignment.write", {D, D, A, A, D, P, S, D}},
    [OP_STUDY_ADVICE] = {"study_advice.record", {D, D, A, A, D, D, D, D}},
    [OP_EXAM_SESSION] = {"exam_session.save", {D, D, A, A, D, D, D, D}},
    [OP_GROUP_MANAGE] = {"group.manage", {D, D, A, A, D, D, D, D}},
    /* A mentor sees the sessions with the students of his/her class only. */
    [OP_GROUP_READ] = {"group.read", {D, A, A, A, C, D, D, D}},
    [OP_VISIT_PLAN] = {"visit.plan", {D, D, A, A, D, D, D, D}},
    [OP_EXIT_RECORD] = {"exit.record", {D, D, A, A, D, D, D, D}},
    [OP_PARTNER_MANAGE] = {"partner.manage", {D, A, A, A, D, D, D, D}},
    [OP_PARTNER_LIST] = {"partner.list", {D, A, A, A, A, D, D, D}},
    [OP_AFTERCARE_LOG] = {"aftercare.log", {D, D, A, A, D, D, D, D}},
    [OP_AFTERCARE_READ] = {"aftercare.read", {D, A, A, A, C, D, D, D}},
    [OP_OUTFLOW_REPORT] = {"outflow.report", {D, A, A, A, D, D, D, D}},
    /* The dossier is the student's whole line: school staff, the class mentor, and the
     * student (right of access). Not the company. */
    [OP_DOSSIER_READ] = {"dossier.read", {D, A, A, A, C, D, S, D}},
    [OP_CASELOAD] = {"caseload.read", {D, D, A, A, D, D, D, D}},
    [OP_CLASS_OVERVIEW] = {"class.overview", {D, A, A, A, C, D, D, D}},
    /* DOMAIN: the student writes his/her own reflections and assignment work. */
    [OP_AGENDA_REFLECT] = {"agenda.reflect", {D, D, D, D, D, D, S, D}},

    /* trustdomain. The coaches assess and record toward the sector choice; the mentor of the
     * class and the student read it (as the dossier). Not the company: the masterpiece and
     * the sector choice are the school's. */
    [OP_YEAR3_RECORD] = {"year3.record", {D, D, A, A, D, D, D, D}},
    [OP_YEAR3_READ] = {"year3.read", {D, A, A, A, C, D, S, D}},
    /* The coach who handles the dropout arranges the training; the mentor is told of every
     * step of a dropout and sees the trainings of his/her class. */
    [OP_SKILLS_TRAINING_SAVE] = {"skills_training.save", {D, D, A, A, D, D, D, D}},
    [OP_SKILLS_TRAINING_READ] = {"skills_training.read", {D, A, A, A, C, D, S, D}},
    [OP_COURSE_HOURS_READ] = {"course_hours.read", {D, A, A, A, C, D, S, D}},
    /* dropout: the case is school business: coaches take its steps, the mentor follows his/her
     * class's cases (and is told of each step), the student reads his/her own (right of
     * access); the company is told nothing beyond the dropout it reported. */
    [OP_DROPOUT_CASE_READ] = {"dropout_case.read", {D, A, A, A, C, D, S, D}},
    [OP_DROPOUT_CASE_STEP] = {"dropout_case.step", {D, D, A, A, D, D, D, D}},
    /* The risk signal weighs personal circumstances: school staff only, a mentor his class. */
    [OP_RISK_READ] = {"risk.read", {D, A, A, A, C, D, D, D}},
    /* A scan raises events; the coaches (or an admin's cron job) run it. */
    [OP_RISK_SCAN] = {"risk.scan", {D, A, A, A, D, D, D, D}},
    /* Clocking and hours: the intern clocks him/herself in and out on the company's kiosk, a
     * supervisor his/her interns; absence is reported by the one or the other. Coaches may
     * correct a week as the supervisor may (the correction keeps who and why). */
    [OP_CLOCK] = {"clock", {D, D, D, D, D, P, S, D}},
    [OP_HOURS_READ] = {"hours.read", {D, A, A, A, C, P, S, D}},
    [OP_HOURS_CORRECT] = {"hours.correct", {D, D, A, A, D, P, D, D}},
    [OP_ABSENCE_REPORT] = {"absence.report", {D, D, D, D, D, P, S, D}},
    /* kiosk PIN (issue 8): an admin or a coach (the support coach too) sets an intern's PIN;
     * a coach's scope is every student, as for placements. */
    [OP_PIN_SET] = {"pin.set", {D, A, A, A, D, D, D, D}},
    /* Learning goals (issue 7 item 10): the coach sets them (with the company at the contract,
     * with the student for personal goals); who reads assessments reads the goals. */
    [OP_GOAL_SET] = {"goal.set", {D, D, A, A, D, D, D, D}},
    [OP_GOAL_READ] = {"goal.read", {D, A, A, A, C, P, S, D}},
    /* The student rates his/her own competences ("waardering door de leerling"). */
    [OP_SELF_RATE] = {"self_rating.save", {D, D, D, D, D, D, S, D}},
    /* the inbox (issue 9, notifications): what notifications.read shows, for staff */
    [OP_INBOX_READ] = {"inbox.read", {D, A, A, A, C, P, D, D}},
    [OP_INBOX_ACK] = {"inbox.ack", {D, A, A, A, C, P, D, D}},
    /* Accounts (issue 10): the administrator's alone; a coach who is locked out asks him. */
    [OP_ACCOUNT_MANAGE] = {"account.manage", {D, A, D, D, D, D, D, D}},
    [OP_ACCOUNT_LIST] = {"account.list", {D, A, D, D, D, D, D, D}},
    [OP_DEVICE_CERT_MANAGE] = {"device_cert.manage", {D, A, D, D, D, D, D, D}},
    [OP_DEVICE_CERT_LIST] = {"device_cert.list", {D, A, D, D, D, D, D, D}},
    /* backup and audit (issue 10): the administrator's alone; the audit log names everybody's
     * reads and writes, so nobody else reads it. */
    [OP_BACKUP] = {"backup", {D, A, D, D, D, D, D, D}},
    [OP_AUDIT_READ] = {"audit.read", {D, A, D, D, D, D, D, D}},
    /* import and export (issue 10) */
    [OP_STUDENT_IMPORT] = {"student.import", {D, A, D, D, D, D, D, D}},
    /* data rights (issue 10): the right of access is answered by the administrator alone */
    [OP_STUDENT_RECORD_EXPORT] = {"student_record.export", {D, A, D, D, D, D, D, D}},
    /* retention (issue 10): erasure is the administrator's alone */
    [OP_STUDENT_RETENTION] = {"student.retention", {D, A, D, D, D, D, D, D}},
    /* admin2 (issue 10): classes and companies imported by the administrator alone */
    [OP_RECORDS_IMPORT] = {"records.import", {D, A, D, D, D, D, D, D}},
    /* subs (issue 9): which topics a subscriber (automation) account receives is the
     * administrator's decision, as the account itself is */
    [OP_SUBSCRIBER_GRANT] = {"subscriber.grant", {D, A, D, D, D, D, D, D}},
    /* kioskui: the intern asks when the coach comes next; staff have the visit plan. */
    [OP_NEXT_VISIT_READ] = {"next_visit.read", {D, D, D, D, D, D, S, D}},
};

#undef D
#undef A
#undef C
#undef P
#undef S

const char *op_name(sl_op op)
{
    return op >= 0 && op < OP_COUNT ? policy_table[op].name : "unknown";
}

sl_scope policy_scope(sl_role role, sl_op op)
{
    if (role <= ROLE_NONE || role >= ROLE_COUNT || op < 0 || op >= OP_COUNT)
        return SCOPE_DENY;
    return policy_table[op].scope[role];
}

sl_status policy_check(const sl_principal *p, sl_op op, const policy_target *t)
{
    if (!p)
        return SL_EUNAUTH;
    switch (policy_scope(p->role, op)) {
    case SCOPE_ALL:
        return SL_OK;
    case SCOPE_CLASS:
        return t && t->in_mentor_class ? SL_OK : SL_EPERM;
    case SCOPE_COMPANY:
        return t && t->at_own_company && p->company_id[0] ? SL_OK : SL_EPERM;
    case SCOPE_SELF:
        return t && t->is_self ? SL_OK : SL_EPERM;
    case SCOPE_DENY:
    default:
        return SL_EPERM;
    }
}
