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
#define TABLE_LIST_CELL 400

/* Whether people see handles (--ids); see output_show_ids(). */
static bool show_ids;

void output_show_ids(bool on)
{
    show_ids = on;
}

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

static void json_object(FILE *out, const ProtobufCMessage *m, const char *extra_name,
                        const ProtobufCMessage *extra);

void output_json(FILE *out, const ProtobufCMessage *m)
{
    json_object(out, m, NULL, NULL);
}

void output_json_cut(FILE *out, const ProtobufCMessage *m, const Stagelijn__V1__ListCut *cut)
{
    json_object(out, m, cut ? "cut" : NULL, cut ? &cut->base : NULL);
}

static void json_object(FILE *out, const ProtobufCMessage *m, const char *extra_name,
                        const ProtobufCMessage *extra)
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
    if (extra_name) {
        if (!first)
            fputc(',', out);
        output_json_string(out, extra_name);
        fputc(':', out);
        output_json(out, extra);
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
    /* codes: a text's code and parameters are shown as the text itself (coded_text,
     * wording_violation). */
    static const char *const coded[] = {"detail_code", "detail_params", "summary_code",
                                        "summary_params"};
    for (size_t i = 0; i < sizeof coded / sizeof coded[0]; i++)
        if (strcmp(coded[i], f->name) == 0)
            return true;
    return false;
}

bool output_field_shown(const ProtobufCMessageDescriptor *d, const ProtobufCFieldDescriptor *f)
{
    return !superseded(d, f);
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
 * student_names, accepted_by and accepted_by_name) is for programs: people read the name,
 * and --json keeps the id. */
static bool named_elsewhere(const ProtobufCMessageDescriptor *d, const ProtobufCFieldDescriptor *f)
{
    bool many = f->label == PROTOBUF_C_LABEL_REPEATED;
    const char *suffix = many ? "_ids" : "_id";
    size_t n = strlen(f->name), k = strlen(suffix);
    char name[128];
    if (n > k && strcmp(f->name + n - k, suffix) == 0)
        snprintf(name, sizeof name, "%.*s%s", (int)(n - k), f->name, many ? "_names" : "_name");
    else if (n > 3 && strcmp(f->name + n - 3, "_by") == 0)
        snprintf(name, sizeof name, "%s_name", f->name);
    else
        return false;
    return protobuf_c_message_descriptor_get_field_by_name(d, name) != NULL;
}

/* Whether s is an id as the server makes them: a UUID, 8-4-4-4-12 hexadecimal digits. */
static bool is_id(const char *s)
{
    if (!s || strlen(s) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
            return false;
    }
    return true;
}

/* With --ids (else NULL: people read names only), the one id a person may need from a row,
 * to type it into the next command: the row's own
 * `id`; for a row without one, the id of what the row is about (a caseload item's ref_id:
 * the agenda week to sign off or the placement to visit), else its first id field that has
 * no name beside it (a planned visit's placement). Every other id is for programs only. */
static const ProtobufCFieldDescriptor *row_handle(const ProtobufCMessageDescriptor *d)
{
    if (!show_ids)
        return NULL;
    const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field_by_name(d, "id");
    if (f)
        return f;
    if (d == &stagelijn__v1__caseload_item__descriptor)
        return protobuf_c_message_descriptor_get_field_by_name(d, "ref_id");
    for (unsigned i = 0; i < d->n_fields; i++) {
        size_t n = strlen(d->fields[i].name);
        if (d->fields[i].label != PROTOBUF_C_LABEL_REPEATED && n > 3 &&
            strcmp(d->fields[i].name + n - 3, "_id") == 0 && !named_elsewhere(d, &d->fields[i]))
            return &d->fields[i];
    }
    return NULL;
}

/* Whether field f of m holds ids (one, or a list starting with one) that people are not shown:
 * any id but the handle `keep` (NULL: none). */
static bool hidden_id(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f,
                      const ProtobufCFieldDescriptor *keep)
{
    if (f == keep || f->type != PROTOBUF_C_TYPE_STRING)
        return false;
    const void *p = field_ptr(m, f);
    if (f->label != PROTOBUF_C_LABEL_REPEATED)
        return is_id(*(char *const *)p);
    size_t n = *(const size_t *)((const char *)m + f->quantifier_offset);
    return n > 0 && is_id((*(char *const *const *)p)[0]);
}

/* codes2: whether f is a list of rule violations (a planned visit's findings, a clocking's
 * warnings): a table shows them worded, one cell. */
static bool violations_field(const ProtobufCFieldDescriptor *f)
{
    return f->type == PROTOBUF_C_TYPE_MESSAGE && f->label == PROTOBUF_C_LABEL_REPEATED &&
           f->descriptor == &stagelijn__v1__rule_violation__descriptor;
}

/* The rule violations of list field f of row, each in the user's words (wording_violation),
 * joined with "; " into buf. */
static void violations_cell(const ProtobufCFieldDescriptor *f, const ProtobufCMessage *row,
                            char *buf, size_t n)
{
    size_t count = *(const size_t *)((const char *)row + f->quantifier_offset);
    const Stagelijn__V1__RuleViolation *const *items =
        *(const Stagelijn__V1__RuleViolation *const *const *)((const char *)row + f->offset);
    char text[1024], one[1024];
    buf[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        termtext_escape(wording_violation(items[i], text, sizeof text), one, sizeof one);
        size_t used = strlen(buf);
        snprintf(buf + used, n - used, "%s%s", i ? "; " : "", one);
    }
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

/* A text field X sent beside X_code and X_params (a caseload item's detail, an event's or a
 * dossier entry's summary): the code and its parameters in the user's words into buf; false when
 * the message has no such code (the text is then shown as it is). */
static bool coded_text(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f, char *buf,
                       size_t n)
{
    char name[64];
    snprintf(name, sizeof name, "%s_code", f->name);
    const ProtobufCFieldDescriptor *cf =
        protobuf_c_message_descriptor_get_field_by_name(m->descriptor, name);
    snprintf(name, sizeof name, "%s_params", f->name);
    const ProtobufCFieldDescriptor *pf =
        protobuf_c_message_descriptor_get_field_by_name(m->descriptor, name);
    if (!cf || !pf || cf->type != PROTOBUF_C_TYPE_STRING || pf->label != PROTOBUF_C_LABEL_REPEATED)
        return false;
    const char *code = *(char *const *)field_ptr(m, cf);
    if (!code || !code[0])
        return false;
    size_t np = *(const size_t *)((const char *)m + pf->quantifier_offset);
    char *const *params = *(char *const *const *)field_ptr(m, pf);
    char text[1024];
    wording_coded(code, params, np, *(char *const *)field_ptr(m, f), text, sizeof text);
    termtext_escape(text, buf, n);
    return true;
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
    if (m->descriptor == &stagelijn__v1__placement_warning__descriptor &&
        strcmp(f->name, "message") == 0) {
        /* A stored warning is a rule violation accepted or not: worded by its rule id. */
        const Stagelijn__V1__PlacementWarning *w = (const Stagelijn__V1__PlacementWarning *)m;
        Stagelijn__V1__RuleViolation v = STAGELIJN__V1__RULE_VIOLATION__INIT;
        v.rule_id = w->rule_id;
        v.message = w->message;
        v.detail_code = w->detail_code;
        v.n_detail_params = w->n_detail_params;
        v.detail_params = w->detail_params;
        char text[1024];
        wording_violation(&v, text, sizeof text);
        termtext_escape(text, buf, n);
        return true;
    }
    if (f->type == PROTOBUF_C_TYPE_STRING && f->label != PROTOBUF_C_LABEL_REPEATED &&
        coded_text(m, f, buf, n))
        return true;
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

/* The columns a text takes on a terminal (defined with the table below). */
static size_t columns(const char *s);

/* A field's label for people (wording_field_label), its name when it has none. */
static const char *label(const ProtobufCMessageDescriptor *d, const ProtobufCFieldDescriptor *f)
{
    const char *l = wording_field_label(d, f->name);
    return l ? l : f->name;
}

/* A `show` key: the label, padded to 22 columns so the values line up. */
static void key(FILE *out, int indent, const ProtobufCMessageDescriptor *d,
                const ProtobufCFieldDescriptor *f)
{
    const char *l = label(d, f);
    fprintf(out, "%*s%s", indent, "", l);
    for (size_t k = columns(l); k < 22; k++)
        fputc(' ', out);
}

static void human_fields(FILE *out, const ProtobufCMessage *m, int indent)
{
    const ProtobufCMessageDescriptor *d = m->descriptor;
    char buf[4096];
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (!field_present(m, f) || named_elsewhere(d, f) || superseded(d, f) ||
            hidden_id(m, f,
                      show_ids ? protobuf_c_message_descriptor_get_field_by_name(d, "id") : NULL))
            continue;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n = *(const size_t *)((const char *)m + f->quantifier_offset);
            const char *arr = *(const char *const *)field_ptr(m, f);
            fprintf(out, "%*s%s:%s\n", indent, "", label(d, f), n ? "" : " -");
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
            fprintf(out, "%*s%s:\n", indent, "", label(d, f));
            human_fields(out, *(const ProtobufCMessage *const *)field_ptr(m, f), indent + 2);
        } else if (human_field(m, f, buf, sizeof buf)) {
            key(out, indent, d, f);
            fprintf(out, " %s\n", buf[0] ? buf : "-");
        }
    }
}

/* Whether column f of a table holds ids people are not shown: an id in some row, or a field
 * named for ids (location_id) that is empty in every row; the handle stays. */
static bool id_column(const ProtobufCMessage *const *rows, size_t n,
                      const ProtobufCFieldDescriptor *f, const ProtobufCFieldDescriptor *handle)
{
    size_t len = strlen(f->name);
    bool named_id = len > 3 && strcmp(f->name + len - 3, "_id") == 0;
    bool all_empty = f->type == PROTOBUF_C_TYPE_STRING && f->label != PROTOBUF_C_LABEL_REPEATED;
    for (size_t r = 0; r < n; r++) {
        if (hidden_id(rows[r], f, handle))
            return true;
        const char *v = all_empty ? *(char *const *)field_ptr(rows[r], f) : NULL;
        all_empty = all_empty && (!v || !v[0]);
    }
    return named_id && all_empty;
}

/* A cell's text: a scalar cut at TABLE_CELL bytes, a list of names (every student enrolled in
 * a session) and the server's sentence (a caseload item's detail) whole up to
 * TABLE_LIST_CELL. buf holds TABLE_LIST_CELL + 1. */
static void table_text(const ProtobufCFieldDescriptor *f, const ProtobufCMessage *row, char *buf)
{
    /* The server's sentence (a text sent with its code, X beside X_code) is the row's
     * message: whole, like a list of names. */
    char code[64];
    snprintf(code, sizeof code, "%s_code", f->name);
    /* codes2: so is a rule's message beside its coded details (a placement warning's). */
    bool coded_details =
        strcmp(f->name, "message") == 0 &&
        protobuf_c_message_descriptor_get_field_by_name(row->descriptor, "detail_code");
    if (violations_field(f))
        violations_cell(f, row, buf, TABLE_LIST_CELL + 1);
    else if (f->type == PROTOBUF_C_TYPE_STRING &&
             (coded_details ||
              protobuf_c_message_descriptor_get_field_by_name(row->descriptor, code)))
        human_field(row, f, buf, TABLE_LIST_CELL + 1);
    else if (f->label == PROTOBUF_C_LABEL_REPEATED)
        table_cell(f, row, buf, TABLE_LIST_CELL + 1);
    else
        human_field(row, f, buf, TABLE_CELL + 1);
}

/* The columns a text takes on a terminal: one per character, not per byte ("Çelik" is 5). */
static size_t columns(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* A cell padded to `width` columns and its separator ("  ", or the end of the line). */
static void padded(FILE *out, const char *text, size_t width, bool last)
{
    fputs(text, out);
    if (last) {
        fputc('\n', out);
        return;
    }
    for (size_t k = columns(text); k < width + 2; k++)
        fputc(' ', out);
}

/* Prints the rows of a repeated message field as a table of scalar columns. */
static void human_table(FILE *out, const ProtobufCFieldDescriptor *lf, const ProtobufCMessage *m)
{
    size_t n = *(const size_t *)((const char *)m + lf->quantifier_offset);
    const ProtobufCMessage *const *rows = *(const ProtobufCMessage *const *const *)field_ptr(m, lf);
    const ProtobufCMessageDescriptor *rd = lf->descriptor;
    const ProtobufCFieldDescriptor *cols[TABLE_MAX_COLS], *handle = row_handle(rd);
    size_t ncol = 0, width[TABLE_MAX_COLS];
    for (unsigned i = 0; i < rd->n_fields && ncol < TABLE_MAX_COLS; i++) {
        const ProtobufCFieldDescriptor *f = &rd->fields[i];
        bool strings = f->label == PROTOBUF_C_LABEL_REPEATED && f->type == PROTOBUF_C_TYPE_STRING;
        if (!violations_field(f) &&
            ((f->label == PROTOBUF_C_LABEL_REPEATED && !strings) ||
             f->type == PROTOBUF_C_TYPE_MESSAGE || f->type == PROTOBUF_C_TYPE_BYTES))
            continue;
        if (named_elsewhere(rd, f) || superseded(rd, f))
            continue;
        if (f != handle && id_column(rows, n, f, handle))
            continue;
        cols[ncol] = f;
        width[ncol] = columns(label(rd, f));
        ncol++;
    }
    char buf[TABLE_LIST_CELL + 1];
    for (size_t r = 0; r < n; r++)
        for (size_t c = 0; c < ncol; c++) {
            table_text(cols[c], rows[r], buf);
            if (columns(buf) > width[c])
                width[c] = columns(buf);
        }
    for (size_t c = 0; c < ncol; c++)
        padded(out, label(rd, cols[c]), width[c], c + 1 == ncol);
    for (size_t r = 0; r < n; r++)
        for (size_t c = 0; c < ncol; c++) {
            table_text(cols[c], rows[r], buf);
            padded(out, buf[0] ? buf : "-", width[c], c + 1 == ncol);
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

size_t output_rows(const ProtobufCMessage *m)
{
    /* As the server counts them (server/flow/listpage.c): the one repeated message field,
     * whatever else the reply holds (a dossier's student). */
    const ProtobufCFieldDescriptor *rows = NULL;
    for (unsigned i = 0; i < m->descriptor->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &m->descriptor->fields[i];
        if (f->label != PROTOBUF_C_LABEL_REPEATED || f->type != PROTOBUF_C_TYPE_MESSAGE)
            continue;
        if (rows)
            return 0;
        rows = f;
    }
    return rows ? *(const size_t *)((const char *)m + rows->quantifier_offset) : 0;
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
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        /* An id with its name beside it, or a value superseded by another, is for programs. */
        if (f != list && !named_elsewhere(d, f) && !superseded(d, f) && !hidden_id(m, f, NULL) &&
            human_value(f, field_ptr(m, f), buf, sizeof buf)) {
            key(out, 0, d, f);
            fprintf(out, " %s\n", buf[0] ? buf : "-");
        }
    }
}
