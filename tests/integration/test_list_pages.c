/* Every list in pages, and says when it was cut: on the demo school, through the real client
 * programs. A person reads 100 rows and is told how many more there are and how to see them;
 * a program gets the whole list unless it asks for a page, and the reply's "cut" says where
 * the page lies; --limit and --offset take a whole number or are a usage error (exit 2); rows
 * of the caseload of one kind and day are in Dutch name order, as the student list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define DEMO_PASSWORD "stagelijn-demo-2026"
#define OUT_MAX (512 * 1024)
#define MAX_ROWS 5000
#define WS "stagelijn"

static test_server ts;
static char out[OUT_MAX];

/* Every value of `"key":"..."` in text, in order, into ids; returns the count. */
static size_t json_all(const char *text, const char *key, char ids[][37], size_t max)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    size_t n = 0;
    for (const char *p = text; n < max && (p = strstr(p, pat)) != NULL; n++) {
        p += strlen(pat);
        snprintf(ids[n], 37, "%.36s", p);
    }
    return n;
}

static int coach(const char *const *args, bool json)
{
    return json ? ts_run_cli(&ts, WS, "c.devries", DEMO_PASSWORD, args, out, sizeof out)
                : ts_run_cli_human(&ts, WS, "c.devries", DEMO_PASSWORD, args, out, sizeof out);
}

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&ts, NULL))
        return -1;
    const char *args[] = {"demo-data", NULL};
    return ts_run_cli(&ts, "stagelijn-admin", "admin", TS_ADMIN_PASSWORD, args, out, sizeof out) ==
                   0
               ? 0
               : -1;
}

static int teardown(void **state)
{
    (void)state;
    return ts_teardown(&ts, NULL, 0);
}

static char whole[MAX_ROWS][37];
static size_t n_whole;

static void test_people_read_a_page_and_hear_of_the_rest(void **state)
{
    (void)state;
    const char *all[] = {"student", "list", NULL};
    assert_int_equal(coach(all, true), 0);
    n_whole = json_all(out, "id", whole, MAX_ROWS);
    assert_true(n_whole > 100); /* the demo school has more students than a page */
    char cut[64];
    snprintf(cut, sizeof cut, "\"cut\":{\"offset\":0,\"total\":%zu,\"server_cap\":0}", n_whole);
    assert_non_null(strstr(out, cut));

    /* With --ids people also see the row's id, by which the order is checked. */
    const char *all_ids[] = {"--ids", "student", "list", NULL};
    assert_int_equal(coach(all_ids, false), 0);
    assert_non_null(strstr(out, "(100)\n"));
    char more[128];
    snprintf(more, sizeof more, "rows 1 to 100 of %zu; %zu more: use --offset 100", n_whole,
             n_whole - 100);
    if (!strstr(out, more))
        fail_msg("no notice \"%s\" under the first page:\n%s", more, out);
    /* The first page holds the first 100 of the whole list, in its order. */
    const char *p = out;
    for (size_t i = 0; i < 100; i++) {
        const char *at = strstr(p, whole[i]);
        if (!at)
            fail_msg("row %zu (%s) is not where the whole list has it", i + 1, whole[i]);
        p = at + 36;
    }
    assert_null(strstr(p, whole[100]));

    const char *rest[] = {"--ids", "student", "list", "--offset", "100", NULL};
    assert_int_equal(coach(rest, false), 0);
    snprintf(more, sizeof more, "rows 101 to %zu of %zu\n", n_whole, n_whole);
    assert_non_null(strstr(out, more));
    assert_null(strstr(out, "more"));
    assert_null(strstr(out, whole[99]));
    p = out;
    for (size_t i = 100; i < n_whole; i++) {
        const char *at = strstr(p, whole[i]);
        if (!at)
            fail_msg("row %zu (%s) is missing on the second page", i + 1, whole[i]);
        p = at + 36;
    }
}

static void test_programs_ask_for_a_page(void **state)
{
    (void)state;
    const char *page[] = {"student", "list", "--limit", "5", "--offset", "3", NULL};
    assert_int_equal(coach(page, true), 0);
    char ids[8][37];
    assert_int_equal(json_all(out, "id", ids, 8), 5);
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(ids[i], whole[3 + i]);
    char cut[64];
    snprintf(cut, sizeof cut, "\"cut\":{\"offset\":3,\"total\":%zu,\"server_cap\":0}", n_whole);
    assert_non_null(strstr(out, cut));
    /* Past the end: no rows, and the total still told. */
    char past[16];
    snprintf(past, sizeof past, "%zu", n_whole + 7);
    const char *beyond[] = {"student", "list", "--offset", past, NULL};
    assert_int_equal(coach(beyond, false), 0);
    assert_non_null(strstr(out, "(0)\n"));
    char none[96];
    snprintf(none, sizeof none, "no rows from %zu on: the list has %zu", n_whole + 8, n_whole);
    assert_non_null(strstr(out, none));
}

static void test_paging_options_are_strict(void **state)
{
    (void)state;
    const char *bad[][8] = {
        {"student", "list", "--limit", "x"},
        {"student", "list", "--limit", "-1"},
        {"student", "list", "--limit", "1.5"},
        {"student", "list", "--offset", "10abc"},
        {"student", "list", "--offset"},
        {"caseload", "--limit", ""},
        {"student", "show", "--limit", "3"},
        {"notifications", "--offset", "3"},
        {"student", "list", "--limit", "99999999999"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        out[0] = '\0';
        int rc = coach(bad[i], false);
        if (rc != 2 || out[0])
            fail_msg("%s %s %s %s: exit %d, expected a usage error (2) and no output:\n%s",
                     bad[i][0], bad[i][1], bad[i][2], bad[i][3] ? bad[i][3] : "", rc, out);
    }
}

/* Every list command says where its rows lie, and people hear of what a page left out. */
static void test_every_list_says_when_it_was_cut(void **state)
{
    (void)state;
    static const struct {
        const char *prog, *user;
        const char *args[6];
    } lists[] = {
        {WS, "c.devries", {"placement", "list"}},
        {WS, "c.devries", {"visit", "plan"}},
        {WS, "c.devries", {"group", "sessions"}},
        {WS, "c.devries", {"company-visit", "list"}},
        {WS, "c.devries", {"sector", "list"}},
        {"stagelijn-kiosk", "pb.01", {"placement", "list"}},
        {"stagelijn-admin", "admin", {"user", "list"}},
        {"stagelijn-admin", "admin", {"class", "list"}},
        {"stagelijn-admin", "admin", {"company", "list"}},
    };
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        const char *args[10];
        size_t n = 0;
        for (; lists[i].args[n]; n++)
            args[n] = lists[i].args[n];
        args[n] = "--limit";
        args[n + 1] = "1";
        args[n + 2] = NULL;
        const char *pw = strcmp(lists[i].user, "admin") ? DEMO_PASSWORD : TS_ADMIN_PASSWORD;
        assert_int_equal(ts_run_cli(&ts, lists[i].prog, lists[i].user, pw, args, out, sizeof out),
                         0);
        const char *cut = strstr(out, "\"cut\":{\"offset\":0,\"total\":");
        if (!cut)
            fail_msg("%s %s: no cut in the reply:\n%.400s", lists[i].args[0],
                     lists[i].args[1] ? lists[i].args[1] : "", out);
        unsigned long total = strtoul(cut + strlen("\"cut\":{\"offset\":0,\"total\":"), NULL, 10);
        assert_true(total > 1); /* the demo school has more than one of each */
        assert_int_equal(
            ts_run_cli_human(&ts, lists[i].prog, lists[i].user, pw, args, out, sizeof out), 0);
        char more[96];
        snprintf(more, sizeof more, "rows 1 to 1 of %lu; %lu more: use --offset 1", total,
                 total - 1);
        if (!strstr(out, more))
            fail_msg("%s %s --limit 1: no \"%s\":\n%s", lists[i].args[0],
                     lists[i].args[1] ? lists[i].args[1] : "", more, out);
    }
}

/* The caseload orders by kind and due date, then by the student in Dutch name order (as the
 * student list), not by the bytes of the name. */
static void test_caseload_rows_of_a_day_in_name_order(void **state)
{
    (void)state;
    const char *cl[] = {"caseload", NULL};
    assert_int_equal(coach(cl, true), 0);
    static char json[OUT_MAX];
    memcpy(json, out, sizeof json);
    size_t ties = 0;
    const char *prev = NULL;
    char pkind[32] = "", pdue[16] = "", psid[37] = "";
    for (const char *p = json; (p = strstr(p, "{\"kind\":\"")) != NULL; p++) {
        char kind[32], due[16], sid[37];
        assert_true(ts_json_str(p, "kind", kind, sizeof kind));
        assert_true(ts_json_str(p, "due_date", due, sizeof due));
        assert_true(ts_json_str(p, "student_id", sid, sizeof sid));
        if (prev && !strcmp(kind, pkind) && !strcmp(due, pdue) && strcmp(sid, psid) != 0) {
            size_t a = n_whole, b = n_whole;
            for (size_t i = 0; i < n_whole; i++) {
                if (!strcmp(whole[i], psid))
                    a = i;
                if (!strcmp(whole[i], sid))
                    b = i;
            }
            if (a > b)
                fail_msg("caseload: %s before %s on %s (%s), against the name order", psid, sid,
                         due, kind);
            ties++;
        }
        prev = p;
        snprintf(pkind, sizeof pkind, "%s", kind);
        snprintf(pdue, sizeof pdue, "%s", due);
        snprintf(psid, sizeof psid, "%s", sid);
    }
    assert_true(ties > 0); /* the demo caseload has rows of one kind and day */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_people_read_a_page_and_hear_of_the_rest),
        cmocka_unit_test(test_programs_ask_for_a_page),
        cmocka_unit_test(test_paging_options_are_strict),
        cmocka_unit_test(test_every_list_says_when_it_was_cut),
        cmocka_unit_test(test_caseload_rows_of_a_day_in_name_order),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
