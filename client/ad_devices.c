#include "ad_devices.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ad_accounts.h"
#include "output.h"
#include "termtext.h"

static void print_cert(const Stagelijn__V1__DeviceCert *d)
{
    char until[16];
    time_t t = (time_t)d->not_after;
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(until, sizeof until, "%Y-%m-%d", &tm);
    termtext_fputs(d->company_name, stdout);
    fputs("  ", stdout);
    termtext_fputs(d->device_name, stdout);
    printf("  %s  ", d->serial);
    printf(_("valid until %s"), until);
    if (d->revoked_at)
        printf("  %s", _("revoked"));
    putchar('\n');
}

/* Prints a reply's certificates (JSON or human) and frees it; 0. */
static int print_reply(cli_ctx *ctx, sl_envelope *rep)
{
    const Stagelijn__V1__DeviceCertsReply *l = rep->device_certs_reply;
    if (!l) {
        sl_envelope_free(rep);
        return cli_fail(ctx, EXIT_REFUSED, _("the server sent no list"));
    }
    if (ctx->json) {
        /* The key is in its file only, never on the terminal or in a log. */
        printf("{\"certs\":[");
        for (size_t i = 0; i < l->n_certs; i++) {
            printf(i ? "," : "");
            output_json(stdout, (const ProtobufCMessage *)l->certs[i]);
        }
        printf("],\"cut\":%s}\n", l->cut ? "true" : "false");
    } else {
        for (size_t i = 0; i < l->n_certs; i++)
            print_cert(l->certs[i]);
        if (!l->n_certs)
            printf("%s\n", _("No device certificates."));
        if (l->cut)
            printf("%s\n", _("The list is cut at 200."));
    }
    sl_envelope_free(rep);
    return 0;
}

int ad_device_issue(cli_ctx *ctx, const cli_args *a)
{
    const char *company_name, *name, *cert_out, *key_out;
    if (!cli_need(ctx, a, "company", &company_name) || !cli_need(ctx, a, "name", &name) ||
        !cli_need(ctx, a, "cert-out", &cert_out) || !cli_need(ctx, a, "key-out", &key_out))
        return EXIT_USAGE;
    /* Refused before anything is issued, so that no certificate is made for nothing. */
    if (access(cert_out, F_OK) == 0)
        return cli_usage_error(ctx, _("%s exists already; give a new file"), cert_out);
    if (access(key_out, F_OK) == 0)
        return cli_usage_error(ctx, _("%s exists already; give a new file"), key_out);
    char company[SL_ID_LEN + 1];
    int rc = ad_company_id(ctx, company_name, company);
    if (rc)
        return rc;
    Stagelijn__V1__IssueDeviceCert is = STAGELIJN__V1__ISSUE_DEVICE_CERT__INIT;
    is.company_id = company;
    is.device_name = (char *)name;
    Stagelijn__V1__ChangeDeviceCertRequest cd = STAGELIJN__V1__CHANGE_DEVICE_CERT_REQUEST__INIT;
    cd.action_case = STAGELIJN__V1__CHANGE_DEVICE_CERT_REQUEST__ACTION_ISSUE;
    cd.issue = &is;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CHANGE_DEVICE_CERT;
    req.change_device_cert = &cd;
    if (cli_call(ctx, &req, &rep, &rc) != SL_OK)
        return rc;
    const Stagelijn__V1__DeviceCertsReply *l = rep->device_certs_reply;
    if (!l || !l->key_pem[0] || !l->cert_pem[0]) {
        sl_envelope_free(rep);
        return cli_fail(ctx, EXIT_REFUSED, _("the server sent no certificate"));
    }
    bool key_ok = ad_write_private_file(key_out, l->key_pem);
    int saved = errno;
    bool cert_ok = key_ok && ad_write_private_file(cert_out, l->cert_pem);
    if (key_ok && !cert_ok) {
        saved = errno;
        unlink(key_out);
    }
    memset(l->key_pem, 0, strlen(l->key_pem));
    if (!cert_ok) {
        sl_envelope_free(rep);
        return cli_fail(ctx, EXIT_REFUSED, _("cannot write %s: %s"), key_ok ? cert_out : key_out,
                        strerror(saved));
    }
    if (!ctx->json)
        printf(_("Certificate and key written to %s and %s:\n"), cert_out, key_out);
    return print_reply(ctx, rep);
}

int ad_device_list(cli_ctx *ctx, const cli_args *a)
{
    Stagelijn__V1__ListDeviceCertsRequest ld = STAGELIJN__V1__LIST_DEVICE_CERTS_REQUEST__INIT;
    ld.include_revoked = cli_flag(a, "all");
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_DEVICE_CERTS;
    req.list_device_certs = &ld;
    int rc;
    if (cli_call(ctx, &req, &rep, &rc) != SL_OK)
        return rc;
    return print_reply(ctx, rep);
}

/* Sends one change of the register; its reply printed (after `done` on a terminal). */
static int change_cert(cli_ctx *ctx, Stagelijn__V1__ChangeDeviceCertRequest *cd, const char *done,
                       char *serial_out)
{
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CHANGE_DEVICE_CERT;
    req.change_device_cert = cd;
    int rc;
    if (cli_call(ctx, &req, &rep, &rc) != SL_OK)
        return rc;
    const Stagelijn__V1__DeviceCertsReply *l = rep->device_certs_reply;
    if (serial_out) {
        if (!l || l->n_certs != 1) {
            sl_envelope_free(rep);
            return cli_fail(ctx, EXIT_REFUSED, _("the server sent no list"));
        }
        snprintf(serial_out, 128, "%s", l->certs[0]->serial);
        sl_envelope_free(rep);
        return 0;
    }
    if (!ctx->json)
        printf("%s\n", done);
    return print_reply(ctx, rep);
}

/* Enters the certificate in the file `path` in the server's register: its serial into
 * serial[128], or (serial NULL) the reply printed after `done`. */
static int register_file(cli_ctx *ctx, const char *path, const char *done, char *serial)
{
    char pem[16384];
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(pem, 1, sizeof pem - 1, f) : 0;
    int saved = errno;
    if (f)
        fclose(f);
    if (!n)
        return cli_fail(ctx, EXIT_USAGE, _("cannot read %s: %s"), path,
                        f ? _("the file is empty") : strerror(saved));
    pem[n] = '\0';
    Stagelijn__V1__ChangeDeviceCertRequest cd = STAGELIJN__V1__CHANGE_DEVICE_CERT_REQUEST__INIT;
    cd.action_case = STAGELIJN__V1__CHANGE_DEVICE_CERT_REQUEST__ACTION_REGISTER_PEM;
    cd.register_pem = pem;
    return change_cert(ctx, &cd, done, serial);
}

int ad_device_register(cli_ctx *ctx, const cli_args *a)
{
    const char *path;
    if (!cli_need(ctx, a, "cert", &path))
        return EXIT_USAGE;
    return register_file(ctx, path, _("Registered; listed and revocable from now on:"), NULL);
}

int ad_device_revoke(cli_ctx *ctx, const cli_args *a)
{
    const char *serial = cli_arg(a, "serial"), *path = cli_arg(a, "cert");
    char registered[128];
    if (!serial == !path)
        return cli_usage_error(ctx, "%s", _("give --serial SERIAL or --cert FILE"));
    if (path) {
        /* A certificate issued before the register existed is entered first. */
        int rc = register_file(ctx, path, NULL, registered);
        if (rc)
            return rc;
        serial = registered;
    }
    Stagelijn__V1__ChangeDeviceCertRequest cd = STAGELIJN__V1__CHANGE_DEVICE_CERT_REQUEST__INIT;
    cd.action_case = STAGELIJN__V1__CHANGE_DEVICE_CERT_REQUEST__ACTION_REVOKE_SERIAL;
    cd.revoke_serial = (char *)serial;
    return change_cert(ctx, &cd, _("Revoked; refused from its next connection on:"), NULL);
}
