import KerasPluginKit
import Synchronization

/// What the init check found (shown by `swiftkeras info` as `init.call_op`).
let initCheck = Mutex("not run")

/// `libKerasSeedLayers.so`: the seed documents' custom layers and Lambda functions as a plugin
/// (no backend). Every class answers to `SeedLayers>Name` and to its bare name.
let plugin = LayersPlugin(
    name: "SeedLayers", version: "1.0.0",
    layers: [
        LayerClass("SeedLayers>MyLayer", MyLayer.self),
        LayerClass("SeedLayers>MyMultiIOLayer", MyMultiIOLayer.self),
        LayerClass("SeedLayers>AttentionDecoder", AttentionDecoder.self),
    ],
    functions: [antirectifier, spaceToDepthX2, scaleShift, mix],
    nativeOps: [antirectifierNative],
    attributes: { [("init.call_op", initCheck.withLock { $0 })] },
    initialize: { _ in
        // Host calls work from init: 1 + 2 through call_op.
        let sum = try K.add(HostTensor([1], shape: []), HostTensor([2], shape: []))
        guard sum.doubles == [3] else { throw KernelError.failure("call_op from init: 1 + 2 gave \(sum.doubles)") }
        initCheck.withLock { $0 = "1 + 2 = 3" }
    })

@_cdecl("keras_plugin_entry")
public func kerasPluginEntry(_ host: HostTable?) -> PluginDescriptor? { plugin.export(host) }
