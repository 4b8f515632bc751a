#include "records.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT
#define WEEK_DAYS 3

bool ts_sign_three_day_week(sl_client *sup, const char *placement_id, const char *monday,
                            const char *tasks)
{
    Stagelijn__V1__AgendaDay d[WEEK_DAYS], *dp[WEEK_DAYS];
    char dates[WEEK_DAYS][11];
    for (int i = 0; i < WEEK_DAYS; i++) {
        stagelijn__v1__agenda_day__init(&d[i]);
        ts_date_plus(monday, i, dates[i]);
        d[i].date = dates[i];
        d[i].minutes_worked = 420;
        d[i].tasks = (char *)tasks;
        dp[i] = &d[i];
    }
    Stagelijn__V1__SubmitAgendaWeekRequest s = STAGELIJN__V1__SUBMIT_AGENDA_WEEK_REQUEST__INIT;
    s.placement_id = (char *)placement_id;
    s.week_start = (char *)monday;
    s.days = dp;
    s.n_days = WEEK_DAYS;
    s.sign = true;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_AGENDA_WEEK;
    req.submit_agenda_week = &s;
    return ts_expect(sup, &req, SL_OK);
}

bool ts_report_sick_day(sl_client *sup, const char *student_id, const char *day)
{
    Stagelijn__V1__ReportAbsenceRequest a = STAGELIJN__V1__REPORT_ABSENCE_REQUEST__INIT;
    a.student_id = (char *)student_id;
    a.kind = STAGELIJN__V1__ABSENCE_KIND__ABSENCE_SICK;
    a.from_date = (char *)day;
    a.to_date = (char *)day;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_REPORT_ABSENCE;
    req.report_absence = &a;
    return ts_expect(sup, &req, SL_OK);
}

bool ts_record_exit_to_work(sl_client *coach, const char *student_id, const char *left,
                            const char *destination, const char *advice)
{
    Stagelijn__V1__ExitRecord e = STAGELIJN__V1__EXIT_RECORD__INIT;
    e.student_id = (char *)student_id;
    e.left_date = (char *)left;
    e.profile = STAGELIJN__V1__EXIT_PROFILE__EXIT_WORK;
    e.destination = (char *)destination;
    e.cohort = "";
    e.advice = (char *)advice;
    Stagelijn__V1__RecordExitRequest rq = STAGELIJN__V1__RECORD_EXIT_REQUEST__INIT;
    rq.exit = &e;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_EXIT;
    req.record_exit = &rq;
    return ts_expect(coach, &req, SL_OK);
}

ts_placement_spec ts_sector_week(const char *student_id, const char *company_id,
                                 const char *supervisor_id, const char *start, const char *end)
{
    return (ts_placement_spec){.student_id = student_id,
                               .company_id = company_id,
                               .supervisor_id = supervisor_id,
                               .kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR,
                               .start_date = start,
                               .end_date = end,
                               .n_days = 3,
                               .day_start = "09:00",
                               .day_end = "15:00",
                               .break_minutes = 30};
}

ts_placement_spec ts_individual_week(const char *student_id, const char *company_id,
                                     const char *supervisor_id, const char *start, const char *end)
{
    return (ts_placement_spec){.student_id = student_id,
                               .company_id = company_id,
                               .supervisor_id = supervisor_id,
                               .kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_1,
                               .start_date = start,
                               .end_date = end,
                               .n_days = 2,
                               .day_start = "09:00",
                               .day_end = "14:00",
                               .break_minutes = 30};
}

bool ts_grant_topic(sl_client *admin, const char *username, const char *topic)
{
    char *topics[] = {(char *)topic};
    Stagelijn__V1__GrantTopicsRequest g = STAGELIJN__V1__GRANT_TOPICS_REQUEST__INIT;
    g.username = (char *)username;
    g.grant = topics;
    g.n_grant = 1;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GRANT_TOPICS;
    req.grant_topics = &g;
    return ts_expect(admin, &req, SL_OK);
}

#define MAX_HOLIDAYS 16

bool ts_save_school_year(sl_client *admin, const char *name, const char *start, const char *end,
                         const ts_holiday *holidays, size_t n)
{
    Stagelijn__V1__Holiday h[MAX_HOLIDAYS], *hp[MAX_HOLIDAYS];
    if (n > MAX_HOLIDAYS)
        return false;
    for (size_t i = 0; i < n; i++) {
        stagelijn__v1__holiday__init(&h[i]);
        h[i].name = (char *)holidays[i].name;
        h[i].start_date = (char *)holidays[i].start_date;
        h[i].end_date = (char *)holidays[i].end_date;
        hp[i] = &h[i];
    }
    Stagelijn__V1__SchoolYear y = STAGELIJN__V1__SCHOOL_YEAR__INIT;
    y.name = (char *)name;
    y.start_date = (char *)start;
    y.end_date = (char *)end;
    y.holidays = hp;
    y.n_holidays = n;
    Stagelijn__V1__SaveSchoolYearRequest s = STAGELIJN__V1__SAVE_SCHOOL_YEAR_REQUEST__INIT;
    s.school_year = &y;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_SCHOOL_YEAR;
    req.save_school_year = &s;
    return ts_expect(admin, &req, SL_OK);
}
