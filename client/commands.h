/* Commands that more than one program offers (the workstation and the kiosk both list
 * placements, read agendas, report a dropout...). The server decides what each user sees. */
#ifndef SL_COMMANDS_H
#define SL_COMMANDS_H

#include "cli.h"

int cmd_student_list(cli_ctx *ctx, const cli_args *a);
int cmd_student_show(cli_ctx *ctx, const cli_args *a);
int cmd_placement_list(cli_ctx *ctx, const cli_args *a);
int cmd_placement_show(cli_ctx *ctx, const cli_args *a);
int cmd_agenda_list(cli_ctx *ctx, const cli_args *a);
int cmd_agenda_sign(cli_ctx *ctx, const cli_args *a);
int cmd_visit_list(cli_ctx *ctx, const cli_args *a);
int cmd_assessment_list(cli_ctx *ctx, const cli_args *a);
int cmd_assessment_submit(cli_ctx *ctx, const cli_args *a);
int cmd_dropout_report(cli_ctx *ctx, const cli_args *a);
int cmd_notifications(cli_ctx *ctx, const cli_args *a);
int cmd_reflection_write(cli_ctx *ctx, const cli_args *a);

#define CMD_REFLECTION_WRITE                                                                       \
    {                                                                                              \
        "reflection write", "placement week text", "--placement ID --week MONDAY --text TEXT",     \
            N_("students: write your own reflection on a week of your internship"),                \
            cmd_reflection_write, false                                                            \
    }
int cmd_contract_sign(cli_ctx *ctx, const cli_args *a);
int cmd_assignment_save(cli_ctx *ctx, const cli_args *a);
int cmd_assignment_list(cli_ctx *ctx, const cli_args *a);

#define CMD_STUDENT_LIST                                                                           \
    {                                                                                              \
        "student list", "class company", "[--class ID] [--company ID]",                            \
            N_("list the students you may see"), cmd_student_list, false                           \
    }
#define CMD_STUDENT_SHOW                                                                           \
    {                                                                                              \
        "student show", "id", "--id ID", N_("show one student"), cmd_student_show, false           \
    }
#define CMD_PLACEMENT_LIST                                                                         \
    {                                                                                              \
        "placement list", "student company", "[--student ID] [--company ID]",                      \
            N_("list placements"), cmd_placement_list, false                                       \
    }
#define CMD_PLACEMENT_SHOW                                                                         \
    {                                                                                              \
        "placement show", "id", "--id ID", N_("show a placement with its schedule"),               \
            cmd_placement_show, false                                                              \
    }
#define CMD_AGENDA_LIST                                                                            \
    {                                                                                              \
        "agenda list", "placement", "--placement ID", N_("the weekly agendas of a placement"),     \
            cmd_agenda_list, false                                                                 \
    }
#define CMD_VISIT_LIST                                                                             \
    {                                                                                              \
        "visit list", "placement", "--placement ID", N_("the coach's visits to a placement"),      \
            cmd_visit_list, false                                                                  \
    }
#define CMD_ASSESSMENT_LIST                                                                        \
    {                                                                                              \
        "assessment list", "placement", "--placement ID", N_("assessments of a placement"),        \
            cmd_assessment_list, false                                                             \
    }
#define CMD_ASSESSMENT_SUBMIT                                                                      \
    {                                                                                              \
        "assessment submit",                                                                       \
            "placement kind period persoonlijk arbeid sociaal onderzoek leren comments verdict "   \
            "aspect date",                                                                         \
            "--placement ID --kind interim|end [--period 1..3] --persoonlijk 1..5 --arbeid 1..5 "  \
            "--sociaal 1..5 --onderzoek 1..5 --leren 1..5 [--verdict positive|negative] "          \
            "[--aspect NAME=RATING]... [--comments TEXT] [--date YYYY-MM-DD]",                     \
            N_("rate the five competence areas (1 insufficient .. 5 excellent) and up to 12 "      \
               "aspects of this internship; an end assessment needs a verdict"),                   \
            cmd_assessment_submit, false                                                           \
    }
#define CMD_DROPOUT_REPORT                                                                         \
    {                                                                                              \
        "dropout report", "placement date reason via",                                             \
            "--placement ID --date YYYY-MM-DD --reason TEXT [--via student|supervisor|coach]",     \
            N_("report that the student cannot complete the internship; the mentor is told at "    \
               "once"),                                                                            \
            cmd_dropout_report, false                                                              \
    }
#define CMD_NOTIFICATIONS                                                                          \
    {                                                                                              \
        "notifications", "after before limit page all-school",                                     \
            "[--page N] [--limit N] [--after SEQ] [--before SEQ] [--all-school]",                  \
            N_("events you may see (dropouts of your class, your own interns' as a coach; the "    \
               "whole school's with --all-school), newest first, --limit (100) a page"),           \
            cmd_notifications, false                                                               \
    }

/* The workstation records every party's signature; the kiosk the company's. */
#define CMD_CONTRACT_SIGN                                                                          \
    {                                                                                              \
        "contract sign", "placement party name date",                                              \
            "--placement ID --party school|company|student|parent --name NAME --date YYYY-MM-DD",  \
            N_("record a signature on the contract (a company supervisor signs for the company)"), \
            cmd_contract_sign, false                                                               \
    }

/* Practical assignments (years 4/5, Entree): the supervisor moves them up to submitted at
 * the kiosk, the coach approves at the workstation. */
#define CMD_ASSIGNMENT_SAVE                                                                        \
    {                                                                                              \
        "assignment save", "placement period number title status notes id",                        \
            "--placement ID --period 1..3 --number 1..2 --title TEXT "                             \
            "[--status open|in_progress|submitted|approved] [--notes TEXT] [--id ID]",             \
            N_("create a practical assignment, or with --id change its status and notes"),         \
            cmd_assignment_save, false                                                             \
    }
#define CMD_ASSIGNMENT_LIST                                                                        \
    {                                                                                              \
        "assignment list", "placement", "--placement ID",                                          \
            N_("the practical assignments of a placement, per period"), cmd_assignment_list, false \
    }

#endif
