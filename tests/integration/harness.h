/* Integration-test harness: starts a real stagelijnd (the built binary) on an ephemeral
 * loopback port in a temporary data directory, and talks to it with the real client library
 * and the real client programs. */
#ifndef SL_TEST_HARNESS_H
#define SL_TEST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
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
/* A loopback TCP port that is free now and lies below the kernel's ephemeral range, for a
 * listener that must come back on the same port after a restart (a kiosk's --server): a port
 * from bind(0) lies inside that range, where any process's bind(0) or connect() on the
 * machine may take it while the server is down. Returns -1 when none is free. */
int ts_fixed_port(void);
/* The clock_offset_seconds that makes the daemon's "today" (Europe/Amsterdam) the date `ymd`
 * (at noon, so a test of minutes cannot cross midnight). */
long ts_clock_offset_for(const char *ymd);
/* Stops the server, sets its clock so that today is `ymd` (the config's clock_offset_seconds
 * line is replaced) and starts it again on the same data directory. Connections are gone:
 * log in again. Returns whether it is running. */
bool ts_restart_on(test_server *ts, const char *ymd);
/* Replaces the configuration's lines that start with `name` by `line` (NULL: only drops them);
 * the server reads it at its next (re)start. False when the file cannot be read or written. */
bool ts_set_config_line(test_server *ts, const char *name, const char *line);
/* The first column of the first row of the SQL that fmt (printf) makes, as a number, opening
 * the database file read-only next to the server; -1 (printed) on an error or with no row. */
long ts_db_long(test_server *ts, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Waits until the number count_sql gives has stood still for a second (the server's passes
 * have raised what they will), 30 s at most; false when it never did. */
bool ts_wait_settled(test_server *ts, const char *count_sql);
/* SIGTERM and wait; returns the exit status (0 = clean, including no sanitizer report). */
int ts_stop(test_server *ts);
/* SIGKILL: simulates a crash or power loss for the process. */
void ts_kill9(test_server *ts);
/* Stops if running and removes the directory. */
void ts_cleanup(test_server *ts);
/* A suite's teardown: closes the n clients (NULLs allowed), ts_stop, ts_cleanup. Returns 0 when
 * the server exited cleanly, -1 otherwise (a cmocka group teardown's result). */
int ts_teardown(test_server *ts, sl_client *const *clients, size_t n);

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
/* Same without --json: what a person sees. */
int ts_run_cli_human(test_server *ts, const char *prog, const char *user, const char *password,
                     const char *const *args, char *out, size_t outlen);
/* True (printing it) when text holds a UUID (8-4-4-4-12 hex) other than the n_allowed ids
 * given: the handles a person types next. */
bool ts_has_uuid_except(const char *text, const char *const *allowed, size_t n_allowed);
/* Same but returns at once; the program's stdout goes to out_file. Returns its pid. */
pid_t ts_spawn_cli(test_server *ts, const char *prog, const char *user, const char *password,
                   const char *const *args, const char *out_file);
/* Waits for a spawned program up to timeout_s; returns its exit code or -1 (killed). */
int ts_wait(pid_t pid, int timeout_s);

/* Finds "key":"value" in JSON text and copies the value (first match after `from`). */
bool ts_json_str(const char *json, const char *key, char *out, size_t outlen);
/* Counts rows of a table, opening the database file read-only next to the server. */
long ts_count_rows(test_server *ts, const char *table);
/* The first column of the first row of `sql` with ?1 = param, as text into val[n] ("" when
 * there is no row), opening the database file read-only next to the server. */
void ts_query_text(test_server *ts, const char *sql, const char *param, char *val, size_t n);
/* Today's date, +days, as YYYY-MM-DD (local time). */
void ts_date(int days_from_today, char out[11]);
/* ymd + days, as YYYY-MM-DD. */
void ts_date_plus(const char *ymd, int days, char out[11]);
/* The Monday on or before today + days. */
void ts_monday(int days_from_today, char out[11]);

/* ---------------------------------------------------------------- calls */

/* Calls without judging the status: returns it, and hands the reply to *out (caller frees;
 * may be NULL) or frees it when out is NULL. */
sl_status ts_send(sl_client *c, sl_envelope *req, sl_envelope **out);
/* Calls and judges the status against `expect` and, with `rule`, that the refusal names that
 * rule; prints why when not. *matched tells the verdict. Returns the reply on SL_OK (caller
 * frees), NULL otherwise. */
sl_envelope *ts_call_rule(sl_client *c, sl_envelope *req, sl_status expect, const char *rule,
                          bool *matched);
/* True when `rep` is an error reply that lists `rule_id` among its violated rules. */
bool ts_has_rule(const sl_envelope *rep, const char *rule_id);

/* ---------------------------------------------------------------- fixtures
 * Each fixture helper sends one or more requests, expects them to succeed (a mismatch is
 * printed by ts_call) and returns false otherwise. Ids are copied into caller-owned buffers of
 * 37 bytes; the spec structs and the strings they point to stay the caller's. */

/* Creates a class of `school_year` with `mentor_id` (NULL: none) as its mentor (admin). */
bool ts_make_class(sl_client *admin, const char *name, int school_year, const char *mentor_id,
                   char id_out[37]);

typedef struct {
    const char *name;
    const char *address, *city; /* NULL: left empty */
    double latitude, longitude; /* 0, 0: no known position */
    uint32_t sector;            /* the one sector listed; 0: none */
    /* Both 0: TS_DEFAULT_PLACES each. */
    uint32_t places, supervision_capacity;
    bool recognised; /* SBB-recognised, with registration number "SBB-123456" */
    bool internal;   /* the school's own (internal) company */
} ts_company_spec;

#define TS_DEFAULT_PLACES 10

/* Creates a company (admin). */
bool ts_make_company(sl_client *admin, const ts_company_spec *spec, char id_out[37]);

typedef struct {
    const char *first_name;
    const char *last_name; /* NULL: "Test" */
    const char *class_id;
    const char *date_of_birth; /* YYYY-MM-DD */
    uint32_t school_year;      /* 0: left to the server (the class's year) */
    bool nt2;
    bool support_need;
    const char *username; /* NULL: no login account */
} ts_student_spec;

/* Creates a student (admin). With a username, an account is created too and its one-time
 * password is copied into otp_out (64 bytes; may be NULL). */
bool ts_make_student(sl_client *admin, const ts_student_spec *spec, char id_out[37],
                     char otp_out[64]);

/* Logs a new account in with its one-time password and changes that to TS_PASSWORD. Returns
 * the logged-in client (caller closes) or NULL. */
sl_client *ts_student_login(test_server *ts, const char *username, const char *otp);

typedef struct {
    const char *student_id, *company_id, *supervisor_id;
    int kind;                          /* Stagelijn__V1__PlacementKind */
    const char *start_date, *end_date; /* YYYY-MM-DD */
    uint32_t sector;                   /* 0: left unset */
    int first_weekday;                 /* the schedule's first day, 1 = Monday; 0: Monday */
    int n_days; /* schedule days from first_weekday on (to Sunday at most), same hours */
    const char *day_start, *day_end; /* HH:MM */
    int break_minutes;
    const Stagelijn__V1__WorkKind *work_kind; /* NULL: light work */
} ts_placement_spec;

/* Sends CreatePlacement as `coach`; returns the reply (caller frees) when the status is
 * `expect`, NULL otherwise. */
sl_envelope *ts_create_placement(sl_client *coach, const ts_placement_spec *spec, sl_status expect);
/* Same, returning whether the status was `expect`; on SL_OK the new id goes to id_out. */
bool ts_make_placement(sl_client *coach, const ts_placement_spec *spec, sl_status expect,
                       char id_out[37]);

/* Who signs a contract in ts_sign_contract_all / ts_activate_placement. */
typedef enum {
    TS_SIGN_ADULT,              /* school, company and student */
    TS_SIGN_MINOR,              /* school, company, student and a parent */
    TS_SIGN_PARENT_IF_ACCEPTED, /* as MINOR, but a parent's FAILED_PRECONDITION (the student is
                                 * of age) is accepted */
} ts_signers;

/* Fills `c` (initialising it) with a complete contract for the placement: every WVO art. 35
 * field, two locations. The strings are static; nothing is to be freed. */
void ts_contract_fill(Stagelijn__V1__Contract *c, const char *placement_id);
/* SaveContract with ts_contract_fill's contract; true on SL_OK. */
bool ts_save_contract(sl_client *coach, const char *placement_id);
/* One signature by "A. Signer" on `date`; true when the status is `expect`. */
bool ts_sign_contract(sl_client *c, const char *placement_id, int party, const char *date,
                      sl_status expect);
/* Saves the complete contract and has it signed today by `signers`, all through `coach`. */
bool ts_sign_contract_all(sl_client *coach, const char *placement_id, ts_signers signers);
/* SetPlacementStatus without printing; true when the status is `expect`. The reply goes to
 * *out (caller frees) or is freed when out is NULL. */
bool ts_set_placement_status(sl_client *c, const char *placement_id, int status, sl_status expect,
                             sl_envelope **out);
/* A proposed placement made active: ts_sign_contract_all, then status ACTIVE. */
bool ts_activate_placement(sl_client *coach, const char *placement_id, ts_signers signers);
/* ts_make_placement (SL_OK), then ts_activate_placement unless the server made the new
 * placement active already. */
bool ts_make_active_placement(sl_client *coach, const ts_placement_spec *spec, ts_signers signers,
                              char id_out[37]);

#endif
