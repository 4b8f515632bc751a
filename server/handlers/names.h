/* The names people read beside the ids a reply carries: a student as "first tussenvoegsel
 * surname", an account's display name, a company's or a partner's name. Replies fill them in
 * so that no client has to show an id where a person expects a name. */
#ifndef SL_NAMES_H
#define SL_NAMES_H

#include "dispatch.h"

typedef enum {
    NAME_STUDENT, /* students.id */
    NAME_USER,    /* users.id: a coach, supervisor, mentor, the one who accepted or decided */
    NAME_COMPANY, /* companies.id */
    NAME_PARTNER, /* partners.id */
    NAME_PLACEMENT_STUDENT, /* placements.id: the placed student's name */
    NAME_PLACEMENT_COMPANY, /* placements.id: the company's name */
} name_kind;

/* Sets *name (r->arena) to the name of the row `id` of kind `kind`: "" when id is NULL or empty
 * or names no row (a reply shows no name rather than fails for a row since removed). Returns
 * SL_OK, or the store's error (SL_EINTERNAL, SL_EUNAVAIL) with r->errmsg set. */
sl_status names_of(request *r, name_kind kind, const char *id, char **name);

#endif
