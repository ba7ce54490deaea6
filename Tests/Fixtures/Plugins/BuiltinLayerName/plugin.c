/* A plugin whose layer class takes a built-in name ("Dense"): refused at load. */
#include "keras_plugin.h"

static keras_error *create(void *c, const char *j, keras_layer_instance *o) { (void)c; (void)j; (void)o; return 0; }
static keras_error *build(void *c, keras_layer_instance l, keras_build_context b, const keras_shape *s, int32_t n) {
    (void)c; (void)l; (void)b; (void)s; (void)n; return 0;
}
static keras_error *call(void *c, keras_layer_instance l, const keras_tensor_handle *i, int32_t ni, const keras_tensor_handle *w,
                         int32_t nw, int32_t t, keras_tensor_handle *o, int32_t cap, int32_t *n) {
    (void)c; (void)l; (void)i; (void)ni; (void)w; (void)nw; (void)t; (void)o; (void)cap; (void)n; return 0;
}

static const keras_layer_class classes[] = {{
    .struct_size = sizeof(keras_layer_class), .name = "Dense", .create = create, .build = build, .call = call,
}};

static const keras_plugin_descriptor descriptor = {
    .struct_size = sizeof(keras_plugin_descriptor),
    .abi_major = KERAS_ABI_VERSION_MAJOR, .abi_minor = KERAS_ABI_VERSION_MINOR,
    .name = "TestPluginBuiltinLayerName", .version = "1.0.0",
    .layer_classes = classes, .layer_class_count = 1,
};

KERAS_PLUGIN_EXPORT const keras_plugin_descriptor *keras_plugin_entry(const keras_host_api *host) {
    (void)host;
    return &descriptor;
}
