/* Overviews for school staff: a coach's visit plan for a week (ordered into a route), the
 * student dossier (the whole line in time order; also the student's right of access), a
 * coach's caseload, and a mentor's class overview. All read-only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "collate.h"
#include "dropout_case.h"
#include "geo.h"
#include "handlers.h"
#include "risk_signal.h"
#include "placement_rules.h"
#include "rules.h"
#include "target.h"
#include "timeutil.h"

#define MAX_PLAN 500      /* a coach has a few dozen interns */
#define MAX_CASELOAD 4000 /* items: interns, visits, agendas, assessments */
#define MAX_DOSSIER 5000  /* entries over six school years and two of aftercare */
#define MAX_CLASS 500     /* students in one class */
#define CASELOAD_VISIT_DAYS 7
#define CASELOAD_END_DAYS 14

/* The interns a coach answers for: those he/she coaches, and for a support coach the
 * students with a support need assigned to him/her (DOMAIN: the support coach follows the
 * support students' internships as well). `me` is the parameter holding the user id; the
 * query names the placement p and the student s. */
#define SQL_COACHED_BY(me) "(p.coach_id = " me " OR s.support_coach_id = " me ")"

static char *date_str(request *r, sl_date d)
{
    char *s = SL_ARENA_ARRAY(r->arena, char, 11);
    sl_date_format(d, s);
    return s;
}

static const char *kind_name(int k)
{
    static const char *const names[] = {"",       "internal",     "taster",
                                        "group",  "individual I", "individual II",
                                        "sector", "Entree",       "dual track"};
    return k >= 1 && k <= 8 ? names[k] : "unknown";
}

static const char *status_name(int s)
{
    static const char *const names[] = {"",       "proposed",  "contract drafted", "signed",
                                        "active", "completed", "ended early"};
    return s >= 1 && s <= 6 ? names[s] : "unknown";
}

static const char *advice_name(int a)
{
    return a == STAGELIJN__V1__ADVICE__ADVICE_INDIVIDUAL ? "individual internship"
           : a == STAGELIJN__V1__ADVICE__ADVICE_GROUP    ? "group internship"
                                                         : "none";
}

static const char *judgement_name(int j)
{
    return j == STAGELIJN__V1__JUDGEMENT__JUDGEMENT_POSITIVE   ? "positive"
           : j == STAGELIJN__V1__JUDGEMENT__JUDGEMENT_NEGATIVE ? "negative"
                                                               : "not given";
}

/* The next visit of a placement: by calendar_visit_due, the scheduler's rule (school weeks),
 * from the last visit or the start before the first. SL_OK with *due, SL_EINVAL when the
 * stored date does not parse, else the store's error. */
static sl_status visit_due(request *r, const char *last_visit, const char *start, bool support,
                           sl_date *due)
{
    sl_date from;
    if (!sl_date_parse(last_visit[0] ? last_visit : start, &from))
        return SL_EINVAL;
    int interval = rules_visit_interval(support, (int)r->srv->cfg.visit_interval_days,
                                        (int)r->srv->cfg.support_visit_interval_days);
    return calendar_visit_due_read(r->st, from, interval, due);
}

/* ---------------------------------------------------------------- visit plan */

/* SL_OK when the user is a coach, SL_ENOTFOUND when not, the store's error otherwise. */
static sl_status is_coach(request *r, const char *user_id)
{
    return store_exists(r->st,
                        "SELECT 1 FROM users WHERE id = ?1 AND role IN ('coach', "
                        "'support_coach')",
                        SB(user_id));
}

/* A company without coordinates (both 0, the default) cannot be placed on the map; it goes
 * at the end of the route with a leg of 0 km so that the coach still sees the visit. */
static bool has_position(double lat, double lon)
{
    return geo_valid(lat, lon) && !(lat == 0.0 && lon == 0.0);
}

/* The coach whose week is planned: the caller, or the named coach (coaches stand in for each
 * other, so the policy lets a coach plan a colleague's week). SL_OK or the failed request. */
static sl_status visit_plan_coach(request *r, const Stagelijn__V1__VisitPlanRequest *req,
                                  const char **coach)
{
    sl_status st;
    *coach = r->who->user_id;
    if (!req->coach_id || !req->coach_id[0])
        return SL_OK;
    if ((st = req_check_id(r, "coach_id", req->coach_id)) != SL_OK)
        return st;
    if ((st = is_coach(r, req->coach_id)) != SL_OK)
        return (st == SL_ENOTFOUND ? req_fail_code(r, st, MSG_NO_SUCH_COACH)
                                   : req_fail_code(r, st, MSG_DATABASE_ERROR));
    *coach = req->coach_id;
    return SL_OK;
}

/* *sunday: the last day of the planned week (the given Monday's, or this week's). */
static sl_status visit_plan_sunday(request *r, const Stagelijn__V1__VisitPlanRequest *req,
                                   sl_date *sunday)
{
    sl_date today = r->today, monday;
    if (req->week_start && req->week_start[0]) {
        if (!sl_date_parse(req->week_start, &monday) || sl_date_weekday(monday) != 1)
            return req_fail_code(r, SL_EINVAL, MSG_WEEK_START_MONDAY);
    } else {
        monday = sl_date_from_days(sl_date_to_days(today) - (sl_date_weekday(today) - 1));
    }
    *sunday = sl_date_from_days(sl_date_to_days(monday) + 6);
    return SL_OK;
}

/* The planned visit of the current row of the visit plan query, due on `due`. */
static Stagelijn__V1__PlannedVisit *planned_visit_of(request *r, sqlite3_stmt *q, sl_date due)
{
    Stagelijn__V1__PlannedVisit *v = SL_ARENA_NEW(r->arena, Stagelijn__V1__PlannedVisit);
    stagelijn__v1__planned_visit__init(v);
    v->placement_id = sl_arena_strdup(r->arena, store_col(q, 0));
    v->student_id = sl_arena_strdup(r->arena, store_col(q, 1));
    v->student_name = sl_arena_strdup(r->arena, store_col(q, 2));
    v->company_id = sl_arena_strdup(r->arena, store_col(q, 3));
    v->company_name = sl_arena_strdup(r->arena, store_col(q, 4));
    const char *addr = store_col(q, 5), *city = store_col(q, 6);
    v->address = sl_arena_printf(r->arena, "%s%s%s", addr, addr[0] && city[0] ? ", " : "", city);
    v->due_date = date_str(r, due);
    v->overdue = sl_date_compare(r->today, due) > 0;
    /* The school's norm behind `overdue`, named as the rule (the plan: about every 3 weeks,
     * support students more often), from the same last visit (or start) and interval. */
    sl_date from;
    const char *last = store_col(q, 12);
    if (v->overdue && sl_date_parse(last[0] ? last : store_col(q, 9), &from)) {
        int interval = rules_visit_interval(sqlite3_column_int(q, 11) != 0,
                                            (int)r->srv->cfg.visit_interval_days,
                                            (int)r->srv->cfg.support_visit_interval_days);
        rule_report rep;
        rules_report_init(&rep);
        rules_check_visit(rules_date_of(from), rules_date_of(r->today), interval, &rep);
        size_t before = r->n_violations;
        req_violations_from_report(r, &rep, false);
        v->n_findings = r->n_violations - before;
        v->findings = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__RuleViolation *,
                                     v->n_findings ? v->n_findings : 1);
        for (size_t i = 0; i < v->n_findings; i++)
            v->findings[i] = r->violations[before + i];
        r->n_violations = before;
    }
    return v;
}

/* The visits of the coach's active placements due by `sunday`, at most MAX_PLAN, with their
 * companies' positions; *n of them in found/lat/lon. SL_OK or the failed request. */
static sl_status load_visits_due(request *r, const char *coach, sl_date sunday,
                                 Stagelijn__V1__PlannedVisit **found, double *lat, double *lon,
                                 size_t *n)
{
    sl_status rs;
    bool row;
    sqlite3_stmt *q = store_query(
        r->st,
        "SELECT p.id, p.student_id, " SQL_STUDENT_NAME(
            "s") ", p.company_id, c.name, "
                 "c.address, c.city, coalesce(c.latitude, 0), coalesce(c.longitude, 0), "
                 "p.start_date, "
                 "p.end_date, s.support_need, coalesce((SELECT max(v.date) FROM visits v WHERE "
                 "v.placement_id = p.id), '') FROM placements p JOIN students s ON s.id = "
                 "p.student_id "
                 "JOIN companies c ON c.id = p.company_id WHERE " SQL_COACHED_BY(
                     "?1") " AND p.status = ?2 "
                           "ORDER BY p.start_date, p.id LIMIT ?3",
        SB(coach), SB((int)STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE), SB(MAX_PLAN + 1));
    if (!q)
        return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    size_t read = 0;
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        if (read++ == MAX_PLAN) {
            r->list_cap = MAX_PLAN; /* labels: more internships than the plan reads */
            break;
        }
        sl_date due, end;
        sl_status vs =
            visit_due(r, store_col(q, 12), store_col(q, 9), sqlite3_column_int(q, 11) != 0, &due);
        if (vs != SL_OK && vs != SL_EINVAL) {
            store_stmt_done(q);
            return req_fail_code(r, vs, MSG_DATABASE_ERROR);
        }
        if (vs != SL_OK || !sl_date_parse(store_col(q, 10), &end))
            continue;
        /* Due after the placement ends: no visit is needed any more (the end assessment
         * takes its place). */
        if (sl_date_compare(due, sunday) > 0 || sl_date_compare(due, end) > 0)
            continue;
        lat[*n] = sqlite3_column_double(q, 7);
        lon[*n] = sqlite3_column_double(q, 8);
        found[(*n)++] = planned_visit_of(r, q, due);
    }
    if (rs != SL_OK)
        return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    return SL_OK;
}

/* The reply: nearest neighbour from the school over the companies with a position, then the
 * visits without one. */
static Stagelijn__V1__VisitPlanReply *route_visits(request *r, Stagelijn__V1__PlannedVisit **found,
                                                   const double *lat, const double *lon, size_t n)
{
    size_t *idx = SL_ARENA_ARRAY(r->arena, size_t, n ? n : 1);
    double *plat = SL_ARENA_ARRAY(r->arena, double, n ? n : 1);
    double *plon = SL_ARENA_ARRAY(r->arena, double, n ? n : 1);
    size_t *order = SL_ARENA_ARRAY(r->arena, size_t, n ? n : 1);
    double *legs = SL_ARENA_ARRAY(r->arena, double, n ? n : 1);
    size_t np = 0;
    for (size_t i = 0; i < n; i++)
        if (has_position(lat[i], lon[i])) {
            idx[np] = i;
            plat[np] = lat[i];
            plon[np] = lon[i];
            np++;
        }
    geo_route_nearest(plat, plon, np, r->srv->cfg.school_latitude, r->srv->cfg.school_longitude,
                      order, legs);
    Stagelijn__V1__VisitPlanReply *rep = SL_ARENA_NEW(r->arena, Stagelijn__V1__VisitPlanReply);
    stagelijn__v1__visit_plan_reply__init(rep);
    rep->visits = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__PlannedVisit *, n ? n : 1);
    for (size_t k = 0; k < np; k++) {
        Stagelijn__V1__PlannedVisit *v = found[idx[order[k]]];
        v->leg_km = legs[k];
        rep->total_km += legs[k];
        v->order = (uint32_t)(rep->n_visits + 1);
        rep->visits[rep->n_visits++] = v;
    }
    for (size_t i = 0; i < n; i++)
        if (!has_position(lat[i], lon[i])) {
            found[i]->order = (uint32_t)(rep->n_visits + 1);
            rep->visits[rep->n_visits++] = found[i];
        }
    return rep;
}

sl_status handle_visit_plan(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__VisitPlanRequest *req = in->visit_plan;
    sl_status st;
    const char *coach;
    sl_date sunday;
    if ((st = visit_plan_coach(r, req, &coach)) != SL_OK ||
        (st = visit_plan_sunday(r, req, &sunday)) != SL_OK)
        return st;
    Stagelijn__V1__PlannedVisit **found =
        SL_ARENA_ARRAY(r->arena, Stagelijn__V1__PlannedVisit *, MAX_PLAN);
    double *lat = SL_ARENA_ARRAY(r->arena, double, MAX_PLAN);
    double *lon = SL_ARENA_ARRAY(r->arena, double, MAX_PLAN);
    size_t n = 0;
    if ((st = load_visits_due(r, coach, sunday, found, lat, lon, &n)) != SL_OK)
        return st;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_VISIT_PLAN_REPLY;
    out->visit_plan_reply = route_visits(r, found, lat, lon, n);
    return SL_OK;
}

/* ---------------------------------------------------------------- dossier */

typedef struct {
    Stagelijn__V1__DossierEntry **items;
    size_t n;
} dossier;

/* `recorded` is when the fact was typed in (unix s; 0 = not kept). */
static void add_entry(request *r, dossier *d, const char *date, int64_t recorded, const char *kind,
                      const char *ref_id, const char *summary)
{
    if (d->n >= MAX_DOSSIER) {
        r->list_cap = MAX_DOSSIER; /* labels: the reply says the dossier was cut */
        return;
    }
    Stagelijn__V1__DossierEntry *e = SL_ARENA_NEW(r->arena, Stagelijn__V1__DossierEntry);
    stagelijn__v1__dossier_entry__init(e);
    e->date = sl_arena_strdup(r->arena, date);
    e->kind = sl_arena_strdup(r->arena, kind);
    e->ref_id = sl_arena_strdup(r->arena, ref_id);
    e->summary = sl_arena_strdup(r->arena, summary);
    e->recorded_at = SL_ARENA_ARRAY(r->arena, char, 32);
    e->recorded_at[0] = '\0';
    if (recorded > 0)
        sl_time_format_rfc3339(recorded, e->recorded_at);
    d->items[d->n++] = e;
}

/* add_entry with the summary as a detail code and its parameters (codes, issue 7 item 15). */
static void add_coded_entry(request *r, dossier *d, const char *date, int64_t recorded,
                            const char *kind, const char *ref_id, req_detail_text t)
{
    size_t n = d->n;
    add_entry(r, d, date, recorded, kind, ref_id, t.text);
    if (d->n == n || !t.code)
        return;
    d->items[n]->summary_code = t.code;
    d->items[n]->summary_params = t.params;
    d->items[n]->n_summary_params = t.n_params;
}

/* Oldest first by the day the fact happened, then by when it was typed in (RFC 3339 UTC of
 * one width, so the text orders as the time; not kept sorts first); entries equal in both
 * keep the order of the line (the order they were added). */
static int entry_cmp(const void *a, const void *b)
{
    const Stagelijn__V1__DossierEntry *x = *(Stagelijn__V1__DossierEntry *const *)a;
    const Stagelijn__V1__DossierEntry *y = *(Stagelijn__V1__DossierEntry *const *)b;
    int c = strcmp(x->date, y->date);
    return c ? c : strcmp(x->recorded_at, y->recorded_at);
}

static void stable_sort(Stagelijn__V1__DossierEntry **items, size_t n)
{
    /* Insertion sort keeps equal dates in order; a dossier has hundreds of entries, and they
     * arrive mostly sorted per source. */
    for (size_t i = 1; i < n; i++) {
        Stagelijn__V1__DossierEntry *e = items[i];
        size_t j = i;
        while (j > 0 && entry_cmp(&items[j - 1], &e) > 0) {
            items[j] = items[j - 1];
            j--;
        }
        items[j] = e;
    }
}

static const char *party_name(int p)
{
    static const char *const names[] = {"", "school", "company", "student", "parent/guardian"};
    return p >= 1 && p <= 4 ? names[p] : "unknown";
}

/* Every source of the line. Summaries hold facts only (kinds, dates, statuses, verdicts,
 * ratings, names of companies and places); never the free-text notes of a visit, an
 * assessment's comments, a dropout's reason, the orientation answers or an aftercare
 * contact's outcome. The dossier is an index: the notes stay behind the detailed read
 * requests, each with its own policy, and the same dossier can be shown to the student
 * (right of access) and to staff without one party's notes reaching another. */
/* SL_EINTERNAL when a query could not be prepared: a dossier with a silently missing section
 * would look complete. */
/* One row of a kind of fact, turned into dossier entries (`sid` is the student's id). */
typedef void (*dossier_row_fn)(request *r, dossier *d, const char *sid, sqlite3_stmt *q);

static void dossier_interest_test(request *r, dossier *d, const char *sid, sqlite3_stmt *q)
{
    req_detail_text t =
        req_detail(r, DET_DS_INTEREST_TEST, sqlite3_column_int(q, 2), store_col(q, 3));
    add_coded_entry(r, d, store_col(q, 1), sqlite3_column_int64(q, 4), "interest_test",
                    store_col(q, 0), t);
}

static void dossier_orientation(request *r, dossier *d, const char *sid, sqlite3_stmt *q)
{
    add_coded_entry(r, d, store_col(q, 0), sqlite3_column_int64(q, 2), "orientation", sid,
                    sqlite3_column_int(q, 1) ? req_detail(r, DET_DS_ORIENTATION_INTERVIEW)
                                             : req_detail(r, DET_DS_ORIENTATION_QUESTIONNAIRE));
}

static void dossier_readiness(request *r, dossier *d, const char *sid, sqlite3_stmt *q)
{
    int computed = sqlite3_column_int(q, 1), over = sqlite3_column_int(q, 2);
    /* Each summary is one fixed format with its parameters: an optional part is a format of
     * its own. */
    req_detail_text t =
        over ? req_detail(r, DET_DS_READINESS_OVERRIDE, advice_name(computed), advice_name(over))
             : req_detail(r, DET_DS_READINESS, advice_name(computed), advice_name(computed));
    add_coded_entry(r, d, store_col(q, 0), sqlite3_column_int64(q, 3), "readiness", sid, t);
}

static void dossier_company_visit(request *r, dossier *d, const char *sid, sqlite3_stmt *q)
{
    add_coded_entry(r, d, store_col(q, 1), sqlite3_column_int64(q, 3), "company_visit",
                    store_col(q, 0), req_detail(r, DET_DS_COMPANY_VISIT, store_col(q, 2)));
}

static void dossier_intro_meeting(request *r, dossier *d, const char *sid, sqlite3_stmt *q)
{
    req_detail_text t = req_detail(r, DET_DS_INTRO_MEETING, store_col(q, 2),
                                   sqlite3_column_int(q, 3) ? "both sides agree" : "no agreement");
    add_coded_entry(r, d, store_col(q, 1), sqlite3_column_int64(q, 4), "intro_meeting",
                    store_col(q, 0), t);
}

static void dossier_placement(request *r, dossier *d, const char *sid, sqlite3_stmt *q)
{
    req_detail_text t =
        req_detail(r, DET_DS_PLACEMENT, kind_name(sqlite3_column_int(q, 3)), store_col(q, 2),
                   store_col(q, 5), store_col(q, 6), status_name(sqlite3_column_int(q, 4)));
    add_coded_entry(r, d, store_col(q, 1), sqlite3_column_int64(q, 7), "placement", store_col(q, 0),
                    t);
}

static void dossier_contract(request *r, dossier *d, const char *sid, sqlite3_stmt *q)
{
    add_coded_entry(r, d, store_col(q, 1), sqlite3_column_int64(q, 3), "contract", store_col(q, 0),
                    req_detail(r, DET_DS_CONTRACT, store_col(q, 2)));
}

static void dossier_contract_signature(request *r, dossier *d, const char *sid, sqlite3_stmt *q)
{
    add_coded_entry(r, d, store_col(q, 1), 0, "contract_signature", store_col(q, 0),
                    req_detail(r, DET_DS_CONTRACT_SIGNED, party_name(sqlite3_column_int(q, 2))));
}

static void dossier_visit(request *r, dossier *d, const char *sid, sqlite3_stmt *q)
{
    add_coded_entry(r, d, store_col(q, 1), sqlite3_column_int64(q, 3), "visit", store_col(q, 0),
                    req_detail(r, DET_DS_VISIT, store_col(q, 2)));
}

static void dossier_agenda(request *r, dossier *d, const char *sid, sqlite3_stmt *q)
{
    int min = sqlite3_column_int(q, 4);
    bool sup = sqlite3_column_int(q, 2) != 0, coach = sqlite3_column_int(q, 3) != 0;
    req_detail_text t = req_detail(r, DET_DS_AGENDA, min,
                                   coach ? "signed by the supervisor and signed off by the coach"
                                   : sup ? "signed by the supervisor, not yet signed off"
                                         : "not signed yet");
    add_coded_entry(r, d, store_col(q, 1), sqlite3_column_int64(q, 5), "agenda", store_col(q, 0),
                    t);
}

static void dossier_assessment(request *r, dossier *d, const char *sid, sqlite3_stmt *q)
{
    int period = sqlite3_column_int(q, 3);
    const char *verdict = judgement_name(sqlite3_column_int(q, 4));
    int ratings[5];
    for (int i = 0; i < 5; i++)
        ratings[i] = sqlite3_column_int(q, 5 + i);
    bool end = sqlite3_column_int(q, 2) == STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_END;
    req_detail_text t = end || period <= 0
                            ? req_detail(r, DET_DS_ASSESSMENT, end ? "end" : "interim", verdict,
                                         ratings[0], ratings[1], ratings[2], ratings[3], ratings[4])
                            : req_detail(r, DET_DS_INTERIM_PERIOD, period, verdict, ratings[0],
                                         ratings[1], ratings[2], ratings[3], ratings[4]);
    add_coded_entry(r, d, store_col(q, 1), sqlite3_column_int64(q, 10), "assessment",
                    store_col(q, 0), t);
}

static void dossier_assignment(request *r, dossier *d, const char *sid, sqlite3_stmt *q)
{
    static const char *const st[] = {"", "open", "in progress", "submitted", "approved"};
    int s = sqlite3_column_int(q, 5);
    req_detail_text t =
        req_detail(r, DET_DS_ASSIGNMENT, sqlite3_column_int(q, 2), sqlite3_column_int(q, 3),
                   store_col(q, 4), s >= 1 && s <= 4 ? st[s] : "unknown");
    add_coded_entry(r, d, store_col(q, 1), sqlite3_column_int64(q, 6), "assignment",
                    store_col(q, 0), t);
}

static void dossier_dropout(request *r, dossier *d, const char *sid, sqlite3_stmt *q)
{
    add_coded_entry(r, d, store_col(q, 1), sqlite3_column_int64(q, 3), "dropout", store_col(q, 0),
                    req_detail(r, DET_DS_DROPOUT, store_col(q, 2)));
}

/* dropout: each step of the dropout procedure after the report (the notes stay in the case). */
static void dossier_dropout_step(request *r, dossier *d, const char *sid, sqlite3_stmt *q)
{
    (void)sid;
    add_coded_entry(
        r, d, store_col(q, 1), sqlite3_column_int64(q, 3), "dropout_step", store_col(q, 0),
        req_detail(r, DET_DS_DROPOUT_STEP, dropout_action_name(sqlite3_column_int(q, 2))));
}

static void dossier_study_advice(request *r, dossier *d, const char *sid, sqlite3_stmt *q)
{
    add_coded_entry(r, d, store_col(q, 1), sqlite3_column_int64(q, 3), "study_advice",
                    store_col(q, 0),
                    sqlite3_column_int(q, 2) ? req_detail(r, DET_DS_BSA_CONTINUE)
                                             : req_detail(r, DET_DS_BSA_STOP));
}

static void dossier_exam(request *r, dossier *d, const char *sid, sqlite3_stmt *q)
{
    const char *res = store_col(q, 2);
    add_coded_entry(r, d, store_col(q, 1), sqlite3_column_int64(q, 3), "exam", store_col(q, 0),
                    req_detail(r, DET_DS_EXAM, res[0] ? res : "planned"));
}

static void dossier_group_session(request *r, dossier *d, const char *sid, sqlite3_stmt *q)
{
    const char *part = sqlite3_column_int(q, 3) == STAGELIJN__V1__DAY_PART__DAYPART_MORNING
                           ? "morning"
                           : "afternoon";
    req_detail_text t = sqlite3_column_int(q, 4)
                            ? req_detail(r, DET_DS_GROUP_SESSION_DROPOUT, store_col(q, 2), part)
                            : req_detail(r, DET_DS_GROUP_SESSION, store_col(q, 2), part);
    add_coded_entry(r, d, store_col(q, 1), sqlite3_column_int64(q, 5), "group_session",
                    store_col(q, 0), t);
}

static void dossier_group_reflection(request *r, dossier *d, const char *sid, sqlite3_stmt *q)
{
    add_coded_entry(r, d, store_col(q, 1), sqlite3_column_int64(q, 3), "group_reflection",
                    store_col(q, 0),
                    sqlite3_column_int(q, 2) ? req_detail(r, DET_DS_REFLECTION_READY)
                                             : req_detail(r, DET_DS_REFLECTION_STAYS));
}

static void dossier_exit(request *r, dossier *d, const char *sid, sqlite3_stmt *q)
{
    if (store_col(q, 1)[0])
        add_coded_entry(r, d, store_col(q, 1), sqlite3_column_int64(q, 6), "final_interview", sid,
                        req_detail(r, DET_DS_FINAL_INTERVIEW));
    static const char *const prof[] = {"", "day care", "work", "further learning"};
    int p = sqlite3_column_int(q, 2);
    const char *dest = store_col(q, 3);
    const char *profile = p >= 1 && p <= 3 ? prof[p] : "unknown";
    req_detail_text t =
        sqlite3_column_int(q, 4)
            ? req_detail(r, DET_DS_EXIT_SHELTERED, store_col(q, 5), profile,
                         dest[0] ? dest : "none yet")
            : req_detail(r, DET_DS_EXIT, store_col(q, 5), profile, dest[0] ? dest : "none yet");
    add_coded_entry(r, d, store_col(q, 0), sqlite3_column_int64(q, 6), "exit", sid, t);
}

static void dossier_aftercare(request *r, dossier *d, const char *sid, sqlite3_stmt *q)
{
    const char *still =
        sqlite3_column_int(q, 3) ? "still in the destination" : "no longer in the destination";
    req_detail_text t = sqlite3_column_int(q, 4)
                            ? req_detail(r, DET_DS_AFTERCARE_REFERRED, store_col(q, 2), still)
                            : req_detail(r, DET_DS_AFTERCARE, store_col(q, 2), still);
    add_coded_entry(r, d, store_col(q, 1), sqlite3_column_int64(q, 5), "aftercare", store_col(q, 0),
                    t);
}

/* trustdomain: the year-3 internship assessment and masterpiece */
static void dossier_year3(request *r, dossier *d, const char *sid, sqlite3_stmt *q)
{
    (void)sid;
    int sector = sqlite3_column_int(q, 4);
    const char *what =
        sqlite3_column_int(q, 2) == 2 ? "masterpiece" : "year-3 internship assessment";
    const char *verdict = sqlite3_column_int(q, 3) == 2 ? "positive" : "negative";
    req_detail_text t =
        sector ? req_detail(r, DET_DS_YEAR3_SECTOR, what, store_col(q, 5), verdict, store_col(q, 6))
               : req_detail(r, DET_DS_YEAR3, what, store_col(q, 5), verdict);
    add_coded_entry(r, d, store_col(q, 1), sqlite3_column_int64(q, 7), "year3_assessment",
                    store_col(q, 0), t);
}

/* trustdomain: the social-skills training after being sent away, dated by its start */
static void dossier_skills_training(request *r, dossier *d, const char *sid, sqlite3_stmt *q)
{
    (void)sid;
    static const char *const st[] = {"", "planned", "done", "not done"};
    int s = sqlite3_column_int(q, 3);
    const char *status = s >= 1 && s <= 3 ? st[s] : "unknown";
    req_detail_text t =
        store_col(q, 4)[0]
            ? req_detail(r, DET_DS_SKILLS_TRAINING_ON, store_col(q, 2), status, store_col(q, 4))
            : req_detail(r, DET_DS_SKILLS_TRAINING, store_col(q, 2), status);
    add_coded_entry(r, d, store_col(q, 1), sqlite3_column_int64(q, 5), "skills_training",
                    store_col(q, 0), t);
}

/* Every kind of fact the dossier shows: its query (the student's id bound as ?1) and how a
 * row becomes an entry. The entries are sorted by their own dates afterwards. */
static const struct {
    const char *sql;
    dossier_row_fn row;
} dossier_facts[] = {
    {"SELECT t.id, t.date, (SELECT count(*) FROM interest_scores WHERE test_id = "
     "t.id), coalesce((SELECT se.name_en || ' (' || sc.score || ')' FROM "
     "interest_scores sc JOIN sectors se ON se.id = sc.sector WHERE sc.test_id = "
     "t.id ORDER BY sc.score DESC, sc.sector LIMIT 1), ''), t.created_at FROM interest_tests t "
     "WHERE t.student_id = ?1 ORDER BY t.date",
     dossier_interest_test},
    {"SELECT coalesce(interview_date, date(updated_at, 'unixepoch', 'localtime')), "
     "interview_date IS NOT NULL, updated_at FROM orientations WHERE student_id = ?1",
     dossier_orientation},
    {"SELECT assessed_on, computed_advice, coalesce(override_advice, 0), updated_at "
     "FROM readiness WHERE student_id = ?1",
     dossier_readiness},
    {"SELECT cv.id, cv.date, c.name, su.created_at FROM company_visit_signups su JOIN "
     "company_visits cv ON cv.id = su.company_visit_id JOIN companies c ON c.id = "
     "cv.company_id WHERE su.student_id = ?1",
     dossier_company_visit},
    {"SELECT m.id, m.date, c.name, m.agreed, m.created_at FROM intro_meetings m JOIN "
     "companies c "
     "ON c.id = m.company_id WHERE m.student_id = ?1",
     dossier_intro_meeting},
    {"SELECT p.id, date(p.created_at, 'unixepoch', 'localtime'), c.name, p.kind, "
     "p.status, p.start_date, p.end_date, p.created_at FROM placements p JOIN "
     "companies c ON "
     "c.id = p.company_id WHERE p.student_id = ?1",
     dossier_placement},
    {"SELECT k.placement_id, date(k.updated_at, 'unixepoch', 'localtime'), c.name, "
     "k.updated_at FROM contracts k JOIN placements p ON p.id = k.placement_id JOIN companies "
     "c ON c.id = p.company_id WHERE p.student_id = ?1",
     dossier_contract},
    {"SELECT k.placement_id, k.date, k.party FROM contract_signatures k JOIN "
     "placements p ON p.id = k.placement_id WHERE p.student_id = ?1 ORDER BY "
     "k.party",
     dossier_contract_signature},
    {"SELECT v.id, v.date, c.name, v.created_at FROM visits v JOIN placements p ON "
     "p.id = "
     "v.placement_id JOIN companies c ON c.id = p.company_id WHERE p.student_id = "
     "?1",
     dossier_visit},
    {"SELECT a.id, a.week_start, a.supervisor_signed_at IS NOT NULL, "
     "a.coach_signed_at IS NOT NULL, (SELECT coalesce(sum(minutes_worked), 0) "
     "FROM agenda_days WHERE agenda_week_id = a.id), a.updated_at FROM agenda_weeks a JOIN "
     "placements p ON p.id = a.placement_id WHERE p.student_id = ?1",
     dossier_agenda},
    {"SELECT a.id, a.date, a.kind, "
     "a.period, a.verdict, a.persoonlijk, a.arbeid, a.sociaal, a.onderzoek, "
     "a.leren, a.created_at FROM assessments a JOIN placements p ON p.id = a.placement_id "
     "WHERE p.student_id = ?1",
     dossier_assessment},
    {"SELECT a.id, date(a.updated_at, 'unixepoch', 'localtime'), a.period, "
     "a.number, a.title, a.status, a.updated_at FROM practical_assignments a JOIN "
     "placements p "
     "ON p.id = a.placement_id WHERE p.student_id = ?1",
     dossier_assignment},
    {"SELECT d.id, d.date, c.name, d.created_at FROM dropouts d JOIN placements p ON "
     "p.id = "
     "d.placement_id JOIN companies c ON c.id = p.company_id WHERE d.student_id = "
     "?1",
     dossier_dropout},
    {"SELECT id, date, continue_study, created_at FROM study_advice WHERE "
     "student_id = ?1",
     dossier_study_advice},
    {"SELECT e.id, e.date, e.result, e.updated_at FROM exam_sessions e JOIN "
     "placements p ON "
     "p.id = e.placement_id WHERE p.student_id = ?1",
     dossier_exam},
    {"SELECT g.id, g.date, g.location, g.day_part, e.after_dropout, e.created_at FROM "
     "group_enrolments e JOIN group_sessions g ON g.id = e.group_session_id WHERE "
     "e.student_id = ?1",
     dossier_group_session},
    {"SELECT id, date, ready_for_individual, created_at FROM group_reflections WHERE "
     "student_id = ?1",
     dossier_group_reflection},
    {"SELECT left_date, coalesce(final_interview_date, ''), profile, destination, "
     "sheltered, cohort, updated_at FROM exits WHERE student_id = ?1",
     dossier_exit},
    {"SELECT id, date, with_whom, still_in_destination, referral_partner_id IS NOT "
     "NULL, created_at FROM aftercare_contacts WHERE student_id = ?1",
     dossier_aftercare},
    /* trustdomain */
    {"SELECT a.id, a.date, a.kind, a.result, coalesce(a.sector, 0), a.assessor, "
     "coalesce(se.name_en, ''), a.created_at FROM year3_assessments a LEFT JOIN sectors se ON "
     "se.id = a.sector WHERE a.student_id = ?1",
     dossier_year3},
    {"SELECT id, start_date, trainer, status, coalesce(done_date, ''), created_at FROM "
     "social_skills_trainings WHERE student_id = ?1",
     dossier_skills_training},
    /* dropout: the steps of the procedure */
    {"SELECT t.dropout_id, t.date, t.action, t.created_at FROM dropout_case_steps t JOIN "
     "dropouts d ON d.id = t.dropout_id WHERE d.student_id = ?1 AND t.action > 0",
     dossier_dropout_step},
};

static sl_status dossier_collect(request *r, const char *sid, dossier *d)
{
    for (size_t i = 0; i < sizeof dossier_facts / sizeof dossier_facts[0]; i++) {
        sqlite3_stmt *q = store_query(r->st, dossier_facts[i].sql, SB(sid));
        if (!q)
            return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
        sl_status rs;
        bool row;
        while ((rs = store_next(q, &row)) == SL_OK && row)
            dossier_facts[i].row(r, d, sid, q);
        if (rs != SL_OK)
            return req_fail_code(r, rs, MSG_DATABASE_ERROR);
        store_stmt_done(q);
    }
    return SL_OK;
}

sl_status handle_get_dossier(request *r, const sl_envelope *in, sl_envelope *out)
{
    const student_facts *sf = &r->target.student;
    sl_status st = SL_OK;
    sqlite3_stmt *q =
        store_query(r->st,
                    "SELECT id, first_name, last_name, class_id, school_year, "
                    "date_of_birth, nt2, support_need, coalesce(user_id, ''), "
                    "name_prefix, " SQL_STUDENT_NAME(
                        "students") ", "
                                    "coalesce((SELECT name FROM classes c WHERE c.id = class_id), "
                                    "''), coalesce((SELECT username FROM users u WHERE u.id = "
                                    "user_id), '') FROM students WHERE id = ?1",
                    SB(sf->id));
    st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_STUDENT_VANISHED);
    /* Every role that reaches here (staff, the class mentor, the student him/herself) may
     * see the private fields; a supervisor never gets the dossier (policy). */
    Stagelijn__V1__Student *s = SL_ARENA_NEW(r->arena, Stagelijn__V1__Student);
    stagelijn__v1__student__init(s);
    s->id = sl_arena_strdup(r->arena, store_col(q, 0));
    s->first_name = sl_arena_strdup(r->arena, store_col(q, 1));
    s->last_name = sl_arena_strdup(r->arena, store_col(q, 2));
    s->class_id = sl_arena_strdup(r->arena, store_col(q, 3));
    s->school_year = (uint32_t)sqlite3_column_int(q, 4);
    s->date_of_birth = sl_arena_strdup(r->arena, store_col(q, 5));
    s->nt2 = sqlite3_column_int(q, 6) != 0;
    s->support_need = sqlite3_column_int(q, 7) != 0;
    s->user_id = sl_arena_strdup(r->arena, store_col(q, 8));
    s->name_prefix = sl_arena_strdup(r->arena, store_col(q, 9));
    s->full_name = sl_arena_strdup(r->arena, store_col(q, 10));
    s->class_name = sl_arena_strdup(r->arena, store_col(q, 11));
    s->user_name = sl_arena_strdup(r->arena, store_col(q, 12));
    store_stmt_done(q);
    sl_date dob;
    if (sl_date_parse(s->date_of_birth, &dob)) {
        int age = sl_age_on(dob, r->today);
        s->age_band = age <= 12   ? "12-"
                      : age == 13 ? "13"
                      : age <= 15 ? "14-15"
                      : age <= 17 ? "16-17"
                                  : "18+";
    }

    dossier d = {SL_ARENA_ARRAY(r->arena, Stagelijn__V1__DossierEntry *, MAX_DOSSIER), 0};
    if ((st = dossier_collect(r, sf->id, &d)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    stable_sort(d.items, d.n);
    Stagelijn__V1__Dossier *rep = SL_ARENA_NEW(r->arena, Stagelijn__V1__Dossier);
    stagelijn__v1__dossier__init(rep);
    rep->student = s;
    rep->entries = d.items;
    rep->n_entries = d.n;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_DOSSIER;
    out->dossier = rep;
    return SL_OK;
}

/* ---------------------------------------------------------------- caseload */

/* An item and its student's place in the Dutch name order (surname, first name), which
 * orders the items of one kind and day. */
typedef struct {
    Stagelijn__V1__CaseloadItem *item;
    long name_rank;
} ranked_item;

typedef struct {
    ranked_item *items;
    size_t n;
} caseload;

static Stagelijn__V1__CaseloadItem *add_item(request *r, caseload *c, long name_rank,
                                             const char *kind, const char *pid, const char *sid,
                                             const char *sname, const char *cname, const char *due,
                                             const char *ref, const char *detail)
{
    if (c->n >= MAX_CASELOAD) {
        r->list_cap = MAX_CASELOAD; /* labels: the reply says the caseload was cut */
        return NULL;
    }
    Stagelijn__V1__CaseloadItem *it = SL_ARENA_NEW(r->arena, Stagelijn__V1__CaseloadItem);
    stagelijn__v1__caseload_item__init(it);
    it->kind = (char *)kind;
    it->placement_id = sl_arena_strdup(r->arena, pid);
    it->student_id = sl_arena_strdup(r->arena, sid);
    it->student_name = sl_arena_strdup(r->arena, sname);
    it->company_name = sl_arena_strdup(r->arena, cname);
    it->due_date = sl_arena_strdup(r->arena, due);
    it->ref_id = sl_arena_strdup(r->arena, ref);
    it->detail = sl_arena_strdup(r->arena, detail);
    c->items[c->n++] = (ranked_item){it, name_rank};
    return it;
}

/* Gives `it` (NULL: not added) its detail as a code with parameters (codes, issue 7 item 15):
 * `coded(add_intern_item(r, c, x, kind, due, d.text), d)`. */
static Stagelijn__V1__CaseloadItem *coded(Stagelijn__V1__CaseloadItem *it, req_detail_text d)
{
    if (!it || !d.code)
        return it;
    it->detail_code = d.code;
    it->detail_params = d.params;
    it->n_detail_params = d.n_params;
    return it;
}

static int kind_rank(const char *k)
{
    static const char *const order[] = {"intern",    "risk",           "dropout_step_due",
                                        "visit_due", "agenda_to_sign", "assessment_due"};
    for (int i = 0; i < 6; i++)
        if (strcmp(k, order[i]) == 0)
            return i;
    return 6;
}

/* Kind, due date, then the student in Dutch name order (the ranks of one kind come from one
 * query), then the reference for a stable order. */
static int item_cmp(const void *a, const void *b)
{
    const ranked_item *rx = a, *ry = b;
    const Stagelijn__V1__CaseloadItem *x = rx->item, *y = ry->item;
    int c = kind_rank(x->kind) - kind_rank(y->kind);
    if (c == 0)
        c = strcmp(x->due_date, y->due_date);
    if (c == 0)
        c = (rx->name_rank > ry->name_rank) - (rx->name_rank < ry->name_rank);
    if (c == 0)
        c = strcmp(x->ref_id, y->ref_id);
    return c;
}

/* Years 4/5, Entree and the dual track have three periods with an interim assessment each
 * (DOMAIN.md); the other internships only an end assessment. */
static bool has_periods(int kind)
{
    return kind == STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR ||
           kind == STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_ENTREE ||
           kind == STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_DUAL;
}

/* *has: an assessment of `kind` (and `period`, 0 = any) exists; the store's error when the
 * query failed (a failure must not show up as a missing assessment). */
static sl_status has_assessment(request *r, const char *pid, int kind, int period, bool *has)
{
    sl_status st = store_exists(r->st,
                                "SELECT 1 FROM assessments WHERE placement_id = ?1 AND kind = "
                                "?2 AND (?3 = 0 OR period = ?3) LIMIT 1",
                                SB(pid), SB(kind), SB(period));
    *has = st == SL_OK;
    return st == SL_ENOTFOUND ? SL_OK : st;
}

/* dropout: the next step of each open dropout case of the caller's students, with its due
 * date (server/pure/dropout_case.c); SL_OK or the store's error. */
static sl_status dropout_steps_due(request *r, caseload *c)
{
    sqlite3_stmt *q = store_query(
        r->st,
        "SELECT p.id, d.student_id, " SQL_STUDENT_NAME(
            "s") ", coalesce(co.name, ''), d.date, dc.state, d.id, dense_rank() OVER (ORDER "
                 "BY " SQL_STUDENT_ORDER("s") ") FROM dropout_cases dc JOIN "
                                              "dropouts d ON d.id = dc.dropout_id JOIN placements "
                                              "p ON p.id = d.placement_id "
                                              "JOIN students s ON s.id = d.student_id LEFT JOIN "
                                              "companies co ON co.id = "
                                              "p.company_id WHERE " SQL_COACHED_BY(
                                                  "?1") " AND dc.state <> ?2 LIMIT ?3",
        SB(r->who->user_id), SB((int)DC_CLOSED), SB(MAX_CASELOAD + 1));
    if (!q)
        return SL_EINTERNAL;
    bool row;
    sl_status st;
    while ((st = store_next(q, &row)) == SL_OK && row) {
        sl_date dropped;
        int next = dropout_case_next_action(sqlite3_column_int(q, 5));
        if (next == DC_ACT_NONE || !sl_date_parse(store_col(q, 4), &dropped))
            continue;
        sl_date due =
            sl_date_from_days(sl_date_to_days(dropped) + dropout_case_deadline_days(next));
        req_detail_text d =
            sl_date_compare(r->today, due) > 0
                ? req_detail(r, DET_CL_DROPOUT_STEP_OVERDUE, dropout_action_name(next))
                : req_detail(r, DET_CL_DROPOUT_STEP, dropout_action_name(next));
        coded(add_item(r, c, (long)sqlite3_column_int64(q, 7), "dropout_step_due", store_col(q, 0),
                       store_col(q, 1), store_col(q, 2), store_col(q, 3), date_str(r, due),
                       store_col(q, 6), d.text),
              d);
    }
    store_stmt_done(q);
    return st;
}

/* An active internship of the caller's, as the caseload's items need it. */
typedef struct {
    char *pid, *sid, *sname, *cname, *start, *end, *last;
    int kind;
    bool support;
    long name_rank;
} intern;

/* The caller's active internships, at most MAX_PLAN, into iv[0..*ni). SL_OK or the failed
 * request. */
static sl_status load_interns(request *r, intern *iv, size_t *ni)
{
    sl_status rs;
    bool row;
    sqlite3_stmt *q = store_query(
        r->st,
        "SELECT p.id, p.student_id, " SQL_STUDENT_NAME(
            "s") ", c.name, p.kind, "
                 "p.start_date, p.end_date, s.support_need, coalesce((SELECT max(v.date) FROM "
                 "visits v "
                 "WHERE v.placement_id = p.id), ''), dense_rank() OVER (ORDER "
                 "BY " SQL_STUDENT_ORDER(
                     "s") ") FROM placements p JOIN students s ON s.id = "
                          "p.student_id JOIN companies c ON c.id = p.company_id "
                          "WHERE " SQL_COACHED_BY(
                              "?1") " AND "
                                    "p.status = ?2 ORDER BY p.start_date, p.id LIMIT ?3",
        SB(r->who->user_id), SB((int)STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE),
        SB(MAX_PLAN + 1));
    if (!q)
        return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        if (*ni == MAX_PLAN) {
            r->list_cap = MAX_PLAN; /* labels: more interns than the caseload reads */
            break;
        }
        intern *x = &iv[(*ni)++];
        x->pid = sl_arena_strdup(r->arena, store_col(q, 0));
        x->sid = sl_arena_strdup(r->arena, store_col(q, 1));
        x->sname = sl_arena_strdup(r->arena, store_col(q, 2));
        x->cname = sl_arena_strdup(r->arena, store_col(q, 3));
        x->kind = sqlite3_column_int(q, 4);
        x->start = sl_arena_strdup(r->arena, store_col(q, 5));
        x->end = sl_arena_strdup(r->arena, store_col(q, 6));
        x->support = sqlite3_column_int(q, 7) != 0;
        x->last = sl_arena_strdup(r->arena, store_col(q, 8));
        x->name_rank = (long)sqlite3_column_int64(q, 9);
    }
    if (rs != SL_OK)
        return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    return SL_OK;
}

/* An item of kind `kind` about internship x; NULL when the caseload is full. */
static Stagelijn__V1__CaseloadItem *add_intern_item(request *r, caseload *c, const intern *x,
                                                    const char *kind, const char *due,
                                                    const char *detail)
{
    return add_item(r, c, x->name_rank, kind, x->pid, x->sid, x->sname, x->cname, due, x->pid,
                    detail);
}

/* A placement kind as the protocol's stable word ("individual_1"), which clients translate. */
static const char *kind_word(int k)
{
    static const char *const words[] = {"",       "internal",     "taster",
                                        "group",  "individual_1", "individual_2",
                                        "sector", "entree",       "dual"};
    return k >= 1 && k <= 8 ? words[k] : "unspecified";
}

/* dropout: the early warning, with its reasons, when it is at the threshold. SL_OK or the
 * failed request. */
static sl_status add_risk(request *r, caseload *c, const intern *x)
{
    risk_result risk;
    sl_status st;
    if ((st = risk_signal_of(r, x->sid, x->pid, &risk)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    if (risk.points < risk_threshold(r))
        return SL_OK;
    /* The reasons as their stable ids with their points ("RISK_ABSENCE +2, ..."), and as
     * codes with their figures for the client to word. */
    req_detail_text d = req_detail(r, DET_CL_RISK, risk.points, risk_reasons_line(r, &risk));
    Stagelijn__V1__CaseloadItem *it =
        coded(add_intern_item(r, c, x, "risk", date_str(r, r->today), d.text), d);
    if (it)
        it->risk_reasons = risk_reason_msgs(r, &risk, &it->n_risk_reasons);
    return SL_OK;
}

/* The next visit when it falls within CASELOAD_VISIT_DAYS and before the internship ends.
 * SL_OK or the failed request. */
static sl_status add_visit_due(request *r, caseload *c, const intern *x, sl_date end)
{
    sl_date due;
    sl_status st = visit_due(r, x->last, x->start, x->support, &due);
    if (st == SL_EINVAL)
        return SL_OK; /* no readable date to count from: no visit item */
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    if (sl_date_to_days(due) > sl_date_to_days(r->today) + CASELOAD_VISIT_DAYS ||
        sl_date_compare(due, end) > 0)
        return SL_OK;
    bool overdue = sl_date_compare(r->today, due) > 0;
    req_detail_text d = req_detail(r, DET_CL_VISIT_DUE, overdue ? "overdue" : "due",
                                   x->last[0] ? x->last : "none yet");
    coded(add_intern_item(r, c, x, "visit_due", date_str(r, due), d.text), d);
    return SL_OK;
}

/* Period k's interim assessment is due once k thirds of the internship are behind (period 3
 * is closed by the end assessment). SL_OK or the failed request. */
static sl_status add_interims_due(request *r, caseload *c, const intern *x, int64_t s_n,
                                  int64_t e_n)
{
    sl_status st;
    for (int k = 1; k <= 2; k++) {
        int64_t mark = s_n + (e_n - s_n) * k / 3;
        if (sl_date_to_days(r->today) < mark)
            continue;
        bool has;
        if ((st = has_assessment(r, x->pid, STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_INTERIM, k,
                                 &has)) != SL_OK)
            return req_fail_code(r, st, MSG_DATABASE_ERROR);
        if (has)
            continue;
        req_detail_text d = req_detail(r, DET_CL_INTERIM_MISSING, k);
        coded(add_intern_item(r, c, x, "assessment_due", date_str(r, sl_date_from_days(mark)),
                              d.text),
              d);
    }
    return SL_OK;
}

/* The end assessment when the end is within CASELOAD_END_DAYS (or past) and none is there.
 * SL_OK or the failed request. */
static sl_status add_end_due(request *r, caseload *c, const intern *x, int64_t e_n)
{
    int64_t today_n = sl_date_to_days(r->today);
    bool has_end = true;
    sl_status st;
    if (e_n - today_n <= CASELOAD_END_DAYS &&
        (st = has_assessment(r, x->pid, STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_END, 0,
                             &has_end)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    if (!has_end) {
        req_detail_text d =
            e_n < today_n ? req_detail(r, DET_CL_END_MISSING) : req_detail(r, DET_CL_END_DUE);
        coded(add_intern_item(r, c, x, "assessment_due", x->end, d.text), d);
    }
    return SL_OK;
}

/* The items of one internship: the intern, the early warning, the visit due and the missing
 * assessments (the last three need readable start and end dates). SL_OK or the failed
 * request. */
static sl_status add_intern_items(request *r, caseload *c, const intern *x)
{
    sl_status st;
    req_detail_text d = req_detail(r, DET_CL_INTERN, kind_word(x->kind), x->start, x->end);
    coded(add_intern_item(r, c, x, "intern", x->end, d.text), d);
    if ((st = add_risk(r, c, x)) != SL_OK)
        return st;
    sl_date start, end;
    if (!sl_date_parse(x->start, &start) || !sl_date_parse(x->end, &end))
        return SL_OK;
    if ((st = add_visit_due(r, c, x, end)) != SL_OK)
        return st;
    int64_t s_n = sl_date_to_days(start), e_n = sl_date_to_days(end);
    if (has_periods(x->kind) && (st = add_interims_due(r, c, x, s_n, e_n)) != SL_OK)
        return st;
    return add_end_due(r, c, x, e_n);
}

/* Weeks the company signed that wait for the coach's sign-off in class; also of internships
 * that have just ended, whose last weeks still need it. SL_OK or the failed request. */
static sl_status add_agenda_to_sign(request *r, caseload *c)
{
    sl_status rs;
    bool row;
    sqlite3_stmt *q = store_query(
        r->st,
        "SELECT a.id, a.week_start, p.id, p.student_id, " SQL_STUDENT_NAME(
            "s") ", c.name, "
                 "dense_rank() OVER (ORDER BY " SQL_STUDENT_ORDER(
                     "s") ") FROM agenda_weeks a "
                          "JOIN placements p ON p.id = a.placement_id JOIN students s ON s.id = "
                          "p.student_id "
                          "JOIN companies c ON c.id = p.company_id WHERE " SQL_COACHED_BY(
                              "?1") " AND "
                                    "a.supervisor_signed_at IS NOT NULL AND a.coach_signed_at IS "
                                    "NULL "
                                    "ORDER BY a.week_start LIMIT ?2",
        SB(r->who->user_id), SB(MAX_CASELOAD + 1));
    if (!q)
        return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        req_detail_text d = req_detail(r, DET_CL_WEEK_SIGNED, store_col(q, 1));
        coded(add_item(r, c, (long)sqlite3_column_int64(q, 6), "agenda_to_sign", store_col(q, 2),
                       store_col(q, 3), store_col(q, 4), store_col(q, 5), store_col(q, 1),
                       store_col(q, 0), d.text),
              d);
    }
    if (rs != SL_OK)
        return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    return SL_OK;
}

/* The reply: the items in kind, due date and name order (item_cmp). */
static Stagelijn__V1__Caseload *caseload_reply(request *r, caseload *c)
{
    qsort(c->items, c->n, sizeof c->items[0], item_cmp);
    Stagelijn__V1__Caseload *rep = SL_ARENA_NEW(r->arena, Stagelijn__V1__Caseload);
    stagelijn__v1__caseload__init(rep);
    rep->items = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__CaseloadItem *, c->n ? c->n : 1);
    for (size_t i = 0; i < c->n; i++)
        rep->items[i] = c->items[i].item;
    rep->n_items = c->n;
    return rep;
}

sl_status handle_caseload(request *r, const sl_envelope *in, sl_envelope *out)
{
    (void)in;
    sl_status st;
    caseload c = {SL_ARENA_ARRAY(r->arena, ranked_item, MAX_CASELOAD), 0};
    intern *iv = SL_ARENA_ARRAY(r->arena, intern, MAX_PLAN);
    size_t ni = 0;
    if ((st = load_interns(r, iv, &ni)) != SL_OK)
        return st;
    for (size_t i = 0; i < ni; i++)
        if ((st = add_intern_items(r, &c, &iv[i])) != SL_OK)
            return st;
    if ((st = dropout_steps_due(r, &c)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    if ((st = add_agenda_to_sign(r, &c)) != SL_OK)
        return st;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_CASELOAD_REPLY;
    out->caseload_reply = caseload_reply(r, &c);
    return SL_OK;
}

/* ---------------------------------------------------------------- class overview */

sl_status handle_class_overview(request *r, const sl_envelope *in, sl_envelope *out)
{
    sl_status rs;
    bool more;
    const char *class_id = in->class_overview->class_id;
    /* The current placement: the view student_current_placement (migration 010). */
    sqlite3_stmt *q = store_query(
        r->st,
        "SELECT s.id, " SQL_STUDENT_NAME(
            "s") ", s.school_year, coalesce(p.id, ''), "
                 "coalesce(c.name, ''), coalesce(p.status, 0), coalesce((SELECT max(v.date) FROM "
                 "visits "
                 "v WHERE v.placement_id = p.id), ''), (SELECT count(*) FROM dropouts d WHERE "
                 "d.student_id = s.id), coalesce((SELECT coalesce(override_advice, "
                 "computed_advice) FROM "
                 "readiness rd WHERE rd.student_id = s.id), 0) FROM students s "
                 "JOIN student_current_placement cp ON cp.student_id = s.id "
                 "LEFT JOIN placements p ON p.id = cp.placement_id "
                 "LEFT JOIN companies c ON c.id = p.company_id "
                 "WHERE "
                 "s.class_id = ?1 ORDER BY " SQL_STUDENT_ORDER("s") " LIMIT ?2",
        SB(class_id), SB(MAX_CLASS + 1));
    Stagelijn__V1__ClassOverview *rep = SL_ARENA_NEW(r->arena, Stagelijn__V1__ClassOverview);
    stagelijn__v1__class_overview__init(rep);
    rep->rows = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__ClassOverviewRow *, MAX_CLASS + 1);
    if (!q)
        return req_fail_code(r, SL_EINTERNAL, MSG_DATABASE_ERROR);
    while ((rs = store_next(q, &more)) == SL_OK && more) {
        Stagelijn__V1__ClassOverviewRow *row =
            SL_ARENA_NEW(r->arena, Stagelijn__V1__ClassOverviewRow);
        stagelijn__v1__class_overview_row__init(row);
        row->student_id = sl_arena_strdup(r->arena, store_col(q, 0));
        row->student_name = sl_arena_strdup(r->arena, store_col(q, 1));
        row->school_year = (uint32_t)sqlite3_column_int(q, 2);
        row->placement_id = sl_arena_strdup(r->arena, store_col(q, 3));
        row->company_name = sl_arena_strdup(r->arena, store_col(q, 4));
        row->status = (Stagelijn__V1__PlacementStatus)sqlite3_column_int(q, 5);
        row->last_visit = sl_arena_strdup(r->arena, store_col(q, 6));
        row->dropouts = (uint32_t)sqlite3_column_int(q, 7);
        row->advice = (Stagelijn__V1__Advice)sqlite3_column_int(q, 8);
        rep->rows[rep->n_rows++] = row;
    }
    if (rs != SL_OK)
        return req_fail_code(r, rs, MSG_DATABASE_ERROR);
    store_stmt_done(q);
    rep->n_rows = req_list_cap(r, rep->n_rows, MAX_CLASS);
    /* dropout: the early warning of each intern (an active placement), with its reasons. */
    for (size_t i = 0; i < rep->n_rows; i++) {
        Stagelijn__V1__ClassOverviewRow *row = rep->rows[i];
        risk_result risk;
        if (row->status != STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE)
            continue;
        if ((rs = risk_signal_of(r, row->student_id, row->placement_id, &risk)) != SL_OK)
            return req_fail_code(r, rs, MSG_DATABASE_ERROR);
        row->risk_points = (uint32_t)risk.points;
        row->risk_reasons = risk_reasons_line(r, &risk);
        row->reasons = risk_reason_msgs(r, &risk, &row->n_reasons); /* subs (issue 9) */
    }
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_CLASS_OVERVIEW_REPLY;
    out->class_overview_reply = rep;
    return SL_OK;
}

/* ---------------------------------------------------------------- kioskui: the next visit */

/* The intern's own next visit: by the visit plan's rule, for an active placement, not after
 * its end (then the end assessment takes its place). The coach's name always. */
sl_status handle_next_visit(request *r, const sl_envelope *in, sl_envelope *out)
{
    (void)in;
    const placement_facts *pf = &r->target.placement;
    Stagelijn__V1__NextVisitReply *rep = SL_ARENA_NEW(r->arena, Stagelijn__V1__NextVisitReply);
    stagelijn__v1__next_visit_reply__init(rep);
    sqlite3_stmt *q = store_query(
        r->st,
        "SELECT coalesce((SELECT max(v.date) FROM visits v WHERE v.placement_id = p.id), ''), "
        "s.support_need, coalesce(u.display_name, '') FROM placements p "
        "JOIN students s ON s.id = p.student_id LEFT JOIN users u ON u.id = p.coach_id "
        "WHERE p.id = ?1",
        SB(pf->id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_DATABASE_ERROR);
    rep->coach_name = sl_arena_strdup(r->arena, store_col(q, 2));
    sl_date due, end;
    st = pf->status == STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE
             ? visit_due(r, store_col(q, 0), pf->start_date, sqlite3_column_int(q, 1) != 0, &due)
             : SL_ENOTFOUND;
    store_stmt_done(q);
    if (st != SL_OK && st != SL_EINVAL && st != SL_ENOTFOUND)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    if (st == SL_OK && sl_date_parse(pf->end_date, &end) && sl_date_compare(due, end) <= 0) {
        rep->due_date = date_str(r, due);
        rep->overdue = sl_date_compare(r->today, due) > 0;
    }
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_NEXT_VISIT_REPLY;
    out->next_visit_reply = rep;
    return SL_OK;
}
