/* The text check of every `string` field of a received message, done on the wire bytes.
 *
 * protobuf-c accepts any bytes in a `string` field and unpacks it as a NUL-terminated C string,
 * so after decoding, "before\0after" reads as "before" and nothing tells that bytes were lost.
 * This module therefore walks the serialized message itself, guided by its descriptor, and
 * checks each string field whole: valid UTF-8 (no overlong forms, no surrogates, nothing above
 * U+10FFFF), no NUL, no control character other than newline and tab (C0, DEL and C1 refused).
 * Stored text then stays printable, valid JSON-able and free of terminal escape sequences.
 *
 * Pure: no I/O, no allocation; the same code serves the daemon, the tests and the fuzzer. */
#ifndef SL_WIRECHECK_H
#define SL_WIRECHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

/* Messages nested deeper than this many levels below the top are refused (the schema nests
 * far less; the bound keeps a crafted input from exhausting the stack). */
#define SL_WIRECHECK_MAX_DEPTH 32
/* Room for a field path such as "submit_assessment.assessment.aspects[2].aspect"; longer
 * paths are cut off (still NUL-terminated). */
#define SL_WIRECHECK_PATH_MAX 256

typedef enum {
    SL_WIRECHECK_OK = 0,
    SL_WIRECHECK_BAD_UTF8,  /* not valid UTF-8 */
    SL_WIRECHECK_NUL,       /* a NUL byte (U+0000) */
    SL_WIRECHECK_CONTROL,   /* a control character other than \n and \t: C0, DEL or C1 */
    SL_WIRECHECK_MALFORMED, /* the wire data itself does not parse */
    SL_WIRECHECK_TOO_DEEP,  /* messages nested deeper than SL_WIRECHECK_MAX_DEPTH */
} sl_wirecheck_problem;

typedef struct {
    sl_wirecheck_problem problem;
    /* The offending character for SL_WIRECHECK_CONTROL (and 0 for NUL). */
    uint32_t codepoint;
    /* Byte offset of the offending character within the string (text problems only). */
    size_t offset;
    /* Field names from the top message down, e.g. "create_partner.partner.name", with the
     * 0-based occurrence of a repeated field in brackets. Empty when a malformed top-level
     * message is reported. */
    char path[SL_WIRECHECK_PATH_MAX];
} sl_wirecheck_fault;

/* Checks one string value of `len` bytes (NULs included). Returns SL_WIRECHECK_OK or the
 * problem of the first offending character; *codepoint and *offset (both may be NULL) receive
 * that character (for BAD_UTF8 the codepoint is 0 and offset points at the bad sequence). */
sl_wirecheck_problem sl_wirecheck_text(const uint8_t *s, size_t len, uint32_t *codepoint,
                                       size_t *offset);

/* Walks the `len` serialized bytes of one message of type `desc` and checks every string
 * field, in nested and repeated messages and oneof members too; unknown fields are skipped.
 * Returns true when all pass; otherwise false with the first offence in *fault. The caller
 * still decodes the message with protobuf-c: this check only judges text. */
bool sl_wirecheck_message(const ProtobufCMessageDescriptor *desc, const uint8_t *buf, size_t len,
                          sl_wirecheck_fault *fault);

/* A short English phrase for the problem ("not valid UTF-8"); never NULL. */
const char *sl_wirecheck_problem_text(sl_wirecheck_problem p);

/* Writes "PATH: PROBLEM" (e.g. "create_partner.partner.name: control character U+001B") into
 * out, truncated to outlen bytes including the NUL. */
void sl_wirecheck_describe(const sl_wirecheck_fault *fault, char *out, size_t outlen);

#endif
