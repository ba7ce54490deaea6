#include "onednn_loops.h"

#if defined(__x86_64__) && defined(__clang__) && defined(__linux__)
#define OL_MULTIVERSION __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define OL_MULTIVERSION
#endif

OL_MULTIVERSION
void onednn_relu_gradient(const float *x, const float *dy, float *dx, int64_t count) {
    for (int64_t i = 0; i < count; i++) dx[i] = dy[i] * (x[i] > 0 ? 1.0f : 0.0f);
}
