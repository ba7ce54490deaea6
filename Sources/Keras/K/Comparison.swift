/// Element-wise comparisons and logic: `equal`, `greater`, …, `logicalAnd`, …, and `select`.
///
/// Comparisons take two tensors (or a tensor and a number), promote them to one dtype as
/// Keras 3 does (``DType/result(_:_:)``: `int32` against `float32` compares as `float32`),
/// broadcast them, and return `bool`; they have no gradient. `Tensor` has the element-wise
/// operators `.<`, `.<=`, `.>`, `.>=`, `.==`, `.!=` (mlx-swift's and SIMD's spelling).
extension K {
    /// `a == b` element-wise with broadcasting, as `bool`. Keras: `K.equal(x, y)`.
    ///
    /// ```swift
    /// K.equal(Tensor([1, 2, 3]), Tensor([1, 0, 3]))   // [true, false, true]
    /// ```
    public static func equal(_ a: Tensor, _ b: Tensor) -> Tensor { compare(.equal, a, b, "K.equal") }

    /// `a != b` element-wise with broadcasting, as `bool`. Keras: `K.not_equal(x, y)`.
    ///
    /// ```swift
    /// K.notEqual(Tensor([1, 2]), Tensor([1, 0]))   // [false, true]
    /// ```
    public static func notEqual(_ a: Tensor, _ b: Tensor) -> Tensor { compare(.notEqual, a, b, "K.notEqual") }

    /// `a > b` element-wise with broadcasting, as `bool`. Keras: `K.greater(x, y)`.
    ///
    /// ```swift
    /// K.greater(Tensor([1, 2, 3]), Tensor([2]))   // [false, false, true]
    /// ```
    public static func greater(_ a: Tensor, _ b: Tensor) -> Tensor { compare(.greater, a, b, "K.greater") }

    /// `a ≥ b` element-wise with broadcasting, as `bool`. Keras: `K.greater_equal(x, y)`.
    ///
    /// ```swift
    /// K.greaterEqual(Tensor([1, 2, 3]), Tensor([2]))   // [false, true, true]
    /// ```
    public static func greaterEqual(_ a: Tensor, _ b: Tensor) -> Tensor { compare(.greaterEqual, a, b, "K.greaterEqual") }

    /// `a < b` element-wise with broadcasting, as `bool`. Keras: `K.less(x, y)`.
    ///
    /// ```swift
    /// K.less(Tensor([1, 2, 3]), Tensor([2]))   // [true, false, false]
    /// ```
    public static func less(_ a: Tensor, _ b: Tensor) -> Tensor { compare(.less, a, b, "K.less") }

    /// `a ≤ b` element-wise with broadcasting, as `bool`. Keras: `K.less_equal(x, y)`.
    ///
    /// ```swift
    /// K.lessEqual(Tensor([1, 2, 3]), Tensor([2]))   // [true, true, false]
    /// ```
    public static func lessEqual(_ a: Tensor, _ b: Tensor) -> Tensor { compare(.lessEqual, a, b, "K.lessEqual") }

    /// `x == y` for a number `y` (a weak `float`: an integer `x` is compared as `floatx()`).
    public static func equal(_ x: Tensor, _ y: Double) -> Tensor { equal(x, weakScalar(y, .float, x)) }
    /// `x != y` for a number `y` (a weak `float`: an integer `x` is compared as `floatx()`).
    public static func notEqual(_ x: Tensor, _ y: Double) -> Tensor { notEqual(x, weakScalar(y, .float, x)) }
    /// `x > y` for a number `y` (a weak `float`: an integer `x` is compared as `floatx()`).
    public static func greater(_ x: Tensor, _ y: Double) -> Tensor { greater(x, weakScalar(y, .float, x)) }
    /// `x ≥ y` for a number `y` (a weak `float`: an integer `x` is compared as `floatx()`).
    public static func greaterEqual(_ x: Tensor, _ y: Double) -> Tensor { greaterEqual(x, weakScalar(y, .float, x)) }
    /// `x < y` for a number `y` (a weak `float`: an integer `x` is compared as `floatx()`).
    public static func less(_ x: Tensor, _ y: Double) -> Tensor { less(x, weakScalar(y, .float, x)) }
    /// `x ≤ y` for a number `y` (a weak `float`: an integer `x` is compared as `floatx()`).
    public static func lessEqual(_ x: Tensor, _ y: Double) -> Tensor { lessEqual(x, weakScalar(y, .float, x)) }

    /// Logical and of two `bool` tensors with broadcasting. Keras 3: `ops.logical_and`.
    ///
    /// ```swift
    /// K.logicalAnd(Tensor([true, true]), Tensor([true, false]))   // [true, false]
    /// ```
    public static func logicalAnd(_ a: Tensor, _ b: Tensor) -> Tensor { logic(.logicalAnd, a, b, "K.logicalAnd") }

    /// Logical or of two `bool` tensors with broadcasting. Keras 3: `ops.logical_or`.
    ///
    /// ```swift
    /// K.logicalOr(Tensor([false, false]), Tensor([true, false]))   // [true, false]
    /// ```
    public static func logicalOr(_ a: Tensor, _ b: Tensor) -> Tensor { logic(.logicalOr, a, b, "K.logicalOr") }

    /// Logical exclusive or of two `bool` tensors with broadcasting. Keras 3: `ops.logical_xor`.
    ///
    /// ```swift
    /// K.logicalXor(Tensor([true, true]), Tensor([true, false]))   // [false, true]
    /// ```
    public static func logicalXor(_ a: Tensor, _ b: Tensor) -> Tensor { logic(.logicalXor, a, b, "K.logicalXor") }

    /// Logical not of a `bool` tensor. Keras 3: `ops.logical_not`.
    ///
    /// ```swift
    /// K.logicalNot(Tensor([true, false]))   // [false, true]
    /// ```
    public static func logicalNot(_ x: Tensor) -> Tensor {
        precondition(x.dtype == .bool, "K.logicalNot: expected a bool tensor, received \(x.dtype) \(x.shape)")
        return backend.unary(.logicalNot, x)
    }

    /// `condition ? a : b` element-wise, broadcasting all three (numpy `where`).
    ///
    /// `condition` is `bool`; `a` and `b` share a dtype. The gradient flows to `a` where the
    /// condition holds and to `b` elsewhere. Keras 3: `ops.where(condition, x1, x2)` (Keras 2's
    /// `K.switch` is the variant with a scalar or lower-rank condition).
    ///
    /// ```swift
    /// K.select(Tensor([true, false]), Tensor([1, 2]), Tensor([10, 20]))   // [1, 20]
    /// ```
    public static func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(condition.dtype == .bool,
                     "K.select: condition must be bool, received \(condition.dtype) \(condition.shape)")
        let (a, b) = promoted(a, b)
        let valueShape = Shape.broadcast(a.shape, b.shape, op: "K.select")
        _ = Shape.broadcast(condition.shape, valueShape, op: "K.select")
        let y = backend.select(condition, a, b)
        guard a.dtype.isFloatingPoint else { return y }
        return y.recorded(from: [a, b]) { g in routeGradient(g, toFirst: condition, a.shape, b.shape) }
    }

    // MARK: Helpers

    private static func compare(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, _ name: String) -> Tensor {
        let (a, b) = promoted(a, b)
        _ = Shape.broadcast(a.shape, b.shape, op: name)
        return backend.binary(op, a, b)
    }

    private static func logic(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, _ name: String) -> Tensor {
        precondition(a.dtype == .bool && b.dtype == .bool,
                     "\(name): expected bool tensors, received \(a.dtype) \(a.shape) and \(b.dtype) \(b.shape)")
        _ = Shape.broadcast(a.shape, b.shape, op: name)
        return backend.binary(op, a, b)
    }
}

/// Element-wise comparison operators, as mlx-swift and Swift's SIMD types spell them (`==`
/// stays free for Swift's whole-value equality).
///
/// ```swift
/// let x = Tensor([1, 5, 12], dtype: .int32)
/// x .< 12              // [true, true, false]
/// x .>= Tensor([2.5])  // compared as float32: [false, true, true]
/// ```
extension Tensor {
    public static func .< (a: Tensor, b: Tensor) -> Tensor { K.less(a, b) }
    public static func .<= (a: Tensor, b: Tensor) -> Tensor { K.lessEqual(a, b) }
    public static func .> (a: Tensor, b: Tensor) -> Tensor { K.greater(a, b) }
    public static func .>= (a: Tensor, b: Tensor) -> Tensor { K.greaterEqual(a, b) }
    public static func .== (a: Tensor, b: Tensor) -> Tensor { K.equal(a, b) }
    public static func .!= (a: Tensor, b: Tensor) -> Tensor { K.notEqual(a, b) }

    public static func .< (a: Tensor, b: Double) -> Tensor { K.less(a, b) }
    public static func .<= (a: Tensor, b: Double) -> Tensor { K.lessEqual(a, b) }
    public static func .> (a: Tensor, b: Double) -> Tensor { K.greater(a, b) }
    public static func .>= (a: Tensor, b: Double) -> Tensor { K.greaterEqual(a, b) }
    public static func .== (a: Tensor, b: Double) -> Tensor { K.equal(a, b) }
    public static func .!= (a: Tensor, b: Double) -> Tensor { K.notEqual(a, b) }

    public static func .< (a: Tensor, b: Int) -> Tensor { K.less(a, K.weakScalar(Double(b), .int, a)) }
    public static func .<= (a: Tensor, b: Int) -> Tensor { K.lessEqual(a, K.weakScalar(Double(b), .int, a)) }
    public static func .> (a: Tensor, b: Int) -> Tensor { K.greater(a, K.weakScalar(Double(b), .int, a)) }
    public static func .>= (a: Tensor, b: Int) -> Tensor { K.greaterEqual(a, K.weakScalar(Double(b), .int, a)) }
    public static func .== (a: Tensor, b: Int) -> Tensor { K.equal(a, K.weakScalar(Double(b), .int, a)) }
    public static func .!= (a: Tensor, b: Int) -> Tensor { K.notEqual(a, K.weakScalar(Double(b), .int, a)) }
}
