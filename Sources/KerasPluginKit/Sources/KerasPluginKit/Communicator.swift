/// Host memory a collective reads and writes in place: `count` elements of `dtype` (`float32`
/// or `float64`), valid only during the call it was passed to (for a non-blocking all-reduce,
/// until its ``Communicator/wait(_:)`` returns).
///
/// ```swift
/// func allReduce(_ buffer: CollectiveBuffer, _ reduction: Reduction) throws {
///     try check(MPI_Allreduce(MPI_IN_PLACE, buffer.address, Int32(buffer.count), type(buffer.dtype), ...))
/// }
/// ```
public struct CollectiveBuffer: @unchecked Sendable {
    /// The element type.
    public let dtype: DType
    /// Number of elements.
    public let count: Int
    /// The first element, to hand to the communication library.
    public let address: UnsafeMutableRawPointer?

    public init(dtype: DType, count: Int, address: UnsafeMutableRawPointer?) {
        self.dtype = dtype
        self.count = count
        self.address = address
    }

    /// Bytes covered.
    public var byteCount: Int { count * dtype.byteSize }
}

/// How an all-reduce combines the ranks' values (`keras_reduction`).
public enum Reduction: Int32, Sendable, CustomStringConvertible {
    /// The elementwise sum over the ranks.
    case sum = 0
    /// The sum divided by the number of ranks.
    case mean = 1

    public var description: String { self == .sum ? "sum" : "mean" }
}

/// Collectives over the processes of one job, as a plugin author writes them: the Swift side of
/// `keras_communicator` (keras_plugin.h). ``CommunicatorPlugin`` exports it to the host.
///
/// Loading the plugin must not start the runtime: do that in ``initialize(deadline:)``, which
/// the host calls only when a distribution is used. Every collective is called by every rank in
/// the same order, from one thread at a time. A collective that cannot complete within the
/// deadline throws an error naming the operation; the host then calls ``abort(code:)``.
///
/// ```swift
/// final class Loopback: Communicator {
///     func launchedSize() -> Int { 0 }
///     func initialize(deadline: Double) throws -> (rank: Int, size: Int) { (0, 1) }
///     func allReduce(_ buffer: CollectiveBuffer, _ reduction: Reduction) throws {}
///     ...
/// }
/// let plugin = CommunicatorPlugin(name: "KerasLoopback", version: "1.0.0",
///                                 communicatorName: "loopback", communicator: Loopback())
/// ```
public protocol Communicator: AnyObject, Sendable {
    /// The job's size as the launcher announced it (e.g. `mpirun`'s environment), or 0 when
    /// this process was not started by a launcher. Must not start the runtime.
    func launchedSize() -> Int
    /// Starts the runtime (a second call does nothing more) and returns this process's rank and
    /// the number of ranks. `deadline` (seconds) bounds every later collective.
    func initialize(deadline: Double) throws -> (rank: Int, size: Int)
    /// Combines `buffer` over the ranks, in place.
    func allReduce(_ buffer: CollectiveBuffer, _ reduction: Reduction) throws
    /// Overwrites `buffer` on every rank with rank `root`'s.
    func broadcast(_ buffer: CollectiveBuffer, root: Int) throws
    /// Writes every rank's `buffer` into `gathered` (size × count elements, rank order).
    func allGather(_ buffer: CollectiveBuffer, into gathered: CollectiveBuffer) throws
    /// Returns when every rank has called it.
    func barrier() throws
    /// Starts a non-blocking all-reduce of `buffer`; the returned request names it until
    /// ``wait(_:)``.
    func startAllReduce(_ buffer: CollectiveBuffer, _ reduction: Reduction) throws -> Int64
    /// Completes the non-blocking operation `request`.
    func wait(_ request: Int64) throws
    /// Ends every process of the job with exit code `code`.
    func abort(code: Int32) -> Never
    /// Shuts the runtime down.
    func finalize() throws
}
