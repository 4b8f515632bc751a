#include "listpage.h"

#include <string.h>

/* The reply message of out's body, or NULL (an error, an event, no body). */
static ProtobufCMessage *body_of(Stagelijn__V1__Envelope *out)
{
    const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field(
        &stagelijn__v1__envelope__descriptor, (unsigned)out->body_case);
    if (!f || f->type != PROTOBUF_C_TYPE_MESSAGE)
        return NULL;
    return *(ProtobufCMessage **)((char *)out + f->offset);
}

/* The rows of a list reply: its one repeated message field; NULL when m is not a list or pages
 * itself. */
static const ProtobufCFieldDescriptor *rows_of(const ProtobufCMessage *m)
{
    const ProtobufCMessageDescriptor *d = m->descriptor;
    if (protobuf_c_message_descriptor_get_field_by_name(d, "total"))
        return NULL;
    const ProtobufCFieldDescriptor *rows = NULL;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->label != PROTOBUF_C_LABEL_REPEATED || f->type != PROTOBUF_C_TYPE_MESSAGE)
            continue;
        if (rows)
            return NULL;
        rows = f;
    }
    return rows;
}

/* A cut of no rows saying only where the server stopped a list that pages itself. */
static void cap_only(uint32_t server_cap, Stagelijn__V1__Envelope *out, sl_arena *arena)
{
    Stagelijn__V1__ListCut *cut = SL_ARENA_NEW(arena, Stagelijn__V1__ListCut);
    if (!cut)
        return;
    stagelijn__v1__list_cut__init(cut);
    cut->server_cap = server_cap;
    out->cut = cut;
}

void listpage_apply(const Stagelijn__V1__ListPage *page, uint32_t server_cap,
                    Stagelijn__V1__Envelope *out, sl_arena *arena)
{
    if (out->body_case == STAGELIJN__V1__ENVELOPE__BODY_ERROR)
        return;
    ProtobufCMessage *m = body_of(out);
    const ProtobufCFieldDescriptor *rows = m ? rows_of(m) : NULL;
    if (!rows) {
        if (server_cap)
            cap_only(server_cap, out, arena);
        return;
    }
    size_t *count = (size_t *)((char *)m + rows->quantifier_offset);
    ProtobufCMessage ***items = (ProtobufCMessage ***)((char *)m + rows->offset);
    size_t total = *count;
    size_t offset = page ? page->offset : 0;
    size_t start = offset < total ? offset : total;
    size_t shown = total - start;
    if (page && page->limit > 0 && page->limit < shown)
        shown = page->limit;
    /* The rows are the arena's: the page is a window on the same array. */
    if (*items)
        *items += start;
    *count = shown;
    Stagelijn__V1__ListCut *cut = SL_ARENA_NEW(arena, Stagelijn__V1__ListCut);
    if (!cut)
        return;
    stagelijn__v1__list_cut__init(cut);
    cut->offset = (uint32_t)offset;
    cut->total = (uint32_t)total;
    cut->server_cap = server_cap;
    out->cut = cut;
}
