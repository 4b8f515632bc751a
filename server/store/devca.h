/* The development CA made on first start: DATA_DIR/tls/ca.pem + ca.key sign the server's
 * certificate for localhost/127.0.0.1 and device certificates for kiosks. A school in
 * production may replace all of it with certificates from its own CA (docs/operations.md). */
#ifndef SL_DEVCA_H
#define SL_DEVCA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tls.h"

/* Creates DIR/tls/{ca.pem,ca.key,server.pem,server.key} when ca.pem is missing.
 * Private keys are written 0600. Returns false with a reason on any failure. */
bool devca_ensure(const char *data_dir, char *err, size_t errlen);

/* Issues a device (client) certificate signed by DIR/tls/ca.key. A non-empty company_id is
 * bound into the certificate as URI SAN urn:stagelijn:company:<id>. */
bool devca_issue_device(const char *data_dir, const char *device_name, const char *company_id,
                        const char *cert_out, const char *key_out, char *err, size_t errlen);

/* A device certificate issued in memory (issue 10: from the administrator's console, through
 * the protocol): PEM texts owned by the struct (devca_issued_free), its serial as
 * sl_tls_cert_serial spells it and its end of validity in unix seconds. */
typedef struct {
    char *cert_pem;
    char *key_pem;
    char serial[SL_TLS_SERIAL_MAX + 1];
    int64_t not_after;
} devca_issued;

/* As devca_issue_device, bound to company_id (required), into *out instead of files. False
 * with a reason in err (the CA under DATA_DIR/tls unreadable: a school with its own CA issues
 * its certificates there). */
bool devca_issue_device_pem(const char *data_dir, const char *device_name, const char *company_id,
                            devca_issued *out, char *err, size_t errlen);
/* Clears the key from memory and frees the texts; NULL-safe. */
void devca_issued_free(devca_issued *d);

/* What a device certificate says of itself (admin2, issue 10): its serial as
 * sl_tls_cert_serial spells it, its common name, the company id of its URI SAN ("" when it is
 * bound to none) and its end of validity (unix s). */
typedef struct {
    char serial[SL_TLS_SERIAL_MAX + 1];
    char device_name[128];
    char company_id[64];
    int64_t not_after;
} devca_device;

/* Reads the PEM certificate `pem` and checks that DATA_DIR/tls/ca.pem signed it as a device
 * (client) certificate. False with a reason (not PEM, not this CA's, not a device's). */
bool devca_read_device(const char *data_dir, const char *pem, devca_device *out, char *err,
                       size_t errlen);

/* Enters the device certificate in the file cert_path into DATA_DIR/stagelijn.db's register
 * (device_certs; issued at `now`, unix s, by no account), so that the console lists and
 * revokes it: for `stagelijnd --issue-device-cert`, which runs beside the daemon. One already
 * there is left as it is. False with a reason (no database yet, not this CA's certificate). */
bool devca_register_file(const char *data_dir, const char *cert_path, int64_t now, char *err,
                         size_t errlen);

/* The certificate revocation list of the device CA (admin2, issue 10), so that tools other
 * than the daemon can check a kiosk's certificate: DATA_DIR/tls/devices.crl.pem, an X.509 v2
 * CRL in PEM signed by DATA_DIR/tls/ca.key, listing every revoked serial of the register
 * (device_certs) with its time of revocation. Its thisUpdate is `now` (unix s), its CRL number
 * `now` too (so it only grows), its nextUpdate the CA's own end of validity: the file is
 * rewritten whenever the list changes (at start and on each revocation), not on a timer.
 * Written to a temporary file and renamed, mode 0644. False with a reason (the store
 * unreadable, no CA key under DATA_DIR/tls: a school with its own CA publishes its CRL there). */
struct store;
bool devca_publish_crl(struct store *st, const char *data_dir, int64_t now, char *err,
                       size_t errlen);

#endif
