// The op codes of keras_plugin.h's primitive kernels. The raw values are the ABI's codes
// (`keras_unary_op` and friends); new ones are appended there first.

/// Element-wise functions of one tensor (`keras_unary_op`).
public enum UnaryOp: Int32, Sendable, CaseIterable {
    case negative = 0, abs, sign, square, sqrt, rsqrt, reciprocal
    case exp, expm1, log, log1p
    case sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, asinh, acosh, atanh
    case sigmoid, softplus, softsign, relu, erf
    /// Round half to even (banker's rounding), as `K.round`.
    case round
    case floor, ceil
    /// Logical not of a `bool` tensor.
    case logicalNot
    /// `bool` results.
    case isNaN, isInf, isFinite

    /// Whether the result is `bool` whatever the operand dtype.
    @inlinable
    public var returnsBool: Bool { self == .isNaN || self == .isInf || self == .isFinite }
}

/// Element-wise functions of two tensors with numpy broadcasting (`keras_binary_op`).
///
/// Both operands have the same dtype. Comparisons and logical ops return `bool`; the others
/// return the operands' dtype.
public enum BinaryOp: Int32, Sendable, CaseIterable {
    case add = 0, subtract, multiply, divide
    /// Floor division (`//`), rounding toward negative infinity.
    case floorDivide
    /// Floored modulo with the sign of the divisor, as Python's `%`.
    case mod
    case power, maximum, minimum, atan2, squaredDifference
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    case logicalAnd, logicalOr, logicalXor

    /// Whether the result is `bool` whatever the operand dtype.
    @inlinable
    public var returnsBool: Bool { rawValue >= BinaryOp.equal.rawValue }
}

/// Reductions over a set of axes (`keras_reduce_op`).
public enum ReduceOp: Int32, Sendable, CaseIterable {
    case sum = 0, mean, prod, max, min
    /// `bool` input and output.
    case any, all
}

/// Index-of-extremum reductions over one axis (`keras_arg_reduce_op`); the result is `int64`,
/// first index among ties.
public enum ArgReduceOp: Int32, Sendable, CaseIterable {
    case argmax = 0, argmin
}

/// Running reductions along one axis (`keras_cumulative_op`).
public enum CumulativeOp: Int32, Sendable, CaseIterable {
    case sum = 0, prod
}

/// Pooling modes (`keras_pool_mode`).
public enum PoolMode: Int32, Sendable, CaseIterable {
    /// Padding cells are ignored (as if −∞).
    case max = 0
    /// Padding cells are excluded from the divisor (TensorFlow's `avg_pool`).
    case average
}
