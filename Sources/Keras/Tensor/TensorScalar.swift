/// A Swift scalar type that can be stored in a ``Tensor``.
public protocol TensorScalar: Sendable {
    /// The tensor dtype for this Swift type.
    static var dtype: DType { get }
    /// Converts from the common `Double` representation (truncating toward zero for integers,
    /// non-zero is `true` for `Bool`).
    init(fromDouble value: Double)
    /// The value as a `Double` (`Bool` is 0 or 1).
    var doubleValue: Double { get }
}

extension Float: TensorScalar {
    public static var dtype: DType { .float32 }
    public init(fromDouble value: Double) { self = Float(value) }
    public var doubleValue: Double { Double(self) }
}

extension Double: TensorScalar {
    public static var dtype: DType { .float64 }
    public init(fromDouble value: Double) { self = value }
    public var doubleValue: Double { self }
}

extension Int32: TensorScalar {
    public static var dtype: DType { .int32 }
    public init(fromDouble value: Double) { self = value.isFinite ? Int32(clamping: Int64(value.rounded(.towardZero))) : 0 }
    public var doubleValue: Double { Double(self) }
}

extension Int64: TensorScalar {
    public static var dtype: DType { .int64 }
    public init(fromDouble value: Double) {
        self = value.isFinite && abs(value) < 9.2e18 ? Int64(value.rounded(.towardZero)) : 0
    }
    public var doubleValue: Double { Double(self) }
}

extension UInt8: TensorScalar {
    public static var dtype: DType { .uint8 }
    public init(fromDouble value: Double) { self = value.isFinite ? UInt8(truncatingIfNeeded: Int64(value.rounded(.towardZero))) : 0 }
    public var doubleValue: Double { Double(self) }
}

extension Bool: TensorScalar {
    public static var dtype: DType { .bool }
    public init(fromDouble value: Double) { self = value != 0 }
    public var doubleValue: Double { self ? 1 : 0 }
}
