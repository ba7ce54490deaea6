/// Element-wise functions of one tensor (`Backend.unary`).
///
/// Each function is a type conforming to ``UnaryElementFunction`` so that ``mapElements(_:_:)``
/// is specialised for it and the function is inlined into the loop (a closure would be called
/// once per element through the parallel loop's context).
extension ReferenceBackend {
    public func unary(_ op: UnaryOp, _ x: Tensor) -> Tensor {
        switch x.dtype {
        case .float32: return ReferenceOps.unaryFloat(op, x, as: Float.self)
        case .float64: return ReferenceOps.unaryFloat(op, x, as: Double.self)
        case .int32: return ReferenceOps.unaryInteger(op, x, as: Int32.self)
        case .int64: return ReferenceOps.unaryInteger(op, x, as: Int64.self)
        case .uint8: return ReferenceOps.unaryInteger(op, x, as: UInt8.self)
        case .bool:
            precondition(op == .logicalNot, "unary \(op): expects a numeric tensor, received bool \(x.shape)")
            return mapElements(x, ReferenceOps.LogicalNot.self)
        }
    }
}

/// A scalar function applied element-wise by ``mapElements(_:_:)``.
protocol UnaryElementFunction {
    associatedtype Input: TensorScalar
    associatedtype Output: TensorScalar
    static func apply(_ x: Input) -> Output
}

/// `F.apply` on every element of `x`, into a new tensor of `x`'s shape.
func mapElements<F: UnaryElementFunction>(_ x: Tensor, _: F.Type) -> Tensor {
    var out = Tensor(uninitializedShape: x.shape, dtype: F.Output.dtype)
    let n = x.count
    guard n > 0 else { return out }
    x.withUnsafeBufferPointer(as: F.Input.self) { source in
        out.withUnsafeMutableBufferPointer(as: F.Output.self) { destination in
            let src = source.baseAddress!, dst = destination.baseAddress!
            Parallel.forEachChunk(n, minimumChunk: ReferenceTuning.parallelGrain) { range in
                for i in range { dst[i] = F.apply(src[i]) }
            }
        }
    }
    return out
}

extension ReferenceOps {
    fileprivate static func unaryFloat<T: ReferenceFloatingPoint>(_ op: UnaryOp, _ x: Tensor, as: T.Type) -> Tensor {
        switch op {
        case .negative: return mapElements(x, Negative<T>.self)
        case .abs: return mapElements(x, Absolute<T>.self)
        case .sign: return mapElements(x, Sign<T>.self)
        case .square: return mapElements(x, Square<T>.self)
        case .sqrt: return mapElements(x, SquareRoot<T>.self)
        case .rsqrt: return mapElements(x, ReciprocalSquareRoot<T>.self)
        case .reciprocal: return mapElements(x, Reciprocal<T>.self)
        case .relu: return mapElements(x, Relu<T>.self)
        case .softsign: return mapElements(x, Softsign<T>.self)
        case .round: return mapElements(x, RoundHalfToEven<T>.self)
        case .floor: return mapElements(x, Floor<T>.self)
        case .ceil: return mapElements(x, Ceiling<T>.self)
        case .isNaN: return mapElements(x, IsNaN<T>.self)
        case .isInf: return mapElements(x, IsInfinite<T>.self)
        case .isFinite: return mapElements(x, IsFinite<T>.self)
        case .logicalNot: preconditionFailure("unary \(op): expects a bool tensor, received \(x.dtype) \(x.shape)")
        default: return mapMathFunction(x, op: op, as: T.self)
        }
    }

    fileprivate static func unaryInteger<T: ReferenceInteger>(_ op: UnaryOp, _ x: Tensor, as: T.Type) -> Tensor {
        switch op {
        case .negative: return mapElements(x, WrappingNegative<T>.self)
        case .abs: return mapElements(x, IntegerAbsolute<T>.self)
        case .sign: return mapElements(x, IntegerSign<T>.self)
        case .square: return mapElements(x, WrappingSquare<T>.self)
        case .relu: return mapElements(x, IntegerRelu<T>.self)
        case .round, .floor, .ceil: return x.sharingStorage(shape: x.shape)
        case .isNaN, .isInf: return Tensor(shape: x.shape, repeating: 0, dtype: .bool)
        case .isFinite: return Tensor(shape: x.shape, repeating: 1, dtype: .bool)
        default: preconditionFailure("unary \(op): expects a float32 or float64 tensor, received \(x.dtype) \(x.shape)")
        }
    }

    // MARK: Cheap functions (inlined and vectorised)

    fileprivate enum Negative<T: ReferenceFloatingPoint>: UnaryElementFunction {
        static func apply(_ x: T) -> T { -x }
    }
    fileprivate enum Absolute<T: ReferenceFloatingPoint>: UnaryElementFunction {
        static func apply(_ x: T) -> T { Swift.abs(x) }
    }
    /// −1, 0 or 1 (NaN stays NaN, the sign of zero is kept).
    fileprivate enum Sign<T: ReferenceFloatingPoint>: UnaryElementFunction {
        static func apply(_ x: T) -> T { x > 0 ? 1 : (x < 0 ? -1 : x) }
    }
    fileprivate enum Square<T: ReferenceFloatingPoint>: UnaryElementFunction {
        static func apply(_ x: T) -> T { x * x }
    }
    fileprivate enum SquareRoot<T: ReferenceFloatingPoint>: UnaryElementFunction {
        static func apply(_ x: T) -> T { x.squareRoot() }
    }
    fileprivate enum ReciprocalSquareRoot<T: ReferenceFloatingPoint>: UnaryElementFunction {
        static func apply(_ x: T) -> T { 1 / x.squareRoot() }
    }
    fileprivate enum Reciprocal<T: ReferenceFloatingPoint>: UnaryElementFunction {
        static func apply(_ x: T) -> T { 1 / x }
    }
    /// `max(x, 0)`; NaN stays NaN, as in TensorFlow and JAX (ABI 1.2's contract).
    fileprivate enum Relu<T: ReferenceFloatingPoint>: UnaryElementFunction {
        static func apply(_ x: T) -> T { x > 0 || x != x ? x : 0 }
    }
    fileprivate enum Softsign<T: ReferenceFloatingPoint>: UnaryElementFunction {
        static func apply(_ x: T) -> T { x / (1 + Swift.abs(x)) }
    }
    fileprivate enum RoundHalfToEven<T: ReferenceFloatingPoint>: UnaryElementFunction {
        static func apply(_ x: T) -> T { x.rounded(.toNearestOrEven) }
    }
    fileprivate enum Floor<T: ReferenceFloatingPoint>: UnaryElementFunction {
        static func apply(_ x: T) -> T { x.rounded(.down) }
    }
    fileprivate enum Ceiling<T: ReferenceFloatingPoint>: UnaryElementFunction {
        static func apply(_ x: T) -> T { x.rounded(.up) }
    }
    fileprivate enum IsNaN<T: ReferenceFloatingPoint>: UnaryElementFunction {
        static func apply(_ x: T) -> Bool { x.isNaN }
    }
    fileprivate enum IsInfinite<T: ReferenceFloatingPoint>: UnaryElementFunction {
        static func apply(_ x: T) -> Bool { x.isInfinite }
    }
    fileprivate enum IsFinite<T: ReferenceFloatingPoint>: UnaryElementFunction {
        static func apply(_ x: T) -> Bool { x.isFinite }
    }
    fileprivate enum WrappingNegative<T: ReferenceInteger>: UnaryElementFunction {
        static func apply(_ x: T) -> T { 0 &- x }
    }
    fileprivate enum IntegerAbsolute<T: ReferenceInteger>: UnaryElementFunction {
        static func apply(_ x: T) -> T { x < 0 ? 0 &- x : x }
    }
    fileprivate enum IntegerSign<T: ReferenceInteger>: UnaryElementFunction {
        static func apply(_ x: T) -> T { x > 0 ? 1 : (x < 0 ? 0 &- 1 : 0) }
    }
    fileprivate enum WrappingSquare<T: ReferenceInteger>: UnaryElementFunction {
        static func apply(_ x: T) -> T { x &* x }
    }
    fileprivate enum IntegerRelu<T: ReferenceInteger>: UnaryElementFunction {
        static func apply(_ x: T) -> T { x > 0 ? x : 0 }
    }
    fileprivate enum LogicalNot: UnaryElementFunction {
        static func apply(_ x: Bool) -> Bool { !x }
    }

    // MARK: Library functions

    /// The C math library functions, each a call of tens of cycles: one kernel chooses the function
    /// per element from `op` (the branch is predictable and costs far less than the call).
    fileprivate enum MathFunction<T: ReferenceFloatingPoint> {
        @inline(__always)
        static func apply(_ op: UnaryOp, _ x: T) -> T {
            switch op {
            case .exp: T.exp(x)
            case .expm1: T.expm1(x)
            case .log: T.log(x)
            case .log1p: T.log1p(x)
            case .sin: T.sin(x)
            case .cos: T.cos(x)
            case .tan: T.tan(x)
            case .asin: T.asin(x)
            case .acos: T.acos(x)
            case .atan: T.atan(x)
            case .sinh: T.sinh(x)
            case .cosh: T.cosh(x)
            case .tanh: T.tanh(x)
            case .asinh: T.asinh(x)
            case .acosh: T.acosh(x)
            case .atanh: T.atanh(x)
            case .erf: T.erf(x)
            case .sigmoid: T.sigmoid(x)
            case .softplus: T.softplus(x)
            default: preconditionFailure("unary \(op): not a library function")
            }
        }
    }

    fileprivate static func mapMathFunction<T: ReferenceFloatingPoint>(_ x: Tensor, op: UnaryOp, as: T.Type) -> Tensor {
        var out = Tensor(uninitializedShape: x.shape, dtype: x.dtype)
        let n = x.count
        guard n > 0 else { return out }
        x.withUnsafeBufferPointer(as: T.self) { source in
            out.withUnsafeMutableBufferPointer(as: T.self) { destination in
                let src = source.baseAddress!, dst = destination.baseAddress!
                // Library calls cost tens of cycles, so smaller inputs are worth splitting.
                Parallel.forEachChunk(n, minimumChunk: ReferenceTuning.parallelGrain / 16) { range in
                    for i in range { dst[i] = MathFunction<T>.apply(op, src[i]) }
                }
            }
        }
        return out
    }
}
