/* Stagelijn rules. See rules.h for the contract and docs/rules.md for every number, its
 * source in the school's policy plan and the interpretations made where the plan is
 * unclear. */
#include "rules.h"

#include "messages.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ===================================================================================== */
/* Catalog                                                                               */
/* ===================================================================================== */

#define E RULE_ERROR
#define W RULE_WARNING

static const rules_rule_info catalog[] = {
    /* Readiness (plan 2.2, "Stage-oriëntatiegesprek en voorlopig advies") */
    {"READY_AGE_14", E, "The student must be at least 14 on the first day of the internship.",
     "Plan 2.2 voorlopig advies; 5.2 BIM"},
    {"READY_SOCIAL_SKILLS", W, "Social skills are not (yet) assessed as sufficient.",
     "Plan 2.2 voorlopig advies"},
    {"READY_WORK_ATTITUDE", W, "Learning/work attitude is not (yet) assessed as sufficient.",
     "Plan 2.2 voorlopig advies"},
    {"READY_TEACHERS_ADVICE", W,
     "The teachers involved (mentor included) have not (yet) given a positive advice.",
     "Plan 2.2 voorlopig advies"},
    {"READY_INTERNAL_INTERNSHIP", W, "The internal internship is not (yet) assessed positively.",
     "Plan 2.2 voorlopig advies"},
    {"READY_TASTER_INTERNSHIP", W, "The taster internship is not (yet) assessed positively.",
     "Plan 2.2 voorlopig advies"},
    {"READY_MENTOR_ASSESSMENT", W, "The mentor's assessment is not (yet) positive.",
     "Plan 2.2 voorlopig advies"},
    {"READY_NT2", W,
     "The student is still learning Dutch (NT2) and goes to the group internship first.",
     "Plan 2.2 oriëntatiefase, groepsstage"},

    /* Working time of minors (plan 5.2, table "Arbeids- en rusttijden") */
    {"LAW_MINOR_AGE_12_OR_YOUNGER", E,
     "Children aged 12 or younger may not do any internship work.", "Plan 5.2 table kinds of work"},
    {"LAW_MINOR_AGE_13", E,
     "At 13 only a community-service internship is allowed, not a vocational internship.",
     "Plan 5.2 BIM and table kinds of work"},
    {"LAW_MINOR_NIGHT_14_15", E, "A 14- or 15-year-old may not work between 19:00 and 07:00.",
     "Plan 5.2 table working time"},
    {"LAW_MINOR_NIGHT_16_17", E, "A 16- or 17-year-old may not work between 23:00 and 06:00.",
     "Plan 5.2 table working time"},
    {"LAW_MINOR_DAILY_REST_14_15", E,
     "A 14- or 15-year-old needs at least 14 hours of uninterrupted rest in every 24 hours.",
     "Plan 5.2 table working time"},
    {"LAW_MINOR_DAILY_REST_16_17", E,
     "A 16- or 17-year-old needs at least 12 hours of uninterrupted rest in every 24 hours.",
     "Plan 5.2 table working time"},
    {"LAW_MINOR_MAX_DAY_14_15", E, "A 14- or 15-year-old may work at most 7 hours a day.",
     "Plan 5.2 table working time"},
    {"LAW_MINOR_MAX_DAY_16_17", E, "A 16- or 17-year-old may work at most 9 hours a day.",
     "Plan 5.2 table working time"},
    {"LAW_MINOR_MAX_WEEK_14_15", E, "A 14- or 15-year-old may work at most 35 hours a week.",
     "Plan 5.2 table working time"},
    {"LAW_MINOR_MAX_WEEK_16_17", E, "A 16- or 17-year-old may work at most 45 hours a week.",
     "Plan 5.2 table working time"},
    {"LAW_MINOR_AVG_4_WEEKS_16_17", E,
     "A 16- or 17-year-old may work at most 40 hours a week on average over 4 weeks (160 h).",
     "Plan 5.2 table working time"},
    {"LAW_MINOR_BREAK_14_15", E,
     "A 14- or 15-year-old working more than 4.5 hours needs a break of at least 30 minutes "
     "in one piece.",
     "Plan 5.2 table working time"},
    {"LAW_MINOR_BREAK_16_17", E,
     "A 16- or 17-year-old working more than 4.5 hours needs at least 30 minutes of break "
     "(parts of at least 15 minutes).",
     "Plan 5.2 table working time"},
    {"LAW_MINOR_SUNDAY_14_15", E, "A 14- or 15-year-old may not work on Sunday.",
     "Plan 5.2 table working time"},
    {"LAW_MINOR_SUNDAY_16_17", E,
     "A 16- or 17-year-old may not work on Sunday unless the contract or CAO and the nature "
     "of the work require it.",
     "Plan 5.2 table working time, note ***"},

    /* Kinds of work (plan 5.2, table "soort arbeid" and notes) */
    {"LAW_WORK_PROHIBITED_MINOR", E, "This work is prohibited for anyone under 18.",
     "Plan 5.2 note ** (verboden arbeid)"},
    {"LAW_WORK_RISKY_14_15", E,
     "A 14- or 15-year-old may not do risky work (work with special requirements).",
     "Plan 5.2 table kinds of work"},
    {"LAW_WORK_RISKY_NO_EXPERT_SUPERVISION", E,
     "A 16- or 17-year-old may do risky work only under expert supervision.",
     "Plan 5.2 table kinds of work, note ***"},
    {"LAW_WORK_CASH_REGISTER_14_15", E,
     "Cash-register work is not light work and not allowed at 14 or 15.",
     "Plan 5.2 note ** (arbeid van lichte aard)"},
    {"LAW_WORK_LIFTING_14_15", E,
     "Lifting loads of 10 kg or more is not light work and not allowed at 14 or 15.",
     "Plan 5.2 note **"},
    {"LAW_WORK_PUSH_PULL_14_15", E,
     "Pushing or pulling with more than 20 kg of force is not light work and not allowed at "
     "14 or 15.",
     "Plan 5.2 note **"},
    {"LAW_WORK_PSYCHOSOCIAL_14_15", E,
     "Work with unavoidable psychosocial load (aggression, bullying, harassment, stress) is "
     "not allowed at 14 or 15.",
     "Plan 5.2 note **"},
    {"LAW_WORK_POSTURE_14_15", E,
     "Work without varied postures is not light work and not allowed at 14 or 15.",
     "Plan 5.2 note **"},
    {"LAW_WORK_PESTICIDE_14_15", E,
     "Work in crops within 14 days after pesticide or biocide use is not allowed at 14 or 15.",
     "Plan 5.2 note **"},
    {"LAW_SUPERVISOR_UNDER_18", E, "The workplace supervisor of a minor must be 18 or older.",
     "Plan 5.2 toezichthouder"},

    /* School norms (plan 2.2 per phase) */
    {"SCHOOL_Y3_DAYS_PER_WEEK", W, "Year 3 internships are 2 days a week.",
     "Plan 2.2 oriëntatiefase, individuele stage, duur"},
    {"SCHOOL_Y3_HOURS_PER_DAY", W,
     "Year 3 internship days are normally 5 hours (first) or 6 hours (second), breaks "
     "included.",
     "Plan 2.2 oriëntatiefase, individuele stage, duur"},
    {"SCHOOL_Y45_DAYS_PER_WEEK", W, "Year 4/5 internships are 3 days a week.",
     "Plan 2.2 verdiepingsfase, duur"},
    {"SCHOOL_Y45_HOURS_PER_DAY", W,
     "Year 4/5 internship days are normally 6 to 7 hours, breaks included.",
     "Plan 2.2 verdiepingsfase, duur"},
    {"SCHOOL_ENTREE_DAYS_PER_WEEK", W, "Entree internships are 3 days a week.",
     "Plan 2.2 Entree, duur"},
    {"SCHOOL_ENTREE_WEEK_HOURS", W, "An Entree student needs at least 21 internship hours a week.",
     "Plan 2.2 Entree, duur"},
    {"SCHOOL_ENTREE_BEHIND_650", W,
     "At 21 hours a week the Entree student will not reach 650 hours in time.",
     "Plan 2.2 Entree, duur; 3.4 uitval"},
    {"SCHOOL_GROUP_Y4_DROPOUT_DAYS", W,
     "Year 4/5 students who dropped out join the group internship on Thursday and Friday.",
     "Plan 3.4 uitval op stage"},
    {"SCHOOL_VISIT_OVERDUE", W, "The coach's visit to this intern is overdue.",
     "Plan 2.2 verloop van de stage; 3.4 zorgleerlingen"},
    /* trustdomain: the internal internship's norm (year 2) */
    {"SCHOOL_INTERNAL_DAYS_PER_WEEK", W, "The internal internship is 2 to 4 days a week.",
     "Plan 2.2 stagevoorbereiding, interne stage"},
    {"SCHOOL_INTERNAL_HOURS", W, "The internal internship runs from 09:50 to 14:00.",
     "Plan 2.2 stagevoorbereiding, interne stage"},

    /* School law (plan 5.1) */
    {"LAW_WVO32_COURSE_50", E,
     "Over the whole course internship hours may be at most 50% of the education hours.",
     "Plan 5.1 WVO art. 32(2)"},
    /* trustdomain: the course rule as a warning where hours are planned (the average is only
     * final when the course ends) */
    {"WVO32_COURSE_50_AT_RISK", W,
     "With these hours the internship would be more than 50% of the education hours of the "
     "course so far.",
     "Plan 5.1 WVO art. 32(2)"},
    {"LAW_WVO32_WEEK_80", E,
     "While partial compulsory schooling lasts, internship hours may be at most 80% of the "
     "week's education hours.",
     "Plan 5.1 WVO art. 32(2)"},
    {"LAW_CONTRACT_LEARNING_ACTIVITIES", E, "The contract must state the learning activities.",
     "Plan 5.1 WVO art. 35(2)a"},
    {"LAW_CONTRACT_LOCATIONS", E, "The contract must name at least one internship location.",
     "Plan 5.1 WVO art. 35(2)a, art. 34"},
    {"LAW_CONTRACT_DATES", E, "The contract must have a start date and an end date after it.",
     "Plan 5.1 WVO art. 35(2)b"},
    {"LAW_CONTRACT_WEEKLY_TIMES", E, "The contract must state the times of the internship.",
     "Plan 5.1 WVO art. 35(2)b"},
    {"LAW_CONTRACT_SUPERVISION", E,
     "The contract must state how supervision is split between the coach and the company.",
     "Plan 5.1 WVO art. 35(2)c"},
    {"LAW_CONTRACT_ASSESSMENT", E,
     "The contract must state how the company takes part in assessing the student.",
     "Plan 5.1 WVO art. 35(2)d"},
    {"LAW_CONTRACT_INSPECTION", E,
     "The contract must contain an arrangement for supervision by the inspectorate.",
     "Plan 5.1 WVO art. 35(2)e"},
    {"LAW_CONTRACT_INSURANCE", E,
     "The contract must state who insures accidents and liability and who pays the premium.",
     "Plan 5.1 WVO art. 35(3)"},
    {"LAW_CONTRACT_SIGNATURE_SCHOOL", E, "The school has not signed the contract.",
     "Plan 5.1 WVO art. 35(1)"},
    {"LAW_CONTRACT_SIGNATURE_COMPANY", E, "The company has not signed the contract.",
     "Plan 5.1 WVO art. 35(1)"},
    {"LAW_CONTRACT_SIGNATURE_STUDENT", E, "The student has not signed the contract.",
     "Plan 5.1 WVO art. 35(1)"},
    {"LAW_CONTRACT_SIGNATURE_PARENT", E,
     "The student is a minor: a parent or guardian must sign the contract.",
     "Plan 5.1 WVO art. 35(4)"},

    /* Capacity and Entree */
    {"CAP_GROUP_DAYPART_FULL", E, "The group internship is full for this day part.",
     "Plan 2.2 oriëntatiefase, groepsstage (5 per dagdeel)"},
    {"ENTREE_RECOGNISED_COMPANY", E,
     "An Entree internship must be at a recognised training company (erkend leerbedrijf).",
     "Plan 2.2 Entree"},
    {"ENTREE_PRIOR_INTERNSHIPS", W,
     "An Entree student must have completed earlier internships positively.",
     "Plan 2.2 Entree, stageprocedure"},
    {"ENTREE_EXAM_INTERNSHIP_NOT_PASSED", E,
     "The practical exam needs an internship completed with a pass.",
     "Plan 2.2 Entree, verloop van stage"},
    {"ENTREE_EXAM_HOURS_650", E, "The practical exam needs at least 650 internship/work hours.",
     "Plan 2.2 Entree, duur and verloop van stage"},

    /* Errors in the input itself */
    {"INPUT_INVALID_DATE", E, "A date is missing or not a valid calendar date.", "-"},
    {"INPUT_INVALID_WORK_DAY", E,
     "A work day has invalid times (start before end, within 00:00-24:00, breaks shorter "
     "than the day).",
     "-"},
    {"INPUT_DUPLICATE_DATE", E, "A date appears more than once; give one entry per day.", "-"},
    {"INPUT_TOO_MANY_DAYS", E, "Too many work days in one check.", "-"},
    {"INPUT_INVALID_HOURS", E, "Hours must not be negative and education hours must be positive.",
     "-"},
};

#undef E
#undef W

const rules_rule_info *rules_catalog(size_t *count)
{
    if (count)
        *count = sizeof catalog / sizeof catalog[0];
    return catalog;
}

const rules_rule_info *rules_lookup(const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < sizeof catalog / sizeof catalog[0]; i++)
        if (strcmp(catalog[i].id, id) == 0)
            return &catalog[i];
    return NULL;
}

/* ===================================================================================== */
/* Report                                                                                */
/* ===================================================================================== */

void rules_report_init(rule_report *r)
{
    if (r)
        memset(r, 0, sizeof *r);
}

static rule_violation *report_find_mut(rule_report *r, const char *id)
{
    for (int i = 0; i < r->count; i++)
        if (strcmp(r->items[i].id, id) == 0)
            return &r->items[i];
    return NULL;
}

static void append(char *buf, size_t size, size_t *len, const char *s)
{
    while (*s && *len + 1 < size)
        buf[(*len)++] = *s++;
    buf[*len] = '\0';
}

/* The slot for a new result of `id`, or NULL when id was found before (counted) or the
 * report is full (counted as dropped). */
static rule_violation *report_slot(rule_report *r, const char *id)
{
    rule_violation *existing = report_find_mut(r, id);
    if (existing) {
        existing->occurrences++;
        return NULL;
    }

    const rules_rule_info *info = rules_lookup(id);
    rule_severity sev = info ? info->severity : RULE_ERROR;
    if (sev == RULE_ERROR)
        r->errors++;
    else
        r->warnings++;

    rule_violation *slot = NULL;
    if (r->count < RULE_REPORT_CAPACITY) {
        slot = &r->items[r->count++];
    } else if (sev == RULE_ERROR) {
        /* A refusal must never be hidden behind warnings: push out the newest warning. */
        for (int i = r->count - 1; i >= 0 && !slot; i--)
            if (r->items[i].severity == RULE_WARNING)
                slot = &r->items[i];
        r->dropped++;
    } else {
        r->dropped++;
    }
    if (!slot)
        return NULL;
    memset(slot, 0, sizeof *slot);
    slot->id = info ? info->id : id;
    slot->severity = sev;
    slot->occurrences = 1;
    return slot;
}

/* The message: the rule's summary, then the details in brackets. Truncation is acceptable
 * here: the id carries the meaning, the text is for people. */
static void slot_message(rule_violation *slot, const char *detail)
{
    const rules_rule_info *info = rules_lookup(slot->id);
    size_t len = 0;
    slot->message[0] = '\0';
    append(slot->message, sizeof slot->message, &len, info ? info->summary : slot->id);
    if (detail[0]) {
        append(slot->message, sizeof slot->message, &len, " (");
        append(slot->message, sizeof slot->message, &len, detail);
        append(slot->message, sizeof slot->message, &len, ")");
    }
}

void rules_report_add(rule_report *r, const char *id, const char *detail_fmt, ...)
{
    if (!r || !id)
        return;
    rule_violation *slot = report_slot(r, id);
    if (!slot)
        return;
    char detail[RULE_MESSAGE_MAX] = "";
    if (detail_fmt) {
        va_list ap;
        va_start(ap, detail_fmt);
        vsnprintf(detail, sizeof detail, detail_fmt, ap);
        va_end(ap);
    }
    slot_message(slot, detail);
}

void rules_report_detail(rule_report *r, const char *id, const char *code, const char *fmt, ...)
{
    if (!r || !id)
        return;
    rule_violation *slot = report_slot(r, id);
    if (!slot)
        return;
    char params[SL_MESSAGE_MAX_PARAMS][SL_MESSAGE_PARAM_LEN];
    va_list ap;
    va_start(ap, fmt);
    int n = sl_message_params(fmt, ap, params);
    va_end(ap);
    const sl_message *m = sl_message_find(code);
    const char *shown[SL_MESSAGE_MAX_PARAMS];
    for (int i = 0; i < n; i++)
        shown[i] = params[i];
    char detail[RULE_MESSAGE_MAX] = "";
    if (n >= 0 && m) {
        sl_message_english(m, shown, (size_t)n, detail, sizeof detail);
        slot->detail_code = m->code;
        slot->n_detail_params = n < RULE_DETAIL_PARAMS ? n : RULE_DETAIL_PARAMS;
        for (int i = 0; i < slot->n_detail_params; i++)
            snprintf(slot->detail_params[i], RULE_DETAIL_PARAM_LEN, "%.*s",
                     RULE_DETAIL_PARAM_LEN - 1, params[i]);
    } else if (n >= 0) {
        sl_message_render(fmt, shown, (size_t)n, detail, sizeof detail);
    }
    slot_message(slot, detail);
}

const rule_violation *rules_report_find(const rule_report *r, const char *id)
{
    if (!r || !id)
        return NULL;
    for (int i = 0; i < r->count; i++)
        if (strcmp(r->items[i].id, id) == 0)
            return &r->items[i];
    return NULL;
}

bool rules_report_has(const rule_report *r, const char *id)
{
    return rules_report_find(r, id) != NULL;
}

bool rules_report_has_errors(const rule_report *r)
{
    return r && r->errors > 0;
}

/* ===================================================================================== */
/* Dates                                                                                 */
/* ===================================================================================== */

bool rules_date_is_leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int rules_date_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && rules_date_is_leap_year(y) ? 29 : days[m - 1];
}

bool rules_date_valid(rules_date d)
{
    return d.y >= 1 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
           d.d <= rules_date_days_in_month(d.y, d.m);
}

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar. */
long rules_date_to_days(rules_date dt)
{
    long y = (long)dt.y - (dt.m <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long mp = (dt.m + 9) % 12;
    long doy = (153 * mp + 2) / 5 + dt.d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

rules_date rules_date_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    rules_date out;
    out.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    out.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    out.y = (int)(yoe + era * 400 + (out.m <= 2));
    return out;
}

int rules_date_compare(rules_date a, rules_date b)
{
    if (a.y != b.y)
        return a.y < b.y ? -1 : 1;
    if (a.m != b.m)
        return a.m < b.m ? -1 : 1;
    if (a.d != b.d)
        return a.d < b.d ? -1 : 1;
    return 0;
}

long rules_date_days_between(rules_date from, rules_date to)
{
    return rules_date_to_days(to) - rules_date_to_days(from);
}

rules_date rules_date_add_days(rules_date d, long n)
{
    return rules_date_from_days(rules_date_to_days(d) + n);
}

rules_date rules_date_add_months(rules_date d, int n)
{
    long total = (long)d.y * 12 + (d.m - 1) + n;
    rules_date out;
    out.y = (int)(total / 12);
    out.m = (int)(total % 12) + 1;
    int last = rules_date_days_in_month(out.y, out.m);
    out.d = d.d > last ? last : d.d;
    return out;
}

static int weekday_of_days(long days)
{
    /* 1970-01-01 was a Thursday (ISO 4). */
    long w = (days + 3) % 7;
    if (w < 0)
        w += 7;
    return (int)w + 1;
}

int rules_date_weekday(rules_date d)
{
    return weekday_of_days(rules_date_to_days(d));
}

rules_date rules_date_week_monday(rules_date d)
{
    return rules_date_add_days(d, -(rules_date_weekday(d) - 1));
}

int rules_date_age_on(rules_date birth, rules_date on)
{
    if (!rules_date_valid(birth) || !rules_date_valid(on) || rules_date_compare(on, birth) < 0)
        return -1;
    int age = on.y - birth.y;
    /* Comparing (month, day) gives 1 March as the birthday of someone born on 29 February
     * in common years, which is the Dutch civil reading and also the stricter one for
     * every minimum age below. */
    if (on.m < birth.m || (on.m == birth.m && on.d < birth.d))
        age--;
    return age;
}

/* Detail strings only; the buffers are generous so that no format can truncate. */
typedef struct {
    char s[48];
} text48;

static text48 fmt_date(rules_date d)
{
    text48 t;
    snprintf(t.s, sizeof t.s, "%04d-%02d-%02d", d.y, d.m, d.d);
    return t;
}

static text48 fmt_clock(int minutes)
{
    text48 t;
    snprintf(t.s, sizeof t.s, "%02d:%02d", minutes / 60, minutes % 60);
    return t;
}

static bool blank(const char *s)
{
    if (!s)
        return true;
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

/* ===================================================================================== */
/* 1. Readiness                                                                          */
/* ===================================================================================== */

rules_advice rules_readiness_advice(const rules_readiness_input *in, rule_report *unmet)
{
    rule_report local;
    rule_report *r = unmet ? unmet : &local;
    if (!unmet)
        rules_report_init(&local);
    if (!in) {
        rules_report_detail(r, "INPUT_INVALID_DATE", DET_NO_READINESS_DATA);
        return RULES_ADVICE_GROUP;
    }
    int before_errors = r->errors, before_warnings = r->warnings;

    int age = rules_date_age_on(in->birth, in->internship_start);
    if (age < 0)
        rules_report_detail(r, "READY_AGE_14", DET_BIRTH_OR_START_UNKNOWN);
    else if (age < 14)
        rules_report_detail(r, "READY_AGE_14", DET_AGED_ON, age, fmt_date(in->internship_start).s);

    const struct {
        rules_assessment value;
        const char *id;
    } criteria[] = {
        {in->social_skills, "READY_SOCIAL_SKILLS"},
        {in->work_attitude, "READY_WORK_ATTITUDE"},
        {in->teachers_advice, "READY_TEACHERS_ADVICE"},
        {in->internal_internship, "READY_INTERNAL_INTERNSHIP"},
        {in->taster_internship, "READY_TASTER_INTERNSHIP"},
        {in->mentor_assessment, "READY_MENTOR_ASSESSMENT"},
    };
    for (size_t i = 0; i < sizeof criteria / sizeof criteria[0]; i++) {
        if (criteria[i].value == RULES_ASSESS_MISSING)
            rules_report_detail(r, criteria[i].id, DET_NOT_YET_ASSESSED);
        else if (criteria[i].value != RULES_ASSESS_POSITIVE)
            rules_report_add(r, criteria[i].id, NULL);
    }
    if (in->nt2_not_fluent)
        rules_report_add(r, "READY_NT2", NULL);

    bool all_met = r->errors == before_errors && r->warnings == before_warnings;
    return all_met ? RULES_ADVICE_INDIVIDUAL : RULES_ADVICE_GROUP;
}

bool rules_readiness_overridable(const rule_report *unmet)
{
    if (!unmet)
        return true;
    for (int i = 0; i < unmet->count; i++)
        if (unmet->items[i].severity == RULE_ERROR)
            return false;
    /* An error that did not fit in the report still forbids the override. */
    return unmet->errors == 0;
}

/* ===================================================================================== */
/* 2. Working time of minors                                                             */
/* ===================================================================================== */

#define DAY_MINUTES 1440

typedef struct {
    int min_age, max_age;
    int daily_rest;     /* minutes of uninterrupted rest in every 24 hours */
    int earliest_start; /* the night ends */
    int latest_end;     /* the night begins */
    int max_day;
    int max_week;
    int max_4_weeks; /* 0: no such rule */
    int break_after; /* a break is needed when working MORE than this */
    int min_break;
    int min_break_part; /* smallest part that counts; == min_break: in one piece */
    bool sunday_exception;
    const char *id_rest, *id_night, *id_day, *id_week, *id_4_weeks, *id_break, *id_sunday;
} minor_band;

/* The plan's table "Arbeids- en rusttijden", vocational internship columns. */
static const minor_band minor_bands[] = {
    {14, 15, 14 * 60, 7 * 60, 19 * 60, 7 * 60, 35 * 60, 0, 270, 30, 30, false,
     "LAW_MINOR_DAILY_REST_14_15", "LAW_MINOR_NIGHT_14_15", "LAW_MINOR_MAX_DAY_14_15",
     "LAW_MINOR_MAX_WEEK_14_15", NULL, "LAW_MINOR_BREAK_14_15", "LAW_MINOR_SUNDAY_14_15"},
    {16, 17, 12 * 60, 6 * 60, 23 * 60, 9 * 60, 45 * 60, 4 * 40 * 60, 270, 30, 15, true,
     "LAW_MINOR_DAILY_REST_16_17", "LAW_MINOR_NIGHT_16_17", "LAW_MINOR_MAX_DAY_16_17",
     "LAW_MINOR_MAX_WEEK_16_17", "LAW_MINOR_AVG_4_WEEKS_16_17", "LAW_MINOR_BREAK_16_17",
     "LAW_MINOR_SUNDAY_16_17"},
};

static const minor_band *band_for_age(int age)
{
    for (size_t i = 0; i < sizeof minor_bands / sizeof minor_bands[0]; i++)
        if (age >= minor_bands[i].min_age && age <= minor_bands[i].max_age)
            return &minor_bands[i];
    return NULL;
}

static int break_sum(const rules_work_day *d, int min_part)
{
    int sum = 0;
    for (int i = 0; i < d->n_break_parts; i++)
        if (d->break_parts[i] >= min_part)
            sum += d->break_parts[i];
    return sum;
}

static bool work_day_valid(const rules_work_day *d)
{
    if (!rules_date_valid(d->date))
        return false;
    if (d->start_min < 0 || d->end_min > DAY_MINUTES || d->start_min >= d->end_min)
        return false;
    if (d->n_break_parts < 0 || d->n_break_parts > RULES_MAX_BREAK_PARTS)
        return false;
    for (int i = 0; i < d->n_break_parts; i++)
        if (d->break_parts[i] < 0)
            return false;
    return break_sum(d, 0) < d->end_min - d->start_min;
}

int rules_worked_minutes(const rules_work_day *d)
{
    if (!d || !work_day_valid(d))
        return 0;
    return d->end_min - d->start_min - break_sum(d, 0);
}

/* Per-day facts computed once, so the week and rest checks stay simple loops. */
typedef struct {
    bool usable;
    int age;
    long day; /* days since epoch */
    long monday;
    int worked;
    const minor_band *band;
} day_facts;

static void check_day(const rules_work_schedule *s, const day_facts *f, size_t i, rule_report *r)
{
    const rules_work_day *d = &s->days[i];
    const minor_band *b = f[i].band;
    text48 date = fmt_date(d->date);

    if (d->start_min < b->earliest_start || d->end_min > b->latest_end)
        rules_report_detail(r, b->id_night, DET_DAY_CLOCK, date.s, fmt_clock(d->start_min).s,
                            fmt_clock(d->end_min).s);

    if (f[i].worked > b->max_day)
        rules_report_detail(r, b->id_day, DET_DAY_WORKED, date.s, (long)(f[i].worked));

    if (f[i].worked > b->break_after && break_sum(d, b->min_break_part) < b->min_break)
        rules_report_detail(r, b->id_break, DET_DAY_NO_BREAK, date.s, (long)(f[i].worked));

    bool sunday_ok = s->sunday_work_permitted || d->sunday_work_permitted;
    if (rules_date_weekday(d->date) == 7 && !(b->sunday_exception && sunday_ok))
        rules_report_detail(r, b->id_sunday, DET_DATE, date.s);

    /* Rest is measured in the 24 hours from the start of this day's work; only the next
     * calendar day's work can fall inside that window because no work crosses midnight. */
    long win_start = f[i].day * DAY_MINUTES + d->start_min;
    long win_end = win_start + DAY_MINUTES;
    long end_abs = f[i].day * DAY_MINUTES + d->end_min;
    long longest = win_end - end_abs;
    for (size_t j = 0; j < s->n_days; j++) {
        if (!f[j].usable || f[j].day != f[i].day + 1)
            continue;
        long next_start = f[j].day * DAY_MINUTES + s->days[j].start_min;
        long next_end = f[j].day * DAY_MINUTES + s->days[j].end_min;
        if (next_start >= win_end)
            break;
        longest = next_start - end_abs;
        long tail = win_end - (next_end < win_end ? next_end : win_end);
        if (tail > longest)
            longest = tail;
        break;
    }
    if (longest < b->daily_rest)
        rules_report_detail(r, b->id_rest, DET_DAY_REST, date.s, (long)(longest));
}

static void check_weeks(const rules_work_schedule *s, const day_facts *f, rule_report *r)
{
    for (size_t i = 0; i < s->n_days; i++) {
        if (!f[i].usable || !f[i].band)
            continue;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = f[j].usable && f[j].band && f[j].monday == f[i].monday;
        if (seen)
            continue;

        /* A week that straddles a birthday gets the stricter limit of the younger age. */
        const minor_band *b = f[i].band;
        long sum = 0;
        for (size_t k = 0; k < s->n_days; k++) {
            if (!f[k].usable || f[k].monday != f[i].monday)
                continue;
            sum += f[k].worked;
            if (f[k].band && f[k].band->max_week < b->max_week)
                b = f[k].band;
        }
        if (sum > b->max_week)
            rules_report_detail(r, b->id_week, DET_WEEK_WORKED,
                                fmt_date(rules_date_from_days(f[i].monday)).s, (long)(sum));
    }

    /* Every run of 4 consecutive ISO weeks containing a day worked at 16 or 17. */
    for (size_t i = 0; i < s->n_days; i++) {
        if (!f[i].usable || !f[i].band || !f[i].band->max_4_weeks)
            continue;
        const minor_band *b = f[i].band;
        for (int o = 0; o < 4; o++) {
            long first = f[i].monday - 7L * o;
            long last = first + 21;
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++)
                seen = f[j].usable && f[j].band && f[j].band->max_4_weeks && f[j].monday >= first &&
                       f[j].monday <= last;
            if (seen)
                continue;
            long sum = 0;
            for (size_t k = 0; k < s->n_days; k++)
                if (f[k].usable && f[k].monday >= first && f[k].monday <= last)
                    sum += f[k].worked;
            if (sum > b->max_4_weeks)
                rules_report_detail(r, b->id_4_weeks, DET_4_WEEKS_WORKED,
                                    fmt_date(rules_date_from_days(first)).s, (long)(sum));
        }
    }
}

void rules_check_working_time(const rules_work_schedule *s, rule_report *r)
{
    if (!s || !r)
        return;
    if (!rules_date_valid(s->birth)) {
        rules_report_detail(r, "INPUT_INVALID_DATE", DET_DATE_OF_BIRTH);
        return;
    }
    if (s->n_days == 0)
        return;
    if (!s->days) {
        rules_report_detail(r, "INPUT_INVALID_WORK_DAY", DET_NO_DAYS);
        return;
    }
    if (s->n_days > RULES_MAX_WORK_DAYS) {
        rules_report_detail(r, "INPUT_TOO_MANY_DAYS", DET_AT_MOST_DAYS, RULES_MAX_WORK_DAYS);
        return;
    }

    day_facts f[RULES_MAX_WORK_DAYS];
    for (size_t i = 0; i < s->n_days; i++) {
        const rules_work_day *d = &s->days[i];
        memset(&f[i], 0, sizeof f[i]);
        if (!work_day_valid(d)) {
            rules_report_detail(r, "INPUT_INVALID_WORK_DAY", DET_ENTRY, i + 1);
            continue;
        }
        f[i].age = rules_date_age_on(s->birth, d->date);
        if (f[i].age < 0) {
            rules_report_detail(r, "INPUT_INVALID_DATE", DET_BEFORE_BIRTH, fmt_date(d->date).s);
            continue;
        }
        f[i].day = rules_date_to_days(d->date);
        bool dup = false;
        for (size_t j = 0; j < i && !dup; j++)
            dup = f[j].usable && f[j].day == f[i].day;
        if (dup) {
            rules_report_detail(r, "INPUT_DUPLICATE_DATE", DET_DATE, fmt_date(d->date).s);
            continue;
        }
        f[i].usable = true;
        f[i].monday = f[i].day - (weekday_of_days(f[i].day) - 1);
        f[i].worked = rules_worked_minutes(d);
        f[i].band = band_for_age(f[i].age);
    }

    for (size_t i = 0; i < s->n_days; i++) {
        if (!f[i].usable)
            continue;
        text48 date = fmt_date(s->days[i].date);
        if (f[i].age <= 12)
            rules_report_detail(r, "LAW_MINOR_AGE_12_OR_YOUNGER", DET_AGED_ON, f[i].age, date.s);
        else if (f[i].age == 13)
            rules_report_detail(r, "LAW_MINOR_AGE_13", DET_ON_DATE, date.s);
        else if (f[i].band)
            check_day(s, f, i, r);
    }
    check_weeks(s, f, r);
}

/* Recorded hours carry minutes per date and, when recorded, the breaks: no clock times, so
 * the night and rest rules cannot be judged from them (the planned schedule covers those). */
void rules_check_recorded_days(rules_date birth, const rules_recorded_day *days, size_t n,
                               rule_report *r)
{
    if (!r)
        return;
    if (!rules_date_valid(birth)) {
        rules_report_detail(r, "INPUT_INVALID_DATE", DET_DATE_OF_BIRTH);
        return;
    }
    if (n == 0)
        return;
    if (!days) {
        rules_report_detail(r, "INPUT_INVALID_WORK_DAY", DET_NO_DAYS);
        return;
    }
    if (n > RULES_MAX_WORK_DAYS) {
        rules_report_detail(r, "INPUT_TOO_MANY_DAYS", DET_AT_MOST_DAYS, RULES_MAX_WORK_DAYS);
        return;
    }

    day_facts f[RULES_MAX_WORK_DAYS];
    for (size_t i = 0; i < n; i++) {
        const rules_recorded_day *d = &days[i];
        memset(&f[i], 0, sizeof f[i]);
        if (!rules_date_valid(d->date)) {
            rules_report_detail(r, "INPUT_INVALID_DATE", DET_ENTRY, i + 1);
            continue;
        }
        bool parts_ok = !d->breaks_recorded ||
                        (d->n_break_parts >= 0 && d->n_break_parts <= RULES_MAX_BREAK_PARTS);
        for (int k = 0; parts_ok && d->breaks_recorded && k < d->n_break_parts; k++)
            parts_ok = d->break_parts[k] >= 0 && d->break_parts[k] <= DAY_MINUTES;
        if (d->minutes < 0 || d->minutes > DAY_MINUTES || !parts_ok) {
            rules_report_detail(r, "INPUT_INVALID_WORK_DAY", DET_DAY_MINUTES, fmt_date(d->date).s,
                                d->minutes);
            continue;
        }
        f[i].age = rules_date_age_on(birth, d->date);
        if (f[i].age < 0) {
            rules_report_detail(r, "INPUT_INVALID_DATE", DET_BEFORE_BIRTH, fmt_date(d->date).s);
            continue;
        }
        f[i].day = rules_date_to_days(d->date);
        bool dup = false;
        for (size_t j = 0; j < i && !dup; j++)
            dup = f[j].usable && f[j].day == f[i].day;
        if (dup) {
            rules_report_detail(r, "INPUT_DUPLICATE_DATE", DET_DATE, fmt_date(d->date).s);
            continue;
        }
        /* A date with no minutes is a day not worked: it breaks no rule. */
        if (d->minutes == 0)
            continue;
        f[i].usable = true;
        f[i].monday = f[i].day - (weekday_of_days(f[i].day) - 1);
        f[i].worked = d->minutes;
        f[i].band = band_for_age(f[i].age);
    }

    for (size_t i = 0; i < n; i++) {
        if (!f[i].usable)
            continue;
        const rules_recorded_day *d = &days[i];
        text48 date = fmt_date(d->date);
        const minor_band *b = f[i].band;
        if (f[i].age <= 12) {
            rules_report_detail(r, "LAW_MINOR_AGE_12_OR_YOUNGER", DET_AGED_ON, f[i].age, date.s);
        } else if (f[i].age == 13) {
            rules_report_detail(r, "LAW_MINOR_AGE_13", DET_ON_DATE, date.s);
        } else if (b) {
            if (f[i].worked > b->max_day)
                rules_report_detail(r, b->id_day, DET_DAY_WORKED, date.s, (long)(f[i].worked));
            if (d->breaks_recorded && f[i].worked > b->break_after) {
                int qualifying = 0;
                for (int k = 0; k < d->n_break_parts; k++)
                    if (d->break_parts[k] >= b->min_break_part)
                        qualifying += d->break_parts[k];
                if (qualifying < b->min_break)
                    rules_report_detail(r, b->id_break, DET_DAY_NO_BREAK, date.s,
                                        (long)(f[i].worked));
            }
            if (weekday_of_days(f[i].day) == 7 &&
                !(b->sunday_exception && d->sunday_work_permitted))
                rules_report_detail(r, b->id_sunday, DET_DATE, date.s);
        }
    }
    /* The week and 4-week sums only read the facts, so the planned-schedule code serves. */
    rules_work_schedule s = {.birth = birth, .days = NULL, .n_days = n};
    check_weeks(&s, f, r);
}

/* rules (issue 8): clocked shifts carry clock times, so the night rule is judged on them. */
void rules_check_night(rules_date birth, const rules_work_day *shifts, size_t n, rule_report *r)
{
    if (!r || !shifts || !rules_date_valid(birth))
        return;
    for (size_t i = 0; i < n; i++) {
        const rules_work_day *d = &shifts[i];
        if (!rules_date_valid(d->date) || d->start_min < 0 || d->end_min > DAY_MINUTES ||
            d->start_min >= d->end_min)
            continue;
        const minor_band *b = band_for_age(rules_date_age_on(birth, d->date));
        if (b && (d->start_min < b->earliest_start || d->end_min > b->latest_end))
            rules_report_detail(r, b->id_night, DET_DAY_CLOCK, fmt_date(d->date).s,
                                fmt_clock(d->start_min).s, fmt_clock(d->end_min).s);
    }
}

/* rules (issue 8): the daily rest on clocked shifts, measured as for planned days: in the 24
 * hours from the start of a day's first shift, the longest stretch without work. */
void rules_check_rest_on_shifts(rules_date birth, const rules_work_day *shifts, size_t n,
                                rule_report *r)
{
    if (!r || !shifts || !rules_date_valid(birth))
        return;
    for (size_t i = 0; i < n; i++) {
        const rules_work_day *d = &shifts[i];
        if (!rules_date_valid(d->date) || d->start_min < 0 || d->end_min > DAY_MINUTES ||
            d->start_min >= d->end_min)
            continue;
        bool first_of_day = true;
        for (size_t j = 0; j < i && first_of_day; j++)
            first_of_day = rules_date_compare(shifts[j].date, d->date) != 0;
        const minor_band *b = band_for_age(rules_date_age_on(birth, d->date));
        if (!first_of_day || !b)
            continue;
        long start = rules_date_to_days(d->date) * DAY_MINUTES + d->start_min;
        long win_end = start + DAY_MINUTES, busy_until = start, longest = 0;
        for (size_t k = i; k < n; k++) {
            const rules_work_day *w = &shifts[k];
            if (!rules_date_valid(w->date) || w->start_min >= w->end_min)
                continue;
            long s = rules_date_to_days(w->date) * DAY_MINUTES + w->start_min;
            long e = rules_date_to_days(w->date) * DAY_MINUTES + w->end_min;
            if (s >= win_end)
                break;
            if (s > busy_until && s - busy_until > longest)
                longest = s - busy_until;
            if (e > busy_until)
                busy_until = e < win_end ? e : win_end;
        }
        if (win_end - busy_until > longest)
            longest = win_end - busy_until;
        if (longest < b->daily_rest)
            rules_report_detail(r, b->id_rest, DET_DAY_REST, fmt_date(d->date).s, longest);
    }
}

/* Minutes alone: nothing says the contract or CAO permits Sunday work, no breaks known. */
void rules_check_recorded_minutes(rules_date birth, const rules_date *dates, const int *minutes,
                                  size_t n, rule_report *r)
{
    if (!r)
        return;
    if (n > 0 && (!dates || !minutes)) {
        rules_report_detail(r, "INPUT_INVALID_WORK_DAY", DET_NO_DAYS);
        return;
    }
    if (n > RULES_MAX_WORK_DAYS) {
        rules_report_detail(r, "INPUT_TOO_MANY_DAYS", DET_AT_MOST_DAYS, RULES_MAX_WORK_DAYS);
        return;
    }
    rules_recorded_day days[RULES_MAX_WORK_DAYS];
    for (size_t i = 0; i < n; i++)
        days[i] = (rules_recorded_day){.date = dates[i], .minutes = minutes[i]};
    rules_check_recorded_days(birth, days, n, r);
}

/* ===================================================================================== */
/* 3. Kinds of work                                                                      */
/* ===================================================================================== */

#define LIGHT_MAX_LIFT_KG 9        /* lifting 10 kg or more is not light work */
#define LIGHT_MAX_PUSH_PULL_KGF 20 /* more than 20 kg of force is not light work */
#define PESTICIDE_DAYS 14

void rules_check_work_kind(const rules_work_kind_check *c, rule_report *r)
{
    if (!c || !r)
        return;
    int age = rules_date_age_on(c->birth, c->on);
    if (age < 0) {
        rules_report_detail(r, "INPUT_INVALID_DATE", DET_BIRTH_OR_WORK_DATE);
        return;
    }
    if (age >= 18)
        return;
    if (age <= 12) {
        rules_report_detail(r, "LAW_MINOR_AGE_12_OR_YOUNGER", DET_AGED, age);
        return;
    }
    if (age == 13) {
        rules_report_add(r, "LAW_MINOR_AGE_13", NULL);
        return;
    }

    const rules_work_kind *w = &c->work;
    if (w->prohibited_for_minors)
        rules_report_detail(r, "LAW_WORK_PROHIBITED_MINOR", DET_AGED, age);

    if (age <= 15) {
        if (w->special_requirements)
            rules_report_detail(r, "LAW_WORK_RISKY_14_15", DET_AGED, age);
        if (w->cash_register)
            rules_report_add(r, "LAW_WORK_CASH_REGISTER_14_15", NULL);
        if (w->lift_kg > LIGHT_MAX_LIFT_KG)
            rules_report_detail(r, "LAW_WORK_LIFTING_14_15", DET_KG, w->lift_kg);
        if (w->push_pull_kgf > LIGHT_MAX_PUSH_PULL_KGF)
            rules_report_detail(r, "LAW_WORK_PUSH_PULL_14_15", DET_KG_FORCE, w->push_pull_kgf);
        if (w->psychosocial_load)
            rules_report_add(r, "LAW_WORK_PSYCHOSOCIAL_14_15", NULL);
        if (w->no_varied_postures)
            rules_report_add(r, "LAW_WORK_POSTURE_14_15", NULL);
        /* Day granularity: on day 14 fewer than 14 x 24 hours may have passed since a
         * spraying late on day 0, so work is allowed from day 15. */
        if (w->days_since_pesticide >= 0 && w->days_since_pesticide <= PESTICIDE_DAYS &&
            !w->pesticide_term_waived)
            rules_report_detail(r, "LAW_WORK_PESTICIDE_14_15", DET_DAYS_AFTER_USE,
                                w->days_since_pesticide);
    } else if (w->special_requirements && !c->expert_supervision) {
        rules_report_detail(r, "LAW_WORK_RISKY_NO_EXPERT_SUPERVISION", DET_AGED, age);
    }

    int sup_age = rules_date_age_on(c->supervisor_birth, c->on);
    if (sup_age < 0)
        rules_report_detail(r, "LAW_SUPERVISOR_UNDER_18", DET_SUPERVISOR_BIRTH_UNKNOWN);
    else if (sup_age < 18)
        rules_report_detail(r, "LAW_SUPERVISOR_UNDER_18", DET_SUPERVISOR_AGED, sup_age);
}

/* ===================================================================================== */
/* 4. School norms, WVO art. 32, Entree hours                                            */
/* ===================================================================================== */

typedef struct {
    int days_per_week; /* 0: no norm */
    const char *id_days;
    int max_span; /* minutes incl. breaks; 0: no norm */
    int min_span;
    const char *id_span;
    int min_week_worked; /* 0: no norm */
    /* A range of days instead of one number (0: exactly days_per_week). */
    int max_days_per_week;
    /* Fixed clock times of the day, start and end in minutes (window_end 0: none). */
    int window_start, window_end;
    const char *id_window;
} phase_norm;

static const phase_norm phase_norms[] = {
    [RULES_PHASE_Y3_FIRST] = {2, "SCHOOL_Y3_DAYS_PER_WEEK", 5 * 60, 0, "SCHOOL_Y3_HOURS_PER_DAY",
                              0},
    [RULES_PHASE_Y3_LATER] = {2, "SCHOOL_Y3_DAYS_PER_WEEK", 6 * 60, 0, "SCHOOL_Y3_HOURS_PER_DAY",
                              0},
    [RULES_PHASE_Y4_5] = {3, "SCHOOL_Y45_DAYS_PER_WEEK", 7 * 60, 6 * 60, "SCHOOL_Y45_HOURS_PER_DAY",
                          0},
    [RULES_PHASE_ENTREE] = {3, "SCHOOL_ENTREE_DAYS_PER_WEEK", 0, 0, NULL,
                            RULES_ENTREE_MIN_WEEK_MINUTES},
    [RULES_PHASE_GROUP] = {0, NULL, 0, 0, NULL, 0},
    /* "tussen de twee en vier dagen ..., van 9:50 tot en met 14:00 uur" */
    [RULES_PHASE_INTERNAL] = {2, "SCHOOL_INTERNAL_DAYS_PER_WEEK", 0, 0, NULL, 0, 4, 9 * 60 + 50,
                              14 * 60, "SCHOOL_INTERNAL_HOURS"},
};

int rules_school_week_minutes(rules_phase phase)
{
    if ((unsigned)phase >= sizeof phase_norms / sizeof phase_norms[0])
        return 0;
    const phase_norm *p = &phase_norms[phase];
    if (p->min_week_worked)
        return p->min_week_worked;
    return p->days_per_week * (p->min_span ? p->min_span : p->max_span);
}

void rules_check_school_norms(rules_phase phase, const rules_work_day *days, size_t n_days,
                              rule_report *r)
{
    if (!r || (unsigned)phase >= sizeof phase_norms / sizeof phase_norms[0])
        return;
    if (n_days && !days) {
        rules_report_detail(r, "INPUT_INVALID_WORK_DAY", DET_NO_DAYS);
        return;
    }
    const phase_norm *p = &phase_norms[phase];

    for (size_t i = 0; i < n_days; i++) {
        const rules_work_day *d = &days[i];
        if (!work_day_valid(d)) {
            rules_report_detail(r, "INPUT_INVALID_WORK_DAY", DET_ENTRY, i + 1);
            continue;
        }
        int span = d->end_min - d->start_min;
        if (p->id_span && (span > p->max_span || span < p->min_span))
            rules_report_detail(r, p->id_span, DET_DAY_SPAN, fmt_date(d->date).s,
                                fmt_clock(d->start_min).s, fmt_clock(d->end_min).s, (long)(span));
        if (p->id_window && (d->start_min != p->window_start || d->end_min != p->window_end))
            rules_report_detail(r, p->id_window, DET_DAY_CLOCK, fmt_date(d->date).s,
                                fmt_clock(d->start_min).s, fmt_clock(d->end_min).s);
    }

    for (size_t i = 0; i < n_days; i++) {
        if (!work_day_valid(&days[i]))
            continue;
        long monday = rules_date_to_days(rules_date_week_monday(days[i].date));
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = work_day_valid(&days[j]) &&
                   rules_date_to_days(rules_date_week_monday(days[j].date)) == monday;
        if (seen)
            continue;

        int n_distinct = 0;
        long worked = 0;
        for (size_t k = 0; k < n_days; k++) {
            if (!work_day_valid(&days[k]) ||
                rules_date_to_days(rules_date_week_monday(days[k].date)) != monday)
                continue;
            worked += rules_worked_minutes(&days[k]);
            bool dup = false;
            for (size_t j = 0; j < k && !dup; j++)
                dup =
                    work_day_valid(&days[j]) && rules_date_compare(days[j].date, days[k].date) == 0;
            n_distinct += !dup;
        }
        text48 week = fmt_date(rules_date_from_days(monday));
        int most = p->max_days_per_week ? p->max_days_per_week : p->days_per_week;
        if (p->id_days && (n_distinct < p->days_per_week || n_distinct > most))
            rules_report_detail(r, p->id_days, DET_WEEK_DAYS, week.s, n_distinct);
        if (p->min_week_worked && worked < p->min_week_worked)
            rules_report_detail(r, "SCHOOL_ENTREE_WEEK_HOURS", DET_WEEK_HOURS, week.s,
                                (long)(worked));
    }
}

void rules_check_wvo32_course(long internship_minutes, long education_minutes, rule_report *r)
{
    if (internship_minutes < 0 || education_minutes <= 0) {
        rules_report_add(r, "INPUT_INVALID_HOURS", NULL);
        return;
    }
    if ((long long)internship_minutes * 100 > (long long)education_minutes * 50)
        rules_report_detail(r, "LAW_WVO32_COURSE_50", DET_INTERNSHIP_OF_EDUCATION,
                            (long)(internship_minutes), (long)(education_minutes));
}

void rules_warn_wvo32_course(long internship_minutes, long education_minutes, rule_report *r)
{
    if (internship_minutes < 0 || education_minutes <= 0) {
        rules_report_add(r, "INPUT_INVALID_HOURS", NULL);
        return;
    }
    if ((long long)internship_minutes * 100 > (long long)education_minutes * 50)
        /* Numbers only: the client shows the rule in its user's words around them. */
        rules_report_detail(r, "WVO32_COURSE_50_AT_RISK", DET_COURSE_SHARE,
                            (long)(internship_minutes), (long)(education_minutes));
}

void rules_check_wvo32_week(long internship_minutes, long education_minutes,
                            bool partial_compulsory_schooling, rule_report *r)
{
    if (internship_minutes < 0 || education_minutes <= 0) {
        rules_report_add(r, "INPUT_INVALID_HOURS", NULL);
        return;
    }
    if (!partial_compulsory_schooling)
        return;
    if ((long long)internship_minutes * 100 > (long long)education_minutes * 80)
        rules_report_detail(r, "LAW_WVO32_WEEK_80", DET_INTERNSHIP_OF_EDUCATION,
                            (long)(internship_minutes), (long)(education_minutes));
}

rules_entree_progress rules_entree_progress_on(long minutes_done, rules_date today,
                                               rules_date deadline, int days_off)
{
    rules_entree_progress p = {0, 0, false};
    p.minutes_short = minutes_done >= RULES_ENTREE_MIN_MINUTES
                          ? 0
                          : RULES_ENTREE_MIN_MINUTES - (minutes_done < 0 ? 0 : minutes_done);
    if (rules_date_valid(today) && rules_date_valid(deadline)) {
        /* Today's hours may already be in minutes_done, so time left starts tomorrow. */
        p.days_available = rules_date_days_between(today, deadline) - (days_off > 0 ? days_off : 0);
        if (p.days_available < 0)
            p.days_available = 0;
    }
    /* 21 h a week is 180 minutes per calendar day. */
    long per_day = RULES_ENTREE_MIN_WEEK_MINUTES / 7;
    p.behind = p.minutes_short > 0 && p.minutes_short > p.days_available * per_day;
    return p;
}

void rules_check_entree_progress(long minutes_done, rules_date today, rules_date deadline,
                                 int days_off, rule_report *r)
{
    if (!rules_date_valid(today) || !rules_date_valid(deadline)) {
        rules_report_detail(r, "INPUT_INVALID_DATE", DET_TODAY_OR_DEADLINE);
        return;
    }
    rules_entree_progress p = rules_entree_progress_on(minutes_done, today, deadline, days_off);
    if (p.behind)
        rules_report_detail(r, "SCHOOL_ENTREE_BEHIND_650", DET_STILL_NEEDED_BY,
                            (long)(p.minutes_short), fmt_date(deadline).s);
}

/* ===================================================================================== */
/* 5. Group internship                                                                   */
/* ===================================================================================== */

void rules_check_group_enrolment(const rules_group_enrolment *e, rule_report *r)
{
    if (!e || !r)
        return;
    if (!rules_date_valid(e->date)) {
        rules_report_detail(r, "INPUT_INVALID_DATE", DET_GROUP_DATE);
        return;
    }
    int cap = e->capacity > 0 ? e->capacity : RULES_GROUP_CAPACITY_DEFAULT;
    if (e->already_enrolled >= cap)
        rules_report_detail(r, "CAP_GROUP_DAYPART_FULL", DET_PLACES_TAKEN, fmt_date(e->date).s,
                            e->daypart == RULES_DAYPART_MORNING ? "morning" : "afternoon",
                            e->already_enrolled, cap);
    int wd = rules_date_weekday(e->date);
    if (e->after_dropout && (e->school_year == 4 || e->school_year == 5) && wd != 4 && wd != 5)
        rules_report_detail(r, "SCHOOL_GROUP_Y4_DROPOUT_DAYS", DET_DATE, fmt_date(e->date).s);
}

/* ===================================================================================== */
/* 6. Entree                                                                             */
/* ===================================================================================== */

void rules_check_entree_admission(bool recognised_company, bool prior_internships_passed,
                                  rule_report *r)
{
    if (!recognised_company)
        rules_report_add(r, "ENTREE_RECOGNISED_COMPANY", NULL);
    if (!prior_internships_passed)
        rules_report_add(r, "ENTREE_PRIOR_INTERNSHIPS", NULL);
}

bool rules_entree_exam_eligible(bool internship_passed, long minutes_done, rule_report *r)
{
    bool ok = true;
    if (!internship_passed) {
        rules_report_add(r, "ENTREE_EXAM_INTERNSHIP_NOT_PASSED", NULL);
        ok = false;
    }
    if (minutes_done < RULES_ENTREE_MIN_MINUTES) {
        rules_report_detail(r, "ENTREE_EXAM_HOURS_650", DET_HOURS_MADE,
                            (long)(minutes_done < 0 ? 0 : minutes_done));
        ok = false;
    }
    return ok;
}

/* ===================================================================================== */
/* 7. Contract                                                                           */
/* ===================================================================================== */

bool rules_contract_needs_parent(const rules_contract *c)
{
    if (!c)
        return true;
    rules_date ref = c->start;
    if (rules_date_valid(c->concluded_on) &&
        (!rules_date_valid(ref) || rules_date_compare(c->concluded_on, ref) < 0))
        ref = c->concluded_on;
    int age = rules_date_age_on(c->student_birth, ref);
    /* Without a birth date or any date we cannot show the student is an adult. */
    return age < 18;
}

void rules_check_contract_content(const rules_contract *c, rule_report *r)
{
    if (!c || !r)
        return;
    if (blank(c->learning_activities))
        rules_report_add(r, "LAW_CONTRACT_LEARNING_ACTIVITIES", NULL);
    if (c->n_locations < 1)
        rules_report_add(r, "LAW_CONTRACT_LOCATIONS", NULL);
    if (!rules_date_valid(c->start) || !rules_date_valid(c->end))
        rules_report_detail(r, "LAW_CONTRACT_DATES", DET_START_END_MISSING);
    else if (rules_date_compare(c->end, c->start) < 0)
        rules_report_detail(r, "LAW_CONTRACT_DATES", DET_ENDS_BEFORE_START, fmt_date(c->end).s,
                            fmt_date(c->start).s);
    if (c->n_weekly_times < 1)
        rules_report_add(r, "LAW_CONTRACT_WEEKLY_TIMES", NULL);
    if (blank(c->supervision_split))
        rules_report_add(r, "LAW_CONTRACT_SUPERVISION", NULL);
    if (blank(c->company_assessment_role))
        rules_report_add(r, "LAW_CONTRACT_ASSESSMENT", NULL);
    if (blank(c->inspection_arrangement))
        rules_report_add(r, "LAW_CONTRACT_INSPECTION", NULL);
    bool acc = blank(c->accident_insurer), lia = blank(c->liability_insurer),
         pay = blank(c->premium_payer);
    /* The missing parts as a list of fixed words, which a client words in its language. */
    char missing[64] = "";
    const char *parts[] = {acc ? "accident insurer" : NULL, lia ? "liability insurer" : NULL,
                           pay ? "premium payer" : NULL};
    for (size_t i = 0; i < 3; i++)
        if (parts[i])
            snprintf(missing + strlen(missing), sizeof missing - strlen(missing), "%s%s",
                     missing[0] ? ", " : "", parts[i]);
    if (missing[0])
        rules_report_detail(r, "LAW_CONTRACT_INSURANCE", DET_MISSING, missing);
}

void rules_check_contract_signatures(const rules_contract *c, rule_report *r)
{
    if (!c || !r)
        return;
    if (!c->signed_school)
        rules_report_add(r, "LAW_CONTRACT_SIGNATURE_SCHOOL", NULL);
    if (!c->signed_company)
        rules_report_add(r, "LAW_CONTRACT_SIGNATURE_COMPANY", NULL);
    if (!c->signed_student)
        rules_report_add(r, "LAW_CONTRACT_SIGNATURE_STUDENT", NULL);
    if (!c->signed_parent && rules_contract_needs_parent(c))
        rules_report_add(r, "LAW_CONTRACT_SIGNATURE_PARENT", NULL);
}

void rules_check_contract(const rules_contract *c, rule_report *r)
{
    rules_check_contract_content(c, r);
    rules_check_contract_signatures(c, r);
}

/* ===================================================================================== */
/* 8. Visits                                                                             */
/* ===================================================================================== */

int rules_visit_interval(bool support_student, int regular_days, int support_days)
{
    int regular = regular_days > 0 ? regular_days : RULES_VISIT_INTERVAL_DAYS;
    if (!support_student)
        return regular;
    int support = support_days > 0 ? support_days : RULES_VISIT_INTERVAL_SUPPORT_DAYS;
    /* Support students are visited more often, never less: a misconfiguration cannot
     * stretch their interval past the regular one. */
    return support < regular ? support : regular;
}

rules_date rules_visit_next_due(rules_date last, int interval_days)
{
    return rules_date_add_days(last, interval_days > 0 ? interval_days : RULES_VISIT_INTERVAL_DAYS);
}

bool rules_visit_overdue(rules_date last, rules_date today, int interval_days)
{
    if (!rules_date_valid(last) || !rules_date_valid(today))
        return false;
    return rules_date_compare(today, rules_visit_next_due(last, interval_days)) > 0;
}

void rules_check_visit(rules_date last, rules_date today, int interval_days, rule_report *r)
{
    if (!rules_date_valid(last) || !rules_date_valid(today)) {
        rules_report_detail(r, "INPUT_INVALID_DATE", DET_LAST_VISIT_OR_TODAY);
        return;
    }
    if (rules_visit_overdue(last, today, interval_days)) {
        rules_date due = rules_visit_next_due(last, interval_days);
        rules_report_detail(r, "SCHOOL_VISIT_OVERDUE", DET_DAYS_OVERDUE, fmt_date(due).s,
                            rules_date_days_between(due, today));
    }
}

/* ===================================================================================== */
/* 9. Aftercare                                                                          */
/* ===================================================================================== */

static rules_date aftercare_slot_start(rules_date left, int k)
{
    return rules_date_add_months(left, k * RULES_AFTERCARE_SLOT_MONTHS);
}

int rules_aftercare_due_dates(rules_date left_school, rules_date due[RULES_AFTERCARE_SLOTS])
{
    if (!due || !rules_date_valid(left_school))
        return 0;
    for (int k = 0; k < RULES_AFTERCARE_SLOTS; k++)
        due[k] = rules_date_add_days(aftercare_slot_start(left_school, k + 1), -1);
    return RULES_AFTERCARE_SLOTS;
}

static bool contact_in(const rules_date *contacts, size_t n, rules_date from, rules_date to_incl)
{
    for (size_t i = 0; contacts && i < n; i++)
        if (rules_date_valid(contacts[i]) && rules_date_compare(contacts[i], from) >= 0 &&
            rules_date_compare(contacts[i], to_incl) <= 0)
            return true;
    return false;
}

rules_aftercare_status rules_aftercare_status_on(rules_date left_school, const rules_date *contacts,
                                                 size_t n_contacts, rules_date today)
{
    rules_aftercare_status st = {false, 0, false, {0, 0, 0}, 0};
    if (!rules_date_valid(left_school) || !rules_date_valid(today))
        return st;
    rules_date end = aftercare_slot_start(left_school, RULES_AFTERCARE_SLOTS);
    if (rules_date_compare(today, left_school) < 0 || rules_date_compare(today, end) >= 0)
        return st;
    st.active = true;
    for (int k = 0; k < RULES_AFTERCARE_SLOTS; k++) {
        rules_date from = aftercare_slot_start(left_school, k);
        rules_date last = rules_date_add_days(aftercare_slot_start(left_school, k + 1), -1);
        if (rules_date_compare(today, last) > 0) {
            st.missed_slots += !contact_in(contacts, n_contacts, from, last);
            continue;
        }
        st.slot = k;
        /* A contact dated in the future is a plan, not a contact. */
        st.contact_due = !contact_in(contacts, n_contacts, from, today);
        if (st.contact_due)
            st.due_by = last;
        break;
    }
    return st;
}
