/* The development CA made on first start: DATA_DIR/tls/ca.pem + ca.key sign the server's
 * certificate for localhost/127.0.0.1 and device certificates for kiosks. A school in
 * production may replace all of it with certificates from its own CA (docs/operations.md). */
#ifndef SL_DEVCA_H
#define SL_DEVCA_H

#include <stdbool.h>
#include <stddef.h>

/* Creates DIR/tls/{ca.pem,ca.key,server.pem,server.key} when ca.pem is missing.
 * Private keys are written 0600. Returns false with a reason on any failure. */
bool devca_ensure(const char *data_dir, char *err, size_t errlen);

/* Issues a device (client) certificate signed by DIR/tls/ca.key. A non-empty company_id is
 * bound into the certificate as URI SAN urn:stagelijn:company:<id>. */
bool devca_issue_device(const char *data_dir, const char *device_name, const char *company_id,
                        const char *cert_out, const char *key_out, char *err, size_t errlen);

#endif
