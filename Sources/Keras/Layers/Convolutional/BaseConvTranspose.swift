/// The N-dimensional transposed convolution behind ``Conv1DTranspose``, ``Conv2DTranspose`` and
/// ``Conv3DTranspose``: `output = activation(conv_transpose(input, kernel) + bias)`, the
/// gradient of a convolution with respect to its input — it maps the shape of a convolution's
/// output back to the shape of its input with the same connectivity (learned upsampling).
///
/// `kernel` has shape `(kernelSize…, filters, inputChannels)` — **filters before input
/// channels** — and `bias` `(filters)`; `getWeights()` order: kernel, bias.
///
/// Input shape: `(batch, spatial…, channels)` (`channels_last`) or `(batch, channels, spatial…)`.
/// Output shape: the same layout with `filters` channels; with `k' = (k − 1)·d + 1`, each
/// spatial size is, without `outputPadding`, `n·s + max(k' − s, 0)` (`valid`) or `n·s`
/// (`same`), and with it `(n − 1)·s + k' − 2·pad + outputPadding`, `pad = k' / 2` for `same`
/// and 0 for `valid` (Keras's `compute_conv_transpose_output_length`).
///
/// Mirrors Keras's `BaseConvTranspose` (`keras/src/layers/convolutional/base_conv_transpose.py`).
open class ConvTranspose: ConvolutionLayer {
    public let filters: Int
    /// Extra cells added on the far side of each spatial axis (each `< strides`), or nil to
    /// infer the output size.
    public let outputPadding: [Int]?
    public let kernelInitializer: Initializer
    public let kernelRegularizer: Regularizer?
    public let kernelConstraint: Constraint?

    /// The kernel `(kernelSize…, filters, inputChannels)`, once built.
    public private(set) var kernel: Variable?

    /// The arguments of a transposed convolution, from Swift or from a Keras 3 config.
    struct Arguments {
        var common: Common
        var filters: Int, outputPadding: [Int]?
        var kernelInitializer: Initializer, kernelRegularizer: Regularizer?, kernelConstraint: Constraint?

        init(common: Common, filters: Int, outputPadding: [Int]?, kernelInitializer: Initializer,
             kernelRegularizer: Regularizer?, kernelConstraint: Constraint?) {
            self.common = common
            self.filters = filters
            self.outputPadding = outputPadding
            self.kernelInitializer = kernelInitializer
            self.kernelRegularizer = kernelRegularizer
            self.kernelConstraint = kernelConstraint
        }

        init(config: ConfigReader, rank: Int) throws {
            self.init(common: try Common(config: config, rank: rank), filters: try config.required("filters", config.int),
                      outputPadding: try config.sizes("output_padding", count: rank, allowZero: true),
                      kernelInitializer: try LayerArguments.initializer(config, "kernel_initializer") ?? .glorotUniform(),
                      kernelRegularizer: try LayerArguments.regularizer(config, "kernel_regularizer"),
                      kernelConstraint: try LayerArguments.constraint(config, "kernel_constraint"))
            if let groups = try config.int("groups"), groups != 1 {
                throw KerasError(.unimplemented, "\(config.context): `groups`=\(groups) is not supported for transposed convolutions")
            }
            if let problem { throw KerasError(.invalidArgument, "\(config.context): \(problem)") }
        }

        /// Keras's complaint about these arguments, or nil.
        var problem: String? {
            if filters <= 0 { return "Invalid value for argument `filters`. Expected a strictly positive value. Received filters=\(filters)." }
            if let problem = common.problem(allowCausal: false) { return problem }
            if let outputPadding {
                if zip(outputPadding, common.strides).contains(where: { $0 >= $1 }) {
                    return "`output_padding` must be < `strides`. output_padding=\(outputPadding), strides=\(common.strides)"
                }
            }
            return nil
        }
    }

    init(arguments a: Arguments) {
        filters = a.filters
        outputPadding = a.outputPadding
        kernelInitializer = a.kernelInitializer
        kernelRegularizer = a.kernelRegularizer
        kernelConstraint = a.kernelConstraint
        super.init(common: a.common)
    }

    /// Creates the transposed convolution; each size is an integer for every spatial
    /// axis (`kernelSize: 3`) or one value per axis (`kernelSize: [3, 5]`), see ``IntOrTuple``.
    ///
    /// - Parameters:
    ///   - filters: the number of output channels.
    ///   - kernelSize: the window size, one value or one per spatial axis.
    ///   - strides: the upsampling factor; `strides > 1` cannot go with `dilationRate > 1`.
    ///   - padding: `.valid` or `.same`.
    ///   - outputPadding: cells added on the far side of each axis (`0 ≤ p < stride`) to pick
    ///     among the output sizes a strided convolution maps to the same input size; nil infers it.
    ///   - dataFormat: `.channelsLast` or `.channelsFirst`; `KerasConfig.imageDataFormat` when nil.
    ///   - dilationRate: the spacing of kernel taps.
    ///   - activation: applied to the output (`"linear"`: none).
    public convenience init(_ filters: Int, kernelSize: IntOrTuple, strides: IntOrTuple = 1, padding: Padding = .valid,
                            outputPadding: IntOrTuple? = nil, dataFormat: KerasConfig.ImageDataFormat? = nil,
                            dilationRate: IntOrTuple = 1, activation: Activation = "linear", useBias: Bool = true,
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
            return Arguments(common: common, filters: filters,
                             outputPadding: try outputPadding?.values(count: Self.spatialRank, argument: "outputPadding", allowZero: true),
                             kernelInitializer: kernelInitializer, kernelRegularizer: kernelRegularizer,
                             kernelConstraint: kernelConstraint)
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
        kernel = addWeight(name: "kernel", shape: kernelSize + [filters, channels], initializer: kernelInitializer,
                           regularizer: kernelRegularizer, constraint: kernelConstraint)
        addBias(size: filters)
        setBuiltInputSpec(channels: channels)
    }

    /// The output length on spatial axis `i` for an input length `n`.
    func outputLength(axis i: Int, input n: Int) -> Int {
        padding.transposedOutputLength(input: n, kernel: kernelSize[i], stride: strides[i], dilation: dilationRate[i],
                                       outputPadding: outputPadding?[i])
    }

    open override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let kernel else { throw KerasError(.invalidArgument, "Layer \"\(name)\" is not built") }
        let x = castInput(input)
        let y = K.inChannelsLast(x, dataFormat) { xl in
            var outputShape = [xl.shape[0]]
            var before: [Int] = [], after: [Int] = []
            for i in 0..<rank {
                let n = xl.shape[i + 1], length = outputLength(axis: i, input: n)
                let pads = Self.forwardPadding(input: n, output: length, kernel: kernelSize[i], stride: strides[i],
                                               dilation: dilationRate[i], padding: padding)
                outputShape.append(length)
                before.append(pads.before)
                after.append(pads.after)
            }
            outputShape.append(filters)
            let params = ConvolutionParameters(strides: strides, dilations: dilationRate, paddingBefore: before, paddingAfter: after)
            return K.transposedConvolutionChannelsLast(xl, kernel.value, outputShape: outputShape, params, op: className)
        }
        return finish(y)
    }

    /// The padding of the forward convolution from `output` cells to `input` cells whose adjoint
    /// this layer computes: Keras 3 pads `floor(P / 2)` before, `P = max((n − 1)·s + k' − L, 0)`
    /// for `same` and 0 for `valid`; after, whatever makes the forward length `n` (never negative:
    /// cells the forward window never reaches stay zero in the transposed output).
    static func forwardPadding(input n: Int, output length: Int, kernel: Int, stride: Int, dilation: Int,
                               padding: Padding) -> (before: Int, after: Int) {
        let effective = Padding.effectiveKernelSize(kernel, dilation: dilation)
        let span = (n - 1) * stride + effective
        let before = padding == .same ? max(span - length, 0) / 2 : 0
        let after = max(span - length - before, 0)
        precondition((length + before + after - effective) / stride + 1 == n,
                     "transposed convolution: no forward geometry maps \(length) cells to \(n) with kernel \(kernel), stride \(stride), dilation \(dilation)")
        return (before, after)
    }

    open override func computeOutputShape(_ inputShape: [Int?]) throws -> [Int?] {
        try outputShape(inputShape, channels: filters) { i, n in outputLength(axis: i, input: n) }
    }

    open override func getConfig() -> [String: JSONValue] {
        var config = commonConfig()
        config["filters"] = .number(Double(filters))
        // Keras 3 does not write `output_padding` (it is lost on a round trip there); written
        // when set so that the config rebuilds this layer.
        if let outputPadding { config["output_padding"] = LayerConfig.ints(outputPadding) }
        config["kernel_initializer"] = LayerArguments.encode(kernelInitializer)
        config["kernel_regularizer"] = LayerArguments.encode(kernelRegularizer)
        config["kernel_constraint"] = LayerArguments.encode(kernelConstraint)
        return config
    }
}
