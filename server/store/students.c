#include "students.h"

static const char *empty_if_null(const char *s)
{
    return s ? s : "";
}

static const char *null_if_empty(const char *s)
{
    return s && s[0] ? s : NULL;
}

sl_status students_insert(store *st, const student_row *s, int64_t now)
{
    return store_exec(st, NULL,
                      "INSERT INTO students (id, first_name, last_name, class_id, school_year, "
                      "date_of_birth, nt2, support_need, user_id, created_at, name_prefix) "
                      "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
                      SB(s->id), SB(s->first_name), SB(s->last_name), SB(s->class_id),
                      SB(s->school_year), SB(s->date_of_birth), SB(s->nt2), SB(s->support_need),
                      SB(s->user_id), SB(now), SB(empty_if_null(s->name_prefix)));
}

sl_status students_update_profile(store *st, const char *id, const student_profile_row *p)
{
    bool located = p->home_latitude != 0 || p->home_longitude != 0;
    int changed = 0;
    sl_status r = store_exec(
        st, &changed,
        "UPDATE students SET school_year = ?2, class_id = ?3, nt2 = ?4, support_need = ?5, "
        "support_coach_id = ?6, address = ?7, provisional_sector_1 = ?8, "
        "provisional_sector_2 = ?9, definitive_sector = ?10, switched_to_sector = ?11, "
        "sector_switch_date = ?12, name_prefix = ?13, home_latitude = ?14, "
        "home_longitude = ?15 WHERE id = ?1",
        SB(id), SB(p->school_year), SB(p->class_id), SB(p->nt2), SB(p->support_need),
        SB(null_if_empty(p->support_coach_id)), SB(empty_if_null(p->address)),
        SB_ZERO_NULL(p->provisional_sector_1), SB_ZERO_NULL(p->provisional_sector_2),
        SB_ZERO_NULL(p->definitive_sector), SB_ZERO_NULL(p->switched_to_sector),
        SB(null_if_empty(p->sector_switch_date)), SB(empty_if_null(p->name_prefix)),
        located ? SB(p->home_latitude) : SB_NULL, located ? SB(p->home_longitude) : SB_NULL);
    if (r == SL_OK && changed == 0)
        return SL_ENOTFOUND;
    return r;
}
