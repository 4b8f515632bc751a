/* Workstation commands of this family; see ws_commands.h. Kiosk PINs (issue 8): a coach sets
 * an intern's PIN; the admin program uses the same command. And the student named the way a
 * person types it (a name, a user name or an id), shared with the kiosk's commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ids.h"
#include "termtext.h"
#include "ws_commands.h"

int ws_student_lookup(cli_ctx *ctx, const char *who, char id[SL_ID_LEN + 1], char *name,
                      size_t name_len)
{
    Stagelijn__V1__ListStudentsRequest lr = STAGELIJN__V1__LIST_STUDENTS_REQUEST__INIT;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_STUDENTS;
    req.list_students = &lr;
    int code;
    if (cli_call(ctx, &req, &rep, &code) != SL_OK)
        return code;
    const Stagelijn__V1__ListStudentsReply *l = rep->list_students_reply;
    const Stagelijn__V1__Student *found = NULL;
    int matches = 0;
    for (size_t i = 0; l && i < l->n_students; i++) {
        const Stagelijn__V1__Student *s = l->students[i];
        if (strcmp(s->id, who) == 0 || strcasecmp(s->full_name, who) == 0 ||
            (s->user_name[0] && strcmp(s->user_name, who) == 0)) {
            if (!found || strcmp(found->id, s->id) != 0)
                matches++;
            found = s;
        }
    }
    int rc = 0;
    if (matches == 1) {
        snprintf(id, SL_ID_LEN + 1, "%s", found->id);
        if (name)
            snprintf(name, name_len, "%s", found->full_name);
    } else if (matches == 0) {
        rc = cli_fail(ctx, EXIT_REFUSED, _("no student '%s' that you may see"), who);
    } else {
        rc = cli_fail(ctx, EXIT_REFUSED,
                      _("%d students are called '%s'; give the user name or the id"), matches, who);
    }
    sl_envelope_free(rep);
    return rc;
}

/* "pin set --student NAME": the PIN from --pin-file, STAGELIJN_PIN or a prompt (twice). */
int ws_pin_set(cli_ctx *ctx, const cli_args *a)
{
    const char *who;
    if (!cli_need(ctx, a, "student", &who))
        return EXIT_USAGE;
    const char *file = cli_arg(a, "pin-file");
    char pin[64], again[64];
    if (!cli_read_secret("STAGELIJN_PIN", file, _("New PIN: "), pin, sizeof pin))
        return cli_usage_error(ctx, _("no PIN: use --pin-file, STAGELIJN_PIN or run on a "
                                      "terminal"));
    if (!file && !getenv("STAGELIJN_PIN") &&
        (!cli_read_secret(NULL, NULL, _("New PIN again: "), again, sizeof again) ||
         strcmp(pin, again) != 0))
        return cli_usage_error(ctx, _("the PINs differ"));
    char id[SL_ID_LEN + 1], name[256];
    int rc = ws_student_lookup(ctx, who, id, name, sizeof name);
    if (rc)
        return rc;
    Stagelijn__V1__SetPinRequest sp = STAGELIJN__V1__SET_PIN_REQUEST__INIT;
    sp.student_id = id;
    sp.pin = pin;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SET_PIN;
    req.set_pin = &sp;
    sl_status st = cli_call(ctx, &req, &rep, &rc);
    memset(pin, 0, sizeof pin);
    if (st != SL_OK)
        return rc;
    sl_envelope_free(rep);
    if (ctx->json) {
        printf("{\"student_id\":\"%s\",\"pin_set\":true}\n", id);
    } else {
        char shown[512];
        termtext_escape(name, shown, sizeof shown);
        printf(_("PIN set for %s; a lock after wrong PINs is lifted.\n"), shown);
    }
    return 0;
}

const cli_cmd ws_assess_commands[] = {
    WS_PIN_SET_CMD,
};
const size_t ws_assess_count = sizeof ws_assess_commands / sizeof ws_assess_commands[0];
