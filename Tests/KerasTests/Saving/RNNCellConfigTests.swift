import Foundation
import Testing
import Keras
@testable import KerasCore
@testable import KerasSaving

/// The generic `RNN` layer and the built-in cells in Keras 3 configs: the keys Keras 3.15.1
/// writes, round trips, archives, and bad configs reported with the layer and key named.
@Suite struct RNNCellConfigTests {
    /// The keys of Keras 3.15.1's `LSTMCell(3).get_config()` (GRUCell adds `reset_after` instead
    /// of `unit_forget_bias`; SimpleRNNCell has neither, nor `recurrent_activation`).
    static let lstmCellKeys: Set<String> = [
        "name", "trainable", "dtype", "units", "activation", "recurrent_activation", "use_bias", "unit_forget_bias",
        "kernel_initializer", "recurrent_initializer", "bias_initializer", "kernel_regularizer", "recurrent_regularizer",
        "bias_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout", "seed",
    ]

    @Test func cellConfigsHaveKerassKeys() throws {
        #expect(Set(LSTMCell(3).getConfig().keys) == Self.lstmCellKeys)
        var gru = Self.lstmCellKeys
        gru.remove("unit_forget_bias")
        gru.insert("reset_after")
        #expect(Set(GRUCell(3).getConfig().keys) == gru)
        var simple = Self.lstmCellKeys
        simple.subtract(["unit_forget_bias", "recurrent_activation"])
        #expect(Set(SimpleRNNCell(3).getConfig().keys) == simple)
        // The SimpleRNN layer has no recurrent activation either (Keras refuses the key).
        #expect(SimpleRNN(2).getConfig()["recurrent_activation"] == nil)
        // The specialised layers write their cell's arguments flat, without `cell`.
        #expect(LSTM(2).getConfig()["cell"] == nil && LSTM(2).getConfig()["units"] == .number(2))
    }

    @Test func rnnWritesItsCellAsASerializedLayer() throws {
        let rnn = RNN(GRUCell(3, resetAfter: false, name: "my_gru_cell"), returnSequences: true, goBackwards: true, name: "generic")
        let config = rnn.getConfig()
        let cell = try #require(config["cell"])
        #expect(cell["class_name"] == .string("GRUCell") && cell["module"] == .string("keras.layers"))
        #expect(cell["config"]?["name"] == .string("my_gru_cell") && cell["config"]?["reset_after"] == .bool(false))
        #expect(config["return_sequences"] == .bool(true) && config["go_backwards"] == .bool(true))
        let copy = try #require(try LayerRegistry.layer(className: "RNN", config: config) as? RNN)
        let copiedCell = try #require(copy.cell as? GRUCell)
        #expect(!copiedCell.resetAfter && copiedCell.units == 3 && copy.goBackwards && copy.returnSequences)
        #expect(copy.getConfig() == config)
    }

    /// A model of RNN layers around each cell: save → load predicts the same bits, the weights sit
    /// where Keras keeps them (`layers/rnn/cell/vars`), and the JSON is the same after reloading.
    @Test func rnnModelRoundTripsThroughAnArchive() throws {
        let seq = Input(shape: [5, 3], name: "sequence")
        var x = try RNN(LSTMCell(4), returnSequences: true)(seq)
        x = try RNN(GRUCell(3), returnSequences: true, goBackwards: true)(x)
        x = try RNN(SimpleRNNCell(2))(x)
        let model = try Model(inputs: seq, outputs: try Dense(1)(x))
        let dir = try makeScratchDirectory()
        try model.save(dir + "/rnn.keras")
        let loaded = try loadModel(dir + "/rnn.keras")
        let input = randomTensor([2, 5, 3], dtype: .float32, seed: 41)
        #expect(identical([try model.predict(input)], [try loaded.predict(input)]))
        #expect(try model.toJSON() == loaded.toJSON())
        let member = try #require(try ZipArchive.read(dir + "/rnn.keras").first { $0.name == "model.weights.h5" })
        try member.data.write(to: URL(fileURLWithPath: dir + "/w.h5"))
        let groups = try varsGroups(in: dir + "/w.h5")
        #expect(groups["layers/rnn/cell/vars"]?.datasets == 3 && groups["layers/rnn_1/cell/vars"]?.datasets == 3
                && groups["layers/rnn_2/cell/vars"]?.datasets == 3)
    }

    static func rnnConfig(cell: JSONValue?) -> [String: JSONValue] {
        var config: [String: JSONValue] = ["name": .string("broken_rnn")]
        if let cell { config["cell"] = cell }
        return config
    }

    static func cell(_ className: String, _ config: [String: JSONValue]) -> JSONValue {
        .object(["module": .string("keras.layers"), "class_name": .string(className), "config": .object(config), "registered_name": .null])
    }

    @Test(arguments: [
        (rnnConfig(cell: nil), ["broken_rnn", "`cell`"]),
        (rnnConfig(cell: .string("LSTMCell")), ["broken_rnn", "`cell`", "an object"]),
        (rnnConfig(cell: cell("Dense", ["units": .number(2)])), ["broken_rnn", "`cell`", "recurrent cell", "Dense"]),
        (rnnConfig(cell: cell("LSTMCell", ["name": .string("c"), "units": .number(-1)])), ["broken_rnn", "`units`", "-1"]),
        (rnnConfig(cell: cell("LSTMCell", ["name": .string("c"), "units": .string("4")])), ["broken_rnn", "`units`", "an integer"]),
        (rnnConfig(cell: cell("GRUCell", ["name": .string("c"), "units": .number(2), "dropout": .number(1.5)])), ["broken_rnn", "`dropout`"]),
        (rnnConfig(cell: cell("StackedRNNCells", ["cells": .array([])])), ["broken_rnn", "StackedRNNCells"]),
    ] as [([String: JSONValue], [String])])
    func badRNNConfigsThrowNamingLayerAndKey(_ config: [String: JSONValue], _ mentions: [String]) {
        do {
            _ = try LayerRegistry.layer(className: "RNN", config: config)
            Issue.record("expected an error for \(config)")
        } catch let error as KerasError {
            for m in mentions { #expect(error.message.contains(m), "\(m) not in: \(error.message)") }
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func badCellConfigsThrowNamingTheCell() {
        for (config, key) in [(["name": .string("cell_a")], "`units`"), (["name": .string("cell_a"), "units": .number(0)], "`units`"),
                              (["name": .string("cell_a"), "units": .number(2), "recurrent_dropout": .number(-0.1)], "`recurrent_dropout`"),
                              (["name": .string("cell_a"), "units": .number(2), "reset_after": .string("yes")], "`reset_after`")] as [([String: JSONValue], String)] {
            #expect(throws: KerasError.self) { _ = try LayerRegistry.layer(className: "GRUCell", config: config) }
            do { _ = try LayerRegistry.layer(className: "GRUCell", config: config) } catch let e as KerasError {
                #expect(e.message.contains("cell_a") && e.message.contains(key), "\(e.message)")
            } catch {}
        }
    }
}
