/// Constraints by Keras name and from / to Keras 3 configs.
extension Constraint {
    /// The Keras 3 serialized object: `{"module": "keras.constraints", "class_name": "MaxNorm",
    /// "config": {"max_value": 2, "axis": 0}, "registered_name": null}`.
    ///
    /// ```swift
    /// Constraint.nonNeg.keras3Config   // {"module": "keras.constraints", "class_name": "NonNeg", ...}
    /// ```
    public var keras3Config: JSONValue {
        SerializedObject.keras3(module: "keras.constraints", className: className, config: config, isBuiltIn: isBuiltIn)
    }

    /// A built-in constraint with its default arguments, by Keras name: `"max_norm"`,
    /// `"non_neg"`, `"unit_norm"`, `"min_max_norm"`, the class names (`"MaxNorm"`, …), and
    /// Keras 2's `"maxnorm"`, `"nonneg"`, `"unitnorm"`. Throws a ``KerasError`` for an unknown
    /// name.
    ///
    /// ```swift
    /// let c = try Constraint.named("non_neg")
    /// ```
    ///
    /// Mirrors Keras's `keras.constraints.get(name)`.
    public static func named(_ name: String) throws -> Constraint {
        try make(className: name, config: [:])
    }

    /// A constraint from its config: a name, a Keras 3 object or a Keras 2
    /// `{"class_name": "MaxNorm", "config": {"max_value": 3, "axis": 0}}`. Throws a
    /// ``KerasError`` for an unknown class or an ill-typed argument.
    ///
    /// ```swift
    /// let c = try Constraint.fromConfig(Constraint.unitNorm(axis: 1).keras3Config)
    /// ```
    ///
    /// Mirrors Keras's `keras.constraints.deserialize(config)`.
    public static func fromConfig(_ json: JSONValue) throws -> Constraint {
        let object = try SerializedObject(json, kind: "constraint")
        return try make(className: object.className, config: object.config)
    }

    /// Every name ``named(_:)`` accepts, sorted.
    public static var knownNames: [String] { catalog.names }

    private static func make(className name: String, config: [String: JSONValue]) throws -> Constraint {
        try catalog.lookup(name)(ConfigReader(config, context: "constraint \(name)"))
    }

    /// The built-in constraints by class name, with Keras's alternative names.
    static let catalog = Registry<@Sendable (ConfigReader) throws -> Constraint>(
        kind: "constraint", plural: "constraints", builtins: builders, aliases: aliases)

    private static let aliases: [String: String] = [
        "max_norm": "MaxNorm", "maxnorm": "MaxNorm", "non_neg": "NonNeg", "nonneg": "NonNeg",
        "unit_norm": "UnitNorm", "unitnorm": "UnitNorm", "min_max_norm": "MinMaxNorm",
    ]

    private static let builders: [String: @Sendable (ConfigReader) throws -> Constraint] = [
        "MaxNorm": { c in
            let maxValue = try c.double("max_value") ?? 2
            if let axes = try listAxes(c) { return .maxNorm(maxValue: maxValue, axes: axes) }
            return .maxNorm(maxValue: maxValue, axis: try c.int("axis") ?? 0)
        },
        "NonNeg": { _ in .nonNeg },
        "UnitNorm": { c in
            if let axes = try listAxes(c) { return .unitNorm(axes: axes) }
            return .unitNorm(axis: try c.int("axis") ?? 0)
        },
        "MinMaxNorm": { c in
            let minValue = try c.double("min_value") ?? 0, maxValue = try c.double("max_value") ?? 1
            let rate = try c.double("rate") ?? 1
            if let axes = try listAxes(c) { return .minMaxNorm(minValue: minValue, maxValue: maxValue, rate: rate, axes: axes) }
            return .minMaxNorm(minValue: minValue, maxValue: maxValue, rate: rate, axis: try c.int("axis") ?? 0)
        },
    ]

    /// `axis` when the config gives a list (kept as a list), `nil` for a single integer or none.
    private static func listAxes(_ c: ConfigReader) throws -> [Int]? {
        guard c.values["axis"]?.arrayValue != nil else { return nil }
        return try c.ints("axis")
    }
}

extension ConfigReader {
    /// The constraint under `key` (a name or a serialized object), `nil` when absent or `null`.
    /// Errors name the context and the key.
    ///
    /// ```swift
    /// let kernelConstraint = try config.constraint("kernel_constraint")
    /// ```
    public func constraint(_ key: String) throws -> Constraint? {
        guard has(key), let json = values[key] else { return nil }
        do { return try Constraint.fromConfig(json) }
        catch let error as KerasError { throw KerasError(error.kind, "\(context): `\(key)`: \(error.message)") }
    }
}
