/// Regularizers by Keras name and from / to Keras 3 configs.
extension Regularizer {
    /// The Keras 3 serialized object: `{"module": "keras.regularizers", "class_name": "L2",
    /// "config": {"l2": 0.009999999776482582}, "registered_name": null}`.
    ///
    /// ```swift
    /// Regularizer.l1(0.5).keras3Config   // {"module": "keras.regularizers", "class_name": "L1", ...}
    /// ```
    public var keras3Config: JSONValue {
        SerializedObject.keras3(module: "keras.regularizers", className: className, config: config, isBuiltIn: isBuiltIn)
    }

    /// A built-in regularizer with its default arguments, by Keras name: `"l1"`, `"l2"`,
    /// `"l1l2"` (all zero, as Keras 3), `"orthogonal_regularizer"`, the class names (`"L2"`, …),
    /// and Keras 2's `"l1_l2"` (0.01 each). Throws a ``KerasError`` for an unknown name.
    ///
    /// ```swift
    /// let r = try Regularizer.named("l2")   // L2(0.01)
    /// ```
    ///
    /// Mirrors Keras's `keras.regularizers.get(name)`.
    public static func named(_ name: String) throws -> Regularizer {
        if name == "l1_l2" { return .l1l2(l1: 0.01, l2: 0.01) }
        return try make(className: name, config: [:])
    }

    /// A regularizer from its config: a name, a Keras 3 object or a Keras 2
    /// `{"class_name": "L1L2", "config": {"l1": 0.0, "l2": 0.01}}`. Throws a ``KerasError`` for
    /// an unknown class or a bad factor.
    ///
    /// ```swift
    /// let r = try Regularizer.fromConfig(Regularizer.l2(0.1).keras3Config)
    /// ```
    ///
    /// Mirrors Keras's `keras.regularizers.deserialize(config)`.
    public static func fromConfig(_ json: JSONValue) throws -> Regularizer {
        if case .string(let name) = json { return try named(name) }
        let object = try SerializedObject(json, kind: "regularizer")
        return try make(className: object.className, config: object.config)
    }

    /// Every name ``named(_:)`` accepts, sorted.
    public static var knownNames: [String] { (catalog.names + ["l1_l2"]).sorted() }

    private static func make(className name: String, config: [String: JSONValue]) throws -> Regularizer {
        try catalog.lookup(name)(ConfigReader(config, context: "regularizer \(name)"))
    }

    /// The built-in regularizers by class name, with Keras's alternative names.
    static let catalog = Registry<@Sendable (ConfigReader) throws -> Regularizer>(
        kind: "regularizer", plural: "regularizers", builtins: builders, aliases: aliases)

    private static let aliases: [String: String] = [
        "l1": "L1", "l2": "L2", "l1l2": "L1L2", "orthogonal_regularizer": "OrthogonalRegularizer",
    ]

    private static let builders: [String: @Sendable (ConfigReader) throws -> Regularizer] = [
        "L1": { c in .l1(try factor(c, "l1", default: 0.01)) },
        "L2": { c in .l2(try factor(c, "l2", default: 0.01)) },
        "L1L2": { c in .l1l2(l1: try factor(c, "l1", default: 0), l2: try factor(c, "l2", default: 0)) },
        "OrthogonalRegularizer": { c in
            let modeName = try c.string("mode") ?? "rows"
            guard let mode = OrthogonalMode(rawValue: modeName) else {
                throw KerasError.invalidArgument(
                    "\(c.context): Invalid value for argument `mode`. Expected one of {\"rows\", \"columns\"}. Received: mode=\(modeName)")
            }
            return .orthogonal(factor: try factor(c, "factor", default: 0.01), mode: mode)
        },
    ]

    /// A factor read with Keras's validation (`null` means the default, as in Keras's L1/L2).
    private static func factor(_ c: ConfigReader, _ key: String, default value: Double) throws -> Double {
        let v = try c.double(key) ?? value
        guard v.isFinite && v >= 0 else {
            throw KerasError.invalidArgument(
                "\(c.context): Invalid value for argument \(key): expected a non-negative float. Received: \(key)=\(v)")
        }
        return v
    }
}

extension ConfigReader {
    /// The regularizer under `key` (a name or a serialized object), `nil` when absent or `null`.
    /// Errors name the context and the key.
    ///
    /// ```swift
    /// let kernelRegularizer = try config.regularizer("kernel_regularizer")
    /// ```
    public func regularizer(_ key: String) throws -> Regularizer? {
        guard has(key), let json = values[key] else { return nil }
        do { return try Regularizer.fromConfig(json) }
        catch let error as KerasError { throw KerasError(error.kind, "\(context): `\(key)`: \(error.message)") }
    }
}
