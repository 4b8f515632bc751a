/* The workplace supervisor's screens on the kiosk: the start screen with the interns by name
 * and what needs doing for each, and per intern the week (agenda and clocked hours) with
 * filling in and signing it, the assessments, the contract, absence, dropout and corrections
 * of clocked time. */
#ifndef SL_KIOSK_SUPERVISOR_H
#define SL_KIOSK_SUPERVISOR_H

#include "kiosk_screen.h"

/* The supervisor's start screen until Esc (NEXT_LOGIN), idle (NEXT_LOGIN) or F9
 * (NEXT_QUEUE_THEN_HOME). */
ui_next ui_supervisor_home(ui *u);

#endif
