/* Exit and aftercare: the exit record (final interview, advice, exit profile, destination),
 * partner institutions, aftercare contacts for two years after leaving, and the outflow
 * report per leaving cohort as the sector's outflow monitor asks it (see outflow.h for the
 * counting rules). */
#include <stdio.h>
#include <string.h>

#include "events.h"
#include "collate.h"
#include "factdate.h"
#include "handlers.h"
#include "names.h"
#include "outflow.h"
#include "placement_rules.h"
#include "rules.h"
#include "target.h"
#include "timeutil.h"

#define MAX_CONTACTS 500 /* two years at three a year; generous for crises */
#define MAX_PARTNERS 2000
#define MAX_LEAVERS 5000 /* a cohort of a school is a few dozen */

/* Fixed vocabularies: reports and the outflow monitor group by these, so free text would
 * split one kind into many spellings. */
static const char *const partner_kinds[] = {"municipality", "youth_desk", "work_desk", "mbo",
                                            "day_care"};
static const char *const contact_parties[] = {"former_student",   "parent",   "employer",
                                              "follow_up_school", "day_care", "partner"};

static bool in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return true;
    return false;
}

static const char *profile_name(int p)
{
    switch (p) {
    case STAGELIJN__V1__EXIT_PROFILE__EXIT_DAY_CARE:
        return "day_care";
    case STAGELIJN__V1__EXIT_PROFILE__EXIT_WORK:
        return "work";
    case STAGELIJN__V1__EXIT_PROFILE__EXIT_LEARNING:
        return "learning";
    default:
        return "";
    }
}

/* ---------------------------------------------------------------- exit */

typedef struct {
    bool found;
    sl_date left;
} exit_facts;

static sl_status load_exit(request *r, const char *student_id, exit_facts *ef)
{
    ef->found = false;
    sqlite3_stmt *q =
        store_query(r->st, "SELECT left_date FROM exits WHERE student_id = ?1", SB(student_id));
    sl_status st = store_row(q);
    if (st == SL_ENOTFOUND)
        return SL_OK;
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    bool ok = sl_date_parse(store_col(q, 0), &ef->left);
    store_stmt_done(q);
    if (!ok)
        return req_fail_code(r, SL_EINTERNAL, MSG_STORED_LEFT_DATE_UNREADABLE);
    ef->found = true;
    return SL_OK;
}

/* Loads it into *out (arena-owned): SL_ENOTFOUND when there is none, the store's error
 * when the query failed. */
static sl_status exit_from_db(request *r, const char *student_id, Stagelijn__V1__ExitRecord **out)
{
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT student_id, left_date, coalesce(final_interview_date, "
                                  "''), advice, profile, destination, sheltered, cohort FROM "
                                  "exits WHERE student_id = ?1",
                                  SB(student_id));
    sl_status found = store_row(q);
    if (found != SL_OK)
        return found;
    Stagelijn__V1__ExitRecord *e = SL_ARENA_NEW(r->arena, Stagelijn__V1__ExitRecord);
    stagelijn__v1__exit_record__init(e);
    e->student_id = sl_arena_strdup(r->arena, store_col(q, 0));
    e->left_date = sl_arena_strdup(r->arena, store_col(q, 1));
    e->final_interview_date = sl_arena_strdup(r->arena, store_col(q, 2));
    e->advice = sl_arena_strdup(r->arena, store_col(q, 3));
    e->profile = (Stagelijn__V1__ExitProfile)sqlite3_column_int(q, 4);
    e->destination = sl_arena_strdup(r->arena, store_col(q, 5));
    e->sheltered = sqlite3_column_int(q, 6) != 0;
    e->cohort = sl_arena_strdup(r->arena, store_col(q, 7));
    store_stmt_done(q);
    *out = e;
    return names_of(r, NAME_STUDENT, e->student_id, &e->student_name);
}

/* A leaving date is a fact: not in the future (a planned exit would end aftercare before the
 * student has left), not before the student can have entered school, and not before the last
 * internship that took place ended (its dropout date when it ended early). */
static sl_status exit_date_check(request *r, const char *student_id, sl_date left)
{
    factdate_phase school;
    sl_status st = factdate_school_phase(r, student_id, &school);
    if (st != SL_OK || (st = factdate_require_date(r, "leaving date", left, school,
                                                   FACTDATE_RULE_BEFORE_SCHOOL)) != SL_OK)
        return st;
    sqlite3_stmt *q = store_query(
        r->st,
        "SELECT coalesce(max(CASE WHEN p.status = ?2 THEN coalesce(d.date, p.end_date) ELSE "
        "p.end_date END), '') FROM placements p LEFT JOIN dropouts d ON d.placement_id = p.id "
        "WHERE p.student_id = ?1 AND p.status >= ?3",
        SB(student_id), SB((int)STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ENDED_EARLY),
        SB((int)STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_SIGNED));
    if ((st = store_row(q)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    sl_date last_end;
    bool has_placement = sl_date_parse(store_col(q, 0), &last_end);
    store_stmt_done(q);
    if (has_placement)
        st = factdate_require_date(r, "leaving date", left, factdate_since(last_end),
                                   FACTDATE_RULE_BEFORE_LAST_PLACEMENT);
    return st;
}

sl_status handle_record_exit(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__ExitRecord *e = in->record_exit->exit;
    if (!e)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "exit");
    const student_facts *sf = &r->target.student;
    sl_status st = SL_OK;
    sl_date left, interview;
    if (!sl_date_parse(e->left_date, &left))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "left_date");
    bool has_interview = e->final_interview_date && e->final_interview_date[0];
    if (has_interview && !sl_date_parse(e->final_interview_date, &interview))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "final_interview_date");
    /* The final interview gives the advice on which the exit profile is decided. */
    if (has_interview && sl_date_compare(interview, left) > 0)
        return req_fail_code(r, SL_EINVAL, MSG_INTERVIEW_BEFORE_LEAVING);
    if ((st = exit_date_check(r, sf->id, left)) != SL_OK)
        return st;
    if (e->profile < STAGELIJN__V1__EXIT_PROFILE__EXIT_DAY_CARE ||
        e->profile > STAGELIJN__V1__EXIT_PROFILE__EXIT_LEARNING)
        return req_fail_code(r, SL_EINVAL, MSG_PROFILE_REQUIRED);
    if (e->sheltered && e->profile != STAGELIJN__V1__EXIT_PROFILE__EXIT_WORK)
        return req_fail_code(r, SL_EINVAL, MSG_SHELTERED_WORK_ONLY);
    if ((st = req_check_text(r, "advice", e->advice, false)) != SL_OK ||
        (st = req_check_text(r, "destination", e->destination, false)) != SL_OK)
        return st;

    /* The cohort is the school year of leaving (August to July). A student who leaves in the
     * summer holiday after the year ended may still be counted with the year just finished,
     * so the previous school year is accepted too; nothing else. */
    char derived[OUTFLOW_COHORT_LEN + 1], previous[OUTFLOW_COHORT_LEN + 1];
    outflow_cohort_of(rules_date_of(left), derived);
    sl_date year_before = {left.y - 1, left.m, left.d > 28 ? 28 : left.d};
    outflow_cohort_of(rules_date_of(year_before), previous);
    const char *cohort = derived;
    if (e->cohort && e->cohort[0]) {
        if (!outflow_cohort_parse(e->cohort, NULL))
            return req_fail_code(r, SL_EINVAL, MSG_COHORT_FORMAT);
        if (strcmp(e->cohort, derived) != 0 && strcmp(e->cohort, previous) != 0)
            return req_fail_code(r, SL_EINVAL, MSG_COHORT_LEFT_DATE, e->cohort, e->left_date,
                                 derived);
        cohort = e->cohort;
    }

    exit_facts before;
    if ((st = load_exit(r, sf->id, &before)) != SL_OK)
        return st;
    /* One exit record per student: recording again replaces it (a destination that changed
     * before the reference date, a corrected date); the audit keeps that it happened. */
    st =
        store_exec(r->st, NULL,
                   "INSERT INTO exits (student_id, left_date, final_interview_date, advice, "
                   "profile, destination, sheltered, cohort, recorded_by, updated_at) VALUES "
                   "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10) ON CONFLICT(student_id) DO UPDATE SET "
                   "left_date = excluded.left_date, final_interview_date = "
                   "excluded.final_interview_date, advice = excluded.advice, profile = "
                   "excluded.profile, destination = excluded.destination, sheltered = "
                   "excluded.sheltered, cohort = excluded.cohort, recorded_by = "
                   "excluded.recorded_by, updated_at = excluded.updated_at",
                   SB(sf->id), SB(e->left_date), SB(has_interview ? e->final_interview_date : NULL),
                   SB(e->advice ? e->advice : ""), SB((int)e->profile),
                   SB(e->destination ? e->destination : ""), SB((int)e->sheltered), SB(cohort),
                   SB(r->who->user_id), SB(r->now));
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_RECORD_THE_EXIT);
    char details[96];
    snprintf(details, sizeof details, "%s cohort %s profile %s", before.found ? "replaced" : "new",
             cohort, profile_name((int)e->profile));
    req_detail_text d = req_detail(r, DET_EV_EXIT, e->left_date);
    event_spec ev = {.topic = "exit",
                     .student_id = sf->id,
                     .class_id = sf->class_id,
                     /* No profile: which one a minor has says something about care needs,
                      * and events reach automated subscribers too. */
                     .summary = d.text,
                     .coded = d};
    if ((st = events_append(r, &ev)) != SL_OK ||
        (st = req_audit(r, "exit.record", "student", sf->id, details)) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_RECORD_THE_EXIT);
    Stagelijn__V1__ExitRecord *rep;
    st = exit_from_db(r, sf->id, &rep);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_EXIT_RECORD_VANISHED);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_EXIT_RECORD;
    out->exit_record = rep;
    return SL_OK;
}

/* ---------------------------------------------------------------- partners */

sl_status handle_create_partner(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__Partner *p = in->create_partner->partner;
    sl_status st = SL_OK;
    if (!p)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "partner");
    if ((st = req_check_text(r, "name", p->name, true)) != SL_OK ||
        (st = req_check_text(r, "contact", p->contact, false)) != SL_OK)
        return st;
    if (!in_list(p->kind, partner_kinds, sizeof partner_kinds / sizeof partner_kinds[0]))
        return req_fail_code(r, SL_EINVAL, MSG_PARTNER_KIND_VALUES);
    sl_id id = sl_id_new();
    st = store_exec(r->st, NULL,
                    "INSERT INTO partners (id, name, kind, contact) VALUES (?1, ?2, ?3, ?4)",
                    SB(id.s), SB(p->name), SB(p->kind), SB(p->contact ? p->contact : ""));
    if (st == SL_EEXISTS)
        return req_fail_code(r, st, MSG_PARTNER_NAME_TAKEN);
    if (st != SL_OK || (st = req_audit(r, "partner.create", "partner", id.s, p->kind)) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_CREATE_THE_PARTNER);
    Stagelijn__V1__Partner *rp = SL_ARENA_NEW(r->arena, Stagelijn__V1__Partner);
    stagelijn__v1__partner__init(rp);
    rp->id = sl_arena_strdup(r->arena, id.s);
    rp->name = sl_arena_strdup(r->arena, p->name);
    rp->kind = sl_arena_strdup(r->arena, p->kind);
    rp->contact = sl_arena_strdup(r->arena, p->contact);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_PARTNER;
    out->partner = rp;
    return SL_OK;
}

sl_status handle_list_partners(request *r, const sl_envelope *in, sl_envelope *out)
{
    sl_status rs;
    bool row;
    (void)in;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT id, name, kind, contact FROM partners ORDER BY kind, "
                                  "name COLLATE nl, id LIMIT ?1",
                                  SB(MAX_PARTNERS + 1));
    Stagelijn__V1__ListPartnersReply *rep =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__ListPartnersReply);
    stagelijn__v1__list_partners_reply__init(rep);
    rep->partners = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__Partner *, MAX_PARTNERS + 1);
    if (!q)
        return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        Stagelijn__V1__Partner *p = SL_ARENA_NEW(r->arena, Stagelijn__V1__Partner);
        stagelijn__v1__partner__init(p);
        p->id = sl_arena_strdup(r->arena, store_col(q, 0));
        p->name = sl_arena_strdup(r->arena, store_col(q, 1));
        p->kind = sl_arena_strdup(r->arena, store_col(q, 2));
        p->contact = sl_arena_strdup(r->arena, store_col(q, 3));
        rep->partners[rep->n_partners++] = p;
    }
    if (rs != SL_OK)
        return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    rep->n_partners = req_list_cap(r, rep->n_partners, MAX_PARTNERS);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_PARTNERS_REPLY;
    out->list_partners_reply = rep;
    return SL_OK;
}

/* ---------------------------------------------------------------- aftercare contacts */

/* The student's contacts, oldest first, into out[] and their dates into dates[] for the rules
 * (both MAX_CONTACTS long or NULL); *n gets the count. The store's error when the query failed,
 * so a report is never built from part of the contacts. */
static sl_status load_contacts(request *r, const char *student_id,
                               Stagelijn__V1__AftercareContact **out, rules_date *dates,
                               size_t *count)
{
    sl_status rs;
    bool row;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT id, date, with_whom, outcome, still_in_destination, "
                                  "coalesce(referral_partner_id, ''), coach_id, coalesce((SELECT "
                                  "name FROM partners p WHERE p.id = referral_partner_id), ''), "
                                  "coalesce((SELECT display_name FROM users u WHERE u.id = "
                                  "coach_id), '') FROM aftercare_contacts WHERE student_id = ?1 "
                                  "ORDER BY date, "
                                  "created_at LIMIT ?2",
                                  SB(student_id), SB(MAX_CONTACTS + 1));
    size_t n = 0;
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        if (n == MAX_CONTACTS) {
            r->list_cap = MAX_CONTACTS; /* labels: the client says the list was cut */
            break;
        }
        Stagelijn__V1__AftercareContact *c =
            SL_ARENA_NEW(r->arena, Stagelijn__V1__AftercareContact);
        stagelijn__v1__aftercare_contact__init(c);
        c->id = sl_arena_strdup(r->arena, store_col(q, 0));
        c->student_id = sl_arena_strdup(r->arena, student_id);
        c->date = sl_arena_strdup(r->arena, store_col(q, 1));
        c->with_whom = sl_arena_strdup(r->arena, store_col(q, 2));
        c->outcome = sl_arena_strdup(r->arena, store_col(q, 3));
        c->still_in_destination = sqlite3_column_int(q, 4) != 0;
        c->referral_partner_id = sl_arena_strdup(r->arena, store_col(q, 5));
        c->coach_id = sl_arena_strdup(r->arena, store_col(q, 6));
        c->referral_partner_name = sl_arena_strdup(r->arena, store_col(q, 7));
        c->coach_name = sl_arena_strdup(r->arena, store_col(q, 8));
        sl_date d;
        rules_date rd = {0, 0, 0};
        if (sl_date_parse(c->date, &d))
            rd = rules_date_of(d);
        if (dates)
            dates[n] = rd;
        if (out)
            out[n] = c;
        n++;
    }
    if (rs != SL_OK)
        return rs;
    store_stmt_done(q);
    *count = n;
    return SL_OK;
}

static void not_active(request *r, const char *why)
{
    req_violation(r, "AFTERCARE_NOT_ACTIVE", why, false);
}

sl_status handle_log_aftercare_contact(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__AftercareContact *c = in->log_aftercare_contact->contact;
    if (!c)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "contact");
    const student_facts *sf = &r->target.student;
    sl_status st = SL_OK;
    sl_date day, today = r->today;
    if (!sl_date_parse(c->date, &day))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "date");
    if (!in_list(c->with_whom, contact_parties, sizeof contact_parties / sizeof contact_parties[0]))
        return req_fail_code(r, SL_EINVAL, MSG_WITH_WHOM_VALUES);
    if ((st = req_check_text(r, "outcome", c->outcome, true)) != SL_OK)
        return st;
    bool referral = c->referral_partner_id && c->referral_partner_id[0];
    if (referral) {
        if ((st = req_check_id(r, "referral_partner_id", c->referral_partner_id)) != SL_OK)
            return st;
        /* A failed query is the server's fault, not a missing partner. */
        st =
            store_exists(r->st, "SELECT 1 FROM partners WHERE id = ?1", SB(c->referral_partner_id));
        if (st == SL_ENOTFOUND)
            return req_fail_code(r, SL_ENOTFOUND, MSG_NO_SUCH_PARTNER);
        if (st != SL_OK)
            return req_fail_code(r, st, MSG_DATABASE_ERROR);
    }

    exit_facts ef;
    if ((st = load_exit(r, sf->id, &ef)) != SL_OK)
        return st;
    if (!ef.found) {
        not_active(r, "aftercare starts when the student's exit is recorded");
        return req_fail_code(r, SL_EPRECOND, MSG_NO_EXIT_RECORDED);
    }
    rules_date left = rules_date_of(ef.left);
    rules_aftercare_status as = rules_aftercare_status_on(left, NULL, 0, rules_date_of(today));
    if (!as.active) {
        not_active(r, "aftercare runs for two years after leaving school");
        return req_fail_code(r, SL_EPRECOND, MSG_AFTERCARE_NOT_ACTIVE);
    }
    if ((st = factdate_require_date(r, "aftercare contact", day, factdate_since(ef.left),
                                    FACTDATE_RULE_BEFORE_EXIT)) != SL_OK)
        return st;

    sl_id id = sl_id_new();
    st = store_exec(r->st, NULL,
                    "INSERT INTO aftercare_contacts (id, student_id, date, with_whom, outcome, "
                    "still_in_destination, referral_partner_id, coach_id, created_at) VALUES "
                    "(?1,?2,?3,?4,?5,?6,?7,?8,?9)",
                    SB(id.s), SB(sf->id), SB(c->date), SB(c->with_whom), SB(c->outcome),
                    SB((int)c->still_in_destination), SB(referral ? c->referral_partner_id : NULL),
                    SB(r->who->user_id), SB(r->now));
    if (st != SL_OK || (st = req_audit(r, "aftercare.log", "aftercare_contact", id.s,
                                       referral ? "referral" : "")) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_LOG_THE_AFTERCARE_CONTACT);
    Stagelijn__V1__AftercareContact *rc = SL_ARENA_NEW(r->arena, Stagelijn__V1__AftercareContact);
    stagelijn__v1__aftercare_contact__init(rc);
    rc->id = sl_arena_strdup(r->arena, id.s);
    rc->student_id = sl_arena_strdup(r->arena, sf->id);
    rc->date = sl_arena_strdup(r->arena, c->date);
    rc->with_whom = sl_arena_strdup(r->arena, c->with_whom);
    rc->outcome = sl_arena_strdup(r->arena, c->outcome);
    rc->still_in_destination = c->still_in_destination;
    rc->referral_partner_id = sl_arena_strdup(r->arena, referral ? c->referral_partner_id : "");
    rc->coach_id = sl_arena_strdup(r->arena, r->who->user_id);
    if ((st = names_of(r, NAME_PARTNER, rc->referral_partner_id, &rc->referral_partner_name)) !=
            SL_OK ||
        (st = names_of(r, NAME_USER, rc->coach_id, &rc->coach_name)) != SL_OK)
        return st;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_AFTERCARE_CONTACT;
    out->aftercare_contact = rc;
    return SL_OK;
}

sl_status handle_get_aftercare(request *r, const sl_envelope *in, sl_envelope *out)
{
    const student_facts *sf = &r->target.student;
    sl_status st = SL_OK;
    exit_facts ef;
    if ((st = load_exit(r, sf->id, &ef)) != SL_OK)
        return st;
    Stagelijn__V1__AftercareStatus *rep = SL_ARENA_NEW(r->arena, Stagelijn__V1__AftercareStatus);
    stagelijn__v1__aftercare_status__init(rep);
    rep->student_id = sl_arena_strdup(r->arena, sf->id);
    if ((st = names_of(r, NAME_STUDENT, sf->id, &rep->student_name)) != SL_OK)
        return st;
    rep->contacts = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__AftercareContact *, MAX_CONTACTS);
    rules_date *dates = SL_ARENA_ARRAY(r->arena, rules_date, MAX_CONTACTS);
    if ((st = load_contacts(r, sf->id, rep->contacts, dates, &rep->n_contacts)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    rep->due_by = "";
    if (ef.found) {
        rules_aftercare_status as = rules_aftercare_status_on(
            rules_date_of(ef.left), dates, rep->n_contacts, rules_date_of(r->today));
        rep->active = as.active;
        rep->contact_due = as.active && as.contact_due;
        rep->missed_slots = as.active ? (uint32_t)as.missed_slots : 0;
        if (rep->contact_due) {
            sl_date due = {as.due_by.y, as.due_by.m, as.due_by.d};
            rep->due_by = SL_ARENA_ARRAY(r->arena, char, 11);
            sl_date_format(due, rep->due_by);
        }
    }
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_AFTERCARE_STATUS;
    out->aftercare_status = rep;
    return SL_OK;
}

/* ---------------------------------------------------------------- outflow report */

/* The wire's tri-state; its CSV word is the enum's short name. */
static Stagelijn__V1__Outcome outcome_of(outflow_known k)
{
    return k == OUTFLOW_YES  ? STAGELIJN__V1__OUTCOME__OUTCOME_YES
           : k == OUTFLOW_NO ? STAGELIJN__V1__OUTCOME__OUTCOME_NO
                             : STAGELIJN__V1__OUTCOME__OUTCOME_NOT_YET_KNOWN;
}

static Stagelijn__V1__NormOutcome norm_of(outflow_norm n)
{
    switch (n) {
    case OUTFLOW_NORM_MET:
        return STAGELIJN__V1__NORM_OUTCOME__NORM_MET;
    case OUTFLOW_NORM_NOT_MET:
        return STAGELIJN__V1__NORM_OUTCOME__NORM_NOT_MET;
    case OUTFLOW_NORM_NO_LEAVERS:
        return STAGELIJN__V1__NORM_OUTCOME__NORM_NO_LEAVERS;
    case OUTFLOW_NORM_NOBODY_PLACED:
        return STAGELIJN__V1__NORM_OUTCOME__NORM_NOBODY_PLACED;
    default:
        return STAGELIJN__V1__NORM_OUTCOME__NORM_NOT_YET_KNOWN;
    }
}

sl_status handle_outflow_report(request *r, const sl_envelope *in, sl_envelope *out)
{
    sl_status rs;
    bool row;
    const char *cohort = in->outflow_report->cohort;
    int start_year;
    if (!outflow_cohort_parse(cohort, &start_year))
        return req_fail_code(r, SL_EINVAL, MSG_COHORT_FORMAT);

    sqlite3_stmt *q =
        store_query(r->st,
                    "SELECT e.student_id, " SQL_STUDENT_NAME(
                        "s") ", "
                             "e.profile, e.destination, e.left_date FROM exits e JOIN "
                             "students s ON s.id = e.student_id WHERE e.cohort = ?1 "
                             "ORDER BY " SQL_STUDENT_ORDER("s") " LIMIT ?2",
                    SB(cohort), SB(MAX_LEAVERS + 1));
    Stagelijn__V1__OutflowReport *rep = SL_ARENA_NEW(r->arena, Stagelijn__V1__OutflowReport);
    stagelijn__v1__outflow_report__init(rep);
    rep->cohort = sl_arena_strdup(r->arena, cohort);
    rep->rows = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__OutflowRow *, MAX_LEAVERS + 1);
    char **lefts = SL_ARENA_ARRAY(r->arena, char *, MAX_LEAVERS + 1);
    if (!q)
        return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        Stagelijn__V1__OutflowRow *o = SL_ARENA_NEW(r->arena, Stagelijn__V1__OutflowRow);
        stagelijn__v1__outflow_row__init(o);
        o->student_id = sl_arena_strdup(r->arena, store_col(q, 0));
        o->student_name = sl_arena_strdup(r->arena, store_col(q, 1));
        o->profile = (Stagelijn__V1__ExitProfile)sqlite3_column_int(q, 2);
        o->destination = sl_arena_strdup(r->arena, store_col(q, 3));
        lefts[rep->n_rows] = sl_arena_strdup(r->arena, store_col(q, 4));
        rep->rows[rep->n_rows++] = o;
    }
    if (rs != SL_OK)
        return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    rep->n_rows = req_list_cap(r, rep->n_rows, MAX_LEAVERS);

    rules_date ref = outflow_cohort_reference(start_year);
    rep->reference_date = SL_ARENA_ARRAY(r->arena, char, 11);
    sl_date_format(sl_date_of_rules(ref), rep->reference_date);

    unsigned placed = 0, lasted = 0, placed_unknown = 0, lasted_unknown = 0;
    char **refs = SL_ARENA_ARRAY(r->arena, char *, rep->n_rows ? rep->n_rows : 1);
    Stagelijn__V1__AftercareContact **contacts =
        SL_ARENA_ARRAY(r->arena, Stagelijn__V1__AftercareContact *, MAX_CONTACTS);
    rules_date *dates = SL_ARENA_ARRAY(r->arena, rules_date, MAX_CONTACTS);
    outflow_contact *oc = SL_ARENA_ARRAY(r->arena, outflow_contact, MAX_CONTACTS);
    for (size_t i = 0; i < rep->n_rows; i++) {
        Stagelijn__V1__OutflowRow *o = rep->rows[i];
        size_t n;
        if ((rs = load_contacts(r, o->student_id, contacts, dates, &n)) != SL_OK)
            return req_fail_code(r, rs, MSG_DATABASE_ERROR);
        for (size_t k = 0; k < n; k++) {
            oc[k].date = dates[k];
            oc[k].still_in_destination = contacts[k]->still_in_destination;
        }
        sl_date left;
        outflow_leaver l = {{0, 0, 0}, (int)o->profile, o->destination[0] != '\0', oc, n};
        if (sl_date_parse(lefts[i], &left))
            l.left = rules_date_of(left);
        outflow_result res = outflow_evaluate(&l, start_year);
        o->placed_on_reference_date = res.placed;
        o->lasted_year_1 = res.lasted_year_1;
        o->lasted_year_2 = res.lasted_year_2;
        outflow_state known = outflow_state_on(&l, &res, rules_date_of(r->today));
        o->placed = outcome_of(known.placed);
        o->year_1 = outcome_of(known.year_1);
        o->year_2 = outcome_of(known.year_2);
        placed_unknown += known.placed == OUTFLOW_NOT_YET_KNOWN;
        lasted_unknown += res.placed && known.year_1 == OUTFLOW_NOT_YET_KNOWN;
        placed += res.placed;
        lasted += res.placed && res.lasted_year_1;
        refs[i] = SL_ARENA_ARRAY(r->arena, char, 11);
        sl_date ref_day = {res.reference.y, res.reference.m, res.reference.d};
        if (rules_date_valid(res.reference))
            sl_date_format(ref_day, refs[i]);
    }
    outflow_totals t = outflow_totals_of((unsigned)rep->n_rows, placed, lasted);
    rep->leavers = t.leavers;
    rep->placed = t.placed;
    rep->lasted = t.lasted;
    rep->placed_pct = t.placed_pct;
    rep->lasted_pct = t.lasted_pct;
    rep->placed_norm_met = t.placed_norm_met;
    rep->lasted_norm_met = t.lasted_norm_met;
    outflow_norms norms = outflow_norms_of(&t, placed_unknown, lasted_unknown);
    rep->placed_norm = norm_of(norms.placed);
    rep->lasted_norm = norm_of(norms.lasted);

    for (size_t i = 0; i < rep->n_rows; i++) {
        rep->rows[i]->left_on = lefts[i];
        rep->rows[i]->reference_date = refs[i];
    }
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_OUTFLOW;
    out->outflow = rep;
    return SL_OK;
}
