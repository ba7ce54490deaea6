import Testing
@testable import Keras
import KerasConformance

/// The `onednn` plugin's fused activations (eltwise forward and backward) and Dense's fused
/// forward (matmul + bias + eltwise post-ops) against the reference backend's composition, in
/// strict mode for every case the plugin claims; the cases it declines still compute Keras's
/// values by composition.
@Suite struct OneDNNFusedActivationTests {
    /// Every activation the plugin claims (forward; backward all but gelu's tanh form).
    static let claimed: [ActivationParameters] = [
        ActivationParameters(op: .linear),
        ActivationParameters(op: .relu),
        ActivationParameters(op: .relu, alpha: 0.1),
        ActivationParameters(op: .relu, maxValue: 6),
        ActivationParameters(op: .relu, maxValue: 2),
        ActivationParameters(op: .elu, alpha: 1),
        ActivationParameters(op: .elu, alpha: 0.5),
        ActivationParameters(op: .selu),
        ActivationParameters(op: .gelu),
        ActivationParameters(op: .geluTanh),
        ActivationParameters(op: .silu),
        ActivationParameters(op: .sigmoid),
        ActivationParameters(op: .tanh),
        ActivationParameters(op: .softplus),
    ]

    /// Random values over [−8, 8] plus the kinks (0, 2, 6) and values near 0.
    static func input(seed: UInt64) -> Tensor {
        let random = randomTensor([7, 37], low: -8, high: 8, seed: seed).doubles
        let special: [Double] = [0, 2, 6, -1e-3, 1e-3, -1e-6, 1e-6, 0.5, -0.5, 7.99, -7.99]
        return Tensor(special + random, shape: [special.count + 259], dtype: .float32)
    }

    @Test func activationForwardMatchesReferenceWithin1e6() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        let x = Self.input(seed: 1)
        for p in Self.claimed {
            BackendComparison.expectAgreement(onednn, tolerance: 1e-6, "activation \(p)") { $0.activation(x, p) }
        }
    }

    @Test func activationBackwardMatchesReferenceIncludingTheKinks() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        let x = Self.input(seed: 2)
        let dy = randomTensor(x.shape, dtype: .float32, low: -2, high: 2, seed: 3)
        for p in Self.claimed where p.op != .geluTanh {
            BackendComparison.expectAgreement(onednn, tolerance: 1e-6, "activation backward \(p)") { $0.activationBackward(x, dy, p) }
        }
    }

    @Test func reluGradientIsTheReferencesBitForBit() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        // Special values of x and dy in every pairing, then a large random tensor (split over
        // the threads).
        let xs: [Float] = [2, 0, -0.0, -1, .nan, .infinity, -.infinity, 1e-30]
        let dys: [Float] = [3, -3, 0, -0.0, .nan, .infinity, -.infinity]
        let x = Tensor(xs.flatMap { v in dys.map { _ in v } }, shape: [xs.count * dys.count])
        let dy = Tensor(xs.flatMap { _ in dys }, shape: x.shape)
        let big = randomTensor([128, 24, 24, 8], dtype: .float32, low: -1, high: 1, seed: 9)
        let bigDy = randomTensor(big.shape, dtype: .float32, seed: 10)
        let relu = ActivationParameters(op: .relu)
        for (x, dy) in [(x, dy), (big, bigDy)] {
            let expected = ReferenceBackend.shared.activationBackward(x, dy, relu)
            let (got, violations) = FallbackMonitor.collectingViolations { onednn.activationBackward(x, dy, relu) }
            #expect(violations.isEmpty)
            #expect(got.scalars(as: Float.self).map(\.bitPattern) == expected.scalars(as: Float.self).map(\.bitPattern))
        }
    }

    @Test func declinedParametersAreComposedWithKerasValues() throws {
        guard let onednn = BackendComparison.lenientOneDNN() else { return }
        let x = Self.input(seed: 4)
        let dy = randomTensor(x.shape, dtype: .float32, seed: 5)
        for p in [ActivationParameters(op: .relu, threshold: 0.5), ActivationParameters(op: .relu, alpha: 0.2, maxValue: 6),
                  ActivationParameters(op: .relu, alpha: 0.2, maxValue: 1.5, threshold: -1)] {
            BackendComparison.expectAgreement(onednn, tolerance: 1e-6, "declined \(p)") { $0.activation(x, p) }
            BackendComparison.expectAgreement(onednn, tolerance: 1e-6, "declined backward \(p)") { $0.activationBackward(x, dy, p) }
        }
        // gelu's tanh form runs forward on the plugin; its gradient is composed.
        let geluTanh = ActivationParameters(op: .geluTanh)
        BackendComparison.expectAgreement(onednn, tolerance: 1e-6, "gelu tanh backward") { $0.activationBackward(x, dy, geluTanh) }
    }

    @Test func denseFusedForwardMatchesReference() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        let x = randomTensor([3, 5, 17], dtype: .float32, low: -2, high: 2, seed: 6)
        let w = randomTensor([17, 9], dtype: .float32, seed: 7)
        let bias = randomTensor([9], dtype: .float32, seed: 8)
        for p in Self.claimed {
            BackendComparison.expectAgreement(onednn, "linear+\(p)") { $0.linearActivation(x, weight: w, bias: bias, p) }
            BackendComparison.expectAgreement(onednn, "linear+\(p) without bias") { $0.linearActivation(x, weight: w, bias: nil, p) }
        }
    }

    @Test func denseLayerForwardAndGradientsMatchReference() throws {
        guard let onednn = BackendComparison.lenientOneDNN() else { return }
        let x = randomTensor([6, 11], dtype: .float32, low: -2, high: 2, seed: 9)
        let kernel = randomTensor([11, 5], dtype: .float32, seed: 10)
        let bias = randomTensor([5], dtype: .float32, seed: 11)
        let activations: [Activation] = [.relu, .sigmoid, .tanh, .softmax, .linear, .elu, .gelu, .silu, .relu6]
        for activation in activations {
            let dense = Dense(5, activation: activation)
            _ = try dense(Tensor(shape: [1, 11], dtype: .float32))
            try dense.setWeights([kernel, bias])
            BackendComparison.expectAgreement(onednn, "Dense(\(activation.name))") { backend in
                ActiveBackend.withBackend(backend) { (try? dense(x)) ?? Tensor(scalar: .nan) }
            }
            for index in 0..<3 {
                BackendComparison.expectAgreement(onednn, "Dense(\(activation.name)) gradient \(index)") { backend in
                    BackendComparison.gradients(on: backend, of: [x, kernel, bias]) { xs in
                        let y = activation.fusedKernel.map { K.linear(xs[0], xs[1], xs[2], activation: $0) }
                            ?? activation(K.linear(xs[0], xs[1], xs[2]))
                        return K.sum(K.square(y))
                    }[index]
                }
            }
        }
    }

    static let denseAndActivationCases = GoldenLayerCasesTests.cases.map(\.id).filter {
        $0.hasPrefix("layer/dense/") || $0.hasPrefix("layer/activation/") || $0 == "layer/time_distributed/dense"
    }

    @Test(arguments: ["onednn", "openblas"])
    func denseAndActivationGoldenCasesPassOnPlugins(_ name: String) throws {
        guard PluginFixtures.built(name == "onednn" ? "KerasOneDNN" : "KerasOpenBLAS") != nil else { return }
        let backend = try BackendRegistry.backend(named: name, fallback: .allow)
        #expect(Self.denseAndActivationCases.count >= 20)
        for id in Self.denseAndActivationCases {
            let golden = try #require(GoldenLayerCasesTests.byID[id])
            let outcome = ActiveBackend.withBackend(backend) { ConformanceRunner.outcome(of: golden) }
            #expect(outcome == .passed, "\(name) \(id): \(outcome)")
        }
    }
}
