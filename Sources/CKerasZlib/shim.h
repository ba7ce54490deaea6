/* zlib's C interface (Debian: zlib1g-dev). The IDX reader uses gzopen/gzread, which read
 * gzip-compressed and plain files alike. */
#include <zlib.h>
