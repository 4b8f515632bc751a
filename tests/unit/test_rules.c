/* Unit tests for server/pure/rules.c: every rule at its boundaries. Rule ids are spelled out as
 * string literals on purpose, so that renaming a stable id breaks a test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "messages.h"
#include "rules.h"

/* ------------------------------------------------------------------------------------- */
/* Helpers                                                                               */
/* ------------------------------------------------------------------------------------- */

static rules_date D(int y, int m, int d)
{
    rules_date x = {y, m, d};
    return x;
}

/* Monday 3 March 2025 starts the reference week; Sunday is 9 March. */
#define MON D(2025, 3, 3)
#define TUE D(2025, 3, 4)
#define WED D(2025, 3, 5)
#define THU D(2025, 3, 6)
#define FRI D(2025, 3, 7)
#define SAT D(2025, 3, 8)
#define SUN D(2025, 3, 9)

/* Born 15 January, so the age is the same on every day of the reference weeks. */
static rules_date born_aged(int age)
{
    return D(2025 - age, 1, 15);
}

static rules_work_day day(rules_date date, int start, int end, int brk)
{
    rules_work_day w;
    memset(&w, 0, sizeof w);
    w.date = date;
    w.start_min = start;
    w.end_min = end;
    if (brk > 0) {
        w.break_parts[0] = brk;
        w.n_break_parts = 1;
    }
    w.school_day = true;
    return w;
}

static rules_work_day day_split(rules_date date, int start, int end, int p1, int p2)
{
    rules_work_day w = day(date, start, end, 0);
    w.break_parts[0] = p1;
    w.break_parts[1] = p2;
    w.n_break_parts = 2;
    return w;
}

static void check_days(rules_date birth, const rules_work_day *days, size_t n, bool sunday_ok,
                       rule_report *r)
{
    rules_work_schedule s;
    s.birth = birth;
    s.days = days;
    s.n_days = n;
    s.sunday_work_permitted = sunday_ok;
    rules_report_init(r);
    rules_check_working_time(&s, r);
}

static void check_one(rules_date birth, rules_work_day d, rule_report *r)
{
    check_days(birth, &d, 1, false, r);
}

static bool any_prefix(const rule_report *r, const char *prefix)
{
    for (int i = 0; i < r->count; i++)
        if (strncmp(r->items[i].id, prefix, strlen(prefix)) == 0)
            return true;
    return false;
}

#define HAS(r, id) assert_true(rules_report_has((r), (id)))
#define HASNOT(r, id) assert_false(rules_report_has((r), (id)))
#define H(h, m) RULES_HM(h, m)

/* ------------------------------------------------------------------------------------- */
/* Dates                                                                                 */
/* ------------------------------------------------------------------------------------- */

static void test_date_arithmetic(void **state)
{
    (void)state;
    assert_int_equal(rules_date_to_days(D(1970, 1, 1)), 0);
    assert_int_equal(rules_date_to_days(D(2000, 3, 1)), 11017);
    assert_int_equal(rules_date_to_days(D(1969, 12, 31)), -1);
    for (long n = -719000; n <= 2900000; n += 97) { /* years 1..9909 */
        rules_date d = rules_date_from_days(n);
        assert_true(rules_date_valid(d));
        assert_int_equal(rules_date_to_days(d), n);
    }
    assert_int_equal(rules_date_weekday(MON), 1);
    assert_int_equal(rules_date_weekday(SUN), 7);
    assert_int_equal(rules_date_weekday(D(1970, 1, 1)), 4);
    assert_int_equal(rules_date_compare(rules_date_week_monday(SUN), MON), 0);
    assert_int_equal(rules_date_compare(rules_date_week_monday(MON), MON), 0);
    assert_int_equal(rules_date_compare(rules_date_add_days(D(2024, 12, 31), 1), D(2025, 1, 1)), 0);
    assert_int_equal(rules_date_compare(rules_date_add_days(D(2024, 2, 28), 1), D(2024, 2, 29)), 0);
    assert_int_equal(rules_date_compare(rules_date_add_days(D(2025, 2, 28), 1), D(2025, 3, 1)), 0);
    assert_int_equal(rules_date_days_between(D(2024, 1, 1), D(2025, 1, 1)), 366);
    assert_int_equal(rules_date_days_between(D(2025, 1, 1), D(2024, 1, 1)), -366);
    assert_int_equal(rules_date_compare(rules_date_add_months(D(2024, 8, 31), 6), D(2025, 2, 28)),
                     0);
    assert_int_equal(rules_date_compare(rules_date_add_months(D(2023, 8, 31), 6), D(2024, 2, 29)),
                     0);
    assert_int_equal(rules_date_compare(rules_date_add_months(D(2025, 11, 10), 4), D(2026, 3, 10)),
                     0);
    assert_true(rules_date_valid(D(2024, 2, 29)));
    assert_false(rules_date_valid(D(2025, 2, 29)));
    assert_false(rules_date_valid(D(1900, 2, 29)));
    assert_true(rules_date_valid(D(2000, 2, 29)));
    assert_false(rules_date_valid(D(2025, 4, 31)));
    assert_false(rules_date_valid(D(2025, 13, 1)));
    assert_false(rules_date_valid(D(0, 0, 0)));
}

static void test_age_on(void **state)
{
    (void)state;
    assert_int_equal(rules_date_age_on(D(2010, 3, 4), D(2025, 3, 3)), 14);
    assert_int_equal(rules_date_age_on(D(2010, 3, 4), D(2025, 3, 4)), 15);
    assert_int_equal(rules_date_age_on(D(2010, 12, 31), D(2025, 1, 1)), 14);
    /* 29 February: a year older on 1 March in common years, on 29 February in leap years. */
    assert_int_equal(rules_date_age_on(D(2008, 2, 29), D(2025, 2, 28)), 16);
    assert_int_equal(rules_date_age_on(D(2008, 2, 29), D(2025, 3, 1)), 17);
    assert_int_equal(rules_date_age_on(D(2008, 2, 29), D(2024, 2, 28)), 15);
    assert_int_equal(rules_date_age_on(D(2008, 2, 29), D(2024, 2, 29)), 16);
    assert_int_equal(rules_date_age_on(D(2008, 2, 29), D(2026, 2, 28)), 17);
    assert_int_equal(rules_date_age_on(D(2008, 2, 29), D(2026, 3, 1)), 18);
    assert_int_equal(rules_date_age_on(D(2010, 3, 4), D(2010, 3, 4)), 0);
    assert_int_equal(rules_date_age_on(D(2010, 3, 4), D(2010, 3, 3)), -1);
    assert_int_equal(rules_date_age_on(D(2010, 2, 30), D(2025, 3, 3)), -1);
}

/* ------------------------------------------------------------------------------------- */
/* Report and catalog                                                                    */
/* ------------------------------------------------------------------------------------- */

static void test_report_dedupe_and_message(void **state)
{
    (void)state;
    rule_report r;
    rules_report_init(&r);
    rules_report_add(&r, "LAW_MINOR_NIGHT_14_15", "%s", "first");
    rules_report_add(&r, "LAW_MINOR_NIGHT_14_15", "%s", "second");
    assert_int_equal(r.count, 1);
    assert_int_equal(r.items[0].occurrences, 2);
    assert_int_equal(r.items[0].severity, RULE_ERROR);
    assert_non_null(strstr(r.items[0].message, "19:00"));
    assert_non_null(strstr(r.items[0].message, "first"));
    assert_null(strstr(r.items[0].message, "second"));
    assert_true(rules_report_has_errors(&r));

    char longtext[600];
    memset(longtext, 'x', sizeof longtext - 1);
    longtext[sizeof longtext - 1] = '\0';
    rules_report_add(&r, "SCHOOL_VISIT_OVERDUE", "%s", longtext);
    const rule_violation *v = rules_report_find(&r, "SCHOOL_VISIT_OVERDUE");
    assert_non_null(v);
    assert_int_equal(v->severity, RULE_WARNING);
    assert_true(strlen(v->message) < RULE_MESSAGE_MAX);
    assert_int_equal(r.errors, 1);
    assert_int_equal(r.warnings, 1);
}

/* Details with a code: the violation keeps the code and the raw parameters (a date, minutes),
 * the message the English text with the duration as H:MM h; only the first occurrence. */
static void test_report_detail_code_and_params(void **state)
{
    (void)state;
    rule_report r;
    rules_report_init(&r);
    rules_report_detail(&r, "LAW_MINOR_MAX_DAY_14_15", DET_DAY_WORKED, "2027-02-01", 570L);
    rules_report_detail(&r, "LAW_MINOR_MAX_DAY_14_15", DET_DAY_WORKED, "2027-02-02", 600L);
    assert_int_equal(r.count, 1);
    const rule_violation *v = &r.items[0];
    assert_int_equal(v->occurrences, 2);
    assert_string_equal(v->detail_code, "det_day_worked");
    assert_int_equal(v->n_detail_params, 2);
    assert_string_equal(v->detail_params[0], "2027-02-01");
    assert_string_equal(v->detail_params[1], "570");
    assert_non_null(strstr(v->message, "(2027-02-01: 9:30 h worked)"));
    /* No details: no code. The old call shape still compiles and gives English only. */
    rules_report_detail(&r, "LAW_MINOR_AGE_13", DET_NO_DAYS);
    assert_string_equal(rules_report_find(&r, "LAW_MINOR_AGE_13")->detail_code, "det_no_days");
    rules_report_add(&r, "LAW_MINOR_NIGHT_14_15", "%s", "free text");
    assert_null(rules_report_find(&r, "LAW_MINOR_NIGHT_14_15")->detail_code);
}

static void test_report_overflow_keeps_errors(void **state)
{
    (void)state;
    size_t n;
    const rules_rule_info *cat = rules_catalog(&n);
    rule_report r;
    rules_report_init(&r);
    int warnings = 0;
    for (size_t i = 0; i < n; i++)
        if (cat[i].severity == RULE_WARNING) {
            rules_report_add(&r, cat[i].id, NULL);
            warnings++;
        }
    assert_true(warnings < RULE_REPORT_CAPACITY);
    const char *last_error = NULL;
    size_t i = 0;
    while (r.count < RULE_REPORT_CAPACITY) {
        if (cat[i].severity == RULE_ERROR)
            rules_report_add(&r, cat[i].id, NULL);
        i++;
    }
    /* The report is full of a mix; one more error must push out a warning. */
    for (; i < n; i++)
        if (cat[i].severity == RULE_ERROR) {
            last_error = cat[i].id;
            break;
        }
    assert_non_null(last_error);
    assert_false(rules_report_has(&r, last_error));
    rules_report_add(&r, last_error, NULL);
    assert_int_equal(r.count, RULE_REPORT_CAPACITY);
    assert_int_equal(r.dropped, 1);
    assert_true(rules_report_has(&r, last_error));
    assert_int_equal(r.warnings, warnings);

    /* Full of errors only: a new warning is dropped, a new error is counted. */
    rule_report e;
    rules_report_init(&e);
    int added = 0;
    for (size_t k = 0; k < n; k++)
        if (cat[k].severity == RULE_ERROR) {
            rules_report_add(&e, cat[k].id, NULL);
            added++;
        }
    assert_true(added > RULE_REPORT_CAPACITY);
    assert_int_equal(e.count, RULE_REPORT_CAPACITY);
    assert_int_equal(e.errors, added);
    assert_int_equal(e.dropped, added - RULE_REPORT_CAPACITY);
    rules_report_add(&e, "SCHOOL_VISIT_OVERDUE", NULL);
    assert_false(rules_report_has(&e, "SCHOOL_VISIT_OVERDUE"));
    assert_int_equal(e.warnings, 1);
}

static void test_catalog_consistent(void **state)
{
    (void)state;
    size_t n;
    const rules_rule_info *cat = rules_catalog(&n);
    assert_true(n > 50);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(cat[i].summary);
        assert_non_null(cat[i].source);
        assert_ptr_equal(rules_lookup(cat[i].id), &cat[i]);
        for (size_t j = i + 1; j < n; j++)
            assert_string_not_equal(cat[i].id, cat[j].id);
        /* The prefix promises the severity to readers of the id. */
        if (strncmp(cat[i].id, "LAW_", 4) == 0 || strncmp(cat[i].id, "INPUT_", 6) == 0 ||
            strncmp(cat[i].id, "CAP_", 4) == 0)
            assert_int_equal(cat[i].severity, RULE_ERROR);
        if (strncmp(cat[i].id, "SCHOOL_", 7) == 0)
            assert_int_equal(cat[i].severity, RULE_WARNING);
    }
    rule_report r;
    rules_report_init(&r);
    rules_report_add(&r, "NO_SUCH_RULE", NULL);
    assert_true(rules_report_has_errors(&r));
    assert_null(rules_lookup("NO_SUCH_RULE"));
}

/* ------------------------------------------------------------------------------------- */
/* 1. Readiness                                                                          */
/* ------------------------------------------------------------------------------------- */

static rules_readiness_input ready_student(void)
{
    rules_readiness_input in;
    memset(&in, 0, sizeof in);
    in.birth = D(2010, 9, 1);
    in.internship_start = D(2025, 9, 1);
    in.social_skills = RULES_ASSESS_POSITIVE;
    in.work_attitude = RULES_ASSESS_POSITIVE;
    in.teachers_advice = RULES_ASSESS_POSITIVE;
    in.internal_internship = RULES_ASSESS_POSITIVE;
    in.taster_internship = RULES_ASSESS_POSITIVE;
    in.mentor_assessment = RULES_ASSESS_POSITIVE;
    return in;
}

static void test_readiness_all_met(void **state)
{
    (void)state;
    rule_report r;
    rules_report_init(&r);
    rules_readiness_input in = ready_student();
    assert_int_equal(rules_readiness_advice(&in, &r), RULES_ADVICE_INDIVIDUAL);
    assert_int_equal(r.count, 0);
    assert_true(rules_readiness_overridable(&r));
    /* Without a report the advice is the same. */
    assert_int_equal(rules_readiness_advice(&in, NULL), RULES_ADVICE_INDIVIDUAL);
}

static void test_readiness_age_boundary(void **state)
{
    (void)state;
    rule_report r;
    rules_readiness_input in = ready_student();
    in.internship_start = D(2024, 8, 31); /* the day before the 14th birthday */
    rules_report_init(&r);
    assert_int_equal(rules_readiness_advice(&in, &r), RULES_ADVICE_GROUP);
    HAS(&r, "READY_AGE_14");
    assert_int_equal(r.count, 1);
    assert_false(rules_readiness_overridable(&r));

    in.internship_start = D(2024, 9, 1); /* the 14th birthday */
    rules_report_init(&r);
    assert_int_equal(rules_readiness_advice(&in, &r), RULES_ADVICE_INDIVIDUAL);
    HASNOT(&r, "READY_AGE_14");

    in.birth = D(0, 0, 0);
    rules_report_init(&r);
    assert_int_equal(rules_readiness_advice(&in, &r), RULES_ADVICE_GROUP);
    HAS(&r, "READY_AGE_14");
}

static void test_readiness_each_criterion(void **state)
{
    (void)state;
    static const char *ids[] = {"READY_SOCIAL_SKILLS",     "READY_WORK_ATTITUDE",
                                "READY_TEACHERS_ADVICE",   "READY_INTERNAL_INTERNSHIP",
                                "READY_TASTER_INTERNSHIP", "READY_MENTOR_ASSESSMENT"};
    for (int k = 0; k < 6; k++) {
        for (int missing = 0; missing < 2; missing++) {
            rules_readiness_input in = ready_student();
            rules_assessment v = missing ? RULES_ASSESS_MISSING : RULES_ASSESS_NEGATIVE;
            rules_assessment *fields[] = {&in.social_skills,     &in.work_attitude,
                                          &in.teachers_advice,   &in.internal_internship,
                                          &in.taster_internship, &in.mentor_assessment};
            *fields[k] = v;
            rule_report r;
            rules_report_init(&r);
            assert_int_equal(rules_readiness_advice(&in, &r), RULES_ADVICE_GROUP);
            assert_int_equal(r.count, 1);
            HAS(&r, ids[k]);
            assert_int_equal(r.items[0].severity, RULE_WARNING);
            assert_true(rules_readiness_overridable(&r));
        }
    }
}

static void test_readiness_nt2(void **state)
{
    (void)state;
    rules_readiness_input in = ready_student();
    in.nt2_not_fluent = true;
    rule_report r;
    rules_report_init(&r);
    assert_int_equal(rules_readiness_advice(&in, &r), RULES_ADVICE_GROUP);
    HAS(&r, "READY_NT2");
    assert_int_equal(r.count, 1);
    assert_true(rules_readiness_overridable(&r));
}

/* ------------------------------------------------------------------------------------- */
/* 2. Working time                                                                       */
/* ------------------------------------------------------------------------------------- */

static void test_age_12_13_not_allowed(void **state)
{
    (void)state;
    rule_report r;
    rules_work_day d = day(MON, H(9, 0), H(13, 0), 0);
    check_one(born_aged(12), d, &r);
    HAS(&r, "LAW_MINOR_AGE_12_OR_YOUNGER");
    HASNOT(&r, "LAW_MINOR_AGE_13");
    check_one(born_aged(13), d, &r);
    HAS(&r, "LAW_MINOR_AGE_13");
    HASNOT(&r, "LAW_MINOR_AGE_12_OR_YOUNGER");
    for (int age = 14; age <= 18; age++) {
        check_one(born_aged(age), d, &r);
        assert_int_equal(r.count, 0);
    }
}

static void test_age_on_the_day_worked_14(void **state)
{
    (void)state;
    rule_report r;
    rules_date birth = D(2011, 3, 4); /* 14 on Tuesday 4 March 2025 */
    check_one(birth, day(MON, H(9, 0), H(13, 0), 0), &r);
    HAS(&r, "LAW_MINOR_AGE_13");
    check_one(birth, day(TUE, H(9, 0), H(13, 0), 0), &r);
    assert_int_equal(r.count, 0);
}

static void test_night_14_15_edges(void **state)
{
    (void)state;
    rule_report r;
    for (int age = 14; age <= 15; age++) {
        check_one(born_aged(age), day(MON, H(7, 0), H(11, 0), 0), &r);
        HASNOT(&r, "LAW_MINOR_NIGHT_14_15");
        check_one(born_aged(age), day(MON, H(6, 59), H(11, 0), 0), &r);
        HAS(&r, "LAW_MINOR_NIGHT_14_15");
        check_one(born_aged(age), day(MON, H(15, 0), H(19, 0), 0), &r);
        HASNOT(&r, "LAW_MINOR_NIGHT_14_15");
        assert_int_equal(r.count, 0);
        check_one(born_aged(age), day(MON, H(15, 0), H(19, 1), 0), &r);
        HAS(&r, "LAW_MINOR_NIGHT_14_15");
        HASNOT(&r, "LAW_MINOR_NIGHT_16_17");
    }
}

static void test_night_16_17_edges(void **state)
{
    (void)state;
    rule_report r;
    for (int age = 16; age <= 17; age++) {
        check_one(born_aged(age), day(MON, H(6, 0), H(10, 0), 0), &r);
        assert_int_equal(r.count, 0);
        check_one(born_aged(age), day(MON, H(5, 59), H(10, 0), 0), &r);
        HAS(&r, "LAW_MINOR_NIGHT_16_17");
        check_one(born_aged(age), day(MON, H(19, 0), H(23, 0), 0), &r);
        assert_int_equal(r.count, 0);
        check_one(born_aged(age), day(MON, H(19, 0), H(23, 1), 0), &r);
        HAS(&r, "LAW_MINOR_NIGHT_16_17");
        HASNOT(&r, "LAW_MINOR_NIGHT_14_15");
    }
}

static void test_night_birthday_16_and_18(void **state)
{
    (void)state;
    rule_report r;
    rules_date sixteen_on_tue = D(2009, 3, 4);
    check_one(sixteen_on_tue, day(MON, H(19, 30), H(21, 0), 0), &r);
    HAS(&r, "LAW_MINOR_NIGHT_14_15");
    check_one(sixteen_on_tue, day(TUE, H(19, 30), H(21, 0), 0), &r);
    assert_int_equal(r.count, 0);

    rules_date eighteen_on_tue = D(2007, 3, 4);
    check_one(eighteen_on_tue, day(MON, H(22, 0), H(23, 30), 0), &r);
    HAS(&r, "LAW_MINOR_NIGHT_16_17");
    check_one(eighteen_on_tue, day(TUE, H(22, 0), H(23, 30), 0), &r);
    assert_int_equal(r.count, 0);
}

static void test_adult_no_minor_rules(void **state)
{
    (void)state;
    rule_report r;
    /* 18 on a Sunday, 04:00-24:00, no break: none of the minors' rules. */
    check_one(born_aged(18), day(SUN, H(4, 0), H(24, 0), 0), &r);
    assert_int_equal(r.count, 0);
    check_one(born_aged(17), day(SUN, H(4, 0), H(24, 0), 0), &r);
    HAS(&r, "LAW_MINOR_NIGHT_16_17");
    HAS(&r, "LAW_MINOR_MAX_DAY_16_17");
    HAS(&r, "LAW_MINOR_BREAK_16_17");
    HAS(&r, "LAW_MINOR_SUNDAY_16_17");
    HAS(&r, "LAW_MINOR_DAILY_REST_16_17");
}

static void test_break_threshold(void **state)
{
    (void)state;
    rule_report r;
    /* Exactly 4.5 h worked needs no break; 4.5 h + 1 min does. */
    check_one(born_aged(15), day(MON, H(9, 0), H(13, 30), 0), &r);
    HASNOT(&r, "LAW_MINOR_BREAK_14_15");
    check_one(born_aged(15), day(MON, H(9, 0), H(13, 31), 0), &r);
    HAS(&r, "LAW_MINOR_BREAK_14_15");
    check_one(born_aged(17), day(MON, H(9, 0), H(13, 30), 0), &r);
    HASNOT(&r, "LAW_MINOR_BREAK_16_17");
    check_one(born_aged(17), day(MON, H(9, 0), H(13, 31), 0), &r);
    HAS(&r, "LAW_MINOR_BREAK_16_17");
    /* The break is not working time: 5 h span with 30 min break is 4.5 h worked. */
    check_one(born_aged(15), day(MON, H(9, 0), H(14, 0), 30), &r);
    assert_int_equal(r.count, 0);
}

static void test_break_one_piece_vs_split(void **state)
{
    (void)state;
    rule_report r;
    /* 09:00-15:30 with 30 min of break is 6 h worked. */
    check_one(born_aged(15), day(MON, H(9, 0), H(15, 30), 30), &r);
    assert_int_equal(r.count, 0);
    check_one(born_aged(15), day_split(MON, H(9, 0), H(15, 30), 15, 15), &r);
    HAS(&r, "LAW_MINOR_BREAK_14_15");
    check_one(born_aged(17), day(MON, H(9, 0), H(15, 30), 30), &r);
    assert_int_equal(r.count, 0);
    check_one(born_aged(17), day_split(MON, H(9, 0), H(15, 30), 15, 15), &r);
    assert_int_equal(r.count, 0);
    /* A part shorter than 15 minutes does not count. */
    check_one(born_aged(17), day_split(MON, H(9, 0), H(15, 30), 10, 20), &r);
    HAS(&r, "LAW_MINOR_BREAK_16_17");
    check_one(born_aged(16), day(MON, H(9, 0), H(15, 29), 29), &r);
    HAS(&r, "LAW_MINOR_BREAK_16_17");
    check_one(born_aged(14), day(MON, H(9, 0), H(15, 29), 29), &r);
    HAS(&r, "LAW_MINOR_BREAK_14_15");
}

static void test_max_day(void **state)
{
    (void)state;
    rule_report r;
    /* Breaks are excluded: 7.5 h span with 30 min break is 7 h of work. */
    check_one(born_aged(15), day(MON, H(8, 0), H(15, 30), 30), &r);
    assert_int_equal(r.count, 0);
    check_one(born_aged(15), day(MON, H(8, 0), H(15, 31), 30), &r);
    HAS(&r, "LAW_MINOR_MAX_DAY_14_15");
    check_one(born_aged(14), day(MON, H(8, 0), H(15, 31), 30), &r);
    HAS(&r, "LAW_MINOR_MAX_DAY_14_15");
    check_one(born_aged(16), day(MON, H(8, 0), H(17, 30), 30), &r);
    assert_int_equal(r.count, 0);
    check_one(born_aged(16), day(MON, H(8, 0), H(17, 31), 30), &r);
    HAS(&r, "LAW_MINOR_MAX_DAY_16_17");
    HASNOT(&r, "LAW_MINOR_MAX_DAY_14_15");
    /* The school-day flag does not loosen the 7 h limit (see docs/rules.md). */
    rules_work_day d = day(SAT, H(8, 0), H(16, 0), 30);
    d.school_day = false;
    check_one(born_aged(15), d, &r);
    HAS(&r, "LAW_MINOR_MAX_DAY_14_15");
}

static void test_max_week_14_15(void **state)
{
    (void)state;
    rule_report r;
    rules_work_day w[6] = {
        day(MON, H(9, 0), H(15, 30), 30), day(TUE, H(9, 0), H(15, 30), 30),
        day(WED, H(9, 0), H(15, 30), 30), day(THU, H(9, 0), H(15, 30), 30),
        day(FRI, H(9, 0), H(15, 30), 30), day(SAT, H(9, 0), H(14, 30), 30),
    };
    /* 5 x 6 h + 5 h = 35 h */
    check_days(born_aged(15), w, 6, false, &r);
    assert_int_equal(r.count, 0);
    w[5].end_min = H(14, 31);
    check_days(born_aged(15), w, 6, false, &r);
    HAS(&r, "LAW_MINOR_MAX_WEEK_14_15");
    assert_int_equal(r.count, 1);
    /* The same hours are fine at 16. */
    check_days(born_aged(16), w, 6, false, &r);
    assert_int_equal(r.count, 0);
}

static void test_max_week_16_17(void **state)
{
    (void)state;
    rule_report r;
    rules_work_day w[6] = {
        day(MON, H(8, 0), H(17, 30), 30), day(TUE, H(8, 0), H(17, 30), 30),
        day(WED, H(8, 0), H(17, 30), 30), day(THU, H(8, 0), H(17, 30), 30),
        day(FRI, H(8, 0), H(17, 30), 30), day(SAT, H(9, 0), H(9, 1), 0),
    };
    check_days(born_aged(17), w, 5, false, &r); /* 45 h */
    assert_int_equal(r.count, 0);
    check_days(born_aged(17), w, 6, false, &r); /* 45 h 01 */
    HAS(&r, "LAW_MINOR_MAX_WEEK_16_17");
    check_days(born_aged(18), w, 6, false, &r);
    assert_int_equal(r.count, 0);
}

/* Fills `w` with n_weeks weeks of Mon-Fri 8 h days (40 h) starting at `monday`. */
static size_t forty_hour_weeks(rules_work_day *w, rules_date monday, int n_weeks)
{
    size_t n = 0;
    for (int k = 0; k < n_weeks; k++)
        for (int d = 0; d < 5; d++)
            w[n++] = day(rules_date_add_days(monday, 7L * k + d), H(8, 0), H(16, 30), 30);
    return n;
}

static void test_four_week_average(void **state)
{
    (void)state;
    rule_report r;
    rules_work_day w[40];
    size_t n = forty_hour_weeks(w, MON, 4); /* 160 h */
    check_days(born_aged(16), w, n, false, &r);
    assert_int_equal(r.count, 0);

    w[n++] = day(D(2025, 3, 22), H(9, 0), H(10, 0), 0); /* a Saturday hour: 161 h */
    check_days(born_aged(16), w, n, false, &r);
    HAS(&r, "LAW_MINOR_AVG_4_WEEKS_16_17");
    HASNOT(&r, "LAW_MINOR_MAX_WEEK_16_17");
    assert_int_equal(r.count, 1);

    /* Rolling: weeks 2-5 sum to 161 h even though weeks 1-4 are at 160 h. */
    n = forty_hour_weeks(w, MON, 5);
    check_days(born_aged(17), w, n, false, &r);
    assert_int_equal(r.count, 0);
    w[n++] = day(D(2025, 4, 5), H(9, 0), H(10, 0), 0);
    check_days(born_aged(17), w, n, false, &r);
    HAS(&r, "LAW_MINOR_AVG_4_WEEKS_16_17");

    /* Adults have no 4-week average. */
    check_days(born_aged(18), w, n, false, &r);
    assert_int_equal(r.count, 0);
}

static void test_daily_rest_14_15(void **state)
{
    (void)state;
    rule_report r;
    /* Ends 17:30, next day starts 07:30: exactly 14 h. */
    rules_work_day w[2] = {day(MON, H(10, 0), H(17, 30), 30), day(TUE, H(7, 30), H(12, 0), 0)};
    check_days(born_aged(15), w, 2, false, &r);
    assert_int_equal(r.count, 0);
    w[0] = day(MON, H(10, 1), H(17, 31), 30); /* 13 h 59 */
    check_days(born_aged(15), w, 2, false, &r);
    HAS(&r, "LAW_MINOR_DAILY_REST_14_15");
    assert_int_equal(r.count, 1);
    /* The same days at 16 need only 12 h. */
    check_days(born_aged(16), w, 2, false, &r);
    assert_int_equal(r.count, 0);
    /* One long day: 07:00-18:00 leaves 13 h in its 24 hours, whatever follows. */
    check_one(born_aged(14), day(MON, H(7, 0), H(18, 0), 240), &r);
    HAS(&r, "LAW_MINOR_DAILY_REST_14_15");
    check_one(born_aged(14), day(MON, H(7, 0), H(17, 0), 180), &r);
    HASNOT(&r, "LAW_MINOR_DAILY_REST_14_15");
}

static void test_daily_rest_16_17(void **state)
{
    (void)state;
    rule_report r;
    rules_work_day w[2] = {day(MON, H(13, 0), H(21, 0), 30), day(TUE, H(9, 0), H(12, 0), 0)};
    check_days(born_aged(17), w, 2, false, &r);
    assert_int_equal(r.count, 0);
    w[1].start_min = H(8, 59);
    check_days(born_aged(17), w, 2, false, &r);
    HAS(&r, "LAW_MINOR_DAILY_REST_16_17");
    assert_int_equal(r.count, 1);
    /* Order of the entries does not matter. */
    rules_work_day rev[2] = {w[1], w[0]};
    check_days(born_aged(17), rev, 2, false, &r);
    HAS(&r, "LAW_MINOR_DAILY_REST_16_17");
    check_days(born_aged(18), w, 2, false, &r);
    assert_int_equal(r.count, 0);
}

static void test_sunday(void **state)
{
    (void)state;
    rule_report r;
    rules_work_day sun = day(SUN, H(9, 0), H(13, 0), 0);
    check_days(born_aged(15), &sun, 1, false, &r);
    HAS(&r, "LAW_MINOR_SUNDAY_14_15");
    check_days(born_aged(15), &sun, 1, true, &r); /* no exception below 16 */
    HAS(&r, "LAW_MINOR_SUNDAY_14_15");
    check_days(born_aged(16), &sun, 1, false, &r);
    HAS(&r, "LAW_MINOR_SUNDAY_16_17");
    check_days(born_aged(16), &sun, 1, true, &r);
    assert_int_equal(r.count, 0);
    check_days(born_aged(18), &sun, 1, false, &r);
    assert_int_equal(r.count, 0);
    rules_work_day sat = day(SAT, H(9, 0), H(13, 0), 0);
    check_days(born_aged(14), &sat, 1, false, &r);
    assert_int_equal(r.count, 0);
}

static void test_week_straddling_birthday(void **state)
{
    (void)state;
    rule_report r;
    rules_date sixteen_on_wed = D(2009, 3, 5);
    rules_work_day w[6] = {
        day(MON, H(9, 0), H(15, 30), 30), day(TUE, H(9, 0), H(15, 30), 30),
        day(WED, H(9, 0), H(15, 30), 30), day(THU, H(9, 0), H(15, 30), 30),
        day(FRI, H(9, 0), H(15, 30), 30), day(SAT, H(9, 0), H(15, 0), 0),
    };
    /* 36 h: the stricter 35 h limit of the younger age applies to the whole week. */
    check_days(sixteen_on_wed, w, 6, false, &r);
    HAS(&r, "LAW_MINOR_MAX_WEEK_14_15");
    HASNOT(&r, "LAW_MINOR_MAX_WEEK_16_17");
    /* Whatever day comes first in the input. */
    rules_work_day rev[6] = {w[5], w[4], w[3], w[2], w[1], w[0]};
    check_days(sixteen_on_wed, rev, 6, false, &r);
    HAS(&r, "LAW_MINOR_MAX_WEEK_14_15");
    HASNOT(&r, "LAW_MINOR_MAX_WEEK_16_17");
}

static void test_working_time_invalid_input(void **state)
{
    (void)state;
    rule_report r;
    check_one(born_aged(15), day(MON, H(12, 0), H(12, 0), 0), &r);
    HAS(&r, "INPUT_INVALID_WORK_DAY");
    check_one(born_aged(15), day(MON, H(12, 0), H(24, 1), 0), &r);
    HAS(&r, "INPUT_INVALID_WORK_DAY");
    check_one(born_aged(15), day(MON, -1, H(10, 0), 0), &r);
    HAS(&r, "INPUT_INVALID_WORK_DAY");
    check_one(born_aged(15), day(MON, H(9, 0), H(10, 0), 60), &r);
    HAS(&r, "INPUT_INVALID_WORK_DAY");
    check_one(born_aged(15), day(D(2025, 2, 29), H(9, 0), H(10, 0), 0), &r);
    HAS(&r, "INPUT_INVALID_WORK_DAY");
    check_one(D(0, 0, 0), day(MON, H(9, 0), H(10, 0), 0), &r);
    HAS(&r, "INPUT_INVALID_DATE");
    check_one(D(2025, 3, 4), day(MON, H(9, 0), H(10, 0), 0), &r);
    HAS(&r, "INPUT_INVALID_DATE");
    rules_work_day dup[2] = {day(MON, H(9, 0), H(10, 0), 0), day(MON, H(11, 0), H(12, 0), 0)};
    check_days(born_aged(15), dup, 2, false, &r);
    HAS(&r, "INPUT_DUPLICATE_DATE");
    assert_true(rules_report_has_errors(&r));

    static rules_work_day many[RULES_MAX_WORK_DAYS + 1];
    check_days(born_aged(15), many, RULES_MAX_WORK_DAYS + 1, false, &r);
    HAS(&r, "INPUT_TOO_MANY_DAYS");
    assert_int_equal(rules_worked_minutes(&many[0]), 0);
}

/* ------------------------------------------------------------------------------------- */
/* 3. Kinds of work                                                                      */
/* ------------------------------------------------------------------------------------- */

static rules_work_kind_check kind_check(int age)
{
    rules_work_kind_check c;
    memset(&c, 0, sizeof c);
    c.birth = born_aged(age);
    c.on = MON;
    c.work.days_since_pesticide = -1;
    c.supervisor_birth = D(1980, 6, 1);
    return c;
}

static void check_kind(const rules_work_kind_check *c, rule_report *r)
{
    rules_report_init(r);
    rules_check_work_kind(c, r);
}

static void test_work_kind_age_bands(void **state)
{
    (void)state;
    rule_report r;
    rules_work_kind_check c = kind_check(12);
    check_kind(&c, &r);
    HAS(&r, "LAW_MINOR_AGE_12_OR_YOUNGER");
    c = kind_check(13);
    check_kind(&c, &r);
    HAS(&r, "LAW_MINOR_AGE_13");
    for (int age = 14; age <= 18; age++) {
        c = kind_check(age);
        check_kind(&c, &r);
        assert_int_equal(r.count, 0);
    }
}

static void test_work_kind_risky(void **state)
{
    (void)state;
    rule_report r;
    for (int age = 14; age <= 15; age++) {
        rules_work_kind_check c = kind_check(age);
        c.work.special_requirements = true;
        c.expert_supervision = true; /* does not help below 16 */
        check_kind(&c, &r);
        HAS(&r, "LAW_WORK_RISKY_14_15");
    }
    for (int age = 16; age <= 17; age++) {
        rules_work_kind_check c = kind_check(age);
        c.work.special_requirements = true;
        check_kind(&c, &r);
        HAS(&r, "LAW_WORK_RISKY_NO_EXPERT_SUPERVISION");
        c.expert_supervision = true;
        check_kind(&c, &r);
        assert_int_equal(r.count, 0);
    }
    rules_work_kind_check c = kind_check(18);
    c.work.special_requirements = true;
    check_kind(&c, &r);
    assert_int_equal(r.count, 0);

    /* Prohibited work: every minor, with or without supervision. */
    c = kind_check(17);
    c.work.prohibited_for_minors = true;
    c.expert_supervision = true;
    check_kind(&c, &r);
    HAS(&r, "LAW_WORK_PROHIBITED_MINOR");
    c = kind_check(18);
    c.work.prohibited_for_minors = true;
    check_kind(&c, &r);
    assert_int_equal(r.count, 0);
}

static void test_work_kind_not_light(void **state)
{
    (void)state;
    rule_report r;
    rules_work_kind_check c = kind_check(15);
    c.work.cash_register = true;
    check_kind(&c, &r);
    HAS(&r, "LAW_WORK_CASH_REGISTER_14_15");

    c = kind_check(14);
    c.work.lift_kg = 9;
    check_kind(&c, &r);
    HASNOT(&r, "LAW_WORK_LIFTING_14_15");
    c.work.lift_kg = 10;
    check_kind(&c, &r);
    HAS(&r, "LAW_WORK_LIFTING_14_15");

    c = kind_check(15);
    c.work.push_pull_kgf = 20;
    check_kind(&c, &r);
    HASNOT(&r, "LAW_WORK_PUSH_PULL_14_15");
    c.work.push_pull_kgf = 21;
    check_kind(&c, &r);
    HAS(&r, "LAW_WORK_PUSH_PULL_14_15");

    c = kind_check(15);
    c.work.psychosocial_load = true;
    check_kind(&c, &r);
    HAS(&r, "LAW_WORK_PSYCHOSOCIAL_14_15");

    c = kind_check(15);
    c.work.no_varied_postures = true;
    check_kind(&c, &r);
    HAS(&r, "LAW_WORK_POSTURE_14_15");

    c = kind_check(15);
    c.work.days_since_pesticide = 0;
    check_kind(&c, &r);
    HAS(&r, "LAW_WORK_PESTICIDE_14_15");
    c.work.days_since_pesticide = 14;
    check_kind(&c, &r);
    HAS(&r, "LAW_WORK_PESTICIDE_14_15");
    c.work.days_since_pesticide = 15;
    check_kind(&c, &r);
    HASNOT(&r, "LAW_WORK_PESTICIDE_14_15");
    c.work.days_since_pesticide = 3;
    c.work.pesticide_term_waived = true;
    check_kind(&c, &r);
    HASNOT(&r, "LAW_WORK_PESTICIDE_14_15");

    /* At 16-17 the light-work list no longer limits a vocational internship. */
    for (int age = 16; age <= 17; age++) {
        c = kind_check(age);
        c.work.cash_register = true;
        c.work.lift_kg = 25;
        c.work.push_pull_kgf = 40;
        c.work.psychosocial_load = true;
        c.work.no_varied_postures = true;
        c.work.days_since_pesticide = 1;
        check_kind(&c, &r);
        assert_int_equal(r.count, 0);
    }
}

static void test_supervisor_adult(void **state)
{
    (void)state;
    rule_report r;
    rules_work_kind_check c = kind_check(15);
    c.supervisor_birth = D(2007, 3, 4); /* 18 on Tuesday */
    check_kind(&c, &r);
    HAS(&r, "LAW_SUPERVISOR_UNDER_18");
    c.on = TUE;
    check_kind(&c, &r);
    HASNOT(&r, "LAW_SUPERVISOR_UNDER_18");
    c.supervisor_birth = D(0, 0, 0);
    check_kind(&c, &r);
    HAS(&r, "LAW_SUPERVISOR_UNDER_18");
    assert_non_null(
        strstr(rules_report_find(&r, "LAW_SUPERVISOR_UNDER_18")->message, "not recorded"));
    /* An adult student's supervisor is not bound by this rule. */
    c = kind_check(18);
    c.supervisor_birth = D(2008, 1, 1);
    check_kind(&c, &r);
    assert_int_equal(r.count, 0);
}

/* ------------------------------------------------------------------------------------- */
/* 4. School norms                                                                       */
/* ------------------------------------------------------------------------------------- */

static void norms(rules_phase p, const rules_work_day *w, size_t n, rule_report *r)
{
    rules_report_init(r);
    rules_check_school_norms(p, w, n, r);
}

static void test_school_norms_year3(void **state)
{
    (void)state;
    rule_report r;
    rules_work_day w[3] = {day(MON, H(9, 0), H(14, 0), 30), day(THU, H(9, 0), H(14, 0), 30),
                           day(FRI, H(9, 0), H(14, 0), 30)};
    norms(RULES_PHASE_Y3_FIRST, w, 2, &r);
    assert_int_equal(r.count, 0);
    norms(RULES_PHASE_Y3_FIRST, w, 3, &r);
    HAS(&r, "SCHOOL_Y3_DAYS_PER_WEEK");
    assert_int_equal(r.items[0].severity, RULE_WARNING);
    norms(RULES_PHASE_Y3_FIRST, w, 1, &r);
    HAS(&r, "SCHOOL_Y3_DAYS_PER_WEEK");

    /* 5 h including breaks in the first internship, 6 h in the second. */
    w[1].end_min = H(14, 1);
    norms(RULES_PHASE_Y3_FIRST, w, 2, &r);
    HAS(&r, "SCHOOL_Y3_HOURS_PER_DAY");
    HASNOT(&r, "SCHOOL_Y3_DAYS_PER_WEEK");
    w[0].end_min = H(15, 0);
    w[1].end_min = H(15, 0);
    norms(RULES_PHASE_Y3_LATER, w, 2, &r);
    assert_int_equal(r.count, 0);
    norms(RULES_PHASE_Y3_FIRST, w, 2, &r);
    HAS(&r, "SCHOOL_Y3_HOURS_PER_DAY");
    w[1].end_min = H(15, 1);
    norms(RULES_PHASE_Y3_LATER, w, 2, &r);
    HAS(&r, "SCHOOL_Y3_HOURS_PER_DAY");
    /* Two weeks, two days each. */
    rules_work_day two[4] = {day(MON, H(9, 0), H(14, 0), 30), day(THU, H(9, 0), H(14, 0), 30),
                             day(D(2025, 3, 10), H(9, 0), H(14, 0), 30),
                             day(D(2025, 3, 13), H(9, 0), H(14, 0), 30)};
    norms(RULES_PHASE_Y3_FIRST, two, 4, &r);
    assert_int_equal(r.count, 0);
}

static void test_school_norms_year45(void **state)
{
    (void)state;
    rule_report r;
    rules_work_day w[3] = {day(MON, H(9, 0), H(15, 0), 30), day(WED, H(9, 0), H(16, 0), 30),
                           day(THU, H(9, 0), H(15, 30), 30)};
    norms(RULES_PHASE_Y4_5, w, 3, &r);
    assert_int_equal(r.count, 0);
    norms(RULES_PHASE_Y4_5, w, 2, &r);
    HAS(&r, "SCHOOL_Y45_DAYS_PER_WEEK");
    w[0].end_min = H(14, 59);
    norms(RULES_PHASE_Y4_5, w, 3, &r);
    HAS(&r, "SCHOOL_Y45_HOURS_PER_DAY");
    w[0].end_min = H(15, 0);
    w[1].end_min = H(16, 1);
    norms(RULES_PHASE_Y4_5, w, 3, &r);
    HAS(&r, "SCHOOL_Y45_HOURS_PER_DAY");
    /* The group internship has no day/hour norms. */
    norms(RULES_PHASE_GROUP, w, 1, &r);
    assert_int_equal(r.count, 0);
}

static void test_school_norms_entree(void **state)
{
    (void)state;
    rule_report r;
    /* 3 x 7 h worked (breaks excluded) = 21 h. */
    rules_work_day w[3] = {day(MON, H(8, 30), H(16, 0), 30), day(TUE, H(8, 30), H(16, 0), 30),
                           day(THU, H(8, 30), H(16, 0), 30)};
    norms(RULES_PHASE_ENTREE, w, 3, &r);
    assert_int_equal(r.count, 0);
    w[2].end_min = H(15, 59);
    norms(RULES_PHASE_ENTREE, w, 3, &r);
    HAS(&r, "SCHOOL_ENTREE_WEEK_HOURS");
    assert_false(rules_report_has_errors(&r));
    norms(RULES_PHASE_ENTREE, w, 2, &r);
    HAS(&r, "SCHOOL_ENTREE_DAYS_PER_WEEK");
}

/* trustdomain: the internal internship, 2 to 4 days a week, 09:50 to 14:00 (plan 2.2). */
static void test_school_norms_internal(void **state)
{
    (void)state;
    rule_report r;
    rules_work_day w[5] = {day(MON, H(9, 50), H(14, 0), 30), day(TUE, H(9, 50), H(14, 0), 30),
                           day(WED, H(9, 50), H(14, 0), 30), day(THU, H(9, 50), H(14, 0), 30),
                           day(FRI, H(9, 50), H(14, 0), 30)};
    /* 2, 3 and 4 days keep the norm; 1 and 5 do not. */
    for (size_t n = 2; n <= 4; n++) {
        norms(RULES_PHASE_INTERNAL, w, n, &r);
        assert_int_equal(r.count, 0);
    }
    norms(RULES_PHASE_INTERNAL, w, 1, &r);
    HAS(&r, "SCHOOL_INTERNAL_DAYS_PER_WEEK");
    norms(RULES_PHASE_INTERNAL, w, 5, &r);
    HAS(&r, "SCHOOL_INTERNAL_DAYS_PER_WEEK");
    assert_int_equal(r.items[0].severity, RULE_WARNING);
    assert_false(rules_report_has_errors(&r));

    /* One minute off either end is a departure from the school's times. */
    w[0].start_min = H(9, 49);
    norms(RULES_PHASE_INTERNAL, w, 2, &r);
    HAS(&r, "SCHOOL_INTERNAL_HOURS");
    HASNOT(&r, "SCHOOL_INTERNAL_DAYS_PER_WEEK");
    w[0].start_min = H(9, 51);
    norms(RULES_PHASE_INTERNAL, w, 2, &r);
    HAS(&r, "SCHOOL_INTERNAL_HOURS");
    w[0].start_min = H(9, 50);
    w[1].end_min = H(14, 1);
    norms(RULES_PHASE_INTERNAL, w, 2, &r);
    HAS(&r, "SCHOOL_INTERNAL_HOURS");
    w[1].end_min = H(13, 59);
    norms(RULES_PHASE_INTERNAL, w, 2, &r);
    HAS(&r, "SCHOOL_INTERNAL_HOURS");
    assert_false(rules_report_has_errors(&r));
    w[1].end_min = H(14, 0);
    norms(RULES_PHASE_INTERNAL, w, 2, &r);
    assert_int_equal(r.count, 0);
}

/* trustdomain: the course rule as a warning where hours are partly planned. */
static void test_wvo32_course_warning(void **state)
{
    (void)state;
    rule_report r;
    rules_report_init(&r);
    rules_warn_wvo32_course(2000 * 60, 4000 * 60, &r); /* exactly 50 % */
    assert_int_equal(r.count, 0);
    rules_warn_wvo32_course(2000 * 60 + 1, 4000 * 60, &r);
    HAS(&r, "WVO32_COURSE_50_AT_RISK");
    assert_int_equal(r.items[0].severity, RULE_WARNING);
    assert_false(rules_report_has_errors(&r));
    rules_report_init(&r);
    rules_warn_wvo32_course(0, 0, &r);
    HAS(&r, "INPUT_INVALID_HOURS");
}

static void test_wvo32(void **state)
{
    (void)state;
    rule_report r;
    rules_report_init(&r);
    rules_check_wvo32_course(500 * 60, 1000 * 60, &r);
    assert_int_equal(r.count, 0);
    rules_check_wvo32_course(500 * 60 + 1, 1000 * 60, &r);
    HAS(&r, "LAW_WVO32_COURSE_50");

    rules_report_init(&r);
    rules_check_wvo32_week(20 * 60, 25 * 60, true, &r); /* exactly 80% */
    assert_int_equal(r.count, 0);
    rules_check_wvo32_week(20 * 60 + 1, 25 * 60, false, &r); /* leerplicht ended */
    assert_int_equal(r.count, 0);
    rules_check_wvo32_week(20 * 60 + 1, 25 * 60, true, &r);
    HAS(&r, "LAW_WVO32_WEEK_80");

    rules_report_init(&r);
    rules_check_wvo32_week(10, 0, true, &r);
    HAS(&r, "INPUT_INVALID_HOURS");
    rules_report_init(&r);
    rules_check_wvo32_course(-1, 100, &r);
    HAS(&r, "INPUT_INVALID_HOURS");
}

static void test_entree_progress(void **state)
{
    (void)state;
    rules_date today = D(2025, 2, 3);
    rules_date deadline = rules_date_add_days(today, 70);
    /* 70 days at 180 min/day = 210 h still possible. */
    rules_entree_progress p = rules_entree_progress_on(440L * 60, today, deadline, 0);
    assert_int_equal(p.minutes_short, 210L * 60);
    assert_int_equal(p.days_available, 70);
    assert_false(p.behind);
    p = rules_entree_progress_on(440L * 60 - 1, today, deadline, 0);
    assert_true(p.behind);
    /* A week of holiday takes 21 h of catching-up time away. */
    p = rules_entree_progress_on(461L * 60, today, deadline, 7);
    assert_false(p.behind);
    p = rules_entree_progress_on(461L * 60 - 1, today, deadline, 7);
    assert_true(p.behind);
    /* Reached: never behind, even on the deadline. */
    p = rules_entree_progress_on(650L * 60, deadline, deadline, 0);
    assert_false(p.behind);
    assert_int_equal(p.minutes_short, 0);
    p = rules_entree_progress_on(650L * 60 - 1, deadline, deadline, 0);
    assert_true(p.behind);

    rule_report r;
    rules_report_init(&r);
    rules_check_entree_progress(100L * 60, today, deadline, 0, &r);
    HAS(&r, "SCHOOL_ENTREE_BEHIND_650");
    assert_false(rules_report_has_errors(&r));
    rules_report_init(&r);
    rules_check_entree_progress(600L * 60, today, deadline, 0, &r);
    assert_int_equal(r.count, 0);
}

/* ------------------------------------------------------------------------------------- */
/* 5. Group internship                                                                   */
/* ------------------------------------------------------------------------------------- */

static void test_group_capacity(void **state)
{
    (void)state;
    rule_report r;
    rules_group_enrolment e;
    memset(&e, 0, sizeof e);
    e.date = MON;
    e.daypart = RULES_DAYPART_MORNING;
    e.school_year = 3;
    e.already_enrolled = 4; /* this student is the 5th */
    rules_report_init(&r);
    rules_check_group_enrolment(&e, &r);
    assert_int_equal(r.count, 0);
    e.already_enrolled = 5; /* the 6th is refused */
    rules_report_init(&r);
    rules_check_group_enrolment(&e, &r);
    HAS(&r, "CAP_GROUP_DAYPART_FULL");
    assert_true(rules_report_has_errors(&r));
    e.capacity = 6;
    rules_report_init(&r);
    rules_check_group_enrolment(&e, &r);
    assert_int_equal(r.count, 0);
}

static void test_group_year4_dropout_days(void **state)
{
    (void)state;
    rule_report r;
    rules_group_enrolment e;
    memset(&e, 0, sizeof e);
    e.school_year = 4;
    e.after_dropout = true;
    e.daypart = RULES_DAYPART_AFTERNOON;
    rules_date days[] = {THU, FRI};
    for (int i = 0; i < 2; i++) {
        e.date = days[i];
        rules_report_init(&r);
        rules_check_group_enrolment(&e, &r);
        assert_int_equal(r.count, 0);
    }
    e.date = WED;
    rules_report_init(&r);
    rules_check_group_enrolment(&e, &r);
    HAS(&r, "SCHOOL_GROUP_Y4_DROPOUT_DAYS");
    assert_false(rules_report_has_errors(&r));
    e.school_year = 3; /* year-3 dropouts join on their own internship days */
    rules_report_init(&r);
    rules_check_group_enrolment(&e, &r);
    assert_int_equal(r.count, 0);
}

/* ------------------------------------------------------------------------------------- */
/* 6. Entree                                                                             */
/* ------------------------------------------------------------------------------------- */

static void test_entree_admission_and_exam(void **state)
{
    (void)state;
    rule_report r;
    rules_report_init(&r);
    rules_check_entree_admission(true, true, &r);
    assert_int_equal(r.count, 0);
    rules_check_entree_admission(false, false, &r);
    HAS(&r, "ENTREE_RECOGNISED_COMPANY");
    HAS(&r, "ENTREE_PRIOR_INTERNSHIPS");
    assert_int_equal(rules_report_find(&r, "ENTREE_RECOGNISED_COMPANY")->severity, RULE_ERROR);

    rules_report_init(&r);
    assert_true(rules_entree_exam_eligible(true, 650L * 60, &r));
    assert_int_equal(r.count, 0);
    assert_false(rules_entree_exam_eligible(true, 650L * 60 - 1, &r));
    HAS(&r, "ENTREE_EXAM_HOURS_650");
    HASNOT(&r, "ENTREE_EXAM_INTERNSHIP_NOT_PASSED");
    rules_report_init(&r);
    assert_false(rules_entree_exam_eligible(false, 700L * 60, &r));
    HAS(&r, "ENTREE_EXAM_INTERNSHIP_NOT_PASSED");
    HASNOT(&r, "ENTREE_EXAM_HOURS_650");
    assert_false(rules_entree_exam_eligible(false, 0, NULL));
}

/* ------------------------------------------------------------------------------------- */
/* 7. Contract                                                                           */
/* ------------------------------------------------------------------------------------- */

static rules_contract full_contract(rules_date birth)
{
    rules_contract c;
    memset(&c, 0, sizeof c);
    c.learning_activities = "Shelf stocking, customer contact";
    c.n_locations = 1;
    c.start = D(2025, 9, 1);
    c.end = D(2026, 1, 30);
    c.n_weekly_times = 2;
    c.supervision_split = "Coach visits every 3 weeks; supervisor daily";
    c.company_assessment_role = "Supervisor fills in the end assessment";
    c.inspection_arrangement = "Inspectorate may visit with notice";
    c.accident_insurer = "School";
    c.liability_insurer = "School";
    c.premium_payer = "School";
    c.signed_school = c.signed_company = c.signed_student = true;
    c.student_birth = birth;
    c.concluded_on = D(2025, 8, 20);
    return c;
}

static void check_contract(const rules_contract *c, rule_report *r)
{
    rules_report_init(r);
    rules_check_contract(c, r);
}

static void test_contract_parent_signature(void **state)
{
    (void)state;
    rule_report r;
    rules_contract c = full_contract(D(2007, 8, 1)); /* 18 when signing */
    check_contract(&c, &r);
    assert_int_equal(r.count, 0);
    c = full_contract(D(2008, 8, 1)); /* 17 when signing */
    check_contract(&c, &r);
    HAS(&r, "LAW_CONTRACT_SIGNATURE_PARENT");
    assert_int_equal(r.count, 1);
    c.signed_parent = true;
    check_contract(&c, &r);
    assert_int_equal(r.count, 0);

    /* 18th birthday on the signing day vs the day after. */
    c = full_contract(D(2007, 8, 20));
    check_contract(&c, &r);
    HASNOT(&r, "LAW_CONTRACT_SIGNATURE_PARENT");
    c = full_contract(D(2007, 8, 21));
    check_contract(&c, &r);
    HAS(&r, "LAW_CONTRACT_SIGNATURE_PARENT");

    /* Signed late, after turning 18, but the internship started while a minor. */
    c = full_contract(D(2007, 9, 10));
    c.concluded_on = D(2025, 9, 15);
    assert_true(rules_contract_needs_parent(&c));
    /* Unknown signing date: the start date decides. */
    c = full_contract(D(2007, 8, 25));
    c.concluded_on = D(0, 0, 0);
    assert_false(rules_contract_needs_parent(&c));
    c.student_birth = D(0, 0, 0);
    assert_true(rules_contract_needs_parent(&c));
}

static void test_contract_content(void **state)
{
    (void)state;
    rule_report r;
    rules_date adult = D(2000, 1, 1);
    rules_contract c = full_contract(adult);

    c.learning_activities = "   ";
    check_contract(&c, &r);
    HAS(&r, "LAW_CONTRACT_LEARNING_ACTIVITIES");
    assert_int_equal(r.count, 1);

    c = full_contract(adult);
    c.n_locations = 0;
    check_contract(&c, &r);
    HAS(&r, "LAW_CONTRACT_LOCATIONS");

    c = full_contract(adult);
    c.end = D(2025, 8, 31);
    check_contract(&c, &r);
    HAS(&r, "LAW_CONTRACT_DATES");
    c.end = c.start; /* a one-day internship */
    check_contract(&c, &r);
    HASNOT(&r, "LAW_CONTRACT_DATES");
    c.end = D(0, 0, 0);
    check_contract(&c, &r);
    HAS(&r, "LAW_CONTRACT_DATES");

    c = full_contract(adult);
    c.n_weekly_times = 0;
    check_contract(&c, &r);
    HAS(&r, "LAW_CONTRACT_WEEKLY_TIMES");

    c = full_contract(adult);
    c.supervision_split = NULL;
    c.company_assessment_role = "";
    c.inspection_arrangement = NULL;
    check_contract(&c, &r);
    HAS(&r, "LAW_CONTRACT_SUPERVISION");
    HAS(&r, "LAW_CONTRACT_ASSESSMENT");
    HAS(&r, "LAW_CONTRACT_INSPECTION");

    const char **insurance[3];
    for (int k = 0; k < 3; k++) {
        c = full_contract(adult);
        insurance[0] = &c.accident_insurer;
        insurance[1] = &c.liability_insurer;
        insurance[2] = &c.premium_payer;
        *insurance[k] = NULL;
        check_contract(&c, &r);
        HAS(&r, "LAW_CONTRACT_INSURANCE");
        assert_int_equal(r.count, 1);
    }

    c = full_contract(adult);
    c.signed_school = c.signed_company = c.signed_student = false;
    check_contract(&c, &r);
    HAS(&r, "LAW_CONTRACT_SIGNATURE_SCHOOL");
    HAS(&r, "LAW_CONTRACT_SIGNATURE_COMPANY");
    HAS(&r, "LAW_CONTRACT_SIGNATURE_STUDENT");
    /* A draft: content only. */
    rules_report_init(&r);
    rules_check_contract_content(&c, &r);
    assert_int_equal(r.count, 0);
}

/* ------------------------------------------------------------------------------------- */
/* 8. Visits                                                                             */
/* ------------------------------------------------------------------------------------- */

static void test_visit_interval(void **state)
{
    (void)state;
    assert_int_equal(rules_visit_interval(false, 0, 0), 21);
    assert_int_equal(rules_visit_interval(true, 0, 0), 14);
    assert_int_equal(rules_visit_interval(true, 0, 10), 10);
    assert_int_equal(rules_visit_interval(true, 21, 28), 21); /* never less often */
    assert_int_equal(rules_visit_interval(false, 28, 7), 28);

    int regular = rules_visit_interval(false, 0, 0);
    assert_int_equal(rules_date_compare(rules_visit_next_due(MON, regular), D(2025, 3, 24)), 0);
    assert_false(rules_visit_overdue(MON, D(2025, 3, 24), regular));
    assert_true(rules_visit_overdue(MON, D(2025, 3, 25), regular));

    int support = rules_visit_interval(true, 0, 0);
    assert_false(rules_visit_overdue(MON, D(2025, 3, 17), support));
    assert_true(rules_visit_overdue(MON, D(2025, 3, 18), support));
    assert_false(rules_visit_overdue(MON, D(2025, 3, 18), regular));

    rule_report r;
    rules_report_init(&r);
    rules_check_visit(MON, D(2025, 3, 24), regular, &r);
    assert_int_equal(r.count, 0);
    rules_check_visit(MON, D(2025, 3, 27), regular, &r);
    HAS(&r, "SCHOOL_VISIT_OVERDUE");
    assert_non_null(strstr(rules_report_find(&r, "SCHOOL_VISIT_OVERDUE")->message, "3 days"));
}

/* ------------------------------------------------------------------------------------- */
/* 9. Aftercare                                                                          */
/* ------------------------------------------------------------------------------------- */

static void test_aftercare_due_dates(void **state)
{
    (void)state;
    rules_date due[RULES_AFTERCARE_SLOTS];
    assert_int_equal(rules_aftercare_due_dates(D(2025, 7, 11), due), 6);
    rules_date want[6] = {D(2025, 11, 10), D(2026, 3, 10), D(2026, 7, 10),
                          D(2026, 11, 10), D(2027, 3, 10), D(2027, 7, 10)};
    for (int k = 0; k < 6; k++)
        assert_int_equal(rules_date_compare(due[k], want[k]), 0);
    assert_int_equal(rules_aftercare_due_dates(D(0, 0, 0), due), 0);
}

static void test_aftercare_status(void **state)
{
    (void)state;
    rules_date left = D(2025, 7, 11);
    rules_aftercare_status st = rules_aftercare_status_on(left, NULL, 0, D(2025, 7, 10));
    assert_false(st.active);
    st = rules_aftercare_status_on(left, NULL, 0, D(2025, 7, 11));
    assert_true(st.active);
    assert_int_equal(st.slot, 0);
    assert_true(st.contact_due);
    assert_int_equal(rules_date_compare(st.due_by, D(2025, 11, 10)), 0);

    rules_date contacts[] = {D(2025, 9, 1), D(2026, 6, 1)};
    st = rules_aftercare_status_on(left, contacts, 2, D(2025, 10, 1));
    assert_false(st.contact_due);
    /* A contact planned for later does not count yet. */
    st = rules_aftercare_status_on(left, contacts, 2, D(2025, 8, 1));
    assert_true(st.contact_due);
    /* Slot 1 (Nov-Mar) had no contact; slot 2 has one. */
    st = rules_aftercare_status_on(left, contacts, 2, D(2026, 6, 2));
    assert_int_equal(st.slot, 2);
    assert_false(st.contact_due);
    assert_int_equal(st.missed_slots, 1);
    st = rules_aftercare_status_on(left, contacts, 2, D(2027, 7, 10));
    assert_true(st.active);
    assert_int_equal(st.slot, 5);
    assert_int_equal(st.missed_slots, 3);
    st = rules_aftercare_status_on(left, contacts, 2, D(2027, 7, 11));
    assert_false(st.active);
}

/* A day of several placements carries its own Sunday permission: the schedule's flag is not
 * needed, and a day without it is refused whatever other days permit. */
static void test_sunday_permitted_per_day(void **state)
{
    (void)state;
    rule_report r;
    rules_work_day sun = day(SUN, H(9, 0), H(13, 0), 0);
    sun.sunday_work_permitted = true;
    check_days(born_aged(16), &sun, 1, false, &r);
    HASNOT(&r, "LAW_MINOR_SUNDAY_16_17");
    check_days(born_aged(15), &sun, 1, false, &r);
    HAS(&r, "LAW_MINOR_SUNDAY_14_15");
    sun.sunday_work_permitted = false;
    check_days(born_aged(16), &sun, 1, false, &r);
    HAS(&r, "LAW_MINOR_SUNDAY_16_17");
}

/* Up to RULES_MAX_BREAK_PARTS parts: three 10-minute parts and a 15 do not make 30 at 16. */
static void test_many_break_parts(void **state)
{
    (void)state;
    rule_report r;
    rules_work_day d = day(MON, H(8, 0), H(15, 0), 0);
    int parts[] = {10, 10, 10, 15, 15};
    for (int i = 0; i < 5; i++)
        d.break_parts[i] = parts[i];
    d.n_break_parts = 4;
    check_days(born_aged(16), &d, 1, false, &r);
    HAS(&r, "LAW_MINOR_BREAK_16_17");
    d.n_break_parts = 5;
    check_days(born_aged(16), &d, 1, false, &r);
    HASNOT(&r, "LAW_MINOR_BREAK_16_17");
}

static rules_recorded_day rec_day(rules_date date, int minutes)
{
    rules_recorded_day d;
    memset(&d, 0, sizeof d);
    d.date = date;
    d.minutes = minutes;
    return d;
}

/* Recorded breaks reach the break rule; unrecorded ones are not judged. */
static void test_recorded_days_breaks(void **state)
{
    (void)state;
    rule_report r;
    rules_recorded_day d = rec_day(MON, 300);
    rules_report_init(&r);
    rules_check_recorded_days(born_aged(16), &d, 1, &r);
    HASNOT(&r, "LAW_MINOR_BREAK_16_17");
    d.breaks_recorded = true;
    rules_report_init(&r);
    rules_check_recorded_days(born_aged(16), &d, 1, &r);
    HAS(&r, "LAW_MINOR_BREAK_16_17");
    d.break_parts[0] = 15;
    d.break_parts[1] = 15;
    d.n_break_parts = 2;
    rules_report_init(&r);
    rules_check_recorded_days(born_aged(16), &d, 1, &r);
    HASNOT(&r, "LAW_MINOR_BREAK_16_17");
    rules_report_init(&r);
    rules_check_recorded_days(born_aged(15), &d, 1, &r);
    HAS(&r, "LAW_MINOR_BREAK_14_15");
    d.break_parts[0] = 30;
    rules_report_init(&r);
    rules_check_recorded_days(born_aged(15), &d, 1, &r);
    HASNOT(&r, "LAW_MINOR_BREAK_14_15");
    /* 4:30 worked needs no break. */
    d = rec_day(MON, 270);
    d.breaks_recorded = true;
    rules_report_init(&r);
    rules_check_recorded_days(born_aged(15), &d, 1, &r);
    HASNOT(&r, "LAW_MINOR_BREAK_14_15");
    d.n_break_parts = RULES_MAX_BREAK_PARTS + 1;
    rules_report_init(&r);
    rules_check_recorded_days(born_aged(15), &d, 1, &r);
    HAS(&r, "INPUT_INVALID_WORK_DAY");
}

/* The Sunday exception reaches recorded days, for 16-17 only. */
static void test_recorded_days_sunday(void **state)
{
    (void)state;
    rule_report r;
    rules_recorded_day d = rec_day(SUN, 240);
    d.sunday_work_permitted = true;
    rules_report_init(&r);
    rules_check_recorded_days(born_aged(16), &d, 1, &r);
    HASNOT(&r, "LAW_MINOR_SUNDAY_16_17");
    rules_report_init(&r);
    rules_check_recorded_days(born_aged(14), &d, 1, &r);
    HAS(&r, "LAW_MINOR_SUNDAY_14_15");
    d.sunday_work_permitted = false;
    rules_report_init(&r);
    rules_check_recorded_days(born_aged(16), &d, 1, &r);
    HAS(&r, "LAW_MINOR_SUNDAY_16_17");
}

/* Every id any check can emit has a catalog entry with a human message. */
/* ------------------------------------------------------------------------------------- */
/* Recorded minutes (the weekly agenda)                                                  */
/* ------------------------------------------------------------------------------------- */

#define REC_MAX 40

typedef struct {
    rules_date dates[REC_MAX];
    int minutes[REC_MAX];
    size_t n;
} recorded;

static void rec_add(recorded *x, rules_date d, int minutes)
{
    x->dates[x->n] = d;
    x->minutes[x->n] = minutes;
    x->n++;
}

static void rec_check(rules_date birth, const recorded *x, rule_report *r)
{
    rules_report_init(r);
    rules_check_recorded_minutes(birth, x->dates, x->minutes, x->n, r);
}

/* `weeks` weeks from `monday`, Monday to Friday, `per_day` minutes each. */
static void rec_weeks(recorded *x, rules_date monday, int weeks, int per_day)
{
    x->n = 0;
    for (int w = 0; w < weeks; w++)
        for (int d = 0; d < 5; d++)
            rec_add(x, rules_date_add_days(monday, 7L * w + d), per_day);
}

static void test_recorded_max_day(void **state)
{
    (void)state;
    rule_report r;
    recorded x = {.n = 0};
    rec_add(&x, MON, 7 * 60);
    rec_check(born_aged(15), &x, &r);
    assert_int_equal(r.count, 0);
    x.minutes[0] = 7 * 60 + 1;
    rec_check(born_aged(14), &x, &r);
    HAS(&r, "LAW_MINOR_MAX_DAY_14_15");
    assert_int_equal(r.count, 1);

    x.minutes[0] = 9 * 60;
    rec_check(born_aged(16), &x, &r);
    assert_int_equal(r.count, 0);
    x.minutes[0] = 9 * 60 + 1;
    rec_check(born_aged(17), &x, &r);
    HAS(&r, "LAW_MINOR_MAX_DAY_16_17");
    assert_int_equal(r.count, 1);
    /* Adults: no minor rules at all. */
    x.minutes[0] = 12 * 60;
    rec_check(born_aged(18), &x, &r);
    assert_int_equal(r.count, 0);

    /* The age on the day worked: 15 on Tuesday, 16 from Wednesday (born 5 March). */
    x.n = 0;
    rec_add(&x, TUE, 8 * 60);
    rec_add(&x, WED, 9 * 60);
    rec_check(D(2009, 3, 5), &x, &r);
    HAS(&r, "LAW_MINOR_MAX_DAY_14_15");
    assert_true(strstr(rules_report_find(&r, "LAW_MINOR_MAX_DAY_14_15")->message, "2025-03-04"));
    HASNOT(&r, "LAW_MINOR_MAX_DAY_16_17");
}

static void test_recorded_max_week(void **state)
{
    (void)state;
    rule_report r;
    recorded x;
    rec_weeks(&x, MON, 1, 7 * 60); /* 35 h */
    rec_check(born_aged(15), &x, &r);
    assert_int_equal(r.count, 0);
    rec_add(&x, SAT, 1);
    rec_check(born_aged(15), &x, &r);
    HAS(&r, "LAW_MINOR_MAX_WEEK_14_15");
    assert_int_equal(r.count, 1);

    rec_weeks(&x, MON, 1, 9 * 60); /* 45 h */
    rec_check(born_aged(16), &x, &r);
    assert_int_equal(r.count, 0);
    rec_add(&x, SAT, 1);
    rec_check(born_aged(16), &x, &r);
    HAS(&r, "LAW_MINOR_MAX_WEEK_16_17");
    HASNOT(&r, "LAW_MINOR_AVG_4_WEEKS_16_17"); /* 45 h in 4 weeks is no excess */
    assert_int_equal(r.count, 1);
}

static void test_recorded_four_weeks(void **state)
{
    (void)state;
    rule_report r;
    recorded x;
    rec_weeks(&x, MON, 4, 8 * 60); /* 4 x 40 h = 160 h */
    rec_check(born_aged(16), &x, &r);
    assert_int_equal(r.count, 0);
    rec_add(&x, D(2025, 3, 22), 1); /* a Saturday minute: 160 h 1 min */
    rec_check(born_aged(16), &x, &r);
    HAS(&r, "LAW_MINOR_AVG_4_WEEKS_16_17");
    HASNOT(&r, "LAW_MINOR_MAX_WEEK_16_17");
    assert_int_equal(r.count, 1);
    /* 14-15 has a 35 h week instead, and no 4-week rule; adults neither. */
    rec_weeks(&x, MON, 4, 7 * 60);
    rec_check(born_aged(15), &x, &r);
    assert_int_equal(r.count, 0);
    rec_weeks(&x, MON, 4, 9 * 60);
    rec_check(born_aged(18), &x, &r);
    assert_int_equal(r.count, 0);
}

static void test_recorded_sunday_and_age(void **state)
{
    (void)state;
    rule_report r;
    recorded x = {.n = 0};
    rec_add(&x, SUN, 60);
    rec_check(born_aged(15), &x, &r);
    HAS(&r, "LAW_MINOR_SUNDAY_14_15");
    rec_check(born_aged(17), &x, &r);
    HAS(&r, "LAW_MINOR_SUNDAY_16_17");
    /* A Sunday with nothing recorded is not a day worked. */
    x.minutes[0] = 0;
    rec_check(born_aged(15), &x, &r);
    assert_int_equal(r.count, 0);

    x.n = 0;
    rec_add(&x, MON, 60);
    rec_check(born_aged(13), &x, &r);
    HAS(&r, "LAW_MINOR_AGE_13");
    assert_int_equal(r.count, 1);
    rec_check(born_aged(12), &x, &r);
    HAS(&r, "LAW_MINOR_AGE_12_OR_YOUNGER");
    assert_int_equal(r.count, 1);
    rec_check(born_aged(14), &x, &r);
    assert_int_equal(r.count, 0);
}

static void test_recorded_invalid_input(void **state)
{
    (void)state;
    rule_report r;
    recorded x = {.n = 0};
    rec_check(born_aged(16), &x, &r); /* nothing recorded */
    assert_int_equal(r.count, 0);
    rec_add(&x, MON, -1);
    rec_check(born_aged(16), &x, &r);
    HAS(&r, "INPUT_INVALID_WORK_DAY");
    x.minutes[0] = 1441;
    rec_check(born_aged(16), &x, &r);
    HAS(&r, "INPUT_INVALID_WORK_DAY");
    x.minutes[0] = 1440; /* a whole day is a valid record, and far over the limit */
    rec_check(born_aged(16), &x, &r);
    HASNOT(&r, "INPUT_INVALID_WORK_DAY");
    HAS(&r, "LAW_MINOR_MAX_DAY_16_17");
    x.n = 0;
    rec_add(&x, D(2025, 2, 29), 60);
    rec_check(born_aged(16), &x, &r);
    HAS(&r, "INPUT_INVALID_DATE");
    x.n = 0;
    rec_add(&x, MON, 60);
    rec_add(&x, MON, 60);
    rec_check(born_aged(16), &x, &r);
    HAS(&r, "INPUT_DUPLICATE_DATE");
    rules_report_init(&r);
    rules_check_recorded_minutes(D(0, 0, 0), x.dates, x.minutes, 1, &r);
    HAS(&r, "INPUT_INVALID_DATE");
    rules_report_init(&r);
    rules_check_recorded_minutes(born_aged(16), NULL, NULL, 1, &r);
    HAS(&r, "INPUT_INVALID_WORK_DAY");
    rules_report_init(&r);
    rules_check_recorded_minutes(born_aged(16), x.dates, x.minutes, RULES_MAX_WORK_DAYS + 1, &r);
    HAS(&r, "INPUT_TOO_MANY_DAYS");
}

static void test_emitted_ids_are_catalogued(void **state)
{
    (void)state;
    rule_report r;
    check_one(born_aged(17), day(SUN, H(4, 0), H(24, 0), 0), &r);
    for (int i = 0; i < r.count; i++) {
        assert_non_null(rules_lookup(r.items[i].id));
        assert_true(strlen(r.items[i].message) > 10);
    }
    assert_false(any_prefix(&r, "LAW_MINOR_AGE"));
    assert_true(any_prefix(&r, "LAW_MINOR_"));
}

/* rules (issue 8): clocked shifts under the night rule alone, at the edges of each band, past
 * midnight (ending at 24:00), with a 12-year-old (no band: the age rules speak elsewhere) and
 * a shift that is no span skipped; the other rules are not judged (a 12-hour shift). */
static void test_night_on_shifts(void **state)
{
    (void)state;
    rule_report r;
    rules_work_day ok15[] = {day(MON, H(7, 0), H(19, 0), 0)};
    rules_report_init(&r);
    rules_check_night(born_aged(15), ok15, 1, &r);
    assert_int_equal(r.count, 0);
    rules_work_day late15[] = {day(MON, H(17, 0), H(21, 30), 0), day(TUE, H(6, 30), H(9, 0), 0)};
    rules_report_init(&r);
    rules_check_night(born_aged(15), late15, 2, &r);
    HAS(&r, "LAW_MINOR_NIGHT_14_15");
    assert_int_equal(r.count, 1);
    assert_int_equal(r.items[0].occurrences, 2);
    assert_non_null(strstr(r.items[0].message, "17:00-21:30"));
    rules_work_day midnight16[] = {day(MON, H(20, 0), H(24, 0), 0)};
    rules_report_init(&r);
    rules_check_night(born_aged(16), midnight16, 1, &r);
    HAS(&r, "LAW_MINOR_NIGHT_16_17");
    HASNOT(&r, "LAW_MINOR_NIGHT_14_15");
    rules_work_day evening16[] = {day(MON, H(18, 0), H(23, 0), 0)};
    rules_report_init(&r);
    rules_check_night(born_aged(16), evening16, 1, &r);
    assert_int_equal(r.count, 0);
    rules_report_init(&r);
    rules_check_night(born_aged(12), late15, 2, &r);
    rules_check_night(born_aged(18), late15, 2, &r);
    assert_int_equal(r.count, 0);
    rules_work_day backwards[] = {day(MON, H(22, 0), H(21, 0), 0)};
    rules_check_night(born_aged(15), backwards, 1, &r);
    assert_int_equal(r.count, 0);
}

/* rules (issue 8): the daily rest on clocked shifts in time order: a 15-year-old who works
 * until 19:00 and starts again at 07:00 has 12 h of rest (14 h needed); at 09:00, 14 h is
 * enough; a 16-year-old needs 12 h; two shifts of one day open one window. */
static void test_rest_on_shifts(void **state)
{
    (void)state;
    rule_report r;
    rules_work_day short15[] = {day(MON, H(9, 0), H(13, 0), 0), day(MON, H(15, 0), H(19, 0), 0),
                                day(TUE, H(7, 0), H(8, 0), 0)};
    rules_report_init(&r);
    rules_check_rest_on_shifts(born_aged(15), short15, 3, &r);
    HAS(&r, "LAW_MINOR_DAILY_REST_14_15");
    assert_non_null(strstr(r.items[0].message, "12:00"));
    rules_work_day enough15[] = {day(MON, H(9, 0), H(13, 0), 0), day(MON, H(15, 0), H(19, 0), 0),
                                 day(TUE, H(9, 0), H(13, 0), 0)};
    rules_report_init(&r);
    rules_check_rest_on_shifts(born_aged(15), enough15, 3, &r);
    assert_int_equal(r.count, 0);
    rules_report_init(&r);
    rules_check_rest_on_shifts(born_aged(16), short15, 3, &r);
    assert_int_equal(r.count, 0);
    rules_work_day short16[] = {day(MON, H(10, 0), H(23, 0), 0), day(TUE, H(10, 0), H(12, 0), 0)};
    rules_check_rest_on_shifts(born_aged(16), short16, 2, &r);
    HAS(&r, "LAW_MINOR_DAILY_REST_16_17");
    rules_report_init(&r);
    rules_check_rest_on_shifts(born_aged(18), short16, 2, &r);
    assert_int_equal(r.count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_arithmetic),
        cmocka_unit_test(test_age_on),
        cmocka_unit_test(test_report_dedupe_and_message),
        cmocka_unit_test(test_report_detail_code_and_params),
        cmocka_unit_test(test_report_overflow_keeps_errors),
        cmocka_unit_test(test_catalog_consistent),
        cmocka_unit_test(test_school_norms_internal),
        cmocka_unit_test(test_wvo32_course_warning),
        cmocka_unit_test(test_readiness_all_met),
        cmocka_unit_test(test_readiness_age_boundary),
        cmocka_unit_test(test_readiness_each_criterion),
        cmocka_unit_test(test_readiness_nt2),
        cmocka_unit_test(test_age_12_13_not_allowed),
        cmocka_unit_test(test_age_on_the_day_worked_14),
        cmocka_unit_test(test_night_14_15_edges),
        cmocka_unit_test(test_night_16_17_edges),
        cmocka_unit_test(test_night_birthday_16_and_18),
        cmocka_unit_test(test_adult_no_minor_rules),
        cmocka_unit_test(test_break_threshold),
        cmocka_unit_test(test_break_one_piece_vs_split),
        cmocka_unit_test(test_max_day),
        cmocka_unit_test(test_max_week_14_15),
        cmocka_unit_test(test_max_week_16_17),
        cmocka_unit_test(test_four_week_average),
        cmocka_unit_test(test_daily_rest_14_15),
        cmocka_unit_test(test_daily_rest_16_17),
        cmocka_unit_test(test_sunday),
        cmocka_unit_test(test_week_straddling_birthday),
        cmocka_unit_test(test_working_time_invalid_input),
        cmocka_unit_test(test_work_kind_age_bands),
        cmocka_unit_test(test_work_kind_risky),
        cmocka_unit_test(test_work_kind_not_light),
        cmocka_unit_test(test_supervisor_adult),
        cmocka_unit_test(test_school_norms_year3),
        cmocka_unit_test(test_school_norms_year45),
        cmocka_unit_test(test_school_norms_entree),
        cmocka_unit_test(test_wvo32),
        cmocka_unit_test(test_entree_progress),
        cmocka_unit_test(test_group_capacity),
        cmocka_unit_test(test_group_year4_dropout_days),
        cmocka_unit_test(test_entree_admission_and_exam),
        cmocka_unit_test(test_contract_parent_signature),
        cmocka_unit_test(test_contract_content),
        cmocka_unit_test(test_visit_interval),
        cmocka_unit_test(test_aftercare_due_dates),
        cmocka_unit_test(test_aftercare_status),
        cmocka_unit_test(test_recorded_max_day),
        cmocka_unit_test(test_recorded_max_week),
        cmocka_unit_test(test_recorded_four_weeks),
        cmocka_unit_test(test_recorded_sunday_and_age),
        cmocka_unit_test(test_recorded_invalid_input),
        cmocka_unit_test(test_sunday_permitted_per_day),
        cmocka_unit_test(test_many_break_parts),
        cmocka_unit_test(test_recorded_days_breaks),
        cmocka_unit_test(test_recorded_days_sunday),
        cmocka_unit_test(test_emitted_ids_are_catalogued),
        cmocka_unit_test(test_night_on_shifts),
        cmocka_unit_test(test_rest_on_shifts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
