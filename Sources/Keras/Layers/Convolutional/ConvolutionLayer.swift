/// What every convolution layer shares: the window (`kernelSize`, `strides`, `padding`,
/// `dataFormat`, `dilationRate`), the activation and the bias, and one rank-generic set of
/// initializers for each family.
///
/// The families — ``Conv`` (`Conv1D`/`2D`/`3D`), ``ConvTranspose`` (`Conv1DTranspose`/`2D`/`3D`),
/// ``SeparableConv`` (`SeparableConv1D`/`2D`) and ``DepthwiseConv`` (`DepthwiseConv1D`/`2D`) —
/// each declare their Keras arguments once; a concrete class only names its number of spatial
/// axes (``spatialRank``) and inherits the initializers, `init(config:)` included.
///
/// `output = activation(op(input, kernels…) + bias)`, the bias on the channel axis.
///
/// Mirrors what Keras's `BaseConv`, `BaseConvTranspose`, `BaseSeparableConv` and
/// `BaseDepthwiseConv` (`keras/src/layers/convolutional/`) have in common.
open class ConvolutionLayer: Layer {
    /// The number of spatial axes of the concrete class: 1, 2 or 3. Subclasses override it.
    open class var spatialRank: Int {
        preconditionFailure("\(self) must override `spatialRank` (the number of spatial axes)")
    }

    /// The number of spatial axes.
    public let rank: Int
    /// The window size on each spatial axis.
    public let kernelSize: [Int]
    /// The step on each spatial axis.
    public let strides: [Int]
    /// How borders are treated.
    public let padding: Padding
    /// Whether channels come last (`(batch, spatial…, channels)`) or first.
    public let dataFormat: KerasConfig.ImageDataFormat
    /// The spacing of kernel taps on each spatial axis.
    public let dilationRate: [Int]
    /// Applied to the output.
    public let activation: Activation
    /// Whether a bias is added on the channel axis.
    public let useBias: Bool
    public let biasInitializer: Initializer
    public let biasRegularizer: Regularizer?
    public let biasConstraint: Constraint?

    /// The bias, once built with `useBias`.
    public internal(set) var bias: Variable?

    /// The arguments common to every convolution family, with Keras's validation.
    struct Common {
        var rank: Int
        var kernelSize: [Int], strides: [Int], padding: Padding
        var dataFormat: KerasConfig.ImageDataFormat?, dilationRate: [Int]
        var activation: Activation, useBias: Bool
        var biasInitializer: Initializer, biasRegularizer: Regularizer?, biasConstraint: Constraint?
        var name: String?, trainable: Bool, dtype: DType?, inputShape: [Int?]?

        /// The arguments as Swift code gives them; throws on a size argument of the wrong form
        /// (``IntOrTuple/values(count:argument:allowZero:)``), naming the Swift label.
        init(rank: Int, kernelSize: IntOrTuple, strides: IntOrTuple, padding: Padding,
             dataFormat: KerasConfig.ImageDataFormat?, dilationRate: IntOrTuple, activation: Activation, useBias: Bool,
             biasInitializer: Initializer, biasRegularizer: Regularizer?, biasConstraint: Constraint?, name: String?,
             trainable: Bool, dtype: DType?, inputShape: [Int?]?) throws {
            self.init(rank: rank, kernelSize: try kernelSize.values(count: rank, argument: "kernelSize"),
                      strides: try strides.values(count: rank, argument: "strides"), padding: padding,
                      dataFormat: dataFormat, dilationRate: try dilationRate.values(count: rank, argument: "dilationRate"),
                      activation: activation, useBias: useBias, biasInitializer: biasInitializer,
                      biasRegularizer: biasRegularizer, biasConstraint: biasConstraint, name: name, trainable: trainable,
                      dtype: dtype, inputShape: inputShape)
        }

        /// The arguments with the sizes already expanded to `rank` values.
        init(rank: Int, kernelSize: [Int], strides: [Int], padding: Padding, dataFormat: KerasConfig.ImageDataFormat?,
             dilationRate: [Int], activation: Activation, useBias: Bool, biasInitializer: Initializer,
             biasRegularizer: Regularizer?, biasConstraint: Constraint?, name: String?, trainable: Bool,
             dtype: DType?, inputShape: [Int?]?) {
            self.rank = rank
            self.kernelSize = kernelSize
            self.strides = strides
            self.padding = padding
            self.dataFormat = dataFormat
            self.dilationRate = dilationRate
            self.activation = activation
            self.useBias = useBias
            self.biasInitializer = biasInitializer
            self.biasRegularizer = biasRegularizer
            self.biasConstraint = biasConstraint
            self.name = name
            self.trainable = trainable
            self.dtype = dtype
            self.inputShape = inputShape
        }

        /// Reads the common keys of a Keras 3 convolution config.
        init(config: ConfigReader, rank: Int) throws {
            let base = try config.layerBase()
            let paddingName = try config.string("padding") ?? "valid"
            guard let padding = Padding(rawValue: paddingName.lowercased()) else {
                throw KerasError(.invalidArgument, "\(config.context): `padding`: expected \"valid\", \"same\" or \"causal\", received \"\(paddingName)\"")
            }
            self.init(rank: rank, kernelSize: try config.required("kernel_size") { try config.sizes($0, count: rank) },
                      strides: try config.sizes("strides", count: rank) ?? Array(repeating: 1, count: rank), padding: padding,
                      dataFormat: try LayerArguments.dataFormat(config),
                      dilationRate: try config.sizes("dilation_rate", count: rank) ?? Array(repeating: 1, count: rank),
                      activation: try LayerArguments.activation(config, "activation") ?? "linear",
                      useBias: try config.bool("use_bias") ?? true,
                      biasInitializer: try LayerArguments.initializer(config, "bias_initializer") ?? .zeros,
                      biasRegularizer: try LayerArguments.regularizer(config, "bias_regularizer"),
                      biasConstraint: try LayerArguments.constraint(config, "bias_constraint"),
                      name: base.name, trainable: base.trainable, dtype: base.dtype, inputShape: nil)
            try LayerArguments.rejectUnsupported(config, ["activity_regularizer"])
        }

        /// Keras's complaint about these arguments, or nil when they are valid. `causal`
        /// padding is accepted only where `allowCausal` (1-D `Conv1D`).
        func problem(allowCausal: Bool) -> String? {
            if padding == .causal && !allowCausal {
                return "The `padding` argument must be one of \"valid\", \"same\"\(rank == 1 ? ", \"causal\"" : ""). Received: causal"
            }
            if strides.max()! > 1 && dilationRate.max()! > 1 {
                return "`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides=\(strides) and dilation_rate=\(dilationRate)"
            }
            return nil
        }
    }

    /// Stores the common arguments (already validated by the family).
    init(common c: Common) {
        rank = c.rank
        kernelSize = c.kernelSize
        strides = c.strides
        padding = c.padding
        dataFormat = c.dataFormat ?? KerasConfig.imageDataFormat
        dilationRate = c.dilationRate
        activation = c.activation
        useBias = c.useBias
        biasInitializer = c.biasInitializer
        biasRegularizer = c.biasRegularizer
        biasConstraint = c.biasConstraint
        super.init(name: c.name, trainable: c.trainable, dtype: c.dtype, inputShape: c.inputShape)
        inputSpec = [InputSpec(minRank: c.rank + 2)]
    }

    // MARK: Shared pieces of build / call / computeOutputShape / getConfig

    /// The channel axis of the input: last or 1.
    var channelAxis: Int { dataFormat == .channelsLast ? -1 : 1 }

    /// The index of the first spatial axis.
    var spatialStart: Int { dataFormat == .channelsLast ? 1 : 2 }

    /// The input's channel count; throws naming the layer unless the input has rank
    /// `rank + 2` and a known channel axis.
    func inputChannels(_ inputShape: [Int?]) throws -> Int {
        guard inputShape.count == rank + 2 else {
            throw KerasError(.shapeMismatch, "Layer \"\(name)\" (\(className)): expected an input of rank \(rank + 2) (\(dataFormat == .channelsLast ? "batch, spatial…, channels" : "batch, channels, spatial…")), received \(ShapeFormat.tuple(inputShape))")
        }
        guard let channels = inputShape[dataFormat == .channelsLast ? rank + 1 : 1], channels > 0 else {
            throw KerasError(.shapeMismatch, "Layer \"\(name)\" (\(className)): the channel axis of the input \(ShapeFormat.tuple(inputShape)) must be known and positive")
        }
        return channels
    }

    /// Fixes the channel count the layer was built for.
    func setBuiltInputSpec(channels: Int) {
        inputSpec = [InputSpec(rank: rank + 2, axes: [channelAxis: channels])]
    }

    /// Creates the bias of `size` entries when `useBias`.
    func addBias(size: Int) {
        guard useBias else { return }
        bias = addWeight(name: "bias", shape: [size], initializer: biasInitializer, regularizer: biasRegularizer,
                         constraint: biasConstraint)
    }

    /// `x` in the layer's dtype.
    func castInput(_ x: Tensor) -> Tensor { x.dtype == dtype ? x : K.cast(x, dtype) }

    /// `activation(convolution(x, kernel) + bias)` as ONE backend call through
    /// ``K/convolution(_:_:_:strides:padding:dilations:groups:activation:)``, or nil when it
    /// does not apply: channels-last data and an activation whose gradient can be taken from
    /// its output (see ``OutputSlope``; linear included).
    func fusedForward(_ x: Tensor, kernel: Tensor, groups: Int) -> Tensor? {
        guard dataFormat == .channelsLast, x.dtype.isFloatingPoint, x.dtype == kernel.dtype,
              let a = activation.fusedKernel, a.op == .linear || OutputSlope(a) != nil else { return nil }
        return K.convolution(x, kernel, bias?.value, strides: strides, padding: padding, dilations: dilationRate,
                             groups: groups, activation: a)
    }

    /// `activation(y + bias)`.
    func finish(_ y: Tensor) -> Tensor {
        guard let bias else { return activation(y) }
        return activation(K.biasAdd(y, bias.value, dataFormat: dataFormat))
    }

    /// The output shape: the batch, `channels`, and each spatial size from `length`; throws
    /// naming the layer when a size is not positive.
    func outputShape(_ inputShape: [Int?], channels: Int?, length: (_ axis: Int, _ size: Int) -> Int) throws -> [Int?] {
        guard inputShape.count == rank + 2 else {
            throw KerasError(.shapeMismatch, "Layer \"\(name)\" (\(className)): expected an input of rank \(rank + 2), received \(ShapeFormat.tuple(inputShape))")
        }
        var spatial: [Int?] = []
        for i in 0..<rank {
            guard let n = inputShape[spatialStart + i] else { spatial.append(nil); continue }
            let out = length(i, n)
            guard out > 0 else {
                throw KerasError(.shapeMismatch, "Layer \"\(name)\" (\(className)): the input \(ShapeFormat.tuple(inputShape)) is too small for kernel_size=\(kernelSize) with \(padding.rawValue) padding, strides=\(strides) and dilation_rate=\(dilationRate) (spatial axis \(i) gives \(out))")
            }
            spatial.append(out)
        }
        return dataFormat == .channelsLast ? [inputShape[0]] + spatial + [channels] : [inputShape[0], channels] + spatial
    }

    /// The spatial output sizes of a forward (not transposed) window over `inputShape`.
    func forwardOutputShape(_ inputShape: [Int?], channels: Int?) throws -> [Int?] {
        try outputShape(inputShape, channels: channels) { i, n in
            padding.outputLength(input: n, kernel: kernelSize[i], stride: strides[i], dilation: dilationRate[i])
        }
    }

    /// The base config plus the common keys, in Keras 3's encoding.
    func commonConfig() -> [String: JSONValue] {
        var config = super.getConfig()
        config["kernel_size"] = LayerConfig.ints(kernelSize)
        config["strides"] = LayerConfig.ints(strides)
        config["padding"] = .string(padding.rawValue)
        config["data_format"] = LayerArguments.encode(dataFormat)
        config["dilation_rate"] = LayerConfig.ints(dilationRate)
        config["activation"] = LayerArguments.encode(activation)
        config["use_bias"] = .bool(useBias)
        config["bias_initializer"] = LayerArguments.encode(biasInitializer)
        config["bias_regularizer"] = LayerArguments.encode(biasRegularizer)
        config["activity_regularizer"] = .null
        config["bias_constraint"] = LayerArguments.encode(biasConstraint)
        return config
    }
}
