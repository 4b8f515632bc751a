#include "ids.h"

#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <uuid/uuid.h>

/* The random part of new ids, drawn from the kernel 4 KiB at a time: libuuid's
 * uuid_generate_random re-seeds its fallback generator and asks the kernel on every call,
 * which was about 5 % of a durable write's CPU. One pool per thread, so no lock; nothing here
 * forks after drawing (a forked child would repeat its parent's pool). false when the kernel
 * gives no randomness. */
static bool id_random(unsigned char *out, size_t n)
{
    static _Thread_local unsigned char pool[4096];
    static _Thread_local size_t left;
    if (left < n) {
        if (getrandom(pool, sizeof pool, 0) != (ssize_t)sizeof pool)
            return false;
        left = sizeof pool;
    }
    memcpy(out, pool + sizeof pool - left, n);
    left -= n;
    return true;
}

sl_id sl_id_new_at(uint64_t unix_ms)
{
    uuid_t u;
    sl_id id;
    if (!id_random(u, sizeof u))
        uuid_generate_random(u);
    for (int i = 0; i < 6; i++)
        u[i] = (unsigned char)(unix_ms >> (40 - 8 * i));
    u[6] = (unsigned char)((u[6] & 0x0f) | 0x70); /* version 7 */
    u[8] = (unsigned char)((u[8] & 0x3f) | 0x80); /* RFC 9562 variant */
    uuid_unparse_lower(u, id.s);
    return id;
}

sl_id sl_id_new(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return sl_id_new_at((uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u);
}

bool sl_id_valid(const char *s)
{
    uuid_t u;
    if (!s)
        return false;
    /* uuid_parse accepts exactly 36 characters in 8-4-4-4-12 form. */
    return uuid_parse(s, u) == 0;
}
