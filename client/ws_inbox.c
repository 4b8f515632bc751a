/* Workstation commands of this family; see ws_commands.h. The inbox (issue 9): what needs
 * the user, newest first, each item with who, what and when in words; filtered, paged,
 * acknowledged one by one or all. A review_due event's summary is "<kind> <date> <key>"
 * (docs/rules.md, "Reviews due"); this file words it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "output.h"
#include "wording.h"
#include "ws_commands.h"

#define INBOX_MAX_SEQS 500

/* "2026-11-30T16:05:00Z" as the local date and time "2026-11-30 17:05"; the text itself when
 * it is not in that form. */
static const char *when_local(const char *rfc3339, char *out, size_t n)
{
    struct tm tm = {0};
    char z = 0, extra = 0;
    if (!rfc3339 ||
        sscanf(rfc3339, "%4d-%2d-%2dT%2d:%2d:%2d%c%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
               &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &z, &extra) != 7 ||
        z != 'Z') {
        snprintf(out, n, "%s", rfc3339 ? rfc3339 : "");
        return out;
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    struct tm local;
    if (!localtime_r(&t, &local) || strftime(out, n, "%Y-%m-%d %H:%M", &local) == 0)
        snprintf(out, n, "%s", rfc3339);
    return out;
}

/* The number after the last '-' of a key ("visit-3" -> "3"). */
static const char *key_number(const char *key)
{
    const char *dash = strrchr(key, '-');
    return dash ? dash + 1 : key;
}

/* What a review_due event asks for, in the user's words. */
static void word_due(const char *summary, char *out, size_t n)
{
    char kind[48] = "", date[16] = "", key[40] = "";
    if (sscanf(summary, "%47s %15s %39s", kind, date, key) != 3) {
        snprintf(out, n, "%s", summary);
        return;
    }
    if (!strcmp(kind, "visit_overdue"))
        snprintf(out, n, _("visit %s is overdue (due %s)"), key_number(key), date);
    else if (!strcmp(kind, "agenda_unsigned"))
        /* TRANSLATORS: %s is an ISO week such as 2026-W49. */
        snprintf(out, n, _("agenda of week %s not filled in or not signed by the supervisor"), key);
    else if (!strcmp(kind, "week_not_signed_off"))
        snprintf(out, n, _("week %s not yet signed off by the coach"), key);
    else if (!strcmp(kind, "interim_assessment_due"))
        snprintf(out, n, _("interim assessment of period %s due since %s"), key_number(key), date);
    else if (!strcmp(kind, "end_assessment_due"))
        snprintf(out, n, _("end assessment due by %s"), date);
    else if (!strcmp(kind, "entree_hours_behind"))
        snprintf(out, n, _("Entree hours behind the pace for 650 hours (week %s)"), key);
    else if (!strcmp(kind, "study_advice_due"))
        snprintf(out, n, _("binding study advice due this December"));
    else if (!strcmp(kind, "exam_eligibility_due"))
        snprintf(out, n, _("exam eligibility to be checked this May"));
    else if (!strcmp(kind, "aftercare_contact_due"))
        snprintf(out, n, _("aftercare contact %s due since %s"), key_number(key), date);
    else if (!strcmp(kind, "group_day_part_full"))
        snprintf(out, n, _("group internship full on %s (%s)"), date,
                 !strcmp(key, "afternoon") ? _("afternoon") : _("morning"));
    else if (!strcmp(kind, "clock_out_missing"))
        snprintf(out, n, _("clocked in on %s without clocking out"), date);
    else if (!strcmp(kind, "repeated_absence"))
        /* TRANSLATORS: the first day of the weeks counted, then the day of the last report. */
        snprintf(out, n, _("repeatedly absent since %s (reported again on %s)"), key, date);
    else
        snprintf(out, n, "%s", summary);
}

/* One line: number, open or done, when, who, what. */
static void print_item(const Stagelijn__V1__InboxItem *it)
{
    const Stagelijn__V1__Event *e = it->event;
    char when[32], what[256], who[256];
    if (!e)
        return;
    when_local(e->at, when, sizeof when);
    if (!strcmp(e->topic, "review_due"))
        word_due(e->summary, what, sizeof what);
    else {
        char summary[192];
        wording_coded(e->summary_code, e->summary_params, e->n_summary_params, e->summary, summary,
                      sizeof summary);
        snprintf(what, sizeof what, "%s: %s",
                 wording_code(&stagelijn__v1__event__descriptor, "topic", e->topic), summary);
    }
    if (e->student_name && e->student_name[0] && e->company_name && e->company_name[0])
        snprintf(who, sizeof who, "%s (%s)", e->student_name, e->company_name);
    else if (e->student_name && e->student_name[0])
        snprintf(who, sizeof who, "%s", e->student_name);
    else
        snprintf(who, sizeof who, "%s", _("the school"));
    /* TRANSLATORS: number, state (open/done), local time, who, what. */
    printf(_("#%llu  %-6s %s  %s: %s"), (unsigned long long)e->seq,
           it->acknowledged ? _("done") : _("open"), when, who, what);
    if (e->actor_name && e->actor_name[0])
        printf(_(" (by %s)"), e->actor_name);
    putchar('\n');
}

/* ---------------------------------------------------------------- grouped (subs)
 * One line per kind and intern: the same item week after week ("agenda week not signed")
 * is one line with its count and range, the details one command away (--items). */

/* A group's kind in the user's words: a due kind, else an event topic, else the code. */
static const char *kind_word(const char *kind)
{
    const char *w = wording_code(&stagelijn__v1__inbox_group__descriptor, "kind", kind);
    return w != kind ? w : wording_code(&stagelijn__v1__event__descriptor, "topic", kind);
}

/* What a group of more than one item asks for, in the user's words. */
static void word_group(const Stagelijn__V1__InboxGroup *g, char *out, size_t n)
{
    if (!strcmp(g->kind, "agenda_unsigned"))
        /* TRANSLATORS: count, first and last ISO week (2026-W45). */
        snprintf(out, n,
                 _("%u agenda weeks not filled in or not signed by the supervisor: %s to %s"),
                 g->count, g->first_key, g->last_key);
    else if (!strcmp(g->kind, "visit_overdue"))
        /* TRANSLATORS: count, first and last due date. */
        snprintf(out, n, _("%u visits overdue (due %s to %s)"), g->count, g->first_date,
                 g->last_date);
    else if (!strcmp(g->kind, "clock_out_missing"))
        snprintf(out, n, _("clocked in without clocking out on %u days, %s to %s"), g->count,
                 g->first_date, g->last_date);
    else if (!strcmp(g->kind, "week_not_signed_off"))
        snprintf(out, n, _("%u weeks not yet signed off by the coach: %s to %s"), g->count,
                 g->first_key, g->last_key);
    else
        /* TRANSLATORS: count, the kind of item, first and last date. */
        snprintf(out, n, _("%u times %s: %s to %s"), g->count, kind_word(g->kind), g->first_date,
                 g->last_date);
}

/* One line per group: as an item's line (the group's newest), its count and range instead of
 * the one item, and the command that lists its items. */
static void print_group(const Stagelijn__V1__InboxGroup *g)
{
    if (!g->newest || !g->newest->event)
        return;
    if (g->count <= 1) {
        print_item(g->newest);
        return;
    }
    const Stagelijn__V1__Event *e = g->newest->event;
    char when[32], what[256], who[256];
    when_local(e->at, when, sizeof when);
    word_group(g, what, sizeof what);
    if (e->student_name[0] && e->company_name[0])
        snprintf(who, sizeof who, "%s (%s)", e->student_name, e->company_name);
    else if (e->student_name[0])
        snprintf(who, sizeof who, "%s", e->student_name);
    else
        snprintf(who, sizeof who, "%s", _("the school"));
    printf(_("#%llu  %-6s %s  %s: %s"), (unsigned long long)e->seq, g->open ? _("open") : _("done"),
           when, who, what);
    putchar('\n');
    if (e->student_name[0])
        /* TRANSLATORS: the command that lists a grouped line's items. */
        printf(_("      the %u items: inbox --items --kind %s --student \"%s\"\n"), g->count,
               kind_word(g->kind), e->student_name);
    else
        printf(_("      the %u items: inbox --items --kind %s\n"), g->count, kind_word(g->kind));
}

/* The filter flags common to both commands; false after a usage error. */
static bool read_filter(cli_ctx *ctx, const cli_args *a, Stagelijn__V1__InboxRequest *f)
{
    const char *kind = cli_arg(a, "kind");
    if (kind) {
        const char *code = wording_parse_code("DueKind", kind);
        if (!code)
            code = wording_parse_code("EventTopic", kind); /* as a grouped line words it */
        f->kind = (char *)(code ? code : kind);            /* a topic ("dropout") as typed */
    }
    const char *student = cli_arg(a, "student");
    if (student)
        f->student = (char *)student;
    f->team = cli_flag(a, "team");
    bool done = cli_flag(a, "acknowledged"), all = cli_flag(a, "all");
    if (done && all) {
        cli_usage_error(ctx, _("--acknowledged and --all exclude each other"));
        return false;
    }
    f->state = done  ? STAGELIJN__V1__INBOX_STATE__INBOX_ACKNOWLEDGED
               : all ? STAGELIJN__V1__INBOX_STATE__INBOX_ANY
                     : STAGELIJN__V1__INBOX_STATE__INBOX_OPEN;
    return true;
}

static void print_page_notice(const Stagelijn__V1__InboxReply *r, unsigned long page)
{
    size_t shown = r->n_items + r->n_groups;
    size_t shown_to = r->offset + shown;
    if (shown == 0 && r->total == 0) {
        printf(_("nothing in your inbox that matches\n"));
    } else if (shown == 0) {
        printf(_("page %lu is past the end: %u items in all\n"), page, r->total);
    } else if (r->offset > 0 || shown_to < r->total) {
        /* TRANSLATORS: items (or grouped lines) FROM to TO of TOTAL shown, newest first. */
        printf(_("... %zu-%zu of %u shown (newest first)"), (size_t)r->offset + 1, shown_to,
               r->total);
        if (shown_to < r->total)
            printf(_("; --page %lu for more"), page + 1);
        putchar('\n');
    }
}

static int inbox(cli_ctx *ctx, const cli_args *a)
{
    unsigned long limit = 20, page = 1;
    Stagelijn__V1__InboxRequest rq = STAGELIJN__V1__INBOX_REQUEST__INIT;
    if (!cli_uint(ctx, a, "limit", 500, &limit) || !cli_uint(ctx, a, "page", 10000, &page) ||
        !read_filter(ctx, a, &rq))
        return EXIT_USAGE;
    if (limit == 0 || page == 0)
        return cli_usage_error(ctx, _("--limit and --page start at 1"));
    rq.limit = (uint32_t)limit;
    rq.offset = (uint32_t)((page - 1) * limit);
    /* A person sees one line per kind and intern; scripts (--json) every item, as before,
     * unless they ask for the groups. */
    rq.grouped = !cli_flag(a, "items") && (!ctx->json || cli_flag(a, "grouped"));
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_INBOX;
    req.inbox = &rq;
    int code;
    if (cli_call(ctx, &req, &rep, &code) != SL_OK)
        return code;
    const Stagelijn__V1__InboxReply *r = rep->inbox_reply;
    if (ctx->json) {
        output_json(stdout, &r->base);
        fputc('\n', stdout);
    } else {
        for (size_t i = 0; i < r->n_items; i++)
            print_item(r->items[i]);
        for (size_t i = 0; i < r->n_groups; i++)
            print_group(r->groups[i]);
        print_page_notice(r, page);
        if (rq.grouped && r->n_groups > 0)
            printf(_("(one line per kind and intern; --items lists every item; "
                     "'inbox ack --group N' acknowledges a line with all its items)\n"));
    }
    sl_envelope_free(rep);
    return 0;
}

static int inbox_ack(cli_ctx *ctx, const cli_args *a)
{
    const char *seqs[INBOX_MAX_SEQS];
    int n = cli_arg_all(a, "seq", seqs, INBOX_MAX_SEQS);
    int n_groups = cli_arg_all(a, "group", seqs + n, INBOX_MAX_SEQS - n);
    if (n > 0 && n_groups > 0)
        return cli_usage_error(ctx, _("--seq and --group exclude each other"));
    n += n_groups;
    Stagelijn__V1__InboxRequest f = STAGELIJN__V1__INBOX_REQUEST__INIT;
    Stagelijn__V1__AckInboxRequest rq = STAGELIJN__V1__ACK_INBOX_REQUEST__INIT;
    if (!read_filter(ctx, a, &f))
        return EXIT_USAGE;
    rq.all = f.state == STAGELIJN__V1__INBOX_STATE__INBOX_ANY;
    if ((n == 0) == !rq.all)
        return cli_usage_error(ctx, _("name the items with --seq N or the lines with --group N, "
                                      "or acknowledge --all"));
    rq.groups = n_groups > 0;
    uint64_t values[INBOX_MAX_SEQS];
    for (int i = 0; i < n; i++) {
        unsigned long v;
        if (!cli_parse_uint(seqs[i], (unsigned long)-1, &v))
            return cli_usage_error(ctx, _("--seq takes an item's number"));
        values[i] = v;
    }
    rq.seqs = values;
    rq.n_seqs = (size_t)n;
    rq.filter = &f;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_ACK_INBOX;
    req.ack_inbox = &rq;
    int code;
    if (cli_call(ctx, &req, &rep, &code) != SL_OK)
        return code;
    if (ctx->json) {
        output_json(stdout, &rep->ack_inbox_reply->base);
        fputc('\n', stdout);
    } else {
        printf(_("%u acknowledged\n"), rep->ack_inbox_reply->acknowledged);
    }
    sl_envelope_free(rep);
    return 0;
}

const cli_cmd ws_inbox_commands[] = {
    {"inbox", "kind student acknowledged all team page limit items grouped",
     "[--kind KIND] [--student NAME] [--acknowledged | --all] [--team] [--items | --grouped] "
     "[--page N] [--limit N]",
     N_("what needs you, newest first: reviews due and other events with who, what and when, "
        "one line per kind and intern (every item with --items; --json lists items unless "
        "--grouped); open items unless --acknowledged or --all; a coach sees his/her own "
        "interns unless --team"),
     inbox, false},
    {"inbox ack", "seq group all kind student team",
     "--seq N... | --group N... | --all [--kind KIND] [--student NAME]",
     N_("acknowledge inbox items: the ones named, the lines named (each with all its open "
        "items), or all open ones (that match the filters)"),
     inbox_ack, false},
};
const size_t ws_inbox_count = sizeof ws_inbox_commands / sizeof ws_inbox_commands[0];
