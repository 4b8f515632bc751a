#include "backup.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "log.h"

/* Pages copied per step: small enough that progress moves several times a second on a large
 * database, large enough that the per-step cost does not matter. */
#define PAGES_PER_STEP 256
#define MAX_KEPT_SCAN 4096

struct backup_runner {
    char *db_path, *dir;
    pthread_mutex_t mu;
    pthread_t thread;
    bool thread_live; /* joined before the next start and at free */
    int keep;
    backup_info info;
};

backup_runner *backup_runner_new(const char *db_path, const char *dir)
{
    backup_runner *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->db_path = strdup(db_path);
    b->dir = strdup(dir);
    if (!b->db_path || !b->dir || pthread_mutex_init(&b->mu, NULL) != 0) {
        free(b->db_path);
        free(b->dir);
        free(b);
        return NULL;
    }
    return b;
}

void backup_runner_free(backup_runner *b)
{
    if (!b)
        return;
    if (b->thread_live)
        pthread_join(b->thread, NULL);
    pthread_mutex_destroy(&b->mu);
    free(b->db_path);
    free(b->dir);
    free(b);
}

void backup_status(backup_runner *b, backup_info *info)
{
    pthread_mutex_lock(&b->mu);
    *info = b->info;
    pthread_mutex_unlock(&b->mu);
}

static void set_progress(backup_runner *b, int done, int total)
{
    pthread_mutex_lock(&b->mu);
    b->info.pages_done = done;
    b->info.pages_total = total;
    pthread_mutex_unlock(&b->mu);
}

/* "ok" from PRAGMA integrity_check on the file at `path`, opened read-only; otherwise false
 * with SQLite's first complaint in err. */
static bool integrity_ok(const char *path, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    bool ok = false;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            const char *r = (const char *)sqlite3_column_text(st, 0);
            ok = r && strcmp(r, "ok") == 0;
            if (!ok)
                snprintf(err, errlen, "integrity check failed: %.100s", r ? r : "(null)");
            rc = SQLITE_OK;
        }
    }
    if (rc != SQLITE_OK)
        snprintf(err, errlen, "cannot check %.60s: %.80s", path,
                 db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_finalize(st);
    sqlite3_close(db);
    return ok;
}

/* Copies the database at src_path into a new file at dst_path, in steps, holding one read
 * transaction on the source so every step sees the same snapshot (a write by another
 * connection would otherwise restart the copy). `b` (may be NULL) gets the progress. */
static bool copy_database(backup_runner *b, const char *src_path, const char *dst_path, char *err,
                          size_t errlen)
{
    sqlite3 *src = NULL, *dst = NULL;
    bool ok = false;
    int rc = sqlite3_open_v2(src_path, &src, SQLITE_OPEN_READONLY, NULL);
    if (rc == SQLITE_OK)
        sqlite3_busy_timeout(src, 5000);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(src, "BEGIN; SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "cannot read %.80s: %.60s", src_path,
                 src ? sqlite3_errmsg(src) : "out of memory");
        goto done;
    }
    if (sqlite3_open_v2(dst_path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        snprintf(err, errlen, "cannot create %.80s: %.60s", dst_path,
                 dst ? sqlite3_errmsg(dst) : "out of memory");
        goto done;
    }
    sqlite3_backup *bk = sqlite3_backup_init(dst, "main", src, "main");
    if (!bk) {
        snprintf(err, errlen, "cannot start the copy: %.80s", sqlite3_errmsg(dst));
        goto done;
    }
    do {
        rc = sqlite3_backup_step(bk, PAGES_PER_STEP);
        int total = sqlite3_backup_pagecount(bk);
        if (b)
            set_progress(b, total - sqlite3_backup_remaining(bk), total);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    int frc = sqlite3_backup_finish(bk);
    if (rc != SQLITE_DONE || frc != SQLITE_OK)
        snprintf(err, errlen, "copy failed: %.80s", sqlite3_errstr(rc != SQLITE_DONE ? rc : frc));
    else
        ok = true;
done:
    if (src)
        sqlite3_exec(src, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(src);
    if (dst && sqlite3_close(dst) != SQLITE_OK && ok) {
        snprintf(err, errlen, "cannot close the copy");
        ok = false;
    }
    return ok;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether `name` is a finished backup (stagelijn-YYYYMMDD-HHMMSS[-N].db). */
static bool is_backup_name(const char *name)
{
    size_t n = strlen(name);
    return strncmp(name, "stagelijn-", 10) == 0 && n > 13 && strcmp(name + n - 3, ".db") == 0;
}

int64_t backup_newest_at(backup_runner *b)
{
    DIR *d = opendir(b->dir);
    if (!d)
        return 0;
    int64_t newest = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        char path[4096];
        struct stat sb;
        snprintf(path, sizeof path, "%s/%s", b->dir, e->d_name);
        if (is_backup_name(e->d_name) && stat(path, &sb) == 0 && sb.st_mtime > newest)
            newest = (int64_t)sb.st_mtime;
    }
    closedir(d);
    return newest;
}

/* Removes all but the newest `keep` backups; the names sort by their timestamps. */
static void prune(const char *dir, int keep)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    char *names[MAX_KEPT_SCAN];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < MAX_KEPT_SCAN)
        if (is_backup_name(e->d_name) && (names[n] = strdup(e->d_name)))
            n++;
    closedir(d);
    qsort(names, n, sizeof names[0], compare_names);
    for (size_t i = 0; i < n; i++) {
        if (i + (size_t)keep < n) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dir, names[i]);
            if (unlink(path) == 0)
                LOG_INFO("backup", "removed old backup %s", names[i]);
            else
                LOG_WARN("backup", "cannot remove old backup %s: %s", names[i], strerror(errno));
        }
        free(names[i]);
    }
}

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *backup_thread(void *arg)
{
    backup_runner *b = arg;
    char name[96], part[4096], final[4096], err[160] = "";
    int64_t t0 = monotonic_ms();
    pthread_mutex_lock(&b->mu);
    memcpy(name, b->info.name, sizeof name);
    int keep = b->keep;
    pthread_mutex_unlock(&b->mu);
    snprintf(part, sizeof part, "%s/%s.part", b->dir, name);
    snprintf(final, sizeof final, "%s/%s", b->dir, name);
    bool ok =
        copy_database(b, b->db_path, part, err, sizeof err) && integrity_ok(part, err, sizeof err);
    struct stat sb;
    if (ok && (stat(part, &sb) != 0 || rename(part, final) != 0)) {
        snprintf(err, sizeof err, "cannot name the copy %.60s: %.60s", name, strerror(errno));
        ok = false;
    }
    if (!ok)
        unlink(part);
    pthread_mutex_lock(&b->mu);
    b->info.state = ok ? BACKUP_DONE : BACKUP_FAILED;
    b->info.duration_ms = monotonic_ms() - t0;
    b->info.bytes = ok ? (int64_t)sb.st_size : 0;
    memcpy(b->info.error, err, sizeof b->info.error);
    backup_info done = b->info;
    pthread_mutex_unlock(&b->mu);
    if (ok) {
        LOG_INFO("backup", "backup %s: %d pages, %lld bytes, %lld ms, integrity ok", done.name,
                 done.pages_total, (long long)done.bytes, (long long)done.duration_ms);
        if (keep > 0)
            prune(b->dir, keep);
    } else {
        LOG_ERROR("backup", "backup %s failed: %s", done.name, done.error);
    }
    return NULL;
}

/* Fills name with a timestamped file name not yet used in dir. */
static void choose_name(const char *dir, int64_t now, char *name, size_t len)
{
    time_t t = (time_t)now;
    struct tm tm;
    char stamp[32];
    gmtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    for (int i = 1;; i++) {
        char path[4096];
        if (i == 1)
            snprintf(name, len, "stagelijn-%s.db", stamp);
        else
            snprintf(name, len, "stagelijn-%s-%d.db", stamp, i);
        snprintf(path, sizeof path, "%s/%s", dir, name);
        if (access(path, F_OK) != 0)
            return;
    }
}

sl_status backup_start(backup_runner *b, int64_t now, int keep, backup_info *info)
{
    pthread_mutex_lock(&b->mu);
    if (b->info.state == BACKUP_RUNNING) {
        *info = b->info;
        pthread_mutex_unlock(&b->mu);
        return SL_EEXISTS;
    }
    pthread_mutex_unlock(&b->mu);
    /* The previous thread has finished (its state is final): collect it. */
    if (b->thread_live) {
        pthread_join(b->thread, NULL);
        b->thread_live = false;
    }
    if (mkdir(b->dir, 0700) != 0 && errno != EEXIST) {
        LOG_ERROR("backup", "cannot create %s: %s", b->dir, strerror(errno));
        return SL_EINTERNAL;
    }
    pthread_mutex_lock(&b->mu);
    memset(&b->info, 0, sizeof b->info);
    b->info.state = BACKUP_RUNNING;
    b->info.started_at = now;
    b->keep = keep;
    choose_name(b->dir, now, b->info.name, sizeof b->info.name);
    *info = b->info;
    pthread_mutex_unlock(&b->mu);
    if (pthread_create(&b->thread, NULL, backup_thread, b) != 0) {
        pthread_mutex_lock(&b->mu);
        b->info.state = BACKUP_FAILED;
        snprintf(b->info.error, sizeof b->info.error, "cannot start a thread");
        *info = b->info;
        pthread_mutex_unlock(&b->mu);
        return SL_EINTERNAL;
    }
    b->thread_live = true;
    return SL_OK;
}

/* Whether dir holds anything but "." and "..". */
static bool dir_has_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    struct dirent *e;
    bool any = false;
    while (!any && (e = readdir(d)))
        any = strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return any;
}

bool backup_restore(const char *backup_file, const char *data_dir, bool force, char *err,
                    size_t errlen)
{
    char db[4096], tmp[4096], side[4112];
    if (access(backup_file, R_OK) != 0) {
        snprintf(err, errlen, "cannot read %.200s: %.80s", backup_file, strerror(errno));
        return false;
    }
    if (!integrity_ok(backup_file, err, errlen))
        return false;
    if (!force && dir_has_entries(data_dir)) {
        snprintf(err, errlen,
                 "%.200s is not empty; restore into a new data directory, or add --force to "
                 "replace its database",
                 data_dir);
        return false;
    }
    if (mkdir(data_dir, 0700) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "cannot create %.200s: %.80s", data_dir, strerror(errno));
        return false;
    }
    snprintf(db, sizeof db, "%s/stagelijn.db", data_dir);
    snprintf(tmp, sizeof tmp, "%s/stagelijn.db.restore", data_dir);
    unlink(tmp);
    if (!copy_database(NULL, backup_file, tmp, err, errlen) || !integrity_ok(tmp, err, errlen)) {
        unlink(tmp);
        return false;
    }
    /* The old database's WAL would be replayed onto the restored file: remove it first. */
    snprintf(side, sizeof side, "%s-wal", db);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", db);
    unlink(side);
    if (rename(tmp, db) != 0) {
        snprintf(err, errlen, "cannot put the restored database in place: %.80s", strerror(errno));
        unlink(tmp);
        return false;
    }
    return true;
}
