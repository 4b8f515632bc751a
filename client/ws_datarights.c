/* Data rights (issue 10): "student export", the right of access. The server hands the whole
 * record in one reply; this writes it twice, as JSON for a machine and as a Markdown document
 * in Dutch for the parent or student who asked, both readable by the administrator alone. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Dutch words for the tables and columns of the record (the JSON keeps the schema's names).
 * A table or column not listed is shown with its name's words apart ("left date"), never as a
 * code; keep these lists in step with new migrations. */
static const char *const dr_table_words[][2] = {
    {"absences", "Afwezigheid"},
    {"aftercare_contacts", "Nazorgcontacten"},
    {"agenda_weeks", "Weekstaten (uren)"},
    {"assessment_drafts", "Concepten van beoordelingen"},
    {"assessments", "Beoordelingen"},
    {"audit", "Logboek"},
    {"clock_records", "In- en uitklokken"},
    {"company_visit_signups", "Aanmeldingen voor bedrijfsbezoeken"},
    {"contract_signatures", "Handtekeningen onder de stageovereenkomst"},
    {"contracts", "Stageovereenkomsten"},
    {"dropouts", "Uitval"},
    {"due_items", "Openstaande taken"},
    {"events", "Gebeurtenissen"},
    {"exam_sessions", "Examens"},
    {"exits", "Uitstroom"},
    {"group_enrolments", "Inschrijvingen voor groepsbijeenkomsten"},
    {"group_reflections", "Reflecties op groepsbijeenkomsten"},
    {"interest_tests", "Interessetests"},
    {"intro_meetings", "Kennismakingsgesprekken"},
    {"learning_goals", "Leerdoelen"},
    {"orientations", "Oriëntatie"},
    {"placement_schedule", "Werkrooster"},
    {"placement_warnings", "Waarschuwingen bij de stage"},
    {"placements", "Stages"},
    {"practical_assignments", "Praktijkopdrachten"},
    {"readiness", "Stagegereedheid"},
    {"risk_scans", "Risico-inventarisaties"},
    {"self_ratings", "Zelfbeoordelingen"},
    {"social_skills_trainings", "Sociale-vaardigheidstrainingen"},
    {"students", "Leerling"},
    {"study_advice", "Studieadvies"},
    {"users", "Account"},
    {"visits", "Stagebezoeken"},
    {"week_corrections", "Correcties op weekstaten"},
    {"year3_assessments", "Beoordelingen leerjaar 3"},
};

static const char *const dr_column_words[][2] = {
    {"first_name", "Voornaam"},
    {"name_prefix", "Tussenvoegsel"},
    {"last_name", "Achternaam"},
    {"date_of_birth", "Geboortedatum"},
    {"address", "Adres"},
    {"student_number", "Leerlingnummer"},
    {"class_id", "Klas"},
    {"school_year", "Leerjaar"},
    {"student_id", "Leerling"},
    {"placement_id", "Stage"},
    {"company_id", "Bedrijf"},
    {"supervisor_id", "Praktijkbegeleider"},
    {"coach_id", "Stagebegeleider"},
    {"support_coach_id", "Tweede begeleider"},
    {"user_id", "Account"},
    {"actor_id", "Door"},
    {"author_id", "Geschreven door"},
    {"assessor_id", "Beoordelaar"},
    {"created_by", "Aangemaakt door"},
    {"recorded_by", "Vastgelegd door"},
    {"reported_by", "Gemeld door"},
    {"decided_by", "Besloten door"},
    {"username", "Gebruikersnaam"},
    {"display_name", "Naam"},
    {"role", "Rol"},
    {"kind", "Soort"},
    {"status", "Status"},
    {"start_date", "Begindatum"},
    {"end_date", "Einddatum"},
    {"date", "Datum"},
    {"week_start", "Week van"},
    {"due_date", "Uiterlijk op"},
    {"left_date", "Vertrokken op"},
    {"interview_date", "Datum gesprek"},
    {"created_at", "Aangemaakt op"},
    {"updated_at", "Gewijzigd op"},
    {"recorded_at", "Vastgelegd op"},
    {"reported_at", "Gemeld op"},
    {"raised_at", "Gemeld op"},
    {"at", "Tijdstip"},
    {"notes", "Aantekeningen"},
    {"note", "Aantekening"},
    {"remarks", "Opmerkingen"},
    {"reflection", "Reflectie"},
    {"student_reflection", "Reflectie van de leerling"},
    {"comments", "Opmerkingen"},
    {"actions", "Afspraken"},
    {"present", "Aanwezig"},
    {"tasks", "Taken"},
    {"text", "Tekst"},
    {"title", "Titel"},
    {"summary", "Samenvatting"},
    {"reason", "Reden"},
    {"outcome", "Uitkomst"},
    {"result", "Resultaat"},
    {"advice", "Advies"},
    {"destination", "Bestemming"},
    {"sector", "Sector"},
    {"hobbies", "Hobby's"},
    {"interests", "Interesses"},
    {"preferences", "Voorkeuren"},
    {"operation", "Handeling"},
    {"details", "Details"},
    {"nt2", "NT2"},
    {"support_need", "Extra ondersteuning"},
    {"minutes_worked", "Gewerkte minuten"},
    {"signer_name", "Naam van de ondertekenaar"},
    {"party", "Partij"},
};

/* The Dutch word for `name` in `words`, or the name with spaces for underscores in buf. */
static const char *dr_word(const char *const (*words)[2], size_t n, const char *name, char *buf,
                           size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(words[i][0], name))
            return words[i][1];
    snprintf(buf, len, "%s", name);
    for (char *p = buf; *p; p++)
        if (*p == '_')
            *p = ' ';
    if (buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 'a' + 'A');
    return buf;
}

/* Whether v is an id (a UUID): never shown in the document. */
static bool dr_is_id(const char *v)
{
    if (strlen(v) != 36)
        return false;
    for (int i = 0; i < 36; i++)
        if ((i == 8 || i == 13 || i == 18 || i == 23) ? v[i] != '-'
                                                      : !isxdigit((unsigned char)v[i]))
            return false;
    return true;
}

/* The value of column c as a person reads it into buf: a name for an id, a date and time for
 * a moment in unix seconds; NULL when it is not shown (empty, or an id without a name). */
static const char *dr_value(const Stagelijn__V1__RecordSection *sec,
                            const Stagelijn__V1__RecordRow *row, size_t c, char *buf, size_t len)
{
    const char *v = row->values[c], *col = sec->columns[c];
    if (dr_is_null(row, c) || !v[0])
        return NULL;
    if (c < row->n_names && row->names[c][0])
        return row->names[c];
    if (!strcmp(col, "id") || dr_is_id(v))
        return NULL;
    size_t cl = strlen(col);
    bool moment = !strcmp(col, "at") || (cl > 3 && !strcmp(col + cl - 3, "_at"));
    if (moment && strspn(v, "0123456789") == strlen(v)) {
        time_t t = (time_t)strtoll(v, NULL, 10);
        struct tm tm;
        if (localtime_r(&t, &tm) && strftime(buf, len, "%d-%m-%Y %H:%M", &tm))
            return buf;
    }
    return v;
}

/* The readable document: one heading per table in Dutch, one list per row with Dutch labels,
 * names instead of ids, empty values left out. */
static void dr_write_document(FILE *f, const Stagelijn__V1__ExportStudentRecordReply *rep)
{
    char when[32] = "", word[128], value[64];
    time_t at = (time_t)rep->exported_at;
    struct tm tm;
    if (localtime_r(&at, &tm))
        strftime(when, sizeof when, "%d-%m-%Y %H:%M", &tm);
    fprintf(f, "# Inzage in de gegevens van %s\n\n", rep->student_name);
    fprintf(f,
            "Opgemaakt op %s. Dit zijn alle gegevens die de school in Stagelijn over %s "
            "bewaart, per onderdeel. Wachtwoorden, pincodes en sessiesleutels staan er niet in: "
            "die worden alleen versleuteld bewaard. Het bijgevoegde JSON-bestand bevat dezelfde "
            "gegevens met de interne nummers, voor een computer.\n",
            when, rep->student_name);
    for (size_t s = 0; s < rep->n_sections; s++) {
        const Stagelijn__V1__RecordSection *sec = rep->sections[s];
        fprintf(f, "\n## %s (%zu %s)\n",
                dr_word(dr_table_words, sizeof dr_table_words / sizeof dr_table_words[0],
                        sec->table, word, sizeof word),
                sec->n_rows, sec->n_rows == 1 ? "regel" : "regels");
        if (!sec->n_rows)
            fprintf(f, "\nGeen gegevens.\n");
        for (size_t r = 0; r < sec->n_rows; r++) {
            const Stagelijn__V1__RecordRow *row = sec->rows[r];
            fprintf(f, "\n");
            for (size_t c = 0; c < row->n_values && c < sec->n_columns; c++) {
                const char *v = dr_value(sec, row, c, value, sizeof value);
                if (v)
                    fprintf(f, "- %s: %s\n",
                            dr_word(dr_column_words,
                                    sizeof dr_column_words / sizeof dr_column_words[0],
                                    sec->columns[c], word, sizeof word),
                            v);
            }
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

/* Without --yes the erasure is asked for on a terminal after the dry run's list; without a
 * terminal it is refused, so that a script cannot erase by accident. */
int ws_retention_erase(cli_ctx *ctx, const cli_args *a)
{
    if (cli_flag(a, "yes"))
        return rt_call(ctx, a, true);
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || ctx->json)
        return cli_usage_error(ctx, "%s",
                               _("retention erase asks first on a terminal; give --yes to erase "
                                 "without asking"));
    int rc = rt_call(ctx, a, false);
    if (rc)
        return rc;
    char answer[32] = "";
    printf(_("Erase the personal data of the students above for good? Type %s to go on: "),
           _("yes"));
    fflush(stdout);
    if (!fgets(answer, sizeof answer, stdin))
        answer[0] = '\0';
    answer[strcspn(answer, "\r\n")] = '\0';
    if (strcmp(answer, _("yes")) != 0) {
        printf("%s\n", _("Nothing erased."));
        return EXIT_REFUSED;
    }
    return rt_call(ctx, a, true);
}
