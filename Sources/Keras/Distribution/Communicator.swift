import CKerasABI
import Foundation

/// A plugin's `keras_communicator` table, copied by the size rule (a slot the plugin's ABI does
/// not have is `nil`), with its name.
struct CommunicatorTable: @unchecked Sendable {
    let c: keras_communicator
    let name: String

    init?(_ pointer: UnsafePointer<keras_communicator>) {
        guard let value = PluginABI.read(pointer, zero: keras_communicator(),
                                         minimumSize: MemoryLayout<keras_communicator>.size),
              let name = PluginABI.string(value.name) else { return nil }
        c = value
        self.name = name
    }
}

/// Collectives over the processes of one job, provided by a communicator plugin
/// (`libKerasMPI.so` provides `"mpi"`). ``DataParallel`` uses it; most programs never touch it.
///
/// Every collective is called by every rank in the same order. A collective that fails — MPI
/// reports an error, or it does not complete within the deadline because a rank died or
/// stalled — stops the whole job: the message (naming this rank, the operation and what
/// training was doing) goes to stderr and the plugin aborts every process (`MPI_Abort`), so a
/// job never hangs.
///
/// ```swift
/// let world = try Communicator.named("mpi")
/// let (rank, size) = try world.initialize(deadline: 60)
/// var values: [Double] = [Double(rank)]
/// world.allReduce(&values, .sum, during: "example")   // 0 + 1 + … + (size − 1)
/// ```
public final class Communicator: @unchecked Sendable {
    /// How an all-reduce combines the ranks' values.
    public enum Reduction: Int32, Sendable {
        case sum = 0, mean = 1
    }

    /// The communicator's name (`"mpi"`).
    public let name: String
    /// The plugin providing it.
    public let plugin: PluginInfo
    let table: CommunicatorTable
    /// This process's rank and the job's size, once initialised.
    public private(set) var rank = 0
    public private(set) var size = 1

    init(table: CommunicatorTable, plugin: PluginInfo) {
        self.table = table
        self.name = table.name
        self.plugin = plugin
    }

    /// The communicator `name` of the loaded plugins. Throws a ``KerasError`` (`.plugin`) saying
    /// how to get one when none provides it (the MPI plugin needs Open MPI installed).
    public static func named(_ name: String = "mpi", registry: PluginRegistry = .shared) throws -> Communicator {
        if let (table, plugin) = registry.communicator(named: name) { return Communicator(table: table, plugin: plugin) }
        let failed = registry.failures.filter { $0.path.contains("MPI") || $0.reason.lowercased().contains("mpi") }
        throw KerasError(.plugin, "no plugin provides the communicator \"\(name)\"" + (name == "mpi"
            ? ": install Open MPI (Debian: openmpi-bin libopenmpi-dev) and build libKerasMPI.so (swift build --product KerasMPI) next to swiftkeras or on SWIFTKERAS_PLUGIN_PATH"
            : "") + (failed.isEmpty ? "" : ". Plugins that failed to load: " + failed.map(\.description).joined(separator: "; ")))
    }

    /// The job's size as the launcher (`mpirun`) announced it, or 0 when this process was not
    /// started by one. Does not start the runtime.
    public var launchedSize: Int {
        guard let launched = table.c.launched else { return 0 }
        return Int(launched(table.c.context))
    }

    /// Starts the runtime (`MPI_Init`); every later collective must complete within `deadline`
    /// seconds. Returns this process's rank and the job's size.
    @discardableResult
    public func initialize(deadline: Double) throws -> (rank: Int, size: Int) {
        guard let initialize = table.c.initialize else {
            throw KerasError(.plugin, "communicator \"\(name)\" of \(plugin.path) has no initialize")
        }
        var r: Int32 = 0, s: Int32 = 0
        if let error = initialize(table.c.context, deadline, &r, &s) {
            let (_, message) = PluginABI.consume(error)
            throw KerasError(.plugin, "communicator \"\(name)\": initialize failed: \(message)")
        }
        rank = Int(r)
        size = Int(s)
        return (rank, size)
    }

    // MARK: Collectives on Swift arrays

    /// Combines `values` over the ranks, in place. `during` says what training was doing, for
    /// the message should the job have to stop.
    public func allReduce<T: BinaryFloatingPoint>(_ values: inout [T], _ reduction: Reduction, during: String) {
        let count = values.count
        values.withUnsafeMutableBytes { bytes in
            allReduce(bytes.baseAddress, count: count, dtype: Self.dtype(T.self), reduction, during: during)
        }
    }

    /// Overwrites `values` with rank `root`'s.
    public func broadcast<T: BinaryFloatingPoint>(_ values: inout [T], root: Int = 0, during: String) {
        let count = values.count
        values.withUnsafeMutableBytes { bytes in
            broadcast(bytes.baseAddress, count: count, dtype: Self.dtype(T.self), root: root, during: during)
        }
    }

    /// Every rank's `values` (equal counts), in rank order.
    public func allGather<T: BinaryFloatingPoint>(_ values: [T], during: String) -> [T] {
        var gathered = [T](repeating: 0, count: values.count * size)
        values.withUnsafeBytes { source in
            gathered.withUnsafeMutableBytes { target in
                allGather(source.baseAddress, count: values.count, dtype: Self.dtype(T.self), into: target.baseAddress,
                          during: during)
            }
        }
        return gathered
    }

    /// Returns when every rank has reached it.
    public func barrier(during: String) {
        guard let f = table.c.barrier else { fail("barrier", "the plugin has no barrier") }
        waiting("barrier", during) { f(table.c.context) }
    }

    /// Shuts the runtime down (`MPI_Finalize`); at exit.
    public func finalize() {
        guard let f = table.c.finalize, let error = f(table.c.context) else { return }
        let (_, message) = PluginABI.consume(error)
        FileHandle.standardError.write(Data("SwiftKeras: finalising communicator \"\(name)\": \(message)\n".utf8))
    }

    /// Prints `message` (naming this rank) to stderr and ends every process of the job.
    public func abort(_ message: String, code: Int32 = 1) -> Never {
        FileHandle.standardError.write(Data("SwiftKeras data-parallel: rank \(rank) of \(size): \(message); stopping the job\n".utf8))
        if let f = table.c.abort { f(table.c.context, code) }
        exit(code)
    }

    // MARK: Raw buffers (host memory)

    static func dtype<T>(_ type: T.Type) -> Int32 {
        precondition(T.self == Double.self || T.self == Float.self, "Communicator: collectives take Float or Double arrays")
        return T.self == Double.self ? DType.float64.abiCode : DType.float32.abiCode
    }

    func allReduce(_ data: UnsafeMutableRawPointer?, count: Int, dtype: Int32, _ reduction: Reduction, during: String) {
        guard let f = table.c.all_reduce else { fail("all-reduce", "the plugin has no all_reduce") }
        waiting("all-reduce of \(count) values", during) { f(table.c.context, dtype, data, Int64(count), reduction.rawValue) }
    }

    func broadcast(_ data: UnsafeMutableRawPointer?, count: Int, dtype: Int32, root: Int, during: String) {
        guard let f = table.c.broadcast else { fail("broadcast", "the plugin has no broadcast") }
        waiting("broadcast of \(count) values from rank \(root)", during) { f(table.c.context, dtype, data, Int64(count), Int32(root)) }
    }

    func allGather(_ data: UnsafeRawPointer?, count: Int, dtype: Int32, into gathered: UnsafeMutableRawPointer?, during: String) {
        guard let f = table.c.all_gather else { fail("all-gather", "the plugin has no all_gather") }
        waiting("all-gather of \(count) values per rank", during) { f(table.c.context, dtype, data, Int64(count), gathered) }
    }

    /// Starts a non-blocking all-reduce (in place); ``wait(_:during:)`` completes it. Without the
    /// non-blocking slots, it runs the blocking all-reduce now.
    func startAllReduce(_ data: UnsafeMutableRawPointer?, count: Int, dtype: Int32, _ reduction: Reduction,
                        during: String) -> Int64 {
        guard let f = table.c.all_reduce_start, table.c.wait != nil else {
            allReduce(data, count: count, dtype: dtype, reduction, during: during)
            return 0
        }
        var request: Int64 = 0
        check(f(table.c.context, dtype, data, Int64(count), reduction.rawValue, &request),
              "starting the all-reduce of \(count) values", during)
        return request
    }

    func wait(_ request: Int64, during: String) {
        guard request != 0, let f = table.c.wait else { return }
        waiting("waiting for an all-reduce", during) { f(table.c.context, request) }
    }

    /// Runs a blocking collective with the note the SIGTERM handler prints should the launcher
    /// end the job meanwhile (``CollectiveInFlight``), then checks its error.
    private func waiting(_ operation: String, _ during: String, _ call: () -> UnsafeMutablePointer<keras_error>?) {
        let what = operation.hasPrefix("waiting") ? operation : "in the \(operation)"
        CollectiveInFlight.enter("SwiftKeras data-parallel: rank \(rank) of \(size): stopped by the launcher (SIGTERM: another rank ended, or the job was cancelled) while \(what)\(during.isEmpty ? "" : " (\(during))")")
        let error = call()
        CollectiveInFlight.leave()
        check(error, operation, during)
    }

    private func check(_ error: UnsafeMutablePointer<keras_error>?, _ operation: String, _ during: String) {
        guard let error else { return }
        let (_, message) = PluginABI.consume(error)
        fail(operation, message, during: during)
    }

    private func fail(_ operation: String, _ message: String, during: String = "") -> Never {
        abort("\(operation)\(during.isEmpty ? "" : " (\(during))") failed: \(message)")
    }
}
