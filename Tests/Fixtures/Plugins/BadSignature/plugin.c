/* A plugin whose Lambda function's signature does not parse: refused at load, naming it. */
#include "keras_plugin.h"

static keras_error *f(keras_tensor_handle x, keras_tensor_handle *out) { (void)x; (void)out; return 0; }

static const keras_function functions[] = {{
    .struct_size = sizeof(keras_function), .name = "fixture_bad_signature",
    .signature = "(tensor x, complex z) -> tensor", .entry = (void (*)(void))f,
}};

static const keras_plugin_descriptor descriptor = {
    .struct_size = sizeof(keras_plugin_descriptor),
    .abi_major = KERAS_ABI_VERSION_MAJOR, .abi_minor = KERAS_ABI_VERSION_MINOR,
    .name = "TestPluginBadSignature", .version = "1.0.0",
    .functions = functions, .function_count = 1,
};

KERAS_PLUGIN_EXPORT const keras_plugin_descriptor *keras_plugin_entry(const keras_host_api *host) {
    (void)host;
    return &descriptor;
}
