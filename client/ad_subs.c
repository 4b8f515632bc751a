#include "ad_subs.h"

#include <stdio.h>

#include "output.h"
#include "termtext.h"

#define MAX_TOPIC_ARGS 32

int ad_subscriber_topics(cli_ctx *ctx, const cli_args *a)
{
    const char *username;
    if (!cli_need(ctx, a, "username", &username))
        return EXIT_USAGE;
    const char *grant[MAX_TOPIC_ARGS], *revoke[MAX_TOPIC_ARGS];
    Stagelijn__V1__GrantTopicsRequest g = STAGELIJN__V1__GRANT_TOPICS_REQUEST__INIT;
    g.username = (char *)username;
    g.n_grant = (size_t)cli_arg_all(a, "grant", grant, MAX_TOPIC_ARGS);
    g.grant = (char **)grant;
    g.n_revoke = (size_t)cli_arg_all(a, "revoke", revoke, MAX_TOPIC_ARGS);
    g.revoke = (char **)revoke;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT, *rep;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GRANT_TOPICS;
    req.grant_topics = &g;
    if (ctx->json)
        return cli_call_print(ctx, &req);
    int code;
    if (cli_call(ctx, &req, &rep, &code) != SL_OK)
        return code;
    const Stagelijn__V1__GrantTopicsReply *r = rep->grant_topics_reply;
    char shown[256];
    termtext_escape(username, shown, sizeof shown);
    if (!r || r->n_topics == 0) {
        printf(_("Subscriber %s is granted no topics: its subscriptions are refused.\n"), shown);
    } else {
        printf(_("Subscriber %s receives these topics only:"), shown);
        for (size_t i = 0; i < r->n_topics; i++)
            printf("%s%s", i ? ", " : " ", r->topics[i]);
        putchar('\n');
    }
    sl_envelope_free(rep);
    return 0;
}
