#include "ad_backup.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "output.h"
#include "termtext.h"
#include "ws_commands.h"

/* How often the client asks how far a backup has come. */
#define POLL_MS 200

static sl_status backup_call(cli_ctx *ctx, bool start, sl_envelope **rep, int *code)
{
    Stagelijn__V1__StartBackupRequest sb = STAGELIJN__V1__START_BACKUP_REQUEST__INIT;
    Stagelijn__V1__GetBackupStatusRequest gs = STAGELIJN__V1__GET_BACKUP_STATUS_REQUEST__INIT;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    if (start) {
        req.body_case = STAGELIJN__V1__ENVELOPE__BODY_START_BACKUP;
        req.start_backup = &sb;
    } else {
        req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_BACKUP_STATUS;
        req.get_backup_status = &gs;
    }
    return cli_call(ctx, &req, rep, code);
}

static void print_backup(const Stagelijn__V1__BackupStatus *s)
{
    char name[256];
    termtext_escape(s->file_name, name, sizeof name);
    switch (s->state) {
    case STAGELIJN__V1__BACKUP_STATE__BACKUP_DONE:
        printf(_("backup %s verified (integrity ok)\n"), name);
        printf(_("size:     %.1f MB\n"), (double)s->bytes / 1e6);
        printf(_("pages:    %d\n"), s->pages_total);
        printf(_("duration: %.1f s\n"), (double)s->duration_ms / 1000.0);
        break;
    case STAGELIJN__V1__BACKUP_STATE__BACKUP_RUNNING:
        printf(_("backup %s running: %d of %d pages\n"), name, s->pages_done, s->pages_total);
        break;
    case STAGELIJN__V1__BACKUP_STATE__BACKUP_FAILED: {
        char why[512];
        termtext_escape(s->error, why, sizeof why);
        printf(_("backup %s FAILED: %s\n"), name, why);
        break;
    }
    default:
        printf(_("no backup since the server started\n"));
    }
}

/* Shows the outcome (JSON or text); the exit code says whether the backup is good. */
static int backup_outcome(cli_ctx *ctx, const Stagelijn__V1__BackupStatus *s)
{
    if (ctx->json) {
        output_json(stdout, &s->base);
        fputc('\n', stdout);
    } else {
        print_backup(s);
    }
    return s->state == STAGELIJN__V1__BACKUP_STATE__BACKUP_FAILED ? EXIT_FAILURE : 0;
}

int ad_backup(cli_ctx *ctx, const cli_args *a)
{
    bool start = strcmp(ctx->cmd->words, "backup") == 0;
    bool wait = start && !cli_flag(a, "no-wait");
    bool progress = wait && !ctx->json && isatty(STDERR_FILENO);
    sl_envelope *rep;
    int code;
    if (backup_call(ctx, start, &rep, &code) != SL_OK)
        return code;
    while (wait && rep->backup_status &&
           rep->backup_status->state == STAGELIJN__V1__BACKUP_STATE__BACKUP_RUNNING) {
        const Stagelijn__V1__BackupStatus *s = rep->backup_status;
        if (progress && s->pages_total > 0) {
            /* Back to the start of the line: the count is written over itself. */
            fputc('\r', stderr);
            fprintf(stderr, _("backup: %d of %d pages (%d%%)"), s->pages_done, s->pages_total,
                    (int)(100LL * s->pages_done / s->pages_total));
        }
        sl_envelope_free(rep);
        struct timespec ts = {0, POLL_MS * 1000000L};
        nanosleep(&ts, NULL);
        if (backup_call(ctx, false, &rep, &code) != SL_OK)
            return code;
    }
    if (progress)
        fputc('\n', stderr);
    int rc = rep->backup_status ? backup_outcome(ctx, rep->backup_status)
                                : cli_fail(ctx, EXIT_FAILURE, _("unexpected reply"));
    sl_envelope_free(rep);
    return rc;
}

/* Local midnight of YYYY-MM-DD plus `days`, in unix seconds; -1 when it is not a date. */
static int64_t day_start(const char *date, int days)
{
    struct tm tm = {0};
    if (!cli_parse_date(date) ||
        sscanf(date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_mday += days;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm);
}

static void print_audit(const Stagelijn__V1__ListAuditReply *l)
{
    printf("%-16s  %-22s  %-24s  %-28s  %s\n", _("when"), _("who"), _("what"), _("about"),
           _("details"));
    for (size_t i = 0; i < l->n_entries; i++) {
        const Stagelijn__V1__AuditEntry *e = l->entries[i];
        time_t t = (time_t)e->at;
        struct tm tm;
        char when[32], who[128], what[128], about[160], details[512];
        localtime_r(&t, &tm);
        strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
        termtext_escape(e->actor_name[0] ? e->actor_name : _("(the server)"), who, sizeof who);
        termtext_escape(e->operation, what, sizeof what);
        termtext_escape(e->target_name[0] ? e->target_name : e->target_type, about, sizeof about);
        termtext_escape(e->details, details, sizeof details);
        printf("%-16s  %-22s  %-24s  %-28s  %s\n", when, who, what, about, details);
    }
    if (l->truncated && l->n_entries > 0)
        printf(_("(list cut after %zu entries; older ones: --before %" PRId64 ")\n"), l->n_entries,
               l->entries[l->n_entries - 1]->id);
    else if (l->n_entries == 0)
        printf(_("(no entries)\n"));
}

int ad_audit(cli_ctx *ctx, const cli_args *a)
{
    Stagelijn__V1__ListAuditRequest lr = STAGELIJN__V1__LIST_AUDIT_REQUEST__INIT;
    char student_id[SL_ID_LEN + 1] = "";
    unsigned long limit = 0, before = 0;
    const char *s;
    if (!cli_uint(ctx, a, "limit", 500, &limit) || !cli_uint(ctx, a, "before", INT64_MAX, &before))
        return EXIT_USAGE;
    if ((s = cli_arg(a, "from")) && (lr.from = day_start(s, 0)) < 0)
        return cli_usage_error(ctx, _("--from expects YYYY-MM-DD"));
    if ((s = cli_arg(a, "to")) && (lr.to = day_start(s, 1)) < 0)
        return cli_usage_error(ctx, _("--to expects YYYY-MM-DD"));
    if ((s = cli_arg(a, "student"))) {
        int rc = ws_student_lookup(ctx, s, student_id, NULL, 0);
        if (rc)
            return rc;
    }
    lr.actor_id = (char *)(cli_arg(a, "person") ? cli_arg(a, "person") : "");
    lr.student_id = student_id;
    lr.operation = (char *)(cli_arg(a, "type") ? cli_arg(a, "type") : "");
    lr.limit = (int32_t)limit;
    lr.before_id = (int64_t)before;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_AUDIT;
    req.list_audit = &lr;
    int code;
    if (cli_call(ctx, &req, &rep, &code) != SL_OK)
        return code;
    if (ctx->json) {
        output_json(stdout, &rep->list_audit_reply->base);
        fputc('\n', stdout);
    } else {
        print_audit(rep->list_audit_reply);
    }
    sl_envelope_free(rep);
    return 0;
}
