import CKerasABI

// The op codes and parameters of the ABI 1.1 composite kernels: fused activations,
// normalisation and recurrent sequences. The raw values are the codes of `keras_plugin.h`.

/// Activation functions with Keras's parameters, as one fused kernel runs them.
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

/// An activation and Keras's parameters for it (`keras_activation_params`).
///
/// ```swift
/// let relu6 = ActivationParameters(op: .relu, maxValue: 6)
/// ```
public struct ActivationParameters: Hashable, Sendable {
    public var op: ActivationOp
    /// relu: the slope below the threshold; elu: alpha.
    public var alpha: Double
    /// relu: the upper bound (`.infinity` for none).
    public var maxValue: Double
    /// relu: the threshold.
    public var threshold: Double

    public init(op: ActivationOp, alpha: Double = 0, maxValue: Double = .infinity, threshold: Double = 0) {
        self.op = op
        self.alpha = alpha
        self.maxValue = maxValue
        self.threshold = threshold
    }

    /// Lends the parameters to C as `keras_activation_params`.
    func withC<R>(_ body: (UnsafePointer<keras_activation_params>) -> R) -> R {
        var c = keras_activation_params(struct_size: UInt64(MemoryLayout<keras_activation_params>.size), op: op.rawValue,
                                        reserved: 0, alpha: alpha, max_value: maxValue, threshold: threshold)
        return withUnsafePointer(to: &c) { body($0) }
    }
}

/// The geometry of batch or layer normalisation (`keras_normalization_params`).
///
/// Batch: `axis` is the channel axis; statistics are per channel over every other axis.
/// Layer: `x` is normalised over its trailing axes `axis..<rank`, taken together.
/// Variances are biased.
public struct NormalizationParameters: Hashable, Sendable {
    public var axis: Int
    public var epsilon: Double

    public init(axis: Int, epsilon: Double) {
        self.axis = axis
        self.epsilon = epsilon
    }

    /// Lends the parameters to C as `keras_normalization_params`.
    func withC<R>(_ body: (UnsafePointer<keras_normalization_params>) -> R) -> R {
        var c = keras_normalization_params(struct_size: UInt64(MemoryLayout<keras_normalization_params>.size),
                                           axis: Int32(axis), reserved: 0, epsilon: epsilon)
        return withUnsafePointer(to: &c) { body($0) }
    }
}

/// The cell of a fused recurrent sequence, with Keras's gate order and weight layout
/// (see `keras_plugin.h`'s `keras_recurrent_cell`).
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

/// A fused recurrent sequence's cell and direction (`keras_recurrent_params`).
public struct RecurrentParameters: Hashable, Sendable {
    public var cell: RecurrentCell
    /// SimpleRNN's activation (tanh, relu or sigmoid); ignored by the gated cells.
    public var activation: ActivationOp
    public var goBackwards: Bool

    public init(cell: RecurrentCell, activation: ActivationOp = .tanh, goBackwards: Bool = false) {
        self.cell = cell
        self.activation = activation
        self.goBackwards = goBackwards
    }

    /// Lends the parameters to C as `keras_recurrent_params`.
    func withC<R>(_ body: (UnsafePointer<keras_recurrent_params>) -> R) -> R {
        var c = keras_recurrent_params(struct_size: UInt64(MemoryLayout<keras_recurrent_params>.size), cell: cell.rawValue,
                                       activation: activation.rawValue, go_backwards: goBackwards ? 1 : 0, reserved: 0)
        return withUnsafePointer(to: &c) { body($0) }
    }
}
