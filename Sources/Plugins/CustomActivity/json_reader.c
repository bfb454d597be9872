/* A small, strict JSON reader (RFC 8259) over spans of the original text. */
#include "json_reader.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { MAXIMUM_DEPTH = 256 };

static const char *skip_space(const char *p, const char *end) {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    return p;
}

static const char *skip_value(const char *p, const char *end, int depth);

static const char *skip_literal(const char *p, const char *end, const char *word) {
    size_t length = strlen(word);
    if ((size_t)(end - p) < length || memcmp(p, word, length) != 0) return NULL;
    return p + length;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static const char *skip_string(const char *p, const char *end) {
    if (p >= end || *p != '"') return NULL;
    p++;
    while (p < end) {
        unsigned char c = (unsigned char)*p;
        if (c == '"') return p + 1;
        if (c < 0x20) return NULL;
        if (c == '\\') {
            p++;
            if (p >= end) return NULL;
            if (*p == 'u') {
                if (end - p < 5) return NULL;
                for (int i = 1; i <= 4; i++)
                    if (hex_value(p[i]) < 0) return NULL;
                p += 5;
                continue;
            }
            if (!strchr("\"\\/bfnrt", *p)) return NULL;
        }
        p++;
    }
    return NULL;
}

static const char *skip_number(const char *p, const char *end) {
    if (p < end && *p == '-') p++;
    if (p >= end) return NULL;
    if (*p == '0') {
        p++;
    } else if (is_digit(*p)) {
        while (p < end && is_digit(*p)) p++;
    } else {
        return NULL;
    }
    if (p < end && *p == '.') {
        p++;
        if (p >= end || !is_digit(*p)) return NULL;
        while (p < end && is_digit(*p)) p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-')) p++;
        if (p >= end || !is_digit(*p)) return NULL;
        while (p < end && is_digit(*p)) p++;
    }
    return p;
}

static const char *skip_container(const char *p, const char *end, int depth, char close, int is_object) {
    p = skip_space(p + 1, end);
    if (p < end && *p == close) return p + 1;
    for (;;) {
        if (is_object) {
            p = skip_string(p, end);
            if (!p) return NULL;
            p = skip_space(p, end);
            if (p >= end || *p != ':') return NULL;
            p = skip_space(p + 1, end);
        }
        p = skip_value(p, end, depth + 1);
        if (!p) return NULL;
        p = skip_space(p, end);
        if (p >= end) return NULL;
        if (*p == close) return p + 1;
        if (*p != ',') return NULL;
        p = skip_space(p + 1, end);
    }
}

static const char *skip_value(const char *p, const char *end, int depth) {
    if (p >= end || depth > MAXIMUM_DEPTH) return NULL;
    switch (*p) {
    case '{': return skip_container(p, end, depth, '}', 1);
    case '[': return skip_container(p, end, depth, ']', 0);
    case '"': return skip_string(p, end);
    case 't': return skip_literal(p, end, "true");
    case 'f': return skip_literal(p, end, "false");
    case 'n': return skip_literal(p, end, "null");
    default: return skip_number(p, end);
    }
}

int json_parse(const char *text, size_t length, json_span *value, size_t *error_offset) {
    const char *end = text + length;
    const char *start = skip_space(text, end);
    const char *after = skip_value(start, end, 0);
    if (!after || skip_space(after, end) != end) {
        if (error_offset) *error_offset = after ? (size_t)(skip_space(after, end) - text) : (size_t)(start - text);
        return 0;
    }
    value->start = start;
    value->length = (size_t)(after - start);
    return 1;
}

json_kind json_kind_of(json_span value) {
    if (!value.start || value.length == 0) return JSON_INVALID;
    switch (value.start[0]) {
    case '{': return JSON_OBJECT;
    case '[': return JSON_ARRAY;
    case '"': return JSON_STRING;
    case 't':
    case 'f': return JSON_BOOL;
    case 'n': return JSON_NULL;
    default: return JSON_NUMBER;
    }
}

json_iterator json_iterate(json_span container) {
    json_iterator iterator = {NULL, NULL};
    json_kind kind = json_kind_of(container);
    if (kind == JSON_OBJECT || kind == JSON_ARRAY) {
        iterator.cursor = container.start + 1;
        iterator.end = container.start + container.length - 1; /* the closing bracket */
    }
    return iterator;
}

/* Spans come from a validated parse, so the steps below need not re-check the grammar. */
static int next_value(json_iterator *iterator, json_span *value) {
    const char *p = skip_space(iterator->cursor, iterator->end);
    if (p >= iterator->end) return 0;
    const char *after = skip_value(p, iterator->end, 0);
    if (!after) return 0;
    value->start = p;
    value->length = (size_t)(after - p);
    p = skip_space(after, iterator->end);
    if (p < iterator->end && *p == ',') p++;
    iterator->cursor = p;
    return 1;
}

int json_next_member(json_iterator *iterator, json_span *key, json_span *value) {
    if (!iterator->cursor) return 0;
    const char *p = skip_space(iterator->cursor, iterator->end);
    if (p >= iterator->end) return 0;
    const char *after_key = skip_string(p, iterator->end);
    if (!after_key) return 0;
    key->start = p;
    key->length = (size_t)(after_key - p);
    p = skip_space(after_key, iterator->end);
    if (p >= iterator->end || *p != ':') return 0;
    iterator->cursor = p + 1;
    return next_value(iterator, value);
}

int json_next_element(json_iterator *iterator, json_span *value) {
    if (!iterator->cursor) return 0;
    return next_value(iterator, value);
}

static void append_utf8(char **out, uint32_t scalar) {
    char *o = *out;
    if (scalar < 0x80) {
        *o++ = (char)scalar;
    } else if (scalar < 0x800) {
        *o++ = (char)(0xC0 | (scalar >> 6));
        *o++ = (char)(0x80 | (scalar & 0x3F));
    } else if (scalar < 0x10000) {
        *o++ = (char)(0xE0 | (scalar >> 12));
        *o++ = (char)(0x80 | ((scalar >> 6) & 0x3F));
        *o++ = (char)(0x80 | (scalar & 0x3F));
    } else {
        *o++ = (char)(0xF0 | (scalar >> 18));
        *o++ = (char)(0x80 | ((scalar >> 12) & 0x3F));
        *o++ = (char)(0x80 | ((scalar >> 6) & 0x3F));
        *o++ = (char)(0x80 | (scalar & 0x3F));
    }
    *out = o;
}

static uint32_t read_hex4(const char *p) {
    uint32_t value = 0;
    for (int i = 0; i < 4; i++) value = (value << 4) | (uint32_t)hex_value(p[i]);
    return value;
}

char *json_string_copy(json_span value, size_t *length) {
    if (json_kind_of(value) != JSON_STRING || value.length < 2) return NULL;
    /* Decoding never grows the text: every escape is at least as long as what it stands for. */
    char *copy = malloc(value.length);
    if (!copy) return NULL;
    char *out = copy;
    const char *p = value.start + 1;
    const char *end = value.start + value.length - 1;
    while (p < end) {
        if (*p != '\\') {
            *out++ = *p++;
            continue;
        }
        p++;
        switch (*p) {
        case 'b': *out++ = '\b'; p++; break;
        case 'f': *out++ = '\f'; p++; break;
        case 'n': *out++ = '\n'; p++; break;
        case 'r': *out++ = '\r'; p++; break;
        case 't': *out++ = '\t'; p++; break;
        case 'u': {
            uint32_t scalar = read_hex4(p + 1);
            p += 5;
            if (scalar >= 0xD800 && scalar < 0xDC00 && end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
                uint32_t low = read_hex4(p + 2);
                if (low >= 0xDC00 && low < 0xE000) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00);
                    p += 6;
                }
            }
            if (scalar >= 0xD800 && scalar < 0xE000) scalar = 0xFFFD; /* a lone surrogate */
            append_utf8(&out, scalar);
            break;
        }
        default: *out++ = *p++; break; /* \" \\ \/ */
        }
    }
    *out = '\0';
    if (length) *length = (size_t)(out - copy);
    return copy;
}

static int ascii_case_equal(const char *a, const char *b) {
    for (; *a && *b; a++, b++) {
        char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a + 32) : *a;
        char y = (*b >= 'A' && *b <= 'Z') ? (char)(*b + 32) : *b;
        if (x != y) return 0;
    }
    return *a == *b;
}

int json_member(json_span object, const char *name, json_span *value) {
    if (json_kind_of(object) != JSON_OBJECT) return 0;
    json_iterator iterator = json_iterate(object);
    json_span key, member, fallback = {NULL, 0};
    while (json_next_member(&iterator, &key, &member)) {
        char *decoded = json_string_copy(key, NULL);
        if (!decoded) continue;
        int exact = strcmp(decoded, name) == 0;
        int loose = !exact && !fallback.start && ascii_case_equal(decoded, name);
        free(decoded);
        if (exact) {
            *value = member;
            return 1;
        }
        if (loose) fallback = member;
    }
    if (!fallback.start) return 0;
    *value = fallback;
    return 1;
}
