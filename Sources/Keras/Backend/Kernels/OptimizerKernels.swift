import CKerasABI
import KerasKernelTypes

// The optimizer kernel of every backend, in one place: the `Backend` requirements
// (``OptimizerKernels``), each kernel's call of its plugin slot on a plugin backend (`dispatch`:
// the outputs, the C arguments, else the reference kernel or the composition), and its hand-on in
// a forwarding backend (`forward`: the op code, dtype, work and operands that `auto`'s router and
// the step profiler read). A new kernel of this family adds one of each here
// (docs/architecture.md).

/// One optimizer update in place (a composite: the host's Swift loops run it when a backend does
/// not).
///
/// Part of ``Backend``; the pure-Swift implementations are in `Backend/Reference` (primitives)
/// and `Backend/Composites` (the composites' defaults).
public protocol OptimizerKernels: AnyObject, Sendable {
    /// One optimizer update in place: `tensors` are the variable, its gradient and the
    /// optimizer's slots (``OptimizerParameters`` says which), their storages uniquely
    /// owned by the caller. Returns false when the backend leaves it to the host's Swift loops.
    func optimizerUpdate(_ p: OptimizerParameters, _ tensors: [Tensor]) -> Bool
}

extension PluginBackend {
    public func optimizerUpdate(_ p: OptimizerParameters, _ tensors: [Tensor]) -> Bool {
        dispatch(.optimizerUpdate, \.optimizer_update, op: p.op.rawValue, tensors, params: p, outputs: { [] }) { f, ctx, d, params in
            d.withLists { ins, _ in f(ctx, params, ins, Int32(d.presentInputs)) }
        } != nil
    }
}

extension ForwardingBackend {
    /// Composed: `false`, the host's Swift loops update the variable.
    public func optimizerUpdate(_ p: OptimizerParameters, _ tensors: [Tensor]) -> Bool {
        guard let first = tensors.first else { return false }
        return forward(composite: .optimizerUpdate, op: p.op.rawValue, dtype: first.dtype, work: elementCount(first.shape),
                       operands: [first], { $0.optimizerUpdate(p, tensors) }, composed: { false })
    }
}
