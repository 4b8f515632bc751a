#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum opt_type { OPT_STRING, OPT_LONG, OPT_BOOL, OPT_DOUBLE };

typedef struct {
    const char *name;
    enum opt_type type;
    size_t offset;
    size_t size; /* for strings: buffer size */
    long min, max;
    const char *def;
    const char *help;
} opt_def;

#define STR(field, def, help)                                                                      \
    {                                                                                              \
#field, OPT_STRING, offsetof(sl_config, field), sizeof(((sl_config *)0)->field), 0, 0,     \
            def, help                                                                              \
    }
#define NUM(field, lo, hi, def, help)                                                              \
    {                                                                                              \
#field, OPT_LONG, offsetof(sl_config, field), sizeof(long), lo, hi, def, help              \
    }
#define REAL(field, lo, hi, def, help)                                                             \
    {                                                                                              \
#field, OPT_DOUBLE, offsetof(sl_config, field), sizeof(double), lo, hi, def, help          \
    }
#define BOOL(field, def, help)                                                                     \
    {                                                                                              \
#field, OPT_BOOL, offsetof(sl_config, field), sizeof(bool), 0, 1, def, help                \
    }

static const opt_def options[] = {
    STR(data_dir, "./stagelijn-data", "data directory: database, tls/, admin-password"),
    STR(listen, "127.0.0.1:7443", "address for people's clients (port 0 = any free port)"),
    STR(device_listen, "", "address that requires a device certificate (kiosks); empty = off"),
    STR(metrics_listen, "", "localhost HTTP address for /metrics and /healthz; empty = off"),
    STR(port_file, "", "file to write the bound ports to once listening (3 lines)"),
    STR(tls_cert, "", "server certificate chain (default DATA_DIR/tls/server.pem)"),
    STR(tls_key, "", "server private key (default DATA_DIR/tls/server.key)"),
    STR(tls_ca, "", "CA that signs device certificates (default DATA_DIR/tls/ca.pem)"),
    STR(log_level, "info", "debug, info, warn, error or none"),
    BOOL(allow_tls12, "false", "also accept TLS 1.2 (for old kiosks)"),
    NUM(max_frame_bytes, 1024, 64L * 1024 * 1024, "1048576", "largest frame payload accepted"),
    NUM(max_connections, 1, 100000, "1024", "connections served at once"),
    NUM(max_connections_per_address, 1, 100000, "256",
        "connections served at once from one source address (IPv6: one /64)"),
    NUM(handshake_timeout_ms, 100, 600000, "10000",
        "time from accept to a finished TLS handshake and Hello (not restarted by bytes)"),
    NUM(login_timeout_ms, 100, 3600000, "30000",
        "time from the Hello to a successful login; a connection still anonymous then is closed"),
    NUM(idle_timeout_ms, 1000, 86400000, "300000", "close a silent connection after this"),
    NUM(max_inflight, 1, 100000, "64", "requests in flight per connection"),
    NUM(output_high_water, 4096, 1L << 30, "4194304",
        "stop reading a client whose unsent replies exceed this many bytes"),
    NUM(session_idle_seconds, 1, 30L * 86400, "3600", "a session expires after this idle time"),
    NUM(login_max_failures, 1, 1000, "5",
        "failed logins of one user name from one address before that pair is locked out"),
    NUM(login_lockout_seconds, 1, 86400, "300", "lock-out time after too many failures"),
    NUM(login_address_max_failures, 1, 1000000, "50",
        "failed logins from one source address per window before it is refused"),
    NUM(login_address_window_seconds, 1, 86400, "300",
        "the window in which login_address_max_failures are counted"),
    NUM(login_queue_max, 2, 100000, "256", "logins waiting for a password worker, server-wide"),
    NUM(login_queue_per_address, 1, 100000, "64",
        "logins waiting for a password worker from one source address"),
    NUM(scrypt_log2_n, 10, 20, "15", "scrypt cost for new password hashes (N = 2^value)"),
    NUM(max_batch, 1, 100000, "512", "requests committed together at most (group commit)"),
    NUM(max_string_bytes, 16, 1L << 20, "16384", "longest text field accepted"),
    NUM(clock_offset_seconds, -3153600000L, 3153600000L, "0",
        "tests and drills only: shift the server's clock by this many seconds"),
    NUM(push_chunk, 1, 1000000, "1000",
        "subscribers served per loop pass when a commit's events are pushed"),
    NUM(submission_keep_days, 1, 3650, "30",
        "how long the outcome of a device's submission answers its retries"),
    NUM(housekeeping_seconds, 1, 3600, "60",
        "how often sessions are expired and an idle WAL is truncated"),
    REAL(cycling_km, 1, 100, "15", "cycling distance: the most km from home to a company"),
    REAL(school_latitude, -90, 90, "52.0907", "the school's latitude (start of visit routes)"),
    REAL(school_longitude, -180, 180, "5.1214", "the school's longitude"),
    NUM(visit_interval_days, 1, 365, "21", "a coach visits every intern this often (days)"),
    NUM(support_visit_interval_days, 1, 365, "14",
        "the visit interval for support students (more often)"),
    NUM(retention_years_after_aftercare, 0, 100, "5",
        "years a student's data are kept after the two years of aftercare end"),
    NUM(education_hours_per_week, 1, 60, "30",
        "hours of education in a school week, internship included (WVO art. 32: a minor's "
        "internship is at most 80% of them); set it to the school's timetable"),
    NUM(stalled_output_seconds, 1, 86400, "60",
        "cut off a connection whose peer has read nothing of a full output buffer for this long "
        "(checked every housekeeping_seconds); a subscriber resumes from its cursor"),
    NUM(socket_send_buffer, 0, 64L << 20, "0",
        "the kernel's send buffer per connection in bytes (SO_SNDBUF; 0: the kernel's "
        "autotuning); bounds kernel memory per subscriber that does not read"),
    NUM(education_hours_per_school_year, 100, 2000, "1000",
        "hours of education in a school year, internship included (WVO art. 32: over the "
        "course the internship averages at most 50% of them)"),
    NUM(risk_threshold, 1, 100, "6",
        "early warning: the points (docs/rules.md) from which an intern is signalled"),
    /* Reviews due (issue 9) */
    NUM(scheduler_interval_seconds, 1, 86400, "300",
        "how often the scheduler looks for reviews that have fallen due"),
    NUM(scheduler_max_items, 1, 100000, "500",
        "due items raised per scheduler pass at most; the rest follow in the next passes"),
    NUM(scheduler_max_placements, 1, 100000, "200",
        "placements one scheduler pass looks at; the rest follow in the next passes"),
    /* Reviews due: repeated absence (sched3) */
    NUM(repeated_absence_reports, 1, 50, "3",
        "repeated absence: this many absence reports within repeated_absence_weeks raise one "
        "review for the coach and the mentor"),
    NUM(repeated_absence_weeks, 1, 52, "4",
        "repeated absence: the window (weeks from the first report) the reports must fall in"),
    /* backup (issue 10) */
    NUM(backup_interval_minutes, 0, 7L * 24 * 60, "0",
        "make an online backup into DATA_DIR/backups this often (minutes); 0 = never"),
    NUM(backup_keep, 1, 10000, "14",
        "backups kept in DATA_DIR/backups (scheduled or asked for); older ones are removed"),
    /* documents */
    STR(school_name, "", "the school's name as printed on the contract (empty = not named)"),
};

#define N_OPTIONS (sizeof options / sizeof options[0])

static const opt_def *find_opt(const char *name)
{
    for (size_t i = 0; i < N_OPTIONS; i++)
        if (strcmp(options[i].name, name) == 0)
            return &options[i];
    return NULL;
}

static bool apply(sl_config *c, const opt_def *o, const char *value, char *err, size_t errlen)
{
    char *field = (char *)c + o->offset;
    switch (o->type) {
    case OPT_STRING:
        if (strlen(value) >= o->size) {
            snprintf(err, errlen, "%s: value too long", o->name);
            return false;
        }
        memcpy(field, value, strlen(value) + 1);
        return true;
    case OPT_LONG: {
        char *end;
        errno = 0;
        long v = strtol(value, &end, 10);
        if (errno || end == value || *end || v < o->min || v > o->max) {
            snprintf(err, errlen, "%s: expected a whole number from %ld to %ld", o->name, o->min,
                     o->max);
            return false;
        }
        *(long *)field = v;
        return true;
    }
    case OPT_DOUBLE: {
        char *end;
        errno = 0;
        double v = strtod(value, &end);
        if (errno || end == value || *end || v < (double)o->min || v > (double)o->max) {
            snprintf(err, errlen, "%s: expected a number from %ld to %ld", o->name, o->min, o->max);
            return false;
        }
        *(double *)field = v;
        return true;
    }
    case OPT_BOOL:
        if (!strcmp(value, "true") || !strcmp(value, "yes") || !strcmp(value, "1"))
            *(bool *)field = true;
        else if (!strcmp(value, "false") || !strcmp(value, "no") || !strcmp(value, "0"))
            *(bool *)field = false;
        else {
            snprintf(err, errlen, "%s: expected true or false", o->name);
            return false;
        }
        return true;
    }
    return false;
}

void sl_config_defaults(sl_config *c)
{
    char err[128];
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < N_OPTIONS; i++)
        apply(c, &options[i], options[i].def, err, sizeof err);
}

bool sl_config_set(sl_config *c, const char *name, const char *value, char *err, size_t errlen)
{
    const opt_def *o = find_opt(name);
    if (!o) {
        snprintf(err, errlen, "unknown option '%s'", name);
        return false;
    }
    return apply(c, o, value, err, errlen);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

bool sl_config_load_file(sl_config *c, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return false;
    }
    char line[2048];
    int lineno = 0;
    bool ok = true;
    while (ok && fgets(line, sizeof line, f)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(f)) {
            snprintf(err, errlen, "%s:%d: line longer than %zu characters", path, lineno,
                     sizeof line - 2);
            ok = false;
            break;
        }
        /* '#' starts a comment at the start of a line or after white space, so that a value
         * such as a path may contain '#'. */
        for (char *h = line; (h = strchr(h, '#')) != NULL; h++) {
            if (h == line || h[-1] == ' ' || h[-1] == '\t') {
                *h = '\0';
                break;
            }
        }
        char *s = trim(line);
        if (!*s)
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            snprintf(err, errlen, "%s:%d: expected name = value", path, lineno);
            ok = false;
            break;
        }
        *eq = '\0';
        char *name = trim(s), *value = trim(eq + 1);
        char why[256];
        if (!sl_config_set(c, name, value, why, sizeof why)) {
            snprintf(err, errlen, "%s:%d: %s", path, lineno, why);
            ok = false;
        }
    }
    fclose(f);
    return ok;
}

static void default_path(char *field, size_t size, const char *dir, const char *name)
{
    /* A data_dir too long for the path is caught when the file fails to open. */
    if (!field[0] && snprintf(field, size, "%s/tls/%s", dir, name) >= (int)size)
        field[size - 1] = '\0';
}

void sl_config_finish(sl_config *c)
{
    default_path(c->tls_cert, sizeof c->tls_cert, c->data_dir, "server.pem");
    default_path(c->tls_key, sizeof c->tls_key, c->data_dir, "server.key");
    default_path(c->tls_ca, sizeof c->tls_ca, c->data_dir, "ca.pem");
}

void sl_config_describe(FILE *out)
{
    for (size_t i = 0; i < N_OPTIONS; i++)
        fprintf(out, "  %-22s %s (default: %s)\n", options[i].name, options[i].help,
                options[i].def[0] ? options[i].def : "empty");
}
