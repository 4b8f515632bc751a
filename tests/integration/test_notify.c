/* stagelijn-notify as an automated subscriber uses it, against a real stagelijnd: --exec with a
 * command that fails and then succeeds, giving up (stop or skip) with the cursor where it
 * must be, a stalled subscriber cut off while 100 others keep receiving, and no event lost
 * or repeated across a kill -9 of the notifier and of the server. */
#include <arpa/inet.h>
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
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"
#include "records.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT
#define P TS_PASSWORD
#define OTHERS 100

typedef struct {
    test_server ts;
    sl_client *coach;
    char student[37];
    char left[11];
} fixture;

/* A school with a coach, a subscriber account "bot", one class and one student whose exit
 * is recorded again and again: each recording is one event (topic "exit"). */
static bool setup_school(fixture *f, const char *extra_config)
{
    if (!ts_start(&f->ts, extra_config))
        return false;
    sl_client *admin = ts_login(&f->ts, "admin", TS_ADMIN_PASSWORD);
    char mentor[37], klas[37];
    const ts_student_spec s = {
        .first_name = "Noor", .class_id = klas, .date_of_birth = "2008-05-05"};
    bool ok = admin && ts_create_user(admin, "coach", 2, NULL, NULL) &&
              ts_create_user(admin, "bot", 7, NULL, NULL) &&
              ts_create_user(admin, "mentor", 4, NULL, mentor) &&
              ts_make_class(admin, "5A", 5, mentor, klas) &&
              ts_make_student(admin, &s, f->student, NULL);
    /* A subscriber account hears only of the topics granted to it (subs, issue 9). */
    ok = ok && ts_grant_topic(admin, "bot", "exit");
    sl_client_close(admin);
    ts_date(-30, f->left);
    f->coach = ok ? ts_login(&f->ts, "coach", P) : NULL;
    return f->coach != NULL;
}

/* Records the exit n times, pipelined, and checks every reply: n acknowledged events. */
static void raise_events(fixture *f, int n)
{
    Stagelijn__V1__ExitRecord e = STAGELIJN__V1__EXIT_RECORD__INIT;
    e.student_id = f->student;
    e.left_date = f->left;
    e.profile = STAGELIJN__V1__EXIT_PROFILE__EXIT_WORK;
    e.destination = "Bakkerij Jansen";
    e.advice = "Arbeid, met jobcoach";
    Stagelijn__V1__RecordExitRequest rq = STAGELIJN__V1__RECORD_EXIT_REQUEST__INIT;
    rq.exit = &e;
    uint8_t *all = NULL;
    size_t total = 0;
    for (int i = 0; i < n; i++) {
        ENV(req);
        req.request_id = 90000 + (uint64_t)i;
        req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_EXIT;
        req.record_exit = &rq;
        size_t len;
        uint8_t *fr = sl_envelope_pack_frame(&req, 1 << 20, &len);
        assert_non_null(fr);
        all = realloc(all, total + len);
        memcpy(all + total, fr, len);
        total += len;
        free(fr);
    }
    assert_int_equal(sl_client_send_raw(f->coach, all, total), SL_OK);
    free(all);
    for (int i = 0; i < n; i++) {
        sl_envelope *env = NULL;
        assert_int_equal(sl_client_read_envelope(f->coach, 60000, &env), SL_OK);
        assert_int_equal(env->body_case, STAGELIJN__V1__ENVELOPE__BODY_EXIT_RECORD);
        assert_int_equal(env->request_id, 90000 + (uint64_t)i);
        sl_envelope_free(env);
    }
}

/* The seq numbers of the JSON lines in a file, in file order. Returns how many. */
static int read_seqs(const char *path, unsigned long *seqs, int max)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return 0;
    char line[8192];
    int n = 0;
    while (n < max && fgets(line, sizeof line, fp)) {
        const char *s = strstr(line, "\"seq\":");
        if (s)
            seqs[n++] = strtoul(s + 6, NULL, 10);
    }
    fclose(fp);
    return n;
}

static unsigned long newest_seq(fixture *f)
{
    return (unsigned long)ts_count_rows(&f->ts, "events");
}

static char *read_text(const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return strdup("");
    char *buf = calloc(1, 65536);
    size_t n = fread(buf, 1, 65535, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

/* --exec: the command fails twice for the event and then takes it; the event reaches it once,
 * on its standard input, with STAGELIJN_EVENT_SEQ and _TOPIC set. */
static void test_exec_fails_twice_then_succeeds(void **state)
{
    (void)state;
    fixture f;
    assert_true(setup_school(&f, NULL));
    char after[32], cmd[2000], got[400], tries[400];
    snprintf(after, sizeof after, "%lu", newest_seq(&f));
    raise_events(&f, 1);
    snprintf(got, sizeof got, "%s/got.jsonl", f.ts.dir);
    snprintf(tries, sizeof tries, "%s/tries", f.ts.dir);
    snprintf(cmd, sizeof cmd,
             "n=$(cat %s 2>/dev/null || echo 0); n=$((n+1)); echo $n > %s; "
             "[ $n -ge 3 ] || exit 1; "
             "{ echo \"$STAGELIJN_EVENT_TOPIC $STAGELIJN_EVENT_SEQ\"; cat; } >> %s",
             tries, tries, got);
    char out[400];
    snprintf(out, sizeof out, "%s/notify.out", f.ts.dir);
    const char *args[] = {
        "listen", "--topic",        "exit", "--after-seq",    after, "--max-events", "1",  "--exec",
        cmd,      "--exec-retries", "3",    "--exec-backoff", "1",   "--idle-exit",  "30", NULL};
    assert_int_equal(ts_wait(ts_spawn_cli(&f.ts, "stagelijn-notify", "bot", P, args, out), 60), 0);
    char *t = read_text(tries);
    assert_int_equal(atoi(t), 3);
    free(t);
    char *g = read_text(got);
    char first[64];
    snprintf(first, sizeof first, "exit %lu\n", strtoul(after, NULL, 10) + 1);
    assert_true(strncmp(g, first, strlen(first)) == 0);
    assert_non_null(strstr(g, "\"topic\":\"exit\""));
    assert_null(strstr(strstr(g, "\"topic\":\"exit\"") + 1, "\"topic\":\"exit\"")); /* once */
    free(g);
    /* With --exec nothing goes to stdout: the command is the output. */
    char *o = read_text(out);
    assert_string_equal(o, "");
    free(o);
    sl_client_close(f.coach);
    assert_int_equal(ts_stop(&f.ts), 0);
    ts_cleanup(&f.ts);
}

/* A command that never succeeds: with "stop" the notifier exits 4 and its cursor stays before
 * the event (the next start tries it again); with "skip" it reports the event, goes on and
 * the cursor moves past it. Options without --exec, or a wrong choice, are usage errors. */
static void test_exec_gives_up(void **state)
{
    (void)state;
    fixture f;
    assert_true(setup_school(&f, NULL));
    unsigned long base = newest_seq(&f);
    char after[32], statef[400], out[400];
    snprintf(after, sizeof after, "%lu", base);
    snprintf(statef, sizeof statef, "%s/cursor", f.ts.dir);
    snprintf(out, sizeof out, "%s/notify.out", f.ts.dir);
    raise_events(&f, 2);
    const char *stop[] = {"listen", "--topic",
                          "exit",   "--after-seq",
                          after,    "--state-file",
                          statef,   "--exec",
                          "false",  "--exec-retries",
                          "1",      "--exec-backoff",
                          "1",      "--on-exec-failure",
                          "stop",   "--idle-exit",
                          "30",     NULL};
    assert_int_equal(ts_wait(ts_spawn_cli(&f.ts, "stagelijn-notify", "bot", P, stop, out), 60), 4);
    char *c = read_text(statef);
    assert_true(c[0] == '\0' || strtoul(c, NULL, 10) == base); /* not moved */
    free(c);

    const char *skip[] = {"listen", "--topic",        "exit", "--after-seq",
                          after,    "--state-file",   statef, "--exec",
                          "exit 7", "--exec-retries", "0",    "--on-exec-failure",
                          "skip",   "--idle-exit",    "3",    NULL};
    assert_int_equal(ts_wait(ts_spawn_cli(&f.ts, "stagelijn-notify", "bot", P, skip, out), 60), 0);
    c = read_text(statef);
    assert_int_equal(strtoul(c, NULL, 10), base + 2);
    free(c);

    char text[4096];
    const char *no_exec[] = {"listen", "--exec-retries", "2", NULL};
    assert_int_equal(ts_run_cli(&f.ts, "stagelijn-notify", "bot", P, no_exec, text, sizeof text),
                     2);
    const char *bad[] = {"listen", "--exec", "true", "--on-exec-failure", "later", NULL};
    assert_int_equal(ts_run_cli(&f.ts, "stagelijn-notify", "bot", P, bad, text, sizeof text), 2);
    sl_client_close(f.coach);
    assert_int_equal(ts_stop(&f.ts), 0);
    ts_cleanup(&f.ts);
}

static bool all_have(char paths[][400], int n, int lines)
{
    unsigned long *seqs = malloc(sizeof *seqs * (size_t)(lines + 1));
    bool ok = true;
    for (int i = 0; ok && i < n; i++)
        ok = read_seqs(paths[i], seqs, lines + 1) >= lines;
    free(seqs);
    return ok;
}

/* Every seq from first to last exactly once and in order. */
static void assert_exact(const char *path, unsigned long first, unsigned long last)
{
    size_t want = last - first + 1;
    unsigned long *seqs = malloc(sizeof *seqs * (want + 16));
    int n = read_seqs(path, seqs, (int)want + 16);
    if ((size_t)n != want)
        fail_msg("%s: %d events, want %zu", path, n, want);
    for (int i = 0; i < n; i++)
        if (seqs[i] != first + (unsigned long)i)
            fail_msg("%s: line %d has seq %lu, want %lu", path, i + 1, seqs[i],
                     first + (unsigned long)i);
    free(seqs);
}

/* A subscriber that reads nothing (stopped with SIGSTOP) is cut off once its output has been
 * full for stalled_output_seconds; 100 other subscribers receive every event meanwhile; the
 * stalled one, continued, reconnects and resumes from its cursor: every event once, in
 * order. */
static void test_stalled_subscriber_cut_off(void **state)
{
    (void)state;
    fixture f;
    assert_true(
        setup_school(&f, "log_level = info\nhousekeeping_seconds = 1\nstalled_output_seconds = 2\n"
                         "output_high_water = 32768\nsocket_send_buffer = 16384\n"
                         "max_inflight = 100000\n"
                         "login_queue_per_address = 1000\n"));
    unsigned long base = newest_seq(&f);
    char after[32];
    snprintf(after, sizeof after, "%lu", base);
    enum { N = 3000 };
    static char outs[OTHERS + 1][400];
    pid_t pids[OTHERS + 1];
    for (int i = 0; i <= OTHERS; i++) {
        snprintf(outs[i], sizeof outs[i], "%s/sub-%03d.jsonl", f.ts.dir, i);
        const char *args[] = {"listen",       "--topic", "exit",        "--after-seq", after,
                              "--max-events", "3000",    "--idle-exit", "60",          NULL};
        pids[i] = ts_spawn_cli(&f.ts, "stagelijn-notify", "bot", P, args, outs[i]);
        assert_true(pids[i] > 0);
    }
    /* All subscribed: one event reaches all of them. */
    raise_events(&f, 1);
    for (int t = 0; t < 600 && !all_have(outs, OTHERS + 1, 1); t++)
        usleep(100 * 1000);
    assert_true(all_have(outs, OTHERS + 1, 1));

    kill(pids[0], SIGSTOP);
    raise_events(&f, N - 1);
    for (int t = 0; t < 3000 && !all_have(outs + 1, OTHERS, N); t++)
        usleep(100 * 1000);
    assert_true(all_have(outs + 1, OTHERS, N));
    /* The stalled one is cut off: the server logged it. */
    bool cut = false;
    for (int t = 0; t < 100 && !cut; t++) {
        char *log = read_text(f.ts.log);
        cut = strstr(log, "cut off: its peer read nothing") != NULL;
        free(log);
        if (!cut)
            usleep(100 * 1000);
    }
    kill(pids[0], SIGCONT);
    assert_true(cut);
    for (int i = 0; i <= OTHERS; i++)
        assert_int_equal(ts_wait(pids[i], 120), 0);
    for (int i = 0; i <= OTHERS; i++)
        assert_exact(outs[i], base + 1, base + N);
    sl_client_close(f.coach);
    assert_int_equal(ts_stop(&f.ts), 0);
    ts_cleanup(&f.ts);
}

/* The notifier killed with kill -9 mid-stream and started again on its state file, and the
 * server killed with kill -9 and restarted while a notifier waits: together the outputs hold
 * every event, in order, and the restarted notifier repeats at most the one it was
 * delivering. */
static void test_kill9_both_sides(void **state)
{
    (void)state;
    fixture f;
    char extra[128];
    int port = ts_fixed_port();
    assert_true(port > 0);
    snprintf(extra, sizeof extra, "listen = 127.0.0.1:%d\n", port);
    assert_true(setup_school(&f, extra));
    assert_int_equal(f.ts.port, port);
    unsigned long base = newest_seq(&f);
    char after[32], statef[400], out1[400], out2[400];
    snprintf(after, sizeof after, "%lu", base);
    snprintf(statef, sizeof statef, "%s/cursor", f.ts.dir);
    snprintf(out1, sizeof out1, "%s/first.jsonl", f.ts.dir);
    snprintf(out2, sizeof out2, "%s/second.jsonl", f.ts.dir);
    enum { N1 = 300, N2 = 300 };
    /* A command that is slow per event, so that the kill lands mid-stream. */
    char cmd[600];
    snprintf(cmd, sizeof cmd, "cat >> %s; sleep 0.01", out1);
    const char *first[] = {"listen", "--topic", "exit", "--after-seq", after, "--state-file",
                           statef,   "--exec",  cmd,    "--idle-exit", "60",  NULL};
    char devnull[400];
    snprintf(devnull, sizeof devnull, "%s/first.out", f.ts.dir);
    pid_t n1 = ts_spawn_cli(&f.ts, "stagelijn-notify", "bot", P, first, devnull);
    usleep(500 * 1000);
    raise_events(&f, N1);
    unsigned long seqs[N1 + N2 + 8];
    for (int t = 0; t < 600 && read_seqs(out1, seqs, N1) < N1 / 3; t++)
        usleep(10 * 1000);
    kill(n1, SIGKILL);
    waitpid(n1, NULL, 0);
    int got1 = read_seqs(out1, seqs, N1 + N2);
    assert_true(got1 > 0 && got1 < N1);

    snprintf(cmd, sizeof cmd, "cat >> %s", out2);
    const char *second[] = {"listen",      "--topic", "exit", "--state-file", statef, "--exec", cmd,
                            "--idle-exit", "8",       NULL};
    pid_t n2 = ts_spawn_cli(&f.ts, "stagelijn-notify", "bot", P, second, devnull);
    usleep(300 * 1000);
    ts_kill9(&f.ts);
    usleep(200 * 1000);
    assert_true(ts_restart(&f.ts));
    assert_int_equal(f.ts.port, port);
    sl_client_close(f.coach);
    f.coach = ts_login(&f.ts, "coach", P);
    assert_non_null(f.coach);
    raise_events(&f, N2);
    assert_int_equal(ts_wait(n2, 120), 0);

    /* The first run's events, then the second's, overlapping by at most one: together every
     * exit event the test raised (other topics, such as the scheduler's reviews due after
     * the restart, are not subscribed), each once, in order. */
    int got2 = read_seqs(out2, seqs + got1, N1 + N2 + 8 - got1);
    unsigned long last1 = seqs[got1 - 1];
    int skip = got2 > 0 && seqs[got1] == last1 ? 1 : 0;
    unsigned long prev = base;
    for (int i = 0; i < got1 + got2; i++) {
        if (i == got1 && skip)
            continue;
        if (seqs[i] <= prev)
            fail_msg("event %d: seq %lu after %lu", i, seqs[i], prev);
        prev = seqs[i];
    }
    assert_int_equal(got1 + got2 - skip, N1 + N2);
    sl_client_close(f.coach);
    assert_int_equal(ts_stop(&f.ts), 0);
    ts_cleanup(&f.ts);
}

/* The documented example (docs/clients.md): deploy/notify-mail-mentor.sh mails the mentor of
 * the event's class through sendmail (a stand-in sendmail script that keeps the mail). */
static void test_mail_the_mentor_example(void **state)
{
    (void)state;
    fixture f;
    assert_true(setup_school(&f, NULL));
    char after[32], map[400], stub[400], mail[400], cmd[2000], out[400];
    snprintf(after, sizeof after, "%lu", newest_seq(&f));
    snprintf(map, sizeof map, "%s/mentors.tsv", f.ts.dir);
    snprintf(stub, sizeof stub, "%s/sendmail", f.ts.dir);
    snprintf(mail, sizeof mail, "%s/mail.txt", f.ts.dir);
    snprintf(out, sizeof out, "%s/notify.out", f.ts.dir);
    FILE *m = fopen(map, "w");
    assert_non_null(m);
    fputs("4B\tander@school.example\n5A\tmentor-5a@school.example\n", m);
    fclose(m);
    FILE *s = fopen(stub, "w");
    assert_non_null(s);
    fprintf(s, "#!/bin/sh\n[ \"$1\" = -t ] || exit 64\ncat >> '%s'\n", mail);
    fclose(s);
    chmod(stub, 0700);
    raise_events(&f, 1);
    snprintf(cmd, sizeof cmd, "SENDMAIL='%s' %s/deploy/notify-mail-mentor.sh '%s'", stub,
             SL_SOURCE_DIR, map);
    const char *args[] = {"listen", "--topic", "exit", "--after-seq", after, "--max-events",
                          "1",      "--exec",  cmd,    "--idle-exit", "30",  NULL};
    assert_int_equal(ts_wait(ts_spawn_cli(&f.ts, "stagelijn-notify", "bot", P, args, out), 60), 0);
    char *text = read_text(mail);
    assert_non_null(strstr(text, "To: mentor-5a@school.example\n"));
    assert_non_null(strstr(text, "Noor"));
    assert_non_null(strstr(text, "Klas: 5A"));
    assert_non_null(strstr(text, "exit recorded"));
    free(text);
    sl_client_close(f.coach);
    assert_int_equal(ts_stop(&f.ts), 0);
    ts_cleanup(&f.ts);
}

int main(void)
{
    setenv("TZ", "Europe/Amsterdam", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exec_fails_twice_then_succeeds),
        cmocka_unit_test(test_exec_gives_up),
        cmocka_unit_test(test_stalled_subscriber_cut_off),
        cmocka_unit_test(test_kill9_both_sides),
        cmocka_unit_test(test_mail_the_mentor_example),
    };
    if (getenv("SL_TEST_FILTER"))
        cmocka_set_test_filter(getenv("SL_TEST_FILTER"));
    return cmocka_run_group_tests(tests, NULL, NULL);
}
