import Foundation
import Testing
@testable import Keras

/// A `.weights.h5` written by Keras 3.15 (Tests/Fixtures/Weights/make_fixtures.py) loads into
/// the same architecture built here, and the model then predicts what Keras predicted.
@Suite struct KerasWeightsFixtureTests {
    static let fixture = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/Weights/keras3_functional.weights.h5").path

    /// Weight k, element i: 0.5·sin(0.37·i + k) (moving variances: 1 + that), as the script sets.
    static func expectedWeight(_ k: Int, shape: [Int], variance: Bool) -> [Double] {
        let count = shape.reduce(1, *)
        return (0..<count).map { i in
            let v = 0.5 * sin(0.37 * Double(i) + Double(k))
            return Double(Float(variance ? 1 + v : v))
        }
    }

    @Test func keras3FileLoadsWithTheScriptsValues() throws {
        let model = try makeRecurrentFunctionalModel()
        try model.loadWeights(from: Self.fixture)
        let weights = model.getWeights()
        #expect(weights.map(\.shape) == [[4, 8], [2, 8], [8], [2], [2], [2], [2], [2, 3], [3], [3, 2], [2]])
        for (k, w) in weights.enumerated() {
            #expect(w.doubles == Self.expectedWeight(k, shape: w.shape, variance: k == 6))
        }
    }

    @Test func loadedModelPredictsWhatKerasPredicted() throws {
        let model = try makeRecurrentFunctionalModel()
        try model.loadWeights(from: Self.fixture)
        let x = Tensor((0..<24).map { Float(cos(0.5 * Double($0))) }, shape: [2, 3, 4])
        let y = try model.predict(x)
        let keras = [-0.25855475664138794, -0.42929500341415405, -0.25859883427619934, -0.4293365776538849]
        #expect(y.shape == [2, 2])
        #expect(zip(y.doubles, keras).allSatisfy { abs($0 - $1) < 1e-5 })
    }
}
