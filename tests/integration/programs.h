/* Running a program of the build tree as a person would, with stdout and stderr captured
 * apart: a client program in Dutch against a test server, or any program with exactly the
 * arguments given in English. Shared by the tests that read what a person reads. */
#ifndef SL_TEST_PROGRAMS_H
#define SL_TEST_PROGRAMS_H

#include <stdbool.h>
#include <stddef.h>

#include "harness.h"

/* The password of every account `stagelijn-admin demo-data` creates. */
#define TS_DEMO_PASSWORD "stagelijn-demo-2026"
#define TS_RUN_OUT_MAX (256 * 1024)

/* What a run left: its exit code (ts_wait's: -1 when killed after 60 s) and its stdout and
 * stderr, cut to the buffers' size and NUL-terminated. Large: keep one static. */
typedef struct {
    int rc;
    char out[TS_RUN_OUT_MAX];
    char err[16384];
} ts_run_result;

/* The language a run's messages are in. */
typedef enum {
    TS_RUN_ENGLISH, /* LC_ALL=C */
    TS_RUN_DUTCH,   /* LANG=nl_NL.UTF-8 (not installed: as a fresh Debian), the build's catalogue */
} ts_run_language;

/* Sets this process's locale environment, which the programs it starts later inherit (as
 * ts_run_cli does): Dutch as ts_run_nl's, or English (LANG=C, the variables that would
 * override it unset). */
void ts_use_language(ts_run_language language);

/* Reads the file at `path` into buf[n] (NUL-terminated; "" when it cannot be opened). */
void ts_slurp(const char *path, char *buf, size_t n);

/* Runs the executable argv[0] with argv (NULL-terminated) in `language`, with no config file
 * and STAGELIJN_PASSWORD = password (NULL: unset); waits up to 60 s and fills r. */
void ts_run_program(const char *const *argv, ts_run_language language, const char *password,
                    ts_run_result *r);

/* Runs the client program `prog` ("stagelijn", ...) of the build tree in Dutch for people
 * (no --json) as `user` with `password`, adding "--server 127.0.0.1:PORT --ca CA --user USER"
 * before args (NULL-terminated). */
void ts_run_nl(test_server *ts, const char *prog, const char *user, const char *password,
               const char *const *args, ts_run_result *r);

/* ts_start (no extra configuration), then `stagelijn-admin demo-data`: the demo school, every
 * account with TS_DEMO_PASSWORD. False when either fails. */
bool ts_start_demo(test_server *ts);

#endif
