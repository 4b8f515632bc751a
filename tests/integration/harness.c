#include "harness.h"

#include <errno.h>
#include <ctype.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

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

/* The lowest port of the kernel's ephemeral range (ip_local_port_range). */
static int ephemeral_low(void)
{
    int low = 32768, high = 0;
    FILE *f = fopen("/proc/sys/net/ipv4/ip_local_port_range", "r");
    if (f) {
        if (fscanf(f, "%d %d", &low, &high) != 2)
            low = 32768;
        fclose(f);
    }
    return low;
}

int ts_fixed_port(void)
{
    const int first = 10000, last = ephemeral_low() - 1;
    if (last < first)
        return -1;
    const int span = last - first + 1;
    /* Tests that run at the same time start their search at different places. */
    int start = (int)(((unsigned)getpid() * 7919u + (unsigned)time(NULL)) % (unsigned)span);
    for (int i = 0; i < span; i++) {
        int port = first + (start + i) % span;
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0)
            return -1;
        struct sockaddr_in a = {.sin_family = AF_INET,
                                .sin_port = htons((uint16_t)port),
                                .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        /* Without SO_REUSEADDR: a port with a connection still in TIME_WAIT is not taken. */
        bool free_now = bind(fd, (struct sockaddr *)&a, sizeof a) == 0;
        close(fd);
        if (free_now)
            return port;
    }
    return -1;
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

long ts_clock_offset_for(const char *ymd)
{
    struct tm tm = {0};
    if (sscanf(ymd, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_hour = 12;
    tm.tm_isdst = -1;
    return (long)(mktime(&tm) - time(NULL));
}

bool ts_set_config_line(test_server *ts, const char *name, const char *line)
{
    char text[8192] = "", l[512];
    FILE *f = fopen(ts->config, "r");
    if (!f)
        return false;
    size_t used = 0;
    while (fgets(l, sizeof l, f))
        if (strncmp(l, name, strlen(name)) != 0 && used + strlen(l) < sizeof text)
            used += (size_t)snprintf(text + used, sizeof text - used, "%s", l);
    fclose(f);
    if (!(f = fopen(ts->config, "w")))
        return false;
    fprintf(f, "%s%s\n", text, line ? line : "");
    return fclose(f) == 0;
}

bool ts_restart_on(test_server *ts, const char *ymd)
{
    char line[64];
    snprintf(line, sizeof line, "clock_offset_seconds = %ld", ts_clock_offset_for(ymd));
    return ts_stop(ts) == 0 && ts_set_config_line(ts, "clock_offset_seconds", line) &&
           ts_restart(ts);
}

long ts_db_long(test_server *ts, const char *fmt, ...)
{
    char sql[1024], path[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    snprintf(path, sizeof path, "%s/stagelijn.db", ts->dir);
    sqlite3 *db;
    sqlite3_stmt *st = NULL;
    long n = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        fprintf(stderr, "harness: open %s: %s\n", path, sqlite3_errmsg(db));
    else if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fprintf(stderr, "harness: sql: %s: %s\n", sql, sqlite3_errmsg(db));
    else if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

bool ts_wait_settled(test_server *ts, const char *count_sql)
{
    long last = -1;
    int still = 0;
    for (int i = 0; i < 300 && still < 10; i++) {
        usleep(100 * 1000);
        long now = ts_db_long(ts, "%s", count_sql);
        still = now == last ? still + 1 : 0;
        last = now;
    }
    return still >= 10;
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

/* Frees a reply of ts_call, which may be a stand-in for an empty reply. */
static void reply_free(sl_envelope *rep)
{
    if (rep->base.descriptor)
        sl_envelope_free(rep);
    else
        free(rep);
}

bool ts_expect(sl_client *c, sl_envelope *req, sl_status expect)
{
    sl_envelope *rep = ts_call(c, req, expect);
    if (!rep)
        return false;
    reply_free(rep);
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
                     const char *const *args, bool json)
{
    char bin[512], server[64];
    snprintf(bin, sizeof bin, "%s/client/%s", SL_BUILD_DIR, prog);
    snprintf(server, sizeof server, "127.0.0.1:%d", ts->port);
    const char *argv[64] = {bin, "--server", server, "--ca", ts->ca, "--user", user, "--json"};
    int n = json ? 8 : 7;
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

static pid_t spawn_cli(test_server *ts, const char *prog, const char *user, const char *password,
                       const char *const *args, const char *out_file, bool json)
{
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(out_file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0)
            dup2(fd, 1);
        exec_cli(ts, prog, user, password, args, json);
    }
    return pid;
}

pid_t ts_spawn_cli(test_server *ts, const char *prog, const char *user, const char *password,
                   const char *const *args, const char *out_file)
{
    return spawn_cli(ts, prog, user, password, args, out_file, true);
}

static int run_cli(test_server *ts, const char *prog, const char *user, const char *password,
                   const char *const *args, char *out, size_t outlen, bool json)
{
    char file[400];
    snprintf(file, sizeof file, "%s/cli-out.%d", ts->dir, (int)getpid());
    pid_t pid = spawn_cli(ts, prog, user, password, args, file, json);
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

int ts_run_cli(test_server *ts, const char *prog, const char *user, const char *password,
               const char *const *args, char *out, size_t outlen)
{
    return run_cli(ts, prog, user, password, args, out, outlen, true);
}

int ts_run_cli_human(test_server *ts, const char *prog, const char *user, const char *password,
                     const char *const *args, char *out, size_t outlen)
{
    return run_cli(ts, prog, user, password, args, out, outlen, false);
}

bool ts_has_uuid_except(const char *text, const char *const *allowed, size_t n_allowed)
{
    for (const char *p = text; *p; p++) {
        static const int groups[] = {8, 4, 4, 4, 12};
        const char *q = p;
        bool uuid = p == text || !isxdigit((unsigned char)p[-1]);
        for (int g = 0; g < 5 && uuid; g++) {
            for (int k = 0; k < groups[g] && uuid; k++, q++)
                uuid = isxdigit((unsigned char)*q) != 0;
            if (uuid && g < 4)
                uuid = *q++ == '-';
        }
        if (!uuid || isxdigit((unsigned char)*q))
            continue;
        bool ok = false;
        for (size_t i = 0; i < n_allowed && !ok; i++)
            ok = allowed[i] && strncmp(allowed[i], p, 36) == 0;
        if (!ok) {
            fprintf(stderr, "an id where a name belongs: %.36s\n", p);
            return true;
        }
    }
    return false;
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

/* Today's local date moved by `days` on the calendar, at noon: adding days * 86400 seconds to
 * the current time lands on the next day when a daylight-saving change lies between (a test
 * run after 23:00 in winter asking for a summer date got the day after). */
static struct tm local_day(int days)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    tm.tm_mday += days;
    tm.tm_hour = 12;
    tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    mktime(&tm);
    return tm;
}

void ts_date(int days_from_today, char out[11])
{
    struct tm tm = local_day(days_from_today);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

void ts_monday(int days_from_today, char out[11])
{
    struct tm day = local_day(days_from_today);
    int back = (day.tm_wday + 6) % 7; /* days since Monday */
    struct tm tm = local_day(days_from_today - back);
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

/* ---------------------------------------------------------------- calls */

sl_status ts_send(sl_client *c, sl_envelope *req, sl_envelope **out)
{
    char err[256];
    sl_envelope *rep = NULL;
    sl_status st = sl_client_call(c, req, &rep, err, sizeof err);
    if (out)
        *out = rep;
    else
        sl_envelope_free(rep);
    return st;
}

bool ts_has_rule(const sl_envelope *rep, const char *rule_id)
{
    if (!rep || rep->body_case != STAGELIJN__V1__ENVELOPE__BODY_ERROR)
        return false;
    for (size_t i = 0; i < rep->error->n_violations; i++)
        if (!strcmp(rep->error->violations[i]->rule_id, rule_id))
            return true;
    return false;
}

/* ---------------------------------------------------------------- fixtures */

bool ts_make_class(sl_client *admin, const char *name, int school_year, const char *mentor_id,
                   char id_out[37])
{
    Stagelijn__V1__CreateClassRequest cc = STAGELIJN__V1__CREATE_CLASS_REQUEST__INIT;
    cc.name = (char *)name;
    cc.school_year = (uint32_t)school_year;
    cc.mentor_id = (char *)(mentor_id ? mentor_id : "");
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_CLASS;
    req.create_class = &cc;
    sl_envelope *rep = ts_call(admin, &req, SL_OK);
    if (!rep)
        return false;
    snprintf(id_out, 37, "%s", rep->school_class->id);
    sl_envelope_free(rep);
    return true;
}

bool ts_make_company(sl_client *admin, const ts_company_spec *spec, char id_out[37])
{
    uint32_t sectors[1] = {spec->sector};
    Stagelijn__V1__Company c = STAGELIJN__V1__COMPANY__INIT;
    c.name = (char *)spec->name;
    if (spec->address)
        c.address = (char *)spec->address;
    if (spec->city)
        c.city = (char *)spec->city;
    c.latitude = spec->latitude;
    c.longitude = spec->longitude;
    c.n_sectors = spec->sector ? 1 : 0;
    c.sectors = sectors;
    /* Both unset: room for a test's few placements (the server refuses beyond a company's
     * places); one given: both as given. */
    bool unset = spec->places == 0 && spec->supervision_capacity == 0;
    c.places = unset ? TS_DEFAULT_PLACES : spec->places;
    c.supervision_capacity = unset ? TS_DEFAULT_PLACES : spec->supervision_capacity;
    c.recognised = spec->recognised;
    if (spec->recognised)
        c.registration_number = "SBB-123456";
    c.internal = spec->internal;
    Stagelijn__V1__CreateCompanyRequest cc = STAGELIJN__V1__CREATE_COMPANY_REQUEST__INIT;
    cc.company = &c;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_COMPANY;
    req.create_company = &cc;
    sl_envelope *rep = ts_call(admin, &req, SL_OK);
    if (!rep)
        return false;
    snprintf(id_out, 37, "%s", rep->company->id);
    sl_envelope_free(rep);
    return true;
}

bool ts_make_student(sl_client *admin, const ts_student_spec *spec, char id_out[37],
                     char otp_out[64])
{
    Stagelijn__V1__Student s = STAGELIJN__V1__STUDENT__INIT;
    s.first_name = (char *)spec->first_name;
    s.last_name = (char *)(spec->last_name ? spec->last_name : "Test");
    s.class_id = (char *)spec->class_id;
    s.date_of_birth = (char *)spec->date_of_birth;
    s.school_year = spec->school_year;
    s.nt2 = spec->nt2;
    s.support_need = spec->support_need;
    Stagelijn__V1__CreateStudentRequest cs = STAGELIJN__V1__CREATE_STUDENT_REQUEST__INIT;
    cs.student = &s;
    cs.username = (char *)(spec->username ? spec->username : "");
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_STUDENT;
    req.create_student = &cs;
    sl_envelope *rep = ts_call(admin, &req, SL_OK);
    if (!rep)
        return false;
    snprintf(id_out, 37, "%s", rep->create_student_reply->student->id);
    if (otp_out)
        snprintf(otp_out, 64, "%s", rep->create_student_reply->one_time_password);
    sl_envelope_free(rep);
    return true;
}

sl_client *ts_student_login(test_server *ts, const char *username, const char *otp)
{
    sl_client *c = ts_login(ts, username, otp);
    if (!c)
        return NULL;
    Stagelijn__V1__ChangePasswordRequest cp = STAGELIJN__V1__CHANGE_PASSWORD_REQUEST__INIT;
    cp.old_password = (char *)otp;
    cp.new_password = TS_PASSWORD;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CHANGE_PASSWORD;
    req.change_password = &cp;
    if (!ts_expect(c, &req, SL_OK)) {
        sl_client_close(c);
        return NULL;
    }
    return c;
}

sl_envelope *ts_create_placement(sl_client *coach, const ts_placement_spec *spec, sl_status expect)
{
    Stagelijn__V1__ScheduleDay days[7], *dp[7];
    int first = spec->first_weekday > 0 ? spec->first_weekday : 1;
    int n = spec->n_days < 0 ? 0 : spec->n_days > 8 - first ? 8 - first : spec->n_days;
    for (int i = 0; i < n; i++) {
        stagelijn__v1__schedule_day__init(&days[i]);
        days[i].weekday = (uint32_t)(first + i);
        days[i].start = (char *)spec->day_start;
        days[i].end = (char *)spec->day_end;
        days[i].break_minutes = (uint32_t)spec->break_minutes;
        dp[i] = &days[i];
    }
    Stagelijn__V1__Placement p = STAGELIJN__V1__PLACEMENT__INIT;
    p.student_id = (char *)spec->student_id;
    p.company_id = (char *)spec->company_id;
    p.supervisor_id = (char *)spec->supervisor_id;
    p.kind = (Stagelijn__V1__PlacementKind)spec->kind;
    p.start_date = (char *)spec->start_date;
    p.end_date = (char *)spec->end_date;
    p.sector = spec->sector;
    p.work_kind = (Stagelijn__V1__WorkKind *)spec->work_kind;
    p.n_schedule = (size_t)n;
    p.schedule = dp;
    Stagelijn__V1__CreatePlacementRequest cp = STAGELIJN__V1__CREATE_PLACEMENT_REQUEST__INIT;
    cp.placement = &p;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_PLACEMENT;
    req.create_placement = &cp;
    return ts_call(coach, &req, expect);
}

bool ts_make_placement(sl_client *coach, const ts_placement_spec *spec, sl_status expect,
                       char id_out[37])
{
    sl_envelope *rep = ts_create_placement(coach, spec, expect);
    if (!rep)
        return false;
    if (expect == SL_OK)
        snprintf(id_out, 37, "%s", rep->placement->id);
    reply_free(rep);
    return true;
}

static char *contract_locations[] = {"Hoofdvestiging, Dorpsstraat 1", "Magazijn, Kade 4"};

void ts_contract_fill(Stagelijn__V1__Contract *c, const char *placement_id)
{
    stagelijn__v1__contract__init(c);
    c->placement_id = (char *)placement_id;
    c->learning_activities = "Vakken vullen, klanten helpen, kassa bijhouden onder toezicht.";
    c->n_locations = 2;
    c->locations = contract_locations;
    c->supervision_split = "Stagebegeleider bezoekt elke 3 weken; praktijkbegeleider dagelijks.";
    c->company_assessment_role = "De praktijkbegeleider beoordeelt per periode en aan het eind.";
    c->inspection_arrangement = "De inspectie kan de stageplaats na aanmelding bezoeken.";
    c->accident_insurer = "Schoolverzekering";
    c->liability_insurer = "Aansprakelijkheidsverzekering van het bedrijf";
    c->premium_payer = "De school";
}

bool ts_save_contract(sl_client *coach, const char *placement_id)
{
    Stagelijn__V1__Contract c;
    ts_contract_fill(&c, placement_id);
    Stagelijn__V1__SaveContractRequest sc = STAGELIJN__V1__SAVE_CONTRACT_REQUEST__INIT;
    sc.contract = &c;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_CONTRACT;
    req.save_contract = &sc;
    return ts_expect(coach, &req, SL_OK);
}

/* One signature by "A. Signer"; returns the status without printing. */
static sl_status send_signature(sl_client *c, const char *placement_id, int party, const char *date)
{
    Stagelijn__V1__Signature sig = STAGELIJN__V1__SIGNATURE__INIT;
    sig.party = (Stagelijn__V1__SignatureParty)party;
    sig.signer_name = "A. Signer";
    sig.date = (char *)date;
    Stagelijn__V1__SignContractRequest sc = STAGELIJN__V1__SIGN_CONTRACT_REQUEST__INIT;
    sc.placement_id = (char *)placement_id;
    sc.signature = &sig;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SIGN_CONTRACT;
    req.sign_contract = &sc;
    return ts_send(c, &req, NULL);
}

bool ts_sign_contract(sl_client *c, const char *placement_id, int party, const char *date,
                      sl_status expect)
{
    sl_status st = send_signature(c, placement_id, party, date);
    if (st != expect)
        fprintf(stderr, "harness: SignContract (party %d): expected %s, got %s\n", party,
                sl_status_name(expect), sl_status_name(st));
    return st == expect;
}

bool ts_sign_contract_all(sl_client *coach, const char *placement_id, ts_signers signers)
{
    if (!ts_save_contract(coach, placement_id))
        return false;
    char today[11];
    ts_date(0, today);
    static const int adults[] = {STAGELIJN__V1__SIGNATURE_PARTY__PARTY_SCHOOL,
                                 STAGELIJN__V1__SIGNATURE_PARTY__PARTY_COMPANY,
                                 STAGELIJN__V1__SIGNATURE_PARTY__PARTY_STUDENT};
    for (size_t i = 0; i < sizeof adults / sizeof adults[0]; i++)
        if (!ts_sign_contract(coach, placement_id, adults[i], today, SL_OK))
            return false;
    if (signers == TS_SIGN_ADULT)
        return true;
    const int parent = STAGELIJN__V1__SIGNATURE_PARTY__PARTY_PARENT;
    if (signers == TS_SIGN_MINOR)
        return ts_sign_contract(coach, placement_id, parent, today, SL_OK);
    /* TS_SIGN_PARENT_IF_ACCEPTED: quietly, since a refusal is an answer here. */
    sl_status st = send_signature(coach, placement_id, parent, today);
    return st == SL_OK || st == SL_EPRECOND;
}

bool ts_set_placement_status(sl_client *c, const char *placement_id, int status, sl_status expect,
                             sl_envelope **out)
{
    Stagelijn__V1__SetPlacementStatusRequest s = STAGELIJN__V1__SET_PLACEMENT_STATUS_REQUEST__INIT;
    s.placement_id = (char *)placement_id;
    s.status = (Stagelijn__V1__PlacementStatus)status;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SET_PLACEMENT_STATUS;
    req.set_placement_status = &s;
    return ts_send(c, &req, out) == expect;
}

bool ts_activate_placement(sl_client *coach, const char *placement_id, ts_signers signers)
{
    return ts_sign_contract_all(coach, placement_id, signers) &&
           ts_set_placement_status(coach, placement_id,
                                   STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE, SL_OK, NULL);
}

bool ts_make_active_placement(sl_client *coach, const ts_placement_spec *spec, ts_signers signers,
                              char id_out[37])
{
    sl_envelope *rep = ts_create_placement(coach, spec, SL_OK);
    if (!rep)
        return false;
    snprintf(id_out, 37, "%s", rep->placement->id);
    bool active = rep->placement->status == STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE;
    sl_envelope_free(rep);
    return active || ts_activate_placement(coach, id_out, signers);
}

int ts_teardown(test_server *ts, sl_client *const *clients, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sl_client_close(clients[i]);
    int rc = ts_stop(ts);
    ts_cleanup(ts);
    return rc == 0 ? 0 : -1;
}

sl_envelope *ts_call_rule(sl_client *c, sl_envelope *req, sl_status expect, const char *rule,
                          bool *matched)
{
    char err[512];
    sl_envelope *rep = NULL;
    sl_status st = sl_client_call(c, req, &rep, err, sizeof err);
    *matched = st == expect;
    if (!*matched)
        fprintf(stderr, "%s: expected %s, got %s (%s)\n", sl_envelope_body_name(req),
                sl_status_name(expect), sl_status_name(st), err);
    if (*matched && rule && !ts_has_rule(rep, rule)) {
        fprintf(stderr, "%s: rule %s missing (%s)\n", sl_envelope_body_name(req), rule, err);
        *matched = false;
    }
    if (st == SL_OK)
        return rep;
    sl_envelope_free(rep);
    return NULL;
}

void ts_query_text(test_server *ts, const char *sql, const char *param, char *val, size_t n)
{
    char path[300];
    snprintf(path, sizeof path, "%s/stagelijn.db", ts->dir);
    val[0] = '\0';
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
            sqlite3_bind_text(st, 1, param, -1, SQLITE_STATIC);
            if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
                snprintf(val, n, "%s", (const char *)sqlite3_column_text(st, 0));
            sqlite3_finalize(st);
        }
    }
    sqlite3_close(db);
}
