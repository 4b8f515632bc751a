#include "lg_wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool lg_buf_append(lg_buf *b, const void *bytes, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n)
            cap *= 2;
        uint8_t *grown = realloc(b->data, cap);
        if (!grown)
            return false;
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, bytes, n);
    b->len += n;
    return true;
}

void lg_buf_consume(lg_buf *b, size_t n)
{
    if (n >= b->len) {
        b->len = 0;
        return;
    }
    memmove(b->data, b->data + n, b->len - n);
    b->len -= n;
}

void lg_buf_free(lg_buf *b)
{
    free(b->data);
    *b = (lg_buf){0};
}

/* ---------------------------------------------------------------- Stagelijn */

bool lg_sl_append(lg_buf *b, const sl_envelope *env)
{
    size_t len = 0;
    uint8_t *frame = sl_envelope_pack_frame(env, SL_FRAME_DEFAULT_MAX, &len);
    bool ok = frame && lg_buf_append(b, frame, len);
    free(frame);
    return ok;
}

bool lg_sl_hello(lg_buf *b, uint64_t request_id)
{
    Stagelijn__V1__Hello h = STAGELIJN__V1__HELLO__INIT;
    h.protocol_version = 1;
    h.client_kind = STAGELIJN__V1__CLIENT_KIND__CLIENT_TEST;
    h.client_version = "sl_loadgen";
    sl_envelope env = STAGELIJN__V1__ENVELOPE__INIT;
    env.request_id = request_id;
    env.body_case = STAGELIJN__V1__ENVELOPE__BODY_HELLO;
    env.hello = &h;
    return lg_sl_append(b, &env);
}

bool lg_sl_resume(lg_buf *b, uint64_t request_id, const char *token)
{
    Stagelijn__V1__ResumeRequest r = STAGELIJN__V1__RESUME_REQUEST__INIT;
    r.token = (char *)token;
    sl_envelope env = STAGELIJN__V1__ENVELOPE__INIT;
    env.request_id = request_id;
    env.body_case = STAGELIJN__V1__ENVELOPE__BODY_RESUME;
    env.resume = &r;
    return lg_sl_append(b, &env);
}

bool lg_sl_get_student(lg_buf *b, uint64_t request_id, const char *student_id)
{
    Stagelijn__V1__GetStudentRequest g = STAGELIJN__V1__GET_STUDENT_REQUEST__INIT;
    g.id = (char *)student_id;
    sl_envelope env = STAGELIJN__V1__ENVELOPE__INIT;
    env.request_id = request_id;
    env.body_case = STAGELIJN__V1__ENVELOPE__BODY_GET_STUDENT;
    env.get_student = &g;
    return lg_sl_append(b, &env);
}

bool lg_sl_log_visit(lg_buf *b, uint64_t request_id, const char *placement_id, const char *date)
{
    char *present[1] = {"coach"};
    Stagelijn__V1__Visit v = STAGELIJN__V1__VISIT__INIT;
    v.placement_id = (char *)placement_id;
    v.date = (char *)date;
    v.present = present;
    v.n_present = 1;
    v.notes = "bench visit: the intern works steadily and asks good questions";
    Stagelijn__V1__LogVisitRequest lv = STAGELIJN__V1__LOG_VISIT_REQUEST__INIT;
    lv.visit = &v;
    sl_envelope env = STAGELIJN__V1__ENVELOPE__INIT;
    env.request_id = request_id;
    env.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOG_VISIT;
    env.log_visit = &lv;
    return lg_sl_append(b, &env);
}

bool lg_sl_report_dropout(lg_buf *b, uint64_t request_id, const char *placement_id,
                          const char *date)
{
    Stagelijn__V1__ReportDropoutRequest d = STAGELIJN__V1__REPORT_DROPOUT_REQUEST__INIT;
    d.placement_id = (char *)placement_id;
    d.date = (char *)date;
    d.reason = "bench: fan-out measurement";
    sl_envelope env = STAGELIJN__V1__ENVELOPE__INIT;
    env.request_id = request_id;
    env.body_case = STAGELIJN__V1__ENVELOPE__BODY_REPORT_DROPOUT;
    env.report_dropout = &d;
    return lg_sl_append(b, &env);
}

bool lg_sl_subscribe(lg_buf *b, uint64_t request_id, const char *topic, uint64_t after_seq)
{
    char *topics[1] = {(char *)topic};
    Stagelijn__V1__SubscribeRequest s = STAGELIJN__V1__SUBSCRIBE_REQUEST__INIT;
    s.topics = topics;
    s.n_topics = topic ? 1 : 0;
    s.after_seq = after_seq;
    sl_envelope env = STAGELIJN__V1__ENVELOPE__INIT;
    env.request_id = request_id;
    env.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBSCRIBE;
    env.subscribe = &s;
    return lg_sl_append(b, &env);
}

long lg_sl_split(const uint8_t *buf, size_t len, size_t max_payload)
{
    size_t payload = 0;
    switch (sl_frame_parse(buf, len, max_payload, &payload)) {
    case SL_FRAME_COMPLETE:
        return (long)(SL_FRAME_HEADER_LEN + payload);
    case SL_FRAME_NEED_MORE:
        return 0;
    default:
        return -1;
    }
}

/* ---------------------------------------------------------------- RESP */

static bool resp_bulk(lg_buf *b, const void *s, size_t n)
{
    char head[32];
    int h = snprintf(head, sizeof head, "$%zu\r\n", n);
    return lg_buf_append(b, head, (size_t)h) && lg_buf_append(b, s, n) &&
           lg_buf_append(b, "\r\n", 2);
}

bool lg_resp_get(lg_buf *b, const char *key)
{
    size_t was = b->len;
    bool ok =
        lg_buf_append(b, "*2\r\n", 4) && resp_bulk(b, "GET", 3) && resp_bulk(b, key, strlen(key));
    if (!ok)
        b->len = was;
    return ok;
}

bool lg_resp_set(lg_buf *b, const char *key, const char *value, size_t value_len)
{
    size_t was = b->len;
    bool ok = lg_buf_append(b, "*3\r\n", 4) && resp_bulk(b, "SET", 3) &&
              resp_bulk(b, key, strlen(key)) && resp_bulk(b, value, value_len);
    if (!ok)
        b->len = was;
    return ok;
}

/* Offset just past the first CRLF, 0 when there is none yet. */
static size_t line_end(const uint8_t *buf, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++)
        if (buf[i] == '\r' && buf[i + 1] == '\n')
            return i + 2;
    return 0;
}

long lg_resp_split(const uint8_t *buf, size_t len, bool *is_error)
{
    if (len == 0)
        return 0;
    *is_error = buf[0] == '-';
    size_t end = line_end(buf, len);
    switch (buf[0]) {
    case '+':
    case '-':
    case ':':
        return (long)end;
    case '$': {
        if (end == 0)
            return 0;
        char num[24];
        size_t n = end - 3; /* between '$' and CRLF */
        if (n == 0 || n >= sizeof num)
            return -1;
        memcpy(num, buf + 1, n);
        num[n] = '\0';
        char *stop = NULL;
        long body = strtol(num, &stop, 10);
        if (*stop || body < -1)
            return -1;
        if (body == -1)
            return (long)end; /* nil: the key does not exist */
        size_t total = end + (size_t)body + 2;
        return total <= len ? (long)total : 0;
    }
    default:
        return -1;
    }
}

/* ---------------------------------------------------------------- MQTT 3.1.1 */

/* The fixed header: type and flags, then the remaining length in 7-bit groups. */
static bool mqtt_header(lg_buf *b, uint8_t first, size_t remaining)
{
    uint8_t h[5];
    size_t n = 0;
    h[n++] = first;
    do {
        uint8_t digit = remaining % 128;
        remaining /= 128;
        h[n++] = (uint8_t)(digit | (remaining ? 0x80 : 0));
    } while (remaining && n < sizeof h);
    return lg_buf_append(b, h, n);
}

static bool mqtt_str(lg_buf *b, const char *s)
{
    size_t n = strlen(s);
    uint8_t len[2] = {(uint8_t)(n >> 8), (uint8_t)n};
    return n <= 0xffff && lg_buf_append(b, len, 2) && lg_buf_append(b, s, n);
}

bool lg_mqtt_connect(lg_buf *b, const char *client_id, uint16_t keepalive_s)
{
    /* Protocol name "MQTT", level 4 (3.1.1), flags: clean session only. */
    static const uint8_t var[] = {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02};
    uint8_t ka[2] = {(uint8_t)(keepalive_s >> 8), (uint8_t)keepalive_s};
    size_t was = b->len;
    bool ok = mqtt_header(b, 0x10, sizeof var + 2 + 2 + strlen(client_id)) &&
              lg_buf_append(b, var, sizeof var) && lg_buf_append(b, ka, 2) &&
              mqtt_str(b, client_id);
    if (!ok)
        b->len = was;
    return ok;
}

bool lg_mqtt_subscribe(lg_buf *b, uint16_t packet_id, const char *filter)
{
    uint8_t id[2] = {(uint8_t)(packet_id >> 8), (uint8_t)packet_id};
    uint8_t qos = 0;
    size_t was = b->len;
    /* SUBSCRIBE's fixed-header flags are 0010 by the standard. */
    bool ok = mqtt_header(b, 0x82, 2 + 2 + strlen(filter) + 1) && lg_buf_append(b, id, 2) &&
              mqtt_str(b, filter) && lg_buf_append(b, &qos, 1);
    if (!ok)
        b->len = was;
    return ok;
}

bool lg_mqtt_publish(lg_buf *b, const char *topic, const void *payload, size_t payload_len)
{
    size_t was = b->len;
    bool ok = mqtt_header(b, 0x30, 2 + strlen(topic) + payload_len) && mqtt_str(b, topic) &&
              lg_buf_append(b, payload, payload_len);
    if (!ok)
        b->len = was;
    return ok;
}

bool lg_mqtt_disconnect(lg_buf *b)
{
    static const uint8_t d[2] = {0xe0, 0};
    return lg_buf_append(b, d, 2);
}

long lg_mqtt_split(const uint8_t *buf, size_t len, int *type)
{
    if (len < 2)
        return 0;
    *type = buf[0] >> 4;
    size_t remaining = 0, mult = 1, i = 1;
    for (;; i++) {
        if (i > 4)
            return -1;
        if (i >= len)
            return 0;
        remaining += (size_t)(buf[i] & 0x7f) * mult;
        mult *= 128;
        if (!(buf[i] & 0x80))
            break;
    }
    size_t total = i + 1 + remaining;
    return total <= len ? (long)total : 0;
}
