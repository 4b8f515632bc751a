/* The intern's screens on the kiosk: the start screen (clock in or out with one key, the
 * week with the hours and what the supervisor wrote, the hour totals, what is planned next),
 * the intern's own weekly reflection and the periodic rating of his/her competences. */
#ifndef SL_KIOSK_INTERN_H
#define SL_KIOSK_INTERN_H

#include "kiosk_screen.h"

/* The intern's start screen until Esc or idle (NEXT_LOGIN) or F9 (NEXT_QUEUE_THEN_HOME). */
ui_next ui_intern_home(ui *u);

#endif
