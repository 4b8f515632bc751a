#include "notify_exec.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* In the child: the input on fd 0, the environment, its own process group (so that a
 * timeout kills the whole pipeline), then the shell. Never returns. */
static void exec_child(const char *cmd, int in_fd, char *const *env, int n_env)
{
    setpgid(0, 0);
    if (dup2(in_fd, STDIN_FILENO) < 0)
        _exit(126);
    close(in_fd);
    for (int i = 0; i < n_env; i++)
        putenv(env[i]);
    signal(SIGPIPE, SIG_DFL);
    execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
    _exit(127);
}

/* Writes all of buf to fd; a reader that went away early (EPIPE) ends the writing quietly. */
static void write_input(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        buf += n;
        len -= (size_t)n;
    }
}

/* Waits for pid up to timeout_s; kills its group when the time is up. Returns the wait status
 * or -1 when it was killed for time. */
static int wait_with_timeout(pid_t pid, int timeout_s)
{
    struct timespec step = {0, 10 * 1000 * 1000};
    long steps = (long)timeout_s * 100;
    for (long i = 0;; i++) {
        int status;
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            return status;
        if (r < 0 && errno != EINTR)
            return -2;
        if (i >= steps) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return -1;
        }
        nanosleep(&step, NULL);
    }
}

bool notify_exec_run(const char *cmd, const char *input, size_t len, char *const *env, int n_env,
                     int timeout_s, char *why, size_t whylen)
{
    int fds[2];
    if (pipe(fds) != 0) {
        snprintf(why, whylen, "pipe: %s", strerror(errno));
        return false;
    }
    fflush(NULL); /* the child must not write our buffered output a second time */
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(why, whylen, "fork: %s", strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return false;
    }
    if (pid == 0) {
        close(fds[1]);
        exec_child(cmd, fds[0], env, n_env);
    }
    close(fds[0]);
    write_input(fds[1], input, len);
    close(fds[1]);
    int status = wait_with_timeout(pid, timeout_s);
    if (status == -1) {
        snprintf(why, whylen, "still running after %d s, killed", timeout_s);
        return false;
    }
    if (status == -2) {
        snprintf(why, whylen, "waitpid: %s", strerror(errno));
        return false;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return true;
    if (WIFEXITED(status))
        snprintf(why, whylen, "exit status %d", WEXITSTATUS(status));
    else
        snprintf(why, whylen, "killed by signal %d", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    return false;
}
