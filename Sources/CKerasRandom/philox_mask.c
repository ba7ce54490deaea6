#include "keras_random.h"

#if defined(__x86_64__) && defined(__clang__) && defined(__linux__)
#define KR_MULTIVERSION __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define KR_MULTIVERSION
#endif

/* Blocks evaluated side by side: the rounds of one block are a chain of dependent multiplies,
 * so independent blocks fill the vector lanes and the pipeline (64: 1.8 ms for the CNN's
 * 1.2 M-element mask on one Zen 4 core, against 2.6 ms one block at a time and 4.8 ms in
 * Swift). */
#define KR_LANES 64

/* Ten rounds over `lanes` blocks held as words c0…c3, the key bumped by Weyl constants. */
static inline void philox_rounds(uint32_t *c0, uint32_t *c1, uint32_t *c2, uint32_t *c3, int lanes,
                                 uint32_t key0, uint32_t key1) {
    uint32_t k0 = key0, k1 = key1;
    for (int round = 0; round < 10; round++) {
        if (round > 0) {
            k0 += 0x9E3779B9u;
            k1 += 0xBB67AE85u;
        }
        for (int l = 0; l < lanes; l++) {
            uint64_t p0 = (uint64_t)0xD2511F53u * c0[l], p1 = (uint64_t)0xCD9E8D57u * c2[l];
            uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1[l] ^ k0, n1 = (uint32_t)p1;
            uint32_t n2 = (uint32_t)(p0 >> 32) ^ c3[l] ^ k1, n3 = (uint32_t)p0;
            c0[l] = n0;
            c1[l] = n1;
            c2[l] = n2;
            c3[l] = n3;
        }
    }
}

/* The mask for stream elements [2 * first, 2 * first + 2 * lanes): element 2 * first + e goes
 * to out[base + e] where that index is in [0, count) (the partial blocks at the ends). */
#define KR_BLOCKS(T, base, first, lanes)                                              \
    do {                                                                                       \
        uint32_t c0[KR_LANES], c1[KR_LANES], c2[KR_LANES], c3[KR_LANES];                       \
        for (int l = 0; l < (lanes); l++) {                                                    \
            uint64_t b = (first) + (uint64_t)l;                                                \
            c0[l] = (uint32_t)b;                                                               \
            c1[l] = (uint32_t)(b >> 32);                                                       \
            c2[l] = 0;                                                                         \
            c3[l] = 0;                                                                         \
        }                                                                                      \
        philox_rounds(c0, c1, c2, c3, (lanes), key0, key1);                                    \
        int64_t b0 = (base);                                                                   \
        if (b0 >= 0 && b0 + 2 * (int64_t)(lanes) <= count) {                                   \
            T *pairs = out + b0;                                                               \
            for (int l = 0; l < (lanes); l++) {                                                \
                uint64_t m0 = ((uint64_t)c0[l] << 21) ^ (c1[l] >> 11);                         \
                uint64_t m1 = ((uint64_t)c2[l] << 21) ^ (c3[l] >> 11);                         \
                pairs[2 * l] = m0 >= threshold ? keep : (T)0;                                  \
                pairs[2 * l + 1] = m1 >= threshold ? keep : (T)0;                              \
            }                                                                                  \
        } else {                                                                               \
            for (int l = 0; l < (lanes); l++) {                                                \
                uint64_t m0 = ((uint64_t)c0[l] << 21) ^ (c1[l] >> 11);                         \
                uint64_t m1 = ((uint64_t)c2[l] << 21) ^ (c3[l] >> 11);                         \
                int64_t i = b0 + 2 * (int64_t)l;                                               \
                if (i >= 0 && i < count) out[i] = m0 >= threshold ? keep : (T)0;               \
                if (i + 1 >= 0 && i + 1 < count) out[i + 1] = m1 >= threshold ? keep : (T)0;   \
            }                                                                                  \
        }                                                                                      \
    } while (0)

/* Groups of KR_LANES blocks from the block of the first element (an odd first element and an
 * even last one are halves of blocks). */
#define KR_KEEP_MASK(T)                                                                        \
    if (count <= 0) return;                                                                    \
    int64_t start = offset & 1; /* stream element 2 * first is out[-start] */                  \
    uint64_t first = (uint64_t)offset >> 1;                                                    \
    int64_t blocks = (start + count + 1) / 2;                                                  \
    for (int64_t j = 0; j < blocks; j += KR_LANES) {                                           \
        int lanes = blocks - j < KR_LANES ? (int)(blocks - j) : KR_LANES;                      \
        KR_BLOCKS(T, 2 * j - start, first + (uint64_t)j, lanes);                               \
    }

KR_MULTIVERSION
void keras_philox_keep_mask_f32(float *out, int64_t count, int64_t offset, uint32_t key0, uint32_t key1,
                                uint64_t threshold, float keep) {
    KR_KEEP_MASK(float)
}

KR_MULTIVERSION
void keras_philox_keep_mask_f64(double *out, int64_t count, int64_t offset, uint32_t key0, uint32_t key1,
                                uint64_t threshold, double keep) {
    KR_KEEP_MASK(double)
}
