/// A tensor handed to a kernel: a view of the host's `keras_tensor` descriptor.
///
/// The elements are dense, row-major, contiguous and 64-byte aligned, in host memory. A view is
/// valid only during the kernel call it was passed to: read the inputs, write every element of
/// the output, keep nothing.
///
/// ```swift
/// kernels.unary = { op, x, out in
///     guard op == .relu, x.dtype == .float32 else { throw KernelError.unimplemented() }
///     let src = x.pointer(as: Float.self), dst = out.pointer(as: Float.self)
///     for i in 0..<x.count { dst[i] = max(src[i], 0) }
/// }
/// ```
public struct TensorView {
    /// The host's descriptor.
    public let descriptor: UnsafePointer<keras_tensor>

    public init(_ descriptor: UnsafePointer<keras_tensor>) {
        self.descriptor = descriptor
    }

    /// The element type; `nil` for a dtype this plugin does not know (from a newer host).
    public var dtype: DType? { DType(abiCode: descriptor.pointee.dtype) }

    /// Number of dimensions (0 for a scalar).
    public var rank: Int { Int(descriptor.pointee.rank) }

    /// Number of elements.
    public var count: Int { Int(descriptor.pointee.count) }

    /// The size of dimension `axis` (`0..<rank`).
    public func dimension(_ axis: Int) -> Int {
        precondition(axis >= 0 && axis < rank, "TensorView: axis \(axis) out of range for rank \(rank)")
        return Int(descriptor.pointee.shape[axis])
    }

    /// The dimensions, outermost first.
    public var shape: [Int] { (0..<rank).map(dimension) }

    /// The elements, typed. The caller checks ``dtype`` first.
    public func pointer<T>(as type: T.Type) -> UnsafeMutablePointer<T> {
        descriptor.pointee.data.assumingMemoryBound(to: T.self)
    }

    /// The element bytes.
    public var rawPointer: UnsafeMutableRawPointer { descriptor.pointee.data }
}
