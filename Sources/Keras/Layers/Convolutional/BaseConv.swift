/// The N-dimensional convolution layer behind ``Conv1D``, ``Conv2D`` and ``Conv3D``:
/// `output = activation(conv(input, kernel) + bias)`.
///
/// `kernel` has shape `(kernelSize…, inputChannels / groups, filters)` (TensorFlow's layout,
/// whatever the data format) and `bias` `(filters)`; `getWeights()` order: kernel, bias.
///
/// Input shape: `(batch, spatial…, channels)` (`channels_last`) or `(batch, channels, spatial…)`.
/// Output shape: the same layout with `filters` channels and each spatial size
/// `ceil((n − k' + 1)/s)` (`valid`) or `ceil(n/s)` (`same`, `causal`), `k' = (k − 1)·d + 1`.
///
/// A concrete class only overrides ``ConvolutionLayer/spatialRank``; the initializers below
/// serve every rank.
///
/// Mirrors Keras's `keras.layers.Conv` base class (`keras/src/layers/convolutional/base_conv.py`).
open class Conv: ConvolutionLayer {
    public let filters: Int
    public let groups: Int
    public let kernelInitializer: Initializer
    public let kernelRegularizer: Regularizer?
    public let kernelConstraint: Constraint?

    /// The kernel, once built.
    public private(set) var kernel: Variable?

    /// The arguments of a convolution, from Swift or from a Keras 3 config.
    struct Arguments {
        var common: Common
        var filters: Int, groups: Int
        var kernelInitializer: Initializer, kernelRegularizer: Regularizer?, kernelConstraint: Constraint?

        init(common: Common, filters: Int, groups: Int, kernelInitializer: Initializer,
             kernelRegularizer: Regularizer?, kernelConstraint: Constraint?) {
            self.common = common
            self.filters = filters
            self.groups = groups
            self.kernelInitializer = kernelInitializer
            self.kernelRegularizer = kernelRegularizer
            self.kernelConstraint = kernelConstraint
        }

        init(config: ConfigReader, rank: Int) throws {
            self.init(common: try Common(config: config, rank: rank), filters: try config.required("filters", config.int),
                      groups: try config.int("groups") ?? 1,
                      kernelInitializer: try LayerArguments.initializer(config, "kernel_initializer") ?? .glorotUniform(),
                      kernelRegularizer: try LayerArguments.regularizer(config, "kernel_regularizer"),
                      kernelConstraint: try LayerArguments.constraint(config, "kernel_constraint"))
            if let problem { throw KerasError(.invalidArgument, "\(config.context): \(problem)") }
        }

        /// Keras's complaint about these arguments, or nil.
        var problem: String? {
            if filters <= 0 { return "Invalid value for argument `filters`. Expected a strictly positive value. Received filters=\(filters)." }
            if groups <= 0 { return "The number of groups must be a positive integer. Received: groups=\(groups)." }
            if filters % groups != 0 {
                return "The number of filters must be evenly divisible by the number of groups. Received: groups=\(groups), filters=\(filters)."
            }
            return common.problem(allowCausal: common.rank == 1)
        }
    }

    init(arguments a: Arguments) {
        filters = a.filters
        groups = a.groups
        kernelInitializer = a.kernelInitializer
        kernelRegularizer = a.kernelRegularizer
        kernelConstraint = a.kernelConstraint
        super.init(common: a.common)
    }

    /// Creates the convolution; each size is an integer for every spatial
    /// axis (`kernelSize: 3`) or one value per axis (`kernelSize: [3, 5]`), see ``IntOrTuple``.
    ///
    /// - Parameters:
    ///   - filters: the number of output channels.
    ///   - kernelSize: the window size, one value or one per spatial axis.
    ///   - strides: the step; `strides > 1` cannot go with `dilationRate > 1`.
    ///   - padding: `.valid`, `.same`, or `.causal` (1-D only).
    ///   - dataFormat: `.channelsLast` or `.channelsFirst`; `KerasConfig.imageDataFormat` when nil.
    ///   - dilationRate: the spacing of kernel taps.
    ///   - groups: input and output channels split into this many independent groups.
    ///   - activation: applied to the output (`"linear"`: none).
    public convenience init(_ filters: Int, kernelSize: IntOrTuple, strides: IntOrTuple = 1, padding: Padding = .valid,
                            dataFormat: KerasConfig.ImageDataFormat? = nil, dilationRate: IntOrTuple = 1, groups: Int = 1,
                            activation: Activation = "linear", useBias: Bool = true,
                            kernelInitializer: Initializer = .glorotUniform(), biasInitializer: Initializer = .zeros,
                            kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                            kernelConstraint: Constraint? = nil, biasConstraint: Constraint? = nil,
                            name: String? = nil, trainable: Bool = true, dtype: DType? = nil, inputShape: [Int?]? = nil) {
        let arguments = checkedArguments(Self.self) {
            let common = try Common(rank: Self.spatialRank, kernelSize: kernelSize, strides: strides, padding: padding,
                                    dataFormat: dataFormat, dilationRate: dilationRate, activation: activation,
                                    useBias: useBias, biasInitializer: biasInitializer, biasRegularizer: biasRegularizer,
                                    biasConstraint: biasConstraint, name: name, trainable: trainable, dtype: dtype,
                                    inputShape: inputShape)
            return Arguments(common: common, filters: filters, groups: groups, kernelInitializer: kernelInitializer,
                             kernelRegularizer: kernelRegularizer, kernelConstraint: kernelConstraint)
        }
        if let problem = arguments.problem { preconditionFailure("\(Self.self): \(problem)") }
        self.init(arguments: arguments)
    }

    /// The layer from its Keras 3 config; throws naming the layer and the key on bad values.
    public convenience init(config: ConfigReader) throws {
        self.init(arguments: try Arguments(config: config, rank: Self.spatialRank))
    }

    open override func build(inputShape: [Int?]) throws {
        let channels = try inputChannels(inputShape)
        guard channels % groups == 0 else {
            throw KerasError(.shapeMismatch, "Layer \"\(name)\" (\(className)): the number of input channels must be evenly divisible by the number of groups. Received groups=\(groups), but the input has \(channels) channels (full input shape is \(ShapeFormat.tuple(inputShape)))")
        }
        _ = try computeOutputShape(inputShape)
        kernel = addWeight(name: "kernel", shape: kernelSize + [channels / groups, filters], initializer: kernelInitializer,
                           regularizer: kernelRegularizer, constraint: kernelConstraint)
        addBias(size: filters)
        setBuiltInputSpec(channels: channels)
    }

    open override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let kernel else { throw KerasError(.invalidArgument, "Layer \"\(name)\" is not built") }
        let x = castInput(input)
        if let fused = fusedForward(x, kernel: kernel.value, groups: groups) { return fused }
        let y: Tensor
        if groups == 1 {
            y = K.convolution(x, kernel.value, strides: strides, dilations: dilationRate, padding: padding,
                              dataFormat: dataFormat, op: className)
        } else {
            y = K.inChannelsLast(x, dataFormat) { xl in
                K.convolutionChannelsLast(xl, kernel.value, strides: strides, dilations: dilationRate,
                                          padding: padding, groups: groups, op: className)
            }
        }
        return finish(y)
    }

    open override func computeOutputShape(_ inputShape: [Int?]) throws -> [Int?] {
        try forwardOutputShape(inputShape, channels: filters)
    }

    open override func getConfig() -> [String: JSONValue] {
        var config = commonConfig()
        config["filters"] = .number(Double(filters))
        config["groups"] = .number(Double(groups))
        config["kernel_initializer"] = LayerArguments.encode(kernelInitializer)
        config["kernel_regularizer"] = LayerArguments.encode(kernelRegularizer)
        config["kernel_constraint"] = LayerArguments.encode(kernelConstraint)
        return config
    }
}
