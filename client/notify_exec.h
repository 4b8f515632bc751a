/* Runs a subscriber's command once per event (stagelijn-notify --exec): the event as one JSON
 * line on the command's standard input, through /bin/sh so that the command may be a
 * pipeline. */
#ifndef SL_NOTIFY_EXEC_H
#define SL_NOTIFY_EXEC_H
#include <stdbool.h>
#include <stddef.h>

/* Runs `/bin/sh -c cmd` with `input` (len bytes) on its standard input and the environment
 * plus the n_env "NAME=value" strings of `env`; the command's stdout and stderr are the
 * caller's. A command still running after timeout_s seconds is killed with its process
 * group. Returns true when it exited with status 0; otherwise false with a short reason in
 * why (English: the caller renders its own message around it). A command that does not read
 * its input is not a failure by itself. */
bool notify_exec_run(const char *cmd, const char *input, size_t len, char *const *env, int n_env,
                     int timeout_s, char *why, size_t whylen);

#endif
