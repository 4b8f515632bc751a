/* Unit tests for server/store/pins.c (issue 8): which intern a PIN login finds (a student
 * login with a PIN and a placement at the kiosk's company that is active on the day, both end
 * days included), the account's lock at its 5th wrong PIN in a row until a new PIN is set,
 * and the device's window of 20 wrong PINs in 15 minutes, each at its boundaries. Against a
 * real SQLite store in a fresh temporary directory, every write in a store request. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pins.h"

#define COST 10
#define USER "aaaaaaaa-0000-4000-8000-000000000001"
#define COACH "aaaaaaaa-0000-4000-8000-000000000002"
#define COMPANY "cccccccc-0000-4000-8000-000000000001"
#define OTHER_COMPANY "cccccccc-0000-4000-8000-000000000002"
#define DEVICE COMPANY "@192.0.2.7"

typedef struct {
    char dir[64];
    char path[128];
    store *s;
} fixture;

static void begin(store *s)
{
    assert_int_equal(store_request_begin(s), SL_OK);
}

static void finish(store *s)
{
    assert_int_equal(store_request_end(s, true), SL_OK);
    assert_int_equal(store_batch_commit(s), SL_OK);
}

/* An intern "anna" (placed at COMPANY, active, 2026-09-01 to 2027-01-29, status `status`)
 * with the PIN "2580", and a coach who set it. */
static void add_intern(store *s, int status)
{
    char hash[AUTH_HASH_MAX];
    assert_true(auth_password_hash("2580", COST, hash));
    begin(s);
    static const char *const setup_sql[] = {
        "INSERT INTO users (id, username, display_name, role, password_hash, created_at) VALUES "
        "('" USER "', 'anna', 'Anna', 'student', 'x', 0), ('" COACH
        "', 'coach', 'Coach', 'coach', 'x', 0)",
        "INSERT INTO companies (id, name, created_at) VALUES ('" COMPANY
        "', 'Bakkerij', 0), ('" OTHER_COMPANY "', 'Garage', 0)",
        "INSERT INTO classes (id, name, school_year) VALUES ('k1', '5A', 5)",
        "INSERT INTO students (id, first_name, last_name, class_id, school_year, date_of_birth, "
        "user_id, created_at) VALUES ('s1', 'Anna', 'Bakker', 'k1', 5, '2008-03-03', '" USER
        "', 0)",
    };
    for (size_t i = 0; i < sizeof setup_sql / sizeof setup_sql[0]; i++)
        assert_int_equal(store_exec(s, NULL, setup_sql[i], SB_NONE), SL_OK);
    assert_int_equal(store_exec(s, NULL,
                                "INSERT INTO placements (id, student_id, company_id, coach_id, "
                                "kind, status, start_date, end_date, created_at, updated_at) "
                                "VALUES ('p1', 's1', ?1, ?2, 5, ?3, '2026-09-01', '2027-01-29', "
                                "0, 0)",
                                SB(COMPANY), SB(COACH), SB(status)),
                     SL_OK);
    assert_int_equal(pin_store_set(s, USER, hash, COACH, 100), SL_OK);
    finish(s);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "%s", "/tmp/sl-test-pins-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    char err[256] = "";
    if (store_open(f->path, &f->s, err, sizeof err) != SL_OK) {
        fprintf(stderr, "store_open: %s\n", err);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    store_close(f->s);
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    char p[160];
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(p, sizeof p, "%s%s", f->path, suffixes[i]);
        unlink(p);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

/* Whether the lookup finds anna at `company` on `today`; *locked the account's lock. */
static bool finds(store *s, const char *company, const char *today, bool *locked)
{
    sl_principal p;
    char stored[AUTH_HASH_MAX];
    bool found = true, lock = true;
    assert_int_equal(pin_store_lookup(s, "anna", company, today, COST, &p, stored, &found, &lock),
                     SL_OK);
    if (found) {
        assert_string_equal(p.user_id, USER);
        assert_int_equal(p.role, ROLE_STUDENT);
        assert_true(auth_password_verify("2580", stored));
    } else {
        assert_false(lock);
        assert_false(auth_password_verify("2580", stored)); /* the dummy hash */
    }
    if (locked)
        *locked = lock;
    return found;
}

static void test_lookup_placement_days(void **state)
{
    fixture *f = *state;
    add_intern(f->s, 4);
    assert_false(finds(f->s, COMPANY, "2026-08-31", NULL)); /* the day before the first */
    assert_true(finds(f->s, COMPANY, "2026-09-01", NULL));  /* the first day */
    assert_true(finds(f->s, COMPANY, "2027-01-29", NULL));  /* the last day */
    assert_false(finds(f->s, COMPANY, "2027-01-30", NULL)); /* the day after */
    assert_false(finds(f->s, OTHER_COMPANY, "2026-10-01", NULL));
}

static void test_lookup_needs_active(void **state)
{
    fixture *f = *state;
    add_intern(f->s, 3); /* signed, not yet active */
    assert_false(finds(f->s, COMPANY, "2026-10-01", NULL));
}

static void fail_account(store *s, int times)
{
    for (int i = 0; i < times; i++) {
        begin(s);
        assert_int_equal(pin_store_account_failed(s, USER, 1000 + i), SL_OK);
        finish(s);
    }
}

static void test_account_lock(void **state)
{
    fixture *f = *state;
    add_intern(f->s, 4);
    bool locked = true;
    fail_account(f->s, PIN_ACCOUNT_MAX_FAILURES - 1);
    assert_true(finds(f->s, COMPANY, "2026-10-01", &locked));
    assert_false(locked);
    /* A right PIN starts the count again. */
    begin(f->s);
    assert_int_equal(pin_store_account_succeeded(f->s, USER), SL_OK);
    finish(f->s);
    fail_account(f->s, PIN_ACCOUNT_MAX_FAILURES - 1);
    assert_true(finds(f->s, COMPANY, "2026-10-01", &locked));
    assert_false(locked);
    /* The 5th in a row locks, and no time lifts it ... */
    fail_account(f->s, 1);
    assert_true(finds(f->s, COMPANY, "2026-10-01", &locked));
    assert_true(locked);
    assert_true(finds(f->s, COMPANY, "2027-01-29", &locked));
    assert_true(locked);
    /* ... a new PIN does. */
    char hash[AUTH_HASH_MAX];
    assert_true(auth_password_hash("3691", COST, hash));
    begin(f->s);
    assert_int_equal(pin_store_set(f->s, USER, hash, COACH, 2000), SL_OK);
    finish(f->s);
    sl_principal p;
    char stored[AUTH_HASH_MAX];
    bool found;
    assert_int_equal(
        pin_store_lookup(f->s, "anna", COMPANY, "2026-10-01", COST, &p, stored, &found, &locked),
        SL_OK);
    assert_true(found);
    assert_false(locked);
    assert_true(auth_password_verify("3691", stored));
}

static bool device_locked(store *s, int64_t now)
{
    bool locked = true;
    assert_int_equal(pin_store_device_locked(s, DEVICE, now, &locked), SL_OK);
    return locked;
}

static void fail_device(store *s, int64_t at)
{
    begin(s);
    assert_int_equal(pin_store_device_failed(s, DEVICE, at), SL_OK);
    finish(s);
}

static void test_device_window(void **state)
{
    fixture *f = *state;
    const int64_t t = 50000;
    /* 19 in the window: open; the 20th, at the window's last second, locks. */
    for (int i = 0; i < PIN_DEVICE_MAX_FAILURES - 1; i++)
        fail_device(f->s, t + i);
    assert_false(device_locked(f->s, t + 30));
    const int64_t last = t + PIN_DEVICE_LOCKOUT_SECONDS - 1;
    fail_device(f->s, last);
    assert_true(device_locked(f->s, last));
    assert_true(device_locked(f->s, last + PIN_DEVICE_LOCKOUT_SECONDS - 1));
    assert_false(device_locked(f->s, last + PIN_DEVICE_LOCKOUT_SECONDS));
    /* Another kiosk of the company is not locked. */
    bool other = true;
    assert_int_equal(pin_store_device_locked(f->s, COMPANY "@198.51.100.1", last, &other), SL_OK);
    assert_false(other);
    /* A failure once the window has passed starts a new count. */
    fail_device(f->s, last + PIN_DEVICE_LOCKOUT_SECONDS);
    assert_false(device_locked(f->s, last + PIN_DEVICE_LOCKOUT_SECONDS));
}

static void test_device_window_is_fixed(void **state)
{
    fixture *f = *state;
    /* One typing error every 10 minutes, all day long, never adds up to a lock. */
    for (int i = 0; i < 3 * PIN_DEVICE_MAX_FAILURES; i++) {
        fail_device(f->s, 1000 + 600 * (int64_t)i);
        assert_false(device_locked(f->s, 1000 + 600 * (int64_t)i));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lookup_placement_days, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lookup_needs_active, setup, teardown),
        cmocka_unit_test_setup_teardown(test_account_lock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_device_window, setup, teardown),
        cmocka_unit_test_setup_teardown(test_device_window_is_fixed, setup, teardown),
    };
    return cmocka_run_group_tests_name("unit_pins", tests, NULL, NULL);
}
