/* libffi's C interface (Debian: libffi-dev): plugin Lambda functions with scalar parameters are
 * called through a call interface built from their declared signature. */
#include <ffi.h>

/* The libffi type descriptors, as functions (Swift 6 refuses direct references to C globals). */
static inline ffi_type *cffi_type_pointer(void) { return &ffi_type_pointer; }
static inline ffi_type *cffi_type_double(void) { return &ffi_type_double; }
static inline ffi_type *cffi_type_float(void) { return &ffi_type_float; }
static inline ffi_type *cffi_type_sint32(void) { return &ffi_type_sint32; }
static inline ffi_type *cffi_type_sint64(void) { return &ffi_type_sint64; }
static inline ffi_type *cffi_type_uint8(void) { return &ffi_type_uint8; }
