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

int main(int argc, char **argv)
{
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
    /* The config file is read first so that flags override it, whatever their order. */
    const char *config_file = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
            config_file = argv[i + 1];
        else if (strncmp(argv[i], "--config=", 9) == 0)
            config_file = argv[i] + 9;
    }
    sl_config cfg;
    char err[512];
    sl_config_defaults(&cfg);
    if (config_file && !sl_config_load_file(&cfg, config_file, err, sizeof err)) {
        fprintf(stderr, "stagelijnd: %s\n", err);
        return 2;
    }

    const char *issue = NULL, *company = "", *cert_out = NULL, *key_out = NULL;
    const char *restore = NULL;
    bool force = false;
    int c;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        bool ok = true;
        switch (c) {
        case OPT_DATA:
            ok = sl_config_set(&cfg, "data_dir", optarg, err, sizeof err);
            break;
        case OPT_LISTEN:
            ok = sl_config_set(&cfg, "listen", optarg, err, sizeof err);
            break;
        case OPT_PORTFILE:
            ok = sl_config_set(&cfg, "port_file", optarg, err, sizeof err);
            break;
        case OPT_LOG:
            ok = sl_config_set(&cfg, "log_level", optarg, err, sizeof err);
            break;
        case OPT_CONFIG:
            break;
        case OPT_SET: {
            char *eq = strchr(optarg, '=');
            if (!eq) {
                snprintf(err, sizeof err, "--set expects NAME=VALUE");
                ok = false;
                break;
            }
            *eq = '\0';
            ok = sl_config_set(&cfg, optarg, eq + 1, err, sizeof err);
            break;
        }
        case OPT_ISSUE:
            issue = optarg;
            break;
        case OPT_COMPANY:
            company = optarg;
            break;
        case OPT_CERTOUT:
            cert_out = optarg;
            break;
        case OPT_KEYOUT:
            key_out = optarg;
            break;
        case OPT_RESTORE:
            restore = optarg;
            break;
        case OPT_FORCE:
            force = true;
            break;
        case OPT_HELP:
            usage(stdout);
            return 0;
        case OPT_VERSION:
            printf("stagelijnd %s\n", SL_VERSION);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
        if (!ok) {
            fprintf(stderr, "stagelijnd: %s\n", err);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "stagelijnd: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    if (sl_log_level_parse(cfg.log_level) < 0) {
        fprintf(stderr, "stagelijnd: log_level must be debug, info, warn, error or none\n");
        return 2;
    }
    if (issue) {
        if (!cert_out || !key_out) {
            fprintf(stderr, "stagelijnd: --issue-device-cert needs --cert-out and --key-out\n");
            return 2;
        }
        if (company[0] && !sl_id_valid(company)) {
            fprintf(stderr, "stagelijnd: --company expects a company id (a UUID)\n");
            return 2;
        }
        if (company[0] && !company_exists(cfg.data_dir, company, err, sizeof err)) {
            fprintf(stderr, "stagelijnd: %s\n", err);
            return 1;
        }
        if (!devca_issue_device(cfg.data_dir, issue, company, cert_out, key_out, err, sizeof err)) {
            fprintf(stderr, "stagelijnd: %s\n", err);
            return 1;
        }
        printf("device certificate %s, key %s\n", cert_out, key_out);
        return 0;
    }

    if (force && !restore) {
        fprintf(stderr, "stagelijnd: --force goes with --restore\n");
        return 2;
    }
    /* Restored before anything opens the directory; the daemon then starts on it as on any
     * database, applying the migrations the backup lacks. */
    if (restore) {
        if (!backup_restore(restore, cfg.data_dir, force, err, sizeof err)) {
            fprintf(stderr, "stagelijnd: restore refused: %s\n", err);
            return 1;
        }
        LOG_INFO("server", "restored %s into %s", restore, cfg.data_dir);
    }

    sl_server *srv = server_new(&cfg, err, sizeof err);
    if (!srv) {
        fprintf(stderr, "stagelijnd: %s\n", err);
        return 1;
    }
    const sl_config *rc = &srv->cfg;
    char pwfile[SL_PATH_MAX + 32];
    snprintf(pwfile, sizeof pwfile, "%s/admin-password", rc->data_dir);
    const char *host = strcmp(rc->listen, "0.0.0.0:0") == 0 ? "127.0.0.1" : "localhost";
    /* From a build tree the client sits at ../client/ next to server/stagelijnd: name it with
     * its path so the first command can be pasted as it is. */
    char admin_prog[PATH_MAX] = "stagelijn-admin", guess[SL_PATH_MAX + 64], real[PATH_MAX];
    const char *slash = strrchr(argv[0], '/');
    if (slash && (size_t)(slash - argv[0]) < SL_PATH_MAX) {
        snprintf(guess, sizeof guess, "%.*s/../client/stagelijn-admin", (int)(slash - argv[0]),
                 argv[0]);
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
    int status = server_run(srv);
    server_free(srv);
    LOG_INFO("server", "stopped");
    return status;
}
