/* The request table: every request message of the protocol has exactly one row, every
 * target path names a string field, and the path is followed into nested messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "requests.h"

static const request_def *request_find(body_case bc)
{
    size_t n;
    const request_def *t = request_table(&n);
    for (size_t i = 0; i < n; i++)
        if (t[i].body == bc)
            return &t[i];
    return NULL;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Every Envelope body whose message is a request (name ends in "Request", or Hello) has a
 * row; no body has two. */
static void test_every_request_has_one_row(void **state)
{
    (void)state;
    const ProtobufCMessageDescriptor *env = &stagelijn__v1__envelope__descriptor;
    int requests = 0;
    for (unsigned i = 0; i < env->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &env->fields[i];
        if (f->type != PROTOBUF_C_TYPE_MESSAGE)
            continue;
        const ProtobufCMessageDescriptor *d = f->descriptor;
        bool is_request = ends_with(d->short_name, "Request") || strcmp(f->name, "hello") == 0;
        const request_def *row = request_find((body_case)f->id);
        if (is_request) {
            requests++;
            if (!row)
                fail_msg("no row for %s", f->name);
        }
    }
    size_t n;
    const request_def *t = request_table(&n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (t[i].body == t[j].body)
                fail_msg("two rows for %s", t[i].name);
    assert_true(requests > 60);
}

/* Every path resolves against the descriptors (with the body absent: "" rather than NULL),
 * rows with an id target have a path and the others none, and every row that needs a
 * session names a policy operation. */
static void test_rows_are_consistent(void **state)
{
    (void)state;
    size_t n;
    const request_def *t = request_table(&n);
    for (size_t i = 0; i < n; i++) {
        const request_def *d = &t[i];
        bool needs_id = d->target == TARGET_STUDENT || d->target == TARGET_PLACEMENT ||
                        d->target == TARGET_AGENDA_WEEK || d->target == TARGET_CLASS ||
                        d->target == TARGET_KIOSK_INTERN;
        if (needs_id != (d->target_field != NULL))
            fail_msg("%s: target kind and field disagree", d->name);
        if ((d->flags & REQ_SESSION) && (d->target == TARGET_NONE || d->op >= OP_COUNT))
            fail_msg("%s: a session request without an operation", d->name);
        /* An intern vouched for by a kiosk comes without a session, but still authorized. */
        if (d->target == TARGET_KIOSK_INTERN && ((d->flags & REQ_SESSION) || d->op >= OP_COUNT))
            fail_msg("%s: a kiosk's intern with a session or without an operation", d->name);
        if (!(d->flags & REQ_SESSION) && d->target != TARGET_NONE &&
            d->target != TARGET_KIOSK_INTERN)
            fail_msg("%s: a target without a session", d->name);
        if (d->target_field) {
            sl_envelope env = STAGELIJN__V1__ENVELOPE__INIT;
            env.body_case = d->body;
            const char *id = request_target_id(d, &env);
            if (!id)
                fail_msg("%s: path %s does not name a string field", d->name, d->target_field);
            assert_string_equal(id, "");
        }
    }
}

static void test_nested_path_is_followed(void **state)
{
    (void)state;
    Stagelijn__V1__Visit v = STAGELIJN__V1__VISIT__INIT;
    v.placement_id = "0190a5c4-0000-7000-8000-000000000001";
    Stagelijn__V1__LogVisitRequest lv = STAGELIJN__V1__LOG_VISIT_REQUEST__INIT;
    sl_envelope env = STAGELIJN__V1__ENVELOPE__INIT;
    env.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOG_VISIT;
    env.log_visit = &lv;
    const request_def *d = request_find(env.body_case);
    assert_non_null(d);
    assert_string_equal(request_target_id(d, &env), ""); /* visit absent */
    lv.visit = &v;
    assert_string_equal(request_target_id(d, &env), v.placement_id);
}

static void test_unknown_bodies_have_no_row(void **state)
{
    (void)state;
    assert_null(request_find(STAGELIJN__V1__ENVELOPE__BODY__NOT_SET));
    assert_null(request_find(STAGELIJN__V1__ENVELOPE__BODY_ERROR));
    assert_null(request_find(STAGELIJN__V1__ENVELOPE__BODY_HELLO_REPLY));
}

/* Every request on a placement or an agenda week names its lifecycle operation (dispatch
 * refuses one that does not), a writing one never the read-only operation, and no other row
 * names one. */
static void test_placement_rows_name_their_lifecycle(void **state)
{
    (void)state;
    size_t n;
    const request_def *t = request_table(&n);
    int placement_rows = 0;
    for (size_t i = 0; i < n; i++) {
        const request_def *d = &t[i];
        bool on_placement = d->target == TARGET_PLACEMENT || d->target == TARGET_AGENDA_WEEK;
        if (on_placement) {
            placement_rows++;
            if (d->lifecycle == LC_OP_NONE || lifecycle_states(d->lifecycle) == 0)
                fail_msg("%s acts on a placement but names no lifecycle operation", d->name);
            if ((d->flags & REQ_WRITES) && d->lifecycle == LC_OP_READ)
                fail_msg("%s writes but is allowed in every state as a read", d->name);
        } else if (d->lifecycle != LC_OP_NONE) {
            fail_msg("%s names a lifecycle operation without a placement target", d->name);
        }
    }
    assert_true(placement_rows >= 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_request_has_one_row),
        cmocka_unit_test(test_rows_are_consistent),
        cmocka_unit_test(test_nested_path_is_followed),
        cmocka_unit_test(test_unknown_bodies_have_no_row),
        cmocka_unit_test(test_placement_rows_name_their_lifecycle),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
