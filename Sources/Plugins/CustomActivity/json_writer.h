/* A growable byte buffer that writes JSON for the Custom activity plugin. */
#ifndef PIPEHOST_CUSTOM_JSON_WRITER_H
#define PIPEHOST_CUSTOM_JSON_WRITER_H

#include <stddef.h>
#include <stdint.h>

/** Bytes being written. After any allocation failure `failed` is 1 and further writes do nothing. */
typedef struct json_writer {
    char *data;
    size_t length;
    size_t capacity;
    int failed;
} json_writer;

void json_writer_free(json_writer *writer);
/** Appends bytes as they are (for spans of valid JSON and punctuation). */
void json_write_raw(json_writer *writer, const char *bytes, size_t length);
void json_write_text(json_writer *writer, const char *text);
/** Appends a quoted JSON string; invalid UTF-8 in bytes becomes U+FFFD so the output stays valid. */
void json_write_string(json_writer *writer, const char *bytes, size_t length);
void json_write_cstring(json_writer *writer, const char *text);
void json_write_integer(json_writer *writer, int64_t value);
/** Appends `"key":` (with a leading comma unless first). */
void json_write_key(json_writer *writer, const char *key, int first);

#endif
