#include "session.h"

#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "server.h"

bool session_valid(conn *c, store *st, int64_t now)
{
    sl_server *srv = c->srv;
    if (!c->authed)
        return false;
    if (c->session_epoch == srv->session_epoch &&
        now - c->session_seen <= srv->cfg.session_idle_seconds)
        return true;
    sl_principal p;
    int64_t last_seen;
    if (auth_session_lookup(st, c->token, now, srv->cfg.session_idle_seconds, &p, &last_seen) !=
        SL_OK) {
        c->authed = false;
        memset(c->token, 0, sizeof c->token);
        return false;
    }
    c->who = p;
    c->session_epoch = srv->session_epoch;
    c->session_seen = last_seen;
    return true;
}
