// The gradient of an activation taken from its output, for the layers whose forward runs the
// activation fused into the kernel before it (Dense's `linearActivation`, the convolution
// layers' `convolutionActivation`) and so never sees the pre-activation.

/// `g · f′` computed from an activation's output `y = f(z)`, for the activations whose
/// derivative (with Keras's choices at the kinks) is a function of `y` alone.
enum OutputSlope {
    /// relu with `alpha ≥ 0` and no cap, or relu6: `f′(z) = f′(y)` (`[y > 0]`, as relu′(0) = 0;
    /// `alpha` where `y ≤ 0` ⇔ `z ≤ 0`; relu6's `[0 < y < 6]`), so the backend's fused backward
    /// kernel runs on `y` itself.
    case rectifier(ActivationParameters)
    /// `scale·elu(z, alpha)` with `alpha ≥ 0`: `scale` where `y > 0`, else `y + scale·alpha`
    /// (`= scale·alpha·eᶻ`). Plain elu has `scale = 1`.
    case elu(alpha: Double, scale: Double)
    /// `y·(1 − y)`.
    case sigmoid
    /// `1 − y²`.
    case tanh

    init?(_ p: ActivationParameters) {
        switch p.op {
        case .relu:
            guard p.threshold == 0, p.alpha >= 0 else { return nil }
            guard p.maxValue == .infinity || (p.maxValue == 6 && p.alpha == 0) else { return nil }
            self = .rectifier(p)
        case .elu:
            guard p.alpha >= 0 else { return nil }
            self = .elu(alpha: p.alpha, scale: 1)
        case .selu: self = .elu(alpha: Activation.seluAlpha, scale: Activation.seluScale)
        case .sigmoid: self = .sigmoid
        case .tanh: self = .tanh
        case .linear, .gelu, .geluTanh, .silu, .softplus: return nil
        }
    }

    func gradient(_ g: Tensor, output y: Tensor) -> Tensor {
        switch self {
        case .rectifier(let p):
            return K.backend.activationBackward(y, g, p)
        case .elu(let alpha, let scale):
            return K.select(K.greater(y, 0), K.multiply(g, scale), K.multiply(g, K.add(y, scale * alpha)))
        case .sigmoid:
            return K.multiply(g, K.multiply(y, K.subtract(K.scalar(1, like: y), y)))
        case .tanh:
            return K.multiply(g, K.subtract(K.scalar(1, like: y), K.square(y)))
        }
    }
}
