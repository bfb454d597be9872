/* A small, strict JSON reader for the Custom activity plugin: it finds values inside the host's
 * invocation without building a tree. Values are spans of the original text; only strings are
 * ever decoded (into malloc'd UTF-8). */
#ifndef PIPEHOST_CUSTOM_JSON_READER_H
#define PIPEHOST_CUSTOM_JSON_READER_H

#include <stddef.h>

/** A JSON value as a span of text: start points at its first byte, length covers it exactly. */
typedef struct json_span {
    const char *start;
    size_t length;
} json_span;

/** The kind of a value, from its first byte. */
typedef enum json_kind {
    JSON_INVALID = 0,
    JSON_NULL,
    JSON_BOOL,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT
} json_kind;

/** Parses the single value that text holds (whitespace around it allowed). Returns 1 and sets
 *  *value when text is exactly one valid JSON value, else 0 and sets *error_offset. */
int json_parse(const char *text, size_t length, json_span *value, size_t *error_offset);

json_kind json_kind_of(json_span value);

/** Iterates an object's members or an array's elements. */
typedef struct json_iterator {
    const char *cursor;
    const char *end;
} json_iterator;

json_iterator json_iterate(json_span container);
/** Next member of an object: its key (still quoted and escaped) and value. Returns 0 at the end. */
int json_next_member(json_iterator *iterator, json_span *key, json_span *value);
/** Next element of an array. Returns 0 at the end. */
int json_next_element(json_iterator *iterator, json_span *value);

/** The member of object whose key equals name; an exact match wins, else one that differs only in
 *  ASCII case (ADF matches property names that way). Returns 1 when found. */
int json_member(json_span object, const char *name, json_span *value);

/** Decodes a string value into a NUL-terminated malloc'd UTF-8 copy (the caller frees it); NULL
 *  when value is not a string or memory ran out. *length (may be NULL) gets its byte count. */
char *json_string_copy(json_span value, size_t *length);

#endif
