import Testing
import Keras
@testable import KerasCore

/// SimpleRNN, LSTM and GRU take the fused sequence kernel when it is exact, and it computes the
/// same outputs and gradients as the per-step path with the same weights.
@Suite struct FusedRecurrentPathTests {
    /// A layer's outputs and the gradients of a fixed random projection of them with respect to
    /// the inputs (sequence and initial states) and the trainable weights.
    static func run(_ layer: RNN, _ inputs: [Tensor], fused: Bool) throws -> (outputs: [Tensor], gradients: [Tensor]) {
        layer.usesFusedKernel = fused
        defer { layer.usesFusedKernel = true }
        let tape = GradientTape()
        let watched = inputs.map { tape.watch($0) }
        let outputs = try tape.record { try layer(watched) }
        let target = tape.record {
            outputs.enumerated().map { i, y in
                K.sum(K.multiply(y, randomTensor(y.shape, dtype: y.dtype, seed: 100 + UInt64(i))))
            }.reduce(Tensor(scalar: 0, dtype: outputs[0].dtype)) { K.add($0, $1) }
        }
        return (outputs, tape.gradient(target, watched) + tape.gradient(target, layer.trainableWeights))
    }

    /// Gives every weight (biases included) random values.
    static func randomizeWeights(_ layer: Layer, seed: UInt64) throws {
        try layer.setWeights(layer.weights.enumerated().map { i, v in
            randomTensor(v.value.shape, dtype: v.value.dtype, low: -0.8, high: 0.8, seed: seed + UInt64(i))
        })
    }

    static func expectSame(_ a: [Tensor], _ b: [Tensor], tolerance: Double, _ label: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.count == b.count, "\(label): \(a.count) vs \(b.count) tensors", sourceLocation: sourceLocation)
        for (k, (x, y)) in zip(a, b).enumerated() {
            #expect(x.shape == y.shape, "\(label) #\(k): \(x.shape) vs \(y.shape)", sourceLocation: sourceLocation)
            let worst = zip(x.doubles, y.doubles).map { abs($0 - $1) / (1 + abs($1)) }.max() ?? 0
            #expect(worst <= tolerance, "\(label) #\(k): differs by \(worst)", sourceLocation: sourceLocation)
        }
    }

    /// The layers of the comparison, each with its inputs (sequence, then initial states if any).
    static func cases(dtype: DType) -> [(String, RNN, [Tensor])] {
        let x = randomTensor([2, 5, 3], dtype: dtype, seed: 7)
        let h0 = randomTensor([2, 4], dtype: dtype, seed: 8), c0 = randomTensor([2, 4], dtype: dtype, seed: 9)
        return [
            ("LSTM sequences+states, initial states", LSTM(4, returnSequences: true, returnState: true, dtype: dtype), [x, h0, c0]),
            ("LSTM goBackwards", LSTM(4, returnState: true, goBackwards: true, dtype: dtype), [x]),
            ("LSTM last output only", LSTM(4, dtype: dtype), [x, h0, c0]),
            ("LSTM no bias", LSTM(4, useBias: false, returnSequences: true, dtype: dtype), [x]),
            ("GRU sequences+state goBackwards", GRU(4, returnSequences: true, returnState: true, goBackwards: true, dtype: dtype), [x, h0]),
            ("GRU no bias", GRU(4, useBias: false, dtype: dtype), [x]),
            ("SimpleRNN relu", SimpleRNN(4, activation: "relu", returnSequences: true, dtype: dtype), [x]),
            ("SimpleRNN sigmoid goBackwards", SimpleRNN(4, activation: "sigmoid", returnState: true, goBackwards: true, dtype: dtype), [x, h0]),
        ]
    }

    @Test func fusedPathMatchesPerStepPathOnReference() throws {
        for (seed, (label, layer, inputs)) in Self.cases(dtype: .float64).enumerated() {
            _ = try layer(inputs)
            try Self.randomizeWeights(layer, seed: 30 + UInt64(seed) * 10)
            #expect(layer.fusedParameters(inputs[0], initialStates: Array(inputs.dropFirst()), mask: nil) != nil, "\(label): not fused")
            let fused = try Self.run(layer, inputs, fused: true), stepped = try Self.run(layer, inputs, fused: false)
            Self.expectSame(fused.outputs, stepped.outputs, tolerance: 1e-12, "\(label) outputs")
            Self.expectSame(fused.gradients, stepped.gradients, tolerance: 1e-12, "\(label) gradients")
        }
    }

    @Test func fusedLSTMGradientMatchesFiniteDifferences() throws {
        let lstm = LSTM(2, returnSequences: true, goBackwards: true, dtype: .float64)
        _ = try lstm(randomTensor([2, 3, 2], seed: 8))
        try Self.randomizeWeights(lstm, seed: 3)
        checkGradients([randomTensor([2, 3, 2], seed: 9)], tolerance: 1e-6) { try! lstm($0[0]) }
    }

    @Test func inputDropoutAppliesTheSameMaskToEveryStep() throws {
        let gru = GRU(3, dropout: 0.5, dtype: .float64)
        let x = randomTensor([2, 4, 3], seed: 5)
        _ = try gru(x)
        try Self.randomizeWeights(gru, seed: 12)
        let initial = gru.cell.initialState(batchSize: 2, dtype: .float64)
        gru.cell.inputDropoutMask = Tensor([2, 0, 2, 0, 0, 2], shape: [2, 3], dtype: .float64)
        defer { gru.cell.inputDropoutMask = nil }
        let p = try #require(gru.fusedParameters(x, initialStates: initial, mask: nil))
        let sequence = gru.fusedCall(p, x, initialStates: initial, returnSequences: true)
        let last = gru.fusedCall(p, x, initialStates: initial, returnSequences: false)
        let cell = gru.cell
        let stepped = K.rnn({ xt, s in
            let (output, states) = cell.step(xt, states: s, training: true)
            return (output, states)
        }, x, initialStates: initial)
        Self.expectSame([sequence.output, last.output], [stepped.outputs, stepped.lastOutput], tolerance: 1e-12, "dropout")
    }

    @Test func inexactConfigurationsTakeThePerStepPath() throws {
        let x = randomTensor([2, 5, 3], dtype: .float32, seed: 7)
        let layers: [(String, RNN)] = [
            ("hard_sigmoid", LSTM(4, recurrentActivation: "hard_sigmoid")),
            ("reset_after false", GRU(4, resetAfter: false)),
            ("SimpleRNN elu", SimpleRNN(4, activation: "elu")),
        ]
        for (label, layer) in layers {
            _ = try layer(x)
            #expect(layer.fusedParameters(x, initialStates: layer.cell.initialState(batchSize: 2, dtype: .float32), mask: nil) == nil, "\(label)")
        }
        let lstm = LSTM(4)
        _ = try lstm(x)
        let states = lstm.cell.initialState(batchSize: 2, dtype: .float32)
        #expect(lstm.fusedParameters(x, initialStates: states, mask: Tensor(shape: [2, 5], repeating: 1, dtype: .bool)) == nil, "masked")
        #expect(lstm.fusedParameters(x, initialStates: states, mask: nil) == RecurrentParameters(cell: .lstm))
    }

    @Test func recurrentDropoutTakesThePerStepPathWhileTraining() throws {
        let lstm = LSTM(4, recurrentDropout: 0.5)
        let x = randomTensor([2, 5, 3], dtype: .float32, seed: 7)
        _ = try lstm(x)
        lstm.cell.recurrentDropoutMask = Tensor(shape: [2, 4], repeating: 2, dtype: .float32)
        defer { lstm.cell.recurrentDropoutMask = nil }
        #expect(lstm.fusedParameters(x, initialStates: lstm.cell.initialState(batchSize: 2, dtype: .float32), mask: nil) == nil)
    }
}
