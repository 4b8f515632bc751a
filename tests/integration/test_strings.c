/* The daemon's check of every string field against a real stagelijnd: a request whose text is
 * not valid UTF-8, holds a NUL or a control character (terminal escapes) is answered with
 * INVALID_ARGUMENT naming the field, the connection stays usable and nothing is stored. Bytes
 * the generated structs cannot carry (NUL) are patched into the packed frame and sent raw. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define ENV(var) sl_envelope var = STAGELIJN__V1__ENVELOPE__INIT

typedef struct {
    test_server ts;
    sl_client *admin, *coach;
    char class_id[37], company[37], supervisor[37], student[37], placement[37];
} world;

static world W;

static int setup(void **state)
{
    (void)state;
    if (!ts_start(&W.ts, NULL))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char coach[37];
    const ts_company_spec winkel = {.name = "Winkel A",
                                    .address = "Dorpsstraat 1",
                                    .city = "Utrecht",
                                    .places = 5,
                                    .supervision_capacity = 5};
    const ts_student_spec eva = {.first_name = "Eva",
                                 .last_name = "Jansen",
                                 .class_id = W.class_id,
                                 .date_of_birth = "2006-02-02"};
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, coach) ||
        !ts_make_class(W.admin, "A", 4, NULL, W.class_id) ||
        !ts_make_company(W.admin, &winkel, W.company) ||
        !ts_create_user(W.admin, "sup-a", 5, W.company, W.supervisor) ||
        !ts_make_student(W.admin, &eva, W.student, NULL))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    if (!W.coach)
        return -1;
    char start[11], end[11];
    ts_monday(-35, start);
    ts_date(90, end);
    const ts_placement_spec spec = {.student_id = W.student,
                                    .company_id = W.company,
                                    .supervisor_id = W.supervisor,
                                    .kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR,
                                    .start_date = start,
                                    .end_date = end,
                                    .n_days = 3,
                                    .day_start = "09:00",
                                    .day_end = "15:30",
                                    .break_minutes = 30};
    return ts_make_placement(W.coach, &spec, SL_OK, W.placement) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *all[] = {W.admin, W.coach};
    return ts_teardown(&W.ts, all, sizeof all / sizeof all[0]);
}

/* ---------------------------------------------------------------- helpers */

/* Asserts that `rep` is an INVALID_ARGUMENT error with exactly `message`. */
static void expect_refusal(const sl_envelope *rep, const char *message)
{
    assert_non_null(rep);
    assert_int_equal(rep->body_case, STAGELIJN__V1__ENVELOPE__BODY_ERROR);
    assert_int_equal(rep->error->code, STAGELIJN__V1__ERROR_CODE__ERROR_INVALID_ARGUMENT);
    assert_string_equal(rep->error->message, message);
}

/* Sends `req` through the client library and expects the refusal `message`. */
static void call_refused(sl_client *c, sl_envelope *req, const char *message)
{
    sl_envelope *rep = NULL;
    assert_int_equal(ts_send(c, req, &rep), SL_EINVAL);
    expect_refusal(rep, message);
    sl_envelope_free(rep);
}

/* Packs `req`, overwrites the first `marker` in the frame with the same number of bytes from
 * `with` (which may hold NULs), sends it raw and returns the reply (caller frees). */
static sl_envelope *send_patched(sl_client *c, sl_envelope *req, const char *marker,
                                 const char *with)
{
    req->request_id = 9001;
    size_t len = 0;
    uint8_t *frame = sl_envelope_pack_frame(req, SL_FRAME_DEFAULT_MAX, &len);
    assert_non_null(frame);
    size_t n = strlen(marker);
    uint8_t *at = NULL;
    for (size_t i = SL_FRAME_HEADER_LEN; i + n <= len && !at; i++)
        if (memcmp(frame + i, marker, n) == 0)
            at = frame + i;
    assert_non_null(at);
    memcpy(at, with, n);
    assert_int_equal(sl_client_send_raw(c, frame, len), SL_OK);
    free(frame);
    sl_envelope *rep = NULL;
    assert_int_equal(sl_client_read_envelope(c, 5000, &rep), SL_OK);
    assert_int_equal(rep->request_id, 9001);
    return rep;
}

static sl_status create_partner(sl_client *c, const char *name, const char *contact,
                                sl_envelope **out)
{
    Stagelijn__V1__Partner p = STAGELIJN__V1__PARTNER__INIT;
    p.name = (char *)name;
    p.kind = "municipality";
    p.contact = (char *)contact;
    Stagelijn__V1__CreatePartnerRequest cp = STAGELIJN__V1__CREATE_PARTNER_REQUEST__INIT;
    cp.partner = &p;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_PARTNER;
    req.create_partner = &cp;
    return ts_send(c, &req, out);
}

/* ---------------------------------------------------------------- tests */

/* The case: a partner name with the bytes FF FE C3. */
static void test_partner_name_not_utf8(void **state)
{
    (void)state;
    long before = ts_count_rows(&W.ts, "partners");
    sl_envelope *rep = NULL;
    assert_int_equal(create_partner(W.admin, "\xFF\xFE\xC3", "", &rep), SL_EINVAL);
    expect_refusal(rep, "create_partner.partner.name: not valid UTF-8");
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "partners"), before);

    /* The same connection goes on; Dutch text with diacritics and an emoji is fine. */
    assert_int_equal(
        create_partner(W.admin, "Gemeente Één 🏛", "Mevr. Öztürk\n010-1234567", NULL), SL_OK);
    assert_int_equal(ts_count_rows(&W.ts, "partners"), before + 1);
}

/* A string field directly in the request, holding an OSC terminal escape. */
static void test_class_name_escape(void **state)
{
    (void)state;
    long before = ts_count_rows(&W.ts, "classes");
    Stagelijn__V1__CreateClassRequest cc = STAGELIJN__V1__CREATE_CLASS_REQUEST__INIT;
    cc.name = "Klas \x1B]0;gehackt\x07";
    cc.school_year = 3;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_CLASS;
    req.create_class = &cc;
    call_refused(W.admin, &req, "create_class.name: contains a control character U+001B");
    /* A C1 control (CSI as one character) and DEL are refused alike. */
    cc.name = "Klas \xC2\x9B"
              "2J";
    call_refused(W.admin, &req, "create_class.name: contains a control character U+009B");
    cc.name = "Klas\x7F";
    call_refused(W.admin, &req, "create_class.name: contains a control character U+007F");
    assert_int_equal(ts_count_rows(&W.ts, "classes"), before);
}

/* protobuf-c would keep only "before" of "before\0after": the daemon refuses instead. */
static void test_nul_in_the_middle(void **state)
{
    (void)state;
    long before = ts_count_rows(&W.ts, "partners");
    Stagelijn__V1__Partner p = STAGELIJN__V1__PARTNER__INIT;
    p.name = "Jeugdloket Noord";
    p.kind = "youth_desk";
    p.contact = "before@after";
    Stagelijn__V1__CreatePartnerRequest cp = STAGELIJN__V1__CREATE_PARTNER_REQUEST__INIT;
    cp.partner = &p;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_PARTNER;
    req.create_partner = &cp;
    sl_envelope *rep = send_patched(W.admin, &req, "before@after", "before\0after");
    expect_refusal(rep, "create_partner.partner.contact: contains a NUL byte");
    sl_envelope_free(rep);
    assert_int_equal(ts_count_rows(&W.ts, "partners"), before);

    /* Still connected, still logged in. */
    assert_int_equal(create_partner(W.admin, "Jeugdloket Noord", "before and after", NULL), SL_OK);
    assert_int_equal(ts_count_rows(&W.ts, "partners"), before + 1);
}

/* A repeated string inside a nested message: the path numbers the occurrence. */
static void test_contract_location(void **state)
{
    (void)state;
    assert_int_equal(ts_count_rows(&W.ts, "contracts"), 0);
    Stagelijn__V1__Contract c;
    ts_contract_fill(&c, W.placement);
    char *locations[] = {"Hoofdvestiging, Dorpsstraat 1", "Mag@zijn, Kade 4"};
    c.locations = locations;
    c.n_locations = 2;
    Stagelijn__V1__SaveContractRequest sc = STAGELIJN__V1__SAVE_CONTRACT_REQUEST__INIT;
    sc.contract = &c;
    ENV(req);
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_CONTRACT;
    req.save_contract = &sc;

    sl_envelope *rep = send_patched(W.coach, &req, "Mag@zijn", "Mag\0zijn");
    expect_refusal(rep, "save_contract.contract.locations[1]: contains a NUL byte");
    sl_envelope_free(rep);

    locations[1] = "Magazijn \xED\xA0\x80"; /* a UTF-16 surrogate written as UTF-8 */
    call_refused(W.coach, &req, "save_contract.contract.locations[1]: not valid UTF-8");
    locations[1] = "Magazijn, Kade 4";
    locations[0] = "Hoofdvestiging\r\nDorpsstraat 1";
    call_refused(W.coach, &req,
                 "save_contract.contract.locations[0]: contains a control character U+000D");
    assert_int_equal(ts_count_rows(&W.ts, "contracts"), 0);

    /* The same contract with clean text is saved. */
    locations[0] = "Hoofdvestiging, Dorpsstraat 1";
    assert_int_equal(ts_send(W.coach, &req, NULL), SL_OK);
    assert_int_equal(ts_count_rows(&W.ts, "contracts"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_partner_name_not_utf8),
        cmocka_unit_test(test_class_name_escape),
        cmocka_unit_test(test_nul_in_the_middle),
        cmocka_unit_test(test_contract_location),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
