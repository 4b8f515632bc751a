/* stagelijn-kiosk: the client at partner companies, for workplace supervisors and interns:
 * the weekly agenda, assessments, absence and dropout. Without a command it is the
 * full-screen kiosk (kiosk_ui.h); the commands stay for scripts and tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "kiosk_ui.h"
#include "ks_assess.h"
#include "ks_clock.h"

#define MAX_DAYS 7

/* "--day 2026-11-23,300,kitchen work": date, minutes worked, tasks (which may hold commas).
 * The date and the minutes are read whole; a text too long for the buffer is refused rather
 * than cut. */
static bool parse_agenda_day(const char *text, Stagelijn__V1__AgendaDay *d, char *date, char *tasks,
                             size_t tasks_len)
{
    const char *c1 = strchr(text, ',');
    if (!c1 || c1 - text != 10)
        return false;
    memcpy(date, text, 10);
    date[10] = '\0';
    if (!cli_parse_date(date))
        return false;
    const char *c2 = strchr(c1 + 1, ',');
    char minutes_text[8];
    size_t len = c2 ? (size_t)(c2 - (c1 + 1)) : strlen(c1 + 1);
    if (len == 0 || len >= sizeof minutes_text)
        return false;
    memcpy(minutes_text, c1 + 1, len);
    minutes_text[len] = '\0';
    unsigned long minutes;
    if (!cli_parse_uint(minutes_text, 1440, &minutes))
        return false;
    const char *t = c2 ? c2 + 1 : "";
    if (strlen(t) >= tasks_len)
        return false;
    memcpy(tasks, t, strlen(t) + 1);
    d->date = date;
    d->minutes_worked = (uint32_t)minutes;
    d->tasks = tasks;
    return true;
}

/* "--breaks 2026-11-23,15+15" (or ",none": no break taken): the breaks of one day given
 * with --day, for the break rule of the working-time law. */
static bool apply_breaks(const char *text, Stagelijn__V1__AgendaDay *days, int n,
                         uint32_t parts[][3])
{
    const char *comma = strchr(text, ',');
    if (!comma || comma - text != 10)
        return false;
    for (int i = 0; i < n; i++) {
        if (strncmp(days[i].date, text, 10) != 0 || days[i].breaks_recorded)
            continue;
        size_t k = 0;
        if (strcmp(comma + 1, "none") != 0 && !cli_parse_breaks(comma + 1, parts[i], 3, &k))
            return false;
        days[i].breaks_recorded = true;
        days[i].n_break_parts = k;
        days[i].break_parts = parts[i];
        return true;
    }
    return false;
}

static int agenda_submit(cli_ctx *ctx, const cli_args *a)
{
    const char *pid, *week;
    if (!cli_need(ctx, a, "placement", &pid) || !cli_need(ctx, a, "week", &week))
        return EXIT_USAGE;
    const char *days[MAX_DAYS + 1], *breaks[MAX_DAYS + 1];
    int n = cli_arg_all(a, "day", days, MAX_DAYS + 1);
    int n_breaks = cli_arg_all(a, "breaks", breaks, MAX_DAYS + 1);
    if (n > MAX_DAYS || n_breaks > MAX_DAYS)
        return cli_usage_error(ctx, _("a week has at most %d days"), MAX_DAYS);
    Stagelijn__V1__AgendaDay ad[MAX_DAYS], *adp[MAX_DAYS];
    char dates[MAX_DAYS][11], tasks[MAX_DAYS][1024];
    uint32_t parts[MAX_DAYS][3];
    for (int i = 0; i < n; i++) {
        stagelijn__v1__agenda_day__init(&ad[i]);
        if (!parse_agenda_day(days[i], &ad[i], dates[i], tasks[i], sizeof tasks[i]))
            return cli_usage_error(ctx, _("--day '%s': expected YYYY-MM-DD,MINUTES,TASKS"),
                                   days[i]);
        adp[i] = &ad[i];
    }
    for (int i = 0; i < n_breaks; i++)
        if (!apply_breaks(breaks[i], ad, n, parts))
            return cli_usage_error(ctx,
                                   _("--breaks '%s': expected YYYY-MM-DD,PART[+PART...] or "
                                     "YYYY-MM-DD,none for a day given once with --day"),
                                   breaks[i]);
    Stagelijn__V1__SubmitAgendaWeekRequest s = STAGELIJN__V1__SUBMIT_AGENDA_WEEK_REQUEST__INIT;
    s.placement_id = (char *)pid;
    s.week_start = (char *)week;
    s.n_days = (size_t)n;
    s.days = adp;
    s.reflection = (char *)(cli_arg(a, "reflection") ? cli_arg(a, "reflection") : "");
    s.sign = cli_flag(a, "sign");
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_AGENDA_WEEK;
    req.submit_agenda_week = &s;
    return cli_call_print(ctx, &req);
}

static const cli_cmd commands[] = {
    CLI_PASSWD_CMD,
    CMD_STUDENT_LIST,
    CMD_PLACEMENT_LIST,
    CMD_PLACEMENT_SHOW,
    {"agenda submit", "placement week day breaks reflection sign",
     "--placement ID --week MONDAY --day YYYY-MM-DD,MINUTES,TASKS [--day ...] "
     "[--breaks YYYY-MM-DD,PART[+PART...]|YYYY-MM-DD,none]... [--reflection TEXT] [--sign]",
     N_("fill in a week of the agenda (and sign it with --sign); --breaks records a day's "
        "breaks, checked against the break rule of the working-time law"),
     agenda_submit, false},
    {"agenda sign", "week", "--week AGENDA_WEEK_ID", N_("sign a week filled in earlier"),
     cmd_agenda_sign, false},
    CMD_AGENDA_LIST,
    CMD_REFLECTION_WRITE,
    CMD_ASSESSMENT_SUBMIT,
    CMD_ASSESSMENT_LIST,
    CMD_ASSIGNMENT_LIST,
    CMD_ASSIGNMENT_SAVE,
    CMD_DROPOUT_REPORT,
    CMD_NOTIFICATIONS,
    CMD_CONTRACT_SIGN,
    KS_ASSESS_COMMANDS,
    KS_CLOCK_COMMANDS,
};

int main(int argc, char **argv)
{
    if (kiosk_ui_wanted(argc, argv))
        return kiosk_ui_main(argc, argv);
    return cli_main(
        argc, argv, "stagelijn-kiosk", _("Stagelijn at the company: agenda, assessments, dropout."),
        STAGELIJN__V1__CLIENT_KIND__CLIENT_KIOSK, commands, sizeof commands / sizeof commands[0]);
}
