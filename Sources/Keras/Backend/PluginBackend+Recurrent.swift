import CKerasABI
import KerasKernelTypes

// Whole recurrent sequences on a plugin backend: the plugin's `recurrent` slots, else the
// sequence composed from this backend's primitives (never the reference backend as a whole);
// with the ABI 1.2 workspace slots, the training forward's state is carried to the backward.
extension PluginBackend {
    public func recurrent(_ p: RecurrentParameters, _ inputs: [Tensor]) -> [Tensor] {
        let ran = dispatch(.recurrent, \.recurrent, op: p.cell.rawValue, inputs, params: p, outputs: { sequenceOutputs(p, inputs) }) { f, ctx, d, params in
            d.withLists { f(ctx, params, $0, Int32(d.presentInputs), $1, Int32(d.outputCount)) }
        }
        return ran ?? composedRecurrent(p, inputs)
    }

    public func recurrentBackward(_ p: RecurrentParameters, _ inputs: [Tensor]) -> [Tensor] {
        let ran = dispatch(.recurrentBackward, \.recurrent_backward, op: p.cell.rawValue, inputs, params: p, outputs: { gradientOutputs(p, inputs) }) { f, ctx, d, params in
            d.withLists { f(ctx, params, $0, Int32(d.presentInputs), $1, Int32(d.outputCount)) }
        }
        return ran ?? composedRecurrentBackward(p, inputs)
    }

    public func recurrentTraining(_ p: RecurrentParameters, _ inputs: [Tensor]) -> (outputs: [Tensor], workspace: Tensor?) {
        guard table.c.recurrent_backward_workspace != nil else { return (recurrent(p, inputs), nil) }
        var bytes: Int64 = -1
        let sized = dispatch(.recurrentWorkspaceSize, \.recurrent_workspace_size, op: p.cell.rawValue, inputs, params: p, outputs: { [] }) { f, ctx, d, params in
            d.withLists { ins, _ in f(ctx, params, ins, Int32(d.presentInputs), &bytes) }
        }
        guard sized != nil, bytes >= 0, bytes < Int64(Int.max / 2) else { return (recurrent(p, inputs), nil) }
        // The workspace travels as one more output descriptor after the sequence and states.
        let ran = dispatch(.recurrentTraining, \.recurrent_training, op: p.cell.rawValue, inputs, params: p, outputs: {
            sequenceOutputs(p, inputs) + [Tensor(uninitializedShape: [Int(bytes)], dtype: .uint8)]
        }) { f, ctx, d, params in
            d.withLists { f(ctx, params, $0, Int32(d.presentInputs), $1, Int32(d.outputCount - 1), d.output(d.outputCount - 1)) }
        }
        guard let ran else { return (recurrent(p, inputs), nil) }
        return (Array(ran.dropLast()), ran.last)
    }

    public func recurrentBackward(_ p: RecurrentParameters, _ inputs: [Tensor], workspace: Tensor) -> [Tensor] {
        // The workspace (read-only) travels after the gradient outputs.
        let ran = dispatch(.recurrentBackwardWorkspace, \.recurrent_backward_workspace, op: p.cell.rawValue, inputs, params: p, outputs: {
            gradientOutputs(p, inputs) + [workspace]
        }) { f, ctx, d, params in
            d.withLists { f(ctx, params, $0, Int32(d.presentInputs), d.output(d.outputCount - 1), $1, Int32(d.outputCount - 1)) }
        }
        return ran.map { Array($0.dropLast()) } ?? recurrentBackward(p, inputs)
    }

    public func optimizerUpdate(_ p: OptimizerParameters, _ tensors: [Tensor]) -> Bool {
        dispatch(.optimizerUpdate, \.optimizer_update, op: p.op.rawValue, tensors, params: p, outputs: { [] }) { f, ctx, d, params in
            d.withLists { ins, _ in f(ctx, params, ins, Int32(d.presentInputs)) }
        } != nil
    }

    private func sequenceOutputs(_ p: RecurrentParameters, _ inputs: [Tensor]) -> [Tensor] {
        let operands = RecurrentOperands(p.cell, inputs)
        return one(Tensor(uninitializedShape: [operands.batch, operands.time, operands.units], dtype: operands.x.dtype))
            + operands.initialStates.map { Tensor(uninitializedShape: $0.shape, dtype: $0.dtype) }
    }

    private func gradientOutputs(_ p: RecurrentParameters, _ inputs: [Tensor]) -> [Tensor] {
        let operands = RecurrentOperands(p.cell, Array(inputs.prefix(4 + p.cell.stateCount)))
        let gradients = [operands.x] + operands.initialStates + [operands.kernel, operands.recurrentKernel, operands.bias]
        return gradients.map { Tensor(uninitializedShape: $0.shape, dtype: $0.dtype) }
    }
}
