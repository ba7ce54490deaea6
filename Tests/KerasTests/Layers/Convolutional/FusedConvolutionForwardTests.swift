import Testing
import Keras
@testable import KerasCore

/// Convolution layers with a fusable activation run their forward as one backend call
/// (`convolutionActivation`) and take the activation's gradient from the output: the values
/// and gradients equal the unfused `K` composition, and the input gradient matches central
/// finite differences (float64, reference backend).
@Suite struct FusedConvolutionForwardTests {
    static let activations: [Activation] = ["tanh", "sigmoid", "elu", "selu", "linear"]

    @Test(arguments: activations.map(\.name))
    func valuesAndGradientsEqualTheUnfusedComposition(activation name: String) throws {
        try ActiveBackend.withBackend(ReferenceBackend.shared) {
            let layer = Conv2D(3, kernelSize: [3, 2], strides: [2, 1], padding: .same, activation: Activation(stringLiteral: name),
                               dtype: .float64)
            let x = randomTensor([2, 5, 4, 2], dtype: .float64, seed: 300)
            _ = try layer(x)
            let (kernel, bias) = (layer.weights[0], layer.weights[1])
            #expect(layer.activation.fusedKernel != nil)

            let tape = GradientTape()
            let xw = tape.watch(x)
            let fused = try tape.record { try layer(xw) }
            let inputGradient = tape.gradient(K.sum(K.square(fused)), [xw])
            let weightTape = GradientTape()
            let loss = try weightTape.record { K.sum(K.square(try layer(x))) }
            let fusedGrads = inputGradient + weightTape.gradient(loss, [kernel, bias])

            let plain = GradientTape()
            let (xp, kp, bp) = (plain.watch(x), plain.watch(kernel.value.detached), plain.watch(bias.value.detached))
            let composed = plain.record {
                layer.activation(K.biasAdd(K.conv2d(xp, kp, strides: (2, 1), padding: .same), bp))
            }
            let plainGrads = plain.gradient(K.sum(K.square(composed)), [xp, kp, bp])

            expectValues(fused, composed.doubles, shape: composed.shape, tolerance: 1e-12)
            for (f, p) in zip(fusedGrads, plainGrads) { expectValues(f, p.doubles, shape: p.shape, tolerance: 1e-12) }
            checkGradients([x]) { try! layer($0[0]) }
        }
    }

    @Test func channelsFirstAndUnfusableActivationsKeepTheComposedPath() throws {
        try ActiveBackend.withBackend(ReferenceBackend.shared) {
            let x = randomTensor([1, 4, 4, 2], dtype: .float64, seed: 301)
            let gelu = Conv2D(2, kernelSize: [2, 2], activation: "gelu", dtype: .float64)
            _ = try gelu(x)
            #expect(gelu.fusedForward(x, kernel: gelu.weights[0].value, groups: 1) == nil)
            let first = Conv2D(2, kernelSize: [2, 2], dataFormat: .channelsFirst, activation: "relu", dtype: .float64)
            let xf = randomTensor([1, 2, 4, 4], dtype: .float64, seed: 302)
            _ = try first(xf)
            #expect(first.fusedForward(xf, kernel: first.weights[0].value, groups: 1) == nil)
        }
    }
}
