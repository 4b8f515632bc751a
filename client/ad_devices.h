/* stagelijn-admin's device certificate commands (issue 10): issue a kiosk's certificate for a
 * company (key and certificate written to new files of mode 0600), list, revoke. */
#ifndef SL_AD_DEVICES_H
#define SL_AD_DEVICES_H

#include "cli.h"

int ad_device_issue(cli_ctx *ctx, const cli_args *a);
int ad_device_list(cli_ctx *ctx, const cli_args *a);
/* device revoke --serial SERIAL | --cert FILE: with --cert, the certificate is first entered in
 * the register (ad_device_register), so one issued before the register existed is revocable. */
int ad_device_revoke(cli_ctx *ctx, const cli_args *a);
/* device register --cert FILE (admin2): a certificate this school's CA issued outside the
 * console (the old stagelijnd --issue-device-cert) entered in the register, to be listed and
 * revoked; refused for one the CA did not issue. */
int ad_device_register(cli_ctx *ctx, const cli_args *a);

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
    {"device revoke", "serial cert", "--serial SERIAL | --cert FILE", \
     N_("revoke a kiosk certificate (by serial, or by its file when it was issued outside the " \
        "console): refused from its next connection on"), \
     ad_device_revoke, false}, \
    {"device register", "cert", "--cert FILE", \
     N_("enter a kiosk certificate issued by stagelijnd --issue-device-cert in the register, " \
        "to list and revoke it"), \
     ad_device_register, false}
/* clang-format on */

#endif
