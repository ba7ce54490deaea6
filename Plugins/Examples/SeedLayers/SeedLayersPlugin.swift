import KerasPluginKit

/// `libKerasSeedLayers.so`: the seed documents' custom layers and Lambda functions as a plugin
/// (no backend). Every class answers to `SeedLayers>Name` and to its bare name.
let plugin = LayersPlugin(
    name: "SeedLayers", version: "1.0.0",
    layers: [
        LayerClass("SeedLayers>MyLayer", MyLayer.self),
        LayerClass("SeedLayers>MyMultiIOLayer", MyMultiIOLayer.self),
        LayerClass("SeedLayers>AttentionDecoder", AttentionDecoder.self),
    ],
    functions: [
        LambdaFunction("antirectifier", signature: "(tensor x) -> tensor", entry: antirectifier, outputShape: antirectifierShape),
        LambdaFunction("space_to_depth_x2", signature: "(tensor x) -> tensor", entry: spaceToDepthX2, outputShape: spaceToDepthX2Shape),
        LambdaFunction("scale_shift", signature: "(tensor x, float scale, float shift) -> tensor", entry: scaleShift),
    ],
    nativeOps: [antirectifierNative])

@_cdecl("keras_plugin_entry")
public func kerasPluginEntry(_ host: HostTable?) -> PluginDescriptor? { plugin.export(host) }
