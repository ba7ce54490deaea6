/// The kernels a backend plugin provides: one optional closure per slot of `keras_backend`.
///
/// Leave a kernel `nil` to let the host run it on its reference backend; throw
/// ``KernelError/unimplemented(_:)`` from a kernel to decline particular operands. Outputs are
/// allocated by the host with the right shape and dtype; a kernel fills every element. The
/// host has already validated shapes, dtypes and axes (the contract of each kernel is the
/// `Backend` protocol's in SwiftKeras, summarised in `keras_plugin.h`).
///
/// ```swift
/// var kernels = BackendKernels()
/// kernels.matmul = { a, b, transposeA, transposeB, out in try gemm(a, b, transposeA, transposeB, out) }
/// kernels.supports = { query in query.input(0).dtype?.isFloatingPoint ?? false }
/// ```
public struct BackendKernels: Sendable {
    public typealias Tensor = TensorView

    /// Answers "would you run this?" before each call and when the host plans or reports
    /// coverage; `false` makes the host fall back without calling the kernel. Must be cheap.
    public var supports: (@Sendable (OpQuery) -> Bool)?

    /// Told the thread count after initialisation and whenever it changes.
    public var setThreads: (@Sendable (Int) -> Void)?

    // MARK: Element-wise
    public var unary: (@Sendable (UnaryOp, _ x: Tensor, _ out: Tensor) throws -> Void)?
    public var binary: (@Sendable (BinaryOp, _ a: Tensor, _ b: Tensor, _ out: Tensor) throws -> Void)?
    public var select: (@Sendable (_ condition: Tensor, _ a: Tensor, _ b: Tensor, _ out: Tensor) throws -> Void)?
    /// Converts to `out.dtype`.
    public var cast: (@Sendable (_ x: Tensor, _ out: Tensor) throws -> Void)?

    // MARK: Reductions
    public var reduce: (@Sendable (ReduceOp, _ x: Tensor, _ axes: [Int], _ keepDims: Bool, _ out: Tensor) throws -> Void)?
    public var argReduce: (@Sendable (ArgReduceOp, _ x: Tensor, _ axis: Int, _ out: Tensor) throws -> Void)?
    public var cumulative: (@Sendable (CumulativeOp, _ x: Tensor, _ axis: Int, _ exclusive: Bool, _ reverse: Bool, _ out: Tensor) throws -> Void)?

    // MARK: Linear algebra
    public var matmul: (@Sendable (_ a: Tensor, _ b: Tensor, _ transposeA: Bool, _ transposeB: Bool, _ out: Tensor) throws -> Void)?

    // MARK: Layout
    public var transpose: (@Sendable (_ x: Tensor, _ permutation: [Int], _ out: Tensor) throws -> Void)?
    /// The slice sizes are `out`'s shape.
    public var slice: (@Sendable (_ x: Tensor, _ start: [Int], _ strides: [Int], _ out: Tensor) throws -> Void)?
    public var concatenate: (@Sendable (_ xs: [Tensor], _ axis: Int, _ out: Tensor) throws -> Void)?
    public var pad: (@Sendable (_ x: Tensor, _ before: [Int], _ after: [Int], _ value: Double, _ out: Tensor) throws -> Void)?
    public var tile: (@Sendable (_ x: Tensor, _ multiples: [Int], _ out: Tensor) throws -> Void)?
    /// Broadcasts to `out`'s shape.
    public var broadcast: (@Sendable (_ x: Tensor, _ out: Tensor) throws -> Void)?
    public var reverse: (@Sendable (_ x: Tensor, _ axes: [Int], _ out: Tensor) throws -> Void)?
    public var gather: (@Sendable (_ x: Tensor, _ indices: Tensor, _ axis: Int, _ out: Tensor) throws -> Void)?
    public var scatterAdd: (@Sendable (_ updates: Tensor, _ indices: Tensor, _ axis: Int, _ out: Tensor) throws -> Void)?

    // MARK: Convolution and pooling
    public var convolution: (@Sendable (_ x: Tensor, _ kernel: Tensor, ConvolutionParameters, _ out: Tensor) throws -> Void)?
    public var convolutionBackwardInput: (@Sendable (_ dy: Tensor, _ kernel: Tensor, ConvolutionParameters, _ out: Tensor) throws -> Void)?
    public var convolutionBackwardKernel: (@Sendable (_ x: Tensor, _ dy: Tensor, ConvolutionParameters, _ out: Tensor) throws -> Void)?
    public var pool: (@Sendable (_ x: Tensor, PoolingParameters, _ out: Tensor) throws -> Void)?
    public var poolBackward: (@Sendable (_ x: Tensor, _ dy: Tensor, PoolingParameters, _ out: Tensor) throws -> Void)?

    // MARK: Composites (nil: the host composes them from the primitives)
    public var softmax: (@Sendable (_ x: Tensor, _ axis: Int, _ out: Tensor) throws -> Void)?
    public var logSoftmax: (@Sendable (_ x: Tensor, _ axis: Int, _ out: Tensor) throws -> Void)?
    public var linear: (@Sendable (_ x: Tensor, _ weight: Tensor, _ bias: Tensor?, _ out: Tensor) throws -> Void)?

    // MARK: ABI 1.1 composites (nil: the host composes them from the primitives)
    public var activation: (@Sendable (_ x: Tensor, ActivationParameters, _ out: Tensor) throws -> Void)?
    /// `dx = dy · f′(x)`.
    public var activationBackward: (@Sendable (_ x: Tensor, _ dy: Tensor, ActivationParameters, _ dx: Tensor) throws -> Void)?
    /// `f(x · weight (+ bias))`.
    public var linearActivation: (@Sendable (_ x: Tensor, _ weight: Tensor, _ bias: Tensor?, ActivationParameters, _ out: Tensor) throws -> Void)?
    public var batchNormalization: (@Sendable (_ x: Tensor, _ mean: Tensor, _ variance: Tensor, _ gamma: Tensor?, _ beta: Tensor?,
                                               NormalizationParameters, _ out: Tensor) throws -> Void)?
    public var batchNormalizationTraining: (@Sendable (_ x: Tensor, _ gamma: Tensor?, _ beta: Tensor?, NormalizationParameters,
                                                       _ out: Tensor, _ mean: Tensor, _ variance: Tensor) throws -> Void)?
    public var batchNormalizationBackward: (@Sendable (_ x: Tensor, _ dy: Tensor, _ mean: Tensor, _ variance: Tensor, _ gamma: Tensor?,
                                                       NormalizationParameters, _ dx: Tensor, _ dgamma: Tensor, _ dbeta: Tensor) throws -> Void)?
    public var layerNormalization: (@Sendable (_ x: Tensor, _ gamma: Tensor?, _ beta: Tensor?, NormalizationParameters,
                                               _ out: Tensor, _ mean: Tensor, _ variance: Tensor) throws -> Void)?
    public var layerNormalizationBackward: (@Sendable (_ x: Tensor, _ dy: Tensor, _ mean: Tensor, _ variance: Tensor, _ gamma: Tensor?,
                                                       NormalizationParameters, _ dx: Tensor, _ dgamma: Tensor, _ dbeta: Tensor) throws -> Void)?
    /// `f(convolution(x, kernel) (+ bias))`: a convolution layer's whole forward.
    public var convolutionActivation: (@Sendable (_ x: Tensor, _ kernel: Tensor, _ bias: Tensor?, ConvolutionParameters,
                                                  ActivationParameters, _ out: Tensor) throws -> Void)?
    /// Inputs and outputs in the order of `keras_plugin.h`'s `recurrent`.
    public var recurrent: (@Sendable (RecurrentParameters, _ inputs: [Tensor], _ outputs: [Tensor]) throws -> Void)?
    /// Inputs and outputs in the order of `keras_plugin.h`'s `recurrent_backward`.
    public var recurrentBackward: (@Sendable (RecurrentParameters, _ inputs: [Tensor], _ outputs: [Tensor]) throws -> Void)?

    // MARK: ABI 1.2 (provide the three recurrent workspace kernels together, or none)
    /// The bytes `recurrentTraining` needs in its workspace for these inputs (`recurrent`'s;
    /// their data may be absent while the host plans).
    public var recurrentWorkspaceSize: (@Sendable (RecurrentParameters, _ inputs: [Tensor]) throws -> Int)?
    /// `recurrent`'s forward, also filling `workspace` (UINT8, 64-byte aligned) for the backward.
    public var recurrentTraining: (@Sendable (RecurrentParameters, _ inputs: [Tensor], _ outputs: [Tensor], _ workspace: Tensor) throws -> Void)?
    /// `recurrentBackward`'s contract, reading the workspace the training forward filled.
    public var recurrentBackwardWorkspace: (@Sendable (RecurrentParameters, _ inputs: [Tensor], _ workspace: Tensor, _ outputs: [Tensor]) throws -> Void)?
    /// One optimizer update in place: `tensors` are the variable (written), its gradient, then the
    /// optimizer's slots (written); the formulas are `keras_plugin.h`'s (Keras 3's).
    /// Throw ``KernelError/unimplemented(_:)`` to leave an update to the host's Swift loop.
    public var optimizerUpdate: (@Sendable (OptimizerParameters, _ tensors: [Tensor]) throws -> Void)?

    public init() {}
}
