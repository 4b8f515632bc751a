/* stagelijn-admin's account commands (issue 10): disable, enable, reset a password, unlock,
 * change a role, list accounts. Each is one request; the server decides who may. */
#ifndef SL_AD_ACCOUNTS_H
#define SL_AD_ACCOUNTS_H

#include "cli.h"
#include "ids.h"

int ad_account_disable(cli_ctx *ctx, const cli_args *a);
int ad_account_enable(cli_ctx *ctx, const cli_args *a);
/* Prints the one-time password once, or with --out FILE writes it to a new file of mode
 * 0600 (an existing file is not overwritten). */
int ad_account_reset_password(cli_ctx *ctx, const cli_args *a);
int ad_account_unlock(cli_ctx *ctx, const cli_args *a);
/* --company takes the company's name (or its id). */
int ad_account_role(cli_ctx *ctx, const cli_args *a);
/* Sorted by user name, a page at a time (--after USER, --limit N); says when it was cut. */
int ad_account_list(cli_ctx *ctx, const cli_args *a);
/* The id of the company called `name` (case-insensitively, or with that id) into id; 0, or
 * the exit code after saying why (none, or several of that name). */
/* Writes text to a new file of mode 0600 (an existing one is not touched); false with errno
 * set when it cannot (a partly written file is removed). */
bool ad_write_private_file(const char *path, const char *text);
int ad_company_id(cli_ctx *ctx, const char *name, char id[SL_ID_LEN + 1]);

/* clang-format off */
#define AD_ACCOUNT_CMDS \
    {"account disable", "username", "--username U", \
     N_("disable an account: its sessions end at once and it cannot log in"), \
     ad_account_disable, false}, \
    {"account enable", "username", "--username U", N_("enable a disabled account again"), \
     ad_account_enable, false}, \
    {"account reset-password", "username out", "--username U [--out FILE]", \
     N_("give an account a one-time password, to be changed at the next login; shown once, " \
        "or written to a new file only you can read"), \
     ad_account_reset_password, false}, \
    {"account unlock", "username", "--username U", \
     N_("lift the lock after too many wrong passwords"), ad_account_unlock, false}, \
    {"account role", "username role company", "--username U --role ROLE [--company NAME]", \
     N_("change an account's role (a supervisor's with his/her company); its sessions end"), \
     ad_account_role, false}, \
    {"account list", "after limit", "[--after USER] [--limit N]", \
     N_("list accounts by user name with their state and last login"), ad_account_list, false}
/* clang-format on */

#endif
