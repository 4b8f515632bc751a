#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/listener.h>

#include "admission.h"
#include "auth.h"
#include "backup.h"
#include "batch.h"
#include "read_audit.h"
#include "conn.h"
#include "devca.h"
#include "events.h"
#include "hasher.h"
#include "ids.h"
#include "log.h"
#include "requests.h"
#include "router.h"
#include "scheduler.h"
#include "submissions.h"
#include "target.h"
#include "timeutil.h"
#include "tls.h"

#define ADMIN_PASSWORD_LEN 16
/* Memory is handed back to the system once the connection count has fallen to a quarter of
 * its peak (and the peak was worth it), a second after the fall, so a burst of closes
 * trims once. */
#define TRIM_MIN_PEAK 64
#define TRIM_DELAY_MS 1000

/* Splits "HOST:PORT" ("[::1]:7443" for IPv6) into a sockaddr. */
static bool parse_addr(const char *text, struct sockaddr_storage *ss, socklen_t *len)
{
    char host[SL_ADDR_MAX];
    const char *colon = strrchr(text, ':');
    if (!colon || colon == text)
        return false;
    size_t hl = (size_t)(colon - text);
    if (hl >= sizeof host)
        return false;
    memcpy(host, text, hl);
    host[hl] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || end == colon + 1 || port < 0 || port > 65535)
        return false;
    memset(ss, 0, sizeof *ss);
    if (host[0] == '[' && host[hl - 1] == ']') {
        host[hl - 1] = '\0';
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons((uint16_t)port);
        *len = sizeof *s6;
        return inet_pton(AF_INET6, host + 1, &s6->sin6_addr) == 1;
    }
    struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
    s4->sin_family = AF_INET;
    s4->sin_port = htons((uint16_t)port);
    *len = sizeof *s4;
    if (strcmp(host, "localhost") == 0)
        strcpy(host, "127.0.0.1");
    return inet_pton(AF_INET, host, &s4->sin_addr) == 1;
}

static int bound_port(evutil_socket_t fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
        return -1;
    if (ss.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

static void accept_common(sl_server *srv, evutil_socket_t fd, const struct sockaddr *sa,
                          SSL_CTX *ctx, bool device)
{
    if (srv->stopping || srv->n_conns >= srv->cfg.max_connections) {
        srv->metrics.connections_refused++;
        LOG_WARN("net", "connection refused: %s",
                 srv->stopping ? "shutting down" : "max_connections reached");
        evutil_closesocket(fd);
        return;
    }
    peer *p = admission_peer(srv->admission, sa);
    if (!p || p->conns >= srv->cfg.max_connections_per_address) {
        srv->metrics.connections_refused++;
        srv->metrics.connections_refused_address++;
        /* Debug only: a flood from one address would otherwise flood the log too. */
        LOG_DEBUG("net", "connection from %s refused: max_connections_per_address reached",
                  p ? p->text : "an unknown address");
        evutil_closesocket(fd);
        return;
    }
    conn_new(srv, fd, ctx, device, p);
    if (p->conns == 0) /* conn_new failed and closed the socket */
        admission_release(srv->admission, p, sl_now_unix(), srv->cfg.login_address_window_seconds);
    if (srv->n_conns > srv->conns_peak)
        srv->conns_peak = srv->n_conns;
}

static void accept_cb(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int salen,
                      void *arg)
{
    sl_server *srv = arg;
    accept_common(srv, fd, sa, srv->ssl_ctx, false);
}

static void device_accept_cb(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa,
                             int salen, void *arg)
{
    sl_server *srv = arg;
    accept_common(srv, fd, sa, srv->device_ssl_ctx, true);
}

static void accept_error_cb(struct evconnlistener *l, void *arg)
{
    /* EMFILE and friends: keep serving the connections we have. */
    LOG_ERROR("net", "accept failed: %s", strerror(errno));
}

static struct evconnlistener *listen_on(sl_server *srv, const char *addr, evconnlistener_cb cb,
                                        int *port, char *err, size_t errlen)
{
    struct sockaddr_storage ss;
    socklen_t len;
    if (!parse_addr(addr, &ss, &len)) {
        snprintf(err, errlen, "bad listen address '%s' (expected HOST:PORT)", addr);
        return NULL;
    }
    struct evconnlistener *l = evconnlistener_new_bind(
        srv->base, cb, srv, LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_EXEC, 128,
        (struct sockaddr *)&ss, (int)len);
    if (!l) {
        snprintf(err, errlen, "cannot listen on %s: %s", addr, strerror(errno));
        return NULL;
    }
    evconnlistener_set_error_cb(l, accept_error_cb);
    *port = bound_port(evconnlistener_get_fd(l));
    return l;
}

/* ---------------------------------------------------------------- housekeeping, signals */

/* The busy timeout in milliseconds the connection has now (store.c sets it). */
static int current_busy_timeout(sqlite3 *db)
{
    int ms = 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "PRAGMA busy_timeout", -1, &st, NULL) != SQLITE_OK)
        return 0;
    if (sqlite3_step(st) == SQLITE_ROW)
        ms = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return ms;
}

/* A reader that keeps a snapshot for long (a backup, a report) stops checkpoints from
 * restarting the WAL, so it grows; SQLite keeps the file at that peak until a writer starts it
 * over, and journal_size_limit only acts then. With nothing uncommitted here, a TRUNCATE
 * checkpoint empties it now. It must not stall the loop: without a busy timeout it answers
 * SQLITE_BUSY at once while another reader still uses the WAL, and the next round retries. */
static void truncate_idle_wal(sl_server *srv)
{
    if (store_batch_open(srv->st))
        return;
    sqlite3 *db = store_db(srv->st);
    int busy_ms = current_busy_timeout(db);
    int frames = -1, copied = -1;
    sqlite3_busy_timeout(db, 0);
    int rc = sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &frames, &copied);
    sqlite3_busy_timeout(db, busy_ms);
    if (rc == SQLITE_OK && copied > 0)
        LOG_DEBUG("store", "WAL checkpointed (%d frames) and truncated", copied);
    else if (rc != SQLITE_OK)
        LOG_DEBUG("store", "WAL not truncated (%s; %d of %d frames copied); retried later",
                  sqlite3_errstr(rc), copied, frames);
}

/* Runs when the write store is the loop's (batch_after_commit): the WAL is truncated while no
 * batch is open, then expired sessions are removed in a batch of their own. */
static void housekeeping_run(void *arg, bool cancelled)
{
    sl_server *srv = arg;
    if (cancelled)
        return;
    truncate_idle_wal(srv);
    if (store_request_begin(srv->st) != SL_OK)
        return;
    int64_t now = sl_now_unix();
    int n = auth_sessions_expire(srv->st, now, srv->cfg.session_idle_seconds);
    bool ok =
        n >= 0 && submissions_expire(srv->st, now, srv->cfg.submission_keep_days * 86400) >= 0;
    if (store_request_end(srv->st, ok) != SL_OK)
        n = -1;
    batch_schedule(srv->batch);
    if (n > 0)
        LOG_DEBUG("auth", "expired %d sessions", n);
}

/* glibc keeps freed heap memory for reuse; after a flood of connections (TLS buffers and
 * bufferevents of up to max_connections clients) that is hundreds of megabytes the process
 * holds while it serves a few. */
static void trim_memory(sl_server *srv)
{
    malloc_trim(0);
    srv->conns_peak = srv->n_conns;
}

static void trim_cb(evutil_socket_t fd, short what, void *arg)
{
    trim_memory(arg);
}

static void connection_closed(sl_server *srv)
{
    if (srv->trim_ev && srv->conns_peak >= TRIM_MIN_PEAK && srv->n_conns <= srv->conns_peak / 4 &&
        !evtimer_pending(srv->trim_ev, NULL)) {
        struct timeval delay = {0, TRIM_DELAY_MS * 1000};
        evtimer_add(srv->trim_ev, &delay);
    }
}

/* A ticket key that never changes would let whoever reads it once (a core dump, a memory
 * leak) open every ticket the process ever issues; replaced every ticket lifetime, it opens
 * two hours' worth at most. */
static void rotate_ticket_keys(sl_server *srv, int64_t now)
{
    if (now - srv->ticket_key_rotated_at < SL_TLS_TICKET_LIFETIME_SECONDS)
        return;
    bool ok = sl_tls_rotate_ticket_key(srv->ssl_ctx) &&
              (!srv->device_ssl_ctx || sl_tls_rotate_ticket_key(srv->device_ssl_ctx));
    if (ok)
        srv->ticket_key_rotated_at = now;
    else
        LOG_WARN("tls", "cannot replace the session-ticket key; trying again next minute");
}

/* The scheduled backup (backup_interval_minutes): started from housekeeping, copied on the
 * backup's own thread; a backup already running (asked for by the admin) counts. */
static void scheduled_backup(sl_server *srv, int64_t now)
{
    if (srv->cfg.backup_interval_minutes <= 0 || !srv->backup)
        return;
    /* The newest backup in the folder counts too: one the admin made just now. */
    int64_t last = backup_newest_at(srv->backup);
    if (last < srv->backup_scheduled_at)
        last = srv->backup_scheduled_at;
    if (now - last < srv->cfg.backup_interval_minutes * 60)
        return;
    backup_info info;
    sl_status st = backup_start(srv->backup, now, (int)srv->cfg.backup_keep, &info);
    if (st == SL_OK || st == SL_EEXISTS)
        srv->backup_scheduled_at = now;
    if (st == SL_OK)
        LOG_INFO("backup", "scheduled backup %s started", info.name);
}

static void housekeeping_cb(evutil_socket_t fd, short what, void *arg)
{
    sl_server *srv = arg;
    scheduled_backup(srv, sl_now_unix());
    rotate_ticket_keys(srv, sl_now_unix());
    admission_sweep(srv->admission, sl_now_unix(), srv->cfg.login_address_window_seconds);
    conn_cut_stalled(srv, sl_now_monotonic_ms());
    if (srv->conns_peak > srv->n_conns)
        trim_memory(srv);
    /* The write store may be on disk with the committer: the work waits for it. */
    batch_after_commit(srv->batch, housekeeping_run, srv);
}

/* The listeners' TLS contexts from the configured certificate, key and CA files: both made
 * (the device one only with a device listener), or neither (false with a reason in err). */
static bool tls_contexts_new(sl_server *srv, SSL_CTX **plain, SSL_CTX **device, char *err,
                             size_t errlen)
{
    sl_tls_server_opts to = {.cert_file = srv->cfg.tls_cert,
                             .key_file = srv->cfg.tls_key,
                             .ca_file = srv->cfg.tls_ca,
                             .require_client_cert = false,
                             .allow_tls12 = srv->cfg.allow_tls12};
    *device = NULL;
    if (!(*plain = sl_tls_server_ctx_new(&to, err, errlen)))
        return false;
    if (srv->cfg.device_listen[0]) {
        to.require_client_cert = true;
        if (!(*device = sl_tls_server_ctx_new(&to, err, errlen))) {
            SSL_CTX_free(*plain);
            *plain = NULL;
            return false;
        }
    }
    return true;
}

/* SIGHUP (issue 10): certificates, keys and the CA read again, for a renewed certificate
 * without a restart. New connections use the new contexts; open ones keep theirs (OpenSSL
 * counts references). A reload that fails keeps the old contexts and says why. */
static void reload_cb(evutil_socket_t sig, short what, void *arg)
{
    sl_server *srv = arg;
    SSL_CTX *plain, *device;
    char err[512] = "";
    if (!tls_contexts_new(srv, &plain, &device, err, sizeof err)) {
        LOG_WARN("server", "SIGHUP: TLS reload failed, keeping the old certificates: %s", err);
        return;
    }
    SSL_CTX_free(srv->ssl_ctx);
    SSL_CTX_free(srv->device_ssl_ctx);
    srv->ssl_ctx = plain;
    srv->device_ssl_ctx = device;
    srv->ticket_key_rotated_at = sl_now_unix();
    LOG_INFO("server", "SIGHUP: TLS certificates and keys reloaded");
}

static void signal_cb(evutil_socket_t sig, short what, void *arg)
{
    sl_server *srv = arg;
    LOG_INFO("server", "signal %d: shutting down", (int)sig);
    server_request_stop(srv);
}

static void stop_cb(evutil_socket_t fd, short what, void *arg)
{
    sl_server *srv = arg;
    event_base_loopbreak(srv->base);
}

void server_request_stop(sl_server *srv)
{
    if (srv->stopping)
        return;
    srv->stopping = true;
    if (srv->listener)
        evconnlistener_disable(srv->listener);
    if (srv->device_listener)
        evconnlistener_disable(srv->device_listener);
    /* What is in flight is finished and committed; its replies get a moment to leave. */
    batch_step(srv->batch);
    struct timeval grace = {0, 300 * 1000};
    event_base_once(srv->base, -1, EV_TIMEOUT, stop_cb, srv, &grace);
}

/* ---------------------------------------------------------------- metrics */

static void http_healthz(struct evhttp_request *req, void *arg)
{
    sl_server *srv = arg;
    struct evbuffer *b = evbuffer_new();
    bool ok = !srv->stopping && store_schema_version(srv->reader) == store_latest_version();
    evbuffer_add_printf(b, ok ? "ok\n" : "unhealthy\n");
    evhttp_send_reply(req, ok ? 200 : 503, ok ? "OK" : "Service Unavailable", b);
    evbuffer_free(b);
}

static void http_metrics(struct evhttp_request *req, void *arg)
{
    sl_server *srv = arg;
    const sl_metrics *m = &srv->metrics;
    struct evbuffer *b = evbuffer_new();
    evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type",
                      "text/plain; version=0.0.4");
#define METRIC(name, type, value)                                                                  \
    evbuffer_add_printf(b, "# TYPE stagelijn_" name " " type "\nstagelijn_" name " %llu\n",        \
                        (unsigned long long)(value))
    METRIC("connections_current", "gauge", srv->n_conns);
    METRIC("connections_total", "counter", m->connections_total);
    METRIC("connections_refused_total", "counter", m->connections_refused);
    METRIC("connections_refused_address_total", "counter", m->connections_refused_address);
    METRIC("connections_deadline_total", "counter", m->connections_deadline);
    METRIC("logins_refused_address_total", "counter", m->logins_refused_address);
    METRIC("addresses_tracked", "gauge", admission_count(srv->admission));
    METRIC("requests_total", "counter", m->requests_total);
    METRIC("request_errors_total", "counter", m->request_errors);
    METRIC("protocol_errors_total", "counter", m->protocol_errors);
    METRIC("batches_committed_total", "counter", m->batches_committed);
    METRIC("batch_requests_total", "counter", m->batch_requests);
    METRIC("commit_failures_total", "counter", m->commit_failures);
    METRIC("commit_microseconds_total", "counter", m->commit_usec_total);
    METRIC("events_pushed_total", "counter", m->events_pushed);
    METRIC("stalled_connections_cut_total", "counter", m->stalled_cut);
    METRIC("event_seq_committed", "gauge", srv->committed_seq);
    METRIC("password_jobs_backlog", "gauge", hasher_backlog(srv->hasher));
#undef METRIC
    evhttp_send_reply(req, 200, "OK", b);
    evbuffer_free(b);
}

static bool start_metrics(sl_server *srv, char *err, size_t errlen)
{
    struct sockaddr_storage ss;
    socklen_t len;
    if (!parse_addr(srv->cfg.metrics_listen, &ss, &len)) {
        snprintf(err, errlen, "bad metrics_listen '%s'", srv->cfg.metrics_listen);
        return false;
    }
    char host[64];
    int port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
    if (ss.ss_family != AF_INET ||
        !inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host) ||
        strncmp(host, "127.", 4) != 0) {
        /* Metrics and health carry no secrets but are not meant for the network. */
        snprintf(err, errlen, "metrics_listen must be a 127.x.x.x address");
        return false;
    }
    srv->http = evhttp_new(srv->base);
    struct evhttp_bound_socket *bs =
        srv->http ? evhttp_bind_socket_with_handle(srv->http, host, (uint16_t)port) : NULL;
    if (!bs) {
        snprintf(err, errlen, "cannot listen on %s", srv->cfg.metrics_listen);
        return false;
    }
    srv->metrics_port = bound_port(evhttp_bound_socket_get_fd(bs));
    evhttp_set_allowed_methods(srv->http, EVHTTP_REQ_GET);
    evhttp_set_cb(srv->http, "/healthz", http_healthz, srv);
    evhttp_set_cb(srv->http, "/metrics", http_metrics, srv);
    return true;
}

/* ---------------------------------------------------------------- connection hooks */

static bool may_take_frames(const conn *c)
{
    return !batch_full(c->srv->batch);
}

static void hold_connection(conn *c)
{
    batch_wait(c->srv->batch, c);
}

static void connection_writable(conn *c)
{
    if (c->subscribed)
        events_pump(c);
}

static void connection_closed(sl_server *srv);

static const conn_hooks hooks = {router_frame, may_take_frames, hold_connection,
                                 connection_writable, connection_closed};

/* ---------------------------------------------------------------- session epoch */

/* SQLite reports every row the write connection changes. A deleted session (logout, password
 * change, expiry) or a changed account (role, company, disabled) ends what connections have
 * cached of their sessions; a touch of last_seen (an UPDATE of sessions) does not. A changed
 * or deleted student or class ends the authorization facts kept of students (target.c). Done
 * here rather than at each call site, so a new way of changing them cannot forget it. */
static void row_changed(void *arg, int op, const char *db, const char *table, sqlite3_int64 row)
{
    sl_server *srv = arg;
    bool ends = (op == SQLITE_DELETE && strcmp(table, "sessions") == 0) ||
                (op != SQLITE_INSERT && strcmp(table, "users") == 0);
    if (ends) {
        srv->session_epoch++;
        srv->sessions_changed = true;
    }
    if (op != SQLITE_INSERT && (strcmp(table, "students") == 0 || strcmp(table, "classes") == 0)) {
        srv->facts_epoch++;
        srv->facts_changed = true;
    }
}

/* ---------------------------------------------------------------- revoked devices */

/* The serials of revoked device certificates from the database into srv->revoked (issue 10);
 * false with a reason when they cannot be read: a daemon that might let a revoked kiosk in
 * does not start. */
static bool load_revoked(sl_server *srv, char *err, size_t errlen)
{
    sqlite3_stmt *q = store_query(
        srv->st, "SELECT serial FROM device_certs WHERE revoked_at IS NOT NULL", SB_NONE);
    bool row, ok = q != NULL;
    sl_status st = SL_OK;
    while (ok && (st = store_next(q, &row)) == SL_OK && row)
        ok = revoked_add(&srv->revoked, store_col(q, 0));
    if (q)
        store_stmt_done(q);
    if (!ok || st != SL_OK) {
        snprintf(err, errlen, "cannot read the revoked device certificates");
        return false;
    }
    /* The CRL file as the register stands (admin2): not fatal, a school's own CA has no key
     * here and publishes its own. */
    char why[256];
    if (!devca_publish_crl(srv->st, srv->cfg.data_dir, sl_now_unix(), why, sizeof why))
        LOG_WARN("server", "no device revocation list written: %s", why);
    return true;
}

/* ---------------------------------------------------------------- first start */

static bool write_secret_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        return false;
    size_t n = strlen(text);
    bool ok = write(fd, text, n) == (ssize_t)n && write(fd, "\n", 1) == 1 && fsync(fd) == 0;
    return close(fd) == 0 && ok;
}

/* On an empty database: the admin account with a one-time password in DIR/admin-password. */
static bool ensure_admin(sl_server *srv, char *err, size_t errlen)
{
    sqlite3_stmt *q = store_query(srv->st, "SELECT count(*) FROM users", SB_NONE);
    if (store_row(q) != SL_OK) {
        snprintf(err, errlen, "cannot read users");
        return false;
    }
    int users = sqlite3_column_int(q, 0);
    store_stmt_done(q);
    if (users > 0)
        return true;
    char password[ADMIN_PASSWORD_LEN + 1], hash[AUTH_HASH_MAX], path[SL_PATH_MAX + 32];
    auth_random_password(password, ADMIN_PASSWORD_LEN);
    if (!auth_password_hash(password, (int)srv->cfg.scrypt_log2_n, hash)) {
        snprintf(err, errlen, "cannot hash the admin password");
        return false;
    }
    snprintf(path, sizeof path, "%s/admin-password", srv->cfg.data_dir);
    unlink(path); /* a stale file from an earlier, deleted database would be wrong */
    sl_id id = sl_id_new();
    int64_t now = sl_now_unix();
    sl_status st = store_request_begin(srv->st);
    if (st == SL_OK)
        st = store_exec(srv->st, NULL,
                        "INSERT INTO users (id, username, display_name, role, password_hash, "
                        "must_change, created_at) VALUES (?1, 'admin', 'Beheerder', 'admin', ?2, "
                        "1, ?3)",
                        SB(id.s), SB(hash), SB(now));
    if (st == SL_OK)
        st = store_exec(srv->st, NULL,
                        "INSERT INTO audit (at, operation, target_type, target_id) "
                        "VALUES (?1, 'bootstrap', 'user', ?2)",
                        SB(now), SB(id.s));
    sl_status ended = store_request_end(srv->st, st == SL_OK);
    if (st == SL_OK)
        st = ended;
    if (st != SL_OK || store_batch_commit(srv->st) != SL_OK) {
        snprintf(err, errlen, "cannot create the admin account");
        return false;
    }
    if (!write_secret_file(path, password)) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        return false;
    }
    LOG_INFO("server", "created account 'admin'; one-time password in %s", path);
    return true;
}

/* A database that opens but cannot be written (a read-only or immutable file, a read-only
 * directory or mount, no room for the WAL) would let the daemon start "healthy" and fail
 * every login. SQLite falls back to read-only when the file cannot be opened for writing, so
 * that is asked first; then one committed write (the schema version set to itself) proves
 * that the WAL can be written and synced. It costs one fsync at start. */
static bool store_writable(sl_server *srv, const char *dbpath, char *err, size_t errlen)
{
    sqlite3 *db = store_db(srv->st);
    char why[256] = "", sql[64];
    bool ok = sqlite3_db_readonly(db, "main") == 0;
    if (!ok)
        snprintf(why, sizeof why, "the file or its directory is read-only");
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", store_schema_version(srv->st));
    if (ok && store_exec_script(srv->st, "BEGIN IMMEDIATE", why, sizeof why) != SL_OK)
        ok = false;
    else if (ok && (store_exec_script(srv->st, sql, why, sizeof why) != SL_OK ||
                    store_exec_script(srv->st, "COMMIT", why, sizeof why) != SL_OK)) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        ok = false;
    }
    if (!ok)
        snprintf(err, errlen,
                 "cannot write the database %s (%s); check the permissions, attributes and "
                 "free space of the file and of %s",
                 dbpath, why, srv->cfg.data_dir);
    return ok;
}

/* ---------------------------------------------------------------- lifecycle */

/* The data directory, its CA, the database (writable, with an admin), the read connection and
 * the newest event. */
static bool open_store(sl_server *srv, char *err, size_t errlen)
{
    if (mkdir(srv->cfg.data_dir, 0700) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "cannot create %s: %s", srv->cfg.data_dir, strerror(errno));
        return false;
    }
    if (!devca_ensure(srv->cfg.data_dir, err, errlen))
        return false;
    char dbpath[SL_PATH_MAX + 32];
    snprintf(dbpath, sizeof dbpath, "%s/stagelijn.db", srv->cfg.data_dir);
    /* Sets the school's time zone before a migration dates existing rows in local time
     * (007_fact_dates.sql). */
    (void)sl_date_today_local();
    if (store_open(dbpath, &srv->st, err, errlen) != SL_OK ||
        !store_writable(srv, dbpath, err, errlen) || !ensure_admin(srv, err, errlen) ||
        store_open_reader(dbpath, &srv->reader, err, errlen) != SL_OK)
        return false;
    char backup_dir[SL_PATH_MAX + 32];
    snprintf(backup_dir, sizeof backup_dir, "%s/backups", srv->cfg.data_dir);
    if (!(srv->backup = backup_runner_new(dbpath, backup_dir)) ||
        !(srv->read_audit = read_audit_new())) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    /* The schedule goes on from the newest backup in the folder, so that restarts do not put
     * it off: with none (or an old one), the first housekeeping makes one. */
    srv->backup_scheduled_at = backup_newest_at(srv->backup);
    sqlite3_update_hook(store_db(srv->st), row_changed, srv);
    uint64_t newest_event;
    if (events_max_seq(srv->st, &newest_event) != SL_OK) {
        snprintf(err, errlen, "cannot read the event log");
        return false;
    }
    srv->committed_seq = (int64_t)newest_event;
    return load_revoked(srv, err, errlen);
}

/* The TLS contexts of both listeners (each makes a fresh ticket key). */
static bool open_tls(sl_server *srv, char *err, size_t errlen)
{
    if (!tls_contexts_new(srv, &srv->ssl_ctx, &srv->device_ssl_ctx, err, errlen))
        return false;
    srv->ticket_key_rotated_at = sl_now_unix();
    return true;
}

/* The event loop, the listeners and the metrics endpoint. */
static bool open_loop(sl_server *srv, char *err, size_t errlen)
{
    struct event_config *ec = event_config_new();
    /* Interest changes of one loop pass are applied together before epoll_wait; a change
     * undone in the same pass costs no system call (conn.c: queue_output). */
    if (ec)
        event_config_set_flag(ec, EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST);
    srv->base = ec ? event_base_new_with_config(ec) : NULL;
    event_config_free(ec);
    if (!srv->base) {
        snprintf(err, errlen, "cannot create the event loop");
        return false;
    }
    srv->listener = listen_on(srv, srv->cfg.listen, accept_cb, &srv->port, err, errlen);
    if (!srv->listener)
        return false;
    if (srv->cfg.device_listen[0]) {
        srv->device_listener = listen_on(srv, srv->cfg.device_listen, device_accept_cb,
                                         &srv->device_port, err, errlen);
        if (!srv->device_listener)
            return false;
    }
    return !srv->cfg.metrics_listen[0] || start_metrics(srv, err, errlen);
}

/* The password workers, the batch, the timers and the signals. */
static bool start_work(sl_server *srv, char *err, size_t errlen)
{
    /* As many hash workers as cores: a login's scrypt runs there, not on the loop. */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    srv->hasher = hasher_new(srv->base,
                             cores < 1   ? 1
                             : cores > 8 ? 8
                                         : (int)cores,
                             (int)srv->cfg.login_queue_max);
    if (!srv->hasher) {
        snprintf(err, errlen, "cannot start the password workers");
        return false;
    }
    srv->batch = batch_new(srv, srv->base);
    /* Reviews due (issue 9): its first pass runs as soon as the loop does. */
    srv->scheduler = srv->batch ? scheduler_new(srv) : NULL;
    if (srv->batch && !srv->scheduler) {
        snprintf(err, errlen, "cannot start the reviews-due scheduler");
        return false;
    }
    srv->trim_ev = evtimer_new(srv->base, trim_cb, srv);
    srv->housekeeping_ev = event_new(srv->base, -1, EV_PERSIST, housekeeping_cb, srv);
    srv->sig_term = evsignal_new(srv->base, SIGTERM, signal_cb, srv);
    srv->sig_int = evsignal_new(srv->base, SIGINT, signal_cb, srv);
    /* SIGHUP: certificates and keys read again (a failed reload keeps the old ones). */
    srv->sig_hup = evsignal_new(srv->base, SIGHUP, reload_cb, srv);
    struct timeval hk = {srv->cfg.housekeeping_seconds, 0};
    if (!srv->batch || !srv->trim_ev || !srv->housekeeping_ev || !srv->sig_term || !srv->sig_int ||
        !srv->sig_hup || event_add(srv->housekeeping_ev, &hk) != 0 ||
        event_add(srv->sig_term, NULL) != 0 || event_add(srv->sig_int, NULL) != 0 ||
        event_add(srv->sig_hup, NULL) != 0) {
        snprintf(err, errlen, "cannot set up events");
        return false;
    }
    /* A client that vanishes must not kill us with SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);
    return true;
}

/* Line 1: the port for people; line 2: the device port; line 3: the metrics port (0 when that
 * listener is off). Written whole, then renamed: a reader never sees a half-written port. */
static bool write_port_file(const sl_server *srv, char *err, size_t errlen)
{
    char tmp[SL_PATH_MAX + 8], text[64];
    snprintf(tmp, sizeof tmp, "%s.tmp", srv->cfg.port_file);
    snprintf(text, sizeof text, "%d\n%d\n%d\n", srv->port, srv->device_port, srv->metrics_port);
    FILE *f = fopen(tmp, "w");
    bool ok = f != NULL;
    if (f) {
        ok = fputs(text, f) >= 0;
        ok = fclose(f) == 0 && ok;
    }
    if (!ok || rename(tmp, srv->cfg.port_file) != 0) {
        snprintf(err, errlen, "cannot write port file %s", srv->cfg.port_file);
        return false;
    }
    return true;
}

sl_server *server_new(const sl_config *cfg, char *err, size_t errlen)
{
    sl_server *srv = calloc(1, sizeof *srv);
    if (!srv) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    srv->cfg = *cfg;
    srv->hooks = &hooks;
    srv->requests = request_table(&srv->n_requests);
    sl_config_finish(&srv->cfg);
    int lvl = sl_log_level_parse(srv->cfg.log_level);
    if (lvl >= 0)
        sl_log_set_level((sl_log_level)lvl);
    /* Before anything reads the clock (the admin's created_at included); said loudly, since a
     * shifted clock outside a test or drill would date every record wrongly. */
    sl_clock_set_offset(srv->cfg.clock_offset_seconds);
    if (srv->cfg.clock_offset_seconds)
        LOG_WARN("server", "clock shifted by %ld s (clock_offset_seconds): tests and drills only",
                 srv->cfg.clock_offset_seconds);
    if (!(srv->admission = admission_new())) {
        snprintf(err, errlen, "out of memory");
        goto error;
    }
    if (!open_store(srv, err, errlen) || !open_tls(srv, err, errlen) ||
        !open_loop(srv, err, errlen) || !start_work(srv, err, errlen) ||
        (srv->cfg.port_file[0] && !write_port_file(srv, err, errlen)))
        goto error;
    return srv;
error:
    server_free(srv);
    return NULL;
}

int server_run(sl_server *srv)
{
    int rc = event_base_dispatch(srv->base);
    batch_drain(srv->batch);
    return rc < 0 ? 1 : 0;
}

void server_free(sl_server *srv)
{
    if (!srv)
        return;
    if (srv->base)
        conn_close_all(srv);
    /* Logins still being hashed are dropped: their connections are gone. */
    hasher_free(srv->hasher);
    batch_free(srv->batch);
    scheduler_free(srv->scheduler); /* after the batch: a pass queued there is cancelled */
    /* Reads noted after the last batch are written now (the committer has stopped). */
    read_audit_free(srv->read_audit, srv->st);
    events_free(srv);
    target_cache_free(srv);
    if (srv->listener)
        evconnlistener_free(srv->listener);
    if (srv->device_listener)
        evconnlistener_free(srv->device_listener);
    if (srv->http)
        evhttp_free(srv->http);
    if (srv->trim_ev)
        event_free(srv->trim_ev);
    if (srv->housekeeping_ev)
        event_free(srv->housekeeping_ev);
    if (srv->sig_term)
        event_free(srv->sig_term);
    if (srv->sig_int)
        event_free(srv->sig_int);
    if (srv->sig_hup)
        event_free(srv->sig_hup);
    if (srv->base)
        event_base_free(srv->base);
    SSL_CTX_free(srv->ssl_ctx);
    SSL_CTX_free(srv->device_ssl_ctx);
    /* A backup in progress finishes first: its copy is then whole and verified. */
    backup_runner_free(srv->backup);
    store_close(srv->reader);
    revoked_free(&srv->revoked);
    /* Last: connections and cancelled logins released their entries above. */
    admission_free(srv->admission);
    store_close(srv->st);
    free(srv);
}
