import Foundation

/// Adam: `m ← m + (g − m)(1 − β₁)`, `v ← v + (g² − v)(1 − β₂)`,
/// `α = lr·sqrt(1 − β₂ᵗ)/(1 − β₁ᵗ)`, `w ← w − α·m/(sqrt(v) + ε)` (AMSGrad: `v̂ ← max(v̂, v)` in
/// place of `v`).
///
/// ```swift
/// let optimizer = Adam(learningRate: 1e-3, amsgrad: true)
/// ```
///
/// Mirrors Keras 3's `keras.optimizers.Adam` (`beta_1=0.9, beta_2=0.999, epsilon=1e-7`).
public class Adam: Optimizer {
    public let beta1: Double, beta2: Double, epsilon: Double, amsgrad: Bool

    public init(learningRate: LearningRate = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-7,
                amsgrad: Bool = false, weightDecay: Double? = nil, clipnorm: Double? = nil, clipvalue: Double? = nil,
                globalClipnorm: Double? = nil, name: String = "adam") {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.amsgrad = amsgrad
        super.init(learningRate: learningRate, weightDecay: weightDecay, clipnorm: clipnorm, clipvalue: clipvalue,
                   globalClipnorm: globalClipnorm, name: name)
    }

    public override func updateStep(_ g: Tensor, _ w: Variable, learningRate lr: Tensor) {
        let t = Double(iterations + 1)
        let m = slot("momentum", for: w), v = slot("velocity", for: w)
        let b1 = Float(beta1), b2 = Float(beta2)
        let correction = Double(Float(1 - pow(Double(b2), t)).squareRoot() / Float(1 - pow(Double(b1), t)))
        if FusedUpdate.applies(g, w) {
            return FusedUpdate.adam(g, w, momentum: m, velocity: v, velocityHat: amsgrad ? slot("velocity_hat", for: w) : nil,
                                    learningRate: lr.item, correction: correction, beta1: beta1, beta2: beta2,
                                    epsilon: epsilon, step: iterations + 1)
        }
        let alpha = lr * correction
        let newM = m.numpy + (g - m.numpy) * (1 - beta1)
        let newV = v.numpy + (K.square(g) - v.numpy) * (1 - beta2)
        m.assign(newM)
        v.assign(newV)
        var denominatorSource = newV
        if amsgrad {
            let vHat = slot("velocity_hat", for: w)
            let newVHat = K.maximum(vHat.numpy, newV)
            vHat.assign(newVHat)
            denominatorSource = newVHat
        }
        w.assign(w.numpy - K.divide(K.multiply(newM, alpha), K.sqrt(denominatorSource) + epsilon))
    }

    public override func getConfig() -> [String: JSONValue] {
        var c = super.getConfig()
        c["beta_1"] = .number(beta1)
        c["beta_2"] = .number(beta2)
        c["epsilon"] = .number(epsilon)
        c["amsgrad"] = .bool(amsgrad)
        return c
    }
}

/// Adam with decoupled weight decay (`weightDecay` defaults to 0.004).
///
/// Mirrors Keras 3's `keras.optimizers.AdamW`.
public final class AdamW: Adam {
    public init(learningRate: LearningRate = 0.001, weightDecay: Double = 0.004, beta1: Double = 0.9,
                beta2: Double = 0.999, epsilon: Double = 1e-7, amsgrad: Bool = false, clipnorm: Double? = nil,
                clipvalue: Double? = nil, globalClipnorm: Double? = nil, name: String = "adamw") {
        super.init(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad,
                   weightDecay: weightDecay, clipnorm: clipnorm, clipvalue: clipvalue,
                   globalClipnorm: globalClipnorm, name: name)
    }
}
