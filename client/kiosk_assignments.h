/* The practical assignments of an intern on the kiosk (the exam portfolio's assignments per
 * period, as the coach set them): each with its status, and the supervisor moving the status
 * on (in progress, submitted; only the coach approves). */
#ifndef SL_KIOSK_ASSIGNMENTS_H
#define SL_KIOSK_ASSIGNMENTS_H

#include "kiosk_week.h"

/* The assignments of p by period and number. F5 marks the chosen one in progress, F6
 * submitted. Returns false when the kiosk went idle (log out), true on Esc. */
bool ui_assignments_screen(ui *u, const ui_placement *p);

#endif
