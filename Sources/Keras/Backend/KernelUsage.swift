import CKerasABI
import Synchronization

/// How often each op ran natively on a plugin backend and how often it fell back to the
/// reference backend, since the process started.
///
/// ```swift
/// for entry in backend.usage where entry.fallback > 0 { print(entry) }   // "unary.exp: 0 native, 12 fallback"
/// ```
public struct KernelUsage: Sendable, Equatable, CustomStringConvertible {
    public let kernel: BackendKernel
    /// The op code (for kernels that take one: `BackendKernel.spec.family`).
    public let op: Int32?
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

    private static func index(_ kernel: BackendKernel, _ op: Int32?, fallback: Bool) -> Int {
        let slot = Int(kernel.rawValue) * opsPerKernel + Int(max(0, min(op ?? 0, Int32(opsPerKernel - 1))))
        return slot * 2 + (fallback ? 1 : 0)
    }

    func count(_ kernel: BackendKernel, _ op: Int32?, fallback: Bool) {
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
            let codes: [Int32?] = kernel.ops.isEmpty ? [nil] : kernel.ops.map(\.code)
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
