/* Pages of lists, for every list request at once: the reply of a request whose Envelope
 * carries a ListPage is cut to that page after its handler ran, and every list reply says
 * where its rows lie in the whole list (ListCut), so that a client can tell a person how many
 * rows it did not show. A list reply is a reply message with exactly one repeated field of
 * messages (its rows); a reply that pages itself (it has a `total` field: notifications) is
 * left as it is. */
#ifndef SL_LISTPAGE_H
#define SL_LISTPAGE_H

#include "arena.h"
#include "stagelijn.pb-c.h"

/* Cuts out's list to page (NULL: the whole list) and sets out->cut (allocated from arena);
 * does nothing for a reply that is not a list. The rows stay in their order. server_cap is
 * the row cap the handler's list stopped at (req_list_cap; 0: the list is whole), carried in
 * the cut, also for a reply that pages itself. */
void listpage_apply(const Stagelijn__V1__ListPage *page, uint32_t server_cap,
                    Stagelijn__V1__Envelope *out, sl_arena *arena);

#endif
