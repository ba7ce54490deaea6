import CKerasABI

/// Which dtypes a backend runs one kernel (and op) on natively, as its plugin claims.
public struct KernelCoverage: Sendable, Equatable, CustomStringConvertible {
    public let kernel: BackendKernel
    /// The op code for kernels that take one, else -1.
    public let op: Int32
    /// Whether the plugin has the kernel at all.
    public let provided: Bool
    /// The dtypes its `supports` query accepts (every dtype when it has no query); empty when
    /// the op always falls back (or, for a composite, is composed from primitives).
    public let nativeDTypes: [DType]

    /// `"binary.add"`, `"matmul"`.
    public var name: String { kernel.opName(op) }

    public var description: String {
        nativeDTypes.isEmpty ? "\(name): falls back" : "\(name): \(nativeDTypes.map(\.rawValue).joined(separator: ", "))"
    }
}

extension PluginBackend {
    /// What the plugin claims to run, per kernel and op, probed with its `supports` query on
    /// small representative operands of each dtype (no data). A kernel may still decline
    /// particular shapes at call time.
    public func coverage() -> [KernelCoverage] {
        BackendKernel.allCases.flatMap { kernel -> [KernelCoverage] in
            let ops = kernel.ops.isEmpty ? [Int32(-1)] : kernel.ops.map(\.code)
            return ops.map { op in
                guard table.provides(kernel) else {
                    return KernelCoverage(kernel: kernel, op: op, provided: false, nativeDTypes: [])
                }
                let dtypes = DType.allCases.filter { claims(kernel, op: op, dtype: $0) }
                return KernelCoverage(kernel: kernel, op: op, provided: true, nativeDTypes: dtypes)
            }
        }
    }

    /// Asks `supports` about `kernel` on probe operands of `dtype` (`true` without a query).
    private func claims(_ kernel: BackendKernel, op: Int32, dtype: DType) -> Bool {
        guard let supports = table.c.supports else { return true }
        let probe = Probe(kernel: kernel, op: op, dtype: dtype)
        var dimensions: [Int64] = probe.shapes.flatMap { $0.map(Int64.init) }
        return dimensions.withUnsafeMutableBufferPointer { dims in
            var offset = 0
            var descriptors = zip(probe.shapes, probe.dtypes).map { shape, type -> keras_tensor in
                defer { offset += shape.count }
                return keras_tensor(struct_size: UInt64(MemoryLayout<keras_tensor>.size), dtype: type.abiCode,
                                    rank: Int32(shape.count), shape: UnsafePointer(dims.baseAddress! + offset),
                                    count: Int64(shape.reduce(1, *)), data: nil)
            }
            return descriptors.withUnsafeMutableBufferPointer { d in
                probe.withParams { params in
                    var query = keras_op_query(struct_size: UInt64(MemoryLayout<keras_op_query>.size), kernel: kernel.rawValue,
                                               op: op, input_count: Int32(d.count - 1), reserved: 0,
                                               inputs: UnsafePointer(d.baseAddress!), output: UnsafePointer(d.baseAddress! + d.count - 1),
                                               params: params)
                    return supports(context, &query) != 0
                }
            }
        }
    }
}

/// Representative operands (inputs, then the output) for a coverage query.
private struct Probe {
    let kernel: BackendKernel
    let op: Int32
    var shapes: [[Int]]
    var dtypes: [DType]
    let conv = ConvolutionParameters(strides: [1, 1], dilations: [1, 1], paddingBefore: [0, 0], paddingAfter: [0, 0])
    let pool: PoolingParameters

    init(kernel: BackendKernel, op: Int32, dtype: DType) {
        let m = [4, 4]
        self.kernel = kernel
        self.op = op
        pool = PoolingParameters(mode: PoolMode(rawValue: max(0, op)) ?? .max, window: [2, 2], strides: [2, 2],
                                 paddingBefore: [0, 0], paddingAfter: [0, 0])
        let (image, filter, response) = ([1, 5, 5, 2], [3, 3, 2, 2], [1, 3, 3, 2])
        switch kernel {
        case .unary:
            let returnsBool = [UnaryOp.isNaN, .isInf, .isFinite].contains { $0.rawValue == op }
            (shapes, dtypes) = ([m, m], [dtype, returnsBool ? .bool : dtype])
        case .binary:
            (shapes, dtypes) = ([m, m, m], [dtype, dtype, BinaryOp(rawValue: op)?.returnsBool == true ? .bool : dtype])
        case .select: (shapes, dtypes) = ([m, m, m, m], [.bool, dtype, dtype, dtype])
        case .cast: (shapes, dtypes) = ([m, m], [dtype, .float32])
        case .reduce: (shapes, dtypes) = ([m, [4]], [dtype, dtype])
        case .argReduce: (shapes, dtypes) = ([m, [4]], [dtype, .int64])
        case .concatenate: (shapes, dtypes) = ([m, m, [8, 4]], [dtype, dtype, dtype])
        case .gather: (shapes, dtypes) = ([m, [2], [2, 4]], [dtype, .int64, dtype])
        case .scatterAdd: (shapes, dtypes) = ([[2, 4], [2], m], [dtype, .int64, dtype])
        case .matmul: (shapes, dtypes) = ([m, m, m], [dtype, dtype, dtype])
        case .linear: (shapes, dtypes) = ([m, m, [4], m], [dtype, dtype, dtype, dtype])
        case .convolution: (shapes, dtypes) = ([image, filter, response], [dtype, dtype, dtype])
        case .convolutionActivation: (shapes, dtypes) = ([image, filter, [2], response], [dtype, dtype, dtype, dtype])
        case .convolutionBackwardInput: (shapes, dtypes) = ([response, filter, image], [dtype, dtype, dtype])
        case .convolutionBackwardKernel: (shapes, dtypes) = ([image, response, filter], [dtype, dtype, dtype])
        case .pool: (shapes, dtypes) = ([[1, 4, 4, 2], [1, 2, 2, 2]], [dtype, dtype])
        case .poolBackward: (shapes, dtypes) = ([[1, 4, 4, 2], [1, 2, 2, 2], [1, 4, 4, 2]], [dtype, dtype, dtype])
        case .cumulative, .transpose, .slice, .pad, .tile, .broadcast, .reverse, .softmax, .logSoftmax, .activation:
            (shapes, dtypes) = ([m, m], [dtype, dtype])
        case .activationBackward: (shapes, dtypes) = ([m, m, m], [dtype, dtype, dtype])
        case .optimizerUpdate: (shapes, dtypes) = ([m, m, m], [dtype, dtype, dtype])
        case .linearActivation: (shapes, dtypes) = ([m, m, [4], m], [dtype, dtype, dtype, dtype])
        case .batchNormalization: (shapes, dtypes) = ([m, [4], [4], [4], [4], m], Array(repeating: dtype, count: 6))
        case .batchNormalizationTraining, .layerNormalization: (shapes, dtypes) = ([m, [4], [4], m], Array(repeating: dtype, count: 4))
        case .batchNormalizationBackward: (shapes, dtypes) = ([m, m, [4], [4], [4], m], Array(repeating: dtype, count: 6))
        case .layerNormalizationBackward: (shapes, dtypes) = ([m, m, [4], [4], [4], m], Array(repeating: dtype, count: 6))
        case .recurrent, .recurrentBackward, .recurrentWorkspaceSize, .recurrentTraining, .recurrentBackwardWorkspace:
            let cell = RecurrentCell(rawValue: max(0, op)) ?? .lstm
            let (batch, time, units) = (2, 3, 4)
            let gates = cell.gateCount * units
            let states = [[Int]](repeating: [batch, units], count: cell.stateCount)
            let weights: [[Int]] = [[4, gates], [units, gates], cell == .gru ? [2, gates] : [gates]]
            let forward = [[batch, time, 4]] + states + weights
            shapes = [.recurrent, .recurrentTraining, .recurrentWorkspaceSize].contains(kernel)
                ? forward + [[batch, time, units]] : forward + [[batch, time, units]] + states + [[batch, time, 4]]
            dtypes = Array(repeating: dtype, count: shapes.count)
        }
    }

    func withParams<R>(_ body: (UnsafeRawPointer?) -> R) -> R {
        switch kernel {
        case .convolution, .convolutionBackwardInput, .convolutionBackwardKernel, .convolutionActivation:
            conv.withC { body(UnsafeRawPointer($0)) }
        case .pool, .poolBackward: pool.withC { body(UnsafeRawPointer($0)) }
        case .activation, .activationBackward, .linearActivation:
            ActivationParameters(op: ActivationOp(rawValue: max(0, op)) ?? .linear).withC { body(UnsafeRawPointer($0)) }
        case .batchNormalization, .batchNormalizationTraining, .batchNormalizationBackward, .layerNormalization, .layerNormalizationBackward:
            NormalizationParameters(axis: 1, epsilon: 1e-3).withC { body(UnsafeRawPointer($0)) }
        case .recurrent, .recurrentBackward, .recurrentWorkspaceSize, .recurrentTraining, .recurrentBackwardWorkspace:
            RecurrentParameters(cell: RecurrentCell(rawValue: max(0, op)) ?? .lstm).withC { body(UnsafeRawPointer($0)) }
        default: body(nil)
        }
    }
}
