import CKerasABI
import KerasKernelTypes

// Whole recurrent sequences on a plugin backend: the plugin's `recurrent` slots, else the
// sequence composed from this backend's primitives (never the reference backend as a whole).
extension PluginBackend {
    public func recurrent(_ p: RecurrentParameters, _ inputs: [Tensor]) -> [Tensor] {
        let ran = dispatch(\.recurrent, op: p.cell.rawValue, inputs, params: p, outputs: {
            let operands = RecurrentOperands(p.cell, inputs)
            return [Tensor(uninitializedShape: [operands.batch, operands.time, operands.units], dtype: operands.x.dtype)]
                + operands.initialStates.map { Tensor(uninitializedShape: $0.shape, dtype: $0.dtype) }
        }) { f, ctx, d, params in
            d.withLists { f(ctx, params, $0, Int32(d.presentInputs), $1, Int32(d.outputCount)) }
        }
        return ran ?? composedRecurrent(p, inputs)
    }

    public func recurrentBackward(_ p: RecurrentParameters, _ inputs: [Tensor]) -> [Tensor] {
        let ran = dispatch(\.recurrent_backward, op: p.cell.rawValue, inputs, params: p, outputs: {
            let operands = RecurrentOperands(p.cell, Array(inputs.prefix(4 + p.cell.stateCount)))
            let gradients = [operands.x] + operands.initialStates + [operands.kernel, operands.recurrentKernel, operands.bias]
            return gradients.map { Tensor(uninitializedShape: $0.shape, dtype: $0.dtype) }
        }) { f, ctx, d, params in
            d.withLists { f(ctx, params, $0, Int32(d.presentInputs), $1, Int32(d.outputCount)) }
        }
        return ran ?? composedRecurrentBackward(p, inputs)
    }
}
