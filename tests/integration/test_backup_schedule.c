/* Scheduled backups (issue 10): with backup_interval_minutes set, the daemon makes a verified
 * backup on its own (at the first housekeeping when the folder has none), and after a restart
 * the schedule goes on from the newest backup instead of starting over. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "harness.h"

/* How many finished backups DIR/backups holds; the newest name into newest. */
static int count_backups(const test_server *ts, char *newest, size_t len)
{
    char dir[400];
    snprintf(dir, sizeof dir, "%s/backups", ts->dir);
    DIR *d = opendir(dir);
    int n = 0;
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (strncmp(e->d_name, "stagelijn-", 10) == 0 && l > 3 &&
            strcmp(e->d_name + l - 3, ".db") == 0) {
            n++;
            if (strcmp(e->d_name, newest) > 0)
                snprintf(newest, len, "%s", e->d_name);
        }
    }
    closedir(d);
    return n;
}

static void test_scheduled_backup(void **state)
{
    (void)state;
    test_server ts;
    assert_true(ts_start(&ts, "backup_interval_minutes = 1\nhousekeeping_seconds = 1\n"));
    char newest[256] = "";
    for (int i = 0; i < 200 && count_backups(&ts, newest, sizeof newest) == 0; i++)
        usleep(50 * 1000);
    assert_int_equal(count_backups(&ts, newest, sizeof newest), 1);
    /* A sound copy with the schema and the admin in it. */
    char path[700];
    snprintf(path, sizeof path, "%s/backups/%s", ts.dir, newest);
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM users WHERE username = 'admin'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 1);
    sqlite3_finalize(st);
    sqlite3_close(db);
    /* Restarted within the interval: no second backup. */
    assert_int_equal(ts_stop(&ts), 0);
    assert_true(ts_restart(&ts));
    sleep(3);
    assert_int_equal(count_backups(&ts, newest, sizeof newest), 1);
    assert_int_equal(ts_teardown(&ts, NULL, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scheduled_backup),
    };
    return cmocka_run_group_tests_name("integration_backup_schedule", tests, NULL, NULL);
}
