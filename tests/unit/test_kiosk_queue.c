/* The kiosk's offline queue (client/kiosk_queue.c): what is queued is on disk and survives a
 * reopen, items leave per account in queue order, a refusal stays to be shown and is never
 * sent again, a new login refreshes the waiting items' session, and the file is private. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "kiosk_queue.h"

static char dir[64], path[128];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/kq-test-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/queue.sqlite", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static kiosk_queue *open_queue(void)
{
    kiosk_queue *q;
    char err[256];
    assert_int_equal(kq_open(path, &q, err, sizeof err), SL_OK);
    return q;
}

static void add(kiosk_queue *q, const char *user, const char *body, int64_t *seq)
{
    assert_int_equal(kq_add(q, user, "tok-1", body, 60, (const uint8_t *)body, strlen(body), seq),
                     SL_OK);
}

static void expect_next(kiosk_queue *q, const char *user, const char *body, int64_t *seq)
{
    kq_item it;
    assert_int_equal(kq_next(q, user, &it), SL_OK);
    assert_int_equal(it.envelope_len, strlen(body));
    assert_memory_equal(it.envelope, body, strlen(body));
    assert_string_equal(it.label, body);
    if (seq)
        *seq = it.seq;
    kq_item_clear(&it);
}

static void test_queued_items_survive_a_reopen_in_order(void **state)
{
    (void)state;
    kiosk_queue *q = open_queue();
    int64_t a, b, c;
    add(q, "sup", "week 1", &a);
    add(q, "sam", "clock in", &b);
    add(q, "sup", "week 2", &c);
    assert_true(a < b && b < c);
    kq_close(q); /* as if the kiosk was killed: everything added is on disk */

    q = open_queue();
    assert_int_equal(kq_waiting(q), 3);
    char names[4][KQ_USER_LEN];
    size_t n;
    assert_int_equal(kq_accounts(q, names, 4, &n), SL_OK);
    assert_int_equal(n, 2);
    assert_string_equal(names[0], "sup");
    assert_string_equal(names[1], "sam");
    int64_t seq;
    expect_next(q, "sup", "week 1", &seq);
    assert_int_equal(kq_done(q, seq, false, NULL), SL_OK);
    expect_next(q, "sup", "week 2", &seq);
    expect_next(q, NULL, "clock in", NULL);
    assert_int_equal(kq_waiting(q), 2);
    kq_close(q);
}

static void test_a_refusal_is_kept_to_show_but_never_sent_again(void **state)
{
    (void)state;
    kiosk_queue *q = open_queue();
    int64_t seq;
    add(q, "lisa", "week 3", &seq);
    assert_int_equal(kq_done(q, seq, true, "deze week is al ondertekend"), SL_OK);
    kq_item it;
    assert_int_equal(kq_next(q, "lisa", &it), SL_ENOTFOUND);
    assert_false(kq_has_waiting(q, "lisa"));
    kq_item list[16];
    size_t n;
    assert_int_equal(kq_list(q, list, 16, &n), SL_OK);
    bool found = false;
    for (size_t i = 0; i < n; i++)
        if (list[i].seq == seq) {
            found = true;
            assert_int_equal(list[i].state, KQ_REFUSED);
            assert_string_equal(list[i].message, "deze week is al ondertekend");
            assert_string_equal(list[i].token, ""); /* no session kept for it */
        }
    assert_true(found);
    assert_int_equal(kq_clear_refused(q, "lisa"), SL_OK);
    assert_int_equal(kq_list(q, list, 16, &n), SL_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_not_equal(list[i].seq, seq);
    kq_close(q);
}

static void test_a_new_login_refreshes_the_session_of_waiting_items(void **state)
{
    (void)state;
    kiosk_queue *q = open_queue();
    add(q, "noor", "clock out", NULL);
    assert_int_equal(kq_set_token(q, "noor", "tok-2"), SL_OK);
    kq_item it;
    assert_int_equal(kq_next(q, "noor", &it), SL_OK);
    assert_string_equal(it.token, "tok-2");
    kq_item_clear(&it);
    kq_close(q);
}

/* Items whose session ended wait with a note for the screen; only that account's waiting
 * items get it, and the person's next login clears it. */
static const char *message_of(const kq_item *items, size_t n, const char *label)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(items[i].label, label) == 0)
            return items[i].message;
    return NULL;
}

static void test_a_note_says_why_items_wait(void **state)
{
    (void)state;
    kiosk_queue *q = open_queue();
    long before = kq_waiting(q);
    add(q, "pb.note", "week 48 of pb.note", NULL);
    add(q, "ll.note", "clock in of ll.note", NULL);
    assert_int_equal(kq_note_waiting(q, "pb.note", "waits until pb.note logs in"), SL_OK);
    static kq_item items[64];
    size_t n;
    assert_int_equal(kq_list(q, items, 64, &n), SL_OK);
    assert_string_equal(message_of(items, n, "week 48 of pb.note"), "waits until pb.note logs in");
    assert_string_equal(message_of(items, n, "clock in of ll.note"), "");
    assert_int_equal(kq_set_token(q, "pb.note", "tok-3"), SL_OK);
    assert_int_equal(kq_list(q, items, 64, &n), SL_OK);
    assert_string_equal(message_of(items, n, "week 48 of pb.note"), "");
    assert_int_equal(kq_waiting(q), before + 2);
    kq_close(q);
}

static void test_the_last_waiting_clocking_is_known(void **state)
{
    (void)state;
    kiosk_queue *q = open_queue();
    assert_int_equal(kq_last_kind(q, "ilse", 240, 241), 0);
    assert_int_equal(kq_add(q, "ilse", "t", "in", 240, (const uint8_t *)"i", 1, NULL), SL_OK);
    assert_int_equal(kq_add(q, "ilse", "t", "week", 60, (const uint8_t *)"w", 1, NULL), SL_OK);
    assert_int_equal(kq_last_kind(q, "ilse", 240, 241), 240);
    int64_t seq;
    assert_int_equal(kq_add(q, "ilse", "t", "out", 241, (const uint8_t *)"o", 1, &seq), SL_OK);
    assert_int_equal(kq_last_kind(q, "ilse", 240, 241), 241);
    assert_int_equal(kq_last_kind(q, "other", 240, 241), 0);
    assert_int_equal(kq_done(q, seq, false, NULL), SL_OK);
    assert_int_equal(kq_last_kind(q, "ilse", 240, 241), 240);
    kq_close(q);
}

static void test_bad_input_and_a_private_file(void **state)
{
    (void)state;
    kiosk_queue *q = open_queue();
    long before = kq_waiting(q);
    assert_int_equal(kq_add(q, "", "t", "x", 60, (const uint8_t *)"x", 1, NULL), SL_EINVAL);
    assert_int_equal(kq_add(q, "sup", "t", "x", 60, NULL, 0, NULL), SL_EINVAL);
    assert_int_equal(kq_waiting(q), before);
    kq_close(q);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 077, 0);
    kiosk_queue *none;
    char err[256];
    assert_int_equal(kq_open("/nonexistent-dir/q.sqlite", &none, err, sizeof err), SL_EIO);
    assert_null(none);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_queued_items_survive_a_reopen_in_order),
        cmocka_unit_test(test_a_refusal_is_kept_to_show_but_never_sent_again),
        cmocka_unit_test(test_a_new_login_refreshes_the_session_of_waiting_items),
        cmocka_unit_test(test_a_note_says_why_items_wait),
        cmocka_unit_test(test_the_last_waiting_clocking_is_known),
        cmocka_unit_test(test_bad_input_and_a_private_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
