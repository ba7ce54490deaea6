import Testing
@testable import Keras

/// `UpSampling1D/2D`: nearest repetition, bilinear interpolation with half-pixel centers,
/// channels-first, shapes, configs, gradients.
@Suite struct UpSamplingTests {
    @Test func upSampling1DRepeatsTimeSteps() throws {
        let y = try UpSampling1D(size: 2)(Tensor([[[1, 2], [3, 4]]]))
        expectValues(y, [1, 2, 1, 2, 3, 4, 3, 4], shape: [1, 4, 2])
        #expect(try UpSampling1D(size: 3)(Input(shape: [4, 8])).shape == [nil, 12, 8])
    }

    @Test func upSampling2DNearestRepeatsPixels() throws {
        let y = try UpSampling2D(size: [2, 1])(Tensor([[[[1], [2]]]]))
        expectValues(y, [1, 2, 1, 2], shape: [1, 2, 2, 1])
        #expect(try UpSampling2D()(Input(shape: [3, 5, 2])).shape == [nil, 6, 10, 2])
        #expect(try UpSampling2D(size: 3, dataFormat: .channelsFirst)(Input(shape: [2, 3, 5])).shape == [nil, 2, 9, 15])
    }

    @Test func upSampling2DBilinearInterpolatesBetweenPixelCenters() throws {
        // Output column o samples input column (o + 0.5) / 2 − 0.5, clamped to the edges.
        let y = try UpSampling2D(size: [1, 2], interpolation: .bilinear)(Tensor([[[[1], [2]]]]))
        expectValues(y, [1, 1.25, 1.75, 2], shape: [1, 1, 4, 1])
    }

    @Test func configsRoundTripAndRejectUnknownInterpolation() throws {
        let layer = UpSampling2D(size: [2, 3], interpolation: .bilinear)
        let config = layer.getConfig()
        #expect(config["size"] == LayerConfig.ints([2, 3]))
        #expect(config["interpolation"] == .string("bilinear"))
        try expectConfigRoundTrip(layer)
        try expectConfigRoundTrip(UpSampling1D(size: 4))
        expectKerasError("lanczos3") {
            _ = try LayerRegistry.layer(className: "UpSampling2D", config: ["interpolation": .string("lanczos3")])
        }
    }

    @Test func gradients() throws {
        try checkLayerGradients(UpSampling1D(size: 3, dtype: .float64), [randomTensor([2, 2, 3], seed: 1)])
        try checkLayerGradients(UpSampling2D(size: [2, 3], dtype: .float64), [randomTensor([1, 2, 2, 2], seed: 2)])
        try checkLayerGradients(UpSampling2D(size: [2, 2], interpolation: .bilinear, dtype: .float64),
                                [randomTensor([1, 3, 2, 1], seed: 3)])
    }
}
