/* How the client programs word what the server sends, in the user's language (gettext):
 * enum values, yes/no, error codes, coded error messages (common/messages.h), rule
 * violations and durations. The server sends codes, rule ids and parameters; only the
 * client turns them into words. What the client shows a person is also what it accepts as
 * input; the English spelling of a value (the one --json prints) is accepted as well, so
 * scripts keep working in every language. */
#ifndef SL_WORDING_H
#define SL_WORDING_H

#include <stdbool.h>
#include <stddef.h>

#include <protobuf-c/protobuf-c.h>

#include "sl_error.h"
#include "stagelijn.pb-c.h"

/* An enum value for a person ("individueel-1" under Dutch, "individual_1" otherwise);
 * returns a translation or buf (filled with the English short name, or the number). */
const char *wording_value(const ProtobufCEnumDescriptor *d, int value, char *buf, size_t n);
/* Reads a value as the user typed it: the spelling wording_value shows, or the English short
 * name; case, '-' and '_' do not matter ("individual1", "Individueel-1"). The unspecified
 * value (0) is never accepted. False when the word names no value of d. */
bool wording_parse_value(const ProtobufCEnumDescriptor *d, const char *word, int *value);
/* The accepted spellings of d's values for a usage message: "intern, snuffel, ...". */
const char *wording_value_list(const ProtobufCEnumDescriptor *d, char *buf, size_t n);

/* A string field that holds a code (a caseload item's kind, a partner's kind, an aftercare
 * contact's with_whom, a dossier entry's kind) in the user's words; `word` itself when the
 * field or the code is not known. */
const char *wording_code(const ProtobufCMessageDescriptor *m, const char *field, const char *word);
/* The code a user typed for `context` ("PartnerKind", "ContactParty"): the shown word or the
 * code itself; NULL when it is neither (the server then refuses it with the valid codes). */
const char *wording_parse_code(const char *context, const char *word);

/* An ISO weekday (1 Monday .. 7 Sunday) from "mon".."sun", the user's words ("ma".."zo")
 * or "1".."7"; 0 for anything else. */
int wording_parse_weekday(const char *word);

/* "ja"/"nee" (or "yes"/"no"). */
const char *wording_yes_no(bool b);
/* Accepts the shown words and yes/no/true/false; false for anything else. */
bool wording_parse_yes_no(const char *word, bool *out);

/* An error code for a person ("niet gevonden" for NOT_FOUND). */
const char *wording_status(sl_status st);

/* The error's message in the user's language: its message_code rendered with its params, or
 * the server's English message for a code this client does not know. Returns out. */
char *wording_error(const Stagelijn__V1__Error *e, char *out, size_t n);
/* Text the server sends as a code of common/messages.h (an error's message_code, a detail's
 * det_ code) with its raw parameters, in the user's words: the code's English format
 * translated through gettext (msgctxt "server text" for a detail), each parameter shown by
 * its kind (minutes as H:MM, stable words translated). `english`, the server's own text, is
 * shown only for a code this client does not know. Returns out. */
char *wording_coded(const char *code, char *const *params, size_t n_params, const char *english,
                    char *out, size_t n);
/* A rule violation: its rule_id's rendering with its details (detail_code, detail_params)
 * in brackets, or the server's English message for a rule or detail code this client does
 * not know. Returns out. */
char *wording_violation(const Stagelijn__V1__RuleViolation *v, char *out, size_t n);

/* A duration of whole minutes as hours and minutes, "20:59 u" / "20:59 h": never rounded,
 * so a value below a threshold never shows as the threshold. Returns out. */
char *wording_duration(long long minutes, char *out, size_t n);

/* The label of field `field` of message m for a column header or a `show` key, in the user's
 * language ("Voornaam" for first_name under Dutch, the field's name otherwise); NULL when the
 * field has no label (tests/unit/test_wording.c requires one for every field people see). */
const char *wording_field_label(const ProtobufCMessageDescriptor *m, const char *field);

#endif
