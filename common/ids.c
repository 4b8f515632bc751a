#include "ids.h"

#include <uuid/uuid.h>

sl_id sl_id_new(void)
{
    uuid_t u;
    sl_id id;
    uuid_generate_random(u);
    uuid_unparse_lower(u, id.s);
    return id;
}

bool sl_id_valid(const char *s)
{
    uuid_t u;
    if (!s)
        return false;
    /* uuid_parse accepts exactly 36 characters in 8-4-4-4-12 form. */
    return uuid_parse(s, u) == 0;
}
