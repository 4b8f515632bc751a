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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_details_in_dutch),
        cmocka_unit_test(test_caseload_and_events_in_dutch),
        cmocka_unit_test(test_dossier_in_dutch),
        cmocka_unit_test(test_unknown_text_stays),
        cmocka_unit_test(test_violation_details),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
