#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "output.h"
#include "termtext.h"
#include "timeutil.h"
#include "wording.h"

#ifndef SL_LOCALEDIR
#define SL_LOCALEDIR "/usr/local/share/locale"
#endif

int cli_exit_code(sl_status st)
{
    switch (st) {
    case SL_OK:
        return 0;
    case SL_EIO:
    case SL_ETLS:
    case SL_EPROTO:
    case SL_ENOMEM:
        return EXIT_CONNECTION;
    default:
        return EXIT_REFUSED;
    }
}

static const char *paging_synopsis(const cli_cmd *cmd);

/* Prints a failure the program found itself (not a server refusal): as {"error":{...}} on
 * stdout with --json, else "PROG: message" on stderr. */
static void print_failure(cli_ctx *ctx, const char *code, const char *msg)
{
    if (ctx->json) {
        fputs("{\"error\":{\"code\":", stdout);
        output_json_string(stdout, code);
        fputs(",\"message\":", stdout);
        output_json_string(stdout, msg);
        fputs("}}\n", stdout);
        fflush(stdout);
        return;
    }
    fprintf(stderr, "%s: ", ctx->prog);
    termtext_fputs(msg, stderr);
    fputc('\n', stderr);
}

int cli_fail(cli_ctx *ctx, int exit_code, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    print_failure(ctx,
                  exit_code == EXIT_CONNECTION ? "connection"
                  : exit_code == EXIT_USAGE    ? "usage"
                                               : "refused",
                  msg);
    return exit_code;
}

int cli_usage_error(cli_ctx *ctx, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    print_failure(ctx, "usage", msg);
    /* The synopsis helps a person; a script reads the JSON error. */
    if (ctx->cmd && !ctx->json)
        fprintf(stderr, _("usage: %s %s %s%s\n"), ctx->prog, ctx->cmd->words, ctx->cmd->synopsis,
                paging_synopsis(ctx->cmd));
    return EXIT_USAGE;
}

const char *cli_arg(const cli_args *a, const char *key)
{
    for (int i = a->n - 1; i >= 0; i--)
        if (strcmp(a->key[i], key) == 0)
            return a->value[i] ? a->value[i] : "";
    return NULL;
}

bool cli_flag(const cli_args *a, const char *key)
{
    return cli_arg(a, key) != NULL;
}

int cli_arg_all(const cli_args *a, const char *key, const char **out, int max)
{
    int n = 0;
    for (int i = 0; i < a->n && n < max; i++)
        if (strcmp(a->key[i], key) == 0 && a->value[i])
            out[n++] = a->value[i];
    return n;
}

bool cli_need(cli_ctx *ctx, const cli_args *a, const char *key, const char **out)
{
    const char *v = cli_arg(a, key);
    if (!v || !v[0]) {
        cli_usage_error(ctx, _("--%s is required"), key);
        return false;
    }
    *out = v;
    return true;
}

bool cli_uint(cli_ctx *ctx, const cli_args *a, const char *key, unsigned long max,
              unsigned long *out)
{
    const char *v = cli_arg(a, key);
    if (!v)
        return true;
    unsigned long n;
    if (!cli_parse_uint(v, max, &n)) {
        cli_usage_error(ctx, _("--%s expects a whole number up to %lu"), key, max);
        return false;
    }
    *out = n;
    return true;
}

bool cli_enum(cli_ctx *ctx, const cli_args *a, const char *key, const ProtobufCEnumDescriptor *d,
              int *out)
{
    const char *v = cli_arg(a, key);
    if (!v)
        return true;
    if (wording_parse_value(d, v, out))
        return true;
    char words[512];
    cli_usage_error(ctx, _("--%s is one of: %s"), key, wording_value_list(d, words, sizeof words));
    return false;
}

bool cli_yes_no(cli_ctx *ctx, const cli_args *a, const char *key, bool *out)
{
    const char *v = cli_arg(a, key);
    if (!v)
        return true;
    if (!v[0]) {
        *out = true;
        return true;
    }
    if (wording_parse_yes_no(v, out))
        return true;
    cli_usage_error(ctx, _("--%s is %s or %s"), key, wording_yes_no(true), wording_yes_no(false));
    return false;
}

bool cli_read_secret(const char *env, const char *file, const char *prompt, char *out,
                     size_t outlen)
{
    /* An explicit file wins over the environment, which wins over the terminal. */
    if (file && file[0]) {
        FILE *f = fopen(file, "r");
        if (!f)
            return false;
        bool ok = fgets(out, (int)outlen, f) != NULL;
        fclose(f);
        out[strcspn(out, "\r\n")] = '\0';
        return ok && out[0];
    }
    const char *e = env ? getenv(env) : NULL;
    if (e && e[0]) {
        snprintf(out, outlen, "%s", e);
        return true;
    }
    int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct termios old, quiet;
    bool have_tty = tcgetattr(fd, &old) == 0;
    if (have_tty) {
        quiet = old;
        quiet.c_lflag &= (tcflag_t) ~(ECHO);
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    if (write(fd, prompt, strlen(prompt)) < 0) {
        /* nothing to do: the read below still works */
    }
    ssize_t n = read(fd, out, outlen - 1);
    if (have_tty)
        tcsetattr(fd, TCSAFLUSH, &old);
    if (write(fd, "\n", 1) < 0) {
        /* as above */
    }
    close(fd);
    if (n <= 0)
        return false;
    out[n] = '\0';
    out[strcspn(out, "\r\n")] = '\0';
    return out[0] != '\0';
}

void cli_print_error(cli_ctx *ctx, sl_status st, const char *msg, const sl_envelope *reply)
{
    const Stagelijn__V1__Error *e =
        reply && reply->body_case == STAGELIJN__V1__ENVELOPE__BODY_ERROR ? reply->error : NULL;
    /* A refused login has no reply left here; its error is still the client's last one. */
    const Stagelijn__V1__Error *shown = e             ? e
                                        : ctx->client ? sl_client_last_error(ctx->client)
                                                      : NULL;
    char rendered[1024];
    /* --json stays English (scripts match on it); people read their own language. */
    const char *text = shown && !ctx->json ? wording_error(shown, rendered, sizeof rendered)
                       : msg && msg[0]     ? msg
                                           : sl_strerror(st);
    if (ctx->json) {
        if (e) {
            fputs("{\"error\":", stdout);
            output_json(stdout, &e->base);
            fputs("}\n", stdout);
        } else {
            /* No Error envelope (a login refusal, a lost connection): the same shape, with the
             * status's name as the wire would spell it. */
            char code[64];
            size_t i = 0;
            for (const char *n = sl_status_name(st); *n && i + 1 < sizeof code; n++)
                code[i++] = (char)tolower((unsigned char)*n);
            code[i] = '\0';
            print_failure(ctx, code, text);
        }
        fflush(stdout);
        return;
    }
    fprintf(stderr, "%s: %s: ", ctx->prog, wording_status(st));
    termtext_fputs(text[0] ? text : sl_strerror(st), stderr);
    fputc('\n', stderr);
    for (size_t i = 0; shown && i < shown->n_violations; i++) {
        fputs("  - ", stderr);
        termtext_fputs(shown->violations[i]->rule_id, stderr);
        fprintf(stderr, "%s: ", shown->violations[i]->warning ? _(" (warning)") : "");
        termtext_fputs(wording_violation(shown->violations[i], rendered, sizeof rendered), stderr);
        fputc('\n', stderr);
    }
}

sl_status cli_call(cli_ctx *ctx, sl_envelope *req, sl_envelope **reply, int *exit_code)
{
    char err[512];
    sl_status st = sl_client_call(ctx->client, req, reply, err, sizeof err);
    if (st != SL_OK) {
        cli_print_error(ctx, st, err, *reply);
        sl_envelope_free(*reply);
        *reply = NULL;
        *exit_code = cli_exit_code(st);
    } else {
        *exit_code = 0;
    }
    return st;
}

/* The reply's body message (the set oneof field). */
static const ProtobufCMessage *reply_body(const sl_envelope *env)
{
    const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field(
        &stagelijn__v1__envelope__descriptor, (unsigned)env->body_case);
    if (!f || f->type != PROTOBUF_C_TYPE_MESSAGE)
        return NULL;
    return *(const ProtobufCMessage *const *)((const char *)env + f->offset);
}

void cli_print_server_cap(const sl_envelope *reply)
{
    /* Rows the server itself did not read are out of reach of --offset. */
    if (!reply->cut || !reply->cut->server_cap)
        return;
    printf(_("the server reads at most %u rows of this list and there are more: ask for a "
             "smaller part to see the others (see --help)"),
           reply->cut->server_cap);
    putchar('\n');
}

/* Under a list a person read: which rows of how many, and how to see the others. */
static void print_cut(const Stagelijn__V1__ListCut *cut, size_t shown, unsigned long limit)
{
    size_t end = (size_t)cut->offset + shown;
    if (cut->offset == 0 && end >= cut->total)
        return;
    if (shown > 0)
        printf(_("rows %zu to %zu of %u"), (size_t)cut->offset + 1, end, cut->total);
    else
        printf(_("no rows from %u on: the list has %u"), cut->offset + 1, cut->total);
    if (end < cut->total)
        printf(_("; %zu more: use --offset %zu (and --limit %lu)"), cut->total - end, end, limit);
    putchar('\n');
}

sl_status cli_call_paged(cli_ctx *ctx, sl_envelope *req, sl_envelope **reply, int *exit_code,
                         unsigned long *limit)
{
    /* People read a page of 100 rows; a program the whole list unless it asks for a page. */
    Stagelijn__V1__ListPage page = STAGELIJN__V1__LIST_PAGE__INIT;
    if (ctx->cmd && cli_paged(ctx->cmd)) {
        page.limit = (uint32_t)(ctx->limit_given ? ctx->limit : ctx->json ? 0 : CLI_PAGE_ROWS);
        page.offset = (uint32_t)ctx->offset;
        req->page = &page;
    }
    *limit = page.limit;
    sl_status st = cli_call(ctx, req, reply, exit_code);
    req->page = NULL;
    return st;
}

void cli_print_list_end(const sl_envelope *reply, size_t shown, unsigned long limit)
{
    cli_print_server_cap(reply);
    if (reply->cut)
        print_cut(reply->cut, shown, limit);
}

int cli_call_print(cli_ctx *ctx, sl_envelope *req)
{
    sl_envelope *rep;
    int code;
    unsigned long limit;
    sl_status st = cli_call_paged(ctx, req, &rep, &code, &limit);
    if (st != SL_OK)
        return code;
    const ProtobufCMessage *body = reply_body(rep);
    if (body) {
        if (ctx->json) {
            output_json_cut(stdout, body, rep->cut);
            fputc('\n', stdout);
        } else {
            output_human(stdout, body);
            cli_print_list_end(rep, output_rows(body), limit);
        }
    }
    sl_envelope_free(rep);
    return 0;
}

int cli_cmd_passwd(cli_ctx *ctx, const cli_args *args)
{
    char new1[256], new2[256];
    const char *old = ctx->password;
    const char *file = cli_arg(args, "new-password-file");
    if (!cli_read_secret("STAGELIJN_NEW_PASSWORD", file, _("New password: "), new1, sizeof new1))
        return cli_usage_error(ctx, _("no new password"));
    if (!file && !getenv("STAGELIJN_NEW_PASSWORD")) {
        if (!cli_read_secret(NULL, NULL, _("New password again: "), new2, sizeof new2) ||
            strcmp(new1, new2) != 0)
            return cli_usage_error(ctx, _("the passwords differ"));
    }
    char err[512];
    bool must_change;
    sl_status st = sl_client_login(ctx->client, ctx->user, old, &must_change, err, sizeof err);
    if (st != SL_OK) {
        cli_print_error(ctx, st, err, NULL);
        return cli_exit_code(st);
    }
    Stagelijn__V1__ChangePasswordRequest cp = STAGELIJN__V1__CHANGE_PASSWORD_REQUEST__INIT;
    cp.old_password = (char *)old;
    cp.new_password = new1;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CHANGE_PASSWORD;
    req.change_password = &cp;
    int code;
    if (cli_call(ctx, &req, &rep, &code) != SL_OK)
        return code;
    sl_envelope_free(rep);
    if (ctx->json)
        puts("{\"changed\":true}");
    else
        puts(_("Password changed."));
    return 0;
}

/* ---------------------------------------------------------------- configuration */

static void set_field(char *dst, size_t n, const char *v)
{
    snprintf(dst, n, "%s", v);
}

/* $XDG_CONFIG_HOME/stagelijn/config: "server = host:port", "ca = path", "user = name",
 * "cert = path", "key = path". Missing file: fine. */
static void load_config(cli_ctx *ctx)
{
    char path[1024];
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    if (xdg && xdg[0])
        snprintf(path, sizeof path, "%s/stagelijn/config", xdg);
    else if (home)
        snprintf(path, sizeof path, "%s/.config/stagelijn/config", home);
    else
        return;
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[1200];
    while (fgets(line, sizeof line, f)) {
        char *eq = strchr(line, '=');
        if (line[0] == '#' || !eq)
            continue;
        *eq = '\0';
        char *k = line, *v = eq + 1;
        while (*k == ' ' || *k == '\t')
            k++;
        k[strcspn(k, " \t")] = '\0';
        while (*v == ' ' || *v == '\t')
            v++;
        v[strcspn(v, "\r\n")] = '\0';
        if (!strcmp(k, "server"))
            set_field(ctx->server, sizeof ctx->server, v);
        else if (!strcmp(k, "ca"))
            set_field(ctx->ca, sizeof ctx->ca, v);
        else if (!strcmp(k, "cert"))
            set_field(ctx->cert, sizeof ctx->cert, v);
        else if (!strcmp(k, "key"))
            set_field(ctx->key, sizeof ctx->key, v);
        else if (!strcmp(k, "user"))
            set_field(ctx->user, sizeof ctx->user, v);
    }
    fclose(f);
}

static void print_help(FILE *out, const char *prog, const char *about, const cli_cmd *cmds,
                       size_t n, Stagelijn__V1__ClientKind kind)
{
    fprintf(out, _("Usage: %s [OPTIONS] COMMAND [ARGS]\n%s\n\n"), prog, _(about));
    fprintf(out, "%s",
            _("Options:\n"
              "  --server HOST:PORT     the stagelijnd to talk to (default localhost:7443)\n"
              "  --ca FILE              CA certificate that signed the server's certificate\n"
              "  --cert FILE --key FILE device certificate (kiosks)\n"
              "  --user NAME            who logs in\n"
              "  --password-file FILE   read the password from FILE (else STAGELIJN_PASSWORD,\n"
              "                         else a prompt)\n"
              "  --json                 machine-readable output, one JSON object per line\n"
              "  --ids                  also show the id of each row, to type into a next\n"
              "                         command (people otherwise read names only)\n"
              "  --timeout SECONDS      how long to wait for the server (default 10)\n"
              "  --help                 this text; COMMAND --help for one command\n"
              "  --version              the program's version\n"
              "Settings may also live in $XDG_CONFIG_HOME/stagelijn/config (server, ca, user,\n"
              "cert, key). Exit codes: 0 ok, 1 refused by the server, 2 usage, 3 connection.\n\n"
              "Commands:\n"));
    for (size_t i = 0; i < n; i++)
        fprintf(out, "  %s %s%s\n      %s\n", cmds[i].words, cmds[i].synopsis,
                paging_synopsis(&cmds[i]), _(cmds[i].help));
    if (kind == STAGELIJN__V1__CLIENT_KIND__CLIENT_KIOSK)
        fprintf(out, "%s",
                _("\nInterns log in with their PIN instead of a password, for every command:\n"
                  "  --pin-file FILE        read the PIN from FILE (also /dev/stdin, /dev/fd/N)\n"
                  "  --pin                  the PIN from STAGELIJN_PIN, else a prompt without "
                  "echo\n"));
}

/* Matches the longest command whose words start argv[*pos..]. */
static const cli_cmd *find_cmd(const cli_cmd *cmds, size_t n, int argc, char **argv, int *pos)
{
    const cli_cmd *best = NULL;
    int best_words = 0;
    for (size_t i = 0; i < n; i++) {
        char words[128];
        snprintf(words, sizeof words, "%s", cmds[i].words);
        int k = 0;
        bool match = true;
        for (char *save, *w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
            if (*pos + k >= argc || strcmp(argv[*pos + k], w) != 0) {
                match = false;
                break;
            }
            k++;
        }
        if (match && k > best_words) {
            best = &cmds[i];
            best_words = k;
        }
    }
    if (best)
        *pos += best_words;
    return best;
}

/* Length of a command's first word ("user" of "user create"). */
static size_t first_word_len(const char *words)
{
    return strcspn(words, " ");
}

/* Whether some command's first word is `word` (a family like "user", "placement"). */
static bool is_family(const cli_cmd *cmds, size_t n, const char *word)
{
    for (size_t i = 0; i < n; i++)
        if (first_word_len(cmds[i].words) == strlen(word) &&
            strncmp(cmds[i].words, word, strlen(word)) == 0)
            return true;
    return false;
}

/* The commands, comma separated; with a family word only that family's second words
 * ("create, list"). */
static void list_commands(const cli_cmd *cmds, size_t n, const char *family, char *out,
                          size_t outlen)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && used < outlen; i++) {
        const char *w = cmds[i].words;
        if (family) {
            size_t fl = strlen(family);
            if (first_word_len(w) != fl || strncmp(w, family, fl) != 0 || !w[fl])
                continue;
            w += fl + 1;
        }
        int k = snprintf(out + used, outlen - used, "%s%s", used ? ", " : "", w);
        if (k < 0)
            break;
        used += (size_t)k;
    }
}

/* Says what the user may have meant: the family's sub-commands when the first word names a
 * family, else every command. */
static int unknown_command(cli_ctx *ctx, const cli_cmd *cmds, size_t n, int argc, char **argv,
                           int pos)
{
    char valid[4096];
    if (is_family(cmds, n, argv[pos])) {
        list_commands(cmds, n, argv[pos], valid, sizeof valid);
        if (pos + 1 < argc && strncmp(argv[pos + 1], "--", 2) != 0)
            return cli_usage_error(ctx, _("unknown command '%s %s'; '%s' has: %s"), argv[pos],
                                   argv[pos + 1], argv[pos], valid);
        return cli_usage_error(ctx, _("'%s' needs a sub-command: %s"), argv[pos], valid);
    }
    list_commands(cmds, n, NULL, valid, sizeof valid);
    return cli_usage_error(ctx, _("unknown command '%s'; the commands are: %s"), argv[pos], valid);
}

/* "user --help": every command of the family with its synopsis. */
static void print_family_help(const char *prog, const cli_cmd *cmds, size_t n, const char *family)
{
    size_t fl = strlen(family);
    for (size_t i = 0; i < n; i++)
        if (first_word_len(cmds[i].words) == fl && strncmp(cmds[i].words, family, fl) == 0)
            printf("%s %s %s%s\n  %s\n", prog, cmds[i].words, cmds[i].synopsis,
                   paging_synopsis(&cmds[i]), _(cmds[i].help));
}

static bool asks_help(int argc, char **argv, int from)
{
    for (int i = from; i < argc; i++)
        if (!strcmp(argv[i], "--help"))
            return true;
    return false;
}

static bool flag_known(const char *flags, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = flags; (p = strstr(p, name)) != NULL; p += n)
        if ((p == flags || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return true;
    return false;
}

bool cli_paged(const cli_cmd *cmd)
{
    /* Not the caseload: its summary per intern is made from every item (and lists every
     * intern); one student's items follow with --student. */
    static const char *const lists[] = {"visit plan",     "group sessions", "dossier",
                                        "class overview", "match suggest",  "aftercare show"};
    if (flag_known(cmd->flags, "limit"))
        return false;
    size_t n = strlen(cmd->words);
    if (n > 5 && strcmp(cmd->words + n - 5, " list") == 0)
        return true;
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        if (strcmp(cmd->words, lists[i]) == 0)
            return true;
    return false;
}

/* The synopsis of a command's paging options, "" for a command that does not page. */
static const char *paging_synopsis(const cli_cmd *cmd)
{
    if (!cli_paged(cmd))
        return "";
    return cmd->synopsis[0] ? " [--limit N] [--offset N]" : "[--limit N] [--offset N]";
}

/* --limit and --offset of a list command, strictly: a whole number or a usage error. */
static int parse_paging(cli_ctx *ctx, const char *name, const char *value)
{
    unsigned long v;
    if (!value)
        return cli_usage_error(ctx, _("--%s needs a value"), name);
    if (!cli_parse_uint(value, 1000000, &v))
        return cli_usage_error(ctx, _("--%s '%s': expected %s"), name, value, _("a whole number"));
    if (!strcmp(name, "limit")) {
        ctx->limit = v;
        ctx->limit_given = true;
    } else {
        ctx->offset = v;
    }
    return 0;
}

bool cli_parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    if (!s || !isdigit((unsigned char)s[0]))
        return false;
    char *end;
    errno = 0;
    unsigned long n = strtoul(s, &end, 10);
    if (errno || *end || n > max)
        return false;
    *out = n;
    return true;
}

bool cli_parse_decimal(const char *s, double *out)
{
    if (!s)
        return false;
    const char *p = s + (*s == '-');
    size_t whole = strspn(p, "0123456789");
    if (whole == 0)
        return false;
    p += whole;
    if (*p == '.') {
        size_t frac = strspn(p + 1, "0123456789");
        if (frac == 0)
            return false;
        p += 1 + frac;
    }
    if (*p)
        return false;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

bool cli_parse_date(const char *s)
{
    sl_date d;
    return sl_date_parse(s, &d);
}

bool cli_parse_clock(const char *s, int *minutes)
{
    return sl_clock_parse(s, minutes);
}

bool cli_parse_breaks(const char *s, uint32_t *parts, size_t max, size_t *n)
{
    *n = 0;
    if (s && strcmp(s, "0") == 0)
        return true;
    char buf[64];
    if (!s || !*s || strlen(s) >= sizeof buf)
        return false;
    memcpy(buf, s, strlen(s) + 1);
    char *save = NULL;
    /* strtok_r would let "15++15" and a trailing '+' pass: every '+' must sit between two
     * numbers. */
    if (buf[0] == '+' || buf[strlen(buf) - 1] == '+' || strstr(buf, "++"))
        return false;
    for (char *t = strtok_r(buf, "+", &save); t; t = strtok_r(NULL, "+", &save)) {
        unsigned long v;
        if (*n == max || !cli_parse_uint(t, 240, &v) || v == 0)
            return false;
        parts[(*n)++] = (uint32_t)v;
    }
    return *n > 0;
}

/* The value form of the next mention of `name` in the synopsis from *pos on ("--start
 * YYYY-MM-DD" -> "YYYY-MM-DD") into buf, "" when that mention takes no value; false when there
 * is no further mention. An option may be mentioned more than once ("--switch-to 1..10 ... |
 * --switch-to 0"). */
static bool synopsis_metavar(const char *synopsis, const char *name, const char **pos, char *buf,
                             size_t n)
{
    size_t len = strlen(name);
    for (const char *p = *pos; (p = strstr(p, "--")) != NULL; p += 2) {
        /* Only past a matching name is p[2 + len] inside the string. */
        if (strncmp(p + 2, name, len) != 0)
            continue;
        char after = p[2 + len];
        if (after != ' ' && after != ']' && after != '\0')
            continue;
        *pos = p + 2 + len;
        buf[0] = '\0';
        const char *v = p + 2 + len;
        if (*v != ' ')
            return true;
        v++;
        size_t k = strcspn(v, " ");
        while (k > 0 && (v[k - 1] == ']' || v[k - 1] == '.'))
            k--;
        /* A long form is no typed one: cut, it still says that a value is taken. */
        if (k > 0 && v[0] != '-' && v[0] != '[' && v[0] != '|') {
            k = k < n ? k : n - 1;
            memcpy(buf, v, k);
            buf[k] = '\0';
        }
        return true;
    }
    (void)synopsis;
    return false;
}

/* A range "A..B" of whole numbers. */
static bool metavar_range(const char *m, unsigned long *lo, unsigned long *hi)
{
    const char *dots = strstr(m, "..");
    if (!dots || dots == m)
        return false;
    char a[24];
    size_t k = (size_t)(dots - m);
    if (k >= sizeof a)
        return false;
    memcpy(a, m, k);
    a[k] = '\0';
    return cli_parse_uint(a, (unsigned long)-1, lo) &&
           cli_parse_uint(dots + 2, (unsigned long)-1, hi);
}

/* Whether v has the form m names; forms this layer does not know pass (the command parses
 * them). The expected form goes to want for the message. */
static bool value_fits(const char *m, const char *v, char *want, size_t wn)
{
    unsigned long lo, hi, x;
    int minutes;
    sl_date d;
    want[0] = '\0';
    if (!strcmp(m, "YYYY-MM-DD")) {
        snprintf(want, wn, "%s", _("a date YYYY-MM-DD"));
        return cli_parse_date(v);
    }
    if (!strcmp(m, "MONDAY")) {
        snprintf(want, wn, "%s", _("a Monday, YYYY-MM-DD"));
        return sl_date_parse(v, &d) && sl_date_weekday(d) == 1;
    }
    if (!strcmp(m, "YYYY-YYYY")) {
        snprintf(want, wn, "%s", _("a school year YYYY-YYYY of two consecutive years"));
        char first[5] = "";
        if (strlen(v) == 9 && v[4] == '-')
            memcpy(first, v, 4);
        return cli_parse_uint(first, 9999, &lo) && cli_parse_uint(v + 5, 9999, &hi) && hi == lo + 1;
    }
    if (!strcmp(m, "HH:MM")) {
        snprintf(want, wn, "%s", _("a time HH:MM"));
        return cli_parse_clock(v, &minutes);
    }
    if (!strcmp(m, "N") || !strcmp(m, "SEQ") || !strcmp(m, "SECONDS")) {
        snprintf(want, wn, "%s", _("a whole number"));
        return cli_parse_uint(v, (unsigned long)-1, &x);
    }
    if (metavar_range(m, &lo, &hi)) {
        snprintf(want, wn, _("a whole number %lu..%lu"), lo, hi);
        return cli_parse_uint(v, hi, &x) && x >= lo;
    }
    return true;
}

static int check_typed_values(cli_ctx *ctx, const cli_args *a)
{
    for (int i = 0; i < a->n; i++) {
        const char *v = a->value[i], *k = a->key[i], *pos = ctx->cmd->synopsis;
        char m[64], want[64] = "", first_want[64] = "";
        bool mentioned = false, takes_value = false, fits = false;
        while (synopsis_metavar(ctx->cmd->synopsis, k, &pos, m, sizeof m)) {
            mentioned = true;
            if (!m[0]) {
                fits = fits || !v; /* a bare flag here */
                continue;
            }
            takes_value = true;
            if (v && value_fits(m, v, want, sizeof want))
                fits = true;
            if (!first_want[0])
                memcpy(first_want, want, sizeof want);
        }
        if (!mentioned || fits)
            continue;
        if (!v && takes_value)
            return cli_usage_error(ctx, _("--%s needs a value"), k);
        if (v && !takes_value)
            return cli_usage_error(ctx, _("--%s takes no value ('%s')"), k, v);
        return cli_usage_error(ctx, _("--%s '%s': expected %s"), k, v, first_want);
    }
    return 0;
}

static int parse_cmd_args(cli_ctx *ctx, int argc, char **argv, int pos, cli_args *a)
{
    a->n = 0;
    while (pos < argc) {
        const char *t = argv[pos];
        if (strncmp(t, "--", 2) != 0 || !t[2])
            return cli_usage_error(ctx, _("unexpected argument '%s'"), t);
        const char *name = t + 2;
        if (cli_paged(ctx->cmd) && (!strcmp(name, "limit") || !strcmp(name, "offset"))) {
            const char *v =
                pos + 1 < argc && strncmp(argv[pos + 1], "--", 2) != 0 ? argv[pos + 1] : NULL;
            int rc = parse_paging(ctx, name, v);
            if (rc != 0)
                return rc;
            pos += v ? 2 : 1;
            continue;
        }
        if (!flag_known(ctx->cmd->flags, name))
            return cli_usage_error(ctx, _("unknown option --%s"), name);
        if (a->n >= CLI_MAX_ARGS)
            return cli_usage_error(ctx, _("too many options"));
        a->key[a->n] = name;
        /* A following word that is not itself an option is this option's value. */
        if (pos + 1 < argc && strncmp(argv[pos + 1], "--", 2) != 0) {
            a->value[a->n] = argv[pos + 1];
            pos += 2;
        } else {
            a->value[a->n] = NULL;
            pos += 1;
        }
        a->n++;
    }
    return check_typed_values(ctx, a);
}

static bool split_server(const char *s, char *host, size_t hn, int *port)
{
    const char *colon = strrchr(s, ':');
    if (!colon || colon == s)
        return false;
    size_t len = (size_t)(colon - s);
    if (s[0] == '[' && colon[-1] == ']') {
        s++;
        len -= 2;
    }
    if (len >= hn)
        return false;
    memcpy(host, s, len);
    host[len] = '\0';
    char *end;
    long p = strtol(colon + 1, &end, 10);
    if (*end || p < 1 || p > 65535)
        return false;
    *port = (int)p;
    return true;
}

/* The user's locale; when it is not installed (a fresh Debian has only C.UTF-8) the
 * programs still speak the language asked for: glibc's gettext ignores LANGUAGE under the
 * plain C locale but honours it under C.UTF-8, so that locale is taken instead and the
 * language of LC_ALL / LC_MESSAGES / LANG becomes LANGUAGE when that is unset. */
static void choose_locale(void)
{
    if (setlocale(LC_ALL, ""))
        return;
    if (!setlocale(LC_ALL, "C.UTF-8"))
        return;
    const char *language = getenv("LANGUAGE");
    if (language && language[0])
        return;
    const char *names[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *v = getenv(names[i]);
        if (!v || !v[0])
            continue;
        char lang[32];
        snprintf(lang, sizeof lang, "%.*s", (int)strcspn(v, ".@"), v);
        if (strcmp(lang, "C") != 0 && strcmp(lang, "POSIX") != 0)
            setenv("LANGUAGE", lang, 1);
        return;
    }
}

int cli_main(int argc, char **argv, const char *prog, const char *about,
             Stagelijn__V1__ClientKind kind, const cli_cmd *cmds, size_t n_cmds)
{
    choose_locale();
    /* STAGELIJN_LOCALEDIR lets programs run from the build tree find BUILD/locale. */
    const char *localedir = getenv("STAGELIJN_LOCALEDIR");
    bindtextdomain("stagelijn", localedir && localedir[0] ? localedir : SL_LOCALEDIR);
    textdomain("stagelijn");

    cli_ctx ctx = {.prog = prog, .timeout_ms = 10000, .kind = kind};
    snprintf(ctx.server, sizeof ctx.server, "localhost:7443");
    load_config(&ctx);

    /* --json decides how errors look, so it counts even when an option before it is already
     * wrong (or when it was put after the command, itself a usage error). */
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--json"))
            ctx.json = true;

    int pos = 1;
    while (pos < argc && strncmp(argv[pos], "--", 2) == 0) {
        const char *o = argv[pos] + 2;
        char *dst = NULL;
        size_t dn = 0;
        if (!strcmp(o, "help")) {
            print_help(stdout, prog, about, cmds, n_cmds, kind);
            return 0;
        } else if (!strcmp(o, "version")) {
            printf("%s %s\n", prog, SL_VERSION);
            return 0;
        } else if (!strcmp(o, "json")) {
            ctx.json = true;
            pos++;
            continue;
        } else if (!strcmp(o, "ids")) {
            output_show_ids(true);
            pos++;
            continue;
        } else if (!strcmp(o, "server")) {
            dst = ctx.server, dn = sizeof ctx.server;
        } else if (!strcmp(o, "ca")) {
            dst = ctx.ca, dn = sizeof ctx.ca;
        } else if (!strcmp(o, "cert")) {
            dst = ctx.cert, dn = sizeof ctx.cert;
        } else if (!strcmp(o, "key")) {
            dst = ctx.key, dn = sizeof ctx.key;
        } else if (!strcmp(o, "user")) {
            dst = ctx.user, dn = sizeof ctx.user;
        } else if (!strcmp(o, "password-file")) {
            dst = ctx.password_file, dn = sizeof ctx.password_file;
        } else if (kind == STAGELIJN__V1__CLIENT_KIND__CLIENT_KIOSK && !strcmp(o, "pin")) {
            ctx.pin_login = true;
            pos++;
            continue;
        } else if (kind == STAGELIJN__V1__CLIENT_KIND__CLIENT_KIOSK && !strcmp(o, "pin-file")) {
            ctx.pin_login = true;
            dst = ctx.pin_file, dn = sizeof ctx.pin_file;
        } else if (!strcmp(o, "timeout")) {
            unsigned long secs;
            if (pos + 1 >= argc || !cli_parse_uint(argv[pos + 1], 3600, &secs) || secs == 0)
                return cli_usage_error(&ctx, _("--timeout expects seconds (1..3600)"));
            ctx.timeout_ms = (int)secs * 1000;
            pos += 2;
            continue;
        } else {
            return cli_usage_error(&ctx, _("unknown option --%s (see --help)"), o);
        }
        if (pos + 1 >= argc)
            return cli_usage_error(&ctx, _("--%s needs a value"), o);
        snprintf(dst, dn, "%s", argv[pos + 1]);
        pos += 2;
    }
    if (pos >= argc) {
        if (ctx.json)
            return cli_usage_error(&ctx, _("no command given (see --help)"));
        print_help(stderr, prog, about, cmds, n_cmds, kind);
        return EXIT_USAGE;
    }
    int cmd_pos = pos;
    ctx.cmd = find_cmd(cmds, n_cmds, argc, argv, &pos);
    if (!ctx.cmd) {
        if (asks_help(argc, argv, cmd_pos) && is_family(cmds, n_cmds, argv[cmd_pos])) {
            print_family_help(prog, cmds, n_cmds, argv[cmd_pos]);
            return 0;
        }
        return unknown_command(&ctx, cmds, n_cmds, argc, argv, cmd_pos);
    }
    if (asks_help(argc, argv, pos)) {
        printf("%s %s %s%s\n  %s\n", prog, ctx.cmd->words, ctx.cmd->synopsis,
               paging_synopsis(ctx.cmd), _(ctx.cmd->help));
        return 0;
    }
    cli_args args;
    int rc = parse_cmd_args(&ctx, argc, argv, pos, &args);
    if (rc)
        return rc;

    char *host = ctx.host;
    if (!split_server(ctx.server, ctx.host, sizeof ctx.host, &ctx.port))
        return cli_usage_error(&ctx, _("--server expects HOST:PORT"));
    if (!ctx.ca[0])
        return cli_usage_error(&ctx, _("--ca is required (the CA certificate, e.g. "
                                       "DATA_DIR/tls/ca.pem)"));
    if (!ctx.user[0] && kind != STAGELIJN__V1__CLIENT_KIND__CLIENT_UNSPECIFIED)
        return cli_usage_error(&ctx, _("--user is required"));
    /* A PIN is read as a password is (a file, which may be /dev/stdin or /dev/fd/N, the
     * environment, or the terminal without echo), never from the command line. */
    if (ctx.pin_login && !cli_read_secret("STAGELIJN_PIN", ctx.pin_file, _("PIN: "), ctx.password,
                                          sizeof ctx.password))
        return cli_usage_error(&ctx, _("no PIN: use --pin-file, STAGELIJN_PIN or run on a "
                                       "terminal"));
    if (!ctx.pin_login && ctx.cmd->no_login != CLI_NO_PASSWORD &&
        !cli_read_secret("STAGELIJN_PASSWORD", ctx.password_file, _("Password: "), ctx.password,
                         sizeof ctx.password))
        return cli_usage_error(&ctx, _("no password: use --password-file, STAGELIJN_PASSWORD "
                                       "or run on a terminal"));

    sl_client_opts o = {.host = host,
                        .port = ctx.port,
                        .ca_file = ctx.ca,
                        .cert_file = ctx.cert[0] ? ctx.cert : NULL,
                        .key_file = ctx.key[0] ? ctx.key : NULL,
                        .timeout_ms = ctx.timeout_ms,
                        .kind = kind};
    char err[512];
    sl_status st = sl_client_connect(&o, &ctx.client, err, sizeof err);
    if (st != SL_OK)
        return cli_fail(&ctx, EXIT_CONNECTION, "%s", err);
    if (!ctx.cmd->no_login && ctx.pin_login) {
        st = sl_client_pin_login(ctx.client, ctx.user, ctx.password, NULL, err, sizeof err);
        if (st != SL_OK) {
            cli_print_error(&ctx, st, err, NULL);
            sl_client_close(ctx.client);
            memset(ctx.password, 0, sizeof ctx.password);
            return cli_exit_code(st);
        }
    } else if (!ctx.cmd->no_login) {
        bool must_change = false;
        st = sl_client_login(ctx.client, ctx.user, ctx.password, &must_change, err, sizeof err);
        if (st != SL_OK) {
            cli_print_error(&ctx, st, err, NULL);
            sl_client_close(ctx.client);
            return cli_exit_code(st);
        }
        if (must_change) {
            sl_client_close(ctx.client);
            return cli_fail(&ctx, EXIT_REFUSED,
                            _("your password is a one-time password; change it first with "
                              "'%s passwd'"),
                            prog);
        }
    }
    rc = ctx.cmd->run(&ctx, &args);
    sl_client_close(ctx.client);
    memset(ctx.password, 0, sizeof ctx.password);
    return rc;
}
