import CKerasABI

/// An activation and Keras's parameters for it (`keras_activation_params`, ABI 1.1).
///
/// ```swift
/// let relu6 = ActivationParameters(op: .relu, maxValue: 6)
/// ```
public struct ActivationParameters: KernelParameters, Hashable {
    public var op: ActivationOp
    /// relu: the slope below the threshold; elu: alpha.
    public var alpha: Double
    /// relu: the upper bound (`.infinity` for none).
    public var maxValue: Double
    /// relu: the threshold.
    public var threshold: Double

    public static var kind: ParameterKind { .activation }

    public init(op: ActivationOp, alpha: Double = 0, maxValue: Double = .infinity, threshold: Double = 0) {
        self.op = op
        self.alpha = alpha
        self.maxValue = maxValue
        self.threshold = threshold
    }

    /// Reads the host's parameters (plugin side); `nil` for an activation this build does not know.
    public init?(_ params: UnsafePointer<keras_activation_params>) {
        let p = params.pointee
        guard let op = ActivationOp(rawValue: p.op) else { return nil }
        self.init(op: op, alpha: p.alpha, maxValue: p.max_value, threshold: p.threshold)
    }

    /// Whether this is plain `max(x, 0)`.
    public var isPlainReLU: Bool { op == .relu && alpha == 0 && maxValue == .infinity && threshold == 0 }

    /// Lends the parameters to C as `keras_activation_params`.
    @inlinable
    public func withC<R>(_ body: (UnsafePointer<keras_activation_params>) -> R) -> R {
        var c = keras_activation_params(struct_size: UInt64(MemoryLayout<keras_activation_params>.size), op: op.rawValue,
                                        reserved: 0, alpha: alpha, max_value: maxValue, threshold: threshold)
        return withUnsafePointer(to: &c) { body($0) }
    }
}

/// The geometry of batch or layer normalisation (`keras_normalization_params`, ABI 1.1).
///
/// Batch: `axis` is the channel axis; statistics are per channel over every other axis.
/// Layer: `x` is normalised over its trailing axes `axis..<rank`, taken together.
/// Variances are biased.
public struct NormalizationParameters: KernelParameters, Hashable {
    public var axis: Int
    public var epsilon: Double

    public static var kind: ParameterKind { .normalization }

    public init(axis: Int, epsilon: Double) {
        self.axis = axis
        self.epsilon = epsilon
    }

    /// Reads the host's parameters (plugin side).
    public init(_ params: UnsafePointer<keras_normalization_params>) {
        self.init(axis: Int(params.pointee.axis), epsilon: params.pointee.epsilon)
    }

    /// Lends the parameters to C as `keras_normalization_params`.
    public func withC<R>(_ body: (UnsafePointer<keras_normalization_params>) -> R) -> R {
        var c = keras_normalization_params(struct_size: UInt64(MemoryLayout<keras_normalization_params>.size),
                                           axis: Int32(axis), reserved: 0, epsilon: epsilon)
        return withUnsafePointer(to: &c) { body($0) }
    }
}

/// A fused recurrent sequence's cell and direction (`keras_recurrent_params`, ABI 1.1).
public struct RecurrentParameters: KernelParameters, Hashable {
    public var cell: RecurrentCell
    /// SimpleRNN's activation (tanh, relu or sigmoid); ignored by the gated cells.
    public var activation: ActivationOp
    public var goBackwards: Bool

    public static var kind: ParameterKind { .recurrent }

    public init(cell: RecurrentCell, activation: ActivationOp = .tanh, goBackwards: Bool = false) {
        self.cell = cell
        self.activation = activation
        self.goBackwards = goBackwards
    }

    /// Reads the host's parameters (plugin side); `nil` for a cell or activation this build does
    /// not know.
    public init?(_ params: UnsafePointer<keras_recurrent_params>) {
        let p = params.pointee
        guard let cell = RecurrentCell(rawValue: p.cell), let activation = ActivationOp(rawValue: p.activation) else { return nil }
        self.init(cell: cell, activation: activation, goBackwards: p.go_backwards != 0)
    }

    /// Lends the parameters to C as `keras_recurrent_params`.
    public func withC<R>(_ body: (UnsafePointer<keras_recurrent_params>) -> R) -> R {
        var c = keras_recurrent_params(struct_size: UInt64(MemoryLayout<keras_recurrent_params>.size), cell: cell.rawValue,
                                       activation: activation.rawValue, go_backwards: goBackwards ? 1 : 0, reserved: 0)
        return withUnsafePointer(to: &c) { body($0) }
    }
}

/// One optimizer update (`keras_optimizer_params`, ABI 1.2): the op, its flags and this step's
/// hyper-parameters (fields an op does not use are ignored; see `keras_plugin.h`).
public struct OptimizerParameters: KernelParameters, Hashable {
    public var op: OptimizerOp
    public var nesterov: Bool
    public var centered: Bool
    public var amsgrad: Bool
    /// This step's rate (schedules already evaluated).
    public var learningRate: Double
    public var momentum: Double
    public var rho: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    /// Keras 3's decoupled decay `v -= v · weightDecay · lr` (0: none).
    public var weightDecay: Double
    /// Iterations after increment: 1 on the first update.
    public var step: Int

    public static var kind: ParameterKind { .optimizer }

    public init(op: OptimizerOp, nesterov: Bool = false, centered: Bool = false, amsgrad: Bool = false,
                learningRate: Double, momentum: Double = 0, rho: Double = 0, beta1: Double = 0, beta2: Double = 0,
                epsilon: Double = 0, weightDecay: Double = 0, step: Int) {
        self.op = op
        self.nesterov = nesterov
        self.centered = centered
        self.amsgrad = amsgrad
        self.learningRate = learningRate
        self.momentum = momentum
        self.rho = rho
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.step = step
    }

    /// Reads the host's parameters (plugin side); `nil` for an optimizer this build does not know.
    public init?(_ params: UnsafePointer<keras_optimizer_params>) {
        let p = params.pointee
        guard let op = OptimizerOp(rawValue: p.op) else { return nil }
        self.init(op: op, nesterov: p.flags & KERAS_OPTIMIZER_NESTEROV != 0, centered: p.flags & KERAS_OPTIMIZER_CENTERED != 0,
                  amsgrad: p.flags & KERAS_OPTIMIZER_AMSGRAD != 0, learningRate: p.learning_rate, momentum: p.momentum,
                  rho: p.rho, beta1: p.beta_1, beta2: p.beta_2, epsilon: p.epsilon, weightDecay: p.weight_decay, step: Int(p.step))
    }

    /// Lends the parameters to C as `keras_optimizer_params`.
    public func withC<R>(_ body: (UnsafePointer<keras_optimizer_params>) -> R) -> R {
        let flags = (nesterov ? UInt32(KERAS_OPTIMIZER_NESTEROV) : 0) | (centered ? UInt32(KERAS_OPTIMIZER_CENTERED) : 0)
            | (amsgrad ? UInt32(KERAS_OPTIMIZER_AMSGRAD) : 0)
        var c = keras_optimizer_params(struct_size: UInt64(MemoryLayout<keras_optimizer_params>.size), op: op.rawValue,
                                       flags: flags, learning_rate: learningRate, momentum: momentum, rho: rho,
                                       beta_1: beta1, beta_2: beta2, epsilon: epsilon, weight_decay: weightDecay,
                                       step: Int64(step))
        return withUnsafePointer(to: &c) { body($0) }
    }
}
