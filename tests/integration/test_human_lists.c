/* Names, not ids, in what people read: every list and show command of every client program
 * runs against the demo school, once with --json (what programs read) and once for people.
 * Every name the reply carries (a *_name field, a *_names list) must be shown, and the only
 * ids a person sees are the handles one types next (a row's own id, a caseload item's ref_id,
 * the placement of a planned visit). A command that needs an id is run with the first id of
 * the matching list for which it has something to show. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define DEMO_PASSWORD "stagelijn-demo-2026"
#define OUT_MAX (512 * 1024)
#define MAX_IDS 2000
#define NAME_PREFIX 20 /* table cells are cut at 40 bytes: compare the start of a name */

#define WS "stagelijn"
#define KIOSK "stagelijn-kiosk"
#define ADMIN "stagelijn-admin"

static test_server ts;
static char json[OUT_MAX], human[OUT_MAX];

/* The string after `"key":"` at p (JSON escapes \" and \\ undone) into out; the end of it. */
static const char *json_value(const char *p, char *out, size_t n)
{
    size_t k = 0;
    for (; *p && *p != '"'; p++) {
        if (*p == '\\' && p[1])
            p++;
        if (k + 1 < n)
            out[k++] = *p;
    }
    out[k] = '\0';
    return p;
}

/* Every value of `"key":"..."` in text, in order, into ids (each 37 bytes); returns the count. */
static size_t json_all(const char *text, const char *key, char ids[][37], size_t max)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    size_t n = 0;
    for (const char *p = text; n < max && (p = strstr(p, pat)) != NULL;) {
        p = json_value(p + strlen(pat), ids[n], 37);
        if (ids[n][0])
            n++;
    }
    return n;
}

/* Whether human shows the start of name (cut back to a whole UTF-8 character). */
static bool shows(const char *name)
{
    char start[NAME_PREFIX + 1];
    size_t n = strlen(name) < NAME_PREFIX ? strlen(name) : NAME_PREFIX;
    while (n > 0 && n < strlen(name) && ((unsigned char)name[n] & 0xC0) == 0x80)
        n--;
    memcpy(start, name, n);
    start[n] = '\0';
    return strstr(human, start) != NULL;
}

/* Every non-empty *_name value and *_names item of the JSON reply is in the human output;
 * returns how many names were checked. */
static int names_shown(const char *what)
{
    int checked = 0;
    char value[512];
    for (const char *p = json; (p = strstr(p, "_name")) != NULL; p += 5) {
        bool many = strncmp(p, "_names\":[", 9) == 0;
        if (!many && strncmp(p, "_name\":\"", 8) != 0)
            continue;
        const char *v = p + (many ? 9 : 8);
        for (;;) {
            if (many && *v++ != '"')
                break;
            v = json_value(v, value, sizeof value);
            if (value[0]) {
                if (!shows(value))
                    fail_msg("%s: the name \"%s\" is not shown:\n%s", what, value, human);
                checked++;
            }
            if (!many || *v != '"' || v[1] != ',')
                break;
            v += 2;
        }
    }
    return checked;
}

typedef struct {
    const char *prog, *user;
    const char *args[8];  /* "$" stands for the id being tried */
    const char *handle;   /* the JSON key of the ids a person may see */
    const char *ids_from; /* a list command (coach) whose "id"s are tried for "$"; NULL: none */
    int min_names;        /* at least this many names in the reply of the id chosen */
    const char *needs;    /* text the reply of the id chosen holds (NULL: anything) */
} list_case;

static int run(const list_case *c, const char *id, bool people)
{
    const char *args[12];
    size_t n = 0;
    for (; c->args[n] && n < 9; n++)
        args[n] = strcmp(c->args[n], "$") == 0 ? id : c->args[n];
    args[n] = NULL;
    const char *pw = strcmp(c->user, "admin") == 0 ? TS_ADMIN_PASSWORD : DEMO_PASSWORD;
    if (!people)
        return ts_run_cli(&ts, c->prog, c->user, pw, args, json, sizeof json);
    /* People read a page; here the whole list, as the JSON has it (a command that does not
     * page refuses --limit as a usage error and runs without). */
    args[n] = "--limit";
    args[n + 1] = "0";
    args[n + 2] = NULL;
    int rc = ts_run_cli_human(&ts, c->prog, c->user, pw, args, human, sizeof human);
    if (rc != 2)
        return rc;
    args[n] = NULL;
    return ts_run_cli_human(&ts, c->prog, c->user, pw, args, human, sizeof human);
}

static void check_case(const list_case *c)
{
    static char candidates[MAX_IDS][37];
    size_t n_candidates = 1;
    candidates[0][0] = '\0';
    char what[128];
    snprintf(what, sizeof what, "%s %s %s %s", c->prog, c->user, c->args[0],
             c->args[1] && c->args[1][0] != '-' ? c->args[1] : "");
    if (c->ids_from) {
        const char *list[] = {c->ids_from, "list", NULL};
        static char ids_json[OUT_MAX];
        bool admin = strcmp(c->ids_from, "class") == 0; /* classes are the admin's */
        assert_int_equal(ts_run_cli(&ts, admin ? ADMIN : WS, admin ? "admin" : "c.devries",
                                    admin ? TS_ADMIN_PASSWORD : DEMO_PASSWORD, list, ids_json,
                                    sizeof ids_json),
                         0);
        n_candidates = json_all(ids_json, "id", candidates, MAX_IDS);
    }
    /* The first id with a reply that names enough: a list with rows, a show that exists. */
    size_t i = 0;
    for (; i < n_candidates; i++) {
        if (run(c, candidates[i], false) != 0)
            continue;
        int names = 0;
        for (const char *p = json; (p = strstr(p, "_name")) != NULL; p++)
            names += strncmp(p, "_name\":\"\"", 9) != 0;
        if (names >= c->min_names && (!c->needs || strstr(json, c->needs)))
            break;
    }
    if (i == n_candidates)
        fail_msg("%s: no id with a reply to check", what);
    assert_int_equal(run(c, candidates[i], true), 0);
    static char handles[MAX_IDS][37];
    const char *allowed[MAX_IDS];
    size_t n_handles = json_all(json, c->handle, handles, MAX_IDS);
    for (size_t k = 0; k < n_handles; k++)
        allowed[k] = handles[k];
    if (ts_has_uuid_except(human, allowed, n_handles))
        fail_msg("%s: an id where a name belongs:\n%s", what, human);
    assert_true(names_shown(what) >= c->min_names);
}

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&ts, NULL))
        return -1;
    static char out[65536];
    const char *args[] = {"demo-data", NULL};
    return ts_run_cli(&ts, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, args, out, sizeof out) ==
                   0
               ? 0
               : -1;
}

static int teardown(void **state)
{
    (void)state;
    return ts_teardown(&ts, NULL, 0);
}

/* Accepts the first open school-norm warning of the coach's placements, so that the warning
 * list has someone who accepted one. */
static void accept_a_warning(void)
{
    static char ids[MAX_IDS][37], list[OUT_MAX], rule[64];
    const char *pl[] = {"placement", "list", NULL};
    assert_int_equal(ts_run_cli(&ts, WS, "c.devries", DEMO_PASSWORD, pl, list, sizeof list), 0);
    size_t n = json_all(list, "id", ids, MAX_IDS);
    for (size_t i = 0; i < n; i++) {
        const char *wl[] = {"warning", "list", "--placement", ids[i], NULL};
        if (ts_run_cli(&ts, WS, "c.devries", DEMO_PASSWORD, wl, json, sizeof json) != 0 ||
            !ts_json_str(json, "rule_id", rule, sizeof rule))
            continue;
        const char *acc[] = {"warning", "accept", "--placement", ids[i],
                             "--rule",  rule,     "--reason",    "Kennismaking telefonisch gevoerd",
                             NULL};
        /* An ended placement's warning can no longer be accepted: take the next one. */
        if (ts_run_cli(&ts, WS, "c.devries", DEMO_PASSWORD, acc, json, sizeof json) == 0)
            return;
        assert_non_null(strstr(json, "STATE_PLACEMENT_ENDED"));
    }
    fail_msg("no placement of the coach has a school-norm warning");
}

static void test_workstation_lists_name_people(void **state)
{
    (void)state;
    accept_a_warning();
    static const list_case cases[] = {
        {WS, "c.devries", {"student", "list"}, "id", NULL, 2, NULL},
        {WS, "c.devries", {"placement", "list"}, "id", NULL, 4, NULL},
        {WS, "c.devries", {"agenda", "list", "--placement", "$"}, "id", "placement", 0, NULL},
        {WS, "c.devries", {"visit", "list", "--placement", "$"}, "id", "placement", 1, NULL},
        {WS, "c.devries", {"assessment", "list", "--placement", "$"}, "id", "placement", 1, NULL},
        {WS, "c.devries", {"assignment", "list", "--placement", "$"}, "id", "placement", 0, NULL},
        {WS,
         "c.devries",
         {"warning", "list", "--placement", "$"},
         "id",
         "placement",
         1,
         "\"accepted\":true"},
        {WS, "c.devries", {"caseload"}, "ref_id", NULL, 4, NULL},
        {WS, "c.devries", {"visit", "plan"}, "placement_id", NULL, 4, NULL},
        {WS, "c.devries", {"notifications"}, "placement_id", NULL, 4, NULL},
        {WS, "c.devries", {"partner", "list"}, "id", NULL, 0, NULL},
        {WS, "c.devries", {"group", "sessions"}, "id", NULL, 2, NULL},
        {WS, "c.devries", {"company-visit", "list"}, "id", NULL, 2, NULL},
        {WS, "c.devries", {"sector", "list"}, "id", NULL, 0, NULL},
        {WS, "c.devries", {"schoolyear", "list"}, "id", NULL, 0, NULL},
        {WS,
         "c.devries",
         {"outflow", "report", "--cohort", "2024-2025"},
         "student_id",
         NULL,
         1,
         NULL},
        {WS, "c.devries", {"match", "suggest", "--student", "$"}, "id", "student", 1, NULL},
        {WS, "m.4a", {"class", "overview", "--class", "$"}, "placement_id", "class", 2, NULL},
        {WS, "o.smit", {"caseload"}, "ref_id", NULL, 1, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_case(&cases[i]);
}

static void test_workstation_shows_name_people(void **state)
{
    (void)state;
    static const list_case cases[] = {
        {WS, "c.devries", {"student", "show", "--id", "$"}, "id", "student", 1, NULL},
        {WS, "c.devries", {"student", "profile", "--id", "$"}, "id", "student", 1, NULL},
        {WS, "c.devries", {"placement", "show", "--id", "$"}, "id", "placement", 2, NULL},
        {WS, "c.devries", {"contract", "show", "--placement", "$"}, "id", "placement", 2, NULL},
        {WS, "c.devries", {"orientation", "show", "--student", "$"}, "id", "student", 2, NULL},
        {WS, "c.devries", {"readiness", "show", "--student", "$"}, "id", "student", 1, NULL},
        {WS, "c.devries", {"aftercare", "show", "--student", "$"}, "id", "student", 2, NULL},
        {WS, "c.devries", {"entree", "progress", "--student", "$"}, "id", "student", 0, NULL},
        {WS, "c.devries", {"dossier", "--student", "$"}, "id", "student", 1, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_case(&cases[i]);
}

static void test_kiosk_and_admin_lists_name_people(void **state)
{
    (void)state;
    static const list_case cases[] = {
        {KIOSK, "pb.01", {"placement", "list"}, "id", NULL, 4, NULL},
        {KIOSK, "pb.01", {"student", "list"}, "id", NULL, 1, NULL},
        {KIOSK, "pb.01", {"notifications"}, "placement_id", NULL, 2, NULL},
        {KIOSK, "ll.061", {"placement", "list"}, "id", NULL, 2, NULL},
        {ADMIN, "admin", {"user", "list"}, "id", NULL, 0, NULL},
        {ADMIN, "admin", {"class", "list"}, "id", NULL, 2, NULL},
        {ADMIN, "admin", {"company", "list"}, "id", NULL, 0, NULL},
        {ADMIN, "admin", {"student", "list"}, "id", NULL, 2, NULL},
        {ADMIN, "admin", {"schoolyear", "list"}, "id", NULL, 0, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_case(&cases[i]);
}

/* A reply to a recording command for people: ids only on the line of the new record's own
 * id, and the names given all shown. */
static void check_reply(const char *what, const char *const *args, const char *const *names)
{
    assert_int_equal(
        ts_run_cli_human(&ts, WS, "c.devries", DEMO_PASSWORD, args, human, sizeof human), 0);
    for (const char *line = human; *line;) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        char one[1024];
        snprintf(one, sizeof one, "%.*s", (int)len, line);
        if (strncmp(one, "id ", 3) != 0 && ts_has_uuid_except(one, NULL, 0))
            fail_msg("%s: an id where a name belongs:\n%s", what, human);
        line += len + (eol ? 1 : 0);
    }
    for (size_t i = 0; names[i]; i++)
        if (!shows(names[i]))
            fail_msg("%s: the name \"%s\" is not shown:\n%s", what, names[i], human);
}

/* The value of `key` in the JSON object that holds `"id":"<id>"`. */
static void field_of(const char *text, const char *id, const char *key, char *out, size_t n)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"id\":\"%s\"", id);
    const char *p = strstr(text, pat);
    assert_non_null(p);
    assert_true(ts_json_str(p, key, out, n));
}

static void test_replies_to_recording_name_people(void **state)
{
    (void)state;
    static char students[OUT_MAX], companies[OUT_MAX], placements[OUT_MAX], outflow[OUT_MAX];
    const char *ls[] = {"student", "list", NULL}, *lc[] = {"company", "list", NULL};
    const char *lp[] = {"placement", "list", NULL};
    const char *lo[] = {"outflow", "report", "--cohort", "2024-2025", NULL};
    assert_int_equal(ts_run_cli(&ts, WS, "c.devries", DEMO_PASSWORD, ls, students, OUT_MAX), 0);
    assert_int_equal(ts_run_cli(&ts, ADMIN, "admin", TS_ADMIN_PASSWORD, lc, companies, OUT_MAX), 0);
    assert_int_equal(ts_run_cli(&ts, WS, "c.devries", DEMO_PASSWORD, lp, placements, OUT_MAX), 0);
    assert_int_equal(ts_run_cli(&ts, WS, "c.devries", DEMO_PASSWORD, lo, outflow, OUT_MAX), 0);
    char student[37], company[37], leaver[37], placement[37], today[11];
    char student_name[128], company_name[128], leaver_name[128], placed[128];
    assert_true(ts_json_str(students, "id", student, sizeof student));
    field_of(students, student, "full_name", student_name, sizeof student_name);
    assert_true(ts_json_str(companies, "id", company, sizeof company));
    field_of(companies, company, "name", company_name, sizeof company_name);
    assert_true(ts_json_str(outflow, "student_id", leaver, sizeof leaver));
    assert_true(ts_json_str(strstr(outflow, leaver), "student_name", leaver_name, 128));
    const char *active = strstr(placements, "\"status\":\"active\"");
    assert_non_null(active);
    while (active > placements && strncmp(active, "{\"id\":\"", 7) != 0)
        active--;
    assert_true(ts_json_str(active, "id", placement, sizeof placement));
    assert_true(ts_json_str(active, "student_name", placed, sizeof placed));
    ts_date(0, today);

    const char *intro[] = {"intro",  "record", "--student", student, "--company", company,
                           "--date", today,    "--agreed",  "yes",   NULL};
    const char *intro_names[] = {student_name, company_name, "Marieke de Vries", NULL};
    check_reply("intro record", intro, intro_names);
    const char *after[] = {"aftercare", "log",    "--student", leaver,      "--date", today,
                           "--with",    "parent", "--outcome", "Gaat goed", NULL};
    const char *after_names[] = {"Marieke de Vries", NULL};
    check_reply("aftercare log", after, after_names);
    const char *visit[] = {"visit",     "log",     "--placement", placement,    "--date", today,
                           "--present", "student", "--notes",     "Goed bezig", NULL};
    const char *visit_names[] = {"Marieke de Vries", NULL};
    check_reply("visit log", visit, visit_names);
    const char *drop[] = {"dropout", "report",   "--placement", placement, "--date",
                          today,     "--reason", "Gestopt",     NULL};
    const char *drop_names[] = {placed, "Marieke de Vries", NULL};
    check_reply("dropout report", drop, drop_names);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_workstation_lists_name_people),
        cmocka_unit_test(test_workstation_shows_name_people),
        cmocka_unit_test(test_kiosk_and_admin_lists_name_people),
        cmocka_unit_test(test_replies_to_recording_name_people),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
