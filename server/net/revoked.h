/* The serials of revoked device certificates, held in memory so that the check after each
 * device handshake costs no database read. Filled from the database at start and added to
 * when the administrator revokes one (issue 10); never emptied while the daemon runs. */
#ifndef SL_REVOKED_H
#define SL_REVOKED_H

#include <stdbool.h>
#include <stddef.h>

#include "tls.h"

typedef struct {
    char (*serial)[SL_TLS_SERIAL_MAX + 1]; /* sorted, owned */
    size_t n, cap;
} revoked_set;

/* Adds a serial (SL_TLS_SERIAL_MAX characters at most; one already there is fine). False
 * when out of memory or the serial is too long. */
bool revoked_add(revoked_set *s, const char *serial);
bool revoked_contains(const revoked_set *s, const char *serial);
void revoked_free(revoked_set *s);

#endif
