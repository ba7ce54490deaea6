import CKerasABI
import Testing
import Keras
@testable import KerasCore

/// The kernel table (KerasKernelTypes): one row per `keras_kernel`, the slot found from a
/// kernel and a kernel from a slot, and the facts the plugin adapter reads from it.
@Suite struct KernelTableTests {
    @Test func oneRowPerKernelInTheHeadersOrder() {
        #expect(KernelSpec.table.count == Int(KERAS_KERNEL_COUNT.rawValue))
        #expect(KernelSpec.table.map(\.kernel) == BackendKernel.allCases)
        #expect(BackendKernel.optimizerUpdate.rawValue == Int32(KERAS_KERNEL_OPTIMIZER_UPDATE.rawValue))
        #expect(BackendKernel.recurrentWorkspaceSize.rawValue == Int32(KERAS_KERNEL_RECURRENT_WORKSPACE_SIZE.rawValue))
        #expect(OptimizerOp.allCases.count == Int(KERAS_OPTIMIZER_OP_COUNT.rawValue))
        #expect(ActivationOp.allCases.count == Int(KERAS_ACTIVATION_OP_COUNT.rawValue))
    }

    @Test func slotOffsetsNameTheirKernels() {
        // The adapter finds a kernel from its slot's offset with this literal.
        #expect(KernelSpec.firstSlotOffset == MemoryLayout<keras_backend>.offset(of: \.unary))
        #expect(BackendKernel(slotOffset: MemoryLayout<keras_backend>.offset(of: \.unary)!) == .unary)
        #expect(BackendKernel(slotOffset: MemoryLayout<keras_backend>.offset(of: \.convolution_activation)!) == .convolutionActivation)
        #expect(BackendKernel(slotOffset: MemoryLayout<keras_backend>.offset(of: \.recurrent_backward_workspace)!) == .recurrentBackwardWorkspace)
        #expect(BackendKernel(slotOffset: MemoryLayout<keras_backend>.offset(of: \.optimizer_update)!) == .optimizerUpdate)
        #expect(BackendKernel(slotOffset: MemoryLayout<keras_backend>.offset(of: \.supports)!) == nil)
        #expect(BackendKernel(slotOffset: MemoryLayout<keras_backend>.size) == nil)
        for kernel in BackendKernel.allCases { #expect(BackendKernel(slotOffset: kernel.slotOffset) == kernel) }
    }

    @Test func providesReadsExactlyTheFilledSlots() {
        var table = keras_backend()
        table.matmul = { _, _, _, _, _, _ in nil }
        table.optimizer_update = { _, _, _, _ in nil }
        let provided = BackendKernel.allCases.filter { table.provides($0) }
        #expect(provided == [.matmul, .optimizerUpdate])
    }

    @Test func rowsCarryNamesOpsOperandsAndParameters() {
        #expect(BackendKernel.convolutionActivation.description == "convolutionActivation")
        #expect(BackendKernel.unary.opName(UnaryOp.exp.rawValue) == "unary.exp")
        #expect(BackendKernel.pool.opName(PoolMode.average.rawValue) == "pool.average")
        #expect(BackendKernel.matmul.opName(nil) == "matmul")
        #expect(BackendKernel.optimizerUpdate.opName(OptimizerOp.adamw.rawValue) == "optimizerUpdate.adamw")
        let conv = BackendKernel.convolutionActivation.spec
        #expect(conv.family == .activation && conv.parameters == .convolution && conv.inputs == 2...3 && conv.absent == .composed)
        #expect(BackendKernel.binary.spec.absent == .reference && !BackendKernel.binary.isComposite)
        #expect(BackendKernel.softmax.isComposite && BackendKernel.recurrentTraining.isComposite)
        #expect(BackendKernel.batchNormalizationBackward.spec.outputs == 3...3)
        #expect(BackendKernel.allCases.filter { $0.spec.minor == 2 }
                == [.recurrentWorkspaceSize, .recurrentTraining, .recurrentBackwardWorkspace, .optimizerUpdate])
    }

    @Test func parametersRoundTripThroughC() {
        let conv = ConvolutionParameters(strides: [2, 1], dilations: [1, 3], paddingBefore: [0, 1], paddingAfter: [1, 2], groups: 2)
        #expect(conv.withC { ConvolutionParameters($0) } == conv)
        let pool = PoolingParameters(mode: .average, window: [3], strides: [2], paddingBefore: [1], paddingAfter: [0])
        #expect(pool.withC { PoolingParameters($0) } == pool)
        let relu6 = ActivationParameters(op: .relu, maxValue: 6)
        #expect(relu6.withC { ActivationParameters($0) } == relu6)
        let adam = OptimizerParameters(op: .adam, amsgrad: true, learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, step: 3)
        let read = adam.withC { OptimizerParameters($0) }
        #expect(read == adam)
        #expect(adam.withC { $0.pointee.flags } == UInt32(KERAS_OPTIMIZER_AMSGRAD))
        let gru = RecurrentParameters(cell: .gru, goBackwards: true)
        #expect(gru.withC { RecurrentParameters($0) } == gru)
    }

    @Test func convolutionGeometryVisitsTheSameTapsRowByRowAndEntryByEntry() {
        // A 3×3 single-channel image, a 2×2 kernel, stride 1, no padding: 4 positions of 4 taps.
        let p = ConvolutionParameters(strides: [1, 1], dilations: [1, 1], paddingBefore: [0, 0], paddingAfter: [0, 0])
        let g = ConvolutionGeometry(input: [2, 3, 3, 1], kernel: [2, 2, 1, 1], p)
        #expect(g.positions == 4 && g.columnWidth == 4 && g.taps == 4 && !g.isPointwise)
        var byEntry: [[Int?]] = Array(repeating: [], count: g.positions)
        g.forEachTap { row, _, offset in byEntry[row].append(offset) }
        #expect(byEntry[0] == [0, 1, 3, 4] && byEntry[3] == [4, 5, 7, 8])
        // Rows of the second batch entry read the second image (offset + 9).
        var second: [Int?] = []
        g.forEachTap(row: g.positions + 3, group: 0) { _, offset in second.append(offset) }
        #expect(second == [13, 14, 16, 17])
        // Padding reads nil.
        let padded = ConvolutionGeometry(input: [1, 2, 2, 1], kernel: [2, 2, 1, 1],
                                         ConvolutionParameters(strides: [1, 1], dilations: [1, 1], paddingBefore: [1, 1], paddingAfter: [0, 0]))
        var first: [Int?] = []
        padded.forEachTap(row: 0, group: 0) { _, offset in first.append(offset) }
        #expect(first == [nil, nil, nil, 0])
        #expect(ConvolutionGeometry.problem(input: [1, 4, 4, 3], kernel: [3, 3, 2, 4], p) != nil)
    }
}
