/* Writes the seed corpus for fuzz_envelope: a few valid frames (and streams of frames) made
 * with the real codec, so the seeds follow the protocol as it changes.
 * Usage: gen_corpus OUTDIR */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"

#define MAX_SEED 4096

static uint8_t stream[MAX_SEED];
static size_t stream_len;

/* Appends one packed envelope to the current stream. */
static void add(const sl_envelope *env)
{
    size_t len = 0;
    uint8_t *frame = sl_envelope_pack_frame(env, SL_FRAME_DEFAULT_MAX, &len);
    if (!frame || stream_len + len > sizeof stream) {
        fprintf(stderr, "gen_corpus: cannot pack seed\n");
        exit(1);
    }
    memcpy(stream + stream_len, frame, len);
    stream_len += len;
    free(frame);
}

/* Writes the current stream as OUTDIR/NAME and starts a new one. */
static void emit(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(stream, 1, stream_len, f) != stream_len || fclose(f) != 0) {
        fprintf(stderr, "gen_corpus: cannot write %s\n", path);
        exit(1);
    }
    stream_len = 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen_corpus OUTDIR\n");
        return 2;
    }
    const char *dir = argv[1];

    Stagelijn__V1__Hello hello = STAGELIJN__V1__HELLO__INIT;
    hello.protocol_version = 1;
    hello.client_kind = STAGELIJN__V1__CLIENT_KIND__CLIENT_WORKSTATION;
    hello.client_version = "0.1.0";
    sl_envelope env_hello = STAGELIJN__V1__ENVELOPE__INIT;
    env_hello.request_id = 1;
    env_hello.body_case = STAGELIJN__V1__ENVELOPE__BODY_HELLO;
    env_hello.hello = &hello;
    add(&env_hello);
    emit(dir, "hello");

    Stagelijn__V1__LoginRequest login = STAGELIJN__V1__LOGIN_REQUEST__INIT;
    login.username = "coach";
    login.password = "correct horse battery staple";
    sl_envelope env_login = STAGELIJN__V1__ENVELOPE__INIT;
    env_login.request_id = 2;
    env_login.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOGIN;
    env_login.login = &login;
    add(&env_login);
    emit(dir, "login");

    Stagelijn__V1__LogoutRequest logout = STAGELIJN__V1__LOGOUT_REQUEST__INIT;
    sl_envelope env_logout = STAGELIJN__V1__ENVELOPE__INIT;
    env_logout.request_id = 3;
    env_logout.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOGOUT;
    env_logout.logout = &logout;

    /* A pipelined session: hello, login, logout in one read. */
    add(&env_hello);
    add(&env_login);
    add(&env_logout);
    emit(dir, "pipelined");

    /* A server push with a nested message and a repeated field. */
    Stagelijn__V1__SubscribeRequest sub = STAGELIJN__V1__SUBSCRIBE_REQUEST__INIT;
    char *topics[] = {"dropout", "visit.overdue"};
    sub.n_topics = 2;
    sub.topics = topics;
    sl_envelope env_sub = STAGELIJN__V1__ENVELOPE__INIT;
    env_sub.request_id = 4;
    env_sub.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBSCRIBE;
    env_sub.subscribe = &sub;
    add(&env_sub);
    emit(dir, "subscribe");

    /* A typed error with a violated rule. */
    Stagelijn__V1__RuleViolation v = STAGELIJN__V1__RULE_VIOLATION__INIT;
    v.rule_id = "LAW_MINOR_NIGHT_14_15";
    v.message = "no work between 19:00 and 07:00";
    Stagelijn__V1__RuleViolation *vs[] = {&v};
    Stagelijn__V1__Error err = STAGELIJN__V1__ERROR__INIT;
    err.message = "rules violated";
    err.n_violations = 1;
    err.violations = vs;
    sl_envelope env_err = STAGELIJN__V1__ENVELOPE__INIT;
    env_err.request_id = 5;
    env_err.body_case = STAGELIJN__V1__ENVELOPE__BODY_ERROR;
    env_err.error = &err;
    add(&env_err);
    emit(dir, "error");

    /* A request id alone, and a frame whose header claims more than is there. */
    sl_envelope env_bare = STAGELIJN__V1__ENVELOPE__INIT;
    env_bare.request_id = 0xffffffffffull;
    add(&env_bare);
    emit(dir, "bare");
    static const uint8_t partial[] = {0, 0, 0, 9, 0x08, 0x01};
    memcpy(stream, partial, sizeof partial);
    stream_len = sizeof partial;
    emit(dir, "partial");
    return 0;
}
