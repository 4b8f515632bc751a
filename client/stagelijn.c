/* stagelijn: the school workstation client for coaches, support coaches, mentors and
 * administrators. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "wording.h"
#include "ws_commands.h"

#define MAX_DAYS 7

/* One schedule day's text and what it becomes. */
typedef struct {
    char start[6], end[6];
    uint32_t parts[3];
} day_text;

/* "--day mon,09:00,15:00,30" or "...,15+15": weekday, start, end and the break (minutes, or
 * its uninterrupted parts joined by '+'; left out: no break). Exactly these fields: anything
 * else is an error, never read in part. */
static bool parse_day(const char *text, Stagelijn__V1__ScheduleDay *d, day_text *t)
{
    char buf[64], *save = NULL;
    if (strlen(text) >= sizeof buf || strstr(text, ",,") || text[0] == ',' ||
        text[strlen(text) - 1] == ',')
        return false;
    memcpy(buf, text, strlen(text) + 1);
    char *f[5];
    int n = 0;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (n == 4)
            return false;
        f[n++] = tok;
    }
    int from, to;
    if (n < 3 || !cli_parse_clock(f[1], &from) || !cli_parse_clock(f[2], &to))
        return false;
    d->weekday = (uint32_t)wording_parse_weekday(f[0]);
    memcpy(t->start, f[1], 6);
    memcpy(t->end, f[2], 6);
    d->start = t->start;
    d->end = t->end;
    size_t n_parts = 0;
    if (n == 4 && !cli_parse_breaks(f[3], t->parts, 3, &n_parts))
        return false;
    /* One part travels as break_minutes, as every server version reads it; a split break
     * as its parts. */
    if (n_parts == 1) {
        d->break_minutes = t->parts[0];
    } else if (n_parts > 1) {
        d->n_break_parts = n_parts;
        d->break_parts = t->parts;
    }
    return d->weekday != 0;
}

static bool parse_sunday_ground(const char *s, Stagelijn__V1__SundayGround *g)
{
    static const struct {
        const char *word;
        Stagelijn__V1__SundayGround ground;
    } grounds[] = {
        {"contract", STAGELIJN__V1__SUNDAY_GROUND__SUNDAY_GROUND_CONTRACT_NATURE},
        {"works-council", STAGELIJN__V1__SUNDAY_GROUND__SUNDAY_GROUND_WORKS_COUNCIL},
        {"employees", STAGELIJN__V1__SUNDAY_GROUND__SUNDAY_GROUND_EMPLOYEES},
    };
    for (size_t i = 0; i < sizeof grounds / sizeof grounds[0]; i++)
        if (!strcmp(s, grounds[i].word)) {
            *g = grounds[i].ground;
            return true;
        }
    /* Also as placement show shows it ("ondernemingsraad"), or its --json spelling. */
    int v;
    if (!wording_parse_value(&stagelijn__v1__sunday_ground__descriptor, s, &v))
        return false;
    *g = (Stagelijn__V1__SundayGround)v;
    return true;
}

static int placement_create(cli_ctx *ctx, const cli_args *a)
{
    const char *student, *company, *supervisor, *kind, *start, *end;
    int kind_value = 0;
    unsigned long sector = 0;
    if (!cli_need(ctx, a, "student", &student) || !cli_need(ctx, a, "company", &company) ||
        !cli_need(ctx, a, "supervisor", &supervisor) || !cli_need(ctx, a, "kind", &kind) ||
        !cli_need(ctx, a, "start", &start) || !cli_need(ctx, a, "end", &end) ||
        !cli_uint(ctx, a, "sector", 10, &sector) ||
        !cli_enum(ctx, a, "kind", &stagelijn__v1__placement_kind__descriptor, &kind_value))
        return EXIT_USAGE;
    Stagelijn__V1__Placement p = STAGELIJN__V1__PLACEMENT__INIT;
    p.student_id = (char *)student;
    p.company_id = (char *)company;
    p.supervisor_id = (char *)supervisor;
    p.kind = (Stagelijn__V1__PlacementKind)kind_value;
    p.start_date = (char *)start;
    p.end_date = (char *)end;
    p.sector = (uint32_t)sector;
    const char *days[MAX_DAYS];
    int n = cli_arg_all(a, "day", days, MAX_DAYS);
    if (n == 0)
        return cli_usage_error(ctx, _("give the weekly schedule with --day DAY,HH:MM,HH:MM,BREAK"));
    Stagelijn__V1__ScheduleDay sd[MAX_DAYS], *sdp[MAX_DAYS];
    day_text texts[MAX_DAYS];
    for (int i = 0; i < n; i++) {
        stagelijn__v1__schedule_day__init(&sd[i]);
        if (!parse_day(days[i], &sd[i], &texts[i]))
            return cli_usage_error(ctx,
                                   _("--day '%s': expected DAY,HH:MM,HH:MM[,BREAK], e.g. "
                                     "mon,09:00,15:00,30 or mon,09:00,14:30,15+15"),
                                   days[i]);
        sdp[i] = &sd[i];
    }
    const char *ground = cli_arg(a, "sunday-ground");
    if (ground && !parse_sunday_ground(ground, &p.sunday_ground))
        return cli_usage_error(ctx, _("--sunday-ground: contract, works-council or employees"));
    p.n_schedule = (size_t)n;
    p.schedule = sdp;
    /* What the work involves, for the law on kinds of work by age. */
    Stagelijn__V1__WorkKind w = STAGELIJN__V1__WORK_KIND__INIT;
    unsigned long lift = 0, push = 0, pesticide = 0;
    if (!cli_uint(ctx, a, "lift-kg", 500, &lift) ||
        !cli_uint(ctx, a, "push-pull-kgf", 1000, &push) ||
        !cli_uint(ctx, a, "pesticide-days", 3650, &pesticide))
        return EXIT_USAGE;
    w.prohibited_for_minors = cli_flag(a, "prohibited");
    w.risky = cli_flag(a, "risky");
    w.cash_register = cli_flag(a, "cash-register");
    w.lift_kg = (uint32_t)lift;
    w.push_pull_kgf = (uint32_t)push;
    w.psychosocial_load = cli_flag(a, "psychosocial");
    w.fixed_posture = cli_flag(a, "fixed-posture");
    w.pesticides = cli_flag(a, "pesticide-days");
    w.days_since_pesticide = (uint32_t)pesticide;
    w.expert_supervision = cli_flag(a, "expert-supervision");
    p.work_kind = &w;
    Stagelijn__V1__CreatePlacementRequest cp = STAGELIJN__V1__CREATE_PLACEMENT_REQUEST__INIT;
    cp.placement = &p;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_PLACEMENT;
    req.create_placement = &cp;
    return cli_call_print(ctx, &req);
}

static int visit_log(cli_ctx *ctx, const cli_args *a)
{
    const char *pid, *date, *notes;
    if (!cli_need(ctx, a, "placement", &pid) || !cli_need(ctx, a, "date", &date) ||
        !cli_need(ctx, a, "notes", &notes))
        return EXIT_USAGE;
    const char *present[10];
    int n = cli_arg_all(a, "present", present, 10);
    if (n == 0)
        return cli_usage_error(ctx, _("name who was present with --present (repeatable)"));
    Stagelijn__V1__Visit v = STAGELIJN__V1__VISIT__INIT;
    v.placement_id = (char *)pid;
    v.date = (char *)date;
    v.notes = (char *)notes;
    v.actions = (char *)(cli_arg(a, "actions") ? cli_arg(a, "actions") : "");
    v.n_present = (size_t)n;
    v.present = (char **)present;
    Stagelijn__V1__LogVisitRequest lv = STAGELIJN__V1__LOG_VISIT_REQUEST__INIT;
    lv.visit = &v;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOG_VISIT;
    req.log_visit = &lv;
    return cli_call_print(ctx, &req);
}

static const cli_cmd commands[] = {
    CLI_PASSWD_CMD,
    CMD_STUDENT_LIST,
    CMD_STUDENT_SHOW,
    {"placement create",
     "student company supervisor kind start end sector day prohibited risky cash-register "
     "lift-kg push-pull-kgf psychosocial fixed-posture pesticide-days expert-supervision "
     "sunday-ground",
     "--student ID --company ID --supervisor USER_ID --kind KIND --start YYYY-MM-DD "
     "--end YYYY-MM-DD --day DAY,HH:MM,HH:MM[,BREAK_MIN|,PART+PART] [--day ...] "
     "[--sector 1..10] [--sunday-ground contract|works-council|employees] "
     "[--risky] [--expert-supervision] [--cash-register] [--lift-kg N] [--push-pull-kgf N] "
     "[--psychosocial] [--fixed-posture] [--pesticide-days N] [--prohibited]",
     N_("place a student at a company; the schedule is checked against the working-time law "
        "(with the student's other placements) and the work against the kinds of work allowed "
        "at the student's age; a 16-17-year-old may split a break (15+15) and work on Sunday "
        "on a ground given with --sunday-ground"),
     placement_create, false},
    CMD_PLACEMENT_LIST,
    CMD_PLACEMENT_SHOW,
    CMD_AGENDA_LIST,
    CMD_REFLECTION_WRITE,
    {"agenda signoff", "week", "--week AGENDA_WEEK_ID",
     N_("sign off a week the supervisor has signed (weekly, in class)"), cmd_agenda_sign, false},
    {"visit log", "placement date present notes actions",
     "--placement ID --date YYYY-MM-DD --present WHO [--present WHO]... --notes TEXT "
     "[--actions TEXT]",
     N_("log a visit: who was present, the progress conversation, agreed actions"), visit_log,
     false},
    CMD_VISIT_LIST,
    CMD_ASSESSMENT_SUBMIT,
    CMD_ASSESSMENT_LIST,
    CMD_DROPOUT_REPORT,
    CMD_NOTIFICATIONS,
};

int main(int argc, char **argv)
{
    static const struct {
        const cli_cmd *cmds;
        const size_t *count;
    } families[] = {
        {ws_prep_commands, &ws_prep_count},         {ws_matching_commands, &ws_matching_count},
        {ws_contract_commands, &ws_contract_count}, {ws_periods_commands, &ws_periods_count},
        {ws_group_commands, &ws_group_count},       {ws_aftercare_commands, &ws_aftercare_count},
        {ws_overview_commands, &ws_overview_count}, {ws_schoolplan_commands, &ws_schoolplan_count},
        {ws_dropout_commands, &ws_dropout_count},   {ws_assess_commands, &ws_assess_count},
        {ws_inbox_commands, &ws_inbox_count},
    };
    size_t n = sizeof commands / sizeof commands[0];
    for (size_t f = 0; f < sizeof families / sizeof families[0]; f++)
        n += *families[f].count;
    cli_cmd *all = malloc(n * sizeof *all);
    if (!all)
        return EXIT_CONNECTION;
    size_t k = 0;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        all[k++] = commands[i];
    for (size_t f = 0; f < sizeof families / sizeof families[0]; f++)
        for (size_t i = 0; i < *families[f].count; i++)
            all[k++] = families[f].cmds[i];
    int rc = cli_main(argc, argv, "stagelijn", _("Stagelijn for school staff."),
                      STAGELIJN__V1__CLIENT_KIND__CLIENT_WORKSTATION, all, n);
    free(all);
    return rc;
}
