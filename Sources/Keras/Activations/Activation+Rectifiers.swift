/// The piecewise-linear and exponential-linear activations: `linear`, the ReLU family, ELU,
/// SELU, CELU, and the thresholding, shrinking and clipping functions.
extension Activation {
    /// The identity, `f(x) = x`: Keras's default activation (`activation=None`).
    ///
    /// Mirrors Keras's `keras.activations.linear` (name `"linear"`).
    public static var linear: Activation { Activation(name: "linear", fusedKernel: ActivationParameters(op: .linear)) }

    /// The rectified linear unit, `max(x, 0)`.
    ///
    /// ```swift
    /// Activation.relu(Tensor([-10, -5, 0, 5, 10]))   // [0, 0, 0, 5, 10]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.relu` (name `"relu"`).
    public static var relu: Activation { relu() }

    /// ReLU with Keras 3's options: `x` above `threshold` (capped at `maxValue` when given),
    /// `negativeSlope·(x − threshold)` at or below it.
    ///
    /// ```swift
    /// let f = Activation.relu(negativeSlope: 0.5, maxValue: 5, threshold: 5)
    /// f(Tensor([-10, -5, 0, 5, 10]))   // [-7.5, -5, -2.5, 0, 5]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.relu(x, negative_slope=0.0, max_value=None, threshold=0.0)`.
    public static func relu(negativeSlope: Double = 0, maxValue: Double? = nil, threshold: Double = 0) -> Activation {
        let name = spelled("relu", [("negative_slope", .number(negativeSlope), negativeSlope == 0),
                                    ("max_value", maxValue.map(JSONValue.number) ?? .null, maxValue == nil),
                                    ("threshold", .number(threshold), threshold == 0)])
        return Activation(name: name, fusedKernel: ActivationParameters(op: .relu, alpha: negativeSlope, maxValue: maxValue ?? .infinity,
                                                                  threshold: threshold))
    }

    /// Leaky ReLU with Keras 3's default slope: `x` for `x > 0`, `0.2·x` otherwise.
    ///
    /// Mirrors Keras's `keras.activations.leaky_relu` (name `"leaky_relu"`).
    public static var leakyRelu: Activation { leakyRelu() }

    /// Leaky ReLU: `x` for `x > 0`, `negativeSlope·x` otherwise.
    ///
    /// ```swift
    /// Activation.leakyRelu(negativeSlope: 0.1)(Tensor([-2, 3]))   // [-0.2, 3]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.leaky_relu(x, negative_slope=0.2)`.
    public static func leakyRelu(negativeSlope: Double = 0.2) -> Activation {
        let name = spelled("leaky_relu", [("negative_slope", .number(negativeSlope), negativeSlope == 0.2)])
        return Activation(name: name, fusedKernel: ActivationParameters(op: .relu, alpha: negativeSlope))
    }

    /// ReLU capped at 6, `min(max(x, 0), 6)`.
    ///
    /// ```swift
    /// Activation.relu6(Tensor([-1, 3, 8]))   // [0, 3, 6]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.relu6` (name `"relu6"`).
    public static var relu6: Activation { Activation(name: "relu6", fusedKernel: ActivationParameters(op: .relu, maxValue: 6)) }

    /// The exponential linear unit with `alpha = 1`: `x` for `x > 0`, `exp(x) − 1` otherwise.
    ///
    /// Mirrors Keras's `keras.activations.elu` (name `"elu"`).
    public static var elu: Activation { elu() }

    /// The exponential linear unit: `x` for `x > 0`, `alpha·(exp(x) − 1)` otherwise.
    ///
    /// ```swift
    /// Activation.elu(alpha: 0.5)(Tensor([-1, 2]))   // [-0.31606, 2]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.elu(x, alpha=1.0)`.
    public static func elu(alpha: Double = 1) -> Activation {
        Activation(name: spelled("elu", [("alpha", .number(alpha), alpha == 1)]), fusedKernel: ActivationParameters(op: .elu, alpha: alpha))
    }

    /// SELU's `alpha`, 1.6732632423543772848170429916717.
    public static let seluAlpha = 1.6732632423543772848170429916717
    /// SELU's `scale`, 1.0507009873554804934193349852946.
    public static let seluScale = 1.0507009873554804934193349852946

    /// The scaled exponential linear unit, `scale·elu(x, alpha)` with Keras's constants
    /// ``seluScale`` and ``seluAlpha``; pair it with `.lecunNormal()` kernels.
    ///
    /// ```swift
    /// Activation.selu(Tensor([1]))   // [1.0507]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.selu` (name `"selu"`).
    public static var selu: Activation { Activation(name: "selu", fusedKernel: ActivationParameters(op: .selu)) }

    /// The continuously differentiable ELU with `alpha = 1`.
    ///
    /// Mirrors Keras's `keras.activations.celu` (name `"celu"`).
    public static var celu: Activation { celu() }

    /// The continuously differentiable ELU: `max(x, 0) + alpha·(exp(min(x, 0)/alpha) − 1)`.
    ///
    /// ```swift
    /// Activation.celu(alpha: 2)(Tensor([-2, 1]))   // [-1.26424, 1]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.celu(x, alpha=1.0)`.
    public static func celu(alpha: Double = 1) -> Activation {
        Activation(name: spelled("celu", [("alpha", .number(alpha), alpha == 1)])) { x in
            K.add(K.relu(x), K.multiply(K.expm1(K.divide(K.minimum(x, 0), alpha)), alpha))
        }
    }

    /// `x` where `x > threshold`, `defaultValue` elsewhere.
    ///
    /// ```swift
    /// Activation.threshold(0, defaultValue: -1)(Tensor([-2, 0, 3]))   // [-1, -1, 3]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.threshold(x, threshold, default_value)` (both
    /// arguments are required, so the bare name `"threshold"` is rejected).
    public static func threshold(_ threshold: Double, defaultValue: Double) -> Activation {
        let name = spelled("threshold", [("threshold", .number(threshold), false),
                                         ("default_value", .number(defaultValue), false)])
        return Activation(name: name) { x in
            K.select(K.greater(x, threshold), x, K.scalar(defaultValue, like: x))
        }
    }

    /// Clipping to `[−1, 1]`.
    ///
    /// ```swift
    /// Activation.hardTanh(Tensor([-3, 0.5, 2]))   // [-1, 0.5, 1]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.hard_tanh` (name `"hard_tanh"`).
    public static var hardTanh: Activation {
        Activation(name: "hard_tanh") { K.clip($0, minValue: -1, maxValue: 1) }
    }

    /// Hard shrink with `threshold = 0.5`.
    ///
    /// Mirrors Keras's `keras.activations.hard_shrink` (name `"hard_shrink"`).
    public static var hardShrink: Activation { hardShrink() }

    /// Hard shrink: `x` where `|x| > threshold`, 0 elsewhere.
    ///
    /// ```swift
    /// Activation.hardShrink(threshold: 1)(Tensor([-2, 0.5, 1.5]))   // [-2, 0, 1.5]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.hard_shrink(x, threshold=0.5)`.
    public static func hardShrink(threshold: Double = 0.5) -> Activation {
        Activation(name: spelled("hard_shrink", [("threshold", .number(threshold), threshold == 0.5)])) { x in
            K.select(K.greater(K.abs(x), threshold), x, K.scalar(0, like: x))
        }
    }

    /// Soft shrink with `threshold = 0.5`.
    ///
    /// Mirrors Keras's `keras.activations.soft_shrink` (name `"soft_shrink"`).
    public static var softShrink: Activation { softShrink() }

    /// Soft shrink: `x − threshold` above `threshold`, `x + threshold` below `−threshold`, 0
    /// between (computed as `x − clip(x, −threshold, threshold)`).
    ///
    /// ```swift
    /// Activation.softShrink(threshold: 1)(Tensor([-2, 0.5, 1.5]))   // [-1, 0, 0.5]
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.soft_shrink(x, threshold=0.5)`.
    public static func softShrink(threshold: Double = 0.5) -> Activation {
        Activation(name: spelled("soft_shrink", [("threshold", .number(threshold), threshold == 0.5)])) { x in
            K.subtract(x, K.clip(x, minValue: -threshold, maxValue: threshold))
        }
    }
}
