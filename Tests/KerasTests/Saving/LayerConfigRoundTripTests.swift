import Foundation
import Testing
@testable import Keras

/// Every built-in layer class rebuilt from its own `getConfig()` has the same config; models
/// rebuilt from `toJSON()` have the same JSON and, given the weights, predict the same.
@Suite struct LayerConfigRoundTripTests {
    /// The arguments each class needs beyond its defaults.
    static let required: [String: [String: JSONValue]] = {
        let conv: [String: JSONValue] = ["filters": .number(2), "kernel_size": .number(3)]
        let rnn: [String: JSONValue] = ["units": .number(3)]
        let inner = LayerConfig.serialize(LSTM(2, returnSequences: true))
        var table: [String: [String: JSONValue]] = [
            "Dense": ["units": .number(3), "activation": .string("relu")],
            "Activation": ["activation": .string("tanh")],
            "Dropout": ["rate": .number(0.25)],
            "Embedding": ["input_dim": .number(10), "output_dim": .number(4), "mask_zero": .bool(true)],
            "Lambda": ["function": .string("roundtrip_double")],
            "Reshape": ["target_shape": LayerConfig.ints([2, 3])],
            "Permute": ["dims": LayerConfig.ints([2, 1])],
            "RepeatVector": ["n": .number(3)],
            "Dot": ["axes": .number(1)],
            "SimpleRNN": rnn, "LSTM": rnn, "GRU": rnn,
            "SimpleRNNCell": rnn, "LSTMCell": rnn, "GRUCell": rnn,
            "RNN": ["cell": LayerConfig.serialize(LSTMCell(2)), "return_sequences": .bool(true)],
            "Bidirectional": ["layer": inner],
            "TimeDistributed": ["layer": LayerConfig.serialize(Dense(2))],
            "DepthwiseConv1D": ["kernel_size": .number(3)], "DepthwiseConv2D": ["kernel_size": .number(3)],
        ]
        for name in LayerRegistry.builtins.keys where name.contains("Conv") && !name.hasPrefix("Depthwise") {
            table[name] = conv
        }
        for name in LayerRegistry.builtins.keys where name.contains("Pool") && !name.hasPrefix("Global") {
            table[name] = ["pool_size": .number(2)]
        }
        return table
    }()

    @Test(arguments: LayerRegistry.builtins.keys.sorted())
    func getConfigRoundTrips(_ className: String) throws {
        LambdaFunctions.register("roundtrip_double") { x in x * 2 }
        var config = Self.required[className] ?? [:]
        config["name"] = .string("probe_\(className.lowercased())")
        let layer = try LayerRegistry.layer(className: className, config: config)
        let first = layer.getConfig()
        let again = try LayerRegistry.layer(className: className, config: first)
        #expect(again.getConfig() == first)
        #expect(again.name == "probe_\(className.lowercased())")
        // The serialized object names the class as Keras does.
        let serialized = LayerConfig.serialize(layer)
        #expect(serialized["module"] == .string("keras.layers") && serialized["registered_name"] == .null)
        #expect(try LayerRegistry.layer(from: serialized).getConfig() == first)
    }

    @Test func functionalModelRoundTripsThroughJSON() throws {
        let model = try makeRecurrentFunctionalModel()
        let json = try model.toJSON()
        let parsed = try JSONValue.parse(Data(json.utf8), source: "json")
        #expect(parsed["class_name"] == .string("Functional") && parsed["module"] == .string("keras.src.models.functional"))
        let layers = try #require(parsed["config"]?["layers"]?.arrayValue)
        #expect(layers.map { $0["class_name"]!.stringValue! } == ["InputLayer", "LSTM", "BatchNormalization", "Sequential", "Dense"])
        let lstmNode = try #require(layers[1]["inbound_nodes"]?.arrayValue?.first)
        #expect(lstmNode["args"]?.arrayValue?.first?["config"]?["keras_history"] == .array([.string("sequence"), .number(0), .number(0)]))
        let copy = try Model.fromJSON(json)
        #expect(try copy.toJSON() == json)
        try copy.setWeights(model.getWeights())
        let x = randomTensor([2, 3, 4], dtype: .float32, seed: 3)
        #expect(identical([try model.predict(x)], [try copy.predict(x)]))
    }

    @Test func sharedLayersAndNestedModelsRoundTrip() throws {
        let innerInput = Input(shape: [3])
        let inner = try Model(inputs: [innerInput], outputs: [try Dense(2, name: "inner_dense")(innerInput)], name: "encoder")
        let a = Input(shape: [3], name: "a"), b = Input(shape: [3], name: "b")
        let shared = Dense(3, name: "shared")
        let ea = try inner(try shared(a)), eb = try inner(try shared(b))
        let model = try Model(inputs: [a, b], outputs: [try Subtract()([ea, eb]), ea], name: "siamese")
        let json = try model.toJSON()
        let parsed = try JSONValue.parse(Data(json.utf8), source: "json")
        // Two calls of each shared layer; the nested model's second output counts its own node.
        let sharedItem = parsed["config"]!["layers"]!.arrayValue!.first { $0["name"] == .string("shared") }!
        #expect(sharedItem["inbound_nodes"]?.arrayValue?.count == 2)
        #expect(parsed["config"]?["output_layers"]?.arrayValue?[1] == .array([.string("encoder"), .number(1), .number(0)]))
        let copy = try Model.fromJSON(json)
        #expect(try copy.toJSON() == json)
        try copy.setWeights(model.getWeights())
        let xa = randomTensor([2, 3], dtype: .float32, seed: 4), xb = randomTensor([2, 3], dtype: .float32, seed: 5)
        let p: [Tensor] = try model.predict([xa, xb]), q: [Tensor] = try copy.predict([xa, xb])
        #expect(identical(p, q))
    }

    @Test func lambdaOnAnUnregisteredClosureRefusesToSaveAndSaysHow() throws {
        let model = try Sequential([Dense(2, inputShape: [3]), Lambda { K.abs($0) }])
        let error = try #require(throws: KerasError.self) { try model.toJSON() }
        #expect(error.message.contains("LambdaFunctions.register"))
        let dir = try makeScratchDirectory()
        #expect(throws: KerasError.self) { try model.save(dir + "/m.keras") }
        #expect(!FileManager.default.fileExists(atPath: dir + "/m.keras"))
    }

    @Test func customRegisteredLayersSaveByTheirRegisteredName() throws {
        LayerRegistry.register("RoundTripScale") { config in
            let base = try config.layerBase()
            return RoundTripScale(factor: try config.double("factor") ?? 1, name: base.name)
        }
        let model = try Sequential([Dense(2, inputShape: [3]), RoundTripScale(factor: 3, name: "scale")])
        let parsed = try JSONValue.parse(Data(try model.toJSON().utf8), source: "json")
        let item = parsed["config"]!["layers"]!.arrayValue!.last!
        #expect(item["registered_name"] == .string("RoundTripScale") && item["module"] == .null)
        let dir = try makeScratchDirectory()
        try model.save(dir + "/custom.keras")
        let back = try loadModel(dir + "/custom.keras")
        let x = randomTensor([2, 3], dtype: .float32, seed: 6)
        #expect(identical([try model.predict(x)], [try back.predict(x)]))
        #expect((back.layers.last as? RoundTripScale)?.factor == 3)
    }
}

/// A custom layer for the registry test: `x · factor`.
final class RoundTripScale: Layer {
    let factor: Double
    init(factor: Double, name: String?) {
        self.factor = factor
        super.init(name: name)
    }
    override var className: String { "RoundTripScale" }
    override func call(_ input: Tensor, training: Bool) throws -> Tensor { input * factor }
    override func computeOutputShape(_ inputShape: [Int?]) throws -> [Int?] { inputShape }
    override func getConfig() -> [String: JSONValue] {
        var config = super.getConfig()
        config["factor"] = .number(factor)
        return config
    }
}
