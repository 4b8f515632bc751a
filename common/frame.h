/* The wire framing: a 4-byte big-endian length N, then N bytes of one serialized Envelope.
 * This codec does no I/O, so the same code serves the daemon, the clients and the fuzzer. */
#ifndef SL_FRAME_H
#define SL_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "stagelijn.pb-c.h"

#define SL_FRAME_HEADER_LEN 4u
#define SL_FRAME_DEFAULT_MAX (1024u * 1024u)

typedef Stagelijn__V1__Envelope sl_envelope;

typedef enum {
    SL_FRAME_NEED_MORE = 0, /* not enough bytes yet for a whole frame */
    SL_FRAME_COMPLETE,      /* *payload_len bytes follow the header */
    SL_FRAME_EMPTY,         /* N = 0: protocol error */
    SL_FRAME_TOO_LARGE,     /* N > max: protocol error, decided before anything is buffered */
} sl_frame_result;

/* Looks at the first `len` bytes of `buf`. On SL_FRAME_COMPLETE, the frame occupies
 * SL_FRAME_HEADER_LEN + *payload_len bytes. On NEED_MORE with at least the header present,
 * *payload_len tells how much payload is awaited. */
sl_frame_result sl_frame_parse(const uint8_t *buf, size_t len, size_t max_payload,
                               size_t *payload_len);

void sl_frame_put_header(uint8_t out[SL_FRAME_HEADER_LEN], uint32_t payload_len);

/* Serializes `env` into a new heap buffer of header + payload; *out_len receives the total.
 * The caller owns the buffer (free()). Returns NULL on allocation failure or when the packed
 * size exceeds max_payload. */
uint8_t *sl_envelope_pack_frame(const sl_envelope *env, size_t max_payload, size_t *out_len);

/* Decodes one payload. Returns NULL when the bytes are not a valid Envelope. The caller frees
 * the result with sl_envelope_free(). */
sl_envelope *sl_envelope_decode(const uint8_t *payload, size_t len);
void sl_envelope_free(sl_envelope *env);

/* The oneof case's field name ("login", "create_user") for logs and errors; "none" for an
 * empty body, never NULL. */
const char *sl_envelope_body_name(const sl_envelope *env);

#endif
