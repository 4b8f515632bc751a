/* Ids are lower-case textual UUIDs from libuuid (random, version 4). */
#ifndef SL_IDS_H
#define SL_IDS_H

#include <stdbool.h>

#define SL_ID_LEN 36
typedef struct {
    char s[SL_ID_LEN + 1];
} sl_id;

sl_id sl_id_new(void);
/* True when `s` is a well-formed textual UUID. */
bool sl_id_valid(const char *s);

#endif
