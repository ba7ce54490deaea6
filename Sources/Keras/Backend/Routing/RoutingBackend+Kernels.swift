import KerasKernelTypes

// The routing backend's two `forward` hooks (its kernels are ForwardingBackend's, in Backend/Kernels):
// one table lookup by kernel, op, dtype and work, one call. Primitives go to a member (which
// falls back to the reference backend itself when it does not run one) or to the reference
// backend where it measured faster; composites go to a member or are composed here from the
// routed primitives.
extension RoutingBackend: ForwardingBackend {
    @inline(__always)
    public func forward<R>(_ kernel: BackendKernel, op: Int32, dtype: DType, work: @autoclosure () -> Int,
                           operands: @autoclosure () -> [Tensor], _ run: (any Backend) -> R) -> R {
        run(member(kernel, op, dtype, work()))
    }

    /// The workspace kernel is looked up as ``Backend/recurrentTraining(_:_:)`` (same operands,
    /// same entry), so the workspace goes back to the plugin that filled it.
    @inline(__always)
    public func forward<R>(composite kernel: BackendKernel, op: Int32, dtype: DType, work: @autoclosure () -> Int,
                           operands: @autoclosure () -> [Tensor], _ run: (any Backend) -> R, composed: () -> R) -> R {
        let routed = kernel == .recurrentBackwardWorkspace ? .recurrentTraining : kernel
        guard let owner = composite(routed, op, dtype, work()) else { return composed() }
        return run(owner)
    }
}
