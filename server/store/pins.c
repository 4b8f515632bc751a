#include "pins.h"

#include <stdio.h>
#include <string.h>

sl_status pin_store_set(store *s, const char *user_id, const char *pin_hash, const char *set_by,
                        int64_t now)
{
    return store_exec(s, NULL,
                      "INSERT INTO student_pins (user_id, pin_hash, set_by, set_at, failures, "
                      "locked_at) VALUES (?1, ?2, ?3, ?4, 0, NULL) ON CONFLICT (user_id) DO "
                      "UPDATE SET pin_hash = ?2, set_by = ?3, set_at = ?4, failures = 0, "
                      "locked_at = NULL",
                      SB(user_id), SB(pin_hash), SB(set_by), SB(now));
}

sl_status pin_store_lookup(store *s, const char *username, const char *company_id,
                           const char *today, int log2n, sl_principal *p,
                           char stored[AUTH_HASH_MAX], bool *found, bool *locked)
{
    memset(p, 0, sizeof *p);
    *found = false;
    *locked = false;
    snprintf(stored, AUTH_HASH_MAX, "%s", auth_dummy_hash(log2n));
    sqlite3_stmt *q = store_query(
        s,
        "SELECT u.id, pn.pin_hash, pn.locked_at IS NOT NULL FROM users u "
        "JOIN student_pins pn ON pn.user_id = u.id JOIN students st ON st.user_id = u.id "
        "WHERE u.username = ?1 AND u.disabled = 0 AND u.role = 'student' AND EXISTS (SELECT 1 "
        "FROM placements pl WHERE pl.student_id = st.id AND pl.company_id = ?2 AND "
        "pl.status = 4 AND pl.start_date <= ?3 AND pl.end_date >= ?3)",
        SB(username), SB(company_id), SB(today));
    sl_status r = store_row(q);
    if (r == SL_ENOTFOUND)
        return SL_OK;
    if (r != SL_OK)
        return r;
    *found = true;
    p->role = ROLE_STUDENT;
    snprintf(p->user_id, sizeof p->user_id, "%s", store_col(q, 0));
    snprintf(stored, AUTH_HASH_MAX, "%s", store_col(q, 1));
    *locked = sqlite3_column_int(q, 2) != 0;
    store_stmt_done(q);
    return SL_OK;
}

sl_status pin_store_account_failed(store *s, const char *user_id, int64_t now)
{
    return store_exec(s, NULL,
                      "UPDATE student_pins SET failures = failures + 1, locked_at = CASE WHEN "
                      "failures + 1 >= ?3 THEN coalesce(locked_at, ?2) ELSE locked_at END "
                      "WHERE user_id = ?1",
                      SB(user_id), SB(now), SB((int64_t)PIN_ACCOUNT_MAX_FAILURES));
}

sl_status pin_store_account_succeeded(store *s, const char *user_id)
{
    return store_exec(s, NULL, "UPDATE student_pins SET failures = 0 WHERE user_id = ?1",
                      SB(user_id));
}

sl_status pin_store_device_locked(store *s, const char *device, int64_t now, bool *locked)
{
    *locked = false;
    sqlite3_stmt *q = store_query(
        s, "SELECT failures, last_failure FROM pin_device_failures WHERE device = ?1", SB(device));
    sl_status r = store_row(q);
    if (r != SL_OK)
        return r == SL_ENOTFOUND ? SL_OK : r;
    int64_t failures = sqlite3_column_int64(q, 0), last = sqlite3_column_int64(q, 1);
    store_stmt_done(q);
    *locked = failures >= PIN_DEVICE_MAX_FAILURES && now - last < PIN_DEVICE_LOCKOUT_SECONDS;
    return SL_OK;
}

sl_status pin_store_device_failed(store *s, const char *device, int64_t now)
{
    return store_exec(s, NULL,
                      "INSERT INTO pin_device_failures (device, failures, first_failure, "
                      "last_failure) VALUES (?1, 1, ?2, ?2) ON CONFLICT (device) DO UPDATE SET "
                      "failures = CASE WHEN ?2 - first_failure >= ?3 THEN 1 ELSE failures + 1 "
                      "END, first_failure = CASE WHEN ?2 - first_failure >= ?3 THEN ?2 ELSE "
                      "first_failure END, last_failure = ?2",
                      SB(device), SB(now), SB((int64_t)PIN_DEVICE_LOCKOUT_SECONDS));
}

void pin_device_key(const char *company_id, const char *address, char *out)
{
    snprintf(out, PIN_DEVICE_KEY_MAX, "%s@%s", company_id, address);
}
