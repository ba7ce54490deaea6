/* The oneDNN plugin's own vectorised loops (kernels oneDNN has no fast primitive for), each
 * compiled for AVX-512, AVX2 and baseline x86-64, chosen when loaded, and run on the OpenMP
 * threads oneDNN's primitives use. */
#ifndef ONEDNN_LOOPS_H
#define ONEDNN_LOOPS_H

#include <stdint.h>

/* Runs body(context, begin, end) over contiguous chunks of [0, count) on `threads` threads of
 * the OpenMP runtime oneDNN runs on (libgomp, when the process has it loaded: then the plugin's
 * loops and oneDNN's primitives share one pool of threads instead of two pools spinning
 * against each other), or on the calling thread alone. Returns the number of chunks run. */
int onednn_parallel_for(int64_t count, int threads, void (*body)(void *context, int64_t begin, int64_t end),
                        void *context);

/* The max-pooling gradient of one window when windows do not overlap. `cells` holds the flat
 * offsets in `x` and `dx` of the window's `count` (≥ 1) valid cells, in window order; `dy` and
 * the cells have `channels` contiguous channels. Per channel, `dx` at the first cell holding the
 * window's maximum (strictly greater than every earlier cell) gets `0 + dy` and every other cell
 * 0; when the first cell is NaN the maximum is NaN and every cell gets 0. `best` and `first` are
 * scratch of `channels` elements. */
void onednn_max_pool_gradient_window(const float *x, const float *dy, float *dx, const int64_t *cells, int64_t count,
                                     int64_t channels, float *best, int32_t *first);

/* sums[j] += Σ x[i · columns + j] over the `rows` rows of `x`, accumulated in float over blocks
 * of rows and in double across blocks. */
void onednn_column_sums(const float *x, int64_t rows, int64_t columns, double *sums);

/* The plain relu's gradient, dx = dy · [x > 0] (0 where x is NaN; ±0 or NaN where dy is
 * not finite and x ≤ 0, as the product gives), over `count` elements. */
void onednn_relu_gradient(const float *x, const float *dy, float *dx, int64_t count);

#endif
