#include "wirecheck.h"

#include <stdio.h>
#include <string.h>

/* Protobuf wire types; groups (3, 4) are not supported by protobuf-c and count as malformed. */
enum { WIRE_VARINT = 0, WIRE_FIXED64 = 1, WIRE_LENGTH = 2, WIRE_FIXED32 = 5 };

#define VARINT_MAX_BYTES 10

/* ---------------------------------------------------------------- text */

static bool is_continuation(uint8_t b)
{
    return (b & 0xC0u) == 0x80u;
}

/* Decodes the UTF-8 sequence at s[0..avail) into *cp and its length into *n. False for a
 * truncated sequence, a stray continuation byte, an overlong form, a surrogate or a value
 * above U+10FFFF. */
static bool utf8_decode(const uint8_t *s, size_t avail, uint32_t *cp, size_t *n)
{
    uint8_t b = s[0];
    uint32_t min;
    if (b < 0x80u) {
        *cp = b;
        *n = 1;
        return true;
    }
    if ((b & 0xE0u) == 0xC0u) {
        *n = 2;
        *cp = b & 0x1Fu;
        min = 0x80u;
    } else if ((b & 0xF0u) == 0xE0u) {
        *n = 3;
        *cp = b & 0x0Fu;
        min = 0x800u;
    } else if ((b & 0xF8u) == 0xF0u) {
        *n = 4;
        *cp = b & 0x07u;
        min = 0x10000u;
    } else {
        return false; /* a continuation byte or 0xF8..0xFF as a lead byte */
    }
    if (*n > avail)
        return false;
    for (size_t i = 1; i < *n; i++) {
        if (!is_continuation(s[i]))
            return false;
        *cp = (*cp << 6) | (s[i] & 0x3Fu);
    }
    if (*cp < min || *cp > 0x10FFFFu)
        return false;
    return *cp < 0xD800u || *cp > 0xDFFFu;
}

static sl_wirecheck_problem judge_codepoint(uint32_t cp)
{
    if (cp == 0)
        return SL_WIRECHECK_NUL;
    if (cp == '\n' || cp == '\t')
        return SL_WIRECHECK_OK;
    /* C0, DEL and C1: the C1 range matters because terminals honour 0x9B as CSI. */
    if (cp < 0x20u || (cp >= 0x7Fu && cp <= 0x9Fu))
        return SL_WIRECHECK_CONTROL;
    return SL_WIRECHECK_OK;
}

sl_wirecheck_problem sl_wirecheck_text(const uint8_t *s, size_t len, uint32_t *codepoint,
                                       size_t *offset)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp = 0;
        size_t n = 0;
        sl_wirecheck_problem p = SL_WIRECHECK_BAD_UTF8;
        if (utf8_decode(s + i, len - i, &cp, &n))
            p = judge_codepoint(cp);
        else
            cp = 0;
        if (p != SL_WIRECHECK_OK) {
            if (codepoint)
                *codepoint = cp;
            if (offset)
                *offset = i;
            return p;
        }
        i += n;
    }
    return SL_WIRECHECK_OK;
}

/* ---------------------------------------------------------------- wire */

static bool read_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
    uint64_t value = 0;
    for (unsigned i = 0; i < VARINT_MAX_BYTES && *p < end; i++) {
        uint8_t b = *(*p)++;
        value |= (uint64_t)(b & 0x7Fu) << (7 * i);
        if (!(b & 0x80u)) {
            *v = value;
            return true;
        }
    }
    return false;
}

/* One field occurrence as found on the wire. */
typedef struct {
    uint32_t id;
    unsigned wire_type;
    const uint8_t *body; /* length-delimited fields only */
    size_t body_len;
} wire_field;

/* Reads the field at *p and moves *p past it. False when the bytes do not parse. */
static bool next_field(const uint8_t **p, const uint8_t *end, wire_field *f)
{
    uint64_t tag, value;
    if (!read_varint(p, end, &tag) || tag > UINT32_MAX || (tag >> 3) == 0)
        return false;
    f->id = (uint32_t)(tag >> 3);
    f->wire_type = (unsigned)(tag & 7u);
    f->body = NULL;
    f->body_len = 0;
    size_t left;
    switch (f->wire_type) {
    case WIRE_VARINT:
        return read_varint(p, end, &value);
    case WIRE_FIXED64:
    case WIRE_FIXED32:
        left = (size_t)(end - *p);
        if (left < (f->wire_type == WIRE_FIXED64 ? 8u : 4u))
            return false;
        *p += f->wire_type == WIRE_FIXED64 ? 8 : 4;
        return true;
    case WIRE_LENGTH:
        if (!read_varint(p, end, &value) || value > (uint64_t)(end - *p))
            return false;
        f->body = *p;
        f->body_len = (size_t)value;
        *p += f->body_len;
        return true;
    default:
        return false;
    }
}

/* The way from the top message down to the field being looked at: for each level, the field
 * and where its occurrence and its enclosing message start (to number repeated fields). */
typedef struct {
    const ProtobufCFieldDescriptor *field;
    const uint8_t *message_start;
    const uint8_t *field_start;
} trail_step;

typedef struct {
    trail_step trail[SL_WIRECHECK_MAX_DEPTH + 1];
    sl_wirecheck_fault *fault;
} walk;

/* How many occurrences of field `id` precede `stop` in the message starting at `start`.
 * That prefix has been parsed successfully once already. */
static size_t occurrences_before(const uint8_t *start, const uint8_t *stop, uint32_t id)
{
    size_t count = 0;
    const uint8_t *p = start;
    wire_field f;
    while (p < stop && next_field(&p, stop, &f))
        if (f.id == id)
            count++;
    return count;
}

/* Records the problem and writes trail[0..levels) as the path. */
static bool fail(walk *w, size_t levels, sl_wirecheck_problem problem, uint32_t cp, size_t off)
{
    sl_wirecheck_fault *fault = w->fault;
    fault->problem = problem;
    fault->codepoint = cp;
    fault->offset = off;
    fault->path[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; i < levels && used < sizeof fault->path; i++) {
        const trail_step *s = &w->trail[i];
        char *at = fault->path + used;
        size_t room = sizeof fault->path - used;
        int n;
        if (s->field->label == PROTOBUF_C_LABEL_REPEATED)
            n = snprintf(at, room, "%s%s[%zu]", i ? "." : "", s->field->name,
                         occurrences_before(s->message_start, s->field_start, s->field->id));
        else
            n = snprintf(at, room, "%s%s", i ? "." : "", s->field->name);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    return false;
}

static bool walk_message(walk *w, const ProtobufCMessageDescriptor *desc, const uint8_t *buf,
                         size_t len, size_t depth)
{
    const uint8_t *p = buf;
    const uint8_t *end = buf + len;
    while (p < end) {
        const uint8_t *field_start = p;
        wire_field f;
        if (!next_field(&p, end, &f))
            return fail(w, depth, SL_WIRECHECK_MALFORMED, 0, 0);
        const ProtobufCFieldDescriptor *fd = protobuf_c_message_descriptor_get_field(desc, f.id);
        if (!fd || (fd->type != PROTOBUF_C_TYPE_STRING && fd->type != PROTOBUF_C_TYPE_MESSAGE))
            continue; /* unknown, or a field without text */
        w->trail[depth] = (trail_step){fd, buf, field_start};
        if (f.wire_type != WIRE_LENGTH)
            return fail(w, depth + 1, SL_WIRECHECK_MALFORMED, 0, 0);
        if (fd->type == PROTOBUF_C_TYPE_STRING) {
            uint32_t cp = 0;
            size_t off = 0;
            sl_wirecheck_problem problem = sl_wirecheck_text(f.body, f.body_len, &cp, &off);
            if (problem != SL_WIRECHECK_OK)
                return fail(w, depth + 1, problem, cp, off);
        } else {
            if (depth == SL_WIRECHECK_MAX_DEPTH)
                return fail(w, depth + 1, SL_WIRECHECK_TOO_DEEP, 0, 0);
            if (!walk_message(w, fd->descriptor, f.body, f.body_len, depth + 1))
                return false;
        }
    }
    return true;
}

bool sl_wirecheck_message(const ProtobufCMessageDescriptor *desc, const uint8_t *buf, size_t len,
                          sl_wirecheck_fault *fault)
{
    walk w;
    w.fault = fault;
    fault->problem = SL_WIRECHECK_OK;
    fault->codepoint = 0;
    fault->offset = 0;
    fault->path[0] = '\0';
    return walk_message(&w, desc, buf, len, 0);
}

const char *sl_wirecheck_problem_text(sl_wirecheck_problem p)
{
    switch (p) {
    case SL_WIRECHECK_OK:
        return "valid";
    case SL_WIRECHECK_BAD_UTF8:
        return "not valid UTF-8";
    case SL_WIRECHECK_NUL:
        return "contains a NUL byte";
    case SL_WIRECHECK_CONTROL:
        return "contains a control character";
    case SL_WIRECHECK_MALFORMED:
        return "malformed message";
    case SL_WIRECHECK_TOO_DEEP:
        return "messages nested too deeply";
    }
    return "unknown problem";
}

void sl_wirecheck_describe(const sl_wirecheck_fault *fault, char *out, size_t outlen)
{
    if (outlen == 0)
        return;
    const char *what = sl_wirecheck_problem_text(fault->problem);
    const char *sep = fault->path[0] ? ": " : "";
    if (fault->problem == SL_WIRECHECK_CONTROL)
        snprintf(out, outlen, "%s%s%s U+%04X", fault->path, sep, what, (unsigned)fault->codepoint);
    else
        snprintf(out, outlen, "%s%s%s", fault->path, sep, what);
}
