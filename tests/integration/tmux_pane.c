#include "tmux_pane.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#define SCREEN_LEN 8192

static const char *socket_of;

void tp_use_socket(const char *socket_name)
{
    socket_of = socket_name;
}

int tp_tmux(const char *fmt, ...)
{
    char args[2048], cmd[2200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof cmd, "tmux -L %s %s >/dev/null 2>&1", socket_of, args);
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

void tp_screen(char *out, size_t n)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "tmux -L %s capture-pane -p -t kiosk 2>/dev/null", socket_of);
    out[0] = '\0';
    FILE *p = popen(cmd, "r");
    if (!p)
        return;
    size_t len = fread(out, 1, n - 1, p);
    out[len] = '\0';
    pclose(p);
}

int64_t tp_now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

bool tp_wait_for(const char *text, int timeout_ms)
{
    static char s[SCREEN_LEN];
    int64_t end = tp_now_ms() + timeout_ms;
    do {
        tp_screen(s, sizeof s);
        if (strstr(s, text))
            return true;
        usleep(20000);
    } while (tp_now_ms() < end);
    fprintf(stderr, "screen without \"%s\":\n%s\n", text, s);
    return false;
}

bool tp_screen_has(const char *text)
{
    static char s[SCREEN_LEN];
    tp_screen(s, sizeof s);
    return strstr(s, text) != NULL;
}

void tp_type(const char *text)
{
    assert_int_equal(tp_tmux("send-keys -t kiosk -l '%s'", text), 0);
}

void tp_key(const char *name)
{
    assert_int_equal(tp_tmux("send-keys -t kiosk %s", name), 0);
}
