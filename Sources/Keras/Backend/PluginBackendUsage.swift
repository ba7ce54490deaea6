import CKerasABI
import Synchronization

/// The kernels of the ``Backend`` protocol, numbered as the slots of `keras_plugin.h`'s
/// `keras_backend` (`keras_kernel`): used in `supports` queries, usage counters and reports.
public enum BackendKernel: Int32, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case unary = 0, binary, select, cast, reduce, argReduce, cumulative, matmul
    case transpose, slice, concatenate, pad, tile, broadcast, reverse, gather, scatterAdd
    case convolution, convolutionBackwardInput, convolutionBackwardKernel, pool, poolBackward
    case softmax, logSoftmax, linear
    // ABI 1.1
    case activation, activationBackward, linearActivation
    case batchNormalization, batchNormalizationTraining, batchNormalizationBackward
    case layerNormalization, layerNormalizationBackward
    case recurrent, recurrentBackward
    case convolutionActivation
    // ABI 1.2
    case recurrentWorkspaceSize, recurrentTraining, recurrentBackwardWorkspace
    case optimizerUpdate

    public var description: String {
        switch self {
        case .unary: "unary"
        case .binary: "binary"
        case .select: "select"
        case .cast: "cast"
        case .reduce: "reduce"
        case .argReduce: "argReduce"
        case .cumulative: "cumulative"
        case .matmul: "matmul"
        case .transpose: "transpose"
        case .slice: "slice"
        case .concatenate: "concatenate"
        case .pad: "pad"
        case .tile: "tile"
        case .broadcast: "broadcast"
        case .reverse: "reverse"
        case .gather: "gather"
        case .scatterAdd: "scatterAdd"
        case .convolution: "convolution"
        case .convolutionBackwardInput: "convolutionBackwardInput"
        case .convolutionBackwardKernel: "convolutionBackwardKernel"
        case .pool: "pool"
        case .poolBackward: "poolBackward"
        case .softmax: "softmax"
        case .logSoftmax: "logSoftmax"
        case .linear: "linear"
        case .activation: "activation"
        case .activationBackward: "activationBackward"
        case .linearActivation: "linearActivation"
        case .batchNormalization: "batchNormalization"
        case .batchNormalizationTraining: "batchNormalizationTraining"
        case .batchNormalizationBackward: "batchNormalizationBackward"
        case .layerNormalization: "layerNormalization"
        case .layerNormalizationBackward: "layerNormalizationBackward"
        case .recurrent: "recurrent"
        case .recurrentBackward: "recurrentBackward"
        case .convolutionActivation: "convolutionActivation"
        case .recurrentWorkspaceSize: "recurrentWorkspaceSize"
        case .recurrentTraining: "recurrentTraining"
        case .recurrentBackwardWorkspace: "recurrentBackwardWorkspace"
        case .optimizerUpdate: "optimizerUpdate"
        }
    }

    /// Composite kernels: when a plugin lacks one, the core composes it from primitives.
    /// Every kernel from ABI 1.1 on is a composite.
    public var isComposite: Bool { self >= .softmax }

    /// The op codes of a kernel that takes one (unary, binary, reductions, pooling), with names.
    public var ops: [(code: Int32, name: String)] {
        switch self {
        case .unary: UnaryOp.allCases.map { ($0.rawValue, "\($0)") }
        case .binary: BinaryOp.allCases.map { ($0.rawValue, "\($0)") }
        case .reduce: ReduceOp.allCases.map { ($0.rawValue, "\($0)") }
        case .argReduce: ArgReduceOp.allCases.map { ($0.rawValue, "\($0)") }
        case .cumulative: CumulativeOp.allCases.map { ($0.rawValue, "\($0)") }
        case .pool, .poolBackward: [(PoolMode.max.rawValue, "max"), (PoolMode.average.rawValue, "average")]
        case .activation, .activationBackward, .linearActivation, .convolutionActivation: ActivationOp.allCases.map { ($0.rawValue, "\($0)") }
        case .recurrent, .recurrentBackward, .recurrentWorkspaceSize, .recurrentTraining, .recurrentBackwardWorkspace:
            RecurrentCell.allCases.map { ($0.rawValue, "\($0)") }
        case .optimizerUpdate: [(0, "sgd"), (1, "rmsprop"), (2, "adam"), (3, "adamw"), (4, "adagrad")]
        default: []
        }
    }

    public static func < (a: BackendKernel, b: BackendKernel) -> Bool { a.rawValue < b.rawValue }

    /// `"unary.exp"`, `"matmul"`, `"pool.max"`.
    public func opName(_ op: Int32) -> String {
        guard op >= 0, let name = ops.first(where: { $0.code == op })?.name else { return description }
        return "\(description).\(name)"
    }
}

/// How often each op ran natively on a plugin backend and how often it fell back to the
/// reference backend, since the process started.
///
/// ```swift
/// for entry in backend.usage where entry.fallback > 0 { print(entry) }   // "unary.exp: 0 native, 12 fallback"
/// ```
public struct KernelUsage: Sendable, Equatable, CustomStringConvertible {
    public let kernel: BackendKernel
    /// The op code (for kernels that take one), else -1.
    public let op: Int32
    public let native: Int
    public let fallback: Int

    /// `"unary.exp"`, `"matmul"`.
    public var name: String { kernel.opName(op) }

    public var description: String { "\(name): \(native) native, \(fallback) fallback" }
}

/// Lock-free counters, one pair per (kernel, op).
final class UsageCounters: @unchecked Sendable {
    private static let opsPerKernel = 64
    private static let cellCount = BackendKernel.allCases.count * opsPerKernel * 2
    private let cells: UnsafeMutablePointer<Atomic<Int>>
    /// Every native run and every fallback, whatever the kernel (the step profiler's
    /// before/after difference tells how a call ran).
    let nativeTotal = Atomic<Int>(0)
    let fallbackTotal = Atomic<Int>(0)

    init() {
        cells = .allocate(capacity: Self.cellCount)
        for i in 0..<Self.cellCount { (cells + i).initialize(to: Atomic(0)) }
    }

    deinit {
        cells.deinitialize(count: Self.cellCount)
        cells.deallocate()
    }

    private static func index(_ kernel: BackendKernel, _ op: Int32, fallback: Bool) -> Int {
        let slot = Int(kernel.rawValue) * opsPerKernel + Int(max(0, min(op, Int32(opsPerKernel - 1))))
        return slot * 2 + (fallback ? 1 : 0)
    }

    func count(_ kernel: BackendKernel, _ op: Int32, fallback: Bool) {
        cells[Self.index(kernel, op, fallback: fallback)].wrappingAdd(1, ordering: .relaxed)
        if fallback {
            fallbackTotal.wrappingAdd(1, ordering: .relaxed)
        } else {
            nativeTotal.wrappingAdd(1, ordering: .relaxed)
        }
    }

    /// Every (kernel, op) that ran at least once.
    var snapshot: [KernelUsage] {
        var result: [KernelUsage] = []
        for kernel in BackendKernel.allCases {
            let codes = kernel.ops.isEmpty ? [Int32(-1)] : kernel.ops.map(\.code)
            for op in codes {
                let native = cells[Self.index(kernel, op, fallback: false)].load(ordering: .relaxed)
                let fallback = cells[Self.index(kernel, op, fallback: true)].load(ordering: .relaxed)
                if native + fallback > 0 {
                    result.append(KernelUsage(kernel: kernel, op: op, native: native, fallback: fallback))
                }
            }
        }
        return result
    }
}
