/* The kiosk PIN of an intern (issue 8): which PINs may be set. Pure: no I/O.
 *
 * A PIN is 4 to 6 ASCII digits. A trivial PIN is refused because it is the first thing
 * anybody tries: all one digit (0000, 111111) and a run of consecutive digits up or down
 * (1234, 0123, 456789, 4321, 9876); the run does not wrap (8901 is allowed). Every other
 * PIN of the right form is accepted: the per-account lock-out (docs/rules.md) is what keeps
 * guessing out, not a large PIN space. */
#ifndef SL_PIN_H
#define SL_PIN_H

#define PIN_MIN_DIGITS 4
#define PIN_MAX_DIGITS 6

typedef enum {
    PIN_OK,
    PIN_BAD_FORM, /* not 4 to 6 digits (empty, a letter, a blank, too short or long) */
    PIN_TRIVIAL,  /* all one digit, or a run up or down */
} pin_verdict;

/* The verdict on `pin` (NULL is PIN_BAD_FORM). */
pin_verdict pin_judge(const char *pin);

#endif
