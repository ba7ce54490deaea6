import KerasKernelTypes

// The one list of forwarded kernels: every `Backend` kernel of a `ForwardingBackend`, as one
// `forward` call with the kernel, its op code (0 without a family), the dtype and work of the
// call (elements, or multiply-adds), the operands a report shows, and the call itself;
// composites also say how to compose them from this backend's own primitives (the `Backend`
// default). A new kernel adds one method here (KernelTableTests checks every kernel of the
// table reaches `forward`).
extension ForwardingBackend {
    // MARK: Element-wise and reductions

    public func unary(_ op: UnaryOp, _ x: Tensor) -> Tensor {
        forward(.unary, op: op.rawValue, dtype: x.dtype, work: elementCount(x.shape), operands: [x]) { $0.unary(op, x) }
    }

    public func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) -> Tensor {
        forward(.binary, op: op.rawValue, dtype: a.dtype, work: max(elementCount(a.shape), elementCount(b.shape)), operands: [a, b]) {
            $0.binary(op, a, b)
        }
    }

    public func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        forward(.select, op: 0, dtype: a.dtype, work: max(elementCount(a.shape), elementCount(b.shape), elementCount(condition.shape)),
                operands: [condition, a, b]) { $0.select(condition, a, b) }
    }

    public func cast(_ x: Tensor, to dtype: DType) -> Tensor {
        forward(.cast, op: 0, dtype: x.dtype, work: elementCount(x.shape), operands: [x]) { $0.cast(x, to: dtype) }
    }

    public func reduce(_ op: ReduceOp, _ x: Tensor, axes: [Int], keepDims: Bool) -> Tensor {
        forward(.reduce, op: op.rawValue, dtype: x.dtype, work: elementCount(x.shape), operands: [x]) {
            $0.reduce(op, x, axes: axes, keepDims: keepDims)
        }
    }

    public func argReduce(_ op: ArgReduceOp, _ x: Tensor, axis: Int) -> Tensor {
        forward(.argReduce, op: op.rawValue, dtype: x.dtype, work: elementCount(x.shape), operands: [x]) { $0.argReduce(op, x, axis: axis) }
    }

    public func cumulative(_ op: CumulativeOp, _ x: Tensor, axis: Int, exclusive: Bool, reverse: Bool) -> Tensor {
        forward(.cumulative, op: op.rawValue, dtype: x.dtype, work: elementCount(x.shape), operands: [x]) {
            $0.cumulative(op, x, axis: axis, exclusive: exclusive, reverse: reverse)
        }
    }

    public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
        // batch·M·K (a's elements) times N.
        forward(.matmul, op: 0, dtype: a.dtype, work: elementCount(a.shape) &* matmulColumns(b, transposeB), operands: [a, b]) {
            $0.matmul(a, b, transposeA: transposeA, transposeB: transposeB)
        }
    }

    // MARK: Layout

    public func transpose(_ x: Tensor, permutation: [Int]) -> Tensor {
        forward(.transpose, op: 0, dtype: x.dtype, work: elementCount(x.shape), operands: [x]) { $0.transpose(x, permutation: permutation) }
    }

    public func slice(_ x: Tensor, start: [Int], size: [Int], strides: [Int]) -> Tensor {
        forward(.slice, op: 0, dtype: x.dtype, work: elementCount(size), operands: [x]) { $0.slice(x, start: start, size: size, strides: strides) }
    }

    public func concatenate(_ xs: [Tensor], axis: Int) -> Tensor {
        let first = xs.first
        return forward(.concatenate, op: 0, dtype: first?.dtype ?? .float32, work: (first.map { elementCount($0.shape) } ?? 0) &* xs.count,
                       operands: xs) { $0.concatenate(xs, axis: axis) }
    }

    public func pad(_ x: Tensor, before: [Int], after: [Int], value: Double) -> Tensor {
        forward(.pad, op: 0, dtype: x.dtype, work: elementCount(x.shape), operands: [x]) { $0.pad(x, before: before, after: after, value: value) }
    }

    public func tile(_ x: Tensor, multiples: [Int]) -> Tensor {
        forward(.tile, op: 0, dtype: x.dtype, work: elementCount(x.shape) &* elementCount(multiples), operands: [x]) {
            $0.tile(x, multiples: multiples)
        }
    }

    public func broadcast(_ x: Tensor, to shape: [Int]) -> Tensor {
        forward(.broadcast, op: 0, dtype: x.dtype, work: elementCount(shape), operands: [x]) { $0.broadcast(x, to: shape) }
    }

    public func reverse(_ x: Tensor, axes: [Int]) -> Tensor {
        forward(.reverse, op: 0, dtype: x.dtype, work: elementCount(x.shape), operands: [x]) { $0.reverse(x, axes: axes) }
    }

    public func gather(_ x: Tensor, indices: Tensor, axis: Int) -> Tensor {
        forward(.gather, op: 0, dtype: x.dtype, work: elementCount(x.shape), operands: [x, indices]) { $0.gather(x, indices: indices, axis: axis) }
    }

    public func scatterAdd(_ updates: Tensor, indices: Tensor, axis: Int, shape: [Int]) -> Tensor {
        forward(.scatterAdd, op: 0, dtype: updates.dtype, work: elementCount(updates.shape), operands: [updates, indices]) {
            $0.scatterAdd(updates, indices: indices, axis: axis, shape: shape)
        }
    }

    // MARK: Convolution and pooling

    public func convolution(_ x: Tensor, kernel: Tensor, _ p: ConvolutionParameters) -> Tensor {
        forward(.convolution, op: 0, dtype: x.dtype, work: convolutionWork(x.shape, kernel.shape), operands: [x, kernel]) {
            $0.convolution(x, kernel: kernel, p)
        }
    }

    public func convolutionBackwardInput(_ dy: Tensor, kernel: Tensor, inputShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        forward(.convolutionBackwardInput, op: 0, dtype: dy.dtype, work: convolutionWork(dy.shape, kernel.shape), operands: [dy, kernel]) {
            $0.convolutionBackwardInput(dy, kernel: kernel, inputShape: inputShape, p)
        }
    }

    public func convolutionBackwardKernel(_ x: Tensor, _ dy: Tensor, kernelShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        forward(.convolutionBackwardKernel, op: 0, dtype: x.dtype, work: convolutionWork(dy.shape, kernelShape), operands: [x, dy]) {
            $0.convolutionBackwardKernel(x, dy, kernelShape: kernelShape, p)
        }
    }

    public func pool(_ x: Tensor, _ p: PoolingParameters) -> Tensor {
        forward(.pool, op: p.mode.rawValue, dtype: x.dtype, work: elementCount(x.shape), operands: [x]) { $0.pool(x, p) }
    }

    public func poolBackward(_ x: Tensor, _ dy: Tensor, _ p: PoolingParameters) -> Tensor {
        forward(.poolBackward, op: p.mode.rawValue, dtype: x.dtype, work: elementCount(x.shape), operands: [x, dy]) { $0.poolBackward(x, dy, p) }
    }

    // MARK: Composites

    public func softmax(_ x: Tensor, axis: Int) -> Tensor {
        forward(composite: .softmax, op: 0, dtype: x.dtype, work: elementCount(x.shape), operands: [x], { $0.softmax(x, axis: axis) },
                composed: { composedSoftmax(x, axis: axis) })
    }

    public func logSoftmax(_ x: Tensor, axis: Int) -> Tensor {
        forward(composite: .logSoftmax, op: 0, dtype: x.dtype, work: elementCount(x.shape), operands: [x], { $0.logSoftmax(x, axis: axis) },
                composed: { composedLogSoftmax(x, axis: axis) })
    }

    public func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        forward(composite: .linear, op: 0, dtype: x.dtype, work: elementCount(x.shape) &* (weight.shape.last ?? 1),
                operands: [x, weight] + (bias.map { [$0] } ?? []), { $0.linear(x, weight: weight, bias: bias) },
                composed: { composedLinear(x, weight: weight, bias: bias) })
    }

    public func activation(_ x: Tensor, _ p: ActivationParameters) -> Tensor {
        forward(composite: .activation, op: p.op.rawValue, dtype: x.dtype, work: elementCount(x.shape), operands: [x], { $0.activation(x, p) },
                composed: { ActivationComposition(backend: self, x: x).value(p) })
    }

    public func activationBackward(_ x: Tensor, _ dy: Tensor, _ p: ActivationParameters) -> Tensor {
        forward(composite: .activationBackward, op: p.op.rawValue, dtype: x.dtype, work: elementCount(x.shape), operands: [x, dy],
                { $0.activationBackward(x, dy, p) }, composed: { ActivationComposition(backend: self, x: x).gradient(dy, p) })
    }

    public func linearActivation(_ x: Tensor, weight: Tensor, bias: Tensor?, _ p: ActivationParameters) -> Tensor {
        forward(composite: .linearActivation, op: p.op.rawValue, dtype: x.dtype, work: elementCount(x.shape) &* (weight.shape.last ?? 1),
                operands: [x, weight], { $0.linearActivation(x, weight: weight, bias: bias, p) },
                composed: { composedLinearActivation(x, weight: weight, bias: bias, p) })
    }

    public func convolutionActivation(_ x: Tensor, kernel: Tensor, bias: Tensor?, _ p: ConvolutionParameters,
                                      _ activation: ActivationParameters) -> Tensor {
        forward(composite: .convolutionActivation, op: activation.op.rawValue, dtype: x.dtype, work: convolutionWork(x.shape, kernel.shape),
                operands: [x, kernel], { $0.convolutionActivation(x, kernel: kernel, bias: bias, p, activation) },
                composed: { composedConvolutionActivation(x, kernel: kernel, bias: bias, p, activation) })
    }

    // MARK: Normalisation

    public func batchNormalization(_ x: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?, beta: Tensor?,
                                   _ p: NormalizationParameters) -> Tensor {
        forward(composite: .batchNormalization, op: 0, dtype: x.dtype, work: elementCount(x.shape), operands: [x],
                { $0.batchNormalization(x, mean: mean, variance: variance, gamma: gamma, beta: beta, p) },
                composed: { NormalizationComposites.batchNormalization(self, x, mean: mean, variance: variance, gamma: gamma, beta: beta, p) })
    }

    public func batchNormalizationTraining(_ x: Tensor, gamma: Tensor?, beta: Tensor?,
                                           _ p: NormalizationParameters) -> (output: Tensor, mean: Tensor, variance: Tensor) {
        forward(composite: .batchNormalizationTraining, op: 0, dtype: x.dtype, work: elementCount(x.shape), operands: [x],
                { $0.batchNormalizationTraining(x, gamma: gamma, beta: beta, p) },
                composed: { NormalizationComposites.batchNormalizationTraining(self, x, gamma: gamma, beta: beta, p) })
    }

    public func batchNormalizationBackward(_ x: Tensor, _ dy: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?,
                                           _ p: NormalizationParameters) -> (dx: Tensor, dgamma: Tensor, dbeta: Tensor) {
        forward(composite: .batchNormalizationBackward, op: 0, dtype: x.dtype, work: elementCount(x.shape), operands: [x, dy],
                { $0.batchNormalizationBackward(x, dy, mean: mean, variance: variance, gamma: gamma, p) },
                composed: { NormalizationComposites.batchNormalizationBackward(self, x, dy, mean: mean, variance: variance, gamma: gamma, p) })
    }

    public func layerNormalization(_ x: Tensor, gamma: Tensor?, beta: Tensor?,
                                   _ p: NormalizationParameters) -> (output: Tensor, mean: Tensor, variance: Tensor) {
        forward(composite: .layerNormalization, op: 0, dtype: x.dtype, work: elementCount(x.shape), operands: [x],
                { $0.layerNormalization(x, gamma: gamma, beta: beta, p) },
                composed: { NormalizationComposites.layerNormalization(self, x, gamma: gamma, beta: beta, p) })
    }

    public func layerNormalizationBackward(_ x: Tensor, _ dy: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?,
                                           _ p: NormalizationParameters) -> (dx: Tensor, dgamma: Tensor, dbeta: Tensor) {
        forward(composite: .layerNormalizationBackward, op: 0, dtype: x.dtype, work: elementCount(x.shape), operands: [x, dy],
                { $0.layerNormalizationBackward(x, dy, mean: mean, variance: variance, gamma: gamma, p) },
                composed: { NormalizationComposites.layerNormalizationBackward(self, x, dy, mean: mean, variance: variance, gamma: gamma, p) })
    }

    // MARK: Recurrent sequences and optimizer updates (the operands shown: the sequence, the variable)

    public func recurrent(_ p: RecurrentParameters, _ inputs: [Tensor]) -> [Tensor] {
        forward(composite: .recurrent, op: p.cell.rawValue, dtype: inputs[0].dtype, work: recurrentWork(p, inputs),
                operands: Array(inputs.prefix(1)), { $0.recurrent(p, inputs) }, composed: { composedRecurrent(p, inputs) })
    }

    public func recurrentBackward(_ p: RecurrentParameters, _ inputs: [Tensor]) -> [Tensor] {
        forward(composite: .recurrentBackward, op: p.cell.rawValue, dtype: inputs[0].dtype, work: recurrentWork(p, inputs),
                operands: Array(inputs.prefix(1)), { $0.recurrentBackward(p, inputs) }, composed: { composedRecurrentBackward(p, inputs) })
    }

    /// Composed: the sequence without a workspace (the backward recomputes what it needs).
    public func recurrentTraining(_ p: RecurrentParameters, _ inputs: [Tensor]) -> (outputs: [Tensor], workspace: Tensor?) {
        forward(composite: .recurrentTraining, op: p.cell.rawValue, dtype: inputs[0].dtype, work: recurrentWork(p, inputs),
                operands: Array(inputs.prefix(1)), { $0.recurrentTraining(p, inputs) }, composed: { (recurrent(p, inputs), nil) })
    }

    /// `inputs` start with the forward's: the same dtype and work as ``recurrentTraining(_:_:)``
    /// (a router sends both to the same place, so the workspace goes back to the backend that
    /// filled it).
    public func recurrentBackward(_ p: RecurrentParameters, _ inputs: [Tensor], workspace: Tensor) -> [Tensor] {
        forward(composite: .recurrentBackwardWorkspace, op: p.cell.rawValue, dtype: inputs[0].dtype, work: recurrentWork(p, inputs),
                operands: Array(inputs.prefix(1)), { $0.recurrentBackward(p, inputs, workspace: workspace) },
                composed: { recurrentBackward(p, inputs) })
    }

    /// Composed: `false`, the host's Swift loops update the variable.
    public func optimizerUpdate(_ p: OptimizerParameters, _ tensors: [Tensor]) -> Bool {
        guard let first = tensors.first else { return false }
        return forward(composite: .optimizerUpdate, op: p.op.rawValue, dtype: first.dtype, work: elementCount(first.shape),
                       operands: [first], { $0.optimizerUpdate(p, tensors) }, composed: { false })
    }
}

// MARK: Work measures

/// N of a matrix product `· b` (`b`'s last axis, or its second-last when transposed).
@inline(__always)
private func matmulColumns(_ b: Tensor, _ transposeB: Bool) -> Int {
    b.shape.isEmpty ? 1 : (transposeB ? b.shape[b.shape.count - 2] : b.shape[b.shape.count - 1])
}

/// Multiply-adds of a convolution whose one side (`activations`: the input forward, the
/// output's gradient backward) has `activations.last` channels: every position of it times
/// the kernel's elements over those channels.
@inline(__always)
func convolutionWork(_ activations: [Int], _ kernel: [Int]) -> Int {
    let channels = max(1, activations.last ?? 1)
    return elementCount(activations) / channels &* elementCount(kernel)
}

/// Multiply-adds of a sequence: batch · time · (features + units) · gates·units, from x
/// (`inputs[0]`) and the kernel (`(features, G·units)`, after x and the initial states).
@inline(__always)
func recurrentWork(_ p: RecurrentParameters, _ inputs: [Tensor]) -> Int {
    let k = 1 + p.cell.stateCount
    guard inputs.count > k + 1, inputs[0].shape.count == 3, inputs[k].shape.count == 2 else { return 0 }
    let x = inputs[0].shape, gates = inputs[k].shape[1], units = inputs[k + 1].shape[0]
    return x[0] &* x[1] &* (x[2] &+ units) &* gates
}
