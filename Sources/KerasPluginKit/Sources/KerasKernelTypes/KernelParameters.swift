import CKerasABI

/// The parameter struct of a kernel as a Swift value that lends itself to C (`withC`) and is
/// read back from C on the plugin side (each conforming type's `init(_:)` from its C pointer).
///
/// Which kernels take which parameters is the ``KernelSpec/parameters`` column of the kernel
/// table; the host checks the two agree on every call (in debug builds).
public protocol KernelParameters: Sendable {
    /// The C struct of `keras_plugin.h`.
    associatedtype CValue
    /// The table's name for this kind of parameters.
    static var kind: ParameterKind { get }
    /// Calls `body` with a C copy of the parameters, valid only during the call.
    func withC<R>(_ body: (UnsafePointer<CValue>) -> R) -> R
}

/// What a kernel's `params` pointer points to (the kernel table's parameter column).
public enum ParameterKind: String, Sendable, CaseIterable {
    case none
    /// `keras_conv_params` (``ConvolutionParameters``).
    case convolution
    /// `keras_pool_params` (``PoolingParameters``).
    case pooling
    /// `keras_activation_params` (``ActivationParameters``).
    case activation
    /// `keras_normalization_params` (``NormalizationParameters``).
    case normalization
    /// `keras_recurrent_params` (``RecurrentParameters``).
    case recurrent
    /// `keras_optimizer_params` (``OptimizerParameters``).
    case optimizer
}

/// No parameters (the kernels whose table entry says ``ParameterKind/none``).
public struct NoParameters: KernelParameters {
    public static var kind: ParameterKind { .none }
    @inlinable
    public init() {}
    @inlinable
    public func withC<R>(_ body: (UnsafePointer<Void>) -> R) -> R {
        withUnsafePointer(to: ()) { body($0) }
    }
}

/// Lends `values` to C as `const int64_t *` (Swift's `Int` is 64 bits on the supported platforms).
@inlinable
public func withInt64<R>(_ values: [Int], _ body: (UnsafePointer<Int64>?) -> R) -> R {
    values.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: Int64.self) { body($0.baseAddress) }
    }
}

/// `count` integers from a C array (zeros when the pointer is NULL).
@inlinable
public func intArray(_ pointer: UnsafePointer<Int64>?, _ count: Int) -> [Int] {
    guard let pointer else { return [Int](repeating: 0, count: max(count, 0)) }
    return (0..<max(count, 0)).map { Int(pointer[$0]) }
}
