/// The geometry of an N-D channels-last convolution (`keras_conv_params`), as Swift arrays.
///
/// Input `(batch, spatial…, inChannels)`, kernel `(spatial…, inChannels / groups, outChannels)`,
/// output `(batch, outSpatial…, outChannels)`; output channel `o` belongs to group
/// `o / (outChannels / groups)`.
public struct ConvolutionParameters: Sendable, Hashable {
    public var strides: [Int]
    public var dilations: [Int]
    public var paddingBefore: [Int]
    public var paddingAfter: [Int]
    public var groups: Int

    /// Number of spatial dimensions (1, 2 or 3).
    public var spatialRank: Int { strides.count }

    public init(strides: [Int], dilations: [Int], paddingBefore: [Int], paddingAfter: [Int], groups: Int) {
        self.strides = strides
        self.dilations = dilations
        self.paddingBefore = paddingBefore
        self.paddingAfter = paddingAfter
        self.groups = groups
    }

    /// Reads the host's parameters.
    public init(_ params: UnsafePointer<keras_conv_params>) {
        let p = params.pointee
        let n = Int(p.spatial_rank)
        self.init(strides: Self.array(p.strides, n), dilations: Self.array(p.dilations, n),
                  paddingBefore: Self.array(p.padding_before, n), paddingAfter: Self.array(p.padding_after, n),
                  groups: Int(p.groups))
    }

    static func array(_ pointer: UnsafePointer<Int64>?, _ count: Int) -> [Int] {
        guard let pointer else { return [Int](repeating: 0, count: count) }
        return (0..<count).map { Int(pointer[$0]) }
    }
}

/// The geometry of an N-D channels-last pooling (`keras_pool_params`).
public struct PoolingParameters: Sendable, Hashable {
    public var mode: PoolMode
    public var window: [Int]
    public var strides: [Int]
    public var paddingBefore: [Int]
    public var paddingAfter: [Int]

    public var spatialRank: Int { window.count }

    public init(mode: PoolMode, window: [Int], strides: [Int], paddingBefore: [Int], paddingAfter: [Int]) {
        self.mode = mode
        self.window = window
        self.strides = strides
        self.paddingBefore = paddingBefore
        self.paddingAfter = paddingAfter
    }

    /// Reads the host's parameters; `nil` for a pooling mode this plugin does not know.
    public init?(_ params: UnsafePointer<keras_pool_params>) {
        let p = params.pointee
        guard let mode = PoolMode(rawValue: p.mode) else { return nil }
        let n = Int(p.spatial_rank)
        self.init(mode: mode, window: ConvolutionParameters.array(p.window, n),
                  strides: ConvolutionParameters.array(p.strides, n),
                  paddingBefore: ConvolutionParameters.array(p.padding_before, n),
                  paddingAfter: ConvolutionParameters.array(p.padding_after, n))
    }
}

/// An activation function and Keras's parameters for it (`keras_activation_params`, ABI 1.1).
public struct ActivationParameters: Sendable, Hashable {
    public var op: ActivationOp
    /// relu: the slope below the threshold; elu: alpha.
    public var alpha: Double
    /// relu: the upper bound (`.infinity` for none).
    public var maxValue: Double
    /// relu: the threshold.
    public var threshold: Double

    public init(op: ActivationOp, alpha: Double = 0, maxValue: Double = .infinity, threshold: Double = 0) {
        self.op = op
        self.alpha = alpha
        self.maxValue = maxValue
        self.threshold = threshold
    }

    /// Reads the host's parameters; `nil` for an activation this plugin does not know.
    public init?(_ params: UnsafePointer<keras_activation_params>) {
        let p = params.pointee
        guard let op = ActivationOp(rawValue: p.op) else { return nil }
        self.init(op: op, alpha: p.alpha, maxValue: p.max_value, threshold: p.threshold)
    }

    /// Whether this is plain `max(x, 0)`.
    public var isPlainReLU: Bool { op == .relu && alpha == 0 && maxValue == .infinity && threshold == 0 }
}

/// The geometry of batch or layer normalisation (`keras_normalization_params`, ABI 1.1): the
/// channel axis (batch) or the first normalised axis (layer), and epsilon.
public struct NormalizationParameters: Sendable, Hashable {
    public var axis: Int
    public var epsilon: Double

    public init(axis: Int, epsilon: Double) {
        self.axis = axis
        self.epsilon = epsilon
    }

    public init(_ params: UnsafePointer<keras_normalization_params>) {
        self.init(axis: Int(params.pointee.axis), epsilon: params.pointee.epsilon)
    }
}

/// A fused recurrent sequence's cell and direction (`keras_recurrent_params`, ABI 1.1).
public struct RecurrentParameters: Sendable, Hashable {
    public var cell: RecurrentCell
    /// SimpleRNN's activation (tanh, relu or sigmoid); ignored by the gated cells.
    public var activation: ActivationOp
    public var goBackwards: Bool

    public init(cell: RecurrentCell, activation: ActivationOp = .tanh, goBackwards: Bool = false) {
        self.cell = cell
        self.activation = activation
        self.goBackwards = goBackwards
    }

    /// Reads the host's parameters; `nil` for a cell or activation this plugin does not know.
    public init?(_ params: UnsafePointer<keras_recurrent_params>) {
        let p = params.pointee
        guard let cell = RecurrentCell(rawValue: p.cell), let activation = ActivationOp(rawValue: p.activation) else { return nil }
        self.init(cell: cell, activation: activation, goBackwards: p.go_backwards != 0)
    }
}

/// What a `supports` query asks: would the backend run ``kernel`` (and ``op``) on these
/// operands? Input data may be absent (`nil` pointers) when the host is only planning.
public struct OpQuery {
    /// The host's query.
    public let query: UnsafePointer<keras_op_query>

    public init(_ query: UnsafePointer<keras_op_query>) { self.query = query }

    /// The kernel slot; `nil` for one this plugin does not know.
    public var kernel: Kernel? { Kernel(rawValue: query.pointee.kernel) }

    /// The op code for unary / binary / reduce / argReduce / cumulative, the pool mode for
    /// pooling, otherwise -1. Convert with `UnaryOp(rawValue:)` and friends.
    public var op: Int32 { query.pointee.op }

    /// Number of operands.
    public var inputCount: Int { Int(query.pointee.input_count) }

    /// Operand `i`, in the kernel's argument order.
    public func input(_ i: Int) -> TensorView {
        precondition(i >= 0 && i < inputCount, "OpQuery: input \(i) out of range 0..<\(inputCount)")
        return TensorView(query.pointee.inputs! + i)
    }

    /// The output the host will allocate.
    public var output: TensorView { TensorView(query.pointee.output!) }

    /// The convolution geometry, for the convolution kernels.
    public var convolution: ConvolutionParameters? {
        guard let kernel, [.convolution, .convolutionBackwardInput, .convolutionBackwardKernel, .convolutionActivation].contains(kernel),
              let params = query.pointee.params else { return nil }
        return ConvolutionParameters(params.assumingMemoryBound(to: keras_conv_params.self))
    }

    /// The pooling geometry, for the pooling kernels.
    public var pooling: PoolingParameters? {
        guard let kernel, kernel == .pool || kernel == .poolBackward, let params = query.pointee.params else { return nil }
        return PoolingParameters(params.assumingMemoryBound(to: keras_pool_params.self))
    }

    /// The activation, for the activation kernels (ABI 1.1).
    public var activation: ActivationParameters? {
        guard let kernel, [.activation, .activationBackward, .linearActivation].contains(kernel),
              let params = query.pointee.params else { return nil }
        return ActivationParameters(params.assumingMemoryBound(to: keras_activation_params.self))
    }

    /// The normalisation geometry, for the normalisation kernels (ABI 1.1).
    public var normalization: NormalizationParameters? {
        guard let kernel, [.batchNormalization, .batchNormalizationTraining, .batchNormalizationBackward,
                           .layerNormalization, .layerNormalizationBackward].contains(kernel),
              let params = query.pointee.params else { return nil }
        return NormalizationParameters(params.assumingMemoryBound(to: keras_normalization_params.self))
    }

    /// The cell and direction, for the recurrent kernels (ABI 1.1).
    public var recurrent: RecurrentParameters? {
        guard let kernel, kernel == .recurrent || kernel == .recurrentBackward, let params = query.pointee.params else { return nil }
        return RecurrentParameters(params.assumingMemoryBound(to: keras_recurrent_params.self))
    }
}
