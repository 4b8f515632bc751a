/* Unit tests for common/wirecheck.c: the text check of every string field, on the wire bytes.
 * Requests are built with the generated structs and packed; bytes protobuf-c cannot carry in a
 * C string (NUL) are patched into the packed buffer afterwards. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "wirecheck.h"

/* ------------------------------------------------------------------------------------- */
/* Helpers                                                                               */
/* ------------------------------------------------------------------------------------- */

typedef struct {
    uint8_t bytes[4096];
    size_t len;
} packed;

static void pack(const sl_envelope *env, packed *out)
{
    out->len = stagelijn__v1__envelope__get_packed_size(env);
    assert_true(out->len <= sizeof out->bytes);
    assert_int_equal(stagelijn__v1__envelope__pack(env, out->bytes), out->len);
}

/* Replaces the first occurrence of `marker` in the packed bytes with `with` (same length). */
static void patch(packed *p, const char *marker, const uint8_t *with)
{
    size_t n = strlen(marker);
    for (size_t i = 0; i + n <= p->len; i++)
        if (memcmp(p->bytes + i, marker, n) == 0) {
            memcpy(p->bytes + i, with, n);
            return;
        }
    fail_msg("marker %s not found", marker);
}

static sl_wirecheck_fault check(const packed *p, bool expect_ok)
{
    sl_wirecheck_fault f;
    bool ok = sl_wirecheck_message(&stagelijn__v1__envelope__descriptor, p->bytes, p->len, &f);
    if (ok != expect_ok)
        fail_msg("expected %s, got %s at '%s'", expect_ok ? "pass" : "refusal",
                 sl_wirecheck_problem_text(f.problem), f.path);
    return f;
}

/* An envelope with a CreatePartner request; the partner's fields are the caller's. */
typedef struct {
    Stagelijn__V1__Partner partner;
    Stagelijn__V1__CreatePartnerRequest req;
    sl_envelope env;
} partner_request;

static void partner_init(partner_request *r, const char *name, const char *contact)
{
    stagelijn__v1__partner__init(&r->partner);
    r->partner.name = (char *)name;
    r->partner.kind = "gemeente";
    r->partner.contact = (char *)contact;
    stagelijn__v1__create_partner_request__init(&r->req);
    r->req.partner = &r->partner;
    stagelijn__v1__envelope__init(&r->env);
    r->env.request_id = 7;
    r->env.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_PARTNER;
    r->env.create_partner = &r->req;
}

/* An envelope with a SubmitAssessment request holding three aspect ratings. */
typedef struct {
    Stagelijn__V1__AspectRating aspect[3];
    Stagelijn__V1__AspectRating *aspects[3];
    Stagelijn__V1__Assessment assessment;
    Stagelijn__V1__SubmitAssessmentRequest req;
    sl_envelope env;
} assessment_request;

static void assessment_init(assessment_request *r, const char *const names[3], const char *comment)
{
    for (int i = 0; i < 3; i++) {
        stagelijn__v1__aspect_rating__init(&r->aspect[i]);
        r->aspect[i].aspect = (char *)names[i];
        r->aspect[i].rating = 4;
        r->aspects[i] = &r->aspect[i];
    }
    stagelijn__v1__assessment__init(&r->assessment);
    r->assessment.placement_id = "5b0c3e7a-1111-4222-8333-944455556666";
    r->assessment.comments = (char *)comment;
    r->assessment.n_aspects = 3;
    r->assessment.aspects = r->aspects;
    stagelijn__v1__submit_assessment_request__init(&r->req);
    r->req.assessment = &r->assessment;
    stagelijn__v1__envelope__init(&r->env);
    r->env.request_id = 8;
    r->env.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_ASSESSMENT;
    r->env.submit_assessment = &r->req;
}

#define DUTCH "Zeeën, café Één, geëvalueerd — ‘prima’ 👍 naïef"

/* ------------------------------------------------------------------------------------- */
/* Text                                                                                  */
/* ------------------------------------------------------------------------------------- */

static void expect_text(const char *s, size_t len, sl_wirecheck_problem problem, uint32_t cp,
                        size_t offset)
{
    uint32_t got_cp = 12345;
    size_t got_off = 12345;
    sl_wirecheck_problem got = sl_wirecheck_text((const uint8_t *)s, len, &got_cp, &got_off);
    if (got != problem)
        fail_msg("text #%s#: expected %s, got %s", s, sl_wirecheck_problem_text(problem),
                 sl_wirecheck_problem_text(got));
    if (problem != SL_WIRECHECK_OK) {
        assert_int_equal(got_cp, cp);
        assert_int_equal(got_off, offset);
    }
}
#define TEXT(lit, problem, cp, off) expect_text(lit, sizeof lit - 1, problem, cp, off)

static void test_text_valid(void **state)
{
    (void)state;
    TEXT(DUTCH, SL_WIRECHECK_OK, 0, 0);
    TEXT("", SL_WIRECHECK_OK, 0, 0);
    TEXT("regel een\nregel twee\tmet tab", SL_WIRECHECK_OK, 0, 0);
    TEXT("\xC2\xA0 no-break space, \xEF\xBF\xBD replacement", SL_WIRECHECK_OK, 0, 0);
    TEXT("last: \xF4\x8F\xBF\xBF", SL_WIRECHECK_OK, 0, 0);       /* U+10FFFF */
    TEXT("\xED\x9F\xBF \xEE\x80\x80", SL_WIRECHECK_OK, 0, 0);    /* around the surrogates */
    TEXT("\xC2\xA0\xDF\xBF\xE0\xA0\x80", SL_WIRECHECK_OK, 0, 0); /* shortest 2- and 3-byte */
}

static void test_text_bad_utf8(void **state)
{
    (void)state;
    TEXT("\xFF\xFE\xC3", SL_WIRECHECK_BAD_UTF8, 0, 0);
    TEXT("ok \x80", SL_WIRECHECK_BAD_UTF8, 0, 3);              /* stray continuation */
    TEXT("ab\xC3", SL_WIRECHECK_BAD_UTF8, 0, 2);               /* truncated at the end */
    TEXT("a\xE2\x82 b", SL_WIRECHECK_BAD_UTF8, 0, 1);          /* truncated inside */
    TEXT("\xC0\xAF", SL_WIRECHECK_BAD_UTF8, 0, 0);             /* overlong '/' */
    TEXT("\xC1\xBF", SL_WIRECHECK_BAD_UTF8, 0, 0);             /* overlong DEL */
    TEXT("\xE0\x80\xAF", SL_WIRECHECK_BAD_UTF8, 0, 0);         /* overlong 3-byte */
    TEXT("\xF0\x82\x82\xAC", SL_WIRECHECK_BAD_UTF8, 0, 0);     /* overlong euro sign */
    TEXT("x\xC0\x80", SL_WIRECHECK_BAD_UTF8, 0, 1);            /* "modified UTF-8" NUL */
    TEXT("\xED\xA0\x80", SL_WIRECHECK_BAD_UTF8, 0, 0);         /* high surrogate */
    TEXT("\xED\xBF\xBF", SL_WIRECHECK_BAD_UTF8, 0, 0);         /* low surrogate */
    TEXT("\xF4\x90\x80\x80", SL_WIRECHECK_BAD_UTF8, 0, 0);     /* U+110000 */
    TEXT("\xF5\x80\x80\x80", SL_WIRECHECK_BAD_UTF8, 0, 0);     /* lead byte beyond F4 */
    TEXT("\xF8\x88\x80\x80\x80", SL_WIRECHECK_BAD_UTF8, 0, 0); /* old 5-byte form */
}

static void test_text_controls(void **state)
{
    (void)state;
    TEXT("rood \x1B[31m", SL_WIRECHECK_CONTROL, 0x1B, 5);    /* CSI by ESC */
    TEXT("\x1B]0;titel\x07", SL_WIRECHECK_CONTROL, 0x1B, 0); /* OSC */
    TEXT("bel \x07", SL_WIRECHECK_CONTROL, 0x07, 4);         /* BEL alone */
    TEXT("windows\r\n", SL_WIRECHECK_CONTROL, 0x0D, 7);      /* CR */
    TEXT("del\x7F", SL_WIRECHECK_CONTROL, 0x7F, 3);          /* DEL */
    TEXT("\xC3\xA9\xC2\x9B"
         "31m",
         SL_WIRECHECK_CONTROL, 0x9B, 2);             /* C1 CSI */
    TEXT("\xC2\x80", SL_WIRECHECK_CONTROL, 0x80, 0); /* first C1 */
    TEXT("\xC2\x9F", SL_WIRECHECK_CONTROL, 0x9F, 0); /* last C1 */
    TEXT("before\0after", SL_WIRECHECK_NUL, 0, 6);
    TEXT("\0", SL_WIRECHECK_NUL, 0, 0);
}

/* ------------------------------------------------------------------------------------- */
/* Messages                                                                              */
/* ------------------------------------------------------------------------------------- */

static void test_valid_request_passes(void **state)
{
    (void)state;
    partner_request r;
    partner_init(&r, DUTCH, "Mevr. Öztürk\nTel. 010-1234567\t(ma–vr)");
    packed p;
    pack(&r.env, &p);
    check(&p, true);

    const char *names[3] = {"Hygiëne", "Gastvrijheid 🙂", "Werktempo"};
    assessment_request a;
    assessment_init(&a, names, "Goed gewerkt.\nVolgende keer: op tijd beginnen.");
    pack(&a.env, &p);
    check(&p, true);
}

static void test_bad_utf8_names_nested_field(void **state)
{
    (void)state;
    partner_request r;
    partner_init(&r, "\xFF\xFE\xC3", "");
    packed p;
    pack(&r.env, &p);
    sl_wirecheck_fault f = check(&p, false);
    assert_int_equal(f.problem, SL_WIRECHECK_BAD_UTF8);
    assert_string_equal(f.path, "create_partner.partner.name");
    char msg[300];
    sl_wirecheck_describe(&f, msg, sizeof msg);
    assert_string_equal(msg, "create_partner.partner.name: not valid UTF-8");
}

static void test_top_level_string(void **state)
{
    (void)state;
    Stagelijn__V1__Hello hello = STAGELIJN__V1__HELLO__INIT;
    hello.protocol_version = 1;
    hello.client_version = "1.0 \x1B]0;pwned\x07";
    sl_envelope env = STAGELIJN__V1__ENVELOPE__INIT;
    env.request_id = 1;
    env.body_case = STAGELIJN__V1__ENVELOPE__BODY_HELLO;
    env.hello = &hello;
    packed p;
    pack(&env, &p);
    sl_wirecheck_fault f = check(&p, false);
    assert_int_equal(f.problem, SL_WIRECHECK_CONTROL);
    assert_int_equal(f.codepoint, 0x1B);
    assert_int_equal(f.offset, 4);
    assert_string_equal(f.path, "hello.client_version");
    char msg[300];
    sl_wirecheck_describe(&f, msg, sizeof msg);
    assert_string_equal(msg, "hello.client_version: contains a control character U+001B");
}

static void test_repeated_message_is_numbered(void **state)
{
    (void)state;
    const char *names[3] = {"Hygiëne", "Gastvrijheid", "Werk\x1B[2Jtempo"};
    assessment_request a;
    assessment_init(&a, names, "prima");
    packed p;
    pack(&a.env, &p);
    sl_wirecheck_fault f = check(&p, false);
    assert_int_equal(f.problem, SL_WIRECHECK_CONTROL);
    assert_string_equal(f.path, "submit_assessment.assessment.aspects[2].aspect");

    /* Occurrences count from zero; a C1 control (NEL) in the first aspect. */
    const char *first_bad[3] = {"\xC2\x85", "ok", "ok"};
    assessment_init(&a, first_bad, "prima");
    pack(&a.env, &p);
    f = check(&p, false);
    assert_int_equal(f.codepoint, 0x85);
    assert_string_equal(f.path, "submit_assessment.assessment.aspects[0].aspect");
}

static void test_nul_in_the_middle(void **state)
{
    (void)state;
    partner_request r;
    partner_init(&r, "Jeugdloket", "before@after");
    packed p;
    pack(&r.env, &p);
    patch(&p, "before@after", (const uint8_t *)"before\0after");

    /* What protobuf-c makes of it: the string ends at the NUL, the rest is gone silently. */
    sl_envelope *env = sl_envelope_decode(p.bytes, p.len);
    assert_non_null(env);
    assert_string_equal(env->create_partner->partner->contact, "before");
    sl_envelope_free(env);

    sl_wirecheck_fault f = check(&p, false);
    assert_int_equal(f.problem, SL_WIRECHECK_NUL);
    assert_int_equal(f.offset, 6);
    assert_string_equal(f.path, "create_partner.partner.contact");
}

static void test_unknown_fields_skipped(void **state)
{
    (void)state;
    partner_request r;
    partner_init(&r, "Gemeente Rotterdam", "");
    packed p;
    pack(&r.env, &p);
    /* Append field 9999 (unknown to Envelope), length 3, bytes that would fail as text. */
    const uint8_t unknown[] = {0xFA, 0xF0, 0x04, 0x03, 0xFF, 0x00, 0x1B};
    memcpy(p.bytes + p.len, unknown, sizeof unknown);
    p.len += sizeof unknown;
    check(&p, true);
    sl_envelope *env = sl_envelope_decode(p.bytes, p.len);
    assert_non_null(env); /* protobuf-c agrees the message is fine */
    sl_envelope_free(env);
}

static void test_malformed(void **state)
{
    (void)state;
    partner_request r;
    partner_init(&r, "Gemeente Rotterdam", "");
    packed p;
    pack(&r.env, &p);
    sl_wirecheck_fault f;
    /* Cut short: the length of create_partner reaches beyond the end. */
    assert_false(
        sl_wirecheck_message(&stagelijn__v1__envelope__descriptor, p.bytes, p.len - 1, &f));
    assert_int_equal(f.problem, SL_WIRECHECK_MALFORMED);

    /* A string field sent as a varint: the path says where. */
    const uint8_t varint_name[] = {0x08, 0x01, 0xB2, 0x0B, 0x04, 0x0A, 0x02, 0x10, 0x05};
    assert_false(sl_wirecheck_message(&stagelijn__v1__envelope__descriptor, varint_name,
                                      sizeof varint_name, &f));
    assert_int_equal(f.problem, SL_WIRECHECK_MALFORMED);
    assert_string_equal(f.path, "create_partner.partner.name");
    char msg[300];
    sl_wirecheck_describe(&f, msg, sizeof msg);
    assert_string_equal(msg, "create_partner.partner.name: malformed message");

    /* Field number 0, groups and a varint longer than ten bytes. */
    const uint8_t zero[] = {0x02, 0x00};
    const uint8_t group[] = {0x0B, 0x0C};
    const uint8_t endless[] = {0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                               0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01};
    assert_false(sl_wirecheck_message(&stagelijn__v1__envelope__descriptor, zero, sizeof zero, &f));
    assert_string_equal(f.path, "");
    assert_false(
        sl_wirecheck_message(&stagelijn__v1__envelope__descriptor, group, sizeof group, &f));
    assert_false(
        sl_wirecheck_message(&stagelijn__v1__envelope__descriptor, endless, sizeof endless, &f));
    assert_int_equal(f.problem, SL_WIRECHECK_MALFORMED);
    sl_wirecheck_describe(&f, msg, sizeof msg);
    assert_string_equal(msg, "malformed message");
}

/* ------------------------------------------------------------------------------------- */
/* Depth: a self-referencing message type, described by hand                            */
/* ------------------------------------------------------------------------------------- */

/* message Node { Node child = 1; string label = 2; } */
static const ProtobufCMessageDescriptor node_descriptor;
static const ProtobufCFieldDescriptor node_fields[2] = {
    {"child", 1, PROTOBUF_C_LABEL_NONE, PROTOBUF_C_TYPE_MESSAGE, 0, 0, &node_descriptor, NULL, 0, 0,
     NULL, NULL},
    {"label", 2, PROTOBUF_C_LABEL_NONE, PROTOBUF_C_TYPE_STRING, 0, 0, NULL, NULL, 0, 0, NULL, NULL},
};
static const unsigned node_fields_by_name[2] = {0, 1};
static const ProtobufCIntRange node_ranges[2] = {{1, 0}, {0, 2}};
static const ProtobufCMessageDescriptor node_descriptor = {PROTOBUF_C__MESSAGE_DESCRIPTOR_MAGIC,
                                                           "test.Node",
                                                           "Node",
                                                           "Test__Node",
                                                           "test",
                                                           sizeof(ProtobufCMessage),
                                                           2,
                                                           node_fields,
                                                           node_fields_by_name,
                                                           1,
                                                           node_ranges,
                                                           NULL,
                                                           NULL,
                                                           NULL,
                                                           NULL};

/* Writes `levels` nested Nodes (the outermost is the top message, so levels - 1 child fields)
 * whose innermost holds `label`. Returns the length. */
static size_t nest(uint8_t *buf, size_t cap, int levels, const char *label)
{
    size_t n = strlen(label);
    assert_true(n < 128 && n + 2 <= cap);
    /* Build from the inside out at the end of buf, then move to the front. */
    size_t start = cap - n - 2;
    buf[start] = 0x12;
    buf[start + 1] = (uint8_t)n;
    memcpy(buf + start + 2, label, n);
    for (int i = 1; i < levels; i++) {
        size_t len = cap - start;
        assert_true(len < 16384 && start >= 3);
        if (len < 128) {
            buf[--start] = (uint8_t)len;
        } else {
            buf[--start] = (uint8_t)(len >> 7);
            buf[--start] = (uint8_t)(0x80u | (len & 0x7Fu));
        }
        buf[--start] = 0x0A;
    }
    size_t total = cap - start;
    memmove(buf, buf + start, total);
    return total;
}

static void test_depth_bound(void **state)
{
    (void)state;
    uint8_t buf[1024];
    sl_wirecheck_fault f;
    size_t len = nest(buf, sizeof buf, SL_WIRECHECK_MAX_DEPTH + 1, "diep");
    assert_true(sl_wirecheck_message(&node_descriptor, buf, len, &f));

    len = nest(buf, sizeof buf, SL_WIRECHECK_MAX_DEPTH + 1, "diep\x1B");
    assert_false(sl_wirecheck_message(&node_descriptor, buf, len, &f));
    assert_int_equal(f.problem, SL_WIRECHECK_CONTROL);
    char expect[SL_WIRECHECK_PATH_MAX] = "";
    for (int i = 0; i < SL_WIRECHECK_MAX_DEPTH; i++)
        strcat(expect, "child.");
    strcat(expect, "label");
    assert_string_equal(f.path, expect);

    len = nest(buf, sizeof buf, SL_WIRECHECK_MAX_DEPTH + 2, "diep");
    assert_false(sl_wirecheck_message(&node_descriptor, buf, len, &f));
    assert_int_equal(f.problem, SL_WIRECHECK_TOO_DEEP);

    /* Far deeper than the bound, still no crash and the same answer. */
    len = nest(buf, sizeof buf, 300, "x");
    assert_false(sl_wirecheck_message(&node_descriptor, buf, len, &f));
    assert_int_equal(f.problem, SL_WIRECHECK_TOO_DEEP);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_valid),
        cmocka_unit_test(test_text_bad_utf8),
        cmocka_unit_test(test_text_controls),
        cmocka_unit_test(test_valid_request_passes),
        cmocka_unit_test(test_bad_utf8_names_nested_field),
        cmocka_unit_test(test_top_level_string),
        cmocka_unit_test(test_repeated_message_is_numbered),
        cmocka_unit_test(test_nul_in_the_middle),
        cmocka_unit_test(test_unknown_fields_skipped),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_depth_bound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
