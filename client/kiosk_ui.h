/* The interactive kiosk: `stagelijn-kiosk` without a command. Full-screen (ncurses with its
 * form and menu libraries), keyboard only, Dutch by default, for the workplace supervisor and
 * the interns at one company. The screens only draw and read keys; every server call goes
 * through kiosk_link.h, every write through the offline queue (kiosk_queue.h). */
#ifndef SL_KIOSK_UI_H
#define SL_KIOSK_UI_H

#include <stdbool.h>

/* Whether argv asks for the interactive kiosk: only global options, no command. */
bool kiosk_ui_wanted(int argc, char **argv);

/* Runs the kiosk until F10. Options: --server HOST:PORT, --ca FILE, --cert FILE --key FILE
 * (the device certificate), --timeout SECONDS, --idle SECONDS (log out after this long
 * without a key; default 120), --queue FILE (the offline queue; default
 * $XDG_STATE_HOME/stagelijn/kiosk-queue.sqlite). Returns the exit code: 0, or 2 for a usage
 * error, 3 when the queue cannot be opened or the terminal cannot be used. */
int kiosk_ui_main(int argc, char **argv);

#endif
