/* The client explains every rule id of the fact-date refusals (server/factdate.h) in the
 * user's language; an id it does not know is left to the server's message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "factdate.h"
#include "ruletext.h"

static void test_every_fact_date_rule_is_explained(void **state)
{
    (void)state;
    const char *ids[] = {FACTDATE_RULE_FUTURE,
                         FACTDATE_RULE_PLACEMENT,
                         FACTDATE_RULE_ENTREE_YEAR,
                         FACTDATE_RULE_BEFORE_SCHOOL,
                         FACTDATE_RULE_BEFORE_LAST_PLACEMENT,
                         FACTDATE_RULE_BEFORE_EXIT};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        const char *t = ruletext_explain(ids[i]);
        assert_non_null(t);
        assert_true(strlen(t) > 10);
    }
}

static void test_unknown_ids_are_left_alone(void **state)
{
    (void)state;
    assert_null(ruletext_explain("NO_SUCH_RULE"));
    assert_null(ruletext_explain(""));
    assert_null(ruletext_explain(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_fact_date_rule_is_explained),
        cmocka_unit_test(test_unknown_ids_are_left_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
