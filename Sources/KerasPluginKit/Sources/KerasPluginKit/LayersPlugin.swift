#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A plugin of layer classes, Lambda functions and native ops (no backend needed), exported to
/// the host through the one C entry point of `keras_plugin.h`.
///
/// ```swift
/// import KerasPluginKit
///
/// let plugin = LayersPlugin(name: "SeedLayers", version: "1.0.0",
///                           layers: [LayerClass("SeedLayers>MyLayer", MyLayer.self)],
///                           functions: [LambdaFunction("scale_shift", ("scale", Float.self), ("shift", Float.self)) { x, scale, shift in
///                               try x * Double(scale) + Double(shift)
///                           }])
///
/// @_cdecl("keras_plugin_entry")
/// public func kerasPluginEntry(_ host: HostTable?) -> PluginDescriptor? { plugin.export(host) }
/// ```
public final class LayersPlugin: Sendable {
    public let name: String
    public let version: String
    public let layers: [LayerClass]
    public let functions: [LambdaFunction]
    public let nativeOps: [NativeOp]
    private let initialize: (@Sendable (PluginHost) throws -> Void)?
    private let attributes: @Sendable () -> [(key: String, value: String)]
    private let exported = Mutex<UnsafeMutablePointer<keras_plugin_descriptor>?>(nil)

    /// - Parameters:
    ///   - attributes: facts shown by `swiftkeras info`, computed once after `initialize`.
    ///   - initialize: runs once when the host accepts the plugin; host calls (``K``) work
    ///     there; a thrown error aborts loading.
    public init(name: String, version: String, layers: [LayerClass] = [], functions: [LambdaFunction] = [],
                nativeOps: [NativeOp] = [], attributes: @escaping @Sendable () -> [(key: String, value: String)] = { [] },
                initialize: (@Sendable (PluginHost) throws -> Void)? = nil) {
        self.attributes = attributes
        self.name = name
        self.version = version
        self.layers = layers
        self.functions = functions
        self.nativeOps = nativeOps
        self.initialize = initialize
    }

    /// Builds (once) and returns the C descriptor; call it from `keras_plugin_entry`.
    public func export(_ host: HostTable?) -> PluginDescriptor? {
        guard let host else { return nil }
        let pluginHost = PluginHost(host, pluginName: name)
        guard pluginHost.isCompatible else { return nil }
        HostServices.set(pluginHost)
        currentLayersPlugin.withLock { $0 = self }
        return exported.withLock { current in
            if let current { return UnsafePointer(current) }
            let d = UnsafeMutablePointer<keras_plugin_descriptor>.exported(name: name, version: version) {
                guard let plugin = currentLayersPlugin.withLock({ $0 }) else { return nil }
                return hostResult {
                    if let problem = plugin.functions.lazy.compactMap(\.problem).first { throw KernelError.invalidArgument(problem) }
                    try plugin.initialize?(HostServices.host)
                    plugin.publishAttributes()
                }
            }
            let classes = UnsafeMutablePointer<keras_layer_class>.allocate(capacity: max(1, layers.count))
            for (i, layer) in layers.enumerated() { (classes + i).initialize(to: LayerClassThunks.table(for: layer)) }
            d.pointee.layer_classes = UnsafePointer(classes)
            d.pointee.layer_class_count = UInt64(layers.count)
            let table = UnsafeMutablePointer<keras_function>.allocate(capacity: max(1, functions.count))
            for (i, function) in functions.enumerated() {
                var f = keras_function()
                f.struct_size = UInt64(MemoryLayout<keras_function>.size)
                f.name = UnsafePointer(strdup(function.name))
                f.signature = UnsafePointer(strdup(function.signature))
                f.entry = function.entry
                f.output_shape = function.outputShape.flatMap(LambdaFunction.shapeThunk)
                (table + i).initialize(to: f)
            }
            d.pointee.functions = UnsafePointer(table)
            d.pointee.function_count = UInt64(functions.count)
            let ops = UnsafeMutablePointer<keras_native_op>.allocate(capacity: max(1, nativeOps.count))
            for (i, op) in nativeOps.enumerated() { (ops + i).initialize(to: op.table()) }
            d.pointee.native_ops = UnsafePointer(ops)
            d.pointee.native_op_count = UInt64(nativeOps.count)
            current = d
            return UnsafePointer(d)
        }
    }
}

extension LayersPlugin {
    /// Publishes the attributes in the descriptor (C strings that live forever).
    func publishAttributes() {
        let pairs = [(key: "plugin.version", value: version)] + attributes()
        exported.withLock { $0?.publishAttributes(pairs) }
    }
}

/// The C host table a plugin's entry point receives.
public typealias HostTable = UnsafePointer<keras_host_api>
/// The C descriptor a plugin's entry point returns.
public typealias PluginDescriptor = UnsafePointer<keras_plugin_descriptor>

/// The layers plugin this image exported (for the context-free `init` slot).
let currentLayersPlugin = Mutex<LayersPlugin?>(nil)
