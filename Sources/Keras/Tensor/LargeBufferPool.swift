#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Keeps freed tensor buffers of 8 MiB and more for the next tensor of the same size.
///
/// A training step allocates the same large tensors every time (a convolution's im2col matrix,
/// activations of a big batch). glibc serves blocks above its mmap threshold (at most 32 MiB)
/// with a fresh mapping each time, so every step paid page faults and the kernel's zeroing of
/// those pages again: 12–15 % of a CNN step on this machine. Reusing the block avoids both.
///
/// Buffers are matched by their exact (64-byte rounded) size; at most ``capacityBytes`` are
/// held, beyond which a returned buffer is simply freed. Thread-safe.
enum LargeBufferPool {
    /// Buffers smaller than this are left to malloc, which reuses them well.
    static let minimumBytes = 8 << 20
    /// The most bytes the pool holds while no tensor uses them.
    static let capacityBytes = 512 << 20

    /// An address, so the state can be `Sendable`.
    private struct Block: @unchecked Sendable { let pointer: UnsafeMutableRawPointer }

    private struct State {
        var free: [Int: [Block]] = [:]
        var heldBytes = 0
    }

    private static let state = Mutex(State())

    /// A pooled buffer of exactly `size` bytes, or `nil`.
    static func take(size: Int) -> UnsafeMutableRawPointer? {
        guard size >= minimumBytes else { return nil }
        return state.withLock { s -> UnsafeMutableRawPointer? in
            guard let block = s.free[size]?.popLast() else { return nil }
            s.heldBytes -= size
            return block.pointer
        }
    }

    /// Keeps `pointer` (a buffer of `size` bytes) for reuse; `false` when the caller must free it.
    static func give(_ pointer: UnsafeMutableRawPointer, size: Int) -> Bool {
        guard size >= minimumBytes else { return false }
        return state.withLock { s in
            guard s.heldBytes + size <= capacityBytes else { return false }
            s.free[size, default: []].append(Block(pointer: pointer))
            s.heldBytes += size
            return true
        }
    }

    /// Bytes held for reuse right now.
    static var heldBytes: Int { state.withLock { $0.heldBytes } }

    /// Frees every held buffer (tests, and callers short of memory).
    static func drain() {
        let blocks = state.withLock { s -> [Block] in
            defer { s.free = [:]; s.heldBytes = 0 }
            return s.free.values.flatMap { $0 }
        }
        for block in blocks { free(block.pointer) }
    }
}
