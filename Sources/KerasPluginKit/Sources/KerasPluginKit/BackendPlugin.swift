#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A backend plugin: its name, version, kernels and facts, exported to the host through the
/// one C entry point of `keras_plugin.h`.
///
/// A plugin image defines one `BackendPlugin` in a global constant and exports it from
/// `keras_plugin_entry`; KerasPluginKit builds the C descriptor and kernel table, routes each
/// C call to the Swift kernel, and converts thrown errors into host error objects.
///
/// ```swift
/// import KerasPluginKit
///
/// let plugin = BackendPlugin(name: "KerasMyBackend", version: "1.0.0",
///                            backend: "mybackend", priority: 50, kernels: myKernels)
///
/// @_cdecl("keras_plugin_entry")
/// public func kerasPluginEntry(_ host: UnsafePointer<keras_host_api>?) -> UnsafePointer<keras_plugin_descriptor>? {
///     plugin.export(host)
/// }
/// ```
public final class BackendPlugin: Sendable {
    /// The plugin's name (`"KerasOpenBLAS"`).
    public let name: String
    /// The plugin's own version (`"0.1.0"`).
    public let version: String
    /// The backend name users select (`"openblas"`).
    public let backendName: String
    /// Rank for backend `"auto"`: the highest that loads wins; the reference backend is 0.
    public let priority: Int
    /// The kernels.
    public let kernels: BackendKernels

    let initialize: (@Sendable (PluginHost) throws -> Void)?
    let attributes: @Sendable () -> [(key: String, value: String)]
    private let state = Mutex<Exported?>(nil)

    /// - Parameters:
    ///   - attributes: facts shown by `swiftkeras info`, computed once after `initialize`.
    ///   - initialize: runs once when the host accepts the plugin, before any kernel; a thrown
    ///     error aborts loading and is shown to the user.
    public init(name: String, version: String, backend: String, priority: Int = 10,
                kernels: BackendKernels,
                attributes: @escaping @Sendable () -> [(key: String, value: String)] = { [] },
                initialize: (@Sendable (PluginHost) throws -> Void)? = nil) {
        self.name = name
        self.version = version
        self.backendName = backend
        self.priority = priority
        self.kernels = kernels
        self.attributes = attributes
        self.initialize = initialize
    }

    /// The host this plugin was exported to.
    public var host: PluginHost? { state.withLock { $0?.host } }

    /// Builds (once) and returns the C descriptor for the host; call it from
    /// `keras_plugin_entry`. The descriptor lives for the rest of the process.
    public func export(_ host: UnsafePointer<keras_host_api>?) -> UnsafePointer<keras_plugin_descriptor>? {
        guard let host else { return nil }
        let exported: Exported = state.withLock { current in
            if let current { return current }
            let made = Exported(plugin: self, host: PluginHost(host, pluginName: name))
            current = made
            return made
        }
        currentPlugin.withLock { $0 = self }
        return UnsafePointer(exported.descriptor)
    }

    // MARK: Calls from the C thunks

    /// Runs a kernel body and converts what it throws into a host error.
    @inline(__always)
    func run(_ body: () throws -> Void) -> UnsafeMutablePointer<keras_error>? {
        do {
            try body()
            return nil
        } catch let error as KernelError {
            return makeError(error)
        } catch {
            return makeError(.failure("\(error)"))
        }
    }

    func makeError(_ error: KernelError) -> UnsafeMutablePointer<keras_error>? {
        host?.makeError(error)
    }

    /// Runs `initialize` and fills in the attributes (the descriptor's `init`).
    func initializeOnce() -> UnsafeMutablePointer<keras_error>? {
        guard let exported = state.withLock({ $0 }) else { return nil }
        return run {
            try initialize?(exported.host)
            exported.descriptor.publishAttributes([("plugin.version", version)] + attributes())
        }
    }

    /// The plugin behind a kernel's `context` pointer.
    @inline(__always)
    static func from(_ context: UnsafeMutableRawPointer?) -> BackendPlugin {
        Unmanaged<BackendPlugin>.fromOpaque(context!).takeUnretainedValue()
    }
}

/// The plugin this image exported (for the context-free `init` slot).
let currentPlugin = Mutex<BackendPlugin?>(nil)

/// The C structures handed to the host; allocated once and never freed (plugins are never
/// unloaded).
final class Exported: @unchecked Sendable {
    let host: PluginHost
    let descriptor: UnsafeMutablePointer<keras_plugin_descriptor>
    let backend: UnsafeMutablePointer<keras_backend>

    init(plugin: BackendPlugin, host: PluginHost) {
        self.host = host
        backend = .allocate(capacity: 1)
        backend.initialize(to: KernelThunks.table(for: plugin))
        backend.pointee.name = UnsafePointer(strdup(plugin.backendName))
        backend.pointee.priority = Int32(clamping: plugin.priority)
        backend.pointee.context = Unmanaged.passRetained(plugin).toOpaque()

        descriptor = .exported(name: plugin.name, version: plugin.version) {
            guard let plugin = currentPlugin.withLock({ $0 }) else { return nil }
            return plugin.initializeOnce()
        }
        descriptor.pointee.backend = UnsafePointer(backend)
    }
}
