import Foundation
import Testing
import Keras
@testable import KerasCore
import KerasKernelTypes

/// Routing backends over the two plugin backends the package builds, with routes given by the
/// test (never from a cache on the machine), and members that keep their own usage counters so a
/// test can tell which plugin ran a call.
enum RoutingFixtures {
    /// Fresh `onednn` and `openblas` adapters (in that order: their priority order) in strict
    /// mode, chained as `auto` chains them, with counters of their own per plugin; `nil` (with an issue recorded) when one is not built.
    static func members(sourceLocation: SourceLocation = #_sourceLocation) -> [PluginBackend]? {
        _ = PluginFixtures.built("KerasOneDNN", sourceLocation: sourceLocation)
        _ = PluginFixtures.built("KerasOpenBLAS", sourceLocation: sourceLocation)
        let names = ["onednn", "openblas"]
        let loaded = names.compactMap { try? BackendRegistry.backend(named: $0, fallback: .error) as? PluginBackend }
        guard loaded.count == names.count else { return nil }
        let counters = loaded.map { _ in UsageCounters() }
        return RoutingBackend.chain(loaded, fallback: .error) { counters[$0] }
    }

    /// A routing backend over `members` with `routes` set on a default table.
    static func routing(_ members: [PluginBackend], _ routes: [(BackendKernel, Int32, DType, WorkSize, UInt8)]) -> RoutingBackend {
        var table = RouteTable()
        for (kernel, op, dtype, size, route) in routes { table.set(kernel, op, dtype, size, route) }
        return RoutingBackend(members: members, table: table, counters: UsageCounters())
    }

    /// A routing backend whose routes are the deterministic (priority) plan over `members`.
    static func priorityRouting(_ members: [PluginBackend]) -> RoutingBackend {
        let backend = RoutingBackend(members: members, counters: UsageCounters())
        backend.decisions = RoutePlanner(members: members, measure: false).plan(on: backend)
        return backend
    }

    /// How often `member` ran `kernel` (op `op`) natively.
    static func nativeRuns(_ member: PluginBackend, _ kernel: BackendKernel, op: Int32? = nil) -> Int {
        member.usage.first { $0.kernel == kernel && $0.op == op }?.native ?? 0
    }

    /// Deterministic float32 values in [-1, 1).
    static func tensor(_ shape: [Int], seed: UInt64) -> Tensor {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
        let values = (0..<shape.reduce(1, *)).map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 23) - 1
        }
        return Tensor(values, shape: shape)
    }

    /// The largest absolute difference between two float tensors of one shape.
    static func maxDifference(_ a: Tensor, _ b: Tensor) -> Double {
        #expect(a.shape == b.shape)
        let x = a.scalars(as: Float.self), y = b.scalars(as: Float.self)
        return zip(x, y).map { Double(abs($0 - $1)) }.max() ?? 0
    }

    /// A fresh temporary `$SWIFTKERAS_HOME`.
    static func temporaryHome() throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("swiftkeras-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
