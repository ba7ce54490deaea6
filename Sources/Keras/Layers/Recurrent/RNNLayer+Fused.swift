// The fused path of SimpleRNN, LSTM and GRU: the whole sequence as one backend kernel
// (`K.recurrentSequence`), taken when it computes exactly what the per-step path does — the
// counterpart of Keras's cuDNN condition.

extension RNN {
    /// The kernel parameters when this call can run as one fused sequence, else nil: a built
    /// SimpleRNN (tanh, relu or sigmoid), LSTM (tanh, sigmoid) or GRU (tanh, sigmoid,
    /// `resetAfter`) cell, a float `(batch, time, features)` input, no mask and no recurrent
    /// dropout mask for this call. (An empty sequence takes the per-step path, which rejects it.)
    func fusedParameters(_ x: Tensor, initialStates: [Tensor], mask: Tensor?) -> RecurrentParameters? {
        guard usesFusedKernel, mask == nil, cell.recurrentDropoutMask == nil, x.rank == 3, x.shape[1] > 0,
              x.dtype == .float32 || x.dtype == .float64,
              let gated = cell as? GatedCell, gated.kernel != nil,
              initialStates.allSatisfy({ $0.dtype == x.dtype }) else { return nil }
        switch gated {
        case is SimpleRNNCell:
            let ops: [String: ActivationOp] = ["tanh": .tanh, "relu": .relu, "sigmoid": .sigmoid]
            guard let op = ops[gated.activation.name] else { return nil }
            return RecurrentParameters(cell: .simple, activation: op, goBackwards: goBackwards)
        case is LSTMCell:
            guard gated.activation.name == "tanh", gated.recurrentActivation.name == "sigmoid" else { return nil }
            return RecurrentParameters(cell: .lstm, goBackwards: goBackwards)
        case let gru as GRUCell:
            guard gru.resetAfter, gated.activation.name == "tanh", gated.recurrentActivation.name == "sigmoid" else { return nil }
            return RecurrentParameters(cell: .gru, goBackwards: goBackwards)
        default:
            return nil
        }
    }

    /// Runs the whole sequence as one kernel: every output `(batch, time, units)` in Keras's
    /// order when `returnSequences`, else the last output; and the final states. Input dropout,
    /// whose mask is the same for every step, is applied to the whole sequence first.
    func fusedCall(_ p: RecurrentParameters, _ x: Tensor, initialStates: [Tensor], returnSequences: Bool) -> (output: Tensor, states: [Tensor]) {
        let gated = cell as! GatedCell
        let input = cell.inputDropoutMask.map { K.multiply(x, K.expandDims($0, axis: 1)) } ?? x
        let bias = gated.bias?.value ?? Tensor(shape: gated.biasShape, repeating: 0, dtype: x.dtype)
        let (kernel, recurrentKernel) = (gated.kernel!.value, gated.recurrentKernel!.value)
        guard returnSequences else {
            let states = K.recurrentFinalStates(p, input, initialStates: initialStates, kernel: kernel,
                                                recurrentKernel: recurrentKernel, bias: bias)
            return (states[0], states)
        }
        let (sequence, states) = K.recurrentSequence(p, input, initialStates: initialStates, kernel: kernel,
                                                     recurrentKernel: recurrentKernel, bias: bias)
        return (sequence, states)
    }
}
