import Foundation
import Testing
import Keras
@testable import KerasCore

/// The composed default of `Backend.recurrent` / `recurrentBackward` (what the reference backend
/// runs): 2-step sequences worked by hand, and backpropagation through time against finite
/// differences for every input and weight, in both directions.
@Suite struct RecurrentCompositeTests {
    private func sigmoid(_ v: Double) -> Double { 1 / (1 + exp(-v)) }
    private func t(_ values: [Double], _ shape: [Int]) -> Tensor { Tensor(values, shape: shape, dtype: .float64) }

    private func expectClose(_ got: Tensor, _ expected: [Double], _ label: String,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(got.count == expected.count, "\(label): \(got.shape)", sourceLocation: sourceLocation)
        for (g, e) in zip(got.doubles, expected) {
            #expect(abs(g - e) < 1e-12, "\(label): \(got.doubles) vs \(expected)", sourceLocation: sourceLocation)
        }
    }

    @Test func simpleRNNTwoStepsByHand() {
        // One unit, one feature: h1 = tanh(0.5·1 + 0.1), h2 = tanh(0.5·2 − h1 + 0.1).
        let inputs = [t([1, 2], [1, 2, 1]), t([0], [1, 1]), t([0.5], [1, 1]), t([-1], [1, 1]), t([0.1], [1])]
        let out = ReferenceBackend.shared.recurrent(RecurrentParameters(cell: .simple), inputs)
        let h1 = tanh(0.6), h2 = tanh(1.1 - h1)
        expectClose(out[0], [h1, h2], "sequence")
        expectClose(out[1], [h2], "hT")
        // Backwards: the first step reads x[1] = 2, and sequence[:, 0] is that step's output.
        let back = ReferenceBackend.shared.recurrent(RecurrentParameters(cell: .simple, goBackwards: true), inputs)
        let b1 = tanh(1.1), b2 = tanh(0.6 - b1)
        expectClose(back[0], [b1, b2], "backwards sequence")
        // relu: max(0, ·).
        let relu = ReferenceBackend.shared.recurrent(RecurrentParameters(cell: .simple, activation: .relu), inputs)
        expectClose(relu[0], [0.6, max(0, 1.1 - 0.6)], "relu sequence")
    }

    @Test func lstmTwoStepsByHand() {
        // One unit, one feature; gates i, f, c, o.
        let w = [0.5, -0.3, 0.8, 0.2], u = [0.1, 0.4, -0.6, 0.3], b = [0.0, 1.0, 0.1, -0.2]
        let xs = [1.0, -2.0]
        let inputs = [t(xs, [1, 2, 1]), t([0.2], [1, 1]), t([-0.5], [1, 1]), t(w, [1, 4]), t(u, [1, 4]), t(b, [4])]
        var h = 0.2, c = -0.5, expected: [Double] = []
        for x in xs {
            let z = (0..<4).map { x * w[$0] + h * u[$0] + b[$0] }
            c = sigmoid(z[1]) * c + sigmoid(z[0]) * tanh(z[2])
            h = sigmoid(z[3]) * tanh(c)
            expected.append(h)
        }
        let out = ReferenceBackend.shared.recurrent(RecurrentParameters(cell: .lstm), inputs)
        expectClose(out[0], expected, "sequence")
        expectClose(out[1], [h], "hT")
        expectClose(out[2], [c], "cT")
    }

    @Test func gruTwoStepsByHand() {
        // One unit, one feature; gates z, r, h; bias rows: input, recurrent.
        let w = [0.5, -0.3, 0.8], u = [0.1, 0.4, -0.6], b0 = [0.0, 0.2, 0.1], b1 = [0.3, -0.1, 0.2]
        let xs = [1.0, -2.0]
        let inputs = [t(xs, [1, 2, 1]), t([0.2], [1, 1]), t(w, [1, 3]), t(u, [1, 3]), t(b0 + b1, [2, 3])]
        var h = 0.2, expected: [Double] = []
        for x in xs {
            let z = sigmoid(x * w[0] + b0[0] + h * u[0] + b1[0])
            let r = sigmoid(x * w[1] + b0[1] + h * u[1] + b1[1])
            let candidate = tanh(x * w[2] + b0[2] + r * (h * u[2] + b1[2]))
            h = z * h + (1 - z) * candidate
            expected.append(h)
        }
        let out = ReferenceBackend.shared.recurrent(RecurrentParameters(cell: .gru), inputs)
        expectClose(out[0], expected, "sequence")
        expectClose(out[1], [h], "hT")
    }

    /// Random float64 operands of a cell: x (2, 3, 3), states (2, 2), weights for 2 units.
    static func operands(_ cell: RecurrentCell, seed: UInt64 = 1) -> [Tensor] {
        let (batch, time, features, units) = (2, 3, 3, 2)
        let gates = cell.gateCount * units
        let states = (0..<cell.stateCount).map { randomTensor([batch, units], seed: seed + 10 + UInt64($0)) }
        return [randomTensor([batch, time, features], seed: seed)] + states
            + [randomTensor([features, gates], seed: seed + 20), randomTensor([units, gates], seed: seed + 21),
               randomTensor(cell == .gru ? [2, gates] : [gates], seed: seed + 22)]
    }

    /// Every output of `K.recurrentSequence` in one tensor: the sequence, then the final states.
    static func allOutputs(_ p: RecurrentParameters, _ xs: [Tensor]) -> Tensor {
        let states = p.cell.stateCount
        let (sequence, finals) = K.recurrentSequence(p, xs[0], initialStates: Array(xs[1...states]), kernel: xs[1 + states],
                                                     recurrentKernel: xs[2 + states], bias: xs[3 + states])
        return K.concatenate([K.flatten(sequence)] + finals.map { K.flatten($0) }, axis: 0)
    }

    @Test(arguments: [RecurrentParameters(cell: .lstm), RecurrentParameters(cell: .lstm, goBackwards: true),
                      RecurrentParameters(cell: .gru), RecurrentParameters(cell: .gru, goBackwards: true),
                      RecurrentParameters(cell: .simple), RecurrentParameters(cell: .simple, goBackwards: true),
                      RecurrentParameters(cell: .simple, activation: .sigmoid), RecurrentParameters(cell: .simple, activation: .relu)])
    func backpropagationThroughTimeMatchesFiniteDifferences(_ p: RecurrentParameters) {
        checkGradients(Self.operands(p.cell), tolerance: 1e-6) { Self.allOutputs(p, $0) }
    }

    @Test func float32AgreesWithFloat64() {
        let p = RecurrentParameters(cell: .lstm, goBackwards: true)
        let wide = Self.operands(.lstm)
        let narrow = wide.map { K.cast($0, .float32) }
        let out64 = ReferenceBackend.shared.recurrent(p, wide), out32 = ReferenceBackend.shared.recurrent(p, narrow)
        for (a, b) in zip(out64, out32) {
            #expect(b.dtype == .float32)
            for (x, y) in zip(a.doubles, b.doubles) { #expect(abs(x - y) < 1e-5) }
        }
    }
}
