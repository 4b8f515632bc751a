/* Clocking in and out on the company's kiosk, a week's hours derived from it, corrections of a
 * week, absence, and the hour totals of a school year. */
#include "handlers.h"

sl_status handle_clock_in(request *r, const sl_envelope *in, sl_envelope *out)
{
    (void)in;
    (void)out;
    return req_fail_code(r, SL_EINTERNAL, MSG_UNKNOWN_REQUEST);
}

sl_status handle_clock_out(request *r, const sl_envelope *in, sl_envelope *out)
{
    (void)in;
    (void)out;
    return req_fail_code(r, SL_EINTERNAL, MSG_UNKNOWN_REQUEST);
}

sl_status handle_get_week_hours(request *r, const sl_envelope *in, sl_envelope *out)
{
    (void)in;
    (void)out;
    return req_fail_code(r, SL_EINTERNAL, MSG_UNKNOWN_REQUEST);
}

sl_status handle_correct_week(request *r, const sl_envelope *in, sl_envelope *out)
{
    (void)in;
    (void)out;
    return req_fail_code(r, SL_EINTERNAL, MSG_UNKNOWN_REQUEST);
}

sl_status handle_report_absence(request *r, const sl_envelope *in, sl_envelope *out)
{
    (void)in;
    (void)out;
    return req_fail_code(r, SL_EINTERNAL, MSG_UNKNOWN_REQUEST);
}

sl_status handle_get_hour_totals(request *r, const sl_envelope *in, sl_envelope *out)
{
    (void)in;
    (void)out;
    return req_fail_code(r, SL_EINTERNAL, MSG_UNKNOWN_REQUEST);
}
