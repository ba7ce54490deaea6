/// A Keras operation recorded in a functional graph (`keras.src.ops.*`), such as the
/// `NotEqual(x, 0)` that computes an embedding's mask or the `Any(mask, axis=-1)` a Masking →
/// RNN model records: replayed as a layer when a model is rebuilt from its config, evaluated
/// when the model runs, and written back with its config and constants.
final class OperationLayer: Layer {
    let operation: String
    /// The operation's module (`keras.src.ops.numpy`), written back as it was read.
    let module: String
    /// The operation's own config (`axis`, `keepdims`, `dtype`, …).
    let operationConfig: [String: JSONValue]
    /// Non-tensor positional arguments, in order after the tensors (e.g. the `0` of `x != 0`).
    var constants: [JSONValue] = []

    init(className: String, module: String = "keras.src.ops.numpy", config: [String: JSONValue]) throws {
        guard Self.supported.contains(className) else {
            throw KerasError(.unimplemented, "Keras operation '\(className)' in a model graph is not supported; supported: \(Self.supported.sorted())")
        }
        operation = className
        self.module = module
        operationConfig = config
        super.init(name: config["name"]?.stringValue)
        if className == "Cast", castType == nil {
            throw KerasError(.invalidArgument, "Keras operation Cast \"\(name)\": `dtype` \(config["dtype"] ?? .null) is not a supported dtype")
        }
    }

    static let supported: Set<String> = ["NotEqual", "Equal", "Add", "Subtract", "Multiply", "Cast", "Any", "All"]

    override var className: String { operation }

    private var castType: DType? {
        let value = operationConfig["dtype"]
        return (value?.stringValue ?? value?["config"]?["name"]?.stringValue).flatMap(DType.init(rawValue:))
    }

    /// The reduced axes of Any / All (nil: every axis).
    private var axes: [Int]? {
        guard let value = operationConfig["axis"], !value.isNull else { return nil }
        if let axis = value.intValue { return [axis] }
        return value.arrayValue?.compactMap(\.intValue)
    }

    private var keepDims: Bool { operationConfig["keepdims"]?.boolValue ?? false }

    override func computeOutputShapes(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        guard !inputShapes.isEmpty else {
            throw KerasError(.invalidArgument, "Operation \(operation) \"\(name)\": called without a tensor argument")
        }
        if operation == "Any" || operation == "All" {
            let shape = inputShapes[0]
            let reduced = Set((axes ?? Array(shape.indices)).map { $0 < 0 ? $0 + shape.count : $0 })
            guard reduced.allSatisfy({ $0 >= 0 && $0 < shape.count }) else {
                throw KerasError(.invalidArgument, "Operation \(operation) \"\(name)\": axis \(axes ?? []) is out of range for shape \(ShapeFormat.tuple(shape))")
            }
            return [shape.indices.flatMap { i -> [Int?] in reduced.contains(i) ? (keepDims ? [1] : []) : [shape[i]] }]
        }
        var shape = inputShapes[0]
        for other in inputShapes.dropFirst() {
            guard let b = Shape.broadcastUnknown(shape, other) else {
                throw KerasError(.shapeMismatch, "Operation \(operation): shapes \(ShapeFormat.tuple(shape)) and \(ShapeFormat.tuple(other)) cannot be broadcast")
            }
            shape = b
        }
        return [shape]
    }

    override func computeOutputDTypes(_ inputDTypes: [DType], outputCount: Int) -> [DType] {
        switch operation {
        case "NotEqual", "Equal", "Any", "All": [.bool]
        case "Cast": [castType ?? dtype]
        default: [inputDTypes.first ?? dtype]
        }
    }

    override func call(_ inputs: [Tensor], training: Bool, mask: [Tensor?]) throws -> [Tensor] {
        guard let x = inputs.first else {
            throw KerasError(.invalidArgument, "Operation \(operation) \"\(name)\": called without a tensor argument")
        }
        func other() throws -> Tensor {
            if inputs.count > 1 { return inputs[1] }
            guard let value = constants.first?.doubleValue ?? constants.first?.boolValue.map({ $0 ? 1 : 0 }) else {
                throw KerasError(.invalidArgument, "Operation \(operation) \"\(name)\": expected a second tensor or a number, received \(constants)")
            }
            return Tensor(scalar: value, dtype: x.dtype)
        }
        switch operation {
        case "NotEqual": return [K.notEqual(x, try other())]
        case "Equal": return [K.equal(x, try other())]
        case "Add": return [K.add(x, try other())]
        case "Subtract": return [K.subtract(x, try other())]
        case "Multiply": return [K.multiply(x, try other())]
        case "Cast": return [K.cast(x, castType!)]
        case "Any": return [K.any(x, axes: axes, keepDims: keepDims)]
        case "All": return [K.all(x, axes: axes, keepDims: keepDims)]
        default:
            throw KerasError(.unimplemented, "Keras operation '\(operation)' cannot be evaluated yet")
        }
    }

    override func getConfig() -> [String: JSONValue] {
        var config = operationConfig
        config["name"] = .string(name)
        return config
    }
}

extension Shape {
    /// The broadcast of two shapes with unknown (`nil`) dimensions; nil when incompatible.
    public static func broadcastUnknown(_ a: [Int?], _ b: [Int?]) -> [Int?]? {
        let rank = max(a.count, b.count)
        var result = [Int?](repeating: 1, count: rank)
        for i in 0..<rank {
            let da: Int? = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db: Int? = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            switch (da, db) {
            case (1?, _): result[i] = db
            case (_, 1?): result[i] = da
            case (nil, _), (_, nil): result[i] = nil
            case let (x?, y?): if x == y { result[i] = x } else { return nil }
            }
        }
        return result
    }
}
