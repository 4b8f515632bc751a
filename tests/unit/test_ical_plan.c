/* client/ical_plan.c: the visit plan as iCalendar, read back with libical; escaping of
 * addresses, folding of long lines with diacritics, stable UIDs, refused dates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libical/ical.h>

#include "ical_plan.h"

#define NOW 1796025600 /* 2026-11-30 08:00 UTC */

static Stagelijn__V1__PlannedVisit visit(const char *placement, const char *student,
                                         const char *company, const char *address, const char *due)
{
    Stagelijn__V1__PlannedVisit v = STAGELIJN__V1__PLANNED_VISIT__INIT;
    v.placement_id = (char *)placement;
    v.student_name = (char *)student;
    v.company_name = (char *)company;
    v.address = (char *)address;
    v.due_date = (char *)due;
    v.order = 1;
    v.leg_km = 2.5;
    return v;
}

static icalcomponent *render_parse(Stagelijn__V1__PlannedVisit **vs, size_t n, time_t now,
                                   char **text_out)
{
    Stagelijn__V1__VisitPlanReply plan = STAGELIJN__V1__VISIT_PLAN_REPLY__INIT;
    plan.visits = vs;
    plan.n_visits = n;
    char *text = ical_plan_render(&plan, now);
    assert_non_null(text);
    icalcomponent *cal = icalparser_parse_string(text);
    assert_non_null(cal);
    if (text_out)
        *text_out = text;
    else
        free(text);
    return cal;
}

static void test_empty_plan_is_a_calendar(void **state)
{
    (void)state;
    icalcomponent *cal = render_parse(NULL, 0, NOW, NULL);
    assert_int_equal(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
    assert_int_equal(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 0);
    assert_non_null(icalcomponent_get_first_property(cal, ICAL_PRODID_PROPERTY));
    icalcomponent_free(cal);
}

/* An address with the characters iCalendar escapes, a name long enough to be folded with
 * diacritics at the fold: every line at most 75 octets, no UTF-8 character cut in two, and
 * the values read back exactly. */
static void test_escaping_and_folding(void **state)
{
    (void)state;
    char student[256] = "";
    for (int i = 0; i < 12; i++)
        strcat(student, "Zoë Çelik ");
    strcat(student, "van 't Hof");
    Stagelijn__V1__PlannedVisit v =
        visit("p-1", student, "Bakkerij \"De Ĳssel\"; vestiging 2",
              "Kerkstraat 1, 8011 AB Zwolle; achteringang\\bel", "2026-12-03");
    Stagelijn__V1__PlannedVisit *vs[] = {&v};
    char *text;
    icalcomponent *cal = render_parse(vs, 1, NOW, &text);
    icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
    assert_non_null(ev);
    assert_string_equal(icalcomponent_get_location(ev), v.address);
    char summary[512];
    snprintf(summary, sizeof summary, "Stagebezoek %s bij %s", student, v.company_name);
    assert_string_equal(icalcomponent_get_summary(ev), summary);
    for (char *line = text; *line;) {
        char *end = strstr(line, "\r\n");
        assert_non_null(end); /* every line ends in CRLF */
        assert_true(end - line <= 75);
        /* A line never starts with a UTF-8 continuation byte (0b10xxxxxx) after the fold's
         * space. */
        if (line[0] == ' ')
            assert_true(((unsigned char)line[1] & 0xC0) != 0x80);
        line = end + 2;
    }
    struct icaltimetype s = icalcomponent_get_dtstart(ev);
    assert_true(s.is_date);
    assert_int_equal(s.year, 2026);
    assert_int_equal(s.month, 12);
    assert_int_equal(s.day, 3);
    free(text);
    icalcomponent_free(cal);
}

static void test_uid_is_stable(void **state)
{
    (void)state;
    Stagelijn__V1__PlannedVisit a = visit("p-1", "Sam", "Near BV", "", "2026-12-03");
    Stagelijn__V1__PlannedVisit b = visit("p-2", "Tess", "Near BV", "", "2026-12-03");
    Stagelijn__V1__PlannedVisit *vs[] = {&a, &b};
    icalcomponent *first = render_parse(vs, 2, NOW, NULL);
    icalcomponent *later = render_parse(vs, 2, NOW + 86400, NULL);
    icalcomponent *e1 = icalcomponent_get_first_component(first, ICAL_VEVENT_COMPONENT);
    icalcomponent *e2 = icalcomponent_get_first_component(later, ICAL_VEVENT_COMPONENT);
    assert_string_equal(icalcomponent_get_uid(e1), "p-1-2026-12-03@stagelijn");
    assert_string_equal(icalcomponent_get_uid(e1), icalcomponent_get_uid(e2));
    assert_string_not_equal(
        icalcomponent_get_uid(icalcomponent_get_next_component(first, ICAL_VEVENT_COMPONENT)),
        icalcomponent_get_uid(e1));
    /* No address: no LOCATION rather than an empty one. */
    assert_null(icalcomponent_get_first_property(e1, ICAL_LOCATION_PROPERTY));
    struct icaltimetype s1 =
        icalproperty_get_dtstamp(icalcomponent_get_first_property(e1, ICAL_DTSTAMP_PROPERTY));
    struct icaltimetype s2 =
        icalproperty_get_dtstamp(icalcomponent_get_first_property(e2, ICAL_DTSTAMP_PROPERTY));
    assert_int_equal(icaltime_as_timet(s1), NOW);
    assert_int_equal(icaltime_as_timet(s2), NOW + 86400);
    icalcomponent_free(first);
    icalcomponent_free(later);
}

/* A visit without a real due date: nothing rendered, no file written. */
static void test_bad_date_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {"2026-02-30", "2026-13-01", "", "2026-12-03x", "03-12-2026"};
    char path[] = "/tmp/sl-ical-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        Stagelijn__V1__PlannedVisit v = visit("p-1", "Sam", "Near BV", "", bad[i]);
        Stagelijn__V1__PlannedVisit *vs[] = {&v};
        Stagelijn__V1__VisitPlanReply plan = STAGELIJN__V1__VISIT_PLAN_REPLY__INIT;
        plan.visits = vs;
        plan.n_visits = 1;
        assert_null(ical_plan_render(&plan, NOW));
        assert_int_equal(ical_plan_write(&plan, NOW, path), SL_EINVAL);
        assert_int_equal(access(path, F_OK), -1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_plan_is_a_calendar),
        cmocka_unit_test(test_escaping_and_folding),
        cmocka_unit_test(test_uid_is_stable),
        cmocka_unit_test(test_bad_date_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
