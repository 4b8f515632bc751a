/* Kiosk commands of the kiosk PIN and assessment work; see ks_assess.h. */
#include "ks_assess.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "termtext.h"

/* The PIN: a line on standard input when that is no terminal (scripts), else typed at the
 * terminal without echo. */
static bool read_pin(char *pin, size_t len)
{
    if (!isatty(STDIN_FILENO)) {
        if (!fgets(pin, (int)len, stdin))
            return false;
        pin[strcspn(pin, "\r\n")] = '\0';
        return pin[0] != '\0';
    }
    return cli_read_secret(NULL, NULL, _("PIN: "), pin, len);
}

int ks_login(cli_ctx *ctx, const cli_args *a)
{
    /* The PIN given before the command (--pin-file, --pin) as for any other command. */
    if (!cli_flag(a, "pin") && !ctx->pin_login)
        return cli_usage_error(ctx, _("login on the kiosk is with --pin (staff log in with "
                                      "--user and their password with every command)"));
    char pin[64] = "";
    if (!ctx->pin_login && !read_pin(pin, sizeof pin))
        return cli_usage_error(ctx, _("no PIN: type it, or give it on standard input"));
    char err[512];
    sl_envelope *rep;
    sl_status st = sl_client_pin_login(ctx->client, ctx->user, ctx->pin_login ? ctx->password : pin,
                                       &rep, err, sizeof err);
    memset(pin, 0, sizeof pin);
    if (st != SL_OK) {
        cli_print_error(ctx, st, err, NULL);
        return cli_exit_code(st);
    }
    const Stagelijn__V1__LoginReply *lr = rep->login_reply;
    if (ctx->json) {
        output_json(stdout, &lr->user->base);
        fputc('\n', stdout);
    } else {
        char shown[512];
        termtext_escape(lr->user->display_name, shown, sizeof shown);
        printf(_("Logged in as %s.\n"), shown);
    }
    sl_envelope_free(rep);
    /* The command only logs in: the session ends with it, so no token outlives the program
     * (the interactive kiosk keeps its session for itself). */
    Stagelijn__V1__LogoutRequest lo = STAGELIJN__V1__LOGOUT_REQUEST__INIT;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOGOUT;
    req.logout = &lo;
    rep = NULL;
    sl_client_call(ctx->client, &req, &rep, err, sizeof err); /* a failed logout: it expires */
    sl_envelope_free(rep);
    return 0;
}
