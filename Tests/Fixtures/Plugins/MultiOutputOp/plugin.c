/* A native op with two outputs of different dtypes, `fixture_square_and_double(x)` =
 * (x·x as float32, 2·x as float64), whose backward kernel counts its calls: the host must run it
 * once per backward pass, with the upstream gradients of both outputs. */
#include "keras_plugin.h"

static int backward_calls = 0;

/* How many times the backward kernel ran (read by the test through dlsym). */
KERAS_PLUGIN_EXPORT int fixture_backward_calls(void) { return backward_calls; }

static keras_error *infer(void *context, const keras_shape *inputs, int32_t input_count, const char *attributes,
                          keras_shape *outputs, int32_t output_count) {
    (void)context; (void)input_count; (void)attributes; (void)output_count;
    outputs[0] = inputs[0];
    outputs[0].dtype = KERAS_DTYPE_FLOAT32;
    outputs[1] = inputs[0];
    outputs[1].dtype = KERAS_DTYPE_FLOAT64;
    return 0;
}

static keras_error *forward(void *context, const keras_tensor *const *inputs, int32_t input_count, const char *attributes,
                            const keras_tensor *const *outputs, int32_t output_count) {
    (void)context; (void)input_count; (void)attributes; (void)output_count;
    const float *x = inputs[0]->data;
    float *squares = outputs[0]->data;
    double *doubles = outputs[1]->data;
    for (int64_t i = 0; i < inputs[0]->count; i++) {
        squares[i] = x[i] * x[i];
        doubles[i] = 2.0 * (double)x[i];
    }
    return 0;
}

/* tensors: x, the two outputs, their two upstream gradients (float32, float64). */
static keras_error *backward(void *context, const keras_tensor *const *tensors, int32_t tensor_count,
                             const char *attributes, const keras_tensor *const *gradients, int32_t input_count) {
    (void)context; (void)tensor_count; (void)attributes; (void)input_count;
    backward_calls += 1;
    const float *x = tensors[0]->data;
    const float *g0 = tensors[3]->data;
    const double *g1 = tensors[4]->data;
    float *gx = gradients[0]->data;
    for (int64_t i = 0; i < tensors[0]->count; i++) gx[i] = 2.0f * x[i] * g0[i] + (float)(2.0 * g1[i]);
    return 0;
}

static const keras_native_op ops[] = {{
    .struct_size = sizeof(keras_native_op), .name = "fixture_square_and_double",
    .input_count = 1, .output_count = 2, .infer = infer, .forward = forward, .backward = backward,
}};

static const keras_plugin_descriptor descriptor = {
    .struct_size = sizeof(keras_plugin_descriptor),
    .abi_major = KERAS_ABI_VERSION_MAJOR, .abi_minor = KERAS_ABI_VERSION_MINOR,
    .name = "TestPluginMultiOutputOp", .version = "1.0.0",
    .native_ops = ops, .native_op_count = 1,
};

KERAS_PLUGIN_EXPORT const keras_plugin_descriptor *keras_plugin_entry(const keras_host_api *host) {
    (void)host;
    return &descriptor;
}
