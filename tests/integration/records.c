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
