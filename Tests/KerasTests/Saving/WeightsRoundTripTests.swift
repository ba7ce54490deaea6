import Foundation
import Testing
import Keras
@testable import KerasCore
@testable import KerasSaving

/// `saveWeights(to:)` then `loadWeights(from:)` restores every weight exactly, in Keras 3's
/// `.weights.h5` layout.
@Suite struct WeightsRoundTripTests {
    @Test func sequentialWeightsAndPredictionsSurviveARoundTrip() throws {
        let dir = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let source = try Sequential([Dense(3, activation: .tanh, inputShape: [4]), Dense(2)])
        let target = try Sequential([Dense(3, activation: .tanh, inputShape: [4]), Dense(2)])
        #expect(!identical(source.getWeights(), target.getWeights()))
        let file = dir + "/mlp.weights.h5"
        try source.saveWeights(to: file)
        try target.loadWeights(from: file)
        #expect(identical(source.getWeights(), target.getWeights()))
        let x = Tensor((0..<8).map { Float($0) * 0.25 - 1 }, shape: [2, 4])
        #expect(identical([try source.predict(x)], [try target.predict(x)]))
    }

    @Test func sequentialFileHasKerasGroupsKeyedByClassNotLayerName() throws {
        let dir = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let model = try Sequential([Dense(3, name: "first", inputShape: [4]), Dense(2, name: "second")], name: "mlp")
        let file = dir + "/mlp.weights.h5"
        try model.saveWeights(to: file)
        let groups = try varsGroups(in: file)
        #expect(Set(groups.keys) == ["vars", "layers/dense/vars", "layers/dense_1/vars"])
        #expect(groups["vars"]?.name == "mlp" && groups["vars"]?.datasets == 0)
        #expect(groups["layers/dense/vars"]?.name == "first" && groups["layers/dense/vars"]?.datasets == 2)
        #expect(groups["layers/dense_1/vars"]?.name == "second" && groups["layers/dense_1/vars"]?.datasets == 2)
        let kernel = try HDF5File.read(file) { try $0.group(at: "layers/dense/vars")!.readDataset("0") }
        #expect(kernel.shape == [4, 3] && kernel.dtype == .float32)
        #expect(kernel.doubles == model.layers[0].getWeights()[0].doubles)
    }

    @Test func functionalModelWithNestedModelBatchNormAndLSTMRoundTrips() throws {
        let dir = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let source = try makeRecurrentFunctionalModel()
        // Give the moving statistics (non-trainable) values that differ from their initial ones.
        let bn = source.layers.first { $0 is BatchNormalization }!
        try bn.setWeights([Tensor([1.5, 0.5] as [Float], shape: [2]), Tensor([0.1, -0.2] as [Float], shape: [2]),
                           Tensor([0.3, -0.4] as [Float], shape: [2]), Tensor([2.0, 0.25] as [Float], shape: [2])])
        let file = dir + "/recurrent.weights.h5"
        try source.saveWeights(to: file)

        let target = try makeRecurrentFunctionalModel()
        try target.loadWeights(from: file)
        #expect(identical(source.getWeights(), target.getWeights()))
        let x = Tensor((0..<24).map { Float(cos(0.5 * Double($0))) }, shape: [2, 3, 4])
        #expect(identical([try source.predict(x)], [try target.predict(x)]))
    }

    @Test func functionalFileFollowsKeras3Layout() throws {
        let dir = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let model = try makeRecurrentFunctionalModel()
        let file = dir + "/recurrent.weights.h5"
        try model.saveWeights(to: file)
        let groups = try varsGroups(in: file)
        let expected: [String: Int] = [
            "vars": 0, "layers/input_layer/vars": 0,
            "layers/lstm/vars": 0, "layers/lstm/cell/vars": 3,
            "layers/batch_normalization/vars": 4,
            "layers/sequential/vars": 0, "layers/sequential/layers/dense/vars": 2,
            "layers/dense/vars": 2,
        ]
        #expect(groups.mapValues(\.datasets) == expected)
        #expect(groups["layers/input_layer/vars"]?.name == "sequence")
        #expect(groups["layers/sequential/vars"]?.name == "inner")
    }

    @Test func sharedLayerIsStoredOnceAndReloads() throws {
        let dir = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func build() throws -> Model {
            let shared = Dense(3)
            let a = Input(shape: [3]), b = Input(shape: [3])
            let sum = try Add()([try shared(a), try shared(b)])
            return try Model(inputs: [a, b], outputs: sum)
        }
        let source = try build(), target = try build()
        let file = dir + "/shared.weights.h5"
        try source.saveWeights(to: file)
        try target.loadWeights(from: file)
        #expect(identical(source.getWeights(), target.getWeights()))
        #expect(try varsGroups(in: file).values.map(\.datasets).reduce(0, +) == 2)
    }

    @Test func wrappersAndUserLayersUseKerasAttributeNames() throws {
        final class TwoDense: Layer {
            let denseOne = Dense(2)
            let head = Dense(1)
            override init(name: String? = nil, trainable: Bool = true, dtype: DType? = nil, inputShape: [Int?]? = nil, batchSize: Int? = nil) {
                super.init(name: name, trainable: trainable, dtype: dtype, inputShape: inputShape, batchSize: batchSize)
                track(denseOne)
                track(head)
            }
            // No computeOutputShape: the default runs the layer once, which builds the sub-layers.
            override func call(_ x: Tensor, training: Bool) throws -> Tensor { try head(try denseOne(x)) }
        }
        let dir = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let inputs = Input(shape: [5, 3])
        var x = try Bidirectional(GRU(2, returnSequences: true))(inputs)
        x = try TimeDistributed(Dense(3))(x)
        let outputs = try TwoDense()(try GlobalAveragePooling1D()(x))
        let model = try Model(inputs: inputs, outputs: outputs)
        let file = dir + "/wrappers.weights.h5"
        try model.saveWeights(to: file)
        let groups = try varsGroups(in: file).filter { $0.value.datasets > 0 }.mapValues(\.datasets)
        #expect(groups == [
            "layers/bidirectional/backward_layer/cell/vars": 3,
            "layers/bidirectional/forward_layer/cell/vars": 3,
            "layers/time_distributed/layer/vars": 2,
            "layers/two_dense/dense_one/vars": 2,
            "layers/two_dense/head/vars": 2,
        ])
    }
}
