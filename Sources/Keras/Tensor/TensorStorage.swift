#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The byte buffer behind a ``Tensor``: row-major, contiguous, 64-byte aligned.
///
/// A class so that tensors share storage cheaply and copy on write. The buffer is owned by the
/// storage and freed with it; the alignment is what plugins are promised by `keras_plugin.h`.
public final class TensorStorage: @unchecked Sendable {
    /// Alignment of every tensor buffer, in bytes.
    public static let alignment = 64

    /// Start of the buffer (never null, even for zero bytes).
    public let pointer: UnsafeMutableRawPointer
    /// Size of the buffer in bytes.
    public let byteCount: Int
    private let deallocator: (@Sendable (UnsafeMutableRawPointer) -> Void)?

    /// Allocates `byteCount` uninitialised bytes (large buffers may come from
    /// ``LargeBufferPool``, so their old contents remain: uninitialised means that).
    public init(byteCount: Int) {
        let size = Self.allocationSize(byteCount)
        let pooled = LargeBufferPool.take(size: size)
        if let pooled {
            pointer = pooled
        } else {
            var raw: UnsafeMutableRawPointer?
            let status = posix_memalign(&raw, Self.alignment, size)
            precondition(status == 0 && raw != nil, "TensorStorage: cannot allocate \(byteCount) bytes")
            pointer = raw!
        }
        TensorStorage.statistics.count(bytes: size, fresh: pooled == nil)
        self.byteCount = byteCount
        deallocator = nil
    }

    /// Bytes actually allocated for `byteCount`: at least one, rounded up to the alignment.
    private static func allocationSize(_ byteCount: Int) -> Int {
        (max(byteCount, 1) + alignment - 1) / alignment * alignment
    }

    /// Every buffer allocated so far in this process (the step profiler and the benchmarks take
    /// differences of it: allocations per step).
    public static var allocations: AllocationStatistics.Snapshot { statistics.snapshot }
    static let statistics = AllocationStatistics()

    /// Adopts a buffer allocated elsewhere (a plugin's allocator); `deallocate` frees it.
    public init(adopting pointer: UnsafeMutableRawPointer, byteCount: Int,
                deallocate: @escaping @Sendable (UnsafeMutableRawPointer) -> Void) {
        self.pointer = pointer
        self.byteCount = byteCount
        deallocator = deallocate
    }

    deinit {
        if let deallocator {
            deallocator(pointer)
        } else if !LargeBufferPool.give(pointer, size: Self.allocationSize(byteCount)) {
            free(pointer)
        }
    }

    /// A byte-for-byte copy.
    public func copy() -> TensorStorage {
        let result = TensorStorage(byteCount: byteCount)
        result.pointer.copyMemory(from: pointer, byteCount: byteCount)
        return result
    }
}
