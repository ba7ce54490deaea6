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

    private func scalar(_ value: Double) -> Tensor { Tensor(scalar: value, dtype: x.dtype) }
    private func add(_ a: Tensor, _ b: Tensor) -> Tensor { backend.binary(.add, a, b) }
    private func multiply(_ a: Tensor, _ b: Tensor) -> Tensor { backend.binary(.multiply, a, b) }
    private func multiply(_ a: Tensor, _ b: Double) -> Tensor { multiply(a, scalar(b)) }
    private func add(_ a: Tensor, _ b: Double) -> Tensor { add(a, scalar(b)) }
    private func compare(_ op: BinaryOp, _ a: Tensor, _ b: Double) -> Tensor { backend.binary(op, a, scalar(b)) }
    private func mask(_ condition: Tensor) -> Tensor { backend.cast(condition, to: x.dtype) }
    private func unary(_ op: UnaryOp, _ a: Tensor) -> Tensor { backend.unary(op, a) }

    // MARK: Forward

    func value(_ p: ActivationParameters) -> Tensor {
        switch p.op {
        case .linear: return x
        case .relu: return relu(alpha: p.alpha, maxValue: p.maxValue.isFinite ? p.maxValue : nil, threshold: p.threshold)
        case .elu: return elu(x, alpha: p.alpha)
        case .selu: return multiply(elu(x, alpha: Activation.seluAlpha), Activation.seluScale)
        case .gelu:
            // 0.5·x·(1 + erf(x/√2))
            return multiply(multiply(x, 0.5), add(unary(.erf, multiply(x, 0.5.squareRoot())), 1))
        case .geluTanh:
            // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
            return multiply(multiply(x, 0.5), add(unary(.tanh, geluTanhInner()), 1))
        case .silu: return multiply(x, unary(.sigmoid, x))
        case .sigmoid: return unary(.sigmoid, x)
        case .tanh: return unary(.tanh, x)
        case .softplus: return unary(.softplus, x)
        }
    }

    /// `x > 0 ? x : alpha·(eˣ − 1)`.
    private func elu(_ x: Tensor, alpha: Double) -> Tensor {
        backend.select(compare(.greater, x, 0), x, multiply(unary(.expm1, x), alpha))
    }

    /// `√(2/π)·(x + 0.044715·x³)`.
    private func geluTanhInner() -> Tensor {
        let cubic = add(x, multiply(multiply(x, unary(.square, x)), 0.044715))
        return multiply(cubic, (2 / Double.pi).squareRoot())
    }

    /// Keras 2's relu as its TensorFlow code computes it: leaky relu when only `alpha` is set;
    /// otherwise `x·[x > threshold]` (or relu, or relu6 when `maxValue == 6`), clipped to
    /// `[0, maxValue]`, minus `alpha·relu(threshold − x)`.
    private func relu(alpha: Double, maxValue: Double?, threshold: Double) -> Tensor {
        if alpha != 0, maxValue == nil, threshold == 0 {
            return backend.select(compare(.greater, x, 0), x, multiply(x, alpha))
        }
        var y: Tensor
        var clipMax = maxValue != nil
        if threshold != 0 {
            y = multiply(x, mask(compare(.greater, x, threshold)))
        } else if maxValue == 6 {
            y = backend.binary(.minimum, unary(.relu, x), scalar(6))
            clipMax = false
        } else {
            y = unary(.relu, x)
        }
        if clipMax, let maxValue {
            y = backend.binary(.minimum, backend.binary(.maximum, y, scalar(0)), scalar(maxValue))
        }
        if alpha != 0 {
            let negativePart = unary(.relu, add(unary(.negative, x), threshold))
            y = backend.binary(.subtract, y, multiply(negativePart, alpha))
        }
        return y
    }

    // MARK: Backward

    func gradient(_ dy: Tensor, _ p: ActivationParameters) -> Tensor {
        switch p.op {
        case .linear: return dy
        case .relu:
            return multiply(dy, reluSlope(alpha: p.alpha, maxValue: p.maxValue.isFinite ? p.maxValue : nil, threshold: p.threshold))
        case .elu: return eluGradient(dy, alpha: p.alpha)
        case .selu: return eluGradient(multiply(dy, Activation.seluScale), alpha: Activation.seluAlpha)
        case .gelu:
            // Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π)
            let cdf = multiply(add(unary(.erf, multiply(x, 0.5.squareRoot())), 1), 0.5)
            let density = multiply(unary(.exp, multiply(unary(.square, x), -0.5)), 1 / (2 * Double.pi).squareRoot())
            return multiply(dy, add(cdf, multiply(x, density)))
        case .geluTanh:
            // 0.5·(1 + t) + 0.5·x·(1 − t²)·√(2/π)·(1 + 3·0.044715·x²), t = tanh(inner)
            let t = unary(.tanh, geluTanhInner())
            let innerSlope = multiply(add(multiply(unary(.square, x), 3 * 0.044715), 1), (2 / Double.pi).squareRoot())
            let sech2 = add(unary(.negative, unary(.square, t)), 1)
            let slope = add(multiply(add(t, 1), 0.5), multiply(multiply(multiply(x, 0.5), sech2), innerSlope))
            return multiply(dy, slope)
        case .silu:
            // s·(1 + x·(1 − s)), s = sigmoid(x)
            let s = unary(.sigmoid, x)
            return multiply(dy, multiply(s, add(multiply(x, add(unary(.negative, s), 1)), 1)))
        case .sigmoid:
            let s = unary(.sigmoid, x)
            return multiply(dy, multiply(s, add(unary(.negative, s), 1)))
        case .tanh:
            let t = unary(.tanh, x)
            return multiply(dy, add(unary(.negative, unary(.square, t)), 1))
        case .softplus:
            return multiply(dy, unary(.sigmoid, x))
        }
    }

    /// `dy` for `x > 0`, `dy·alpha·eˣ` otherwise.
    private func eluGradient(_ dy: Tensor, alpha: Double) -> Tensor {
        backend.select(compare(.greater, x, 0), dy, multiply(dy, multiply(unary(.exp, x), alpha)))
    }

    /// The derivative of ``relu(alpha:maxValue:threshold:)`` with TensorFlow's choices at the
    /// kinks: relu′(0) = 0; relu6′ is 0 at 0 and at 6; `clip_by_value` passes the gradient at
    /// its bounds; the leaky part's slope is `alpha` at 0.
    private func reluSlope(alpha: Double, maxValue: Double?, threshold: Double) -> Tensor {
        if alpha != 0, maxValue == nil, threshold == 0 {
            return backend.select(compare(.greater, x, 0), scalar(1), scalar(alpha))
        }
        var slope: Tensor
        var kept: Tensor? = nil   // the part before clip_by_value, when there is a clip
        if threshold != 0 {
            let above = mask(compare(.greater, x, threshold))
            slope = above
            if maxValue != nil { kept = multiply(x, above) }
        } else if maxValue == 6 {
            slope = mask(backend.binary(.logicalAnd, compare(.greater, x, 0), compare(.less, x, 6)))
        } else {
            slope = mask(compare(.greater, x, 0))
            if maxValue != nil { kept = unary(.relu, x) }
        }
        if let kept, let maxValue {
            let inside = backend.binary(.logicalAnd, compare(.greaterEqual, kept, 0), compare(.lessEqual, kept, maxValue))
            slope = multiply(slope, mask(inside))
        }
        if alpha != 0 {
            slope = add(slope, multiply(mask(compare(.less, x, threshold)), alpha))
        }
        return slope
    }
}
