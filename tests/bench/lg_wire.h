/* The load generator's wire codecs for the three servers it drives: Stagelijn frames
 * (4-byte length + Envelope), RESP (Redis) and MQTT 3.1.1. Pure functions, no I/O: the
 * builders append to a byte buffer, the splitters say how long the next message is. */
#ifndef LG_WIRE_H
#define LG_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"

/* A growable byte buffer. Builders return false when memory runs out (the buffer is then
 * unchanged). */
typedef struct {
    uint8_t *data;
    size_t len, cap;
} lg_buf;

bool lg_buf_append(lg_buf *b, const void *bytes, size_t n);
/* Drops the first n bytes. */
void lg_buf_consume(lg_buf *b, size_t n);
void lg_buf_free(lg_buf *b);

/* ---------------------------------------------------------------- Stagelijn */

/* Appends one frame holding `env` (whose request_id the caller has set). */
bool lg_sl_append(lg_buf *b, const sl_envelope *env);
bool lg_sl_hello(lg_buf *b, uint64_t request_id);
bool lg_sl_resume(lg_buf *b, uint64_t request_id, const char *token);
bool lg_sl_get_student(lg_buf *b, uint64_t request_id, const char *student_id);
/* LogVisit: a visit on `date` (YYYY-MM-DD) to the placement, a durable write. */
bool lg_sl_log_visit(lg_buf *b, uint64_t request_id, const char *placement_id, const char *date);
bool lg_sl_report_dropout(lg_buf *b, uint64_t request_id, const char *placement_id,
                          const char *date);
/* Subscribe to one topic (NULL: all) from event number after_seq on. */
bool lg_sl_subscribe(lg_buf *b, uint64_t request_id, const char *topic, uint64_t after_seq);

/* Length of the whole first frame in buf (header included), 0 when incomplete, -1 when the
 * header is invalid (empty or beyond max_payload). */
long lg_sl_split(const uint8_t *buf, size_t len, size_t max_payload);

/* ---------------------------------------------------------------- RESP */

bool lg_resp_get(lg_buf *b, const char *key);
bool lg_resp_set(lg_buf *b, const char *key, const char *value, size_t value_len);

/* Length of the first whole reply (simple string, error, integer or bulk string; arrays are
 * not used by GET and SET), 0 when incomplete, -1 when malformed. *is_error tells a '-' reply. */
long lg_resp_split(const uint8_t *buf, size_t len, bool *is_error);

/* ---------------------------------------------------------------- MQTT 3.1.1 */

enum {
    LG_MQTT_CONNACK = 2,
    LG_MQTT_PUBLISH = 3,
    LG_MQTT_SUBACK = 9,
};

/* CONNECT with a clean session, no will, no credentials; keepalive in seconds (0 = none). */
bool lg_mqtt_connect(lg_buf *b, const char *client_id, uint16_t keepalive_s);
/* SUBSCRIBE to one topic filter at QoS 0. */
bool lg_mqtt_subscribe(lg_buf *b, uint16_t packet_id, const char *filter);
/* PUBLISH at QoS 0 (no acknowledgement, no packet id). */
bool lg_mqtt_publish(lg_buf *b, const char *topic, const void *payload, size_t payload_len);
bool lg_mqtt_disconnect(lg_buf *b);

/* Length of the first whole packet, 0 when incomplete, -1 when the remaining-length field is
 * malformed. *type receives the packet type (the fixed header's high nibble). */
long lg_mqtt_split(const uint8_t *buf, size_t len, int *type);

#endif
