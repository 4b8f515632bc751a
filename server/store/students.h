/* The one place that writes the students table: a new student (the admin's CreateStudent)
 * and a changed profile (UpdateStudent: class, year, support, home, sectors). Reads stay with
 * the requests that need them. */
#ifndef SL_STUDENTS_H
#define SL_STUDENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "sl_error.h"
#include "store.h"

/* A new student's row. Strings are the caller's; a NULL `user_id` stores a student without a
 * login, a NULL `name_prefix` stores none (""). */
typedef struct {
    const char *id, *first_name, *name_prefix, *last_name, *class_id;
    const char *date_of_birth; /* YYYY-MM-DD */
    const char *user_id;
    int school_year; /* 2..6, checked by the caller */
    bool nt2, support_need;
} student_row;

/* Inserts the row at `now` (unix seconds), in the caller's transaction. The store's status:
 * SL_EEXISTS for a duplicate id, SL_EINVAL for a class or login that does not exist. */
sl_status students_insert(store *st, const student_row *s, int64_t now);

/* What UpdateStudent may change. Strings are the caller's; NULL or "" for `support_coach_id`
 * and `sector_switch_date` store none, NULL for `address` and `name_prefix` store "". Sectors
 * are the wire's sector numbers, 0 for none. A home at (0, 0) means "no home location" and is
 * stored as NULL, not as a point in the Gulf of Guinea. */
typedef struct {
    const char *class_id, *support_coach_id, *address, *name_prefix;
    const char *sector_switch_date; /* YYYY-MM-DD */
    int school_year;
    bool nt2, support_need;
    double home_latitude, home_longitude; /* degrees (WGS 84) */
    int provisional_sector_1, provisional_sector_2, definitive_sector, switched_to_sector;
} student_profile_row;

/* Stores the profile of student `id` in one statement, in the caller's transaction.
 * SL_ENOTFOUND when there is no such student; SL_EINVAL for a class, coach or sector that
 * does not exist; otherwise the store's status. */
sl_status students_update_profile(store *st, const char *id, const student_profile_row *p);

#endif
