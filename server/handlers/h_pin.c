/* Kiosk PIN (issue 8): an admin or a coach sets an intern's PIN. The PIN login itself is in
 * h_session.c beside the password login it shares its two halves with. */
#include <string.h>

#include "handlers.h"
#include "pin.h"
#include "pins.h"

sl_status handle_set_pin(request *r, const sl_envelope *in, sl_envelope *out)
{
    const Stagelijn__V1__SetPinRequest *req = in->set_pin;
    const student_facts *sf = &r->target.student;
    sl_status st;
    if ((st = req_check_text(r, "pin", req->pin, true)) != SL_OK)
        return st;
    switch (pin_judge(req->pin)) {
    case PIN_OK:
        break;
    case PIN_TRIVIAL:
        return req_fail_code(r, SL_EINVAL, MSG_PIN_TRIVIAL);
    case PIN_BAD_FORM:
    default:
        return req_fail_code(r, SL_EINVAL, MSG_PIN_FORM, PIN_MIN_DIGITS, PIN_MAX_DIGITS);
    }
    if (!sf->user_id[0])
        return req_fail_code(r, SL_EPRECOND, MSG_STUDENT_HAS_NO_LOGIN);
    char hash[AUTH_HASH_MAX];
    if (!auth_password_hash(req->pin, (int)r->srv->cfg.scrypt_log2_n, hash))
        return req_fail_code(r, SL_EINTERNAL, MSG_CANNOT_HASH_PASSWORD);
    /* Kiosk sessions opened with the old PIN end: whoever knew it is out. */
    if ((st = pin_store_set(r->st, sf->user_id, hash, r->who->user_id, r->now)) != SL_OK ||
        (st = store_exec(r->st, NULL,
                         "DELETE FROM sessions WHERE user_id = ?1 AND kiosk_company IS NOT NULL",
                         SB(sf->user_id))) != SL_OK ||
        (st = req_audit(r, "pin.set", "student", sf->id, "")) != SL_OK)
        return req_fail_code(r, st, MSG_DATABASE_ERROR);
    Stagelijn__V1__Empty *e = SL_ARENA_NEW(r->arena, Stagelijn__V1__Empty);
    stagelijn__v1__empty__init(e);
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_OK;
    out->ok = e;
    return SL_OK;
}
