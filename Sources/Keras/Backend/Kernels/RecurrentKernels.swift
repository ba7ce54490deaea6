import CKerasABI
import KerasKernelTypes

// The recurrent kernels of every backend, in one place: the `Backend` requirements
// (``RecurrentKernels``), each kernel's call of its plugin slot on a plugin backend (`dispatch`:
// the outputs, the C arguments, else the reference kernel or the composition), and its hand-on in
// a forwarding backend (`forward`: the op code, dtype, work and operands that `auto`'s router and
// the step profiler read). A new kernel of this family adds one of each here
// (docs/architecture.md).

/// Whole recurrent sequences and their gradients (composites), with the ABI 1.2 workspace that
/// carries a training forward's state to its backward.
///
/// Part of ``Backend``; the pure-Swift implementations are in `Backend/Reference` (primitives)
/// and `Backend/Composites` (the composites' defaults).
public protocol RecurrentKernels: AnyObject, Sendable {
    /// A whole recurrent sequence (SimpleRNN, LSTM or Keras's `reset_after` GRU; see
    /// ``RecurrentCell`` for gate orders and weight layouts).
    ///
    /// `inputs`: x `(batch, time, features)`, h0 `(batch, units)`, [c0 `(batch, units)`: LSTM],
    /// kernel `(features, G·units)`, recurrent kernel `(units, G·units)`, bias (`(G·units)`,
    /// GRU `(2, 3·units)`; zeros when the layer has none). Returns the sequence
    /// `(batch, time, units)`, hT, [cT]; `sequence[:, t]` is the output after `t + 1` steps, and
    /// with `goBackwards` the steps read x from its last time step to its first (Keras's order).
    func recurrent(_ p: RecurrentParameters, _ inputs: [Tensor]) -> [Tensor]

    /// The gradient of ``recurrent(_:_:)``: `inputs` are its inputs, then d_sequence, dhT,
    /// [dcT]; returns dx, dh0, [dc0], dkernel, drecurrentKernel, dbias.
    func recurrentBackward(_ p: RecurrentParameters, _ inputs: [Tensor]) -> [Tensor]

    /// ``recurrent(_:_:)`` for training: the outputs and, when the backend keeps the forward's
    /// state for the gradient, a workspace to hand to ``recurrentBackward(_:_:workspace:)``
    /// (nil: the backward recomputes what it needs).
    func recurrentTraining(_ p: RecurrentParameters, _ inputs: [Tensor]) -> (outputs: [Tensor], workspace: Tensor?)

    /// ``recurrentBackward(_:_:)`` reading the workspace ``recurrentTraining(_:_:)`` filled for
    /// the same inputs, on the same backend.
    func recurrentBackward(_ p: RecurrentParameters, _ inputs: [Tensor], workspace: Tensor) -> [Tensor]
}

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

extension ForwardingBackend {
    public func recurrent(_ p: RecurrentParameters, _ inputs: [Tensor]) -> [Tensor] {
        forward(composite: .recurrent, op: p.cell.rawValue, dtype: inputs[0].dtype, work: recurrentWork(p, inputs),
                operands: Array(inputs.prefix(1)), { $0.recurrent(p, inputs) }, composed: { composedRecurrent(p, inputs) })
    }

    public func recurrentBackward(_ p: RecurrentParameters, _ inputs: [Tensor]) -> [Tensor] {
        forward(composite: .recurrentBackward, op: p.cell.rawValue, dtype: inputs[0].dtype, work: recurrentWork(p, inputs),
                operands: Array(inputs.prefix(1)), { $0.recurrentBackward(p, inputs) }, composed: { composedRecurrentBackward(p, inputs) })
    }

    /// Composed: the sequence without a workspace (the backward recomputes what it needs).
    public func recurrentTraining(_ p: RecurrentParameters, _ inputs: [Tensor]) -> (outputs: [Tensor], workspace: Tensor?) {
        forward(composite: .recurrentTraining, op: p.cell.rawValue, dtype: inputs[0].dtype, work: recurrentWork(p, inputs),
                operands: Array(inputs.prefix(1)), { $0.recurrentTraining(p, inputs) }, composed: { (recurrent(p, inputs), nil) })
    }

    /// `inputs` start with the forward's: the same dtype and work as ``recurrentTraining(_:_:)``
    /// (a router sends both to the same place, so the workspace goes back to the backend that
    /// filled it).
    public func recurrentBackward(_ p: RecurrentParameters, _ inputs: [Tensor], workspace: Tensor) -> [Tensor] {
        forward(composite: .recurrentBackwardWorkspace, op: p.cell.rawValue, dtype: inputs[0].dtype, work: recurrentWork(p, inputs),
                operands: Array(inputs.prefix(1)), { $0.recurrentBackward(p, inputs, workspace: workspace) },
                composed: { recurrentBackward(p, inputs) })
    }
}
