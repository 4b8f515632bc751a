#include "output.h"

#include <ctype.h>
#include <stdbool.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "termtext.h"
#include "wording.h"

#define TABLE_MAX_COLS 12
#define TABLE_CELL 40

/* Length of the prefix all of an enum's value names share, up to and including its last '_'
 * ("PLACEMENT_STATUS_ACTIVE", "PLACEMENT_STATUS_SIGNED" -> "PLACEMENT_STATUS_"). */
static size_t enum_prefix_len(const ProtobufCEnumDescriptor *d)
{
    if (d->n_values < 2)
        return 0;
    size_t n = strlen(d->values[0].name);
    for (unsigned i = 1; i < d->n_values; i++) {
        size_t k = 0;
        while (k < n && d->values[i].name[k] == d->values[0].name[k])
            k++;
        n = k;
    }
    while (n > 0 && d->values[0].name[n - 1] != '_')
        n--;
    return n;
}

const char *output_enum_name(const ProtobufCEnumDescriptor *d, int value, char *buf, size_t n)
{
    const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(d, value);
    if (!v) {
        snprintf(buf, n, "%d", value);
        return buf;
    }
    const char *cut = v->name + enum_prefix_len(d);
    size_t i = 0;
    for (; cut[i] && i + 1 < n; i++)
        buf[i] = (char)tolower((unsigned char)cut[i]);
    buf[i] = '\0';
    return buf;
}

void output_json_string(FILE *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t left = strlen((const char *)p);
    fputc('"', out);
    while (left > 0) {
        uint32_t cp;
        size_t len = termtext_utf8_next(p, left, &cp);
        if (cp == '"')
            fputs("\\\"", out);
        else if (cp == '\\')
            fputs("\\\\", out);
        else if (cp == '\n')
            fputs("\\n", out);
        else if (cp == '\r')
            fputs("\\r", out);
        else if (cp == '\t')
            fputs("\\t", out);
        else if (cp < 0x20 || termtext_is_control(cp))
            fprintf(out, "\\u%04x", (unsigned)cp);
        else if (cp == TERMTEXT_REPLACEMENT && len == 1)
            fputs("\\ufffd", out); /* a byte that is not UTF-8: JSON must be */
        else
            fwrite(p, 1, len, out);
        p += len;
        left -= len;
    }
    fputc('"', out);
}

static const void *field_ptr(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
    return (const char *)m + f->offset;
}

static bool field_present(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
    if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
        return *(const uint32_t *)((const char *)m + f->quantifier_offset) == f->id;
    if (f->label == PROTOBUF_C_LABEL_REPEATED)
        return true;
    if (f->type == PROTOBUF_C_TYPE_MESSAGE)
        return *(const ProtobufCMessage *const *)field_ptr(m, f) != NULL;
    return true;
}

/* JSON has no NaN or infinity: such a value is null, so the line stays valid JSON. */
static void json_number(FILE *out, double v)
{
    if (isfinite(v))
        fprintf(out, "%.6f", v);
    else
        fputs("null", out);
}

static void json_value(FILE *out, const ProtobufCFieldDescriptor *f, const void *p)
{
    char buf[64];
    switch (f->type) {
    case PROTOBUF_C_TYPE_STRING:
        output_json_string(out, *(char *const *)p);
        break;
    case PROTOBUF_C_TYPE_BOOL:
        fputs(*(const protobuf_c_boolean *)p ? "true" : "false", out);
        break;
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32:
        fprintf(out, "%" PRIu32, *(const uint32_t *)p);
        break;
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32:
        fprintf(out, "%" PRId32, *(const int32_t *)p);
        break;
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
        fprintf(out, "%" PRIu64, *(const uint64_t *)p);
        break;
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
        fprintf(out, "%" PRId64, *(const int64_t *)p);
        break;
    case PROTOBUF_C_TYPE_DOUBLE:
        json_number(out, *(const double *)p);
        break;
    case PROTOBUF_C_TYPE_FLOAT:
        json_number(out, (double)*(const float *)p);
        break;
    case PROTOBUF_C_TYPE_ENUM:
        output_json_string(out, output_enum_name(f->descriptor, *(const int *)p, buf, sizeof buf));
        break;
    case PROTOBUF_C_TYPE_MESSAGE: {
        const ProtobufCMessage *sub = *(const ProtobufCMessage *const *)p;
        if (sub)
            output_json(out, sub);
        else
            fputs("null", out);
        break;
    }
    case PROTOBUF_C_TYPE_BYTES:
        fputs("null", out);
        break;
    }
}

static size_t elem_size(const ProtobufCFieldDescriptor *f)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_STRING:
    case PROTOBUF_C_TYPE_MESSAGE:
        return sizeof(void *);
    case PROTOBUF_C_TYPE_BOOL:
        return sizeof(protobuf_c_boolean);
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_FIXED64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_DOUBLE:
        return 8;
    case PROTOBUF_C_TYPE_BYTES:
        return sizeof(ProtobufCBinaryData);
    default:
        return 4;
    }
}

void output_json(FILE *out, const ProtobufCMessage *m)
{
    const ProtobufCMessageDescriptor *d = m->descriptor;
    fputc('{', out);
    bool first = true;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (!field_present(m, f))
            continue;
        if (!first)
            fputc(',', out);
        first = false;
        output_json_string(out, f->name);
        fputc(':', out);
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n = *(const size_t *)((const char *)m + f->quantifier_offset);
            const char *arr = *(const char *const *)field_ptr(m, f);
            fputc('[', out);
            for (size_t k = 0; k < n; k++) {
                if (k)
                    fputc(',', out);
                json_value(out, f, arr + k * elem_size(f));
            }
            fputc(']', out);
        } else {
            json_value(out, f, field_ptr(m, f));
        }
    }
    fputc('}', out);
}

/* Whether a field holds a duration in minutes: people read those as hours and minutes. */
static bool is_minutes(const ProtobufCFieldDescriptor *f)
{
    return strstr(f->name, "minutes") != NULL;
}

/* Fields that a newer field of the same message says better (the JSON keeps them for old
 * scripts; people see only the new one): a rounded average, yes/no where "not yet known" or
 * "no leavers" is the truth. */
static bool superseded(const ProtobufCMessageDescriptor *d, const ProtobufCFieldDescriptor *f)
{
    static const struct {
        const ProtobufCMessageDescriptor *d;
        const char *field;
    } old[] = {
        {&stagelijn__v1__entree_progress__descriptor, "average_week_hours"},
        {&stagelijn__v1__rule_violation__descriptor, "params"}, /* in its message already */
        {&stagelijn__v1__outflow_report__descriptor, "placed_norm_met"},
        {&stagelijn__v1__outflow_report__descriptor, "lasted_norm_met"},
        {&stagelijn__v1__outflow_row__descriptor, "placed_on_reference_date"},
        {&stagelijn__v1__outflow_row__descriptor, "lasted_year_1"},
        {&stagelijn__v1__outflow_row__descriptor, "lasted_year_2"},
        /* No command takes a year-3 assessment's id; its placement is named by its company. */
        {&stagelijn__v1__year3_assessment__descriptor, "id"},
        {&stagelijn__v1__year3_assessment__descriptor, "placement_id"},
    };
    for (size_t i = 0; i < sizeof old / sizeof old[0]; i++)
        if (old[i].d == d && strcmp(old[i].field, f->name) == 0)
            return true;
    return false;
}

/* A scalar as text for people, in their language; false for fields a table cannot show. */
static bool human_value(const ProtobufCFieldDescriptor *f, const void *p, char *buf, size_t n)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_STRING:
        termtext_escape(*(char *const *)p, buf, n);
        return true;
    case PROTOBUF_C_TYPE_BOOL:
        snprintf(buf, n, "%s", wording_yes_no(*(const protobuf_c_boolean *)p));
        return true;
    case PROTOBUF_C_TYPE_UINT32:
        if (is_minutes(f))
            wording_duration(*(const uint32_t *)p, buf, n);
        else
            snprintf(buf, n, "%" PRIu32, *(const uint32_t *)p);
        return true;
    case PROTOBUF_C_TYPE_INT32:
        if (is_minutes(f))
            wording_duration(*(const int32_t *)p, buf, n);
        else
            snprintf(buf, n, "%" PRId32, *(const int32_t *)p);
        return true;
    case PROTOBUF_C_TYPE_UINT64:
        if (is_minutes(f))
            wording_duration((long long)*(const uint64_t *)p, buf, n);
        else
            snprintf(buf, n, "%" PRIu64, *(const uint64_t *)p);
        return true;
    case PROTOBUF_C_TYPE_DOUBLE:
        snprintf(buf, n, "%.5f", *(const double *)p);
        return true;
    case PROTOBUF_C_TYPE_ENUM: {
        const char *w = wording_value(f->descriptor, *(const int *)p, buf, n);
        if (w != buf)
            snprintf(buf, n, "%s", w);
        return true;
    }
    default:
        return false;
    }
}

/* An id that has its name beside it (student_id and student_name, student_ids and
 * student_names) is for programs: people read the name, and --json keeps the id. */
static bool named_elsewhere(const ProtobufCMessageDescriptor *d, const ProtobufCFieldDescriptor *f)
{
    bool many = f->label == PROTOBUF_C_LABEL_REPEATED;
    const char *suffix = many ? "_ids" : "_id";
    size_t n = strlen(f->name), k = strlen(suffix);
    if (n <= k || strcmp(f->name + n - k, suffix) != 0)
        return false;
    char name[128];
    snprintf(name, sizeof name, "%.*s%s", (int)(n - k), f->name, many ? "_names" : "_name");
    return protobuf_c_message_descriptor_get_field_by_name(d, name) != NULL;
}

/* A table cell: a scalar, or a list of strings joined with ", " (the names enrolled in a
 * session). */
static void table_cell(const ProtobufCFieldDescriptor *f, const ProtobufCMessage *row, char *buf,
                       size_t n)
{
    const char *p = (const char *)row + f->offset;
    buf[0] = '\0';
    if (f->label != PROTOBUF_C_LABEL_REPEATED) {
        human_value(f, p, buf, n);
        return;
    }
    size_t count = *(const size_t *)((const char *)row + f->quantifier_offset);
    char *const *items = *(char *const *const *)p;
    char one[256];
    for (size_t i = 0; i < count; i++) {
        termtext_escape(items[i], one, sizeof one);
        size_t used = strlen(buf);
        snprintf(buf + used, n - used, "%s%s", i ? ", " : "", one);
    }
}

/* The value of field f of message m for people: a rule violation's message in the user's
 * words, else human_value(). */
static bool human_field(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f, char *buf,
                        size_t n)
{
    if (m->descriptor == &stagelijn__v1__rule_violation__descriptor &&
        strcmp(f->name, "message") == 0) {
        char text[1024];
        wording_violation((const Stagelijn__V1__RuleViolation *)m, text, sizeof text);
        termtext_escape(text, buf, n);
        return true;
    }
    if (f->type == PROTOBUF_C_TYPE_STRING && f->label != PROTOBUF_C_LABEL_REPEATED) {
        const char *word = *(char *const *)field_ptr(m, f);
        const char *shown = wording_code(m->descriptor, f->name, word);
        if (shown != word) {
            termtext_escape(shown, buf, n);
            return true;
        }
    }
    return human_value(f, field_ptr(m, f), buf, n);
}

static void human_fields(FILE *out, const ProtobufCMessage *m, int indent)
{
    const ProtobufCMessageDescriptor *d = m->descriptor;
    char buf[4096];
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (!field_present(m, f) || named_elsewhere(d, f) || superseded(d, f))
            continue;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n = *(const size_t *)((const char *)m + f->quantifier_offset);
            const char *arr = *(const char *const *)field_ptr(m, f);
            fprintf(out, "%*s%s:%s\n", indent, "", f->name, n ? "" : " -");
            for (size_t k = 0; k < n; k++) {
                const void *p = arr + k * elem_size(f);
                if (f->type == PROTOBUF_C_TYPE_MESSAGE) {
                    fprintf(out, "%*s  -\n", indent, "");
                    human_fields(out, *(const ProtobufCMessage *const *)p, indent + 4);
                } else if (human_value(f, p, buf, sizeof buf)) {
                    fprintf(out, "%*s  - %s\n", indent, "", buf);
                }
            }
        } else if (f->type == PROTOBUF_C_TYPE_MESSAGE) {
            fprintf(out, "%*s%s:\n", indent, "", f->name);
            human_fields(out, *(const ProtobufCMessage *const *)field_ptr(m, f), indent + 2);
        } else if (human_field(m, f, buf, sizeof buf)) {
            fprintf(out, "%*s%-22s %s\n", indent, "", f->name, buf[0] ? buf : "-");
        }
    }
}

/* Prints the rows of a repeated message field as a table of scalar columns. */
static void human_table(FILE *out, const ProtobufCFieldDescriptor *lf, const ProtobufCMessage *m)
{
    size_t n = *(const size_t *)((const char *)m + lf->quantifier_offset);
    const ProtobufCMessage *const *rows = *(const ProtobufCMessage *const *const *)field_ptr(m, lf);
    const ProtobufCMessageDescriptor *rd = lf->descriptor;
    const ProtobufCFieldDescriptor *cols[TABLE_MAX_COLS];
    size_t ncol = 0, width[TABLE_MAX_COLS];
    for (unsigned i = 0; i < rd->n_fields && ncol < TABLE_MAX_COLS; i++) {
        const ProtobufCFieldDescriptor *f = &rd->fields[i];
        bool strings = f->label == PROTOBUF_C_LABEL_REPEATED && f->type == PROTOBUF_C_TYPE_STRING;
        if ((f->label == PROTOBUF_C_LABEL_REPEATED && !strings) ||
            f->type == PROTOBUF_C_TYPE_MESSAGE || f->type == PROTOBUF_C_TYPE_BYTES ||
            named_elsewhere(rd, f) || superseded(rd, f))
            continue;
        cols[ncol] = f;
        width[ncol] = strlen(f->name);
        ncol++;
    }
    char buf[TABLE_CELL + 1];
    for (size_t r = 0; r < n; r++)
        for (size_t c = 0; c < ncol; c++) {
            if (cols[c]->label == PROTOBUF_C_LABEL_REPEATED)
                table_cell(cols[c], rows[r], buf, sizeof buf);
            else
                human_field(rows[r], cols[c], buf, sizeof buf);
            if (strlen(buf) > width[c])
                width[c] = strlen(buf);
        }
    for (size_t c = 0; c < ncol; c++)
        fprintf(out, "%-*s%s", (int)width[c], cols[c]->name, c + 1 < ncol ? "  " : "\n");
    for (size_t r = 0; r < n; r++)
        for (size_t c = 0; c < ncol; c++) {
            if (cols[c]->label == PROTOBUF_C_LABEL_REPEATED)
                table_cell(cols[c], rows[r], buf, sizeof buf);
            else
                human_field(rows[r], cols[c], buf, sizeof buf);
            fprintf(out, "%-*s%s", (int)width[c], buf[0] ? buf : "-", c + 1 < ncol ? "  " : "\n");
        }
    fprintf(out, "(%zu)\n", n);
}

/* The one list of a list reply: its only repeated message field when every other field is a
 * scalar (a total, a page offset, a distance); NULL for any other message. */
static const ProtobufCFieldDescriptor *list_field(const ProtobufCMessageDescriptor *d)
{
    const ProtobufCFieldDescriptor *list = NULL;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->label == PROTOBUF_C_LABEL_REPEATED && f->type == PROTOBUF_C_TYPE_MESSAGE) {
            if (list)
                return NULL;
            list = f;
        } else if (f->label == PROTOBUF_C_LABEL_REPEATED || f->type == PROTOBUF_C_TYPE_MESSAGE) {
            return NULL;
        }
    }
    return list;
}

void output_human(FILE *out, const ProtobufCMessage *m)
{
    const ProtobufCMessageDescriptor *d = m->descriptor;
    const ProtobufCFieldDescriptor *list = list_field(d);
    if (!list) {
        human_fields(out, m, 0);
        return;
    }
    human_table(out, list, m);
    char buf[256];
    /* The scalars beside the list follow the same rules as any field: an id with its name
     * beside it is for programs. */
    for (unsigned i = 0; i < d->n_fields; i++)
        if (&d->fields[i] != list && !named_elsewhere(d, &d->fields[i]) &&
            !superseded(d, &d->fields[i]) &&
            human_value(&d->fields[i], field_ptr(m, &d->fields[i]), buf, sizeof buf))
            fprintf(out, "%-22s %s\n", d->fields[i].name, buf[0] ? buf : "-");
}
