/* Element-wise activations of fused_kernels.h, vectorised (AVX-512, AVX2 or baseline, chosen
 * when loaded). */
#include "fused_kernels.h"
#include "vector_math.h"

FK_MULTIVERSION
void fk_sigmoid_array(int64_t n, const float *x, float *y) {
    for (int64_t i = 0; i < n; i++) y[i] = fk_sigmoid(x[i]);
}
