#if canImport(Glibc)
import Glibc
#endif
import CDNNL
import KerasPluginKit
import Synchronization

/// oneDNN status codes as kernel errors.
enum DNNLCall {
    /// Throws a ``KernelError`` naming oneDNN's status and `what` was being done, unless
    /// `status` is success. `dnnl_unimplemented` ("no implementation for these operands") becomes
    /// the ABI's UNIMPLEMENTED, so the host falls back (visibly); every other status is an error.
    static func check(_ status: dnnl_status_t, _ what: @autoclosure () -> String) throws {
        guard status != dnnl_success else { return }
        let name = "dnnl_" + (dnnl_status2str(status).map { String(cString: $0) } ?? "status_\(status.rawValue)")
        let message = "oneDNN returned \(name) (\(what()))"
        switch status {
        case dnnl_unimplemented: throw KernelError.unimplemented(message)
        case dnnl_out_of_memory: throw KernelError(.outOfMemory, message)
        case dnnl_invalid_arguments: throw KernelError.invalidArgument(message)
        default: throw KernelError.failure(message)
        }
    }

    /// Runs a kernel body; an error it throws gets the op and the operand shapes in front.
    static func kernel(_ op: String, _ tensors: [TensorView], _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as KernelError {
            let shapes = tensors.map { "\($0.shape)" }.joined(separator: ", ")
            throw KernelError(error.status, "\(op) on \(shapes): \(error.message)")
        }
    }
}

/// A oneDNN handle that may cross threads (oneDNN engines, streams and primitives are
/// thread-safe objects; the plugin serialises what is not, see ``DNNLEngine``).
struct DNNLHandle: @unchecked Sendable {
    let raw: OpaquePointer
}

/// The CPU engine and a pool of streams.
///
/// A stream is used by one call at a time: each kernel call takes one from the pool (making one
/// when the pool is empty) and puts it back after `dnnl_stream_wait`, so concurrent calls never
/// share a stream. Primitives use user-provided scratchpads (see ``Primitive``), so the plugin
/// is safe for concurrent calls.
final class DNNLEngine: Sendable {
    /// The process's engine, made on first use (at plugin initialisation).
    static let shared: Result<DNNLEngine, KernelError> = Result { try DNNLEngine() }.mapError {
        $0 as? KernelError ?? .failure("\($0)")
    }

    /// The shared engine, or the error that prevented making it.
    static func get() throws -> DNNLEngine { try shared.get() }

    let handle: DNNLHandle
    private let streams = Mutex<[DNNLHandle]>([])

    var engine: OpaquePointer { handle.raw }

    private init() throws {
        guard dnnl_engine_get_count(dnnl_cpu) > 0 else { throw KernelError.failure("oneDNN reports no CPU engine") }
        var engine: OpaquePointer?
        try DNNLCall.check(dnnl_engine_create(&engine, dnnl_cpu, 0), "CPU engine")
        handle = DNNLHandle(raw: engine!)
    }

    /// Runs `body` with a stream no other call is using.
    func withStream<R>(_ body: (OpaquePointer) throws -> R) throws -> R {
        let stream: DNNLHandle
        if let pooled = streams.withLock({ $0.popLast() }) {
            stream = pooled
        } else {
            var made: OpaquePointer?
            try DNNLCall.check(dnnl_stream_create(&made, engine, dnnl_stream_default_flags.rawValue), "stream")
            stream = DNNLHandle(raw: made!)
        }
        defer { streams.withLock { $0.append(stream) } }
        ThreadCount.applyToCallingThread()
        return try body(stream.raw)
    }
}

/// The thread count from the host, applied to oneDNN's OpenMP runtime.
///
/// OpenMP's thread count is a per-thread setting, and the host calls kernels from any thread,
/// so the count is applied on the calling thread before each execution (`omp_set_num_threads`
/// costs a few nanoseconds). The OpenMP functions are looked up in the libgomp oneDNN already
/// loaded, so the plugin does not link an OpenMP runtime of its own.
enum ThreadCount {
    private typealias SetNumThreads = @convention(c) (Int32) -> Void
    private static let count = Atomic<Int>(1)
    private static let setNumThreads: SetNumThreads? =
        dlsym(nil, "omp_set_num_threads").map { unsafeBitCast($0, to: SetNumThreads.self) }

    /// The threads the plugin may use.
    static var current: Int { count.load(ordering: .relaxed) }

    /// Whether oneDNN's threading can be configured.
    static var isConfigurable: Bool { setNumThreads != nil }

    /// The host's `setThreads`.
    static func set(_ threads: Int) { count.store(max(1, threads), ordering: .relaxed) }

    /// Applies the host's count, or at most `limit` threads, to the calling thread's OpenMP
    /// settings (a per-thread setting: other threads' calls are not affected).
    static func applyToCallingThread(atMost limit: Int = .max) {
        setNumThreads?(Int32(clamping: min(current, limit)))
    }
}
