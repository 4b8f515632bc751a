/* The documents against a real stagelijnd, through the real client: the coach's visit plan
 * as an iCalendar file read back with libical, and the contract as a PDF turned back into
 * text with pdftotext, for a minor (with the parent/guardian's signature block) and an adult
 * (without), with Dutch names full of diacritics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libical/ical.h>

#include "harness.h"

#define SCHOOL "Praktijkschool Het Anker"
#define MINOR_LAST "van 't Hof-Çelik"
#define ADULT_LAST "Dijkstra-Ørsted"
#define COMPANY "Bakkerij Çelik & Zonen"

typedef struct {
    test_server ts;
    sl_client *admin, *coach;
    char dir[64];
    char minor_p[37], adult_p[37], draft_p[37];
} world;

static world W;

static int setup(void **state)
{
    (void)state;
    /* The sanitizer build's client programs: fontconfig's process-lifetime caches are not
     * leaks of ours (tests/integration/lsan-fonts.supp). */
    if (setenv("LSAN_OPTIONS", "suppressions=" SL_LSAN_FONTS, 1) != 0)
        return -1;
    if (!ts_start(&W.ts, "school_name = " SCHOOL "\n"))
        return -1;
    strcpy(W.dir, "/tmp/sl-documents-XXXXXX");
    if (!mkdtemp(W.dir))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    char coach_id[37], mentor_id[37], class_id[37], company[37], sup[37], minor[37], adult[37];
    const ts_company_spec co = {.name = COMPANY, .address = "Ĳsselkade 3", .city = "Zwolle"};
    const ts_student_spec ms = {
        .first_name = "Zoë", .last_name = MINOR_LAST, .date_of_birth = "2010-05-05"};
    const ts_student_spec as = {
        .first_name = "Noël", .last_name = ADULT_LAST, .date_of_birth = "2000-01-01"};
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, coach_id) ||
        !ts_create_user(W.admin, "mentor", 4, NULL, mentor_id) ||
        !ts_make_class(W.admin, "4A", 4, mentor_id, class_id) ||
        !ts_make_company(W.admin, &co, company) || !ts_create_user(W.admin, "sup", 5, company, sup))
        return -1;
    ts_student_spec m = ms, a = as;
    m.class_id = a.class_id = class_id;
    if (!ts_make_student(W.admin, &m, minor, NULL) || !ts_make_student(W.admin, &a, adult, NULL))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    if (!W.coach)
        return -1;
    char start[11], end[11];
    ts_monday(-28, start);
    ts_date(90, end);
    ts_placement_spec p = {.company_id = company,
                           .supervisor_id = sup,
                           .kind = STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR,
                           .start_date = start,
                           .end_date = end,
                           .n_days = 1,
                           .day_start = "09:00",
                           .day_end = "14:00",
                           .break_minutes = 30};
    p.student_id = minor;
    if (!ts_make_active_placement(W.coach, &p, TS_SIGN_MINOR, W.minor_p))
        return -1;
    p.student_id = adult;
    if (!ts_make_active_placement(W.coach, &p, TS_SIGN_ADULT, W.adult_p))
        return -1;
    /* A third student whose contract is still a draft (no signatures yet). */
    char draft[37];
    const ts_student_spec ds = {.first_name = "Ëlla",
                                .last_name = "d'Hooghe",
                                .class_id = class_id,
                                .date_of_birth = "2009-03-03"};
    p.student_id = draft;
    return ts_make_student(W.admin, &ds, draft, NULL) &&
                   ts_make_placement(W.coach, &p, SL_OK, W.draft_p)
               ? 0
               : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", W.dir);
    if (system(cmd) != 0)
        return -1;
    sl_client *all[] = {W.admin, W.coach};
    return ts_teardown(&W.ts, all, sizeof all / sizeof all[0]);
}

/* The whole file (caller frees). */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char buf[1 << 18];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strdup(buf);
}

/* ---------------------------------------------------------------- visit plan as iCalendar */

static icalcomponent *export_plan(const char *path)
{
    const char *args[] = {"visit", "plan", "--ical", path, NULL};
    char out[4096];
    assert_int_equal(
        ts_run_cli_human(&W.ts, "stagelijn", "coach", TS_PASSWORD, args, out, sizeof out), 0);
    assert_non_null(strstr(out, path));
    char *text = slurp(path);
    assert_non_null(strstr(text, "\r\n")); /* RFC 5545 line ends */
    icalcomponent *cal = icalparser_parse_string(text);
    free(text);
    assert_non_null(cal);
    assert_int_equal(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
    assert_string_equal(
        icalproperty_get_version(icalcomponent_get_first_property(cal, ICAL_VERSION_PROPERTY)),
        "2.0");
    return cal;
}

static void check_event(icalcomponent *ev, const char *placement, const char *student)
{
    char prefix[48];
    snprintf(prefix, sizeof prefix, "%s-", placement);
    assert_true(strncmp(icalcomponent_get_uid(ev), prefix, strlen(prefix)) == 0);
    assert_non_null(strstr(icalcomponent_get_summary(ev), student));
    assert_non_null(strstr(icalcomponent_get_summary(ev), COMPANY));
    assert_string_equal(icalcomponent_get_location(ev), "Ĳsselkade 3, Zwolle");
    struct icaltimetype s = icalcomponent_get_dtstart(ev), e = icalcomponent_get_dtend(ev);
    assert_true(s.is_date && !icaltime_is_null_time(s));
    assert_int_equal(icaltime_compare_date_only(e, s), 1);
    icalproperty *stamp = icalcomponent_get_first_property(ev, ICAL_DTSTAMP_PROPERTY);
    assert_non_null(stamp);
    assert_true(icaltime_is_utc(icalproperty_get_dtstamp(stamp)));
}

static void test_visit_plan_ical(void **state)
{
    (void)state;
    char path[96], uids[2][160];
    snprintf(path, sizeof path, "%s/plan.ics", W.dir);
    for (int round = 0; round < 2; round++) {
        icalcomponent *cal = export_plan(path);
        assert_int_equal(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 2);
        int seen_minor = 0, seen_adult = 0, i = 0;
        for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
             ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT), i++) {
            const char *uid = icalcomponent_get_uid(ev);
            if (strstr(icalcomponent_get_summary(ev), "Zoë")) {
                check_event(ev, W.minor_p, "Zoë " MINOR_LAST);
                seen_minor++;
            } else {
                check_event(ev, W.adult_p, "Noël " ADULT_LAST);
                seen_adult++;
            }
            /* A second export keeps every visit's UID: a calendar updates, not duplicates. */
            if (round == 0)
                snprintf(uids[i], sizeof uids[i], "%s", uid);
            else
                assert_true(!strcmp(uids[0], uid) || !strcmp(uids[1], uid));
        }
        assert_int_equal(seen_minor, 1);
        assert_int_equal(seen_adult, 1);
        assert_string_not_equal(uids[0], uids[1]);
        icalcomponent_free(cal);
    }
    /* A file that cannot be written is a clear error. */
    const char *bad[] = {"visit", "plan", "--ical", "/nonexistent-dir/plan.ics", NULL};
    char out[1024];
    assert_int_not_equal(
        ts_run_cli_human(&W.ts, "stagelijn", "coach", TS_PASSWORD, bad, out, sizeof out), 0);
}

/* ---------------------------------------------------------------- contract as PDF */

/* The PDF of a placement's contract as text (pdftotext), caller frees. */
static char *contract_pdf_text(const char *placement, const char *name)
{
    char path[96], txt[112], cmd[320];
    snprintf(path, sizeof path, "%s/%s.pdf", W.dir, name);
    snprintf(txt, sizeof txt, "%s/%s.txt", W.dir, name);
    const char *args[] = {"contract", "print", "--placement", placement, "--pdf", path, NULL};
    char out[4096];
    assert_int_equal(
        ts_run_cli_human(&W.ts, "stagelijn", "coach", TS_PASSWORD, args, out, sizeof out), 0);
    char *pdf = slurp(path);
    assert_true(strncmp(pdf, "%PDF-", 5) == 0);
    free(pdf);
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s %s", path, txt);
    assert_int_equal(system(cmd), 0);
    return slurp(txt);
}

/* Every field ts_contract_fill writes and the signers' names; of a draft (its own learning
 * activities, no signatures yet) the rest. */
static void check_contract_fields(const char *t, bool draft)
{
    static const char *const fields[] = {
        SCHOOL,
        "Stageovereenkomst",
        "artikel 35",
        COMPANY,
        "Ĳsselkade 3",
        "Zwolle",
        "Vakken vullen, klanten helpen, kassa bijhouden onder toezicht.",
        "Hoofdvestiging, Dorpsstraat 1",
        "Magazijn, Kade 4",
        "Stagebegeleider bezoekt elke 3 weken; praktijkbegeleider dagelijks.",
        "De praktijkbegeleider beoordeelt per periode en aan het eind.",
        "De inspectie kan de stageplaats na aanmelding bezoeken.",
        "Schoolverzekering",
        "Aansprakelijkheidsverzekering van het bedrijf",
        "De school",
        "maandag",
        "4:30",
        "Namens de school",
        "Namens het stagebedrijf",
        "De leerling",
        "A. Signer"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (draft &&
            (strncmp(fields[i], "Vakken vullen", 13) == 0 || strcmp(fields[i], "A. Signer") == 0))
            continue;
        if (!strstr(t, fields[i]))
            fail_msg("the PDF lacks \"%s\":\n%s", fields[i], t);
    }
}

static void test_contract_pdf(void **state)
{
    (void)state;
    char *minor = contract_pdf_text(W.minor_p, "minor");
    check_contract_fields(minor, false);
    assert_non_null(strstr(minor, "Zoë " MINOR_LAST));
    assert_non_null(strstr(minor, "Ouder/verzorger"));
    free(minor);

    char *adult = contract_pdf_text(W.adult_p, "adult");
    check_contract_fields(adult, false);
    assert_non_null(strstr(adult, "Noël " ADULT_LAST));
    assert_null(strstr(adult, "Ouder/verzorger"));
    free(adult);

    /* Refusals: no file name, both outputs, an unwritable file. */
    char out[1024];
    const char *empty[] = {"contract", "print", "--placement", W.minor_p, "--pdf", "", NULL};
    assert_int_equal(
        ts_run_cli_human(&W.ts, "stagelijn", "coach", TS_PASSWORD, empty, out, sizeof out), 2);
    const char *bad[] = {
        "contract", "print", "--placement", W.minor_p, "--pdf", "/nonexistent-dir/c.pdf", NULL};
    assert_int_not_equal(
        ts_run_cli_human(&W.ts, "stagelijn", "coach", TS_PASSWORD, bad, out, sizeof out), 0);
}

/* Saves the draft contract with learning activities of n numbered sentences. */
static void save_draft(int n)
{
    static char activities[16384];
    size_t len = 0;
    activities[0] = '\0';
    for (int i = 1; i <= n; i++)
        len += (size_t)snprintf(activities + len, sizeof activities - len,
                                "Taak%03d: bestellingen controleren en de koelcel bijhouden. ", i);
    assert_true(len < sizeof activities - 1);
    Stagelijn__V1__Contract c;
    ts_contract_fill(&c, W.draft_p);
    c.learning_activities = activities;
    Stagelijn__V1__SaveContractRequest sc = STAGELIJN__V1__SAVE_CONTRACT_REQUEST__INIT;
    sc.contract = &c;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_CONTRACT;
    req.save_contract = &sc;
    assert_int_equal(ts_send(W.coach, &req, NULL), SL_OK);
}

/* A contract with a long text: it wraps, runs over more than one page, loses no word, and no
 * signature block is split over two pages, whatever the length pushes onto the page's end;
 * unsigned, each block has lines to sign on. */
static void test_contract_pdf_long_text(void **state)
{
    (void)state;
    for (int n = 60; n <= 150; n += 3) {
        save_draft(n);
        char *t = contract_pdf_text(W.draft_p, "draft");
        check_contract_fields(t, true);
        assert_non_null(strstr(t, "CONCEPT"));
        assert_non_null(strstr(t, "Ëlla d'Hooghe"));
        assert_non_null(strstr(t, "Ouder/verzorger"));
        for (int i = 1; i <= n; i++) {
            char word[16];
            snprintf(word, sizeof word, "Taak%03d:", i);
            if (!strstr(t, word))
                fail_msg("the PDF of %d sentences lost \"%s\"", n, word);
        }
        int pages = 0;
        for (const char *f = strchr(t, '\f'); f; f = strchr(f + 1, '\f'))
            pages++;
        assert_true(pages >= 2);
        const char *heading = strstr(t, "Ondertekening");
        assert_non_null(heading);
        const char *first_block = strstr(heading, "Namens de school");
        if (!first_block || (strchr(heading, '\f') && strchr(heading, '\f') < first_block))
            fail_msg("%d sentences: \"Ondertekening\" stands alone at a page's end", n);
        static const char *const blocks[] = {"Namens de school", "Namens het stagebedrijf",
                                             "De leerling\n", "Ouder/verzorger"};
        for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++) {
            const char *b = strstr(t, blocks[i]);
            assert_non_null(b);
            const char *sign = strstr(b, "Handtekening");
            const char *page_end = strchr(b, '\f');
            assert_non_null(sign);
            if (!page_end || sign > page_end)
                fail_msg("%d sentences: the block \"%s\" is split over two pages", n, blocks[i]);
            assert_non_null(strstr(b, "______"));
        }
        free(t);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_visit_plan_ical),
        cmocka_unit_test(test_contract_pdf),
        cmocka_unit_test(test_contract_pdf_long_text),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
