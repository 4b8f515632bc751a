/* stagelijn-admin's command for subscriber accounts (subs, issue 9): which event topics an
 * automation account may receive. One request; the server decides who may. */
#ifndef SL_AD_SUBS_H
#define SL_AD_SUBS_H

#include "cli.h"

/* Grants (--grant T)... and revokes (--revoke T)... topics of the subscriber account
 * --username U, then shows the topics it is granted now (with neither: only shows them). */
int ad_subscriber_topics(cli_ctx *ctx, const cli_args *a);

/* clang-format off */
#define AD_SUBS_CMDS \
    {"subscriber topics", "username grant revoke", \
     "--username U [--grant TOPIC]... [--revoke TOPIC]...", \
     N_("the event topics a subscriber account (automation) receives: grant and revoke them, " \
        "or show them; a revocation ends the account's sessions, so its subscriptions start " \
        "again under the new grants"), \
     ad_subscriber_topics, false}
/* clang-format on */

#endif
