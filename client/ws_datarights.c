/* Data rights (issue 10): "student export", the right of access. The server hands the whole
 * record in one reply; this writes it twice, as JSON for a machine and as a Markdown document
 * in Dutch for the parent or student who asked, both readable by the administrator alone. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "output.h"
#include "ws_commands.h"

/* Opens DIR/NAME for writing with mode 0600, also when the file was there before. */
static FILE *dr_open_private(const char *dir, const char *name, char *path, size_t len)
{
    snprintf(path, len, "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return NULL;
    if (fchmod(fd, 0600) != 0) {
        close(fd);
        return NULL;
    }
    FILE *f = fdopen(fd, "w");
    if (!f)
        close(fd);
    return f;
}

static bool dr_is_null(const Stagelijn__V1__RecordRow *row, size_t col)
{
    for (size_t i = 0; i < row->n_null_columns; i++)
        if (row->null_columns[i] == col)
            return true;
    return false;
}

/* The readable document: one heading per table, one list per row, empty values left out. */
static void dr_write_document(FILE *f, const Stagelijn__V1__ExportStudentRecordReply *rep)
{
    char when[32] = "";
    time_t at = (time_t)rep->exported_at;
    struct tm tm;
    if (localtime_r(&at, &tm))
        strftime(when, sizeof when, "%d-%m-%Y %H:%M", &tm);
    fprintf(f, "# Inzage in de gegevens van %s\n\n", rep->student_name);
    fprintf(f,
            "Opgemaakt op %s. Dit zijn alle gegevens die de school in Stagelijn over %s "
            "bewaart, per tabel. Wachtwoorden, pincodes en sessiesleutels staan er niet in: "
            "die worden alleen versleuteld bewaard.\n",
            when, rep->student_name);
    for (size_t s = 0; s < rep->n_sections; s++) {
        const Stagelijn__V1__RecordSection *sec = rep->sections[s];
        fprintf(f, "\n## %s (%zu %s)\n", sec->table, sec->n_rows,
                sec->n_rows == 1 ? "regel" : "regels");
        if (!sec->n_rows)
            fprintf(f, "\nGeen gegevens.\n");
        for (size_t r = 0; r < sec->n_rows; r++) {
            const Stagelijn__V1__RecordRow *row = sec->rows[r];
            fprintf(f, "\n");
            for (size_t c = 0; c < row->n_values && c < sec->n_columns; c++)
                if (!dr_is_null(row, c) && row->values[c][0])
                    fprintf(f, "- %s: %s\n", sec->columns[c], row->values[c]);
        }
    }
}

int ws_student_export(cli_ctx *ctx, const cli_args *a)
{
    const char *who, *dir;
    if (!cli_need(ctx, a, "student", &who) || !cli_need(ctx, a, "out", &dir))
        return EXIT_USAGE;
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return cli_usage_error(ctx, _("--out %s is not a directory"), dir);
    char id[SL_ID_LEN + 1], name[256];
    int rc = ws_student_lookup(ctx, who, id, name, sizeof name);
    if (rc)
        return rc;
    Stagelijn__V1__ExportStudentRecordRequest er =
        STAGELIJN__V1__EXPORT_STUDENT_RECORD_REQUEST__INIT;
    er.student_id = id;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_EXPORT_STUDENT_RECORD;
    req.export_student_record = &er;
    if (cli_call(ctx, &req, &rep, &rc) != SL_OK)
        return rc;
    const Stagelijn__V1__ExportStudentRecordReply *x = rep->export_student_record_reply;
    if (!x) {
        sl_envelope_free(rep);
        return cli_fail(ctx, EXIT_REFUSED, "%s", _("unexpected reply"));
    }
    char file[64], jpath[4096], mpath[4096];
    snprintf(file, sizeof file, "inzage-%s.json", id);
    FILE *jf = dr_open_private(dir, file, jpath, sizeof jpath);
    snprintf(file, sizeof file, "inzage-%s.md", id);
    FILE *mf = jf ? dr_open_private(dir, file, mpath, sizeof mpath) : NULL;
    int e = errno;
    if (jf && mf) {
        output_json(jf, &x->base);
        fputc('\n', jf);
        dr_write_document(mf, x);
    }
    bool ok = jf && mf && !ferror(jf) && !ferror(mf);
    ok = (jf ? fclose(jf) == 0 : false) && ok;
    ok = (mf ? fclose(mf) == 0 : false) && ok;
    if (!ok)
        e = e ? e : errno;
    size_t sections = x->n_sections;
    sl_envelope_free(rep);
    if (!ok)
        return cli_fail(ctx, EXIT_USAGE, _("cannot write %s: %s"), dir, strerror(e));
    printf(_("The record of %s (%zu tables) is in %s and %s\n"), name, sections, jpath, mpath);
    return 0;
}

/* Retention (issue 10): "retention due" (the dry run) and "retention erase [--student NAME]". */
static int rt_call(cli_ctx *ctx, const cli_args *a, bool erase)
{
    char id[SL_ID_LEN + 1] = "", name[256] = "";
    const char *who = cli_arg(a, "student");
    int rc;
    if (who && (rc = ws_student_lookup(ctx, who, id, name, sizeof name)) != 0)
        return rc;
    Stagelijn__V1__RetentionRequest rr = STAGELIJN__V1__RETENTION_REQUEST__INIT;
    rr.student_id = id;
    rr.erase = erase;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RETENTION;
    req.retention = &rr;
    if (cli_call(ctx, &req, &rep, &rc) != SL_OK)
        return rc;
    const Stagelijn__V1__RetentionReply *x = rep->retention_reply;
    if (!x) {
        sl_envelope_free(rep);
        return cli_fail(ctx, EXIT_REFUSED, "%s", _("unexpected reply"));
    }
    if (ctx->json) {
        output_json(stdout, &x->base);
        fputc('\n', stdout);
    } else {
        for (size_t i = 0; i < x->n_students; i++)
            printf(_("%s: left %s, due for erasure since %s\n"), x->students[i]->student_name,
                   x->students[i]->left_date, x->students[i]->due_since);
        if (erase)
            printf(_("%zu students erased\n"), x->n_students);
        else
            printf(_("%zu students due for erasure; nothing changed\n"), x->n_students);
    }
    sl_envelope_free(rep);
    return 0;
}

int ws_retention_due(cli_ctx *ctx, const cli_args *a)
{
    return rt_call(ctx, a, false);
}

int ws_retention_erase(cli_ctx *ctx, const cli_args *a)
{
    return rt_call(ctx, a, true);
}
