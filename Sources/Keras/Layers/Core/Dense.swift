/// A densely-connected layer: `output = activation(dot(input, kernel) + bias)`.
///
/// `kernel` is a weight matrix of shape `(inputDim, units)` and `bias` a vector of `units`
/// (when `useBias`). Inputs of rank above 2 are contracted on their last axis only: an input
/// `(batch, d0, d1)` gives `(batch, d0, units)`, every `(d1)` slice multiplied by the same kernel.
///
/// - Parameters:
///   - units: the output size (a positive integer).
///   - activation: applied to the output; `"linear"` (none) by default.
///   - useBias: whether to add a bias vector.
///   - kernelInitializer, biasInitializer: how the weights start (`glorot_uniform`, `zeros`).
///   - kernelRegularizer, biasRegularizer: penalties added to ``Layer/losses``.
///   - kernelConstraint, biasConstraint: projections applied after each optimizer update.
///   - inputDim: Keras 2's `input_dim`: the same as `inputShape: [inputDim]`, for the first
///     layer of a `Sequential`.
///
/// Input shape: `(batch, …, inputDim)`, rank ≥ 2.
/// Output shape: `(batch, …, units)`.
///
/// ```swift
/// let x = Input(shape: [16])
/// let y = try Dense(32, activation: "relu")(x)        // (None, 32)
/// let z = try Dense(8)(Input(shape: [10, 16]))       // (None, 10, 8)
/// ```
///
/// Mirrors Keras's `keras.layers.Dense`.
public final class Dense: Layer {
    public let units: Int
    public let activation: Activation
    public let useBias: Bool
    public let kernelInitializer: Initializer
    public let biasInitializer: Initializer
    public let kernelRegularizer: Regularizer?
    public let biasRegularizer: Regularizer?
    public let kernelConstraint: Constraint?
    public let biasConstraint: Constraint?

    /// The `(inputDim, units)` weight matrix, once built.
    public private(set) var kernel: Variable?
    /// The `(units)` bias, once built with `useBias`.
    public private(set) var bias: Variable?

    /// Creates a dense layer; see the type's documentation for the arguments.
    public init(_ units: Int, activation: Activation = .linear, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform(), biasInitializer: Initializer = .zeros,
                kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                kernelConstraint: Constraint? = nil, biasConstraint: Constraint? = nil,
                name: String? = nil, trainable: Bool = true, dtype: DType? = nil, inputShape: [Int?]? = nil,
                inputDim: Int? = nil) {
        precondition(units > 0, "Received an invalid value for `units`, expected a positive integer. Received: units=\(units)")
        self.units = units
        self.activation = activation
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.kernelRegularizer = kernelRegularizer
        self.biasRegularizer = biasRegularizer
        self.kernelConstraint = kernelConstraint
        self.biasConstraint = biasConstraint
        super.init(name: name, trainable: trainable, dtype: dtype, inputShape: inputShape ?? inputDim.map { [$0] })
        inputSpec = [InputSpec(minRank: 2)]
        supportsMasking = true
    }

    /// A dense layer from its Keras 3 config (`units`, `activation`, `use_bias`, the
    /// initializers, regularizers and constraints).
    public convenience init(config: ConfigReader) throws {
        let base = try config.layerBase()
        let units = try config.required("units", config.int)
        guard units > 0 else {
            throw KerasError(.invalidArgument, "\(config.context): Received an invalid value for `units`, expected a positive integer. Received: units=\(units)")
        }
        try LayerArguments.rejectUnsupported(config, ["quantization_config", "lora_rank", "activity_regularizer"])
        self.init(units,
                  activation: try config.activation("activation") ?? .linear,
                  useBias: try config.bool("use_bias") ?? true,
                  kernelInitializer: try config.initializer("kernel_initializer") ?? .glorotUniform(),
                  biasInitializer: try config.initializer("bias_initializer") ?? .zeros,
                  kernelRegularizer: try config.regularizer("kernel_regularizer"),
                  biasRegularizer: try config.regularizer("bias_regularizer"),
                  kernelConstraint: try config.constraint("kernel_constraint"),
                  biasConstraint: try config.constraint("bias_constraint"),
                  name: base.name, trainable: base.trainable, dtype: base.dtype)
    }

    public override func build(inputShape: [Int?]) throws {
        guard let inputDim = inputShape.last ?? nil else {
            throw KerasError(.invalidArgument, "Layer \"\(name)\" (Dense): The last dimension of the inputs to a Dense layer should be defined. Found None. Full input shape received: \(ShapeFormat.tuple(inputShape))")
        }
        kernel = addWeight(name: "kernel", shape: [inputDim, units], initializer: kernelInitializer,
                           regularizer: kernelRegularizer, constraint: kernelConstraint)
        if useBias {
            bias = addWeight(name: "bias", shape: [units], initializer: biasInitializer,
                             regularizer: biasRegularizer, constraint: biasConstraint)
        }
        inputSpec = [InputSpec(minRank: 2, axes: [-1: inputDim])]
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let kernel else { throw KerasError(.invalidArgument, "Layer \"\(name)\" is not built") }
        let x = input.dtype == dtype ? input : K.cast(input, dtype)
        guard let fused = activation.fusedKernel else { return activation(K.linear(x, kernel.value, bias?.value)) }
        return K.linear(x, kernel.value, bias?.value, activation: fused)
    }

    public override func computeOutputShape(_ inputShape: [Int?]) throws -> [Int?] {
        Array(inputShape.dropLast()) + [units]
    }

    public override func getConfig() -> [String: JSONValue] {
        var config = super.getConfig()
        config["units"] = .number(Double(units))
        config["activation"] = activation.keras3Config
        config["use_bias"] = .bool(useBias)
        config["kernel_initializer"] = kernelInitializer.keras3Config
        config["bias_initializer"] = biasInitializer.keras3Config
        config["kernel_regularizer"] = kernelRegularizer?.keras3Config ?? .null
        config["bias_regularizer"] = biasRegularizer?.keras3Config ?? .null
        config["kernel_constraint"] = kernelConstraint?.keras3Config ?? .null
        config["bias_constraint"] = biasConstraint?.keras3Config ?? .null
        config["quantization_config"] = .null
        return config
    }
}
