import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The collective this rank is waiting in, kept where a signal handler can read it.
///
/// When a rank dies, `mpirun` ends the others with SIGTERM; without this note the survivors
/// would vanish silently and only the launcher's "process rank 1 … exited on signal 9" would
/// be left. With it, each survivor that was waiting in a collective says which one, and what
/// training was doing:
///
/// ```text
/// SwiftKeras data-parallel: rank 0 of 2: stopped by the launcher (SIGTERM: another rank ended,
/// or the job was cancelled) while waiting for an all-reduce (step 11: gradient bucket 1 of 1)
/// ```
///
/// The note is written to one of two fixed buffers and published by an atomic index, so the
/// handler (which may interrupt a write) only reads a complete one, and only calls `write`,
/// `strlen` and `raise`.
enum CollectiveInFlight {
    private static let capacity = 1024
    nonisolated(unsafe) private static let buffers = UnsafeMutablePointer<CChar>.allocate(capacity: 2 * capacity)
    /// The buffer holding the note (0 or 1), or −1 outside any collective.
    private static let current = Atomic<Int>(-1)
    private static let installed = Mutex(false)

    /// Installs the SIGTERM handler that prints the note (once per process).
    static func installHandler() {
        let first = installed.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        _ = current.load(ordering: .relaxed)  // initialise the statics outside the handler
        _ = buffers
        signal(SIGTERM) { number in
            let index = CollectiveInFlight.current.load(ordering: .acquiring)
            if index >= 0 {
                let note = CollectiveInFlight.buffers + index * CollectiveInFlight.capacity
                _ = write(STDERR_FILENO, note, strlen(note))
            }
            signal(number, SIG_DFL)
            raise(number)
        }
    }

    /// Publishes `note` (one line) as what this rank is waiting in.
    static func enter(_ note: String) {
        let next = current.load(ordering: .relaxed) == 0 ? 1 : 0
        let base = buffers + next * capacity
        var count = 0
        for byte in note.utf8.prefix(capacity - 2) {
            base[count] = CChar(bitPattern: byte)
            count += 1
        }
        base[count] = 10  // newline
        base[count + 1] = 0
        current.store(next, ordering: .releasing)
    }

    /// This rank is no longer waiting in a collective.
    static func leave() {
        current.store(-1, ordering: .releasing)
    }
}
