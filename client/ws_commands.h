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
WS_TABLE(assess);

/* kiosk PIN and assessments (issue 8, issue 7 item 10): client/ws_assess.c */
#include "ids.h"
/* The student a person named: an id, the user name or the full name ("Zoë van 't Hof",
 * any case), among the students the caller may see. 0 with id (and the full name into name,
 * when not NULL) filled, else the exit code after printing why (none, or several: then the
 * user name or id is needed). */
int ws_student_lookup(cli_ctx *ctx, const char *who, char id[SL_ID_LEN + 1], char *name,
                      size_t name_len);
int ws_pin_set(cli_ctx *ctx, const cli_args *a);
#define WS_PIN_SET_CMD                                                                             \
    {                                                                                              \
        "pin set", "student pin-file", "--student NAME [--pin-file FILE]",                         \
            N_("set (or replace) an intern's kiosk PIN, 4 to 6 digits, not all one digit nor a "   \
               "row such as 1234; the PIN comes from the file, STAGELIJN_PIN or a prompt; a new "  \
               "PIN lifts the lock after too many wrong PINs"),                                    \
            ws_pin_set, false                                                                      \
    }

#endif
