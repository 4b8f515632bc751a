/* The way down for one frame: decode, Hello first, the text check, the row of the request
 * table, wait-or-run (batch.h), session, central authorization (target.c), savepoint and
 * handler, reply (dispatch.c). The network layer calls it through its hooks, so it never
 * calls back up into a connection's parser. */
#ifndef SL_ROUTER_H
#define SL_ROUTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dispatch.h"

/* Handles one frame's payload. May close the connection. Returns false, having changed
 * nothing, when the request must wait for the commit on disk: the caller keeps the frame and
 * offers it again once the batch has resumed the connection. */
bool router_frame(conn *c, const uint8_t *payload, size_t len);

#endif
