#include "frame.h"

#include <stdlib.h>

sl_frame_result sl_frame_parse(const uint8_t *buf, size_t len, size_t max_payload,
                               size_t *payload_len)
{
    *payload_len = 0;
    if (len < SL_FRAME_HEADER_LEN)
        return SL_FRAME_NEED_MORE;
    uint32_t n = ((uint32_t)buf[0] << 24) | ((uint32_t)buf[1] << 16) | ((uint32_t)buf[2] << 8) |
                 (uint32_t)buf[3];
    if (n == 0)
        return SL_FRAME_EMPTY;
    if (n > max_payload)
        return SL_FRAME_TOO_LARGE;
    *payload_len = n;
    return len - SL_FRAME_HEADER_LEN >= n ? SL_FRAME_COMPLETE : SL_FRAME_NEED_MORE;
}

void sl_frame_put_header(uint8_t out[SL_FRAME_HEADER_LEN], uint32_t payload_len)
{
    out[0] = (uint8_t)(payload_len >> 24);
    out[1] = (uint8_t)(payload_len >> 16);
    out[2] = (uint8_t)(payload_len >> 8);
    out[3] = (uint8_t)payload_len;
}

uint8_t *sl_envelope_pack_frame(const sl_envelope *env, size_t max_payload, size_t *out_len)
{
    size_t n = stagelijn__v1__envelope__get_packed_size(env);
    /* An empty envelope packs to zero bytes, which the peer would reject as N = 0. */
    if (n == 0 || n > max_payload || n > UINT32_MAX)
        return NULL;
    uint8_t *buf = malloc(SL_FRAME_HEADER_LEN + n);
    if (!buf)
        return NULL;
    sl_frame_put_header(buf, (uint32_t)n);
    stagelijn__v1__envelope__pack(env, buf + SL_FRAME_HEADER_LEN);
    *out_len = SL_FRAME_HEADER_LEN + n;
    return buf;
}

sl_envelope *sl_envelope_decode(const uint8_t *payload, size_t len)
{
    sl_envelope *env = stagelijn__v1__envelope__unpack(NULL, len, payload);
    if (!env)
        return NULL;
    /* protobuf-c 1.4.1 accepts field number 0 when its tag is written in more than one byte;
     * no valid message has a field 0, so such input is malformed. */
    for (unsigned i = 0; i < env->base.n_unknown_fields; i++) {
        if (env->base.unknown_fields[i].tag == 0) {
            sl_envelope_free(env);
            return NULL;
        }
    }
    return env;
}

void sl_envelope_free(sl_envelope *env)
{
    if (env)
        stagelijn__v1__envelope__free_unpacked(env, NULL);
}

const char *sl_envelope_body_name(const sl_envelope *env)
{
    if (!env || env->body_case == STAGELIJN__V1__ENVELOPE__BODY__NOT_SET)
        return "none";
    const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field(
        &stagelijn__v1__envelope__descriptor, (unsigned)env->body_case);
    return f ? f->name : "unknown";
}
