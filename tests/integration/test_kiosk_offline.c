/* The kiosk's offline login (issue 8, kioskoff), driven as a person would: stagelijn-kiosk
 * runs in a tmux pane of 80x24 against a real stagelijnd on its device listener. An intern
 * who logged in with her PIN once while the server was there can log in on that kiosk while
 * the server is stopped, also after the kiosk itself was restarted: she sees her week as the
 * kiosk last knew it, marked "laatst bekend op", and clocks in; once the server is back the
 * clocking arrives exactly once, re-authorized by the server from the device's company. A
 * wrong PIN offline is refused, and after a few the account and then the kiosk are blocked
 * (counted on disk, so restarting the kiosk does not help). What the kiosk keeps expires after
 * --cache-days, and one person's last known reads are never shown to another. A clocking made
 * offline by an intern whose account was disabled meanwhile is refused when it arrives and
 * shown as not accepted. The server refuses a kiosk's clocking for an intern of another
 * company, from a connection without a device, and answers a retry with the first outcome. */
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "harness.h"
#include "tmux_pane.h"
#include "ids.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT
#define SCREEN_LEN 8192

static struct {
    test_server ts;
    sl_client *admin, *coach;
    char company[37], student[37], sem[37], cert[300], key[300], queue[300], socket_name[64];
    int device_port;
} W;

/* ---------------------------------------------------------------- tmux */

/* A kiosk in a fresh 80x24 pane, on the device's one queue file, with extra options. */
static void start_kiosk_with(const char *options)
{
    static int started;
    snprintf(W.socket_name, sizeof W.socket_name, "sl-kiosk-off-%d-%d", (int)getpid(), ++started);
    char localedir[300];
    snprintf(localedir, sizeof localedir, "%s/locale", SL_BUILD_DIR);
    assert_int_equal(
        tp_tmux("new-session -d -s kiosk -x 80 -y 24 'env STAGELIJN_LOCALEDIR=%s LANG=C.UTF-8 "
                "LANGUAGE= LC_ALL= %s/client/stagelijn-kiosk --server 127.0.0.1:%d --ca %s "
                "--cert %s --key %s --queue %s --idle 120 --timeout 2 %s; sleep 30'",
                localedir, SL_BUILD_DIR, W.device_port, W.ts.ca, W.cert, W.key, W.queue, options),
        0);
}

static void start_kiosk(void)
{
    start_kiosk_with("");
}

/* The kiosk killed as a power cut would. */
static void kill_kiosk(void)
{
    tp_tmux("kill-server");
}

/* F10 on the login screen ends the kiosk; what it printed when it ended (a sanitizer's
 * report, in the sanitizer build) stays in the pane and must be nothing of the kind. */
static void quit_kiosk(void)
{
    assert_true(tp_wait_for("F10 Afsluiten", 5000));
    tp_key("F10");
    int64_t end = tp_now_ms() + 5000;
    while (tp_screen_has("Gebruikersnaam") && tp_now_ms() < end)
        usleep(20000);
    usleep(1000000);
    static char s[SCREEN_LEN];
    tp_screen(s, sizeof s);
    if (strstr(s, "Sanitizer") || strstr(s, "runtime error"))
        fprintf(stderr, "the kiosk ended with:\n%s\n", s);
    assert_null(strstr(s, "Sanitizer"));
    assert_null(strstr(s, "runtime error"));
    kill_kiosk();
}

/* From the login screen (password mode): the PIN form, user name and PIN, Enter. */
static bool log_in_with_pin(const char *user, const char *pin)
{
    if (!tp_wait_for("Gebruikersnaam", 10000))
        return false;
    tp_key("F3");
    if (!tp_wait_for("Pincode", 5000))
        return false;
    tp_type(user);
    tp_key("Tab");
    tp_type(pin);
    tp_key("Enter");
    return true;
}

/* ---------------------------------------------------------------- the server's side */

/* A device certificate bound to company into cert and key (files in the test's folder). */
static bool issue_device_cert(const char *name, const char *company, char *cert, char *key)
{
    snprintf(cert, 300, "%s/%s.pem", W.ts.dir, name);
    snprintf(key, 300, "%s/%s.key", W.ts.dir, name);
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "%s/server/stagelijnd --data-dir %s --issue-device-cert %s --company %s "
             "--cert-out %s --key-out %s >/dev/null 2>&1",
             SL_BUILD_DIR, W.ts.dir, name, company, cert, key);
    return system(cmd) == 0;
}

static int setup(void **state)
{
    (void)state;
    tp_use_socket(W.socket_name);
    W.device_port = ts_fixed_port();
    char extra[128];
    /* A fixed device port: the kiosk finds the server again after a restart. */
    snprintf(extra, sizeof extra, "device_listen = 127.0.0.1:%d\n", W.device_port);
    if (W.device_port <= 0 || !ts_start(&W.ts, extra))
        return -1;
    snprintf(W.queue, sizeof W.queue, "%s/kiosk-queue.sqlite", W.ts.dir);
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char klass[37], sup_id[37], otp[64];
    const ts_company_spec co = {.name = "Tuincentrum De Linde"};
    const ts_student_spec ss = {.first_name = "Lotte",
                                .last_name = "Visser",
                                .class_id = klass,
                                .date_of_birth = "2008-05-05",
                                .username = "lotte"};
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, NULL) ||
        !ts_make_class(W.admin, "4C", 4, NULL, klass) ||
        !ts_make_company(W.admin, &co, W.company) ||
        !ts_create_user(W.admin, "sup", 5, W.company, sup_id) ||
        !ts_make_student(W.admin, &ss, W.student, otp) ||
        !issue_device_cert("kiosk-1", W.company, W.cert, W.key))
        return -1;
    sl_client *s = ts_student_login(&W.ts, "lotte", otp);
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    if (!s || !W.coach)
        return -1;
    sl_client_close(s);
    char start[11], end[11], placement[37];
    ts_monday(-21, start);
    ts_date(60, end);
    ts_placement_spec p = {.student_id = W.student,
                           .company_id = W.company,
                           .supervisor_id = sup_id,
                           .kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR,
                           .start_date = start,
                           .end_date = end,
                           .n_days = 3,
                           .day_start = "08:30",
                           .day_end = "14:30",
                           .break_minutes = 30};
    if (!ts_make_active_placement(W.coach, &p, TS_SIGN_ADULT, placement))
        return -1;
    /* Sem, another intern of the same company, with a PIN of his own. */
    const ts_student_spec sem = {.first_name = "Sem",
                                 .last_name = "de Boer",
                                 .class_id = klass,
                                 .date_of_birth = "2008-06-06",
                                 .username = "sem"};
    if (!ts_make_student(W.admin, &sem, W.sem, otp) || !(s = ts_student_login(&W.ts, "sem", otp)))
        return -1;
    sl_client_close(s);
    p.student_id = W.sem;
    if (!ts_make_active_placement(W.coach, &p, TS_SIGN_ADULT, placement))
        return -1;
    const char *students[] = {W.student, W.sem}, *pins[] = {"3917", "6284"};
    for (int i = 0; i < 2; i++) {
        Stagelijn__V1__SetPinRequest sp = STAGELIJN__V1__SET_PIN_REQUEST__INIT;
        sp.student_id = (char *)students[i];
        sp.pin = (char *)pins[i];
        ENV(req);
        req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SET_PIN;
        req.set_pin = &sp;
        if (!ts_expect(W.coach, &req, SL_OK))
            return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tp_tmux("kill-server");
    sl_client *clients[] = {W.admin, W.coach};
    return ts_teardown(&W.ts, clients, 2);
}

/* Lotte's clocked shifts of this week as the coach reads them; *open: without clock-out. */
static size_t shifts_now(size_t *open)
{
    char today[11];
    ts_date(0, today);
    Stagelijn__V1__GetWeekHoursRequest r = STAGELIJN__V1__GET_WEEK_HOURS_REQUEST__INIT;
    r.student_id = W.student;
    r.date = today;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_WEEK_HOURS;
    req.get_week_hours = &r;
    sl_envelope *rep = ts_call(W.coach, &req, SL_OK);
    assert_non_null(rep);
    size_t n = 0;
    *open = 0;
    for (size_t i = 0; i < rep->week_hours->n_days; i++)
        for (size_t k = 0; k < rep->week_hours->days[i]->n_clock; k++) {
            n++;
            *open += rep->week_hours->days[i]->clock[k]->clock_out_at == 0;
        }
    sl_envelope_free(rep);
    return n;
}

/* Runs sql on the kiosk's own file (while no kiosk runs). */
static void queue_exec(const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(W.queue, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* A count from the kiosk's own file. */
static long queue_count(const char *sql)
{
    sqlite3 *db;
    long n = -1;
    if (sqlite3_open_v2(W.queue, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *s;
        if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
            n = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
    }
    sqlite3_close(db);
    return n;
}

/* Whether text shows a clocked shift "HH:MM-HH:MM". */
static bool has_shift(const char *text)
{
    for (const char *p = text; p[0] && p[1] && p[2] && p[3] && p[4] && p[5]; p++) {
        int h1, m1, h2, m2, used = 0;
        if (sscanf(p, "%2d:%2d-%2d:%2d%n", &h1, &m1, &h2, &m2, &used) == 4 && used == 11)
            return true;
    }
    return false;
}

/* Whether the screen's row of today's date in the week shows a clocked shift (the row of the
 * next internship day shows planned times of the same form, so only today's row counts). */
static bool today_has_shift(const char *screen_text)
{
    char today[11];
    ts_date(0, today);
    for (const char *line = screen_text; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        char row[512];
        snprintf(row, sizeof row, "%.*s", (int)(len < sizeof row ? len : sizeof row - 1), line);
        if (strstr(row, today) && !strstr(row, "Volgende") && has_shift(row))
            return true;
        line = end ? end + 1 : NULL;
    }
    return false;
}

/* ---------------------------------------------------------------- tests */

static void test_offline_pin_login_clocks_in_once(void **state)
{
    (void)state;
    /* Online first: the PIN login leaves a verifier on the kiosk, the week is read. */
    start_kiosk();
    assert_true(log_in_with_pin("lotte", "3917"));
    assert_true(tp_wait_for("Hallo Lotte Visser", 10000));
    tp_key("F2");
    assert_true(tp_wait_for("Ingeklokt om", 10000));
    sleep(1);
    tp_key("F2");
    assert_true(tp_wait_for("Uitgeklokt om", 10000));
    assert_true(tp_wait_for("Je bent niet ingeklokt", 5000));
    tp_key("Escape");
    assert_true(tp_wait_for("Gebruikersnaam", 5000));
    /* The file keeps secrets: only the kiosk's account may read it. */
    struct stat sb;
    assert_int_equal(stat(W.queue, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_int_equal(queue_count("SELECT count(*) FROM pin_verifiers WHERE username = 'lotte'"), 1);
    /* The PIN itself is nowhere in the file. */
    assert_int_equal(queue_count("SELECT count(*) FROM pin_verifiers WHERE instr(hash, '3917') "
                                 "OR instr(CAST(hash AS TEXT), '3917')"),
                     0);
    size_t open, before = shifts_now(&open);
    assert_int_equal(before, 1);
    assert_int_equal(open, 0);
    long submissions_before = ts_count_rows(&W.ts, "submissions");

    /* The server goes away, and the kiosk is restarted without it. */
    assert_int_equal(ts_stop(&W.ts), 0);
    kill_kiosk();
    start_kiosk();
    assert_true(tp_wait_for("Tuincentrum De Linde", 10000)); /* whose kiosk, from its file */
    assert_true(tp_wait_for("Gebruikersnaam", 10000));
    int64_t t0 = tp_now_ms();
    assert_true(log_in_with_pin("lotte", "3917"));
    assert_true(tp_wait_for("Hallo Lotte Visser", 10000));
    printf("offline PIN login, F3 to the intern's screen: %lld ms (scrypt 2^15 on the kiosk; "
           "tmux send-keys and capture-pane included)\n",
           (long long)(tp_now_ms() - t0));
    /* The week as the kiosk last knew it, with the clocked shift, marked as such. */
    assert_true(tp_wait_for("Laatst bekend op", 5000));
    static char s[SCREEN_LEN];
    tp_screen(s, sizeof s);
    assert_true(today_has_shift(s));
    assert_true(tp_wait_for("Je bent niet ingeklokt", 5000));
    tp_key("F2");
    assert_true(tp_wait_for("Bewaard op de kiosk", 10000));
    assert_true(tp_wait_for("Je bent ingeklokt", 5000));
    assert_int_equal(queue_count("SELECT count(*) FROM queued WHERE state = 0"), 1);
    /* Nothing but clocking without a session: the reflection is refused on the kiosk. */
    tp_key("F4");
    assert_true(tp_wait_for("Jouw reflectie op de week van", 5000));
    tp_type("Planten verpot");
    tp_key("F5");
    assert_true(tp_wait_for("Nu kan alleen klokken.", 5000));
    assert_int_equal(queue_count("SELECT count(*) FROM queued"), 1);
    tp_key("Escape");
    assert_true(tp_wait_for("Hallo Lotte Visser", 5000));
    tp_key("Escape");
    assert_true(tp_wait_for("Gebruikersnaam", 5000));
    assert_false(tp_screen_has("Lotte"));
    /* The kiosk dies with the clocking waiting; the server comes back, then the kiosk. */
    kill_kiosk();
    assert_true(ts_restart(&W.ts));
    sl_client_close(W.coach);
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    assert_non_null(W.coach);
    start_kiosk();
    int64_t end = tp_now_ms() + 20000;
    while (queue_count("SELECT count(*) FROM queued WHERE state = 0") != 0 && tp_now_ms() < end)
        usleep(50000);
    assert_int_equal(queue_count("SELECT count(*) FROM queued"), 0); /* sent, not refused */
    assert_int_equal(shifts_now(&open), before + 1);
    assert_int_equal(open, 1);
    assert_int_equal(ts_count_rows(&W.ts, "submissions"), submissions_before + 1);
    /* Online again: Lotte clocks out with her session as before. */
    assert_true(log_in_with_pin("lotte", "3917"));
    assert_true(tp_wait_for("Je bent ingeklokt sinds", 10000));
    sleep(1); /* a shift lasts at least a second */
    tp_key("F2");
    assert_true(tp_wait_for("Uitgeklokt om", 10000));
    assert_int_equal(shifts_now(&open), before + 1);
    assert_int_equal(open, 0);
    tp_key("Escape");
    assert_true(tp_wait_for("Gebruikersnaam", 5000));
    quit_kiosk();
}

/* The kiosk keeps each person's reads for that person only: Sem, offline on the kiosk where
 * Lotte's week with her shifts was read, sees his own week as last known, without shifts. */
static void test_last_known_reads_are_per_person(void **state)
{
    (void)state;
    start_kiosk();
    assert_true(log_in_with_pin("sem", "6284"));
    assert_true(tp_wait_for("Hallo Sem de Boer", 10000));
    assert_true(tp_wait_for("Je bent niet ingeklokt", 5000));
    tp_key("Escape");
    /* Lotte after him: the newest answers to the company's placement list are hers. */
    assert_true(log_in_with_pin("lotte", "3917"));
    assert_true(tp_wait_for("Hallo Lotte Visser", 10000));
    tp_key("Escape");
    assert_true(tp_wait_for("Gebruikersnaam", 5000));
    kill_kiosk();
    assert_int_equal(ts_stop(&W.ts), 0);
    start_kiosk();
    assert_true(log_in_with_pin("sem", "6284"));
    assert_true(tp_wait_for("Hallo Sem de Boer", 10000));
    assert_true(tp_wait_for("Laatst bekend op", 5000));
    static char s[SCREEN_LEN];
    tp_screen(s, sizeof s);
    assert_false(today_has_shift(s)); /* Lotte's shifts of today are hers */
    assert_null(strstr(s, "Lotte"));
    assert_non_null(strstr(s, "Je bent niet ingeklokt"));
    tp_key("Escape");
    assert_true(tp_wait_for("Gebruikersnaam", 5000));
    quit_kiosk();
    assert_true(ts_restart(&W.ts));
    sl_client_close(W.coach);
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    assert_non_null(W.coach);
}

/* Disables or enables Sem's account (the admin). */
static void set_sem_enabled(bool enabled)
{
    sl_client_close(W.admin);
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    assert_non_null(W.admin);
    Stagelijn__V1__SetAccountEnabledRequest r = STAGELIJN__V1__SET_ACCOUNT_ENABLED_REQUEST__INIT;
    r.username = "sem";
    r.enabled = enabled;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SET_ACCOUNT_ENABLED;
    req.set_account_enabled = &r;
    assert_true(ts_expect(W.admin, &req, SL_OK));
}

/* The kiosk cannot know what changed on the server while it was offline: Sem's account is
 * disabled after his last online login, he still clocks in offline, and the server refuses
 * the clocking when it arrives; the kiosk shows it as not accepted and sends it never again. */
static void test_offline_clocking_refused_on_arrival(void **state)
{
    (void)state;
    set_sem_enabled(false);
    long records = ts_count_rows(&W.ts, "clock_records");
    assert_int_equal(ts_stop(&W.ts), 0);
    start_kiosk();
    assert_true(log_in_with_pin("sem", "6284"));
    assert_true(tp_wait_for("Hallo Sem de Boer", 10000));
    tp_key("F2");
    assert_true(tp_wait_for("Bewaard op de kiosk", 10000));
    tp_key("Escape");
    assert_true(tp_wait_for("Gebruikersnaam", 5000));
    kill_kiosk();
    assert_true(ts_restart(&W.ts));
    sl_client_close(W.coach);
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    assert_non_null(W.coach);
    start_kiosk();
    int64_t end = tp_now_ms() + 20000;
    while (queue_count("SELECT count(*) FROM queued WHERE state = 0") != 0 && tp_now_ms() < end)
        usleep(50000);
    assert_int_equal(queue_count("SELECT count(*) FROM queued WHERE state = 1"), 1);
    assert_int_equal(ts_count_rows(&W.ts, "clock_records"), records);
    assert_true(tp_wait_for("Gebruikersnaam", 5000));
    tp_key("F9");
    assert_true(tp_wait_for("NIET aangenomen", 5000));
    tp_key("Escape");
    quit_kiosk();
    set_sem_enabled(true);
}

/* What the kiosk keeps is used for the kept time (--cache-days, default 7) and no longer: a
 * verifier and a week read two days ago serve with the default, not with --cache-days 1. */
static void test_what_the_kiosk_keeps_expires(void **state)
{
    (void)state;
    start_kiosk();
    assert_true(log_in_with_pin("lotte", "3917"));
    assert_true(tp_wait_for("Hallo Lotte Visser", 10000));
    tp_key("Escape");
    assert_true(tp_wait_for("Gebruikersnaam", 5000));
    kill_kiosk();
    assert_int_equal(ts_stop(&W.ts), 0);
    queue_exec("UPDATE pin_verifiers SET saved_at = saved_at - 2 * 86400;"
               "UPDATE last_reads SET saved_at = saved_at - 2 * 86400;");
    start_kiosk();
    assert_true(log_in_with_pin("lotte", "3917"));
    assert_true(tp_wait_for("Hallo Lotte Visser", 10000));
    /* Read on another day: the date is said too. */
    char two_days_ago[11], marker[64];
    ts_date(-2, two_days_ago);
    snprintf(marker, sizeof marker, "Laatst bekend op %s", two_days_ago);
    assert_true(tp_wait_for(marker, 5000));
    tp_key("Escape");
    assert_true(tp_wait_for("Gebruikersnaam", 5000));
    kill_kiosk();
    start_kiosk_with("--cache-days 1");
    assert_true(log_in_with_pin("lotte", "3917"));
    assert_true(tp_wait_for("Onbekende naam of pincode", 10000));
    assert_false(tp_screen_has("Hallo"));
    kill_kiosk();
    assert_int_equal(queue_count("SELECT count(*) FROM pin_verifiers"), 0);
    assert_int_equal(queue_count("SELECT count(*) FROM last_reads"), 0);
    /* The next test counts the kiosk's wrong PINs from zero. */
    queue_exec("DELETE FROM pin_device_failures");
    assert_true(ts_restart(&W.ts));
    sl_client_close(W.coach);
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    assert_non_null(W.coach);
}

/* A refused attempt keeps the user name and clears the PIN: Tab to it, type, Enter. */
static void try_pin_again(const char *pin)
{
    tp_key("Tab");
    tp_type(pin);
    tp_key("Enter");
}

static void test_wrong_offline_pin_is_refused_and_throttled(void **state)
{
    (void)state;
    /* Lotte logs in once while the server is there: the kiosk knows her PIN's verifier. */
    start_kiosk();
    assert_true(log_in_with_pin("lotte", "3917"));
    assert_true(tp_wait_for("Hallo Lotte Visser", 10000));
    tp_key("Escape");
    assert_true(tp_wait_for("Gebruikersnaam", 5000));
    kill_kiosk();
    assert_int_equal(ts_stop(&W.ts), 0);
    start_kiosk();
    assert_true(log_in_with_pin("lotte", "1111"));
    assert_true(tp_wait_for("Onbekende naam of pincode", 10000));
    assert_false(tp_screen_has("Hallo"));
    for (int i = 1; i < 5; i++) {
        try_pin_again("2222");
        assert_true(tp_wait_for("Onbekende naam of pincode", 10000));
    }
    /* Five wrong in a row: even the right PIN is refused now, also after a restart. */
    try_pin_again("3917");
    assert_true(tp_wait_for("Te veel verkeerde pincodes.", 10000));
    assert_false(tp_screen_has("Hallo"));
    kill_kiosk();
    start_kiosk();
    assert_true(log_in_with_pin("lotte", "3917"));
    assert_true(tp_wait_for("Te veel verkeerde pincodes.", 10000));
    /* Somebody the kiosk never saw: refused the same way, and counted for the kiosk. */
    tp_key("F3"); /* back to the password form, then the PIN form again with another name */
    kill_kiosk();
    start_kiosk();
    assert_true(log_in_with_pin("nobody", "4444"));
    assert_true(tp_wait_for("Onbekende naam of pincode", 10000));
    for (int i = 1; i < 5; i++) {
        try_pin_again("4444");
        assert_true(tp_wait_for("Onbekende naam of pincode", 10000));
    }
    /* Ten wrong PINs on this kiosk: it takes none offline for a while. */
    try_pin_again("4444");
    assert_true(tp_wait_for("Kiosk 15 minuten geblokkeerd", 10000));
    kill_kiosk();
    /* Online, the server decides: the right PIN logs Lotte in. */
    assert_true(ts_restart(&W.ts));
    sl_client_close(W.coach);
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    start_kiosk();
    assert_true(log_in_with_pin("lotte", "3917"));
    assert_true(tp_wait_for("Hallo Lotte Visser", 10000));
    tp_key("Escape");
    kill_kiosk();
}

/* A connection to the device port with the certificate cert/key. */
static sl_client *device(const char *cert, const char *key)
{
    sl_client_opts o = {.host = "127.0.0.1",
                        .port = W.device_port,
                        .ca_file = W.ts.ca,
                        .cert_file = cert,
                        .key_file = key,
                        .timeout_ms = 20000,
                        .kind = STAGELIJN__V1__CLIENT_KIND__CLIENT_KIOSK};
    sl_client *c = NULL;
    char err[512];
    assert_int_equal(sl_client_connect(&o, &c, err, sizeof err), SL_OK);
    return c;
}

/* A KioskOfflineClock for username (a clock-in, or a clock-out) with submission id sid, sent
 * on c: asserts the status is expect and, for a refusal, that its message code is code (NULL:
 * any). Returns the reply (free with sl_envelope_free). */
static sl_envelope *offline_clock(sl_client *c, const char *username, bool in, const char *sid,
                                  sl_status expect, const char *code)
{
    Stagelijn__V1__ClockInRequest ci = STAGELIJN__V1__CLOCK_IN_REQUEST__INIT;
    Stagelijn__V1__ClockOutRequest co = STAGELIJN__V1__CLOCK_OUT_REQUEST__INIT;
    ci.at = co.at = (int64_t)time(NULL);
    Stagelijn__V1__KioskOfflineClockRequest r = STAGELIJN__V1__KIOSK_OFFLINE_CLOCK_REQUEST__INIT;
    r.username = (char *)username;
    r.clock_in = in ? &ci : NULL;
    r.clock_out = in ? NULL : &co;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_KIOSK_OFFLINE_CLOCK;
    req.kiosk_offline_clock = &r;
    req.submission_id = (char *)sid;
    sl_envelope *rep = NULL;
    char err[512];
    sl_status st = sl_client_call(c, &req, &rep, err, sizeof err);
    if (st != expect)
        fprintf(stderr, "KioskOfflineClock %s: %s (%s)\n", username, sl_status_name(st), err);
    assert_int_equal(st, expect);
    assert_non_null(rep);
    if (code) {
        assert_int_equal(rep->body_case, STAGELIJN__V1__ENVELOPE__BODY_ERROR);
        assert_string_equal(rep->error->message_code, code);
    }
    return rep;
}

/* The server re-authorizes what a kiosk sends for an intern: only on a device of the company
 * where the intern is placed, and a retry records nothing twice. */
static void test_offline_clocking_is_reauthorized_by_the_server(void **state)
{
    (void)state;
    char other[37], cert[300], key[300];
    /* The admin's connection went with the restarts of the tests before. */
    sl_client_close(W.admin);
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    assert_non_null(W.admin);
    const ts_company_spec co = {.name = "Garage Van Dijk"};
    assert_true(ts_make_company(W.admin, &co, other));
    assert_true(issue_device_cert("kiosk-2", other, cert, key));
    size_t open, before = shifts_now(&open);
    assert_int_equal(open, 0);
    sl_id sid = sl_id_new();
    /* Another company's kiosk, a connection without a device, a name not placed here. */
    sl_client *elsewhere = device(cert, key);
    sl_envelope_free(offline_clock(elsewhere, "lotte", true, sid.s, SL_EPERM, "kiosk_own_company"));
    sl_client_close(elsewhere);
    sl_envelope_free(offline_clock(W.coach, "lotte", true, sid.s, SL_EPERM, "pin_kiosk_only"));
    sl_client *here = device(W.cert, W.key);
    sl_envelope_free(offline_clock(here, "coach", true, sid.s, SL_EPERM, "kiosk_own_company"));
    sl_envelope_free(offline_clock(here, "nobody", true, sid.s, SL_EPERM, "kiosk_own_company"));
    assert_int_equal(shifts_now(&open), before);
    /* The company's own kiosk: taken once, and the retry answers the first outcome. */
    sl_envelope *first = offline_clock(here, "lotte", true, sid.s, SL_OK, NULL);
    sl_envelope *again = offline_clock(here, "lotte", true, sid.s, SL_OK, NULL);
    assert_non_null(first);
    assert_non_null(again);
    assert_string_equal(first->clock_record->id, again->clock_record->id);
    assert_string_equal(first->clock_record->student_id, W.student);
    sl_envelope_free(first);
    sl_envelope_free(again);
    assert_int_equal(shifts_now(&open), before + 1);
    assert_int_equal(open, 1);
    sleep(1);
    sl_id out = sl_id_new();
    sl_envelope_free(offline_clock(here, "lotte", false, out.s, SL_OK, NULL));
    assert_int_equal(shifts_now(&open), before + 1);
    assert_int_equal(open, 0);
    sl_client_close(here);
}

/* kiosk3: a PIN the server refuses (reset by the coach) no longer opens the kiosk offline:
 * the kiosk forgets its verifier at the refusal. */
static void test_reset_pin_is_refused_offline_too(void **state)
{
    (void)state;
    char shared_queue[sizeof W.queue];
    memcpy(shared_queue, W.queue, sizeof shared_queue);
    /* A kiosk file of its own: the earlier tests locked the shared one offline. */
    snprintf(W.queue, sizeof W.queue, "%s/kiosk-queue-reset.sqlite", W.ts.dir);
    start_kiosk();
    assert_true(log_in_with_pin("lotte", "3917"));
    assert_true(tp_wait_for("Hallo Lotte Visser", 10000));
    tp_key("Escape");
    assert_true(tp_wait_for("Gebruikersnaam", 5000));
    assert_int_equal(queue_count("SELECT count(*) FROM pin_verifiers WHERE username = 'lotte'"), 1);
    /* The coach gives Lotte a new PIN; somebody tries the old one while the kiosk is online. */
    Stagelijn__V1__SetPinRequest sp = STAGELIJN__V1__SET_PIN_REQUEST__INIT;
    sp.student_id = W.student;
    sp.pin = "5071";
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SET_PIN;
    req.set_pin = &sp;
    assert_true(ts_expect(W.coach, &req, SL_OK));
    assert_true(log_in_with_pin("lotte", "3917"));
    assert_true(tp_wait_for("verkeerde gebruikersnaam of pincode", 10000));
    assert_int_equal(queue_count("SELECT count(*) FROM pin_verifiers WHERE username = 'lotte'"), 0);
    kill_kiosk();
    /* Offline now: the old PIN opens nothing. */
    assert_int_equal(ts_stop(&W.ts), 0);
    start_kiosk();
    assert_true(log_in_with_pin("lotte", "3917"));
    assert_true(tp_wait_for("Onbekende naam of pincode", 10000));
    assert_false(tp_screen_has("Hallo"));
    kill_kiosk();
    assert_true(ts_restart(&W.ts));
    sl_client_close(W.coach);
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    assert_non_null(W.coach);
    memcpy(W.queue, shared_queue, sizeof W.queue);
}

/* kiosk3: a KioskPinCheck on c for the names; asserts the status; the reply or NULL. */
static sl_envelope *pin_check(sl_client *c, const char *const *names, size_t n, sl_status expect)
{
    Stagelijn__V1__KioskPinCheckRequest r = STAGELIJN__V1__KIOSK_PIN_CHECK_REQUEST__INIT;
    r.usernames = (char **)names;
    r.n_usernames = n;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_KIOSK_PIN_CHECK;
    req.kiosk_pin_check = &r;
    sl_envelope *rep = NULL;
    char err[512];
    assert_int_equal(sl_client_call(c, &req, &rep, err, sizeof err), expect);
    return rep;
}

/* kiosk3: the server's read behind it: only on a device connection, only about interns who
 * can log in at that company's kiosk, and nothing about anybody else. */
static void test_pin_check_tells_only_the_own_company(void **state)
{
    (void)state;
    const char *names[] = {"lotte", "coach", "nobody"};
    sl_envelope *rep = pin_check(W.coach, names, 3, SL_EPERM);
    assert_string_equal(rep->error->message_code, "pin_kiosk_only");
    sl_envelope_free(rep);
    sl_client *here = device(W.cert, W.key);
    rep = pin_check(here, names, 3, SL_OK);
    const Stagelijn__V1__KioskPinCheckReply *pr = rep->kiosk_pin_check_reply;
    assert_int_equal(pr->n_states, 3);
    assert_string_equal(pr->states[0]->username, "lotte");
    assert_true(pr->states[0]->usable);
    assert_true(pr->states[0]->pin_set_at > 0 && pr->states[0]->pin_set_at <= (int64_t)time(NULL));
    for (size_t i = 1; i < 3; i++) {
        assert_false(pr->states[i]->usable);
        assert_int_equal(pr->states[i]->pin_set_at, 0);
    }
    sl_envelope_free(rep);
    const char *many[65];
    for (size_t i = 0; i < 65; i++)
        many[i] = "lotte";
    rep = pin_check(here, many, 65, SL_EINVAL);
    sl_envelope_free(rep);
    sl_client_close(here);
    /* Another company's kiosk learns nothing of Lotte. */
    char other[37], cert[300], key[300];
    sl_client_close(W.admin);
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    assert_non_null(W.admin);
    const ts_company_spec co = {.name = "Kwekerij Groen"};
    assert_true(ts_make_company(W.admin, &co, other));
    assert_true(issue_device_cert("kiosk-3", other, cert, key));
    sl_client *elsewhere = device(cert, key);
    rep = pin_check(elsewhere, names, 1, SL_OK);
    assert_false(rep->kiosk_pin_check_reply->states[0]->usable);
    assert_int_equal(rep->kiosk_pin_check_reply->states[0]->pin_set_at, 0);
    sl_envelope_free(rep);
    sl_client_close(elsewhere);
}

/* kiosk3: a PIN reset while nobody tries the old one reaches the kiosk at its next connection
 * (here: another intern's login), and the old PIN then opens nothing offline. */
static void test_reset_pin_reaches_the_kiosk_when_it_connects(void **state)
{
    (void)state;
    char shared_queue[sizeof W.queue];
    memcpy(shared_queue, W.queue, sizeof shared_queue);
    snprintf(W.queue, sizeof W.queue, "%s/kiosk-queue-reconnect.sqlite", W.ts.dir);
    start_kiosk();
    assert_true(log_in_with_pin("lotte", "5071"));
    assert_true(tp_wait_for("Hallo Lotte Visser", 10000));
    tp_key("Escape");
    assert_true(tp_wait_for("Gebruikersnaam", 5000));
    kill_kiosk();
    assert_int_equal(queue_count("SELECT count(*) FROM pin_verifiers WHERE username = 'lotte'"), 1);
    sleep(1); /* the new PIN's time after the verifier's, in whole seconds */
    Stagelijn__V1__SetPinRequest sp = STAGELIJN__V1__SET_PIN_REQUEST__INIT;
    sp.student_id = W.student;
    sp.pin = "8362";
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SET_PIN;
    req.set_pin = &sp;
    assert_true(ts_expect(W.coach, &req, SL_OK));
    start_kiosk();
    assert_true(log_in_with_pin("sem", "6284"));
    assert_true(tp_wait_for("Hallo", 10000));
    tp_key("Escape");
    assert_true(tp_wait_for("Gebruikersnaam", 5000));
    kill_kiosk();
    assert_int_equal(queue_count("SELECT count(*) FROM pin_verifiers WHERE username = 'lotte'"), 0);
    assert_int_equal(queue_count("SELECT count(*) FROM pin_verifiers WHERE username = 'sem'"), 1);
    assert_int_equal(ts_stop(&W.ts), 0);
    start_kiosk();
    assert_true(log_in_with_pin("lotte", "5071"));
    assert_true(tp_wait_for("Onbekende naam of pincode", 10000));
    assert_false(tp_screen_has("Hallo"));
    kill_kiosk();
    assert_true(ts_restart(&W.ts));
    sl_client_close(W.coach);
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    assert_non_null(W.coach);
    memcpy(W.queue, shared_queue, sizeof W.queue);
}

int main(void)
{
    if (system("command -v tmux >/dev/null 2>&1") != 0) {
        fprintf(stderr, "tmux is missing: run deploy/install-deps.sh\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offline_pin_login_clocks_in_once),
        cmocka_unit_test(test_last_known_reads_are_per_person),
        cmocka_unit_test(test_offline_clocking_refused_on_arrival),
        cmocka_unit_test(test_what_the_kiosk_keeps_expires),
        cmocka_unit_test(test_wrong_offline_pin_is_refused_and_throttled),
        cmocka_unit_test(test_offline_clocking_is_reauthorized_by_the_server),
        cmocka_unit_test(test_reset_pin_is_refused_offline_too), /* kiosk3 */
        cmocka_unit_test(test_pin_check_tells_only_the_own_company),
        cmocka_unit_test(test_reset_pin_reaches_the_kiosk_when_it_connects),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
