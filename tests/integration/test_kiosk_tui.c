/* The interactive kiosk (issue 8), driven as a person would: stagelijn-kiosk runs in a tmux
 * pane of 80x24 against a real stagelijnd on its device listener, keys are typed with
 * send-keys and the screen is read with capture-pane. Covered: the company's name on the
 * login screen; an intern logging in with a PIN and clocking in and out with one key (the
 * time from the key to the confirmation is printed); a supervisor filling in and signing a
 * week and an assessment (names, hours H:MM, Dutch text, and the records on the server); the
 * idle logout that clears the screen; and the offline queue: with the server stopped, an
 * intern clocks in and out on one kiosk and a supervisor saves a week twice on another; both
 * kiosks are killed while waiting; the server and the kiosks come back, and everything
 * arrives exactly once, in order. */
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "harness.h"
#include "tmux_pane.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT
#define SCREEN_LEN 8192

static struct {
    test_server ts;
    sl_client *admin, *coach;
    char company[37], placement[37], student[37], cert[300], key[300], queue[300], socket_name[64];
    char device_socket[3][64]; /* the tmux server of each device's kiosk, by device 1 and 2 */
    int device_port;
    char last_monday[11], two_weeks_ago[11];
    char start[11]; /* Sam's placement's first day (kioskui: the next visit) */
} W;

/* ---------------------------------------------------------------- tmux */

/* Starts the kiosk in a fresh 80x24 pane with the given idle time in seconds. */
/* Starts a kiosk with the queue file of device `device` (1 or 2) in a fresh 80x24 pane; the
 * helpers above then talk to it. */
static void start_kiosk_on(int device, int idle)
{
    static int started;
    /* A tmux server of its own for each run: a killed one may still be going away. */
    snprintf(W.socket_name, sizeof W.socket_name, "sl-kiosk-test-%d-%d", (int)getpid(), ++started);
    snprintf(W.queue, sizeof W.queue, "%s/kiosk-queue-%d.sqlite", W.ts.dir, device);
    memcpy(W.device_socket[device], W.socket_name, sizeof W.socket_name);
    char localedir[300];
    snprintf(localedir, sizeof localedir, "%s/locale", SL_BUILD_DIR);
    assert_int_equal(
        tp_tmux("new-session -d -s kiosk -x 80 -y 24 'env STAGELIJN_LOCALEDIR=%s LANG=C.UTF-8 "
                "LANGUAGE= LC_ALL= %s/client/stagelijn-kiosk --server 127.0.0.1:%d --ca %s "
                "--cert %s --key %s --queue %s --idle %d --timeout 2; sleep 30'",
                localedir, SL_BUILD_DIR, W.device_port, W.ts.ca, W.cert, W.key, W.queue, idle),
        0);
}

/* Makes the helpers talk to the kiosk of `device` again. */
static void use_kiosk(int device)
{
    memcpy(W.socket_name, W.device_socket[device], sizeof W.socket_name);
    snprintf(W.queue, sizeof W.queue, "%s/kiosk-queue-%d.sqlite", W.ts.dir, device);
}

static void start_kiosk(int idle)
{
    start_kiosk_on(1, idle);
}

static void stop_kiosk(void)
{
    tp_tmux("kill-server");
}

/* F10 on the login screen ends the kiosk; what it printed when it ended (a sanitizer's
 * report, in the sanitizer build) stays in the pane. */
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
    stop_kiosk();
}

static bool log_in(const char *user)
{
    if (!tp_wait_for("Gebruikersnaam", 10000))
        return false;
    tp_type(user);
    tp_key("Tab");
    tp_type(TS_PASSWORD);
    tp_key("Enter");
    return true;
}

/* ---------------------------------------------------------------- fixtures */

static bool issue_device_cert(void)
{
    snprintf(W.cert, sizeof W.cert, "%s/kiosk.pem", W.ts.dir);
    snprintf(W.key, sizeof W.key, "%s/kiosk.key", W.ts.dir);
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "%s/server/stagelijnd --data-dir %s --issue-device-cert kiosk-1 --company %s "
             "--cert-out %s --key-out %s >/dev/null 2>&1",
             SL_BUILD_DIR, W.ts.dir, W.company, W.cert, W.key);
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
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char klass[37], sup_id[37], otp[64];
    const ts_company_spec co = {.name = "Bakkerij De Korenschoof"};
    const ts_student_spec ss = {.first_name = "Sam",
                                .last_name = "Jansen",
                                .class_id = klass,
                                .date_of_birth = "2008-03-03",
                                .username = "sam"};
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, NULL) ||
        !ts_make_class(W.admin, "4B", 4, NULL, klass) ||
        !ts_make_company(W.admin, &co, W.company) ||
        !ts_create_user(W.admin, "sup", 5, W.company, sup_id) ||
        !ts_make_student(W.admin, &ss, W.student, otp) || !issue_device_cert())
        return -1;
    sl_client *s = ts_student_login(&W.ts, "sam", otp);
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    if (!s || !W.coach)
        return -1;
    sl_client_close(s);
    char start[11], end[11];
    ts_monday(-21, start);
    memcpy(W.start, start, sizeof W.start);
    ts_date(60, end);
    ts_monday(-7, W.last_monday);
    ts_monday(-14, W.two_weeks_ago);
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
    if (!ts_make_active_placement(W.coach, &p, TS_SIGN_ADULT, W.placement))
        return -1;
    /* kioskui: the coach sets two practical assignments, the second period's first. */
    const char *titles[] = {"Winkel inrichten", "Broodrecept uitwerken"};
    for (int i = 0; i < 2; i++) {
        Stagelijn__V1__PracticalAssignment a = STAGELIJN__V1__PRACTICAL_ASSIGNMENT__INIT;
        a.placement_id = W.placement;
        a.period = i == 0 ? 2 : 1;
        a.number = 1;
        a.title = (char *)titles[i];
        a.status = STAGELIJN__V1__ASSIGNMENT_STATUS__ASSIGNMENT_OPEN;
        Stagelijn__V1__SaveAssignmentRequest sa = STAGELIJN__V1__SAVE_ASSIGNMENT_REQUEST__INIT;
        sa.assignment = &a;
        ENV(save);
        save.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_ASSIGNMENT;
        save.save_assignment = &sa;
        if (!ts_expect(W.coach, &save, SL_OK))
            return -1;
    }
    /* The coach gives Sam a PIN for the kiosk. */
    Stagelijn__V1__SetPinRequest sp = STAGELIJN__V1__SET_PIN_REQUEST__INIT;
    sp.student_id = W.student;
    sp.pin = "4826";
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SET_PIN;
    req.set_pin = &sp;
    return ts_expect(W.coach, &req, SL_OK) ? 0 : -1;
}

/* Sam's clocked shifts of this week as the coach reads them. */
static sl_envelope *hours_now(void)
{
    char today[11];
    ts_date(0, today);
    Stagelijn__V1__GetWeekHoursRequest r = STAGELIJN__V1__GET_WEEK_HOURS_REQUEST__INIT;
    r.student_id = W.student;
    r.date = today;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_WEEK_HOURS;
    req.get_week_hours = &r;
    return ts_call(W.coach, &req, SL_OK);
}

/* The clocked shifts of the week, in order; *open counts those without a clock-out. */
static size_t shifts(const sl_envelope *rep, size_t *open)
{
    size_t n = 0;
    *open = 0;
    for (size_t i = 0; rep && i < rep->week_hours->n_days; i++)
        for (size_t k = 0; k < rep->week_hours->days[i]->n_clock; k++) {
            n++;
            *open += rep->week_hours->days[i]->clock[k]->clock_out_at == 0;
        }
    return n;
}

static int teardown(void **state)
{
    (void)state;
    tp_tmux("kill-server");
    sl_client *clients[] = {W.admin, W.coach};
    return ts_teardown(&W.ts, clients, 2);
}

/* The agenda week of `monday` as the coach reads it; NULL when there is none. */
static sl_envelope *weeks_now(void)
{
    Stagelijn__V1__ListAgendaWeeksRequest r = STAGELIJN__V1__LIST_AGENDA_WEEKS_REQUEST__INIT;
    r.placement_id = W.placement;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_AGENDA_WEEKS;
    req.list_agenda_weeks = &r;
    return ts_call(W.coach, &req, SL_OK);
}

static const Stagelijn__V1__AgendaWeek *week_of(const sl_envelope *rep, const char *monday)
{
    for (size_t i = 0; rep && i < rep->list_agenda_weeks_reply->n_weeks; i++)
        if (!strcmp(rep->list_agenda_weeks_reply->weeks[i]->week_start, monday))
            return rep->list_agenda_weeks_reply->weeks[i];
    return NULL;
}

/* Waiting items in the queue file of the kiosk started last. */
static long queue_waiting(void)
{
    sqlite3 *db;
    long n = -1;
    if (sqlite3_open_v2(W.queue, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *s;
        if (sqlite3_prepare_v2(db, "SELECT count(*) FROM queued WHERE state = 0", -1, &s, NULL) ==
                SQLITE_OK &&
            sqlite3_step(s) == SQLITE_ROW)
            n = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
    }
    sqlite3_close(db);
    return n;
}

/* Whether a waiting item's note holds `text`. */
static bool queue_note_has(const char *text)
{
    sqlite3 *db;
    bool found = false;
    if (sqlite3_open_v2(W.queue, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *s;
        if (sqlite3_prepare_v2(db, "SELECT 1 FROM queued WHERE state = 0 AND instr(message, ?1)",
                               -1, &s, NULL) == SQLITE_OK) {
            sqlite3_bind_text(s, 1, text, -1, SQLITE_TRANSIENT);
            found = sqlite3_step(s) == SQLITE_ROW;
        }
        sqlite3_finalize(s);
    }
    sqlite3_close(db);
    return found;
}

/* ---------------------------------------------------------------- tests */

/* Waits for `text` polling as fast as tmux answers; returns the milliseconds it took, -1 when
 * it did not come within timeout_ms. */
static long time_until(const char *text, int timeout_ms, int64_t since)
{
    static char s[SCREEN_LEN];
    int64_t end = since + timeout_ms;
    do {
        tp_screen(s, sizeof s);
        if (strstr(s, text))
            return (long)(tp_now_ms() - since);
    } while (tp_now_ms() < end);
    fprintf(stderr, "screen without \"%s\":\n%s\n", text, s);
    return -1;
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

static void test_intern_clocks_in_and_out_with_one_key(void **state)
{
    (void)state;
    start_kiosk(60);
    /* Whose kiosk it is, before anyone logs in; in Dutch. */
    assert_true(tp_wait_for("Bakkerij De Korenschoof", 10000));
    assert_true(tp_wait_for("Inloggen", 1000));
    /* A wrong password is said in Dutch, and nobody is logged in. */
    tp_type("sam");
    tp_key("Tab");
    tp_type("not-the-password");
    tp_key("Enter");
    assert_true(tp_wait_for("verkeerde gebruikersnaam of wachtwoord", 10000));
    assert_false(tp_screen_has("Hallo"));
    assert_true(log_in_with_pin("sam", "4826"));
    assert_true(tp_wait_for("Hallo Sam Jansen", 10000));
    assert_true(tp_wait_for("Je bent niet ingeklokt", 5000));
    assert_true(tp_screen_has("F2 Inklokken"));
    /* kioskui: what is planned next: the next two internship days and the coach's visit
     * (21 days after the start, no visit made yet). */
    assert_true(tp_screen_has("Volgende stagedagen: "));
    {
        char due[11], today[11], line[80];
        ts_date_plus(W.start, 21, due);
        ts_date(0, today);
        if (strcmp(due, today) < 0)
            snprintf(line, sizeof line, "coach komt binnenkort bij je op bezoek.");
        else
            snprintf(line, sizeof line, "%s bij je op bezoek.", due);
        assert_true(tp_screen_has(line));
        assert_true(tp_screen_has("coach komt "));
    }
    /* One key: clocked in, confirmed by the server; three times, to measure. */
    const int rounds = 3;
    for (int round = 0; round < rounds; round++) {
        int64_t t0 = tp_now_ms();
        tp_key("F2");
        long ms = time_until("Ingeklokt om", 10000, t0);
        assert_true(ms >= 0);
        printf("key press to confirmed clock-in on loopback, round %d: %ld ms (tmux send-keys "
               "and capture-pane included)\n",
               round + 1, ms);
        assert_true(tp_wait_for("Je bent ingeklokt sinds", 5000));
        assert_true(tp_screen_has("F2 Uitklokken"));
        size_t open;
        sl_envelope *rep = hours_now();
        assert_int_equal(shifts(rep, &open), (size_t)round + 1);
        assert_int_equal(open, 1);
        sl_envelope_free(rep);
        sleep(1); /* a shift lasts at least a second */
        tp_key("F2");
        assert_true(tp_wait_for("Uitgeklokt om", 10000));
        assert_true(tp_wait_for("Je bent niet ingeklokt", 5000));
        rep = hours_now();
        assert_int_equal(shifts(rep, &open), (size_t)round + 1);
        assert_int_equal(open, 0);
        sl_envelope_free(rep);
    }
    /* Today's line shows the clocked time from-to and the hours H:MM. */
    static char s[SCREEN_LEN];
    tp_screen(s, sizeof s);
    assert_true(has_shift(s));
    assert_non_null(strstr(s, "0:00 u"));
    /* The intern's own reflection on the week. */
    tp_key("F4");
    assert_true(tp_wait_for("Jouw reflectie op de week van", 5000));
    tp_type("Deeg gekneed");
    tp_key("F5");
    assert_true(tp_wait_for("Reflectie opgeslagen.", 10000));
    assert_true(tp_wait_for("Stagiair: Deeg gekneed", 5000));
    /* The intern's own rating of period 1. */
    tp_key("F6");
    assert_true(tp_wait_for("Hoe vind je dat het gaat?", 5000));
    tp_key("Tab");
    const char *own[] = {"4", "3", "5", "3", "4"};
    for (int i = 0; i < 5; i++) {
        tp_type(own[i]);
        tp_key("Tab");
    }
    tp_type("Leuk werk");
    tp_key("F5");
    assert_true(tp_wait_for("Je waardering is bewaard.", 10000));
    tp_key("Escape");
    assert_true(tp_wait_for("Gebruikersnaam", 5000));
    assert_false(tp_screen_has("Sam Jansen"));
    quit_kiosk();
}

/* kioskui: NextVisit is the intern's own read: Sam gets his placement's next visit; the
 * coach and the supervisor are refused (they have the visit plan and the caseload). */
static void test_next_visit_is_the_interns_own(void **state)
{
    (void)state;
    Stagelijn__V1__NextVisitRequest nv = STAGELIJN__V1__NEXT_VISIT_REQUEST__INIT;
    nv.placement_id = W.placement;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_NEXT_VISIT;
    req.next_visit = &nv;
    sl_client *sam = ts_login(&W.ts, "sam", TS_PASSWORD);
    assert_non_null(sam);
    sl_envelope *rep = ts_call(sam, &req, SL_OK);
    assert_non_null(rep);
    char due[11], today[11];
    ts_date_plus(W.start, 21, due);
    ts_date(0, today);
    assert_string_equal(rep->next_visit_reply->due_date, due);
    assert_int_equal(rep->next_visit_reply->overdue, strcmp(today, due) > 0);
    assert_string_equal(rep->next_visit_reply->coach_name, "coach");
    sl_envelope_free(rep);
    sl_client_close(sam);
    sl_client *sup = ts_login(&W.ts, "sup", TS_PASSWORD);
    assert_non_null(sup);
    assert_true(ts_expect(sup, &req, SL_EPERM));
    sl_client_close(sup);
    assert_true(ts_expect(W.coach, &req, SL_EPERM));
}

static void test_supervisor_fills_signs_and_assesses(void **state)
{
    (void)state;
    start_kiosk(60);
    assert_true(log_in("sup"));
    assert_true(tp_wait_for("Je stagiairs", 10000));
    assert_true(tp_wait_for("Sam Jansen", 2000));
    assert_true(tp_screen_has("weken invullen"));
    /* kioskui: numbered rows; typing the number chooses, Enter opens. */
    assert_true(tp_screen_has("1. Sam Jansen"));
    assert_true(tp_screen_has("Op/Neer of nummer Kiezen"));
    tp_type("1");
    tp_key("Enter");
    assert_true(tp_wait_for("Links/Rechts Week", 5000));
    tp_key("Left");
    char heading[64];
    snprintf(heading, sizeof heading, "Week van %s: nog niet ingevuld", W.last_monday);
    assert_true(tp_wait_for(heading, 5000));
    /* Fill in: the planned hours are there already (5:30); change the first day, type tasks. */
    tp_key("F2");
    assert_true(tp_wait_for("F6 Opslaan en tekenen", 5000));
    tp_key("End");
    for (int i = 0; i < 4; i++)
        tp_key("BSpace");
    tp_type("6:15");
    tp_key("Tab");
    tp_type("Brood bakken");
    tp_key("F6");
    assert_true(tp_wait_for("Week opgeslagen en getekend.", 10000));
    snprintf(heading, sizeof heading, "Week van %s: getekend.", W.last_monday);
    assert_true(tp_wait_for(heading, 5000));
    assert_true(tp_screen_has("6:15 u"));
    assert_true(tp_screen_has("Brood bakken"));
    assert_true(tp_screen_has("Totaal"));
    assert_true(tp_screen_has("17:15 u")); /* 6:15 + 5:30 + 5:30 */
    /* An interim assessment. */
    tp_key("F4");
    assert_true(tp_wait_for("Nog geen beoordelingen", 5000));
    tp_key("F2");
    assert_true(tp_wait_for("Beoordeling van Sam Jansen", 5000));
    tp_key("Tab");
    tp_key("Tab");
    const char *ratings[] = {"3", "4", "3", "4", "3"};
    for (int i = 0; i < 5; i++) {
        tp_type(ratings[i]);
        tp_key("Tab");
    }
    tp_key("Tab");
    tp_type("Werkt netjes");
    tp_key("F5");
    assert_true(tp_wait_for("Beoordeling verstuurd.", 10000));
    assert_true(tp_wait_for("Tussentijds, periode 1, versie 1", 5000));
    /* Sam's own rating of the period, beside it. */
    assert_true(tp_screen_has("Eigen waardering, periode 1: 4 3 5 3 4  Leuk werk"));
    /* A new version: work rated 5 now, kept as a draft first, then sent. */
    tp_key("Enter");
    assert_true(tp_wait_for("Nieuwe versie van de beoordeling van Sam Jansen", 5000));
    for (int i = 0; i < 3; i++)
        tp_key("Tab");
    tp_key("End");
    tp_key("BSpace");
    tp_type("5");
    tp_key("F6");
    assert_true(tp_wait_for("Concept bewaard.", 10000));
    assert_true(tp_wait_for("Concept: Tussentijds, periode 1", 5000));
    tp_key("Down");
    tp_key("Enter");
    assert_true(tp_wait_for("F6 Concept bewaren", 5000));
    tp_key("F5");
    assert_true(tp_wait_for("Nieuwe versie verstuurd.", 10000));
    assert_true(tp_wait_for("Tussentijds, periode 1, versie 2", 5000));
    assert_true(tp_screen_has("(eerdere versie)"));
    assert_false(tp_screen_has("Concept:"));
    tp_key("Escape");
    assert_true(tp_wait_for("F2 Invullen", 5000));
    /* kioskui: Sam forgot to clock; the supervisor clocks him in and out (F1). */
    size_t open, before = 0;
    sl_envelope *h = hours_now();
    before = shifts(h, &open);
    assert_int_equal(open, 0);
    sl_envelope_free(h);
    assert_true(tp_screen_has("F1 In-/uitklokken"));
    tp_key("F1");
    assert_true(tp_wait_for("Sam Jansen is ingeklokt om ", 10000));
    usleep(1100000); /* a clock-out lies after its clock-in */
    tp_key("F1");
    assert_true(tp_wait_for("Sam Jansen is uitgeklokt om ", 10000));
    h = hours_now();
    assert_int_equal(shifts(h, &open), before + 1);
    assert_int_equal(open, 0);
    const Stagelijn__V1__ClockRecord *last = NULL;
    for (size_t i = 0; i < h->week_hours->n_days; i++)
        for (size_t k = 0; k < h->week_hours->days[i]->n_clock; k++)
            if (!last || h->week_hours->days[i]->clock[k]->clock_in_at > last->clock_in_at)
                last = h->week_hours->days[i]->clock[k];
    /* Recorded as the supervisor's doing, both ends. */
    assert_string_not_equal(last->recorded_by_name, "Sam Jansen");
    assert_string_equal(last->recorded_by_name, last->clock_out_by_name);
    /* codes2: and the screen says who clocked the shift, in Dutch. */
    char by[300];
    snprintf(by, sizeof by, "in- en uitgeklokt door %s", last->recorded_by_name);
    sl_envelope_free(h);
    tp_key("Right"); /* from last week, filled in above, to this week */
    assert_true(tp_wait_for(by, 5000));
    tp_key("Left"); /* back to the week the steps below work on */
    assert_true(tp_wait_for(": getekend.", 5000));
    /* Absence: sick today. */
    tp_key("F6");
    assert_true(tp_wait_for("Afwezigheid van Sam Jansen", 5000));
    tp_type("z");
    tp_key("F5");
    assert_true(tp_wait_for("Afwezigheid gemeld.", 10000));
    /* The contract, to read. */
    tp_key("F5");
    assert_true(tp_wait_for("Stageovereenkomst van Sam Jansen", 5000));
    assert_true(tp_wait_for("F6 Tekenen voor het bedrijf", 5000));
    tp_key("Down");
    tp_key("Escape");
    assert_true(tp_wait_for("F2 Invullen", 5000));
    /* kioskui: F7 opens the dropout form, F8 the correction of a clocked time; Esc leaves
     * each without recording anything. */
    tp_key("F7");
    assert_true(tp_wait_for("Sam Jansen stopt bij dit bedrijf", 5000));
    assert_true(tp_screen_has("De stage stopt dan. De stagedocent hoort het meteen."));
    assert_true(tp_screen_has("F5 Uitval melden"));
    tp_key("Escape");
    assert_true(tp_wait_for("F2 Invullen", 5000));
    tp_key("F8");
    assert_true(tp_wait_for("Geklokte tijd van Sam Jansen verbeteren", 5000));
    assert_true(tp_screen_has("De reden wordt bewaard, met je naam en de tijd."));
    assert_true(tp_screen_has("Dag (JJJJ-MM-DD)"));
    tp_key("Escape");
    assert_true(tp_wait_for("F2 Invullen", 5000));
    /* kioskui: the practical assignments per period (F4, then F3), by period; the
     * supervisor moves the first to in progress (F5), the second to submitted (F6). */
    tp_key("F4");
    assert_true(tp_wait_for("F3 Praktijkopdrachten", 5000));
    tp_key("F3");
    assert_true(tp_wait_for("Praktijkopdrachten van Sam Jansen", 5000));
    assert_true(tp_wait_for("Periode 1, opdracht 1: Broodrecept uitwerken", 5000));
    assert_true(tp_screen_has("Periode 2, opdracht 1: Winkel inrichten"));
    {
        static char a[SCREEN_LEN];
        tp_screen(a, sizeof a);
        assert_true(strstr(a, "Periode 1, opdracht 1") < strstr(a, "Periode 2, opdracht 1"));
    }
    tp_key("F5");
    assert_true(tp_wait_for("Broodrecept uitwerken: nu bezig.", 10000));
    tp_key("Down");
    tp_key("F6");
    assert_true(tp_wait_for("Winkel inrichten: nu ingeleverd.", 10000));
    assert_true(tp_screen_has("bezig"));
    /* kiosk3: the supervisor adds one (F7): period 1's next number is 2; a third in period 1
     * is refused on the kiosk, and a period out of range too. */
    tp_key("F7");
    assert_true(tp_wait_for("Nieuwe praktijkopdracht voor Sam Jansen", 5000));
    tp_key("Tab");
    tp_type("Deeg kneden");
    tp_key("F5");
    assert_true(tp_wait_for("Periode 1, opdracht 2 toegevoegd.", 10000));
    assert_true(tp_wait_for("Periode 1, opdracht 2: Deeg kneden", 5000));
    tp_key("F7");
    assert_true(tp_wait_for("Nieuwe praktijkopdracht voor Sam Jansen", 5000));
    tp_key("Tab");
    tp_type("Taart versieren");
    tp_key("F5");
    assert_true(tp_wait_for("Periode 1 heeft al twee opdrachten.", 5000));
    /* The form comes back on its first field, with what was typed. */
    tp_key("End");
    tp_key("BSpace");
    tp_type("4");
    tp_key("F5");
    assert_true(tp_wait_for("Typ een periode 1-3.", 5000));
    tp_key("Escape");
    assert_true(tp_wait_for("F7 Nieuw", 5000));
    tp_key("Escape");
    assert_true(tp_wait_for("F3 Praktijkopdrachten", 5000));
    tp_key("Escape");
    assert_true(tp_wait_for("F2 Invullen", 5000));
    /* No id on any screen. */
    static char s[SCREEN_LEN];
    tp_screen(s, sizeof s);
    assert_false(ts_has_uuid_except(s, NULL, 0));
    tp_key("Escape");
    assert_true(tp_wait_for("Je stagiairs", 5000));
    tp_key("Escape");
    quit_kiosk();

    /* What the server recorded. */
    sl_envelope *rep = weeks_now();
    const Stagelijn__V1__AgendaWeek *w = week_of(rep, W.last_monday);
    assert_non_null(w);
    assert_true(w->signed_by_supervisor);
    uint32_t total = 0;
    for (size_t i = 0; i < w->n_days; i++)
        total += w->days[i]->minutes_worked;
    assert_int_equal(total, 6 * 60 + 15 + 2 * 330);
    sl_envelope_free(rep);
    rep = hours_now();
    assert_non_null(rep);
    assert_int_equal(rep->week_hours->n_absences, 1);
    assert_int_equal(rep->week_hours->absences[0]->kind, STAGELIJN__V1__ABSENCE_KIND__ABSENCE_SICK);
    sl_envelope_free(rep);
    Stagelijn__V1__ListAssessmentsRequest la = STAGELIJN__V1__LIST_ASSESSMENTS_REQUEST__INIT;
    la.placement_id = W.placement;
    la.all_versions = true;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_ASSESSMENTS;
    req.list_assessments = &la;
    rep = ts_call(W.coach, &req, SL_OK);
    assert_non_null(rep);
    /* The current version and the earlier one, each whole. */
    assert_int_equal(rep->list_assessments_reply->n_assessments, 1);
    assert_int_equal(rep->list_assessments_reply->assessments[0]->version, 2);
    assert_int_equal(rep->list_assessments_reply->assessments[0]->ratings->arbeid, 5);
    assert_string_equal(rep->list_assessments_reply->assessments[0]->comments, "Werkt netjes");
    assert_int_equal(rep->list_assessments_reply->n_earlier_versions, 1);
    assert_int_equal(rep->list_assessments_reply->earlier_versions[0]->ratings->arbeid, 4);
    assert_int_equal(rep->list_assessments_reply->n_drafts, 0);
    /* Sam's own rating, beside it. */
    assert_int_equal(rep->list_assessments_reply->n_self_ratings, 1);
    assert_int_equal(rep->list_assessments_reply->self_ratings[0]->ratings->sociaal, 5);
    assert_string_equal(rep->list_assessments_reply->self_ratings[0]->remarks, "Leuk werk");
    sl_envelope_free(rep);
    /* kioskui: the statuses the supervisor set; nothing reported as dropout. */
    Stagelijn__V1__ListAssignmentsRequest lq = STAGELIJN__V1__LIST_ASSIGNMENTS_REQUEST__INIT;
    lq.placement_id = W.placement;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_ASSIGNMENTS;
    req.list_assignments = &lq;
    rep = ts_call(W.coach, &req, SL_OK);
    assert_non_null(rep);
    assert_int_equal(rep->list_assignments_reply->n_assignments, 3);
    for (size_t i = 0; i < 3; i++) {
        const Stagelijn__V1__PracticalAssignment *a = rep->list_assignments_reply->assignments[i];
        if (a->number == 2) { /* the supervisor's own (kiosk3) */
            assert_string_equal(a->title, "Deeg kneden");
            assert_int_equal(a->period, 1);
            assert_int_equal(a->status, STAGELIJN__V1__ASSIGNMENT_STATUS__ASSIGNMENT_OPEN);
            continue;
        }
        assert_int_equal(a->status, a->period == 1
                                        ? STAGELIJN__V1__ASSIGNMENT_STATUS__ASSIGNMENT_IN_PROGRESS
                                        : STAGELIJN__V1__ASSIGNMENT_STATUS__ASSIGNMENT_SUBMITTED);
    }
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "placements WHERE status <> 4"), 0);
}

static void test_resize_and_idle_logout_clears_the_screen(void **state)
{
    (void)state;
    start_kiosk(3);
    assert_true(log_in("sup"));
    assert_true(tp_wait_for("Sam Jansen", 10000));
    /* A larger terminal: the screen is drawn again and uses the room (keys on the last row). */
    assert_int_equal(tp_tmux("resize-window -t kiosk -x 120 -y 40"), 0);
    static char s[SCREEN_LEN];
    int64_t end = tp_now_ms() + 3000;
    int rows = 0;
    const char *last = "";
    do {
        tp_screen(s, sizeof s);
        rows = 0;
        for (char *p = s; (p = strchr(p, '\n')) != NULL; p++)
            rows++;
        last = s;
        for (char *p = s; *p; p++)
            if (p[0] == '\n' && p[1])
                last = p + 1;
    } while ((rows != 40 || !strstr(last, "Esc Afmelden")) && tp_now_ms() < end);
    assert_int_equal(rows, 40);
    assert_non_null(strstr(last, "Esc Afmelden"));
    assert_non_null(strstr(s, "Sam Jansen"));
    /* Nobody touches the kiosk: after the idle time the next person sees no one's data. */
    assert_true(tp_wait_for("Gebruikersnaam", 6000));
    assert_false(tp_screen_has("Sam Jansen"));
    assert_false(tp_screen_has("Je stagiairs"));
    quit_kiosk();
}

/* With the server stopped: on kiosk 1 Sam clocks in and out; on kiosk 2 the supervisor saves
 * the week of two weeks ago twice (5:00 a day, then 4:00 a day). Both kiosks are killed while
 * everything waits; the server and then the kiosks come back; everything arrives once and in
 * order: the clock-out after the clock-in (else it would be refused), the week as saved last. */
static void test_offline_queue_arrives_once_in_order_after_a_kill(void **state)
{
    (void)state;
    size_t open, shifts_before;
    sl_envelope *rep = hours_now();
    shifts_before = shifts(rep, &open);
    assert_int_equal(open, 0);
    sl_envelope_free(rep);

    start_kiosk_on(1, 120);
    assert_true(log_in_with_pin("sam", "4826"));
    assert_true(tp_wait_for("Je bent niet ingeklokt", 10000));
    start_kiosk_on(2, 120);
    assert_true(log_in("sup"));
    assert_true(tp_wait_for("Je stagiairs", 10000));
    tp_key("Enter");
    assert_true(tp_wait_for("Links/Rechts Week", 5000));
    tp_key("Left");
    tp_key("Left");
    char heading[64];
    snprintf(heading, sizeof heading, "Week van %s", W.two_weeks_ago);
    assert_true(tp_wait_for(heading, 5000));
    long submissions_before = ts_count_rows(&W.ts, "submissions");
    assert_int_equal(ts_stop(&W.ts), 0);

    use_kiosk(1);
    tp_key("F2");
    assert_true(tp_wait_for("Bewaard op de kiosk", 10000));
    assert_true(tp_wait_for("Je bent ingeklokt", 5000)); /* as far as the kiosk knows */
    sleep(1); /* the clock-out a second later than the clock-in */
    tp_key("F2");
    assert_true(tp_wait_for("Je bent niet ingeklokt", 10000));
    assert_true(tp_wait_for("2 dingen wachten op versturen", 5000));
    assert_int_equal(queue_waiting(), 2);

    use_kiosk(2);
    const char *hours[] = {"5:00", "4:00"};
    for (int round = 0; round < 2; round++) {
        tp_key("F2");
        assert_true(tp_wait_for("F6 Opslaan en tekenen", 5000));
        for (int day = 0; day < 3; day++) {
            tp_key("End");
            for (int i = 0; i < 5; i++)
                tp_key("BSpace");
            tp_type(hours[round]);
            tp_key("Tab");
            tp_key("Tab");
        }
        tp_key("F5");
        assert_true(tp_wait_for("Bewaard op de kiosk", 10000));
    }
    /* A second interim assessment of period 1: queued now, refused when it arrives (one per
     * period; a change is a new version). */
    tp_key("F4");
    assert_true(tp_wait_for("De lijst kon niet worden geladen.", 5000));
    tp_key("F2");
    assert_true(tp_wait_for("Beoordeling van Sam Jansen", 5000));
    tp_key("Tab");
    tp_key("Tab");
    for (int i = 0; i < 5; i++) {
        tp_type("3");
        tp_key("Tab");
    }
    tp_key("F5");
    assert_true(tp_wait_for("Bewaard op de kiosk", 10000));
    tp_key("Escape");
    assert_true(tp_wait_for("3 dingen wachten op versturen", 5000));
    assert_int_equal(queue_waiting(), 3);
    tp_key("F9");
    assert_true(tp_wait_for("Wacht op versturen", 5000));
    snprintf(heading, sizeof heading, "Week van %s voor Sam Jansen: wacht", W.two_weeks_ago);
    assert_true(tp_screen_has(heading));
    assert_true(tp_screen_has("Beoordeling van Sam Jansen: wacht"));

    /* Both kiosks die with everything waiting: queued means on disk. */
    use_kiosk(1);
    stop_kiosk();
    use_kiosk(2);
    stop_kiosk();
    assert_int_equal(queue_waiting(), 3);

    assert_true(ts_restart(&W.ts));
    sl_client_close(W.coach);
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    assert_non_null(W.coach);
    for (int device = 1; device <= 2; device++) {
        start_kiosk_on(device, 120);
        int64_t end = tp_now_ms() + 20000;
        while (queue_waiting() != 0 && tp_now_ms() < end)
            usleep(50000);
        if (queue_waiting() != 0) {
            /* What the kiosk and the server said, for the next one who sees this fail. */
            tp_wait_for("the queue sent", 0);
            char cmd[400];
            snprintf(cmd, sizeof cmd, "tail -n 40 %s >&2", W.ts.log);
            if (system(cmd) != 0)
                fprintf(stderr, "no server log at %s\n", W.ts.log);
        }
        assert_int_equal(queue_waiting(), 0);
        assert_true(tp_wait_for("Gebruikersnaam", 5000));
        if (device == 2) {
            /* The refusal stays on the waiting list, in words, never sent again. */
            tp_key("F9");
            assert_true(tp_wait_for("Beoordeling van Sam Jansen: NIET aangenomen", 5000));
            tp_key("Escape");
        }
        quit_kiosk();
    }

    rep = weeks_now();
    const Stagelijn__V1__AgendaWeek *w = week_of(rep, W.two_weeks_ago);
    assert_non_null(w);
    assert_int_equal(w->n_days, 3);
    for (size_t i = 0; i < w->n_days; i++)
        assert_int_equal(w->days[i]->minutes_worked, 240);
    sl_envelope_free(rep);
    rep = hours_now();
    assert_int_equal(shifts(rep, &open), shifts_before + 1);
    assert_int_equal(open, 0);
    sl_envelope_free(rep);
    /* Exactly once each: five outcomes kept (clock-in, clock-out, two weeks, the refusal). */
    assert_int_equal(ts_count_rows(&W.ts, "submissions"), submissions_before + 5);
}

/* A clock-in queued while the server was away by an intern logged in online: the kiosk logs
 * her out when idle, and her session expires on the server meanwhile. The waiting list says
 * whose login it waits for, and her next login sends it. */
static void test_item_of_an_ended_session_waits_for_its_login(void **state)
{
    (void)state;
    size_t open;
    sl_envelope *rep = hours_now();
    size_t shifts_before = shifts(rep, &open);
    assert_int_equal(open, 0);
    sl_envelope_free(rep);
    start_kiosk_on(1, 4);
    assert_true(log_in_with_pin("sam", "4826"));
    assert_true(tp_wait_for("Je bent niet ingeklokt", 10000));
    assert_int_equal(ts_stop(&W.ts), 0);
    tp_key("F2");
    assert_true(tp_wait_for("Bewaard op de kiosk", 10000));
    assert_true(tp_wait_for("Gebruikersnaam", 15000)); /* the kiosk's idle logout */
    assert_int_equal(queue_waiting(), 1);

    /* Sessions idle for 2 s end: hers has, by the time the kiosk tries again. */
    assert_true(ts_set_config_line(&W.ts, "session_idle_seconds", "session_idle_seconds = 2"));
    assert_true(ts_restart(&W.ts));
    /* The kiosk tries again every 5 s; then the item carries its note. */
    int64_t noted = tp_now_ms() + 20000;
    while (!queue_note_has("sam") && tp_now_ms() < noted)
        usleep(100000);
    assert_true(queue_note_has("wacht tot sam hier weer inlogt"));
    assert_int_equal(queue_waiting(), 1);
    tp_key("F9");
    assert_true(tp_wait_for("wacht tot sam hier weer inlogt", 3000));
    tp_key("Escape");

    assert_true(log_in_with_pin("sam", "4826"));
    int64_t end = tp_now_ms() + 15000;
    while (queue_waiting() != 0 && tp_now_ms() < end)
        usleep(50000);
    assert_int_equal(queue_waiting(), 0);
    sl_client_close(W.coach);
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    assert_non_null(W.coach);
    rep = hours_now();
    assert_int_equal(shifts(rep, &open), shifts_before + 1);
    assert_int_equal(open, 1);
    sl_envelope_free(rep);
    assert_true(ts_set_config_line(&W.ts, "session_idle_seconds", NULL));
    stop_kiosk();
}

int main(void)
{
    if (system("command -v tmux >/dev/null 2>&1") != 0) {
        fprintf(stderr, "tmux is missing: run deploy/install-deps.sh\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_next_visit_is_the_interns_own), /* kioskui */
        cmocka_unit_test(test_intern_clocks_in_and_out_with_one_key),
        cmocka_unit_test(test_supervisor_fills_signs_and_assesses),
        cmocka_unit_test(test_resize_and_idle_logout_clears_the_screen),
        cmocka_unit_test(test_offline_queue_arrives_once_in_order_after_a_kill),
        cmocka_unit_test(test_item_of_an_ended_session_waits_for_its_login),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
