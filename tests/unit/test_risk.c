/* Early warning (server/pure/risk.c): each reason at its boundary, the caps, the order of
 * the reasons and the sum; no reason means no points. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "risk.h"

static int points_of(const risk_input *in, const char *id, long *value)
{
    risk_reason r[RISK_MAX_REASONS];
    int total;
    int n = risk_assess(in, r, &total);
    for (int i = 0; i < n; i++)
        if (strcmp(r[i].id, id) == 0) {
            if (value)
                *value = r[i].value;
            return r[i].points;
        }
    return 0;
}

static void test_nothing_known_is_no_risk(void **unused)
{
    (void)unused;
    risk_input in = {0};
    risk_reason r[RISK_MAX_REASONS];
    int total = -1;
    assert_int_equal(risk_assess(&in, r, &total), 0);
    assert_int_equal(total, 0);
    in = (risk_input){.absences = -3, .agenda_missing = -1, .earlier_dropouts = -2};
    assert_int_equal(risk_assess(&in, r, &total), 0);
}

static void test_counts_and_caps(void **unused)
{
    (void)unused;
    risk_input in = {.absences = 1};
    assert_int_equal(points_of(&in, "RISK_ABSENCE", NULL), RISK_W_ABSENCE);
    in.absences = 2;
    assert_int_equal(points_of(&in, "RISK_ABSENCE", NULL), 2 * RISK_W_ABSENCE);
    in.absences = 3;
    assert_int_equal(points_of(&in, "RISK_ABSENCE", NULL), RISK_CAP_ABSENCE);
    in.absences = 2000000000;
    assert_int_equal(points_of(&in, "RISK_ABSENCE", NULL), RISK_CAP_ABSENCE);
    in = (risk_input){.agenda_unsigned = 3};
    assert_int_equal(points_of(&in, "RISK_AGENDA_UNSIGNED", NULL), RISK_CAP_AGENDA_UNSIGNED);
    in.agenda_unsigned = 2;
    assert_int_equal(points_of(&in, "RISK_AGENDA_UNSIGNED", NULL), 2);
    in = (risk_input){.agenda_missing = 1};
    assert_int_equal(points_of(&in, "RISK_AGENDA_MISSING", NULL), RISK_W_AGENDA_MISSING);
    in.agenda_missing = 5;
    assert_int_equal(points_of(&in, "RISK_AGENDA_MISSING", NULL), RISK_CAP_AGENDA_MISSING);
    in = (risk_input){.earlier_dropouts = 1};
    assert_int_equal(points_of(&in, "RISK_EARLIER_DROPOUT", NULL), RISK_W_DROPOUT);
    in.earlier_dropouts = 4;
    assert_int_equal(points_of(&in, "RISK_EARLIER_DROPOUT", NULL), RISK_CAP_DROPOUT);
}

static void test_rating_boundaries(void **unused)
{
    (void)unused;
    long v = 0;
    risk_input in = {.rating_latest_x10 = RISK_RATING_LOW_X10};
    assert_int_equal(points_of(&in, "RISK_RATING_LOW", NULL), 0);
    in.rating_latest_x10 = RISK_RATING_LOW_X10 - 1;
    assert_int_equal(points_of(&in, "RISK_RATING_LOW", &v), RISK_W_RATING_LOW);
    assert_int_equal(v, RISK_RATING_LOW_X10 - 1);
    /* Falling: by half a point or more, only when both are known. */
    in = (risk_input){.rating_latest_x10 = 36, .rating_previous_x10 = 40};
    assert_int_equal(points_of(&in, "RISK_RATING_FALLING", NULL), 0);
    in.rating_latest_x10 = 35;
    assert_int_equal(points_of(&in, "RISK_RATING_FALLING", &v), RISK_W_RATING_FALLING);
    assert_int_equal(v, 5);
    in.rating_previous_x10 = 0;
    assert_int_equal(points_of(&in, "RISK_RATING_FALLING", NULL), 0);
}

static void test_hours_and_visits(void **unused)
{
    (void)unused;
    long v = 0;
    risk_input in = {.minutes_recorded = 800, .minutes_expected = 1000};
    assert_int_equal(points_of(&in, "RISK_HOURS_BEHIND", NULL), 0);
    in.minutes_recorded = 799;
    assert_int_equal(points_of(&in, "RISK_HOURS_BEHIND", &v), RISK_W_HOURS_BEHIND);
    assert_int_equal(v, 79);
    in.minutes_expected = 0; /* no schedule known: no judgement */
    assert_int_equal(points_of(&in, "RISK_HOURS_BEHIND", NULL), 0);
    in = (risk_input){.visit_overdue_days = 0};
    assert_int_equal(points_of(&in, "RISK_VISIT_OVERDUE", NULL), 0);
    in.visit_overdue_days = 1;
    assert_int_equal(points_of(&in, "RISK_VISIT_OVERDUE", &v), RISK_W_VISIT_OVERDUE);
    assert_int_equal(v, 1);
}

static void test_all_reasons_in_order_and_sum(void **unused)
{
    (void)unused;
    risk_input in = {.absences = 9,
                     .agenda_unsigned = 9,
                     .agenda_missing = 9,
                     .rating_latest_x10 = 10,
                     .rating_previous_x10 = 50,
                     .minutes_recorded = 0,
                     .minutes_expected = 100,
                     .visit_overdue_days = 30,
                     .earlier_dropouts = 9};
    risk_reason r[RISK_MAX_REASONS];
    int total = 0;
    int n = risk_assess(&in, r, &total);
    assert_int_equal(n, RISK_MAX_REASONS);
    static const char *const order[] = {"RISK_ABSENCE",        "RISK_AGENDA_UNSIGNED",
                                        "RISK_AGENDA_MISSING", "RISK_RATING_LOW",
                                        "RISK_RATING_FALLING", "RISK_HOURS_BEHIND",
                                        "RISK_VISIT_OVERDUE",  "RISK_EARLIER_DROPOUT"};
    int sum = 0;
    for (int i = 0; i < n; i++) {
        assert_string_equal(r[i].id, order[i]);
        sum += r[i].points;
    }
    assert_int_equal(total, sum);
    assert_int_equal(total, RISK_CAP_ABSENCE + RISK_CAP_AGENDA_UNSIGNED + RISK_CAP_AGENDA_MISSING +
                                RISK_W_RATING_LOW + RISK_W_RATING_FALLING + RISK_W_HOURS_BEHIND +
                                RISK_W_VISIT_OVERDUE + RISK_CAP_DROPOUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nothing_known_is_no_risk),
        cmocka_unit_test(test_counts_and_caps),
        cmocka_unit_test(test_rating_boundaries),
        cmocka_unit_test(test_hours_and_visits),
        cmocka_unit_test(test_all_reasons_in_order_and_sum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
