/* What the four client programs share: global options (--server, --ca, --cert/--key,
 * --user, --password-file, --json), the config file, getting a password, connecting and
 * logging in, command tables, printing replies and errors, and the exit codes:
 *   0 success, 1 refused by the server, 2 usage error, 3 connection or TLS failure. */
#ifndef SL_CLI_H
#define SL_CLI_H

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>

#include "slclient.h"

#define _(s) gettext(s)
/* Marks a string for xgettext without translating it here (help strings in cli_cmd
 * tables); the caller translates it with _() when printing. */
#define N_(s) (s)

enum { EXIT_REFUSED = 1, EXIT_USAGE = 2, EXIT_CONNECTION = 3 };
#define CLI_PAGE_ROWS 100 /* rows of a list a person reads at once */

/* cli_cmd.no_login: a command that logs in with something other than the password. */
#define CLI_NO_PASSWORD 2

#define CLI_MAX_ARGS 64

typedef struct {
    const char *key[CLI_MAX_ARGS];
    const char *value[CLI_MAX_ARGS]; /* NULL for a bare --flag */
    int n;
} cli_args;

typedef struct cli_ctx cli_ctx;

typedef struct {
    const char *words;    /* "user create" */
    const char *flags;    /* accepted flags, space separated: "username name role company" */
    const char *synopsis; /* "--username U --name NAME --role ROLE [--company ID]" */
    const char *help;
    int (*run)(cli_ctx *ctx, const cli_args *args);
    /* Runs without a session (the command logs in itself, or not at all): true or
     * CLI_NO_PASSWORD, which also reads no password (a kiosk PIN login reads its own). */
    unsigned char no_login;
} cli_cmd;

struct cli_ctx {
    const char *prog;
    char server[256];
    char ca[1024], cert[1024], key[1024];
    char user[128];
    char password_file[1024];
    char password[256]; /* kept for commands that log in again (passwd, notify reconnects) */
    char host[256];
    int port;
    bool json;
    int timeout_ms;
    Stagelijn__V1__ClientKind kind;
    sl_client *client;
    const cli_cmd *cmd;
    /* The page of a list command (--limit, --offset): see cli_paged(). */
    unsigned long limit, offset;
    bool limit_given;
    /* stagelijn-kiosk (kioskoff): an intern logs in with the PIN instead of a password
     * (--pin-file FILE, or --pin: STAGELIJN_PIN or typed without echo); the PIN is read into
     * `password` like a password, for every command. */
    bool pin_login;
    char pin_file[1024];
};

/* Whether a command answers with a list that pages: "... list", caseload, visit plan, group
 * sessions, dossier, class overview, match suggest, aftercare show (not the outflow report:
 * all of a cohort, with its CSV); such a
 * command takes --limit N (rows a page; for people 100 unless given, for --json the whole
 * list) and --offset N (rows skipped), unless it pages in its own way (notifications). */
bool cli_paged(const cli_cmd *cmd);

/* Runs a program: parses global options, finds the command, connects, logs in, runs it. */
int cli_main(int argc, char **argv, const char *prog, const char *about,
             Stagelijn__V1__ClientKind kind, const cli_cmd *cmds, size_t n_cmds);

/* Argument access for commands. cli_need prints a usage error when missing. */
const char *cli_arg(const cli_args *a, const char *key);
bool cli_flag(const cli_args *a, const char *key);
/* Every value of a repeatable flag, in order; returns the count (at most max). */
int cli_arg_all(const cli_args *a, const char *key, const char **out, int max);
bool cli_need(cli_ctx *ctx, const cli_args *a, const char *key, const char **out);
/* Parses an unsigned number flag; prints a usage error on garbage. */
bool cli_uint(cli_ctx *ctx, const cli_args *a, const char *key, unsigned long max,
              unsigned long *out);
/* Parses an enum flag in the user's words or its English spelling (wording.h); *out is left
 * alone when the flag is absent; prints a usage error naming the accepted words on garbage. */
bool cli_enum(cli_ctx *ctx, const cli_args *a, const char *key, const ProtobufCEnumDescriptor *d,
              int *out);
/* A yes/no flag ("ja"/"nee" or "yes"/"no"); a bare --flag is yes; *out is left alone when the
 * flag is absent. */
bool cli_yes_no(cli_ctx *ctx, const cli_args *a, const char *key, bool *out);
int cli_usage_error(cli_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Strict value parsers: the whole text or nothing, never a prefix. */
/* Digits only (no sign, no blanks), at most max. */
bool cli_parse_uint(const char *s, unsigned long max, unsigned long *out);
/* A decimal number: optional '-', digits, optionally '.' and digits (no exponent, no blanks,
 * no nan/inf). */
bool cli_parse_decimal(const char *s, double *out);
/* YYYY-MM-DD, a real calendar day. */
bool cli_parse_date(const char *s);
/* HH:MM, 00:00..24:00; minutes since midnight into *minutes. */
bool cli_parse_clock(const char *s, int *minutes);
/* A break as uninterrupted parts in minutes: "30" or "15+15" (each 1..240, at most max parts;
 * "0" alone is no break: *n = 0). */
bool cli_parse_breaks(const char *s, uint32_t *parts, size_t max, size_t *n);

/* Before a command runs, every option value whose synopsis names a typed form is checked
 * against it, so that no command reads part of a value: YYYY-MM-DD and MONDAY (a date, the
 * latter a Monday), HH:MM, N / SEQ / SECONDS (a whole number), A..B (a whole number in that
 * range). An option the synopsis gives a value must have one. A bad value is a usage error
 * naming the option (exit 2). */
/* Reports a failure the program itself found (cannot write a file, connection lost, nothing
 * stored): {"error":{"code","message"}} on stdout with --json, else "PROG: message" on
 * stderr, escaped for the terminal. Returns exit_code. */
int cli_fail(cli_ctx *ctx, int exit_code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Sends a request whose body the caller set, prints the reply (JSON or human) and returns
 * the exit code. The reply is freed. */
/* cli_call with the page a person asked for (--limit, --offset; CLI_PAGE_ROWS rows when a
 * person reads a paged command, the whole list for --json); *limit receives the page size
 * asked (0: whole), for cli_print_list_end. Errors as cli_call. */
sl_status cli_call_paged(cli_ctx *ctx, sl_envelope *req, sl_envelope **reply, int *exit_code,
                         unsigned long *limit);

/* Under a list printed in a command's own layout: the server's row cap if it stopped there,
 * then which rows of how many were shown (shown rows, the page size from cli_call_paged). */
void cli_print_list_end(const sl_envelope *reply, size_t shown, unsigned long limit);

int cli_call_print(cli_ctx *ctx, sl_envelope *req);
/* labels: under a list a person read, the line saying the server itself stopped the list at
 * its row cap (the reply's cut.server_cap), when it did; nothing otherwise. */
void cli_print_server_cap(const sl_envelope *reply);
/* Sends and hands the reply to the caller (SL_OK) or prints the error and returns its exit
 * code through *exit_code. */
sl_status cli_call(cli_ctx *ctx, sl_envelope *req, sl_envelope **reply, int *exit_code);
/* Prints a server refusal (with violated rules) to stderr, or as JSON to stdout. */
void cli_print_error(cli_ctx *ctx, sl_status st, const char *msg, const sl_envelope *reply);
/* Maps a status to the exit code. */
int cli_exit_code(sl_status st);

/* Reads a secret: from the environment variable, a file, or the terminal (no echo). */
bool cli_read_secret(const char *env, const char *file, const char *prompt, char *out,
                     size_t outlen);

/* The shared "passwd" command: change one's own password. */
int cli_cmd_passwd(cli_ctx *ctx, const cli_args *args);
#define CLI_PASSWD_CMD                                                                             \
    {                                                                                              \
        "passwd", "new-password-file", "[--new-password-file FILE]",                               \
            N_("change your password (a one-time password must be changed first); the new "        \
               "one comes from STAGELIJN_NEW_PASSWORD, the file, or a prompt"),                    \
            cli_cmd_passwd, true                                                                   \
    }

#endif
