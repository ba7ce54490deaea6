/// The backend `K` dispatches to while a ``StepProfiler`` records: every kernel call is
/// forwarded to the backend in use and timed, with the backend that ran it and whether it ran
/// natively (a plugin's usage counters before and after tell). Its kernels are the
/// ``ForwardingBackend`` list; this file is the timing.
final class ProfilingBackend: ForwardingBackend, @unchecked Sendable {
    let inner: any Backend
    let profiler: StepProfiler
    private let counters: UsageCounters?

    init(_ inner: any Backend, profiler: StepProfiler) {
        self.inner = inner
        self.profiler = profiler
        counters = (inner as? PluginBackend)?.counters ?? (inner as? RoutingBackend)?.counters
    }

    var name: String { inner.name }

    /// Runs one kernel on the inner backend, timed when the profiler records.
    @inline(__always)
    func forward<R>(_ kernel: BackendKernel, op: Int32, dtype: DType, work: @autoclosure () -> Int,
                    operands: @autoclosure () -> [Tensor], _ run: (any Backend) -> R) -> R {
        guard profiler.isRecording else { return run(inner) }
        let before = counters.map { ($0.nativeTotal.load(ordering: .relaxed), $0.fallbackTotal.load(ordering: .relaxed)) }
        let start = profiler.now()
        let result = run(inner)
        var native = true
        if let counters, let before {
            // Native: something ran on the plugin and nothing fell back (a composite the plugin
            // lacks or declines, such as an optimizer update left to the host, is not native).
            native = counters.fallbackTotal.load(ordering: .relaxed) == before.1
                && counters.nativeTotal.load(ordering: .relaxed) != before.0
        }
        let described = operands().map { "\($0.dtype) \($0.shape)" }.joined(separator: ", ")
        profiler.kernel(kernel.opName(op), backend: ranOn(kernel, op, dtype, work), native: native, operands: described, start: start)
        return result
    }

    /// The backend named for a call: under `auto`, where its route sends it (a plugin, the
    /// reference backend, or `composed`), not the router's own name.
    private func ranOn(_ kernel: BackendKernel, _ op: Int32, _ dtype: DType, _ work: () -> Int) -> String {
        guard let router = inner as? RoutingBackend else { return inner.name }
        // The backward with a workspace runs where the training forward ran.
        let routed = kernel == .recurrentBackwardWorkspace ? BackendKernel.recurrentTraining : kernel
        return router.target(of: routed, op: op, dtype: dtype, size: WorkSize.of(work(), routed))
    }

    /// A composite is timed whole, as the inner backend runs it (fused, or composed there).
    @inline(__always)
    func forward<R>(composite kernel: BackendKernel, op: Int32, dtype: DType, work: @autoclosure () -> Int,
                    operands: @autoclosure () -> [Tensor], _ run: (any Backend) -> R, composed: () -> R) -> R {
        forward(kernel, op: op, dtype: dtype, work: work(), operands: operands(), run)
    }
}
