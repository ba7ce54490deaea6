@_exported import CKerasABI
@_exported import KerasKernelTypes

/// The kernel slots of a backend, as `supports` queries name them (``BackendKernel``, whose
/// ``BackendKernel/spec`` is its row in the kernel table).
public typealias Kernel = BackendKernel

/// What a `supports` query asks: would the backend run ``kernel`` (and ``op``) on these
/// operands? Input data may be absent (`nil` pointers) when the host is only planning.
public struct OpQuery {
    /// The host's query.
    public let query: UnsafePointer<keras_op_query>

    public init(_ query: UnsafePointer<keras_op_query>) { self.query = query }

    /// The kernel slot; `nil` for one this plugin does not know.
    public var kernel: Kernel? { Kernel(rawValue: query.pointee.kernel) }

    /// The op code of the kernel's op family (``KernelSpec/family``: the unary op, the pool mode,
    /// the activation, the recurrent cell, …), otherwise ``KernelSpec/noOpCode``. Convert with
    /// `UnaryOp(rawValue:)` and friends.
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

    /// The query's parameters, when the kernel table says the kernel takes `kind`.
    private func params<C>(_ kind: ParameterKind, as type: C.Type) -> UnsafePointer<C>? {
        guard let kernel, kernel.spec.parameters == kind, let params = query.pointee.params else { return nil }
        return params.assumingMemoryBound(to: C.self)
    }

    /// The convolution geometry, for the convolution kernels (`convolutionActivation` included).
    public var convolution: ConvolutionParameters? { params(.convolution, as: keras_conv_params.self).map(ConvolutionParameters.init) }

    /// The pooling geometry, for the pooling kernels.
    public var pooling: PoolingParameters? { params(.pooling, as: keras_pool_params.self).flatMap(PoolingParameters.init) }

    /// The activation, for the activation kernels (ABI 1.1; `convolutionActivation` carries the
    /// convolution geometry instead, and its activation as ``op``).
    public var activation: ActivationParameters? { params(.activation, as: keras_activation_params.self).flatMap(ActivationParameters.init) }

    /// The normalisation geometry, for the normalisation kernels (ABI 1.1).
    public var normalization: NormalizationParameters? {
        params(.normalization, as: keras_normalization_params.self).map(NormalizationParameters.init)
    }

    /// The cell and direction, for the recurrent kernels (ABI 1.1 and 1.2).
    public var recurrent: RecurrentParameters? { params(.recurrent, as: keras_recurrent_params.self).flatMap(RecurrentParameters.init) }

    /// The update, for `optimizerUpdate` (ABI 1.2).
    public var optimizer: OptimizerParameters? { params(.optimizer, as: keras_optimizer_params.self).flatMap(OptimizerParameters.init) }
}
