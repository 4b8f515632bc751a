/* Ids are lower-case textual UUIDs, version 7 (RFC 9562): 48 bits of Unix time in
 * milliseconds first, then random bits from libuuid. Rows written often (visits, agenda
 * weeks, events, audit) then land on the last pages of their indexes instead of a random
 * page each, which keeps a batch's dirty pages few. Ids carry their creation time to the
 * millisecond; nothing else about them is meaningful. */
#ifndef SL_IDS_H
#define SL_IDS_H

#include <stdbool.h>
#include <stdint.h>

#define SL_ID_LEN 36
typedef struct {
    char s[SL_ID_LEN + 1];
} sl_id;

/* A new id made at the current real time. */
sl_id sl_id_new(void);
/* A new id with the given Unix time in milliseconds (for tests). */
sl_id sl_id_new_at(uint64_t unix_ms);
/* True when `s` is a well-formed textual UUID (any version: older databases hold v4). */
bool sl_id_valid(const char *s);

#endif
