/* What a refusal's rule id means, in the user's language: the server's messages are English
 * in every locale (docs/rules.md), so the client renders the ids it knows from its catalogue
 * (client/po) and falls back to the server's message for the others. */
#ifndef SL_RULE_TEXT_H
#define SL_RULE_TEXT_H

/* The translated text for `rule_id`, or NULL when the client has none. The string is the
 * catalogue's (static); `rule_id` may be NULL. */
const char *rule_text(const char *rule_id);

#endif
