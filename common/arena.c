#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 8192u
#define ARENA_ALIGN 16u

struct block {
    struct block *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

struct sl_arena {
    struct block *head;
};

static struct block *block_new(size_t cap)
{
    struct block *b = malloc(sizeof *b + cap);
    if (!b)
        abort();
    b->next = NULL;
    b->used = 0;
    b->cap = cap;
    return b;
}

sl_arena *sl_arena_new(void)
{
    sl_arena *a = malloc(sizeof *a);
    if (!a)
        abort();
    a->head = block_new(ARENA_BLOCK);
    return a;
}

void sl_arena_reset(sl_arena *a)
{
    struct block *b = a->head;
    while (b->next) {
        struct block *n = b->next;
        b->next = n->next;
        free(n);
    }
    /* Keep whichever block is first; a big one is fine to reuse. */
    b->used = 0;
}

void sl_arena_free(sl_arena *a)
{
    if (!a)
        return;
    struct block *b = a->head;
    while (b) {
        struct block *n = b->next;
        free(b);
        b = n;
    }
    free(a);
}

void *sl_arena_alloc(sl_arena *a, size_t size)
{
    size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (size == 0)
        size = ARENA_ALIGN;
    struct block *b = a->head;
    if (b->cap - b->used < size) {
        size_t cap = size > ARENA_BLOCK ? size : ARENA_BLOCK;
        struct block *nb = block_new(cap);
        /* The new block goes first so later small allocations use its free space. */
        nb->next = a->head;
        a->head = nb;
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *sl_arena_strdup(sl_arena *a, const char *s)
{
    if (!s)
        s = "";
    size_t n = strlen(s);
    char *p = sl_arena_alloc(a, n + 1);
    memcpy(p, s, n + 1);
    return p;
}

char *sl_arena_printf(sl_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return sl_arena_strdup(a, "");
    char *p = sl_arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
