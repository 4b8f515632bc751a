/* stagelijn-admin's device certificate commands (issue 10): issue a kiosk's certificate for a
 * company (key and certificate written to new files of mode 0600), list, revoke. */
#ifndef SL_AD_DEVICES_H
#define SL_AD_DEVICES_H

#include "cli.h"

int ad_device_issue(cli_ctx *ctx, const cli_args *a);
int ad_device_list(cli_ctx *ctx, const cli_args *a);
int ad_device_revoke(cli_ctx *ctx, const cli_args *a);

/* clang-format off */
#define AD_DEVICE_CMDS \
    {"device issue", "company name cert-out key-out", \
     "--company NAME --name DEVICE --cert-out FILE --key-out FILE", \
     N_("issue a kiosk certificate bound to a company; the certificate and its key are " \
        "written to new files only you can read"), \
     ad_device_issue, false}, \
    {"device list", "all", "[--all]", \
     N_("list kiosk certificates by company (--all: the revoked ones too)"), ad_device_list, \
     false}, \
    {"device revoke", "serial", "--serial SERIAL", \
     N_("revoke a kiosk certificate: refused from its next connection on"), ad_device_revoke, \
     false}
/* clang-format on */

#endif
