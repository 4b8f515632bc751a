/* Backup, restore and the audit log (issue 10): an online backup through stagelijn-admin while
 * another client keeps writing, restored with stagelijnd --restore into a new data directory,
 * where a daemon starts and holds every write acknowledged before the backup began; restore
 * refusals (a used directory, a file that is not a sound database); the audit log read with
 * filters, newest first, paged, names not ids; a coach may do none of it. */
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT
#define MAX_WRITES 600

static struct {
    test_server ts;
    sl_client *admin, *coach;
    char coach_id[37], klass[37], anna[37];
} W;

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&W.ts, "backup_keep = 3\n"))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    const ts_student_spec sa = {.first_name = "Anna",
                                .last_name = "de Wit",
                                .class_id = W.klass,
                                .date_of_birth = "2008-03-03"};
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, W.coach_id) ||
        !ts_make_class(W.admin, "3B", 3, NULL, W.klass) ||
        !ts_make_student(W.admin, &sa, W.anna, NULL))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    return W.coach ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *clients[] = {W.admin, W.coach};
    return ts_teardown(&W.ts, clients, 2);
}

/* ---------------------------------------------------------------- write load */

static struct {
    atomic_int acked; /* classes W-0 .. W-(acked-1) were acknowledged */
    atomic_bool stop;
    bool failed;
} load;

static void *writer(void *arg)
{
    (void)arg;
    sl_client *c = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    if (!c) {
        load.failed = true;
        return NULL;
    }
    for (int i = 0; i < MAX_WRITES && !atomic_load(&load.stop); i++) {
        char name[32], id[37];
        snprintf(name, sizeof name, "W-%d", i);
        if (!ts_make_class(c, name, 2, NULL, id)) {
            load.failed = true;
            break;
        }
        atomic_store(&load.acked, i + 1);
    }
    sl_client_close(c);
    return NULL;
}

/* Waits up to 30 s for the port file a daemon writes and returns its first line. */
static int wait_port(const char *file)
{
    for (int i = 0; i < 1500; i++) {
        FILE *f = fopen(file, "r");
        int port = 0;
        if (f) {
            bool got = fscanf(f, "%d", &port) == 1;
            fclose(f);
            if (got && port > 0)
                return port;
        }
        usleep(20 * 1000);
    }
    return -1;
}

/* Runs stagelijnd --restore FILE into dir (and --force); returns the pid of the daemon that
 * then serves, or -1 with *exit_code set when it exited (a refusal). */
static pid_t restore_into(const char *file, const char *dir, bool force, const char *portfile,
                          const char *log, int *exit_code)
{
    char bin[512];
    snprintf(bin, sizeof bin, "%s/server/stagelijnd", SL_BUILD_DIR);
    unlink(portfile);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        execl(bin, bin, "--config", W.ts.config, "--data-dir", dir, "--port-file", portfile,
              "--restore", file, force ? "--force" : NULL, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 1500; i++) {
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            return -1;
        }
        if (access(portfile, F_OK) == 0)
            return pid;
        usleep(20 * 1000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    *exit_code = -1;
    return -1;
}

static bool has_class(const Stagelijn__V1__ListClassesReply *l, const char *name)
{
    for (size_t i = 0; i < l->n_classes; i++)
        if (strcmp(l->classes[i]->name, name) == 0)
            return true;
    return false;
}

static void test_backup_under_load_and_restore(void **state)
{
    (void)state;
    pthread_t t;
    atomic_store(&load.acked, 0);
    atomic_store(&load.stop, false);
    assert_int_equal(pthread_create(&t, NULL, writer, NULL), 0);
    while (atomic_load(&load.acked) < 50 && !load.failed)
        usleep(5 * 1000);
    /* Every write acknowledged now was committed before the backup is asked for. */
    int before = atomic_load(&load.acked);
    char out[8192], name[128];
    const char *args[] = {"backup", NULL};
    int rc =
        ts_run_cli(&W.ts, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, args, out, sizeof out);
    int during = atomic_load(&load.acked);
    atomic_store(&load.stop, true);
    pthread_join(t, NULL);
    assert_false(load.failed);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "\"state\":\"done\""));
    assert_true(ts_json_str(out, "file_name", name, sizeof name));
    assert_non_null(strstr(name, "stagelijn-"));
    printf("backup %s while %d writes were acknowledged\n", name, during - before);

    /* Into a new data directory: a daemon starts on the copy. */
    char parent[] = "/tmp/stagelijn-restore-XXXXXX";
    assert_non_null(mkdtemp(parent));
    test_server B = W.ts;
    char file[600], portfile[300];
    snprintf(file, sizeof file, "%s/backups/%s", W.ts.dir, name);
    snprintf(B.dir, sizeof B.dir, "%s/data", parent);
    snprintf(B.ca, sizeof B.ca, "%s/tls/ca.pem", B.dir);
    snprintf(B.log, sizeof B.log, "%s/stagelijnd.log", parent);
    snprintf(portfile, sizeof portfile, "%s/port", parent);
    int code = 0;
    B.pid = restore_into(file, B.dir, false, portfile, B.log, &code);
    assert_true(B.pid > 0);
    B.port = wait_port(portfile);
    assert_true(B.port > 0);
    sl_client *b = ts_login(&B, "admin", TS_ADMIN_PASSWORD);
    assert_non_null(b);
    Stagelijn__V1__ListClassesRequest lc = STAGELIJN__V1__LIST_CLASSES_REQUEST__INIT;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_CLASSES;
    req.list_classes = &lc;
    sl_envelope *rep = ts_call(b, &req, SL_OK);
    assert_non_null(rep);
    for (int i = 0; i < before; i++) {
        char cname[32];
        snprintf(cname, sizeof cname, "W-%d", i);
        if (!has_class(rep->list_classes_reply, cname))
            fail_msg("acknowledged write %s is not in the restored database", cname);
    }
    assert_true(has_class(rep->list_classes_reply, "3B"));
    sl_envelope_free(rep);
    sl_client_close(b);
    assert_int_equal(ts_stop(&B), 0);

    /* A used directory is refused, and nothing in it changes; --force replaces it. */
    int rows = (int)ts_count_rows(&B, "classes");
    assert_true(restore_into(file, W.ts.dir, false, portfile, B.log, &code) < 0);
    assert_int_equal(code, 1);
    /* A file that is not a sound database is refused before anything is touched. */
    char bad[400];
    snprintf(bad, sizeof bad, "%s/not-a-backup.db", parent);
    FILE *f = fopen(bad, "w");
    assert_non_null(f);
    fputs("this is no database at all, just text that is long enough to be read\n", f);
    fclose(f);
    assert_true(restore_into(bad, B.dir, true, portfile, B.log, &code) < 0);
    assert_int_equal(code, 1);
    assert_int_equal(ts_count_rows(&B, "classes"), rows);
    B.pid = restore_into(file, B.dir, true, portfile, B.log, &code);
    assert_true(B.pid > 0);
    assert_int_equal(ts_stop(&B), 0);
    ts_cleanup(&B);
    unlink(bad);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf %s", parent);
    assert_int_equal(system(cmd), 0);
}

static void test_backup_status_and_one_at_a_time(void **state)
{
    (void)state;
    Stagelijn__V1__GetBackupStatusRequest gs = STAGELIJN__V1__GET_BACKUP_STATUS_REQUEST__INIT;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_BACKUP_STATUS;
    req.get_backup_status = &gs;
    sl_envelope *rep = ts_call(W.admin, &req, SL_OK);
    assert_non_null(rep);
    assert_int_equal(rep->backup_status->state, STAGELIJN__V1__BACKUP_STATE__BACKUP_DONE);
    assert_true(rep->backup_status->bytes > 0);
    assert_true(rep->backup_status->pages_total > 0);
    assert_int_equal(rep->backup_status->pages_done, rep->backup_status->pages_total);
    sl_envelope_free(rep);
    /* Started twice in a row: the second finds the first running, or both finish; never two
     * at once. Four more backups leave backup_keep (3) in the folder. */
    for (int i = 0; i < 4; i++) {
        char out[4096];
        const char *args[] = {"backup", NULL};
        assert_int_equal(
            ts_run_cli(&W.ts, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, args, out, sizeof out),
            0);
    }
    char cmd[600], out[64] = "";
    snprintf(cmd, sizeof cmd, "ls %s/backups | grep -c '^stagelijn-.*\\.db$'", W.ts.dir);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    assert_non_null(fgets(out, sizeof out, p));
    pclose(p);
    assert_int_equal(atoi(out), 3);
    /* Human output: the verified outcome, in words. */
    char human[4096];
    const char *args[] = {"backup", "status", NULL};
    assert_int_equal(ts_run_cli_human(&W.ts, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, args,
                                      human, sizeof human),
                     0);
    assert_non_null(strstr(human, "integrity ok"));
}

static void test_coach_refused(void **state)
{
    (void)state;
    Stagelijn__V1__StartBackupRequest sb = STAGELIJN__V1__START_BACKUP_REQUEST__INIT;
    Stagelijn__V1__GetBackupStatusRequest gs = STAGELIJN__V1__GET_BACKUP_STATUS_REQUEST__INIT;
    Stagelijn__V1__ListAuditRequest la = STAGELIJN__V1__LIST_AUDIT_REQUEST__INIT;
    ENV(a);
    a.body_case = STAGELIJN__V1__ENVELOPE__BODY_START_BACKUP;
    a.start_backup = &sb;
    assert_true(ts_expect(W.coach, &a, SL_EPERM));
    ENV(b);
    b.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_BACKUP_STATUS;
    b.get_backup_status = &gs;
    assert_true(ts_expect(W.coach, &b, SL_EPERM));
    ENV(c);
    c.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_AUDIT;
    c.list_audit = &la;
    assert_true(ts_expect(W.coach, &c, SL_EPERM));
    char out[4096];
    const char *backup[] = {"backup", NULL}, *audit[] = {"audit", NULL};
    assert_int_equal(
        ts_run_cli(&W.ts, "stagelijn-admin", "coach", TS_PASSWORD, backup, out, sizeof out), 1);
    assert_int_equal(
        ts_run_cli(&W.ts, "stagelijn-admin", "coach", TS_PASSWORD, audit, out, sizeof out), 1);
}

static sl_envelope *list_audit(Stagelijn__V1__ListAuditRequest *la, sl_status expect)
{
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_AUDIT;
    req.list_audit = la;
    return ts_call(W.admin, &req, expect);
}

static bool audit_refused(Stagelijn__V1__ListAuditRequest *la)
{
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_AUDIT;
    req.list_audit = la;
    return ts_expect(W.admin, &req, SL_EINVAL);
}

static void test_audit_filters_and_paging(void **state)
{
    (void)state;
    Stagelijn__V1__ListAuditRequest la = STAGELIJN__V1__LIST_AUDIT_REQUEST__INIT;
    la.operation = "backup.start";
    sl_envelope *rep = list_audit(&la, SL_OK);
    assert_non_null(rep);
    const Stagelijn__V1__ListAuditReply *l = rep->list_audit_reply;
    assert_true(l->n_entries >= 5);
    assert_false(l->truncated);
    for (size_t i = 0; i < l->n_entries; i++) {
        assert_string_equal(l->entries[i]->actor_name, "Beheerder");
        if (i > 0)
            assert_true(l->entries[i]->id < l->entries[i - 1]->id);
    }
    size_t all = l->n_entries;
    int64_t newest = l->entries[0]->id;
    sl_envelope_free(rep);
    /* Paged: two at a time, cut and said so, going on from the last id. */
    la.limit = 2;
    rep = list_audit(&la, SL_OK);
    assert_int_equal(rep->list_audit_reply->n_entries, 2);
    assert_true(rep->list_audit_reply->truncated);
    assert_true(rep->list_audit_reply->entries[0]->id == newest);
    la.before_id = rep->list_audit_reply->entries[1]->id;
    sl_envelope_free(rep);
    rep = list_audit(&la, SL_OK);
    assert_true(rep->list_audit_reply->entries[0]->id < la.before_id);
    sl_envelope_free(rep);
    (void)all;
    /* By student: the student's creation, with the student's name. */
    Stagelijn__V1__ListAuditRequest by_student = STAGELIJN__V1__LIST_AUDIT_REQUEST__INIT;
    by_student.student_id = W.anna;
    by_student.operation = "student.create";
    rep = list_audit(&by_student, SL_OK);
    assert_int_equal(rep->list_audit_reply->n_entries, 1);
    assert_string_equal(rep->list_audit_reply->entries[0]->target_name, "Anna de Wit");
    sl_envelope_free(rep);
    /* By person and a prefix of the type: the coach created nothing. */
    Stagelijn__V1__ListAuditRequest by_coach = STAGELIJN__V1__LIST_AUDIT_REQUEST__INIT;
    by_coach.actor_id = W.coach_id;
    by_coach.operation = "class.*";
    rep = list_audit(&by_coach, SL_OK);
    assert_int_equal(rep->list_audit_reply->n_entries, 0);
    sl_envelope_free(rep);
    /* A period in the future holds nothing; a period that ends before it starts is refused. */
    Stagelijn__V1__ListAuditRequest period = STAGELIJN__V1__LIST_AUDIT_REQUEST__INIT;
    period.from = (int64_t)time(NULL) + 86400;
    rep = list_audit(&period, SL_OK);
    assert_int_equal(rep->list_audit_reply->n_entries, 0);
    sl_envelope_free(rep);
    period.to = period.from - 10;
    assert_true(audit_refused(&period));
    Stagelijn__V1__ListAuditRequest bad = STAGELIJN__V1__LIST_AUDIT_REQUEST__INIT;
    bad.limit = 501;
    assert_true(audit_refused(&bad));
    bad.limit = 0;
    bad.student_id = "not-an-id";
    assert_true(audit_refused(&bad));
}

/* The read-audit rows about Anna, waiting up to 5 s for `want` of them (they follow the reply
 * by one commit). */
static sl_envelope *reads_of_anna(size_t want)
{
    Stagelijn__V1__ListAuditRequest la = STAGELIJN__V1__LIST_AUDIT_REQUEST__INIT;
    la.student_id = W.anna;
    la.operation = "read.*";
    for (int i = 0;; i++) {
        sl_envelope *rep = list_audit(&la, SL_OK);
        if (!rep || rep->list_audit_reply->n_entries >= want || i == 100)
            return rep;
        sl_envelope_free(rep);
        usleep(50 * 1000);
    }
}

static void test_admin_reads_audited(void **state)
{
    (void)state;
    Stagelijn__V1__GetStudentRequest gs = STAGELIJN__V1__GET_STUDENT_REQUEST__INIT;
    gs.id = W.anna;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_STUDENT;
    req.get_student = &gs;
    /* A coach's read is not the admin's: not noted. */
    assert_true(ts_expect(W.coach, &req, SL_OK));
    assert_true(ts_expect(W.admin, &req, SL_OK));
    Stagelijn__V1__GetDossierRequest gd = STAGELIJN__V1__GET_DOSSIER_REQUEST__INIT;
    gd.student_id = W.anna;
    ENV(dossier);
    dossier.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_DOSSIER;
    dossier.get_dossier = &gd;
    assert_true(ts_expect(W.admin, &dossier, SL_OK));
    sl_envelope *rep = reads_of_anna(2);
    assert_non_null(rep);
    const Stagelijn__V1__ListAuditReply *l = rep->list_audit_reply;
    assert_int_equal(l->n_entries, 2);
    assert_string_equal(l->entries[0]->operation, "read.GetDossier");
    assert_string_equal(l->entries[1]->operation, "read.GetStudent");
    for (size_t i = 0; i < 2; i++) {
        assert_string_equal(l->entries[i]->actor_name, "Beheerder");
        assert_string_equal(l->entries[i]->target_name, "Anna de Wit");
    }
    sl_envelope_free(rep);
    /* The notes are durable: a third read is still in the log after a restart. */
    assert_true(ts_expect(W.admin, &req, SL_OK));
    sl_client_close(W.admin);
    sl_client_close(W.coach);
    assert_int_equal(ts_stop(&W.ts), 0);
    assert_true(ts_restart(&W.ts));
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    assert_non_null(W.admin);
    rep = reads_of_anna(3);
    assert_int_equal(rep->list_audit_reply->n_entries, 3);
    sl_envelope_free(rep);
}

static void test_audit_cli(void **state)
{
    (void)state;
    char out[32768];
    const char *args[] = {"audit", "--student", "Anna de Wit", NULL};
    assert_int_equal(ts_run_cli_human(&W.ts, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, args,
                                      out, sizeof out),
                     0);
    assert_non_null(strstr(out, "Anna de Wit"));
    assert_non_null(strstr(out, "student.create"));
    assert_false(ts_has_uuid_except(out, NULL, 0));
    const char *cut[] = {"audit", "--type", "class.create", "--limit", "3", NULL};
    assert_int_equal(ts_run_cli_human(&W.ts, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, cut,
                                      out, sizeof out),
                     0);
    assert_non_null(strstr(out, "--before"));
    assert_false(ts_has_uuid_except(out, NULL, 0));
}

int main(void)
{
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_backup_under_load_and_restore),
        cmocka_unit_test(test_backup_status_and_one_at_a_time),
        cmocka_unit_test(test_coach_refused),
        cmocka_unit_test(test_audit_filters_and_paging),
        cmocka_unit_test(test_admin_reads_audited),
        cmocka_unit_test(test_audit_cli),
    };
    return cmocka_run_group_tests_name("integration_backup", tests, setup, teardown);
}
