#include "ruletext.h"

#include <string.h>

#include "cli.h"

static const struct {
    const char *id;
    const char *text;
} explained[] = {
    /* Dates of recorded facts (server/factdate.c, docs/rules.md). */
    {"DATE_IN_FUTURE", N_("the date lies after today: a fact is recorded once it has happened")},
    {"DATE_OUTSIDE_PLACEMENT",
     N_("the date lies outside the internship (its first day to two weeks after its last day)")},
    {"DATE_OUTSIDE_ENTREE_YEAR", N_("the date lies outside the student's Entree year")},
    {"DATE_BEFORE_SCHOOL", N_("the date lies before the student can have started school (age 12)")},
    {"DATE_BEFORE_LAST_PLACEMENT_END",
     N_("the leaving date lies before the student's last internship ended")},
    {"DATE_BEFORE_EXIT", N_("the date lies before the student left school")},
};

const char *ruletext_explain(const char *rule_id)
{
    if (!rule_id)
        return NULL;
    for (size_t i = 0; i < sizeof explained / sizeof explained[0]; i++)
        if (strcmp(explained[i].id, rule_id) == 0)
            return _(explained[i].text);
    return NULL;
}
