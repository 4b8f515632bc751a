/* The whole foundation flow through the real client programs against a real stagelijnd:
 * accounts and structure (stagelijn-admin), placement and visit (stagelijn), agenda,
 * assessment and dropout (stagelijn-kiosk), live push and replay (stagelijn-notify), the
 * mentor's notifications, and durability across a clean restart and a kill -9. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

#define OUT 65536

typedef struct {
    test_server ts;
    char out[OUT];
    char pwfile[300];
} flow;

/* Runs a program and asserts its exit code; the output stays in f->out. */
static void run(flow *f, int want, const char *prog, const char *user, const char *password, ...)
{
    const char *args[48];
    int n = 0;
    va_list ap;
    va_start(ap, password);
    const char *a;
    while ((a = va_arg(ap, const char *)) != NULL && n < 47)
        args[n++] = a;
    va_end(ap);
    args[n] = NULL;
    int rc = ts_run_cli(&f->ts, prog, user, password, args, f->out, sizeof f->out);
    if (rc != want)
        fprintf(stderr, "%s %s: exit %d, wanted %d; output: %s\n", prog, args[0], rc, want, f->out);
    assert_int_equal(rc, want);
}

static void id_of(flow *f, char id[37])
{
    assert_true(ts_json_str(f->out, "id", id, 37));
}

static int count_lines(const char *path, const char *needle)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return -1;
    char line[4096];
    int n = 0;
    while (fgets(line, sizeof line, fp))
        if (!needle || strstr(line, needle))
            n++;
    fclose(fp);
    return n;
}

static void test_whole_flow(void **state)
{
    (void)state;
    flow *f = calloc(1, sizeof *f);
    assert_non_null(f);
    assert_true(ts_start(&f->ts, NULL));
    snprintf(f->pwfile, sizeof f->pwfile, "%s/new-password", f->ts.dir);
    FILE *pw = fopen(f->pwfile, "w");
    fputs(TS_PASSWORD "\n", pw);
    fclose(pw);
    const char *ADM = "stagelijn-admin", *WS = "stagelijn", *KIOSK = "stagelijn-kiosk";
    const char *A = TS_ADMIN_PASSWORD, *P = TS_PASSWORD;

    /* --- the admin builds the school --- */
    char coach[37], mentor[37], mentor2[37], klass[37], klass2[37], company[37], supervisor[37],
        student[37], placement[37], week[37];
    run(f, 0, ADM, "admin", A, "user", "create", "--username", "coach", "--name", "C. Oach",
        "--role", "coach", "--new-password-file", f->pwfile, NULL);
    id_of(f, coach);
    run(f, 0, ADM, "admin", A, "user", "create", "--username", "mentor", "--name", "M. Entor",
        "--role", "mentor", "--new-password-file", f->pwfile, NULL);
    id_of(f, mentor);
    run(f, 0, ADM, "admin", A, "user", "create", "--username", "mentor2", "--name", "Other",
        "--role", "mentor", "--new-password-file", f->pwfile, NULL);
    id_of(f, mentor2);
    run(f, 0, ADM, "admin", A, "user", "create", "--username", "bot", "--name", "Automation",
        "--role", "subscriber", "--new-password-file", f->pwfile, NULL);
    /* A subscriber account hears only of the topics granted to it (subs, issue 9). */
    run(f, 0, ADM, "admin", A, "subscriber", "topics", "--username", "bot", "--grant", "dropout",
        "--grant", "assessment", NULL);
    run(f, 0, ADM, "admin", A, "class", "create", "--name", "4A", "--year", "4", "--mentor", mentor,
        NULL);
    id_of(f, klass);
    run(f, 0, ADM, "admin", A, "class", "create", "--name", "4B", "--year", "4", "--mentor",
        mentor2, NULL);
    id_of(f, klass2);
    run(f, 0, ADM, "admin", A, "company", "create", "--name", "Bakkerij De Korst", "--city",
        "Utrecht", "--lat", "52.09", "--lon", "5.12", "--sector", "8", "--places", "2", NULL);
    id_of(f, company);
    run(f, 0, ADM, "admin", A, "user", "create", "--username", "super", "--name", "S. Upervisor",
        "--role", "supervisor", "--company", company, "--new-password-file", f->pwfile, NULL);
    id_of(f, supervisor);
    run(f, 0, ADM, "admin", A, "student", "create", "--first", "Sam", "--last", "Jansen", "--class",
        klass, "--dob", "2010-03-01", NULL);
    id_of(f, student);
    /* A supervisor account needs a company: the server refuses, the client says why (exit 1). */
    run(f, 1, ADM, "admin", A, "user", "create", "--username", "nocompany", "--name", "X", "--role",
        "supervisor", NULL);
    /* A usage error never reaches the server (exit 2). */
    run(f, 2, ADM, "admin", A, "class", "create", "--name", "5Z", NULL);

    /* --- the coach places the student --- */
    char start[11], end[11], monday[11], d1[11], d2[11], d3[11], today[11];
    ts_monday(-14, start);
    ts_date(60, end);
    ts_monday(-7, monday);
    ts_monday(-7, d1);
    ts_date(0, today);
    /* The days of last week: Monday, Tuesday, Wednesday. */
    ts_date_plus(monday, 1, d2);
    ts_date_plus(monday, 2, d3);
    /* A 16-year-old until 18:00 on a school day is fine; 23:30 is not (night work). */
    run(f, 1, WS, "coach", P, "placement", "create", "--student", student, "--company", company,
        "--supervisor", supervisor, "--kind", "sector", "--start", start, "--end", end, "--day",
        "mon,15:00,23:30,30", NULL);
    assert_non_null(strstr(f->out, "LAW_MINOR_NIGHT_16_17"));
    run(f, 0, WS, "coach", P, "placement", "create", "--student", student, "--company", company,
        "--supervisor", supervisor, "--kind", "sector", "--sector", "8", "--start", start, "--end",
        end, "--day", "mon,09:00,15:30,30", "--day", "tue,09:00,15:30,30", "--day",
        "wed,09:00,15:30,30", NULL);
    id_of(f, placement);
    assert_non_null(strstr(f->out, "\"status\":\"proposed\""));

    /* --- the contract: written by the coach, signed by all (the student is 16, so a parent
     * signs too), and only then may the placement start --- */
    run(f, 1, WS, "coach", P, "placement", "activate", "--id", placement, NULL);
    assert_non_null(strstr(f->out, "LAW_CONTRACT_SIGNATURE_SCHOOL"));
    run(f, 0, WS, "coach", P, "contract", "save", "--placement", placement, "--activities",
        "Deeg maken, ovens bedienen, brood verkopen.", "--location", "Bakkerij De Korst, Utrecht",
        "--supervision", "Stagebegeleider bezoekt elke 3 weken; praktijkbegeleider dagelijks.",
        "--assessment", "De praktijkbegeleider beoordeelt per periode en aan het eind.",
        "--inspection", "De inspectie kan de stageplaats na aanmelding bezoeken.",
        "--accident-insurer", "Schoolverzekering", "--liability-insurer", "Schoolverzekering",
        "--premium-payer", "De school", NULL);
    assert_non_null(strstr(f->out, "\"parent_signature_required\":true"));
    run(f, 0, WS, "coach", P, "contract", "sign", "--placement", placement, "--party", "school",
        "--name", "C. Oach", "--date", today, NULL);
    /* The company signs on its own kiosk; its supervisor cannot sign for the school. */
    run(f, 1, KIOSK, "super", P, "contract", "sign", "--placement", placement, "--party", "school",
        "--name", "S. Upervisor", "--date", today, NULL);
    run(f, 0, KIOSK, "super", P, "contract", "sign", "--placement", placement, "--party", "company",
        "--name", "S. Upervisor", "--date", today, NULL);
    run(f, 0, WS, "coach", P, "contract", "sign", "--placement", placement, "--party", "student",
        "--name", "Sam Jansen", "--date", today, NULL);
    run(f, 0, WS, "coach", P, "contract", "sign", "--placement", placement, "--party", "parent",
        "--name", "P. Jansen", "--date", today, NULL);
    assert_non_null(strstr(f->out, "\"complete\":true"));
    run(f, 0, WS, "coach", P, "placement", "show", "--id", placement, NULL);
    assert_non_null(strstr(f->out, "\"status\":\"signed\""));
    char doc[300];
    snprintf(doc, sizeof doc, "%s/contract.txt", f->ts.dir);
    run(f, 0, WS, "coach", P, "contract", "print", "--placement", placement, "--out", doc, NULL);
    FILE *df = fopen(doc, "r");
    assert_non_null(df);
    char text[16384];
    size_t tn = fread(text, 1, sizeof text - 1, df);
    fclose(df);
    text[tn] = '\0';
    assert_non_null(strstr(text, "Stageovereenkomst"));
    assert_non_null(strstr(text, "Sam Jansen"));
    assert_non_null(strstr(text, "P. Jansen"));
    assert_null(strstr(text, "CONCEPT"));
    run(f, 0, WS, "coach", P, "placement", "activate", "--id", placement, NULL);
    assert_non_null(strstr(f->out, "\"status\":\"active\""));

    /* --- automation listens for dropouts, live --- */
    char live_out[300];
    snprintf(live_out, sizeof live_out, "%s/notify-live.jsonl", f->ts.dir);
    const char *notify_args[] = {"listen", "--topic",     "dropout", "--max-events",
                                 "1",      "--idle-exit", "60",      NULL};
    pid_t notifier = ts_spawn_cli(&f->ts, "stagelijn-notify", "bot", P, notify_args, live_out);
    assert_true(notifier > 0);

    /* --- the supervisor fills in and signs a week on the kiosk --- */
    char day1[64], day2[64], day3[64];
    snprintf(day1, sizeof day1, "%s,360,deeg kneden", d1);
    snprintf(day2, sizeof day2, "%s,360,ovens schoonmaken", d2);
    snprintf(day3, sizeof day3, "%s,330,brood verkopen", d3);
    run(f, 0, KIOSK, "super", P, "agenda", "submit", "--placement", placement, "--week", monday,
        "--day", day1, "--day", day2, "--day", day3, "--reflection",
        "Werkt netjes, vraagt op tijd om hulp.", "--sign", NULL);
    id_of(f, week);
    assert_non_null(strstr(f->out, "\"signed_by_supervisor\":true"));
    /* The mentor may read the agenda but not sign it. */
    run(f, 0, WS, "mentor", P, "agenda", "list", "--placement", placement, NULL);
    assert_non_null(strstr(f->out, week));
    run(f, 1, WS, "mentor", P, "agenda", "signoff", "--week", week, NULL);
    /* The coach signs it off in class. */
    run(f, 0, WS, "coach", P, "agenda", "signoff", "--week", week, NULL);
    assert_non_null(strstr(f->out, "\"signed_off_by_coach\":true"));

    /* --- the coach logs a visit --- */
    run(f, 0, WS, "coach", P, "visit", "log", "--placement", placement, "--date", today,
        "--present", "student", "--present", "supervisor", "--present", "coach", "--notes",
        "Goede voortgang; werktempo omhoog.", "--actions", "Volgende keer: klantcontact.", NULL);
    run(f, 0, WS, "coach", P, "visit", "list", "--placement", placement, NULL);
    assert_non_null(strstr(f->out, "klantcontact"));

    /* --- the supervisor assesses the five competence areas --- */
    run(f, 0, KIOSK, "super", P, "assessment", "submit", "--placement", placement, "--kind",
        "interim", "--period", "1", "--persoonlijk", "4", "--arbeid", "3", "--sociaal", "4",
        "--onderzoek", "3", "--leren", "4", "--comments", "Op schema.", NULL);
    run(f, 2, KIOSK, "super", P, "assessment", "submit", "--placement", placement, "--kind",
        "interim", "--persoonlijk", "9", "--arbeid", "3", "--sociaal", "4", "--onderzoek", "3",
        "--leren", "4", NULL);

    /* --- the supervisor reports a dropout --- */
    run(f, 0, KIOSK, "super", P, "dropout", "report", "--placement", placement, "--date", today,
        "--reason", "Student kwam drie dagen niet opdagen.", NULL);
    run(f, 1, KIOSK, "super", P, "dropout", "report", "--placement", placement, "--date", today,
        "--reason", "twice", NULL);

    /* The running notifier got it live, as one JSON line. */
    assert_int_equal(ts_wait(notifier, 60), 0);
    assert_int_equal(count_lines(live_out, NULL), 1);
    assert_int_equal(count_lines(live_out, "\"topic\":\"dropout\""), 1);
    assert_int_equal(count_lines(live_out, placement), 1);
    char seq_text[32];
    FILE *lf = fopen(live_out, "r");
    char line[4096] = "";
    assert_non_null(fgets(line, sizeof line, lf));
    fclose(lf);
    char *sp = strstr(line, "\"seq\":");
    assert_non_null(sp);
    unsigned long dropout_seq = strtoul(sp + 6, NULL, 10);
    assert_true(dropout_seq >= 3); /* placement, assessment, dropout */

    /* The mentor of the class finds it among his notifications; the other mentor does not. */
    run(f, 0, WS, "mentor", P, "notifications", NULL);
    assert_non_null(strstr(f->out, "\"topic\":\"dropout\""));
    assert_non_null(strstr(f->out, placement));
    run(f, 0, WS, "mentor2", P, "notifications", NULL);
    assert_null(strstr(f->out, placement));

    /* Started later with the last sequence number it saw, it receives exactly what it
     * missed: here everything after the placement event. */
    char missed_out[300], after[32];
    snprintf(missed_out, sizeof missed_out, "%s/notify-missed.jsonl", f->ts.dir);
    snprintf(after, sizeof after, "%lu", dropout_seq - 2);
    const char *missed_args[] = {"listen", "--after-seq", after, "--idle-exit", "2", NULL};
    assert_int_equal(
        ts_wait(ts_spawn_cli(&f->ts, "stagelijn-notify", "bot", P, missed_args, missed_out), 60),
        0);
    assert_int_equal(count_lines(missed_out, NULL), 2);
    assert_int_equal(count_lines(missed_out, "\"topic\":\"assessment\""), 1);
    assert_int_equal(count_lines(missed_out, "\"topic\":\"dropout\""), 1);

    /* Nothing is lost across a clean restart... */
    assert_int_equal(ts_stop(&f->ts), 0);
    assert_true(ts_restart(&f->ts));
    snprintf(seq_text, sizeof seq_text, "%lu", dropout_seq - 1);
    const char *restart_args[] = {"listen", "--after-seq", seq_text, "--idle-exit", "2", NULL};
    char restart_out[300];
    snprintf(restart_out, sizeof restart_out, "%s/notify-restart.jsonl", f->ts.dir);
    assert_int_equal(
        ts_wait(ts_spawn_cli(&f->ts, "stagelijn-notify", "bot", P, restart_args, restart_out), 60),
        0);
    assert_int_equal(count_lines(restart_out, NULL), 1);
    assert_int_equal(count_lines(restart_out, "\"topic\":\"dropout\""), 1);

    /* ...nor across kill -9: an acknowledged write is durable before its reply. */
    run(f, 0, WS, "coach", P, "visit", "log", "--placement", placement, "--date", today,
        "--present", "coach", "--notes", "Nagesprek na uitval.", NULL);
    ts_kill9(&f->ts);
    assert_true(ts_restart(&f->ts));
    run(f, 0, WS, "coach", P, "visit", "list", "--placement", placement, NULL);
    assert_non_null(strstr(f->out, "Nagesprek na uitval."));
    run(f, 0, WS, "coach", P, "placement", "show", "--id", placement, NULL);
    assert_non_null(strstr(f->out, "\"status\":\"ended_early\""));

    /* Every change left an audit row. */
    assert_true(ts_count_rows(&f->ts, "audit") >= 15);
    assert_int_equal(ts_stop(&f->ts), 0);
    ts_cleanup(&f->ts);
    free(f);
}

int main(void)
{
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole_flow),
    };
    return cmocka_run_group_tests_name("integration_flow", tests, NULL, NULL);
}
