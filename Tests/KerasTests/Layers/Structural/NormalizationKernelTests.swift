import Testing
import Keras
@testable import KerasCore

/// The batch / layer normalisation backend kernels (ABI 1.1) as the reference backend composes
/// them — hand-computed values — and the layers' gradients through the backward kernels,
/// against central finite differences in float64.
@Suite struct NormalizationKernelTests {
    let reference = ReferenceBackend.shared

    /// A float64 vector.
    func f64(_ values: [Double]) -> Tensor { Tensor(values, shape: [values.count], dtype: .float64) }

    static func close(_ got: Tensor, _ want: [Double], _ tolerance: Double = 1e-12,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        close(got.doubles, want, tolerance, sourceLocation: sourceLocation)
    }

    static func close(_ got: [Double], _ want: [Double], _ tolerance: Double = 1e-12,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(got.count == want.count, "\(got.count) vs \(want.count) values", sourceLocation: sourceLocation)
        let ok = zip(got, want).allSatisfy { abs($0 - $1) <= tolerance * (1 + abs($1)) }
        #expect(ok, "\(got) vs \(want)", sourceLocation: sourceLocation)
    }

    @Test func batchNormalizationWithGivenStatisticsUsesTheMiddleChannelAxis() {
        // x (1, 2, 2): channel 0 = [1, 3], channel 1 = [10, 20]; axis 1.
        let x = Tensor([1, 3, 10, 20], shape: [1, 2, 2], dtype: .float64)
        let p = NormalizationParameters(axis: 1, epsilon: 0)
        let y = reference.batchNormalization(x, mean: f64([2, 10]), variance: f64([4, 25]),
                                             gamma: f64([2, 1]), beta: f64([0, 1]), p)
        // (1 − 2)/2·2 = −1, (3 − 2)/2·2 = 1; (10 − 10)/5 + 1 = 1, (20 − 10)/5 + 1 = 3.
        Self.close(y, [-1, 1, 1, 3])
        let plain = reference.batchNormalization(x, mean: f64([2, 10]), variance: f64([4, 25]), gamma: nil, beta: nil, p)
        Self.close(plain, [-0.5, 0.5, 0, 2])
    }

    @Test func batchNormalizationTrainingReturnsBatchMomentsPerChannel() {
        let x = Tensor([[1, 10], [3, 30]], dtype: .float64)
        let (y, mean, variance) = reference.batchNormalizationTraining(x, gamma: nil, beta: f64([0, 5]),
                                                                       NormalizationParameters(axis: 1, epsilon: 0))
        Self.close(mean, [2, 20])
        Self.close(variance, [1, 100])          // biased: ((−1)² + 1²)/2, ((−10)² + 10²)/2
        Self.close(y, [-1, 4, 1, 6])
        #expect(mean.shape == [2] && variance.shape == [2])
    }

    @Test func batchNormalizationBackwardByHand() {
        // One channel, x = [1, 3]: mean 2, variance 1, x̂ = [−1, 1]; ε = 0, gamma 2, dy = [1, 0].
        // dbeta = 1, dgamma = Σ dy·x̂ = −1, dx = gamma·r·(dy − mean(dy) − x̂·mean(dy·x̂))
        //   = 2·([1, 0] − 0.5 − [−1, 1]·(−0.5)) = 2·[0, 0] = [0, 0].
        let x = Tensor([[1], [3]], dtype: .float64)
        let p = NormalizationParameters(axis: 1, epsilon: 0)
        let r = reference.batchNormalizationBackward(x, Tensor([[1], [0]], dtype: .float64), mean: f64([2]),
                                                     variance: f64([1]), gamma: f64([2]), p)
        Self.close(r.dx, [0, 0])
        Self.close(r.dgamma, [-1])
        Self.close(r.dbeta, [1])
        // dy = [1, 2] with no gamma: mean(dy) = 1.5, mean(dy·x̂) = 0.5, dx = [1, 2] − 1.5 − [−1, 1]·0.5 = [0, 0].
        let s = reference.batchNormalizationBackward(x, Tensor([[1], [2]], dtype: .float64), mean: f64([2]),
                                                     variance: f64([1]), gamma: nil, p)
        Self.close(s.dx, [0, 0])
        Self.close(s.dgamma, [1])
        Self.close(s.dbeta, [3])
    }

    @Test func layerNormalizationNormalisesEachRowOverTheTrailingAxes() {
        // Rows [1, 2, 3, 4] and [2, 2, 2, 2] of a (2, 2, 2) tensor normalised over axes 1...2.
        let x = Tensor([1, 2, 3, 4, 2, 2, 2, 2], shape: [2, 2, 2], dtype: .float64)
        let gamma = Tensor([1, 1, 1, 2], shape: [2, 2], dtype: .float64)
        let (y, mean, variance) = reference.layerNormalization(x, gamma: gamma, beta: nil, NormalizationParameters(axis: 1, epsilon: 0))
        Self.close(mean, [2.5, 2])
        Self.close(variance, [1.25, 0])
        #expect(mean.shape == [2])
        let s = 1.25.squareRoot()
        let first = [-1.5 / s, -0.5 / s, 0.5 / s, 2 * 1.5 / s]
        Self.close(Array(y.doubles[..<4]), first)
        let constantRow = Array(y.doubles[4...])
        #expect(constantRow.allSatisfy { $0.isNaN })     // 0/0 with ε = 0, as the formula says
    }

    @Test func layerNormalizationBackwardByHand() {
        // One row [1, 3]: mean 2, variance 1, x̂ = [−1, 1], dy = [1, 0], no gamma:
        // dx = r·(dy − mean(dy) − x̂·mean(dy·x̂)) = [1, 0] − 0.5 − [−1, 1]·(−0.5) = [0, 0].
        let r = reference.layerNormalizationBackward(Tensor([[1, 3]], dtype: .float64), Tensor([[1, 0]], dtype: .float64),
                                                     mean: f64([2]), variance: f64([1]), gamma: nil,
                                                     NormalizationParameters(axis: 1, epsilon: 0))
        Self.close(r.dx, [0, 0])
        Self.close(r.dgamma, [-1, 0])
        Self.close(r.dbeta, [1, 0])
    }

    @Test func composedKernelsRunInFloat32() {
        let x = Tensor([[1, 10], [3, 30]], dtype: .float32)
        let (y, mean, _) = reference.batchNormalizationTraining(x, gamma: nil, beta: nil, NormalizationParameters(axis: 1, epsilon: 0))
        #expect(y.dtype == .float32 && mean.dtype == .float32)
        Self.close(y, [-1, -1, 1, 1], 1e-6)
    }

    // MARK: Gradients through the layers (float64, reference)

    @Test(arguments: [(-1, true, true), (1, true, true), (2, false, true), (-1, true, false), (1, false, false)])
    func batchNormalizationTrainingGradientsMatchFiniteDifferences(_ axis: Int, _ scale: Bool, _ center: Bool) throws {
        let layer = BatchNormalization(axis: axis, epsilon: 0.01, center: center, scale: scale, dtype: .float64)
        let x = randomTensor([3, 2, 4], seed: 7)
        let channels = x.shape[axis < 0 ? axis + 3 : axis]
        var inputs = [x]
        if scale { inputs.append(randomTensor([channels], low: 0.5, high: 1.5, seed: 8)) }
        if center { inputs.append(randomTensor([channels], seed: 9)) }
        let p = NormalizationParameters(axis: axis < 0 ? axis + 3 : axis, epsilon: 0.01)
        checkGradients(inputs, tolerance: 1e-6) { t in
            K.batchNormalizationTraining(t[0], gamma: scale ? t[1] : nil, beta: center ? t[scale ? 2 : 1] : nil, axis: p.axis, epsilon: p.epsilon).output
        }
        // The layer itself, in training mode: its gradient is the kernel's.
        let tape = GradientTape()
        let watched = tape.watch(x)
        let y = try tape.record { try layer(watched, training: true) }
        #expect(tape.gradient(y, [watched]).first?.shape == x.shape)
    }

    @Test func batchNormalizationInferenceGradientsMatchFiniteDifferences() {
        let x = randomTensor([4, 3], seed: 11)
        let mean = randomTensor([3], seed: 12), variance = randomTensor([3], low: 0.5, high: 2, seed: 13)
        let p = NormalizationParameters(axis: 1, epsilon: 1e-3)
        checkGradients([x, randomTensor([3], seed: 14), randomTensor([3], seed: 15)]) { t in
            K.batchNormalizationInference(t[0], mean: mean, variance: variance, gamma: t[1], beta: t[2], axis: p.axis, epsilon: p.epsilon)
        }
        checkGradients([x]) { t in K.batchNormalizationInference(t[0], mean: mean, variance: variance, gamma: nil, beta: nil, axis: p.axis, epsilon: p.epsilon) }
    }

    @Test(arguments: [(1, true, true), (2, true, false), (1, false, true)])
    func layerNormalizationGradientsMatchFiniteDifferences(_ axis: Int, _ scale: Bool, _ center: Bool) {
        let x = randomTensor([2, 3, 4], seed: 21)
        let features = Array(x.shape[axis...])
        var inputs = [x]
        if scale { inputs.append(randomTensor(features, low: 0.5, high: 1.5, seed: 22)) }
        if center { inputs.append(randomTensor(features, seed: 23)) }
        let p = NormalizationParameters(axis: axis, epsilon: 1e-3)
        checkGradients(inputs) { t in
            LayerNormalization.trailing(t[0], gamma: scale ? t[1] : nil, beta: center ? t[scale ? 2 : 1] : nil, p)
        }
    }

    @Test func layerGradientsFlowToGammaAndBetaInTraining() throws {
        // Through the layers' own variables: the fused paths agree with the composed K formula.
        let x = randomTensor([4, 3], seed: 31)
        for layer in [BatchNormalization(epsilon: 0.01, dtype: .float64) as Layer, LayerNormalization(epsilon: 0.01, dtype: .float64)] {
            _ = try layer(x, training: false)     // builds it
            let tape = GradientTape()
            let loss = try tape.record { K.sum(K.square(try layer(x, training: true))) }
            let grads = tape.gradient(loss, layer.trainableWeights)
            // Σ y² with y = x̂ (gamma 1, beta 0): d/dgamma = 2·Σ x̂² > 0, d/dbeta = 2·Σ x̂, which is 0
            // per channel for batch statistics and 0 in total for per-row statistics.
            #expect(grads.count == 2)
            #expect(grads[0].doubles.allSatisfy { $0 > 0 })
            if layer is BatchNormalization {
                #expect(grads[1].doubles.allSatisfy { abs($0) < 1e-9 })
            } else {
                #expect(abs(grads[1].doubles.reduce(0, +)) < 1e-9)
            }
        }
    }
}
