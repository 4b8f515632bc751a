/* The load generator's measurements. Each is bounded by o->requests and o->seconds, prints
 * one "result ..." line of key=value figures and fills *f. They return false when the run did
 * not work (a connection failed, a request was refused), with the reason on stderr. */
#ifndef LG_SCENARIOS_H
#define LG_SCENARIOS_H

#include <stdbool.h>

#include "lg_common.h"

/* Request/reply: o->conns connections keep o->pipeline requests in flight each (reads, writes
 * or a mix) until o->requests are answered; with o->writers, that many more connections write
 * one at a time meanwhile and the figures are the reads'. */
bool lg_run_requests(const lg_opts *o, lg_figures *f);

/* Fan-out: o->conns subscribers; o->requests events, one at a time, each raised by one request
 * (Stagelijn ReportDropout on a fresh placement, MQTT PUBLISH at QoS 0); the figure is the
 * time from sending that request to the event's arrival at the last subscriber. */
bool lg_run_fanout(const lg_opts *o, lg_figures *f);

/* New TLS connections per second: o->conns handshakes at a time, each connection closed once
 * established; with o->resume the last ticket is offered (figures say how many resumed). */
bool lg_run_handshakes(const lg_opts *o, lg_figures *f);

/* OpenSSL's own rate: o->requests (at most, for at most o->seconds) TLS 1.3 handshakes between
 * a client and a server in this process over a memory pipe, with the server's certificate and
 * key files and no tickets. The figure is the server side's CPU time per handshake (this
 * thread's CPU clock around the server's calls), so other load on the machine does not count. */
bool lg_run_tls_inproc(const lg_opts *o, const char *cert_file, const char *key_file,
                       lg_figures *f);

/* Memory per idle connection: the server's RSS before, with o->conns set-up connections open
 * and idle, and after closing them. Needs o->server_pid. */
bool lg_run_idle(const lg_opts *o, lg_figures *f);

#endif
