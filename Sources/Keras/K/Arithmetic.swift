/// Element-wise arithmetic with numpy broadcasting: `+ - * /`, `pow`, `maximum`, `minimum`,
/// `mod`, `floorDiv` — the Python operators Keras tensors support, and their `K` functions.
extension K {
    /// `a + b` with broadcasting.
    ///
    /// Shapes broadcast numpy-style; the result has the broadcast shape and the operands' dtype.
    /// Keras: `x + y` (`tf.add`).
    ///
    /// ```swift
    /// K.add(Tensor([[1, 2], [3, 4]]), Tensor([10, 20]))   // [[11, 22], [13, 24]]
    /// ```
    public static func add(_ a: Tensor, _ b: Tensor) -> Tensor {
        let (a, b) = promoted(a, b)
        let (shapeA, shapeB) = (a.shape, b.shape)
        return binaryOp(.add, a, b) { g in [unbroadcast(g, to: shapeA), unbroadcast(g, to: shapeB)] }
    }

    /// `a − b` with broadcasting. Keras: `x - y`.
    ///
    /// ```swift
    /// K.subtract(Tensor([5, 7]), Tensor([1, 2]))   // [4, 5]
    /// ```
    public static func subtract(_ a: Tensor, _ b: Tensor) -> Tensor {
        let (a, b) = promoted(a, b)
        let (shapeA, shapeB) = (a.shape, b.shape)
        return binaryOp(.subtract, a, b) { g in [unbroadcast(g, to: shapeA), unbroadcast(negative(g), to: shapeB)] }
    }

    /// `a · b` element-wise with broadcasting. Keras: `x * y`.
    ///
    /// ```swift
    /// K.multiply(Tensor([[1, 2], [3, 4]]), Tensor([[5, 6], [7, 8]]))   // [[5, 12], [21, 32]]
    /// ```
    public static func multiply(_ a: Tensor, _ b: Tensor) -> Tensor {
        let (a, b) = promoted(a, b)
        return binaryOp(.multiply, a, b) { g in
            [unbroadcast(multiply(g, b), to: a.shape), unbroadcast(multiply(g, a), to: b.shape)]
        }
    }

    /// `a / b` element-wise with broadcasting. Keras: `x / y`.
    ///
    /// ```swift
    /// K.divide(Tensor([1, 3]), Tensor([2, 4]))   // [0.5, 0.75]
    /// ```
    public static func divide(_ a: Tensor, _ b: Tensor) -> Tensor {
        let (a, b) = promotedForDivision(a, b)
        return binaryOp(.divide, a, b) { g in
            let ga = divide(g, b)
            let gb = negative(divide(multiply(ga, a), b))
            return [unbroadcast(ga, to: a.shape), unbroadcast(gb, to: b.shape)]
        }
    }

    /// `−x`. Keras: `-x` (`tf.negative`).
    ///
    /// ```swift
    /// K.negative(Tensor([1, -2]))   // [-1, 2]
    /// ```
    public static func negative(_ x: Tensor) -> Tensor {
        backend.unary(.negative, x).recorded(from: [x]) { g in [negative(g)] }
    }

    /// `x` raised to the power `a` element-wise.
    ///
    /// `a` takes `x`'s dtype. The gradient is `a·x^(a−1)`. Keras: `K.pow(x, a)` (`tf.pow`).
    ///
    /// ```swift
    /// K.pow(Tensor([1, 2, 3]), 2)   // [1, 4, 9]
    /// ```
    public static func pow(_ x: Tensor, _ a: Double) -> Tensor {
        let exponent = scalar(a, like: x)
        let y = backend.binary(.power, x, exponent)
        guard x.dtype.isFloatingPoint else { return y }
        return y.recorded(from: [x]) { g in
            [multiply(g, multiply(exponent, backend.binary(.power, x, scalar(a - 1, like: x))))]
        }
    }

    /// `x` raised to the power `y` element-wise, with broadcasting.
    ///
    /// Gradients: `y·x^(y−1)` for `x`, and `x^y·log(x)` for `y` where `x > 0` (0 elsewhere, as
    /// TensorFlow). Keras: `K.pow(x, a)` with a tensor `a`.
    ///
    /// ```swift
    /// K.pow(Tensor([2, 3]), Tensor([3, 2]))   // [8, 9]
    /// ```
    public static func pow(_ x: Tensor, _ y: Tensor) -> Tensor {
        let (x, y) = promoted(x, y)
        _ = Shape.broadcast(x.shape, y.shape, op: "K.pow")
        let z = backend.binary(.power, x, y)
        guard x.dtype.isFloatingPoint else { return z }
        return z.recorded(from: [x, y]) { g in
            let gx = multiply(g, multiply(y, backend.binary(.power, x, subtract(y, 1))))
            let positive = greater(x, 0)
            let logX = select(positive, log(select(positive, x, scalar(1, like: x))), scalar(0, like: x))
            let gy = multiply(g, multiply(z, logX))
            return [unbroadcast(gx, to: x.shape), unbroadcast(gy, to: y.shape)]
        }
    }

    /// The element-wise larger of `a` and `b`, with broadcasting.
    ///
    /// The gradient goes to `a` where `a ≥ b` and to `b` elsewhere (TensorFlow's tie rule).
    /// Keras: `K.maximum(x, y)`.
    ///
    /// ```swift
    /// K.maximum(Tensor([1, 5]), Tensor([3, 2]))   // [3, 5]
    /// ```
    public static func maximum(_ a: Tensor, _ b: Tensor) -> Tensor {
        let (a, b) = promoted(a, b)
        return binaryOp(.maximum, a, b) { g in routeGradient(g, toFirst: greaterEqual(a, b), a.shape, b.shape) }
    }

    /// The element-wise larger of `x` and the number `y` (`K.maximum(x, 0.)`).
    public static func maximum(_ x: Tensor, _ y: Double) -> Tensor { maximum(x, weakScalar(y, .float, x)) }
    /// The maximum of `x` and an integer `y` (a weak `int`: `x` keeps an integer dtype).
    public static func maximum(_ x: Tensor, _ y: Int) -> Tensor { maximum(x, weakScalar(Double(y), .int, x)) }

    /// The element-wise smaller of `a` and `b`, with broadcasting.
    ///
    /// The gradient goes to `a` where `a ≤ b` and to `b` elsewhere (TensorFlow's tie rule).
    /// Keras: `K.minimum(x, y)`.
    ///
    /// ```swift
    /// K.minimum(Tensor([1, 5]), Tensor([3, 2]))   // [1, 2]
    /// ```
    public static func minimum(_ a: Tensor, _ b: Tensor) -> Tensor {
        let (a, b) = promoted(a, b)
        return binaryOp(.minimum, a, b) { g in routeGradient(g, toFirst: lessEqual(a, b), a.shape, b.shape) }
    }

    /// The element-wise smaller of `x` and the number `y` (`K.minimum(x, 1.)`).
    public static func minimum(_ x: Tensor, _ y: Double) -> Tensor { minimum(x, weakScalar(y, .float, x)) }
    /// The minimum of `x` and an integer `y` (a weak `int`: `x` keeps an integer dtype).
    public static func minimum(_ x: Tensor, _ y: Int) -> Tensor { minimum(x, weakScalar(Double(y), .int, x)) }

    /// Floored remainder `a − floor(a / b)·b`, with the sign of `b`, as Python's `%`.
    ///
    /// Gradients as TensorFlow's `floormod`: `g` for `a`, `−g·floor(a / b)` for `b`.
    /// Keras: `x % y` (`tf.math.floormod`).
    ///
    /// ```swift
    /// K.mod(Tensor([5, -5]), Tensor([3, 3]))   // [2, 1]
    /// ```
    public static func mod(_ a: Tensor, _ b: Tensor) -> Tensor {
        let (a, b) = promoted(a, b)
        return binaryOp(.mod, a, b) { g in
            let gb = negative(multiply(g, backend.binary(.floorDivide, a, b)))
            return [unbroadcast(g, to: a.shape), unbroadcast(gb, to: b.shape)]
        }
    }

    /// Floored remainder of `x` by the number `y`.
    public static func mod(_ x: Tensor, _ y: Double) -> Tensor { mod(x, weakScalar(y, .float, x)) }
    /// `mod` of `x` by an integer `y` (a weak `int`: `x` keeps an integer dtype).
    public static func mod(_ x: Tensor, _ y: Int) -> Tensor { mod(x, weakScalar(Double(y), .int, x)) }

    /// Floor division `floor(a / b)`, as Python's `//`; not differentiable.
    ///
    /// Keras: `x // y` (`tf.math.floordiv`).
    ///
    /// ```swift
    /// K.floorDiv(Tensor([7, -7]), Tensor([2, 2]))   // [3, -4]
    /// ```
    public static func floorDiv(_ a: Tensor, _ b: Tensor) -> Tensor {
        let (a, b) = promoted(a, b)
        _ = Shape.broadcast(a.shape, b.shape, op: "K.floorDiv")
        return backend.binary(.floorDivide, a, b)
    }

    /// Floor division of `x` by the number `y`.
    public static func floorDiv(_ x: Tensor, _ y: Double) -> Tensor { floorDiv(x, weakScalar(y, .float, x)) }
    /// `floorDiv` of `x` by an integer `y` (a weak `int`: `x` keeps an integer dtype).
    public static func floorDiv(_ x: Tensor, _ y: Int) -> Tensor { floorDiv(x, weakScalar(Double(y), .int, x)) }

    // MARK: Scalar forms

    /// `x + y` for a number `y`, a weak `float` as a Python scalar is in Keras 3: an integer
    /// `x` gives `floatx()` (`int32 + 1.5 → float32 [2.5, …]`), a float `x` keeps its dtype.
    public static func add(_ x: Tensor, _ y: Double) -> Tensor { add(x, weakScalar(y, .float, x)) }
    /// `x − y` for a number `y` (weak `float`, see ``add(_:_:)-(Tensor,Double)``).
    public static func subtract(_ x: Tensor, _ y: Double) -> Tensor { subtract(x, weakScalar(y, .float, x)) }
    /// `x · y` for a number `y` (weak `float`).
    public static func multiply(_ x: Tensor, _ y: Double) -> Tensor { multiply(x, weakScalar(y, .float, x)) }
    /// `x / y` for a number `y` (weak `float`).
    public static func divide(_ x: Tensor, _ y: Double) -> Tensor { divide(x, weakScalar(y, .float, x)) }
    /// `x + y` for an integer `y`, a weak `int`: `x` keeps its dtype (`int32 + 1 → int32`).
    public static func add(_ x: Tensor, _ y: Int) -> Tensor { add(x, weakScalar(Double(y), .int, x)) }
    /// `x − y` for an integer `y` (weak `int`).
    public static func subtract(_ x: Tensor, _ y: Int) -> Tensor { subtract(x, weakScalar(Double(y), .int, x)) }
    /// `x · y` for an integer `y` (weak `int`).
    public static func multiply(_ x: Tensor, _ y: Int) -> Tensor { multiply(x, weakScalar(Double(y), .int, x)) }
    /// `x / y` for an integer `y`: true division, so an integer `x` gives `floatx()`.
    public static func divide(_ x: Tensor, _ y: Int) -> Tensor { divide(x, weakScalar(Double(y), .int, x)) }

    // MARK: Dtype promotion (Keras 3's `result_type`)

    /// Both operands in the dtype they promote to (``DType/result(_:_:)``).
    static func promoted(_ a: Tensor, _ b: Tensor) -> (Tensor, Tensor) {
        if a.dtype == b.dtype { return (a, b) }
        let dtype = DType.result(a.dtype, b.dtype)
        return (cast(a, dtype), cast(b, dtype))
    }

    /// Both operands of a true division: promoted, then to `floatx()` when integer or bool
    /// (Keras 3's `divide`: `result_type(x1, x2, float)`).
    static func promotedForDivision(_ a: Tensor, _ b: Tensor) -> (Tensor, Tensor) {
        let dtype = DType.result(DType.result(a.dtype, b.dtype), weak: .float)
        return (cast(a, dtype), cast(b, dtype))
    }

    /// A Swift number as a scalar tensor of the dtype it and `x` promote to (weak `kind`).
    static func weakScalar(_ value: Double, _ kind: DType.WeakKind, _ x: Tensor) -> Tensor {
        Tensor(scalar: value, dtype: DType.result(x.dtype, weak: kind))
    }

    // MARK: Helpers shared by every broadcasting op

    /// Runs a binary kernel after checking dtypes and broadcastability, and records `backward`
    /// when the operands are floating point.
    static func binaryOp(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, name: String? = nil,
                         backward: @escaping (Tensor) -> [Tensor?]) -> Tensor {
        // The op's name is built only for a failure message: this runs on every binary op.
        precondition(a.dtype == b.dtype, "\(name ?? "K.\(op)"): dtypes differ (\(a.dtype) and \(b.dtype)); cast one first")
        precondition(a.shape == b.shape || Shape.broadcast(a.shape, b.shape) != nil,
                     "\(name ?? "K.\(op)"): shapes \(a.shape) and \(b.shape) cannot be broadcast together")
        let y = backend.binary(op, a, b)
        guard a.dtype.isFloatingPoint else { return y }
        return y.recorded(from: [a, b], backward)
    }

    /// Splits `g` between two broadcast operands: where `mask` holds it goes to the first,
    /// elsewhere to the second (the rule of `maximum`, `minimum` and `select`).
    static func routeGradient(_ g: Tensor, toFirst mask: Tensor, _ first: [Int], _ second: [Int]) -> [Tensor?] {
        let zero = scalar(0, like: g)
        return [unbroadcast(backend.select(mask, g, zero), to: first),
                unbroadcast(backend.select(mask, zero, g), to: second)]
    }

    /// Sums `g` over the axes that broadcasting expanded, so it has `shape` again.
    static func unbroadcast(_ g: Tensor, to shape: [Int]) -> Tensor {
        if g.shape == shape { return g }
        let lead = g.rank - shape.count
        var axes = Array(0..<lead)
        for (i, d) in shape.enumerated() where d == 1 && g.shape[lead + i] != 1 { axes.append(lead + i) }
        let summed = axes.isEmpty ? g : backend.reduce(.sum, g, axes: axes, keepDims: true)
        return summed.reshapedStorage(to: shape)
    }

    /// A scalar tensor of `like`'s dtype, for mixing Swift numbers with tensors.
    static func scalar(_ value: Double, like: Tensor) -> Tensor { Tensor(scalar: value, dtype: like.dtype) }
}

// MARK: - Operators

extension Tensor {
    public static func + (a: Tensor, b: Tensor) -> Tensor { K.add(a, b) }
    public static func - (a: Tensor, b: Tensor) -> Tensor { K.subtract(a, b) }
    public static func * (a: Tensor, b: Tensor) -> Tensor { K.multiply(a, b) }
    public static func / (a: Tensor, b: Tensor) -> Tensor { K.divide(a, b) }
    public static prefix func - (x: Tensor) -> Tensor { K.negative(x) }

    public static func + (a: Tensor, b: Double) -> Tensor { K.add(a, b) }
    public static func - (a: Tensor, b: Double) -> Tensor { K.subtract(a, b) }
    public static func * (a: Tensor, b: Double) -> Tensor { K.multiply(a, b) }
    public static func / (a: Tensor, b: Double) -> Tensor { K.divide(a, b) }
    public static func + (a: Double, b: Tensor) -> Tensor { K.add(K.weakScalar(a, .float, b), b) }
    public static func - (a: Double, b: Tensor) -> Tensor { K.subtract(K.weakScalar(a, .float, b), b) }
    public static func * (a: Double, b: Tensor) -> Tensor { K.multiply(K.weakScalar(a, .float, b), b) }
    public static func / (a: Double, b: Tensor) -> Tensor { K.divide(K.weakScalar(a, .float, b), b) }
    public static func + (a: Tensor, b: Int) -> Tensor { K.add(a, b) }
    public static func - (a: Tensor, b: Int) -> Tensor { K.subtract(a, b) }
    public static func * (a: Tensor, b: Int) -> Tensor { K.multiply(a, b) }
    public static func / (a: Tensor, b: Int) -> Tensor { K.divide(a, b) }
    public static func + (a: Int, b: Tensor) -> Tensor { K.add(K.weakScalar(Double(a), .int, b), b) }
    public static func - (a: Int, b: Tensor) -> Tensor { K.subtract(K.weakScalar(Double(a), .int, b), b) }
    public static func * (a: Int, b: Tensor) -> Tensor { K.multiply(K.weakScalar(Double(a), .int, b), b) }
    public static func / (a: Int, b: Tensor) -> Tensor { K.divide(K.weakScalar(Double(a), .int, b), b) }

    public static func += (a: inout Tensor, b: Tensor) { a = a + b }
    public static func -= (a: inout Tensor, b: Tensor) { a = a - b }
    public static func *= (a: inout Tensor, b: Tensor) { a = a * b }
    public static func /= (a: inout Tensor, b: Tensor) { a = a / b }
    public static func += (a: inout Tensor, b: Double) { a = a + b }
    public static func -= (a: inout Tensor, b: Double) { a = a - b }
    public static func *= (a: inout Tensor, b: Double) { a = a * b }
    public static func /= (a: inout Tensor, b: Double) { a = a / b }
}
