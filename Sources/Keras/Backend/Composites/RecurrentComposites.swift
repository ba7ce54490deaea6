// The composed default of `Backend.recurrent`: a whole recurrent sequence (SimpleRNN, LSTM or
// Keras's reset_after GRU) written with the backend's primitives. It is what the reference
// backend runs and the semantics a plugin's `recurrent` slot must match.

extension Backend {
    public func recurrent(_ p: RecurrentParameters, _ inputs: [Tensor]) -> [Tensor] {
        composedRecurrent(p, inputs)
    }

    public func recurrentBackward(_ p: RecurrentParameters, _ inputs: [Tensor]) -> [Tensor] {
        composedRecurrentBackward(p, inputs)
    }

    public func recurrentTraining(_ p: RecurrentParameters, _ inputs: [Tensor]) -> (outputs: [Tensor], workspace: Tensor?) {
        (recurrent(p, inputs), nil)
    }

    public func recurrentBackward(_ p: RecurrentParameters, _ inputs: [Tensor], workspace: Tensor) -> [Tensor] {
        recurrentBackward(p, inputs)
    }

    public func optimizerUpdate(_ p: OptimizerParameters, _ tensors: [Tensor]) -> Bool { false }

    /// ``Backend/recurrent(_:_:)`` composed from this backend's primitives: the input
    /// projection of every step in one matrix product, then one recurrent product and the
    /// gate arithmetic per step.
    public func composedRecurrent(_ p: RecurrentParameters, _ inputs: [Tensor]) -> [Tensor] {
        let run = RecurrentComposition(self, p, inputs)
        let trace = run.forward(keepingTrace: false)
        return [run.sequence(trace.outputs)] + trace.finalStates
    }
}

/// The operands of a recurrent kernel, named: x `(batch, time, features)`, the initial states,
/// kernel `(features, G·units)`, recurrent kernel `(units, G·units)` and bias (`(G·units)`, or
/// `(2, 3·units)` for the GRU).
struct RecurrentOperands {
    let x: Tensor
    let initialStates: [Tensor]
    let kernel: Tensor
    let recurrentKernel: Tensor
    let bias: Tensor
    let batch: Int, time: Int, features: Int, units: Int

    init(_ cell: RecurrentCell, _ inputs: [Tensor]) {
        let states = cell.stateCount
        precondition(inputs.count >= 4 + states, "recurrent: expected x, \(states) initial state(s), kernel, recurrent kernel and bias, received \(inputs.count) tensors")
        x = inputs[0]
        initialStates = Array(inputs[1...states])
        kernel = inputs[1 + states]
        recurrentKernel = inputs[2 + states]
        bias = inputs[3 + states]
        precondition(x.rank == 3, "recurrent: x must be (batch, time, features), received \(x.shape)")
        (batch, time, features) = (x.shape[0], x.shape[1], x.shape[2])
        units = recurrentKernel.shape[0]
        let gates = cell.gateCount * units
        precondition(kernel.shape == [features, gates] && recurrentKernel.shape == [units, gates],
                     "recurrent: kernel \(kernel.shape) and recurrent kernel \(recurrentKernel.shape) do not match x \(x.shape) with \(units) units and \(cell.gateCount) gate(s)")
        let biasShape = cell == .gru ? [2, gates] : [gates]
        precondition(bias.shape == biasShape, "recurrent: bias must be \(biasShape), received \(bias.shape)")
        for s in initialStates {
            precondition(s.shape == [batch, units], "recurrent: initial states must be (\(batch), \(units)), received \(s.shape)")
        }
    }
}

/// What the forward pass keeps per step for the hand-written backpropagation through time.
/// Per-step lists are in iteration order.
struct RecurrentTrace {
    /// The output `h` of each step `(batch, units)`.
    var outputs: [Tensor] = []
    /// The `h` each step started from.
    var previousOutputs: [Tensor] = []
    /// LSTM: i, f, c̃, o, tanh(c) and the previous c of each step. GRU: z, r, h̃ and the
    /// recurrent projection of the candidate gate `h₋₁·U_h + b₁ₕ`.
    var gates: [[Tensor]] = []
    var finalStates: [Tensor] = []
}

/// One run of the composed recurrence on a backend.
struct RecurrentComposition<B: Backend> {
    let backend: B
    let p: RecurrentParameters
    let operands: RecurrentOperands
    /// x in iteration order, time-major and flattened: `(time·batch, features)`.
    let steps: Tensor

    init(_ backend: B, _ p: RecurrentParameters, _ inputs: [Tensor]) {
        self.backend = backend
        self.p = p
        operands = RecurrentOperands(p.cell, inputs)
        var timeMajor = backend.transpose(operands.x, permutation: [1, 0, 2])
        if p.goBackwards { timeMajor = backend.reverse(timeMajor, axes: [0]) }
        steps = timeMajor.reshapedStorage(to: [operands.time * operands.batch, operands.features])
    }

    var dtype: DType { operands.x.dtype }
    var gateWidth: Int { p.cell.gateCount * operands.units }

    /// The input bias and, for the GRU, the recurrent bias, as vectors.
    var biases: (input: Tensor, recurrent: Tensor?) {
        guard p.cell == .gru else { return (operands.bias, nil) }
        let rows = operands.bias.reshapedStorage(to: [2 * gateWidth])
        return (backend.slice(rows, start: [0], size: [gateWidth], strides: [1]),
                backend.slice(rows, start: [gateWidth], size: [gateWidth], strides: [1]))
    }

    /// Column block `i` of a `(batch, G·units)` tensor.
    func gate(_ z: Tensor, _ i: Int) -> Tensor {
        backend.slice(z, start: [0, i * operands.units], size: [z.shape[0], operands.units], strides: [1, 1])
    }

    /// Rows `[s·batch, (s+1)·batch)` of a time-major `(time·batch, n)` tensor.
    func step(_ m: Tensor, _ s: Int) -> Tensor {
        let batch = operands.batch
        return backend.slice(m, start: [s * batch, 0], size: [batch, m.shape[1]], strides: [1, 1])
    }

    /// Runs every step; with `keepingTrace`, keeps what the backward pass needs.
    func forward(keepingTrace: Bool) -> RecurrentTrace {
        let b = backend
        let (inputBias, recurrentBias) = biases
        let projected = b.binary(.add, b.matmul(steps, operands.kernel, transposeA: false, transposeB: false), inputBias)
        let one = Tensor(scalar: 1, dtype: dtype)
        var trace = RecurrentTrace()
        var h = operands.initialStates[0]
        var c = p.cell == .lstm ? operands.initialStates[1] : h
        for s in 0..<operands.time {
            let xw = step(projected, s)
            let hu = b.matmul(h, operands.recurrentKernel, transposeA: false, transposeB: false)
            let next: Tensor
            switch p.cell {
            case .simple:
                next = b.unary(Self.unaryOp(p.activation), b.binary(.add, xw, hu))
            case .lstm:
                let z = b.binary(.add, xw, hu)
                let i = b.unary(.sigmoid, gate(z, 0)), f = b.unary(.sigmoid, gate(z, 1))
                let candidate = b.unary(.tanh, gate(z, 2)), o = b.unary(.sigmoid, gate(z, 3))
                let cNext = b.binary(.add, b.binary(.multiply, f, c), b.binary(.multiply, i, candidate))
                let squashed = b.unary(.tanh, cNext)
                next = b.binary(.multiply, o, squashed)
                if keepingTrace { trace.gates.append([i, f, candidate, o, squashed, c]) }
                c = cNext
            case .gru:
                let hProjected = b.binary(.add, hu, recurrentBias!)
                let z = b.unary(.sigmoid, b.binary(.add, gate(xw, 0), gate(hProjected, 0)))
                let r = b.unary(.sigmoid, b.binary(.add, gate(xw, 1), gate(hProjected, 1)))
                let hGate = gate(hProjected, 2)
                let candidate = b.unary(.tanh, b.binary(.add, gate(xw, 2), b.binary(.multiply, r, hGate)))
                next = b.binary(.add, b.binary(.multiply, z, h), b.binary(.multiply, b.binary(.subtract, one, z), candidate))
                if keepingTrace { trace.gates.append([z, r, candidate, hGate]) }
            }
            if keepingTrace { trace.previousOutputs.append(h) }
            trace.outputs.append(next)
            h = next
        }
        trace.finalStates = p.cell == .lstm ? [h, c] : [h]
        return trace
    }

    /// The per-step outputs as Keras's sequence `(batch, time, units)` (iteration order).
    func sequence(_ outputs: [Tensor]) -> Tensor {
        let stacked = backend.concatenate(outputs, axis: 0).reshapedStorage(to: [operands.time, operands.batch, operands.units])
        return backend.transpose(stacked, permutation: [1, 0, 2])
    }

    /// SimpleRNN's activation as a unary kernel.
    static func unaryOp(_ activation: ActivationOp) -> UnaryOp {
        switch activation {
        case .tanh: .tanh
        case .relu: .relu
        case .sigmoid: .sigmoid
        default: preconditionFailure("recurrent: SimpleRNN's fused activation must be tanh, relu or sigmoid, received \(activation)")
        }
    }
}
