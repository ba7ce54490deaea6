/* Vectorised CPU loops shared by SwiftKeras's backend plugins (not by the core): the LSTM
 * sequence (its gate arithmetic forward and backward; the matrix products go through the
 * plugin's own GEMM, passed in as a function). Each loop is compiled for AVX-512, AVX2 + FMA
 * and baseline x86-64, and the CPU's best is chosen when the library loads. float32 only. */
#ifndef FUSED_KERNELS_H
#define FUSED_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Row-major C = alpha op(A) op(B) + beta C, C being m x n: the plugin's GEMM. */
typedef void (*fk_sgemm_fn)(void *context, int transpose_a, int transpose_b, int64_t m, int64_t n, int64_t k,
                            float alpha, const float *a, int64_t lda, const float *b, int64_t ldb,
                            float beta, float *c, int64_t ldc);

/* Runs task(argument, i) for every i in 0..<count, concurrently where it can, and returns when
 * every call has returned: the plugin's thread pool. */
typedef void (*fk_task_fn)(void *argument, int64_t index);
typedef void (*fk_parallel_fn)(void *context, int64_t count, fk_task_fn task, void *argument);

/* An fk_parallel_fn on the fused kernels' own pool: the calling thread and up to count - 1
 * helper threads (started on first use, kept for the process, allocating nothing per call).
 * One job at a time: a call made while another runs (from a task, or another thread) runs its
 * tasks on its calling thread. `context` is unused. */
void fk_parallel(void *context, int64_t count, fk_task_fn task, void *argument);

/* The operands of an LSTM sequence in keras_plugin.h's order and Keras's gate layout
 * (i, f, c~, o in blocks of `units`): x (batch, time, features) batch-major, h0 and c0
 * (batch, units), kernel (features, 4 units), recurrent_kernel (units, 4 units), bias (4 units).
 *
 * With `parts` > 1 and `parallel` set, the batch is cut into `parts` slices of samples that run
 * the whole sequence concurrently (the samples of an LSTM never meet: no synchronisation per
 * step), and the weight gradients into as many blocks of columns. `gemm` must then be safe to
 * call from several threads at once, and should run each call on its calling thread alone.
 * Every element is computed by the same operations in the same order whatever `parts` is,
 * as far as the GEMM's result does not depend on the number of rows it is given. */
typedef struct fk_lstm {
    int64_t batch, time, features, units;
    int32_t go_backwards;
    const float *x, *h0, *c0, *kernel, *recurrent_kernel, *bias;
    fk_sgemm_fn gemm;
    void *gemm_context;
    int64_t parts;
    fk_parallel_fn parallel;
    void *parallel_context;
} fk_lstm;

/* Bytes of the workspace the training forward fills for the backward. */
int64_t fk_lstm_workspace_bytes(const fk_lstm *p);

/* The forward: sequence (batch, time, units), h_t, c_t. `workspace` (fk_lstm_workspace_bytes,
 * 64-byte aligned) is filled for fk_lstm_backward; NULL for inference. Scratch memory is kept
 * per thread between calls (grow-only). Returns 0, or -1 when out of memory. */
int fk_lstm_forward(const fk_lstm *p, float *sequence, float *h_t, float *c_t, void *workspace);

/* The gradient from a workspace the forward filled for the same operands: d_sequence (batch,
 * time, units), dh_t, dc_t in; dx, dh0, dc0, d_kernel, d_recurrent_kernel, d_bias out.
 * Returns 0, or -1 when out of memory. */
int fk_lstm_backward(const fk_lstm *p, const void *workspace, const float *d_sequence, const float *dh_t,
                     const float *dc_t, float *dx, float *dh0, float *dc0, float *d_kernel,
                     float *d_recurrent_kernel, float *d_bias);

/* The gradient without a workspace: the training forward into a per-thread buffer, then
 * fk_lstm_backward. Returns 0, or -1 when out of memory. */
int fk_lstm_backward_recomputing(const fk_lstm *p, const float *d_sequence, const float *dh_t, const float *dc_t,
                                 float *dx, float *dh0, float *dc0, float *d_kernel, float *d_recurrent_kernel,
                                 float *d_bias);

/* y = 1 / (1 + exp(-x)) over n float32 elements (y may be x), within 1e-7 of the exact value;
 * NaN stays NaN. */
void fk_sigmoid_array(int64_t n, const float *x, float *y);

/* One optimizer update in place over n float32 elements (keras_plugin.h's keras_optimizer_op and
 * formulas, Keras 3's): op 0 SGD, 1 RMSprop, 2 Adam, 3 AdamW, 4 Adagrad; flags 1 nesterov,
 * 2 centered, 4 amsgrad; slots in keras_plugin.h's order. Scalars are rounded to float32 first
 * and each operation is rounded as written (no FMA contraction), so the result is the host's
 * in-place Swift update bit for bit. Returns 0, or -1 for an unknown op. */
typedef struct fk_optimizer {
    int32_t op;
    uint32_t flags;
    double learning_rate, momentum, rho, beta_1, beta_2, epsilon, weight_decay;
    int64_t step;
} fk_optimizer;

int fk_optimizer_update(const fk_optimizer *p, int64_t n, float *variable, const float *gradient,
                        float *const *slots, int32_t slot_count);

#ifdef __cplusplus
}
#endif

#endif
