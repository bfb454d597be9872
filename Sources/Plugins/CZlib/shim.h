/* zlib for Swift: inflateInit2 and deflateInit2 are macros, so they are reached through these
 * functions. Only Bytes/ZlibTransform.swift imports this module. */
#ifndef PIPEHOST_CZLIB_SHIM_H
#define PIPEHOST_CZLIB_SHIM_H
#include <zlib.h>

static inline int pipehost_inflate_init(z_stream *stream, int window_bits) {
    return inflateInit2(stream, window_bits);
}

static inline int pipehost_deflate_init(z_stream *stream, int level, int window_bits) {
    return deflateInit2(stream, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
}
#endif
