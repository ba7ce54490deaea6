// The op codes of keras_plugin.h's composite kernels (ABI 1.1 and 1.2): fused activations,
// recurrent cells and optimizer updates. The raw values are the ABI's codes.

/// Activation functions with Keras's parameters, as one fused kernel runs them
/// (`keras_activation_op`); see ``ActivationParameters``.
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

/// The cell of a fused recurrent sequence, with Keras's gate order and weight layout
/// (`keras_recurrent_cell`; see `keras_plugin.h`).
public enum RecurrentCell: Int32, Sendable, CaseIterable {
    /// `h' = act(x·W + h·U + b)`.
    case simple = 0
    /// Gates i, f, c, o; sigmoid and tanh.
    case lstm
    /// Keras's `reset_after=True` GRU: gates z, r, h; bias `(2, 3·units)`.
    case gru

    /// Gates per unit: 1, 4 or 3.
    @inlinable
    public var gateCount: Int {
        switch self {
        case .simple: 1
        case .lstm: 4
        case .gru: 3
        }
    }

    /// States carried between steps: `[h]`, or `[h, c]` for LSTM.
    @inlinable
    public var stateCount: Int { self == .lstm ? 2 : 1 }
}

/// Keras 3's optimizer updates for one variable, as the `optimizerUpdate` kernel applies them
/// in place (`keras_optimizer_op`, ABI 1.2; the formulas are in `keras_plugin.h`).
public enum OptimizerOp: Int32, Sendable, CaseIterable {
    case sgd = 0, rmsprop, adam, adamw, adagrad
}
