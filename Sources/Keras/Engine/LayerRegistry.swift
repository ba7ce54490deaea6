import Synchronization

/// Creates a layer from its Keras 3 config (`layer.get_config()`).
public typealias LayerFactory = @Sendable (_ config: ConfigReader) throws -> Layer

/// Layer classes by Keras class name, for building layers and models from configs (Keras 3
/// JSON, `.keras` files, golden cases).
///
/// Built-in layers register in one table per family (`Layers/<Family>/<Family>Layers.swift`);
/// custom layers and plugin layers register at run time:
///
/// ```swift
/// LayerRegistry.register("MyLayer") { config in
///     MyLayer(outputDim: try config.required("output_dim", config.int))
/// }
/// let layer = try LayerRegistry.layer(className: "Dense", config: ["units": .number(3)])
/// ```
///
/// Mirrors Keras's `custom_objects` / `register_keras_serializable` lookup.
public enum LayerRegistry {
    /// Built-in layers by class name.
    static let builtins: [String: LayerFactory] = {
        var table: [String: LayerFactory] = [:]
        for family in [coreLayers, reshapingLayers, mergeLayers, convolutionalLayers, poolingLayers,
                       normalizationLayers, recurrentLayers, wrapperLayers] {
            table.merge(family) { first, _ in first }
        }
        return table
    }()

    private static let custom = Mutex<[String: LayerFactory]>([:])

    /// Registers a layer class under `className` (replacing an earlier registration).
    public static func register(_ className: String, factory: @escaping LayerFactory) {
        custom.withLock { $0[className] = factory }
    }

    /// Whether a class name is known.
    public static func contains(_ className: String) -> Bool {
        builtins[className] != nil || custom.withLock { $0[className] != nil }
    }

    /// Creates the layer `className` from `config`; throws naming the class when it is unknown
    /// or the config does not fit.
    public static func layer(className: String, config: [String: JSONValue]) throws -> Layer {
        var found = custom.withLock({ $0[className] }) ?? builtins[className]
        if found == nil {
            // Plugin layer classes register when their plugin loads: look on the search path.
            PluginRegistry.shared.discoverPlugins()
            found = custom.withLock({ $0[className] })
        }
        guard let factory = found else {
            throw KerasError(.invalidArgument, "Unknown layer class '\(className)'. Register custom layers with LayerRegistry.register(_:factory:), or install the plugin that provides it. \(PluginRegistry.shared.searchedDescription)")
        }
        let name = config["name"]?.stringValue.map { "layer \"\($0)\" (\(className))" } ?? "layer \(className)"
        return try factory(ConfigReader(config, context: name))
    }
}

extension ConfigReader {
    /// The base `Layer` arguments every config carries: `name`, `trainable`, and `dtype` (a
    /// dtype name or a Keras 3 `DTypePolicy` object).
    public func layerBase() throws -> (name: String?, trainable: Bool, dtype: DType?) {
        let name = try string("name")
        let trainable = try bool("trainable") ?? true
        var dtype: DType?
        if let policy = try? object("dtype") {
            let policyName = policy["config"]?["name"]?.stringValue ?? policy["name"]?.stringValue
            guard let policyName, let d = DType(rawValue: policyName) else {
                throw KerasError(.invalidArgument, "\(context): `dtype`: expected a dtype policy with a known dtype name, received \(values["dtype"]!)")
            }
            dtype = d
        } else {
            dtype = try self.dtype("dtype")
        }
        return (name, trainable, dtype)
    }
}
