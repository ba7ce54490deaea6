#if canImport(Glibc)
import Glibc
#endif
import CMPI
import KerasPluginKit
import Synchronization

/// The collectives of `keras_communicator` on MPI's world communicator.
///
/// Every collective is MPI's non-blocking form (`MPI_Iallreduce`, `MPI_Ibcast`,
/// `MPI_Iallgather`, `MPI_Ibarrier`) polled with `MPI_Test` until it completes or the deadline
/// given to `initialize` passes; then it throws an error naming the operation, this rank and the
/// deadline, and the host stops the job with `MPI_Abort`. So a rank that died or stalled never
/// leaves the others hanging. Errors are returned (`MPI_ERRORS_RETURN`), not fatal, so their
/// text reaches the user. MPI has no mean: `.mean` is a sum divided by the number of ranks.
final class MPICommunicator: Communicator, @unchecked Sendable {
    private struct Pending: @unchecked Sendable {  // an MPI_Request is a handle, used under the lock
        var request: MPI_Request?
        let buffer: CollectiveBuffer
        let reduction: Reduction
        let operation: String
    }

    private struct State {
        var initialized = false
        var rank = 0
        var size = 1
        var deadline = 300.0
        var pending: [Int64: Pending] = [:]
        var nextRequest: Int64 = 1
    }

    /// Guarded by the host's contract (collectives on one thread at a time); the mutex keeps
    /// the bookkeeping sound regardless.
    private let state = Mutex(State())

    /// `MPI_Get_library_version`, which MPI allows before `MPI_Init`.
    static var libraryVersion: String {
        var buffer = [CChar](repeating: 0, count: Int(cmpi_max_library_version_string()) + 1)
        var length: Int32 = 0
        guard MPI_Get_library_version(&buffer, &length) == cmpi_success() else { return "unknown" }
        let text = String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // Open MPI's text is "Open MPI v4.1.4, package: Debian OpenMPI, ident: ..., repo rev: ...".
        return text.split(separator: ",").first.map { String($0.filter { $0 != "\n" }) } ?? text
    }

    /// The MPI standard version the library implements (`MPI_Get_version`, callable any time).
    static var standardVersion: (Int, Int) {
        var major: Int32 = 0, minor: Int32 = 0
        _ = MPI_Get_version(&major, &minor)
        return (Int(major), Int(minor))
    }

    func launchedSize() -> Int {
        for name in ["OMPI_COMM_WORLD_SIZE", "PMIX_SIZE", "PMI_SIZE", "MPI_LOCALNRANKS"] {
            if let value = getenv(name), let size = Int(String(cString: value)), size > 0 { return size }
        }
        return 0
    }

    func initialize(deadline: Double) throws -> (rank: Int, size: Int) {
        try state.withLock { s in
            s.deadline = deadline > 0 ? deadline : 300
            if s.initialized { return (s.rank, s.size) }
            var already: Int32 = 0
            MPI_Initialized(&already)
            if already == 0 {
                _ = cmpi_share_symbols_with_components()
                var provided: Int32 = 0
                try check(MPI_Init_thread(nil, nil, cmpi_thread_serialized(), &provided), "MPI_Init_thread")
            }
            try check(MPI_Comm_set_errhandler(cmpi_comm_world(), cmpi_errors_return()), "MPI_Comm_set_errhandler")
            var rank: Int32 = 0, size: Int32 = 0
            try check(MPI_Comm_rank(cmpi_comm_world(), &rank), "MPI_Comm_rank")
            try check(MPI_Comm_size(cmpi_comm_world(), &size), "MPI_Comm_size")
            s.rank = Int(rank)
            s.size = Int(size)
            s.initialized = true
            return (s.rank, s.size)
        }
    }

    func allReduce(_ buffer: CollectiveBuffer, _ reduction: Reduction) throws {
        let id = try startAllReduce(buffer, reduction)
        try wait(id)
    }

    func broadcast(_ buffer: CollectiveBuffer, root: Int) throws {
        let (deadline, size) = try started("broadcast")
        guard root >= 0 && root < size else {
            throw KernelError.invalidArgument("MPI broadcast: root \(root) is not a rank of this job (0..<\(size))")
        }
        var request: MPI_Request?
        try check(MPI_Ibcast(buffer.address, Int32(buffer.count), datatype(buffer), Int32(root), cmpi_comm_world(), &request),
                  "MPI_Ibcast")
        try poll(&request, "broadcast of \(describe(buffer)) from rank \(root)", deadline: deadline)
    }

    func allGather(_ buffer: CollectiveBuffer, into gathered: CollectiveBuffer) throws {
        let (deadline, _) = try started("all-gather")
        var request: MPI_Request?
        try check(MPI_Iallgather(buffer.address, Int32(buffer.count), datatype(buffer), gathered.address,
                                 Int32(buffer.count), datatype(buffer), cmpi_comm_world(), &request), "MPI_Iallgather")
        try poll(&request, "all-gather of \(describe(buffer)) per rank", deadline: deadline)
    }

    func barrier() throws {
        let (deadline, _) = try started("barrier")
        var request: MPI_Request?
        try check(MPI_Ibarrier(cmpi_comm_world(), &request), "MPI_Ibarrier")
        try poll(&request, "barrier", deadline: deadline)
    }

    func startAllReduce(_ buffer: CollectiveBuffer, _ reduction: Reduction) throws -> Int64 {
        _ = try started("all-reduce")
        var request: MPI_Request?
        try check(MPI_Iallreduce(cmpi_in_place(), buffer.address, Int32(buffer.count), datatype(buffer), cmpi_sum(),
                                 cmpi_comm_world(), &request), "MPI_Iallreduce")
        let pending = Pending(request: request, buffer: buffer, reduction: reduction,
                              operation: "all-reduce (\(reduction)) of \(describe(buffer))")
        return state.withLock { s in
            let id = s.nextRequest
            s.nextRequest += 1
            s.pending[id] = pending
            // Drive MPI's progress engine for the operations already in flight, so they move on
            // while the caller computes the next gradients.
            for key in s.pending.keys.sorted() where key != id {
                var flag: Int32 = 0
                _ = MPI_Test(&s.pending[key]!.request, &flag, cmpi_status_ignore())
            }
            return id
        }
    }

    func wait(_ request: Int64) throws {
        let (deadline, size) = try started("wait")
        guard var pending = state.withLock({ $0.pending.removeValue(forKey: request) }) else {
            throw KernelError.invalidArgument("MPI wait: no operation in flight with request \(request)")
        }
        try poll(&pending.request, pending.operation, deadline: deadline)
        if pending.reduction == .mean && size > 1 { divide(pending.buffer, by: size) }
    }

    func abort(code: Int32) -> Never {
        var initialized: Int32 = 0, finalized: Int32 = 0
        MPI_Initialized(&initialized)
        MPI_Finalized(&finalized)
        if initialized != 0 && finalized == 0 { MPI_Abort(cmpi_comm_world(), code) }
        exit(code)
    }

    func finalize() throws {
        var initialized: Int32 = 0, finalized: Int32 = 0
        MPI_Initialized(&initialized)
        MPI_Finalized(&finalized)
        guard initialized != 0 && finalized == 0 else { return }
        try check(MPI_Finalize(), "MPI_Finalize")
    }

    // MARK: Helpers

    /// The deadline and size, or an error if `initialize` has not run.
    private func started(_ operation: String) throws -> (deadline: Double, size: Int) {
        try state.withLock { s in
            guard s.initialized else {
                throw KernelError.invalidArgument("MPI \(operation) before initialize (MPI_Init has not run)")
            }
            return (s.deadline, s.size)
        }
    }

    /// Tests `request` until it completes; throws when MPI reports an error or `deadline`
    /// seconds pass. Spins (yielding the core) for the first milliseconds, then sleeps briefly
    /// between tests so a waiting rank leaves the cores to the ranks still computing.
    private func poll(_ request: inout MPI_Request?, _ operation: String, deadline: Double) throws {
        let start = Self.now()
        let limit = UInt64(deadline * 1e9)
        while true {
            var flag: Int32 = 0
            try check(MPI_Test(&request, &flag, cmpi_status_ignore()), "MPI_Test (\(operation))")
            if flag != 0 { return }
            let elapsed = Self.now() - start
            if elapsed > limit {
                let rank = state.withLock { $0.rank }
                throw KernelError.failure("MPI \(operation) on rank \(rank) did not complete within \(deadline) s: another rank failed, stalled or did not reach the same collective")
            }
            if elapsed < 2_000_000 { sched_yield() } else { usleep(50) }
        }
    }

    /// Monotonic nanoseconds.
    private static func now() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    private func check(_ code: Int32, _ call: String) throws {
        guard code != cmpi_success() else { return }
        var buffer = [CChar](repeating: 0, count: Int(cmpi_max_error_string()) + 1)
        var length: Int32 = 0
        MPI_Error_string(code, &buffer, &length)
        let text = String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        throw KernelError.failure("\(call) failed: \(text) (MPI error \(code))")
    }

    private func datatype(_ buffer: CollectiveBuffer) -> MPI_Datatype {
        buffer.dtype == .float64 ? cmpi_double() : cmpi_float()
    }

    private func describe(_ buffer: CollectiveBuffer) -> String { "\(buffer.count) \(buffer.dtype)" }

    private func divide(_ buffer: CollectiveBuffer, by size: Int) {
        guard let address = buffer.address else { return }
        if buffer.dtype == .float64 {
            let p = address.assumingMemoryBound(to: Double.self), d = Double(size)
            for i in 0..<buffer.count { p[i] /= d }
        } else {
            let p = address.assumingMemoryBound(to: Float.self), d = Float(size)
            for i in 0..<buffer.count { p[i] /= d }
        }
    }
}
