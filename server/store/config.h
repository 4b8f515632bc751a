/* The daemon's configuration: one declarative table (name, type, range, default) read from
 * a "key = value" file and overridable from the command line. */
#ifndef SL_CONFIG_H
#define SL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define SL_PATH_MAX 1024
#define SL_ADDR_MAX 128

typedef struct sl_config {
    char data_dir[SL_PATH_MAX];
    char listen[SL_ADDR_MAX];         /* HOST:PORT for people (password login) */
    char device_listen[SL_ADDR_MAX];  /* HOST:PORT requiring a device certificate; "" = off */
    char metrics_listen[SL_ADDR_MAX]; /* HOST:PORT for /metrics and /healthz; "" = off */
    char port_file[SL_PATH_MAX];
    char tls_cert[SL_PATH_MAX]; /* defaults under DATA_DIR/tls/ */
    char tls_key[SL_PATH_MAX];
    char tls_ca[SL_PATH_MAX];
    char log_level[16];
    bool allow_tls12;
    long max_frame_bytes;
    long max_connections;
    long max_connections_per_address; /* IPv4 address or IPv6 /64 */
    long handshake_timeout_ms;        /* accept to Hello, absolute */
    long login_timeout_ms;            /* Hello to login, absolute */
    long idle_timeout_ms;
    long max_inflight;
    long output_high_water;
    long session_idle_seconds;
    long login_max_failures;
    long login_lockout_seconds;
    long login_address_max_failures; /* per source address and window */
    long login_address_window_seconds;
    long login_queue_max;         /* logins waiting for a password worker */
    long login_queue_per_address; /* of which from one source address */
    long scrypt_log2_n;
    long max_batch;
    long max_string_bytes;
    long clock_offset_seconds; /* tests and drills: shifts the server's "now" */
    long housekeeping_seconds; /* session expiry and WAL truncation */
    long submission_keep_days; /* outcomes of retried submissions (submissions.h) */
    long push_chunk;           /* subscribers served per loop pass by a fan-out (events.c) */
    /* Cut off a peer that has read nothing of a full output buffer this long (conn.c). */
    long stalled_output_seconds;
    /* SO_SNDBUF of each connection in bytes; 0 leaves the kernel's autotuning (conn.c). */
    long socket_send_buffer;
    /* The internship line */
    double cycling_km;      /* a company within this distance of home is cyclable */
    double school_latitude; /* where the coach's visit route starts */
    double school_longitude;
    long visit_interval_days; /* a visit every 3 weeks */
    long support_visit_interval_days;
    long retention_years_after_aftercare; /* retention (issue 10): kept this long after aftercare */
    long education_hours_per_week;        /* the school week's timetable, internship included */
    /* The school year's education hours, internship included: WVO art. 32's course rule. */
    long education_hours_per_school_year;
    long risk_threshold; /* dropout: early-warning points that raise a "risk" event */
    /* Reviews due (scheduler.c) */
    long scheduler_interval_seconds; /* between passes */
    long scheduler_max_items;        /* due items raised per pass at most */
    long scheduler_max_placements;   /* placements looked at per pass */
    long repeated_absence_reports;   /* absence reports within the window that are repeated */
    long repeated_absence_weeks;     /* the window, from the first of those reports */
    /* backup (issue 10): scheduled online backups into DATA_DIR/backups */
    long backup_interval_minutes; /* 0 = no scheduled backups */
    long backup_keep;             /* backups kept in DATA_DIR/backups; older ones removed */
    /* documents: the school's name as printed on contracts */
    char school_name[256];
} sl_config;

/* Fills every field with its default. */
void sl_config_defaults(sl_config *c);

/* Sets one option by name from text, checking type and range; on error writes a reason. */
bool sl_config_set(sl_config *c, const char *name, const char *value, char *err, size_t errlen);

/* Reads a file of "name = value" lines ('#' starts a comment). */
bool sl_config_load_file(sl_config *c, const char *path, char *err, size_t errlen);

/* Fills the TLS paths that were left empty with their places under data_dir. */
void sl_config_finish(sl_config *c);

/* Prints every option with its default and meaning (for --help and docs). */
void sl_config_describe(FILE *out);

#endif
