/// A host tensor as a plugin layer, function or composition sees it: an opaque handle to a
/// tensor in the host's autodiff graph. Combine tensors with ``K`` (each call runs the host's K
/// function through `call_op`, so the result stays differentiable on every backend). The handle
/// is released when the value goes away.
///
/// ```swift
/// let y = try K.dot(x, kernel) + bias
/// print(y.shape)
/// ```
public final class HostTensor: @unchecked Sendable, CustomStringConvertible {
    let handle: OpaquePointer

    /// Takes over a handle that carries one reference (from call_op or tensor_create).
    init(owning handle: OpaquePointer) { self.handle = handle }

    /// Shares a handle the host lent for the length of a call (adds a reference).
    init(borrowing handle: OpaquePointer) {
        self.handle = handle
        HostServices.host.table.pointee.tensor_retain?(handle)
    }

    deinit { HostServices.host.table.pointee.tensor_release?(handle) }

    /// A new reference for the host (an output of a call).
    func passRetained() -> OpaquePointer {
        HostServices.host.table.pointee.tensor_retain?(handle)
        return handle
    }

    private var descriptor: keras_tensor {
        var out = keras_tensor()
        out.struct_size = UInt64(MemoryLayout<keras_tensor>.size)
        HostServices.host.table.pointee.tensor_describe?(handle, &out)
        return out
    }

    /// The dimensions, outermost first.
    public var shape: [Int] {
        let d = descriptor
        return (0..<Int(d.rank)).map { Int(d.shape[$0]) }
    }

    /// The element type (nil for one this plugin does not know).
    public var dtype: DType? { DType(abiCode: descriptor.dtype) }

    /// The elements as `Double`s (a copy; for tests and small reads).
    public var doubles: [Double] {
        let d = descriptor
        let n = Int(d.count)
        switch DType(abiCode: d.dtype) {
        case .float32: let p = d.data.assumingMemoryBound(to: Float.self); return (0..<n).map { Double(p[$0]) }
        case .float64: let p = d.data.assumingMemoryBound(to: Double.self); return (0..<n).map { p[$0] }
        case .int32: let p = d.data.assumingMemoryBound(to: Int32.self); return (0..<n).map { Double(p[$0]) }
        case .int64: let p = d.data.assumingMemoryBound(to: Int64.self); return (0..<n).map { Double(p[$0]) }
        case .bool, .uint8: let p = d.data.assumingMemoryBound(to: UInt8.self); return (0..<n).map { Double(p[$0]) }
        case nil: return []
        }
    }

    /// A new host tensor holding `values` (a constant: not differentiated).
    ///
    /// ```swift
    /// let half = try HostTensor([0.5], shape: [], dtype: .float32)
    /// ```
    public convenience init(_ values: [Double], shape: [Int], dtype: DType = .float32) throws {
        guard values.count == shape.reduce(1, *) else {
            throw KernelError.invalidArgument("HostTensor: \(values.count) values for shape \(shape)")
        }
        let bytes = UnsafeMutableRawPointer.allocate(byteCount: max(1, values.count * dtype.byteSize), alignment: 64)
        defer { bytes.deallocate() }
        for (i, v) in values.enumerated() {
            switch dtype {
            case .float32: bytes.storeBytes(of: Float(v), toByteOffset: 4 * i, as: Float.self)
            case .float64: bytes.storeBytes(of: v, toByteOffset: 8 * i, as: Double.self)
            case .int32: bytes.storeBytes(of: Int32(v), toByteOffset: 4 * i, as: Int32.self)
            case .int64: bytes.storeBytes(of: Int64(v), toByteOffset: 8 * i, as: Int64.self)
            case .bool, .uint8: bytes.storeBytes(of: UInt8(v), toByteOffset: i, as: UInt8.self)
            }
        }
        let dims = shape.map(Int64.init)
        var error: UnsafeMutablePointer<keras_error>?
        let handle: OpaquePointer? = dims.withUnsafeBufferPointer { d in
            var desc = keras_tensor(struct_size: UInt64(MemoryLayout<keras_tensor>.size), dtype: dtype.abiCode,
                                    rank: Int32(shape.count), shape: d.baseAddress, count: Int64(values.count), data: bytes)
            return HostServices.host.table.pointee.tensor_create?(&desc, &error)
        }
        guard let handle else { throw HostServices.consume(error, "tensor_create") }
        self.init(owning: handle)
    }

    public var description: String { "HostTensor(\(dtype.map(String.init(describing:)) ?? "?") \(shape))" }
}
