/* Open MPI's C interface (Debian: libopenmpi-dev; pkg-config `ompi-c`). MPI's handles and
 * constants are macros Swift cannot import (MPI_COMM_WORLD is the address of a library global,
 * MPI_IN_PLACE a cast integer), so they are wrapped here as inline functions. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE  /* dladdr */
#endif
#include <dlfcn.h>
#include <mpi.h>

static inline MPI_Comm cmpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype cmpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype cmpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Op cmpi_sum(void) { return MPI_SUM; }
static inline void *cmpi_in_place(void) { return MPI_IN_PLACE; }
static inline MPI_Request cmpi_request_null(void) { return MPI_REQUEST_NULL; }
static inline MPI_Status *cmpi_status_ignore(void) { return MPI_STATUS_IGNORE; }
static inline MPI_Errhandler cmpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline int cmpi_success(void) { return MPI_SUCCESS; }
static inline int cmpi_thread_serialized(void) { return MPI_THREAD_SERIALIZED; }
static inline int cmpi_max_library_version_string(void) { return MPI_MAX_LIBRARY_VERSION_STRING; }
static inline int cmpi_max_error_string(void) { return MPI_MAX_ERROR_STRING; }

/* Plugins are opened RTLD_LOCAL, so libmpi's symbols are not global; Open MPI's components,
 * dlopen'ed by MPI_Init, expect them to be. Re-opening the already loaded libmpi (found through
 * one of its symbols) with RTLD_GLOBAL makes them visible. Returns 0 when that failed. */
static inline int cmpi_share_symbols_with_components(void) {
    Dl_info info;
    if (!dladdr((void *)&MPI_Init_thread, &info) || !info.dli_fname) return 0;
    return dlopen(info.dli_fname, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD) != NULL;
}
