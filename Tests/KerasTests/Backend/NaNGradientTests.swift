import Foundation
import Testing
@testable import Keras

/// Gradients at NaN inputs on every backend, as TensorFlow takes them (Keras's default
/// backend): a rectifier's gradient is `g · [x > 0]` (`ReluGrad`), so a NaN input gets 0; the
/// leaky part's slope is taken where `x > 0` is false; `maximum`/`minimum` send the gradient to
/// the first operand only where `a ≥ b` / `a ≤ b` holds, so to the second at a NaN;
/// `clip_by_value` zeroes the gradient only where `x < min` or `x > max`, so it passes at a NaN.
/// The forward values at NaN are NaNFidelityTests'.
///
/// oneDNN's eltwise relu backward passes `dy` at a NaN input; the plugin sets `alpha·dy` there
/// afterwards (FloatSemantics), which also serves a fused Dense relu's gradients. Its SimpleRNN
/// primitive with relu would turn a NaN into 0; with a NaN operand the plugin declines it and the
/// host composes the sequence.
private let nan = Double.nan

@Suite("Gradients at NaN on every backend")
struct NaNGradientTests {
    static let x: [Double] = [nan, -1, 0, 2, nan, -3, 4, 5, 6]

    /// d sum(f(x)) / dx on `backend`.
    static func gradient(_ backend: any Backend, _ dtype: DType, _ f: (Tensor) -> Tensor) -> [Double] {
        ActiveBackend.withBackend(backend) {
            let tape = GradientTape()
            let input = tape.watch(Tensor(x, shape: [x.count], dtype: dtype))
            return tape.gradient(tape.record { K.sum(f(input)) }, [input])[0].doubles
        }
    }

    @Test(arguments: [DType.float32, .float64])
    func rectifierGradientsAreZeroAtNaN(dtype: DType) {
        let cases: [(String, [Double], (Tensor) -> Tensor)] = [
            ("relu", [0, 0, 0, 1, 0, 0, 1, 1, 1], { K.relu($0) }),
            // tf.nn.leaky_relu: alpha where x > 0 is false, NaN included.
            ("leaky relu", [0.5, 0.5, 0.5, 1, 0.5, 0.5, 1, 1, 1], { K.relu($0, alpha: 0.5) }),
            // relu then clip_by_value(0, 3): the clip passes a NaN, relu's gradient stops it.
            ("relu max 3", [0, 0, 0, 1, 0, 0, 0, 0, 0], { K.relu($0, maxValue: 3) }),
            ("relu6", [0, 0, 0, 1, 0, 0, 1, 1, 0], { K.relu($0, maxValue: 6) }),
            // x · [x > threshold]: the mask has no gradient.
            ("relu threshold 1", [0, 0, 0, 1, 0, 0, 1, 1, 1], { K.relu($0, threshold: 1) }),
            ("Activation.relu", [0, 0, 0, 1, 0, 0, 1, 1, 1], { let relu: Activation = .relu; return relu($0) }),
        ]
        for backend in NaNFidelityTests.backends {
            let name = NaNFidelityTests.name(backend)
            for (label, expected, f) in cases {
                NaNFidelityTests.expectSame(Self.gradient(backend, dtype, f), expected, "\(name) \(label)′ \(dtype)")
            }
        }
    }

    @Test(arguments: [DType.float32, .float64])
    func maximumMinimumAndClipGradientsAtNaN(dtype: DType) {
        let cases: [(String, [Double], (Tensor) -> Tensor)] = [
            ("maximum(x, 0)", [0, 0, 1, 1, 0, 0, 1, 1, 1], { K.maximum($0, 0.0) }),
            ("maximum(0, x)", [1, 0, 0, 1, 1, 0, 1, 1, 1], { K.maximum(K.zerosLike($0), $0) }),
            ("minimum(x, 0)", [0, 1, 1, 0, 0, 1, 0, 0, 0], { K.minimum($0, 0.0) }),
            ("minimum(0, x)", [1, 1, 0, 0, 1, 1, 0, 0, 0], { K.minimum(K.zerosLike($0), $0) }),
            // tf.clip_by_value: 0 only where x < min or x > max; the bounds and NaN pass.
            ("clip(x, 0, 4)", [1, 0, 1, 1, 1, 0, 1, 0, 0], { K.clip($0, minValue: 0, maxValue: 4) }),
            ("clip(x, nil, 4)", [1, 1, 1, 1, 1, 1, 1, 0, 0], { K.clip($0, minValue: nil, maxValue: 4) }),
        ]
        for backend in NaNFidelityTests.backends {
            let name = NaNFidelityTests.name(backend)
            for (label, expected, f) in cases {
                NaNFidelityTests.expectSame(Self.gradient(backend, dtype, f), expected, "\(name) \(label)′ \(dtype)")
            }
        }
    }

    /// A Dense layer with a fused relu (the backward taken from the output, on the backend's
    /// kernel): every backend gives the reference's gradients, NaN where TensorFlow has them
    /// (the kernel's row for the NaN feature: NaN · 0) and finite elsewhere.
    @Test func fusedDenseReluGradientsMatchTheReferenceAtNaN() throws {
        let inputs = Tensor([[Float.nan, 1, -2], [0.5, -1, 2], [1, 2, 3], [-1, -2, -3]] as [[Float]])
        func gradients(_ backend: any Backend) throws -> [[Double]] {
            try ActiveBackend.withBackend(backend) {
                let layer = Dense(2, activation: .relu)
                _ = try layer(inputs)
                try layer.setWeights([Tensor([[0.5, -1], [1, 0.25], [-0.5, 1]] as [[Float]]), Tensor([0.1, -0.1] as [Float])])
                let tape = GradientTape()
                let x = tape.watch(inputs)
                let y: Tensor = try tape.record { try layer(x) }
                let loss = K.sum(K.multiply(y, Tensor([[1, 2], [3, 4], [5, 6], [7, 8]] as [[Float]])))
                let input = tape.gradient(loss, [x])[0]
                let weights = tape.gradient(loss, layer.trainableWeights)
                return [y.doubles, input.doubles] + weights.map(\.doubles)
            }
        }
        let expected = try gradients(ReferenceBackend.shared)
        // Row 0's pre-activation is NaN: its input gradient is 0, and the kernel's first row,
        // which meets the NaN feature, is NaN; the rest is finite.
        #expect(expected[0][0].isNaN && expected[0][1].isNaN)
        #expect(expected[1][0..<3].allSatisfy { $0 == 0 })
        #expect(expected[1][3...].allSatisfy { $0.isFinite })
        #expect(expected[2][0..<2].allSatisfy { $0.isNaN } && expected[2][2...].allSatisfy { $0.isFinite })
        for backend in NaNFidelityTests.backends.dropFirst() {
            let got = try gradients(backend)
            for (label, (g, e)) in zip(["output", "input gradient", "kernel gradient", "bias gradient"], zip(got, expected)) {
                #expect(g.count == e.count)
                for (a, b) in zip(g, e) {
                    #expect((a.isNaN && b.isNaN) || abs(a - b) <= 1e-5 * (1 + abs(b)),
                            "\(NaNFidelityTests.name(backend)) \(label): \(g) vs reference \(e)")
                }
            }
        }
    }

    /// Recurrent layers with a NaN in one sequence: on every backend (oneDNN runs them as one
    /// RNN primitive), that sequence's outputs are NaN from the NaN step on, the other
    /// sequence's are the reference's; a relu SimpleRNN keeps the NaN as relu does.
    @Test func recurrentLayersKeepNaNLikeTheReference() throws {
        var values: [Double] = (0..<24).map { (i: Int) -> Double in Double((i * 7) % 11) / 11 - 0.4 }
        values[1 * 12 + 1 * 3 + 2] = nan     // sequence 1, step 1, feature 2
        let inputs = Tensor(values, shape: [2, 4, 3], dtype: .float32)
        let makers: [(String, () -> Layer)] = [
            ("SimpleRNN relu", { SimpleRNN(3, activation: .relu, returnSequences: true) }),
            ("SimpleRNN tanh", { SimpleRNN(3, returnSequences: true) }),
            ("LSTM", { LSTM(3, returnSequences: true) }),
            ("GRU", { GRU(3, returnSequences: true) }),
        ]
        for (label, make) in makers {
            let reference = make()
            let expected: Tensor = try ActiveBackend.withBackend(ReferenceBackend.shared) { try reference(inputs) }
            let e = expected.doubles
            // Sequence 0 is finite; sequence 1 is NaN from step 1 on.
            #expect(e[0..<12].allSatisfy { $0.isFinite }, "\(label): \(e)")
            #expect(e[12..<15].allSatisfy { $0.isFinite } && e[15..<24].allSatisfy { $0.isNaN }, "\(label) reference: \(e)")
            for backend in NaNFidelityTests.backends.dropFirst() {
                let layer = make()
                let got: [Double] = try ActiveBackend.withBackend(backend) {
                    _ = try layer(inputs)
                    try layer.setWeights(reference.getWeights())
                    return try (layer(inputs) as Tensor).doubles
                }
                for (i, (a, b)) in zip(got, e).enumerated() {
                    #expect((a.isNaN && b.isNaN) || abs(a - b) <= 1e-5 * (1 + abs(b)),
                            "\(NaNFidelityTests.name(backend)) \(label) element \(i): \(a), reference \(b)")
                }
            }
        }
    }
}
