/* The client's rendering of rule ids (client/rule_text.c): each id of the placement lifecycle,
 * capacity and preconditions has a text, translated in the Dutch catalogue built from
 * client/po/nl.po; an unknown id has none, so the server's message is shown. */
#include <libintl.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "rule_text.h"

static const char *const ids[] = {
    "STATE_PLACEMENT_NOT_SIGNED",
    "STATE_PLACEMENT_NOT_ACTIVE",
    "STATE_PLACEMENT_ACTIVE_ALREADY",
    "STATE_PLACEMENT_ENDED",
    "STATE_PLACEMENT_UNKNOWN",
    "STATE_PLACEMENT_BEFORE_END",
    "STATE_END_ASSESSMENT_TOO_EARLY",
    "ASSESSMENT_PERIOD_ASSESSED",
    "CONTRACT_LOCKED",
    "CONTRACT_NOT_SAVED",
    "CAP_COMPANY_PLACES",
    "CAP_COMPANY_SUPERVISION",
    "CAP_STUDENT_DOUBLE_BOOKED",
    "PRE_READINESS_GROUP",
    "PRE_ENTREE_YEAR",
    "SCHOOL_PHASE_KIND",
    "SCHOOL_INTRO_MEETING",
};

static void test_english_without_a_catalogue(void **state)
{
    (void)state;
    setlocale(LC_ALL, "C");
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        assert_non_null(rule_text(ids[i]));
    assert_string_equal(rule_text("CAP_COMPANY_PLACES"),
                        "the company has no free place for these dates");
    assert_null(rule_text("LAW_Y15_DAY_HOURS"));
    assert_null(rule_text(""));
    assert_null(rule_text(NULL));
}

static void test_dutch_from_the_catalogue(void **state)
{
    (void)state;
    /* Built without msgfmt (no catalogue) or without a UTF-8 C locale: nothing to check. */
    if (access(SL_BUILD_DIR "/locale/nl/LC_MESSAGES/stagelijn.mo", R_OK) != 0)
        skip();
    setenv("LANGUAGE", "nl", 1);
    if (!setlocale(LC_ALL, "C.UTF-8"))
        skip();
    bindtextdomain("stagelijn", SL_BUILD_DIR "/locale");
    textdomain("stagelijn");
    assert_string_equal(rule_text("CAP_COMPANY_PLACES"),
                        "het bedrijf heeft voor deze data geen vrije stageplaats");
    assert_string_equal(rule_text("STATE_PLACEMENT_ENDED"),
                        "de stage is afgelopen; dit kan niet meer");
    /* Every one is translated: the Dutch text differs from the English one. */
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        setlocale(LC_ALL, "C");
        char english[256];
        strncpy(english, rule_text(ids[i]), sizeof english - 1);
        english[sizeof english - 1] = '\0';
        setlocale(LC_ALL, "C.UTF-8");
        if (strcmp(rule_text(ids[i]), english) == 0)
            fail_msg("%s is not translated", ids[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_english_without_a_catalogue),
        cmocka_unit_test(test_dutch_from_the_catalogue),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
