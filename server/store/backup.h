/* Online backups of the database and restoring one. A backup runs on a thread of its own with
 * its own read-only connection on the database file: it holds one read transaction for the
 * whole copy (a WAL snapshot, so the copy is consistent and writers go on), copies it with
 * SQLite's backup API in steps (progress), checks the copy with PRAGMA integrity_check and
 * only then gives it its final, timestamped name. The event loop never waits for it. */
#ifndef SL_BACKUP_H
#define SL_BACKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sl_error.h"

typedef struct backup_runner backup_runner;

typedef enum { BACKUP_IDLE = 0, BACKUP_RUNNING, BACKUP_DONE, BACKUP_FAILED } backup_state;

/* What the latest backup did (a copy, no pointers into the runner). */
typedef struct backup_info {
    backup_state state;
    char name[96];      /* file name inside the backups folder */
    int64_t started_at; /* unix seconds */
    int pages_total;    /* 0 until the first step */
    int pages_done;
    int64_t bytes;       /* size of the verified copy (DONE) */
    int64_t duration_ms; /* copy and check (DONE, FAILED) */
    char error[160];     /* FAILED: why */
} backup_info;

/* A runner for the database at `db_path` that writes into `dir` (created 0700 when missing).
 * Both are copied. NULL when out of memory. */
backup_runner *backup_runner_new(const char *db_path, const char *dir);
/* Waits for a backup in progress, then frees. NULL is allowed. */
void backup_runner_free(backup_runner *b);

/* Starts a backup named after `now` (unix seconds, UTC: stagelijn-YYYYMMDD-HHMMSS.db) on its
 * thread; after it is verified, all but the newest `keep` backups in the folder are removed
 * (keep 0: none removed). Fills *info with the new state. SL_EEXISTS when one is already
 * running (info then describes that one), SL_EINTERNAL when the thread cannot start. */
sl_status backup_start(backup_runner *b, int64_t now, int keep, backup_info *info);
/* The modification time (unix seconds) of the newest finished backup in the folder, 0 when
 * there is none: a schedule continues from it across restarts. */
int64_t backup_newest_at(backup_runner *b);
/* The latest backup's state (thread-safe). */
void backup_status(backup_runner *b, backup_info *info);

/* Restores `backup_file` as data_dir/stagelijn.db: checks its integrity first, refuses a
 * data directory that holds anything unless `force` (then the old database and its WAL are
 * replaced), copies to a temporary name and renames, so a failure leaves no half database.
 * False with a reason in err. */
bool backup_restore(const char *backup_file, const char *data_dir, bool force, char *err,
                    size_t errlen);

#endif
