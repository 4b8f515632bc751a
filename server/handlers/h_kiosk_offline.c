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
