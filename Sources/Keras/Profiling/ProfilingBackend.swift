/// The backend `K` dispatches to while a ``StepProfiler`` records: every kernel call is
/// forwarded to the backend in use and timed, with the backend that ran it and whether it ran
/// natively (a plugin's usage counters before and after tell).
final class ProfilingBackend: Backend, @unchecked Sendable {
    let inner: any Backend
    let profiler: StepProfiler
    private let counters: UsageCounters?

    init(_ inner: any Backend, profiler: StepProfiler) {
        self.inner = inner
        self.profiler = profiler
        counters = (inner as? PluginBackend)?.counters ?? (inner as? RoutingBackend)?.counters
    }

    var name: String { inner.name }

    /// Runs one kernel on the inner backend, timed when the profiler records.
    @inline(__always)
    private func timed<R>(_ kernel: BackendKernel, _ op: Int32 = -1, _ operands: @autoclosure () -> [Tensor],
                          _ body: () -> R) -> R {
        guard profiler.isRecording else { return body() }
        let before = counters.map { ($0.nativeTotal.load(ordering: .relaxed), $0.fallbackTotal.load(ordering: .relaxed)) }
        let start = profiler.now()
        let result = body()
        var native = true
        if let counters, let before {
            // Native: something ran on the plugin and nothing fell back (a composite the plugin
            // lacks or declines, such as an optimizer update left to the host, is not native).
            native = counters.fallbackTotal.load(ordering: .relaxed) == before.1
                && counters.nativeTotal.load(ordering: .relaxed) != before.0
        }
        let described = operands().map { "\($0.dtype) \($0.shape)" }.joined(separator: ", ")
        profiler.kernel(kernel.opName(op), backend: inner.name, native: native, operands: described, start: start)
        return result
    }

    func unary(_ op: UnaryOp, _ x: Tensor) -> Tensor {
        timed(.unary, op.rawValue, [x]) { inner.unary(op, x) }
    }
    func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) -> Tensor {
        timed(.binary, op.rawValue, [a, b]) { inner.binary(op, a, b) }
    }
    func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        timed(.select, -1, [condition, a, b]) { inner.select(condition, a, b) }
    }
    func cast(_ x: Tensor, to dtype: DType) -> Tensor {
        timed(.cast, -1, [x]) { inner.cast(x, to: dtype) }
    }
    func reduce(_ op: ReduceOp, _ x: Tensor, axes: [Int], keepDims: Bool) -> Tensor {
        timed(.reduce, op.rawValue, [x]) { inner.reduce(op, x, axes: axes, keepDims: keepDims) }
    }
    func argReduce(_ op: ArgReduceOp, _ x: Tensor, axis: Int) -> Tensor {
        timed(.argReduce, op.rawValue, [x]) { inner.argReduce(op, x, axis: axis) }
    }
    func cumulative(_ op: CumulativeOp, _ x: Tensor, axis: Int, exclusive: Bool, reverse: Bool) -> Tensor {
        timed(.cumulative, op.rawValue, [x]) { inner.cumulative(op, x, axis: axis, exclusive: exclusive, reverse: reverse) }
    }
    func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
        timed(.matmul, -1, [a, b]) { inner.matmul(a, b, transposeA: transposeA, transposeB: transposeB) }
    }
    func transpose(_ x: Tensor, permutation: [Int]) -> Tensor {
        timed(.transpose, -1, [x]) { inner.transpose(x, permutation: permutation) }
    }
    func slice(_ x: Tensor, start: [Int], size: [Int], strides: [Int]) -> Tensor {
        timed(.slice, -1, [x]) { inner.slice(x, start: start, size: size, strides: strides) }
    }
    func concatenate(_ xs: [Tensor], axis: Int) -> Tensor {
        timed(.concatenate, -1, xs) { inner.concatenate(xs, axis: axis) }
    }
    func pad(_ x: Tensor, before: [Int], after: [Int], value: Double) -> Tensor {
        timed(.pad, -1, [x]) { inner.pad(x, before: before, after: after, value: value) }
    }
    func tile(_ x: Tensor, multiples: [Int]) -> Tensor {
        timed(.tile, -1, [x]) { inner.tile(x, multiples: multiples) }
    }
    func broadcast(_ x: Tensor, to shape: [Int]) -> Tensor {
        timed(.broadcast, -1, [x]) { inner.broadcast(x, to: shape) }
    }
    func reverse(_ x: Tensor, axes: [Int]) -> Tensor {
        timed(.reverse, -1, [x]) { inner.reverse(x, axes: axes) }
    }
    func gather(_ x: Tensor, indices: Tensor, axis: Int) -> Tensor {
        timed(.gather, -1, [x, indices]) { inner.gather(x, indices: indices, axis: axis) }
    }
    func scatterAdd(_ updates: Tensor, indices: Tensor, axis: Int, shape: [Int]) -> Tensor {
        timed(.scatterAdd, -1, [updates, indices]) { inner.scatterAdd(updates, indices: indices, axis: axis, shape: shape) }
    }
    func convolution(_ x: Tensor, kernel: Tensor, _ p: ConvolutionParameters) -> Tensor {
        timed(.convolution, -1, [x, kernel]) { inner.convolution(x, kernel: kernel, p) }
    }
    func convolutionBackwardInput(_ dy: Tensor, kernel: Tensor, inputShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        timed(.convolutionBackwardInput, -1, [dy, kernel]) {
            inner.convolutionBackwardInput(dy, kernel: kernel, inputShape: inputShape, p)
        }
    }
    func convolutionBackwardKernel(_ x: Tensor, _ dy: Tensor, kernelShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        timed(.convolutionBackwardKernel, -1, [x, dy]) { inner.convolutionBackwardKernel(x, dy, kernelShape: kernelShape, p) }
    }
    func pool(_ x: Tensor, _ p: PoolingParameters) -> Tensor {
        timed(.pool, p.mode.rawValue, [x]) { inner.pool(x, p) }
    }
    func poolBackward(_ x: Tensor, _ dy: Tensor, _ p: PoolingParameters) -> Tensor {
        timed(.poolBackward, p.mode.rawValue, [x, dy]) { inner.poolBackward(x, dy, p) }
    }
    func softmax(_ x: Tensor, axis: Int) -> Tensor {
        timed(.softmax, -1, [x]) { inner.softmax(x, axis: axis) }
    }
    func logSoftmax(_ x: Tensor, axis: Int) -> Tensor {
        timed(.logSoftmax, -1, [x]) { inner.logSoftmax(x, axis: axis) }
    }
    func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        timed(.linear, -1, [x, weight] + (bias.map { [$0] } ?? [])) { inner.linear(x, weight: weight, bias: bias) }
    }
    func activation(_ x: Tensor, _ p: ActivationParameters) -> Tensor {
        timed(.activation, p.op.rawValue, [x]) { inner.activation(x, p) }
    }
    func activationBackward(_ x: Tensor, _ dy: Tensor, _ p: ActivationParameters) -> Tensor {
        timed(.activationBackward, p.op.rawValue, [x, dy]) { inner.activationBackward(x, dy, p) }
    }
    func linearActivation(_ x: Tensor, weight: Tensor, bias: Tensor?, _ p: ActivationParameters) -> Tensor {
        timed(.linearActivation, p.op.rawValue, [x, weight]) { inner.linearActivation(x, weight: weight, bias: bias, p) }
    }
    func convolutionActivation(_ x: Tensor, kernel: Tensor, bias: Tensor?, _ p: ConvolutionParameters,
                               _ activation: ActivationParameters) -> Tensor {
        timed(.convolutionActivation, activation.op.rawValue, [x, kernel]) {
            inner.convolutionActivation(x, kernel: kernel, bias: bias, p, activation)
        }
    }
    func batchNormalization(_ x: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?, beta: Tensor?,
                            _ p: NormalizationParameters) -> Tensor {
        timed(.batchNormalization, -1, [x]) {
            inner.batchNormalization(x, mean: mean, variance: variance, gamma: gamma, beta: beta, p)
        }
    }
    func batchNormalizationTraining(_ x: Tensor, gamma: Tensor?, beta: Tensor?,
                                    _ p: NormalizationParameters) -> (output: Tensor, mean: Tensor, variance: Tensor) {
        timed(.batchNormalizationTraining, -1, [x]) { inner.batchNormalizationTraining(x, gamma: gamma, beta: beta, p) }
    }
    func batchNormalizationBackward(_ x: Tensor, _ dy: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?,
                                    _ p: NormalizationParameters) -> (dx: Tensor, dgamma: Tensor, dbeta: Tensor) {
        timed(.batchNormalizationBackward, -1, [x, dy]) {
            inner.batchNormalizationBackward(x, dy, mean: mean, variance: variance, gamma: gamma, p)
        }
    }
    func layerNormalization(_ x: Tensor, gamma: Tensor?, beta: Tensor?,
                            _ p: NormalizationParameters) -> (output: Tensor, mean: Tensor, variance: Tensor) {
        timed(.layerNormalization, -1, [x]) { inner.layerNormalization(x, gamma: gamma, beta: beta, p) }
    }
    func layerNormalizationBackward(_ x: Tensor, _ dy: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?,
                                    _ p: NormalizationParameters) -> (dx: Tensor, dgamma: Tensor, dbeta: Tensor) {
        timed(.layerNormalizationBackward, -1, [x, dy]) {
            inner.layerNormalizationBackward(x, dy, mean: mean, variance: variance, gamma: gamma, p)
        }
    }
    func recurrent(_ p: RecurrentParameters, _ inputs: [Tensor]) -> [Tensor] {
        timed(.recurrent, p.cell.rawValue, Array(inputs.prefix(1))) { inner.recurrent(p, inputs) }
    }
    func recurrentBackward(_ p: RecurrentParameters, _ inputs: [Tensor]) -> [Tensor] {
        timed(.recurrentBackward, p.cell.rawValue, Array(inputs.prefix(1))) { inner.recurrentBackward(p, inputs) }
    }
    func recurrentTraining(_ p: RecurrentParameters, _ inputs: [Tensor]) -> (outputs: [Tensor], workspace: Tensor?) {
        timed(.recurrentTraining, p.cell.rawValue, Array(inputs.prefix(1))) { inner.recurrentTraining(p, inputs) }
    }
    func recurrentBackward(_ p: RecurrentParameters, _ inputs: [Tensor], workspace: Tensor) -> [Tensor] {
        timed(.recurrentBackwardWorkspace, p.cell.rawValue, Array(inputs.prefix(1))) {
            inner.recurrentBackward(p, inputs, workspace: workspace)
        }
    }
    func optimizerUpdate(_ p: OptimizerParameters, _ tensors: [Tensor]) -> Bool {
        timed(.optimizerUpdate, p.op.rawValue, Array(tensors.prefix(1))) { inner.optimizerUpdate(p, tensors) }
    }
}
