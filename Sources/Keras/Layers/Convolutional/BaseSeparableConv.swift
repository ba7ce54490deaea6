/// The depthwise-separable convolution behind ``SeparableConv1D`` and ``SeparableConv2D``:
/// a depthwise convolution (each input channel on its own, `depthMultiplier` outputs per
/// channel) followed by a pointwise (1×1) convolution mixing the channels,
/// `output = activation(conv(depthwise_conv(input, depthwiseKernel), pointwiseKernel) + bias)`.
///
/// Weights, in `getWeights()` order: `depthwise_kernel` `(kernelSize…, inputChannels,
/// depthMultiplier)`, `pointwise_kernel` `(1…, inputChannels·depthMultiplier, filters)`, `bias`
/// `(filters)`.
///
/// Input shape: `(batch, spatial…, channels)` (`channels_last`) or `(batch, channels, spatial…)`.
/// Output shape: the same layout with `filters` channels, each spatial size as for ``Conv``
/// (`ceil((n − k' + 1)/s)` for `valid`, `ceil(n/s)` for `same`).
///
/// Mirrors Keras's `BaseSeparableConv` (`keras/src/layers/convolutional/base_separable_conv.py`).
open class SeparableConv: ConvolutionLayer {
    public let filters: Int
    public let depthMultiplier: Int
    public let depthwiseInitializer: Initializer
    public let pointwiseInitializer: Initializer
    public let depthwiseRegularizer: Regularizer?
    public let pointwiseRegularizer: Regularizer?
    public let depthwiseConstraint: Constraint?
    public let pointwiseConstraint: Constraint?

    /// The depthwise kernel `(kernelSize…, inputChannels, depthMultiplier)`, once built.
    public private(set) var depthwiseKernel: Variable?
    /// The pointwise kernel `(1…, inputChannels·depthMultiplier, filters)`, once built.
    public private(set) var pointwiseKernel: Variable?

    /// The arguments of a separable convolution, from Swift or from a Keras 3 config.
    struct Arguments {
        var common: Common
        var filters: Int, depthMultiplier: Int
        var depthwiseInitializer: Initializer, pointwiseInitializer: Initializer
        var depthwiseRegularizer: Regularizer?, pointwiseRegularizer: Regularizer?
        var depthwiseConstraint: Constraint?, pointwiseConstraint: Constraint?

        init(common: Common, filters: Int, depthMultiplier: Int, depthwiseInitializer: Initializer,
             pointwiseInitializer: Initializer, depthwiseRegularizer: Regularizer?, pointwiseRegularizer: Regularizer?,
             depthwiseConstraint: Constraint?, pointwiseConstraint: Constraint?) {
            self.common = common
            self.filters = filters
            self.depthMultiplier = depthMultiplier
            self.depthwiseInitializer = depthwiseInitializer
            self.pointwiseInitializer = pointwiseInitializer
            self.depthwiseRegularizer = depthwiseRegularizer
            self.pointwiseRegularizer = pointwiseRegularizer
            self.depthwiseConstraint = depthwiseConstraint
            self.pointwiseConstraint = pointwiseConstraint
        }

        init(config: ConfigReader, rank: Int) throws {
            self.init(common: try Common(config: config, rank: rank), filters: try config.required("filters", config.int),
                      depthMultiplier: try config.int("depth_multiplier") ?? 1,
                      depthwiseInitializer: try LayerArguments.initializer(config, "depthwise_initializer") ?? .glorotUniform(),
                      pointwiseInitializer: try LayerArguments.initializer(config, "pointwise_initializer") ?? .glorotUniform(),
                      depthwiseRegularizer: try LayerArguments.regularizer(config, "depthwise_regularizer"),
                      pointwiseRegularizer: try LayerArguments.regularizer(config, "pointwise_regularizer"),
                      depthwiseConstraint: try LayerArguments.constraint(config, "depthwise_constraint"),
                      pointwiseConstraint: try LayerArguments.constraint(config, "pointwise_constraint"))
            if let problem { throw KerasError(.invalidArgument, "\(config.context): \(problem)") }
        }

        /// Keras's complaint about these arguments, or nil.
        var problem: String? {
            if depthMultiplier <= 0 {
                return "Invalid value for argument `depth_multiplier`. Expected a strictly positive value. Received depth_multiplier=\(depthMultiplier)."
            }
            if filters <= 0 { return "Invalid value for argument `filters`. Expected a strictly positive value. Received filters=\(filters)." }
            return common.problem(allowCausal: false)
        }
    }

    init(arguments a: Arguments) {
        filters = a.filters
        depthMultiplier = a.depthMultiplier
        depthwiseInitializer = a.depthwiseInitializer
        pointwiseInitializer = a.pointwiseInitializer
        depthwiseRegularizer = a.depthwiseRegularizer
        pointwiseRegularizer = a.pointwiseRegularizer
        depthwiseConstraint = a.depthwiseConstraint
        pointwiseConstraint = a.pointwiseConstraint
        super.init(common: a.common)
    }

    /// Creates the separable convolution; each size is an integer for every spatial
    /// axis (`kernelSize: 3`) or one value per axis (`kernelSize: [3, 5]`), see ``IntOrTuple``.
    ///
    /// - Parameters:
    ///   - filters: the number of output channels (of the pointwise step).
    ///   - kernelSize: the depthwise window, one value or one per spatial axis.
    ///   - strides: the depthwise step; `strides > 1` cannot go with `dilationRate > 1`.
    ///   - padding: `.valid` or `.same`.
    ///   - dilationRate: the spacing of depthwise kernel taps.
    ///   - depthMultiplier: depthwise outputs per input channel.
    ///   - activation: applied to the output (`"linear"`: none).
    public convenience init(_ filters: Int, kernelSize: IntOrTuple, strides: IntOrTuple = 1, padding: Padding = .valid,
                            dataFormat: KerasConfig.ImageDataFormat? = nil, dilationRate: IntOrTuple = 1,
                            depthMultiplier: Int = 1, activation: Activation = "linear", useBias: Bool = true,
                            depthwiseInitializer: Initializer = .glorotUniform(),
                            pointwiseInitializer: Initializer = .glorotUniform(), biasInitializer: Initializer = .zeros,
                            depthwiseRegularizer: Regularizer? = nil, pointwiseRegularizer: Regularizer? = nil,
                            biasRegularizer: Regularizer? = nil, depthwiseConstraint: Constraint? = nil,
                            pointwiseConstraint: Constraint? = nil, biasConstraint: Constraint? = nil,
                            name: String? = nil, trainable: Bool = true, dtype: DType? = nil, inputShape: [Int?]? = nil) {
        let arguments = checkedArguments(Self.self) {
            let common = try Common(rank: Self.spatialRank, kernelSize: kernelSize, strides: strides, padding: padding,
                                    dataFormat: dataFormat, dilationRate: dilationRate, activation: activation,
                                    useBias: useBias, biasInitializer: biasInitializer, biasRegularizer: biasRegularizer,
                                    biasConstraint: biasConstraint, name: name, trainable: trainable, dtype: dtype,
                                    inputShape: inputShape)
            return Arguments(common: common, filters: filters, depthMultiplier: depthMultiplier,
                             depthwiseInitializer: depthwiseInitializer, pointwiseInitializer: pointwiseInitializer,
                             depthwiseRegularizer: depthwiseRegularizer, pointwiseRegularizer: pointwiseRegularizer,
                             depthwiseConstraint: depthwiseConstraint, pointwiseConstraint: pointwiseConstraint)
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
        _ = try computeOutputShape(inputShape)
        depthwiseKernel = addWeight(name: "depthwise_kernel", shape: kernelSize + [channels, depthMultiplier],
                                    initializer: depthwiseInitializer, regularizer: depthwiseRegularizer,
                                    constraint: depthwiseConstraint)
        pointwiseKernel = addWeight(name: "pointwise_kernel",
                                    shape: Array(repeating: 1, count: rank) + [channels * depthMultiplier, filters],
                                    initializer: pointwiseInitializer, regularizer: pointwiseRegularizer,
                                    constraint: pointwiseConstraint)
        addBias(size: filters)
        setBuiltInputSpec(channels: channels)
    }

    open override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let depthwiseKernel, let pointwiseKernel else { throw KerasError(.invalidArgument, "Layer \"\(name)\" is not built") }
        let x = castInput(input)
        let ones = Array(repeating: 1, count: rank)
        let y = K.inChannelsLast(x, dataFormat) { xl in
            let depthwise = K.depthwiseChannelsLast(xl, depthwiseKernel.value, strides: strides, dilations: dilationRate,
                                                    padding: padding, op: className)
            return K.convolutionChannelsLast(depthwise, pointwiseKernel.value, strides: ones, dilations: ones,
                                             padding: .valid, groups: 1, op: className)
        }
        return finish(y)
    }

    open override func computeOutputShape(_ inputShape: [Int?]) throws -> [Int?] {
        try forwardOutputShape(inputShape, channels: filters)
    }

    open override func getConfig() -> [String: JSONValue] {
        var config = commonConfig()
        config["filters"] = .number(Double(filters))
        config["depth_multiplier"] = .number(Double(depthMultiplier))
        config["depthwise_initializer"] = LayerArguments.encode(depthwiseInitializer)
        config["pointwise_initializer"] = LayerArguments.encode(pointwiseInitializer)
        config["depthwise_regularizer"] = LayerArguments.encode(depthwiseRegularizer)
        config["pointwise_regularizer"] = LayerArguments.encode(pointwiseRegularizer)
        config["depthwise_constraint"] = LayerArguments.encode(depthwiseConstraint)
        config["pointwise_constraint"] = LayerArguments.encode(pointwiseConstraint)
        return config
    }
}
