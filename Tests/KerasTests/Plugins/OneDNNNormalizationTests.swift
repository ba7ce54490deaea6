import Testing
import Keras
@testable import KerasCore
import KerasConformance

/// The `onednn` plugin's batch and layer normalisation kernels against the reference backend's
/// composed ones, in strict mode (nothing may fall back), forward and backward; the layers'
/// gradients on onednn; and the normalisation golden cases on onednn and openblas.
@Suite struct OneDNNNormalizationTests {
    /// (shape, channel axis): channels-last 2-D and 4-D, a middle axis, channels-first 4-D, 1-D.
    static let batchGeometries: [([Int], Int)] = [([6, 5], 1), ([4, 5, 6, 8], 3), ([3, 4, 5], 1), ([2, 3, 4, 5], 1), ([7], 0)]

    /// (gamma, beta) present?
    static let scaleShift: [(Bool, Bool)] = [(true, true), (false, false), (true, false), (false, true)]

    /// Times `kernel` ran on the plugin (not composed) so far.
    static func native(_ backend: PluginBackend, _ kernel: BackendKernel) -> Int {
        backend.usage.first { $0.kernel == kernel }?.native ?? 0
    }

    @Test func batchNormalizationKernelsMatchReference() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        let before = [BackendKernel.batchNormalization, .batchNormalizationTraining, .batchNormalizationBackward].map { Self.native(onednn, $0) }
        defer {
            // Every call ran the plugin's fused kernel: 5 geometries × 4 scale/shift variants (the
            // counters are the plugin's, shared with tests running alongside: at least these).
            let after = [BackendKernel.batchNormalization, .batchNormalizationTraining, .batchNormalizationBackward].map { Self.native(onednn, $0) }
            #expect(zip(zip(after, before).map { $0 - $1 }, [20, 60, 60]).allSatisfy { $0 >= $1 })
        }
        for (i, (shape, axis)) in Self.batchGeometries.enumerated() {
            let c = shape[axis]
            let x = randomTensor(shape, dtype: .float32, low: -2, high: 3, seed: UInt64(100 + i))
            let dy = randomTensor(shape, dtype: .float32, seed: UInt64(110 + i))
            let mean = randomTensor([c], dtype: .float32, seed: UInt64(120 + i))
            let variance = randomTensor([c], dtype: .float32, low: 0.5, high: 2, seed: UInt64(130 + i))
            let p = NormalizationParameters(axis: axis, epsilon: 1e-3)
            for (hasGamma, hasBeta) in Self.scaleShift {
                let gamma = hasGamma ? randomTensor([c], dtype: .float32, low: 0.5, high: 1.5, seed: UInt64(140 + i)) : nil
                let beta = hasBeta ? randomTensor([c], dtype: .float32, seed: UInt64(150 + i)) : nil
                let label = "bn \(shape) axis \(axis) gamma \(hasGamma) beta \(hasBeta)"
                BackendComparison.expectAgreement(onednn, tolerance: 1e-5, "\(label) inference") {
                    $0.batchNormalization(x, mean: mean, variance: variance, gamma: gamma, beta: beta, p)
                }
                BackendComparison.expectAgreement(onednn, tolerance: 1e-5, "\(label) training output") {
                    $0.batchNormalizationTraining(x, gamma: gamma, beta: beta, p).output
                }
                BackendComparison.expectAgreement(onednn, tolerance: 1e-5, "\(label) training mean") {
                    $0.batchNormalizationTraining(x, gamma: gamma, beta: beta, p).mean
                }
                BackendComparison.expectAgreement(onednn, tolerance: 1e-5, "\(label) training variance") {
                    $0.batchNormalizationTraining(x, gamma: gamma, beta: beta, p).variance
                }
                let (m, v) = (x.meanPerChannel(axis), x.variancePerChannel(axis))
                for (k, part) in ["dx", "dgamma", "dbeta"].enumerated() {
                    BackendComparison.expectAgreement(onednn, tolerance: 1e-4, "\(label) backward \(part)") {
                        let r = $0.batchNormalizationBackward(x, dy, mean: m, variance: v, gamma: gamma, p)
                        return [r.dx, r.dgamma, r.dbeta][k]
                    }
                }
            }
        }
    }

    /// (shape, first normalised axis)
    static let layerGeometries: [([Int], Int)] = [([6, 10], 1), ([3, 4, 16], 2), ([2, 3, 4, 5], 2), ([5, 3], 0)]

    @Test func layerNormalizationKernelsMatchReference() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        let before = [BackendKernel.layerNormalization, .layerNormalizationBackward].map { Self.native(onednn, $0) }
        defer {
            let after = [BackendKernel.layerNormalization, .layerNormalizationBackward].map { Self.native(onednn, $0) }
            #expect(zip(zip(after, before).map { $0 - $1 }, [48, 48]).allSatisfy { $0 >= $1 })
        }
        for (i, (shape, axis)) in Self.layerGeometries.enumerated() {
            let features = Array(shape[axis...])
            let x = randomTensor(shape, dtype: .float32, low: -2, high: 3, seed: UInt64(200 + i))
            let dy = randomTensor(shape, dtype: .float32, seed: UInt64(210 + i))
            let p = NormalizationParameters(axis: axis, epsilon: 1e-3)
            for (hasGamma, hasBeta) in Self.scaleShift {
                let gamma = hasGamma ? randomTensor(features, dtype: .float32, low: 0.5, high: 1.5, seed: UInt64(220 + i)) : nil
                let beta = hasBeta ? randomTensor(features, dtype: .float32, seed: UInt64(230 + i)) : nil
                let label = "ln \(shape) axis \(axis) gamma \(hasGamma) beta \(hasBeta)"
                for (k, part) in ["output", "mean", "variance"].enumerated() {
                    BackendComparison.expectAgreement(onednn, tolerance: 1e-5, "\(label) \(part)") {
                        let r = $0.layerNormalization(x, gamma: gamma, beta: beta, p)
                        return [r.output, r.mean, r.variance][k]
                    }
                }
                let stats = ReferenceBackend.shared.layerNormalization(x, gamma: nil, beta: nil, p)
                for (k, part) in ["dx", "dgamma", "dbeta"].enumerated() {
                    BackendComparison.expectAgreement(onednn, tolerance: 1e-4, "\(label) backward \(part)") {
                        let r = $0.layerNormalizationBackward(x, dy, mean: stats.mean, variance: stats.variance, gamma: gamma, p)
                        return [r.dx, r.dgamma, r.dbeta][k]
                    }
                }
            }
        }
    }

    @Test func kNormalizeBatchInTrainingRunsOnTheKernel() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        let x = randomTensor([4, 3, 5, 6], dtype: .float32, seed: 500)
        let gamma = randomTensor([6], dtype: .float32, low: 0.5, high: 1.5, seed: 501)
        for (k, part) in ["normed", "mean", "variance"].enumerated() {
            // The fused 4-D case (Bessel-corrected variance, raised epsilon) and a middle axis.
            BackendComparison.expectAgreement(onednn, tolerance: 1e-5, "normalize_batch_in_training \(part)") { backend in
                ActiveBackend.withBackend(backend) {
                    let r = K.normalizeBatchInTraining(x, gamma: gamma, beta: nil, reductionAxes: [0, 1, 2], epsilon: 0)
                    return [r.normed, r.mean, r.variance][k]
                }
            }
            BackendComparison.expectAgreement(onednn, tolerance: 1e-5, "normalize_batch_in_training axis 1 \(part)") { backend in
                ActiveBackend.withBackend(backend) {
                    let r = K.normalizeBatchInTraining(x, gamma: nil, beta: nil, reductionAxes: [0, 2, 3], epsilon: 1e-3)
                    return [r.normed, r.mean, r.variance][k]
                }
            }
        }
    }

    @Test func float64IsDeclinedAndComposedFromPrimitives() throws {
        guard let onednn = BackendComparison.lenientOneDNN() else { return }
        let x = randomTensor([4, 3], seed: 300)
        let (y, mean, variance) = onednn.batchNormalizationTraining(x, gamma: nil, beta: nil, NormalizationParameters(axis: 1, epsilon: 0))
        let expected = ReferenceBackend.shared.batchNormalizationTraining(x, gamma: nil, beta: nil, NormalizationParameters(axis: 1, epsilon: 0))
        #expect(y.dtype == .float64 && y.doubles == expected.output.doubles)
        #expect(mean.doubles == expected.mean.doubles && variance.doubles == expected.variance.doubles)
    }

    @Test func layerGradientsInTrainingMatchReference() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        let x = randomTensor([8, 4, 4, 6], dtype: .float32, seed: 400)
        let gamma = randomTensor([6], dtype: .float32, low: 0.5, high: 1.5, seed: 401)
        let beta = randomTensor([6], dtype: .float32, seed: 402)
        let layerGamma = randomTensor([4, 6], dtype: .float32, low: 0.5, high: 1.5, seed: 403)
        let layerBeta = randomTensor([4, 6], dtype: .float32, seed: 404)
        let p = NormalizationParameters(axis: 3, epsilon: 1e-3)
        for index in 0..<3 {
            BackendComparison.expectAgreement(onednn, tolerance: 1e-4, "BatchNormalization gradient \(index)") { backend in
                BackendComparison.gradients(on: backend, of: [x, gamma, beta]) {
                    K.batchNormalizationTraining($0[0], gamma: $0[1], beta: $0[2], axis: p.axis, epsilon: p.epsilon).output
                }[index]
            }
            BackendComparison.expectAgreement(onednn, tolerance: 1e-4, "LayerNormalization gradient \(index)") { backend in
                BackendComparison.gradients(on: backend, of: [x, layerGamma, layerBeta]) {
                    LayerNormalization.trailing($0[0], gamma: $0[1], beta: $0[2], NormalizationParameters(axis: 2, epsilon: 1e-3))
                }[index]
            }
        }
    }

    /// The layer, model and training golden cases that use a normalisation layer.
    static let normalizationCases = GoldenLayerCasesTests.cases.filter {
        !GoldenLayerCasesTests.layerClasses(in: $0.json).isDisjoint(with: ["BatchNormalization", "LayerNormalization"])
    }.map(\.id)

    @Test(arguments: ["onednn", "openblas"])
    func normalizationGoldenCasesPassOnPlugins(_ name: String) throws {
        guard PluginFixtures.built(name == "onednn" ? "KerasOneDNN" : "KerasOpenBLAS") != nil else { return }
        let backend = try BackendRegistry.backend(named: name, fallback: .allow)
        #expect(Self.normalizationCases.count >= 8)
        for id in Self.normalizationCases {
            let golden = try #require(GoldenLayerCasesTests.byID[id])
            let outcome = ActiveBackend.withBackend(backend) { ConformanceRunner.outcome(of: golden) }
            #expect(outcome == .passed, "\(name) \(id): \(outcome)")
        }
    }
}

extension Tensor {
    /// Per-channel mean over every axis but `axis` (test helper, reference backend).
    func meanPerChannel(_ axis: Int) -> Tensor {
        ReferenceBackend.shared.batchNormalizationTraining(self, gamma: nil, beta: nil, NormalizationParameters(axis: axis, epsilon: 0)).mean
    }

    /// Per-channel biased variance over every axis but `axis` (test helper, reference backend).
    func variancePerChannel(_ axis: Int) -> Tensor {
        ReferenceBackend.shared.batchNormalizationTraining(self, gamma: nil, beta: nil, NormalizationParameters(axis: axis, epsilon: 0)).variance
    }
}
