/* The administrator's backup and audit commands (client/ad_backup.c): start an online backup
 * and follow it to its verified end; read the audit log with filters, newest first. Each row
 * goes into stagelijn-admin's command table through AD_BACKUP_COMMANDS. */
#ifndef SL_AD_BACKUP_H
#define SL_AD_BACKUP_H

#include "cli.h"

int ad_backup(cli_ctx *ctx, const cli_args *a);
int ad_audit(cli_ctx *ctx, const cli_args *a);

/* clang-format off */
#define AD_BACKUP_COMMANDS                                                                         \
    {"backup", "no-wait", "[--no-wait]",                                                           \
     N_("make an online backup in the server's DATA_DIR/backups while it serves, show its "        \
        "progress and the verified result (file, size, pages, time)"), ad_backup, false},          \
    {"backup status", "", "", N_("the latest backup's state"), ad_backup, false},                  \
    {"audit", "person student type from to limit before",                                          \
     "[--person USER_ID] [--student NAME] [--type OPERATION[*]] [--from YYYY-MM-DD] "              \
     "[--to YYYY-MM-DD] [--limit 1..500] [--before N]",                                            \
     N_("the audit log, newest first: who did what, about whom; --type ends in * for a prefix, "   \
        "--to is inclusive; a cut list says how to see more"), ad_audit, false}
/* clang-format on */

#endif
