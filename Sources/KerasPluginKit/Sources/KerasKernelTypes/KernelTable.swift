import CKerasABI

// The kernel table: the list of kernels (`BackendKernel`, numbered as `keras_kernel`) and one
// row of facts per kernel (`KernelSpec.table`). Together with the slot in keras_plugin.h this
// is the only place a kernel is listed.

/// The kernels of a backend, numbered as the slots of `keras_plugin.h`'s `keras_backend`
/// (`keras_kernel`): used in `supports` queries, usage counters and reports.
///
/// Everything else about a kernel — its name, op codes, operands, parameters and what happens
/// when a plugin lacks it — is its row in the kernel table, ``spec``.
///
/// ```swift
/// BackendKernel.convolutionActivation.spec.parameters    // .convolution
/// BackendKernel.unary.opName(UnaryOp.exp.rawValue)        // "unary.exp"
/// ```
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

    /// The kernel's row in ``KernelSpec/table``.
    @inlinable
    public var spec: KernelSpec { KernelSpec.table[Int(rawValue)] }

    /// The camel-case name used in reports and usage counters (`"convolutionActivation"`).
    public var description: String { spec.name }

    /// Composite kernels: when a plugin lacks one, the host composes it from primitives (or, for
    /// the ABI 1.2 kernels, takes its Swift path) rather than falling back to the reference backend.
    public var isComposite: Bool { spec.absent == .composed }

    /// The op codes of a kernel that takes one, with names (empty for the others).
    public var ops: [(code: Int32, name: String)] { spec.family.ops }

    public static func < (a: BackendKernel, b: BackendKernel) -> Bool { a.rawValue < b.rawValue }

    /// `"unary.exp"`, `"matmul"`, `"pool.max"`.
    public func opName(_ op: Int32?) -> String {
        guard let op, let name = ops.first(where: { $0.code == op })?.name else { return description }
        return "\(description).\(name)"
    }

    /// The kernel whose `keras_backend` slot lies at `offset` bytes (`nil` for other fields).
    @inlinable
    public init?(slotOffset offset: Int) {
        let index = offset - KernelSpec.firstSlotOffset
        guard index >= 0, index % 8 == 0, let kernel = BackendKernel(rawValue: Int32(index / 8)) else { return nil }
        self = kernel
    }

    /// The byte offset of this kernel's slot in `keras_backend` (one pointer per kernel, in
    /// order, after the header: `keras_plugin.h` asserts the layout).
    @inlinable
    public var slotOffset: Int { KernelSpec.firstSlotOffset + 8 * Int(rawValue) }
}

extension keras_backend {
    /// Whether the table's slot for `kernel` is filled (read by offset, so no list of slots).
    @inlinable
    public func provides(_ kernel: BackendKernel) -> Bool {
        withUnsafeBytes(of: self) { $0.load(fromByteOffset: kernel.slotOffset, as: UnsafeRawPointer?.self) != nil }
    }
}


/// One row of the kernel table: what the host and KerasPluginKit need to know about a slot of
/// `keras_backend` beyond its C signature.
///
/// The table is the single list of kernels besides the header: the plugin adapter's
/// dispatch, `provides`, coverage probes, usage names, fallbacks and the kit's `supports`
/// parameters all read it. Adding a kernel: the slot in `keras_plugin.h`, a case in
/// ``BackendKernel`` and its row here, the reference or composite implementation, the `K`
/// function (see docs/architecture.md).
public struct KernelSpec: Sendable {
    public let kernel: BackendKernel
    /// The name in reports and counters (`"batchNormalizationTraining"`).
    public let name: String
    /// The op codes it takes (`op` of its C function and of `keras_op_query`).
    public let family: OpFamily
    /// Input tensors, optional ones counted (`linear`: x, weight, [bias] → 2...3; the recurrent
    /// kernels: their input list, LSTM's carry state included; the workspace of the ABI 1.2
    /// recurrent kernels is passed apart from the lists and not counted).
    public let inputs: ClosedRange<Int>
    /// Output tensors the host allocates (0 for `recurrentWorkspaceSize`, which returns a byte
    /// count, and for the in-place `optimizerUpdate`, whose variable and slots are inputs).
    public let outputs: ClosedRange<Int>
    /// What its `params` pointer (and its query's) points to.
    public let parameters: ParameterKind
    /// What the host does when a plugin lacks or declines it.
    public let absent: Absence
    /// Representative operands for coverage reports.
    public let probe: ProbeShape
    /// The ABI minor version that added it.
    public let minor: Int

    /// What happens when a plugin does not run a kernel.
    public enum Absence: Sendable, Equatable {
        /// The reference backend runs it, under the user's fallback policy (a primitive).
        case reference
        /// The host composes it from the same backend's primitives (a composite): not a fallback.
        case composed
    }

    /// The byte offset of the first kernel slot (`unary`) in `keras_backend`: after
    /// struct_size, name, priority + reserved, context, set_threads and supports. A literal, so
    /// that finding a kernel from its slot costs nothing per call; the table's first use checks
    /// it against the C layout (and KernelTableTests does).
    @inlinable
    public static var firstSlotOffset: Int { 48 }

    /// The op code a query carries for a kernel without an op family (`keras_op_query.op`).
    @inlinable
    public static var noOpCode: Int32 { -1 }

    /// The table, indexed by ``BackendKernel/rawValue``.
    public static let table: [KernelSpec] = {
        func row(_ k: BackendKernel, _ name: String, _ family: OpFamily = .none, in inputs: ClosedRange<Int>, out outputs: ClosedRange<Int> = 1...1,
                 _ parameters: ParameterKind = .none, _ absent: Absence = .reference, probe: ProbeShape, minor: Int = 0) -> KernelSpec {
            KernelSpec(kernel: k, name: name, family: family, inputs: inputs, outputs: outputs, parameters: parameters,
                       absent: absent, probe: probe, minor: minor)
        }
        let rows: [KernelSpec] = [
            row(.unary, "unary", .unary, in: 1...1, probe: .elementwise),
            row(.binary, "binary", .binary, in: 2...2, probe: .elementwise),
            row(.select, "select", in: 3...3, probe: .select),
            row(.cast, "cast", in: 1...1, probe: .cast),
            row(.reduce, "reduce", .reduce, in: 1...1, probe: .reduction),
            row(.argReduce, "argReduce", .argReduce, in: 1...1, probe: .reduction),
            row(.cumulative, "cumulative", .cumulative, in: 1...1, probe: .elementwise),
            row(.matmul, "matmul", in: 2...2, probe: .elementwise),
            row(.transpose, "transpose", in: 1...1, probe: .elementwise),
            row(.slice, "slice", in: 1...1, probe: .elementwise),
            row(.concatenate, "concatenate", in: 1...Int(Int32.max), probe: .concatenate),
            row(.pad, "pad", in: 1...1, probe: .elementwise),
            row(.tile, "tile", in: 1...1, probe: .elementwise),
            row(.broadcast, "broadcast", in: 1...1, probe: .elementwise),
            row(.reverse, "reverse", in: 1...1, probe: .elementwise),
            row(.gather, "gather", in: 2...2, probe: .gather),
            row(.scatterAdd, "scatterAdd", in: 2...2, probe: .scatterAdd),
            row(.convolution, "convolution", in: 2...2, .convolution, probe: .convolution),
            row(.convolutionBackwardInput, "convolutionBackwardInput", in: 2...2, .convolution, probe: .convolutionBackwardInput),
            row(.convolutionBackwardKernel, "convolutionBackwardKernel", in: 2...2, .convolution, probe: .convolutionBackwardKernel),
            row(.pool, "pool", .poolMode, in: 1...1, .pooling, probe: .pool),
            row(.poolBackward, "poolBackward", .poolMode, in: 2...2, .pooling, probe: .poolBackward),
            row(.softmax, "softmax", in: 1...1, .none, .composed, probe: .elementwise),
            row(.logSoftmax, "logSoftmax", in: 1...1, .none, .composed, probe: .elementwise),
            row(.linear, "linear", in: 2...3, .none, .composed, probe: .linear),
            row(.activation, "activation", .activation, in: 1...1, .activation, .composed, probe: .elementwise, minor: 1),
            row(.activationBackward, "activationBackward", .activation, in: 2...2, .activation, .composed, probe: .elementwise, minor: 1),
            row(.linearActivation, "linearActivation", .activation, in: 2...3, .activation, .composed, probe: .linear, minor: 1),
            row(.batchNormalization, "batchNormalization", in: 3...5, .normalization, .composed, probe: .normalizationInference, minor: 1),
            row(.batchNormalizationTraining, "batchNormalizationTraining", in: 1...3, out: 3...3, .normalization, .composed, probe: .normalization, minor: 1),
            row(.batchNormalizationBackward, "batchNormalizationBackward", in: 4...5, out: 3...3, .normalization, .composed, probe: .normalizationBackward, minor: 1),
            row(.layerNormalization, "layerNormalization", in: 1...3, out: 3...3, .normalization, .composed, probe: .normalization, minor: 1),
            row(.layerNormalizationBackward, "layerNormalizationBackward", in: 4...5, out: 3...3, .normalization, .composed, probe: .normalizationBackward, minor: 1),
            row(.recurrent, "recurrent", .recurrentCell, in: 5...6, out: 2...3, .recurrent, .composed, probe: .recurrent, minor: 1),
            row(.recurrentBackward, "recurrentBackward", .recurrentCell, in: 7...9, out: 5...6, .recurrent, .composed, probe: .recurrentBackward, minor: 1),
            row(.convolutionActivation, "convolutionActivation", .activation, in: 2...3, .convolution, .composed, probe: .convolutionActivation, minor: 1),
            row(.recurrentWorkspaceSize, "recurrentWorkspaceSize", .recurrentCell, in: 5...6, out: 0...0, .recurrent, .composed, probe: .recurrent, minor: 2),
            row(.recurrentTraining, "recurrentTraining", .recurrentCell, in: 5...6, out: 2...3, .recurrent, .composed, probe: .recurrent, minor: 2),
            row(.recurrentBackwardWorkspace, "recurrentBackwardWorkspace", .recurrentCell, in: 7...9, out: 5...6, .recurrent, .composed,
                probe: .recurrentBackward, minor: 2),
            row(.optimizerUpdate, "optimizerUpdate", .optimizer, in: 2...5, out: 0...0, .optimizer, .composed, probe: .optimizerUpdate, minor: 2),
        ]
        precondition(rows.enumerated().allSatisfy { $0.offset == Int($0.element.kernel.rawValue) }
                     && rows.count == BackendKernel.allCases.count, "KernelSpec.table: one row per BackendKernel, in order")
        precondition(MemoryLayout<keras_backend>.offset(of: \keras_backend.unary) == firstSlotOffset,
                     "KernelSpec.firstSlotOffset: keras_backend's first kernel slot moved")
        return rows
    }()
}

/// The op codes a kernel takes, by family (`KernelSpec.family`).
public enum OpFamily: String, Sendable, CaseIterable {
    case none, unary, binary, reduce, argReduce, cumulative
    /// `keras_pool_mode`.
    case poolMode
    /// `keras_activation_op`.
    case activation
    /// `keras_recurrent_cell`.
    case recurrentCell
    /// `keras_optimizer_op`.
    case optimizer

    /// The codes of the family, with names (empty for ``none``).
    public var ops: [(code: Int32, name: String)] {
        switch self {
        case .none: []
        case .unary: UnaryOp.allCases.map { ($0.rawValue, "\($0)") }
        case .binary: BinaryOp.allCases.map { ($0.rawValue, "\($0)") }
        case .reduce: ReduceOp.allCases.map { ($0.rawValue, "\($0)") }
        case .argReduce: ArgReduceOp.allCases.map { ($0.rawValue, "\($0)") }
        case .cumulative: CumulativeOp.allCases.map { ($0.rawValue, "\($0)") }
        case .poolMode: PoolMode.allCases.map { ($0.rawValue, "\($0)") }
        case .activation: ActivationOp.allCases.map { ($0.rawValue, "\($0)") }
        case .recurrentCell: RecurrentCell.allCases.map { ($0.rawValue, "\($0)") }
        case .optimizer: OptimizerOp.allCases.map { ($0.rawValue, "\($0)") }
        }
    }

    /// Whether op `code` of this family gives a `bool` result (predicates and comparisons).
    public func returnsBool(_ code: Int32) -> Bool {
        switch self {
        case .unary: UnaryOp(rawValue: code)?.returnsBool ?? false
        case .binary: BinaryOp(rawValue: code)?.returnsBool ?? false
        default: false
        }
    }
}

/// The representative operands a coverage report asks `supports` about, by kind of kernel
/// (the host builds the shapes; see `PluginBackend.coverage()`).
public enum ProbeShape: Sendable, Equatable {
    /// Inputs and output of one matrix shape (the op family decides a `bool` output).
    case elementwise
    case select, cast, reduction, concatenate, gather, scatterAdd, linear
    case convolution, convolutionBackwardInput, convolutionBackwardKernel, convolutionActivation
    case pool, poolBackward
    case normalizationInference, normalization, normalizationBackward
    case recurrent, recurrentBackward
    /// A variable, its gradient and one slot.
    case optimizerUpdate
}
