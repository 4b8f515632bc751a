#include "ks_clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ids.h"
#include "output.h"
#include "termtext.h"
#include "timeutil.h"
#include "wording.h"

#define MAX_CORRECTIONS 14

/* ---------------------------------------------------------------- typed input */

/* The student the user typed: an id; a full name or a first name (case does not matter); a
 * username; or the number of the row in `student list`. Without --student the one student
 * the caller may see (an intern: him/herself). Prints the problem and returns false. */
static bool student_of(cli_ctx *ctx, const cli_args *a, char id[SL_ID_LEN + 1], int *exit_code)
{
    const char *typed = cli_arg(a, "student");
    if (typed && sl_id_valid(typed)) {
        snprintf(id, SL_ID_LEN + 1, "%s", typed);
        return true;
    }
    Stagelijn__V1__ListStudentsRequest ls = STAGELIJN__V1__LIST_STUDENTS_REQUEST__INIT;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_STUDENTS;
    req.list_students = &ls;
    if (cli_call(ctx, &req, &rep, exit_code) != SL_OK)
        return false;
    const Stagelijn__V1__ListStudentsReply *l = rep->list_students_reply;
    const Stagelijn__V1__Student *found = NULL;
    int matches = 0;
    unsigned long number;
    if (!typed) {
        matches = (int)l->n_students;
        found = l->n_students == 1 ? l->students[0] : NULL;
    } else if (cli_parse_uint(typed, l->n_students, &number) && number >= 1) {
        found = l->students[number - 1];
        matches = 1;
    } else {
        /* The whole name first; a first name or username only when it names one student. */
        for (size_t i = 0; i < l->n_students && matches != 1; i++)
            if (!strcasecmp(l->students[i]->full_name, typed))
                found = l->students[i], matches = 1;
        for (size_t i = 0; i < l->n_students && !found; i++)
            if (!strcasecmp(l->students[i]->first_name, typed) ||
                !strcasecmp(l->students[i]->user_name, typed))
                matches++;
        for (size_t i = 0; i < l->n_students && !found && matches == 1; i++)
            if (!strcasecmp(l->students[i]->first_name, typed) ||
                !strcasecmp(l->students[i]->user_name, typed))
                found = l->students[i];
    }
    if (found)
        snprintf(id, SL_ID_LEN + 1, "%s", found->id);
    sl_envelope_free(rep);
    if (found)
        return true;
    if (!typed)
        *exit_code = cli_usage_error(ctx, "%s", _("name the student with --student"));
    else if (matches > 1)
        *exit_code = cli_usage_error(ctx,
                                     _("'%s' names more than one student; type the whole "
                                       "name or the number from 'student list'"),
                                     typed);
    else
        *exit_code = cli_fail(ctx, EXIT_REFUSED, _("no student '%s' among yours"), typed);
    return false;
}

/* "YYYY-MM-DD HH:MM" in the school's time (Europe/Amsterdam) as unix seconds. */
static bool parse_local(const char *text, int64_t *at)
{
    sl_date d;
    int minute;
    char date[11];
    if (!text || strlen(text) != 16 || text[10] != ' ')
        return false;
    memcpy(date, text, 10);
    date[10] = '\0';
    return sl_date_parse(date, &d) && sl_clock_parse(text + 11, &minute) && minute < 24 * 60 &&
           sl_local_to_unix(d, minute, at);
}

/* "DATE HH:MM-HH:MM": a shift on DATE; an end before the start runs over midnight. */
static bool parse_span(const char *text, int64_t *in_at, int64_t *out_at)
{
    char start[17], end[17];
    if (!text || strlen(text) != 22 || text[16] != '-')
        return false;
    memcpy(start, text, 16);
    start[16] = '\0';
    memcpy(end, text, 11);
    memcpy(end + 11, text + 17, 5);
    end[16] = '\0';
    if (!parse_local(start, in_at) || !parse_local(end, out_at))
        return false;
    if (*out_at <= *in_at) {
        sl_date d;
        int minute;
        sl_local_of(*out_at + 86400, &d, &minute);
        char next[17];
        sl_date_format(d, next);
        snprintf(next + 10, sizeof next - 10, "%s", text + 16);
        next[10] = ' ';
        return parse_local(next, out_at);
    }
    return true;
}

/* ---------------------------------------------------------------- showing */

/* A server's text escaped for the terminal; four in use at a time (one printf's worth). */
static const char *safe(const char *s)
{
    static char buf[4][512];
    static int next;
    next = (next + 1) % 4;
    termtext_escape(s ? s : "", buf[next], sizeof buf[next]);
    return buf[next];
}

static void local_hm(int64_t at, char hm[6])
{
    sl_date d;
    int minute;
    sl_local_of(at, &d, &minute);
    sl_clock_format(minute, hm);
}

static const char *weekday_name(const char *date)
{
    static const char *const names[] = {N_("Monday"),   N_("Tuesday"), N_("Wednesday"),
                                        N_("Thursday"), N_("Friday"),  N_("Saturday"),
                                        N_("Sunday")};
    sl_date d;
    return sl_date_parse(date, &d) ? _(names[sl_date_weekday(d) - 1]) : "";
}

static void show_record(const Stagelijn__V1__ClockRecord *c)
{
    char in[6], out[6], dur[32];
    local_hm(c->clock_in_at, in);
    if (!c->clock_out_at) {
        printf(_("%s clocked in at %s on %s %s.\n"), safe(c->student_name), in,
               weekday_name(c->date), c->date);
        return;
    }
    local_hm(c->clock_out_at, out);
    printf(_("%s clocked out at %s (in at %s on %s %s): %s worked.\n"), safe(c->student_name), out,
           in, weekday_name(c->date), c->date, wording_duration(c->minutes, dur, sizeof dur));
    /* rules (issue 7/8): what the hours just clocked were found to risk, not refused. */
    char text[512];
    for (size_t i = 0; i < c->n_warnings; i++)
        printf(_("Note: %s\n"), wording_violation(c->warnings[i], text, sizeof text));
}

static void show_day(const Stagelijn__V1__WeekDayHours *d)
{
    char dur[32], kind[64];
    printf("%-10s %s  %s", weekday_name(d->date), d->date,
           d->minutes || d->internship_day ? wording_duration(d->minutes, dur, sizeof dur) : "");
    for (size_t k = 0; k < d->n_clock; k++) {
        char in[6], out[6] = "..:..";
        local_hm(d->clock[k]->clock_in_at, in);
        if (d->clock[k]->clock_out_at)
            local_hm(d->clock[k]->clock_out_at, out);
        printf("%s%s-%s%s", k ? ", " : "  (", in, out, k + 1 == d->n_clock ? ")" : "");
    }
    if (d->break_minutes)
        printf(_("  break %s"), wording_duration(d->break_minutes, dur, sizeof dur));
    if (d->absence && d->absence[0]) {
        int v;
        if (wording_parse_value(&stagelijn__v1__absence_kind__descriptor, d->absence, &v))
            printf("  [%s]",
                   wording_value(&stagelijn__v1__absence_kind__descriptor, v, kind, sizeof kind));
    }
    if (d->open)
        printf("  %s", _("(still clocked in)"));
    if (d->tasks && d->tasks[0])
        printf("  %s", safe(d->tasks));
    putchar('\n');
}

static void show_week(const Stagelijn__V1__WeekHours *w)
{
    char dur[32], norm[32], text[512];
    printf(_("%s at %s, week of %s\n"), safe(w->student_name), safe(w->company_name),
           w->week_start);
    for (size_t i = 0; i < w->n_days; i++)
        if (w->days[i]->internship_day || w->days[i]->minutes || w->days[i]->n_clock)
            show_day(w->days[i]);
    printf(_("Total: %s"), wording_duration(w->minutes, dur, sizeof dur));
    if (w->norm_minutes)
        printf(_(" (norm %s)"), wording_duration(w->norm_minutes, norm, sizeof norm));
    putchar('\n');
    printf("%s\n", w->complete ? _("Every internship day has hours.")
                               : _("Not complete: an internship day has no hours yet."));
    if (w->signed_by_supervisor)
        printf(_("Signed by the supervisor on %.10s.\n"), w->signed_at);
    for (size_t i = 0; i < w->n_law_breaches; i++)
        printf(_("Working-time rules broken: %s\n"),
               wording_violation(w->law_breaches[i], text, sizeof text));
    for (size_t i = 0; i < w->n_corrections; i++)
        printf(_("Corrected on %.10s by %s: %s\n"), w->corrections[i]->at,
               safe(w->corrections[i]->by_name), safe(w->corrections[i]->reason));
}

static void show_totals(const Stagelijn__V1__HourTotals *t)
{
    char a[32], b[32];
    printf(_("%s, school year %s to %s\n"), safe(t->student_name), t->year_start, t->year_end);
    for (size_t i = 0; i < t->n_weeks; i++) {
        const Stagelijn__V1__WeekTotal *w = t->weeks[i];
        printf(_("week of %s  %s of %s%s%s\n"), w->week_start,
               wording_duration(w->minutes, a, sizeof a),
               wording_duration(w->norm_minutes, b, sizeof b), w->signed_ ? _(", signed") : "",
               w->law_breach ? _(", working-time rules broken") : "");
    }
    printf(_("Done: %s, on average %s a week.\n"),
           wording_duration((long long)t->minutes_done, a, sizeof a),
           wording_duration((long long)t->average_week_minutes, b, sizeof b));
    if (t->entree) {
        printf(_("Entree: %s needed; at this pace %s by the end of the year (%s).\n"),
               wording_duration((long long)t->minutes_required, a, sizeof a),
               wording_duration((long long)t->projected_minutes, b, sizeof b),
               t->on_track ? _("enough") : _("not enough"));
    }
    for (size_t i = 0; i < t->n_absences; i++) {
        char kind[64];
        printf(_("Absent %s to %s: %s\n"), t->absences[i]->from_date, t->absences[i]->to_date,
               wording_value(&stagelijn__v1__absence_kind__descriptor, t->absences[i]->kind, kind,
                             sizeof kind));
    }
}

/* Sends req (a retry-safe submission when `submission`), shows the reply. */
static int send_and_show(cli_ctx *ctx, sl_envelope *req, bool submission)
{
    sl_id sub = sl_id_new();
    if (submission)
        req->submission_id = sub.s;
    sl_envelope *rep;
    int code;
    if (cli_call(ctx, req, &rep, &code) != SL_OK)
        return code;
    if (ctx->json) {
        const ProtobufCMessage *body =
            rep->body_case == STAGELIJN__V1__ENVELOPE__BODY_CLOCK_RECORD  ? &rep->clock_record->base
            : rep->body_case == STAGELIJN__V1__ENVELOPE__BODY_WEEK_HOURS  ? &rep->week_hours->base
            : rep->body_case == STAGELIJN__V1__ENVELOPE__BODY_ABSENCE     ? &rep->absence->base
            : rep->body_case == STAGELIJN__V1__ENVELOPE__BODY_HOUR_TOTALS ? &rep->hour_totals->base
                                                                          : NULL;
        if (body) {
            output_json(stdout, body);
            fputc('\n', stdout);
        }
    } else if (rep->body_case == STAGELIJN__V1__ENVELOPE__BODY_CLOCK_RECORD) {
        show_record(rep->clock_record);
    } else if (rep->body_case == STAGELIJN__V1__ENVELOPE__BODY_WEEK_HOURS) {
        show_week(rep->week_hours);
    } else if (rep->body_case == STAGELIJN__V1__ENVELOPE__BODY_ABSENCE) {
        char kind[64];
        printf(_("Absence of %s reported: %s, %s to %s.\n"), safe(rep->absence->student_name),
               wording_value(&stagelijn__v1__absence_kind__descriptor, rep->absence->kind, kind,
                             sizeof kind),
               rep->absence->from_date, rep->absence->to_date);
    } else if (rep->body_case == STAGELIJN__V1__ENVELOPE__BODY_HOUR_TOTALS) {
        show_totals(rep->hour_totals);
    }
    sl_envelope_free(rep);
    return 0;
}

/* ---------------------------------------------------------------- commands */

static int clock_cmd(cli_ctx *ctx, const cli_args *a, bool in)
{
    char student[SL_ID_LEN + 1];
    int code = 0;
    int64_t at = 0;
    const char *at_text = cli_arg(a, "at");
    if (at_text && !parse_local(at_text, &at))
        return cli_usage_error(ctx, _("--at '%s': expected 'YYYY-MM-DD HH:MM'"), at_text);
    if (!student_of(ctx, a, student, &code))
        return code;
    Stagelijn__V1__ClockInRequest ci = STAGELIJN__V1__CLOCK_IN_REQUEST__INIT;
    Stagelijn__V1__ClockOutRequest co = STAGELIJN__V1__CLOCK_OUT_REQUEST__INIT;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    if (in) {
        ci.student_id = student;
        ci.at = at;
        req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CLOCK_IN;
        req.clock_in = &ci;
    } else {
        co.student_id = student;
        co.at = at;
        req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CLOCK_OUT;
        req.clock_out = &co;
    }
    return send_and_show(ctx, &req, true);
}

int ks_clock_in(cli_ctx *ctx, const cli_args *a)
{
    return clock_cmd(ctx, a, true);
}

int ks_clock_out(cli_ctx *ctx, const cli_args *a)
{
    return clock_cmd(ctx, a, false);
}

int ks_week_show(cli_ctx *ctx, const cli_args *a)
{
    char student[SL_ID_LEN + 1];
    int code = 0;
    if (!student_of(ctx, a, student, &code))
        return code;
    Stagelijn__V1__GetWeekHoursRequest g = STAGELIJN__V1__GET_WEEK_HOURS_REQUEST__INIT;
    g.student_id = student;
    g.date = (char *)(cli_arg(a, "week") ? cli_arg(a, "week") : "");
    g.placement_id = (char *)(cli_arg(a, "placement") ? cli_arg(a, "placement") : "");
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_WEEK_HOURS;
    req.get_week_hours = &g;
    return send_and_show(ctx, &req, false);
}

/* The clocked shift of `week` that began on DATE at HH:MM ("DATE HH:MM"): its id. */
static const char *shift_at(const Stagelijn__V1__WeekHours *week, const char *text)
{
    int64_t at;
    if (!parse_local(text, &at))
        return NULL;
    for (size_t i = 0; i < week->n_days; i++)
        for (size_t k = 0; k < week->days[i]->n_clock; k++)
            if (week->days[i]->clock[k]->clock_in_at / 60 == at / 60)
                return week->days[i]->clock[k]->id;
    return NULL;
}

/* The corrections typed with --add, --change and --remove, against the week as it is. */
static int typed_shifts(cli_ctx *ctx, const cli_args *a, const Stagelijn__V1__WeekHours *week,
                        Stagelijn__V1__ClockCorrection *cc, size_t *n)
{
    const char *v[MAX_CORRECTIONS + 1];
    int k = cli_arg_all(a, "add", v, MAX_CORRECTIONS + 1);
    for (int i = 0; i < k && *n < MAX_CORRECTIONS; i++, (*n)++) {
        stagelijn__v1__clock_correction__init(&cc[*n]);
        if (!parse_span(v[i], &cc[*n].clock_in_at, &cc[*n].clock_out_at))
            return cli_usage_error(ctx, _("--add '%s': expected 'YYYY-MM-DD HH:MM-HH:MM'"), v[i]);
    }
    k = cli_arg_all(a, "change", v, MAX_CORRECTIONS + 1);
    for (int i = 0; i < k && *n < MAX_CORRECTIONS; i++, (*n)++) {
        stagelijn__v1__clock_correction__init(&cc[*n]);
        char old[17], span[23];
        const char *eq = strchr(v[i], '=');
        if (!eq || eq - v[i] != 16 || strlen(eq + 1) != 11)
            return cli_usage_error(ctx, _("--change '%s': expected 'YYYY-MM-DD HH:MM=HH:MM-HH:MM'"),
                                   v[i]);
        memcpy(old, v[i], 16);
        old[16] = '\0';
        snprintf(span, sizeof span, "%.11s%s", v[i], eq + 1);
        cc[*n].record_id = (char *)shift_at(week, old);
        if (!cc[*n].record_id)
            return cli_usage_error(ctx, _("no clocked shift began at %s in this week"), old);
        if (!parse_span(span, &cc[*n].clock_in_at, &cc[*n].clock_out_at))
            return cli_usage_error(ctx, _("--change '%s': expected 'YYYY-MM-DD HH:MM=HH:MM-HH:MM'"),
                                   v[i]);
    }
    k = cli_arg_all(a, "remove", v, MAX_CORRECTIONS + 1);
    for (int i = 0; i < k && *n < MAX_CORRECTIONS; i++, (*n)++) {
        stagelijn__v1__clock_correction__init(&cc[*n]);
        cc[*n].record_id = (char *)shift_at(week, v[i]);
        cc[*n].remove = true;
        if (!cc[*n].record_id)
            return cli_usage_error(ctx, _("no clocked shift began at %s in this week"), v[i]);
    }
    return 0;
}

/* "--day YYYY-MM-DD,MINUTES,TASKS" (the tasks may hold commas). */
static bool parse_day(const char *text, Stagelijn__V1__AgendaDay *d, char date[11])
{
    unsigned long minutes;
    char m[8];
    const char *c1 = strchr(text, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
    size_t len = c1 ? (size_t)((c2 ? c2 : c1 + 1 + strlen(c1 + 1)) - (c1 + 1)) : 0;
    if (!c1 || c1 - text != 10 || len == 0 || len >= sizeof m)
        return false;
    memcpy(date, text, 10);
    date[10] = '\0';
    memcpy(m, c1 + 1, len);
    m[len] = '\0';
    if (!cli_parse_date(date) || !cli_parse_uint(m, 1440, &minutes))
        return false;
    stagelijn__v1__agenda_day__init(d);
    d->date = date;
    d->minutes_worked = (uint32_t)minutes;
    d->tasks = (char *)(c2 ? c2 + 1 : "");
    return true;
}

int ks_week_correct(cli_ctx *ctx, const cli_args *a)
{
    const char *reason, *date;
    char student[SL_ID_LEN + 1];
    int code = 0;
    if (!cli_need(ctx, a, "reason", &reason) || !cli_need(ctx, a, "week", &date))
        return EXIT_USAGE;
    if (!student_of(ctx, a, student, &code))
        return code;
    /* The week as it is, to find the shifts typed by their start. */
    Stagelijn__V1__GetWeekHoursRequest g = STAGELIJN__V1__GET_WEEK_HOURS_REQUEST__INIT;
    g.student_id = student;
    g.date = (char *)date;
    g.placement_id = (char *)(cli_arg(a, "placement") ? cli_arg(a, "placement") : "");
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *week;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_WEEK_HOURS;
    req.get_week_hours = &g;
    if (cli_call(ctx, &req, &week, &code) != SL_OK)
        return code;
    Stagelijn__V1__ClockCorrection cc[MAX_CORRECTIONS], *ccp[MAX_CORRECTIONS];
    Stagelijn__V1__AgendaDay days[7], *dp[7];
    char dates[7][11];
    size_t n = 0;
    const char *dv[8];
    int n_days = cli_arg_all(a, "day", dv, 8);
    if ((code = typed_shifts(ctx, a, week->week_hours, cc, &n)) == 0 && n_days > 7)
        code = cli_usage_error(ctx, _("a week has at most %d days"), 7);
    for (int i = 0; code == 0 && i < n_days; i++) {
        if (!parse_day(dv[i], &days[i], dates[i]))
            code = cli_usage_error(ctx, _("--day '%s': expected YYYY-MM-DD,MINUTES,TASKS"), dv[i]);
        dp[i] = &days[i];
    }
    if (code == 0 && n == 0 && n_days == 0)
        code = cli_usage_error(ctx, "%s",
                               _("nothing to correct: give --add, --change, --remove "
                                 "or --day"));
    for (size_t i = 0; i < n; i++)
        ccp[i] = &cc[i];
    Stagelijn__V1__CorrectWeekRequest w = STAGELIJN__V1__CORRECT_WEEK_REQUEST__INIT;
    w.student_id = student;
    w.date = (char *)date;
    w.placement_id = week->week_hours->placement_id;
    w.clock = ccp;
    w.n_clock = n;
    w.days = dp;
    w.n_days = (size_t)(n_days > 0 ? n_days : 0);
    w.reason = (char *)reason;
    sl_envelope creq = STAGELIJN__V1__ENVELOPE__INIT;
    creq.body_case = STAGELIJN__V1__ENVELOPE__BODY_CORRECT_WEEK;
    creq.correct_week = &w;
    if (code == 0)
        code = send_and_show(ctx, &creq, true);
    sl_envelope_free(week);
    return code;
}

int ks_absence_report(cli_ctx *ctx, const cli_args *a)
{
    const char *from;
    int kind = 0;
    char student[SL_ID_LEN + 1];
    int code = 0;
    if (!cli_need(ctx, a, "kind", &from) ||
        !cli_enum(ctx, a, "kind", &stagelijn__v1__absence_kind__descriptor, &kind) ||
        !cli_need(ctx, a, "from", &from))
        return EXIT_USAGE;
    if (!student_of(ctx, a, student, &code))
        return code;
    Stagelijn__V1__ReportAbsenceRequest r = STAGELIJN__V1__REPORT_ABSENCE_REQUEST__INIT;
    r.student_id = student;
    r.kind = (Stagelijn__V1__AbsenceKind)kind;
    r.from_date = (char *)from;
    r.to_date = (char *)(cli_arg(a, "to") ? cli_arg(a, "to") : "");
    r.note = (char *)(cli_arg(a, "note") ? cli_arg(a, "note") : "");
    r.placement_id = (char *)(cli_arg(a, "placement") ? cli_arg(a, "placement") : "");
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_REPORT_ABSENCE;
    req.report_absence = &r;
    return send_and_show(ctx, &req, true);
}

int ks_hours(cli_ctx *ctx, const cli_args *a)
{
    char student[SL_ID_LEN + 1];
    int code = 0;
    if (!student_of(ctx, a, student, &code))
        return code;
    Stagelijn__V1__GetHourTotalsRequest t = STAGELIJN__V1__GET_HOUR_TOTALS_REQUEST__INIT;
    t.student_id = student;
    t.date = (char *)(cli_arg(a, "date") ? cli_arg(a, "date") : "");
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_HOUR_TOTALS;
    req.get_hour_totals = &t;
    return send_and_show(ctx, &req, false);
}
