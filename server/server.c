#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
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

#include "auth.h"
#include "batch.h"
#include "conn.h"
#include "devca.h"
#include "events.h"
#include "hasher.h"
#include "ids.h"
#include "log.h"
#include "timeutil.h"
#include "tls.h"

#define ADMIN_PASSWORD_LEN 16
#define HOUSEKEEPING_SECONDS 60

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

static void accept_common(sl_server *srv, evutil_socket_t fd, SSL_CTX *ctx, bool device)
{
    if (srv->stopping || srv->n_conns >= srv->cfg.max_connections) {
        srv->metrics.connections_refused++;
        LOG_WARN("net", "connection refused: %s",
                 srv->stopping ? "shutting down" : "max_connections reached");
        evutil_closesocket(fd);
        return;
    }
    conn_new(srv, fd, ctx, device);
}

static void accept_cb(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int salen,
                      void *arg)
{
    sl_server *srv = arg;
    accept_common(srv, fd, srv->ssl_ctx, false);
}

static void device_accept_cb(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa,
                             int salen, void *arg)
{
    sl_server *srv = arg;
    accept_common(srv, fd, srv->device_ssl_ctx, true);
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

static void housekeeping_cb(evutil_socket_t fd, short what, void *arg)
{
    sl_server *srv = arg;
    batch_step(srv->batch);
    /* The write store may be on disk with the committer; expiry waits for the next round. */
    if (!batch_busy(srv->batch) && store_request_begin(srv->st) == SL_OK) {
        int n = auth_sessions_expire(srv->st, sl_now_unix(), srv->cfg.session_idle_seconds);
        if (store_request_end(srv->st, n >= 0) != SL_OK)
            n = -1;
        batch_step(srv->batch);
        if (n > 0)
            LOG_DEBUG("auth", "expired %d sessions", n);
    }
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
    METRIC("requests_total", "counter", m->requests_total);
    METRIC("request_errors_total", "counter", m->request_errors);
    METRIC("protocol_errors_total", "counter", m->protocol_errors);
    METRIC("batches_committed_total", "counter", m->batches_committed);
    METRIC("batch_requests_total", "counter", m->batch_requests);
    METRIC("commit_failures_total", "counter", m->commit_failures);
    METRIC("commit_microseconds_total", "counter", m->commit_usec_total);
    METRIC("events_pushed_total", "counter", m->events_pushed);
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

/* ---------------------------------------------------------------- session epoch */

/* SQLite reports every row the write connection changes. A deleted session (logout, password
 * change, expiry) or a changed account (role, company, disabled) ends what connections have
 * cached of their sessions; a touch of last_seen (an UPDATE of sessions) does not. Done here
 * rather than at each call site, so a new way of ending sessions cannot forget it. */
static void row_changed(void *arg, int op, const char *db, const char *table, sqlite3_int64 row)
{
    sl_server *srv = arg;
    bool ends = (op == SQLITE_DELETE && strcmp(table, "sessions") == 0) ||
                (op != SQLITE_INSERT && strcmp(table, "users") == 0);
    if (ends) {
        srv->session_epoch++;
        srv->sessions_changed = true;
    }
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

/* ---------------------------------------------------------------- lifecycle */

sl_server *server_new(const sl_config *cfg, char *err, size_t errlen)
{
    sl_server *srv = calloc(1, sizeof *srv);
    if (!srv) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    srv->cfg = *cfg;
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

    if (mkdir(srv->cfg.data_dir, 0700) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "cannot create %s: %s", srv->cfg.data_dir, strerror(errno));
        goto error;
    }
    if (!devca_ensure(srv->cfg.data_dir, err, errlen))
        goto error;
    char dbpath[SL_PATH_MAX + 32];
    snprintf(dbpath, sizeof dbpath, "%s/stagelijn.db", srv->cfg.data_dir);
    /* Sets the school's time zone before a migration dates existing rows in local time
     * (005_fact_dates.sql). */
    (void)sl_date_today_local();
    if (store_open(dbpath, &srv->st, err, errlen) != SL_OK)
        goto error;
    if (!ensure_admin(srv, err, errlen))
        goto error;
    if (store_open_reader(dbpath, &srv->reader, err, errlen) != SL_OK)
        goto error;
    sqlite3_update_hook(store_db(srv->st), row_changed, srv);
    uint64_t newest_event;
    if (events_max_seq(srv->st, &newest_event) != SL_OK) {
        snprintf(err, errlen, "cannot read the event log");
        goto error;
    }
    srv->committed_seq = (int64_t)newest_event;

    sl_tls_server_opts to = {.cert_file = srv->cfg.tls_cert,
                             .key_file = srv->cfg.tls_key,
                             .ca_file = srv->cfg.tls_ca,
                             .require_client_cert = false,
                             .allow_tls12 = srv->cfg.allow_tls12};
    if (!(srv->ssl_ctx = sl_tls_server_ctx_new(&to, err, errlen)))
        goto error;
    if (srv->cfg.device_listen[0]) {
        to.require_client_cert = true;
        if (!(srv->device_ssl_ctx = sl_tls_server_ctx_new(&to, err, errlen)))
            goto error;
    }

    struct event_config *ec = event_config_new();
    srv->base = ec ? event_base_new_with_config(ec) : NULL;
    event_config_free(ec);
    if (!srv->base) {
        snprintf(err, errlen, "cannot create the event loop");
        goto error;
    }
    srv->listener = listen_on(srv, srv->cfg.listen, accept_cb, &srv->port, err, errlen);
    if (!srv->listener)
        goto error;
    if (srv->cfg.device_listen[0]) {
        srv->device_listener = listen_on(srv, srv->cfg.device_listen, device_accept_cb,
                                         &srv->device_port, err, errlen);
        if (!srv->device_listener)
            goto error;
    }
    if (srv->cfg.metrics_listen[0] && !start_metrics(srv, err, errlen))
        goto error;

    /* As many hash workers as cores: a login's scrypt runs there, not on the loop. */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    srv->hasher = hasher_new(srv->base, cores < 1 ? 1 : cores > 8 ? 8 : (int)cores);
    if (!srv->hasher) {
        snprintf(err, errlen, "cannot start the password workers");
        goto error;
    }
    srv->batch = batch_new(srv, srv->base);
    srv->housekeeping_ev = event_new(srv->base, -1, EV_PERSIST, housekeeping_cb, srv);
    srv->sig_term = evsignal_new(srv->base, SIGTERM, signal_cb, srv);
    srv->sig_int = evsignal_new(srv->base, SIGINT, signal_cb, srv);
    struct timeval hk = {HOUSEKEEPING_SECONDS, 0};
    if (!srv->batch || !srv->housekeeping_ev || !srv->sig_term || !srv->sig_int ||
        event_add(srv->housekeeping_ev, &hk) != 0 || event_add(srv->sig_term, NULL) != 0 ||
        event_add(srv->sig_int, NULL) != 0) {
        snprintf(err, errlen, "cannot set up events");
        goto error;
    }
    /* A client that vanishes must not kill us with SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);

    if (srv->cfg.port_file[0]) {
        char tmp[SL_PATH_MAX + 8], text[64];
        snprintf(tmp, sizeof tmp, "%s.tmp", srv->cfg.port_file);
        /* Line 1: the port for people; line 2: the device port; line 3: the metrics port
         * (0 when that listener is off). */
        snprintf(text, sizeof text, "%d\n%d\n%d\n", srv->port, srv->device_port, srv->metrics_port);
        FILE *f = fopen(tmp, "w");
        /* Written whole, then renamed: a reader never sees a half-written port. */
        if (!f || fputs(text, f) < 0 || fclose(f) != 0 || rename(tmp, srv->cfg.port_file) != 0) {
            snprintf(err, errlen, "cannot write port file %s", srv->cfg.port_file);
            goto error;
        }
    }
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
    if (srv->listener)
        evconnlistener_free(srv->listener);
    if (srv->device_listener)
        evconnlistener_free(srv->device_listener);
    if (srv->http)
        evhttp_free(srv->http);
    if (srv->housekeeping_ev)
        event_free(srv->housekeeping_ev);
    if (srv->sig_term)
        event_free(srv->sig_term);
    if (srv->sig_int)
        event_free(srv->sig_int);
    if (srv->base)
        event_base_free(srv->base);
    SSL_CTX_free(srv->ssl_ctx);
    SSL_CTX_free(srv->device_ssl_ctx);
    store_close(srv->reader);
    store_close(srv->st);
    free(srv);
}
