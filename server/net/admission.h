/* Admission per source address: how many connections and queued logins one address holds,
 * and how many of its logins failed lately. One client address must not be able to starve
 * the others (the server-wide limits alone let one address take them all).
 *
 * An address is an IPv4 address or an IPv6 /64 (one subscriber usually holds a whole /64, so
 * counting single IPv6 addresses would count nothing). IPv4-mapped IPv6 addresses count as
 * IPv4. Entries live while the address has connections or queued logins, and afterwards
 * while its failures still count; admission_sweep() removes the rest. */
#ifndef SL_ADMISSION_H
#define SL_ADMISSION_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#define ADMISSION_ADDR_TEXT 52

typedef struct peer {
    struct peer *next; /* hash chain */
    unsigned char key[16];
    char text[ADMISSION_ADDR_TEXT]; /* "192.0.2.7" or "2001:db8:1:2::/64", for logs and the
                                     * lock-out table */
    int conns;                      /* live connections */
    int logins_queued;              /* logins waiting for or in a password worker */
    int64_t window_start;           /* unix seconds: start of the failure window */
    int failures, successes;        /* logins in that window */
} peer;

typedef struct admission admission;

admission *admission_new(void);
/* Frees every entry; callers must hold no peer pointers any more. */
void admission_free(admission *a);

/* The entry for the address of `sa`, created when new. NULL for a family other than
 * AF_INET/AF_INET6, when the table is full (an IPv6 address flood) or out of memory. */
peer *admission_peer(admission *a, const struct sockaddr *sa);
/* Frees `p` when it holds nothing any more: no connections, no queued logins and no failures
 * in a window that is still running at `now` (window length in seconds). */
void admission_release(admission *a, peer *p, int64_t now, long window);
/* Frees every entry that holds nothing any more (housekeeping). */
void admission_sweep(admission *a, int64_t now, long window);
/* Entries in the table, for metrics and tests. */
long admission_count(const admission *a);

/* Failed logins of `p` in the window running at `now` (0 when the window has passed). */
int peer_failures(peer *p, int64_t now, long window);
/* An address whose recent logins mostly fail: a few failures and more failures than
 * successes in the running window. Such an address is refused the reserved share of the
 * login queue. */
bool peer_suspect(peer *p, int64_t now, long window);
/* Counts one finished login of `p`. */
void peer_login_result(peer *p, bool succeeded, int64_t now, long window);

#endif
