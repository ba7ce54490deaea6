import Testing
@testable import Keras

/// `ZeroPadding1D/2D` and `Cropping1D/2D`: values, both data formats, symbolic shapes, the
/// argument forms, over-cropping errors, configs, gradients.
@Suite struct PaddingCroppingTests {
    let image = Tensor([[[[1], [2], [3]], [[4], [5], [6]], [[7], [8], [9]]]])   // (1, 3, 3, 1)

    @Test func zeroPadding1DPadsTheTimeAxis() throws {
        let y = try ZeroPadding1D(padding: [1, 2])(Tensor([[[1], [2]]]))
        expectValues(y, [0, 1, 2, 0, 0], shape: [1, 5, 1])
        #expect(try ZeroPadding1D()(Input(shape: [5, 3])).shape == [nil, 7, 3])
        #expect(try ZeroPadding1D(padding: 2)(Input(shape: [nil, 3])).shape == [nil, nil, 3])
    }

    @Test func zeroPadding2DPadsRowsAndColumns() throws {
        let y = try ZeroPadding2D(padding: [[1, 0], [0, 1]])(Tensor([[[[1], [2]], [[3], [4]]]]))
        expectValues(y, [0, 0, 0, 1, 2, 0, 3, 4, 0], shape: [1, 3, 3, 1])
        #expect(try ZeroPadding2D(padding: [1, 2])(Input(shape: [28, 28, 3])).shape == [nil, 30, 32, 3])
        let first = ZeroPadding2D(padding: 1, dataFormat: .channelsFirst)
        #expect(try first(Input(shape: [3, 28, 28])).shape == [nil, 3, 30, 30])
        #expect(try first(Tensor(shape: [1, 3, 2, 2])).shape == [1, 3, 4, 4])
    }

    @Test func croppingRemovesEdges() throws {
        let y = try Cropping1D(cropping: [1, 2])(Tensor([[[1], [2], [3], [4], [5]]]))
        expectValues(y, [2, 3], shape: [1, 2, 1])
        let z = try Cropping2D(cropping: [[1, 0], [0, 1]])(image)
        expectValues(z, [4, 5, 7, 8], shape: [1, 2, 2, 1])
        #expect(try Cropping2D(cropping: [[2, 2], [4, 4]])(Input(shape: [28, 28, 3])).shape == [nil, 24, 20, 3])
        let first = Cropping2D(cropping: 1, dataFormat: .channelsFirst)
        #expect(try first(Input(shape: [3, 5, 6])).shape == [nil, 3, 3, 4])
        expectValues(try first(Tensor([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]])), [5], shape: [1, 1, 1, 1])
    }

    @Test func croppingTheWholeAxisThrows() {
        expectKerasError("cropping", "(None, 3, 2)") { _ = try Cropping1D(cropping: [2, 1])(Input(shape: [3, 2])) }
        expectKerasError("cropping") { _ = try Cropping2D(cropping: [[1, 1], [0, 0]])(Input(shape: [2, 5, 1])) }
        expectKerasError("cropping") { _ = try Cropping2D(cropping: 2)(image) }
    }

    @Test func configsUseKeras3PairListsAndAcceptShortForms() throws {
        let pad = ZeroPadding2D(padding: [[1, 2], [0, 1]])
        #expect(pad.getConfig()["padding"] == .array([LayerConfig.ints([1, 2]), LayerConfig.ints([0, 1])]))
        try expectConfigRoundTrip(pad)
        try expectConfigRoundTrip(ZeroPadding1D(padding: [3, 1]))
        try expectConfigRoundTrip(Cropping1D(cropping: [0, 2]))
        try expectConfigRoundTrip(Cropping2D(cropping: [[1, 0], [2, 3]], dataFormat: .channelsFirst))
        let fromInt = try #require(try LayerRegistry.layer(className: "ZeroPadding2D", config: ["padding": .number(2)]) as? ZeroPadding2D)
        #expect(fromInt.padding.0 == (2, 2) && fromInt.padding.1 == (2, 2))
        let fromPair = try #require(try LayerRegistry.layer(className: "Cropping2D", config: ["cropping": LayerConfig.ints([1, 3])]) as? Cropping2D)
        #expect(fromPair.cropping.0 == (1, 1) && fromPair.cropping.1 == (3, 3))
        expectKerasError("padding") { _ = try LayerRegistry.layer(className: "ZeroPadding1D", config: ["padding": .number(-1)]) }
    }

    @Test func gradients() throws {
        try checkLayerGradients(ZeroPadding2D(padding: [[1, 0], [2, 1]], dtype: .float64), [randomTensor([2, 2, 3, 2], seed: 1)])
        try checkLayerGradients(Cropping2D(cropping: [[1, 0], [0, 1]], dtype: .float64), [randomTensor([1, 3, 3, 2], seed: 2)])
        try checkLayerGradients(ZeroPadding1D(padding: [2, 1], dtype: .float64), [randomTensor([2, 3, 2], seed: 3)])
        try checkLayerGradients(Cropping1D(cropping: [1, 1], dtype: .float64), [randomTensor([2, 4, 2], seed: 4)])
    }
}
