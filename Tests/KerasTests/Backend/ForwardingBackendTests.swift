import Testing
import Keras
@testable import KerasCore
import KerasKernelTypes

/// The forwarding methods (`extension ForwardingBackend` in each `Backend/Kernels` file): every
/// kernel of the table that is a `Backend` method reaches the conforming type's `forward`,
/// composites through the composite hook and primitives through the other, with the kernel's
/// op code; a composite the hook composes runs the `Backend` default on the forwarder's own
/// primitives.
@Suite struct ForwardingBackendTests {
    /// Records each call and runs it on the reference backend (or composes the composites).
    final class Recorder: ForwardingBackend, @unchecked Sendable {
        var calls: [(kernel: BackendKernel, op: Int32, composite: Bool)] = []
        let composeComposites: Bool
        init(composeComposites: Bool = false) { self.composeComposites = composeComposites }
        var name: String { "recorder" }

        func forward<R>(_ kernel: BackendKernel, op: Int32, dtype: DType, work: @autoclosure () -> Int,
                        operands: @autoclosure () -> [Tensor], _ run: (any Backend) -> R) -> R {
            calls.append((kernel, op, false))
            return run(ReferenceBackend.shared)
        }

        func forward<R>(composite kernel: BackendKernel, op: Int32, dtype: DType, work: @autoclosure () -> Int,
                        operands: @autoclosure () -> [Tensor], _ run: (any Backend) -> R, composed: () -> R) -> R {
            calls.append((kernel, op, true))
            return composeComposites ? composed() : run(ReferenceBackend.shared)
        }
    }

    /// Calls every `Backend` kernel once on small valid operands.
    static func callEveryKernel(_ b: any Backend) {
        let x = Tensor([1, -2, 3, -4, 5, -6] as [Float], shape: [2, 3])
        let w = Tensor([0.5, -1, 2, 0, 1, 1, -0.5, 0.25, 3, 1, 0, -1] as [Float], shape: [3, 4])
        let bias = Tensor([0.1, 0.2, 0.3, 0.4] as [Float], shape: [4]), row = Tensor([1, 2, 3] as [Float], shape: [3])
        let indices = Tensor([1] as [Int64], shape: [1])
        _ = b.unary(.exp, x)
        _ = b.binary(.add, x, row)
        _ = b.select(ReferenceBackend.shared.binary(.less, x, row), x, row)
        _ = b.cast(x, to: .float64)
        _ = b.reduce(.sum, x, axes: [1], keepDims: false)
        _ = b.argReduce(.argmax, x, axis: 1)
        _ = b.cumulative(.prod, x, axis: 1, exclusive: false, reverse: true)
        _ = b.matmul(x, w, transposeA: false, transposeB: false)
        _ = b.transpose(x, permutation: [1, 0])
        _ = b.slice(x, start: [0, 1], size: [2, 1], strides: [1, 1])
        _ = b.concatenate([x, x], axis: 0)
        _ = b.pad(x, before: [1, 0], after: [0, 1], value: 0)
        _ = b.tile(x, multiples: [2, 1])
        _ = b.broadcast(row, to: [2, 3])
        _ = b.reverse(x, axes: [1])
        _ = b.gather(x, indices: indices, axis: 0)
        _ = b.scatterAdd(Tensor([1, 1, 1] as [Float], shape: [1, 3]), indices: indices, axis: 0, shape: [2, 3])

        let image = Tensor((0..<9).map(Float.init), shape: [1, 3, 3, 1]), kernel = Tensor([1, 0, 0, -1] as [Float], shape: [2, 2, 1, 1])
        let dy = Tensor([1, 2, 3, 4] as [Float], shape: [1, 2, 2, 1])
        let conv = ConvolutionParameters(strides: [1, 1], dilations: [1, 1], paddingBefore: [0, 0], paddingAfter: [0, 0])
        let pooling = PoolingParameters(mode: .average, window: [2, 2], strides: [1, 1], paddingBefore: [0, 0], paddingAfter: [0, 0])
        _ = b.convolution(image, kernel: kernel, conv)
        _ = b.convolutionBackwardInput(dy, kernel: kernel, inputShape: [1, 3, 3, 1], conv)
        _ = b.convolutionBackwardKernel(image, dy, kernelShape: [2, 2, 1, 1], conv)
        _ = b.pool(image, pooling)
        _ = b.poolBackward(image, dy, pooling)

        let relu = ActivationParameters(op: .relu)
        _ = b.softmax(x, axis: 1)
        _ = b.logSoftmax(x, axis: 1)
        _ = b.linear(x, weight: w, bias: bias)
        _ = b.activation(x, relu)
        _ = b.activationBackward(x, x, relu)
        _ = b.linearActivation(x, weight: w, bias: bias, relu)
        _ = b.convolutionActivation(image, kernel: kernel, bias: Tensor([0.5] as [Float], shape: [1]), conv, relu)

        let norm = NormalizationParameters(axis: 1, epsilon: 1e-3), ones = Tensor(shape: [3], repeating: 1, dtype: .float32)
        _ = b.batchNormalization(x, mean: row, variance: ones, gamma: ones, beta: row, norm)
        let (_, mean, variance) = b.batchNormalizationTraining(x, gamma: ones, beta: nil, norm)
        _ = b.batchNormalizationBackward(x, x, mean: mean, variance: variance, gamma: ones, norm)
        let layer = b.layerNormalization(x, gamma: ones, beta: row, norm)
        _ = b.layerNormalizationBackward(x, x, mean: layer.mean, variance: layer.variance, gamma: ones, norm)

        // A SimpleRNN of 2 units over 2 steps of 3 features: x, h0, kernel, recurrent kernel, bias.
        let rnn = RecurrentParameters(cell: .simple)
        let inputs = [Tensor((0..<6).map { Float($0) / 6 }, shape: [1, 2, 3]), Tensor(shape: [1, 2], repeating: 0, dtype: .float32),
                      Tensor(shape: [3, 2], repeating: 0.1, dtype: .float32), Tensor(shape: [2, 2], repeating: 0.2, dtype: .float32),
                      Tensor(shape: [2], repeating: 0, dtype: .float32)]
        let gradients = [Tensor(shape: [1, 2, 2], repeating: 1, dtype: .float32), Tensor(shape: [1, 2], repeating: 1, dtype: .float32)]
        _ = b.recurrent(rnn, inputs)
        _ = b.recurrentBackward(rnn, inputs + gradients)
        let training = b.recurrentTraining(rnn, inputs)
        _ = b.recurrentBackward(rnn, inputs + gradients, workspace: training.workspace ?? Tensor(shape: [1], repeating: 0, dtype: .uint8))
        _ = b.optimizerUpdate(OptimizerParameters(op: .sgd, learningRate: 0.1, step: 1),
                              [Tensor(shape: [3], repeating: 1, dtype: .float32), ones])
    }

    @Test func everyKernelOfTheTableReachesTheHookOfItsKind() {
        let recorder = Recorder()
        Self.callEveryKernel(recorder)
        // `recurrentWorkspaceSize` is a C slot only: the plugin adapter's recurrentTraining asks it.
        let methods = BackendKernel.allCases.filter { $0 != .recurrentWorkspaceSize }
        #expect(Set(recorder.calls.map(\.kernel)) == Set(methods))
        for call in recorder.calls {
            #expect(call.composite == call.kernel.isComposite, "\(call.kernel) went through the wrong hook")
        }
        let ops = Dictionary(recorder.calls.map { ($0.kernel, $0.op) }, uniquingKeysWith: { first, _ in first })
        #expect(ops[.unary] == UnaryOp.exp.rawValue && ops[.binary] == BinaryOp.add.rawValue && ops[.reduce] == ReduceOp.sum.rawValue)
        #expect(ops[.cumulative] == CumulativeOp.prod.rawValue && ops[.pool] == PoolMode.average.rawValue)
        #expect(ops[.linearActivation] == ActivationOp.relu.rawValue && ops[.recurrentTraining] == RecurrentCell.simple.rawValue)
        #expect(ops[.optimizerUpdate] == OptimizerOp.sgd.rawValue && ops[.matmul] == 0 && ops[.softmax] == 0)
    }

    @Test func aComposedCompositeRunsOnTheForwardersOwnPrimitives() {
        let recorder = Recorder(composeComposites: true)
        let x = Tensor([1, -2, 3, -4, 5, -6] as [Float], shape: [2, 3])
        let y = recorder.softmax(x, axis: 1)
        // softmax = exp(x − max) / Σ exp(x − max): two reductions, a subtraction, exp, a division.
        #expect(recorder.calls.map(\.kernel) == [.softmax, .reduce, .binary, .unary, .reduce, .binary])
        let expected = ReferenceBackend.shared.softmax(x, axis: 1)
        #expect(zip(y.doubles, expected.doubles).allSatisfy { abs($0 - $1) < 1e-7 })
        #expect(abs(y.doubles[0] - 0.11849965) < 1e-6)
    }
}
