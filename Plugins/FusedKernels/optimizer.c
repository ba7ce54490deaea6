/* The optimizer updates of fused_kernels.h: one pass over the elements per update, vectorised
 * (AVX-512, AVX2 or baseline, chosen when loaded). */
#include "fused_kernels.h"
#include "vector_math.h"
#include <math.h>

/* No multiply-add fusion (also the target's flag): the host's Swift loops round each operation. */
#pragma clang fp contract(off)

FK_MULTIVERSION
static void decay(int64_t n, float *restrict w, float factor) {
    for (int64_t i = 0; i < n; i++) w[i] = w[i] - w[i] * factor;
}

FK_MULTIVERSION
static void sgd(int64_t n, float *restrict w, const float *restrict g, float lr) {
    for (int64_t i = 0; i < n; i++) w[i] = w[i] - g[i] * lr;
}

FK_MULTIVERSION
static void sgd_momentum(int64_t n, float *restrict w, const float *restrict g, float *restrict m, float lr, float mu,
                         int nesterov) {
    if (nesterov) {
        for (int64_t i = 0; i < n; i++) {
            float step = g[i] * lr, nm = m[i] * mu - step;
            m[i] = nm;
            w[i] = w[i] + nm * mu - step;
        }
    } else {
        for (int64_t i = 0; i < n; i++) {
            float nm = m[i] * mu - g[i] * lr;
            m[i] = nm;
            w[i] = w[i] + nm;
        }
    }
}

/* v: velocity; a: average gradient (centered) or NULL; m: momentum or NULL. */
FK_MULTIVERSION
static void rmsprop(int64_t n, float *restrict w, const float *restrict g, float *restrict v, float *restrict a,
                    float *restrict m, float lr, float rho, float one_minus_rho, float mu, float eps) {
    for (int64_t i = 0; i < n; i++) {
        float gi = g[i];
        float nv = v[i] * rho + gi * gi * one_minus_rho;
        v[i] = nv;
        float denominator = nv;
        if (a) {
            float na = a[i] * rho + gi * one_minus_rho;
            a[i] = na;
            denominator = nv - na * na;
        }
        float increment = gi * lr / sqrtf(denominator + eps);
        if (m) {
            float nm = m[i] * mu + increment;
            m[i] = nm;
            w[i] = w[i] - nm;
        } else {
            w[i] = w[i] - increment;
        }
    }
}

FK_MULTIVERSION
static void adam(int64_t n, float *restrict w, const float *restrict g, float *restrict m, float *restrict v,
                 float *restrict v_hat, float alpha, float one_minus_b1, float one_minus_b2, float eps) {
    for (int64_t i = 0; i < n; i++) {
        float gi = g[i];
        float nm = m[i] + (gi - m[i]) * one_minus_b1;
        float nv = v[i] + (gi * gi - v[i]) * one_minus_b2;
        m[i] = nm;
        v[i] = nv;
        float source = nv;
        if (v_hat) {
            float old = v_hat[i];
            source = (old > nv || old != old) ? old : nv;
            v_hat[i] = source;
        }
        w[i] = w[i] - nm * alpha / (sqrtf(source) + eps);
    }
}

FK_MULTIVERSION
static void adagrad(int64_t n, float *restrict w, const float *restrict g, float *restrict a, float lr, float eps) {
    for (int64_t i = 0; i < n; i++) {
        float na = a[i] + g[i] * g[i];
        a[i] = na;
        w[i] = w[i] - g[i] * lr / sqrtf(na + eps);
    }
}

int fk_optimizer_update(const fk_optimizer *p, int64_t n, float *variable, const float *gradient,
                        float *const *slots, int32_t slot_count) {
    float lr = (float)p->learning_rate;
    if (p->weight_decay != 0) decay(n, variable, (float)p->weight_decay * lr);
    switch (p->op) {
    case 0:
        if (p->momentum != 0) {
            if (slot_count < 1) return -1;
            sgd_momentum(n, variable, gradient, slots[0], lr, (float)p->momentum, (p->flags & 1u) != 0);
        } else {
            sgd(n, variable, gradient, lr);
        }
        return 0;
    case 1: {
        int centered = (p->flags & 2u) != 0, has_momentum = p->momentum > 0;
        if (slot_count < 1 + centered + has_momentum) return -1;
        float *m = has_momentum ? slots[1] : 0;
        float *a = centered ? slots[slot_count - 1] : 0;
        rmsprop(n, variable, gradient, slots[0], a, m, lr, (float)p->rho, (float)(1 - p->rho), (float)p->momentum,
                (float)p->epsilon);
        return 0;
    }
    case 2:
    case 3: {
        int amsgrad = (p->flags & 4u) != 0;
        if (slot_count < 2 + amsgrad) return -1;
        /* The host's rounding: the betas as float32, each bias correction rounded to float32. */
        double t = (double)p->step;
        float b1 = (float)p->beta_1, b2 = (float)p->beta_2;
        float correction = sqrtf((float)(1 - pow((double)b2, t))) / (float)(1 - pow((double)b1, t));
        float alpha = lr * correction;
        adam(n, variable, gradient, slots[0], slots[1], amsgrad ? slots[2] : 0, alpha, (float)(1 - p->beta_1),
             (float)(1 - p->beta_2), (float)p->epsilon);
        return 0;
    }
    case 4:
        if (slot_count < 1) return -1;
        adagrad(n, variable, gradient, slots[0], lr, (float)p->epsilon);
        return 0;
    default:
        return -1;
    }
}
