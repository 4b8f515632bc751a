/* Year 3 toward the definitive sector choice (plan 2.2 and "Verbeteringen"): the internship
 * assessment (stage-assessment) of a year-3 internship and the masterpiece (meesterproef),
 * and the student's year-3 file with the exam portfolio.
 *
 * Rules (docs/rules.md, "Year 3 toward the sector choice"):
 * - only for a student in year 3 (YEAR3_NOT_YEAR3);
 * - the internship assessment names the year-3 placement (individual I/II or group) of this
 *   student it belongs to (YEAR3_PLACEMENT_NOT_YEAR3); the masterpiece may name one;
 * - the date is a recorded fact: not after today (DATE_IN_FUTURE), inside its placement
 *   (DATE_OUTSIDE_PLACEMENT: not before the first day, at most the grace days after the last),
 *   or for a masterpiece without a placement not before the student can have been at school;
 * - a masterpiece that names a sector records the definitive sector choice on the student.
 * The exam portfolio is the practical assignments of the student's year-3 placements
 * (SaveAssignment), complete when there is at least one and every one is approved. */
#include <stdio.h>
#include <string.h>

#include "collate.h"
#include "factdate.h"
#include "handlers.h"
#include "store.h"

#define YEAR3 3
#define SECTORS 10
#define MAX_YEAR3_ASSESSMENTS 64
#define MAX_PORTFOLIO 64

static bool year3_kind(int kind)
{
    return kind == STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_1 ||
           kind == STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_2 ||
           kind == STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_GROUP;
}

/* SL_OK when the student is in year 3; the refusal otherwise. */
static sl_status require_year3(request *r, const char *student_id)
{
    sqlite3_stmt *q =
        store_query(r->st, "SELECT school_year FROM students WHERE id = ?1", SB(student_id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_STUDENT_VANISHED);
    int year = sqlite3_column_int(q, 0);
    store_stmt_done(q);
    if (year == YEAR3)
        return SL_OK;
    req_violation(r, "YEAR3_NOT_YEAR3",
                  sl_arena_printf(r->arena, "the student is in year %d, not year 3", year), false);
    return req_fail_code(r, SL_EPRECOND, MSG_YEAR3_ONLY);
}

/* The phase of the assessment's date: its year-3 placement, checked to be the student's. */
static sl_status placement_phase(request *r, const char *student_id, const char *placement_id,
                                 factdate_phase *phase)
{
    sl_status st = req_check_id(r, "placement_id", placement_id);
    if (st != SL_OK)
        return st;
    sqlite3_stmt *q = store_query(r->st,
                                  "SELECT kind FROM placements WHERE id = ?1 AND "
                                  "student_id = ?2",
                                  SB(placement_id), SB(student_id));
    st = store_row(q);
    if (st != SL_OK && st != SL_ENOTFOUND)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    int kind = st == SL_OK ? sqlite3_column_int(q, 0) : 0;
    if (st == SL_OK)
        store_stmt_done(q);
    if (!year3_kind(kind)) {
        req_violation(r, "YEAR3_PLACEMENT_NOT_YEAR3",
                      "the placement is not an individual or group internship of this student",
                      false);
        return req_fail_code(r, SL_EPRECOND, MSG_NOT_A_YEAR3_PLACEMENT);
    }
    return factdate_placement_phase(r, placement_id, phase, NULL, NULL);
}

/* Checks the fields of a new assessment; SL_OK or the refusal. */
static sl_status check_assessment(request *r, const char *student_id,
                                  const Stagelijn__V1__Year3Assessment *a)
{
    sl_status st;
    if (a->kind != STAGELIJN__V1__YEAR3_ASSESSMENT_KIND__YEAR3_INTERNSHIP_ASSESSMENT &&
        a->kind != STAGELIJN__V1__YEAR3_ASSESSMENT_KIND__YEAR3_MASTERPIECE)
        return req_fail_code(r, SL_EINVAL, MSG_YEAR3_KIND_VALUES);
    if (a->result != STAGELIJN__V1__JUDGEMENT__JUDGEMENT_POSITIVE &&
        a->result != STAGELIJN__V1__JUDGEMENT__JUDGEMENT_NEGATIVE)
        return req_fail_code(r, SL_EINVAL, MSG_YEAR3_RESULT_VALUES);
    if (a->sector > SECTORS)
        return req_fail_code(r, SL_EINVAL, MSG_SECTOR_OR_NONE);
    if ((st = req_check_text(r, "assessor", a->assessor, true)) != SL_OK ||
        (st = req_check_text(r, "remarks", a->remarks, false)) != SL_OK)
        return st;
    bool has_placement = a->placement_id && a->placement_id[0];
    if (a->kind == STAGELIJN__V1__YEAR3_ASSESSMENT_KIND__YEAR3_INTERNSHIP_ASSESSMENT &&
        !has_placement)
        return req_fail_code(r, SL_EINVAL, MSG_YEAR3_NEEDS_PLACEMENT);
    sl_date day;
    if (!a->date || !sl_date_parse(a->date, &day))
        return req_fail_code(r, SL_EINVAL, MSG_DATE_FIELD_FORMAT, "date");
    if ((st = require_year3(r, student_id)) != SL_OK)
        return st;
    factdate_phase phase;
    if (has_placement)
        st = placement_phase(r, student_id, a->placement_id, &phase);
    else
        st = factdate_school_phase(r, student_id, &phase);
    if (st != SL_OK)
        return st;
    const char *what = a->kind == STAGELIJN__V1__YEAR3_ASSESSMENT_KIND__YEAR3_MASTERPIECE
                           ? "masterpiece"
                           : "internship assessment";
    return factdate_require_date(
        r, what, day, phase, has_placement ? FACTDATE_RULE_PLACEMENT : FACTDATE_RULE_BEFORE_SCHOOL);
}

#define YEAR3_COLUMNS                                                                              \
    "SELECT a.id, a.student_id, a.kind, coalesce(a.placement_id, ''), a.date, a.assessor, "        \
    "a.result, a.remarks, coalesce(a.sector, 0), a.recorded_by, " SQL_STUDENT_NAME(                \
        "s") ", coalesce(c.name, ''), u.display_name FROM year3_assessments a "                    \
             "JOIN students s ON s.id = a.student_id JOIN users u ON u.id = a.recorded_by "        \
             "LEFT JOIN placements p ON p.id = a.placement_id LEFT JOIN companies c ON c.id = "    \
             "p.company_id "

static Stagelijn__V1__Year3Assessment *assessment_from_row(request *r, sqlite3_stmt *q)
{
    Stagelijn__V1__Year3Assessment *a = SL_ARENA_NEW(r->arena, Stagelijn__V1__Year3Assessment);
    stagelijn__v1__year3_assessment__init(a);
    a->id = sl_arena_strdup(r->arena, store_col(q, 0));
    a->student_id = sl_arena_strdup(r->arena, store_col(q, 1));
    a->kind = (Stagelijn__V1__Year3AssessmentKind)sqlite3_column_int(q, 2);
    a->placement_id = sl_arena_strdup(r->arena, store_col(q, 3));
    a->date = sl_arena_strdup(r->arena, store_col(q, 4));
    a->assessor = sl_arena_strdup(r->arena, store_col(q, 5));
    a->result = (Stagelijn__V1__Judgement)sqlite3_column_int(q, 6);
    a->remarks = sl_arena_strdup(r->arena, store_col(q, 7));
    a->sector = (uint32_t)sqlite3_column_int(q, 8);
    a->recorded_by_id = sl_arena_strdup(r->arena, store_col(q, 9));
    a->student_name = sl_arena_strdup(r->arena, store_col(q, 10));
    a->company_name = sl_arena_strdup(r->arena, store_col(q, 11));
    a->recorded_by_name = sl_arena_strdup(r->arena, store_col(q, 12));
    return a;
}

sl_status handle_record_year3_assessment(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__Year3Assessment *a = in->record_year3_assessment->assessment;
    if (!a)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "assessment");
    const student_facts *sf = &r->target.student;
    sl_status st = check_assessment(r, sf->id, a);
    if (st != SL_OK)
        return st;
    bool has_placement = a->placement_id && a->placement_id[0];
    sl_id id = sl_id_new();
    st = store_exec(r->st, NULL,
                    "INSERT INTO year3_assessments (id, student_id, kind, placement_id, date, "
                    "assessor, result, remarks, sector, recorded_by, created_at) VALUES "
                    "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
                    SB(id.s), SB(sf->id), SB((int)a->kind),
                    SB(has_placement ? a->placement_id : NULL), SB(a->date), SB(a->assessor),
                    SB((int)a->result), SB(a->remarks ? a->remarks : ""),
                    SB_ZERO_NULL((int)a->sector), SB(r->who->user_id), SB(r->now));
    bool masterpiece = a->kind == STAGELIJN__V1__YEAR3_ASSESSMENT_KIND__YEAR3_MASTERPIECE;
    /* The masterpiece is where the definitive choice for year 4 is made. */
    if (st == SL_OK && masterpiece && a->sector)
        st = store_exec(r->st, NULL, "UPDATE students SET definitive_sector = ?2 WHERE id = ?1",
                        SB(sf->id), SB((int)a->sector));
    char details[64];
    snprintf(details, sizeof details, "%s sector=%u",
             masterpiece ? "masterpiece" : "internship_assessment", a->sector);
    if (st != SL_OK ||
        (st = req_audit(r, "year3.record", "year3_assessment", id.s, details)) != SL_OK)
        return req_fail_code(r, st, MSG_CANNOT_RECORD_YEAR3);
    sqlite3_stmt *q = store_query(r->st, YEAR3_COLUMNS "WHERE a.id = ?1", SB(id.s));
    if ((st = store_row(q)) != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_DATABASE_ERROR);
    out->year3_assessment = assessment_from_row(r, q);
    store_stmt_done(q);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_YEAR3_ASSESSMENT;
    return SL_OK;
}

static sl_status read_assessments(request *r, const char *student_id, Stagelijn__V1__Year3Record *y)
{
    sl_status rs;
    bool row;
    sqlite3_stmt *q = store_query(r->st,
                                  YEAR3_COLUMNS "WHERE a.student_id = ?1 ORDER BY a.date, "
                                                "a.created_at, a.id LIMIT ?2",
                                  SB(student_id), SB(MAX_YEAR3_ASSESSMENTS + 1));
    y->assessments =
        SL_ARENA_ARRAY(r->arena, Stagelijn__V1__Year3Assessment *, MAX_YEAR3_ASSESSMENTS + 1);
    while ((rs = store_next(q, &row)) == SL_OK && row)
        y->assessments[y->n_assessments++] = assessment_from_row(r, q);
    y->n_assessments = req_list_cap(r, y->n_assessments, MAX_YEAR3_ASSESSMENTS);
    return rs;
}

static sl_status read_portfolio(request *r, const char *student_id, Stagelijn__V1__Year3Record *y)
{
    sl_status rs;
    bool row;
    sqlite3_stmt *q =
        store_query(r->st,
                    "SELECT a.id, a.placement_id, a.period, a.number, a.title, a.status, a.notes "
                    "FROM practical_assignments a JOIN placements p ON p.id = a.placement_id "
                    "WHERE p.student_id = ?1 AND p.kind IN (?2, ?3, ?4) "
                    "ORDER BY p.start_date, p.id, a.period, a.number LIMIT ?5",
                    SB(student_id), SB((int)STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_1),
                    SB((int)STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_2),
                    SB((int)STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_GROUP), SB(MAX_PORTFOLIO + 1));
    y->portfolio = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__PracticalAssignment *, MAX_PORTFOLIO);
    while ((rs = store_next(q, &row)) == SL_OK && row) {
        if (y->n_portfolio == MAX_PORTFOLIO) {
            r->list_cap = MAX_PORTFOLIO; /* labels: the totals count the rows read */
            store_stmt_done(q);
            break;
        }
        Stagelijn__V1__PracticalAssignment *a =
            SL_ARENA_NEW(r->arena, Stagelijn__V1__PracticalAssignment);
        stagelijn__v1__practical_assignment__init(a);
        a->id = sl_arena_strdup(r->arena, store_col(q, 0));
        a->placement_id = sl_arena_strdup(r->arena, store_col(q, 1));
        a->period = (uint32_t)sqlite3_column_int(q, 2);
        a->number = (uint32_t)sqlite3_column_int(q, 3);
        a->title = sl_arena_strdup(r->arena, store_col(q, 4));
        a->status = (Stagelijn__V1__AssignmentStatus)sqlite3_column_int(q, 5);
        a->notes = sl_arena_strdup(r->arena, store_col(q, 6));
        y->portfolio[y->n_portfolio++] = a;
        y->portfolio_approved += a->status == STAGELIJN__V1__ASSIGNMENT_STATUS__ASSIGNMENT_APPROVED;
    }
    y->portfolio_total = (uint32_t)y->n_portfolio;
    y->portfolio_complete = y->portfolio_total > 0 && y->portfolio_approved == y->portfolio_total;
    return rs;
}

sl_status handle_get_year3_record(request *r, const sl_envelope *in, sl_envelope *out)
{
    (void)in;
    const student_facts *sf = &r->target.student;
    Stagelijn__V1__Year3Record *y = SL_ARENA_NEW(r->arena, Stagelijn__V1__Year3Record);
    stagelijn__v1__year3_record__init(y);
    sqlite3_stmt *q = store_query(
        r->st,
        "SELECT " SQL_STUDENT_NAME("s") ", coalesce(s.definitive_sector, 0) FROM students s "
                                        "WHERE s.id = ?1",
        SB(sf->id));
    sl_status st = store_row(q);
    if (st != SL_OK)
        return req_fail_code(r, st == SL_ENOTFOUND ? SL_EINTERNAL : st, MSG_STUDENT_VANISHED);
    y->student_id = sl_arena_strdup(r->arena, sf->id);
    y->student_name = sl_arena_strdup(r->arena, store_col(q, 0));
    y->definitive_sector = (uint32_t)sqlite3_column_int(q, 1);
    store_stmt_done(q);
    if ((st = read_assessments(r, sf->id, y)) != SL_OK ||
        (st = read_portfolio(r, sf->id, y)) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_YEAR3_RECORD;
    out->year3_record = y;
    return SL_OK;
}
