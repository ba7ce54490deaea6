import Synchronization

/// The host table of this plugin image, set when the plugin is exported; what ``HostTensor``
/// and ``K`` call.
enum HostServices {
    private static let stored = Mutex<PluginHost?>(nil)

    static func set(_ host: PluginHost) { stored.withLock { $0 = host } }

    /// The host (a plugin's functions run only after export, so it is set).
    static var host: PluginHost {
        guard let host = stored.withLock({ $0 }) else { fatalError("KerasPluginKit: the plugin was not exported to a host") }
        return host
    }

    /// A KernelError from a host error (which is freed), or a generic one when there is none.
    static func consume(_ error: UnsafeMutablePointer<keras_error>?, _ what: String) -> KernelError {
        guard let error else { return KernelError.failure("\(what) failed") }
        let message = error.pointee.message.map { String(cString: $0) } ?? "(no message)"
        let status = KernelError.Status(rawValue: error.pointee.code) ?? .internal
        host.table.pointee.free_error?(error)
        return KernelError(status, message)
    }

    /// Runs `name` on the host (`call_op`) and returns its results.
    static func callOp(_ name: String, _ inputs: [HostTensor], _ attributes: [String: ConfigValue]) throws -> [HostTensor] {
        guard let callOp = host.table.pointee.call_op else { throw KernelError.failure("the host has no call_op") }
        let handles: [OpaquePointer?] = inputs.map(\.handle)
        let capacity = 16
        var outputs = [OpaquePointer?](repeating: nil, count: capacity)
        var produced: Int32 = 0
        let json = attributes.isEmpty ? "{}" : ConfigValue.text(.object(attributes))
        let error = handles.withUnsafeBufferPointer { ins in
            outputs.withUnsafeMutableBufferPointer { outs in
                callOp(name, ins.baseAddress, Int32(ins.count), json, outs.baseAddress, Int32(capacity), &produced)
            }
        }
        withExtendedLifetime(inputs) {}
        if let error { throw consume(error, name) }
        return outputs.prefix(Int(min(produced, Int32(capacity)))).compactMap { $0.map(HostTensor.init(owning:)) }
    }

    /// Whether the host's call_op knows `name`.
    static func hasOp(_ name: String) -> Bool {
        guard let f = host.field(\.has_op), let f else { return false }
        return f(name) != 0
    }
}

/// Runs a plugin body called from C and converts a thrown error into a host error object.
func hostResult(_ body: () throws -> Void) -> UnsafeMutablePointer<keras_error>? {
    do {
        try body()
        return nil
    } catch let error as KernelError {
        return HostServices.host.makeError(error)
    } catch {
        return HostServices.host.makeError(.failure("\(error)"))
    }
}
