/* A bump allocator for one request's reply: every sub-message and string of a reply is
 * allocated here and released at once after the reply is packed, so handlers cannot leak. */
#ifndef SL_ARENA_H
#define SL_ARENA_H

#include <stddef.h>

typedef struct sl_arena sl_arena;

sl_arena *sl_arena_new(void);
/* Frees every allocation and the arena itself; NULL-safe. */
void sl_arena_free(sl_arena *a);
/* Frees every allocation but keeps the first block for reuse. */
void sl_arena_reset(sl_arena *a);

/* Zeroed memory, aligned for any type. Aborts on out-of-memory: a daemon that cannot
 * allocate a few hundred bytes cannot answer anyway. */
void *sl_arena_alloc(sl_arena *a, size_t size);
/* Copies a string (NULL becomes ""). */
char *sl_arena_strdup(sl_arena *a, const char *s);
char *sl_arena_printf(sl_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define SL_ARENA_NEW(a, type) ((type *)sl_arena_alloc((a), sizeof(type)))
#define SL_ARENA_ARRAY(a, type, n) ((type *)sl_arena_alloc((a), sizeof(type) * (n)))

#endif
