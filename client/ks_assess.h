/* The kiosk's commands of the kiosk PIN and assessment work (issue 8, issue 7 item 10),
 * client/ks_assess.c: the intern's PIN login, and the assessments, learning goals and own
 * ratings at the kiosk. KS_ASSESS_COMMANDS goes into stagelijn-kiosk's command table. */
#ifndef SL_KS_ASSESS_H
#define SL_KS_ASSESS_H

#include "cli.h"
#include "ws_commands.h"

int ks_login(cli_ctx *ctx, const cli_args *a);

#define KS_ASSESS_COMMANDS                                                                         \
    {"login",                                                                                      \
     "pin",                                                                                        \
     "--pin",                                                                                      \
     N_("log in as an intern with the PIN (read without echo, or a line on standard "              \
        "input for scripts); only on the kiosk of the company where the intern is placed"),        \
     ks_login,                                                                                     \
     CLI_NO_PASSWORD},                                                                             \
        WS_ASSESSMENT_VERSION_CMDS, WS_GOAL_LIST_CMDS

#endif
