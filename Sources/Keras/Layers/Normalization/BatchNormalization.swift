/// Normalizes each channel with batch statistics in training and moving averages in inference:
/// `output = (x − mean) / sqrt(variance + epsilon) · gamma + beta`.
///
/// In training (`training: true`, on a trainable layer) `mean` and `variance` are the batch's
/// moments over every axis but `axis` (biased variance), and the moving statistics are updated:
/// `moving ← moving · momentum + batch · (1 − momentum)`. In inference the moving statistics
/// are used. A frozen layer (`trainable = false`) always runs in inference mode, as in Keras 3.
///
/// Weights, in Keras's order: `gamma` (if `scale`), `beta` (if `center`), `moving_mean`,
/// `moving_variance`, each of shape `(channels)`.
///
/// Input shape: any; output shape: the same.
///
/// ```swift
/// let y = try BatchNormalization()(Input(shape: [28, 28, 32]))
/// ```
///
/// Mirrors Keras's `keras.layers.BatchNormalization`.
public final class BatchNormalization: Layer {
    public let axis: Int
    public let momentum: Double
    public let epsilon: Double
    public let center: Bool
    public let scale: Bool
    public let betaInitializer: Initializer
    public let gammaInitializer: Initializer
    public let movingMeanInitializer: Initializer
    public let movingVarianceInitializer: Initializer
    public let betaRegularizer: Regularizer?
    public let gammaRegularizer: Regularizer?
    public let betaConstraint: Constraint?
    public let gammaConstraint: Constraint?

    public private(set) var gamma: Variable?
    public private(set) var beta: Variable?
    public private(set) var movingMean: Variable?
    public private(set) var movingVariance: Variable?

    public init(axis: Int = -1, momentum: Double = 0.99, epsilon: Double = 1e-3, center: Bool = true, scale: Bool = true,
                betaInitializer: Initializer = .zeros, gammaInitializer: Initializer = .ones,
                movingMeanInitializer: Initializer = .zeros, movingVarianceInitializer: Initializer = .ones,
                betaRegularizer: Regularizer? = nil, gammaRegularizer: Regularizer? = nil,
                betaConstraint: Constraint? = nil, gammaConstraint: Constraint? = nil,
                name: String? = nil, trainable: Bool = true, dtype: DType? = nil, inputShape: [Int?]? = nil) {
        self.axis = axis
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.betaInitializer = betaInitializer
        self.gammaInitializer = gammaInitializer
        self.movingMeanInitializer = movingMeanInitializer
        self.movingVarianceInitializer = movingVarianceInitializer
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
        let axis = try config.ints("axis") ?? [-1]
        guard axis.count == 1 else {
            throw KerasError(.unimplemented, "\(config.context): `axis` with several axes (\(axis)) is not supported; pass one axis")
        }
        if try config.bool("renorm") == true || config.bool("synchronized") == true {
            throw KerasError(.unimplemented, "\(config.context): `renorm` and `synchronized` are not supported")
        }
        self.init(axis: axis[0], momentum: try config.double("momentum") ?? 0.99, epsilon: try config.double("epsilon") ?? 1e-3,
                  center: try config.bool("center") ?? true, scale: try config.bool("scale") ?? true,
                  betaInitializer: try LayerArguments.initializer(config, "beta_initializer") ?? .zeros,
                  gammaInitializer: try LayerArguments.initializer(config, "gamma_initializer") ?? .ones,
                  movingMeanInitializer: try LayerArguments.initializer(config, "moving_mean_initializer") ?? .zeros,
                  movingVarianceInitializer: try LayerArguments.initializer(config, "moving_variance_initializer") ?? .ones,
                  betaRegularizer: try LayerArguments.regularizer(config, "beta_regularizer"),
                  gammaRegularizer: try LayerArguments.regularizer(config, "gamma_regularizer"),
                  betaConstraint: try LayerArguments.constraint(config, "beta_constraint"),
                  gammaConstraint: try LayerArguments.constraint(config, "gamma_constraint"),
                  name: base.name, trainable: base.trainable, dtype: base.dtype)
    }

    public override func build(inputShape: [Int?]) throws {
        let a = axis < 0 ? axis + inputShape.count : axis
        guard a >= 0 && a < inputShape.count, let channels = inputShape[a] else {
            throw KerasError(.shapeMismatch, "Layer \"\(name)\" (BatchNormalization): axis \(axis) of input shape \(ShapeFormat.tuple(inputShape)) must exist and be known")
        }
        if scale {
            gamma = addWeight(name: "gamma", shape: [channels], initializer: gammaInitializer,
                              regularizer: gammaRegularizer, constraint: gammaConstraint)
        }
        if center {
            beta = addWeight(name: "beta", shape: [channels], initializer: betaInitializer,
                             regularizer: betaRegularizer, constraint: betaConstraint)
        }
        movingMean = addWeight(name: "moving_mean", shape: [channels], initializer: movingMeanInitializer, trainable: false)
        movingVariance = addWeight(name: "moving_variance", shape: [channels], initializer: movingVarianceInitializer,
                                   trainable: false)
        inputSpec = [InputSpec(rank: inputShape.count, axes: [axis: channels])]
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let movingMean, let movingVariance else { throw KerasError(.invalidArgument, "Layer \"\(name)\" is not built") }
        let x = input.dtype == dtype ? input : K.cast(input, dtype)
        guard training && trainable else {
            return K.batchNormalizationInference(x, mean: movingMean.value, variance: movingVariance.value, gamma: gamma?.value,
                                                 beta: beta?.value, axis: axis, epsilon: epsilon)
        }
        let (y, batchMean, batchVariance) = K.batchNormalizationTraining(x, gamma: gamma?.value, beta: beta?.value, axis: axis,
                                                                         epsilon: epsilon)
        movingMean.assign(movingMean.numpy * momentum + batchMean * (1 - momentum))
        movingVariance.assign(movingVariance.numpy * momentum + batchVariance * (1 - momentum))
        return y
    }

    public override func computeOutputShape(_ inputShape: [Int?]) throws -> [Int?] { inputShape }

    public override func getConfig() -> [String: JSONValue] {
        var config = super.getConfig()
        config["axis"] = .number(Double(axis))
        config["momentum"] = .number(momentum)
        config["epsilon"] = .number(epsilon)
        config["center"] = .bool(center)
        config["scale"] = .bool(scale)
        config["beta_initializer"] = LayerArguments.encode(betaInitializer)
        config["gamma_initializer"] = LayerArguments.encode(gammaInitializer)
        config["moving_mean_initializer"] = LayerArguments.encode(movingMeanInitializer)
        config["moving_variance_initializer"] = LayerArguments.encode(movingVarianceInitializer)
        config["beta_regularizer"] = LayerArguments.encode(betaRegularizer)
        config["gamma_regularizer"] = LayerArguments.encode(gammaRegularizer)
        config["beta_constraint"] = LayerArguments.encode(betaConstraint)
        config["gamma_constraint"] = LayerArguments.encode(gammaConstraint)
        config["synchronized"] = .bool(false)
        return config
    }
}
