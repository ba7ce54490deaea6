/// The depthwise convolution behind ``DepthwiseConv1D`` and ``DepthwiseConv2D``: each input
/// channel is convolved on its own with `depthMultiplier` kernels, and the results are
/// concatenated channel-major (output channel `c·depthMultiplier + m`),
/// `output = activation(depthwise_conv(input, kernel) + bias)`. Channels are never mixed.
///
/// Weights, in `getWeights()` order: `kernel` `(kernelSize…, inputChannels, depthMultiplier)`
/// and `bias` `(inputChannels·depthMultiplier)`.
///
/// Input shape: `(batch, spatial…, channels)` (`channels_last`) or `(batch, channels, spatial…)`.
/// Output shape: the same layout with `channels·depthMultiplier` channels, each spatial size as
/// for ``Conv`` (`ceil((n − k' + 1)/s)` for `valid`, `ceil(n/s)` for `same`).
///
/// Mirrors Keras's `BaseDepthwiseConv` (`keras/src/layers/convolutional/base_depthwise_conv.py`).
open class DepthwiseConv: ConvolutionLayer {
    public let depthMultiplier: Int
    public let depthwiseInitializer: Initializer
    public let depthwiseRegularizer: Regularizer?
    public let depthwiseConstraint: Constraint?

    /// The depthwise kernel `(kernelSize…, inputChannels, depthMultiplier)`, once built
    /// (Keras names this weight `kernel`).
    public private(set) var kernel: Variable?

    /// The arguments of a depthwise convolution, from Swift or from a Keras 3 config.
    struct Arguments {
        var common: Common
        var depthMultiplier: Int
        var depthwiseInitializer: Initializer, depthwiseRegularizer: Regularizer?, depthwiseConstraint: Constraint?

        init(common: Common, depthMultiplier: Int, depthwiseInitializer: Initializer,
             depthwiseRegularizer: Regularizer?, depthwiseConstraint: Constraint?) {
            self.common = common
            self.depthMultiplier = depthMultiplier
            self.depthwiseInitializer = depthwiseInitializer
            self.depthwiseRegularizer = depthwiseRegularizer
            self.depthwiseConstraint = depthwiseConstraint
        }

        init(config: ConfigReader, rank: Int) throws {
            self.init(common: try Common(config: config, rank: rank),
                      depthMultiplier: try config.int("depth_multiplier") ?? 1,
                      depthwiseInitializer: try LayerArguments.initializer(config, "depthwise_initializer") ?? .glorotUniform(),
                      depthwiseRegularizer: try LayerArguments.regularizer(config, "depthwise_regularizer"),
                      depthwiseConstraint: try LayerArguments.constraint(config, "depthwise_constraint"))
            if let problem { throw KerasError(.invalidArgument, "\(config.context): \(problem)") }
        }

        /// Keras's complaint about these arguments, or nil.
        var problem: String? {
            if depthMultiplier <= 0 {
                return "Invalid value for argument `depth_multiplier`. Expected a strictly positive value. Received depth_multiplier=\(depthMultiplier)."
            }
            return common.problem(allowCausal: false)
        }
    }

    init(arguments a: Arguments) {
        depthMultiplier = a.depthMultiplier
        depthwiseInitializer = a.depthwiseInitializer
        depthwiseRegularizer = a.depthwiseRegularizer
        depthwiseConstraint = a.depthwiseConstraint
        super.init(common: a.common)
    }

    /// Creates the depthwise convolution; each size is an integer for every spatial
    /// axis (`kernelSize: 3`) or one value per axis (`kernelSize: [3, 5]`), see ``IntOrTuple``.
    ///
    /// - Parameters:
    ///   - kernelSize: the window, one value or one per spatial axis.
    ///   - strides: the step; `strides > 1` cannot go with `dilationRate > 1`.
    ///   - padding: `.valid` or `.same`.
    ///   - depthMultiplier: output channels per input channel.
    ///   - dilationRate: the spacing of kernel taps.
    ///   - activation: applied to the output (`"linear"`: none).
    public convenience init(kernelSize: IntOrTuple, strides: IntOrTuple = 1, padding: Padding = .valid, depthMultiplier: Int = 1,
                            dataFormat: KerasConfig.ImageDataFormat? = nil, dilationRate: IntOrTuple = 1,
                            activation: Activation = "linear", useBias: Bool = true,
                            depthwiseInitializer: Initializer = .glorotUniform(), biasInitializer: Initializer = .zeros,
                            depthwiseRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                            depthwiseConstraint: Constraint? = nil, biasConstraint: Constraint? = nil,
                            name: String? = nil, trainable: Bool = true, dtype: DType? = nil, inputShape: [Int?]? = nil) {
        let arguments = checkedArguments(Self.self) {
            let common = try Common(rank: Self.spatialRank, kernelSize: kernelSize, strides: strides, padding: padding,
                                    dataFormat: dataFormat, dilationRate: dilationRate, activation: activation,
                                    useBias: useBias, biasInitializer: biasInitializer, biasRegularizer: biasRegularizer,
                                    biasConstraint: biasConstraint, name: name, trainable: trainable, dtype: dtype,
                                    inputShape: inputShape)
            return Arguments(common: common, depthMultiplier: depthMultiplier, depthwiseInitializer: depthwiseInitializer,
                             depthwiseRegularizer: depthwiseRegularizer, depthwiseConstraint: depthwiseConstraint)
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
        kernel = addWeight(name: "kernel", shape: kernelSize + [channels, depthMultiplier], initializer: depthwiseInitializer,
                           regularizer: depthwiseRegularizer, constraint: depthwiseConstraint)
        addBias(size: channels * depthMultiplier)
        setBuiltInputSpec(channels: channels)
    }

    open override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let kernel else { throw KerasError(.invalidArgument, "Layer \"\(name)\" is not built") }
        let x = castInput(input)
        let y = K.inChannelsLast(x, dataFormat) { xl in
            K.depthwiseChannelsLast(xl, kernel.value, strides: strides, dilations: dilationRate, padding: padding, op: className)
        }
        return finish(y)
    }

    open override func computeOutputShape(_ inputShape: [Int?]) throws -> [Int?] {
        let channels = inputShape.count == rank + 2 ? inputShape[dataFormat == .channelsLast ? rank + 1 : 1] : nil
        return try forwardOutputShape(inputShape, channels: channels.map { $0 * depthMultiplier })
    }

    open override func getConfig() -> [String: JSONValue] {
        var config = commonConfig()
        config["depth_multiplier"] = .number(Double(depthMultiplier))
        config["depthwise_initializer"] = LayerArguments.encode(depthwiseInitializer)
        config["depthwise_regularizer"] = LayerArguments.encode(depthwiseRegularizer)
        config["depthwise_constraint"] = LayerArguments.encode(depthwiseConstraint)
        return config
    }
}
