#include "onednn_loops.h"

#include "multiversion.h"

OL_MULTIVERSION
void onednn_relu_gradient(const float *x, const float *dy, float *dx, int64_t count) {
    for (int64_t i = 0; i < count; i++) dx[i] = dy[i] * (x[i] > 0 ? 1.0f : 0.0f);
}
