import CKerasABI
import KerasKernelTypes

// The one path every kernel of a plugin backend takes. The kernel names its row in the table
// (KerasKernelTypes' KernelSpec) and its slot in `keras_backend` (by the table's offset); the
// row says the rest: the op family, the operand counts, the parameter kind, and whether an
// absent or declined kernel falls back to the reference backend (a primitive: counted, under
// the fallback policy; behind `auto`, first to the next plugin) or is composed by the caller (a
// composite).
extension PluginBackend {
    /// Runs the plugin's `kernel` on `inputs` (absent optional ones `nil`), writing the tensors
    /// `outputs` makes; returns them, or `nil` when the plugin lacks or declines the kernel —
    /// after accounting for the fallback when the table says it is a primitive — so that the
    /// caller runs the reference kernel or the composition:
    ///
    /// ```swift
    /// dispatch(.cast, \.cast, [x], outputs: { one(Tensor(uninitializedShape: x.shape, dtype: dtype)) }) { f, ctx, d, _ in
    ///     f(ctx, d.input(0), d.output(0))
    /// }?[0] ?? reference.cast(x, to: dtype)
    /// ```
    ///
    /// `slot` is the kernel's field of `keras_backend`, which types `invoke`'s C function (debug
    /// builds check it is the kernel's). `invoke` gets the C function, the backend's context,
    /// the descriptors and the parameters as C (for kernels without parameters, pass none and
    /// ignore the last argument). `outputs` returns an array, or ``one(_:)`` for a single
    /// tensor (no array to allocate on this path, which a 1-element `K.add` takes per call).
    @inline(__always)
    func dispatch<Slot, P: KernelParameters, Outputs: RandomAccessCollection<Tensor>>(
        _ kernel: BackendKernel, _ slot: KeyPath<keras_backend, Slot?>, op: Int32? = nil, _ inputs: [Tensor?],
        params: P = NoParameters(), outputs: () -> Outputs,
        _ invoke: (Slot, UnsafeMutableRawPointer?, KernelCall, UnsafePointer<P.CValue>) -> UnsafeMutablePointer<keras_error>?
    ) -> Outputs? {
        assert(MemoryLayout<keras_backend>.offset(of: slot) == kernel.slotOffset
               && P.kind == kernel.spec.parameters && (op == nil) == (kernel.spec.family == .none) && kernel.spec.inputs.contains(inputs.count),
               "\(kernel): called with slot \(slot), \(P.kind) parameters, op \(String(describing: op)), \(inputs.count) inputs; the kernel table says \(kernel.spec)")
        // One load from the table's stable copy, at the offset the table's literal gives (the
        // key path only types the slot: it is never made at run time).
        guard let f = table.slot(at: kernel.slotOffset, as: Slot.self) else {
            notRun(kernel, op, inputs, reason: "not provided")
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
            notRun(kernel, op, inputs, reason: reason)
            return nil
        }
    }

    /// A kernel the plugin did not run: a fallback when the table says it is a primitive and no
    /// next plugin takes it (a composite is composed by the caller, not a fallback).
    @inline(never)
    func notRun(_ kernel: BackendKernel, _ op: Int32?, _ inputs: [Tensor?], reason: String) {
        if kernel.spec.absent == .reference && next == nil { fallBack(kernel, op, inputs, reason: reason) }
    }
}

/// One output tensor, for ``PluginBackend/dispatch(_:_:op:_:params:outputs:_:)`` (no array).
@inline(__always)
func one(_ tensor: Tensor) -> CollectionOfOne<Tensor> { CollectionOfOne(tensor) }
