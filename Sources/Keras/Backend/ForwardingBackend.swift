/// A backend that hands every kernel call to another backend, chosen per call: `auto`'s
/// per-kernel router (``RoutingBackend``) and the step profiler's timing wrapper are two.
///
/// A conforming type writes the two `forward` methods; this protocol's extensions (one per
/// kernel family, beside the family's requirements in `Backend/Kernels`) implement every
/// ``Backend`` kernel by calling them with the kernel, its op code, the dtype and work of the
/// call, the operands to show, and the call itself: a new kernel adds one method there.
///
/// ```swift
/// final class Tracing: ForwardingBackend, @unchecked Sendable {
///     let inner: any Backend
///     init(_ inner: any Backend) { self.inner = inner }
///     var name: String { inner.name }
///     func forward<R>(_ kernel: BackendKernel, op: Int32, dtype: DType, work: @autoclosure () -> Int,
///                     operands: @autoclosure () -> [Tensor], _ run: (any Backend) -> R) -> R {
///         print(kernel.opName(op), operands().map(\.shape))
///         return run(inner)
///     }
///     func forward<R>(composite kernel: BackendKernel, op: Int32, dtype: DType, work: @autoclosure () -> Int,
///                     operands: @autoclosure () -> [Tensor], _ run: (any Backend) -> R, composed: () -> R) -> R {
///         forward(kernel, op: op, dtype: dtype, work: work(), operands: operands(), run)
///     }
/// }
/// ```
public protocol ForwardingBackend: Backend {
    /// Runs one call of a primitive kernel: `run` with the backend that should run it.
    ///
    /// - Parameters:
    ///   - kernel: the kernel called.
    ///   - op: its op code (`UnaryOp`, `PoolMode`, `ActivationOp`, … raw value; 0 for a kernel
    ///     without an op family).
    ///   - dtype: the dtype of the operand that decides the call (the first input).
    ///   - work: the size of the call: elements for element-wise and layout kernels,
    ///     multiply-adds for products, convolutions and recurrent sequences.
    ///   - operands: the inputs to show in a report (possibly a few of them).
    func forward<R>(_ kernel: BackendKernel, op: Int32, dtype: DType, work: @autoclosure () -> Int,
                    operands: @autoclosure () -> [Tensor], _ run: (any Backend) -> R) -> R

    /// Runs one call of a composite kernel: `run` with a backend that runs it whole, or
    /// `composed`, its composition from this backend's own (forwarded) primitives — what the
    /// ``Backend`` default implementation does.
    func forward<R>(composite kernel: BackendKernel, op: Int32, dtype: DType, work: @autoclosure () -> Int,
                    operands: @autoclosure () -> [Tensor], _ run: (any Backend) -> R, composed: () -> R) -> R
}

/// The element count of a shape (no allocation).
@inline(__always)
func elementCount(_ shape: [Int]) -> Int {
    var n = 1
    for d in shape { n &*= d }
    return n
}

// MARK: Work measures

/// N of a matrix product `· b` (`b`'s last axis, or its second-last when transposed).
@inline(__always)
func matmulColumns(_ b: Tensor, _ transposeB: Bool) -> Int {
    b.shape.isEmpty ? 1 : (transposeB ? b.shape[b.shape.count - 2] : b.shape[b.shape.count - 1])
}

/// Multiply-adds of a convolution whose one side (`activations`: the input forward, the
/// output's gradient backward) has `activations.last` channels: every position of it times
/// the kernel's elements over those channels.
@inline(__always)
func convolutionWork(_ activations: [Int], _ kernel: [Int]) -> Int {
    let channels = max(1, activations.last ?? 1)
    return elementCount(activations) / channels &* elementCount(kernel)
}

/// Multiply-adds of a sequence: batch · time · (features + units) · gates·units, from x
/// (`inputs[0]`) and the kernel (`(features, G·units)`, after x and the initial states).
@inline(__always)
func recurrentWork(_ p: RecurrentParameters, _ inputs: [Tensor]) -> Int {
    let k = 1 + p.cell.stateCount
    guard inputs.count > k + 1, inputs[0].shape.count == 3, inputs[k].shape.count == 2 else { return 0 }
    let x = inputs[0].shape, gates = inputs[k].shape[1], units = inputs[k + 1].shape[0]
    return x[0] &* x[1] &* (x[2] &+ units) &* gates
}
