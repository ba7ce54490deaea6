/* The core's vectorised random loops: Philox-4x32-10 (the bijection of the core's
 * `Philox4x32`) evaluated over many counters at once, compiled for AVX-512, AVX2 and baseline
 * x86-64 (the loader picks the CPU's best). */
#ifndef KERAS_RANDOM_H
#define KERAS_RANDOM_H

#include <stdint.h>

/* Dropout keep masks. Stream element `s` takes the 53 uniform bits
 *   m = (w0 << 21) ^ (w1 >> 11)
 * of Philox block `s / 2` under key (key0, key1) and counter (s mod 2^32, s >> 32, 0, 0), where
 * (w0, w1) are the block's words 0 and 1 for an even `s`, 2 and 3 for an odd one (the bits of
 * `RandomGenerator.uniform(at: s)`). `out[i]` is `keep` where element `offset + i` has
 * `m >= threshold`, else 0. */
void keras_philox_keep_mask_f32(float *out, int64_t count, int64_t offset, uint32_t key0, uint32_t key1,
                                uint64_t threshold, float keep);
void keras_philox_keep_mask_f64(double *out, int64_t count, int64_t offset, uint32_t key0, uint32_t key1,
                                uint64_t threshold, double keep);

#endif
