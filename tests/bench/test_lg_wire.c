/* The load generator's codecs: a wrong splitter would make every peer figure wrong without a
 * visible error, so the message boundaries are checked here against hand-made bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lg_wire.h"

static void resp_replies_are_split_at_their_ends(void **state)
{
    (void)state;
    bool err = false;
    const char *ok = "+OK\r\n:12\r\n";
    assert_int_equal(lg_resp_split((const uint8_t *)ok, strlen(ok), &err), 5);
    assert_false(err);
    const char *bulk = "$5\r\nhello\r\n+OK";
    assert_int_equal(lg_resp_split((const uint8_t *)bulk, strlen(bulk), &err), 11);
    const char *nil = "$-1\r\n";
    assert_int_equal(lg_resp_split((const uint8_t *)nil, strlen(nil), &err), 5);
    const char *e = "-ERR unknown command\r\n";
    assert_int_equal(lg_resp_split((const uint8_t *)e, strlen(e), &err), (long)strlen(e));
    assert_true(err);
}

static void resp_incomplete_and_malformed(void **state)
{
    (void)state;
    bool err = false;
    const char *part = "$5\r\nhel";
    assert_int_equal(lg_resp_split((const uint8_t *)part, strlen(part), &err), 0);
    assert_int_equal(lg_resp_split((const uint8_t *)"+OK\r", 4, &err), 0);
    assert_int_equal(lg_resp_split((const uint8_t *)"?x\r\n", 4, &err), -1);
    assert_int_equal(lg_resp_split((const uint8_t *)"$x\r\n", 4, &err), -1);
}

static void resp_commands_are_bulk_arrays(void **state)
{
    (void)state;
    lg_buf b = {0};
    assert_true(lg_resp_set(&b, "k", "vv", 2));
    assert_true(lg_resp_get(&b, "k"));
    const char *want = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nvv\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n";
    assert_int_equal(b.len, strlen(want));
    assert_memory_equal(b.data, want, b.len);
    lg_buf_free(&b);
}

static void mqtt_remaining_length_crosses_one_byte(void **state)
{
    (void)state;
    lg_buf b = {0};
    uint8_t payload[200];
    memset(payload, 'p', sizeof payload);
    assert_true(lg_mqtt_publish(&b, "t/x", payload, sizeof payload));
    /* 2 + 3 + 200 = 205 = 0xCD 0x01 in 7-bit groups. */
    assert_int_equal(b.data[0], 0x30);
    assert_int_equal(b.data[1], 0xcd);
    assert_int_equal(b.data[2], 0x01);
    int type = 0;
    assert_int_equal(lg_mqtt_split(b.data, b.len, &type), (long)b.len);
    assert_int_equal(type, LG_MQTT_PUBLISH);
    assert_int_equal(lg_mqtt_split(b.data, b.len - 1, &type), 0);
    lg_buf_free(&b);
}

static void mqtt_connect_and_subscribe_bytes(void **state)
{
    (void)state;
    lg_buf b = {0};
    assert_true(lg_mqtt_connect(&b, "c1", 0));
    const uint8_t connect[] = {0x10, 14, 0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 0, 0, 2, 'c', '1'};
    assert_int_equal(b.len, sizeof connect);
    assert_memory_equal(b.data, connect, sizeof connect);
    b.len = 0;
    assert_true(lg_mqtt_subscribe(&b, 7, "a/b"));
    const uint8_t sub[] = {0x82, 8, 0, 7, 0, 3, 'a', '/', 'b', 0};
    assert_int_equal(b.len, sizeof sub);
    assert_memory_equal(b.data, sub, sizeof sub);
    const uint8_t bad[] = {0x30, 0xff, 0xff, 0xff, 0xff, 0x01};
    int type = 0;
    assert_int_equal(lg_mqtt_split(bad, sizeof bad, &type), -1);
    lg_buf_free(&b);
}

static void stagelijn_frames_split_and_decode(void **state)
{
    (void)state;
    lg_buf b = {0};
    assert_true(lg_sl_get_student(&b, 42, "s-1"));
    size_t first = b.len;
    assert_true(lg_sl_hello(&b, 1));
    assert_int_equal(lg_sl_split(b.data, b.len, SL_FRAME_DEFAULT_MAX), (long)first);
    assert_int_equal(lg_sl_split(b.data, first - 1, SL_FRAME_DEFAULT_MAX), 0);
    sl_envelope *env = sl_envelope_decode(b.data + SL_FRAME_HEADER_LEN, first - 4);
    assert_non_null(env);
    assert_int_equal(env->request_id, 42);
    assert_int_equal(env->body_case, STAGELIJN__V1__ENVELOPE__BODY_GET_STUDENT);
    assert_string_equal(env->get_student->id, "s-1");
    sl_envelope_free(env);
    const uint8_t empty[] = {0, 0, 0, 0};
    assert_int_equal(lg_sl_split(empty, sizeof empty, SL_FRAME_DEFAULT_MAX), -1);
    lg_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(resp_replies_are_split_at_their_ends),
        cmocka_unit_test(resp_incomplete_and_malformed),
        cmocka_unit_test(resp_commands_are_bulk_arrays),
        cmocka_unit_test(mqtt_remaining_length_crosses_one_byte),
        cmocka_unit_test(mqtt_connect_and_subscribe_bytes),
        cmocka_unit_test(stagelijn_frames_split_and_decode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
