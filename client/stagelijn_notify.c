/* stagelijn-notify: for automation. Subscribes to server push and prints every event as one
 * JSON line on stdout, or hands it to a command (--exec) on its standard input. Resumes from
 * the last sequence number it saw (--after-seq, or a --state-file it keeps up to date, or a
 * server-side --durable cursor), and reconnects with back-off when the server goes away, so no
 * event is lost across restarts. The cursor moves past an event only once it is delivered
 * (printed, or the command succeeded or was given up with --on-exec-failure skip): a restart
 * repeats at most the one event that was being delivered. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "notify_exec.h"
#include "output.h"
#include "termtext.h"

#define MAX_TOPICS 16
#define MAX_BACKOFF_S 30
#define MAX_EXEC_BACKOFF_S 300
/* The command's delivery failed and --on-exec-failure stop was chosen (docs/clients.md). */
#define EXIT_DELIVERY 4

typedef struct {
    const char *cmd;         /* NULL: print to stdout */
    unsigned long retries;   /* further attempts after a failure */
    unsigned long backoff_s; /* first wait between attempts; doubles */
    unsigned long timeout_s; /* a command running longer is killed: a failure */
    bool skip_on_failure;    /* give up on the event (reported) instead of stopping */
} exec_opts;

typedef struct {
    const char *topics[MAX_TOPICS];
    int n_topics;
    const char *durable;
    bool all_school; /* a coach: the whole school's events, not only his/her interns' */
    const char *state_file;
    unsigned long max_events;
    unsigned long idle_exit_s;
    bool reconnect;
    uint64_t cursor;
    unsigned long seen;
    exec_opts exec;
    bool delivery_failed; /* stopped on an event the command could not take */
} notify_state;

static uint64_t read_state(const char *path)
{
    FILE *f = fopen(path, "r");
    unsigned long long v = 0;
    if (f) {
        if (fscanf(f, "%llu", &v) != 1)
            v = 0;
        fclose(f);
    }
    return (uint64_t)v;
}

/* Written whole and renamed, so a crash never leaves a half-written cursor. */
static bool write_state(const char *path, uint64_t seq)
{
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return false;
    bool ok = fprintf(f, "%llu\n", (unsigned long long)seq) > 0;
    ok = fflush(f) == 0 && ok && fsync(fileno(f)) == 0;
    ok = fclose(f) == 0 && ok;
    return ok && rename(tmp, path) == 0;
}

static sl_status subscribe(cli_ctx *ctx, notify_state *ns)
{
    Stagelijn__V1__SubscribeRequest s = STAGELIJN__V1__SUBSCRIBE_REQUEST__INIT;
    s.n_topics = (size_t)ns->n_topics;
    s.topics = (char **)ns->topics;
    s.after_seq = ns->cursor;
    s.durable_name = (char *)(ns->durable ? ns->durable : "");
    s.all_school = ns->all_school;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBSCRIBE;
    req.subscribe = &s;
    int code;
    sl_status st = cli_call(ctx, &req, &rep, &code);
    if (st == SL_OK) {
        if (rep->subscribe_reply->replay_from > ns->cursor)
            ns->cursor = rep->subscribe_reply->replay_from;
        sl_envelope_free(rep);
    }
    return st;
}

static sl_status ack(cli_ctx *ctx, notify_state *ns)
{
    Stagelijn__V1__AckEventsRequest a = STAGELIJN__V1__ACK_EVENTS_REQUEST__INIT;
    a.durable_name = (char *)ns->durable;
    a.seq = ns->cursor;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_ACK_EVENTS;
    req.ack_events = &a;
    int code;
    sl_status st = cli_call(ctx, &req, &rep, &code);
    sl_envelope_free(rep);
    return st;
}

/* Runs the command for one event, with retries and doubling waits. True when delivered. */
static bool deliver_exec(const exec_opts *x, const Stagelijn__V1__Event *e, const char *json,
                         size_t len)
{
    char seq_env[64], topic_env[128];
    snprintf(seq_env, sizeof seq_env, "STAGELIJN_EVENT_SEQ=%llu", (unsigned long long)e->seq);
    snprintf(topic_env, sizeof topic_env, "STAGELIJN_EVENT_TOPIC=%s", e->topic);
    char *env[] = {seq_env, topic_env};
    unsigned long wait_s = x->backoff_s;
    for (unsigned long attempt = 0;; attempt++) {
        char why[160];
        if (notify_exec_run(x->cmd, json, len, env, 2, (int)x->timeout_s, why, sizeof why))
            return true;
        fprintf(stderr,
                _("stagelijn-notify: the command failed for event %llu (%s); "
                  "attempt %lu of %lu\n"),
                (unsigned long long)e->seq, why, attempt + 1, x->retries + 1);
        if (attempt >= x->retries)
            return false;
        sleep((unsigned)wait_s);
        wait_s = wait_s * 2 > MAX_EXEC_BACKOFF_S ? MAX_EXEC_BACKOFF_S : wait_s * 2;
    }
}

/* Prints the event or hands it to the command. False when it was not delivered and the
 * notifier must stop (the cursor stays before it). */
static bool deliver(notify_state *ns, const Stagelijn__V1__Event *e)
{
    if (!ns->exec.cmd) {
        output_json(stdout, &e->base);
        fputc('\n', stdout);
        fflush(stdout);
        return true;
    }
    char *json = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&json, &len);
    if (!mem)
        return false;
    output_json(mem, &e->base);
    fputc('\n', mem);
    bool ok = fclose(mem) == 0 && deliver_exec(&ns->exec, e, json, len);
    free(json);
    if (!ok && ns->exec.skip_on_failure) {
        fprintf(stderr, _("stagelijn-notify: event %llu skipped: the command did not take it\n"),
                (unsigned long long)e->seq);
        return true;
    }
    return ok;
}

/* Receives until the connection fails (returns the status), the event limit is reached or
 * the idle time runs out (SL_OK with *done). */
static sl_status receive(cli_ctx *ctx, notify_state *ns, bool *done)
{
    char err[256];
    int timeout = ns->idle_exit_s ? (int)ns->idle_exit_s * 1000 : -1;
    for (;;) {
        sl_envelope *ev;
        sl_status st = sl_client_next_event(ctx->client, timeout, &ev, err, sizeof err);
        if (st == SL_EUNAVAIL) { /* idle time out */
            *done = true;
            return SL_OK;
        }
        if (st != SL_OK)
            return st;
        const Stagelijn__V1__Event *e = ev->event;
        if (e->seq > ns->cursor) {
            if (!deliver(ns, e)) {
                sl_envelope_free(ev);
                ns->delivery_failed = true;
                *done = true;
                return SL_OK;
            }
            ns->cursor = e->seq;
            ns->seen++;
            if (ns->state_file && !write_state(ns->state_file, ns->cursor))
                fprintf(stderr, _("stagelijn-notify: cannot write %s: %s\n"), ns->state_file,
                        strerror(errno));
        }
        sl_envelope_free(ev);
        if (ns->durable && (st = ack(ctx, ns)) != SL_OK)
            return st;
        if (ns->max_events && ns->seen >= ns->max_events) {
            *done = true;
            return SL_OK;
        }
    }
}

/* Returns SL_OK, a connection-level status (retry), or the server's refusal (give up). */
static sl_status reconnect(cli_ctx *ctx)
{
    char err[512];
    sl_client_opts o = {.host = ctx->host,
                        .port = ctx->port,
                        .ca_file = ctx->ca,
                        .cert_file = ctx->cert[0] ? ctx->cert : NULL,
                        .key_file = ctx->key[0] ? ctx->key : NULL,
                        .timeout_ms = ctx->timeout_ms,
                        .kind = STAGELIJN__V1__CLIENT_KIND__CLIENT_NOTIFY};
    sl_status st = sl_client_connect(&o, &ctx->client, err, sizeof err);
    if (st == SL_OK) {
        st = sl_client_login(ctx->client, ctx->user, ctx->password, NULL, err, sizeof err);
        if (st != SL_OK) {
            sl_client_close(ctx->client);
            ctx->client = NULL;
        }
    }
    if (st != SL_OK) {
        /* The reason may be the server's text: escaped like everything the programs print. */
        fputs("stagelijn-notify: ", stderr);
        termtext_fputs(err, stderr);
        fputc('\n', stderr);
    }
    return st;
}

static bool exec_options(cli_ctx *ctx, const cli_args *a, exec_opts *x)
{
    x->cmd = cli_arg(a, "exec");
    x->retries = 3;
    x->backoff_s = 2;
    x->timeout_s = 60;
    if (!cli_uint(ctx, a, "exec-retries", 1000, &x->retries) ||
        !cli_uint(ctx, a, "exec-backoff", 3600, &x->backoff_s) ||
        !cli_uint(ctx, a, "exec-timeout", 86400, &x->timeout_s))
        return false;
    if (x->timeout_s == 0) {
        cli_fail(ctx, EXIT_USAGE, "%s", _("--exec-timeout must be at least 1 second"));
        return false;
    }
    const char *on_fail = cli_arg(a, "on-exec-failure");
    if (on_fail && strcmp(on_fail, "skip") != 0 && strcmp(on_fail, "stop") != 0) {
        cli_fail(ctx, EXIT_USAGE, "%s", _("--on-exec-failure is skip or stop"));
        return false;
    }
    x->skip_on_failure = on_fail && strcmp(on_fail, "skip") == 0;
    bool exec_only = cli_arg(a, "exec-retries") || cli_arg(a, "exec-backoff") ||
                     cli_arg(a, "exec-timeout") || on_fail;
    if (exec_only && !x->cmd) {
        cli_fail(ctx, EXIT_USAGE, "%s", _("the --exec-... options need --exec"));
        return false;
    }
    return true;
}

static int listen_cmd(cli_ctx *ctx, const cli_args *a)
{
    notify_state ns = {.reconnect = !cli_flag(a, "no-reconnect")};
    unsigned long after = 0;
    if (!cli_uint(ctx, a, "after-seq", (unsigned long)-1, &after) ||
        !cli_uint(ctx, a, "max-events", 1000000000UL, &ns.max_events) ||
        !cli_uint(ctx, a, "idle-exit", 86400, &ns.idle_exit_s))
        return EXIT_USAGE;
    if (!exec_options(ctx, a, &ns.exec))
        return EXIT_USAGE;
    ns.n_topics = cli_arg_all(a, "topic", ns.topics, MAX_TOPICS);
    ns.durable = cli_arg(a, "durable");
    ns.all_school = cli_flag(a, "all-school");
    ns.state_file = cli_arg(a, "state-file");
    ns.cursor = after;
    if (ns.state_file) {
        uint64_t saved = read_state(ns.state_file);
        if (saved > ns.cursor)
            ns.cursor = saved;
    }
    if (!isatty(STDOUT_FILENO))
        setvbuf(stdout, NULL, _IOLBF, 0);

    int backoff = 1;
    for (;;) {
        bool done = false;
        sl_status st = ctx->client ? subscribe(ctx, &ns) : SL_EIO;
        if (st == SL_OK) {
            backoff = 1;
            st = receive(ctx, &ns, &done);
        }
        if (done)
            return ns.delivery_failed ? EXIT_DELIVERY : 0;
        if (cli_exit_code(st) == EXIT_REFUSED)
            return EXIT_REFUSED; /* the server said no: retrying will not help */
        if (!ns.reconnect)
            return cli_fail(ctx, EXIT_CONNECTION, "%s",
                            _("connection lost (and --no-reconnect was given)"));
        sl_client_close(ctx->client);
        ctx->client = NULL;
        /* Exponential back-off while the server is away (restart, network). */
        for (;;) {
            sleep((unsigned)backoff);
            if (backoff < MAX_BACKOFF_S)
                backoff = backoff * 2 > MAX_BACKOFF_S ? MAX_BACKOFF_S : backoff * 2;
            sl_status rs = reconnect(ctx);
            if (rs == SL_OK)
                break;
            /* A wrong password or a disabled account will not heal by waiting. */
            if (cli_exit_code(rs) == EXIT_REFUSED)
                return EXIT_REFUSED;
        }
    }
}

static const cli_cmd commands[] = {
    CLI_PASSWD_CMD,
    {"listen",
     "topic after-seq durable all-school state-file max-events idle-exit no-reconnect exec "
     "exec-retries exec-backoff exec-timeout on-exec-failure",
     "[--topic T]... [--after-seq SEQ] [--durable NAME] [--all-school] [--state-file FILE] "
     "[--max-events N] [--idle-exit SECONDS] [--no-reconnect] [--exec CMD [--exec-retries N] "
     "[--exec-backoff SECONDS] [--exec-timeout SECONDS] [--on-exec-failure stop|skip]]",
     N_("print every event as one JSON line, or run CMD once per event with the event on its "
        "standard input; replays what was missed after SEQ; a coach gets his/her own interns' "
        "events, the whole school's with --all-school"),
     listen_cmd, false},
};

int main(int argc, char **argv)
{
    return cli_main(argc, argv, "stagelijn-notify",
                    _("Stagelijn push notifications as JSON lines, for automation."),
                    STAGELIJN__V1__CLIENT_KIND__CLIENT_NOTIFY, commands,
                    sizeof commands / sizeof commands[0]);
}
