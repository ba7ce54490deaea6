import CKerasABI
import KerasKernelTypes

/// Which dtypes a backend runs one kernel (and op) on natively, as its plugin claims.
public struct KernelCoverage: Sendable, Equatable, CustomStringConvertible {
    public let kernel: BackendKernel
    /// The op code for kernels that take one (`BackendKernel.spec.family`).
    public let op: Int32?
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
            let ops: [Int32?] = kernel.ops.isEmpty ? [nil] : kernel.ops.map(\.code)
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
    private func claims(_ kernel: BackendKernel, op: Int32?, dtype: DType) -> Bool {
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
                                               op: op ?? KernelSpec.noOpCode, input_count: Int32(d.count - 1), reserved: 0,
                                               inputs: UnsafePointer(d.baseAddress!), output: UnsafePointer(d.baseAddress! + d.count - 1),
                                               params: params)
                    return supports(context, &query) != 0
                }
            }
        }
    }
}

/// Representative operands (inputs, then the output) for a coverage query, built from the
/// kernel table's probe shape, op family and parameter kind.
private struct Probe {
    let kernel: BackendKernel
    let op: Int32?
    var shapes: [[Int]]
    var dtypes: [DType]

    init(kernel: BackendKernel, op: Int32?, dtype: DType) {
        let spec = kernel.spec
        let m = [4, 4]
        self.kernel = kernel
        self.op = op
        let (image, filter, response) = ([1, 5, 5, 2], [3, 3, 2, 2], [1, 3, 3, 2])
        let result: DType = op.map(spec.family.returnsBool) == true ? .bool : dtype
        switch spec.probe {
        case .elementwise:
            shapes = [[Int]](repeating: m, count: spec.inputs.lowerBound + 1)
            dtypes = [DType](repeating: dtype, count: spec.inputs.lowerBound) + [result]
        case .select: (shapes, dtypes) = ([m, m, m, m], [.bool, dtype, dtype, dtype])
        case .cast: (shapes, dtypes) = ([m, m], [dtype, .float32])
        case .reduction: (shapes, dtypes) = ([m, [4]], [dtype, spec.family == .argReduce ? .int64 : dtype])
        case .concatenate: (shapes, dtypes) = ([m, m, [8, 4]], [dtype, dtype, dtype])
        case .gather: (shapes, dtypes) = ([m, [2], [2, 4]], [dtype, .int64, dtype])
        case .scatterAdd: (shapes, dtypes) = ([[2, 4], [2], m], [dtype, .int64, dtype])
        case .linear: (shapes, dtypes) = ([m, m, [4], m], [dtype, dtype, dtype, dtype])
        case .convolution: (shapes, dtypes) = ([image, filter, response], [dtype, dtype, dtype])
        case .convolutionActivation: (shapes, dtypes) = ([image, filter, [2], response], [dtype, dtype, dtype, dtype])
        case .convolutionBackwardInput: (shapes, dtypes) = ([response, filter, image], [dtype, dtype, dtype])
        case .convolutionBackwardKernel: (shapes, dtypes) = ([image, response, filter], [dtype, dtype, dtype])
        case .pool: (shapes, dtypes) = ([[1, 4, 4, 2], [1, 2, 2, 2]], [dtype, dtype])
        case .poolBackward: (shapes, dtypes) = ([[1, 4, 4, 2], [1, 2, 2, 2], [1, 4, 4, 2]], [dtype, dtype, dtype])
        case .optimizerUpdate: (shapes, dtypes) = ([m, m, m], [dtype, dtype, dtype])
        case .normalizationInference: (shapes, dtypes) = ([m, [4], [4], [4], [4], m], Array(repeating: dtype, count: 6))
        case .normalization: (shapes, dtypes) = ([m, [4], [4], m], Array(repeating: dtype, count: 4))
        case .normalizationBackward: (shapes, dtypes) = ([m, m, [4], [4], [4], m], Array(repeating: dtype, count: 6))
        case .recurrent, .recurrentBackward:
            let cell = op.flatMap(RecurrentCell.init(rawValue:)) ?? .lstm
            let (batch, time, units) = (2, 3, 4)
            let gates = cell.gateCount * units
            let states = [[Int]](repeating: [batch, units], count: cell.stateCount)
            let weights: [[Int]] = [[4, gates], [units, gates], cell == .gru ? [2, gates] : [gates]]
            let forward = [[batch, time, 4]] + states + weights
            shapes = spec.probe == .recurrent
                ? forward + [[batch, time, units]] : forward + [[batch, time, units]] + states + [[batch, time, 4]]
            dtypes = Array(repeating: dtype, count: shapes.count)
        }
    }

    /// Calls `body` with the parameters the kernel table says the kernel takes.
    func withParams<R>(_ body: (UnsafeRawPointer?) -> R) -> R {
        switch kernel.spec.parameters {
        case .none:
            body(nil)
        case .convolution:
            ConvolutionParameters(strides: [1, 1], dilations: [1, 1], paddingBefore: [0, 0], paddingAfter: [0, 0]).withC { body($0) }
        case .pooling:
            PoolingParameters(mode: op.flatMap(PoolMode.init(rawValue:)) ?? .max, window: [2, 2], strides: [2, 2],
                              paddingBefore: [0, 0], paddingAfter: [0, 0]).withC { body($0) }
        case .activation:
            ActivationParameters(op: op.flatMap(ActivationOp.init(rawValue:)) ?? .linear).withC { body($0) }
        case .normalization:
            NormalizationParameters(axis: 1, epsilon: 1e-3).withC { body($0) }
        case .recurrent:
            RecurrentParameters(cell: op.flatMap(RecurrentCell.init(rawValue:)) ?? .lstm).withC { body($0) }
        case .optimizer:
            OptimizerParameters(op: op.flatMap(OptimizerOp.init(rawValue:)) ?? .sgd, learningRate: 0.01, step: 1).withC { body($0) }
        }
    }
}
