#if canImport(Glibc)
import Glibc
#endif
import CDNNL
import KerasPluginKit

/// Whole recurrent sequences (Keras's SimpleRNN, LSTM and reset_after GRU) on oneDNN's RNN
/// primitives: one layer, one direction (left to right), float32.
///
/// The host's tensors map onto oneDNN's without copies: x `(batch, time, features)` is
/// `src_layer` in the batch-major `ntc` layout, the sequence is `dst_layer` in `ntc`, the
/// states are `ldnc` with one layer and one direction, and Keras's kernels `(I, G·U)` are
/// oneDNN's `ldigo` weights as they lie (reordered to the primitive's layout when it wants
/// another). Keras's gate orders are oneDNN's (LSTM i, f, c̃, o; GRU u = z, r, candidate). The
/// GRU's `(2, 3·U)` bias becomes linear-before-reset's four gates
/// `[b0z + b1z, b0r + b1r, b0h, b1h]`. `go_backwards` runs left to right on a time-reversed
/// copy of x, so the sequence comes out in Keras's order.
enum Recurrent {
    /// One sequence's sizes and cell.
    struct Problem {
        let parameters: RecurrentParameters
        let batch: Int, time: Int, features: Int, units: Int
        let kind: DNNLShim.RecurrentCellKind
        let name: String

        init(_ p: RecurrentParameters, x: TensorView, recurrentKernel: TensorView) throws {
            guard x.rank == 3, recurrentKernel.rank == 2 else { throw KernelError.unimplemented("x must be (batch, time, features)") }
            try self.init(p, batch: x.dimension(0), time: x.dimension(1), features: x.dimension(2), units: recurrentKernel.dimension(0))
        }

        init(_ p: RecurrentParameters, batch: Int, time: Int, features: Int, units: Int) throws {
            parameters = p
            (self.batch, self.time, self.features, self.units) = (batch, time, features, units)
            switch p.cell {
            case .lstm: (kind, name) = (.lstm, "lstm")
            case .gru: (kind, name) = (.gru, "gru")
            case .simple:
                guard let algorithm = Recurrent.activation(p.activation) else {
                    throw KernelError.unimplemented("SimpleRNN activation \(p.activation)")
                }
                (kind, name) = (.vanilla(algorithm), "rnn.\(p.activation)")
            }
        }

        var gates: Int { parameters.cell.gateCount }
        /// oneDNN's bias gates: the lbr GRU has a fourth, the candidate's recurrent bias.
        var biasGates: Int { parameters.cell == .gru ? 4 : gates }
        var hasCellState: Bool { parameters.cell == .lstm }
        var key: [Int] { [batch, time, features, units] }

        /// `(time, batch, channels)` over batch-major memory (oneDNN's `ntc`).
        func sequence(_ channels: Int) throws -> MemoryDescriptor {
            try MemoryDescriptor(dims: [time, batch, channels], strides: [channels, time * channels, 1])
        }

        /// A state `(1, 1, batch, units)` (`ldnc`).
        func state() throws -> MemoryDescriptor {
            try MemoryDescriptor(dims: [1, 1, batch, units], strides: [batch * units, batch * units, units, 1])
        }

        /// Keras's kernel `(inputs, G·units)` as `ldigo`.
        func hostWeights(inputs: Int) throws -> MemoryDescriptor {
            let g = gates * units
            return try MemoryDescriptor(dims: [1, 1, inputs, gates, units], strides: [inputs * g, inputs * g, g, units, 1])
        }

        func bias() throws -> MemoryDescriptor {
            try MemoryDescriptor(dims: [1, 1, biasGates, units], strides: [biasGates * units, biasGates * units, units, 1])
        }

        /// The descriptors of a pass, weights left to the primitive.
        func memory() throws -> DNNLShim.RecurrentMemory {
            let state = try state()
            return .init(sourceLayer: try sequence(features), sourceIter: state, sourceIterC: hasCellState ? state : nil,
                         weightsLayer: try MemoryDescriptor(anyLayoutOf: [1, 1, features, gates, units]),
                         weightsIter: try MemoryDescriptor(anyLayoutOf: [1, 1, units, gates, units]),
                         bias: try bias(), destinationLayer: try sequence(units), destinationIter: state,
                         destinationIterC: hasCellState ? state : nil)
        }

        /// The forward primitive: inference, or training (with the workspace the backward needs).
        func forward(training: Bool, _ engine: DNNLEngine) throws -> Primitive {
            let pass = training ? "training" : "inference"
            return try PrimitiveCache.primitive(PrimitiveKey("rnn.\(name).forward-\(pass).f32", key)) {
                try PrimitiveAttributes.with { attributes in
                    try Primitive(DNNLShim.recurrentForward(kind, training: training, try memory(), attributes: attributes,
                                                            engine: engine.engine), "\(name) forward")
                }
            }
        }

        /// The backward primitive (its hint the training forward `forward`).
        func backward(forward: Primitive, _ engine: DNNLEngine) throws -> Primitive {
            try PrimitiveCache.primitive(PrimitiveKey("rnn.\(name).backward.f32", key)) {
                try PrimitiveAttributes.with { attributes in
                    let m = try memory()
                    return try Primitive(DNNLShim.recurrentBackward(kind, m, diff: m, attributes: attributes,
                                                                    engine: engine.engine, hint: forward.descriptor),
                                         "\(name) backward")
                }
            }
        }
    }

    /// oneDNN's eltwise algorithm for SimpleRNN's activation.
    static func activation(_ op: ActivationOp) -> dnnl_alg_kind_t? {
        switch op {
        case .tanh: dnnl_eltwise_tanh
        case .relu: dnnl_eltwise_relu
        case .sigmoid: dnnl_eltwise_logistic
        default: nil
        }
    }

    /// Whether the plugin runs this sequence (the dtypes are checked by the caller).
    static func supports(_ query: OpQuery) -> Bool {
        guard let p = query.recurrent, query.inputCount >= 4 + p.cell.stateCount, query.input(0).rank == 3 else { return false }
        return p.cell != .simple || activation(p.activation) != nil
    }

    /// The forward kernel: inputs x, h0, [c0], kernel, recurrent kernel, bias; outputs
    /// sequence, hT, [cT].
    static func forward(_ p: RecurrentParameters, _ inputs: [TensorView], _ outputs: [TensorView]) throws {
        // oneDNN's relu in the cell turns a NaN into 0; with a NaN operand the host composes instead.
        if p.cell == .simple, p.activation == .relu, FloatSemantics.containsNaN(inputs) {
            throw KernelError.unimplemented("a relu SimpleRNN with a NaN operand (oneDNN's relu drops NaN)")
        }
        try DNNLCall.kernel("recurrent \(p.cell)", inputs) {
            guard Layout.isPlainFloat32(inputs + outputs) else { throw KernelError.unimplemented("float32 only") }
            let problem = try Problem(p, x: inputs[0], recurrentKernel: inputs[inputs.count - 2])
            let states = problem.hasCellState ? 2 : 1
            guard inputs.count == 4 + states, outputs.count == 1 + states else {
                throw KernelError.invalidArgument("expected \(4 + states) inputs and \(1 + states) outputs")
            }
            guard problem.batch > 0, problem.time > 0 else { return }
            let engine = try DNNLEngine.get()
            let primitive = try problem.forward(training: false, engine)
            if problem.parameters.cell == .lstm, FusedLSTM.isReference(primitive) { return try FusedLSTM.kernels.forward(p, inputs, outputs) }
            try withOperands(problem, inputs, primitive, engine, pass: "forward") { operands in
                var arguments = operands.arguments
                let (sequence, state) = (try problem.sequence(problem.units), try problem.state())
                arguments.append(.init(DNNL_ARG_DST_LAYER, sequence, outputs[0].rawPointer))
                arguments.append(.init(DNNL_ARG_DST_ITER, state, outputs[1].rawPointer))
                if problem.hasCellState { arguments.append(.init(DNNL_ARG_DST_ITER_C, state, outputs[2].rawPointer)) }
                try primitive.execute(arguments, engine: engine, label: "\(problem.name) forward")
            }
        }
    }

    /// A forward pass's source, state, weight and bias arguments.
    struct Operands {
        var arguments: [Primitive.Argument]
    }

    /// Prepares the forward inputs for `primitive`: x (time-reversed for go_backwards), the
    /// initial states, the weights in the primitive's layouts and oneDNN's bias.
    static func withOperands(_ problem: Problem, _ inputs: [TensorView], _ primitive: Primitive, _ engine: DNNLEngine,
                             pass: String, _ body: (Operands) throws -> Void) throws {
        let states = problem.hasCellState ? 2 : 1
        let (kernel, recurrentKernel, bias) = (inputs[1 + states], inputs[2 + states], inputs[3 + states])
        let state = try problem.state()
        let reversed = problem.parameters.goBackwards ? try Scratch(bytes: inputs[0].count * 4) : nil
        defer { reversed?.free() }
        if let reversed { reverseTime(inputs[0].rawPointer, into: reversed.pointer, problem.batch, problem.time, problem.features) }
        let gruBias = problem.parameters.cell == .gru ? try Scratch(bytes: 4 * problem.units * 4) : nil
        defer { gruBias?.free() }
        if let gruBias { linearBeforeResetBias(bias.pointer(as: Float.self), into: gruBias.pointer, units: problem.units) }

        var arguments: [Primitive.Argument] = [
            .init(DNNL_ARG_SRC_LAYER, try problem.sequence(problem.features), reversed?.pointer ?? inputs[0].rawPointer),
            .init(DNNL_ARG_SRC_ITER, state, inputs[1].rawPointer),
            .init(DNNL_ARG_BIAS, try problem.bias(), gruBias?.pointer ?? bias.rawPointer),
        ]
        if problem.hasCellState { arguments.append(.init(DNNL_ARG_SRC_ITER_C, state, inputs[2].rawPointer)) }
        guard let layerLayout = primitive.argument(DNNL_ARG_WEIGHTS_LAYER), let iterLayout = primitive.argument(DNNL_ARG_WEIGHTS_ITER) else {
            throw KernelError.failure("the \(problem.name) primitive reports no weight layouts")
        }
        let key = PrimitiveKey("rnn.\(problem.name).\(pass)", problem.key)
        try Reorder.input(kernel.rawPointer, host: try problem.hostWeights(inputs: problem.features), wanted: layerLayout,
                          key: PrimitiveKey(key.op + ".kernel", key.numbers), engine: engine) { w in
            try Reorder.input(recurrentKernel.rawPointer, host: try problem.hostWeights(inputs: problem.units), wanted: iterLayout,
                              key: PrimitiveKey(key.op + ".recurrent-kernel", key.numbers), engine: engine) { u in
                arguments.append(.init(DNNL_ARG_WEIGHTS_LAYER, layerLayout, w))
                arguments.append(.init(DNNL_ARG_WEIGHTS_ITER, iterLayout, u))
                try body(Operands(arguments: arguments))
            }
        }
    }

    /// Copies `(batch, time, channels)` with the time axis reversed.
    static func reverseTime(_ source: UnsafeMutableRawPointer, into destination: UnsafeMutableRawPointer,
                            _ batch: Int, _ time: Int, _ channels: Int) {
        let (s, d) = (source.assumingMemoryBound(to: Float.self), destination.assumingMemoryBound(to: Float.self))
        for b in 0..<batch {
            for t in 0..<time {
                (d + (b * time + t) * channels).update(from: s + (b * time + time - 1 - t) * channels, count: channels)
            }
        }
    }

    /// Keras's GRU bias rows (input, recurrent) as lbr GRU's four gates.
    static func linearBeforeResetBias(_ bias: UnsafeMutablePointer<Float>, into destination: UnsafeMutableRawPointer, units: Int) {
        let d = destination.assumingMemoryBound(to: Float.self)
        let width = 3 * units
        for j in 0..<(2 * units) { d[j] = bias[j] + bias[width + j] }
        for j in 0..<units {
            d[2 * units + j] = bias[2 * units + j]
            d[3 * units + j] = bias[width + 2 * units + j]
        }
    }
}

extension Primitive {
    /// The layout the primitive chose for execution argument `argument` (`DNNL_ARG_*`).
    func argument(_ argument: Int32) -> MemoryDescriptor? { DNNLShim.argumentLayout(descriptor, argument) }
}
