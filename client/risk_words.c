#include "risk_words.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

/* The sentence of a reason's rule id with its figure; false for an id this client does not
 * know. The figure is a count, a rating x 10, a percentage or days (docs/rules.md, "Early
 * warning"). */
static bool reason_sentence(const char *id, long long v, char *out, size_t n)
{
    if (!strcmp(id, "RISK_ABSENCE"))
        snprintf(out, n, _("absent %lld times in the last six weeks"), v);
    else if (!strcmp(id, "RISK_AGENDA_UNSIGNED"))
        snprintf(out, n, _("%lld agenda weeks not signed by the supervisor in time"), v);
    else if (!strcmp(id, "RISK_AGENDA_MISSING"))
        snprintf(out, n, _("%lld agenda weeks not filled in"), v);
    else if (!strcmp(id, "RISK_RATING_LOW"))
        snprintf(out, n, _("low assessment: average %lld.%lld of 5"), v / 10, v % 10);
    else if (!strcmp(id, "RISK_RATING_FALLING"))
        snprintf(out, n, _("assessment fell by %lld.%lld since the one before"), v / 10, v % 10);
    else if (!strcmp(id, "RISK_HOURS_BEHIND"))
        snprintf(out, n, _("worked %lld%% of the scheduled hours in the weeks filled in"), v);
    else if (!strcmp(id, "RISK_VISIT_OVERDUE"))
        snprintf(out, n, _("coach's visit overdue by %lld days"), v);
    else if (!strcmp(id, "RISK_EARLIER_DROPOUT"))
        snprintf(out, n, _("%lld earlier dropouts"), v);
    else
        return false;
    return true;
}

char *risk_words(const Stagelijn__V1__RiskReason *r, char *out, size_t n)
{
    char sentence[200];
    if (!reason_sentence(r->reason ? r->reason : "", (long long)r->value, sentence,
                         sizeof sentence))
        snprintf(sentence, sizeof sentence, "%s", _("another reason"));
    /* TRANSLATORS: a reason of the early warning and the points it weighs. */
    snprintf(out, n, _("%s (+%u)"), sentence, r->points);
    return out;
}

char *risk_words_list(Stagelijn__V1__RiskReason *const *reasons, size_t n_reasons, char *out,
                      size_t n)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n_reasons && used < n; i++) {
        char one[256];
        risk_words(reasons[i], one, sizeof one);
        int w = snprintf(out + used, n - used, "%s%s", i ? "; " : "", one);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    return out;
}
