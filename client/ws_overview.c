/* Workstation commands of this family; see ws_commands.h. A coach's visit plan and
 * caseload, the student dossier and a mentor's class overview. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ical_plan.h"
#include "output.h"
#include "risk_words.h"
#include "wording.h"
#include "ws_commands.h"

static char *opt(const cli_args *a, const char *key)
{
    const char *v = cli_arg(a, key);
    return (char *)(v ? v : "");
}

/* Writes the reply's plan to file as iCalendar and says so; frees rep. */
static int visit_plan_ical(cli_ctx *ctx, sl_envelope *rep, const char *file)
{
    static const Stagelijn__V1__VisitPlanReply empty = STAGELIJN__V1__VISIT_PLAN_REPLY__INIT;
    const Stagelijn__V1__VisitPlanReply *plan =
        rep->body_case == STAGELIJN__V1__ENVELOPE__BODY_VISIT_PLAN_REPLY ? rep->visit_plan_reply
                                                                         : &empty;
    int rc = 0;
    sl_status st = ical_plan_write(plan, time(NULL), file);
    if (st == SL_EIO) {
        rc = cli_fail(ctx, EXIT_USAGE, _("cannot write %s: %s"), file, strerror(errno));
    } else if (st != SL_OK) {
        rc = cli_fail(ctx, EXIT_USAGE, _("the visit plan has a visit without a valid date"));
    } else if (ctx->json) {
        printf("{\"visits\":%zu,\"file\":", plan->n_visits);
        output_json_string(stdout, file);
        puts("}");
    } else {
        printf(_("Visit plan with %zu visits written to %s\n"), plan->n_visits, file);
    }
    sl_envelope_free(rep);
    return rc;
}

static int visit_plan(cli_ctx *ctx, const cli_args *a)
{
    Stagelijn__V1__VisitPlanRequest rq = STAGELIJN__V1__VISIT_PLAN_REQUEST__INIT;
    rq.week_start = opt(a, "week");
    rq.coach_id = opt(a, "coach");
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_VISIT_PLAN;
    req.visit_plan = &rq;
    const char *file = cli_arg(a, "ical");
    if (!file)
        return cli_call_print(ctx, &req);
    if (!file[0])
        return cli_usage_error(ctx, _("--ical needs a file name"));
    sl_envelope *rep;
    int code;
    if (cli_call(ctx, &req, &rep, &code) != SL_OK)
        return code;
    return visit_plan_ical(ctx, rep, file);
}

static int dossier(cli_ctx *ctx, const cli_args *a)
{
    const char *student;
    if (!cli_need(ctx, a, "student", &student))
        return EXIT_USAGE;
    Stagelijn__V1__GetDossierRequest rq = STAGELIJN__V1__GET_DOSSIER_REQUEST__INIT;
    rq.student_id = (char *)student;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_DOSSIER;
    req.get_dossier = &rq;
    return cli_call_print(ctx, &req);
}

/* ---------------------------------------------------------------- caseload
 * A short summary per intern (what is overdue, what is due soon); the items of one student
 * with --student NAME. The server sends every item; the summary is only a way of showing
 * them. */

typedef struct {
    const char *kind;
    int overdue, due;
    const char *oldest; /* the earliest due date among the overdue ones */
} kind_count;

#define CASELOAD_KINDS 3 /* visit_due, agenda_to_sign, assessment_due */

static void count_item(kind_count *k, const Stagelijn__V1__CaseloadItem *it, const char *today)
{
    for (int i = 0; i < CASELOAD_KINDS; i++) {
        if (strcmp(k[i].kind, it->kind) != 0)
            continue;
        if (strcmp(it->due_date, today) < 0) {
            k[i].overdue++;
            if (!k[i].oldest || strcmp(it->due_date, k[i].oldest) < 0)
                k[i].oldest = it->due_date;
        } else {
            k[i].due++;
        }
    }
}

/* "bezoek, 3x agenda af te tekenen" for the overdue (or the due) counts. */
static void list_counts(const kind_count *k, bool overdue, char *out, size_t n)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < CASELOAD_KINDS; i++) {
        int c = overdue ? k[i].overdue : k[i].due;
        if (c == 0)
            continue;
        const char *word =
            wording_code(&stagelijn__v1__caseload_item__descriptor, "kind", k[i].kind);
        int w = c == 1 ? snprintf(out + used, n - used, "%s%s", used ? ", " : "", word)
                       : snprintf(out + used, n - used, "%s%dx %s", used ? ", " : "", c, word);
        if (w < 0 || (size_t)w >= n - used)
            return;
        used += (size_t)w;
    }
}

static bool same_student(const Stagelijn__V1__CaseloadItem *a, const Stagelijn__V1__CaseloadItem *b)
{
    return strcmp(a->student_id, b->student_id) == 0;
}

/* "; early warning 8 points: absent 2 times in the last six weeks (+4); ..." */
static void print_risk(Stagelijn__V1__RiskReason *const *reasons, size_t n)
{
    unsigned points = 0;
    for (size_t i = 0; i < n; i++)
        points += reasons[i]->points;
    char words[1024];
    /* TRANSLATORS: the early warning's points, then its reasons in words. */
    printf(_("; early warning %u points: %s"), points,
           risk_words_list(reasons, n, words, sizeof words));
}

static void print_summary(const Stagelijn__V1__Caseload *c, const char *today)
{
    size_t interns = 0, overdue = 0, due = 0;
    for (size_t i = 0; i < c->n_items; i++) {
        const Stagelijn__V1__CaseloadItem *it = c->items[i];
        bool first = true;
        for (size_t j = 0; j < i && first; j++)
            first = !same_student(c->items[j], it);
        if (!first)
            continue; /* one line per student, at his/her first item */
        kind_count k[CASELOAD_KINDS] = {{"visit_due", 0, 0, NULL},
                                        {"agenda_to_sign", 0, 0, NULL},
                                        {"assessment_due", 0, 0, NULL}};
        const char *company = "";
        const Stagelijn__V1__CaseloadItem *risk = NULL;
        for (size_t j = i; j < c->n_items; j++) {
            if (!same_student(c->items[j], it))
                continue;
            count_item(k, c->items[j], today);
            if (!strcmp(c->items[j]->kind, "intern"))
                company = c->items[j]->company_name;
            if (!strcmp(c->items[j]->kind, "risk"))
                risk = c->items[j];
        }
        char late[256], soon[256];
        list_counts(k, true, late, sizeof late);
        list_counts(k, false, soon, sizeof soon);
        for (int x = 0; x < CASELOAD_KINDS; x++) {
            overdue += (size_t)k[x].overdue;
            due += (size_t)k[x].due;
        }
        interns++;
        printf("%s%s%s%s: ", it->student_name, company[0] ? " (" : "", company,
               company[0] ? ")" : "");
        const char *oldest = NULL;
        for (int x = 0; x < CASELOAD_KINDS; x++)
            if (k[x].oldest && (!oldest || strcmp(k[x].oldest, oldest) < 0))
                oldest = k[x].oldest;
        if (late[0])
            printf(_("overdue %s (since %s)"), late, oldest);
        if (late[0] && soon[0])
            fputs("; ", stdout);
        if (soon[0])
            printf(_("due soon %s"), soon);
        if (!late[0] && !soon[0])
            fputs(_("nothing due"), stdout);
        if (risk)
            print_risk(risk->risk_reasons, risk->n_risk_reasons);
        putchar('\n');
    }
    /* TRANSLATORS: students, items overdue, items due soon. */
    printf(_("%zu students; %zu items overdue, %zu due soon; the details: caseload --student "
             "NAME\n"),
           interns, overdue, due);
}

/* Whether `name` holds `part`, ASCII letters in any case. */
static bool name_has(const char *name, const char *part)
{
    size_t n = strlen(part);
    for (const char *s = name; n && *s; s++)
        if (strncasecmp(s, part, n) == 0)
            return true;
    return n == 0;
}

/* The items of the students whose name contains `name` (case as typed or not) into out[]
 * (room for all of c's items); returns how many. */
static size_t pick_student(const Stagelijn__V1__Caseload *c, const char *name,
                           Stagelijn__V1__CaseloadItem **out)
{
    size_t kept = 0;
    for (size_t i = 0; i < c->n_items; i++)
        if (name_has(c->items[i]->student_name, name))
            out[kept++] = c->items[i];
    return kept;
}

static int caseload(cli_ctx *ctx, const cli_args *a)
{
    Stagelijn__V1__CaseloadRequest rq = STAGELIJN__V1__CASELOAD_REQUEST__INIT;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CASELOAD;
    req.caseload = &rq;
    const char *student = cli_arg(a, "student");
    int code;
    if (cli_call(ctx, &req, &rep, &code) != SL_OK)
        return code;
    Stagelijn__V1__Caseload *c = rep->caseload_reply;
    /* The reply owns its item array: one student's items are shown from an array of their
     * own, and the reply gets its own back before it is freed. */
    Stagelijn__V1__CaseloadItem **all = c->items, **picked = NULL;
    size_t n_all = c->n_items;
    if (student) {
        picked = calloc(n_all ? n_all : 1, sizeof *picked);
        if (!picked) {
            sl_envelope_free(rep);
            return cli_fail(ctx, EXIT_REFUSED, "%s", _("out of memory"));
        }
        c->n_items = pick_student(c, student, picked);
        c->items = picked;
    }
    bool none = student && c->n_items == 0;
    if (ctx->json) {
        output_json_cut(stdout, &c->base, rep->cut);
        fputc('\n', stdout);
    } else if (student && c->n_items == 0) {
        printf(_("no student named %s in your caseload\n"), student);
    } else if (student) {
        /* In the server's order: the internship, visits, agendas, assessments; by date. */
        for (size_t i = 0; i < c->n_items; i++) {
            const Stagelijn__V1__CaseloadItem *it = c->items[i];
            char detail[1024];
            /* A risk item's reasons in words with their points, not the ids of its detail. */
            if (it->n_risk_reasons > 0)
                risk_words_list(it->risk_reasons, it->n_risk_reasons, detail, sizeof detail);
            else
                wording_coded(it->detail_code, it->detail_params, it->n_detail_params, it->detail,
                              detail, sizeof detail);
            printf("%s  %-28s %s  %s\n", it->due_date,
                   wording_code(&stagelijn__v1__caseload_item__descriptor, "kind", it->kind),
                   it->student_name, detail);
        }
    } else {
        char today[11];
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        strftime(today, sizeof today, "%Y-%m-%d", &tm);
        print_summary(c, today);
    }
    if (!ctx->json)
        cli_print_server_cap(rep); /* labels: a caseload past MAX_CASELOAD items */
    c->items = all;
    c->n_items = n_all;
    free(picked);
    sl_envelope_free(rep);
    return none ? EXIT_REFUSED : 0;
}

/* One student of a class: the internship in words, then the early warning with its reasons in
 * words (subs, issue 9: never the rule ids). */
static void print_overview_row(const Stagelijn__V1__ClassOverviewRow *w)
{
    char status[64], advice[64];
    printf("%s", w->student_name);
    if (w->company_name[0])
        printf(" (%s, %s)", w->company_name,
               wording_value(&stagelijn__v1__placement_status__descriptor, (int)w->status, status,
                             sizeof status));
    else
        printf(" (%s)", _("no internship"));
    /* TRANSLATORS: last visit date (or "-"), number of dropouts, readiness advice. */
    printf(_(": last visit %s, %u dropouts, advice %s"), w->last_visit[0] ? w->last_visit : "-",
           w->dropouts,
           w->advice ? wording_value(&stagelijn__v1__advice__descriptor, (int)w->advice, advice,
                                     sizeof advice)
                     : "-");
    if (w->n_reasons > 0)
        print_risk(w->reasons, w->n_reasons);
    putchar('\n');
}

static int class_overview(cli_ctx *ctx, const cli_args *a)
{
    const char *class_id;
    if (!cli_need(ctx, a, "class", &class_id))
        return EXIT_USAGE;
    Stagelijn__V1__ClassOverviewRequest rq = STAGELIJN__V1__CLASS_OVERVIEW_REQUEST__INIT;
    rq.class_id = (char *)class_id;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CLASS_OVERVIEW;
    req.class_overview = &rq;
    if (ctx->json)
        return cli_call_print(ctx, &req);
    sl_envelope *rep;
    int code;
    unsigned long limit;
    if (cli_call_paged(ctx, &req, &rep, &code, &limit) != SL_OK)
        return code;
    const Stagelijn__V1__ClassOverview *o = rep->class_overview_reply;
    for (size_t i = 0; o && i < o->n_rows; i++)
        print_overview_row(o->rows[i]);
    if (o)
        /* TRANSLATORS: the number of students of the class shown. */
        printf(_("(%zu students, by name)\n"), o->n_rows);
    cli_print_list_end(rep, o ? o->n_rows : 0, limit);
    sl_envelope_free(rep);
    return 0;
}

const cli_cmd ws_overview_commands[] = {
    {"visit plan", "week coach ical", "[--week MONDAY] [--coach USER_ID] [--ical FILE]",
     N_("the visits due up to the Sunday of a week (default this week), ordered into a route "
        "from the school; another coach's plan with --coach; --ical FILE writes it as a "
        "calendar file (iCalendar) for a phone or Outlook"),
     visit_plan, false},
    {"dossier", "student", "--student ID",
     N_("the whole internship line of one student in time order (also a student's own, for "
        "the right of access)"),
     dossier, false},
    {"caseload", "student", "[--student NAME]",
     N_("a short summary per intern: what is overdue, what is due soon (visits within 7 days, "
        "agendas to sign off, assessments); every item of one student with --student NAME"),
     caseload, false},
    {"class overview", "class", "--class ID",
     N_("one row per student of a class: current placement, status, last visit, dropouts, "
        "advice and the early warning with its reasons (a mentor: his/her own class)"),
     class_overview, false},
};
const size_t ws_overview_count = sizeof ws_overview_commands / sizeof ws_overview_commands[0];
