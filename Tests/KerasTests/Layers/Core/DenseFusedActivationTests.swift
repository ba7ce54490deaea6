import Testing
@testable import Keras

/// `Dense` with an activation that maps to a fused kernel: one `linearActivation` forward with
/// `f′` taken from the output, or `linear` then the fused activation when `f′` needs the
/// pre-activation. Values match the unfused composition; gradients of input, kernel and bias
/// match central finite differences in float64.
@Suite struct DenseFusedActivationTests {
    /// Every fused activation Dense may meet, including each relu parameter combination.
    static let activations: [ActivationParameters] = [
        ActivationParameters(op: .linear),
        ActivationParameters(op: .relu),
        ActivationParameters(op: .relu, alpha: 0.2),
        ActivationParameters(op: .relu, maxValue: 6),
        ActivationParameters(op: .relu, maxValue: 1.5),
        ActivationParameters(op: .relu, alpha: 0.3, threshold: 0.5),
        ActivationParameters(op: .relu, alpha: -0.5),
        ActivationParameters(op: .elu, alpha: 0.7),
        ActivationParameters(op: .elu, alpha: -0.5),
        ActivationParameters(op: .selu),
        ActivationParameters(op: .gelu),
        ActivationParameters(op: .geluTanh),
        ActivationParameters(op: .silu),
        ActivationParameters(op: .sigmoid),
        ActivationParameters(op: .tanh),
        ActivationParameters(op: .softplus),
    ]

    @Test func fusedForwardMatchesLinearThenActivation() {
        let x = randomTensor([4, 5], low: -2, high: 2, seed: 11)
        let w = randomTensor([5, 3], low: -1, high: 1, seed: 12)
        let b = randomTensor([3], low: -1, high: 1, seed: 13)
        for p in Self.activations {
            let fused = K.linear(x, w, b, activation: p)
            let unfused = ReferenceBackend.shared.activation(ReferenceBackend.shared.linear(x, weight: w, bias: b), p)
            expectElements(fused, unfused.doubles, shape: [4, 3], tolerance: 1e-12)
        }
    }

    @Test func gradientsOfInputKernelAndBiasMatchFiniteDifferences() {
        let x = randomTensor([3, 2, 4], low: -2, high: 2, seed: 21)
        let w = randomTensor([4, 3], low: -1, high: 1, seed: 22)
        let b = randomTensor([3], low: -1, high: 1, seed: 23)
        for p in Self.activations {
            checkGradients([x, w, b]) { K.linear($0[0], $0[1], $0[2], activation: p) }
            checkGradients([x, w]) { K.linear($0[0], $0[1], nil, activation: p) }
        }
    }

    @Test func layerWithBuiltInActivationsMatchesTheUnfusedClosure() throws {
        let x = randomTensor([5, 4], dtype: .float32, low: -2, high: 2, seed: 31)
        let kernel = randomTensor([4, 3], dtype: .float32, seed: 32)
        let bias = randomTensor([3], dtype: .float32, seed: 33)
        let builtIns: [Activation] = [.relu, .relu6, .leakyRelu, .elu, .selu, .gelu, .gelu(approximate: true), .silu,
                                      .sigmoid, .tanh, .softplus, .relu(negativeSlope: 0.1, maxValue: 2, threshold: 0.5)]
        for activation in builtIns {
            #expect(activation.fusedKernel != nil, "\(activation.name) should map to a fused kernel")
            let fused = Dense(3, activation: activation)
            let unfused = Dense(3, activation: Activation(name: activation.name) { activation($0) })
            for dense in [fused, unfused] {
                _ = try dense(Tensor(shape: [1, 4], dtype: .float32))
                try dense.setWeights([kernel, bias])
            }
            expectElements(try fused(x), try unfused(x).doubles, shape: [5, 3], tolerance: 1e-6)
        }
    }

    @Test func reluDenseGradientUsesTheOutputSlope() throws {
        // x·w + b = [[2, -1]]: relu′ is 1 then 0, so dx = w[:, 0], dw = xᵀ·[1, 0], db = [1, 0].
        let x = Tensor([[1, 1]], dtype: .float64)
        let w = Tensor([[1, -1], [2, 0]], dtype: .float64)
        let b = Tensor([-1, 0], dtype: .float64)
        let tape = GradientTape()
        let watched = [x, w, b].map { tape.watch($0) }
        let y = K.linear(watched[0], watched[1], watched[2], activation: ActivationParameters(op: .relu))
        expectElements(y, [2, 0])
        let grads = tape.gradient(K.sum(y), watched)
        expectElements(grads[0], [1, 2])
        expectElements(grads[1], [1, 0, 1, 0])
        expectElements(grads[2], [1, 0])
    }

    @Test func customAndSoftmaxActivationsAreNotFused() {
        #expect(Activation.softmax.fusedKernel == nil)
        #expect(Activation.mish.fusedKernel == nil)
        #expect(Activation(name: "mine") { $0 }.fusedKernel == nil)
        #expect(Activation.linear.fusedKernel == ActivationParameters(op: .linear))
        #expect(Activation.relu6.fusedKernel == ActivationParameters(op: .relu, maxValue: 6))
    }
}
