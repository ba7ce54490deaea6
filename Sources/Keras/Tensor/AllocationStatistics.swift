import Foundation
import Synchronization

/// Counters of the tensor buffers a process allocates: how many, their bytes, and how many were
/// large (1 MiB and more) and came fresh from the system allocator rather than from
/// ``LargeBufferPool``. Read through ``TensorStorage/allocations``.
///
/// ```swift
/// let before = TensorStorage.allocations
/// try model.trainOnBatch(x, y)
/// print(TensorStorage.allocations - before)   // "212 buffers, 48.1 MB, 0 large fresh"
/// ```
public final class AllocationStatistics: Sendable {
    /// Buffers from this size on count as large.
    public static let largeBytes = 1 << 20

    private let buffers = Atomic<Int>(0)
    private let bytes = Atomic<Int>(0)
    private let largeFresh = Atomic<Int>(0)

    init() {}

    @inline(__always)
    func count(bytes size: Int, fresh: Bool) {
        buffers.wrappingAdd(1, ordering: .relaxed)
        bytes.wrappingAdd(size, ordering: .relaxed)
        if fresh && size >= Self.largeBytes { largeFresh.wrappingAdd(1, ordering: .relaxed) }
    }

    /// The counts at one moment; subtract two for what happened in between.
    public struct Snapshot: Sendable, Equatable, CustomStringConvertible {
        public var buffers: Int
        public var bytes: Int
        public var largeFresh: Int

        public static func - (a: Snapshot, b: Snapshot) -> Snapshot {
            Snapshot(buffers: a.buffers - b.buffers, bytes: a.bytes - b.bytes, largeFresh: a.largeFresh - b.largeFresh)
        }

        public var description: String {
            "\(buffers) buffers, \(String(format: "%.1f", Double(bytes) / 1e6)) MB, \(largeFresh) large fresh"
        }
    }

    var snapshot: Snapshot {
        Snapshot(buffers: buffers.load(ordering: .relaxed), bytes: bytes.load(ordering: .relaxed),
                 largeFresh: largeFresh.load(ordering: .relaxed))
    }
}
