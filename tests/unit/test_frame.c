/* Unit tests for common/frame.c: the length-prefixed framing codec and the envelope
 * pack/decode helpers. The codec does no I/O, so every case is a buffer in, a verdict out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "frame.h"

/* ------------------------------------------------------------------------------------- */
/* Helpers                                                                               */
/* ------------------------------------------------------------------------------------- */

static void put_be32(uint8_t *out, uint32_t v)
{
    out[0] = (uint8_t)(v >> 24);
    out[1] = (uint8_t)(v >> 16);
    out[2] = (uint8_t)(v >> 8);
    out[3] = (uint8_t)v;
}

/* Packs a Hello envelope into a new frame; the caller frees it. */
static uint8_t *hello_frame(uint64_t request_id, size_t *len)
{
    Stagelijn__V1__Hello hello = STAGELIJN__V1__HELLO__INIT;
    hello.protocol_version = 1;
    hello.client_kind = STAGELIJN__V1__CLIENT_KIND__CLIENT_KIOSK;
    hello.client_version = "1.2.3-test";
    sl_envelope env = STAGELIJN__V1__ENVELOPE__INIT;
    env.request_id = request_id;
    env.body_case = STAGELIJN__V1__ENVELOPE__BODY_HELLO;
    env.hello = &hello;
    uint8_t *buf = sl_envelope_pack_frame(&env, SL_FRAME_DEFAULT_MAX, len);
    assert_non_null(buf);
    return buf;
}

static uint8_t *login_frame(const char *user, const char *password, size_t *len)
{
    Stagelijn__V1__LoginRequest login = STAGELIJN__V1__LOGIN_REQUEST__INIT;
    login.username = (char *)user;
    login.password = (char *)password;
    sl_envelope env = STAGELIJN__V1__ENVELOPE__INIT;
    env.request_id = 7;
    env.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOGIN;
    env.login = &login;
    uint8_t *buf = sl_envelope_pack_frame(&env, SL_FRAME_DEFAULT_MAX, len);
    assert_non_null(buf);
    return buf;
}

/* ------------------------------------------------------------------------------------- */
/* sl_frame_parse                                                                        */
/* ------------------------------------------------------------------------------------- */

static void test_short_reads(void **state)
{
    (void)state;
    /* Header claims 5 bytes; fewer than 4 bytes can never be decided. */
    const uint8_t buf[4] = {0, 0, 0, 5};
    for (size_t len = 0; len < SL_FRAME_HEADER_LEN; len++) {
        size_t pl = 12345;
        assert_int_equal(sl_frame_parse(buf, len, 1024, &pl), SL_FRAME_NEED_MORE);
        assert_int_equal(pl, 0); /* nothing known yet */
    }
    /* Even a header that would be an error is undecided before all 4 bytes are there. */
    const uint8_t big[4] = {0xff, 0xff, 0xff, 0xff};
    for (size_t len = 0; len < SL_FRAME_HEADER_LEN; len++) {
        size_t pl;
        assert_int_equal(sl_frame_parse(big, len, 1024, &pl), SL_FRAME_NEED_MORE);
    }
    /* NULL buffer with length 0 must be safe. */
    size_t pl;
    assert_int_equal(sl_frame_parse(NULL, 0, 1024, &pl), SL_FRAME_NEED_MORE);
}

static void test_exact_frame(void **state)
{
    (void)state;
    uint8_t buf[4 + 3] = {0, 0, 0, 3, 'a', 'b', 'c'};
    size_t pl = 0;
    assert_int_equal(sl_frame_parse(buf, sizeof buf, 1024, &pl), SL_FRAME_COMPLETE);
    assert_int_equal(pl, 3);
    /* Header only: the awaited payload length is already reported. */
    pl = 0;
    assert_int_equal(sl_frame_parse(buf, 4, 1024, &pl), SL_FRAME_NEED_MORE);
    assert_int_equal(pl, 3);
    /* One byte short. */
    assert_int_equal(sl_frame_parse(buf, 6, 1024, &pl), SL_FRAME_NEED_MORE);
    assert_int_equal(pl, 3);
}

static void test_trailing_bytes_belong_to_next_frame(void **state)
{
    (void)state;
    /* Two pipelined frames in one buffer: the first is complete, the second follows. */
    uint8_t buf[] = {0, 0, 0, 2, 'h', 'i', 0, 0, 0, 1, '!'};
    size_t pl = 0;
    assert_int_equal(sl_frame_parse(buf, sizeof buf, 64, &pl), SL_FRAME_COMPLETE);
    assert_int_equal(pl, 2);
    size_t off = SL_FRAME_HEADER_LEN + pl;
    assert_int_equal(sl_frame_parse(buf + off, sizeof buf - off, 64, &pl), SL_FRAME_COMPLETE);
    assert_int_equal(pl, 1);
    assert_int_equal(buf[off + SL_FRAME_HEADER_LEN], '!');
}

static void test_split_across_feeds(void **state)
{
    (void)state;
    size_t total = 0;
    uint8_t *frame = login_frame("jansen", "geheim-wachtwoord", &total);
    assert_true(total > SL_FRAME_HEADER_LEN);
    /* The receive buffer grows one byte at a time, as from a slow peer. Copy into an exactly
     * sized heap buffer each time so that ASan catches any read past `len`. */
    for (size_t len = 0; len <= total; len++) {
        uint8_t *partial = malloc(len ? len : 1);
        assert_non_null(partial);
        memcpy(partial, frame, len);
        size_t pl = 999;
        sl_frame_result r = sl_frame_parse(partial, len, SL_FRAME_DEFAULT_MAX, &pl);
        if (len < total) {
            assert_int_equal(r, SL_FRAME_NEED_MORE);
            assert_int_equal(pl, len < SL_FRAME_HEADER_LEN ? 0 : total - SL_FRAME_HEADER_LEN);
        } else {
            assert_int_equal(r, SL_FRAME_COMPLETE);
            assert_int_equal(pl, total - SL_FRAME_HEADER_LEN);
            sl_envelope *env = sl_envelope_decode(partial + SL_FRAME_HEADER_LEN, pl);
            assert_non_null(env);
            assert_string_equal(env->login->username, "jansen");
            sl_envelope_free(env);
        }
        free(partial);
    }
    free(frame);
}

static void test_empty_frame(void **state)
{
    (void)state;
    const uint8_t buf[8] = {0, 0, 0, 0, 1, 2, 3, 4};
    size_t pl = 77;
    assert_int_equal(sl_frame_parse(buf, 4, 1024, &pl), SL_FRAME_EMPTY);
    assert_int_equal(pl, 0);
    /* Bytes after the header do not change the verdict. */
    assert_int_equal(sl_frame_parse(buf, sizeof buf, 1024, &pl), SL_FRAME_EMPTY);
}

static void test_max_payload_boundary(void **state)
{
    (void)state;
    const size_t max = 4096;
    uint8_t *buf = calloc(1, SL_FRAME_HEADER_LEN + max + 1);
    assert_non_null(buf);

    /* N = max: accepted, complete once max payload bytes are present. */
    put_be32(buf, (uint32_t)max);
    size_t pl = 0;
    assert_int_equal(sl_frame_parse(buf, SL_FRAME_HEADER_LEN, max, &pl), SL_FRAME_NEED_MORE);
    assert_int_equal(pl, max);
    assert_int_equal(sl_frame_parse(buf, SL_FRAME_HEADER_LEN + max - 1, max, &pl),
                     SL_FRAME_NEED_MORE);
    assert_int_equal(sl_frame_parse(buf, SL_FRAME_HEADER_LEN + max, max, &pl), SL_FRAME_COMPLETE);
    assert_int_equal(pl, max);

    /* N = max + 1: refused from the header alone, before any payload arrives. */
    put_be32(buf, (uint32_t)max + 1);
    pl = 77;
    assert_int_equal(sl_frame_parse(buf, SL_FRAME_HEADER_LEN, max, &pl), SL_FRAME_TOO_LARGE);
    assert_int_equal(pl, 0);
    assert_int_equal(sl_frame_parse(buf, SL_FRAME_HEADER_LEN + max + 1, max, &pl),
                     SL_FRAME_TOO_LARGE);
    free(buf);

    /* The default maximum, from the header alone. */
    uint8_t hdr[4];
    put_be32(hdr, SL_FRAME_DEFAULT_MAX);
    assert_int_equal(sl_frame_parse(hdr, sizeof hdr, SL_FRAME_DEFAULT_MAX, &pl),
                     SL_FRAME_NEED_MORE);
    assert_int_equal(pl, SL_FRAME_DEFAULT_MAX);
    put_be32(hdr, SL_FRAME_DEFAULT_MAX + 1);
    assert_int_equal(sl_frame_parse(hdr, sizeof hdr, SL_FRAME_DEFAULT_MAX, &pl),
                     SL_FRAME_TOO_LARGE);
}

static void test_length_all_ones(void **state)
{
    (void)state;
    const uint8_t hdr[4] = {0xff, 0xff, 0xff, 0xff};
    size_t pl = 1;
    assert_int_equal(sl_frame_parse(hdr, sizeof hdr, SL_FRAME_DEFAULT_MAX, &pl),
                     SL_FRAME_TOO_LARGE);
    assert_int_equal(pl, 0);
    /* The length is read big-endian: 0x00000100 is 256, not 0x01000000. */
    const uint8_t be[4] = {0, 0, 1, 0};
    assert_int_equal(sl_frame_parse(be, sizeof be, 300, &pl), SL_FRAME_NEED_MORE);
    assert_int_equal(pl, 256);
    assert_int_equal(sl_frame_parse(be, sizeof be, 255, &pl), SL_FRAME_TOO_LARGE);
}

static void test_put_header(void **state)
{
    (void)state;
    uint8_t out[SL_FRAME_HEADER_LEN];
    sl_frame_put_header(out, 0x01020304u);
    assert_int_equal(out[0], 1);
    assert_int_equal(out[1], 2);
    assert_int_equal(out[2], 3);
    assert_int_equal(out[3], 4);
    sl_frame_put_header(out, 0xffffffffu);
    for (int i = 0; i < 4; i++)
        assert_int_equal(out[i], 0xff);
}

/* ------------------------------------------------------------------------------------- */
/* Envelopes                                                                             */
/* ------------------------------------------------------------------------------------- */

static void test_hello_round_trip(void **state)
{
    (void)state;
    size_t len = 0;
    uint8_t *frame = hello_frame(0x1122334455667788ull, &len);
    size_t pl = 0;
    assert_int_equal(sl_frame_parse(frame, len, SL_FRAME_DEFAULT_MAX, &pl), SL_FRAME_COMPLETE);
    assert_int_equal(pl + SL_FRAME_HEADER_LEN, len);

    sl_envelope *env = sl_envelope_decode(frame + SL_FRAME_HEADER_LEN, pl);
    assert_non_null(env);
    assert_true(env->request_id == 0x1122334455667788ull);
    assert_int_equal(env->body_case, STAGELIJN__V1__ENVELOPE__BODY_HELLO);
    assert_non_null(env->hello);
    assert_int_equal(env->hello->protocol_version, 1);
    assert_int_equal(env->hello->client_kind, STAGELIJN__V1__CLIENT_KIND__CLIENT_KIOSK);
    assert_string_equal(env->hello->client_version, "1.2.3-test");
    assert_string_equal(sl_envelope_body_name(env), "hello");

    /* Re-packing the decoded envelope gives the same bytes. */
    size_t len2 = 0;
    uint8_t *again = sl_envelope_pack_frame(env, SL_FRAME_DEFAULT_MAX, &len2);
    assert_non_null(again);
    assert_int_equal(len2, len);
    assert_memory_equal(again, frame, len);
    free(again);
    sl_envelope_free(env);
    free(frame);
}

static void test_login_round_trip(void **state)
{
    (void)state;
    size_t len = 0;
    uint8_t *frame = login_frame("p.de.vries", "Wachtw00rd met spatie & é", &len);
    size_t pl = 0;
    assert_int_equal(sl_frame_parse(frame, len, SL_FRAME_DEFAULT_MAX, &pl), SL_FRAME_COMPLETE);
    sl_envelope *env = sl_envelope_decode(frame + SL_FRAME_HEADER_LEN, pl);
    assert_non_null(env);
    assert_int_equal(env->request_id, 7);
    assert_int_equal(env->body_case, STAGELIJN__V1__ENVELOPE__BODY_LOGIN);
    assert_string_equal(env->login->username, "p.de.vries");
    assert_string_equal(env->login->password, "Wachtw00rd met spatie & é");
    assert_string_equal(sl_envelope_body_name(env), "login");
    sl_envelope_free(env);
    free(frame);
}

static void test_pack_respects_max(void **state)
{
    (void)state;
    size_t len = 0;
    uint8_t *frame = login_frame("u", "p", &len);
    size_t payload = len - SL_FRAME_HEADER_LEN;
    free(frame);

    Stagelijn__V1__LoginRequest login = STAGELIJN__V1__LOGIN_REQUEST__INIT;
    login.username = "u";
    login.password = "p";
    sl_envelope env = STAGELIJN__V1__ENVELOPE__INIT;
    env.request_id = 7;
    env.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOGIN;
    env.login = &login;
    size_t out = 0;
    frame = sl_envelope_pack_frame(&env, payload, &out);
    assert_non_null(frame); /* exactly max: fits */
    assert_int_equal(out, len);
    free(frame);
    assert_null(sl_envelope_pack_frame(&env, payload - 1, &out));
}

static void test_pack_empty_envelope(void **state)
{
    (void)state;
    /* An envelope with nothing set packs to zero bytes, which would be an N = 0 frame. */
    sl_envelope env = STAGELIJN__V1__ENVELOPE__INIT;
    size_t out = 4242;
    assert_null(sl_envelope_pack_frame(&env, SL_FRAME_DEFAULT_MAX, &out));
    /* A request id alone is not empty. */
    env.request_id = 1;
    uint8_t *frame = sl_envelope_pack_frame(&env, SL_FRAME_DEFAULT_MAX, &out);
    assert_non_null(frame);
    assert_true(out > SL_FRAME_HEADER_LEN);
    sl_envelope *back = sl_envelope_decode(frame + SL_FRAME_HEADER_LEN, out - SL_FRAME_HEADER_LEN);
    assert_non_null(back);
    assert_int_equal(back->body_case, STAGELIJN__V1__ENVELOPE__BODY__NOT_SET);
    assert_string_equal(sl_envelope_body_name(back), "none");
    sl_envelope_free(back);
    free(frame);
}

static void test_decode_garbage(void **state)
{
    (void)state;
    /* Field 1 with wire type 7 (does not exist). */
    const uint8_t bad_wire_type[] = {0x0f};
    assert_null(sl_envelope_decode(bad_wire_type, sizeof bad_wire_type));
    /* request_id varint cut off. */
    const uint8_t cut_varint[] = {0x08, 0x80};
    assert_null(sl_envelope_decode(cut_varint, sizeof cut_varint));
    /* hello (field 10, length-delimited) claims 50 bytes, has 2. */
    const uint8_t short_body[] = {0x52, 50, 0x08, 0x01};
    assert_null(sl_envelope_decode(short_body, sizeof short_body));
    /* An error inside a nested message: login { field 1 with wire type 6 }. */
    const uint8_t nested_bad[] = {0x62, 0x01, 0x0e};
    assert_null(sl_envelope_decode(nested_bad, sizeof nested_bad));
    /* Field number 0 is invalid. */
    const uint8_t field_zero[] = {0x00, 0x01};
    assert_null(sl_envelope_decode(field_zero, sizeof field_zero));
    /* A run of 0xff bytes: an endless varint. */
    uint8_t ff[32];
    memset(ff, 0xff, sizeof ff);
    assert_null(sl_envelope_decode(ff, sizeof ff));
}

static void test_decode_unknown_fields_ignored(void **state)
{
    (void)state;
    /* request_id = 5, then unknown field 999 (varint 1): forward compatibility. */
    const uint8_t buf[] = {0x08, 0x05, 0xb8, 0x3e, 0x01};
    sl_envelope *env = sl_envelope_decode(buf, sizeof buf);
    assert_non_null(env);
    assert_int_equal(env->request_id, 5);
    assert_int_equal(env->body_case, STAGELIJN__V1__ENVELOPE__BODY__NOT_SET);
    sl_envelope_free(env);
}

static void test_body_name(void **state)
{
    (void)state;
    assert_string_equal(sl_envelope_body_name(NULL), "none");
    sl_envelope env = STAGELIJN__V1__ENVELOPE__INIT;
    assert_string_equal(sl_envelope_body_name(&env), "none");

    Stagelijn__V1__LogoutRequest logout = STAGELIJN__V1__LOGOUT_REQUEST__INIT;
    env.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOGOUT;
    env.logout = &logout;
    assert_string_equal(sl_envelope_body_name(&env), "logout");

    Stagelijn__V1__CreateUserRequest cu = STAGELIJN__V1__CREATE_USER_REQUEST__INIT;
    env.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_USER;
    env.create_user = &cu;
    assert_string_equal(sl_envelope_body_name(&env), "create_user");

    Stagelijn__V1__ListNotificationsRequest ln = STAGELIJN__V1__LIST_NOTIFICATIONS_REQUEST__INIT;
    env.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_NOTIFICATIONS;
    env.list_notifications = &ln;
    assert_string_equal(sl_envelope_body_name(&env), "list_notifications");

    /* A case number that is not a field of the envelope (never produced by decode). */
    env.body_case = (Stagelijn__V1__Envelope__BodyCase)9999;
    assert_string_equal(sl_envelope_body_name(&env), "unknown");
}

static void test_free_null(void **state)
{
    (void)state;
    sl_envelope_free(NULL); /* must not crash */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_short_reads),
        cmocka_unit_test(test_exact_frame),
        cmocka_unit_test(test_trailing_bytes_belong_to_next_frame),
        cmocka_unit_test(test_split_across_feeds),
        cmocka_unit_test(test_empty_frame),
        cmocka_unit_test(test_max_payload_boundary),
        cmocka_unit_test(test_length_all_ones),
        cmocka_unit_test(test_put_header),
        cmocka_unit_test(test_hello_round_trip),
        cmocka_unit_test(test_login_round_trip),
        cmocka_unit_test(test_pack_respects_max),
        cmocka_unit_test(test_pack_empty_envelope),
        cmocka_unit_test(test_decode_garbage),
        cmocka_unit_test(test_decode_unknown_fields_ignored),
        cmocka_unit_test(test_body_name),
        cmocka_unit_test(test_free_null),
    };
    return cmocka_run_group_tests_name("frame", tests, NULL, NULL);
}
