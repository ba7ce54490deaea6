#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The C descriptor every kind of plugin (``BackendPlugin``, ``CommunicatorPlugin``,
/// ``LayersPlugin``) hands the host from `keras_plugin_entry`: allocated once, filled with the
/// ABI version, name and version, and never freed (plugins are never unloaded).
extension UnsafeMutablePointer where Pointee == keras_plugin_descriptor {
    /// A new descriptor of this ABI version whose `init` is `initialize`; the caller fills in
    /// what its kind of plugin provides (`backend`, `communicator`, layer classes, …).
    static func exported(name: String, version: String,
                         initialize: @escaping @convention(c) () -> UnsafeMutablePointer<keras_error>?) -> Self {
        let descriptor = Self.allocate(capacity: 1)
        descriptor.initialize(to: keras_plugin_descriptor())
        descriptor.pointee.struct_size = UInt64(MemoryLayout<keras_plugin_descriptor>.size)
        descriptor.pointee.abi_major = UInt32(KERAS_ABI_VERSION_MAJOR)
        descriptor.pointee.abi_minor = UInt32(KERAS_ABI_VERSION_MINOR)
        descriptor.pointee.name = UnsafePointer(strdup(name))
        descriptor.pointee.version = UnsafePointer(strdup(version))
        descriptor.pointee.`init` = initialize
        return descriptor
    }

    /// Publishes `pairs` as the descriptor's attributes (C strings that live forever).
    func publishAttributes(_ pairs: [(key: String, value: String)]) {
        let list = UnsafeMutablePointer<keras_attribute>.allocate(capacity: max(1, pairs.count))
        for (i, pair) in pairs.enumerated() {
            list[i] = keras_attribute(key: UnsafePointer(strdup(pair.key)), value: UnsafePointer(strdup(pair.value)))
        }
        pointee.attributes = UnsafePointer(list)
        pointee.attribute_count = UInt64(pairs.count)
    }
}
