#if canImport(Glibc)
import Glibc
#endif
import CDNNL
import KerasPluginKit

/// The gradient of a whole recurrent sequence on oneDNN's RNN backward primitives.
///
/// oneDNN's backward pass reads the training forward's workspace, which `recurrent_backward`
/// is not given, so it runs the training forward again (into scratch outputs) before the
/// backward pass (the ABI 1.2 workspace slots are offered only for the fused LSTM, see
/// ``FusedLSTM``). oneDNN accumulates into the weight and bias
/// gradients, so they are zeroed first. The lbr GRU's four-gate bias gradient maps back to
/// Keras's `(2, 3·units)` rows; with `go_backwards`, dx is reversed back to x's time order.
/// When oneDNN's LSTM backward is its reference implementation, ``FusedLSTM`` runs instead
/// (recomputing its forward too, when the host did not use the workspace slots).
extension Recurrent {
    /// Inputs x, h0, [c0], kernel, recurrent kernel, bias, d_sequence, dhT, [dcT]; outputs dx,
    /// dh0, [dc0], dkernel, drecurrentKernel, dbias.
    static func backward(_ p: RecurrentParameters, _ inputs: [TensorView], _ outputs: [TensorView]) throws {
        // oneDNN's relu in the cell turns a NaN into 0; with a NaN operand the host composes instead.
        if p.cell == .simple, p.activation == .relu, FloatSemantics.containsNaN(inputs) {
            throw KernelError.unimplemented("a relu SimpleRNN with a NaN operand (oneDNN's relu drops NaN)")
        }
        try DNNLCall.kernel("recurrent backward \(p.cell)", inputs) {
            guard Layout.isPlainFloat32(inputs + outputs) else { throw KernelError.unimplemented("float32 only") }
            let states = p.cell.stateCount
            guard inputs.count == 5 + 2 * states, outputs.count == 4 + states else {
                throw KernelError.invalidArgument("expected \(5 + 2 * states) inputs and \(4 + states) outputs")
            }
            let problem = try Problem(p, x: inputs[0], recurrentKernel: inputs[2 + states])
            guard problem.batch > 0, problem.time > 0 else {
                for out in outputs { memset(out.rawPointer, 0, out.count * 4) }
                return
            }
            let engine = try DNNLEngine.get()
            let forward = try problem.forward(training: true, engine)
            let backward = try problem.backward(forward: forward, engine)
            if problem.parameters.cell == .lstm, FusedLSTM.isReference(backward) {
                return try FusedLSTM.kernels.backwardRecomputing(p, inputs, outputs)
            }
            guard let workspaceLayout = forward.layout(dnnl_query_workspace_md) else {
                throw KernelError.failure("the \(problem.name) training forward reports no workspace")
            }
            let (sequenceLayout, state) = (try problem.sequence(problem.units), try problem.state())
            let stateBytes = problem.batch * problem.units * 4
            let workspace = try Scratch(bytes: workspaceLayout.byteCount)
            let sequence = try Scratch(bytes: problem.time * stateBytes)
            let finalStates = try Scratch(bytes: states * stateBytes)
            defer { workspace.free(); sequence.free(); finalStates.free() }

            // The training forward, for the workspace and the outputs the backward pass reads.
            var recorded: [Primitive.Argument] = [
                .init(DNNL_ARG_DST_LAYER, sequenceLayout, sequence.pointer),
                .init(DNNL_ARG_DST_ITER, state, finalStates.pointer),
                .init(DNNL_ARG_WORKSPACE, workspaceLayout, workspace.pointer),
            ]
            if problem.hasCellState { recorded.append(.init(DNNL_ARG_DST_ITER_C, state, finalStates.pointer + stateBytes)) }
            try withOperands(problem, inputs, forward, engine, pass: "forward-training") { operands in
                try forward.execute(operands.arguments + recorded, engine: engine, label: "\(problem.name) forward (for its gradient)")
            }

            try runBackward(problem, backward, inputs, outputs, recorded: recorded, engine)
        }
    }

    /// The backward execution proper, given the training forward's outputs and workspace.
    private static func runBackward(_ problem: Problem, _ backward: Primitive, _ inputs: [TensorView], _ outputs: [TensorView],
                                    recorded: [Primitive.Argument], _ engine: DNNLEngine) throws {
        let states = problem.hasCellState ? 2 : 1
        let (dSequence, dFinal) = (inputs[4 + states], Array(inputs[(5 + states)...]))
        let (dx, dInitial) = (outputs[0], Array(outputs[1...states]))
        let (dKernel, dRecurrentKernel, dBias) = (outputs[1 + states], outputs[2 + states], outputs[3 + states])
        let state = try problem.state()
        guard let diffLayerLayout = backward.argument(DNNL_ARG_DIFF_WEIGHTS_LAYER),
              let diffIterLayout = backward.argument(DNNL_ARG_DIFF_WEIGHTS_ITER) else {
            throw KernelError.failure("the \(problem.name) backward primitive reports no weight-gradient layouts")
        }
        let reversedDx = problem.parameters.goBackwards ? try Scratch(bytes: dx.count * 4) : nil
        let biasGradient = try Scratch(bytes: problem.biasGates * problem.units * 4)
        defer { reversedDx?.free(); biasGradient.free() }
        memset(biasGradient.pointer, 0, problem.biasGates * problem.units * 4)

        var arguments: [Primitive.Argument] = [
            .init(DNNL_ARG_DIFF_DST_LAYER, try problem.sequence(problem.units), dSequence.rawPointer),
            .init(DNNL_ARG_DIFF_DST_ITER, state, dFinal[0].rawPointer),
            .init(DNNL_ARG_DIFF_SRC_LAYER, try problem.sequence(problem.features), reversedDx?.pointer ?? dx.rawPointer),
            .init(DNNL_ARG_DIFF_SRC_ITER, state, dInitial[0].rawPointer),
            .init(DNNL_ARG_DIFF_BIAS, try problem.bias(), biasGradient.pointer),
        ]
        if problem.hasCellState {
            arguments.append(.init(DNNL_ARG_DIFF_DST_ITER_C, state, dFinal[1].rawPointer))
            arguments.append(.init(DNNL_ARG_DIFF_SRC_ITER_C, state, dInitial[1].rawPointer))
        }
        let key = PrimitiveKey("rnn.\(problem.name).backward", problem.key)
        try withOperands(problem, Array(inputs.prefix(4 + states)), backward, engine, pass: "backward") { operands in
            try Reorder.output(dKernel.rawPointer, host: try problem.hostWeights(inputs: problem.features), wanted: diffLayerLayout,
                               key: PrimitiveKey(key.op + ".dkernel", key.numbers), engine: engine) { dw in
                try Reorder.output(dRecurrentKernel.rawPointer, host: try problem.hostWeights(inputs: problem.units), wanted: diffIterLayout,
                                   key: PrimitiveKey(key.op + ".drecurrent-kernel", key.numbers), engine: engine) { du in
                    memset(dw, 0, diffLayerLayout.byteCount)
                    memset(du, 0, diffIterLayout.byteCount)
                    let weights: [Primitive.Argument] = [.init(DNNL_ARG_DIFF_WEIGHTS_LAYER, diffLayerLayout, dw),
                                                         .init(DNNL_ARG_DIFF_WEIGHTS_ITER, diffIterLayout, du)]
                    try backward.execute(operands.arguments + recorded + arguments + weights, engine: engine,
                                         label: "\(problem.name) backward")
                }
            }
        }
        if let reversedDx { reverseTime(reversedDx.pointer, into: dx.rawPointer, problem.batch, problem.time, problem.features) }
        storeBiasGradient(biasGradient.pointer.assumingMemoryBound(to: Float.self), into: dBias.pointer(as: Float.self), problem)
    }

    /// oneDNN's bias gradient in Keras's layout: as is, or for the GRU the rows
    /// `[dz, dr, dh_input]` and `[dz, dr, dh_recurrent]`.
    private static func storeBiasGradient(_ gradient: UnsafeMutablePointer<Float>, into dBias: UnsafeMutablePointer<Float>, _ problem: Problem) {
        let units = problem.units
        guard problem.parameters.cell == .gru else {
            dBias.update(from: gradient, count: problem.gates * units)
            return
        }
        let width = 3 * units
        for j in 0..<(3 * units) { dBias[j] = gradient[j] }
        for j in 0..<(2 * units) { dBias[width + j] = gradient[j] }
        for j in 0..<units { dBias[width + 2 * units + j] = gradient[3 * units + j] }
    }
}
