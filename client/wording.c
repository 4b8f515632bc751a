#include "wording.h"

#include <ctype.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "messages.h"
#include "output.h"

/* Marks a msgid with its context for xgettext (--keyword=NC_:1c,2); both stay in the table
 * and are looked up with context_gettext(). */
#define NC_(ctx, id) ctx, id

/* gettext with a context, as xgettext writes it: "ctx\004id". Returns id untranslated. */
static const char *context_gettext(const char *ctx, const char *id)
{
    char key[256];
    int k = snprintf(key, sizeof key, "%s\004%s", ctx, id);
    if (k < 0 || (size_t)k >= sizeof key)
        return id;
    const char *t = gettext(key);
    return t == key || strcmp(t, key) == 0 ? id : t;
}

/* ---------------------------------------------------------------- enum values */

typedef struct {
    const ProtobufCEnumDescriptor *d;
    const char *context; /* the enum's name: the same English word may be two Dutch ones */
    const char *english; /* the short name output_enum_name() gives, as --json prints it */
} value_word;

/* Every value the programs show. The translators' spelling is also what the user types, so
 * Dutch words are single tokens where they are input ("individueel-1"). */
static const value_word value_words[] = {
    {&stagelijn__v1__role__descriptor, NC_("Role", "unspecified")},
    {&stagelijn__v1__role__descriptor, NC_("Role", "admin")},
    {&stagelijn__v1__role__descriptor, NC_("Role", "coach")},
    {&stagelijn__v1__role__descriptor, NC_("Role", "support_coach")},
    {&stagelijn__v1__role__descriptor, NC_("Role", "mentor")},
    {&stagelijn__v1__role__descriptor, NC_("Role", "supervisor")},
    {&stagelijn__v1__role__descriptor, NC_("Role", "student")},
    {&stagelijn__v1__role__descriptor, NC_("Role", "subscriber")},
    {&stagelijn__v1__placement_kind__descriptor, NC_("PlacementKind", "unspecified")},
    {&stagelijn__v1__placement_kind__descriptor, NC_("PlacementKind", "internal")},
    {&stagelijn__v1__placement_kind__descriptor, NC_("PlacementKind", "taster")},
    {&stagelijn__v1__placement_kind__descriptor, NC_("PlacementKind", "group")},
    {&stagelijn__v1__placement_kind__descriptor, NC_("PlacementKind", "individual_1")},
    {&stagelijn__v1__placement_kind__descriptor, NC_("PlacementKind", "individual_2")},
    {&stagelijn__v1__placement_kind__descriptor, NC_("PlacementKind", "sector")},
    {&stagelijn__v1__placement_kind__descriptor, NC_("PlacementKind", "entree")},
    {&stagelijn__v1__placement_kind__descriptor, NC_("PlacementKind", "dual")},
    {&stagelijn__v1__placement_status__descriptor, NC_("PlacementStatus", "status_unspecified")},
    {&stagelijn__v1__placement_status__descriptor, NC_("PlacementStatus", "proposed")},
    {&stagelijn__v1__placement_status__descriptor, NC_("PlacementStatus", "contract_drafted")},
    {&stagelijn__v1__placement_status__descriptor, NC_("PlacementStatus", "signed")},
    {&stagelijn__v1__placement_status__descriptor, NC_("PlacementStatus", "active")},
    {&stagelijn__v1__placement_status__descriptor, NC_("PlacementStatus", "completed")},
    {&stagelijn__v1__placement_status__descriptor, NC_("PlacementStatus", "ended_early")},
    {&stagelijn__v1__assessment_kind__descriptor, NC_("AssessmentKind", "unspecified")},
    {&stagelijn__v1__assessment_kind__descriptor, NC_("AssessmentKind", "interim")},
    {&stagelijn__v1__assessment_kind__descriptor, NC_("AssessmentKind", "end")},
    {&stagelijn__v1__judgement__descriptor, NC_("Judgement", "missing")},
    {&stagelijn__v1__judgement__descriptor, NC_("Judgement", "negative")},
    {&stagelijn__v1__judgement__descriptor, NC_("Judgement", "positive")},
    {&stagelijn__v1__advice__descriptor, NC_("Advice", "unspecified")},
    {&stagelijn__v1__advice__descriptor, NC_("Advice", "group")},
    {&stagelijn__v1__advice__descriptor, NC_("Advice", "individual")},
    {&stagelijn__v1__signature_party__descriptor, NC_("SignatureParty", "unspecified")},
    {&stagelijn__v1__signature_party__descriptor, NC_("SignatureParty", "school")},
    {&stagelijn__v1__signature_party__descriptor, NC_("SignatureParty", "company")},
    {&stagelijn__v1__signature_party__descriptor, NC_("SignatureParty", "student")},
    {&stagelijn__v1__signature_party__descriptor, NC_("SignatureParty", "parent")},
    /* clocking and hours */
    {&stagelijn__v1__absence_kind__descriptor, NC_("AbsenceKind", "unspecified")},
    {&stagelijn__v1__absence_kind__descriptor, NC_("AbsenceKind", "sick")},
    {&stagelijn__v1__absence_kind__descriptor, NC_("AbsenceKind", "with_notice")},
    {&stagelijn__v1__absence_kind__descriptor, NC_("AbsenceKind", "without_notice")},
    {&stagelijn__v1__clock_source__descriptor, NC_("ClockSource", "unspecified")},
    {&stagelijn__v1__clock_source__descriptor, NC_("ClockSource", "kiosk")},
    {&stagelijn__v1__clock_source__descriptor, NC_("ClockSource", "correction")},
    {&stagelijn__v1__assignment_status__descriptor, NC_("AssignmentStatus", "unspecified")},
    {&stagelijn__v1__assignment_status__descriptor, NC_("AssignmentStatus", "open")},
    {&stagelijn__v1__assignment_status__descriptor, NC_("AssignmentStatus", "in_progress")},
    {&stagelijn__v1__assignment_status__descriptor, NC_("AssignmentStatus", "submitted")},
    {&stagelijn__v1__assignment_status__descriptor, NC_("AssignmentStatus", "approved")},
    {&stagelijn__v1__day_part__descriptor, NC_("DayPart", "unspecified")},
    {&stagelijn__v1__day_part__descriptor, NC_("DayPart", "morning")},
    {&stagelijn__v1__day_part__descriptor, NC_("DayPart", "afternoon")},
    {&stagelijn__v1__exit_profile__descriptor, NC_("ExitProfile", "unspecified")},
    {&stagelijn__v1__exit_profile__descriptor, NC_("ExitProfile", "day_care")},
    {&stagelijn__v1__exit_profile__descriptor, NC_("ExitProfile", "work")},
    {&stagelijn__v1__exit_profile__descriptor, NC_("ExitProfile", "learning")},
    {&stagelijn__v1__outcome__descriptor, NC_("Outcome", "unspecified")},
    {&stagelijn__v1__outcome__descriptor, NC_("Outcome", "yes")},
    {&stagelijn__v1__outcome__descriptor, NC_("Outcome", "no")},
    {&stagelijn__v1__outcome__descriptor, NC_("Outcome", "not_yet_known")},
    {&stagelijn__v1__norm_outcome__descriptor, NC_("NormOutcome", "unspecified")},
    {&stagelijn__v1__norm_outcome__descriptor, NC_("NormOutcome", "met")},
    {&stagelijn__v1__norm_outcome__descriptor, NC_("NormOutcome", "not_met")},
    {&stagelijn__v1__norm_outcome__descriptor, NC_("NormOutcome", "no_leavers")},
    {&stagelijn__v1__norm_outcome__descriptor, NC_("NormOutcome", "not_yet_known")},
    {&stagelijn__v1__norm_outcome__descriptor, NC_("NormOutcome", "nobody_placed")},
    /* trustdomain */
    {&stagelijn__v1__year3_assessment_kind__descriptor, NC_("Year3AssessmentKind", "unspecified")},
    {&stagelijn__v1__year3_assessment_kind__descriptor,
     NC_("Year3AssessmentKind", "internship_assessment")},
    {&stagelijn__v1__year3_assessment_kind__descriptor, NC_("Year3AssessmentKind", "masterpiece")},
    {&stagelijn__v1__training_status__descriptor, NC_("TrainingStatus", "unspecified")},
    {&stagelijn__v1__training_status__descriptor, NC_("TrainingStatus", "planned")},
    {&stagelijn__v1__training_status__descriptor, NC_("TrainingStatus", "done")},
    {&stagelijn__v1__training_status__descriptor, NC_("TrainingStatus", "not_done")},
    /* dropout: the procedure as a case */
    {&stagelijn__v1__dropout_case_state__descriptor, NC_("DropoutCaseState", "state_unspecified")},
    {&stagelijn__v1__dropout_case_state__descriptor, NC_("DropoutCaseState", "reported")},
    {&stagelijn__v1__dropout_case_state__descriptor, NC_("DropoutCaseState", "conversation_held")},
    {&stagelijn__v1__dropout_case_state__descriptor, NC_("DropoutCaseState", "company_contacted")},
    {&stagelijn__v1__dropout_case_state__descriptor, NC_("DropoutCaseState", "group_full")},
    {&stagelijn__v1__dropout_case_state__descriptor, NC_("DropoutCaseState", "followup_chosen")},
    {&stagelijn__v1__dropout_case_state__descriptor, NC_("DropoutCaseState", "orienting")},
    {&stagelijn__v1__dropout_case_state__descriptor, NC_("DropoutCaseState", "closed")},
    {&stagelijn__v1__dropout_action__descriptor, NC_("DropoutAction", "unspecified")},
    {&stagelijn__v1__dropout_action__descriptor, NC_("DropoutAction", "conversation")},
    {&stagelijn__v1__dropout_action__descriptor, NC_("DropoutAction", "company_contact")},
    {&stagelijn__v1__dropout_action__descriptor, NC_("DropoutAction", "followup")},
    {&stagelijn__v1__dropout_action__descriptor, NC_("DropoutAction", "instead")},
    {&stagelijn__v1__dropout_action__descriptor, NC_("DropoutAction", "orientation")},
    {&stagelijn__v1__dropout_action__descriptor, NC_("DropoutAction", "close")},
    {&stagelijn__v1__dropout_follow_up__descriptor, NC_("DropoutFollowUp", "unspecified")},
    {&stagelijn__v1__dropout_follow_up__descriptor, NC_("DropoutFollowUp", "group")},
    {&stagelijn__v1__dropout_follow_up__descriptor, NC_("DropoutFollowUp", "alternative")},
    {&stagelijn__v1__dropout_follow_up__descriptor, NC_("DropoutFollowUp", "new_placement")},
    {&stagelijn__v1__entree_consequence__descriptor, NC_("EntreeConsequence", "unspecified")},
    {&stagelijn__v1__entree_consequence__descriptor, NC_("EntreeConsequence", "hours_achievable")},
    {&stagelijn__v1__entree_consequence__descriptor, NC_("EntreeConsequence", "extension")},
    {&stagelijn__v1__entree_consequence__descriptor, NC_("EntreeConsequence", "not_completed")},
    /* assessment versions (issue 8) */
    {&stagelijn__v1__assessment_status__descriptor, NC_("AssessmentStatus", "status_unspecified")},
    {&stagelijn__v1__assessment_status__descriptor, NC_("AssessmentStatus", "draft")},
    {&stagelijn__v1__assessment_status__descriptor, NC_("AssessmentStatus", "submitted")},
    /* learning goals (issue 7 item 10) */
    {&stagelijn__v1__goal_kind__descriptor, NC_("GoalKind", "unspecified")},
    {&stagelijn__v1__goal_kind__descriptor, NC_("GoalKind", "learning")},
    {&stagelijn__v1__goal_kind__descriptor, NC_("GoalKind", "personal")},
    {&stagelijn__v1__sunday_ground__descriptor, NC_("SundayGround", "none")},
    {&stagelijn__v1__sunday_ground__descriptor, NC_("SundayGround", "contract_nature")},
    {&stagelijn__v1__sunday_ground__descriptor, NC_("SundayGround", "works_council")},
    {&stagelijn__v1__sunday_ground__descriptor, NC_("SundayGround", "employees")},
};

static const value_word *find_word(const ProtobufCEnumDescriptor *d, const char *english)
{
    for (size_t i = 0; i < sizeof value_words / sizeof value_words[0]; i++)
        if (value_words[i].d == d && strcmp(value_words[i].english, english) == 0)
            return &value_words[i];
    return NULL;
}

const char *wording_value(const ProtobufCEnumDescriptor *d, int value, char *buf, size_t n)
{
    const char *english = output_enum_name(d, value, buf, n);
    const value_word *w = find_word(d, english);
    return w ? context_gettext(w->context, w->english) : english;
}

/* Equal but for case, '-' and '_' (and never equal when either is empty). */
static bool same_word(const char *a, const char *b)
{
    if (!a[0] || !b[0])
        return false;
    for (;;) {
        while (*a == '-' || *a == '_')
            a++;
        while (*b == '-' || *b == '_')
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
        a++, b++;
    }
}

bool wording_parse_value(const ProtobufCEnumDescriptor *d, const char *word, int *value)
{
    if (!word)
        return false;
    for (unsigned i = 0; i < d->n_values; i++) {
        int v = d->values[i].value;
        char english[64];
        output_enum_name(d, v, english, sizeof english);
        /* "unspecified" is no answer; a meaningful zero ("missing") is one. */
        if (v == 0 && strstr(english, "unspecified"))
            continue;
        char shown[64];
        if (same_word(word, english) || same_word(word, wording_value(d, v, shown, sizeof shown))) {
            *value = v;
            return true;
        }
    }
    return false;
}

const char *wording_value_list(const ProtobufCEnumDescriptor *d, char *buf, size_t n)
{
    size_t used = 0;
    if (n == 0)
        return buf;
    buf[0] = '\0';
    for (unsigned i = 0; i < d->n_values; i++) {
        char shown[64];
        if (d->values[i].value == 0 && strstr(d->values[i].name, "UNSPECIFIED"))
            continue;
        int k = snprintf(buf + used, n - used, "%s%s", used ? ", " : "",
                         wording_value(d, d->values[i].value, shown, sizeof shown));
        if (k < 0 || (size_t)k >= n - used)
            break;
        used += (size_t)k;
    }
    return buf;
}

/* ---------------------------------------------------------------- coded strings */

/* String fields whose values are codes, not text: each gets the context of its words. */
static const struct {
    const ProtobufCMessageDescriptor *m;
    const char *field;
    const char *context;
} coded_fields[] = {
    {&stagelijn__v1__caseload_item__descriptor, "kind", "CaseloadKind"},
    {&stagelijn__v1__dossier_entry__descriptor, "kind", "DossierKind"},
    {&stagelijn__v1__partner__descriptor, "kind", "PartnerKind"},
    {&stagelijn__v1__aftercare_contact__descriptor, "with_whom", "ContactParty"},
    {&stagelijn__v1__event__descriptor, "topic", "EventTopic"},
    /* subs (issue 9): a grouped inbox line's kind is a due kind (or else an event topic) */
    {&stagelijn__v1__inbox_group__descriptor, "kind", "DueKind"},
};

static const char *const coded_words[][2] = {
    {NC_("EventTopic", "assessment")},
    {NC_("EventTopic", "dropout")},
    {NC_("EventTopic", "exam_result")},
    {NC_("EventTopic", "exit")},
    {NC_("EventTopic", "group_ready")},
    {NC_("EventTopic", "placement")},
    {NC_("EventTopic", "placement_status")},
    {NC_("EventTopic", "readiness")},
    {NC_("EventTopic", "sector_switch")},
    {NC_("EventTopic", "study_advice")},
    {NC_("CaseloadKind", "intern")},
    {NC_("CaseloadKind", "visit_due")},
    {NC_("CaseloadKind", "agenda_to_sign")},
    {NC_("CaseloadKind", "assessment_due")},
    {NC_("CaseloadKind", "risk")},             /* dropout: early warning */
    {NC_("CaseloadKind", "dropout_step_due")}, /* dropout: the case's next step */
    {NC_("DossierKind", "interest_test")},
    {NC_("DossierKind", "orientation")},
    {NC_("DossierKind", "readiness")},
    {NC_("DossierKind", "company_visit")},
    {NC_("DossierKind", "intro_meeting")},
    {NC_("DossierKind", "placement")},
    {NC_("DossierKind", "contract")},
    {NC_("DossierKind", "contract_signature")},
    {NC_("DossierKind", "visit")},
    {NC_("DossierKind", "agenda")},
    {NC_("DossierKind", "assessment")},
    {NC_("DossierKind", "assignment")},
    {NC_("DossierKind", "dropout")},
    {NC_("DossierKind", "dropout_step")}, /* dropout: a step of the procedure */
    {NC_("DossierKind", "study_advice")},
    {NC_("DossierKind", "exam")},
    {NC_("DossierKind", "group_session")},
    {NC_("DossierKind", "group_reflection")},
    {NC_("DossierKind", "final_interview")},
    {NC_("DossierKind", "exit")},
    {NC_("DossierKind", "aftercare")},
    {NC_("DossierKind", "year3_assessment")},
    {NC_("DossierKind", "skills_training")},
    {NC_("PartnerKind", "municipality")},
    {NC_("PartnerKind", "youth_desk")},
    {NC_("PartnerKind", "work_desk")},
    {NC_("PartnerKind", "mbo")},
    {NC_("PartnerKind", "day_care")},
    {NC_("ContactParty", "former_student")},
    {NC_("ContactParty", "parent")},
    {NC_("ContactParty", "employer")},
    {NC_("ContactParty", "follow_up_school")},
    {NC_("ContactParty", "day_care")},
    {NC_("ContactParty", "partner")},
    /* the due kinds of the inbox (issue 9, notifications) */
    {NC_("DueKind", "visit_overdue")},
    {NC_("DueKind", "agenda_unsigned")},
    {NC_("DueKind", "week_not_signed_off")},
    {NC_("DueKind", "interim_assessment_due")},
    {NC_("DueKind", "end_assessment_due")},
    {NC_("DueKind", "entree_hours_behind")},
    {NC_("DueKind", "study_advice_due")},
    {NC_("DueKind", "exam_eligibility_due")},
    {NC_("DueKind", "aftercare_contact_due")},
    {NC_("DueKind", "group_day_part_full")},
    {NC_("DueKind", "clock_out_missing")},
    /* sched3: repeated absence */
    {NC_("DueKind", "repeated_absence")},
};

const char *wording_code(const ProtobufCMessageDescriptor *m, const char *field, const char *word)
{
    for (size_t i = 0; word && i < sizeof coded_fields / sizeof coded_fields[0]; i++) {
        if (coded_fields[i].m != m || strcmp(coded_fields[i].field, field) != 0)
            continue;
        for (size_t k = 0; k < sizeof coded_words / sizeof coded_words[0]; k++)
            if (!strcmp(coded_words[k][0], coded_fields[i].context) &&
                !strcmp(coded_words[k][1], word))
                return context_gettext(coded_words[k][0], coded_words[k][1]);
    }
    return word;
}

const char *wording_parse_code(const char *context, const char *word)
{
    for (size_t k = 0; word && k < sizeof coded_words / sizeof coded_words[0]; k++)
        if (!strcmp(coded_words[k][0], context) &&
            (same_word(word, coded_words[k][1]) ||
             same_word(word, context_gettext(coded_words[k][0], coded_words[k][1]))))
            return coded_words[k][1];
    return NULL;
}

/* ---------------------------------------------------------------- weekdays */

int wording_parse_weekday(const char *word)
{
    static const char *const days[][2] = {
        {NC_("weekday", "mon")}, {NC_("weekday", "tue")}, {NC_("weekday", "wed")},
        {NC_("weekday", "thu")}, {NC_("weekday", "fri")}, {NC_("weekday", "sat")},
        {NC_("weekday", "sun")},
    };
    for (int i = 0; word && i < 7; i++)
        if (same_word(word, days[i][1]) || same_word(word, context_gettext(days[i][0], days[i][1])))
            return i + 1;
    if (word && word[0] >= '1' && word[0] <= '7' && !word[1])
        return word[0] - '0';
    return 0;
}

/* ---------------------------------------------------------------- yes and no */

const char *wording_yes_no(bool b)
{
    return b ? context_gettext("bool", "yes") : context_gettext("bool", "no");
}

bool wording_parse_yes_no(const char *word, bool *out)
{
    static const char *const yes[] = {NC_("bool", "yes")};
    static const char *const no[] = {NC_("bool", "no")};
    if (!word)
        return false;
    if (same_word(word, yes[1]) || same_word(word, "true") ||
        same_word(word, context_gettext(yes[0], yes[1]))) {
        *out = true;
        return true;
    }
    if (same_word(word, no[1]) || same_word(word, "false") ||
        same_word(word, context_gettext(no[0], no[1]))) {
        *out = false;
        return true;
    }
    return false;
}

/* ---------------------------------------------------------------- error codes */

const char *wording_status(sl_status st)
{
    static const struct {
        sl_status st;
        const char *context, *name;
    } names[] = {
        {SL_EINVAL, NC_("status", "INVALID_ARGUMENT")},
        {SL_EUNAUTH, NC_("status", "UNAUTHENTICATED")},
        {SL_EPERM, NC_("status", "PERMISSION_DENIED")},
        {SL_ENOTFOUND, NC_("status", "NOT_FOUND")},
        {SL_EEXISTS, NC_("status", "ALREADY_EXISTS")},
        {SL_EPRECOND, NC_("status", "FAILED_PRECONDITION")},
        {SL_EEXHAUSTED, NC_("status", "RESOURCE_EXHAUSTED")},
        {SL_EUNAVAIL, NC_("status", "UNAVAILABLE")},
        {SL_EINTERNAL, NC_("status", "INTERNAL")},
        {SL_EPROTO, NC_("status", "PROTOCOL_ERROR")},
        {SL_EIO, NC_("status", "IO_ERROR")},
        {SL_ETLS, NC_("status", "TLS_ERROR")},
        {SL_ENOMEM, NC_("status", "OUT_OF_MEMORY")},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].st == st)
            return context_gettext(names[i].context, names[i].name);
    return sl_status_name(st);
}

/* ---------------------------------------------------------------- messages */

static const char *server_words_text(const char *p, char *buf, size_t n);

/* The early warning's reasons (server/pure/risk.c), named shortly. */
static const char *const risk_reasons[][2] = {
    {NC_("risk reason", "RISK_ABSENCE")},        {NC_("risk reason", "RISK_AGENDA_UNSIGNED")},
    {NC_("risk reason", "RISK_AGENDA_MISSING")}, {NC_("risk reason", "RISK_RATING_LOW")},
    {NC_("risk reason", "RISK_RATING_FALLING")}, {NC_("risk reason", "RISK_HOURS_BEHIND")},
    {NC_("risk reason", "RISK_VISIT_OVERDUE")},  {NC_("risk reason", "RISK_EARLIER_DROPOUT")},
};

/* "RISK_ABSENCE +2, RISK_RATING_LOW +3" in the user's words, each reason with its points; a
 * reason this client does not know stays as its id. */
static const char *risk_reasons_text(const char *p, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (const char *w = p; *w && used + 1 < n;) {
        const char *id = w;
        size_t len = strcspn(w, " ,");
        const char *shown = NULL;
        for (size_t i = 0; i < sizeof risk_reasons / sizeof risk_reasons[0] && !shown; i++)
            if (strlen(risk_reasons[i][1]) == len && !strncmp(risk_reasons[i][1], id, len))
                shown = context_gettext(risk_reasons[i][0], risk_reasons[i][1]);
        w += len;
        w += strspn(w, " ");
        size_t plen = strcspn(w, ",");
        used += (size_t)snprintf(buf + used, n - used, "%s%.*s%s%.*s", used ? ", " : "",
                                 shown ? (int)strlen(shown) : (int)len, shown ? shown : id,
                                 plen ? " " : "", (int)plen, w);
        w += plen;
        w += strspn(w, ", ");
    }
    return buf;
}

/* A parameter as the user reads it, by its kind in the table of messages.c: a duration in
 * minutes as H:MM, an enum value or a fixed word ("word": the name of a fact) in the user's
 * words, anything else (dates YYYY-MM-DD, numbers, clock times, names) as sent. */
static const char *param_text(const sl_message *m, size_t i, const char *param, char *buf, size_t n)
{
    char kind[32];
    sl_message_param_kind(m, i, kind, sizeof kind);
    if (!strcmp(kind, "word"))
        return server_words_text(param, buf, n);
    if (!strcmp(kind, "risk_reasons"))
        return risk_reasons_text(param, buf, n);
    if (!strcmp(kind, "minutes")) {
        char *end;
        long long v = strtoll(param, &end, 10);
        return param[0] && !*end ? wording_duration(v, buf, n) : param;
    }
    static const struct {
        const char *kind;
        const ProtobufCEnumDescriptor *d;
    } kinds[] = {
        {"role", &stagelijn__v1__role__descriptor},
        {"placement_status", &stagelijn__v1__placement_status__descriptor},
        {"placement_kind", &stagelijn__v1__placement_kind__descriptor},
        {"assignment_status", &stagelijn__v1__assignment_status__descriptor},
        {"day_part", &stagelijn__v1__day_part__descriptor},
        {"dropout_action", &stagelijn__v1__dropout_action__descriptor},
        {"dropout_case_state", &stagelijn__v1__dropout_case_state__descriptor},
        {"absence_kind", &stagelijn__v1__absence_kind__descriptor},
        {"advice", &stagelijn__v1__advice__descriptor},
        {"training_status", &stagelijn__v1__training_status__descriptor},
    };
    const ProtobufCEnumDescriptor *d = NULL;
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        if (!strcmp(kind, kinds[k].kind))
            d = kinds[k].d;
    int v;
    if (d && wording_parse_value(d, param, &v))
        return wording_value(d, v, buf, n);
    return param;
}

char *wording_coded(const char *code, char *const *params, size_t n_params, const char *english,
                    char *out, size_t n)
{
    const sl_message *m = sl_message_find(code);
    if (!m) {
        snprintf(out, n, "%s", english ? english : "");
        return out;
    }
    char bufs[SL_MESSAGE_MAX_PARAMS][SL_MESSAGE_PARAM_LEN];
    const char *shown[SL_MESSAGE_MAX_PARAMS];
    size_t np = n_params < SL_MESSAGE_MAX_PARAMS ? n_params : SL_MESSAGE_MAX_PARAMS;
    for (size_t i = 0; i < np; i++)
        shown[i] = param_text(m, i, params[i] ? params[i] : "", bufs[i], sizeof bufs[i]);
    const char *ctx = sl_message_context(m);
    const char *format = ctx ? context_gettext(ctx, m->format) : gettext(m->format);
    return sl_message_render(format, shown, np, out, n);
}

char *wording_error(const Stagelijn__V1__Error *e, char *out, size_t n)
{
    if (!e) {
        snprintf(out, n, "%s", "");
        return out;
    }
    return wording_coded(e->message_code, e->params, e->n_params, e->message, out, n);
}

/* Every rule id the server may send (docs/rules.md); the Dutch catalogue renders each. */
static const char *const rule_ids[][2] = {
    {NC_("rule", "AFTERCARE_NOT_ACTIVE")},
    {NC_("rule", "AGENDA_SIGNED_OFF")},
    {NC_("rule", "AGENDA_SUPERVISOR_SIGNATURE_MISSING")},
    {NC_("rule", "ASSESSMENT_PERIOD_ASSESSED")},
    {NC_("rule", "ASSIGNMENT_STATUS_ORDER")},
    {NC_("rule", "ASSIGNMENT_WRONG_KIND")},
    {NC_("rule", "BSA_DECEMBER")},
    {NC_("rule", "BSA_NOT_ENTREE")},
    {NC_("rule", "CAL_SCHOOL_YEAR_OVERLAP")},
    {NC_("rule", "CAP_COMPANY_PLACES")},
    {NC_("rule", "CAP_COMPANY_SUPERVISION")},
    {NC_("rule", "CAP_COMPANY_VISIT_FULL")},
    {NC_("rule", "CAP_GROUP_DAYPART_FULL")},
    {NC_("rule", "CAP_STUDENT_DOUBLE_BOOKED")},
    {NC_("rule", "COMPANY_VISIT_PAST")},
    {NC_("rule", "COMPANY_VISIT_YEAR_2")},
    {NC_("rule", "CONTRACT_LOCKED")},
    {NC_("rule", "CONTRACT_NOT_SAVED")},
    {NC_("rule", "CONTRACT_PARENT_NOT_REQUIRED")},
    {NC_("rule", "DATE_BEFORE_EXIT")},
    {NC_("rule", "DATE_BEFORE_LAST_PLACEMENT_END")},
    {NC_("rule", "DATE_BEFORE_SCHOOL")},
    {NC_("rule", "DATE_IN_FUTURE")},
    {NC_("rule", "DATE_OUTSIDE_ENTREE_YEAR")},
    {NC_("rule", "DATE_OUTSIDE_PLACEMENT")},
    {NC_("rule", "DROPOUT_CASE_CLOSED")},
    {NC_("rule", "DROPOUT_CASE_UNKNOWN_STATE")},
    {NC_("rule", "DROPOUT_ENTREE_CONSEQUENCE_MISSING")},
    {NC_("rule", "DROPOUT_ENTREE_ONLY")},
    {NC_("rule", "DROPOUT_FOLLOWUP_MISSING")},
    {NC_("rule", "DROPOUT_GROUP_NOT_ELIGIBLE")},
    {NC_("rule", "DROPOUT_INSTEAD_NOT_GROUP")},
    {NC_("rule", "DROPOUT_STEP_ORDER")},
    {NC_("rule", "DROPOUT_STEP_PLAN_MISSING")},
    {NC_("rule", "ENTREE_EXAM_HOURS_650")},
    {NC_("rule", "ENTREE_EXAM_INTERNSHIP_NOT_PASSED")},
    {NC_("rule", "ENTREE_NOT_ENTREE")},
    {NC_("rule", "ENTREE_PRIOR_INTERNSHIPS")},
    {NC_("rule", "ENTREE_RECOGNISED_COMPANY")},
    {NC_("rule", "EXAM_MAY")},
    {NC_("rule", "EXAM_RESULT_FINAL")},
    {NC_("rule", "EXAM_WRONG_KIND")},
    {NC_("rule", "GROUP_DOUBLE_BOOKED")},
    {NC_("rule", "GROUP_MOVE_NEEDS_AGREEMENT")},
    {NC_("rule", "GROUP_NOT_ELIGIBLE")},
    {NC_("rule", "GROUP_NOT_ENROLLED")},
    {NC_("rule", "GROUP_NO_DROPOUT")},
    {NC_("rule", "INPUT_DUPLICATE_DATE")},
    {NC_("rule", "INPUT_INVALID_DATE")},
    {NC_("rule", "INPUT_INVALID_HOURS")},
    {NC_("rule", "INPUT_INVALID_WORK_DAY")},
    {NC_("rule", "INPUT_TOO_MANY_DAYS")},
    {NC_("rule", "LAW_CONTRACT_ASSESSMENT")},
    {NC_("rule", "LAW_CONTRACT_DATES")},
    {NC_("rule", "LAW_CONTRACT_INSPECTION")},
    {NC_("rule", "LAW_CONTRACT_INSURANCE")},
    {NC_("rule", "LAW_CONTRACT_LEARNING_ACTIVITIES")},
    {NC_("rule", "LAW_CONTRACT_LOCATIONS")},
    {NC_("rule", "LAW_CONTRACT_SIGNATURE_COMPANY")},
    {NC_("rule", "LAW_CONTRACT_SIGNATURE_PARENT")},
    {NC_("rule", "LAW_CONTRACT_SIGNATURE_SCHOOL")},
    {NC_("rule", "LAW_CONTRACT_SIGNATURE_STUDENT")},
    {NC_("rule", "LAW_CONTRACT_SUPERVISION")},
    {NC_("rule", "LAW_CONTRACT_WEEKLY_TIMES")},
    {NC_("rule", "LAW_MINOR_AGE_12_OR_YOUNGER")},
    {NC_("rule", "LAW_MINOR_AGE_13")},
    {NC_("rule", "LAW_MINOR_AVG_4_WEEKS_16_17")},
    {NC_("rule", "LAW_MINOR_BREAK_14_15")},
    {NC_("rule", "LAW_MINOR_BREAK_16_17")},
    {NC_("rule", "LAW_MINOR_DAILY_REST_14_15")},
    {NC_("rule", "LAW_MINOR_DAILY_REST_16_17")},
    {NC_("rule", "LAW_MINOR_MAX_DAY_14_15")},
    {NC_("rule", "LAW_MINOR_MAX_DAY_16_17")},
    {NC_("rule", "LAW_MINOR_MAX_WEEK_14_15")},
    {NC_("rule", "LAW_MINOR_MAX_WEEK_16_17")},
    {NC_("rule", "LAW_MINOR_NIGHT_14_15")},
    {NC_("rule", "LAW_MINOR_NIGHT_16_17")},
    {NC_("rule", "LAW_MINOR_SUNDAY_14_15")},
    {NC_("rule", "LAW_MINOR_SUNDAY_16_17")},
    {NC_("rule", "LAW_SUPERVISOR_UNDER_18")},
    {NC_("rule", "LAW_WORK_CASH_REGISTER_14_15")},
    {NC_("rule", "LAW_WORK_LIFTING_14_15")},
    {NC_("rule", "LAW_WORK_PESTICIDE_14_15")},
    {NC_("rule", "LAW_WORK_POSTURE_14_15")},
    {NC_("rule", "LAW_WORK_PROHIBITED_MINOR")},
    {NC_("rule", "LAW_WORK_PSYCHOSOCIAL_14_15")},
    {NC_("rule", "LAW_WORK_PUSH_PULL_14_15")},
    {NC_("rule", "LAW_WORK_RISKY_14_15")},
    {NC_("rule", "LAW_WORK_RISKY_NO_EXPERT_SUPERVISION")},
    {NC_("rule", "LAW_WVO32_COURSE_50")},
    {NC_("rule", "LAW_WVO32_WEEK_80")},
    {NC_("rule", "MATCH_NO_HOME_LOCATION")},
    {NC_("rule", "PLACEMENT_DOUBLE_BOOKED")},
    {NC_("rule", "PRE_ENTREE_YEAR")},
    {NC_("rule", "PRE_READINESS_GROUP")},
    {NC_("rule", "READY_AGE_14")},
    {NC_("rule", "READY_INTERNAL_INTERNSHIP")},
    {NC_("rule", "READY_MENTOR_ASSESSMENT")},
    {NC_("rule", "READY_NT2")},
    {NC_("rule", "READY_SOCIAL_SKILLS")},
    {NC_("rule", "READY_TASTER_INTERNSHIP")},
    {NC_("rule", "READY_TEACHERS_ADVICE")},
    {NC_("rule", "READY_WORK_ATTITUDE")},
    {NC_("rule", "SCHOOL_ENTREE_BEHIND_650")},
    {NC_("rule", "SCHOOL_ENTREE_DAYS_PER_WEEK")},
    {NC_("rule", "SCHOOL_ENTREE_WEEK_HOURS")},
    {NC_("rule", "SCHOOL_GROUP_Y4_DROPOUT_DAYS")},
    {NC_("rule", "SCHOOL_INTRO_MEETING")},
    {NC_("rule", "SCHOOL_PHASE_KIND")},
    {NC_("rule", "SCHOOL_VISIT_OVERDUE")},
    {NC_("rule", "SCHOOL_Y3_DAYS_PER_WEEK")},
    {NC_("rule", "SCHOOL_Y3_HOURS_PER_DAY")},
    {NC_("rule", "SCHOOL_Y45_DAYS_PER_WEEK")},
    {NC_("rule", "SCHOOL_Y45_HOURS_PER_DAY")},
    {NC_("rule", "STATE_END_ASSESSMENT_TOO_EARLY")},
    {NC_("rule", "STATE_PLACEMENT_ACTIVE_ALREADY")},
    {NC_("rule", "STATE_PLACEMENT_BEFORE_END")},
    {NC_("rule", "STATE_PLACEMENT_ENDED")},
    {NC_("rule", "STATE_PLACEMENT_NOT_ACTIVE")},
    {NC_("rule", "STATE_PLACEMENT_NOT_SIGNED")},
    {NC_("rule", "STATE_PLACEMENT_UNKNOWN")},
    /* trustdomain */
    {NC_("rule", "YEAR3_NOT_YEAR3")},
    {NC_("rule", "YEAR3_PLACEMENT_NOT_YEAR3")},
    {NC_("rule", "TRAINING_NOT_SENT_AWAY")},
    {NC_("rule", "TRAINING_BEFORE_DROPOUT")},
    {NC_("rule", "TRAINING_END_BEFORE_START")},
    {NC_("rule", "TRAINING_ENDED")},
    {NC_("rule", "WVO32_COURSE_50_AT_RISK")},
    {NC_("rule", "SCHOOL_INTERNAL_DAYS_PER_WEEK")},
    {NC_("rule", "SCHOOL_INTERNAL_HOURS")},
};

char *wording_violation(const Stagelijn__V1__RuleViolation *v, char *out, size_t n)
{
    const char *text = NULL;
    for (size_t i = 0; v->rule_id && i < sizeof rule_ids / sizeof rule_ids[0]; i++)
        if (strcmp(rule_ids[i][1], v->rule_id) == 0) {
            const char *t = context_gettext(rule_ids[i][0], rule_ids[i][1]);
            text = t != rule_ids[i][1] ? t : NULL;
            break;
        }
    bool coded = v->detail_code && v->detail_code[0];
    if (!text || (coded && !sl_message_find(v->detail_code))) {
        /* Untranslated (English), a rule or a detail this client does not know: the server's
         * words. */
        snprintf(out, n, "%s", v->message ? v->message : "");
        return out;
    }
    if (!coded) {
        /* No details, or details stored as English text only: the rule in the user's words. */
        snprintf(out, n, "%s", text);
        return out;
    }
    char detail[512];
    wording_coded(v->detail_code, v->detail_params, v->n_detail_params, NULL, detail,
                  sizeof detail);
    snprintf(out, n, "%s (%s)", text, detail);
    return out;
}

/* ---------------------------------------------------------------- durations */

char *wording_duration(long long minutes, char *out, size_t n)
{
    const char *sign = minutes < 0 ? "-" : "";
    unsigned long long m =
        minutes < 0 ? 0ULL - (unsigned long long)minutes : (unsigned long long)minutes;
    /* TRANSLATORS: hours and minutes of a duration, e.g. "20:59 h"; keep the numbers. */
    snprintf(out, n, gettext("%s%llu:%02llu h"), sign, m / 60, m % 60);
    return out;
}

/* ---------------------------------------------------------------- server text */

/* The fixed words the server sends as parameters of kind "word" (common/messages.c). */
static const char *const server_words[][2] = {
    {NC_("server word", "internal")},
    {NC_("server word", "taster")},
    {NC_("server word", "group")},
    {NC_("server word", "individual")},
    {NC_("server word", "individual I")},
    {NC_("server word", "individual II")},
    {NC_("server word", "sector")},
    {NC_("server word", "Entree")},
    {NC_("server word", "dual track")},
    {NC_("server word", "unknown")},
    {NC_("server word", "due")},
    {NC_("server word", "overdue")},
    {NC_("server word", "none yet")},
    {NC_("server word", "morning")},
    {NC_("server word", "afternoon")},
    {NC_("server word", "proposed")},
    {NC_("server word", "contract_drafted")},
    {NC_("server word", "signed")},
    {NC_("server word", "active")},
    {NC_("server word", "completed")},
    {NC_("server word", "ended_early")},
    {NC_("server word", "passed")},
    {NC_("server word", "failed")},
    {NC_("server word", "coach")},
    {NC_("server word", "support coach")},
    {NC_("server word", "supervisor")},
    {NC_("server word", "mentor")},
    {NC_("server word", "student")},
    {NC_("server word", "admin")},
    {NC_("server word", "accident insurer")},
    {NC_("server word", "liability insurer")},
    {NC_("server word", "premium payer")},
    /* the facts a date belongs to (server/handlers/factdate.c callers) */
    {NC_("server word", "contract signature")},
    {NC_("server word", "dropout")},
    {NC_("server word", "interest test")},
    {NC_("server word", "aftercare contact")},
    {NC_("server word", "agenda day")},
    {NC_("server word", "agenda week")},
    {NC_("server word", "assessment")},
    {NC_("server word", "binding study advice")},
    {NC_("server word", "exam result")},
    {NC_("server word", "introductory meeting")},
    {NC_("server word", "leaving date")},
    {NC_("server word", "orientation interview")},
    {NC_("server word", "readiness check")},
    {NC_("server word", "reflection interview")},
    {NC_("server word", "signature of the agenda week")},
    {NC_("server word", "visit")},
    /* in dossier entries */
    {NC_("server word", "individual internship")},
    {NC_("server word", "group internship")},
    {NC_("server word", "none")},
    {NC_("server word", "both sides agree")},
    {NC_("server word", "no agreement")},
    {NC_("server word", "contract drafted")},
    {NC_("server word", "ended early")},
    {NC_("server word", "school")},
    {NC_("server word", "company")},
    {NC_("server word", "parent/guardian")},
    {NC_("server word", "signed by the supervisor and signed off by the coach")},
    {NC_("server word", "signed by the supervisor")},
    {NC_("server word", "not yet signed off")},
    {NC_("server word", "not signed yet")},
    {NC_("server word", "end")},
    {NC_("server word", "interim")},
    {NC_("server word", "positive")},
    {NC_("server word", "negative")},
    {NC_("server word", "not given")},
    {NC_("server word", "open")},
    {NC_("server word", "in progress")},
    {NC_("server word", "submitted")},
    {NC_("server word", "approved")},
    {NC_("server word", "planned")},
    {NC_("server word", "day care")},
    {NC_("server word", "work")},
    {NC_("server word", "further learning")},
    {NC_("server word", "still in the destination")},
    {NC_("server word", "no longer in the destination")},
    {NC_("server word", "former_student")},
    {NC_("server word", "parent")},
    {NC_("server word", "employer")},
    {NC_("server word", "follow_up_school")},
    {NC_("server word", "day_care")},
    {NC_("server word", "partner")},
    /* codes: in dossier entries of year 3 and the social-skills training */
    {NC_("server word", "masterpiece")},
    {NC_("server word", "year-3 internship assessment")},
    {NC_("server word", "done")},
    {NC_("server word", "not done")},
};

/* A fixed word of the server (or a comma separated list of them) in the user's words; p as
 * it is when any part is not such a word. */
static const char *server_words_text(const char *p, char *buf, size_t n)
{
    buf[0] = '\0';
    for (const char *w = p; *w;) {
        size_t len = strcspn(w, ",");
        const char *shown = NULL;
        for (size_t i = 0; i < sizeof server_words / sizeof server_words[0] && !shown; i++)
            if (strlen(server_words[i][1]) == len && !strncmp(server_words[i][1], w, len))
                shown = context_gettext(server_words[i][0], server_words[i][1]);
        if (!shown)
            return p;
        size_t used = strlen(buf);
        snprintf(buf + used, n - used, "%s%s", used ? ", " : "", shown);
        w += len;
        w += strspn(w, ", ");
    }
    return buf;
}

/* ---------------------------------------------------------------- field labels (labels) */

/* What a column header or a `show` key says: a field's name in the user's words ("Voornaam"
 * for first_name). A label for one message (m set) comes before the label for every message
 * (m NULL): the same field name may mean two things. --json keeps the field names. */
typedef struct {
    const ProtobufCMessageDescriptor *m;
    const char *context;
    const char *field;
} field_label;

static const field_label field_labels[] = {
    {&stagelijn__v1__import_row_outcome__descriptor, NC_("column:ImportRowOutcome", "action")},
    {NULL, NC_("column", "above")},
    {NULL, NC_("column", "above_threshold")},
    {NULL, NC_("column", "absence")},
    {NULL, NC_("column", "absences")},
    {NULL, NC_("column", "accepted")},
    {NULL, NC_("column", "accepted_by")},
    {NULL, NC_("column", "accepted_by_name")},
    {NULL, NC_("column", "accident_insurer")},
    {NULL, NC_("column", "accounts")},
    {NULL, NC_("column", "acknowledged")},
    {NULL, NC_("column", "action")},
    {NULL, NC_("column", "actions")},
    {NULL, NC_("column", "active")},
    {NULL, NC_("column", "actor_id")},
    {NULL, NC_("column", "actor_name")},
    {NULL, NC_("column", "address")},
    {NULL, NC_("column", "advice")},
    {NULL, NC_("column", "age_band")},
    {NULL, NC_("column", "agenda_week_id")},
    {NULL, NC_("column", "agreed")},
    {NULL, NC_("column", "agreed_on")},
    {NULL, NC_("column", "arbeid")},
    {NULL, NC_("column", "aspect")},
    {NULL, NC_("column", "aspects")},
    {NULL, NC_("column", "assessments")},
    {NULL, NC_("column", "assessor")},
    {NULL, NC_("column", "assessor_id")},
    {NULL, NC_("column", "assessor_name")},
    {NULL, NC_("column", "assignments")},
    {NULL, NC_("column", "at")},
    {NULL, NC_("column", "average_week_hours")},
    {NULL, NC_("column", "average_week_minutes")},
    {NULL, NC_("column", "barriers")},
    {NULL, NC_("column", "behind")},
    {NULL, NC_("column", "break_minutes")},
    {NULL, NC_("column", "break_parts")},
    {NULL, NC_("column", "breaks_recorded")},
    {NULL, NC_("column", "by")},
    {NULL, NC_("column", "by_name")},
    {NULL, NC_("column", "bytes")},
    {NULL, NC_("column", "capacity")},
    {NULL, NC_("column", "cases")},
    {NULL, NC_("column", "cash_register")},
    {NULL, NC_("column", "cert_pem")},
    {NULL, NC_("column", "certs")},
    {NULL, NC_("column", "changed_fields")},
    {NULL, NC_("column", "city")},
    {NULL, NC_("column", "class_id")},
    {NULL, NC_("column", "class_name")},
    {NULL, NC_("column", "classes")},
    {NULL, NC_("column", "clock")},
    {NULL, NC_("column", "clock_in_at")},
    {NULL, NC_("column", "clock_in_minute")},
    {NULL, NC_("column", "clock_out_at")},
    {NULL, NC_("column", "clock_out_by")},
    {NULL, NC_("column", "clock_out_by_name")},
    {NULL, NC_("column", "clock_out_minute")},
    {NULL, NC_("column", "clocked")},
    {NULL, NC_("column", "coach_id")},
    {NULL, NC_("column", "coach_name")},
    {NULL, NC_("column", "coach_signed_at")},
    {NULL, NC_("column", "code")},
    {NULL, NC_("column", "cohort")},
    {NULL, NC_("column", "columns")},
    {NULL, NC_("column", "comments")},
    {NULL, NC_("column", "companies")},
    {NULL, NC_("column", "company")},
    {NULL, NC_("column", "company_assessment_role")},
    {NULL, NC_("column", "company_id")},
    {NULL, NC_("column", "company_name")},
    {NULL, NC_("column", "complete")},
    {NULL, NC_("column", "computed")},
    {NULL, NC_("column", "contact")},
    {NULL, NC_("column", "contact_due")},
    {NULL, NC_("column", "contacts")},
    {NULL, NC_("column", "continue_study")},
    {NULL, NC_("column", "corrections")},
    {NULL, NC_("column", "count")},
    {NULL, NC_("column", "course_years")},
    {NULL, NC_("column", "created_at")},
    {NULL, NC_("column", "crossed")},
    {NULL, NC_("column", "csv")},
    {NULL, NC_("column", "cut")},
    {NULL, NC_("column", "date")},
    {NULL, NC_("column", "date_of_birth")},
    {NULL, NC_("column", "day_part")},
    {NULL, NC_("column", "days")},
    {NULL, NC_("column", "days_since_pesticide")},
    {NULL, NC_("column", "decided_by")},
    {NULL, NC_("column", "decided_by_name")},
    {NULL, NC_("column", "definitive_sector")},
    {NULL, NC_("column", "description")},
    {NULL, NC_("column", "destination")},
    {NULL, NC_("column", "detail")},
    {NULL, NC_("column", "details")},
    {NULL, NC_("column", "device_company_id")},
    {NULL, NC_("column", "device_company_name")},
    {NULL, NC_("column", "device_name")},
    {NULL, NC_("column", "disabled")},
    {NULL, NC_("column", "display_name")},
    {NULL, NC_("column", "distance_km")},
    {NULL, NC_("column", "done_date")},
    {NULL, NC_("column", "drafts")},
    {NULL, NC_("column", "dropout_date")},
    {NULL, NC_("column", "dropout_id")},
    {NULL, NC_("column", "dropouts")},
    {NULL, NC_("column", "due_by")},
    {NULL, NC_("column", "due_date")},
    {NULL, NC_("column", "due_since")},
    {NULL, NC_("column", "duration_ms")},
    {NULL, NC_("column", "earlier_versions")},
    {NULL, NC_("column", "education_minutes")},
    {NULL, NC_("column", "enabled")},
    {NULL, NC_("column", "end")},
    {NULL, NC_("column", "end_date")},
    {NULL, NC_("column", "entree")},
    {NULL, NC_("column", "entree_consequence")},
    {NULL, NC_("column", "entree_minutes_recorded")},
    {NULL, NC_("column", "entries")},
    {NULL, NC_("column", "erased")},
    {NULL, NC_("column", "error")},
    {NULL, NC_("column", "event")},
    {NULL, NC_("column", "events")},
    {NULL, NC_("column", "exam_eligible")},
    {NULL, NC_("column", "examiner")},
    {NULL, NC_("column", "expectations")},
    {NULL, NC_("column", "expert_supervision")},
    {NULL, NC_("column", "exported_at")},
    {NULL, NC_("column", "file_name")},
    {NULL, NC_("column", "final_advice")},
    {NULL, NC_("column", "final_interview_date")},
    {NULL, NC_("column", "findings")},
    {NULL, NC_("column", "first_date")},
    {NULL, NC_("column", "first_key")},
    {NULL, NC_("column", "first_name")},
    {NULL, NC_("column", "fixed_posture")},
    {NULL, NC_("column", "follow_up")},
    {NULL, NC_("column", "free_places")},
    {NULL, NC_("column", "free_supervision")},
    {NULL, NC_("column", "from_date")},
    {NULL, NC_("column", "full_name")},
    {NULL, NC_("column", "goal_id")},
    {NULL, NC_("column", "goal_ratings")},
    {NULL, NC_("column", "goal_text")},
    {NULL, NC_("column", "goals")},
    {NULL, NC_("column", "group_full")},
    {NULL, NC_("column", "group_session")},
    {NULL, NC_("column", "group_session_id")},
    {NULL, NC_("column", "groups")},
    {NULL, NC_("column", "hobbies")},
    {NULL, NC_("column", "holidays")},
    {NULL, NC_("column", "home_latitude")},
    {NULL, NC_("column", "home_longitude")},
    {NULL, NC_("column", "id")},
    {NULL, NC_("column", "idle_timeout_seconds")},
    {NULL, NC_("column", "input")},
    {NULL, NC_("column", "inspection_arrangement")},
    {NULL, NC_("column", "interests")},
    {NULL, NC_("column", "internal")},
    {NULL, NC_("column", "internal_internship")},
    {NULL, NC_("column", "interns")},
    {NULL, NC_("column", "internship_day")},
    {NULL, NC_("column", "internship_minutes")},
    {NULL, NC_("column", "interview_date")},
    {NULL, NC_("column", "interview_notes")},
    {NULL, NC_("column", "items")},
    {NULL, NC_("column", "key")},
    {NULL, NC_("column", "key_pem")},
    {NULL, NC_("column", "kind")},
    {NULL, NC_("column", "last_date")},
    {NULL, NC_("column", "last_key")},
    {NULL, NC_("column", "last_login")},
    {NULL, NC_("column", "last_name")},
    {NULL, NC_("column", "last_seq")},
    {NULL, NC_("column", "last_visit")},
    {NULL, NC_("column", "lasted")},
    {NULL, NC_("column", "lasted_norm")},
    {NULL, NC_("column", "lasted_norm_met")},
    {NULL, NC_("column", "lasted_pct")},
    {NULL, NC_("column", "lasted_year_1")},
    {NULL, NC_("column", "lasted_year_2")},
    {NULL, NC_("column", "latitude")},
    {NULL, NC_("column", "law_breach")},
    {NULL, NC_("column", "law_breaches")},
    {NULL, NC_("column", "learning_activities")},
    {NULL, NC_("column", "leavers")},
    {NULL, NC_("column", "left_date")},
    {NULL, NC_("column", "left_on")},
    {NULL, NC_("column", "leg_km")},
    {NULL, NC_("column", "leren")},
    {NULL, NC_("column", "liability_insurer")},
    {NULL, NC_("column", "lift_kg")},
    {NULL, NC_("column", "limit_minutes")},
    {NULL, NC_("column", "line")},
    {NULL, NC_("column", "location")},
    {NULL, NC_("column", "location_id")},
    {NULL, NC_("column", "locations")},
    {NULL, NC_("column", "locked")},
    {NULL, NC_("column", "longitude")},
    {NULL, NC_("column", "mentor_agrees")},
    {NULL, NC_("column", "mentor_assessment")},
    {NULL, NC_("column", "mentor_id")},
    {NULL, NC_("column", "mentor_name")},
    {NULL, NC_("column", "message")},
    {NULL, NC_("column", "message_code")},
    {NULL, NC_("column", "minutes")},
    {NULL, NC_("column", "minutes_done")},
    {NULL, NC_("column", "minutes_required")},
    {NULL, NC_("column", "minutes_short")},
    {NULL, NC_("column", "minutes_worked")},
    {NULL, NC_("column", "missed_slots")},
    {NULL, NC_("column", "missing")},
    {NULL, NC_("column", "must_change_password")},
    {NULL, NC_("column", "name")},
    {NULL, NC_("column", "name_en")},
    {NULL, NC_("column", "name_nl")},
    {NULL, NC_("column", "name_prefix")},
    {NULL, NC_("column", "names")},
    {NULL, NC_("column", "newest")},
    {NULL, NC_("column", "next_due")},
    {NULL, NC_("column", "next_step")},
    {NULL, NC_("column", "norm_minutes")},
    {NULL, NC_("column", "not_after")},
    {NULL, NC_("column", "note")},
    {NULL, NC_("column", "notes")},
    {NULL, NC_("column", "nt2")},
    {NULL, NC_("column", "null_columns")},
    {NULL, NC_("column", "number")},
    {NULL, NC_("column", "offset")},
    {NULL, NC_("column", "on_track")},
    {NULL, NC_("column", "onderzoek")},
    {NULL, NC_("column", "one_time_password")},
    {NULL, NC_("column", "open")},
    {NULL, NC_("column", "operation")},
    {NULL, NC_("column", "order")},
    {NULL, NC_("column", "outcome")},
    {NULL, NC_("column", "outcomes")},
    {NULL, NC_("column", "overdue")},
    {NULL, NC_("column", "overnight")},
    {NULL, NC_("column", "overridden")},
    {NULL, NC_("column", "override_by")},
    {NULL, NC_("column", "override_by_name")},
    {NULL, NC_("column", "override_reason")},
    {NULL, NC_("column", "pages_done")},
    {NULL, NC_("column", "pages_total")},
    {NULL, NC_("column", "params")},
    {NULL, NC_("column", "parent_signature_required")},
    {NULL, NC_("column", "parents_agree")},
    {NULL, NC_("column", "partners")},
    {NULL, NC_("column", "party")},
    {NULL, NC_("column", "period")},
    {NULL, NC_("column", "persoonlijk")},
    {NULL, NC_("column", "pesticides")},
    {NULL, NC_("column", "placed")},
    {NULL, NC_("column", "placed_norm")},
    {NULL, NC_("column", "placed_norm_met")},
    {NULL, NC_("column", "placed_on_reference_date")},
    {NULL, NC_("column", "placed_pct")},
    {NULL, NC_("column", "placement_id")},
    {NULL, NC_("column", "placements")},
    {NULL, NC_("column", "places")},
    {NULL, NC_("column", "planned_minutes")},
    {NULL, NC_("column", "planned_start")},
    {NULL, NC_("column", "points")},
    {NULL, NC_("column", "portfolio")},
    {NULL, NC_("column", "portfolio_approved")},
    {NULL, NC_("column", "portfolio_complete")},
    {NULL, NC_("column", "portfolio_total")},
    {NULL, NC_("column", "preferences")},
    {NULL, NC_("column", "premium_payer")},
    {NULL, NC_("column", "present")},
    {NULL, NC_("column", "profile")},
    {NULL, NC_("column", "prohibited_for_minors")},
    {NULL, NC_("column", "projected_minutes")},
    {NULL, NC_("column", "protocol_version")},
    {NULL, NC_("column", "provisional_sector_1")},
    {NULL, NC_("column", "provisional_sector_2")},
    {NULL, NC_("column", "psychosocial_load")},
    {NULL, NC_("column", "push_pull_kgf")},
    {NULL, NC_("column", "rating")},
    {NULL, NC_("column", "ratings")},
    {NULL, NC_("column", "ready_for_individual")},
    {NULL, NC_("column", "reason")},
    {NULL, NC_("column", "reasons")},
    {NULL, NC_("column", "reasons_text")},
    {NULL, NC_("column", "recognised")},
    {NULL, NC_("column", "record_id")},
    {NULL, NC_("column", "recorded_at")},
    {NULL, NC_("column", "recorded_by")},
    {NULL, NC_("column", "recorded_by_id")},
    {NULL, NC_("column", "recorded_by_name")},
    {NULL, NC_("column", "recorded_minutes")},
    {NULL, NC_("column", "ref_id")},
    {NULL, NC_("column", "reference_date")},
    {NULL, NC_("column", "referral_partner_id")},
    {NULL, NC_("column", "referral_partner_name")},
    {NULL, NC_("column", "reflection")},
    {NULL, NC_("column", "registration_number")},
    {NULL, NC_("column", "remark")},
    {NULL, NC_("column", "remarks")},
    {NULL, NC_("column", "replaced_at")},
    {NULL, NC_("column", "replay_from")},
    {NULL, NC_("column", "reported_at")},
    {NULL, NC_("column", "reported_by")},
    {NULL, NC_("column", "reported_by_name")},
    {NULL, NC_("column", "reported_via")},
    {NULL, NC_("column", "result")},
    {NULL, NC_("column", "revises_id")},
    {NULL, NC_("column", "revoked_at")},
    {NULL, NC_("column", "risk_points")},
    {NULL, NC_("column", "risk_reasons")},
    {NULL, NC_("column", "risky")},
    {NULL, NC_("column", "role")},
    {NULL, NC_("column", "rows")},
    {NULL, NC_("column", "rule_id")},
    {NULL, NC_("column", "schedule")},
    {NULL, NC_("column", "school_name")},
    {NULL, NC_("column", "school_year")},
    {NULL, NC_("column", "school_years")},
    {NULL, NC_("column", "score")},
    {NULL, NC_("column", "scores")},
    {NULL, NC_("column", "sections")},
    {NULL, NC_("column", "sector")},
    {NULL, NC_("column", "sector_match")},
    {NULL, NC_("column", "sector_switch_date")},
    {NULL, NC_("column", "sectors")},
    {NULL, NC_("column", "self_ratings")},
    {NULL, NC_("column", "seq")},
    {NULL, NC_("column", "serial")},
    {NULL, NC_("column", "server_cap")},
    {NULL, NC_("column", "server_version")},
    {NULL, NC_("column", "sessions")},
    {NULL, NC_("column", "set_by_name")},
    {NULL, NC_("column", "sheltered")},
    {NULL, NC_("column", "signals")},
    {NULL, NC_("column", "signatures")},
    {NULL, NC_("column", "signed")},
    {NULL, NC_("column", "signed_at")},
    {NULL, NC_("column", "signed_by_supervisor")},
    {NULL, NC_("column", "signed_off_by_coach")},
    {NULL, NC_("column", "signed_up")},
    {NULL, NC_("column", "signer_name")},
    {NULL, NC_("column", "sociaal")},
    {NULL, NC_("column", "social_skills")},
    {NULL, NC_("column", "source")},
    {NULL, NC_("column", "start")},
    {NULL, NC_("column", "start_date")},
    {NULL, NC_("column", "started_at")},
    {NULL, NC_("column", "state")},
    {NULL, NC_("column", "status")},
    {NULL, NC_("column", "step_plan")},
    {NULL, NC_("column", "steps")},
    {NULL, NC_("column", "still_in_destination")},
    {NULL, NC_("column", "student")},
    {NULL, NC_("column", "student_id")},
    {NULL, NC_("column", "student_ids")},
    {NULL, NC_("column", "student_name")},
    {NULL, NC_("column", "student_names")},
    {NULL, NC_("column", "student_number")},
    {NULL, NC_("column", "student_reflection")},
    {NULL, NC_("column", "students")},
    {NULL, NC_("column", "suggestions")},
    {NULL, NC_("column", "summary")},
    {NULL, NC_("column", "sunday_ground")},
    {NULL, NC_("column", "superseded")},
    {NULL, NC_("column", "supervision_capacity")},
    {NULL, NC_("column", "supervision_split")},
    {NULL, NC_("column", "supervisor_id")},
    {NULL, NC_("column", "supervisor_name")},
    {NULL, NC_("column", "supervisor_signed_at")},
    {NULL, NC_("column", "support_coach_id")},
    {NULL, NC_("column", "support_coach_name")},
    {NULL, NC_("column", "support_need")},
    {NULL, NC_("column", "switched_to_sector")},
    {NULL, NC_("column", "table")},
    {NULL, NC_("column", "target_id")},
    {NULL, NC_("column", "target_name")},
    {NULL, NC_("column", "target_type")},
    {NULL, NC_("column", "tasks")},
    {NULL, NC_("column", "taster_internship")},
    {NULL, NC_("column", "teachers_advice")},
    {NULL, NC_("column", "text")},
    {NULL, NC_("column", "threshold")},
    {NULL, NC_("column", "title")},
    {NULL, NC_("column", "to_date")},
    {NULL, NC_("column", "token")},
    {NULL, NC_("column", "topic")},
    {NULL, NC_("column", "topics")},
    {NULL, NC_("column", "total")},
    {NULL, NC_("column", "total_km")},
    {NULL, NC_("column", "trainer")},
    {NULL, NC_("column", "training_enrolment_id")},
    {NULL, NC_("column", "trainings")},
    {NULL, NC_("column", "truncated")},
    {NULL, NC_("column", "unmet")},
    {NULL, NC_("column", "user")},
    {NULL, NC_("column", "user_id")},
    {NULL, NC_("column", "user_name")},
    {NULL, NC_("column", "username")},
    {NULL, NC_("column", "users")},
    {NULL, NC_("column", "value")},
    {NULL, NC_("column", "values")},
    {NULL, NC_("column", "verdict")},
    {NULL, NC_("column", "version")},
    {NULL, NC_("column", "violations")},
    {NULL, NC_("column", "visits")},
    {NULL, NC_("column", "warning")},
    {NULL, NC_("column", "warnings")},
    {NULL, NC_("column", "week_minutes_required")},
    {NULL, NC_("column", "week_start")},
    {NULL, NC_("column", "weekday")},
    {NULL, NC_("column", "weeks")},
    {NULL, NC_("column", "what")},
    {NULL, NC_("column", "with_whom")},
    {NULL, NC_("column", "within_cycling_distance")},
    {NULL, NC_("column", "work_attitude")},
    {NULL, NC_("column", "work_kind")},
    {NULL, NC_("column", "year_1")},
    {NULL, NC_("column", "year_2")},
    {NULL, NC_("column", "year_end")},
    {NULL, NC_("column", "year_start")},
    {NULL, NC_("column", "years")},
    /* kiosk3: KioskPinCheck */
    {NULL, NC_("column", "pin_set_at")},
    {NULL, NC_("column", "states")},
    {NULL, NC_("column", "usable")},
};

const char *wording_field_label(const ProtobufCMessageDescriptor *m, const char *field)
{
    const field_label *any = NULL;
    for (size_t i = 0; i < sizeof field_labels / sizeof field_labels[0]; i++) {
        if (strcmp(field_labels[i].field, field) != 0)
            continue;
        if (field_labels[i].m == m)
            return context_gettext(field_labels[i].context, field_labels[i].field);
        if (!field_labels[i].m && !any)
            any = &field_labels[i];
    }
    return any ? context_gettext(any->context, any->field) : NULL;
}
