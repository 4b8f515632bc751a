/* The workstation's commands for the internship line, one table per family (the same
 * families as the server's handlers): each client/ws_<family>.c defines its table and count,
 * and stagelijn.c shows them all. */
#ifndef SL_WS_COMMANDS_H
#define SL_WS_COMMANDS_H

#include "cli.h"

#define WS_TABLE(name)                                                                             \
    extern const cli_cmd ws_##name##_commands[];                                                   \
    extern const size_t ws_##name##_count

WS_TABLE(prep);
WS_TABLE(matching);
WS_TABLE(contract);
WS_TABLE(periods);
WS_TABLE(group);
WS_TABLE(aftercare);
WS_TABLE(overview);
WS_TABLE(inbox); /* issue 9, notifications */

#endif
