#include "rule_text.h"

#include <string.h>

#include "cli.h"

/* The placement lifecycle, capacity and preconditions (docs/rules.md, sections 12 and 13). */
static const struct {
    const char *id;
    const char *text; /* N_(): translated when printed */
} texts[] = {
    {"STATE_PLACEMENT_NOT_SIGNED", N_("the contract is not signed by every party yet")},
    {"STATE_PLACEMENT_NOT_ACTIVE", N_("the placement is not active (it has not started)")},
    {"STATE_PLACEMENT_ACTIVE_ALREADY", N_("the placement is active already")},
    {"STATE_PLACEMENT_ENDED", N_("the placement has ended; this can no longer be done")},
    {"STATE_PLACEMENT_UNKNOWN", N_("the placement is in no known state")},
    {"STATE_PLACEMENT_BEFORE_END",
     N_("the placement runs until its end date; to end it earlier, report a dropout")},
    {"STATE_END_ASSESSMENT_TOO_EARLY",
     N_("the end assessment is made in the last two weeks of the placement or after it ended")},
    {"ASSESSMENT_PERIOD_ASSESSED",
     N_("this period has its interim assessment already; it cannot be replaced")},
    {"CONTRACT_LOCKED", N_("the contract is signed and can no longer change")},
    {"CONTRACT_NOT_SAVED", N_("save the contract first")},
    {"CAP_COMPANY_PLACES", N_("the company has no free place for these dates")},
    {"CAP_COMPANY_SUPERVISION", N_("the company cannot supervise another student on these dates")},
    {"CAP_STUDENT_DOUBLE_BOOKED",
     N_("the student has another signed or active placement on the same days")},
    {"PRE_READINESS_GROUP",
     N_("the readiness advice is the group internship; override it with a reason first")},
    {"PRE_ENTREE_YEAR", N_("an Entree or dual placement is for a student in the Entree year")},
    {"SCHOOL_PHASE_KIND", N_("this kind of internship belongs to another school year")},
    {"SCHOOL_INTRO_MEETING", N_("no introductory meeting with this company is recorded")},
};

const char *rule_text(const char *rule_id)
{
    if (!rule_id)
        return NULL;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (strcmp(texts[i].id, rule_id) == 0)
            return _(texts[i].text);
    return NULL;
}
