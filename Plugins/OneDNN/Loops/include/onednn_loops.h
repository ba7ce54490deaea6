/* The oneDNN plugin's own vectorised loops (kernels oneDNN has no fast primitive for), each
 * compiled for AVX-512, AVX2 and baseline x86-64, chosen when loaded. */
#ifndef ONEDNN_LOOPS_H
#define ONEDNN_LOOPS_H

#include <stdint.h>

/* The max-pooling gradient of one window when windows do not overlap. `cells` holds the flat
 * offsets in `x` and `dx` of the window's `count` (≥ 1) valid cells, in window order; `dy` and
 * the cells have `channels` contiguous channels. Per channel, `dx` at the first cell holding the
 * window's maximum (strictly greater than every earlier cell) gets `0 + dy` and every other cell
 * 0; when the first cell is NaN the maximum is NaN and every cell gets 0. `best` and `first` are
 * scratch of `channels` elements. */
void onednn_max_pool_gradient_window(const float *x, const float *dy, float *dx, const int64_t *cells, int64_t count,
                                     int64_t channels, float *best, int32_t *first);

#endif
