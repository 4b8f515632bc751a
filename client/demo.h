/* `stagelijn-admin demo-data`: fills an empty server with a fictional school (about 120
 * students over all years, 40 companies over the ten sectors, staff, placements in every
 * state, agendas, visits, assessments, dropouts, group internship, exits and aftercare). */
#ifndef SL_DEMO_H
#define SL_DEMO_H

#include "cli.h"

int demo_fill(cli_ctx *ctx, const cli_args *a);

#endif
