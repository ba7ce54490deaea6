/// Stochastic gradient descent with optional (Nesterov) momentum.
///
/// Without momentum `w ← w − lr·g`; with momentum μ, `m ← μ·m − lr·g` and `w ← w + m`, or with
/// Nesterov `w ← w + μ·m − lr·g` (the new `m`).
///
/// ```swift
/// let optimizer = SGD(learningRate: 0.01, momentum: 0.9, nesterov: true)
/// ```
///
/// Mirrors Keras 3's `keras.optimizers.SGD` (defaults `learning_rate=0.01, momentum=0.0`).
public final class SGD: Optimizer {
    public let momentum: Double
    public let nesterov: Bool

    public init(learningRate: LearningRate = 0.01, momentum: Double = 0, nesterov: Bool = false,
                weightDecay: Double? = nil, clipnorm: Double? = nil, clipvalue: Double? = nil,
                globalClipnorm: Double? = nil, name: String = "SGD") {
        precondition(momentum >= 0 && momentum <= 1, "SGD: `momentum` must be a float between [0, 1], received \(momentum)")
        self.momentum = momentum
        self.nesterov = nesterov
        super.init(learningRate: learningRate, weightDecay: weightDecay, clipnorm: clipnorm, clipvalue: clipvalue,
                   globalClipnorm: globalClipnorm, name: name)
    }

    public override func updateStep(_ g: Tensor, _ w: Variable, learningRate lr: Tensor) {
        let fused = FusedUpdate.applies(g, w)
        guard momentum != 0 else {
            if fused { return FusedUpdate.sgd(g, w, learningRate: lr.item) }
            w.assign(w.numpy - K.multiply(g, lr))
            return
        }
        let m = slot("momentum", for: w)
        if fused {
            return FusedUpdate.sgd(g, w, momentum: m, learningRate: lr.item, momentum: momentum, nesterov: nesterov)
        }
        let mu = Tensor(scalar: momentum, dtype: w.dtype)
        let newM = K.multiply(m.numpy, mu) - K.multiply(g, lr)
        m.assign(newM)
        w.assign(nesterov ? w.numpy + K.multiply(newM, mu) - K.multiply(g, lr) : w.numpy + newM)
    }

    public override func getConfig() -> [String: JSONValue] {
        var c = super.getConfig()
        c["momentum"] = .number(momentum)
        c["nesterov"] = .bool(nesterov)
        return c
    }
}

/// RMSprop: `v ← ρv + (1−ρ)g²`; with `centered`, `ā ← ρā + (1−ρ)g` and the denominator
/// `v − ā²`; `inc = lr·g / sqrt(denominator + ε)`; with momentum μ, `m ← μm + inc` and `w ← w − m`,
/// else `w ← w − inc`.
///
/// Mirrors Keras 3's `keras.optimizers.RMSprop` (`learning_rate=0.001, rho=0.9, momentum=0,
/// epsilon=1e-7, centered=False`; ε inside the square root, unlike Keras 2).
public final class RMSprop: Optimizer {
    public let rho: Double, momentum: Double, epsilon: Double, centered: Bool

    public init(learningRate: LearningRate = 0.001, rho: Double = 0.9, momentum: Double = 0, epsilon: Double = 1e-7,
                centered: Bool = false, weightDecay: Double? = nil, clipnorm: Double? = nil, clipvalue: Double? = nil,
                globalClipnorm: Double? = nil, name: String = "rmsprop") {
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered
        super.init(learningRate: learningRate, weightDecay: weightDecay, clipnorm: clipnorm, clipvalue: clipvalue,
                   globalClipnorm: globalClipnorm, name: name)
    }

    public override func updateStep(_ g: Tensor, _ w: Variable, learningRate lr: Tensor) {
        let v = slot("velocity", for: w)
        if FusedUpdate.applies(g, w) {
            return FusedUpdate.rmsprop(g, w, velocity: v, averageGradient: centered ? slot("average_gradient", for: w) : nil,
                                       momentum: momentum > 0 ? slot("momentum", for: w) : nil, learningRate: lr.item,
                                       rho: rho, momentum: momentum, epsilon: epsilon)
        }
        let newV = v.numpy * rho + K.square(g) * (1 - rho)
        v.assign(newV)
        var denominator = newV
        if centered {
            let a = slot("average_gradient", for: w)
            let newA = a.numpy * rho + g * (1 - rho)
            a.assign(newA)
            denominator = newV - K.square(newA)
        }
        let increment = K.divide(K.multiply(g, lr), K.sqrt(denominator + epsilon))
        if momentum > 0 {
            let m = slot("momentum", for: w)
            let newM = m.numpy * momentum + increment
            m.assign(newM)
            w.assign(w.numpy - newM)
        } else {
            w.assign(w.numpy - increment)
        }
    }

    public override func getConfig() -> [String: JSONValue] {
        var c = super.getConfig()
        c["rho"] = .number(rho)
        c["momentum"] = .number(momentum)
        c["epsilon"] = .number(epsilon)
        c["centered"] = .bool(centered)
        return c
    }
}
