/// A Lambda layer's Keras 3 config: `function`, `output_shape` (when set), `mask` (when set)
/// and `arguments`.
///
/// A registered function is written as its name (`"function": "space_to_depth"`); an unnamed
/// closure as Keras writes a Python lambda, `{"class_name": "__lambda__", …}`, with no code:
/// such a config cannot be rebuilt (Keras also refuses it by default, under `safe_mode`).
extension Lambda {
    /// The marker written for a closure that has no registered name.
    static let unnamedClosure: JSONValue = .object([
        "class_name": .string("__lambda__"),
        "config": .object(["code": .null, "defaults": .null, "closure": .null, "language": .string("swift")]),
    ])

    /// A Lambda layer from its Keras 3 config. The function must be registered in
    /// ``LambdaFunctions`` under the name the config gives; a config holding an unnamed closure
    /// (`__lambda__`) or an unknown name throws.
    public convenience init(config: ConfigReader) throws {
        let base = try config.layerBase()
        let functionName = try Lambda.functionName(config, "function")
        var outputShape: LambdaOutputShape?
        if let value = config.values["output_shape"], !value.isNull {
            guard let shape = LambdaOutputShape.fromConfig(value) else {
                throw KerasError(.invalidArgument, "\(config.context): `output_shape` is \(Lambda.isClosure(value) ? "an unnamed closure, which cannot be rebuilt from a config; register the function with its shape rule in LambdaFunctions instead" : "not a shape: \(value)")")
            }
            outputShape = shape
        }
        var mask: Mask?
        if let value = config.values["mask"], !value.isNull {
            guard let tensor = Lambda.tensor(fromConfig: value) else {
                throw KerasError(.invalidArgument, "\(config.context): `mask` is \(Lambda.isClosure(value) ? "an unnamed closure, which cannot be rebuilt from a config" : "not a tensor: \(value)")")
            }
            mask = .constant(tensor)
        }
        var arguments: [String: JSONValue] = [:]
        for (key, value) in try config.object("arguments") ?? [:] {
            guard value.doubleValue != nil || value.boolValue != nil else {
                throw KerasError(.invalidArgument, "\(config.context): `arguments`: only numbers and booleans are supported, received \(key)=\(value)")
            }
            arguments[key] = value
        }
        do {
            try self.init(named: functionName, argumentValues: arguments, outputShape: outputShape, mask: mask,
                          name: base.name, trainable: base.trainable, dtype: base.dtype)
        } catch let error as KerasError {
            throw KerasError(error.kind, "\(config.context): \(error.message)")
        }
    }

    /// The Lambda-specific config keys, added to the base keys by ``getConfig()``.
    func lambdaConfig() -> [String: JSONValue] {
        var config: [String: JSONValue] = [:]
        config["function"] = functionName.map(JSONValue.string) ?? Lambda.unnamedClosure
        if let declaredOutputShape, !outputShapeIsRegistered {
            config["output_shape"] = declaredOutputShape.configValue ?? Lambda.unnamedClosure
        }
        switch mask {
        case nil: break
        case .constant(let tensor): config["mask"] = Lambda.tensorConfig(tensor)
        case .rule: config["mask"] = Lambda.unnamedClosure
        }
        config["arguments"] = .object(argumentValues)
        return config
    }

    // MARK: Helpers

    /// The registered function name in `config[key]`: a string, or Keras 3's serialized
    /// function `{"class_name": "function", "config": "name"}`.
    private static func functionName(_ config: ConfigReader, _ key: String) throws -> String {
        guard let value = config.values[key], !value.isNull else {
            throw KerasError(.invalidArgument, "\(config.context): missing required `\(key)`")
        }
        if let name = value.stringValue { return name }
        if isClosure(value) {
            throw KerasError(.invalidArgument, "\(config.context): the Lambda's function is an unnamed closure (\"__lambda__\"), which cannot be rebuilt from a config. Register the function with LambdaFunctions.register(_:_:) and build the layer with Lambda(named:).")
        }
        if let object = value.objectValue, let name = object["config"]?.stringValue ?? object["registered_name"]?.stringValue {
            return name
        }
        throw KerasError(.invalidArgument, "\(config.context): `\(key)`: expected a registered function name, received \(value)")
    }

    private static func isClosure(_ value: JSONValue) -> Bool {
        value["class_name"]?.stringValue == "__lambda__"
    }

    /// Keras 3's serialized tensor: `{"class_name": "__tensor__", "config": {"value": nested lists, "dtype"}}`.
    static func tensorConfig(_ tensor: Tensor) -> JSONValue {
        func nested(_ offset: Int, _ axis: Int) -> JSONValue {
            if axis == tensor.rank {
                let v = tensor.element(offset)
                return tensor.dtype == .bool ? .bool(v != 0) : .number(v)
            }
            let stride = tensor.shape[(axis + 1)...].reduce(1, *)
            return .array((0..<tensor.shape[axis]).map { nested(offset + $0 * stride, axis + 1) })
        }
        return .object([
            "class_name": .string("__tensor__"),
            "config": .object(["value": nested(0, 0), "dtype": .string(tensor.dtype.rawValue)]),
        ])
    }

    /// The tensor of a `__tensor__` config value; nil when `value` is not one.
    static func tensor(fromConfig value: JSONValue) -> Tensor? {
        guard value["class_name"]?.stringValue == "__tensor__", let body = value["config"],
              let nestedValue = body["value"] else { return nil }
        let dtype = body["dtype"]?.stringValue.flatMap(DType.init(rawValue:)) ?? .float32
        var values: [Double] = []
        var shape: [Int] = []
        func walk(_ v: JSONValue, _ depth: Int) -> Bool {
            if let items = v.arrayValue {
                if depth == shape.count { shape.append(items.count) } else if shape[depth] != items.count { return false }
                return items.allSatisfy { walk($0, depth + 1) }
            }
            guard depth == shape.count, let x = v.doubleValue ?? v.boolValue.map({ $0 ? 1 : 0 }) else { return false }
            values.append(x)
            return true
        }
        guard walk(nestedValue, 0), values.count == shape.reduce(1, *) else { return nil }
        return Tensor(values, shape: shape, dtype: dtype)
    }
}
