#include "ad_accounts.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "ids.h"
#include "output.h"
#include "termtext.h"
#include "wording.h"

/* Sends req; on success prints {"username":..,"done":true} with --json and returns 0, and
 * *say is set when the caller is to tell a person what was done. */
static int call_done(cli_ctx *ctx, sl_envelope *req, const char *username, bool *say,
                     char shown[256])
{
    sl_envelope *rep;
    int rc;
    *say = false;
    if (cli_call(ctx, req, &rep, &rc) != SL_OK)
        return rc;
    sl_envelope_free(rep);
    if (ctx->json) {
        printf("{\"username\":");
        output_json_string(stdout, username);
        printf(",\"done\":true}\n");
    } else {
        termtext_escape(username, shown, 256);
        *say = true;
    }
    return 0;
}

static int set_enabled(cli_ctx *ctx, const cli_args *a, bool enabled)
{
    const char *username;
    if (!cli_need(ctx, a, "username", &username))
        return EXIT_USAGE;
    Stagelijn__V1__SetAccountEnabledRequest se = STAGELIJN__V1__SET_ACCOUNT_ENABLED_REQUEST__INIT;
    se.username = (char *)username;
    se.enabled = enabled;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SET_ACCOUNT_ENABLED;
    req.set_account_enabled = &se;
    bool say;
    char shown[256];
    int rc = call_done(ctx, &req, username, &say, shown);
    if (say && enabled)
        printf(_("Account %s is enabled.\n"), shown);
    else if (say)
        printf(_("Account %s is disabled; its sessions have ended.\n"), shown);
    return rc;
}

int ad_account_disable(cli_ctx *ctx, const cli_args *a)
{
    return set_enabled(ctx, a, false);
}

int ad_account_enable(cli_ctx *ctx, const cli_args *a)
{
    return set_enabled(ctx, a, true);
}

/* {"username":USERNAME,"KEY":VALUE} on a line of its own. */
static void json_pair(const char *username, const char *key, const char *value)
{
    printf("{\"username\":");
    output_json_string(stdout, username);
    printf(",\"%s\":", key);
    output_json_string(stdout, value);
    printf("}\n");
}

bool ad_write_private_file(const char *path, const char *secret)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return false;
    size_t n = strlen(secret);
    bool ok = write(fd, secret, n) == (ssize_t)n;
    int saved = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        unlink(path);
        errno = saved;
    }
    return ok;
}

int ad_account_reset_password(cli_ctx *ctx, const cli_args *a)
{
    const char *username;
    if (!cli_need(ctx, a, "username", &username))
        return EXIT_USAGE;
    const char *out = cli_arg(a, "out");
    /* Refused before the password changes, so that a bad path loses nothing. */
    if (out && access(out, F_OK) == 0)
        return cli_usage_error(ctx, _("%s exists already; give a new file"), out);
    Stagelijn__V1__ResetPasswordRequest rp = STAGELIJN__V1__RESET_PASSWORD_REQUEST__INIT;
    rp.username = (char *)username;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RESET_PASSWORD;
    req.reset_password = &rp;
    int rc;
    if (cli_call(ctx, &req, &rep, &rc) != SL_OK)
        return rc;
    const char *otp =
        rep->reset_password_reply ? rep->reset_password_reply->one_time_password : NULL;
    rc = 0;
    char shown[256];
    termtext_escape(username, shown, sizeof shown);
    if (!otp || !otp[0]) {
        rc = cli_fail(ctx, EXIT_REFUSED, _("the server sent no password"));
    } else if (out) {
        char line[128];
        snprintf(line, sizeof line, "%s\n", otp);
        bool written = ad_write_private_file(out, line);
        memset(line, 0, sizeof line);
        if (!written)
            rc = cli_fail(ctx, EXIT_REFUSED, _("cannot write %s: %s"), out, strerror(errno));
        else if (ctx->json)
            json_pair(username, "written_to", out);
        else
            printf(_("One-time password for %s written to %s; it must be changed at the next "
                     "login.\n"),
                   shown, out);
    } else if (ctx->json) {
        json_pair(username, "one_time_password", otp);
    } else {
        printf(_("One-time password for %s (shown once; to be changed at the next login): "
                 "%s\n"),
               shown, otp);
    }
    memset((char *)otp, 0, otp ? strlen(otp) : 0);
    sl_envelope_free(rep);
    return rc;
}

int ad_account_unlock(cli_ctx *ctx, const cli_args *a)
{
    const char *username;
    if (!cli_need(ctx, a, "username", &username))
        return EXIT_USAGE;
    Stagelijn__V1__UnlockAccountRequest ua = STAGELIJN__V1__UNLOCK_ACCOUNT_REQUEST__INIT;
    ua.username = (char *)username;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_UNLOCK_ACCOUNT;
    req.unlock_account = &ua;
    bool say;
    char shown[256];
    int rc = call_done(ctx, &req, username, &say, shown);
    if (say)
        printf(_("Account %s is unlocked.\n"), shown);
    return rc;
}

int ad_company_id(cli_ctx *ctx, const char *name, char id[SL_ID_LEN + 1])
{
    Stagelijn__V1__ListCompaniesRequest lc = STAGELIJN__V1__LIST_COMPANIES_REQUEST__INIT;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_COMPANIES;
    req.list_companies = &lc;
    int rc;
    if (cli_call(ctx, &req, &rep, &rc) != SL_OK)
        return rc;
    const Stagelijn__V1__ListCompaniesReply *l = rep->list_companies_reply;
    int matches = 0;
    for (size_t i = 0; l && i < l->n_companies; i++) {
        const Stagelijn__V1__Company *c = l->companies[i];
        if (strcmp(c->id, name) == 0 || strcasecmp(c->name, name) == 0) {
            snprintf(id, SL_ID_LEN + 1, "%s", c->id);
            matches++;
        }
    }
    sl_envelope_free(rep);
    if (matches == 1)
        return 0;
    if (matches == 0)
        return cli_fail(ctx, EXIT_REFUSED, _("no company '%s'"), name);
    return cli_fail(ctx, EXIT_REFUSED, _("%d companies are called '%s'; give the id"), matches,
                    name);
}

int ad_account_role(cli_ctx *ctx, const cli_args *a)
{
    const char *username, *role_word;
    if (!cli_need(ctx, a, "username", &username) || !cli_need(ctx, a, "role", &role_word))
        return EXIT_USAGE;
    int role = 0;
    if (!cli_enum(ctx, a, "role", &stagelijn__v1__role__descriptor, &role))
        return EXIT_USAGE;
    char company[SL_ID_LEN + 1] = "";
    const char *company_name = cli_arg(a, "company");
    if (company_name) {
        int rc = ad_company_id(ctx, company_name, company);
        if (rc)
            return rc;
    }
    Stagelijn__V1__SetAccountRoleRequest sr = STAGELIJN__V1__SET_ACCOUNT_ROLE_REQUEST__INIT;
    sr.username = (char *)username;
    sr.role = (Stagelijn__V1__Role)role;
    sr.company_id = company;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SET_ACCOUNT_ROLE;
    req.set_account_role = &sr;
    bool say;
    char shown[256];
    int rc = call_done(ctx, &req, username, &say, shown);
    if (say)
        printf(_("Account %s has its new role; its sessions have ended.\n"), shown);
    return rc;
}

/* "enabled", "disabled", "locked", "must change password", joined by commas. */
static void account_state(const Stagelijn__V1__Account *acc, char *buf, size_t n)
{
    snprintf(buf, n, "%s%s%s", acc->enabled ? _("enabled") : _("disabled"),
             acc->locked ? _(", locked") : "",
             acc->must_change_password ? _(", must change password") : "");
}

static void print_account(const Stagelijn__V1__Account *acc)
{
    char role_buf[64], state[160], when[32];
    const char *role =
        wording_value(&stagelijn__v1__role__descriptor, acc->role, role_buf, sizeof role_buf);
    account_state(acc, state, sizeof state);
    if (acc->last_login > 0) {
        time_t t = (time_t)acc->last_login;
        struct tm tm;
        localtime_r(&t, &tm);
        strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
    } else {
        snprintf(when, sizeof when, "%s", _("never"));
    }
    termtext_fputs(acc->username, stdout);
    fputs("  ", stdout);
    termtext_fputs(acc->display_name, stdout);
    printf("  %s", role);
    if (acc->company_name[0]) {
        fputs(" (", stdout);
        termtext_fputs(acc->company_name, stdout);
        fputc(')', stdout);
    }
    printf("  %s  %s %s\n", state, _("last login"), when);
}

int ad_account_list(cli_ctx *ctx, const cli_args *a)
{
    unsigned long limit = 0;
    if (!cli_uint(ctx, a, "limit", 200, &limit))
        return EXIT_USAGE;
    Stagelijn__V1__ListAccountsRequest la = STAGELIJN__V1__LIST_ACCOUNTS_REQUEST__INIT;
    la.after = (char *)(cli_arg(a, "after") ? cli_arg(a, "after") : "");
    la.limit = (uint32_t)limit;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_ACCOUNTS;
    req.list_accounts = &la;
    int rc;
    if (cli_call(ctx, &req, &rep, &rc) != SL_OK)
        return rc;
    const Stagelijn__V1__ListAccountsReply *l = rep->list_accounts_reply;
    if (!l) {
        sl_envelope_free(rep);
        return cli_fail(ctx, EXIT_REFUSED, _("the server sent no list"));
    }
    if (ctx->json) {
        output_json(stdout, (const ProtobufCMessage *)l);
        fputc('\n', stdout);
    } else {
        for (size_t i = 0; i < l->n_accounts; i++)
            print_account(l->accounts[i]);
        if (!l->n_accounts)
            printf("%s\n", _("No accounts."));
        if (l->cut) {
            char last[256];
            termtext_escape(l->accounts[l->n_accounts - 1]->username, last, sizeof last);
            printf(_("The list goes on: ask again with --after %s\n"), last);
        }
    }
    sl_envelope_free(rep);
    return 0;
}
