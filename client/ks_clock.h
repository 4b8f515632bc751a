/* The kiosk's clocking commands (client/ks_clock.c): clock in and out, a week's hours and its
 * correction, absence and the hour totals. A student is typed by name, by the number the
 * student list shows, or by id; a week by any of its dates. Each row goes into
 * stagelijn-kiosk's command table through KS_CLOCK_COMMANDS. */
#ifndef SL_KS_CLOCK_H
#define SL_KS_CLOCK_H

#include "cli.h"

int ks_clock_in(cli_ctx *ctx, const cli_args *a);
int ks_clock_out(cli_ctx *ctx, const cli_args *a);
int ks_week_show(cli_ctx *ctx, const cli_args *a);
int ks_week_correct(cli_ctx *ctx, const cli_args *a);
int ks_absence_report(cli_ctx *ctx, const cli_args *a);
int ks_hours(cli_ctx *ctx, const cli_args *a);

/* clang-format off */
#define KS_CLOCK_COMMANDS                                                                          \
    {"clock in", "student at", "[--student NAME] [--at 'YYYY-MM-DD HH:MM']",                      \
     N_("clock in (an intern on the kiosk for him/herself; a supervisor for an intern); "          \
        "--at for a time kept while offline"), ks_clock_in, false},                                \
    {"clock out", "student at", "[--student NAME] [--at 'YYYY-MM-DD HH:MM']",                     \
     N_("clock out"), ks_clock_out, false},                                                        \
    {"week show", "student week placement", "[--student NAME] [--week YYYY-MM-DD] "               \
     "[--placement ID]", N_("a week's hours: clocked times, breaks, tasks, absence, signature, "   \
     "breaches of the working-time rules and corrections"), ks_week_show, false},                  \
    {"week correct", "student week placement add change remove day reason",                        \
     "--student NAME --week YYYY-MM-DD [--add 'DATE HH:MM-HH:MM']... "                             \
     "[--change 'DATE HH:MM=HH:MM-HH:MM']... [--remove 'DATE HH:MM']... "                          \
     "[--day YYYY-MM-DD,MINUTES,TASKS]... --reason TEXT",                                          \
     N_("correct a week's clocked times or agenda days, with a reason (a signed week changes "      \
        "only this way)"), ks_week_correct, false},                                                \
    {"absence report", "student kind from to note placement",                                      \
     "[--student NAME] --kind KIND --from YYYY-MM-DD [--to YYYY-MM-DD] [--note TEXT]",            \
     N_("report absence: sick, with notice or without notice"), ks_absence_report, false},         \
    {"hours", "student date", "[--student NAME] [--date YYYY-MM-DD]",                             \
     N_("hour totals of the school year: per week against the norm; Entree toward 650 hours"),     \
     ks_hours, false}
/* clang-format on */

#endif
