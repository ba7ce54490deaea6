/// Activation functions: `relu` (with Keras 2's `alpha`, `max_value`, `threshold`), `elu`,
/// `sigmoid`, `hard_sigmoid`, `tanh`, `softplus`, `softsign`, `softmax`, `log_softmax`.
///
/// All take float tensors, keep the shape and dtype, and record their gradient.
extension K {
    /// Rectified linear unit with Keras 2's options:
    /// `f(x) = max_value` for `x ≥ max_value`, `x` for `threshold < x < max_value`,
    /// `alpha·(x − threshold)` otherwise.
    ///
    /// The rule follows Keras 2's TensorFlow code exactly: with `threshold ≠ 0` the kept part is
    /// `x·[x > threshold]` (strict), the result is then clipped to `[0, max_value]` when
    /// `max_value` is given, and `alpha·relu(threshold − x)` is subtracted. So with a negative
    /// threshold and no `max_value`, values in `(threshold, 0)` pass through unchanged.
    ///
    /// Keras: `K.relu(x, alpha=0., max_value=None, threshold=0.)`.
    ///
    /// ```swift
    /// K.relu(Tensor([-2, 0.5, 3, 8]), alpha: 0.1, maxValue: 6)   // [-0.2, 0.5, 3, 6]
    /// ```
    public static func relu(_ x: Tensor, alpha: Double = 0, maxValue: Double? = nil, threshold: Double = 0) -> Tensor {
        activation(x, ActivationParameters(op: .relu, alpha: alpha, maxValue: maxValue ?? .infinity, threshold: threshold), "K.relu")
    }

    /// Exponential linear unit: `x` for `x > 0`, `alpha·(exp(x) − 1)` otherwise.
    ///
    /// Keras: `K.elu(x, alpha=1.)`.
    ///
    /// ```swift
    /// K.elu(Tensor([-1, 2]), alpha: 0.5)   // [-0.31606, 2]
    /// ```
    public static func elu(_ x: Tensor, alpha: Double = 1) -> Tensor {
        activation(x, ActivationParameters(op: .elu, alpha: alpha), "K.elu")
    }

    /// The logistic function `1 / (1 + exp(−x))`.
    ///
    /// Keras: `K.sigmoid(x)`.
    ///
    /// ```swift
    /// K.sigmoid(Tensor([0]))   // [0.5]
    /// ```
    public static func sigmoid(_ x: Tensor) -> Tensor {
        activation(x, ActivationParameters(op: .sigmoid), "K.sigmoid")
    }

    /// Keras 2's piecewise-linear sigmoid `clip(0.2·x + 0.5, 0, 1)`.
    ///
    /// (Keras 3's `hard_sigmoid` uses `x/6 + 0.5` instead; this is the Keras 2 function.)
    ///
    /// Keras: `K.hard_sigmoid(x)`.
    ///
    /// ```swift
    /// K.hardSigmoid(Tensor([-3, 1, 3]))   // [0, 0.7, 1]
    /// ```
    public static func hardSigmoid(_ x: Tensor) -> Tensor {
        requireFloat(x, "K.hard_sigmoid")
        let linear = K.kernels.add(K.kernels.multiply(x.detached, 0.2), 0.5)
        let y = K.kernels.minimum(K.kernels.maximum(linear, K.kernels.scalar(0, like: x)), K.kernels.scalar(1, like: x))
        return y.recorded(from: [x]) { g in
            // clip_by_value passes the gradient where 0 ≤ 0.2x + 0.5 ≤ 1.
            let inside = backend.binary(.logicalAnd, K.kernels.compare(.greaterEqual, linear, 0),
                                        K.kernels.compare(.lessEqual, linear, 1))
            return [K.kernels.multiply(K.kernels.keep(g, where: inside), 0.2)]
        }
    }

    /// The hyperbolic tangent.
    ///
    /// Keras: `K.tanh(x)`.
    ///
    /// ```swift
    /// K.tanh(Tensor([0, 1]))   // [0, 0.76159]
    /// ```
    public static func tanh(_ x: Tensor) -> Tensor {
        activation(x, ActivationParameters(op: .tanh), "K.tanh")
    }

    /// `log(1 + exp(x))`, computed without overflow.
    ///
    /// Keras: `K.softplus(x)`.
    ///
    /// ```swift
    /// K.softplus(Tensor([0]))   // [0.693147]
    /// ```
    public static func softplus(_ x: Tensor) -> Tensor {
        activation(x, ActivationParameters(op: .softplus), "K.softplus")
    }

    /// `x / (1 + |x|)`.
    ///
    /// Keras: `K.softsign(x)`.
    ///
    /// ```swift
    /// K.softsign(Tensor([1, -3]))   // [0.5, -0.75]
    /// ```
    public static func softsign(_ x: Tensor) -> Tensor {
        unaryActivation(.softsign, x, "K.softsign") { x, _, g in
            // d/dx = 1 / (1 + |x|)²
            let denominator = K.kernels.unary(.square, K.kernels.add(K.kernels.unary(.abs, x), 1))
            return K.kernels.divide(g, denominator)
        }
    }

    /// Softmax along `axis`: `exp(x − max) / Σ exp(x − max)`.
    ///
    /// This is the backend function: it honours `axis` for every rank (unlike the Keras 2
    /// *activation* `softmax`, which ignores `axis` for 2-D input).
    ///
    /// Keras: `K.softmax(x, axis=-1)`.
    ///
    /// ```swift
    /// K.softmax(Tensor([[1, 2, 3]]))   // [[0.0900306, 0.244728, 0.665241]]
    /// ```
    public static func softmax(_ x: Tensor, axis: Int = -1) -> Tensor {
        requireFloat(x, "K.softmax")
        precondition(x.rank >= 1, "K.softmax: expected a tensor of rank ≥ 1, received a scalar")
        let a = Shape.normalizeAxis(axis, rank: x.rank, op: "K.softmax")
        let y = backend.softmax(x.detached, axis: a)
        return y.recorded(from: [x]) { g in
            // y·(g − Σ g·y)
            let gy = K.kernels.multiply(g, y)
            return [K.kernels.subtract(gy, K.kernels.multiply(y, K.kernels.sum(gy, axes: [a])))]
        }
    }

    /// Log-softmax along `axis`: `x − max − log Σ exp(x − max)`, more accurate than
    /// `log(softmax(x))` for very negative values.
    ///
    /// Mirrors `tf.nn.log_softmax` (Keras 2 has no backend function of this name).
    ///
    /// ```swift
    /// K.logSoftmax(Tensor([[0, 0]]))   // [[-0.693147, -0.693147]]
    /// ```
    public static func logSoftmax(_ x: Tensor, axis: Int = -1) -> Tensor {
        requireFloat(x, "K.logSoftmax")
        precondition(x.rank >= 1, "K.logSoftmax: expected a tensor of rank ≥ 1, received a scalar")
        let a = Shape.normalizeAxis(axis, rank: x.rank, op: "K.logSoftmax")
        let y = backend.logSoftmax(x.detached, axis: a)
        return y.recorded(from: [x]) { g in
            // g − softmax·Σ g
            let softmax = K.kernels.unary(.exp, y)
            return [K.kernels.subtract(g, K.kernels.multiply(softmax, K.kernels.sum(g, axes: [a])))]
        }
    }

    /// Runs the backend's fused activation `p` (Keras's parameters included) on `x` and records
    /// `activationBackward(x, g)` as its gradient. `name` is the op named in precondition
    /// messages. This is what `K.relu`, `K.elu`, `K.sigmoid`, `K.tanh`, `K.softplus` and the
    /// built-in ``Activation`` values that map to an ``ActivationOp`` run.
    ///
    /// ```swift
    /// K.activation(Tensor([-1, 2]), ActivationParameters(op: .relu), "relu")   // [0, 2]
    /// ```
    static func activation(_ x: Tensor, _ p: ActivationParameters, _ name: String) -> Tensor {
        requireFloat(x, name)
        let xd = x.detached
        let y = backend.activation(xd, p)
        return y.recorded(from: [x]) { g in [backend.activationBackward(xd, g, p)] }
    }

    /// Runs an element-wise activation kernel and records `derivative(x, y, g)` as its backward.
    private static func unaryActivation(_ op: UnaryOp, _ x: Tensor, _ name: String,
                                        derivative: @escaping (_ x: Tensor, _ y: Tensor, _ g: Tensor) -> Tensor) -> Tensor {
        requireFloat(x, name)
        let xd = x.detached
        let y = backend.unary(op, xd)
        return y.recorded(from: [x]) { g in [derivative(xd, y, g)] }
    }
}
