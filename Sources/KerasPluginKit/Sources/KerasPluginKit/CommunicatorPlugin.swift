#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A communicator plugin: a ``Communicator`` exported to the host through `keras_plugin_entry`
/// (the descriptor's `communicator`, ABI 1.2), with no backend.
///
/// KerasPluginKit builds the C descriptor and the `keras_communicator` table, routes each C call
/// to the Swift communicator, and turns thrown errors into host error objects (a
/// ``KernelError`` keeps its status; any other error becomes an internal error with its
/// description).
///
/// ```swift
/// import KerasPluginKit
///
/// let plugin = CommunicatorPlugin(name: "KerasMPI", version: "1.0.0", communicatorName: "mpi",
///                                 communicator: MPICommunicator(),
///                                 attributes: { [("mpi.library", MPICommunicator.libraryVersion)] })
///
/// @_cdecl("keras_plugin_entry")
/// public func kerasPluginEntry(_ host: UnsafePointer<keras_host_api>?) -> UnsafePointer<keras_plugin_descriptor>? {
///     plugin.export(host)
/// }
/// ```
public final class CommunicatorPlugin: Sendable {
    /// The plugin's name (`"KerasMPI"`).
    public let name: String
    /// The plugin's own version.
    public let version: String
    /// The communicator's name (`"mpi"`).
    public let communicatorName: String
    /// The collectives.
    public let communicator: any Communicator

    let attributes: @Sendable () -> [(key: String, value: String)]
    let initialize: (@Sendable (PluginHost) throws -> Void)?
    private let state = Mutex<ExportedCommunicator?>(nil)
    /// The number of ranks `initialize` reported (0 before), to size all-gather results.
    let size = Atomic<Int>(0)

    /// - Parameters:
    ///   - attributes: facts shown by `swiftkeras info`, computed once when the host accepts the
    ///     plugin (they must not start the runtime).
    ///   - initialize: runs once when the host accepts the plugin; a thrown error aborts loading.
    ///     It must not start the runtime either: every process opens every plugin.
    public init(name: String, version: String, communicatorName: String, communicator: any Communicator,
                attributes: @escaping @Sendable () -> [(key: String, value: String)] = { [] },
                initialize: (@Sendable (PluginHost) throws -> Void)? = nil) {
        self.name = name
        self.version = version
        self.communicatorName = communicatorName
        self.communicator = communicator
        self.attributes = attributes
        self.initialize = initialize
    }

    /// The host this plugin was exported to.
    public var host: PluginHost? { state.withLock { $0?.host } }

    /// Builds (once) and returns the C descriptor for the host; call it from
    /// `keras_plugin_entry`. The descriptor lives for the rest of the process.
    public func export(_ host: UnsafePointer<keras_host_api>?) -> UnsafePointer<keras_plugin_descriptor>? {
        guard let host else { return nil }
        let exported: ExportedCommunicator = state.withLock { current in
            if let current { return current }
            let made = ExportedCommunicator(plugin: self, host: PluginHost(host, pluginName: name))
            current = made
            return made
        }
        currentCommunicatorPlugin.withLock { $0 = self }
        return UnsafePointer(exported.descriptor)
    }

    /// Runs a call and converts what it throws into a host error.
    func run(_ body: () throws -> Void) -> UnsafeMutablePointer<keras_error>? {
        do {
            try body()
            return nil
        } catch let error as KernelError {
            return host?.makeError(error)
        } catch {
            return host?.makeError(.failure("\(error)"))
        }
    }

    func initializeOnce() -> UnsafeMutablePointer<keras_error>? {
        guard let exported = state.withLock({ $0 }) else { return nil }
        return run {
            try initialize?(exported.host)
            exported.descriptor.publishAttributes([("plugin.version", version), ("communicator", communicatorName)] + attributes())
        }
    }

    static func from(_ context: UnsafeMutableRawPointer?) -> CommunicatorPlugin {
        Unmanaged<CommunicatorPlugin>.fromOpaque(context!).takeUnretainedValue()
    }
}

/// The communicator plugin this image exported (for the context-free `init` slot).
let currentCommunicatorPlugin = Mutex<CommunicatorPlugin?>(nil)

/// The C structures handed to the host; allocated once and never freed.
final class ExportedCommunicator: @unchecked Sendable {
    let host: PluginHost
    let descriptor: UnsafeMutablePointer<keras_plugin_descriptor>
    let table: UnsafeMutablePointer<keras_communicator>

    init(plugin: CommunicatorPlugin, host: PluginHost) {
        self.host = host
        table = .allocate(capacity: 1)
        table.initialize(to: CommunicatorThunks.table())
        table.pointee.name = UnsafePointer(strdup(plugin.communicatorName))
        table.pointee.context = Unmanaged.passRetained(plugin).toOpaque()

        descriptor = .exported(name: plugin.name, version: plugin.version) {
            guard let plugin = currentCommunicatorPlugin.withLock({ $0 }) else { return nil }
            return plugin.initializeOnce()
        }
        descriptor.pointee.communicator = UnsafePointer(table)
    }
}

/// The C functions of `keras_communicator`, each forwarding to the plugin's ``Communicator``.
enum CommunicatorThunks {
    static func buffer(_ dtype: Int32, _ data: UnsafeMutableRawPointer?, _ count: Int64) throws -> CollectiveBuffer {
        guard let type = DType(abiCode: dtype), type == .float32 || type == .float64 else {
            throw KernelError.invalidArgument("collectives take float32 or float64 data, received dtype code \(dtype)")
        }
        guard count >= 0 else { throw KernelError.invalidArgument("negative element count \(count)") }
        return CollectiveBuffer(dtype: type, count: Int(count), address: data)
    }

    static func reduction(_ code: Int32) throws -> Reduction {
        guard let reduction = Reduction(rawValue: code) else {
            throw KernelError.invalidArgument("unknown keras_reduction \(code)")
        }
        return reduction
    }

    static func table() -> keras_communicator {
        var t = keras_communicator()
        t.struct_size = UInt64(MemoryLayout<keras_communicator>.size)
        t.launched = { context in
            Int32(clamping: CommunicatorPlugin.from(context).communicator.launchedSize())
        }
        t.initialize = { context, deadline, rank, size in
            let plugin = CommunicatorPlugin.from(context)
            return plugin.run {
                let (r, s) = try plugin.communicator.initialize(deadline: deadline)
                plugin.size.store(s, ordering: .relaxed)
                rank?.pointee = Int32(clamping: r)
                size?.pointee = Int32(clamping: s)
            }
        }
        t.all_reduce = { context, dtype, data, count, reduction in
            let plugin = CommunicatorPlugin.from(context)
            return plugin.run {
                try plugin.communicator.allReduce(CommunicatorThunks.buffer(dtype, data, count), CommunicatorThunks.reduction(reduction))
            }
        }
        t.broadcast = { context, dtype, data, count, root in
            let plugin = CommunicatorPlugin.from(context)
            return plugin.run { try plugin.communicator.broadcast(CommunicatorThunks.buffer(dtype, data, count), root: Int(root)) }
        }
        t.all_gather = { context, dtype, data, count, gathered in
            let plugin = CommunicatorPlugin.from(context)
            return plugin.run {
                let source = try CommunicatorThunks.buffer(dtype, UnsafeMutableRawPointer(mutating: data), count)
                let ranks = plugin.size.load(ordering: .relaxed)
                guard ranks > 0 else { throw KernelError.invalidArgument("all_gather before initialize") }
                let target = CollectiveBuffer(dtype: source.dtype, count: ranks * source.count, address: gathered)
                try plugin.communicator.allGather(source, into: target)
            }
        }
        t.barrier = { context in
            let plugin = CommunicatorPlugin.from(context)
            return plugin.run { try plugin.communicator.barrier() }
        }
        t.all_reduce_start = { context, dtype, data, count, reduction, request in
            let plugin = CommunicatorPlugin.from(context)
            return plugin.run {
                let id = try plugin.communicator.startAllReduce(CommunicatorThunks.buffer(dtype, data, count),
                                                                CommunicatorThunks.reduction(reduction))
                request?.pointee = id
            }
        }
        t.wait = { context, request in
            let plugin = CommunicatorPlugin.from(context)
            return plugin.run { try plugin.communicator.wait(request) }
        }
        t.abort = { context, code in
            CommunicatorPlugin.from(context).communicator.abort(code: code)
        }
        t.finalize = { context in
            let plugin = CommunicatorPlugin.from(context)
            return plugin.run { try plugin.communicator.finalize() }
        }
        return t
    }
}
