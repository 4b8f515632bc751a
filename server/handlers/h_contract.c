/* The contract (WVO art. 35) and the placement lifecycle:
 *   PROPOSED --SaveContract--> CONTRACT_DRAFTED --last SignContract--> SIGNED
 *   SIGNED --SetPlacementStatus(ACTIVE)--> ACTIVE --SetPlacementStatus(COMPLETED)--> COMPLETED
 *   (any running state --ReportDropout--> ENDED_EARLY, in h_dropout.c)
 * Plus the school-norm warnings stored with a placement and their acceptance.
 *
 * Decisions: the text is locked from SIGNED on. A change of the text clears the signatures
 * already recorded (they were given to the earlier text) and restarts the "saved on" date, so
 * a signature is never older than what it signs. Saving an unchanged text changes nothing.
 * A signature can only be recorded on a complete text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "factdate.h"
#include "handlers.h"
#include "messages.h"
#include "names.h"
#include "placements.h"
#include "lifecycle.h"
#include "placement_rules.h"
#include "places.h"
#include "rules.h"
#include "target.h"
#include "timeutil.h"

#define MAX_LOCATIONS 10
#define MAX_LINE_BYTES 200 /* a location, a signer's name */
#define MAX_RULE_ID 64
#define MIN_REASON_CHARS 10

typedef Stagelijn__V1__Contract contract_msg;

/* What the contract rules need to know about the placement besides the contract row. */
typedef struct {
    int kind;
    sl_date start, end;
    sl_date birth;
    int n_schedule;
} placement_info;

static sl_status load_info(request *r, const char *placement_id, placement_info *pi)
{
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT p.kind, p.start_date, p.end_date, s.date_of_birth, "
                                  "(SELECT count(*) FROM placement_schedule ps WHERE "
                                  "ps.placement_id = p.id) FROM placements p JOIN students s "
                                  "ON s.id = p.student_id WHERE p.id = ?1",
                                  SB(placement_id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_PLACEMENT_VANISHED);
    pi->kind = sqlite3_column_int(q, 0);
    bool ok = sl_date_parse(store_col(q, 1), &pi->start) &&
              sl_date_parse(store_col(q, 2), &pi->end) &&
              sl_date_parse(store_col(q, 3), &pi->birth);
    pi->n_schedule = sqlite3_column_int(q, 4);
    store_stmt_done(q);
    return ok ? SL_OK : req_fail_code(r, SL_EINTERNAL, MSG_STORED_PLACEMENT_DATES_UNREADABLE);
}

static const char *party_code(int party)
{
    static const char *const names[] = {"", "school", "company", "student", "parent"};
    return party >= 1 && party <= 4 ? names[party] : "?";
}

static const char *status_code(int status)
{
    static const char *const names[] = {"",       "proposed",  "contract_drafted", "signed",
                                        "active", "completed", "ended_early"};
    return status >= 1 && status <= 6 ? names[status] : "?";
}

/* Loads the contract with its signatures from the store into *out (arena-owned); *exists
 * false (and an empty contract) when none was saved. saved_on gets the date of the last
 * content change. The store's error when a query failed: a failure is not "no contract". */
static sl_status contract_load(request *r, const char *placement_id, bool *exists,
                               char saved_on[11], contract_msg **out)
{
    sl_status rs;
    bool row;
    contract_msg *c = SL_ARENA_NEW(r->arena, contract_msg);
    stagelijn__v1__contract__init(c);
    c->placement_id = sl_arena_strdup(r->arena, placement_id);
    saved_on[0] = '\0';
    if ((rs = names_of(r, NAME_PLACEMENT_STUDENT, placement_id, &c->student_name)) != SL_OK ||
        (rs = names_of(r, NAME_PLACEMENT_COMPANY, placement_id, &c->company_name)) != SL_OK)
        return rs;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT learning_activities, locations, supervision_split, "
                                  "company_assessment_role, inspection_arrangement, "
                                  "accident_insurer, liability_insurer, premium_payer, saved_on "
                                  "FROM contracts WHERE placement_id = ?1",
                                  SB(placement_id));
    rs = store_row(q);
    if (rs != SL_OK && rs != SL_ENOTFOUND)
        return rs;
    *exists = rs == SL_OK;
    if (*exists) {
        c->learning_activities = sl_arena_strdup(r->arena, store_col(q, 0));
        char *locs = sl_arena_strdup(r->arena, store_col(q, 1));
        c->supervision_split = sl_arena_strdup(r->arena, store_col(q, 2));
        c->company_assessment_role = sl_arena_strdup(r->arena, store_col(q, 3));
        c->inspection_arrangement = sl_arena_strdup(r->arena, store_col(q, 4));
        c->accident_insurer = sl_arena_strdup(r->arena, store_col(q, 5));
        c->liability_insurer = sl_arena_strdup(r->arena, store_col(q, 6));
        c->premium_payer = sl_arena_strdup(r->arena, store_col(q, 7));
        snprintf(saved_on, 11, "%s", store_col(q, 8));
        store_stmt_done(q);
        c->locations = SL_ARENA_ARRAY(r->arena, char *, MAX_LOCATIONS);
        for (char *save = NULL, *tok = strtok_r(locs, "\n", &save);
             tok && c->n_locations < MAX_LOCATIONS; tok = strtok_r(NULL, "\n", &save))
            c->locations[c->n_locations++] = tok;
    }
    q = store_query(r->st,
                    "SELECT party, signer_name, date FROM contract_signatures WHERE "
                    "placement_id = ?1 ORDER BY party",
                    SB(placement_id));
    c->signatures = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__Signature *, 4);
    while ((rs = store_next(q, &row)) == SL_OK && row && c->n_signatures < 4) {
        Stagelijn__V1__Signature *s = SL_ARENA_NEW(r->arena, Stagelijn__V1__Signature);
        stagelijn__v1__signature__init(s);
        s->party = (Stagelijn__V1__SignatureParty)sqlite3_column_int(q, 0);
        s->signer_name = sl_arena_strdup(r->arena, store_col(q, 1));
        s->date = sl_arena_strdup(r->arena, store_col(q, 2));
        c->signatures[c->n_signatures++] = s;
    }
    if (rs != SL_OK)
        return rs;
    store_stmt_done(q);
    *out = c;
    return SL_OK;
}

static const Stagelijn__V1__Signature *signature_of(const contract_msg *c, int party)
{
    for (size_t i = 0; i < c->n_signatures; i++)
        if ((int)c->signatures[i]->party == party)
            return c->signatures[i];
    return NULL;
}

/* The rules' view of a contract. It is concluded on its last signature's date; a draft is
 * judged as if concluded today. */
static void contract_rules(const placement_info *pi, const contract_msg *c, sl_date today,
                           rules_contract *rc)
{
    memset(rc, 0, sizeof *rc);
    rc->learning_activities = c->learning_activities;
    rc->n_locations = (int)c->n_locations;
    rc->start = rules_date_of(pi->start);
    rc->end = rules_date_of(pi->end);
    rc->n_weekly_times = pi->n_schedule;
    rc->supervision_split = c->supervision_split;
    rc->company_assessment_role = c->company_assessment_role;
    rc->inspection_arrangement = c->inspection_arrangement;
    rc->accident_insurer = c->accident_insurer;
    rc->liability_insurer = c->liability_insurer;
    rc->premium_payer = c->premium_payer;
    rc->signed_school = signature_of(c, STAGELIJN__V1__SIGNATURE_PARTY__PARTY_SCHOOL) != NULL;
    rc->signed_company = signature_of(c, STAGELIJN__V1__SIGNATURE_PARTY__PARTY_COMPANY) != NULL;
    rc->signed_student = signature_of(c, STAGELIJN__V1__SIGNATURE_PARTY__PARTY_STUDENT) != NULL;
    rc->signed_parent = signature_of(c, STAGELIJN__V1__SIGNATURE_PARTY__PARTY_PARENT) != NULL;
    rc->student_birth = rules_date_of(pi->birth);
    sl_date concluded = today, latest = {0, 0, 0};
    for (size_t i = 0; i < c->n_signatures; i++) {
        sl_date d;
        if (sl_date_parse(c->signatures[i]->date, &d) &&
            (latest.y == 0 || sl_date_compare(d, latest) > 0))
            latest = d;
    }
    if (latest.y != 0)
        concluded = latest;
    rc->concluded_on = rules_date_of(concluded);
}

/* Fills complete, missing and parent_signature_required; returns whether complete. */
static bool contract_evaluate(request *r, const placement_info *pi, contract_msg *c)
{
    rules_contract rc;
    contract_rules(pi, c, r->today, &rc);
    rule_report rep;
    rules_report_init(&rep);
    rules_check_contract(&rc, &rep);
    c->parent_signature_required = rules_contract_needs_parent(&rc);
    c->complete = !rules_report_has_errors(&rep);
    c->missing = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__RuleViolation *, RULE_REPORT_CAPACITY);
    c->n_missing = 0;
    for (int i = 0; i < rep.count; i++) {
        Stagelijn__V1__RuleViolation *v = req_violation_new(r, &rep.items[i]);
        v->warning = rep.items[i].severity == RULE_WARNING;
        c->missing[c->n_missing++] = v;
    }
    return c->complete;
}

/* The placement's facts and its contract as stored (*exists: one was saved), evaluated
 * (missing items, complete: the return in *complete when not NULL). A database error fails
 * the request. */
static sl_status contract_current(request *r, const char *placement_id, placement_info *pi,
                                  contract_msg **c, bool *exists, bool *complete)
{
    sl_status st = load_info(r, placement_id, pi);
    if (st != SL_OK)
        return st;
    char saved_on[11];
    if ((st = contract_load(r, placement_id, exists, saved_on, c)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    bool done = contract_evaluate(r, pi, *c);
    if (complete)
        *complete = done;
    return SL_OK;
}

/* The reply of SaveContract and GetContract: the contract as it stands, evaluated. */
static sl_status reply_contract(request *r, const char *placement_id, sl_envelope *out)
{
    placement_info pi;
    contract_msg *c;
    bool exists;
    sl_status st = contract_current(r, placement_id, &pi, &c, &exists, NULL);
    if (st != SL_OK)
        return st;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_CONTRACT;
    out->contract = c;
    return SL_OK;
}

/* Records every missing item of `c` (already evaluated) as a violation. */
static void violations_from_missing(request *r, const contract_msg *c)
{
    for (size_t i = 0; i < c->n_missing; i++)
        req_violation(r, c->missing[i]->rule_id, c->missing[i]->message, false);
}

/* Moves the placement to `to`, with its audit row and a "placement_status" event. */
static sl_status set_status(request *r, const placement_facts *pf, int from, int to)
{
    sl_status st = placements_set_status(r->st, pf->id, to, r->now);
    char *details = sl_arena_printf(r->arena, "%s -> %s", status_code(from), status_code(to));
    req_detail_text d = req_detail(r, DET_EV_PLACEMENT_STATUS, status_code(to));
    event_spec ev = {.topic = "placement_status",
                     .student_id = pf->student_id,
                     .placement_id = pf->id,
                     .company_id = pf->company_id,
                     .class_id = pf->class_id,
                     .summary = d.text,
                     .coded = d};
    if (st == SL_OK)
        st = req_audit(r, "placement.status", "placement", pf->id, details);
    if (st == SL_OK)
        st = events_append(r, &ev);
    return st;
}

static sl_status check_line(request *r, const char *field, const char *v, bool required)
{
    sl_status st = req_check_text(r, field, v, required);
    if (st != SL_OK)
        return st;
    if (v && (strlen(v) > MAX_LINE_BYTES || strchr(v, '\n') || strchr(v, '\r')))
        return req_fail_code(r, SL_EINVAL, MSG_ONE_LINE_MAX, field, MAX_LINE_BYTES);
    return SL_OK;
}

static const char *nz(const char *s)
{
    return s ? s : "";
}

static bool same_text(const char *a, const char *b)
{
    return strcmp(nz(a), nz(b)) == 0;
}

/* ---------------------------------------------------------------- SaveContract */

/* The contract's free-text fields, in one order for checking and comparing. */
#define CONTRACT_TEXTS 7
static const char *const contract_text_names[CONTRACT_TEXTS] = {
    "learning_activities",    "supervision_split", "company_assessment_role",
    "inspection_arrangement", "accident_insurer",  "liability_insurer",
    "premium_payer"};

static void contract_texts(const contract_msg *c, const char *out[CONTRACT_TEXTS])
{
    const char *const v[CONTRACT_TEXTS] = {
        c->learning_activities,    c->supervision_split, c->company_assessment_role,
        c->inspection_arrangement, c->accident_insurer,  c->liability_insurer,
        c->premium_payer};
    memcpy(out, v, sizeof v);
}

/* The locations one per line (arena); "" for none. */
static char *joined_locations(request *r, const contract_msg *c)
{
    char *locs = sl_arena_strdup(r->arena, "");
    for (size_t i = 0; i < c->n_locations; i++)
        locs = sl_arena_printf(r->arena, "%s%s%s", locs, i ? "\n" : "", c->locations[i]);
    return locs;
}

/* The texts and 1..MAX_LOCATIONS locations of a contract to save. */
static sl_status check_contract(request *r, const contract_msg *c)
{
    const char *values[CONTRACT_TEXTS];
    contract_texts(c, values);
    sl_status st;
    for (size_t i = 0; i < CONTRACT_TEXTS; i++)
        if ((st = req_check_text(r, contract_text_names[i], values[i], false)) != SL_OK)
            return st;
    if (c->n_locations < 1 || c->n_locations > MAX_LOCATIONS)
        return req_fail_code(r, SL_EINVAL, MSG_LOCATIONS_COUNT, MAX_LOCATIONS);
    for (size_t i = 0; i < c->n_locations; i++)
        if ((st = check_line(r, "locations", c->locations[i], true)) != SL_OK)
            return st;
    return SL_OK;
}

/* Whether `c` differs from the stored contract (or there is none); the store's status. */
static sl_status contract_changed(request *r, const char *placement_id, const contract_msg *c,
                                  const char *locations, bool *changed)
{
    bool exists;
    char saved_on[11];
    contract_msg *old;
    sl_status st = contract_load(r, placement_id, &exists, saved_on, &old);
    if (st != SL_OK)
        return st;
    *changed = !exists;
    if (exists) {
        const char *before[CONTRACT_TEXTS], *after[CONTRACT_TEXTS];
        contract_texts(old, before);
        contract_texts(c, after);
        for (size_t i = 0; i < CONTRACT_TEXTS; i++)
            *changed |= !same_text(before[i], after[i]);
        *changed |= strcmp(joined_locations(r, old), locations) != 0;
    }
    return SL_OK;
}

/* Stores the text; a changed text clears the signatures, and a proposed placement has its
 * contract drafted now. Answers failures itself. */
static sl_status store_contract(request *r, const placement_facts *pf, const contract_msg *c,
                                const char *locations)
{
    char today[11];
    sl_date_format(r->today, today);
    sl_status st = store_exec(
        r->st, NULL,
        "INSERT INTO contracts (placement_id, learning_activities, locations, "
        "supervision_split, company_assessment_role, inspection_arrangement, "
        "accident_insurer, liability_insurer, premium_payer, updated_at, "
        "saved_on, saved_by) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12) "
        "ON CONFLICT (placement_id) DO UPDATE SET "
        "learning_activities = ?2, locations = ?3, supervision_split = ?4, "
        "company_assessment_role = ?5, inspection_arrangement = ?6, "
        "accident_insurer = ?7, liability_insurer = ?8, premium_payer = ?9, "
        "updated_at = ?10, saved_on = ?11, saved_by = ?12",
        SB(pf->id), SB(nz(c->learning_activities)), SB(locations), SB(nz(c->supervision_split)),
        SB(nz(c->company_assessment_role)), SB(nz(c->inspection_arrangement)),
        SB(nz(c->accident_insurer)), SB(nz(c->liability_insurer)), SB(nz(c->premium_payer)),
        SB(r->now), SB(today), SB(r->who->user_id));
    int cleared = 0;
    if (st == SL_OK)
        st = store_exec(r->st, &cleared, "DELETE FROM contract_signatures WHERE placement_id = ?1",
                        SB(pf->id));
    if (st == SL_OK)
        st = req_audit(r, "contract.save", "placement", pf->id,
                       cleared ? sl_arena_printf(r->arena,
                                                 "text changed; %d signature(s) "
                                                 "cleared",
                                                 cleared)
                               : "");
    if (st == SL_OK && pf->status == STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_PROPOSED)
        st = set_status(r, pf, pf->status,
                        STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_CONTRACT_DRAFTED);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_SAVE_THE_CONTRACT);
    /* The school's norm of an introductory meeting before the contract (a warning). */
    return places_check_stored(r, pf->id, LC_HOLD_CONTRACT);
}

sl_status handle_save_contract(request *r, const sl_envelope *in, sl_envelope *out)
{
    const contract_msg *c = in->save_contract->contract;
    if (!c)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "contract");
    const placement_facts *pf = &r->target.placement;
    sl_status st = check_contract(r, c);
    if (st != SL_OK)
        return st;
    char *locations = joined_locations(r, c);
    bool changed;
    if ((st = contract_changed(r, pf->id, c, locations, &changed)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    if (changed && (st = store_contract(r, pf, c, locations)) != SL_OK)
        return st;
    return reply_contract(r, pf->id, out);
}

/* ---------------------------------------------------------------- SignContract */

sl_status handle_sign_contract(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__SignContractRequest *req = in->sign_contract;
    const placement_facts *pf = &r->target.placement;
    sl_status st = SL_OK;
    const Stagelijn__V1__Signature *s = req->signature;
    if (!s)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "signature");
    int party = (int)s->party;
    if (party < STAGELIJN__V1__SIGNATURE_PARTY__PARTY_SCHOOL ||
        party > STAGELIJN__V1__SIGNATURE_PARTY__PARTY_PARENT)
        return req_fail_code(r, SL_EINVAL, MSG_PARTY_VALUES);
    /* The company's supervisor records the company's signature; the others go through the
     * school's staff, who hold the paper. */
    if (r->who->role == ROLE_SUPERVISOR && party != STAGELIJN__V1__SIGNATURE_PARTY__PARTY_COMPANY)
        return req_fail_code(r, SL_EPERM, MSG_SUPERVISOR_COMPANY_SIGNATURE);
    if ((st = check_line(r, "signer_name", s->signer_name, true)) != SL_OK)
        return st;
    sl_date date;
    if ((st = factdate_require(r, "contract signature", "date", s->date, factdate_any(),
                               FACTDATE_RULE_PLACEMENT, &date)) != SL_OK)
        return st;

    bool exists;
    char saved_on[11];
    contract_msg *c;
    if ((st = contract_load(r, pf->id, &exists, saved_on, &c)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    if (!exists) {
        req_violation(r, "CONTRACT_NOT_SAVED", "Save the contract before recording signatures.",
                      false);
        return req_fail_code(r, SL_EPRECOND, MSG_NO_CONTRACT_TO_SIGN);
    }
    sl_date saved;
    if (sl_date_parse(saved_on, &saved) && sl_date_compare(date, saved) < 0)
        return req_fail_code(r, SL_EINVAL, MSG_SIGNATURE_BEFORE_SAVED, s->date, saved_on);
    placement_info pi;
    if ((st = load_info(r, pf->id, &pi)) != SL_OK)
        return st;
    rules_contract rc;
    contract_rules(&pi, c, r->today, &rc);
    rule_report content;
    rules_report_init(&content);
    rules_check_contract_content(&rc, &content);
    if (rules_report_has_errors(&content)) {
        /* Every content rule is an error (the catalog says so), so the errors are all of it. */
        req_violations_from_report(r, &content, true);
        return req_fail_code(r, SL_EPRECOND, MSG_CONTRACT_INCOMPLETE);
    }
    if (party == STAGELIJN__V1__SIGNATURE_PARTY__PARTY_PARENT) {
        /* Judged on this signature's date if it were the last one. */
        sl_date concluded = date;
        for (size_t i = 0; i < c->n_signatures; i++) {
            sl_date d;
            if (sl_date_parse(c->signatures[i]->date, &d) && sl_date_compare(d, concluded) > 0)
                concluded = d;
        }
        rc.concluded_on = rules_date_of(concluded);
        if (!rules_contract_needs_parent(&rc)) {
            req_violation(r, "CONTRACT_PARENT_NOT_REQUIRED",
                          "The student is of age: a parent or guardian does not sign.", false);
            return req_fail_code(r, SL_EPRECOND, MSG_NO_PARENT_SIGNATURE_ADULT);
        }
    }

    st = store_exec(r->st, NULL,
                    "INSERT INTO contract_signatures (placement_id, party, signer_name, date, "
                    "recorded_by) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (placement_id, party) "
                    "DO UPDATE SET signer_name = ?3, date = ?4, recorded_by = ?5",
                    SB(pf->id), SB(party), SB(s->signer_name), SB(s->date), SB(r->who->user_id));
    if (st == SL_OK)
        st = req_audit(r, "contract.sign", "placement", pf->id, party_code(party));
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_RECORD_THE_SIGNATURE);

    if ((st = contract_load(r, pf->id, &exists, saved_on, &c)) != SL_OK)

        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    if (contract_evaluate(r, &pi, c)) {
        /* The last signature makes the placement hold its place: checked where it is taken,
         * and refused whole (the signature too) when there is none. */
        if ((st = places_check_stored(r, pf->id, LC_HOLD_TAKE)) != SL_OK)
            return st;
        if ((st = set_status(r, pf, pf->status,
                             STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_SIGNED)) != SL_OK)
            return req_fail_code(r, st, MSG_CANNOT_RECORD_THE_SIGNATURE);
    }
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_CONTRACT;
    out->contract = c;
    return SL_OK;
}

/* ---------------------------------------------------------------- GetContract */

sl_status handle_get_contract(request *r, const sl_envelope *in, sl_envelope *out)
{
    (void)in;
    return reply_contract(r, r->target.placement.id, out);
}

/* ---------------------------------------------------------------- PrintContract */

/* YYYY-MM-DD (already validated when stored) as the Dutch DD-MM-YYYY. */
static void date_nl(const char *ymd, char out[11])
{
    sl_date d;
    out[0] = '\0';
    if (!sl_date_parse(ymd, &d))
        return;
    memcpy(out, ymd + 8, 2);
    out[2] = '-';
    memcpy(out + 3, ymd + 5, 2);
    out[5] = '-';
    memcpy(out + 6, ymd, 4);
    out[10] = '\0';
}

static const char *kind_nl(int kind)
{
    static const char *const names[] = {"",
                                        "interne stage",
                                        "snuffelstage",
                                        "groepsstage",
                                        "individuele stage I (leerjaar 3)",
                                        "individuele stage II (leerjaar 3)",
                                        "sectorstage (leerjaar 4/5)",
                                        "Entree-stage",
                                        "duaal traject (Entree)"};
    return kind >= 1 && kind <= 8 ? names[kind] : "stage";
}

static void print_block(FILE *f, const char *title, const char *text)
{
    fprintf(f, "%s\n", title);
    fprintf(f, "%s\n\n", text && text[0] ? text : "(niet ingevuld)");
}

static void print_signature(FILE *f, const char *party, const Stagelijn__V1__Signature *s)
{
    char d[11] = "";
    if (s)
        date_nl(s->date, d);
    fprintf(f, "%s\n", party);
    fprintf(f, "  Naam:          %s\n", s ? s->signer_name : "______________________________");
    fprintf(f, "  Datum:         %s\n", s ? d : "______________");
    fprintf(f, "  Handtekening:  %s\n\n",
            s ? "(ondertekend; origineel in het dossier)" : "______________________________");
}

/* Who and what the contract is between, as printed (arena strings, dates DD-MM-YYYY). */
typedef struct {
    const char *first, *last, *company, *address, *city, *regno, *supervisor, *coach;
    bool recognised;
    char dob[11], start[11], end[11];
} contract_parties;

static sl_status load_parties(request *r, const char *placement_id, contract_parties *cp)
{
    sqlite3_stmt *q = store_query(
        r->st,
        "SELECT s.first_name, s.last_name, s.date_of_birth, co.name, co.address, co.city, "
        "co.recognised, co.registration_number, coalesce(su.display_name, ''), "
        "coalesce(ch.display_name, ''), p.start_date, p.end_date FROM placements p "
        "JOIN students s ON s.id = p.student_id JOIN companies co ON co.id = p.company_id "
        "LEFT JOIN users su ON su.id = p.supervisor_id LEFT JOIN users ch ON ch.id = p.coach_id "
        "WHERE p.id = ?1",
        SB(placement_id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_PLACEMENT_VANISHED);
    cp->first = sl_arena_strdup(r->arena, store_col(q, 0));
    cp->last = sl_arena_strdup(r->arena, store_col(q, 1));
    date_nl(store_col(q, 2), cp->dob);
    cp->company = sl_arena_strdup(r->arena, store_col(q, 3));
    cp->address = sl_arena_strdup(r->arena, store_col(q, 4));
    cp->city = sl_arena_strdup(r->arena, store_col(q, 5));
    cp->recognised = sqlite3_column_int(q, 6) != 0;
    cp->regno = sl_arena_strdup(r->arena, store_col(q, 7));
    cp->supervisor = sl_arena_strdup(r->arena, store_col(q, 8));
    cp->coach = sl_arena_strdup(r->arena, store_col(q, 9));
    date_nl(store_col(q, 10), cp->start);
    date_nl(store_col(q, 11), cp->end);
    store_stmt_done(q);
    return SL_OK;
}

/* The title, what a draft still lacks, the parties, the kind and the dates. */
static void print_head(FILE *f, request *r, const placement_info *pi, const contract_msg *c,
                       bool complete, const contract_parties *cp)
{
    fputs("Stageovereenkomst\n=================\n", f);
    fputs("(artikel 35 van de Wet op het voortgezet onderwijs)\n\n", f);
    if (!complete) {
        fputs("CONCEPT - deze overeenkomst is nog niet volledig en ondertekend. Ontbreekt:\n", f);
        for (size_t i = 0; i < c->n_missing; i++)
            fprintf(f, "  - %s (%s)\n", c->missing[i]->message, c->missing[i]->rule_id);
        fputc('\n', f);
    }
    fputs("Partijen\n\n", f);
    fputs("1. Het bevoegd gezag van de school (hierna: de school),\n", f);
    fprintf(f, "   voor deze stage vertegenwoordigd door stagebegeleider %s;\n\n",
            cp->coach[0] ? cp->coach : "(onbekend)");
    /* The date of birth is for school staff and the student; a supervisor sees the age band
     * that decides the working-time rules. */
    if (r->who->role == ROLE_SUPERVISOR) {
        int age = sl_age_on(pi->birth, r->today);
        fprintf(f, "2. De leerling %s %s, %s;\n\n", cp->first, cp->last,
                age >= 18   ? "meerderjarig"
                : age >= 16 ? "16 of 17 jaar oud"
                            : "jonger dan 16 jaar");
    } else {
        fprintf(f, "2. De leerling %s %s, geboren op %s;\n\n", cp->first, cp->last, cp->dob);
    }
    fprintf(f, "3. Het stagebedrijf %s", cp->company);
    if (cp->address[0] || cp->city[0])
        fprintf(f, ", %s%s%s", cp->address, cp->address[0] && cp->city[0] ? ", " : "", cp->city);
    fputs(",\n", f);
    if (cp->recognised)
        fprintf(f, "   erkend leerbedrijf%s%s,\n", cp->regno[0] ? ", registratienummer " : "",
                cp->regno);
    fprintf(f, "   met als praktijkbegeleider %s.\n\n",
            cp->supervisor[0] ? cp->supervisor : "(onbekend)");

    fprintf(f, "Soort stage:  %s\n", kind_nl(pi->kind));
    fprintf(f, "Begindatum:   %s\n", cp->start);
    fprintf(f, "Einddatum:    %s\n\n", cp->end);
}

/* Article 3, the weekly schedule; the store's status. */
static sl_status print_schedule(FILE *f, request *r, const char *placement_id)
{
    static const char *const days[] = {"",          "maandag", "dinsdag",  "woensdag",
                                       "donderdag", "vrijdag", "zaterdag", "zondag"};
    fputs("Artikel 3. Tijden (weekrooster)\n", f);
    fprintf(f, "  %-10s %-6s %-6s %-8s %s\n", "Dag", "Begin", "Einde", "Pauze", "Uren");
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT weekday, start_min, end_min, break_minutes FROM "
                                  "placement_schedule WHERE placement_id = ?1 ORDER BY weekday",
                                  SB(placement_id));
    sl_status rs;
    bool row;
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        int wd = sqlite3_column_int(q, 0), sm = sqlite3_column_int(q, 1),
            em = sqlite3_column_int(q, 2), br = sqlite3_column_int(q, 3);
        char s1[6], s2[6], brk[16];
        sl_clock_format(sm, s1);
        sl_clock_format(em, s2);
        snprintf(brk, sizeof brk, "%d min", br);
        int worked = em - sm - br;
        fprintf(f, "  %-10s %-6s %-6s %-8s %d:%02d\n", wd >= 1 && wd <= 7 ? days[wd] : "?", s1, s2,
                brk, worked / 60, worked % 60);
    }
    if (rs != SL_OK)
        return rs;
    store_stmt_done(q);
    fputc('\n', f);
    return SL_OK;
}

/* The articles of the contract's own text: 1, 2 and 4 to 7. Article 3 is print_schedule. */
static void print_articles_1_2(FILE *f, const contract_msg *c)
{
    print_block(f, "Artikel 1. Leeractiviteiten", c->learning_activities);
    fputs("Artikel 2. Stageplaats(en)\n", f);
    for (size_t i = 0; i < c->n_locations; i++)
        fprintf(f, "  - %s\n", c->locations[i]);
    fputc('\n', f);
}

static void print_articles_4_7(FILE *f, const contract_msg *c)
{
    print_block(f,
                "Artikel 4. Begeleiding (verdeling tussen stagebegeleider van de school en "
                "praktijkbegeleider van het bedrijf)",
                c->supervision_split);
    print_block(f, "Artikel 5. Beoordeling (de rol van het stagebedrijf)",
                c->company_assessment_role);
    print_block(f, "Artikel 6. Toezicht door de inspectie", c->inspection_arrangement);
    fputs("Artikel 7. Verzekering\n", f);
    fprintf(f, "  Ongevallen verzekerd door:                   %s\n",
            c->accident_insurer[0] ? c->accident_insurer : "(niet ingevuld)");
    fprintf(f, "  Wettelijke aansprakelijkheid verzekerd door: %s\n",
            c->liability_insurer[0] ? c->liability_insurer : "(niet ingevuld)");
    fprintf(f, "  Premie betaald door:                         %s\n\n",
            c->premium_payer[0] ? c->premium_payer : "(niet ingevuld)");
}

static void print_signatures(FILE *f, const contract_msg *c)
{
    fputs("Ondertekening\n\n", f);
    print_signature(f, "Namens de school",
                    signature_of(c, STAGELIJN__V1__SIGNATURE_PARTY__PARTY_SCHOOL));
    print_signature(f, "Namens het stagebedrijf",
                    signature_of(c, STAGELIJN__V1__SIGNATURE_PARTY__PARTY_COMPANY));
    print_signature(f, "De leerling",
                    signature_of(c, STAGELIJN__V1__SIGNATURE_PARTY__PARTY_STUDENT));
    if (c->parent_signature_required)
        print_signature(f, "Ouder/verzorger (de leerling is minderjarig)",
                        signature_of(c, STAGELIJN__V1__SIGNATURE_PARTY__PARTY_PARENT));
}

/* The whole document into *text (arena-owned); answers the failure itself. */
static sl_status print_document(request *r, const placement_info *pi, const contract_msg *c,
                                bool complete, const contract_parties *cp, char **text)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return req_fail_code(r, SL_EINTERNAL, MSG_OUT_OF_MEMORY);
    print_head(f, r, pi, c, complete, cp);
    print_articles_1_2(f, c);
    sl_status st = print_schedule(f, r, r->target.placement.id);
    if (st == SL_OK) {
        print_articles_4_7(f, c);
        print_signatures(f, c);
    }
    bool written = fclose(f) == 0 && buf;
    if (st == SL_OK && written)
        *text = sl_arena_strdup(r->arena, buf);
    free(buf);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    if (!written)
        return req_fail_code(r, SL_EINTERNAL, MSG_CANNOT_BUILD_THE_DOCUMENT);
    return SL_OK;
}

sl_status handle_print_contract(request *r, const sl_envelope *in, sl_envelope *out)
{
    const placement_facts *pf = &r->target.placement;
    placement_info pi;
    contract_msg *c;
    bool exists, complete = false;
    sl_status st = contract_current(r, pf->id, &pi, &c, &exists, &complete);
    if (st != SL_OK)
        return st;
    if (!exists) {
        req_violation(r, "CONTRACT_NOT_SAVED", "Save the contract before printing it.", false);
        return req_fail_code(r, SL_EPRECOND, MSG_NO_CONTRACT_TO_PRINT);
    }
    contract_parties cp;
    char *text = NULL;
    if ((st = load_parties(r, pf->id, &cp)) != SL_OK ||
        (st = print_document(r, &pi, c, complete, &cp, &text)) != SL_OK)
        return st;
    Stagelijn__V1__ContractDocument *doc = SL_ARENA_NEW(r->arena, Stagelijn__V1__ContractDocument);
    stagelijn__v1__contract_document__init(doc);
    doc->placement_id = sl_arena_strdup(r->arena, pf->id);
    doc->text = text;
    doc->school_name = sl_arena_strdup(r->arena, r->srv->cfg.school_name);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_CONTRACT_DOCUMENT;
    out->contract_document = doc;
    return SL_OK;
}

/* ---------------------------------------------------------------- SetPlacementStatus */

/* The placement as GetPlacement shows it (h_placement.c owns that view). */
static sl_status reply_placement(request *r, const char *id, sl_envelope *out)
{
    Stagelijn__V1__GetPlacementRequest g = STAGELIJN__V1__GET_PLACEMENT_REQUEST__INIT;
    g.id = (char *)id;
    sl_envelope get = STAGELIJN__V1__ENVELOPE__INIT;
    get.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_PLACEMENT;
    get.get_placement = &g;
    return handle_get_placement(r, &get, out);
}

sl_status handle_set_placement_status(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__SetPlacementStatusRequest *req = in->set_placement_status;
    const placement_facts *pf = &r->target.placement;
    sl_status st = SL_OK;
    int to = (int)req->status;
    if (to == STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ENDED_EARLY)
        return req_fail_code(r, SL_EINVAL, MSG_ENDS_EARLY_BY_DROPOUT);
    if (to != STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE &&
        to != STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_COMPLETED)
        return req_fail_code(r, SL_EINVAL, MSG_STATUS_ACTIVE_COMPLETED);

    bool activate = to == STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE;
    lc_op op = activate ? LC_OP_ACTIVATE : LC_OP_COMPLETE;
    placement_info pi;
    if ((st = load_info(r, pf->id, &pi)) != SL_OK)
        return st;
    const char *message;
    const char *rule = lifecycle_refusal(op, pf->status, &message);
    if (rule && activate && pf->status < STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_SIGNED) {
        /* What the contract still lacks says best why the placement cannot start. */
        bool exists;
        char saved_on[11];
        contract_msg *c;
        if ((st = contract_load(r, pf->id, &exists, saved_on, &c)) != SL_OK)
            return req_fail_code(r, st, MSG_DATABASE_ERROR);
        contract_evaluate(r, &pi, c);
        violations_from_missing(r, c);
        return req_fail_code(r, SL_EPRECOND, MSG_CONTRACT_BEFORE_START);
    }
    if (rule) {
        req_violation(r, rule, message, false);
        return activate ? req_fail_code(r, SL_EPRECOND, MSG_CANNOT_ACTIVATE_STATE,
                                        status_code(pf->status), rule)
                        : req_fail_code(r, SL_EPRECOND, MSG_CANNOT_COMPLETE_STATE,
                                        status_code(pf->status), rule);
    }
    if (!activate &&
        (rule = lifecycle_complete_guard(rules_date_of(r->today), rules_date_of(pi.end))) != NULL) {
        char end[11];
        sl_date_format(pi.end, end);
        req_violation(r, rule,
                      "The placement ends later; it is completed on or after its end date. To "
                      "end it earlier, report a dropout.",
                      false);
        return req_fail_code(r, SL_EPRECOND, MSG_PLACEMENT_RUNS_UNTIL, end);
    }
    /* Activation takes the place again: anything may have changed since the signature. */
    if (activate && (st = places_check_stored(r, pf->id, LC_HOLD_TAKE)) != SL_OK)
        return st;
    /* The law on the student's time, over all placements and recorded hours, as it stands the
     * day the placement starts to run. */
    if (activate && (st = placement_check_student_time(r, pf->id)) != SL_OK)
        return st == SL_EPRECOND ? req_fail_code(r, st, MSG_STUDENT_TIME_BREAKS_LAW) : st;
    if ((st = set_status(r, pf, pf->status, to)) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_CHANGE_THE_PLACEMENT_S_STATUS);
    return reply_placement(r, pf->id, out);
}

/* ---------------------------------------------------------------- warnings */

static sl_status reply_warnings(request *r, const char *placement_id, sl_envelope *out)
{
    sl_status rs;
    bool row;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT rule_id, message, accepted_at IS NOT NULL, "
                                  "coalesce(reason, ''), coalesce(accepted_by, ''), "
                                  "coalesce((SELECT display_name FROM users u WHERE u.id = "
                                  "accepted_by), ''), detail_code, detail_params FROM "
                                  "placement_warnings WHERE "
                                  "placement_id = ?1 ORDER BY rule_id",
                                  SB(placement_id));
    if (!q)
        return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    Stagelijn__V1__ListPlacementWarningsReply *rep =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__ListPlacementWarningsReply);
    stagelijn__v1__list_placement_warnings_reply__init(rep);
    rep->warnings =
        SL_ARENA_ARRAY(r->arena, Stagelijn__V1__PlacementWarning *, PLACEMENT_MAX_WARNINGS);
    while ((rs = store_next(q, &row)) == SL_OK && row && rep->n_warnings < PLACEMENT_MAX_WARNINGS) {
        Stagelijn__V1__PlacementWarning *w =
            SL_ARENA_NEW(r->arena, Stagelijn__V1__PlacementWarning);
        stagelijn__v1__placement_warning__init(w);
        w->rule_id = sl_arena_strdup(r->arena, store_col(q, 0));
        w->message = sl_arena_strdup(r->arena, store_col(q, 1));
        w->accepted = sqlite3_column_int(q, 2) != 0;
        /* The reason often explains a support need: school staff only. */
        w->reason =
            sl_arena_strdup(r->arena, role_is_school_staff(r->who->role) ? store_col(q, 3) : "");
        w->accepted_by = sl_arena_strdup(r->arena, store_col(q, 4));
        w->accepted_by_name = sl_arena_strdup(r->arena, store_col(q, 5));
        if (store_col(q, 6)[0]) { /* codes2: coded details, worded by the client */
            w->detail_code = sl_arena_strdup(r->arena, store_col(q, 6));
            w->detail_params = SL_ARENA_ARRAY(r->arena, char *, SL_MESSAGE_MAX_PARAMS);
            w->n_detail_params = sl_message_params_split(sl_arena_strdup(r->arena, store_col(q, 7)),
                                                         w->detail_params, SL_MESSAGE_MAX_PARAMS);
        }
        rep->warnings[rep->n_warnings++] = w;
    }
    if (rs != SL_OK)
        return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_PLACEMENT_WARNINGS_REPLY;
    out->list_placement_warnings_reply = rep;
    return SL_OK;
}

/* Characters of a UTF-8 text without its surrounding blanks. */
static size_t trimmed_chars(const char *s)
{
    const char *b = s, *e = s + strlen(s);
    while (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r')
        b++;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
        e--;
    size_t n = 0;
    for (const char *p = b; p < e; p++)
        n += ((unsigned char)*p & 0xC0) != 0x80;
    return n;
}

sl_status handle_accept_warning(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__AcceptWarningRequest *req = in->accept_warning;
    const placement_facts *pf = &r->target.placement;
    sl_status st = SL_OK;
    if ((st = req_check_text(r, "rule_id", req->rule_id, true)) != SL_OK)
        return st;
    if (strlen(req->rule_id) > MAX_RULE_ID)
        return req_fail_code(r, SL_EINVAL, MSG_RULE_ID_MAX, MAX_RULE_ID);
    if ((st = req_check_text(r, "reason", req->reason, true)) != SL_OK)
        return st;
    if (trimmed_chars(req->reason) < MIN_REASON_CHARS)
        return req_fail_code(r, SL_EINVAL, MSG_REASON_MIN_CHARS, MIN_REASON_CHARS);
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT accepted_at IS NOT NULL FROM placement_warnings WHERE "
                                  "placement_id = ?1 AND rule_id = ?2",
                                  SB(pf->id), SB(req->rule_id));
    /* Only "no row" is the client's problem; a failed query keeps its own status. */
    sl_status found = store_row(q);
    if (found == SL_ENOTFOUND)
        return req_fail_code(r, SL_ENOTFOUND, MSG_NO_SUCH_WARNING, req->rule_id);
    if (found != SL_OK)
        return req_fail_code(r, found, MSG_DATABASE_ERROR);
    bool accepted = sqlite3_column_int(q, 0) != 0;
    store_stmt_done(q);
    if (accepted)
        return req_fail_code(r, SL_EEXISTS, MSG_WARNING_ACCEPTED_ALREADY, req->rule_id);
    st = store_exec(r->st, NULL,
                    "UPDATE placement_warnings SET accepted_by = ?3, reason = ?4, accepted_at = "
                    "?5 WHERE placement_id = ?1 AND rule_id = ?2",
                    SB(pf->id), SB(req->rule_id), SB(r->who->user_id), SB(req->reason), SB(r->now));
    if (st == SL_OK)
        st = req_audit(r, "warning.accept", "placement", pf->id, req->rule_id);
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_ACCEPT_THE_WARNING);
    return reply_warnings(r, pf->id, out);
}

sl_status handle_list_placement_warnings(request *r, const sl_envelope *in, sl_envelope *out)
{
    const placement_facts *pf = &r->target.placement;
    return reply_warnings(r, pf->id, out);
}
