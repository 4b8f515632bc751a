/* A kiosk's screen under tmux, as a person sees and types it: a tmux server of the test's own
 * (never the user's), one session named "kiosk" on it. Shared by the kiosk's screen tests. */
#ifndef SL_TMUX_PANE_H
#define SL_TMUX_PANE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The tmux server's socket name, read at every call (the caller owns it and may change it to
 * talk to another kiosk). */
void tp_use_socket(const char *socket_name);

/* Runs a tmux command (printf format) on that server; its exit status, -1 when it failed. */
int tp_tmux(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The pane's text into out[n] ("" when tmux cannot be asked). */
void tp_screen(char *out, size_t n);

/* A monotonic clock in milliseconds, for waits and timings. */
int64_t tp_now_ms(void);

/* Waits until the screen shows `text` (true) or timeout_ms passed (false, printing the
 * screen). */
bool tp_wait_for(const char *text, int timeout_ms);

/* Whether the screen shows `text` now. */
bool tp_screen_has(const char *text);

/* Types text literally (no single quotes in the tests' texts); fails the test on an error. */
void tp_type(const char *text);

/* Presses a key by its tmux name ("Enter", "F2", "BSpace"); fails the test on an error. */
void tp_key(const char *name);

#endif
