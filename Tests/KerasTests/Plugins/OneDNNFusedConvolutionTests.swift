import Testing
@testable import Keras

/// A convolution layer's whole forward as one oneDNN primitive (`convolutionActivation`: the
/// bias inside the convolution, the activation as post-ops) against the reference backend's
/// composition, and the layers' gradients through it.
@Suite struct OneDNNFusedConvolutionTests {
    static let geometries: [([Int], [Int], ConvolutionParameters)] = [
        ([2, 7, 6, 3], [3, 3, 3, 4], ConvolutionParameters(strides: [1, 1], dilations: [1, 1], paddingBefore: [1, 1], paddingAfter: [1, 1])),
        ([2, 9, 2], [3, 2, 5], ConvolutionParameters(strides: [2], dilations: [1], paddingBefore: [0], paddingAfter: [0])),
        ([1, 8, 8, 4], [2, 2, 2, 6], ConvolutionParameters(strides: [1, 1], dilations: [2, 2], paddingBefore: [0, 0], paddingAfter: [0, 0], groups: 2)),
    ]

    @Test func fusedForwardMatchesReferenceForEachActivation() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        let activations = [ActivationParameters(op: .relu), ActivationParameters(op: .relu, alpha: 0.2),
                           ActivationParameters(op: .relu, maxValue: 6), ActivationParameters(op: .sigmoid),
                           ActivationParameters(op: .tanh), ActivationParameters(op: .elu, alpha: 1),
                           ActivationParameters(op: .linear)]
        for (i, (xs, ks, p)) in Self.geometries.enumerated() {
            let x = randomTensor(xs, dtype: .float32, seed: UInt64(200 + i))
            let kernel = randomTensor(ks, dtype: .float32, seed: UInt64(210 + i))
            let bias = randomTensor([ks[ks.count - 1]], dtype: .float32, seed: UInt64(220 + i))
            for a in activations {
                BackendComparison.expectAgreement(onednn, "#\(i) \(a.op) with bias") {
                    $0.convolutionActivation(x, kernel: kernel, bias: bias, p, a)
                }
                BackendComparison.expectAgreement(onednn, "#\(i) \(a.op) without bias") {
                    $0.convolutionActivation(x, kernel: kernel, bias: nil, p, a)
                }
            }
        }
        #expect(onednn.usage.contains { $0.kernel == .convolutionActivation && $0.native > 0 })
    }

    @Test func declinedParametersAreComposedWithKerasValues() throws {
        // Lenient: the composition uses comparisons and casts, which the plugin leaves to the reference.
        guard let onednn = BackendComparison.lenientOneDNN() else { return }
        let (xs, ks, p) = Self.geometries[0]
        let x = randomTensor(xs, dtype: .float32, seed: 230), kernel = randomTensor(ks, dtype: .float32, seed: 231)
        // A thresholded relu has no oneDNN eltwise: the host composes it from primitives.
        let thresholded = ActivationParameters(op: .relu, threshold: 0.5)
        BackendComparison.expectAgreement(onednn, "thresholded relu") { $0.convolutionActivation(x, kernel: kernel, bias: nil, p, thresholded) }
    }

    /// Conv layers with a fusable activation take the fused path; forward values and every
    /// gradient agree with the reference backend's, which composes the same path. (Lenient:
    /// the loss around the layer may use ops the plugin leaves to the reference.)
    @Test func convolutionLayersWithActivationsMatchReference() throws {
        guard let onednn = BackendComparison.lenientOneDNN() else { return }
        let layers: [(Layer, [Int])] = [
            (Conv2D(4, kernelSize: [3, 3], padding: .same, activation: "relu"), [2, 6, 5, 3]),
            (Conv1D(3, kernelSize: [3], strides: [2], activation: "sigmoid"), [2, 9, 2]),
            (Conv2D(2, kernelSize: [2, 2], activation: "tanh", useBias: false), [1, 5, 5, 2]),
        ]
        for (i, (layer, shape)) in layers.enumerated() {
            let x = randomTensor(shape, dtype: .float32, seed: UInt64(240 + i))
            _ = try ActiveBackend.withBackend(ReferenceBackend.shared) { try layer(x) }
            BackendComparison.expectAgreement(onednn, "layer #\(i) forward") { b in ActiveBackend.withBackend(b) { try! layer(x) } }
            for w in 0...layer.weights.count {
                BackendComparison.expectAgreement(onednn, "layer #\(i) gradient \(w)") { b in
                    ActiveBackend.withBackend(b) {
                        let tape = GradientTape()
                        let xw = tape.watch(x)
                        let y = try! tape.record { K.sum(K.square(try layer(xw))) }
                        return w == 0 ? tape.gradient(y, [xw])[0] : tape.gradient(y, [layer.weights[w - 1]])[0]
                    }
                }
            }
        }
        #expect(onednn.usage.contains { $0.kernel == .convolutionActivation && $0.native > 0 })
    }
}
