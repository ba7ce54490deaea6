import CKerasABI
import KerasKernelTypes

// The one path every kernel of a plugin backend takes. The slot's key path names the kernel
// (its offset in `keras_backend` is its `keras_kernel` number), and the kernel's row in the
// table (KerasKernelTypes' KernelSpec) says the rest: the op family, the operand counts, the
// parameter kind, and whether an absent or declined kernel falls back to the reference backend
// (a primitive: counted, under the fallback policy; behind `auto`, first to the next plugin) or
// is composed by the caller (a composite).
extension PluginBackend {
    /// Runs the plugin's kernel in `slot` on `inputs` (absent optional ones `nil`), writing the
    /// tensors `outputs` makes; returns them, or `nil` when the plugin lacks or declines the
    /// kernel — after accounting for the fallback when the table says it is a primitive — so
    /// that the caller runs the reference kernel or the composition:
    ///
    /// ```swift
    /// dispatch(\.cast, [x], outputs: { [Tensor(uninitializedShape: x.shape, dtype: dtype)] }) { f, ctx, d, _ in
    ///     f(ctx, d.input(0), d.output(0))
    /// }?[0] ?? reference.cast(x, to: dtype)
    /// ```
    ///
    /// `invoke` gets the C function, the backend's context, the descriptors and the parameters
    /// as C (for kernels without parameters, pass none and ignore the last argument).
    @inline(__always)
    func dispatch<Slot, P: KernelParameters>(
        _ slot: KeyPath<keras_backend, Slot?>, op: Int32? = nil, _ inputs: [Tensor?], params: P = NoParameters(),
        outputs: () -> [Tensor],
        _ invoke: (Slot, UnsafeMutableRawPointer?, KernelCall, UnsafePointer<P.CValue>) -> UnsafeMutablePointer<keras_error>?
    ) -> [Tensor]? {
        let offset = MemoryLayout<keras_backend>.offset(of: slot)!
        guard let kernel = BackendKernel(slotOffset: offset) else {
            preconditionFailure("PluginBackend.dispatch: \(slot) is not a kernel slot of keras_backend")
        }
        assert(P.kind == kernel.spec.parameters && (op == nil) == (kernel.spec.family == .none) && kernel.spec.inputs.contains(inputs.count),
               "\(kernel): called with \(P.kind) parameters, op \(String(describing: op)), \(inputs.count) inputs; the kernel table says \(kernel.spec)")
        // One load from the table's stable copy (a key-path projection of the C struct cost more).
        guard let f = table.slot(at: offset, as: Slot.self) else {
            if kernel.spec.absent == .reference && next == nil { fallBack(kernel, op, inputs, reason: "not provided") }
            return nil
        }
        let results = outputs()
        let ctx = context
        let outcome = params.withC { p in
            tryKernel(kernel, op, inputs: inputs, outputs: results, params: P.kind == .none ? nil : UnsafeRawPointer(p)) { call in
                invoke(f, ctx, call, p)
            }
        }
        switch outcome {
        case .ran:
            return results
        case .declined(let reason), .failed(let reason):
            if kernel.spec.absent == .reference && next == nil { fallBack(kernel, op, inputs, reason: reason) }
            return nil
        }
    }
}
