/// Initializers by Keras name and from / to Keras 3 configs.
extension Initializer {
    /// The whole Keras 3 serialized object, as `get_config()` of a layer records it:
    /// `{"module": "keras.initializers", "class_name": "GlorotUniform",
    /// "config": {"seed": null, "input_axes": null, "output_axes": null}, "registered_name": null}`.
    ///
    /// ```swift
    /// Initializer.zeros.keras3Config   // {"module": "keras.initializers", "class_name": "Zeros", "config": {}, ...}
    /// ```
    public var keras3Config: JSONValue {
        SerializedObject.keras3(module: "keras.initializers", className: className, config: config, isBuiltIn: isBuiltIn)
    }

    /// A built-in initializer with its default arguments, by any name Keras accepts: the class
    /// name (`"GlorotUniform"`), its snake_case form (`"glorot_uniform"`), or an alias
    /// (`"uniform"`, `"normal"`, `"one"`, `"zero"`, `"orthogonal"`, `"OrthogonalInitializer"`,
    /// `"IdentityInitializer"`). Throws a ``KerasError`` for an unknown name.
    ///
    /// ```swift
    /// let i = try Initializer.named("he_normal")   // HeNormal(seed=None)
    /// ```
    ///
    /// Mirrors Keras's `keras.initializers.get(name)`.
    public static func named(_ name: String) throws -> Initializer {
        try make(className: name, config: [:])
    }

    /// An initializer from its config: a name string, a Keras 3 object
    /// (`{"module", "class_name", "config", "registered_name"}`) or a Keras 2 object
    /// (`{"class_name", "config"}`, e.g. `VarianceScaling` with `distribution: "normal"`).
    /// Missing arguments take Keras's defaults; unknown classes and ill-typed arguments throw a
    /// ``KerasError`` naming the class and the key.
    ///
    /// ```swift
    /// let i = try Initializer.fromConfig(.object(["class_name": .string("RandomNormal"),
    ///                                             "config": .object(["stddev": .number(0.1)])]))
    /// ```
    ///
    /// Mirrors Keras's `keras.initializers.deserialize(config)`.
    public static func fromConfig(_ json: JSONValue) throws -> Initializer {
        let object = try SerializedObject(json, kind: "initializer")
        return try make(className: object.className, config: object.config)
    }

    /// Every name ``named(_:)`` accepts, sorted.
    public static var knownNames: [String] { catalog.names }

    private static func make(className name: String, config: [String: JSONValue]) throws -> Initializer {
        try catalog.lookup(name)(ConfigReader(config, context: "initializer \(name)"))
    }

    /// The built-in initializers by class name, with Keras's alternative names.
    static let catalog = Registry<@Sendable (ConfigReader) throws -> Initializer>(
        kind: "initializer", plural: "initializers", builtins: builders, aliases: aliases)

    /// Keras's alternative names, mapped to class names.
    private static let aliases: [String: String] = [
        "zeros": "Zeros", "zero": "Zeros", "ones": "Ones", "one": "Ones",
        "constant": "Constant", "identity": "Identity", "IdentityInitializer": "Identity",
        "random_normal": "RandomNormal", "normal": "RandomNormal",
        "random_uniform": "RandomUniform", "uniform": "RandomUniform",
        "truncated_normal": "TruncatedNormal", "variance_scaling": "VarianceScaling",
        "glorot_uniform": "GlorotUniform", "glorot_normal": "GlorotNormal",
        "he_normal": "HeNormal", "he_uniform": "HeUniform",
        "lecun_normal": "LecunNormal", "lecun_uniform": "LecunUniform",
        "orthogonal": "Orthogonal", "OrthogonalInitializer": "Orthogonal", "orthogonal_initializer": "Orthogonal",
    ]

    private typealias Builder = @Sendable (ConfigReader) throws -> Initializer

    /// One builder per class, reading Keras's arguments with Keras's defaults.
    private static let builders: [String: Builder] = [
        "Zeros": { _ in .zeros },
        "Ones": { _ in .ones },
        "Constant": { c in .constant(try c.double("value") ?? 0) },
        "Identity": { c in .identity(gain: try c.double("gain") ?? 1) },
        "RandomNormal": { c in
            .randomNormal(mean: try c.double("mean") ?? 0, stddev: try c.double("stddev") ?? 0.05, seed: try c.seed())
        },
        "RandomUniform": { c in
            .randomUniform(minval: try c.double("minval") ?? -0.05, maxval: try c.double("maxval") ?? 0.05,
                           seed: try c.seed())
        },
        "TruncatedNormal": { c in
            .truncatedNormal(mean: try c.double("mean") ?? 0, stddev: try c.double("stddev") ?? 0.05, seed: try c.seed())
        },
        "VarianceScaling": { c in try varianceScaling(from: c) },
        "GlorotUniform": { c in try preset(Initializer.glorotUniform, c) },
        "GlorotNormal": { c in try preset(Initializer.glorotNormal, c) },
        "HeNormal": { c in try preset(Initializer.heNormal, c) },
        "HeUniform": { c in try preset(Initializer.heUniform, c) },
        "LecunNormal": { c in try preset(Initializer.lecunNormal, c) },
        "LecunUniform": { c in try preset(Initializer.lecunUniform, c) },
        "Orthogonal": { c in .orthogonal(gain: try c.double("gain") ?? 1, seed: try c.seed()) },
    ]

    /// A Glorot / He / LeCun initializer from its config (`seed`, `input_axes`, `output_axes`).
    private static func preset(_ make: (Int?, [Int]?, [Int]?) -> Initializer, _ c: ConfigReader) throws -> Initializer {
        make(try c.seed(), try c.ints("input_axes"), try c.ints("output_axes"))
    }

    /// `VarianceScaling` from a config, validated with Keras's messages.
    private static func varianceScaling(from c: ConfigReader) throws -> Initializer {
        let scale = try c.double("scale") ?? 1
        guard scale > 0 else {
            throw KerasError.invalidArgument("\(c.context): Argument `scale` must be positive float. Received: scale=\(scale)")
        }
        let modeName = try c.string("mode") ?? "fan_in"
        guard let mode = FanMode(rawValue: modeName) else {
            throw KerasError.invalidArgument(
                "\(c.context): Invalid `mode` argument: \(modeName). Please use one of fan_in, fan_out, fan_avg")
        }
        var distributionName = (try c.string("distribution") ?? "truncated_normal").lowercased()
        if distributionName == "normal" { distributionName = "truncated_normal" }   // Keras 2's name
        guard let distribution = Distribution(rawValue: distributionName) else {
            throw KerasError.invalidArgument(
                "\(c.context): Invalid `distribution` argument: \(distributionName). "
                + "Please use one of uniform, truncated_normal, untruncated_normal")
        }
        return .varianceScaling(scale: scale, mode: mode, distribution: distribution, seed: try c.seed(),
                                inputAxes: try c.ints("input_axes"), outputAxes: try c.ints("output_axes"))
    }
}

extension ConfigReader {
    /// The initializer under `key` (a name or a serialized object), `nil` when absent or `null`.
    /// Errors name the context and the key.
    ///
    /// ```swift
    /// let kernelInitializer = try config.initializer("kernel_initializer") ?? .glorotUniform()
    /// ```
    public func initializer(_ key: String) throws -> Initializer? {
        guard has(key), let json = values[key] else { return nil }
        do { return try Initializer.fromConfig(json) }
        catch let error as KerasError { throw KerasError(error.kind, "\(context): `\(key)`: \(error.message)") }
    }
}
