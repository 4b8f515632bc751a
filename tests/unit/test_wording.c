/* The server's text for people sent as detail codes with raw parameters (a rule's details, a
 * caseload item's detail, an event's and a dossier entry's summary) rendered in Dutch by the
 * clients from the built catalogue: durations as H:MM, dates as sent, stable words and fixed
 * words translated, the English text only for a code the client does not know. */
#include <libintl.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "output.h"
#include "wording.h"

static int setup(void **state)
{
    (void)state;
    /* As the programs do on a machine without a Dutch locale (client/cli.c). */
    setenv("LANGUAGE", "nl", 1);
    if (!setlocale(LC_ALL, "C.UTF-8"))
        return -1;
    bindtextdomain("stagelijn", SL_BUILD_DIR "/locale");
    bind_textdomain_codeset("stagelijn", "UTF-8");
    textdomain("stagelijn");
    return 0;
}

/* Text sent as a code with raw parameters, rendered in Dutch. */
static void renders(const char *code, const char *p0, const char *p1, const char *p2,
                    const char *p3, const char *dutch)
{
    char *params[] = {(char *)p0, (char *)p1, (char *)p2, (char *)p3};
    size_t n = p3 ? 4 : p2 ? 3 : p1 ? 2 : p0 ? 1 : 0;
    char out[512];
    assert_string_equal(wording_coded(code, params, n, "English fallback", out, sizeof out), dutch);
}

static void test_rule_details_in_dutch(void **state)
{
    (void)state;
    /* A duration in minutes as H:MM (never rounded: 20:59 is not 21:00), a date as sent. */
    renders("det_day_worked", "2027-02-01", "570", NULL, NULL, "2027-02-01: 9:30 u gewerkt");
    renders("det_week_worked", "2027-02-01", "2460", NULL, NULL,
            "week van 2027-02-01: 41:00 u gewerkt");
    renders("det_week_average", "1259", NULL, NULL, NULL, "20:59 u per week gemiddeld");
    renders("det_aged_on", "14", "2027-02-01", NULL, NULL, "14 jaar op 2027-02-01");
    /* A stable word (the day part) and a list of fixed words translated. */
    renders("det_places_taken", "2027-02-01", "morning", "5", "5",
            "2027-02-01 ochtend: 5 van 5 plaatsen bezet");
    renders("det_missing", "accident insurer, premium payer", NULL, NULL, NULL,
            "ontbreekt: ongevallenverzekeraar, premiebetaler");
    renders("det_days_overdue", "2026-11-05", "25", NULL, NULL,
            "gepland 2026-11-05, 25 dagen te laat");
    /* A negative duration keeps its sign. */
    renders("det_course_share", "-90", "600", NULL, NULL, "-1:30 u / 10:00 u");
}

static void test_unknown_code_falls_back(void **state)
{
    (void)state;
    /* Only a code this client does not know shows the server's English. */
    renders("det_from_a_newer_server", "1", NULL, NULL, NULL, "English fallback");
    renders("", NULL, NULL, NULL, NULL, "English fallback");
    /* A missing parameter is shown as "?", never read from beyond the array. */
    renders("det_aged_on", "14", NULL, NULL, NULL, "14 jaar op ?");
}

static void test_caseload_and_events_in_dutch(void **state)
{
    (void)state;
    /* The placement kind as its stable word, translated as the clients show kinds. */
    renders("det_cl_intern", "individual_1", "2026-09-07", "2027-01-29", NULL,
            "stage individueel-1, 2026-09-07 tot 2027-01-29");
    renders("det_cl_visit_due", "overdue", "none yet", NULL, NULL,
            "te laat; laatste bezoek nog geen");
    renders("det_cl_visit_due", "due", "2026-10-01", NULL, NULL,
            "te doen; laatste bezoek 2026-10-01");
    renders("det_cl_interim_missing", "2", NULL, NULL, NULL,
            "tussentijdse beoordeling van periode 2 ontbreekt");
    renders("det_cl_dropout_step_overdue", "company_contact", NULL, NULL, NULL,
            "uitval: volgende stap bedrijf; te laat");
    renders("det_cl_risk", "7", "RISK_ABSENCE +4, RISK_RATING_LOW +3", NULL, NULL,
            "vroegsignalering uitval: 7 punten (afwezigheid +4, lage beoordeling +3)");
    renders("det_ev_placement_status", "contract_drafted", NULL, NULL, NULL,
            "stage overeenkomst-opgesteld");
    renders("det_ev_dropout", "2026-11-30", "coach", NULL, NULL,
            "uitval op 2026-11-30, gemeld door stagebegeleider");
    renders("det_ev_absence", "sick", "2026-11-30", "2026-12-01", NULL,
            "afwezigheid (ziek) 2026-11-30 tot 2026-12-01");
}

static void test_dossier_in_dutch(void **state)
{
    (void)state;
    /* Minutes as H:MM and a fixed word. */
    renders("det_ds_agenda", "1050", "signed by the supervisor, not yet signed off", NULL, NULL,
            "agendaweek: 17:30 u gewerkt, getekend door de praktijkbegeleider, nog niet "
            "afgetekend");
    renders("det_ds_aftercare_referred", "employer", "still in the destination", NULL, NULL,
            "nazorgcontact met werkgever: nog op de bestemming, doorverwezen naar een partner");
    renders("det_ds_year3_sector", "masterpiece", "Bakkerij De Korst", "positive", "Zorg",
            "meesterproef door Bakkerij De Korst: positief, sector Zorg");
    renders("det_ds_dropout_step", "conversation", NULL, NULL, NULL, "uitvalprocedure: gesprek");
    /* A name that is no fixed word stays as sent inside the Dutch sentence. */
    renders("det_ds_visit", "Bakkerij De Korst", NULL, NULL, NULL,
            "bezoek van de stagebegeleider bij Bakkerij De Korst");
}

static void test_violation_details(void **state)
{
    (void)state;
    Stagelijn__V1__RuleViolation v = STAGELIJN__V1__RULE_VIOLATION__INIT;
    char *details[] = {"2027-02-07", "180"};
    char *english[] = {"2027-02-07: 3:00 h worked"};
    v.rule_id = "LAW_MINOR_MAX_DAY_14_15";
    v.message = "English summary (2027-02-07: 3:00 h worked)";
    v.params = english;
    v.n_params = 1;
    v.detail_code = "det_day_worked";
    v.detail_params = details;
    v.n_detail_params = 2;
    char out[512];
    wording_violation(&v, out, sizeof out);
    assert_non_null(strstr(out, "(2027-02-07: 3:00 u gewerkt)"));
    assert_null(strstr(out, "English"));
    /* A detail code from a newer server: the server's English as a whole. */
    v.detail_code = "det_from_a_newer_server";
    assert_string_equal(wording_violation(&v, out, sizeof out), v.message);
    /* Details stored as English only: the rule in Dutch, no English words after it. */
    v.detail_code = "";
    v.n_detail_params = 0;
    wording_violation(&v, out, sizeof out);
    assert_null(strstr(out, "English"));
    assert_null(strstr(out, "worked"));
    assert_non_null(strstr(out, "14"));
}

/* labels: every field a reply can show a person (every field of every message reachable from
 * an Envelope body that is not a request, nested messages included) has a label, and under
 * Dutch the label is a translation, not the field's name. Fails for a field added to a reply
 * without its line in client/wording.c field_labels and client/po/nl.po. */
static size_t unlabelled(const ProtobufCMessageDescriptor *d,
                         const ProtobufCMessageDescriptor **seen, size_t *n_seen, size_t max_seen)
{
    for (size_t i = 0; i < *n_seen; i++)
        if (seen[i] == d)
            return 0;
    assert_true(*n_seen < max_seen);
    seen[(*n_seen)++] = d;
    size_t missing = 0;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type == PROTOBUF_C_TYPE_BYTES || !output_field_shown(d, f))
            continue; /* never shown to people */
        const char *l = wording_field_label(d, f->name);
        if (!l || strcmp(l, f->name) == 0) {
            print_message("%s.%s has no Dutch label\n", d->short_name, f->name);
            missing++;
        }
        if (f->type == PROTOBUF_C_TYPE_MESSAGE)
            missing += unlabelled(f->descriptor, seen, n_seen, max_seen);
    }
    return missing;
}

static void test_every_shown_field_has_a_label(void **state)
{
    (void)state;
    const ProtobufCMessageDescriptor *env = &stagelijn__v1__envelope__descriptor, *seen[512];
    size_t n_seen = 0, missing = 0;
    for (unsigned i = 0; i < env->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &env->fields[i];
        const ProtobufCMessageDescriptor *d = f->descriptor;
        size_t len = f->type == PROTOBUF_C_TYPE_MESSAGE ? strlen(d->short_name) : 0;
        /* Requests are typed by people, not shown to them; so are a page and a greeting. */
        if (len == 0 || (len > 7 && strcmp(d->short_name + len - 7, "Request") == 0) ||
            d == &stagelijn__v1__list_page__descriptor || d == &stagelijn__v1__hello__descriptor)
            continue;
        missing += unlabelled(d, seen, &n_seen, sizeof seen / sizeof seen[0]);
    }
    assert_int_equal(missing, 0);
    assert_true(n_seen > 100);
    /* One field name, two meanings: the message's own label wins. */
    assert_string_equal(wording_field_label(&stagelijn__v1__student__descriptor, "first_name"),
                        "Voornaam");
    assert_string_equal(
        wording_field_label(&stagelijn__v1__import_row_outcome__descriptor, "action"), "Actie");
    assert_string_equal(
        wording_field_label(&stagelijn__v1__dropout_case_step__descriptor, "action"), "Stap");
    assert_null(wording_field_label(&stagelijn__v1__student__descriptor, "no_such_field"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_details_in_dutch),
        cmocka_unit_test(test_unknown_code_falls_back),
        cmocka_unit_test(test_caseload_and_events_in_dutch),
        cmocka_unit_test(test_dossier_in_dutch),
        cmocka_unit_test(test_violation_details),
        cmocka_unit_test(test_every_shown_field_has_a_label),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
