/* The kiosk PIN rule (pin.h): 4 to 6 digits, not all one digit, not a run up or down. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "pin.h"

static void test_form(void **state)
{
    (void)state;
    assert_int_equal(pin_judge(NULL), PIN_BAD_FORM);
    assert_int_equal(pin_judge(""), PIN_BAD_FORM);
    assert_int_equal(pin_judge("258"), PIN_BAD_FORM);     /* 3 digits: one too few */
    assert_int_equal(pin_judge("2580"), PIN_OK);          /* 4: the least */
    assert_int_equal(pin_judge("258014"), PIN_OK);        /* 6: the most */
    assert_int_equal(pin_judge("2580147"), PIN_BAD_FORM); /* 7: one too many */
    assert_int_equal(pin_judge("25a0"), PIN_BAD_FORM);
    assert_int_equal(pin_judge("2580 "), PIN_BAD_FORM);
    assert_int_equal(pin_judge("-2580"), PIN_BAD_FORM);
    assert_int_equal(pin_judge("２５８０"), PIN_BAD_FORM); /* full-width digits are not ASCII */
}

static void test_trivial(void **state)
{
    (void)state;
    assert_int_equal(pin_judge("0000"), PIN_TRIVIAL);
    assert_int_equal(pin_judge("999999"), PIN_TRIVIAL);
    assert_int_equal(pin_judge("0123"), PIN_TRIVIAL);
    assert_int_equal(pin_judge("1234"), PIN_TRIVIAL);
    assert_int_equal(pin_judge("456789"), PIN_TRIVIAL);
    assert_int_equal(pin_judge("4321"), PIN_TRIVIAL);
    assert_int_equal(pin_judge("987654"), PIN_TRIVIAL);
    /* Just not trivial: one digit off a row, the row does not wrap, one digit differs. */
    assert_int_equal(pin_judge("1235"), PIN_OK);
    assert_int_equal(pin_judge("8901"), PIN_OK);
    assert_int_equal(pin_judge("0001"), PIN_OK);
    assert_int_equal(pin_judge("4320"), PIN_OK);
    assert_int_equal(pin_judge("1212"), PIN_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_form),
        cmocka_unit_test(test_trivial),
    };
    return cmocka_run_group_tests_name("unit_pin", tests, NULL, NULL);
}
