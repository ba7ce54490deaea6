/// Normalizes each sample over `axis`: `output = (x − mean) / sqrt(variance + epsilon) · gamma
/// + beta`, the moments taken per sample over the given axes (biased variance).
///
/// Weights, in Keras's order: `gamma` (if `scale`) and `beta` (if `center`), each with the
/// input's sizes on `axis`.
///
/// Input shape: any; output shape: the same.
///
/// ```swift
/// let y = try LayerNormalization()(Input(shape: [10, 64]))          // over the last axis
/// let z = try LayerNormalization(axis: [1, 2])(Input(shape: [3, 4]))
/// ```
///
/// Mirrors Keras's `keras.layers.LayerNormalization`.
public final class LayerNormalization: Layer {
    public let axis: [Int]
    public let epsilon: Double
    public let center: Bool
    public let scale: Bool
    public let betaInitializer: Initializer
    public let gammaInitializer: Initializer
    public let betaRegularizer: Regularizer?
    public let gammaRegularizer: Regularizer?
    public let betaConstraint: Constraint?
    public let gammaConstraint: Constraint?

    public private(set) var gamma: Variable?
    public private(set) var beta: Variable?

    public init(axis: [Int] = [-1], epsilon: Double = 1e-3, center: Bool = true, scale: Bool = true,
                betaInitializer: Initializer = .zeros, gammaInitializer: Initializer = .ones,
                betaRegularizer: Regularizer? = nil, gammaRegularizer: Regularizer? = nil,
                betaConstraint: Constraint? = nil, gammaConstraint: Constraint? = nil,
                name: String? = nil, trainable: Bool = true, dtype: DType? = nil, inputShape: [Int?]? = nil) {
        precondition(!axis.isEmpty, "LayerNormalization: `axis` must name at least one axis")
        self.axis = axis
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.betaInitializer = betaInitializer
        self.gammaInitializer = gammaInitializer
        self.betaRegularizer = betaRegularizer
        self.gammaRegularizer = gammaRegularizer
        self.betaConstraint = betaConstraint
        self.gammaConstraint = gammaConstraint
        super.init(name: name, trainable: trainable, dtype: dtype, inputShape: inputShape)
        supportsMasking = true
    }

    /// The layer from its Keras 3 config.
    public convenience init(config: ConfigReader) throws {
        let base = try config.layerBase()
        if try config.bool("rms_scaling") == true {
            throw KerasError(.unimplemented, "\(config.context): `rms_scaling` is not supported")
        }
        let axis = try config.ints("axis") ?? [-1]
        guard !axis.isEmpty else { throw KerasError(.invalidArgument, "\(config.context): `axis` must name at least one axis, received []") }
        self.init(axis: axis, epsilon: try config.double("epsilon") ?? 1e-3,
                  center: try config.bool("center") ?? true, scale: try config.bool("scale") ?? true,
                  betaInitializer: try LayerArguments.initializer(config, "beta_initializer") ?? .zeros,
                  gammaInitializer: try LayerArguments.initializer(config, "gamma_initializer") ?? .ones,
                  betaRegularizer: try LayerArguments.regularizer(config, "beta_regularizer"),
                  gammaRegularizer: try LayerArguments.regularizer(config, "gamma_regularizer"),
                  betaConstraint: try LayerArguments.constraint(config, "beta_constraint"),
                  gammaConstraint: try LayerArguments.constraint(config, "gamma_constraint"),
                  name: base.name, trainable: base.trainable, dtype: base.dtype)
    }

    private func normalizedAxes(_ rank: Int) throws -> [Int] {
        try axis.map { a in
            let n = a < 0 ? a + rank : a
            guard n > 0 && n < rank else {
                throw KerasError(.invalidArgument, "Layer \"\(name)\" (LayerNormalization): axis \(a) is out of range for inputs of rank \(rank) (the batch axis 0 cannot be normalized)")
            }
            return n
        }.sorted()
    }

    public override func build(inputShape: [Int?]) throws {
        let axes = try normalizedAxes(inputShape.count)
        let shape = try axes.map { a -> Int in
            guard let d = inputShape[a] else {
                throw KerasError(.shapeMismatch, "Layer \"\(name)\" (LayerNormalization): axis \(a) of \(ShapeFormat.tuple(inputShape)) must be known")
            }
            return d
        }
        if scale {
            gamma = addWeight(name: "gamma", shape: shape, initializer: gammaInitializer,
                              regularizer: gammaRegularizer, constraint: gammaConstraint)
        }
        if center {
            beta = addWeight(name: "beta", shape: shape, initializer: betaInitializer,
                             regularizer: betaRegularizer, constraint: betaConstraint)
        }
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        let x = input.dtype == dtype ? input : K.cast(input, dtype)
        let axes = try normalizedAxes(x.rank)
        if let first = axes.first, axes == Array(first..<x.rank) {
            return Self.trailing(x, gamma: gamma?.value, beta: beta?.value, NormalizationParameters(axis: first, epsilon: epsilon))
        }
        var paramShape = [Int](repeating: 1, count: x.rank)
        for a in axes { paramShape[a] = x.shape[a] }
        let mean = K.mean(x, axes: axes, keepDims: true)
        let variance = K.mean(K.square(K.subtract(x, mean)), axes: axes, keepDims: true)
        var y = K.divide(K.subtract(x, mean), K.sqrt(variance + epsilon))
        if let gamma { y = K.multiply(y, K.reshape(gamma.value, paramShape)) }
        if let beta { y = K.add(y, K.reshape(beta.value, paramShape)) }
        return y
    }

    /// Normalises over the trailing axes `p.axis...` on the backend's fused kernel, its gradient
    /// through the backward kernel.
    static func trailing(_ x: Tensor, gamma: Tensor?, beta: Tensor?, _ p: NormalizationParameters) -> Tensor {
        let backend = K.backend
        let (xd, gd) = (x.detached, gamma?.detached)
        let (y, mean, variance) = backend.layerNormalization(xd, gamma: gd, beta: beta?.detached, p)
        let inputs = [x] + [gamma, beta].compactMap { $0 }
        return y.recorded(from: inputs) { dy in
            let r = backend.layerNormalizationBackward(xd, dy, mean: mean, variance: variance, gamma: gd, p)
            return [r.dx] + (gamma == nil ? [] : [r.dgamma]) + (beta == nil ? [] : [r.dbeta])
        }
    }

    public override func computeOutputShape(_ inputShape: [Int?]) throws -> [Int?] { inputShape }

    public override func getConfig() -> [String: JSONValue] {
        var config = super.getConfig()
        config["axis"] = LayerConfig.ints(axis)
        config["epsilon"] = .number(epsilon)
        config["center"] = .bool(center)
        config["scale"] = .bool(scale)
        config["rms_scaling"] = .bool(false)
        config["beta_initializer"] = LayerArguments.encode(betaInitializer)
        config["gamma_initializer"] = LayerArguments.encode(gammaInitializer)
        config["beta_regularizer"] = LayerArguments.encode(betaRegularizer)
        config["gamma_regularizer"] = LayerArguments.encode(gammaRegularizer)
        config["beta_constraint"] = LayerArguments.encode(betaConstraint)
        config["gamma_constraint"] = LayerArguments.encode(gammaConstraint)
        return config
    }
}
