#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The host's services, as a plugin sees them: the host table passed to the entry point.
///
/// Every accessor checks that the host's table is large enough to hold the field it reads, so a
/// plugin built against a newer ABI minor runs on an older host (the service is then absent).
///
/// ```swift
/// initialize: { host in
///     host.log(.info, "using \(host.threadCount) threads")
/// }
/// ```
public struct PluginHost: @unchecked Sendable {
    /// Severity of a log message (`keras_log_level`).
    public enum LogLevel: Int32, Sendable {
        case debug = 0, info, warning, error
    }

    /// The host table (static in the host, valid for the life of the process).
    public let table: UnsafePointer<keras_host_api>
    /// The plugin's name, prefixed to its log messages.
    public let pluginName: String

    public init(_ table: UnsafePointer<keras_host_api>, pluginName: String) {
        self.table = table
        self.pluginName = pluginName
    }

    /// The host's ABI version.
    public var abiVersion: (major: Int, minor: Int) {
        (Int(table.pointee.abi_major), Int(table.pointee.abi_minor))
    }

    /// Whether the host speaks this plugin's ABI major version (otherwise nothing else in the
    /// table may be touched).
    public var isCompatible: Bool { table.pointee.abi_major == UInt32(KERAS_ABI_VERSION_MAJOR) }

    /// Reads a field of the host table, or `nil` when the host's table is too small to have it.
    func field<T>(_ key: KeyPath<keras_host_api, T>) -> T? {
        guard isCompatible, let offset = MemoryLayout<keras_host_api>.offset(of: key),
              offset + MemoryLayout<T>.size <= Int(table.pointee.struct_size) else { return nil }
        return UnsafeRawPointer(table).load(fromByteOffset: offset, as: T.self)
    }

    /// The number of threads the plugin may use (the host's `threads` setting).
    public var threadCount: Int {
        guard let f = field(\.thread_count), let f else { return 1 }
        return max(1, Int(f()))
    }

    /// Writes `message` to the host's log, prefixed with the plugin's name.
    public func log(_ level: LogLevel, _ message: String) {
        guard let f = field(\.log), let f else { return }
        f(level.rawValue, "[\(pluginName)] \(message)")
    }

    /// `byteCount` bytes aligned to `alignment` (default 64) from the host's allocator, or `nil`.
    public func allocate(byteCount: Int, alignment: Int = 64) -> UnsafeMutableRawPointer? {
        guard let f = field(\.allocate), let f else { return nil }
        return f(UInt64(byteCount), UInt64(alignment))
    }

    /// Frees memory from ``allocate(byteCount:alignment:)``.
    public func deallocate(_ pointer: UnsafeMutableRawPointer) {
        guard let f = field(\.deallocate), let f else { return }
        f(pointer)
    }

    /// A host error object for `error`, whose ownership passes to whoever returns it.
    func makeError(_ error: KernelError) -> UnsafeMutablePointer<keras_error>? {
        guard let f = field(\.make_error), let f else { return nil }
        return f(error.status.rawValue, error.message)
    }
}
