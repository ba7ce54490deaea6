/// A compute backend: the kernels that `K` runs on, over contiguous row-major tensors.
///
/// The protocol is the `K` surface seen from below. Every backend must run every primitive
/// kernel; the reference backend (pure Swift) does, and plugin backends reach the rest through
/// per-kernel fallback to it. The kernels take tensors whose shapes have already been validated
/// by `K` (ranks, broadcastability, axis ranges) and return a new tensor; they never see the
/// autodiff graph, and they never throw: a kernel that cannot run traps with the op and shapes,
/// and a plugin that declines one falls back (see the plugin guide).
///
/// The composite kernels at the end have default implementations written with the primitives;
/// a backend overrides one when it has something faster (oneDNN's softmax, OpenBLAS's fused
/// dense).
///
/// Mirrors the role of Keras 2's `keras.backend.<name>_backend` modules.
public protocol Backend: AnyObject, Sendable {
    /// The backend's name as used in `keras.json` (`"reference"`, `"openblas"`, …).
    var name: String { get }

    // MARK: Element-wise

    /// `op(x)` element-wise. Float ops take `float32`/`float64`; `abs`, `negative`, `sign`,
    /// `square` also take integers; `logicalNot` takes `bool`. The result has `x`'s dtype except
    /// for `isNaN`, `isInf`, `isFinite` (`bool`).
    func unary(_ op: UnaryOp, _ x: Tensor) -> Tensor

    /// `op(a, b)` with numpy broadcasting; `a` and `b` have the same dtype.
    func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) -> Tensor

    /// `condition ? a : b` element-wise with numpy broadcasting of all three; `condition` is `bool`,
    /// `a` and `b` share a dtype.
    func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor

    /// Converts elements to `dtype` like `tf.cast`: float → int truncates toward zero, non-zero → `true`.
    func cast(_ x: Tensor, to dtype: DType) -> Tensor

    // MARK: Reductions

    /// Reduces over `axes` (sorted, unique, possibly empty: then a copy). `mean` of integers
    /// truncates like TensorFlow; `any`/`all` take `bool`.
    func reduce(_ op: ReduceOp, _ x: Tensor, axes: [Int], keepDims: Bool) -> Tensor

    /// Index of the maximum or minimum along `axis` (removed from the shape), `int64`.
    func argReduce(_ op: ArgReduceOp, _ x: Tensor, axis: Int) -> Tensor

    /// Running sum or product along `axis`, same shape.
    func cumulative(_ op: CumulativeOp, _ x: Tensor, axis: Int, exclusive: Bool, reverse: Bool) -> Tensor

    // MARK: Linear algebra

    /// Batched matrix product with numpy `matmul` broadcasting of the leading dimensions:
    /// `a (…, M, K) · b (…, K, N) → (…, M, N)`, after optionally transposing the last two axes of
    /// either operand. Both ranks ≥ 2, float dtypes.
    func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor

    // MARK: Layout

    /// `out.shape[i] = x.shape[permutation[i]]`.
    func transpose(_ x: Tensor, permutation: [Int]) -> Tensor

    /// `x[start[i] ..< start[i] + size[i]*strides[i] by strides[i]]` on every axis (strides ≥ 1).
    func slice(_ x: Tensor, start: [Int], size: [Int], strides: [Int]) -> Tensor

    /// Joins tensors of equal rank and dtype along `axis`; other dimensions match.
    func concatenate(_ xs: [Tensor], axis: Int) -> Tensor

    /// Pads every axis with `before[i]` and `after[i]` copies of `value` (both ≥ 0).
    func pad(_ x: Tensor, before: [Int], after: [Int], value: Double) -> Tensor

    /// Repeats the whole tensor `multiples[i]` times along each axis (`tf.tile`).
    func tile(_ x: Tensor, multiples: [Int]) -> Tensor

    /// Broadcasts `x` to `shape` (numpy rules; `shape.count ≥ x.rank`).
    func broadcast(_ x: Tensor, to shape: [Int]) -> Tensor

    /// Reverses the order of elements along each of `axes`.
    func reverse(_ x: Tensor, axes: [Int]) -> Tensor

    /// Takes slices of `x` along `axis` at `indices` (int32/int64, each in `0..<x.shape[axis]`):
    /// shape `x.shape[..<axis] + indices.shape + x.shape[(axis+1)...]`.
    func gather(_ x: Tensor, indices: Tensor, axis: Int) -> Tensor

    /// The adjoint of ``gather(_:indices:axis:)``: a zero tensor of `shape` with each slice of
    /// `updates` added at its index (repeated indices accumulate).
    func scatterAdd(_ updates: Tensor, indices: Tensor, axis: Int, shape: [Int]) -> Tensor

    // MARK: Convolution and pooling (channels-last)

    /// Convolution forward; see ``ConvolutionParameters`` for layouts.
    func convolution(_ x: Tensor, kernel: Tensor, _ p: ConvolutionParameters) -> Tensor

    /// Gradient of the convolution with respect to its input, of shape `inputShape`; also the
    /// transposed convolution.
    func convolutionBackwardInput(_ dy: Tensor, kernel: Tensor, inputShape: [Int], _ p: ConvolutionParameters) -> Tensor

    /// Gradient of the convolution with respect to its kernel, of shape `kernelShape`.
    func convolutionBackwardKernel(_ x: Tensor, _ dy: Tensor, kernelShape: [Int], _ p: ConvolutionParameters) -> Tensor

    /// Max or average pooling forward.
    func pool(_ x: Tensor, _ p: PoolingParameters) -> Tensor

    /// Gradient of pooling with respect to `x`: max routes `dy` to the first maximum of each
    /// window; average spreads it over the window's valid cells.
    func poolBackward(_ x: Tensor, _ dy: Tensor, _ p: PoolingParameters) -> Tensor

    // MARK: Composites (default implementations in the core; override when faster)

    /// `exp(x − max) / Σ exp(x − max)` along `axis`.
    func softmax(_ x: Tensor, axis: Int) -> Tensor

    /// `x − max − log Σ exp(x − max)` along `axis`.
    func logSoftmax(_ x: Tensor, axis: Int) -> Tensor

    /// `x · w (+ bias)`: `x (…, K)`, `w (K, N)`, `bias (N)` → `(…, N)`. The `Dense` forward.
    func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor

    // MARK: Fused activations (ABI 1.1; default implementations in Composites/)

    /// `f(x)` element-wise for the activation `p` names, with Keras's parameters (relu's
    /// `alpha`, `maxValue`, `threshold`; elu's `alpha`); float dtypes, same shape and dtype.
    /// The default composes it from the primitives (Composites/ActivationComposites.swift).
    func activation(_ x: Tensor, _ p: ActivationParameters) -> Tensor

    /// `dy · f′(x)` for the activation `p` names, `x` its input: the gradient Keras's
    /// TensorFlow autodiff gives, including its choices at the kinks (relu′(0) = 0).
    func activationBackward(_ x: Tensor, _ dy: Tensor, _ p: ActivationParameters) -> Tensor

    /// `f(x · weight (+ bias))`: ``linear(_:weight:bias:)`` then ``activation(_:_:)``, the
    /// whole `Dense` forward. `x (…, K)`, `weight (K, N)`, `bias (N)` → `(…, N)`.
    func linearActivation(_ x: Tensor, weight: Tensor, bias: Tensor?, _ p: ActivationParameters) -> Tensor

    /// `f(convolution(x, kernel) (+ bias))`: ``convolution(_:kernel:_:)``, the bias added on the
    /// channel (last) axis, then ``activation(_:_:)`` — a convolution layer's whole forward.
    /// `bias (outChannels)` may be nil.
    func convolutionActivation(_ x: Tensor, kernel: Tensor, bias: Tensor?, _ p: ConvolutionParameters,
                               _ activation: ActivationParameters) -> Tensor

    // MARK: Normalisation (ABI 1.1; default implementations in Composites/)

    /// Batch normalisation with given statistics (inference):
    /// `(x − mean) / sqrt(variance + ε) · gamma + beta`, per channel along `p.axis`.
    /// `mean`, `variance`, `gamma`, `beta` hold `x.shape[p.axis]` elements; `gamma`/`beta` may be
    /// nil (no scale, no shift). Output: `x`'s shape. The inference forward of Keras's
    /// `BatchNormalization`.
    func batchNormalization(_ x: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?, beta: Tensor?,
                            _ p: NormalizationParameters) -> Tensor

    /// Training-mode batch normalisation: the batch's mean and biased variance per channel (over
    /// every axis but `p.axis`), each of shape `[x.shape[p.axis]]`, and `x` normalised with them.
    func batchNormalizationTraining(_ x: Tensor, gamma: Tensor?, beta: Tensor?,
                                    _ p: NormalizationParameters) -> (output: Tensor, mean: Tensor, variance: Tensor)

    /// Gradient of ``batchNormalizationTraining(_:gamma:beta:_:)`` (the statistics are functions
    /// of `x`), given the statistics it returned: `dx` (`x`'s shape) and, per channel,
    /// `dgamma = Σ dy·x̂`, `dbeta = Σ dy` (always computed; a nil `gamma` is a scale of 1).
    func batchNormalizationBackward(_ x: Tensor, _ dy: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?,
                                    _ p: NormalizationParameters) -> (dx: Tensor, dgamma: Tensor, dbeta: Tensor)

    /// Layer normalisation over the trailing axes `p.axis..<rank` taken together:
    /// each leading row is normalised with its own mean and biased variance, then scaled by
    /// `gamma` and shifted by `beta` (shape `x.shape[p.axis...]`, either may be nil). Returns the
    /// output (`x`'s shape) and the statistics (shape `x.shape[..<p.axis]`) for the backward pass.
    func layerNormalization(_ x: Tensor, gamma: Tensor?, beta: Tensor?,
                            _ p: NormalizationParameters) -> (output: Tensor, mean: Tensor, variance: Tensor)

    /// Gradient of ``layerNormalization(_:gamma:beta:_:)`` given its statistics: `dx`, and
    /// `dgamma = Σ dy·x̂`, `dbeta = Σ dy` over the rows (shape `x.shape[p.axis...]`).
    func layerNormalizationBackward(_ x: Tensor, _ dy: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?,
                                    _ p: NormalizationParameters) -> (dx: Tensor, dgamma: Tensor, dbeta: Tensor)

    // MARK: Recurrent sequences (ABI 1.1; default implementations in Composites/)

    /// A whole recurrent sequence (SimpleRNN, LSTM or Keras's `reset_after` GRU; see
    /// ``RecurrentCell`` for gate orders and weight layouts).
    ///
    /// `inputs`: x `(batch, time, features)`, h0 `(batch, units)`, [c0 `(batch, units)`: LSTM],
    /// kernel `(features, G·units)`, recurrent kernel `(units, G·units)`, bias (`(G·units)`,
    /// GRU `(2, 3·units)`; zeros when the layer has none). Returns the sequence
    /// `(batch, time, units)`, hT, [cT]; `sequence[:, t]` is the output after `t + 1` steps, and
    /// with `goBackwards` the steps read x from its last time step to its first (Keras's order).
    func recurrent(_ p: RecurrentParameters, _ inputs: [Tensor]) -> [Tensor]

    /// The gradient of ``recurrent(_:_:)``: `inputs` are its inputs, then d_sequence, dhT,
    /// [dcT]; returns dx, dh0, [dc0], dkernel, drecurrentKernel, dbias.
    func recurrentBackward(_ p: RecurrentParameters, _ inputs: [Tensor]) -> [Tensor]

    // MARK: ABI 1.2 (default implementations in Composites/)

    /// ``recurrent(_:_:)`` for training: the outputs and, when the backend keeps the forward's
    /// state for the gradient, a workspace to hand to ``recurrentBackward(_:_:workspace:)``
    /// (nil: the backward recomputes what it needs).
    func recurrentTraining(_ p: RecurrentParameters, _ inputs: [Tensor]) -> (outputs: [Tensor], workspace: Tensor?)

    /// ``recurrentBackward(_:_:)`` reading the workspace ``recurrentTraining(_:_:)`` filled for
    /// the same inputs, on the same backend.
    func recurrentBackward(_ p: RecurrentParameters, _ inputs: [Tensor], workspace: Tensor) -> [Tensor]

    /// One optimizer update in place: `tensors` are the variable, its gradient and the
    /// optimizer's slots (``OptimizerParameters`` says which), their storages uniquely
    /// owned by the caller. Returns false when the backend leaves it to the host's Swift loops.
    func optimizerUpdate(_ p: OptimizerParameters, _ tensors: [Tensor]) -> Bool
}
