/* HDF5's C interface (Debian: libhdf5-dev, headers in /usr/include/hdf5/serial, which the
 * package's pkg-config file `hdf5` adds to the include path; the library is libhdf5_serial).
 *
 * HDF5 spells its predefined types and flags as macros that call into the library
 * (`H5T_NATIVE_FLOAT` is `(H5OPEN H5T_NATIVE_FLOAT_g)`), which Swift cannot import; the
 * inline functions below give them to Swift. */
#ifndef CHDF5_SHIM_H
#define CHDF5_SHIM_H

#include <hdf5.h>

static inline hid_t chdf5_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t chdf5_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t chdf5_native_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t chdf5_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t chdf5_native_uint8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t chdf5_c_string(void) { return H5T_C_S1; }
static inline size_t chdf5_variable_size(void) { return H5T_VARIABLE; }
static inline hid_t chdf5_default(void) { return H5P_DEFAULT; }
static inline unsigned chdf5_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline unsigned chdf5_acc_rdonly(void) { return H5F_ACC_RDONLY; }

/* A file-access property list for a file held in memory only (the core driver without a backing
 * store): the file is built in memory and its image written out by the caller, so a full disk
 * is an error of an ordinary write(2), never a failure inside HDF5's close. H5Pclose it. */
static inline hid_t chdf5_fapl_in_memory(void) {
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0) return fapl;
    if (H5Pset_fapl_core(fapl, (size_t)1 << 20, 0) < 0) { H5Pclose(fapl); return -1; }
    return fapl;
}

/* Stops HDF5 from printing its error stack on stderr; the Swift wrapper reports errors itself. */
static inline void chdf5_silence_errors(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

#endif
