#include "factdate.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "store.h"

static bool is_open(sl_date d)
{
    return d.y == 0;
}

factdate_phase factdate_any(void)
{
    factdate_phase p = {{0, 0, 0}, {0, 0, 0}};
    return p;
}

factdate_phase factdate_since(sl_date from)
{
    factdate_phase p = {from, {0, 0, 0}};
    return p;
}

factdate_phase factdate_placement(sl_date start, sl_date end, int grace_days)
{
    factdate_phase p = {start, sl_date_from_days(sl_date_to_days(end) + grace_days)};
    return p;
}

factdate_verdict factdate_check(sl_date fact, factdate_phase phase, sl_date today)
{
    if (sl_date_compare(fact, today) > 0)
        return FACTDATE_FUTURE;
    if (!is_open(phase.from) && sl_date_compare(fact, phase.from) < 0)
        return FACTDATE_BEFORE_PHASE;
    if (!is_open(phase.to) && sl_date_compare(fact, phase.to) > 0)
        return FACTDATE_AFTER_PHASE;
    return FACTDATE_OK;
}

sl_status factdate_require_date(request *r, const char *what, sl_date fact, factdate_phase phase,
                                const char *outside_rule)
{
    factdate_verdict v = factdate_check(fact, phase, r->today);
    if (v == FACTDATE_OK)
        return SL_OK;
    char day[11], bound[11];
    sl_date_format(fact, day);
    /* Coded, with the fact's name as a fixed word the client words ("visit", "dropout"). */
    sl_date_format(v == FACTDATE_FUTURE         ? r->today
                   : v == FACTDATE_BEFORE_PHASE ? phase.from
                                                : phase.to,
                   bound);
    sl_status st = v == FACTDATE_FUTURE
                       ? req_fail_code(r, SL_EPRECOND, MSG_FACT_IN_FUTURE, what, day, bound)
                   : v == FACTDATE_BEFORE_PHASE
                       ? req_fail_code(r, SL_EPRECOND, MSG_FACT_BEFORE_PHASE, what, day, bound)
                       : req_fail_code(r, SL_EPRECOND, MSG_FACT_AFTER_PHASE, what, day, bound);
    req_violation(r, v == FACTDATE_FUTURE ? FACTDATE_RULE_FUTURE : outside_rule, r->errmsg, false);
    return st;
}

sl_status factdate_require(request *r, const char *what, const char *field, const char *ymd,
                           factdate_phase phase, const char *outside_rule, sl_date *out)
{
    sl_date d;
    if (!ymd || !sl_date_parse(ymd, &d))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, field);
    if (out)
        *out = d;
    return factdate_require_date(r, what, d, phase, outside_rule);
}

sl_status factdate_placement_phase(request *r, const char *placement_id, factdate_phase *out,
                                   sl_date *start, sl_date *end)
{
    sl_date s, e;
    bool ok;
    const placement_facts *pf = &r->target.placement;
    if (pf->start_date[0] && strcmp(pf->id, placement_id) == 0) {
        /* Authorization read them in this request already (they never change). */
        ok = sl_date_parse(pf->start_date, &s) && sl_date_parse(pf->end_date, &e);
    } else {
        sqlite3_stmt *q = store_query(
            r->st, "SELECT start_date, end_date FROM placements WHERE id = ?1", SB(placement_id));
        sl_status st = store_row(q);
        if (st != SL_OK)
            return req_fail(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, "placement vanished");
        ok = sl_date_parse(store_col(q, 0), &s) && sl_date_parse(store_col(q, 1), &e);
        store_stmt_done(q);
    }
    if (!ok)
        return req_fail_code(r, SL_EINTERNAL, MSG_STORED_PLACEMENT_DATES_UNREADABLE);
    *out = factdate_placement(s, e, FACTDATE_PLACEMENT_GRACE_DAYS);
    if (start)
        *start = s;
    if (end)
        *end = e;
    return SL_OK;
}

factdate_phase factdate_agenda_week(sl_date start, sl_date end)
{
    factdate_phase p = factdate_placement(start, end, FACTDATE_PLACEMENT_GRACE_DAYS);
    p.from = sl_date_from_days(sl_date_to_days(start) - 6);
    return p;
}

sl_date factdate_school_entry(sl_date birth)
{
    sl_date entry = {birth.y + FACTDATE_SCHOOL_ENTRY_AGE, birth.m, birth.d};
    /* 12 is divisible by 4, but 2100 is not a leap year; let the day count decide. */
    if (birth.m == 2 && birth.d == 29) {
        sl_date feb28 = {entry.y, 2, 28};
        sl_date next = sl_date_from_days(sl_date_to_days(feb28) + 1);
        entry = next;
    }
    return entry;
}

sl_status factdate_school_phase(request *r, const char *student_id, factdate_phase *out)
{
    sqlite3_stmt *q =
        store_query(r->st, "SELECT date_of_birth FROM students WHERE id = ?1", SB(student_id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_STUDENT_VANISHED);
    sl_date birth;
    bool ok = sl_date_parse(store_col(q, 0), &birth);
    store_stmt_done(q);
    if (!ok)
        return req_fail_code(r, SL_EINTERNAL, MSG_STORED_DATE_OF_BIRTH_UNREADABLE);
    *out = factdate_since(factdate_school_entry(birth));
    return SL_OK;
}
