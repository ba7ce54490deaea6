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

    /// Calls `body` with C descriptors of `tensors` (contiguous, in order), valid only during
    /// the call. The shapes are copied into temporary storage; the data pointers are the
    /// tensors' own buffers.
    @inline(__always)
    static func withDescriptors<R>(_ tensors: [Tensor], _ body: (UnsafeMutablePointer<keras_tensor>) -> R) -> R {
        var dimensions = 0
        for t in tensors { dimensions += t.rank }
        return withUnsafeTemporaryAllocation(of: Int64.self, capacity: max(dimensions, 1)) { shapes in
            withUnsafeTemporaryAllocation(of: keras_tensor.self, capacity: tensors.count) { descriptors in
                var offset = 0
                for (i, t) in tensors.enumerated() {
                    let shape = shapes.baseAddress! + offset
                    for (axis, d) in t.shape.enumerated() { shape[axis] = Int64(d) }
                    offset += t.rank
                    descriptors[i] = keras_tensor(
                        struct_size: UInt64(MemoryLayout<keras_tensor>.size), dtype: t.dtype.abiCode,
                        rank: Int32(t.rank), shape: UnsafePointer(shape), count: Int64(t.count),
                        data: t.storage.pointer)
                }
                return body(descriptors.baseAddress!)
            }
        }
    }
}

extension DType {
    /// The `keras_dtype` code.
    var abiCode: Int32 {
        switch self {
        case .float32: Int32(KERAS_DTYPE_FLOAT32.rawValue)
        case .float64: Int32(KERAS_DTYPE_FLOAT64.rawValue)
        case .int32: Int32(KERAS_DTYPE_INT32.rawValue)
        case .int64: Int32(KERAS_DTYPE_INT64.rawValue)
        case .bool: Int32(KERAS_DTYPE_BOOL.rawValue)
        case .uint8: Int32(KERAS_DTYPE_UINT8.rawValue)
        }
    }

    /// The dtype of a `keras_dtype` code, or `nil` for an unknown one.
    init?(abiCode: Int32) {
        guard let dtype = DType.allCases.first(where: { $0.abiCode == abiCode }) else { return nil }
        self = dtype
    }
}

/// A plugin's backend kernel table, copied from the plugin by the size rule (so a slot the
/// plugin's ABI minor does not have is `nil`), plus its name and priority.
struct KernelTable: @unchecked Sendable {
    /// The C table (host layout); read its slots directly, they are `nil` when not provided.
    let c: keras_backend
    let name: String
    let priority: Int

    init?(_ pointer: UnsafePointer<keras_backend>) {
        guard let value = PluginABI.read(pointer, zero: keras_backend(), minimumSize: PluginABI.backendHeaderSize),
              let name = PluginABI.string(value.name) else { return nil }
        c = value
        self.name = name
        priority = Int(value.priority)
    }

    /// Whether the plugin provides `kernel`.
    func provides(_ kernel: BackendKernel) -> Bool {
        switch kernel {
        case .unary: c.unary != nil
        case .binary: c.binary != nil
        case .select: c.select != nil
        case .cast: c.cast != nil
        case .reduce: c.reduce != nil
        case .argReduce: c.arg_reduce != nil
        case .cumulative: c.cumulative != nil
        case .matmul: c.matmul != nil
        case .transpose: c.transpose != nil
        case .slice: c.slice != nil
        case .concatenate: c.concatenate != nil
        case .pad: c.pad != nil
        case .tile: c.tile != nil
        case .broadcast: c.broadcast != nil
        case .reverse: c.reverse != nil
        case .gather: c.gather != nil
        case .scatterAdd: c.scatter_add != nil
        case .convolution: c.convolution != nil
        case .convolutionBackwardInput: c.convolution_backward_input != nil
        case .convolutionBackwardKernel: c.convolution_backward_kernel != nil
        case .pool: c.pool != nil
        case .poolBackward: c.pool_backward != nil
        case .softmax: c.softmax != nil
        case .logSoftmax: c.log_softmax != nil
        case .linear: c.linear != nil
        case .activation: c.activation != nil
        case .activationBackward: c.activation_backward != nil
        case .linearActivation: c.linear_activation != nil
        case .batchNormalization: c.batch_normalization != nil
        case .batchNormalizationTraining: c.batch_normalization_training != nil
        case .batchNormalizationBackward: c.batch_normalization_backward != nil
        case .layerNormalization: c.layer_normalization != nil
        case .layerNormalizationBackward: c.layer_normalization_backward != nil
        case .recurrent: c.recurrent != nil
        case .recurrentBackward: c.recurrent_backward != nil
        case .convolutionActivation: c.convolution_activation != nil
        case .recurrentWorkspaceSize: c.recurrent_workspace_size != nil
        case .recurrentTraining: c.recurrent_training != nil
        case .recurrentBackwardWorkspace: c.recurrent_backward_workspace != nil
        case .optimizerUpdate: c.optimizer_update != nil
        }
    }
}
