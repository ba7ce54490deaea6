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
#define KERAS_ABI_VERSION_MINOR 2

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

/*
 * A host tensor seen from a plugin: an opaque, reference-counted handle. Handles come from
 * `tensor_create` and `call_op` with one reference, which the plugin gives back with
 * `tensor_release`. Tensors made by `call_op` are part of the host's autodiff graph, so a custom
 * layer composed of host ops is differentiable on every backend.
 */
typedef struct keras_tensor_handle_s *keras_tensor_handle;

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
    KERAS_UNARY_SIGMOID,
    KERAS_UNARY_SOFTPLUS,     /* log1p(exp(x)), accurate for large |x|: never negative */
    KERAS_UNARY_SOFTSIGN,
    KERAS_UNARY_RELU,         /* max(x, 0); NaN stays NaN (ABI 1.2) */
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
    KERAS_BINARY_POWER,
    KERAS_BINARY_MAXIMUM, KERAS_BINARY_MINIMUM,  /* a NaN operand gives NaN (ABI 1.2) */
    KERAS_BINARY_ATAN2,
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
    /* ABI 1.2 */
    KERAS_KERNEL_RECURRENT_WORKSPACE_SIZE, KERAS_KERNEL_RECURRENT_TRAINING,
    KERAS_KERNEL_RECURRENT_BACKWARD_WORKSPACE,
    KERAS_KERNEL_OPTIMIZER_UPDATE,
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
     * between the threshold and 0 become 0). ABI 1.2: NaN in, NaN out, as TensorFlow and JAX
     * give (relu(NaN) is NaN, not 0).                                                         */
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

/* ABI 1.2. Optimizer updates, applied in place by `optimizer_update` (keras_optimizer_params).
 * Each is Keras 3's update for one variable, with `step` the iteration count after increment
 * (1 on the first update) and `learning_rate` already evaluated for this step. Slots are
 * the optimizer's per-variable state, in the order given, each shaped like the variable:
 *   SGD:      v' = v - lr g; with momentum m (slot 0):
 *             m' = momentum m - lr g; v' = v + m' (nesterov: v' = v + momentum m' - lr g).
 *   RMSPROP:  slot 0 velocity a, [slot 1 momentum m when momentum > 0], [last slot average
 *             gradient mg when CENTERED]:
 *             a' = rho a + (1 - rho) g^2; mg' = rho mg + (1 - rho) g (centered);
 *             denominator = a' - mg'^2 (centered) or a'; increment = lr g / sqrt(denominator + epsilon);
 *             momentum > 0: m' = momentum m + increment, v' = v - m'; else v' = v - increment.
 *   ADAM:     slots m, u, [v_hat when AMSGRAD]:
 *             m' = m + (g - m)(1 - beta_1); u' = u + (g^2 - u)(1 - beta_2);
 *             alpha = lr sqrt(1 - beta_2^step) / (1 - beta_1^step);
 *             (amsgrad: v_hat' = max(v_hat, u'), used for u')  v' = v - alpha m' / (sqrt(u') + epsilon).
 *   ADAMW:    ADAM after the decoupled decay v = v - v * weight_decay * lr.
 *   ADAGRAD:  slot 0 accumulator a: a' = a + g^2; v' = v - lr g / sqrt(a' + epsilon).
 * weight_decay for the others is Keras 3's too: v = v - v * weight_decay * lr before the update
 * (0 for none). Gradient clipping and scaling happen in the host before the call.            */
typedef enum keras_optimizer_op {
    KERAS_OPTIMIZER_SGD = 0,
    KERAS_OPTIMIZER_RMSPROP = 1,
    KERAS_OPTIMIZER_ADAM = 2,
    KERAS_OPTIMIZER_ADAMW = 3,
    KERAS_OPTIMIZER_ADAGRAD = 4,
    KERAS_OPTIMIZER_OP_COUNT
} keras_optimizer_op;

/* ABI 1.2. Flags of keras_optimizer_params.flags. */
#define KERAS_OPTIMIZER_NESTEROV 1u
#define KERAS_OPTIMIZER_CENTERED 2u
#define KERAS_OPTIMIZER_AMSGRAD  4u

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

/* ABI 1.2. One optimizer update (see keras_optimizer_op); fields an op does not use are ignored. */
typedef struct keras_optimizer_params {
    uint64_t struct_size;
    int32_t op;              /* keras_optimizer_op */
    uint32_t flags;          /* KERAS_OPTIMIZER_NESTEROV | _CENTERED | _AMSGRAD */
    double learning_rate;    /* this step's rate (schedules evaluated by the host) */
    double momentum;         /* SGD, RMSPROP */
    double rho;              /* RMSPROP */
    double beta_1;           /* ADAM, ADAMW */
    double beta_2;           /* ADAM, ADAMW */
    double epsilon;
    double weight_decay;     /* 0: none */
    int64_t step;            /* iterations after increment: 1 on the first update */
} keras_optimizer_params;

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
                                       the recurrent kernels, the keras_optimizer_op for
                                       optimizer_update, otherwise -1 */
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
                                       keras_optimizer_params* for optimizer_update,
                                       otherwise NULL */
} keras_op_query;

/* ------------------------------------------------------------------------------------------ */
/* The backend kernel table                                                                    */
/* ------------------------------------------------------------------------------------------ */

typedef keras_tensor const *keras_in;   /* an input operand */
typedef keras_tensor const *keras_out;  /* the output: host-allocated, shape and dtype fixed by
                                           the host; the kernel writes every element of ->data */
typedef keras_tensor const *keras_in_optional;  /* an input operand that may be NULL */
typedef int32_t keras_flag;             /* 0 or 1 */

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

    /* Reductions. */

    /* `axes` are sorted, unique, in 0..<x->rank (possibly none: a copy). */
    keras_error *(*reduce)(void *context, int32_t op, keras_in x, const int64_t *axes,
                           int32_t axis_count, keras_flag keep_dims, keras_out out);
    /* Index (int64) of the first max/min along `axis`, which is removed from the shape. */
    keras_error *(*arg_reduce)(void *context, int32_t op, keras_in x, int32_t axis, keras_out out);
    keras_error *(*cumulative)(void *context, int32_t op, keras_in x, int32_t axis,
                               keras_flag exclusive, keras_flag reverse, keras_out out);

    /* Linear algebra. */

    /* Batched matrix product with numpy broadcasting of the leading dimensions:
     * a (..., M, K) . b (..., K, N) -> (..., M, N), after transposing the last two axes of an
     * operand whose flag is nonzero. Both ranks >= 2, float32 or float64. */
    keras_error *(*matmul)(void *context, keras_in a, keras_in b, keras_flag transpose_a,
                           keras_flag transpose_b, keras_out out);

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
    keras_error *(*linear)(void *context, keras_in x, keras_in weight, keras_in_optional bias,
                           keras_out out);

    /* ---- ABI 1.1: composites (NULL: the host composes them from the primitives). ---------- */

    /* out = f(x), element-wise, f given by `params` (keras_activation_op). */
    keras_error *(*activation)(void *context, keras_in x, const keras_activation_params *params,
                               keras_out out);
    /* dx = dy * f'(x), with x the activation's input. */
    keras_error *(*activation_backward)(void *context, keras_in x, keras_in dy,
                                        const keras_activation_params *params, keras_out dx);
    /* out = f(x . weight (+ bias)): `linear` followed by an activation, Dense's whole forward. */
    keras_error *(*linear_activation)(void *context, keras_in x, keras_in weight,
                                      keras_in_optional bias,
                                      const keras_activation_params *params, keras_out out);

    /* Batch normalisation with given statistics (inference):
     *   out = (x - mean) / sqrt(variance + epsilon) * gamma + beta
     * gamma and beta may be NULL (no scale, no shift). See keras_normalization_params. */
    keras_error *(*batch_normalization)(void *context, keras_in x, keras_in mean, keras_in variance,
                                        keras_in_optional gamma, keras_in_optional beta,
                                        const keras_normalization_params *params, keras_out out);
    /* Training-mode forward: the batch's own mean and biased variance per channel, written to
     * `mean` and `variance`, then `out` normalised with them as above. */
    keras_error *(*batch_normalization_training)(void *context, keras_in x,
                                                 keras_in_optional gamma, keras_in_optional beta,
                                                 const keras_normalization_params *params,
                                                 keras_out out, keras_out mean,
                                                 keras_out variance);
    /* Gradient of the training-mode forward (the statistics are functions of x), given the
     * statistics it returned: dx, and the sums dgamma = sum(dy * x_hat), dbeta = sum(dy) per
     * channel. gamma may be NULL (a scale of 1); dgamma and dbeta are always written. */
    keras_error *(*batch_normalization_backward)(void *context, keras_in x, keras_in dy,
                                                 keras_in mean, keras_in variance,
                                                 keras_in_optional gamma,
                                                 const keras_normalization_params *params,
                                                 keras_out dx, keras_out dgamma, keras_out dbeta);
    /* Layer normalisation forward; mean and variance (one per row) are written for the
     * backward pass. gamma and beta may be NULL. */
    keras_error *(*layer_normalization)(void *context, keras_in x, keras_in_optional gamma,
                                        keras_in_optional beta,
                                        const keras_normalization_params *params, keras_out out,
                                        keras_out mean, keras_out variance);
    /* Its gradient, given the forward's statistics; as batch_normalization_backward. */
    keras_error *(*layer_normalization_backward)(void *context, keras_in x, keras_in dy,
                                                 keras_in mean, keras_in variance,
                                                 keras_in_optional gamma,
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
    keras_error *(*convolution_activation)(void *context, keras_in x, keras_in kernel,
                                           keras_in_optional bias,
                                           const keras_conv_params *params,
                                           const keras_activation_params *activation, keras_out out);

    /* ---- ABI 1.2 --------------------------------------------------------------------------- */

    /* A recurrent sequence whose forward state is carried to its backward pass in a workspace
     * (the forward is not run again for the gradient). The three slots come together: a plugin
     * provides all of them or none.
     * recurrent_workspace_size: the bytes the training forward needs for these inputs (the
     *   inputs of `recurrent`, data pointers possibly NULL); 0 is allowed.
     * recurrent_training: `recurrent`'s forward, which also fills `workspace` (a UINT8 tensor of
     *   that many bytes, host-allocated, 64-byte aligned, rank 1) with whatever its backward needs.
     * recurrent_backward_workspace: `recurrent_backward`'s contract, with the workspace the
     *   training forward filled for the same inputs (the host keeps it unchanged in between and
     *   passes it read-only). */
    keras_error *(*recurrent_workspace_size)(void *context, const keras_recurrent_params *params,
                                             const keras_tensor *const *inputs, int32_t input_count,
                                             int64_t *byte_count);
    keras_error *(*recurrent_training)(void *context, const keras_recurrent_params *params,
                                       const keras_tensor *const *inputs, int32_t input_count,
                                       const keras_tensor *const *outputs, int32_t output_count,
                                       keras_out workspace);
    keras_error *(*recurrent_backward_workspace)(void *context, const keras_recurrent_params *params,
                                                 const keras_tensor *const *inputs,
                                                 int32_t input_count, keras_in workspace,
                                                 const keras_tensor *const *outputs,
                                                 int32_t output_count);

    /* One optimizer update in place (see keras_optimizer_op):
     *   tensors[0] the variable (written), tensors[1] its gradient (read), tensors[2 ...] the
     *   optimizer's slots for this variable (read and written), all of one float dtype and shape.
     * The one kernel allowed to write its operands. UNIMPLEMENTED: the host updates in Swift. */
    keras_error *(*optimizer_update)(void *context, const keras_optimizer_params *params,
                                     const keras_tensor *const *tensors, int32_t tensor_count);
} keras_backend;

/* ------------------------------------------------------------------------------------------ */
/* ABI 1.2: layer classes, functions and native ops                                            */
/* ------------------------------------------------------------------------------------------ */

/* The most axes a shape crossing the ABI by value may have. */
#define KERAS_MAX_RANK 8

/*
 * A shape by value, as layers and shape functions see it. `dims[i]` is -1 where the size is not
 * known yet (the batch axis while a model is built); entries at and beyond `rank` are ignored.
 */
typedef struct keras_shape {
    uint64_t struct_size;
    int32_t rank;            /* 0 ... KERAS_MAX_RANK */
    int32_t dtype;           /* keras_dtype */
    int64_t dims[KERAS_MAX_RANK];
} keras_shape;

/* An instance of a plugin layer class: the plugin's own object, opaque to the host. */
typedef struct keras_layer_instance_s *keras_layer_instance;

/* The host side of one `build` call: valid only during that call, passed to add_weight. */
typedef struct keras_build_context_s *keras_build_context;

/*
 * A weight a layer declares in `build` through the host's add_weight. The host makes a Variable
 * (trainable or not) named `<layer name>/<name>`, initialised with `initializer`: a Keras
 * initializer name ("glorot_uniform", "zeros", ...) or its Keras 3 config as a JSON object
 * ({"class_name": "RandomNormal", "config": {"stddev": 0.02}}). NULL: "glorot_uniform" for
 * floating weights, "zeros" otherwise. `regularizer` and `constraint` likewise name a Keras
 * regularizer or constraint (or give its JSON config); NULL for none.
 */
typedef struct keras_weight_spec {
    uint64_t struct_size;
    const char *name;
    int32_t dtype;           /* keras_dtype; -1: the layer's dtype (floatx by default) */
    int32_t rank;
    const int64_t *shape;    /* `rank` sizes, each >= 0 */
    const char *initializer;
    int32_t trainable;       /* nonzero: trained by the optimizer */
    int32_t reserved;
    const char *regularizer;
    const char *constraint;
} keras_weight_spec;

/*
 * A layer class, like a Keras layer subclass registered with register_keras_serializable.
 * Every function gets the class's `context` back. Instances are used from one thread at a time.
 *
 *   create(config)          -> instance; config is the layer's Keras config as a JSON object
 *                              (its "config" dict: name, trainable, dtype and the class's own keys)
 *   build(shapes)             declares weights with host->add_weight(ctx, spec); called once,
 *                              before the first call, with the input shapes (batch axis -1)
 *   compute_output_shape      output shapes (and dtypes) from input shapes; may be called before
 *                              build, and again for every new input signature
 *   call(inputs, weights, training) -> outputs: inputs and weights are host tensor handles in the
 *                              host's autodiff graph (the weights in the order build declared
 *                              them); the plugin composes its outputs with host->call_op (or
 *                              native ops) and stores one new handle per output, whose reference
 *                              passes to the host. It releases every other handle it made.
 *   get_config                 the config to save, a JSON object, in memory from host->allocate
 *                              (the host frees it); the host adds name, trainable and dtype when
 *                              missing
 *   destroy                    frees the instance
 */
typedef struct keras_layer_class {
    uint64_t struct_size;
    const char *name;        /* registered name, Keras 3's "Package>ClassName" form; the part
                                after '>' also answers, when no other class has it */
    void *context;
    keras_error *(*create)(void *context, const char *config_json, keras_layer_instance *out);
    keras_error *(*build)(void *context, keras_layer_instance layer, keras_build_context build,
                          const keras_shape *input_shapes, int32_t input_count);
    keras_error *(*compute_output_shape)(void *context, keras_layer_instance layer,
                                         const keras_shape *input_shapes, int32_t input_count,
                                         keras_shape *output_shapes, int32_t output_capacity,
                                         int32_t *output_count);
    keras_error *(*call)(void *context, keras_layer_instance layer,
                         const keras_tensor_handle *inputs, int32_t input_count,
                         const keras_tensor_handle *weights, int32_t weight_count,
                         int32_t training, keras_tensor_handle *outputs,
                         int32_t output_capacity, int32_t *output_count);
    keras_error *(*get_config)(void *context, keras_layer_instance layer, char **config_json);
    void (*destroy)(void *context, keras_layer_instance layer);
} keras_layer_class;

/*
 * A named function for Lambda layers (Keras's Lambda(function, arguments=...)), called by name
 * from configs and code, and serialised by that name.
 *
 * `signature` declares the parameters and results, tensors first, then scalars:
 *     "(tensor x) -> tensor"
 *     "(tensor x, float scale, float shift) -> tensor"
 *     "(tensor a, tensor b, int32 k, bool flag) -> (tensor, tensor)"
 * Scalar types: double, float, int32, int64, bool (C: double, float, int32_t, int64_t, bool).
 * `entry` is called through libffi from the signature as
 *     keras_error *entry(keras_tensor_handle t1, ..., tN, <scalars in order>,
 *                        keras_tensor_handle *outputs)
 * with the tensors in the autodiff graph (as in a layer's call) and `outputs` holding one slot
 * per result, each to be filled with a new handle. NULL return: success.
 * `output_shape` (may be NULL: the host runs the function on zeros to learn the shapes) gives
 * the result shapes from the input shapes and the Lambda's arguments as a JSON object.
 */
typedef struct keras_function {
    uint64_t struct_size;
    const char *name;        /* "antirectifier": the name a Lambda config gives */
    const char *signature;
    void (*entry)(void);     /* cast per the signature; called through libffi */
    keras_error *(*output_shape)(const keras_shape *input_shapes, int32_t input_count,
                                 const char *arguments_json, keras_shape *output_shapes,
                                 int32_t output_capacity, int32_t *output_count);
} keras_function;

/*
 * A native op: a forward kernel and its backward (VJP) kernel over host tensors, for authors who
 * want a fused kernel rather than a composition of host ops. The host infers the output shapes,
 * allocates the outputs, runs `forward`, and records the op in the autodiff graph; when gradients
 * flow through it, it allocates one gradient per input (shaped like the input) and runs
 * `backward`. Callable by name from Swift (K.nativeOp), from call_op and from Lambda configs.
 * `attributes_json` is a JSON object of keyword arguments ("{}" for none). Tensors follow the
 * backend kernels' rules (host memory, read inputs, write every element of the outputs).
 *   backward: inputs are the forward's inputs, then its outputs, then one upstream gradient per
 *             output (input_count + 2 * output_count tensors); outputs are the input gradients.
 */
typedef struct keras_native_op {
    uint64_t struct_size;
    const char *name;
    int32_t input_count;     /* tensors the op takes */
    int32_t output_count;    /* tensors it returns */
    void *context;
    keras_error *(*infer)(void *context, const keras_shape *input_shapes, int32_t input_count,
                          const char *attributes_json, keras_shape *output_shapes,
                          int32_t output_count);
    keras_error *(*forward)(void *context, const keras_tensor *const *inputs, int32_t input_count,
                            const char *attributes_json, const keras_tensor *const *outputs,
                            int32_t output_count);
    keras_error *(*backward)(void *context, const keras_tensor *const *tensors,
                             int32_t tensor_count, const char *attributes_json,
                             const keras_tensor *const *input_gradients, int32_t input_count);
} keras_native_op;

/* ------------------------------------------------------------------------------------------ */
/* ABI 1.2: the communicator (data-parallel training across processes)                         */
/* ------------------------------------------------------------------------------------------ */

typedef enum keras_reduction {
    KERAS_REDUCTION_SUM = 0,
    KERAS_REDUCTION_MEAN = 1
} keras_reduction;

/*
 * Collectives over the processes of one job (MPI's world). Loading a communicator plugin must not
 * start its runtime: `initialize` does, and only when a distribution is used. Every collective is
 * called by every rank in the same order, on the host's one training thread, with host buffers;
 * float32 and float64 data. A collective that does not complete within the deadline given to
 * `initialize` returns an error naming the operation (the host then stops the job with `abort`).
 *
 *   launched       the job's size as the launcher announced it (mpirun's environment), or 0
 *                  when this process was not started by a launcher; never starts the runtime
 *   initialize     starts the runtime (idempotent); writes this process's rank and the size
 *   all_reduce     in place over `count` elements of `data`
 *   broadcast      in place, from `root`
 *   all_gather     `count` elements from each rank into `gathered` (size * count, rank order)
 *   all_reduce_start / wait   the non-blocking all-reduce: `*request` names it until `wait`
 *   abort          ends every process of the job with `code` (does not return)
 *   finalize       shuts the runtime down (at exit)
 */
typedef struct keras_communicator {
    uint64_t struct_size;
    const char *name;        /* "mpi" */
    void *context;
    int32_t (*launched)(void *context);
    keras_error *(*initialize)(void *context, double deadline_seconds, int32_t *rank,
                               int32_t *size);
    keras_error *(*all_reduce)(void *context, int32_t dtype, void *data, int64_t count,
                               int32_t reduction);
    keras_error *(*broadcast)(void *context, int32_t dtype, void *data, int64_t count,
                              int32_t root);
    keras_error *(*all_gather)(void *context, int32_t dtype, const void *data, int64_t count,
                               void *gathered);
    keras_error *(*barrier)(void *context);
    keras_error *(*all_reduce_start)(void *context, int32_t dtype, void *data, int64_t count,
                                     int32_t reduction, int64_t *request);
    keras_error *(*wait)(void *context, int64_t request);
    void (*abort)(void *context, int32_t code);
    keras_error *(*finalize)(void *context);
} keras_communicator;

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

    /* ---- ABI 1.2. Read after init; static, copied by the host. ---------------------------- */

    /* Layer classes, Lambda functions and native ops the plugin provides (NULL / 0: none). A
     * plugin may provide these with or without a backend. Names must not be taken by a built-in
     * class or function, or by another plugin: either is a load error naming both. */
    const keras_layer_class *layer_classes;
    uint64_t layer_class_count;
    const keras_function *functions;
    uint64_t function_count;
    const keras_native_op *native_ops;
    uint64_t native_op_count;
    /* A communicator for distributed training, or NULL. */
    const keras_communicator *communicator;
} keras_plugin_descriptor;

/* ------------------------------------------------------------------------------------------ */
/* The host table                                                                              */
/* ------------------------------------------------------------------------------------------ */

typedef enum keras_log_level {
    KERAS_LOG_DEBUG = 0, KERAS_LOG_INFO = 1, KERAS_LOG_WARNING = 2, KERAS_LOG_ERROR = 3
} keras_log_level;


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
     * on the selected backend, recording its gradient. Unknown names, bad attributes, wrong
     * argument counts, and shapes or dtypes that do not fit are returned as errors
     * (KERAS_STATUS_INVALID_ARGUMENT with the message); it never traps (ABI 1.2; 1.1 hosts trapped
     * on shapes). It may be called from a plugin's init. Native ops of loaded plugins are
     * called by their names too. `attributes_json` is a JSON object of its
     * keyword arguments (NULL or "{}" for none), as in SwiftKeras's conformance cases. On success
     * stores up to `output_capacity` new handles in `outputs`, sets *output_count to the number
     * of results, and returns NULL; results that do not fit are dropped. */
    keras_error *(*call_op)(const char *name, const keras_tensor_handle *inputs, int32_t input_count,
                            const char *attributes_json, keras_tensor_handle *outputs,
                            int32_t output_capacity, int32_t *output_count);

    /* ---- ABI 1.2 -------------------------------------------------------------------------- */

    /* Declares a weight of the layer being built (valid only inside a layer class's `build`,
     * with the context it was given). Stores the weight's index (its place in `call`'s weights)
     * in *index. Errors (a bad spec, an unknown initializer) are returned. */
    keras_error *(*add_weight)(keras_build_context build, const keras_weight_spec *spec,
                               int32_t *index);
    /* The host's K function table by name, for a plugin that wants to know ahead of a call:
     * 1 if call_op knows `name` (K functions and every loaded native op), else 0. */
    int32_t (*has_op)(const char *name);
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
_Static_assert(offsetof(keras_plugin_descriptor, layer_classes) == 64,
               "keras_plugin_descriptor: the ABI 1.1 fields keep their places");
_Static_assert(sizeof(keras_plugin_descriptor) == 120, "keras_plugin_descriptor layout changed");
_Static_assert(offsetof(keras_host_api, add_weight) == 104,
               "keras_host_api: the ABI 1.1 fields keep their places");
_Static_assert(sizeof(keras_host_api) == 120, "keras_host_api layout changed");
_Static_assert(offsetof(keras_backend, recurrent_workspace_size) ==
               48 + 8 * KERAS_KERNEL_RECURRENT_WORKSPACE_SIZE,
               "keras_backend: the ABI 1.1 slots keep their places");
_Static_assert(sizeof(keras_optimizer_params) == 80, "keras_optimizer_params layout changed");
_Static_assert(sizeof(keras_shape) == 80, "keras_shape layout changed");
_Static_assert(sizeof(keras_weight_spec) == 64, "keras_weight_spec layout changed");
_Static_assert(sizeof(keras_layer_class) == 72, "keras_layer_class layout changed");
_Static_assert(sizeof(keras_function) == 40, "keras_function layout changed");
_Static_assert(sizeof(keras_native_op) == 56, "keras_native_op layout changed");
_Static_assert(sizeof(keras_communicator) == 104, "keras_communicator layout changed");
#endif

#ifdef __cplusplus
}
#endif

#endif /* KERAS_PLUGIN_H */
