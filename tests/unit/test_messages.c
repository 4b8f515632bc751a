/* Unit tests for common/messages.c and client/wording.c: every coded message has a format the
 * server can split into parameters and a client can render; codes are unique; the client
 * renders a code with its parameters, falls back to the English text for an unknown code, and
 * writes durations as hours and minutes without rounding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "messages.h"
#include "wording.h"

static void test_table_is_sound(void **state)
{
    (void)state;
    size_t n;
    const sl_message *m = sl_messages(&n);
    assert_true(n > 50);
    for (size_t i = 0; i < n; i++) {
        int params = sl_message_param_count(m[i].format);
        if (params < 0 || params > SL_MESSAGE_MAX_PARAMS)
            fail_msg("%s: format \"%s\" cannot be sent as parameters", m[i].code, m[i].format);
        for (size_t k = i + 1; k < n; k++)
            if (!strcmp(m[i].code, m[k].code))
                fail_msg("code %s appears twice", m[i].code);
        assert_ptr_equal(sl_message_find(m[i].code), &m[i]);
    }
    assert_null(sl_message_find("no_such_code_at_all"));
    assert_null(sl_message_find(""));
}

/* Splits a call's arguments the way req_fail_code does. */
static int split(char params[][SL_MESSAGE_PARAM_LEN], const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = sl_message_params(fmt, ap, params);
    va_end(ap);
    return n;
}

static void test_params_of_every_kind(void **state)
{
    (void)state;
    char p[SL_MESSAGE_MAX_PARAMS][SL_MESSAGE_PARAM_LEN];
    assert_int_equal(
        split(p, "%s is longer than %ld bytes, %zu%% of %.0f", "name", 300L, (size_t)7, 12.6), 4);
    assert_string_equal(p[0], "name");
    assert_string_equal(p[1], "300");
    assert_string_equal(p[2], "7");
    assert_string_equal(p[3], "13");
    assert_int_equal(split(p, "protocol version %u (%d)", 7u, -1), 2);
    assert_string_equal(p[0], "7");
    assert_string_equal(p[1], "-1");
    /* A pointer conversion cannot be sent as a value. */
    assert_int_equal(sl_message_param_count("%p"), -1);
}

static void test_render_positional_and_missing(void **state)
{
    (void)state;
    const char *params[] = {"mentor", "agenda.sign"};
    char out[128];
    assert_string_equal(sl_message_render("%2$s: %1$s may not (100%%)", params, 2, out, sizeof out),
                        "agenda.sign: mentor may not (100%)");
    assert_string_equal(sl_message_render("%s and %s", params, 1, out, sizeof out), "mentor and ?");
    char small[8];
    assert_string_equal(sl_message_render("%s is long", params, 2, small, sizeof small), "mentor ");
}

static void test_error_rendering_falls_back_to_english(void **state)
{
    (void)state;
    char out[256];
    Stagelijn__V1__Error e = STAGELIJN__V1__ERROR__INIT;
    e.message = "the server's English";
    /* Coded: rendered from the table (English here: no catalogue is loaded), parameters in. */
    char *params[] = {"student_id"};
    e.message_code = "field_required";
    e.n_params = 1;
    e.params = params;
    assert_string_equal(wording_error(&e, out, sizeof out), "student_id is required");
    /* A code from a newer server: the English text. */
    e.message_code = "something_new";
    assert_string_equal(wording_error(&e, out, sizeof out), "the server's English");
    /* A role parameter is read as a Role value and shown in the user's words. */
    char *role[] = {"support_coach", "agenda.sign"};
    e.message_code = "role_may_not";
    e.n_params = 2;
    e.params = role;
    assert_string_equal(wording_error(&e, out, sizeof out),
                        "support_coach may not agenda.sign this");
}

static void test_duration_never_rounds_up(void **state)
{
    (void)state;
    char out[32];
    /* 20.996 h a week is 20 h 59 min: never "21". */
    assert_string_equal(wording_duration(1259, out, sizeof out), "20:59 h");
    assert_string_equal(wording_duration(1260, out, sizeof out), "21:00 h");
    assert_string_equal(wording_duration(5, out, sizeof out), "0:05 h");
    assert_string_equal(wording_duration(-90, out, sizeof out), "-1:30 h");
}

static void test_values_one_spelling(void **state)
{
    (void)state;
    int v = 0;
    char buf[64];
    const ProtobufCEnumDescriptor *kind = &stagelijn__v1__placement_kind__descriptor;
    /* What is shown is accepted, and the old spellings of scripts too. */
    const char *shown =
        wording_value(kind, STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_1, buf, sizeof buf);
    assert_true(wording_parse_value(kind, shown, &v));
    assert_int_equal(v, STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_1);
    v = 0;
    assert_true(wording_parse_value(kind, "individual1", &v));
    assert_int_equal(v, STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_1);
    assert_false(wording_parse_value(kind, "unspecified", &v));
    assert_false(wording_parse_value(kind, "", &v));
    assert_false(wording_parse_value(kind, "individual3", &v));
    /* A meaningful zero is a value. */
    assert_true(wording_parse_value(&stagelijn__v1__judgement__descriptor, "missing", &v));
    assert_int_equal(v, 0);
    bool b = false;
    assert_true(wording_parse_yes_no("YES", &b) && b);
    assert_true(wording_parse_yes_no("false", &b) && !b);
    assert_false(wording_parse_yes_no("maybe", &b));
    assert_int_equal(wording_parse_weekday("wed"), 3);
    assert_int_equal(wording_parse_weekday("7"), 7);
    assert_int_equal(wording_parse_weekday("8"), 0);
}

/* Every detail (DET_) can be sent and rendered: a format of supported conversions, a kind the
 * clients know for each parameter, a code unique over errors and details. */
static void test_detail_table_is_sound(void **state)
{
    (void)state;
    static const char *const known[] = {"",
                                        "date",
                                        "minutes",
                                        "word",
                                        "role",
                                        "placement_status",
                                        "placement_kind",
                                        "assignment_status",
                                        "day_part",
                                        "dropout_action",
                                        "dropout_case_state",
                                        "risk_reasons",
                                        "absence_kind",
                                        "advice",
                                        "training_status"};
    size_t n, n_errors;
    const sl_message *d = sl_message_details(&n);
    sl_messages(&n_errors);
    assert_true(n > 20);
    for (size_t i = 0; i < n; i++) {
        int params = sl_message_param_count(d[i].format);
        if (params < 0 || params > SL_MESSAGE_MAX_PARAMS)
            fail_msg("%s: format \"%s\" cannot be sent as parameters", d[i].code, d[i].format);
        assert_ptr_equal(sl_message_find(d[i].code), &d[i]);
        assert_string_equal(sl_message_context(&d[i]), "server text");
        int kinds = 1;
        for (const char *c = d[i].param_kinds; *c; c++)
            kinds += *c == ',';
        if (d[i].param_kinds[0] && kinds != params)
            fail_msg("%s: %d kinds for %d parameters", d[i].code, kinds, params);
        for (int k = 0; k < params; k++) {
            char kind[32];
            sl_message_param_kind(&d[i], (size_t)k, kind, sizeof kind);
            bool ok = false;
            for (size_t w = 0; w < sizeof known / sizeof known[0]; w++)
                ok = ok || !strcmp(kind, known[w]);
            if (!ok)
                fail_msg("%s: parameter %d has kind \"%s\" no client knows", d[i].code, k, kind);
        }
    }
    size_t ne;
    const sl_message *e = sl_messages(&ne);
    assert_null(sl_message_context(&e[0]));
}

/* The English text beside a code: durations in minutes as H:MM h, the rest as sent. */
static void test_english_of_a_detail(void **state)
{
    (void)state;
    const sl_message *m = sl_message_find("det_day_span");
    assert_non_null(m);
    const char *params[] = {"2027-02-01", "07:00", "16:30", "570"};
    char out[128];
    assert_string_equal(sl_message_english(m, params, 4, out, sizeof out),
                        "2027-02-01: 07:00-16:30 is 9:30 h");
    const char *negative[] = {"-61", "600"};
    assert_string_equal(
        sl_message_english(sl_message_find("det_course_share"), negative, 2, out, sizeof out),
        "-1:01 h / 10:00 h");
    /* A value that is not a whole number of minutes is shown as sent. */
    const char *odd[] = {"soon"};
    assert_string_equal(
        sl_message_english(sl_message_find("det_hours_made"), odd, 1, out, sizeof out),
        "soon made");
}

/* Stored parameters: joined and split back the same, an empty value kept in its place. */
static void test_params_join_and_split(void **state)
{
    (void)state;
    char *in[] = {"2026-10-20", "", "600"};
    char *joined = sl_message_params_join(in, 3);
    assert_non_null(joined);
    char *out[SL_MESSAGE_MAX_PARAMS];
    assert_int_equal(sl_message_params_split(joined, out, SL_MESSAGE_MAX_PARAMS), 3);
    assert_string_equal(out[0], "2026-10-20");
    assert_string_equal(out[1], "");
    assert_string_equal(out[2], "600");
    free(joined);
    char none[] = "";
    assert_int_equal(sl_message_params_split(none, out, SL_MESSAGE_MAX_PARAMS), 0);
    char many[] = "a\x1f"
                  "b\x1f"
                  "c";
    assert_int_equal(sl_message_params_split(many, out, 2), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_is_sound),
        cmocka_unit_test(test_params_join_and_split),
        cmocka_unit_test(test_detail_table_is_sound),
        cmocka_unit_test(test_english_of_a_detail),
        cmocka_unit_test(test_params_of_every_kind),
        cmocka_unit_test(test_render_positional_and_missing),
        cmocka_unit_test(test_error_rendering_falls_back_to_english),
        cmocka_unit_test(test_duration_never_rounds_up),
        cmocka_unit_test(test_values_one_spelling),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
