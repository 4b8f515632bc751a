#include "kiosk_ui.h"

#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kiosk_intern.h"
#include "kiosk_screen.h"
#include "kiosk_supervisor.h"

#ifndef SL_LOCALEDIR
#define SL_LOCALEDIR "/usr/local/share/locale"
#endif

#define DEFAULT_IDLE_SECONDS 120

/* ---------------------------------------------------------------- login */

/* Log in with user name and password, or (F3) an intern's user name and PIN. */
static ui_next login_screen(ui *u)
{
    ui_field_spec specs[] = {
        {.label = _("User name"), .width = 30},
        {.label = _("Password"), .width = 30, .secret = true},
    };
    bool pin = false;
    char err[256];
    if (kl_connect(u->kl, err, sizeof err) != SL_OK && !u->note[0])
        snprintf(u->note, sizeof u->note, "%s", _("No connection with the server yet."));
    static const int actions[] = {K_ENTER, KEY_F(3), KEY_F(9), KEY_F(10), 0};
    ui_form_desc d = {
        .title = _("Log in"), .fields = specs, .n = 2, .top = 6, .label_w = 16, .actions = actions};
    for (;;) {
        specs[1].label = pin ? _("PIN") : _("Password");
        d.keys = pin ? _("Enter Log in  F3 Password instead  Tab Next field  F9 Waiting  F10 Stop")
                     : _("Enter Log in  F3 PIN instead  Tab Next field  F9 Waiting  F10 Stop");
        d.hint =
            pin ? _("Type your user name and your PIN.") : _("Type your user name and password.");
        int key;
        ui_form_end e = ui_form_screen(u, &d, &key);
        if (e == FORM_IDLE) {
            memset(specs[0].value, 0, sizeof specs[0].value);
            memset(specs[1].value, 0, sizeof specs[1].value);
            u->note[0] = '\0';
            continue;
        }
        if (e == FORM_CANCEL)
            continue;
        if (key == KEY_F(10))
            return NEXT_QUIT;
        if (key == KEY_F(3)) {
            pin = !pin;
            memset(specs[1].value, 0, sizeof specs[1].value);
            continue;
        }
        if (key == KEY_F(9)) {
            ui_queue_view(u);
            continue;
        }
        kl_person who;
        sl_status st =
            pin ? kl_pin_login(u->kl, specs[0].value, specs[1].value, &who, u->note, sizeof u->note)
                : kl_login(u->kl, specs[0].value, specs[1].value, &who, u->note, sizeof u->note);
        memset(specs[1].value, 0, sizeof specs[1].value);
        if (st == SL_OK) {
            specs[0].value[0] = '\0';
            u->note[0] = '\0';
            /* What waits for this person's session (one that ended while the server was
             * away) goes out now, on the new one. */
            if (kq_waiting(u->q) > 0)
                kl_flush(u->kl);
            return NEXT_HOME;
        }
    }
}

/* Logs out and wipes the screen: nothing of one person stays for the next. */
static void log_out(ui *u)
{
    kl_logout(u->kl);
    erase();
    clear();
    refresh();
}

static void run(ui *u)
{
    ui_next next = NEXT_LOGIN;
    while (next != NEXT_QUIT) {
        if (next == NEXT_LOGIN) {
            log_out(u);
            next = login_screen(u);
            continue;
        }
        if (next == NEXT_QUEUE_THEN_HOME)
            ui_queue_view(u);
        const kl_person *who = kl_who(u->kl);
        if (!who) {
            next = NEXT_LOGIN;
            continue;
        }
        next = who->role == STAGELIJN__V1__ROLE__ROLE_SUPERVISOR ? ui_supervisor_home(u)
                                                                 : ui_intern_home(u);
    }
    log_out(u);
}

/* ---------------------------------------------------------------- start */

static const char *const VALUE_OPTIONS[] = {
    "server",        "ca",      "cert", "key",   "user",
    "password-file", "timeout", "idle", "queue", "cache-days"};

static bool takes_value(const char *opt)
{
    for (size_t i = 0; i < sizeof VALUE_OPTIONS / sizeof VALUE_OPTIONS[0]; i++)
        if (strcmp(opt, VALUE_OPTIONS[i]) == 0)
            return true;
    return false;
}

bool kiosk_ui_wanted(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) != 0)
            return false; /* a command word */
        const char *o = argv[i] + 2;
        if (!strcmp(o, "help") || !strcmp(o, "version") || !strcmp(o, "json"))
            return false;
        if (!takes_value(o))
            return false; /* let the command line say what is wrong */
        i++;
    }
    return true;
}

/* Dutch unless the user's environment asks for another language. */
static void choose_language(void)
{
    if (!setlocale(LC_ALL, "") || strcmp(setlocale(LC_ALL, NULL), "C") == 0 ||
        strcmp(setlocale(LC_ALL, NULL), "POSIX") == 0)
        setlocale(LC_ALL, "C.UTF-8");
    const char *lang = getenv("LANGUAGE");
    const char *l = getenv("LC_ALL") && getenv("LC_ALL")[0]             ? getenv("LC_ALL")
                    : getenv("LC_MESSAGES") && getenv("LC_MESSAGES")[0] ? getenv("LC_MESSAGES")
                                                                        : getenv("LANG");
    if ((!lang || !lang[0]) && (!l || !l[0] || !strncmp(l, "C", 1) || !strcmp(l, "POSIX")))
        setenv("LANGUAGE", "nl", 1);
    else if ((!lang || !lang[0]) && l)
        setenv("LANGUAGE", l, 1);
    const char *dir = getenv("STAGELIJN_LOCALEDIR");
    bindtextdomain("stagelijn", dir && dir[0] ? dir : SL_LOCALEDIR);
    bind_textdomain_codeset("stagelijn", "UTF-8");
    textdomain("stagelijn");
}

typedef struct {
    char host[256];
    int port;
    const char *ca, *cert, *key, *queue;
    int timeout_ms, idle_seconds, cache_days;
} kiosk_opts;

static bool split_server(const char *s, char *host, size_t hn, int *port)
{
    const char *colon = strrchr(s, ':');
    char *end;
    if (!colon || colon == s || (size_t)(colon - s) >= hn)
        return false;
    long p = strtol(colon + 1, &end, 10);
    if (*end || p < 1 || p > 65535)
        return false;
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = '\0';
    *port = (int)p;
    return true;
}

static bool parse_seconds(const char *s, long max, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || s[0] < '0' || s[0] > '9' || v < 1 || v > max)
        return false;
    *out = (int)v;
    return true;
}

/* The default queue file, its folder made when missing. */
static const char *default_queue(char *buf, size_t n)
{
    const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char dir[900];
    if (state && state[0])
        snprintf(dir, sizeof dir, "%s/stagelijn", state);
    else
        snprintf(dir, sizeof dir, "%s/.local/state/stagelijn", home ? home : ".");
    char parent[900];
    snprintf(parent, sizeof parent, "%.*s", (int)(strrchr(dir, '/') - dir), dir);
    mkdir(parent, 0700);
    mkdir(dir, 0700);
    snprintf(buf, n, "%s/kiosk-queue.sqlite", dir);
    return buf;
}

static int parse_opts(int argc, char **argv, kiosk_opts *o, char *queue_buf, size_t qn)
{
    memset(o, 0, sizeof *o);
    snprintf(o->host, sizeof o->host, "localhost");
    o->port = 7443;
    o->timeout_ms = 10000;
    o->idle_seconds = DEFAULT_IDLE_SECONDS;
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *k = argv[i] + 2, *v = argv[i + 1];
        if (!strcmp(k, "server") && !split_server(v, o->host, sizeof o->host, &o->port))
            return fprintf(stderr, "%s\n", _("--server expects HOST:PORT")), 2;
        if (!strcmp(k, "ca"))
            o->ca = v;
        else if (!strcmp(k, "cert"))
            o->cert = v;
        else if (!strcmp(k, "key"))
            o->key = v;
        else if (!strcmp(k, "queue"))
            o->queue = v;
        else if (!strcmp(k, "idle") && !parse_seconds(v, 86400, &o->idle_seconds))
            return fprintf(stderr, "%s\n", _("--idle expects seconds (1..86400)")), 2;
        else if (!strcmp(k, "cache-days") && !parse_seconds(v, 365, &o->cache_days))
            return fprintf(stderr, "%s\n", _("--cache-days expects days (1..365)")), 2;
        else if (!strcmp(k, "timeout")) {
            int s;
            if (!parse_seconds(v, 3600, &s))
                return fprintf(stderr, "%s\n", _("--timeout expects seconds (1..3600)")), 2;
            o->timeout_ms = s * 1000;
        }
    }
    if (argc % 2 == 0)
        return fprintf(stderr, _("--%s needs a value\n"), argv[argc - 1] + 2), 2;
    if (!o->ca)
        return fprintf(stderr, "%s\n",
                       _("--ca is required (the CA certificate, e.g. "
                         "DATA_DIR/tls/ca.pem)")),
               2;
    if (!o->queue)
        o->queue = default_queue(queue_buf, qn);
    return 0;
}

int kiosk_ui_main(int argc, char **argv)
{
    choose_language();
    kiosk_opts o;
    char queue_path[1024];
    int rc = parse_opts(argc, argv, &o, queue_path, sizeof queue_path);
    if (rc)
        return rc;
    kiosk_queue *q;
    char err[512];
    if (kq_open(o.queue, &q, err, sizeof err) != SL_OK) {
        fprintf(stderr, _("stagelijn-kiosk: the queue file cannot be used: %s\n"), err);
        return 3;
    }
    sl_client_opts co = {.host = o.host,
                         .port = o.port,
                         .ca_file = o.ca,
                         .cert_file = o.cert,
                         .key_file = o.key,
                         .timeout_ms = o.timeout_ms,
                         .kind = STAGELIJN__V1__CLIENT_KIND__CLIENT_KIOSK};
    ui u = {.q = q, .idle_seconds = o.idle_seconds, .kl = kl_new(&co, q)};
    if (u.kl && o.cache_days)
        kl_keep_days(u.kl, o.cache_days);
    if (!u.kl || !initscr()) {
        kl_free(u.kl);
        kq_close(q);
        return 3;
    }
    u.last_key = u.last_flush = time(NULL);
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    set_escdelay(50);
    curs_set(0);
    kl_flush(u.kl);
    run(&u);
    endwin();
    kl_free(u.kl);
    kq_close(q);
    return 0;
}
