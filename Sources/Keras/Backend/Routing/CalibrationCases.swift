import KerasKernelTypes

/// The representative float32 calls `auto` times to route a kernel, one per kernel, op and
/// ``WorkSize``: the shapes of the common workloads (a 1-sample and a 128-sample `Dense` of
/// 784 → 512, 3×3 convolutions on 28×28 images, a 64-unit recurrent layer), kept short so the
/// whole calibration stays well under a second.
///
/// | size | element-wise, normalisation | reductions | products | convolution | recurrent (batch, time, features, units) |
/// |---|---|---|---|---|---|
/// | small | [8, 64] | [8, 64] over axis 1 | [1, 784]·[784, 512] | [1, 28, 28, 1] * [3, 3, 1, 32] | 1, 8, 16, 16 |
/// | large | [128, 512] | [18432, 64] over axis 0 | [128, 784]·[784, 512] | [32, 26, 26, 32] * [3, 3, 32, 64] | 32, 10, 64, 64 |
///
/// The large convolution has Keras's default batch of 32: which library is faster there depends
/// on the batch more than on the work's size class — with a batch of 8, OpenBLAS's im2col GEMM
/// ran the kernel gradient faster than oneDNN, and `auto` sent the CNN workload's batch-128
/// gradients to OpenBLAS, ~1.4× slower there than oneDNN. From a batch of 16 on, oneDNN wins
/// all three convolution kernels. The large reduction is a bias gradient, the sum over leading
/// axes every Dense and convolution makes in every step, at a size where memory, not the
/// call, is the cost: timed on row sums of [128, 512] instead, OpenBLAS's GEMV won and ran the CNN's bias gradients ([73728, 64]) at 17.6 ms per
/// step against oneDNN's 3.1 ms (profiles of one loaded sitting, load 5 on 2 cores).
enum CalibrationCases {
    /// One timed call on `backend` (the routing backend, with the candidate's route set), or
    /// `nil` when the kernel has no case (layout kernels no plugin runs, optimizer updates —
    /// in place, so not repeatable — and the workspace-size query).
    static func make(_ kernel: BackendKernel, op: Int32, size: WorkSize) -> ((RoutingBackend) -> Void)? {
        let large = size == .large
        let rows = large ? 128 : 8, columns = large ? 512 : 64
        let values = Operands(seed: UInt64(kernel.rawValue) &* 131 &+ UInt64(op) &* 7 &+ UInt64(size.rawValue))
        switch kernel {
        case .unary:
            guard let op = UnaryOp(rawValue: op) else { return nil }
            let x = values.tensor([rows, columns])
            return { _ = $0.unary(op, x) }
        case .binary:
            guard let op = BinaryOp(rawValue: op) else { return nil }
            let a = values.tensor([rows, columns]), b = values.tensor([rows, columns])
            return { _ = $0.binary(op, a, b) }
        case .reduce:
            guard let op = ReduceOp(rawValue: op) else { return nil }
            // Large: a bias gradient (a convolution's 32 × 24 × 24 positions summed per channel),
            // the large reduction every training step makes; small: rows of [8, 64].
            let x = values.tensor(large ? [32 * 24 * 24, 64] : [rows, columns])
            return { _ = $0.reduce(op, x, axes: [large ? 0 : 1], keepDims: false) }
        case .matmul:
            let a = values.tensor([large ? 128 : 1, 784]), b = values.tensor([784, 512])
            return { _ = $0.matmul(a, b, transposeA: false, transposeB: false) }
        case .linear:
            let x = values.tensor([large ? 128 : 1, 784]), w = values.tensor([784, 512]), bias = values.tensor([512])
            return { _ = $0.linear(x, weight: w, bias: bias) }
        case .linearActivation:
            guard let op = ActivationOp(rawValue: op) else { return nil }
            let x = values.tensor([large ? 128 : 1, 784]), w = values.tensor([784, 512]), bias = values.tensor([512])
            return { _ = $0.linearActivation(x, weight: w, bias: bias, ActivationParameters(op: op)) }
        case .convolution, .convolutionBackwardInput, .convolutionBackwardKernel, .convolutionActivation:
            return convolution(kernel, op: op, large: large, values)
        case .pool, .poolBackward:
            guard let mode = PoolMode(rawValue: op) else { return nil }
            let p = PoolingParameters(mode: mode, window: [2, 2], strides: [2, 2], paddingBefore: [0, 0], paddingAfter: [0, 0])
            let x = values.tensor(large ? [8, 24, 24, 64] : [1, 8, 8, 8])
            if kernel == .pool { return { _ = $0.pool(x, p) } }
            let dy = values.tensor(p.outputShape(input: x.shape))
            return { _ = $0.poolBackward(x, dy, p) }
        case .softmax:
            let x = values.tensor([rows, columns])
            return { _ = $0.softmax(x, axis: 1) }
        case .logSoftmax:
            let x = values.tensor([rows, columns])
            return { _ = $0.logSoftmax(x, axis: 1) }
        case .activation, .activationBackward:
            guard let op = ActivationOp(rawValue: op) else { return nil }
            let x = values.tensor([rows, columns]), dy = values.tensor([rows, columns]), p = ActivationParameters(op: op)
            if kernel == .activation { return { _ = $0.activation(x, p) } }
            return { _ = $0.activationBackward(x, dy, p) }
        case .batchNormalization, .batchNormalizationTraining, .batchNormalizationBackward:
            let shape = large ? [8, 12, 12, 64] : [1, 8, 8, 8], channels = shape[3]
            let x = values.tensor(shape), dy = values.tensor(shape), p = NormalizationParameters(axis: 3, epsilon: 1e-3)
            let mean = values.tensor([channels]), variance = values.tensor([channels])
            let gamma = values.tensor([channels]), beta = values.tensor([channels])
            switch kernel {
            case .batchNormalization:
                return { _ = $0.batchNormalization(x, mean: mean, variance: variance, gamma: gamma, beta: beta, p) }
            case .batchNormalizationTraining:
                return { _ = $0.batchNormalizationTraining(x, gamma: gamma, beta: beta, p) }
            default:
                return { _ = $0.batchNormalizationBackward(x, dy, mean: mean, variance: variance, gamma: gamma, p) }
            }
        case .layerNormalization, .layerNormalizationBackward:
            let x = values.tensor([rows, columns]), dy = values.tensor([rows, columns]), p = NormalizationParameters(axis: 1, epsilon: 1e-3)
            let gamma = values.tensor([columns]), beta = values.tensor([columns])
            if kernel == .layerNormalization { return { _ = $0.layerNormalization(x, gamma: gamma, beta: beta, p) } }
            let mean = values.tensor([rows]), variance = values.tensor([rows])
            return { _ = $0.layerNormalizationBackward(x, dy, mean: mean, variance: variance, gamma: gamma, p) }
        case .recurrent, .recurrentBackward, .recurrentTraining:
            return recurrent(kernel, op: op, large: large, values)
        default:
            return nil
        }
    }

    private static func convolution(_ kernel: BackendKernel, op: Int32, large: Bool, _ values: Operands) -> ((RoutingBackend) -> Void)? {
        let p = ConvolutionParameters(strides: [1, 1], dilations: [1, 1], paddingBefore: [0, 0], paddingAfter: [0, 0])
        let x = values.tensor(large ? [32, 26, 26, 32] : [1, 28, 28, 1])
        let filter = values.tensor(large ? [3, 3, 32, 64] : [3, 3, 1, 32])
        let outputShape = p.outputShape(input: x.shape, kernel: filter.shape)
        switch kernel {
        case .convolution:
            return { _ = $0.convolution(x, kernel: filter, p) }
        case .convolutionBackwardInput:
            let dy = values.tensor(outputShape)
            return { _ = $0.convolutionBackwardInput(dy, kernel: filter, inputShape: x.shape, p) }
        case .convolutionBackwardKernel:
            let dy = values.tensor(outputShape)
            return { _ = $0.convolutionBackwardKernel(x, dy, kernelShape: filter.shape, p) }
        default:
            guard let op = ActivationOp(rawValue: op) else { return nil }
            let bias = values.tensor([filter.shape[3]])
            return { _ = $0.convolutionActivation(x, kernel: filter, bias: bias, p, ActivationParameters(op: op)) }
        }
    }

    /// A sequence forward, its backward, or (for `recurrentTraining`) the pair — the training
    /// forward and the backward that reads its workspace, as training runs them.
    private static func recurrent(_ kernel: BackendKernel, op: Int32, large: Bool, _ values: Operands) -> ((RoutingBackend) -> Void)? {
        guard let cell = RecurrentCell(rawValue: op) else { return nil }
        let (batch, time, features, units) = large ? (32, 10, 64, 64) : (1, 8, 16, 16)
        let gates = cell.gateCount * units
        let p = RecurrentParameters(cell: cell)
        let states = (0..<cell.stateCount).map { _ in values.tensor([batch, units], scale: 0.1) }
        let forward = [values.tensor([batch, time, features], scale: 0.1)] + states
            + [values.tensor([features, gates], scale: 0.1), values.tensor([units, gates], scale: 0.1),
               values.tensor(cell == .gru ? [2, gates] : [gates], scale: 0.1)]
        let gradients = [values.tensor([batch, time, units], scale: 0.1)] + states.map { values.tensor($0.shape, scale: 0.1) }
        switch kernel {
        case .recurrent:
            return { _ = $0.recurrent(p, forward) }
        case .recurrentBackward:
            return { _ = $0.recurrentBackward(p, forward + gradients) }
        default:
            return { backend in
                let (_, workspace) = backend.recurrentTraining(p, forward)
                if let workspace {
                    _ = backend.recurrentBackward(p, forward + gradients, workspace: workspace)
                } else {
                    _ = backend.recurrentBackward(p, forward + gradients)
                }
            }
        }
    }

    /// Deterministic float32 operands in [0.1, 1.1)·scale (positive, so that square roots and
    /// logarithms stay finite), made without `K` (the backend is being chosen).
    struct Operands {
        let seed: UInt64

        func tensor(_ shape: [Int], scale: Float = 1) -> Tensor {
            var state = seed &+ UInt64(elementCount(shape)) &* 0x9E37_79B9_7F4A_7C15
            var values = [Float](repeating: 0, count: elementCount(shape))
            for i in values.indices {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                values[i] = (0.1 + Float(state >> 40) / Float(1 << 24)) * scale
            }
            return Tensor(values, shape: shape)
        }
    }
}
