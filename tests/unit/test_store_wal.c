/* Unit test for the WAL size limit of server/store/store.c (journal_size_limit): after a long reader
 * let the WAL grow, the first writer that starts the WAL over cuts the file back to the limit
 * instead of keeping its peak. (Housekeeping's truncation of an idle WAL is tested against the
 * daemon in tests/integration/test_wal.c.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store.h"

#define LIMIT_BYTES (16L * 1024 * 1024) /* store.c's journal_size_limit */
#define PEAK_BYTES (24L * 1024 * 1024)

static long file_bytes(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

/* One committed write of about 64 KiB through the store's own connection. */
static void write_blob(store *s)
{
    assert_int_equal(sqlite3_exec(store_db(s),
                                  "INSERT INTO wal_fill (data) VALUES (randomblob(65536))", NULL,
                                  NULL, NULL),
                     SQLITE_OK);
}

static void test_wal_cut_back_to_limit(void **state)
{
    (void)state;
    char dir[] = "/tmp/sl-test-wal-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64], wal[80], shm[80];
    snprintf(path, sizeof path, "%s/t.db", dir);
    snprintf(wal, sizeof wal, "%s-wal", path);
    snprintf(shm, sizeof shm, "%s-shm", path);

    store *s = NULL;
    char err[256] = "";
    assert_int_equal(store_open(path, &s, err, sizeof err), SL_OK);
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(store_db(s), "PRAGMA journal_size_limit", -1, &q, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int64(q, 0), LIMIT_BYTES);
    sqlite3_finalize(q);
    assert_int_equal(
        sqlite3_exec(store_db(s), "CREATE TABLE wal_fill (data BLOB)", NULL, NULL, NULL),
        SQLITE_OK);

    /* A reader pins a snapshot: checkpoints cannot start the WAL over, so it grows. */
    sqlite3 *reader;
    assert_int_equal(sqlite3_open_v2(path, &reader, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM wal_fill;", NULL, NULL, NULL), SQLITE_OK);
    while (file_bytes(wal) < PEAK_BYTES)
        write_blob(s);
    assert_int_equal(sqlite3_exec(reader, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_close(reader), SQLITE_OK);

    /* The first write's autocheckpoint copies everything back; the next starts the WAL over
     * and, with the limit, truncates it. Without it the file would stay at its peak. */
    write_blob(s);
    write_blob(s);
    long after = file_bytes(wal);
    printf("# WAL after the reader: %ld bytes (limit %ld)\n", after, LIMIT_BYTES);
    assert_true(after >= 0 && after <= LIMIT_BYTES);

    store_close(s);
    unlink(wal);
    unlink(shm);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wal_cut_back_to_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
