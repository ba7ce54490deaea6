import Testing
@testable import Keras

/// The convolution layers on the `openblas` plugin against the reference backend: forward
/// values and the gradients of the input and of every weight agree, and every convolution
/// kernel the layers use (forward, backward-input, backward-kernel) runs on the plugin — the
/// other ops (transposes, bias, reductions) may fall back to the reference.
@Suite struct ConvolutionLayersOnOpenBLASTests {
    static func layers(_ dtype: DType) -> [(Layer, [Int])] {
        [
            (Conv2DTranspose(3, kernelSize: [3, 2], strides: [2, 2], padding: .same, outputPadding: [1, 0], dtype: dtype), [2, 5, 4, 3]),
            (Conv1DTranspose(2, kernelSize: [4], strides: [2], padding: .same, outputPadding: [0], dtype: dtype), [2, 6, 3]),
            (Conv3DTranspose(2, kernelSize: [2], strides: [2], dataFormat: .channelsFirst, dtype: dtype), [1, 2, 3, 3, 2]),
            (SeparableConv2D(4, kernelSize: [3], padding: .same, depthMultiplier: 2, dtype: dtype), [2, 6, 5, 3]),
            (SeparableConv1D(3, kernelSize: [3], dilationRate: [2], dtype: dtype), [2, 9, 2]),
            (DepthwiseConv2D(kernelSize: [3], strides: [2], depthMultiplier: 3, dataFormat: .channelsFirst, dtype: dtype), [2, 3, 7, 6]),
            (DepthwiseConv1D(kernelSize: [2], padding: .same, dtype: dtype), [2, 5, 4]),
        ]
    }

    /// Runs `body` on the reference backend and on `openblas`; expects equal values and no
    /// convolution kernel falling back.
    func expectAgreement(_ openblas: PluginBackend, _ label: String, tolerance: Double,
                         sourceLocation: SourceLocation = #_sourceLocation, _ body: () -> Tensor) {
        let expected = ActiveBackend.withBackend(ReferenceBackend.shared) { body() }
        let (got, violations) = FallbackMonitor.collectingViolations { ActiveBackend.withBackend(openblas) { body() } }
        let convolutionFallbacks = violations.map(\.description).filter { $0.contains("convolution") }
        #expect(convolutionFallbacks.isEmpty, "\(label): \(convolutionFallbacks)", sourceLocation: sourceLocation)
        expectValues(got, expected.doubles, shape: expected.shape, tolerance: tolerance, sourceLocation: sourceLocation)
    }

    @Test(arguments: [DType.float32, .float64])
    func forwardAndGradientsMatchReference(dtype: DType) throws {
        guard let openblas = BackendComparison.strictOpenBLAS() else { return }
        let tolerance = dtype == .float32 ? 2e-5 : 1e-12
        for (i, (layer, shape)) in Self.layers(dtype).enumerated() {
            let x = randomTensor(shape, dtype: dtype, seed: UInt64(40 + i))
            _ = try ActiveBackend.withBackend(ReferenceBackend.shared) { try layer(x) }
            let label = "\(layer.className) #\(i)"
            expectAgreement(openblas, "\(label) forward", tolerance: tolerance) { try! layer(x) }
            for w in 0...layer.weights.count {
                expectAgreement(openblas, "\(label) gradient \(w)", tolerance: tolerance) {
                    let tape = GradientTape()
                    let xw = tape.watch(x)
                    let y = try! tape.record { K.sum(K.square(try layer(xw))) }
                    return w == 0 ? tape.gradient(y, [xw])[0] : tape.gradient(y, [layer.weights[w - 1]])[0]
                }
            }
        }
    }
}
