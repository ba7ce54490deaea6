import CKerasABI
import Foundation

/// The host table handed to every plugin (`keras_host_api`): allocator, error factory, logging,
/// thread count, and `K` ops on opaque tensor handles. One static table for the whole process.
enum HostAPI {
    /// The table, allocated once and never freed (plugins may keep the pointer).
    static let table: Table = Table()

    final class Table: @unchecked Sendable {
        let pointer: UnsafePointer<keras_host_api>

        init() {
            let table = UnsafeMutablePointer<keras_host_api>.allocate(capacity: 1)
            table.initialize(to: keras_host_api(
                struct_size: UInt64(MemoryLayout<keras_host_api>.size),
                abi_major: UInt32(KERAS_ABI_VERSION_MAJOR),
                abi_minor: UInt32(KERAS_ABI_VERSION_MINOR),
                allocate: { byteCount, alignment in HostAPI.allocate(byteCount: byteCount, alignment: alignment) },
                deallocate: { pointer in free(pointer) },
                make_error: { code, message in HostAPI.makeError(code: code, message: message) },
                free_error: { error in HostAPI.freeError(error) },
                log: { level, message in HostAPI.log(level: level, message: message) },
                thread_count: { Int32(clamping: KerasConfig.threads) },
                tensor_create: { descriptor, error in HostTensorHandles.create(descriptor, error) },
                tensor_describe: { handle, out in HostTensorHandles.describe(handle, out) },
                tensor_retain: { handle in HostTensorHandles.retain(handle) },
                tensor_release: { handle in HostTensorHandles.release(handle) },
                call_op: { name, inputs, count, attributes, outputs, capacity, produced in
                    HostTensorHandles.callOp(name, inputs, count, attributes, outputs, capacity, produced)
                },
                add_weight: { build, spec, index in HostAPI.addWeight(build, spec, index) },
                has_op: { name in HostAPI.hasOp(name) ? 1 : 0 }))
            pointer = UnsafePointer(table)
        }
    }

    /// `add_weight`: a weight of the layer whose `build` is running.
    static func addWeight(_ build: keras_build_context?, _ spec: UnsafePointer<keras_weight_spec>?,
                          _ index: UnsafeMutablePointer<Int32>?) -> UnsafeMutablePointer<keras_error>? {
        guard let build, let spec else { return makeError(KERAS_STATUS_INVALID_ARGUMENT, "add_weight: no build context or spec") }
        let context = Unmanaged<BuildContext>.fromOpaque(UnsafeRawPointer(build)).takeUnretainedValue()
        guard let layer = context.layer else {
            return makeError(KERAS_STATUS_INVALID_ARGUMENT, "add_weight: called outside the layer's build")
        }
        guard let value = PluginABI.read(spec, zero: keras_weight_spec(), minimumSize: MemoryLayout<keras_weight_spec>.offset(of: \.trainable)! + 8) else {
            return makeError(KERAS_STATUS_INVALID_ARGUMENT, "add_weight: the spec's struct_size is too small")
        }
        do {
            let declared = try layer.declareWeight(value)
            index?.pointee = Int32(declared)
            return nil
        } catch {
            return makeError(KERAS_STATUS_INVALID_ARGUMENT, "\(error)")
        }
    }

    /// `has_op`: whether `call_op` knows `name`.
    static func hasOp(_ name: UnsafePointer<CChar>?) -> Bool {
        guard let name else { return false }
        let op = String(cString: name)
        return CallOpValidation.validated(op) || PluginComponentRegistry.nativeOp(named: op) != nil
    }

    static func allocate(byteCount: UInt64, alignment: UInt64) -> UnsafeMutableRawPointer? {
        guard alignment & (alignment &- 1) == 0, byteCount < UInt64(Int.max) else { return nil }
        let align = alignment == 0 ? UInt64(TensorStorage.alignment) : max(alignment, UInt64(MemoryLayout<UnsafeRawPointer>.size))
        var result: UnsafeMutableRawPointer?
        let rounded = (max(byteCount, 1) + align - 1) / align * align
        guard posix_memalign(&result, Int(align), Int(rounded)) == 0 else { return nil }
        return result
    }

    /// A new error object; the message is copied.
    static func makeError(code: Int32, message: UnsafePointer<CChar>?) -> UnsafeMutablePointer<keras_error> {
        let error = UnsafeMutablePointer<keras_error>.allocate(capacity: 1)
        let text = message.map { strdup($0) } ?? strdup("(no message)")
        error.initialize(to: keras_error(struct_size: UInt64(MemoryLayout<keras_error>.size),
                                         code: code == 0 ? Int32(KERAS_STATUS_INTERNAL.rawValue) : code,
                                         reserved: 0, message: UnsafePointer(text)))
        return error
    }

    /// A new error object with a Swift message.
    static func makeError(_ status: keras_status, _ message: String) -> UnsafeMutablePointer<keras_error> {
        message.withCString { makeError(code: Int32(status.rawValue), message: $0) }
    }

    static func freeError(_ error: UnsafeMutablePointer<keras_error>?) {
        guard let error else { return }
        free(UnsafeMutableRawPointer(mutating: error.pointee.message))
        error.deinitialize(count: 1)
        error.deallocate()
    }

    static func log(level: Int32, message: UnsafePointer<CChar>?) {
        let text = message.map { String(cString: $0) } ?? ""
        let kerasLevel: KerasLog.Level = switch UInt32(bitPattern: level) {
        case KERAS_LOG_DEBUG.rawValue: .debug
        case KERAS_LOG_INFO.rawValue: .info
        case KERAS_LOG_WARNING.rawValue: .warning
        default: .error
        }
        KerasLog.log(kerasLevel, "plugin: \(text)")
    }
}
