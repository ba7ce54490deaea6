import CKerasABI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The one place where the host reads and writes the C structures of keras_plugin.h. Everything
// else in the core sees Swift values: `PluginABI.read` applies the size rule, `KernelTable` is a
// plugin's kernel table, and `withDescriptors` lends tensors to a kernel.

/// The ABI version pair of `keras_plugin.h`.
public struct ABIVersion: Sendable, Equatable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// The version this SwiftKeras was built with.
    public static let host = ABIVersion(major: Int(KERAS_ABI_VERSION_MAJOR), minor: Int(KERAS_ABI_VERSION_MINOR))

    public var description: String { "\(major).\(minor)" }
}

enum PluginABI {
    /// Copies a plugin's struct into a zeroed host struct of type `S`: the fields its
    /// `struct_size` does not cover read as 0 / NULL ("not provided"), and the fields the host
    /// does not know (a newer minor) are ignored. Returns `nil` when the struct is too small to
    /// hold `minimumSize` bytes.
    static func read<S>(_ pointer: UnsafePointer<S>, zero: S, minimumSize: Int) -> S? {
        let declared = Int(UnsafeRawPointer(pointer).load(as: UInt64.self))
        guard declared >= minimumSize else { return nil }
        let covered = min(declared, MemoryLayout<S>.size) / 8 * 8
        var value = zero
        withUnsafeMutableBytes(of: &value) { bytes in
            bytes.copyMemory(from: UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer), count: covered))
        }
        return value
    }

    /// Bytes a descriptor must declare for its version fields to be readable.
    static let descriptorHeaderSize = MemoryLayout<keras_plugin_descriptor>.offset(of: \.name)!

    /// Bytes a backend table must declare to carry at least its name.
    static let backendHeaderSize = MemoryLayout<keras_backend>.offset(of: \.priority)!

    /// A Swift string from an optional C string.
    static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    // MARK: Errors

    /// Takes ownership of a plugin-returned error (made by the host's `make_error`), frees it,
    /// and returns its code and message.
    static func consume(_ error: UnsafeMutablePointer<keras_error>) -> (code: Int32, message: String) {
        let code = error.pointee.code
        let message = string(error.pointee.message) ?? "(no message)"
        HostAPI.freeError(error)
        return (code, message)
    }

    /// A readable name of a status code.
    static func statusName(_ code: Int32) -> String {
        switch UInt32(bitPattern: code) {
        case KERAS_STATUS_OK.rawValue: "OK"
        case KERAS_STATUS_UNIMPLEMENTED.rawValue: "UNIMPLEMENTED"
        case KERAS_STATUS_INVALID_ARGUMENT.rawValue: "INVALID_ARGUMENT"
        case KERAS_STATUS_OUT_OF_MEMORY.rawValue: "OUT_OF_MEMORY"
        case KERAS_STATUS_INTERNAL.rawValue: "INTERNAL"
        case KERAS_STATUS_ABI_MISMATCH.rawValue: "ABI_MISMATCH"
        default: "status \(code)"
        }
    }

    // MARK: Tensors

    /// Calls `body` with C descriptors of the present `inputs` then the `outputs`
    /// (contiguous, in order), valid only during the call. The shapes are copied into temporary
    /// storage; the data pointers are the tensors' own buffers.
    @inline(__always)
    static func withDescriptors<R, Outputs: RandomAccessCollection<Tensor>>(inputs: [Tensor?], outputs: Outputs,
                                                                          _ body: (KernelCall) -> R) -> R {
        var dimensions = 0, count = outputs.count, complete = true
        for i in inputs.indices {
            if let rank = inputs[i]?.shape.count { dimensions += rank; count += 1 } else { complete = false }
        }
        for t in outputs { dimensions += t.shape.count }
        return withUnsafeTemporaryAllocation(of: Int64.self, capacity: max(dimensions, 1)) { shapes in
            withUnsafeTemporaryAllocation(of: keras_tensor.self, capacity: max(count, 1)) { descriptors in
                var offset = 0, index = 0
                func describe(_ t: borrowing Tensor) {
                    let shape = shapes.baseAddress! + offset
                    for axis in t.shape.indices { shape[axis] = Int64(t.shape[axis]) }
                    offset += t.shape.count
                    descriptors[index] = keras_tensor(
                        struct_size: UInt64(MemoryLayout<keras_tensor>.size), dtype: t.dtype.abiCode,
                        rank: Int32(t.shape.count), shape: UnsafePointer(shape), count: Int64(t.count),
                        data: t.storage.pointer)
                    index += 1
                }
                for i in inputs.indices where inputs[i] != nil { describe(inputs[i]!) }
                for t in outputs { describe(t) }
                return body(KernelCall(descriptors: descriptors.baseAddress!, inputs: inputs, complete: complete,
                                       presentInputs: count - outputs.count, outputCount: outputs.count))
            }
        }
    }
}

/// The C descriptors of one kernel call: the present inputs, then the outputs, contiguous.
/// Optional inputs that are absent have no descriptor and read as `nil` (NULL for the slot).
struct KernelCall {
    let descriptors: UnsafeMutablePointer<keras_tensor>
    let inputs: [Tensor?]
    /// Whether every declared input is present (then input `i` is descriptor `i`).
    let complete: Bool
    let presentInputs: Int
    let outputCount: Int

    /// Declared input `i`, or `nil` when it is absent.
    @inline(__always)
    func input(_ i: Int) -> UnsafePointer<keras_tensor>? {
        if complete { return UnsafePointer(descriptors + i) }
        guard inputs[i] != nil else { return nil }
        return UnsafePointer(descriptors + inputs[..<i].lazy.filter { $0 != nil }.count)
    }

    /// Output `j`.
    @inline(__always)
    func output(_ j: Int) -> UnsafePointer<keras_tensor> { UnsafePointer(descriptors + presentInputs + j) }

    /// The present inputs and the outputs as arrays of descriptor pointers (the slots that take
    /// lists: concatenate, the recurrent kernels).
    func withLists<R>(_ body: (_ inputs: UnsafePointer<UnsafePointer<keras_tensor>?>, _ outputs: UnsafePointer<UnsafePointer<keras_tensor>?>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UnsafePointer<keras_tensor>?.self, capacity: presentInputs + outputCount + 1) { list in
            for i in 0..<(presentInputs + outputCount) { list[i] = UnsafePointer(descriptors + i) }
            return body(UnsafePointer(list.baseAddress!), UnsafePointer(list.baseAddress! + presentInputs))
        }
    }
}

/// A plugin's backend kernel table, copied from the plugin by the size rule (so a slot the
/// plugin's ABI minor does not have is `nil`), plus its name and priority.
struct KernelTable: @unchecked Sendable {
    /// The C table (host layout); read its slots directly, they are `nil` when not provided.
    let c: keras_backend
    let name: String
    let priority: Int
    /// A copy of `c` at a stable address, for reading a slot by its offset (`slot(at:as:)`).
    /// Tables live as long as the process (plugins are never unloaded), so it is never freed.
    private let slots: UnsafeRawPointer

    init?(_ pointer: UnsafePointer<keras_backend>) {
        guard let value = PluginABI.read(pointer, zero: keras_backend(), minimumSize: PluginABI.backendHeaderSize),
              let name = PluginABI.string(value.name) else { return nil }
        c = value
        self.name = name
        priority = Int(value.priority)
        let copy = UnsafeMutablePointer<keras_backend>.allocate(capacity: 1)
        copy.initialize(to: value)
        slots = UnsafeRawPointer(copy)
    }

    /// The function in the slot `offset` bytes into the table (a kernel's `slotOffset`), typed
    /// as that slot's C function type; `nil` when the plugin leaves it empty.
    @inline(__always)
    func slot<Slot>(at offset: Int, as _: Slot.Type) -> Slot? {
        slots.load(fromByteOffset: offset, as: Slot?.self)
    }

    /// Whether the plugin provides `kernel` (its slot, found by the kernel table's offset).
    func provides(_ kernel: BackendKernel) -> Bool { c.provides(kernel) }
}
