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

/* Overwrites the first `marker` in the current stream with as many bytes of `with`: the way to
 * put a NUL into a string field, which protobuf-c packs as a C string. */
static void patch(const char *marker, const char *with)
{
    size_t n = strlen(marker);
    for (size_t i = 0; i + n <= stream_len; i++)
        if (memcmp(stream + i, marker, n) == 0) {
            memcpy(stream + i, with, n);
            return;
        }
    fprintf(stderr, "gen_corpus: marker %s not found\n", marker);
    exit(1);
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

/* Requests whose string fields break the text rule of common/wirecheck.c (and one that keeps
 * it), so that the fuzzer starts from every kind of refusal: in a nested field, in a field of
 * the request itself, in a repeated message and in a repeated string. */
static void emit_text_seeds(const char *dir)
{
    Stagelijn__V1__Partner partner = STAGELIJN__V1__PARTNER__INIT;
    partner.name = "\xFF\xFE\xC3";
    partner.kind = "municipality";
    partner.contact = "before@after";
    Stagelijn__V1__CreatePartnerRequest cp = STAGELIJN__V1__CREATE_PARTNER_REQUEST__INIT;
    cp.partner = &partner;
    sl_envelope env = STAGELIJN__V1__ENVELOPE__INIT;
    env.request_id = 10;
    env.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_PARTNER;
    env.create_partner = &cp;
    add(&env);
    emit(dir, "text-partner-not-utf8");
    partner.name = "Jeugdloket";
    add(&env);
    patch("before@after", "before\0after");
    emit(dir, "text-partner-nul");

    Stagelijn__V1__CreateClassRequest cc = STAGELIJN__V1__CREATE_CLASS_REQUEST__INIT;
    cc.name = "Klas \x1B]0;titel\x07 \x1B[2J";
    cc.school_year = 3;
    sl_envelope env_class = STAGELIJN__V1__ENVELOPE__INIT;
    env_class.request_id = 11;
    env_class.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_CLASS;
    env_class.create_class = &cc;
    add(&env_class);
    emit(dir, "text-class-escape");

    Stagelijn__V1__AspectRating aspect[3] = {STAGELIJN__V1__ASPECT_RATING__INIT,
                                             STAGELIJN__V1__ASPECT_RATING__INIT,
                                             STAGELIJN__V1__ASPECT_RATING__INIT};
    aspect[0].aspect = "Hygi\xC3\xABne";
    aspect[1].aspect = "Gastvrijheid";
    aspect[2].aspect = "Werktempo \xC2\x9B"
                       "31m";
    Stagelijn__V1__AspectRating *aspects[3] = {&aspect[0], &aspect[1], &aspect[2]};
    Stagelijn__V1__Assessment as = STAGELIJN__V1__ASSESSMENT__INIT;
    as.comments = "Goed gewerkt.\n\tVolgende keer op tijd.";
    as.n_aspects = 3;
    as.aspects = aspects;
    Stagelijn__V1__SubmitAssessmentRequest sa = STAGELIJN__V1__SUBMIT_ASSESSMENT_REQUEST__INIT;
    sa.assessment = &as;
    sl_envelope env_as = STAGELIJN__V1__ENVELOPE__INIT;
    env_as.request_id = 12;
    env_as.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_ASSESSMENT;
    env_as.submit_assessment = &sa;
    add(&env_as);
    emit(dir, "text-aspect-c1");

    char *locations[] = {"Hoofdvestiging", "Magazijn \xC0\xAF \xED\xA0\x80"};
    Stagelijn__V1__Contract contract = STAGELIJN__V1__CONTRACT__INIT;
    contract.n_locations = 2;
    contract.locations = locations;
    Stagelijn__V1__SaveContractRequest sc = STAGELIJN__V1__SAVE_CONTRACT_REQUEST__INIT;
    sc.contract = &contract;
    sl_envelope env_sc = STAGELIJN__V1__ENVELOPE__INIT;
    env_sc.request_id = 13;
    env_sc.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_CONTRACT;
    env_sc.save_contract = &sc;
    add(&env_sc);
    emit(dir, "text-contract-overlong");

    Stagelijn__V1__WriteReflectionRequest wr = STAGELIJN__V1__WRITE_REFLECTION_REQUEST__INIT;
    wr.week_start = "2026-11-30";
    wr.text = "Deze week heb ik de kassa gedaan. Ge\xC3\xABvalueerd: \xF0\x9F\x91\x8D\n\tprima";
    sl_envelope env_wr = STAGELIJN__V1__ENVELOPE__INIT;
    env_wr.request_id = 14;
    env_wr.body_case = STAGELIJN__V1__ENVELOPE__BODY_WRITE_REFLECTION;
    env_wr.write_reflection = &wr;
    add(&env_wr);
    emit(dir, "text-reflection-valid");
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
    emit_text_seeds(dir);
    return 0;
}
