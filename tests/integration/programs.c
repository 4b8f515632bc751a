#include "programs.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#ifndef SL_BUILD_DIR
#error "SL_BUILD_DIR must point at the build tree"
#endif

#define MAX_ARGS 64

void ts_slurp(const char *path, char *buf, size_t n)
{
    buf[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    size_t k = fread(buf, 1, n - 1, f);
    buf[k] = '\0';
    fclose(f);
}

void ts_use_language(ts_run_language language)
{
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    unsetenv("LANGUAGE");
    if (language == TS_RUN_DUTCH) {
        char localedir[600];
        snprintf(localedir, sizeof localedir, "%s/locale", SL_BUILD_DIR);
        setenv("LANG", "nl_NL.UTF-8", 1);
        setenv("STAGELIJN_LOCALEDIR", localedir, 1);
    } else {
        setenv("LANG", "C", 1);
        unsetenv("STAGELIJN_LOCALEDIR");
    }
}

/* In the child: the environment of a person's terminal in `language`, with no config file. */
static void set_language(ts_run_language language, const char *password)
{
    ts_use_language(language);
    setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
    if (password)
        setenv("STAGELIJN_PASSWORD", password, 1);
    else
        unsetenv("STAGELIJN_PASSWORD");
}

void ts_run_program(const char *const *argv, ts_run_language language, const char *password,
                    ts_run_result *r)
{
    char out_file[64], err_file[64];
    snprintf(out_file, sizeof out_file, "/tmp/sl-run-out.%d", (int)getpid());
    snprintf(err_file, sizeof err_file, "/tmp/sl-run-err.%d", (int)getpid());
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fo = open(out_file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int fe = open(err_file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fo < 0 || fe < 0)
            _exit(126);
        dup2(fo, 1);
        dup2(fe, 2);
        set_language(language, password);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    r->rc = ts_wait(pid, 60);
    ts_slurp(out_file, r->out, sizeof r->out);
    ts_slurp(err_file, r->err, sizeof r->err);
    unlink(out_file);
    unlink(err_file);
}

void ts_run_nl(test_server *ts, const char *prog, const char *user, const char *password,
               const char *const *args, ts_run_result *r)
{
    char bin[600], server[64];
    snprintf(bin, sizeof bin, "%s/client/%s", SL_BUILD_DIR, prog);
    snprintf(server, sizeof server, "127.0.0.1:%d", ts->port);
    const char *argv[MAX_ARGS] = {bin, "--server", server, "--ca", ts->ca, "--user", user};
    int n = 7;
    for (int i = 0; args[i] && n < MAX_ARGS - 1; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    ts_run_program(argv, TS_RUN_DUTCH, password, r);
}

bool ts_start_demo(test_server *ts)
{
    static char out[65536];
    const char *args[] = {"demo-data", NULL};
    return ts_start(ts, NULL) && ts_run_cli(ts, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, args,
                                            out, sizeof out) == 0;
}
