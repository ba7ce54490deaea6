@_exported import CKerasABI

// The op codes of keras_plugin.h as Swift enums, with the same names as in the SwiftKeras core.
// The raw values are the ABI's codes; an op a plugin does not know (from a newer host) never
// reaches a kernel: KerasPluginKit answers KERAS_STATUS_UNIMPLEMENTED for it.

/// The element type of a tensor (`keras_dtype`).
public enum DType: Int32, Sendable, CaseIterable, CustomStringConvertible {
    case float32 = 0, float64, int32, int64, bool, uint8

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .float32, .int32: 4
        case .float64, .int64: 8
        case .bool, .uint8: 1
        }
    }

    /// `true` for `float32` and `float64`.
    public var isFloatingPoint: Bool { self == .float32 || self == .float64 }

    public var description: String {
        switch self {
        case .float32: "float32"
        case .float64: "float64"
        case .int32: "int32"
        case .int64: "int64"
        case .bool: "bool"
        case .uint8: "uint8"
        }
    }
}

/// Element-wise functions of one tensor (`keras_unary_op`).
public enum UnaryOp: Int32, Sendable, CaseIterable {
    case negative = 0, abs, sign, square, sqrt, rsqrt, reciprocal
    case exp, expm1, log, log1p
    case sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, asinh, acosh, atanh
    case sigmoid, softplus, softsign, relu, erf
    case round, floor, ceil
    case logicalNot
    case isNaN, isInf, isFinite
}

/// Element-wise functions of two tensors with numpy broadcasting (`keras_binary_op`).
public enum BinaryOp: Int32, Sendable, CaseIterable {
    case add = 0, subtract, multiply, divide, floorDivide, mod
    case power, maximum, minimum, atan2, squaredDifference
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    case logicalAnd, logicalOr, logicalXor

    /// Whether the result is `bool` whatever the operand dtype.
    public var returnsBool: Bool { rawValue >= BinaryOp.equal.rawValue }
}

/// Reductions over a set of axes (`keras_reduce_op`).
public enum ReduceOp: Int32, Sendable, CaseIterable {
    case sum = 0, mean, prod, max, min, any, all
}

/// Index-of-extremum reductions (`keras_arg_reduce_op`).
public enum ArgReduceOp: Int32, Sendable, CaseIterable {
    case argmax = 0, argmin
}

/// Running reductions (`keras_cumulative_op`).
public enum CumulativeOp: Int32, Sendable, CaseIterable {
    case sum = 0, prod
}

/// Pooling modes (`keras_pool_mode`).
public enum PoolMode: Int32, Sendable, CaseIterable {
    case max = 0, average
}

/// The kernel slots of a backend (`keras_kernel`), as `supports` queries name them.
public enum Kernel: Int32, Sendable, CaseIterable {
    case unary = 0, binary, select, cast, reduce, argReduce, cumulative, matmul
    case transpose, slice, concatenate, pad, tile, broadcast, reverse, gather, scatterAdd
    case convolution, convolutionBackwardInput, convolutionBackwardKernel, pool, poolBackward
    case softmax, logSoftmax, linear
    // ABI 1.1
    case activation, activationBackward, linearActivation
    case batchNormalization, batchNormalizationTraining, batchNormalizationBackward
    case layerNormalization, layerNormalizationBackward
    case recurrent, recurrentBackward
    case convolutionActivation
    // ABI 1.2
    case recurrentWorkspaceSize, recurrentTraining, recurrentBackwardWorkspace
    case optimizerUpdate
}

/// Activation functions with Keras's parameters (`keras_activation_op`, ABI 1.1); see
/// ``ActivationParameters``.
public enum ActivationOp: Int32, Sendable, CaseIterable {
    /// `x`.
    case linear = 0
    /// Keras's `relu(x, alpha, max_value, threshold)`.
    case relu
    /// `x > 0 ? x : alpha·(eˣ − 1)`.
    case elu
    /// `scale · elu(x, alpha)` with Keras's fixed constants.
    case selu
    /// `x·Φ(x)`, the exact form.
    case gelu
    /// The tanh approximation of gelu (Keras's `gelu(approximate=True)`).
    case geluTanh
    /// `x·sigmoid(x)` (Keras's `silu` / `swish`).
    case silu
    case sigmoid, tanh
    /// `log(1 + eˣ)`.
    case softplus
}

/// The cell of a fused recurrent sequence (`keras_recurrent_cell`, ABI 1.1), with Keras's gate
/// order and weight layout (see `keras_plugin.h`).
public enum RecurrentCell: Int32, Sendable, CaseIterable {
    /// `h' = act(x·W + h·U + b)`.
    case simple = 0
    /// Gates i, f, c, o; sigmoid and tanh.
    case lstm
    /// Keras's `reset_after=True` GRU: gates z, r, h; bias `(2, 3·units)`.
    case gru

    /// Gates per unit: 1, 4 or 3.
    public var gateCount: Int {
        switch self {
        case .simple: 1
        case .lstm: 4
        case .gru: 3
        }
    }

    /// States carried between steps: `[h]`, or `[h, c]` for LSTM.
    public var stateCount: Int { self == .lstm ? 2 : 1 }
}
