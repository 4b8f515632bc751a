/* Lists cut by the server's row cap say so (labels): req_list_cap keeps the first `cap` rows
 * of a list read one row past its cap and records the cap; listpage_apply carries it in the
 * reply's cut beside the page, and gives a reply that is not a plain list a cut holding only
 * the cap. A whole list, an error and a reply without a cap get no cap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "dispatch.h"
#include "listpage.h"

#define ROWS 7

static Stagelijn__V1__Partner partners[ROWS];
static Stagelijn__V1__Partner *rows[ROWS];

/* A ListPartners reply of ROWS rows in out. */
static void partner_list(Stagelijn__V1__Envelope *out, Stagelijn__V1__ListPartnersReply *rep)
{
    stagelijn__v1__envelope__init(out);
    stagelijn__v1__list_partners_reply__init(rep);
    for (size_t i = 0; i < ROWS; i++) {
        stagelijn__v1__partner__init(&partners[i]);
        rows[i] = &partners[i];
    }
    rep->partners = rows;
    rep->n_partners = ROWS;
    out->body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_PARTNERS_REPLY;
    out->list_partners_reply = rep;
}

static void test_rows_past_the_cap_are_dropped_and_recorded(void **state)
{
    (void)state;
    request r = {0};
    assert_int_equal(req_list_cap(&r, 5, 5), 5);
    assert_int_equal(r.list_cap, 0); /* exactly the cap: the list is whole */
    assert_int_equal(req_list_cap(&r, 0, 5), 0);
    assert_int_equal(r.list_cap, 0);
    assert_int_equal(req_list_cap(&r, 6, 5), 5);
    assert_int_equal(r.list_cap, 5);
}

static void test_the_cut_carries_the_cap_beside_the_page(void **state)
{
    (void)state;
    sl_arena *arena = sl_arena_new();
    assert_non_null(arena);
    Stagelijn__V1__Envelope out;
    Stagelijn__V1__ListPartnersReply rep;
    partner_list(&out, &rep);
    Stagelijn__V1__ListPage page = STAGELIJN__V1__LIST_PAGE__INIT;
    page.limit = 2;
    page.offset = 3;
    listpage_apply(&page, 7, &out, arena);
    assert_non_null(out.cut);
    assert_int_equal(out.cut->offset, 3);
    assert_int_equal(out.cut->total, ROWS);
    assert_int_equal(out.cut->server_cap, 7);
    assert_int_equal(rep.n_partners, 2);
    assert_ptr_equal(rep.partners[0], &partners[3]);

    partner_list(&out, &rep);
    listpage_apply(NULL, 0, &out, arena);
    assert_non_null(out.cut);
    assert_int_equal(out.cut->total, ROWS);
    assert_int_equal(out.cut->server_cap, 0);
    assert_int_equal(rep.n_partners, ROWS);
    sl_arena_free(arena);
}

static void test_a_reply_that_is_no_plain_list(void **state)
{
    (void)state;
    sl_arena *arena = sl_arena_new();
    assert_non_null(arena);
    Stagelijn__V1__Envelope out = STAGELIJN__V1__ENVELOPE__INIT;
    Stagelijn__V1__HourTotals totals = STAGELIJN__V1__HOUR_TOTALS__INIT;
    out.body_case = STAGELIJN__V1__ENVELOPE__BODY_HOUR_TOTALS;
    out.hour_totals = &totals;
    listpage_apply(NULL, 0, &out, arena);
    assert_null(out.cut); /* whole: nothing to say */
    listpage_apply(NULL, 200, &out, arena);
    assert_non_null(out.cut);
    assert_int_equal(out.cut->server_cap, 200);
    assert_int_equal(out.cut->total, 0);

    Stagelijn__V1__Envelope err = STAGELIJN__V1__ENVELOPE__INIT;
    Stagelijn__V1__Error e = STAGELIJN__V1__ERROR__INIT;
    err.body_case = STAGELIJN__V1__ENVELOPE__BODY_ERROR;
    err.error = &e;
    listpage_apply(NULL, 200, &err, arena);
    assert_null(err.cut);
    sl_arena_free(arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_past_the_cap_are_dropped_and_recorded),
        cmocka_unit_test(test_the_cut_carries_the_cap_beside_the_page),
        cmocka_unit_test(test_a_reply_that_is_no_plain_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
