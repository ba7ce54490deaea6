import COpenBLAS
import Dispatch
import Synchronization

/// The thread count the host allows, applied to OpenBLAS and to the plugin's own loops.
enum PluginThreads {
    private static let count = Atomic<Int>(1)

    /// Threads the plugin may use.
    static var current: Int { count.load(ordering: .relaxed) }

    /// Serialises changes of OpenBLAS's (process-wide) thread count.
    private static let setting = Mutex(())

    /// Applies the host's thread count (the plugin's `setThreads` kernel).
    static func set(_ threads: Int) {
        let threads = max(1, threads)
        setting.withLock { _ in
            count.store(threads, ordering: .relaxed)
            openblas_set_num_threads(Int32(clamping: threads))
        }
    }

    /// Runs `body` (an OpenBLAS call) with OpenBLAS on one thread: for products too small for
    /// a second thread to pay, where OpenBLAS's own rule would still wake its pool (a GEMV of a
    /// Dense layer at batch 1: 1.3–1.7× slower on two threads of a loaded 2-core machine).
    /// OpenBLAS's count is process-wide: a product started elsewhere meanwhile also runs on one
    /// thread (the same results, only slower).
    static func onOneThread(_ body: () -> Void) {
        guard current > 1 else { return body() }
        setting.withLock { _ in
            openblas_set_num_threads(1)
            body()
            openblas_set_num_threads(Int32(clamping: current))
        }
    }

    /// Runs `body` over `0..<total` in contiguous chunks on up to ``current`` threads; work
    /// smaller than `minimumChunk` iterations per thread stays on the calling thread. `body`
    /// must be safe to run concurrently on disjoint ranges.
    static func forEachChunk(_ total: Int, minimumChunk: Int, _ body: (Range<Int>) -> Void) {
        guard total > 0 else { return }
        let threads = min(current, max(1, total / max(1, minimumChunk)))
        guard threads > 1 else { return body(0..<total) }
        let chunk = (total + threads - 1) / threads
        withoutActuallyEscaping(body) { escapable in
            nonisolated(unsafe) let run = escapable
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                let range = (t * chunk)..<min(total, (t + 1) * chunk)
                if !range.isEmpty { run(range) }
            }
        }
    }
}
