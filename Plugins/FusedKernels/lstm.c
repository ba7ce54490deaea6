/* The LSTM sequence of fused_kernels.h: the input projection of every step as one GEMM, then per
 * step one recurrent GEMM and one pass of gate arithmetic; the backward the same way round, with
 * the weight gradients as three GEMMs over all steps at the end.
 *
 * Rows of the per-step buffers are batch-major like x: row b * time + t holds sample b at time t
 * (t = the step's position in x, so with go_backwards step s reads t = time - 1 - s). Then dx and
 * the weight gradients are single GEMMs over x's own layout. */
#include "fused_kernels.h"
#include "vector_math.h"
#include <stdlib.h>
#include <string.h>

/* The gate arithmetic may fuse multiply-adds (it matches the composition within tolerance). */
#pragma clang fp contract(fast)

typedef struct {
    float *gates;     /* (rows, 4u): i, f, c~, o after their activations */
    float *cell;      /* (rows, u): c after the step */
    float *tanh_cell; /* (rows, u) */
    float *h_prev;    /* (rows, u): h the step started from */
    float *c_prev;    /* (rows, u): c the step started from */
} lstm_buffers;

static int64_t rows_of(const fk_lstm *p) { return p->batch * p->time; }

static int64_t aligned(int64_t bytes) { return (bytes + 63) / 64 * 64; }

static lstm_buffers carve(const fk_lstm *p, void *base) {
    int64_t rows = rows_of(p), u = p->units;
    char *at = (char *)base;
    lstm_buffers w;
    w.gates = (float *)at;
    at += aligned(rows * 4 * u * (int64_t)sizeof(float));
    w.cell = (float *)at;
    at += aligned(rows * u * (int64_t)sizeof(float));
    w.tanh_cell = (float *)at;
    at += aligned(rows * u * (int64_t)sizeof(float));
    w.h_prev = (float *)at;
    at += aligned(rows * u * (int64_t)sizeof(float));
    w.c_prev = (float *)at;
    return w;
}

int64_t fk_lstm_workspace_bytes(const fk_lstm *p) {
    int64_t rows = rows_of(p), u = p->units;
    return aligned(rows * 4 * u * 4) + 4 * aligned(rows * u * 4);
}

/* Grow-only scratch buffers per thread and purpose: no allocation in a steady training step. */
enum { SCRATCH_FORWARD, SCRATCH_BACKWARD, SCRATCH_RECOMPUTE, SCRATCH_COUNT };
static _Thread_local void *scratch_pointer[SCRATCH_COUNT];
static _Thread_local int64_t scratch_bytes[SCRATCH_COUNT];

static void *scratch(int which, int64_t bytes) {
    if (scratch_bytes[which] < bytes) {
        free(scratch_pointer[which]);
        scratch_pointer[which] = 0;
        scratch_bytes[which] = 0;
        void *raw = 0;
        if (posix_memalign(&raw, 64, (size_t)(bytes < 64 ? 64 : bytes)) != 0) return 0;
        scratch_pointer[which] = raw;
        scratch_bytes[which] = bytes;
    }
    return scratch_pointer[which];
}

/* One step's gate arithmetic for one sample: z_rec = h U (4u), pre = x W + b (4u, the row of
 * `gates`, overwritten with the activated gates); c (u) updated in place; h (u) written. */
FK_MULTIVERSION
static void lstm_cell_forward(int64_t u, const float *restrict z_rec, float *restrict gates, float *restrict c,
                              float *restrict h, float *restrict tanh_out, float *restrict cell_out) {
    float *gi = gates, *gf = gates + u, *gg = gates + 2 * u, *go = gates + 3 * u;
    const float *zi = z_rec, *zf = z_rec + u, *zg = z_rec + 2 * u, *zo = z_rec + 3 * u;
    for (int64_t j = 0; j < u; j++) {
        float i = fk_sigmoid(gi[j] + zi[j]);
        float f = fk_sigmoid(gf[j] + zf[j]);
        float g = fk_tanh(gg[j] + zg[j]);
        float o = fk_sigmoid(go[j] + zo[j]);
        float cn = f * c[j] + i * g;
        float tc = fk_tanh(cn);
        gi[j] = i;
        gf[j] = f;
        gg[j] = g;
        go[j] = o;
        c[j] = cn;
        h[j] = o * tc;
        if (tanh_out) tanh_out[j] = tc;
        if (cell_out) cell_out[j] = cn;
    }
}

FK_MULTIVERSION
static void add_bias_rows(int64_t rows, int64_t n, float *restrict m, const float *restrict bias) {
    for (int64_t r = 0; r < rows; r++) {
        float *row = m + r * n;
        for (int64_t j = 0; j < n; j++) row[j] += bias[j];
    }
}

/* How many slices of samples run concurrently, and which samples slice k holds. */
static int64_t parts_of(const fk_lstm *p) {
    if (!p->parallel || p->parts < 2 || p->batch < 2) return 1;
    return p->parts < p->batch ? p->parts : p->batch;
}

static void slice_of(int64_t count, int64_t parts, int64_t k, int64_t *first, int64_t *end) {
    *first = count * k / parts;
    *end = count * (k + 1) / parts;
}

static void run_parts(const fk_lstm *p, int64_t parts, fk_task_fn task, void *argument) {
    if (parts > 1) {
        p->parallel(p->parallel_context, parts, task, argument);
    } else {
        task(argument, 0);
    }
}

/* What every slice of the forward shares: the operands, the outputs and the state buffers
 * (h, c (batch, u) and the recurrent product z (batch, 4u)); slice k touches its own rows. */
typedef struct {
    const fk_lstm *p;
    int64_t parts;
    lstm_buffers w;
    int has_workspace;
    float *sequence, *h_t, *c_t, *h, *c, *z;
} forward_job;

static void forward_slice(void *argument, int64_t k) {
    const forward_job *j = argument;
    const fk_lstm *p = j->p;
    const int64_t T = p->time, F = p->features, u = p->units, G = 4 * u;
    int64_t b0, b1;
    slice_of(p->batch, j->parts, k, &b0, &b1);
    const int64_t Bk = b1 - b0;
    if (Bk == 0) return;
    float *gates = j->w.gates, *h = j->h + b0 * u, *c = j->c + b0 * u, *z = j->z + b0 * G;
    /* Input projection of every step of these samples: gates = x W + b. */
    p->gemm(p->gemm_context, 0, 0, Bk * T, G, F, 1.0f, p->x + b0 * T * F, F, p->kernel, G, 0.0f, gates + b0 * T * G, G);
    add_bias_rows(Bk * T, G, gates + b0 * T * G, p->bias);
    memcpy(h, p->h0 + b0 * u, (size_t)(Bk * u) * sizeof(float));
    memcpy(c, p->c0 + b0 * u, (size_t)(Bk * u) * sizeof(float));
    for (int64_t s = 0; s < T; s++) {
        int64_t t = p->go_backwards ? T - 1 - s : s;
        if (j->has_workspace) {
            for (int64_t b = b0; b < b1; b++) {
                memcpy(j->w.h_prev + (b * T + t) * u, j->h + b * u, (size_t)u * sizeof(float));
                memcpy(j->w.c_prev + (b * T + t) * u, j->c + b * u, (size_t)u * sizeof(float));
            }
        }
        p->gemm(p->gemm_context, 0, 0, Bk, G, u, 1.0f, h, u, p->recurrent_kernel, G, 0.0f, z, G);
        for (int64_t b = b0; b < b1; b++) {
            int64_t r = b * T + t;
            lstm_cell_forward(u, j->z + b * G, gates + r * G, j->c + b * u, j->h + b * u,
                              j->has_workspace ? j->w.tanh_cell + r * u : 0, j->has_workspace ? j->w.cell + r * u : 0);
            memcpy(j->sequence + (b * T + s) * u, j->h + b * u, (size_t)u * sizeof(float));
        }
    }
    memcpy(j->h_t + b0 * u, h, (size_t)(Bk * u) * sizeof(float));
    memcpy(j->c_t + b0 * u, c, (size_t)(Bk * u) * sizeof(float));
}

int fk_lstm_forward(const fk_lstm *p, float *sequence, float *h_t, float *c_t, void *workspace) {
    const int64_t B = p->batch, T = p->time, u = p->units, G = 4 * u, rows = B * T;
    /* Inference keeps the gates in scratch; both keep the state and the recurrent product there. */
    int64_t state = 2 * aligned(B * u * 4) + aligned(B * G * 4);
    char *base = scratch(SCRATCH_FORWARD, state + (workspace ? 0 : aligned(rows * G * 4)));
    if (!base) return -1;
    forward_job j;
    memset(&j, 0, sizeof j);
    j.p = p;
    j.parts = parts_of(p);
    j.has_workspace = workspace != 0;
    if (workspace) {
        j.w = carve(p, workspace);
    } else {
        j.w.gates = (float *)(base + state);
    }
    j.sequence = sequence;
    j.h_t = h_t;
    j.c_t = c_t;
    j.h = (float *)base;
    j.c = (float *)(base + aligned(B * u * 4));
    j.z = (float *)(base + 2 * aligned(B * u * 4));
    run_parts(p, j.parts, forward_slice, &j);
    return 0;
}

/* One step's gradient for one sample: dh (u, already holding this step's output gradient) and
 * dc (u) in; dz (4u) out; dc becomes the gradient of the c the step started from. */
FK_MULTIVERSION
static void lstm_cell_backward(int64_t u, const float *restrict gates, const float *restrict tanh_cell,
                               const float *restrict c_prev, const float *restrict dh, float *restrict dc,
                               float *restrict dz) {
    const float *gi = gates, *gf = gates + u, *gg = gates + 2 * u, *go = gates + 3 * u;
    for (int64_t j = 0; j < u; j++) {
        float i = gi[j], f = gf[j], g = gg[j], o = go[j], tc = tanh_cell[j];
        float d_o = dh[j] * tc;
        float dcc = dc[j] + dh[j] * o * (1.0f - tc * tc);
        float d_i = dcc * g, d_g = dcc * i, d_f = dcc * c_prev[j];
        dc[j] = dcc * f;
        dz[j] = d_i * i * (1.0f - i);
        dz[u + j] = d_f * f * (1.0f - f);
        dz[2 * u + j] = d_g * (1.0f - g * g);
        dz[3 * u + j] = d_o * o * (1.0f - o);
    }
}

FK_MULTIVERSION
static void add_into(int64_t n, float *restrict y, const float *restrict x) {
    for (int64_t j = 0; j < n; j++) y[j] += x[j];
}

/* out[j] = the sum over rows of m[r * ld + j], j < n. */
FK_MULTIVERSION
static void column_sums(int64_t rows, int64_t n, int64_t ld, const float *restrict m, float *restrict out) {
    for (int64_t j = 0; j < n; j++) out[j] = 0;
    for (int64_t r = 0; r < rows; r++) {
        const float *row = m + r * ld;
        for (int64_t j = 0; j < n; j++) out[j] += row[j];
    }
}

/* What every slice of the backward shares: operands, the workspace, the gate gradients dz
 * (rows, 4u), the state gradients dh, dc (batch, u), the outputs. */
typedef struct {
    const fk_lstm *p;
    int64_t parts;
    lstm_buffers w;
    const float *d_sequence, *dh_t, *dc_t;
    float *dz, *dh, *dc;
    float *dx, *dh0, *dc0, *d_kernel, *d_recurrent_kernel, *d_bias;
} backward_job;

/* Slice k's samples back through time, then their dx. */
static void backward_slice(void *argument, int64_t k) {
    const backward_job *j = argument;
    const fk_lstm *p = j->p;
    const int64_t T = p->time, F = p->features, u = p->units, G = 4 * u;
    int64_t b0, b1;
    slice_of(p->batch, j->parts, k, &b0, &b1);
    const int64_t Bk = b1 - b0;
    if (Bk == 0) return;
    float *dh = j->dh + b0 * u, *dc = j->dc + b0 * u;
    memcpy(dh, j->dh_t + b0 * u, (size_t)(Bk * u) * sizeof(float));
    memcpy(dc, j->dc_t + b0 * u, (size_t)(Bk * u) * sizeof(float));
    for (int64_t s = T - 1; s >= 0; s--) {
        int64_t t = p->go_backwards ? T - 1 - s : s;
        for (int64_t b = b0; b < b1; b++) {
            int64_t r = b * T + t;
            add_into(u, j->dh + b * u, j->d_sequence + (b * T + s) * u);
            lstm_cell_backward(u, j->w.gates + r * G, j->w.tanh_cell + r * u, j->w.c_prev + r * u, j->dh + b * u,
                               j->dc + b * u, j->dz + r * G);
        }
        /* dh of the step before: dz_s U^T, dz_s's rows being b * T + t. */
        p->gemm(p->gemm_context, 0, 1, Bk, u, G, 1.0f, j->dz + (b0 * T + t) * G, T * G, p->recurrent_kernel, G, 0.0f,
                dh, u);
    }
    memcpy(j->dh0 + b0 * u, dh, (size_t)(Bk * u) * sizeof(float));
    memcpy(j->dc0 + b0 * u, dc, (size_t)(Bk * u) * sizeof(float));
    p->gemm(p->gemm_context, 0, 1, Bk * T, F, G, 1.0f, j->dz + b0 * T * G, G, p->kernel, G, 0.0f, j->dx + b0 * T * F, F);
}

/* Block k of the weight gradients' columns (over every sample and step): x^T dz, h_prev^T dz
 * and the column sums of dz. Blocks are whole multiples of 16 columns but the last. */
static void weight_gradient_block(void *argument, int64_t k) {
    const backward_job *j = argument;
    const fk_lstm *p = j->p;
    const int64_t F = p->features, u = p->units, G = 4 * u, rows = p->batch * p->time;
    const int64_t block = (G + j->parts * 16 - 1) / (j->parts * 16) * 16;
    const int64_t g0 = k * block, g1 = g0 + block < G ? g0 + block : G;
    if (g0 >= g1) return;
    p->gemm(p->gemm_context, 1, 0, F, g1 - g0, rows, 1.0f, p->x, F, j->dz + g0, G, 0.0f, j->d_kernel + g0, G);
    p->gemm(p->gemm_context, 1, 0, u, g1 - g0, rows, 1.0f, j->w.h_prev, u, j->dz + g0, G, 0.0f,
            j->d_recurrent_kernel + g0, G);
    column_sums(rows, g1 - g0, G, j->dz + g0, j->d_bias + g0);
}

int fk_lstm_backward(const fk_lstm *p, const void *workspace, const float *d_sequence, const float *dh_t,
                     const float *dc_t, float *dx, float *dh0, float *dc0, float *d_kernel,
                     float *d_recurrent_kernel, float *d_bias) {
    const int64_t B = p->batch, T = p->time, u = p->units, G = 4 * u, rows = B * T;
    /* dz (rows, 4u), dh and dc (batch, u) */
    char *base = scratch(SCRATCH_BACKWARD, aligned(rows * G * 4) + 2 * aligned(B * u * 4));
    if (!base) return -1;
    backward_job j;
    memset(&j, 0, sizeof j);
    j.p = p;
    j.parts = parts_of(p);
    j.w = carve(p, (void *)workspace);
    j.d_sequence = d_sequence;
    j.dh_t = dh_t;
    j.dc_t = dc_t;
    j.dz = (float *)base;
    j.dh = (float *)(base + aligned(rows * G * 4));
    j.dc = (float *)((char *)j.dh + aligned(B * u * 4));
    j.dx = dx;
    j.dh0 = dh0;
    j.dc0 = dc0;
    j.d_kernel = d_kernel;
    j.d_recurrent_kernel = d_recurrent_kernel;
    j.d_bias = d_bias;
    run_parts(p, j.parts, backward_slice, &j);
    run_parts(p, j.parts, weight_gradient_block, &j);
    return 0;
}

int fk_lstm_backward_recomputing(const fk_lstm *p, const float *d_sequence, const float *dh_t, const float *dc_t,
                                 float *dx, float *dh0, float *dc0, float *d_kernel, float *d_recurrent_kernel,
                                 float *d_bias) {
    const int64_t B = p->batch, T = p->time, u = p->units;
    int64_t workspace_bytes = fk_lstm_workspace_bytes(p);
    char *base = scratch(SCRATCH_RECOMPUTE, workspace_bytes + aligned(B * T * u * 4) + 2 * aligned(B * u * 4));
    if (!base) return -1;
    float *sequence = (float *)(base + workspace_bytes);
    float *h = (float *)((char *)sequence + aligned(B * T * u * 4));
    float *c = (float *)((char *)h + aligned(B * u * 4));
    if (fk_lstm_forward(p, sequence, h, c, base) != 0) return -1;
    return fk_lstm_backward(p, base, d_sequence, dh_t, dc_t, dx, dh0, dc0, d_kernel, d_recurrent_kernel, d_bias);
}
