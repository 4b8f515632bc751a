/* Integration-test harness: starts a real stagelijnd (the built binary) on an ephemeral
 * loopback port in a temporary data directory, and talks to it with the real client library
 * and the real client programs. */
#ifndef SL_TEST_HARNESS_H
#define SL_TEST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "slclient.h"

#define TS_PASSWORD "password-123" /* every test account's password */
#define TS_ADMIN_PASSWORD "admin-secret-123"

typedef struct {
    char dir[256];
    char ca[300];
    char config[300];
    char log[300];
    pid_t pid;
    int port;
    int device_port;  /* 0 unless device_listen is configured */
    int metrics_port; /* 0 unless metrics_listen is configured */
} test_server;

/* Starts stagelijnd with a fresh data directory. `extra_config` holds extra "name = value"
 * lines (may be NULL). The admin's one-time password is changed to TS_ADMIN_PASSWORD. */
bool ts_start(test_server *ts, const char *extra_config);
/* Starts again on the same data directory (after ts_stop or ts_kill9). */
bool ts_restart(test_server *ts);
/* SIGTERM and wait; returns the exit status (0 = clean, including no sanitizer report). */
int ts_stop(test_server *ts);
/* SIGKILL: simulates a crash or power loss for the process. */
void ts_kill9(test_server *ts);
/* Stops if running and removes the directory. */
void ts_cleanup(test_server *ts);

sl_client *ts_connect(test_server *ts, Stagelijn__V1__ClientKind kind);
/* Connects and logs in; NULL on failure. */
sl_client *ts_login(test_server *ts, const char *user, const char *password);

/* Calls and checks the status; returns the reply (caller frees) or NULL when the status was
 * not the expected one (and prints why). */
sl_envelope *ts_call(sl_client *c, sl_envelope *req, sl_status expect);
/* Same, frees the reply and returns whether the status matched. */
bool ts_expect(sl_client *c, sl_envelope *req, sl_status expect);

/* Creates an account with TS_PASSWORD through an admin client; copies the new id to id_out. */
bool ts_create_user(sl_client *admin, const char *username, int role, const char *company_id,
                    char *id_out);

/* Runs a client program from the build tree (prog = "stagelijn-admin", ...) as `user` with
 * STAGELIJN_PASSWORD = password, adding "--server 127.0.0.1:PORT --ca CA --user USER --json"
 * before args. Captures stdout into out. Returns the exit code. */
int ts_run_cli(test_server *ts, const char *prog, const char *user, const char *password,
               const char *const *args, char *out, size_t outlen);
/* Same but returns at once; the program's stdout goes to out_file. Returns its pid. */
pid_t ts_spawn_cli(test_server *ts, const char *prog, const char *user, const char *password,
                   const char *const *args, const char *out_file);
/* Waits for a spawned program up to timeout_s; returns its exit code or -1 (killed). */
int ts_wait(pid_t pid, int timeout_s);

/* Finds "key":"value" in JSON text and copies the value (first match after `from`). */
bool ts_json_str(const char *json, const char *key, char *out, size_t outlen);
/* Counts rows of a table, opening the database file read-only next to the server. */
long ts_count_rows(test_server *ts, const char *table);
/* Today's date, +days, as YYYY-MM-DD (local time). */
void ts_date(int days_from_today, char out[11]);
/* ymd + days, as YYYY-MM-DD. */
void ts_date_plus(const char *ymd, int days, char out[11]);
/* The Monday on or before today + days. */
void ts_monday(int days_from_today, char out[11]);

#endif
