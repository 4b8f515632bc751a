#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#ifndef SL_BUILD_DIR
#error "SL_BUILD_DIR must point at the build tree"
#endif

static void path_of(char *out, size_t n, const char *rel)
{
    snprintf(out, n, "%s/%s", SL_BUILD_DIR, rel);
}

static int read_port(const char *file, int timeout_ms, int *device_port, int *metrics_port)
{
    for (int waited = 0; waited < timeout_ms; waited += 20) {
        FILE *f = fopen(file, "r");
        if (f) {
            int port = 0;
            int ok = fscanf(f, "%d", &port);
            if (fscanf(f, "%d", device_port) != 1)
                *device_port = 0;
            if (fscanf(f, "%d", metrics_port) != 1)
                *metrics_port = 0;
            fclose(f);
            if (ok == 1 && port > 0)
                return port;
        }
        usleep(20 * 1000);
    }
    return -1;
}

static bool spawn_server(test_server *ts)
{
    char bin[512], portfile[300];
    path_of(bin, sizeof bin, "server/stagelijnd");
    snprintf(portfile, sizeof portfile, "%s/port", ts->dir);
    unlink(portfile);
    pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        int fd = open(ts->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd >= 0) {
            dup2(fd, 2);
            dup2(fd, 1);
        }
        execl(bin, bin, "--config", ts->config, "--data-dir", ts->dir, "--port-file", portfile,
              (char *)NULL);
        _exit(127);
    }
    ts->pid = pid;
    ts->port = read_port(portfile, 30000, &ts->device_port, &ts->metrics_port);
    if (ts->port < 0) {
        fprintf(stderr, "harness: stagelijnd did not start; see %s\n", ts->log);
        return false;
    }
    return true;
}

bool ts_restart(test_server *ts)
{
    return spawn_server(ts);
}

static bool change_admin_password(test_server *ts)
{
    char pwfile[300], otp[64] = "";
    snprintf(pwfile, sizeof pwfile, "%s/admin-password", ts->dir);
    FILE *f = fopen(pwfile, "r");
    if (!f || !fgets(otp, sizeof otp, f)) {
        if (f)
            fclose(f);
        return false;
    }
    fclose(f);
    otp[strcspn(otp, "\n")] = '\0';
    sl_client *c = ts_connect(ts, STAGELIJN__V1__CLIENT_KIND__CLIENT_TEST);
    char err[256];
    bool must_change = false;
    bool ok = c && sl_client_login(c, "admin", otp, &must_change, err, sizeof err) == SL_OK &&
              must_change;
    if (ok) {
        Stagelijn__V1__ChangePasswordRequest cp = STAGELIJN__V1__CHANGE_PASSWORD_REQUEST__INIT;
        cp.old_password = otp;
        cp.new_password = TS_ADMIN_PASSWORD;
        sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
        req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CHANGE_PASSWORD;
        req.change_password = &cp;
        ok = ts_expect(c, &req, SL_OK);
    }
    sl_client_close(c);
    return ok;
}

bool ts_start(test_server *ts, const char *extra_config)
{
    memset(ts, 0, sizeof *ts);
    snprintf(ts->dir, sizeof ts->dir, "/tmp/stagelijn-test-XXXXXX");
    if (!mkdtemp(ts->dir))
        return false;
    snprintf(ts->ca, sizeof ts->ca, "%s/tls/ca.pem", ts->dir);
    snprintf(ts->config, sizeof ts->config, "%s/stagelijnd.conf", ts->dir);
    snprintf(ts->log, sizeof ts->log, "%s/stagelijnd.log", ts->dir);
    FILE *f = fopen(ts->config, "w");
    if (!f)
        return false;
    /* A low scrypt cost keeps the suite fast; the format records the cost per hash. */
    fprintf(f, "listen = 127.0.0.1:0\nscrypt_log2_n = 10\nlog_level = %s\n%s\n",
            getenv("SL_TEST_LOG_LEVEL") ? getenv("SL_TEST_LOG_LEVEL") : "warn",
            extra_config ? extra_config : "");
    fclose(f);
    return spawn_server(ts) && change_admin_password(ts);
}

int ts_stop(test_server *ts)
{
    if (ts->pid <= 0)
        return 0;
    kill(ts->pid, SIGTERM);
    int status = 0;
    int rc = ts_wait(ts->pid, 30);
    ts->pid = 0;
    status = rc;
    if (status != 0)
        fprintf(stderr, "harness: stagelijnd exited with %d; see %s\n", status, ts->log);
    return status;
}

void ts_kill9(test_server *ts)
{
    if (ts->pid <= 0)
        return;
    kill(ts->pid, SIGKILL);
    waitpid(ts->pid, NULL, 0);
    ts->pid = 0;
}

void ts_cleanup(test_server *ts)
{
    if (ts->pid > 0)
        ts_kill9(ts);
    if (!ts->dir[0])
        return;
    if (getenv("SL_TEST_KEEP")) {
        fprintf(stderr, "harness: kept %s\n", ts->dir);
        return;
    }
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", ts->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "harness: could not remove %s\n", ts->dir);
}

sl_client *ts_connect(test_server *ts, Stagelijn__V1__ClientKind kind)
{
    sl_client_opts o = {.host = "127.0.0.1",
                        .port = ts->port,
                        .ca_file = ts->ca,
                        .timeout_ms = 20000,
                        .kind = kind};
    sl_client *c = NULL;
    char err[512];
    if (sl_client_connect(&o, &c, err, sizeof err) != SL_OK) {
        fprintf(stderr, "harness: connect: %s\n", err);
        return NULL;
    }
    return c;
}

sl_client *ts_login(test_server *ts, const char *user, const char *password)
{
    sl_client *c = ts_connect(ts, STAGELIJN__V1__CLIENT_KIND__CLIENT_TEST);
    char err[256];
    if (c && sl_client_login(c, user, password, NULL, err, sizeof err) != SL_OK) {
        fprintf(stderr, "harness: login %s: %s\n", user, err);
        sl_client_close(c);
        return NULL;
    }
    return c;
}

sl_envelope *ts_call(sl_client *c, sl_envelope *req, sl_status expect)
{
    sl_envelope *rep = NULL;
    char err[512];
    sl_status st = sl_client_call(c, req, &rep, err, sizeof err);
    if (st != expect) {
        fprintf(stderr, "harness: %s: expected %s, got %s (%s)\n", sl_envelope_body_name(req),
                sl_status_name(expect), sl_status_name(st), err);
        sl_envelope_free(rep);
        return NULL;
    }
    return rep ? rep : (sl_envelope *)calloc(1, sizeof(sl_envelope));
}

bool ts_expect(sl_client *c, sl_envelope *req, sl_status expect)
{
    sl_envelope *rep = ts_call(c, req, expect);
    if (!rep)
        return false;
    if (rep->base.descriptor)
        sl_envelope_free(rep);
    else
        free(rep);
    return true;
}

bool ts_create_user(sl_client *admin, const char *username, int role, const char *company_id,
                    char *id_out)
{
    Stagelijn__V1__CreateUserRequest cu = STAGELIJN__V1__CREATE_USER_REQUEST__INIT;
    cu.username = (char *)username;
    cu.display_name = (char *)username;
    cu.role = (Stagelijn__V1__Role)role;
    cu.company_id = (char *)(company_id ? company_id : "");
    cu.password = TS_PASSWORD;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_USER;
    req.create_user = &cu;
    sl_envelope *rep = ts_call(admin, &req, SL_OK);
    if (!rep)
        return false;
    if (id_out)
        snprintf(id_out, 37, "%s", rep->create_user_reply->user->id);
    sl_envelope_free(rep);
    return true;
}

static void exec_cli(test_server *ts, const char *prog, const char *user, const char *password,
                     const char *const *args)
{
    char bin[512], server[64];
    snprintf(bin, sizeof bin, "%s/client/%s", SL_BUILD_DIR, prog);
    snprintf(server, sizeof server, "127.0.0.1:%d", ts->port);
    const char *argv[64] = {bin, "--server", server, "--ca", ts->ca, "--user", user, "--json"};
    int n = 8;
    for (int i = 0; args && args[i] && n < 63; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    setenv("STAGELIJN_PASSWORD", password, 1);
    setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
    execv(bin, (char *const *)argv);
    _exit(127);
}

int ts_wait(pid_t pid, int timeout_s)
{
    int status;
    for (int waited = 0; waited < timeout_s * 50; waited++) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        usleep(20 * 1000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return -1;
}

pid_t ts_spawn_cli(test_server *ts, const char *prog, const char *user, const char *password,
                   const char *const *args, const char *out_file)
{
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(out_file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0)
            dup2(fd, 1);
        exec_cli(ts, prog, user, password, args);
    }
    return pid;
}

int ts_run_cli(test_server *ts, const char *prog, const char *user, const char *password,
               const char *const *args, char *out, size_t outlen)
{
    char file[400];
    snprintf(file, sizeof file, "%s/cli-out.%d", ts->dir, (int)getpid());
    pid_t pid = ts_spawn_cli(ts, prog, user, password, args, file);
    if (pid < 0)
        return -1;
    int rc = ts_wait(pid, 60);
    out[0] = '\0';
    FILE *f = fopen(file, "r");
    if (f) {
        size_t n = fread(out, 1, outlen - 1, f);
        out[n] = '\0';
        fclose(f);
    }
    unlink(file);
    return rc;
}

bool ts_json_str(const char *json, const char *key, char *out, size_t outlen)
{
    char pat[80];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *p = strstr(json, pat);
    if (!p)
        return false;
    p += strlen(pat);
    const char *e = strchr(p, '"');
    if (!e || (size_t)(e - p) >= outlen)
        return false;
    memcpy(out, p, (size_t)(e - p));
    out[e - p] = '\0';
    return true;
}

long ts_count_rows(test_server *ts, const char *table)
{
    char path[300], sql[128];
    snprintf(path, sizeof path, "%s/stagelijn.db", ts->dir);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    sqlite3 *db;
    long n = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
            if (sqlite3_step(st) == SQLITE_ROW)
                n = sqlite3_column_int64(st, 0);
            sqlite3_finalize(st);
        }
    }
    sqlite3_close(db);
    return n;
}

void ts_date(int days_from_today, char out[11])
{
    time_t t = time(NULL) + (time_t)days_from_today * 86400;
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

void ts_monday(int days_from_today, char out[11])
{
    time_t t = time(NULL) + (time_t)days_from_today * 86400;
    struct tm tm;
    localtime_r(&t, &tm);
    int back = (tm.tm_wday + 6) % 7; /* days since Monday */
    t -= (time_t)back * 86400;
    localtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

void ts_date_plus(const char *ymd, int days, char out[11])
{
    struct tm tm = {0};
    if (sscanf(ymd, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) {
        snprintf(out, 11, "invalid");
        return;
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_mday += days;
    tm.tm_hour = 12; /* away from daylight-saving edges */
    mktime(&tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}
