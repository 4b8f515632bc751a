/* One language at a time: the real programs, under a Dutch locale that is not installed
 * (LANG=nl_NL.UTF-8 on a machine with only C.UTF-8, as a fresh Debian), run every list and
 * show command of the demo school for each role, and some refusals; no English word of a
 * known list (enum values, yes/no, the server's generic messages, error codes) may appear
 * in what a person reads. Column headers and a record's keys are Dutch labels, never a field
 * name (labels); no id is shown (ids only with --ids or --json). The Dutch walk-through of
 * docs/clients.md is run as it stands there and checked the same way. */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"
#include "programs.h"

#define OUT_MAX (256 * 1024)

static test_server ts;

/* English a Dutch user must not meet: values as the programs used to print them, the
 * server's generic messages and the error codes. Dutch words that are English too (mentor,
 * sector, entree, open, school) are not listed. */
static const char *const english[] = {
    "yes",
    "no",
    "unspecified",
    "individual_1",
    "individual_2",
    "individual",
    "proposed",
    "contract_drafted",
    "signed",
    "completed",
    "ended_early",
    "interim",
    "positive",
    "negative",
    "morning",
    "afternoon",
    "day_care",
    "learning",
    "in_progress",
    "submitted",
    "approved",
    "taster",
    "dual",
    "not_yet_known",
    "no_leavers",
    "not_met",
    "support_coach",
    "subscriber",
    "supervisor",
    "no such",
    "required",
    "not found",
    "may not",
    "not a valid",
    "database",
    "NOT_FOUND",
    "PERMISSION_DENIED",
    "INVALID_ARGUMENT",
    "FAILED_PRECONDITION",
    "UNAUTHENTICATED",
    "norm not met",
    "a week on average",
    "visit_due",
    "agenda_to_sign",
    "assessment_due",
    "interest_test",
    "company_visit",
    "intro_meeting",
    "study_advice",
    "final_interview",
    "former_student",
    "municipality",
    /* the server's sentences: rule details, caseload details, event summaries */
    "worked",
    "internship",
    "week of",
    "last visit",
    "overdue",
    "signed by",
    "submitted",
    "recorded",
    "reported by",
    "dropout",
    "exit",
    "none",
    "none yet",
    "aged",
    "assessment",
    "verdict",
    "interview",
    "signed up",
    "left school",
    "contact with",
    "destination",
};

static bool word_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* The first listed English word that stands on its own in `text` (not inside a longer
 * identifier such as a field name), or NULL. Lines before `skip_header` are the table header
 * of a list reply: field names. */
static const char *english_in(const char *text)
{
    for (size_t i = 0; i < sizeof english / sizeof english[0]; i++) {
        size_t n = strlen(english[i]);
        for (const char *p = text; (p = strstr(p, english[i])) != NULL; p += n) {
            /* An option name (--supervisor) is interface, not a word. */
            bool option = p - text >= 2 && p[-1] == '-' && p[-2] == '-';
            bool starts = (p == text || !word_char(p[-1])) && !option;
            bool ends = !word_char(p[n]);
            if (starts && ends)
                return english[i];
        }
    }
    return NULL;
}

/* Every value is checked, the server's sentences too (a caseload item's detail, an event's
 * and a dossier entry's summary): the clients word them. Nothing is left out. */
static bool is_server_text(const char *name, size_t len)
{
    (void)name;
    (void)len;
    return false;
}

/* Appends line[from, to) (clamped to its length) to out. */
static void put(char *out, size_t n, size_t *used, const char *line, size_t len, size_t from,
                size_t to)
{
    if (from > len)
        from = len;
    if (to > len)
        to = len;
    for (size_t i = from; i < to && *used + 2 < n; i++)
        out[(*used)++] = line[i];
}

/* What a person reads of the values: a table's header (field names) is left out and so are
 * its columns of server text; a "field value" line loses its field name, or the whole line
 * when the field is server text. */
static void values_only(const char *in, char *out, size_t n)
{
    size_t used = 0, starts[32], ncol = 0;
    bool skip[32] = {false};
    const char *p = in;
    for (bool first = true; *p; first = false) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        if (first && len > 0 && memchr(p, ' ', len) && p[0] != ' ' && strstr(p, "  ") &&
            strstr(p, "  ") < p + len) {
            /* A table header: columns start where a name starts. */
            for (size_t i = 0; i < len && ncol < 32; i++)
                if (p[i] != ' ' && (i == 0 || p[i - 1] == ' ')) {
                    size_t k = i;
                    while (k < len && p[k] != ' ')
                        k++;
                    skip[ncol] = is_server_text(p + i, k - i);
                    starts[ncol++] = i;
                }
        } else if (ncol > 0) {
            for (size_t c = 0; c < ncol; c++)
                if (!skip[c])
                    put(out, n, &used, p, len, starts[c], c + 1 < ncol ? starts[c + 1] : len);
        } else {
            size_t i = 0;
            while (i < len && p[i] == ' ')
                i++;
            size_t k = i;
            while (k < len && word_char(p[k]))
                k++;
            bool keyed = k > i && (k == len || p[k] == ' ' || p[k] == ':');
            if (!(keyed && is_server_text(p + i, k - i)))
                put(out, n, &used, p, len, keyed ? k : 0, len);
        }
        out[used++] = '\n';
        if (!eol)
            break;
        p = eol + 1;
    }
    out[used] = '\0';
}

/* ---------------------------------------------------------------- labels */

#define MAX_FIELD_NAMES 1024

static const char *field_names[MAX_FIELD_NAMES];
static size_t n_field_names;

/* Collects the field names of d and the messages under it (each message once). */
static void collect_names(const ProtobufCMessageDescriptor *d,
                          const ProtobufCMessageDescriptor **seen, size_t *n_seen, size_t max_seen)
{
    for (size_t i = 0; i < *n_seen; i++)
        if (seen[i] == d)
            return;
    if (*n_seen == max_seen)
        return;
    seen[(*n_seen)++] = d;
    for (unsigned i = 0; i < d->n_fields; i++) {
        bool known = false;
        for (size_t k = 0; k < n_field_names && !known; k++)
            known = !strcmp(field_names[k], d->fields[i].name);
        if (!known && n_field_names < MAX_FIELD_NAMES)
            field_names[n_field_names++] = d->fields[i].name;
        if (d->fields[i].type == PROTOBUF_C_TYPE_MESSAGE)
            collect_names(d->fields[i].descriptor, seen, n_seen, max_seen);
    }
}

/* Whether text[0..n) is the name of a field a reply can hold (first_name, kind, id). */
static bool is_field_name(const char *text, size_t n)
{
    if (n_field_names == 0) {
        static const ProtobufCMessageDescriptor *seen[512];
        size_t n_seen = 0;
        collect_names(&stagelijn__v1__envelope__descriptor, seen, &n_seen, 512);
    }
    for (size_t k = 0; k < n_field_names; k++)
        if (strlen(field_names[k]) == n && !strncmp(field_names[k], text, n))
            return true;
    return false;
}

/* The first field name used as a column header or a record's key in out (a person's
 * output), or NULL. A table is the output with a "(N)" line: its first line is the header,
 * its columns apart by two spaces at least. Else every line starts with a key (or is an
 * item "- ..." of a list). */
static const char *field_name_in(const char *out, char *found, size_t n)
{
    bool table = false;
    for (const char *p = out; (p = strchr(p, '(')) != NULL; p++)
        if ((p == out || p[-1] == '\n') && isdigit((unsigned char)p[1]) &&
            strspn(p + 1, "0123456789") > 0 && p[1 + strspn(p + 1, "0123456789")] == ')')
            table = true;
    for (const char *line = out; *line;) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        for (size_t i = 0; i < len;) {
            while (i < len && line[i] == ' ')
                i++;
            if (i < len && line[i] == '-')
                break; /* a list's item: a value */
            size_t k = i;
            while (k < len && !(line[k] == ' ' && (k + 1 == len || line[k + 1] == ' ')) &&
                   line[k] != ':')
                k++;
            if (k > i && is_field_name(line + i, k - i)) {
                snprintf(found, n, "%.*s", (int)(k - i), line + i);
                return found;
            }
            if (!table)
                break; /* a record's line: only its key */
            i = k + 1;
        }
        if (table || !eol)
            break; /* a table's header is its first line */
        line = eol + 1;
    }
    return NULL;
}

static int english_found;

static void assert_dutch(const char *what, const ts_run_result *r)
{
    static char values[OUT_MAX];
    values_only(r->out, values, sizeof values);
    const char *w = english_in(values);
    if (!w)
        w = english_in(r->err);
    char field[64];
    if (!w)
        w = field_name_in(r->out, field, sizeof field);
    if (!w && (ts_has_uuid_except(r->out, NULL, 0) || ts_has_uuid_except(r->err, NULL, 0)))
        w = "an id";
    if (w) {
        /* Every finding is printed before the test fails, so one run lists them all. */
        print_error("%s: English \"%s\" in the output:\n%s\n%s\n", what, w, r->out, r->err);
        english_found++;
    }
}

/* Runs and checks: exit code, Dutch only. */
static void check(const char *prog, const char *user, const char *password, int rc,
                  const char *const *args, ts_run_result *r)
{
    ts_run_nl(&ts, prog, user, password, args, r);
    char what[256];
    snprintf(what, sizeof what, "%s %s %s", prog, args[0], args[1] ? args[1] : "");
    if (r->rc != rc)
        fail_msg("%s: exit %d, expected %d\n%s\n%s", what, r->rc, rc, r->out, r->err);
    assert_dutch(what, r);
}

/* The first "id" of a --json list run as user. */
static void first_id(const char *prog, const char *user, const char *const *args, char id[64])
{
    static char out[OUT_MAX];
    assert_int_equal(ts_run_cli(&ts, prog, user, TS_DEMO_PASSWORD, args, out, sizeof out), 0);
    assert_true(ts_json_str(out, "id", id, 64));
}

static int setup(void **state)
{
    (void)state;
    return ts_start_demo(&ts) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return ts_teardown(&ts, NULL, 0);
}

static void test_every_list_and_show_in_dutch(void **state)
{
    (void)state;
    static ts_run_result r;
    char s[64], pl[64], sup_pl[64];
    const char *ls[] = {"student", "list", NULL};
    const char *lp[] = {"placement", "list", NULL};
    first_id("stagelijn", "c.devries", ls, s);
    first_id("stagelijn", "c.devries", lp, pl);
    first_id("stagelijn-kiosk", "pb.01", lp, sup_pl);

    const char *coach[][6] = {
        {"student", "list"},
        {"student", "show", "--id", s},
        {"placement", "list"},
        {"placement", "show", "--id", pl},
        {"agenda", "list", "--placement", pl},
        {"visit", "list", "--placement", pl},
        {"assessment", "list", "--placement", pl},
        {"contract", "show", "--placement", pl},
        {"warning", "list", "--placement", pl},
        {"caseload"},
        {"visit", "plan"},
        {"dossier", "--student", s},
        {"notifications"},
        {"student", "profile", "--id", s},
        {"readiness", "show", "--student", s},
        {"orientation", "show", "--student", s},
        {"aftercare", "show", "--student", s},
        {"partner", "list"},
        {"group", "sessions"},
        {"company-visit", "list"},
        {"sector", "list"},
        {"schoolyear", "list"},
        {"outflow", "report", "--cohort", "2024-2025"},
        {"outflow", "report", "--cohort", "2025-2026"},
    };
    for (size_t i = 0; i < sizeof coach / sizeof coach[0]; i++) {
        ts_run_nl(&ts, "stagelijn", "c.devries", TS_DEMO_PASSWORD, coach[i], &r);
        /* A show for a student without that record may refuse: in Dutch too. */
        char what[128];
        snprintf(what, sizeof what, "coach %s %s", coach[i][0], coach[i][1] ? coach[i][1] : "");
        if (r.rc != 0 && r.rc != 1)
            fail_msg("%s: exit %d\n%s", what, r.rc, r.err);
        assert_dutch(what, &r);
    }
    const char *mentor[][6] = {{"student", "list"}, {"placement", "list"}, {"notifications"}};
    for (size_t i = 0; i < sizeof mentor / sizeof mentor[0]; i++)
        check("stagelijn", "m.4a", TS_DEMO_PASSWORD, 0, mentor[i], &r);
    const char *kiosk[][6] = {{"placement", "list"},
                              {"student", "list"},
                              {"placement", "show", "--id", sup_pl},
                              {"agenda", "list", "--placement", sup_pl},
                              {"assessment", "list", "--placement", sup_pl},
                              {"assignment", "list", "--placement", sup_pl},
                              {"notifications"}};
    for (size_t i = 0; i < sizeof kiosk / sizeof kiosk[0]; i++)
        check("stagelijn-kiosk", "pb.01", TS_DEMO_PASSWORD, 0, kiosk[i], &r);
    const char *student[][6] = {{"placement", "list"}};
    check("stagelijn-kiosk", "ll.061", TS_DEMO_PASSWORD, 0, student[0], &r);
    const char *admin[][6] = {{"user", "list"},       {"class", "list"},
                              {"company", "list"},    {"student", "list"},
                              {"schoolyear", "list"}, {"user", "list", "--role", "coach"}};
    for (size_t i = 0; i < sizeof admin / sizeof admin[0]; i++)
        check("stagelijn-admin", "admin", TS_ADMIN_PASSWORD, 0, admin[i], &r);
    assert_int_equal(english_found, 0);
}

static void test_refusals_in_dutch(void **state)
{
    (void)state;
    static ts_run_result r;
    const char *bad[] = {"student", "show", "--id", "bad", NULL};
    check("stagelijn", "c.devries", TS_DEMO_PASSWORD, 1, bad, &r);
    assert_non_null(strstr(r.err, "ONGELDIGE INVOER: student_id is geen geldige id"));
    const char *none[] = {"student", "show", "--id", "00000000-0000-4000-8000-000000000000", NULL};
    check("stagelijn", "c.devries", TS_DEMO_PASSWORD, 1, none, &r);
    assert_non_null(strstr(r.err, "NIET GEVONDEN: deze leerling bestaat niet"));
    const char *missing[] = {"student", "show", NULL};
    check("stagelijn", "c.devries", TS_DEMO_PASSWORD, 2, missing, &r);
    assert_non_null(strstr(r.err, "--id is verplicht"));
    /* A usage error names the values as they are shown, and they are accepted back. */
    const char *kind[] = {"placement", "create",      "--student",    "x",
                          "--company", "x",           "--supervisor", "x",
                          "--kind",    "individual3", "--start",      "2026-01-05",
                          "--end",     "2026-02-05",  "--day",        "ma,09:00,12:00,0",
                          NULL};
    check("stagelijn", "c.devries", TS_DEMO_PASSWORD, 2, kind, &r);
    assert_non_null(strstr(r.err, "individueel-1"));
    const char *role[] = {"user", "list", "--role", "praktijkbegeleider", NULL};
    check("stagelijn-admin", "admin", TS_ADMIN_PASSWORD, 0, role, &r);
    assert_non_null(strstr(r.out, "praktijkbegeleider"));
    /* A mentor may read an agenda but not sign it off. */
    const char *signoff[] = {"agenda", "signoff", "--week", "00000000-0000-4000-8000-000000000000",
                             NULL};
    ts_run_nl(&ts, "stagelijn", "m.4a", TS_DEMO_PASSWORD, signoff, &r);
    assert_int_equal(r.rc, 1);
    assert_dutch("mentor agenda signoff", &r);
    /* A fact dated in the future and a step the placement's state does not allow: coded
     * refusals, the fact's name worded too. */
    char pl[64];
    const char *lp[] = {"placement", "list", NULL};
    first_id("stagelijn", "c.devries", lp, pl);
    const char *future[] = {"visit",   "log",        "--placement", pl,
                            "--date",  "2099-01-05", "--present",   "student",
                            "--notes", "Gesprek",    NULL};
    check("stagelijn", "c.devries", TS_DEMO_PASSWORD, 1, future, &r);
    assert_non_null(strstr(r.err, "bezoek op 2099-01-05: na vandaag"));
    const char *again[] = {"placement", "complete", "--id", pl, NULL};
    check("stagelijn", "c.devries", TS_DEMO_PASSWORD, 1, again, &r);
    assert_non_null(strstr(r.err, "dit kan niet bij een stage met status"));
    /* A wrong password, refused at login. */
    const char *ls[] = {"student", "list", NULL};
    check("stagelijn", "c.devries", "wrong-password-1", 1, ls, &r);
    assert_non_null(strstr(r.err, "verkeerde gebruikersnaam of wachtwoord"));
}

/* The walk-through "Rondleiding" of docs/clients.md, command by command as it stands there
 * (the ids it types come from --json, as a person gets them with --ids): names, Dutch
 * headers and values, the cut lists' notices, no id and no English word. */
static void test_walk_through_in_dutch(void **state)
{
    (void)state;
    static ts_run_result r;
    const char *coach[][4] = {
        {"caseload"},
        {"visit", "plan", "--limit", "3"},
        {"group", "sessions", "--limit", "2"},
        {"notifications", "--limit", "2"},
    };
    const char *shows[] = {"leerlingen;", "rijen 1 tot en met 3 van", "Mohamed El Amrani, ",
                           "(nieuwste eerst)"};
    for (size_t i = 0; i < sizeof coach / sizeof coach[0]; i++) {
        const char *args[6] = {coach[i][0], coach[i][1], coach[i][2], coach[i][3], NULL};
        check("stagelijn", "c.devries", TS_DEMO_PASSWORD, 0, args, &r);
        if (!strstr(r.out, shows[i]))
            fail_msg("%s: no \"%s\":\n%s", coach[i][0], shows[i], r.out);
    }
    /* The ids a command needs come from --json (jq in the walk-through). */
    char pl[64], student[64], company[64];
    static char json[OUT_MAX];
    const char *lp[] = {"placement", "list", NULL};
    const char *ls[] = {"student", "list", NULL};
    first_id("stagelijn", "c.devries", lp, pl);
    first_id("stagelijn", "c.devries", ls, student);
    const char *match[] = {"match", "suggest", "--student", student, "--limit", "3", NULL};
    check("stagelijn", "c.devries", TS_DEMO_PASSWORD, 0, match, &r);
    assert_non_null(strstr(r.out, "Bedrijf"));
    assert_non_null(strstr(r.out, "rijen 1 tot en met 3 van"));
    assert_int_equal(
        ts_run_cli(&ts, "stagelijn", "c.devries", TS_DEMO_PASSWORD, match, json, sizeof json), 0);
    assert_true(ts_json_str(json, "id", company, sizeof company)); /* the first company's */
    const char *future[] = {"visit",   "log",        "--placement", pl,
                            "--date",  "2099-01-05", "--present",   "student",
                            "--notes", "Gesprek",    NULL};
    check("stagelijn", "c.devries", TS_DEMO_PASSWORD, 1, future, &r);
    assert_non_null(strstr(r.err, "DATE_IN_FUTURE"));
    char today[11];
    ts_date(0, today);
    const char *intro[] = {"intro",   "record",       "--student", student,    "--company",
                           company,   "--date",       today,       "--agreed", "ja",
                           "--notes", "Kennismaking", NULL};
    check("stagelijn", "c.devries", TS_DEMO_PASSWORD, 0, intro, &r);
    assert_non_null(strstr(r.out, "Kennismaking"));
    assert_non_null(strstr(r.out, "Stagebegeleider"));
    const char *kiosk[] = {"placement", "list", NULL};
    check("stagelijn-kiosk", "pb.01", TS_DEMO_PASSWORD, 0, kiosk, &r);
    assert_non_null(strstr(r.out, "Praktijkbegeleider"));
    assert_int_equal(english_found, 0);
}

static void test_empty_cohort_is_no_failure(void **state)
{
    (void)state;
    static ts_run_result r;
    const char *empty[] = {"outflow", "report", "--cohort", "2040-2041", NULL};
    check("stagelijn", "c.devries", TS_DEMO_PASSWORD, 0, empty, &r);
    assert_non_null(strstr(r.out, "geen uitstromers"));
    assert_null(strstr(r.out, "niet gehaald"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_list_and_show_in_dutch),
        cmocka_unit_test(test_refusals_in_dutch),
        cmocka_unit_test(test_empty_cohort_is_no_failure),
        cmocka_unit_test(test_walk_through_in_dutch),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
