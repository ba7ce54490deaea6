import CKerasABI

/// One optimizer update as the backends' `optimizerUpdate` kernel takes it
/// (`keras_optimizer_params`, ABI 1.2): Keras 3's formulas, this step's learning rate, and the
/// step count after increment. The tensors passed with it are the variable, its gradient and
/// the slots in `keras_plugin.h`'s order (RMSprop: velocity, [momentum], [average gradient];
/// Adam: momentum, velocity, [velocity_hat]; SGD: [momentum]; Adagrad: accumulator).
///
/// ```swift
/// let p = OptimizerUpdateParameters(op: .rmsprop, learningRate: 1e-3, rho: 0.9, epsilon: 1e-7)
/// ```
public struct OptimizerUpdateParameters: Sendable, Hashable {
    /// `keras_optimizer_op`.
    public enum Op: Int32, Sendable {
        case sgd = 0, rmsprop, adam, adamw, adagrad
    }

    public var op: Op
    public var nesterov = false
    public var centered = false
    public var amsgrad = false
    public var learningRate: Double
    public var momentum = 0.0
    public var rho = 0.0
    public var beta1 = 0.0
    public var beta2 = 0.0
    public var epsilon = 0.0
    /// Applied by the kernel before the update (0: none; the optimizers apply it themselves).
    public var weightDecay = 0.0
    /// Iterations after increment: 1 on the first update.
    public var step = 1

    public init(op: Op, learningRate: Double, momentum: Double = 0, rho: Double = 0, beta1: Double = 0, beta2: Double = 0,
                epsilon: Double = 0, step: Int = 1, nesterov: Bool = false, centered: Bool = false, amsgrad: Bool = false) {
        self.op = op
        self.learningRate = learningRate
        self.momentum = momentum
        self.rho = rho
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.step = step
        self.nesterov = nesterov
        self.centered = centered
        self.amsgrad = amsgrad
    }

    /// Lends the parameters to C as `keras_optimizer_params`.
    func withC<R>(_ body: (UnsafePointer<keras_optimizer_params>) -> R) -> R {
        let flags = (nesterov ? KERAS_OPTIMIZER_NESTEROV : 0) | (centered ? KERAS_OPTIMIZER_CENTERED : 0)
            | (amsgrad ? KERAS_OPTIMIZER_AMSGRAD : 0)
        var c = keras_optimizer_params(struct_size: UInt64(MemoryLayout<keras_optimizer_params>.size), op: op.rawValue,
                                       flags: UInt32(flags), learning_rate: learningRate, momentum: momentum, rho: rho,
                                       beta_1: beta1, beta_2: beta2, epsilon: epsilon, weight_decay: weightDecay,
                                       step: Int64(step))
        return withUnsafePointer(to: &c) { body($0) }
    }
}
