/* The server's English sentences (a rule's details, a caseload item's detail, an event's
 * summary) worded again in Dutch by the clients, from the built catalogue: the most specific
 * format that fits, fixed words and hours translated, anything unknown left as it is. */
#include <libintl.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

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

static void says(const char *english, const char *dutch)
{
    char out[512];
    assert_string_equal(wording_server_text(english, out, sizeof out), dutch);
}

static void test_rule_details_in_dutch(void **state)
{
    (void)state;
    says("2027-02-01: 9:30 h worked", "2027-02-01: 9:30 u gewerkt");
    /* The specific format wins over "%s: %s worked". */
    says("week of 2027-02-01: 41:00 h worked", "week van 2027-02-01: 41:00 u gewerkt");
    says("aged 14 on 2027-02-01", "14 jaar op 2027-02-01");
    says("2027-02-01 morning: 5 of 5 places taken", "2027-02-01 ochtend: 5 van 5 plaatsen bezet");
    says("missing: accident insurer, premium payer",
         "ontbreekt: ongevallenverzekeraar, premiebetaler");
    says("due 2026-11-05, 25 days overdue", "gepland 2026-11-05, 25 dagen te laat");
}

static void test_caseload_and_events_in_dutch(void **state)
{
    (void)state;
    says("individual I internship, 2026-09-07 to 2027-01-29",
         "stage individueel 1, 2026-09-07 tot 2027-01-29");
    says("overdue; last visit none yet", "te laat; laatste bezoek nog geen");
    says("interim assessment of period 2 missing",
         "tussentijdse beoordeling van periode 2 ontbreekt");
    says("placement contract_drafted", "stage contract opgesteld");
    says("dropout on 2026-11-30, reported by coach",
         "uitval op 2026-11-30, gemeld door stagebegeleider");
}

static void test_dossier_in_dutch(void **state)
{
    (void)state;
    says("agenda week: 17:30 h worked, signed by the supervisor, not yet signed off",
         "agendaweek: 17:30 u gewerkt, getekend door de praktijkbegeleider, nog niet afgetekend");
    says("interim assessment (period 2): verdict positive; persoonlijk 4, arbeid 3, sociaal 4, "
         "onderzoek 3, leren 4",
         "tussentijdse beoordeling (periode 2): oordeel positief; persoonlijk 4, arbeid 3, "
         "sociaal 4, onderzoek 3, leren 4");
    /* The optional part is a format of its own: the longer one wins. */
    says("aftercare contact with employer: still in the destination, referred to a partner",
         "nazorgcontact met werkgever: nog op de bestemming, doorverwezen naar een partner");
    says("individual I internship at Bakkerij De Korst, 2026-09-07 to 2027-01-29: ended early",
         "stage individueel 1 bij Bakkerij De Korst, 2026-09-07 tot 2027-01-29: voortijdig "
         "beëindigd");
}

static void test_unknown_text_stays(void **state)
{
    (void)state;
    /* Text no format fits (a word where the format has a number) is left as the server sent
     * it; a parameter the client has no word for stays as sent inside the Dutch sentence. */
    says("aged fourteen", "aged fourteen");
    says("the moon is made of cheese", "the moon is made of cheese");
    says("placement teleported", "stage teleported");
    says("", "");
}

static void test_violation_details(void **state)
{
    (void)state;
    Stagelijn__V1__RuleViolation v = STAGELIJN__V1__RULE_VIOLATION__INIT;
    char *params[] = {"2027-02-07: 3:00 h worked"};
    v.rule_id = "LAW_MINOR_MAX_DAY_14_15";
    v.message = "summary";
    v.params = params;
    v.n_params = 1;
    char out[512];
    wording_violation(&v, out, sizeof out);
    assert_non_null(strstr(out, "(2027-02-07: 3:00 u gewerkt)"));
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
        if (f->type == PROTOBUF_C_TYPE_BYTES)
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
        cmocka_unit_test(test_caseload_and_events_in_dutch),
        cmocka_unit_test(test_dossier_in_dutch),
        cmocka_unit_test(test_unknown_text_stays),
        cmocka_unit_test(test_violation_details),
        cmocka_unit_test(test_every_shown_field_has_a_label),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
