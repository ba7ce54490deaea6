import Foundation

/// Adagrad: `a ← a + g²`, `w ← w − lr·g/sqrt(a + ε)`, the accumulator starting at
/// `initialAccumulatorValue`.
///
/// Mirrors Keras 3's `keras.optimizers.Adagrad` (`learning_rate=0.001,
/// initial_accumulator_value=0.1, epsilon=1e-7`).
public final class Adagrad: Optimizer {
    public let initialAccumulatorValue: Double, epsilon: Double

    public init(learningRate: LearningRate = 0.001, initialAccumulatorValue: Double = 0.1, epsilon: Double = 1e-7,
                weightDecay: Double? = nil, clipnorm: Double? = nil, clipvalue: Double? = nil,
                globalClipnorm: Double? = nil, name: String = "adagrad") {
        self.initialAccumulatorValue = initialAccumulatorValue
        self.epsilon = epsilon
        super.init(learningRate: learningRate, weightDecay: weightDecay, clipnorm: clipnorm, clipvalue: clipvalue,
                   globalClipnorm: globalClipnorm, name: name)
    }

    public override func updateStep(_ g: Tensor, _ w: Variable, learningRate lr: Tensor) {
        let a = slot("accumulator", for: w, initialValue: initialAccumulatorValue)
        let newA = a.numpy + K.square(g)
        a.assign(newA)
        w.assign(w.numpy - K.divide(K.multiply(g, lr), K.sqrt(newA + epsilon)))
    }

    public override func getConfig() -> [String: JSONValue] {
        var c = super.getConfig()
        c["initial_accumulator_value"] = .number(initialAccumulatorValue)
        c["epsilon"] = .number(epsilon)
        return c
    }
}

/// Adadelta: `a ← ρa + (1−ρ)g²`, `Δ = −sqrt(d + ε)·g/sqrt(a + ε)` with the old `d`,
/// `d ← ρd + (1−ρ)Δ²`, `w ← w + lr·Δ`.
///
/// Mirrors Keras 3's `keras.optimizers.Adadelta` (`learning_rate=0.001, rho=0.95, epsilon=1e-7`).
public final class Adadelta: Optimizer {
    public let rho: Double, epsilon: Double

    public init(learningRate: LearningRate = 0.001, rho: Double = 0.95, epsilon: Double = 1e-7,
                weightDecay: Double? = nil, clipnorm: Double? = nil, clipvalue: Double? = nil,
                globalClipnorm: Double? = nil, name: String = "adadelta") {
        self.rho = rho
        self.epsilon = epsilon
        super.init(learningRate: learningRate, weightDecay: weightDecay, clipnorm: clipnorm, clipvalue: clipvalue,
                   globalClipnorm: globalClipnorm, name: name)
    }

    public override func updateStep(_ g: Tensor, _ w: Variable, learningRate lr: Tensor) {
        let a = slot("accumulated_grad", for: w), d = slot("accumulated_delta_var", for: w)
        let newA = a.numpy * rho + K.square(g) * (1 - rho)
        a.assign(newA)
        let delta = K.negative(K.divide(K.multiply(K.sqrt(d.numpy + epsilon), g), K.sqrt(newA + epsilon)))
        d.assign(d.numpy * rho + K.square(delta) * (1 - rho))
        w.assign(w.numpy + K.multiply(delta, lr))
    }

    public override func getConfig() -> [String: JSONValue] {
        var c = super.getConfig()
        c["rho"] = .number(rho)
        c["epsilon"] = .number(epsilon)
        return c
    }
}

/// Adamax: `m ← m + (g − m)(1 − β₁)`, `u ← max(β₂u, |g|)`, `w ← w − lr·m/((1 − β₁ᵗ)(u + ε))`.
///
/// Mirrors Keras 3's `keras.optimizers.Adamax` (`learning_rate=0.001, beta_1=0.9,
/// beta_2=0.999, epsilon=1e-7`).
public final class Adamax: Optimizer {
    public let beta1: Double, beta2: Double, epsilon: Double

    public init(learningRate: LearningRate = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-7,
                weightDecay: Double? = nil, clipnorm: Double? = nil, clipvalue: Double? = nil,
                globalClipnorm: Double? = nil, name: String = "adamax") {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        super.init(learningRate: learningRate, weightDecay: weightDecay, clipnorm: clipnorm, clipvalue: clipvalue,
                   globalClipnorm: globalClipnorm, name: name)
    }

    public override func updateStep(_ g: Tensor, _ w: Variable, learningRate lr: Tensor) {
        let t = Double(iterations + 1)
        let m = slot("m", for: w), u = slot("norm", for: w)
        let newM = m.numpy + (g - m.numpy) * (1 - beta1)
        let newU = K.maximum(u.numpy * beta2, K.abs(g))
        m.assign(newM)
        u.assign(newU)
        let correction = Double(1 - pow(Float(beta1), Float(t)))
        w.assign(w.numpy - K.divide(K.multiply(newM, lr), (newU + epsilon) * correction))
    }

    public override func getConfig() -> [String: JSONValue] {
        var c = super.getConfig()
        c["beta_1"] = .number(beta1)
        c["beta_2"] = .number(beta2)
        c["epsilon"] = .number(epsilon)
        return c
    }
}

/// Nadam: Adam with Nesterov momentum and the momentum schedule `μ_t = β₁(1 − 0.5·0.96^t)`;
/// `Π_t = Π_{t−1}·μ_t` is updated once per step; `m̂ = μ_{t+1}·m/(1 − Π_t·μ_{t+1}) +
/// (1 − μ_t)·g/(1 − Π_t)`, `v̂ = v/(1 − β₂ᵗ)`, `w ← w − lr·m̂/(sqrt(v̂) + ε)`.
///
/// Mirrors Keras 3's `keras.optimizers.Nadam` (`learning_rate=0.001`; the schedule is `0.96^t`,
/// not Keras 2's `0.96^(0.004·t)`).
public final class Nadam: Optimizer {
    public let beta1: Double, beta2: Double, epsilon: Double
    /// `Π_t`, the product of the momentum schedule so far (Keras's `_u_product`, saved after
    /// the slots in a `.keras` archive).
    package var uProduct: Float = 1

    public init(learningRate: LearningRate = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-7,
                weightDecay: Double? = nil, clipnorm: Double? = nil, clipvalue: Double? = nil,
                globalClipnorm: Double? = nil, name: String = "nadam") {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        super.init(learningRate: learningRate, weightDecay: weightDecay, clipnorm: clipnorm, clipvalue: clipvalue,
                   globalClipnorm: globalClipnorm, name: name)
    }

    private func mu(_ t: Float) -> Float { Float(beta1) * (1 - 0.5 * pow(Float(0.96), t)) }

    public override func prepareStep() {
        uProduct *= mu(Float(iterations + 1))
    }

    public override func didRestoreState() {
        uProduct = 1
        for t in stride(from: 1, through: iterations, by: 1) { uProduct *= mu(Float(t)) }
    }

    public override func updateStep(_ g: Tensor, _ w: Variable, learningRate lr: Tensor) {
        let t = Float(iterations + 1)
        let muT = mu(t), muNext = mu(t + 1)
        let uProductNext = uProduct * muNext
        let m = slot("momentum", for: w), v = slot("velocity", for: w)
        let newM = m.numpy + (g - m.numpy) * (1 - beta1)
        let newV = v.numpy + (K.square(g) - v.numpy) * (1 - beta2)
        m.assign(newM)
        v.assign(newV)
        let mHat = newM * Double(muNext / (1 - uProductNext)) + g * Double((1 - muT) / (1 - uProduct))
        let vHat = newV / Double(1 - pow(Float(beta2), t))
        w.assign(w.numpy - K.divide(K.multiply(mHat, lr), K.sqrt(vHat) + epsilon))
    }

    public override func getConfig() -> [String: JSONValue] {
        var c = super.getConfig()
        c["beta_1"] = .number(beta1)
        c["beta_2"] = .number(beta2)
        c["epsilon"] = .number(epsilon)
        return c
    }
}
