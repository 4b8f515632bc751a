/* What a rule id in a refusal means, in the user's language: the server's messages are English
 * in every locale (they are for logs and support), so the client explains the ids it knows
 * through its own message catalogue. */
#ifndef SL_RULETEXT_H
#define SL_RULETEXT_H

/* The translated explanation of `rule_id` (static, owned by the catalogue), or NULL for an id
 * this client does not know (the caller then shows the server's message alone). */
const char *ruletext_explain(const char *rule_id);

#endif
