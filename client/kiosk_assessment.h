/* The supervisor's assessment screens on the kiosk: the list of an intern's assessments (the
 * current versions, the drafts, the earlier versions, and the intern's own ratings beside
 * them), and the assessment form (interim or end, the five competence areas, the verdict,
 * remarks) that sends, keeps a draft or makes a new version. */
#ifndef SL_KIOSK_ASSESSMENT_H
#define SL_KIOSK_ASSESSMENT_H

#include "kiosk_week.h"

/* The assessments of p: Enter on a current one makes a new version, on a draft goes on with
 * it, F2 makes a new one. Returns false when the kiosk went idle (log out), true on Esc. */
bool ui_assessments_screen(ui *u, const ui_placement *p);

#endif
