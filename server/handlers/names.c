#include "names.h"

#include "collate.h"
#include "messages.h"
#include "store.h"

static const char *const name_sql[] = {
    [NAME_STUDENT] = "SELECT " SQL_STUDENT_NAME("s") " FROM students s WHERE s.id = ?1",
    [NAME_USER] = "SELECT display_name FROM users WHERE id = ?1",
    [NAME_COMPANY] = "SELECT name FROM companies WHERE id = ?1",
    [NAME_PARTNER] = "SELECT name FROM partners WHERE id = ?1",
    [NAME_PLACEMENT_STUDENT] = "SELECT " SQL_STUDENT_NAME(
        "s") " FROM placements p JOIN students s ON s.id = p.student_id WHERE p.id = ?1",
    [NAME_PLACEMENT_COMPANY] =
        "SELECT c.name FROM placements p JOIN companies c ON c.id = p.company_id WHERE p.id = ?1",
};

sl_status names_of(request *r, name_kind kind, const char *id, char **name)
{
    *name = (char *)"";
    if (!id || !id[0])
        return SL_OK;
    sqlite3_stmt *q = store_query(r->st, name_sql[kind], SB(id));
    sl_status st = store_row(q);
    if (st == SL_ENOTFOUND)
        return SL_OK;
    if (st != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    *name = sl_arena_strdup(r->arena, store_col(q, 0));
    store_stmt_done(q);
    return *name ? SL_OK : req_fail_code(r, SL_ENOMEM, MSG_DATABASE_ERROR);
}
