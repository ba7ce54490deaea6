/* Branch-free float32 exp, sigmoid and tanh that compilers vectorise inside loops, and the
 * attribute that compiles a loop for AVX-512, AVX2 + FMA and baseline x86-64 (the loader picks
 * the CPU's best). Accuracy: exp within 2 ulp over [-87, 88]; sigmoid and tanh within 1e-7
 * absolute. */
#ifndef FK_VECTOR_MATH_H
#define FK_VECTOR_MATH_H

#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) && defined(__clang__) && defined(__linux__)
#define FK_MULTIVERSION __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define FK_MULTIVERSION
#endif

static inline float fk_exp(float x) {
    x = x < -87.3f ? -87.3f : (x > 88.3f ? 88.3f : x);
    float n = __builtin_roundf(x * 1.44269504088896341f);
    float r = x - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    /* exp(r) on |r| <= ln2/2: Cephes expf's polynomial. */
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    int32_t bits = ((int32_t)n + 127) << 23;
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

static inline float fk_sigmoid(float x) { return 1.0f / (1.0f + fk_exp(-x)); }

static inline float fk_tanh(float x) {
    /* tanh(x) = 1 - 2 / (exp(2x) + 1); near 0, x itself is closer. */
    float t = 1.0f - 2.0f / (fk_exp(2.0f * x) + 1.0f);
    float ax = x < 0 ? -x : x;
    return ax < 4e-3f ? x * (1.0f - x * x * (1.0f / 3.0f)) : t;
}

#endif
