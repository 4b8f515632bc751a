/* A connection's session, held by the connection: its principal and last_seen are read from
 * the database only when a session or an account changed since (srv->session_epoch, raised by
 * an update hook on the write connection and again at commit) or when the idle time has run
 * out. Used by the request path and by push, which has no requests to check it. */
#ifndef SL_SESSION_H
#define SL_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "conn.h"
#include "store.h"

/* Whether c's session is still valid at `now` (unix seconds), re-reading it from `st` when
 * the cache may be stale. A session that ended logs the connection out (c->authed false,
 * token cleared). */
bool session_valid(conn *c, store *st, int64_t now);

#endif
