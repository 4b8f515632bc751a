/* stagelijnd: flags and configuration, then the server library does the work. */
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "backup.h"
#include "config.h"
#include "devca.h"
#include "timeutil.h"
#include "ids.h"
#include "log.h"
#include "server.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: stagelijnd [OPTIONS]\n"
            "The Stagelijn internship-tracking daemon.\n\n"
            "  --data-dir DIR       data directory (created on first start)\n"
            "  --listen HOST:PORT   address for clients; port 0 picks a free port\n"
            "  --port-file FILE     once listening, write the bound ports to FILE: people's,\n"
            "                       device, metrics (one per line, 0 when off)\n"
            "  --config FILE        read options from FILE (name = value lines)\n"
            "  --set NAME=VALUE     set any option below (repeatable)\n"
            "  --log-level LEVEL    debug, info, warn, error or none\n"
            "  --issue-device-cert NAME --company ID --cert-out FILE --key-out FILE\n"
            "                       issue a kiosk/device certificate from DIR/tls/ca.key and exit\n"
            "  --restore FILE       restore the backup FILE into --data-dir (refused when the\n"
            "                       directory holds anything, unless --force), then start on it\n"
            "  --force              with --restore: replace the database in a used directory\n"
            "  --help, --version\n\n"
            "Options (config file names; command-line flags override the file):\n");
    sl_config_describe(out);
}

/* Whether the company exists in DATA_DIR's database, opened read-only (the daemon may be
 * running). A certificate bound to a company nobody can find would open a kiosk that no one
 * may use. False with a reason in err when it does not exist or cannot be checked. */
static bool company_exists(const char *data_dir, const char *company_id, char *err, size_t errlen)
{
    char path[SL_PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/stagelijn.db", data_dir);
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    bool found = false;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "SELECT 1 FROM companies WHERE id = ?1", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(st, 1, company_id, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        found = rc == SQLITE_ROW;
        if (rc == SQLITE_ROW || rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    if (rc != SQLITE_OK)
        snprintf(
            err, errlen,
            "cannot check company %.40s in %.300s: %.100s (start stagelijnd once and create the "
            "company first)",
            company_id, path, db ? sqlite3_errmsg(db) : "out of memory");
    else if (!found)
        snprintf(err, errlen,
                 "there is no company %.40s in %.300s; create it first (stagelijn-admin company "
                 "create) and use the id from 'company list'",
                 company_id, path);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return found;
}

/* What --issue-device-cert asks for (NULL `name`: the daemon runs instead). */
typedef struct {
    const char *name, *company, *cert_out, *key_out;
} device_cert_request;

/* What --restore asks for (NULL `file`: start on the data directory as it is). */
typedef struct {
    const char *file;
    bool force;
} restore_request;

static restore_request restore_req;

enum {
    OPT_DATA = 1,
    OPT_LISTEN,
    OPT_PORTFILE,
    OPT_CONFIG,
    OPT_SET,
    OPT_LOG,
    OPT_ISSUE,
    OPT_COMPANY,
    OPT_CERTOUT,
    OPT_KEYOUT,
    OPT_HELP,
    OPT_VERSION,
    OPT_RESTORE,
    OPT_FORCE
};

/* The config file is read first so that flags override it, whatever their order. Returns
 * -1 to go on, else the exit status (2: the file could not be read). */
static int load_config_file(int argc, char **argv, sl_config *cfg)
{
    const char *config_file = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
            config_file = argv[i + 1];
        else if (strncmp(argv[i], "--config=", 9) == 0)
            config_file = argv[i] + 9;
    }
    char err[512];
    sl_config_defaults(cfg);
    if (config_file && !sl_config_load_file(cfg, config_file, err, sizeof err)) {
        fprintf(stderr, "stagelijnd: %s\n", err);
        return 2;
    }
    return -1;
}

/* One flag into cfg or dev; false with the reason in err. */
static bool apply_flag(int c, sl_config *cfg, device_cert_request *dev, char *err, size_t errlen)
{
    static const char *const names[] = {[OPT_DATA] = "data_dir",
                                        [OPT_LISTEN] = "listen",
                                        [OPT_PORTFILE] = "port_file",
                                        [OPT_LOG] = "log_level"};
    switch (c) {
    case OPT_DATA:
    case OPT_LISTEN:
    case OPT_PORTFILE:
    case OPT_LOG:
        return sl_config_set(cfg, names[c], optarg, err, errlen);
    case OPT_SET: {
        char *eq = strchr(optarg, '=');
        if (!eq) {
            snprintf(err, errlen, "--set expects NAME=VALUE");
            return false;
        }
        *eq = '\0';
        return sl_config_set(cfg, optarg, eq + 1, err, errlen);
    }
    case OPT_ISSUE:
        dev->name = optarg;
        break;
    case OPT_COMPANY:
        dev->company = optarg;
        break;
    case OPT_CERTOUT:
        dev->cert_out = optarg;
        break;
    case OPT_KEYOUT:
        dev->key_out = optarg;
        break;
    case OPT_RESTORE:
        restore_req.file = optarg;
        break;
    case OPT_FORCE:
        restore_req.force = true;
        break;
    default: /* OPT_CONFIG: read already */
        break;
    }
    return true;
}

/* The command line over the config file. Returns -1 to go on, else the exit status. */
static int parse_flags(int argc, char **argv, sl_config *cfg, device_cert_request *dev)
{
    static const struct option longopts[] = {
        {"data-dir", required_argument, 0, OPT_DATA},
        {"listen", required_argument, 0, OPT_LISTEN},
        {"port-file", required_argument, 0, OPT_PORTFILE},
        {"config", required_argument, 0, OPT_CONFIG},
        {"set", required_argument, 0, OPT_SET},
        {"log-level", required_argument, 0, OPT_LOG},
        {"issue-device-cert", required_argument, 0, OPT_ISSUE},
        {"company", required_argument, 0, OPT_COMPANY},
        {"cert-out", required_argument, 0, OPT_CERTOUT},
        {"key-out", required_argument, 0, OPT_KEYOUT},
        {"help", no_argument, 0, OPT_HELP},
        {"version", no_argument, 0, OPT_VERSION},
        {"restore", required_argument, 0, OPT_RESTORE},
        {"force", no_argument, 0, OPT_FORCE},
        {0, 0, 0, 0},
    };
    char err[512];
    int c;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c == OPT_HELP) {
            usage(stdout);
            return 0;
        }
        if (c == OPT_VERSION) {
            printf("stagelijnd %s\n", SL_VERSION);
            return 0;
        }
        if (c < OPT_DATA || c > OPT_FORCE) {
            usage(stderr);
            return 2;
        }
        if (!apply_flag(c, cfg, dev, err, sizeof err)) {
            fprintf(stderr, "stagelijnd: %s\n", err);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "stagelijnd: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    if (sl_log_level_parse(cfg->log_level) < 0) {
        fprintf(stderr, "stagelijnd: log_level must be debug, info, warn, error or none\n");
        return 2;
    }
    return -1;
}

/* --issue-device-cert: the exit status. */
static int issue_device_cert(const sl_config *cfg, const device_cert_request *dev)
{
    char err[512];
    if (!dev->cert_out || !dev->key_out) {
        fprintf(stderr, "stagelijnd: --issue-device-cert needs --cert-out and --key-out\n");
        return 2;
    }
    if (dev->company[0] && !sl_id_valid(dev->company)) {
        fprintf(stderr, "stagelijnd: --company expects a company id (a UUID)\n");
        return 2;
    }
    if (dev->company[0] && !company_exists(cfg->data_dir, dev->company, err, sizeof err)) {
        fprintf(stderr, "stagelijnd: %s\n", err);
        return 1;
    }
    if (!devca_issue_device(cfg->data_dir, dev->name, dev->company, dev->cert_out, dev->key_out,
                            err, sizeof err)) {
        fprintf(stderr, "stagelijnd: %s\n", err);
        return 1;
    }
    printf("device certificate %s, key %s\n", dev->cert_out, dev->key_out);
    /* In the console's register, so that it can be listed and revoked (admin2, issue 10). */
    if (!devca_register_file(cfg->data_dir, dev->cert_out, sl_now_unix(), err, sizeof err))
        fprintf(stderr,
                "stagelijnd: warning: %s; enter it later with stagelijn-admin device register "
                "--cert %s\n",
                err, dev->cert_out);
    return 0;
}

/* The ports in the log, and on stderr how to take the first step. */
static void announce(const sl_server *srv, const char *argv0)
{
    const sl_config *rc = &srv->cfg;
    char pwfile[SL_PATH_MAX + 32];
    snprintf(pwfile, sizeof pwfile, "%s/admin-password", rc->data_dir);
    const char *host = strcmp(rc->listen, "0.0.0.0:0") == 0 ? "127.0.0.1" : "localhost";
    /* From a build tree the client sits at ../client/ next to server/stagelijnd: name it with
     * its path so the first command can be pasted as it is. */
    char admin_prog[PATH_MAX] = "stagelijn-admin", guess[SL_PATH_MAX + 64], real[PATH_MAX];
    const char *slash = strrchr(argv0, '/');
    if (slash && (size_t)(slash - argv0) < SL_PATH_MAX) {
        snprintf(guess, sizeof guess, "%.*s/../client/stagelijn-admin", (int)(slash - argv0),
                 argv0);
        if (access(guess, X_OK) == 0 && realpath(guess, real))
            memcpy(admin_prog, real, sizeof admin_prog);
    }
    LOG_INFO("server", "stagelijnd %s listening on port %d (%s)", SL_VERSION, srv->port,
             rc->listen);
    if (srv->device_listener)
        LOG_INFO("server", "device listener (client certificate required) on port %d",
                 srv->device_port);
    if (srv->http)
        LOG_INFO("server", "metrics on http://127.0.0.1:%d/metrics", srv->metrics_port);
    fprintf(stderr, "\n  Stagelijn is running.\n  CA certificate:        %s\n", rc->tls_ca);
    /* The hint only while the one-time password file exists: the first passwd removes it. */
    if (access(pwfile, F_OK) == 0)
        fprintf(stderr,
                "  admin one-time password: %s\n"
                "  Try first:\n"
                "    %s --server %s:%d --ca %s --user admin --password-file %s passwd\n",
                pwfile, admin_prog, host, srv->port, rc->tls_ca, pwfile);
    fprintf(stderr, "  Stop with Ctrl-C.\n\n");
}

int main(int argc, char **argv)
{
    sl_config cfg;
    device_cert_request dev = {.company = ""};
    int status = load_config_file(argc, argv, &cfg);
    if (status < 0)
        status = parse_flags(argc, argv, &cfg, &dev);
    if (status >= 0)
        return status;
    if (dev.name)
        return issue_device_cert(&cfg, &dev);

    char err[512];
    if (restore_req.force && !restore_req.file) {
        fprintf(stderr, "stagelijnd: --force goes with --restore\n");
        return 2;
    }
    /* Restored before anything opens the directory; the daemon then starts on it as on any
     * database, applying the migrations the backup lacks. */
    if (restore_req.file) {
        if (!backup_restore(restore_req.file, cfg.data_dir, restore_req.force, err, sizeof err)) {
            fprintf(stderr, "stagelijnd: restore refused: %s\n", err);
            return 1;
        }
        LOG_INFO("server", "restored %s into %s", restore_req.file, cfg.data_dir);
    }
    sl_server *srv = server_new(&cfg, err, sizeof err);
    if (!srv) {
        fprintf(stderr, "stagelijnd: %s\n", err);
        return 1;
    }
    announce(srv, argv[0]);
    status = server_run(srv);
    server_free(srv);
    LOG_INFO("server", "stopped");
    return status;
}
