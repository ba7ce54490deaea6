import Foundation
import Testing
@testable import Keras

/// Keras 2 HDF5 weights files (`layer_names` / `weight_names`) load by layer order, as Keras 3's
/// `load_weights` reads them. Fixtures: Tests/Fixtures/Weights/make_legacy_fixtures.py.
@Suite struct LegacyWeightsLoadingTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/Weights").path

    func makeMLP(secondUnits: Int = 2) throws -> Sequential {
        try Sequential([Dense(3, activation: .tanh, inputShape: [4]), Dropout(0.1), Dense(secondUnits)])
    }

    /// Weight k, element i: 0.25·cos(0.5·i + k) in float32, as the script sets.
    func expected(_ k: Int, count: Int) -> [Double] {
        (0..<count).map { Double(Float(0.25 * cos(0.5 * Double($0) + Double(k)))) }
    }

    @Test(arguments: ["keras3_legacy_mlp.h5", "keras2_layout_mlp.h5"])
    func legacyFileLoadsByLayerOrder(_ name: String) throws {
        let model = try makeMLP()
        try model.loadWeights(from: Self.fixtures + "/" + name)
        let weights = model.getWeights()
        #expect(weights.map(\.shape) == [[4, 3], [3], [3, 2], [2]])
        for (k, w) in weights.enumerated() { #expect(w.doubles == expected(k, count: w.count)) }
        let x = Tensor((0..<8).map { Float(cos(0.5 * Double($0))) }, shape: [2, 4])
        let keras = [-0.24481628835201263, -0.27988818287849426, -0.32112881541252136, -0.3348851203918457]
        #expect(zip(try model.predict(x).doubles, keras).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func mismatchedShapesAndLayerCountsThrowAndChangeNothing() throws {
        let wide = try makeMLP(secondUnits: 5)
        let before = wide.getWeights()
        let file = Self.fixtures + "/keras2_layout_mlp.h5"
        let error = #expect(throws: KerasError.self) { try wide.loadWeights(from: file) }
        #expect(error?.message.contains("expected shape (3, 5), found (3, 2)") == true)
        #expect(error?.message.contains("dense_2/kernel:0") == true)
        #expect(identical(before, wide.getWeights()))

        let deeper = try Sequential([Dense(3, inputShape: [4]), Dense(2), Dense(2)])
        let count = #expect(throws: KerasError.self) { try deeper.loadWeights(from: file) }
        #expect(count?.message.contains("containing 2 layers into a model with 3 layers") == true)
    }

    @Test func aKeras3WeightsFileIsNotReadAsLegacy() throws {
        let model = try makeRecurrentFunctionalModel()
        let error = #expect(throws: KerasError.self) {
            try model.loadWeights(from: KerasWeightsFixtureTests.fixture.replacingOccurrences(of: ".weights.h5", with: ".h5"))
        }
        #expect(error?.message.contains("no such file") == true)
    }
}
