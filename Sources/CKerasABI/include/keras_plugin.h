/*
 * keras_plugin.h — the C contract between the SwiftKeras core ("the host") and its plugins.
 *
 * This header is the whole contract: nothing else crosses the boundary, and no Swift type ever
 * does (Swift has no stable ABI on Linux, and every plugin image carries its own copy of
 * whatever Swift code it links). A plugin is a shared library that exports one function,
 * `keras_plugin_entry`; the host opens it with dlopen(RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE)
 * and never unloads it.
 *
 *   host                                   plugin
 *   ----                                   ------
 *   dlopen, dlsym("keras_plugin_entry")
 *   entry(&host_api)  ------------------>  returns its descriptor (static, lives forever)
 *   checks abi_major, sizes
 *   descriptor->init()  ---------------->  sets itself up; may return an error
 *   backend->set_threads(n)  ----------->  configures its math library
 *   backend->supports(&query)  --------->  1: "I will run this", 0: "fall back"
 *   backend->matmul(ctx, a, b, ..., out)   fills `out` (host-allocated) or returns an error
 *
 * Versioning. KERAS_ABI_VERSION_MAJOR must be equal on both sides. Minor versions only append:
 * new fields go at the end of a struct, new kernels at the end of the kernel table, new codes at
 * the end of an enum. Every struct begins with `struct_size`, the size the writer compiled it
 * with, and a reader touches a field only when `struct_size` covers it; a field beyond the end
 * reads as 0 / NULL, which always means "not provided" (struct_size is sizeof the struct, a multiple
 * of 8; a field only partly covered counts as absent). So a plugin built against an older minor
 * loads (its missing kernels fall back), and one built against a newer minor loads too (the host
 * reads only the fields it knows). Plugins read the host table by the same rule.
 *
 * Conventions.
 *   - All functions are called on any thread, possibly concurrently, unless noted.
 *   - Nothing unwinds across the boundary: failures are returned as keras_error objects.
 *   - Strings are UTF-8 and NUL-terminated.
 *   - "Whoever allocates frees": tensors passed to kernels are host memory; errors are made by the
 *     host's factory and freed by the host; a plugin's static strings and tables live as long as
 *     the process (plugins are never unloaded).
 */
#ifndef KERAS_PLUGIN_H
#define KERAS_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------ */
/* Versions and the entry point                                                                */
/* ------------------------------------------------------------------------------------------ */

#define KERAS_ABI_VERSION_MAJOR 1
#define KERAS_ABI_VERSION_MINOR 1

/* The one symbol a plugin exports (see keras_plugin_entry_fn). */
#define KERAS_PLUGIN_ENTRY_SYMBOL "keras_plugin_entry"

/* Alignment of every tensor buffer the host hands out, in bytes. */
#define KERAS_TENSOR_ALIGNMENT 64

#if defined(__GNUC__) || defined(__clang__)
#define KERAS_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define KERAS_PLUGIN_EXPORT
#endif

/* ------------------------------------------------------------------------------------------ */
/* Status codes and errors                                                                     */
/* ------------------------------------------------------------------------------------------ */

typedef enum keras_status {
    KERAS_STATUS_OK = 0,
    /* "Not here": the host runs the op on the reference backend, under the fallback policy. */
    KERAS_STATUS_UNIMPLEMENTED = 1,
    /* The arguments break the kernel's contract (a bug in the caller). */
    KERAS_STATUS_INVALID_ARGUMENT = 2,
    KERAS_STATUS_OUT_OF_MEMORY = 3,
    /* Anything else that went wrong inside the plugin. */
    KERAS_STATUS_INTERNAL = 4,
    /* The plugin cannot work with this host's ABI version. */
    KERAS_STATUS_ABI_MISMATCH = 5
} keras_status;

/*
 * An error: a code and a message. Made only by the host's `make_error` (so the host can free it),
 * returned by a plugin function, and from then on owned by the host, which reads and frees it.
 * A plugin that makes an error and does not return it frees it with the host's `free_error`.
 */
typedef struct keras_error {
    uint64_t struct_size;
    int32_t code;            /* a keras_status other than KERAS_STATUS_OK */
    int32_t reserved;
    const char *message;     /* owned by the error object; valid until the error is freed */
} keras_error;

/* ------------------------------------------------------------------------------------------ */
/* Tensors                                                                                     */
/* ------------------------------------------------------------------------------------------ */

typedef enum keras_dtype {
    KERAS_DTYPE_FLOAT32 = 0,
    KERAS_DTYPE_FLOAT64 = 1,
    KERAS_DTYPE_INT32 = 2,
    KERAS_DTYPE_INT64 = 3,
    KERAS_DTYPE_BOOL = 4,     /* one byte per element, 0 or 1 */
    KERAS_DTYPE_UINT8 = 5
} keras_dtype;

/*
 * A tensor as a kernel sees it: dense, row-major, contiguous, in host memory aligned to
 * KERAS_TENSOR_ALIGNMENT bytes. The descriptor and the `shape` array belong to the caller and are
 * valid only during the call they are passed to; `data` belongs to the host. A kernel reads its
 * inputs and writes every element of its output; it never writes an input, keeps a pointer after
 * returning, or frees anything. `data` is never NULL, even for zero elements (except in a
 * `supports` query, where it may be NULL).
 */
typedef struct keras_tensor {
    uint64_t struct_size;
    int32_t dtype;           /* keras_dtype */
    int32_t rank;            /* 0 for a scalar */
    const int64_t *shape;    /* `rank` dimensions, each >= 0 (may be NULL when rank is 0) */
    int64_t count;           /* number of elements: the product of `shape` (1 for a scalar) */
    void *data;
} keras_tensor;

/* ------------------------------------------------------------------------------------------ */
/* Op codes. The values are fixed; new ones are appended.                                      */
/* ------------------------------------------------------------------------------------------ */

/* Element-wise functions of one tensor. The result has the input's dtype, except the
 * KERAS_UNARY_IS_* predicates (bool). */
typedef enum keras_unary_op {
    KERAS_UNARY_NEGATIVE = 0, KERAS_UNARY_ABS, KERAS_UNARY_SIGN, KERAS_UNARY_SQUARE,
    KERAS_UNARY_SQRT, KERAS_UNARY_RSQRT, KERAS_UNARY_RECIPROCAL,
    KERAS_UNARY_EXP, KERAS_UNARY_EXPM1, KERAS_UNARY_LOG, KERAS_UNARY_LOG1P,
    KERAS_UNARY_SIN, KERAS_UNARY_COS, KERAS_UNARY_TAN, KERAS_UNARY_ASIN, KERAS_UNARY_ACOS,
    KERAS_UNARY_ATAN, KERAS_UNARY_SINH, KERAS_UNARY_COSH, KERAS_UNARY_TANH, KERAS_UNARY_ASINH,
    KERAS_UNARY_ACOSH, KERAS_UNARY_ATANH,
    KERAS_UNARY_SIGMOID, KERAS_UNARY_SOFTPLUS, KERAS_UNARY_SOFTSIGN, KERAS_UNARY_RELU,
    KERAS_UNARY_ERF,
    KERAS_UNARY_ROUND,        /* half to even */
    KERAS_UNARY_FLOOR, KERAS_UNARY_CEIL,
    KERAS_UNARY_LOGICAL_NOT,  /* bool in, bool out */
    KERAS_UNARY_IS_NAN, KERAS_UNARY_IS_INF, KERAS_UNARY_IS_FINITE,
    KERAS_UNARY_OP_COUNT
} keras_unary_op;

/* Element-wise functions of two tensors of one dtype, with numpy broadcasting. Comparisons and
 * logical ops (KERAS_BINARY_EQUAL and after) return bool. */
typedef enum keras_binary_op {
    KERAS_BINARY_ADD = 0, KERAS_BINARY_SUBTRACT, KERAS_BINARY_MULTIPLY, KERAS_BINARY_DIVIDE,
    KERAS_BINARY_FLOOR_DIVIDE,  /* rounds toward negative infinity */
    KERAS_BINARY_MOD,           /* floored, sign of the divisor (Python's %) */
    KERAS_BINARY_POWER, KERAS_BINARY_MAXIMUM, KERAS_BINARY_MINIMUM, KERAS_BINARY_ATAN2,
    KERAS_BINARY_SQUARED_DIFFERENCE,
    KERAS_BINARY_EQUAL, KERAS_BINARY_NOT_EQUAL, KERAS_BINARY_LESS, KERAS_BINARY_LESS_EQUAL,
    KERAS_BINARY_GREATER, KERAS_BINARY_GREATER_EQUAL,
    KERAS_BINARY_LOGICAL_AND, KERAS_BINARY_LOGICAL_OR, KERAS_BINARY_LOGICAL_XOR,
    KERAS_BINARY_OP_COUNT
} keras_binary_op;

typedef enum keras_reduce_op {
    KERAS_REDUCE_SUM = 0, KERAS_REDUCE_MEAN, KERAS_REDUCE_PROD, KERAS_REDUCE_MAX, KERAS_REDUCE_MIN,
    KERAS_REDUCE_ANY, KERAS_REDUCE_ALL,   /* bool in, bool out */
    KERAS_REDUCE_OP_COUNT
} keras_reduce_op;

typedef enum keras_arg_reduce_op {
    KERAS_ARG_REDUCE_ARGMAX = 0, KERAS_ARG_REDUCE_ARGMIN,
    KERAS_ARG_REDUCE_OP_COUNT
} keras_arg_reduce_op;

typedef enum keras_cumulative_op {
    KERAS_CUMULATIVE_SUM = 0, KERAS_CUMULATIVE_PROD,
    KERAS_CUMULATIVE_OP_COUNT
} keras_cumulative_op;

typedef enum keras_pool_mode {
    KERAS_POOL_MAX = 0,      /* padding cells never win */
    KERAS_POOL_AVERAGE = 1   /* padding cells are left out of the divisor */
} keras_pool_mode;

/* The kernel slots of keras_backend, in order; used in keras_op_query and in host reports. */
typedef enum keras_kernel {
    KERAS_KERNEL_UNARY = 0, KERAS_KERNEL_BINARY, KERAS_KERNEL_SELECT, KERAS_KERNEL_CAST,
    KERAS_KERNEL_REDUCE, KERAS_KERNEL_ARG_REDUCE, KERAS_KERNEL_CUMULATIVE,
    KERAS_KERNEL_MATMUL,
    KERAS_KERNEL_TRANSPOSE, KERAS_KERNEL_SLICE, KERAS_KERNEL_CONCATENATE, KERAS_KERNEL_PAD,
    KERAS_KERNEL_TILE, KERAS_KERNEL_BROADCAST, KERAS_KERNEL_REVERSE, KERAS_KERNEL_GATHER,
    KERAS_KERNEL_SCATTER_ADD,
    KERAS_KERNEL_CONVOLUTION, KERAS_KERNEL_CONVOLUTION_BACKWARD_INPUT,
    KERAS_KERNEL_CONVOLUTION_BACKWARD_KERNEL, KERAS_KERNEL_POOL, KERAS_KERNEL_POOL_BACKWARD,
    KERAS_KERNEL_SOFTMAX, KERAS_KERNEL_LOG_SOFTMAX, KERAS_KERNEL_LINEAR,
    /* ABI 1.1 */
    KERAS_KERNEL_ACTIVATION, KERAS_KERNEL_ACTIVATION_BACKWARD, KERAS_KERNEL_LINEAR_ACTIVATION,
    KERAS_KERNEL_BATCH_NORMALIZATION, KERAS_KERNEL_BATCH_NORMALIZATION_TRAINING,
    KERAS_KERNEL_BATCH_NORMALIZATION_BACKWARD,
    KERAS_KERNEL_LAYER_NORMALIZATION, KERAS_KERNEL_LAYER_NORMALIZATION_BACKWARD,
    KERAS_KERNEL_RECURRENT, KERAS_KERNEL_RECURRENT_BACKWARD,
    KERAS_KERNEL_CONVOLUTION_ACTIVATION,
    KERAS_KERNEL_COUNT
} keras_kernel;

/* ABI 1.1. Activation functions with Keras's parameters (keras_activation_params). */
typedef enum keras_activation_op {
    KERAS_ACTIVATION_LINEAR = 0,   /* x */
    /* Keras's relu(x, alpha, max_value, threshold), as Keras 2's backend computes it:
     *   y = x > threshold ? x : 0
     *   y = clip(y, 0, max_value)              only when max_value is finite
     *   y = y - alpha * max(threshold - x, 0)
     * (so x == threshold gives 0, and with a negative threshold and a max_value the values
     * between the threshold and 0 become 0).                                                 */
    KERAS_ACTIVATION_RELU,
    KERAS_ACTIVATION_ELU,          /* x > 0 ? x : alpha * (exp(x) - 1) */
    KERAS_ACTIVATION_SELU,         /* scale * elu(x, alpha), Keras's fixed scale and alpha */
    KERAS_ACTIVATION_GELU,         /* x * Phi(x), the exact (erf) form */
    KERAS_ACTIVATION_GELU_TANH,    /* Keras's gelu(approximate=True): the tanh approximation */
    KERAS_ACTIVATION_SILU,         /* x * sigmoid(x) (Keras's silu / swish) */
    KERAS_ACTIVATION_SIGMOID,
    KERAS_ACTIVATION_TANH,
    KERAS_ACTIVATION_SOFTPLUS,     /* log(1 + exp(x)) */
    KERAS_ACTIVATION_OP_COUNT
} keras_activation_op;

/* ABI 1.1. The cell of a fused recurrent sequence (keras_recurrent_params). Gate order and weight
 * layout are Keras's:
 *   SIMPLE: h' = act(x W + h U + b); W (features, units), U (units, units), b (units);
 *           act is keras_recurrent_params.activation (TANH, RELU or SIGMOID).
 *   LSTM:   gates i, f, c, o; W (features, 4 units), U (units, 4 units), b (4 units);
 *           i, f, o = sigmoid, c~ = tanh; c' = f c + i c~; h' = o tanh(c').
 *   GRU:    Keras's reset_after=True GRU (its default); gates z, r, h; W (features, 3 units),
 *           U (units, 3 units), b (2, 3 units): row 0 the input bias, row 1 the recurrent bias;
 *           z, r = sigmoid(x W + b0 + h U + b1) per gate; h~ = tanh(x Wh + b0h + r (h Uh + b1h));
 *           h' = z h + (1 - z) h~.                                                            */
typedef enum keras_recurrent_cell {
    KERAS_RECURRENT_SIMPLE = 0,
    KERAS_RECURRENT_LSTM = 1,
    KERAS_RECURRENT_GRU = 2
} keras_recurrent_cell;

/* ------------------------------------------------------------------------------------------ */
/* Kernel parameters                                                                           */
/* ------------------------------------------------------------------------------------------ */

/*
 * Geometry of an N-D convolution (N = spatial_rank = 1, 2 or 3) over channels-last tensors:
 * input (batch, spatial..., in_channels), kernel (spatial..., in_channels / groups, out_channels)
 * (TensorFlow's layout; cross-correlation, no flip), output (batch, out_spatial..., out_channels).
 * Output channel o belongs to group o / (out_channels / groups).
 *   out[i] = (in[i] + padding_before[i] + padding_after[i] - ((k[i] - 1) * dilations[i] + 1))
 *            / strides[i] + 1
 * The arrays hold spatial_rank entries and, like the struct, belong to the caller for the call.
 */
typedef struct keras_conv_params {
    uint64_t struct_size;
    int32_t spatial_rank;
    int32_t groups;
    const int64_t *strides;
    const int64_t *dilations;
    const int64_t *padding_before;
    const int64_t *padding_after;
} keras_conv_params;

/* Geometry of an N-D pooling over channels-last tensors (batch, spatial..., channels). */
typedef struct keras_pool_params {
    uint64_t struct_size;
    int32_t spatial_rank;
    int32_t mode;            /* keras_pool_mode */
    const int64_t *window;
    const int64_t *strides;
    const int64_t *padding_before;
    const int64_t *padding_after;
} keras_pool_params;

/* ABI 1.1. An activation and its parameters; fields an op does not use are ignored. */
typedef struct keras_activation_params {
    uint64_t struct_size;
    int32_t op;              /* keras_activation_op */
    int32_t reserved;
    double alpha;            /* RELU: slope below the threshold; ELU: alpha */
    double max_value;        /* RELU: upper bound, +infinity for none */
    double threshold;        /* RELU: threshold */
} keras_activation_params;

/* ABI 1.1. Geometry of batch and layer normalisation.
 *   Batch: `axis` is the channel axis of x; statistics (mean, variance, gamma, beta, each of
 *          x->shape[axis] elements) are per channel, taken over every other axis.
 *   Layer: x is normalised over its trailing axes axis ..< rank, taken as one axis of D
 *          elements; gamma and beta hold D elements, mean and variance one per leading row
 *          (shaped x->shape[0 ..< axis]).
 * Variances are biased (divided by the number of elements reduced). */
typedef struct keras_normalization_params {
    uint64_t struct_size;
    int32_t axis;
    int32_t reserved;
    double epsilon;          /* added to the variance before the square root */
} keras_normalization_params;

/* ABI 1.1. A fused recurrent sequence, batch-major: x (batch, time, features). */
typedef struct keras_recurrent_params {
    uint64_t struct_size;
    int32_t cell;            /* keras_recurrent_cell */
    int32_t activation;      /* SIMPLE only: a keras_activation_op (TANH, RELU or SIGMOID) */
    int32_t go_backwards;    /* nonzero: read the sequence from its last step to its first */
    int32_t reserved;
} keras_recurrent_params;

/*
 * What `supports` is asked: "would you run this kernel on these operands?". The host asks just
 * before each call (so the answer may depend on shapes, e.g. "only matrices larger than 64x64"),
 * and also while planning or reporting coverage, when the `data` pointers are NULL. Everything
 * in the query belongs to the host and is valid only during the call.
 */
typedef struct keras_op_query {
    uint64_t struct_size;
    int32_t kernel;                 /* keras_kernel */
    int32_t op;                     /* the op code for unary/binary/reduce/arg_reduce/cumulative,
                                       the keras_pool_mode for pooling, the keras_activation_op
                                       for the activation kernels (and convolution_activation),
                                       the keras_recurrent_cell for
                                       the recurrent kernels, otherwise -1 */
    int32_t input_count;
    int32_t reserved;
    const keras_tensor *inputs;     /* input_count operands, in the kernel's argument order
                                       (optional operands passed as NULL are left out) */
    const keras_tensor *output;     /* the output the host will allocate (the first, for kernels
                                       with several) */
    const void *params;             /* keras_conv_params* for convolutions (convolution_activation
                                       included), keras_pool_params*
                                       for pooling, keras_activation_params* for the activation
                                       kernels, keras_normalization_params* for normalisation,
                                       keras_recurrent_params* for the recurrent kernels,
                                       otherwise NULL */
} keras_op_query;

/* ------------------------------------------------------------------------------------------ */
/* The backend kernel table                                                                    */
/* ------------------------------------------------------------------------------------------ */

typedef keras_tensor const *keras_in;   /* an input operand */
typedef keras_tensor const *keras_out;  /* the output: host-allocated, shape and dtype fixed by
                                           the host; the kernel writes every element of ->data */

/*
 * A compute backend: the kernels of the host's `Backend` protocol over host-allocated tensors.
 *
 * Every kernel slot may be NULL ("not provided"); the host then runs that kernel on its
 * reference backend, as it does when a kernel returns KERAS_STATUS_UNIMPLEMENTED or `supports`
 * answers 0, under the user's `fallback` policy (allow, warn once per op, or error). A NULL
 * composite (softmax, log_softmax, linear) is instead computed by the host from this backend's
 * primitives.
 *
 * Every kernel returns NULL on success, or an error made with the host's `make_error` whose
 * ownership passes to the host. The host has validated shapes, dtypes and axes (see the
 * `Backend` documentation in SwiftKeras) and computed the output shape before calling;
 * a kernel that meets operands it does not handle returns KERAS_STATUS_UNIMPLEMENTED.
 * `context` is the backend's own `context` field, passed back unchanged.
 */
typedef struct keras_backend {
    uint64_t struct_size;
    const char *name;        /* the name users select it by ("openblas"): lowercase letters,
                                digits, '-' and '_'; static */
    int32_t priority;        /* rank for backend "auto": the highest that loads wins; the
                                reference backend is 0 */
    int32_t reserved;
    void *context;           /* the plugin's state, passed to every function below; may be NULL */

    /* Called after init and whenever the host's thread count changes: the number of threads the
     * backend may use (the host's `threads` setting). NULL: the backend does not care. */
    void (*set_threads)(void *context, int32_t threads);

    /* 1 if the backend will run `query`, 0 to let the host fall back without calling the
     * kernel. NULL: every provided kernel accepts everything (it may still return
     * KERAS_STATUS_UNIMPLEMENTED). Must be cheap and must not fail. */
    int32_t (*supports)(void *context, const keras_op_query *query);

    /* Element-wise (see the op enums for dtypes; broadcasting follows numpy). */
    keras_error *(*unary)(void *context, int32_t op, keras_in x, keras_out out);
    keras_error *(*binary)(void *context, int32_t op, keras_in a, keras_in b, keras_out out);
    keras_error *(*select)(void *context, keras_in condition, keras_in a, keras_in b, keras_out out);
    /* Converts to out->dtype like tf.cast: float to int truncates toward zero, nonzero is true. */
    keras_error *(*cast)(void *context, keras_in x, keras_out out);

    /* Reductions. `axes` are sorted, unique, in 0..<x->rank (possibly none: a copy). */
    keras_error *(*reduce)(void *context, int32_t op, keras_in x, const int64_t *axes,
                           int32_t axis_count, int32_t keep_dims, keras_out out);
    /* Index (int64) of the first max/min along `axis`, which is removed from the shape. */
    keras_error *(*arg_reduce)(void *context, int32_t op, keras_in x, int32_t axis, keras_out out);
    keras_error *(*cumulative)(void *context, int32_t op, keras_in x, int32_t axis,
                               int32_t exclusive, int32_t reverse, keras_out out);

    /* Batched matrix product with numpy broadcasting of the leading dimensions:
     * a (..., M, K) . b (..., K, N) -> (..., M, N), after transposing the last two axes of an
     * operand whose flag is nonzero. Both ranks >= 2, float32 or float64. */
    keras_error *(*matmul)(void *context, keras_in a, keras_in b, int32_t transpose_a,
                           int32_t transpose_b, keras_out out);

    /* Layout. Array arguments hold one entry per axis of x (or of out for `broadcast`). */
    keras_error *(*transpose)(void *context, keras_in x, const int64_t *permutation, keras_out out);
    /* out[i...] = x[start[i] + i * strides[i]...]; the sizes are out's shape. */
    keras_error *(*slice)(void *context, keras_in x, const int64_t *start, const int64_t *strides,
                          keras_out out);
    keras_error *(*concatenate)(void *context, const keras_tensor *const *xs, int32_t count,
                                int32_t axis, keras_out out);
    keras_error *(*pad)(void *context, keras_in x, const int64_t *before, const int64_t *after,
                        double value, keras_out out);
    keras_error *(*tile)(void *context, keras_in x, const int64_t *multiples, keras_out out);
    /* Broadcasts x to out's shape (numpy rules). */
    keras_error *(*broadcast)(void *context, keras_in x, keras_out out);
    keras_error *(*reverse)(void *context, keras_in x, const int64_t *axes, int32_t axis_count,
                            keras_out out);
    /* indices: int32 or int64, each in 0..<x->shape[axis]. */
    keras_error *(*gather)(void *context, keras_in x, keras_in indices, int32_t axis, keras_out out);
    /* out (zeroed by the kernel) gets each slice of updates added at its index. */
    keras_error *(*scatter_add)(void *context, keras_in updates, keras_in indices, int32_t axis,
                                keras_out out);

    /* Convolution and pooling, channels-last (see keras_conv_params, keras_pool_params). */
    keras_error *(*convolution)(void *context, keras_in x, keras_in kernel,
                                const keras_conv_params *params, keras_out out);
    /* Gradient with respect to the input; out has the input's shape. */
    keras_error *(*convolution_backward_input)(void *context, keras_in dy, keras_in kernel,
                                               const keras_conv_params *params, keras_out out);
    /* Gradient with respect to the kernel; out has the kernel's shape. */
    keras_error *(*convolution_backward_kernel)(void *context, keras_in x, keras_in dy,
                                                const keras_conv_params *params, keras_out out);
    keras_error *(*pool)(void *context, keras_in x, const keras_pool_params *params, keras_out out);
    /* Max routes dy to the first maximum of each window; average spreads it over valid cells. */
    keras_error *(*pool_backward)(void *context, keras_in x, keras_in dy,
                                  const keras_pool_params *params, keras_out out);

    /* Composites (NULL: the host composes them from the primitives above). */
    keras_error *(*softmax)(void *context, keras_in x, int32_t axis, keras_out out);
    keras_error *(*log_softmax)(void *context, keras_in x, int32_t axis, keras_out out);
    /* x (..., K) . weight (K, N) (+ bias (N), which may be NULL) -> (..., N): Dense's forward. */
    keras_error *(*linear)(void *context, keras_in x, keras_in weight, keras_in bias, keras_out out);

    /* ---- ABI 1.1: composites (NULL: the host composes them from the primitives). ---------- */

    /* out = f(x), element-wise, f given by `params` (keras_activation_op). */
    keras_error *(*activation)(void *context, keras_in x, const keras_activation_params *params,
                               keras_out out);
    /* dx = dy * f'(x), with x the activation's input. */
    keras_error *(*activation_backward)(void *context, keras_in x, keras_in dy,
                                        const keras_activation_params *params, keras_out dx);
    /* out = f(x . weight (+ bias)): `linear` followed by an activation, Dense's whole forward. */
    keras_error *(*linear_activation)(void *context, keras_in x, keras_in weight, keras_in bias,
                                      const keras_activation_params *params, keras_out out);

    /* Batch normalisation with given statistics (inference):
     *   out = (x - mean) / sqrt(variance + epsilon) * gamma + beta
     * gamma and beta may be NULL (no scale, no shift). See keras_normalization_params. */
    keras_error *(*batch_normalization)(void *context, keras_in x, keras_in mean, keras_in variance,
                                        keras_in gamma, keras_in beta,
                                        const keras_normalization_params *params, keras_out out);
    /* Training-mode forward: the batch's own mean and biased variance per channel, written to
     * `mean` and `variance`, then `out` normalised with them as above. */
    keras_error *(*batch_normalization_training)(void *context, keras_in x, keras_in gamma,
                                                 keras_in beta,
                                                 const keras_normalization_params *params,
                                                 keras_out out, keras_out mean,
                                                 keras_out variance);
    /* Gradient of the training-mode forward (the statistics are functions of x), given the
     * statistics it returned: dx, and the sums dgamma = sum(dy * x_hat), dbeta = sum(dy) per
     * channel. gamma may be NULL (a scale of 1); dgamma and dbeta are always written. */
    keras_error *(*batch_normalization_backward)(void *context, keras_in x, keras_in dy,
                                                 keras_in mean, keras_in variance, keras_in gamma,
                                                 const keras_normalization_params *params,
                                                 keras_out dx, keras_out dgamma, keras_out dbeta);
    /* Layer normalisation forward; mean and variance (one per row) are written for the
     * backward pass. gamma and beta may be NULL. */
    keras_error *(*layer_normalization)(void *context, keras_in x, keras_in gamma, keras_in beta,
                                        const keras_normalization_params *params, keras_out out,
                                        keras_out mean, keras_out variance);
    /* Its gradient, given the forward's statistics; as batch_normalization_backward. */
    keras_error *(*layer_normalization_backward)(void *context, keras_in x, keras_in dy,
                                                 keras_in mean, keras_in variance, keras_in gamma,
                                                 const keras_normalization_params *params,
                                                 keras_out dx, keras_out dgamma, keras_out dbeta);

    /* A whole recurrent sequence (see keras_recurrent_cell for the cells).
     *   inputs:  x (batch, time, features), h0 (batch, units), [c0 (batch, units): LSTM only],
     *            kernel, recurrent_kernel, bias (zeros when the layer has none)
     *   outputs: sequence (batch, time, units), hT (batch, units), [cT: LSTM only]
     * sequence[:, t] is the output after t + 1 steps; with go_backwards the steps read x from
     * its last time step to its first, so sequence[:, t] belongs to x[:, time - 1 - t] (Keras's
     * order). */
    keras_error *(*recurrent)(void *context, const keras_recurrent_params *params,
                              const keras_tensor *const *inputs, int32_t input_count,
                              const keras_tensor *const *outputs, int32_t output_count);
    /* Its gradient.
     *   inputs:  the forward's inputs, then d_sequence (batch, time, units), dhT, [dcT]
     *   outputs: dx, dh0, [dc0], d_kernel, d_recurrent_kernel, d_bias                        */
    keras_error *(*recurrent_backward)(void *context, const keras_recurrent_params *params,
                                       const keras_tensor *const *inputs, int32_t input_count,
                                       const keras_tensor *const *outputs, int32_t output_count);

    /* out = f(convolution(x, kernel) (+ bias)): a convolution layer's whole forward, bias
     * (out_channels) may be NULL. Its supports query carries the keras_conv_params as params
     * and the keras_activation_op as op; the activation's parameters come with the call. */
    keras_error *(*convolution_activation)(void *context, keras_in x, keras_in kernel, keras_in bias,
                                           const keras_conv_params *params,
                                           const keras_activation_params *activation, keras_out out);
} keras_backend;

/* ------------------------------------------------------------------------------------------ */
/* The plugin descriptor                                                                       */
/* ------------------------------------------------------------------------------------------ */

/* A key/value fact about a plugin shown by `swiftkeras info` ("openblas.core" = "SkylakeX"). */
typedef struct keras_attribute {
    const char *key;
    const char *value;
} keras_attribute;

/*
 * What `keras_plugin_entry` returns: static data owned by the plugin, valid for the life of the
 * process. The host reads `abi_major` first and stops if it differs from its own (struct_size,
 * abi_major and abi_minor keep their place in every major version). It reads `name`, `version`
 * and `backend` (with the backend's name, to refuse a second plugin claiming a backend name)
 * before calling init, and `attributes` and the kernel table after.
 */
typedef struct keras_plugin_descriptor {
    uint64_t struct_size;
    uint32_t abi_major;      /* KERAS_ABI_VERSION_MAJOR the plugin was built with */
    uint32_t abi_minor;      /* KERAS_ABI_VERSION_MINOR the plugin was built with */
    const char *name;        /* the plugin's name ("KerasOpenBLAS") */
    const char *version;     /* the plugin's own version ("0.1.0") */

    /* Called once, after the host accepted the descriptor and before any other call. NULL on
     * success; an error aborts loading (the host records and shows the message). NULL slot:
     * nothing to do. */
    keras_error *(*init)(void);

    /* Facts shown by `swiftkeras info`; read after init (which may fill them in). The host copies
     * them. */
    const keras_attribute *attributes;
    uint64_t attribute_count;

    /* The backend the plugin provides, or NULL. Static; the host copies the table after init and
     * never reads it again, so a plugin cannot change its kernels later. */
    const keras_backend *backend;
} keras_plugin_descriptor;

/* ------------------------------------------------------------------------------------------ */
/* The host table                                                                              */
/* ------------------------------------------------------------------------------------------ */

typedef enum keras_log_level {
    KERAS_LOG_DEBUG = 0, KERAS_LOG_INFO = 1, KERAS_LOG_WARNING = 2, KERAS_LOG_ERROR = 3
} keras_log_level;

/*
 * A host tensor seen from a plugin: an opaque, reference-counted handle. Handles come from
 * `tensor_create` and `call_op` with one reference, which the plugin gives back with
 * `tensor_release`. Tensors made by `call_op` are part of the host's autodiff graph, so a custom
 * layer composed of host ops is differentiable on every backend.
 */
typedef struct keras_tensor_handle_s *keras_tensor_handle;

/*
 * What the host gives a plugin: passed to `keras_plugin_entry`, static in the host, valid for the
 * life of the process. Every function may be called from any thread.
 */
typedef struct keras_host_api {
    uint64_t struct_size;
    uint32_t abi_major;      /* the host's KERAS_ABI_VERSION_MAJOR */
    uint32_t abi_minor;      /* the host's KERAS_ABI_VERSION_MINOR */

    /* Memory: `alignment` is a power of two (0 means KERAS_TENSOR_ALIGNMENT). NULL when out of
     * memory. Free with `deallocate`. */
    void *(*allocate)(uint64_t byte_count, uint64_t alignment);
    void (*deallocate)(void *pointer);

    /* Errors: `make_error` copies `message`; the result is returned from a plugin function (the
     * host frees it) or freed with `free_error`. Never NULL. */
    keras_error *(*make_error)(int32_t code, const char *message);
    void (*free_error)(keras_error *error);

    /* Logging through the host's log (stderr by default). The message should name the plugin
     * (KerasPluginKit prefixes it with "[name] "). */
    void (*log)(int32_t level, const char *message);

    /* The number of threads the plugin may use (the host's `threads` setting, >= 1). */
    int32_t (*thread_count)(void);

    /* Host tensors. `tensor_create` makes a tensor of desc's dtype and shape, copying desc->data
     * when it is not NULL and zero-filling otherwise; desc belongs to the caller. On failure it
     * returns NULL and stores an error in *error (when error is not NULL). */
    keras_tensor_handle (*tensor_create)(const keras_tensor *desc, keras_error **error);
    /* Fills *out (whose struct_size the caller sets) with the tensor's dtype, rank, shape and
     * data. The shape and data stay valid while the handle is alive. A plugin may write to the
     * data only of a tensor it created and has not passed to `call_op` yet. */
    void (*tensor_describe)(keras_tensor_handle tensor, keras_tensor *out);
    void (*tensor_retain)(keras_tensor_handle tensor);
    void (*tensor_release)(keras_tensor_handle tensor);

    /* Runs the Keras backend function `name` (Keras 2 snake_case: "dot", "relu", "conv2d", ...)
     * on the selected backend, recording its gradient. Unknown names, bad attributes and wrong
     * argument counts are returned as errors; shapes that do not fit trap, as SwiftKeras's K
     * functions do. `attributes_json` is a JSON object of its
     * keyword arguments (NULL or "{}" for none), as in SwiftKeras's conformance cases. On success
     * stores up to `output_capacity` new handles in `outputs`, sets *output_count to the number
     * of results, and returns NULL; results that do not fit are dropped. */
    keras_error *(*call_op)(const char *name, const keras_tensor_handle *inputs, int32_t input_count,
                            const char *attributes_json, keras_tensor_handle *outputs,
                            int32_t output_capacity, int32_t *output_count);
} keras_host_api;

/*
 * The entry point, exported as KERAS_PLUGIN_ENTRY_SYMBOL. Called once per process, before
 * anything else, with the host table (which the plugin may keep: it lives forever). Returns the
 * plugin's descriptor, or NULL to refuse to load (after logging why through host->log). Must
 * not do expensive work: that belongs in init.
 */
typedef const keras_plugin_descriptor *(*keras_plugin_entry_fn)(const keras_host_api *host);

/* ------------------------------------------------------------------------------------------ */
/* Layout checks (LP64: Linux and macOS on 64-bit machines)                                    */
/* ------------------------------------------------------------------------------------------ */

#if UINTPTR_MAX == 0xffffffffffffffffu
_Static_assert(sizeof(keras_error) == 24, "keras_error layout changed");
_Static_assert(sizeof(keras_tensor) == 40, "keras_tensor layout changed");
_Static_assert(offsetof(keras_tensor, data) == 32, "keras_tensor layout changed");
_Static_assert(sizeof(keras_conv_params) == 48, "keras_conv_params layout changed");
_Static_assert(sizeof(keras_pool_params) == 48, "keras_pool_params layout changed");
_Static_assert(sizeof(keras_op_query) == 48, "keras_op_query layout changed");
_Static_assert(sizeof(keras_activation_params) == 40, "keras_activation_params layout changed");
_Static_assert(sizeof(keras_normalization_params) == 24, "keras_normalization_params layout changed");
_Static_assert(sizeof(keras_recurrent_params) == 24, "keras_recurrent_params layout changed");
_Static_assert(offsetof(keras_backend, activation) == 48 + 8 * KERAS_KERNEL_ACTIVATION,
               "keras_backend: the ABI 1.0 slots keep their places");
_Static_assert(sizeof(keras_attribute) == 16, "keras_attribute layout changed");
_Static_assert(offsetof(keras_backend, set_threads) == 32, "keras_backend layout changed");
_Static_assert(offsetof(keras_backend, unary) == 48, "keras_backend layout changed");
_Static_assert(sizeof(keras_backend) == 48 + 8 * KERAS_KERNEL_COUNT,
               "keras_backend: one slot per keras_kernel, in order");
_Static_assert(sizeof(keras_plugin_descriptor) == 64, "keras_plugin_descriptor layout changed");
_Static_assert(sizeof(keras_host_api) == 104, "keras_host_api layout changed");
#endif

#ifdef __cplusplus
}
#endif

#endif /* KERAS_PLUGIN_H */
