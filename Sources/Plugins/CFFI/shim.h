/* libffi for Swift. Swift 6 rejects references to mutable C globals such as ffi_type_sint64, so the
 * built-in types are reached through these accessors. Only FFICall.swift imports this module. */
#ifndef PIPEHOST_CFFI_SHIM_H
#define PIPEHOST_CFFI_SHIM_H
#include <ffi.h>

static inline ffi_type *pipehost_ffi_type_void(void) { return &ffi_type_void; }
static inline ffi_type *pipehost_ffi_type_sint8(void) { return &ffi_type_sint8; }
static inline ffi_type *pipehost_ffi_type_sint16(void) { return &ffi_type_sint16; }
static inline ffi_type *pipehost_ffi_type_sint32(void) { return &ffi_type_sint32; }
static inline ffi_type *pipehost_ffi_type_sint64(void) { return &ffi_type_sint64; }
static inline ffi_type *pipehost_ffi_type_uint8(void) { return &ffi_type_uint8; }
static inline ffi_type *pipehost_ffi_type_uint32(void) { return &ffi_type_uint32; }
static inline ffi_type *pipehost_ffi_type_uint64(void) { return &ffi_type_uint64; }
static inline ffi_type *pipehost_ffi_type_float(void) { return &ffi_type_float; }
static inline ffi_type *pipehost_ffi_type_double(void) { return &ffi_type_double; }
static inline ffi_type *pipehost_ffi_type_pointer(void) { return &ffi_type_pointer; }
static inline ffi_abi pipehost_ffi_default_abi(void) { return FFI_DEFAULT_ABI; }
#endif
