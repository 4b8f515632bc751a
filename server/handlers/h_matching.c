/* Readiness for an individual internship (end of year 2) with its override, matching
 * suggestions (sector, cycling distance, free places and supervision) and the introductory
 * meeting. See handlers.h for the families.
 *
 * Decisions where the plan leaves room:
 * - The readiness check may be run for a student of any school year. It is the end-of-year-2
 *   check, but a year-3 student in the group internship, a late entrant, or a student who
 *   dropped out is assessed with the same criteria before an individual internship.
 * - Without a planned start date the check uses the start of the next school year (from the
 *   school calendar, else 1 September), since the individual internship starts in year 3.
 * - A new check replaces the previous one and clears its override: the override was a
 *   decision about the previous advice.
 * - An agreed introductory meeting is the go-ahead for the contract; it does not create a
 *   placement. The coach creates the placement (PROPOSED) and drafts the contract. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "factdate.h"
#include "geo.h"
#include "handlers.h"
#include "messages.h"
#include "names.h"
#include "placement_rules.h"
#include "rules.h"
#include "target.h"
#include "timeutil.h"

#define MAX_SUGGESTIONS 50
#define MAX_KM_LIMIT 500.0
#define OVERRIDE_REASON_MIN_CHARS 10
/* Statuses 1..4 (proposed, contract drafted, signed, active) hold a place at the company. */
#define OCCUPYING_STATUS_MAX 4

/* Code points in valid UTF-8, leading and trailing white space not counted; -1 when the
 * text is not valid UTF-8. */
static long utf8_chars_trimmed(const char *s)
{
    if (!s)
        return 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    const unsigned char *end = p + strlen((const char *)p);
    while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
        end--;
    long n = 0;
    while (p < end) {
        int len = *p < 0x80             ? 1
                  : (*p & 0xE0) == 0xC0 ? 2
                  : (*p & 0xF0) == 0xE0 ? 3
                  : (*p & 0xF8) == 0xF0 ? 4
                                        : 0;
        if (len == 0 || p + len > end)
            return -1;
        for (int i = 1; i < len; i++)
            if ((p[i] & 0xC0) != 0x80)
                return -1;
        p += len;
        n++;
    }
    return n;
}

static bool judgement_ok(int j)
{
    return j == STAGELIJN__V1__JUDGEMENT__JUDGEMENT_MISSING ||
           j == STAGELIJN__V1__JUDGEMENT__JUDGEMENT_NEGATIVE ||
           j == STAGELIJN__V1__JUDGEMENT__JUDGEMENT_POSITIVE;
}

static rules_assessment to_rules(int j)
{
    switch (j) {
    case STAGELIJN__V1__JUDGEMENT__JUDGEMENT_POSITIVE:
        return RULES_ASSESS_POSITIVE;
    case STAGELIJN__V1__JUDGEMENT__JUDGEMENT_NEGATIVE:
        return RULES_ASSESS_NEGATIVE;
    default:
        return RULES_ASSESS_MISSING;
    }
}

static const char *advice_word(int a)
{
    return a == STAGELIJN__V1__ADVICE__ADVICE_INDIVIDUAL ? "individual" : "group";
}

/* ---------------------------------------------------------------- readiness */

/* The latest END assessment's verdict of the student's placements of one kind into *verdict
 * (JUDGEMENT_MISSING when there is none); the store's error when the query failed. */
static sl_status latest_end_verdict(request *r, const char *student_id, int placement_kind,
                                    int *verdict)
{
    sqlite3_stmt *q =
        store_query(r->st,
                    "SELECT a.verdict FROM assessments a JOIN placements p ON "
                    "p.id = a.placement_id WHERE p.student_id = ?1 AND p.kind = ?2 "
                    "AND a.kind = 2 ORDER BY a.date DESC, a.created_at DESC, a.rowid DESC LIMIT 1",
                    SB(student_id), SB(placement_kind));
    *verdict = STAGELIJN__V1__JUDGEMENT__JUDGEMENT_MISSING;
    sl_status st = store_row(q);
    if (st != SL_OK)
        return st == SL_ENOTFOUND ? SL_OK : st;
    int v = sqlite3_column_int(q, 0);
    store_stmt_done(q);
    if (judgement_ok(v))
        *verdict = v;
    return SL_OK;
}

/* The start of the next school year after today into *out: from the school calendar, else
 * 1 September; the store's error when the query failed. */
static sl_status default_planned_start(request *r, sl_date *out)
{
    sl_date today = r->today;
    char buf[11];
    sl_date_format(today, buf);
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT start_date FROM school_years WHERE start_date > ?1 "
                                  "ORDER BY start_date LIMIT 1",
                                  SB(buf));
    sl_status st = store_row(q);
    if (st == SL_OK) {
        bool ok = sl_date_parse(store_col(q, 0), out);
        store_stmt_done(q);
        if (ok)
            return SL_OK;
    } else if (st != SL_ENOTFOUND) {
        return st;
    }
    out->y = today.y + (today.m >= 9 ? 1 : 0);
    out->m = 9;
    out->d = 1;
    return SL_OK;
}

/* Splits a stored one-per-line list into at most `max` arena strings. */
static size_t split_lines(request *r, const char *text, char **out, size_t max)
{
    size_t n = 0;
    char *copy = sl_arena_strdup(r->arena, text);
    for (char *tok = copy; tok && *tok && n < max;) {
        char *nl = strchr(tok, '\n');
        if (nl)
            *nl = '\0';
        out[n++] = tok;
        tok = nl ? nl + 1 : NULL;
    }
    return n;
}

/* codes2: a stored unmet criterion as a violation: its id, English message and the coded
 * details of `detail` (an item of unmet_details: the code, then its parameters, 0x1F between;
 * split in place, so arena-owned; "" for none). */
static Stagelijn__V1__RuleViolation *unmet_violation(request *r, char *id, const char *message,
                                                     char *detail)
{
    Stagelijn__V1__RuleViolation *v = SL_ARENA_NEW(r->arena, Stagelijn__V1__RuleViolation);
    stagelijn__v1__rule_violation__init(v);
    const rules_rule_info *info = rules_lookup(id);
    v->rule_id = id;
    v->message = (char *)(message ? message : info ? info->summary : "");
    v->warning = info && info->severity == RULE_WARNING;
    char *parts[SL_MESSAGE_MAX_PARAMS + 1];
    size_t n = detail ? sl_message_params_split(detail, parts, SL_MESSAGE_MAX_PARAMS + 1) : 0;
    if (n == 0 || !parts[0][0])
        return v;
    v->detail_code = parts[0];
    v->n_detail_params = n - 1;
    v->detail_params = SL_ARENA_ARRAY(r->arena, char *, n);
    for (size_t i = 1; i < n; i++)
        v->detail_params[i - 1] = parts[i];
    return v;
}

/* Splits a stored unmet_details into its items (0x1E between; an item may be empty) as
 * arena strings; returns how many (at most max). */
static size_t split_details(request *r, const char *text, char **out, size_t max)
{
    size_t n = 0;
    for (char *p = text[0] ? sl_arena_strdup(r->arena, text) : NULL; p && n < max;) {
        out[n++] = p;
        p = strchr(p, '\x1e');
        if (p)
            *p++ = '\0';
    }
    return n;
}

/* Loads it into *out (arena-owned): SL_ENOTFOUND when there is none, the store's error
 * when the query failed. */
static sl_status readiness_load(request *r, const char *student_id, Stagelijn__V1__Readiness **out)
{
    sqlite3_stmt *q = store_query(
        r->st,
        "SELECT social_skills, work_attitude, teachers_advice, mentor_assessment, "
        "coalesce(planned_start, ''), computed_advice, unmet, unmet_messages, "
        "coalesce(override_advice, 0), coalesce(override_reason, ''), coalesce(override_by, ''), "
        "internal_internship, taster_internship, assessed_on, unmet_details FROM readiness WHERE "
        "student_id = ?1",
        SB(student_id));
    sl_status found = store_row(q);
    if (found != SL_OK)
        return found;
    Stagelijn__V1__Readiness *rd = SL_ARENA_NEW(r->arena, Stagelijn__V1__Readiness);
    stagelijn__v1__readiness__init(rd);
    Stagelijn__V1__ReadinessInput *in = SL_ARENA_NEW(r->arena, Stagelijn__V1__ReadinessInput);
    stagelijn__v1__readiness_input__init(in);
    rd->student_id = sl_arena_strdup(r->arena, student_id);
    in->student_id = rd->student_id;
    in->social_skills = (Stagelijn__V1__Judgement)sqlite3_column_int(q, 0);
    in->work_attitude = (Stagelijn__V1__Judgement)sqlite3_column_int(q, 1);
    in->teachers_advice = (Stagelijn__V1__Judgement)sqlite3_column_int(q, 2);
    in->mentor_assessment = (Stagelijn__V1__Judgement)sqlite3_column_int(q, 3);
    in->planned_start = sl_arena_strdup(r->arena, store_col(q, 4));
    rd->input = in;
    rd->computed = (Stagelijn__V1__Advice)sqlite3_column_int(q, 5);
    char *ids[RULE_REPORT_CAPACITY], *msgs[RULE_REPORT_CAPACITY];
    size_t n_ids = split_lines(r, store_col(q, 6), ids, RULE_REPORT_CAPACITY);
    size_t n_msgs = split_lines(r, store_col(q, 7), msgs, RULE_REPORT_CAPACITY);
    char *details[RULE_REPORT_CAPACITY];
    size_t n_details = split_details(r, store_col(q, 14), details, RULE_REPORT_CAPACITY);
    int override_advice = sqlite3_column_int(q, 8);
    rd->override_reason = sl_arena_strdup(r->arena, store_col(q, 9));
    rd->override_by = sl_arena_strdup(r->arena, store_col(q, 10));
    rd->internal_internship = (Stagelijn__V1__Judgement)sqlite3_column_int(q, 11);
    rd->taster_internship = (Stagelijn__V1__Judgement)sqlite3_column_int(q, 12);
    in->date = sl_arena_strdup(r->arena, store_col(q, 13));
    store_stmt_done(q);

    rd->overridden = override_advice != 0;
    rd->final_advice = rd->overridden ? (Stagelijn__V1__Advice)override_advice : rd->computed;
    rd->unmet = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__RuleViolation *, n_ids ? n_ids : 1);
    for (size_t i = 0; i < n_ids; i++)
        rd->unmet[rd->n_unmet++] = unmet_violation(r, ids[i], i < n_msgs ? msgs[i] : NULL,
                                                   i < n_details ? details[i] : NULL);
    *out = rd;
    sl_status named = names_of(r, NAME_STUDENT, student_id, &rd->student_name);
    return named != SL_OK ? named : names_of(r, NAME_USER, rd->override_by, &rd->override_by_name);
}

static sl_status reply_readiness(request *r, const char *student_id, sl_envelope *out)
{
    Stagelijn__V1__Readiness *rd;
    sl_status st = readiness_load(r, student_id, &rd);
    if (st != SL_OK)
        return (st == SL_ENOTFOUND ? req_fail_code(r, st, MSG_NO_READINESS_CHECK)
                                   : req_fail_code(r, st, MSG_DATABASE_ERROR));
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_READINESS;
    out->readiness = rd;
    return SL_OK;
}

/* A readiness check being made: the request, its days, and what the rules concluded. */
typedef struct {
    const Stagelijn__V1__ReadinessInput *req;
    const student_facts *student;
    sl_date start;                           /* the planned start of the internship */
    char assessed_on[11], planned_start[11]; /* YYYY-MM-DD */
    int internal, taster;                    /* the latest end verdicts of those internships */
    int advice;
    rule_report rep;
} readiness_check;

/* The day of the check (today when not given; a fact of the student's school years) and the
 * planned start (given, within a year back and three ahead, or the default). */
static sl_status readiness_days(request *r, readiness_check *c)
{
    const Stagelijn__V1__ReadinessInput *req = c->req;
    sl_date assessed_on = r->today;
    factdate_phase school;
    sl_status st;
    if (req->date && req->date[0] && !sl_date_parse(req->date, &assessed_on))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "date");
    if ((st = factdate_school_phase(r, c->student->id, &school)) != SL_OK ||
        (st = factdate_require_date(r, "readiness check", assessed_on, school,
                                    FACTDATE_RULE_BEFORE_SCHOOL)) != SL_OK)
        return st;
    sl_date_format(assessed_on, c->assessed_on);
    if (req->planned_start && req->planned_start[0]) {
        if (!sl_date_parse(req->planned_start, &c->start))
            return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "planned_start");
        int64_t off = sl_date_to_days(c->start) - sl_date_to_days(r->today);
        if (off < -366 || off > 3 * 366)
            return req_fail_code(r, SL_EINVAL, MSG_PLANNED_START_RANGE);
    } else if ((st = default_planned_start(r, &c->start)) != SL_OK) {
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    }
    sl_date_format(c->start, c->planned_start);
    return SL_OK;
}

/* The student's facts and the earlier internships' verdicts, through the rules: the advice
 * and the unmet conditions in c. */
static sl_status readiness_advise(request *r, readiness_check *c)
{
    const char *sid = c->student->id;
    sqlite3_stmt *q =
        store_query(r->st, "SELECT date_of_birth, nt2 FROM students WHERE id = ?1", SB(sid));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_STUDENT_VANISHED);
    sl_date dob;
    bool dob_ok = sl_date_parse(store_col(q, 0), &dob);
    bool nt2 = sqlite3_column_int(q, 1) != 0;
    store_stmt_done(q);
    if (!dob_ok)
        return req_fail_code(r, SL_EINTERNAL, MSG_STORED_DATE_OF_BIRTH_UNREADABLE);
    if ((st = latest_end_verdict(r, sid, STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INTERNAL,
                                 &c->internal)) != SL_OK ||
        (st = latest_end_verdict(r, sid, STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_TASTER,
                                 &c->taster)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    rules_readiness_input ri = {
        .birth = rules_date_of(dob),
        .internship_start = rules_date_of(c->start),
        .social_skills = to_rules(c->req->social_skills),
        .work_attitude = to_rules(c->req->work_attitude),
        .teachers_advice = to_rules(c->req->teachers_advice),
        .internal_internship = to_rules(c->internal),
        .taster_internship = to_rules(c->taster),
        .mentor_assessment = to_rules(c->req->mentor_assessment),
        .nt2_not_fluent = nt2,
    };
    rules_report_init(&c->rep);
    c->advice = rules_readiness_advice(&ri, &c->rep) == RULES_ADVICE_INDIVIDUAL
                    ? STAGELIJN__V1__ADVICE__ADVICE_INDIVIDUAL
                    : STAGELIJN__V1__ADVICE__ADVICE_GROUP;
    return SL_OK;
}

/* The report's ids and messages, one per line (arena); the rules' messages are one line, but
 * make sure. */
static void report_lines(request *r, const rule_report *rep, char **ids_out, char **msgs_out)
{
    size_t cap = (size_t)rep->count * (RULE_MESSAGE_MAX + 1) + 1;
    char *ids = SL_ARENA_ARRAY(r->arena, char, cap), *msgs = SL_ARENA_ARRAY(r->arena, char, cap);
    size_t il = 0, ml = 0;
    ids[0] = msgs[0] = '\0';
    for (int i = 0; i < rep->count; i++) {
        il += (size_t)snprintf(ids + il, cap - il, "%s%s", i ? "\n" : "", rep->items[i].id);
        size_t start_ml = ml;
        ml += (size_t)snprintf(msgs + ml, cap - ml, "%s%s", i ? "\n" : "", rep->items[i].message);
        for (size_t k = start_ml + (i ? 1 : 0); k < ml; k++)
            if (msgs[k] == '\n' || msgs[k] == '\r')
                msgs[k] = ' ';
    }
    *ids_out = ids;
    *msgs_out = msgs;
}

/* codes2: the report's coded details for unmet_details (see migration 024): per item its
 * detail code and parameters joined by 0x1F, the items separated by 0x1E (arena). */
static char *report_details(request *r, const rule_report *rep)
{
    size_t cap = (size_t)rep->count * (RULE_DETAIL_PARAMS + 1) * (RULE_DETAIL_PARAM_LEN + 1) + 1;
    char *out = SL_ARENA_ARRAY(r->arena, char, cap);
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < rep->count; i++) {
        const rule_violation *v = &rep->items[i];
        /* The code first, then its parameters: one join (sl_message_params_join). */
        char *parts[RULE_DETAIL_PARAMS + 1] = {(char *)(v->detail_code ? v->detail_code : "")};
        size_t n = v->detail_code ? 1 + (size_t)v->n_detail_params : 0;
        for (size_t k = 1; k < n; k++)
            parts[k] = (char *)v->detail_params[k - 1];
        char *joined = n ? sl_message_params_join(parts, n) : NULL;
        used +=
            (size_t)snprintf(out + used, cap - used, "%s%s", i ? "\x1e" : "", joined ? joined : "");
        free(joined);
    }
    return out;
}

/* Stores the check (an earlier override ends with it), its event and audit row. */
static sl_status save_readiness(request *r, const readiness_check *c)
{
    const Stagelijn__V1__ReadinessInput *req = c->req;
    const student_facts *sf = c->student;
    char *ids, *msgs;
    report_lines(r, &c->rep, &ids, &msgs);
    char *details = report_details(r, &c->rep);
    sl_status st = store_exec(
        r->st, NULL,
        "INSERT INTO readiness (student_id, social_skills, work_attitude, "
        "teachers_advice, mentor_assessment, planned_start, computed_advice, unmet, "
        "unmet_messages, internal_internship, taster_internship, assessed_by, "
        "updated_at, assessed_on, unmet_details) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,"
        "?10,?11,?12,?13,?14,?15) "
        "ON CONFLICT (student_id) DO UPDATE SET social_skills = ?2, "
        "work_attitude = ?3, teachers_advice = ?4, mentor_assessment = ?5, "
        "planned_start = ?6, computed_advice = ?7, unmet = ?8, unmet_messages = ?9, "
        "internal_internship = ?10, taster_internship = ?11, assessed_by = ?12, "
        "updated_at = ?13, assessed_on = ?14, unmet_details = ?15, override_advice = NULL, "
        "override_reason = NULL, "
        "override_by = NULL, override_at = NULL",
        SB(sf->id), SB((int)req->social_skills), SB((int)req->work_attitude),
        SB((int)req->teachers_advice), SB((int)req->mentor_assessment), SB(c->planned_start),
        SB(c->advice), SB(ids), SB(msgs), SB(c->internal), SB(c->taster), SB(r->who->user_id),
        SB(r->now), SB(c->assessed_on), SB(details));
    req_detail_text d = req_detail(r, DET_EV_PROVISIONAL_ADVICE, advice_word(c->advice));
    event_spec ev = {.topic = "readiness",
                     .student_id = sf->id,
                     .class_id = sf->class_id,
                     .summary = d.text,
                     .coded = d};
    if (st != SL_OK || (st = events_append(r, &ev)) != SL_OK ||
        (st = req_audit(r, "readiness.assess", "student", sf->id,
                        sl_arena_printf(r->arena, "computed=%s unmet=%d", advice_word(c->advice),
                                        c->rep.count))) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_SAVE_THE_READINESS_CHECK);
    return SL_OK;
}

sl_status handle_assess_readiness(request *r, const sl_envelope *in, sl_envelope *out)
{
    readiness_check c = {.req = in->assess_readiness->input, .student = &r->target.student};
    if (!c.req)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "input");
    if (!judgement_ok(c.req->social_skills) || !judgement_ok(c.req->work_attitude) ||
        !judgement_ok(c.req->teachers_advice) || !judgement_ok(c.req->mentor_assessment))
        return req_fail_code(r, SL_EINVAL, MSG_JUDGEMENT_VALUES);
    sl_status st;
    if ((st = readiness_days(r, &c)) != SL_OK || (st = readiness_advise(r, &c)) != SL_OK ||
        (st = save_readiness(r, &c)) != SL_OK)
        return st;
    return reply_readiness(r, c.student->id, out);
}

sl_status handle_override_readiness(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__OverrideReadinessRequest *req = in->override_readiness;
    const student_facts *sf = &r->target.student;
    sl_status st = SL_OK;
    if (req->advice != STAGELIJN__V1__ADVICE__ADVICE_GROUP &&
        req->advice != STAGELIJN__V1__ADVICE__ADVICE_INDIVIDUAL)
        return req_fail_code(r, SL_EINVAL, MSG_ADVICE_VALUES);
    if ((st = req_check_text(r, "reason", req->reason, true)) != SL_OK)
        return st;
    long chars = utf8_chars_trimmed(req->reason);
    if (chars < 0)
        return req_fail_code(r, SL_EINVAL, MSG_REASON_NOT_UTF8);
    if (chars < OVERRIDE_REASON_MIN_CHARS)
        return req_fail_code(r, SL_EINVAL, MSG_OVERRIDE_REASON, OVERRIDE_REASON_MIN_CHARS);

    sqlite3_stmt *q = store_query(
        r->st, "SELECT unmet, unmet_messages, unmet_details FROM readiness WHERE student_id = ?1",
        SB(sf->id));
    /* Only "no row" is the client's problem; a failed query keeps its own status. */
    sl_status found = store_row(q);
    if (found == SL_ENOTFOUND)
        return req_fail_code(r, SL_EPRECOND, MSG_RUN_READINESS_FIRST);
    if (found != SL_OK)
        return req_fail_code(r, found, MSG_DATABASE_ERROR);
    char *ids[RULE_REPORT_CAPACITY], *msgs[RULE_REPORT_CAPACITY];
    size_t n_ids = split_lines(r, store_col(q, 0), ids, RULE_REPORT_CAPACITY);
    size_t n_msgs = split_lines(r, store_col(q, 1), msgs, RULE_REPORT_CAPACITY);
    char *details[RULE_REPORT_CAPACITY];
    size_t n_details = split_details(r, store_col(q, 2), details, RULE_REPORT_CAPACITY);
    store_stmt_done(q);
    /* The rules decide what may be overridden, from the unmet criteria as they were found. */
    rule_report unmet;
    rules_report_init(&unmet);
    for (size_t i = 0; i < n_ids; i++)
        rules_report_add(&unmet, rules_lookup(ids[i]) ? rules_lookup(ids[i])->id : ids[i], NULL);
    if (!rules_readiness_overridable(&unmet)) {
        for (size_t i = 0; i < n_ids; i++) {
            const rules_rule_info *info = rules_lookup(ids[i]);
            if ((!info || info->severity == RULE_ERROR) && r->n_violations < REQ_MAX_VIOLATIONS) {
                sl_violation *v = unmet_violation(r, ids[i], i < n_msgs ? msgs[i] : ids[i],
                                                  i < n_details ? details[i] : NULL);
                v->warning = false;
                r->violations[r->n_violations++] = v;
            }
        }
        return req_fail_code(r, SL_EPRECOND, MSG_LAW_FORBIDS_OVERRIDE);
    }

    st = store_exec(r->st, NULL,
                    "UPDATE readiness SET override_advice = ?2, override_reason = ?3, "
                    "override_by = ?4, override_at = ?5 WHERE student_id = ?1",
                    SB(sf->id), SB((int)req->advice), SB(req->reason), SB(r->who->user_id),
                    SB(r->now));
    req_detail_text d = req_detail(r, DET_EV_ADVICE_OVERRIDDEN, advice_word(req->advice));
    event_spec ev = {.topic = "readiness",
                     .student_id = sf->id,
                     .class_id = sf->class_id,
                     .summary = d.text,
                     .coded = d};
    if (st != SL_OK || (st = events_append(r, &ev)) != SL_OK ||
        (st = req_audit(r, "readiness.override", "student", sf->id,
                        /* The reason itself stays in readiness.override_reason, where
                         * anonymisation reaches it; the audit log keeps no free text. */
                        sl_arena_printf(r->arena, "advice=%s", advice_word(req->advice)))) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_SAVE_THE_OVERRIDE);
    return reply_readiness(r, sf->id, out);
}

sl_status handle_get_readiness(request *r, const sl_envelope *in, sl_envelope *out)
{
    const student_facts *sf = &r->target.student;
    return reply_readiness(r, sf->id, out);
}

/* ---------------------------------------------------------------- matching */

typedef struct {
    char id[SL_ID_LEN + 1];
    char name_key[64]; /* a prefix of the name, for a stable order among equals */
    double km;
    bool sector_match;
    int free_places, free_supervision;
} candidate;

static bool ranks_before(const candidate *a, const candidate *b)
{
    if (a->sector_match != b->sector_match)
        return a->sector_match;
    if (a->km != b->km)
        return a->km < b->km;
    int c = strcmp(a->name_key, b->name_key);
    return c != 0 ? c < 0 : strcmp(a->id, b->id) < 0;
}

/* Keeps the best MAX_SUGGESTIONS in order, so any number of companies needs no more memory. */
static void keep_best(candidate *best, size_t *n, const candidate *c)
{
    size_t pos = *n;
    while (pos > 0 && ranks_before(c, &best[pos - 1]))
        pos--;
    if (pos >= MAX_SUGGESTIONS)
        return;
    size_t last = *n < MAX_SUGGESTIONS ? *n : MAX_SUGGESTIONS - 1;
    memmove(&best[pos + 1], &best[pos], (last - pos) * sizeof *best);
    best[pos] = *c;
    if (*n < MAX_SUGGESTIONS)
        (*n)++;
}

/* One company with its sectors into *out (arena-owned); SL_ENOTFOUND or the store's error. */
static sl_status company_load(request *r, const char *id, Stagelijn__V1__Company **out)
{
    sl_status rs;
    bool row;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT id, name, address, city, coalesce(latitude, 0), "
                                  "coalesce(longitude, 0), recognised, registration_number, "
                                  "places, supervision_capacity FROM companies WHERE id = ?1",
                                  SB(id));
    if ((rs = store_row(q)) != SL_OK)
        return rs;
    Stagelijn__V1__Company *c = SL_ARENA_NEW(r->arena, Stagelijn__V1__Company);
    stagelijn__v1__company__init(c);
    c->id = sl_arena_strdup(r->arena, store_col(q, 0));
    c->name = sl_arena_strdup(r->arena, store_col(q, 1));
    c->address = sl_arena_strdup(r->arena, store_col(q, 2));
    c->city = sl_arena_strdup(r->arena, store_col(q, 3));
    c->latitude = sqlite3_column_double(q, 4);
    c->longitude = sqlite3_column_double(q, 5);
    c->recognised = sqlite3_column_int(q, 6) != 0;
    c->registration_number = sl_arena_strdup(r->arena, store_col(q, 7));
    c->places = (uint32_t)sqlite3_column_int(q, 8);
    c->supervision_capacity = (uint32_t)sqlite3_column_int(q, 9);
    store_stmt_done(q);
    q = store_query(r->st,
                    "SELECT sector_id FROM company_sectors WHERE company_id = ?1 ORDER BY "
                    "sector_id",
                    SB(id));
    c->sectors = SL_ARENA_ARRAY(r->arena, uint32_t, 10);
    while ((rs = store_next(q, &row)) == SL_OK && row && c->n_sectors < 10)
        c->sectors[c->n_sectors++] = (uint32_t)sqlite3_column_int(q, 0);
    if (rs != SL_OK)
        return rs;
    store_stmt_done(q);
    *out = c;
    return SL_OK;
}

/* Where the student lives and which sectors are sought (the request's, else the definitive
 * or switched sector, else the two provisional ones; 0 for none). */
typedef struct {
    double lat, lon;
    int sectors[2];
} match_origin;

static sl_status load_origin(request *r, const Stagelijn__V1__SuggestCompaniesRequest *req,
                             match_origin *o)
{
    sqlite3_stmt *q = store_query(
        r->st,
        "SELECT home_latitude, home_longitude, coalesce(switched_to_sector, definitive_sector, 0), "
        "coalesce(provisional_sector_1, 0), coalesce(provisional_sector_2, 0) FROM students "
        "WHERE id = ?1",
        SB(r->target.student.id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_STUDENT_VANISHED);
    bool has_home =
        sqlite3_column_type(q, 0) != SQLITE_NULL && sqlite3_column_type(q, 1) != SQLITE_NULL;
    o->lat = sqlite3_column_double(q, 0);
    o->lon = sqlite3_column_double(q, 1);
    o->sectors[0] = sqlite3_column_int(q, 2);
    o->sectors[1] = 0;
    if (!o->sectors[0]) {
        o->sectors[0] = sqlite3_column_int(q, 3);
        o->sectors[1] = sqlite3_column_int(q, 4);
    }
    store_stmt_done(q);
    if (req->sector) {
        o->sectors[0] = (int)req->sector;
        o->sectors[1] = 0;
    }
    /* 0,0 is what a client sends when it knows no location; nobody lives in the Gulf of
     * Guinea and goes to school in the Netherlands. */
    if (!has_home || (o->lat == 0 && o->lon == 0) || !geo_valid(o->lat, o->lon)) {
        req_violation(r, "MATCH_NO_HOME_LOCATION",
                      "The student's home location is not known, so the cycling distance "
                      "cannot be computed; record the home address and location first.",
                      false);
        return req_fail_code(r, SL_EPRECOND, MSG_HOME_UNKNOWN);
    }
    return SL_OK;
}

/* The MAX_SUGGESTIONS best companies within max_km that have a place and supervision free,
 * into best (arena) and *n; the store's status. */
static sl_status find_candidates(request *r, const match_origin *o, double max_km,
                                 candidate **best_out, size_t *n)
{
    /* A latitude band narrows the scan; the exact distance is computed below. */
    double band = max_km / 111.0 + 0.01;
    sqlite3_stmt *q =
        store_query(r->st,
                    "SELECT c.id, c.name, c.latitude, c.longitude, c.places, "
                    "c.supervision_capacity, "
                    "(SELECT count(*) FROM placements p WHERE p.company_id = c.id AND "
                    "p.status BETWEEN 1 AND ?3), "
                    "EXISTS (SELECT 1 FROM company_sectors cs WHERE cs.company_id = c.id AND "
                    "cs.sector_id IN (?4, ?5)) "
                    "FROM companies c WHERE c.internal = 0 AND c.latitude IS NOT NULL AND "
                    "c.longitude IS NOT NULL AND NOT (c.latitude = 0 AND c.longitude = 0) AND "
                    "c.latitude BETWEEN ?1 - ?2 AND ?1 + ?2",
                    SB(o->lat), SB(band), SB(OCCUPYING_STATUS_MAX), SB_ZERO_NULL(o->sectors[0]),
                    SB_ZERO_NULL(o->sectors[1]));
    candidate *best = SL_ARENA_ARRAY(r->arena, candidate, MAX_SUGGESTIONS);
    *best_out = best;
    *n = 0;
    sl_status rs;
    bool row;
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        candidate c;
        memset(&c, 0, sizeof c);
        double km = geo_distance_km(o->lat, o->lon, sqlite3_column_double(q, 2),
                                    sqlite3_column_double(q, 3));
        if (km > max_km)
            continue;
        int used = sqlite3_column_int(q, 6);
        c.free_places = sqlite3_column_int(q, 4) - used;
        c.free_supervision = sqlite3_column_int(q, 5) - used;
        if (c.free_places <= 0 || c.free_supervision <= 0)
            continue;
        snprintf(c.id, sizeof c.id, "%s", store_col(q, 0));
        snprintf(c.name_key, sizeof c.name_key, "%s", store_col(q, 1));
        c.km = km;
        c.sector_match = sqlite3_column_int(q, 7) != 0;
        keep_best(best, n, &c);
    }
    if (rs != SL_OK)
        return rs;
    store_stmt_done(q);
    return SL_OK;
}

/* One suggestion with its company; the company's loading status. */
static sl_status suggestion_of(request *r, const candidate *c, double cycling_km,
                               Stagelijn__V1__MatchSuggestion **out)
{
    Stagelijn__V1__MatchSuggestion *m = SL_ARENA_NEW(r->arena, Stagelijn__V1__MatchSuggestion);
    stagelijn__v1__match_suggestion__init(m);
    sl_status rs = company_load(r, c->id, &m->company);
    if (rs != SL_OK)
        return rs;
    /* Whole tens of metres: more precision than that only suggests a false accuracy. */
    m->distance_km = round(c->km * 100.0) / 100.0;
    m->sector_match = c->sector_match;
    m->free_places = (uint32_t)c->free_places;
    m->free_supervision = (uint32_t)c->free_supervision;
    m->within_cycling_distance = c->km <= cycling_km;
    /* A table shows no nested message: the name and city again, as plain columns. */
    m->company_name = m->company->name;
    m->city = m->company->city;
    *out = m;
    return SL_OK;
}

sl_status handle_suggest_companies(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__SuggestCompaniesRequest *req = in->suggest_companies;
    if (req->sector > 10)
        return req_fail_code(r, SL_EINVAL, MSG_SECTOR_OR_OWN);
    if (!isfinite(req->max_km) || req->max_km < 0 || req->max_km > MAX_KM_LIMIT)
        return req_fail_code(r, SL_EINVAL, MSG_MAX_KM_RANGE, MAX_KM_LIMIT);
    double cycling_km = r->srv->cfg.cycling_km;
    double max_km = req->max_km > 0 ? req->max_km : cycling_km;
    match_origin o = {0};
    sl_status st = load_origin(r, req, &o);
    if (st != SL_OK)
        return st;
    candidate *best;
    size_t n_best;
    if ((st = find_candidates(r, &o, max_km, &best, &n_best)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);

    Stagelijn__V1__SuggestCompaniesReply *rep =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__SuggestCompaniesReply);
    stagelijn__v1__suggest_companies_reply__init(rep);
    rep->suggestions =
        SL_ARENA_ARRAY(r->arena, Stagelijn__V1__MatchSuggestion *, n_best ? n_best : 1);
    for (size_t i = 0; i < n_best; i++) {
        if ((st = suggestion_of(r, &best[i], cycling_km, &rep->suggestions[i])) != SL_OK)
            return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_COMPANY_VANISHED);
        rep->n_suggestions++;
    }
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_SUGGEST_COMPANIES_REPLY;
    out->suggest_companies_reply = rep;
    return SL_OK;
}

/* ---------------------------------------------------------------- introductory meeting */

sl_status handle_record_intro_meeting(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__IntroMeeting *m = in->record_intro_meeting->meeting;
    if (!m)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "meeting");
    const student_facts *sf = &r->target.student;
    sl_status st = SL_OK;
    if ((st = req_check_id(r, "company_id", m->company_id)) != SL_OK ||
        (st = req_check_text(r, "notes", m->notes, false)) != SL_OK)
        return st;
    sl_date day, today = r->today;
    if (!sl_date_parse(m->date, &day))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "date");
    factdate_phase school;
    if ((st = factdate_school_phase(r, sf->id, &school)) != SL_OK ||
        (st = factdate_require_date(r, "introductory meeting", day, school,
                                    FACTDATE_RULE_BEFORE_SCHOOL)) != SL_OK)
        return st;
    if (sl_date_to_days(today) - sl_date_to_days(day) > 2 * 366)
        return req_fail_code(r, SL_EINVAL, MSG_MEETING_TOO_OLD);
    /* A failed query is the server's fault, not a missing company. */
    sl_status found =
        store_exists(r->st, "SELECT 1 FROM companies WHERE id = ?1", SB(m->company_id));
    if (found == SL_ENOTFOUND)
        return req_fail_code(r, SL_ENOTFOUND, MSG_NO_SUCH_COMPANY);
    if (found != SL_OK)
        return req_fail_code(r, found, MSG_DATABASE_ERROR);

    sl_id id = sl_id_new();
    st = store_exec(r->st, NULL,
                    "INSERT INTO intro_meetings (id, student_id, company_id, date, agreed, notes, "
                    "coach_id, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
                    SB(id.s), SB(sf->id), SB(m->company_id), SB(m->date), SB((int)m->agreed),
                    SB(m->notes ? m->notes : ""), SB(r->who->user_id), SB(r->now));
    if (st != SL_OK ||
        (st = req_audit(r, "intro_meeting.record", "intro_meeting", id.s,
                        sl_arena_printf(r->arena, "student=%s company=%s %s", sf->id, m->company_id,
                                        m->agreed ? "agreed" : "not agreed"))) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_RECORD_THE_MEETING);
    Stagelijn__V1__IntroMeeting *rm = SL_ARENA_NEW(r->arena, Stagelijn__V1__IntroMeeting);
    stagelijn__v1__intro_meeting__init(rm);
    rm->id = sl_arena_strdup(r->arena, id.s);
    rm->student_id = sl_arena_strdup(r->arena, sf->id);
    rm->company_id = sl_arena_strdup(r->arena, m->company_id);
    rm->date = sl_arena_strdup(r->arena, m->date);
    rm->agreed = m->agreed;
    rm->notes = sl_arena_strdup(r->arena, m->notes ? m->notes : "");
    rm->coach_id = sl_arena_strdup(r->arena, r->who->user_id);
    if ((st = names_of(r, NAME_STUDENT, rm->student_id, &rm->student_name)) != SL_OK ||
        (st = names_of(r, NAME_COMPANY, rm->company_id, &rm->company_name)) != SL_OK ||
        (st = names_of(r, NAME_USER, rm->coach_id, &rm->coach_name)) != SL_OK)
        return st;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_INTRO_MEETING;
    out->intro_meeting = rm;
    return SL_OK;
}
