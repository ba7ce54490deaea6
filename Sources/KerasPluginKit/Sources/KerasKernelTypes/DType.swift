import CKerasABI

/// The element type of a tensor (`keras_dtype`).
///
/// Mirrors Keras's dtype strings (`"float32"`, `"int64"`, …); the raw value is that string, so
/// `DType(rawValue: "float32")` parses a Keras config value, and ``abiCode`` is the code of
/// `keras_plugin.h`.
///
/// ```swift
/// DType.int32.isInteger            // true
/// DType(abiCode: 1) == .float64    // true
/// ```
public enum DType: String, Sendable, CaseIterable, Codable, CustomStringConvertible {
    case float32, float64, int32, int64, bool, uint8

    /// Bytes per element.
    @inlinable
    public var byteSize: Int {
        switch self {
        case .float32, .int32: 4
        case .float64, .int64: 8
        case .bool, .uint8: 1
        }
    }

    /// `true` for `float32` and `float64`.
    @inlinable
    public var isFloatingPoint: Bool { self == .float32 || self == .float64 }
    /// `true` for the signed and unsigned integer types.
    @inlinable
    public var isInteger: Bool { self == .int32 || self == .int64 || self == .uint8 }

    public var description: String { rawValue }

    /// The `keras_dtype` code.
    @inlinable
    public var abiCode: Int32 {
        switch self {
        case .float32: Int32(KERAS_DTYPE_FLOAT32.rawValue)
        case .float64: Int32(KERAS_DTYPE_FLOAT64.rawValue)
        case .int32: Int32(KERAS_DTYPE_INT32.rawValue)
        case .int64: Int32(KERAS_DTYPE_INT64.rawValue)
        case .bool: Int32(KERAS_DTYPE_BOOL.rawValue)
        case .uint8: Int32(KERAS_DTYPE_UINT8.rawValue)
        }
    }

    /// The dtype of a `keras_dtype` code; `nil` for a code this build does not know.
    @inlinable
    public init?(abiCode: Int32) {
        switch UInt32(bitPattern: abiCode) {
        case KERAS_DTYPE_FLOAT32.rawValue: self = .float32
        case KERAS_DTYPE_FLOAT64.rawValue: self = .float64
        case KERAS_DTYPE_INT32.rawValue: self = .int32
        case KERAS_DTYPE_INT64.rawValue: self = .int64
        case KERAS_DTYPE_BOOL.rawValue: self = .bool
        case KERAS_DTYPE_UINT8.rawValue: self = .uint8
        default: return nil
        }
    }
}
