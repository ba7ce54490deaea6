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
        guard let fused = activation.fusedKernel else { return activation(Dense.linear(x, kernel.value, bias?.value)) }
        return Dense.linearActivation(x, kernel.value, bias?.value, fused)
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

    /// `x · kernel (+ bias)` contracted on the last axis of `x`, through the backend's fused
    /// `linear` kernel, with its gradient: `dx = g · kernelᵀ`, `dkernel = x̂ᵀ · ĝ`,
    /// `dbias = Σ ĝ` (x̂, ĝ: `x`, `g` as matrices of rows).
    static func linear(_ x: Tensor, _ kernel: Tensor, _ bias: Tensor?) -> Tensor {
        checkOperands(x, kernel)
        let y = K.backend.linear(x, weight: kernel, bias: bias)
        return y.recorded(from: bias.map { [x, kernel, $0] } ?? [x, kernel]) { g in linearGradients(g, x, kernel, hasBias: bias != nil) }
    }

    /// `f(x · kernel (+ bias))` for a fused activation `p`: Dense's whole forward.
    ///
    /// When `f′` is a function of the output (linear; relu with `alpha ≥ 0` and no cap or the
    /// relu6 cap; elu with `alpha ≥ 0`; selu; sigmoid; tanh) the forward is ONE backend call,
    /// ``Backend/linearActivation(_:weight:bias:_:)``, and the gradient takes `f′` from `y`.
    /// Otherwise (gelu, silu, softplus, relu with a threshold, another cap or a negative slope)
    /// `f′` needs the pre-activation, so it is kept: `linear`, then the fused activation with
    /// its own backward kernel.
    static func linearActivation(_ x: Tensor, _ kernel: Tensor, _ bias: Tensor?, _ p: ActivationParameters) -> Tensor {
        guard p.op != .linear else { return linear(x, kernel, bias) }
        guard let slope = OutputSlope(p) else { return K.activation(linear(x, kernel, bias), p, "Dense") }
        checkOperands(x, kernel)
        let y = K.backend.linearActivation(x, weight: kernel, bias: bias, p)
        return y.recorded(from: bias.map { [x, kernel, $0] } ?? [x, kernel]) { g in
            linearGradients(slope.gradient(g, output: y), x, kernel, hasBias: bias != nil)
        }
    }

    private static func checkOperands(_ x: Tensor, _ kernel: Tensor) {
        precondition(x.rank >= 1 && x.shape[x.rank - 1] == kernel.shape[0],
                     "Dense: the last axis of the input \(x.shape) must match the kernel \(kernel.shape)")
        precondition(x.dtype == kernel.dtype, "Dense: input dtype \(x.dtype) differs from the kernel's \(kernel.dtype)")
    }

    /// The gradients of `x · kernel (+ bias)` for the cotangent `g` of its output.
    private static func linearGradients(_ g: Tensor, _ x: Tensor, _ kernel: Tensor, hasBias: Bool) -> [Tensor?] {
        let (inputDim, units) = (kernel.shape[0], kernel.shape[1])
        let rows = g.count / Swift.max(units, 1)
        let flatG = K.reshape(g, [rows, units])
        let flatX = K.reshape(x, [rows, inputDim])
        var grads: [Tensor?] = [
            K.reshape(K.matmul(flatG, kernel, transposeB: true), x.shape),
            K.matmul(flatX, flatG, transposeA: true),
        ]
        if hasBias { grads.append(K.sum(flatG, axis: 0)) }
        return grads
    }
}
