/* Shows any protobuf message: as JSON (for scripts) or as a table / key-value list (for
 * people). Generic over protobuf-c descriptors, so a new reply type needs no new code. */
#ifndef SL_OUTPUT_H
#define SL_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include <protobuf-c/protobuf-c.h>

#include "stagelijn.pb-c.h"

/* One JSON object on one line (no trailing newline). Enums as their lower-case short names
 * ("supervisor", "active"), 64-bit integers as numbers. */
void output_json(FILE *out, const ProtobufCMessage *m);
/* output_json with the list's place in the whole list beside its rows ("cut":{"offset",
 * "total"}) when cut is not NULL. */
void output_json_cut(FILE *out, const ProtobufCMessage *m, const Stagelijn__V1__ListCut *cut);
/* The rows of a list reply (its one repeated message field, as the server pages it), 0 for
 * any other message. */
size_t output_rows(const ProtobufCMessage *m);
/* A string with JSON escapes, quotes included. */
void output_json_string(FILE *out, const char *s);

/* For people: a message that is a list (its one repeated message field) becomes a table of
 * its short scalar fields; any other message a "field: value" list. Headers and keys are the
 * fields' labels in the user's language (wording_field_label); no id is shown unless
 * output_show_ids(true). */
void output_human(FILE *out, const ProtobufCMessage *m);
/* labels: whether people see the one id a row (or a shown record) has to be typed into a next
 * command (the program's --ids); off by default, so people read names only. */
void output_show_ids(bool on);

/* The short name of an enum value ("ROLE_SUPERVISOR" -> "supervisor"). */
const char *output_enum_name(const ProtobufCEnumDescriptor *d, int value, char *buf, size_t n);

/* Whether human output may show field f of message d at all: false for a value superseded
 * by another field and for a text's code and parameters (shown as the text itself). */
bool output_field_shown(const ProtobufCMessageDescriptor *d, const ProtobufCFieldDescriptor *f);

#endif
