/* Clockings an intern made on the company's kiosk while the server could not be reached
 * (issue 8, offline login; docs/clients.md "Offline login"). The kiosk checked the intern's
 * PIN against a verifier it kept from an earlier online login on that kiosk; the server does
 * not see the PIN. Dispatch has already re-authorized the clocking from the request table's
 * row (TARGET_KIOSK_INTERN): the device's company, the intern's placement there, and the
 * intern as the caller. The clocking itself then follows exactly the rules of a clocking made
 * online, so it is refused for a day without a placement at this company or a signed week. */
#include "handlers.h"

sl_status handle_kiosk_offline_clock(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__KioskOfflineClockRequest *req = in->kiosk_offline_clock;
    if (!req->clock_in == !req->clock_out)
        return req_fail_code(r, SL_EINVAL, MSG_FIELD_REQUIRED, "clock_in or clock_out (one)");
    /* The same request as online, made by the intern vouched for; the student_id it carries
     * is ignored in favour of the one dispatch resolved. */
    sl_envelope inner = *in;
    sl_status st;
    if (req->clock_in) {
        inner.body_case = STAGELIJN__V1__ENVELOPE__BODY_CLOCK_IN;
        inner.clock_in = req->clock_in;
        st = handle_clock_in(r, &inner, out);
    } else {
        inner.body_case = STAGELIJN__V1__ENVELOPE__BODY_CLOCK_OUT;
        inner.clock_out = req->clock_out;
        st = handle_clock_out(r, &inner, out);
    }
    if (st != SL_OK)
        return st;
    st = req_audit(r, "clock.offline", "student", r->target.student.id, r->c->device_company);
    return st == SL_OK ? SL_OK : req_fail_code(r, st, MSG_CANNOT_SAVE_CLOCKING);
}

/* How many user names one KioskPinCheck answers (a kiosk has a handful of interns). */
#define PIN_CHECK_MAX 64

/* The state of username's PIN for a kiosk of `company` today into ps (strings in the
 * request's arena). SL_OK also for a name that cannot log in there; else the store's error. */
static sl_status pin_state(request *r, const char *company, const char *username,
                           Stagelijn__V1__KioskPinState *ps)
{
    char today[11];
    sl_date_format(r->today, today);
    stagelijn__v1__kiosk_pin_state__init(ps);
    ps->username = sl_arena_strdup(r->arena, username);
    /* The same condition as a PIN login at this kiosk (pins.c: pin_store_lookup). */
    sqlite3_stmt *q = store_query(
        r->st,
        "SELECT pn.set_at FROM users u JOIN student_pins pn ON pn.user_id = u.id "
        "JOIN students st ON st.user_id = u.id WHERE u.username = ?1 AND u.disabled = 0 AND "
        "u.role = 'student' AND EXISTS (SELECT 1 FROM placements pl WHERE pl.student_id = st.id "
        "AND pl.company_id = ?2 AND pl.status = 4 AND pl.start_date <= ?3 AND pl.end_date >= ?3)",
        SB(username), SB(company), SB(today));
    sl_status found = store_row(q);
    if (found == SL_ENOTFOUND)
        return SL_OK;
    if (found != SL_OK)
        return found;
    ps->pin_set_at = sqlite3_column_int64(q, 0);
    ps->usable = true;
    store_stmt_done(q);
    return SL_OK;
}

sl_status handle_kiosk_pin_check(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__KioskPinCheckRequest *req = in->kiosk_pin_check;
    if (!r->c->is_device || !r->c->device_company[0])
        return req_fail_code(r, SL_EPERM, MSG_PIN_KIOSK_ONLY);
    if (req->n_usernames > PIN_CHECK_MAX)
        return req_fail_code(r, SL_EINVAL, MSG_AT_MOST_NAMES, PIN_CHECK_MAX);
    Stagelijn__V1__KioskPinCheckReply *rep =
        SL_ARENA_NEW(r->arena, Stagelijn__V1__KioskPinCheckReply);
    stagelijn__v1__kiosk_pin_check_reply__init(rep);
    rep->states = SL_ARENA_ARRAY(r->arena, Stagelijn__V1__KioskPinState *,
                                 req->n_usernames ? req->n_usernames : 1);
    for (size_t i = 0; i < req->n_usernames; i++) {
        sl_status st;
        if ((st = req_check_text(r, "usernames", req->usernames[i], true)) != SL_OK)
            return st;
        Stagelijn__V1__KioskPinState *ps = SL_ARENA_NEW(r->arena, Stagelijn__V1__KioskPinState);
        if ((st = pin_state(r, r->c->device_company, req->usernames[i], ps)) != SL_OK)
            return req_fail_code(r, st, MSG_DATABASE_ERROR);
        rep->states[rep->n_states++] = ps;
    }
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_KIOSK_PIN_CHECK_REPLY;
    out->kiosk_pin_check_reply = rep;
    return SL_OK;
}
