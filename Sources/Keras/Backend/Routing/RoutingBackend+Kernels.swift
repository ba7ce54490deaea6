import KerasKernelTypes

// Every kernel of the routing backend: the work of the call (elements, or multiply-adds), one
// table lookup, one call. Primitives go to a member (which falls back to the reference backend
// itself when it does not run one); composites go to a member or are composed here from the
// routed primitives.
extension RoutingBackend {
    // MARK: Element-wise and reductions

    public func unary(_ op: UnaryOp, _ x: Tensor) -> Tensor {
        member(.unary, op.rawValue, x.dtype, elementCount(x.shape)).unary(op, x)
    }

    public func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) -> Tensor {
        member(.binary, op.rawValue, a.dtype, max(elementCount(a.shape), elementCount(b.shape))).binary(op, a, b)
    }

    public func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        member(.select, 0, a.dtype, max(elementCount(a.shape), elementCount(b.shape), elementCount(condition.shape))).select(condition, a, b)
    }

    public func cast(_ x: Tensor, to dtype: DType) -> Tensor {
        member(.cast, 0, x.dtype, elementCount(x.shape)).cast(x, to: dtype)
    }

    public func reduce(_ op: ReduceOp, _ x: Tensor, axes: [Int], keepDims: Bool) -> Tensor {
        member(.reduce, op.rawValue, x.dtype, elementCount(x.shape)).reduce(op, x, axes: axes, keepDims: keepDims)
    }

    public func argReduce(_ op: ArgReduceOp, _ x: Tensor, axis: Int) -> Tensor {
        member(.argReduce, op.rawValue, x.dtype, elementCount(x.shape)).argReduce(op, x, axis: axis)
    }

    public func cumulative(_ op: CumulativeOp, _ x: Tensor, axis: Int, exclusive: Bool, reverse: Bool) -> Tensor {
        member(.cumulative, op.rawValue, x.dtype, elementCount(x.shape)).cumulative(op, x, axis: axis, exclusive: exclusive, reverse: reverse)
    }

    public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
        // batch·M·K (a's elements) times N.
        let n = b.shape.isEmpty ? 1 : (transposeB ? b.shape[b.shape.count - 2] : b.shape[b.shape.count - 1])
        return member(.matmul, 0, a.dtype, elementCount(a.shape) &* n).matmul(a, b, transposeA: transposeA, transposeB: transposeB)
    }

    // MARK: Layout

    public func transpose(_ x: Tensor, permutation: [Int]) -> Tensor {
        member(.transpose, 0, x.dtype, elementCount(x.shape)).transpose(x, permutation: permutation)
    }

    public func slice(_ x: Tensor, start: [Int], size: [Int], strides: [Int]) -> Tensor {
        member(.slice, 0, x.dtype, elementCount(size)).slice(x, start: start, size: size, strides: strides)
    }

    public func concatenate(_ xs: [Tensor], axis: Int) -> Tensor {
        let first = xs.first
        return member(.concatenate, 0, first?.dtype ?? .float32, (first.map { elementCount($0.shape) } ?? 0) &* xs.count)
            .concatenate(xs, axis: axis)
    }

    public func pad(_ x: Tensor, before: [Int], after: [Int], value: Double) -> Tensor {
        member(.pad, 0, x.dtype, elementCount(x.shape)).pad(x, before: before, after: after, value: value)
    }

    public func tile(_ x: Tensor, multiples: [Int]) -> Tensor {
        member(.tile, 0, x.dtype, elementCount(x.shape) &* elementCount(multiples)).tile(x, multiples: multiples)
    }

    public func broadcast(_ x: Tensor, to shape: [Int]) -> Tensor {
        member(.broadcast, 0, x.dtype, elementCount(shape)).broadcast(x, to: shape)
    }

    public func reverse(_ x: Tensor, axes: [Int]) -> Tensor {
        member(.reverse, 0, x.dtype, elementCount(x.shape)).reverse(x, axes: axes)
    }

    public func gather(_ x: Tensor, indices: Tensor, axis: Int) -> Tensor {
        member(.gather, 0, x.dtype, elementCount(x.shape)).gather(x, indices: indices, axis: axis)
    }

    public func scatterAdd(_ updates: Tensor, indices: Tensor, axis: Int, shape: [Int]) -> Tensor {
        member(.scatterAdd, 0, updates.dtype, elementCount(updates.shape)).scatterAdd(updates, indices: indices, axis: axis, shape: shape)
    }

    // MARK: Convolution and pooling

    public func convolution(_ x: Tensor, kernel: Tensor, _ p: ConvolutionParameters) -> Tensor {
        member(.convolution, 0, x.dtype, Self.convolutionWork(x.shape, kernel.shape)).convolution(x, kernel: kernel, p)
    }

    public func convolutionBackwardInput(_ dy: Tensor, kernel: Tensor, inputShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        member(.convolutionBackwardInput, 0, dy.dtype, Self.convolutionWork(dy.shape, kernel.shape))
            .convolutionBackwardInput(dy, kernel: kernel, inputShape: inputShape, p)
    }

    public func convolutionBackwardKernel(_ x: Tensor, _ dy: Tensor, kernelShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        member(.convolutionBackwardKernel, 0, x.dtype, Self.convolutionWork(dy.shape, kernelShape))
            .convolutionBackwardKernel(x, dy, kernelShape: kernelShape, p)
    }

    public func pool(_ x: Tensor, _ p: PoolingParameters) -> Tensor {
        member(.pool, p.mode.rawValue, x.dtype, elementCount(x.shape)).pool(x, p)
    }

    public func poolBackward(_ x: Tensor, _ dy: Tensor, _ p: PoolingParameters) -> Tensor {
        member(.poolBackward, p.mode.rawValue, x.dtype, elementCount(x.shape)).poolBackward(x, dy, p)
    }

    /// Multiply-adds of a convolution whose one side (`activations`: the input forward, the
    /// output's gradient backward) has `activations.last` channels: every position of it times
    /// the kernel's elements over those channels.
    @inline(__always)
    static func convolutionWork(_ activations: [Int], _ kernel: [Int]) -> Int {
        let channels = max(1, activations.last ?? 1)
        return elementCount(activations) / channels &* elementCount(kernel)
    }

    // MARK: Composites

    public func softmax(_ x: Tensor, axis: Int) -> Tensor {
        composite(.softmax, 0, x.dtype, elementCount(x.shape))?.softmax(x, axis: axis) ?? composedSoftmax(x, axis: axis)
    }

    public func logSoftmax(_ x: Tensor, axis: Int) -> Tensor {
        composite(.logSoftmax, 0, x.dtype, elementCount(x.shape))?.logSoftmax(x, axis: axis) ?? composedLogSoftmax(x, axis: axis)
    }

    public func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        composite(.linear, 0, x.dtype, elementCount(x.shape) &* (weight.shape.last ?? 1))?.linear(x, weight: weight, bias: bias)
            ?? composedLinear(x, weight: weight, bias: bias)
    }

    public func activation(_ x: Tensor, _ p: ActivationParameters) -> Tensor {
        composite(.activation, p.op.rawValue, x.dtype, elementCount(x.shape))?.activation(x, p)
            ?? ActivationComposition(backend: self, x: x).value(p)
    }

    public func activationBackward(_ x: Tensor, _ dy: Tensor, _ p: ActivationParameters) -> Tensor {
        composite(.activationBackward, p.op.rawValue, x.dtype, elementCount(x.shape))?.activationBackward(x, dy, p)
            ?? ActivationComposition(backend: self, x: x).gradient(dy, p)
    }

    public func linearActivation(_ x: Tensor, weight: Tensor, bias: Tensor?, _ p: ActivationParameters) -> Tensor {
        composite(.linearActivation, p.op.rawValue, x.dtype, elementCount(x.shape) &* (weight.shape.last ?? 1))?
            .linearActivation(x, weight: weight, bias: bias, p) ?? composedLinearActivation(x, weight: weight, bias: bias, p)
    }

    public func convolutionActivation(_ x: Tensor, kernel: Tensor, bias: Tensor?, _ p: ConvolutionParameters,
                                      _ activation: ActivationParameters) -> Tensor {
        composite(.convolutionActivation, activation.op.rawValue, x.dtype, Self.convolutionWork(x.shape, kernel.shape))?
            .convolutionActivation(x, kernel: kernel, bias: bias, p, activation)
            ?? composedConvolutionActivation(x, kernel: kernel, bias: bias, p, activation)
    }

    public func batchNormalization(_ x: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?, beta: Tensor?,
                                   _ p: NormalizationParameters) -> Tensor {
        composite(.batchNormalization, 0, x.dtype, elementCount(x.shape))?
            .batchNormalization(x, mean: mean, variance: variance, gamma: gamma, beta: beta, p)
            ?? NormalizationComposites.batchNormalization(self, x, mean: mean, variance: variance, gamma: gamma, beta: beta, p)
    }

    public func batchNormalizationTraining(_ x: Tensor, gamma: Tensor?, beta: Tensor?,
                                           _ p: NormalizationParameters) -> (output: Tensor, mean: Tensor, variance: Tensor) {
        composite(.batchNormalizationTraining, 0, x.dtype, elementCount(x.shape))?.batchNormalizationTraining(x, gamma: gamma, beta: beta, p)
            ?? NormalizationComposites.batchNormalizationTraining(self, x, gamma: gamma, beta: beta, p)
    }

    public func batchNormalizationBackward(_ x: Tensor, _ dy: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?,
                                           _ p: NormalizationParameters) -> (dx: Tensor, dgamma: Tensor, dbeta: Tensor) {
        composite(.batchNormalizationBackward, 0, x.dtype, elementCount(x.shape))?
            .batchNormalizationBackward(x, dy, mean: mean, variance: variance, gamma: gamma, p)
            ?? NormalizationComposites.batchNormalizationBackward(self, x, dy, mean: mean, variance: variance, gamma: gamma, p)
    }

    public func layerNormalization(_ x: Tensor, gamma: Tensor?, beta: Tensor?,
                                   _ p: NormalizationParameters) -> (output: Tensor, mean: Tensor, variance: Tensor) {
        composite(.layerNormalization, 0, x.dtype, elementCount(x.shape))?.layerNormalization(x, gamma: gamma, beta: beta, p)
            ?? NormalizationComposites.layerNormalization(self, x, gamma: gamma, beta: beta, p)
    }

    public func layerNormalizationBackward(_ x: Tensor, _ dy: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?,
                                           _ p: NormalizationParameters) -> (dx: Tensor, dgamma: Tensor, dbeta: Tensor) {
        composite(.layerNormalizationBackward, 0, x.dtype, elementCount(x.shape))?
            .layerNormalizationBackward(x, dy, mean: mean, variance: variance, gamma: gamma, p)
            ?? NormalizationComposites.layerNormalizationBackward(self, x, dy, mean: mean, variance: variance, gamma: gamma, p)
    }

    // MARK: Recurrent sequences and optimizer updates

    public func recurrent(_ p: RecurrentParameters, _ inputs: [Tensor]) -> [Tensor] {
        composite(.recurrent, p.cell.rawValue, inputs[0].dtype, Self.recurrentWork(p, inputs))?.recurrent(p, inputs)
            ?? composedRecurrent(p, inputs)
    }

    public func recurrentBackward(_ p: RecurrentParameters, _ inputs: [Tensor]) -> [Tensor] {
        composite(.recurrentBackward, p.cell.rawValue, inputs[0].dtype, Self.recurrentWork(p, inputs))?.recurrentBackward(p, inputs)
            ?? composedRecurrentBackward(p, inputs)
    }

    /// Routed by the forward operands; ``recurrentBackward(_:_:workspace:)`` looks up the same
    /// entry, so the workspace goes back to the plugin that filled it.
    public func recurrentTraining(_ p: RecurrentParameters, _ inputs: [Tensor]) -> (outputs: [Tensor], workspace: Tensor?) {
        guard let owner = composite(.recurrentTraining, p.cell.rawValue, inputs[0].dtype, Self.recurrentWork(p, inputs)) else {
            return (recurrent(p, inputs), nil)
        }
        return owner.recurrentTraining(p, inputs)
    }

    public func recurrentBackward(_ p: RecurrentParameters, _ inputs: [Tensor], workspace: Tensor) -> [Tensor] {
        // `inputs` start with the forward's: the same work, dtype and therefore the same owner.
        guard let owner = composite(.recurrentTraining, p.cell.rawValue, inputs[0].dtype, Self.recurrentWork(p, inputs)) else {
            return recurrentBackward(p, inputs)
        }
        return owner.recurrentBackward(p, inputs, workspace: workspace)
    }

    public func optimizerUpdate(_ p: OptimizerParameters, _ tensors: [Tensor]) -> Bool {
        guard let first = tensors.first,
              let owner = composite(.optimizerUpdate, p.op.rawValue, first.dtype, elementCount(first.shape)) else { return false }
        return owner.optimizerUpdate(p, tensors)
    }

    /// Multiply-adds of a sequence: batch · time · (features + units) · gates·units, from x
    /// (`inputs[0]`) and the kernel (`(features, G·units)`, after x and the initial states).
    @inline(__always)
    static func recurrentWork(_ p: RecurrentParameters, _ inputs: [Tensor]) -> Int {
        let k = 1 + p.cell.stateCount
        guard inputs.count > k + 1, inputs[0].shape.count == 3, inputs[k].shape.count == 2 else { return 0 }
        let x = inputs[0].shape, gates = inputs[k].shape[1], units = inputs[k + 1].shape[0]
        return x[0] &* x[1] &* (x[2] &+ units) &* gates
    }
}
