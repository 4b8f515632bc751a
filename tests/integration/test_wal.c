/* The WAL does not keep its peak size: while an outside reader holds a snapshot of the database
 * (as a backup or a report does), the daemon's writes grow the WAL far past its usual size;
 * once the reader ends, housekeeping truncates it, without stalling requests meanwhile. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "harness.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT

/* Above store.c's journal_size_limit (16 MiB), so that only a truncation brings it down. */
#define WAL_PEAK_BYTES (20L * 1024 * 1024)
#define CONTACT_BYTES 12000

static test_server TS;
static sl_client *admin;

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&TS, "housekeeping_seconds = 1\n"))
        return -1;
    admin = ts_login(&TS, "admin", TS_ADMIN_PASSWORD);
    return admin ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return ts_teardown(&TS, &admin, 1);
}

static long wal_bytes(void)
{
    char path[320];
    snprintf(path, sizeof path, "%s/stagelijn.db-wal", TS.dir);
    struct stat sb;
    return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

/* Creates partner number `i` with a large contact text, so that each commit adds many pages. */
static sl_status create_partner(int i)
{
    static char contact[CONTACT_BYTES + 1];
    memset(contact, 'a' + i % 26, CONTACT_BYTES);
    char name[64];
    snprintf(name, sizeof name, "Partner %d", i);
    Stagelijn__V1__Partner p = STAGELIJN__V1__PARTNER__INIT;
    p.name = name;
    p.kind = "work_desk";
    p.contact = contact;
    Stagelijn__V1__CreatePartnerRequest cp = STAGELIJN__V1__CREATE_PARTNER_REQUEST__INIT;
    cp.partner = &p;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_PARTNER;
    req.create_partner = &cp;
    return ts_send(admin, &req, NULL);
}

static void test_wal_shrinks_after_long_reader(void **state)
{
    (void)state;
    char path[320];
    snprintf(path, sizeof path, "%s/stagelijn.db", TS.dir);
    sqlite3 *reader;
    assert_int_equal(sqlite3_open_v2(path, &reader, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    /* The read transaction pins a snapshot: no checkpoint can start the WAL over. */
    assert_int_equal(
        sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM partners;", NULL, NULL, NULL), SQLITE_OK);

    long before = ts_count_rows(&TS, "partners");
    int written = 0;
    while (wal_bytes() < WAL_PEAK_BYTES) {
        assert_true(written < 20000);
        assert_int_equal(create_partner(written), SL_OK);
        written++;
    }
    long peak = wal_bytes();
    printf("# WAL at %ld bytes after %d writes under a long reader\n", peak, written);

    /* Housekeeping runs every second meanwhile and cannot truncate; it must not make requests
     * wait for the reader either (a busy timeout there would stall the loop for seconds). */
    double worst = 0;
    for (int i = 0; i < 12; i++) {
        double t0 = now_ms();
        assert_int_equal(create_partner(written++), SL_OK);
        double took = now_ms() - t0;
        worst = took > worst ? took : worst;
        usleep(200 * 1000);
    }
    printf("# slowest write while the reader held its snapshot: %.1f ms\n", worst);
    /* A wait for the reader would last the busy timeout (5 s, store.c); half of it leaves room
     * for a slow fsync on a loaded machine (1.45 s was seen) and still catches the stall. */
    assert_true(worst < 2500);
    assert_true(wal_bytes() >= peak);

    assert_int_equal(sqlite3_exec(reader, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_close(reader), SQLITE_OK);

    /* No more writes: only housekeeping can shrink the WAL now. */
    long wal = wal_bytes();
    for (int i = 0; i < 50 && wal != 0; i++) {
        usleep(100 * 1000);
        wal = wal_bytes();
    }
    printf("# WAL at %ld bytes after the reader ended\n", wal);
    assert_int_equal(wal, 0);

    /* Nothing was lost, and the daemon writes on. */
    assert_int_equal(ts_count_rows(&TS, "partners"), before + written);
    assert_int_equal(create_partner(written), SL_OK);
    assert_int_equal(ts_count_rows(&TS, "partners"), before + written + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wal_shrinks_after_long_reader),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
