/// The Keras backend functions a plugin layer or function composes, over ``HostTensor``s, with
/// the Swift spellings of SwiftKeras's `K`. Each runs the host's function through `call_op` on
/// the backend in use, recording its gradient, so what a plugin composes trains on every
/// backend. Shapes or dtypes that do not fit throw a ``KernelError`` with the host's message.
///
/// ```swift
/// func call(_ inputs: [HostTensor], weights: [HostTensor], training: Bool) throws -> [HostTensor] {
///     [try K.dot(inputs[0], weights[0])]
/// }
/// ```
///
/// Mirrors `keras.backend` (Keras 2's names, as SwiftKeras's `K`).
public enum K {
    /// Runs the host function `name` (Keras 2 snake_case) with keyword `attributes`.
    public static func callOp(_ name: String, _ inputs: [HostTensor], attributes: [String: ConfigValue] = [:]) throws -> [HostTensor] {
        try HostServices.callOp(name, inputs, attributes)
    }

    /// Whether the host provides `name` (K functions and loaded native ops).
    public static func hasOp(_ name: String) -> Bool { HostServices.hasOp(name) }

    /// A native op of a loaded plugin (its own forward and backward kernels).
    public static func nativeOp(_ name: String, _ inputs: [HostTensor], attributes: [String: ConfigValue] = [:]) throws -> [HostTensor] {
        try HostServices.callOp(name, inputs, attributes)
    }

    static func one(_ name: String, _ inputs: [HostTensor], _ attributes: [String: ConfigValue] = [:]) throws -> HostTensor {
        let results = try HostServices.callOp(name, inputs, attributes)
        guard let first = results.first else { throw KernelError.failure("\(name) returned nothing") }
        return first
    }

    private static func axisValue(_ axes: [Int]?) -> ConfigValue {
        guard let axes else { return .null }
        return axes.count == 1 ? .number(Double(axes[0])) : .array(axes.map { .number(Double($0)) })
    }

    private static func ints(_ values: [Int]) -> ConfigValue { .array(values.map { .number(Double($0)) }) }

    // MARK: Arithmetic (numpy broadcasting)

    public static func add(_ a: HostTensor, _ b: HostTensor) throws -> HostTensor { try one("add", [a, b]) }
    public static func subtract(_ a: HostTensor, _ b: HostTensor) throws -> HostTensor { try one("subtract", [a, b]) }
    public static func multiply(_ a: HostTensor, _ b: HostTensor) throws -> HostTensor { try one("multiply", [a, b]) }
    public static func divide(_ a: HostTensor, _ b: HostTensor) throws -> HostTensor { try one("divide", [a, b]) }
    public static func maximum(_ a: HostTensor, _ b: HostTensor) throws -> HostTensor { try one("maximum", [a, b]) }
    public static func minimum(_ a: HostTensor, _ b: HostTensor) throws -> HostTensor { try one("minimum", [a, b]) }

    /// A scalar constant of `like`'s float dtype.
    public static func constant(_ value: Double, like: HostTensor) throws -> HostTensor {
        try HostTensor([value], shape: [], dtype: like.dtype == .float64 ? .float64 : .float32)
    }

    // MARK: Element-wise

    public static func abs(_ x: HostTensor) throws -> HostTensor { try one("abs", [x]) }
    public static func square(_ x: HostTensor) throws -> HostTensor { try one("square", [x]) }
    public static func sqrt(_ x: HostTensor) throws -> HostTensor { try one("sqrt", [x]) }
    public static func exp(_ x: HostTensor) throws -> HostTensor { try one("exp", [x]) }
    public static func log(_ x: HostTensor) throws -> HostTensor { try one("log", [x]) }
    public static func tanh(_ x: HostTensor) throws -> HostTensor { try one("tanh", [x]) }
    public static func sigmoid(_ x: HostTensor) throws -> HostTensor { try one("sigmoid", [x]) }
    public static func softplus(_ x: HostTensor) throws -> HostTensor { try one("softplus", [x]) }
    public static func stopGradient(_ x: HostTensor) throws -> HostTensor { try one("stop_gradient", [x]) }

    /// Keras's `relu(x, alpha, max_value, threshold)`.
    public static func relu(_ x: HostTensor, alpha: Double = 0, maxValue: Double? = nil, threshold: Double = 0) throws -> HostTensor {
        var attributes: [String: ConfigValue] = ["alpha": .number(alpha), "threshold": .number(threshold)]
        if let maxValue { attributes["max_value"] = .number(maxValue) }
        return try one("relu", [x], attributes)
    }

    public static func softmax(_ x: HostTensor, axis: Int = -1) throws -> HostTensor { try one("softmax", [x], ["axis": .number(Double(axis))]) }

    public static func l2Normalize(_ x: HostTensor, axis: Int? = nil) throws -> HostTensor {
        try one("l2_normalize", [x], ["axis": axisValue(axis.map { [$0] })])
    }

    public static func cast(_ x: HostTensor, _ dtype: DType) throws -> HostTensor {
        try one("cast", [x], ["dtype": .string(dtype.description)])
    }

    public static func zerosLike(_ x: HostTensor) throws -> HostTensor { try one("zeros_like", [x]) }
    public static func onesLike(_ x: HostTensor) throws -> HostTensor { try one("ones_like", [x]) }

    // MARK: Reductions

    public static func sum(_ x: HostTensor, axis: Int? = nil, keepDims: Bool = false) throws -> HostTensor {
        try one("sum", [x], ["axis": axisValue(axis.map { [$0] }), "keepdims": .bool(keepDims)])
    }

    public static func sum(_ x: HostTensor, axes: [Int], keepDims: Bool = false) throws -> HostTensor {
        try one("sum", [x], ["axis": axisValue(axes), "keepdims": .bool(keepDims)])
    }

    public static func mean(_ x: HostTensor, axis: Int? = nil, keepDims: Bool = false) throws -> HostTensor {
        try one("mean", [x], ["axis": axisValue(axis.map { [$0] }), "keepdims": .bool(keepDims)])
    }

    public static func max(_ x: HostTensor, axis: Int? = nil, keepDims: Bool = false) throws -> HostTensor {
        try one("max", [x], ["axis": axisValue(axis.map { [$0] }), "keepdims": .bool(keepDims)])
    }

    // MARK: Products

    /// `np.dot` semantics: the last axis of `x` with the second-to-last of `y`.
    public static func dot(_ x: HostTensor, _ y: HostTensor) throws -> HostTensor { try one("dot", [x, y]) }

    public static func batchDot(_ x: HostTensor, _ y: HostTensor, axes: [Int]? = nil) throws -> HostTensor {
        try one("batch_dot", [x, y], axes.map { ["axes": ints($0)] } ?? [:])
    }

    public static func biasAdd(_ x: HostTensor, _ bias: HostTensor) throws -> HostTensor { try one("bias_add", [x, bias]) }

    // MARK: Shapes

    public static func concatenate(_ xs: [HostTensor], axis: Int = -1) throws -> HostTensor {
        try one("concatenate", xs, ["axis": .number(Double(axis))])
    }

    public static func stack(_ xs: [HostTensor], axis: Int = 0) throws -> HostTensor { try one("stack", xs, ["axis": .number(Double(axis))]) }
    public static func reshape(_ x: HostTensor, _ shape: [Int]) throws -> HostTensor { try one("reshape", [x], ["shape": ints(shape)]) }
    public static func expandDims(_ x: HostTensor, axis: Int = -1) throws -> HostTensor { try one("expand_dims", [x], ["axis": .number(Double(axis))]) }
    public static func squeeze(_ x: HostTensor, axis: Int) throws -> HostTensor { try one("squeeze", [x], ["axis": .number(Double(axis))]) }
    public static func permuteDimensions(_ x: HostTensor, _ pattern: [Int]) throws -> HostTensor { try one("permute_dimensions", [x], ["pattern": ints(pattern)]) }
    public static func transpose(_ x: HostTensor) throws -> HostTensor { try one("transpose", [x]) }
    public static func batchFlatten(_ x: HostTensor) throws -> HostTensor { try one("batch_flatten", [x]) }
    public static func `repeat`(_ x: HostTensor, _ n: Int) throws -> HostTensor { try one("repeat", [x], ["n": .number(Double(n))]) }
    public static func tile(_ x: HostTensor, _ n: [Int]) throws -> HostTensor { try one("tile", [x], ["n": ints(n)]) }

    public static func slice(_ x: HostTensor, start: [Int], size: [Int]) throws -> HostTensor {
        try one("slice", [x], ["start": ints(start), "size": ints(size)])
    }
}

// MARK: Operators

extension HostTensor {
    public static func + (a: HostTensor, b: HostTensor) throws -> HostTensor { try K.add(a, b) }
    public static func - (a: HostTensor, b: HostTensor) throws -> HostTensor { try K.subtract(a, b) }
    public static func * (a: HostTensor, b: HostTensor) throws -> HostTensor { try K.multiply(a, b) }
    public static func / (a: HostTensor, b: HostTensor) throws -> HostTensor { try K.divide(a, b) }
    public static func + (a: HostTensor, b: Double) throws -> HostTensor { try K.add(a, K.constant(b, like: a)) }
    public static func - (a: HostTensor, b: Double) throws -> HostTensor { try K.subtract(a, K.constant(b, like: a)) }
    public static func * (a: HostTensor, b: Double) throws -> HostTensor { try K.multiply(a, K.constant(b, like: a)) }
    public static func - (a: Double, b: HostTensor) throws -> HostTensor { try K.subtract(K.constant(a, like: b), b) }
    public static prefix func - (x: HostTensor) throws -> HostTensor { try K.subtract(K.zerosLike(x), x) }
}
