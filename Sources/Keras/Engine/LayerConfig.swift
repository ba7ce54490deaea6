/// Building and reading the Keras 3 JSON config values that layers exchange with
/// `getConfig()` and `from_config`.
public enum LayerConfig {
    /// Keras 3's dtype policy: `{"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, …}`.
    public static func dtypePolicy(_ dtype: DType) -> JSONValue {
        .object([
            "module": .string("keras"),
            "class_name": .string("DTypePolicy"),
            "config": .object(["name": .string(dtype.rawValue)]),
            "registered_name": .null,
        ])
    }

    /// A shape with `null` for unknown dimensions.
    public static func shape(_ shape: [Int?]) -> JSONValue {
        .array(shape.map { $0.map { .number(Double($0)) } ?? .null })
    }

    /// A list of integers.
    public static func ints(_ values: [Int]) -> JSONValue { .array(values.map { .number(Double($0)) }) }

    /// A Keras 3 serialized object: `{"module", "class_name", "config", "registered_name"}`.
    public static func object(module: String, className: String, config: [String: JSONValue]) -> JSONValue {
        .object([
            "module": .string(module),
            "class_name": .string(className),
            "config": .object(config),
            "registered_name": .null,
        ])
    }

    /// A layer as a Keras 3 serialized object (`{"module", "class_name", "config", …}`), the
    /// form wrappers and models use for the layers they hold.
    public static func serialize(_ layer: Layer) -> JSONValue {
        ModelSerializer.serialize(layer)
    }
}
