#include "places.h"

#include <stdio.h>
#include <string.h>

/* Placements other than `p` that hold a place (SIGNED, ACTIVE) on dates overlapping p's. The
 * dates are ISO text, so text order is date order. */
#define SQL_OTHER_HOLDING(o)                                                                       \
    o "status IN " LC_SQL_HOLDS_PLACE " AND " o "id <> ?2 AND " o "start_date <= ?4 AND " o        \
      "end_date >= ?3"

static sl_status count(request *r, sqlite3_stmt *q, int *n)
{
    sl_status st = store_row(q);
    /* An aggregate always has its row: its absence is the server's fault too. */
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_DATABASE_ERROR);
    *n = sqlite3_column_int(q, 0);
    store_stmt_done(q);
    return SL_OK;
}

static sl_status gather_capacity(request *r, const places_plan *p, lc_holding *h)
{
    sqlite3_stmt *q =
        store_query(r->st, "SELECT places, supervision_capacity FROM companies WHERE id = ?1",
                    SB(p->company_id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_COMPANY_VANISHED);
    h->company_places = sqlite3_column_int(q, 0);
    h->company_supervision = sqlite3_column_int(q, 1);
    store_stmt_done(q);
    q = store_query(r->st,
                    "SELECT count(*) FROM placements o WHERE o.company_id = ?1 AND "
                    "" SQL_OTHER_HOLDING("o."),
                    SB(p->company_id), SB(p->id), SB(p->start_date), SB(p->end_date));
    if ((st = count(r, q, &h->held_at_company)) != SL_OK)
        return st;
    q = store_query(
        r->st,
        "SELECT count(*) FROM placements o WHERE o.student_id = ?1 AND "
        "" SQL_OTHER_HOLDING("o.") " AND EXISTS (SELECT 1 FROM placement_schedule ps "
                                   "WHERE ps.placement_id = o.id AND (?5 >> ps.weekday) & 1)",
        SB(p->student_id), SB(p->id), SB(p->start_date), SB(p->end_date), SB(p->weekdays));
    return count(r, q, &h->student_same_days);
}

static sl_status gather_student(request *r, const places_plan *p, lc_holding *h)
{
    sqlite3_stmt *q =
        store_query(r->st, "SELECT school_year FROM students WHERE id = ?1", SB(p->student_id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_STUDENT_VANISHED);
    h->school_year = sqlite3_column_int(q, 0);
    store_stmt_done(q);
    q = store_query(r->st,
                    "SELECT coalesce(override_advice, computed_advice) FROM readiness "
                    "WHERE student_id = ?1",
                    SB(p->student_id));
    st = store_row(q);
    if (st != SL_OK && st != SL_ENOTFOUND)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    h->readiness_known = st == SL_OK;
    if (st == SL_OK) {
        h->advice_individual = sqlite3_column_int(q, 0) == STAGELIJN__V1__ADVICE__ADVICE_INDIVIDUAL;
        store_stmt_done(q);
    }
    st = store_exists(r->st,
                      "SELECT 1 FROM intro_meetings WHERE student_id = ?1 AND company_id = ?2 "
                      "AND agreed <> 0",
                      SB(p->student_id), SB(p->company_id));
    if (st != SL_OK && st != SL_ENOTFOUND)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    h->intro_meeting = st == SL_OK;
    return SL_OK;
}

sl_status places_check(request *r, const places_plan *p, lc_hold_moment moment,
                       placement_warning *w, size_t *n_w)
{
    lc_holding h = {.moment = moment, .kind = p->kind};
    sl_status st;
    if ((st = gather_capacity(r, p, &h)) != SL_OK || (st = gather_student(r, p, &h)) != SL_OK)
        return st;
    lc_finding f[LC_MAX_FINDINGS];
    int n = lifecycle_check_holding(&h, f);
    bool refused = false;
    for (int i = 0; i < n; i++) {
        if (!f[i].warning) {
            req_violation(r, f[i].rule_id, f[i].message, false);
            refused = true;
        } else if (*n_w < PLACEMENT_MAX_WARNINGS) {
            /* A capacity finding has no details beyond its rule. */
            w[*n_w] = (placement_warning){.rule_id = f[i].rule_id, .detail_code = ""};
            snprintf(w[*n_w].message, sizeof w[*n_w].message, "%s", f[i].message);
            (*n_w)++;
        }
    }
    if (refused)
        return req_fail_code(r, SL_EPRECOND, MSG_NO_PLACE_FOR_PLACEMENT, f[0].rule_id);
    return SL_OK;
}

/* The stored placement's plan; strings in r's arena. */
static sl_status load_plan(request *r, const char *placement_id, places_plan *p)
{
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT student_id, company_id, kind, start_date, end_date, "
                                  "(SELECT coalesce(sum(1 << weekday), 0) FROM placement_schedule "
                                  "WHERE placement_id = p.id) FROM placements p WHERE id = ?1",
                                  SB(placement_id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_PLACEMENT_VANISHED);
    p->id = sl_arena_strdup(r->arena, placement_id);
    p->student_id = sl_arena_strdup(r->arena, store_col(q, 0));
    p->company_id = sl_arena_strdup(r->arena, store_col(q, 1));
    p->kind = sqlite3_column_int(q, 2);
    p->start_date = sl_arena_strdup(r->arena, store_col(q, 3));
    p->end_date = sl_arena_strdup(r->arena, store_col(q, 4));
    p->weekdays = (unsigned)sqlite3_column_int(q, 5);
    store_stmt_done(q);
    return SL_OK;
}

sl_status places_check_stored(request *r, const char *placement_id, lc_hold_moment moment)
{
    places_plan p;
    sl_status st = load_plan(r, placement_id, &p);
    if (st != SL_OK)
        return st;
    placement_warning w[PLACEMENT_MAX_WARNINGS];
    size_t n_w = 0;
    if ((st = places_check(r, &p, moment, w, &n_w)) != SL_OK)
        return st;
    bool intro_missing = false;
    for (size_t i = 0; i < n_w && st == SL_OK; i++) {
        intro_missing |= strcmp(w[i].rule_id, "SCHOOL_INTRO_MEETING") == 0;
        st = store_exec(r->st, NULL,
                        "INSERT OR IGNORE INTO placement_warnings (placement_id, rule_id, "
                        "message, detail_code, detail_params) VALUES (?1, ?2, ?3, ?4, ?5)",
                        SB(placement_id), SB(w[i].rule_id), SB(w[i].message), SB(w[i].detail_code),
                        SB(w[i].detail_params));
    }
    /* The meeting was recorded since the warning: the warning no longer holds. */
    if (st == SL_OK && !intro_missing)
        st = store_exec(r->st, NULL,
                        "DELETE FROM placement_warnings WHERE placement_id = ?1 AND rule_id = "
                        "'SCHOOL_INTRO_MEETING' AND accepted_at IS NULL",
                        SB(placement_id));
    return st == SL_OK ? SL_OK : req_fail_code(r, st, MSG_WARNINGS_NOT_STORED);
}
