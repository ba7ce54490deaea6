/// Element-wise functions of one tensor: `abs`, `square`, `sqrt`, `exp`, `log`, the rounding
/// functions, the trigonometric functions, `erf` and `clip`.
///
/// Each keeps the shape and dtype of its input. Float-only functions trap on integer input with
/// a message; `abs`, `square` and `sign` also take integers (without a gradient).
extension K {
    /// `|x|` element-wise; integers allowed. Gradient `sign(x)`.
    ///
    /// Keras: `K.abs(x)`.
    ///
    /// ```swift
    /// K.abs(Tensor([-1, 2, -3]))   // [1, 2, 3]
    /// ```
    public static func abs(_ x: Tensor) -> Tensor {
        unaryMath(.abs, x, integers: true) { g, _ in [multiply(g, sign(x))] }
    }

    /// `x²` element-wise; integers allowed. Gradient `2x`.
    ///
    /// Keras: `K.square(x)`.
    ///
    /// ```swift
    /// K.square(Tensor([1, -2, 3]))   // [1, 4, 9]
    /// ```
    public static func square(_ x: Tensor) -> Tensor {
        unaryMath(.square, x, integers: true) { g, _ in [multiply(g, multiply(x, 2))] }
    }

    /// `√x` element-wise after clipping `x` to `[0, ∞)`, so `sqrt(−1) = 0` as in Keras (not NaN).
    ///
    /// Gradient `0.5/√x` where `x ≥ 0` (infinite at 0, as TensorFlow) and 0 where the input was
    /// clipped. Keras: `K.sqrt(x)`.
    ///
    /// ```swift
    /// K.sqrt(Tensor([4, -1, 2.25]))   // [2, 0, 1.5]
    /// ```
    public static func sqrt(_ x: Tensor) -> Tensor {
        requireFloat(x, "K.sqrt")
        let clipped = backend.binary(.maximum, x, scalar(0, like: x))
        let y = backend.unary(.sqrt, clipped)
        return y.recorded(from: [x]) { g in
            let slope = divide(multiply(g, 0.5), y)
            return [select(greaterEqual(x, 0), slope, scalar(0, like: g))]
        }
    }

    /// `eˣ` element-wise. Keras: `K.exp(x)`.
    ///
    /// ```swift
    /// K.exp(Tensor([0, 1]))   // [1, 2.7182817]
    /// ```
    public static func exp(_ x: Tensor) -> Tensor {
        unaryMath(.exp, x) { g, y in [multiply(g, y)] }
    }

    /// Natural logarithm element-wise (`log(0) = −∞`, `log(−1) = NaN`). Keras: `K.log(x)`.
    ///
    /// ```swift
    /// K.log(Tensor([1, 0]))   // [0, -inf]
    /// ```
    public static func log(_ x: Tensor) -> Tensor {
        unaryMath(.log, x) { g, _ in [divide(g, x)] }
    }

    /// `log(1 + x)` element-wise, accurate for small `x`. Keras 3: `ops.log1p`.
    ///
    /// ```swift
    /// K.log1p(Tensor([0, 1e-10]))   // [0, 1e-10]
    /// ```
    public static func log1p(_ x: Tensor) -> Tensor {
        unaryMath(.log1p, x) { g, _ in [divide(g, add(x, 1))] }
    }

    /// `eˣ − 1` element-wise, accurate for small `x`. Keras 3: `ops.expm1`.
    ///
    /// ```swift
    /// K.expm1(Tensor([0, 1e-10]))   // [0, 1e-10]
    /// ```
    public static func expm1(_ x: Tensor) -> Tensor {
        unaryMath(.expm1, x) { g, y in [multiply(g, add(y, 1))] }
    }

    /// −1, 0 or 1 by the sign of each element; integers allowed. The gradient is zero
    /// everywhere, as TensorFlow's. Keras: `K.sign(x)`.
    ///
    /// ```swift
    /// K.sign(Tensor([-2, 0, 3]))   // [-1, 0, 1]
    /// ```
    public static func sign(_ x: Tensor) -> Tensor {
        unaryMath(.sign, x, integers: true) { g, _ in [zerosLike(g)] }
    }

    /// Rounds to the nearest integer, halves to even ("banker's rounding"): `round(2.5) = 2`,
    /// `round(−0.5) = −0`; integers are returned unchanged. Not differentiable. Keras: `K.round(x)`.
    ///
    /// ```swift
    /// K.round(Tensor([0.5, 1.5, 2.7]))   // [0, 2, 3]
    /// ```
    public static func round(_ x: Tensor) -> Tensor {
        precondition(x.dtype != .bool, "K.round: expected a numeric tensor, received bool \(x.shape)")
        return x.dtype.isInteger ? x.detached : backend.unary(.round, x)
    }

    /// Largest integer not above each element; not differentiable. Keras 3: `ops.floor`.
    ///
    /// ```swift
    /// K.floor(Tensor([1.5, -1.5]))   // [1, -2]
    /// ```
    public static func floor(_ x: Tensor) -> Tensor {
        requireFloat(x, "K.floor")
        return backend.unary(.floor, x)
    }

    /// Smallest integer not below each element; not differentiable. Keras 3: `ops.ceil`.
    ///
    /// ```swift
    /// K.ceil(Tensor([1.5, -1.5]))   // [2, -1]
    /// ```
    public static func ceil(_ x: Tensor) -> Tensor {
        requireFloat(x, "K.ceil")
        return backend.unary(.ceil, x)
    }

    /// Sine element-wise (radians). Keras: `K.sin(x)`.
    ///
    /// ```swift
    /// K.sin(Tensor([0]))   // [0]
    /// ```
    public static func sin(_ x: Tensor) -> Tensor {
        unaryMath(.sin, x) { g, _ in [multiply(g, cos(x))] }
    }

    /// Cosine element-wise (radians). Keras: `K.cos(x)`.
    ///
    /// ```swift
    /// K.cos(Tensor([0]))   // [1]
    /// ```
    public static func cos(_ x: Tensor) -> Tensor {
        unaryMath(.cos, x) { g, _ in [negative(multiply(g, sin(x)))] }
    }

    /// Tangent element-wise (radians). Gradient `1/cos²(x)`. Keras 3: `ops.tan`.
    ///
    /// ```swift
    /// K.tan(Tensor([0]))   // [0]
    /// ```
    public static func tan(_ x: Tensor) -> Tensor {
        unaryMath(.tan, x) { g, _ in [divide(g, square(cos(x)))] }
    }

    /// `1/x` element-wise. Gradient `−1/x²`. Keras 3: `ops.reciprocal`.
    ///
    /// ```swift
    /// K.reciprocal(Tensor([2, 4]))   // [0.5, 0.25]
    /// ```
    public static func reciprocal(_ x: Tensor) -> Tensor {
        unaryMath(.reciprocal, x) { g, y in [negative(multiply(g, square(y)))] }
    }

    /// The error function `erf(x) = 2/√π ∫₀ˣ e^(−t²) dt` element-wise. Gradient
    /// `2/√π · e^(−x²)`. Keras 3: `ops.erf`.
    ///
    /// ```swift
    /// K.erf(Tensor([0, 1]))   // [0, 0.8427008]
    /// ```
    public static func erf(_ x: Tensor) -> Tensor {
        unaryMath(.erf, x) { g, _ in
            let gauss = exp(negative(square(x)))
            return [multiply(g, multiply(gauss, twoOverRootPi))]
        }
    }

    /// Clips every element to `[minValue, maxValue]`.
    ///
    /// Keras's rules: when both bounds are given and `maxValue < minValue`, `maxValue` becomes
    /// `minValue`; a `nil` bound is open (−∞ or +∞). Integers allowed. The gradient passes where
    /// `x < minValue` or `x > maxValue` is false (so at a NaN too) and is 0 elsewhere, as TensorFlow's
    /// `clip_by_value`. Keras: `K.clip(x, min_value, max_value)`.
    ///
    /// ```swift
    /// K.clip(Tensor([-2, 0.5, 3]), minValue: 0, maxValue: 1)   // [0, 0.5, 1]
    /// ```
    public static func clip(_ x: Tensor, minValue: Double?, maxValue: Double?) -> Tensor {
        precondition(x.dtype != .bool, "K.clip: expected a numeric tensor, received bool \(x.shape)")
        var upper = maxValue
        if let low = minValue, let high = maxValue, high < low { upper = low }
        var y = x.detached
        if let minValue { y = backend.binary(.maximum, y, scalar(minValue, like: x)) }
        if let upper { y = backend.binary(.minimum, y, scalar(upper, like: x)) }
        guard x.dtype.isFloatingPoint else { return y }
        return y.recorded(from: [x]) { g in
            // TensorFlow's clip_by_value gradient: 0 where x < min or x > max, `g` elsewhere
            // (the bounds and NaN included).
            var outside: Tensor?
            if let minValue { outside = less(x, minValue) }
            if let upper {
                let above = greater(x, upper)
                outside = outside.map { logicalOr($0, above) } ?? above
            }
            guard let outside else { return [g] }
            return [select(outside, scalar(0, like: g), g)]
        }
    }

    // MARK: Helpers

    /// `2/√π`, the scale of the derivative of `erf`.
    private static let twoOverRootPi = 1.1283791670955126

    /// Traps unless `x` is float32 or float64.
    static func requireFloat(_ x: Tensor, _ op: String) {
        precondition(x.dtype.isFloatingPoint, "\(op): expected a float32 or float64 tensor, received \(x.dtype) \(x.shape)")
    }

    /// Runs a unary kernel and records `backward(g, y)` for float input. Integer input is
    /// accepted only when `integers` is true and then carries no gradient.
    static func unaryMath(_ op: UnaryOp, _ x: Tensor, integers: Bool = false, name: String? = nil,
                      backward: @escaping (_ g: Tensor, _ y: Tensor) -> [Tensor?]) -> Tensor {
        let opName = name ?? "K.\(op)"
        if integers {
            precondition(x.dtype != .bool, "\(opName): expected a numeric tensor, received bool \(x.shape)")
        } else {
            requireFloat(x, opName)
        }
        let y = backend.unary(op, x)
        guard x.dtype.isFloatingPoint else { return y }
        return y.recorded(from: [x]) { g in backward(g, y) }
    }
}
