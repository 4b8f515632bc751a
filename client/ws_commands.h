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
WS_TABLE(schoolplan); /* trustdomain: year 3, social-skills training, WVO art. 32 course */
WS_TABLE(dropout); /* dropout: the procedure as a case, early warning */
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

/* Assessment drafts and versions: the placement from --placement ID, or the running (else
 * the latest) placement of --student NAME. 0 or the exit code after printing why. */
int ws_placement_of(cli_ctx *ctx, const cli_args *a, char id[SL_ID_LEN + 1]);
int ws_assessment_draft(cli_ctx *ctx, const cli_args *a);
int ws_assessment_finish(cli_ctx *ctx, const cli_args *a);
int ws_assessment_versions(cli_ctx *ctx, const cli_args *a);
#define WS_ASSESSMENT_VERSION_CMDS                                                                 \
    {"assessment draft",                                                                           \
     "student placement id revise kind period persoonlijk arbeid sociaal onderzoek leren "         \
     "comments verdict aspect goal date",                                                          \
     "--student NAME|--placement ID [--id DRAFT] [--revise ASSESSMENT] --kind interim|end "        \
     "[--period 1..3] [--persoonlijk 0..5] [--arbeid 0..5] [--sociaal 0..5] [--onderzoek 0..5] "   \
     "[--leren 0..5] [--verdict positive|negative] [--aspect NAME=RATING]... "                     \
     "[--goal NUMBER=RATING[:REMARK]]... [--comments TEXT] [--date YYYY-MM-DD]",                   \
     N_("save a draft assessment (0 = not rated yet) or change it with --id; --revise drafts a "   \
        "new version of a submitted assessment, which otherwise cannot change"),                   \
     ws_assessment_draft,                                                                          \
     false},                                                                                       \
        {"assessment finish",                                                                      \
         "student placement id",                                                                   \
         "--student NAME|--placement ID --id DRAFT",                                               \
         N_("submit a draft assessment: every area rated; a new version replaces the current "     \
            "one, which stays readable"),                                                          \
         ws_assessment_finish,                                                                     \
         false},                                                                                   \
    {                                                                                              \
        "assessment versions", "student placement", "--student NAME|--placement ID",               \
            N_("every assessment of the placement with its earlier versions (and the drafts, for " \
               "who assesses)"),                                                                   \
            ws_assessment_versions, false                                                          \
    }

/* Learning goals and the student's own rating (issue 7 item 10). */
int ws_goal_add(cli_ctx *ctx, const cli_args *a);
int ws_goal_list(cli_ctx *ctx, const cli_args *a);
int ws_self_rating_save(cli_ctx *ctx, const cli_args *a);
#define WS_GOAL_LIST_CMDS                                                                          \
    {"goal list",                                                                                  \
     "student placement",                                                                          \
     "[--student NAME|--placement ID]",                                                            \
     N_("the placement's learning goals and personal goals, numbered as 'assessment draft "        \
        "--goal' takes them"),                                                                     \
     ws_goal_list,                                                                                 \
     false},                                                                                       \
    {                                                                                              \
        "self-rating save",                                                                        \
            "student placement period persoonlijk arbeid sociaal onderzoek leren remarks",         \
            "[--student NAME|--placement ID] --period 1..3 --persoonlijk 1..5 --arbeid 1..5 "      \
            "--sociaal 1..5 --onderzoek 1..5 --leren 1..5 [--remarks TEXT]",                       \
            N_("the student's own rating of the five competence areas for a period, shown beside " \
               "the supervisor's ('assessment versions'); saving again replaces it"),              \
            ws_self_rating_save, false                                                             \
    }
#define WS_GOAL_CMDS                                                                               \
    {"goal add",                                                                                   \
     "student placement id kind text agreed",                                                      \
     "--student NAME|--placement ID [--id GOAL] --kind learning|personal --text TEXT "             \
     "[--agreed YYYY-MM-DD]",                                                                      \
     N_("set a learning goal in advance (before the placement starts) or a personal goal agreed "  \
        "with the student (--agreed: the day); --id changes a goal not yet rated"),                \
     ws_goal_add,                                                                                  \
     false},                                                                                       \
        WS_GOAL_LIST_CMDS
WS_TABLE(inbox); /* issue 9, notifications */

/* data rights (issue 10): client/ws_datarights.c. "student export --student NAME --out DIR":
 * the student's whole record into DIR/inzage-ID.json and DIR/inzage-ID.md, mode 0600. */
int ws_student_export(cli_ctx *ctx, const cli_args *a);
/* retention (issue 10): client/ws_datarights.c. "retention due" lists who is due (changes
 * nothing); "retention erase [--student NAME]" erases all who are due, or that one. */
int ws_retention_due(cli_ctx *ctx, const cli_args *a);
int ws_retention_erase(cli_ctx *ctx, const cli_args *a);

#endif
