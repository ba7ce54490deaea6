#include "onednn_loops.h"

#include "multiversion.h"

OL_MULTIVERSION
void onednn_max_pool_gradient_window(const float *x, const float *dy, float *dx, const int64_t *cells, int64_t count,
                                     int64_t channels, float *best, int32_t *first) {
    const float *x0 = x + cells[0];
    for (int64_t j = 0; j < channels; j++) {
        best[j] = x0[j];
        first[j] = 0;
    }
    for (int64_t k = 1; k < count; k++) {
        const float *xk = x + cells[k];
        for (int64_t j = 0; j < channels; j++) {
            float v = xk[j], b = best[j];
            int greater = v > b;
            best[j] = greater ? v : b;
            first[j] = greater ? (int32_t)k : first[j];
        }
    }
    for (int64_t k = 0; k < count; k++) {
        float *dk = dx + cells[k];
        for (int64_t j = 0; j < channels; j++) {
            float b = best[j];
            float g = b != b ? 0.0f : dy[j] + 0.0f;
            dk[j] = first[j] == (int32_t)k ? g : 0.0f;
        }
    }
}
