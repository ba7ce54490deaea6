/// A recurrent layer: runs a cell over the time axis of its input.
///
/// Returns the last output `(batch, outputSize)`, or with `returnSequences` every output
/// `(batch, time, outputSize)`; with `returnState` the final states follow as extra outputs.
/// `goBackwards` reads the sequence in reverse (the outputs are then in reverse order too).
/// `stateful` keeps the final states of a batch as the initial states of the next call
/// (``resetStates()`` clears them). A mask `(batch, time)` (from `Embedding(maskZero:)` or
/// `Masking`) skips steps: the states keep their values and the output repeats the previous one
/// (zeros when `zeroOutputForMask`). Initial states can be passed as extra inputs after the
/// sequence.
///
/// Input shape: `(batch, time, features)`.
///
/// ```swift
/// let x = Input(shape: [10, 8])
/// let all: [KerasTensor] = try LSTM(16, returnSequences: true, returnState: true)(x)   // seq, h, c
/// ```
///
/// Mirrors Keras's `keras.layers.RNN`.
open class RNN: Layer {
    public let cell: RNNCell
    public let returnSequences: Bool
    public let returnState: Bool
    public let goBackwards: Bool
    public let stateful: Bool
    public let unroll: Bool
    public let zeroOutputForMask: Bool
    /// The carried states of a stateful layer.
    public private(set) var states: [Tensor]?
    /// Whether a call may run the whole sequence as one fused kernel when that is exact (see
    /// `fusedParameters`); off, every call takes the per-step path (tests compare the two).
    var usesFusedKernel = true

    public init(_ cell: RNNCell, returnSequences: Bool = false, returnState: Bool = false, goBackwards: Bool = false,
                stateful: Bool = false, unroll: Bool = false, zeroOutputForMask: Bool = false,
                name: String? = nil, trainable: Bool = true, dtype: DType? = nil, inputShape: [Int?]? = nil) {
        self.cell = cell
        self.returnSequences = returnSequences
        self.returnState = returnState
        self.goBackwards = goBackwards
        self.stateful = stateful
        self.unroll = unroll
        self.zeroOutputForMask = zeroOutputForMask
        super.init(name: name, trainable: trainable, dtype: dtype ?? cell.dtype, inputShape: inputShape)
        track(cell)
        supportsMasking = true
    }

    /// Forgets the carried states of a stateful layer.
    public func resetStates() { states = nil }

    open override func build(inputShapes: [[Int?]]) throws {
        guard let shape = inputShapes.first, shape.count >= 3 else {
            throw KerasError(.shapeMismatch, "Layer \"\(name)\" (\(className)): expected an input of rank ≥ 3 (batch, time, features), received \(ShapeFormat.list(inputShapes))")
        }
        for (i, s) in inputShapes.dropFirst().enumerated() where i < cell.stateSize.count && s.last != cell.stateSize[i] {
            throw KerasError(.shapeMismatch, "Layer \"\(name)\": initial state \(i) has shape \(ShapeFormat.tuple(s)), expected (None, \(cell.stateSize[i]))")
        }
        try cell.buildIfNeeded([[shape[0]] + Array(shape.dropFirst(2))])
    }

    open override func call(_ inputs: [Tensor], training: Bool, mask: [Tensor?]) throws -> [Tensor] {
        let x = inputs[0].dtype == dtype || !inputs[0].dtype.isFloatingPoint ? inputs[0] : K.cast(inputs[0], dtype)
        let batch = x.shape[0]
        var initial = Array(inputs.dropFirst())
        if initial.isEmpty { initial = (stateful ? states : nil) ?? cell.initialState(batchSize: batch, dtype: dtype) }
        guard initial.count == cell.stateSize.count else {
            throw KerasError(.invalidArgument, "Layer \"\(name)\": expected \(cell.stateSize.count) initial states, received \(initial.count)")
        }
        prepareDropout(x, training: training)
        defer { cell.inputDropoutMask = nil; cell.recurrentDropoutMask = nil }
        let cell = self.cell
        var stepMask = mask.first ?? nil
        if let m = stepMask, m.dtype != .bool { stepMask = K.cast(m, .bool) }
        if let m = stepMask, x.rank >= 2, m.shape != [batch, x.shape[1]] && m.shape != [batch, x.shape[1], 1] {
            throw KerasError(.invalidArgument, "Layer \"\(name)\": the mask must be (samples, time) = (\(batch), \(x.shape[1])), received \(m.shape)")
        }
        var output: Tensor
        let finalStates: [Tensor]
        if let fused = fusedParameters(x, initialStates: initial, mask: stepMask) {
            (output, finalStates) = fusedCall(fused, x, initialStates: initial, returnSequences: returnSequences)
        } else {
            let (last, outputs, stepped) = K.rnn({ xt, s in
                let (out, next) = cell.step(xt, states: Array(s.prefix(cell.stateSize.count)), training: training)
                return (out, next)
            }, x, initialStates: initial, goBackwards: goBackwards, mask: stepMask, unroll: unroll)
            (output, finalStates) = (returnSequences ? outputs : last, stepped)
        }
        if stateful { states = finalStates.map(\.detached) }
        if returnSequences, zeroOutputForMask, let m = stepMask {
            var keep = K.cast(m, output.dtype)
            if goBackwards { keep = K.reverse(keep, axes: [1]) }
            output = K.multiply(output, K.expandDims(keep, axis: -1))
        }
        return [output] + (returnState ? finalStates : [])
    }

    open override func computeOutputShapes(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        let shape = inputShapes[0]
        guard shape.count >= 3 else {
            throw KerasError(.shapeMismatch, "Layer \"\(name)\" (\(className)): expected an input of rank ≥ 3 (batch, time, features), received \(ShapeFormat.tuple(shape))")
        }
        let output: [Int?] = returnSequences ? [shape[0], shape[1], cell.outputSize] : [shape[0], cell.outputSize]
        return [output] + (returnState ? cell.stateSize.map { [shape[0], $0] } : [])
    }

    open override func computeMask(_ inputs: [Tensor], mask: [Tensor?]) throws -> [Tensor?] {
        let outputMask: Tensor? = returnSequences ? (mask.first ?? nil) : nil
        return [outputMask] + (returnState ? cell.stateSize.map { _ in nil } : [])
    }

    open override func getConfig() -> [String: JSONValue] {
        var config = super.getConfig()
        config["return_sequences"] = .bool(returnSequences)
        config["return_state"] = .bool(returnState)
        config["go_backwards"] = .bool(goBackwards)
        config["stateful"] = .bool(stateful)
        config["unroll"] = .bool(unroll)
        config["zero_output_for_mask"] = .bool(zeroOutputForMask)
        config["cell"] = LayerConfig.serialize(cell)
        return config
    }

    /// One dropout mask per call for the inputs and one for the recurrent state, as Keras does.
    private func prepareDropout(_ x: Tensor, training: Bool) {
        let (inputRate, recurrentRate) = cell.dropoutRates
        guard training else { return }
        let batch = x.shape[0]
        if inputRate > 0 {
            cell.inputDropoutMask = K.dropout(Tensor(shape: [batch] + Array(x.shape.dropFirst(2)), repeating: 1, dtype: dtype), level: inputRate)
        }
        if recurrentRate > 0, let units = cell.stateSize.first {
            cell.recurrentDropoutMask = K.dropout(Tensor(shape: [batch, units], repeating: 1, dtype: dtype), level: recurrentRate)
        }
    }

    /// The `RNN` base arguments of a recurrent layer's Keras 3 config.
    struct Arguments {
        var returnSequences, returnState, goBackwards, stateful, unroll, zeroOutputForMask: Bool
        init(_ config: ConfigReader) throws {
            returnSequences = try config.bool("return_sequences") ?? false
            returnState = try config.bool("return_state") ?? false
            goBackwards = try config.bool("go_backwards") ?? false
            stateful = try config.bool("stateful") ?? false
            unroll = try config.bool("unroll") ?? false
            zeroOutputForMask = try config.bool("zero_output_for_mask") ?? false
            // Keras 2's time-major layout (time, batch, features) is not supported: refusing it
            // beats reading the axes the wrong way round.
            if try config.bool("time_major") == true {
                throw KerasError(.unimplemented, "\(config.context): `time_major=true` (Keras 2's time-major inputs) is not supported")
            }
        }
    }
}
