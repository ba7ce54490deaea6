import KerasKernelTypes

/// How much work one kernel call does, in two classes: `auto` routes small and large calls of
/// the same kernel separately, because the fastest plugin differs (a library's per-call
/// overhead decides a 1-sample `Dense`; its GEMM decides a batch of 128).
///
/// The work is the element count of the largest operand for element-wise, normalisation and
/// layout kernels, and the multiply-adds for matrix products, `linear`, convolutions and
/// recurrent sequences; ``threshold(for:)`` divides the classes.
public enum WorkSize: Int, Sendable, CaseIterable, Codable, CustomStringConvertible {
    case small = 0, large

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let size = Self.allCases.first(where: { $0.description == text }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "size \"\(text)\" is not small or large"))
        }
        self = size
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The first amount of work in the large class for `kernel`: 16 Ki elements (64 KiB of
    /// float32), or 1 Mi multiply-adds for the products and sequences.
    public static func threshold(for kernel: BackendKernel) -> Int {
        kernel.countsMultiplyAdds ? 1 << 20 : 1 << 14
    }

    /// The class of `work` units of `kernel`.
    @inline(__always)
    public static func of(_ work: Int, _ kernel: BackendKernel) -> WorkSize {
        work < threshold(for: kernel) ? .small : .large
    }

    public var description: String { self == .small ? "small" : "large" }
}

extension BackendKernel {
    /// Whether the work of a call is counted in multiply-adds (products, convolutions, sequences)
    /// rather than elements.
    var countsMultiplyAdds: Bool {
        switch self {
        case .matmul, .linear, .linearActivation, .convolution, .convolutionBackwardInput, .convolutionBackwardKernel,
             .convolutionActivation, .recurrent, .recurrentBackward, .recurrentTraining, .recurrentBackwardWorkspace:
            true
        default:
            false
        }
    }
}

/// Where `auto` sends one (kernel, op, dtype, size) — a member backend by index, or the
/// composition of a composite from the routed primitives — as a dense table of bytes read once
/// per kernel call (no lock, no allocation).
struct RouteTable: Sendable, Equatable {
    /// The route of a composite composed from the routing backend's own (routed) primitives.
    static let composed: UInt8 = 255
    /// The route of a primitive the reference backend runs faster than the plugins that claim
    /// it (a tiny call, where a library's per-call overhead dominates).
    static let reference: UInt8 = 254
    static let opsPerKernel = 64
    static let dtypeSlots = 8

    private(set) var routes: [UInt8]

    /// Every primitive to member 0 (the highest-priority plugin, which falls back to the
    /// reference backend for what it does not run), every composite composed.
    init() {
        routes = [UInt8](repeating: 0, count: BackendKernel.allCases.count * Self.opsPerKernel * Self.dtypeSlots * 2)
        for kernel in BackendKernel.allCases where kernel.isComposite {
            for op in 0..<Self.opsPerKernel {
                for dtype in 0..<Self.dtypeSlots {
                    for size in WorkSize.allCases { routes[Self.index(kernel, Int32(op), dtype, size)] = Self.composed }
                }
            }
        }
    }

    @inline(__always)
    static func index(_ kernel: BackendKernel, _ op: Int32, _ dtype: Int, _ size: WorkSize) -> Int {
        let opIndex = Int(op) & (opsPerKernel - 1)
        return ((Int(kernel.rawValue) &* opsPerKernel &+ opIndex) &* dtypeSlots &+ (dtype & (dtypeSlots - 1))) &* 2 &+ size.rawValue
    }

    @inline(__always)
    static func index(_ kernel: BackendKernel, _ op: Int32, _ dtype: DType, _ size: WorkSize) -> Int {
        index(kernel, op, Int(dtype.abiCode), size)
    }

    @inline(__always)
    func route(_ kernel: BackendKernel, _ op: Int32, _ dtype: DType, _ size: WorkSize) -> UInt8 {
        routes[Self.index(kernel, op, dtype, size)]
    }

    mutating func set(_ kernel: BackendKernel, _ op: Int32, _ dtype: DType, _ size: WorkSize, _ route: UInt8) {
        routes[Self.index(kernel, op, dtype, size)] = route
    }
}

/// Why `auto` sends a kernel where it does, as `swiftkeras info` shows it.
public struct RouteDecision: Sendable, Equatable, Codable, CustomStringConvertible {
    /// How the target was chosen.
    public enum Reason: String, Sendable, Equatable, Codable {
        /// The fastest of several candidates in the calibration (``RouteDecision/times``).
        case measured
        /// One plugin claims it, and it was not measured (the composition or the reference
        /// backend behind it: float64, or the deterministic mode).
        case onlyProvider = "only provider"
        /// No plugin runs it for this dtype: the highest-priority plugin's fallback (the
        /// reference backend) or, for a composite, the composition.
        case declined
        /// Several could run it but it was not measured (deterministic mode, a dtype other than
        /// float32, or a kernel without a calibration case): the highest-priority one.
        case priority
    }

    /// `"matmul"`, `"binary.add"`.
    public let kernel: String
    public let dtype: DType
    public let size: WorkSize
    /// A plugin backend's name, `"reference"` (a primitive measured faster there), or
    /// `"composed"` (a composite, from the routed primitives).
    public let target: String
    public let reason: Reason
    /// Seconds per call of each candidate in the calibration (its fastest sample; empty
    /// unless measured).
    public let times: [String: Double]

    public var description: String {
        var text = "\(kernel) \(dtype) \(size) → \(target) (\(reason.rawValue)"
        if !times.isEmpty {
            text += ": " + times.sorted { $0.value < $1.value }.map { "\($0.key) \(Self.format($0.value))" }.joined(separator: ", ")
        }
        return text + ")"
    }

    /// `"48.7 µs"`, `"3.10 ms"`.
    static func format(_ seconds: Double) -> String {
        if seconds < 1e-3 { return String(format: "%.1f µs", seconds * 1e6) }
        return String(format: "%.2f ms", seconds * 1e3)
    }
}
