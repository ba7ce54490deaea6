import Testing
import Keras
@testable import KerasCore

/// The fused layer math of `K`: `K.convolution` with a bias and an activation (one backend call
/// when `f′` comes from the output, convolution then activation otherwise) and batch
/// normalisation in training and inference mode, against worked examples, the unfused
/// composition and central finite differences in float64.
@Suite struct FusedLayerMathTests {
    @Test func convolutionWithBiasAndActivationMatchesTheComposition() {
        let x = randomTensor([2, 5, 5, 2], low: -2, high: 2, seed: 31)
        let w = randomTensor([3, 3, 2, 3], low: -1, high: 1, seed: 32)
        let b = randomTensor([3], low: -1, high: 1, seed: 33)
        let p = K.convolutionParameters(input: x.shape, kernel: w.shape, strides: [1, 1], dilations: [1, 1], padding: .same,
                                        groups: 1, op: "test")
        let reference = ReferenceBackend.shared
        for a in [ActivationParameters(op: .relu), ActivationParameters(op: .gelu), ActivationParameters(op: .tanh)] {
            let fused = K.convolution(x, w, b, strides: [1, 1], padding: .same, activation: a)
            let composed = reference.activation(reference.binary(.add, reference.convolution(x, kernel: w, p), b), a)
            expectElements(fused, composed.doubles, shape: [2, 5, 5, 3], tolerance: 1e-12)
        }
    }

    @Test func convolutionGradientsMatchFiniteDifferences() {
        let x = randomTensor([1, 4, 4, 2], low: -2, high: 2, seed: 41)
        let w = randomTensor([2, 2, 2, 2], low: -1, high: 1, seed: 42)
        let b = randomTensor([2], low: -1, high: 1, seed: 43)
        // tanh takes f′ from the output (one fused call); softplus keeps the pre-activation.
        for a in [ActivationParameters(op: .tanh), ActivationParameters(op: .softplus), ActivationParameters(op: .linear)] {
            checkGradients([x, w, b]) { K.convolution($0[0], $0[1], $0[2], strides: [2, 1], padding: .valid, activation: a) }
        }
        checkGradients([x, w]) { K.convolution($0[0], $0[1], strides: [1, 1], padding: .same) }
    }

    @Test func noInputGradientForTheModelsInputBatch() throws {
        // Dense → Dense: the backward is dW₁ and (dx₂, dW₂), three products; the input batch,
        // not differentiated, gets no gradient (a fourth product before). The weights are the
        // same either way: checkGradients above covers a differentiated input.
        let model = try Sequential([Dense(4, activation: .relu, name: "hidden", inputDim: 2), Dense(1, name: "out")])
        try model.compile(optimizer: SGD(learningRate: 0.05), loss: .meanSquaredError)
        let profiler = StepProfiler(skipSteps: 0)
        try ActiveBackend.withBackend(ReferenceBackend.shared) {
            try model.fit(TrainingFixtures.x, TrainingFixtures.y, batchSize: 2, epochs: 1, verbose: 0, shuffle: false, profile: profiler)
        }
        let matmul = try #require(profiler.profile.kernels.first { $0.name == "matmul" })
        #expect(matmul.callsPerStep == 3)
        #expect(matmul.byPhase.keys.sorted() == ["backward"])
    }

    @Test func batchNormalizationTrainingWorkedExample() {
        // Channel 0: [1, 3] → mean 2, variance 1; channel 1: [2, 2] → mean 2, variance 0.
        let x = Tensor([1, 2, 3, 2], shape: [2, 2], dtype: .float64)
        let (y, mean, variance) = K.batchNormalizationTraining(x, gamma: Tensor([2, 1], dtype: .float64),
                                                               beta: Tensor([0, 5], dtype: .float64), axis: -1, epsilon: 0)
        #expect(mean.doubles == [2, 2] && variance.doubles == [1, 0])
        #expect(y.doubles[0] == -2 && y.doubles[2] == 2)
    }

    @Test func batchNormalizationGradientsMatchFiniteDifferences() {
        let x = randomTensor([3, 2, 4], low: -2, high: 2, seed: 51)
        let gamma = randomTensor([4], low: 0.5, high: 1.5, seed: 52)
        let beta = randomTensor([4], low: -1, high: 1, seed: 53)
        checkGradients([x, gamma, beta], tolerance: 1e-5) {
            K.batchNormalizationTraining($0[0], gamma: $0[1], beta: $0[2], axis: 2, epsilon: 1e-3).output
        }
        let mean = randomTensor([4], low: -1, high: 1, seed: 54)
        let variance = randomTensor([4], low: 0.5, high: 2, seed: 55)
        checkGradients([x, gamma, beta]) {
            K.batchNormalizationInference($0[0], mean: mean, variance: variance, gamma: $0[1], beta: $0[2], axis: -1)
        }
    }
}
