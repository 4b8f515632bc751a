#include "admission.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUCKETS 4096
/* An IPv6 flood could make an entry per /64; beyond this many the address is refused at
 * accept (each entry is about 100 bytes, so the table stays under 10 MB). */
#define MAX_PEERS 100000
/* Failures an address must have before its failure share makes it suspect: one mistyped
 * password is no attack. */
#define SUSPECT_MIN_FAILURES 2

struct admission {
    peer *buckets[BUCKETS];
    long count;
};

admission *admission_new(void)
{
    return calloc(1, sizeof(admission));
}

void admission_free(admission *a)
{
    if (!a)
        return;
    for (size_t b = 0; b < BUCKETS; b++) {
        while (a->buckets[b]) {
            peer *p = a->buckets[b];
            a->buckets[b] = p->next;
            free(p);
        }
    }
    free(a);
}

/* The 16-byte key and its text; false for an unsupported family. */
static bool key_of(const struct sockaddr *sa, unsigned char key[16], char *text, size_t textlen)
{
    memset(key, 0, 16);
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
        key[10] = key[11] = 0xff;
        memcpy(key + 12, &s4->sin_addr, 4);
        return inet_ntop(AF_INET, &s4->sin_addr, text, (socklen_t)textlen) != NULL;
    }
    if (sa->sa_family != AF_INET6)
        return false;
    const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
    if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr)) {
        memcpy(key, &s6->sin6_addr, 16);
        return inet_ntop(AF_INET, (const unsigned char *)&s6->sin6_addr + 12, text,
                         (socklen_t)textlen) != NULL;
    }
    memcpy(key, &s6->sin6_addr, 8); /* the /64 prefix */
    struct in6_addr prefix;
    memcpy(&prefix, key, 16);
    char buf[INET6_ADDRSTRLEN];
    if (!inet_ntop(AF_INET6, &prefix, buf, sizeof buf))
        return false;
    snprintf(text, textlen, "%s/64", buf);
    return true;
}

static size_t bucket_of(const unsigned char key[16])
{
    /* FNV-1a: addresses are not secret, but chains stay short for any spread of them. */
    uint32_t h = 2166136261u;
    for (int i = 0; i < 16; i++)
        h = (h ^ key[i]) * 16777619u;
    return h % BUCKETS;
}

peer *admission_peer(admission *a, const struct sockaddr *sa)
{
    unsigned char key[16];
    char text[ADMISSION_ADDR_TEXT];
    if (!key_of(sa, key, text, sizeof text))
        return NULL;
    size_t b = bucket_of(key);
    for (peer *p = a->buckets[b]; p; p = p->next)
        if (memcmp(p->key, key, 16) == 0)
            return p;
    if (a->count >= MAX_PEERS)
        return NULL;
    peer *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    memcpy(p->key, key, 16);
    snprintf(p->text, sizeof p->text, "%s", text);
    p->next = a->buckets[b];
    a->buckets[b] = p;
    a->count++;
    return p;
}

/* Starts a new window once the running one has passed. */
static void roll_window(peer *p, int64_t now, long window)
{
    if (now - p->window_start >= window) {
        p->window_start = now;
        p->failures = p->successes = 0;
    }
}

static bool holds_nothing(peer *p, int64_t now, long window)
{
    return p->conns == 0 && p->logins_queued == 0 && peer_failures(p, now, window) == 0;
}

void admission_release(admission *a, peer *p, int64_t now, long window)
{
    if (!holds_nothing(p, now, window))
        return;
    for (peer **pp = &a->buckets[bucket_of(p->key)]; *pp; pp = &(*pp)->next) {
        if (*pp == p) {
            *pp = p->next;
            a->count--;
            free(p);
            return;
        }
    }
}

void admission_sweep(admission *a, int64_t now, long window)
{
    for (size_t b = 0; b < BUCKETS; b++) {
        for (peer **pp = &a->buckets[b]; *pp;) {
            peer *p = *pp;
            if (holds_nothing(p, now, window)) {
                *pp = p->next;
                a->count--;
                free(p);
            } else {
                pp = &p->next;
            }
        }
    }
}

long admission_count(const admission *a)
{
    return a->count;
}

int peer_failures(peer *p, int64_t now, long window)
{
    roll_window(p, now, window);
    return p->failures;
}

bool peer_suspect(peer *p, int64_t now, long window)
{
    roll_window(p, now, window);
    return p->failures >= SUSPECT_MIN_FAILURES && p->failures > p->successes;
}

void peer_login_result(peer *p, bool succeeded, int64_t now, long window)
{
    roll_window(p, now, window);
    if (succeeded)
        p->successes++;
    else
        p->failures++;
}
