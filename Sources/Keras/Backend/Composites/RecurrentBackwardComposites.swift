// The composed default of `Backend.recurrentBackward`: backpropagation through time written by
// hand with the backend's primitives. The forward pass is run again to keep each step's gates.

extension Backend {
    /// ``Backend/recurrentBackward(_:_:)`` composed from this backend's primitives.
    public func composedRecurrentBackward(_ p: RecurrentParameters, _ inputs: [Tensor]) -> [Tensor] {
        let stateCount = p.cell.stateCount
        let forwardCount = 4 + stateCount
        precondition(inputs.count == forwardCount + 1 + stateCount,
                     "recurrentBackward: expected the \(forwardCount) forward inputs, d_sequence and \(stateCount) final-state gradient(s), received \(inputs.count) tensors")
        let run = RecurrentComposition(self, p, Array(inputs.prefix(forwardCount)))
        return run.backward(dSequence: inputs[forwardCount], dFinalStates: Array(inputs.suffix(stateCount)))
    }
}

extension RecurrentComposition {
    /// dx, dh0, [dc0], dkernel, drecurrentKernel, dbias from the output gradients.
    func backward(dSequence: Tensor, dFinalStates: [Tensor]) -> [Tensor] {
        let b = backend
        let (time, batch, units) = (operands.time, operands.batch, operands.units)
        precondition(dSequence.shape == [batch, time, units], "recurrentBackward: d_sequence must be \([batch, time, units]), received \(dSequence.shape)")
        let trace = forward(keepingTrace: true)
        let dOutputs = b.transpose(dSequence, permutation: [1, 0, 2]).reshapedStorage(to: [time * batch, units])
        let one = Tensor(scalar: 1, dtype: dtype)
        let u = operands.recurrentKernel

        var dh = dFinalStates[0]
        var dc = p.cell == .lstm ? dFinalStates[1] : dh
        // Gradients of the gate pre-activations, x side and h side (they differ only for the GRU).
        var dInputSide = [Tensor](repeating: dh, count: time)
        var dStateSide = [Tensor](repeating: dh, count: time)
        for s in stride(from: time - 1, through: 0, by: -1) {
            dh = b.binary(.add, dh, step(dOutputs, s))
            switch p.cell {
            case .simple:
                let h = trace.outputs[s]
                let da = b.binary(.multiply, dh, derivative(of: p.activation, output: h, one: one))
                dInputSide[s] = da
                dStateSide[s] = da
                dh = b.matmul(da, u, transposeA: false, transposeB: true)
            case .lstm:
                let g = trace.gates[s]
                let (i, f, candidate, o, squashed, cPrevious) = (g[0], g[1], g[2], g[3], g[4], g[5])
                let dO = b.binary(.multiply, dh, squashed)
                dc = b.binary(.add, dc, b.binary(.multiply, b.binary(.multiply, dh, o), tanhDerivative(squashed, one)))
                let dI = b.binary(.multiply, dc, candidate)
                let dF = b.binary(.multiply, dc, cPrevious)
                let dCandidate = b.binary(.multiply, dc, i)
                let dz = b.concatenate([b.binary(.multiply, dI, sigmoidDerivative(i, one)),
                                        b.binary(.multiply, dF, sigmoidDerivative(f, one)),
                                        b.binary(.multiply, dCandidate, tanhDerivative(candidate, one)),
                                        b.binary(.multiply, dO, sigmoidDerivative(o, one))], axis: 1)
                dInputSide[s] = dz
                dStateSide[s] = dz
                dc = b.binary(.multiply, dc, f)
                dh = b.matmul(dz, u, transposeA: false, transposeB: true)
            case .gru:
                let g = trace.gates[s]
                let (z, r, candidate, hGate) = (g[0], g[1], g[2], g[3])
                let hPrevious = trace.previousOutputs[s]
                let dz = b.binary(.multiply, dh, b.binary(.subtract, hPrevious, candidate))
                let dCandidate = b.binary(.multiply, dh, b.binary(.subtract, one, z))
                let da = b.binary(.multiply, dCandidate, tanhDerivative(candidate, one))
                let dr = b.binary(.multiply, da, hGate)
                let dzPre = b.binary(.multiply, dz, sigmoidDerivative(z, one))
                let drPre = b.binary(.multiply, dr, sigmoidDerivative(r, one))
                dInputSide[s] = b.concatenate([dzPre, drPre, da], axis: 1)
                dStateSide[s] = b.concatenate([dzPre, drPre, b.binary(.multiply, da, r)], axis: 1)
                dh = b.binary(.add, b.binary(.multiply, dh, z), b.matmul(dStateSide[s], u, transposeA: false, transposeB: true))
            }
        }
        let dInput = b.concatenate(dInputSide, axis: 0)
        let dState = p.cell == .gru ? b.concatenate(dStateSide, axis: 0) : dInput
        let previous = b.concatenate(trace.previousOutputs, axis: 0)

        let dKernel = b.matmul(steps, dInput, transposeA: true, transposeB: false)
        let dRecurrent = b.matmul(previous, dState, transposeA: true, transposeB: false)
        var dBias = b.reduce(.sum, dInput, axes: [0], keepDims: false)
        if p.cell == .gru {
            dBias = b.concatenate([dBias.reshapedStorage(to: [1, gateWidth]),
                                   b.reduce(.sum, dState, axes: [0], keepDims: true)], axis: 0)
        }
        var dx = b.matmul(dInput, operands.kernel, transposeA: false, transposeB: true)
            .reshapedStorage(to: [time, batch, operands.features])
        if p.goBackwards { dx = b.reverse(dx, axes: [0]) }
        dx = b.transpose(dx, permutation: [1, 0, 2])
        let dInitial = p.cell == .lstm ? [dh, dc] : [dh]
        return [dx] + dInitial + [dKernel, dRecurrent, dBias]
    }

    /// σ'(a) from σ(a): `y·(1 − y)`.
    private func sigmoidDerivative(_ y: Tensor, _ one: Tensor) -> Tensor {
        backend.binary(.multiply, y, backend.binary(.subtract, one, y))
    }

    /// tanh'(a) from tanh(a): `1 − y²`.
    private func tanhDerivative(_ y: Tensor, _ one: Tensor) -> Tensor {
        backend.binary(.subtract, one, backend.unary(.square, y))
    }

    /// SimpleRNN's activation derivative from its output.
    private func derivative(of activation: ActivationOp, output h: Tensor, one: Tensor) -> Tensor {
        switch activation {
        case .tanh: tanhDerivative(h, one)
        case .sigmoid: sigmoidDerivative(h, one)
        default: backend.cast(backend.binary(.greater, h, Tensor(scalar: 0, dtype: dtype)), to: dtype)
        }
    }
}
