/* Unit tests for server/pure/policy.c: the full role x operation matrix, written out here
 * independently of the table in policy.c (one block per role, one line per operation, so a
 * change to the policy must be made twice, on purpose), and policy_check() over every role,
 * operation and combination of target facts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "policy.h"

/* The expected policy, from DESIGN.md / DOMAIN.md:
 * - everyone with a session may log out and change his/her own password;
 * - admin manages accounts, classes, companies, students and the school calendar and reads
 *   everything, but does not place students, write or sign agendas, log visits, assess,
 *   report dropouts or do the coaches' other casework;
 * - coach and support coach match and place students, log visits, sign agendas off in class,
 *   assess and report dropouts, and read every student;
 * - mentor reads only the students of his/her own class (lists that hold no student data,
 *   such as classes, companies, school years and partners, are open to him/her);
 * - supervisor reads and writes only for students placed at his/her own company;
 * - student reads only him/herself (plus public reference lists);
 * - subscriber (automation) only receives events and notifications.
 *
 * One row per operation; the string has one letter per role in enum order
 *     none, admin, coach, support_coach, mentor, supervisor, student, subscriber
 * with '-' deny, 'A' all, 'C' own class, 'P' own company, 'S' self. A new operation without
 * a row here fails test_matrix_covers_every_op. */
/* clang-format off */
static const struct {
    sl_op op;
    const char *scopes;
} expected_rows[] = {
    {OP_LOGOUT,                 "-SSSSSSS"},
    {OP_CHANGE_PASSWORD,        "-SSSSSSS"},
    {OP_USER_CREATE,            "-A------"},
    {OP_USER_LIST,              "-A------"},
    {OP_CLASS_CREATE,           "-A------"},
    {OP_CLASS_LIST,             "-AAAA---"},
    {OP_COMPANY_CREATE,         "-A------"},
    {OP_COMPANY_LIST,           "-AAAAP--"},
    {OP_STUDENT_CREATE,         "-A------"},
    {OP_STUDENT_READ,           "-AAACPS-"},
    {OP_PLACEMENT_CREATE,       "--AA----"},
    {OP_PLACEMENT_READ,         "-AAACPS-"},
    {OP_AGENDA_SUBMIT,          "-----P--"},
    {OP_AGENDA_SIGN,            "--AA-P--"},
    {OP_AGENDA_READ,            "-AAACPS-"},
    {OP_VISIT_LOG,              "--AA----"},
    {OP_VISIT_READ,             "-AAACPS-"},
    {OP_ASSESSMENT_SUBMIT,      "--AA-P--"},
    {OP_ASSESSMENT_READ,        "-AAACPS-"},
    {OP_DROPOUT_REPORT,         "--AA-P--"},
    {OP_EVENTS_SUBSCRIBE,       "-AAACP-A"},
    {OP_NOTIFICATIONS_READ,     "-AAACPSA"},
    /* The internship line. */
    {OP_SCHOOL_YEAR_SAVE,       "-A------"},
    {OP_SCHOOL_YEAR_LIST,       "-AAAA---"},
    {OP_SECTOR_LIST,            "-AAAAAA-"},
    {OP_STUDENT_UPDATE,         "-AAA----"},
    {OP_STUDENT_PROFILE_READ,   "-AAAC-S-"},
    {OP_PREPARATION_WRITE,      "--AAC---"},
    {OP_PREPARATION_READ,       "-AAAC-S-"},
    {OP_READINESS_ASSESS,       "--AA----"},
    {OP_READINESS_OVERRIDE,     "--AA----"},
    {OP_READINESS_READ,         "-AAAC-S-"},
    {OP_COMPANY_VISIT_MANAGE,   "-AAA----"},
    {OP_COMPANY_VISIT_SIGNUP,   "--AAC-S-"},
    {OP_COMPANY_VISIT_LIST,     "-AAAAPA-"},
    {OP_MATCH_SUGGEST,          "--AA----"},
    {OP_INTRO_MEETING,          "--AA----"},
    {OP_CONTRACT_SAVE,          "--AA----"},
    {OP_CONTRACT_SIGN,          "--AA-P--"},
    {OP_PLACEMENT_STATUS,       "--AA----"},
    {OP_WARNING_ACCEPT,         "--AA----"},
    {OP_ASSIGNMENT_WRITE,       "--AA-PS-"},
    {OP_STUDY_ADVICE,           "--AA----"},
    {OP_EXAM_SESSION,           "--AA----"},
    {OP_GROUP_MANAGE,           "--AA----"},
    {OP_GROUP_READ,             "-AAAC---"},
    {OP_VISIT_PLAN,             "--AA----"},
    {OP_EXIT_RECORD,            "--AA----"},
    {OP_PARTNER_MANAGE,         "-AAA----"},
    {OP_PARTNER_LIST,           "-AAAA---"},
    {OP_AFTERCARE_LOG,          "--AA----"},
    {OP_AFTERCARE_READ,         "-AAAC---"},
    {OP_OUTFLOW_REPORT,         "-AAA----"},
    {OP_DOSSIER_READ,           "-AAAC-S-"},
    {OP_CASELOAD,               "--AA----"},
    {OP_CLASS_OVERVIEW,         "-AAAC---"},
    {OP_AGENDA_REFLECT,         "------S-"},
    /* trustdomain */
    {OP_YEAR3_RECORD,           "--AA----"},
    {OP_YEAR3_READ,             "-AAAC-S-"},
    {OP_SKILLS_TRAINING_SAVE,   "--AA----"},
    {OP_SKILLS_TRAINING_READ,   "-AAAC-S-"},
    {OP_COURSE_HOURS_READ,      "-AAAC-S-"},
    /* dropout */
    {OP_DROPOUT_CASE_READ,      "-AAAC-S-"},
    {OP_DROPOUT_CASE_STEP,      "--AA----"},
    {OP_RISK_READ,              "-AAAC---"},
    {OP_RISK_SCAN,              "-AAA----"},
    /* clocking and hours */
    {OP_CLOCK,                  "-----PS-"},
    {OP_HOURS_READ,             "-AAACPS-"},
    {OP_HOURS_CORRECT,          "--AA-P--"},
    {OP_ABSENCE_REPORT,         "-----PS-"},
    /* kiosk PIN (issue 8) */
    {OP_PIN_SET,                "-AAA----"},
    /* learning goals and the student's own rating (issue 7 item 10) */
    {OP_GOAL_SET,               "--AA----"},
    {OP_GOAL_READ,              "-AAACPS-"},
    {OP_SELF_RATE,              "------S-"},
    /* the inbox (issue 9, notifications) */
    {OP_INBOX_READ,             "-AAACP--"},
    {OP_INBOX_ACK,              "-AAACP--"},
    /* accounts (issue 10) */
    {OP_ACCOUNT_MANAGE,         "-A------"},
    {OP_ACCOUNT_LIST,           "-A------"},
    {OP_DEVICE_CERT_MANAGE,     "-A------"},
    {OP_DEVICE_CERT_LIST,       "-A------"},
    /* backup and audit (issue 10) */
    {OP_BACKUP,                 "-A------"},
    {OP_AUDIT_READ,             "-A------"},
    /* import and export (issue 10) */
    {OP_STUDENT_IMPORT,         "-A------"},
    /* data rights (issue 10) */
    {OP_STUDENT_RECORD_EXPORT,  "-A------"},
    /* retention (issue 10) */
    {OP_STUDENT_RETENTION,      "-A------"},
    /* admin2: import of classes and companies (issue 10) */
    {OP_RECORDS_IMPORT,         "-A------"},
    /* subs (issue 9) */
    {OP_SUBSCRIBER_GRANT,       "-A------"},
    /* kioskui: the intern's own next visit */
    {OP_NEXT_VISIT_READ,        "------S-"},
};
/* clang-format on */

#define N_ROWS (sizeof expected_rows / sizeof expected_rows[0])

/* Operations that reveal a particular student's data: nobody outside the school staff may
 * reach every target of these. */
static const sl_op student_data_ops[] = {
    OP_STUDENT_READ,     OP_PLACEMENT_READ,     OP_AGENDA_READ,      OP_VISIT_READ,
    OP_ASSESSMENT_READ,  OP_NOTIFICATIONS_READ, OP_EVENTS_SUBSCRIBE, OP_STUDENT_PROFILE_READ,
    OP_PREPARATION_READ, OP_READINESS_READ,     OP_AFTERCARE_READ,   OP_DOSSIER_READ,
    OP_CLASS_OVERVIEW,   OP_DROPOUT_CASE_READ,  OP_RISK_READ, /* dropout */
    OP_NEXT_VISIT_READ,                                       /* kioskui */
};

static sl_scope letter_scope(char c)
{
    switch (c) {
    case 'A':
        return SCOPE_ALL;
    case 'C':
        return SCOPE_CLASS;
    case 'P':
        return SCOPE_COMPANY;
    case 'S':
        return SCOPE_SELF;
    case '-':
        return SCOPE_DENY;
    }
    fail_msg("bad letter '%c' in expected_rows", c);
    return SCOPE_DENY;
}

/* The expected scope of (role, op), looked up in expected_rows. */
static sl_scope expected(int role, int op)
{
    for (size_t i = 0; i < N_ROWS; i++)
        if ((int)expected_rows[i].op == op)
            return letter_scope(expected_rows[i].scopes[role]);
    fail_msg("no expectation for operation %s", op_name((sl_op)op));
    return SCOPE_DENY;
}

/* ------------------------------------------------------------------------------------- */
/* Helpers                                                                               */
/* ------------------------------------------------------------------------------------- */

static const char *scope_str(sl_scope s)
{
    switch (s) {
    case SCOPE_DENY:
        return "DENY";
    case SCOPE_ALL:
        return "ALL";
    case SCOPE_CLASS:
        return "CLASS";
    case SCOPE_COMPANY:
        return "COMPANY";
    case SCOPE_SELF:
        return "SELF";
    }
    return "?";
}

static sl_principal principal(sl_role role, const char *company_id)
{
    sl_principal p;
    memset(&p, 0, sizeof p);
    p.role = role;
    snprintf(p.user_id, sizeof p.user_id, "%s", "11111111-2222-4333-8444-555555555555");
    if (company_id)
        snprintf(p.company_id, sizeof p.company_id, "%s", company_id);
    return p;
}

static const char *const company = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";

/* What policy_check must answer, derived from the expected scope. */
static sl_status expected_check(sl_scope scope, const sl_principal *p, const policy_target *t)
{
    switch (scope) {
    case SCOPE_ALL:
        return SL_OK;
    case SCOPE_CLASS:
        return t && t->in_mentor_class ? SL_OK : SL_EPERM;
    case SCOPE_COMPANY:
        return t && t->at_own_company && p->company_id[0] ? SL_OK : SL_EPERM;
    case SCOPE_SELF:
        return t && t->is_self ? SL_OK : SL_EPERM;
    case SCOPE_DENY:
        break;
    }
    return SL_EPERM;
}

/* ------------------------------------------------------------------------------------- */
/* The matrix                                                                            */
/* ------------------------------------------------------------------------------------- */

static void test_matrix_covers_every_op(void **state)
{
    (void)state;
    /* Exactly one row per operation, one letter per role. */
    int rows_for[OP_COUNT] = {0};
    for (size_t i = 0; i < N_ROWS; i++) {
        assert_in_range(expected_rows[i].op, 0, OP_COUNT - 1);
        rows_for[expected_rows[i].op]++;
        assert_int_equal(strlen(expected_rows[i].scopes), ROLE_COUNT);
    }
    for (int o = 0; o < OP_COUNT; o++) {
        if (rows_for[o] != 1)
            print_error("operation %s has %d expectation rows\n", op_name((sl_op)o), rows_for[o]);
        assert_int_equal(rows_for[o], 1);
    }
    assert_int_equal(N_ROWS, OP_COUNT);
}

static void test_full_matrix(void **state)
{
    (void)state;
    int mismatches = 0;
    for (int r = 0; r < ROLE_COUNT; r++) {
        for (int o = 0; o < OP_COUNT; o++) {
            sl_scope got = policy_scope((sl_role)r, (sl_op)o);
            if (got != expected(r, o)) {
                print_error("policy_scope(%s, %s) = %s, expected %s\n", role_name((sl_role)r),
                            op_name((sl_op)o), scope_str(got), scope_str(expected(r, o)));
                mismatches++;
            }
        }
    }
    assert_int_equal(mismatches, 0);
}

/* Structural properties that must hold whatever the table says. */
static void test_scope_invariants(void **state)
{
    (void)state;
    for (int o = 0; o < OP_COUNT; o++) {
        /* No session, no access. */
        assert_int_equal(policy_scope(ROLE_NONE, (sl_op)o), SCOPE_DENY);
        for (int r = ROLE_ADMIN; r < ROLE_COUNT; r++) {
            sl_scope s = policy_scope((sl_role)r, (sl_op)o);
            /* Only a mentor is limited to a class, only a supervisor to a company. */
            if (s == SCOPE_CLASS)
                assert_int_equal(r, ROLE_MENTOR);
            if (s == SCOPE_COMPANY)
                assert_int_equal(r, ROLE_SUPERVISOR);
        }
    }
    /* Outside the school staff, nobody reaches every student's data. */
    for (size_t i = 0; i < sizeof student_data_ops / sizeof student_data_ops[0]; i++) {
        assert_int_not_equal(policy_scope(ROLE_MENTOR, student_data_ops[i]), SCOPE_ALL);
        assert_int_not_equal(policy_scope(ROLE_SUPERVISOR, student_data_ops[i]), SCOPE_ALL);
        assert_int_not_equal(policy_scope(ROLE_STUDENT, student_data_ops[i]), SCOPE_ALL);
    }
    /* A subscriber only hears events. */
    for (int o = 0; o < OP_COUNT; o++) {
        sl_scope s = policy_scope(ROLE_SUBSCRIBER, (sl_op)o);
        if (o == OP_EVENTS_SUBSCRIBE || o == OP_NOTIFICATIONS_READ || o == OP_LOGOUT ||
            o == OP_CHANGE_PASSWORD)
            continue;
        assert_int_equal(s, SCOPE_DENY);
    }
    /* Admin does not do the coaches' work. */
    const sl_op coach_work[] = {OP_PLACEMENT_CREATE, OP_AGENDA_SUBMIT,     OP_AGENDA_SIGN,
                                OP_VISIT_LOG,        OP_ASSESSMENT_SUBMIT, OP_DROPOUT_REPORT};
    for (size_t i = 0; i < sizeof coach_work / sizeof coach_work[0]; i++)
        assert_int_equal(policy_scope(ROLE_ADMIN, coach_work[i]), SCOPE_DENY);
    /* Nobody but admin manages accounts. */
    for (int r = ROLE_COACH; r < ROLE_COUNT; r++) {
        assert_int_equal(policy_scope((sl_role)r, OP_USER_CREATE), SCOPE_DENY);
        assert_int_equal(policy_scope((sl_role)r, OP_USER_LIST), SCOPE_DENY);
        assert_int_equal(policy_scope((sl_role)r, OP_STUDENT_CREATE), SCOPE_DENY);
    }
}

static void test_out_of_range(void **state)
{
    (void)state;
    assert_int_equal(policy_scope((sl_role)ROLE_COUNT, OP_LOGOUT), SCOPE_DENY);
    assert_int_equal(policy_scope((sl_role)(ROLE_COUNT + 100), OP_STUDENT_READ), SCOPE_DENY);
    assert_int_equal(policy_scope((sl_role)-1, OP_STUDENT_READ), SCOPE_DENY);
    assert_int_equal(policy_scope(ROLE_ADMIN, (sl_op)OP_COUNT), SCOPE_DENY);
    assert_int_equal(policy_scope(ROLE_ADMIN, (sl_op)-1), SCOPE_DENY);
    assert_int_equal(policy_scope(ROLE_ADMIN, (sl_op)100000), SCOPE_DENY);

    policy_target all = {.is_self = true, .in_mentor_class = true, .at_own_company = true};
    sl_principal p = principal((sl_role)ROLE_COUNT, company);
    assert_int_equal(policy_check(&p, OP_LOGOUT, &all), SL_EPERM);
    p = principal((sl_role)-1, company);
    assert_int_equal(policy_check(&p, OP_LOGOUT, &all), SL_EPERM);
    p = principal(ROLE_NONE, company);
    assert_int_equal(policy_check(&p, OP_LOGOUT, &all), SL_EPERM);
    p = principal(ROLE_ADMIN, NULL);
    assert_int_equal(policy_check(&p, (sl_op)OP_COUNT, &all), SL_EPERM);
    assert_int_equal(policy_check(&p, (sl_op)-1, &all), SL_EPERM);
    assert_string_equal(op_name((sl_op)OP_COUNT), "unknown");
    assert_string_equal(op_name((sl_op)-1), "unknown");
}

/* ------------------------------------------------------------------------------------- */
/* policy_check                                                                          */
/* ------------------------------------------------------------------------------------- */

static void test_check_null_principal(void **state)
{
    (void)state;
    policy_target all = {.is_self = true, .in_mentor_class = true, .at_own_company = true};
    for (int o = 0; o < OP_COUNT; o++) {
        assert_int_equal(policy_check(NULL, (sl_op)o, &all), SL_EUNAUTH);
        assert_int_equal(policy_check(NULL, (sl_op)o, NULL), SL_EUNAUTH);
    }
}

static void test_check_class_scope(void **state)
{
    (void)state;
    sl_principal mentor = principal(ROLE_MENTOR, NULL);
    policy_target t = {0};
    assert_int_equal(policy_check(&mentor, OP_STUDENT_READ, &t), SL_EPERM);
    assert_int_equal(policy_check(&mentor, OP_STUDENT_READ, NULL), SL_EPERM);
    /* Being at some company or being oneself does not open a class scope. */
    t.at_own_company = true;
    t.is_self = true;
    assert_int_equal(policy_check(&mentor, OP_STUDENT_READ, &t), SL_EPERM);
    t = (policy_target){.in_mentor_class = true};
    assert_int_equal(policy_check(&mentor, OP_STUDENT_READ, &t), SL_OK);
    assert_int_equal(policy_check(&mentor, OP_ASSESSMENT_READ, &t), SL_OK);
    /* In the class, but the operation is denied to mentors. */
    assert_int_equal(policy_check(&mentor, OP_PLACEMENT_CREATE, &t), SL_EPERM);
    assert_int_equal(policy_check(&mentor, OP_DROPOUT_REPORT, &t), SL_EPERM);
}

static void test_check_company_scope(void **state)
{
    (void)state;
    sl_principal sup = principal(ROLE_SUPERVISOR, company);
    policy_target t = {.at_own_company = true};
    assert_int_equal(policy_check(&sup, OP_AGENDA_SUBMIT, &t), SL_OK);
    assert_int_equal(policy_check(&sup, OP_DROPOUT_REPORT, &t), SL_OK);
    assert_int_equal(policy_check(&sup, OP_STUDENT_READ, NULL), SL_EPERM);
    /* A supervisor without a company reaches nothing, even if the caller claims otherwise. */
    sl_principal lost = principal(ROLE_SUPERVISOR, NULL);
    assert_int_equal(policy_check(&lost, OP_AGENDA_SUBMIT, &t), SL_EPERM);
    assert_int_equal(policy_check(&lost, OP_STUDENT_READ, &t), SL_EPERM);
    /* Not at the own company. */
    t = (policy_target){.is_self = true, .in_mentor_class = true};
    assert_int_equal(policy_check(&sup, OP_STUDENT_READ, &t), SL_EPERM);
    /* At the own company, but a visit is the coach's to log. */
    t = (policy_target){.at_own_company = true};
    assert_int_equal(policy_check(&sup, OP_VISIT_LOG, &t), SL_EPERM);
    assert_int_equal(policy_check(&sup, OP_PLACEMENT_CREATE, &t), SL_EPERM);
}

static void test_check_self_scope(void **state)
{
    (void)state;
    sl_principal student = principal(ROLE_STUDENT, NULL);
    policy_target me = {.is_self = true};
    policy_target other = {.in_mentor_class = true, .at_own_company = true};
    assert_int_equal(policy_check(&student, OP_STUDENT_READ, &me), SL_OK);
    assert_int_equal(policy_check(&student, OP_AGENDA_READ, &me), SL_OK);
    assert_int_equal(policy_check(&student, OP_STUDENT_READ, &other), SL_EPERM);
    assert_int_equal(policy_check(&student, OP_STUDENT_READ, NULL), SL_EPERM);
    assert_int_equal(policy_check(&student, OP_AGENDA_SIGN, &me), SL_EPERM);
    /* Own account operations for every role. */
    for (int r = ROLE_ADMIN; r < ROLE_COUNT; r++) {
        sl_principal p = principal((sl_role)r, r == ROLE_SUPERVISOR ? company : NULL);
        assert_int_equal(policy_check(&p, OP_CHANGE_PASSWORD, &me), SL_OK);
        assert_int_equal(policy_check(&p, OP_CHANGE_PASSWORD, &other), SL_EPERM);
        assert_int_equal(policy_check(&p, OP_LOGOUT, NULL), SL_EPERM);
    }
}

static void test_check_all_scope_null_target(void **state)
{
    (void)state;
    sl_principal admin = principal(ROLE_ADMIN, NULL);
    assert_int_equal(policy_check(&admin, OP_USER_CREATE, NULL), SL_OK);
    assert_int_equal(policy_check(&admin, OP_STUDENT_READ, NULL), SL_OK);
    policy_target none = {0};
    assert_int_equal(policy_check(&admin, OP_STUDENT_READ, &none), SL_OK);
    assert_int_equal(policy_check(&admin, OP_PLACEMENT_CREATE, NULL), SL_EPERM);
    sl_principal coach = principal(ROLE_COACH, NULL);
    assert_int_equal(policy_check(&coach, OP_PLACEMENT_CREATE, NULL), SL_OK);
    assert_int_equal(policy_check(&coach, OP_USER_CREATE, NULL), SL_EPERM);
}

/* Every role x operation x (NULL target or 8 fact combinations) x (with/without company). */
static void test_check_exhaustive(void **state)
{
    (void)state;
    int mismatches = 0;
    for (int r = 0; r < ROLE_COUNT; r++) {
        for (int with_company = 0; with_company < 2; with_company++) {
            sl_principal p = principal((sl_role)r, with_company ? company : NULL);
            for (int o = 0; o < OP_COUNT; o++) {
                for (int bits = -1; bits < 8; bits++) {
                    policy_target t = {
                        .is_self = bits >= 0 && (bits & 1),
                        .in_mentor_class = bits >= 0 && (bits & 2),
                        .at_own_company = bits >= 0 && (bits & 4),
                    };
                    const policy_target *tp = bits < 0 ? NULL : &t;
                    sl_status want = expected_check(expected(r, o), &p, tp);
                    sl_status got = policy_check(&p, (sl_op)o, tp);
                    if (got != want) {
                        print_error("policy_check(%s%s, %s, target %d) = %d, expected %d\n",
                                    role_name((sl_role)r), with_company ? "+company" : "",
                                    op_name((sl_op)o), bits, (int)got, (int)want);
                        mismatches++;
                    }
                }
            }
        }
    }
    assert_int_equal(mismatches, 0);
}

/* ------------------------------------------------------------------------------------- */
/* Names                                                                                 */
/* ------------------------------------------------------------------------------------- */

static void test_role_names(void **state)
{
    (void)state;
    /* The spellings the users table's CHECK constraint accepts. */
    static const char *const names[ROLE_COUNT] = {
        [ROLE_NONE] = "none",       [ROLE_ADMIN] = "admin",
        [ROLE_COACH] = "coach",     [ROLE_SUPPORT_COACH] = "support_coach",
        [ROLE_MENTOR] = "mentor",   [ROLE_SUPERVISOR] = "supervisor",
        [ROLE_STUDENT] = "student", [ROLE_SUBSCRIBER] = "subscriber",
    };
    for (int r = 0; r < ROLE_COUNT; r++)
        assert_string_equal(role_name((sl_role)r), names[r]);
    for (int r = ROLE_ADMIN; r < ROLE_COUNT; r++)
        assert_int_equal(role_parse(role_name((sl_role)r)), r);
    assert_int_equal(role_parse("none"), ROLE_NONE);
    assert_int_equal(role_parse(NULL), ROLE_NONE);
    assert_int_equal(role_parse(""), ROLE_NONE);
    assert_int_equal(role_parse("Admin"), ROLE_NONE);
    assert_int_equal(role_parse("admin "), ROLE_NONE);
    assert_int_equal(role_parse("support"), ROLE_NONE);
    assert_string_equal(role_name((sl_role)ROLE_COUNT), "none");
    assert_string_equal(role_name((sl_role)-1), "none");
}

static void test_op_names(void **state)
{
    (void)state;
    for (int o = 0; o < OP_COUNT; o++) {
        const char *n = op_name((sl_op)o);
        assert_non_null(n);
        assert_true(n[0] != '\0');
        assert_string_not_equal(n, "unknown");
        for (int k = 0; k < o; k++)
            assert_string_not_equal(n, op_name((sl_op)k));
    }
    assert_string_equal(op_name(OP_LOGOUT), "logout");
    assert_string_equal(op_name(OP_NOTIFICATIONS_READ), "notifications.read");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matrix_covers_every_op),
        cmocka_unit_test(test_full_matrix),
        cmocka_unit_test(test_scope_invariants),
        cmocka_unit_test(test_out_of_range),
        cmocka_unit_test(test_check_null_principal),
        cmocka_unit_test(test_check_class_scope),
        cmocka_unit_test(test_check_company_scope),
        cmocka_unit_test(test_check_self_scope),
        cmocka_unit_test(test_check_all_scope_null_target),
        cmocka_unit_test(test_check_exhaustive),
        cmocka_unit_test(test_role_names),
        cmocka_unit_test(test_op_names),
    };
    return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
