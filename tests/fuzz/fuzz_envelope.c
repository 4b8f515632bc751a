/* libFuzzer target for the wire codec (common/frame.c) and the daemon's text check
 * (common/wirecheck.c): arbitrary bytes are read as a stream of frames, exactly as a
 * connection's input buffer would be. Every complete frame is decoded; a decoded envelope must
 * re-pack into a frame that decodes again to the same bytes. Every frame also goes through the
 * text check, which must not fail on memory, and whose pass must mean what it says: every
 * string of the decoded envelope is clean text, and stays so when re-packed.
 *
 * Build: cmake -DCMAKE_C_COMPILER=clang -DSL_FUZZ=ON -DSL_SANITIZE=ON (the `fuzz` preset).
 * Run:   ./fuzz_envelope -max_total_time=60 corpus-work/ corpus-seed/ */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "wirecheck.h"

/* A small maximum so that the fuzzer reaches the size limit easily. */
#define FUZZ_MAX_PAYLOAD (64u * 1024u)
#define REPACK_MAX (2u * FUZZ_MAX_PAYLOAD)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property violation: report and abort so that libFuzzer saves the input. */
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_envelope: check failed: %s (%s:%d)\n", #cond, __FILE__,          \
                    __LINE__);                                                                     \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* protobuf-c 1.4.1 rejects field number 0 only when the tag fits in one byte: an overlong
 * tag varint such as 82 00 (field 0, wire type 2) is accepted and kept as an unknown field,
 * and re-packing writes it as the one-byte tag 02, which the decoder then refuses. Known
 * upstream defect, reported; this finds such a field anywhere in the decoded tree so that the
 * round trip tolerates exactly that case and still catches every other failure. */
static bool has_zero_tag_unknown(const ProtobufCMessage *m)
{
    if (!m)
        return false;
    for (unsigned i = 0; i < m->n_unknown_fields; i++)
        if (m->unknown_fields[i].tag == 0)
            return true;
    const ProtobufCMessageDescriptor *d = m->descriptor;
    const char *base = (const char *)m;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type != PROTOBUF_C_TYPE_MESSAGE)
            continue;
        if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
            uint32_t which;
            memcpy(&which, base + f->quantifier_offset, sizeof which);
            if (which != f->id)
                continue; /* another member of the union is set */
        }
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n;
            ProtobufCMessage **items;
            memcpy(&n, base + f->quantifier_offset, sizeof n);
            memcpy(&items, base + f->offset, sizeof items);
            for (size_t k = 0; k < n; k++)
                if (has_zero_tag_unknown(items[k]))
                    return true;
        } else {
            ProtobufCMessage *sub;
            memcpy(&sub, base + f->offset, sizeof sub);
            if (has_zero_tag_unknown(sub))
                return true;
        }
    }
    return false;
}

/* Whether every string in the decoded tree passes the text rule. A decoded string ends at its
 * first NUL, so this sees less than the wire check did: it can only confirm a pass. */
static bool strings_clean(const ProtobufCMessage *m, unsigned depth)
{
    if (!m)
        return true;
    FUZZ_CHECK(depth <= SL_WIRECHECK_MAX_DEPTH);
    const ProtobufCMessageDescriptor *d = m->descriptor;
    const char *base = (const char *)m;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type != PROTOBUF_C_TYPE_MESSAGE && f->type != PROTOBUF_C_TYPE_STRING)
            continue;
        if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
            uint32_t which;
            memcpy(&which, base + f->quantifier_offset, sizeof which);
            if (which != f->id)
                continue;
        }
        size_t n = 1;
        void *const *items = (void *const *)(base + f->offset);
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            memcpy(&n, base + f->quantifier_offset, sizeof n);
            memcpy(&items, base + f->offset, sizeof items);
        }
        for (size_t k = 0; k < n; k++) {
            void *item;
            memcpy(&item, &items[k], sizeof item);
            if (f->type == PROTOBUF_C_TYPE_MESSAGE) {
                if (!strings_clean(item, depth + 1))
                    return false;
            } else if (item && sl_wirecheck_text((const uint8_t *)item, strlen(item), NULL, NULL) !=
                                   SL_WIRECHECK_OK) {
                return false;
            }
        }
    }
    return true;
}

/* The text check of one payload: a refusal names a field (unless the top level itself is
 * malformed) and describes itself; a pass holds for the decoded tree and its re-packing. */
static void text_check(const uint8_t *payload, size_t pl, const sl_envelope *env)
{
    sl_wirecheck_fault fault;
    bool ok = sl_wirecheck_message(&stagelijn__v1__envelope__descriptor, payload, pl, &fault);
    char why[SL_WIRECHECK_PATH_MAX + 64];
    sl_wirecheck_describe(&fault, why, sizeof why);
    FUZZ_CHECK(strlen(why) < sizeof why);
    if (!ok) {
        FUZZ_CHECK(fault.problem != SL_WIRECHECK_OK);
        FUZZ_CHECK(fault.path[0] != '\0' || fault.problem == SL_WIRECHECK_MALFORMED);
        return;
    }
    FUZZ_CHECK(fault.problem == SL_WIRECHECK_OK);
    if (!env)
        return;
    FUZZ_CHECK(strings_clean(&env->base, 0));
    size_t packed = stagelijn__v1__envelope__get_packed_size(env);
    if (packed == 0 || packed > REPACK_MAX)
        return;
    uint8_t *buf = malloc(packed);
    FUZZ_CHECK(buf != NULL);
    stagelijn__v1__envelope__pack(env, buf);
    FUZZ_CHECK(sl_wirecheck_message(&stagelijn__v1__envelope__descriptor, buf, packed, &fault));
    free(buf);
}

static void round_trip(const sl_envelope *env, size_t payload_len)
{
    /* An envelope that decodes to nothing (e.g. request_id = 0 written explicitly) packs to
     * zero bytes, which the codec refuses to frame: nothing more to check. */
    size_t packed = stagelijn__v1__envelope__get_packed_size(env);
    if (packed == 0) {
        size_t len = 1;
        FUZZ_CHECK(sl_envelope_pack_frame(env, FUZZ_MAX_PAYLOAD, &len) == NULL);
        return;
    }
    /* Re-encoding may grow: a 5-byte enum value 0xffffffff decodes to -1, which is written
     * back sign-extended in 10 bytes. At most doubling, so 2 x max always fits. */
    FUZZ_CHECK(packed <= 2 * payload_len);

    size_t len = 0;
    uint8_t *frame = sl_envelope_pack_frame(env, REPACK_MAX, &len);
    FUZZ_CHECK(frame != NULL);
    FUZZ_CHECK(len == SL_FRAME_HEADER_LEN + packed);

    size_t pl = 0;
    FUZZ_CHECK(sl_frame_parse(frame, len, REPACK_MAX, &pl) == SL_FRAME_COMPLETE);
    FUZZ_CHECK(pl == packed);

    sl_envelope *again = sl_envelope_decode(frame + SL_FRAME_HEADER_LEN, pl);
    if (!again) {
        /* Only the known protobuf-c field-0 defect may break the round trip. */
        FUZZ_CHECK(has_zero_tag_unknown(&env->base));
        free(frame);
        return;
    }
    FUZZ_CHECK(again->request_id == env->request_id);
    FUZZ_CHECK(again->body_case == env->body_case);
    FUZZ_CHECK(strcmp(sl_envelope_body_name(again), sl_envelope_body_name(env)) == 0);

    /* The second encoding is a fixed point: same bytes as the first. */
    size_t len2 = 0;
    uint8_t *frame2 = sl_envelope_pack_frame(again, REPACK_MAX, &len2);
    FUZZ_CHECK(frame2 != NULL);
    FUZZ_CHECK(len2 == len);
    FUZZ_CHECK(memcmp(frame, frame2, len) == 0);

    free(frame2);
    sl_envelope_free(again);
    free(frame);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t off = 0;
    for (;;) {
        size_t pl = 0;
        sl_frame_result r = sl_frame_parse(data + off, size - off, FUZZ_MAX_PAYLOAD, &pl);
        if (r == SL_FRAME_NEED_MORE) {
            /* The codec must never ask for more than the maximum. */
            FUZZ_CHECK(pl <= FUZZ_MAX_PAYLOAD);
            FUZZ_CHECK(size - off < SL_FRAME_HEADER_LEN + pl || size - off < SL_FRAME_HEADER_LEN);
            break;
        }
        if (r != SL_FRAME_COMPLETE) {
            /* EMPTY or TOO_LARGE: the connection would be closed here. */
            FUZZ_CHECK(r == SL_FRAME_EMPTY || r == SL_FRAME_TOO_LARGE);
            FUZZ_CHECK(pl == 0);
            break;
        }
        FUZZ_CHECK(pl >= 1 && pl <= FUZZ_MAX_PAYLOAD);
        FUZZ_CHECK(SL_FRAME_HEADER_LEN + pl <= size - off);

        const uint8_t *payload = data + off + SL_FRAME_HEADER_LEN;
        sl_envelope *env = sl_envelope_decode(payload, pl);
        const char *name = sl_envelope_body_name(env);
        FUZZ_CHECK(name != NULL && name[0] != '\0');
        text_check(payload, pl, env);
        if (env) {
            round_trip(env, pl);
            sl_envelope_free(env);
        }
        off += SL_FRAME_HEADER_LEN + pl;
    }
    return 0;
}
