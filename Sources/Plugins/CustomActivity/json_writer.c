/* A growable byte buffer that writes JSON. */
#include "json_writer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void json_writer_free(json_writer *writer) {
    free(writer->data);
    writer->data = NULL;
    writer->length = writer->capacity = 0;
}

static int reserve(json_writer *writer, size_t extra) {
    if (writer->failed) return 0;
    if (writer->length + extra <= writer->capacity) return 1;
    size_t capacity = writer->capacity ? writer->capacity : 256;
    while (capacity < writer->length + extra) capacity *= 2;
    char *grown = realloc(writer->data, capacity);
    if (!grown) {
        writer->failed = 1;
        return 0;
    }
    writer->data = grown;
    writer->capacity = capacity;
    return 1;
}

void json_write_raw(json_writer *writer, const char *bytes, size_t length) {
    if (!reserve(writer, length)) return;
    memcpy(writer->data + writer->length, bytes, length);
    writer->length += length;
}

void json_write_text(json_writer *writer, const char *text) { json_write_raw(writer, text, strlen(text)); }

/* Length of the valid UTF-8 sequence at bytes (1 to 4), or 0 when it is not valid. */
static size_t utf8_sequence_length(const unsigned char *bytes, size_t available) {
    unsigned char lead = bytes[0];
    size_t length;
    uint32_t scalar;
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        scalar = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        scalar = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        scalar = lead & 0x07;
    } else {
        return 0;
    }
    if (available < length) return 0;
    for (size_t i = 1; i < length; i++) {
        if ((bytes[i] & 0xC0) != 0x80) return 0;
        scalar = (scalar << 6) | (bytes[i] & 0x3F);
    }
    if ((length == 3 && (scalar < 0x800 || (scalar >= 0xD800 && scalar < 0xE000))) ||
        (length == 4 && (scalar < 0x10000 || scalar > 0x10FFFF)))
        return 0;
    return length;
}

void json_write_string(json_writer *writer, const char *bytes, size_t length) {
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)bytes;
    const unsigned char *end = p + length;
    json_write_raw(writer, "\"", 1);
    while (p < end) {
        unsigned char c = *p;
        if (c == '"' || c == '\\') {
            char escaped[2] = {'\\', (char)c};
            json_write_raw(writer, escaped, 2);
            p++;
        } else if (c == '\n') {
            json_write_raw(writer, "\\n", 2);
            p++;
        } else if (c == '\r') {
            json_write_raw(writer, "\\r", 2);
            p++;
        } else if (c == '\t') {
            json_write_raw(writer, "\\t", 2);
            p++;
        } else if (c < 0x20) {
            char escaped[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
            json_write_raw(writer, escaped, 6);
            p++;
        } else {
            size_t sequence = utf8_sequence_length(p, (size_t)(end - p));
            if (sequence == 0) {
                json_write_raw(writer, "\xEF\xBF\xBD", 3); /* U+FFFD for a byte that is not UTF-8 */
                p++;
            } else {
                json_write_raw(writer, (const char *)p, sequence);
                p += sequence;
            }
        }
    }
    json_write_raw(writer, "\"", 1);
}

void json_write_cstring(json_writer *writer, const char *text) { json_write_string(writer, text, strlen(text)); }

void json_write_integer(json_writer *writer, int64_t value) {
    char digits[32];
    int count = snprintf(digits, sizeof digits, "%lld", (long long)value);
    if (count > 0) json_write_raw(writer, digits, (size_t)count);
}

void json_write_key(json_writer *writer, const char *key, int first) {
    if (!first) json_write_raw(writer, ",", 1);
    json_write_cstring(writer, key);
    json_write_raw(writer, ":", 1);
}
