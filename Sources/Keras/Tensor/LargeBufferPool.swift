#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Keeps freed tensor buffers of 1 MiB and more for the next tensor of the same size.
///
/// A training step allocates the same large tensors every time (a convolution's im2col matrix,
/// activations of a big batch). glibc serves blocks above its mmap threshold (at most 32 MiB)
/// with a fresh mapping each time, so every step paid page faults and the kernel's zeroing of
/// those pages again: 12–15 % of a CNN step on this machine. Reusing the block avoids both.
/// Blocks of 1–8 MiB fared no better: glibc trims the heap top and shrinks thread arenas as
/// soon as a step frees them, so the CNN's six 4.7 MB tensors per step (the dropout mask and
/// output, the flattened activations' gradients, the dense kernel's) came back as 7,400 fresh
/// pages per step, ~3 ms each to fault in on this machine.
///
/// Buffers are matched by their exact (64-byte rounded) size. At most ``capacityBytes`` are
/// held: when a returned buffer does not fit, the buffers held longest are freed to make room,
/// so the sizes of the phase running now (training steps, then evaluation batches) win.
/// Thread-safe.
enum LargeBufferPool {
    /// Buffers smaller than this are left to malloc, which reuses them well. (An LSTM step's
    /// 1.3 and 5 MB tensors came fresh from the system 8 times per step below 8 MiB too.)
    static let minimumBytes = 1 << 20
    /// The most bytes the pool holds while no tensor uses them.
    static let capacityBytes = 512 << 20

    /// A held buffer; an address, so the state can be `Sendable`.
    private struct Block: @unchecked Sendable {
        let pointer: UnsafeMutableRawPointer
        let size: Int
    }

    private struct State {
        /// Oldest first.
        var held: [Block] = []
        var heldBytes = 0
    }

    private static let state = Mutex(State())

    /// A pooled buffer of exactly `size` bytes (the most recently returned), or `nil`.
    static func take(size: Int) -> UnsafeMutableRawPointer? {
        guard size >= minimumBytes else { return nil }
        return state.withLock { s -> UnsafeMutableRawPointer? in
            guard let i = s.held.lastIndex(where: { $0.size == size }) else { return nil }
            s.heldBytes -= size
            return s.held.remove(at: i).pointer
        }
    }

    /// Keeps `pointer` (a buffer of `size` bytes) for reuse, freeing the oldest held buffers if
    /// it would not fit otherwise; `false` when the caller must free it (too small or too big).
    static func give(_ pointer: UnsafeMutableRawPointer, size: Int) -> Bool {
        guard size >= minimumBytes, size <= capacityBytes else { return false }
        let evicted = state.withLock { s -> [Block] in
            var evicted: [Block] = []
            var dropCount = 0
            while s.heldBytes + size > capacityBytes {
                s.heldBytes -= s.held[dropCount].size
                evicted.append(s.held[dropCount])
                dropCount += 1
            }
            s.held.removeFirst(dropCount)
            s.held.append(Block(pointer: pointer, size: size))
            s.heldBytes += size
            return evicted
        }
        for block in evicted { free(block.pointer) }
        return true
    }

    /// Bytes held for reuse right now.
    static var heldBytes: Int { state.withLock { $0.heldBytes } }

    /// Frees every held buffer (tests, and callers short of memory).
    static func drain() {
        let blocks = state.withLock { s -> [Block] in
            defer { s.held = []; s.heldBytes = 0 }
            return s.held
        }
        for block in blocks { free(block.pointer) }
    }
}
