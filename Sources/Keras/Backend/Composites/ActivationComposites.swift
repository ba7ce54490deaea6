import Foundation

// The fused activations composed from a backend's primitives: what the reference backend runs,
// what a plugin backend runs when its plugin declines the fused kernel, and the semantics every
// plugin's `activation` / `activation_backward` / `linear_activation` must match.

extension Backend {
    public func activation(_ x: Tensor, _ p: ActivationParameters) -> Tensor {
        ActivationComposition(backend: self, x: x).value(p)
    }

    public func activationBackward(_ x: Tensor, _ dy: Tensor, _ p: ActivationParameters) -> Tensor {
        ActivationComposition(backend: self, x: x).gradient(dy, p)
    }

    public func linearActivation(_ x: Tensor, weight: Tensor, bias: Tensor?, _ p: ActivationParameters) -> Tensor {
        composedLinearActivation(x, weight: weight, bias: bias, p)
    }

    public func convolutionActivation(_ x: Tensor, kernel: Tensor, bias: Tensor?, _ p: ConvolutionParameters,
                                      _ activation: ActivationParameters) -> Tensor {
        composedConvolutionActivation(x, kernel: kernel, bias: bias, p, activation)
    }

    /// `linear`, then the activation: the default, and a plugin backend's fallback.
    func composedLinearActivation(_ x: Tensor, weight: Tensor, bias: Tensor?, _ p: ActivationParameters) -> Tensor {
        let z = linear(x, weight: weight, bias: bias)
        return p.op == .linear ? z : activation(z, p)
    }

    /// `convolution`, the bias on the channel axis, then the activation: the default, and a
    /// plugin backend's fallback.
    func composedConvolutionActivation(_ x: Tensor, kernel: Tensor, bias: Tensor?, _ p: ConvolutionParameters,
                                       _ activation: ActivationParameters) -> Tensor {
        var z = convolution(x, kernel: kernel, p)
        if let bias { z = binary(.add, z, bias) }
        return activation.op == .linear ? z : self.activation(z, activation)
    }
}

/// Keras's activation formulas, step by step, on one backend's primitives.
///
/// The forward follows the order of operations of Keras's own code (so float32 results round
/// the same way as the `K` composition they replace); the backward is the derivative Keras's
/// TensorFlow autodiff takes through that code.
struct ActivationComposition {
    let backend: any Backend
    let x: Tensor

    // MARK: Small helpers over the primitives

    /// The kernel arithmetic of `backend` (``KernelMath``).
    private var math: KernelMath { KernelMath(backend) }
    /// A scalar and a 0/1 mask of `x`'s dtype.
    private func scalar(_ value: Double) -> Tensor { math.scalar(value, like: x) }
    private func mask(_ condition: Tensor) -> Tensor { math.mask(condition, dtype: x.dtype) }

    // MARK: Forward

    func value(_ p: ActivationParameters) -> Tensor {
        switch p.op {
        case .linear: return x
        case .relu: return relu(alpha: p.alpha, maxValue: p.maxValue.isFinite ? p.maxValue : nil, threshold: p.threshold)
        case .elu: return elu(x, alpha: p.alpha)
        case .selu: return math.multiply(elu(x, alpha: Activation.seluAlpha), Activation.seluScale)
        case .gelu:
            // 0.5·x·(1 + erf(x/√2))
            return math.multiply(math.multiply(x, 0.5), math.add(math.unary(.erf, math.multiply(x, 0.5.squareRoot())), 1))
        case .geluTanh:
            // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
            return math.multiply(math.multiply(x, 0.5), math.add(math.unary(.tanh, geluTanhInner()), 1))
        case .silu: return math.multiply(x, math.unary(.sigmoid, x))
        case .sigmoid: return math.unary(.sigmoid, x)
        case .tanh: return math.unary(.tanh, x)
        case .softplus: return math.unary(.softplus, x)
        }
    }

    /// `x > 0 ? x : alpha·(eˣ − 1)`.
    private func elu(_ x: Tensor, alpha: Double) -> Tensor {
        math.select(math.compare(.greater, x, 0), x, math.multiply(math.unary(.expm1, x), alpha))
    }

    /// `√(2/π)·(x + 0.044715·x³)`.
    private func geluTanhInner() -> Tensor {
        let cubic = math.add(x, math.multiply(math.multiply(x, math.unary(.square, x)), 0.044715))
        return math.multiply(cubic, (2 / Double.pi).squareRoot())
    }

    /// Keras 2's relu as its TensorFlow code computes it: leaky relu when only `alpha` is set;
    /// otherwise `x·[x > threshold]` (or relu, or relu6 when `maxValue == 6`), clipped to
    /// `[0, maxValue]`, minus `alpha·relu(threshold − x)`.
    private func relu(alpha: Double, maxValue: Double?, threshold: Double) -> Tensor {
        if alpha != 0, maxValue == nil, threshold == 0 {
            return math.select(math.compare(.greater, x, 0), x, math.multiply(x, alpha))
        }
        var y: Tensor
        var clipMax = maxValue != nil
        if threshold != 0 {
            y = math.multiply(x, mask(math.compare(.greater, x, threshold)))
        } else if maxValue == 6 {
            y = math.minimum(math.unary(.relu, x), scalar(6))
            clipMax = false
        } else {
            y = math.unary(.relu, x)
        }
        if clipMax, let maxValue {
            y = math.minimum(math.maximum(y, scalar(0)), scalar(maxValue))
        }
        if alpha != 0 {
            let negativePart = math.unary(.relu, math.add(math.unary(.negative, x), threshold))
            y = math.subtract(y, math.multiply(negativePart, alpha))
        }
        return y
    }

    // MARK: Backward

    func gradient(_ dy: Tensor, _ p: ActivationParameters) -> Tensor {
        switch p.op {
        case .linear: return dy
        case .relu:
            return math.multiply(dy, reluSlope(alpha: p.alpha, maxValue: p.maxValue.isFinite ? p.maxValue : nil, threshold: p.threshold))
        case .elu: return eluGradient(dy, alpha: p.alpha)
        case .selu: return eluGradient(math.multiply(dy, Activation.seluScale), alpha: Activation.seluAlpha)
        case .gelu:
            // Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π)
            let cdf = math.multiply(math.add(math.unary(.erf, math.multiply(x, 0.5.squareRoot())), 1), 0.5)
            let density = math.multiply(math.unary(.exp, math.multiply(math.unary(.square, x), -0.5)), 1 / (2 * Double.pi).squareRoot())
            return math.multiply(dy, math.add(cdf, math.multiply(x, density)))
        case .geluTanh:
            // 0.5·(1 + t) + 0.5·x·(1 − t²)·√(2/π)·(1 + 3·0.044715·x²), t = tanh(inner)
            let t = math.unary(.tanh, geluTanhInner())
            let innerSlope = math.multiply(math.add(math.multiply(math.unary(.square, x), 3 * 0.044715), 1), (2 / Double.pi).squareRoot())
            let sech2 = math.add(math.unary(.negative, math.unary(.square, t)), 1)
            let slope = math.add(math.multiply(math.add(t, 1), 0.5), math.multiply(math.multiply(math.multiply(x, 0.5), sech2), innerSlope))
            return math.multiply(dy, slope)
        case .silu:
            // s·(1 + x·(1 − s)), s = sigmoid(x)
            let s = math.unary(.sigmoid, x)
            return math.multiply(dy, math.multiply(s, math.add(math.multiply(x, math.add(math.unary(.negative, s), 1)), 1)))
        case .sigmoid:
            let s = math.unary(.sigmoid, x)
            return math.multiply(dy, math.multiply(s, math.add(math.unary(.negative, s), 1)))
        case .tanh:
            let t = math.unary(.tanh, x)
            return math.multiply(dy, math.add(math.unary(.negative, math.unary(.square, t)), 1))
        case .softplus:
            return math.multiply(dy, math.unary(.sigmoid, x))
        }
    }

    /// `dy` for `x > 0`, `dy·alpha·eˣ` otherwise.
    private func eluGradient(_ dy: Tensor, alpha: Double) -> Tensor {
        math.select(math.compare(.greater, x, 0), dy, math.multiply(dy, math.multiply(math.unary(.exp, x), alpha)))
    }

    /// The derivative of ``relu(alpha:maxValue:threshold:)`` with TensorFlow's choices at the
    /// kinks: relu′(0) = 0; relu6′ is 0 at 0 and at 6; `clip_by_value` passes the gradient at
    /// its bounds; the leaky part's slope is `alpha` at 0.
    private func reluSlope(alpha: Double, maxValue: Double?, threshold: Double) -> Tensor {
        if alpha != 0, maxValue == nil, threshold == 0 {
            return math.select(math.compare(.greater, x, 0), scalar(1), scalar(alpha))
        }
        var slope: Tensor
        var kept: Tensor? = nil   // the part before clip_by_value, when there is a clip
        if threshold != 0 {
            let above = mask(math.compare(.greater, x, threshold))
            slope = above
            if maxValue != nil { kept = math.multiply(x, above) }
        } else if maxValue == 6 {
            slope = mask(backend.binary(.logicalAnd, math.compare(.greater, x, 0), math.compare(.less, x, 6)))
        } else {
            slope = mask(math.compare(.greater, x, 0))
            if maxValue != nil { kept = math.unary(.relu, x) }
        }
        if let kept, let maxValue {
            let inside = backend.binary(.logicalAnd, math.compare(.greaterEqual, kept, 0), math.compare(.lessEqual, kept, maxValue))
            slope = math.multiply(slope, mask(inside))
        }
        if alpha != 0 {
            slope = math.add(slope, math.multiply(mask(math.compare(.less, x, threshold)), alpha))
        }
        return slope
    }
}
