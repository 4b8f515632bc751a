/* stagelijn-notify: for automation. Subscribes to server push and prints every event as one
 * JSON line on stdout. Resumes from the last sequence number it saw (--after-seq, or a
 * --state-file it keeps up to date, or a server-side --durable cursor), and reconnects with
 * back-off when the server goes away, so no event is lost across restarts. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"
#include "termtext.h"

#define MAX_TOPICS 16
#define MAX_BACKOFF_S 30

typedef struct {
    const char *topics[MAX_TOPICS];
    int n_topics;
    const char *durable;
    const char *state_file;
    unsigned long max_events;
    unsigned long idle_exit_s;
    bool reconnect;
    uint64_t cursor;
    unsigned long seen;
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
            output_json(stdout, &e->base);
            fputc('\n', stdout);
            fflush(stdout);
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

static int listen_cmd(cli_ctx *ctx, const cli_args *a)
{
    notify_state ns = {.reconnect = !cli_flag(a, "no-reconnect")};
    unsigned long after = 0;
    if (!cli_uint(ctx, a, "after-seq", (unsigned long)-1, &after) ||
        !cli_uint(ctx, a, "max-events", 1000000000UL, &ns.max_events) ||
        !cli_uint(ctx, a, "idle-exit", 86400, &ns.idle_exit_s))
        return EXIT_USAGE;
    ns.n_topics = cli_arg_all(a, "topic", ns.topics, MAX_TOPICS);
    ns.durable = cli_arg(a, "durable");
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
            return 0;
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
    {"listen", "topic after-seq durable state-file max-events idle-exit no-reconnect",
     "[--topic T]... [--after-seq SEQ] [--durable NAME] [--state-file FILE] "
     "[--max-events N] [--idle-exit SECONDS] [--no-reconnect]",
     N_("print every event as one JSON line; replays what was missed after SEQ"), listen_cmd,
     false},
};

int main(int argc, char **argv)
{
    return cli_main(argc, argv, "stagelijn-notify",
                    _("Stagelijn push notifications as JSON lines, for automation."),
                    STAGELIJN__V1__CLIENT_KIND__CLIENT_NOTIFY, commands,
                    sizeof commands / sizeof commands[0]);
}
