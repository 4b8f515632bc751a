#include "pin.h"

#include <stdbool.h>
#include <string.h>

/* Whether every digit differs from the one before it by `step` (0, +1 or -1). */
static bool steps_by(const char *pin, size_t n, int step)
{
    for (size_t i = 1; i < n; i++)
        if (pin[i] - pin[i - 1] != step)
            return false;
    return true;
}

pin_verdict pin_judge(const char *pin)
{
    if (!pin)
        return PIN_BAD_FORM;
    size_t n = strlen(pin);
    if (n < PIN_MIN_DIGITS || n > PIN_MAX_DIGITS)
        return PIN_BAD_FORM;
    for (size_t i = 0; i < n; i++)
        if (pin[i] < '0' || pin[i] > '9')
            return PIN_BAD_FORM;
    if (steps_by(pin, n, 0) || steps_by(pin, n, 1) || steps_by(pin, n, -1))
        return PIN_TRIVIAL;
    return PIN_OK;
}
