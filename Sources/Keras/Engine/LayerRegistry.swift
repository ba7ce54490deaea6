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
    /// Layer classes by Keras class name: the built-in families, then what custom code and
    /// plugins register (which shadows a built-in of the same name).
    public static let classes: Registry<LayerFactory> = {
        var table: [String: LayerFactory] = [:]
        for family in [coreLayers, reshapingLayers, mergeLayers, convolutionalLayers, poolingLayers,
                       normalizationLayers, recurrentLayers, wrapperLayers] {
            table.merge(family) { first, _ in first }
        }
        return Registry(kind: "layer class", plural: "layer classes", builtins: table,
                        hint: "Register custom layers with LayerRegistry.register(_:factory:).")
    }()

    /// Registers a layer class under `className` (replacing an earlier registration).
    public static func register(_ className: String, factory: @escaping LayerFactory) {
        classes.register(className, factory)
    }

    /// Removes a layer class registered under `className` (built-ins stay).
    public static func unregister(_ className: String) {
        classes.unregister(className)
    }

    /// Whether a class name is known.
    public static func contains(_ className: String) -> Bool {
        classes.contains(className)
    }

    /// Keras's own layer classes by class name (without registered ones).
    public static var builtins: [String: LayerFactory] { classes.builtInEntries }

    /// Whether `className` is one of Keras's own layer classes (module `keras.layers`).
    public static func isBuiltIn(_ className: String) -> Bool { classes.isBuiltIn(className) }

    /// Every known class name, sorted.
    public static var classNames: [String] { classes.names }

    /// Creates the layer `className` from `config`; throws naming the class when it is unknown
    /// (with the closest known class names) or the config does not fit.
    public static func layer(className: String, config: [String: JSONValue]) throws -> Layer {
        let factory = try classes.lookup(className)
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
